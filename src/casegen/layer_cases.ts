/**
 * Cases of fixtures/layers.json: one dense layer in column layout (zⱼ = Σᵢ wⱼᵢ aᵢ + bⱼ), in row
 * layout (T = X·W + b), and with the bias folded into the weights ([X | 1]·[W; b]), plus the edges
 * (ReLU exactly at 0, NaN and ∞ flowing through, a batch of one).
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import type { FixtureCase } from "../spec/case_file.ts";
import { createRng } from "../reference/random.ts";
import {
  asBatch,
  asBias,
  asWeights,
  between,
  enc,
  makeCase,
  nn,
  randomLayers,
  randomVec,
  src,
} from "./build.ts";
import type { ActivationName } from "../reference/activations.ts";
import { denseSample, type DLayer, type Rows, type Vec } from "./derive.ts";

const SEED = 4001;
const ACTS: ActivationName[] = ["sigmoid", "tanh", "relu", "identity", "softmax"];
const COLUMN = src("003", "Notation and Structure");
const ROW = src("000", "Linear Transformation");

/**
 * Every case of layers.json.
 *
 * @returns The cases, in file order.
 * @example Deterministic, with unique ids
 * ```ts
 * import assert from "node:assert";
 * const cases = layerCases();
 * assert.deepStrictEqual(cases, layerCases());
 * assert.strictEqual(new Set(cases.map((c) => c.id)).size, cases.length);
 * assert.ok(cases.some((c) => c.id === "dense-forward/relu-exactly-zero"));
 * ```
 */
export function layerCases(): FixtureCase[] {
  return [...summationCases(), ...foldedCases(), ...edgeCases(), ...elementaryCases()];
}

/**
 * ∂zⱼ/∂wⱼₖ = aₖ and ∂zⱼ/∂bⱼ = 1 ("Backpropagation notes" §2.4, "Layer by Layer", Vectorizing):
 * z is linear in one weight and in one bias, so moving wⱼₖ by h moves zⱼ by exactly h·aₖ and moving
 * bⱼ by h moves zⱼ by exactly h (dyadic numbers: no rounding anywhere).
 */
function elementaryCases(): FixtureCase[] {
  const h = 2 ** -10;
  const base: DLayer = { W: [[0.5, -0.25], [1, 2]], b: [0.125, -0.5], activation: "identity" };
  const X: Vec[] = [[0.75, -1.5], [2, 0.5]];
  const z = X.map((x) => denseSample(base, x).z);
  const moved = (j: number, by: (x: Vec) => number) =>
    z.map((zs, s) => zs.map((v, r) => (r === j ? v + by(X[s]) : v)));
  const weight: DLayer = { ...base, W: [[0.5, -0.25 + h], [1, 2]] };
  const bias: DLayer = { ...base, b: [0.125, -0.5 + h] };
  const opts = (zs: Vec[], notes: string) => ({
    layout: "column" as const,
    z: zs,
    a: zs,
    statements: ["elementary_partials", "dense_column"],
    tags: ["identity"],
    notes,
    exact: true,
  });
  return [
    denseCase(
      "dense-forward/elementary-base",
      base,
      X,
      opts(z, "The base of the two cases below."),
    ),
    denseCase(
      "dense-forward/elementary-dz-dw",
      weight,
      X,
      opts(
        moved(0, (x) => h * x[1]),
        "w₀₁ moved by h = 2⁻¹⁰: z₀ moves by h·a₁ per sample (∂z₀/∂w₀₁ = a₁), z₁ not at all.",
      ),
    ),
    denseCase(
      "dense-forward/elementary-dz-db",
      bias,
      X,
      opts(
        moved(1, () => h),
        "b₁ moved by h = 2⁻¹⁰: z₁ moves by exactly h in every sample (∂z₁/∂b₁ = 1), z₀ not at all.",
      ),
    ),
  ];
}

function denseCase(
  id: string,
  layer: DLayer,
  X: Vec[],
  opts: {
    layout: Layout;
    z: Vec[];
    a: Vec[];
    statements: string[];
    tags: string[];
    notes: string;
    exact?: boolean;
  },
): FixtureCase {
  const { layout } = opts;
  return makeCase({
    id,
    op: "dense_forward",
    layout,
    inputs: {
      W: enc(asWeights(layer.W, layout)),
      b: enc(asBias(layer.b, layout)),
      x: enc(asBatch(X, layout)),
      activation: layer.activation,
    },
    expected: { z: enc(asBatch(opts.z, layout)), a: enc(asBatch(opts.a, layout)) },
    tolerance: opts.exact ? "exact" : "closed_form",
    source: layout === "column" ? COLUMN : ROW,
    statements: opts.statements,
    tags: opts.tags,
    notes: opts.notes,
  });
}

