/**
 * Unit tests for src/reference/activations.ts: sigmoid, tanh, ReLU and softmax at ordinary and extreme inputs,
 * derivatives against the closed forms and against central differences, the softmax Jacobian, and
 * log-sum-exp where the naive formula overflows or underflows.
 */
import assert from "node:assert";
import {
  activate,
  activatePrime,
  ACTIVATIONS,
  logSumExp,
  lookup,
  perSample,
  relu,
  reluPrime,
  sigmoid,
  sigmoidPrime,
  softmax,
  softmaxJacobian,
  softmaxVector,
  tanhPrime,
} from "../../src/reference/activations.ts";
import { Matrix, transpose } from "../../src/reference/matrix.ts";
import { createRng } from "../../src/reference/random.ts";
import { assertRelClose } from "../testdata/helpers.ts";

/** The textbook formula σ(z) = 1/(1 + e^(−z)), fine wherever e^(−z) does not overflow. */
const sigmoidNaive = (z: number) => 1 / (1 + Math.exp(-z));

/** A grid from lo to hi in steps of h. */
function grid(lo: number, hi: number, h: number): number[] {
  const n = Math.round((hi - lo) / h);
  return Array.from({ length: n + 1 }, (_, i) => lo + i * h);
}

/** Central difference (f(z+h) − f(z−h)) / 2h; truncation O(h²), rounding O(ε/h). */
function centralDiff(f: (z: number) => number, z: number, h = 1e-5): number {
  return (f(z + h) - f(z - h)) / (2 * h);
}

Deno.test("sigmoid() is the logistic function without overflow", async (t) => {
  await t.step("sigmoid() at 0 is exactly 1/2", () => {
    assert.strictEqual(sigmoid(0), 0.5);
    assert.strictEqual(sigmoid(-0), 0.5);
  });

  await t.step("sigmoid() at ±1 matches 1/(1 + e^∓1)", () => {
    // Both branches are a handful of correctly rounded operations: a few ulps apart at most.
    assertRelClose(sigmoid(1), sigmoidNaive(1), 4e-16, "σ(1)");
    assertRelClose(sigmoid(-1), sigmoidNaive(-1), 4e-16, "σ(−1)");
    assertRelClose(sigmoid(1) + sigmoid(-1), 1, 4e-16, "σ(1) + σ(−1)");
  });

  await t.step("sigmoid() at ±40 rounds to 1 and keeps e^−40 below", () => {
    // 1 − σ(40) = e^−40/(1+e^−40) ≈ 4.2e−18 is below half an ulp of 1, so σ(40) rounds to 1.
    assert.strictEqual(sigmoid(40), 1);
    // σ(−40) = e^−40/(1 + e^−40), and 1 + e^−40 rounds to 1.
    assertRelClose(sigmoid(-40), Math.exp(-40), 4e-16, "σ(−40)");
    assert.ok(sigmoid(-40) > 0);
  });

  await t.step("sigmoid() saturates without overflow at ±1000", () => {
    assert.strictEqual(sigmoid(1000), 1);
    assert.ok(Object.is(sigmoid(-1000), 0), `σ(−1000) = ${sigmoid(-1000)}, expected exactly +0`);
  });

  await t.step("sigmoid() at −745 is the smallest subnormal, not 0 or NaN", () => {
    // e^−745 ≈ 4.9e−324 rounds to Number.MIN_VALUE; 1 + e^−745 rounds to 1.
    assert.strictEqual(sigmoid(-745), Number.MIN_VALUE);
    assert.strictEqual(sigmoid(-745), Math.exp(-745));
  });

  await t.step("sigmoid() of ±Infinity is 1 and 0, of NaN is NaN", () => {
    assert.strictEqual(sigmoid(Infinity), 1);
    assert.ok(Object.is(sigmoid(-Infinity), 0));
    assert.ok(Number.isNaN(sigmoid(NaN)));
  });

  await t.step("sigmoid() is non-decreasing and stays in [0, 1]", () => {
    let prev = -1;
    for (const z of grid(-800, 800, 0.25)) {
      const s = sigmoid(z);
      assert.ok(s >= prev && s >= 0 && s <= 1, `σ(${z}) = ${s} after ${prev}`);
      prev = s;
    }
  });

  await t.step("sigmoid() matches the naive formula where that one is safe", () => {
    for (const z of grid(-30, 30, 0.37)) {
      assertRelClose(sigmoid(z), sigmoidNaive(z), 1e-14, `σ(${z})`);
    }
  });
});

