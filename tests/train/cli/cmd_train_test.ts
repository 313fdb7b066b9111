/** cmd/train.ts as a user runs it: exit codes, one-line errors, save and load. */
import assert from "node:assert";

const TRAIN = new URL("../../../cmd/train.ts", import.meta.url).pathname;

async function train(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-write", TRAIN, ...args],
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** Asserts exit code 2 and exactly one line on stderr matching `message`, with no stack trace. */
async function usageError(args: string[], message: RegExp): Promise<void> {
  const r = await train(args);
  assert.strictEqual(r.code, 2, `exit code for ${args.join(" ")}: ${r.stderr}`);
  assert.strictEqual(r.stdout, "");
  const lines = r.stderr.trimEnd().split("\n");
  assert.strictEqual(lines.length, 1, `one line, got:\n${r.stderr}`);
  assert.match(lines[0], /^train: /);
  assert.doesNotMatch(r.stderr, /\bat .*:\d+:\d+/);
  assert.match(lines[0], message);
}

Deno.test("train CLI: mistakes are one line on stderr and exit code 2", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const cases: [string, string[], RegExp][] = [
      ["unknown flag", ["--fast"], /Unknown option '--fast' \(see --help\)/],
      [
        "unknown model",
        ["--model", "784-300-300-10"],
        /--model: Unknown model "784-300-300-10": expected one of/,
      ],
      [
        "784-h-10 without --hidden",
        ["--model", "784-h-10"],
        /needs a hidden width: add --hidden N/,
      ],
      ["non-numeric lr", ["--lr", "fast"], /--lr must be a positive number, got "fast"/],
      ["zero lr", ["--lr", "0"], /--lr must be a positive number, got "0"/],
      ["fractional epochs", ["--epochs", "1.5"], /--epochs must be a whole number ≥ 0, got "1.5"/],
      ["momentum 1", ["--momentum", "1"], /--momentum must be a number in \[0, 1\), got "1"/],
      [
        "unknown backend",
        ["--backend", "gpu"],
        /--backend must be one of reference, js, wasm, native, got "gpu"/,
      ],
      ["bad schedule", ["--schedule", "linear"], /--schedule: Unknown schedule "linear"/],
      [
        "bad layers",
        ["--layers", "784,x,10"],
        /--layers: The width "x" is not a whole number from 1 to 100000/,
      ],
      [
        "bad layout",
        ["--layers", "784,10", "--layout", "diagonal"],
        /--layout must be column or row/,
      ],
      [
        "model and layers",
        ["--model", "784-100-10", "--layers", "784,10"],
        /--model cannot be combined with --layers/,
      ],
      [
        "wrong input width",
        ["--layers", "100,10"],
        /takes 100 inputs but the images have 28×28 = 784 pixels/,
      ],
      [
        "missing data dir",
        ["--data", `${dir}/nowhere`],
        /Cannot load MNIST from .*nowhere: no such directory/,
      ],
      [
        "data dir without MNIST",
        ["--data", dir],
        /Cannot load MNIST from .*: none of train-images-idx3-ubyte/,
      ],
      ["missing model file", ["--load", `${dir}/none.json`], /--load .*none\.json: no such file/],
      [
        "save into a missing directory",
        ["--save", `${dir}/no/m.json`],
        /--save .*: directory .*\/no does not exist/,
      ],
      [
        "limit beyond the data",
        ["--limit", "70000"],
        /--limit 70000 is more than the 60000 images there are/,
      ],
      ["stray argument", ["784-128-64-10"], /Unexpected argument "784-128-64-10"/],
    ];
    for (const [name, args, message] of cases) {
      await t.step(name, () => usageError(args, message));
    }
    await t.step("corrupt model file, naming the field", async () => {
      const path = `${dir}/bad.json`;
      await Deno.writeTextFile(
        path,
        JSON.stringify({
          format: "nn-oracle-mlp",
          version: 1,
          layout: "row",
          dtype: "float32",
          sizes: [784, 10],
          activations: ["softmax"],
          cost: "cross-entropy",
          layers: [{ W: [[1]], b: [[0]] }],
        }),
      );
      await usageError(
        ["--load", path],
        /bad\.json: field "layers\[0\]\.W" must be 784×10, got 1×1/,
      );
    });
    await t.step("model file that is not JSON", async () => {
      const path = `${dir}/truncated.json`;
      await Deno.writeTextFile(path, '{"format": "nn-oracle-mlp", "layers": [');
      await usageError(["--load", path], /truncated\.json: not valid JSON/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train CLI: --help prints the usage and exits 0", async () => {
  const r = await train(["--help"]);
  assert.strictEqual(r.code, 0);
  assert.match(r.stdout, /^Usage: deno task train \[options\]/);
  for (
    const flag of [
      "--model",
      "--layers",
      "--epochs",
      "--batch",
      "--lr",
      "--momentum",
      "--backend",
      "--save",
      "--load",
      "--report",
      "--limit",
      "--quiet",
    ]
  ) {
    assert.ok(r.stdout.includes(flag), flag);
  }
});

Deno.test("train CLI: trains, saves, reloads and reports", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const model = `${dir}/model.json`;
    const report = `${dir}/report.html`;
    const common = ["--limit", "2000", "--test-limit", "500", "--backend", "js"];
    let accuracy = "";
    await t.step("a short run prints epochs, summary, confusion matrix and digits", async () => {
      const r = await train([...common, "--epochs", "2", "--save", model, "--report", report]);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.match(
        r.stdout,
        /^model 784-128-64-10 \(relu hidden, softmax-CE, column layout\), backend js/,
      );
      assert.match(r.stdout, /\nGradient check passed: 20 parameters in 3 layers/);
      assert.match(r.stdout, /\nepoch 1\/2 .*test accuracy \d+\.\d\d%/);
      assert.match(r.stdout, /\nepoch 2\/2 /);
      accuracy = r.stdout.match(/\ntest accuracy (\d+\.\d\d%) \(\d+ of 500\)/)?.[1] ?? "";
      assert.notStrictEqual(accuracy, "");
      assert.match(r.stdout, /\naccuracy per class:\n {2}class 0: /);
      assert.match(r.stdout, /\ntrue\\pred +0 +1 +2 +3 +4 +5 +6 +7 +8 +9\n/);
      assert.match(r.stdout, /predicted \d, true \d [✓✗]/);
      assert.match(r.stdout, /[░▒▓█]/);
      // stderr is not a terminal here: one progress line per epoch, no bar.
      assert.match(
        r.stderr,
        /^epoch 1\/2 done: 2,000 samples in [\d.]+ s, [\d,]+ samples\/s, loss [\d.]+\nepoch 2\/2 done/,
      );
      assert.doesNotMatch(r.stderr, /█|\r/);
    });
    await t.step("--load with --epochs 0 scores the saved weights the same", async () => {
      const r = await train([...common, "--load", model, "--epochs", "0"]);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`\\ntest accuracy ${accuracy.replace(".", "\\.")} `));
      assert.match(r.stdout, /starting from .*model\.json/);
    });
    await t.step("the report is a self-contained page", async () => {
      const html = await Deno.readTextFile(report);
      assert.match(html, /^<!DOCTYPE html>/);
      assert.doesNotMatch(html, /<script|<link|src="http|href="http/);
      assert.ok((html.match(/<svg/g)?.length ?? 0) >= 4);
    });
    await t.step("--quiet prints the result only", async () => {
      const r = await train([...common, "--epochs", "1", "--quiet"]);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.match(r.stdout, /^test accuracy \d+\.\d\d%, [\d.]+ s\n$/);
      assert.strictEqual(r.stderr, "");
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train CLI: one seed gives the same model file, byte for byte", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const run = (path: string) =>
      train([
        "--model",
        "784-h-10",
        "--hidden",
        "16",
        "--limit",
        "1000",
        "--test-limit",
        "200",
        "--epochs",
        "2",
        "--backend",
        "js",
        "--seed",
        "5",
        "--quiet",
        "--save",
        path,
      ]);
    const [a, b] = [await run(`${dir}/a.json`), await run(`${dir}/b.json`)];
    assert.strictEqual(a.code, 0, a.stderr);
    assert.strictEqual(b.stdout.replace(/, [\d.]+ s/, ""), a.stdout.replace(/, [\d.]+ s/, ""));
    const [fa, fb] = [
      await Deno.readTextFile(`${dir}/a.json`),
      await Deno.readTextFile(`${dir}/b.json`),
    ];
    assert.strictEqual(fb, fa);
    assert.ok(
      fa.includes(
        '"layout": "row",\n  "dtype": "float32",\n  "sizes": [784,16,10],\n  "activations": ["sigmoid","softmax"]',
      ),
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
