/**
 * Unit tests for src/reference/row_network.ts: the row layout of "2 Layer NN: A Mathematical Deep Dive"
 * (X is N × d, T = X·W + b) recomputed by hand for a small sigmoid/softmax network, gradients against
 * central differences, layout errors and toLayout().
 */
import assert from "node:assert";
import { type Cost, oneHot } from "../../src/reference/costs.ts";
import { Matrix, transpose } from "../../src/reference/matrix.ts";
import { costOf, forward, initNetwork, type Network, output } from "../../src/reference/network.ts";
import { backwardRows, forwardRows, toLayout } from "../../src/reference/row_network.ts";
import {
  assertMatricesClose,
  centralDifferenceGradients,
  randomMatrix,
  withRandomBiases,
} from "../testdata/helpers.ts";

/** A rows × cols nested array with entry f(i, j). */
const tabulate = (rows: number, cols: number, f: (i: number, j: number) => number) =>
  Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => f(i, j)));

const sum = (n: number, f: (k: number) => number) => {
  let s = 0;
  for (let k = 0; k < n; k++) s += f(k);
  return s;
};

const sigma = (z: number) => 1 / (1 + Math.exp(-z));

// A d = 3, h₁ = 2, h₂ = 3 network on N = 2 samples, in the notation of "2 Layer NN".
const X = [[0.5, -1, 2], [1.5, 0.2, -0.7]];
const W1 = [[0.1, -0.2], [0.3, 0.4], [-0.5, 0.6]];
const b1 = [0.01, -0.02];
const W2 = [[0.7, -0.3, 0.2], [-0.6, 0.8, 0.1]];
const b2 = [0.05, 0, -0.05];
const labels = [2, 0];
const N = 2;

function rowNetwork(): Network {
  return {
    layout: "row",
    layers: [
      { W: Matrix.from(W1), b: Matrix.from([b1]), activation: "sigmoid" },
      { W: Matrix.from(W2), b: Matrix.from([b2]), activation: "softmax" },
    ],
  };
}

/** The forward and backward pass of "2 Layer NN" written out element by element. */
function byHand() {
  const T1 = tabulate(N, 2, (k, j) => sum(3, (p) => X[k][p] * W1[p][j]) + b1[j]);
  const T2 = T1.map((r) => r.map(sigma));
  const T3 = tabulate(N, 3, (k, j) => sum(2, (p) => T2[k][p] * W2[p][j]) + b2[j]);
  const T4 = T3.map((r) => {
    const e = r.map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((x) => x / s);
  });
  const Y = tabulate(N, 3, (k, j) => (labels[k] === j ? 1 : 0));
  const loss = -sum(N, (k) => Math.log(T4[k][labels[k]])) / N;
  // ∂Loss/∂T₃ = (T₄ − Y)/N — "2 Layer NN", direct jump
  const G3 = tabulate(N, 3, (k, j) => (T4[k][j] - Y[k][j]) / N);
  const dW2 = tabulate(2, 3, (i, j) => sum(N, (k) => T2[k][i] * G3[k][j]));
  const db2 = [tabulate(1, 3, (_, j) => sum(N, (k) => G3[k][j]))[0]];
  // ∂Loss/∂T₁ = (G₃·W₂ᵀ) ∘ σ(T₁)(1 − σ(T₁))
  const G1 = tabulate(
    N,
    2,
    (k, i) => sum(3, (j) => G3[k][j] * W2[i][j]) * T2[k][i] * (1 - T2[k][i]),
  );
  const dW1 = tabulate(3, 2, (p, i) => sum(N, (k) => X[k][p] * G1[k][i]));
  const db1 = [tabulate(1, 2, (_, i) => sum(N, (k) => G1[k][i]))[0]];
  return { T1, T2, T3, T4, loss, G3, G1, dW2, db2, dW1, db1 };
}

