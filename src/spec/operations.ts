/**
 * The operation registry: each operation a fixture case or an oracle request can name, with the
 * fields it reads and writes (src/spec/fields.ts), the checks across them, and how the reference
 * evaluates it. This table is the project's list of operations: the decoder (src/spec/decode.ts), the
 * evaluator (src/spec/evaluate.ts), the schema (src/casegen/schema.ts) and the oracle's translation,
 * variants and mistakes are all keyed by {@linkcode OpName}.
 *
 * Conventions (fixtures/SCHEMA.md): every tensor is 2-D; `column` layout puts one sample per column
 * (Z = W·X + b, W is n_l × n_{l−1}), `row` layout one per row (T = X·W + b, W is n_{l−1} × n_l);
 * δ is per sample (no 1/N); dW, db and the cost gradients are of the batch-MEAN cost.
 *
 * @module
 */
import {
  activate,
  activatePrime,
  ACTIVATION_NAMES,
  type ElementwiseName,
  softmax,
  softmaxJacobian,
  softmaxVector,
} from "../reference/activations.ts";
import {
  COST_NAMES,
  costFromName,
  crossEntropy,
  crossEntropySampleGrad,
  quadratic,
  QUADRATIC_CONVENTIONS,
  quadraticSampleGrad,
  softmaxCrossEntropy,
  softmaxCrossEntropyBatchGrad,
} from "../reference/costs.ts";
import { batchSize, type Layout } from "../reference/layout.ts";
import { scale } from "../reference/matrix.ts";
import { costOf, sgdStep } from "../reference/network.ts";
import { backpropagate, propagate } from "../reference/propagate.ts";
import { networkShapes } from "../reference/shapes.ts";
import { inputGradient } from "../reference/input_gradient.ts";
import { checkNetworkInputs, sameShape } from "./checks.ts";
import type { DecodeContext, Fields, Values } from "./fields.ts";

/** One operation of the registry. */
export interface Operation<I extends Fields = Fields, O extends Fields = Fields> {
  /** One line: what it computes. */
  readonly summary: string;
  /** Whether a case of it carries a `layout`. */
  readonly layout: boolean;
  /** Its input fields. */
  readonly inputs: I;
  /** Its output fields. */
  readonly outputs: O;
  /** Checks that the decoded inputs fit together; throws naming the field. */
  check?(inputs: Values<I>, ctx: DecodeContext): void;
  /** The reference's answer. */
  evaluate(inputs: Values<I>, layout: Layout): Values<O>;
}

function defineOp<const I extends Fields, const O extends Fields>(
  op: Operation<I, O>,
): Operation<I, O> {
  return op;
}

const m = (doc: string, extra: { finite?: boolean; column?: boolean } = {}) =>
  ({ kind: "matrix", doc, ...extra }) as const;
const Z = m("pre-activations (any shape)");
const TARGETS = m("targets, shaped like the outputs (finite)", { finite: true });
const NETWORK = { kind: "network", doc: "the network, in the case's layout" } as const;
const X = m("the input batch: d × N (column) or N × d (row)");
const COST = { kind: "enum", doc: "the cost", values: COST_NAMES } as const;
const CONVENTION = {
  kind: "enum",
  doc: "squared: Σ(a−y)², half: ½Σ(a−y)², mean: (1/n_L)Σ(a−y)² per sample",
  values: QUADRATIC_CONVENTIONS,
} as const;
const PER_LAYER = (what: string) =>
  ({ kind: "matrices", doc: `${what}, one per layer l = 1..L` }) as const;
const SHAPES = (what: string) =>
  ({ kind: "shapes", doc: `[rows, cols] of ${what} per layer` }) as const;

/** Where layer l of the `network` input is, for error messages. */
const layerAt = (ctx: DecodeContext) => (l: number) => `${ctx.where}.network.layers[${l}]`;

