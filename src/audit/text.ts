/**
 * The audit as a terminal report: per worked example an aligned table of every printed value beside
 * the one the document's own step gives and the correct one, with the verdict; then the reasons for
 * the values that are not ok, the formula errata, and the other printed numbers.
 *
 * @module
 */
import { cite, type DocId, DOCUMENTS } from "./documents.ts";
import { approx, fixed } from "./format.ts";
import type { Audit } from "./report.ts";
import type { Verdict } from "./verdict.ts";

/** Options of {@linkcode renderText}. */
export interface TextOptions {
  /** Colour the verdicts with ANSI escapes. */
  readonly color: boolean;
}

const COLORS: Record<Verdict, string> = {
  ok: "\x1b[32m",
  carried: "\x1b[33m",
  rounding: "\x1b[35m",
  wrong: "\x1b[31m",
};

/**
 * Lays out rows as columns padded to their widest cell, two spaces apart.
 *
 * @param rows The cells, header first.
 * @param indent Spaces before each line.
 * @returns The lines.
 * @example Two columns
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(table([["a", "bb"], ["ccc", "d"]], 0), ["a    bb", "ccc  d"]);
 * ```
 */
export function table(rows: readonly (readonly string[])[], indent: number): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? "")].length)));
  return rows.map((r) =>
    " ".repeat(indent) +
    r.map((
      cell,
      i,
    ) => (i === r.length - 1 ? cell : cell + " ".repeat(widths[i] - [...cell].length)))
      .join("  ").trimEnd()
  );
}

/**
 * Renders the audit for a terminal.
 *
 * @param audit The audit.
 * @param options Whether to colour.
 * @returns The report, lines joined with `\n`.
 * @example A slip in the [2,3,2] example, without colours
 * ```ts
 * import assert from "node:assert";
 * import { runAudit } from "./report.ts";
 * const text = renderText(runAudit(), { color: false });
 * assert.match(text, /z¹\[0\] +0\.24 /);
 * assert.ok(!text.includes("\x1b["));
 * ```
 */
export function renderText(audit: Audit, options: TextOptions): string {
  const paint = (v: Verdict, s: string) => (options.color ? `${COLORS[v]}${s}\x1b[0m` : s);
  const out: string[] = [];
  const { ok, carried, rounding, wrong } = audit.counts;
  out.push(
    "Document audit: the worked examples' printed values, the formula errata, other printed numbers",
    `Printed values: ${ok} ok, ${carried} carried (an earlier printed error), ${rounding} rounding ` +
      `(cut off or rounded twice at that step), ${wrong} wrong (a slip no rounding explains)`,
    "",
  );
  for (const { example: ex, values, repeats } of audit.examples) {
    out.push(cite(ex.doc, ex.section), `  ${ex.title}`, "");
    const rows = [["value", "printed", "the document's own step", "gives", "correct", "verdict"]];
    for (const v of values) {
      const d = v.step.decimals;
      rows.push([
        v.step.label,
        fixed(v.step.printed, d),
        v.shown,
        approx(v.fromPrevious, d),
        approx(v.correct, d),
        v.verdict,
      ]);
    }
    const lines = table(rows, 2);
    out.push(
      lines[0],
      ...lines.slice(1).map((l, i) => {
        const v = values[i].verdict;
        return l.slice(0, l.length - v.length) + paint(v, v);
      }),
    );
    for (const r of repeats) {
      out.push(
        r.mismatches.length === 0
          ? `  ${r.part}: repeats ${r.count} values verbatim`
          : `  ${r.part}: differs from the first printing for ${r.mismatches.join(", ")}`,
      );
    }
    out.push("", "  Why, for the values that are not ok:");
    for (const v of values.filter((v) => v.verdict !== "ok")) {
      out.push(`    ${v.step.label} ${paint(v.verdict, v.verdict)}: ${v.why}`);
    }
    out.push("");
  }
  out.push(`Formula errata (${audit.errata.length})`);
  const rows = [["id", "document", "section", "kind"]];
  const notes: string[][] = [];
  for (const e of audit.errata) {
    rows.push([e.id, docName(e.doc), e.section, e.kind]);
    notes.push([`as printed:  ${e.printed}`, `correction:  ${e.correction}`]);
  }
  const lines = table(rows, 2);
  const pad = " ".repeat(2 + Math.max(...audit.errata.map((e) => e.id.length)) + 2);
  out.push(lines[0], ...lines.slice(1).flatMap((l, i) => [l, ...notes[i].map((n) => pad + n)]), "");
  out.push(`Checked and right, not errata (${audit.checked.length})`);
  for (const c of audit.checked) out.push(`  ${cite(c.doc, c.section)}: ${c.claim} — ${c.reason}`);
  out.push("", "Other printed numbers");
  const shapeRows = [["document", "section", "tensor", "printed", "counted", ""]];
  for (const s of audit.shapes) {
    shapeRows.push([
      docName(s.claim.doc),
      s.claim.section,
      s.claim.what,
      s.claim.printed.join(" × "),
      s.counted.join(" × "),
      s.ok ? "ok" : "wrong",
    ]);
  }
  out.push(...table(shapeRows, 2));
  const h = audit.oneHot;
  out.push(
    `  ${docName("001")}  one-hot y of a 2: [${h.printed.join(", ")}]  ${h.ok ? "ok" : "wrong"}`,
    "",
    `Documents: ${
      (Object.keys(DOCUMENTS) as DocId[]).map((d) => `${d} "${DOCUMENTS[d].title}"`).join("; ")
    }`,
  );
  return out.join("\n");
}

function docName(doc: DocId): string {
  return `"${DOCUMENTS[doc].short}" (${doc})`;
}
