/**
 * The multilayer network in column layout, the readable reference: W is n_l × n_{l−1}, a batch X is
 * d × N with one sample per column (documents "Part 2", "Backpropagation notes", "Layer by Layer").
 *
 * Shapes: N batch size, n_l width of layer l (n_0 = d, the input width), L the number of layers.
 * δ is the per-sample error ∂C₀/∂z of the documents, one column per sample; the batch gradients are the
 * means of the per-sample ones: ∂C/∂W = (1/N) δ aᵀ, ∂C/∂b = (1/N) Σ δ ("Layer by Layer", code derivations).
 *
 * @module
 */
import {
  activate,
  activatePrime,
  type ActivationName,
  type ElementwiseActivation,
  perSample,
  softmax,
} from "./activations.ts";
import {
  type Cost,
  crossEntropy,
  crossEntropySampleGrad,
  quadratic,
  quadraticSampleGrad,
  softmaxCrossEntropy,
} from "./costs.ts";
import {
  add,
  hadamard,
  matmul,
  Matrix,
  scale,
  shapeOf,
  sub,
  sumRows,
  transpose,
} from "./matrix.ts";
import type { Layout } from "./layout.ts";
import { createRng } from "./random.ts";

/** One layer: z = W·a_prev + b, a = f(z). */
export interface Layer {
  /** Weights, n_l × n_{l−1} (column layout) or n_{l−1} × n_l (row layout). */
  readonly W: Matrix;
  /** Biases, n_l × 1 (column layout) or 1 × n_l (row layout). */
  readonly b: Matrix;
  /** The activation; softmax only in the last layer. */
  readonly activation: ActivationName;
}

/** A network: its layers, first to last, and the layout its matrices are in. */
export interface Network {
  /** The layers, l = 1..L stored at index l − 1. */
  readonly layers: readonly Layer[];
  /** Whether W is n_l × n_{l−1} (column) or n_{l−1} × n_l (row). */
  readonly layout: Layout;
}

/** Everything the forward pass computed: every z and a. */
export interface ForwardPass {
  /** The input batch, a⁰ = X. */
  readonly input: Matrix;
  /** z and a of layer l at index l − 1. */
  readonly layers: readonly { readonly z: Matrix; readonly a: Matrix }[];
}

/** The gradients of one layer. */
export interface LayerGradient {
  /** δˡ = ∂C₀/∂zˡ per sample (n_l × N in column layout, N × n_l in row layout). */
  readonly delta: Matrix;
  /** ∂C/∂Wˡ of the batch-mean cost, shaped like W. */
  readonly dW: Matrix;
  /** ∂C/∂bˡ of the batch-mean cost, shaped like b. */
  readonly db: Matrix;
}

/** The gradients of every layer, index l − 1 for layer l. */
export interface Gradients {
  /** Per layer. */
  readonly layers: readonly LayerGradient[];
}

/**
 * The output activation of a layer whose derivative is elementwise.
 *
 * @param name Activation name.
 * @returns The name, narrowed.
 */
export function elementwise(name: ActivationName): ElementwiseActivation["name"] {
  if (name === "softmax") throw new RangeError("Softmax is allowed in the last layer only");
  return name;
}

/** What is wrong with a network: the layer, its field, and why (without the layer's name). */
export interface NetworkProblem {
  /** The layer, 0-based. */
  readonly layer: number;
  /** The field at fault. */
  readonly field: "W" | "b" | "activation";
  /** Why, e.g. `has 3 columns (2×3) but x gives 2 inputs per sample`. */
  readonly reason: string;
}

/**
 * Finds the first reason a network cannot run: a W that does not fit the previous width, a b that
 * does not fit its W, softmax before the last layer.
 *
 * @param net The network.
 * @param inputWidth d, the width of one input sample, when known.
 * @returns The problem, or undefined when the layers chain.
 * @example A first layer that expects 3 inputs fed 2
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * const net: Network = { layout: "column", layers: [{ W: new Matrix(2, 3), b: new Matrix(2, 1), activation: "relu" }] };
 * assert.strictEqual(findNetworkProblem(net, 3), undefined);
 * assert.deepStrictEqual(findNetworkProblem(net, 2), { layer: 0, field: "W", reason: "has 3 columns (2×3) but x gives 2 inputs per sample" });
 * ```
 */
