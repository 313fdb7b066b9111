/**
 * What the two float32 backends share: one record per layer in row layout (W is n_{l−1} × n_l,
 * doc 000's X·W), held in `Float32Array`s by js_backend.ts and in WebAssembly arena matrices by
 * wasm_backend.ts; the batch check; and the {@linkcode TrainerBackend} built around a backend's own
 * passes and update, which converts to and from the float64 reference {@linkcode Network} and
 * {@linkcode Gradients} and keeps track of the momentum's first step.
 *
 * @module
 */
import { Matrix, transpose } from "../reference/matrix.ts";
import type { Gradients, LayerGradient, Network } from "../reference/network.ts";
import { validateNetwork } from "../reference/network.ts";
import { toLayout } from "../reference/row_network.ts";
import { checkFits, initialNetwork, type TrainerBackend } from "./backend.ts";
import type { ModelSpec } from "./model_spec.ts";

/** float32 values, bare or as the `data` of a matrix (a WebAssembly arena matrix). */
export type Float32Storage = Float32Array | { readonly data: Float32Array };

/** One layer's float32 state: parameters, their gradients and momentum, and the batch buffers. */
export interface Float32Layer<M extends Float32Storage = Float32Storage> {
  readonly nIn: number;
  readonly nOut: number;
  /** n_in × n_out, row-major. */
  readonly W: M;
  readonly b: M;
  readonly dW: M;
  readonly db: M;
  readonly vW: M;
  readonly vb: M;
  /** Batch buffers (capacity × n_out): pre-activation z, activation a, and G = ∂C/∂z. */
  z: M;
  a: M;
  G: M;
}

/**
 * A layer of n_in inputs and n_out outputs, with empty batch buffers.
 *
 * @param nIn n_{l−1}.
 * @param nOut n_l.
 * @param alloc Allocates a rows × cols matrix, called for W, b, dW, db, vW, vb in that order after
 * one 0 × n_out matrix shared by the batch buffers.
 * @returns The layer.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const layer = newFloat32Layer(3, 2, (rows, cols) => new Float32Array(rows * cols));
 * assert.deepStrictEqual([layer.W.length, layer.b.length, layer.z.length], [6, 2, 0]);
 * ```
 */
export function newFloat32Layer<M extends Float32Storage>(
  nIn: number,
  nOut: number,
  alloc: (rows: number, cols: number) => M,
): Float32Layer<M> {
  const empty = alloc(0, nOut);
  return {
    nIn,
    nOut,
    W: alloc(nIn, nOut),
    b: alloc(1, nOut),
    dW: alloc(nIn, nOut),
    db: alloc(1, nOut),
    vW: alloc(nIn, nOut),
    vb: alloc(1, nOut),
    z: empty,
    a: empty,
    G: empty,
  };
}

/**
 * Checks a batch handed to a backend: n whole and positive, n × n_0 values at least.
 *
 * @param x The inputs.
 * @param n The batch size.
 * @param spec The model.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.throws(() => checkBatch(new Float32Array(3), 2, { sizes: [2, 1], hidden: "relu", layout: "row" }), /needs 4/);
 * ```
 */
export function checkBatch(x: Float32Array, n: number, spec: ModelSpec): void {
  const need = n * spec.sizes[0];
  if (!Number.isInteger(n) || n < 1 || x.length < need) {
    throw new RangeError(
      `Cannot take a batch of ${n} samples of width ${
        spec.sizes[0]
      }: it needs ${need} values, got ${x.length}`,
    );
  }
}

/** What a float32 backend brings of its own: its layers, batch passes and parameter update. */
export interface Float32BackendParts<M extends Float32Storage> {
  /** Its name. */
  readonly name: string;
  /** The model. */
  readonly spec: ModelSpec;
  /** Seed of the initial weights. */
  readonly seed: number;
  /** Its layers, made by {@linkcode newFloat32Layer}. */
  readonly layers: readonly Float32Layer<M>[];
  /**
   * Forward and backward over a batch, leaving ∂C/∂W, ∂C/∂b and G = ∂C/∂z in the layers.
   *
   * @returns The batch-mean loss.
   */
  backwardPass(x: Float32Array, labels: Uint8Array, n: number): number;
  /**
   * Class probabilities of a batch.
   *
   * @returns n × n_L softmax outputs, row-major.
   */
  predict(x: Float32Array, n: number): Float32Array;
  /**
   * One layer's step after a backward pass: v ← μ·v + ∂C/∂θ (v ← ∂C/∂θ on the first step since
   * the weights were set), θ ← θ − η·v, for θ = W and b.
   */
  updateLayer(layer: Float32Layer<M>, step: { lr: number; first: boolean }): void;
}

