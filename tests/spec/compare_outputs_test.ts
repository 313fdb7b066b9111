import assert from "node:assert";
import { compareOutputs } from "../../src/spec/compare_outputs.ts";

const exact = { rtol: 0, atol: 0 };
const close = { rtol: 1e-12, atol: 1e-14 };

Deno.test("compareOutputs() follows the expected structure field by field", async (t) => {
  await t.step("agreeing outputs, extra fields ignored", () => {
    const r = compareOutputs(
      { z: [[1], [2]], a: [[0.5]], extra: 1 },
      { z: [[1], [2]], a: [[0.5]] },
      close,
    );
    assert.strictEqual(r.ok, true);
    assert.deepStrictEqual(r.fields.map((f) => f.path), ["z", "a"]);
  });
  await t.step("a missing field", () => {
    const r = compareOutputs({ z: [[1]] }, { z: [[1]], a: [[1]] }, close);
    assert.deepStrictEqual(r.fields[1], {
      path: "a",
      ok: false,
      scalar: false,
      problem: "missing",
    });
  });
  await t.step("a matrix where the loss belongs", () => {
    const r = compareOutputs({ loss: [[1, 2]] }, { loss: 1.5 }, close);
    assert.match(
      r.fields[0].problem!,
      /expected a single number, got an array \[\[1,2\]\]: not reduced over the batch\?/,
    );
  });
  await t.step("a list of the wrong length", () => {
    const r = compareOutputs({ dW: [[[1]]] }, { dW: [[[1]], [[2]]] }, close);
    assert.strictEqual(r.fields[0].problem, "expected a list of 2, got a list of 1");
  });
  await t.step("NaN is only equal to NaN, Infinity only to Infinity", () => {
    assert.strictEqual(compareOutputs({ loss: "NaN" }, { loss: "NaN" }, exact).ok, true);
    assert.strictEqual(
      compareOutputs({ loss: "Infinity" }, { loss: "NaN" }, { rtol: 1, atol: 1 }).ok,
      false,
    );
    assert.strictEqual(
      compareOutputs({ loss: 1e308 }, { loss: "Infinity" }, { rtol: 1, atol: 1 }).ok,
      false,
    );
  });
  await t.step(
    "the sign of zero counts under an exact tolerance, and -0 may come as a JSON number",
    () => {
      assert.strictEqual(compareOutputs({ a: [[0]] }, { a: [["-0"]] }, exact).ok, false);
      assert.strictEqual(
        compareOutputs(JSON.parse('{"a":[[-0.0]]}'), { a: [["-0"]] }, exact).ok,
        true,
      );
      assert.strictEqual(compareOutputs({ a: [[0]] }, { a: [["-0"]] }, close).ok, true);
    },
  );
  await t.step("a network: matrices compared, activation names matched", () => {
    const net = (w: number, act: string) => ({ layers: [{ W: [[w]], b: [[0]], activation: act }] });
    const r = compareOutputs({ network: net(1, "tanh") }, { network: net(2, "relu") }, close);
    assert.deepStrictEqual(r.fields.map((f) => [f.path, f.ok]), [
      ["network.layers[0].W", false],
      ["network.layers[0].b", true],
      ["network.layers[0].activation", false],
    ]);
    assert.strictEqual(r.fields[2].problem, 'expected "relu", got "tanh"');
  });
  await t.step("the worst element over all fields, by error over allowance", () => {
    const r = compareOutputs({ z: [[1.1, 5]], a: [[100]] }, { z: [[1, 4]], a: [[99]] }, {
      rtol: 0.01,
      atol: 0,
    });
    assert.strictEqual(r.worst?.path, "z");
    assert.deepStrictEqual(r.worst?.mismatch.index, [0, 1]);
  });
});
