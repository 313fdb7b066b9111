/**
 * The report for people: each failing case with its worst element, what the answer matches and the
 * exact request to reproduce it; then the tallies by operation and by document section, the detected
 * conventions, and one closing line.
 *
 * @module
 */
import { describeMismatch, fmt } from "../spec/compare.ts";
import type { Outcome } from "./judge.ts";
import type { Counts, Summary } from "./tally.ts";

/** What the report says about the run besides the outcomes. */
export interface RunInfo {
  /** One line naming the implementation. */
  readonly title: string;
  /** How to reproduce a request: a command that reads one request line on stdin, if any. */
  readonly command?: string;
  /** Program-level events and warnings. */
  readonly events: readonly string[];
}

const MAX_INLINE_REQUEST = 4000;

/**
 * Renders the report as text.
 *
 * @param outcomes The verdicts.
 * @param options The summary, the run info and whether to show passing cases too.
 * @returns The text, ending in a newline.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { summarize } from "./tally.ts";
 * const o = { id: "r", op: "relu" as const, file: "f", source: { doc: null, section: "" }, tags: [], status: "pass" as const };
 * const text = prettyReport([o], { summary: summarize([o], false), info: { title: "t", events: [] }, verbose: false });
 * assert.match(text, /^nn-oracle check: t\n/);
 * assert.match(text, /PASS: 1 passed, 0 failed\n$/);
 * ```
 */
export function prettyReport(
  outcomes: readonly Outcome[],
  options: { summary: Summary; info: RunInfo; verbose: boolean },
): string {
  const { summary, info, verbose } = options;
  const cases: string[] = [];
  const xfails: string[] = [];
  for (const o of outcomes) {
    if (o.status === "xfail" && !verbose) xfails.push(`XFAIL ${o.id}: ${o.reason}`);
    else if (o.status === "fail" || o.status === "xfail") {
      cases.push(...failure(o, info, verbose), "");
    } else if (o.status === "xpass") cases.push(`XPASS ${o.id}: ${o.reason}`, "");
    else if (verbose && o.status === "pass") {
      cases.push(`ok    ${o.id}${o.ms === undefined ? "" : ` (${o.ms} ms)`}`);
    } else if (verbose) {
      cases.push(`${o.status === "skip" ? "skip " : "----- "} ${o.id}: ${o.reason}`);
    }
  }
  if (!verbose) cases.push(...skipped(outcomes));
  if (xfails.length) cases.push(...xfails, "");
  while (cases[cases.length - 1] === "") cases.pop();
  const sections = [
    [`nn-oracle check: ${info.title}`],
    cases,
    table("By operation", summary.byOp),
    table("By document section", summary.bySection),
    [...findings(summary), ...info.events.map((e) => `note: ${e}`)],
    [closing(summary)],
  ];
  return sections.filter((s) => s.length > 0).map((s) => s.join("\n")).join("\n\n") + "\n";
}

function failure(o: Outcome, info: RunInfo, verbose: boolean): string[] {
  const tag = o.status === "xfail" ? "XFAIL" : "FAIL ";
  const where = [
    o.op,
    o.layout,
    o.translatedFrom ? `sent transposed from ${o.translatedFrom}` : undefined,
  ]
    .filter(Boolean).join(", ");
  const lines = [`${tag} ${o.id} [${where}]: ${o.reason}`];
  const w = o.comparison?.worst;
  if (w) {
    const at = w.scalar ? w.path : `${w.path}[${w.mismatch.index.join(",")}]`;
    const tol = o.tolerance ? ` (rtol ${o.tolerance.rtol}, atol ${o.tolerance.atol})` : "";
    lines.push(
      `  worst: ${at}: expected ${fmt(w.mismatch.expected)}, got ${fmt(w.mismatch.got)} ` +
        `(abs ${fmt(w.mismatch.absError)}, rel ${fmt(w.mismatch.relError)})${tol}`,
    );
  }
  const fields = (o.comparison?.fields ?? []).filter((f) => !f.ok);
  for (const f of fields) {
    if (f.problem) lines.push(`  ${f.path}: ${f.problem}`);
    else if (verbose && f.comparison) lines.push(`  ${describeMismatch(f.comparison, f.path)}`);
  }
  const others = fields.filter((f) => f.comparison?.worst && f.path !== w?.path).map((f) => f.path);
  if (!verbose && others.length) lines.push(`  also out of tolerance: ${others.join(", ")}`);
  const causes = (o.diagnoses ?? []).filter((d) => d.kind !== "clue").length;
  if (causes > 1) {
    lines.push(`  ${causes} mistakes fit this answer alike (this case cannot tell them apart):`);
  }
  for (const d of o.diagnoses ?? []) {
    const label = d.kind === "clue"
      ? "clue"
      : d.kind === "convention"
      ? `convention [${d.id}]`
      : `diagnosis [${d.id}]`;
    lines.push(`  ${label}: ${d.message}`);
    if (d.fix) lines.push(`    fix: ${d.fix}`);
  }
  if (o.noise?.length && verbose) { for (const n of o.noise) lines.push(`  stray stdout: ${n}`); }
  if (o.notes && (verbose || !(o.diagnoses ?? []).some((d) => d.kind !== "clue"))) {
    lines.push(`  notes: ${o.notes}`);
  }
  if (o.request) lines.push(...reproduction(o.request, info.command));
  return lines;
}

