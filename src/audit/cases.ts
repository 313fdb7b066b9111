/**
 * The document-example fixtures: one case per value a worked example prints. Each case runs a registry
 * operation on the example's ORIGINAL inputs (the whole network for z, a, δ, dW, db; a finer operation
 * fed the correct upstream values for the intermediate quantities the registry has no whole-network
 * output for), expects the correct float64 value, and carries the printed value beside it with its
 * verdict. `expected` is assembled from the audit's own step-by-step recomputation, which shares no
 * code with the reference in src/reference/network.ts; tests/audit/audit_test.ts checks the reference against it.
 *
 * @module
 */
import { type EncodedNumber, encodeNumber } from "../spec/number_codec.ts";
import type { FixtureCase, Printed } from "../spec/case_file.ts";
import type { JsonValue } from "../spec/json.ts";
import type { PrintedStep, WorkedExample } from "./examples.ts";
import { EXAMPLES } from "./examples.ts";
import { type JudgedExample, judgeExample, type Verdict } from "./verdict.ts";
import { shapeCases } from "./claims.ts";

/** The printed block of a document case, with `at`: where in `expected` the printed value sits. */
export interface DocumentPrinted extends Printed {
  /** The printed value: one number. */
  readonly value: number;
  /** The expected element it is printed for, e.g. `dW[1][0][2]` (field, layer, row, column). */
  readonly at: string;
  /** The audit's verdict. */
  readonly verdict: Verdict;
}

type Payload = Pick<FixtureCase, "op" | "layout" | "inputs" | "expected"> & { at: string };

const col = (xs: readonly number[]): EncodedNumber[][] => xs.map((x) => [encodeNumber(x)]);
const rows = (m: readonly (readonly number[])[]): EncodedNumber[][] =>
  m.map((r) => r.map(encodeNumber));

/** The correct value of each printed step, by id, and vectors/matrices assembled from them. */
function correctValues(judged: JudgedExample) {
  const c = new Map(judged.values.map((v) => [v.step.id, v.correct]));
  const one = (id: string): number => {
    const x = c.get(id);
    if (x === undefined) throw new RangeError(`${judged.example.id}: no printed value "${id}"`);
    return x;
  };
  const { layers } = judged.example;
  const vec = (prefix: string, n: number) =>
    Array.from({ length: n }, (_, j) => one(`${prefix}.${j}`));
  const mat = (prefix: string, r: number, k: number) =>
    Array.from({ length: r }, (_, j) => vec(`${prefix}.${j}`, k));
  const width = (l: number) => layers[l].W.length;
  const fanIn = (l: number) => layers[l].W[0].length;
  return { one, vec, mat, width, fanIn, L: layers.length };
}

function network(example: WorkedExample): JsonValue {
  return {
    layers: example.layers.map((l) => ({ W: rows(l.W), b: col(l.b), activation: "sigmoid" })),
  };
}

