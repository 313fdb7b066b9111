/**
 * The float32 training kernels in WebAssembly SIMD (built from `wasm/assembly/kernels.ts`): 4×8
 * register-blocked GEMM with packed, cache-blocked B panels; for products hinted sparse
 * ({@linkcode GemmOptions.sparse}: the pixels of layer 1), a product over the list of A's nonzeros
 * that skips its zeros; plus fused elementwise steps. The module is embedded as base64, so loading
 * it needs no permission.
 *
 * @module
 */
import { Arena, ArenaMatrix } from "./arena.ts";
import {
  checkRowsOf,
  type ColumnSumsOptions,
  dims,
  type GemmKind,
  type GemmOptions,
  gemmShape,
  type Kernels,
  pixelsFit,
  rowFor,
  sameShape,
} from "./kernel_api.ts";
import {
  KERNELS_RELAXED_BASE64,
  KERNELS_RELAXED_SHARED_BASE64,
  KERNELS_SIMD_BASE64,
  KERNELS_SIMD_SHARED_BASE64,
} from "./kernels_wasm.ts";

/** The functions the module exports; pointers and strides in bytes. */
interface Exports {
  heapBase(): number;
  gemmWorkBytes(): number;
  isRelaxed(): number;
  gemm(...args: number[]): void;
  sparseWorkBytes(m: number, maxNnz: number): number;
  sparseIndex(...args: number[]): number;
  sparseRows(...args: number[]): void;
  addBias(z: number, m: number, n: number, bias: number, relu: number): void;
  scaleBytes(out: number, src: number, len: number): void;
  reluBackward(out: number, g: number, a: number, len: number): void;
  softmaxCrossEntropyGrad(...args: number[]): number;
  columnSums(...args: number[]): void;
  sgdUpdate(w: number, dw: number, len: number, lr: number): void;
  momentumUpdate(v: number, g: number, len: number, mu: number): void;
}

/** How to load the kernels. */
export interface WasmKernelsOptions {
  /** Use `f32x4.relaxed_madd` (fused where the CPU has FMA): true, false, or "auto" (default). */
  readonly relaxed?: boolean | "auto";
  /** The arena holding the operands (default: a new one). */
  readonly arena?: Arena;
  /**
   * Skip the zeros of a product's left factor when the caller hints that it is sparse
   * ({@linkcode GemmOptions.sparse}) and at most {@linkcode WasmKernelsOptions.maxDensity} of it is
   * nonzero (default true); false runs every product dense.
   */
  readonly skipZeros?: boolean;
  /**
   * The largest fraction of nonzeros in A at which a hinted product skips zeros (default
   * {@linkcode SPARSE_MAX_DENSITY}); denser, it runs dense.
   */
  readonly maxDensity?: number;
}

/**
 * Default {@linkcode WasmKernelsOptions.maxDensity}. Measured on Z1 = X·W1 and dW1 = Xᵀ·G1 at batch
 * 128 (784-128-64-10; wasm/README.md), the sparse products are faster up to about 65% nonzeros
 * placed at random and 16% faster at 55%; every Fashion-MNIST batch (46–54% nonzero) runs sparse.
 */
export const SPARSE_MAX_DENSITY = 0.55;

/** How many hinted products skipped zeros, and how many ran dense because A was too dense. */
export interface ZeroSkipping {
  /** Products computed from the list of A's nonzeros. */
  readonly sparse: number;
  /** Hinted products that found more than the maximum density of nonzeros and ran dense. */
  readonly dense: number;
}

/** The bits of {@linkcode GemmCall.flags}. */
export const GEMM_FLAGS = { accumulate: 1, relu: 2 } as const;
const FLAG_ACCUMULATE = GEMM_FLAGS.accumulate;
const FLAG_RELU = GEMM_FLAGS.relu;

/**
 * One call of the module's `gemm`, with byte offsets and byte strides: C (m×n, row stride ldc) =
 * alpha·A·B (+ C if flags&1) (+ bias row), ReLU if flags&2; A(i, p) at a + i·rsA + p·csA and B(p,
 * j) at b + p·rsB + j·csB; bias 0 means none.
 */
