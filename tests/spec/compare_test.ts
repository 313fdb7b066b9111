/**
 * Unit tests for src/spec/compare.ts: special values told apart, the sign of zero under an exact tolerance,
 * the |got − expected| ≤ atol + rtol·|expected| boundary, the choice of the worst element, and the
 * exact text of failure reports.
 */
import assert from "node:assert";
import { compareMatrices, describeMismatch, fmt, isClose } from "../../src/spec/compare.ts";
import { Matrix } from "../../src/reference/matrix.ts";

const EXACT = { rtol: 0, atol: 0 };
const LOOSE = { rtol: 1, atol: 1 };

Deno.test("isClose() tells special values apart", async (t) => {
  await t.step("isClose() matches NaN with NaN only", () => {
    assert.ok(isClose(NaN, NaN, EXACT));
    assert.ok(!isClose(NaN, 0, LOOSE));
    assert.ok(!isClose(0, NaN, LOOSE));
    assert.ok(!isClose(NaN, Infinity, LOOSE));
  });

  await t.step("isClose() matches each infinity with itself only", () => {
    assert.ok(isClose(Infinity, Infinity, EXACT));
    assert.ok(isClose(-Infinity, -Infinity, EXACT));
    assert.ok(!isClose(Infinity, -Infinity, LOOSE));
    assert.ok(!isClose(Infinity, Number.MAX_VALUE, { rtol: 1e300, atol: 1e300 }));
    assert.ok(!isClose(Number.MAX_VALUE, Infinity, { rtol: 1e300, atol: 1e300 }));
  });

  await t.step("isClose() with an exact tolerance counts the sign of zero", () => {
    assert.ok(isClose(0, 0, EXACT));
    assert.ok(isClose(-0, -0, EXACT));
    assert.ok(!isClose(-0, 0, EXACT));
    assert.ok(!isClose(0, -0, EXACT));
  });

  await t.step("isClose() with any nonzero tolerance takes +0 and −0 as equal", () => {
    assert.ok(isClose(-0, 0, { rtol: 1e-15, atol: 0 }));
    assert.ok(isClose(0, -0, { rtol: 0, atol: 1e-300 }));
  });

  await t.step("isClose() with an exact tolerance rejects the next double", () => {
    assert.ok(!isClose(1 + Number.EPSILON, 1, EXACT));
    assert.ok(!isClose(Number.MIN_VALUE, 0, EXACT));
  });
});

Deno.test("isClose() allows |got − expected| ≤ atol + rtol·|expected|", async (t) => {
  await t.step("isClose() includes the boundary and excludes beyond it", () => {
    assert.ok(isClose(1.5, 1, { rtol: 0, atol: 0.5 }));
    assert.ok(!isClose(1.5000000000000002, 1, { rtol: 0, atol: 0.5 }));
    assert.ok(isClose(3, 2, { rtol: 0.25, atol: 0.5 })); // 1 ≤ 0.5 + 0.25·2
    assert.ok(!isClose(3.0000000000000004, 2, { rtol: 0.25, atol: 0.5 }));
  });

  await t.step("isClose() scales rtol by |expected|, not |got|", () => {
    assert.ok(isClose(1, 2, { rtol: 0.5, atol: 0 })); // |1 − 2| ≤ 0.5·2
    assert.ok(!isClose(2, 1, { rtol: 0.5, atol: 0 })); // |2 − 1| > 0.5·1
    assert.ok(isClose(-1, -2, { rtol: 0.5, atol: 0 }));
  });

  await t.step("isClose() with atol alone accepts near zero", () => {
    assert.ok(isClose(1e-20, 0, { rtol: 1e-9, atol: 1e-18 }));
    assert.ok(!isClose(1e-20, 0, { rtol: 1e-9, atol: 0 }));
  });
});

