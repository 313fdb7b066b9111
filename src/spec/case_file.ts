/**
 * Fixture files: their types, and reading them with one-line errors. A file that is not JSON, or whose
 * header is wrong, fails as a whole; a case that is wrong (unknown op, a shape that does not fit, NaN
 * where a value must be finite, a field of the wrong kind, a duplicate id) becomes one problem line
 * naming the file, the case and the field, and every other case is still loaded.
 *
 * The format is described for people in fixtures/SCHEMA.md and for machines in fixtures/schema.json.
 *
 * @module
 */
import { type Layout, LAYOUTS } from "../reference/layout.ts";
import { decodeExpected, decodeInputs } from "./decode.ts";
import type { JsonValue } from "./json.ts";
import { preview } from "./number_codec.ts";
import { isOpName, OPERATIONS, type OpName } from "./operations.ts";
import { parseToleranceSpec, type ToleranceSpec } from "./tolerance.ts";

/** The `format` every fixture file declares. */
export const FIXTURE_FORMAT = "nn-oracle-fixtures/1";

/** The document numbers, in order (titles in fixtures/SCHEMA.md and src/audit/documents.ts). */
export const DOC_IDS = ["000", "001", "002", "003"] as const;

/** A document of the spec, by number. */
export type DocId = (typeof DOC_IDS)[number];

/** Where a case comes from: a document and section, or `doc: null` for the generator. */
export interface CaseSource {
  /** The document, or null when the case is not from one. */
  readonly doc: DocId | null;
  /** The section (a heading of the document), or what produced the case. */
  readonly section: string;
}

/** How a value printed in a document compares with the correct one (document cases only). */
export interface Printed {
  /** The number as printed. */
  readonly value: JsonValue;
  /** The decimals printed. */
  readonly decimals: number;
  /**
   * `ok`: agrees within its own rounding; `carried`: inherits an earlier printed error; `rounding`:
   * its own step's value cut off or rounded twice; `wrong`: a slip no rounding explains.
   */
  readonly verdict: PrintedVerdict;
  /** Which element of `expected` was printed, e.g. `dW[1][0][2]` (field, layer, row, column). */
  readonly at?: string;
  /** The value recomputed from the document's own previous printed step. */
  readonly from_previous?: JsonValue;
  /** Why the printed value differs, e.g. `carried over from z¹₀`. */
  readonly why?: string;
}

/** The verdicts of {@linkcode Printed}. */
export const PRINTED_VERDICTS = ["ok", "carried", "rounding", "wrong"] as const;

/** The audit's verdict on a printed value (src/audit/verdict.ts says how each is given). */
export type PrintedVerdict = (typeof PRINTED_VERDICTS)[number];

/** One case: an operation, its encoded inputs, the expected encoded outputs, and why it exists. */
export interface FixtureCase {
  /** Stable and unique across all files: lowercase `[a-z0-9._/-]`, e.g. `sigmoid/saturated-neg-1000`. */
  readonly id: string;
  /** An operation of the registry (src/spec/operations.ts). */
  readonly op: OpName;
  /** Present exactly for the operations that take batches or networks. */
  readonly layout?: Layout;
  /** The operation's inputs, numbers encoded (src/spec/number_codec.ts). */
  readonly inputs: { readonly [key: string]: JsonValue };
  /** The operation's outputs, numbers encoded. */
  readonly expected: { readonly [key: string]: JsonValue };
  /** The tolerance class, with optional overrides. */
  readonly tolerance: ToleranceSpec;
  /** Where it comes from. */
  readonly source: CaseSource;
  /** Ids of the statements (identities) it encodes; see fixtures/SCHEMA.md. */
  readonly statements?: readonly string[];
  /** Kinds: `edge`, `identity`, `document`, `generated`, `shape`, … */
  readonly tags: readonly string[];
  /** Why the case exists and what a failure probably means. */
  readonly notes: string;
  /** Document cases only: the printed value beside the correct one. */
  readonly printed?: Printed;
}

/** A fixture file. */
export interface FixtureFile {
  /** Always {@linkcode FIXTURE_FORMAT}. */
  readonly format: typeof FIXTURE_FORMAT;
  /** The file's name without `.json`. */
  readonly name: string;
  /** One line. */
  readonly description: string;
  /** The cases. */
  readonly cases: readonly FixtureCase[];
}

/** A case that could not be loaded. */
export interface CaseProblem {
  /** The file. */
  readonly file: string;
  /** Its position in `cases`. */
  readonly index: number;
  /** Its id when it has a usable one. */
  readonly id?: string;
  /** One line: `file: case "id": field: what is wrong`. */
  readonly message: string;
}

/** A file as loaded: the cases that are valid and one problem per case that is not. */
export interface LoadedFixtureFile {
  /** Where it was read from. */
  readonly file: string;
  /** Its name. */
  readonly name: string;
  /** Its description. */
  readonly description: string;
  /** The valid cases, in file order. */
  readonly cases: readonly FixtureCase[];
  /** The invalid ones. */
  readonly problems: readonly CaseProblem[];
}