Deno.test("sigmoidPrime() is σ(z)(1 − σ(z)) with full relative precision", async (t) => {
  await t.step("sigmoidPrime() peaks at exactly 1/4 at 0", () => {
    assert.strictEqual(sigmoidPrime(0), 0.25);
    for (const z of grid(-50, 50, 0.01)) {
      assert.ok(sigmoidPrime(z) <= 0.25, `σ′(${z}) = ${sigmoidPrime(z)} > 1/4`);
    }
  });

  await t.step("sigmoidPrime() is even", () => {
    for (const z of [0.3, 1, 7.5, 40, 700]) {
      assert.strictEqual(sigmoidPrime(-z), sigmoidPrime(z), `σ′(±${z})`);
    }
  });

  await t.step("sigmoidPrime() equals σ(1 − σ) where 1 − σ does not cancel", () => {
    // For |z| ≤ 2, 1 − σ ≥ 0.119, so the subtraction costs at most a factor 9 in relative precision.
    for (const z of grid(-2, 2, 0.13)) {
      const s = sigmoidNaive(z);
      assertRelClose(sigmoidPrime(z), s * (1 - s), 1e-14, `σ′(${z})`);
    }
  });

  await t.step("sigmoidPrime() equals e^−|z| / (1 + e^−|z|)² everywhere", () => {
    // The same derivative written without a subtraction: accurate to a few ulps for every z.
    for (const z of grid(-700, 700, 1.7)) {
      const e = Math.exp(-Math.abs(z));
      assertRelClose(sigmoidPrime(z), e / ((1 + e) * (1 + e)), 1e-14, `σ′(${z})`);
    }
  });

  await t.step("sigmoidPrime() stays positive where 1 − σ(z) rounds to 0", () => {
    assert.strictEqual(1 - sigmoid(40), 0);
    assert.ok(sigmoidPrime(40) > 0);
    // σ′(z) = e^−z/(1 + e^−z)² ≈ e^−z for large z.
    assertRelClose(sigmoidPrime(40), Math.exp(-40), 1e-15, "σ′(40)");
    assertRelClose(sigmoidPrime(700), Math.exp(-700), 1e-15, "σ′(700)");
  });

  await t.step("sigmoidPrime() is 0, not NaN, at ±1000", () => {
    assert.ok(Object.is(sigmoidPrime(1000), 0));
    assert.ok(Object.is(sigmoidPrime(-1000), 0));
  });

  await t.step("sigmoidPrime() matches a central difference of sigmoid()", () => {
    for (const z of [-6, -2, -0.5, 0, 0.5, 2, 6]) {
      assertRelClose(sigmoidPrime(z), centralDiff(sigmoid, z), 1e-8, `σ′(${z})`);
    }
  });
});

Deno.test("tanh and tanhPrime() are tanh and 1 − tanh²", async (t) => {
  await t.step("tanh is Math.tanh under its fixture name", () => {
    assert.strictEqual(ACTIVATIONS.tanh.name, "tanh");
    assert.strictEqual(ACTIVATIONS.tanh.f(0.5), Math.tanh(0.5));
    assert.ok(Object.is(ACTIVATIONS.tanh.f(-0), -0));
  });

  await t.step("tanhPrime() is exactly 1 at 0 and at most 1 everywhere", () => {
    assert.strictEqual(tanhPrime(0), 1);
    for (const z of grid(-20, 20, 0.01)) assert.ok(tanhPrime(z) <= 1, `tanh′(${z})`);
  });

  await t.step("tanhPrime() equals 1 − tanh² where that does not cancel", () => {
    for (const z of grid(-3, 3, 0.11)) {
      assertRelClose(tanhPrime(z), 1 - Math.tanh(z) ** 2, 1e-14, `tanh′(${z})`);
    }
  });

  await t.step("tanhPrime() stays positive where 1 − tanh² rounds to 0", () => {
    assert.strictEqual(1 - Math.tanh(20) ** 2, 0);
    // 1/cosh²(20) = 4/(e^20 + e^−20)² ≈ 4e^−40.
    assertRelClose(tanhPrime(20), 4 * Math.exp(-40), 1e-14, "tanh′(20)");
    assert.strictEqual(tanhPrime(-20), tanhPrime(20));
  });

  await t.step("tanhPrime() is 0, not NaN, at ±1000 and NaN at NaN", () => {
    assert.ok(Object.is(tanhPrime(1000), 0));
    assert.ok(Object.is(tanhPrime(-1000), 0));
    assert.ok(Number.isNaN(tanhPrime(NaN)));
  });

  await t.step("tanhPrime() matches a central difference of Math.tanh", () => {
    for (const z of [-3, -1, -0.2, 0, 0.2, 1, 3]) {
      assertRelClose(tanhPrime(z), centralDiff(Math.tanh, z), 1e-8, `tanh′(${z})`);
    }
  });
});

