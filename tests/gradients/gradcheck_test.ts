/**
 * Unit tests for src/gradients/gradcheck.ts: the report's shape and order, the user's parameters left untouched,
 * deliberately wrong gradients (dW transposed, the 1/N missing, a sign flipped) flagged at the right
 * path, seeded sampling, and kinks (a ReLU pre-activation exactly 0, or crossing 0 within the step)
 * reported as "kink" rather than as false failures.
 */
import assert from "node:assert";
import {
  checkGradient,
  checkNetworkGradient,
  formatReport,
  type GradientReport,
} from "../../src/gradients/gradcheck.ts";
import { centralStep } from "../../src/gradients/finite_diff.ts";
import { Matrix, scale, transpose } from "../../src/reference/matrix.ts";
import { backward, forward, initNetwork, type Network } from "../../src/reference/network.ts";
import { backwardFolded, forwardFolded } from "../../src/reference/bias_fold.ts";
import { type Cost, oneHot } from "../../src/reference/costs.ts";
import { countParameters, type ParameterGroup } from "../../src/gradients/network_params.ts";
import { createRng } from "../../src/reference/random.ts";
import { part2Network } from "../testdata/helpers.ts";

/** f(w, B) = Σⱼ wⱼ³ + Σᵢⱼ Bᵢⱼ²·wⱼ: a function of a flat array and a matrix. */
function userFunction([w, B]: readonly ParameterGroup[]): number {
  const wv = w.values as Float64Array;
  const Bm = B.values as Matrix;
  let s = 0;
  for (const x of wv) s += x ** 3;
  for (let i = 0; i < Bm.rows; i++) {
    for (let j = 0; j < Bm.cols; j++) s += Bm.get(i, j) ** 2 * wv[j];
  }
  return s;
}

function userGradient(w: Float64Array, B: Matrix): [Float64Array, Matrix] {
  const dw = w.map((x, j) => {
    let col = 0;
    for (let i = 0; i < B.rows; i++) col += B.get(i, j) ** 2;
    return 3 * x * x + col;
  });
  const dB = new Matrix(B.rows, B.cols);
  for (let i = 0; i < B.rows; i++) {
    for (let j = 0; j < B.cols; j++) dB.set(i, j, 2 * B.get(i, j) * w[j]);
  }
  return [dw, dB];
}

Deno.test("checkGradient() on a user's own function", async (t) => {
  const w = new Float64Array([0.5, -1.25, 2]);
  const B = Matrix.from([[1, -2, 0.5], [0.25, 3, -1]]);
  const groups = [{ path: "w", values: w }, { path: "B", values: B }];
  const report = checkGradient(userFunction, groups, userGradient(w, B));

  await t.step("passes a correct gradient and names every entry", () => {
    assert.ok(report.ok, formatReport(report));
    assert.strictEqual(report.checked, 9);
    assert.strictEqual(report.total, 9);
    assert.strictEqual(report.failed, 0);
    assert.strictEqual(report.kinks, 0);
    assert.deepStrictEqual(
      report.entries.map((e) => e.path).sort(),
      ["B[0,0]", "B[0,1]", "B[0,2]", "B[1,0]", "B[1,1]", "B[1,2]", "w[0]", "w[1]", "w[2]"],
    );
  });

  await t.step(
    "each entry carries x, analytic, numeric, abs and rel error and its allowance",
    () => {
      const e = report.entries.find((x) => x.path === "B[1,1]")!;
      assert.strictEqual(e.x, 3);
      assert.strictEqual(e.analytic, 2 * 3 * -1.25);
      assert.ok(Math.abs(e.numeric - e.analytic) <= e.allowed);
      assert.strictEqual(e.absError, Math.abs(e.analytic - e.numeric));
      assert.strictEqual(e.relError, e.absError / Math.abs(e.numeric));
      assert.strictEqual(e.step, centralStep(3));
      assert.strictEqual(e.verdict, "pass");
    },
  );

  await t.step("states its tolerance, defaulting to the finite_difference class", () => {
    assert.deepStrictEqual(report.tolerance, { rtol: 1e-6, atol: 1e-9, fUlps: 16 });
    const strict = checkGradient(userFunction, groups, userGradient(w, B), { rtol: 1e-9, atol: 0 });
    assert.deepStrictEqual(strict.tolerance, { rtol: 1e-9, atol: 0, fUlps: 16 });
    assert.ok(strict.ok, formatReport(strict));
  });

  await t.step("leaves the caller's values untouched", () => {
    assert.deepStrictEqual(Array.from(w), [0.5, -1.25, 2]);
    assert.deepStrictEqual(B.toArrays(), [[1, -2, 0.5], [0.25, 3, -1]]);
  });

  await t.step("flags a wrong entry by path, worst first", () => {
    const [dw, dB] = userGradient(w, B);
    dB.set(1, 2, dB.get(1, 2) * 1.001); // off by 0.1 %
    dw[0] += 1; // off by far more
    const r = checkGradient(userFunction, groups, [dw, dB]);
    assert.ok(!r.ok);
    assert.strictEqual(r.failed, 2);
    assert.deepStrictEqual(r.entries.slice(0, 2).map((e) => [e.path, e.verdict]), [
      ["w[0]", "fail"],
      ["B[1,2]", "fail"],
    ]);
    assert.ok(r.entries.slice(2).every((e) => e.verdict === "pass"));
  });

  await t.step("rejects an analytic gradient of the wrong size, naming the group", () => {
    assert.throws(
      () => checkGradient(userFunction, groups, [w, new Matrix(3, 2)]),
      {
        name: "TypeError",
        message: "Cannot check the gradient of B: it has 2×3 but its analytic gradient has 3×2",
      },
    );
    assert.throws(() => checkGradient(userFunction, groups, [w]), {
      name: "TypeError",
      message: "Cannot check the gradient: 2 parameter groups but 1 analytic ones",
    });
  });
});

