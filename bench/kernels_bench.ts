/**
 * GFLOP/s of each product of one training step of 784-128-64-10 (row layout, batch B), for a
 * naive float64 triple loop, the blocked float32 TypeScript kernels, the WebAssembly SIMD and
 * relaxed-SIMD kernels, and the relaxed kernels on two threads (main + one Worker); then whole
 * training steps per second.
 *
 * Usage: `deno run bench/kernels_bench.ts [--batch 128] [--runs 9] [--best] [--min-ms 25]` (no
 * permissions needed). Each figure is the median of `runs` timed runs, each long enough
 * (≥ min-ms) for the timer, after a warm-up that lets V8 tier the WebAssembly up from Liftoff to
 * TurboFan. On a machine busy with other work, `--best --runs 31 --min-ms 5` reports the fastest
 * run instead, which estimates what the code does when it has a core to itself.
 *
 * @module
 */
import type { F32Matrix, GemmKind, Kernels } from "../src/fast/kernel_api.ts";
import { type Blas, openBlas } from "../src/fast/blas.ts";
import { jsKernels } from "../src/fast/js_kernels.ts";
import { NativeKernels } from "../src/fast/native_kernels.ts";
import { ParallelWasmKernels } from "../src/fast/parallel_kernels.ts";
import { relaxedSimdSupported, WasmKernels } from "../src/fast/wasm_kernels.ts";
import { createRng } from "../src/reference/random.ts";

const SIZES = [784, 128, 64, 10] as const;

/** One product of the training step: its name, kind and dimensions (c is m×n, inner k). */
interface Product {
  readonly name: string;
  readonly kind: GemmKind;
  readonly m: number;
  readonly n: number;
  readonly k: number;
}

function products(B: number): Product[] {
  const [d, h1, h2, c] = SIZES;
  return [
    { name: "Z1 = X·W1", kind: "NN", m: B, n: h1, k: d },
    { name: "Z2 = A1·W2", kind: "NN", m: B, n: h2, k: h1 },
    { name: "Z3 = A2·W3", kind: "NN", m: B, n: c, k: h2 },
    { name: "dW3 = A2ᵀ·G3", kind: "TN", m: h2, n: c, k: B },
    { name: "dA2 = G3·W3ᵀ", kind: "NT", m: B, n: h2, k: c },
    { name: "dW2 = A1ᵀ·G2", kind: "TN", m: h1, n: h2, k: B },
    { name: "dA1 = G2·W2ᵀ", kind: "NT", m: B, n: h1, k: h2 },
    { name: "dW1 = Xᵀ·G1", kind: "TN", m: d, n: h1, k: B },
  ];
}

/** How to time: runs, their least length, and median or best. */
interface Timing {
  readonly runs: number;
  readonly minSeconds: number;
  readonly best: boolean;
}

/** Seconds per call: median (or least) over runs of enough repetitions to last minSeconds. */
function time(fn: () => void, timing: Timing): number {
  const { runs, minSeconds } = timing;
  let reps = 1;
  for (;;) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) fn();
    const s = (performance.now() - t0) / 1000;
    if (s >= minSeconds) break;
    reps = Math.ceil(reps * Math.min(100, Math.max(2, (1.2 * minSeconds) / Math.max(s, 1e-6))));
  }
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    for (let r = 0; r < reps; r++) fn();
    samples.push((performance.now() - t0) / 1000 / reps);
  }
  samples.sort((a, b) => a - b);
  return timing.best ? samples[0] : samples[Math.floor(samples.length / 2)];
}

/** The plain float64 triple loop, the yardstick a straightforward TypeScript port reaches. */
function naiveF64(p: Product): () => void {
  const rng = createRng(1);
  const A = Float64Array.from({ length: p.m * p.k }, () => rng.uniform(-1, 1));
  const B = Float64Array.from({ length: p.k * p.n }, () => rng.uniform(-1, 1));
  const C = new Float64Array(p.m * p.n);
  const { m, n, k } = p;
  // A(i, q) and B(q, j) through the transposes, as the row-layout step stores them.
  const [rsA, csA] = p.kind === "TN" ? [1, m] : [k, 1];
  const [rsB, csB] = p.kind === "NT" ? [1, k] : [n, 1];
  return () => {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let q = 0; q < k; q++) s += A[i * rsA + q * csA] * B[q * rsB + j * csB];
        C[i * n + j] = s;
      }
    }
  };
}