Deno.test("relu() and reluPrime() follow max(0, z) and the Z > 0 convention", async (t) => {
  await t.step("relu() passes positives and zeroes negatives", () => {
    assert.strictEqual(relu(3.5), 3.5);
    assert.strictEqual(relu(Number.MIN_VALUE), Number.MIN_VALUE);
    assert.strictEqual(relu(Infinity), Infinity);
    assert.ok(Object.is(relu(-2), 0));
    assert.ok(Object.is(relu(-Infinity), 0));
  });

  await t.step("relu() of +0 and −0 is +0", () => {
    assert.ok(Object.is(relu(0), 0));
    assert.ok(Object.is(relu(-0), 0), `relu(−0) = ${Object.is(relu(-0), -0) ? "-0" : relu(-0)}`);
  });

  await t.step("relu() keeps NaN", () => {
    assert.ok(Number.isNaN(relu(NaN)));
  });

  await t.step("reluPrime() is 1 for z > 0 and 0 at z ≤ 0, including both zeros", () => {
    assert.strictEqual(reluPrime(2), 1);
    assert.strictEqual(reluPrime(Number.MIN_VALUE), 1);
    assert.ok(Object.is(reluPrime(0), 0));
    assert.ok(Object.is(reluPrime(-0), 0));
    assert.ok(Object.is(reluPrime(-Number.MIN_VALUE), 0));
    assert.ok(Object.is(reluPrime(-3), 0));
  });

  await t.step("reluPrime() keeps NaN", () => {
    assert.ok(Number.isNaN(reluPrime(NaN)));
  });
});

Deno.test("identity activation has derivative 1", async (t) => {
  await t.step("identity f(z) = z and f′(z) = 1, NaN stays NaN", () => {
    assert.strictEqual(ACTIVATIONS.identity.f(-2.5), -2.5);
    assert.strictEqual(ACTIVATIONS.identity.df(-2.5), 1);
    assert.strictEqual(ACTIVATIONS.identity.df(1e300), 1);
    assert.ok(Number.isNaN(ACTIVATIONS.identity.df(NaN)));
  });
});