function batch(net: Network, N: number, seed: number, cost: Cost) {
  const rng = createRng(seed);
  const d = net.layers[0].W.cols;
  const nL = net.layers[net.layers.length - 1].W.rows;
  const X = new Matrix(d, N, new Float64Array(d * N).map(() => rng.normal()));
  for (const l of net.layers) l.b.data.forEach((_, k) => (l.b.data[k] = 0.1 * rng.normal()));
  const Y = cost.kind === "cross_entropy"
    ? oneHot(Array.from({ length: N }, () => rng.int(nL)), nL, "column")
    : new Matrix(nL, N, new Float64Array(nL * N).map(() => rng.next()));
  return { X, Y, cost };
}

Deno.test("checkNetworkGradient() catches deliberately wrong backpropagation", async (t) => {
  const ce: Cost = { kind: "cross_entropy" };
  const net = initNetwork({ sizes: [4, 4, 4, 3], hidden: "tanh", output: "softmax", seed: 21 });
  const data = batch(net, 5, 2, ce);
  const good = backward(net, forward(net, data.X), data);
  const bad = (l: number, change: (g: typeof good.layers[number]) => object) => ({
    layers: good.layers.map((g, i) => (i === l ? { ...g, ...change(g) } : g)),
  });

  await t.step("the reference gradient passes", () => {
    const r = checkNetworkGradient(net, data);
    assert.ok(r.ok, formatReport(r));
    assert.strictEqual(r.checked, countParameters(net));
  });

  await t.step("dW transposed in layer 1 fails there and only there", () => {
    const r = checkNetworkGradient(net, data, {
      analytic: bad(1, (g) => ({ dW: transpose(g.dW) })),
    });
    assert.ok(!r.ok);
    const failed = r.entries.filter((e) => e.verdict === "fail").map((e) => e.path);
    assert.ok(failed.length >= 10, formatReport(r));
    assert.ok(failed.every((p) => /^layers\[1\]\.dW\[(\d),(\d)\]$/.test(p)), failed.join(" "));
    // the diagonal of a transpose is unchanged, so it must pass
    assert.ok(failed.every((p) => p[12] !== p[14]), failed.join(" "));
    assert.match(r.entries[0].path, /^layers\[1\]\.dW/);
  });

  await t.step("the 1/N missing from dW of layer 0 fails every entry of it", () => {
    const r = checkNetworkGradient(net, data, {
      analytic: bad(0, (g) => ({ dW: scale(g.dW, data.X.cols) })),
    });
    const failed = r.entries.filter((e) => e.verdict === "fail").map((e) => e.path);
    assert.strictEqual(failed.length, 16, formatReport(r));
    assert.ok(failed.every((p) => p.startsWith("layers[0].dW[")));
    const worst = r.entries[0];
    assert.ok(Math.abs(worst.analytic / worst.numeric - 5) < 1e-6, formatReport(r, 1));
  });

  await t.step("a sign flipped in db of layer 2 fails at layers[2].db", () => {
    const r = checkNetworkGradient(net, data, {
      analytic: bad(2, (g) => ({ db: scale(g.db, -1) })),
    });
    const failed = r.entries.filter((e) => e.verdict === "fail").map((e) => e.path).sort();
    assert.deepStrictEqual(failed, ["layers[2].db[0,0]", "layers[2].db[1,0]", "layers[2].db[2,0]"]);
  });

  await t.step("the report's text names the worst entry with its errors", () => {
    const r = checkNetworkGradient(net, data, {
      analytic: bad(0, (g) => ({ dW: scale(g.dW, data.X.cols) })),
    });
    const text = formatReport(r, 2);
    assert.match(text, /^FAIL: 16 of 55 entries failed, 0 at a kink \(checked 55 of 55\); /);
    assert.match(text, /tolerance \|analytic − numeric\| ≤ 1e-9 \+ 0\.000001·\|numeric\|/);
    assert.match(
      text,
      /\n {2}fail layers\[0\]\.dW\[\d,\d\]: analytic \S+, numeric \S+, abs \S+, rel 4 \(outside tolerance\)/,
    );
    assert.match(text, /… 53 more$/);
  });

  await t.step("a user's row-layout bias-folded backward pass is checked too", () => {
    const row = initNetwork({
      sizes: [3, 4, 2],
      hidden: "sigmoid",
      output: "softmax",
      seed: 4,
      layout: "row",
    });
    const X = Matrix.from([[0.5, -1, 2], [1, 0, -0.5]]);
    const rowData = { X, Y: oneHot([1, 0], 2, "row"), cost: ce };
    const analytic = backwardFolded(row, forwardFolded(row, X), rowData);
    const r = checkNetworkGradient(row, rowData, { analytic, rtol: 1e-7, atol: 0 });
    assert.ok(r.ok, formatReport(r));
    assert.ok(r.entries.some((e) => e.path === "layers[0].dW[2,3]")); // W is 3×4 in row layout
  });
});

