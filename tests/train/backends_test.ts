import assert from "node:assert";
import { compareMatrices, describeMismatch, type Tolerance } from "../../src/spec/compare.ts";
import type { TrainerBackend } from "../../src/train/backend.ts";
import { pixelValues } from "../../src/data/pixels.ts";
import { openBlas } from "../../src/fast/blas.ts";
import { BACKEND_NAMES, chooseBackend, createBackend } from "../../src/train/backends.ts";
import { NAMED_MODELS } from "../../src/train/model_spec.ts";
import { firstImages, mnist } from "./_mnist.ts";

// float32 products of up to 784 terms: each gradient entry is within a few hundred float32 ulps of the
// float64 one (observed worst: 4e-8 absolute on entries up to 0.12).
const FLOAT32_GRAD: Tolerance = { rtol: 1e-4, atol: 1e-6 };
// Twenty float32 SGD steps drift apart by rounding only.
const FLOAT32_LOSS: Tolerance = { rtol: 1e-4, atol: 1e-6 };
// native runs where OpenBLAS is installed (CI installs it); elsewhere the chooser's test checks why not.
const FAST = openBlas().ok ? ["js", "wasm", "native"] as const : ["js", "wasm"] as const;
const AVAILABLE = BACKEND_NAMES.filter((name) => name !== "native" || openBlas().ok);

/** A fresh backend holding the same (float32-exact) weights as `like`. */
function twin(name: typeof BACKEND_NAMES[number], like: TrainerBackend, momentum = 0) {
  const b = createBackend(name, { spec: like.spec, seed: 0, momentum });
  b.importNetwork(like.exportNetwork());
  return b;
}

Deno.test("fast backends' gradients match the float64 reference on a real MNIST batch", async (t) => {
  const { train } = await mnist();
  const batch = firstImages(train, 64);
  for (const [name, model] of Object.entries(NAMED_MODELS)) {
    for (const fast of FAST) {
      await t.step(`${fast}, ${name} (${model.spec.layout} layout)`, () => {
        const own = createBackend(fast, { spec: model.spec, seed: 7 });
        const ref = twin("reference", own);
        const got = own.gradients(batch.images, batch.labels, batch.count);
        const want = ref.gradients(batch.images, batch.labels, batch.count);
        assert.ok(
          Math.abs(got.loss - want.loss) <= 1e-6 * want.loss,
          `loss ${got.loss} vs ${want.loss}`,
        );
        want.grads.layers.forEach((w, l) => {
          for (const key of ["dW", "db", "delta"] as const) {
            const c = compareMatrices(got.grads.layers[l][key], w[key], FLOAT32_GRAD);
            assert.ok(c.ok, describeMismatch(c, `layers[${l}].${key}`));
          }
        });
      });
    }
  }
});

Deno.test("fast backends follow the reference's loss over the first 20 SGD steps", async (t) => {
  const { train } = await mnist();
  const spec = NAMED_MODELS["784-128-64-10"].spec;
  for (const momentum of [0, 0.9]) {
    for (const fast of FAST) {
      await t.step(`${fast}, momentum ${momentum}`, () => {
        const own = createBackend(fast, { spec, seed: 3, momentum });
        const ref = twin("reference", own, momentum);
        for (let s = 0; s < 20; s++) {
          const x = pixelValues(train.images.subarray(s * 32 * 784, (s + 1) * 32 * 784));
          const labels = train.labels.subarray(s * 32, (s + 1) * 32);
          const want = ref.step(x, labels, 32, 0.1);
          const got = own.step(x, labels, 32, 0.1);
          assert.ok(
            Math.abs(got - want) <= FLOAT32_LOSS.atol + FLOAT32_LOSS.rtol * Math.abs(want),
            `step ${s}: expected loss ${want}, got ${got} (abs ${Math.abs(got - want)})`,
          );
        }
      });
    }
  }
});

