/**
 * A bump allocator over one `WebAssembly.Memory`: the WebAssembly kernels read and write only that
 * memory, so their operands live here as float32 matrices at fixed byte offsets.
 *
 * @module
 */
import type { F32Matrix } from "./kernel_api.ts";

const PAGE = 65536;
/** Offsets are multiples of a cache line, so v128 loads never straddle one needlessly. */
const ALIGN = 64;

/** How an arena starts. */
export interface ArenaOptions {
  /** Initial size in bytes (default 4 MiB; at least 128 KiB); the arena grows as needed. */
  readonly initialBytes?: number;
  /**
   * Back the arena with a shared memory (a `SharedArrayBuffer`), which worker threads can use
   * too; it can then grow to at most `maximumBytes` (default 1 GiB).
   */
  readonly shared?: boolean;
  /** The most a shared arena may grow to, in bytes (default 1 GiB, at most 4 GiB). */
  readonly maximumBytes?: number;
}

/** A float32 matrix stored in an arena's memory at a fixed byte offset. */
export class ArenaMatrix implements F32Matrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Where element (0, 0) is, in bytes from the start of the arena's memory. */
  readonly byteOffset: number;
  /** The arena holding the values. */
  readonly arena: Arena;
  #view: Float32Array;

  /**
   * Wraps a region of an arena; use {@link Arena.alloc} rather than this.
   *
   * @param arena The arena.
   * @param shape Rows and columns.
   * @param byteOffset Where the region starts.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const arena = new Arena();
   * const m = new ArenaMatrix(arena, { rows: 1, cols: 2 }, arena.allocBytes(8));
   * assert.strictEqual(m.data.length, 2);
   * ```
   */
  constructor(
    arena: Arena,
    shape: { readonly rows: number; readonly cols: number },
    byteOffset: number,
  ) {
    this.arena = arena;
    this.rows = shape.rows;
    this.cols = shape.cols;
    this.byteOffset = byteOffset;
    this.#view = new Float32Array(arena.memory.buffer, byteOffset, shape.rows * shape.cols);
  }

  /**
   * The values, row-major. Growing an ordinary memory detaches the views over it, so this makes
   * a fresh one when that happened.
   */
  get data(): Float32Array {
    if (this.#view.length !== this.rows * this.cols) {
      this.#view = new Float32Array(
        this.arena.memory.buffer,
        this.byteOffset,
        this.rows * this.cols,
      );
    }
    return this.#view;
  }

  /** Bytes the values occupy. */
  get byteLength(): number {
    return this.rows * this.cols * 4;
  }
}

/** A growable `WebAssembly.Memory` handing out aligned regions, freed together by `release`. */
export class Arena {
  /** The memory the kernels import. */
  readonly memory: WebAssembly.Memory;
  /**
   * Bytes at the start left to the kernels' module for its static data (the tables of its exp
   * and log); pointer 0 inside them also means "no bias" to the kernels.
   */
  readonly reservedBytes: number = PAGE;
  /** Whether the memory is shared (a `SharedArrayBuffer`) and so usable by workers. */
  readonly shared: boolean;
  #top = PAGE;

  /**
   * Creates an arena with its own memory.
   *
   * @param options Initial size.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const arena = new Arena({ initialBytes: 1 << 20 });
   * assert.strictEqual(arena.memory.buffer.byteLength, 1 << 20);
   * ```
   */
  constructor(options: ArenaOptions = {}) {
    const bytes = options.initialBytes ?? 4 << 20;
    if (!Number.isInteger(bytes) || bytes < 0) {
      throw new RangeError(`Cannot create an arena of ${bytes} bytes`);
    }
    const initial = Math.max(2, Math.ceil(bytes / PAGE));
    if (options.shared) {
      const max = options.maximumBytes ?? 1 << 30;
      if (!Number.isInteger(max) || max < initial * PAGE || max > 2 ** 32) {
        throw new RangeError(`Cannot create a shared arena of at most ${max} bytes`);
      }
      this.memory = new WebAssembly.Memory({
        initial,
        maximum: Math.ceil(max / PAGE),
        shared: true,
      });
    } else {
      this.memory = new WebAssembly.Memory({ initial });
    }
    this.shared = options.shared ?? false;
  }

