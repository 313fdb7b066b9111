/**
 * Unit tests for src/reference/network.ts (column layout): the [2,2,1] example of "Backpropagation notes" §5
 * recomputed by hand, backward gradients against central differences of the cost, the shapes of the
 * 784-128-64-10 network of "Part 2", validation errors, initialisation and the gradient step.
 */
import assert from "node:assert";
import {
  type ActivationName,
  softmaxJacobian,
  softmaxVector,
} from "../../src/reference/activations.ts";
import { type Cost, oneHot } from "../../src/reference/costs.ts";
import { matmul, Matrix, sub } from "../../src/reference/matrix.ts";
import {
  backward,
  costOf,
  elementwise,
  forward,
  type ForwardPass,
  type Gradients,
  initNetwork,
  type Layer,
  type Network,
  output,
  outputDelta,
  sgdStep,
  validateNetwork,
} from "../../src/reference/network.ts";
import { toLayout } from "../../src/reference/row_network.ts";
import { createRng } from "../../src/reference/random.ts";
import {
  assertMatricesClose,
  centralDifferenceGradients,
  part2Network,
  randomMatrix,
  withRandomBiases,
} from "../testdata/helpers.ts";

/** σ written out directly, to recompute the document's example independently of src/. */
const s = (z: number) => 1 / (1 + Math.exp(-z));
const sp = (z: number) => s(z) * (1 - s(z));

/** "Backpropagation notes" §5: [2, 2, 1], sigmoid everywhere, C = ½(a − y)². */
function exampleNetwork(): Network {
  return {
    layout: "column",
    layers: [
      {
        W: Matrix.from([[0.1, 0.3], [0.2, 0.4]]),
        b: Matrix.column([0.1, -0.1]),
        activation: "sigmoid",
      },
      { W: Matrix.from([[0.7, -1.2]]), b: Matrix.column([0.05]), activation: "sigmoid" },
    ],
  };
}

/** The example by hand: z¹ = W¹x + b¹, a¹ = σ(z¹), z² = W²a¹ + b², a² = σ(z²), then the δ recursion. */
function exampleByHand() {
  const x = [1.0, 0.5];
  const y = 0.8;
  const z1 = [0.1 * x[0] + 0.3 * x[1] + 0.1, 0.2 * x[0] + 0.4 * x[1] - 0.1];
  const a1 = z1.map(s);
  const z2 = 0.7 * a1[0] - 1.2 * a1[1] + 0.05;
  const a2 = s(z2);
  const delta2 = (a2 - y) * sp(z2); // ∂C/∂a² = a² − y for C = ½(a − y)²
  const delta1 = [0.7 * delta2 * sp(z1[0]), -1.2 * delta2 * sp(z1[1])];
  return {
    x,
    y,
    z1,
    a1,
    z2,
    a2,
    cost: 0.5 * (a2 - y) ** 2,
    delta2,
    delta1,
    dW2: [[delta2 * a1[0], delta2 * a1[1]]],
    dW1: [[delta1[0] * x[0], delta1[0] * x[1]], [delta1[1] * x[0], delta1[1] * x[1]]],
  };
}

