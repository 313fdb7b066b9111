/**
 * Costs and their gradients. The batch cost is the mean of per-sample costs C = (1/N) Σₖ Cₖ
 * ("Backpropagation notes" §1.6; "Layer by Layer", averaging gradients), in both layouts.
 *
 * The documents use three quadratic conventions; the convention is always named, never implied:
 * - `"squared"`: C₀ = Σⱼ (aⱼ − yⱼ)², ∂C₀/∂a = 2(a − y) ("Backpropagation notes" §1.1, §2.1)
 * - `"half"`:    C₀ = ½ ‖a − y‖²,    ∂C₀/∂a = a − y  ("Backpropagation notes" §2.5.1, §5)
 * - `"mean"`:    C₀ = (1/n_L) Σⱼ (aⱼ − yⱼ)², ∂C₀/∂a = (2/n_L)(a − y) ("Layer by Layer", multiple neurons)
 *
 * Names say which quantity: a cost (`crossEntropy`, `quadratic`) is the batch mean C, a `…Total` is
 * the batch sum Σₖ Cₖ, a `…SampleGrad` is the per-sample ∂Cₖ/∂a with no 1/N, and a `…BatchGrad` is
 * the gradient of the batch mean, with the 1/N.
 *
 * @module
 */
import { logSumExp, perSample, softmax } from "./activations.ts";
import { batchSize, type Layout, sampleWidth } from "./layout.ts";
import { Matrix, shapeOf } from "./matrix.ts";

/** The quadratic-cost conventions of the documents, in the order above. */
export const QUADRATIC_CONVENTIONS = ["squared", "half", "mean"] as const;

/** A quadratic-cost convention of the documents. */
export type QuadraticConvention = (typeof QUADRATIC_CONVENTIONS)[number];

/** A cost: cross-entropy, or quadratic under a named convention. */
export type Cost =
  | { readonly kind: "cross_entropy" }
  | { readonly kind: "quadratic"; readonly convention: QuadraticConvention };

/** Every cost by its name in fixtures and the protocol (`cost` of backward, network_cost, sgd_step). */
export const COST_NAMES = [
  "cross_entropy",
  "quadratic_squared",
  "quadratic_half",
  "quadratic_mean",
] as const satisfies readonly ("cross_entropy" | `quadratic_${QuadraticConvention}`)[];

/** A cost name: `cross_entropy` or `quadratic_<convention>`. */
export type CostName = (typeof COST_NAMES)[number];

/**
 * The cost a name stands for.
 *
 * @param name `cross_entropy` or `quadratic_<convention>`.
 * @returns The cost.
 * @example The convention is the suffix
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(costFromName("quadratic_half"), { kind: "quadratic", convention: "half" });
 * assert.deepStrictEqual(costFromName("cross_entropy"), { kind: "cross_entropy" });
 * ```
 */
export function costFromName(name: CostName): Cost {
  if (name === "cross_entropy") return { kind: "cross_entropy" };
  return { kind: "quadratic", convention: name.slice("quadratic_".length) as QuadraticConvention };
}

function sameShape(what: string, A: Matrix, Y: Matrix): void {
  if (A.rows !== Y.rows || A.cols !== Y.cols) {
    throw new TypeError(
      `Cannot compute ${what}: outputs are ${shapeOf(A)} but targets are ${shapeOf(Y)}`,
    );
  }
}

/**
 * One-hot targets from class indices.
 *
 * @param labels One class index per sample.
 * @param classes Number of classes.
 * @param layout Where the samples go (columns or rows).
 * @returns `classes × N` (column) or `N × classes` (row) one-hot matrix.
 * @example Label 2 of 3 classes
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(oneHot([2], 3, "row").toArrays(), [[0, 0, 1]]);
 * ```
 */
