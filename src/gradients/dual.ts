/**
 * Forward-mode automatic differentiation with dual numbers: a + bϵ with ϵ² = 0, so that
 * f(x + ϵ) = f(x) + f′(x)ϵ for every f built from the operations below. Carrying (value, derivative)
 * through a network's forward pass gives ∂C/∂θ along one parameter direction exact to rounding, with
 * no step to choose and no code shared with backpropagation: a third, independent oracle.
 *
 * Each operation is derived from its own rule (sum, product, chain), never from the closed forms the
 * backward pass uses (σ′ = σ(1 − σ), δᴸ = a − y, …), so that agreement is evidence.
 *
 * @module
 */
import type { ActivationName } from "../reference/activations.ts";
import type { Layout } from "../reference/layout.ts";
import type { Cost, QuadraticConvention } from "../reference/costs.ts";
import { Matrix } from "../reference/matrix.ts";
import type { Network } from "../reference/network.ts";
import { locateParameter, type ParameterAddress } from "./network_params.ts";

/** A dual number value + derivative·ϵ, ϵ² = 0. */
export class Dual {
  /** The value f(x). */
  readonly value: number;
  /** The derivative f′(x) along the chosen direction. */
  readonly derivative: number;

  /**
   * A dual number.
   *
   * @param value The value.
   * @param derivative The derivative part; 0 for a constant.
   * @example The variable x = 3 (derivative 1)
   * ```ts
   * import assert from "node:assert";
   * const x = new Dual(3, 1);
   * assert.deepStrictEqual([x.mul(x).value, x.mul(x).derivative], [9, 6]);
   * ```
   */
  constructor(value: number, derivative = 0) {
    this.value = value;
    this.derivative = derivative;
  }

  /**
   * Sum: (a + a′ϵ) + (b + b′ϵ) = (a + b) + (a′ + b′)ϵ.
   *
   * @param b The other term (a number is a constant).
   * @returns The sum.
   */
  add(b: Dual | number): Dual {
    const o = lift(b);
    return new Dual(this.value + o.value, this.derivative + o.derivative);
  }

  /**
   * Difference: (a − b) + (a′ − b′)ϵ.
   *
   * @param b The subtrahend (a number is a constant).
   * @returns The difference.
   */
  sub(b: Dual | number): Dual {
    const o = lift(b);
    return new Dual(this.value - o.value, this.derivative - o.derivative);
  }

  /**
   * Product rule: (a + a′ϵ)(b + b′ϵ) = ab + (a′b + ab′)ϵ.
   *
   * @param b The other factor (a number is a constant).
   * @returns The product.
   */
  mul(b: Dual | number): Dual {
    const o = lift(b);
    return new Dual(this.value * o.value, this.derivative * o.value + this.value * o.derivative);
  }

  /**
   * Quotient rule: (a/b)′ = (a′b − ab′)/b², computed as (a′ − (a/b)·b′)/b.
   *
   * @param b The divisor (a number is a constant).
   * @returns The quotient.
   * @example (1/x)′ = −1/x²
   * ```ts
   * import assert from "node:assert";
   * assert.strictEqual(new Dual(1).div(new Dual(2, 1)).derivative, -0.25);
   * ```
   */
  div(b: Dual | number): Dual {
    const o = lift(b);
    const q = this.value / o.value;
    return new Dual(q, (this.derivative - q * o.derivative) / o.value);
  }

  /**
   * Negation: −a − a′ϵ.
   *
   * @returns The negated number.
   */
  neg(): Dual {
    return new Dual(-this.value, -this.derivative);
  }

  /**
   * Exponential: (eᵃ)′ = eᵃ·a′.
   *
   * @returns e to this power.
   */
  exp(): Dual {
    const e = Math.exp(this.value);
    return new Dual(e, e * this.derivative);
  }

  /**
   * Natural logarithm: (log a)′ = a′/a.
   *
   * @returns log of this number.
   */
  log(): Dual {
    return new Dual(Math.log(this.value), this.derivative / this.value);
  }

  /**
   * (tanh a)′ = sech²(a)·a′, with sech²(a) = 4u/(1 + u)², u = e^(−2|a|): no overflow and full
   * relative precision for large |a| (where 1 − tanh² would round to 0).
   *
   * @returns tanh of this number.
   * @example
   * ```ts
   * import assert from "node:assert";
   * assert.strictEqual(new Dual(0, 1).tanh().derivative, 1);
   * assert.ok(new Dual(20, 1).tanh().derivative > 0);
   * ```
   */
  tanh(): Dual {
    const u = Math.exp(-2 * Math.abs(this.value));
    return new Dual(Math.tanh(this.value), (4 * u / ((1 + u) * (1 + u))) * this.derivative);
  }

