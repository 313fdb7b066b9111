/**
 * A gradient checker for anyone's code: give it a scalar function of some parameters, the gradient your
 * code computed, and it compares every entry (or a seeded sample) with a Richardson-extrapolated
 * central difference, naming each entry by path (`layers[1].dW[3,17]`), worst first.
 *
 * Where the function has a kink inside the step (a ReLU pre-activation crossing 0), a difference
 * quotient is not a derivative; the entry is then reported as "kink" when the analytic value lies
 * between the left and right slopes, and fails only when it lies outside them.
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import { cloneNetwork, costOf, type ForwardPass, type Network } from "../reference/network.ts";
import { backpropagate, propagate } from "../reference/propagate.ts";
import type { CostData } from "./dual.ts";
import { centralStep, type DerivativeEstimates, derivativeEstimates } from "./finite_diff.ts";
import { Matrix } from "../reference/matrix.ts";
import {
  entryPath,
  gradientGroups,
  type NetworkGradients,
  networkGroups,
  type ParameterGroup,
  storageOf,
} from "./network_params.ts";
import { createRng } from "../reference/random.ts";
import { fmt } from "../spec/compare.ts";
import { TOLERANCE_CLASSES } from "../spec/tolerance.ts";

/** The outcome for one entry: agrees, sits on a kink between its one-sided slopes, or is wrong. */
export type GradientVerdict = "pass" | "kink" | "fail";

/** One checked entry of the gradient. */
export interface GradientEntry {
  /** Its name, e.g. `layers[1].dW[3,17]` or `w[2]`. */
  readonly path: string;
  /** The parameter's value x. */
  readonly x: number;
  /** The gradient entry under test. */
  readonly analytic: number;
  /** The Richardson-extrapolated central difference (the reference). */
  readonly numeric: number;
  /** |analytic − numeric|. */
  readonly absError: number;
  /** absError / |numeric| (Infinity when numeric is 0 and analytic is not). */
  readonly relError: number;
  /** The error allowed: atol + rtol·|numeric| + fUlps·roundoff of the numeric value. */
  readonly allowed: number;
  /** The outcome. */
  readonly verdict: GradientVerdict;
  /** The step h used (h/2 too). */
  readonly step: number;
  /** The slope from the left, (f(x) − f(x − h))/h. */
  readonly left: number;
  /** The slope from the right, (f(x + h) − f(x))/h. */
  readonly right: number;
  /** When a kink was detected: the interval the analytic value must lie in. */
  readonly bracket?: readonly [number, number];
  /** Why the entry is a kink or failed, in words. */
  readonly note?: string;
}

/** The tolerance a report was judged by. */
export interface GradientTolerance {
  /** Relative part, times |numeric|. */
  readonly rtol: number;
  /** Absolute part. */
  readonly atol: number;
  /** How many ulps of max|f| each value of f is taken to be accurate to (scales the rounding term). */
  readonly fUlps: number;
}

/** The result of a check. */
export interface GradientReport {
  /** True when no entry failed (kinks do not fail). */
  readonly ok: boolean;
  /** Every checked entry, failures first, then kinks, then passes, each by error/allowed descending. */
  readonly entries: readonly GradientEntry[];
  /** How many entries were checked. */
  readonly checked: number;
  /** How many entries there were to choose from (after `only`). */
  readonly total: number;
  /** How many failed. */
  readonly failed: number;
  /** How many sat on a kink. */
  readonly kinks: number;
  /** The tolerance used. */
  readonly tolerance: GradientTolerance;
  /** The sampling seed, when a sample was drawn. */
  readonly seed?: number;
}

