/**
 * The relations of the documents, set up on the numbers an answer reported: each instance pairs a
 * value the client reported (δ of layer 2, dW of layer 1, …) with what the relation computes from the
 * client's other numbers (its own δ of layer 3, the forward pass it reported or, where it reported
 * none, the reference's). A correct network satisfies every instance; a mistake breaks the relation it
 * is made in, and only that one, because every instance reads the client's own upstream values.
 *
 * Column layout throughout (src/oracle/localise.ts translates row-layout answers first). Shape
 * letters: N batch size, n_l width of layer l, L number of layers; layer l is 1-based here.
 *
 * @module
 */
import {
  activatePrime,
  type ActivationName,
  type ElementwiseName,
} from "../reference/activations.ts";
import { type Cost, crossEntropySampleGrad, quadraticSampleGrad } from "../reference/costs.ts";
import {
  add,
  hadamard,
  matmul,
  Matrix,
  scale,
  sub,
  sumRows,
  transpose,
} from "../reference/matrix.ts";
import {
  applyActivation,
  costOf,
  elementwise,
  type ForwardPass,
  outputDelta,
} from "../reference/network.ts";

/** The relations, in the order a network computes them. */
export const RELATIONS = {
  z: "zˡ = Wˡ aˡ⁻¹ + bˡ",
  a: "aˡ = f(zˡ)",
  "delta-output": "δᴸ = ∂C₀/∂aᴸ ⊙ f′(zᴸ) (a − y for softmax with cross-entropy)",
  "delta-recursion": "δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ f′(zˡ)",
  dW: "dWˡ = δˡ (aˡ⁻¹)ᵀ / N",
  db: "dbˡ = Σₖ δˡₖ / N",
  "input-grad": "∂C/∂x = (W¹)ᵀ δ¹ / N",
  cost: "C = (1/N) Σₖ C₀(aᴸₖ, yₖ)",
  "update-W": "Wˡ ← Wˡ − η dWˡ",
  "update-b": "bˡ ← bˡ − η dbˡ",
} as const;

/** A relation of the documents, by name. */
export type RelationId = keyof typeof RELATIONS;

/** A column-layout layer. */
export interface ColumnLayer {
  /** n_l × n_{l−1}. */
  readonly W: Matrix;
  /** n_l × 1. */
  readonly b: Matrix;
  /** Its activation. */
  readonly activation: ActivationName;
}

/** The numbers one relation instance reads (each relation reads some of them). */
export interface RelationInputs {
  /** Layer l (1-based). */
  readonly layer: number;
  /** The activation of layer l. */
  readonly activation: ActivationName;
  /** Wˡ and bˡ as sent. */
  readonly W: Matrix;
  /** bˡ as sent. */
  readonly b: Matrix;
  /** aˡ⁻¹ (the input batch for layer 1). */
  readonly aPrev: Matrix;
  /** zˡ and aˡ (the client's where reported, else the reference's). */
  readonly z: Matrix;
  /** aˡ. */
  readonly a: Matrix;
  /** N, the batch size. */
  readonly N: number;
  /** Wˡ⁺¹ and the client's δˡ⁺¹ (hidden layers). */
  readonly Wnext?: Matrix;
  /** δˡ⁺¹. */
  readonly deltaNext?: Matrix;
  /** The activation of layer l + 1. */
  readonly activationNext?: ActivationName;
  /** The client's δˡ (the reference's where not reported). */
  readonly delta?: Matrix;
  /** Targets and cost (the output layer). */
  readonly Y?: Matrix;
  /** The cost. */
  readonly cost?: Cost;
  /** The learning rate and the gradient the update used (sgd_step). */
  readonly lr?: number;
  /** dWˡ or dbˡ the update used. */
  readonly grad?: Matrix;
  /** The forward pass the cost reads. */
  readonly pass?: ForwardPass;
  /** dWˡ⁺¹ of the same step (a mistake that updates while back-propagating reads it). */
  readonly dWnext?: Matrix;
  /** The activation, as the relation evaluates it (a mistake may replace it). */
  readonly f?: (name: ActivationName, z: Matrix) => Matrix;
  /** f′ inside backpropagation, as the relation evaluates it (a mistake may replace it). */
  readonly fPrime?: (name: ElementwiseName, z: Matrix, a: Matrix) => Matrix;
}

