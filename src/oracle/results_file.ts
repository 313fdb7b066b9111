/**
 * Results mode: the user ran the fixture inputs through their implementation offline and hands the
 * oracle a file of outputs. Two shapes are read (docs/PROTOCOL.md, "Results files"):
 *
 * - JSON: `{"format": "nn-oracle-results/1", "name": "…", "precision": "float64",
 *   "results": {"<case id>": {<outputs>} | {"error": "…"}}}`
 * - JSON lines: the protocol's own messages, an optional hello then one response per line
 *   (what a client writes when fed the file of `--emit-requests`).
 *
 * @module
 */
import { type Answer, judge, type Outcome, unsent } from "./judge.ts";
import { COST_NAMES } from "../reference/costs.ts";
import { isObject } from "../spec/json.ts";
import type { Precision } from "../spec/precision.ts";
import { encodeRequest, type Hello, parseHello, parseResponse } from "./protocol.ts";
import { type Capabilities, type LoadedCase, planCases } from "./selection.ts";
import { type Layout, otherLayout } from "../reference/layout.ts";
import { translateInputs } from "./translate.ts";

/** The `format` of a JSON results file. */
export const RESULTS_FORMAT = "nn-oracle-results/1";

/** A parsed results file. */
export interface ResultsFile {
  /** The implementation's name, if given. */
  readonly name: string;
  /** Its precision (float64 unless given). */
  readonly precision: Precision;
  /** Case id (or {@linkcode twinId}) → what the implementation produced. */
  readonly answers: ReadonlyMap<string, Answer>;
  /** What the implementation announced (a hello line, or `"hello"` in JSON), if it did. */
  readonly hello?: Hello;
}

/**
 * The id of a case's request sent in its other layout (`--emit-requests` writes both, so that a
 * program that takes one layout only answers every case): the case id, `@` and the layout. `@`
 * never occurs in a case id.
 *
 * @param id The case id.
 * @param layout The layout of the request.
 * @returns The request id.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(twinId("softmax/huge-logits/row", "column"), "softmax/huge-logits/row@column");
 * ```
 */
export function twinId(id: string, layout: Layout): string {
  return `${id}@${layout}`;
}

/**
 * Parses a results file, JSON or JSON lines.
 *
 * @param text Its contents.
 * @param file Its path, for messages.
 * @returns The answers.
 * @example Both shapes
 * ```ts
 * import assert from "node:assert";
 * const a = parseResults('{"format":"nn-oracle-results/1","results":{"r":{"a":[[0]]},"s":{"error":"no"}}}', "x.json");
 * assert.deepStrictEqual(a.answers.get("r"), { outputs: { a: [[0]] } });
 * assert.deepStrictEqual(a.answers.get("s"), { error: "no" });
 * const b = parseResults('{"id":"r","outputs":{"a":[[0]]}}\n', "x.jsonl");
 * assert.deepStrictEqual(b.answers.get("r"), { outputs: { a: [[0]] } });
 * assert.throws(() => parseResults('{"id":"r","error":"no"}\n{"id":"r","error":"no"}', "x.jsonl"), /x.jsonl:2: a second result for case "r"/);
 * ```
 */
export function parseResults(text: string, file: string): ResultsFile {
  const trimmed = text.trim();
  if (trimmed === "") {
    throw new SyntaxError(`${file}: the file is empty; expected JSON or JSON lines of responses`);
  }
  let whole: unknown;
  try {
    whole = JSON.parse(trimmed);
  } catch (e) {
    // a broken results document opens with `{` alone or with its "format"; anything else is lines
    const first = trimmed.split("\n")[0].trim();
    if (first !== "{" && !first.includes('"format"')) return parseLines(trimmed, file);
    const why = /(^|[^"\w])-?(NaN|Infinity)\b/.test(trimmed)
      ? 'it holds a bare NaN or Infinity; write the strings "NaN", "Infinity", "-Infinity"'
      : (e as Error).message.split("\n")[0];
    throw new SyntaxError(`${file}: not valid JSON: ${why}`);
  }
  if (isObject(whole) && "id" in whole) return parseLines(trimmed, file);
  if (!isObject(whole) || whole.format !== RESULTS_FORMAT || !isObject(whole.results)) {
    throw new SyntaxError(
      `${file}: expected {"format": "${RESULTS_FORMAT}", "results": {case id: outputs}} or JSON lines of responses`,
    );
  }
  const hello = whole.hello === undefined ? undefined : jsonHello(whole.hello, file);
  const precision = hello?.precision ?? whole.precision ?? "float64";
  if (precision !== "float32" && precision !== "float64") {
    throw new RangeError(`${file}: precision: expected "float32" or "float64"`);
  }
  const answers = new Map<string, Answer>();
  for (const [id, v] of Object.entries(whole.results)) {
    if (isObject(v) && typeof v.error === "string" && Object.keys(v).length === 1) {
      answers.set(id, { error: v.error });
    } else if (isObject(v)) answers.set(id, { outputs: v });
    else answers.set(id, { problem: `the result is not an object of outputs` });
  }
  const name = hello?.name ?? (typeof whole.name === "string" ? whole.name : file);
  return { name, precision, answers, ...(hello ? { hello } : {}) };
}

function jsonHello(v: unknown, file: string): Hello {
  try {
    return parseHello(JSON.stringify({ type: "hello", ...(isObject(v) ? v : { v }) }));
  } catch (e) {
    throw new SyntaxError(`${file}: hello: ${(e as Error).message}`);
  }
}

function parseLines(text: string, file: string): ResultsFile {
  const answers = new Map<string, Answer>();
  const lineOf = new Map<string, number>();
  let hello: Hello | undefined;
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      if (i === 0 && line.includes('"hello"')) {
        hello = parseHello(line);
        return;
      }
      const r = parseResponse(line);
      if (typeof r.id !== "string") throw new TypeError(`the id is not a string`);
      if (lineOf.has(r.id)) {
        throw new RangeError(
          `a second result for case "${r.id}" (the first is on line ${lineOf.get(r.id)})`,
        );
      }
      lineOf.set(r.id, i + 1);
      answers.set(r.id, "error" in r ? { error: r.error } : { outputs: r.outputs });
    } catch (e) {
      throw new SyntaxError(`${file}:${i + 1}: ${(e as Error).message}`);
    }
  });
  if (!hello) return { name: file, precision: "float64", answers };
  return { name: hello.name, precision: hello.precision, answers, hello };
}

