/**
 * The worked numeric examples of the documents, transcribed: the inputs, and every value the document
 * prints along the way with the number of decimals it prints, each written as the step the document
 * takes to get it from its own earlier printed values ("Backpropagation notes" §5 has both examples:
 * a [2,2,1] and a [2,3,2] sigmoid network under C = ½‖a − y‖²). Indices are 0-based: z¹[0] is the
 * first neuron of layer 1 (the [2,3,2] example writes it z¹₁).
 *
 * @module
 */
import type { Expr, Operand } from "./arith.ts";
import type { DocId } from "./documents.ts";

/**
 * Where a printed value sits among the outputs of a fixture operation computed from the correct
 * values: `forward`/`backward` run the whole example network; the others are the finer steps the
 * registry has no whole-network output for.
 */
export type FixtureRef =
  /** `forward` or `backward` of the example's network on its x (and y); `at` points into the outputs. */
  | { readonly op: "forward" | "backward"; readonly at: string }
  /** `dense_forward` of one weight times one input (the step is a one-term `lin`). */
  | { readonly op: "product" }
  /** `quadratic_cost_grad` (convention "half") of the correct output activation. */
  | { readonly op: "quadratic_cost_grad"; readonly at: string }
  /** `sigmoid_prime` of the correct z of layer `layer` (1-based). */
  | { readonly op: "sigmoid_prime"; readonly layer: number; readonly at: string }
  /** `dense_forward` computing (Wˡ)ᵀ δˡ from the correct δ of layer `layer` (1-based). */
  | { readonly op: "transposed_weights"; readonly layer: number; readonly at: string };

/** One value a document prints, and the step it comes from. */
export interface PrintedStep {
  /** Id within the example, e.g. `z1.0`, `dw2.1.2`. */
  readonly id: string;
  /** How the audit names it, e.g. `z¹[0]`. */
  readonly label: string;
  /** The value as printed. */
  readonly printed: number;
  /** Decimals printed. */
  readonly decimals: number;
  /** The step, in terms of the document's exact inputs and its earlier printed values. */
  readonly expr: Expr;
  /** Whether the document writes the step's operands out (then they are used exactly, not ± rounding). */
  readonly explicit: boolean;
  /** The subsection it is printed in. */
  readonly part: string;
  /** The fixture operation that computes it from the original inputs. */
  readonly fixture: FixtureRef;
}

/** A later table that prints values again (a summary), which must repeat them verbatim. */
export interface Repeat {
  /** The subsection. */
  readonly part: string;
  /** The values it repeats, by id. */
  readonly ids: readonly string[];
  /** What it prints for them. */
  readonly printed: readonly number[];
}

/** One layer of an example network: z = W a + b, a = σ(z), column layout. */
export interface ExampleLayer {
  /** n_l × n_{l−1} weights. */
  readonly W: readonly (readonly number[])[];
  /** The n_l biases. */
  readonly b: readonly number[];
}

/** A worked example. */
export interface WorkedExample {
  /** Id, e.g. `ex221`. */
  readonly id: string;
  /** The document. */
  readonly doc: DocId;
  /** The section, as cited. */
  readonly section: string;
  /** A heading of the document where the example starts, verbatim. */
  readonly anchor: string;
  /** Text of the document just past the example's end, verbatim. */
  readonly end: string;
  /** One line naming the example. */
  readonly title: string;
  /** The network: sigmoid layers, cost C = ½‖a − y‖². */
  readonly layers: readonly ExampleLayer[];
  /** The input. */
  readonly x: readonly number[];
  /** The target. */
  readonly y: readonly number[];
  /** Every printed value, in the document's order (each step uses only earlier ones). */
  readonly steps: readonly PrintedStep[];
  /** Summary tables that print values again. */
  readonly repeats: readonly Repeat[];
}

const lin = (terms: (readonly [number, Operand])[], bias = 0): Expr => ({
  kind: "lin",
  terms,
  bias,
});
const mul = (a: Operand, b: Operand): Expr => ({ kind: "mul", a, b });
const sigmoid = (a: Operand): Expr => ({ kind: "sigmoid", a });
const slope = (a: Operand): Expr => ({ kind: "slope", a });
const minus = (a: Operand, y: number): Expr => ({ kind: "minus", a, y });
const same = (a: Operand): Expr => ({ kind: "same", a });

const SUP = ["⁰", "¹", "²", "³"];

