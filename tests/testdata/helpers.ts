/**
 * Test helpers shared by the unit tests: seeded random matrices and networks, closeness assertions
 * that report where two results part, and central differences over every weight and bias.
 *
 * @module
 */
import assert from "node:assert";
import { compareMatrices, describeMismatch, type Tolerance } from "../../src/spec/compare.ts";
import { Matrix } from "../../src/reference/matrix.ts";
import { initNetwork, type Network } from "../../src/reference/network.ts";
import { createRng } from "../../src/reference/random.ts";

/**
 * A rows × cols matrix of seeded uniform numbers.
 *
 * @param rows Rows.
 * @param cols Columns.
 * @param seed The seed.
 * @param lo Smallest value.
 * @param hi Bound the values stay below.
 * @returns The matrix.
 */
export function randomMatrix(rows: number, cols: number, seed: number, lo = -1, hi = 1): Matrix {
  const rng = createRng(seed);
  const m = new Matrix(rows, cols);
  for (let k = 0; k < m.data.length; k++) m.data[k] = rng.uniform(lo, hi);
  return m;
}

/**
 * The 784-128-64-10 ReLU/softmax network of "Part 2" in column layout, initialised with seed 1.
 *
 * @returns The network.
 */
export function part2Network(): Network {
  return initNetwork({ sizes: [784, 128, 64, 10], hidden: "relu", output: "softmax", seed: 1 });
}

/**
 * The network with biases drawn from [−0.5, 0.5], layer l from seed + l: zero biases would leave
 * whole ReLU layers at z = 0.
 *
 * @param net The network, either layout.
 * @param seed Seed of the first layer's biases.
 * @returns A network with the same weights and new biases.
 */
export function withRandomBiases(net: Network, seed: number): Network {
  return {
    layout: net.layout,
    layers: net.layers.map((l, i) => ({
      ...l,
      b: randomMatrix(l.b.rows, l.b.cols, seed + i, -0.5, 0.5),
    })),
  };
}

/**
 * Central differences of a cost with respect to every weight and bias, one entry at a time.
 *
 * @param net The network, either layout.
 * @param cost The cost of a network (the batch-mean cost of a fixed batch).
 * @param h The step.
 * @returns [∂C/∂W, ∂C/∂b] of each layer, shaped like W and b.
 */
export function centralDifferenceGradients(
  net: Network,
  cost: (n: Network) => number,
  h = 1e-6,
): Matrix[][] {
  return net.layers.map((layer, l) =>
    (["W", "b"] as const).map((key) => {
      const G = new Matrix(layer[key].rows, layer[key].cols);
      for (let k = 0; k < G.data.length; k++) {
        const at = (delta: number): Network => {
          const P = layer[key].clone();
          P.data[k] += delta;
          const layers = net.layers.map((old, i) => (i === l ? { ...old, [key]: P } : old));
          return { layout: net.layout, layers };
        };
        G.data[k] = (cost(at(h)) - cost(at(-h))) / (2 * h);
      }
      return G;
    })
  );
}

/**
 * Asserts two matrices agree entry by entry within a tolerance; a failure names the first entry off.
 *
 * @param got The result.
 * @param expected What it should be.
 * @param tol The tolerance, |got − expected| ≤ atol + rtol·|expected|.
 * @param label What the matrix is, for the message.
 */
export function assertMatricesClose(
  got: Matrix,
  expected: Matrix,
  tol: Tolerance,
  label: string,
): void {
  const c = compareMatrices(got, expected, tol);
  assert.ok(c.ok, describeMismatch(c, label));
}

/**
 * Asserts |got − expected| ≤ rtol·|expected|, with Object.is first (NaN, ±∞, ±0).
 *
 * @param got The result.
 * @param expected What it should be.
 * @param rtol The relative tolerance.
 * @param what What the number is, for the message.
 */
export function assertRelClose(got: number, expected: number, rtol: number, what: string): void {
  if (Object.is(got, expected)) return;
  const err = Math.abs(got - expected);
  assert.ok(
    Number.isFinite(got) && err <= rtol * Math.abs(expected),
    `${what}: expected ${expected}, got ${got} (rel ${err / Math.abs(expected)}, allowed ${rtol})`,
  );
}
