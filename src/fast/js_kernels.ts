/**
 * The float32 training kernels in plain TypeScript: the same contract as the WebAssembly ones, for
 * comparison and as a fallback. Products are blocked (four rows of C share each loaded row of B,
 * K in blocks of 256) and accumulate in float64, rounding to float32 once per block.
 *
 * @module
 */
import {
  checkRowsOf,
  type ColumnSumsOptions,
  type F32Matrix,
  type GemmKind,
  type GemmOptions,
  gemmShape,
  type Kernels,
  pixelsFit,
  rowFor,
  sameShape,
} from "./kernel_api.ts";

const KC = 256;

/**
 * A zero-filled float32 matrix.
 *
 * @param rows Number of rows.
 * @param cols Number of columns.
 * @returns The matrix.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(f32Matrix(2, 3).data.length, 6);
 * ```
 */
export function f32Matrix(rows: number, cols: number): F32Matrix {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(cols) || cols < 0) {
    throw new RangeError(`Cannot create a matrix of shape ${rows}×${cols}`);
  }
  return { rows, cols, data: new Float32Array(rows * cols) };
}

/**
 * The first rows of a matrix, sharing its values.
 *
 * @param m The matrix.
 * @param rows How many rows.
 * @returns The view.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const m = f32Matrix(3, 2);
 * const top = rowsOf(m, 1);
 * top.data[1] = 5;
 * assert.deepStrictEqual([top.rows, m.data[1]], [1, 5]);
 * ```
 */
export function rowsOf(m: F32Matrix, rows: number): F32Matrix {
  checkRowsOf(m, rows);
  return rows === m.rows ? m : { rows, cols: m.cols, data: m.data.subarray(0, rows * m.cols) };
}

/**
 * `c = relu(alpha·A·B + [c] + bias)`, A m×k, B k×n.
 *
 * @param a A.
 * @param b B.
 * @param options The output and what to fuse into it.
 * @returns c.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const A = { rows: 2, cols: 2, data: new Float32Array([1, 2, 3, 4]) };
 * const B = { rows: 2, cols: 1, data: new Float32Array([1, 1]) };
 * assert.deepStrictEqual([...gemmNN(A, B, { c: f32Matrix(2, 1) }).data], [3, 7]);
 * ```
 */
export function gemmNN(a: F32Matrix, b: F32Matrix, options: GemmOptions): F32Matrix {
  return gemm("NN", a, { b, ...options });
}

/**
 * `c = relu(alpha·A·Bᵀ + [c] + bias)`, A m×k, B n×k.
 *
 * @param a A.
 * @param b B.
 * @param options The output and what to fuse into it.
 * @returns c.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const A = { rows: 1, cols: 2, data: new Float32Array([1, 2]) };
 * const B = { rows: 2, cols: 2, data: new Float32Array([1, 0, 1, 1]) };
 * assert.deepStrictEqual([...gemmNT(A, B, { c: f32Matrix(1, 2) }).data], [1, 3]);
 * ```
 */
export function gemmNT(a: F32Matrix, b: F32Matrix, options: GemmOptions): F32Matrix {
  return gemm("NT", a, { b, ...options });
}

/**
 * `c = relu(alpha·Aᵀ·B + [c] + bias)`, A k×m, B k×n.
 *
 * @param a A.
 * @param b B.
 * @param options The output and what to fuse into it.
 * @returns c.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const X = { rows: 2, cols: 1, data: new Float32Array([1, 2]) };
 * const G = { rows: 2, cols: 1, data: new Float32Array([0.5, 0.25]) };
 * assert.deepStrictEqual([...gemmTN(X, G, { c: f32Matrix(1, 1) }).data], [1]);
 * ```
 */
export function gemmTN(a: F32Matrix, b: F32Matrix, options: GemmOptions): F32Matrix {
  return gemm("TN", a, { b, ...options });
}

