/**
 * Independent derivations for the fixture generator: the OTHER side of each identity, written on plain
 * arrays one sample at a time, the way the documents write them, and sharing no code with the
 * reference in src/ (activations.ts, costs.ts, network.ts). A case's `expected` comes from here; the
 * reference's answer is checked against it by tests/casegen/fixture_files_test.ts.
 *
 * Vectors are `number[]`; a matrix is `number[][]` of rows; a layer is always in column convention
 * (W is n_l × n_{l−1}, b has n_l entries); layouts are applied only when a case is encoded.
 *
 * @module
 */

// Only the reference's vocabulary (types) is shared, never its code.
import type { ActivationName } from "../reference/activations.ts";
import type { CostName } from "../reference/costs.ts";

/** A vector. */
export type Vec = number[];
/** A matrix as rows. */
export type Rows = number[][];

/** One layer in column convention. */
export interface DLayer {
  /** n_l × n_{l−1}. */
  readonly W: Rows;
  /** n_l entries. */
  readonly b: Vec;
  /** Its activation. */
  readonly activation: ActivationName;
}

/** z and a of every layer for one sample. */
export interface SamplePass {
  /** The input a⁰. */
  readonly x: Vec;
  /** zˡ at index l − 1. */
  readonly z: Vec[];
  /** aˡ at index l − 1. */
  readonly a: Vec[];
}

/** Gradients of one sample or of a batch, per layer. */
export interface DGrads {
  /** δˡ per sample (for a batch: one vector per sample). */
  readonly delta: Vec[][];
  /** ∂C/∂Wˡ, n_l × n_{l−1}. */
  readonly dW: Rows[];
  /** ∂C/∂bˡ. */
  readonly db: Vec[];
}

// ---- activations, as the documents define them ----

/**
 * σ(z) = 1/(1 + e^−z), literally ("2 Layer NN", Sigmoid Activation).
 *
 * @param z The pre-activation.
 * @returns σ(z).
 * @example Saturates to 0 through 1/∞
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(sigmoidDef(0), 0.5);
 * assert.strictEqual(sigmoidDef(-1000), 0);
 * ```
 */
