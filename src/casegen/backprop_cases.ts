/**
 * Cases of fixtures/backprop.json: backpropagation with `expected` derived the other way round —
 * by explicit full Jacobian products (δ recursion, Jacobian × vector = Hadamard), by nested sums over
 * paths, by the single-neuron chain, by averaging single-sample passes, through the folded bias, and
 * by central differences — plus SGD steps, batch costs and the edges (ReLU at exactly 0, N = 1).
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import { backwardFolded, forwardFolded } from "../reference/bias_fold.ts";
import type { FixtureCase } from "../spec/case_file.ts";
import { Matrix } from "../reference/matrix.ts";
import { backward, forward } from "../reference/network.ts";
import { costFromName, type CostName } from "../reference/costs.ts";
import type { ActivationName } from "../reference/activations.ts";
import { createRng, type Rng } from "../reference/random.ts";
import { between, enc, encodeGrads, makeCase, nn, src } from "./build.ts";
import {
  batchCost,
  batchGradients,
  type DeltaRoute,
  type DGrads,
  type DLayer,
  gradientsByDifferences,
} from "./derive.ts";
import {
  comboName,
  type NetData,
  netInputs,
  randomNetData,
  toReferenceNetwork,
} from "./network_data.ts";

import { inputGradCases } from "./input_grad_cases.ts";

const SEED = 5001;
const LAYOUTS: Layout[] = ["column", "row"];
const RECURSION = src("003", "Matrix Form of δ (Recursive)");
const COMBOS: [CostName, ActivationName][] = [
  ["cross_entropy", "softmax"],
  ["quadratic_squared", "sigmoid"],
  ["quadratic_half", "tanh"],
  ["quadratic_mean", "identity"],
  ["quadratic_half", "softmax"],
];
/** Rates other than 1, ½ and 2, with η·N ≠ 1 for N in 3…5: no slip of η coincides with one of N. */
const RATES = [0.1, 0.3, 0.7, 0.01, 1.5, 0.15];

/**
 * Widths n_0 … n_L in [lo, hi]; with `square` the last hidden layer is as wide as the output, so that
 * Wᴸ is square and a δ recursion with W in place of Wᵀ raises no shape error; without, it differs.
 */
function sizesFor(rng: Rng, widths: number, o: { square: boolean; lo?: number; hi?: number }) {
  const [lo, hi] = [o.lo ?? 2, o.hi ?? 4];
  const s = Array.from({ length: widths }, () => between(rng, lo, hi));
  const [h, L] = [widths - 2, widths - 1];
  if (o.square) s[h] = s[L];
  else if (s[h] === s[L]) s[h] = s[L] === hi ? lo : s[L] + 1;
  return s;
}

/** A batch size in 3…5 other than n_L, so that a factor of N is told from 2, ½ and n_L. */
function batchFor(rng: Rng, sizes: readonly number[]): number {
  const N = between(rng, 3, 5);
  return N === sizes[sizes.length - 1] ? (N === 5 ? 3 : N + 1) : N;
}

/**
 * Every case of backprop.json.
 *
 * @returns The cases, in file order.
 * @example Deterministic, with unique ids
 * ```ts
 * import assert from "node:assert";
 * const cases = backpropCases();
 * assert.deepStrictEqual(cases, backpropCases());
 * assert.strictEqual(new Set(cases.map((c) => c.id)).size, cases.length);
 * assert.ok(cases.some((c) => c.id === "backward/relu-exactly-zero-column"));
 * ```
 */
export function backpropCases(): FixtureCase[] {
  return [
    ...jacobianCases(),
    ...pathCases(),
    ...singleNeuronCases(),
    ...batchMeanCases(),
    ...biasFoldCases(),
    ...differenceCases(),
    ...edgeCases(),
    ...sgdCases(),
    ...costCases(),
    ...inputGradCases(),
  ];
}

/** The statements a backward case from derived gradients encodes, by output and layout. */
function backwardStatements(data: NetData, layout: Layout, route: DeltaRoute): string[] {
  const out = data.layers[data.layers.length - 1].activation;
  const st = route === "jacobians"
    ? ["delta_recursion", "jacobian_hadamard", "grad_prev_activation"]
    : route === "paths"
    ? ["delta_index_form"]
    : ["single_neuron_chain"];
  if (out === "softmax" && data.cost === "cross_entropy") st.push("softmax_ce_delta");
  else if (out !== "softmax") st.push("output_delta_hadamard");
  st.push("dw_outer", "db_delta", "grad_batch_mean");
  if (layout === "row") st.push("row_grad", "layout_transpose");
  return st;
}

