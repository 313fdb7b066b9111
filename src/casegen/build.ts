/**
 * Helpers for writing fixture cases: encoding plain arrays in a layout, random inputs from a seeded
 * generator, and {@linkcode makeCase}, which puts a case's fields in the order of the format.
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import type { CaseSource, DocId, FixtureCase } from "../spec/case_file.ts";
import type { JsonValue } from "../spec/json.ts";
import { encodeNumber } from "../spec/number_codec.ts";
import type { OpName } from "../spec/operations.ts";
import type { Rng } from "../reference/random.ts";
import type { ToleranceClass, ToleranceSpec } from "../spec/tolerance.ts";
import type { ActivationName } from "../reference/activations.ts";
import type { DGrads, DLayer, Rows, Vec } from "./derive.ts";

/**
 * Encodes a matrix given as rows.
 *
 * @param rows The rows.
 * @returns JSON rows, NaN, ±Infinity and −0 tagged.
 * @example Specials are tagged
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(enc([[NaN, -0, 1]]), [["NaN", "-0", 1]]);
 * ```
 */
export function enc(rows: Rows): JsonValue {
  return rows.map((r) => r.map(encodeNumber));
}

/**
 * A vector as an n × 1 column.
 *
 * @param v The vector.
 * @returns Its rows.
 * @example A vector stands up
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(asColumn([1, 2]), [[1], [2]]);
 * ```
 */
export function asColumn(v: Vec): Rows {
  return v.map((x) => [x]);
}

/** The transpose of rows. */
function transposeRows(rows: Rows): Rows {
  return rows[0].map((_, j) => rows.map((r) => r[j]));
}

/**
 * A list of sample vectors as a batch: d × N (column, one sample per column) or N × d (row).
 *
 * @param samples One vector per sample.
 * @param layout The layout.
 * @returns The batch as rows.
 * @example Two samples of two values
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(asBatch([[1, 2], [3, 4]], "column"), [[1, 3], [2, 4]]);
 * assert.deepStrictEqual(asBatch([[1, 2], [3, 4]], "row"), [[1, 2], [3, 4]]);
 * ```
 */
export function asBatch(samples: Vec[], layout: Layout): Rows {
  return layout === "row" ? samples.map((s) => [...s]) : transposeRows(samples);
}

/**
 * A weight matrix in column convention (n_l × n_{l−1}) written in `layout`.
 *
 * @param W The weights, n_l × n_{l−1}.
 * @param layout The layout.
 * @returns W (column) or Wᵀ (row).
 * @example Row layout transposes
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(asWeights([[1, 2, 3]], "row"), [[1], [2], [3]]);
 * ```
 */
export function asWeights(W: Rows, layout: Layout): Rows {
  return layout === "column" ? W.map((r) => [...r]) : transposeRows(W);
}

/**
 * A bias vector written in `layout`: n × 1 or 1 × n.
 *
 * @param b The biases.
 * @param layout The layout.
 * @returns Its rows.
 * @example A column or a row
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual([asBias([1, 2], "column"), asBias([1, 2], "row")], [[[1], [2]], [[1, 2]]]);
 * ```
 */
export function asBias(b: Vec, layout: Layout): Rows {
  return layout === "column" ? asColumn(b) : [[...b]];
}

/**
 * A network of derivation layers as JSON in `layout`.
 *
 * @param layers The layers, column convention.
 * @param layout The layout.
 * @returns `{layers: [{W, b, activation}]}`.
 * @example A one-layer network in row layout
 * ```ts
 * import assert from "node:assert";
 * const json = encodeNetwork([{ W: [[1, 2]], b: [0], activation: "relu" }], "row");
 * assert.deepStrictEqual(json, { layers: [{ W: [[1], [2]], b: [[0]], activation: "relu" }] });
 * ```
 */
export function encodeNetwork(layers: readonly DLayer[], layout: Layout): JsonValue {
  return {
    layers: layers.map((l) => ({
      W: enc(asWeights(l.W, layout)),
      b: enc(asBias(l.b, layout)),
      activation: l.activation,
    })),
  };
}

/**
 * Per-layer lists of per-sample vectors (z, a, δ) as JSON batches.
 *
 * @param perLayer For each layer, one vector per sample.
 * @param layout The layout.
 * @returns One encoded batch per layer.
 * @example Samples become columns
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(encodePerLayer([[[1, 2], [3, 4]]], "column"), [[[1, 3], [2, 4]]]);
 * ```
 */
export function encodePerLayer(perLayer: Vec[][], layout: Layout): JsonValue {
  return perLayer.map((samples) => enc(asBatch(samples, layout)));
}

/**
 * The outputs of `backward` as JSON.
 *
 * @param g Gradients in column convention.
 * @param layout The layout.
 * @returns `{delta, dW, db}`.
 * @example Gradients in row layout
 * ```ts
 * import assert from "node:assert";
 * const g = { delta: [[[1], [2]]], dW: [[[0.5, -0.5]]], db: [[1.5]] };
 * assert.deepStrictEqual(encodeGrads(g, "row"), { delta: [[[1], [2]]], dW: [[[0.5], [-0.5]]], db: [[[1.5]]] });
 * ```
 */
