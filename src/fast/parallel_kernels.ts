/**
 * The WebAssembly kernels on two threads: the main thread and one Worker share the arena's memory
 * (a `SharedArrayBuffer`). A large product is cut into chunks of columns of C (multiples of the
 * micro-kernel's 8-wide panel), and a product that skips the zeros of A (its list of nonzeros built
 * once, by the main thread) into chunks of rows of C; both threads claim chunks from one atomic
 * counter until none are left. Claiming rather than halving keeps a late or descheduled worker from holding the main
 * thread up by more than the one chunk it took; with no worker awake, the main thread simply
 * does every chunk. Each element of C is still computed by one thread in the same order, so the
 * results equal the one-thread kernels' bit for bit.
 *
 * This pays off only when the second core is free: the worker spins between products, and a
 * chunk it claimed while another process takes its core makes the main thread wait for it.
 *
 * @module
 */
import { Arena } from "./arena.ts";
import { type GemmCall, type SparseCall, WasmKernels } from "./wasm_kernels.ts";

/** How to start the two-thread kernels. */
export interface ParallelKernelsOptions {
  /** Use relaxed SIMD: true, false, or "auto" (default). */
  readonly relaxed?: boolean | "auto";
  /** Skip the zeros of products hinted sparse (default true; they run on the main thread). */
  readonly skipZeros?: boolean;
  /** Initial size of the shared arena in bytes (default 4 MiB). */
  readonly initialBytes?: number;
  /** The most the shared arena may grow to (default 1 GiB). */
  readonly maximumBytes?: number;
  /**
   * Products of fewer multiply-adds (m·n·k) than this stay on one thread (default 2¹⁸: of the
   * 784-128-64-10 step at batch 128 this splits the 1M- and 12.8M-MAC products, which measured
   * about twice as fast on two free cores, and leaves the 82K-MAC ones alone).
   */
  readonly minMacs?: number;
  /**
   * How long the worker spins for the next product before it sleeps, in microseconds (default
   * 2000). Waking a sleeping worker costs about 0.1 ms on a virtual machine, as much as a whole
   * mid-size product; a training step keeps it busy well within this.
   */
  readonly spinMicros?: number;
}

// Layout of the control block, in 32-bit slots. WORD packs the job number (20 bits), the next
// unclaimed chunk (6 bits) and the number of chunks (6 bits), so one compare-and-swap both checks
// that a chunk belongs to the current job and claims it.
const WORD = 0;
const DONE = 1; // chunks of the current job finished
const QUIT = 2;
const ARGS = 3; // m n k a rsA csA b rsB csB c ldc alpha flags bias chunkCols
const WORKER_CHUNKS = 18; // chunks the worker has computed, for diagnostics
const KIND = 19; // 0: chunks of columns of a gemm; 1: chunks of rows of a sparse product
const INDEX = 20; // the sparse product's index (byte offset); ARGS + 14 holds its rows per chunk
const SLOTS = 32;
const MAX_CHUNKS = 63;
const TIMEOUT_MS = 30_000;

/**
 * The worker: instantiate the module on the shared memory, then claim and compute chunks. It is
 * sent as source text, so it refers to no module-level names (slot numbers are literals here).
 */