/** Options of {@linkcode checkGradient}. */
export interface GradientCheckOptions<P> {
  /** Relative tolerance; 1e-6 by default (the fixtures' finite_difference class). */
  readonly rtol?: number;
  /** Absolute tolerance; 1e-9 by default (the fixtures' finite_difference class). */
  readonly atol?: number;
  /** Accuracy of f in ulps of its magnitude, for the rounding term of the tolerance; 16 by default. */
  readonly fUlps?: number;
  /** Check only this many entries, drawn at random (without replacement) with `seed`. */
  readonly sample?: number;
  /** Seed of the sample; 0 by default. */
  readonly seed?: number;
  /** Check only entries whose path matches. */
  readonly only?: RegExp | ((path: string) => boolean);
  /**
   * The quantities whose sign switches a piece of f (ReLU pre-activations, the argument of |·| or
   * max): called right after f, on the same parameters. An entry whose step makes any of them change
   * sign (z > 0 versus z ≤ 0) is judged as a kink.
   */
  readonly switches?: (params: P) => ArrayLike<number>;
  /** The step at x; {@linkcode centralStep} by default. */
  readonly step?: (x: number) => number;
}

/** Analytic gradients: one array or matrix per group, in order; or a network's gradients. */
export type AnalyticGradient = readonly (Float64Array | Matrix)[] | NetworkGradients;

const DEFAULTS = {
  rtol: TOLERANCE_CLASSES.finite_difference.rtol,
  atol: TOLERANCE_CLASSES.finite_difference.atol,
  fUlps: 16,
};

/**
 * Checks an analytic gradient of f against finite differences, entry by entry.
 *
 * `params` is either a list of named groups (matrices or Float64Arrays) or a {@linkcode Network}; f is
 * called with a private copy of it in which one entry at a time is moved to x ± h/2 and x ± h, so your
 * own objects are never modified. For a network, entries are named after its gradients:
 * `layers[l].dW[i,j]` and `layers[l].db[i,j]` (l the 0-based array index), and `analytic` is a
 * gradients object such as `backward` returns.
 *
 * @param f The scalar function (a cost) of the parameters.
 * @param params The parameters at which to check.
 * @param analytic The gradient to test, aligned with the groups (or a network's dW/db).
 * @param options Tolerance, sampling, kink switches.
 * @returns The report, worst entry first.
 * @example Check the gradient of your own function
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * // f(w, b) = Σᵢ (wᵢ·b)², so ∂f/∂wᵢ = 2wᵢb², ∂f/∂b = 2bΣwᵢ²
 * const w = new Float64Array([1, -2, 3]);
 * const b = Matrix.from([[0.5]]);
 * const f = ([w, b]: { values: Float64Array | Matrix }[]) => {
 *   const bv = (b.values as Matrix).get(0, 0);
 *   return (w.values as Float64Array).reduce((s, wi) => s + (wi * bv) ** 2, 0);
 * };
 * const good = [w.map((wi) => 2 * wi * 0.25), Matrix.from([[2 * 0.5 * 14]])];
 * const report = checkGradient(f, [{ path: "w", values: w }, { path: "b", values: b }], good);
 * assert.ok(report.ok);
 * assert.strictEqual(report.checked, 4);
 *
 * const bad = [w.map((wi) => wi * 0.25), good[1]]; // forgot the factor 2 in ∂f/∂w
 * const r = checkGradient(f, [{ path: "w", values: w }, { path: "b", values: b }], bad);
 * assert.strictEqual(r.failed, 3);
 * assert.strictEqual(r.entries[0].path, "w[2]"); // the largest error first
 * ```
 */
