/**
 * Where the samples of a batch are: one per column (`column`, Z = W·X + b, the layout of "Part 2",
 * "Backpropagation notes" and "Layer by Layer") or one per row (`row`, T = X·W + b, the layout of
 * "2 Layer NN"). Every part of the project names a layout with this type.
 *
 * @module
 */
import type { Matrix } from "./matrix.ts";

/** The layouts, column first. */
export const LAYOUTS = ["column", "row"] as const;

/** Which way samples run in a batch: one per column (`W·X`) or one per row (`X·W`). */
export type Layout = (typeof LAYOUTS)[number];

/**
 * The number of samples N in a batch laid out as `layout`.
 *
 * @param A A batch.
 * @param layout Where its samples are.
 * @returns N.
 * @example Three samples of width 2
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * assert.strictEqual(batchSize(new Matrix(2, 3), "column"), 3);
 * assert.strictEqual(batchSize(new Matrix(3, 2), "row"), 3);
 * ```
 */
export function batchSize(A: Matrix, layout: Layout): number {
  return layout === "column" ? A.cols : A.rows;
}

/**
 * The width of one sample (classes, neurons) of a batch laid out as `layout`.
 *
 * @param A A batch.
 * @param layout Where its samples are.
 * @returns The width.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * assert.strictEqual(sampleWidth(new Matrix(2, 3), "column"), 2);
 * ```
 */
export function sampleWidth(A: Matrix, layout: Layout): number {
  return layout === "column" ? A.rows : A.cols;
}

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
export function otherLayout(layout: Layout): Layout {
  return layout === "row" ? "column" : "row";
}
