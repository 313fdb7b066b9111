/**
 * The verdict on one case: what was sent, what came back, whether it agrees, and when it does not,
 * the worst element and the diagnosis. Subprocess mode and results mode both end here.
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import type { Tolerance } from "../spec/compare.ts";
import type { OpName } from "../spec/operations.ts";
import type { CaseSource } from "../spec/case_file.ts";
import { compareOutputs, type OutputComparison } from "../spec/compare_outputs.ts";
import { diagnose, type Diagnosis } from "./diagnose.ts";
import type { Planned } from "./selection.ts";

/** How a case ended. `xfail`/`xpass` come from an expectations file. */
export type Status = "pass" | "fail" | "skip" | "not-run" | "xfail" | "xpass";

/** The verdict on one case. */
export interface Outcome {
  /** The case id. */
  readonly id: string;
  /** Its operation. */
  readonly op: OpName;
  /** Its fixture file. */
  readonly file: string;
  /** Its document and section. */
  readonly source: CaseSource;
  /** Its tags. */
  readonly tags: readonly string[];
  /** The verdict. */
  readonly status: Status;
  /** One line: why it failed, was skipped, not run, or expected to fail. */
  readonly reason?: string;
  /** The layout the request was sent in. */
  readonly layout?: Layout;
  /** The case's own layout, when it was sent transposed. */
  readonly translatedFrom?: Layout;
  /** The tolerance compared with. */
  readonly tolerance?: Tolerance;
  /** The comparison, when outputs came back. */
  readonly comparison?: OutputComparison;
  /** What the failing answer matches. */
  readonly diagnoses?: readonly Diagnosis[];
  /** The exact request line sent (subprocess mode). */
  readonly request?: string;
  /** The case's notes: what a failure probably means. */
  readonly notes?: string;
  /** Lines the program wrote on stdout that were not the answer. */
  readonly noise?: readonly string[];
  /** Milliseconds from request to answer. */
  readonly ms?: number;
}

/** What came back for a case. */
export type Answer =
  | { readonly outputs: unknown }
  | { readonly error: string }
  | { readonly problem: string };

/**
 * The outcome of a case that was not sent.
 *
 * @param p The plan.
 * @param status "skip" or "not-run".
 * @param reason Why.
 * @returns The outcome.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const c = { id: "r", op: "relu", inputs: {}, expected: {}, tolerance: { class: "exact" },
 *   source: { doc: null, section: "" }, tags: [], notes: "" } as const;
 * assert.strictEqual(unsent({ c, file: "f.json" }, "skip", "operation relu not announced").status, "skip");
 * ```
 */
export function unsent(p: Planned, status: "skip" | "not-run", reason: string): Outcome {
  return { ...identity(p), status, reason };
}

function identity(p: Planned) {
  return {
    id: p.c.id,
    op: p.c.op,
    file: p.file,
    source: p.c.source,
    tags: p.c.tags,
    notes: p.c.notes,
  };
}

/**
 * Judges an answer.
 *
 * @param p The plan of the case (it must have `send`).
 * @param answer Outputs, an error the program reported, or a problem with how it answered.
 * @param extra The request line, stray stdout lines and the time taken.
 * @returns The outcome.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const c = { id: "r", op: "relu", inputs: { z: [[0]] }, expected: { a: [[0]] }, tolerance: { class: "exact" },
 *   source: { doc: null, section: "" }, tags: [], notes: "" } as const;
 * const p = { c, file: "f.json", send: { inputs: c.inputs, expected: c.expected, tolerance: { rtol: 0, atol: 0 } } };
 * assert.strictEqual(judge(p, { outputs: { a: [[0]] } }).status, "pass");
 * assert.strictEqual(judge(p, { outputs: { a: [[1]] } }).status, "fail");
 * assert.match(judge(p, { error: "boom" }).reason ?? "", /answered with an error: boom/);
 * ```
 */
export function judge(
  p: Planned,
  answer: Answer,
  extra: { request?: string; noise?: readonly string[]; ms?: number } = {},
): Outcome {
  const send = p.send!;
  const base = {
    ...identity(p),
    layout: send.layout,
    translatedFrom: send.translatedFrom,
    tolerance: send.tolerance,
    request: extra.request,
    noise: extra.noise?.length ? extra.noise : undefined,
    ms: extra.ms,
  };
  if ("problem" in answer) return { ...base, status: "fail", reason: answer.problem };
  if ("error" in answer) {
    return {
      ...base,
      status: "fail",
      reason: `the program answered with an error: ${answer.error}`,
    };
  }
  const comparison = compareOutputs(answer.outputs, send.expected, send.tolerance);
  const noisy = base.noise
    ? `wrote ${base.noise.length} stray line(s) on stdout, e.g. ${
      base.noise[0]
    } (stdout is for protocol lines only; log to stderr)`
    : undefined;
  if (comparison.ok) {
    return noisy
      ? { ...base, status: "fail", reason: noisy, comparison }
      : { ...base, status: "pass", comparison };
  }
  let diagnoses: Diagnosis[] = [];
  try {
    diagnoses = diagnose({
      op: p.c.op,
      layout: send.layout,
      inputs: send.inputs,
      expected: send.expected,
      got: answer.outputs,
      tolerance: send.tolerance,
      comparison,
    });
  } catch {
    // a diagnosis is a help; an answer too odd to diagnose is still reported by its comparison
  }
  return { ...base, status: "fail", reason: noisy ?? headline(comparison), comparison, diagnoses };
}

/** The first problem of a failed comparison, in one line. * @example
 * ```ts
 * import assert from "node:assert";
 * import { compareOutputs } from "../spec/compare_outputs.ts";
 * assert.strictEqual(headline(compareOutputs({ a: [[1, 2]] }, { a: [[1]] }, { rtol: 0, atol: 0 })), "a: shape mismatch, got 1×2, expected 1×1");
 * ```
 */
export function headline(c: OutputComparison): string {
  const problem = c.fields.find((f) => f.problem);
  if (problem) return `${problem.path}: ${problem.problem}`;
  const shape = c.fields.find((f) => f.comparison?.shapeError);
  if (shape) return `${shape.path}: shape mismatch, ${shape.comparison!.shapeError}`;
  const bad = c.fields.filter((f) => !f.ok).map((f) => f.path);
  return `${bad.join(", ")} out of tolerance`;
}