Deno.test("softmaxVector() is finite, normalised and shift invariant", async (t) => {
  await t.step("softmaxVector() of [1000, 0, −1000] is finite and exact", () => {
    // e^−1000 and e^−2000 underflow to 0 after the shift by the maximum, so p = [1, 0, 0] exactly.
    const p = softmaxVector([1000, 0, -1000]);
    assert.deepStrictEqual(p, [1, 0, 0]);
    assert.ok(p.every(Number.isFinite));
  });

  await t.step("softmaxVector() of moderate logits matches e^u / Σ e^u", () => {
    const u = [1, 2, 3, -0.5];
    const e = u.map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    softmaxVector(u).forEach((p, i) => assertRelClose(p, e[i] / s, 1e-15, `p[${i}]`));
  });

  await t.step("softmaxVector() splits ties evenly", () => {
    assert.deepStrictEqual(softmaxVector([5, 5]), [0.5, 0.5]);
    assert.deepStrictEqual(softmaxVector([-3, -3, -3, -3]), [0.25, 0.25, 0.25, 0.25]);
    assert.deepStrictEqual(softmaxVector([0, 0, 0]), [1 / 3, 1 / 3, 1 / 3]);
    const p = softmaxVector([2, 7, 7]);
    assert.strictEqual(p[1], p[2]);
  });

  await t.step("softmaxVector() of one logit is [1]", () => {
    assert.deepStrictEqual(softmaxVector([-1000]), [1]);
    assert.deepStrictEqual(softmaxVector([1e300]), [1]);
  });

  await t.step("softmaxVector() sums to 1 within n ulps", () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + rng.int(20);
      const u = Array.from({ length: n }, () => rng.uniform(-50, 50));
      const p = softmaxVector(u);
      const sum = p.reduce((a, b) => a + b, 0);
      // Each pᵢ is one correctly rounded division and the sum adds n of them.
      assert.ok(Math.abs(sum - 1) <= 2 * n * Number.EPSILON, `Σp = ${sum} for n = ${n}`);
      assert.ok(p.every((x) => x >= 0 && x <= 1));
    }
  });

  await t.step("softmaxVector() is invariant to adding a constant", () => {
    const rng = createRng(12);
    for (let trial = 0; trial < 50; trial++) {
      const u = Array.from({ length: 6 }, () => rng.uniform(-5, 5));
      const p = softmaxVector(u);
      for (const c of [700, -700, 1e-3]) {
        // uᵢ + c rounds with an absolute error up to ulp(700)/2 ≈ 5.7e−14, which moves pᵢ by a
        // relative 2·5.7e−14 at most; rtol 1e−12 allows that and nothing more.
        softmaxVector(u.map((x) => x + c)).forEach((q, i) =>
          assertRelClose(q, p[i], 1e-12, `p[${i}] shifted by ${c}`)
        );
      }
    }
  });
});

Deno.test("softmax() works per sample in either layout", async (t) => {
  const Z = Matrix.from([[1, -2, 0], [3, 0, 0], [0.5, 4, 0]]);

  await t.step("softmax() in column layout normalises each column", () => {
    const P = softmax(Z, "column");
    for (let k = 0; k < 3; k++) {
      const p = softmaxVector([Z.get(0, k), Z.get(1, k), Z.get(2, k)]);
      for (let i = 0; i < 3; i++) assert.strictEqual(P.get(i, k), p[i]);
    }
  });

  await t.step("softmax() in row layout normalises each row", () => {
    const P = softmax(Z, "row");
    for (let k = 0; k < 3; k++) {
      assert.deepStrictEqual(P.toArrays()[k], softmaxVector(Z.toArrays()[k]));
    }
  });

  await t.step("softmax() of Zᵀ by rows is softmax(Z) by columns, transposed", () => {
    assert.deepStrictEqual(
      softmax(transpose(Z), "row").toArrays(),
      transpose(softmax(Z, "column")).toArrays(),
    );
  });

  await t.step("perSample() hands each sample and its index to f", () => {
    const seen: [number[], number][] = [];
    perSample(Matrix.from([[1, 2], [3, 4]]), "column", (u, k) => (seen.push([u, k]), u));
    assert.deepStrictEqual(seen, [[[1, 3], 0], [[2, 4], 1]]);
  });
});

Deno.test("softmaxJacobian() is diag(p) − p pᵀ", async (t) => {
  const p = softmaxVector([0.3, -1.2, 2.0, 0.7]);
  const J = softmaxJacobian(p);

  await t.step("softmaxJacobian() has pᵢ(1 − pᵢ) on the diagonal and −pᵢpⱼ off it", () => {
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) {
        const expected = i === j ? p[i] * (1 - p[i]) : -p[i] * p[j];
        assertRelClose(J.get(i, j), expected, 1e-15, `J[${i},${j}]`);
      }
    }
  });

  await t.step("softmaxJacobian() is exactly symmetric", () => {
    for (let i = 0; i < 4; i++) {
      for (let j = 0; j < 4; j++) assert.strictEqual(J.get(i, j), J.get(j, i));
    }
  });

  await t.step("softmaxJacobian() rows sum to zero", () => {
    for (let i = 0; i < 4; i++) {
      let s = 0;
      for (let j = 0; j < 4; j++) s += J.get(i, j);
      // Σⱼ Jᵢⱼ = pᵢ(1 − Σⱼ pⱼ), and Σⱼ pⱼ is 1 within a few ulps.
      assert.ok(Math.abs(s) <= 8 * Number.EPSILON * p[i], `row ${i} sums to ${s}`);
    }
  });

  await t.step("softmaxJacobian() matches central differences of softmaxVector()", () => {
    const u = [0.3, -1.2, 2.0, 0.7];
    const h = 1e-6;
    for (let j = 0; j < 4; j++) {
      const up = softmaxVector(u.map((x, k) => (k === j ? x + h : x)));
      const dn = softmaxVector(u.map((x, k) => (k === j ? x - h : x)));
      for (let i = 0; i < 4; i++) {
        const fd = (up[i] - dn[i]) / (2 * h);
        assert.ok(Math.abs(fd - J.get(i, j)) <= 1e-9, `∂p${i}/∂u${j}: fd ${fd}, J ${J.get(i, j)}`);
      }
    }
  });
});

