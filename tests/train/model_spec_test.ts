import assert from "node:assert";
import { modelName, NAMED_MODELS, resolveModel } from "../../src/train/model_spec.ts";

Deno.test("resolveModel() knows the documents' networks", async (t) => {
  await t.step("784-128-64-10 is doc 001's ReLU net in column layout", () => {
    assert.deepStrictEqual(resolveModel("784-128-64-10"), {
      sizes: [784, 128, 64, 10],
      hidden: "relu",
      layout: "column",
    });
  });
  await t.step("784-32-32-10 is doc 003's ReLU net", () => {
    assert.deepStrictEqual(resolveModel("784-32-32-10").sizes, [784, 32, 32, 10]);
  });
  await t.step("784-100-10 and 784-h-10 are doc 000's sigmoid net in row layout", () => {
    assert.deepStrictEqual(resolveModel("784-100-10"), {
      sizes: [784, 100, 10],
      hidden: "sigmoid",
      layout: "row",
    });
    assert.deepStrictEqual(resolveModel("784-h-10", 64), {
      sizes: [784, 64, 10],
      hidden: "sigmoid",
      layout: "row",
    });
  });
  await t.step("names round-trip", () => {
    for (const name of Object.keys(NAMED_MODELS)) {
      assert.strictEqual(modelName(resolveModel(name)), name);
    }
  });
});

Deno.test("resolveModel() names what is wrong", () => {
  assert.throws(() => resolveModel("784-h-10"), /needs a hidden width: add --hidden N/);
  assert.throws(() => resolveModel("784-h-10", 0), /hidden width is not a whole number/);
  assert.throws(
    () => resolveModel("mlp"),
    /Unknown model "mlp": the names are 784-128-64-10, 784-32-32-10, 784-100-10, or 784-h-10 with --hidden N/,
  );
  assert.throws(() => resolveModel("784-010-10"), /Unknown model/);
});

Deno.test("resolveModel() refuses a width list as a name, pointing to --layers", () => {
  // 784-99-10 once became a sigmoid row network without a word
  assert.throws(
    () => resolveModel("784-99-10"),
    /^RangeError: Unknown model "784-99-10": the names are .*; any other network is --layers W0,W1,…,WL, e\.g\. --layers 784,99,10$/,
  );
});
