/**
 * The catalogue of usual mistakes the oracle can recognise, each defined once: its id, its family
 * (where in the computation it sits), what the answer matches and the fix in plain words, and the
 * mechanics that predict the answer a program making it gives:
 * - `steps`: a change to the reference's own steps (src/oracle/variants.ts: a factor, a transpose, a
 *   missing term), evaluated per operation; several forms where programs write the mistake in more
 *   than one way, tried in order;
 * - `hooks`: the relations of the network it replaces (src/oracle/simulate.ts runs the network with
 *   them; src/oracle/relation_naming.ts also checks them on the client's own numbers), with
 *   `formulas`: the single-formula operations where it shows.
 * The layout mistake ({@linkcode OUTPUTS_TRANSPOSED}) needs neither: its answer is the expected one
 * transposed. The diagnosis (src/oracle/diagnose.ts) asks this one list. Adding a mistake is adding
 * an entry here; a step that no entry can express yet is added to `Steps` in src/oracle/variants.ts
 * with the reference's own value.
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import type { OpName } from "../spec/operations.ts";
import { activatePrime, type ElementwiseName, lookup, softmax } from "../reference/activations.ts";
import {
  crossEntropy,
  QUADRATIC_CONVENTIONS,
  type QuadraticConvention,
} from "../reference/costs.ts";
import {
  hadamard,
  map,
  matmul,
  Matrix,
  scale,
  sliceCols,
  sub,
  sumCols,
  sumRows,
  transpose,
} from "../reference/matrix.ts";
import { elementwise, softmaxJacobianTimes } from "../reference/network.ts";
import {
  type RelationId,
  type RelationInputs,
  relationValue,
  sampleCostGrad,
} from "./relations.ts";
import type { RelationHooks } from "./simulate.ts";
import type { Change } from "./variants.ts";
import {
  formulaOfA,
  naiveSigmoid,
  type OpUnderMistake,
  type PrimeOf,
  primeOps,
  primes,
  scaledLoss,
  unshiftedLogSumExp,
  unshiftedSoftmax,
} from "./mistake_formulas.ts";

/** Facts about the failing case that the messages quote. */
export interface MistakeContext {
  /** The operation. */
  readonly op: OpName;
  /** The case's layout, when it has one. */
  readonly layout?: Layout;
  /** The batch size N, when known. */
  readonly N?: number;
  /** The quadratic convention the request asks for, when it asks for one ({@linkcode askedConvention}). */
  readonly convention?: QuadraticConvention;
}

/**
 * Where in the computation a mistake sits: f′, δᴸ, the δ recursion, the batch mean and sums of dW
 * and db, a transpose or the wrong axis, the cost, an overflow, the step, the precision.
 */
export type MistakeFamily =
  | "derivative"
  | "output-delta"
  | "recursion"
  | "gradient-scale"
  | "orientation"
  | "cost"
  | "overflow"
  | "update"
  | "precision";

/** One way of writing a mistake as a change to the reference's steps. */
export interface StepForm {
  /** The operations where it can show. */
  readonly ops: readonly OpName[];
  /** What it changes in the reference's computation. */
  readonly change: Change;
  /** Whether it can show in a request beyond its operation (every request when absent). */
  applies?(c: MistakeContext): boolean;
  /**
   * The program it stands for, where each form is a program of its own (the convention used);
   * absent where the forms are ways of writing one program.
   */
  readonly variant?: string;
  /** What the answer matches, where this form's words differ from the mistake's. */
  says?(c: MistakeContext): string;
  /** How to fix it, where this form's words differ from the mistake's. */
  fix?(c: MistakeContext): string;
}