export function oneHot(labels: ArrayLike<number>, classes: number, layout: Layout): Matrix {
  const N = labels.length;
  const Y = layout === "column" ? new Matrix(classes, N) : new Matrix(N, classes);
  for (let k = 0; k < N; k++) {
    const c = labels[k];
    if (!Number.isInteger(c) || c < 0 || c >= classes) {
      throw new RangeError(
        `Cannot one-hot encode label ${c} of sample ${k}: expected 0 to ${classes - 1}`,
      );
    }
    if (layout === "column") Y.set(c, k, 1);
    else Y.set(k, c, 1);
  }
  return Y;
}

/**
 * Cross-entropy of probabilities against targets, batch mean: C = −(1/N) Σₖ Σⱼ yⱼₖ log pⱼₖ
 * ("2 Layer NN", Cross Entropy Loss). Terms with y = 0 contribute nothing, even where p = 0.
 *
 * @param P Probabilities (for example softmax outputs).
 * @param Y Targets of the same shape (one-hot or any distribution).
 * @param layout Where the samples are.
 * @returns The mean cost.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * const C = crossEntropy(Matrix.from([[0.5, 0.5]]), Matrix.from([[1, 0]]), "row");
 * assert.strictEqual(C, Math.LN2);
 * ```
 */
export function crossEntropy(P: Matrix, Y: Matrix, layout: Layout): number {
  return crossEntropyTotal(P, Y) / batchSize(P, layout);
}

/**
 * The sum over the batch of the per-sample cross-entropies, Σₖ Cₖ = −Σₖ Σⱼ yⱼₖ log pⱼₖ (no 1/N).
 *
 * @param P Probabilities.
 * @param Y Targets of the same shape.
 * @returns The total cost.
 * @example Two samples, each costing log 2
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * assert.strictEqual(crossEntropyTotal(Matrix.from([[0.5, 0.5], [0.5, 0.5]]), Matrix.from([[1, 0], [0, 1]])), 2 * Math.LN2);
 * ```
 */
export function crossEntropyTotal(P: Matrix, Y: Matrix): number {
  sameShape("cross-entropy", P, Y);
  let total = 0;
  for (let k = 0; k < P.data.length; k++) {
    const y = Y.data[k];
    if (y !== 0) total -= y * Math.log(P.data[k]);
  }
  return total;
}

/**
 * Cross-entropy of softmax(Z), batch mean, computed from the logits with log-sum-exp, so that it is
 * finite and exact where softmax itself underflows: −log pⱼ = logsumexp(u) − uⱼ.
 *
 * @param Z Logits.
 * @param Y Targets of the same shape.
 * @param layout Where the samples are.
 * @returns The mean cost.
 * @example A confident correct answer costs nothing, a confident wrong one costs 2000
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * const Z = Matrix.from([[1000, 0, -1000]]);
 * assert.strictEqual(softmaxCrossEntropy(Z, Matrix.from([[1, 0, 0]]), "row"), 0);
 * assert.strictEqual(softmaxCrossEntropy(Z, Matrix.from([[0, 0, 1]]), "row"), 2000);
 * ```
 */
export function softmaxCrossEntropy(Z: Matrix, Y: Matrix, layout: Layout): number {
  return softmaxCrossEntropyTotal(Z, Y, { layout }) / batchSize(Z, layout);
}

/**
 * The sum over the batch of the per-sample softmax cross-entropies, Σₖ Σⱼ yⱼₖ (logsumexp(uₖ) − uⱼₖ)
 * (no 1/N).
 *
 * @param Z Logits.
 * @param Y Targets of the same shape.
 * @param options Where the samples are, and the log-sum-exp to use ({@linkcode logSumExp} unless
 * given: the oracle passes another one to reproduce a mistake).
 * @returns The total cost.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * assert.strictEqual(softmaxCrossEntropyTotal(Matrix.from([[0, 0]]), Matrix.from([[1, 0]]), { layout: "row" }), Math.LN2);
 * ```
 */
