import assert from "node:assert";
import { compareOutputs } from "../../src/spec/compare_outputs.ts";
import { diagnose, type FailedAnswer } from "../../src/oracle/diagnose.ts";
import { type MistakeId, MISTAKES } from "../../src/oracle/mistakes.ts";
import { type Change, evaluateVariant } from "../../src/oracle/variants.ts";
import type { Layout } from "../../src/reference/layout.ts";
import type { OpName } from "../../src/spec/operations.ts";

const tolerance = { rtol: 1e-12, atol: 1e-14 };
const net = {
  layers: [
    {
      W: [[0.5, -1, 0.2], [0, 0, 0], [1, 0.3, -0.7], [0.2, 0.2, 0.9]],
      b: [[0.1], [0], [-0.2], [0.05]],
      activation: "relu",
    },
    { W: [[1, 2, -0.5, 0.3], [0.7, -1, 0.4, 0.1]], b: [[0.1], [-0.1]], activation: "sigmoid" },
  ],
};
const inputs = {
  network: net,
  x: [[1, 2, 3, 0.5, -1], [0, 1, 0, 2, 1], [0.5, -0.5, 1, 1, 0]],
  y: [[1, 0, 1, 0, 1], [0, 1, 0, 1, 0]],
  cost: "quadratic_half",
};
const expected = evaluateVariant("backward", { layout: "column", inputs });

/** What a mistake of the catalogue changes. */
const change = (id: MistakeId): Change => MISTAKES.find((m) => m.id === id)!.steps![0].change;
const SQUARED_FOR_HALF = MISTAKES.find((m) => m.id === "quadratic-convention")!.steps!
  .find((f) => f.variant === "squared")!.change;

function answer(
  got: unknown,
  op: OpName = "backward",
  request: { layout?: Layout; inputs: Record<string, unknown> } = { layout: "column", inputs },
): FailedAnswer {
  const exp = evaluateVariant(op, request);
  return {
    op,
    layout: request.layout,
    inputs: request.inputs,
    expected: exp,
    got,
    tolerance,
    comparison: compareOutputs(got, exp, tolerance),
  };
}
const ids = (v: Change) =>
  diagnose(answer(evaluateVariant("backward", { layout: "column", inputs }, v))).map((d) => d.id);

Deno.test("diagnose() names each mistake of backpropagation from its answer alone", async (t) => {
  const cases: [Change, string][] = [
    ...([
      "forgot-batch-mean",
      "prime-of-a",
      "relu-prime-at-zero",
      "bias-one-sample",
      "hidden-delta-without-derivative",
      "delta-includes-batch-mean",
    ] as const).map((id): [Change, string] => [change(id), id]),
    [SQUARED_FOR_HALF, "quadratic-convention"],
  ];
  for (const [v, id] of cases) {
    await t.step(id, () => assert.strictEqual(ids(v)[0], id));
  }
});

Deno.test("diagnose() names two mistakes made together", () => {
  const got = ids({ ...change("forgot-batch-mean"), ...change("relu-prime-at-zero") });
  assert.deepStrictEqual(got.slice(0, 2).sort(), ["forgot-batch-mean", "relu-prime-at-zero"]);
});

