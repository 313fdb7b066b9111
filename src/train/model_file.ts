/**
 * The model file: a trained network as language-agnostic JSON (specified in docs/MODEL_FORMAT.md).
 * Numbers are written with the shortest decimal that reads back to the same value in the file's
 * dtype; NaN, ±Infinity and −0 are the tagged strings of src/spec/number_codec.ts. Loading checks every
 * field and names the one at fault.
 *
 * @module
 */
import type { ActivationName, Layout } from "../reference/activations.ts";
import type { Matrix } from "../reference/matrix.ts";
import type { Network } from "../reference/network.ts";
import {
  decodeMatrix,
  decodeNumber,
  type EncodedNumber,
  encodeNumber,
  preview,
} from "../spec/number_codec.ts";
import { writeTextFileAtomic } from "../io/atomic_write.ts";
import type { Precision } from "../spec/precision.ts";
import { printable } from "../io/printable.ts";
import type { EpochRecord } from "./loop.ts";
import { HIDDEN_ACTIVATIONS, type ModelSpec } from "./model_spec.ts";

/** The value of the file's `format` field. */
export const MODEL_FORMAT = "nn-oracle-mlp";
/** The version this code writes and reads. */
export const MODEL_VERSION = 1;

/** One epoch as the file records it: the training loop's record without its timings. */
export type EpochSummary = Pick<
  EpochRecord,
  "epoch" | "trainLoss" | "testLoss" | "testAccuracy" | "lr"
>;

/** How the weights were trained (all optional: a hand-made file may have none of it). */
export interface TrainingMetadata {
  /** Backend name: reference, js, wasm or native. */
  readonly backend?: string;
  /** Seed of the initial weights and the shuffles. */
  readonly seed?: number;
  /** Epochs trained. */
  readonly epochs?: number;
  /** Mini-batch size. */
  readonly batchSize?: number;
  /** Base learning rate. */
  readonly lr?: number;
  /** Schedule, as `--schedule` writes it. */
  readonly schedule?: string;
  /** Momentum μ. */
  readonly momentum?: number;
  /** Training images used. */
  readonly trainCount?: number;
  /** Test images scored. */
  readonly testCount?: number;
  /** Final test accuracy. */
  readonly testAccuracy?: number;
  /** Per-epoch figures. */
  readonly history?: readonly EpochSummary[];
}

/** A model file's contents, decoded. */
export interface ModelFile {
  /** The network, in the file's layout. */
  readonly network: Network;
  /** Its model (sizes, hidden activation, layout). */
  readonly spec: ModelSpec;
  /** Precision of the stored values. */
  readonly dtype: Precision;
  /** How it was trained. */
  readonly training: TrainingMetadata;
}

/**
 * The shortest decimal that reads back as `x` when rounded to float32.
 *
 * @param x A float32 value (held in a float64).
 * @returns The same value, or a shorter decimal that rounds to it in float32.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(shortestFloat32(Math.fround(0.1)), 0.1);
 * assert.strictEqual(Math.fround(shortestFloat32(Math.fround(1 / 3))), Math.fround(1 / 3));
 * ```
 */
export function shortestFloat32(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  for (let p = 1; p < 9; p++) {
    const y = Number(x.toPrecision(p));
    if (Math.fround(y) === x) return y;
  }
  return Number(x.toPrecision(9));
}

/**
 * Encodes a network and its metadata as the JSON text of a model file.
 *
 * @param net The network.
 * @param options The dtype of its values and the training metadata.
 * @returns The file's text, one layer matrix row per line.
 * @example Round trip
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const net = { layout: "row" as const, layers: [
 *   { W: Matrix.from([[0.5, -1]]), b: Matrix.from([[0, 2]]), activation: "softmax" as const },
 * ] };
 * const file = parseModelFile(encodeModelFile(net, { dtype: "float64", training: { seed: 3 } }), "m.json");
 * assert.deepStrictEqual(file.network.layers[0].W.toArrays(), [[0.5, -1]]);
 * assert.strictEqual(file.training.seed, 3);
 * ```
 */
