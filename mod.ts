/**
 * nn-oracle: a float64 reference implementation, language-agnostic fixtures and a test oracle for the
 * mathematics of fully connected neural networks, as derived by hand in four tutorial documents
 * (see docs/DOCUMENTS.md).
 *
 * The library: the reference (matrices, activations, costs, the network in both layouts), the
 * fixtures (case format, loading, tolerances, the operation registry), the gradient checkers, and the
 * oracle's programmatic API ({@linkcode check}). MNIST loading and training are commands
 * (`deno task train`), not part of it.
 *
 * @example Forward and backward pass of a small column-layout network
 * ```ts
 * import assert from "node:assert";
 * import { backward, forward, initNetwork, Matrix, oneHot } from "./mod.ts";
 * const net = initNetwork({ sizes: [4, 3, 2], hidden: "relu", output: "softmax", seed: 1 });
 * const X = Matrix.from([[1], [0], [0.5], [-1]]);
 * const pass = forward(net, X);
 * const grads = backward(net, pass, { Y: oneHot([1], 2, "column"), cost: { kind: "cross_entropy" } });
 * assert.deepStrictEqual(grads.layers[0].dW.shape, [3, 4]);
 * ```
 *
 * @module
 */
export * from "./src/reference/matrix.ts";
export * from "./src/reference/layout.ts";
export * from "./src/reference/activations.ts";
export * from "./src/reference/costs.ts";
export * from "./src/reference/random.ts";
export * from "./src/reference/network.ts";
export * from "./src/reference/row_network.ts";
export * from "./src/reference/propagate.ts";
export * from "./src/reference/shapes.ts";
export * from "./src/reference/bias_fold.ts";
export * from "./src/spec/compare.ts";
export * from "./src/spec/number_codec.ts";
export * from "./src/spec/tolerance.ts";
export * from "./src/spec/json.ts";
export * from "./src/spec/fields.ts";
export * from "./src/spec/case_file.ts";
export * from "./src/spec/operations.ts";
export * from "./src/spec/checks.ts";
export * from "./src/spec/decode.ts";
export * from "./src/spec/evaluate.ts";
export * from "./src/spec/compare_outputs.ts";
export * from "./src/gradients/finite_diff.ts";
export * from "./src/gradients/dual.ts";
export * from "./src/gradients/gradcheck.ts";
export * from "./src/gradients/network_params.ts";
export * from "./src/oracle/mod.ts";
