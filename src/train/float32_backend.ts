/**
 * The one float32 training backend, over the kernel contract of src/fast/kernel_api.ts: the same
 * step runs on the plain-TypeScript kernels (`js`), the WebAssembly SIMD kernels (`wasm`) and the
 * system BLAS through Deno's FFI (`native`). Layers are kept in row layout (W is n_{l−1} × n_l,
 * "2 Layer NN"'s X·W) whatever the model's layout, because a row-major MNIST batch then streams
 * through every product contiguously; weights and gradients convert to and from the float64
 * reference {@linkcode Network} and {@linkcode Gradients} at the edges.
 *
 * A step is one forward pass (bias and ReLU fused into each product), softmax + cross-entropy and its
 * gradient in one pass, and one backward pass in which each layer's update is fused into its weight
 * gradient product (W ← W − η·aᵀ·G, b ← b − η·1ᵀ·G) after G·Wᵀ has read the old W. With momentum,
 * ∂C/∂W is kept and v ← μ·v + ∂C/∂θ, θ ← θ − η·v follow.
 *
 * @module
 */
import type { F32Matrix, Kernels } from "../fast/kernel_api.ts";
import { lookup } from "../reference/activations.ts";
import { Matrix, transpose } from "../reference/matrix.ts";
import type { Gradients, LayerGradient, Network } from "../reference/network.ts";
import { validateNetwork } from "../reference/network.ts";
import { toLayout } from "../reference/row_network.ts";
import {
  type BackendOptions,
  checkFits,
  checkMomentum,
  initialNetwork,
  type Inputs,
  type TrainerBackend,
} from "./backend.ts";
import type { ModelSpec } from "./model_spec.ts";

