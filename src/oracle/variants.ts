/**
 * The reference's computation of every operation, taken apart into the steps a usual mistake changes
 * (src/oracle/mistakes.ts): the batch mean's 1/N, the form of dW and db, where f′ is taken, softmax
 * and its log-sum-exp, the softmax cross-entropy δ, the quadratic convention, the hidden δ, the axis
 * of the samples. {@linkcode REFERENCE_STEPS} sets each step to what the reference does, with the
 * reference's own functions (src/reference/), so that evaluating with them gives the reference's
 * answer; a mistake replaces one or two steps and src/oracle/diagnose.ts asks whether an answer is
 * what that changed computation gives.
 *
 * Everything is computed in column layout; a row request is moved to column layout and its answer
 * back (src/oracle/translate.ts), which transposes and never changes a number.
 *
 * Shape letters: N batch size, n_l width of layer l, L number of layers.
 *
 * @module
 */
import {
  activate,
  type ActivationName,
  type ElementwiseName,
  logSumExp,
  lookup,
  perSample,
  softmaxJacobian,
  softmaxVector,
} from "../reference/activations.ts";
import {
  type Cost,
  costFromName,
  crossEntropySampleGrad,
  crossEntropyTotal,
  type QuadraticConvention,
  quadraticSampleGrad,
  quadraticTotal,
  softmaxCrossEntropySampleDelta,
  softmaxCrossEntropyTotal,
} from "../reference/costs.ts";
import { batchSize, type Layout } from "../reference/layout.ts";
import {
  add,
  hadamard,
  hconcat,
  map,
  matmul,
  Matrix,
  scale,
  sub,
  sumRows,
  transpose,
} from "../reference/matrix.ts";
import { type Network, softmaxJacobianTimes } from "../reference/network.ts";
import { decodeInputs, encodeOutputs } from "../spec/decode.ts";
import type { Values } from "../spec/fields.ts";
import type { JsonValue } from "../spec/json.ts";
import type { OPERATIONS, OpName } from "../spec/operations.ts";
import { translateInputs, translateOutputs } from "./translate.ts";

/** The steps of the computation a mistake can change; {@linkcode REFERENCE_STEPS} holds the right ones. */
export interface Steps {
  /** The factor of the batch mean: 1/N. */
  readonly mean: (N: number) => number;
  /** Where a sample is, for softmax and the costs: a column. */
  readonly samples: Layout;
  /** Softmax of one sample, shifted by its maximum. */
  readonly softmax: (u: readonly number[]) => number[];
  /** log Σ e^u, shifted by the maximum. */
  readonly logSumExp: (u: readonly number[]) => number;
  /** Whether the softmax cross-entropy is taken from the logits (log-sum-exp), not from softmax(z). */
  readonly ceFromLogits: boolean;
  /** f′(x) of an elementwise activation. */
  readonly derivative: (name: ElementwiseName, x: number) => number;
  /** ReLU′(0): the documents' 0 ("Part 2", `Z > 0`). */
  readonly reluPrimeAtZero: number;
  /** Where backpropagation takes f′: at the pre-activation z. */
  readonly primeInput: (z: Matrix, a: Matrix) => Matrix;
  /** The softmax cross-entropy output δ: a·Σy − y, which is a − y ("Part 2") for one-hot y. */
  readonly ceDelta: (P: Matrix, Y: Matrix) => Matrix;
  /** What the softmax cross-entropy δ is multiplied by afterwards: nothing. */
  readonly ceDeltaTimes: (D: Matrix, P: Matrix) => Matrix;
  /** The quadratic convention computed when `asked` is asked: that one. */
  readonly convention: (asked: QuadraticConvention) => QuadraticConvention;
  /** The hidden δˡ from (Wˡ⁺¹)ᵀ δˡ⁺¹ and f′(zˡ): their elementwise product ("Layer by Layer"). */
  readonly hiddenDelta: (back: Matrix, fPrime: Matrix) => Matrix;
  /** dW before the batch mean: δ (aˡ⁻¹)ᵀ. */
  readonly dW: (delta: Matrix, aPrev: Matrix) => Matrix;
  /** db from δ and the batch mean's factor: (1/N) Σₖ δₖ. */
  readonly db: (delta: Matrix, mean: number) => Matrix;
  /** δ as reported, given N: per sample, as it is. */
  readonly reportedDelta: (delta: Matrix, N: number) => Matrix;
}

/** A change to the computation: the steps it replaces. */
export type Change = Partial<Steps>;