function gemm(kind: GemmKind, a: F32Matrix, o: GemmOptions & { readonly b: F32Matrix }): F32Matrix {
  const { m, n, k } = gemmShape(kind, a, o);
  for (const [name, x] of [["a", a], ["b", o.b], ["bias", o.bias]] as const) {
    if (x && shareStorage(o.c.data, x.data)) {
      throw new RangeError(`Cannot multiply into c (${m}×${n}): the output overlaps ${name}`);
    }
  }
  // B(p, j) must be row-contiguous for the inner loop, so A·Bᵀ multiplies by a transposed copy.
  const B = kind === "NT" ? transposed(o.b) : o.b.data;
  const [rsA, csA] = kind === "TN" ? [1, a.cols] : [a.cols, 1];
  const A = a.data, C = o.c.data;
  const alpha = o.alpha ?? 1;
  const acc = new Float64Array(4 * n);
  for (let pc = 0; pc === 0 || pc < k; pc += KC) {
    const kc = Math.min(KC, k - pc);
    const first = pc === 0, last = pc + kc >= k;
    for (let i = 0; i < m; i += 4) {
      const rows = Math.min(4, m - i);
      acc.fill(0);
      // Four rows of C share each row of B; rows past m reread the last one and are dropped.
      const i0 = i * rsA, i1 = Math.min(i + 1, m - 1) * rsA;
      const i2 = Math.min(i + 2, m - 1) * rsA, i3 = Math.min(i + 3, m - 1) * rsA;
      for (let p = pc; p < pc + kc; p++) {
        const ap = p * csA;
        const x0 = A[i0 + ap], x1 = A[i1 + ap], x2 = A[i2 + ap], x3 = A[i3 + ap];
        const bp = p * n;
        for (let j = 0; j < n; j++) {
          const y = B[bp + j];
          acc[j] += x0 * y;
          acc[n + j] += x1 * y;
          acc[2 * n + j] += x2 * y;
          acc[3 * n + j] += x3 * y;
        }
      }
      for (let r = 0; r < rows; r++) {
        const row = (i + r) * n;
        for (let j = 0; j < n; j++) {
          let v = alpha * acc[r * n + j];
          if (!first || o.accumulate) v += C[row + j];
          if (first && o.bias) v += o.bias.data[j];
          C[row + j] = last && o.relu ? relu(v) : v;
        }
      }
    }
  }
  return o.c;
}

function transposed(b: F32Matrix): Float32Array {
  const t = new Float32Array(b.rows * b.cols);
  for (let i = 0; i < b.rows; i++) {
    for (let j = 0; j < b.cols; j++) t[j * b.rows + i] = b.data[i * b.cols + j];
  }
  return t;
}

function shareStorage(x: Float32Array, y: Float32Array): boolean {
  if (x.buffer !== y.buffer || x.length === 0 || y.length === 0) return false;
  return x.byteOffset < y.byteOffset + y.byteLength && y.byteOffset < x.byteOffset + x.byteLength;
}

// As src/reference/activations.ts: max(0, z), NaN kept, −0 to +0.
function relu(z: number): number {
  return z > 0 ? z : z <= 0 ? 0 : z;
}

/**
 * `z = z + b` in every row, then ReLU when asked.
 *
 * @param z The m×n matrix, updated in place.
 * @param b The 1×n row.
 * @param options `relu: true` to apply ReLU.
 * @returns z.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const z = { rows: 2, cols: 1, data: new Float32Array([1, -3]) };
 * addBias(z, { rows: 1, cols: 1, data: new Float32Array([1]) }, { relu: true });
 * assert.deepStrictEqual([...z.data], [2, 0]);
 * ```
 */
export function addBias(
  z: F32Matrix,
  b: F32Matrix,
  options: { readonly relu?: boolean } = {},
): F32Matrix {
  rowFor("Cannot add a bias", z, { b });
  const { rows, cols, data } = z;
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      // One float32 rounding of the exact sum, as the WebAssembly f32 add does.
      const v = Math.fround(data[i * cols + j] + b.data[j]);
      data[i * cols + j] = options.relu ? relu(v) : v;
    }
  }
  return z;
}

/**
 * `out = bytes / 255`: pixel bytes as float32 values in [0, 1].
 *
 * @param bytes The pixels.
 * @param out A matrix of exactly as many values.
 * @returns out.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const out = scalePixels(new Uint8Array([0, 255, 51]), f32Matrix(1, 3));
 * assert.deepStrictEqual([...out.data], [0, 1, Math.fround(0.2)]);
 * ```
 */
export function scalePixels(bytes: Uint8Array, out: F32Matrix): F32Matrix {
  pixelsFit(bytes, out);
  const o = out.data;
  // Storing the float64 quotient rounds it once to float32: the correctly rounded v / 255.
  for (let i = 0; i < bytes.length; i++) o[i] = bytes[i] / 255;
  return out;
}

/**
 * `out = g ⊙ ReLU′`, reading ReLU′ from the activations `a`: 1 where a > 0, 0 where a ≤ 0, NaN
 * where a is NaN.
 *
 * @param g The gradient with respect to a.
 * @param a The activations.
 * @param out The result (may be g).
 * @returns out.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const g = { rows: 1, cols: 2, data: new Float32Array([5, 6]) };
 * reluBackward(g, { rows: 1, cols: 2, data: new Float32Array([0, 1]) }, g);
 * assert.deepStrictEqual([...g.data], [0, 6]);
 * ```
 */
export function reluBackward(g: F32Matrix, a: F32Matrix, out: F32Matrix): F32Matrix {
  sameShape("Cannot apply ReLU′", { g, a, out });
  for (let i = 0; i < g.data.length; i++) {
    const x = a.data[i];
    out.data[i] = g.data[i] * (x > 0 ? 1 : x <= 0 ? 0 : x);
  }
  return out;
}

/**
 * `g = (softmax(z) − y)/N` per row; computed in float64 from the float32 inputs.
 *
 * @param z The N×n logits.
 * @param y The targets.
 * @param g The gradient (may be z).
 * @returns The mean cross-entropy.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const z = { rows: 1, cols: 2, data: new Float32Array([0, 0]) };
 * const y = { rows: 1, cols: 2, data: new Float32Array([1, 0]) };
 * assert.ok(Math.abs(softmaxCrossEntropyGrad(z, y, z) - Math.LN2) < 1e-12);
 * assert.deepStrictEqual([...z.data], [-0.5, 0.5]);
 * ```
 */
