/**
 * Numerical derivatives by central differences with a step chosen from the error model, refined by
 * one Richardson extrapolation; the one-sided differences come for free from the same evaluations
 * and let a checker recognise a kink (a ReLU switching) instead of reporting a false failure.
 *
 * Error model of the central difference D(h) = (f(x+h) − f(x−h)) / 2h (Taylor to third order):
 *   truncation  D(h) − f′(x) = h²f‴(x)/6 + O(h⁴)
 *   rounding    each f value carries an error of about ε|f|, so D(h) is off by up to ε|f|/h.
 * The total h²|f‴|/6 + ε|f|/h is smallest where its derivative h|f‴|/3 − ε|f|/h² vanishes, at
 * h³ = 3ε|f|/|f‴|. Without knowledge of f‴ we take f to vary on the scale of max(1, |x|), so that
 * |f|/|f‴| ≈ max(1, |x|)³ and h ≈ ∛(3ε)·max(1, |x|) ≈ 8.7·10⁻⁶·max(1, |x|), the error then being about
 * ε^(2/3) ≈ 4·10⁻¹¹ relative to |f|.
 *
 * Richardson: D(h) = f′ + c₂h² + c₄h⁴ + …, so (4D(h/2) − D(h))/3 = f′ − c₄h⁴/4 + … cancels the h² term;
 * at the cube-root step the remaining truncation (≈10⁻²¹) is far below rounding, which is then at
 * most 3e/h for an error e in each value of f. The step is rounded to a power of two, a multiple of
 * ulp(x), so that x ± h and x ± h/2 are exact floats (except where x ± h crosses into the next binade
 * with an odd number of ulps); the differences divide by the distances actually stepped all the same.
 *
 * @module
 */

/** Machine epsilon of float64: 2⁻⁵², the gap between 1 and the next float (twice the unit roundoff). */
export const EPSILON: number = Number.EPSILON;

/**
 * The central-difference step for a parameter at `x`: ∛(3ε)·max(1, |x|) rounded to a power of two
 * (2⁻¹⁷ ≈ 7.6·10⁻⁶ for |x| ≤ 1).
 *
 * @param x Where the derivative is taken.
 * @returns The step h > 0.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(centralStep(0), 2 ** -17);
 * assert.strictEqual(centralStep(0.5), 2 ** -17);
 * assert.strictEqual(centralStep(1024), 2 ** -7);
 * ```
 */
export function centralStep(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`Cannot choose a step at x = ${x}`);
  const h = Math.cbrt(3 * EPSILON) * Math.max(1, Math.abs(x));
  return 2 ** Math.round(Math.log2(h));
}

/** Everything one derivative estimate computed, from five evaluations of f. */
export interface DerivativeEstimates {
  /** Where the derivative is taken. */
  readonly x: number;
  /** The step h (the half step h/2 is also used). */
  readonly h: number;
  /** f(x − h), f(x − h/2), f(x), f(x + h/2), f(x + h). */
  readonly values: readonly [number, number, number, number, number];
  /** The central difference D(h), error O(h²). */
  readonly central: number;
  /** The central difference D(h/2). */
  readonly centralHalf: number;
  /** Richardson's (4D(h/2) − D(h))/3, error O(h⁴): the best estimate of f′(x). */
  readonly richardson: number;
  /** The backward difference (f(x) − f(x − h))/h: the slope from the left. */
  readonly left: number;
  /** The backward difference with step h/2. */
  readonly leftHalf: number;
  /** The forward difference (f(x + h) − f(x))/h: the slope from the right. */
  readonly right: number;
  /** The forward difference with step h/2. */
  readonly rightHalf: number;
  /**
   * 3ε·max|f|/h: the rounding error of `richardson` if each value of f is correct to one ulp of the
   * largest of them; multiply by the number of ulps f is really accurate to.
   */
  readonly roundoff: number;
}

/**
 * Evaluates f at x, x ± h/2, x ± h and derives the central, Richardson and one-sided estimates of f′(x).
 *
 * @param f A function of one variable.
 * @param x Where to differentiate.
 * @param h The step; {@linkcode centralStep}(x) when left out.
 * @returns All the estimates.
 * @example The derivative of exp at 1, to about 10⁻¹⁰
 * ```ts
 * import assert from "node:assert";
 * const d = derivativeEstimates(Math.exp, 1);
 * assert.ok(Math.abs(d.richardson - Math.E) < 1e-10);
 * assert.ok(d.left < Math.E && Math.E < d.right); // exp is convex
 * ```
 */
export function derivativeEstimates(
  f: (x: number) => number,
  x: number,
  h: number = centralStep(x),
): DerivativeEstimates {
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError(`Cannot step by h = ${h}`);
  const pts = [x - h, x - h / 2, x, x + h / 2, x + h] as const;
  const values = pts.map(f) as unknown as [number, number, number, number, number];
  const [fm, fmh, f0, fph, fp] = values;
  const central = (fp - fm) / (pts[4] - pts[0]);
  const centralHalf = (fph - fmh) / (pts[3] - pts[1]);
  const fmax = Math.max(...values.map(Math.abs));
  return {
    x,
    h,
    values,
    central,
    centralHalf,
    richardson: (4 * centralHalf - central) / 3,
    left: (f0 - fm) / (x - pts[0]),
    leftHalf: (f0 - fmh) / (x - pts[1]),
    right: (fp - f0) / (pts[4] - x),
    rightHalf: (fph - f0) / (pts[3] - x),
    roundoff: 3 * EPSILON * fmax / h,
  };
}

/**
 * The central difference (f(x + h) − f(x − h)) / 2h, error h²f‴/6 + ε|f|/h.
 *
 * @param f A function of one variable.
 * @param x Where to differentiate.
 * @param h The step; {@linkcode centralStep}(x) when left out.
 * @returns The estimate of f′(x).
 * @example Exact for a quadratic (its f‴ is 0), up to rounding
 * ```ts
 * import assert from "node:assert";
 * assert.ok(Math.abs(centralDifference((x) => 3 * x * x, 2) - 12) < 1e-9);
 * ```
 */
export function centralDifference(
  f: (x: number) => number,
  x: number,
  h: number = centralStep(x),
): number {
  const [lo, hi] = [x - h, x + h];
  return (f(hi) - f(lo)) / (hi - lo);
}

/**
 * Richardson-extrapolated central difference (4D(h/2) − D(h))/3, error O(h⁴) plus rounding.
 *
 * @param f A function of one variable.
 * @param x Where to differentiate.
 * @param h The step; {@linkcode centralStep}(x) when left out.
 * @returns The estimate of f′(x).
 * @example Exact for a quartic's cubic part: d/dx x³ at 2 is 12
 * ```ts
 * import assert from "node:assert";
 * assert.ok(Math.abs(richardson((x) => x ** 3, 2, 0.5) - 12) < 1e-12); // D(h) alone is off by h²
 * ```
 */
export function richardson(
  f: (x: number) => number,
  x: number,
  h: number = centralStep(x),
): number {
  return (4 * centralDifference(f, x, h / 2) - centralDifference(f, x, h)) / 3;
}
