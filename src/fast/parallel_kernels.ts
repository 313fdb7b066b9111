/**
 * The WebAssembly kernels on two threads: the main thread and one Worker share the arena's memory
 * (a `SharedArrayBuffer`), and each large product is split by columns of C, the worker taking the
 * right half. The hand-off is two counters in that memory (Atomics), with the worker spinning
 * briefly before it sleeps, so a split costs microseconds rather than a message round trip.
 *
 * @module
 */
import { Arena } from "./arena.ts";
import { type GemmCall, WasmKernels } from "./wasm_kernels.ts";

/** How to start the two-thread kernels. */
export interface ParallelKernelsOptions {
  /** Use relaxed SIMD: true, false, or "auto" (default). */
  readonly relaxed?: boolean | "auto";
  /** Initial size of the shared arena in bytes (default 4 MiB). */
  readonly initialBytes?: number;
  /** The most the shared arena may grow to (default 1 GiB). */
  readonly maximumBytes?: number;
  /**
   * Products of fewer multiply-adds (m·n·k) than this stay on one thread (default 2¹⁸, where
   * the split measured faster on the 784-128-64-10 shapes).
   */
  readonly minMacs?: number;
}

// Layout of the control block, in 32-bit slots.
const SEQ = 0; // job number, written by the main thread
const DONE = 1; // last job finished, written by the worker
const QUIT = 2;
const ARGS = 3; // m n k a rsA csA b rsB csB c ldc alpha flags bias
const SLOTS = 32;
const TIMEOUT_MS = 30_000;

/** The worker: instantiate the module on the shared memory, then run halves of products. */
function workerMain(): void {
  const scope = globalThis as unknown as {
    onmessage: (e: MessageEvent) => void;
    postMessage(message: unknown): void;
  };
  scope.onmessage = (e: MessageEvent) => {
    const { module, memory, ctrlAt, work } = e.data;
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    const gemm = instance.exports.gemm as (...args: number[]) => void;
    const ctrl = new Int32Array(memory.buffer, ctrlAt, 32);
    const f32 = new Float32Array(memory.buffer, ctrlAt, 32);
    scope.postMessage("ready");
    let seen = 0;
    for (;;) {
      // Spin about 0.1 ms first: the next product usually follows within that.
      let spins = 0;
      while (Atomics.load(ctrl, 0) === seen) {
        if (++spins > 20000) {
          Atomics.wait(ctrl, 0, seen);
          spins = 0;
        }
      }
      seen = Atomics.load(ctrl, 0);
      if (Atomics.load(ctrl, 2) !== 0) return;
      const a = 3;
      gemm(
        ctrl[a],
        ctrl[a + 1],
        ctrl[a + 2],
        ctrl[a + 3],
        ctrl[a + 4],
        ctrl[a + 5],
        ctrl[a + 6],
        ctrl[a + 7],
        ctrl[a + 8],
        ctrl[a + 9],
        ctrl[a + 10],
        f32[a + 11],
        ctrl[a + 12],
        ctrl[a + 13],
        work,
      );
      Atomics.store(ctrl, 1, seen);
      Atomics.notify(ctrl, 1);
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
  #worker: Worker | undefined;
  #seq = 0;

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
    super({ arena, relaxed: options.relaxed ?? "auto" });
    const minMacs = options.minMacs ?? 2 ** 18;
    if (!(minMacs >= 0)) throw new RangeError(`Cannot split products above ${minMacs} MACs`);
    this.#minMacs = minMacs;
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
    });
    this.#worker = worker;
    try {
      await ready;
    } catch (e) {
      this.close();
      throw e;
    }
  }

  /** Whether the worker is running (false after `close()`). */
  get running(): boolean {
    return this.#worker !== undefined;
  }

  /**
   * Splits a large product by columns: the worker computes the right part while this thread
   * computes the left, whose width is a multiple of 8 (the micro-kernel's panel).
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
    const left = Math.ceil(call.n / 16) * 8;
    const c = this.#ctrl;
    c[ARGS] = call.m;
    c[ARGS + 1] = call.n - left;
    c[ARGS + 2] = call.k;
    c[ARGS + 3] = call.a;
    c[ARGS + 4] = call.rsA;
    c[ARGS + 5] = call.csA;
    c[ARGS + 6] = call.b + left * call.csB;
    c[ARGS + 7] = call.rsB;
    c[ARGS + 8] = call.csB;
    c[ARGS + 9] = call.c + 4 * left;
    c[ARGS + 10] = call.ldc;
    this.#ctrlF32[ARGS + 11] = call.alpha;
    c[ARGS + 12] = call.flags;
    c[ARGS + 13] = call.bias === 0 ? 0 : call.bias + 4 * left;
    const seq = (this.#seq = (this.#seq + 1) | 0);
    // The store publishes the arguments above (Atomics are sequentially consistent).
    Atomics.store(c, SEQ, seq);
    Atomics.notify(c, SEQ, 1);
    super.runGemm({ ...call, n: left });
    this.#join(seq);
  }

  #join(seq: number): void {
    const c = this.#ctrl;
    let spins = 0;
    let waited = 0;
    while (Atomics.load(c, DONE) !== seq) {
      if (++spins < 1 << 16) continue;
      // The worker is late (a busy machine): sleep in 1 ms steps rather than spin.
      Atomics.wait(c, DONE, Atomics.load(c, DONE), 1);
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
    Atomics.store(this.#ctrl, SEQ, this.#seq = (this.#seq + 1) | 0);
    Atomics.notify(this.#ctrl, SEQ);
    this.#worker.terminate();
    this.#worker = undefined;
  }

  /** Stops the worker, for `using`. */
  [Symbol.dispose](): void {
    this.close();
  }
}
