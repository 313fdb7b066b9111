/**
 * Cases of fixtures/costs.json: cross-entropy from probabilities and from logits, the softmax-CE
 * gradient derived through the chain ∂L/∂P · ∂P/∂z, the three quadratic conventions with their
 * gradients taken by central differences, and the edges (p = 0, labels on the smallest probability).
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import type { FixtureCase } from "../spec/case_file.ts";
import { type CostName, QUADRATIC_CONVENTIONS } from "../reference/costs.ts";
import { createRng, type Rng } from "../reference/random.ts";
import type { ToleranceClass } from "../spec/tolerance.ts";
import {
  asBatch,
  between,
  enc,
  makeCase,
  nn,
  oneHotVec,
  randomDistribution,
  randomVec,
  src,
} from "./build.ts";
import {
  centralDifference,
  sampleCost,
  softmaxDef,
  softmaxJacobianCases,
  type Vec,
} from "./derive.ts";

const SEED = 3001;
const LAYOUTS: Layout[] = ["column", "row"];
const CE = src("000", "Cross Entropy Loss");
const CE_GRAD = src("000", "Cross Entropy (Loss) → Logits (T3) (Direct Jump, Simplification!)");

/**
 * Every case of costs.json.
 *
 * @returns The cases, in file order.
 * @example Deterministic, with unique ids
 * ```ts
 * import assert from "node:assert";
 * const cases = costCases();
 * assert.deepStrictEqual(cases, costCases());
 * assert.strictEqual(new Set(cases.map((c) => c.id)).size, cases.length);
 * assert.ok(cases.some((c) => c.id === "softmax-cross-entropy/huge-logits-label-on-smallest"));
 * ```
 */
export function costCases(): FixtureCase[] {
  return [
    ...crossEntropyCases(),
    ...softmaxCrossEntropyCases(),
    ...softmaxCeGradCases(),
    ...crossEntropyGradCases(),
    ...quadraticCases(),
    ...quadraticGradClosedFormCases(),
  ];
}

interface Batch {
  readonly layout: Layout;
  readonly a: Vec[];
  readonly y: Vec[];
}

function randomOneHot(rng: Rng, n: number, N: number): Vec[] {
  return Array.from({ length: N }, () => oneHotVec(n, rng.int(n)));
}

function logitBatch(rng: Rng, i: number, soft = false): Batch {
  const n = between(rng, 2, 6);
  const N = between(rng, 1, 4);
  const a = Array.from({ length: N }, () => randomVec(rng, n, [-4, 4]));
  const y = soft
    ? Array.from({ length: N }, () => randomDistribution(rng, n))
    : randomOneHot(rng, n, N);
  return { layout: LAYOUTS[i % 2], a, y };
}

const mean = (xs: number[]) => xs.reduce((p, q) => p + q, 0) / xs.length;

/** A batch as case inputs: its values under `name` (p for probabilities, z for logits), then y. */
function batchInputs(b: Batch, name: "p" | "z") {
  return { [name]: enc(asBatch(b.a, b.layout)), y: enc(asBatch(b.y, b.layout)) };
}

/** What a case adds to its operation, batch and expected output. */
interface CaseDetails {
  readonly statements: string[];
  readonly tags: string[];
  readonly notes: string;
}

/**
 * A maker of closed-form loss cases of `op`, whose batch values are the input `name`:
 * cross-entropy takes probabilities p, softmax-CE takes logits z.
 */
function lossCaseMaker(op: "cross_entropy" | "softmax_cross_entropy", name: "p" | "z") {
  return (id: string, b: Batch, loss: number, details: CaseDetails) =>
    makeCase({
      id,
      op,
      layout: b.layout,
      inputs: batchInputs(b, name),
      expected: { loss },
      tolerance: "closed_form",
      source: CE,
      ...details,
    });
}