Deno.test('forward() and backward() reproduce "Backpropagation notes" §5', async (t) => {
  const net = exampleNetwork();
  const h = exampleByHand();
  const X = Matrix.column(h.x);
  const Y = Matrix.column([h.y]);
  const cost: Cost = { kind: "quadratic", convention: "half" };
  const pass = forward(net, X);
  const grads = backward(net, pass, { Y, cost });
  // The hand values use 1/(1 + e^−z) and σ(1 − σ) where src/ uses other, equally exact forms:
  // the two agree to a few ulps, so rtol 1e−14 (about 50 ulps) with no atol.
  const tol = { rtol: 1e-14, atol: 0 };

  await t.step("forward() z¹ and a¹ of the hidden layer", () => {
    assertMatricesClose(pass.layers[0].z, Matrix.column(h.z1), tol, "z1");
    assertMatricesClose(pass.layers[0].a, Matrix.column(h.a1), tol, "a1");
  });

  await t.step("forward() z² and a² of the output layer", () => {
    assertMatricesClose(pass.layers[1].z, Matrix.from([[h.z2]]), tol, "z2");
    assertMatricesClose(output(pass), Matrix.from([[h.a2]]), tol, "a2");
    assert.strictEqual(pass.input, X);
  });

  await t.step("costOf() is ½(a² − y)²", () => {
    const c = costOf(pass, Y, { cost, activation: "sigmoid", layout: "column" });
    assert.ok(Math.abs(c - h.cost) <= 1e-14 * h.cost, `C = ${c}, expected ${h.cost}`);
  });

  await t.step("backward() δ² and δ¹", () => {
    assertMatricesClose(grads.layers[1].delta, Matrix.from([[h.delta2]]), tol, "delta2");
    assertMatricesClose(grads.layers[0].delta, Matrix.column(h.delta1), tol, "delta1");
  });

  await t.step("backward() ∂C/∂W and ∂C/∂b of both layers", () => {
    assertMatricesClose(grads.layers[1].dW, Matrix.from(h.dW2), tol, "dW2");
    assertMatricesClose(grads.layers[1].db, Matrix.from([[h.delta2]]), tol, "db2");
    assertMatricesClose(grads.layers[0].dW, Matrix.from(h.dW1), tol, "dW1");
    assertMatricesClose(grads.layers[0].db, Matrix.column(h.delta1), tol, "db1");
  });

  await t.step("the results agree with the document's four-decimal table", () => {
    // The document rounds to four decimals and carries rounded intermediates, so its last digit can
    // be off by one: allow 1e−4 absolute. This guards the transcription, not the arithmetic.
    const doc = { rtol: 0, atol: 1e-4 };
    assertMatricesClose(pass.layers[0].a, Matrix.column([0.5866, 0.5744]), doc, "a1 vs document");
    assertMatricesClose(pass.layers[1].z, Matrix.from([[-0.2287]]), doc, "z2 vs document");
    assertMatricesClose(output(pass), Matrix.from([[0.4431]]), doc, "a2 vs document");
    assertMatricesClose(grads.layers[1].delta, Matrix.from([[-0.0880]]), doc, "delta2 vs document");
    assertMatricesClose(
      grads.layers[0].delta,
      Matrix.column([-0.0149, 0.0258]),
      doc,
      "delta1 vs document",
    );
    assertMatricesClose(
      grads.layers[1].dW,
      Matrix.from([[-0.0516, -0.0505]]),
      doc,
      "dW2 vs document",
    );
    assertMatricesClose(
      grads.layers[0].dW,
      Matrix.from([[-0.0149, -0.0075], [0.0258, 0.0129]]),
      doc,
      "dW1 vs document",
    );
  });
});

/** Central differences of the batch-mean cost with respect to every weight and bias. */
function numericGradients(net: Network, X: Matrix, Y: Matrix, cost: Cost): Matrix[][] {
  const activation = net.layers[net.layers.length - 1].activation;
  const C = (n: Network) => costOf(forward(n, X), Y, { cost, activation, layout: "column" });
  return centralDifferenceGradients(net, C);
}

/** Targets that suit the cost: one-hot for cross-entropy, values in [0, 1] for a quadratic. */
function targetsFor(cost: Cost, classes: number, N: number, seed: number): Matrix {
  if (cost.kind === "cross_entropy") {
    const rng = createRng(seed);
    return oneHot(Array.from({ length: N }, () => rng.int(classes)), classes, "column");
  }
  return randomMatrix(classes, N, seed, 0, 1);
}

/** Smallest |z| over layers using ReLU, so a test can check no z sits within reach of the kink. */
function minAbsReluZ(net: Network, pass: ForwardPass): number {
  let m = Infinity;
  net.layers.forEach((layer, l) => {
    if (layer.activation !== "relu") return;
    for (const z of pass.layers[l].z.data) m = Math.min(m, Math.abs(z));
  });
  return m;
}