export function softmaxCrossEntropyTotal(
  Z: Matrix,
  Y: Matrix,
  options: { layout: Layout; logSumExp?: (u: readonly number[]) => number },
): number {
  sameShape("softmax cross-entropy", Z, Y);
  const { layout } = options;
  const lseOf = options.logSumExp ?? logSumExp;
  let total = 0;
  const y = (i: number, k: number) => (layout === "column" ? Y.get(i, k) : Y.get(k, i));
  perSample(Z, layout, (u, k) => {
    const lse = lseOf(u);
    for (let i = 0; i < u.length; i++) {
      const yi = y(i, k);
      if (yi !== 0) total += yi * (lse - u[i]);
    }
    return u;
  });
  return total;
}

/**
 * The gradient of the batch-mean softmax cross-entropy with respect to the logits, (P·Σy − Y)/N per
 * sample: (P − Y)/N when the targets sum to 1, the one-hot case every document simplifies to
 * ("2 Layer NN", Cross Entropy → Logits, direct jump: "y … sums up to 1").
 *
 * @param Z Logits.
 * @param Y Targets of the same shape (any non-negative weights; one-hot or a distribution sums to 1).
 * @param layout Where the samples are.
 * @returns ∂C/∂Z of the batch mean, shaped like `Z`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * const G = softmaxCrossEntropyBatchGrad(Matrix.from([[0, 0]]), Matrix.from([[1, 0]]), "row");
 * assert.deepStrictEqual(G.toArrays(), [[-0.5, 0.5]]);
 * ```
 */
export function softmaxCrossEntropyBatchGrad(Z: Matrix, Y: Matrix, layout: Layout): Matrix {
  const N = batchSize(Z, layout);
  const G = softmaxCrossEntropySampleDelta(softmax(Z, layout), Y, layout);
  for (let k = 0; k < G.data.length; k++) G.data[k] /= N;
  return G;
}

/**
 * The per-sample ∂Cₖ/∂z of softmax cross-entropy, from the probabilities: p·Σy − y for each sample
 * (no 1/N), which is p − y ("Part 2", softmax with cross-entropy) when the targets sum to 1.
 *
 * @param P Softmax probabilities.
 * @param Y Targets of the same shape.
 * @param layout Where the samples are.
 * @returns δᴸ of softmax with cross-entropy, shaped like P.
 * @example One-hot targets give p − y; targets summing to 2 do not
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * const P = Matrix.column([0.25, 0.75]);
 * assert.deepStrictEqual(softmaxCrossEntropySampleDelta(P, Matrix.column([1, 0]), "column").toArrays(), [[-0.75], [0.75]]);
 * assert.deepStrictEqual(softmaxCrossEntropySampleDelta(P, Matrix.column([1, 1]), "column").toArrays(), [[-0.5], [0.5]]);
 * ```
 */
export function softmaxCrossEntropySampleDelta(P: Matrix, Y: Matrix, layout: Layout): Matrix {
  sameShape("the softmax cross-entropy gradient", P, Y);
  const at = (M: Matrix, i: number, k: number) => layout === "column" ? M.get(i, k) : M.get(k, i);
  const D = new Matrix(P.rows, P.cols);
  const n = sampleWidth(P, layout);
  for (let k = 0; k < batchSize(P, layout); k++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += at(Y, i, k);
    for (let i = 0; i < n; i++) {
      const d = at(P, i, k) * sum - at(Y, i, k); // Σy = 1 gives p − y exactly
      if (layout === "column") D.set(i, k, d);
      else D.set(k, i, d);
    }
  }
  return D;
}

/**
 * The quadratic cost, batch mean of per-sample costs under the named convention.
 *
 * @param A Outputs.
 * @param Y Targets of the same shape.
 * @param options The convention and the layout.
 * @returns The mean cost.
 * @example ½(0.5 − 1)²
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * const C = quadratic(Matrix.from([[0.5]]), Matrix.from([[1]]), { convention: "half", layout: "column" });
 * assert.strictEqual(C, 0.125);
 * ```
 */