  /**
   * Reserves `bytes` bytes (not cleared), growing the memory when needed.
   *
   * @param bytes How many.
   * @returns The byte offset of the region, a multiple of 64.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const arena = new Arena();
   * assert.strictEqual(arena.allocBytes(100) % 64, 0);
   * ```
   */
  allocBytes(bytes: number): number {
    if (!Number.isInteger(bytes) || bytes < 0) {
      throw new RangeError(`Cannot allocate ${bytes} bytes`);
    }
    const offset = this.#top;
    const end = offset + Math.ceil(bytes / ALIGN) * ALIGN;
    if (end > 2 ** 32) throw new RangeError(`Cannot allocate ${bytes} bytes: past 4 GiB`);
    const size = this.memory.buffer.byteLength;
    if (end > size) {
      const want = Math.min(2 ** 32, Math.max(end, 2 * size));
      try {
        this.memory.grow(Math.ceil((want - size) / PAGE));
      } catch {
        // A shared memory may not grow past its maximum; try for just what is needed.
        try {
          this.memory.grow(Math.ceil((end - size) / PAGE));
        } catch {
          throw new RangeError(`Cannot allocate ${bytes} bytes: the memory cannot grow to ${end}`);
        }
      }
    }
    this.#top = end;
    return offset;
  }

  /**
   * A zero-filled `rows × cols` matrix.
   *
   * @param rows Number of rows.
   * @param cols Number of columns.
   * @returns The matrix.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const W = new Arena().alloc(2, 3);
   * assert.deepStrictEqual([...W.data], [0, 0, 0, 0, 0, 0]);
   * ```
   */
  alloc(rows: number, cols: number): ArenaMatrix {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new RangeError(`Cannot create a matrix of shape ${rows}×${cols}`);
    }
    const m = new ArenaMatrix(this, { rows, cols }, this.allocBytes(rows * cols * 4));
    m.data.fill(0);
    return m;
  }

  /**
   * A matrix holding a copy of `values` (row-major), rounded to float32.
   *
   * @param rows Number of rows.
   * @param cols Number of columns.
   * @param values rows·cols numbers.
   * @returns The matrix.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const b = new Arena().from(1, 2, [0.5, 0.1]);
   * assert.deepStrictEqual([...b.data], [0.5, Math.fround(0.1)]);
   * ```
   */
  from(rows: number, cols: number, values: ArrayLike<number>): ArenaMatrix {
    if (values.length !== rows * cols) {
      throw new RangeError(`Cannot create a ${rows}×${cols} matrix from ${values.length} values`);
    }
    const m = this.alloc(rows, cols);
    m.data.set(values);
    return m;
  }

  /**
   * The current top, to give back everything allocated after it with {@link Arena.release}.
   *
   * @returns An opaque position.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const arena = new Arena();
   * const mark = arena.mark();
   * arena.alloc(10, 10);
   * arena.release(mark);
   * assert.strictEqual(arena.mark(), mark);
   * ```
   */
  mark(): number {
    return this.#top;
  }

  /**
   * Frees everything allocated since `mark`; matrices from then on must no longer be used.
   *
   * @param mark A value returned by {@link Arena.mark}.
   * @example
   * ```ts
   * import assert from "node:assert";
   * const arena = new Arena();
   * const mark = arena.mark();
   * const a = arena.alloc(1, 1);
   * arena.release(mark);
   * assert.strictEqual(arena.alloc(1, 1).byteOffset, a.byteOffset);
   * ```
   */
  release(mark: number): void {
    if (
      !Number.isInteger(mark) || mark < this.reservedBytes || mark > this.#top || mark % ALIGN !== 0
    ) {
      throw new RangeError(`Cannot release to ${mark}: not a mark of this arena`);
    }
    this.#top = mark;
  }
}