export function findNetworkProblem(net: Network, inputWidth?: number): NetworkProblem | undefined {
  const column = net.layout === "column";
  let width = inputWidth;
  for (let l = 0; l < net.layers.length; l++) {
    const { W, b, activation } = net.layers[l];
    const [fanIn, fanOut] = column ? [W.cols, W.rows] : [W.rows, W.cols];
    if (width !== undefined && fanIn !== width) {
      const from = l === 0 ? "x" : `layer ${l - 1}`;
      const reason = `has ${fanIn} ${column ? "columns" : "rows"} (${
        shapeOf(W)
      }) but ${from} gives ${width} inputs per sample`;
      return { layer: l, field: "W", reason };
    }
    const [br, bc] = column ? [fanOut, 1] : [1, fanOut];
    if (b.rows !== br || b.cols !== bc) {
      const reason = `expected ${br}×${bc} for a W of ${shapeOf(W)}, got ${shapeOf(b)}`;
      return { layer: l, field: "b", reason };
    }
    if (activation === "softmax" && l !== net.layers.length - 1) {
      return { layer: l, field: "activation", reason: "softmax is allowed in the last layer only" };
    }
    width = fanOut;
  }
  return undefined;
}

/**
 * The error for a network problem, its message prefixed by where the field is.
 *
 * @param problem The problem.
 * @param where Where its field is, e.g. `Layer 0 W` or `inputs.network.layers[0].W`.
 * @returns A TypeError for a shape, a RangeError for a misplaced softmax.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const e = networkError({ layer: 1, field: "activation", reason: "softmax is allowed in the last layer only" }, "Layer 1 activation");
 * assert.ok(e instanceof RangeError);
 * assert.strictEqual(e.message, "Layer 1 activation: softmax is allowed in the last layer only");
 * ```
 */
export function networkError(problem: NetworkProblem, where: string): Error {
  const message = `${where}: ${problem.reason}`;
  return problem.field === "activation" ? new RangeError(message) : new TypeError(message);
}

/**
 * Checks that the layers chain (each W fits the previous width, each b its W) and that softmax is
 * last; throws naming the layer and field.
 *
 * @param net The network.
 * @param inputWidth d, the width of one input sample, when known.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const net = initNetwork({ sizes: [2, 3, 1], hidden: "tanh", output: "sigmoid", seed: 1 });
 * validateNetwork(net, 2);
 * assert.throws(() => validateNetwork(net, 5), /^TypeError: Layer 0 W: has 2 columns \(3×2\) but x gives 5/);
 * ```
 */
export function validateNetwork(net: Network, inputWidth?: number): void {
  const problem = findNetworkProblem(net, inputWidth);
  if (problem) throw networkError(problem, `Layer ${problem.layer} ${problem.field}`);
}

/**
 * Applies a layer's activation to a batch of pre-activations.
 *
 * @param z Pre-activations.
 * @param activation The activation.
 * @param layout Where the samples are (softmax works per sample).
 * @returns a = f(z).
 */
export function applyActivation(z: Matrix, activation: ActivationName, layout: Layout): Matrix {
  return activation === "softmax" ? softmax(z, layout) : activate(z, activation);
}

/**
 * The forward pass in column layout, keeping every z and a: zˡ = Wˡ aˡ⁻¹ + bˡ, aˡ = f(zˡ)
 * ("Part 2", Forward Propagation).
 *
 * @param net A column-layout network.
 * @param X The input batch, d × N.
 * @returns Every z and a.
 * @example Document 002's [2,2,1] example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * const net: Network = { layout: "column", layers: [
 *   { W: Matrix.from([[0.1, 0.3], [0.2, 0.4]]), b: Matrix.column([0.1, -0.1]), activation: "sigmoid" },
 *   { W: Matrix.from([[0.7, -1.2]]), b: Matrix.column([0.05]), activation: "sigmoid" },
 * ] };
 * const pass = forward(net, Matrix.column([1.0, 0.5]));
 * assert.ok(Math.abs(pass.layers[0].z.get(0, 0) - 0.35) < 1e-15);
 * ```
 */
export function forward(net: Network, X: Matrix): ForwardPass {
  requireLayout(net, "column");
  validateNetwork(net, X.rows);
  const layers: { z: Matrix; a: Matrix }[] = [];
  let a = X;
  for (const layer of net.layers) {
    const z = add(matmul(layer.W, a), layer.b); // zˡ = Wˡ aˡ⁻¹ + bˡ
    a = applyActivation(z, layer.activation, "column");
    layers.push({ z, a });
  }
  return { input: X, layers };
}

/**
 * The network's output for a batch: a of the last layer.
 *
 * @param pass A forward pass.
 * @returns aᴸ.
 */
export function output(pass: ForwardPass): Matrix {
  return pass.layers[pass.layers.length - 1].a;
}

/**
 * The batch-mean cost of a forward pass against targets; softmax with cross-entropy is computed from
 * the logits with log-sum-exp.
 *
 * @param pass The forward pass.
 * @param Y Targets shaped like the output.
 * @param options The cost, the output activation and the layout.
 * @returns C.
 */
