import assert from "node:assert";
import { compareOutputs } from "../../src/spec/compare_outputs.ts";
import { localise } from "../../src/oracle/localise.ts";
import { translateInputs } from "../../src/oracle/translate.ts";
import type { Layout } from "../../src/reference/layout.ts";
import { evaluateJson } from "../../src/spec/evaluate.ts";
import type { OpName } from "../../src/spec/operations.ts";

const tolerance = { rtol: 1e-12, atol: 1e-14 };
const network = {
  layers: [
    {
      W: [[0.5, -1, 0.2], [0.3, 0.1, -0.4], [1, 0.3, -0.7]],
      b: [[0.1], [0], [-0.2]],
      activation: "tanh",
    },
    { W: [[1, 2, -0.5], [0.7, -1, 0.4]], b: [[0.1], [-0.1]], activation: "sigmoid" },
  ],
};
const inputs = {
  network,
  x: [[1, 2, 3, 0.5], [0, 1, 0, 2], [0.5, -0.5, 1, 1]],
  y: [[1, 0, 1, 0], [0, 1, 0, 1]],
  cost: "quadratic_half",
};
type Out = Record<string, number[][][]>;

function locate(
  op: OpName,
  ins: Record<string, unknown>,
  edit: (o: Out) => void,
  layout: Layout = "column",
) {
  const expected = evaluateJson(op, ins, layout) as Record<string, unknown>;
  const got = structuredClone(expected) as Out;
  edit(got);
  const comparison = compareOutputs(got, expected, tolerance);
  assert.ok(!comparison.ok, "the edit must break the answer");
  return localise({ op, layout, inputs: ins, got, tolerance, comparison })!;
}
const times = (m: number[][], k: number) => m.map((r) => r.map((x) => k * x));

Deno.test("localise() names the first relation an answer's own numbers break", async (t) => {
  await t.step("δᴸ with a stray factor breaks the output relation, not the recursion", () => {
    const l = locate("backward", inputs, (o) => (o.delta[1] = times(o.delta[1], 3)));
    assert.deepStrictEqual([l.relation, l.layer, l.field], ["delta-output", 2, "delta[1]"]);
    assert.match(l.message, /z and a from the reference's forward pass/);
  });
  await t.step(
    "a hidden δ with its sign flipped breaks the recursion at layer 1",
    () => {
      const l = locate("backward", inputs, (o) => (o.delta[0] = times(o.delta[0], -1)));
      assert.deepStrictEqual([l.relation, l.layer], ["delta-recursion", 1]);
      assert.match(l.message, /also broken: dW \(layer 1\), db \(layer 1\)/);
    },
  );
  await t.step("db over the wrong axis breaks dbˡ = Σₖ δˡₖ / N only", () => {
    const l = locate("backward", inputs, (o) => (o.db[0] = times(o.db[0], 2)));
    assert.deepStrictEqual([l.relation, l.layer, l.failing.length], ["db", 1, 1]);
  });
  await t.step("a reported forward pass is checked first", () => {
    const l = locate("backward", inputs, (o) => {
      const pass = evaluateJson("forward", { network, x: inputs.x }, "column") as Out;
      o.z = pass.z;
      o.a = pass.a.map((m, i) => (i === 1 ? times(m, 1.5) : m));
      o.delta[1] = times(o.delta[1], 1.1); // what a wrong a¹ does downstream
    });
    assert.deepStrictEqual([l.relation, l.layer, l.field], ["a", 2, "a[1]"]);
    assert.match(l.message, /^first relation broken: aˡ = f\(zˡ\), layer 2; a\[1\]\[\d,\d\]/);
  });
  await t.step("a step up the gradient breaks the update", () => {
    const l = locate("sgd_step", { ...inputs, lr: 0.3 }, (o) => {
      const net = o.network as unknown as typeof network;
      net.layers[1].W = network.layers[1].W.map((r, i) =>
        r.map((w, j) => 2 * w - (net.layers[1].W[i][j] as number))
      );
    });
    assert.deepStrictEqual([l.relation, l.layer, l.field], ["update-W", 2, "network.layers[1].W"]);
  });
  await t.step("a loss off by the batch size breaks the cost relation", () => {
    const l = locate("network_cost", inputs, (o) => ((o as unknown as { loss: number }).loss *= 4));
    assert.deepStrictEqual([l.relation, l.field], ["cost", "loss"]);
  });
  await t.step("∂C/∂x without its 1/N breaks ∂C/∂x = (W¹)ᵀ δ¹ / N, δ¹ the reference's", () => {
    const l = locate("input_grad", inputs, (o) => {
      (o as unknown as { dx: number[][] }).dx = times(o.dx as unknown as number[][], 4);
    });
    assert.deepStrictEqual([l.relation, l.layer, l.field], ["input-grad", 1, "dx"]);
    assert.match(l.message, /δ¹ from the reference's backward pass/);
  });
  await t.step("a row-layout answer is localised with the row index", () => {
    const row = translateInputs("backward", inputs);
    const l = locate("backward", row, (o) => (o.dW[0][2][1] += 1), "row");
    assert.deepStrictEqual([l.relation, l.layer], ["dW", 1]);
    assert.match(l.message, /dW\[0\]\[2,1\]: the answer has/);
  });
  await t.step("an operation that is one formula is localised at its worst element", () => {
    const l = locate(
      "softmax",
      { z: [[1, 2], [3, 4]] },
      (o) => ((o.p as unknown as number[][])[1][0] = 0.5),
    );
    assert.strictEqual(l.relation, "op");
    assert.match(l.message, /broken: softmax: p = .*; p\[1,0\]: the answer has 0\.5/);
  });
});

Deno.test("localise() says nothing about an answer that agrees", () => {
  const expected = evaluateJson("backward", inputs, "column");
  const comparison = compareOutputs(expected, expected, tolerance);
  assert.strictEqual(
    localise({ op: "backward", layout: "column", inputs, got: expected, tolerance, comparison }),
    undefined,
  );
});