const ID_PATTERN = /^[a-z0-9][a-z0-9._/-]*$/;
const TAG_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
const STATEMENT_PATTERN = /^[a-z0-9][a-z0-9_]*$/;
/** The fields of a case, in the order fixture files write them. */
export const CASE_FIELDS = [
  "id",
  "op",
  "layout",
  "inputs",
  "expected",
  "tolerance",
  "source",
  "statements",
  "tags",
  "notes",
  "printed",
] as const;

/**
 * Validates one case read from JSON. Inputs and expected outputs are decoded with the operation's
 * field specs, so shapes, kinds and non-finite values are checked here, before anything runs.
 *
 * @param raw The JSON value.
 * @param where Prefix of error messages, e.g. `fixtures/costs.json: case "ce/x"`.
 * @returns The case.
 * @example An unknown operation is named
 * ```ts
 * import assert from "node:assert";
 * const raw = { id: "relu/zero", op: "relu", inputs: { z: [[0]] }, expected: { a: [[0]] },
 *   tolerance: { class: "exact" }, source: { doc: "001", section: "ReLU" }, tags: ["edge"], notes: "" };
 * assert.strictEqual(validateCase(raw, "x").id, "relu/zero");
 * assert.throws(() => validateCase({ ...raw, op: "gelu" }, "x"), /x: op: unknown operation "gelu"/);
 * ```
 */
export function validateCase(raw: unknown, where: string): FixtureCase {
  const o = objectAt(raw, where);
  for (const key of Object.keys(o)) {
    if (!(CASE_FIELDS as readonly string[]).includes(key)) {
      throw new TypeError(`${where}: unknown field "${key}"`);
    }
  }
  const id = o.id;
  if (typeof id !== "string" || !ID_PATTERN.test(id)) {
    throw new TypeError(`${where}: id: expected lowercase [a-z0-9._/-], got ${preview(id)}`);
  }
  const op = o.op;
  if (typeof op !== "string" || !isOpName(op)) {
    throw new RangeError(`${where}: op: unknown operation ${preview(op)}`);
  }
  const layout = layoutOf(o.layout, OPERATIONS[op].layout, where);
  const inputs = objectAt(o.inputs, `${where}: inputs`);
  decodeInputs(op, inputs, { layout: layout ?? "column", where: `${where}: inputs` });
  const expected = objectAt(o.expected, `${where}: expected`);
  decodeExpected(op, expected, { layout: layout ?? "column", where: `${where}: expected` });
  const c: Record<string, unknown> = {
    id,
    op,
    ...(layout === undefined ? {} : { layout }),
    inputs,
    expected,
    tolerance: parseToleranceSpec(o.tolerance, `${where}: tolerance`),
    source: sourceOf(o.source, `${where}: source`),
  };
  if (o.statements !== undefined) {
    c.statements = stringsOf(o.statements, STATEMENT_PATTERN, `${where}: statements`);
  }
  c.tags = stringsOf(o.tags, TAG_PATTERN, `${where}: tags`);
  if (typeof o.notes !== "string") {
    throw new TypeError(`${where}: notes: expected a string, got ${preview(o.notes)}`);
  }
  c.notes = o.notes;
  if (o.printed !== undefined) c.printed = printedOf(o.printed, `${where}: printed`);
  if (c.tolerance && (c.tolerance as ToleranceSpec).class === "printed" && !c.printed) {
    throw new TypeError(`${where}: tolerance: the "printed" class needs a printed field`);
  }
  return c as unknown as FixtureCase;
}

/**
 * Parses the text of a fixture file. Malformed JSON or a wrong header throws (one line naming the
 * file); each invalid case becomes a problem and the others load.
 *
 * @param text The file's contents.
 * @param file Its path, for messages.
 * @returns The valid cases and the problems.
 * @example One bad case does not stop the others
 * ```ts
 * import assert from "node:assert";
 * const good = { id: "a", op: "relu", inputs: { z: [[1]] }, expected: { a: [[1]] },
 *   tolerance: { class: "exact" }, source: { doc: null, section: "" }, tags: [], notes: "" };
 * const bad = { ...good, id: "b", inputs: { z: [[1, 2], [3]] } };
 * const text = JSON.stringify({ format: "nn-oracle-fixtures/1", name: "t", description: "", cases: [good, bad] });
 * const f = parseFixtureFile(text, "t.json");
 * assert.strictEqual(f.cases.length, 1);
 * assert.match(f.problems[0].message, /^t\.json: case "b": inputs\.z\[1\]: expected 2 values/);
 * assert.throws(() => parseFixtureFile("{", "t.json"), SyntaxError);
 * ```
 */
