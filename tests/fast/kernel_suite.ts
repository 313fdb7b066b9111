/**
 * The checks every implementation of `Kernels` must pass, run by `wasm_kernels_test.ts` (both
 * WebAssembly builds) and `js_kernels_test.ts`: each kernel against a float64 naive reference on
 * random shapes (1×1, tails that are not multiples of 4 or 8, the 784-128-64-10 training shapes
 * at batch 128, 96 and 64), exact results on small-integer inputs, and the edge values.
 *
 * Tolerance of a product. Each element of C is a dot product of length K accumulated in float32
 * (one product and one sum rounding per term, or one rounding with FMA), so the classical bound
 * (Higham, "Accuracy and Stability of Numerical Algorithms", §3.1) is
 *   |ĉ − c| ≤ γ_K · Σ_p |a_ip·b_pj|,   γ_K = K·u/(1 − K·u),   u = 2⁻²⁴,
 * plus a few more roundings for alpha, the accumulated C and the bias (we use γ_{K+4} and add
 * |alpha|·Σ|a·b| + |c| + |bias|). Rounding errors mostly cancel, so the typical error is nearer
 * √K·u·Σ|a·b| (the suggested rtol ≈ 1e-5·√K is that estimate with a safety factor); we test the
 * rigorous bound instead, which cannot fail by bad luck, and because it is relative to Σ|a·b|
 * rather than to |c| it stays meaningful where terms cancel and c is near 0. An indexing or
 * blocking bug moves an element by about Σ|a·b|, orders of magnitude past the bound, and the
 * integer cases (exact in float32 whatever the summation order) must match to the last bit.
 *
 * @module
 */
import assert from "node:assert";
import { compareMatrices, describeMismatch, fmt } from "../../src/spec/compare.ts";
import { Matrix } from "../../src/reference/matrix.ts";
import { createRng, type Rng } from "../../src/reference/random.ts";
import type { F32Matrix, GemmKind, GemmOptions, Kernels } from "../../src/fast/kernel_api.ts";

const U = 2 ** -24;

/** γ_n = n·u/(1 − n·u): the bound on n float32 roundings. */
export function gamma(n: number): number {
  return (n * U) / (1 - n * U);
}

/** A float64 value with an allowed absolute error. */
interface Expected {
  readonly value: Float64Array;
  readonly bound: Float64Array;
}

/** Fills a kernels' matrix with values. */
export function put<M extends F32Matrix>(
  k: Kernels<M>,
  shape: readonly [number, number],
  values: ArrayLike<number>,
): M {
  const m = k.matrix(shape[0], shape[1]);
  m.data.set(values);
  return m;
}

/** rows·cols uniform values in [−1, 1), float32. */
export function uniform(rng: Rng, n: number): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.uniform(-1, 1);
  return v;
}

/** n values of `values`, each kept with probability `density` and zeroed otherwise. */
export function zeroed(rng: Rng, values: Float32Array, density: number): Float32Array {
  return values.map((v) => rng.uniform(0, 1) < density ? v : 0);
}

/** rows·cols integers in [−4, 4]. */
function integers(rng: Rng, n: number): Float32Array {
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = rng.int(9) - 4;
  return v;
}

/** Shapes of the operands of `kind` for c m×n with inner dimension k. */
function operandShapes(kind: GemmKind, m: number, n: number, k: number) {
  return {
    a: (kind === "TN" ? [k, m] : [m, k]) as [number, number],
    b: (kind === "NT" ? [n, k] : [k, n]) as [number, number],
  };
}

/** The float64 reference of a fused product and its error bound. */
function referenceGemm(
  kind: GemmKind,
  a: F32Matrix,
  b: F32Matrix,
  o: { c0: Float32Array; alpha: number; accumulate: boolean; bias?: F32Matrix; relu: boolean },
): Expected {
  const m = kind === "TN" ? a.cols : a.rows, k = kind === "TN" ? a.rows : a.cols;
  const n = kind === "NT" ? b.rows : b.cols;
  const A = (i: number, p: number) => kind === "TN" ? a.data[p * a.cols + i] : a.data[i * k + p];
  const B = (p: number, j: number) => kind === "NT" ? b.data[j * k + p] : b.data[p * n + j];
  const value = new Float64Array(m * n), bound = new Float64Array(m * n);
  const alpha = Math.fround(o.alpha);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0, t = 0;
      for (let p = 0; p < k; p++) {
        const x = A(i, p) * B(p, j);
        s += x;
        t += Math.abs(x);
      }
      let v = alpha * s, size = Math.abs(alpha) * t;
      if (o.accumulate) {
        v += o.c0[i * n + j];
        size += Math.abs(o.c0[i * n + j]);
      }
      if (o.bias) {
        v += o.bias.data[j];
        size += Math.abs(o.bias.data[j]);
      }
      value[i * n + j] = o.relu ? Math.max(0, v) : v;
      bound[i * n + j] = gamma(k + 4) * size;
    }
  }
  return { value, bound };
}

