/**
 * The WebAssembly SIMD float32 backend: the same training step as js_backend.ts, with every product
 * done by the GEMM kernels of src/fast/ (forward Z = X·W + b with bias and ReLU fused, backward
 * G·Wᵀ and dW = Xᵀ·G) over one `WebAssembly.Memory` arena. Sigmoid and tanh, which the kernels do
 * not provide, are applied in TypeScript on views of that memory.
 *
 * @module
 */
import { lookup } from "../reference/activations.ts";
import { Arena, type ArenaMatrix, ArenaMatrix as ArenaMatrixClass } from "../fast/arena.ts";
import { WasmKernels } from "../fast/wasm_kernels.ts";
import { type BackendOptions, checkMomentum, type TrainerBackend } from "./backend.ts";
import {
  checkBatch,
  float32Backend,
  type Float32Layer,
  newFloat32Layer,
} from "./float32_backend.ts";

/**
 * One layer in the arena. Its batch buffers have capacity rows; z holds a = ReLU(z) when the ReLU
 * is fused, and a is then z itself (sigmoid and tanh get an a of their own).
 */
type WasmLayer = Float32Layer<ArenaMatrix>;

/**
 * Creates the WebAssembly backend.
 *
 * @param options The model, the seed of its initial weights, and the momentum.
 * @param kernels The kernels to run on (default: one-thread kernels on a new arena); pass
 *   ParallelWasmKernels (src/fast/parallel_kernels.ts) for two threads, and close them when training is done.
 * @returns The backend.
 * @example Same start as the other backends
 * ```ts
 * import assert from "node:assert";
 * const spec = { sizes: [3, 4, 2], hidden: "relu", layout: "row" } as const;
 * const backend = createWasmBackend({ spec, seed: 1 });
 * const x = new Float32Array([1, 0, 0.5]);
 * const P = backend.predict(x, 1);
 * assert.ok(Math.abs(P[0] + P[1] - 1) < 1e-6);
 * ```
 */