Deno.test("checkGradient() samples big networks reproducibly", async (t) => {
  const net = part2Network();
  const rng = createRng(5);
  const X = new Matrix(784, 3, new Float64Array(784 * 3).map(() => rng.next()));
  const data = { X, Y: oneHot([7, 2, 1], 10, "column"), cost: { kind: "cross_entropy" } as const };
  const paths = (r: GradientReport) => r.entries.map((e) => e.path).sort();
  const a = checkNetworkGradient(net, data, { sample: 30, seed: 11, rtol: 1e-7, atol: 0 });

  await t.step("checks the requested number of distinct entries out of all of them", () => {
    assert.ok(a.ok, formatReport(a));
    assert.strictEqual(a.checked, 30);
    assert.strictEqual(a.total, 109386);
    assert.strictEqual(a.seed, 11);
    assert.strictEqual(new Set(paths(a)).size, 30);
    assert.match(formatReport(a), /checked 30 of 109386, sample seed 11/);
  });

  await t.step("the same seed draws the same entries, another seed others", () => {
    const again = checkNetworkGradient(net, data, { sample: 30, seed: 11 });
    const other = checkNetworkGradient(net, data, { sample: 30, seed: 12 });
    assert.deepStrictEqual(paths(again), paths(a));
    assert.notDeepStrictEqual(paths(other), paths(a));
  });

  await t.step("`only` restricts the draw to matching paths", () => {
    const r = checkNetworkGradient(net, data, { sample: 12, seed: 1, only: /^layers\[2\]\.db/ });
    assert.strictEqual(r.total, 10);
    assert.strictEqual(r.checked, 10);
    const f = checkNetworkGradient(net, data, {
      sample: 5,
      only: (p) => p.startsWith("layers[1].dW[63,"),
    });
    assert.strictEqual(f.total, 128);
    assert.ok(f.entries.every((e) => e.path.startsWith("layers[1].dW[63,")));
  });

  await t.step("rejects a negative or fractional sample size", () => {
    assert.throws(() => checkNetworkGradient(net, data, { sample: -1 }), RangeError);
    assert.throws(() => checkNetworkGradient(net, data, { sample: 2.5 }), {
      name: "RangeError",
      message: "Cannot sample 2.5 entries: expected a whole number ≥ 0",
    });
  });
});

/**
 * One input x = 2, one ReLU unit z = w·x + b, one identity output ŷ = 3·relu(z), C = ½(ŷ − 1)².
 * With w = 1 and b = −2, z is exactly 0: ReLU′(0) = 0, so the analytic ∂C/∂b is 0, while from the
 * right the slope is 3·(3·0 − 1)·1 = −3.
 */
function kinkNet(b: number): { net: Network; data: Parameters<typeof checkNetworkGradient>[1] } {
  const net: Network = {
    layout: "column",
    layers: [
      { W: Matrix.from([[1]]), b: Matrix.from([[b]]), activation: "relu" },
      { W: Matrix.from([[3]]), b: Matrix.from([[0]]), activation: "identity" },
    ],
  };
  const data = {
    X: Matrix.from([[2]]),
    Y: Matrix.from([[1]]),
    cost: { kind: "quadratic", convention: "half" } as const,
  };
  return { net, data };
}

