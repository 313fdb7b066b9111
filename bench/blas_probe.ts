/**
 * How fast the system's OpenBLAS multiplies the largest products of a 784-128-64-10 training step at
 * batch 128 on one thread, in this process's environment: one JSON line `{"kernel", "gflops"}`. The
 * bench runs it with and without the OpenBLAS forcing variables (OPENBLAS_CORETYPE,
 * OPENBLAS_L2_SIZE), since OpenBLAS reads them once, when it is loaded, and keeps the faster setting.
 *
 * Usage: `deno run --allow-ffi bench/blas_probe.ts`
 *
 * @module
 */
import { openBlas } from "../src/fast/blas.ts";

/**
 * GFLOP/s of `X·W1` (128×128×784) and `Xᵀ·G1` (784×128×128) together, best of 5 runs.
 *
 * @returns The kernel OpenBLAS runs and its GFLOP/s, or undefined without OpenBLAS.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const r = probeBlas();
 * assert.ok(r === undefined || r.gflops > 0);
 * ```
 */
export function probeBlas(): { kernel: string; gflops: number } | undefined {
  const found = openBlas();
  if (!found.ok) return undefined;
  const { blas } = found;
  blas.setThreads(1);
  const X = new Float32Array(128 * 784).fill(0.5), W = new Float32Array(784 * 128).fill(0.25);
  const Z = new Float32Array(128 * 128), dW = new Float32Array(784 * 128);
  const common = { alpha: 1, beta: 0 };
  const step = () => {
    blas.sgemm({
      ...common,
      transA: false,
      transB: false,
      m: 128,
      n: 128,
      k: 784,
      a: X,
      lda: 784,
      b: W,
      ldb: 128,
      c: Z,
      ldc: 128,
    });
    blas.sgemm({
      ...common,
      transA: true,
      transB: false,
      m: 784,
      n: 128,
      k: 128,
      a: X,
      lda: 784,
      b: Z,
      ldb: 128,
      c: dW,
      ldc: 128,
    });
  };
  for (let i = 0; i < 50; i++) step();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    for (let i = 0; i < 100; i++) step();
    best = Math.min(best, (performance.now() - t0) / 1000 / 100);
  }
  return { kernel: blas.kernel, gflops: (4 * 128 * 128 * 784) / best / 1e9 };
}

if (import.meta.main) console.log(JSON.stringify(probeBlas() ?? null));
