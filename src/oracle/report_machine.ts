/**
 * The reports for machines: JSON (everything, numbers encoded as in the fixtures) and JUnit XML (one
 * test suite per operation, one test case per fixture case) for CI dashboards.
 *
 * @module
 */
import { encodeNumber } from "../spec/number_codec.ts";
import type { Outcome } from "./judge.ts";
import { sectionOf, type Summary } from "./tally.ts";
import type { RunInfo } from "./report_pretty.ts";

/** The `format` of the JSON report. */
export const REPORT_FORMAT = "nn-oracle-report/1";

/**
 * The JSON report.
 *
 * @param outcomes The verdicts.
 * @param options The summary and the run info.
 * @returns The JSON text, ending in a newline.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { summarize } from "./tally.ts";
 * const o = { id: "r", op: "relu" as const, file: "f", source: { doc: null, section: "" }, tags: [], status: "pass" as const };
 * const s = summarize([o], false);
 * const r = JSON.parse(jsonReport([o], { summary: s, info: { title: "t", events: [] } }));
 * assert.strictEqual(r.summary.ok, true);
 * assert.strictEqual(r.cases[0].status, "pass");
 * ```
 */
export function jsonReport(
  outcomes: readonly Outcome[],
  options: { summary: Summary; info: RunInfo },
): string {
  const { summary, info } = options;
  const report = {
    format: REPORT_FORMAT,
    implementation: info.title,
    summary: {
      ok: summary.ok,
      counts: summary.counts,
      byOp: Object.fromEntries(summary.byOp),
      bySection: Object.fromEntries(summary.bySection),
      findings: summary.findings,
      undiagnosed: summary.undiagnosed,
      unanswered: summary.unanswered,
    },
    events: info.events,
    cases: outcomes.map(caseJson),
  };
  return JSON.stringify(report, null, 1) + "\n";
}

function caseJson(o: Outcome) {
  const w = o.comparison?.worst;
  return {
    id: o.id,
    op: o.op,
    file: o.file,
    section: sectionOf(o),
    status: o.status,
    reason: o.reason,
    layout: o.layout,
    translatedFrom: o.translatedFrom,
    tolerance: o.tolerance,
    worst: w && {
      path: w.path,
      index: w.scalar ? undefined : w.mismatch.index,
      expected: encodeNumber(w.mismatch.expected),
      got: encodeNumber(w.mismatch.got),
      absError: encodeNumber(w.mismatch.absError),
      relError: encodeNumber(w.mismatch.relError),
    },
    fields: o.comparison?.fields.filter((f) => !f.ok).map((f) => ({
      path: f.path,
      problem: f.problem ?? f.comparison?.shapeError,
      failures: f.comparison?.failures,
      total: f.comparison?.total,
    })),
    diagnoses: o.diagnoses,
    noise: o.noise,
    ms: o.ms,
    request: o.status === "fail" || o.status === "xfail" ? o.request : undefined,
  };
}

/** What the JUnit report needs besides the outcomes. */
export interface JunitOptions {
  /** The run's numbers. */
  readonly summary: Summary;
  /** The run's title and events. */
  readonly info: RunInfo;
  /** When the run started (now by default). */
  readonly timestamp?: Date;
}

/**
 * The JUnit XML report: a suite per operation, a test case per fixture case. `<failure>` is a wrong
 * answer (numbers out of tolerance, a wrong shape); `<error>` is no answer to compare (an error
 * answer, a crash, a timeout, a protocol problem); `<skipped>` a case not sent, not run, or expected
 * to fail. Every suite carries `tests`, `failures`, `errors`, `skipped`, `time`, `timestamp` and
 * `hostname`, as the strictest consumers (the Ant schema) require; text the program wrote is made
 * well-formed whatever it holds.
 *
 * @param outcomes The verdicts.
 * @param options The summary, the run info and the start time.
 * @returns The XML text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { summarize } from "./tally.ts";
 * const o = { id: "r<1>", op: "relu" as const, file: "f", source: { doc: null, section: "" }, tags: [], status: "fail" as const, reason: "a & b\uFFFE" };
 * const xml = junitReport([o], { summary: summarize([o], false), info: { title: "t", events: [] } });
 * assert.match(xml, /<testcase classname="nn-oracle.relu" name="r&lt;1&gt;"/);
 * assert.match(xml, /<error message="a &amp; b\\uFFFE"/);
 * assert.match(xml, /<testsuite name="relu" tests="1" failures="0" errors="1" skipped="0" time="0" timestamp="\d{4}-/);
 * ```
 */