function workerMain(): void {
  const scope = globalThis as unknown as {
    onmessage: (e: MessageEvent) => void;
    postMessage(message: unknown): void;
  };
  scope.onmessage = (e: MessageEvent) => {
    const { module, memory, ctrlAt, work, spinMs } = e.data;
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const gemm = instance.exports.gemm as (...args: number[]) => void;
    const sparseRows = instance.exports.sparseRows as (...args: number[]) => void;
    const ctrl = new Int32Array(memory.buffer, ctrlAt, 32);
    const f32 = new Float32Array(memory.buffer, ctrlAt, 32);
    scope.postMessage("ready");
    let job = 0;
    for (;;) {
      // Spin for spinMs first: the next product usually follows within that.
      let w = Atomics.load(ctrl, 0);
      let spins = 0;
      let since = performance.now();
      while (w >>> 12 === job) {
        if ((++spins & 1023) === 0 && performance.now() - since > spinMs) {
          Atomics.wait(ctrl, 0, w);
          since = performance.now();
        }
        w = Atomics.load(ctrl, 0);
      }
      if (Atomics.load(ctrl, 2) !== 0) return;
      job = w >>> 12;
      for (;;) {
        w = Atomics.load(ctrl, 0);
        const chunk = (w >>> 6) & 63;
        if (w >>> 12 !== job || chunk >= (w & 63)) break;
        if (Atomics.compareExchange(ctrl, 0, w, w + 64) !== w) continue;
        // Claimed: the job's arguments stay put until every claimed chunk is done.
        if (Atomics.load(ctrl, 19) === 1) {
          const m = Atomics.load(ctrl, 3), rows = Atomics.load(ctrl, 17), i0 = chunk * rows;
          sparseRows(
            i0,
            Math.min(m, i0 + rows),
            m,
            Atomics.load(ctrl, 4),
            Atomics.load(ctrl, 9),
            Atomics.load(ctrl, 12),
            Atomics.load(ctrl, 13),
            f32[14],
            Atomics.load(ctrl, 15),
            Atomics.load(ctrl, 16),
            Atomics.load(ctrl, 20),
          );
          Atomics.add(ctrl, 18, 1);
          Atomics.add(ctrl, 1, 1);
          Atomics.notify(ctrl, 1);
          continue;
        }
        const n = Atomics.load(ctrl, 4), cols = Atomics.load(ctrl, 17);
        const j0 = chunk * cols, csB = Atomics.load(ctrl, 11), bias = Atomics.load(ctrl, 16);
        gemm(
          Atomics.load(ctrl, 3),
          Math.min(cols, n - j0),
          Atomics.load(ctrl, 5),
          Atomics.load(ctrl, 6),
          Atomics.load(ctrl, 7),
          Atomics.load(ctrl, 8),
          Atomics.load(ctrl, 9) + j0 * csB,
          Atomics.load(ctrl, 10),
          csB,
          Atomics.load(ctrl, 12) + 4 * j0,
          Atomics.load(ctrl, 13),
          f32[14],
          Atomics.load(ctrl, 15),
          bias === 0 ? 0 : bias + 4 * j0,
          work,
        );
        Atomics.add(ctrl, 18, 1);
        Atomics.add(ctrl, 1, 1);
        Atomics.notify(ctrl, 1);
      }
    }
  };
}

/**
 * The WebAssembly kernels with large products split across the main thread and one Worker.
 * Create with {@link ParallelWasmKernels.create}; call `close()` (or use `using`) to stop the
 * worker, which otherwise keeps the process alive.
 */
export class ParallelWasmKernels extends WasmKernels implements Disposable {
  readonly #ctrl: Int32Array;
  readonly #ctrlF32: Float32Array;
  readonly #minMacs: number;
  readonly #spinMs: number;
  #worker: Worker | undefined;
  #job = 0;

  /**
   * Starts the worker and resolves once it is ready.
   *
   * @param options Relaxed SIMD, arena size and the split threshold.
   * @returns The kernels.
   * @example The same product on two threads
   * ```ts
   * import assert from "node:assert";
   * using k = await ParallelWasmKernels.create({ minMacs: 0 });
   * const A = k.arena.from(1, 2, [1, 2]);
   * const B = k.arena.from(2, 32, Array.from({ length: 64 }, (_, i) => i));
   * const C = k.gemmNN(A, B, { c: k.matrix(1, 32) });
   * assert.strictEqual(C.data[31], 31 + 2 * 63);
   * ```
   */
  static async create(options: ParallelKernelsOptions = {}): Promise<ParallelWasmKernels> {
    const arena = new Arena({
      shared: true,
      ...(options.initialBytes === undefined ? {} : { initialBytes: options.initialBytes }),
      ...(options.maximumBytes === undefined ? {} : { maximumBytes: options.maximumBytes }),
    });
    const k = new ParallelWasmKernels(arena, options);
    await k.#start();
    return k;
  }

