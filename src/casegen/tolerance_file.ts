/**
 * fixtures/tolerances.json: the tolerance classes as data, beside the cases that name them, so that a
 * runner in any language (examples/python/test_fixtures.py) compares as the oracle does without
 * reading this code. Generated from src/spec/tolerance.ts; `deno task fixtures -- --check` keeps it so.
 *
 * @module
 */
import { FLOAT32_TOLERANCE, TOLERANCE_CLASSES } from "../spec/tolerance.ts";
import type { JsonValue } from "../spec/json.ts";

/** The `format` of fixtures/tolerances.json. */
export const TOLERANCES_FORMAT = "nn-oracle-tolerances/1";

/**
 * The contents of fixtures/tolerances.json.
 *
 * @returns A JSON value: the rule, every class a fixture case may name, and the float32 widening.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const t = toleranceFile() as { classes: Record<string, { rtol: number; atol: number | null }> };
 * assert.deepStrictEqual([t.classes.closed_form.rtol, t.classes.closed_form.atol], [1e-12, 1e-14]);
 * assert.strictEqual(t.classes.printed.atol, null);
 * assert.ok(!("training" in t.classes));
 * ```
 */
export function toleranceFile(): JsonValue {
  const classes: Record<string, JsonValue> = {};
  for (const [name, info] of Object.entries(TOLERANCE_CLASSES)) {
    if (!info.inFixtures) continue;
    classes[name] = {
      rtol: info.rtol,
      // a printed case's atol follows from its decimals, stated in the case (`printed.decimals`)
      atol: Number.isNaN(info.atol) ? null : info.atol,
      reason: info.reason,
    };
  }
  return {
    format: TOLERANCES_FORMAT,
    rule: "a number agrees when |got - expected| <= atol + rtol*|expected|, after NaN, +Infinity " +
      "and -Infinity are matched exactly (and, in the exact class, the sign of zero); a case's own " +
      "rtol or atol overrides its class's",
    printed: "atol = 0.5 * 10^-decimals, with decimals from the case's printed.decimals",
    classes,
    float32: {
      rtol: FLOAT32_TOLERANCE.rtol,
      atol: FLOAT32_TOLERANCE.atol,
      rule: "for a float32 implementation every tolerance is widened to at least this rtol and " +
        "atol, except an exact case whose expected values are all float32 numbers; cases whose " +
        "inputs float32 cannot hold (|x| > 3.4e38, or 0 < |x| < 1.2e-38) are not sent",
    },
  };
}