export function encodeModelFile(
  net: Network,
  options: { dtype: Precision; training: TrainingMetadata },
): string {
  const sizes = [fanIn(net, 0), ...net.layers.map((_, l) => fanOut(net, l))];
  const encode = options.dtype === "float32"
    ? (x: number) => encodeNumber(shortestFloat32(Math.fround(x)))
    : encodeNumber;
  const matrix = (m: Matrix) =>
    "[\n" +
    m.toArrays().map((row) => `        ${JSON.stringify(row.map(encode) as EncodedNumber[])}`)
      .join(",\n") +
    "\n      ]";
  const layers = net.layers.map((layer) =>
    `    {\n      "W": ${matrix(layer.W)},\n      "b": ${matrix(layer.b)}\n    }`
  );
  const { history, ...rest } = options.training;
  // NaN and ±Infinity as the codec's tagged strings: JSON.stringify would write null, which no
  // loader reads back as a number.
  const tagged = (_: string, v: unknown) => typeof v === "number" ? encodeNumber(v) : v;
  const trainingLines = Object.entries(rest).map(([k, v]) =>
    `    ${JSON.stringify(k)}: ${JSON.stringify(v, tagged)}`
  );
  if (history) {
    const lines = history.map((h) => `      ${JSON.stringify(h, tagged)}`);
    trainingLines.push(`    "history": [\n${lines.join(",\n")}\n    ]`);
  }
  return [
    "{",
    `  "format": ${JSON.stringify(MODEL_FORMAT)},`,
    `  "version": ${MODEL_VERSION},`,
    `  "layout": ${JSON.stringify(net.layout)},`,
    `  "dtype": ${JSON.stringify(options.dtype)},`,
    `  "sizes": ${JSON.stringify(sizes)},`,
    `  "activations": ${JSON.stringify(net.layers.map((l) => l.activation))},`,
    `  "cost": "cross-entropy",`,
    `  "training": {${trainingLines.length ? `\n${trainingLines.join(",\n")}\n  ` : ""}},`,
    `  "layers": [\n${layers.join(",\n")}\n  ]`,
    "}\n",
  ].join("\n");
}

/**
 * Saves a network to a model file, atomically (see atomic_write.ts).
 *
 * @param path The file.
 * @param net The network.
 * @param options The dtype and the training metadata.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const path = await Deno.makeTempFile({ suffix: ".json" });
 * const net = { layout: "column" as const, layers: [{ W: Matrix.from([[1, 2]]), b: Matrix.column([3]), activation: "softmax" as const }] };
 * await saveModel(path, net, { dtype: "float32", training: {} });
 * assert.deepStrictEqual((await loadModel(path)).network.layers[0].b.toArrays(), [[3]]);
 * await Deno.remove(path);
 * ```
 */
export async function saveModel(
  path: string,
  net: Network,
  options: { dtype: Precision; training: TrainingMetadata },
): Promise<void> {
  await writeTextFileAtomic(path, encodeModelFile(net, options));
}

/**
 * Reads and checks a model file.
 *
 * @param path The file.
 * @returns Its network, model, dtype and metadata.
 * @throws {SyntaxError} The file is not JSON.
 * @throws {TypeError} A field is missing or of the wrong type or shape (the message names it).
 * @throws {RangeError} A field holds a value out of range (the message names it).
 * @example
 * ```ts
 * import assert from "node:assert";
 * const path = await Deno.makeTempFile({ suffix: ".json" });
 * await Deno.writeTextFile(path, '{"format": "nn-oracle-mlp", "version": 1, "layout": "diagonal"}');
 * await assert.rejects(loadModel(path), /field "layout"/);
 * await Deno.remove(path);
 * ```
 */
export async function loadModel(path: string): Promise<ModelFile> {
  const info = await Deno.stat(path);
  if (info.isDirectory) throw new TypeError(`${path}: is a directory, not a model file`);
  if (!info.isFile) throw new TypeError(`${path}: is a device or special file, not a model file`);
  if (info.size > MAX_MODEL_FILE_CHARS) {
    throw new RangeError(
      `${path}: ${info.size} bytes is more than a model file can hold ` +
        `(${MAX_MODEL_FILE_CHARS} characters, the longest string JavaScript reads whole)`,
    );
  }
  return parseModelFile(modelText(await Deno.readFile(path), path), path);
}

/** The file's bytes as text; binary data is refused without being echoed. */
function modelText(bytes: Uint8Array, name: string): string {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new SyntaxError(`${name}: not a model file: binary data, not UTF-8 JSON text`);
  }
  // deno-lint-ignore no-control-regex
  const at = text.search(/[\x00-\x08\x0e-\x1f\x7f]/);
  if (at >= 0) {
    const code = text.charCodeAt(at).toString(16).padStart(2, "0");
    throw new SyntaxError(
      `${name}: not a model file: binary data (control byte 0x${code} at character ${at})`,
    );
  }
  return text;
}