/** The steps of one subsection: [id, label, printed, decimals, step, fixture, explicit = true]. */
function part(
  name: string,
  rows: readonly (readonly [string, string, number, number, Expr, FixtureRef, boolean?])[],
): PrintedStep[] {
  return rows.map(([id, label, printed, decimals, expr, fixture, explicit]) => ({
    id,
    label: label.replace(/(\D)(\d)(?=[[()])/g, (_, c, n) => c + SUP[Number(n)]),
    printed,
    decimals,
    expr,
    explicit: explicit ?? true,
    part: name,
    fixture,
  }));
}

const fw = (at: string): FixtureRef => ({ op: "forward", at });
const bw = (at: string): FixtureRef => ({ op: "backward", at });
const PRODUCT: FixtureRef = { op: "product" };

/** "Backpropagation notes" §5: the [2,2,1] network, x = [1.0, 0.5], y = 0.8. */
export const EXAMPLE_221: WorkedExample = {
  id: "ex221",
  doc: "002",
  section: "§5 Numerical Example, [2,2,1] network",
  anchor: "## 5. Numerical Example",
  end: "## 🧠 Network Structure: $[2, 3, 2]$",
  title: "[2,2,1] sigmoid network, x = [1.0, 0.5], y = 0.8, C = ½(a − y)²",
  layers: [
    { W: [[0.1, 0.3], [0.2, 0.4]], b: [0.1, -0.1] },
    { W: [[0.7, -1.2]], b: [0.05] },
  ],
  x: [1.0, 0.5],
  y: [0.8],
  steps: [
    ...part("Step 2: Forward Pass", [
      ["w1x.0.0", "w1[0][0]·x[0]", 0.1, 1, lin([[0.1, 1.0]]), PRODUCT],
      ["w1x.0.1", "w1[0][1]·x[1]", 0.15, 2, lin([[0.3, 0.5]]), PRODUCT],
      ["w1x.1.0", "w1[1][0]·x[0]", 0.2, 1, lin([[0.2, 1.0]]), PRODUCT],
      ["w1x.1.1", "w1[1][1]·x[1]", 0.2, 1, lin([[0.4, 0.5]]), PRODUCT],
      ["z1.0", "z1[0]", 0.35, 2, lin([[1, "w1x.0.0"], [1, "w1x.0.1"]], 0.1), fw("z[0][0][0]")],
      ["z1.1", "z1[1]", 0.3, 1, lin([[1, "w1x.1.0"], [1, "w1x.1.1"]], -0.1), fw("z[0][1][0]")],
      ["a1.0", "a1[0]", 0.5866, 4, sigmoid("z1.0"), fw("a[0][0][0]")],
      ["a1.1", "a1[1]", 0.5744, 4, sigmoid("z1.1"), fw("a[0][1][0]")],
      ["w2a1.0.0", "w2[0][0]·a1[0]", 0.4106, 4, lin([[0.7, "a1.0"]]), PRODUCT],
      ["w2a1.0.1", "w2[0][1]·a1[1]", -0.6893, 4, lin([[-1.2, "a1.1"]]), PRODUCT],
      [
        "z2.0",
        "z2[0]",
        -0.2287,
        4,
        lin([[1, "w2a1.0.0"], [1, "w2a1.0.1"]], 0.05),
        fw("z[1][0][0]"),
      ],
      ["a2.0", "a2[0]", 0.4431, 4, sigmoid("z2.0"), fw("a[1][0][0]")],
    ]),
    ...part("Step 3: Backward Pass", [
      ["a2-y.0", "a2[0] − y[0]", -0.3569, 4, minus("a2.0", 0.8), {
        op: "quadratic_cost_grad",
        at: "da[0][0]",
      }],
      ["dsig2.0", "σ′(z2)[0]", 0.2467, 4, slope("a2.0"), {
        op: "sigmoid_prime",
        layer: 2,
        at: "d[0][0]",
      }],
      ["delta2.0", "δ2[0]", -0.088, 4, mul("a2-y.0", "dsig2.0"), bw("delta[1][0][0]")],
      ["wtd2.0", "(w2)ᵀδ2[0]", -0.0616, 4, lin([[0.7, "delta2.0"]]), {
        op: "transposed_weights",
        layer: 2,
        at: "z[0][0]",
      }],
      ["wtd2.1", "(w2)ᵀδ2[1]", 0.1056, 4, lin([[-1.2, "delta2.0"]]), {
        op: "transposed_weights",
        layer: 2,
        at: "z[1][0]",
      }],
      ["dsig1.0", "σ′(z1)[0]", 0.2425, 4, slope("a1.0"), {
        op: "sigmoid_prime",
        layer: 1,
        at: "d[0][0]",
      }],
      ["dsig1.1", "σ′(z1)[1]", 0.2445, 4, slope("a1.1"), {
        op: "sigmoid_prime",
        layer: 1,
        at: "d[1][0]",
      }],
      ["delta1.0", "δ1[0]", -0.0149, 4, mul("wtd2.0", "dsig1.0"), bw("delta[0][0][0]")],
      ["delta1.1", "δ1[1]", 0.0258, 4, mul("wtd2.1", "dsig1.1"), bw("delta[0][1][0]")],
    ]),
    ...part("Step 4: Gradient Calculation", [
      ["dw2.0.0", "∇w2[0][0]", -0.0516, 4, mul("delta2.0", "a1.0"), bw("dW[1][0][0]")],
      ["dw2.0.1", "∇w2[0][1]", -0.0505, 4, mul("delta2.0", "a1.1"), bw("dW[1][0][1]")],
      ["db2.0", "∇b2[0]", -0.088, 4, same("delta2.0"), bw("db[1][0][0]")],
      ["dw1.0.0", "∇w1[0][0]", -0.0149, 4, mul("delta1.0", 1.0), bw("dW[0][0][0]")],
      ["dw1.0.1", "∇w1[0][1]", -0.0075, 4, mul("delta1.0", 0.5), bw("dW[0][0][1]")],
      ["dw1.1.0", "∇w1[1][0]", 0.0258, 4, mul("delta1.1", 1.0), bw("dW[0][1][0]")],
      ["dw1.1.1", "∇w1[1][1]", 0.0129, 4, mul("delta1.1", 0.5), bw("dW[0][1][1]")],
      ["db1.0", "∇b1[0]", -0.0149, 4, same("delta1.0"), bw("db[0][0][0]")],
      ["db1.1", "∇b1[1]", 0.0258, 4, same("delta1.1"), bw("db[0][1][0]")],
    ]),
  ],
  repeats: [{
    part: "Final Summary",
    ids: ["delta2.0", "dw2.0.0", "dw2.0.1", "db2.0", "delta1.0", "delta1.1"]
      .concat(["dw1.0.0", "dw1.0.1", "dw1.1.0", "dw1.1.1"]),
    printed: [-0.088, -0.0516, -0.0505, -0.088, -0.0149, 0.0258, -0.0149, -0.0075, 0.0258, 0.0129],
  }],
};

const W1 = [[0.1, 0.4], [0.2, 0.3], [0.5, -0.1]];
const W2 = [[0.3, -0.7, 0.2], [0.6, 0.1, -0.5]];
const X = [0.9, 0.1];
const wtd = (k: number) => lin([[W2[0][k], "delta2.0"], [W2[1][k], "delta2.1"]]);

/** "Backpropagation notes" §5: the [2,3,2] network, x = [0.9, 0.1], y = [1, 0]. */
export const EXAMPLE_232: WorkedExample = {
  id: "ex232",
  doc: "002",
  section: "§5 Numerical Example, [2,3,2] network",
  anchor: "## 🧠 Network Structure: $[2, 3, 2]$",
  end: "$\\textbf{Reminder:}$",
  title: "[2,3,2] sigmoid network, x = [0.9, 0.1], y = [1, 0], C = ½‖a − y‖²",
  layers: [{ W: W1, b: [0.1, -0.1, 0.2] }, { W: W2, b: [0.05, -0.05] }],
  x: X,
  y: [1.0, 0.0],
  steps: [
    ...part("Step 3: Forward Pass", [
      ["z1.0", "z1[0]", 0.24, 2, lin([[0.1, 0.9], [0.4, 0.1]], 0.1), fw("z[0][0][0]")],
      ["z1.1", "z1[1]", 0.11, 2, lin([[0.2, 0.9], [0.3, 0.1]], -0.1), fw("z[0][1][0]")],
      ["z1.2", "z1[2]", 0.63, 2, lin([[0.5, 0.9], [-0.1, 0.1]], 0.2), fw("z[0][2][0]")],
      ["a1.0", "a1[0]", 0.5597, 4, sigmoid("z1.0"), fw("a[0][0][0]"), false],
      ["a1.1", "a1[1]", 0.5275, 4, sigmoid("z1.1"), fw("a[0][1][0]"), false],
      ["a1.2", "a1[2]", 0.6522, 4, sigmoid("z1.2"), fw("a[0][2][0]"), false],
      [
        "z2.0",
        "z2[0]",
        0.167,
        3,
        lin([0, 1, 2].map((k) => [W2[0][k], `a1.${k}`] as const), 0.05),
        fw("z[1][0][0]"),
      ],
      [
        "z2.1",
        "z2[1]",
        0.069,
        3,
        lin([0, 1, 2].map((k) => [W2[1][k], `a1.${k}`] as const), -0.05),
        fw("z[1][1][0]"),
      ],
      ["a2.0", "a2[0]", 0.5417, 4, sigmoid("z2.0"), fw("a[1][0][0]"), false],
      ["a2.1", "a2[1]", 0.5172, 4, sigmoid("z2.1"), fw("a[1][1][0]"), false],
    ]),
    ...part("Step 4: Backward Pass", [
      ["a2-y.0", "a2[0] − y[0]", -0.4583, 4, minus("a2.0", 1), {
        op: "quadratic_cost_grad",
        at: "da[0][0]",
      }, false],
      ["a2-y.1", "a2[1] − y[1]", 0.5172, 4, minus("a2.1", 0), {
        op: "quadratic_cost_grad",
        at: "da[1][0]",
      }, false],
      ["dsig2.0", "σ′(z2)[0]", 0.2483, 4, slope("a2.0"), {
        op: "sigmoid_prime",
        layer: 2,
        at: "d[0][0]",
      }],
      ["dsig2.1", "σ′(z2)[1]", 0.2497, 4, slope("a2.1"), {
        op: "sigmoid_prime",
        layer: 2,
        at: "d[1][0]",
      }],
      ["delta2.0", "δ2[0]", -0.1138, 4, mul("a2-y.0", "dsig2.0"), bw("delta[1][0][0]"), false],
      ["delta2.1", "δ2[1]", 0.1291, 4, mul("a2-y.1", "dsig2.1"), bw("delta[1][1][0]"), false],
      ...[[-0.0637, -0.06, -0.0743], [0.0722, 0.0681, 0.0842]].flatMap((row, j) =>
        row.map((v, k) =>
          [
            `dw2.${j}.${k}`,
            `∇w2[${j}][${k}]`,
            v,
            4,
            mul(`delta2.${j}`, `a1.${k}`),
            bw(`dW[1][${j}][${k}]`),
          ] as const
        )
      ),
      ["db2.0", "∇b2[0]", -0.1138, 4, same("delta2.0"), bw("db[1][0][0]")],
      ["db2.1", "∇b2[1]", 0.1291, 4, same("delta2.1"), bw("db[1][1][0]")],
      ...[0.0278, -0.0907, -0.09].map((v, k) =>
        [`wtd2.${k}`, `(w2)ᵀδ2[${k}]`, v, 4, wtd(k), {
          op: "transposed_weights",
          layer: 2,
          at: `z[${k}][0]`,
        }] as const
      ),
      ...[0.2464, 0.2492, 0.2267].map((v, k) =>
        [`dsig1.${k}`, `σ′(z1)[${k}]`, v, 4, slope(`a1.${k}`), {
          op: "sigmoid_prime",
          layer: 1,
          at: `d[${k}][0]`,
        }, false] as const
      ),
      ...[0.0069, -0.0226, -0.0204].map((v, k) =>
        [
          `delta1.${k}`,
          `δ1[${k}]`,
          v,
          4,
          mul(`wtd2.${k}`, `dsig1.${k}`),
          bw(`delta[0][${k}][0]`),
        ] as const
      ),
      ...[[0.0062, 0.0007], [-0.0204, -0.0023], [-0.0184, -0.002]].flatMap((row, k) =>
        row.map((v, m) =>
          [
            `dw1.${k}.${m}`,
            `∇w1[${k}][${m}]`,
            v,
            4,
            mul(`delta1.${k}`, X[m]),
            bw(`dW[0][${k}][${m}]`),
          ] as const
        )
      ),
      ...[0.0069, -0.0226, -0.0204].map((v, k) =>
        [`db1.${k}`, `∇b1[${k}]`, v, 4, same(`delta1.${k}`), bw(`db[0][${k}][0]`)] as const
      ),
    ]),
  ],
  repeats: [{
    part: "Summary",
    ids: ["delta2.0", "delta2.1", "delta1.0", "delta1.1", "delta1.2"],
    printed: [-0.1138, 0.1291, 0.0069, -0.0226, -0.0204],
  }],
};

/** Every worked example, in document order. */
export const EXAMPLES: readonly WorkedExample[] = [EXAMPLE_221, EXAMPLE_232];
