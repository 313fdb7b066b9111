/**
 * Random networks with data for the network cases, and the encoding of a network case's inputs:
 * everything `backward`, `network_cost`, `sgd_step` and `forward` read, in either layout.
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import type { JsonValue } from "../spec/json.ts";
import { Matrix } from "../reference/matrix.ts";
import type { Network } from "../reference/network.ts";
import type { Rng } from "../reference/random.ts";
import {
  activationsOf,
  asBatch,
  enc,
  encodeNetwork,
  randomLayers,
  randomTargets,
  randomVec,
} from "./build.ts";
import type { ActivationName } from "../reference/activations.ts";
import type { CostName } from "../reference/costs.ts";
import type { DLayer, Vec } from "./derive.ts";

/** A network with a batch of inputs and targets, in column convention. */
export interface NetData {
  /** The layers. */
  readonly layers: DLayer[];
  /** Input samples. */
  readonly X: Vec[];
  /** Target samples. */
  readonly Y: Vec[];
  /** The cost. */
  readonly cost: CostName;
}

/** What a random network looks like. */
export interface NetShape {
  /** Widths n_0 … n_L. */
  readonly sizes: readonly number[];
  /** Hidden activation. */
  readonly hidden: ActivationName;
  /** Output activation. */
  readonly output: ActivationName;
  /** The cost. */
  readonly cost: CostName;
  /** Batch size N. */
  readonly batch: number;
}

/**
 * A random network with inputs in [−2, 2] and targets that suit the cost and output.
 *
 * @param rng The generator.
 * @param shape Widths, activations, cost and batch size.
 * @returns The network and data.
 * @example Document 003's shape, scaled down
 * ```ts
 * import assert from "node:assert";
 * import { createRng } from "../reference/random.ts";
 * const d = randomNetData(createRng(1), { sizes: [4, 3, 3, 2], hidden: "relu", output: "softmax", cost: "cross_entropy", batch: 2 });
 * assert.deepStrictEqual([d.layers.length, d.X.length, d.Y[0].reduce((s, y) => s + y, 0)], [3, 2, 1]);
 * ```
 */
export function randomNetData(rng: Rng, shape: NetShape): NetData {
  const depth = shape.sizes.length - 1;
  const layers = randomLayers(rng, shape.sizes, activationsOf(depth, shape.hidden, shape.output));
  const d = shape.sizes[0];
  const nL = shape.sizes[depth];
  const X = Array.from({ length: shape.batch }, () => randomVec(rng, d, [-2, 2]));
  const Y = Array.from(
    { length: shape.batch },
    () => randomTargets(rng, nL, { cost: shape.cost, output: shape.output }),
  );
  return { layers, X, Y, cost: shape.cost };
}

/**
 * The inputs of a network case in `layout`: network, x, and (unless `forwardOnly`) y and cost.
 *
 * @param data The network and data.
 * @param layout The layout.
 * @param forwardOnly Leave out y and cost (for `forward`).
 * @returns Encoded inputs.
 * @example Column and row inputs
 * ```ts
 * import assert from "node:assert";
 * const data: NetData = { layers: [{ W: [[2]], b: [0], activation: "identity" }], X: [[1], [2]], Y: [[0], [0]], cost: "quadratic_half" };
 * assert.deepStrictEqual(netInputs(data, "column").x, [[1, 2]]);
 * assert.deepStrictEqual(Object.keys(netInputs(data, "row", true)), ["network", "x"]);
 * ```
 */
export function netInputs(
  data: NetData,
  layout: Layout,
  forwardOnly = false,
): { [key: string]: JsonValue } {
  const base = { network: encodeNetwork(data.layers, layout), x: enc(asBatch(data.X, layout)) };
  if (forwardOnly) return base;
  return { ...base, y: enc(asBatch(data.Y, layout)), cost: data.cost };
}

/**
 * The reference's network type for derivation layers, in `layout` (for routes that reuse a reference
 * computation as the other side, such as bias folding and single-sample passes).
 *
 * @param layers The layers in column convention.
 * @param layout The layout wanted.
 * @returns The network.
 * @example Row layout transposes W and b
 * ```ts
 * import assert from "node:assert";
 * const net = toReferenceNetwork([{ W: [[1, 2]], b: [3], activation: "tanh" }], "row");
 * assert.deepStrictEqual([net.layers[0].W.shape, net.layers[0].b.shape], [[2, 1], [1, 1]]);
 * ```
 */
export function toReferenceNetwork(layers: readonly DLayer[], layout: Layout): Network {
  return {
    layout,
    layers: layers.map((l) => {
      const W = Matrix.from(l.W);
      return {
        W: layout === "column" ? W : Matrix.from(l.W[0].map((_, j) => l.W.map((r) => r[j]))),
        b: layout === "column" ? Matrix.column(l.b) : Matrix.from([l.b]),
        activation: l.activation,
      };
    }),
  };
}

/**
 * A label for ids.
 *
 * @param hidden Hidden activation.
 * @param cost The cost.
 * @param output Output activation.
 * @returns E.g. `relu-quadratic-half-sigmoid`.
 * @example Underscores become hyphens
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(comboName("relu", "quadratic_half", "sigmoid"), "relu-quadratic-half-sigmoid");
 * ```
 */
export function comboName(hidden: ActivationName, cost: CostName, output: ActivationName): string {
  return `${hidden}-${cost.replace("_", "-")}-${output}`;
}