export function quadratic(
  A: Matrix,
  Y: Matrix,
  options: { convention: QuadraticConvention; layout: Layout },
): number {
  return quadraticTotal(A, Y, options) / batchSize(A, options.layout);
}

/**
 * The sum over the batch of the per-sample quadratic costs under the named convention (no 1/N).
 *
 * @param A Outputs.
 * @param Y Targets of the same shape.
 * @param options The convention and where the samples are (the width n_L of "mean" is a sample's).
 * @returns The total cost.
 * @example Two samples of ½(a − y)² = 0.125
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * assert.strictEqual(quadraticTotal(Matrix.from([[0.5, 0.5]]), Matrix.from([[1, 1]]), { convention: "half", layout: "column" }), 0.25);
 * ```
 */
export function quadraticTotal(
  A: Matrix,
  Y: Matrix,
  options: { convention: QuadraticConvention; layout: Layout },
): number {
  const factor = checkedQuadraticFactor("the quadratic cost", A, Y, options);
  let total = 0;
  for (let k = 0; k < A.data.length; k++) total += (A.data[k] - Y.data[k]) ** 2;
  return total * factor;
}

/** The convention's factor for outputs A, once A and the targets Y are checked to match in shape. */
function checkedQuadraticFactor(
  what: string,
  A: Matrix,
  Y: Matrix,
  options: { convention: QuadraticConvention; layout: Layout },
): number {
  sameShape(what, A, Y);
  return quadraticFactor(options.convention, sampleWidth(A, options.layout));
}

/** The factor in front of Σ(a − y)² of one sample: 1, ½ or 1/n_L. */
function quadraticFactor(convention: QuadraticConvention, nL: number): number {
  switch (convention) {
    case "squared":
      return 1;
    case "half":
      return 0.5;
    case "mean":
      return 1 / nL;
    default:
      throw new RangeError(
        `Unknown quadratic convention "${convention}": expected "squared", "half" or "mean"`,
      );
  }
}

/**
 * The per-sample gradient ∂C₀/∂a of the quadratic cost, one column (or row) per sample, without the
 * batch's 1/N: 2(a − y), (a − y) or (2/n_L)(a − y).
 *
 * @param A Outputs.
 * @param Y Targets of the same shape.
 * @param options The convention and the layout.
 * @returns ∂C₀/∂a for each sample.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * const g = quadraticSampleGrad(Matrix.from([[1]]), Matrix.from([[0]]), { convention: "squared", layout: "column" });
 * assert.deepStrictEqual(g.toArrays(), [[2]]);
 * ```
 */
export function quadraticSampleGrad(
  A: Matrix,
  Y: Matrix,
  options: { convention: QuadraticConvention; layout: Layout },
): Matrix {
  const c = 2 * checkedQuadraticFactor("the quadratic cost gradient", A, Y, options);
  const G = new Matrix(A.rows, A.cols);
  for (let k = 0; k < A.data.length; k++) G.data[k] = c * (A.data[k] - Y.data[k]);
  return G;
}

/**
 * The per-sample gradient ∂C₀/∂p of cross-entropy, −y/p (zero where y = 0)
 * ("2 Layer NN", Cross Entropy → Probability Distribution, without the 1/N).
 *
 * @param P Probabilities.
 * @param Y Targets of the same shape.
 * @returns −Y/P elementwise.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * assert.deepStrictEqual(crossEntropySampleGrad(Matrix.from([[0.5, 0.5]]), Matrix.from([[1, 0]])).toArrays(), [[-2, 0]]);
 * ```
 */
export function crossEntropySampleGrad(P: Matrix, Y: Matrix): Matrix {
  sameShape("the cross-entropy gradient", P, Y);
  const G = new Matrix(P.rows, P.cols);
  for (let k = 0; k < P.data.length; k++) G.data[k] = Y.data[k] === 0 ? 0 : -Y.data[k] / P.data[k];
  return G;
}
