import assert from "node:assert";
import { applyExpectations, parseExpectations } from "../../src/oracle/expectations.ts";
import type { Outcome } from "../../src/oracle/judge.ts";

const outcome = (id: string, status: Outcome["status"]): Outcome => ({
  id,
  status,
  op: "relu",
  file: "f.json",
  source: { doc: null, section: "" },
  tags: [],
  reason: status === "fail" ? "d out of tolerance" : undefined,
});

Deno.test("parseExpectations() requires the format and a reason for each entry", () => {
  const ok = parseExpectations(
    '{"format":"nn-oracle-expectations/1","failures":{"a":"why"}}',
    "e.json",
  );
  assert.deepStrictEqual([...ok], [["a", "why"]]);
  assert.throws(() => parseExpectations("{", "e.json"), /e\.json: not valid JSON/);
  assert.throws(
    () => parseExpectations('{"failures":{}}', "e.json"),
    /e\.json: format: expected "nn-oracle-expectations\/1"/,
  );
  assert.throws(
    () => parseExpectations('{"format":"nn-oracle-expectations/1","failures":[]}', "e.json"),
    /failures: expected an object/,
  );
  assert.throws(
    () => parseExpectations('{"format":"nn-oracle-expectations/1","failures":{"a":1}}', "e.json"),
    /failures\["a"\]: a reason is required/,
  );
});

Deno.test("applyExpectations() marks listed failures and passes, leaves skips, reports stale entries", () => {
  const expectations = new Map([["soft*", "no max shift yet"], ["relu/zero", "fixed?"], [
    "gone",
    "old",
  ]]);
  const r = applyExpectations(
    [
      outcome("softmax/a", "fail"),
      outcome("softmax/b", "skip"),
      outcome("relu/zero", "pass"),
      outcome("other", "fail"),
    ],
    expectations,
  );
  assert.deepStrictEqual(r.outcomes.map((o) => o.status), ["xfail", "skip", "xpass", "fail"]);
  assert.strictEqual(r.outcomes[0].reason, "d out of tolerance — expected: no max shift yet");
  assert.deepStrictEqual(r.stale, ["gone"]);
});
