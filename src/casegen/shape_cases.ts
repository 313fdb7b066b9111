/**
 * Cases of fixtures/shapes.json: the shapes of every W, b, z, a, δ, dW, db and folded [W; b] for the documents'
 * networks (784-h-10 in rows, 784-128-64-10 and 784-32-32-10 in columns, the small worked examples),
 * written from the shape rules the documents state.
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import type { CaseSource, FixtureCase } from "../spec/case_file.ts";
import { makeCase, src } from "./build.ts";

type Pair = [number, number];

/**
 * The shapes the documents state, from the widths: in column layout W is n_l × n_{l−1}, b is n_l × 1,
 * z, a and δ are n_l × N; in row layout each is transposed; dW and db are shaped like W and b; W with
 * the bias folded in is n_l × (n_{l−1} + 1) ([W | b]), (n_{l−1} + 1) × n_l in rows ([W; b]).
 *
 * @param sizes n_0 … n_L.
 * @param batch N.
 * @param layout The layout.
 * @returns The expected `shapes` outputs.
 * @example Document 001's first layer
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(statedShapes([784, 128, 64, 10], 1, "column").W[0], [128, 784]);
 * ```
 */
export function statedShapes(sizes: readonly number[], batch: number, layout: Layout) {
  const t = (p: Pair): Pair => (layout === "column" ? p : [p[1], p[0]]);
  const per = (f: (n: number, prev: number) => Pair) =>
    sizes.slice(1).map((n, l) => t(f(n, sizes[l])));
  const W = per((n, prev) => [n, prev]);
  const b = per((n) => [n, 1]);
  const z = per((n) => [n, batch]);
  // folding the bias in ("2 Layer NN", bias folding): [W; b] is (n_{l−1} + 1) × n_l in rows
  const Wb = per((n, prev) => [n, prev + 1]);
  return { W, b, z, a: z, delta: z, dW: W, db: b, Wb };
}

interface ShapeSpec {
  readonly id: string;
  readonly sizes: number[];
  readonly batch: number;
  readonly layout: Layout;
  readonly source: CaseSource;
  readonly statement: string;
  readonly notes: string;
}

const SPECS: ShapeSpec[] = [
  {
    id: "shapes/doc-001-784-128-64-10-one-sample",
    sizes: [784, 128, 64, 10],
    batch: 1,
    layout: "column",
    source: src("001", "Forward Propagation"),
    statement: "shapes_001",
    notes:
      "One sample X of 784 × 1: W¹ 128×784, b¹ 128×1, Z¹ 128×1, W² 64×128, W³ 10×64, dW³ 10×64.",
  },
  {
    id: "shapes/doc-001-784-128-64-10-batch-32",
    sizes: [784, 128, 64, 10],
    batch: 32,
    layout: "column",
    source: src("001", "Backward Propagation"),
    statement: "shapes_001",
    notes:
      "The same network on 32 samples: z, a and δ gain N = 32 columns; W, b, dW, db do not change.",
  },
  {
    id: "shapes/doc-003-784-32-32-10-batch-n",
    sizes: [784, 32, 32, 10],
    batch: 20,
    layout: "column",
    source: src("003", "Backpropagation Derivations Used in Code"),
    statement: "shapes_003",
    notes: "δ³ is 10 × n, dW³ 10 × 32, db³ 10 × 1, δ² and δ¹ 32 × n (n = 20 here).",
  },
  ...[100, 32, 1, 256].map((h, i): ShapeSpec => ({
    id: `shapes/doc-000-784-${h}-10-rows`,
    sizes: [784, h, 10],
    batch: [16, 1, 8, 3][i],
    layout: "row",
    source: src("000", "Linear Transformation"),
    statement: "shapes_000",
    notes: `Row layout with h₁ = ${h}: X is N × 784, W₁ 784 × ${h}, b₁ 1 × ${h}, T₁ N × ${h}, ` +
      "W₂ h₁ × 10, and ∂Loss/∂T₃ N × 10 like T₃; the folded [W₁; b₁] is (784 + 1) × " +
      `${h} and [W₂; b₂] (${h} + 1) × 10: W and b share their columns, their rows add up.`,
  })),
  {
    id: "shapes/doc-002-6-4",
    sizes: [6, 4],
    batch: 1,
    layout: "column",
    source: src("002", "2.1 Dimension of the MLP"),
    statement: "shapes_002",
    notes:
      "6 neurons feeding 4: W is 4 × 6 (rows: neurons of the layer; columns: neurons before it).",
  },
  {
    id: "shapes/doc-002-2-2-1",
    sizes: [2, 2, 1],
    batch: 1,
    layout: "column",
    source: src("002", "5. Numerical Example"),
    statement: "shapes_002",
    notes: "The [2, 2, 1] worked example: w¹ 2×2, w² 1×2, δ² 1×1, ∂C/∂w² 1×2.",
  },
  {
    id: "shapes/doc-002-2-3-2",
    sizes: [2, 3, 2],
    batch: 1,
    layout: "column",
    source: src("002", "5. Numerical Example"),
    statement: "shapes_002",
    notes: "The [2, 3, 2] worked example: w¹ 3×2, w² 2×3, δ¹ 3×1.",
  },
  {
    id: "shapes/deep-narrow-rows",
    sizes: [3, 1, 5, 1, 2],
    batch: 4,
    layout: "row",
    source: src("002", "2.1 Dimension of the MLP"),
    statement: "shapes_002",
    notes: "Widths of 1 in the middle: a 1 × n or n × 1 weight must not be confused with a vector.",
  },
];

/**
 * Every case of shapes.json.
 *
 * @returns The cases, in file order.
 * @example Deterministic, with unique ids
 * ```ts
 * import assert from "node:assert";
 * const cases = shapeCases();
 * assert.deepStrictEqual(cases, shapeCases());
 * assert.strictEqual(new Set(cases.map((c) => c.id)).size, cases.length);
 * assert.ok(cases.some((c) => c.id === "shapes/doc-003-784-32-32-10-batch-n"));
 * ```
 */
export function shapeCases(): FixtureCase[] {
  return SPECS.map((s) =>
    makeCase({
      id: s.id,
      op: "shapes",
      layout: s.layout,
      inputs: { sizes: s.sizes, batch: s.batch },
      expected: statedShapes(s.sizes, s.batch, s.layout),
      tolerance: "exact",
      source: s.source,
      statements: [
        s.statement,
        "grad_shape_matches",
        ...(s.layout === "row" ? ["layout_transpose"] : []),
        "bias_fold_shape",
      ],
      tags: ["shape"],
      notes: s.notes,
    })
  );
}
