/**
 * Unit tests for src/gradients/dual.ts: each dual operation's derivative against its rule and against the
 * closed forms of src/reference/activations.ts at ordinary and extreme arguments (no overflow, no NaN), the
 * dual forward pass against the reference forward passes in both layouts, and linearity of the
 * directional derivative.
 */
import assert from "node:assert";
import {
  activateDual,
  crossEntropyDual,
  derivative,
  Dual,
  dualCost,
  dualDeltas,
  dualForward,
  dualGradients,
  logSumExpDual,
  quadraticDual,
  softmaxCrossEntropyDual,
  softmaxDual,
  unitDirection,
} from "../../src/gradients/dual.ts";
import {
  logSumExp,
  sigmoid,
  sigmoidPrime,
  softmaxJacobian,
  softmaxVector,
  tanhPrime,
} from "../../src/reference/activations.ts";
import { compareMatrices, describeMismatch, isClose } from "../../src/spec/compare.ts";
import { Matrix } from "../../src/reference/matrix.ts";
import { forward, initNetwork, type Network } from "../../src/reference/network.ts";
import { forwardRows } from "../../src/reference/row_network.ts";
import { oneHot } from "../../src/reference/costs.ts";
import { createRng } from "../../src/reference/random.ts";

/** closed_form class: both sides are float64 evaluations of the same closed form. */
const CLOSED = { rtol: 1e-12, atol: 1e-14 };

function close(got: number, expected: number, what: string, tol = CLOSED): void {
  assert.ok(isClose(got, expected, tol), `${what}: expected ${expected}, got ${got}`);
}

Deno.test("Dual arithmetic follows the sum, product and quotient rules", async (t) => {
  const x = new Dual(3, 1);
  const c = new Dual(2, 0);
  await t.step("add, sub, neg", () => {
    assert.deepStrictEqual([x.add(c).value, x.add(c).derivative], [5, 1]);
    assert.deepStrictEqual([x.sub(5).value, x.sub(5).derivative], [-2, 1]);
    assert.deepStrictEqual([c.sub(x).value, c.sub(x).derivative], [-1, -1]);
    assert.deepStrictEqual([x.neg().value, x.neg().derivative], [-3, -1]);
  });
  await t.step("mul: (x²)′ = 2x, (cx)′ = c", () => {
    assert.deepStrictEqual([x.mul(x).value, x.mul(x).derivative], [9, 6]);
    assert.strictEqual(x.mul(c).derivative, 2);
    assert.strictEqual(x.mul(7).derivative, 7);
  });
  await t.step("div: (1/x)′ = −1/x², (x/c)′ = 1/c", () => {
    close(new Dual(1).div(x).derivative, -1 / 9, "(1/x)′");
    assert.strictEqual(x.div(c).derivative, 0.5);
  });
  await t.step("exp and log: (eˣ)′ = eˣ, (log x)′ = 1/x", () => {
    assert.strictEqual(x.exp().derivative, Math.exp(3));
    assert.strictEqual(x.log().derivative, 1 / 3);
  });
  await t.step("the chain rule composes: (x·e^(x²))′ = e^(x²)(1 + 2x²)", () => {
    for (const v of [-1.5, 0, 0.3, 2]) {
      const d = derivative((z) => z.mul(z.mul(z).exp()), v);
      close(d, Math.exp(v * v) * (1 + 2 * v * v), `at ${v}`);
    }
  });
  await t.step("a constant has derivative 0", () => {
    assert.strictEqual(new Dual(4).derivative, 0);
    assert.strictEqual(derivative(() => new Dual(4), 1), 0);
  });
});

