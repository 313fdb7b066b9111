/**
 * The network in row layout, as "2 Layer NN: A Mathematical Deep Dive" writes it: X is N × d with one
 * sample per row, W is n_{l−1} × n_l, b is 1 × n_l broadcast down the batch, T = X·W + b.
 * Its backward pass carries doc 000's G = ∂Loss/∂T, which already holds the 1/N of the batch mean,
 * so ∂Loss/∂W = Xᵀ·G with no further factor. The δ it reports is N·G, the per-sample error of the other
 * documents, so that both layouts report the same numbers up to transposition.
 *
 * @module
 */
import { activatePrime } from "./activations.ts";
import type { Layout } from "./layout.ts";
import { add, hadamard, matmul, type Matrix, scale, sumCols, transpose } from "./matrix.ts";
import {
  applyActivation,
  elementwise,
  type ForwardPass,
  type Gradients,
  type LayerGradient,
  type Network,
  outputDelta,
  validateNetwork,
} from "./network.ts";
import type { Cost } from "./costs.ts";

/**
 * The forward pass in row layout: Tˡ = Aˡ⁻¹·Wˡ + bˡ ("2 Layer NN", Linear Transformation).
 *
 * @param net A row-layout network.
 * @param X The input batch, N × d.
 * @returns Every z (T₁, T₃) and a (T₂, T₄), N × n_l each.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * import { initNetwork } from "./network.ts";
 * const net = initNetwork({ sizes: [3, 2], hidden: "sigmoid", output: "softmax", seed: 1, layout: "row" });
 * const pass = forwardRows(net, Matrix.from([[1, 2, 3], [4, 5, 6]]));
 * assert.deepStrictEqual(pass.layers[0].a.shape, [2, 2]);
 * ```
 */
export function forwardRows(net: Network, X: Matrix): ForwardPass {
  requireRows(net);
  validateNetwork(net, X.cols);
  const layers: { z: Matrix; a: Matrix }[] = [];
  let a = X;
  for (const layer of net.layers) {
    const z = add(matmul(a, layer.W), layer.b); // T = X·W + 1·b — "2 Layer NN", hidden layer 1
    a = applyActivation(z, layer.activation, "row");
    layers.push({ z, a });
  }
  return { input: X, layers };
}

/**
 * Backpropagation in row layout, following doc 000: G = ∂Loss/∂T, ∂Loss/∂W = Aᵀ·G, ∂Loss/∂b = 1ᵀ·G,
 * ∂Loss/∂A = G·Wᵀ.
 *
 * @param net The row-layout network.
 * @param pass Its forward pass.
 * @param options Targets Y (N × n_L) and the cost.
 * @returns δ (N × n_l, per sample), dW (n_{l−1} × n_l), db (1 × n_l) per layer.
 * @example dW in row layout is the transpose of dW in column layout
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * import { initNetwork } from "./network.ts";
 * const net = initNetwork({ sizes: [2, 1], hidden: "tanh", output: "sigmoid", seed: 3, layout: "row" });
 * const X = Matrix.from([[1, 2]]);
 * const g = backwardRows(net, forwardRows(net, X), { Y: Matrix.from([[1]]), cost: { kind: "quadratic", convention: "half" } });
 * assert.deepStrictEqual(g.layers[0].dW.shape, [2, 1]);
 * ```
 */
export function backwardRows(
  net: Network,
  pass: ForwardPass,
  options: { Y: Matrix; cost: Cost },
): Gradients {
  requireRows(net);
  const L = net.layers.length;
  const N = pass.input.rows;
  const grads: LayerGradient[] = new Array(L);
  const last = pass.layers[L - 1];
  const activation = net.layers[L - 1].activation;
  // ∂Loss/∂T_L = (T₄ − y)/N for softmax-CE — "2 Layer NN", direct jump
  let G = scale(
    outputDelta(last, options.Y, { cost: options.cost, activation, layout: "row" }),
    1 / N,
  );
  for (let l = L - 1; l >= 0; l--) {
    const aPrev = l === 0 ? pass.input : pass.layers[l - 1].a;
    // ∂Loss/∂W = Xᵀ·∂Loss/∂T — "2 Layer NN", Logits → Hidden Layer 1 and W2_b2
    grads[l] = { delta: scale(G, N), dW: matmul(transpose(aPrev), G), db: sumCols(G) };
    if (l > 0) {
      const f = elementwise(net.layers[l - 1].activation);
      // ∂Loss/∂T₁ = (∂Loss/∂T₃·W₂ᵀ) ∘ σ′(T₁) — "2 Layer NN", Hidden Layer 1 Activation → Linear
      G = hadamard(matmul(G, transpose(net.layers[l].W)), activatePrime(pass.layers[l - 1].z, f));
    }
  }
  return { layers: grads };
}

/**
 * The same network with its matrices in the other layout: W and b transposed.
 *
 * @param net A network.
 * @param layout The layout wanted.
 * @returns The network in `layout` (the same object when it already is).
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { initNetwork } from "./network.ts";
 * const net = initNetwork({ sizes: [3, 2], hidden: "relu", output: "identity", seed: 1 });
 * assert.deepStrictEqual(toLayout(net, "row").layers[0].W.shape, [3, 2]);
 * ```
 */
export function toLayout(net: Network, layout: Layout): Network {
  if (net.layout === layout) return net;
  return {
    layout,
    layers: net.layers.map((l) => ({
      W: transpose(l.W),
      b: transpose(l.b),
      activation: l.activation,
    })),
  };
}

function requireRows(net: Network): void {
  if (net.layout !== "row") {
    throw new TypeError(`Expected a row-layout network, got a ${net.layout}-layout one`);
  }
}
