/**
 * The operation registry: for each operation a fixture case (or an oracle request) can name, the
 * fields it reads and writes, how to check them, and how the reference evaluates it. Inputs arrive as
 * JSON with numbers encoded by src/spec/number_codec.ts; {@linkcode decodeInputs} turns them into matrices
 * and networks (checking kinds, shapes and finiteness, with errors naming the field), `evaluate` runs
 * the reference, and {@linkcode encodeOutputs} turns the result back into JSON.
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
  type ActivationName,
  type Layout,
  softmax,
  softmaxJacobian,
  softmaxVector,
} from "../reference/activations.ts";
import { compareMatrices, describeMismatch, type Tolerance } from "./compare.ts";
import {
  batchSize,
  type Cost,
  crossEntropy,
  quadratic,
  type QuadraticConvention,
  quadraticGrad,
  softmaxCrossEntropy,
  softmaxCrossEntropyGrad,
} from "../reference/costs.ts";
import type { FixtureCase, JsonValue } from "./case_file.ts";
import { Matrix, scale } from "../reference/matrix.ts";
import { backward, costOf, forward, type Network, sgdStep } from "../reference/network.ts";
import { decodeMatrix, decodeNumber, encodeMatrix, encodeNumber, preview } from "./number_codec.ts";
import { backwardRows, forwardRows } from "../reference/row_network.ts";
import { resolveTolerance } from "./tolerance.ts";

/** Activation names a layer may carry in JSON. */
export const ACTIVATION_NAMES = ["sigmoid", "tanh", "relu", "identity", "softmax"] as const;

/** Cost names of `backward`, `network_cost` and `sgd_step`. */
export const COST_NAMES = [
  "cross_entropy",
  "quadratic_squared",
  "quadratic_half",
  "quadratic_mean",
] as const;

/** A cost name of the fixtures and the protocol. */
export type CostName = (typeof COST_NAMES)[number];

/** Quadratic conventions of `quadratic_cost` and `quadratic_cost_grad`. */
export const CONVENTIONS = ["squared", "half", "mean"] as const;

/** What one input or output field holds. */
export type FieldSpec =
  /** A 2-D tensor; `finite` forbids NaN and ±Infinity; `column` requires n × 1. */
  | {
    readonly kind: "matrix";
    readonly doc: string;
    readonly finite?: boolean;
    readonly column?: boolean;
  }
  /** A single number, possibly NaN or ±Infinity (outputs). */
  | { readonly kind: "scalar"; readonly doc: string }
  /** A finite number ≥ 0 (the learning rate). */
  | { readonly kind: "rate"; readonly doc: string }
  /** A positive integer. */
  | { readonly kind: "count"; readonly doc: string }
  /** Layer widths n_0 … n_L: at least two positive integers. */
  | { readonly kind: "sizes"; readonly doc: string }
  /** One of a few names. */
  | { readonly kind: "enum"; readonly doc: string; readonly values: readonly string[] }
  /** A network `{layers: [{W, b, activation}]}` in the case's layout. */
  | { readonly kind: "network"; readonly doc: string }
  /** One matrix per layer, l = 1..L. */
  | { readonly kind: "matrices"; readonly doc: string }
  /** One [rows, cols] pair per layer. */
  | { readonly kind: "shapes"; readonly doc: string };

/** The fields of an operation's inputs or outputs, by name. */
export type Fields = { readonly [name: string]: FieldSpec };

/** The decoded value of a field. */
export type ValueOf<S extends FieldSpec> = S extends { kind: "matrix" } ? Matrix
  : S extends { kind: "scalar" | "rate" | "count" } ? number
  : S extends { kind: "sizes" } ? number[]
  : S extends { kind: "enum"; values: readonly (infer V)[] } ? V
  : S extends { kind: "network" } ? Network
  : S extends { kind: "matrices" } ? Matrix[]
  : S extends { kind: "shapes" } ? [number, number][]
  : never;

/** Decoded values of a set of fields. */
export type Values<F extends Fields> = { [K in keyof F]: ValueOf<F[K]> };

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

