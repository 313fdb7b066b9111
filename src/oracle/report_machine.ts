/**
 * The reports for machines: JSON (everything, numbers encoded as in the fixtures) and JUnit XML (one
 * test suite per operation, one test case per fixture case) for CI dashboards.
 *
 * @module
 */
import { encodeNumber } from "../spec/number_codec.ts";
import type { Outcome } from "./judge.ts";
import { type Counts, sectionOf, type Summary } from "./tally.ts";
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

/**
 * The JUnit XML report: a suite per operation; a failure element per failing case, holding the worst
 * element, the diagnosis and the request; skipped elements for skipped cases and expected failures.
 *
 * @param outcomes The verdicts.
 * @param options The summary and the run info.
 * @returns The XML text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { summarize } from "./tally.ts";
 * const o = { id: "r<1>", op: "relu" as const, file: "f", source: { doc: null, section: "" }, tags: [], status: "fail" as const, reason: "a & b" };
 * const xml = junitReport([o], { summary: summarize([o], false), info: { title: "t", events: [] } });
 * assert.match(xml, /<testcase classname="nn-oracle.relu" name="r&lt;1&gt;"/);
 * assert.match(xml, /<failure message="a &amp; b"/);
 * ```
 */
export function junitReport(
  outcomes: readonly Outcome[],
  options: { summary: Summary; info: RunInfo },
): string {
  const { summary, info } = options;
  const c = summary.counts;
  const out = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="nn-oracle: ${
      esc(info.title)
    }" tests="${outcomes.length}" failures="${c.fail}" skipped="${
      c.skip + c["not-run"] + c.xfail
    }">`,
  ];
  const ops = [...summary.byOp.keys()].sort();
  for (const op of ops) {
    const counts: Counts = summary.byOp.get(op)!;
    const cases = outcomes.filter((o) => o.op === op);
    const time = cases.reduce((s, o) => s + (o.ms ?? 0), 0) / 1000;
    out.push(
      `  <testsuite name="${esc(op)}" tests="${cases.length}" failures="${counts.fail}" skipped="${
        counts.skip + counts["not-run"] + counts.xfail
      }" time="${time}">`,
    );
    for (const o of cases) out.push(...junitCase(o));
    out.push(`  </testsuite>`);
  }
  out.push(`</testsuites>`);
  return out.join("\n") + "\n";
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
  const type = (o.diagnoses ?? []).find((d) => d.kind !== "clue")?.id ?? "mismatch";
  return [
    `${open}>`,
    `      <failure message="${esc(o.reason ?? "failed")}" type="${esc(type)}">${
      esc(body)
    }</failure>`,
    `    </testcase>`,
  ];
}

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(
    /"/g,
    "&quot;",
  )
    // deno-lint-ignore no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");
}
