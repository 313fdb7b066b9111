/**
 * The WebAssembly backend skips the zero pixels of the first layer's two products (Z1 = X·W1 and
 * dW1 = Xᵀ·δ1) when few enough are nonzero, and runs them dense otherwise. Both ways are checked
 * against the float64 reference here (gradients on real MNIST batches, the first steps' losses) and
 * against each other after an epoch; the default (skipping) backend is also the `wasm` of
 * backends_test.ts and parity_test.ts.
 */
import assert from "node:assert";
import { WasmKernels } from "../../src/fast/wasm_kernels.ts";
import { compareMatrices, describeMismatch, type Tolerance } from "../../src/spec/compare.ts";
import { createBackend } from "../../src/train/backends.ts";
import { evaluate } from "../../src/train/evaluate.ts";
import { train, type TrainConfig } from "../../src/train/loop.ts";
import { NAMED_MODELS } from "../../src/train/model_spec.ts";
import { createWasmBackend } from "../../src/train/wasm_backend.ts";
import { mnist } from "./_mnist.ts";

// As in backends_test.ts: float32 sums of up to 784 terms against float64.
const FLOAT32_GRAD: Tolerance = { rtol: 1e-4, atol: 1e-6 };
const spec = NAMED_MODELS["784-128-64-10"].spec;

/** A wasm backend on its own kernels (skipping zeros or not), with the reference's twin. */
function pair(skipZeros: boolean, seed: number, momentum = 0) {
  const kernels = new WasmKernels({ skipZeros });
  const wasm = createWasmBackend({ spec, seed, momentum }, kernels);
  const ref = createBackend("reference", { spec, seed: 0, momentum });
  ref.importNetwork(wasm.exportNetwork());
  return { kernels, wasm, ref };
}

/** Pixel bytes of `count` images from `from`, inverted (255 − x) when asked: 81% nonzero. */
function pixels(images: Uint8Array, from: number, count: number, inverted = false): Uint8Array {
  const bytes = images.slice(from * 784, (from + count) * 784);
  return inverted ? bytes.map((b) => 255 - b) : bytes;
}

Deno.test("wasm gradients match the reference on real MNIST batches, skipping zeros or not", async (t) => {
  const { train: tr } = await mnist();
  for (const inverted of [false, true]) {
    for (const skipZeros of [true, false]) {
      await t.step(`skipZeros ${skipZeros}, ${inverted ? "inverted (dense) " : ""}images`, () => {
        const { kernels, wasm, ref } = pair(skipZeros, 7);
        const x = pixels(tr.images, 256, 128, inverted);
        const labels = tr.labels.subarray(256, 384);
        const got = wasm.gradients(x, labels, 128);
        const want = ref.gradients(x, labels, 128);
        assert.ok(
          Math.abs(got.loss - want.loss) <= 1e-6 * want.loss,
          `${got.loss} vs ${want.loss}`,
        );
        want.grads.layers.forEach((w, l) => {
          for (const key of ["dW", "db", "delta"] as const) {
            const c = compareMatrices(got.grads.layers[l][key], w[key], FLOAT32_GRAD);
            assert.ok(c.ok, describeMismatch(c, `layers[${l}].${key}`));
          }
        });
        // Z1 and dW1 of the one pass: sparse on MNIST, dense on the inverted images (81% nonzero).
        const ran = skipZeros ? (inverted ? { sparse: 0, dense: 2 } : { sparse: 2, dense: 0 }) : {
          sparse: 0,
          dense: 0,
        };
        assert.deepStrictEqual(kernels.zeroSkipping, ran);
      });
    }
  }
});

Deno.test("wasm follows the reference's loss over the first 20 SGD steps, skipping zeros or not", async (t) => {
  const { train: tr } = await mnist();
  for (const skipZeros of [true, false]) {
    for (const momentum of [0, 0.9]) {
      await t.step(`skipZeros ${skipZeros}, momentum ${momentum}`, () => {
        const { wasm, ref } = pair(skipZeros, 3, momentum);
        for (let s = 0; s < 20; s++) {
          const x = pixels(tr.images, 64 * s, 64);
          const labels = tr.labels.subarray(64 * s, 64 * (s + 1));
          const want = ref.step(x, labels, 64, 0.1);
          const got = wasm.step(x, labels, 64, 0.1);
          assert.ok(
            Math.abs(got - want) <= 1e-6 + 1e-4 * Math.abs(want),
            `step ${s}: expected loss ${want}, got ${got} (abs ${Math.abs(got - want)})`,
          );
        }
      });
    }
  }
});

Deno.test("wasm skipping zeros and wasm dense agree within 0.2 points after an epoch of MNIST", async () => {
  const { train: tr, test } = await mnist();
  const config: TrainConfig = {
    epochs: 1,
    batchSize: 128,
    lr: 0.1,
    schedule: { kind: "constant" },
    seed: 1,
  };
  const accuracy: number[] = [];
  for (const skipZeros of [true, false]) {
    const kernels = new WasmKernels({ skipZeros });
    const backend = createWasmBackend({ spec, seed: 1 }, kernels);
    train(backend, { train: tr, test }, { config });
    accuracy.push(evaluate(backend, test).accuracy);
    assert.strictEqual(kernels.zeroSkipping.dense, 0, "every MNIST batch is sparse enough");
  }
  const points = 100 * Math.abs(accuracy[0] - accuracy[1]);
  assert.ok(accuracy[0] >= 0.9, `accuracy ${accuracy[0]} after an epoch`);
  assert.ok(
    points <= 0.2,
    `skipping ${accuracy[0]}, dense ${accuracy[1]}: ${points.toFixed(2)} points`,
  );
});