Deno.test("Dual activations agree with the closed forms and stay finite", async (t) => {
  const zs = [-1000, -40, -5, -1, -1e-9, 0, 1e-9, 0.5, 3, 40, 1000];
  await t.step("sigmoid: value equals sigmoid() and derivative equals σ(z)σ(−z)", () => {
    for (const z of zs) {
      const d = new Dual(z, 1).sigmoid();
      close(d.value, sigmoid(z), `σ(${z})`);
      close(d.derivative, sigmoidPrime(z), `σ′(${z})`);
      assert.ok(Number.isFinite(d.derivative), `σ′(${z}) = ${d.derivative}`);
    }
  });
  await t.step("sigmoid: σ′(±40) keeps its relative precision (1 − σ would round to 0)", () => {
    assert.ok(new Dual(40, 1).sigmoid().derivative > 0);
    assert.ok(new Dual(-40, 1).sigmoid().derivative > 0);
  });
  await t.step("tanh: derivative equals 1/cosh² including |z| = 20 where 1 − tanh² is 0", () => {
    for (const z of [...zs, 20, -20]) {
      const d = new Dual(z, 1).tanh();
      assert.strictEqual(d.value, Math.tanh(z));
      close(d.derivative, tanhPrime(z), `tanh′(${z})`);
    }
    assert.strictEqual(1 - Math.tanh(20) ** 2, 0);
    assert.ok(new Dual(20, 1).tanh().derivative > 0);
  });
  await t.step("relu: derivative 1 for z > 0, 0 for z ≤ 0 (0 at exactly 0)", () => {
    assert.strictEqual(new Dual(0, 1).relu().derivative, 0);
    assert.strictEqual(new Dual(-0, 1).relu().derivative, 0);
    assert.strictEqual(new Dual(1e-300, 1).relu().derivative, 1);
    assert.strictEqual(new Dual(-3, 1).relu().value, 0);
    assert.strictEqual(new Dual(2, 5).relu().derivative, 5);
  });
  await t.step("activateDual() dispatches by name and refuses softmax", () => {
    assert.strictEqual(activateDual(new Dual(2, 1), "identity").derivative, 1);
    assert.strictEqual(activateDual(new Dual(0, 1), "tanh").derivative, 1);
    assert.throws(() => activateDual(new Dual(0, 1), "softmax"), {
      name: "RangeError",
      message: 'Activation "softmax" is not elementwise',
    });
  });
});

Deno.test("Dual softmax, log-sum-exp and costs", async (t) => {
  const u = [0.3, -1.2, 2.5, 0.0];
  await t.step("softmaxDual derivative along eⱼ is column j of diag(p) − ppᵀ", () => {
    const p = softmaxVector(u);
    const J = softmaxJacobian(p);
    for (let j = 0; j < u.length; j++) {
      const out = softmaxDual(u.map((v, i) => new Dual(v, i === j ? 1 : 0)));
      out.forEach((pi, i) => {
        close(pi.value, p[i], `p${i}`);
        close(pi.derivative, J.get(i, j), `J[${i},${j}]`);
      });
    }
  });
  await t.step("huge logits: no overflow in softmax or log-sum-exp", () => {
    const big = [1000, 999, -1000].map((v, i) => new Dual(v, i === 0 ? 1 : 0));
    const p = softmaxDual(big);
    assert.ok(p.every((x) => Number.isFinite(x.value) && Number.isFinite(x.derivative)));
    const lse = logSumExpDual(big);
    close(lse.value, logSumExp([1000, 999, -1000]), "lse");
    close(lse.derivative, p[0].value, "∂lse/∂u₀ = p₀");
  });
  await t.step("softmax-CE: ∂C₀/∂u = p − y", () => {
    const y = [0, 0, 1, 0];
    const p = softmaxVector(u);
    for (let j = 0; j < u.length; j++) {
      const c = softmaxCrossEntropyDual(u.map((v, i) => new Dual(v, i === j ? 1 : 0)), y);
      close(c.value, logSumExp(u) - u[2], "C₀");
      close(c.derivative, p[j] - y[j], `∂C₀/∂u${j}`);
    }
  });
  await t.step("cross-entropy of probabilities: ∂C₀/∂pᵢ = −yᵢ/pᵢ", () => {
    const c = crossEntropyDual([new Dual(0.25, 1), new Dual(0.75)], [1, 0]);
    assert.strictEqual(c.value, Math.log(4));
    assert.strictEqual(c.derivative, -4);
  });
  await t.step("quadratic conventions: 2(a − y), (a − y), (2/n)(a − y)", () => {
    const a = [new Dual(0.5, 1), new Dual(2)];
    const y = [1, 1];
    assert.strictEqual(quadraticDual(a, y, "squared").derivative, -1);
    assert.strictEqual(quadraticDual(a, y, "half").derivative, -0.5);
    assert.strictEqual(quadraticDual(a, y, "mean").derivative, -0.5);
    assert.strictEqual(quadraticDual(a, y, "squared").value, 1.25);
    assert.strictEqual(quadraticDual(a, y, "mean").value, 0.625);
    // deno-lint-ignore no-explicit-any
    assert.throws(() => quadraticDual(a, y, "cubic" as any), {
      name: "RangeError",
      message: 'Unknown quadratic convention "cubic"',
    });
  });
});

