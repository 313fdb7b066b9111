/**
 * What a training backend does: mini-batch SGD steps on row-layout float32 batches (one image per
 * row, as MNIST stores them), predictions, and conversion to and from the float64 reference
 * {@linkcode Network}. Every backend trains softmax + batch-mean cross-entropy.
 *
 * Momentum, when asked for, is the classical (heavy-ball) form that PyTorch's SGD uses:
 * v ← μ·v + ∂C/∂θ, θ ← θ − η·v. With μ = 0 this is the documents' plain update
 * θ ← θ − η·∂C/∂θ ("Part 2", updating rule).
 *
 * @module
 */
import type { Gradients, Network } from "../reference/network.ts";
import { initNetwork } from "../reference/network.ts";
import type { ModelSpec } from "./model_spec.ts";

/**
 * A batch of n inputs, n × n_0 row-major: float32 values, or pixel bytes that stand for byte / 255
 * (images kept as bytes are scaled by the backend, a batch at a time).
 */
export type Inputs = Float32Array | Uint8Array;

/** A trainer of one fully connected softmax classifier. */
export interface TrainerBackend {
  /** Its name: `reference`, `js`, `wasm` or `native`. */
  readonly name: string;
  /** The model it trains. */
  readonly spec: ModelSpec;
  /**
   * One SGD step on a batch.
   *
   * @param x n × n_0 row-major inputs (values or pixel bytes).
   * @param labels n class indices.
   * @param n The batch size.
   * @param lr The learning rate η of this step.
   * @returns The batch-mean loss before the update.
   */
  step(x: Inputs, labels: Uint8Array, n: number, lr: number): number;
  /**
   * The loss and gradients on a batch, without updating anything.
   *
   * @param x n × n_0 row-major inputs (values or pixel bytes).
   * @param labels n class indices.
   * @param n The batch size.
   * @returns The batch-mean loss and ∂C/∂W, ∂C/∂b per layer, shaped as in the model's layout.
   */
  gradients(x: Inputs, labels: Uint8Array, n: number): { loss: number; grads: Gradients };
  /**
   * Class probabilities of a batch.
   *
   * @param x n × n_0 row-major inputs (values or pixel bytes).
   * @param n The batch size.
   * @returns n × n_L softmax outputs, row-major.
   */
  predict(x: Inputs, n: number): Float32Array;
  /**
   * The current weights as a float64 reference network in the model's layout.
   *
   * @returns A copy.
   */
  exportNetwork(): Network;
  /**
   * Replaces the weights (and clears the momentum).
   *
   * @param net A network of the model's sizes, in either layout.
   */
  importNetwork(net: Network): void;
}

/** Options every backend factory takes. */
export interface BackendOptions {
  /** The model. */
  readonly spec: ModelSpec;
  /** Seed of the initial weights (He-normal before ReLU, Glorot-normal otherwise). */
  readonly seed: number;
  /** Momentum μ in [0, 1); 0 (plain SGD) when left out. */
  readonly momentum?: number;
}

/**
 * The initial network of a model: {@linkcode initNetwork} with a softmax output layer, so that every
 * backend starts from the same float64 weights.
 *
 * @param spec The model.
 * @param seed The seed.
 * @returns The network, in the model's layout.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const net = initialNetwork({ sizes: [4, 3, 2], hidden: "relu", layout: "row" }, 1);
 * assert.deepStrictEqual(net.layers.map((l) => l.W.shape), [[4, 3], [3, 2]]);
 * assert.strictEqual(net.layers[1].activation, "softmax");
 * ```
 */
export function initialNetwork(spec: ModelSpec, seed: number): Network {
  return initNetwork({
    sizes: spec.sizes,
    hidden: spec.hidden,
    output: "softmax",
    seed,
    layout: spec.layout,
  });
}

/**
 * Checks a momentum coefficient.
 *
 * @param momentum μ.
 * @returns μ, or 0 when left out.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(checkMomentum(undefined), 0);
 * assert.throws(() => checkMomentum(1), /Momentum must lie in \[0, 1\)/);
 * ```
 */
export function checkMomentum(momentum: number | undefined): number {
  const mu = momentum ?? 0;
  if (!(mu >= 0 && mu < 1)) throw new RangeError(`Momentum must lie in [0, 1), got ${mu}`);
  return mu;
}

/**
 * Checks that a network fits a model: same sizes, the model's hidden activation, softmax last.
 *
 * @param net The network, either layout.
 * @param spec The model.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const spec = { sizes: [4, 3, 2], hidden: "relu", layout: "column" } as const;
 * checkFits(initialNetwork(spec, 1), spec);
 * assert.throws(() => checkFits(initialNetwork({ ...spec, sizes: [4, 5, 2] }, 1), spec), /layers\[0\]/);
 * ```
 */
export function checkFits(net: Network, spec: ModelSpec): void {
  const L = spec.sizes.length - 1;
  if (net.layers.length !== L) {
    throw new TypeError(`Cannot use a network of ${net.layers.length} layers for a model of ${L}`);
  }
  net.layers.forEach((layer, l) => {
    const [fanIn, fanOut] = net.layout === "column"
      ? [layer.W.cols, layer.W.rows]
      : [layer.W.rows, layer.W.cols];
    if (fanIn !== spec.sizes[l] || fanOut !== spec.sizes[l + 1]) {
      throw new TypeError(
        `Cannot use layers[${l}] with ${fanIn} inputs and ${fanOut} outputs: the model needs ` +
          `${spec.sizes[l]} and ${spec.sizes[l + 1]}`,
      );
    }
    const want = l === L - 1 ? "softmax" : spec.hidden;
    if (layer.activation !== want) {
      throw new TypeError(
        `Cannot use layers[${l}] with activation ${layer.activation}: the model needs ${want}`,
      );
    }
  });
}