export interface GemmCall {
  /** Rows of C. */
  readonly m: number;
  /** Columns of C. */
  readonly n: number;
  /** The summed dimension. */
  readonly k: number;
  /** Byte offset of A(0, 0). */
  readonly a: number;
  /** Bytes from A(i, p) to A(i + 1, p). */
  readonly rsA: number;
  /** Bytes from A(i, p) to A(i, p + 1). */
  readonly csA: number;
  /** Byte offset of B(0, 0). */
  readonly b: number;
  /** Bytes from B(p, j) to B(p + 1, j). */
  readonly rsB: number;
  /** Bytes from B(p, j) to B(p, j + 1). */
  readonly csB: number;
  /** Byte offset of C(0, 0). */
  readonly c: number;
  /** Bytes from one row of C to the next. */
  readonly ldc: number;
  /** Scale of the product. */
  readonly alpha: number;
  /** 1: add to C; 2: ReLU. */
  readonly flags: number;
  /** Byte offset of the bias row, or 0. */
  readonly bias: number;
}

/** A product computed from the list of A's nonzeros: its GemmCall, the list's offset and size. */
export interface SparseCall extends GemmCall {
  /** Byte offset of the index (the module's `sparseIndex` wrote it). */
  readonly index: number;
  /** How many nonzeros A has. */
  readonly nnz: number;
}

const modules = new Map<string, WebAssembly.Module>();
function compiled(relaxed: boolean, shared: boolean): WebAssembly.Module {
  const key = `${relaxed}/${shared}`;
  let m = modules.get(key);
  if (!m) {
    const b64 = shared
      ? (relaxed ? KERNELS_RELAXED_SHARED_BASE64 : KERNELS_SIMD_SHARED_BASE64)
      : (relaxed ? KERNELS_RELAXED_BASE64 : KERNELS_SIMD_BASE64);
    m = new WebAssembly.Module(Uint8Array.fromBase64(b64));
    modules.set(key, m);
  }
  return m;
}

/**
 * Whether this runtime accepts relaxed SIMD (Deno 2's V8 does).
 *
 * @returns True when the relaxed build validates.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(typeof relaxedSimdSupported(), "boolean");
 * ```
 */
export function relaxedSimdSupported(): boolean {
  return WebAssembly.validate(Uint8Array.fromBase64(KERNELS_RELAXED_BASE64));
}

/** The WebAssembly kernels; every operand must be a matrix of {@link WasmKernels.arena}. */
export class WasmKernels implements Kernels<ArenaMatrix> {
  /** The arena the operands live in. */
  readonly arena: Arena;
  /** Whether products use relaxed SIMD (fused multiply-add). */
  readonly relaxed: boolean;
  /** The compiled module (the build matching `relaxed` and whether the arena is shared). */
  readonly module: WebAssembly.Module;
  /** Bytes of scratch one thread's `gemm` needs (a packed block of B and a tile). */
  readonly gemmScratchBytes: number;
  readonly #x: Exports;
  readonly #work: number;
  /** Arena bytes that pixel bytes are copied into before scaling, and how many. */
  #pixels = { at: 0, bytes: 0 };
  /** Whether hinted products skip the zeros of A, and up to which density. */
  readonly skipZeros: boolean;
  /** The largest fraction of nonzeros of A at which a hinted product skips zeros. */
  readonly maxDensity: number;
  /** Arena bytes of the list of A's nonzeros (sparseGemm's index), and how many. */
  #index = { at: 0, bytes: 0 };
  #skipped = { sparse: 0, dense: 0 };

