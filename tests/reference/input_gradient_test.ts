/**
 * Unit tests for src/reference/input_gradient.ts: ∂C/∂X against central differences of the batch-mean
 * cost in every input entry, in both layouts, and the row layout as the column one transposed.
 */
import assert from "node:assert";
import type { Cost } from "../../src/reference/costs.ts";
import { inputGradient } from "../../src/reference/input_gradient.ts";
import { Matrix, transpose } from "../../src/reference/matrix.ts";
import { costOf, initNetwork, type Network } from "../../src/reference/network.ts";
import { backpropagate, propagate } from "../../src/reference/propagate.ts";
import { toLayout } from "../../src/reference/row_network.ts";
import { assertMatricesClose, randomMatrix, withRandomBiases } from "../testdata/helpers.ts";

const CROSS_ENTROPY: Cost = { kind: "cross_entropy" };
const HALF: Cost = { kind: "quadratic", convention: "half" };

function loss(net: Network, X: Matrix, Y: Matrix, cost: Cost): number {
  const activation = net.layers[net.layers.length - 1].activation;
  return costOf(propagate(net, X), Y, { cost, activation, layout: net.layout });
}

function byDifferences(net: Network, X: Matrix, Y: Matrix, cost: Cost): Matrix {
  const h = 1e-6;
  const out = new Matrix(X.rows, X.cols);
  for (let k = 0; k < X.data.length; k++) {
    const moved = (t: number) => {
      const Xt = new Matrix(X.rows, X.cols, Float64Array.from(X.data));
      Xt.data[k] += t;
      return loss(net, Xt, Y, cost);
    };
    out.data[k] = (moved(h) - moved(-h)) / (2 * h);
  }
  return out;
}

function gradient(net: Network, X: Matrix, Y: Matrix, cost: Cost): Matrix {
  return inputGradient(net, backpropagate(net, propagate(net, X), { Y, cost }));
}

Deno.test("inputGradient() is the derivative of the batch-mean cost in x", async (t) => {
  const cases: [string, Network, Cost][] = [
    [
      "tanh hidden, softmax with cross-entropy",
      initNetwork({ sizes: [4, 3, 3], hidden: "tanh", output: "softmax", seed: 3 }),
      CROSS_ENTROPY,
    ],
    [
      "two sigmoid hidden layers, sigmoid under ½‖a − y‖²",
      initNetwork({ sizes: [3, 4, 2, 2], hidden: "sigmoid", output: "sigmoid", seed: 4 }),
      HALF,
    ],
  ];
  for (const [name, column, cost] of cases) {
    await t.step(name, () => {
      const net = withRandomBiases(column, 9);
      const X = randomMatrix(net.layers[0].W.cols, 5, 11, -2, 2);
      const Y = new Matrix(net.layers[net.layers.length - 1].W.rows, 5);
      for (let k = 0; k < 5; k++) Y.set(k % Y.rows, k, 1);
      const dX = gradient(net, X, Y, cost);
      assert.deepStrictEqual(dX.shape, X.shape);
      assertMatricesClose(dX, byDifferences(net, X, Y, cost), { rtol: 1e-6, atol: 1e-9 }, "dX");
      const row = toLayout(net, "row");
      const dXRow = gradient(row, transpose(X), transpose(Y), cost);
      assertMatricesClose(dXRow, transpose(dX), { rtol: 1e-12, atol: 1e-15 }, "row dX");
    });
  }
});
