import assert from "node:assert";
import type { FixtureCase } from "../../src/spec/case_file.ts";
import { listFixtureFiles, readFixtureFile } from "../../src/spec/case_file.ts";
import { resolveTolerance } from "../../src/spec/tolerance.ts";
import { compareOutputs } from "../../src/oracle/compare_outputs.ts";
import { evaluateVariant } from "../../src/oracle/variants.ts";
import { testCases } from "./cases_for_tests.ts";

async function fixtureCases(): Promise<FixtureCase[]> {
  const files = await listFixtureFiles("fixtures").catch(() => []);
  const loaded = await Promise.all(files.map(readFixtureFile));
  return loaded.flatMap((f) => f.cases);
}

Deno.test("evaluateVariant() with no switch agrees with every case's expected outputs", async () => {
  const cases = [...testCases(), ...(await fixtureCases())];
  for (const c of cases) {
    const got = evaluateVariant(c.op, {
      layout: c.layout,
      inputs: c.inputs as Record<string, unknown>,
    }, {});
    const tol = resolveTolerance(c.tolerance, c.printed?.decimals);
    const wide = { rtol: Math.max(tol.rtol, 1e-11), atol: Math.max(tol.atol, 1e-13) };
    const r = compareOutputs(got, c.expected, wide);
    assert.ok(r.ok, `${c.id}: ${JSON.stringify(r.fields.filter((f) => !f.ok))}`);
  }
});

Deno.test("evaluateVariant() reproduces each mistake on a small example", async (t) => {
  const net = {
    layers: [
      { W: [[1, -1], [0, 0]], b: [[0], [0]], activation: "relu" },
      { W: [[1, 2], [3, -1]], b: [[0], [0]], activation: "softmax" },
    ],
  };
  const inputs = {
    network: net,
    x: [[1, 2, 3], [0, 1, 0]],
    y: [[1, 0, 1], [0, 1, 0]],
    cost: "cross_entropy",
  };
  const run = (v: Parameters<typeof evaluateVariant>[2]) =>
    evaluateVariant("backward", { layout: "column", inputs }, v);
  const right = run({}) as { dW: unknown[][][]; db: unknown[][][]; delta: unknown[][][] };
  await t.step("forgetting 1/N multiplies dW by N", () => {
    const wrong = run({ batchMean: false }) as typeof right;
    const r = compareOutputs(
      wrong.dW[1],
      (right.dW[1] as number[][]).map((row) => row.map((x) => 3 * x)),
      { rtol: 1e-12, atol: 1e-15 },
    );
    assert.ok(r.ok);
  });
  await t.step("dW transposed has the transposed shape", () => {
    const wrong = run({ dWTransposed: true }) as typeof right;
    assert.deepStrictEqual([wrong.dW[0].length, wrong.dW[0][0].length], [2, 2]);
    assert.deepStrictEqual([(wrong.dW[1] as unknown[][]).length], [2]);
  });
  await t.step("ReLU′(0) = 1 lets δ through the unit whose z is 0", () => {
    const wrong = run({ reluPrimeAtZero: 1 }) as typeof right;
    const zero = (x: unknown) => x === 0 || x === "-0";
    assert.ok(right.delta[0][1].every(zero));
    assert.ok(!wrong.delta[0][1].every(zero));
  });
  await t.step("db from one sample keeps the shape of b", () => {
    const wrong = run({ bias: "first" }) as typeof right;
    assert.deepStrictEqual(wrong.db[1], [[(right.delta[1][0] as number[])[0]], [
      (right.delta[1][1] as number[])[0],
    ]]);
  });
});
