/**
 * The plain-TypeScript float32 backend: weights, activations and gradients in `Float32Array`s, kept
 * in row layout internally (W is n_{l−1} × n_l, doc 000's X·W) whatever the model's layout, because a
 * row-major MNIST batch then streams through every loop contiguously. Each layer's forward and
 * backward rule is a kernel of js_kernels.ts.
 *
 * @module
 */
import { Matrix, transpose } from "../matrix.ts";
import type { Gradients, LayerGradient, Network } from "../network.ts";
import { validateNetwork } from "../network.ts";
import { toLayout } from "../row_network.ts";
import {
  type BackendOptions,
  checkFits,
  checkMomentum,
  initialNetwork,
  type TrainerBackend,
} from "./backend.ts";
import type { ModelSpec } from "./model_spec.ts";
import {
  activateRows,
  affineRows,
  backpropRows,
  softmaxCrossEntropyRows,
  weightGradRows,
} from "./js_kernels.ts";

/** One layer's float32 state: parameters, their gradients and momentum, and the batch buffers. */
interface Float32Layer {
  readonly nIn: number;
  readonly nOut: number;
  /** n_in × n_out, row-major. */
  readonly W: Float32Array;
  readonly b: Float32Array;
  readonly dW: Float32Array;
  readonly db: Float32Array;
  readonly vW: Float32Array;
  readonly vb: Float32Array;
  /** Batch buffers (maxN × n_out): pre-activation z, activation a, and G = ∂C/∂z. */
  z: Float32Array;
  a: Float32Array;
  G: Float32Array;
}

/**
 * Creates the plain-TypeScript float32 backend.
 *
 * @param options The model, the seed of its initial weights, and the momentum.
 * @returns The backend.
 * @example Starts from the reference's initial weights, rounded to float32
 * ```ts
 * import assert from "node:assert";
 * const spec = { sizes: [3, 4, 2], hidden: "relu", layout: "column" } as const;
 * const backend = createJsBackend({ spec, seed: 1 });
 * const W = backend.exportNetwork().layers[0].W;
 * assert.deepStrictEqual(W.shape, [4, 3]);
 * assert.strictEqual(W.get(0, 0), Math.fround(W.get(0, 0)));
 * ```
 */