/**
 * The longest string V8 (and so Deno) can hold, 2²⁹ − 24 characters: a model file is read whole as
 * one string, so none may be longer.
 */
export const MAX_MODEL_FILE_CHARS = 2 ** 29 - 24;

/**
 * An upper bound on the length of a model file, before training: every number at its longest
 * (`-1.2345678e-38,` in float32, 25 characters in float64) plus the layout of rows and metadata.
 *
 * @param spec The model.
 * @param options The dtype and the epochs of history it will record.
 * @returns Characters.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const spec = { sizes: [784, 70000, 10], hidden: "relu" as const, layout: "column" as const };
 * assert.ok(modelFileCharsBound(spec, { dtype: "float32", epochs: 1 }) > MAX_MODEL_FILE_CHARS);
 * ```
 */
export function modelFileCharsBound(
  spec: ModelSpec,
  options: { dtype: Precision; epochs: number },
): number {
  const perNumber = options.dtype === "float32" ? 16 : 25;
  let chars = 4000 + 300 * options.epochs;
  for (let l = 1; l < spec.sizes.length; l++) {
    const [nIn, nOut] = [spec.sizes[l - 1], spec.sizes[l]];
    const rows = spec.layout === "column" ? nOut + nOut : nIn + 1;
    chars += (nIn + 1) * nOut * perNumber + rows * 12 + 100;
  }
  return chars;
}

/**
 * Decodes and checks the text of a model file.
 *
 * @param text The file's text.
 * @param name The file's name, for messages.
 * @returns Its network, model, dtype and metadata.
 * @example A wrong weight row names its field
 * ```ts
 * import assert from "node:assert";
 * const text = JSON.stringify({ format: "nn-oracle-mlp", version: 1, layout: "row", dtype: "float64",
 *   sizes: [2, 1], activations: ["softmax"], cost: "cross-entropy",
 *   layers: [{ W: [[1], ["x"]], b: [[0]] }] });
 * assert.throws(() => parseModelFile(text, "m.json"), /m.json: field "layers\[0\].W\[1\]\[0\]"/);
 * ```
 */
export function parseModelFile(text: string, name: string): ModelFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(`${name}: not valid JSON (${printable((e as Error).message)})`);
  }
  const field = (path: string) => `${name}: field "${path}"`;
  const root = asObject(json, `${name}: the file`);
  if (root.format !== MODEL_FORMAT) {
    throw new TypeError(
      `${field("format")} must be "${MODEL_FORMAT}", got ${preview(root.format)}`,
    );
  }
  if (root.version !== MODEL_VERSION) {
    throw new RangeError(
      `${field("version")} must be ${MODEL_VERSION} (the version this program reads), got ${
        preview(root.version)
      }`,
    );
  }
  const layout = oneOf(root.layout, ["column", "row"] as const, field("layout"));
  const dtype = oneOf(root.dtype, ["float32", "float64"] as const, field("dtype"));
  const sizes = sizesOf(root.sizes, field("sizes"));
  const L = sizes.length - 1;
  const activations = activationsOf(root.activations, L, field("activations"));
  if (root.cost !== "cross-entropy") {
    throw new TypeError(`${field("cost")} must be "cross-entropy", got ${preview(root.cost)}`);
  }
  const layersJson = root.layers;
  if (!Array.isArray(layersJson) || layersJson.length !== L) {
    throw new TypeError(
      `${field("layers")} must be an array of ${L} layers (one per size after the first), got ${
        preview(layersJson)
      }`,
    );
  }
  const layers = layersJson.map((v, l) => {
    const layer = asObject(v, field(`layers[${l}]`));
    const [nIn, nOut] = [sizes[l], sizes[l + 1]];
    const W = matrixOf(layer.W, { path: `layers[${l}].W`, name, dtype }, wShape(layout, nIn, nOut));
    const b = matrixOf(layer.b, { path: `layers[${l}].b`, name, dtype }, wShape(layout, 1, nOut));
    return { W, b, activation: activations[l] };
  });
  const training = trainingOf(root.training, field("training"));
  const hidden = activations[0] === "softmax" ? "relu" : activations[0];
  return {
    network: { layout, layers },
    spec: { sizes, hidden: hidden as ModelSpec["hidden"], layout },
    dtype,
    training,
  };
}

/** The shape of a matrix holding a map from `nIn` to `nOut` values in a layout (b: nIn = 1). */
function wShape(layout: Layout, nIn: number, nOut: number): [number, number] {
  return layout === "column" ? [nOut, nIn] : [nIn, nOut];
}