const OUTPUTS: [ActivationName, Cost][] = [
  ["softmax", { kind: "cross_entropy" }],
  ["sigmoid", { kind: "cross_entropy" }],
  ["softmax", { kind: "quadratic", convention: "squared" }],
  ["softmax", { kind: "quadratic", convention: "mean" }],
  ["sigmoid", { kind: "quadratic", convention: "squared" }],
  ["tanh", { kind: "quadratic", convention: "half" }],
  ["identity", { kind: "quadratic", convention: "mean" }],
  ["relu", { kind: "quadratic", convention: "half" }],
];

const costName = (c: Cost) => (c.kind === "quadratic" ? `quadratic ${c.convention}` : c.kind);

Deno.test("backward() matches central differences of costOf()", async (t) => {
  let seed = 100;
  for (const hidden of ["sigmoid", "tanh", "relu"] as const) {
    for (const [out, cost] of OUTPUTS) {
      seed++;
      await t.step(`backward() with ${hidden} hidden, ${out} output, ${costName(cost)}`, () => {
        const net = withRandomBiases(
          initNetwork({ sizes: [3, 5, 4, 3], hidden, output: out, seed }),
          seed,
        );
        const X = randomMatrix(3, 4, seed + 1000, -2, 2);
        const Y = targetsFor(cost, 3, 4, seed + 2000);
        const pass = forward(net, X);
        // Perturbations of 1e−6 move z by about 1e−5 at most; a ReLU kink closer than that would make
        // the central difference meaningless.
        assert.ok(minAbsReluZ(net, pass) > 1e-4, `a ReLU z is ${minAbsReluZ(net, pass)} from 0`);
        const grads = backward(net, pass, { Y, cost });
        const numeric = numericGradients(net, X, Y, cost);
        // Central differences err by O(h²) ≈ 1e−12 in truncation and O(ε·C/h) ≈ 1e−10 in rounding.
        const tol = { rtol: 1e-6, atol: 1e-8 };
        grads.layers.forEach((g, l) => {
          assertMatricesClose(g.dW, numeric[l][0], tol, `layers[${l}].dW`);
          assertMatricesClose(g.db, numeric[l][1], tol, `layers[${l}].db`);
        });
      });
    }
  }
});

