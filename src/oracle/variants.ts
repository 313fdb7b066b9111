/**
 * Every operation of the registry evaluated with the reference primitives, in column layout, with
 * switches that each reproduce one usual mistake (a forgotten 1/N, dW transposed, σ′ taken at a, …).
 * With no switch set it computes what the reference computes; src/oracle/diagnose.ts runs it with one
 * switch (or two) set to tell which mistake an implementation's answer matches.
 *
 * Shape letters: N batch size, n_l width of layer l, L number of layers.
 *
 * @module
 */
import {
  type ActivationName,
  lookup,
  perSample,
  softmaxJacobian,
  softmaxVector,
} from "../reference/activations.ts";
import {
  add,
  hadamard,
  map,
  matmul,
  Matrix,
  scale,
  sliceCols,
  sub,
  sumRows,
  transpose,
} from "../reference/matrix.ts";
import { decodeMatrix, encodeMatrix } from "../spec/number_codec.ts";
import { isObject } from "./protocol.ts";
import { translateInputs, translateOutputs } from "./translate.ts";

/** The switches; each field left out means "as the reference does it". */
export interface Variant {
  /** false: sums over the batch where the mean belongs (no 1/N). */
  readonly batchMean?: boolean;
  /** dW = a·δᵀ instead of δ·aᵀ. */
  readonly dWTransposed?: boolean;
  /** "a": the activation derivative in backpropagation is evaluated at a = f(z). */
  readonly primeAt?: "z" | "a";
  /** The `*_prime` operations compute the derivative written for a, e.g. z(1 − z), from z. */
  readonly primeFormOfA?: boolean;
  /** ReLU′(0) = 1. */
  readonly reluPrimeAtZero?: 0 | 1;
  /** db from the first sample only, or δ not summed over the batch. */
  readonly bias?: "sum" | "first" | "unsummed";
  /** "naive": softmax without the max shift; "naive-lse": cross-entropy as log Σe^z − z without it. */
  readonly softmax?: "shifted" | "naive" | "naive-lse";
  /** −1: the softmax cross-entropy gradient is Y − P. */
  readonly ceSign?: 1 | -1;
  /** The quadratic convention actually computed, whatever was asked. */
  readonly quadratic?: "squared" | "half" | "mean";
  /** false: the hidden δ lacks ⊙ f′(z). */
  readonly hiddenPrime?: boolean;
  /** δ reported with the batch mean's 1/N (document 000's G). */
  readonly deltaMean?: boolean;
  /** The softmax cross-entropy output δ multiplied again by a(1 − a). */
  readonly ceExtraPrime?: boolean;
  /** Samples taken along rows although the batch holds them in columns. */
  readonly wrongAxis?: boolean;
}

/**
 * Evaluates an operation under a variant.
 *
 * @param op The operation name.
 * @param request The layout (when the operation takes one) and the encoded inputs.
 * @param v The switches.
 * @returns The encoded outputs, in the request's layout.
 * @example Forgetting the batch mean doubles a gradient of two samples
 * ```ts
 * import assert from "node:assert";
 * const inputs = { z: [[0, 0], [0, 0]], y: [[1, 0], [0, 1]] };
 * const right = evaluateVariant("softmax_cross_entropy_grad", { layout: "column", inputs }, {});
 * const wrong = evaluateVariant("softmax_cross_entropy_grad", { layout: "column", inputs }, { batchMean: false });
 * assert.deepStrictEqual(right, { dz: [[-0.25, 0.25], [0.25, -0.25]] });
 * assert.deepStrictEqual(wrong, { dz: [[-0.5, 0.5], [0.5, -0.5]] });
 * ```
 */
export function evaluateVariant(
  op: string,
  request: { layout?: string; inputs: Record<string, unknown> },
  v: Variant,
): Record<string, unknown> {
  if (request.layout === "row") {
    const out = evaluateColumn(op, translateInputs(request.inputs), v);
    return translateOutputs(op, out) as Record<string, unknown>;
  }
  return evaluateColumn(op, request.inputs, v);
}

interface Layer {
  W: Matrix;
  b: Matrix;
  activation: ActivationName;
}

