/**
 * Naming the mistake: when an answer fails, the reference recomputes what each usual mistake of the
 * catalogue (src/oracle/mistakes.ts) would have produced — by its step changes, or by simulating the
 * network with its relations replaced (src/oracle/relation_naming.ts) — and the diagnosis says which
 * one the answer matches, in plain words, with the fix. When none matches alone, pairs are tried; then the generic clues:
 * shapes explained, a constant factor; and always the first relation of the documents that the
 * answer's own numbers break (src/oracle/localise.ts).
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import type { Tolerance } from "../spec/compare.ts";
import type { OpName } from "../spec/operations.ts";
import { fmt } from "../spec/compare.ts";
import {
  compareOutputs,
  type FieldResult,
  type OutputComparison,
} from "../spec/compare_outputs.ts";
import {
  askedConvention,
  FLOAT32_PRECISION,
  type MistakeContext,
  type MistakeId,
  MISTAKES,
  OUTPUTS_TRANSPOSED,
  stepForms,
  type SteppedMistake,
} from "./mistakes.ts";
import { localise } from "./localise.ts";
import { nameByRelations, type RelationVerdict } from "./relation_naming.ts";
import { FLOAT32_TOLERANCE } from "./precision.ts";
import { isObject } from "../spec/json.ts";
import { translateOutputs } from "./translate.ts";
import { type Change, evaluateVariant, variantsOf } from "./variants.ts";

/** One finding about a failing answer. */
export interface Diagnosis {
  /** The mistake id (`forgot-batch-mean`), or `shape`, `factor`, `relation`, `partial` for clues. */
  readonly id: MistakeId | "shape" | "factor" | "relation" | "partial";
  /** "mistake" and "convention" name a cause; "clue" narrows it down. */
  readonly kind: "mistake" | "convention" | "clue";
  /** What the answer matches, in plain words. */
  readonly message: string;
  /** The mistake in general, without this case's numbers (for summaries). */
  readonly title?: string;
  /** How to fix it. */
  readonly fix?: string;
}

/** A failing answer and what it was asked. */
export interface FailedAnswer {
  /** The operation. */
  readonly op: OpName;
  /** The layout of the request, when the operation takes one. */
  readonly layout?: Layout;
  /** The encoded inputs sent. */
  readonly inputs: Record<string, unknown>;
  /** The expected outputs (encoded, in the request's layout). */
  readonly expected: Record<string, unknown>;
  /** The outputs received. */
  readonly got: unknown;
  /** The tolerance the case was compared with. */
  readonly tolerance: Tolerance;
  /** The comparison that failed. */
  readonly comparison: OutputComparison;
}

const PAIR_LIMIT = 20000; // numbers in the inputs above which pairs of mistakes are not tried
const RELATION_LIMIT = 200000; // numbers above which relation mistakes are not simulated

/**
 * Says which usual mistake a failing answer matches.
 *
 * @param a The failing answer.
 * @returns The findings, causes first; empty when nothing is recognised.
 * @example A gradient twice too large over a batch of two
 * ```ts
 * import assert from "node:assert";
 * import { compareOutputs } from "../spec/compare_outputs.ts";
 * const inputs = { z: [[0, 0], [0, 0]], y: [[1, 0], [0, 1]] };
 * const expected = { dz: [[-0.25, 0.25], [0.25, -0.25]] };
 * const got = { dz: [[-0.5, 0.5], [0.5, -0.5]] };
 * const tolerance = { rtol: 1e-12, atol: 1e-14 };
 * const comparison = compareOutputs(got, expected, tolerance);
 * const d = diagnose({ op: "softmax_cross_entropy_grad", layout: "column", inputs, expected, got, tolerance, comparison });
 * assert.strictEqual(d[0].id, "forgot-batch-mean");
 * ```
 */