  /**
   * Loads the module into an arena.
   *
   * @param options Relaxed SIMD or not, and the arena.
   * @example Forward pass of one layer, Z = relu(X·W + b)
   * ```ts
   * import assert from "node:assert";
   * const k = new WasmKernels();
   * const X = k.arena.from(1, 2, [1, 2]);
   * const W = k.arena.from(2, 2, [1, -1, 1, -1]);
   * const b = k.arena.from(1, 2, [0.5, 0.5]);
   * const Z = k.gemmNN(X, W, { c: k.matrix(1, 2), bias: b, relu: true });
   * assert.deepStrictEqual([...Z.data], [3.5, 0]);
   * ```
   */
  constructor(options: WasmKernelsOptions = {}) {
    const want = options.relaxed ?? "auto";
    const supported = relaxedSimdSupported();
    if (want === true && !supported) {
      throw new RangeError("Cannot use relaxed SIMD: this runtime rejects f32x4.relaxed_madd");
    }
    this.relaxed = want === "auto" ? supported : want;
    this.arena = options.arena ?? new Arena();
    this.module = compiled(this.relaxed, this.arena.shared);
    const instance = new WebAssembly.Instance(this.module, { env: { memory: this.arena.memory } });
    this.#x = instance.exports as unknown as Exports;
    if (this.#x.heapBase() > this.arena.reservedBytes) {
      throw new RangeError(
        `Cannot load the kernels: their static data ends at ${this.#x.heapBase()}, ` +
          `past the arena's ${this.arena.reservedBytes} reserved bytes`,
      );
    }
    this.gemmScratchBytes = this.#x.gemmWorkBytes();
    this.#work = this.arena.allocBytes(this.gemmScratchBytes);
    this.skipZeros = options.skipZeros ?? true;
    this.maxDensity = options.maxDensity ?? SPARSE_MAX_DENSITY;
    if (!(this.maxDensity >= 0 && this.maxDensity <= 1)) {
      throw new RangeError(
        `Cannot skip zeros up to a density of ${this.maxDensity}: not in [0, 1]`,
      );
    }
  }

