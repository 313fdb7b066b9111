import assert from "node:assert";
import {
  dependencies,
  evaluate,
  type Expr,
  expression,
  INTERVALS,
  NUMBERS,
} from "../../src/audit/arith.ts";
import { approx, fixed, isExactAt } from "../../src/audit/format.ts";

Deno.test("INTERVALS bound each operation over its input intervals", async (t) => {
  const iv = (lo: number, hi: number) => ({ lo, hi });
  await t.step("mul takes the extreme products, signs included", () => {
    assert.deepStrictEqual(INTERVALS.mul(iv(-2, 1), iv(3, 4)), iv(-8, 4));
  });
  await t.step("slope a(1 − a) peaks at 1/4 inside an interval holding 1/2", () => {
    const s = INTERVALS.slope(iv(0.4, 0.7));
    assert.ok(Math.abs(s.lo - 0.21) < 1e-15 && s.hi === 0.25, `${s.lo}, ${s.hi}`);
    const r = INTERVALS.slope(iv(0.6, 0.7));
    assert.ok(Math.abs(r.lo - 0.21) < 1e-15 && Math.abs(r.hi - 0.24) < 1e-15);
  });
  await t.step("sigmoid is increasing", () => {
    const r = INTERVALS.sigmoid(iv(-1, 1));
    assert.ok(Math.abs(r.lo + r.hi - 1) < 1e-15 && r.lo < 0.5);
  });
  await t.step("a step over point intervals is the step over numbers", () => {
    const e: Expr = { kind: "lin", terms: [[0.3, "a"], [-0.7, "b"]], bias: 0.05 };
    const v = { a: 0.5597, b: 0.5275 } as Record<string, number>;
    const r = evaluate(e, INTERVALS, (id) => ({ lo: v[id], hi: v[id] }));
    assert.strictEqual(r.lo, evaluate(e, NUMBERS, (id) => v[id]));
  });
});

Deno.test("expression() writes a step the way the document does", () => {
  const show = (
    o: string | number,
  ) => (typeof o === "number" ? String(o) : { d: "−0.1138", a: "0.5597" }[o]!);
  assert.strictEqual(
    expression({ kind: "lin", terms: [[0.3, "d"]], bias: 0 }, show),
    "0.3·(−0.1138)",
  );
  assert.strictEqual(
    expression({ kind: "lin", terms: [[1, "a"], [1, "d"]], bias: 0.05 }, show),
    "0.5597 − 0.1138 + 0.05",
  );
  assert.strictEqual(expression({ kind: "mul", a: "d", b: "a" }, show), "−0.1138·0.5597");
  assert.strictEqual(expression({ kind: "slope", a: "a" }, show), "0.5597·(1 − 0.5597)");
  assert.deepStrictEqual(dependencies({ kind: "lin", terms: [[1, "a"], [2, 0.5]], bias: 0 }), [
    "a",
  ]);
});

Deno.test("fixed() rounds half away from zero, as the documents print", () => {
  assert.strictEqual(fixed(0.00745, 4), "0.0075");
  assert.strictEqual(fixed(-0.02034, 4), "−0.0203");
  assert.strictEqual(fixed(-0.00001, 4), "0.0000");
  assert.ok(isExactAt(0.1 * 0.9 + 0.4 * 0.1 + 0.1, 2));
  assert.strictEqual(approx(0.1 * 0.9 + 0.4 * 0.1 + 0.1, 2), "0.23");
});
