/**
 * Activation functions and their derivatives, written as the documents derive them, with the
 * numerical-stability tricks in plain sight: a two-branch sigmoid, σ′ as σ(z)·σ(−z), a max-shifted
 * softmax.
 *
 * @module
 */
import type { Layout } from "./layout.ts";
import { map, type Matrix, Matrix as M } from "./matrix.ts";

/** Every activation a layer may carry, as fixtures, the protocol and model files name it. */
export const ACTIVATION_NAMES = ["sigmoid", "tanh", "relu", "identity", "softmax"] as const;

/** An activation name: the elementwise ones and softmax (output layer only). */
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

/** The activations applied element by element (all but softmax). */
export type ElementwiseName = Exclude<ActivationName, "softmax">;

/** An activation applied element by element, with its derivative as a function of `z`. */
export interface ElementwiseActivation {
  /** Its name in fixtures and in the protocol. */
  readonly name: ElementwiseName;
  /** f(z). */
  f(z: number): number;
  /** f′(z), taken at the pre-activation `z` (never at `a`). */
  df(z: number): number;
}

/**
 * The logistic sigmoid σ(z) = 1 / (1 + e^(−z)), evaluated on the branch where `exp` cannot overflow.
 *
 * @param z The pre-activation.
 * @returns σ(z) in [0, 1].
 * @example Saturates without overflow
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(sigmoid(0), 0.5);
 * assert.strictEqual(sigmoid(-1000), 0);
 * assert.strictEqual(sigmoid(1000), 1);
 * ```
 */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z); // z < 0: e^z ≤ 1 cannot overflow
  return e / (1 + e);
}

/**
 * σ′(z) = σ(z)(1 − σ(z)), computed as σ(z)·σ(−z) so that it keeps its relative precision when σ(z) is
 * within rounding of 1 ("Backpropagation notes", sigmoid derivative).
 *
 * @param z The pre-activation.
 * @returns σ′(z) in [0, 1/4].
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(sigmoidPrime(0), 0.25);
 * assert.ok(sigmoidPrime(40) > 0); // 1 − σ(40) would round to 0
 * ```
 */
export function sigmoidPrime(z: number): number {
  return sigmoid(z) * sigmoid(-z);
}

/**
 * tanh′(z) = 1 − tanh²(z), computed as 1/cosh²(z), which keeps its relative precision for large |z|.
 *
 * @param z The pre-activation.
 * @returns tanh′(z) in [0, 1].
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(tanhPrime(0), 1);
 * ```
 */
export function tanhPrime(z: number): number {
  const c = Math.cosh(z);
  return 1 / (c * c);
}

/**
 * ReLU(z) = max(0, z); NaN stays NaN.
 *
 * @param z The pre-activation.
 * @returns max(0, z).
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(relu(-2), 0);
 * assert.strictEqual(relu(3), 3);
 * ```
 */
export function relu(z: number): number {
  return z > 0 ? z : z <= 0 ? 0 : z;
}

/**
 * ReLU′(z) = 1 when z > 0, else 0: at exactly 0 the derivative is taken as 0, as document 001's
 * `Z > 0` does.
 *
 * @param z The pre-activation.
 * @returns 1 or 0 (NaN for NaN).
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(reluPrime(0), 0);
 * assert.strictEqual(reluPrime(1e-300), 1);
 * ```
 */
export function reluPrime(z: number): number {
  return z > 0 ? 1 : z <= 0 ? 0 : z;
}

/** The elementwise activations by name. */
export const ACTIVATIONS: Readonly<Record<ElementwiseName, ElementwiseActivation>> = {
  sigmoid: { name: "sigmoid", f: sigmoid, df: sigmoidPrime },
  tanh: { name: "tanh", f: Math.tanh, df: tanhPrime },
  relu: { name: "relu", f: relu, df: reluPrime },
  identity: { name: "identity", f: (z) => z, df: (z) => (Number.isNaN(z) ? z : 1) },
};

// Re-exported (defined in layout.ts) for importers that have not moved yet (src/train).
export type { Layout } from "./layout.ts";

/**
 * Softmax of one vector, shifted by its maximum so that `exp` never overflows:
 * softmax(u)ᵢ = e^(uᵢ − m) / Σⱼ e^(uⱼ − m), m = max u.
 *
 * @param u The logits.
 * @returns The probabilities.
 * @example Huge logits stay finite
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(softmaxVector([1000, 0, -1000]), [1, 0, 0]);
 * assert.deepStrictEqual(softmaxVector([Infinity, 0]), [1, 0]);
 * ```
 */
