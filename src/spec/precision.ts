/**
 * The float types a computation runs in: what an implementation announces in its hello (and a
 * results file states), what a backend trains in, and what a model file's weights round-trip in.
 *
 * @module
 */

/** The precisions, narrowest first. */
export const PRECISIONS = ["float32", "float64"] as const;

/**
 * A float type: IEEE 754 binary32 or binary64.
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * const p: Precision = "float32";
 * assert.ok(PRECISIONS.includes(p));
 * ```
 */
export type Precision = (typeof PRECISIONS)[number];