Deno.test("backward() carries δ, ∂C/∂W and ∂C/∂b in the documents' shapes", async (t) => {
  await t.step(
    '784-128-64-10 ReLU/softmax network of "Part 2" has gradients shaped like W and b',
    () => {
      const net = part2Network();
      const X = randomMatrix(784, 3, 2, 0, 1);
      const Y = oneHot([3, 1, 4], 10, "column");
      const pass = forward(net, X);
      assert.deepStrictEqual(pass.layers.map((p) => p.z.shape), [[128, 3], [64, 3], [10, 3]]);
      assert.deepStrictEqual(pass.layers.map((p) => p.a.shape), [[128, 3], [64, 3], [10, 3]]);
      const grads = backward(net, pass, { Y, cost: { kind: "cross_entropy" } });
      assert.deepStrictEqual(grads.layers.map((g) => g.delta.shape), [[128, 3], [64, 3], [10, 3]]);
      assert.deepStrictEqual(grads.layers.map((g) => g.dW.shape), [[128, 784], [64, 128], [
        10,
        64,
      ]]);
      assert.deepStrictEqual(grads.layers.map((g) => g.db.shape), [[128, 1], [64, 1], [10, 1]]);
      for (let k = 0; k < 3; k++) {
        let sum = 0;
        for (let i = 0; i < 10; i++) sum += output(pass).get(i, k);
        assert.ok(Math.abs(sum - 1) < 1e-15, `softmax column ${k} sums to ${sum}`);
      }
    },
  );

  await t.step("backward() δᴸ for softmax with cross-entropy is a − y", () => {
    const net = initNetwork({ sizes: [4, 3], hidden: "relu", output: "softmax", seed: 5 });
    const pass = forward(net, randomMatrix(4, 2, 6));
    const Y = oneHot([2, 0], 3, "column");
    const g = backward(net, pass, { Y, cost: { kind: "cross_entropy" } });
    assert.deepStrictEqual(g.layers[0].delta.toArrays(), sub(output(pass), Y).toArrays());
  });

  await t.step("backward() ∂C/∂W and ∂C/∂b are the batch means of the per-sample ones", () => {
    const net = initNetwork({ sizes: [2, 3, 2], hidden: "tanh", output: "sigmoid", seed: 7 });
    const X = randomMatrix(2, 3, 8);
    const Y = randomMatrix(2, 3, 9, 0, 1);
    const cost: Cost = { kind: "quadratic", convention: "squared" };
    const batch = backward(net, forward(net, X), { Y, cost });
    const col = (M: Matrix, k: number) => Matrix.column(M.toArrays().map((r) => r[k]));
    const single = [0, 1, 2].map((k) =>
      backward(net, forward(net, col(X, k)), { Y: col(Y, k), cost })
    );
    for (let l = 0; l < 2; l++) {
      for (const key of ["dW", "db"] as const) {
        const mean = single[0].layers[l][key].clone();
        for (let i = 0; i < mean.data.length; i++) {
          mean.data[i] = (single[0].layers[l][key].data[i] + single[1].layers[l][key].data[i] +
            single[2].layers[l][key].data[i]) / 3;
        }
        assertMatricesClose(
          batch.layers[l][key],
          mean,
          { rtol: 1e-13, atol: 1e-17 },
          `layers[${l}].${key}`,
        );
      }
    }
  });

  await t.step("backward() leaves the network and the pass unchanged", () => {
    const net = initNetwork({ sizes: [2, 2], hidden: "relu", output: "sigmoid", seed: 3 });
    const before = net.layers.map((l) => [l.W.toArrays(), l.b.toArrays()]);
    const pass = forward(net, Matrix.column([1, -1]));
    const a = output(pass).toArrays();
    backward(net, pass, {
      Y: Matrix.column([1, 0]),
      cost: { kind: "quadratic", convention: "half" },
    });
    assert.deepStrictEqual(net.layers.map((l) => [l.W.toArrays(), l.b.toArrays()]), before);
    assert.deepStrictEqual(output(pass).toArrays(), a);
  });
});

Deno.test("outputDelta() is ∂C₀/∂zᴸ per sample", async (t) => {
  const Z = Matrix.from([[0.5, -1], [2, 0], [-0.3, 1]]);
  const P = Matrix.from([softmaxVector([0.5, 2, -0.3]), softmaxVector([-1, 0, 1])]);
  const A = Matrix.from([[P.get(0, 0), P.get(1, 0)], [P.get(0, 1), P.get(1, 1)], [
    P.get(0, 2),
    P.get(1, 2),
  ]]);
  const Y = Matrix.from([[1, 0], [0, 0.5], [0, 0.5]]);

  await t.step(
    "outputDelta() for softmax with a quadratic multiplies by the softmax Jacobian",
    () => {
      const cost: Cost = { kind: "quadratic", convention: "squared" };
      const d = outputDelta({ z: Z, a: A }, Y, { cost, activation: "softmax", layout: "column" });
      for (let k = 0; k < 2; k++) {
        const p = [A.get(0, k), A.get(1, k), A.get(2, k)];
        const g = Matrix.column(p.map((pi, i) => 2 * (pi - Y.get(i, k))));
        const expected = matmul(softmaxJacobian(p), g);
        assertMatricesClose(Matrix.column([0, 1, 2].map((i) => d.get(i, k))), expected, {
          rtol: 1e-14,
          atol: 1e-17,
        }, `δ[:,${k}]`);
      }
    },
  );

  await t.step("outputDelta() for an elementwise activation is ∂C₀/∂a ⊙ f′(z)", () => {
    const cost: Cost = { kind: "quadratic", convention: "half" };
    const d = outputDelta({ z: Z, a: A }, Y, { cost, activation: "tanh", layout: "column" });
    for (let k = 0; k < Z.data.length; k++) {
      const c = Math.cosh(Z.data[k]);
      const expected = (A.data[k] - Y.data[k]) / (c * c);
      assert.ok(
        Math.abs(d.data[k] - expected) <= 1e-15 * Math.abs(expected),
        `δ[${k}] = ${d.data[k]}`,
      );
    }
  });
});

