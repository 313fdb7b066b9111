/**
 * Unit tests for src/reference/bias_fold.ts: document 000's bias folding T = [X | 1]·[W; b], its split back into
 * W and b, and the folded gradient [X | 1]ᵀ·G whose last row is the bias gradient.
 */
import assert from "node:assert";
import { type Cost, oneHot } from "../../src/reference/costs.ts";
import {
  add,
  matmul,
  Matrix,
  scale,
  sliceRows,
  sumCols,
  transpose,
} from "../../src/reference/matrix.ts";
import { costOf, initNetwork, type Network } from "../../src/reference/network.ts";
import {
  appendOnes,
  backwardFolded,
  foldBias,
  forwardFolded,
  unfoldBias,
} from "../../src/reference/bias_fold.ts";
import { assertMatricesClose, randomMatrix, withRandomBiases } from "../testdata/helpers.ts";

// Same arithmetic as the hand formulas in another order (and 1/N applied before or after a sum):
// a few ulps apart. rtol 1e−12 allows that; atol 1e−15 covers sums that cancel to near zero.
const TOL = { rtol: 1e-12, atol: 1e-15 };

Deno.test("appendOnes(), foldBias() and unfoldBias() build [X | 1] and [W; b]", async (t) => {
  await t.step("appendOnes() adds a column of ones", () => {
    assert.deepStrictEqual(appendOnes(Matrix.from([[2, 3], [4, 5]])).toArrays(), [[2, 3, 1], [
      4,
      5,
      1,
    ]]);
    assert.deepStrictEqual(appendOnes(new Matrix(2, 0)).toArrays(), [[1], [1]]);
  });

  await t.step("foldBias() stacks b under W", () => {
    const Wb = foldBias(Matrix.from([[1, 2], [3, 4], [5, 6]]), Matrix.from([[7, 8]]));
    assert.deepStrictEqual(Wb.toArrays(), [[1, 2], [3, 4], [5, 6], [7, 8]]);
  });

  await t.step("foldBias() rejects b of another width, naming both shapes", () => {
    assert.throws(() => foldBias(Matrix.from([[1, 2, 3], [4, 5, 6]]), Matrix.from([[1, 2]])), {
      name: "TypeError",
      message: "Cannot stack: a is 2×3 but b is 1×2",
    });
  });

  await t.step("unfoldBias() splits off the last row as b", () => {
    const { W, b } = unfoldBias(Matrix.from([[1, 2], [3, 4], [5, 6]]));
    assert.deepStrictEqual(W.toArrays(), [[1, 2], [3, 4]]);
    assert.deepStrictEqual(b.toArrays(), [[5, 6]]);
  });

  await t.step("unfoldBias() undoes foldBias()", () => {
    const W = randomMatrix(4, 3, 1);
    const b = randomMatrix(1, 3, 2);
    const back = unfoldBias(foldBias(W, b));
    assert.deepStrictEqual(back.W.toArrays(), W.toArrays());
    assert.deepStrictEqual(back.b.toArrays(), b.toArrays());
  });
});

Deno.test("[X | 1]·[W; b] equals X·W + 1·b", async (t) => {
  const X = Matrix.from([[1, 2], [3, 4]]);
  const W = Matrix.from([[0.5, -1], [2, 0.25]]);
  const b = Matrix.from([[0.1, 0.2]]);

  await t.step("the folded product by hand", () => {
    const T = matmul(appendOnes(X), foldBias(W, b));
    const expected = Matrix.from([
      [1 * 0.5 + 2 * 2 + 0.1, 1 * -1 + 2 * 0.25 + 0.2],
      [3 * 0.5 + 4 * 2 + 0.1, 3 * -1 + 4 * 0.25 + 0.2],
    ]);
    assertMatricesClose(T, expected, TOL, "T");
  });

  await t.step("the folded product equals the broadcast one on random data", () => {
    const Xr = randomMatrix(6, 5, 3);
    const Wr = randomMatrix(5, 4, 4);
    const br = randomMatrix(1, 4, 5);
    assertMatricesClose(
      matmul(appendOnes(Xr), foldBias(Wr, br)),
      add(matmul(Xr, Wr), br),
      TOL,
      "T",
    );
  });

  await t.step("forwardFolded() of one identity layer is X·W + b", () => {
    const net: Network = { layout: "row", layers: [{ W, b, activation: "identity" }] };
    const pass = forwardFolded(net, X);
    assertMatricesClose(pass.layers[0].z, add(matmul(X, W), b), TOL, "z");
    assertMatricesClose(pass.layers[0].a, add(matmul(X, W), b), TOL, "a");
    assert.strictEqual(pass.input, X);
  });
});

