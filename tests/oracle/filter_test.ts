import assert from "node:assert";
import { caseFilter, globToRegExp } from "../../src/oracle/filter.ts";
import type { LoadedCase } from "../../src/oracle/selection.ts";

const lc = (
  id: string,
  op: string,
  extra: { tags?: string[]; statements?: string[]; doc?: string | null; file?: string } = {},
) =>
  ({
    file: extra.file ?? "fixtures/softmax.json",
    c: {
      id,
      op,
      tags: extra.tags ?? [],
      statements: extra.statements,
      source: { doc: extra.doc ?? null, section: "" },
    },
  }) as unknown as LoadedCase;

Deno.test("caseFilter() selects by glob, op, tag, statement, document and file", async (t) => {
  const cases = [
    lc("softmax/huge", "softmax", { tags: ["edge"], doc: "000" }),
    lc("backward/doc002-a", "backward", {
      statements: ["delta_recursion"],
      doc: "002",
      file: "fixtures/documents.json",
    }),
    lc("relu/zero", "relu_prime", { tags: ["edge", "exact"] }),
  ];
  const ids = (...patterns: string[]) => cases.filter(caseFilter(patterns)).map((x) => x.c.id);
  await t.step("no pattern keeps everything", () => assert.strictEqual(ids().length, 3));
  await t.step("an id glob", () => assert.deepStrictEqual(ids("softmax/*"), ["softmax/huge"]));
  await t.step("a bare op, tag or statement", () => {
    assert.deepStrictEqual(ids("relu_prime"), ["relu/zero"]);
    assert.deepStrictEqual(ids("edge"), ["softmax/huge", "relu/zero"]);
    assert.deepStrictEqual(ids("delta_recursion"), ["backward/doc002-a"]);
  });
  await t.step("keys", () => {
    assert.deepStrictEqual(ids("op:back*"), ["backward/doc002-a"]);
    assert.deepStrictEqual(ids("doc:none"), ["relu/zero"]);
    assert.deepStrictEqual(ids("doc:00?"), ["softmax/huge", "backward/doc002-a"]);
    assert.deepStrictEqual(ids("file:documents"), ["backward/doc002-a"]);
    assert.deepStrictEqual(ids("id:relu/*"), ["relu/zero"]);
  });
  await t.step("a union, repeated or comma-separated", () => {
    assert.deepStrictEqual(ids("op:softmax", "tag:exact"), ["softmax/huge", "relu/zero"]);
    assert.deepStrictEqual(ids("op:softmax, tag:exact"), ["softmax/huge", "relu/zero"]);
  });
});

Deno.test("globToRegExp() escapes everything but * and ?", () => {
  assert.ok(globToRegExp("a.b/c?").test("a.b/cd"));
  assert.ok(!globToRegExp("a.b").test("axb"));
  assert.ok(globToRegExp("(x)+[y]").test("(x)+[y]"));
});