/** Throws, naming the worst element, unless every |got − expected| ≤ bound. */
export function assertWithin(label: string, got: Float32Array, want: Expected): void {
  assert.strictEqual(got.length, want.value.length, `${label}: length`);
  let worst = -1, worstExcess = 1, failures = 0;
  for (let i = 0; i < got.length; i++) {
    const g = got[i], e = want.value[i];
    if (Object.is(g, e)) continue;
    const err = Math.abs(g - e);
    const excess = Number.isNaN(err) ? Infinity : err / want.bound[i];
    if (!(err <= want.bound[i])) {
      failures++;
      if (excess >= worstExcess) [worst, worstExcess] = [i, excess];
    }
  }
  if (failures > 0) {
    const g = got[worst], e = want.value[worst], abs = Math.abs(g - e);
    assert.fail(
      `${label}[${worst}]: expected ${fmt(e)}, got ${fmt(g)} (abs ${fmt(abs)}, rel ${
        fmt(abs / Math.abs(e))
      }, allowed ${fmt(want.bound[worst])}); ${failures} of ${got.length} out of tolerance`,
    );
  }
}

/** Runs one product with options and checks it against the reference. */
function checkGemm<M extends F32Matrix>(
  k: Kernels<M>,
  rng: Rng,
  c: {
    kind: GemmKind;
    m: number;
    n: number;
    k: number;
    options?: Omit<GemmOptions<M>, "c" | "bias"> & { bias?: boolean };
    /** Fraction of A's entries left nonzero (default 1). */
    density?: number;
  },
): void {
  const { a: sa, b: sb } = operandShapes(c.kind, c.m, c.n, c.k);
  const a = put(k, sa, zeroed(rng, uniform(rng, sa[0] * sa[1]), c.density ?? 1));
  const b = put(k, sb, uniform(rng, sb[0] * sb[1]));
  const out = put(k, [c.m, c.n], uniform(rng, c.m * c.n));
  const c0 = out.data.slice();
  const bias = c.options?.bias ? put(k, [1, c.n], uniform(rng, c.n)) : undefined;
  const opts = {
    alpha: c.options?.alpha ?? 1,
    accumulate: c.options?.accumulate ?? false,
    relu: c.options?.relu ?? false,
    ...(c.options?.sparse ? { sparse: true } : {}),
  };
  const fn = { NN: k.gemmNN, NT: k.gemmNT, TN: k.gemmTN }[c.kind].bind(k);
  fn(a, b, { c: out, ...opts, ...(bias ? { bias } : {}) });
  const want = referenceGemm(c.kind, a, b, { c0, ...opts, ...(bias ? { bias } : {}) });
  const label = `${c.kind} ${c.m}×${c.n}×${c.k} ${JSON.stringify(c.options ?? {})}` +
    (c.density === undefined ? "" : ` density ${c.density}`);
  assertWithin(label, out.data, want);
}

const KINDS: readonly GemmKind[] = ["NN", "NT", "TN"];

/** The products of one training step of 784-128-64-10 at batch N, as [kind, m, n, k]. */
export function trainingProducts(N: number): [string, GemmKind, number, number, number][] {
  return [
    ["Z1 = X·W1", "NN", N, 128, 784],
    ["Z2 = A1·W2", "NN", N, 64, 128],
    ["Z3 = A2·W3", "NN", N, 10, 64],
    ["dW3 = A2ᵀ·G3", "TN", 64, 10, N],
    ["dA2 = G3·W3ᵀ", "NT", N, 64, 10],
    ["dW2 = A1ᵀ·G2", "TN", 128, 64, N],
    ["dA1 = G2·W2ᵀ", "NT", N, 128, 64],
    ["dW1 = Xᵀ·G1", "TN", 784, 128, N],
  ];
}

