/**
 * A small dense matrix over `Float64Array`: row-major, with an explicit shape.
 *
 * Shape letters used across the project: `N` batch size, `d` input width, `n_l` width of layer `l`.
 * Column batches (documents 001, 002, 003) store one sample per column; row batches (document 000) one per row.
 *
 * @module
 */

/** A row-major `rows × cols` matrix of float64 values. */
export class Matrix {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** The values, row-major: element (i, j) is `data[i * cols + j]`. */
  readonly data: Float64Array;

  /**
   * Wraps (or allocates) the storage of a `rows × cols` matrix.
   *
   * @param rows Number of rows.
   * @param cols Number of columns.
   * @param data Row-major values; zeros when left out.
   * @example Build a 2×2 identity
   * ```ts
   * import assert from "node:assert";
   * const I = new Matrix(2, 2, new Float64Array([1, 0, 0, 1]));
   * assert.strictEqual(I.get(1, 1), 1);
   * ```
   */
  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
      throw new RangeError(`Cannot create a matrix of shape ${rows}×${cols}`);
    }
    if (data && data.length !== rows * cols) {
      throw new RangeError(
        `Cannot create a ${rows}×${cols} matrix from ${data.length} values`,
      );
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(rows * cols);
  }

  /**
   * Builds a matrix from nested arrays of rows.
   *
   * @param rows The rows, all of one length.
   * @returns The matrix.
   * @example A 2×3 matrix
   * ```ts
   * import assert from "node:assert";
   * const A = Matrix.from([[1, 2, 3], [4, 5, 6]]);
   * assert.deepStrictEqual(A.shape, [2, 3]);
   * ```
   */
  static from(rows: readonly (readonly number[])[]): Matrix {
    const r = rows.length;
    const c = r === 0 ? 0 : rows[0].length;
    const m = new Matrix(r, c);
    rows.forEach((row, i) => {
      if (row.length !== c) {
        throw new TypeError(`Cannot build a matrix: row ${i} has ${row.length} values, not ${c}`);
      }
      m.data.set(row, i * c);
    });
    return m;
  }

  /**
   * A column vector (`n × 1`) holding `values`.
   *
   * @param values The entries, top to bottom.
   * @returns The `n × 1` matrix.
   * @example
   * ```ts
   * import assert from "node:assert";
   * assert.deepStrictEqual(Matrix.column([1, 2]).shape, [2, 1]);
   * ```
   */
  static column(values: readonly number[]): Matrix {
    return new Matrix(values.length, 1, Float64Array.from(values));
  }

  /** The shape as `[rows, cols]`. */
  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  /**
   * Element (i, j).
   *
   * @param i Row index.
   * @param j Column index.
   * @returns The value.
   */
  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  /**
   * Sets element (i, j).
   *
   * @param i Row index.
   * @param j Column index.
   * @param value The new value.
   */
  set(i: number, j: number, value: number): void {
    this.data[i * this.cols + j] = value;
  }

  /**
   * The rows as nested arrays.
   *
   * @returns One array per row.
   */
  toArrays(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) {
      out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    }
    return out;
  }

  /**
   * A deep copy.
   *
   * @returns A new matrix with its own storage.
   */
  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }
}

/** Formats a shape the way error messages print it: `2×3`. */
export function shapeOf(m: Matrix): string {
  return `${m.rows}×${m.cols}`;
}

/**
 * Matrix product `A·B`.
 *
 * @param A An `m × k` matrix.
 * @param B A `k × n` matrix.
 * @returns The `m × n` product.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const C = matmul(Matrix.from([[1, 2]]), Matrix.from([[3], [4]]));
 * assert.strictEqual(C.get(0, 0), 11);
 * ```
 */
export function matmul(A: Matrix, B: Matrix): Matrix {
  if (A.cols !== B.rows) {
    throw new TypeError(
      `Cannot multiply matrices: a is ${shapeOf(A)} but b is ${
        shapeOf(B)
      } (a has ${A.cols} columns, b has ${B.rows} rows)`,
    );
  }
  const C = new Matrix(A.rows, B.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let p = 0; p < A.cols; p++) {
      const aip = A.data[i * A.cols + p]; // no skip on 0: 0·NaN and 0·Infinity must stay NaN
      const bRow = p * B.cols;
      const cRow = i * B.cols;
      for (let j = 0; j < B.cols; j++) C.data[cRow + j] += aip * B.data[bRow + j];
    }
  }
  return C;
}

