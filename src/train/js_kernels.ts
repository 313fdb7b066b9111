/**
 * The float32 kernels of the plain-TypeScript backend, on row-major `Float32Array`s in row layout
 * (doc 000's X·W: a batch is n × n_in, W is n_in × n_out), with loops ordered so that the innermost
 * one walks contiguous memory. Inputs that are exactly zero are skipped: three quarters of an MNIST
 * image is background, so the first layer, which holds nearly all the work, shrinks about fourfold.
 *
 * @module
 */
import { lookup } from "../reference/activations.ts";

/** Shapes of one dense layer applied to a batch. */
export interface DenseShape {
  /** Batch size. */
  readonly n: number;
  /** Input width n_{l−1}. */
  readonly nIn: number;
  /** Output width n_l. */
  readonly nOut: number;
}

/**
 * z = a·W + b for a batch ("2 Layer NN", Linear Transformation: T = X·W + b).
 *
 * @param shape n, n_in, n_out.
 * @param operands a (n × n_in), W (n_in × n_out), b (n_out) and the output z (n × n_out).
 * @example
 * ```ts
 * import assert from "node:assert";
 * const z = new Float32Array(2);
 * affineRows({ n: 1, nIn: 2, nOut: 2 }, {
 *   a: new Float32Array([1, 2]), W: new Float32Array([1, 0, 0, 1]), b: new Float32Array([10, 20]), z,
 * });
 * assert.deepStrictEqual([...z], [11, 22]);
 * ```
 */
export function affineRows(
  shape: DenseShape,
  operands: { a: Float32Array; W: Float32Array; b: Float32Array; z: Float32Array },
): void {
  const { n, nIn, nOut } = shape;
  const { a, W, b, z } = operands;
  for (let i = 0; i < n; i++) {
    const zi = i * nOut;
    for (let j = 0; j < nOut; j++) z[zi + j] = b[j];
    const ai = i * nIn;
    for (let p = 0; p < nIn; p++) {
      const v = a[ai + p];
      if (v === 0) continue;
      const wp = p * nOut;
      for (let j = 0; j < nOut; j++) z[zi + j] += v * W[wp + j];
    }
  }
}

/**
 * a = f(z) elementwise, for a hidden activation.
 *
 * @param z Pre-activations.
 * @param a The output (may be z itself).
 * @param name The activation.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const a = new Float32Array(2);
 * activateRows(new Float32Array([-1, 2]), a, "relu");
 * assert.deepStrictEqual([...a], [0, 2]);
 * ```
 */
export function activateRows(z: Float32Array, a: Float32Array, name: string): void {
  const count = z.length;
  if (name === "relu") {
    for (let k = 0; k < count; k++) {
      const v = z[k];
      a[k] = v > 0 ? v : v <= 0 ? 0 : v;
    }
    return;
  }
  const f = lookup(name).f;
  for (let k = 0; k < count; k++) a[k] = f(z[k]);
}

/**
 * Softmax of each row of logits, the batch-mean cross-entropy, and its gradient
 * G = ∂C/∂z = (softmax(z) − y)/n ("2 Layer NN", Cross Entropy → Logits, direct jump).
 * Each row is shifted by its maximum and the loss is log Σ e^(z − m) − (z_y − m), so neither
 * overflows.
 *
 * @param z n × classes logits.
 * @param labels n class indices.
 * @param out n, classes, and where to write the probabilities P and the gradient G (either may be
 *   left out).
 * @returns The batch-mean loss.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const G = new Float32Array(2);
 * const loss = softmaxCrossEntropyRows(new Float32Array([0, 0]), new Uint8Array([0]), { n: 1, classes: 2, G });
 * assert.strictEqual(loss, Math.LN2);
 * assert.deepStrictEqual([...G], [-0.5, 0.5]);
 * ```
 */