function crossEntropyCases(): FixtureCase[] {
  const rng = createRng(SEED);
  const cases: FixtureCase[] = [];
  const ceCase = lossCaseMaker("cross_entropy", "p");
  for (let i = 0; i < 6; i++) {
    const b = logitBatch(rng, i);
    const p = b.a.map(softmaxDef);
    const truth = b.y.map((y) => y.indexOf(1));
    // −log p_true per sample, then the batch mean — "2 Layer NN", Cross Entropy Loss
    const loss = mean(p.map((pk, k) => -Math.log(pk[truth[k]])));
    cases.push(ceCase(`cross-entropy/one-hot-${nn(i)}`, { ...b, a: p }, loss, {
      statements: ["ce_one_hot", "ce_batch_mean"],
      tags: ["identity", "random"],
      notes: "One-hot targets: expected = mean over the batch of −log p of the true class.",
    }));
  }
  for (let i = 0; i < 4; i++) {
    const b = logitBatch(rng, i, true);
    const p = b.a.map(softmaxDef);
    cases.push(
      ceCase(
        `cross-entropy/soft-targets-${nn(i)}`,
        { ...b, a: p },
        mean(p.map((pk, k) => sampleCost("cross_entropy", pk, b.y[k]))),
        {
          statements: ["ce_def", "ce_batch_mean"],
          tags: ["definition", "random"],
          notes:
            "Targets that are distributions, not one-hot: the full sum −Σ y log p per sample, then the mean.",
        },
      ),
    );
  }
  const edge = (id: string, p: Vec[], y: Vec[], loss: number, notes: string) =>
    ceCase(`cross-entropy/${id}`, { layout: "column", a: p, y }, loss, {
      statements: ["ce_def", "ce_one_hot"],
      tags: ["edge"],
      notes,
    });
  cases.push(
    edge(
      "zero-probability-off-label",
      [[0.5, 0.5, 0]],
      [[1, 0, 0]],
      Math.LN2,
      "p = 0 where y = 0: the term 0·log 0 is absent, not NaN.",
    ),
    edge(
      "zero-probability-on-label",
      [[1, 0]],
      [[0, 1]],
      Infinity,
      "p = 0 on the true class: the loss is +∞.",
    ),
    edge(
      "certain-and-right",
      [[1, 0, 0], [0, 1, 0]],
      [[1, 0, 0], [0, 1, 0]],
      0,
      "p = 1 on the true class costs nothing.",
    ),
  );
  return cases;
}

function logSumExp(u: Vec): number {
  const m = Math.max(...u);
  return m + Math.log(u.reduce((s, x) => s + Math.exp(x - m), 0));
}

function softmaxCrossEntropyCases(): FixtureCase[] {
  const rng = createRng(SEED + 1);
  const cases: FixtureCase[] = [];
  const sceCase = lossCaseMaker("softmax_cross_entropy", "z");
  for (let i = 0; i < 6; i++) {
    const b = logitBatch(rng, i);
    const loss = mean(b.a.map((z, k) => -Math.log(softmaxDef(z)[b.y[k].indexOf(1)])));
    cases.push(sceCase(`softmax-cross-entropy/one-hot-${nn(i)}`, b, loss, {
      statements: ["ce_one_hot", "ce_batch_mean", "softmax_def"],
      tags: ["identity", "random"],
      notes:
        "Expected = mean of −log softmax(z)_true; computing it from the logits (log-sum-exp) agrees.",
    }));
  }
  const edge = (id: string, z: Vec[], y: Vec[], layout: Layout, notes: string) =>
    sceCase(
      `softmax-cross-entropy/${id}`,
      { layout, a: z, y },
      mean(z.map((u, k) => logSumExp(u) - u[y[k].indexOf(1)])),
      {
        statements: ["ce_one_hot", "ce_batch_mean"],
        tags: ["edge"],
        notes,
      },
    );
  cases.push(
    edge(
      "huge-logits-label-on-largest",
      [[1000, 0, -1000]],
      [[1, 0, 0]],
      "column",
      "A confident right answer costs 0; e^1000 must not overflow.",
    ),
    edge(
      "huge-logits-label-on-smallest",
      [[1000, 0, -1000]],
      [[0, 0, 1]],
      "row",
      "The label is on the smallest probability, e^−2000 ≈ 0: −log p must come out as 2000 (log Σe^z − z_true), not ∞.",
    ),
    edge(
      "all-equal",
      [[3, 3, 3, 3]],
      [[0, 0, 1, 0]],
      "column",
      "Equal logits: the loss is log 4 whatever the label.",
    ),
    edge(
      "logit-minus-745",
      [[-745, 0]],
      [[1, 0]],
      "row",
      "p_true = e^−745 is subnormal: the loss is 745 (to rounding), not ∞.",
    ),
    edge(
      "tiny-logits",
      [[1e-300, -1e-300]],
      [[0, 1]],
      "column",
      "Logits near 0: the loss is log 2.",
    ),
  );
  return cases;
}