function evaluateColumn(op: string, inputs: Record<string, unknown>, v: Variant) {
  const m = (key: string) => decodeMatrix(inputs[key], `inputs.${key}`);
  switch (op) {
    case "sigmoid":
    case "tanh":
    case "relu":
      return { a: encodeMatrix(map(m("z"), lookup(op).f)) };
    case "sigmoid_prime":
    case "tanh_prime":
    case "relu_prime":
      return { d: encodeMatrix(map(m("z"), opPrime(op.slice(0, -6), v))) };
    case "softmax":
      return { p: encodeMatrix(softmaxBatch(m("z"), v)) };
    case "softmax_jacobian":
      return { J: encodeMatrix(softmaxJacobian(softmaxOne(Array.from(m("z").data), v))) };
    case "cross_entropy":
      return { loss: crossEntropy(m("p"), m("y"), v) };
    case "softmax_cross_entropy":
      return { loss: softmaxCrossEntropy(m("z"), m("y"), v) };
    case "softmax_cross_entropy_grad":
      return { dz: encodeMatrix(ceGrad(m("z"), m("y"), v)) };
    case "quadratic_cost":
      return { loss: quadraticCost(m("a"), m("y"), conventionOf(inputs.convention, v), v) };
    case "quadratic_cost_grad":
      return {
        da: encodeMatrix(quadraticGrad(m("a"), m("y"), conventionOf(inputs.convention, v), v)),
      };
    case "dense_forward": {
      const act = inputs.activation as ActivationName;
      const z = add(matmul(m("W"), m("x")), m("b"));
      return { z: encodeMatrix(z), a: encodeMatrix(activateBatch(z, act, v)) };
    }
    case "forward": {
      const pass = forward(networkOf(inputs.network), m("x"), v);
      return { z: pass.map((p) => encodeMatrix(p.z)), a: pass.map((p) => encodeMatrix(p.a)) };
    }
    case "backward": {
      const g = backward(networkOf(inputs.network), {
        x: m("x"),
        y: m("y"),
        cost: costOf(inputs.cost),
      }, v);
      return {
        delta: g.map((l) => encodeMatrix(l.delta)),
        dW: g.map((l) => encodeMatrix(l.dW)),
        db: g.map((l) => encodeMatrix(l.db)),
      };
    }
    case "network_cost": {
      const net = networkOf(inputs.network);
      const pass = forward(net, m("x"), v);
      return {
        loss: costValue(pass[pass.length - 1], m("y"), { cost: costOf(inputs.cost), net, v }),
      };
    }
    case "sgd_step":
      return { network: sgdStep(inputs, v) };
    case "shapes":
      return shapes(inputs, v);
    default:
      throw new RangeError(`Unknown operation "${op}"`);
  }
}

function opPrime(name: string, v: Variant): (z: number) => number {
  if (v.primeFormOfA && name === "sigmoid") return (z) => z * (1 - z);
  if (v.primeFormOfA && name === "tanh") return (z) => 1 - z * z;
  return (z) => prime(name, z, v);
}

function prime(name: string, z: number, v: Variant): number {
  if (name === "relu" && z === 0) return v.reluPrimeAtZero ?? 0;
  return lookup(name).df(z);
}

function softmaxOne(u: number[], v: Variant): number[] {
  if (!v.softmax || v.softmax === "shifted") return softmaxVector(u);
  const e = u.map(Math.exp); // e^1000 = Infinity, Infinity/Infinity = NaN
  const s = e.reduce((p, q) => p + q, 0);
  return e.map((x) => x / s);
}

function softmaxBatch(Z: Matrix, v: Variant): Matrix {
  return perSample(Z, v.wrongAxis ? "row" : "column", (u) => softmaxOne(u, v));
}

function samples(A: Matrix, v: Variant): number {
  return v.wrongAxis ? A.rows : A.cols;
}

function meanFactor(N: number, v: Variant): number {
  return v.batchMean === false ? 1 : 1 / N;
}

function crossEntropy(P: Matrix, Y: Matrix, v: Variant): number {
  let total = 0;
  for (let k = 0; k < P.data.length; k++) {
    if (Y.data[k] !== 0) total -= Y.data[k] * Math.log(P.data[k]);
  }
  return total * meanFactor(samples(P, v), v);
}

function softmaxCrossEntropy(Z: Matrix, Y: Matrix, v: Variant): number {
  if (v.softmax === "naive") return crossEntropy(softmaxBatch(Z, v), Y, v);
  const layout = v.wrongAxis ? "row" : "column";
  const y = (i: number, k: number) => (layout === "column" ? Y.get(i, k) : Y.get(k, i));
  let total = 0;
  perSample(Z, layout, (u, k) => {
    const lse = v.softmax === "naive-lse"
      ? Math.log(u.reduce((s, x) => s + Math.exp(x), 0))
      : logSumExpOf(u);
    u.forEach((ui, i) => {
      if (y(i, k) !== 0) total += y(i, k) * (lse - ui);
    });
    return u;
  });
  return total * meanFactor(samples(Z, v), v);
}