Deno.test("diagnose() explains a transposed shape and the convention of the answer", async (t) => {
  await t.step("dW transposed", () => {
    const d = diagnose(
      answer(evaluateVariant("backward", { layout: "column", inputs }, change("dw-transposed"))),
    );
    assert.strictEqual(d[0].id, "dw-transposed");
    assert.ok(d.some((x) => x.message === "dW[0]: got 3×4, expected 4×3: dW is transposed?"));
  });
  await t.step("db not summed", () => {
    const d = diagnose(
      answer(evaluateVariant("backward", { layout: "column", inputs }, change("bias-not-summed"))),
    );
    assert.strictEqual(d[0].id, "bias-not-summed");
    assert.ok(
      d.some((x) =>
        x.message === "db[0]: got 4×5, expected 4×1: db was not summed over the batch of 5?"
      ),
    );
  });
  await t.step("quadratic convention: which one the answer follows", () => {
    const d = diagnose(
      answer(evaluateVariant("backward", { layout: "column", inputs }, SQUARED_FOR_HALF)),
    );
    assert.strictEqual(d[0].kind, "convention");
    assert.match(
      d[0].message,
      /follows convention "squared" \(C₀ = Σⱼ \(aⱼ − yⱼ\)²\) where "half" \(C₀ = ½ Σⱼ \(aⱼ − yⱼ\)²\) was asked/,
    );
  });
  await t.step("every output transposed: the other layout", () => {
    const p = evaluateVariant("softmax", { layout: "row", inputs: { z: [[1, 2, 3], [0, 0, 5]] } });
    const got = {
      p: [
        [p.p as number[][]].flat().map((r) => r[0]),
        [p.p as number[][]].flat().map((r) => r[1]),
        [p.p as number[][]].flat().map((r) => r[2]),
      ],
    };
    const d = diagnose(
      answer(got, "softmax", { layout: "row", inputs: { z: [[1, 2, 3], [0, 0, 5]] } }),
    );
    assert.strictEqual(d[0].id, "outputs-transposed");
    assert.match(
      d[0].message,
      /answers are in column layout although the request asked for row layout/,
    );
  });
  await t.step("softmax over the wrong axis", () => {
    const request = { layout: "column" as const, inputs: { z: [[1, 2, 3], [0, 0, 5]] } };
    const got = evaluateVariant("softmax", request, change("samples-on-wrong-axis"));
    assert.strictEqual(diagnose(answer(got, "softmax", request))[0].id, "samples-on-wrong-axis");
  });
});

Deno.test("diagnose() falls back to clues when no mistake matches", async (t) => {
  const exp = expected as { delta: number[][][]; dW: number[][][]; db: number[][][] };
  await t.step("a constant factor is named", () => {
    const got = { ...exp, db: exp.db.map((m) => m.map((r) => r.map((x) => 2 * x))) };
    const d = diagnose(answer(got));
    assert.ok(
      d.some((x) =>
        x.id === "factor" && /every wrong value is 2 times the expected one \(2\)/.test(x.message)
      ),
      JSON.stringify(d),
    );
  });
  await t.step("the first broken relation is named, with its layer", () => {
    const delta0 = exp.delta[0].map((r) => r.map((x) => Number(x) + 0.01));
    const got = { ...exp, delta: [delta0, exp.delta[1]] };
    const d = diagnose(answer(got));
    assert.ok(
      d.some((x) =>
        x.id === "relation" &&
        /first relation broken: δˡ = \(Wˡ⁺¹\)ᵀ δˡ⁺¹ ⊙ f′\(zˡ\), layer 1; delta\[0\]/.test(
          x.message,
        ) &&
        /also broken: dW \(layer 1\), db \(layer 1\)/.test(x.message)
      ),
      JSON.stringify(d),
    );
  });
  await t.step("nothing is claimed for noise", () => {
    const got = {
      ...exp,
      dW: exp.dW.map((m) => m.map((r) => r.map((x, j) => x + 0.001 * (j + 1)))),
    };
    assert.ok(diagnose(answer(got)).every((d) => d.kind === "clue"));
  });
});

Deno.test("diagnose() recognises an answer that agrees only to float32 precision", () => {
  const exp = expected as { delta: number[][][]; dW: number[][][]; db: number[][][] };
  const f32 = (m: number[][][]) => m.map((a) => a.map((r) => r.map(Math.fround)));
  const d = diagnose(answer({ delta: f32(exp.delta), dW: f32(exp.dW), db: f32(exp.db) }));
  assert.deepStrictEqual(d.map((x) => x.id), ["float32-precision"]);
});
