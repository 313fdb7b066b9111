/**
 * Moving a case from one layout to the other. Row layout holds the transpose of every batch and every
 * weight matrix of column layout (X is N × d instead of d × N, W is n_{l−1} × n_l instead of
 * n_l × n_{l−1}), so a case becomes its twin by transposing every matrix of its inputs and expected
 * outputs; the `shapes` operation swaps each [rows, cols] pair instead. Numbers are never touched.
 *
 * @module
 */
import { isMatrixLike } from "./compare_outputs.ts";
import { isObject } from "./protocol.ts";

/** A layout name. */
export type LayoutName = "column" | "row";

/**
 * The other layout.
 *
 * @param layout A layout.
 * @returns The other one.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(otherLayout("row"), "column");
 * ```
 */
export function otherLayout(layout: LayoutName): LayoutName {
  return layout === "row" ? "column" : "row";
}

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

/**
 * The expected outputs of a case in the other layout.
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
export function translateOutputs(op: string, outputs: unknown): unknown {
  if (op !== "shapes") return transposeAll(outputs);
  if (!isObject(outputs)) return outputs;
  return Object.fromEntries(
    Object.entries(outputs).map((
      [k, pairs],
    ) => [k, Array.isArray(pairs) ? pairs.map((p) => Array.isArray(p) ? [p[1], p[0]] : p) : pairs]),
  );
}

/**
 * The inputs of a case in the other layout (every matrix transposed).
 *
 * @param inputs The inputs (JSON).
 * @returns The inputs in the other layout.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const net = { layers: [{ W: [[1, 2]], b: [[0]], activation: "relu" }] };
 * assert.deepStrictEqual(translateInputs({ network: net }), { network: { layers: [{ W: [[1], [2]], b: [[0]], activation: "relu" }] } });
 * ```
 */
export function translateInputs(inputs: Record<string, unknown>): Record<string, unknown> {
  return transposeAll(inputs) as Record<string, unknown>;
}