/**
 * ∂C₀/∂a of one sample per column (no 1/N): 2·factor·(a − y) for a quadratic cost, −y/a for
 * cross-entropy.
 *
 * @param A Outputs.
 * @param Y Targets.
 * @param cost The cost.
 * @returns The gradient, shaped like A.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const g = sampleCostGrad(Matrix.from([[1]]), Matrix.from([[0]]), { kind: "quadratic", convention: "half" });
 * assert.deepStrictEqual(g.toArrays(), [[1]]);
 * ```
 */
export function sampleCostGrad(A: Matrix, Y: Matrix, cost: Cost): Matrix {
  return cost.kind === "quadratic"
    ? quadraticSampleGrad(A, Y, { convention: cost.convention, layout: "column" })
    : crossEntropySampleGrad(A, Y);
}

/** One relation on one layer: the value reported and the inputs it is computed from. */
export interface RelationInstance {
  /** Which relation. */
  readonly relation: RelationId;
  /** Where the reported value sits in the answer (request's field names, 0-based list index). */
  readonly field: string;
  /** The value the client reported (column layout). */
  readonly got: Matrix;
  /** What the relation reads. */
  readonly inputs: RelationInputs;
}

/**
 * The value a relation gives from its inputs, as the documents write it.
 *
 * @param relation The relation.
 * @param r Its inputs.
 * @returns The value the reported one should equal.
 * @example dW of one sample is the outer product δ aᵀ
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const one = Matrix.from([[1]]);
 * const r = { layer: 1, activation: "identity" as const, W: one, b: one, aPrev: Matrix.from([[2], [3]]), z: one, a: one, N: 1, delta: Matrix.from([[0.5]]) };
 * assert.deepStrictEqual(relationValue("dW", r).toArrays(), [[1, 1.5]]);
 * ```
 */
export function relationValue(relation: RelationId, r: RelationInputs): Matrix {
  switch (relation) {
    case "z":
      return add(matmul(r.W, r.aPrev), r.b); // "Part 2", Forward Propagation
    case "a":
      return r.f ? r.f(r.activation, r.z) : applyActivation(r.z, r.activation, "column");
    case "delta-output": {
      if (r.activation === "softmax") {
        return outputDelta({ z: r.z, a: r.a }, need(r.Y), {
          cost: need(r.cost),
          activation: r.activation,
          layout: "column",
        });
      }
      // δᴸ = ∂C₀/∂aᴸ ⊙ f′(zᴸ) — "Backpropagation notes" §2.5.1
      return hadamard(sampleCostGrad(r.a, need(r.Y), need(r.cost)), prime(r));
    }
    case "delta-recursion": // "Layer by Layer", recursive δ
      return hadamard(matmul(transpose(need(r.Wnext)), need(r.deltaNext)), prime(r));
    case "dW": // "Layer by Layer", gradients for a batch
      return scale(matmul(need(r.delta), transpose(r.aPrev)), 1 / r.N);
    case "db":
      return scale(sumRows(need(r.delta)), 1 / r.N);
    case "input-grad": // "Backpropagation notes" §2.4.2, one layer further back
      return scale(matmul(transpose(r.W), need(r.delta)), 1 / r.N);
    case "cost":
      return Matrix.from([[
        costOf(need(r.pass), need(r.Y), {
          cost: need(r.cost),
          activation: r.activation,
          layout: "column",
        }),
      ]]);
    case "update-W": // "Part 2", updating rule
      return minus(r.W, scale(need(r.grad), need(r.lr)));
    case "update-b":
      return minus(r.b, scale(need(r.grad), need(r.lr)));
  }
}

/**
 * P − G, broadcasting a row or a column as numpy does: a gradient of the wrong shape (db with one
 * column per sample) still gives the parameter a program would return.
 *
 * @param P A parameter.
 * @param G What is subtracted.
 * @returns The difference.
 * @example A 2 × 1 bias minus a 1 × 3 row broadcasts to 2 × 3
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * assert.deepStrictEqual(minus(Matrix.from([[1], [2]]), Matrix.from([[1, 2, 3]])).toArrays(), [[0, -1, -2], [1, 0, -1]]);
 * ```
 */
