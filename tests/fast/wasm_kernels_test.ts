import assert from "node:assert";
import { Arena } from "../../src/fast/arena.ts";
import { relaxedSimdSupported, WasmKernels } from "../../src/fast/wasm_kernels.ts";
import { createRng } from "../../src/reference/random.ts";
import { kernelSuite, uniform, zeroed } from "./kernel_suite.ts";

Deno.test("WasmKernels (SIMD build) agree with float64 references", async (t) => {
  const k = new WasmKernels({ relaxed: false });
  assert.strictEqual(k.relaxed, false);
  await kernelSuite(t, k);
});

Deno.test("WasmKernels (relaxed-SIMD build) agree with float64 references", async (t) => {
  // Deno 2's V8 ships relaxed SIMD; if a runtime rejected it, this says so instead of skipping.
  assert.ok(relaxedSimdSupported(), "this runtime rejects f32x4.relaxed_madd");
  const k = new WasmKernels({ relaxed: true });
  assert.strictEqual(k.relaxed, true);
  await kernelSuite(t, k);
});

Deno.test("WasmKernels chooses relaxed SIMD by default where supported", () => {
  assert.strictEqual(new WasmKernels().relaxed, relaxedSimdSupported());
});

Deno.test("WasmKernels refuse matrices of another arena", () => {
  const k = new WasmKernels();
  const other = new Arena();
  assert.throws(
    () => k.gemmNN(other.alloc(2, 2), k.matrix(2, 2), { c: k.matrix(2, 2) }),
    { name: "TypeError", message: "Cannot use a: it is not a matrix of this kernels' arena" },
  );
});

Deno.test("WasmKernels keep working after the arena's memory grows", () => {
  const k = new WasmKernels({ arena: new Arena({ initialBytes: 1 << 17 }) });
  const a = k.arena.from(2, 2, [1, 2, 3, 4]);
  const before = k.arena.memory.buffer.byteLength;
  const b = k.arena.from(2, 2, [1, 0, 0, 1]);
  const big = k.matrix(512, 512);
  assert.ok(k.arena.memory.buffer.byteLength > before, "memory grew");
  const c = k.gemmNN(a, b, { c: k.matrix(2, 2) });
  assert.deepStrictEqual([...c.data], [1, 2, 3, 4]);
  assert.strictEqual(big.data.length, 512 * 512);
});

Deno.test("WasmKernels keep their exp and log tables intact while GEMM scratch is in use", () => {
  // The module's static data lives in the arena's reserved bytes; a product writes its packed
  // panels into the arena, and softmax-CE must still find its tables afterwards.
  const k = new WasmKernels();
  const X = k.matrix(128, 784);
  X.data.fill(1);
  k.gemmNN(X, k.matrix(784, 128), { c: k.matrix(128, 128) });
  const z = k.arena.from(1, 3, [0, Math.log(2), Math.log(3)]);
  const loss = k.softmaxCrossEntropyGrad(z, k.arena.from(1, 3, [0, 0, 1]), z);
  assert.ok(Math.abs(loss - Math.log(2)) < 1e-7, `loss ${loss}`);
});

Deno.test("WasmKernels reject outputs that partly overlap an input", () => {
  const k = new WasmKernels();
  const g = k.matrix(1, 32);
  const shifted = new (g.constructor as typeof import("../../src/fast/arena.ts").ArenaMatrix)(
    k.arena,
    { rows: 1, cols: 32 },
    g.byteOffset + 64,
  );
  assert.throws(() => k.reluBackward(g, k.matrix(1, 32), shifted), RangeError);
  assert.throws(() => k.sgdUpdate(g, shifted, 0.1), RangeError);
});

Deno.test("WasmKernels skip the zeros of a hinted product only when few enough are nonzero", () => {
  const rng = createRng(12);
  const k = new WasmKernels();
  const X = k.matrix(128, 784), W = k.matrix(784, 128), G = k.matrix(128, 128);
  X.data.set(zeroed(rng, uniform(rng, 128 * 784), 0.19));
  W.data.set(uniform(rng, 784 * 128));
  G.data.set(uniform(rng, 128 * 128));
  k.gemmNN(X, W, { c: k.matrix(128, 128), sparse: true });
  k.gemmTN(X, G, { c: k.matrix(784, 128), sparse: true });
  assert.deepStrictEqual(k.zeroSkipping, { sparse: 2, dense: 0 });
  // A·Bᵀ reads B by columns: never sparse. Unhinted products are never looked at.
  k.gemmNT(G, W, { c: k.matrix(128, 784), sparse: true });
  k.gemmNN(X, W, { c: k.matrix(128, 128) });
  assert.deepStrictEqual(k.zeroSkipping, { sparse: 2, dense: 0 });
  // Above maxDensity (default 0.55) the dense product runs.
  X.data.set(zeroed(rng, uniform(rng, 128 * 784), 0.9));
  k.gemmNN(X, W, { c: k.matrix(128, 128), sparse: true });
  k.gemmTN(X, G, { c: k.matrix(784, 128), sparse: true });
  assert.deepStrictEqual(k.zeroSkipping, { sparse: 2, dense: 2 });
  assert.throws(() => new WasmKernels({ maxDensity: 1.5 }), RangeError);
});

Deno.test("WasmKernels' sparse product skips zeros: an infinite weight met only by zeros stays out", () => {
  // The one difference from the dense product, documented in wasm/README.md: 0·∞ = NaN is a term
  // of the dense sum but not of the sparse one. It also proves which path ran.
  for (const skipZeros of [true, false]) {
    const k = new WasmKernels({ skipZeros });
    const X = k.arena.from(2, 3, [1, 0, 2, 0, 0, 3]);
    const W = k.arena.from(3, 2, [1, 1, Infinity, 1, 1, -1]);
    const Z = k.gemmNN(X, W, { c: k.matrix(2, 2), sparse: true });
    assert.deepStrictEqual([...Z.data], skipZeros ? [3, -1, 3, -3] : [NaN, -1, NaN, -3]);
    assert.deepStrictEqual(k.zeroSkipping, { sparse: skipZeros ? 1 : 0, dense: 0 });
  }
});
