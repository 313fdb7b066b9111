/**
 * nn-oracle: a float64 reference implementation, language-agnostic fixtures and a test oracle for the
 * mathematics of fully connected neural networks, as derived by hand in four tutorial documents
 * (see docs/DOCUMENTS.md).
 *
 * @example Forward and backward pass of a small column-layout network
 * ```ts
 * import assert from "node:assert";
 * import { backward, forward, initNetwork, Matrix, oneHot } from "./mod.ts";
 * const net = initNetwork({ sizes: [4, 3, 2], hidden: "relu", output: "softmax", seed: 1 });
 * const X = Matrix.from([[1], [0], [0.5], [-1]]);
 * const pass = forward(net, X);
 * const grads = backward(net, pass, { Y: oneHot([1], 2, "column"), cost: { kind: "cross-entropy" } });
 * assert.deepStrictEqual(grads.layers[0].dW.shape, [3, 4]);
 * ```
 *
 * @module
 */
export * from "./src/matrix.ts";
export * from "./src/activations.ts";
export * from "./src/costs.ts";
export * from "./src/random.ts";
export * from "./src/network.ts";
export * from "./src/row_network.ts";
export * from "./src/bias_fold.ts";
export * from "./src/compare.ts";
export * from "./src/number_codec.ts";
export * from "./src/idx.ts";
export * from "./src/mnist.ts";
