import assert from "node:assert";
import { ParallelWasmKernels } from "../../src/fast/parallel_kernels.ts";
import { openBackend } from "../../src/train/backends.ts";
import { parseTrainArgs } from "../../src/train/cli/train_args.ts";
import { NAMED_MODELS } from "../../src/train/model_spec.ts";
import { createWasmBackend } from "../../src/train/wasm_backend.ts";
import { firstImages, mnist } from "./_mnist.ts";

// ParallelWasmKernels computes every element of a product on one thread in the one-thread order,
// so two threads must give the one-thread losses and weights bit for bit (Object.is).
Deno.test("wasm backend on 2 threads trains bit for bit like 1 thread", async (t) => {
  const { train } = await mnist();
  const spec = NAMED_MODELS["784-128-64-10"].spec;
  const batch = firstImages(train, 128);
  for (const momentum of [0, 0.9]) {
    await t.step(`784-128-64-10, batch 128, momentum ${momentum}, 5 steps`, async () => {
      using one = await openBackend("wasm", { spec, seed: 3, momentum, threads: 1 });
      // minMacs 0 splits every product, so the worker takes part in all of them
      using kernels = await ParallelWasmKernels.create({ minMacs: 0 });
      const two = { backend: createWasmBackend({ spec, seed: 3, momentum }, kernels) };
      for (let s = 0; s < 5; s++) {
        const want = one.backend.step(batch.images, batch.labels, batch.count, 0.1);
        const got = two.backend.step(batch.images, batch.labels, batch.count, 0.1);
        assert.ok(Object.is(got, want), `step ${s}: loss ${got} on 2 threads, ${want} on 1`);
      }
      assert.ok(kernels.workerChunks > 0, "the worker computed no chunk: nothing was compared");
      const a = one.backend.exportNetwork(), b = two.backend.exportNetwork();
      a.layers.forEach((layer, l) => {
        for (const key of ["W", "b"] as const) {
          const want = layer[key].data, got = b.layers[l][key].data;
          const i = want.findIndex((w, q) => !Object.is(w, got[q]));
          assert.strictEqual(
            i,
            -1,
            `layers[${l}].${key}[${i}]: expected ${want[i]}, got ${got[i]}`,
          );
        }
      });
    });
  }
});

Deno.test("--threads takes 1 or 2, and 2 only with the wasm backend", async (t) => {
  await t.step("default 1", () => assert.strictEqual(parseTrainArgs([]).threads, 1));
  await t.step("2 with wasm", () => {
    assert.strictEqual(parseTrainArgs(["--threads", "2", "--backend", "wasm"]).threads, 2);
  });
  await t.step("3 is out of range", () => {
    assert.throws(
      () => parseTrainArgs(["--threads", "3"]),
      /--threads must be a whole number from 1 to 2, got "3"/,
    );
  });
  await t.step("2 with js is refused", () => {
    assert.throws(
      () => parseTrainArgs(["--threads", "2", "--backend", "js"]),
      /--threads 2 needs --backend wasm or native, got --backend js/,
    );
  });
  await t.step("openBackend() with 2 threads takes the same first step as with 1", async () => {
    const spec = NAMED_MODELS["784-128-64-10"].spec;
    const { train } = await mnist();
    const batch = firstImages(train, 64);
    using one = await openBackend("wasm", { spec, seed: 5, threads: 1 });
    using two = await openBackend("wasm", { spec, seed: 5, threads: 2 });
    const want = one.backend.step(batch.images, batch.labels, batch.count, 0.1);
    const got = two.backend.step(batch.images, batch.labels, batch.count, 0.1);
    assert.ok(Object.is(got, want), `loss ${got} on 2 threads, ${want} on 1`);
  });
  await t.step("openBackend() refuses 3 threads", async () => {
    const spec = NAMED_MODELS["784-128-64-10"].spec;
    await assert.rejects(openBackend("wasm", { spec, seed: 1, threads: 3 }), RangeError);
  });
});