/** Every step as the reference takes it, with the reference's functions. */
export const REFERENCE_STEPS: Steps = {
  mean: (N) => 1 / N,
  samples: "column",
  softmax: softmaxVector,
  logSumExp,
  ceFromLogits: true,
  derivative: (name, x) => lookup(name).df(x),
  reluPrimeAtZero: 0,
  primeInput: (z) => z,
  ceDelta: (P, Y) => softmaxCrossEntropySampleDelta(P, Y, "column"),
  ceDeltaTimes: (D) => D,
  convention: (asked) => asked,
  hiddenDelta: (back, fPrime) => hadamard(back, fPrime),
  dW: (delta, aPrev) => matmul(delta, transpose(aPrev)),
  db: (delta, mean) => scale(sumRows(delta), mean),
  reportedDelta: (delta) => delta,
};

/** The decoded inputs and outputs of an operation, as the registry types them. */
type InputsOf<K extends OpName> = Values<(typeof OPERATIONS)[K]["inputs"]>;
type OutputsOf<K extends OpName> = Values<(typeof OPERATIONS)[K]["outputs"]>;

/** One operation computed step by step, in column layout. */
type Evaluator<K extends OpName> = (inputs: InputsOf<K>, s: Steps) => OutputsOf<K>;

/**
 * Every operation computed with the steps. A new operation of the registry does not compile until it
 * has an entry here, so the diagnosis can never meet an operation it cannot recompute.
 */
const EVALUATORS: { readonly [K in OpName]: Evaluator<K> } = {
  sigmoid: ({ z }) => ({ a: activate(z, "sigmoid") }),
  tanh: ({ z }) => ({ a: activate(z, "tanh") }),
  relu: ({ z }) => ({ a: activate(z, "relu") }),
  sigmoid_prime: ({ z }, s) => ({ d: derivativeAt(z, "sigmoid", s) }),
  tanh_prime: ({ z }, s) => ({ d: derivativeAt(z, "tanh", s) }),
  relu_prime: ({ z }, s) => ({ d: derivativeAt(z, "relu", s) }),
  softmax: ({ z }, s) => ({ p: softmaxBatch(z, s) }),
  softmax_jacobian: ({ z }, s) => ({ J: softmaxJacobian(s.softmax(Array.from(z.data))) }),
  cross_entropy: ({ p, y }, s) => ({ loss: crossEntropyTotal(p, y) * meanOf(p, s) }),
  softmax_cross_entropy: ({ z, y }, s) => ({ loss: softmaxCrossEntropyOf(z, y, s) }),
  softmax_cross_entropy_grad: ({ z, y }, s) => {
    const P = softmaxBatch(z, s);
    return { dz: scale(s.ceDeltaTimes(s.ceDelta(P, y), P), meanOf(z, s)) };
  },
  cross_entropy_grad: ({ p, y }, s) => ({ dp: scale(crossEntropySampleGrad(p, y), meanOf(p, s)) }),
  quadratic_cost: ({ a, y, convention }, s) => ({ loss: quadraticOf(a, y, convention, s) }),
  quadratic_cost_grad: ({ a, y, convention }, s) => {
    const options = { convention: s.convention(convention), layout: s.samples };
    return { da: scale(quadraticSampleGrad(a, y, options), meanOf(a, s)) };
  },
  dense_forward: ({ W, b, x, activation }, s) => {
    const [layer] = forward([{ W, b, activation }], x, s);
    return { z: layer.z, a: layer.a };
  },
  forward: ({ network, x }, s) => {
    const pass = forward(network.layers, x, s);
    return { z: pass.map((l) => l.z), a: pass.map((l) => l.a) };
  },
  backward: ({ network, x, y, cost }, s) => {
    const g = backward(network.layers, { x, y, cost: costFromName(cost) }, s);
    const delta = g.map((l) => s.reportedDelta(l.delta, x.cols));
    return { delta, dW: g.map((l) => l.dW), db: g.map((l) => l.db) };
  },
  input_grad: ({ network, x, y, cost }, s) => {
    const g = backward(network.layers, { x, y, cost: costFromName(cost) }, s);
    // ∂C/∂x = (W¹)ᵀ δ¹ / N — "Backpropagation notes" §2.4.2, one layer further back
    return { dx: scale(matmul(transpose(network.layers[0].W), g[0].delta), s.mean(x.cols)) };
  },
  network_cost: ({ network, x, y, cost }, s) => {
    const pass = forward(network.layers, x, s);
    const out = network.layers[network.layers.length - 1].activation;
    return { loss: costOf(pass[pass.length - 1], y, { cost: costFromName(cost), out, s }) };
  },
  sgd_step: ({ network, x, y, cost, lr }, s) => {
    const g = backward(network.layers, { x, y, cost: costFromName(cost) }, s);
    // Wˡ := Wˡ − α ∂L/∂Wˡ — "Part 2", updating rule; b broadcasts as numpy would when db is n × N
    const layers = network.layers.map((layer, l) => ({
      W: sub(layer.W, scale(g[l].dW, lr)),
      b: add(scale(g[l].db, -lr), layer.b),
      activation: layer.activation,
    }));
    return { network: { layout: "column", layers } };
  },
  shapes: ({ sizes, batch }, s) => measureShapes(sizes, batch, s),
};