  private constructor(arena: Arena, options: ParallelKernelsOptions) {
    super({ arena, relaxed: options.relaxed ?? "auto", skipZeros: options.skipZeros ?? true });
    const minMacs = options.minMacs ?? 2 ** 18;
    if (!(minMacs >= 0)) throw new RangeError(`Cannot split products above ${minMacs} MACs`);
    this.#minMacs = minMacs;
    const spin = options.spinMicros ?? 2000;
    if (!(spin >= 0)) throw new RangeError(`Cannot spin for ${spin} µs`);
    this.#spinMs = spin / 1000;
    const at = arena.allocBytes(SLOTS * 4);
    this.#ctrl = new Int32Array(arena.memory.buffer, at, SLOTS);
    this.#ctrlF32 = new Float32Array(arena.memory.buffer, at, SLOTS);
  }

  async #start(): Promise<void> {
    const source = `(${workerMain.toString()})();`;
    const worker = new Worker(`data:application/javascript,${encodeURIComponent(source)}`, {
      type: "module",
    });
    const ready = new Promise<void>((resolve, reject) => {
      worker.onmessage = () => resolve();
      worker.onerror = (e) => {
        e.preventDefault();
        reject(new Error(`Cannot start the kernel worker: ${e.message}`));
      };
    });
    worker.postMessage({
      module: this.module,
      memory: this.arena.memory,
      ctrlAt: this.#ctrl.byteOffset,
      work: this.arena.allocBytes(this.gemmScratchBytes),
      spinMs: this.#spinMs,
    });
    this.#worker = worker;
    try {
      await ready;
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /**
   * How many chunks of products the worker has computed so far (the rest were this thread's).
   *
   * @example
   * ```ts
   * import assert from "node:assert";
   * using k = await ParallelWasmKernels.create();
   * assert.strictEqual(k.workerChunks, 0);
   * ```
   */
  get workerChunks(): number {
    return Atomics.load(this.#ctrl, WORKER_CHUNKS);
  }

  /** Whether the worker is running (false after `close()`). */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  /**
   * Cuts a large product into chunks of columns and computes the chunks that this thread claims;
   * the worker claims the others.
   *
   * @param call The arguments of the module's `gemm`.
   * @example
   * ```ts
   * import assert from "node:assert";
   * using k = await ParallelWasmKernels.create({ minMacs: 0 });
   * const X = k.arena.from(2, 1, [1, 2]);
   * const G = k.arena.from(2, 20, new Array(40).fill(1));
   * assert.deepStrictEqual([...k.gemmTN(X, G, { c: k.matrix(1, 20) }).data], new Array(20).fill(3));
   * ```
   */
  protected override runGemm(call: GemmCall): void {
    if (!this.#worker || call.n < 16 || call.m * call.n * call.k < this.#minMacs) {
      super.runGemm(call);
      return;
    }
    // Chunks of 16 columns (two panels), wider when n would need more than 63 of them.
    const cols = 8 * Math.ceil(call.n / 8 / Math.min(MAX_CHUNKS, Math.ceil(call.n / 16)));
    this.#publish(0, call, cols);
    this.#share(Math.ceil(call.n / cols), (chunk) => {
      const j0 = chunk * cols;
      super.runGemm({
        ...call,
        n: Math.min(cols, call.n - j0),
        b: call.b + j0 * call.csB,
        c: call.c + 4 * j0,
        bias: call.bias === 0 ? 0 : call.bias + 4 * j0,
      });
    });
  }

