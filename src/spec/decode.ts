/**
 * The one decoder of operation fields: JSON with numbers encoded by src/spec/number_codec.ts in,
 * matrices and networks out, checking kinds, shapes and finiteness with errors naming the field; and
 * its inverse, the encoder of outputs. Fixture loading, the reference evaluator and the oracle all
 * decode through here.
 *
 * @module
 */
import { ACTIVATION_NAMES, type ActivationName } from "../reference/activations.ts";
import type { Matrix } from "../reference/matrix.ts";
import type { Network } from "../reference/network.ts";
import { checkNetworkInputs } from "./checks.ts";
import type { DecodeContext, Fields, FieldSpec, ValueOf, Values } from "./fields.ts";
import type { JsonValue } from "./json.ts";
import { decodeMatrix, decodeNumber, encodeMatrix, encodeNumber, preview } from "./number_codec.ts";
import { operation, type OpName } from "./operations.ts";

/**
 * Decodes and checks an operation's inputs: every field present and of its kind, no unknown field,
 * shapes that fit together, finite values where required.
 *
 * @param name The operation.
 * @param inputs The JSON inputs.
 * @param ctx The layout and the prefix of error messages.
 * @returns The decoded inputs.
 * @example A shape mismatch names the field
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const ctx = { layout: "column", where: "inputs" } as const;
 * assert.deepStrictEqual(decodeInputs("sigmoid", { z: [[0, "NaN"]] }, ctx).z, Matrix.from([[0, NaN]]));
 * assert.throws(() => decodeInputs("cross_entropy", { p: [[1]], y: [[1, 0]] }, ctx), /inputs\.y: expected 1×1/);
 * assert.throws(() => decodeInputs("cross_entropy", { p: [[1]], y: [["NaN"]] }, ctx), /inputs\.y\[0\]\[0\]: expected a finite number/);
 * ```
 */
export function decodeInputs(
  name: OpName,
  inputs: { readonly [key: string]: unknown },
  ctx: DecodeContext,
): Values<Fields> {
  const op = operation(name);
  const values = decodeFields(op.inputs, inputs, ctx);
  op.check?.(values, ctx);
  return values;
}

/**
 * Decodes a case's expected outputs with the operation's output fields (kinds only: shapes are
 * compared when the case runs).
 *
 * @param name The operation.
 * @param expected The JSON outputs.
 * @param ctx The layout and the prefix of error messages.
 * @returns The decoded outputs.
 * @example A tagged infinite loss; a missing field
 * ```ts
 * import assert from "node:assert";
 * const ctx = { layout: "row", where: "expected" } as const;
 * assert.strictEqual(decodeExpected("cross_entropy", { loss: "Infinity" }, ctx).loss, Infinity);
 * assert.throws(() => decodeExpected("cross_entropy", {}, ctx), /expected\.loss: missing/);
 * ```
 */
export function decodeExpected(
  name: OpName,
  expected: { readonly [key: string]: unknown },
  ctx: DecodeContext,
): Values<Fields> {
  return decodeFields(operation(name).outputs, expected, ctx);
}

/**
 * Encodes an operation's outputs as JSON (numbers tagged where JSON cannot hold them).
 *
 * @param name The operation.
 * @param outputs The decoded outputs.
 * @returns The JSON outputs, fields in registry order.
 * @example −0 is tagged
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * assert.deepStrictEqual(encodeOutputs("relu", { a: Matrix.from([[-0, 1]]) }), { a: [["-0", 1]] });
 * ```
 */
export function encodeOutputs(
  name: OpName,
  outputs: Values<Fields>,
): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const [key, spec] of Object.entries(operation(name).outputs)) {
    out[key] = encodeField(spec, outputs[key]);
  }
  return out;
}

function decodeFields(
  fields: Fields,
  json: { readonly [key: string]: unknown },
  ctx: DecodeContext,
): Values<Fields> {
  for (const key of Object.keys(json)) {
    if (!Object.hasOwn(fields, key)) {
      throw new TypeError(
        `${ctx.where}.${key}: unknown field (expected ${Object.keys(fields).join(", ")})`,
      );
    }
  }
  const values: Record<string, ValueOf<FieldSpec>> = {};
  for (const [key, spec] of Object.entries(fields)) {
    const where = `${ctx.where}.${key}`;
    if (json[key] === undefined) throw new TypeError(`${where}: missing`);
    values[key] = decodeField(spec, json[key], { layout: ctx.layout, where });
  }
  return values;
}

