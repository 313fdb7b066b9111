/**
 * The forward and backward passes of a network in its own layout: column layout runs
 * src/reference/network.ts, row layout src/reference/row_network.ts. Callers that hold a network of
 * either layout use these two and never switch on the layout themselves.
 *
 * @module
 */
import type { Cost } from "./costs.ts";
import type { Matrix } from "./matrix.ts";
import { backward, forward, type ForwardPass, type Gradients, type Network } from "./network.ts";
import { backwardRows, forwardRows } from "./row_network.ts";

/**
 * The forward pass in the network's layout.
 *
 * @param net A network of either layout.
 * @param X The input batch in the same layout.
 * @returns Every z and a.
 * @example Both layouts give the same numbers, transposed
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * import { initNetwork } from "./network.ts";
 * import { toLayout } from "./row_network.ts";
 * const net = initNetwork({ sizes: [2, 1], hidden: "tanh", output: "sigmoid", seed: 1 });
 * const col = propagate(net, Matrix.column([1, 2]));
 * const row = propagate(toLayout(net, "row"), Matrix.from([[1, 2]]));
 * assert.strictEqual(col.layers[0].a.get(0, 0), row.layers[0].a.get(0, 0));
 * ```
 */
export function propagate(net: Network, X: Matrix): ForwardPass {
  return net.layout === "column" ? forward(net, X) : forwardRows(net, X);
}

/**
 * Backpropagation in the network's layout.
 *
 * @param net A network of either layout.
 * @param pass Its forward pass.
 * @param options The targets Y (in the network's layout) and the cost.
 * @returns δ, ∂C/∂W and ∂C/∂b of every layer.
 * @example dW has W's shape in row layout
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * import { initNetwork } from "./network.ts";
 * const net = initNetwork({ sizes: [2, 1], hidden: "tanh", output: "sigmoid", seed: 1, layout: "row" });
 * const pass = propagate(net, Matrix.from([[1, 2]]));
 * const g = backpropagate(net, pass, { Y: Matrix.from([[1]]), cost: { kind: "quadratic", convention: "half" } });
 * assert.deepStrictEqual(g.layers[0].dW.shape, [2, 1]);
 * ```
 */
export function backpropagate(
  net: Network,
  pass: ForwardPass,
  options: { Y: Matrix; cost: Cost },
): Gradients {
  return net.layout === "column" ? backward(net, pass, options) : backwardRows(net, pass, options);
}