function logSumExpOf(u: number[]): number {
  const mx = Math.max(...u);
  if (!Number.isFinite(mx)) return mx;
  return mx + Math.log(u.reduce((s, x) => s + Math.exp(x - mx), 0));
}

function ceGrad(Z: Matrix, Y: Matrix, v: Variant): Matrix {
  const P = softmaxBatch(Z, v);
  const D = v.ceSign === -1 ? sub(Y, P) : sub(P, Y);
  const E = v.ceExtraPrime ? hadamard(D, map(P, (p) => p * (1 - p))) : D;
  return scale(E, meanFactor(samples(Z, v), v));
}

type Convention = "squared" | "half" | "mean";

function conventionOf(c: unknown, v: Variant): Convention {
  if (c !== "squared" && c !== "half" && c !== "mean") {
    throw new RangeError(`Unknown quadratic convention ${JSON.stringify(c)}`);
  }
  return v.quadratic ?? c;
}

function factor(c: Convention, width: number): number {
  return c === "squared" ? 1 : c === "half" ? 0.5 : 1 / width;
}

function quadraticCost(A: Matrix, Y: Matrix, c: Convention, v: Variant): number {
  let total = 0;
  for (let k = 0; k < A.data.length; k++) total += (A.data[k] - Y.data[k]) ** 2;
  const width = v.wrongAxis ? A.cols : A.rows;
  return total * factor(c, width) * meanFactor(samples(A, v), v);
}

function quadraticGrad(A: Matrix, Y: Matrix, c: Convention, v: Variant): Matrix {
  const width = v.wrongAxis ? A.cols : A.rows;
  return scale(sub(A, Y), 2 * factor(c, width) * meanFactor(samples(A, v), v));
}

/** The per-sample ∂C₀/∂a of a quadratic cost (no 1/N). */
function quadraticSampleGrad(A: Matrix, Y: Matrix, c: Convention): Matrix {
  return scale(sub(A, Y), 2 * factor(c, A.rows));
}

/** The per-sample ∂C₀/∂p of cross-entropy, −y/p, zero where y = 0. */
function crossEntropySampleGrad(P: Matrix, Y: Matrix): Matrix {
  const G = new Matrix(P.rows, P.cols);
  for (let k = 0; k < P.data.length; k++) G.data[k] = Y.data[k] === 0 ? 0 : -Y.data[k] / P.data[k];
  return G;
}

function activateBatch(z: Matrix, act: ActivationName, v: Variant): Matrix {
  return act === "softmax" ? softmaxBatch(z, v) : map(z, lookup(act).f);
}

function networkOf(net: unknown): Layer[] {
  if (!isObject(net) || !Array.isArray(net.layers)) {
    throw new TypeError("inputs.network: expected an object with layers");
  }
  return net.layers.map((l: Record<string, unknown>, i: number) => ({
    W: decodeMatrix(l.W, `inputs.network.layers[${i}].W`),
    b: decodeMatrix(l.b, `inputs.network.layers[${i}].b`),
    activation: l.activation as ActivationName,
  }));
}

type Cost = { kind: "cross_entropy" } | { kind: "quadratic"; convention: Convention };

function costOf(c: unknown): Cost {
  if (c === "cross_entropy") return { kind: "cross_entropy" };
  const m = typeof c === "string" ? /^quadratic_(squared|half|mean)$/.exec(c) : null;
  if (!m) throw new RangeError(`Unknown cost ${JSON.stringify(c)}`);
  return { kind: "quadratic", convention: m[1] as Convention };
}

function forward(net: Layer[], X: Matrix, v: Variant): { z: Matrix; a: Matrix }[] {
  const pass: { z: Matrix; a: Matrix }[] = [];
  let a = X;
  for (const layer of net) {
    const z = add(matmul(layer.W, a), layer.b); // zˡ = Wˡ aˡ⁻¹ + bˡ — "Part 2", Forward Propagation
    a = activateBatch(z, layer.activation, v);
    pass.push({ z, a });
  }
  return pass;
}

function costValue(
  last: { z: Matrix; a: Matrix },
  Y: Matrix,
  o: { cost: Cost; net: Layer[]; v: Variant },
): number {
  if (o.cost.kind === "quadratic") {
    return quadraticCost(last.a, Y, o.v.quadratic ?? o.cost.convention, o.v);
  }
  if (o.net[o.net.length - 1].activation === "softmax") return softmaxCrossEntropy(last.z, Y, o.v);
  return crossEntropy(last.a, Y, o.v);
}