export function minus(P: Matrix, G: Matrix): Matrix {
  if (P.rows === G.rows && P.cols === G.cols) return sub(P, G);
  const span = (p: number, g: number) => {
    if (p !== g && p !== 1 && g !== 1) throw new TypeError(`Cannot broadcast ${p} against ${g}`);
    return Math.max(p, g);
  };
  const out = new Matrix(span(P.rows, G.rows), span(P.cols, G.cols));
  const at = (M: Matrix, i: number, j: number) => M.get(M.rows === 1 ? 0 : i, M.cols === 1 ? 0 : j);
  for (let i = 0; i < out.rows; i++) {
    for (let j = 0; j < out.cols; j++) out.set(i, j, at(P, i, j) - at(G, i, j));
  }
  return out;
}

function prime(r: RelationInputs): Matrix {
  const name = elementwise(r.activation);
  return r.fPrime ? r.fPrime(name, r.z, r.a) : activatePrime(r.z, name);
}

function need<T>(v: T | undefined): T {
  if (v === undefined) throw new TypeError("The relation lacks one of its inputs");
  return v;
}

/** What a network answer reported, decoded to column layout; absent fields were not reported. */
export interface NetworkAnswer {
  /** zˡ per layer. */
  readonly z?: readonly Matrix[];
  /** aˡ per layer. */
  readonly a?: readonly Matrix[];
  /** δˡ per layer. */
  readonly delta?: readonly Matrix[];
  /** dWˡ per layer. */
  readonly dW?: readonly Matrix[];
  /** dbˡ per layer. */
  readonly db?: readonly Matrix[];
  /** The updated network's W and b (sgd_step). */
  readonly W?: readonly Matrix[];
  /** bˡ after the step. */
  readonly b?: readonly Matrix[];
  /** The loss (network_cost). */
  readonly loss?: number;
  /** ∂C/∂x (input_grad). */
  readonly dx?: Matrix;
}

/** A network request, decoded to column layout. */
export interface NetworkRequest {
  /** The layers. */
  readonly layers: readonly ColumnLayer[];
  /** The input batch, d × N. */
  readonly X: Matrix;
  /** Targets, n_L × N (absent for `forward`). */
  readonly Y?: Matrix;
  /** The cost. */
  readonly cost?: Cost;
  /** The learning rate (sgd_step). */
  readonly lr?: number;
}

/**
 * Every relation instance an answer's numbers allow, in the order the network computes them: the
 * forward pass (where the client reported z and a), the cost, δᴸ, then for l = L…1 the recursion
 * δˡ, dWˡ and dbˡ, then ∂C/∂x, then the update of each layer.
 *
 * @param req The request.
 * @param got What the client reported.
 * @returns The instances.
 * @example A reported forward pass gives two relations per layer
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const layers = [{ W: Matrix.from([[2]]), b: Matrix.from([[1]]), activation: "relu" as const }];
 * const X = Matrix.from([[1, -1]]);
 * const got = { z: [Matrix.from([[3, -1]])], a: [Matrix.from([[3, 0]])] };
 * assert.deepStrictEqual(networkRelations({ layers, X }, got).map((r) => r.relation), ["z", "a"]);
 * ```
 */
/**
 * What every relation of layer l reads: its weights and activation, the batch, aˡ⁻¹, zˡ and aˡ.
 *
 * @param req The request.
 * @param pass zˡ and aˡ of every layer (index l − 1).
 * @param l The layer's index (0-based).
 * @returns The inputs.
 */
export function layerInputs(
  req: NetworkRequest,
  pass: { readonly z: readonly Matrix[]; readonly a: readonly Matrix[] },
  l: number,
): RelationInputs {
  const layer = req.layers[l];
  return {
    layer: l + 1,
    activation: layer.activation,
    W: layer.W,
    b: layer.b,
    aPrev: l === 0 ? req.X : pass.a[l - 1],
    z: pass.z[l],
    a: pass.a[l],
    N: req.X.cols,
  };
}

