/**
 * Property-based tests (fast-check, fixed seeds so that CI is deterministic) of the identities the
 * documents derive, over random shapes and values, each checked against an independent computation
 * (dual numbers, explicit loops, the other layout) rather than against itself.
 *
 * Tolerances: "exact" where the identity holds bit for bit (ReLU′, symmetry); rtol 1e-12 with a small
 * atol where two float64 evaluations of one quantity are compared (dual numbers vs closed forms,
 * layouts, bias folding, per-sample means). The atol of network comparisons is 1e-13 times the largest
 * entry, because a gradient entry can be a cancelling sum of much larger terms.
 */
import assert from "node:assert";
import fc from "fast-check";
import {
  type ActivationName,
  logSumExp,
  reluPrime,
  sigmoid,
  sigmoidPrime,
  softmax,
  softmaxJacobian,
  softmaxVector,
  tanhPrime,
} from "../../src/reference/activations.ts";
import { backwardFolded, forwardFolded } from "../../src/reference/bias_fold.ts";
import {
  compareMatrices,
  describeMismatch,
  isClose,
  type Tolerance,
} from "../../src/spec/compare.ts";
import {
  type Cost,
  oneHot,
  softmaxCrossEntropy,
  softmaxCrossEntropyBatchGrad,
} from "../../src/reference/costs.ts";
import {
  type CostData,
  derivative,
  Dual,
  dualDeltas,
  dualGradients,
  softmaxCrossEntropyDual,
  softmaxDual,
} from "../../src/gradients/dual.ts";
import { Matrix, sliceCols, transpose } from "../../src/reference/matrix.ts";
import { backward, forward, type Gradients, type Network } from "../../src/reference/network.ts";
import { backwardRows, forwardRows, toLayout } from "../../src/reference/row_network.ts";

const SEED = 20250101;
const RUNS = 200;
const NET_RUNS = 150;
const TWO_EVALS: Tolerance = { rtol: 1e-12, atol: 1e-15 };

function close(got: number, expected: number, tol: Tolerance, what: string): void {
  assert.ok(
    isClose(got, expected, tol),
    `${what}: expected ${expected}, got ${got} (abs ${Math.abs(got - expected)})`,
  );
}

/** rtol 1e-12, atol 1e-13·max(1, max|expected|): see the module comment. */
function assertMatrixClose(got: Matrix, expected: Matrix, label: string): void {
  const scale = expected.data.reduce((m, v) => Math.max(m, Math.abs(v)), 1);
  const c = compareMatrices(got, expected, { rtol: 1e-12, atol: 1e-13 * scale });
  assert.ok(c.ok, describeMismatch(c, label));
}

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true });
const vector = (min: number, max: number) =>
  fc.array(finite(min, max), { minLength: 1, maxLength: 6 });

// ---- activations -----------------------------------------------------------------------------

Deno.test("property: σ′ = σ(1 − σ), 0 ≤ σ′ ≤ 1/4, and σ′ agrees with dual numbers", () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true }), (z) => {
      const d = sigmoidPrime(z);
      assert.ok(d >= 0 && d <= 0.25, `σ′(${z}) = ${d}`);
      close(d, sigmoid(z) * (1 - sigmoid(z)), { rtol: 1e-12, atol: 2e-16 }, `σ′(${z})`);
    }),
    { seed: SEED, numRuns: 200 },
  );
  fc.assert(
    fc.property(finite(-700, 700), (z) => {
      close(derivative((x) => x.sigmoid(), z), sigmoidPrime(z), TWO_EVALS, `dual σ′(${z})`);
    }),
    { seed: SEED + 1, numRuns: 200 },
  );
});

Deno.test("property: tanh′ = 1 − tanh² and agrees with dual numbers", () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true }), (z) => {
      const d = tanhPrime(z);
      assert.ok(d >= 0 && d <= 1, `tanh′(${z}) = ${d}`);
      close(d, 1 - Math.tanh(z) ** 2, { rtol: 1e-12, atol: 4e-16 }, `tanh′(${z})`);
    }),
    { seed: SEED + 2, numRuns: 200 },
  );
  fc.assert(
    fc.property(finite(-300, 300), (z) => {
      close(derivative((x) => x.tanh(), z), tanhPrime(z), TWO_EVALS, `dual tanh′(${z})`);
    }),
    { seed: SEED + 3, numRuns: 200 },
  );
});