/** The softmax-CE gradient of one sample through the chain: Jᵀ(−y/(N p)) — "2 Layer NN", T4 → T3. */
function chainGrad(z: Vec, y: Vec, N: number): Vec {
  const p = softmaxDef(z);
  const g = p.map((pj, j) => (y[j] === 0 ? 0 : -y[j] / (N * pj))); // ∂Loss/∂p = −y/(N p)
  const J = softmaxJacobianCases(p);
  return z.map((_, k) => J.reduce((s, row, j) => s + g[j] * row[k], 0));
}

function softmaxCeGradCases(): FixtureCase[] {
  const rng = createRng(SEED + 2);
  const cases: FixtureCase[] = [];
  const gradCase = (
    id: string,
    b: Batch,
    dz: Vec[],
    extra: CaseDetails & { tolerance: ToleranceClass },
  ) =>
    makeCase({
      id,
      op: "softmax_cross_entropy_grad",
      layout: b.layout,
      inputs: batchInputs(b, "z"),
      expected: { dz: enc(asBatch(dz, b.layout)) },
      source: CE_GRAD,
      ...extra,
    });
  for (let i = 0; i < 10; i++) {
    const b = logitBatch(rng, i, i >= 8);
    const N = b.a.length;
    cases.push(
      gradCase(
        `softmax-ce-grad/chain-${b.layout}-${nn(i)}`,
        b,
        b.a.map((z, k) => chainGrad(z, b.y[k], N)),
        {
          tolerance: "identity",
          statements: [
            "softmax_ce_grad",
            "ce_grad_p",
            "softmax_jacobian",
            ...(b.layout === "row" ? ["layout_transpose"] : []),
          ],
          tags: ["identity", "random"],
          notes:
            "Expected through the chain: −y/(N p) times the full softmax Jacobian. (P − Y)/N must agree; " +
            "a missing 1/N fails by a factor of N" +
            (i >= 8 ? "; here y is a distribution, which the chain allows." : "."),
        },
      ),
    );
  }
  cases.push(
    gradCase(
      "softmax-ce-grad/label-on-smallest",
      { layout: "column", a: [[1000, 0, -1000]], y: [[0, 0, 1]] },
      [[1, 0, -1]],
      {
        tolerance: "closed_form",
        statements: ["softmax_ce_grad"],
        tags: ["edge"],
        notes:
          "p = [1, 0, 0] with the label on the last class: (P − Y)/1 = [1, 0, −1]. The chain −y/p would divide by 0.",
      },
    ),
    ...[
      ["targets-sum-half", "column", [[0.5, -1, 2]], [[0.25, 0, 0.25]], "½"],
      ["targets-sum-two", "row", [[0.5, -1, 2], [1, 1, -3]], [[1, 1, 0], [0, 2, 0]], "2"],
      ["targets-all-zero", "column", [[0.5, -1, 2]], [[0, 0, 0]], "0"],
    ].map(([name, layout, z, y, sum]) => {
      const b = { layout, a: z, y } as Batch;
      return gradCase(
        `softmax-ce-grad/${name}`,
        b,
        b.a.map((u, k) => chainGrad(u, b.y[k], b.a.length)),
        {
          tolerance: "identity",
          statements: ["softmax_ce_needs_sum_one", "ce_grad_p", "softmax_jacobian"],
          tags: ["identity", "edge"],
          notes: `Targets summing to ${sum}, not 1: through the chain −y/(N p) times the softmax ` +
            "Jacobian the gradient is (p·Σy − y)/N. (p − y)/N, the documents' simplification, " +
            "assumes one-hot targets and is off by p(Σy − 1)/N here.",
        },
      );
    }),
    gradCase("softmax-ce-grad/batch-of-one", { layout: "row", a: [[0, 0]], y: [[1, 0]] }, [[
      -0.5,
      0.5,
    ]], {
      tolerance: "exact",
      statements: ["softmax_ce_grad"],
      tags: ["edge"],
      notes: "N = 1: the gradient is p − y = [−½, ½], exact in binary.",
    }),
    gradCase(
      "softmax-ce-grad/mean-over-batch",
      { layout: "column", a: [[0, 0], [0, 0]], y: [[1, 0], [0, 1]] },
      [[-0.25, 0.25], [0.25, -0.25]],
      {
        tolerance: "exact",
        statements: ["softmax_ce_grad", "ce_batch_mean"],
        tags: ["edge"],
        notes:
          "Two samples: each entry is (p − y)/2. Getting ±½ means the 1/N of the batch mean is missing.",
      },
    ),
  );
  return cases;
}

