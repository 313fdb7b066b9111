/**
 * Comparing numbers the way an oracle must: `Object.is` first (so NaN, +Infinity, −Infinity are told
 * apart, and +0/−0 too when the tolerance is exact), then |got − expected| ≤ atol + rtol·|expected|
 * (numpy's `allclose`). A failure names the worst element: its index, expected, got, abs and rel error.
 *
 * @module
 */
import type { Matrix } from "../reference/matrix.ts";

/** An allowed error: |got − expected| ≤ atol + rtol·|expected|. */
export interface Tolerance {
  /** Relative part. */
  readonly rtol: number;
  /** Absolute part. */
  readonly atol: number;
}

/** The element that failed worst. */
export interface Mismatch {
  /** Its [row, column]. */
  readonly index: readonly [number, number];
  /** The expected value. */
  readonly expected: number;
  /** The value received. */
  readonly got: number;
  /** |got − expected|. */
  readonly absError: number;
  /** |got − expected| / |expected| (Infinity when expected is 0 and got is not). */
  readonly relError: number;
}

/** The outcome of comparing two tensors. */
export interface Comparison {
  /** True when every element is within tolerance and the shapes agree. */
  readonly ok: boolean;
  /** How many elements are out of tolerance. */
  readonly failures: number;
  /** How many elements were compared. */
  readonly total: number;
  /** The worst element out of tolerance (by error over allowance); absent when ok. */
  readonly worst?: Mismatch;
  /** Set when the shapes differ (then nothing else was compared). */
  readonly shapeError?: string;
}

/**
 * Whether `got` is close enough to `expected`.
 *
 * @param got The value received.
 * @param expected The value expected.
 * @param tol The tolerance; with rtol = atol = 0 the sign of zero counts too.
 * @returns True when within tolerance.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.ok(isClose(1 + 1e-12, 1, { rtol: 1e-9, atol: 0 }));
 * assert.ok(isClose(NaN, NaN, { rtol: 0, atol: 0 }));
 * assert.ok(!isClose(Infinity, NaN, { rtol: 1, atol: 1 }));
 * assert.ok(!isClose(-0, 0, { rtol: 0, atol: 0 }));
 * ```
 */
export function isClose(got: number, expected: number, tol: Tolerance): boolean {
  if (Object.is(got, expected)) return true;
  if (!Number.isFinite(got) || !Number.isFinite(expected)) return false;
  if (tol.rtol === 0 && tol.atol === 0) return false;
  return Math.abs(got - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

/** How far out of tolerance: error divided by allowance (Infinity for a wrong special value). */
function excess(got: number, expected: number, tol: Tolerance): number {
  if (!Number.isFinite(got) || !Number.isFinite(expected)) return Infinity;
  const allowance = tol.atol + tol.rtol * Math.abs(expected);
  return allowance === 0 ? Infinity : Math.abs(got - expected) / allowance;
}

/**
 * Compares two matrices element by element.
 *
 * @param got The matrix received.
 * @param expected The matrix expected.
 * @param tol The tolerance.
 * @returns Whether they agree, and the worst element when they do not.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const r = compareMatrices(Matrix.from([[1, 2.5]]), Matrix.from([[1, 2]]), { rtol: 0, atol: 0.1 });
 * assert.deepStrictEqual(r.worst?.index, [0, 1]);
 * ```
 */
export function compareMatrices(got: Matrix, expected: Matrix, tol: Tolerance): Comparison {
  if (got.rows !== expected.rows || got.cols !== expected.cols) {
    return {
      ok: false,
      failures: 0,
      total: 0,
      shapeError: `got ${got.rows}×${got.cols}, expected ${expected.rows}×${expected.cols}`,
    };
  }
  let failures = 0;
  let worst: Mismatch | undefined;
  let worstExcess = -1;
  for (let k = 0; k < expected.data.length; k++) {
    const g = got.data[k];
    const e = expected.data[k];
    if (isClose(g, e, tol)) continue;
    failures++;
    const x = excess(g, e, tol);
    if (x > worstExcess) {
      worstExcess = x;
      const absError = Math.abs(g - e);
      worst = {
        index: [Math.floor(k / expected.cols), k % expected.cols],
        expected: e,
        got: g,
        absError,
        relError: e === 0 ? (absError === 0 ? 0 : Infinity) : absError / Math.abs(e),
      };
    }
  }
  return { ok: failures === 0, failures, total: expected.data.length, worst };
}

/**
 * One line describing a failed comparison: `[3,17] expected 0.25, got 0.5 (abs 0.25, rel 1)`.
 *
 * @param c A comparison.
 * @param label What was compared, e.g. `layers[1].dW`.
 * @returns The description.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const c = compareMatrices(Matrix.from([[2]]), Matrix.from([[1]]), { rtol: 0, atol: 0 });
 * assert.strictEqual(describeMismatch(c, "dW"), "dW[0,0]: expected 1, got 2 (abs 1, rel 1); 1 of 1 elements out of tolerance");
 * ```
 */
export function describeMismatch(c: Comparison, label: string): string {
  if (c.shapeError) return `${label}: shape mismatch, ${c.shapeError}`;
  if (!c.worst) return `${label}: ok`;
  const w = c.worst;
  return `${label}[${w.index[0]},${w.index[1]}]: expected ${fmt(w.expected)}, got ${fmt(w.got)} ` +
    `(abs ${fmt(w.absError)}, rel ${
      fmt(w.relError)
    }); ${c.failures} of ${c.total} elements out of tolerance`;
}

/** Formats a number for a report: six significant digits, and -0, NaN, ±Infinity spelled out. */
export function fmt(x: number): string {
  return Object.is(x, -0) ? "-0" : String(Number.isFinite(x) ? Number(x.toPrecision(6)) : x);
}
