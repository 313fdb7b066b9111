import assert from "node:assert";
import { otherLayout } from "../../src/reference/layout.ts";
import { OPERATIONS } from "../../src/spec/operations.ts";
import { evaluateJson } from "../../src/spec/evaluate.ts";
import { compareOutputs } from "../../src/spec/compare_outputs.ts";
import { translateInputs, translateOutputs } from "../../src/oracle/translate.ts";
import { testCases } from "./cases_for_tests.ts";

Deno.test("a translated case is the reference's answer in the other layout", () => {
  for (const c of testCases().filter((c) => c.layout)) {
    const layout = otherLayout(c.layout!);
    const inputs = translateInputs(c.op, c.inputs as Record<string, unknown>);
    const reference = evaluateJson(c.op, inputs, layout);
    const translated = translateOutputs(c.op, c.expected);
    const r = compareOutputs(translated, reference, { rtol: 1e-12, atol: 1e-14 });
    assert.ok(r.ok, `${c.id}: ${JSON.stringify(r.worst)}`);
  }
});

Deno.test("translating twice gives the case back", () => {
  for (const c of testCases()) {
    if (!OPERATIONS[c.op].layout) continue;
    assert.deepStrictEqual(
      translateInputs(c.op, translateInputs(c.op, c.inputs as Record<string, unknown>)),
      c.inputs,
    );
    assert.deepStrictEqual(translateOutputs(c.op, translateOutputs(c.op, c.expected)), c.expected);
  }
});
