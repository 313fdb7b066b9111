/**
 * The generated sections of fixtures/SCHEMA.md: the files with their case counts, the operations with
 * their fields, the tolerance classes, and the statements with the cases that encode them. The prose
 * around them is written by hand; each section sits between `<!-- BEGIN GENERATED: name -->` and
 * `<!-- END GENERATED: name -->` and is replaced by `deno task fixtures`.
 *
 * @module
 */
import type { FixtureCase, FixtureFile } from "../spec/case_file.ts";
import type { Fields, FieldSpec } from "../spec/fields.ts";
import { OP_NAMES, OPERATIONS } from "../spec/operations.ts";
import { TOLERANCE_CLASSES } from "../spec/tolerance.ts";
import { STATEMENTS } from "./statements.ts";

const DOC_TITLES: Record<string, string> = {
  "000": "2 Layer NN",
  "001": "Part 2",
  "002": "Backpropagation notes",
  "003": "Layer by Layer",
};

const cell = (s: string) => s.replaceAll("|", "\\|").replaceAll("\n", " ");

/**
 * Groups case ids for a table cell, coarser and coarser until at most six groups remain: the ids
 * themselves; families differing in a trailing `-NN`; a folder and the first word of the name
 * (`backward/paths-*`); a folder (`generated/backward/row/*`); the top folder. A group of one is
 * shown as its id, a larger one as `pattern` (count).
 *
 * @param ids Case ids.
 * @returns The cell text.
 * @example Families collapse once there are more than six ids
 * ```ts
 * import assert from "node:assert";
 * const ids = ["a/x-00", "a/x-01", "a/x-02", "a/x-03", "a/x-04", "a/x-05", "b/y-07"];
 * assert.strictEqual(summarizeIds(ids), "`a/x-*` (6), `b/y-07`");
 * assert.strictEqual(summarizeIds(["a/x-00", "b/y"]), "`a/x-00`, `b/y`");
 * ```
 */
export function summarizeIds(ids: readonly string[]): string {
  const folder = (id: string) => (id.includes("/") ? id.slice(0, id.lastIndexOf("/")) : "");
  const base = (id: string) => id.slice(id.lastIndexOf("/") + 1);
  const levels: ((id: string) => string)[] = [
    (id) => id,
    (id) => (/-\d\d$/.test(id) ? `${id.slice(0, -3)}-*` : id),
    (id) => `${folder(id)}/${base(id).split("-")[0]}-*`,
    (id) => `${folder(id)}/*`,
    (id) => `${id.split("/")[0]}/*`,
  ];
  let groups = new Map<string, string[]>();
  for (const key of levels) {
    groups = new Map();
    for (const id of ids) groups.set(key(id), [...(groups.get(key(id)) ?? []), id]);
    if (groups.size <= 6) break;
  }
  return [...groups.entries()]
    .map((
      [k, members],
    ) => (members.length === 1 ? `\`${members[0]}\`` : `\`${k}\` (${members.length})`))
    .join(", ");
}

function filesTable(files: readonly FixtureFile[]): string {
  const rows = files.map((f) =>
    `| \`${f.name}.json\` | ${f.cases.length} | ${cell(f.description)} |`
  );
  const total = files.reduce((s, f) => s + f.cases.length, 0);
  return ["| File | Cases | What it holds |", "|---|---:|---|", ...rows, `| total | ${total} | |`]
    .join("\n");
}

function fieldText(fields: Fields): string {
  const kind = (f: FieldSpec) =>
    f.kind === "enum"
      ? f.values.map((v) => `"${v}"`).join(" \\| ")
      : f.kind === "matrix" && f.finite
      ? "finite matrix"
      : f.kind === "matrix" && f.column
      ? "n×1 matrix"
      : f.kind;
  return Object.entries(fields).map(([k, f]) => `\`${k}\`: ${kind(f)}`).join(", ");
}

