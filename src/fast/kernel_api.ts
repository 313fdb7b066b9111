/**
 * The contract shared by the fast float32 kernels (WebAssembly in `wasm_kernels.ts`, plain
 * TypeScript in `js_kernels.ts`, the system BLAS through Deno's FFI in `native_kernels.ts`): the products and elementwise steps of one training step in row
 * layout, as in "2 Layer NN: A Mathematical Deep Dive" (one sample per row: Z = X·W + b).
 *
 * Shapes: `X` is N×d, `W` is d×n, `b` is 1×n; every matrix is dense and row-major.
 *
 * @module
 */

/** A dense row-major `rows × cols` matrix of float32 values. */
export interface F32Matrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** The values: element (i, j) is `data[i * cols + j]`. */
  readonly data: Float32Array;
}

/** Where a product goes and what is applied to it: `c = relu(alpha·product + [c] + bias)`. */
export interface GemmOptions<M extends F32Matrix = F32Matrix> {
  /** The output; it must not overlap either factor. */
  readonly c: M;
  /** Scale of the product (default 1); `-lr` with `accumulate` fuses an SGD step. */
  readonly alpha?: number;
  /** Add the product to what `c` holds instead of overwriting it (default false). */
  readonly accumulate?: boolean;
  /** A 1×n row added to every row of the result (default none). */
  readonly bias?: M;
  /** Apply ReLU to the result (default false). */
  readonly relu?: boolean;
  /**
   * A hint that `a` is mostly exact zeros, as pixel inputs are (default false): kernels that can
   * (the WebAssembly ones) then list its nonzeros and skip its zeros when few enough are nonzero;
   * others ignore it. Skipping changes no sum where `b` is finite (adding 0·w = ±0 is exact).
   */
  readonly sparse?: boolean;
}

/** How column sums are stored: `out = alpha·Σ_rows g (+ out)`. */
export interface ColumnSumsOptions {
  /** Scale of the sums (default 1). */
  readonly alpha?: number;
  /** Add to what `out` holds instead of overwriting it (default false). */
  readonly accumulate?: boolean;
}

/** The kernels of one training step, over matrices of type `M`. */
export interface Kernels<M extends F32Matrix = F32Matrix> {
  /** A zero-filled `rows × cols` matrix these kernels accept. */
  matrix(rows: number, cols: number): M;
  /** The first `rows` rows of `m`, sharing its storage: a batch smaller than its buffers. */
  rowsOf(m: M, rows: number): M;
  /** `c = A·B` (A m×k, B k×n): forward `Z = X·W`. */
  gemmNN(a: M, b: M, options: GemmOptions<M>): M;
  /** `c = A·Bᵀ` (A m×k, B n×k): backward `G·Wᵀ`. */
  gemmNT(a: M, b: M, options: GemmOptions<M>): M;
  /** `c = Aᵀ·B` (A k×m, B k×n): weight gradient `dW = Xᵀ·G`. */
  gemmTN(a: M, b: M, options: GemmOptions<M>): M;
  /** `out = bytes / 255`: pixel bytes as values in [0, 1], as many as there are bytes. */
  scalePixels(bytes: Uint8Array, out: M): M;
  /** `out = g ⊙ ReLU′`, with ReLU′ read from the activations `a = ReLU(z)`. */
  reluBackward(g: M, a: M, out: M): M;
  /** `g = (softmax(z) − y)/N` per row; returns the mean cross-entropy. */
  softmaxCrossEntropyGrad(z: M, y: M, g: M): number;
  /** `out = alpha·Σ_rows g (+ out)`: the bias gradient `db`. */
  columnSums(g: M, out: M, options?: ColumnSumsOptions): M;
  /** `W = W − lr·dW`. */
  sgdUpdate(W: M, dW: M, lr: number): M;
  /** `v = mu·v + g`: the heavy-ball velocity, to follow with `sgdUpdate(W, v, lr)`. */
  momentumUpdate(v: M, g: M, mu: number): M;
}

/** The three products, by the transposes they apply. */
export type GemmKind = "NN" | "NT" | "TN";

/** The dimensions of a product `c = op(a)·op(b)`: c is m×n and the inner dimension is k. */
export interface GemmShape {
  /** Rows of c. */
  readonly m: number;
  /** Columns of c. */
  readonly n: number;
  /** The summed dimension. */
  readonly k: number;
}

const FORMULA: Readonly<Record<GemmKind, string>> = { NN: "a·b", NT: "a·bᵀ", TN: "aᵀ·b" };