/**
 * Judges a results file against the cases.
 *
 * @param cases The cases selected.
 * @param results The parsed file.
 * @param allIds Every case id of the fixtures (a result for one that was filtered out is not unknown).
 * @returns The outcomes (cases without a result are "not-run") and the ids that match no case.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const c = { id: "r", op: "relu", inputs: { z: [[0]] }, expected: { a: [[0]] }, tolerance: { class: "exact" },
 *   source: { doc: null, section: "" }, tags: [], notes: "" } as const;
 * const results = { name: "x", precision: "float64" as const, answers: new Map([["r", { outputs: { a: [[0]] } }]]) };
 * assert.strictEqual(judgeResults([{ c, file: "f" }], results).outcomes[0].status, "pass");
 * ```
 */
export function judgeResults(
  cases: readonly LoadedCase[],
  results: ResultsFile,
  allIds: readonly string[] = cases.map((lc) => lc.c.id),
): { outcomes: Outcome[]; unknown: string[] } {
  // without a hello, a results file is taken to answer every case in the case's own layout
  const caps: Capabilities = results.hello ?? {
    ops: [...new Set(cases.map((lc) => lc.c.op))],
    layouts: ["column", "row"],
    costs: [...COST_NAMES],
    precision: results.precision,
  };
  const known = new Set(allIds);
  const outcomes = planCases(cases, caps).map((p) => {
    if (!p.send) return unsent(p, "skip", p.skip ?? "not sent");
    const id = p.send.translatedFrom && p.send.layout ? twinId(p.c.id, p.send.layout) : p.c.id;
    const answer = results.answers.get(id);
    if (!answer) return unsent(p, "not-run", `no result in the file (for ${id})`);
    const request = encodeRequest({ id, op: p.c.op, layout: p.send.layout, inputs: p.send.inputs });
    return judge(p, answer, { request });
  });
  const unknown = [...results.answers.keys()].filter((id) =>
    !known.has(id.replace(/@[a-z]+$/, ""))
  );
  return { outcomes, unknown };
}

/**
 * The request lines of the cases: each in its own layout, and a case with a layout once more in the
 * other one under its {@linkcode twinId}, so that a program that takes one layout answers every case.
 *
 * @param cases The cases.
 * @returns One JSON line per request, each ending in a newline.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const c = { id: "r", op: "relu", inputs: { z: [[0]] }, expected: { a: [[0]] }, tolerance: { class: "exact" },
 *   source: { doc: null, section: "" }, tags: [], notes: "" } as const;
 * assert.strictEqual(requestLines([{ c, file: "f" }]), '{"id":"r","op":"relu","inputs":{"z":[[0]]}}\n');
 * const s = { ...c, id: "s", op: "softmax", layout: "row", inputs: { z: [[1, 2]] } } as const;
 * assert.strictEqual(requestLines([{ c: s, file: "f" }]).split("\n")[1], '{"id":"s@column","op":"softmax","layout":"column","inputs":{"z":[[1],[2]]}}');
 * ```
 */
export function requestLines(cases: readonly LoadedCase[]): string {
  return cases.map(({ c }) => {
    const own = encodeRequest({ id: c.id, op: c.op, layout: c.layout, inputs: c.inputs }) + "\n";
    if (!c.layout) return own;
    const layout = otherLayout(c.layout);
    const inputs = translateInputs(c.op, c.inputs as Record<string, unknown>);
    return own + encodeRequest({ id: twinId(c.id, layout), op: c.op, layout, inputs }) + "\n";
  }).join("");
}