function operationsTable(): string {
  const rows = OP_NAMES.map((name) => {
    const op = OPERATIONS[name] as unknown as {
      summary: string;
      layout: boolean;
      inputs: Fields;
      outputs: Fields;
    };
    return `| \`${name}\` | ${op.layout ? "yes" : "no"} | ${fieldText(op.inputs)} | ${
      fieldText(op.outputs)
    } | ${cell(op.summary)} |`;
  });
  return ["| Operation | Layout | Inputs | Outputs | Computes |", "|---|---|---|---|---|", ...rows]
    .join("\n");
}

function toleranceTable(): string {
  const rows = Object.entries(TOLERANCE_CLASSES).map(([name, c]) => {
    const short = (x: number) => (x !== 0 && x < 1e-3 ? x.toExponential() : String(x));
    const atol = Number.isNaN(c.atol) ? "0.5·10^−d" : short(c.atol);
    return `| \`${name}\` | ${short(c.rtol)} | ${atol} | ${
      c.inFixtures ? "" : "(not in fixtures) "
    }${cell(c.reason)} |`;
  });
  return ["| Class | rtol | atol | Reason |", "|---|---|---|---|", ...rows].join("\n");
}

function statementsTable(cases: readonly FixtureCase[]): string {
  const byStatement = new Map<string, string[]>();
  for (const c of cases) {
    for (const s of c.statements ?? []) byStatement.set(s, [...(byStatement.get(s) ?? []), c.id]);
  }
  const rows = STATEMENTS.map((s) => {
    const where = s.where.map((
      w,
    ) => (w.doc ? `${w.doc} (${DOC_TITLES[w.doc]}) ${w.section}` : w.section)).join("; ");
    const ids = byStatement.get(s.id) ?? [];
    return `| \`${s.id}\` | ${cell(where)} | ${cell(s.says)} | ${cell(s.how)} | ${ids.length} | ${
      summarizeIds(ids)
    } |`;
  });
  return [
    "| Statement | Where | Says | Expected from | Cases | Case ids |",
    "|---|---|---|---|---:|---|",
    ...rows,
  ].join("\n");
}

/**
 * The generated sections, by name.
 *
 * @param files Every fixture file.
 * @returns Markdown for each section.
 * @example Four sections, each a table
 * ```ts
 * import assert from "node:assert";
 * const sections = generatedSections([]);
 * assert.deepStrictEqual(Object.keys(sections), ["files", "operations", "tolerances", "statements"]);
 * assert.ok(Object.values(sections).every((s) => s.startsWith("| ")));
 * ```
 */
export function generatedSections(files: readonly FixtureFile[]): Record<string, string> {
  return {
    files: filesTable(files),
    operations: operationsTable(),
    tolerances: toleranceTable(),
    statements: statementsTable(files.flatMap((f) => f.cases)),
  };
}

/**
 * Replaces each generated section of a Markdown text.
 *
 * @param text The current SCHEMA.md.
 * @param sections Markdown by section name.
 * @returns The text with every section replaced.
 * @example Replaces between the markers, and insists on them
 * ```ts
 * import assert from "node:assert";
 * const md = "a\n<!-- BEGIN GENERATED: x -->\nold\n<!-- END GENERATED: x -->\nb\n";
 * assert.strictEqual(spliceSections(md, { x: "new" }), "a\n<!-- BEGIN GENERATED: x -->\nnew\n<!-- END GENERATED: x -->\nb\n");
 * assert.throws(() => spliceSections("a", { x: "new" }), /BEGIN GENERATED: x/);
 * ```
 */
export function spliceSections(text: string, sections: Record<string, string>): string {
  let out = text;
  for (const [name, body] of Object.entries(sections)) {
    const begin = `<!-- BEGIN GENERATED: ${name} -->`;
    const end = `<!-- END GENERATED: ${name} -->`;
    const i = out.indexOf(begin);
    const j = out.indexOf(end);
    if (i < 0 || j < i) {
      throw new SyntaxError(`fixtures/SCHEMA.md: missing the markers "${begin}" … "${end}"`);
    }
    out = `${out.slice(0, i + begin.length)}\n${body}\n${out.slice(j)}`;
  }
  return out;
}