  /**
   * σ(a) composed from exp, add and div on the branch where exp cannot overflow:
   * 1/(1 + e⁻ᵃ) for a ≥ 0, eᵃ/(1 + eᵃ) for a < 0. Its derivative comes from the quotient rule.
   *
   * @returns σ of this number.
   * @example No overflow at −1000
   * ```ts
   * import assert from "node:assert";
   * const s = new Dual(-1000, 1).sigmoid();
   * assert.deepStrictEqual([s.value, s.derivative], [0, 0]);
   * ```
   */
  sigmoid(): Dual {
    if (this.value >= 0) return ONE.div(ONE.add(this.neg().exp()));
    const e = this.exp();
    return e.div(ONE.add(e));
  }

  /**
   * ReLU: max(0, a), with derivative 0 at a = 0 (document 001's `Z > 0`).
   *
   * @returns ReLU of this number.
   */
  relu(): Dual {
    return this.value > 0 ? this : new Dual(this.value <= 0 ? 0 : this.value, 0);
  }
}

const ONE = new Dual(1);

function lift(b: Dual | number): Dual {
  return typeof b === "number" ? new Dual(b) : b;
}

/**
 * f′(x) by one forward-mode evaluation of f at the dual number x + 1ϵ.
 *
 * @param f A function built from Dual operations.
 * @param x Where to differentiate.
 * @returns f′(x), exact to rounding.
 * @example σ′(0) = 1/4 without using σ′
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(derivative((z) => z.sigmoid(), 0), 0.25);
 * ```
 */
export function derivative(f: (x: Dual) => Dual, x: number): number {
  return f(new Dual(x, 1)).derivative;
}

/**
 * An elementwise activation on a dual number.
 *
 * @param z The pre-activation.
 * @param name The activation (not softmax, which acts on a whole vector).
 * @returns f(z).
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(activateDual(new Dual(2, 1), "relu").derivative, 1);
 * ```
 */
export function activateDual(z: Dual, name: ActivationName): Dual {
  switch (name) {
    case "sigmoid":
      return z.sigmoid();
    case "tanh":
      return z.tanh();
    case "relu":
      return z.relu();
    case "identity":
      return z;
    default:
      throw new RangeError(`Activation "${name}" is not elementwise`);
  }
}

/**
 * log Σⱼ e^(uⱼ) as m + log Σⱼ e^(uⱼ − m), m = max of the values taken as a constant: its derivative
 * then flows only through the uⱼ, giving Σⱼ pⱼ u′ⱼ.
 *
 * @param u Dual logits.
 * @returns The log-sum-exp.
 * @example Huge logits stay finite
 * ```ts
 * import assert from "node:assert";
 * const r = logSumExpDual([new Dual(1000, 1), new Dual(1000, 0)]);
 * assert.deepStrictEqual([r.value, r.derivative], [1000 + Math.LN2, 0.5]);
 * ```
 */
export function logSumExpDual(u: readonly Dual[]): Dual {
  const m = Math.max(...u.map((x) => x.value));
  let s = new Dual(0);
  for (const x of u) s = s.add(x.sub(m).exp());
  return s.log().add(m);
}

/**
 * softmax(u)ᵢ = e^(uᵢ − m)/Σⱼ e^(uⱼ − m) with m = max of the values (a constant: softmax does not
 * change when every logit moves by the same amount).
 *
 * @param u Dual logits.
 * @returns Dual probabilities.
 * @example ∂p₀/∂u₀ = p₀(1 − p₀)
 * ```ts
 * import assert from "node:assert";
 * const p = softmaxDual([new Dual(0, 1), new Dual(0)]);
 * assert.deepStrictEqual([p[0].value, p[0].derivative, p[1].derivative], [0.5, 0.25, -0.25]);
 * ```
 */
export function softmaxDual(u: readonly Dual[]): Dual[] {
  const m = Math.max(...u.map((x) => x.value));
  const e = u.map((x) => x.sub(m).exp());
  let s = new Dual(0);
  for (const x of e) s = s.add(x);
  return e.map((x) => x.div(s));
}

/**
 * One sample's cross-entropy of softmax(u) from the logits: Σᵢ yᵢ(logsumexp(u) − uᵢ).
 *
 * @param u Dual logits.
 * @param y Targets.
 * @returns C₀.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const c = softmaxCrossEntropyDual([new Dual(0, 1), new Dual(0)], [1, 0]);
 * assert.deepStrictEqual([c.value, c.derivative], [Math.LN2, -0.5]);
 * ```
 */