/** Registers every check as a step of `t`. */
export async function kernelSuite<M extends F32Matrix>(
  t: Deno.TestContext,
  k: Kernels<M>,
): Promise<void> {
  await t.step("products agree with float64 on random shapes and tails", () => {
    const rng = createRng(1);
    const shapes: [number, number, number][] = [
      [1, 1, 1],
      [1, 1, 0],
      [0, 3, 2],
      [3, 0, 2],
      [5, 9, 3],
      [7, 13, 17],
      [4, 8, 4],
      [3, 7, 257],
    ];
    for (let i = 0; i < 16; i++) shapes.push([1 + rng.int(21), 1 + rng.int(21), 1 + rng.int(21)]);
    for (const kind of KINDS) {
      for (const [m, n, kk] of shapes) checkGemm(k, rng, { kind, m, n, k: kk });
    }
  });

  await t.step("products agree with float64 on the training shapes at batch 128, 96, 64", () => {
    const rng = createRng(2);
    for (const N of [128, 96, 64]) {
      for (const [, kind, m, n, kk] of trainingProducts(N)) {
        checkGemm(k, rng, { kind, m, n, k: kk });
      }
    }
  });

  await t.step("fused alpha, accumulate, bias and ReLU apply once over several K blocks", () => {
    const rng = createRng(3);
    // K = 600 spans three 256-deep blocks and N = 521 two 512-wide ones, so ReLU applied to a
    // partial sum, or the bias added per block, would show.
    const variants = [
      { bias: true, relu: true },
      { alpha: -0.5, accumulate: true },
      { alpha: 2, accumulate: true, bias: true, relu: true },
      { relu: true },
    ];
    for (const kind of KINDS) {
      for (const options of variants) {
        checkGemm(k, rng, { kind, m: 9, n: 21, k: 600, options });
        checkGemm(k, rng, { kind, m: 6, n: 521, k: 20, options });
        checkGemm(k, rng, { kind, m: 5, n: 3, k: 0, options });
      }
    }
  });

  await t.step("products hinted sparse agree with float64 at every density of A", () => {
    // Kernels that skip the zeros of A must give the dense result (up to rounding) wherever B is
    // finite, however many zeros there are: none, all, the 19% nonzeros of MNIST pixels, or too
    // many nonzeros to skip (the kernel falls back to the dense product).
    const rng = createRng(11);
    const variants = [
      { sparse: true },
      { sparse: true, bias: true, relu: true },
      { sparse: true, alpha: -0.5, accumulate: true },
    ];
    for (const density of [0, 0.05, 0.19, 0.5, 0.7, 1]) {
      for (const kind of KINDS) {
        for (const [m, n, kk] of [[1, 1, 1], [5, 3, 0], [7, 13, 17], [9, 37, 600], [6, 521, 20]]) {
          for (const options of variants) {
            checkGemm(k, rng, { kind, m, n, k: kk, options, density });
          }
        }
      }
    }
    for (const N of [128, 37]) {
      for (const [, kind, m, n, kk] of trainingProducts(N).filter(([, , , , kk]) => kk === 784)) {
        checkGemm(k, rng, { kind, m, n, k: kk, options: { sparse: true }, density: 0.19 });
      }
      const [, kind, m, n, kk] = trainingProducts(N)[7]; // dW1 = Xᵀ·G1
      checkGemm(k, rng, { kind, m, n, k: kk, options: { sparse: true }, density: 0.19 });
    }
  });

  await t.step("a product hinted sparse propagates NaN and infinity of A, and skips −0", () => {
    const a = put(k, [3, 4], [0, NaN, 0, 1, Infinity, 0, -0, 0, -0, 0, 2, 0]);
    const b = put(k, [4, 2], [1, 0, 1, 1, 1, 1, 1, -1]);
    for (const kind of ["NN", "TN"] as const) {
      const lhs = kind === "NN"
        ? a
        : put(k, [4, 3], [0, Infinity, -0, NaN, 0, 0, 0, -0, 2, 1, 0, 0]);
      const fn = kind === "NN" ? k.gemmNN : k.gemmTN;
      const c = fn.call(k, lhs, b, { c: k.matrix(3, 2), sparse: true });
      // Row 0 meets NaN; row 1 meets ∞·1 and ∞·0 = NaN; row 2 is 2·(1, 1), and −0 adds nothing.
      assert.deepStrictEqual([...c.data], [NaN, NaN, Infinity, NaN, 2, 2], kind);
      assert.ok(Object.is(c.data[4], 2));
    }
    const zeros = k.gemmNN(put(k, [1, 2], [-0, -0]), put(k, [2, 1], [-1, 1]), {
      c: k.matrix(1, 1),
      sparse: true,
    });
    assert.ok(Object.is(zeros.data[0], 0), "a row of −0 gives +0, as the dense sum does");
  });

  await t.step("products of small integers are exact", () => {
    const rng = createRng(4);
    for (const kind of KINDS) {
      for (const [m, n, kk] of [[13, 11, 784], [128, 64, 128], [3, 10, 5]]) {
        const { a: sa, b: sb } = operandShapes(kind, m, n, kk);
        for (const sparse of [false, true]) {
          const a = put(k, sa, zeroed(rng, integers(rng, sa[0] * sa[1]), sparse ? 0.3 : 1));
          const b = put(k, sb, integers(rng, sb[0] * sb[1]));
          const fn = { NN: k.gemmNN, NT: k.gemmNT, TN: k.gemmTN }[kind].bind(k);
          const got = fn(a, b, { c: k.matrix(m, n), sparse });
          const want = referenceGemm(kind, a, b, {
            c0: got.data,
            alpha: 1,
            accumulate: false,
            relu: false,
          });
          const cmp = compareMatrices(toMatrix(got), new Matrix(m, n, want.value), {
            rtol: 0,
            atol: 0,
          });
          assert.ok(cmp.ok, describeMismatch(cmp, `${kind} ${m}×${n}×${kk} sparse ${sparse}`));
        }
      }
    }
  });

  await t.step("NaN and infinity propagate through a product", () => {
    const a = put(k, [2, 3], [1, NaN, 1, 1, Infinity, 1]);
    const b = put(k, [3, 2], [1, 1, 1, 0, 1, 1]);
    const c = k.gemmNN(a, b, { c: k.matrix(2, 2) });
    // Row 0 meets NaN; row 1 meets ∞·1 and ∞·0 = NaN.
    assert.deepStrictEqual([...c.data], [NaN, NaN, Infinity, NaN]);
  });

  await t.step(
    "a fused bias adds in float32 and ReLU applies as src/reference/activations.ts does",
    () => {
      // c = ReLU(0·0 + c + b): the product is exactly 0, so what remains is the bias epilogue.
      const addBias = (z: M, b: M, options: { relu: boolean }) =>
        k.gemmNN(k.matrix(z.rows, 1), k.matrix(1, z.cols), {
          c: z,
          accumulate: true,
          bias: b,
          ...options,
        });
      const rng = createRng(5);
      for (const [m, n] of [[1, 1], [3, 5], [128, 128], [7, 10]]) {
        for (const relu of [false, true]) {
          const z = put(k, [m, n], uniform(rng, m * n));
          const b = put(k, [1, n], uniform(rng, n));
          const want = z.data.map((v, i) => {
            const s = Math.fround(v + b.data[i % n]);
            return relu ? (s > 0 ? s : s <= 0 ? 0 : s) : s;
          });
          addBias(z, b, { relu });
          assert.deepStrictEqual([...z.data], [...want], `addBias ${m}×${n} relu=${relu}`);
        }
      }
      const z = put(k, [1, 5], [-0, NaN, -1, Infinity, -Infinity]);
      addBias(z, k.matrix(1, 5), { relu: true });
      assert.deepStrictEqual([...z.data], [0, NaN, 0, Infinity, 0]);
      assert.ok(Object.is(z.data[0], 0), "ReLU(−0) is +0");
    },
  );

  await t.step("reluBackward masks by a > 0 exactly, in place or not", () => {
    const values = [-1, -0, 0, 1e-30, 2, Infinity, -Infinity, NaN, 3, -3, 0.5];
    const g = put(k, [1, 11], [1, 2, 3, 4, 5, 6, 7, 8, -9, 10, Infinity]);
    const a = put(k, [1, 11], values);
    const out = k.reluBackward(g, a, k.matrix(1, 11));
    assert.deepStrictEqual([...out.data], [0, 0, 0, 4, 5, 6, 0, NaN, -9, 0, Infinity]);
    const rng = createRng(6);
    const g2 = put(k, [37, 9], uniform(rng, 333));
    const a2 = put(k, [37, 9], uniform(rng, 333));
    const want = g2.data.map((v, i) => v * (a2.data[i] > 0 ? 1 : 0));
    k.reluBackward(g2, a2, g2);
    assert.deepStrictEqual([...g2.data], [...want]);
  });

  await t.step("softmaxCrossEntropyGrad matches float64 (p − y)/N and the mean loss", () => {
    const rng = createRng(7);
    for (const [N, n] of [[1, 1], [1, 10], [128, 10], [96, 10], [5, 3]]) {
      const z = put(k, [N, n], uniform(rng, N * n).map((v) => 8 * v));
      const y = k.matrix(N, n);
      for (let i = 0; i < N; i++) y.data[i * n + rng.int(n)] = 1;
      const ref = softmaxCeReference(z.data, y.data, [N, n]);
      const loss = k.softmaxCrossEntropyGrad(z, y, z);
      // Computed in float64 and rounded once to float32.
      assertWithin(`softmax-CE grad ${N}×${n}`, z.data, {
        value: ref.g,
        bound: ref.g.map((v) => 1.01 * U * Math.abs(v) + 1e-15),
      });
      assert.ok(
        Math.abs(loss - ref.loss) <= 1e-12 * Math.max(1, ref.loss),
        `loss ${loss} vs ${ref.loss}`,
      );
    }
    const big = put(k, [1, 3], [1000, 0, -1000]);
    const loss = k.softmaxCrossEntropyGrad(big, put(k, [1, 3], [0, 1, 0]), k.matrix(1, 3));
    assert.strictEqual(loss, 1000, "large logits do not overflow");
  });

  await t.step("columnSums agrees with float64 sums, scaled and accumulated", () => {
    const rng = createRng(8);
    for (const [m, n] of [[1, 1], [128, 128], [128, 64], [96, 10], [3, 37], [0, 5]]) {
      for (const options of [{}, { alpha: -0.01, accumulate: true }]) {
        const g = put(k, [m, n], uniform(rng, m * n));
        const out = put(k, [1, n], uniform(rng, n));
        const before = out.data.slice();
        k.columnSums(g, out, options);
        const alpha = Math.fround((options as { alpha?: number }).alpha ?? 1);
        const acc = (options as { accumulate?: boolean }).accumulate ?? false;
        const value = new Float64Array(n), bound = new Float64Array(n);
        for (let j = 0; j < n; j++) {
          let s = 0, t = 0;
          for (let i = 0; i < m; i++) {
            [s, t] = [s + g.data[i * n + j], t + Math.abs(g.data[i * n + j])];
          }
          value[j] = alpha * s + (acc ? before[j] : 0);
          bound[j] = gamma(m + 2) * (Math.abs(alpha) * t + (acc ? Math.abs(before[j]) : 0));
        }
        assertWithin(`columnSums ${m}×${n} ${JSON.stringify(options)}`, out.data, { value, bound });
      }
    }
  });

  await t.step("sgdUpdate rounds like float32: W − fround(fround(lr)·dW)", () => {
    const rng = createRng(9);
    for (const [m, n] of [[1, 1], [784, 128], [1, 10], [3, 7]]) {
      const W = put(k, [m, n], uniform(rng, m * n));
      const dW = put(k, [m, n], uniform(rng, m * n));
      const lr = 0.1;
      const want = W.data.map((w, i) => w - Math.fround(Math.fround(lr) * dW.data[i]));
      k.sgdUpdate(W, dW, lr);
      assert.deepStrictEqual([...W.data], [...want], `sgdUpdate ${m}×${n}`);
    }
  });

  await t.step("momentumUpdate rounds like float32: fround(fround(mu)·v) + g", () => {
    const rng = createRng(10);
    for (const [m, n] of [[1, 1], [784, 128], [1, 10], [3, 7]]) {
      const v = put(k, [m, n], uniform(rng, m * n));
      const g = put(k, [m, n], uniform(rng, m * n));
      const mu = 0.9;
      const want = v.data.map((x, i) => Math.fround(Math.fround(mu) * x) + g.data[i]);
      k.momentumUpdate(v, g, mu);
      assert.deepStrictEqual([...v.data], [...want], `momentumUpdate ${m}×${n}`);
    }
  });

  await t.step("shape mismatches are TypeErrors naming the shapes", () => {
    const a = k.matrix(2, 3), b = k.matrix(4, 1);
    assert.throws(() => k.gemmNN(a, b, { c: k.matrix(2, 1) }), {
      name: "TypeError",
      message: "Cannot multiply a·b: a is 2×3 but b is 4×1",
    });
    assert.throws(() => k.gemmTN(a, k.matrix(2, 5), { c: k.matrix(2, 5) }), /product is 3×5/);
    assert.throws(
      () => k.gemmNT(a, k.matrix(5, 3), { c: k.matrix(2, 5), bias: k.matrix(1, 4) }),
      /bias must be 1×5/,
    );
    assert.throws(() => k.reluBackward(a, b, a), TypeError);
    assert.throws(() => k.softmaxCrossEntropyGrad(a, b, a), TypeError);
    assert.throws(
      () => k.softmaxCrossEntropyGrad(k.matrix(0, 3), k.matrix(0, 3), k.matrix(0, 3)),
      RangeError,
    );
    assert.throws(() => k.columnSums(a, k.matrix(1, 2)), TypeError);
    assert.throws(() => k.sgdUpdate(a, b, 0.1), TypeError);
    assert.throws(() => k.momentumUpdate(a, b, 0.9), TypeError);
  });

  await t.step(
    "scalePixels gives byte/255 rounded to float32, for every byte, at any length",
    () => {
      const bytes = Uint8Array.from({ length: 256 + 21 }, (_, i) => (i * 37) % 256);
      for (const len of [0, 1, 15, 16, 17, 256, 277]) {
        const out = k.scalePixels(bytes.subarray(0, len), k.matrix(1, len));
        for (let i = 0; i < len; i++) {
          const want = Math.fround(bytes[i] / 255);
          assert.ok(Object.is(out.data[i], want), `byte ${bytes[i]}: ${out.data[i]} vs ${want}`);
        }
      }
      assert.throws(() => k.scalePixels(bytes.subarray(0, 3), k.matrix(1, 2)), TypeError);
    },
  );

  await t.step("rowsOf views the first rows, and products read and write such views", () => {
    const a = put(k, [3, 2], [1, 2, 3, 4, 5, 6]);
    const top = k.rowsOf(a, 2);
    assert.deepStrictEqual([top.rows, top.cols, [...top.data]], [2, 2, [1, 2, 3, 4]]);
    const c = k.matrix(3, 1);
    k.gemmNN(top, put(k, [2, 1], [1, 1]), { c: k.rowsOf(c, 2) });
    assert.deepStrictEqual([...c.data], [3, 7, 0]);
    assert.throws(() => k.rowsOf(a, 4), RangeError);
  });

  await t.step("a product into one of its own factors is a RangeError", () => {
    const a = k.matrix(3, 3);
    assert.throws(() => k.gemmNN(a, k.matrix(3, 3), { c: a }), RangeError);
  });
}

function softmaxCeReference(z: Float32Array, y: Float32Array, [N, n]: [number, number]) {
  const g = new Float64Array(N * n);
  let loss = 0;
  for (let i = 0; i < N; i++) {
    const row = Array.from(z.subarray(i * n, (i + 1) * n));
    const mx = Math.max(...row);
    const e = row.map((v) => Math.exp(v - mx));
    const s = e.reduce((x, v) => x + v, 0);
    for (let j = 0; j < n; j++) {
      const yj = y[i * n + j];
      if (yj !== 0) loss -= yj * (row[j] - mx - Math.log(s));
      g[i * n + j] = (e[j] / s - yj) / N;
    }
  }
  return { g, loss: loss / N };
}

/** A float64 copy, to use src/spec/compare.ts. */
export function toMatrix(m: F32Matrix): Matrix {
  return new Matrix(m.rows, m.cols, Float64Array.from(m.data));
}
