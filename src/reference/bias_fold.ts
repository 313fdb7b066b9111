/**
 * Document 000's bias folding: append a column of ones to the input, stack the bias under the weights,
 * and one product does both, T = [X | 1]·[W; b] = X·W + 1·b ("2 Layer NN", Linear Transformation).
 * The gradient of the folded weights is [X | 1]ᵀ·G, whose last row is the bias gradient.
 *
 * @module
 */
import { activatePrime } from "./activations.ts";
import {
  filled,
  hadamard,
  hconcat,
  matmul,
  Matrix,
  sliceCols,
  sliceRows,
  transpose,
  vconcat,
} from "./matrix.ts";
import {
  applyActivation,
  elementwise,
  type ForwardPass,
  type Gradients,
  type Network,
  outputDelta,
  validateNetwork,
} from "./network.ts";
import type { Cost } from "./costs.ts";

/**
 * [X | 1]: the batch with a column of ones appended.
 *
 * @param X An N × d batch in row layout.
 * @returns N × (d+1).
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * assert.deepStrictEqual(appendOnes(Matrix.from([[2, 3]])).toArrays(), [[2, 3, 1]]);
 * ```
 */
export function appendOnes(X: Matrix): Matrix {
  return hconcat(X, filled(X.rows, 1, 1));
}

/**
 * [W; b]: the bias row stacked under the weights.
 *
 * @param W Weights, n_{l−1} × n_l.
 * @param b Bias, 1 × n_l.
 * @returns (n_{l−1}+1) × n_l.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * assert.deepStrictEqual(foldBias(Matrix.from([[1, 2]]), Matrix.from([[3, 4]])).toArrays(), [[1, 2], [3, 4]]);
 * ```
 */
export function foldBias(W: Matrix, b: Matrix): Matrix {
  return vconcat(W, b);
}

/**
 * Splits folded weights back into W (all rows but the last) and b (the last row).
 *
 * @param Wb (n_{l−1}+1) × n_l.
 * @returns W and b.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * const { b } = unfoldBias(Matrix.from([[1, 2], [3, 4]]));
 * assert.deepStrictEqual(b.toArrays(), [[3, 4]]);
 * ```
 */
export function unfoldBias(Wb: Matrix): { W: Matrix; b: Matrix } {
  return { W: sliceRows(Wb, 0, Wb.rows - 1), b: sliceRows(Wb, Wb.rows - 1, Wb.rows) };
}

/**
 * The row-layout forward pass with folded biases: T = [A | 1]·[W; b].
 *
 * @param net A row-layout network.
 * @param X N × d.
 * @returns Every z and a.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * import { initNetwork } from "./network.ts";
 * const net = initNetwork({ sizes: [2, 2], hidden: "sigmoid", output: "softmax", seed: 2, layout: "row" });
 * assert.deepStrictEqual(forwardFolded(net, Matrix.from([[1, 1]])).layers[0].z.shape, [1, 2]);
 * ```
 */
export function forwardFolded(net: Network, X: Matrix): ForwardPass {
  if (net.layout !== "row") {
    throw new TypeError(`Bias folding needs a row-layout network, got a ${net.layout}-layout one`);
  }
  validateNetwork(net, X.cols);
  const layers: { z: Matrix; a: Matrix }[] = [];
  let a = X;
  for (const layer of net.layers) {
    const z = matmul(appendOnes(a), foldBias(layer.W, layer.b)); // T = X′·W′
    a = applyActivation(z, layer.activation, "row");
    layers.push({ z, a });
  }
  return { input: X, layers };
}

/**
 * Backpropagation with folded biases: ∂Loss/∂[W; b] = [A | 1]ᵀ·G, and the gradient flowing to A is
 * G·[W; b]ᵀ with its last column (the ones) dropped ("2 Layer NN", gradient for T2).
 *
 * @param net A row-layout network.
 * @param pass Its forward pass.
 * @param options Targets and cost.
 * @returns Per layer δ, dW and db (unfolded from the last row).
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * import { initNetwork } from "./network.ts";
 * const net = initNetwork({ sizes: [2, 2], hidden: "sigmoid", output: "softmax", seed: 2, layout: "row" });
 * const X = Matrix.from([[1, 1]]);
 * const g = backwardFolded(net, forwardFolded(net, X), { Y: Matrix.from([[1, 0]]), cost: { kind: "cross_entropy" } });
 * assert.deepStrictEqual(g.layers[0].db.shape, [1, 2]);
 * ```
 */
export function backwardFolded(
  net: Network,
  pass: ForwardPass,
  options: { Y: Matrix; cost: Cost },
): Gradients {
  const L = net.layers.length;
  const N = pass.input.rows;
  const grads = new Array<Gradients["layers"][number]>(L);
  const last = pass.layers[L - 1];
  const lastAct = net.layers[L - 1].activation;
  let G = outputDelta(last, options.Y, { cost: options.cost, activation: lastAct, layout: "row" });
  G = new Matrix(G.rows, G.cols, G.data.map((v) => v / N));
  for (let l = L - 1; l >= 0; l--) {
    const aPrev = l === 0 ? pass.input : pass.layers[l - 1].a;
    const Wb = foldBias(net.layers[l].W, net.layers[l].b);
    const { W: dW, b: db } = unfoldBias(matmul(transpose(appendOnes(aPrev)), G));
    grads[l] = { delta: new Matrix(G.rows, G.cols, G.data.map((v) => v * N)), dW, db };
    if (l > 0) {
      const dAext = matmul(G, transpose(Wb));
      const dA = sliceCols(dAext, 0, dAext.cols - 1); // the ones receive no gradient
      const f = elementwise(net.layers[l - 1].activation);
      G = hadamard(dA, activatePrime(pass.layers[l - 1].z, f));
    }
  }
  return { layers: grads };
}
