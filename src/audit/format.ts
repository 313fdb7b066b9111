/**
 * How the audit writes numbers: a printed value with its decimals, a recomputed value with six
 * significant digits, both with a true minus sign.
 *
 * @module
 */

/**
 * Rounds half away from zero to `decimals` decimals and writes exactly that many, as a document would
 * print it; a value that is a tie in decimal (−0.00745) rounds away from zero even where its binary
 * value lies a hair below the tie.
 *
 * @param x The value.
 * @param decimals Decimals to keep.
 * @returns For example `−0.0075`.
 * @example A decimal tie and a trailing zero
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(fixed(-0.0149 * 0.5, 4), "−0.0075");
 * assert.strictEqual(fixed(0.088, 4), "0.0880");
 * ```
 */
export function fixed(x: number, decimals: number): string {
  const scale = 10 ** decimals;
  const r = Math.round(Math.abs(x) * scale * (1 + 1e-12)) / scale;
  const s = r.toFixed(decimals);
  return x < 0 && r !== 0 ? `−${s}` : s;
}

/**
 * Rounds half away from zero to `decimals` decimals.
 *
 * @param x The value.
 * @param decimals Decimals to keep.
 * @returns The rounded value.
 * @example σ(0.63) to four decimals
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(roundTo(0.6524894, 4), 0.6525);
 * ```
 */
export function roundTo(x: number, decimals: number): number {
  return Number(fixed(x, decimals).replace("−", "-"));
}

/**
 * A recomputed value with six significant digits (or `digits`).
 *
 * @param x The value.
 * @param digits Significant digits, 6 unless given.
 * @returns For example `−0.088075`.
 * @example Six significant digits
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(full(-0.08807501607523599), "−0.088075");
 * assert.strictEqual(full(0.30000000000000004), "0.3");
 * ```
 */
export function full(x: number, digits = 6): string {
  const s = String(Number(x.toPrecision(digits)));
  return s.startsWith("-") ? `−${s.slice(1)}` : s;
}

/**
 * Whether `x` has at most `decimals` decimals (up to float64 rounding): then printing it with that
 * many decimals rounds nothing away.
 *
 * @param x The value.
 * @param decimals Decimals.
 * @returns True when exact.
 * @example A sum that is exact in decimal, and a product that is not
 * ```ts
 * import assert from "node:assert";
 * assert.ok(isExactAt(0.2 + 0.2 - 0.1, 1));
 * assert.ok(!isExactAt(0.24676239, 4));
 * ```
 */
export function isExactAt(x: number, decimals: number): boolean {
  return Math.abs(x - roundTo(x, decimals)) <= 1e-12;
}

/**
 * A recomputed value beside its rounding to `decimals` decimals, or just the value when rounding
 * changes nothing.
 *
 * @param x The value.
 * @param decimals Decimals printed.
 * @returns For example `0.246762 → 0.2468`, or `0.23`.
 * @example Rounded, and exact
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(approx(0.24676239, 4), "0.246762 → 0.2468");
 * assert.strictEqual(approx(0.1 * 0.9 + 0.4 * 0.1 + 0.1, 2), "0.23");
 * ```
 */
export function approx(x: number, decimals: number): string {
  if (isExactAt(x, decimals)) return fixed(x, decimals);
  // six digits that look already rounded (0.24250044 → "0.2425") would hide why it is not exact
  const digits = full(x) === fixed(x, decimals) ? full(x, 8) : full(x);
  return `${digits} → ${fixed(x, decimals)}`;
}