Deno.test("costOf() picks the cost of the output layer", async (t) => {
  await t.step("costOf() for softmax with cross-entropy uses the logits and stays finite", () => {
    // Logits 0 and −1000: softmax gives p = 0 for the target class, yet −log p = 1000 exactly.
    const net: Network = {
      layout: "column",
      layers: [{ W: Matrix.from([[0], [1000]]), b: Matrix.column([0, 0]), activation: "softmax" }],
    };
    const pass = forward(net, Matrix.column([-1]));
    assert.strictEqual(output(pass).get(1, 0), 0);
    const c = costOf(pass, Matrix.column([0, 1]), {
      cost: { kind: "cross_entropy" },
      activation: "softmax",
      layout: "column",
    });
    assert.strictEqual(c, 1000);
  });

  await t.step("costOf() for sigmoid with cross-entropy is −Σ y log a", () => {
    const net: Network = {
      layout: "column",
      layers: [{ W: Matrix.from([[0]]), b: Matrix.column([0]), activation: "sigmoid" }],
    };
    const pass = forward(net, Matrix.column([3]));
    const c = costOf(pass, Matrix.column([1]), {
      cost: { kind: "cross_entropy" },
      activation: "sigmoid",
      layout: "column",
    });
    assert.strictEqual(c, Math.LN2);
  });
});

