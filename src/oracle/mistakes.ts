/**
 * The catalogue of usual mistakes the oracle can recognise. Each entry is one mistake: what it changes
 * in the reference's computation (one or two steps of src/oracle/variants.ts: a factor, a transpose, a
 * missing term), the operations where it shows, and what to tell the person whose answer matches it
 * (in plain words, with the fix). Adding a mistake is adding an entry here; a step that no entry can
 * express yet is added to `Steps` in src/oracle/variants.ts with the reference's own value.
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import type { OpName } from "../spec/operations.ts";
import { type ElementwiseName, lookup } from "../reference/activations.ts";
import { QUADRATIC_CONVENTIONS, type QuadraticConvention } from "../reference/costs.ts";
import { hadamard, map, matmul, scale, sliceCols, sub, transpose } from "../reference/matrix.ts";
import type { Change } from "./variants.ts";

/** Facts about the failing case that the messages quote. */
export interface MistakeContext {
  /** The operation. */
  readonly op: OpName;
  /** The case's layout, when it has one. */
  readonly layout?: Layout;
  /** The batch size N, when known. */
  readonly N?: number;
}

/** A recognisable mistake. */
export interface Mistake {
  /** Stable id, used in reports and expectations: `forgot-batch-mean`. */
  readonly id: string;
  /** "convention": a consistent, documented choice other than the one asked; "mistake": an error. */
  readonly kind: "mistake" | "convention";
  /** The operations where it can show. */
  readonly ops: readonly OpName[];
  /** What it changes in the reference's computation. */
  readonly change: Change;
  /** What the answer matches, in plain words. */
  says(c: MistakeContext): string;
  /** How to fix it. */
  fix(c: MistakeContext): string;
}

const BATCH_COSTS: OpName[] = [
  "cross_entropy",
  "cross_entropy_grad",
  "softmax_cross_entropy",
  "softmax_cross_entropy_grad",
  "quadratic_cost",
  "quadratic_cost_grad",
];
const TRAINING: OpName[] = ["backward", "sgd_step"];
/** The operations that back-propagate δ: a mistake in δ shows in each (dW, db and dx read it). */
const BACKPROP: OpName[] = [...TRAINING, "input_grad"];
const SOFTMAX_OPS: OpName[] = [
  "softmax",
  "softmax_jacobian",
  "softmax_cross_entropy",
  "softmax_cross_entropy_grad",
  "dense_forward",
  "forward",
  "network_cost",
  ...BACKPROP,
];

const dbFix = (c: MistakeContext) =>
  `db = (1/N) Σₖ δₖ: sum δ over all N samples and divide by N (numpy: ${
    c.layout === "row" ? "delta.sum(axis=0, keepdims=True)" : "delta.sum(axis=1, keepdims=True)"
  } / N)`;

const n = (c: MistakeContext) => (c.N === undefined ? "N" : `N = ${c.N}`);

/** σ′ and tanh′ written for a (a(1 − a), 1 − a²) but applied to z. */
const formulaOfA = (name: ElementwiseName, x: number): number =>
  name === "sigmoid" ? x * (1 - x) : name === "tanh" ? 1 - x * x : lookup(name).df(x);

/** Softmax without the max shift: e^1000 = Infinity, and Infinity/Infinity = NaN. */
function unshiftedSoftmax(u: readonly number[]): number[] {
  const e = u.map(Math.exp);
  const s = e.reduce((p, q) => p + q, 0);
  return e.map((x) => x / s);
}

/** log Σ e^u without the max shift. */
const unshiftedLogSumExp = (u: readonly number[]) =>
  Math.log(u.reduce((s, x) => s + Math.exp(x), 0));

