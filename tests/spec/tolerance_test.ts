/**
 * Unit tests for src/spec/tolerance.ts: the class defaults of fixtures/SCHEMA.md with their reasons, per-case
 * overrides, the printed class, and reading a `tolerance` field from JSON.
 */
import assert from "node:assert";
import { isClose } from "../../src/spec/compare.ts";
import {
  isToleranceClass,
  parseToleranceSpec,
  printedAtol,
  resolveTolerance,
  TOLERANCE_CLASSES,
} from "../../src/spec/tolerance.ts";

Deno.test("TOLERANCE_CLASSES holds the defaults of the fixture spec, each with a reason", async (t) => {
  await t.step("the numeric defaults are the spec's", () => {
    const defaults = Object.fromEntries(
      Object.entries(TOLERANCE_CLASSES).map(([k, c]) => [k, [c.rtol, c.atol]]),
    );
    assert.deepStrictEqual(defaults, {
      exact: [0, 0],
      closed_form: [1e-12, 1e-14],
      identity: [1e-9, 1e-12],
      printed: [0, NaN],
      finite_difference: [1e-6, 1e-9],
      training: [0, 0],
    });
  });

  await t.step("every class says why it allows what it allows", () => {
    for (const [name, c] of Object.entries(TOLERANCE_CLASSES)) {
      assert.ok(c.reason.length > 20, `${name} has a reason`);
    }
  });

  await t.step("only training is kept out of fixture files", () => {
    const out = Object.entries(TOLERANCE_CLASSES).filter(([, c]) => !c.inFixtures).map(([n]) => n);
    assert.deepStrictEqual(out, ["training"]);
  });

  await t.step(
    "the classes are ordered from strictest to loosest among per-number tolerances",
    () => {
      const { exact, closed_form, identity, finite_difference } = TOLERANCE_CLASSES;
      const chain = [exact, closed_form, identity, finite_difference];
      for (let i = 1; i < chain.length; i++) {
        assert.ok(chain[i].rtol > chain[i - 1].rtol && chain[i].atol > chain[i - 1].atol);
      }
    },
  );
});

Deno.test("isToleranceClass() knows the six names and nothing inherited", () => {
  for (const name of Object.keys(TOLERANCE_CLASSES)) assert.ok(isToleranceClass(name));
  for (const name of ["toString", "constructor", "__proto__", "Exact", ""]) {
    assert.ok(!isToleranceClass(name), name);
  }
});

Deno.test("resolveTolerance() applies class defaults, then overrides", async (t) => {
  await t.step("a class alone gives its defaults", () => {
    assert.deepStrictEqual(resolveTolerance({ class: "closed_form" }), {
      rtol: 1e-12,
      atol: 1e-14,
    });
    assert.deepStrictEqual(resolveTolerance({ class: "finite_difference" }), {
      rtol: 1e-6,
      atol: 1e-9,
    });
  });

  await t.step("rtol and atol override independently", () => {
    assert.deepStrictEqual(resolveTolerance({ class: "identity", rtol: 1e-7 }), {
      rtol: 1e-7,
      atol: 1e-12,
    });
    assert.deepStrictEqual(resolveTolerance({ class: "identity", atol: 0 }), {
      rtol: 1e-9,
      atol: 0,
    });
  });

  await t.step("printed takes atol from the decimals printed, unless overridden", () => {
    assert.deepStrictEqual(resolveTolerance({ class: "printed" }, 4), { rtol: 0, atol: 0.00005 });
    assert.deepStrictEqual(resolveTolerance({ class: "printed", atol: 0.05 }), {
      rtol: 0,
      atol: 0.05,
    });
    assert.throws(() => resolveTolerance({ class: "printed" }), {
      name: "RangeError",
      message: /needs the decimals/,
    });
  });

  await t.step("training and unknown classes are refused", () => {
    assert.throws(() => resolveTolerance({ class: "training" }), /not a per-number tolerance/);
    assert.throws(
      () => resolveTolerance({ class: "loose" as "exact" }),
      /Unknown tolerance class "loose"/,
    );
  });

  await t.step("exact counts the sign of zero, closed_form does not", () => {
    assert.ok(!isClose(-0, 0, resolveTolerance({ class: "exact" })));
    assert.ok(isClose(-0, 0, resolveTolerance({ class: "closed_form" })));
    assert.ok(isClose(NaN, NaN, resolveTolerance({ class: "exact" })));
  });

  await t.step("identity allows 1e-9 relative where closed_form does not", () => {
    const [got, expected] = [1 + 5e-10, 1];
    assert.ok(isClose(got, expected, resolveTolerance({ class: "identity" })));
    assert.ok(!isClose(got, expected, resolveTolerance({ class: "closed_form" })));
  });
});

Deno.test("printedAtol() is half a unit in the last printed place", () => {
  assert.strictEqual(printedAtol(0), 0.5);
  assert.strictEqual(printedAtol(1), 0.05);
  assert.strictEqual(printedAtol(4), 0.00005);
  // 0.44305 printed as 0.4431 is within rounding; 0.44304 printed as 0.4431 is not.
  assert.ok(Math.abs(0.4431 - 0.44306) <= printedAtol(4));
  assert.ok(Math.abs(0.4431 - 0.44304) > printedAtol(4));
  for (const bad of [-1, 1.5, 21, NaN]) {
    assert.throws(() => printedAtol(bad), RangeError, String(bad));
  }
});

Deno.test("parseToleranceSpec() reads a tolerance field and names what is wrong", async (t) => {
  await t.step("a class with overrides", () => {
    assert.deepStrictEqual(parseToleranceSpec({ class: "identity", rtol: 1e-8 }, "t"), {
      class: "identity",
      rtol: 1e-8,
    });
    assert.deepStrictEqual(parseToleranceSpec({ class: "exact", atol: 0 }, "t"), {
      class: "exact",
      atol: 0,
    });
  });

  await t.step("not an object", () => {
    for (const v of [null, "exact", ["exact"], 1]) {
      assert.throws(() => parseToleranceSpec(v, "case x: tolerance"), {
        name: "TypeError",
        message: /^case x: tolerance: expected an object/,
      });
    }
  });

  await t.step("an unknown key", () => {
    assert.throws(
      () => parseToleranceSpec({ class: "exact", abs: 1 }, "t"),
      /t: unknown key "abs"/,
    );
  });

  await t.step("an unknown class, a missing class, the training class", () => {
    for (const v of [{ class: "loose" }, {}, { class: "training" }, { class: "toString" }]) {
      assert.throws(() => parseToleranceSpec(v, "t"), {
        name: "RangeError",
        message: /^t\.class: unknown tolerance class .*expected one of exact, closed_form/,
      });
    }
  });

  await t.step("overrides must be finite numbers ≥ 0", () => {
    for (const bad of [-1e-9, "1e-9", null, Infinity, NaN]) {
      assert.throws(
        () => parseToleranceSpec({ class: "exact", rtol: bad }, "t"),
        /t\.rtol: expected a finite number ≥ 0/,
      );
      assert.throws(
        () => parseToleranceSpec({ class: "exact", atol: bad }, "t"),
        /t\.atol: expected a finite number ≥ 0/,
      );
    }
  });
});