export function networkRelations(req: NetworkRequest, got: NetworkAnswer): RelationInstance[] {
  const { layers } = req;
  const L = layers.length;
  const pass = passOf(req, got);
  const out: RelationInstance[] = [];
  const [zs, as] = [pass.layers.map((p) => p.z), pass.layers.map((p) => p.a)];
  const base = (l: number) => layerInputs(req, { z: zs, a: as }, l);
  if (got.z && got.a) {
    for (let l = 0; l < L; l++) {
      out.push({ relation: "z", field: `z[${l}]`, got: got.z[l], inputs: base(l) });
      out.push({ relation: "a", field: `a[${l}]`, got: got.a[l], inputs: base(l) });
    }
  }
  if (got.loss !== undefined) {
    out.push({
      relation: "cost",
      field: "loss",
      got: Matrix.from([[got.loss]]),
      inputs: { ...base(L - 1), Y: req.Y, cost: req.cost, pass },
    });
  }
  const deltas = got.delta ?? referenceDeltas(req, pass);
  if (got.delta && req.Y && req.cost) {
    out.push({
      relation: "delta-output",
      field: `delta[${L - 1}]`,
      got: got.delta[L - 1],
      inputs: { ...base(L - 1), Y: req.Y, cost: req.cost },
    });
  }
  for (let l = L - 1; l >= 0; l--) {
    const inputs = { ...base(l), delta: deltas?.[l] };
    if (got.delta && l < L - 1) {
      out.push({
        relation: "delta-recursion",
        field: `delta[${l}]`,
        got: got.delta[l],
        inputs: {
          ...inputs,
          Wnext: layers[l + 1].W,
          activationNext: layers[l + 1].activation,
          deltaNext: got.delta[l + 1],
          dWnext: got.dW?.[l + 1],
          lr: req.lr,
        },
      });
    }
    if (got.dW && deltas) out.push({ relation: "dW", field: `dW[${l}]`, got: got.dW[l], inputs });
    if (got.db && deltas) out.push({ relation: "db", field: `db[${l}]`, got: got.db[l], inputs });
  }
  if (got.dx && deltas) {
    out.push({
      relation: "input-grad",
      field: "dx",
      got: got.dx,
      inputs: { ...base(0), delta: deltas[0] },
    });
  }
  if (got.W && got.b && req.lr !== undefined) out.push(...updates(req, got, deltas, base));
  return out;
}

function updates(
  req: NetworkRequest,
  got: NetworkAnswer,
  deltas: readonly Matrix[] | undefined,
  base: (l: number) => RelationInputs,
): RelationInstance[] {
  const out: RelationInstance[] = [];
  for (let l = 0; l < req.layers.length; l++) {
    const r = base(l);
    const delta = deltas?.[l];
    const dW = got.dW?.[l] ?? (delta && relationValue("dW", { ...r, delta }));
    const db = got.db?.[l] ?? (delta && relationValue("db", { ...r, delta }));
    const lr = req.lr;
    const field = `network.layers[${l}]`;
    out.push({
      relation: "update-W",
      field: `${field}.W`,
      got: got.W![l],
      inputs: { ...r, lr, grad: dW },
    });
    out.push({
      relation: "update-b",
      field: `${field}.b`,
      got: got.b![l],
      inputs: { ...r, lr, grad: db },
    });
  }
  return out;
}

/** The forward pass the relations read: the client's where it reported both z and a. */
function passOf(req: NetworkRequest, got: NetworkAnswer): ForwardPass {
  if (got.z && got.a) {
    return { input: req.X, layers: got.z.map((z, l) => ({ z, a: got.a![l] })) };
  }
  const layers: { z: Matrix; a: Matrix }[] = [];
  let a = req.X;
  for (const layer of req.layers) {
    const z = add(matmul(layer.W, a), layer.b);
    a = applyActivation(z, layer.activation, "column");
    layers.push({ z, a });
  }
  return { input: req.X, layers };
}

/** The reference's δ over a forward pass, for answers that report gradients but no δ. */
function referenceDeltas(req: NetworkRequest, pass: ForwardPass): Matrix[] | undefined {
  if (!req.Y || !req.cost) return undefined;
  const L = req.layers.length;
  const deltas: Matrix[] = new Array(L);
  const last = pass.layers[L - 1];
  deltas[L - 1] = outputDelta(last, req.Y, {
    cost: req.cost,
    activation: req.layers[L - 1].activation,
    layout: "column",
  });
  for (let l = L - 2; l >= 0; l--) {
    const [z, a] = [pass.layers.map((p) => p.z), pass.layers.map((p) => p.a)];
    deltas[l] = relationValue("delta-recursion", {
      ...layerInputs(req, { z, a }, l),
      Wnext: req.layers[l + 1].W,
      deltaNext: deltas[l + 1],
    });
  }
  return deltas;
}