export function sigmoidDef(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * tanh(z) = (e^z − e^−z)/(e^z + e^−z), literally ("Part 2", Tanh); use only for moderate z.
 *
 * @param z The pre-activation.
 * @returns tanh(z) (NaN beyond |z| ≈ 710, where both exponentials overflow).
 * @example Agrees with the library tanh for moderate z
 * ```ts
 * import assert from "node:assert";
 * assert.ok(Math.abs(tanhDef(0.5) - Math.tanh(0.5)) < 1e-15);
 * assert.ok(Number.isNaN(tanhDef(1000)));
 * ```
 */
export function tanhDef(z: number): number {
  const [p, q] = [Math.exp(z), Math.exp(-z)];
  return (p - q) / (p + q);
}

/** f(z) for an elementwise activation, from its definition. */
function activationDef(act: Exclude<ActivationName, "softmax">, z: number): number {
  switch (act) {
    case "sigmoid":
      return sigmoidDef(z);
    case "tanh":
      return Math.tanh(z);
    case "relu":
      return Math.max(0, z);
    case "identity":
      return z;
  }
}

/**
 * f′ written in terms of the activation a and the pre-activation z, as the documents write it:
 * σ′ = a(1 − a) ("2 Layer NN", T₂ ∘ (1 − T₂)), tanh′ = 1 − a², ReLU′ = 𝕀(z > 0) ("Part 2", `Z > 0`).
 */
function derivativeDef(act: Exclude<ActivationName, "softmax">, z: number, a: number): number {
  switch (act) {
    case "sigmoid":
      return a * (1 - a);
    case "tanh":
      return 1 - a * a;
    case "relu":
      return z > 0 ? 1 : 0;
    case "identity":
      return 1;
  }
}

/**
 * softmax(u)ᵢ = e^(uᵢ − m)/Σⱼ e^(uⱼ − m), m = max u (the shift keeps e^x finite).
 *
 * @param u The logits of one sample.
 * @returns The probabilities.
 * @example Huge equal logits stay finite
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(softmaxDef([1000, 1000]), [0.5, 0.5]);
 * ```
 */
export function softmaxDef(u: Vec): Vec {
  let m = -Infinity;
  for (const x of u) if (x > m) m = x;
  const e = u.map((x) => Math.exp(x - m));
  let s = 0;
  for (const x of e) s += x;
  return e.map((x) => x / s);
}

/**
 * The softmax Jacobian entry by entry from the two cases of the documents:
 * ∂pⱼ/∂zₖ = pⱼ(1 − pⱼ) if j = k, −pⱼpₖ otherwise ("2 Layer NN", T4 → T3; "Part 2", case 1 and 2).
 *
 * @param p The probabilities of one sample.
 * @returns The n × n Jacobian.
 * @example Two equal classes
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(softmaxJacobianCases([0.5, 0.5]), [[0.25, -0.25], [-0.25, 0.25]]);
 * ```
 */
export function softmaxJacobianCases(p: Vec): Rows {
  return p.map((pj, j) => p.map((pk, k) => (j === k ? pj * (1 - pj) : -pj * pk)));
}

/**
 * The softmax Jacobian from its symmetry and zero row sums: off-diagonal −pⱼpₖ taken from the upper
 * triangle and mirrored, diagonal −Σ_{k≠j} J[j][k] = pⱼ Σ_{k≠j} pₖ.
 *
 * @param p The probabilities of one sample.
 * @returns The n × n Jacobian.
 * @example Agrees with the two cases
 * ```ts
 * import assert from "node:assert";
 * const p = [0.5, 0.25, 0.25];
 * assert.deepStrictEqual(softmaxJacobianRowSums(p), softmaxJacobianCases(p));
 * ```
 */
export function softmaxJacobianRowSums(p: Vec): Rows {
  const n = p.length;
  const J: Rows = p.map(() => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    for (let k = j + 1; k < n; k++) J[j][k] = J[k][j] = -p[j] * p[k];
  }
  for (let j = 0; j < n; j++) {
    let s = 0;
    for (let k = 0; k < n; k++) if (k !== j) s += p[k];
    J[j][j] = p[j] * s;
  }
  return J;
}

/** The full n × n Jacobian ∂a/∂z of a layer's activation at one sample (diagonal when elementwise). */
function activationJacobian(act: ActivationName, z: Vec, a: Vec): Rows {
  if (act === "softmax") return softmaxJacobianCases(a);
  return z.map((zi, i) => z.map((_, j) => (i === j ? derivativeDef(act, zi, a[i]) : 0)));
}

// ---- costs of one sample ----

/**
 * C₀ of one sample.
 *
 * @param cost The cost.
 * @param a The output.
 * @param y The target.
 * @returns The cost.
 * @example The three quadratic conventions on a − y = (1, 1)
 * ```ts
 * import assert from "node:assert";
 * const [a, y] = [[1, 1], [0, 0]];
 * assert.deepStrictEqual(
 *   (["quadratic_squared", "quadratic_half", "quadratic_mean"] as const).map((c) => sampleCost(c, a, y)),
 *   [2, 1, 1],
 * );
 * assert.strictEqual(sampleCost("cross_entropy", [0.5, 0], [1, 0]), Math.LN2);
 * ```
 */
export function sampleCost(cost: CostName, a: Vec, y: Vec): number {
  let s = 0;
  if (cost === "cross_entropy") {
    // Loss_i = −Σₖ y log p — "2 Layer NN", Cross Entropy Loss (terms with y = 0 add nothing)
    for (let k = 0; k < a.length; k++) if (y[k] !== 0) s -= y[k] * Math.log(a[k]);
    return s;
  }
  for (let k = 0; k < a.length; k++) s += (a[k] - y[k]) * (a[k] - y[k]);
  if (cost === "quadratic_half") return s / 2;
  if (cost === "quadratic_mean") return s / a.length;
  return s;
}

/** ∂C₀/∂a of one sample: −y/a, 2(a − y), (a − y) or (2/n_L)(a − y). */
function sampleCostGrad(cost: CostName, a: Vec, y: Vec): Vec {
  switch (cost) {
    case "cross_entropy":
      return a.map((ak, k) => (y[k] === 0 ? 0 : -y[k] / ak));
    case "quadratic_squared":
      return a.map((ak, k) => 2 * (ak - y[k]));
    case "quadratic_half":
      return a.map((ak, k) => ak - y[k]);
    case "quadratic_mean":
      return a.map((ak, k) => (2 / a.length) * (ak - y[k]));
  }
}

/**
 * The batch-mean cost (1/N) Σₖ Cₖ of a network.
 *
 * @param layers The network.
 * @param X Input samples.
 * @param Y Target samples.
 * @param cost The cost.
 * @returns The mean cost.
 * @example The mean, not the sum
 * ```ts
 * import assert from "node:assert";
 * const net: DLayer[] = [{ W: [[1]], b: [0], activation: "identity" }];
 * assert.strictEqual(batchCost(net, [[1], [3]], [[0], [0]], "quadratic_half"), (0.5 + 4.5) / 2);
 * ```
 */
export function batchCost(layers: readonly DLayer[], X: Vec[], Y: Vec[], cost: CostName): number {
  let s = 0;
  X.forEach((x, k) => {
    const pass = forwardSample(layers, x);
    s += sampleCost(cost, pass.a[pass.a.length - 1], Y[k]);
  });
  return s / X.length;
}

// ---- forward, in the summation form ----

/**
 * zⱼ = Σᵢ wⱼᵢ aᵢ + bⱼ, then a = f(z) ("Layer by Layer", Notation and Structure).
 *
 * @param layer The layer.
 * @param aPrev The activations feeding it.
 * @returns z and a.
 * @example Document 002's first hidden layer
 * ```ts
 * import assert from "node:assert";
 * const { z } = denseSample({ W: [[0.1, 0.3], [0.2, 0.4]], b: [0.1, -0.1], activation: "sigmoid" }, [1, 0.5]);
 * assert.ok(Math.abs(z[0] - 0.35) < 1e-15 && Math.abs(z[1] - 0.3) < 1e-15);
 * ```
 */
export function denseSample(layer: DLayer, aPrev: Vec): { z: Vec; a: Vec } {
  const z = layer.W.map((row, j) => {
    let s = 0;
    for (let i = 0; i < row.length; i++) s += row[i] * aPrev[i];
    return s + layer.b[j];
  });
  const act = layer.activation;
  const a = act === "softmax" ? softmaxDef(z) : z.map((x) => activationDef(act, x));
  return { z, a };
}

/**
 * Every z and a of one sample.
 *
 * @param layers The network.
 * @param x The input.
 * @returns The pass.
 * @example ReLU then identity
 * ```ts
 * import assert from "node:assert";
 * const pass = forwardSample([{ W: [[2]], b: [1], activation: "relu" }, { W: [[-1]], b: [0], activation: "identity" }], [1]);
 * assert.deepStrictEqual([pass.z, pass.a], [[[3], [-3]], [[3], [-3]]]);
 * ```
 */
export function forwardSample(layers: readonly DLayer[], x: Vec): SamplePass {
  const z: Vec[] = [];
  const a: Vec[] = [];
  let prev = x;
  for (const layer of layers) {
    const out = denseSample(layer, prev);
    z.push(out.z);
    a.push(out.a);
    prev = out.a;
  }
  return { x, z, a };
}

// ---- backward, three independent ways ----

/** Aᵀ·v for a full matrix A. */
function transposeTimes(A: Rows, v: Vec): Vec {
  const out = new Array<number>(A[0].length).fill(0);
  for (let i = 0; i < A.length; i++) {
    for (let j = 0; j < A[i].length; j++) out[j] += A[i][j] * v[i];
  }
  return out;
}

/** A·B. */
function times(A: Rows, B: Rows): Rows {
  return A.map((row) =>
    B[0].map((_, j) => {
      let s = 0;
      for (let p = 0; p < row.length; p++) s += row[p] * B[p][j];
      return s;
    })
  );
}

/** [δ aᵀ]ᵢⱼ = δᵢ aⱼ ("Backpropagation notes" §2.6.1). */
function outer(delta: Vec, a: Vec): Rows {
  return delta.map((d) => a.map((x) => d * x));
}

/**
 * One sample's δ by explicit full Jacobians, never a Hadamard product: δᴸ = (∂aᴸ/∂zᴸ)ᵀ ∂C₀/∂aᴸ, and
 * δˡ = (∂zˡ⁺¹/∂zˡ)ᵀ δˡ⁺¹ with ∂zˡ⁺¹/∂zˡ = Wˡ⁺¹ · (∂aˡ/∂zˡ) built as a full matrix.
 */
function deltasByJacobians(
  layers: readonly DLayer[],
  pass: SamplePass,
  y: Vec,
  cost: CostName,
): Vec[] {
  const L = layers.length;
  const deltas: Vec[] = new Array(L);
  const aL = pass.a[L - 1];
  const JL = activationJacobian(layers[L - 1].activation, pass.z[L - 1], aL);
  deltas[L - 1] = transposeTimes(JL, sampleCostGrad(cost, aL, y));
  for (let l = L - 2; l >= 0; l--) {
    const J = activationJacobian(layers[l].activation, pass.z[l], pass.a[l]);
    deltas[l] = transposeTimes(times(layers[l + 1].W, J), deltas[l + 1]);
  }
  return deltas;
}

/**
 * One sample's δ by the nested sums over paths of "Layer by Layer" (Recursive Gradient
 * Generalization): ∂C₀/∂zₐˡ sums, over every path a → k_{l+1} → … → k_L to the output, the product
 * of the local derivatives along it. Elementwise activations only (softmax couples the outputs).
 */
function deltasByPaths(
  layers: readonly DLayer[],
  pass: SamplePass,
  y: Vec,
  cost: CostName,
): Vec[] {
  const L = layers.length;
  const g = sampleCostGrad(cost, pass.a[L - 1], y);
  const fp = (l: number, j: number) => {
    const act = layers[l].activation;
    if (act === "softmax") throw new RangeError("Path sums need elementwise activations");
    return derivativeDef(act, pass.z[l][j], pass.a[l][j]);
  };
  // Deliberately unmemoised: each call walks every path from (l, j) to the output.
  const pathSum = (l: number, j: number): number => {
    if (l === L - 1) return g[j] * fp(l, j);
    let s = 0;
    for (let k = 0; k < layers[l + 1].W.length; k++) s += pathSum(l + 1, k) * layers[l + 1].W[k][j];
    return s * fp(l, j);
  };
  return layers.map((layer, l) => layer.W.map((_, j) => pathSum(l, j)));
}

/**
 * The single-neuron chain of "Backpropagation notes" §1 and "Layer by Layer" (Recursive
 * Generalization): with one neuron per layer, ∂C₀/∂w⁽ᵏ⁾ = ∂C₀/∂aᴸ · σ′(zᴸ) · wᴸ · σ′(zᴸ⁻¹) ⋯ σ′(zᵏ) · aᵏ⁻¹,
 * written as one product per k. Returns δ (∂C₀/∂b⁽ᵏ⁾) per layer.
 */
function deltasSingleNeuron(
  layers: readonly DLayer[],
  pass: SamplePass,
  y: number,
  cost: CostName,
): Vec[] {
  const L = layers.length;
  const fp = (l: number) => {
    const act = layers[l].activation;
    if (act === "softmax") {
      throw new RangeError("The single-neuron chain needs elementwise activations");
    }
    return derivativeDef(act, pass.z[l][0], pass.a[l][0]);
  };
  const dC = sampleCostGrad(cost, pass.a[L - 1], [y])[0];
  return layers.map((_, k) => {
    let product = dC * fp(L - 1);
    for (let l = L - 1; l > k; l--) product *= layers[l].W[0][0] * fp(l - 1);
    return [product];
  });
}

/** How δ of one sample is derived. */
export type DeltaRoute = "jacobians" | "paths" | "single-neuron";

const ROUTES = {
  jacobians: deltasByJacobians,
  paths: deltasByPaths,
  "single-neuron": (layers: readonly DLayer[], pass: SamplePass, y: Vec, cost: CostName) =>
    deltasSingleNeuron(layers, pass, y[0], cost),
} as const;

/**
 * Batch gradients from per-sample ones: δ per sample, and dW = (1/N) Σₖ δₖ aₖᵀ (a sum of outer
 * products), db = (1/N) Σₖ δₖ ("Layer by Layer", Averaging Gradients Across Training Examples).
 *
 * @param layers The network.
 * @param data Inputs, targets and cost.
 * @param route How each sample's δ is derived.
 * @returns δ per sample, dW and db of the batch-mean cost.
 * @example The three routes agree on a chain of single neurons
 * ```ts
 * import assert from "node:assert";
 * const layers: DLayer[] = [
 *   { W: [[0.7]], b: [0.1], activation: "tanh" },
 *   { W: [[-1.3]], b: [0.2], activation: "sigmoid" },
 * ];
 * const data = { X: [[0.5], [-1]], Y: [[1], [0]], cost: "quadratic_squared" as const };
 * const [j, p, s] = (["jacobians", "paths", "single-neuron"] as const).map((r) => batchGradients(layers, data, r));
 * for (const g of [p, s]) {
 *   g.dW.forEach((W, l) => assert.ok(Math.abs(W[0][0] - j.dW[l][0][0]) < 1e-15));
 * }
 * ```
 */
export function batchGradients(
  layers: readonly DLayer[],
  data: { X: Vec[]; Y: Vec[]; cost: CostName },
  route: DeltaRoute,
): DGrads {
  const N = data.X.length;
  const L = layers.length;
  const delta: Vec[][] = layers.map(() => []);
  const dW: Rows[] = layers.map((l) => l.W.map((row) => row.map(() => 0)));
  const db: Vec[] = layers.map((l) => l.b.map(() => 0));
  data.X.forEach((x, k) => {
    const pass = forwardSample(layers, x);
    const ds = ROUTES[route](layers, pass, data.Y[k], data.cost);
    for (let l = 0; l < L; l++) {
      delta[l].push(ds[l]);
      const o = outer(ds[l], l === 0 ? x : pass.a[l - 1]);
      o.forEach((row, i) => row.forEach((v, j) => (dW[l][i][j] += v)));
      ds[l].forEach((v, i) => (db[l][i] += v));
    }
  });
  return {
    delta,
    dW: dW.map((M) => M.map((row) => row.map((v) => v / N))),
    db: db.map((v) => v.map((x) => x / N)),
  };
}

/**
 * Gradients by central differences of the batch-mean cost: dW and db perturb one parameter at a
 * time; δ of sample k perturbs bˡ in the single-sample cost Cₖ, since ∂Cₖ/∂bˡ = δₖˡ.
 *
 * @param layers The network.
 * @param data Inputs, targets and cost.
 * @param h The step.
 * @returns δ per sample, dW and db, all numerical.
 * @example Close to the Jacobian route
 * ```ts
 * import assert from "node:assert";
 * const layers: DLayer[] = [{ W: [[0.5, -0.25]], b: [0.1], activation: "sigmoid" }];
 * const data = { X: [[1, 2]], Y: [[1]], cost: "quadratic_half" as const };
 * const fd = gradientsByDifferences(layers, data, 1e-5);
 * const exact = batchGradients(layers, data, "jacobians");
 * assert.ok(Math.abs(fd.dW[0][0][1] - exact.dW[0][0][1]) < 1e-10);
 * ```
 */
export function gradientsByDifferences(
  layers: readonly DLayer[],
  data: { X: Vec[]; Y: Vec[]; cost: CostName },
  h: number,
): DGrads {
  const diff = (
    f: (net: DLayer[]) => number,
    l: number,
    tweak: (layer: DLayer, t: number) => DLayer,
  ) => {
    const at = (t: number) => f(layers.map((layer, i) => (i === l ? tweak(layer, t) : layer)));
    return (at(h) - at(-h)) / (2 * h);
  };
  const withW = (i: number, j: number) => (layer: DLayer, t: number): DLayer => ({
    ...layer,
    W: layer.W.map((row, r) => row.map((v, c) => (r === i && c === j ? v + t : v))),
  });
  const withB = (i: number) => (layer: DLayer, t: number): DLayer => ({
    ...layer,
    b: layer.b.map((v, r) => (r === i ? v + t : v)),
  });
  const cost = (net: DLayer[]) => batchCost(net, data.X, data.Y, data.cost);
  const one = (k: number) => (net: DLayer[]) => batchCost(net, [data.X[k]], [data.Y[k]], data.cost);
  return {
    dW: layers.map((layer, l) =>
      layer.W.map((row, i) => row.map((_, j) => diff(cost, l, withW(i, j))))
    ),
    db: layers.map((layer, l) => layer.b.map((_, i) => diff(cost, l, withB(i)))),
    delta: layers.map((layer, l) =>
      data.X.map((_, k) => layer.b.map((_, i) => diff(one(k), l, withB(i))))
    ),
  };
}

/**
 * ∂C/∂x of the batch-mean cost, one vector per sample: (W¹)ᵀ δ¹ₖ / N with δ¹ₖ from `route`
 * ("Backpropagation notes" §2.4.2: ∂C/∂a^(L−1) = (w^(L))ᵀ δ^L, one layer further back).
 *
 * @param layers The network.
 * @param data Inputs, targets and cost.
 * @param route How δ is derived.
 * @returns One gradient per sample, shaped like x.
 * @example One identity neuron z = 2x with C = ½(z − y)²: (2·3 − 5)·2
 * ```ts
 * import assert from "node:assert";
 * const net: DLayer[] = [{ W: [[2]], b: [0], activation: "identity" }];
 * const data = { X: [[3]], Y: [[5]], cost: "quadratic_half" as const };
 * assert.deepStrictEqual(inputGradients(net, data, "jacobians"), [[2]]);
 * ```
 */
export function inputGradients(
  layers: readonly DLayer[],
  data: { X: Vec[]; Y: Vec[]; cost: CostName },
  route: DeltaRoute,
): Vec[] {
  const N = data.X.length;
  const { delta } = batchGradients(layers, data, route);
  return delta[0].map((d) => transposeTimes(layers[0].W, d).map((v) => v / N));
}

/**
 * ∂C/∂x of the batch-mean cost by central differences, one input entry at a time.
 *
 * @param layers The network.
 * @param data Inputs, targets and cost.
 * @param h The step.
 * @returns One gradient per sample, shaped like x.
 * @example Agrees with the chain for one identity neuron
 * ```ts
 * import assert from "node:assert";
 * const net: DLayer[] = [{ W: [[2]], b: [0], activation: "identity" }];
 * const data = { X: [[3]], Y: [[5]], cost: "quadratic_half" as const };
 * assert.ok(Math.abs(inputGradientsByDifferences(net, data, 1e-4)[0][0] - 2) < 1e-9);
 * ```
 */
export function inputGradientsByDifferences(
  layers: readonly DLayer[],
  data: { X: Vec[]; Y: Vec[]; cost: CostName },
  h: number,
): Vec[] {
  const moved = (k: number, i: number) => (t: number) =>
    batchCost(
      layers,
      data.X.map((x, s) => (s === k ? x.map((v, r) => (r === i ? v + t : v)) : x)),
      data.Y,
      data.cost,
    );
  return data.X.map((x, k) => x.map((_, i) => centralDifference(moved(k, i), 0, h)));
}

/**
 * The derivative of f at x by a central difference with step h.
 *
 * @param f The function.
 * @param x Where.
 * @param h The step.
 * @returns (f(x + h) − f(x − h)) / 2h.
 * @example Exact for a quadratic, up to rounding
 * ```ts
 * import assert from "node:assert";
 * assert.ok(Math.abs(centralDifference((t) => t * t, 3, 2 ** -10) - 6) < 1e-12);
 * ```
 */
export function centralDifference(f: (x: number) => number, x: number, h: number): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}