// The hand formulas and src/ do the same arithmetic in another order (σ′ as σ(z)σ(−z), (T₄ − Y)
// scaled by 1/N before or after), so results agree to a few ulps; rtol 1e−12 allows that, and
// atol 1e−15 covers sums that cancel to near zero, where a few ulps of the terms exceed rtol.
const TOL = { rtol: 1e-12, atol: 1e-15 };

Deno.test('forwardRows() computes T = X·W + b of "2 Layer NN"', async (t) => {
  const h = byHand();
  const pass = forwardRows(rowNetwork(), Matrix.from(X));

  await t.step("forwardRows() T₁ = X·W₁ + b₁ and T₂ = σ(T₁), N × h₁", () => {
    assertMatricesClose(pass.layers[0].z, Matrix.from(h.T1), TOL, "T1");
    assertMatricesClose(pass.layers[0].a, Matrix.from(h.T2), TOL, "T2");
  });

  await t.step("forwardRows() T₃ = T₂·W₂ + b₂ and T₄ = softmax(T₃) by rows", () => {
    assertMatricesClose(pass.layers[1].z, Matrix.from(h.T3), TOL, "T3");
    assertMatricesClose(output(pass), Matrix.from(h.T4), TOL, "T4");
  });

  await t.step("costOf() in row layout is the mean cross-entropy", () => {
    const c = costOf(pass, oneHot(labels, 3, "row"), {
      cost: { kind: "cross_entropy" },
      activation: "softmax",
      layout: "row",
    });
    assert.ok(Math.abs(c - h.loss) <= 1e-14 * h.loss, `loss ${c}, expected ${h.loss}`);
  });
});

Deno.test('backwardRows() computes the gradients of "2 Layer NN"', async (t) => {
  const h = byHand();
  const net = rowNetwork();
  const pass = forwardRows(net, Matrix.from(X));
  const g = backwardRows(net, pass, {
    Y: oneHot(labels, 3, "row"),
    cost: { kind: "cross_entropy" },
  });

  await t.step("backwardRows() ∂Loss/∂W₂ = T₂ᵀ·G₃ and ∂Loss/∂b₂ = 1ᵀ·G₃", () => {
    assertMatricesClose(g.layers[1].dW, Matrix.from(h.dW2), TOL, "dW2");
    assertMatricesClose(g.layers[1].db, Matrix.from(h.db2), TOL, "db2");
  });

  await t.step("backwardRows() ∂Loss/∂W₁ = Xᵀ·G₁ and ∂Loss/∂b₁ = 1ᵀ·G₁", () => {
    assertMatricesClose(g.layers[0].dW, Matrix.from(h.dW1), TOL, "dW1");
    assertMatricesClose(g.layers[0].db, Matrix.from(h.db1), TOL, "db1");
  });

  await t.step("backwardRows() reports δ = N·G, the per-sample error", () => {
    const times = (A: number[][]) => Matrix.from(A.map((r) => r.map((x) => N * x)));
    assertMatricesClose(g.layers[1].delta, times(h.G3), TOL, "delta2");
    assertMatricesClose(g.layers[0].delta, times(h.G1), TOL, "delta1");
  });

  await t.step("backwardRows() shapes: δ N × n_l, dW n_{l−1} × n_l, db 1 × n_l", () => {
    assert.deepStrictEqual(g.layers.map((l) => l.delta.shape), [[2, 2], [2, 3]]);
    assert.deepStrictEqual(g.layers.map((l) => l.dW.shape), [[3, 2], [2, 3]]);
    assert.deepStrictEqual(g.layers.map((l) => l.db.shape), [[1, 2], [1, 3]]);
  });
});

