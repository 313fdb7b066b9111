/**
 * The catalogue of mistakes made inside one relation of the documents, by family: each says which
 * relation it replaces and how (src/oracle/simulate.ts runs a network with the replacement), what the
 * answer matches in plain words, and the fix. Every entry is a small change over the reference's own
 * functions, never a second copy of the network.
 *
 * @module
 */
import { lookup } from "../reference/activations.ts";
import { crossEntropy } from "../reference/costs.ts";
import { activatePrime, softmax } from "../reference/activations.ts";
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
import { elementwise } from "../reference/network.ts";
import { evaluateJson } from "../spec/evaluate.ts";
import type { OpName } from "../spec/operations.ts";
import { decodeNumber } from "../spec/number_codec.ts";
import {
  type ElementwiseName,
  type RelationId,
  type RelationInputs,
  relationValue,
  sampleCostGrad,
} from "./relations.ts";
import type { RelationHooks } from "./simulate.ts";

/** Where in the computation a mistake sits. */
export type MistakeFamily =
  | "derivative"
  | "output-delta"
  | "recursion"
  | "gradient-scale"
  | "cost"
  | "overflow"
  | "update";

/** A mistake made inside one relation. */
export interface RelationMistake {
  /** Stable id, used in reports and expectations. */
  readonly id: string;
  /** Its family. */
  readonly family: MistakeFamily;
  /** What the answer matches, in plain words. */
  readonly says: string;
  /** How to fix it. */
  readonly fix: string;
  /** The relations it replaces. */
  readonly hooks: RelationHooks;
  /**
   * Single-formula operations where it shows, with their outputs under the mistake (column layout);
   * a list where programs commonly write the mistake in more than one way.
   */
  readonly ops?: Readonly<Record<string, OpUnderMistake | readonly OpUnderMistake[]>>;
}

/** An operation's outputs under a mistake, from its matrix inputs and its raw (column-layout) inputs. */
export type OpUnderMistake = (
  m: Record<string, Matrix>,
  raw: Record<string, unknown>,
) => Record<string, Matrix>;

/** A loss of the reference, scaled: what a mistake of a constant factor in the batch mean gives. */
function scaledLoss(op: OpName, factor: (m: Record<string, Matrix>) => number): OpUnderMistake {
  return (m, raw) => {
    const loss = decodeNumber(evaluateJson(op, raw as never, "column").loss, "loss");
    return { loss: Matrix.from([[loss * factor(m)]]) };
  };
}

type PrimeOf = (z: number, a: number) => number;

/** f′ replaced for some activations, the reference's for the others. */
function primes(table: Partial<Record<ElementwiseName, PrimeOf>>): RelationHooks["fPrime"] {
  return (name, Z, A) => {
    const p = table[name];
    if (!p) return activatePrime(Z, name);
    const out = new Matrix(Z.rows, Z.cols);
    for (let k = 0; k < Z.data.length; k++) out.data[k] = p(Z.data[k], A.data[k]);
    return out;
  };
}

/** The `*_prime` operations under a replaced f′ (they receive z; a = f(z)). */
function primeOps(table: Partial<Record<ElementwiseName, PrimeOf>>): RelationMistake["ops"] {
  return Object.fromEntries(
    Object.entries(table).map(([name, p]) => [
      `${name}_prime`,
      ({ z }: Record<string, Matrix>) => ({ d: map(z, (x) => p!(x, lookup(name).f(x))) }),
    ]),
  );
}

const σ = (z: number) => lookup("sigmoid").f(z);

/** Per sample (column), the softmax Jacobian times g: J(p)·g = p ⊙ (g − pᵀg). */
function jacobianTimes(P: Matrix, G: Matrix): Matrix {
  const out = new Matrix(P.rows, P.cols);
  for (let k = 0; k < P.cols; k++) {
    let pg = 0;
    for (let i = 0; i < P.rows; i++) pg += P.get(i, k) * G.get(i, k);
    for (let i = 0; i < P.rows; i++) out.set(i, k, P.get(i, k) * (G.get(i, k) - pg));
  }
  return out;
}
const naiveSigmoid = (z: number) => Math.exp(z) / (1 + Math.exp(z)); // e^1000 = Infinity: NaN

function derivativeMistake(
  id: string,
  table: Partial<Record<ElementwiseName, PrimeOf>>,
  text: { says: string; fix: string },
): RelationMistake {
  return {
    id,
    family: "derivative",
    ...text,
    hooks: { fPrime: primes(table) },
    ops: primeOps(table),
  };
}

