/**
 * Judges every printed value of a worked example, step by step:
 * - `ok`: the printed value is the correct value (recomputed in float64 from the ORIGINAL inputs)
 *   rounded to the printed decimals, or lies within what rounding its inputs can propagate: interval
 *   arithmetic over each input's printed value ± half a unit in its last place (widened to hold the
 *   input's correct value), when every input is itself ok;
 * - `carried`: not ok, but the document's own step gives it from its earlier printed values, one of
 *   which is not ok (the error was carried over, not made here);
 * - `rounding`: a rounding slip at this step: the document's own step gives a value that the printed
 *   one is one unit off in its last digit, cut off (or rounded the wrong way) instead of rounded
 *   to nearest, e.g. 0.4431·(1 − 0.4431) = 0.246762 printed 0.2467;
 * - `wrong`: an arithmetic slip at this step that no rounding of the document's own earlier printed
 *   values explains. Where the document writes the operands out ("−0.1138 · 0.6522") they are taken exactly;
 *   where it does not ("a¹ = σ(z¹) ≈ …"), each may be off by half a unit in its last place, unless the
 *   document's own step made it exact.
 *
 * @module
 */
import { dependencies, evaluate, expression, type Interval, INTERVALS, NUMBERS } from "./arith.ts";
import type { PrintedStep, WorkedExample } from "./examples.ts";
import { approx, fixed, full, isExactAt } from "./format.ts";
import { PRINTED_VERDICTS, type PrintedVerdict } from "../spec/case_file.ts";

/** The verdict on one printed value. */
export type Verdict = PrintedVerdict;

/** Every verdict, from the best to the worst. */
export const VERDICTS: readonly Verdict[] = PRINTED_VERDICTS;

/** A verdict that marks a slip made at this step (an error's root), not one carried over. */
export const isSlip = (v: Verdict): boolean => v === "rounding" || v === "wrong";

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
  /** Ids of the values it uses that are not ok (for `carried`; also noted for slips). */
  readonly culprits: readonly string[];
  /** Ids of the slips (`rounding` or `wrong` values) an error here descends from. */
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
 * @example σ′(z²) of the [2,2,1] example is cut off: 0.4431·(1 − 0.4431) = 0.246762, printed 0.2467
 * ```ts
 * import assert from "node:assert";
 * import { EXAMPLE_221 } from "./examples.ts";
 * const s = judgeExample(EXAMPLE_221).values.find((v) => v.step.id === "dsig2.0")!;
 * assert.strictEqual(s.verdict, "rounding");
 * ```
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
  const roots = [...new Set(deps.flatMap((v) => isSlip(v.verdict) ? [v.step.id] : v.roots))];
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
    ids.map((id) => `${get(id).step.label} (${slipName(get(id).verdict)})`)
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
  const slip = roundingSlip(p, ownRange, d, fromPrevious);
  if (slip) {
    return {
      ...base,
      verdict: "rounding",
      why: `rounding slip at this step: ${own}${range}, printed ${
        fixed(p, d)
      } (${slip})${also}; ${correctly}`,
    };
  }
  return {
    ...base,
    verdict: "wrong",
    why: `arithmetic slip at this step: ${own}${range}, printed ${
      fixed(p, d)
    }${also}; ${correctly}`,
  };
}

/** x to `d` decimals, half away from zero, or cut off (toward zero). */
const toDecimals = (x: number, d: number, cut: boolean) => {
  const m = Math.abs(x) * 10 ** d;
  return Math.sign(x) * (cut ? Math.floor(m * (1 + 1e-12)) : Math.floor(m + 0.5 + 1e-9)) / 10 ** d;
};

/**
 * How a printed value comes from the document's own step by a faulty rounding, if it does: cut off
 * instead of rounded, or rounded twice (to d + 1 decimals, then to d: 0.00684992 → 0.00685 → 0.0069).
 * Both roundings are monotone, so over the step's range the printable values lie between the ends'.
 */
function roundingSlip(p: number, r: Interval, d: number, own: number): string | null {
  const via = fixed(toDecimals(own, d + 1, false), d + 1);
  const ways: [string, (x: number) => number][] = [
    ["cut off, not rounded", (x) => toDecimals(x, d, true)],
    [`rounded twice, via ${via}`, (x) => toDecimals(toDecimals(x, d + 1, false), d, false)],
  ];
  for (const [how, f] of ways) if (p >= f(r.lo) - EPS && p <= f(r.hi) + EPS) return how;
  return null;
}

const slipName = (v: Verdict) =>
  v === "wrong" ? "a slip" : v === "rounding" ? "a rounding slip" : v;

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
 * assert.strictEqual(n.ok + n.carried + n.rounding + n.wrong, EXAMPLE_221.steps.length);
 * ```
 */
export function countVerdicts(judged: readonly JudgedExample[]): Record<Verdict, number> {
  const n = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const e of judged) for (const v of e.values) n[v.verdict]++;
  return n;
}