function backwardCase(
  id: string,
  data: NetData,
  opts: {
    layout: Layout;
    grads: DGrads;
    tolerance: "identity" | "finite_difference";
    statements: string[];
    source: FixtureCase["source"];
    tags: string[];
    notes: string;
  },
): FixtureCase {
  return makeCase({
    id,
    op: "backward",
    layout: opts.layout,
    inputs: netInputs(data, opts.layout),
    expected: encodeGrads(opts.grads, opts.layout),
    tolerance: opts.tolerance,
    source: opts.source,
    statements: opts.statements,
    tags: opts.tags,
    notes: opts.notes,
  });
}

function jacobianCases(): FixtureCase[] {
  const rng = createRng(SEED);
  const cases: FixtureCase[] = [];
  let i = 0;
  for (const hidden of ["sigmoid", "tanh", "relu"] as const) {
    for (const [cost, output] of COMBOS) {
      const layout = LAYOUTS[i % 2];
      const depth = 2 + (i % 2);
      const sizes = sizesFor(rng, depth + 1, { square: Math.floor(i / 2) % 2 === 0 });
      const data = randomNetData(rng, { sizes, hidden, output, cost, batch: batchFor(rng, sizes) });
      cases.push(
        backwardCase(
          `backward/jacobian-${layout}-${comboName(hidden, cost, output)}-${nn(i)}`,
          data,
          {
            layout,
            grads: batchGradients(data.layers, data, "jacobians"),
            tolerance: "identity",
            statements: backwardStatements(data, layout, "jacobians"),
            source: RECURSION,
            tags: ["identity", "random"],
            notes:
              `Expected δ from full Jacobians per sample (δᴸ = Jᵀ ∂C₀/∂a, δˡ = (Wˡ⁺¹ Jˡ)ᵀ δˡ⁺¹), dW as a mean of ` +
              `outer products δ aᵀ, db as a mean of δ. The Hadamard recursion must agree. Sizes ${
                sizes.join("-")
              }.`,
          },
        ),
      );
      i++;
    }
  }
  return cases;
}

function pathCases(): FixtureCase[] {
  const rng = createRng(SEED + 1);
  const cases: FixtureCase[] = [];
  let i = 0;
  for (const hidden of ["sigmoid", "tanh", "relu"] as const) {
    for (
      const [cost, output] of [["quadratic_squared", "sigmoid"], [
        "quadratic_mean",
        "tanh",
      ]] as const
    ) {
      const layout = LAYOUTS[i % 2];
      const sizes = sizesFor(rng, 4 + (i % 2), { square: Math.floor(i / 2) % 2 === 0, hi: 3 });
      const data = randomNetData(rng, { sizes, hidden, output, cost, batch: batchFor(rng, sizes) });
      cases.push(
        backwardCase(`backward/paths-${layout}-${comboName(hidden, cost, output)}-${nn(i)}`, data, {
          layout,
          grads: batchGradients(data.layers, data, "paths"),
          tolerance: "identity",
          statements: backwardStatements(data, layout, "paths"),
          source: src("003", "Recursive Gradient Generalization (Layer-wise)"),
          tags: ["identity", "random"],
          notes:
            `Expected δ by the nested sums of "Layer by Layer": every path from a neuron to the output, ` +
            `the product of w and σ′ along it, summed. Sizes ${sizes.join("-")}.`,
        }),
      );
      i++;
    }
  }
  return cases;
}

function singleNeuronCases(): FixtureCase[] {
  const rng = createRng(SEED + 2);
  const shapes: {
    hidden: ActivationName;
    output: ActivationName;
    cost: CostName;
    batch: number;
    depth: number;
  }[] = [
    { hidden: "sigmoid", output: "sigmoid", cost: "quadratic_squared", batch: 1, depth: 3 },
    { hidden: "sigmoid", output: "sigmoid", cost: "quadratic_squared", batch: 3, depth: 4 },
    { hidden: "tanh", output: "sigmoid", cost: "quadratic_half", batch: 4, depth: 2 },
  ];
  return shapes.map((s, i) => {
    const layout = LAYOUTS[i % 2];
    const data = randomNetData(rng, { ...s, sizes: new Array(s.depth + 1).fill(1) });
    return backwardCase(
      `backward/single-neuron-${layout}-${comboName(s.hidden, s.cost, s.output)}-${nn(i)}`,
      data,
      {
        layout,
        grads: batchGradients(data.layers, data, "single-neuron"),
        tolerance: "identity",
        statements: [...backwardStatements(data, layout, "single-neuron"), s.cost],
        source: src("003", "Backpropagation: Single Neuron per Layer (Index-Based Derivation)"),
        tags: ["identity", "random"],
        notes:
          `One neuron per layer (${s.depth} layers): expected ∂C₀/∂w⁽ᵏ⁾ as one product of chain factors ` +
          "∂C₀/∂aᴸ · σ′(zᴸ) · wᴸ ⋯ σ′(zᵏ) · aᵏ⁻¹, averaged over the batch.",
      },
    );
  });
}

