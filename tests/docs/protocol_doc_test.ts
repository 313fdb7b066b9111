/**
 * docs/PROTOCOL.md says only what is so: every case id it names is a fixture case (a glob matches
 * one), and its Python decoding snippet decodes a real request without tripping over names.
 */
import assert from "node:assert";
import { listFixtureFiles, readFixtureFile } from "../../src/spec/case_file.ts";
import { globToRegExp } from "../../src/oracle/filter.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const DOC = await Deno.readTextFile(`${ROOT}docs/PROTOCOL.md`);
/** The sections about fixture cases; the training session's (11 on) names messages, not cases. */
const CASE_SECTIONS = DOC.split(/^## 11\./m)[0];

async function caseIds(): Promise<string[]> {
  const ids: string[] = [];
  for (const file of await listFixtureFiles(`${ROOT}fixtures`)) {
    for (const c of (await readFixtureFile(file)).cases) ids.push(c.id);
  }
  return ids;
}

/** Quoted or backquoted words shaped like case ids: `a/b…`, not paths to files, not `ex/` examples. */
function namedIds(text: string): string[] {
  const found = new Set<string>();
  for (
    const m of text.matchAll(/["`]([a-z0-9][a-z0-9._*?-]*(?:\/[a-z0-9._*?-]+)+)(?:@[a-z]+)?["`]/g)
  ) {
    const id = m[1];
    if (/\.(json|jsonl|md|py|mjs|ts|txt|xml)$/.test(id) || id.startsWith("ex/")) continue;
    if (/^(examples|fixtures|docs|src|tests|cmd|bin)\//.test(id) || /^nn-oracle-/.test(id)) {
      continue;
    }
    found.add(id);
  }
  return [...found];
}

Deno.test("every case id docs/PROTOCOL.md names is a fixture case", async () => {
  const ids = await caseIds();
  const named = namedIds(CASE_SECTIONS);
  assert.ok(named.length >= 6, named.join(", "));
  const missing = named.filter((n) => !ids.some((id) => globToRegExp(n).test(id)));
  assert.deepStrictEqual(missing, [], `named in docs/PROTOCOL.md but no fixture case`);
  // the check itself: a misspelt id is caught
  assert.deepStrictEqual(namedIds('"softmax/huge-logits/row"').filter((n) => !ids.includes(n)), [
    "softmax/huge-logits/row",
  ]);
});

Deno.test("the +∞-logit case the doc names carries the tag users filter it by", async () => {
  const file = await readFixtureFile(`${ROOT}fixtures/softmax.json`);
  const c = file.cases.find((x) => x.id === "softmax/positive-infinity");
  assert.ok(c?.tags.includes("limit"), JSON.stringify(c?.tags));
  assert.match(DOC, /`softmax\/positive-infinity` checks this limit and is tagged `limit`/);
});

const HAS_PYTHON = (() => {
  try {
    return new Deno.Command("python3", { args: ["-c", ""], stdout: "null", stderr: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

Deno.test({
  name: "the doc's Python decoding snippet decodes a request with names and tagged numbers",
  ignore: !HAS_PYTHON,
  fn: async () => {
    const block = /Decoding and encoding in Python[\s\S]*?```python\n([\s\S]*?)```/.exec(DOC);
    assert.ok(block, "the snippet");
    const request = {
      op: "dense_forward",
      inputs: { W: [[1, "-0"]], b: [["NaN"]], x: [["Infinity"], [2]], activation: "relu" },
    };
    const program = `${block[1]}
import json, sys
r = json.loads(sys.argv[1])
i = r["inputs"]
W, b, x = (decode_matrix(i[k]) for k in ("W", "b", "x"))
print(json.dumps([encode(W[0][1]), encode(b[0][0]), encode(x[0][0]), i["activation"]]))
`;
    const out = await new Deno.Command("python3", {
      args: ["-c", program, JSON.stringify(request)],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder();
    assert.strictEqual(out.code, 0, text.decode(out.stderr));
    assert.deepStrictEqual(JSON.parse(text.decode(out.stdout)), ["-0", "NaN", "Infinity", "relu"]);
  },
});
