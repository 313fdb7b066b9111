import assert from "node:assert";
import { userPath } from "../../../src/io/cli.ts";
import { DEFAULT_RECIPE, parseTrainArgs, USAGE } from "../../../src/train/cli/train_args.ts";

Deno.test("parseTrainArgs() with no flags gives the default recipe", () => {
  const cmd = parseTrainArgs([]);
  assert.deepStrictEqual(cmd.spec, { sizes: [784, 128, 64, 10], hidden: "relu", layout: "column" });
  assert.deepStrictEqual(cmd.config, {
    epochs: DEFAULT_RECIPE.epochs,
    batchSize: DEFAULT_RECIPE.batch,
    lr: DEFAULT_RECIPE.lr,
    schedule: { kind: "cosine" },
    seed: DEFAULT_RECIPE.seed,
  });
  assert.strictEqual(cmd.momentum, DEFAULT_RECIPE.momentum);
  assert.strictEqual(cmd.backend, undefined);
  assert.strictEqual(cmd.quiet, false);
});

Deno.test("parseTrainArgs() reads every flag", () => {
  const cmd = parseTrainArgs([
    "--layers",
    "784,50,20,10",
    "--activation",
    "tanh",
    "--layout",
    "row",
    "--epochs",
    "0",
    "--batch",
    "8",
    "--lr",
    "1e-2",
    "--schedule",
    "step:2:0.5",
    "--momentum",
    "0",
    "--seed",
    "9",
    "--backend",
    "reference",
    "--data",
    "/d",
    "--save",
    "s.json",
    "--report",
    "r.html",
    "--limit",
    "100",
    "--test-limit",
    "10",
    "--quiet",
  ]);
  assert.deepStrictEqual(cmd.spec, { sizes: [784, 50, 20, 10], hidden: "tanh", layout: "row" });
  assert.deepStrictEqual(cmd.config, {
    epochs: 0,
    batchSize: 8,
    lr: 0.01,
    schedule: { kind: "step", every: 2, factor: 0.5 },
    seed: 9,
  });
  assert.deepStrictEqual(
    [
      cmd.momentum,
      cmd.backend,
      cmd.dataDir,
      cmd.save,
      cmd.report,
      cmd.limit,
      cmd.testLimit,
      cmd.quiet,
    ],
    [0, "reference", "/d", userPath("s.json"), userPath("r.html"), 100, 10, true],
  );
  assert.strictEqual(parseTrainArgs(["--load", "m.json"]).spec, undefined);
  assert.deepStrictEqual(parseTrainArgs(["--model", "784-100-10"]).spec?.layout, "row");
});

Deno.test("parseTrainArgs() rejects each mistake with one sentence naming the flag", () => {
  const cases: [string[], RegExp][] = [
    [["--lr=-1"], /--lr must be a positive number, got "-1"$/],
    [
      ["--lr", "-1"],
      /Option '--lr' argument is ambiguous: write --lr=-XYZ for a value that starts with "-"$/,
    ],
    [["--lr", ""], /--lr must be a positive number, got ""$/],
    [["--batch", "0"], /--batch must be a whole number ≥ 1, got "0"$/],
    [["--seed", "x"], /--seed must be a whole number ≥ 0, got "x"$/],
    [["--hidden", "50"], /--hidden goes with --model 784-h-10, not with "784-128-64-10"$/],
    [["--layers", "784"], /--layers needs at least two widths/],
    [["--activation", "relu"], /--activation and --layout need --layers$/],
    [
      ["--layers", "784,10", "--activation", "softmax"],
      /--activation must be one of relu, sigmoid, tanh, identity, got "softmax"$/,
    ],
    [["--load", "m.json", "--model", "784-100-10"], /--load takes the model from its file/],
    [["--quiet=yes"], /Option '--quiet' does not take an argument \(see --help\)$/],
    [["--epochs"], /Option '--epochs <value>' argument missing \(see --help\)$/],
  ];
  for (const [args, message] of cases) {
    assert.throws(() => parseTrainArgs(args), message, args.join(" "));
  }
});

Deno.test("USAGE documents the default recipe", () => {
  assert.match(USAGE, new RegExp(`--epochs N .*\\(default ${DEFAULT_RECIPE.epochs}\\)`));
  assert.match(USAGE, new RegExp(`--momentum X .*\\(default ${DEFAULT_RECIPE.momentum}`));
});

Deno.test("parseTrainArgs() accepts the leading -- of `deno task train -- …`", () => {
  const cmd = parseTrainArgs(["--", "--epochs", "3", "--model", "784-32-32-10"]);
  assert.strictEqual(cmd.config.epochs, 3);
  assert.throws(
    () => parseTrainArgs(["--", "--", "--epochs", "3"]),
    /Unexpected argument "--epochs"/,
  );
});