/** Every mistake, in the order they are tried. */
export const MISTAKES: readonly Mistake[] = [
  {
    id: "forgot-batch-mean",
    kind: "mistake",
    ops: [...BATCH_COSTS, "network_cost", ...BACKPROP],
    change: { mean: () => 1 },
    says: (c) =>
      `the answer is the sum over the ${
        n(c)
      } samples where the batch mean belongs: the 1/N of C = (1/N) Σₖ Cₖ is missing`,
    fix: (c) =>
      `divide by the batch size ${
        n(c)
      }: the cost, its gradient, dW, db and ∂C/∂x are batch means (δ stays per sample)`,
  },
  {
    id: "dw-transposed",
    kind: "mistake",
    ops: [...TRAINING, "shapes"],
    change: { dW: (delta, aPrev) => matmul(aPrev, transpose(delta)) },
    says: () => "dW is transposed: it matches a·δᵀ instead of δ·aᵀ",
    fix: () => "dW has W's shape: dW = (1/N) δˡ (aˡ⁻¹)ᵀ in column layout, (Aˡ⁻¹)ᵀ·G in row layout",
  },
  {
    id: "prime-of-a",
    kind: "mistake",
    ops: BACKPROP,
    change: { primeInput: (_z, a) => a },
    says: () =>
      "the activation derivative was taken at a instead of z: the answer matches σ′(a) = σ(a)(1 − σ(a)) (tanh: 1 − tanh²(a)) inside backpropagation",
    fix: () =>
      "evaluate f′ at the pre-activation z: σ′(z) = σ(z)(1 − σ(z)), which is a(1 − a) written with a, never σ′(a)",
  },
  {
    id: "prime-expects-a",
    kind: "mistake",
    ops: ["sigmoid_prime", "tanh_prime", ...BACKPROP],
    change: { derivative: formulaOfA },
    says: () =>
      "the derivative was computed from z with the formula written for a: it matches z(1 − z) (tanh: 1 − z²)",
    fix: () =>
      "sigmoid_prime receives z: return σ(z)(1 − σ(z)); a(1 − a) is right only when given a = σ(z)",
  },
  {
    id: "relu-prime-at-zero",
    kind: "mistake",
    ops: ["relu_prime", ...BACKPROP],
    change: { reluPrimeAtZero: 1 },
    says: () => "ReLU′(0) was taken as 1: the answer matches z ≥ 0 instead of z > 0",
    fix: () => 'ReLU′(z) = 1 only for z > 0 and 0 at z = 0, as document 001\'s "Z > 0" does',
  },
  {
    id: "bias-one-sample",
    kind: "mistake",
    ops: TRAINING,
    change: { db: (delta) => sliceCols(delta, 0, 1) },
    says: () =>
      "db was taken from one sample: it matches δ of the first sample, not the batch mean",
    fix: dbFix,
  },
  {
    id: "bias-not-summed",
    kind: "mistake",
    ops: [...TRAINING, "shapes"],
    change: { db: (delta, mean) => scale(delta, mean) },
    says: () => "db was not summed over the batch: it matches δ/N, one column per sample",
    fix: dbFix,
  },
  {
    id: "softmax-no-max-shift",
    kind: "mistake",
    ops: SOFTMAX_OPS,
    change: { softmax: unshiftedSoftmax, ceFromLogits: false },
    says: () =>
      "softmax was computed without subtracting the maximum: e^z overflows to Infinity on large logits and Infinity/Infinity is NaN",
    fix: () =>
      "compute e^(z − max z) / Σ e^(z − max z); for the loss use log-sum-exp, log Σ e^z = m + log Σ e^(z − m) with m = max z",
  },
  {
    id: "softmax-no-max-shift",
    kind: "mistake",
    ops: ["softmax_cross_entropy", "network_cost"],
    // whoever skips the shift in log Σ e^z skips it in softmax too
    change: { softmax: unshiftedSoftmax, logSumExp: unshiftedLogSumExp },
    says: () =>
      "log Σ e^z was computed without subtracting the maximum: e^z overflows to Infinity on large logits, and so does the loss",
    fix: () => "use log-sum-exp: log Σ e^z = m + log Σ e^(z − m) with m = max z",
  },
  {
    id: "ce-grad-sign-flipped",
    kind: "mistake",
    ops: ["softmax_cross_entropy_grad", ...BACKPROP],
    change: { ceDelta: (P, Y) => sub(Y, P) },
    says: () =>
      "the sign of the softmax cross-entropy gradient is flipped: the answer matches (Y − P) where (P − Y) belongs",
    fix: () =>
      '∂C/∂z = (p − y)/N ("2 Layer NN", direct jump; "Part 2": A − Y); with Y − P gradient descent climbs the loss',
  },
  {
    id: "hidden-delta-without-derivative",
    kind: "mistake",
    ops: BACKPROP,
    change: { hiddenDelta: (back) => back },
    says: () =>
      "the activation derivative is missing from the hidden δ: the answer matches δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ without ⊙ f′(zˡ)",
    fix: () => 'δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ f′(zˡ) ("Layer by Layer", recursive δ)',
  },
  {
    id: "softmax-ce-extra-derivative",
    kind: "mistake",
    ops: ["softmax_cross_entropy_grad", ...BACKPROP],
    change: { ceDeltaTimes: (D, P) => hadamard(D, map(P, (p) => p * (1 - p))) },
    says: () =>
      "the softmax cross-entropy δ was multiplied by a(1 − a) again: a − y already holds the softmax derivative",
    fix: () => 'δᴸ = a − y for softmax with cross-entropy ("Part 2"); no further factor',
  },
  {
    id: "delta-includes-batch-mean",
    kind: "convention",
    ops: ["backward"],
    change: { reportedDelta: (delta, N) => scale(delta, 1 / N) },
    says: () =>
      "δ carries the batch mean's 1/N: it matches document 000's G = ∂Loss/∂T = δ/N, while the protocol's δ is per sample (∂C₀/∂z)",
    fix: () => "report δ = N·G; keep the 1/N in dW and db only",
  },
  {
    id: "samples-on-wrong-axis",
    kind: "mistake",
    ops: [...BATCH_COSTS, "softmax"],
    change: { samples: "row" },
    says: (c) =>
      `the samples were taken along the wrong axis: the answer matches ${c.op} computed with one sample per ${
        c.layout === "row" ? "column" : "row"
      }, but the batch is in ${c.layout} layout`,
    fix: (c) =>
      c.layout === "row"
        ? "in row layout a sample is a row: softmax over each row (numpy axis=1), N = number of rows"
        : "in column layout a sample is a column: softmax over each column (numpy axis=0), N = number of columns",
  },
];