export function diagnose(a: FailedAnswer): Diagnosis[] {
  const convention = askedConvention(a.inputs);
  const ctx: MistakeContext = { op: a.op, layout: a.layout, N: answerBatchSize(a), convention };
  const matchTol = {
    rtol: Math.max(a.tolerance.rtol, 1e-8),
    atol: Math.max(a.tolerance.atol, 1e-11),
  };
  const out: Diagnosis[] = [];
  const candidates = stepForms(MISTAKES, ctx);
  const matches = predictor(a);
  const matched = candidates.filter((m) => matches(m.change, matchTol));
  for (const m of unique(matched)) {
    out.push({
      id: m.id,
      kind: m.kind,
      message: m.says(ctx),
      title: m.says(general(ctx)),
      fix: m.fix(ctx),
    });
  }
  const verdicts = inputSize(a.inputs) <= RELATION_LIMIT ? nameByRelations(a, matchTol) : [];
  for (const v of verdicts) {
    if (v.fit !== "named" || out.some((d) => d.id === v.mistake.id)) continue;
    const { id, says, fix } = v.mistake;
    out.push({ id, kind: "mistake", message: says(ctx), title: says(ctx), fix: fix(ctx) });
  }
  // a mistake whose effect is small (a tiny rate) can hide within float32 precision: it wins
  if (out.length === 0 && float32Only(a)) {
    const { id, kind, says, fix } = FLOAT32_PRECISION;
    return [{ id, kind, message: says(), fix: fix() }];
  }
  // listed after a mistake of one field that fits as well (a 1×1 δ looks the same transposed)
  if (a.layout && outputsTransposed(a, matchTol)) {
    out.push({
      id: OUTPUTS_TRANSPOSED.id,
      kind: OUTPUTS_TRANSPOSED.kind,
      message: OUTPUTS_TRANSPOSED.says(ctx),
      fix: OUTPUTS_TRANSPOSED.fix(ctx),
    });
    return out;
  }
  if (out.length === 0 && inputSize(a.inputs) <= PAIR_LIMIT) {
    out.push(...pairs(candidates, { ctx, tol: matchTol, matches }));
  }
  out.push(...shapeClues(a));
  if (out.every((d) => d.kind === "clue")) {
    out.push(...partialClues(verdicts, ctx), ...factorClue(a, ctx));
  }
  out.push(...relationClue(a));
  return out;
}

function float32Only(a: FailedAnswer): boolean {
  const wide = {
    rtol: Math.max(a.tolerance.rtol, FLOAT32_TOLERANCE.rtol),
    atol: Math.max(a.tolerance.atol, FLOAT32_TOLERANCE.atol),
  };
  return wide.rtol > a.tolerance.rtol && compareOutputs(a.got, a.expected, wide).ok;
}

/** The context without this case's numbers (for a title). */
function general({ op, layout, convention }: MistakeContext): MistakeContext {
  return { op, layout, convention };
}

/** Whether the answer is what a change to the computation gives (the inputs decoded once). */
type Matches = (change: Change, tol: Tolerance) => boolean;

function predictor(a: FailedAnswer): Matches {
  let predict: ReturnType<typeof variantsOf>;
  try {
    predict = variantsOf(a.op, { layout: a.layout, inputs: a.inputs });
  } catch {
    return () => false; // inputs the reference cannot read: nothing to recompute
  }
  return (change, tol) => {
    let predicted: Record<string, unknown>;
    try {
      predicted = predict(change);
    } catch {
      return false; // the mistake cannot happen with these shapes
    }
    if (compareOutputs(predicted, a.expected, tol).ok) return false; // indistinguishable here
    return compareOutputs(a.got, predicted, tol).ok && extrasAgree(a, change, tol);
  };
}

/** The optional outputs an answer may add (docs/PROTOCOL.md §3), and the operation that gives them. */
const EXTRAS: Partial<Record<OpName, { op: OpName; fields: string[]; inputs: string[] }>> = {
  sgd_step: { op: "backward", fields: ["dW", "db"], inputs: ["network", "x", "y", "cost"] },
  backward: { op: "forward", fields: ["z", "a"], inputs: ["network", "x"] },
  network_cost: { op: "forward", fields: ["z", "a"], inputs: ["network", "x"] },
};

/** A mistake that the answer's own optional outputs contradict is not named. */
function extrasAgree(a: FailedAnswer, v: Change, tol: Tolerance): boolean {
  const e = EXTRAS[a.op];
  const got = a.got;
  if (!e || !isObject(got)) return true;
  const present = e.fields.filter((k) => k in got);
  if (present.length === 0) return true;
  const inputs = Object.fromEntries(e.inputs.map((k) => [k, a.inputs[k]]));
  try {
    const predicted = evaluateVariant(e.op, { layout: a.layout, inputs }, v);
    const pick = (o: Record<string, unknown>) => Object.fromEntries(present.map((k) => [k, o[k]]));
    return compareOutputs(pick(got), pick(predicted), tol).ok;
  } catch {
    return true; // the optional outputs cannot be predicted: they neither confirm nor contradict
  }
}

function unique(ms: SteppedMistake[]): SteppedMistake[] {
  const seen = new Set<string>();
  return ms.filter((m) => !seen.has(m.id) && seen.add(m.id));
}

function pairs(
  ms: SteppedMistake[],
  o: { ctx: MistakeContext; tol: Tolerance; matches: Matches },
): Diagnosis[] {
  const { ctx } = o;
  for (let i = 0; i < ms.length; i++) {
    for (let j = i + 1; j < ms.length; j++) {
      const [p, q] = [ms[i], ms[j]];
      // two changes of one step cannot both happen
      if (p.id === q.id || Object.keys(p.change).some((k) => k in q.change)) continue;
      if (o.matches({ ...p.change, ...q.change }, o.tol)) {
        return [p, q].map((m) => ({
          id: m.id,
          kind: m.kind,
          message: `${m.says(ctx)} (together with ${m === p ? q.id : p.id})`,
          title: m.says(general(ctx)),
          fix: m.fix(ctx),
        }));
      }
    }
  }
  return [];
}

