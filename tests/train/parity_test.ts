/**
 * The float32 wasm backend against the float64 reference on a real epoch: document 001's network
 * ("Part 2": 784-128-64-10, ReLU, softmax + cross-entropy) trained by plain mini-batch SGD
 * W ← W − α ∂L/∂W ("Part 2", updating rule), batch 128, α = 0.1, same seed, same shuffles.
 * float32 rounding changes the path only slightly, so the test accuracies must agree closely.
 */
import assert from "node:assert";
import { createBackend } from "../../src/train/backends.ts";
import { train, type TrainConfig } from "../../src/train/loop.ts";
import { NAMED_MODELS } from "../../src/train/model_spec.ts";
import { firstImages, mnist } from "./_mnist.ts";

const spec = NAMED_MODELS["784-128-64-10"].spec;
const TRAIN_IMAGES = 60000;

Deno.test({
  name: "wasm (float32) and reference (float64) agree within 0.2 points after 1 epoch on all " +
    "60,000 MNIST images",
  async fn() {
    const { train: tr, test } = await mnist();
    const config: TrainConfig = {
      epochs: 1,
      batchSize: 128,
      lr: 0.1,
      schedule: { kind: "constant" },
      seed: 1,
    };
    const data = { train: firstImages(tr, TRAIN_IMAGES), test };
    const accuracy: Record<string, number> = {};
    for (const name of ["reference", "wasm"] as const) {
      const backend = createBackend(name, { spec, seed: config.seed, momentum: 0 });
      const result = train(backend, data, { config });
      accuracy[name] = result.final.accuracy;
      console.log(
        `${name}: ${(100 * result.final.accuracy).toFixed(2)}% test accuracy, ` +
          `${result.history[0].seconds.toFixed(1)} s training`,
      );
    }
    const points = 100 * Math.abs(accuracy.wasm - accuracy.reference);
    assert.ok(
      points <= 0.2,
      `wasm ${accuracy.wasm}, reference ${accuracy.reference}: ${points.toFixed(2)} points apart`,
    );
  },
});
