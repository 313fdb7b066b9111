import assert from "node:assert";
import { checkSizes, commandPaths, systemMemory } from "../../../src/train/cli/preflight.ts";
import { parseTrainArgs } from "../../../src/train/cli/train_args.ts";

const huge = { sizes: [784, 70000, 10], hidden: "relu" as const, layout: "column" as const };
const base = { backend: "wasm" as const, batch: 64, epochs: 15, save: false, memory: 1e12 };

Deno.test("checkSizes() refuses up front what cannot be saved or held, naming the limit", async (t) => {
  await t.step("a model file longer than a JavaScript string", () => {
    assert.throws(
      () => checkSizes(huge, { ...base, save: true }),
      /^UsageError: --save: model 784-70000-10 has 55,650,010 parameters, up to 892 MB of JSON; a model file holds at most 537 MB \(the longest string JavaScript reads whole\)/,
    );
  });
  await t.step("not saved, the same model may train where memory allows", () => {
    checkSizes(huge, base);
  });
  await t.step("more memory than the machine has", () => {
    assert.throws(
      () => checkSizes(huge, { ...base, memory: 1e9 }),
      /^UsageError: Model 784-70000-10 has 55,650,010 parameters and needs about 1,258 MB to train on the wasm backend, more than this machine's 1,000 MB of memory/,
    );
    assert.throws(
      () => checkSizes(huge, { ...base, backend: "reference", memory: 1.5e9 }),
      /reference backend/,
    );
  });
  await t.step("the documents' networks pass on a small machine", () => {
    const spec = { sizes: [784, 128, 64, 10], hidden: "relu" as const, layout: "column" as const };
    checkSizes(spec, { ...base, save: true, memory: 2e9 });
  });
  await t.step("unknown memory (no --allow-sys) checks the file only", () => {
    checkSizes(huge, { ...base, memory: undefined });
    assert.ok(systemMemory() === undefined || systemMemory()! > 1e8);
  });
});

Deno.test("commandPaths() lists every output and every input, the data files by each name", () => {
  const paths = commandPaths(
    parseTrainArgs(["--save", "/a/m.json", "--load", "/b/m.json", "--data", "/d/"]),
  );
  assert.deepStrictEqual(paths.slice(0, 2), [
    { flag: "--save", path: "/a/m.json", output: true },
    { flag: "--load", path: "/b/m.json", output: false },
  ]);
  const data = paths.filter((p) => p.flag === "--data").map((p) => p.path);
  assert.ok(data.includes("/d/train-images-idx3-ubyte.gz"));
  assert.ok(data.includes("/d/t10k-labels.idx1-ubyte"));
});
