/**
 * Cases of fixtures/activations.json: σ, tanh, ReLU and their derivatives, from the definitions
 * (the other side of each identity), and their edges: saturation, ±0, subnormals, NaN and ±Infinity.
 *
 * @module
 */
import type { FixtureCase } from "../spec/case_file.ts";
import { createRng } from "../reference/random.ts";
import { enc, makeCase, nn, randomRows, src } from "./build.ts";
import { type Rows, sigmoidDef, tanhDef } from "./derive.ts";

const SEED = 1001;
const SIGMOID = src("000", "Sigmoid Activation");
const SIGMOID_PRIME = src("000", "Hidden Layer 1 Activation (T2) → Hidden Layer 1 Linear (T1)");
const VANISHING = src("002", "Unstable Gradient: Vanishing and Explosion Gradient");
const TANH = src("001", "Tanh ( Hyperbolic tangent )");
const TANH_PRIME = src(
  null,
  "standard calculus: tanh′ = 1 − tanh² (document 001 uses tanh without it)",
);
const RELU = src("001", "ReLU");
const RELU_PRIME = src("001", "Backward Propagation (ReLU_ returns Z > 0)");

const mapRows = (z: Rows, f: (x: number) => number): Rows => z.map((r) => r.map(f));

/** σ′ from the other side: a(1 − a) with a = σ(z) by the definition. */
const sigmoidPrimeDef = (z: number) => {
  const a = sigmoidDef(z);
  return a * (1 - a);
};

/** tanh′ from the other side: 1 − tanh². */
const tanhPrimeDef = (z: number) => 1 - Math.tanh(z) ** 2;

/**
 * Every case of activations.json.
 *
 * @returns The cases, in file order.
 * @example Deterministic, with unique ids
 * ```ts
 * import assert from "node:assert";
 * const cases = activationCases();
 * assert.deepStrictEqual(cases, activationCases());
 * assert.strictEqual(new Set(cases.map((c) => c.id)).size, cases.length);
 * assert.ok(cases.some((c) => c.id === "sigmoid-prime/maximum-at-zero"));
 * ```
 */
export function activationCases(): FixtureCase[] {
  return [...sigmoidCases(), ...tanhCases(), ...reluCases()];
}