Deno.test("the folded gradient's last row is the bias gradient", async (t) => {
  await t.step("[A | 1]ᵀ·G has Aᵀ·G on top and 1ᵀ·G as its last row", () => {
    const A = randomMatrix(5, 3, 6);
    const G = randomMatrix(5, 2, 7);
    const folded = matmul(transpose(appendOnes(A)), G);
    assert.deepStrictEqual(folded.shape, [4, 2]);
    assertMatricesClose(sliceRows(folded, 0, 3), matmul(transpose(A), G), TOL, "Aᵀ·G");
    assertMatricesClose(sliceRows(folded, 3, 4), sumCols(G), TOL, "1ᵀ·G");
  });

  await t.step("backwardFolded() of one identity layer under ½‖a − y‖², by hand", () => {
    const X = [[1, 2], [3, 4]];
    const W = [[0.5, -1], [2, 0.25]];
    const b = [0.1, 0.2];
    const Y = [[4, 0], [10, -2]];
    const net: Network = {
      layout: "row",
      layers: [{ W: Matrix.from(W), b: Matrix.from([b]), activation: "identity" }],
    };
    const g = backwardFolded(net, forwardFolded(net, Matrix.from(X)), {
      Y: Matrix.from(Y),
      cost: { kind: "quadratic", convention: "half" },
    });
    // T = X·W + b; G = (T − Y)/N; ∂Loss/∂[W; b] = [X | 1]ᵀ·G.
    const T = X.map((r) => [0, 1].map((j) => r[0] * W[0][j] + r[1] * W[1][j] + b[j]));
    const G = T.map((r, k) => r.map((x, j) => (x - Y[k][j]) / 2));
    const dW = [0, 1].map((p) => [0, 1].map((j) => X[0][p] * G[0][j] + X[1][p] * G[1][j]));
    const db = [[0, 1].map((j) => G[0][j] + G[1][j])];
    assertMatricesClose(g.layers[0].dW, Matrix.from(dW), TOL, "dW");
    assertMatricesClose(g.layers[0].db, Matrix.from(db), TOL, "db");
    assertMatricesClose(
      g.layers[0].delta,
      Matrix.from(G.map((r) => r.map((x) => 2 * x))),
      TOL,
      "delta",
    );
  });

  await t.step("backwardFolded() db is the last row of [A | 1]ᵀ·(δ/N) in every layer", () => {
    const base = initNetwork({
      sizes: [4, 5, 3],
      hidden: "tanh",
      output: "softmax",
      seed: 8,
      layout: "row",
    });
    const net: Network = {
      layout: "row",
      layers: base.layers.map((l, i) => ({ ...l, b: randomMatrix(1, l.b.cols, 9 + i) })),
    };
    const X = randomMatrix(6, 4, 11);
    const pass = forwardFolded(net, X);
    const g = backwardFolded(net, pass, {
      Y: oneHot([0, 1, 2, 2, 1, 0], 3, "row"),
      cost: { kind: "cross_entropy" },
    });
    g.layers.forEach((layer, l) => {
      const aPrev = l === 0 ? X : pass.layers[l - 1].a;
      const folded = matmul(transpose(appendOnes(aPrev)), scale(layer.delta, 1 / 6));
      assertMatricesClose(foldBias(layer.dW, layer.db), folded, TOL, `layers[${l}] [dW; db]`);
      assertMatricesClose(
        layer.db,
        sliceRows(folded, folded.rows - 1, folded.rows),
        TOL,
        `layers[${l}].db`,
      );
    });
  });
});

Deno.test("backwardFolded() matches central differences of the cost", async (t) => {
  const cases: ["sigmoid" | "relu", "softmax" | "sigmoid", Cost][] = [
    ["sigmoid", "softmax", { kind: "cross_entropy" }],
    ["relu", "sigmoid", { kind: "quadratic", convention: "half" }],
  ];
  let seed = 400;
  for (const [hidden, out, cost] of cases) {
    seed++;
    await t.step(`backwardFolded() with ${hidden} hidden and ${out} output`, () => {
      const net = withRandomBiases(
        initNetwork({ sizes: [3, 4, 2], hidden, output: out, seed, layout: "row" }),
        seed + 10,
      );
      const X = randomMatrix(5, 3, seed + 20, -2, 2);
      const Y = cost.kind === "cross_entropy"
        ? oneHot([0, 1, 1, 0, 1], 2, "row")
        : randomMatrix(5, 2, seed + 30, 0, 1);
      const pass = forwardFolded(net, X);
      if (hidden === "relu") {
        const m = Math.min(...pass.layers[0].z.data.map(Math.abs));
        assert.ok(m > 1e-4, `a ReLU z is ${m} from 0`);
      }
      const g = backwardFolded(net, pass, { Y, cost });
      const C = (n: Network) =>
        costOf(forwardFolded(n, X), Y, { cost, activation: out, layout: "row" });
      const h = 1e-6;
      net.layers.forEach((layer, l) => {
        // Perturb the folded matrix [W; b] itself, as document 000 trains it.
        const Wb = foldBias(layer.W, layer.b);
        const numeric = new Matrix(Wb.rows, Wb.cols);
        for (let k = 0; k < Wb.data.length; k++) {
          const at = (d: number): Network => {
            const P = Wb.clone();
            P.data[k] += d;
            const { W, b } = unfoldBias(P);
            return {
              layout: "row",
              layers: net.layers.map((o, i) => (i === l ? { ...o, W, b } : o)),
            };
          };
          numeric.data[k] = (C(at(h)) - C(at(-h))) / (2 * h);
        }
        // Central differences: O(h²) truncation, O(ε/h) rounding, both far below 1e−8.
        assertMatricesClose(
          foldBias(g.layers[l].dW, g.layers[l].db),
          numeric,
          { rtol: 1e-6, atol: 1e-8 },
          `layers[${l}] d[W; b]`,
        );
      });
    });
  }
});