export function encodeGrads(g: DGrads, layout: Layout): { [key: string]: JsonValue } {
  return {
    delta: encodePerLayer(g.delta, layout),
    dW: g.dW.map((W) => enc(asWeights(W, layout))),
    db: g.db.map((b) => enc(asBias(b, layout))),
  };
}

/** A case being written; the tolerance may be just a class name. */
export interface CaseInit {
  /** Unique id. */
  readonly id: string;
  /** The operation. */
  readonly op: OpName;
  /** For operations on batches and networks. */
  readonly layout?: Layout;
  /** Encoded inputs. */
  readonly inputs: { readonly [key: string]: JsonValue };
  /** Encoded expected outputs. */
  readonly expected: { readonly [key: string]: JsonValue };
  /** A class name or a full spec. */
  readonly tolerance: ToleranceClass | ToleranceSpec;
  /** Document and section. */
  readonly source: CaseSource;
  /** Statement ids. */
  readonly statements?: readonly string[];
  /** Tags. */
  readonly tags: readonly string[];
  /** Why the case exists. */
  readonly notes: string;
}

/**
 * A case with its fields in the format's order and every number encoded. Where the tolerance is not `exact` the sign of a zero
 * is not compared, so a −0 in `expected` is written as 0: "-0" appears only where it matters.
 *
 * @param init The case.
 * @returns The fixture case.
 * @example A −0 that does not matter is written as 0
 * ```ts
 * import assert from "node:assert";
 * const c = makeCase({ id: "x", op: "relu", inputs: { z: [[-1]] }, expected: { a: [["-0"]] },
 *   tolerance: "closed_form", source: src(null, "t"), tags: [], notes: "" });
 * assert.deepStrictEqual(c.expected, { a: [[0]] });
 * ```
 */
export function makeCase(init: CaseInit): FixtureCase {
  const tolerance = typeof init.tolerance === "string" ? { class: init.tolerance } : init.tolerance;
  const encoded = encodeNumbers(init.expected);
  const expected = tolerance.class === "exact" ? encoded : plusZeros(encoded);
  return {
    id: init.id,
    op: init.op,
    ...(init.layout === undefined ? {} : { layout: init.layout }),
    inputs: encodeNumbers(init.inputs) as FixtureCase["inputs"],
    expected: expected as FixtureCase["expected"],
    tolerance,
    source: init.source,
    ...(init.statements === undefined ? {} : { statements: init.statements }),
    tags: init.tags,
    notes: init.notes,
  };
}

/** Every raw number (a scalar loss, a learning rate) encoded; already-encoded values are kept. */
function encodeNumbers(v: JsonValue): JsonValue {
  if (typeof v === "number") return encodeNumber(v);
  if (Array.isArray(v)) return v.map(encodeNumbers);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeNumbers(x)]));
  }
  return v;
}

function plusZeros(v: JsonValue): JsonValue {
  if (v === "-0") return 0;
  if (Array.isArray(v)) return v.map(plusZeros);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plusZeros(x)]));
  }
  return v;
}

/**
 * A case's source.
 *
 * @param doc The document, or null.
 * @param section Its section.
 * @returns The source.
 * @example A document section
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(src("001", "ReLU"), { doc: "001", section: "ReLU" });
 * ```
 */
export function src(doc: DocId | null, section: string): CaseSource {
  return { doc, section };
}

/**
 * `x` rounded to `decimals` decimals (so that inputs print short), never −0.
 *
 * @param x A number.
 * @param decimals Decimals kept.
 * @returns The rounded number.
 * @example Never −0
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(round(0.123456, 3), 0.123);
 * assert.ok(Object.is(round(-0.00001, 3), 0));
 * ```
 */
export function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f + 0;
}

/**
 * n uniform numbers in [lo, hi), rounded to `decimals`.
 *
 * @param rng The generator.
 * @param n How many.
 * @param range [lo, hi).
 * @param decimals Decimals kept (4 by default).
 * @returns The numbers.
 * @example Rounded, within range
 * ```ts
 * import assert from "node:assert";
 * import { createRng } from "../reference/random.ts";
 * const v = randomVec(createRng(1), 5, [-1, 1]);
 * assert.ok(v.every((x) => x >= -1 && x <= 1 && round(x, 4) === x));
 * ```
 */
export function randomVec(rng: Rng, n: number, range: [number, number], decimals = 4): Vec {
  return Array.from({ length: n }, () => round(rng.uniform(range[0], range[1]), decimals));
}

/**
 * An r × c matrix of uniform numbers.
 *
 * @param rng The generator.
 * @param shape [r, c].
 * @param range [lo, hi).
 * @param decimals Decimals kept (4 by default).
 * @returns The rows.
 * @example Two rows of three
 * ```ts
 * import assert from "node:assert";
 * import { createRng } from "../reference/random.ts";
 * assert.deepStrictEqual(randomRows(createRng(1), [2, 3], [0, 1]).map((r) => r.length), [3, 3]);
 * ```
 */
