/**
 * The shapes of everything a network of given widths computes, measured by running the reference on
 * a zero batch rather than written down, so that they cannot disagree with the passes themselves.
 *
 * @module
 */
import type { Layout } from "./layout.ts";
import { foldBias } from "./bias_fold.ts";
import { hconcat, Matrix } from "./matrix.ts";
import type { Network } from "./network.ts";
import { backpropagate, propagate } from "./propagate.ts";

/** [rows, cols] of one matrix per layer l = 1..L. */
export type LayerShapes = [number, number][];

/** The shapes of W, b, z, a, δ, dW and db of every layer. */
export interface NetworkShapes {
  /** Weights. */
  readonly W: LayerShapes;
  /** Biases. */
  readonly b: LayerShapes;
  /** Pre-activations. */
  readonly z: LayerShapes;
  /** Activations. */
  readonly a: LayerShapes;
  /** Per-sample errors. */
  readonly delta: LayerShapes;
  /** Weight gradients. */
  readonly dW: LayerShapes;
  /** Bias gradients. */
  readonly db: LayerShapes;
  /**
   * The weights with the bias folded in: [W; b] in row layout ((n_{l−1} + 1) × n_l, for inputs
   * [X | 1]), [W | b] in column layout.
   */
  readonly Wb: LayerShapes;
}

/**
 * Measures the shapes of a network of widths n_0 … n_L on a batch of N samples.
 *
 * @param sizes The widths, input first.
 * @param batch N.
 * @param layout The layout.
 * @returns Every shape, per layer.
 * @example Document 001's network on 3 samples, column layout
 * ```ts
 * import assert from "node:assert";
 * const s = networkShapes([784, 128, 10], 3, "column");
 * assert.deepStrictEqual(s.W, [[128, 784], [10, 128]]);
 * assert.deepStrictEqual(s.db, [[128, 1], [10, 1]]);
 * assert.deepStrictEqual(s.Wb, [[128, 785], [10, 129]]);
 * ```
 */
export function networkShapes(
  sizes: readonly number[],
  batch: number,
  layout: Layout,
): NetworkShapes {
  const column = layout === "column";
  const layers = sizes.slice(1).map((n, l) => {
    const d = sizes[l];
    return {
      W: column ? new Matrix(n, d) : new Matrix(d, n),
      b: column ? new Matrix(n, 1) : new Matrix(1, n),
      activation: l === sizes.length - 2 ? "softmax" as const : "sigmoid" as const,
    };
  });
  const net: Network = { layout, layers };
  const d = sizes[0];
  const nL = sizes[sizes.length - 1];
  const x = column ? new Matrix(d, batch) : new Matrix(batch, d);
  const y = column ? new Matrix(nL, batch) : new Matrix(batch, nL);
  for (let k = 0; k < batch; k++) y.set(column ? 0 : k, column ? k : 0, 1);
  const pass = propagate(net, x);
  const g = backpropagate(net, pass, { Y: y, cost: { kind: "cross_entropy" } });
  const shape = (M: Matrix): [number, number] => [M.rows, M.cols];
  return {
    W: net.layers.map((l) => shape(l.W)),
    b: net.layers.map((l) => shape(l.b)),
    z: pass.layers.map((l) => shape(l.z)),
    a: pass.layers.map((l) => shape(l.a)),
    delta: g.layers.map((l) => shape(l.delta)),
    dW: g.layers.map((l) => shape(l.dW)),
    db: g.layers.map((l) => shape(l.db)),
    Wb: net.layers.map((l) => shape(column ? hconcat(l.W, l.b) : foldBias(l.W, l.b))),
  };
}
