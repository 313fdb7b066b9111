import assert from "node:assert";
import { ParallelWasmKernels } from "../../src/fast/parallel_kernels.ts";
import { WasmKernels } from "../../src/fast/wasm_kernels.ts";
import type { GemmKind } from "../../src/fast/kernel_api.ts";
import { kernelSuite, put, trainingProducts, uniform, zeroed } from "./kernel_suite.ts";
import { createRng } from "../../src/reference/random.ts";

Deno.test("ParallelWasmKernels (every product split) agree with float64 references", async (t) => {
  using k = await ParallelWasmKernels.create({ minMacs: 0 });
  assert.ok(k.arena.shared);
  await kernelSuite(t, k);
});

Deno.test("ParallelWasmKernels give the single-thread results bit for bit", async () => {
  // Each element of C is computed by one thread, in the same order either way.
  using par = await ParallelWasmKernels.create({ minMacs: 0, relaxed: false });
  const one = new WasmKernels({ relaxed: false });
  const rng = createRng(11);
  // Layer 1's products also as the pixels make them: 19% nonzero, skipped zeros, rows split.
  const products: [string, GemmKind, number, number, number, boolean][] = trainingProducts(128)
    .map((p) => [...p, false]);
  for (const p of trainingProducts(128)) {
    if (p[4] === 784 || p[2] === 784) products.push([...p, true]);
  }
  for (const [name, kind, m, n, k, sparse] of products) {
    const [ar, ac] = kind === "TN" ? [k, m] : [m, k];
    const [br, bc] = kind === "NT" ? [n, k] : [k, n];
    const a = zeroed(rng, uniform(rng, ar * ac), sparse ? 0.19 : 1);
    const b = uniform(rng, br * bc), bias = uniform(rng, n);
    const run = (K: WasmKernels) => {
      const fn = { NN: K.gemmNN, NT: K.gemmNT, TN: K.gemmTN }[kind].bind(K);
      const c = fn(put(K, [ar, ac], a), put(K, [br, bc], b), {
        c: K.matrix(m, n),
        bias: put(K, [1, n], bias),
        relu: true,
        sparse,
      });
      return [...c.data];
    };
    assert.deepStrictEqual(run(par), run(one), `${name}${sparse ? ", skipping zeros" : ""}`);
  }
  assert.deepStrictEqual(par.zeroSkipping, { sparse: 2, dense: 0 });
});

Deno.test("ParallelWasmKernels hand over hundreds of products in a row without a mix-up", async () => {
  // Back-to-back jobs of changing shapes and options: a chunk computed with the arguments of
  // another job, or never computed, would show as a difference from the one-thread result.
  using par = await ParallelWasmKernels.create({ minMacs: 0, relaxed: false });
  const one = new WasmKernels({ relaxed: false });
  const rng = createRng(12);
  const mark = [par.arena.mark(), one.arena.mark()];
  for (let t = 0; t < 300; t++) {
    const m = 1 + rng.int(12), n = 16 + rng.int(t % 50 === 0 ? 1200 : 90), k = 1 + rng.int(40);
    // Every other product skips the zeros of an A that is 30% nonzero: its rows are split instead.
    const sparse = t % 2 === 1;
    const a = zeroed(rng, uniform(rng, m * k), sparse ? 0.3 : 1);
    const b = uniform(rng, k * n), c0 = uniform(rng, m * n);
    const options = {
      alpha: rng.uniform(-2, 2),
      accumulate: rng.next() < 0.5,
      relu: rng.next() < 0.5,
      sparse,
    };
    const run = (K: WasmKernels) => {
      const c = put(K, [m, n], c0);
      K.gemmNN(put(K, [m, k], a), put(K, [k, n], b), { c, ...options });
      return [...c.data];
    };
    assert.deepStrictEqual(run(par), run(one), `product ${t}: ${m}×${n}×${k}`);
    par.arena.release(mark[0]);
    one.arena.release(mark[1]);
  }
  assert.ok(par.workerChunks > 0, "the worker took part");
  assert.ok(par.zeroSkipping.sparse > 100, `${par.zeroSkipping.sparse} products skipped zeros`);
});

Deno.test("ParallelWasmKernels close() stops the worker and later products still run", async () => {
  const k = await ParallelWasmKernels.create({ minMacs: 0 });
  k.close();
  k.close();
  assert.strictEqual(k.running, false);
  const c = k.gemmNN(k.arena.from(1, 1, [2]), k.arena.from(1, 16, new Array(16).fill(3)), {
    c: k.matrix(1, 16),
  });
  assert.deepStrictEqual([...c.data], new Array(16).fill(6));
});

Deno.test("ParallelWasmKernels reject a negative split threshold or spin time", async () => {
  await assert.rejects(() => ParallelWasmKernels.create({ minMacs: -1 }), RangeError);
  await assert.rejects(() => ParallelWasmKernels.create({ spinMicros: NaN }), RangeError);
});
