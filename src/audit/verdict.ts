/**
 * Judges every printed value of a worked example, step by step:
 * - `ok`: the printed value is the correct value (recomputed in float64 from the ORIGINAL inputs)
 *   rounded to the printed decimals, or lies within what rounding its inputs can propagate: interval
 *   arithmetic over each input's printed value ± half a unit in its last place (widened to hold the
 *   input's correct value), when every input is itself ok;
 * - `carried`: not ok, but the document's own step gives it from its earlier printed values, one of
 *   which is not ok (the error was carried over, not made here);
 * - `wrong`: an arithmetic slip at this step: even the document's own earlier printed values do not
 *   give it. Where the document writes the operands out ("−0.1138 · 0.6522") they are taken exactly;
 *   where it does not ("a¹ = σ(z¹) ≈ …"), each may be off by half a unit in its last place, unless the
 *   document's own step made it exact.
 *
 * @module
 */
import { dependencies, evaluate, expression, type Interval, INTERVALS, NUMBERS } from "./arith.ts";
import type { PrintedStep, WorkedExample } from "./examples.ts";
import { approx, fixed, full, isExactAt } from "./format.ts";

/** The verdict on one printed value. */
export type Verdict = "ok" | "carried" | "wrong";

/** A printed value, judged. */
export interface JudgedValue {
  /** The step. */
  readonly step: PrintedStep;
  /** The correct value, from the original inputs in float64. */
  readonly correct: number;
  /** The value the document's own step gives from its earlier printed values. */
  readonly fromPrevious: number;
  /** The range the document's own step gives when its unwritten operands are ± their rounding. */
  readonly ownRange: Interval;
  /** The step written with the document's printed operands, e.g. `0.4431·(1 − 0.4431)`. */
  readonly shown: string;
  /** The verdict. */
  readonly verdict: Verdict;
  /** Ids of the values it uses that are not ok (for `carried`; also noted for `wrong`). */
  readonly culprits: readonly string[];
  /** Ids of the slips (`wrong` values) an error here descends from. */
  readonly roots: readonly string[];
  /** One sentence: why. */
  readonly why: string;
}

/** A summary table checked against the values it repeats. */
export interface JudgedRepeat {
  /** The subsection. */
  readonly part: string;
  /** How many values it repeats. */
  readonly count: number;
  /** The ids whose repetition differs from the first printing. */
  readonly mismatches: readonly string[];
}

/** A worked example, judged. */
export interface JudgedExample {
  /** The example. */
  readonly example: WorkedExample;
  /** Every printed value, in order. */
  readonly values: readonly JudgedValue[];
  /** The summary tables. */
  readonly repeats: readonly JudgedRepeat[];
}

const EPS = 1e-12;

/** Half a unit in the last place of a value printed with `d` decimals. */
const half = (d: number) => 0.5 / 10 ** d;

const within = (x: number, r: Interval, slack: number) =>
  x >= r.lo - slack - EPS && x <= r.hi + slack + EPS;

/**
 * Judges every printed value of a worked example.
 *
 * @param example The example.
 * @returns The verdicts, in the document's order.
 * @example z¹[0] of the [2,3,2] example is a slip: 0.1·0.9 + 0.4·0.1 + 0.1 = 0.23, printed 0.24
 * ```ts
 * import assert from "node:assert";
 * import { EXAMPLE_232 } from "./examples.ts";
 * const z = judgeExample(EXAMPLE_232).values.find((v) => v.step.id === "z1.0")!;
 * assert.strictEqual(z.verdict, "wrong");
 * assert.ok(Math.abs(z.fromPrevious - 0.23) < 1e-15);
 * ```
 */
export function judgeExample(example: WorkedExample): JudgedExample {
  const byId = new Map<string, JudgedValue>();
  const get = (id: string): JudgedValue => {
    const v = byId.get(id);
    if (!v) throw new RangeError(`Step uses "${id}" before it is printed (${example.id})`);
    return v;
  };
  for (const step of example.steps) {
    if (byId.has(step.id)) throw new RangeError(`Duplicate step "${step.id}" in ${example.id}`);
    byId.set(step.id, judgeStep(step, get));
  }
  const values = example.steps.map((s) => get(s.id));
  const repeats = example.repeats.map((r) => ({
    part: r.part,
    count: r.ids.length,
    mismatches: r.ids.filter((id, i) => get(id).step.printed !== r.printed[i]),
  }));
  return { example, values, repeats };
}