Deno.test("property: ReLU′ = 1[z > 0] exactly, also by dual numbers", () => {
  fc.assert(
    fc.property(fc.double({ noNaN: true }), (z) => {
      const want = z > 0 ? 1 : 0;
      assert.strictEqual(reluPrime(z), want, `ReLU′(${z})`);
      assert.strictEqual(derivative((x) => x.relu(), z), want, `dual ReLU′(${z})`);
    }),
    { seed: SEED + 4, numRuns: 200 },
  );
});

// ---- softmax ---------------------------------------------------------------------------------

Deno.test("property: softmax Jacobian = diag(p) − ppᵀ, symmetric, zero row sums, as dual numbers give", () => {
  fc.assert(
    fc.property(vector(-30, 30), (u) => {
      const p = softmaxVector(u);
      const J = softmaxJacobian(p);
      for (let i = 0; i < u.length; i++) {
        let row = 0;
        for (let j = 0; j < u.length; j++) {
          row += J.get(i, j);
          assert.strictEqual(J.get(i, j), J.get(j, i), `J not symmetric at ${i},${j}`);
          const diag = i === j ? p[i] : 0;
          close(J.get(i, j), diag - p[i] * p[j], { rtol: 0, atol: 0 }, `J[${i},${j}]`);
        }
        close(row, 0, { rtol: 0, atol: 4e-16 * u.length }, `row ${i} sum`);
      }
      // column j of J is ∂p/∂uⱼ: one dual pass along eⱼ
      for (let j = 0; j < u.length; j++) {
        const dp = softmaxDual(u.map((v, i) => new Dual(v, i === j ? 1 : 0)));
        dp.forEach((pi, i) => close(pi.derivative, J.get(i, j), TWO_EVALS, `dual J[${i},${j}]`));
      }
    }),
    { seed: SEED + 5, numRuns: RUNS },
  );
});

Deno.test("property: softmax and log-sum-exp are shift invariant / equivariant", () => {
  fc.assert(
    fc.property(vector(-50, 50), fc.integer({ min: -500, max: 500 }), (u, c) => {
      const p = softmaxVector(u);
      const shifted = softmaxVector(u.map((x) => x + c));
      p.forEach((pi, i) => close(shifted[i], pi, { rtol: 1e-11, atol: 1e-300 }, `p${i}`));
      close(logSumExp(u.map((x) => x + c)), logSumExp(u) + c, { rtol: 1e-13, atol: 1e-12 }, "lse");
    }),
    { seed: SEED + 6, numRuns: RUNS },
  );
});

const batchArb = fc.record({ n: fc.integer({ min: 1, max: 6 }), N: fc.integer({ min: 1, max: 5 }) })
  .chain(({ n, N }) =>
    fc.record({
      Z: fc.array(finite(-20, 20), { minLength: n * N, maxLength: n * N }),
      labels: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: N, maxLength: N }),
      n: fc.constant(n),
      N: fc.constant(N),
    })
  );

Deno.test("property: the softmax-CE gradient is (p − y)/N, as dual numbers give", () => {
  fc.assert(
    fc.property(batchArb, ({ Z: values, labels, n, N }) => {
      const Z = new Matrix(n, N, Float64Array.from(values));
      const Y = oneHot(labels, n, "column");
      const G = softmaxCrossEntropyBatchGrad(Z, Y, "column");
      const P = softmax(Z, "column");
      for (let k = 0; k < N; k++) {
        const y = Array.from({ length: n }, (_, i) => Y.get(i, k));
        for (let j = 0; j < n; j++) {
          close(G.get(j, k), (P.get(j, k) - y[j]) / N, { rtol: 0, atol: 0 }, `G[${j},${k}]`);
          // ∂/∂Zⱼₖ of the batch-mean cost: only sample k depends on Zⱼₖ
          const u = Array.from({ length: n }, (_, i) => new Dual(Z.get(i, k), i === j ? 1 : 0));
          const d = softmaxCrossEntropyDual(u, y).derivative / N;
          close(d, G.get(j, k), TWO_EVALS, `dual ∂C/∂Z[${j},${k}]`);
        }
      }
      const C = softmaxCrossEntropy(Z, Y, "column");
      assert.ok(Number.isFinite(C) && C >= 0, `C = ${C}`);
    }),
    { seed: SEED + 7, numRuns: RUNS },
  );
});