/** Gradients by the reference on one sample at a time (column layout), averaged: ∂C/∂w = (1/n) Σ ∂Cₖ/∂w. */
function meanOfSingleSamplePasses(data: NetData): DGrads {
  const net = toReferenceNetwork(data.layers, "column");
  const cost = costFromName(data.cost);
  const N = data.X.length;
  const per = data.X.map((x, k) =>
    backward(net, forward(net, Matrix.column(x)), { Y: Matrix.column(data.Y[k]), cost })
  );
  const L = data.layers.length;
  const mean = (get: (k: number) => Matrix) => {
    const first = get(0);
    return first.toArrays().map((row, i) =>
      row.map((_, j) => per.reduce((s, _g, k) => s + get(k).get(i, j), 0) / N)
    );
  };
  return {
    delta: Array.from({ length: L }, (_, l) => per.map((g) => Array.from(g.layers[l].delta.data))),
    dW: Array.from({ length: L }, (_, l) => mean((k) => per[k].layers[l].dW)),
    db: Array.from({ length: L }, (_, l) => mean((k) => per[k].layers[l].db).map((r) => r[0])),
  };
}

function batchMeanCases(): FixtureCase[] {
  const rng = createRng(SEED + 3);
  const cases: FixtureCase[] = [];
  for (let i = 0; i < 6; i++) {
    const layout = LAYOUTS[i % 2];
    const [cost, output] = COMBOS[i % COMBOS.length];
    const hidden = (["relu", "sigmoid", "tanh"] as const)[i % 3];
    const sizes = sizesFor(rng, 3 + (i % 2), { square: i % 3 === 0 });
    const data = randomNetData(rng, { sizes, hidden, output, cost, batch: batchFor(rng, sizes) });
    cases.push(
      backwardCase(
        `backward/batch-mean-${layout}-${comboName(hidden, cost, output)}-${nn(i)}`,
        data,
        {
          layout,
          grads: meanOfSingleSamplePasses(data),
          tolerance: "identity",
          statements: [
            "grad_batch_mean",
            "db_delta",
            ...(layout === "row" ? ["layout_transpose", "row_grad"] : []),
          ],
          source: src("003", "Averaging Gradients Across Training Examples"),
          tags: ["identity", "random"],
          notes:
            `Expected by running ${data.X.length} single-sample backward passes and averaging dW and db ` +
            "(δ is per sample, so it is their concatenation). A sum instead of a mean fails by a factor of N.",
        },
      ),
    );
  }
  return cases;
}

function biasFoldCases(): FixtureCase[] {
  const rng = createRng(SEED + 4);
  const cases: FixtureCase[] = [];
  for (let i = 0; i < 4; i++) {
    const [cost, output] = COMBOS[i % COMBOS.length];
    const hidden = (["sigmoid", "tanh", "relu"] as const)[i % 3];
    const sizes = sizesFor(rng, 3, { square: i % 2 === 0 });
    const data = randomNetData(rng, { sizes, hidden, output, cost, batch: batchFor(rng, sizes) });
    const net = toReferenceNetwork(data.layers, "row");
    const X = Matrix.from(data.X);
    const g = backwardFolded(net, forwardFolded(net, X), {
      Y: Matrix.from(data.Y),
      cost: costFromName(cost),
    });
    // Already in row layout: δ is N × n_l, dW is n_{l−1} × n_l, db is 1 × n_l.
    const expected = {
      delta: g.layers.map((l) => enc(l.delta.toArrays())),
      dW: g.layers.map((l) => enc(l.dW.toArrays())),
      db: g.layers.map((l) => enc(l.db.toArrays())),
    };
    cases.push(makeCase({
      id: `backward/bias-fold-row-${comboName(hidden, cost, output)}-${nn(i)}`,
      op: "backward",
      layout: "row",
      inputs: netInputs(data, "row"),
      expected,
      tolerance: "identity",
      source: src("000", "Logits (T3) → Hidden Layer 1 (T2) and Second Layer Weights (W2_b2)"),
      statements: ["bias_fold_grad", "bias_fold", "row_grad"],
      tags: ["identity", "random"],
      notes:
        "Expected from the folded form: dW and db are the rows of [A | 1]ᵀ·G (db the last), and the " +
        "gradient flowing back is G·[W; b]ᵀ with the ones column dropped.",
    }));
  }
  return cases;
}

