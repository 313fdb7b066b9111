/**
 * The float32 kernels with every product done by the system's OpenBLAS (`cblas_sgemm` through
 * Deno's FFI, src/fast/blas.ts) and every element-wise step by the WebAssembly SIMD kernels, on the
 * same arena: OpenBLAS reads and writes the WebAssembly memory in place, so nothing is copied
 * between the two. The bias and ReLU of a forward product run in one SIMD pass over its result, and the
 * training step fuses its SGD update into the weight-gradient product (`alpha = −η`, `beta = 1`).
 *
 * @module
 */
import type { Blas } from "./blas.ts";
import { GEMM_FLAGS, type GemmCall, WasmKernels, type WasmKernelsOptions } from "./wasm_kernels.ts";

/** WebAssembly kernels whose products run on OpenBLAS, on a fixed number of OpenBLAS threads. */
export class NativeKernels extends WasmKernels {
  /** The library. */
  readonly blas: Blas;
  /** OpenBLAS threads used by every product of these kernels. */
  readonly threads: number;

  /**
   * Kernels on a library.
   *
   * @param blas The library (from `openBlas()`).
   * @param options OpenBLAS threads for the products (default 1), and the WebAssembly options.
   * @example Forward pass of one layer, Z = relu(X·W + b)
   * ```ts
   * import assert from "node:assert";
   * import { openBlas } from "./blas.ts";
   * const found = openBlas();
   * if (found.ok) {
   *   const k = new NativeKernels(found.blas);
   *   const X = k.arena.from(1, 2, [1, 2]);
   *   const W = k.arena.from(2, 2, [1, -1, 1, -1]);
   *   const b = k.arena.from(1, 2, [0.5, 0.5]);
   *   const Z = k.gemmNN(X, W, { c: k.matrix(1, 2), bias: b, relu: true });
   *   assert.deepStrictEqual([...Z.data], [3.5, 0]);
   * }
   * ```
   */
  constructor(blas: Blas, options: WasmKernelsOptions & { readonly threads?: number } = {}) {
    const threads = options.threads ?? 1;
    if (!Number.isInteger(threads) || threads < 1) {
      throw new RangeError(`Cannot run OpenBLAS on ${threads} threads`);
    }
    // OpenBLAS's dense products beat the WebAssembly sparse ones on MNIST's 19% nonzero pixels
    // (wasm/README.md), so a hint to skip zeros is ignored unless asked for.
    super({ skipZeros: false, ...options });
    this.blas = blas;
    this.threads = threads;
  }

  /**
   * Runs one validated product on OpenBLAS, then its bias and ReLU in one pass.
   *
   * @param call The product, with byte offsets and strides into the arena.
   */
  protected override runGemm(call: GemmCall): void {
    const { m, n, k } = call;
    const buffer = this.arena.memory.buffer;
    const view = (byteOffset: number, length: number) =>
      new Float32Array(buffer, byteOffset, length);
    const c = view(call.c, m * n);
    if (m * n === 0) return;
    const accumulate = (call.flags & GEMM_FLAGS.accumulate) !== 0;
    if (k === 0) {
      if (!accumulate) c.fill(0);
    } else {
      // A(i, p) at a + i·rsA + p·csA: A is stored row-major (m×k) when its rows are k floats apart
      // and its columns adjacent, else Aᵀ is (k×m); likewise B (k×n, or Bᵀ n×k).
      const transA = !(call.csA === 4 && call.rsA === 4 * k);
      const transB = !(call.csB === 4 && call.rsB === 4 * n);
      const lda = (transA ? call.csA : call.rsA) / 4, ldb = (transB ? call.csB : call.rsB) / 4;
      this.blas.setThreads(this.threads);
      this.blas.sgemm({
        transA,
        transB,
        m,
        n,
        k,
        alpha: call.alpha,
        a: view(call.a, transA ? k * lda : m * lda),
        lda,
        b: view(call.b, transB ? n * ldb : k * ldb),
        ldb,
        beta: accumulate ? 1 : 0,
        c,
        ldc: call.ldc / 4,
      });
    }
    const relu = (call.flags & GEMM_FLAGS.relu) !== 0;
    if (call.bias || relu) this.addBiasAt(call.c, { m, n }, call.bias, relu);
  }
}
