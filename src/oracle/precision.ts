/**
 * Tolerances for the precision an implementation announces. The fixtures' tolerance classes are set for
 * float64. A float32 implementation has a unit roundoff of 2⁻²⁴ ≈ 6·10⁻⁸: each input is rounded when it
 * is read, and a dot product over n terms (784 inputs in the documents' networks) accumulates up to
 * n·u ≈ 5·10⁻⁵ of relative error in the worst case, so every inexact class is widened to at least
 * rtol 1e-4, atol 1e-6 (the atol absorbs cancellation in values that should be near 0, such as the
 * entries of P − Y for a confident prediction). An `exact` case stays exact in float32 when all its
 * expected values are float32 numbers; otherwise it is compared like a closed form.
 *
 * @module
 */
import type { Tolerance } from "../spec/compare.ts";
import { decodeNumber } from "../spec/number_codec.ts";
import { isNumberLike } from "../spec/compare_outputs.ts";
import { isObject } from "../spec/json.ts";
import { FLOAT32_TOLERANCE } from "../spec/tolerance.ts";
import type { Precision } from "../spec/precision.ts";

export { FLOAT32_TOLERANCE };

const F32_MAX = 3.4028234663852886e38;
const F32_MIN_NORMAL = 1.1754943508222875e-38;

/**
 * The tolerance to compare an answer of the given precision with.
 *
 * @param tol The case's float64 tolerance.
 * @param options The precision, and the expected outputs (to tell whether an exact case stays exact).
 * @returns The tolerance to use.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const closed = { rtol: 1e-12, atol: 1e-14 };
 * assert.deepStrictEqual(toleranceFor(closed, { precision: "float32", expected: {} }), { rtol: 1e-4, atol: 1e-6 });
 * assert.deepStrictEqual(toleranceFor({ rtol: 0, atol: 0 }, { precision: "float32", expected: { d: [[0, 1]] } }), { rtol: 0, atol: 0 });
 * assert.deepStrictEqual(toleranceFor({ rtol: 0, atol: 0 }, { precision: "float32", expected: { p: [[0.1]] } }), { rtol: 1e-4, atol: 1e-6 });
 * ```
 */
export function toleranceFor(
  tol: Tolerance,
  options: { precision: Precision; expected: unknown },
): Tolerance {
  if (options.precision === "float64") return tol;
  if (tol.rtol === 0 && tol.atol === 0 && numbersOf(options.expected).every(isFloat32)) return tol;
  return {
    rtol: Math.max(tol.rtol, FLOAT32_TOLERANCE.rtol),
    atol: Math.max(tol.atol, FLOAT32_TOLERANCE.atol),
  };
}

/**
 * Why a case cannot be answered in float32, if it cannot: a finite input or expected value beyond the
 * float32 range, or an input so small that it would become 0 or subnormal.
 *
 * @param inputs The encoded inputs.
 * @param expected The encoded expected outputs.
 * @returns The reason, or undefined when float32 can hold the case.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(float32Obstacle({ z: [[1e-300]] }, {}), "input 1e-300 is below the float32 range");
 * assert.strictEqual(float32Obstacle({ z: [[1000, "Infinity"]] }, { a: [[1]] }), undefined);
 * ```
 */
export function float32Obstacle(inputs: unknown, expected: unknown): string | undefined {
  for (const x of numbersOf(inputs)) {
    if (Number.isFinite(x) && Math.abs(x) > F32_MAX) {
      return `input ${x} is beyond the float32 range`;
    }
    if (x !== 0 && Math.abs(x) < F32_MIN_NORMAL) return `input ${x} is below the float32 range`;
  }
  for (const x of numbersOf(expected)) {
    if (Number.isFinite(x) && Math.abs(x) > F32_MAX) {
      return `expected value ${x} is beyond the float32 range`;
    }
  }
  return undefined;
}

function isFloat32(x: number): boolean {
  return !Number.isFinite(x) || Math.fround(x) === x;
}

/** Every number inside a JSON value (tagged strings decoded). * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(numbersOf({ z: [[1, "-Infinity"]], lr: 0.5, cost: "cross_entropy" }), [1, -Infinity, 0.5]);
 * ```
 */
export function numbersOf(v: unknown): number[] {
  const out: number[] = [];
  const walk = (x: unknown): void => {
    if (isNumberLike(x)) out.push(decodeNumber(x, "value"));
    else if (Array.isArray(x)) x.forEach(walk);
    else if (isObject(x)) Object.values(x).forEach(walk);
  };
  walk(v);
  return out;
}