export function parseFixtureFile(text: string, file: string): LoadedFixtureFile {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new SyntaxError(`${file}: not valid JSON: ${(e as Error).message.split("\n")[0]}`);
  }
  const o = objectAt(v, file);
  if (o.format !== FIXTURE_FORMAT) {
    throw new SyntaxError(
      `${file}: format: expected "${FIXTURE_FORMAT}", got ${preview(o.format)}`,
    );
  }
  for (const key of ["name", "description"] as const) {
    if (typeof o[key] !== "string") {
      throw new SyntaxError(`${file}: ${key}: expected a string, got ${preview(o[key])}`);
    }
  }
  if (!Array.isArray(o.cases)) {
    throw new SyntaxError(`${file}: cases: expected an array, got ${preview(o.cases)}`);
  }
  const cases: FixtureCase[] = [];
  const problems: CaseProblem[] = [];
  const seen = new Set<string>();
  o.cases.forEach((raw: unknown, index: number) => {
    const rawId = typeof raw === "object" && raw !== null
      ? (raw as { id?: unknown }).id
      : undefined;
    const id = typeof rawId === "string" && rawId !== "" ? rawId : undefined;
    const where = id === undefined
      ? `${file}: case #${index}`
      : `${file}: case ${JSON.stringify(id)}`;
    try {
      if (id !== undefined && seen.has(id)) {
        throw new RangeError(`${where}: id: duplicate of an earlier case`);
      }
      const c = validateCase(raw, where);
      seen.add(c.id);
      cases.push(c);
    } catch (e) {
      problems.push({ file, index, id, message: oneLine((e as Error).message) });
    }
  });
  return { file, name: o.name as string, description: o.description as string, cases, problems };
}

/**
 * Reads and parses a fixture file.
 *
 * @param path The file.
 * @returns The loaded file.
 * @example A missing file is one line naming it
 * ```ts
 * import assert from "node:assert";
 * await assert.rejects(() => readFixtureFile("no/such/file.json"), /no\/such\/file\.json: cannot read/);
 * ```
 */
export async function readFixtureFile(path: string): Promise<LoadedFixtureFile> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (e) {
    throw new Error(`${path}: cannot read: ${oneLine((e as Error).message)}`);
  }
  return parseFixtureFile(text, path);
}

/** The files of fixtures/ that hold no cases. */
const NOT_CASES = ["schema.json", "tolerances.json"];

/**
 * The `*.json` fixture files of a directory (schema.json and tolerances.json excluded), sorted by
 * name.
 *
 * @param dir The directory, e.g. `fixtures`.
 * @returns Their paths.
 * @example The committed corpus
 * ```ts
 * import assert from "node:assert";
 * assert.ok((await listFixtureFiles("fixtures")).every((p) => p.endsWith(".json")));
 * ```
 */
export async function listFixtureFiles(dir: string): Promise<string[]> {
  const names: string[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (e.isFile && e.name.endsWith(".json") && !NOT_CASES.includes(e.name)) names.push(e.name);
  }
  return names.sort().map((n) => `${dir}/${n}`);
}

function objectAt(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new TypeError(`${where}: expected an object, got ${preview(v)}`);
  }
  return v as Record<string, unknown>;
}

function layoutOf(v: unknown, takesLayout: boolean, where: string): Layout | undefined {
  if (!takesLayout) {
    if (v !== undefined) throw new TypeError(`${where}: layout: this operation takes no layout`);
    return undefined;
  }
  if (!(LAYOUTS as readonly unknown[]).includes(v)) {
    throw new TypeError(`${where}: layout: expected "column" or "row", got ${preview(v)}`);
  }
  return v as Layout;
}

function sourceOf(v: unknown, where: string): CaseSource {
  const o = objectAt(v, where);
  const doc = o.doc;
  if (doc !== null && !(typeof doc === "string" && (DOC_IDS as readonly string[]).includes(doc))) {
    throw new RangeError(
      `${where}.doc: expected one of ${DOC_IDS.join(", ")} or null, got ${preview(doc)}`,
    );
  }
  if (typeof o.section !== "string") {
    throw new TypeError(`${where}.section: expected a string, got ${preview(o.section)}`);
  }
  return { doc: doc as DocId | null, section: o.section };
}

function stringsOf(v: unknown, pattern: RegExp, where: string): string[] {
  if (!Array.isArray(v)) {
    throw new TypeError(`${where}: expected an array of strings, got ${preview(v)}`);
  }
  v.forEach((s, i) => {
    if (typeof s !== "string" || !pattern.test(s)) {
      throw new TypeError(
        `${where}[${i}]: expected a string matching ${pattern}, got ${preview(s)}`,
      );
    }
  });
  return v as string[];
}

function printedOf(v: unknown, where: string): Printed {
  const o = objectAt(v, where);
  if (o.value === undefined) throw new TypeError(`${where}.value: missing`);
  const d = o.decimals;
  if (typeof d !== "number" || !Number.isInteger(d) || d < 0 || d > 20) {
    throw new RangeError(`${where}.decimals: expected an integer 0 to 20, got ${preview(d)}`);
  }
  if (!(PRINTED_VERDICTS as readonly unknown[]).includes(o.verdict)) {
    throw new RangeError(
      `${where}.verdict: expected "ok", "carried", "rounding" or "wrong", got ${
        preview(o.verdict)
      }`,
    );
  }
  if (o.why !== undefined && typeof o.why !== "string") {
    throw new TypeError(`${where}.why: expected a string, got ${preview(o.why)}`);
  }
  return o as unknown as Printed;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ");
}
