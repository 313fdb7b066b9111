/**
 * The arithmetic a worked example's steps use, twice over: on float64 numbers (to recompute a printed
 * value) and on closed intervals (to bound what rounded inputs can propagate through a step). A step is
 * written once as an {@linkcode Expr} and evaluated with either.
 *
 * @module
 */

/** A closed interval [lo, hi]. */
export interface Interval {
  /** Lower end. */
  readonly lo: number;
  /** Upper end. */
  readonly hi: number;
}

/** An operand: the id of an earlier printed value, or an exact input of the document (a weight, x, y). */
export type Operand = string | number;

/** One step of a worked example, as the document computes it. */
export type Expr =
  | {
    readonly kind: "lin";
    readonly terms: readonly (readonly [number, Operand])[];
    readonly bias: number;
  }
  | { readonly kind: "mul"; readonly a: Operand; readonly b: Operand }
  | { readonly kind: "sigmoid"; readonly a: Operand }
  | { readonly kind: "slope"; readonly a: Operand }
  | { readonly kind: "minus"; readonly a: Operand; readonly y: number }
  | { readonly kind: "same"; readonly a: Operand };

/** The operations an {@linkcode Expr} needs, over some number type T. */
export interface Arith<T> {
  /** An exact constant. */
  k(x: number): T;
  /** a + b. */
  add(a: T, b: T): T;
  /** a · b. */
  mul(a: T, b: T): T;
  /** σ(a) = 1 / (1 + e^(−a)). */
  sigmoid(a: T): T;
  /** a(1 − a), the sigmoid slope written from the activation as the documents write it. */
  slope(a: T): T;
}

const sigmoidNumber = (z: number): number =>
  z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));

/** Float64 arithmetic. */
export const NUMBERS: Arith<number> = {
  k: (x) => x,
  add: (a, b) => a + b,
  mul: (a, b) => a * b,
  sigmoid: sigmoidNumber,
  slope: (a) => a * (1 - a),
};

/**
 * Interval arithmetic: each operation returns the exact range of its result over its input intervals
 * (up to the rounding of the end points, far below any printed decimal).
 */
export const INTERVALS: Arith<Interval> = {
  k: (x) => ({ lo: x, hi: x }),
  add: (a, b) => ({ lo: a.lo + b.lo, hi: a.hi + b.hi }),
  mul: (a, b) => {
    const p = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi];
    return { lo: Math.min(...p), hi: Math.max(...p) };
  },
  sigmoid: (a) => ({ lo: sigmoidNumber(a.lo), hi: sigmoidNumber(a.hi) }), // σ is increasing
  slope: (a) => {
    // a(1 − a) rises to its maximum 1/4 at a = 1/2, then falls
    const ends = [a.lo * (1 - a.lo), a.hi * (1 - a.hi)];
    const hi = a.lo <= 0.5 && 0.5 <= a.hi ? 0.25 : Math.max(...ends);
    return { lo: Math.min(...ends), hi };
  },
};

/**
 * Evaluates a step.
 *
 * @param e The step.
 * @param A The arithmetic to use.
 * @param value The value of each earlier printed value the step uses, by id.
 * @returns The result.
 * @example a(1 − a) over numbers and over an interval
 * ```ts
 * import assert from "node:assert";
 * const e: Expr = { kind: "slope", a: "a" };
 * assert.strictEqual(evaluate(e, NUMBERS, () => 0.5), 0.25);
 * assert.deepStrictEqual(evaluate(e, INTERVALS, () => ({ lo: 0.4, hi: 0.6 })).hi, 0.25);
 * ```
 */
export function evaluate<T>(e: Expr, A: Arith<T>, value: (id: string) => T): T {
  const v = (o: Operand): T => (typeof o === "number" ? A.k(o) : value(o));
  switch (e.kind) {
    case "lin":
      return e.terms.reduce((acc, [w, o]) => A.add(acc, A.mul(A.k(w), v(o))), A.k(e.bias));
    case "mul":
      return A.mul(v(e.a), v(e.b));
    case "sigmoid":
      return A.sigmoid(v(e.a));
    case "slope":
      return A.slope(v(e.a));
    case "minus":
      return A.add(v(e.a), A.k(-e.y));
    case "same":
      return v(e.a);
  }
}

/**
 * The ids of the earlier printed values a step uses, in order.
 *
 * @param e The step.
 * @returns The ids.
 * @example One operand
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(dependencies({ kind: "mul", a: "delta2.0", b: 0.5 }), ["delta2.0"]);
 * ```
 */
export function dependencies(e: Expr): string[] {
  const ops: Operand[] = e.kind === "lin"
    ? e.terms.map(([, o]) => o)
    : e.kind === "mul"
    ? [e.a, e.b]
    : [e.a];
  return ops.filter((o): o is string => typeof o === "string");
}

/**
 * Writes a step the way the document writes it, with each operand formatted by `show`.
 *
 * @param e The step.
 * @param show Formats an operand (an id of a printed value, or an exact input).
 * @returns For example `0.4431·(1 − 0.4431)` or `0.3·0.5597 − 0.7·0.5275 + 0.05`.
 * @example A sum of products with a bias
 * ```ts
 * import assert from "node:assert";
 * const e: Expr = { kind: "lin", terms: [[0.3, 0.9], [-0.7, 0.1]], bias: 0.05 };
 * assert.strictEqual(expression(e, String), "0.3·0.9 − 0.7·0.1 + 0.05");
 * ```
 */
export function expression(e: Expr, show: (o: Operand) => string): string {
  // a negative factor is parenthesised, and a negative term is written as a subtraction
  const factor = (o: Operand) => (show(o).startsWith("−") ? `(${show(o)})` : show(o));
  switch (e.kind) {
    case "lin": {
      const parts = e.terms.map(([w, o], i) => {
        let body = Math.abs(w) === 1 ? show(o) : `${Math.abs(w)}·${factor(o)}`;
        let negative = w < 0;
        if (Math.abs(w) === 1 && body.startsWith("−")) {
          [body, negative] = [body.slice(1), !negative];
        }
        if (i === 0) return negative ? `−${body}` : body;
        return negative ? ` − ${body}` : ` + ${body}`;
      });
      if (e.bias !== 0) parts.push(e.bias < 0 ? ` − ${-e.bias}` : ` + ${e.bias}`);
      return parts.join("");
    }
    case "mul":
      return `${show(e.a)}·${factor(e.b)}`;
    case "sigmoid":
      return `σ(${show(e.a)})`;
    case "slope":
      return `${show(e.a)}·(1 − ${show(e.a)})`;
    case "minus":
      return `${show(e.a)} − ${e.y}`;
    case "same":
      return show(e.a);
  }
}
