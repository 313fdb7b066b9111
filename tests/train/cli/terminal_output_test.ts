/** The terminal output: progress, epoch lines, summary, confusion table, digits. */
import assert from "node:assert";
import { pixelValues } from "../../../src/data/pixels.ts";
import { evaluate, perClassAccuracy } from "../../../src/train/evaluate.ts";
import {
  epochLine,
  grouped,
  percent,
  progressHooks,
  progressLine,
} from "../../../src/train/cli/progress.ts";
import { confusionTable, summaryText } from "../../../src/train/cli/end_summary.ts";
import { drawDigit, drawDigits, pickDigits } from "../../../src/train/cli/terminal_digits.ts";
import type { TrainerBackend } from "../../../src/train/backend.ts";
import { mnist } from "../_mnist.ts";

const record = {
  epoch: 2,
  trainLoss: 0.25,
  testLoss: 0.2,
  testAccuracy: 0.9512,
  lr: 0.1,
  seconds: 2,
  samplesPerSecond: 30000,
};

Deno.test("progressHooks() draws a bar in place on a TTY and clears it after the epoch", () => {
  let out = "";
  const hooks = progressHooks({ write: (s) => (out += s), tty: true, columns: 100 }, 3);
  hooks.onStep({ epoch: 1, done: 32, total: 64, loss: 1.5, seconds: 0.01 });
  hooks.onStep({ epoch: 1, done: 48, total: 64, loss: 1.4, seconds: 0.02 }); // throttled
  hooks.onStep({ epoch: 1, done: 64, total: 64, loss: 1.3, seconds: 0.03 }); // last step always drawn
  assert.strictEqual(out.split("\r").length - 1, 2);
  const [first, last] = out.split("\r").slice(1);
  const bar = (done: number) => "█".repeat(done) + "░".repeat(40 - done);
  assert.strictEqual(first, `epoch 1/3 [${bar(20)}]  50%  3,200 samples/s  loss 1.5000\x1b[K`);
  assert.strictEqual(last, `epoch 1/3 [${bar(40)}] 100%  2,133 samples/s  loss 1.3000\x1b[K`);
  out = "";
  hooks.onEpoch(record);
  assert.strictEqual(out, "\r\x1b[K");
});

Deno.test("progressHooks() writes one line per epoch when not on a TTY", () => {
  let out = "";
  const hooks = progressHooks({ write: (s) => (out += s), tty: false }, 5);
  hooks.onStep({ epoch: 2, done: 10, total: 60000, loss: 0.5, seconds: 1 });
  hooks.onEpoch(record);
  assert.strictEqual(
    out,
    "epoch 2/5 done: 60,000 samples in 2.0 s, 30,000 samples/s, loss 0.2500\n",
  );
});

Deno.test("progressLine() and epochLine() format the figures", () => {
  assert.strictEqual(
    progressLine({ epoch: 1, done: 0, total: 10, loss: 0, seconds: 0 }, { epochs: 1, width: 2 }),
    "epoch 1/1 [░░]   0%    loss 0.0000",
  );
  assert.strictEqual(
    epochLine(record, 5),
    "epoch 2/5  train loss 0.2500  test loss 0.2000  test accuracy 95.12%  lr 0.1  2.0 s  30,000 samples/s",
  );
  assert.strictEqual(grouped(1234567), "1,234,567");
  assert.strictEqual(percent(1), "100.00%");
});

Deno.test("summaryText() gives accuracy, per-class accuracy and the confusion matrix", () => {
  const confusion = Array.from(
    { length: 10 },
    (_, r) =>
      Array.from({ length: 10 }, (_, c) => (r === c ? 90 + r : r === 9 && c === 4 ? 12 : 0)),
  );
  const total = 945 + 12;
  const text = summaryText({
    accuracy: 945 / total,
    loss: 0.1,
    confusion,
    predictions: new Uint8Array(),
  }, 61.25);
  const lines = text.split("\n");
  assert.strictEqual(lines[0], `test accuracy 98.75% (945 of 957), test loss 0.1000, 61.3 s`);
  assert.strictEqual(lines[1], "accuracy per class:");
  assert.match(lines[3], /class 9: 89\.19%$/);
  assert.strictEqual(lines[5], "true\\pred    0   1   2   3   4   5   6   7   8   9");
  assert.strictEqual(lines[15], "         9   .   .   .   .  12   .   .   .   .  99");
  assert.deepStrictEqual(confusionTable([[1000]]), ["true\\pred     0", "         0 1000"]);
});

Deno.test("evaluate() scores a backend chunk by chunk", async () => {
  const { test } = await mnist();
  // A fake backend that predicts the true label for even images and 0 for odd ones.
  let seen = 0;
  const fake = {
    spec: { sizes: [784, 10], hidden: "relu", layout: "row" },
    predict(_x: Float32Array, n: number) {
      const P = new Float32Array(n * 10);
      for (let i = 0; i < n; i++, seen++) P[i * 10 + (seen % 2 === 0 ? test.labels[seen] : 0)] = 1;
      return P;
    },
  } as unknown as TrainerBackend;
  const set = {
    images: test.images.subarray(0, 300 * 784),
    labels: test.labels.subarray(0, 300),
    count: 300,
  };
  const e = evaluate(fake, set, 64);
  let expected = 0;
  for (let i = 0; i < 300; i++) if (i % 2 === 0 || test.labels[i] === 0) expected++;
  assert.strictEqual(e.accuracy, expected / 300);
  assert.strictEqual(e.confusion.flat().reduce((s, v) => s + v, 0), 300);
  assert.ok(Number.isFinite(e.loss) && e.loss > 30, "a zero probability costs −log 1e-30");
  assert.deepStrictEqual(perClassAccuracy([[1, 1], [0, 0]]), [0.5, NaN]);
});

Deno.test("drawDigits() draws MNIST digits recognisably, with labels", async () => {
  const { test } = await mnist();
  const seven = pixelValues(test.images.subarray(0, 784)); // the first test image is a 7
  const lines = drawDigit(seven, { rows: 28, cols: 28 });
  assert.strictEqual(lines.length, 14);
  assert.ok(lines.every((l) => l.length === 28));
  assert.match(lines.join(""), /█/);
  assert.strictEqual(lines[0].trim(), "", "the top rows are background");
  const text = drawDigits(
    [0, 1, 2].map((i) => ({
      pixels: pixelValues(test.images.subarray(i * 784, (i + 1) * 784)),
      predicted: i,
      label: test.labels[i],
    })),
    { rows: 28, cols: 28, width: 62 },
  );
  const blocks = text.split("\n\n");
  assert.strictEqual(blocks.length, 2, "two digits fit in 62 columns");
  assert.match(blocks[0], /predicted 0, true 7 ✗ +predicted 1, true 2 ✗\n?$/);
  assert.match(blocks[1], /predicted 2, true 1 ✗$/);
  assert.deepStrictEqual(
    pickDigits(new Uint8Array([1, 1, 1]), new Uint8Array([1, 0, 1]), { right: 1, wrong: 1 }),
    [0, 1],
  );
});
