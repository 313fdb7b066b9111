/**
 * The gradient of the batch-mean cost with respect to the network's input: where backpropagation
 * would go next if the input were a layer's output. Debugging layer by layer needs it (a layer's
 * input gradient is the previous layer's ∂C/∂a).
 *
 * @module
 */
import { matmul, type Matrix, scale, transpose } from "./matrix.ts";
import type { Gradients, Network } from "./network.ts";

/**
 * ∂C/∂X of the batch-mean cost, shaped like X: (W¹)ᵀ δ¹ / N in column layout ("Backpropagation
 * notes" §2.4.2, ∂C/∂a^(L−1) = (w^(L))ᵀ δ^L), δ¹ W¹ᵀ / N in row layout ("2 Layer NN", Logits → Hidden
 * Layer 1: ∂L/∂X = ∂L/∂Y · Aᵀ). δ¹ is per sample, hence the 1/N of the batch mean.
 *
 * @param net The network, in either layout.
 * @param grads Its gradients for a batch (from `backward` or `backwardRows`).
 * @returns d × N (column) or N × d (row).
 * @example One identity neuron y = 2x + 0 with C = ½(a − y)²: ∂C/∂x = (a − y)·2
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * import { backward, forward, type Network } from "./network.ts";
 * const net: Network = { layout: "column", layers: [
 *   { W: Matrix.from([[2]]), b: Matrix.column([0]), activation: "identity" },
 * ] };
 * const X = Matrix.column([3]);
 * const g = backward(net, forward(net, X), { Y: Matrix.column([5]), cost: { kind: "quadratic", convention: "half" } });
 * assert.strictEqual(inputGradient(net, g).get(0, 0), (6 - 5) * 2);
 * ```
 */
export function inputGradient(net: Network, grads: Gradients): Matrix {
  const W = net.layers[0].W;
  const delta = grads.layers[0].delta;
  return net.layout === "column"
    ? scale(matmul(transpose(W), delta), 1 / delta.cols)
    : scale(matmul(delta, transpose(W)), 1 / delta.rows);
}