export function costOf(
  pass: ForwardPass,
  Y: Matrix,
  options: { cost: Cost; activation: ActivationName; layout: Layout },
): number {
  const last = pass.layers[pass.layers.length - 1];
  const { cost, layout } = options;
  if (cost.kind === "quadratic") {
    return quadratic(last.a, Y, { convention: cost.convention, layout });
  }
  if (options.activation === "softmax") return softmaxCrossEntropy(last.z, Y, layout);
  return crossEntropy(last.a, Y, layout);
}

/**
 * The output error δᴸ = ∂C₀/∂zᴸ, per sample:
 * softmax with cross-entropy gives a − y ("Part 2", softmax + cross-entropy); an elementwise activation
 * gives ∂C₀/∂a ⊙ f′(z) ("Backpropagation notes" §2.5.1); softmax with another cost multiplies by the
 * softmax Jacobian, J ∂C₀/∂a = p ⊙ (g − pᵀg).
 *
 * @param last z and a of the last layer.
 * @param Y Targets.
 * @param options The cost, the output activation and the layout.
 * @returns δᴸ.
 */
export function outputDelta(
  last: { z: Matrix; a: Matrix },
  Y: Matrix,
  options: { cost: Cost; activation: ActivationName; layout: Layout },
): Matrix {
  const { cost, activation, layout } = options;
  if (activation === "softmax" && cost.kind === "cross_entropy") return sub(last.a, Y);
  const g = cost.kind === "quadratic"
    ? quadraticSampleGrad(last.a, Y, { convention: cost.convention, layout })
    : crossEntropySampleGrad(last.a, Y);
  if (activation !== "softmax") return hadamard(g, activatePrime(last.z, activation));
  return softmaxJacobianTimes(last.a, g, layout);
}

/**
 * Per sample, J(p)·g = p ⊙ (g − pᵀg) for the symmetric softmax Jacobian diag(p) − p pᵀ
 * ("2 Layer NN", Probability Distribution → Logits): ∂C₀/∂z from ∂C₀/∂p.
 *
 * @param P Softmax probabilities, one sample per column (or row).
 * @param G ∂C₀/∂p, shaped like P.
 * @param layout Where the samples are.
 * @returns ∂C₀/∂z, shaped like P.
 * @example −y/p with one-hot y gives p − y
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * const d = softmaxJacobianTimes(Matrix.column([0.5, 0.5]), Matrix.column([-2, 0]), "column");
 * assert.deepStrictEqual(d.toArrays(), [[-0.5], [0.5]]);
 * ```
 */
export function softmaxJacobianTimes(P: Matrix, G: Matrix, layout: Layout): Matrix {
  const gs: number[][] = [];
  perSample(G, layout, (g) => (gs.push(g), g));
  return perSample(P, layout, (p, k) => {
    const g = gs[k];
    let pg = 0;
    for (let i = 0; i < p.length; i++) pg += p[i] * g[i];
    return p.map((pi, i) => pi * (g[i] - pg));
  });
}

/**
 * Backpropagation in column layout by the δ recursion.
 *
 * @param net The network.
 * @param pass Its forward pass on X.
 * @param options The targets Y (n_L × N) and the cost.
 * @returns δ, ∂C/∂W and ∂C/∂b for every layer.
 * @example The gradient of a one-neuron sigmoid layer under C₀ = ½(a − y)²
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * const net: Network = { layout: "column", layers: [
 *   { W: Matrix.from([[0]]), b: Matrix.column([0]), activation: "sigmoid" },
 * ] };
 * const pass = forward(net, Matrix.column([2]));
 * const g = backward(net, pass, { Y: Matrix.column([1]), cost: { kind: "quadratic", convention: "half" } });
 * assert.strictEqual(g.layers[0].db.get(0, 0), (0.5 - 1) * 0.25);
 * assert.strictEqual(g.layers[0].dW.get(0, 0), (0.5 - 1) * 0.25 * 2);
 * ```
 */
export function backward(
  net: Network,
  pass: ForwardPass,
  options: { Y: Matrix; cost: Cost },
): Gradients {
  requireLayout(net, "column");
  const L = net.layers.length;
  const N = pass.input.cols;
  const grads: LayerGradient[] = new Array(L);
  const last = pass.layers[L - 1];
  // δᴸ = ∂C₀/∂aᴸ ⊙ f′(zᴸ) — "Backpropagation notes" §2.5.1 (a − y for softmax-CE, "Part 2")
  let delta = outputDelta(last, options.Y, {
    cost: options.cost,
    activation: net.layers[L - 1].activation,
    layout: "column",
  });
  for (let l = L - 1; l >= 0; l--) {
    const aPrev = l === 0 ? pass.input : pass.layers[l - 1].a;
    // ∂C/∂Wˡ = (1/N) δˡ (aˡ⁻¹)ᵀ, ∂C/∂bˡ = (1/N) Σ δˡ — "Layer by Layer", gradients for a batch
    const dW = scale(matmul(delta, transpose(aPrev)), 1 / N);
    const db = scale(sumRows(delta), 1 / N);
    grads[l] = { delta, dW, db };
    if (l > 0) {
      const prev = pass.layers[l - 1];
      const f = elementwise(net.layers[l - 1].activation);
      // δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ σ′(zˡ) — "Layer by Layer", recursive δ
      delta = hadamard(matmul(transpose(net.layers[l].W), delta), activatePrime(prev.z, f));
    }
  }
  return { layers: grads };
}