export function checkGradient<P extends readonly ParameterGroup[] | Network>(
  f: (params: P) => number,
  params: P,
  analytic: AnalyticGradient,
  options: GradientCheckOptions<P> = {},
): GradientReport {
  const tolerance = {
    rtol: options.rtol ?? DEFAULTS.rtol,
    atol: options.atol ?? DEFAULTS.atol,
    fUlps: options.fUlps ?? DEFAULTS.fUlps,
  };
  const isNet = !Array.isArray(params);
  const copy = isNet ? cloneNetwork(params as Network) : cloneGroups(params as ParameterGroup[]);
  const groups = isNet ? networkGroups(copy as Network) : (copy as ParameterGroup[]);
  const grads = alignAnalytic(groups, analytic);
  const chosen = chooseEntries(groups, options);
  const entries = chosen.all.map(([g, k]) =>
    checkEntry({
      f: () => f(copy as P),
      switches: options.switches && (() => options.switches!(copy as P)),
      group: groups[g],
      k,
      analytic: grads[g][k],
      tolerance,
      step: options.step ?? centralStep,
    })
  );
  entries.sort(worstFirst);
  const failed = entries.filter((e) => e.verdict === "fail").length;
  return {
    ok: failed === 0,
    entries,
    checked: entries.length,
    total: chosen.total,
    failed,
    kinks: entries.filter((e) => e.verdict === "kink").length,
    tolerance,
    ...(options.sample !== undefined ? { seed: options.seed ?? 0 } : {}),
  };
}

function cloneGroups(groups: readonly ParameterGroup[]): ParameterGroup[] {
  return groups.map((g) => ({
    path: g.path,
    values: g.values instanceof Matrix ? g.values.clone() : g.values.slice(),
  }));
}

function alignAnalytic(groups: ParameterGroup[], analytic: AnalyticGradient): Float64Array[] {
  const list = Array.isArray(analytic)
    ? (analytic as readonly (Float64Array | Matrix)[]).map((values, i) => ({
      path: groups[i]?.path ?? `#${i}`,
      values,
    }))
    : gradientGroups(analytic as NetworkGradients);
  if (list.length !== groups.length) {
    throw new TypeError(
      `Cannot check the gradient: ${groups.length} parameter groups but ${list.length} analytic ones`,
    );
  }
  return groups.map((g, i) => {
    const a = storageOf(list[i].values);
    const shape = (v: Float64Array | Matrix) =>
      v instanceof Matrix ? `${v.rows}×${v.cols}` : `${v.length} values`;
    const [p, q] = [g.values, list[i].values];
    const fits = p instanceof Matrix && q instanceof Matrix
      ? p.rows === q.rows && p.cols === q.cols
      : a.length === storageOf(p).length;
    if (!fits) {
      throw new TypeError(
        `Cannot check the gradient of ${g.path}: it has ${shape(g.values)} but its analytic ` +
          `gradient has ${shape(list[i].values)}`,
      );
    }
    return a;
  });
}

/** The (group, flat index) pairs to check: all those `only` admits, or a seeded sample of them. */
function chooseEntries(
  groups: ParameterGroup[],
  options: GradientCheckOptions<never>,
): { all: [number, number][]; total: number } {
  const only = options.only;
  const admits = only === undefined
    ? () => true
    : only instanceof RegExp
    ? (p: string) => only.test(p)
    : only;
  const all: [number, number][] = [];
  groups.forEach((g, gi) => {
    const n = storageOf(g.values).length;
    for (let k = 0; k < n; k++) if (admits(entryPath(g, k))) all.push([gi, k]);
  });
  const total = all.length;
  const m = options.sample;
  if (m === undefined || m >= total) return { all, total };
  if (!Number.isInteger(m) || m < 0) {
    throw new RangeError(`Cannot sample ${m} entries: expected a whole number ≥ 0`);
  }
  // Partial Fisher–Yates: the first m places become a uniform sample without replacement.
  const rng = createRng(options.seed ?? 0);
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(total - i);
    [all[i], all[j]] = [all[j], all[i]];
  }
  const picked = all.slice(0, m).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { all: picked, total };
}

interface EntryTask {
  f: () => number;
  switches?: () => ArrayLike<number>;
  group: ParameterGroup;
  k: number;
  analytic: number;
  tolerance: GradientTolerance;
  step: (x: number) => number;
}

