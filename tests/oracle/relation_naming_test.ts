import assert from "node:assert";
import { compareOutputs } from "../../src/spec/compare_outputs.ts";
import { nameByRelations } from "../../src/oracle/relation_naming.ts";
import { predictRelationMistake } from "../../src/oracle/mistake_predictions.ts";
import { type MistakeId, MISTAKES } from "../../src/oracle/mistakes.ts";
import { evaluateJson } from "../../src/spec/evaluate.ts";

const tolerance = { rtol: 1e-9, atol: 1e-12 };
const network = {
  layers: [
    { W: [[0.5, -1], [0.3, 0.1], [1, 0.3]], b: [[0.1], [0], [-0.2]], activation: "tanh" },
    { W: [[1, 2, -0.5], [0.7, -1, 0.4]], b: [[0.1], [-0.1]], activation: "sigmoid" },
  ],
};
const inputs = {
  network,
  x: [[1, 2, 3, 0.5], [0, 1, 0, 2]],
  y: [[1, 0, 1, 0], [0, 1, 0, 1]],
  cost: "quadratic_half",
};
const mistake = (id: MistakeId) => MISTAKES.find((m) => m.id === id)!;

function verdicts(op: "backward" | "sgd_step", ins: Record<string, unknown>, got: unknown) {
  const expected = evaluateJson(op, ins as never, "column");
  const comparison = compareOutputs(got, expected, tolerance);
  assert.ok(!comparison.ok);
  const v = nameByRelations(
    { op, layout: "column", inputs: ins, got, tolerance, comparison },
    tolerance,
  );
  return {
    named: v.filter((x) => x.fit === "named").map((x) => x.mistake.id),
    partial: v.filter((x) => x.fit === "partial").map((x) => x.mistake.id),
  };
}

Deno.test("nameByRelations() names a mistake only when it explains every wrong value", async (t) => {
  await t.step("each relation mistake's own answer names it", () => {
    for (
      const id of [
        "bias-wrong-axis",
        "batch-mean-twice",
        "tanh-prime-missing-square",
      ] as const
    ) {
      const got = predictRelationMistake(mistake(id), { op: "backward", layout: "column", inputs });
      assert.ok(verdicts("backward", inputs, got).named.includes(id), id);
    }
    // W² is 2×3: W² δ² cannot be formed, so the untransposed recursion cannot happen here
    assert.throws(() =>
      predictRelationMistake(mistake("delta-recursion-untransposed"), {
        op: "backward",
        layout: "column",
        inputs,
      })
    );
  });
  await t.step("a second wrong value it does not explain makes it partial", () => {
    const got = predictRelationMistake(mistake("gradient-doubled"), {
      op: "backward",
      layout: "column",
      inputs,
    }) as { delta: number[][][] };
    got.delta[0][0][0] += 0.5; // a wrong δ that doubling dW and db does not explain
    const v = verdicts("backward", inputs, got);
    assert.ok(!v.named.includes("gradient-doubled"), JSON.stringify(v));
    assert.ok(v.partial.includes("gradient-doubled"), JSON.stringify(v));
  });
  await t.step("a reported gradient that contradicts a mistake keeps it unnamed", () => {
    const ins = { ...inputs, lr: 0.3 };
    const ascent = predictRelationMistake(mistake("gradient-ascent"), {
      op: "sgd_step",
      layout: "column",
      inputs: ins,
    }) as Record<string, unknown>;
    // without gradients, a flipped δ steps the same way as an ascent: both fit
    assert.deepStrictEqual(verdicts("sgd_step", ins, ascent).named.sort(), [
      "gradient-ascent",
      "output-delta-sign-flipped",
    ]);
    // with the right dW and db reported beside the step, only the ascent fits
    const grads = evaluateJson("backward", inputs as never, "column") as Record<string, unknown>;
    const got = { ...ascent, dW: grads.dW, db: grads.db };
    assert.deepStrictEqual(verdicts("sgd_step", ins, got).named, ["gradient-ascent"]);
  });
});