/** The value of a relation as the reference computes it, for mistakes that change it only sometimes. */
const right = (relation: RelationId) => (r: RelationInputs) => relationValue(relation, r);

const FIX_PRIME =
  "σ′(z) = σ(z)(1 − σ(z)), tanh′(z) = 1 − tanh²(z), ReLU′(z) = 1 for z > 0 else 0, all taken at z";

/** Every relation mistake, by family. */
export const RELATION_MISTAKES: readonly RelationMistake[] = [
  derivativeMistake("prime-sign-flipped", {
    sigmoid: (z) => -σ(z) * (1 - σ(z)),
    tanh: (z) => Math.tanh(z) ** 2 - 1,
  }, {
    says: "the activation derivative has the wrong sign: σ(z)(σ(z) − 1) or tanh²(z) − 1",
    fix: FIX_PRIME,
  }),
  derivativeMistake("tanh-prime-missing-square", { tanh: (z) => 1 - Math.tanh(z) }, {
    says: "tanh′ lacks its square: the answer matches 1 − tanh(z) where 1 − tanh²(z) belongs",
    fix: "tanh′(z) = 1 − tanh²(z)",
  }),
  derivativeMistake("tanh-prime-sech-unsquared", { tanh: (z) => 1 / Math.cosh(z) }, {
    says: "tanh′ lacks its square: the answer matches sech(z) = 1/cosh(z) where sech²(z) belongs",
    fix: "tanh′(z) = sech²(z) = 1/cosh²(z) = 1 − tanh²(z)",
  }),
  derivativeMistake("sigmoid-prime-missing-factor", { sigmoid: (z) => 1 - σ(z) }, {
    says: "σ′ lacks its factor σ(z): the answer matches 1 − σ(z) where σ(z)(1 − σ(z)) belongs",
    fix: "σ′(z) = σ(z)(1 − σ(z))",
  }),
  derivativeMistake("prime-of-other-function", {
    sigmoid: (z) => 1 - σ(z) ** 2,
    tanh: (z) => Math.tanh(z) * (1 - Math.tanh(z)),
  }, {
    says:
      "the derivative of the other function: σ′ written as 1 − σ² (tanh's form) or tanh′ as tanh(1 − tanh) (the sigmoid's form)",
    fix: FIX_PRIME,
  }),
  derivativeMistake("function-instead-of-derivative", {
    sigmoid: (z) => σ(z),
    tanh: (z) => Math.tanh(z),
    relu: (z) => lookup("relu").f(z),
  }, {
    says: "the activation itself where its derivative belongs: f(z) in place of f′(z)",
    fix: FIX_PRIME,
  }),
  {
    id: "output-delta-missing-derivative",
    family: "output-delta",
    says:
      "δᴸ lacks the output activation's derivative (f′(zᴸ), or the softmax Jacobian under a quadratic cost): the answer matches δᴸ = ∂C₀/∂aᴸ alone",
    fix:
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
    family: "output-delta",
    says:
      "δᴸ = a − y, the shortcut of softmax with cross-entropy, used for an output and cost it does not belong to",
    fix:
      "a − y is δᴸ only for softmax with cross-entropy (and an identity output under ½‖a − y‖²); elsewhere δᴸ = ∂C₀/∂aᴸ ⊙ f′(zᴸ)",
    hooks: { relations: { "delta-output": (r) => sub(r.a, r.Y!) } },
  },
  {
    id: "softmax-ce-extra-jacobian",
    family: "output-delta",
    says:
      "the softmax cross-entropy δ was multiplied by the softmax Jacobian again: J(p)·(a − y), though a − y already holds it",
    fix: 'δᴸ = a − y for softmax with cross-entropy ("Part 2"); no further Jacobian',
    hooks: {
      relations: {
        "delta-output": (r) =>
          r.activation === "softmax" && r.cost?.kind === "cross_entropy"
            ? jacobianTimes(r.a, sub(r.a, r.Y!))
            : right("delta-output")(r),
      },
    },
    ops: {
      softmax_cross_entropy_grad: ({ z, y }) => {
        const p = softmax(z, "column");
        return { dz: scale(jacobianTimes(p, sub(p, y)), 1 / z.cols) };
      },
    },
  },
  {
    id: "output-delta-extra-derivative",
    family: "output-delta",
    says: "δᴸ carries f′(zᴸ) twice: the answer matches ∂C₀/∂aᴸ ⊙ f′(zᴸ) ⊙ f′(zᴸ)",
    fix: "δᴸ = ∂C₀/∂aᴸ ⊙ f′(zᴸ), one factor f′",
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
    family: "output-delta",
    says: "δᴸ has the wrong sign: the answer matches −∂C₀/∂zᴸ (y − a where a − y belongs)",
    fix: "δᴸ = ∂C₀/∂aᴸ ⊙ f′(zᴸ) with ∂C₀/∂a = (a − y)·factor; a − y for softmax with cross-entropy",
    hooks: { relations: { "delta-output": (r) => scale(right("delta-output")(r), -1) } },
  },
  {
    id: "softmax-jacobian-diagonal",
    family: "output-delta",
    says:
      "a softmax output with a quadratic cost back-propagated with only the Jacobian's diagonal: δᴸ = p(1 − p) ⊙ ∂C₀/∂a",
    fix:
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
    family: "recursion",
    says:
      "the δ recursion uses Wˡ⁺¹ where (Wˡ⁺¹)ᵀ belongs: the answer matches δˡ = Wˡ⁺¹ δˡ⁺¹ ⊙ f′(zˡ)",
    fix: 'δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ f′(zˡ) ("Layer by Layer", recursive δ); numpy: W_next.T @ delta_next',
    hooks: {
      relations: {
        "delta-recursion": (r) =>
          hadamard(matmul(r.Wnext!, r.deltaNext!), activatePrime(r.z, elementwise(r.activation))),
      },
    },
  },
  {
    id: "prime-of-next-layer",
    family: "recursion",
    says:
      "the δ recursion took the derivative of the next layer's activation: δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ fˡ⁺¹′(zˡ) where layer l's own f′ belongs",
    fix: "δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ f′(zˡ) with f the activation of layer l",
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
    family: "update",
    says:
      "the weights were updated while back-propagating: δˡ was computed with the already updated Wˡ⁺¹ − η dWˡ⁺¹",
    fix:
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
    family: "gradient-scale",
    says: "db was taken from one sample and divided by N: it matches δ₁/N, not the batch mean",
    fix: "db = (1/N) Σₖ δₖ: sum δ over all N samples, then divide by N",
    hooks: { relations: { db: (r) => scale(sliceCols(r.delta!, 0, 1), 1 / r.N) } },
  },
  {
    id: "bias-wrong-axis",
    family: "gradient-scale",
    says: "db was summed over the units instead of the samples: one value per sample, Σᵢ δᵢₖ / N",
    fix:
      "db = (1/N) Σₖ δₖ sums over the samples (numpy, column layout: delta.sum(axis=1, keepdims=True); row layout: axis=0)",
    hooks: { relations: { db: (r) => scale(sumCols(r.delta!), 1 / r.N) } },
  },
  {
    id: "bias-not-averaged",
    family: "gradient-scale",
    says: "db is the sum over the batch while dW is the mean: the 1/N is missing from db only",
    fix: "db = (1/N) Σₖ δₖ, the same batch mean as dW",
    hooks: { relations: { db: (r) => sumRows(r.delta!) } },
  },
  {
    id: "weights-not-averaged",
    family: "gradient-scale",
    says: "dW is the sum over the batch while db is the mean: the 1/N is missing from dW only",
    fix: "dW = (1/N) δ aᵀ, the same batch mean as db",
    hooks: { relations: { dW: (r) => matmul(r.delta!, transpose(r.aPrev)) } },
  },
  {
    id: "batch-mean-twice",
    family: "gradient-scale",
    says: "dW and db are divided by N twice: they match δ aᵀ/N² and Σδ/N²",
    fix: "divide by N once: dW = (1/N) δ aᵀ, db = (1/N) Σₖ δₖ (δ is per sample, without 1/N)",
    hooks: {
      relations: {
        dW: (r) => scale(right("dW")(r), 1 / r.N),
        db: (r) => scale(right("db")(r), 1 / r.N),
      },
    },
  },
  {
    id: "weights-batch-mean-twice",
    family: "gradient-scale",
    says: "dW is divided by N twice: it matches δ aᵀ/N² while db is right",
    fix: "dW = (1/N) δ aᵀ: divide by N once",
    hooks: { relations: { dW: (r) => scale(right("dW")(r), 1 / r.N) } },
  },
  {
    id: "bias-batch-mean-twice",
    family: "gradient-scale",
    says: "db is divided by N twice: it matches Σδ/N² while dW is right",
    fix: "db = (1/N) Σₖ δₖ: divide by N once",
    hooks: { relations: { db: (r) => scale(right("db")(r), 1 / r.N) } },
  },
  {
    id: "gradient-doubled",
    family: "gradient-scale",
    says: "dW and db are twice the gradient while δ is right",
    fix:
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
    family: "cost",
    says:
      "the cost is averaged over the output units instead of the samples: Σ C₀ / n_L where Σ C₀ / N belongs",
    fix: "C = (1/N) Σₖ C₀(aₖ, yₖ): the mean runs over the N samples (columns in column layout)",
    hooks: {
      relations: {
        cost: (r) => scale(right("cost")(r), r.N / r.a.rows),
      },
    },
    ops: Object.fromEntries(
      (["quadratic_cost", "cross_entropy", "softmax_cross_entropy"] as const).map((op) => {
        const first = op === "quadratic_cost" ? "a" : op === "cross_entropy" ? "p" : "z";
        return [op, scaledLoss(op, (m) => m[first].cols / m[first].rows)];
      }),
    ),
  },
  {
    id: "log-of-probabilities",
    family: "cost",
    says:
      "the softmax cross-entropy was computed as −Σ y log p from the probabilities: p underflows to 0 on large logits and the loss becomes Infinity",
    fix:
      "compute it from the logits: −log pᵢ = log Σⱼ e^(zⱼ) − zᵢ with log-sum-exp (m + log Σ e^(z − m))",
    hooks: {
      relations: {
        cost: (r) =>
          r.activation === "softmax" && r.cost?.kind === "cross_entropy"
            ? Matrix.from([[crossEntropy(r.a, r.Y!, "column")]])
            : right("cost")(r),
      },
    },
    ops: {
      softmax_cross_entropy: ({ z, y }) => ({
        loss: Matrix.from([[crossEntropy(softmax(z, "column"), y, "column")]]),
      }),
    },
  },
  {
    id: "sigmoid-overflow",
    family: "overflow",
    says:
      "σ(z) was computed as e^z / (1 + e^z): e^z overflows to Infinity for z > 709 and σ becomes NaN",
    fix: "use 1/(1 + e^−z) for z ≥ 0 and e^z/(1 + e^z) for z < 0, so that exp never overflows",
    hooks: {
      f: (name, Z) =>
        name === "sigmoid"
          ? map(Z, naiveSigmoid)
          : relationValue("a", { activation: name, z: Z } as RelationInputs),
    },
    ops: {
      sigmoid: ({ z }) => ({ a: map(z, naiveSigmoid) }),
      sigmoid_prime: [
        ({ z }) => ({ d: map(z, (x) => naiveSigmoid(x) * (1 - naiveSigmoid(x))) }),
        ({ z }) => ({ d: map(z, (x) => naiveSigmoid(x) * naiveSigmoid(-x)) }), // σ(z)σ(−z)
      ],
    },
  },
  {
    id: "gradient-ascent",
    family: "update",
    says: "the step goes up the gradient: W ← W + η dW where W ← W − η dW belongs",
    fix: 'W ← W − η dW and b ← b − η db ("Part 2", updating rule)',
    hooks: {
      relations: {
        "update-W": (r) => sub(r.W, scale(r.grad!, -r.lr!)),
        "update-b": (r) => sub(r.b, scale(r.grad!, -r.lr!)),
      },
    },
  },
  {
    id: "update-without-rate",
    family: "update",
    says: "W and b were updated without the learning rate: W ← W − dW where W ← W − η dW belongs",
    fix: 'W ← W − η dW and b ← b − η db ("Part 2", updating rule)',
    hooks: {
      relations: {
        "update-W": (r) => sub(r.W, r.grad!),
        "update-b": (r) => sub(r.b, r.grad!),
      },
    },
  },
  {
    id: "weights-update-without-rate",
    family: "update",
    says:
      "W was updated without the learning rate: W ← W − dW where W ← W − η dW belongs (b has its η)",
    fix: "W ← W − η dW, with the same η as b",
    hooks: { relations: { "update-W": (r) => sub(r.W, r.grad!) } },
  },
  {
    id: "bias-update-without-rate",
    family: "update",
    says: "b was updated without the learning rate: b ← b − db where b ← b − η db belongs",
    fix: "b ← b − η db, with the same η as W",
    hooks: { relations: { "update-b": (r) => sub(r.b, r.grad!) } },
  },
];