Deno.test("logSumExp() neither overflows nor underflows", async (t) => {
  await t.step("logSumExp() of moderate logits matches log Σ e^u", () => {
    const u = [1, 2, 3];
    assertRelClose(logSumExp(u), Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), 1e-15, "lse");
  });

  await t.step("logSumExp() at ±1000 is ±1000 + ln 2", () => {
    assert.strictEqual(logSumExp([1000, 1000]), 1000 + Math.LN2);
    assert.strictEqual(logSumExp([-1000, -1000]), -1000 + Math.LN2);
  });

  await t.step("logSumExp() near the largest double stays finite", () => {
    assert.strictEqual(logSumExp([1e308, 1e308]), 1e308);
    assert.strictEqual(logSumExp([Number.MAX_VALUE]), Number.MAX_VALUE);
  });

  await t.step("logSumExp() ignores terms that underflow next to the maximum", () => {
    assert.strictEqual(logSumExp([0, -1000]), 0);
    assert.strictEqual(logSumExp([-Infinity, 5]), 5);
  });

  await t.step("logSumExp() of infinities and of nothing", () => {
    assert.strictEqual(logSumExp([-Infinity, -Infinity]), -Infinity);
    assert.strictEqual(logSumExp([Infinity, 0]), Infinity);
    assert.strictEqual(logSumExp([]), -Infinity); // log of an empty sum, log 0
    assert.ok(Number.isNaN(logSumExp([NaN, 0])));
  });
});

Deno.test("activate(), activatePrime() and lookup() apply activations by name", async (t) => {
  const Z = Matrix.from([[-1, 0, 2], [0.5, -0.5, 40]]);

  await t.step("activate() maps each element", () => {
    assert.deepStrictEqual(activate(Z, "relu").toArrays(), [[0, 0, 2], [0.5, 0, 40]]);
    assert.deepStrictEqual(
      activate(Z, "sigmoid").toArrays(),
      Z.toArrays().map((r) => r.map(sigmoid)),
    );
  });

  await t.step("activatePrime() maps each element to f′(z)", () => {
    assert.deepStrictEqual(activatePrime(Z, "relu").toArrays(), [[0, 0, 1], [1, 0, 1]]);
    assert.deepStrictEqual(
      activatePrime(Z, "tanh").toArrays(),
      Z.toArrays().map((r) => r.map(tanhPrime)),
    );
    assert.deepStrictEqual(activatePrime(Z, "identity").toArrays(), [[1, 1, 1], [1, 1, 1]]);
  });

  await t.step("lookup() finds each elementwise activation", () => {
    for (const name of ["sigmoid", "tanh", "relu", "identity"] as const) {
      assert.strictEqual(lookup(name), ACTIVATIONS[name]);
      assert.strictEqual(lookup(name).name, name);
    }
  });

  await t.step("lookup() rejects an unknown name, listing the known ones", () => {
    assert.throws(() => lookup("softmax"), {
      name: "RangeError",
      message: 'Unknown activation "softmax": expected one of sigmoid, tanh, relu, identity',
    });
    assert.throws(() => lookup("Sigmoid"), {
      name: "RangeError",
      message: 'Unknown activation "Sigmoid": expected one of sigmoid, tanh, relu, identity',
    });
  });

  await t.step("lookup() rejects names inherited from Object.prototype", () => {
    // A name read from a fixture such as "constructor" must not resolve to Object's properties.
    for (const name of ["constructor", "toString", "hasOwnProperty"]) {
      assert.throws(() => lookup(name), {
        name: "RangeError",
        message: `Unknown activation "${name}": expected one of sigmoid, tanh, relu, identity`,
      });
    }
  });
});