function decodeField(spec: FieldSpec, v: unknown, ctx: DecodeContext): ValueOf<FieldSpec> {
  const { where } = ctx;
  switch (spec.kind) {
    case "matrix":
      return decodeTensor(v, where, spec);
    case "scalar":
      return decodeNumber(v, where);
    case "rate": {
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
        throw new RangeError(`${where}: expected a finite number ≥ 0, got ${preview(v)}`);
      }
      return v;
    }
    case "count":
      return positiveInt(v, where);
    case "sizes": {
      if (!Array.isArray(v) || v.length < 2) {
        throw new TypeError(`${where}: expected at least two layer widths, got ${preview(v)}`);
      }
      return v.map((n, i) => positiveInt(n, `${where}[${i}]`));
    }
    case "enum": {
      if (typeof v !== "string" || !spec.values.includes(v)) {
        throw new RangeError(
          `${where}: expected one of ${spec.values.join(", ")}, got ${preview(v)}`,
        );
      }
      return v;
    }
    case "network":
      return decodeNetwork(v, ctx);
    case "matrices": {
      if (!Array.isArray(v)) {
        throw new TypeError(`${where}: expected a list of matrices, got ${preview(v)}`);
      }
      return v.map((x, i) => decodeTensor(x, `${where}[${i}]`, {}));
    }
    case "shapes": {
      if (!Array.isArray(v)) {
        throw new TypeError(`${where}: expected a list of [rows, cols], got ${preview(v)}`);
      }
      return v.map((p, i): [number, number] => {
        if (!Array.isArray(p) || p.length !== 2) {
          throw new TypeError(`${where}[${i}]: expected [rows, cols], got ${preview(p)}`);
        }
        return [positiveInt(p[0], `${where}[${i}][0]`), positiveInt(p[1], `${where}[${i}][1]`)];
      });
    }
  }
}

function decodeTensor(
  v: unknown,
  where: string,
  spec: { finite?: boolean; column?: boolean },
): Matrix {
  const M = decodeMatrix(v, where);
  if (M.rows === 0 || M.cols === 0) throw new TypeError(`${where}: expected a non-empty matrix`);
  if (spec.column && M.cols !== 1) {
    throw new TypeError(`${where}: expected a column vector n×1, got ${M.rows}×${M.cols}`);
  }
  if (spec.finite) {
    const k = M.data.findIndex((x) => !Number.isFinite(x));
    if (k >= 0) {
      const [i, j] = [Math.floor(k / M.cols), k % M.cols];
      throw new RangeError(
        `${where}[${i}][${j}]: expected a finite number, got ${encodeNumber(M.data[k])}`,
      );
    }
  }
  return M;
}

function positiveInt(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new RangeError(`${where}: expected a positive integer, got ${preview(v)}`);
  }
  return v;
}

function decodeNetwork(v: unknown, ctx: DecodeContext): Network {
  const { where } = ctx;
  if (typeof v !== "object" || v === null || !Array.isArray((v as { layers?: unknown }).layers)) {
    throw new TypeError(`${where}: expected {"layers": [...]}, got ${preview(v)}`);
  }
  const raw = (v as { layers: unknown[] }).layers;
  if (raw.length === 0) throw new TypeError(`${where}.layers: expected at least one layer`);
  const layers = raw.map((layer, l) => {
    const at = `${where}.layers[${l}]`;
    if (typeof layer !== "object" || layer === null || Array.isArray(layer)) {
      throw new TypeError(`${at}: expected {"W", "b", "activation"}, got ${preview(layer)}`);
    }
    const o = layer as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (key !== "W" && key !== "b" && key !== "activation") {
        throw new TypeError(`${at}.${key}: unknown field (expected W, b, activation)`);
      }
    }
    const activation = o.activation;
    if (
      typeof activation !== "string" ||
      !(ACTIVATION_NAMES as readonly string[]).includes(activation)
    ) {
      throw new RangeError(
        `${at}.activation: expected one of ${ACTIVATION_NAMES.join(", ")}, got ${
          preview(activation)
        }`,
      );
    }
    return {
      W: decodeTensor(o.W, `${at}.W`, {}),
      b: decodeTensor(o.b, `${at}.b`, {}),
      activation: activation as ActivationName,
    };
  });
  const net: Network = { layout: ctx.layout, layers };
  checkNetworkInputs(net, { ...ctx, at: (l) => `${where}.layers[${l}]` });
  return net;
}

function encodeField(spec: FieldSpec, v: ValueOf<FieldSpec>): JsonValue {
  switch (spec.kind) {
    case "matrix":
      return encodeMatrix(v as Matrix);
    case "scalar":
    case "rate":
    case "count":
      return encodeNumber(v as number);
    case "matrices":
      return (v as Matrix[]).map(encodeMatrix);
    case "network":
      return {
        layers: (v as Network).layers.map((l) => ({
          W: encodeMatrix(l.W),
          b: encodeMatrix(l.b),
          activation: l.activation,
        })),
      };
    case "sizes":
    case "enum":
    case "shapes":
      return v as JsonValue;
  }
}