export function createWasmBackend(
  options: BackendOptions,
  kernels?: WasmKernels,
): TrainerBackend {
  const { spec } = options;
  const mu = checkMomentum(options.momentum);
  const k = kernels ?? new WasmKernels({ arena: reservedArena() });
  const relu = spec.hidden === "relu";
  const act = lookup(spec.hidden);
  const L = spec.sizes.length - 1;
  const classes = spec.sizes[L];
  const layers: WasmLayer[] = spec.sizes.slice(1).map((nOut, l) =>
    newFloat32Layer(spec.sizes[l], nOut, (rows, cols) => k.matrix(rows, cols))
  );
  let capacity = 0;
  let X = k.matrix(0, spec.sizes[0]);
  let Y = k.matrix(0, classes);

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
  /** The first n rows of a batch buffer, as a matrix the kernels take. */
  const rows = (m: ArenaMatrix, n: number): ArenaMatrix =>
    m.rows === n ? m : new ArenaMatrixClass(k.arena, { rows: n, cols: m.cols }, m.byteOffset);

  const forwardPass = (x: Float32Array, n: number) => {
    checkBatch(x, n, spec);
    ensure(n);
    const Xn = rows(X, n);
    Xn.data.set(x.subarray(0, n * spec.sizes[0]));
    let a = Xn;
    layers.forEach((layer, l) => {
      const hidden = l < L - 1;
      // z = a·W + b, with a = ReLU(z) fused for ReLU hidden layers — "2 Layer NN", T = X·W + b
      const z = k.gemmNN(a, layer.W, { c: rows(layer.z, n), bias: layer.b, relu: hidden && relu });
      if (hidden && !relu) {
        const zs = z.data, as = rows(layer.a, n).data;
        for (let q = 0; q < zs.length; q++) as[q] = act.f(zs[q]);
      }
      a = rows(layer.a, n);
    });
  };

  const backwardPass = (x: Float32Array, labels: Uint8Array, n: number): number => {
    forwardPass(x, n);
    const Yn = rows(Y, n);
    const y = Yn.data;
    y.fill(0);
    for (let i = 0; i < n; i++) y[i * classes + labels[i]] = 1;
    const top = layers[L - 1];
    // ∂C/∂z_L = (softmax(z_L) − y)/n — "2 Layer NN", direct jump
    const loss = k.softmaxCrossEntropyGrad(rows(top.z, n), Yn, rows(top.G, n));
    for (let l = L - 1; l >= 0; l--) {
      const layer = layers[l];
      const G = rows(layer.G, n);
      const aPrev = l === 0 ? rows(X, n) : rows(layers[l - 1].a, n);
      // ∂C/∂W = aᵀ·G, ∂C/∂b = 1ᵀ·G — "2 Layer NN", Logits → Hidden Layer and W2_b2
      k.gemmTN(aPrev, G, { c: layer.dW });
      k.columnSums(G, layer.db);
      if (l > 0) {
        const below = layers[l - 1];
        const Gprev = k.gemmNT(G, layer.W, { c: rows(below.G, n) });
        // G_prev = (G·Wᵀ) ⊙ f′(z_prev) — "Layer by Layer", recursive δ
        if (relu) k.reluBackward(Gprev, rows(below.a, n), Gprev);
        else {
          const g = Gprev.data, z = rows(below.z, n).data;
          for (let q = 0; q < g.length; q++) g[q] *= act.df(z[q]);
        }
      }
    }
    return loss;
  };

  return float32Backend({
    name: "wasm",
    spec,
    seed: options.seed,
    layers,
    backwardPass,
    predict(x, n) {
      const P = new Float32Array(n * classes);
      const top = layers[L - 1];
      forwardPass(x, n);
      const z = rows(top.z, n).data;
      for (let i = 0; i < n; i++) softmaxRow(z, P, i * classes, classes);
      return P;
    },
    updateLayer(layer, { lr, first }) {
      if (mu === 0) {
        k.sgdUpdate(layer.W, layer.dW, lr);
        k.sgdUpdate(layer.b, layer.db, lr);
      } else {
        // v ← μ·v + ∂C/∂θ, θ ← θ − η·v
        momentum(layer.vW.data, layer.dW.data, { mu, first });
        momentum(layer.vb.data, layer.db.data, { mu, first });
        k.sgdUpdate(layer.W, layer.vW, lr);
        k.sgdUpdate(layer.b, layer.vb, lr);
      }
    },
  });
}

/**
 * Bytes at the start of the memory kept away from the arena's allocations: the module's data
 * segments (AssemblyScript's exp/log tables, at bytes 1024 to 7168 of the build checked here) are
 * written there when it is instantiated, and a matrix placed over them turns every softmax into NaN.
 */
const STATIC_DATA_BYTES = 64 * 1024;

/** An arena whose first allocations cannot overwrite the kernels' static data. */
function reservedArena(): Arena {
  const arena = new Arena();
  arena.allocBytes(STATIC_DATA_BYTES);
  return arena;
}

/** v ← μ·v + g (v ← g on the first step). */
function momentum(v: Float32Array, g: Float32Array, options: { mu: number; first: boolean }): void {
  const { mu, first } = options;
  for (let q = 0; q < v.length; q++) v[q] = first ? g[q] : mu * v[q] + g[q];
}

/** Softmax of one row of logits, shifted by its maximum. */
function softmaxRow(z: Float32Array, P: Float32Array, at: number, classes: number): void {
  let m = -Infinity;
  for (let c = 0; c < classes; c++) m = Math.max(m, z[at + c]);
  let s = 0;
  for (let c = 0; c < classes; c++) s += Math.exp(z[at + c] - m);
  for (let c = 0; c < classes; c++) P[at + c] = Math.exp(z[at + c] - m) / s;
}