function reproduction(request: string, command?: string): string[] {
  if (request.length > MAX_INLINE_REQUEST) {
    return [
      `  reproduce: the request is ${request.length} characters; --format json holds it whole, or --repro-dir DIR saves it`,
    ];
  }
  const quoted = `'${request.replaceAll("'", `'\\''`)}'`;
  return command
    ? [`  reproduce: printf '%s\\n' ${quoted} | ${command}`]
    : [`  request: ${request}`];
}

function skipped(outcomes: readonly Outcome[]): string[] {
  const why = new Map<string, number>();
  const ops = new Map<string, number>();
  for (const o of outcomes) {
    if (o.status !== "skip" && o.status !== "not-run") continue;
    const op = /^operation (\S+) not announced$/.exec(o.reason ?? "");
    if (op) ops.set(op[1], (ops.get(op[1]) ?? 0) + 1);
    else {
      const key = `${o.status === "skip" ? "skipped" : "not run"}: ${o.reason}`;
      why.set(key, (why.get(key) ?? 0) + 1);
    }
  }
  const lines = [...why].map(([k, n]) => `${n} case(s) ${k}`);
  if (ops.size) {
    const total = [...ops.values()].reduce((a, b) => a + b, 0);
    lines.unshift(
      `${total} case(s) skipped: operation not announced: ${[...ops.keys()].join(", ")}`,
    );
  }
  return lines;
}

function table(title: string, rows: ReadonlyMap<string, Counts>): string[] {
  const names = [...rows.keys()].sort();
  const width = Math.max(title.length, ...names.map((n) => n.length));
  const cols = ["pass", "fail", "xfail", "skip"] as const;
  const head = `${title.padEnd(width)}  ${cols.map((c) => c.padStart(5)).join(" ")}`;
  return [
    head,
    ...names.map((n) => {
      const c = rows.get(n)!;
      const cells = [c.pass + c.xpass, c.fail, c.xfail, c.skip + c["not-run"]];
      return `${n.padEnd(width)}  ${cells.map((x) => String(x).padStart(5)).join(" ")}`;
    }),
  ];
}

function findings(s: Summary): string[] {
  const out: string[] = [];
  const failing = s.counts.fail;
  const conventions = s.findings.filter((f) => f.kind === "convention");
  const mistakes = s.findings.filter((f) => f.kind !== "convention");
  if (conventions.length) {
    out.push("Detected conventions (consistent choices other than the ones asked):");
    for (const f of conventions) {
      out.push(
        `  [${f.id}] in ${f.cases} of ${failing} failing case(s): ${f.message}; ${f.fix ?? ""}`,
      );
    }
  }
  if (mistakes.length) {
    out.push("Mistakes named:");
    for (const f of mistakes) {
      out.push(`  [${f.id}] in ${f.cases} of ${failing} failing case(s): ${f.message}`);
    }
  }
  if (s.relations.length) {
    out.push("Relations broken first (from each failing answer's own numbers):");
    for (const r of s.relations) {
      out.push(`  ${r.message}: ${r.cases} of ${failing} failing case(s)`);
    }
  }
  const first = fixFirst(s);
  if (first) out.push(`Fix first: ${first}`);
  if (s.undiagnosed) out.push(`${s.undiagnosed} failing answer(s) match no known mistake.`);
  if (s.unanswered) {
    out.push(
      `${s.unanswered} failing case(s) got no outputs to compare (an error, a crash, a protocol problem).`,
    );
  }
  return out;
}

/** The mistake or relation that explains the most failing cases (a mistake wins a tie: it has a fix). */
function fixFirst(s: Summary): string | undefined {
  const failing = s.counts.fail;
  const mistake = s.findings[0];
  const relation = s.relations[0];
  if (mistake && (!relation || mistake.cases >= relation.cases)) {
    return `[${mistake.id}] explains ${mistake.cases} of ${failing} failing case(s)${
      mistake.fix ? `; ${mistake.fix}` : ""
    }`;
  }
  return relation
    ? `the relation ${relation.message}, broken first in ${relation.cases} of ${failing} failing case(s)`
    : undefined;
}

function closing(s: Summary): string {
  const c = s.counts;
  const parts = [
    `${c.pass} passed`,
    `${c.fail} failed`,
    c.xfail ? `${c.xfail} expected failure(s)` : "",
    c.xpass ? `${c.xpass} unexpected pass(es)` : "",
    c.skip ? `${c.skip} skipped` : "",
    c["not-run"] ? `${c["not-run"]} not run` : "",
  ].filter(Boolean);
  return `${s.ok ? "PASS" : "FAIL"}: ${parts.join(", ")}`;
}