/** Where decoding happens: the case's layout and a prefix for error messages. */
export interface DecodeContext {
  /** The case's layout (`column` for operations without one). */
  readonly layout: Layout;
  /** Prefix of error messages, e.g. `fixtures/costs.json: case "x": inputs`. */
  readonly where: string;
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
  values: CONVENTIONS,
} as const;
const PER_LAYER = (what: string) =>
  ({ kind: "matrices", doc: `${what}, one per layer l = 1..L` }) as const;
const SHAPES = (what: string) =>
  ({ kind: "shapes", doc: `[rows, cols] of ${what} per layer` }) as const;

function elementwiseOp(name: "sigmoid" | "tanh" | "relu", summary: string) {
  return defineOp({
    summary,
    layout: false,
    inputs: { z: Z },
    outputs: { a: m("f(z), shaped like z") },
    evaluate: ({ z }) => ({ a: activate(z, name) }),
  });
}

function primeOp(name: "sigmoid" | "tanh" | "relu", summary: string) {
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
    evaluate: ({ z, y }, layout) => ({ dz: softmaxCrossEntropyGrad(z, y, layout) }),
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
      da: scale(quadraticGrad(a, y, { convention, layout }), 1 / batchSize(a, layout)),
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
      checkNetwork({ layout: ctx.layout, layers: [{ W, b, activation }] }, {
        ...ctx,
        x,
        paths: () => ({
          W: `${ctx.where}.W`,
          b: `${ctx.where}.b`,
          activation: `${ctx.where}.activation`,
        }),
      }),
    evaluate: ({ W, b, x, activation }, layout) => {
      const pass = runForward({ layout, layers: [{ W, b, activation }] }, x);
      return { z: pass.layers[0].z, a: pass.layers[0].a };
    },
  }),
  forward: defineOp({
    summary: "the forward pass: z and a of every layer",
    layout: true,
    inputs: { network: NETWORK, x: X },
    outputs: { z: PER_LAYER("pre-activations zˡ"), a: PER_LAYER("activations aˡ") },
    check: ({ network, x }, ctx) =>
      checkNetwork(network, { ...ctx, x, paths: networkPaths(`${ctx.where}.network`) }),
    evaluate: ({ network, x }) => {
      const pass = runForward(network, x);
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
      checkNetwork(network, { ...ctx, x, y, paths: networkPaths(`${ctx.where}.network`) }),
    evaluate: ({ network, x, y, cost }) => {
      const g = runBackward(network, x, y, cost);
      return {
        delta: g.layers.map((l) => l.delta),
        dW: g.layers.map((l) => l.dW),
        db: g.layers.map((l) => l.db),
      };
    },
  }),
  network_cost: defineOp({
    summary: "the batch-mean cost of the network's output",
    layout: true,
    inputs: { network: NETWORK, x: X, y: TARGETS, cost: COST },
    outputs: { loss: { kind: "scalar", doc: "the batch-mean cost" } },
    check: ({ network, x, y }, ctx) =>
      checkNetwork(network, { ...ctx, x, y, paths: networkPaths(`${ctx.where}.network`) }),
    evaluate: ({ network, x, y, cost }, layout) => {
      const pass = runForward(network, x);
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
      checkNetwork(network, { ...ctx, x, y, paths: networkPaths(`${ctx.where}.network`) }),
    evaluate: ({ network, x, y, cost, lr }) => ({
      network: sgdStep(network, runBackward(network, x, y, cost), lr),
    }),
  }),
  shapes: defineOp({
    summary: "the shapes of every W, b, z, a, δ, dW, db of a network of the given widths",
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
    },
    evaluate: ({ sizes, batch }, layout) => measureShapes(sizes, batch, layout),
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

/** Looks an operation up with the registry's common type. */
function opOf(name: OpName): Operation {
  return OPERATIONS[name] as unknown as Operation;
}

/**
 * Decodes and checks an operation's inputs: every field present and of its kind, no unknown field,
 * shapes that fit together, finite values where required.
 *
 * @param name The operation.
 * @param inputs The JSON inputs.
 * @param ctx The layout and the prefix of error messages.
 * @returns The decoded inputs.
 * @example A shape mismatch names the field
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const ctx = { layout: "column", where: "inputs" } as const;
 * assert.deepStrictEqual(decodeInputs("sigmoid", { z: [[0, "NaN"]] }, ctx).z, Matrix.from([[0, NaN]]));
 * assert.throws(() => decodeInputs("cross_entropy", { p: [[1]], y: [[1, 0]] }, ctx), /inputs\.y: expected 1×1/);
 * assert.throws(() => decodeInputs("cross_entropy", { p: [[1]], y: [["NaN"]] }, ctx), /inputs\.y\[0\]\[0\]: expected a finite number/);
 * ```
 */
export function decodeInputs(
  name: OpName,
  inputs: { readonly [key: string]: unknown },
  ctx: DecodeContext,
): Values<Fields> {
  const op = opOf(name);
  const values = decodeFields(op.inputs, inputs, ctx);
  op.check?.(values, ctx);
  return values;
}

/**
 * Decodes a case's expected outputs with the operation's output fields (kinds only: shapes are
 * compared when the case runs).
 *
 * @param name The operation.
 * @param expected The JSON outputs.
 * @param ctx The layout and the prefix of error messages.
 * @returns The decoded outputs.
 * @example A tagged infinite loss; a missing field
 * ```ts
 * import assert from "node:assert";
 * const ctx = { layout: "row", where: "expected" } as const;
 * assert.strictEqual(decodeExpected("cross_entropy", { loss: "Infinity" }, ctx).loss, Infinity);
 * assert.throws(() => decodeExpected("cross_entropy", {}, ctx), /expected\.loss: missing/);
 * ```
 */
export function decodeExpected(
  name: OpName,
  expected: { readonly [key: string]: unknown },
  ctx: DecodeContext,
): Values<Fields> {
  return decodeFields(opOf(name).outputs, expected, ctx);
}

/**
 * Encodes an operation's outputs as JSON (numbers tagged where JSON cannot hold them).
 *
 * @param name The operation.
 * @param outputs The decoded outputs.
 * @returns The JSON outputs, fields in registry order.
 * @example −0 is tagged
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * assert.deepStrictEqual(encodeOutputs("relu", { a: Matrix.from([[-0, 1]]) }), { a: [["-0", 1]] });
 * ```
 */
export function encodeOutputs(
  name: OpName,
  outputs: Values<Fields>,
): { [key: string]: JsonValue } {
  const out: { [key: string]: JsonValue } = {};
  for (const [key, spec] of Object.entries(opOf(name).outputs)) {
    out[key] = encodeField(spec, outputs[key]);
  }
  return out;
}

/**
 * Evaluates an operation on JSON inputs with the reference and returns JSON outputs.
 *
 * @param name The operation.
 * @param inputs The JSON inputs.
 * @param layout The layout (ignored by operations without one).
 * @returns The JSON outputs.
 * @example The softmax-CE gradient (P − Y)/N of one sample
 * ```ts
 * import assert from "node:assert";
 * const out = evaluateJson("softmax_cross_entropy_grad", { z: [[0], [0]], y: [[1], [0]] }, "column");
 * assert.deepStrictEqual(out, { dz: [[-0.5], [0.5]] });
 * ```
 */
export function evaluateJson(
  name: OpName,
  inputs: { readonly [key: string]: unknown },
  layout: Layout = "column",
): { [key: string]: JsonValue } {
  const values = decodeInputs(name, inputs, { layout, where: "inputs" });
  return encodeOutputs(name, opOf(name).evaluate(values, layout));
}

/** The outcome of running one case against the reference. */
export interface CaseRun {
  /** The case's id. */
  readonly id: string;
  /** True when every output agrees with the expected one within the case's tolerance. */
  readonly ok: boolean;
  /** One line per field that disagrees (or the error that stopped the run). */
  readonly failures: readonly string[];
  /** The reference's outputs, encoded (absent when the run threw). */
  readonly outputs?: { readonly [key: string]: JsonValue };
  /** The tolerance used. */
  readonly tolerance?: Tolerance;
}

/**
 * Runs a case against the reference: decode its inputs, evaluate, compare every output field with
 * the expected one under the case's tolerance.
 *
 * @param c The case.
 * @returns Whether it passes, and a line per disagreeing field.
 * @example A case that expects ReLU′(0) = 1 fails against the reference
 * ```ts
 * import assert from "node:assert";
 * const run = runCase({ id: "relu/zero", op: "relu_prime", inputs: { z: [[0]] }, expected: { d: [[1]] },
 *   tolerance: { class: "exact" }, source: { doc: "001", section: "ReLU" }, tags: [], notes: "" });
 * assert.strictEqual(run.ok, false);
 * assert.match(run.failures[0], /^d\[0,0\]: expected 1, got 0/);
 * ```
 */
export function runCase(c: FixtureCase): CaseRun {
  try {
    const layout = c.layout ?? "column";
    const inputs = decodeInputs(c.op, c.inputs, { layout, where: "inputs" });
    const outputs = encodeOutputs(c.op, opOf(c.op).evaluate(inputs, layout));
    const failures = checkOutputs(c, outputs);
    return {
      id: c.id,
      ok: failures.length === 0,
      failures,
      outputs,
      tolerance: resolveTolerance(c.tolerance, c.printed?.decimals),
    };
  } catch (e) {
    return { id: c.id, ok: false, failures: [(e as Error).message] };
  }
}

/**
 * Compares outputs from anywhere (the reference, an implementation under test) with a case's
 * expected outputs, field by field, under the case's tolerance.
 *
 * @param c The case.
 * @param outputs The outputs as JSON, numbers encoded.
 * @returns One line per field that disagrees or cannot be read; empty when all agree.
 * @example A missing 1/N
 * ```ts
 * import assert from "node:assert";
 * const c = { id: "g", op: "softmax_cross_entropy_grad", layout: "column", inputs: { z: [[0, 0]], y: [[1, 0]] },
 *   expected: { dz: [[-0.5, 0.5]] }, tolerance: { class: "exact" }, source: { doc: null, section: "" },
 *   tags: [], notes: "" } as const;
 * assert.deepStrictEqual(checkOutputs(c, { dz: [[-0.5, 0.5]] }), []);
 * assert.match(checkOutputs(c, { dz: [[-1, 1]] })[0], /^dz\[0,0\]: expected -0.5, got -1/);
 * assert.match(checkOutputs(c, {})[0], /^outputs\.dz: missing/);
 * ```
 */
export function checkOutputs(
  c: FixtureCase,
  outputs: { readonly [key: string]: unknown },
): string[] {
  const op = opOf(c.op);
  const layout = c.layout ?? "column";
  const tolerance = resolveTolerance(c.tolerance, c.printed?.decimals);
  const expected = decodeExpected(c.op, c.expected, { layout, where: "expected" });
  const failures: string[] = [];
  for (const [key, spec] of Object.entries(op.outputs)) {
    let got: ValueOf<FieldSpec>;
    try {
      got =
        decodeFields({ [key]: spec }, { [key]: outputs[key] }, { layout, where: "outputs" })[key];
    } catch (e) {
      failures.push((e as Error).message);
      continue;
    }
    failures.push(...compareField(spec, got, expected[key], { tolerance, label: key }));
  }
  return failures;
}

// ---- decoding ----

function decodeFields(
  fields: Fields,
  json: { readonly [key: string]: unknown },
  ctx: DecodeContext,
): Values<Fields> {
  for (const key of Object.keys(json)) {
    if (!Object.hasOwn(fields, key)) {
      throw new TypeError(
        `${ctx.where}.${key}: unknown field (expected ${Object.keys(fields).join(", ")})`,
      );
    }
  }
  const values: Record<string, ValueOf<FieldSpec>> = {};
  for (const [key, spec] of Object.entries(fields)) {
    const where = `${ctx.where}.${key}`;
    if (json[key] === undefined) throw new TypeError(`${where}: missing`);
    values[key] = decodeField(spec, json[key], { layout: ctx.layout, where });
  }
  return values;
}

function decodeField(spec: FieldSpec, v: unknown, ctx: DecodeContext): ValueOf<FieldSpec> {
  const { where } = ctx;
  switch (spec.kind) {
    case "matrix":
      return decodeTensor(v, where, spec);
    case "scalar":
      return decodeNumber(v, where);
    case "rate": {
      if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
        throw new RangeError(`${where}: expected a finite number ≥ 0, got ${preview(v)}`);
      }
      return v;
    }
    case "count":
      return positiveInt(v, where);
    case "sizes": {
      if (!Array.isArray(v) || v.length < 2) {
        throw new TypeError(`${where}: expected at least two layer widths, got ${preview(v)}`);
      }
      return v.map((n, i) => positiveInt(n, `${where}[${i}]`));
    }
    case "enum": {
      if (typeof v !== "string" || !spec.values.includes(v)) {
        throw new RangeError(
          `${where}: expected one of ${spec.values.join(", ")}, got ${preview(v)}`,
        );
      }
      return v;
    }
    case "network":
      return decodeNetwork(v, ctx);
    case "matrices": {
      if (!Array.isArray(v)) {
        throw new TypeError(`${where}: expected a list of matrices, got ${preview(v)}`);
      }
      return v.map((x, i) => decodeTensor(x, `${where}[${i}]`, {}));
    }
    case "shapes": {
      if (!Array.isArray(v)) {
        throw new TypeError(`${where}: expected a list of [rows, cols], got ${preview(v)}`);
      }
      return v.map((p, i): [number, number] => {
        if (!Array.isArray(p) || p.length !== 2) {
          throw new TypeError(`${where}[${i}]: expected [rows, cols], got ${preview(p)}`);
        }
        return [positiveInt(p[0], `${where}[${i}][0]`), positiveInt(p[1], `${where}[${i}][1]`)];
      });
    }
  }
}

function decodeTensor(
  v: unknown,
  where: string,
  spec: { finite?: boolean; column?: boolean },
): Matrix {
  const M = decodeMatrix(v, where);
  if (M.rows === 0 || M.cols === 0) throw new TypeError(`${where}: expected a non-empty matrix`);
  if (spec.column && M.cols !== 1) {
    throw new TypeError(`${where}: expected a column vector n×1, got ${M.rows}×${M.cols}`);
  }
  if (spec.finite) {
    const k = M.data.findIndex((x) => !Number.isFinite(x));
    if (k >= 0) {
      const [i, j] = [Math.floor(k / M.cols), k % M.cols];
      throw new RangeError(
        `${where}[${i}][${j}]: expected a finite number, got ${encodeNumber(M.data[k])}`,
      );
    }
  }
  return M;
}

function positiveInt(v: unknown, where: string): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
    throw new RangeError(`${where}: expected a positive integer, got ${preview(v)}`);
  }
  return v;
}