function sigmoidCases(): FixtureCase[] {
  const rng = createRng(SEED);
  const cases: FixtureCase[] = [];
  const grid = [[-6, -2.5, -1, -0.25, 0], [0.1, 0.5, 1, 3, 8]];
  cases.push(makeCase({
    id: "sigmoid/definition-grid",
    op: "sigmoid",
    inputs: { z: enc(grid) },
    expected: { a: enc(mapRows(grid, sigmoidDef)) },
    tolerance: "closed_form",
    source: SIGMOID,
    statements: ["sigmoid_def", "sigmoid_range", "elementwise_shape"],
    tags: ["definition"],
    notes:
      "σ at a grid of a 2×5 matrix, expected from 1/(1 + e^−z) literally; the shape must be kept.",
  }));
  for (let i = 0; i < 6; i++) {
    const z = randomRows(rng, [2, 3], [-10, 10]);
    cases.push(makeCase({
      id: `sigmoid/random-${nn(i)}`,
      op: "sigmoid",
      inputs: { z: enc(z) },
      expected: { a: enc(mapRows(z, sigmoidDef)) },
      tolerance: "closed_form",
      source: SIGMOID,
      statements: ["sigmoid_def", "sigmoid_range"],
      tags: ["definition", "random"],
      notes: "σ over random z in [−10, 10], expected from 1/(1 + e^−z).",
    }));
  }
  const edge = (id: string, z: Rows, a: Rows, notes: string) =>
    makeCase({
      id: `sigmoid/${id}`,
      op: "sigmoid",
      inputs: { z: enc(z) },
      expected: { a: enc(a) },
      tolerance: "closed_form",
      source: SIGMOID,
      statements: ["sigmoid_def", "sigmoid_range"],
      tags: ["edge"],
      notes,
    });
  cases.push(
    edge("saturated-pos-40", [[40]], [[1]], "σ(40) = 1 − 4.2e−18 rounds to 1."),
    edge(
      "saturated-neg-40",
      [[-40]],
      [[Math.exp(-40) / (1 + Math.exp(-40))]],
      "σ(−40) = e^−40/(1 + e^−40) ≈ 4.2e−18; a result of 0 passes too (atol 1e−14).",
    ),
    edge(
      "saturated-pos-1000",
      [[1000]],
      [[1]],
      "e^1000 overflows: computing e^z/(1 + e^z) for z > 0 gives ∞/∞ = NaN. Use 1/(1 + e^−z) there.",
    ),
    edge(
      "saturated-neg-1000",
      [[-1000]],
      [[0]],
      "1/(1 + e^1000) = 1/∞ = 0 is right; NaN means the e^z/(1 + e^z) branch was used the wrong way round.",
    ),
    edge(
      "subnormal-neg-745",
      [[-745]],
      [[Math.exp(-745)]],
      "σ(−745) = e^−745/(1 + e^−745) is the smallest subnormal 5e−324; 0 passes too (atol).",
    ),
    edge(
      "tiny-1e-300",
      [[1e-300, -1e-300]],
      [[0.5, 0.5]],
      "σ(±1e−300) = 0.5 to float64 precision.",
    ),
    edge("negative-zero", [[-0, 0]], [[0.5, 0.5]], "σ(−0) = σ(0) = 0.5."),
    edge(
      "nan-and-infinities",
      [[NaN, Infinity, -Infinity]],
      [[NaN, 1, 0]],
      'NaN propagates (tagged "NaN" in JSON); σ(∞) = 1 and σ(−∞) = 0 are the limits.',
    ),
  );
  for (let i = 0; i < 6; i++) {
    const z = randomRows(rng, [2, 3], [-8, 8]);
    cases.push(makeCase({
      id: `sigmoid-prime/identity-${nn(i)}`,
      op: "sigmoid_prime",
      inputs: { z: enc(z) },
      expected: { d: enc(mapRows(z, sigmoidPrimeDef)) },
      tolerance: "identity",
      source: SIGMOID_PRIME,
      statements: ["sigmoid_prime", "sigmoid_prime_max", "elementwise_shape"],
      tags: ["identity", "random"],
      notes:
        "σ′(z) against σ(z)(1 − σ(z)) computed from the definition. A different formula (σ(z)σ(−z), e^−z/(1 + e^−z)²) is fine; σ′ evaluated at a instead of z is not.",
    }));
  }
  const near0 = [[-0.5, -1e-8, 1e-8, 0.5]];
  cases.push(
    makeCase({
      id: "sigmoid-prime/maximum-at-zero",
      op: "sigmoid_prime",
      inputs: { z: enc([[0]]) },
      expected: { d: enc([[0.25]]) },
      tolerance: "exact",
      source: VANISHING,
      statements: ["sigmoid_prime", "sigmoid_prime_max"],
      tags: ["identity"],
      notes:
        "σ′(0) = ½·½ = 1/4 exactly: the largest value σ′ takes, the root of vanishing gradients.",
    }),
    makeCase({
      id: "sigmoid-prime/near-zero",
      op: "sigmoid_prime",
      inputs: { z: enc(near0) },
      expected: { d: enc(mapRows(near0, sigmoidPrimeDef)) },
      tolerance: "identity",
      source: VANISHING,
      statements: ["sigmoid_prime", "sigmoid_prime_max"],
      tags: ["identity"],
      notes: "Just below the maximum 1/4 on both sides of 0.",
    }),
  );
  const primeEdge = (id: string, z: Rows, d: Rows, notes: string) =>
    makeCase({
      id: `sigmoid-prime/${id}`,
      op: "sigmoid_prime",
      inputs: { z: enc(z) },
      expected: { d: enc(d) },
      tolerance: "closed_form",
      source: SIGMOID_PRIME,
      statements: ["sigmoid_prime", "sigmoid_prime_max"],
      tags: ["edge"],
      notes,
    });
  const e40 = Math.exp(-40);
  cases.push(
    primeEdge(
      "saturated-40",
      [[40, -40]],
      [[e40 / (1 + e40) ** 2, e40 / (1 + e40) ** 2]],
      "σ′(±40) = e^−40/(1 + e^−40)² ≈ 4.2e−18; σ(40)(1 − σ(40)) = 1·0 = 0 also passes (atol 1e−14).",
    ),
    primeEdge(
      "saturated-1000",
      [[1000, -1000]],
      [[0, 0]],
      "σ′(±1000) underflows to 0. NaN means e^1000 overflowed into ∞/∞.",
    ),
    primeEdge(
      "nan-and-infinities",
      [[NaN, Infinity, -Infinity]],
      [[NaN, 0, 0]],
      "NaN propagates; σ′(±∞) = 0 (σ(∞)σ(−∞) = 1·0).",
    ),
  );
  return cases;
}