export function softmaxCrossEntropyDual(u: readonly Dual[], y: readonly number[]): Dual {
  const lse = logSumExpDual(u);
  let c = new Dual(0);
  u.forEach((ui, i) => {
    if (y[i] !== 0) c = c.add(lse.sub(ui).mul(y[i]));
  });
  return c;
}

/**
 * One sample's cross-entropy of probabilities: −Σᵢ yᵢ log pᵢ (terms with y = 0 skipped).
 *
 * @param p Dual probabilities.
 * @param y Targets.
 * @returns C₀.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const c = crossEntropyDual([new Dual(0.5, 1), new Dual(0.5)], [1, 0]);
 * assert.deepStrictEqual([c.value, c.derivative], [Math.LN2, -2]);
 * ```
 */
export function crossEntropyDual(p: readonly Dual[], y: readonly number[]): Dual {
  let c = new Dual(0);
  p.forEach((pi, i) => {
    if (y[i] !== 0) c = c.sub(pi.log().mul(y[i]));
  });
  return c;
}

/**
 * One sample's quadratic cost: Σ(a − y)², ½Σ(a − y)² or (1/n_L)Σ(a − y)².
 *
 * @param a Dual outputs.
 * @param y Targets.
 * @param convention Which of the documents' quadratic costs.
 * @returns C₀.
 * @example ∂/∂a of ½(a − y)² is a − y
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(quadraticDual([new Dual(3, 1)], [1], "half").derivative, 2);
 * ```
 */
export function quadraticDual(
  a: readonly Dual[],
  y: readonly number[],
  convention: QuadraticConvention,
): Dual {
  if (!["squared", "half", "mean"].includes(convention)) {
    throw new RangeError(`Unknown quadratic convention "${convention}"`);
  }
  let s = new Dual(0);
  a.forEach((ai, i) => {
    const r = ai.sub(y[i]);
    s = s.add(r.mul(r));
  });
  return s.mul(convention === "squared" ? 1 : convention === "half" ? 0.5 : 1 / a.length);
}

/**
 * A direction in which to differentiate: a tangent for any W, b (shaped like them) and any
 * pre-activation z of the batch (shaped like z in the network's layout); missing means zero.
 */
export interface Direction {
  /** Per layer, index l − 1. */
  readonly layers: readonly {
    readonly W?: Matrix;
    readonly b?: Matrix;
    readonly z?: Matrix;
  }[];
}

/** A matrix of dual numbers, stored as two matrices. */
export interface DualMatrix {
  /** The values. */
  readonly value: Matrix;
  /** The derivatives. */
  readonly derivative: Matrix;
}

/** Inputs and targets of a cost. */
export interface CostData {
  /** The input batch in the network's layout (d × N column, N × d row). */
  readonly X: Matrix;
  /** The targets, shaped like the output. */
  readonly Y: Matrix;
  /** The cost. */
  readonly cost: Cost;
}

/** Reads entry (unit i, sample k) of a batch matrix in either layout. */
function at(M: Matrix, layout: Layout, i: number, k: number): number {
  return layout === "column" ? M.get(i, k) : M.get(k, i);
}

/** Reads W(i, j) = weight from unit j of layer l − 1 to unit i of layer l, in either layout. */
function weight(W: Matrix, layout: Layout, i: number, j: number): number {
  return layout === "column" ? W.get(i, j) : W.get(j, i);
}

/**
 * The forward pass on dual numbers, in the network's own layout: every z and a with its derivative
 * along `direction`. zᵢₖ = Σⱼ Wᵢⱼ aⱼₖ + bᵢ is accumulated in j order, then the bias added, as the
 * matrix product does.
 *
 * @param net The network (column or row layout).
 * @param X The input batch (a constant: its derivative is 0).
 * @param direction Tangents for parameters and pre-activations; none gives all-zero derivatives.
 * @returns Per layer, z and a as dual matrices.
 * @example The derivative along b of a one-unit identity layer is 1
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * import type { Network } from "../reference/network.ts";
 * const net: Network = { layout: "column", layers: [{ W: Matrix.from([[2]]), b: Matrix.column([1]), activation: "identity" }] };
 * const [layer] = dualForward(net, Matrix.column([3]), { layers: [{ b: Matrix.column([1]) }] });
 * assert.deepStrictEqual([layer.a.value.get(0, 0), layer.a.derivative.get(0, 0)], [7, 1]);
 * ```
 */