function decodeNetwork(v: unknown, ctx: DecodeContext): Network {
  const { where } = ctx;
  if (typeof v !== "object" || v === null || !Array.isArray((v as { layers?: unknown }).layers)) {
    throw new TypeError(`${where}: expected {"layers": [...]}, got ${preview(v)}`);
  }
  const raw = (v as { layers: unknown[] }).layers;
  if (raw.length === 0) throw new TypeError(`${where}.layers: expected at least one layer`);
  const layers = raw.map((layer, l) => {
    const at = `${where}.layers[${l}]`;
    if (typeof layer !== "object" || layer === null || Array.isArray(layer)) {
      throw new TypeError(`${at}: expected {"W", "b", "activation"}, got ${preview(layer)}`);
    }
    const o = layer as Record<string, unknown>;
    for (const key of Object.keys(o)) {
      if (key !== "W" && key !== "b" && key !== "activation") {
        throw new TypeError(`${at}.${key}: unknown field (expected W, b, activation)`);
      }
    }
    const activation = o.activation;
    if (
      typeof activation !== "string" ||
      !(ACTIVATION_NAMES as readonly string[]).includes(activation)
    ) {
      throw new RangeError(
        `${at}.activation: expected one of ${ACTIVATION_NAMES.join(", ")}, got ${
          preview(activation)
        }`,
      );
    }
    return {
      W: decodeTensor(o.W, `${at}.W`, {}),
      b: decodeTensor(o.b, `${at}.b`, {}),
      activation: activation as ActivationName,
    };
  });
  const net: Network = { layout: ctx.layout, layers };
  checkNetwork(net, { ...ctx, paths: networkPaths(where) });
  return net;
}