function elementwiseOp(name: Exclude<ElementwiseName, "identity">, summary: string) {
  return defineOp({
    summary,
    layout: false,
    inputs: { z: Z },
    outputs: { a: m("f(z), shaped like z") },
    evaluate: ({ z }) => ({ a: activate(z, name) }),
  });
}

function primeOp(name: Exclude<ElementwiseName, "identity">, summary: string) {
  return defineOp({
    summary,
    layout: false,
    inputs: { z: Z },
    outputs: { d: m("f′(z), shaped like z") },
    evaluate: ({ z }) => ({ d: activatePrime(z, name) }),
  });
}

/** Every operation, by name. */
export const OPERATIONS = {
  sigmoid: elementwiseOp("sigmoid", "σ(z) = 1/(1 + e^−z), elementwise"),
  tanh: elementwiseOp("tanh", "tanh(z), elementwise"),
  relu: elementwiseOp("relu", "max(0, z), elementwise"),
  sigmoid_prime: primeOp("sigmoid", "σ′(z) = σ(z)(1 − σ(z)), elementwise"),
  tanh_prime: primeOp("tanh", "tanh′(z) = 1 − tanh²(z), elementwise"),
  relu_prime: primeOp("relu", "ReLU′(z) = 1 if z > 0 else 0 (0 at z = 0), elementwise"),
  softmax: defineOp({
    summary: "softmax of each sample (column or row)",
    layout: true,
    inputs: { z: m("logits, one sample per column (column) or row (row)") },
    outputs: { p: m("probabilities, shaped like z") },
    evaluate: ({ z }, layout) => ({ p: softmax(z, layout) }),
  }),
  softmax_jacobian: defineOp({
    summary: "the Jacobian ∂p/∂z = diag(p) − p pᵀ of softmax at one sample",
    layout: false,
    inputs: { z: m("logits of one sample, n × 1", { column: true }) },
    outputs: { J: m("n × n, J[i][j] = ∂pᵢ/∂zⱼ") },
    evaluate: ({ z }) => ({ J: softmaxJacobian(softmaxVector(Array.from(z.data))) }),
  }),
  cross_entropy: defineOp({
    summary: "batch-mean cross-entropy −(1/N) Σ y log p; terms with y = 0 add nothing",
    layout: true,
    inputs: { p: m("probabilities"), y: TARGETS },
    outputs: { loss: { kind: "scalar", doc: "the batch-mean cost" } },
    check: ({ p, y }, ctx) => sameShape(ctx, ["p", p], ["y", y]),
    evaluate: ({ p, y }, layout) => ({ loss: crossEntropy(p, y, layout) }),
  }),
  softmax_cross_entropy: defineOp({
    summary: "batch-mean cross-entropy of softmax(z), from the logits (log-sum-exp)",
    layout: true,
    inputs: { z: m("logits"), y: TARGETS },
    outputs: { loss: { kind: "scalar", doc: "the batch-mean cost" } },
    check: ({ z, y }, ctx) => sameShape(ctx, ["z", z], ["y", y]),
    evaluate: ({ z, y }, layout) => ({ loss: softmaxCrossEntropy(z, y, layout) }),
  }),
  softmax_cross_entropy_grad: defineOp({
    summary: "∂C/∂z of the batch-mean softmax cross-entropy: (P − Y)/N",
    layout: true,
    inputs: { z: m("logits"), y: TARGETS },
    outputs: { dz: m("(P − Y)/N, shaped like z") },
    check: ({ z, y }, ctx) => sameShape(ctx, ["z", z], ["y", y]),
    evaluate: ({ z, y }, layout) => ({ dz: softmaxCrossEntropyBatchGrad(z, y, layout) }),
  }),
  cross_entropy_grad: defineOp({
    summary: "∂C/∂p of the batch-mean cross-entropy: −y/(N p), 0 where y = 0",
    layout: true,
    inputs: { p: m("probabilities"), y: TARGETS },
    outputs: { dp: m("−y/(N p), shaped like p") },
    check: ({ p, y }, ctx) => sameShape(ctx, ["p", p], ["y", y]),
    evaluate: ({ p, y }, layout) => ({
      dp: scale(crossEntropySampleGrad(p, y), 1 / batchSize(p, layout)),
    }),
  }),
  quadratic_cost: defineOp({
    summary: "batch-mean quadratic cost under a named convention",
    layout: true,
    inputs: { a: m("outputs"), y: TARGETS, convention: CONVENTION },
    outputs: { loss: { kind: "scalar", doc: "the batch-mean cost" } },
    check: ({ a, y }, ctx) => sameShape(ctx, ["a", a], ["y", y]),
    evaluate: ({ a, y, convention }, layout) => ({ loss: quadratic(a, y, { convention, layout }) }),
  }),
  quadratic_cost_grad: defineOp({
    summary: "∂C/∂a of the batch-mean quadratic cost: 2(a−y)/N, (a−y)/N or 2(a−y)/(n_L N)",
    layout: true,
    inputs: { a: m("outputs"), y: TARGETS, convention: CONVENTION },
    outputs: { da: m("∂C/∂a, shaped like a") },
    check: ({ a, y }, ctx) => sameShape(ctx, ["a", a], ["y", y]),
    evaluate: ({ a, y, convention }, layout) => ({
      da: scale(quadraticSampleGrad(a, y, { convention, layout }), 1 / batchSize(a, layout)),
    }),
  }),
  dense_forward: defineOp({
    summary: "one layer: z = W·x + b (column) or x·W + b (row), a = f(z)",
    layout: true,
    inputs: {
      W: m("weights: n × d (column) or d × n (row)"),
      b: m("bias: n × 1 (column) or 1 × n (row)"),
      x: X,
      activation: { kind: "enum", doc: "the activation f", values: ACTIVATION_NAMES },
    },
    outputs: { z: m("pre-activations"), a: m("activations") },
    check: ({ W, b, x, activation }, ctx) =>
      checkNetworkInputs({ layout: ctx.layout, layers: [{ W, b, activation }] }, {
        ...ctx,
        x,
        at: () => ctx.where,
      }),
    evaluate: ({ W, b, x, activation }, layout) => {
      const pass = propagate({ layout, layers: [{ W, b, activation }] }, x);
      return { z: pass.layers[0].z, a: pass.layers[0].a };
    },
  }),
  forward: defineOp({
    summary: "the forward pass: z and a of every layer",
    layout: true,
    inputs: { network: NETWORK, x: X },
    outputs: { z: PER_LAYER("pre-activations zˡ"), a: PER_LAYER("activations aˡ") },
    check: ({ network, x }, ctx) => checkNetworkInputs(network, { ...ctx, x, at: layerAt(ctx) }),
    evaluate: ({ network, x }) => {
      const pass = propagate(network, x);
      return { z: pass.layers.map((l) => l.z), a: pass.layers.map((l) => l.a) };
    },
  }),
  backward: defineOp({
    summary: "backpropagation: per-sample δ, and dW, db of the batch-mean cost, per layer",
    layout: true,
    inputs: { network: NETWORK, x: X, y: TARGETS, cost: COST },
    outputs: {
      delta: PER_LAYER("δˡ = ∂C₀/∂zˡ per sample (no 1/N)"),
      dW: PER_LAYER("∂C/∂Wˡ, shaped like Wˡ"),
      db: PER_LAYER("∂C/∂bˡ, shaped like bˡ"),
    },
    check: ({ network, x, y }, ctx) =>
      checkNetworkInputs(network, { ...ctx, x, y, at: layerAt(ctx) }),
    evaluate: ({ network, x, y, cost }) => {
      const g = backpropagate(network, propagate(network, x), { Y: y, cost: costFromName(cost) });
      return {
        delta: g.layers.map((l) => l.delta),
        dW: g.layers.map((l) => l.dW),
        db: g.layers.map((l) => l.db),
      };
    },
  }),
  input_grad: defineOp({
    summary: "∂C/∂x of the batch-mean cost: (W¹)ᵀδ¹/N (column), δ¹W¹ᵀ/N (row)",
    layout: true,
    inputs: { network: NETWORK, x: X, y: TARGETS, cost: COST },
    outputs: { dx: m("∂C/∂x, shaped like x") },
    check: ({ network, x, y }, ctx) =>
      checkNetworkInputs(network, { ...ctx, x, y, at: layerAt(ctx) }),
    evaluate: ({ network, x, y, cost }) => {
      const g = backpropagate(network, propagate(network, x), { Y: y, cost: costFromName(cost) });
      return { dx: inputGradient(network, g) };
    },
  }),
  network_cost: defineOp({
    summary: "the batch-mean cost of the network's output",
    layout: true,
    inputs: { network: NETWORK, x: X, y: TARGETS, cost: COST },
    outputs: { loss: { kind: "scalar", doc: "the batch-mean cost" } },
    check: ({ network, x, y }, ctx) =>
      checkNetworkInputs(network, { ...ctx, x, y, at: layerAt(ctx) }),
    evaluate: ({ network, x, y, cost }, layout) => {
      const pass = propagate(network, x);
      const activation = network.layers[network.layers.length - 1].activation;
      return { loss: costOf(pass, y, { cost: costFromName(cost), activation, layout }) };
    },
  }),
  sgd_step: defineOp({
    summary: "one gradient-descent step W ← W − lr·dW, b ← b − lr·db",
    layout: true,
    inputs: {
      network: NETWORK,
      x: X,
      y: TARGETS,
      cost: COST,
      lr: { kind: "rate", doc: "the learning rate η (finite, ≥ 0)" },
    },
    outputs: { network: { kind: "network", doc: "the updated network" } },
    check: ({ network, x, y }, ctx) =>
      checkNetworkInputs(network, { ...ctx, x, y, at: layerAt(ctx) }),
    evaluate: ({ network, x, y, cost, lr }) => ({
      network: sgdStep(
        network,
        backpropagate(network, propagate(network, x), { Y: y, cost: costFromName(cost) }),
        lr,
      ),
    }),
  }),
  shapes: defineOp({
    summary:
      "the shapes of every W, b, z, a, δ, dW, db, and of W with b folded in, of a network of the given widths",
    layout: true,
    inputs: {
      sizes: { kind: "sizes", doc: "widths n_0 (input) … n_L (output)" },
      batch: { kind: "count", doc: "N, the batch size" },
    },
    outputs: {
      W: SHAPES("W"),
      b: SHAPES("b"),
      z: SHAPES("z"),
      a: SHAPES("a"),
      delta: SHAPES("δ"),
      dW: SHAPES("dW"),
      db: SHAPES("db"),
      Wb: SHAPES("the folded [W; b] (row layout) or [W | b] (column)"),
    },
    evaluate: ({ sizes, batch }, layout) => networkShapes(sizes, batch, layout),
  }),
} as const satisfies Record<string, Operation>;

/** The name of an operation. */
export type OpName = keyof typeof OPERATIONS;

/** Every operation name, in registry order. */
export const OP_NAMES = Object.keys(OPERATIONS) as OpName[];

/**
 * Whether `name` is an operation of the registry.
 *
 * @param name Any string.
 * @returns True for registry names only (not for inherited keys such as "constructor").
 * @example Inherited keys are not operations
 * ```ts
 * import assert from "node:assert";
 * assert.ok(isOpName("softmax"));
 * assert.ok(!isOpName("constructor"));
 * ```
 */
export function isOpName(name: string): name is OpName {
  return Object.hasOwn(OPERATIONS, name);
}

/**
 * An operation of the registry, with the registry's common type.
 *
 * @param name The operation.
 * @returns Its entry.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(Object.keys(operation("backward").outputs), ["delta", "dW", "db"]);
 * ```
 */
export function operation(name: OpName): Operation {
  return OPERATIONS[name] as unknown as Operation;
}
