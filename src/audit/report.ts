/**
 * The whole audit in one value: every worked example judged, the formula errata, the claims checked
 * and found right, and the other printed numbers; and its plain-JSON form for `deno task audit -- --json`.
 *
 * @module
 */
import { type CheckedShape, checkShapes, ONE_HOT_CLAIM } from "./claims.ts";
import { CHECKED_CLAIMS, type CheckedClaim, ERRATA, type Erratum } from "./errata.ts";
import { EXAMPLES } from "./examples.ts";
import { countVerdicts, type JudgedExample, judgeExample, type Verdict } from "./verdict.ts";

/** Everything the audit found. */
export interface Audit {
  /** The worked examples, judged. */
  readonly examples: readonly JudgedExample[];
  /** How many printed values got each verdict. */
  readonly counts: Record<Verdict, number>;
  /** The formula errata. */
  readonly errata: readonly Erratum[];
  /** Claims checked and found right. */
  readonly checked: readonly CheckedClaim[];
  /** Printed shapes, checked. */
  readonly shapes: readonly CheckedShape[];
  /** Document 001's printed one-hot target, and whether it is right. */
  readonly oneHot: {
    readonly printed: readonly number[];
    readonly counted: number[];
    readonly ok: boolean;
  };
}

/**
 * Runs the audit.
 *
 * @returns What it found.
 * @example Both worked examples and the errata
 * ```ts
 * import assert from "node:assert";
 * const a = runAudit();
 * assert.strictEqual(a.examples.length, 2);
 * assert.ok(a.errata.length > 0);
 * ```
 */
export function runAudit(): Audit {
  const examples = EXAMPLES.map(judgeExample);
  const counted = ONE_HOT_CLAIM.printed.map((_, k) => (k === ONE_HOT_CLAIM.label ? 1 : 0));
  return {
    examples,
    counts: countVerdicts(examples),
    errata: ERRATA,
    checked: CHECKED_CLAIMS,
    shapes: checkShapes(),
    oneHot: {
      printed: ONE_HOT_CLAIM.printed,
      counted,
      ok: counted.every((v, k) => v === ONE_HOT_CLAIM.printed[k]),
    },
  };
}

/**
 * The audit as plain JSON: numbers as numbers, one record per printed value.
 *
 * @param audit The audit.
 * @returns A JSON-serialisable object.
 * @example The verdict of one printed value
 * ```ts
 * import assert from "node:assert";
 * const j = auditJson(runAudit()) as { examples: { values: { id: string; verdict: string }[] }[] };
 * assert.strictEqual(j.examples[1].values.find((v) => v.id === "z1.0")?.verdict, "wrong");
 * ```
 */
export function auditJson(audit: Audit): unknown {
  return {
    format: "nn-oracle-audit/1",
    counts: audit.counts,
    examples: audit.examples.map(({ example: ex, values, repeats }) => ({
      id: ex.id,
      doc: ex.doc,
      section: ex.section,
      title: ex.title,
      values: values.map((v) => ({
        id: v.step.id,
        label: v.step.label,
        part: v.step.part,
        printed: v.step.printed,
        decimals: v.step.decimals,
        step: v.shown,
        from_previous: v.fromPrevious,
        correct: v.correct,
        verdict: v.verdict,
        culprits: v.culprits,
        roots: v.roots,
        why: v.why,
      })),
      repeats,
    })),
    errata: audit.errata.map(({ anchor: _a, needle: _n, ...e }) => e),
    checked: audit.checked.map(({ anchor: _a, needle: _n, ...c }) => c),
    shapes: audit.shapes.map(({ claim, counted, ok }) => ({
      id: claim.id,
      doc: claim.doc,
      section: claim.section,
      what: claim.what,
      printed: claim.printed,
      counted,
      ok,
    })),
    one_hot: audit.oneHot,
  };
}
