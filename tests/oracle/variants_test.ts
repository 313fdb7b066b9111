import assert from "node:assert";
import type { FixtureCase } from "../../src/spec/case_file.ts";
import { listFixtureFiles, readFixtureFile } from "../../src/spec/case_file.ts";
import { resolveTolerance } from "../../src/spec/tolerance.ts";
import { compareOutputs } from "../../src/spec/compare_outputs.ts";
import { type MistakeId, MISTAKES } from "../../src/oracle/mistakes.ts";
import { type Change, evaluateVariant } from "../../src/oracle/variants.ts";
import { testCases } from "./cases_for_tests.ts";

async function fixtureCases(): Promise<FixtureCase[]> {
  const files = await listFixtureFiles("fixtures").catch(() => []);
  const loaded = await Promise.all(files.map(readFixtureFile));
  return loaded.flatMap((f) => f.cases);
}

Deno.test("evaluateVariant() with no change agrees with every case's expected outputs", async () => {
  const cases = [...testCases(), ...(await fixtureCases())];
  for (const c of cases) {
    const got = evaluateVariant(c.op, {
      layout: c.layout,
      inputs: c.inputs as Record<string, unknown>,
    });
    const tol = resolveTolerance(c.tolerance, c.printed?.decimals);
    const wide = { rtol: Math.max(tol.rtol, 1e-11), atol: Math.max(tol.atol, 1e-13) };
    const r = compareOutputs(got, c.expected, wide);
    assert.ok(r.ok, `${c.id}: ${JSON.stringify(r.fields.filter((f) => !f.ok))}`);
  }
});

Deno.test("evaluateVariant() reproduces each mistake on a small example", async (t) => {
  // 3 inputs, 2 hidden units, 2 outputs, N = 4: no dW is square where a transpose would hide
  const net = {
    layers: [
      { W: [[1, -1, 0.5], [0, 0, 0]], b: [[0], [0]], activation: "relu" },
      { W: [[1, 2], [3, -1]], b: [[0], [0]], activation: "softmax" },
    ],
  };
  const inputs = {
    network: net,
    x: [[1, 2, 3, 0.5], [0, 1, 0, 2], [1, -1, 0, 1]],
    y: [[1, 0, 1, 0], [0, 1, 0, 1]],
    cost: "cross_entropy",
  };
  const run = (id: MistakeId) =>
    evaluateVariant("backward", { layout: "column", inputs }, change(id)) as Grads;
  const right = evaluateVariant("backward", { layout: "column", inputs }) as Grads;
  await t.step("forgetting 1/N multiplies dW by N", () => {
    const wrong = run("forgot-batch-mean");
    const r = compareOutputs(
      wrong.dW[1],
      right.dW[1].map((row) => row.map((x) => 4 * (x as number))),
      { rtol: 1e-12, atol: 1e-15 },
    );
    assert.ok(r.ok);
  });
  await t.step("dW transposed has the transposed shape and values", () => {
    const wrong = run("dw-transposed");
    assert.deepStrictEqual(shape(right.dW[0]), [2, 3]);
    assert.deepStrictEqual(shape(wrong.dW[0]), [3, 2]);
    for (const l of [0, 1]) {
      const r = compareOutputs(wrong.dW[l], transposed(right.dW[l]), { rtol: 0, atol: 0 });
      assert.ok(r.ok, `dW[${l}]`);
    }
  });
  await t.step("ReLU′(0) = 1 lets δ through the unit whose z is 0", () => {
    const wrong = run("relu-prime-at-zero");
    const zero = (x: unknown) => x === 0 || x === "-0";
    assert.ok(right.delta[0][1].every(zero));
    assert.ok(!wrong.delta[0][1].every(zero));
  });
  await t.step("db from one sample keeps the shape of b", () => {
    const wrong = run("bias-one-sample");
    assert.deepStrictEqual(wrong.db[1], [[right.delta[1][0][0]], [right.delta[1][1][0]]]);
  });
});

type Rows = unknown[][];
type Grads = { dW: Rows[]; db: Rows[]; delta: Rows[] };
const shape = (m: Rows) => [m.length, m[0].length];
const transposed = (m: Rows) => m[0].map((_, j) => m.map((r) => r[j]));
/** What a mistake of the catalogue changes. */
const change = (id: MistakeId): Change => MISTAKES.find((m) => m.id === id)!.steps![0].change;
