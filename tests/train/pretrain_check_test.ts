import assert from "node:assert";
import type { TrainerBackend } from "../../src/train/backend.ts";
import { BACKEND_NAMES, createBackend } from "../../src/train/backends.ts";
import { gradientCheck } from "../../src/train/pretrain_check.ts";
import { NAMED_MODELS } from "../../src/train/model_spec.ts";
import { firstImages, mnist } from "./_mnist.ts";

async function batch(n: number) {
  const { train } = await mnist();
  const set = firstImages(train, n);
  return { x: set.images, labels: set.labels, n };
}

Deno.test("gradientCheck() passes every backend and model on a real MNIST batch", async (t) => {
  const b = await batch(32);
  for (const [name, model] of Object.entries(NAMED_MODELS)) {
    for (const backend of BACKEND_NAMES) {
      await t.step(`${backend}, ${name}`, () => {
        const result = gradientCheck(createBackend(backend, { spec: model.spec, seed: 2 }), b, {
          seed: 1,
        });
        assert.ok(result.ok, result.summary);
        assert.strictEqual(result.checks.length, 20);
        const layers = new Set(result.checks.map((c) => c.path.match(/^layers\[(\d+)\]/)?.[1]));
        assert.strictEqual(layers.size, model.spec.sizes.length - 1, "every layer is sampled");
        assert.ok(result.checks.some((c) => c.path.includes(".db[")), "biases are sampled");
        assert.match(result.summary, /^Gradient check passed: 20 parameters in \d layers/);
      });
    }
  }
});

Deno.test("gradientCheck() samples first-layer weights of inked pixels only", async () => {
  const b = await batch(8);
  const backend = createBackend("js", { spec: NAMED_MODELS["784-32-32-10"].spec, seed: 2 });
  const result = gradientCheck(backend, b, { seed: 3, count: 30 });
  const inked = new Set<number>();
  for (let i = 0; i < b.n; i++) {
    for (let p = 0; p < 784; p++) if (b.x[i * 784 + p] !== 0) inked.add(p);
  }
  const firstLayer = result.checks.filter((c) => c.path.startsWith("layers[0].dW"));
  assert.ok(firstLayer.length >= 5);
  for (const c of firstLayer) {
    const column = Number(c.path.match(/,(\d+)\]$/)?.[1]);
    assert.ok(inked.has(column), `${c.path} reads a pixel that is 0 in every sample`);
  }
});

Deno.test("gradientCheck() fails a backend whose gradient is wrong, naming the parameter", async (t) => {
  const b = await batch(16);
  const spec = NAMED_MODELS["784-32-32-10"].spec;
  const sabotaged = (scale: number): TrainerBackend => {
    const inner = createBackend("js", { spec, seed: 2 });
    return {
      ...inner,
      name: "sabotaged",
      gradients(x, labels, n) {
        const g = inner.gradients(x, labels, n);
        g.grads.layers[1].dW.data.forEach((v, k, a) => (a[k] = v * scale));
        return g;
      },
    };
  };
  await t.step("a gradient 0.01% off passes, as float32 rounding may do", () => {
    assert.ok(gradientCheck(sabotaged(1.0001), b, { seed: 1 }).ok);
  });
  await t.step("a gradient 1% off fails", () => {
    assert.ok(!gradientCheck(sabotaged(1.01), b, { seed: 1 }).ok);
  });
  await t.step("a gradient 2× too large fails", () => {
    const result = gradientCheck(sabotaged(2), b, { seed: 1 });
    assert.ok(!result.ok);
    const failed = result.checks.filter((c) => !c.ok);
    assert.ok(failed.length > 0 && failed.every((c) => c.path.startsWith("layers[1].dW")));
    assert.match(
      result.summary,
      /^Gradient check failed for \d+ of 20 parameters; first layers\[1\]\.dW\[\d+,\d+\]: finite difference -?[\d.e-]+, reference -?[\d.e-]+, sabotaged -?[\d.e-]+$/,
    );
  });
});