export function dualForward(
  net: Network,
  X: Matrix,
  direction?: Direction,
): { z: DualMatrix; a: DualMatrix }[] {
  const layout = net.layout;
  const N = layout === "column" ? X.cols : X.rows;
  let a: Dual[][] = []; // a[k][j]: sample k, unit j
  for (let k = 0; k < N; k++) {
    const width = layout === "column" ? X.rows : X.cols;
    a.push(Array.from({ length: width }, (_, j) => new Dual(at(X, layout, j, k))));
  }
  return net.layers.map((layer, l) => {
    const t = direction?.layers[l] ?? {};
    const n = layout === "column" ? layer.W.rows : layer.W.cols;
    const z = a.map((ak, k) =>
      Array.from({ length: n }, (_, i) => {
        let s = new Dual(0);
        for (let j = 0; j < ak.length; j++) {
          const w = new Dual(weight(layer.W, layout, i, j), t.W ? weight(t.W, layout, i, j) : 0);
          s = s.add(w.mul(ak[j]));
        }
        const bi = new Dual(layer.b.data[i], t.b ? t.b.data[i] : 0);
        const zik = s.add(bi);
        return t.z ? zik.add(new Dual(0, at(t.z, layout, i, k))) : zik;
      })
    );
    a = z.map((zk) => activateVector(zk, layer.activation));
    return { z: toDualMatrix(z, layout), a: toDualMatrix(a, layout) };
  });
}

function activateVector(z: Dual[], activation: ActivationName): Dual[] {
  return activation === "softmax" ? softmaxDual(z) : z.map((x) => activateDual(x, activation));
}

function toDualMatrix(samples: Dual[][], layout: Layout): DualMatrix {
  const N = samples.length;
  const n = N === 0 ? 0 : samples[0].length;
  const shape: [number, number] = layout === "column" ? [n, N] : [N, n];
  const value = new Matrix(...shape);
  const der = new Matrix(...shape);
  samples.forEach((s, k) =>
    s.forEach((d, i) => {
      const [r, c] = layout === "column" ? [i, k] : [k, i];
      value.set(r, c, d.value);
      der.set(r, c, d.derivative);
    })
  );
  return { value, derivative: der };
}

/**
 * The batch-mean cost C = (1/N) Σₖ C₀ₖ and its derivative along `direction`, on dual numbers.
 * Softmax with cross-entropy is taken from the logits (log-sum-exp).
 *
 * @param net The network.
 * @param data Inputs, targets and cost, in the network's layout.
 * @param direction The direction (see {@linkcode Direction}).
 * @returns C as a dual number: value and directional derivative.
 * @example ∂C/∂W of a one-weight network, C = ½(wx − y)²
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * import type { Network } from "../reference/network.ts";
 * const net: Network = { layout: "row", layers: [{ W: Matrix.from([[2]]), b: Matrix.from([[0]]), activation: "identity" }] };
 * const data = { X: Matrix.from([[3]]), Y: Matrix.from([[1]]), cost: { kind: "quadratic", convention: "half" } as const };
 * const c = dualCost(net, data, unitDirection(net, "layers[0].dW[0,0]"));
 * assert.deepStrictEqual([c.value, c.derivative], [12.5, 15]);
 * ```
 */
export function dualCost(net: Network, data: CostData, direction?: Direction): Dual {
  const layers = dualForward(net, data.X, direction);
  const last = layers[layers.length - 1];
  const activation = net.layers[net.layers.length - 1].activation;
  const layout = net.layout;
  const N = layout === "column" ? data.X.cols : data.X.rows;
  const n = layout === "column" ? last.a.value.rows : last.a.value.cols;
  const sample = (M: DualMatrix, k: number) =>
    Array.from(
      { length: n },
      (_, i) => new Dual(at(M.value, layout, i, k), at(M.derivative, layout, i, k)),
    );
  let total = new Dual(0);
  for (let k = 0; k < N; k++) {
    const y = Array.from({ length: n }, (_, i) => at(data.Y, layout, i, k));
    total = total.add(sampleCost(data.cost, activation, {
      z: sample(last.z, k),
      a: sample(last.a, k),
      y,
    }));
  }
  return total.div(N); // C = (1/N) Σₖ C₀ₖ — "Backpropagation notes" §1.6
}