function tanhCases(): FixtureCase[] {
  const rng = createRng(SEED + 1);
  const cases: FixtureCase[] = [];
  for (let i = 0; i < 6; i++) {
    // |z| in [0.1, 5]: the exponential formula is accurate there (no cancellation, no overflow)
    const z = randomRows(rng, [2, 3], [0.1, 5]).map((r) => r.map((x, j) => (j % 2 ? -x : x)));
    cases.push(makeCase({
      id: `tanh/definition-${nn(i)}`,
      op: "tanh",
      inputs: { z: enc(z) },
      expected: { a: enc(mapRows(z, tanhDef)) },
      tolerance: "identity",
      source: TANH,
      statements: ["tanh_def", "tanh_range", "elementwise_shape"],
      tags: ["identity", "random"],
      notes: "tanh against (e^z − e^−z)/(e^z + e^−z) evaluated literally.",
    }));
  }
  const edge = (id: string, z: Rows, a: Rows, notes: string, exact = false) =>
    makeCase({
      id: `tanh/${id}`,
      op: "tanh",
      inputs: { z: enc(z) },
      expected: { a: enc(a) },
      tolerance: exact ? "exact" : "closed_form",
      source: TANH,
      statements: ["tanh_def", "tanh_range"],
      tags: ["edge"],
      notes,
    });
  cases.push(
    edge(
      "negative-zero",
      [[-0]],
      [[-0]],
      'tanh is odd: tanh(−0) = −0, and the sign must survive the encoding ("-0").',
      true,
    ),
    edge("zero", [[0]], [[0]], "tanh(0) = 0.", true),
    edge(
      "saturated-1000",
      [[1000, -1000]],
      [[1, -1]],
      "(e^z − e^−z)/(e^z + e^−z) is ∞/∞ = NaN at ±1000; a library tanh saturates to ±1.",
    ),
    edge(
      "tiny-1e-300",
      [[1e-300, -1e-300]],
      [[1e-300, -1e-300]],
      "tanh(x) = x to float64 precision for tiny x.",
    ),
    edge(
      "nan-and-infinities",
      [[NaN, Infinity, -Infinity]],
      [[NaN, 1, -1]],
      "NaN propagates; tanh(±∞) = ±1.",
    ),
  );
  for (let i = 0; i < 6; i++) {
    const z = randomRows(rng, [2, 3], [-5, 5]);
    cases.push(makeCase({
      id: `tanh-prime/identity-${nn(i)}`,
      op: "tanh_prime",
      inputs: { z: enc(z) },
      expected: { d: enc(mapRows(z, tanhPrimeDef)) },
      tolerance: "identity",
      source: TANH_PRIME,
      statements: ["tanh_prime", "elementwise_shape"],
      tags: ["identity", "random"],
      notes:
        "tanh′(z) against 1 − tanh²(z). 1/cosh²(z) is fine; evaluating at a = tanh(z) instead of z is not.",
    }));
  }
  const primeEdge = (id: string, z: Rows, d: Rows, notes: string, exact = false) =>
    makeCase({
      id: `tanh-prime/${id}`,
      op: "tanh_prime",
      inputs: { z: enc(z) },
      expected: { d: enc(d) },
      tolerance: exact ? "exact" : "closed_form",
      source: TANH_PRIME,
      statements: ["tanh_prime"],
      tags: ["edge"],
      notes,
    });
  const c20 = Math.cosh(20);
  cases.push(
    primeEdge("maximum-at-zero", [[0]], [[1]], "tanh′(0) = 1 exactly.", true),
    primeEdge(
      "saturated-20",
      [[20, -20]],
      [[1 / (c20 * c20), 1 / (c20 * c20)]],
      "tanh′(±20) = 1/cosh²(20) ≈ 1.7e−17; 1 − tanh² gives 0, which passes (atol).",
    ),
    primeEdge(
      "saturated-1000",
      [[1000, -1000]],
      [[0, 0]],
      "tanh′(±1000) = 0; NaN means cosh overflowed into ∞/∞.",
    ),
    primeEdge(
      "nan-and-infinities",
      [[NaN, Infinity, -Infinity]],
      [[NaN, 0, 0]],
      "NaN propagates; tanh′(±∞) = 0.",
    ),
  );
  return cases;
}

