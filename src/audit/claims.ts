/**
 * The numbers the documents print outside the worked examples: the shapes of 001's 784-128-64-10
 * network, of 002's small m = 3, n = 2 layer and of 003's 784-32-32-10 network, and 001's one-hot
 * target. Each is checked against an independent count (W is n_l × n_{l−1}; z, a and δ are n_l × N
 * in column layout), and each network's shapes become a `shapes` fixture case.
 *
 * @module
 */
import type { FixtureCase } from "../spec/case_file.ts";
import type { DocId } from "./documents.ts";
import type { Location } from "./errata.ts";

/** A tensor the `shapes` operation reports, per layer. */
export type ShapeField = "W" | "b" | "z" | "a" | "delta" | "dW" | "db" | "Wb";

/** A shape a document prints; `"n"` stands for the batch size. */
export interface ShapeClaim extends Location {
  /** Stable id, e.g. `s001-w1`. */
  readonly id: string;
  /** What it is, as the document names it. */
  readonly what: string;
  /** The tensor. */
  readonly field: ShapeField;
  /** Its layer, 1-based. */
  readonly layer: number;
  /** Rows × columns as printed. */
  readonly printed: readonly [number, number | "n"];
}

/** A network whose shapes a document prints. */
export interface ShapeNetwork {
  /** The document. */
  readonly doc: DocId;
  /** The section the network is described in. */
  readonly section: string;
  /** Widths n_0 … n_L. */
  readonly sizes: readonly number[];
  /** The batch size the document uses (`"n"`: any; the check uses {@linkcode SYMBOLIC_BATCH}). */
  readonly batch: number | "n";
  /** The shapes it prints. */
  readonly claims: readonly ShapeClaim[];
}

/** The batch size that stands for a printed `n`. */
export const SYMBOLIC_BATCH = 5;

const FORWARD_001 = "## Forward Propagation";
const BACKWARD_001 = "## Backward Propagation";
const CODE_003 = "Backpropagation Derivations Used in Code";

function claims(
  doc: DocId,
  rows: readonly (readonly [string, string, string, ShapeField, number, number, number | "n"])[],
): ShapeClaim[] {
  return rows.map(([section, anchor, needle, field, layer, r, c]) => ({
    id: `s${doc}-${field.toLowerCase()}${layer}`,
    doc,
    section,
    anchor,
    needle,
    what: `${field === "delta" ? "δ" : field}[${layer}]`,
    field,
    layer,
    printed: [r, c] as const,
  }));
}