// ---- cross-field checks ----

function sameShape(ctx: DecodeContext, [an, a]: [string, Matrix], [bn, b]: [string, Matrix]): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new TypeError(
      `${ctx.where}.${bn}: expected ${a.rows}×${a.cols} like ${an}, got ${b.rows}×${b.cols}`,
    );
  }
}

/** Where a layer's W, b and activation are, for error messages. */
type LayerPaths = (l: number) => { W: string; b: string; activation: string };

const networkPaths = (prefix: string): LayerPaths => (l) => ({
  W: `${prefix}.layers[${l}].W`,
  b: `${prefix}.layers[${l}].b`,
  activation: `${prefix}.layers[${l}].activation`,
});

/**
 * Checks that the layers chain and that softmax is last, and (when given) that x feeds the first
 * layer and y has the output's shape. Paths in messages come from `paths`; x and y are named under
 * `ctx.where`.
 */
function checkNetwork(
  net: Network,
  ctx: DecodeContext & { paths: LayerPaths; x?: Matrix; y?: Matrix },
): void {
  const { x, y } = ctx;
  const column = ctx.layout === "column";
  let width = x === undefined ? undefined : column ? x.rows : x.cols;
  net.layers.forEach((layer, l) => {
    const at = ctx.paths(l);
    const [fanIn, fanOut] = column ? [layer.W.cols, layer.W.rows] : [layer.W.rows, layer.W.cols];
    if (width !== undefined && fanIn !== width) {
      const what = l === 0 ? `x gives ${width}` : `layer ${l - 1} gives ${width}`;
      const dim = column ? "columns" : "rows";
      throw new TypeError(
        `${at.W}: has ${fanIn} ${dim} (${layer.W.rows}×${layer.W.cols}) but ${what} inputs per sample`,
      );
    }
    const [br, bc] = column ? [fanOut, 1] : [1, fanOut];
    if (layer.b.rows !== br || layer.b.cols !== bc) {
      throw new TypeError(
        `${at.b}: expected ${br}×${bc} for a W of ${layer.W.rows}×${layer.W.cols}, got ${layer.b.rows}×${layer.b.cols}`,
      );
    }
    if (layer.activation === "softmax" && l !== net.layers.length - 1) {
      throw new RangeError(`${at.activation}: softmax is allowed in the last layer only`);
    }
    width = fanOut;
  });
  if (x !== undefined && y !== undefined) {
    const N = column ? x.cols : x.rows;
    const [yr, yc] = column ? [width!, N] : [N, width!];
    if (y.rows !== yr || y.cols !== yc) {
      throw new TypeError(
        `${ctx.where}.y: expected ${yr}×${yc} (the output of ${N} samples), got ${y.rows}×${y.cols}`,
      );
    }
  }
}

