/**
 * The catalogue of mistakes is one list with each mistake defined once: unique ids, a mechanic for
 * each, words that quote the request, and every broken client's declared name in it.
 */
import assert from "node:assert";
import { brokenClients } from "../../src/oracle/broken_clients.ts";
import {
  FLOAT32_PRECISION,
  MISTAKES,
  OUTPUTS_TRANSPOSED,
  stepForms,
} from "../../src/oracle/mistakes.ts";

const NAMED = [...MISTAKES, OUTPUTS_TRANSPOSED, FLOAT32_PRECISION];

Deno.test("MISTAKES defines each mistake once, with a way to predict its answer", async (t) => {
  await t.step("ids are unique, the layout and precision conventions' too", () => {
    const ids = NAMED.map((m) => m.id);
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    assert.deepStrictEqual(twice, []);
  });
  await t.step("each has step forms or relation hooks, and formulas only beside hooks", () => {
    for (const m of MISTAKES) {
      assert.ok((m.steps?.length ?? 0) > 0 || m.hooks, `${m.id} has no mechanic`);
      assert.ok(!m.formulas || m.hooks, `${m.id} has formulas without hooks`);
      for (const f of m.steps ?? []) assert.ok(f.ops.length > 0, `${m.id}: a form shows nowhere`);
    }
  });
  await t.step("a mistake's forms name their variant all or none", () => {
    for (const m of MISTAKES) {
      const named = (m.steps ?? []).filter((f) => f.variant !== undefined).length;
      assert.ok(named === 0 || named === m.steps!.length, m.id);
    }
  });
  await t.step("every broken client declares a catalogued name", async () => {
    const known = new Set<string>(NAMED.map((m) => m.id));
    for (const c of await brokenClients()) {
      for (const id of c.mistakes) assert.ok(known.has(id), `${c.file}: "${id}" is not catalogued`);
    }
  });
});

Deno.test("stepForms() gives the forms a request can show, with their own words", async (t) => {
  await t.step("the quadratic convention: each convention but the one asked", () => {
    const forms = stepForms(MISTAKES, { op: "quadratic_cost", convention: "half" })
      .filter((f) => f.id === "quadratic-convention");
    assert.strictEqual(forms.length, 2);
    const says = forms.map((f) => f.says({ op: "quadratic_cost", convention: "half" }));
    assert.match(says[0], /convention "squared" .* where "half" \(C₀ = ½ Σⱼ/);
    assert.match(says[1], /convention "mean" .* where "half"/);
  });
  await t.step("no quadratic convention form where the request asks none", () => {
    const forms = stepForms(MISTAKES, { op: "backward" });
    assert.ok(!forms.some((f) => f.id === "quadratic-convention"));
    assert.ok(forms.some((f) => f.id === "forgot-batch-mean"));
  });
  await t.step("an operation no form shows in gives none", () => {
    assert.deepStrictEqual(stepForms(MISTAKES, { op: "sigmoid" }), []);
  });
});