/** The shapes the documents print, by network. */
export const SHAPE_NETWORKS: readonly ShapeNetwork[] = [
  {
    doc: "001",
    section: "Forward Propagation, Backward Propagation",
    sizes: [784, 128, 64, 10],
    batch: 1,
    claims: claims("001", [
      [
        "Forward Propagation",
        FORWARD_001,
        "Our W\\[1\\] here is of shape (128 × 784)",
        "W",
        1,
        128,
        784,
      ],
      ["Forward Propagation", FORWARD_001, "the shape of b\\[1\\] is (128, 1)", "b", 1, 128, 1],
      [
        "Forward Propagation",
        FORWARD_001,
        "Z_{(128\\times1)} = [WX + b]_{(128\\times1)}^{[1]}",
        "z",
        1,
        128,
        1,
      ],
      [
        "Forward Propagation",
        FORWARD_001,
        "A_{(128\\times1)}^{[1]} = ReLU(Z_{(128\\times1)}^{[1]})",
        "a",
        1,
        128,
        1,
      ],
      [
        "Forward Propagation",
        FORWARD_001,
        "W_{(64\\times128)}^{[2]}A_{(128\\times1)}^{[1]}",
        "W",
        2,
        64,
        128,
      ],
      [
        "Forward Propagation",
        FORWARD_001,
        "Z_{(64\\times1)}^{[2]} = [WA + b]_{(64\\times1)}^{[2]}",
        "z",
        2,
        64,
        1,
      ],
      [
        "Forward Propagation",
        FORWARD_001,
        "A_{(64\\times1)}^{[2]} = ReLU(Z_{(64\\times1)}^{[2]})",
        "a",
        2,
        64,
        1,
      ],
      [
        "Forward Propagation",
        FORWARD_001,
        "W_{(10\\times64)}^{[3]}A_{(64\\times1)}^{[2]}",
        "W",
        3,
        10,
        64,
      ],
      [
        "Forward Propagation › Softmax",
        FORWARD_001,
        "A_{(10\\times1)}^{[3]} = softmax(Z_{(10\\times1)}^{[3]})",
        "a",
        3,
        10,
        1,
      ],
      [
        "Backward Propagation › ∂L/∂W[3]",
        BACKWARD_001,
        "(\\therefore shape=(10 \\times 64))",
        "dW",
        3,
        10,
        64,
      ],
      [
        "Backward Propagation › ∂L/∂W[2]",
        BACKWARD_001,
        "(\\therefore Shape = (64 \\times 128))",
        "dW",
        2,
        64,
        128,
      ],
      [
        "Backward Propagation › ∂L/∂b[2]",
        BACKWARD_001,
        "(\\therefore Shape = (64 \\times 1))",
        "db",
        2,
        64,
        1,
      ],
      [
        "Backward Propagation › ∂L/∂W[1]",
        BACKWARD_001,
        "(\\therefore Shape = (128 \\times 784))",
        "dW",
        1,
        128,
        784,
      ],
      [
        "Backward Propagation › ∂L/∂b[1]",
        BACKWARD_001,
        "(\\therefore Shape = (128 \\times 1))",
        "db",
        1,
        128,
        1,
      ],
    ]),
  },
  {
    doc: "002",
    section: "§2.4.1 and §2.6.1 examples (m = 3, n = 2)",
    sizes: [3, 2],
    batch: 1,
    claims: claims("002", [
      ["§2.4.1 example", "### 2.4.1", "- $ w^{(L)} \\in \\mathbb{R}^{2 \\times 3} $", "W", 1, 2, 3],
      ["§2.4.1 example", "### 2.4.1", "- $ z^{(L)} \\in \\mathbb{R}^{2 \\times 1} $", "z", 1, 2, 1],
      [
        "§2.4.1 example",
        "### 2.4.1",
        "- $ a^{(L)} = \\sigma(z^{(L)}) \\in \\mathbb{R}^{2 \\times 1} $",
        "a",
        1,
        2,
        1,
      ],
      [
        "§2.4.1 example",
        "### 2.4.1",
        "\\odot \\sigma'(z^{(L)}) \\in \\mathbb{R}^{2 \\times 1} $",
        "delta",
        1,
        2,
        1,
      ],
      [
        "§2.6.1 example",
        "### 2.6.1",
        "\\delta_2 \\cdot a_3 \\end{bmatrix} \\in \\mathbb{R}^{2 \\times 3}",
        "dW",
        1,
        2,
        3,
      ],
    ]),
  },
  {
    doc: "003",
    section: CODE_003,
    sizes: [784, 32, 32, 10],
    batch: "n",
    claims: claims("003", [
      [
        CODE_003,
        CODE_003,
        "\\delta^{[3]} = A^{[3]} - Y \\quad (10 \\times n)",
        "delta",
        3,
        10,
        "n",
      ],
      [CODE_003, CODE_003, "(A^{[2]})^T \\quad (10 \\times 32)", "dW", 3, 10, 32],
      [
        CODE_003,
        CODE_003,
        "\\frac{1}{n} \\sum \\delta^{[3]} \\quad (10 \\times 1)",
        "db",
        3,
        10,
        1,
      ],
      [CODE_003, CODE_003, "\\circ \\sigma'(Z^{[2]}) \\quad (32 \\times n)", "delta", 2, 32, "n"],
      [CODE_003, CODE_003, "\\circ \\sigma'(Z^{[1]}) \\quad (32 \\times n)", "delta", 1, 32, "n"],
    ]),
  },
];

