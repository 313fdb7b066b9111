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
export * from "./src/tolerance.ts";
export * from "./src/fixture.ts";
export * from "./src/operations.ts";
export * from "./src/finite_diff.ts";
export * from "./src/dual.ts";
export * from "./src/gradcheck.ts";
export * from "./src/network_params.ts";
export * from "./src/oracle/mod.ts";
export { documentCases } from "./src/audit/cases.ts";
export { ERRATA } from "./src/audit/errata.ts";
export * from "./src/train/backend.ts";
export * from "./src/train/backends.ts";
export * from "./src/train/loop.ts";
export * from "./src/train/evaluate.ts";
export * from "./src/train/grad_check.ts";
export * from "./src/train/model_file.ts";
export * from "./src/train/model_spec.ts";
export * from "./src/train/report_html.ts";
export { peakMemoryLine, peakResidentBytes } from "./src/train/summary.ts";