/** The operation, inputs and expected outputs that hold one printed value. */
function payload(step: PrintedStep, judged: JudgedExample): Payload {
  const ex = judged.example;
  const c = correctValues(judged);
  const f = step.fixture;
  const layerIds = Array.from({ length: c.L }, (_, l) => l + 1);
  switch (f.op) {
    case "forward":
      return {
        op: "forward",
        layout: "column",
        inputs: { network: network(ex), x: col(ex.x) },
        expected: {
          z: layerIds.map((l) => col(c.vec(`z${l}`, c.width(l - 1)))),
          a: layerIds.map((l) => col(c.vec(`a${l}`, c.width(l - 1)))),
        },
        at: f.at,
      };
    case "backward":
      return {
        op: "backward",
        layout: "column",
        inputs: { network: network(ex), x: col(ex.x), y: col(ex.y), cost: "quadratic_half" },
        expected: {
          delta: layerIds.map((l) => col(c.vec(`delta${l}`, c.width(l - 1)))),
          dW: layerIds.map((l) => rows(c.mat(`dw${l}`, c.width(l - 1), c.fanIn(l - 1)))),
          db: layerIds.map((l) => col(c.vec(`db${l}`, c.width(l - 1)))),
        },
        at: f.at,
      };
    case "product": {
      const e = step.expr;
      if (e.kind !== "lin" || e.terms.length !== 1 || e.bias !== 0) {
        throw new TypeError(`${ex.id}/${step.id}: a product fixture needs a one-term step`);
      }
      const [w, o] = e.terms[0];
      const x = typeof o === "number" ? o : c.one(o);
      const v = [[encodeNumber(judged.values.find((j) => j.step.id === step.id)!.correct)]];
      return {
        op: "dense_forward",
        layout: "column",
        inputs: { W: [[w]], b: [[0]], x: [[encodeNumber(x)]], activation: "identity" },
        expected: { z: v, a: v },
        at: "z[0][0]",
      };
    }
    case "quadratic_cost_grad": {
      const n = c.width(c.L - 1);
      return {
        op: "quadratic_cost_grad",
        layout: "column",
        inputs: { a: col(c.vec(`a${c.L}`, n)), y: col(ex.y), convention: "half" },
        expected: { da: col(c.vec(`a${c.L}-y`, n)) },
        at: f.at,
      };
    }
    case "sigmoid_prime": {
      const n = c.width(f.layer - 1);
      return {
        op: "sigmoid_prime",
        inputs: { z: col(c.vec(`z${f.layer}`, n)) },
        expected: { d: col(c.vec(`dsig${f.layer}`, n)) },
        at: f.at,
      };
    }
    case "transposed_weights": {
      const W = ex.layers[f.layer - 1].W;
      const Wt = W[0].map((_, k) => W.map((r) => r[k]));
      const v = col(c.vec(`wtd${f.layer}`, Wt.length));
      return {
        op: "dense_forward",
        layout: "column",
        inputs: {
          W: rows(Wt),
          b: col(Wt.map(() => 0)),
          x: col(c.vec(`delta${f.layer}`, W.length)),
          activation: "identity",
        },
        expected: { z: v, a: v },
        at: f.at,
      };
    }
  }
}

const NOTES: Record<PrintedStep["fixture"]["op"], string> = {
  forward: "z = W·a + b, a = σ(z) of the document's network; a failure points at the forward pass",
  backward: "δ, ∇W = δ·aᵀ, ∇b = δ under C = ½‖a − y‖²; a failure points at backpropagation",
  product: "one product w·a of the document's step, fed the correct a",
  quadratic_cost_grad: "∂C/∂a = a − y of C = ½‖a − y‖², fed the correct output a",
  sigmoid_prime: "σ′(z) = σ(z)(1 − σ(z)), fed the correct z",
  transposed_weights: "(W)ᵀδ as a linear layer with weights Wᵀ and no bias, fed the correct δ",
};

function documentCase(step: PrintedStep, judged: JudgedExample): FixtureCase {
  const ex = judged.example;
  const v = judged.values.find((j) => j.step.id === step.id)!;
  const { at, ...rest } = payload(step, judged);
  const printed: DocumentPrinted = {
    value: step.printed,
    decimals: step.decimals,
    verdict: v.verdict,
    from_previous: v.fromPrevious,
    why: v.why,
    at,
  };
  return {
    id: `doc${ex.doc}/${ex.id}/${step.id}`,
    ...rest,
    tolerance: { class: "printed", atol: 0.5 / 10 ** step.decimals },
    source: { doc: ex.doc, section: `${ex.section} › ${step.part}` },
    tags: ["document"],
    notes: `${step.label}, printed ${step.printed}: ${NOTES[step.fixture.op]}`,
    printed,
  };
}

/** The whole example through `forward` and `backward` at closed-form tolerance. */
function wholeCases(judged: JudgedExample): FixtureCase[] {
  const ex = judged.example;
  const pick = (op: "forward" | "backward") =>
    judged.example.steps.find((s) => s.fixture.op === op)!;
  return (["forward", "backward"] as const).map((op) => {
    const { at: _at, ...rest } = payload(pick(op), judged);
    return {
      id: `doc${ex.doc}/${ex.id}/${op}`,
      ...rest,
      tolerance: { class: "closed_form" },
      source: { doc: ex.doc, section: ex.section },
      tags: ["document"],
      notes: `The ${ex.title} example, every ${op === "forward" ? "z and a" : "δ, dW and db"} at ` +
        "closed-form tolerance (the document's printed values are in the per-value cases)",
    };
  });
}