Deno.test("a batch of pixel bytes trains exactly as its float32 values", async (t) => {
  const { train } = await mnist();
  const bytes = train.images.subarray(0, 32 * 784);
  const values = pixelValues(bytes);
  const spec = NAMED_MODELS["784-128-64-10"].spec;
  for (const name of AVAILABLE) {
    await t.step(name, () => {
      const a = createBackend(name, { spec, seed: 4 });
      const b = twin(name, a);
      const labels = train.labels.subarray(0, 32);
      for (let s = 0; s < 3; s++) {
        assert.strictEqual(a.step(bytes, labels, 32, 0.1), b.step(values, labels, 32, 0.1));
      }
      assert.deepStrictEqual(a.predict(bytes, 32), b.predict(values, 32));
    });
  }
});

Deno.test("backends export the weights they imported, bit for bit", async (t) => {
  for (const name of AVAILABLE) {
    await t.step(name, () => {
      for (const model of Object.values(NAMED_MODELS)) {
        const a = createBackend("js", { spec: model.spec, seed: 11 });
        const b = twin(name, a);
        const got = b.exportNetwork();
        assert.strictEqual(got.layout, model.spec.layout);
        a.exportNetwork().layers.forEach((layer, l) => {
          assert.deepStrictEqual(got.layers[l].W.data, layer.W.data, `layers[${l}].W`);
          assert.deepStrictEqual(got.layers[l].b.data, layer.b.data, `layers[${l}].b`);
          assert.strictEqual(got.layers[l].activation, layer.activation);
        });
      }
    });
  }
});

Deno.test("predict() gives probabilities that agree across backends", async () => {
  const { test } = await mnist();
  const set = firstImages(test, 100);
  const spec = NAMED_MODELS["784-100-10"].spec;
  const js = createBackend("js", { spec, seed: 5 });
  const want = twin("reference", js).predict(set.images, set.count);
  for (const name of FAST) {
    const got = twin(name, js).predict(set.images, set.count);
    for (let k = 0; k < want.length; k++) {
      assert.ok(Math.abs(got[k] - want[k]) <= 1e-6, `${name} [${k}]: ${got[k]} vs ${want[k]}`);
    }
  }
});

Deno.test("importNetwork() rejects a network of another model", () => {
  const a = createBackend("js", { spec: NAMED_MODELS["784-32-32-10"].spec, seed: 1 });
  for (const name of AVAILABLE) {
    const b = createBackend(name, { spec: NAMED_MODELS["784-128-64-10"].spec, seed: 1 });
    assert.throws(() => b.importNetwork(a.exportNetwork()), /layers\[0\] with 784 inputs and 32/);
  }
});

Deno.test("createBackend() rejects momentum outside [0, 1) and unknown names", () => {
  const spec = NAMED_MODELS["784-32-32-10"].spec;
  for (const name of AVAILABLE) {
    assert.throws(() => createBackend(name, { spec, seed: 1, momentum: 1 }), /Momentum must lie/);
  }
  assert.throws(
    () => createBackend("gpu" as never, { spec, seed: 1 }),
    /Unknown backend "gpu": expected one of reference, js, wasm, native/,
  );
});

Deno.test("chooseBackend() picks native where OpenBLAS opens, else wasm, and says why", () => {
  const found = openBlas();
  const choice = chooseBackend();
  if (found.ok) {
    assert.strictEqual(choice.name, "native");
    assert.match(
      choice.reason,
      /^backend native: OpenBLAS \S+, kernel \w+ \(lib\S+\) through FFI$/,
    );
  } else {
    assert.strictEqual(choice.name, "wasm");
    assert.strictEqual(choice.reason, `backend wasm (WebAssembly SIMD): ${found.reason}`);
    assert.throws(
      () => createBackend("native", { spec: NAMED_MODELS["784-32-32-10"].spec, seed: 1 }),
      /Cannot use the native backend/,
    );
  }
});