function randomCase(net: Network, N: number, seed: number) {
  const rng = createRng(seed);
  const d = net.layout === "column" ? net.layers[0].W.cols : net.layers[0].W.rows;
  const last = net.layers[net.layers.length - 1].W;
  const nL = net.layout === "column" ? last.rows : last.cols;
  const X = net.layout === "column" ? new Matrix(d, N) : new Matrix(N, d);
  X.data.forEach((_, k) => (X.data[k] = rng.normal()));
  for (const l of net.layers) l.b.data.forEach((_, k) => (l.b.data[k] = 0.2 * rng.normal()));
  const labels = Array.from({ length: N }, () => rng.int(nL));
  return { X, Y: oneHot(labels, nL, net.layout), cost: { kind: "cross_entropy" } as const };
}

Deno.test("dualForward() reproduces the reference forward passes", async (t) => {
  for (const layout of ["column", "row"] as const) {
    await t.step(`${layout} layout: z and a agree to rounding, derivatives are 0`, () => {
      const net = initNetwork({
        sizes: [4, 5, 3, 3],
        hidden: "tanh",
        output: "softmax",
        seed: 9,
        layout,
      });
      const data = randomCase(net, 3, 1);
      const ref = layout === "column" ? forward(net, data.X) : forwardRows(net, data.X);
      dualForward(net, data.X).forEach((layer, l) => {
        for (const key of ["z", "a"] as const) {
          const c = compareMatrices(layer[key].value, ref.layers[l][key], CLOSED);
          assert.ok(c.ok, describeMismatch(c, `layers[${l}].${key}`));
          assert.ok(layer[key].derivative.data.every((v) => v === 0));
        }
      });
    });
  }
});

Deno.test("dualCost() directional derivatives", async (t) => {
  const net = initNetwork({ sizes: [3, 4, 2], hidden: "sigmoid", output: "softmax", seed: 5 });
  const data = randomCase(net, 4, 2);
  const g = dualGradients(net, data);

  await t.step("are linear: along a random direction equals Σ gradient·direction", () => {
    const rng = createRng(3);
    const dir = {
      layers: net.layers.map((l) => ({
        W: new Matrix(l.W.rows, l.W.cols, l.W.data.map(() => rng.normal())),
        b: new Matrix(l.b.rows, l.b.cols, l.b.data.map(() => rng.normal())),
      })),
    };
    let dot = 0;
    dir.layers.forEach((d, l) => {
      d.W.data.forEach((v, k) => (dot += v * g.layers[l].dW.data[k]));
      d.b.data.forEach((v, k) => (dot += v * g.layers[l].db.data[k]));
    });
    close(dualCost(net, data, dir).derivative, dot, "directional derivative", {
      rtol: 1e-12,
      atol: 1e-15,
    });
  });

  await t.step("along a unit direction picks one gradient entry", () => {
    const c = dualCost(net, data, unitDirection(net, "layers[1].dW[1,3]"));
    assert.strictEqual(c.derivative, g.layers[1].dW.get(1, 3));
  });

  await t.step("without a direction have derivative 0 and the value of the cost", () => {
    const c = dualCost(net, data);
    assert.strictEqual(c.derivative, 0);
    assert.ok(c.value > 0 && Number.isFinite(c.value));
  });

  await t.step("dualDeltas(): the last layer's δ is a − y for softmax-CE", () => {
    const [, deltaL] = dualDeltas(net, data);
    const a = forward(net, data.X).layers[1].a;
    deltaL.data.forEach((v, k) =>
      close(v, a.data[k] - data.Y.data[k], `δᴸ[${k}]`, {
        rtol: 1e-12,
        atol: 1e-15,
      })
    );
  });
});

Deno.test("unitDirection() names parameters by path and rejects bad ones", () => {
  const net = initNetwork({ sizes: [3, 2], hidden: "relu", output: "identity", seed: 1 });
  const d = unitDirection(net, "layers[0].dW[1,2]");
  assert.strictEqual(d.layers[0].W?.get(1, 2), 1);
  assert.strictEqual(d.layers[0].W?.data.reduce((s, v) => s + v, 0), 1);
  assert.strictEqual(d.layers[0].b, undefined);
  assert.throws(() => unitDirection(net, "layers[0].W[2,0]"), {
    name: "RangeError",
    message: 'Parameter path "layers[0].W[2,0]" is outside the network: W of layer 0 is 2×3',
  });
  assert.throws(() => unitDirection(net, "layers[3].db[0,0]"), {
    name: "RangeError",
    message: 'Parameter path "layers[3].db[0,0]" is outside the network: it has 1 layers',
  });
  assert.throws(() => unitDirection(net, "W[0,0]"), { name: "SyntaxError" });
});