export function softmaxCrossEntropyRows(
  z: Float32Array,
  labels: Uint8Array,
  out: { n: number; classes: number; P?: Float32Array; G?: Float32Array },
): number {
  const { n, classes, P, G } = out;
  let total = 0;
  const e = new Float64Array(classes);
  for (let i = 0; i < n; i++) {
    const zi = i * classes;
    let m = -Infinity;
    for (let c = 0; c < classes; c++) m = Math.max(m, z[zi + c]);
    let s = 0;
    for (let c = 0; c < classes; c++) s += e[c] = Math.exp(z[zi + c] - m);
    const y = labels[i];
    total += Math.log(s) - (z[zi + y] - m);
    for (let c = 0; c < classes; c++) {
      const p = e[c] / s;
      if (P) P[zi + c] = p;
      if (G) G[zi + c] = (p - (c === y ? 1 : 0)) / n;
    }
  }
  return total / n;
}

/**
 * dW = aᵀ·G and db = 1ᵀ·G for a batch ("2 Layer NN": ∂Loss/∂W = Xᵀ·∂Loss/∂T, ∂Loss/∂b = 1ᵀ·∂Loss/∂T;
 * G already holds the batch mean's 1/n).
 *
 * @param shape n, n_in, n_out.
 * @param operands a (n × n_in), G (n × n_out) and the outputs dW (n_in × n_out), db (n_out).
 * @example
 * ```ts
 * import assert from "node:assert";
 * const dW = new Float32Array(2), db = new Float32Array(1);
 * weightGradRows({ n: 2, nIn: 2, nOut: 1 }, {
 *   a: new Float32Array([1, 2, 3, 4]), G: new Float32Array([1, -1]), dW, db,
 * });
 * assert.deepStrictEqual([...dW, ...db], [-2, -2, 0]);
 * ```
 */
export function weightGradRows(
  shape: DenseShape,
  operands: { a: Float32Array; G: Float32Array; dW: Float32Array; db: Float32Array },
): void {
  const { n, nIn, nOut } = shape;
  const { a, G, dW, db } = operands;
  dW.fill(0, 0, nIn * nOut);
  db.fill(0, 0, nOut);
  for (let i = 0; i < n; i++) {
    const gi = i * nOut;
    for (let j = 0; j < nOut; j++) db[j] += G[gi + j];
    const ai = i * nIn;
    for (let p = 0; p < nIn; p++) {
      const v = a[ai + p];
      if (v === 0) continue;
      const wp = p * nOut;
      for (let j = 0; j < nOut; j++) dW[wp + j] += v * G[gi + j];
    }
  }
}

/**
 * The error of the layer below: G_prev = (G·Wᵀ) ⊙ f′(z_prev) ("2 Layer NN", Hidden Layer 1 Activation →
 * Linear; "Layer by Layer", recursive δ, transposed into row layout). Where f′ is zero (ReLU at
 * z ≤ 0) the dot product is skipped.
 *
 * @param shape n, n_in (the width below), n_out.
 * @param operands G (n × n_out), W (n_in × n_out), z_prev (n × n_in), the activation below, and the
 *   output Gprev (n × n_in).
 * @example
 * ```ts
 * import assert from "node:assert";
 * const Gprev = new Float32Array(2);
 * backpropRows({ n: 1, nIn: 2, nOut: 1 }, {
 *   G: new Float32Array([2]), W: new Float32Array([3, 4]), zPrev: new Float32Array([1, -1]),
 *   activation: "relu", Gprev,
 * });
 * assert.deepStrictEqual([...Gprev], [6, 0]);
 * ```
 */
export function backpropRows(
  shape: DenseShape,
  operands: {
    G: Float32Array;
    W: Float32Array;
    zPrev: Float32Array;
    activation: string;
    Gprev: Float32Array;
  },
): void {
  const { n, nIn, nOut } = shape;
  const { G, W, zPrev, activation, Gprev } = operands;
  const relu = activation === "relu";
  const df = lookup(activation).df;
  for (let i = 0; i < n; i++) {
    const gi = i * nOut;
    for (let p = 0; p < nIn; p++) {
      const z = zPrev[i * nIn + p];
      if (relu && z <= 0) {
        Gprev[i * nIn + p] = 0;
        continue;
      }
      const wp = p * nOut;
      let s = 0;
      for (let j = 0; j < nOut; j++) s += G[gi + j] * W[wp + j];
      Gprev[i * nIn + p] = relu ? (z > 0 ? s : z) : s * df(z);
    }
  }
}
