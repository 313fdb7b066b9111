/**
 * Costs and their gradients. The batch cost is the mean of per-sample costs C = (1/N) Σₖ Cₖ
 * ("Backpropagation notes" §1.6; "Layer by Layer", averaging gradients), in both layouts.
 *
 * The documents use three quadratic conventions; the convention is always named, never implied:
 * - `"squared"`: C₀ = Σⱼ (aⱼ − yⱼ)², ∂C₀/∂a = 2(a − y) ("Backpropagation notes" §1.1, §2.1)
 * - `"half"`:    C₀ = ½ ‖a − y‖²,    ∂C₀/∂a = a − y  ("Backpropagation notes" §2.5.1, §5)
 * - `"mean"`:    C₀ = (1/n_L) Σⱼ (aⱼ − yⱼ)², ∂C₀/∂a = (2/n_L)(a − y) ("Layer by Layer", multiple neurons)
 *
 * @module
 */
import { type Layout, logSumExp, perSample, softmax } from "./activations.ts";
import { Matrix, shapeOf } from "./matrix.ts";

/** The quadratic-cost conventions of the documents. */
export type QuadraticConvention = "squared" | "half" | "mean";

/** A cost: cross-entropy, or quadratic under a named convention. */
export type Cost =
  | { readonly kind: "cross-entropy" }
  | { readonly kind: "quadratic"; readonly convention: QuadraticConvention };

/** The number of samples in a batch laid out as `layout`. */
export function batchSize(A: Matrix, layout: Layout): number {
  return layout === "column" ? A.cols : A.rows;
}

/** The width of one sample (classes, neurons) of a batch laid out as `layout`. */
export function sampleWidth(A: Matrix, layout: Layout): number {
  return layout === "column" ? A.rows : A.cols;
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
  sameShape("cross-entropy", P, Y);
  let total = 0;
  for (let k = 0; k < P.data.length; k++) {
    const y = Y.data[k];
    if (y !== 0) total -= y * Math.log(P.data[k]);
  }
  return total / batchSize(P, layout);
}

/**
 * Cross-entropy of softmax(Z) computed from the logits with log-sum-exp, so that it is finite and
 * exact where softmax itself underflows: −log pⱼ = logsumexp(u) − uⱼ.
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
  sameShape("softmax cross-entropy", Z, Y);
  let total = 0;
  const y = (i: number, k: number) => (layout === "column" ? Y.get(i, k) : Y.get(k, i));
  perSample(Z, layout, (u, k) => {
    const lse = logSumExp(u);
    for (let i = 0; i < u.length; i++) {
      const yi = y(i, k);
      if (yi !== 0) total += yi * (lse - u[i]);
    }
    return u;
  });
  return total / batchSize(Z, layout);
}

/**
 * The gradient of the batch-mean softmax cross-entropy with respect to the logits, (P·Σy − Y)/N per
 * sample: (P − Y)/N when the targets sum to 1, the one-hot case every document simplifies to
 * ("2 Layer NN", Cross Entropy → Logits, direct jump: "y … sums up to 1").
 *
 * @param Z Logits.
 * @param Y Targets of the same shape (any non-negative weights; one-hot or a distribution sums to 1).
 * @param layout Where the samples are.
 * @returns ∂C/∂Z, shaped like `Z`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * const G = softmaxCrossEntropyGrad(Matrix.from([[0, 0]]), Matrix.from([[1, 0]]), "row");
 * assert.deepStrictEqual(G.toArrays(), [[-0.5, 0.5]]);
 * ```
 */
export function softmaxCrossEntropyGrad(Z: Matrix, Y: Matrix, layout: Layout): Matrix {
  sameShape("the softmax cross-entropy gradient", Z, Y);
  const N = batchSize(Z, layout);
  const P = softmax(Z, layout);
  const at = (M: Matrix, i: number, k: number) => layout === "column" ? M.get(i, k) : M.get(k, i);
  const G = new Matrix(Z.rows, Z.cols);
  const n = sampleWidth(Z, layout);
  for (let k = 0; k < N; k++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += at(Y, i, k);
    for (let i = 0; i < n; i++) {
      const g = (at(P, i, k) * sum - at(Y, i, k)) / N; // Σy = 1 gives (p − y)/N exactly
      if (layout === "column") G.set(i, k, g);
      else G.set(k, i, g);
    }
  }
  return G;
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
  const factor = checkedQuadraticFactor("the quadratic cost", A, Y, options);
  let total = 0;
  for (let k = 0; k < A.data.length; k++) total += (A.data[k] - Y.data[k]) ** 2;
  return total * factor / batchSize(A, options.layout);
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
 * const g = quadraticGrad(Matrix.from([[1]]), Matrix.from([[0]]), { convention: "squared", layout: "column" });
 * assert.deepStrictEqual(g.toArrays(), [[2]]);
 * ```
 */
export function quadraticGrad(
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
 * assert.deepStrictEqual(crossEntropyGrad(Matrix.from([[0.5, 0.5]]), Matrix.from([[1, 0]])).toArrays(), [[-2, 0]]);
 * ```
 */
export function crossEntropyGrad(P: Matrix, Y: Matrix): Matrix {
  sameShape("the cross-entropy gradient", P, Y);
  const G = new Matrix(P.rows, P.cols);
  for (let k = 0; k < P.data.length; k++) G.data[k] = Y.data[k] === 0 ? 0 : -Y.data[k] / P.data[k];
  return G;
}