// ---- networks --------------------------------------------------------------------------------

type Head = { output: ActivationName; cost: Cost };
const HEADS: Head[] = [
  { output: "softmax", cost: { kind: "cross_entropy" } },
  { output: "sigmoid", cost: { kind: "cross_entropy" } },
  { output: "softmax", cost: { kind: "quadratic", convention: "mean" } },
  { output: "sigmoid", cost: { kind: "quadratic", convention: "squared" } },
  { output: "identity", cost: { kind: "quadratic", convention: "half" } },
  { output: "tanh", cost: { kind: "quadratic", convention: "mean" } },
];

interface NetCase {
  net: Network;
  data: CostData;
}

/** Random column-layout networks: 1–3 layers of width 1–4, batch 1–4, every head, any hidden. */
const netCaseArb: fc.Arbitrary<NetCase> = fc.record({
  sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 2, maxLength: 4 }),
  N: fc.integer({ min: 1, max: 4 }),
  hidden: fc.constantFrom("sigmoid", "tanh", "relu", "identity") as fc.Arbitrary<
    "sigmoid" | "tanh" | "relu" | "identity"
  >,
  head: fc.constantFrom(...HEADS),
}).chain(({ sizes, N, hidden, head }) => {
  const counts = sizes.slice(1).map((n, l) => n * (sizes[l] + 1));
  const total = counts.reduce((a, b) => a + b, 0);
  const [d, nL] = [sizes[0], sizes[sizes.length - 1]];
  const y = head.cost.kind === "cross_entropy"
    ? fc.array(fc.integer({ min: 0, max: nL - 1 }), { minLength: N, maxLength: N })
      .map((labels) => oneHot(labels, nL, "column"))
    : fc.array(finite(0, 1), { minLength: nL * N, maxLength: nL * N })
      .map((v) => new Matrix(nL, N, Float64Array.from(v)));
  return fc.record({
    params: fc.array(finite(-2, 2), { minLength: total, maxLength: total }),
    x: fc.array(finite(-2, 2), { minLength: d * N, maxLength: d * N }),
    Y: y,
  }).map(({ params, x, Y }) => {
    let at = 0;
    const take = (r: number, c: number) =>
      new Matrix(r, c, Float64Array.from(params.slice(at, at += r * c)));
    const layers = sizes.slice(1).map((n, l) => ({
      W: take(n, sizes[l]),
      b: take(n, 1),
      activation: (l === sizes.length - 2 ? head.output : hidden) as ActivationName,
    }));
    const net: Network = { layout: "column", layers };
    return { net, data: { X: new Matrix(d, N, Float64Array.from(x)), Y, cost: head.cost } };
  });
});

function gradsOf({ net, data }: NetCase): Gradients {
  return backward(net, forward(net, data.X), data);
}

Deno.test("property: the δ recursion agrees with dual numbers", () => {
  fc.assert(
    fc.property(netCaseArb, (c) => {
      const g = gradsOf(c);
      dualDeltas(c.net, c.data).forEach((delta, l) => {
        assertMatrixClose(g.layers[l].delta, delta, `δ of layers[${l}]`);
      });
    }),
    { seed: SEED + 8, numRuns: NET_RUNS },
  );
});