export function softmaxCrossEntropyGrad(z: F32Matrix, y: F32Matrix, g: F32Matrix): number {
  sameShape("Cannot take softmax-CE", { z, y, g });
  if (z.rows === 0) throw new RangeError("Cannot take softmax-CE of an empty batch");
  const { rows, cols } = z;
  let loss = 0;
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let mx = -Infinity;
    for (let j = 0; j < cols; j++) mx = Math.max(mx, z.data[base + j]);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(z.data[base + j] - mx);
    const logS = Math.log(s);
    for (let j = 0; j < cols; j++) {
      const zj = z.data[base + j] - mx, yj = y.data[base + j];
      // −y·log p with 0·log 0 = 0.
      if (yj !== 0) loss -= yj * (zj - logS);
      g.data[base + j] = (Math.exp(zj - logS) - yj) / rows;
    }
  }
  return loss / rows;
}

/**
 * `out = alpha·Σ_rows g (+ out)`, summed in float64.
 *
 * @param g The m×n matrix.
 * @param out The 1×n result.
 * @param options Scale and accumulation.
 * @returns out.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const g = { rows: 2, cols: 2, data: new Float32Array([1, 2, 3, 4]) };
 * assert.deepStrictEqual([...columnSums(g, f32Matrix(1, 2)).data], [4, 6]);
 * ```
 */
export function columnSums(
  g: F32Matrix,
  out: F32Matrix,
  options: ColumnSumsOptions = {},
): F32Matrix {
  rowFor("Cannot sum columns", g, { out });
  const alpha = options.alpha ?? 1;
  const s = new Float64Array(g.cols);
  for (let i = 0; i < g.rows; i++) {
    for (let j = 0; j < g.cols; j++) s[j] += g.data[i * g.cols + j];
  }
  for (let j = 0; j < g.cols; j++) {
    out.data[j] = alpha * s[j] + (options.accumulate ? out.data[j] : 0);
  }
  return out;
}

/**
 * `W = W − lr·dW` with float32 rounding at each step, bit for bit as the WebAssembly kernel.
 *
 * @param W The parameters, updated in place.
 * @param dW The gradient.
 * @param lr The learning rate (rounded to float32).
 * @returns W.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const W = { rows: 1, cols: 2, data: new Float32Array([1, 1]) };
 * sgdUpdate(W, { rows: 1, cols: 2, data: new Float32Array([2, -2]) }, 0.25);
 * assert.deepStrictEqual([...W.data], [0.5, 1.5]);
 * ```
 */
export function sgdUpdate(W: F32Matrix, dW: F32Matrix, lr: number): F32Matrix {
  sameShape("Cannot update", { W, dW });
  const lr32 = Math.fround(lr);
  for (let i = 0; i < W.data.length; i++) {
    W.data[i] = W.data[i] - Math.fround(lr32 * dW.data[i]);
  }
  return W;
}

/**
 * `v = mu·v + g` with float32 rounding at each step, bit for bit as the WebAssembly kernel.
 *
 * @param v The velocity, updated in place.
 * @param g The gradient.
 * @param mu The momentum (rounded to float32).
 * @returns v.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const v = { rows: 1, cols: 2, data: new Float32Array([1, 2]) };
 * momentumUpdate(v, { rows: 1, cols: 2, data: new Float32Array([0.5, 0.5]) }, 0.5);
 * assert.deepStrictEqual([...v.data], [1, 1.5]);
 * ```
 */
export function momentumUpdate(v: F32Matrix, g: F32Matrix, mu: number): F32Matrix {
  sameShape("Cannot update the velocity", { v, g });
  const mu32 = Math.fround(mu);
  for (let i = 0; i < v.data.length; i++) v.data[i] = Math.fround(mu32 * v.data[i]) + g.data[i];
  return v;
}

/**
 * The plain-TypeScript kernels as one object, interchangeable with `WasmKernels`.
 *
 * @example One layer forward, Z = relu(X·W + b)
 * ```ts
 * import assert from "node:assert";
 * const X = jsKernels.matrix(1, 2);
 * X.data.set([1, 2]);
 * const W = jsKernels.matrix(2, 2);
 * W.data.set([1, -1, 1, -1]);
 * const Z = jsKernels.gemmNN(X, W, { c: jsKernels.matrix(1, 2), relu: true });
 * assert.deepStrictEqual([...Z.data], [3, 0]);
 * ```
 */
export const jsKernels: Kernels<F32Matrix> = {
  matrix: f32Matrix,
  rowsOf,
  gemmNN,
  gemmNT,
  gemmTN,
  reluBackward,
  softmaxCrossEntropyGrad,
  columnSums,
  sgdUpdate,
  momentumUpdate,
  scalePixels,
};