// ---- evaluation helpers ----

function runForward(net: Network, x: Matrix) {
  return net.layout === "column" ? forward(net, x) : forwardRows(net, x);
}

/**
 * The reference cost of a cost name.
 *
 * @param name `cross_entropy` or `quadratic_<convention>`.
 * @returns The cost object of src/reference/costs.ts.
 * @example The convention is the suffix
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(costFromName("quadratic_half"), { kind: "quadratic", convention: "half" });
 * ```
 */
export function costFromName(name: CostName): Cost {
  if (name === "cross_entropy") return { kind: "cross-entropy" };
  return { kind: "quadratic", convention: name.slice("quadratic_".length) as QuadraticConvention };
}

function runBackward(net: Network, x: Matrix, y: Matrix, cost: CostName) {
  const pass = runForward(net, x);
  const options = { Y: y, cost: costFromName(cost) };
  return net.layout === "column" ? backward(net, pass, options) : backwardRows(net, pass, options);
}

/** Shapes measured on the reference: a zero batch through a network of the given widths. */
function measureShapes(sizes: number[], batch: number, layout: Layout) {
  const layers = sizes.slice(1).map((n, l) => {
    const d = sizes[l];
    return {
      W: layout === "column" ? new Matrix(n, d) : new Matrix(d, n),
      b: layout === "column" ? new Matrix(n, 1) : new Matrix(1, n),
      activation: (l === sizes.length - 2 ? "softmax" : "sigmoid") as ActivationName,
    };
  });
  const net: Network = { layout, layers };
  const d = sizes[0];
  const nL = sizes[sizes.length - 1];
  const x = layout === "column" ? new Matrix(d, batch) : new Matrix(batch, d);
  const y = layout === "column" ? new Matrix(nL, batch) : new Matrix(batch, nL);
  for (let k = 0; k < batch; k++) {
    y.set(layout === "column" ? 0 : k, layout === "column" ? k : 0, 1);
  }
  const pass = runForward(net, x);
  const g = runBackward(net, x, y, "cross_entropy");
  const shape = (M: Matrix): [number, number] => [M.rows, M.cols];
  return {
    W: net.layers.map((l) => shape(l.W)),
    b: net.layers.map((l) => shape(l.b)),
    z: pass.layers.map((l) => shape(l.z)),
    a: pass.layers.map((l) => shape(l.a)),
    delta: g.layers.map((l) => shape(l.delta)),
    dW: g.layers.map((l) => shape(l.dW)),
    db: g.layers.map((l) => shape(l.db)),
  };
}