/**
 * Evaluates an operation with some steps changed.
 *
 * @param op The operation.
 * @param request The layout (when the operation takes one) and the encoded inputs.
 * @param change The steps changed; none gives the reference's answer.
 * @returns The encoded outputs, in the request's layout.
 * @example Forgetting the batch mean doubles a gradient of two samples
 * ```ts
 * import assert from "node:assert";
 * const request = { layout: "column", inputs: { z: [[0, 0], [0, 0]], y: [[1, 0], [0, 1]] } } as const;
 * assert.deepStrictEqual(evaluateVariant("softmax_cross_entropy_grad", request), { dz: [[-0.25, 0.25], [0.25, -0.25]] });
 * assert.deepStrictEqual(evaluateVariant("softmax_cross_entropy_grad", request, { mean: () => 1 }), { dz: [[-0.5, 0.5], [0.5, -0.5]] });
 * ```
 */
export function evaluateVariant(
  op: OpName,
  request: { readonly layout?: Layout; readonly inputs: Record<string, unknown> },
  change: Change = {},
): Record<string, JsonValue> {
  return variantsOf(op, request)(change);
}

/**
 * Decodes a request once and returns its evaluator under any change (the diagnosis tries many).
 *
 * @param op The operation.
 * @param request The layout (when the operation takes one) and the encoded inputs.
 * @returns A function from a change to the encoded outputs in the request's layout.
 * @example The reference's answer and a transposed dW from one decoding
 * ```ts
 * import assert from "node:assert";
 * import { matmul, transpose } from "../reference/matrix.ts";
 * const net = { layers: [{ W: [[1, 2, 3]], b: [[0]], activation: "identity" }] };
 * const inputs = { network: net, x: [[1], [2], [3]], y: [[0]], cost: "quadratic_half" };
 * const predict = variantsOf("backward", { layout: "column", inputs });
 * assert.deepStrictEqual(predict({}).dW, [[[14, 28, 42]]]);
 * assert.deepStrictEqual(predict({ dW: (d, a) => matmul(a, transpose(d)) }).dW, [[[14], [28], [42]]]);
 * ```
 */
export function variantsOf(
  op: OpName,
  request: { readonly layout?: Layout; readonly inputs: Record<string, unknown> },
): (change: Change) => Record<string, JsonValue> {
  const row = request.layout === "row";
  const json = row ? translateInputs(op, request.inputs) : request.inputs;
  const inputs = decodeInputs(op, json, { layout: "column", where: "inputs" });
  const evaluate = EVALUATORS[op] as unknown as (i: typeof inputs, s: Steps) => typeof inputs;
  return (change) => {
    const out = encodeOutputs(op, evaluate(inputs, { ...REFERENCE_STEPS, ...change }));
    return row ? translateOutputs(op, out) as Record<string, JsonValue> : out;
  };
}

// ---- the steps put together (column layout) ----

function fPrime(name: ElementwiseName, x: number, s: Steps): number {
  return name === "relu" && x === 0 ? s.reluPrimeAtZero : s.derivative(name, x);
}

function derivativeAt(X: Matrix, name: ElementwiseName, s: Steps): Matrix {
  return map(X, (x) => fPrime(name, x, s));
}

function softmaxBatch(Z: Matrix, s: Steps): Matrix {
  return perSample(Z, s.samples, s.softmax);
}

function meanOf(A: Matrix, s: Steps): number {
  return s.mean(batchSize(A, s.samples));
}

function softmaxCrossEntropyOf(Z: Matrix, Y: Matrix, s: Steps): number {
  const total = s.ceFromLogits
    ? softmaxCrossEntropyTotal(Z, Y, { layout: s.samples, logSumExp: s.logSumExp })
    : crossEntropyTotal(softmaxBatch(Z, s), Y);
  return total * meanOf(Z, s);
}

function quadraticOf(A: Matrix, Y: Matrix, asked: QuadraticConvention, s: Steps): number {
  const options = { convention: s.convention(asked), layout: s.samples };
  return quadraticTotal(A, Y, options) * meanOf(A, s);
}

type Layer = Network["layers"][number];
type Pass = { z: Matrix; a: Matrix }[];