Deno.test("property: dW = δ aᵀ/N and db = Σδ/N, as loops and dual numbers give", () => {
  fc.assert(
    fc.property(netCaseArb, (c) => {
      const g = gradsOf(c);
      const pass = forward(c.net, c.data.X);
      const N = c.data.X.cols;
      const dual = dualGradients(c.net, c.data);
      g.layers.forEach(({ delta, dW, db }, l) => {
        const aPrev = l === 0 ? c.data.X : pass.layers[l - 1].a;
        const loopW = new Matrix(dW.rows, dW.cols);
        const loopB = new Matrix(db.rows, 1);
        for (let i = 0; i < delta.rows; i++) {
          for (let k = 0; k < N; k++) {
            for (let j = 0; j < aPrev.rows; j++) {
              loopW.set(i, j, loopW.get(i, j) + delta.get(i, k) * aPrev.get(j, k) / N);
            }
            loopB.set(i, 0, loopB.get(i, 0) + delta.get(i, k) / N);
          }
        }
        assertMatrixClose(dW, loopW, `dW of layers[${l}] vs δaᵀ/N`);
        assertMatrixClose(db, loopB, `db of layers[${l}] vs Σδ/N`);
        assertMatrixClose(dW, dual.layers[l].dW, `dW of layers[${l}] vs dual`);
        assertMatrixClose(db, dual.layers[l].db, `db of layers[${l}] vs dual`);
      });
    }),
    { seed: SEED + 9, numRuns: NET_RUNS },
  );
});

Deno.test("property: the batch gradient is the mean of the per-sample gradients", () => {
  fc.assert(
    fc.property(netCaseArb, (c) => {
      const g = gradsOf(c);
      const N = c.data.X.cols;
      const sum = g.layers.map((l) => ({
        dW: new Matrix(l.dW.rows, l.dW.cols),
        db: new Matrix(l.db.rows, 1),
      }));
      for (let k = 0; k < N; k++) {
        const one = {
          X: sliceCols(c.data.X, k, k + 1),
          Y: sliceCols(c.data.Y, k, k + 1),
          cost: c.data.cost,
        };
        gradsOf({ net: c.net, data: one }).layers.forEach((l, i) => {
          l.dW.data.forEach((v, j) => (sum[i].dW.data[j] += v / N));
          l.db.data.forEach((v, j) => (sum[i].db.data[j] += v / N));
        });
      }
      g.layers.forEach((l, i) => {
        assertMatrixClose(l.dW, sum[i].dW, `dW of layers[${i}]`);
        assertMatrixClose(l.db, sum[i].db, `db of layers[${i}]`);
      });
    }),
    { seed: SEED + 10, numRuns: NET_RUNS },
  );
});

Deno.test("property: column and row layouts agree up to transposition; folding biases changes nothing", () => {
  fc.assert(
    fc.property(netCaseArb, (c) => {
      const rowNet = toLayout(c.net, "row");
      const rowData = { X: transpose(c.data.X), Y: transpose(c.data.Y), cost: c.data.cost };
      const colPass = forward(c.net, c.data.X);
      const rowPass = forwardRows(rowNet, rowData.X);
      const foldPass = forwardFolded(rowNet, rowData.X);
      colPass.layers.forEach((l, i) => {
        for (const key of ["z", "a"] as const) {
          assertMatrixClose(transpose(rowPass.layers[i][key]), l[key], `${key} of layers[${i}]`);
          assertMatrixClose(foldPass.layers[i][key], rowPass.layers[i][key], `folded ${key}`);
        }
      });
      const col = backward(c.net, colPass, c.data);
      const row = backwardRows(rowNet, rowPass, rowData);
      const folded = backwardFolded(rowNet, foldPass, rowData);
      col.layers.forEach((l, i) => {
        for (const key of ["delta", "dW", "db"] as const) {
          assertMatrixClose(transpose(row.layers[i][key]), l[key], `${key} of layers[${i}]`);
          assertMatrixClose(
            folded.layers[i][key],
            row.layers[i][key],
            `folded ${key} of layers[${i}]`,
          );
        }
      });
    }),
    { seed: SEED + 11, numRuns: NET_RUNS },
  );
});
