import assert from "node:assert";
import { createBackend } from "../../src/train/backends.ts";
import { NAMED_MODELS } from "../../src/train/model_spec.ts";
import { checkConfig, gather, train, type TrainConfig } from "../../src/train/loop.ts";
import { encodeModelFile } from "../../src/train/model_file.ts";
import { firstImages, mnist } from "./_mnist.ts";

/** A small run: 400 training images, 200 test images, 2 epochs; its weights and figures. */
async function smallRun(backend: "reference" | "js" | "wasm", seed: number) {
  const { train: tr, test } = await mnist();
  const spec = NAMED_MODELS["784-32-32-10"].spec;
  const b = createBackend(backend, { spec, seed, momentum: 0.5 });
  const config: TrainConfig = {
    epochs: 2,
    batchSize: 50,
    lr: 0.1,
    schedule: { kind: "cosine" },
    seed,
  };
  const result = train(b, { train: firstImages(tr, 400), test: firstImages(test, 200) }, {
    config,
  });
  const figures = result.history.map(({ seconds: _s, samplesPerSecond: _r, ...rest }) => rest);
  const file = encodeModelFile(b.exportNetwork(), { dtype: "float64", training: {} });
  return { net: b.exportNetwork(), figures, final: result.final, file };
}

Deno.test("train() gives the same bits for the same seed", async (t) => {
  for (const backend of ["reference", "js", "wasm"] as const) {
    await t.step(`${backend} backend`, async () => {
      const a = await smallRun(backend, 42);
      const b = await smallRun(backend, 42);
      a.net.layers.forEach((layer, l) => {
        assert.deepStrictEqual(b.net.layers[l].W.data, layer.W.data, `layers[${l}].W`);
        assert.deepStrictEqual(b.net.layers[l].b.data, layer.b.data, `layers[${l}].b`);
      });
      assert.deepStrictEqual(b.figures, a.figures);
      assert.deepStrictEqual(b.final.confusion, a.final.confusion);
      assert.deepStrictEqual(b.final.predictions, a.final.predictions);
      assert.strictEqual(b.file, a.file);
    });
  }
  await t.step("and different bits for another seed", async () => {
    const a = await smallRun("js", 42);
    const c = await smallRun("js", 43);
    assert.notDeepStrictEqual(c.net.layers[0].W.data, a.net.layers[0].W.data);
  });
});

Deno.test("train() records one epoch per pass and reports every step", async () => {
  const { train: tr, test } = await mnist();
  const b = createBackend("js", { spec: NAMED_MODELS["784-32-32-10"].spec, seed: 1 });
  const steps: number[] = [];
  const epochs: number[] = [];
  let clock = 0;
  const result = train(b, { train: firstImages(tr, 130), test: firstImages(test, 50) }, {
    config: {
      epochs: 3,
      batchSize: 50,
      lr: 0.1,
      schedule: { kind: "step", every: 1, factor: 0.5 },
      seed: 1,
    },
    hooks: {
      onStep: (p) => steps.push(p.done),
      onEpoch: (r) => epochs.push(r.epoch),
      now: () => clock++,
    },
  });
  assert.deepStrictEqual(steps, [50, 100, 130, 50, 100, 130, 50, 100, 130]);
  assert.deepStrictEqual(epochs, [1, 2, 3]);
  assert.deepStrictEqual(result.history.map((r) => r.lr), [0.1, 0.05, 0.025]);
  assert.ok(result.history.every((r) => Number.isFinite(r.trainLoss) && r.seconds > 0));
  assert.strictEqual(result.final.accuracy, result.history[2].testAccuracy);
});

Deno.test("train() with 0 epochs scores the untrained network", async () => {
  const { test } = await mnist();
  const b = createBackend("js", { spec: NAMED_MODELS["784-32-32-10"].spec, seed: 1 });
  const set = firstImages(test, 100);
  const result = train(b, { train: set, test: set }, {
    config: { epochs: 0, batchSize: 10, lr: 0.1, schedule: { kind: "constant" }, seed: 1 },
  });
  assert.deepStrictEqual(result.history, []);
  assert.strictEqual(result.final.predictions.length, 100);
});

Deno.test("checkConfig() names the bad hyper-parameter", () => {
  const ok: TrainConfig = {
    epochs: 1,
    batchSize: 1,
    lr: 0.1,
    schedule: { kind: "constant" },
    seed: 1,
  };
  checkConfig(ok);
  assert.throws(
    () => checkConfig({ ...ok, epochs: 1.5 }),
    /number of epochs must be a whole number/,
  );
  assert.throws(
    () => checkConfig({ ...ok, batchSize: 0 }),
    /batch size must be a whole number ≥ 1, got 0/,
  );
  assert.throws(
    () => checkConfig({ ...ok, lr: NaN }),
    /learning rate must be a positive number, got NaN/,
  );
  assert.throws(() => checkConfig({ ...ok, lr: -1 }), /learning rate must be a positive number/);
});

Deno.test("gather() copies a shuffled batch and stops at the buffer's size", () => {
  const set = {
    images: Float32Array.from([0, 1, 2, 3, 4, 5]),
    labels: new Uint8Array([7, 8, 9]),
    count: 3,
  };
  const x = new Float32Array(4);
  const labels = new Uint8Array(2);
  assert.strictEqual(gather(set, new Uint32Array([1, 2, 0]), { x, labels, d: 2 }), 2);
  assert.deepStrictEqual([...x], [2, 3, 4, 5]);
  assert.deepStrictEqual([...labels], [8, 9]);
  assert.strictEqual(gather(set, new Uint32Array([0]), { x, labels, d: 2 }), 1);
  assert.deepStrictEqual([...x.subarray(0, 2), labels[0]], [0, 1, 7]);
});
