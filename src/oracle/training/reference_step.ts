/**
 * One SGD step of the float64 reference on a batch, in the network's own layout: the readable
 * forward and backward passes of src/reference (network.ts for W·X, row_network.ts for X·W),
 * softmax with batch-mean cross-entropy, and the plain update θ ← θ − η·∂C/∂θ ("Part 2", updating rule).
 *
 * @module
 */
import { oneHot } from "../../reference/costs.ts";
import type { Matrix } from "../../reference/matrix.ts";
import { costOf, type ForwardPass, type Gradients, type Network } from "../../reference/network.ts";
import { backpropagate, propagate } from "../../reference/propagate.ts";

const CE = { kind: "cross_entropy" } as const;

/** The loss and gradients of a batch, and the forward pass they came from. */
export interface BatchGradients {
  /** Batch-mean cross-entropy before the update. */
  readonly loss: number;
  /** ∂C/∂W, ∂C/∂b per layer. */
  readonly grads: Gradients;
  /** Every z and a. */
  readonly pass: ForwardPass;
}

/**
 * The loss and gradients of a softmax network on a batch.
 *
 * @param net The network (its layout says how X is laid out).
 * @param X The batch, d × n (column) or n × d (row).
 * @param labels One class per sample.
 * @returns Loss, gradients and forward pass.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../../reference/matrix.ts";
 * import { initNetwork } from "../../reference/network.ts";
 * const net = initNetwork({ sizes: [2, 3], hidden: "relu", output: "softmax", seed: 1 });
 * const g = batchGradients(net, Matrix.from([[1], [0]]), [2]);
 * assert.ok(g.loss > 0);
 * assert.deepStrictEqual(g.grads.layers[0].dW.shape, [3, 2]);
 * ```
 */
export function batchGradients(
  net: Network,
  X: Matrix,
  labels: ArrayLike<number>,
): BatchGradients {
  const layout = net.layout;
  const classes = layout === "column"
    ? net.layers[net.layers.length - 1].W.rows
    : net.layers[net.layers.length - 1].W.cols;
  const Y = oneHot(labels, classes, layout);
  const pass = propagate(net, X);
  const loss = costOf(pass, Y, { cost: CE, activation: "softmax", layout });
  const grads = backpropagate(net, pass, { Y, cost: CE });
  return { loss, grads, pass };
}