/**
 * ∂C/∂p of the batch-mean cross-entropy ("2 Layer NN", Cross Entropy → T4: −y/(N·T₄)), the
 * gradient in the output a that softmax's Jacobian then carries to z: by central differences of
 * the loss −(1/N) Σ y log p in each p, and by hand where y = 0 (no division by p, even p = 0).
 */
function crossEntropyGradCases(): FixtureCase[] {
  const rng = createRng(SEED + 7);
  const gradCase = (
    id: string,
    b: Batch,
    dp: Vec[],
    extra: CaseDetails & { tolerance: ToleranceClass },
  ) =>
    makeCase({
      id,
      op: "cross_entropy_grad",
      layout: b.layout,
      inputs: batchInputs(b, "p"),
      expected: { dp: enc(asBatch(dp, b.layout)) },
      source: src("000", "Cross Entropy (Loss) → Probability Distribution (T4)"),
      ...extra,
    });
  const cases: FixtureCase[] = [];
  for (let i = 0; i < 6; i++) {
    const logits = logitBatch(rng, i, i >= 4);
    const b = { ...logits, a: logits.a.map(softmaxDef) };
    const N = b.a.length;
    const loss = (k: number, j: number) => (t: number) =>
      sampleCost("cross_entropy", b.a[k].map((p, r) => (r === j ? p + t : p)), b.y[k]) / N;
    const dp = b.a.map((p, k) =>
      p.map((_, j) => (b.y[k][j] === 0 ? 0 : centralDifference(loss(k, j), 0, 1e-6)))
    );
    cases.push(gradCase(`cross-entropy-grad/differences-${b.layout}-${nn(i)}`, b, dp, {
      tolerance: "finite_difference",
      statements: [
        "ce_grad_p",
        "ce_batch_mean",
        ...(b.layout === "row" ? ["layout_transpose"] : []),
      ],
      tags: ["identity", "random"],
      notes: "Expected by central differences of −(1/N) Σ y log p in each p (0 where y = 0): " +
        "−y/(N p). A missing 1/N is N times too large; +y/p has the sign of a gain." +
        (i >= 4 ? " Here y is a distribution." : ""),
    }));
  }
  cases.push(
    gradCase(
      "cross-entropy-grad/zero-probability-off-label",
      { layout: "column", a: [[0.75, 0.25, 0], [0.5, 0, 0.5]], y: [[1, 0, 0], [0, 0, 1]] },
      [[-2 / 3, 0, 0], [0, 0, -1]],
      {
        tolerance: "closed_form",
        statements: ["ce_grad_p", "ce_batch_mean"],
        tags: ["edge"],
        notes: "p = 0 where y = 0: those entries are 0, not −0/0 = NaN; the others −y/(2p): " +
          "−1/(2·0.75) and −1/(2·0.5).",
      },
    ),
  );
  return cases;
}

