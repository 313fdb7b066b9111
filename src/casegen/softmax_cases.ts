/**
 * Cases of fixtures/softmax.json: softmax per sample in both layouts, its invariance to a shift, its
 * Jacobian from the documents' two cases and from symmetry with zero row sums, and the edges (huge and
 * tiny logits, ties, −∞, NaN in one sample of a batch).
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import type { FixtureCase } from "../spec/case_file.ts";
import { createRng, type Rng } from "../reference/random.ts";
import { asBatch, asColumn, between, enc, makeCase, nn, randomVec, src } from "./build.ts";
import { softmaxDef, softmaxJacobianCases, softmaxJacobianRowSums, type Vec } from "./derive.ts";

const SEED = 2001;
const SOFTMAX = src("000", "Softmax Activation (Raw > Probability Distribution)");
const SOFTMAX_001 = src("001", "Softmax");
const JACOBIAN = src("000", "Probability Distribution (T4) → Logits (T3)");
const LAYOUTS: Layout[] = ["column", "row"];

/**
 * Every case of softmax.json.
 *
 * @returns The cases, in file order.
 * @example Deterministic, with unique ids
 * ```ts
 * import assert from "node:assert";
 * const cases = softmaxCases();
 * assert.deepStrictEqual(cases, softmaxCases());
 * assert.strictEqual(new Set(cases.map((c) => c.id)).size, cases.length);
 * assert.ok(cases.some((c) => c.id === "softmax/huge-logits-column"));
 * ```
 */
export function softmaxCases(): FixtureCase[] {
  return [...definitionCases(), ...shiftCases(), ...edgeCases(), ...jacobianCases()];
}

function softmaxCase(
  id: string,
  samples: Vec[],
  layout: Layout,
  extra: { statements: string[]; tags: string[]; notes: string; expected?: Vec[] },
): FixtureCase {
  const p = extra.expected ?? samples.map(softmaxDef);
  return makeCase({
    id,
    op: "softmax",
    layout,
    inputs: { z: enc(asBatch(samples, layout)) },
    expected: { p: enc(asBatch(p, layout)) },
    tolerance: extra.tags.includes("identity") ? "identity" : "closed_form",
    source: extra.tags.includes("edge") ? SOFTMAX_001 : SOFTMAX,
    statements: extra.statements,
    tags: extra.tags,
    notes: extra.notes,
  });
}

function randomSamples(rng: Rng, n: number, N: number, range: [number, number]): Vec[] {
  return Array.from({ length: N }, () => randomVec(rng, n, range));
}

function definitionCases(): FixtureCase[] {
  const rng = createRng(SEED);
  const cases: FixtureCase[] = [];
  for (let i = 0; i < 8; i++) {
    const layout = LAYOUTS[i % 2];
    const samples = randomSamples(rng, between(rng, 2, 6), between(rng, 1, 4), [-5, 5]);
    cases.push(softmaxCase(`softmax/definition-${layout}-${nn(i)}`, samples, layout, {
      statements: [
        "softmax_def",
        "softmax_per_sample",
        "softmax_simplex",
        "softmax_argmax",
        ...(layout === "row" ? ["layout_transpose"] : []),
      ],
      tags: ["definition", "random"],
      notes:
        `Softmax of each ${
          layout === "column" ? "column" : "row"
        } on its own, expected from e^u/Σe^u per sample. ` +
        "Normalising over the whole batch, or over the wrong axis, fails here.",
    }));
  }
  return cases;
}

/** Logits that are multiples of 1/8, so that z + c is exact in float64 for the shifts used. */
function dyadicSamples(rng: Rng, n: number, N: number): Vec[] {
  return Array.from({ length: N }, () => Array.from({ length: n }, () => (rng.int(65) - 32) / 8));
}

function shiftCases(): FixtureCase[] {
  const rng = createRng(SEED + 1);
  const cases: FixtureCase[] = [];
  [-1000, -3.5, 7, 1000, 1e6].forEach((c, i) => {
    const layout = LAYOUTS[i % 2];
    const samples = dyadicSamples(rng, between(rng, 2, 5), between(rng, 1, 3));
    const shifted = samples.map((u) => u.map((x) => x + c));
    cases.push(softmaxCase(`softmax/shift-${String(c).replace(".", "p")}`, shifted, layout, {
      expected: samples.map(softmaxDef),
      statements: ["softmax_shift_invariance", "softmax_def"],
      tags: ["identity", Math.abs(c) >= 1000 ? "edge" : "invariance"],
      notes: `Logits shifted by c = ${c}; expected = softmax of the unshifted logits. ` +
        (Math.abs(c) >= 1000
          ? "Without subtracting the maximum, e^z overflows (or underflows to 0/0) and gives NaN."
          : "Any correct evaluation agrees."),
    }));
  });
  return cases;
}

