import assert from "node:assert";
import { formatSchedule, learningRate, parseSchedule } from "../../src/train/schedule.ts";

Deno.test("learningRate() follows each schedule", async (t) => {
  const at = (epoch: number, step: number) => ({ epoch, step, totalSteps: 100 });
  await t.step("constant", () => {
    assert.strictEqual(learningRate(0.3, { kind: "constant" }, at(9, 99)), 0.3);
  });
  await t.step("step decay drops by the factor every few epochs", () => {
    const s = { kind: "step", every: 2, factor: 0.1 } as const;
    assert.deepStrictEqual([0, 1, 2, 3, 4].map((e) => learningRate(1, s, at(e, 0))), [
      1,
      1,
      0.1,
      0.1,
      0.010000000000000002,
    ]);
  });
  await t.step("cosine falls from η₀ through η₀/2 towards 0", () => {
    const c = { kind: "cosine" } as const;
    assert.strictEqual(learningRate(0.2, c, at(0, 0)), 0.2);
    assert.ok(Math.abs(learningRate(0.2, c, at(0, 50)) - 0.1) < 1e-15);
    const last = learningRate(0.2, c, at(0, 99));
    assert.ok(last > 0 && last < 1e-4, String(last));
    for (let s = 1; s < 100; s++) {
      assert.ok(learningRate(0.2, c, at(0, s)) < learningRate(0.2, c, at(0, s - 1)));
    }
  });
});

Deno.test("parseSchedule() reads the CLI's spellings and names bad ones", () => {
  for (const text of ["constant", "cosine", "step:3:0.5"]) {
    assert.strictEqual(formatSchedule(parseSchedule(text)), text);
  }
  assert.throws(() => parseSchedule("step:0:0.5"), /EVERY must be a whole number of epochs ≥ 1/);
  assert.throws(() => parseSchedule("step:2:1.5"), /FACTOR must lie in \(0, 1\]/);
  assert.throws(() => parseSchedule("step:2"), /Unknown schedule "step:2"/);
});