/** The one-hot target document 001 prints for a picture of a 2. */
export const ONE_HOT_CLAIM: Location & {
  readonly label: number;
  readonly printed: readonly number[];
} = {
  doc: "001",
  section: "Forward Propagation › Softmax",
  anchor: "### Softmax",
  needle: "y will be equal to \\[0, 0, 1, 0, 0, 0, 0, 0, 0, 0\\]",
  label: 2,
  printed: [0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
};

/**
 * The shape of every tensor of a column-layout network, counted independently of the reference:
 * Wˡ is n_l × n_{l−1}, bˡ is n_l × 1, zˡ, aˡ and δˡ are n_l × N, dW and db are shaped like W and b.
 *
 * @param sizes Widths n_0 … n_L.
 * @param batch N.
 * @returns `[rows, cols]` per layer, by tensor.
 * @example Document 001's network
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(countShapes([784, 128, 64, 10], 1).W, [[128, 784], [64, 128], [10, 64]]);
 * ```
 */
export function countShapes(
  sizes: readonly number[],
  batch: number,
): Record<ShapeField, [number, number][]> {
  const layers = sizes.slice(1).map((n, i) => ({ n, fanIn: sizes[i] }));
  const W = layers.map(({ n, fanIn }): [number, number] => [n, fanIn]);
  const b = layers.map(({ n }): [number, number] => [n, 1]);
  const z = layers.map(({ n }): [number, number] => [n, batch]);
  const Wb = layers.map(({ n, fanIn }): [number, number] => [n, fanIn + 1]); // [W | b]
  return { W, b, z, a: z, delta: z, dW: W, db: b, Wb };
}

/** A printed shape, checked. */
export interface CheckedShape {
  /** The claim. */
  readonly claim: ShapeClaim;
  /** The shape counted for the document's network. */
  readonly counted: readonly [number, number];
  /** Whether the printed shape is right (`n` matching the batch). */
  readonly ok: boolean;
}

/**
 * Checks every printed shape.
 *
 * @returns One result per claim.
 * @example Every shape the documents print is right
 * ```ts
 * import assert from "node:assert";
 * assert.ok(checkShapes().every((s) => s.ok));
 * ```
 */
export function checkShapes(): CheckedShape[] {
  return SHAPE_NETWORKS.flatMap((net) => {
    const N = net.batch === "n" ? SYMBOLIC_BATCH : net.batch;
    const shapes = countShapes(net.sizes, N);
    return net.claims.map((claim) => {
      const counted = shapes[claim.field][claim.layer - 1];
      const [r, c] = claim.printed;
      return { claim, counted, ok: r === counted[0] && (c === "n" ? N : c) === counted[1] };
    });
  });
}

/**
 * The `shapes` fixture cases of the documents' networks.
 *
 * @returns One case per network.
 * @example One case per network
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(shapeCases().map((c) => c.id), [
 *   "doc001/shapes/784-128-64-10",
 *   "doc002/shapes/3-2",
 *   "doc003/shapes/784-32-32-10",
 * ]);
 * ```
 */
export function shapeCases(): FixtureCase[] {
  return SHAPE_NETWORKS.map((net) => {
    const N = net.batch === "n" ? SYMBOLIC_BATCH : net.batch;
    return {
      id: `doc${net.doc}/shapes/${net.sizes.join("-")}`,
      op: "shapes",
      layout: "column",
      inputs: { sizes: [...net.sizes], batch: N },
      expected: countShapes(net.sizes, N),
      tolerance: { class: "exact" },
      source: { doc: net.doc, section: net.section },
      tags: ["document", "shape"],
      notes: `Every shape the document prints for its ${net.sizes.join("-")} network (` +
        net.claims.map((c) => `${c.what} ${c.printed.join("×")}`).join(", ") +
        (net.batch === "n" ? `; n = ${N} here)` : ")"),
    };
  });
}
