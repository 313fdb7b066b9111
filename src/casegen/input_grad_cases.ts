/**
 * Cases of the `input_grad` operation (in fixtures/backprop.json): ∂C/∂x of the batch-mean cost, the
 * gradient one layer before the first, which a user debugging layer by layer compares with the
 * previous layer's ∂C/∂a. Expected through explicit Jacobian products ((W¹)ᵀ δ¹ / N, δ¹ from
 * `batchGradients`), by central differences of the cost in x, and by hand for one neuron.
 *
 * @module
 */
import type { Layout } from "../reference/activations.ts";
import type { FixtureCase } from "../spec/case_file.ts";
import { createRng } from "../reference/random.ts";
import { asBatch, between, enc, makeCase, nn, src } from "./build.ts";
import type { ActivationName } from "../reference/activations.ts";
import type { CostName } from "../reference/costs.ts";
import { inputGradients, inputGradientsByDifferences, type Vec } from "./derive.ts";
import { comboName, type NetData, netInputs, randomNetData } from "./network_data.ts";

const SEED = 5501;
const COLUMN = src("002", "§2.4.2 Error relative to the changes of activations, in matrix form");
const ROW = src("000", "Logits (T3) → Hidden Layer 1 (T2) and Second Layer Weights (W2_b2)");
const COMBOS: [ActivationName, CostName, ActivationName][] = [
  ["sigmoid", "cross_entropy", "softmax"],
  ["tanh", "quadratic_half", "sigmoid"],
  ["relu", "quadratic_squared", "identity"],
  ["sigmoid", "quadratic_mean", "tanh"],
  ["tanh", "quadratic_half", "softmax"],
];

function inputGradCase(
  id: string,
  data: NetData,
  opts: {
    layout: Layout;
    dx: Vec[];
    tolerance: "exact" | "identity" | "finite_difference";
    tags: string[];
    notes: string;
  },
): FixtureCase {
  return makeCase({
    id,
    op: "input_grad",
    layout: opts.layout,
    inputs: netInputs(data, opts.layout),
    expected: { dx: enc(asBatch(opts.dx, opts.layout)) },
    tolerance: opts.tolerance,
    source: opts.layout === "column" ? COLUMN : ROW,
    statements: [
      "grad_prev_activation",
      "grad_batch_mean",
      ...(opts.layout === "row" ? ["row_grad", "layout_transpose"] : []),
    ],
    tags: opts.tags,
    notes: opts.notes,
  });
}

/**
 * Every `input_grad` case.
 *
 * @returns The cases, in file order.
 * @example Deterministic, with unique ids
 * ```ts
 * import assert from "node:assert";
 * const cases = inputGradCases();
 * assert.deepStrictEqual(cases, inputGradCases());
 * assert.strictEqual(new Set(cases.map((c) => c.id)).size, cases.length);
 * ```
 */
export function inputGradCases(): FixtureCase[] {
  const rng = createRng(SEED);
  const cases: FixtureCase[] = [];
  COMBOS.forEach(([hidden, cost, output], i) => {
    for (const layout of ["column", "row"] as const) {
      const sizes = Array.from({ length: 3 }, () => between(rng, 2, 4));
      const data = randomNetData(rng, { sizes, hidden, output, cost, batch: between(rng, 2, 4) });
      const name = comboName(hidden, cost, output);
      cases.push(inputGradCase(`input-grad/jacobians-${layout}-${name}-${nn(i)}`, data, {
        layout,
        dx: inputGradients(data.layers, data, "jacobians"),
        tolerance: "identity",
        tags: ["identity", "random"],
        notes:
          "Expected (W¹)ᵀ δ¹ / N per sample, δ¹ from explicit Jacobian products. A dx N times " +
          "too large forgot the batch mean; one shaped like W¹ᵀ's other side used W¹ for W¹ᵀ.",
      }));
    }
    const sizes = [between(rng, 2, 3), between(rng, 2, 3), between(rng, 1, 3)];
    const data = randomNetData(rng, { sizes, hidden, output, cost, batch: 3 });
    const layout: Layout = i % 2 === 0 ? "column" : "row";
    cases.push(
      inputGradCase(
        `input-grad/finite-difference-${layout}-${comboName(hidden, cost, output)}`,
        data,
        {
          layout,
          dx: inputGradientsByDifferences(data.layers, data, 1e-5),
          tolerance: "finite_difference",
          tags: ["identity", "random"],
          notes:
            "Expected by central differences (h = 1e−5) of the batch-mean cost in each input entry.",
        },
      ),
    );
  });
  const one: NetData = {
    layers: [{ W: [[2, -1]], b: [0.5], activation: "identity" }],
    X: [[3, 1], [1, 2]],
    Y: [[5], [0]],
    cost: "quadratic_half",
  };
  // z = 2x₀ − x₁ + ½: sample 1 gives z = 5.5, a − y = 0.5; sample 2 gives z = 0.5, a − y = 0.5
  cases.push(inputGradCase("input-grad/one-neuron-by-hand", one, {
    layout: "column",
    dx: [[0.5, -0.25], [0.5, -0.25]],
    tolerance: "exact",
    tags: ["edge"],
    notes: "One identity neuron, C = ½(a − y)², two samples: each dx is (a − y)·wᵀ/2 = [½, −¼]. " +
      "[1, −½] forgot the 1/N of the batch mean.",
  }));
  return cases;
}