function asObject(v: unknown, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new TypeError(`${what} must be a JSON object, got ${preview(v)}`);
  }
  return v as Record<string, unknown>;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], what: string): T {
  if (!allowed.includes(v as T)) {
    throw new TypeError(
      `${what} must be one of ${allowed.map((a) => `"${a}"`).join(", ")}, got ${preview(v)}`,
    );
  }
  return v as T;
}

function sizesOf(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || v.length < 2) {
    throw new TypeError(`${what} must be an array of at least 2 widths, got ${preview(v)}`);
  }
  v.forEach((n, i) => {
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(
        `${what.slice(0, -1)}[${i}]" must be a whole number ≥ 1, got ${preview(n)}`,
      );
    }
  });
  return v as number[];
}

function activationsOf(v: unknown, L: number, what: string): ActivationName[] {
  if (!Array.isArray(v) || v.length !== L) {
    throw new TypeError(
      `${what} must be an array of ${L} names (one per layer), got ${preview(v)}`,
    );
  }
  const at = (i: number) => `${what.slice(0, -1)}[${i}]"`;
  if (v[L - 1] !== "softmax") {
    throw new TypeError(`${at(L - 1)} must be "softmax", got ${preview(v[L - 1])}`);
  }
  for (let i = 0; i < L - 1; i++) {
    if (!HIDDEN_ACTIVATIONS.includes(v[i])) {
      throw new TypeError(
        `${at(i)} must be one of ${HIDDEN_ACTIVATIONS.join(", ")}, got ${preview(v[i])}`,
      );
    }
    if (v[i] !== v[0]) {
      throw new TypeError(`${at(i)} must equal activations[0] (${v[0]}), got ${preview(v[i])}`);
    }
  }
  return v as ActivationName[];
}

function matrixOf(
  v: unknown,
  where: { path: string; name: string; dtype: Precision },
  shape: [number, number],
): Matrix {
  let m: Matrix;
  try {
    m = decodeMatrix(v, where.path);
  } catch (e) {
    throw new TypeError(`${where.name}: field "${(e as Error).message.replace(/: /, '": ')}`);
  }
  if (m.rows !== shape[0] || m.cols !== shape[1]) {
    throw new TypeError(
      `${where.name}: field "${where.path}" must be ${shape[0]}×${
        shape[1]
      }, got ${m.rows}×${m.cols}`,
    );
  }
  if (where.dtype === "float32") {
    for (let k = 0; k < m.data.length; k++) m.data[k] = Math.fround(m.data[k]);
  }
  return m;
}

const NUMBER_FIELDS = [
  "seed",
  "epochs",
  "batchSize",
  "lr",
  "momentum",
  "trainCount",
  "testCount",
  "testAccuracy",
] as const;

function trainingOf(v: unknown, what: string): TrainingMetadata {
  if (v === undefined) return {};
  const t = asObject(v, what);
  const inner = (k: string) => `${what.slice(0, -1)}.${k}"`;
  const out: Record<string, unknown> = { ...t };
  for (const k of NUMBER_FIELDS) {
    if (t[k] !== undefined) out[k] = metaNumber(t[k], inner(k));
  }
  for (const k of ["backend", "schedule"]) {
    if (t[k] !== undefined && typeof t[k] !== "string") {
      throw new TypeError(`${inner(k)} must be a string, got ${preview(t[k])}`);
    }
  }
  if (t.history !== undefined) {
    if (!Array.isArray(t.history)) {
      throw new TypeError(`${inner("history")} must be an array, got ${preview(t.history)}`);
    }
    out.history = t.history.map((h: unknown, i: number) => {
      const e = asObject(h, inner(`history[${i}]`));
      const decoded: Record<string, number> = {};
      for (const k of ["epoch", "trainLoss", "testLoss", "testAccuracy", "lr"]) {
        decoded[k] = metaNumber(e[k], inner(`history[${i}].${k}`));
      }
      return decoded;
    });
  }
  return out as TrainingMetadata;
}

/** A number of the metadata: plain, or one of the codec's tagged strings ("NaN", "Infinity"). */
function metaNumber(v: unknown, what: string): number {
  try {
    return decodeNumber(v, what);
  } catch {
    throw new TypeError(`${what} must be a number, got ${preview(v)}`);
  }
}

function fanIn(net: Network, l: number): number {
  const W = net.layers[l].W;
  return net.layout === "column" ? W.cols : W.rows;
}

function fanOut(net: Network, l: number): number {
  const W = net.layers[l].W;
  return net.layout === "column" ? W.rows : W.cols;
}