function edgeCases(): FixtureCase[] {
  const e2 = Math.exp(-2);
  const edge = (id: string, samples: Vec[], layout: Layout, notes: string, expected?: Vec[]) =>
    softmaxCase(`softmax/${id}`, samples, layout, {
      expected,
      statements: ["softmax_def", "softmax_simplex", "softmax_per_sample"],
      // `limit`: the answer is a limit, not a float evaluation; a library may give NaN there and
      // list the case in its expectations (docs/PROTOCOL.md, section 3)
      tags: id === "positive-infinity" ? ["edge", "limit"] : ["edge"],
      notes,
    });
  return [
    edge(
      "huge-logits-column",
      [[1000, 0, -1000]],
      "column",
      "e^1000 overflows unless the maximum is subtracted; the answer is [1, 0, 0].",
      [[1, 0, 0]],
    ),
    edge("huge-logits-row", [[1000, 0, -1000]], "row", "The same sample in row layout.", [[
      1,
      0,
      0,
    ]]),
    edge("all-equal", [[5, 5, 5]], "row", "Equal logits give the uniform distribution.", [[
      1 / 3,
      1 / 3,
      1 / 3,
    ]]),
    edge(
      "all-equal-minus-1000",
      [[-1000, -1000, -1000, -1000]],
      "column",
      "Equal logits at −1000, where e^z underflows to 0 and Σe^z = 0 would give 0/0: the answer is 1/4 each.",
      [[0.25, 0.25, 0.25, 0.25]],
    ),
    edge(
      "tie-for-max",
      [[2, 2, 0]],
      "column",
      "A tie for the maximum: both get (1/(2 + e^−2)); argmax is either.",
      [[1 / (2 + e2), 1 / (2 + e2), e2 / (2 + e2)]],
    ),
    edge(
      "subnormal-745",
      [[-745, 0]],
      "column",
      "e^−745 is the smallest subnormal: p = [5e−324, 1]; 0 for the first passes too (atol).",
      [[Math.exp(-745), 1]],
    ),
    edge(
      "tiny-logits",
      [[1e-300, 0, -1e-300]],
      "row",
      "Logits within 1e−300 of each other: uniform to float64 precision.",
      [[1 / 3, 1 / 3, 1 / 3]],
    ),
    edge(
      "negative-infinity",
      [[-Infinity, 0, 0]],
      "column",
      "A logit of −∞ (a masked class) gets probability 0; the others share the rest.",
      [[0, 0.5, 0.5]],
    ),
    edge(
      "positive-infinity",
      [[Infinity, 0, -3], [Infinity, Infinity, 0]],
      "row",
      "The limit as logits grow without bound: +∞ logits share all the mass. e^(z − max) would compute " +
        "∞ − ∞ = NaN.",
      [[1, 0, 0], [0.5, 0.5, 0]],
    ),
    edge(
      "nan-in-one-sample",
      [[NaN, 1, 2], [0, 1, 2]],
      "column",
      "NaN spoils its own sample (its normaliser is NaN) and nothing else: softmax works per sample.",
      [[NaN, NaN, NaN], softmaxDef([0, 1, 2])],
    ),
    edge("batch-of-one", [[0.5, -1.25, 3]], "row", "A single sample (N = 1)."),
    edge(
      "single-class",
      [[3.7], [-1000]],
      "row",
      "With one class the probability is 1 whatever the logit.",
      [[1], [1]],
    ),
  ];
}

function jacobianCases(): FixtureCase[] {
  const rng = createRng(SEED + 2);
  const cases: FixtureCase[] = [];
  for (let i = 0; i < 6; i++) {
    const z = randomVec(rng, between(rng, 2, 6), [-4, 4]);
    cases.push(makeCase({
      id: `softmax-jacobian/cases-${nn(i)}`,
      op: "softmax_jacobian",
      inputs: { z: enc(asColumn(z)) },
      expected: { J: enc(softmaxJacobianCases(softmaxDef(z))) },
      tolerance: "identity",
      source: JACOBIAN,
      statements: ["softmax_jacobian"],
      tags: ["identity", "random"],
      notes: "J[j][k] from the two cases pⱼ(1 − pⱼ) (j = k) and −pⱼpₖ (j ≠ k).",
    }));
  }
  for (let i = 0; i < 6; i++) {
    const z = randomVec(rng, between(rng, 2, 6), [-4, 4]);
    cases.push(makeCase({
      id: `softmax-jacobian/rows-sum-to-zero-${nn(i)}`,
      op: "softmax_jacobian",
      inputs: { z: enc(asColumn(z)) },
      expected: { J: enc(softmaxJacobianRowSums(softmaxDef(z))) },
      tolerance: "identity",
      source: src(null, "consequence of the softmax Jacobian cases: symmetric, rows sum to 0"),
      statements: ["softmax_jacobian_rows", "softmax_jacobian"],
      tags: ["identity", "random"],
      notes:
        "Diagonal = −(the row's off-diagonal sum), lower triangle mirrored: a J that is not symmetric " +
        "or whose rows do not sum to 0 fails.",
    }));
  }
  cases.push(
    makeCase({
      id: "softmax-jacobian/uniform",
      op: "softmax_jacobian",
      inputs: { z: enc(asColumn([0, 0, 0, 0])) },
      expected: {
        J: enc([0, 1, 2, 3].map((j) => [0, 1, 2, 3].map((k) => (j === k ? 0.1875 : -0.0625)))),
      },
      tolerance: "exact",
      source: src("001", "Backward Propagation (case 1, case 2)"),
      statements: ["softmax_jacobian"],
      tags: ["edge"],
      notes: "p = 1/4 each: ¼·¾ = 3/16 on the diagonal, −1/16 off it, all exact in binary.",
    }),
    makeCase({
      id: "softmax-jacobian/saturated",
      op: "softmax_jacobian",
      inputs: { z: enc(asColumn([1000, 0, -1000])) },
      expected: { J: enc([[0, 0, 0], [0, 0, 0], [0, 0, 0]]) },
      tolerance: "closed_form",
      source: JACOBIAN,
      statements: ["softmax_jacobian"],
      tags: ["edge"],
      notes:
        "p = [1, 0, 0]: a saturated softmax has a zero Jacobian (no gradient flows); NaN means overflow.",
    }),
  );
  return cases;
}
