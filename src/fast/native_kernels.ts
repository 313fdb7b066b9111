/**
 * The float32 kernels with every product done by the system's OpenBLAS (`cblas_sgemm` through
 * Deno's FFI, src/fast/blas.ts) and the element-wise steps by the plain-TypeScript kernels on the
 * same `Float32Array`s. The bias and ReLU of a forward product run in one pass over its result, and
 * an SGD step on W is fused into the weight-gradient product (`alpha = −η`, `beta = 1`), so a training
 * step makes few passes over memory beyond the products themselves.
 *
 * @module
 */
import type { Blas } from "./blas.ts";
import {
  addBias,
  columnSums,
  f32Matrix,
  momentumUpdate,
  reluBackward,
  rowsOf,
  sgdUpdate,
  softmaxCrossEntropyGrad,
} from "./js_kernels.ts";
import {
  type F32Matrix,
  type GemmKind,
  type GemmOptions,
  gemmShape,
  type Kernels,
} from "./kernel_api.ts";

/** Kernels over an opened OpenBLAS, on a fixed number of OpenBLAS threads. */
export class NativeKernels implements Kernels<F32Matrix> {
  /** The library. */
  readonly blas: Blas;
  /** OpenBLAS threads used by every product of these kernels. */
  readonly threads: number;

  /**
   * Kernels on a library.
   *
   * @param blas The library (from `openBlas()`).
   * @param threads OpenBLAS threads for the products (default 1).
   * @example Forward pass of one layer, Z = relu(X·W + b)
   * ```ts
   * import assert from "node:assert";
   * import { openBlas } from "./blas.ts";
   * const found = openBlas();
   * if (found.ok) {
   *   const k = new NativeKernels(found.blas);
   *   const X = { rows: 1, cols: 2, data: new Float32Array([1, 2]) };
   *   const W = { rows: 2, cols: 2, data: new Float32Array([1, -1, 1, -1]) };
   *   const b = { rows: 1, cols: 2, data: new Float32Array([0.5, 0.5]) };
   *   const Z = k.gemmNN(X, W, { c: k.matrix(1, 2), bias: b, relu: true });
   *   assert.deepStrictEqual([...Z.data], [3.5, 0]);
   * }
   * ```
   */
  constructor(blas: Blas, threads = 1) {
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(`Cannot run OpenBLAS on ${threads} threads`);
    }
    this.blas = blas;
    this.threads = threads;
  }

  /** A zero-filled matrix. */
  matrix(rows: number, cols: number): F32Matrix {
    return f32Matrix(rows, cols);
  }

  /** The first rows of a matrix, sharing its values. */
  rowsOf(m: F32Matrix, rows: number): F32Matrix {
    return rowsOf(m, rows);
  }

  /** `c = relu(alpha·A·B + [c] + bias)`, A m×k, B k×n: the forward product `Z = X·W + b`. */
  gemmNN(a: F32Matrix, b: F32Matrix, options: GemmOptions): F32Matrix {
    return this.#gemm("NN", a, { b, ...options });
  }

  /** `c = relu(alpha·A·Bᵀ + [c] + bias)`, A m×k, B n×k: the backward product `G·Wᵀ`. */
  gemmNT(a: F32Matrix, b: F32Matrix, options: GemmOptions): F32Matrix {
    return this.#gemm("NT", a, { b, ...options });
  }

  /** `c = relu(alpha·Aᵀ·B + [c] + bias)`, A k×m, B k×n: the weight gradient `dW = Xᵀ·G`. */
  gemmTN(a: F32Matrix, b: F32Matrix, options: GemmOptions): F32Matrix {
    return this.#gemm("TN", a, { b, ...options });
  }

  #gemm(kind: GemmKind, a: F32Matrix, o: GemmOptions & { readonly b: F32Matrix }): F32Matrix {
    const { m, n, k } = gemmShape(kind, a, o);
    for (const [name, x] of [["a", a], ["b", o.b], ["bias", o.bias]] as const) {
      if (x && overlaps(o.c.data, x.data)) {
        throw new RangeError(`Cannot multiply into c (${m}×${n}): the output overlaps ${name}`);
      }
    }
    if (m * n === 0) return o.c;
    if (k === 0) {
      if (!o.accumulate) o.c.data.fill(0);
    } else {
      this.blas.setThreads(this.threads);
      this.blas.sgemm({
        transA: kind === "TN",
        transB: kind === "NT",
        m,
        n,
        k,
        alpha: o.alpha ?? 1,
        a: a.data,
        lda: a.cols,
        b: o.b.data,
        ldb: o.b.cols,
        beta: o.accumulate ? 1 : 0,
        c: o.c.data,
        ldc: n,
      });
    }
    // The epilogue: bias and ReLU in one pass over c.
    if (o.bias) addBias(o.c, o.bias, { relu: o.relu });
    else if (o.relu) reluInPlace(o.c.data);
    return o.c;
  }

  /** `out = g ⊙ ReLU′`, with ReLU′ read from the activations `a = ReLU(z)`. */
  reluBackward(g: F32Matrix, a: F32Matrix, out: F32Matrix): F32Matrix {
    return reluBackward(g, a, out);
  }

  /** `g = (softmax(z) − y)/N` per row; returns the mean cross-entropy. */
  softmaxCrossEntropyGrad(z: F32Matrix, y: F32Matrix, g: F32Matrix): number {
    return softmaxCrossEntropyGrad(z, y, g);
  }

  /** `out = alpha·Σ_rows g (+ out)`: the bias gradient `db`. */
  columnSums(
    g: F32Matrix,
    out: F32Matrix,
    options?: { readonly alpha?: number; readonly accumulate?: boolean },
  ): F32Matrix {
    return columnSums(g, out, options);
  }

  /** `W = W − lr·dW`. */
  sgdUpdate(W: F32Matrix, dW: F32Matrix, lr: number): F32Matrix {
    return sgdUpdate(W, dW, lr);
  }

  /** `v = mu·v + g`. */
  momentumUpdate(v: F32Matrix, g: F32Matrix, mu: number): F32Matrix {
    return momentumUpdate(v, g, mu);
  }
}

function overlaps(x: Float32Array, y: Float32Array): boolean {
  if (x.buffer !== y.buffer || x.length === 0 || y.length === 0) return false;
  return x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}

// As src/reference/activations.ts: max(0, z), NaN kept, −0 to +0.
function reluInPlace(v: Float32Array): void {
  for (let i = 0; i < v.length; i++) {
    const z = v[i];
    v[i] = z > 0 ? z : z <= 0 ? 0 : z;
  }
}