Deno.test("backwardRows() matches central differences of the row-layout cost", async (t) => {
  const cases: [string, Network["layers"][number]["activation"], Cost][] = [
    ["relu", "softmax", { kind: "cross_entropy" }],
    ["tanh", "sigmoid", { kind: "quadratic", convention: "squared" }],
    ["sigmoid", "identity", { kind: "quadratic", convention: "mean" }],
  ];
  let seed = 300;
  for (const [hidden, out, cost] of cases) {
    seed++;
    await t.step(`backwardRows() with ${hidden} hidden and ${out} output`, () => {
      const base = initNetwork({
        sizes: [3, 4, 3],
        hidden: hidden as "relu" | "tanh" | "sigmoid",
        output: out,
        seed,
        layout: "row",
      });
      const net = withRandomBiases(base, seed + 10);
      const Xr = randomMatrix(5, 3, seed + 20, -2, 2);
      const Y = cost.kind === "cross_entropy"
        ? oneHot([0, 2, 1, 1, 0], 3, "row")
        : randomMatrix(5, 3, seed + 30, 0, 1);
      const pass = forwardRows(net, Xr);
      if (hidden === "relu") {
        const m = Math.min(...pass.layers[0].z.data.map(Math.abs));
        assert.ok(m > 1e-4, `a ReLU z is ${m} from 0`);
      }
      const g = backwardRows(net, pass, { Y, cost });
      const C = (n: Network) =>
        costOf(forwardRows(n, Xr), Y, { cost, activation: out, layout: "row" });
      // Central differences: O(h²) truncation, O(ε/h) rounding, both far below 1e−8.
      const tol = { rtol: 1e-6, atol: 1e-8 };
      centralDifferenceGradients(net, C, 1e-6).forEach(([dW, db], l) => {
        assertMatricesClose(g.layers[l].dW, dW, tol, `layers[${l}].dW`);
        assertMatricesClose(g.layers[l].db, db, tol, `layers[${l}].db`);
      });
    });
  }
});

Deno.test("forwardRows() and backwardRows() require a row-layout network", async (t) => {
  await t.step("forwardRows() rejects a column-layout network", () => {
    const net = initNetwork({ sizes: [3, 2], hidden: "relu", output: "softmax", seed: 1 });
    assert.throws(() => forwardRows(net, Matrix.from([[1, 2, 3]])), {
      name: "TypeError",
      message: "Expected a row-layout network, got a column-layout one",
    });
  });

  await t.step("backwardRows() rejects a column-layout network", () => {
    const net = initNetwork({ sizes: [3, 2], hidden: "relu", output: "softmax", seed: 1 });
    const pass = forward(net, Matrix.column([1, 2, 3]));
    assert.throws(
      () => backwardRows(net, pass, { Y: Matrix.column([1, 0]), cost: { kind: "cross_entropy" } }),
      {
        name: "TypeError",
        message: "Expected a row-layout network, got a column-layout one",
      },
    );
  });

  await t.step("forwardRows() checks the width of X's rows against W₁", () => {
    assert.throws(() => forwardRows(rowNetwork(), Matrix.from([[1, 2, 3, 4]])), {
      name: "TypeError",
      message: "Layer 0 W: has 3 rows (3×2) but x gives 4 inputs per sample",
    });
  });
});

Deno.test("toLayout() transposes W and b", async (t) => {
  const net = initNetwork({ sizes: [4, 3, 2], hidden: "tanh", output: "sigmoid", seed: 9 });

  await t.step("toLayout() to row transposes every W and b and keeps activations", () => {
    const row = toLayout(net, "row");
    assert.strictEqual(row.layout, "row");
    row.layers.forEach((l, i) => {
      assert.deepStrictEqual(l.W.toArrays(), transpose(net.layers[i].W).toArrays());
      assert.deepStrictEqual(l.b.toArrays(), transpose(net.layers[i].b).toArrays());
      assert.strictEqual(l.activation, net.layers[i].activation);
    });
  });

  await t.step("toLayout() back to column restores the network", () => {
    const back = toLayout(toLayout(net, "row"), "column");
    assert.strictEqual(back.layout, "column");
    assert.deepStrictEqual(
      back.layers.map((l) => l.W.toArrays()),
      net.layers.map((l) => l.W.toArrays()),
    );
    assert.deepStrictEqual(
      back.layers.map((l) => l.b.toArrays()),
      net.layers.map((l) => l.b.toArrays()),
    );
  });

  await t.step("toLayout() to the same layout returns the network itself", () => {
    assert.strictEqual(toLayout(net, "column"), net);
  });
});