/**
 * The transpose `Aᵀ`.
 *
 * @param A Any matrix.
 * @returns A new `cols × rows` matrix.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(transpose(Matrix.from([[1, 2]])).toArrays(), [[1], [2]]);
 * ```
 */
export function transpose(A: Matrix): Matrix {
  const T = new Matrix(A.cols, A.rows);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.cols; j++) T.data[j * A.rows + i] = A.data[i * A.cols + j];
  }
  return T;
}

/**
 * Elementwise `A + B`, broadcasting a `1 × n` row or an `m × 1` column of `B` across `A`
 * (the bias broadcast of every document: `z = W·a + b`).
 *
 * @param A An `m × n` matrix.
 * @param B `m × n`, `m × 1` or `1 × n`.
 * @returns The sum, shaped like `A`.
 * @example Add a bias column to every sample
 * ```ts
 * import assert from "node:assert";
 * const Z = add(Matrix.from([[1, 2], [3, 4]]), Matrix.column([10, 20]));
 * assert.deepStrictEqual(Z.toArrays(), [[11, 12], [23, 24]]);
 * ```
 */
export function add(A: Matrix, B: Matrix): Matrix {
  const rowStride = B.rows === 1 ? 0 : B.cols;
  const colStride = B.cols === 1 ? 0 : 1;
  const fits = (B.rows === A.rows || B.rows === 1) && (B.cols === A.cols || B.cols === 1);
  if (!fits) {
    throw new TypeError(`Cannot add matrices: a is ${shapeOf(A)} but b is ${shapeOf(B)}`);
  }
  const C = new Matrix(A.rows, A.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.cols; j++) {
      C.data[i * A.cols + j] = A.data[i * A.cols + j] + B.data[i * rowStride + j * colStride];
    }
  }
  return C;
}

function sameShape(op: string, A: Matrix, B: Matrix): void {
  if (A.rows !== B.rows || A.cols !== B.cols) {
    throw new TypeError(`Cannot ${op} matrices: a is ${shapeOf(A)} but b is ${shapeOf(B)}`);
  }
}

/**
 * Elementwise `A − B` (same shapes).
 *
 * @param A Minuend.
 * @param B Subtrahend, shaped like `A`.
 * @returns The difference.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(sub(Matrix.from([[3]]), Matrix.from([[1]])).toArrays(), [[2]]);
 * ```
 */
export function sub(A: Matrix, B: Matrix): Matrix {
  sameShape("subtract", A, B);
  return zipWith(A, B, (a, b) => a - b);
}

/**
 * Hadamard (elementwise) product `A ⊙ B`.
 *
 * @param A A matrix.
 * @param B A matrix of the same shape.
 * @returns The elementwise product.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(hadamard(Matrix.from([[2, 3]]), Matrix.from([[4, 5]])).toArrays(), [[8, 15]]);
 * ```
 */
export function hadamard(A: Matrix, B: Matrix): Matrix {
  sameShape("take the Hadamard product of", A, B);
  return zipWith(A, B, (a, b) => a * b);
}

function zipWith(A: Matrix, B: Matrix, f: (a: number, b: number) => number): Matrix {
  const C = new Matrix(A.rows, A.cols);
  for (let k = 0; k < C.data.length; k++) C.data[k] = f(A.data[k], B.data[k]);
  return C;
}

/**
 * Applies `f` to every element.
 *
 * @param A A matrix.
 * @param f The function of one element.
 * @returns A new matrix of the results.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(map(Matrix.from([[1, -1]]), Math.abs).toArrays(), [[1, 1]]);
 * ```
 */
export function map(A: Matrix, f: (x: number) => number): Matrix {
  const C = new Matrix(A.rows, A.cols);
  for (let k = 0; k < C.data.length; k++) C.data[k] = f(A.data[k]);
  return C;
}

/**
 * `s · A`.
 *
 * @param A A matrix.
 * @param s The scalar.
 * @returns The scaled matrix.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(scale(Matrix.from([[1, 2]]), 0.5).toArrays(), [[0.5, 1]]);
 * ```
 */
export function scale(A: Matrix, s: number): Matrix {
  return map(A, (x) => s * x);
}

/**
 * Sums each row: an `m × n` matrix gives an `m × 1` column
 * (in column layout, the sum over the batch: `db = Σ δ`).
 *
 * @param A A matrix.
 * @returns The `m × 1` row sums.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(sumRows(Matrix.from([[1, 2], [3, 4]])).toArrays(), [[3], [7]]);
 * ```
 */