function viaKernels<M extends F32Matrix>(k: Kernels<M>, p: Product): () => void {
  const rng = createRng(1);
  const filled = (rows: number, cols: number) => {
    const x = k.matrix(rows, cols);
    for (let i = 0; i < x.data.length; i++) x.data[i] = rng.uniform(-1, 1);
    return x;
  };
  const a = p.kind === "TN" ? filled(p.k, p.m) : filled(p.m, p.k);
  const b = p.kind === "NT" ? filled(p.n, p.k) : filled(p.k, p.n);
  const c = k.matrix(p.m, p.n);
  const fn = { NN: k.gemmNN, NT: k.gemmNT, TN: k.gemmTN }[p.kind].bind(k);
  return () => fn(a, b, { c });
}

/** The bare `cblas_sgemm` call on the product's shape: the yardstick of the native kernels. */
function bareSgemm(blas: Blas, p: Product): () => void {
  const rng = createRng(1);
  const filled = (n: number) => Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
  const a = filled(p.m * p.k), b = filled(p.k * p.n), c = new Float32Array(p.m * p.n);
  const call = {
    transA: p.kind === "TN",
    transB: p.kind === "NT",
    m: p.m,
    n: p.n,
    k: p.k,
    alpha: 1,
    a,
    lda: p.kind === "TN" ? p.m : p.k,
    b,
    ldb: p.kind === "NT" ? p.k : p.n,
    beta: 0,
    c,
    ldc: p.n,
  };
  return () => {
    blas.setThreads(1);
    blas.sgemm(call);
  };
}

/** One full SGD step (forward, softmax-CE, backward, update) of 784-128-64-10 on batch B. */
function trainingStep<M extends F32Matrix>(k: Kernels<M>, B: number): () => void {
  const rng = createRng(2);
  const filled = (rows: number, cols: number, scale: number) => {
    const x = k.matrix(rows, cols);
    for (let i = 0; i < x.data.length; i++) x.data[i] = scale * rng.uniform(-1, 1);
    return x;
  };
  const L = SIZES.length - 1;
  const W = SIZES.slice(1).map((n, l) => filled(SIZES[l], n, 1 / Math.sqrt(SIZES[l])));
  const b = SIZES.slice(1).map((n) => k.matrix(1, n));
  const dW = SIZES.slice(1).map((n, l) => k.matrix(SIZES[l], n));
  const db = SIZES.slice(1).map((n) => k.matrix(1, n));
  const A = SIZES.slice(1).map((n) => k.matrix(B, n));
  const G = SIZES.slice(1).map((n) => k.matrix(B, n));
  const X = filled(B, SIZES[0], 1);
  const Y = k.matrix(B, SIZES[L]);
  for (let i = 0; i < B; i++) Y.data[i * SIZES[L] + rng.int(SIZES[L])] = 1;
  const lr = 0.01;
  return () => {
    for (let l = 0; l < L; l++) {
      k.gemmNN(l === 0 ? X : A[l - 1], W[l], { c: A[l], bias: b[l], relu: l < L - 1 });
    }
    k.softmaxCrossEntropyGrad(A[L - 1], Y, G[L - 1]);
    for (let l = L - 1; l >= 0; l--) {
      k.gemmTN(l === 0 ? X : A[l - 1], G[l], { c: dW[l] });
      k.columnSums(G[l], db[l]);
      if (l > 0) {
        k.gemmNT(G[l], W[l], { c: G[l - 1] });
        k.reluBackward(G[l - 1], A[l - 1], G[l - 1]);
      }
    }
    for (let l = 0; l < L; l++) {
      k.sgdUpdate(W[l], dW[l], lr);
      k.sgdUpdate(b[l], db[l], lr);
    }
  };
}

/** GFLOP/s of one product of the training step, per kernel (the last row: all 8 together). */
export interface ProductGflops {
  /** e.g. `Z1 = X·W1`. */
  readonly name: string;
  /** e.g. `128×128×784` (m×n×k). */
  readonly dims: string;
  /** GFLOP/s (2·m·n·k flops per call), one per kernel, in the order of `kernels`. */
  readonly gflops: readonly number[];
}

/**
 * GFLOP/s of each of the 8 products of one 784-128-64-10 training step at batch B, for the naive
 * float64 loop, the WebAssembly SIMD kernels, the relaxed-SIMD kernels where the runtime has
 * them, and where OpenBLAS opens (src/fast/blas.ts) the native kernels and the bare `cblas_sgemm`
 * they call (median of `runs` timed runs after a warm-up). A last row, `all 8 products`, gives
 * each kernel's GFLOP/s over the whole step's products (total flops over total time).
 *
 * @param options Batch size, timed runs, and the least length of a run in seconds.
 * @returns The kernels' names and a row per product.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const { kernels, rows } = productGflops({ batch: 2, runs: 1, minSeconds: 0.001 });
 * assert.strictEqual(kernels[0], "naive f64");
 * assert.strictEqual(rows.length, 9);
 * assert.ok(rows.every((r) => r.gflops.length === kernels.length && r.gflops.every((g) => g > 0)));
 * ```
 */