Deno.test("checkNetworkGradient() reports kinks instead of false failures", async (t) => {
  await t.step("z exactly 0: the central difference disagrees, the verdict is kink", () => {
    const { net, data } = kinkNet(-2);
    const r = checkNetworkGradient(net, data, { rtol: 1e-7, atol: 0 });
    const e = r.entries.find((x) => x.path === "layers[0].db[0,0]")!;
    assert.strictEqual(e.analytic, 0);
    assert.ok(Math.abs(e.numeric - -1.5) < 1e-4, `numeric ${e.numeric}`); // the mean of 0 and −3
    assert.ok(e.absError > e.allowed); // a plain comparison would fail
    assert.strictEqual(e.verdict, "kink");
    assert.ok(e.bracket![0] <= 0 && e.bracket![1] >= 0 && e.bracket![0] < -2.9);
    assert.match(e.note!, /ReLU pre-activation\) changes sign within ±h; analytic lies between/);
    assert.ok(r.ok, formatReport(r));
    assert.strictEqual(r.failed, 0);
    assert.ok(r.kinks >= 1);
    assert.strictEqual(r.entries[0].verdict, "kink"); // kinks come before passes
  });

  await t.step("z exactly 0 after the step −h: reported as a kink, and passes", () => {
    const h = centralStep(-2);
    const { net, data } = kinkNet(-2 + h); // z = h > 0, and z(b − h) = 0 exactly
    const r = checkNetworkGradient(net, data, { rtol: 1e-7, atol: 0 });
    const e = r.entries.find((x) => x.path === "layers[0].db[0,0]")!;
    assert.strictEqual(e.verdict, "kink");
    assert.ok(r.ok, formatReport(r));
  });

  await t.step("a wrong analytic value outside the one-sided slopes still fails", () => {
    const { net, data } = kinkNet(-2);
    const g = backward(net, forward(net, data.X), data);
    const wrong = {
      layers: g.layers.map((l, i) => (i === 0 ? { ...l, db: Matrix.from([[2]]) } : l)),
    };
    const r = checkNetworkGradient(net, data, { analytic: wrong });
    assert.ok(!r.ok);
    assert.strictEqual(r.entries[0].path, "layers[0].db[0,0]");
    assert.strictEqual(r.entries[0].verdict, "fail");
    assert.match(r.entries[0].note!, /analytic lies outside/);
    assert.match(formatReport(r, 1), /slopes \[-(2\.99|3\.0)\d*, 0\.\d+\]/);
  });

  await t.step("without switches, a kink within the step is recognised from the slopes", () => {
    // z = b + 2 with b = −2 + h/4: the kink lies inside [b − h, b + h]
    const b0 = -2 + centralStep(-2) / 4;
    const f = ([g]: readonly ParameterGroup[]) => {
      const z = (g.values as Float64Array)[0] + 2;
      return 0.5 * (3 * Math.max(0, z) - 1) ** 2;
    };
    const analytic = 3 * (3 * (b0 + 2) - 1);
    const r = checkGradient(f, [{ path: "b", values: new Float64Array([b0]) }], [
      new Float64Array([analytic]),
    ], { rtol: 1e-7, atol: 0 });
    assert.strictEqual(r.entries[0].verdict, "kink", formatReport(r));
    assert.match(r.entries[0].note!, /one-sided slopes disagree/);
    const wrong = checkGradient(f, [{ path: "b", values: new Float64Array([b0]) }], [
      new Float64Array([-6]),
    ]);
    assert.strictEqual(wrong.entries[0].verdict, "fail");
  });

  await t.step("a smooth function with a wrong gradient is not excused as a kink", () => {
    const f = ([g]: readonly ParameterGroup[]) => Math.exp((g.values as Float64Array)[0]);
    const r = checkGradient(f, [{ path: "x", values: new Float64Array([1]) }], [
      new Float64Array([2.7]),
    ]);
    assert.strictEqual(r.entries[0].verdict, "fail");
    assert.strictEqual(r.entries[0].bracket, undefined);
  });
});

Deno.test("checkGradient() never passes a NaN gradient, even when both sides are NaN", () => {
  const x = new Float64Array([1, 2]);
  const report = checkGradient(
    (p) => NaN * (p[0].values as Float64Array)[0],
    [{ path: "theta", values: x }],
    [new Float64Array([NaN, NaN])],
  );
  assert.strictEqual(report.ok, false);
  assert.strictEqual(report.failed, 2);
  assert.match(report.entries[0].note ?? "", /not finite/);
});