// ---- encoding and comparison ----

function encodeField(spec: FieldSpec, v: ValueOf<FieldSpec>): JsonValue {
  switch (spec.kind) {
    case "matrix":
      return encodeMatrix(v as Matrix);
    case "scalar":
    case "rate":
    case "count":
      return encodeNumber(v as number);
    case "matrices":
      return (v as Matrix[]).map(encodeMatrix);
    case "network":
      return {
        layers: (v as Network).layers.map((l) => ({
          W: encodeMatrix(l.W),
          b: encodeMatrix(l.b),
          activation: l.activation,
        })),
      };
    case "sizes":
    case "enum":
    case "shapes":
      return v as JsonValue;
  }
}

function compareField(
  spec: FieldSpec,
  got: ValueOf<FieldSpec>,
  expected: ValueOf<FieldSpec>,
  opts: { tolerance: Tolerance; label: string },
): string[] {
  const { tolerance, label } = opts;
  const matrices = (g: Matrix, e: Matrix, at: string) => {
    const c = compareMatrices(g, e, tolerance);
    return c.ok ? [] : [describeMismatch(c, at)];
  };
  switch (spec.kind) {
    case "matrix":
      return matrices(got as Matrix, expected as Matrix, label);
    case "scalar":
    case "rate":
    case "count": {
      const one = (x: number) => new Matrix(1, 1, new Float64Array([x]));
      const c = compareMatrices(one(got as number), one(expected as number), tolerance);
      return c.ok ? [] : [describeMismatch(c, label).replace(`${label}[0,0]`, label)];
    }
    case "matrices":
      return listOf(got as Matrix[], expected as Matrix[], label, (g, e, at) => matrices(g, e, at));
    case "network": {
      const [g, e] = [got as Network, expected as Network];
      return listOf([...g.layers], [...e.layers], `${label}.layers`, (gl, el, at) => [
        ...matrices(gl.W, el.W, `${at}.W`),
        ...matrices(gl.b, el.b, `${at}.b`),
        ...(gl.activation === el.activation
          ? []
          : [`${at}.activation: expected ${el.activation}, got ${gl.activation}`]),
      ]);
    }
    case "sizes":
    case "enum":
    case "shapes":
      return JSON.stringify(got) === JSON.stringify(expected)
        ? []
        : [`${label}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`];
  }
}

function listOf<T>(
  got: T[],
  expected: T[],
  label: string,
  f: (g: T, e: T, at: string) => string[],
) {
  if (got.length !== expected.length) {
    return [`${label}: expected ${expected.length} layers, got ${got.length}`];
  }
  return expected.flatMap((e, i) => f(got[i], e, `${label}[${i}]`));
}