/**
 * The quadratic convention a request asks for: its `convention`, or the one its cost names.
 *
 * @param inputs The request's encoded inputs.
 * @returns The convention, or undefined when the request asks for none.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(askedConvention({ cost: "quadratic_half" }), "half");
 * assert.strictEqual(askedConvention({ convention: "mean" }), "mean");
 * assert.strictEqual(askedConvention({ cost: "cross_entropy" }), undefined);
 * ```
 */
export function askedConvention(inputs: Record<string, unknown>): QuadraticConvention | undefined {
  const c = inputs.convention ??
    (typeof inputs.cost === "string" ? /^quadratic_(\w+)$/.exec(inputs.cost)?.[1] : undefined);
  return QUADRATIC_CONVENTIONS.find((q) => q === c);
}

const FORMULA: Record<QuadraticConvention, string> = {
  squared: "C₀ = Σⱼ (aⱼ − yⱼ)²",
  half: "C₀ = ½ Σⱼ (aⱼ − yⱼ)²",
  mean: "C₀ = (1/n_L) Σⱼ (aⱼ − yⱼ)²",
};

/**
 * The mistake "quadratic cost computed under convention `used` where `asked` was requested".
 *
 * @param asked The convention of the request.
 * @param used The convention the answer matches.
 * @returns The mistake, kind "convention".
 * @example
 * ```ts
 * import assert from "node:assert";
 * const m = quadraticConventionMistake("half", "squared");
 * assert.match(m.says({ op: "quadratic_cost" }), /convention "squared"/);
 * ```
 */
export function quadraticConventionMistake(
  asked: QuadraticConvention,
  used: QuadraticConvention,
): Mistake {
  return {
    id: "quadratic-convention",
    kind: "convention",
    ops: ["quadratic_cost", "quadratic_cost_grad", "network_cost", ...BACKPROP],
    change: { convention: () => used },
    says: () =>
      `the quadratic cost follows convention "${used}" (${FORMULA[used]}) where "${asked}" (${
        FORMULA[asked]
      }) was asked`,
    fix: () =>
      `compute ${
        FORMULA[asked]
      } for "quadratic_${asked}", or announce in the hello's costs only the conventions you implement (this one is "quadratic_${used}")`,
  };
}

/** The layout mistake: every output is the transpose of the expected one. */
export const OUTPUTS_TRANSPOSED: Omit<Mistake, "change" | "ops"> = {
  id: "outputs-transposed",
  kind: "convention",
  says: (c) =>
    `every output is the transpose of the expected one: the answers are in ${
      c.layout === "row" ? "column" : "row"
    } layout although the request asked for ${c.layout} layout`,
  fix: (c) =>
    `announce "layouts": ["${
      c.layout === "row" ? "column" : "row"
    }"] in the hello (the oracle then sends cases in that layout), or transpose your outputs`,
};
