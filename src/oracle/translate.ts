/**
 * Moving a case from one layout to the other. Row layout holds the transpose of every batch and every
 * weight matrix of column layout (X is N × d instead of d × N, W is n_{l−1} × n_l instead of
 * n_l × n_{l−1}), so a case becomes its twin field by field, as the registry's field kinds say: a
 * matrix, a list of matrices and a network's W and b are transposed, each [rows, cols] pair of
 * `shapes` is swapped, and names, counts and scalars are kept. Numbers are never touched.
 *
 * @module
 */
import { isMatrixLike } from "../spec/compare_outputs.ts";
import type { FieldKind, Fields } from "../spec/fields.ts";
import { isObject } from "../spec/json.ts";
import { operation, type OpName } from "../spec/operations.ts";

/** How each kind of field moves to the other layout; a new kind does not compile without one. */
const MOVE: Readonly<Record<FieldKind, (v: unknown) => unknown>> = {
  matrix: (v) => transposeAll(v),
  matrices: (v) => transposeAll(v),
  network: (v) => transposeAll(v),
  shapes: (v) => (Array.isArray(v) ? v.map((p) => (Array.isArray(p) ? [p[1], p[0]] : p)) : v),
  scalar: (v) => v,
  rate: (v) => v,
  count: (v) => v,
  sizes: (v) => v,
  enum: (v) => v,
};

/**
 * Transposes every matrix inside a JSON value (objects and lists are walked; numbers, strings and
 * lists of plain numbers such as `sizes` are kept).
 *
 * @param v A JSON value.
 * @returns The value with each matrix transposed.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(transposeAll({ z: [[1, 2]], sizes: [2, 1], cost: "cross_entropy" }), { z: [[1], [2]], sizes: [2, 1], cost: "cross_entropy" });
 * ```
 */
export function transposeAll(v: unknown): unknown {
  if (Array.isArray(v) && v.length > 0 && isMatrixLike(v)) return transposeRows(v as unknown[][]);
  if (Array.isArray(v)) return v.map(transposeAll);
  if (isObject(v)) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, transposeAll(x)]));
  }
  return v;
}

function transposeRows(rows: unknown[][]): unknown[][] {
  const cols = rows[0].length;
  const out: unknown[][] = [];
  for (let j = 0; j < cols; j++) out.push(rows.map((r) => r[j]));
  return out;
}

function moveFields(fields: Fields, values: unknown): unknown {
  if (!isObject(values)) return transposeAll(values);
  return Object.fromEntries(
    Object.entries(values).map((
      [k, v],
    ) => [k, Object.hasOwn(fields, k) ? MOVE[fields[k].kind](v) : transposeAll(v)]),
  );
}

/**
 * The outputs of an operation in the other layout.
 *
 * @param op The operation.
 * @param outputs Its outputs (JSON).
 * @returns The outputs in the other layout.
 * @example `shapes` swaps each pair
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(translateOutputs("shapes", { W: [[3, 2]] }), { W: [[2, 3]] });
 * assert.deepStrictEqual(translateOutputs("softmax", { p: [[0.5, 0.5]] }), { p: [[0.5], [0.5]] });
 * ```
 */
export function translateOutputs(op: OpName, outputs: unknown): unknown {
  return moveFields(operation(op).outputs, outputs);
}

/**
 * The inputs of an operation in the other layout.
 *
 * @param op The operation.
 * @param inputs The inputs (JSON).
 * @returns The inputs in the other layout.
 * @example A network's W is transposed, its activation kept
 * ```ts
 * import assert from "node:assert";
 * const net = { layers: [{ W: [[1, 2]], b: [[0]], activation: "relu" }] };
 * assert.deepStrictEqual(translateInputs("forward", { network: net, x: [[1, 2]] }), { network: { layers: [{ W: [[1], [2]], b: [[0]], activation: "relu" }] }, x: [[1], [2]] });
 * ```
 */
export function translateInputs(
  op: OpName,
  inputs: Record<string, unknown>,
): Record<string, unknown> {
  return moveFields(operation(op).inputs, inputs) as Record<string, unknown>;
}