function summationCases(): FixtureCase[] {
  const rng = createRng(SEED);
  const cases: FixtureCase[] = [];
  ACTS.forEach((act, i) => {
    for (const layout of ["column", "row"] as const) {
      const [d, n, N] = [between(rng, 1, 4), between(rng, 1, 4), between(rng, 1, 3)];
      const [layer] = randomLayers(rng, [d, n], [act]);
      const X = Array.from({ length: N }, () => randomVec(rng, d, [-2, 2]));
      const out = X.map((x) => denseSample(layer, x));
      cases.push(denseCase(`dense-forward/${layout}-${act}-${nn(i)}`, layer, X, {
        layout,
        z: out.map((o) => o.z),
        a: out.map((o) => o.a),
        statements: layout === "column"
          ? ["dense_column", "dense_summation"]
          : ["dense_row", "layout_transpose"],
        tags: ["definition", "random"],
        notes:
          `${d} inputs to ${n} neurons, ${N} sample(s), ${act}; expected one neuron at a time, ` +
          "zⱼ = Σᵢ wⱼᵢ aᵢ + bⱼ. " +
          (layout === "row"
            ? "Row layout: W is d × n and b is 1 × n, broadcast down the rows."
            : "Column layout: W is n × d and b is n × 1, broadcast across the columns."),
      }));
    }
  });
  return cases;
}

/** [X | 1]·[W; b] for row-layout X (N × d), W (d × n), b (n): every sample row extended by a 1. */
function foldedProduct(X: Vec[], Wrow: Rows, b: Vec): Vec[] {
  const Wb = [...Wrow, b]; // [W; b], (d + 1) × n — "2 Layer NN", Linear Transformation
  return X.map((x) => {
    const ext = [...x, 1]; // [x | 1]
    return b.map((_, j) => ext.reduce((s, v, i) => s + v * Wb[i][j], 0));
  });
}

function foldedCases(): FixtureCase[] {
  const rng = createRng(SEED + 1);
  const cases: FixtureCase[] = [];
  for (let i = 0; i < 6; i++) {
    const act = ACTS[i % ACTS.length];
    const [d, n, N] = [between(rng, 1, 5), between(rng, 1, 4), between(rng, 1, 4)];
    const [layer] = randomLayers(rng, [d, n], [act]);
    const X = Array.from({ length: N }, () => randomVec(rng, d, [-2, 2]));
    const z = foldedProduct(X, asWeights(layer.W, "row"), layer.b);
    const a = X.map((x) => denseSample(layer, x).a);
    cases.push(denseCase(`dense-forward/bias-fold-${nn(i)}`, layer, X, {
      layout: "row",
      z,
      a,
      statements: ["bias_fold", "dense_row"],
      tags: ["identity", "random"],
      notes:
        "Expected z from the folded product [X | 1]·[W; b] (the ones column meets the bias row); " +
        "X·W + b must agree.",
    }));
  }
  return cases;
}

function edgeCases(): FixtureCase[] {
  const reluZero: DLayer = { W: [[2, -1], [1, 1]], b: [0, -3], activation: "relu" };
  const X = [[1, 2], [3, 0]];
  const out = X.map((x) => denseSample(reluZero, x));
  const nanLayer: DLayer = { W: [[0.5, -1], [2, 0.25]], b: [0.1, -0.2], activation: "sigmoid" };
  const Xs = [[NaN, 1], [Infinity, 1], [1, 1]];
  const zeroWeight: DLayer = { W: [[0, 1], [0, -2]], b: [0.5, 0.5], activation: "tanh" };
  return [
    denseCase("dense-forward/relu-exactly-zero", reluZero, X, {
      layout: "column",
      z: out.map((o) => o.z),
      a: out.map((o) => o.a),
      statements: ["dense_column", "relu_def"],
      tags: ["edge"],
      notes:
        "W and x are chosen so that z is exactly 0 for three of the four entries: ReLU gives 0 there, " +
        "exactly (integers: no rounding).",
      exact: true,
    }),
    denseCase("dense-forward/nan-and-infinity-in-x", nanLayer, Xs, {
      layout: "row",
      z: [[NaN, NaN], [Infinity, Infinity], denseSample(nanLayer, [1, 1]).z],
      a: [[NaN, NaN], [1, 1], denseSample(nanLayer, [1, 1]).a],
      statements: ["dense_row"],
      tags: ["edge"],
      notes:
        "A NaN input makes every z of its sample NaN; +∞ times a positive weight gives +∞ and σ(∞) = 1; " +
        "the third sample is untouched.",
    }),
    denseCase("dense-forward/zero-weight-times-nan-and-infinity", zeroWeight, [[NaN, 1], [
      Infinity,
      1,
    ]], {
      layout: "column",
      z: [[NaN, NaN], [NaN, NaN]],
      a: [[NaN, NaN], [NaN, NaN]],
      statements: ["dense_column"],
      tags: ["edge"],
      notes:
        "The first input meets only zero weights, yet 0·NaN and 0·∞ are NaN (IEEE 754), so every z is NaN. " +
        "A product that skips zero weights (as some BLAS kernels do) returns finite numbers here.",
    }),
    denseCase(
      "dense-forward/batch-of-one-softmax",
      { W: [[1, -1], [0.5, 0.5], [-1, 2]], b: [0, 0.25, -0.25], activation: "softmax" },
      [[0.3, -0.7]],
      {
        layout: "column",
        z: [
          denseSample({
            W: [[1, -1], [0.5, 0.5], [-1, 2]],
            b: [0, 0.25, -0.25],
            activation: "softmax",
          }, [0.3, -0.7]).z,
        ],
        a: [
          denseSample({
            W: [[1, -1], [0.5, 0.5], [-1, 2]],
            b: [0, 0.25, -0.25],
            activation: "softmax",
          }, [0.3, -0.7]).a,
        ],
        statements: ["dense_column", "softmax_def"],
        tags: ["edge"],
        notes: "A single sample (N = 1) through a softmax layer.",
      },
    ),
  ];
}