/**
 * The example under 002's equation (1), δᴸ = 2(aᴸ − y) ⊙ σ′(zᴸ), i.e. C₀ = Σⱼ (aⱼ − yⱼ)² (erratum
 * e002-13): ∂C/∂a and then every δ, dW and db are twice the example's own (C = ½‖a − y‖²), since
 * backpropagation is linear in ∂C/∂aᴸ. Built from the audit's correct values, not the reference.
 */
function equationOneCases(judged: JudgedExample): FixtureCase[] {
  const ex = judged.example;
  const c = correctValues(judged);
  const twice = (xs: readonly number[]) => xs.map((x) => 2 * x);
  const layerIds = Array.from({ length: c.L }, (_, l) => l + 1);
  const n = c.width(c.L - 1);
  const base = {
    layout: "column" as const,
    tolerance: { class: "closed_form" as const },
    source: { doc: ex.doc, section: "§2.5.1, equation (1)" },
    statements: ["quadratic_squared"],
    tags: ["document", "convention"],
  };
  return [
    {
      id: `doc${ex.doc}/${ex.id}/cost-grad-eq1`,
      op: "quadratic_cost_grad",
      inputs: { a: col(c.vec(`a${c.L}`, n)), y: col(ex.y), convention: "squared" },
      expected: { da: col(twice(c.vec(`a${c.L}-y`, n))) },
      ...base,
      notes: `The ${ex.title} example's ∂C/∂aᴸ under equation (1): 2(a − y), twice the ` +
        "example's a − y (erratum e002-13)",
    },
    {
      id: `doc${ex.doc}/${ex.id}/backward-eq1`,
      op: "backward",
      inputs: { network: network(ex), x: col(ex.x), y: col(ex.y), cost: "quadratic_squared" },
      expected: {
        delta: layerIds.map((l) => col(twice(c.vec(`delta${l}`, c.width(l - 1))))),
        dW: layerIds.map((l) => rows(c.mat(`dw${l}`, c.width(l - 1), c.fanIn(l - 1)).map(twice))),
        db: layerIds.map((l) => col(twice(c.vec(`db${l}`, c.width(l - 1))))),
      },
      ...base,
      notes: `The ${ex.title} example under equation (1), C₀ = Σ(aⱼ − yⱼ)²: every δ, dW and db ` +
        "twice the example's own; a client that matches this but not …/backward uses 2(a − y) " +
        "where the example's ½‖a − y‖² wants a − y (erratum e002-13)",
    },
  ];
}

/**
 * One fixture case per value the documents' worked examples print (tolerance class `printed`, with
 * the printed value, its decimals and verdict), each example whole through `forward` and `backward`
 * (class `closed_form`) and again under 002's equation (1) (`…-eq1`, twice the gradients), and the
 * shapes of the documents' MNIST networks (`shapes`, class `exact`).
 *
 * @returns The cases, in document order.
 * @example The slip z¹[0] = 0.24 of the [2,3,2] example
 * ```ts
 * import assert from "node:assert";
 * const cases = documentCases();
 * const z = cases.find((c) => c.id === "doc002/ex232/z1.0")!;
 * assert.strictEqual(z.printed?.verdict, "wrong");
 * assert.strictEqual(z.printed?.value, 0.24);
 * ```
 */
export function documentCases(): FixtureCase[] {
  const examples = EXAMPLES.flatMap((ex) => {
    const judged = judgeExample(ex);
    return [
      ...ex.steps.map((s) => documentCase(s, judged)),
      ...wholeCases(judged),
      ...equationOneCases(judged),
    ];
  });
  return [...examples, ...shapeCases()];
}