function quadraticCases(): FixtureCase[] {
  const rng = createRng(SEED + 3);
  const cases: FixtureCase[] = [];
  const statement = {
    squared: "quadratic_squared",
    half: "quadratic_half",
    mean: "quadratic_mean",
  } as const;
  const source = {
    squared: src("002", "1.1 Cost of a single sample from training set"),
    half: src("002", "2.5.1 The error term at the output layer L"),
    mean: src("003", "Backpropagation Generalized: Multiple Neuron in Each Layer"),
  } as const;
  for (const convention of QUADRATIC_CONVENTIONS) {
    const cost = `quadratic_${convention}` as CostName;
    for (let i = 0; i < 4; i++) {
      const layout = LAYOUTS[i % 2];
      const n = between(rng, 1, 4);
      const N = between(rng, 1, 3);
      const a = Array.from({ length: N }, () => randomVec(rng, n, [-1, 1]));
      const y = Array.from({ length: N }, () => randomVec(rng, n, [0, 1]));
      const inputs = { a: enc(asBatch(a, layout)), y: enc(asBatch(y, layout)), convention };
      cases.push(makeCase({
        id: `quadratic-cost/${convention}-${nn(i)}`,
        op: "quadratic_cost",
        layout,
        inputs,
        expected: { loss: mean(a.map((ak, k) => sampleCost(cost, ak, y[k]))) },
        tolerance: "closed_form",
        source: source[convention],
        statements: [statement[convention], "cost_batch_mean"],
        tags: ["definition", "random"],
        notes: `C₀ under the "${convention}" convention per sample, then the mean over the batch.`,
      }));
      // ∂C/∂a by central differences of the batch-mean cost, one entry at a time
      const h = 2 ** -12;
      const C = (aa: Vec[]) => mean(aa.map((ak, k) => sampleCost(cost, ak, y[k])));
      const da = a.map((ak, k) =>
        ak.map((_, j) =>
          centralDifference(
            (t) => C(a.map((s, kk) => (kk === k ? s.map((v, jj) => (jj === j ? t : v)) : s))),
            ak[j],
            h,
          )
        )
      );
      cases.push(makeCase({
        id: `quadratic-cost-grad/${convention}-${nn(i)}`,
        op: "quadratic_cost_grad",
        layout,
        inputs,
        expected: { da: enc(asBatch(da, layout)) },
        tolerance: "finite_difference",
        source: source[convention],
        statements: [statement[convention], "cost_batch_mean"],
        tags: ["identity", "random"],
        notes: `Expected by central differences of the batch-mean "${convention}" cost: ` +
          { squared: "2(a − y)/N", half: "(a − y)/N", mean: "2(a − y)/(n_L N)" }[convention] +
          ". Another convention's factor (2, ½, 1/n_L) or a missing 1/N fails.",
      }));
    }
  }
  return cases;
}

/**
 * ∂C/∂a of the batch-mean quadratic cost in closed form, at float64 precision: 2(a − y)/N, (a − y)/N
 * and 2(a − y)/(n_L N) with N and n_L in 3…5 and N ≠ n_L, so that no convention's factor is 1 and a
 * float32 answer or a = y − … slip does not pass.
 */
function quadraticGradClosedFormCases(): FixtureCase[] {
  const rng = createRng(SEED + 4);
  const factor = { squared: () => 2, half: () => 1, mean: (n: number) => 2 / n } as const;
  const formula = { squared: "2(a − y)/N", half: "(a − y)/N", mean: "2(a − y)/(n_L N)" } as const;
  const statement = {
    squared: "quadratic_squared",
    half: "quadratic_half",
    mean: "quadratic_mean",
  } as const;
  return QUADRATIC_CONVENTIONS.flatMap((convention) =>
    LAYOUTS.map((layout, i) => {
      const [n, N] = [[3, 5], [4, 3]][i]; // N ≠ n_L, and neither is 1 or 2
      const a = Array.from({ length: N }, () => randomVec(rng, n, [-1, 1]));
      const y = Array.from({ length: N }, () => randomVec(rng, n, [0, 1]));
      const k = factor[convention](n) / N;
      const da = a.map((ak, s) => ak.map((v, j) => k * (v - y[s][j])));
      return makeCase({
        id: `quadratic-cost-grad/closed-form-${convention}-${layout}`,
        op: "quadratic_cost_grad",
        layout,
        inputs: { a: enc(asBatch(a, layout)), y: enc(asBatch(y, layout)), convention },
        expected: { da: enc(asBatch(da, layout)) },
        tolerance: "closed_form",
        source: src("002", "1.6 Cost for all training"),
        statements: [statement[convention], "cost_batch_mean"],
        tags: ["definition", "random"],
        notes: `∂C/∂a = ${formula[convention]} with n_L = ${n}, N = ${N}: the factor ${
          factor[convention](n)
        }/${N} is not 1, so a − y, another convention's factor or a missing 1/N fails.`,
      });
    })
  );
}