/** One layer's float32 state: parameters, their gradients and velocity, and the batch buffers. */
interface Layer<M extends F32Matrix> {
  readonly nIn: number;
  readonly nOut: number;
  /** n_in × n_out. */
  readonly W: M;
  readonly b: M;
  readonly dW: M;
  readonly db: M;
  readonly vW: M;
  readonly vb: M;
  /** Batch buffers (capacity × n_out): z, a (z itself when ReLU is fused) and G = ∂C/∂z. */
  z: M;
  a: M;
  G: M;
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
export function checkBatch(x: Inputs, n: number, spec: ModelSpec): void {
  const need = n * spec.sizes[0];
  if (!Number.isInteger(n) || n < 1 || x.length < need) {
    throw new RangeError(
      `Cannot take a batch of ${n} samples of width ${
        spec.sizes[0]
      }: it needs ${need} values, got ${x.length}`,
    );
  }
}

/**
 * A float32 backend on a set of kernels, starting from the model's initial weights.
 *
 * @param name The backend's name.
 * @param k The kernels every product and element-wise step runs on.
 * @param options The model, the seed of its initial weights, and the momentum.
 * @returns The backend.
 * @example On the plain-TypeScript kernels
 * ```ts
 * import assert from "node:assert";
 * import { jsKernels } from "../fast/js_kernels.ts";
 * const spec = { sizes: [3, 4, 2], hidden: "relu", layout: "column" } as const;
 * const backend = createFloat32Backend("js", jsKernels, { spec, seed: 1 });
 * const W = backend.exportNetwork().layers[0].W;
 * assert.deepStrictEqual(W.shape, [4, 3]);
 * assert.strictEqual(W.get(0, 0), Math.fround(W.get(0, 0)));
 * const x = new Float32Array([1, 0, 0.5]);
 * const before = backend.step(x, new Uint8Array([1]), 1, 0.5);
 * assert.ok(backend.step(x, new Uint8Array([1]), 1, 0.5) < before);
 * ```
 */
export function createFloat32Backend<M extends F32Matrix>(
  name: string,
  k: Kernels<M>,
  options: BackendOptions,
): TrainerBackend {
  const { spec } = options;
  const mu = checkMomentum(options.momentum);
  const relu = spec.hidden === "relu";
  const act = lookup(spec.hidden);
  const L = spec.sizes.length - 1;
  const classes = spec.sizes[L];
  const layers: Layer<M>[] = spec.sizes.slice(1).map((nOut, l) => {
    const nIn = spec.sizes[l];
    const empty = k.matrix(0, nOut);
    return {
      nIn,
      nOut,
      W: k.matrix(nIn, nOut),
      b: k.matrix(1, nOut),
      dW: k.matrix(nIn, nOut),
      db: k.matrix(1, nOut),
      vW: k.matrix(nIn, nOut),
      vb: k.matrix(1, nOut),
      z: empty,
      a: empty,
      G: empty,
    };
  });
  let capacity = 0;
  let X = k.matrix(0, spec.sizes[0]);
  let Y = k.matrix(0, classes);
  let hasVelocity = false;

  const ensure = (n: number) => {
    if (n <= capacity) return;
    capacity = Math.max(n, 2 * capacity);
    X = k.matrix(capacity, spec.sizes[0]);
    Y = k.matrix(capacity, classes);
    for (const layer of layers) {
      layer.z = k.matrix(capacity, layer.nOut);
      layer.a = relu ? layer.z : k.matrix(capacity, layer.nOut);
      layer.G = k.matrix(capacity, layer.nOut);
    }
  };

  const forwardPass = (x: Inputs, n: number) => {
    checkBatch(x, n, spec);
    ensure(n);
    const Xn = k.rowsOf(X, n);
    const inputs = x.subarray(0, n * spec.sizes[0]);
    if (inputs instanceof Uint8Array) k.scalePixels(inputs, Xn);
    else Xn.data.set(inputs);
    let a = Xn;
    layers.forEach((layer, l) => {
      const hidden = l < L - 1;
      // z = a·W + b, with a = ReLU(z) fused for ReLU hidden layers — "2 Layer NN", T = X·W + b
      const z = k.gemmNN(a, layer.W, {
        c: k.rowsOf(layer.z, n),
        bias: layer.b,
        relu: hidden && relu,
        sparse: l === 0, // pixels are mostly zeros: kernels that can skip them
      });
      if (hidden && !relu) {
        const zs = z.data, as = k.rowsOf(layer.a, n).data;
        for (let q = 0; q < zs.length; q++) as[q] = act.f(zs[q]);
      }
      a = k.rowsOf(layer.a, n);
    });
  };

  /** Forward and backward over a batch; with `update`, each layer steps as soon as G·Wᵀ is done. */
  const pass = (
    x: Inputs,
    labels: Uint8Array,
    n: number,
    update?: { lr: number; first: boolean },
  ): number => {
    forwardPass(x, n);
    const Yn = k.rowsOf(Y, n);
    const y = Yn.data;
    y.fill(0);
    for (let i = 0; i < n; i++) y[i * classes + labels[i]] = 1;
    // ∂C/∂z_L = (softmax(z_L) − y)/n — "2 Layer NN", direct jump
    const loss = k.softmaxCrossEntropyGrad(
      k.rowsOf(layers[L - 1].z, n),
      Yn,
      k.rowsOf(layers[L - 1].G, n),
    );
    for (let l = L - 1; l >= 0; l--) {
      const layer = layers[l];
      const G = k.rowsOf(layer.G, n);
      const aPrev = l === 0 ? k.rowsOf(X, n) : k.rowsOf(layers[l - 1].a, n);
      if (l > 0) {
        const below = layers[l - 1];
        // G_prev = (G·Wᵀ) ⊙ f′(z_prev) — "Layer by Layer", recursive δ; reads W before its update
        const Gprev = k.gemmNT(G, layer.W, { c: k.rowsOf(below.G, n) });
        if (relu) k.reluBackward(Gprev, k.rowsOf(below.a, n), Gprev);
        else {
          const g = Gprev.data, z = k.rowsOf(below.z, n).data;
          for (let q = 0; q < g.length; q++) g[q] *= act.df(z[q]);
        }
      }
      // ∂C/∂W = aᵀ·G, ∂C/∂b = 1ᵀ·G — "2 Layer NN", Logits → Hidden Layer and W2_b2
      if (update && mu === 0) {
        k.gemmTN(aPrev, G, { c: layer.W, alpha: -update.lr, accumulate: true, sparse: l === 0 });
        k.columnSums(G, layer.b, { alpha: -update.lr, accumulate: true });
        continue;
      }
      k.gemmTN(aPrev, G, { c: layer.dW, sparse: l === 0 });
      k.columnSums(G, layer.db);
      if (update) {
        // v ← μ·v + ∂C/∂θ (v ← ∂C/∂θ on the first step), θ ← θ − η·v
        const m = update.first ? 0 : mu;
        k.sgdUpdate(layer.W, k.momentumUpdate(layer.vW, layer.dW, m), update.lr);
        k.sgdUpdate(layer.b, k.momentumUpdate(layer.vb, layer.db, m), update.lr);
      }
    }
    return loss;
  };

  const backend: TrainerBackend = {
    name,
    spec,
    step(x, labels, n, lr) {
      const loss = pass(x, labels, n, { lr, first: !hasVelocity });
      hasVelocity = true;
      return loss;
    },
    gradients(x, labels, n) {
      const loss = pass(x, labels, n);
      return { loss, grads: exportGradients(layers, n, spec) };
    },
    predict(x, n) {
      const P = new Float32Array(n * classes);
      forwardPass(x, n);
      const z = k.rowsOf(layers[L - 1].z, n).data;
      for (let i = 0; i < n; i++) softmaxRow(z, P, i * classes, classes);
      return P;
    },
    exportNetwork() {
      return exportNetwork(layers, spec);
    },
    importNetwork(net) {
      validateNetwork(net);
      checkFits(net, spec);
      toLayout(net, "row").layers.forEach((src, l) => {
        layers[l].W.data.set(src.W.data);
        layers[l].b.data.set(src.b.data);
        layers[l].vW.data.fill(0);
        layers[l].vb.data.fill(0);
      });
      hasVelocity = false;
    },
  };
  backend.importNetwork(initialNetwork(spec, options.seed));
  return backend;
}

/** The layers' weights as a float64 reference network in the model's layout, softmax last. */
function exportNetwork(layers: readonly Layer<F32Matrix>[], spec: ModelSpec): Network {
  const rows: Network = {
    layout: "row",
    layers: layers.map((layer, l) => ({
      W: new Matrix(layer.nIn, layer.nOut, Float64Array.from(layer.W.data)),
      b: new Matrix(1, layer.nOut, Float64Array.from(layer.b.data)),
      activation: l === layers.length - 1 ? "softmax" : spec.hidden,
    })),
  };
  return toLayout(rows, spec.layout);
}

/**
 * The gradients of the last batch as float64 reference matrices in the model's layout; δ = n·G per
 * sample, since G = ∂C/∂z holds the batch mean's 1/n.
 */
function exportGradients(
  layers: readonly Layer<F32Matrix>[],
  n: number,
  spec: ModelSpec,
): Gradients {
  const rows: LayerGradient[] = layers.map((layer) => {
    const G = layer.G.data;
    const delta = new Matrix(n, layer.nOut);
    for (let q = 0; q < n * layer.nOut; q++) delta.data[q] = n * G[q];
    return {
      delta,
      dW: new Matrix(layer.nIn, layer.nOut, Float64Array.from(layer.dW.data)),
      db: new Matrix(1, layer.nOut, Float64Array.from(layer.db.data)),
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

/** Softmax of one row of logits, shifted by its maximum. */
function softmaxRow(z: Float32Array, P: Float32Array, at: number, classes: number): void {
  let m = -Infinity;
  for (let c = 0; c < classes; c++) m = Math.max(m, z[at + c]);
  let s = 0;
  for (let c = 0; c < classes; c++) s += Math.exp(z[at + c] - m);
  for (let c = 0; c < classes; c++) P[at + c] = Math.exp(z[at + c] - m) / s;
}
