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
import { encodeRequest, parseHello, parseResponse } from "./protocol.ts";
import { type LoadedCase, planCases } from "./selection.ts";

/** The `format` of a JSON results file. */
export const RESULTS_FORMAT = "nn-oracle-results/1";

/** A parsed results file. */
export interface ResultsFile {
  /** The implementation's name, if given. */
  readonly name: string;
  /** Its precision (float64 unless given). */
  readonly precision: "float32" | "float64";
  /** Case id → what the implementation produced. */
  readonly answers: ReadonlyMap<string, Answer>;
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
  const precision = whole.precision ?? "float64";
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
  return { name: typeof whole.name === "string" ? whole.name : file, precision, answers };
}

function parseLines(text: string, file: string): ResultsFile {
  const answers = new Map<string, Answer>();
  const lineOf = new Map<string, number>();
  let name = file;
  let precision: "float32" | "float64" = "float64";
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    try {
      if (i === 0 && line.includes('"hello"')) {
        const hello = parseHello(line);
        name = hello.name;
        precision = hello.precision;
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
  return { name, precision, answers };
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
  const caps = {
    ops: [...new Set(cases.map((lc) => lc.c.op))],
    layouts: ["column", "row"] as ("column" | "row")[],
    costs: [...COST_NAMES],
    precision: results.precision,
  };
  const known = new Set(allIds);
  const outcomes = planCases(cases, caps).map((p) => {
    if (!p.send) return unsent(p, "skip", p.skip ?? "not sent");
    const answer = results.answers.get(p.c.id);
    if (!answer) return unsent(p, "not-run", "no result in the file");
    const request = encodeRequest({
      id: p.c.id,
      op: p.c.op,
      layout: p.send.layout,
      inputs: p.send.inputs,
    });
    return judge(p, answer, { request });
  });
  const unknown = [...results.answers.keys()].filter((id) => !known.has(id));
  return { outcomes, unknown };
}

/**
 * The request lines of the cases, in their own layouts: the input of a results-mode run.
 *
 * @param cases The cases.
 * @returns One JSON line per case, each ending in a newline.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const c = { id: "r", op: "relu", inputs: { z: [[0]] }, expected: { a: [[0]] }, tolerance: { class: "exact" },
 *   source: { doc: null, section: "" }, tags: [], notes: "" } as const;
 * assert.strictEqual(requestLines([{ c, file: "f" }]), '{"id":"r","op":"relu","inputs":{"z":[[0]]}}\n');
 * ```
 */
export function requestLines(cases: readonly LoadedCase[]): string {
  return cases.map(({ c }) =>
    encodeRequest({ id: c.id, op: c.op, layout: c.layout, inputs: c.inputs }) + "\n"
  )
    .join("");
}