export function randomRows(
  rng: Rng,
  shape: [number, number],
  range: [number, number],
  decimals = 4,
): Rows {
  return Array.from({ length: shape[0] }, () => randomVec(rng, shape[1], range, decimals));
}

/**
 * The one-hot vector of class k among n.
 *
 * @param n Classes.
 * @param k The class.
 * @returns The vector.
 * @example Class 1 of 3
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(oneHotVec(3, 1), [0, 1, 0]);
 * ```
 */
export function oneHotVec(n: number, k: number): Vec {
  return Array.from({ length: n }, (_, i) => (i === k ? 1 : 0));
}

/**
 * A random distribution over n classes: positive, summing to 1 up to rounding.
 *
 * @param rng The generator.
 * @param n Classes.
 * @returns The probabilities.
 * @example Positive and normalised
 * ```ts
 * import assert from "node:assert";
 * import { createRng } from "../reference/random.ts";
 * const p = randomDistribution(createRng(2), 4);
 * assert.ok(p.every((x) => x > 0) && Math.abs(p.reduce((s, x) => s + x, 0) - 1) < 1e-15);
 * ```
 */
export function randomDistribution(rng: Rng, n: number): Vec {
  const w = Array.from({ length: n }, () => 1 + rng.int(8));
  const total = w.reduce((p, q) => p + q, 0);
  return w.map((x) => x / total);
}

/**
 * A random integer in [lo, hi].
 *
 * @param rng The generator.
 * @param lo Smallest.
 * @param hi Largest.
 * @returns The integer.
 * @example Both ends included
 * ```ts
 * import assert from "node:assert";
 * import { createRng } from "../reference/random.ts";
 * const rng = createRng(3);
 * assert.ok(Array.from({ length: 50 }, () => between(rng, 2, 4)).every((k) => k >= 2 && k <= 4));
 * ```
 */
export function between(rng: Rng, lo: number, hi: number): number {
  return lo + rng.int(hi - lo + 1);
}

/**
 * Random layers of the given widths in column convention: W uniform in ±1.5/√n_{l−1} (so that
 * pre-activations stay moderate), b uniform in ±0.5, all with 4 decimals.
 *
 * @param rng The generator.
 * @param sizes n_0 … n_L.
 * @param acts The activation of each layer (L of them).
 * @returns The layers.
 * @example Shapes in column convention
 * ```ts
 * import assert from "node:assert";
 * import { createRng } from "../reference/random.ts";
 * const layers = randomLayers(createRng(4), [3, 2, 1], ["tanh", "sigmoid"]);
 * assert.deepStrictEqual(layers.map((l) => [l.W.length, l.W[0].length, l.b.length]), [[2, 3, 2], [1, 2, 1]]);
 * ```
 */
export function randomLayers(
  rng: Rng,
  sizes: readonly number[],
  acts: readonly ActivationName[],
): DLayer[] {
  return acts.map((activation, l) => {
    const s = 1.5 / Math.sqrt(sizes[l]);
    return {
      W: randomRows(rng, [sizes[l + 1], sizes[l]], [-s, s]),
      b: randomVec(rng, sizes[l + 1], [-0.5, 0.5]),
      activation,
    };
  });
}

/**
 * Activations of a network: `hidden` for every layer but the last, `output` for the last.
 *
 * @param depth L.
 * @param hidden The hidden activation.
 * @param output The output activation.
 * @returns L names.
 * @example Softmax only last
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(activationsOf(3, "relu", "softmax"), ["relu", "relu", "softmax"]);
 * ```
 */
export function activationsOf(
  depth: number,
  hidden: ActivationName,
  output: ActivationName,
): ActivationName[] {
  return Array.from({ length: depth }, (_, l) => (l === depth - 1 ? output : hidden));
}

/**
 * Targets for a cost and output activation: one-hot for cross-entropy, a distribution for softmax,
 * else values in the output's range.
 *
 * @param rng The generator.
 * @param n The output width.
 * @param opts The cost and the output activation.
 * @returns One target vector.
 * @example One-hot for cross-entropy
 * ```ts
 * import assert from "node:assert";
 * import { createRng } from "../reference/random.ts";
 * const y = randomTargets(createRng(5), 4, { cost: "cross_entropy", output: "softmax" });
 * assert.deepStrictEqual([...y].sort(), [0, 0, 0, 1]);
 * ```
 */
export function randomTargets(
  rng: Rng,
  n: number,
  opts: { cost: string; output: ActivationName },
): Vec {
  if (opts.cost === "cross_entropy") return oneHotVec(n, rng.int(n));
  if (opts.output === "softmax") return randomDistribution(rng, n);
  if (opts.output === "tanh") return randomVec(rng, n, [-0.9, 0.9]);
  if (opts.output === "identity" || opts.output === "relu") return randomVec(rng, n, [-1, 1]);
  return randomVec(rng, n, [0.05, 0.95]);
}

/**
 * Zero-padded two-digit index for ids.
 *
 * @param i The index.
 * @returns At least two digits.
 * @example Two digits
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual([nn(3), nn(12)], ["03", "12"]);
 * ```
 */
export function nn(i: number): string {
  return String(i).padStart(2, "0");
}