export function sumRows(A: Matrix): Matrix {
  const s = new Matrix(A.rows, 1);
  for (let i = 0; i < A.rows; i++) {
    let acc = 0;
    for (let j = 0; j < A.cols; j++) acc += A.data[i * A.cols + j];
    s.data[i] = acc;
  }
  return s;
}

/**
 * Sums each column: an `m × n` matrix gives a `1 × n` row
 * (in row layout, the sum over the batch).
 *
 * @param A A matrix.
 * @returns The `1 × n` column sums.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(sumCols(Matrix.from([[1, 2], [3, 4]])).toArrays(), [[4, 6]]);
 * ```
 */
export function sumCols(A: Matrix): Matrix {
  const s = new Matrix(1, A.cols);
  for (let i = 0; i < A.rows; i++) {
    for (let j = 0; j < A.cols; j++) s.data[j] += A.data[i * A.cols + j];
  }
  return s;
}

/**
 * Horizontal concatenation `[A | B]` (document 000 appends a column of ones: `[X | 1]`).
 *
 * @param A An `m × p` matrix.
 * @param B An `m × q` matrix.
 * @returns The `m × (p+q)` matrix.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(hconcat(Matrix.from([[1]]), Matrix.from([[2]])).toArrays(), [[1, 2]]);
 * ```
 */
export function hconcat(A: Matrix, B: Matrix): Matrix {
  if (A.rows !== B.rows) {
    throw new TypeError(
      `Cannot concatenate side by side: a is ${shapeOf(A)} but b is ${shapeOf(B)}`,
    );
  }
  const C = new Matrix(A.rows, A.cols + B.cols);
  for (let i = 0; i < A.rows; i++) {
    C.data.set(A.data.subarray(i * A.cols, (i + 1) * A.cols), i * C.cols);
    C.data.set(B.data.subarray(i * B.cols, (i + 1) * B.cols), i * C.cols + A.cols);
  }
  return C;
}

/**
 * Vertical concatenation `[A; B]` (document 000 stacks the bias under the weights: `[W; b]`).
 *
 * @param A A `p × n` matrix.
 * @param B A `q × n` matrix.
 * @returns The `(p+q) × n` matrix.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(vconcat(Matrix.from([[1]]), Matrix.from([[2]])).toArrays(), [[1], [2]]);
 * ```
 */
export function vconcat(A: Matrix, B: Matrix): Matrix {
  if (A.cols !== B.cols) {
    throw new TypeError(`Cannot stack: a is ${shapeOf(A)} but b is ${shapeOf(B)}`);
  }
  const C = new Matrix(A.rows + B.rows, A.cols);
  C.data.set(A.data, 0);
  C.data.set(B.data, A.data.length);
  return C;
}

/**
 * Rows `from` (inclusive) to `to` (exclusive) as a new matrix.
 *
 * @param A A matrix.
 * @param from First row.
 * @param to One past the last row.
 * @returns The slice.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(sliceRows(Matrix.from([[1], [2], [3]]), 1, 3).toArrays(), [[2], [3]]);
 * ```
 */
export function sliceRows(A: Matrix, from: number, to: number): Matrix {
  if (!(0 <= from && from <= to && to <= A.rows)) {
    throw new RangeError(`Cannot take rows ${from} to ${to} of a ${shapeOf(A)} matrix`);
  }
  return new Matrix(to - from, A.cols, A.data.slice(from * A.cols, to * A.cols));
}

/**
 * Columns `from` (inclusive) to `to` (exclusive) as a new matrix.
 *
 * @param A A matrix.
 * @param from First column.
 * @param to One past the last column.
 * @returns The slice.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(sliceCols(Matrix.from([[1, 2, 3]]), 0, 2).toArrays(), [[1, 2]]);
 * ```
 */
export function sliceCols(A: Matrix, from: number, to: number): Matrix {
  if (!(0 <= from && from <= to && to <= A.cols)) {
    throw new RangeError(`Cannot take columns ${from} to ${to} of a ${shapeOf(A)} matrix`);
  }
  const C = new Matrix(A.rows, to - from);
  for (let i = 0; i < A.rows; i++) {
    C.data.set(A.data.subarray(i * A.cols + from, i * A.cols + to), i * C.cols);
  }
  return C;
}

/**
 * A matrix of the given shape filled with `value`.
 *
 * @param rows Number of rows.
 * @param cols Number of columns.
 * @param value The fill value.
 * @returns The matrix.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(filled(1, 2, 1).toArrays(), [[1, 1]]);
 * ```
 */
export function filled(rows: number, cols: number, value: number): Matrix {
  return new Matrix(rows, cols, new Float64Array(rows * cols).fill(value));
}