export function createJsBackend(options: BackendOptions): TrainerBackend {
  const { spec } = options;
  const mu = checkMomentum(options.momentum);
  const layers = spec.sizes.slice(1).map((nOut, l) => newLayer(spec.sizes[l], nOut));
  const classes = spec.sizes[spec.sizes.length - 1];
  let capacity = 0;
  let hasVelocity = false;

  const ensure = (n: number) => {
    if (n <= capacity) return;
    capacity = Math.max(n, 2 * capacity);
    for (const layer of layers) {
      layer.z = new Float32Array(capacity * layer.nOut);
      layer.a = new Float32Array(capacity * layer.nOut);
      layer.G = new Float32Array(capacity * layer.nOut);
    }
  };

  const forwardPass = (x: Float32Array, n: number) => {
    checkBatch(x, n, spec);
    ensure(n);
    let a = x;
    layers.forEach((layer, l) => {
      affineRows({ n, nIn: layer.nIn, nOut: layer.nOut }, {
        a,
        W: layer.W,
        b: layer.b,
        z: layer.z,
      });
      if (l < layers.length - 1) activateRows(view(layer.z, n, layer), layer.a, spec.hidden);
      a = layer.a;
    });
  };

  const backwardPass = (x: Float32Array, labels: Uint8Array, n: number): number => {
    forwardPass(x, n);
    const L = layers.length;
    const top = layers[L - 1];
    // ∂C/∂z_L = (softmax(z_L) − y)/n — "2 Layer NN", direct jump
    const loss = softmaxCrossEntropyRows(top.z, labels, { n, classes, G: top.G });
    for (let l = L - 1; l >= 0; l--) {
      const layer = layers[l];
      const shape = { n, nIn: layer.nIn, nOut: layer.nOut };
      const a = l === 0 ? x : layers[l - 1].a;
      weightGradRows(shape, { a, G: layer.G, dW: layer.dW, db: layer.db });
      if (l > 0) {
        const below = layers[l - 1];
        backpropRows(shape, {
          G: layer.G,
          W: layer.W,
          zPrev: below.z,
          activation: spec.hidden,
          Gprev: below.G,
        });
      }
    }
    return loss;
  };

  const backend: TrainerBackend = {
    name: "js",
    spec,
    step(x, labels, n, lr) {
      const loss = backwardPass(x, labels, n);
      for (const layer of layers) {
        update(layer.W, layer.dW, layer.vW, { lr, mu, first: !hasVelocity });
        update(layer.b, layer.db, layer.vb, { lr, mu, first: !hasVelocity });
      }
      hasVelocity = true;
      return loss;
    },
    gradients(x, labels, n) {
      const loss = backwardPass(x, labels, n);
      return { loss, grads: exportGradients(layers, n, spec) };
    },
    predict(x, n) {
      forwardPass(x, n);
      const top = layers[layers.length - 1];
      const P = new Float32Array(n * classes);
      softmaxCrossEntropyRows(top.z, new Uint8Array(n), { n, classes, P });
      return P;
    },
    exportNetwork() {
      const rows: Network = {
        layout: "row",
        layers: layers.map((layer, l) => ({
          W: new Matrix(layer.nIn, layer.nOut, Float64Array.from(layer.W)),
          b: new Matrix(1, layer.nOut, Float64Array.from(layer.b)),
          activation: l === layers.length - 1 ? "softmax" : spec.hidden,
        })),
      };
      return toLayout(rows, spec.layout);
    },
    importNetwork(net) {
      validateNetwork(net);
      checkFits(net, spec);
      toLayout(net, "row").layers.forEach((src, l) => {
        layers[l].W.set(src.W.data);
        layers[l].b.set(src.b.data);
        layers[l].vW.fill(0);
        layers[l].vb.fill(0);
      });
      hasVelocity = false;
    },
  };
  backend.importNetwork(initialNetwork(spec, options.seed));
  return backend;
}

function newLayer(nIn: number, nOut: number): Float32Layer {
  const empty = new Float32Array(0);
  return {
    nIn,
    nOut,
    W: new Float32Array(nIn * nOut),
    b: new Float32Array(nOut),
    dW: new Float32Array(nIn * nOut),
    db: new Float32Array(nOut),
    vW: new Float32Array(nIn * nOut),
    vb: new Float32Array(nOut),
    z: empty,
    a: empty,
    G: empty,
  };
}

/** The first n rows of a batch buffer. */
function view(buffer: Float32Array, n: number, layer: Float32Layer): Float32Array {
  return buffer.subarray(0, n * layer.nOut);
}

/** θ ← θ − η·v with v ← μ·v + g (v = g on the first step, and always when μ = 0). */
function update(
  theta: Float32Array,
  g: Float32Array,
  v: Float32Array,
  options: { lr: number; mu: number; first: boolean },
): void {
  const { lr, mu, first } = options;
  if (mu === 0) {
    for (let k = 0; k < theta.length; k++) theta[k] -= lr * g[k];
    return;
  }
  for (let k = 0; k < theta.length; k++) {
    const vk = first ? g[k] : mu * v[k] + g[k];
    v[k] = vk;
    theta[k] -= lr * vk;
  }
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

/** The float32 gradients as reference matrices in the model's layout; δ = n·G per sample. */
function exportGradients(
  layers: readonly Float32Layer[],
  n: number,
  spec: ModelSpec,
): Gradients {
  const rows: LayerGradient[] = layers.map((layer) => {
    const delta = new Matrix(n, layer.nOut);
    for (let k = 0; k < n * layer.nOut; k++) delta.data[k] = n * layer.G[k];
    return {
      delta,
      dW: new Matrix(layer.nIn, layer.nOut, Float64Array.from(layer.dW)),
      db: new Matrix(1, layer.nOut, Float64Array.from(layer.db)),
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