/**
 * Checks the shapes of `c = op(a)·op(b)` (and of the bias) and returns its dimensions.
 *
 * @param kind Which product.
 * @param a The left factor.
 * @param operands The right factor `b`, the output `c` and the optional `bias`.
 * @returns m, n, k.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const m = (rows: number, cols: number) => ({ rows, cols, data: new Float32Array(rows * cols) });
 * assert.deepStrictEqual(gemmShape("TN", m(5, 2), { b: m(5, 3), c: m(2, 3) }), { m: 2, n: 3, k: 5 });
 * assert.throws(() => gemmShape("NN", m(2, 3), { b: m(4, 1), c: m(2, 1) }), TypeError);
 * ```
 */
export function gemmShape(
  kind: GemmKind,
  a: F32Matrix,
  operands: { readonly b: F32Matrix; readonly c: F32Matrix; readonly bias?: F32Matrix },
): GemmShape {
  const { b, c, bias } = operands;
  const [m, ka] = kind === "TN" ? [a.cols, a.rows] : [a.rows, a.cols];
  const [kb, n] = kind === "NT" ? [b.cols, b.rows] : [b.rows, b.cols];
  const what = `Cannot multiply ${FORMULA[kind]}`;
  if (ka !== kb) throw new TypeError(`${what}: a is ${dims(a)} but b is ${dims(b)}`);
  if (c.rows !== m || c.cols !== n) {
    throw new TypeError(`${what} into c: the product is ${m}×${n} but c is ${dims(c)}`);
  }
  if (bias && (bias.rows !== 1 || bias.cols !== n)) {
    throw new TypeError(`${what}: bias must be 1×${n} but is ${dims(bias)}`);
  }
  return { m, n, k: ka };
}

/**
 * Throws unless every matrix has the shape of the first.
 *
 * @param what The operation, for the message, e.g. `Cannot apply ReLU′`.
 * @param named The matrices by name, the reference first.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const m = (rows: number, cols: number) => ({ rows, cols, data: new Float32Array(rows * cols) });
 * assert.throws(() => sameShape("Cannot update", { W: m(2, 2), dW: m(2, 3) }), /dW is 2×3/);
 * ```
 */
export function sameShape(what: string, named: Readonly<Record<string, F32Matrix>>): void {
  const entries = Object.entries(named);
  const [name0, m0] = entries[0];
  for (const [name, m] of entries.slice(1)) {
    if (m.rows !== m0.rows || m.cols !== m0.cols) {
      throw new TypeError(`${what}: ${name0} is ${dims(m0)} but ${name} is ${dims(m)}`);
    }
  }
}

/**
 * Throws unless `row` is a 1×n row for the columns of `m`.
 *
 * @param what The operation, for the message.
 * @param m The matrix whose columns the row matches.
 * @param row The row, by name.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const m = (rows: number, cols: number) => ({ rows, cols, data: new Float32Array(rows * cols) });
 * assert.throws(() => rowFor("Cannot add a bias", m(4, 3), { b: m(3, 1) }), /b must be 1×3/);
 * ```
 */
export function rowFor(
  what: string,
  m: F32Matrix,
  row: Readonly<Record<string, F32Matrix>>,
): void {
  const [name, r] = Object.entries(row)[0];
  if (r.rows !== 1 || r.cols !== m.cols) {
    throw new TypeError(`${what}: ${name} must be 1×${m.cols} but is ${dims(r)}`);
  }
}

/**
 * The shape of a matrix as `rows×cols`.
 *
 * @param m A matrix.
 * @returns Its shape.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(dims({ rows: 2, cols: 3, data: new Float32Array(6) }), "2×3");
 * ```
 */
export function dims(m: F32Matrix): string {
  return `${m.rows}×${m.cols}`;
}

/**
 * Throws unless `out` holds exactly one value per pixel byte.
 *
 * @param bytes The pixels.
 * @param out The matrix of values.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const m = { rows: 1, cols: 2, data: new Float32Array(2) };
 * assert.throws(() => pixelsFit(new Uint8Array(3), m), /3 pixel bytes into a 1×2 matrix/);
 * ```
 */
export function pixelsFit(bytes: Uint8Array, out: F32Matrix): void {
  if (bytes.length !== out.rows * out.cols) {
    throw new TypeError(`Cannot scale ${bytes.length} pixel bytes into a ${dims(out)} matrix`);
  }
}

/**
 * Throws unless a view of `rows` rows fits in `m`.
 *
 * @param m The matrix.
 * @param rows Rows wanted.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const m = { rows: 2, cols: 3, data: new Float32Array(6) };
 * assert.throws(() => checkRowsOf(m, 3), /Cannot take 3 rows of a 2×3 matrix/);
 * ```
 */
export function checkRowsOf(m: F32Matrix, rows: number): void {
  if (!Number.isInteger(rows) || rows < 0 || rows > m.rows) {
    throw new RangeError(`Cannot take ${rows} rows of a ${dims(m)} matrix`);
  }
}