function judgeStep(step: PrintedStep, get: (id: string) => JudgedValue): JudgedValue {
  const { expr, printed: p, decimals: d } = step;
  const deps = dependencies(expr).map(get);
  const correct = evaluate(expr, NUMBERS, (id) => get(id).correct);
  const fromPrevious = evaluate(expr, NUMBERS, (id) => get(id).step.printed);
  const ownRange = evaluate(expr, INTERVALS, (id) => {
    const v = get(id);
    const exact = step.explicit || isExactAt(v.fromPrevious, v.step.decimals);
    const r = exact ? 0 : half(v.step.decimals);
    return { lo: v.step.printed - r, hi: v.step.printed + r };
  });
  const printedOf = (id: string) => fixed(get(id).step.printed, get(id).step.decimals);
  const shown = expr.kind === "same" && typeof expr.a === "string"
    ? `= ${get(expr.a).step.label}`
    : expression(expr, (o) => (typeof o === "number" ? String(o) : printedOf(o)));
  const culprits = deps.filter((v) => v.verdict !== "ok").map((v) => v.step.id);
  const roots = [...new Set(deps.flatMap((v) => v.verdict === "wrong" ? [v.step.id] : v.roots))];
  const base = { step, correct, fromPrevious, ownRange, shown, culprits, roots };

  const h = half(d);
  const correctly = `correct value ${approx(correct, d)}`;
  const own = expr.kind === "same" && typeof expr.a === "string"
    ? `it repeats ${get(expr.a).step.label} = ${printedOf(expr.a)}`
    : `${shown} = ${approx(fromPrevious, d)}`;
  if (Math.abs(p - correct) <= h + EPS) {
    const aside = within(p, ownRange, h) ? "" : `, though the document's own ${own}`;
    return { ...base, verdict: "ok", why: `${correctly}${aside}` };
  }
  if (culprits.length === 0 && within(p, propagated(step, get), h)) {
    return {
      ...base,
      verdict: "ok",
      why: `within the rounding of its inputs: ${own}; ${correctly}`,
    };
  }
  const names = (ids: readonly string[]) =>
    ids.map((id) => `${get(id).step.label} (${get(id).verdict === "wrong" ? "a slip" : "carried"})`)
      .join(", ");
  if (within(p, ownRange, h)) {
    const from = roots.length > 0 && roots.join() !== culprits.join()
      ? `; the slip${roots.length > 1 ? "s" : ""}: ${
        roots.map((id) => get(id).step.label).join(", ")
      }`
      : "";
    return {
      ...base,
      verdict: "carried",
      why: `carried over from ${names(culprits)}${from}: ${own}; ${correctly}`,
    };
  }
  const also = culprits.length > 0 ? `; it also uses ${names(culprits)}` : "";
  const range = step.explicit || ownRange.lo === ownRange.hi
    ? ""
    : ` (with its inputs ± their rounding: ${full(ownRange.lo)} to ${full(ownRange.hi)})`;
  // a slip by a unit in the last place is often the value cut off instead of rounded
  const cut = Math.trunc(fromPrevious * 10 ** d * (1 + 1e-12)) / 10 ** d === p;
  const printed = `printed ${fixed(p, d)}${cut ? " (cut off, not rounded)" : ""}`;
  return {
    ...base,
    verdict: "wrong",
    why: `arithmetic slip at this step: ${own}${range}, ${printed}${also}; ${correctly}`,
  };
}

/** The range of a step over its ok inputs: each printed value ± its rounding, widened to hold the correct value. */
function propagated(step: PrintedStep, get: (id: string) => JudgedValue): Interval {
  return evaluate(step.expr, INTERVALS, (id) => {
    const v = get(id);
    const { printed: p, decimals: d } = v.step;
    const exact = Math.abs(p - v.correct) <= EPS && isExactAt(v.correct, d);
    const r = exact ? 0 : half(d);
    return { lo: Math.min(p - r, v.correct), hi: Math.max(p + r, v.correct) };
  });
}

/**
 * How many values got each verdict.
 *
 * @param judged Judged examples.
 * @returns Counts by verdict.
 * @example Every printed value gets one verdict
 * ```ts
 * import assert from "node:assert";
 * import { EXAMPLE_221 } from "./examples.ts";
 * const n = countVerdicts([judgeExample(EXAMPLE_221)]);
 * assert.strictEqual(n.ok + n.carried + n.wrong, EXAMPLE_221.steps.length);
 * ```
 */
export function countVerdicts(judged: readonly JudgedExample[]): Record<Verdict, number> {
  const n: Record<Verdict, number> = { ok: 0, carried: 0, wrong: 0 };
  for (const e of judged) for (const v of e.values) n[v.verdict]++;
  return n;
}