function derivative(name: ActivationName, z: Matrix, a: Matrix, v: Variant): Matrix {
  const at = v.primeAt === "a" ? a : z;
  return map(at, opPrime(name, v));
}

function outputDelta(
  last: { z: Matrix; a: Matrix },
  Y: Matrix,
  o: { cost: Cost; act: ActivationName; v: Variant },
): Matrix {
  const { cost, act, v } = o;
  if (act === "softmax" && cost.kind === "cross_entropy") {
    // δᴸ = a − y — "Part 2", softmax with cross-entropy
    const d = v.ceSign === -1 ? sub(Y, last.a) : sub(last.a, Y);
    return v.ceExtraPrime ? hadamard(d, map(last.a, (p) => p * (1 - p))) : d;
  }
  const g = cost.kind === "quadratic"
    ? quadraticSampleGrad(last.a, Y, v.quadratic ?? cost.convention)
    : crossEntropySampleGrad(last.a, Y);
  if (act !== "softmax") return hadamard(g, derivative(act, last.z, last.a, v));
  // δᴸ = J(p)·g per sample, J = diag(p) − p pᵀ — "2 Layer NN", Probability Distribution → Logits
  const G = g;
  return perSample(last.a, "column", (p, k) => {
    let pg = 0;
    for (let i = 0; i < p.length; i++) pg += p[i] * G.get(i, k);
    return p.map((pi, i) => pi * (G.get(i, k) - pg));
  });
}

function backward(
  net: Layer[],
  data: { x: Matrix; y: Matrix; cost: Cost },
  v: Variant,
): { delta: Matrix; dW: Matrix; db: Matrix }[] {
  const pass = forward(net, data.x, v);
  const L = net.length;
  const N = data.x.cols;
  const s = meanFactor(N, v);
  const out: { delta: Matrix; dW: Matrix; db: Matrix }[] = new Array(L);
  let delta = outputDelta(pass[L - 1], data.y, { cost: data.cost, act: net[L - 1].activation, v });
  for (let l = L - 1; l >= 0; l--) {
    const aPrev = l === 0 ? data.x : pass[l - 1].a;
    // ∂C/∂Wˡ = (1/N) δˡ (aˡ⁻¹)ᵀ — "Layer by Layer", gradients for a batch
    const dW = scale(
      v.dWTransposed ? matmul(aPrev, transpose(delta)) : matmul(delta, transpose(aPrev)),
      s,
    );
    const db = v.bias === "first"
      ? sliceCols(delta, 0, 1)
      : v.bias === "unsummed"
      ? scale(delta, s)
      : scale(sumRows(delta), s);
    out[l] = { delta: v.deltaMean ? scale(delta, 1 / N) : delta, dW, db };
    if (l > 0) {
      const back = matmul(transpose(net[l].W), delta);
      const act = net[l - 1].activation;
      // δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ σ′(zˡ) — "Layer by Layer", recursive δ
      delta = v.hiddenPrime === false
        ? back
        : hadamard(back, derivative(act, pass[l - 1].z, pass[l - 1].a, v));
    }
  }
  return out;
}

function sgdStep(inputs: Record<string, unknown>, v: Variant) {
  const net = networkOf(inputs.network);
  const x = decodeMatrix(inputs.x, "inputs.x");
  const y = decodeMatrix(inputs.y, "inputs.y");
  const lr = inputs.lr as number;
  const g = backward(net, { x, y, cost: costOf(inputs.cost) }, v);
  // Wˡ := Wˡ − α ∂L/∂Wˡ — "Part 2", updating rule
  return {
    layers: net.map((layer, l) => ({
      W: encodeMatrix(sub(layer.W, scale(g[l].dW, lr))),
      b: encodeMatrix(add(scale(g[l].db, -lr), layer.b)),
      activation: layer.activation,
    })),
  };
}

function shapes(inputs: Record<string, unknown>, v: Variant) {
  const sizes = inputs.sizes as number[];
  const N = inputs.batch as number;
  const W: number[][] = [];
  const b: number[][] = [];
  const z: number[][] = [];
  const dW: number[][] = [];
  const db: number[][] = [];
  for (let l = 1; l < sizes.length; l++) {
    W.push([sizes[l], sizes[l - 1]]);
    b.push([sizes[l], 1]);
    z.push([sizes[l], N]);
    dW.push(v.dWTransposed ? [sizes[l - 1], sizes[l]] : [sizes[l], sizes[l - 1]]);
    db.push(v.bias === "unsummed" ? [sizes[l], N] : [sizes[l], 1]);
  }
  return { W, b, z, a: z, delta: z, dW, db };
}