function differenceCases(): FixtureCase[] {
  const rng = createRng(SEED + 5);
  const cases: FixtureCase[] = [];
  for (let i = 0; i < 6; i++) {
    const layout = LAYOUTS[i % 2];
    const [cost, output] = COMBOS[i % COMBOS.length];
    const hidden = (["sigmoid", "tanh"] as const)[i % 2];
    const sizes = sizesFor(rng, 2 + (i % 3), { square: i % 2 === 1, hi: 3 });
    const data = randomNetData(rng, { sizes, hidden, output, cost, batch: batchFor(rng, sizes) });
    cases.push(
      backwardCase(
        `backward/finite-difference-${layout}-${comboName(hidden, cost, output)}-${nn(i)}`,
        data,
        {
          layout,
          grads: gradientsByDifferences(data.layers, data, 1e-5),
          tolerance: "finite_difference",
          statements: ["grad_is_derivative", "grad_batch_mean", "loss_scalar_gradient_stack"],
          source: src("002", "1.3 Derivative of costs relative to weight"),
          tags: ["identity", "random"],
          notes:
            "Expected by central differences (h = 1e−5) of the batch-mean cost; δ of sample k as ∂Cₖ/∂bˡ. " +
            "A gradient with the wrong factor or sign fails whatever the derivation.",
        },
      ),
    );
  }
  return cases;
}

function edgeCases(): FixtureCase[] {
  // Hidden neuron 0 has z = 2·1 − 1·2 + 0 = 0 exactly for the first sample: ReLU′(0) = 0 blocks it.
  const layers: DLayer[] = [
    { W: [[2, -1], [0.5, 0.25]], b: [0, 0.1], activation: "relu" },
    { W: [[1, -0.5], [-0.75, 0.5]], b: [0.05, -0.05], activation: "softmax" },
  ];
  const zeroData: NetData = {
    layers,
    X: [[1, 2], [1.5, -0.5], [-1, 0.5]],
    Y: [[1, 0], [0, 1], [0, 1]],
    cost: "cross_entropy",
  };
  const oneData = randomNetData(createRng(SEED + 6), {
    sizes: [3, 2, 2],
    hidden: "tanh",
    output: "sigmoid",
    cost: "quadratic_half",
    batch: 1,
  });
  return [
    ...largeLogitCases(),
    ...LAYOUTS.map((layout) =>
      backwardCase(`backward/relu-exactly-zero-${layout}`, zeroData, {
        layout,
        grads: batchGradients(layers, zeroData, "jacobians"),
        tolerance: "identity",
        statements: ["relu_prime", "delta_recursion", "softmax_ce_delta"],
        source: src("003", "Backpropagation Derivations Used in Code"),
        tags: ["edge"],
        notes:
          "The first hidden neuron sits exactly at z = 0 for the first sample, so with ReLU′(0) = 0 its δ " +
          "is 0 there. ReLU′(0) = 1 (z ≥ 0) changes δ¹, dW¹ and db¹.",
      })
    ),
    ...LAYOUTS.map((layout) =>
      backwardCase(`backward/batch-of-one-${layout}`, oneData, {
        layout,
        grads: batchGradients(oneData.layers, oneData, "jacobians"),
        tolerance: "identity",
        statements: ["delta_recursion", "output_delta_hadamard", "quadratic_half"],
        source: src("002", "5. Numerical Example"),
        tags: ["edge"],
        notes:
          "N = 1, as in the documents' worked examples: dW = δ aᵀ and db = δ with no averaging to hide behind.",
      })
    ),
  ];
}

