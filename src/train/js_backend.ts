/**
 * The plain-TypeScript float32 backend: weights, activations and gradients in `Float32Array`s, kept
 * in row layout internally (W is n_{l−1} × n_l, doc 000's X·W) whatever the model's layout, because a
 * row-major MNIST batch then streams through every loop contiguously. Each layer's forward and
 * backward rule is a kernel of js_kernels.ts.
 *
 * @module
 */
import { type BackendOptions, checkMomentum, type TrainerBackend } from "./backend.ts";
import {
  checkBatch,
  float32Backend,
  type Float32Layer,
  newFloat32Layer,
} from "./float32_backend.ts";
import {
  activateRows,
  affineRows,
  backpropRows,
  softmaxCrossEntropyRows,
  weightGradRows,
} from "./js_kernels.ts";

/** One layer's state in plain `Float32Array`s. */
type JsLayer = Float32Layer<Float32Array>;

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
  const layers: JsLayer[] = spec.sizes.slice(1).map((nOut, l) =>
    newFloat32Layer(spec.sizes[l], nOut, (rows, cols) => new Float32Array(rows * cols))
  );
  const classes = spec.sizes[spec.sizes.length - 1];
  let capacity = 0;

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

  return float32Backend({
    name: "js",
    spec,
    seed: options.seed,
    layers,
    backwardPass,
    predict(x, n) {
      forwardPass(x, n);
      const top = layers[layers.length - 1];
      const P = new Float32Array(n * classes);
      softmaxCrossEntropyRows(top.z, new Uint8Array(n), { n, classes, P });
      return P;
    },
    updateLayer(layer, { lr, first }) {
      update(layer.W, layer.dW, layer.vW, { lr, mu, first });
      update(layer.b, layer.db, layer.vb, { lr, mu, first });
    },
  });
}

/** The first n rows of a batch buffer. */
function view(buffer: Float32Array, n: number, layer: JsLayer): Float32Array {
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