/**
 * A float32 backend around its own passes and update, starting from the model's initial weights.
 *
 * @param parts The model, seed, name, layers, passes and update.
 * @returns The backend.
 * @example A backend whose passes leave fixed gradients
 * ```ts
 * import assert from "node:assert";
 * const spec = { sizes: [1, 2], hidden: "relu", layout: "row" } as const;
 * const layer = newFloat32Layer(1, 2, (rows, cols) => new Float32Array(rows * cols));
 * const firsts: boolean[] = [];
 * const backend = float32Backend({
 *   name: "fixed", spec, seed: 1, layers: [layer],
 *   backwardPass: () => {
 *     layer.dW.set([1, -1]);
 *     layer.G = new Float32Array([0.25, -0.25]);
 *     return 0.5;
 *   },
 *   predict: (_x, n) => new Float32Array(2 * n).fill(0.5),
 *   updateLayer: (l, { lr, first }) => {
 *     firsts.push(first);
 *     for (let k = 0; k < l.W.length; k++) l.W[k] -= lr * l.dW[k];
 *   },
 * });
 * const W0 = backend.exportNetwork().layers[0].W.data[0];
 * assert.strictEqual(backend.step(new Float32Array(1), new Uint8Array(1), 1, 0.5), 0.5);
 * backend.step(new Float32Array(1), new Uint8Array(1), 1, 0.5);
 * assert.deepStrictEqual(firsts, [true, false]);
 * assert.strictEqual(backend.exportNetwork().layers[0].W.data[0], Math.fround(Math.fround(W0 - 0.5) - 0.5));
 * const { grads } = backend.gradients(new Float32Array(1), new Uint8Array(1), 1);
 * assert.deepStrictEqual(grads.layers[0].delta.toArrays(), [[0.25, -0.25]]);
 * ```
 */
export function float32Backend<M extends Float32Storage>(
  parts: Float32BackendParts<M>,
): TrainerBackend {
  const { spec, layers } = parts;
  let hasVelocity = false;
  const backend: TrainerBackend = {
    name: parts.name,
    spec,
    step(x, labels, n, lr) {
      const loss = parts.backwardPass(x, labels, n);
      for (const layer of layers) parts.updateLayer(layer, { lr, first: !hasVelocity });
      hasVelocity = true;
      return loss;
    },
    gradients(x, labels, n) {
      const loss = parts.backwardPass(x, labels, n);
      return { loss, grads: exportFloat32Gradients(layers, n, spec) };
    },
    predict(x, n) {
      return parts.predict(x, n);
    },
    exportNetwork() {
      return exportFloat32Network(layers, spec);
    },
    importNetwork(net) {
      importFloat32Network(layers, net, spec);
      hasVelocity = false;
    },
  };
  backend.importNetwork(initialNetwork(spec, parts.seed));
  return backend;
}

/** The layers' weights as a float64 reference network in the model's layout, softmax last. */
function exportFloat32Network(
  layers: readonly Float32Layer[],
  spec: ModelSpec,
): Network {
  const rows: Network = {
    layout: "row",
    layers: layers.map((layer, l) => ({
      W: new Matrix(layer.nIn, layer.nOut, Float64Array.from(values(layer.W))),
      b: new Matrix(1, layer.nOut, Float64Array.from(values(layer.b))),
      activation: l === layers.length - 1 ? "softmax" : spec.hidden,
    })),
  };
  return toLayout(rows, spec.layout);
}

/** Copies a network's weights into the layers (rounded to float32) and clears their momentum. */
function importFloat32Network(
  layers: readonly Float32Layer[],
  net: Network,
  spec: ModelSpec,
): void {
  validateNetwork(net);
  checkFits(net, spec);
  toLayout(net, "row").layers.forEach((src, l) => {
    values(layers[l].W).set(src.W.data);
    values(layers[l].b).set(src.b.data);
    values(layers[l].vW).fill(0);
    values(layers[l].vb).fill(0);
  });
}

/**
 * The gradients of the last batch as float64 reference matrices in the model's layout; δ = n·G per
 * sample, since G = ∂C/∂z holds the batch mean's 1/n.
 */
function exportFloat32Gradients(
  layers: readonly Float32Layer[],
  n: number,
  spec: ModelSpec,
): Gradients {
  const rows: LayerGradient[] = layers.map((layer) => {
    const G = values(layer.G);
    const delta = new Matrix(n, layer.nOut);
    for (let k = 0; k < n * layer.nOut; k++) delta.data[k] = n * G[k];
    return {
      delta,
      dW: new Matrix(layer.nIn, layer.nOut, Float64Array.from(values(layer.dW))),
      db: new Matrix(1, layer.nOut, Float64Array.from(values(layer.db))),
    };
  });
  if (spec.layout === "row") return { layers: rows };
  return {
    layers: rows.map((g) => ({
      delta: transpose(g.delta),
      dW: transpose(g.dW),
      db: transpose(g.db),
    })),
  };
}

/** The float32 values themselves, of a bare array or of a matrix. */
function values(m: Float32Storage): Float32Array {
  return m instanceof Float32Array ? m : m.data;
}