export function junitReport(outcomes: readonly Outcome[], options: JunitOptions): string {
  const { summary, info } = options;
  const timestamp = (options.timestamp ?? new Date()).toISOString().slice(0, 19);
  const suites = [...summary.byOp.keys()].sort().map((op) => {
    const cases = outcomes.filter((o) => o.op === op);
    return { op, cases, n: tally(cases) };
  });
  const all = tally(outcomes);
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="${esc(`nn-oracle: ${info.title}`)}"${attrs(all)}>`,
  ];
  suites.forEach(({ op, cases, n }, id) => {
    out.push(
      `  <testsuite name="${esc(op)}"${attrs(n)} timestamp="${timestamp}" hostname="localhost" ` +
        `id="${id}" package="nn-oracle">`,
      `    <properties/>`,
    );
    for (const o of cases) out.push(...junitCase(o));
    out.push(`    <system-out/>`, `    <system-err/>`, `  </testsuite>`);
  });
  out.push(`</testsuites>`);
  return out.join("\n") + "\n";
}

/** The four counts and the time of a group of outcomes. */
function tally(cases: readonly Outcome[]) {
  const n = { tests: cases.length, failures: 0, errors: 0, skipped: 0, time: 0 };
  for (const o of cases) {
    n.time += (o.ms ?? 0) / 1000;
    if (o.status === "fail") o.comparison ? n.failures++ : n.errors++;
    else if (o.status !== "pass" && o.status !== "xpass") n.skipped++;
  }
  return n;
}

function attrs(n: ReturnType<typeof tally>): string {
  return ` tests="${n.tests}" failures="${n.failures}" errors="${n.errors}" skipped="${n.skipped}" ` +
    `time="${Number(n.time.toFixed(3))}"`;
}

function junitCase(o: Outcome): string[] {
  const open = `    <testcase classname="nn-oracle.${esc(o.op)}" name="${esc(o.id)}" time="${
    (o.ms ?? 0) / 1000
  }"`;
  if (o.status === "pass") return [`${open}/>`];
  if (o.status === "xpass") {
    return [`${open}>`, `      <system-out>${esc(o.reason ?? "")}</system-out>`, `    </testcase>`];
  }
  if (o.status !== "fail") {
    const why = o.status === "xfail" ? `expected failure: ${o.reason}` : o.reason ?? o.status;
    return [`${open}>`, `      <skipped message="${esc(why)}"/>`, `    </testcase>`];
  }
  const w = o.comparison?.worst;
  const body = [
    w
      ? `worst: ${w.path}${
        w.scalar ? "" : `[${w.mismatch.index.join(",")}]`
      }: expected ${w.mismatch.expected}, got ${w.mismatch.got} (abs ${w.mismatch.absError}, rel ${w.mismatch.relError})`
      : "",
    ...(o.diagnoses ?? []).map((d) =>
      `${d.kind} [${d.id}]: ${d.message}${d.fix ? ` — fix: ${d.fix}` : ""}`
    ),
    o.request ? `request: ${o.request}` : "",
  ].filter(Boolean).join("\n");
  // a wrong answer is a failure; no answer to compare (an error, a crash, a timeout) is an error
  const element = o.comparison ? "failure" : "error";
  const type = (o.diagnoses ?? []).find((d) => d.kind !== "clue")?.id ??
    (o.comparison ? "mismatch" : "no-answer");
  return [
    `${open}>`,
    `      <${element} message="${esc(o.reason ?? "failed")}" type="${esc(type)}">${
      esc(body)
    }</${element}>`,
    `    </testcase>`,
  ];
}

/**
 * Text as XML 1.0 character data or an attribute value: markup escaped, line ends kept as character
 * references, and every character XML 1.0 forbids (controls, U+FFFE, U+FFFF, lone surrogates)
 * written out as `\uXXXX` so that the report stays well-formed and the text stays readable.
 */
function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;")
    .replace(
      /[^\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu,
      (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`,
    );
}