export function productGflops(
  options: { batch: number; runs: number; minSeconds: number },
): { kernels: string[]; rows: ProductGflops[] } {
  const timing = { runs: options.runs, minSeconds: options.minSeconds, best: false };
  const wasm = new WasmKernels({ relaxed: false });
  const columns: [string, (p: Product) => () => void][] = [
    ["naive f64", naiveF64],
    ["wasm simd", (p) => viaKernels(wasm, p)],
  ];
  if (relaxedSimdSupported()) {
    const relaxed = new WasmKernels({ relaxed: true });
    columns.push(["wasm relaxed", (p) => viaKernels(relaxed, p)]);
  }
  const found = openBlas();
  if (found.ok) {
    const native = new NativeKernels(found.blas);
    columns.push(["native", (p) => viaKernels(native, p)]);
    columns.push(["OpenBLAS sgemm", (p) => bareSgemm(found.blas, p)]);
  }
  let flops = 0;
  const seconds = columns.map(() => 0);
  const rows = products(options.batch).map((p) => {
    flops += 2 * p.m * p.n * p.k;
    return {
      name: p.name,
      dims: `${p.m}×${p.n}×${p.k}`,
      gflops: columns.map(([, make], i) => {
        const fn = make(p);
        for (let w = 0; w < 20; w++) fn(); // warm-up: tier up to TurboFan
        const s = time(fn, timing);
        seconds[i] += s;
        return 2 * p.m * p.n * p.k / s / 1e9;
      }),
    };
  });
  rows.push({ name: "all 8 products", dims: "", gflops: seconds.map((s) => flops / s / 1e9) });
  return { kernels: columns.map(([c]) => c), rows };
}

/** Microseconds of layer 1's two products on one real batch of pixels, per way of computing them. */
export interface LayerOneTiming {
  /** e.g. `Z1 = X·W1`. */
  readonly name: string;
  /** µs per call: wasm dense, wasm skipping zeros, and the bare `cblas_sgemm` where it opens. */
  readonly micros: { readonly dense: number; readonly sparse: number; readonly sgemm?: number };
}

/**
 * Layer 1's products Z1 = X·W1 (+ b, ReLU) and dW1 = Xᵀ·G1 on real pixel batches: the WebAssembly
 * kernels dense and skipping the zeros of X, and OpenBLAS's `cblas_sgemm` (dense) on the same
 * shapes. Each figure is the median over `runs`, each run cycling through 8 consecutive batches.
 *
 * @param images Pixel bytes, at least 8·batch images of 784.
 * @param options Batch size, timed runs, and the least length of a run in seconds.
 * @returns The two rows, and the fraction of nonzero pixels in the batches timed.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const images = Uint8Array.from({ length: 8 * 2 * 784 }, (_, i) => (i % 5 === 0 ? 200 : 0));
 * const { rows, density } = layerOneMicros(images, { batch: 2, runs: 1, minSeconds: 0.001 });
 * assert.ok(Math.abs(density - 0.2) < 1e-3);
 * assert.ok(rows.every((r) => r.micros.dense > 0 && r.micros.sparse > 0));
 * ```
 */
