/**
 * Known failures (`--expectations FILE`), in the manner of test262's status files: each entry names a
 * case (or an id glob) and the reason it is expected to fail. A listed case that fails is an expected
 * failure and does not fail the run; a listed case that passes is reported so that the list can
 * shrink; an entry that names no case is reported as stale.
 *
 * The file:
 * ```json
 * { "format": "nn-oracle-expectations/1",
 *   "failures": { "backward/relu-at-zero": "our ReLU′(0) is 1 until issue 12 is fixed" } }
 * ```
 *
 * @module
 */
import { globToRegExp } from "./filter.ts";
import type { Outcome } from "./judge.ts";
import { isObject } from "../spec/json.ts";

/** The `format` of an expectations file. */
export const EXPECTATIONS_FORMAT = "nn-oracle-expectations/1";

/** Known failures: id or id glob → reason. */
export type Expectations = ReadonlyMap<string, string>;

/**
 * Parses an expectations file.
 *
 * @param text Its contents.
 * @param file Its path, for messages.
 * @returns The entries.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const e = parseExpectations('{"format":"nn-oracle-expectations/1","failures":{"a/*":"why"}}', "x.json");
 * assert.strictEqual(e.get("a/*"), "why");
 * assert.throws(() => parseExpectations('{"format":"nn-oracle-expectations/1","failures":{"a":""}}', "x.json"), /x.json: failures\["a"\]: a reason is required/);
 * ```
 */
export function parseExpectations(text: string, file: string): Expectations {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(`${file}: not valid JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!isObject(v) || v.format !== EXPECTATIONS_FORMAT) {
    throw new SyntaxError(`${file}: format: expected "${EXPECTATIONS_FORMAT}"`);
  }
  if (!isObject(v.failures)) {
    throw new SyntaxError(`${file}: failures: expected an object of case id → reason`);
  }
  const out = new Map<string, string>();
  for (const [id, reason] of Object.entries(v.failures)) {
    if (typeof reason !== "string" || reason.trim() === "") {
      throw new TypeError(`${file}: failures[${JSON.stringify(id)}]: a reason is required`);
    }
    out.set(id, reason);
  }
  return out;
}

/** Outcomes with the expectations applied, and the entries that matched no case. */
export interface Applied {
  /** The outcomes: listed failures become `xfail`, listed passes `xpass`. */
  readonly outcomes: Outcome[];
  /** Entries that name no case of this run. */
  readonly stale: string[];
}

/**
 * Applies expectations to outcomes.
 *
 * @param outcomes The verdicts.
 * @param expectations The known failures.
 * @returns The verdicts with xfail/xpass, and the stale entries.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const o = (id: string, status: "pass" | "fail") => ({ id, status, op: "relu" as const, file: "", source: { doc: null, section: "" }, tags: [] });
 * const r = applyExpectations([o("a", "fail"), o("b", "pass")], new Map([["a", "known"], ["b", "old"], ["c", "gone"]]));
 * assert.deepStrictEqual(r.outcomes.map((x) => x.status), ["xfail", "xpass"]);
 * assert.deepStrictEqual(r.stale, ["c"]);
 * ```
 */
export function applyExpectations(
  outcomes: readonly Outcome[],
  expectations: Expectations,
): Applied {
  const entries = [...expectations].map(([key, reason]) => ({
    key,
    reason,
    re: globToRegExp(key),
  }));
  const used = new Set<string>();
  const result = outcomes.map((o): Outcome => {
    const e = entries.find((x) => x.re.test(o.id));
    if (!e) return o;
    used.add(e.key);
    if (o.status === "fail") {
      return { ...o, status: "xfail", reason: `${o.reason ?? "failed"} — expected: ${e.reason}` };
    }
    if (o.status === "pass") {
      return {
        ...o,
        status: "xpass",
        reason: `passes now; remove it from the expectations (listed: ${e.reason})`,
      };
    }
    return o;
  });
  return { outcomes: result, stale: entries.filter((e) => !used.has(e.key)).map((e) => e.key) };
}