function checkEntry(task: EntryTask): GradientEntry {
  const data = storageOf(task.group.values);
  const x = data[task.k];
  const signs: string[] = [];
  const est = derivativeEstimates(
    (t) => {
      data[task.k] = t;
      const v = task.f();
      if (task.switches) signs.push(signature(task.switches()));
      return v;
    },
    x,
    task.step(x),
  );
  data[task.k] = x;
  const { tolerance, analytic } = task;
  const numeric = est.richardson;
  const absError = Math.abs(analytic - numeric);
  const allowed = tolerance.atol + tolerance.rtol * Math.abs(numeric) +
    tolerance.fUlps * est.roundoff;
  const base = {
    path: entryPath(task.group, task.k),
    x,
    analytic,
    numeric,
    absError,
    relError: numeric === 0 ? (absError === 0 ? 0 : Infinity) : absError / Math.abs(numeric),
    allowed,
    step: est.h,
    left: est.left,
    right: est.right,
  };
  if (!Number.isFinite(analytic) || !Number.isFinite(numeric)) {
    // A NaN or infinite gradient is never a pass, even when both sides agree on it.
    return {
      ...base,
      verdict: "fail",
      note: "not finite: the cost or its gradient is NaN or ±Infinity",
    };
  }
  const agrees = Object.is(analytic, numeric) || absError <= allowed;
  const switched = signs.some((s) => s !== signs[2]);
  if (!switched && agrees) return { ...base, verdict: "pass" };
  if (!switched && !looksKinked(est, tolerance.fUlps)) {
    return { ...base, verdict: "fail", note: "outside tolerance" };
  }
  const bracket = kinkBracket(est, allowed);
  const inside = analytic >= bracket[0] && analytic <= bracket[1];
  const why = switched
    ? "a switch (ReLU pre-activation) changes sign within ±h"
    : "the one-sided slopes disagree as at a kink";
  return {
    ...base,
    verdict: inside || agrees ? "kink" : "fail",
    bracket,
    note: inside || agrees ? `${why}; analytic lies between them` : `${why}; analytic lies outside`,
  };
}

/** The sign pattern (z > 0 or not) of the switches, as a string to compare. */
function signature(z: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < z.length; i++) s += z[i] > 0 ? "1" : "0";
  return s;
}

/**
 * Without switches, a kink shows in the second differences: for smooth f, Δ(h) = right − left ≈ h·f″
 * is twice Δ(h/2); a kink inside the step breaks that ratio. Both must stand clear of rounding.
 */
function looksKinked(est: DerivativeEstimates, fUlps: number): boolean {
  const noise = 20 * fUlps * est.roundoff / 3; // 20e/h for an error e in each f value
  const d1 = est.right - est.left;
  const d2 = est.rightHalf - est.leftHalf;
  return Math.abs(d1) > noise && Math.abs(d1 - 2 * d2) > 0.1 * Math.abs(d1) + noise;
}

/**
 * The interval a correct derivative at a kink must lie in: between the left and right slopes, widened by
 * the tolerance and by the truncation error of the smoother side, estimated as |D(h) − D(h/2)|.
 */
function kinkBracket(est: DerivativeEstimates, allowed: number): [number, number] {
  const slack = allowed +
    Math.min(Math.abs(est.left - est.leftHalf), Math.abs(est.right - est.rightHalf));
  const lo = Math.min(est.left, est.right, est.leftHalf, est.rightHalf);
  const hi = Math.max(est.left, est.right, est.leftHalf, est.rightHalf);
  return [lo - slack, hi + slack];
}

const RANK: Record<GradientVerdict, number> = { fail: 0, kink: 1, pass: 2 };

function worstFirst(a: GradientEntry, b: GradientEntry): number {
  const ex = (e: GradientEntry) =>
    Number.isNaN(e.absError) ? Infinity : e.absError / (e.allowed || Number.MIN_VALUE);
  return RANK[a.verdict] - RANK[b.verdict] || ex(b) - ex(a);
}