function sampleCost(
  cost: Cost,
  activation: ActivationName,
  s: { z: Dual[]; a: Dual[]; y: number[] },
): Dual {
  if (cost.kind === "quadratic") return quadraticDual(s.a, s.y, cost.convention);
  if (activation === "softmax") return softmaxCrossEntropyDual(s.z, s.y);
  return crossEntropyDual(s.a, s.y);
}

/**
 * The direction of one scalar parameter: 1 at that entry of W or b, 0 elsewhere.
 *
 * @param net The network (for the shapes).
 * @param where An entry path such as `layers[1].dW[3,17]`, or its address.
 * @returns The direction.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { initNetwork } from "../reference/network.ts";
 * const net = initNetwork({ sizes: [2, 3], hidden: "relu", output: "identity", seed: 1 });
 * assert.strictEqual(unitDirection(net, "layers[0].db[2,0]").layers[0].b?.get(2, 0), 1);
 * ```
 */
export function unitDirection(net: Network, where: string | ParameterAddress): Direction {
  const addr = typeof where === "string" ? locateParameter(net, where) : where;
  return {
    layers: net.layers.map((layer, l) => {
      if (l !== addr.layer) return {};
      const M = new Matrix(layer[addr.param].rows, layer[addr.param].cols);
      M.set(addr.i, addr.j, 1);
      return { [addr.param]: M };
    }),
  };
}

/**
 * Every ∂C/∂W and ∂C/∂b by forward mode, one dual pass per scalar parameter (so for small networks:
 * the cost is the number of parameters times a forward pass).
 *
 * @param net The network.
 * @param data Inputs, targets and cost.
 * @returns dW and db per layer, shaped like W and b.
 * @example Agrees with backpropagation
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * import { initNetwork, backward, forward } from "../reference/network.ts";
 * const net = initNetwork({ sizes: [2, 3, 2], hidden: "tanh", output: "softmax", seed: 4 });
 * const data = { X: Matrix.from([[1, -1], [0.5, 2]]), Y: Matrix.from([[1, 0], [0, 1]]), cost: { kind: "cross_entropy" } as const };
 * const g = dualGradients(net, data);
 * const b = backward(net, forward(net, data.X), data);
 * assert.ok(Math.abs(g.layers[0].dW.get(1, 0) - b.layers[0].dW.get(1, 0)) < 1e-15);
 * ```
 */
export function dualGradients(
  net: Network,
  data: CostData,
): { layers: { dW: Matrix; db: Matrix }[] } {
  const grad = (l: number, param: "W" | "b") => {
    const P = net.layers[l][param];
    const G = new Matrix(P.rows, P.cols);
    for (let i = 0; i < P.rows; i++) {
      for (let j = 0; j < P.cols; j++) {
        G.set(i, j, dualCost(net, data, unitDirection(net, { layer: l, param, i, j })).derivative);
      }
    }
    return G;
  };
  return { layers: net.layers.map((_, l) => ({ dW: grad(l, "W"), db: grad(l, "b") })) };
}

/**
 * Every δˡ = ∂C₀/∂zˡ per sample by forward mode: one dual pass per entry of z, perturbing zˡᵢₖ alone;
 * the batch-mean cost moves by δˡᵢₖ/N, so the derivative is multiplied by N.
 *
 * @param net The network.
 * @param data Inputs, targets and cost.
 * @returns δ per layer, shaped like z (n_l × N column, N × n_l row).
 * @example δᴸ = a − y for softmax with cross-entropy
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * import type { Network } from "../reference/network.ts";
 * const net: Network = { layout: "column", layers: [{ W: Matrix.from([[0], [0]]), b: Matrix.column([0, 0]), activation: "softmax" }] };
 * const [delta] = dualDeltas(net, { X: Matrix.column([1]), Y: Matrix.column([1, 0]), cost: { kind: "cross_entropy" } });
 * assert.deepStrictEqual(delta.toArrays(), [[-0.5], [0.5]]);
 * ```
 */
export function dualDeltas(net: Network, data: CostData): Matrix[] {
  const shapes = dualForward(net, data.X).map((l) => l.z.value);
  const N = net.layout === "column" ? data.X.cols : data.X.rows;
  return shapes.map((Z, l) => {
    const delta = new Matrix(Z.rows, Z.cols);
    for (let r = 0; r < Z.rows; r++) {
      for (let c = 0; c < Z.cols; c++) {
        const T = new Matrix(Z.rows, Z.cols);
        T.set(r, c, 1);
        const layers = net.layers.map((_, m) => (m === l ? { z: T } : {}));
        delta.set(r, c, N * dualCost(net, data, { layers }).derivative);
      }
    }
    return delta;
  });
}