function reluCases(): FixtureCase[] {
  const rng = createRng(SEED + 2);
  const cases: FixtureCase[] = [];
  const relu = (x: number) => (Number.isNaN(x) ? NaN : Math.max(0, x));
  const reluPrime = (x: number) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : 0);
  const grid = [[-2, -0.5, 0], [0.5, 2, 1e-300]];
  cases.push(makeCase({
    id: "relu/definition-grid",
    op: "relu",
    inputs: { z: enc(grid) },
    expected: { a: enc(mapRows(grid, relu)) },
    tolerance: "exact",
    source: RELU,
    statements: ["relu_def", "relu_range", "elementwise_shape"],
    tags: ["definition"],
    notes: "max(0, z) is exact: no rounding anywhere.",
  }));
  for (let i = 0; i < 4; i++) {
    const z = randomRows(rng, [3, 2], [-3, 3]);
    cases.push(makeCase({
      id: `relu/random-${nn(i)}`,
      op: "relu",
      inputs: { z: enc(z) },
      expected: { a: enc(mapRows(z, relu)) },
      tolerance: "exact",
      source: RELU,
      statements: ["relu_def", "relu_range"],
      tags: ["definition", "random"],
      notes: "max(0, z) over random z.",
    }));
  }
  cases.push(
    makeCase({
      id: "relu/zero",
      op: "relu",
      inputs: { z: enc([[0]]) },
      expected: { a: enc([[0]]) },
      tolerance: "exact",
      source: RELU,
      statements: ["relu_def"],
      tags: ["edge"],
      notes: "ReLU(0) = 0.",
    }),
    makeCase({
      id: "relu/negative-zero",
      op: "relu",
      inputs: { z: enc([[-0]]) },
      expected: { a: enc([[0]]) },
      tolerance: "closed_form",
      source: RELU,
      statements: ["relu_def"],
      tags: ["edge"],
      notes:
        "max(0, −0) is a zero of either sign (the two are equal), so the sign is not compared here.",
    }),
    makeCase({
      id: "relu/subnormal-and-specials",
      op: "relu",
      inputs: { z: enc([[5e-324, -5e-324, Infinity, -Infinity, NaN]]) },
      expected: { a: enc([[5e-324, 0, Infinity, 0, NaN]]) },
      tolerance: "exact",
      source: RELU,
      statements: ["relu_def", "relu_range"],
      tags: ["edge"],
      notes:
        "The smallest subnormal is positive and passes through; ∞ passes; −∞ gives 0; NaN propagates.",
    }),
  );
  const primeGrid = [[-2, -1e-300, 0], [5e-324, 1e-300, 2]];
  cases.push(makeCase({
    id: "relu-prime/indicator-grid",
    op: "relu_prime",
    inputs: { z: enc(primeGrid) },
    expected: { d: enc(mapRows(primeGrid, reluPrime)) },
    tolerance: "exact",
    source: RELU_PRIME,
    statements: ["relu_prime", "elementwise_shape"],
    tags: ["identity"],
    notes: "𝕀(z > 0): 1 for every positive z however small, 0 for z ≤ 0.",
  }));
  for (let i = 0; i < 4; i++) {
    const z = randomRows(rng, [2, 3], [-3, 3]);
    cases.push(makeCase({
      id: `relu-prime/random-${nn(i)}`,
      op: "relu_prime",
      inputs: { z: enc(z) },
      expected: { d: enc(mapRows(z, reluPrime)) },
      tolerance: "exact",
      source: RELU_PRIME,
      statements: ["relu_prime"],
      tags: ["identity", "random"],
      notes: "𝕀(z > 0) over random z.",
    }));
  }
  const primeEdge = (id: string, z: Rows, d: Rows, notes: string) =>
    makeCase({
      id: `relu-prime/${id}`,
      op: "relu_prime",
      inputs: { z: enc(z) },
      expected: { d: enc(d) },
      tolerance: "exact",
      source: id === "at-zero" ? src("002", "Example (ReLU)") : RELU_PRIME,
      statements: ["relu_prime"],
      tags: ["edge"],
      notes,
    });
  cases.push(
    primeEdge(
      "at-zero",
      [[0]],
      [[0]],
      'ReLU′(0) = 0: "1 if z > 0, otherwise 0". A 1 here means z ≥ 0 was used instead of z > 0.',
    ),
    primeEdge(
      "at-negative-zero",
      [[-0]],
      [[0]],
      "−0 is not > 0, so ReLU′(−0) = 0 (a positive zero).",
    ),
    primeEdge("infinities", [[Infinity, -Infinity]], [[1, 0]], "ReLU′(∞) = 1, ReLU′(−∞) = 0."),
    primeEdge(
      "nan",
      [[NaN]],
      [[NaN]],
      "NaN propagates through the derivative as through every operation; document 001's `Z > 0` would give 0 here.",
    ),
  );
  return cases;
}
