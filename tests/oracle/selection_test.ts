import assert from "node:assert";
import type { FixtureCase } from "../../src/spec/case_file.ts";
import { planCases } from "../../src/oracle/selection.ts";

const base = {
  tolerance: { class: "closed_form" },
  source: { doc: null, section: "" },
  tags: [],
  notes: "",
};
const cases = [
  { id: "s", op: "softmax", layout: "row", inputs: { z: [[0, 1]] }, expected: { p: [[0.3, 0.7]] } },
  {
    id: "q",
    op: "quadratic_cost",
    layout: "column",
    inputs: { a: [[1]], y: [[0]], convention: "mean" },
    expected: { loss: 1 },
  },
  { id: "b", op: "backward", layout: "column", inputs: { cost: "cross_entropy" }, expected: {} },
  {
    id: "tiny",
    op: "relu",
    inputs: { z: [[1e-300]] },
    expected: { a: [[1e-300]] },
    tolerance: { class: "exact" },
  },
  {
    id: "r",
    op: "relu",
    inputs: { z: [[-0.5]] },
    expected: { a: [[0]] },
    tolerance: { class: "exact" },
  },
].map((c) => ({ c: { ...base, ...c } as unknown as FixtureCase, file: "f.json" }));

Deno.test("planCases() sends what the hello announces, in a layout it takes", async (t) => {
  await t.step("float64, column only, no quadratic_mean", () => {
    const plans = planCases(cases, {
      ops: ["softmax", "quadratic_cost", "relu"],
      layouts: ["column"],
      costs: ["cross_entropy"],
      precision: "float64",
    });
    assert.deepStrictEqual(plans.map((p) => p.skip), [
      undefined,
      "cost quadratic_mean not announced",
      "operation backward not announced",
      undefined,
      undefined,
    ]);
    assert.deepStrictEqual(plans[0].send, {
      layout: "column",
      translatedFrom: "row",
      inputs: { z: [[0], [1]] },
      expected: { p: [[0.3], [0.7]] },
      tolerance: { rtol: 1e-12, atol: 1e-14 },
    });
  });
  await t.step(
    "float32: widened tolerances, exact stays exact, unrepresentable inputs skipped",
    () => {
      const plans = planCases(cases, {
        ops: ["softmax", "relu"],
        layouts: ["row", "column"],
        costs: [],
        precision: "float32",
      });
      assert.deepStrictEqual(plans[0].send?.tolerance, { rtol: 1e-4, atol: 1e-6 });
      assert.strictEqual(plans[0].send?.translatedFrom, undefined);
      assert.strictEqual(
        plans[3].skip,
        "input 1e-300 is below the float32 range (float32 implementation)",
      );
      assert.deepStrictEqual(plans[4].send?.tolerance, { rtol: 0, atol: 0 });
    },
  );
});
