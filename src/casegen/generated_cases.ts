/**
 * Cases of fixtures/networks.json: seeded random networks of depth 1 to 4 and small widths: depth 2 to
 * 4 for every hidden activation × (cross-entropy with softmax, or a quadratic convention with a sigmoid, tanh,
 * identity or softmax output) × layout, each through forward, backward, network_cost and sgd_step.
 * Depth 1 (no hidden layer) once per output. The row-layout twin of each network holds the same numbers transposed.
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import type { FixtureCase } from "../spec/case_file.ts";
import type { ActivationName } from "../reference/activations.ts";
import type { CostName } from "../reference/costs.ts";
import { createRng } from "../reference/random.ts";
import { between, encodeGrads, encodePerLayer, makeCase, nn, src } from "./build.ts";
import { batchCost, batchGradients, type DLayer, forwardSample } from "./derive.ts";
import { comboName, type NetData, netInputs, randomNetData } from "./network_data.ts";

/** The seed of the generator; changing it regenerates every network. */
export const GENERATED_SEED = 6001;
const HIDDEN: ActivationName[] = ["sigmoid", "tanh", "relu"];
const OUTPUTS: [CostName, ActivationName][] = [
  ["cross_entropy", "softmax"],
  ...(["quadratic_squared", "quadratic_half", "quadratic_mean"] as const).flatMap((cost) =>
    (["sigmoid", "tanh", "identity", "softmax"] as const).map((
      out,
    ): [CostName, ActivationName] => [cost, out])
  ),
];
const LAYOUTS: Layout[] = ["column", "row"];
/** Rates other than ½, 1 and 2 with η·N ≠ 1 for N in 3…5, so that no slip of η coincides with a slip of N. */
const RATES = [0.1, 0.3, 0.7, 0.15, 1.5];

/**
 * Every case of networks.json.
 *
 * @returns The cases, in file order.
 * @example Deterministic, with unique ids
 * ```ts
 * import assert from "node:assert";
 * const cases = generatedCases();
 * assert.deepStrictEqual(cases, generatedCases());
 * assert.strictEqual(new Set(cases.map((c) => c.id)).size, cases.length);
 * assert.ok(cases.some((c) => c.id === "generated/backward/row/d1-quadratic-half-softmax-47"));
 * ```
 */
export function generatedCases(): FixtureCase[] {
  const rng = createRng(GENERATED_SEED);
  const cases: FixtureCase[] = [];
  let i = 0;
  const add = (hidden: ActivationName, cost: CostName, output: ActivationName, depth: number) => {
    const sizes = Array.from({ length: depth + 1 }, () => between(rng, 1, 4));
    if (cost === "cross_entropy" || output === "softmax") sizes[depth] = Math.max(2, sizes[depth]);
    // N in 3…5 and other than n_L: a factor of N is told from 2, ½ and n_L
    const N = between(rng, 3, 5);
    const batch = N === sizes[depth] ? (N === 5 ? 3 : N + 1) : N;
    const data = randomNetData(rng, { sizes, hidden, output, cost, batch });
    const lr = RATES[i % RATES.length];
    const combo = depth === 1
      ? comboName(hidden, cost, output).replace(/^[a-z]+-/, "")
      : comboName(hidden, cost, output);
    const name = `d${depth}-${combo}-${nn(i++)}`;
    for (const layout of LAYOUTS) {
      cases.push(...networkCases(`${layout}/${name}`, { ...data, lr }, layout));
    }
  };
  // Depth 2 to 4 for every hidden activation, then depth 1 (no hidden layer) once per output.
  HIDDEN.forEach((hidden) =>
    OUTPUTS.forEach(([cost, output], k) => add(hidden, cost, output, 2 + (k % 3)))
  );
  OUTPUTS.forEach(([cost, output]) => add("sigmoid", cost, output, 1));
  return cases;
}

function networkCases(
  name: string,
  data: NetData & { lr: number },
  layout: Layout,
): FixtureCase[] {
  const sizes = [data.X[0].length, ...data.layers.map((l) => l.W.length)].join("-");
  const source = src(
    null,
    `seeded generator (src/casegen/generated_cases.ts, seed ${GENERATED_SEED})`,
  );
  const tags = ["generated"];
  const twin = layout === "row" ? ["layout_transpose"] : [];
  const what =
    `sizes ${sizes}, ${data.layers.length} layer(s), N = ${data.X.length}, ${layout} layout`;
  const passes = data.X.map((x) => forwardSample(data.layers, x));
  const g = batchGradients(data.layers, data, "jacobians");
  const stepped: DLayer[] = data.layers.map((l, k) => ({
    W: l.W.map((row, r) => row.map((w, c) => w - data.lr * g.dW[k][r][c])),
    b: l.b.map((b, r) => b - data.lr * g.db[k][r]),
    activation: l.activation,
  }));
  const perLayer = (get: (p: (typeof passes)[number], l: number) => number[]) =>
    data.layers.map((_, l) => passes.map((p) => get(p, l)));
  return [
    makeCase({
      id: `generated/forward/${name}`,
      op: "forward",
      layout,
      inputs: netInputs(data, layout, true),
      expected: {
        z: encodePerLayer(perLayer((p, l) => p.z[l]), layout),
        a: encodePerLayer(perLayer((p, l) => p.a[l]), layout),
      },
      tolerance: "closed_form",
      source,
      statements: [layout === "column" ? "dense_column" : "dense_row", "dense_summation", ...twin],
      tags,
      notes: `Forward pass, ${what}; expected per sample by the summation form.`,
    }),
    makeCase({
      id: `generated/backward/${name}`,
      op: "backward",
      layout,
      inputs: netInputs(data, layout),
      expected: encodeGrads(g, layout),
      tolerance: "identity",
      source,
      statements: [
        "delta_recursion",
        "jacobian_hadamard",
        "dw_outer",
        "db_delta",
        "grad_batch_mean",
        ...twin,
      ],
      tags,
      notes:
        `Backward pass, ${what}; expected by explicit Jacobian products per sample, outer products averaged.`,
    }),
    makeCase({
      id: `generated/network-cost/${name}`,
      op: "network_cost",
      layout,
      inputs: netInputs(data, layout),
      expected: { loss: batchCost(data.layers, data.X, data.Y, data.cost) },
      tolerance: "closed_form",
      source,
      statements: ["cost_batch_mean"],
      tags,
      notes: `Batch-mean ${data.cost} cost, ${what}.`,
    }),
    makeCase({
      id: `generated/sgd-step/${name}`,
      op: "sgd_step",
      layout,
      inputs: { ...netInputs(data, layout), lr: data.lr },
      expected: { network: netInputs({ ...data, layers: stepped }, layout, true).network },
      tolerance: "identity",
      source,
      statements: ["sgd_update"],
      tags,
      notes: `One SGD step with η = ${data.lr}, ${what}.`,
    }),
  ];
}