  /**
   * Cuts a product listed by its nonzeros into chunks of rows of C, computed by whichever thread
   * claims them; each row is still computed whole by one thread.
   *
   * @param call The product and its index.
   * @example
   * ```ts
   * import assert from "node:assert";
   * using k = await ParallelWasmKernels.create({ minMacs: 0 });
   * const X = k.arena.from(40, 2, Array.from({ length: 80 }, (_, i) => (i % 3 === 0 ? 1 : 0)));
   * const W = k.arena.from(2, 16, new Array(32).fill(1));
   * const Z = k.gemmNN(X, W, { c: k.matrix(40, 16), sparse: true });
   * const want = Array.from({ length: 40 }, (_, i) => X.data[2 * i] + X.data[2 * i + 1]);
   * assert.deepStrictEqual(want.map((_, i) => Z.data[16 * i]), want);
   * assert.deepStrictEqual(k.zeroSkipping, { sparse: 1, dense: 0 });
   * ```
   */
  protected override runSparseRows(call: SparseCall): void {
    if (!this.#worker || call.m < 2 || call.nnz * call.n < this.#minMacs) {
      super.runSparseRows(call);
      return;
    }
    const rows = Math.max(1, Math.ceil(call.m / 32));
    this.#publish(1, call, rows);
    this.#ctrl[INDEX] = call.index;
    this.#share(Math.ceil(call.m / rows), (chunk) => {
      const i0 = chunk * rows;
      this.sparseRowsAt(call, i0, Math.min(call.m, i0 + rows));
    });
  }

  /** Writes a job's arguments into the control block (published by #share's word). */
  #publish(kind: number, call: GemmCall, perChunk: number): void {
    const c = this.#ctrl;
    c[KIND] = kind;
    c[ARGS] = call.m;
    c[ARGS + 1] = call.n;
    c[ARGS + 2] = call.k;
    c[ARGS + 3] = call.a;
    c[ARGS + 4] = call.rsA;
    c[ARGS + 5] = call.csA;
    c[ARGS + 6] = call.b;
    c[ARGS + 7] = call.rsB;
    c[ARGS + 8] = call.csB;
    c[ARGS + 9] = call.c;
    c[ARGS + 10] = call.ldc;
    this.#ctrlF32[ARGS + 11] = call.alpha;
    c[ARGS + 12] = call.flags;
    c[ARGS + 13] = call.bias;
    c[ARGS + 14] = perChunk;
  }

  /** Starts a job of `chunks` chunks, computes those this thread claims, and waits for the rest. */
  #share(chunks: number, runChunk: (chunk: number) => void): void {
    const c = this.#ctrl;
    Atomics.store(c, DONE, 0);
    this.#job = (this.#job + 1) & 0xfffff;
    // Publishing the word publishes the arguments written before (Atomics are sequentially consistent).
    const start = (this.#job << 12) | chunks;
    Atomics.store(c, WORD, start);
    Atomics.notify(c, WORD, 1);
    for (;;) {
      const w = Atomics.load(c, WORD);
      const chunk = (w >>> 6) & 63;
      if (chunk >= chunks) break;
      if (Atomics.compareExchange(c, WORD, w, w + 64) !== w) continue;
      runChunk(chunk);
      Atomics.add(c, DONE, 1);
    }
    this.#join(chunks);
  }

  /** Waits until all chunks are done: only those the worker claimed can still be running. */
  #join(chunks: number): void {
    const c = this.#ctrl;
    let spins = 0;
    let waited = 0;
    for (let done = Atomics.load(c, DONE); done !== chunks; done = Atomics.load(c, DONE)) {
      if (++spins < 1 << 16) continue;
      // The worker is late (a busy machine): sleep in 1 ms steps rather than spin.
      Atomics.wait(c, DONE, done, 1);
      if (++waited > TIMEOUT_MS) {
        this.close();
        throw new Error("Cannot finish a product: the kernel worker stopped answering");
      }
    }
  }

  /**
   * Stops the worker; later products run on this thread only.
   *
   * @example
   * ```ts
   * import assert from "node:assert";
   * const k = await ParallelWasmKernels.create();
   * k.close();
   * assert.strictEqual(k.running, false);
   * ```
   */
  close(): void {
    if (!this.#worker) return;
    Atomics.store(this.#ctrl, QUIT, 1);
    this.#job = (this.#job + 1) & 0xfffff;
    Atomics.store(this.#ctrl, WORD, this.#job << 12);
    Atomics.notify(this.#ctrl, WORD);
    this.#worker.terminate();
    this.#worker = undefined;
  }

  /** Stops the worker, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }
}