Deno.test("validateNetwork() rejects networks that do not chain", async (t) => {
  const layer = (W: number[][], b: Matrix, activation: ActivationName = "sigmoid"): Layer => ({
    W: Matrix.from(W),
    b,
    activation,
  });

  await t.step("validateNetwork() accepts a network that chains", () => {
    const net = initNetwork({ sizes: [2, 3, 1], hidden: "tanh", output: "sigmoid", seed: 1 });
    validateNetwork(net);
    validateNetwork(net, 2);
    validateNetwork(toLayout(net, "row"), 2);
  });

  await t.step("validateNetwork() rejects an input of the wrong width", () => {
    const net = initNetwork({ sizes: [2, 3, 1], hidden: "tanh", output: "sigmoid", seed: 1 });
    assert.throws(() => validateNetwork(net, 5), {
      name: "TypeError",
      message: "Layer 0 W: has 2 columns (3×2) but x gives 5 inputs per sample",
    });
  });

  await t.step("validateNetwork() rejects a layer whose W does not fit the previous width", () => {
    const net: Network = {
      layout: "column",
      layers: [
        layer([[1, 2], [3, 4], [5, 6]], Matrix.column([0, 0, 0])),
        layer([[1, 2, 3, 4]], Matrix.column([0])),
      ],
    };
    assert.throws(() => validateNetwork(net), {
      name: "TypeError",
      message: "Layer 1 W: has 4 columns (1×4) but layer 0 gives 3 inputs per sample",
    });
  });

  await t.step("validateNetwork() rejects b of the wrong shape for the layout", () => {
    const col: Network = {
      layout: "column",
      layers: [layer([[1, 2], [3, 4], [5, 6]], Matrix.from([[0, 0, 0]]))],
    };
    assert.throws(() => validateNetwork(col), {
      name: "TypeError",
      message: "Layer 0 b: expected 3×1 for a W of 3×2, got 1×3",
    });
    const row: Network = {
      layout: "row",
      layers: [layer([[1, 2, 3], [4, 5, 6]], Matrix.column([0, 0, 0]))],
    };
    assert.throws(() => validateNetwork(row), {
      name: "TypeError",
      message: "Layer 0 b: expected 1×3 for a W of 2×3, got 3×1",
    });
  });

  await t.step("validateNetwork() rejects softmax in a hidden layer", () => {
    const net: Network = {
      layout: "column",
      layers: [
        layer([[1, 2], [3, 4]], Matrix.column([0, 0]), "softmax"),
        layer([[1, 2]], Matrix.column([0]), "sigmoid"),
      ],
    };
    assert.throws(() => validateNetwork(net), {
      name: "RangeError",
      message: "Layer 0 activation: softmax is allowed in the last layer only",
    });
    assert.throws(() => forward(net, Matrix.column([1, 1])), {
      name: "RangeError",
      message: "Layer 0 activation: softmax is allowed in the last layer only",
    });
  });

  await t.step("elementwise() refuses softmax and passes the others", () => {
    assert.throws(() => elementwise("softmax"), {
      name: "RangeError",
      message: "Softmax is allowed in the last layer only",
    });
    assert.strictEqual(elementwise("relu"), "relu");
  });

  await t.step("forward() and backward() reject a row-layout network", () => {
    const net = initNetwork({
      sizes: [2, 1],
      hidden: "tanh",
      output: "sigmoid",
      seed: 1,
      layout: "row",
    });
    const message = "Expected a column-layout network, got a row-layout one";
    assert.throws(() => forward(net, Matrix.column([1, 2])), { name: "TypeError", message });
    const pass: ForwardPass = {
      input: Matrix.column([1, 2]),
      layers: [{ z: new Matrix(1, 1), a: new Matrix(1, 1) }],
    };
    assert.throws(
      () => backward(net, pass, { Y: new Matrix(1, 1), cost: { kind: "cross_entropy" } }),
      {
        name: "TypeError",
        message,
      },
    );
  });

  await t.step("forward() validates the input width against W¹", () => {
    const net = initNetwork({ sizes: [3, 2], hidden: "tanh", output: "sigmoid", seed: 1 });
    assert.throws(() => forward(net, Matrix.column([1, 2])), {
      name: "TypeError",
      message: "Layer 0 W: has 3 columns (2×3) but x gives 2 inputs per sample",
    });
  });
});