Deno.test("compareMatrices() counts failures and names the worst", async (t) => {
  await t.step("compareMatrices() of equal matrices is ok with no worst element", () => {
    const c = compareMatrices(
      Matrix.from([[1, NaN], [-0, Infinity]]),
      Matrix.from([[1, NaN], [-0, Infinity]]),
      EXACT,
    );
    assert.deepStrictEqual(c, { ok: true, failures: 0, total: 4, worst: undefined });
  });

  await t.step("compareMatrices() reports index, expected, got, abs and rel error", () => {
    const c = compareMatrices(Matrix.from([[1, 2], [3, 4.5]]), Matrix.from([[1, 2], [3, 4]]), {
      rtol: 0,
      atol: 0.1,
    });
    assert.strictEqual(c.ok, false);
    assert.strictEqual(c.failures, 1);
    assert.strictEqual(c.total, 4);
    assert.deepStrictEqual(c.worst, {
      index: [1, 1],
      expected: 4,
      got: 4.5,
      absError: 0.5,
      relError: 0.125,
    });
  });

  await t.step("compareMatrices() chooses the worst by error over allowance, not by error", () => {
    // [0,0] is off by 10 with an allowance of 1 (10×); [0,1] is off by 0.5 with an allowance of 1e−3 (500×).
    const tol = { rtol: 1e-3, atol: 0 };
    const c = compareMatrices(Matrix.from([[1010, 1.5]]), Matrix.from([[1000, 1]]), tol);
    assert.strictEqual(c.failures, 2);
    assert.deepStrictEqual(c.worst?.index, [0, 1]);
    assert.strictEqual(c.worst?.absError, 0.5);
  });

  await t.step("compareMatrices() ranks a wrong special value above any finite error", () => {
    const c = compareMatrices(
      Matrix.from([[1e6, 1, NaN]]),
      Matrix.from([[0, 1, 2]]),
      { rtol: 0, atol: 1 },
    );
    assert.strictEqual(c.failures, 2);
    assert.deepStrictEqual(c.worst?.index, [0, 2]);
    assert.ok(Number.isNaN(c.worst?.got));
  });

  await t.step("compareMatrices() keeps the first of equally bad elements", () => {
    const c = compareMatrices(Matrix.from([[0, NaN, -Infinity]]), Matrix.from([[0, 1, 1]]), LOOSE);
    assert.deepStrictEqual(c.worst?.index, [0, 1]);
  });

  await t.step("compareMatrices() reports an infinite relative error against expected 0", () => {
    const c = compareMatrices(Matrix.from([[0.5]]), Matrix.from([[0]]), EXACT);
    assert.strictEqual(c.worst?.relError, Infinity);
    assert.strictEqual(c.worst?.absError, 0.5);
  });

  await t.step("compareMatrices() flags −0 against +0 under an exact tolerance", () => {
    const c = compareMatrices(Matrix.from([[-0]]), Matrix.from([[0]]), EXACT);
    assert.strictEqual(c.ok, false);
    assert.deepStrictEqual(c.worst, {
      index: [0, 0],
      expected: 0,
      got: -0,
      absError: 0,
      relError: 0,
    });
  });

  await t.step("compareMatrices() rejects different shapes without comparing", () => {
    const c = compareMatrices(Matrix.from([[1, 2]]), Matrix.column([1, 2]), LOOSE);
    assert.deepStrictEqual(c, {
      ok: false,
      failures: 0,
      total: 0,
      shapeError: "got 1×2, expected 2×1",
    });
  });
});

Deno.test("describeMismatch() writes one pinned line", async (t) => {
  await t.step("describeMismatch() of a numeric mismatch", () => {
    const c = compareMatrices(Matrix.from([[1, 2], [3, 4.5]]), Matrix.from([[1, 2], [3, 4]]), {
      rtol: 0,
      atol: 0.1,
    });
    assert.strictEqual(
      describeMismatch(c, "layers[1].dW"),
      "layers[1].dW[1,1]: expected 4, got 4.5 (abs 0.5, rel 0.125); 1 of 4 elements out of tolerance",
    );
  });

  await t.step("describeMismatch() rounds to six significant digits", () => {
    const c = compareMatrices(Matrix.from([[2 / 3]]), Matrix.from([[1 / 3]]), EXACT);
    assert.strictEqual(
      describeMismatch(c, "a"),
      "a[0,0]: expected 0.333333, got 0.666667 (abs 0.333333, rel 1); 1 of 1 elements out of tolerance",
    );
  });

  await t.step("describeMismatch() spells out NaN, Infinity and −0", () => {
    const nan = compareMatrices(Matrix.from([[NaN]]), Matrix.from([[1]]), LOOSE);
    assert.strictEqual(
      describeMismatch(nan, "z"),
      "z[0,0]: expected 1, got NaN (abs NaN, rel NaN); 1 of 1 elements out of tolerance",
    );
    const zero = compareMatrices(Matrix.from([[-0]]), Matrix.from([[0]]), EXACT);
    assert.strictEqual(
      describeMismatch(zero, "b"),
      "b[0,0]: expected 0, got -0 (abs 0, rel 0); 1 of 1 elements out of tolerance",
    );
    const inf = compareMatrices(Matrix.from([[-Infinity]]), Matrix.from([[0]]), LOOSE);
    assert.strictEqual(
      describeMismatch(inf, "p"),
      "p[0,0]: expected 0, got -Infinity (abs Infinity, rel Infinity); 1 of 1 elements out of tolerance",
    );
  });

  await t.step("describeMismatch() of a shape mismatch and of a match", () => {
    const bad = compareMatrices(Matrix.from([[1, 2]]), Matrix.column([1, 2]), LOOSE);
    assert.strictEqual(describeMismatch(bad, "W"), "W: shape mismatch, got 1×2, expected 2×1");
    const good = compareMatrices(Matrix.from([[1]]), Matrix.from([[1]]), EXACT);
    assert.strictEqual(describeMismatch(good, "W"), "W: ok");
  });

  await t.step("fmt() prints six significant digits and special values", () => {
    assert.strictEqual(fmt(0.1), "0.1");
    assert.strictEqual(fmt(123456789), "123457000");
    assert.strictEqual(fmt(1e-7), "1e-7");
    assert.strictEqual(fmt(-2.5e-300), "-2.5e-300");
    assert.strictEqual(fmt(-0), "-0");
    assert.strictEqual(fmt(0), "0");
    assert.strictEqual(fmt(NaN), "NaN");
    assert.strictEqual(fmt(Infinity), "Infinity");
    assert.strictEqual(fmt(-Infinity), "-Infinity");
  });
});
