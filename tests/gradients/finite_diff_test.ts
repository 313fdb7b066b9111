/**
 * Unit tests for src/gradients/finite_diff.ts: the step follows the error model (∛(3ε)·max(1,|x|), a power of
 * two), the central difference is second order and Richardson fourth order, the chosen step beats
 * both a larger (truncation-bound) and a smaller (rounding-bound) one, and the one-sided slopes
 * bracket a kink.
 */
import assert from "node:assert";
import {
  centralDifference,
  centralStep,
  derivativeEstimates,
  EPSILON,
  richardson,
} from "../../src/gradients/finite_diff.ts";

Deno.test("centralStep() follows the error model", async (t) => {
  await t.step("is a power of two within √2 of ∛(3ε)·max(1, |x|)", () => {
    for (const x of [0, 1e-8, -0.3, 1, 2.5, -17, 1e3, 6.02e23]) {
      const h = centralStep(x);
      const ideal = Math.cbrt(3 * EPSILON) * Math.max(1, Math.abs(x));
      assert.ok(Number.isInteger(Math.log2(h)), `h = ${h} at x = ${x} is not a power of two`);
      assert.ok(h / ideal < Math.SQRT2 && ideal / h < Math.SQRT2, `h = ${h}, ideal ${ideal}`);
    }
  });

  await t.step("does not shrink below the unit scale for small |x|", () => {
    assert.strictEqual(centralStep(0), centralStep(1e-300));
    assert.strictEqual(centralStep(0), 2 ** -17);
  });

  await t.step("makes x ± h and x ± h/2 exact floats", () => {
    for (const x of [0.1, -0.7, 3.3, 123.456]) {
      const h = centralStep(x);
      for (const s of [h, h / 2, -h, -h / 2]) {
        assert.strictEqual(x + s - x, s, `x = ${x}, s = ${s}`);
      }
    }
  });

  await t.step("rejects a non-finite x", () => {
    assert.throws(() => centralStep(NaN), { name: "RangeError", message: /x = NaN/ });
    assert.throws(() => centralStep(Infinity), RangeError);
  });
});

Deno.test("derivativeEstimates() evaluates five points and derives every estimate", async (t) => {
  await t.step("evaluates f at x − h, x − h/2, x, x + h/2, x + h in that order", () => {
    const seen: number[] = [];
    const d = derivativeEstimates((x) => (seen.push(x), x * x), 3, 0.25);
    assert.deepStrictEqual(seen, [2.75, 2.875, 3, 3.125, 3.25]);
    assert.deepStrictEqual(d.values, seen.map((x) => x * x));
    assert.strictEqual(d.h, 0.25);
  });

  await t.step("the central difference is exact for a quadratic (f‴ = 0)", () => {
    const d = derivativeEstimates((x) => 5 * x * x - 3 * x + 1, 2, 0.5);
    assert.strictEqual(d.central, 17);
    assert.strictEqual(d.centralHalf, 17);
    assert.strictEqual(d.richardson, 17);
  });

  await t.step("the one-sided slopes are off by ∓h·f″/2 for a quadratic", () => {
    const d = derivativeEstimates((x) => x * x, 1, 0.5); // f′ = 2, f″ = 2
    assert.strictEqual(d.left, 1.5);
    assert.strictEqual(d.right, 2.5);
    assert.strictEqual(d.leftHalf, 1.75);
    assert.strictEqual(d.rightHalf, 2.25);
  });

  await t.step("Richardson removes the h² term: exact for a cubic, where D(h) is off by h²", () => {
    const d = derivativeEstimates((x) => x ** 3, 2, 0.5); // f′ = 12, f‴ = 6, h²f‴/6 = 0.25
    assert.strictEqual(d.central, 12.25);
    assert.strictEqual(d.centralHalf, 12.0625);
    assert.strictEqual(d.richardson, 12);
  });

  await t.step("the central error falls as h² and the Richardson error as h⁴", () => {
    const err = (h: number) => {
      const d = derivativeEstimates(Math.sin, 1, h);
      return [Math.abs(d.central - Math.cos(1)), Math.abs(d.richardson - Math.cos(1))];
    };
    const [c1, r1] = err(0.1);
    const [c2, r2] = err(0.05);
    assert.ok(Math.abs(c1 / c2 - 4) < 0.05, `central ratio ${c1 / c2}`);
    assert.ok(Math.abs(r1 / r2 - 16) < 0.5, `Richardson ratio ${r1 / r2}`);
  });

  await t.step("roundoff is 3ε·max|f|/h", () => {
    const d = derivativeEstimates((x) => 1e6 + x, 0, 2 ** -10);
    assert.strictEqual(d.roundoff, 3 * EPSILON * (1e6 + 2 ** -10) / 2 ** -10);
  });

  await t.step("rejects a step that is not a positive finite number", () => {
    for (const h of [0, -1, NaN, Infinity]) {
      assert.throws(() => derivativeEstimates(Math.exp, 0, h), { name: "RangeError" });
    }
  });
});

Deno.test("the chosen step balances truncation against rounding", async (t) => {
  const cases: [string, (x: number) => number, number, number][] = [
    ["exp at 1", Math.exp, 1, Math.E],
    ["sin at 0.7", Math.sin, 0.7, Math.cos(0.7)],
    ["log at 3", Math.log, 3, 1 / 3],
    ["x⁵ at 1.3", (x) => x ** 5, 1.3, 5 * 1.3 ** 4],
  ];
  for (const [name, f, x, exact] of cases) {
    await t.step(`${name}: the central difference at h is better than at 100h or h/1000`, () => {
      const h = centralStep(x);
      const e = (s: number) => Math.abs(centralDifference(f, x, s) - exact) / Math.abs(exact);
      assert.ok(e(h) < 1e-9, `relative error ${e(h)} at the chosen step`);
      assert.ok(e(h) < e(100 * h), `truncation-bound step: ${e(100 * h)} vs ${e(h)}`);
      assert.ok(e(h) < e(h / 1000), `rounding-bound step: ${e(h / 1000)} vs ${e(h)}`);
    });
    await t.step(`${name}: Richardson at the chosen step is within its roundoff estimate`, () => {
      const d = derivativeEstimates(f, x);
      assert.ok(Math.abs(d.richardson - exact) <= 4 * d.roundoff, `${d.richardson} vs ${exact}`);
      assert.strictEqual(richardson(f, x), d.richardson);
      assert.strictEqual(centralDifference(f, x), d.central);
    });
  }
});

Deno.test("derivativeEstimates() at a kink: the one-sided slopes bracket both derivatives", () => {
  const d = derivativeEstimates(Math.abs, 0);
  assert.strictEqual(d.left, -1);
  assert.strictEqual(d.right, 1);
  assert.strictEqual(d.central, 0);
  const shifted = derivativeEstimates((x) => Math.max(0, x - 2 ** -19), 0); // kink at h/4
  assert.strictEqual(shifted.left, 0);
  assert.strictEqual(shifted.right, 0.75);
  assert.notStrictEqual(shifted.richardson, 0); // neither side's slope: a quotient is no derivative
  assert.notStrictEqual(shifted.richardson, 1);
});