export function layerOneMicros(
  images: Uint8Array,
  options: { batch: number; runs: number; minSeconds: number },
): { rows: LayerOneTiming[]; density: number } {
  const B = options.batch, [d, h] = SIZES;
  const timing = { runs: options.runs, minSeconds: options.minSeconds, best: false };
  const batches = images.subarray(0, 8 * B * d);
  const density = batches.reduce((n, x) => n + (x === 0 ? 0 : 1), 0) / batches.length;
  const rng = createRng(3);
  const found = openBlas();
  const run = (skipZeros: boolean) => {
    const k = new WasmKernels({ skipZeros });
    const Xs = Array.from(
      { length: 8 },
      (_, i) => k.scalePixels(batches.subarray(i * B * d, (i + 1) * B * d), k.matrix(B, d)),
    );
    const W = k.matrix(d, h), bias = k.matrix(1, h), G = k.matrix(B, h);
    for (const m of [W, bias, G]) m.data.forEach((_, i) => (m.data[i] = rng.uniform(-0.1, 0.1)));
    const Z = k.matrix(B, h), dW = k.matrix(d, h);
    let i = 0;
    const fwd = () => k.gemmNN(Xs[i++ & 7], W, { c: Z, bias, relu: true, sparse: true });
    const bwd = () => k.gemmTN(Xs[i++ & 7], G, { c: dW, sparse: true });
    return [fwd, bwd].map((fn) => {
      for (let w = 0; w < 20; w++) fn(); // warm-up: tier up to TurboFan
      return 1e6 * time(fn, timing);
    });
  };
  const dense = run(false), sparse = run(true);
  const sgemm = found.ok
    ? [products(B)[0], products(B)[7]].map((p) => {
      const fn = bareSgemm(found.blas, p);
      for (let w = 0; w < 20; w++) fn();
      return 1e6 * time(fn, timing);
    })
    : undefined;
  const rows = ["Z1 = X·W1", "dW1 = Xᵀ·G1"].map((name, i) => ({
    name,
    micros: { dense: dense[i], sparse: sparse[i], ...(sgemm ? { sgemm: sgemm[i] } : {}) },
  }));
  return { rows, density };
}

function flag(name: string, fallback: number): number {
  const i = Deno.args.indexOf(`--${name}`);
  const v = i < 0 ? fallback : Number(Deno.args[i + 1]);
  if (!Number.isInteger(v) || v < 1) {
    console.error(`--${name} must be a positive integer, got ${Deno.args[i + 1]}`);
    Deno.exit(2);
  }
  return v;
}

if (import.meta.main) {
  const B = flag("batch", 128);
  const best = Deno.args.includes("--best");
  const timing = { runs: flag("runs", 9), minSeconds: flag("min-ms", 25) / 1000, best };
  const wasm = new WasmKernels({ relaxed: false });
  const relaxed = relaxedSimdSupported() ? new WasmKernels({ relaxed: true }) : undefined;
  const columns: [string, (p: Product) => () => void][] = [
    ["naive f64", naiveF64],
    ["TS f32", (p) => viaKernels(jsKernels, p)],
    ["wasm simd", (p) => viaKernels(wasm, p)],
  ];
  if (relaxed) columns.push(["wasm relaxed", (p) => viaKernels(relaxed, p)]);
  using parallel = await ParallelWasmKernels.create();
  const twoThreads = `wasm ${parallel.relaxed ? "rlx" : "simd"} 2thr`;
  columns.push([twoThreads, (p) => viaKernels(parallel, p)]);
  const stat = `${best ? "best" : "median"} of ${timing.runs} runs`;
  console.log(`GFLOP/s, ${stat}, batch ${B}, 784-128-64-10`);
  console.log(
    "product".padEnd(16) + "m×n×k".padEnd(14) + columns.map(([c]) => c.padStart(15)).join(""),
  );
  let total = 0;
  const totals = columns.map(() => 0);
  for (const p of products(B)) {
    const flops = 2 * p.m * p.n * p.k;
    total += flops;
    const cells = columns.map(([, make], i) => {
      const fn = make(p);
      for (let w = 0; w < 20; w++) fn(); // warm-up: tier up to TurboFan
      const s = time(fn, timing);
      totals[i] += s;
      return (flops / s / 1e9).toFixed(2).padStart(15);
    });
    console.log(p.name.padEnd(16) + `${p.m}×${p.n}×${p.k}`.padEnd(14) + cells.join(""));
  }
  console.log(
    "all 8 products".padEnd(30) +
      totals.map((s) => (total / s / 1e9).toFixed(2).padStart(15)).join(""),
  );

  console.log(`\nWhole SGD step (forward, softmax-CE, backward, update), batch ${B}, ${stat}`);
  const steppers: [string, () => () => void][] = [
    ["TS f32", () => trainingStep(jsKernels, B)],
    ["wasm simd", () => trainingStep(wasm, B)],
  ];
  if (relaxed) steppers.push(["wasm relaxed", () => trainingStep(relaxed, B)]);
  steppers.push([twoThreads, () => trainingStep(parallel, B)]);
  for (const [name, make] of steppers) {
    const step = make();
    for (let w = 0; w < 20; w++) step();
    const s = time(step, { ...timing, minSeconds: 4 * timing.minSeconds });
    const perEpoch = (60000 / B) * s;
    console.log(
      `${name.padEnd(14)} ${(s * 1e3).toFixed(3)} ms/step  ${(B / s).toFixed(0).padStart(7)} ` +
        `samples/s  ${perEpoch.toFixed(2)} s per 60k epoch`,
    );
  }
}
