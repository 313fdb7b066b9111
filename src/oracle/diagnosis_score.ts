/**
 * How well the diagnosis did on a client whose mistake is known (the broken clients of
 * examples/broken): of its failing cases, how many name the mistake, how many name something else
 * only, and how many are localised (named, or given the first relation their numbers break).
 *
 * @module
 */
import type { Outcome } from "./judge.ts";

/** The tally for one client. */
export interface DiagnosisScore {
  /** Failing cases (fail and xfail). */
  readonly failing: number;
  /** Failing cases that came back with outputs to compare (the others errored or crashed). */
  readonly compared: number;
  /** Compared failing cases that name one of the client's mistakes. */
  readonly named: number;
  /** Compared failing cases that name only mistakes the client does not make. */
  readonly misnamed: number;
  /** Compared failing cases that are named or carry a relation clue. */
  readonly localised: number;
  /** The ids of the cases that name no mistake of the client's (for the report). */
  readonly unnamed: readonly string[];
}

/**
 * Scores the outcomes of a run of a client whose mistakes are known.
 *
 * @param outcomes The outcomes of the run.
 * @param mistakes The ids that name the client's mistake (several when mistakes coincide).
 * @returns The tally.
 * @example One case named, one localised only
 * ```ts
 * import assert from "node:assert";
 * const base = { op: "backward" as const, file: "f", source: { doc: null, section: "" }, tags: [], status: "fail" as const,
 *   comparison: { ok: false, fields: [] } };
 * const outcomes = [
 *   { ...base, id: "a", diagnoses: [{ id: "dw-transposed", kind: "mistake", message: "" } as const] },
 *   { ...base, id: "b", diagnoses: [{ id: "relation", kind: "clue", message: "" } as const] },
 * ];
 * const s = scoreDiagnosis(outcomes, ["dw-transposed"]);
 * assert.deepStrictEqual([s.failing, s.named, s.localised, s.unnamed], [2, 1, 2, ["b"]]);
 * ```
 */
export function scoreDiagnosis(
  outcomes: readonly Outcome[],
  mistakes: readonly string[],
): DiagnosisScore {
  const failing = outcomes.filter((o) => o.status === "fail" || o.status === "xfail");
  const compared = failing.filter((o) => o.comparison);
  let named = 0;
  let misnamed = 0;
  let localised = 0;
  const unnamed: string[] = [];
  for (const o of compared) {
    const causes = (o.diagnoses ?? []).filter((d) => d.kind !== "clue").map((d) => d.id);
    const right = causes.some((id) => mistakes.includes(id));
    if (right) named++;
    else unnamed.push(o.id);
    if (!right && causes.length > 0) misnamed++;
    if (causes.length > 0 || (o.diagnoses ?? []).some((d) => d.id === "relation")) localised++;
  }
  return {
    failing: failing.length,
    compared: compared.length,
    named,
    misnamed,
    localised,
    unnamed,
  };
}

/**
 * The mistake ids a broken client's header declares: a line `Oracle name: "id"` (or
 * `Oracle names: "a", "b"` when the client's answers fit two mistakes alike).
 *
 * @param source The client's source text.
 * @returns The ids, empty when the header declares none.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(declaredMistakes('// broken. Oracle name: "dw-transposed".'), ["dw-transposed"]);
 * assert.deepStrictEqual(declaredMistakes('// Oracle names: "a", "b"'), ["a", "b"]);
 * ```
 */
export function declaredMistakes(source: string): string[] {
  const m = /Oracle names?: ((?:"[a-z0-9-]+"(?:,\s*)?)+)/.exec(source);
  return m ? [...m[1].matchAll(/"([a-z0-9-]+)"/g)].map((x) => x[1]) : [];
}