/**
 * One step of gradient descent: W ← W − η ∂C/∂W, b ← b − η ∂C/∂b ("Part 2", updating rule).
 *
 * @param net The network.
 * @param grads Its gradients.
 * @param lr The learning rate η.
 * @returns The updated network (the input is left unchanged).
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "./matrix.ts";
 * const net: Network = { layout: "column", layers: [{ W: Matrix.from([[1]]), b: Matrix.column([0]), activation: "identity" }] };
 * const g: Gradients = { layers: [{ delta: Matrix.from([[1]]), dW: Matrix.from([[2]]), db: Matrix.column([1]) }] };
 * assert.strictEqual(sgdStep(net, g, 0.5).layers[0].W.get(0, 0), 0);
 * ```
 */
export function sgdStep(net: Network, grads: Gradients, lr: number): Network {
  return {
    layout: net.layout,
    layers: net.layers.map((layer, l) => ({
      W: sub(layer.W, scale(grads.layers[l].dW, lr)),
      b: sub(layer.b, scale(grads.layers[l].db, lr)),
      activation: layer.activation,
    })),
  };
}

/**
 * A deep copy of a network: perturbing or training the copy leaves the original untouched.
 *
 * @param net The network.
 * @returns A copy that shares no storage with it.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const net = initNetwork({ sizes: [2, 1], hidden: "relu", output: "identity", seed: 1 });
 * const copy = cloneNetwork(net);
 * copy.layers[0].W.set(0, 0, 42);
 * assert.notStrictEqual(net.layers[0].W.get(0, 0), 42);
 * ```
 */
export function cloneNetwork(net: Network): Network {
  return {
    layout: net.layout,
    layers: net.layers.map((l) => ({ W: l.W.clone(), b: l.b.clone(), activation: l.activation })),
  };
}

/** Options of {@linkcode initNetwork}. */
export interface InitOptions {
  /** Widths n_0 (input) … n_L (output), e.g. [784, 128, 64, 10]. */
  readonly sizes: readonly number[];
  /** Activation of the hidden layers. */
  readonly hidden: ElementwiseActivation["name"];
  /** Activation of the output layer. */
  readonly output: ActivationName;
  /** Seed of the generator. */
  readonly seed: number;
  /** Layout of the matrices; column by default. */
  readonly layout?: Layout;
}

/**
 * A freshly initialised network: He-normal weights (std √(2/n_{l−1})) before ReLU, Glorot-normal
 * (std √(2/(n_{l−1}+n_l))) otherwise, zero biases.
 *
 * @param options Sizes, activations, seed and layout.
 * @returns The network.
 * @example Document 001's 784-128-64-10 network
 * ```ts
 * import assert from "node:assert";
 * const net = initNetwork({ sizes: [784, 128, 64, 10], hidden: "relu", output: "softmax", seed: 1 });
 * assert.deepStrictEqual(net.layers.map((l) => l.W.shape), [[128, 784], [64, 128], [10, 64]]);
 * ```
 */
export function initNetwork(options: InitOptions): Network {
  const { sizes, hidden, output, seed } = options;
  const layout = options.layout ?? "column";
  if (sizes.length < 2 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new RangeError(`Cannot build a network of sizes [${sizes.join(", ")}]`);
  }
  const rng = createRng(seed);
  const layers: Layer[] = [];
  for (let l = 1; l < sizes.length; l++) {
    const [fanIn, fanOut] = [sizes[l - 1], sizes[l]];
    const activation = l === sizes.length - 1 ? output : hidden;
    const std = activation === "relu" ? Math.sqrt(2 / fanIn) : Math.sqrt(2 / (fanIn + fanOut));
    // Drawn in column layout whatever the layout, so one seed gives one network in both layouts.
    const W = new Matrix(fanOut, fanIn);
    for (let k = 0; k < W.data.length; k++) W.data[k] = std * rng.normal();
    const b = new Matrix(fanOut, 1);
    layers.push(
      layout === "column" ? { W, b, activation } : { W: transpose(W), b: transpose(b), activation },
    );
  }
  return { layers, layout };
}

function requireLayout(net: Network, layout: Layout): void {
  if (net.layout !== layout) {
    throw new TypeError(`Expected a ${layout}-layout network, got a ${net.layout}-layout one`);
  }
}