  /**
   * How many products hinted sparse skipped zeros, and how many ran dense because A was too dense.
   *
   * @example
   * ```ts
   * import assert from "node:assert";
   * const k = new WasmKernels();
   * const X = k.arena.from(2, 4, [0, 1, 0, 0, 0, 0, 2, 0]);
   * k.gemmNN(X, k.arena.from(4, 1, [1, 1, 1, 1]), { c: k.matrix(2, 1), sparse: true });
   * assert.deepStrictEqual(k.zeroSkipping, { sparse: 1, dense: 0 });
   * ```
   */
  get zeroSkipping(): ZeroSkipping {
    return { ...this.#skipped };
  }

  /**
   * A zero-filled matrix in this arena.
   *
   * @param rows Number of rows.
   * @param cols Number of columns.
   * @returns The matrix.
   * @example
   * ```ts
   * import assert from "node:assert";
   * assert.strictEqual(new WasmKernels().matrix(3, 4).data.length, 12);
   * ```
   */
  matrix(rows: number, cols: number): ArenaMatrix {
    return this.arena.alloc(rows, cols);
  }

  /**
   * The first rows of a matrix of this arena, sharing its memory.
   *
   * @param m The matrix.
   * @param rows How many rows.
   * @returns The view.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const k = new WasmKernels();
   * const m = k.arena.from(2, 2, [1, 2, 3, 4]);
   * assert.deepStrictEqual([...k.rowsOf(m, 1).data], [1, 2]);
   * ```
   */
  rowsOf(m: ArenaMatrix, rows: number): ArenaMatrix {
    checkRowsOf(m, rows);
    this.#own({ m });
    return rows === m.rows ? m : new ArenaMatrix(this.arena, { rows, cols: m.cols }, m.byteOffset);
  }

  /**
   * `c = relu(alpha·A·B + [c] + bias)`, A m×k, B k×n: the forward product `Z = X·W + b`.
   *
   * @param a A, m×k.
   * @param b B, k×n.
   * @param options The output c (m×n) and what to fuse into it.
   * @returns c.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const k = new WasmKernels();
   * const A = k.arena.from(2, 2, [1, 2, 3, 4]);
   * const B = k.arena.from(2, 1, [1, 1]);
   * assert.deepStrictEqual([...k.gemmNN(A, B, { c: k.matrix(2, 1) }).data], [3, 7]);
   * ```
   */
  gemmNN(a: ArenaMatrix, b: ArenaMatrix, options: GemmOptions<ArenaMatrix>): ArenaMatrix {
    return this.#gemm("NN", a, { b, ...options });
  }

  /**
   * `c = relu(alpha·A·Bᵀ + [c] + bias)`, A m×k, B n×k: the backward product `G·Wᵀ`.
   *
   * @param a A, m×k.
   * @param b B, n×k.
   * @param options The output c (m×n) and what to fuse into it.
   * @returns c.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const k = new WasmKernels();
   * const A = k.arena.from(1, 2, [1, 2]);
   * const B = k.arena.from(2, 2, [1, 0, 1, 1]);
   * assert.deepStrictEqual([...k.gemmNT(A, B, { c: k.matrix(1, 2) }).data], [1, 3]);
   * ```
   */
  gemmNT(a: ArenaMatrix, b: ArenaMatrix, options: GemmOptions<ArenaMatrix>): ArenaMatrix {
    return this.#gemm("NT", a, { b, ...options });
  }

  /**
   * `c = relu(alpha·Aᵀ·B + [c] + bias)`, A k×m, B k×n: the weight gradient `dW = Xᵀ·G`.
   *
   * @param a A, k×m.
   * @param b B, k×n.
   * @param options The output c (m×n) and what to fuse into it.
   * @returns c.
   * @example SGD fused into the gradient product: W = W − lr·Xᵀ·G
   * ```ts
   * import assert from "node:assert";
   * const k = new WasmKernels();
   * const X = k.arena.from(2, 1, [1, 2]);
   * const G = k.arena.from(2, 1, [0.5, 0.25]);
   * const W = k.arena.from(1, 1, [3]);
   * k.gemmTN(X, G, { c: W, alpha: -2, accumulate: true });
   * assert.deepStrictEqual([...W.data], [1]);
   * ```
   */
  gemmTN(a: ArenaMatrix, b: ArenaMatrix, options: GemmOptions<ArenaMatrix>): ArenaMatrix {
    return this.#gemm("TN", a, { b, ...options });
  }

  #gemm(
    kind: GemmKind,
    a: ArenaMatrix,
    o: GemmOptions<ArenaMatrix> & { readonly b: ArenaMatrix },
  ): ArenaMatrix {
    const { m, n, k } = gemmShape(kind, a, o);
    this.#own({ a, b: o.b, c: o.c, ...(o.bias ? { bias: o.bias } : {}) });
    const what = `Cannot multiply into c (${dims(o.c)})`;
    disjoint(what, o.c, { a, b: o.b, ...(o.bias ? { bias: o.bias } : {}) });
    // Strides in bytes: A(i, p) at a + i·rsA + p·csA, B(p, j) at b + p·rsB + j·csB.
    const [rsA, csA] = kind === "TN" ? [4, 4 * a.cols] : [4 * a.cols, 4];
    const [rsB, csB] = kind === "NT" ? [4, 4 * o.b.cols] : [4 * o.b.cols, 4];
    const flags = (o.accumulate ? FLAG_ACCUMULATE : 0) | (o.relu ? FLAG_RELU : 0);
    const call = {
      m,
      n,
      k,
      a: a.byteOffset,
      rsA,
      csA,
      b: o.b.byteOffset,
      rsB,
      csB,
      c: o.c.byteOffset,
      ldc: 4 * n,
      alpha: o.alpha ?? 1,
      flags,
      bias: o.bias ? o.bias.byteOffset : 0,
    };
    // The sparse product reads B by rows, so B must not be transposed (A·B and Aᵀ·B, not A·Bᵀ).
    if (!(o.sparse && this.skipZeros && kind !== "NT" && this.#sparseGemm(call))) {
      this.runGemm(call);
    }
    return o.c;
  }

  /** The product from the list of A's nonzeros, or false (C untouched) when A is too dense. */
  #sparseGemm(x: GemmCall): boolean {
    const maxNnz = Math.floor(this.maxDensity * x.m * x.k);
    // The index takes 8 bytes per nonzero; past 2²⁸ of them (2 GiB) it would not fit the memory.
    if (maxNnz >= 2 ** 28) return false;
    const bytes = this.#x.sparseWorkBytes(x.m, maxNnz);
    if (bytes > this.#index.bytes) {
      const size = Math.max(bytes, 2 * this.#index.bytes);
      this.#index = { at: this.arena.allocBytes(size), bytes: size };
    }
    const nnz = this.#x.sparseIndex(x.m, x.k, x.a, x.rsA, x.csA, x.rsB, this.#index.at, maxNnz);
    this.#skipped[nnz >= 0 ? "sparse" : "dense"]++;
    if (nnz < 0) return false;
    this.runSparseRows({ ...x, index: this.#index.at, nnz });
    return true;
  }

  /**
   * Computes every row of a product from the list of A's nonzeros at `call.index`, on this thread;
   * subclasses may split the rows across threads.
   *
   * @param call The product (B's rows contiguous), the index's byte offset and A's nonzeros.
   * @example
   * ```ts
   * import assert from "node:assert";
   * class Counting extends WasmKernels {
   *   rows = 0;
   *   protected override runSparseRows(call: SparseCall): void {
   *     this.rows += call.m;
   *     super.runSparseRows(call);
   *   }
   * }
   * const k = new Counting();
   * const X = k.arena.from(3, 2, [0, 1, 0, 0, 2, 0]);
   * const Z = k.gemmNN(X, k.arena.from(2, 1, [5, 7]), { c: k.matrix(3, 1), sparse: true });
   * assert.deepStrictEqual([...Z.data], [7, 0, 10]);
   * assert.strictEqual(k.rows, 3);
   * ```
   */
  protected runSparseRows(call: SparseCall): void {
    this.sparseRowsAt(call, 0, call.m);
  }

  /**
   * Rows `i0 ≤ i < i1` of a product listed by its index, on this thread.
   *
   * @param call The product and its index.
   * @param i0 The first row.
   * @param i1 One past the last row.
   */
  protected sparseRowsAt(call: SparseCall, i0: number, i1: number): void {
    const x = call;
    this.#x.sparseRows(i0, i1, x.m, x.n, x.b, x.c, x.ldc, x.alpha, x.flags, x.bias, x.index);
  }

  /**
   * Runs one validated product on this thread; subclasses may split it across threads.
   *
   * @param call The arguments of the module's `gemm`.
   * @example
   * ```ts
   * import assert from "node:assert";
   * class Counting extends WasmKernels {
   *   calls = 0;
   *   protected override runGemm(call: GemmCall): void {
   *     this.calls++;
   *     super.runGemm(call);
   *   }
   * }
   * const k = new Counting();
   * k.gemmNN(k.matrix(2, 2), k.matrix(2, 2), { c: k.matrix(2, 2) });
   * assert.strictEqual(k.calls, 1);
   * ```
   */
  protected runGemm(call: GemmCall): void {
    const x = call;
    this.#x.gemm(
      x.m,
      x.n,
      x.k,
      x.a,
      x.rsA,
      x.csA,
      x.b,
      x.rsB,
      x.csB,
      x.c,
      x.ldc,
      x.alpha,
      x.flags,
      x.bias,
      this.#work,
    );
  }

  /**
   * `z = z + bias` in every row (no bias when its offset is 0), then ReLU when asked, in one SIMD
   * pass: for subclasses whose products run elsewhere (the native kernels).
   *
   * @param z Byte offset of the dense m×n matrix, updated in place.
   * @param shape Its rows m and columns n.
   * @param bias Byte offset of the 1×n bias row, or 0 for none.
   * @param relu Whether to apply ReLU.
   */
  protected addBiasAt(
    z: number,
    shape: { readonly m: number; readonly n: number },
    bias: number,
    relu: boolean,
  ): void {
    this.#x.addBias(z, shape.m, shape.n, bias, relu ? 1 : 0);
  }

  /**
   * `out = bytes / 255`: pixel bytes as float32 values in [0, 1], scaled in one SIMD pass after the
   * bytes are copied into the arena.
   *
   * @param bytes The pixels.
   * @param out A matrix of exactly as many values.
   * @returns out.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const k = new WasmKernels();
   * const out = k.scalePixels(new Uint8Array([0, 255, 51]), k.matrix(1, 3));
   * assert.deepStrictEqual([...out.data], [0, 1, Math.fround(0.2)]);
   * ```
   */
  scalePixels(bytes: Uint8Array, out: ArenaMatrix): ArenaMatrix {
    pixelsFit(bytes, out);
    this.#own({ out });
    if (bytes.length > this.#pixels.bytes) {
      const size = Math.max(bytes.length, 2 * this.#pixels.bytes);
      this.#pixels = { at: this.arena.allocBytes(size), bytes: size };
    }
    new Uint8Array(this.arena.memory.buffer, this.#pixels.at, bytes.length).set(bytes);
    this.#x.scaleBytes(out.byteOffset, this.#pixels.at, bytes.length);
    return out;
  }

  /**
   * `out = g ⊙ ReLU′(z)`, reading ReLU′ from `a = ReLU(z)` (1 where a > 0, else 0).
   *
   * @param g The gradient with respect to a.
   * @param a The activations.
   * @param out The result (may be g or a itself).
   * @returns out.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const k = new WasmKernels();
   * const g = k.arena.from(1, 3, [5, 6, 7]);
   * k.reluBackward(g, k.arena.from(1, 3, [0, 2, 0]), g);
   * assert.deepStrictEqual([...g.data], [0, 6, 0]);
   * ```
   */
  reluBackward(g: ArenaMatrix, a: ArenaMatrix, out: ArenaMatrix): ArenaMatrix {
    sameShape("Cannot apply ReLU′", { g, a, out });
    this.#own({ g, a, out });
    disjointUnlessSame("Cannot apply ReLU′", out, { g, a });
    this.#x.reluBackward(out.byteOffset, g.byteOffset, a.byteOffset, g.rows * g.cols);
    return out;
  }

  /**
   * `g = (softmax(z) − y)/N` per row, for the N×n logits z and targets y.
   *
   * @param z The logits.
   * @param y The targets (one-hot rows).
   * @param g The gradient with respect to z (may be z itself).
   * @returns The mean cross-entropy −(1/N)·Σ y·log softmax(z).
   * @example
   * ```ts
   * import assert from "node:assert";
   * const k = new WasmKernels();
   * const z = k.arena.from(1, 2, [0, 0]);
   * const loss = k.softmaxCrossEntropyGrad(z, k.arena.from(1, 2, [1, 0]), z);
   * assert.ok(Math.abs(loss - Math.LN2) < 1e-12);
   * assert.deepStrictEqual([...z.data], [-0.5, 0.5]);
   * ```
   */
  softmaxCrossEntropyGrad(z: ArenaMatrix, y: ArenaMatrix, g: ArenaMatrix): number {
    sameShape("Cannot take softmax-CE", { z, y, g });
    if (z.rows === 0) throw new RangeError("Cannot take softmax-CE of an empty batch");
    this.#own({ z, y, g });
    disjointUnlessSame("Cannot take softmax-CE", g, { z });
    disjoint("Cannot take softmax-CE", g, { y });
    const total = this.#x.softmaxCrossEntropyGrad(
      g.byteOffset,
      z.byteOffset,
      y.byteOffset,
      z.rows,
      z.cols,
      1 / z.rows,
    );
    return total / z.rows;
  }

  /**
   * `out = alpha·Σ_rows g (+ out)`: the bias gradient `db`, or with `alpha: -lr, accumulate: true`
   * the SGD step on b.
   *
   * @param g The m×n matrix.
   * @param out The 1×n result.
   * @param options Scale and accumulation.
   * @returns out.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const k = new WasmKernels();
   * const g = k.arena.from(2, 2, [1, 2, 3, 4]);
   * assert.deepStrictEqual([...k.columnSums(g, k.matrix(1, 2)).data], [4, 6]);
   * ```
   */
  columnSums(g: ArenaMatrix, out: ArenaMatrix, options: ColumnSumsOptions = {}): ArenaMatrix {
    rowFor("Cannot sum columns", g, { out });
    this.#own({ g, out });
    disjoint("Cannot sum columns", out, { g });
    const acc = options.accumulate ? 1 : 0;
    this.#x.columnSums(out.byteOffset, g.byteOffset, g.rows, g.cols, options.alpha ?? 1, acc);
    return out;
  }

  /**
   * `W = W − lr·dW`, rounding as float32 does (`lr·dW` rounded, then the difference).
   *
   * @param W The parameters, updated in place.
   * @param dW Their gradient.
   * @param lr The learning rate (rounded to float32).
   * @returns W.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const k = new WasmKernels();
   * const W = k.arena.from(1, 2, [1, 1]);
   * k.sgdUpdate(W, k.arena.from(1, 2, [2, -2]), 0.25);
   * assert.deepStrictEqual([...W.data], [0.5, 1.5]);
   * ```
   */
  sgdUpdate(W: ArenaMatrix, dW: ArenaMatrix, lr: number): ArenaMatrix {
    sameShape("Cannot update", { W, dW });
    this.#own({ W, dW });
    disjointUnlessSame("Cannot update", W, { dW });
    this.#x.sgdUpdate(W.byteOffset, dW.byteOffset, W.rows * W.cols, lr);
    return W;
  }

  /**
   * `v = mu·v + g`, rounding as float32 does: the heavy-ball velocity of SGD with momentum
   * (v ← μ·v + ∂C/∂θ, then θ ← θ − η·v with {@link WasmKernels.sgdUpdate}).
   *
   * @param v The velocity, updated in place.
   * @param g The gradient.
   * @param mu The momentum μ (rounded to float32).
   * @returns v.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const k = new WasmKernels();
   * const v = k.arena.from(1, 2, [1, 2]);
   * k.momentumUpdate(v, k.arena.from(1, 2, [0.5, 0.5]), 0.5);
   * assert.deepStrictEqual([...v.data], [1, 1.5]);
   * ```
   */
  momentumUpdate(v: ArenaMatrix, g: ArenaMatrix, mu: number): ArenaMatrix {
    sameShape("Cannot update the velocity", { v, g });
    this.#own({ v, g });
    disjointUnlessSame("Cannot update the velocity", v, { g });
    this.#x.momentumUpdate(v.byteOffset, g.byteOffset, v.rows * v.cols, mu);
    return v;
  }

  #own(named: Readonly<Record<string, ArenaMatrix>>): void {
    for (const [name, m] of Object.entries(named)) {
      if (!(m instanceof ArenaMatrix) || m.arena !== this.arena) {
        throw new TypeError(`Cannot use ${name}: it is not a matrix of this kernels' arena`);
      }
    }
  }
}

function overlaps(x: ArenaMatrix, y: ArenaMatrix): boolean {
  return x.byteLength > 0 && y.byteLength > 0 && x.byteOffset < y.byteOffset + y.byteLength &&
    y.byteOffset < x.byteOffset + x.byteLength;
}

function disjoint(what: string, out: ArenaMatrix, inputs: Record<string, ArenaMatrix>): void {
  for (const [name, m] of Object.entries(inputs)) {
    if (overlaps(out, m)) throw new RangeError(`${what}: the output overlaps ${name}`);
  }
}

function disjointUnlessSame(
  what: string,
  out: ArenaMatrix,
  inputs: Record<string, ArenaMatrix>,
): void {
  for (const [name, m] of Object.entries(inputs)) {
    if (overlaps(out, m) && out.byteOffset !== m.byteOffset) {
      throw new RangeError(`${what}: the output partly overlaps ${name}`);
    }
  }
}