Deno.test("initNetwork() draws seeded He or Glorot weights and zero biases", async (t) => {
  await t.step("initNetwork() is deterministic per seed", () => {
    const a = initNetwork({ sizes: [5, 4, 3], hidden: "relu", output: "softmax", seed: 42 });
    const b = initNetwork({ sizes: [5, 4, 3], hidden: "relu", output: "softmax", seed: 42 });
    const c = initNetwork({ sizes: [5, 4, 3], hidden: "relu", output: "softmax", seed: 43 });
    assert.deepStrictEqual(a.layers.map((l) => l.W.data), b.layers.map((l) => l.W.data));
    assert.notDeepStrictEqual(a.layers[0].W.data, c.layers[0].W.data);
  });

  await t.step("initNetwork() shapes, activations and zero biases", () => {
    const net = initNetwork({ sizes: [6, 4, 2], hidden: "tanh", output: "identity", seed: 1 });
    assert.strictEqual(net.layout, "column");
    assert.deepStrictEqual(net.layers.map((l) => l.W.shape), [[4, 6], [2, 4]]);
    assert.deepStrictEqual(net.layers.map((l) => l.b.shape), [[4, 1], [2, 1]]);
    assert.deepStrictEqual(net.layers.map((l) => l.activation), ["tanh", "identity"]);
    assert.ok(net.layers.every((l) => l.b.data.every((x) => Object.is(x, 0))));
    const row = initNetwork({
      sizes: [6, 4, 2],
      hidden: "tanh",
      output: "identity",
      seed: 1,
      layout: "row",
    });
    assert.deepStrictEqual(row.layers.map((l) => [l.W.shape, l.b.shape]), [[[6, 4], [1, 4]], [[
      4,
      2,
    ], [1, 2]]]);
  });

  await t.step(
    "initNetwork() uses std √(2/n_{l−1}) before ReLU and √(2/(n_{l−1}+n_l)) otherwise",
    () => {
      const std = (m: Matrix) => Math.sqrt(m.data.reduce((a, x) => a + x * x, 0) / m.data.length);
      const relu = initNetwork({
        sizes: [784, 128, 10],
        hidden: "relu",
        output: "softmax",
        seed: 3,
      });
      const sig = initNetwork({
        sizes: [784, 128, 10],
        hidden: "sigmoid",
        output: "softmax",
        seed: 3,
      });
      // 100352 draws: the sample std has a relative standard error 1/√(2n) ≈ 0.22%; allow 2%.
      const he = Math.sqrt(2 / 784);
      const glorot = Math.sqrt(2 / (784 + 128));
      assert.ok(Math.abs(std(relu.layers[0].W) / he - 1) < 0.02, `He std ${std(relu.layers[0].W)}`);
      assert.ok(
        Math.abs(std(sig.layers[0].W) / glorot - 1) < 0.02,
        `Glorot std ${std(sig.layers[0].W)}`,
      );
    },
  );

  await t.step("initNetwork() rejects sizes that make no network", () => {
    for (
      const [sizes, shown] of [[[3], "[3]"], [[3, 0], "[3, 0]"], [[2, 1.5], "[2, 1.5]"], [
        [],
        "[]",
      ]] as const
    ) {
      assert.throws(() => initNetwork({ sizes, hidden: "relu", output: "softmax", seed: 1 }), {
        name: "RangeError",
        message: `Cannot build a network of sizes ${shown}`,
      });
    }
  });
});

Deno.test("sgdStep() moves against the gradient", async (t) => {
  await t.step("sgdStep() is W − η ∂C/∂W and b − η ∂C/∂b", () => {
    const net: Network = {
      layout: "column",
      layers: [{
        W: Matrix.from([[1, 2], [3, 4]]),
        b: Matrix.column([0.5, -0.5]),
        activation: "relu",
      }],
    };
    const grads: Gradients = {
      layers: [{
        delta: new Matrix(2, 1),
        dW: Matrix.from([[0.5, -1], [0, 2]]),
        db: Matrix.column([1, -2]),
      }],
    };
    const next = sgdStep(net, grads, 0.1);
    assert.deepStrictEqual(next.layers[0].W.toArrays(), [[1 - 0.1 * 0.5, 2 + 0.1 * 1], [
      3,
      4 - 0.1 * 2,
    ]]);
    assert.deepStrictEqual(next.layers[0].b.toArrays(), [[0.5 - 0.1], [-0.5 + 0.1 * 2]]);
    assert.strictEqual(next.layers[0].activation, "relu");
    assert.strictEqual(next.layout, "column");
    assert.deepStrictEqual(net.layers[0].W.toArrays(), [[1, 2], [3, 4]]);
    assert.deepStrictEqual(net.layers[0].b.toArrays(), [[0.5], [-0.5]]);
  });

  await t.step("sgdStep() with a small rate lowers the cost", () => {
    const net = initNetwork({ sizes: [4, 6, 3], hidden: "tanh", output: "softmax", seed: 21 });
    const X = randomMatrix(4, 8, 22, -2, 2);
    const Y = oneHot([0, 1, 2, 0, 1, 2, 0, 1], 3, "column");
    const cost: Cost = { kind: "cross_entropy" };
    const options = { cost, activation: "softmax" as const, layout: "column" as const };
    let current = net;
    let before = costOf(forward(current, X), Y, options);
    for (let step = 0; step < 5; step++) {
      const pass = forward(current, X);
      current = sgdStep(current, backward(current, pass, { Y, cost }), 0.1);
      const after = costOf(forward(current, X), Y, options);
      assert.ok(after < before, `step ${step}: cost ${before} → ${after}`);
      before = after;
    }
  });
});
