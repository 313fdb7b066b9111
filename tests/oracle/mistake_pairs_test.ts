/**
 * Every pair of catalogued mistakes is told apart by some shipped fixture case: a program making one
 * answers that case differently from a program making the other, so a diagnosis can say which.
 */
import assert from "node:assert";
import { loadCases } from "../../src/oracle/check.ts";
import { compareOutputs } from "../../src/spec/compare_outputs.ts";
import { catalogueEntries } from "../../src/oracle/mistake_predictions.ts";
import { evaluateVariant } from "../../src/oracle/variants.ts";

const TOL = { rtol: 1e-8, atol: 1e-11 }; // the tolerance a diagnosis matches answers with

Deno.test("some fixture case tells every pair of catalogued mistakes apart", async () => {
  const cases = await loadCases("fixtures");
  const entries = [...catalogueEntries(), { name: "no mistake", predict: () => undefined }];
  const answers = entries.map(() => [] as (Record<string, unknown> | undefined)[]);
  const fingerprints = entries.map(() => [] as string[]);
  cases.forEach(({ c }, k) => {
    const r = { op: c.op, layout: c.layout, inputs: c.inputs as Record<string, unknown> };
    const right = evaluateVariant(r.op, r, {});
    entries.forEach((e, i) => {
      let a: Record<string, unknown> | undefined;
      try {
        a = e.predict(r) ?? right;
      } catch {
        a = undefined; // the mistake makes the program fail here (a shape error): no answer
      }
      answers[i][k] = a;
      fingerprints[i][k] = fingerprint(a);
    });
  });
  const apart = (i: number, j: number) =>
    cases.some((_, k) => {
      if (fingerprints[i][k] === fingerprints[j][k]) return false;
      const [p, q] = [answers[i][k], answers[j][k]];
      if (!p || !q) return true; // one fails where the other answers
      return !compareOutputs(p, q, TOL).ok || !compareOutputs(q, p, TOL).ok;
    });
  const together: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    for (let j = i + 1; j < entries.length; j++) {
      if (!apart(i, j)) together.push(`${entries[i].name} / ${entries[j].name}`);
    }
  }
  // "no mistake" is an entry too: each mistake shows in some case
  assert.ok(entries.length >= 36, `${entries.length} entries`);
  assert.deepStrictEqual(together, [], "pairs no case tells apart");
});

function fingerprint(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === "number" ? Number(x.toPrecision(6)) : x));
}