function sgdCases(): FixtureCase[] {
  const rng = createRng(SEED + 7);
  const cases: FixtureCase[] = [];
  for (let i = 0; i < 6; i++) {
    const layout = LAYOUTS[i % 2];
    const [cost, output] = COMBOS[i % COMBOS.length];
    const hidden = (["relu", "tanh", "sigmoid"] as const)[i % 3];
    const sizes = sizesFor(rng, 3, { square: i % 2 === 0 });
    const data = randomNetData(rng, { sizes, hidden, output, cost, batch: batchFor(rng, sizes) });
    const lr = RATES[i];
    const g = batchGradients(data.layers, data, "jacobians");
    const stepped: DLayer[] = data.layers.map((l, k) => ({
      W: l.W.map((row, r) => row.map((w, c) => w - lr * g.dW[k][r][c])),
      b: l.b.map((b, r) => b - lr * g.db[k][r]),
      activation: l.activation,
    }));
    cases.push(makeCase({
      id: `sgd-step/${layout}-${comboName(hidden, cost, output)}-${nn(i)}`,
      op: "sgd_step",
      layout,
      inputs: { ...netInputs(data, layout), lr },
      expected: { network: netInputs({ ...data, layers: stepped }, layout, true).network },
      tolerance: "identity",
      source: src("001", "Backward Propagation (updating rule)"),
      statements: ["sgd_update", "delta_recursion"],
      tags: ["identity", "random"],
      notes:
        `One step W ← W − η dW, b ← b − η db with η = ${lr}, dW and db from the Jacobian route. ` +
        "A step up the gradient, or with the sum instead of the mean, fails.",
    }));
  }
  return cases;
}

function costCases(): FixtureCase[] {
  const rng = createRng(SEED + 8);
  const cases: FixtureCase[] = [];
  for (let i = 0; i < 6; i++) {
    const layout = LAYOUTS[i % 2];
    const [cost, output] = COMBOS[i % COMBOS.length];
    const hidden = (["sigmoid", "relu", "tanh"] as const)[i % 3];
    const sizes = sizesFor(rng, 3, { square: i % 2 === 1 });
    const data = randomNetData(rng, { sizes, hidden, output, cost, batch: batchFor(rng, sizes) });
    cases.push(makeCase({
      id: `network-cost/${layout}-${comboName(hidden, cost, output)}-${nn(i)}`,
      op: "network_cost",
      layout,
      inputs: netInputs(data, layout),
      expected: { loss: batchCost(data.layers, data.X, data.Y, cost) },
      tolerance: "closed_form",
      source: src("002", "1.6 Cost for all training"),
      statements: ["cost_batch_mean", ...(cost === "cross_entropy" ? ["ce_batch_mean"] : [cost])],
      tags: ["definition", "random"],
      notes:
        "Expected = (1/N) Σₖ C₀ of each sample through the network; a sum instead of a mean fails.",
    }));
  }
  return cases;
}

/**
 * A network whose logits reach ±2300: softmax inside the network must subtract the maximum (e^1350 is
 * Infinity, and Infinity/Infinity is NaN) and the loss must come from log-sum-exp.
 */
function largeLogitCases(): FixtureCase[] {
  const data: NetData = {
    layers: [
      { W: [[1, -1], [0.5, 2]], b: [0, 0.1], activation: "relu" },
      { W: [[400, -300], [-200, 500], [300, 300]], b: [0, 0, -100], activation: "softmax" },
    ],
    X: [[2, 1], [1, 2], [-1, 0.5]],
    Y: [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
    cost: "cross_entropy",
  };
  const source = src("001", "Softmax");
  const notes = "Logits up to 2300 inside the network: softmax with the maximum subtracted gives " +
    "finite p (e^z without the shift overflows to Infinity and p to NaN); the loss is log-sum-exp minus " +
    "the target logit.";
  const net = toReferenceNetwork(data.layers, "column");
  const pass = forward(net, Matrix.from(data.X[0].map((_, i) => data.X.map((x) => x[i]))));
  const Z = pass.layers[1].z;
  // C₀ = log Σⱼ e^(zⱼ) − z_y per sample, with log Σ e^z = m + log Σ e^(z − m)
  const loss = data.Y.reduce((sum, y, k) => {
    const z = y.map((_, i) => Z.get(i, k));
    const m = Math.max(...z);
    const lse = m + Math.log(z.reduce((t, zi) => t + Math.exp(zi - m), 0));
    return sum + lse - z[y.indexOf(1)];
  }, 0) / data.Y.length;
  return LAYOUTS.flatMap((layout) => [
    backwardCase(`backward/large-logits-${layout}`, data, {
      layout,
      grads: meanOfSingleSamplePasses(data),
      tolerance: "identity",
      statements: ["softmax_ce_delta", "delta_recursion", "grad_batch_mean"],
      source,
      tags: ["edge", "overflow"],
      notes,
    }),
    makeCase({
      id: `network-cost/large-logits-${layout}`,
      op: "network_cost",
      layout,
      inputs: netInputs(data, layout),
      expected: { loss },
      tolerance: "closed_form",
      source,
      statements: ["cost_batch_mean", "ce_batch_mean"],
      tags: ["edge", "overflow"],
      notes,
    }),
  ]);
}