function activateBatch(z: Matrix, name: ActivationName, s: Steps): Matrix {
  return name === "softmax" ? softmaxBatch(z, s) : activate(z, name);
}

function forward(layers: readonly Layer[], X: Matrix, s: Steps): Pass {
  const pass: Pass = [];
  let a = X;
  for (const layer of layers) {
    const z = add(matmul(layer.W, a), layer.b); // zˡ = Wˡ aˡ⁻¹ + bˡ — "Part 2", Forward Propagation
    a = activateBatch(z, layer.activation, s);
    pass.push({ z, a });
  }
  return pass;
}

function costOf(
  last: { z: Matrix; a: Matrix },
  Y: Matrix,
  o: { cost: Cost; out: ActivationName; s: Steps },
): number {
  const { cost, out, s } = o;
  if (cost.kind === "quadratic") return quadraticOf(last.a, Y, cost.convention, s);
  if (out === "softmax") return softmaxCrossEntropyOf(last.z, Y, s);
  return crossEntropyTotal(last.a, Y) * meanOf(last.a, s);
}

function outputDelta(
  last: { z: Matrix; a: Matrix },
  Y: Matrix,
  o: { cost: Cost; out: ActivationName; s: Steps },
): Matrix {
  const { cost, out, s } = o;
  // δᴸ = a − y — "Part 2", softmax with cross-entropy (a·Σy − y for targets of any sum)
  if (out === "softmax" && cost.kind === "cross_entropy") {
    return s.ceDeltaTimes(s.ceDelta(last.a, Y), last.a);
  }
  const g = cost.kind === "quadratic"
    ? quadraticSampleGrad(last.a, Y, {
      convention: s.convention(cost.convention),
      layout: "column",
    })
    : crossEntropySampleGrad(last.a, Y);
  if (out === "softmax") return softmaxJacobianTimes(last.a, g, "column");
  return hadamard(g, derivativeAt(s.primeInput(last.z, last.a), out, s));
}

function backward(
  layers: readonly Layer[],
  data: { x: Matrix; y: Matrix; cost: Cost },
  s: Steps,
): { delta: Matrix; dW: Matrix; db: Matrix }[] {
  const pass = forward(layers, data.x, s);
  const L = layers.length;
  const mean = s.mean(data.x.cols);
  const out: { delta: Matrix; dW: Matrix; db: Matrix }[] = new Array(L);
  let delta = outputDelta(pass[L - 1], data.y, {
    cost: data.cost,
    out: layers[L - 1].activation,
    s,
  });
  for (let l = L - 1; l >= 0; l--) {
    const aPrev = l === 0 ? data.x : pass[l - 1].a;
    // ∂C/∂Wˡ = (1/N) δˡ (aˡ⁻¹)ᵀ, ∂C/∂bˡ = (1/N) Σ δˡ — "Layer by Layer", gradients for a batch
    out[l] = {
      delta,
      dW: scale(s.dW(delta, aPrev), mean),
      db: s.db(delta, mean),
    };
    if (l > 0) {
      const hidden = layers[l - 1].activation as ElementwiseName; // softmax is last (decoded)
      const { z, a } = pass[l - 1];
      // δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ σ′(zˡ) — "Layer by Layer", recursive δ
      delta = s.hiddenDelta(
        matmul(transpose(layers[l].W), delta),
        derivativeAt(s.primeInput(z, a), hidden, s),
      );
    }
  }
  return out;
}

/** Shapes measured as the reference measures them: the computation run on a zero batch. */
function measureShapes(sizes: readonly number[], N: number, s: Steps) {
  const layers = sizes.slice(1).map((n, l): Layer => ({
    W: new Matrix(n, sizes[l]),
    b: new Matrix(n, 1),
    activation: l === sizes.length - 2 ? "softmax" : "sigmoid",
  }));
  const x = new Matrix(sizes[0], N);
  const y = new Matrix(sizes[sizes.length - 1], N);
  for (let k = 0; k < N; k++) y.set(0, k, 1);
  const pass = forward(layers, x, s);
  const g = backward(layers, { x, y, cost: { kind: "cross_entropy" } }, s);
  const shape = (M: Matrix): [number, number] => [M.rows, M.cols];
  return {
    W: layers.map((l) => shape(l.W)),
    b: layers.map((l) => shape(l.b)),
    z: pass.map((l) => shape(l.z)),
    a: pass.map((l) => shape(l.a)),
    delta: g.map((l) => shape(l.delta)),
    dW: g.map((l) => shape(l.dW)),
    db: g.map((l) => shape(l.db)),
    Wb: layers.map((l) => shape(hconcat(l.W, l.b))),
  };
}
