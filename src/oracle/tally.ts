/**
 * Counting outcomes: by status, by operation, by document section; the mistakes diagnosed and the
 * conventions detected across cases; and the exit status (0 only when every case that ran passed).
 *
 * @module
 */
import type { Outcome, Status } from "./judge.ts";

/** How many cases ended each way. */
export type Counts = Record<Status, number>;

/** A mistake or convention seen in failing cases. */
export interface Finding {
  /** The diagnosis id. */
  readonly id: string;
  /** "mistake" or "convention". */
  readonly kind: string;
  /** How many failing cases it explains. */
  readonly cases: number;
  /** Its message in the first such case. */
  readonly message: string;
  /** Its fix. */
  readonly fix?: string;
}

/** The whole run in numbers. */
export interface Summary {
  /** All cases. */
  readonly counts: Counts;
  /** Per operation. */
  readonly byOp: ReadonlyMap<string, Counts>;
  /** Per document section ("002 Backpropagation notes › 4. Complete Numerical Example"). */
  readonly bySection: ReadonlyMap<string, Counts>;
  /** Mistakes and conventions diagnosed, most frequent first. */
  readonly findings: readonly Finding[];
  /** The first relation each failing case breaks (src/oracle/localise.ts), most frequent first. */
  readonly relations: readonly Finding[];
  /** How many failing answers no diagnosis names (expected failures aside, as in the two below). */
  readonly undiagnosed: number;
  /** How many failing cases had no outputs to compare (error answers, crashes, protocol problems). */
  readonly unanswered: number;
  /** True when every case that ran passed (or failed as expected) and at least one ran. */
  readonly ok: boolean;
}

/** Short titles of the documents, for section labels (full titles in docs/DOCUMENTS.md). */
export const DOC_TITLES: Readonly<Record<string, string>> = {
  "000": "2 Layer NN",
  "001": "Part 2",
  "002": "Backpropagation notes",
  "003": "Layer by Layer",
};

/**
 * A section label for an outcome.
 *
 * @param o The outcome.
 * @returns E.g. `001 Part 2 › Backward Propagation`, or `generated › …` for cases from no document.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(sectionOf({ source: { doc: "001", section: "Softmax" } } as never), "001 Part 2 › Softmax");
 * ```
 */
export function sectionOf(o: Pick<Outcome, "source">): string {
  const { doc, section } = o.source;
  const head = doc === null ? "no document" : `${doc} ${DOC_TITLES[doc] ?? ""}`.trim();
  return section ? `${head} › ${section}` : head;
}

/**
 * An empty tally.
 *
 * @returns All counts zero.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(zeroCounts().fail, 0);
 * ```
 */
export function zeroCounts(): Counts {
  return { pass: 0, fail: 0, skip: 0, "not-run": 0, xfail: 0, xpass: 0 };
}

/**
 * Sums up a run.
 *
 * @param outcomes The verdicts.
 * @param stopped Whether the run stopped before its end.
 * @param options `strict`: an unexpected pass (`xpass`) fails the run.
 * @returns The summary; mistakes are counted over the failures, not the expected failures.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const o = (status: "pass" | "fail") => ({ id: "x", op: "relu" as const, file: "", source: { doc: null, section: "" }, tags: [], status });
 * assert.strictEqual(summarize([o("pass")], false).ok, true);
 * assert.strictEqual(summarize([o("pass"), o("fail")], false).ok, false);
 * assert.strictEqual(summarize([], false).ok, false);
 * const xpass = { ...o("pass"), status: "xpass" as const };
 * assert.strictEqual(summarize([xpass], false).ok, true);
 * assert.strictEqual(summarize([xpass], false, { strict: true }).ok, false);
 * ```
 */
export function summarize(
  outcomes: readonly Outcome[],
  stopped: boolean,
  options: { readonly strict?: boolean } = {},
): Summary {
  const counts = zeroCounts();
  const byOp = new Map<string, Counts>();
  const bySection = new Map<string, Counts>();
  const found = new Map<string, Finding>();
  const broken = new Map<string, Finding>();
  let undiagnosed = 0;
  let unanswered = 0;
  for (const o of outcomes) {
    counts[o.status]++;
    tally(byOp, o.op, o.status);
    tally(bySection, sectionOf(o), o.status);
    if (o.status !== "fail") continue;
    const causes = (o.diagnoses ?? []).filter((d) => d.kind !== "clue");
    const relation = o.diagnoses?.find((d) => d.id === "relation");
    if (relation?.title) {
      const f = broken.get(relation.title);
      const first = { id: "relation", kind: "relation", cases: 1, message: relation.title };
      broken.set(relation.title, f ? { ...f, cases: f.cases + 1 } : first);
    }
    if (!o.comparison) unanswered++;
    else if (causes.length === 0) undiagnosed++;
    for (const d of causes) {
      // one finding per id, however its message varies from case to case; a mistake is summed up
      // by its title, a convention by its first message
      const message = d.kind === "convention" ? d.message : d.title ?? d.message;
      const f = found.get(d.id);
      found.set(
        d.id,
        f
          ? { ...f, cases: f.cases + 1 }
          : { id: d.id, kind: d.kind, cases: 1, message, fix: d.fix },
      );
    }
  }
  const ran = counts.pass + counts.fail + counts.xfail + counts.xpass;
  return {
    counts,
    byOp,
    bySection,
    findings: [...found.values()].sort((a, b) => b.cases - a.cases),
    relations: [...broken.values()].sort((a, b) => b.cases - a.cases),
    undiagnosed,
    unanswered,
    ok: counts.fail === 0 && !(options.strict && counts.xpass > 0) && !stopped && ran > 0,
  };
}

function tally(m: Map<string, Counts>, key: string, s: Status): void {
  const c = m.get(key) ?? zeroCounts();
  c[s]++;
  m.set(key, c);
}