export function softmaxVector(u: readonly number[]): number[] {
  const m = Math.max(...u);
  // The limit as logits grow without bound: +Infinity logits share all the mass (∞ − ∞ would be NaN).
  if (m === Infinity) {
    const count = u.filter((x) => x === Infinity).length;
    return u.map((x) => (Number.isNaN(x) ? NaN : x === Infinity ? 1 / count : 0));
  }
  const e = u.map((x) => Math.exp(x - m));
  const s = e.reduce((p, q) => p + q, 0);
  return e.map((x) => x / s);
}

/**
 * log Σⱼ e^(uⱼ), computed as m + log Σⱼ e^(uⱼ − m) so that it neither overflows nor underflows.
 *
 * @param u The logits.
 * @returns The log-sum-exp.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(logSumExp([1000, 1000]), 1000 + Math.LN2);
 * ```
 */
export function logSumExp(u: readonly number[]): number {
  const m = Math.max(...u);
  if (m === Infinity || m === -Infinity) return m;
  let s = 0;
  for (const x of u) s += Math.exp(x - m);
  return m + Math.log(s);
}

/**
 * Softmax of every sample of a batch: each column in column layout, each row in row layout.
 *
 * @param Z The logits.
 * @param layout Where the samples are.
 * @returns The probabilities, shaped like `Z`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * const P = softmax(Matrix.from([[0], [0]]), "column");
 * assert.deepStrictEqual(P.toArrays(), [[0.5], [0.5]]);
 * ```
 */
export function softmax(Z: Matrix, layout: Layout): Matrix {
  return perSample(Z, layout, softmaxVector);
}

/** Applies `f` to each sample vector of a batch (columns or rows) and reassembles the results. */
export function perSample(
  Z: Matrix,
  layout: Layout,
  f: (u: number[], k: number) => number[],
): Matrix {
  const out = new M(Z.rows, Z.cols);
  const samples = layout === "column" ? Z.cols : Z.rows;
  const width = layout === "column" ? Z.rows : Z.cols;
  for (let k = 0; k < samples; k++) {
    const u = new Array<number>(width);
    for (let i = 0; i < width; i++) u[i] = layout === "column" ? Z.get(i, k) : Z.get(k, i);
    const v = f(u, k);
    for (let i = 0; i < width; i++) {
      if (layout === "column") out.set(i, k, v[i]);
      else out.set(k, i, v[i]);
    }
  }
  return out;
}

/**
 * The softmax Jacobian ∂pᵢ/∂uⱼ = pᵢ(δᵢⱼ − pⱼ), that is diag(p) − p pᵀ
 * ("2 Layer NN", Probability Distribution → Logits; "Part 2", softmax derivative cases).
 *
 * @param p Softmax probabilities of one sample.
 * @returns The symmetric `n × n` Jacobian.
 * @example Rows sum to zero
 * ```ts
 * import assert from "node:assert";
 * const J = softmaxJacobian([0.5, 0.5]);
 * assert.deepStrictEqual(J.toArrays(), [[0.25, -0.25], [-0.25, 0.25]]);
 * ```
 */
export function softmaxJacobian(p: readonly number[]): Matrix {
  const n = p.length;
  const J = new M(n, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) J.set(i, j, (i === j ? p[i] : 0) - p[i] * p[j]);
  }
  return J;
}

/**
 * Applies an elementwise activation to a matrix.
 *
 * @param Z Pre-activations.
 * @param name The activation.
 * @returns f(Z).
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * assert.deepStrictEqual(activate(Matrix.from([[-1, 2]]), "relu").toArrays(), [[0, 2]]);
 * ```
 */
export function activate(Z: Matrix, name: ElementwiseName): Matrix {
  return map(Z, lookup(name).f);
}

/**
 * The elementwise derivative f′(Z) of an activation, at the pre-activations.
 *
 * @param Z Pre-activations.
 * @param name The activation.
 * @returns f′(Z), shaped like `Z`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * assert.deepStrictEqual(activatePrime(Matrix.from([[0]]), "sigmoid").toArrays(), [[0.25]]);
 * ```
 */
export function activatePrime(Z: Matrix, name: ElementwiseName): Matrix {
  return map(Z, lookup(name).df);
}

/**
 * Finds an elementwise activation by name.
 *
 * @param name Its name.
 * @returns The activation.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(lookup("tanh").f(0), 0);
 * ```
 */
export function lookup(name: string): ElementwiseActivation {
  const act = Object.hasOwn(ACTIVATIONS, name)
    ? (ACTIVATIONS as Record<string, ElementwiseActivation>)[name]
    : undefined;
  if (!act) {
    throw new RangeError(
      `Unknown activation "${name}": expected one of ${Object.keys(ACTIVATIONS).join(", ")}`,
    );
  }
  return act;
}
