/**
 * Cross-layout tests: the column layout ("Part 2", "Backpropagation notes", "Layer by Layer"), the row
 * layout and the bias-folded row layout ("2 Layer NN") give the same numbers up to transposition, for
 * every hidden activation, output activation and cost.
 *
 * Tolerance: rtol 1e−12. The three layouts do the same arithmetic in another order: the products
 * of W·X and X·W are the same, but the batch mean's 1/N is applied to δ before the sums in row layout
 * and after them in column layout, and (x/N)·N need not round back to x. That moves results by a few
 * ulps of the terms summed; 1e−12 allows it with room, and anything a real bug changes is far larger.
 * An atol of 1e−15 covers entries where a sum cancels to near zero, so that a few ulps of its terms
 * exceed rtol of the result (seen: a 784-128-64-10 dW entry of −1.07e−7 off by 2.2e−18, rel 2e−11);
 * it is far below the size of any gradient entry that does not cancel.
 */
import assert from "node:assert";
import type { ActivationName } from "../../src/reference/activations.ts";
import { backwardFolded, forwardFolded } from "../../src/reference/bias_fold.ts";
import { compareMatrices, describeMismatch } from "../../src/spec/compare.ts";
import { type Cost, oneHot } from "../../src/reference/costs.ts";
import { Matrix, transpose } from "../../src/reference/matrix.ts";
import {
  backward,
  costOf,
  forward,
  type ForwardPass,
  type Gradients,
  initNetwork,
} from "../../src/reference/network.ts";
import { backwardRows, forwardRows, toLayout } from "../../src/reference/row_network.ts";
import { part2Network, randomMatrix, withRandomBiases } from "../testdata/helpers.ts";

const TOL = { rtol: 1e-12, atol: 1e-15 };

/** Asserts that a row-layout matrix is the transpose of a column-layout one. */
function assertTransposed(row: Matrix, col: Matrix, label: string): void {
  const c = compareMatrices(row, transpose(col), TOL);
  assert.ok(c.ok, describeMismatch(c, label));
}

function assertSameNumber(got: number, expected: number, label: string): void {
  assert.ok(
    Math.abs(got - expected) <= TOL.atol + TOL.rtol * Math.abs(expected),
    `${label}: expected ${expected}, got ${got}`,
  );
}

function assertPassesTransposed(row: ForwardPass, col: ForwardPass, name: string): void {
  assert.strictEqual(row.layers.length, col.layers.length);
  row.layers.forEach((layer, l) => {
    assertTransposed(layer.z, col.layers[l].z, `${name} layers[${l}].z`);
    assertTransposed(layer.a, col.layers[l].a, `${name} layers[${l}].a`);
  });
}

function assertGradientsTransposed(row: Gradients, col: Gradients, name: string): void {
  assert.strictEqual(row.layers.length, col.layers.length);
  row.layers.forEach((g, l) => {
    assertTransposed(g.delta, col.layers[l].delta, `${name} layers[${l}].delta`);
    assertTransposed(g.dW, col.layers[l].dW, `${name} layers[${l}].dW`);
    assertTransposed(g.db, col.layers[l].db, `${name} layers[${l}].db`);
  });
}

const QUADRATICS: Cost[] = (["squared", "half", "mean"] as const).map((convention) => ({
  kind: "quadratic",
  convention,
}));

/** Every output activation with every quadratic convention, and cross-entropy with the two that give probabilities. */
const OUTPUTS: [ActivationName, Cost][] = [
  ...(["sigmoid", "tanh", "relu", "identity", "softmax"] as const).flatMap((out) =>
    QUADRATICS.map((cost): [ActivationName, Cost] => [out, cost])
  ),
  ["softmax", { kind: "cross_entropy" }],
  ["sigmoid", { kind: "cross_entropy" }],
];

const costName = (c: Cost) => (c.kind === "quadratic" ? `quadratic ${c.convention}` : c.kind);

Deno.test("column, row and folded layouts agree up to transposition", async (t) => {
  const N = 5; // not a power of two, so that the 1/N of the batch mean rounds
  let seed = 500;
  for (const hidden of ["sigmoid", "tanh", "relu"] as const) {
    for (const [out, cost] of OUTPUTS) {
      seed++;
      await t.step(`${hidden} hidden, ${out} output, ${costName(cost)}`, () => {
        const net = withRandomBiases(
          initNetwork({ sizes: [4, 6, 5, 3], hidden, output: out, seed }),
          seed * 10,
        );
        const rowNet = toLayout(net, "row");
        const X = randomMatrix(4, N, seed + 1000, -2, 2);
        const Y = cost.kind === "cross_entropy"
          ? oneHot(Array.from({ length: N }, (_, k) => (k * 7 + seed) % 3), 3, "column")
          : randomMatrix(3, N, seed + 2000, 0, 1);

        const col = forward(net, X);
        const row = forwardRows(rowNet, transpose(X));
        const folded = forwardFolded(rowNet, transpose(X));
        assertPassesTransposed(row, col, "row");
        assertPassesTransposed(folded, col, "folded");

        const c = costOf(col, Y, { cost, activation: out, layout: "column" });
        assert.ok(Number.isFinite(c), `column cost ${c}`);
        assertSameNumber(
          costOf(row, transpose(Y), { cost, activation: out, layout: "row" }),
          c,
          "row cost",
        );
        assertSameNumber(
          costOf(folded, transpose(Y), { cost, activation: out, layout: "row" }),
          c,
          "folded cost",
        );

        const gCol = backward(net, col, { Y, cost });
        assertGradientsTransposed(
          backwardRows(rowNet, row, { Y: transpose(Y), cost }),
          gCol,
          "row",
        );
        assertGradientsTransposed(
          backwardFolded(rowNet, folded, { Y: transpose(Y), cost }),
          gCol,
          "folded",
        );
      });
    }
  }
});

Deno.test('the layouts agree on the 784-128-64-10 network of "Part 2"', async (t) => {
  await t.step(
    "784-128-64-10 ReLU/softmax: δ row = δ colᵀ, dW row = dW colᵀ, db row = db colᵀ",
    () => {
      const net = part2Network();
      const rowNet = toLayout(net, "row");
      const X = randomMatrix(784, 3, 2, 0, 1);
      const Y = oneHot([7, 0, 9], 10, "column");
      const cost: Cost = { kind: "cross_entropy" };
      const col = forward(net, X);
      const row = forwardRows(rowNet, transpose(X));
      assertPassesTransposed(row, col, "row");
      assertGradientsTransposed(
        backwardRows(rowNet, row, { Y: transpose(Y), cost }),
        backward(net, col, { Y, cost }),
        "row",
      );
    },
  );
});