/**
 * Checks backpropagation on a network: f is the batch-mean cost of `data`, the analytic gradient is the
 * reference `backward` / `backwardRows` unless you pass your own, and every ReLU pre-activation is a
 * switch, so kinks are recognised.
 *
 * @param net A column- or row-layout network.
 * @param data Inputs, targets and cost in the network's layout.
 * @param options As for {@linkcode checkGradient}, plus `analytic`: the gradients to test.
 * @returns The report, worst entry first.
 * @example A sampled check of document 001's 784-128-64-10 network
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * import { initNetwork } from "../reference/network.ts";
 * import { oneHot } from "../reference/costs.ts";
 * const net = initNetwork({ sizes: [784, 128, 64, 10], hidden: "relu", output: "softmax", seed: 1 });
 * const X = new Matrix(784, 2);
 * X.data.forEach((_, k) => (X.data[k] = (k % 7) / 7));
 * const data = { X, Y: oneHot([3, 8], 10, "column"), cost: { kind: "cross_entropy" } as const };
 * const report = checkNetworkGradient(net, data, { sample: 20, seed: 7 });
 * assert.ok(report.ok, formatReport(report));
 * assert.strictEqual(report.checked, 20);
 * assert.strictEqual(report.total, 109386);
 * ```
 */
export function checkNetworkGradient(
  net: Network,
  data: CostData,
  options: GradientCheckOptions<Network> & { readonly analytic?: NetworkGradients } = {},
): GradientReport {
  const layout: Layout = net.layout;
  const run = (n: Network) => propagate(n, data.X);
  const activation = net.layers[net.layers.length - 1].activation;
  let last: ForwardPass | undefined;
  const f = (n: Network) => {
    last = run(n);
    return costOf(last, data.Y, { cost: data.cost, activation, layout });
  };
  const analytic = options.analytic ??
    backpropagate(net, propagate(net, data.X), data);
  const relu = net.layers.flatMap((l, i) => (l.activation === "relu" ? [i] : []));
  const switches = options.switches ?? (relu.length === 0 ? undefined : () => {
    const zs = relu.map((i) => last!.layers[i].z.data);
    const all = new Float64Array(zs.reduce((n, z) => n + z.length, 0));
    let at = 0;
    for (const z of zs) (all.set(z, at), at += z.length);
    return all;
  });
  return checkGradient(f, net, analytic, { ...options, switches });
}

/**
 * A readable report: the verdict, the tolerance, and the worst entries with analytic, numeric, abs and
 * rel error.
 *
 * @param report A report.
 * @param limit How many entries to list; 10 by default.
 * @returns Lines of text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const r = checkGradient(([p]) => (p.values as Float64Array)[0] ** 2, [{ path: "x", values: new Float64Array([3]) }], [new Float64Array([5])]);
 * assert.match(formatReport(r), /FAIL: 1 of 1 entries failed/);
 * assert.match(formatReport(r), /fail x\[0\]: analytic 5, numeric 6, abs 1, rel 0\.166667/);
 * ```
 */
export function formatReport(report: GradientReport, limit = 10): string {
  const t = report.tolerance;
  const head =
    `${report.ok ? "ok" : "FAIL"}: ${report.failed} of ${report.checked} entries failed, ` +
    `${report.kinks} at a kink (checked ${report.checked} of ${report.total}` +
    `${report.seed !== undefined ? `, sample seed ${report.seed}` : ""}); ` +
    `tolerance |analytic − numeric| ≤ ${t.atol} + ${t.rtol}·|numeric| + ${t.fUlps} ulps of f / h`;
  const lines = report.entries.slice(0, limit).map((e) =>
    `  ${e.verdict} ${e.path}: analytic ${fmt(e.analytic)}, numeric ${fmt(e.numeric)}, ` +
    `abs ${fmt(e.absError)}, rel ${fmt(e.relError)}` +
    (e.bracket ? `, slopes [${fmt(e.bracket[0])}, ${fmt(e.bracket[1])}]` : "") +
    (e.note && e.verdict !== "pass" ? ` (${e.note})` : "")
  );
  const more = report.entries.length > limit ? [`  … ${report.entries.length - limit} more`] : [];
  return [head, ...lines, ...more].join("\n");
}
