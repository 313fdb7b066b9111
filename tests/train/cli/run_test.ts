import assert from "node:assert";
import { parseTrainArgs } from "../../../src/train/cli/train_args.ts";
import { executeRun, type PreparedRun, prepareRun } from "../../../src/train/cli/run.ts";

function capture() {
  let out = "";
  let progress = "";
  return {
    io: {
      out: (s: string) => (out += s),
      progress: { write: (s: string) => (progress += s), tty: false },
      columns: 80,
    },
    get out() {
      return out;
    },
    get progress() {
      return progress;
    },
  };
}

Deno.test("executeRun() aborts before training when the gradient check fails", async () => {
  const run = await prepareRun(
    parseTrainArgs(["--limit", "200", "--test-limit", "50", "--epochs", "3", "--backend", "js"]),
  );
  const inner = run.backend;
  let steps = 0;
  const broken: PreparedRun = {
    ...run,
    backend: {
      ...inner,
      name: "broken",
      step: (...args) => (steps++, inner.step(...args)),
      gradients(x, labels, n) {
        const g = inner.gradients(x, labels, n);
        g.grads.layers[0].db.data.fill(0); // a bias gradient dropped
        return g;
      },
    },
  };
  const c = capture();
  const outcome = await executeRun(broken, c.io);
  assert.strictEqual(outcome.exitCode, 1);
  assert.strictEqual(steps, 0, "no training step was taken");
  assert.match(
    c.out,
    /\nGradient check failed for \d+ of 20 parameters; first layers\[0\]\.db\[\d+,0\]: .*; training aborted\n$/,
  );
});

Deno.test("executeRun() trains the prepared run and prints its results", async () => {
  const run = await prepareRun(
    parseTrainArgs([
      "--model",
      "784-32-32-10",
      "--limit",
      "1000",
      "--test-limit",
      "200",
      "--epochs",
      "2",
      "--backend",
      "wasm",
    ]),
  );
  const c = capture();
  const outcome = await executeRun(run, c.io);
  assert.strictEqual(outcome.exitCode, 0);
  assert.ok(outcome.accuracy > 0.5, String(outcome.accuracy));
  assert.match(
    c.out,
    /^model 784-32-32-10 \(relu hidden, softmax-CE, column layout\), backend wasm, 1,000 training and 200 test images of MNIST \(SHA-256 verified\)\n/,
  );
  assert.match(c.out, /\n2 epochs, batch 64, lr 0\.05 \(cosine\), momentum 0\.9, seed 1\n/);
  assert.match(
    c.out,
    new RegExp(`\\ntest accuracy ${(100 * outcome.accuracy).toFixed(2)}% \\(\\d+ of 200\\)`),
  );
  assert.strictEqual(c.progress, "", "not a terminal: the epoch lines of the results are the log");
});

Deno.test("prepareRun() names the mistakes it finds", async (t) => {
  await t.step("a report into a missing directory", async () => {
    await assert.rejects(
      prepareRun(parseTrainArgs(["--report", "/nonexistent-dir/r.html"])),
      /--report \/nonexistent-dir\/r\.html: directory \/nonexistent-dir does not exist/,
    );
  });
  await t.step("a test limit beyond the test set", async () => {
    await assert.rejects(
      prepareRun(parseTrainArgs(["--test-limit", "10001"])),
      /--test-limit 10001 is more than the 10000 images there are/,
    );
  });
  await t.step("too few outputs for the labels", async () => {
    await assert.rejects(
      prepareRun(parseTrainArgs(["--layers", "784,16,9"])),
      /Model 784-16-9 has 9 outputs but the labels go up to 9/,
    );
  });
});
