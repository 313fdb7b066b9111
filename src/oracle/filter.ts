/**
 * `--filter`: choose cases by id glob (`backward/*`), by operation, tag, statement, document or file.
 * A pattern `key:value` names what it matches (`op:backward`, `tag:edge`, `doc:001`, `file:costs`,
 * `statement:softmax_ce_grad`, `id:sigmoid/*`); a bare pattern matches an id glob, an operation, a tag
 * or a statement. Several patterns (repeated, or comma-separated) select the union.
 *
 * @module
 */
import type { LoadedCase } from "./selection.ts";

const KEYS = ["id", "op", "tag", "statement", "doc", "file"] as const;

/**
 * Builds the predicate of a list of filter patterns.
 *
 * @param patterns The patterns; none selects everything.
 * @returns A predicate over loaded cases.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const lc = { file: "fixtures/costs.json", c: { id: "ce/big", op: "cross_entropy", tags: ["edge"], source: { doc: "000", section: "" } } } as never;
 * assert.ok(caseFilter(["ce/*"])(lc));
 * assert.ok(caseFilter(["op:cross_entropy"])(lc));
 * assert.ok(caseFilter(["edge"])(lc));
 * assert.ok(caseFilter(["doc:000,tag:none"])(lc));
 * assert.ok(caseFilter(["file:costs"])(lc) && caseFilter(["file:costs.json"])(lc) && caseFilter(["file:fixtures/costs.json"])(lc));
 * assert.ok(!caseFilter(["op:backward"])(lc));
 * assert.throws(() => caseFilter(["kind:x"]), /Unknown filter key "kind"/);
 * ```
 */
export function caseFilter(patterns: readonly string[]): (lc: LoadedCase) => boolean {
  const tests = patterns.flatMap((p) => p.split(",")).map((p) => p.trim()).filter((p) => p !== "")
    .map(compile);
  if (tests.length === 0) return () => true;
  return (lc) => tests.some((t) => t(lc));
}

function compile(pattern: string): (lc: LoadedCase) => boolean {
  const colon = pattern.indexOf(":");
  if (colon === -1) {
    const glob = globToRegExp(pattern);
    return ({ c }) =>
      glob.test(c.id) || c.op === pattern || c.tags.includes(pattern) ||
      (c.statements ?? []).includes(pattern);
  }
  const key = pattern.slice(0, colon);
  const value = pattern.slice(colon + 1);
  if (!(KEYS as readonly string[]).includes(key)) {
    throw new RangeError(
      `Unknown filter key "${key}" in "${pattern}": expected ${KEYS.join(", ")}`,
    );
  }
  // `file:costs`, `file:costs.json` and `file:fixtures/costs.json` name one file
  const glob = globToRegExp(key === "file" ? fileStem(value) : value);
  switch (key as (typeof KEYS)[number]) {
    case "id":
      return ({ c }) => glob.test(c.id);
    case "op":
      return ({ c }) => glob.test(c.op);
    case "tag":
      return ({ c }) => c.tags.some((t) => glob.test(t));
    case "statement":
      return ({ c }) => (c.statements ?? []).some((s) => glob.test(s));
    case "doc":
      return ({ c }) => glob.test(c.source.doc ?? "none");
    case "file":
      return ({ file }) => glob.test(fileStem(file));
  }
}

function fileStem(path: string): string {
  return path.replace(/^.*\//, "").replace(/\.json$/, "");
}

/**
 * A glob as a whole-string regular expression: `*` any run of characters, `?` one character.
 *
 * @param glob The glob.
 * @returns The expression.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.ok(globToRegExp("softmax/*").test("softmax/large-logits"));
 * assert.ok(!globToRegExp("softmax").test("softmax/large-logits"));
 * ```
 */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`);
}