/** A recognisable mistake. */
export interface Mistake {
  /** Stable id, used in reports and expectations: `forgot-batch-mean`. */
  readonly id: string;
  /** "convention": a consistent, documented choice other than the one asked; "mistake": an error. */
  readonly kind: "mistake" | "convention";
  /** Where in the computation it sits. */
  readonly family: MistakeFamily;
  /** What the answer matches, in plain words. */
  says(c: MistakeContext): string;
  /** How to fix it. */
  fix(c: MistakeContext): string;
  /** As changes to the reference's steps, per operation (src/oracle/variants.ts). */
  readonly steps?: readonly StepForm[];
  /** As relations of the network replaced (src/oracle/simulate.ts). */
  readonly hooks?: RelationHooks;
  /**
   * With `hooks`: single-formula operations where it shows, with their outputs under the mistake
   * (column layout); a list where programs commonly write the mistake in more than one way.
   */
  readonly formulas?: Readonly<Partial<Record<OpName, OpUnderMistake | readonly OpUnderMistake[]>>>;
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

const σ = (z: number) => lookup("sigmoid").f(z);

/** A mistake in f′: backpropagation and the `*_prime` operations under the replaced derivative. */
function derivativeMistake<const Id extends string>(
  id: Id,
  table: Partial<Record<ElementwiseName, PrimeOf>>,
  text: Pick<Mistake, "says" | "fix">,
): Mistake & { readonly id: Id } {
  return {
    id,
    kind: "mistake",
    family: "derivative",
    ...text,
    hooks: { fPrime: primes(table) },
    formulas: primeOps(table),
  };
}

/** The value of a relation as the reference computes it, for mistakes that change it only sometimes. */
const right = (relation: RelationId) => (r: RelationInputs) => relationValue(relation, r);

const FIX_PRIME = () =>
  "σ′(z) = σ(z)(1 − σ(z)), tanh′(z) = 1 − tanh²(z), ReLU′(z) = 1 for z > 0 else 0, all taken at z";

const FIX_UPDATE = () => 'W ← W − η dW and b ← b − η db ("Part 2", updating rule)';

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
 * The catalogue as written, with literal types so that its ids make {@linkcode MistakeId}; iterate
 * {@linkcode MISTAKES}, which is the same list typed as {@linkcode CataloguedMistake}.
 */
export const CATALOGUE = [
  {
    id: "forgot-batch-mean",
    kind: "mistake",
    family: "gradient-scale",
    steps: [{ ops: [...BATCH_COSTS, "network_cost", ...BACKPROP], change: { mean: () => 1 } }],
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
    family: "orientation",
    steps: [{
      ops: [...TRAINING, "shapes"],
      change: { dW: (delta, aPrev) => matmul(aPrev, transpose(delta)) },
    }],
    says: () => "dW is transposed: it matches a·δᵀ instead of δ·aᵀ",
    fix: () => "dW has W's shape: dW = (1/N) δˡ (aˡ⁻¹)ᵀ in column layout, (Aˡ⁻¹)ᵀ·G in row layout",
  },
  {
    id: "prime-of-a",
    kind: "mistake",
    family: "derivative",
    steps: [{ ops: BACKPROP, change: { primeInput: (_z, a) => a } }],
    says: () =>
      "the activation derivative was taken at a instead of z: the answer matches σ′(a) = σ(a)(1 − σ(a)) (tanh: 1 − tanh²(a)) inside backpropagation",
    fix: () =>
      "evaluate f′ at the pre-activation z: σ′(z) = σ(z)(1 − σ(z)), which is a(1 − a) written with a, never σ′(a)",
  },
  {
    id: "prime-expects-a",
    kind: "mistake",
    family: "derivative",
    steps: [{
      ops: ["sigmoid_prime", "tanh_prime", ...BACKPROP],
      change: { derivative: formulaOfA },
    }],
    says: () =>
      "the derivative was computed from z with the formula written for a: it matches z(1 − z) (tanh: 1 − z²)",
    fix: () =>
      "sigmoid_prime receives z: return σ(z)(1 − σ(z)); a(1 − a) is right only when given a = σ(z)",
  },
  {
    id: "relu-prime-at-zero",
    kind: "mistake",
    family: "derivative",
    steps: [{ ops: ["relu_prime", ...BACKPROP], change: { reluPrimeAtZero: 1 } }],
    says: () => "ReLU′(0) was taken as 1: the answer matches z ≥ 0 instead of z > 0",
    fix: () => 'ReLU′(z) = 1 only for z > 0 and 0 at z = 0, as document 001\'s "Z > 0" does',
  },
  {
    id: "bias-one-sample",
    kind: "mistake",
    family: "gradient-scale",
    steps: [{ ops: TRAINING, change: { db: (delta) => sliceCols(delta, 0, 1) } }],
    says: () =>
      "db was taken from one sample: it matches δ of the first sample, not the batch mean",
    fix: dbFix,
  },
  {
    id: "bias-not-summed",
    kind: "mistake",
    family: "gradient-scale",
    steps: [{ ops: [...TRAINING, "shapes"], change: { db: (delta, mean) => scale(delta, mean) } }],
    says: () => "db was not summed over the batch: it matches δ/N, one column per sample",
    fix: dbFix,
  },
  {
    id: "softmax-no-max-shift",
    kind: "mistake",
    family: "overflow",
    steps: [
      { ops: SOFTMAX_OPS, change: { softmax: unshiftedSoftmax, ceFromLogits: false } },
      {
        ops: ["softmax_cross_entropy", "network_cost"],
        // whoever skips the shift in log Σ e^z skips it in softmax too
        change: { softmax: unshiftedSoftmax, logSumExp: unshiftedLogSumExp },
        says: () =>
          "log Σ e^z was computed without subtracting the maximum: e^z overflows to Infinity on large logits, and so does the loss",
        fix: () => "use log-sum-exp: log Σ e^z = m + log Σ e^(z − m) with m = max z",
      },
    ],
    says: () =>
      "softmax was computed without subtracting the maximum: e^z overflows to Infinity on large logits and Infinity/Infinity is NaN",
    fix: () =>
      "compute e^(z − max z) / Σ e^(z − max z); for the loss use log-sum-exp, log Σ e^z = m + log Σ e^(z − m) with m = max z",
  },
  {
    id: "ce-grad-sign-flipped",
    kind: "mistake",
    family: "output-delta",
    steps: [{
      ops: ["softmax_cross_entropy_grad", ...BACKPROP],
      change: { ceDelta: (P, Y) => sub(Y, P) },
    }],
    says: () =>
      "the sign of the softmax cross-entropy gradient is flipped: the answer matches (Y − P) where (P − Y) belongs",
    fix: () =>
      '∂C/∂z = (p − y)/N ("2 Layer NN", direct jump; "Part 2": A − Y); with Y − P gradient descent climbs the loss',
  },
  {
    id: "hidden-delta-without-derivative",
    kind: "mistake",
    family: "recursion",
    steps: [{ ops: BACKPROP, change: { hiddenDelta: (back) => back } }],
    says: () =>
      "the activation derivative is missing from the hidden δ: the answer matches δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ without ⊙ f′(zˡ)",
    fix: () => 'δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ f′(zˡ) ("Layer by Layer", recursive δ)',
  },
  {
    id: "softmax-ce-extra-derivative",
    kind: "mistake",
    family: "output-delta",
    steps: [{
      ops: ["softmax_cross_entropy_grad", ...BACKPROP],
      change: { ceDeltaTimes: (D, P) => hadamard(D, map(P, (p) => p * (1 - p))) },
    }],
    says: () =>
      "the softmax cross-entropy δ was multiplied by a(1 − a) again: a − y already holds the softmax derivative",
    fix: () => 'δᴸ = a − y for softmax with cross-entropy ("Part 2"); no further factor',
  },
  {
    id: "delta-includes-batch-mean",
    kind: "convention",
    family: "gradient-scale",
    steps: [{ ops: ["backward"], change: { reportedDelta: (delta, N) => scale(delta, 1 / N) } }],
    says: () =>
      "δ carries the batch mean's 1/N: it matches document 000's G = ∂Loss/∂T = δ/N, while the protocol's δ is per sample (∂C₀/∂z)",
    fix: () => "report δ = N·G; keep the 1/N in dW and db only",
  },
  {
    id: "samples-on-wrong-axis",
    kind: "mistake",
    family: "orientation",
    steps: [{ ops: [...BATCH_COSTS, "softmax"], change: { samples: "row" } }],
    says: (c) =>
      `the samples were taken along the wrong axis: the answer matches ${c.op} computed with one sample per ${
        c.layout === "row" ? "column" : "row"
      }, but the batch is in ${c.layout} layout`,
    fix: (c) =>
      c.layout === "row"
        ? "in row layout a sample is a row: softmax over each row (numpy axis=1), N = number of rows"
        : "in column layout a sample is a column: softmax over each column (numpy axis=0), N = number of columns",
  },
  {
    id: "quadratic-convention",
    kind: "convention",
    family: "cost",
    // one form per convention used: each is a program of its own
    steps: QUADRATIC_CONVENTIONS.map((used) => ({
      ops: ["quadratic_cost", "quadratic_cost_grad", "network_cost", ...BACKPROP],
      change: { convention: () => used },
      applies: (c) => c.convention !== undefined && c.convention !== used,
      variant: used,
      says: (c) =>
        `the quadratic cost follows convention "${used}" (${
          FORMULA[used]
        }) where "${c.convention}" (${FORMULA[c.convention!]}) was asked`,
      fix: (c) =>
        `compute ${
          FORMULA[c.convention!]
        } for "quadratic_${c.convention}", or announce in the hello's costs only the conventions you implement (this one is "quadratic_${used}")`,
    })),
    says: () => "the quadratic cost follows another convention than the one asked",
    fix: () =>
      "compute the convention asked, or announce in the hello's costs only the conventions you implement",
  },
  derivativeMistake("prime-sign-flipped", {
    sigmoid: (z) => -σ(z) * (1 - σ(z)),
    tanh: (z) => Math.tanh(z) ** 2 - 1,
  }, {
    says: () => "the activation derivative has the wrong sign: σ(z)(σ(z) − 1) or tanh²(z) − 1",
    fix: FIX_PRIME,
  }),
  derivativeMistake("tanh-prime-missing-square", { tanh: (z) => 1 - Math.tanh(z) }, {
    says: () => "tanh′ lacks its square: the answer matches 1 − tanh(z) where 1 − tanh²(z) belongs",
    fix: () => "tanh′(z) = 1 − tanh²(z)",
  }),
  derivativeMistake("tanh-prime-sech-unsquared", { tanh: (z) => 1 / Math.cosh(z) }, {
    says: () =>
      "tanh′ lacks its square: the answer matches sech(z) = 1/cosh(z) where sech²(z) belongs",
    fix: () => "tanh′(z) = sech²(z) = 1/cosh²(z) = 1 − tanh²(z)",
  }),
  derivativeMistake("sigmoid-prime-missing-factor", { sigmoid: (z) => 1 - σ(z) }, {
    says: () =>
      "σ′ lacks its factor σ(z): the answer matches 1 − σ(z) where σ(z)(1 − σ(z)) belongs",
    fix: () => "σ′(z) = σ(z)(1 − σ(z))",
  }),
  derivativeMistake("prime-of-other-function", {
    sigmoid: (z) => 1 - σ(z) ** 2,
    tanh: (z) => Math.tanh(z) * (1 - Math.tanh(z)),
  }, {
    says: () =>
      "the derivative of the other function: σ′ written as 1 − σ² (tanh's form) or tanh′ as tanh(1 − tanh) (the sigmoid's form)",
    fix: FIX_PRIME,
  }),
  derivativeMistake("function-instead-of-derivative", {
    sigmoid: (z) => σ(z),
    tanh: (z) => Math.tanh(z),
    relu: (z) => lookup("relu").f(z),
  }, {
    says: () => "the activation itself where its derivative belongs: f(z) in place of f′(z)",
    fix: FIX_PRIME,
  }),
  {
    id: "output-delta-missing-derivative",
    kind: "mistake",
    family: "output-delta",
    says: () =>
      "δᴸ lacks the output activation's derivative (f′(zᴸ), or the softmax Jacobian under a quadratic cost): the answer matches δᴸ = ∂C₀/∂aᴸ alone",
    fix: () =>
      'δᴸ = ∂C₀/∂aᴸ ⊙ f′(zᴸ) ("Backpropagation notes" §2.5.1), J(p)·∂C₀/∂a for softmax; only softmax with cross-entropy gives a − y',
    hooks: {
      relations: {
        "delta-output": (r) =>
          r.activation === "softmax" && r.cost?.kind !== "quadratic"
            ? right("delta-output")(r)
            : sampleCostGrad(r.a, r.Y!, r.cost!),
      },
    },
  },
  {
    id: "output-delta-shortcut",
    kind: "mistake",
    family: "output-delta",
    says: () =>
      "δᴸ = a − y, the shortcut of softmax with cross-entropy, used for an output and cost it does not belong to",
    fix: () =>
      "a − y is δᴸ only for softmax with cross-entropy (and an identity output under ½‖a − y‖²); elsewhere δᴸ = ∂C₀/∂aᴸ ⊙ f′(zᴸ)",
    hooks: { relations: { "delta-output": (r) => sub(r.a, r.Y!) } },
  },
  {
    id: "softmax-ce-extra-jacobian",
    kind: "mistake",
    family: "output-delta",
    says: () =>
      "the softmax cross-entropy δ was multiplied by the softmax Jacobian again: J(p)·(a − y), though a − y already holds it",
    fix: () => 'δᴸ = a − y for softmax with cross-entropy ("Part 2"); no further Jacobian',
    hooks: {
      relations: {
        "delta-output": (r) =>
          r.activation === "softmax" && r.cost?.kind === "cross_entropy"
            ? softmaxJacobianTimes(r.a, sub(r.a, r.Y!), "column")
            : right("delta-output")(r),
      },
    },
    formulas: {
      softmax_cross_entropy_grad: ({ z, y }) => {
        const p = softmax(z, "column");
        return { dz: scale(softmaxJacobianTimes(p, sub(p, y), "column"), 1 / z.cols) };
      },
    },
  },
  {
    id: "output-delta-extra-derivative",
    kind: "mistake",
    family: "output-delta",
    says: () => "δᴸ carries f′(zᴸ) twice: the answer matches ∂C₀/∂aᴸ ⊙ f′(zᴸ) ⊙ f′(zᴸ)",
    fix: () => "δᴸ = ∂C₀/∂aᴸ ⊙ f′(zᴸ), one factor f′",
    hooks: {
      relations: {
        "delta-output": (r) =>
          r.activation === "softmax"
            ? right("delta-output")(r)
            : hadamard(right("delta-output")(r), activatePrime(r.z, elementwise(r.activation))),
      },
    },
  },
  {
    id: "output-delta-sign-flipped",
    kind: "mistake",
    family: "output-delta",
    says: () => "δᴸ has the wrong sign: the answer matches −∂C₀/∂zᴸ (y − a where a − y belongs)",
    fix: () =>
      "δᴸ = ∂C₀/∂aᴸ ⊙ f′(zᴸ) with ∂C₀/∂a = (a − y)·factor; a − y for softmax with cross-entropy",
    hooks: { relations: { "delta-output": (r) => scale(right("delta-output")(r), -1) } },
  },
  {
    id: "softmax-jacobian-diagonal",
    kind: "mistake",
    family: "output-delta",
    says: () =>
      "a softmax output with a quadratic cost back-propagated with only the Jacobian's diagonal: δᴸ = p(1 − p) ⊙ ∂C₀/∂a",
    fix: () =>
      'δᴸ = J(p)·∂C₀/∂a with J = diag(p) − p pᵀ, that is p ⊙ (g − pᵀg) per sample ("2 Layer NN", Probability Distribution → Logits)',
    hooks: {
      relations: {
        "delta-output": (r) =>
          r.activation === "softmax" && r.cost?.kind === "quadratic"
            ? hadamard(sampleCostGrad(r.a, r.Y!, r.cost), map(r.a, (p) => p * (1 - p)))
            : right("delta-output")(r),
      },
    },
  },
  {
    id: "delta-recursion-untransposed",
    kind: "mistake",
    family: "recursion",
    says: () =>
      "the δ recursion uses Wˡ⁺¹ where (Wˡ⁺¹)ᵀ belongs: the answer matches δˡ = Wˡ⁺¹ δˡ⁺¹ ⊙ f′(zˡ)",
    fix: () =>
      'δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ f′(zˡ) ("Layer by Layer", recursive δ); numpy: W_next.T @ delta_next',
    hooks: {
      relations: {
        "delta-recursion": (r) =>
          hadamard(matmul(r.Wnext!, r.deltaNext!), activatePrime(r.z, elementwise(r.activation))),
      },
    },
  },
  {
    id: "prime-of-next-layer",
    kind: "mistake",
    family: "recursion",
    says: () =>
      "the δ recursion took the derivative of the next layer's activation: δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ fˡ⁺¹′(zˡ) where layer l's own f′ belongs",
    fix: () => "δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ f′(zˡ) with f the activation of layer l",
    hooks: {
      relations: {
        "delta-recursion": (r) =>
          r.activationNext && r.activationNext !== "softmax"
            ? right("delta-recursion")({ ...r, activation: r.activationNext })
            : right("delta-recursion")(r),
      },
    },
  },
  {
    id: "update-during-backprop",
    kind: "mistake",
    family: "update",
    says: () =>
      "the weights were updated while back-propagating: δˡ was computed with the already updated Wˡ⁺¹ − η dWˡ⁺¹",
    fix: () =>
      "compute every δ and gradient with the weights of the forward pass first, then update all layers",
    hooks: {
      relations: {
        "delta-recursion": (r) =>
          r.lr === undefined || !r.dWnext ? right("delta-recursion")(r) : right("delta-recursion")({
            ...r,
            Wnext: sub(r.Wnext!, scale(r.dWnext, r.lr)),
          }),
      },
    },
  },
  {
    id: "bias-one-sample-mean",
    kind: "mistake",
    family: "gradient-scale",
    says: () =>
      "db was taken from one sample and divided by N: it matches δ₁/N, not the batch mean",
    fix: () => "db = (1/N) Σₖ δₖ: sum δ over all N samples, then divide by N",
    hooks: { relations: { db: (r) => scale(sliceCols(r.delta!, 0, 1), 1 / r.N) } },
  },
  {
    id: "bias-wrong-axis",
    kind: "mistake",
    family: "gradient-scale",
    says: () =>
      "db was summed over the units instead of the samples: one value per sample, Σᵢ δᵢₖ / N",
    fix: () =>
      "db = (1/N) Σₖ δₖ sums over the samples (numpy, column layout: delta.sum(axis=1, keepdims=True); row layout: axis=0)",
    hooks: { relations: { db: (r) => scale(sumCols(r.delta!), 1 / r.N) } },
  },
  {
    id: "bias-not-averaged",
    kind: "mistake",
    family: "gradient-scale",
    says: () =>
      "db is the sum over the batch while dW is the mean: the 1/N is missing from db only",
    fix: () => "db = (1/N) Σₖ δₖ, the same batch mean as dW",
    hooks: { relations: { db: (r) => sumRows(r.delta!) } },
  },
  {
    id: "weights-not-averaged",
    kind: "mistake",
    family: "gradient-scale",
    says: () =>
      "dW is the sum over the batch while db is the mean: the 1/N is missing from dW only",
    fix: () => "dW = (1/N) δ aᵀ, the same batch mean as db",
    hooks: { relations: { dW: (r) => matmul(r.delta!, transpose(r.aPrev)) } },
  },
  {
    id: "batch-mean-twice",
    kind: "mistake",
    family: "gradient-scale",
    says: () => "dW and db are divided by N twice: they match δ aᵀ/N² and Σδ/N²",
    fix: () => "divide by N once: dW = (1/N) δ aᵀ, db = (1/N) Σₖ δₖ (δ is per sample, without 1/N)",
    hooks: {
      relations: {
        dW: (r) => scale(right("dW")(r), 1 / r.N),
        db: (r) => scale(right("db")(r), 1 / r.N),
      },
    },
  },
  {
    id: "weights-batch-mean-twice",
    kind: "mistake",
    family: "gradient-scale",
    says: () => "dW is divided by N twice: it matches δ aᵀ/N² while db is right",
    fix: () => "dW = (1/N) δ aᵀ: divide by N once",
    hooks: { relations: { dW: (r) => scale(right("dW")(r), 1 / r.N) } },
  },
  {
    id: "bias-batch-mean-twice",
    kind: "mistake",
    family: "gradient-scale",
    says: () => "db is divided by N twice: it matches Σδ/N² while dW is right",
    fix: () => "db = (1/N) Σₖ δₖ: divide by N once",
    hooks: { relations: { db: (r) => scale(right("db")(r), 1 / r.N) } },
  },
  {
    id: "gradient-doubled",
    kind: "mistake",
    family: "gradient-scale",
    says: () => "dW and db are twice the gradient while δ is right",
    fix: () =>
      "dW = (1/N) δ aᵀ and db = (1/N) Σ δ with no factor 2 (the 2 of a squared cost is already in δᴸ)",
    hooks: {
      relations: {
        dW: (r) => scale(right("dW")(r), 2),
        db: (r) => scale(right("db")(r), 2),
      },
    },
  },
  {
    id: "cost-mean-over-units",
    kind: "mistake",
    family: "cost",
    says: () =>
      "the cost is averaged over the output units instead of the samples: Σ C₀ / n_L where Σ C₀ / N belongs",
    fix: () =>
      "C = (1/N) Σₖ C₀(aₖ, yₖ): the mean runs over the N samples (columns in column layout)",
    hooks: {
      relations: {
        cost: (r) => scale(right("cost")(r), r.N / r.a.rows),
      },
    },
    formulas: Object.fromEntries(
      (["quadratic_cost", "cross_entropy", "softmax_cross_entropy"] as const).map((op) => {
        const first = op === "quadratic_cost" ? "a" : op === "cross_entropy" ? "p" : "z";
        return [op, scaledLoss(op, (m) => m[first].cols / m[first].rows)];
      }),
    ),
  },
  {
    id: "log-of-probabilities",
    kind: "mistake",
    family: "cost",
    says: () =>
      "the softmax cross-entropy was computed as −Σ y log p from the probabilities: p underflows to 0 on large logits and the loss becomes Infinity",
    fix: () =>
      "compute it from the logits: −log pᵢ = log Σⱼ e^(zⱼ) − zᵢ with log-sum-exp (m + log Σ e^(z − m))",
    hooks: {
      relations: {
        cost: (r) =>
          r.activation === "softmax" && r.cost?.kind === "cross_entropy"
            ? Matrix.from([[crossEntropy(r.a, r.Y!, "column")]])
            : right("cost")(r),
      },
    },
    formulas: {
      softmax_cross_entropy: ({ z, y }) => ({
        loss: Matrix.from([[crossEntropy(softmax(z, "column"), y, "column")]]),
      }),
    },
  },
  {
    id: "sigmoid-overflow",
    kind: "mistake",
    family: "overflow",
    says: () =>
      "σ(z) was computed as e^z / (1 + e^z): e^z overflows to Infinity for z > 709 and σ becomes NaN",
    fix: () =>
      "use 1/(1 + e^−z) for z ≥ 0 and e^z/(1 + e^z) for z < 0, so that exp never overflows",
    hooks: {
      f: (name, Z) =>
        name === "sigmoid"
          ? map(Z, naiveSigmoid)
          : relationValue("a", { activation: name, z: Z } as RelationInputs),
    },
    formulas: {
      sigmoid: ({ z }) => ({ a: map(z, naiveSigmoid) }),
      sigmoid_prime: [
        ({ z }) => ({ d: map(z, (x) => naiveSigmoid(x) * (1 - naiveSigmoid(x))) }),
        ({ z }) => ({ d: map(z, (x) => naiveSigmoid(x) * naiveSigmoid(-x)) }), // σ(z)σ(−z)
      ],
    },
  },
  {
    id: "gradient-ascent",
    kind: "mistake",
    family: "update",
    says: () => "the step goes up the gradient: W ← W + η dW where W ← W − η dW belongs",
    fix: FIX_UPDATE,
    hooks: {
      relations: {
        "update-W": (r) => sub(r.W, scale(r.grad!, -r.lr!)),
        "update-b": (r) => sub(r.b, scale(r.grad!, -r.lr!)),
      },
    },
  },
  {
    id: "update-without-rate",
    kind: "mistake",
    family: "update",
    says: () =>
      "W and b were updated without the learning rate: W ← W − dW where W ← W − η dW belongs",
    fix: FIX_UPDATE,
    hooks: {
      relations: {
        "update-W": (r) => sub(r.W, r.grad!),
        "update-b": (r) => sub(r.b, r.grad!),
      },
    },
  },
  {
    id: "weights-update-without-rate",
    kind: "mistake",
    family: "update",
    says: () =>
      "W was updated without the learning rate: W ← W − dW where W ← W − η dW belongs (b has its η)",
    fix: () => "W ← W − η dW, with the same η as b",
    hooks: { relations: { "update-W": (r) => sub(r.W, r.grad!) } },
  },
  {
    id: "bias-update-without-rate",
    kind: "mistake",
    family: "update",
    says: () => "b was updated without the learning rate: b ← b − db where b ← b − η db belongs",
    fix: () => "b ← b − η db, with the same η as W",
    hooks: { relations: { "update-b": (r) => sub(r.b, r.grad!) } },
  },
] as const satisfies readonly Mistake[];

/** A mistake of the catalogue: its id is a {@linkcode MistakeId}. */
export type CataloguedMistake = Mistake & { readonly id: MistakeId };

/** Every mistake, in the order they are tried. */
export const MISTAKES: readonly CataloguedMistake[] = CATALOGUE;

/** The layout mistake: every output is the transpose of the expected one. */
export const OUTPUTS_TRANSPOSED = {
  id: "outputs-transposed",
  kind: "convention",
  family: "orientation",
  says: (c) =>
    `every output is the transpose of the expected one: the answers are in ${
      c.layout === "row" ? "column" : "row"
    } layout although the request asked for ${c.layout} layout`,
  fix: (c) =>
    `announce "layouts": ["${
      c.layout === "row" ? "column" : "row"
    }"] in the hello (the oracle then sends cases in that layout), or transpose your outputs`,
} as const satisfies Mistake;

/** The precision convention: the answer agrees only to float32 precision. */
export const FLOAT32_PRECISION = {
  id: "float32-precision",
  kind: "convention",
  family: "precision",
  says: () => "the answer agrees only to float32 precision (within rtol 1e-4, atol 1e-6)",
  fix: () =>
    'announce "precision": "float32" in the hello if the implementation computes in float32',
} as const satisfies Mistake;

/** The id of a catalogued mistake or convention, as reports and expectations name it. */
export type MistakeId =
  | (typeof CATALOGUE)[number]["id"]
  | typeof OUTPUTS_TRANSPOSED.id
  | typeof FLOAT32_PRECISION.id;

/** A mistake in one of its step forms: the form's change, with the words that go with it. */
export interface SteppedMistake extends Pick<CataloguedMistake, "id" | "kind" | "says" | "fix"> {
  /** What this form changes in the reference's computation. */
  readonly change: Change;
}

/**
 * The step forms of some mistakes that can show in an operation, in catalogue order.
 *
 * @param mistakes The mistakes (those without `steps` give none).
 * @param c The request: its operation, and the convention it asks for.
 * @returns One entry per form that can show in the request.
 * @example The softmax without its max shift has a second form for the loss
 * ```ts
 * import assert from "node:assert";
 * const forms = stepForms(MISTAKES, { op: "softmax_cross_entropy" }).filter((f) => f.id === "softmax-no-max-shift");
 * assert.strictEqual(forms.length, 2);
 * assert.match(forms[1].says({ op: "softmax_cross_entropy" }), /log Σ e\^z/);
 * ```
 */
export function stepForms(
  mistakes: readonly CataloguedMistake[],
  c: MistakeContext,
): SteppedMistake[] {
  return mistakes.flatMap((m) =>
    (m.steps ?? []).filter((f) => f.ops.includes(c.op) && (f.applies?.(c) ?? true)).map((f) => ({
      id: m.id,
      kind: m.kind,
      says: f.says ?? m.says,
      fix: f.fix ?? m.fix,
      change: f.change,
    }))
  );
}