function outputsTransposed(a: FailedAnswer, tol: Tolerance): boolean {
  const flipped = translateOutputs(a.op, a.expected);
  if (!compareOutputs(a.got, flipped, tol).ok) return false;
  return !compareOutputs(flipped, a.expected, tol).ok;
}

function shapeClues(a: FailedAnswer): Diagnosis[] {
  const N = answerBatchSize(a);
  const out: Diagnosis[] = [];
  for (const f of a.comparison.fields) {
    if (!f.comparison?.shapeError || !f.got || !f.expected) continue;
    const [gr, gc] = [f.got.rows, f.got.cols];
    const [er, ec] = [f.expected.rows, f.expected.cols];
    let guess = "";
    if (gr === ec && gc === er) guess = `: ${name(f)} is transposed?`;
    else if (
      N !== undefined && /db/.test(f.path) && ((gr === er && gc === N) || (gc === ec && gr === N))
    ) {
      guess = `: ${name(f)} was not summed over the batch of ${N}?`;
    } else if (N !== undefined && (gc === N || gr === N) && er * ec !== gr * gc) {
      guess = `: the batch of ${N} ended up on the wrong axis?`;
    }
    out.push({
      id: "shape",
      kind: "clue",
      message: `${f.path}: got ${gr}×${gc}, expected ${er}×${ec}${guess}`,
    });
  }
  return out;
}

function name(f: FieldResult): string {
  return f.path.replace(/\[\d+\]$/, "").replace(/^.*\./, "");
}

const FACTORS: [string, (N: number, nL: number) => number][] = [
  ["N, the batch size", (N) => N],
  ["1/N", (N) => 1 / N],
  ["2", () => 2],
  ["1/2", () => 0.5],
  ["−1", () => -1],
  ["n_L, the output width", (_N, nL) => nL],
  ["1/n_L", (_N, nL) => 1 / nL],
  ["2/n_L", (_N, nL) => 2 / nL],
  ["n_L/2", (_N, nL) => nL / 2],
];

function factorClue(a: FailedAnswer, ctx: MistakeContext): Diagnosis[] {
  let k: number | undefined;
  for (const f of a.comparison.fields) {
    if (f.ok || !f.got || !f.expected || f.comparison?.shapeError) continue;
    for (let i = 0; i < f.expected.data.length; i++) {
      const [g, e] = [f.got.data[i], f.expected.data[i]];
      if (!Number.isFinite(g) || !Number.isFinite(e)) return [];
      if (Math.abs(e) < 1e-300) {
        if (Math.abs(g) > 1e-300) return [];
        continue;
      }
      const r = g / e;
      if (k === undefined) k = r;
      else if (Math.abs(r - k) > 1e-6 * Math.abs(k)) return [];
    }
  }
  if (k === undefined || Math.abs(k - 1) < 1e-9) return [];
  const N = ctx.N ?? NaN;
  const nL = outputWidth(a) ?? NaN;
  const named = FACTORS.find(([, f]) => Math.abs(f(N, nL) - k!) <= 1e-6 * Math.abs(k!));
  const what = named
    ? ` (${named[0]}${/^[−\d]/.test(named[0]) ? "" : ` = ${fmt(named[1](N, nL))}`})`
    : "";
  return [{
    id: "factor",
    kind: "clue",
    message: `every wrong value is ${fmt(k)} times the expected one${what}`,
    fix: "look for a missing or extra constant factor",
  }];
}

function partialClues(verdicts: readonly RelationVerdict[], ctx: MistakeContext): Diagnosis[] {
  return verdicts.filter((v) => v.fit === "partial").map(({ mistake: m }) => ({
    id: "partial",
    kind: "clue",
    message: `partly explained by [${m.id}]: ${
      m.says(ctx)
    } — it fits some wrong values of this case, not all`,
    fix: m.fix(ctx),
  }));
}

function relationClue(a: FailedAnswer): Diagnosis[] {
  const l = localise(a);
  if (!l) return [];
  return [{ id: "relation", kind: "clue", message: l.message, title: l.formula }];
}

function answerBatchSize(a: FailedAnswer): number | undefined {
  const x = a.inputs.x ?? a.inputs.z ?? a.inputs.a ?? a.inputs.p;
  if (a.op === "shapes") return typeof a.inputs.batch === "number" ? a.inputs.batch : undefined;
  if (!a.layout || !Array.isArray(x) || !Array.isArray(x[0])) return undefined;
  return a.layout === "row" ? x.length : x[0].length;
}

function outputWidth(a: FailedAnswer): number | undefined {
  const y = a.inputs.y;
  if (!Array.isArray(y) || !Array.isArray(y[0])) return undefined;
  return a.layout === "row" ? y[0].length : y.length;
}

function inputSize(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((s: number, x) => s + inputSize(x), 0);
  if (isObject(v)) return Object.values(v).reduce((s: number, x) => s + inputSize(x), 0);
  return 1;
}
