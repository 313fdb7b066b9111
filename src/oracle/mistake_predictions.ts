/**
 * What a program making each catalogued mistake (src/oracle/mistakes.ts) answers to a case: by its
 * step changes or by its relations replaced, each quadratic convention apart, and the layout mistake. Two mistakes that answer every case alike could never
 * be told apart; tests/oracle/mistake_pairs_test.ts proves that some case separates every pair.
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import { encodeMatrix } from "../spec/number_codec.ts";
import type { OpName } from "../spec/operations.ts";
import type { Matrix } from "../reference/matrix.ts";
import { NETWORK_OPS, requestOf } from "./localise.ts";
import {
  askedConvention,
  type CataloguedMistake,
  type Mistake,
  MISTAKES,
  stepForms,
} from "./mistakes.ts";
import type { NetworkAnswer } from "./relations.ts";
import { simulate } from "./simulate.ts";
import { translateInputs, translateOutputs } from "./translate.ts";
import { evaluateVariant } from "./variants.ts";
import { decodeMatrix } from "../spec/number_codec.ts";

/** A request: operation, layout, encoded inputs. */
export interface CaseRequest {
  /** The operation. */
  readonly op: OpName;
  /** The layout, when the operation takes one. */
  readonly layout?: Layout;
  /** The encoded inputs. */
  readonly inputs: Record<string, unknown>;
}

/** One entry of the catalogue and the answer a program making it gives. */
export interface CatalogueEntry {
  /** The mistake id, with the convention used for `quadratic-convention`. */
  readonly name: string;
  /** The answer to a request; undefined where the mistake cannot show (the right answer is given). */
  predict(r: CaseRequest): Record<string, unknown> | undefined;
}

/**
 * Every catalogued mistake as a predictor of answers.
 *
 * @returns The entries, whole-answer mistakes first.
 * @example Every id appears once
 * ```ts
 * import assert from "node:assert";
 * const names = catalogueEntries().map((e) => e.name);
 * assert.strictEqual(new Set(names).size, names.length);
 * assert.ok(names.includes("forgot-batch-mean") && names.includes("bias-wrong-axis"));
 * ```
 */
export function catalogueEntries(): CatalogueEntry[] {
  const whole = MISTAKES.flatMap(stepPrograms);
  const layout: CatalogueEntry = {
    name: "outputs-transposed",
    predict: (r) =>
      r.layout && r.op !== "shapes"
        ? translateOutputs(r.op, evaluateVariant(r.op, r, {})) as Record<string, unknown>
        : undefined,
  };
  const relations = MISTAKES.filter((m) => m.hooks).map((m) => ({
    name: m.id,
    predict: (r: CaseRequest) => predictRelationMistake(m, r),
  }));
  return [...whole, layout, ...relations];
}

/**
 * A mistake's step forms as programs: one, whose answer is the first form that shows, unless each
 * form names the variant it stands for (the quadratic convention used).
 */
function stepPrograms(m: CataloguedMistake): CatalogueEntry[] {
  const forms = m.steps ?? [];
  const variants = forms.every((f) => f.variant !== undefined)
    ? forms.map((f) => ({ name: `${m.id} (${f.variant})`, steps: [f] }))
    : [{ name: m.id, steps: forms }];
  return forms.length === 0 ? [] : variants.map(({ name, steps }) => ({
    name,
    predict: (r: CaseRequest) => {
      const c = { op: r.op, convention: askedConvention(r.inputs) };
      const [form] = stepForms([{ ...m, steps }], c);
      return form ? evaluateVariant(r.op, r, form.change) : undefined;
    },
  }));
}

/**
 * The answer of a program making a mistake that replaces relations, in the request's layout.
 *
 * @param m The mistake (one with `hooks`).
 * @param r The request.
 * @returns The outputs, or undefined where the mistake does not reach this operation.
 */
export function predictRelationMistake(
  m: Mistake,
  r: CaseRequest,
): Record<string, unknown> | undefined {
  const row = r.layout === "row";
  const inputs = row ? translateInputs(r.op, r.inputs) : r.inputs;
  let out: Record<string, unknown> | undefined;
  if (NETWORK_OPS.has(r.op)) {
    const req = requestOf(r.op, inputs);
    out = encodeAnswer(r.op, simulate(req, m.hooks ?? {}), req.layers.map((l) => l.activation));
  } else {
    const op = m.formulas?.[r.op];
    if (!op) return undefined;
    const mats = Object.fromEntries(
      Object.entries(inputs).filter(([, v]) => Array.isArray(v)).map((
        [k, v],
      ) => [k, decodeMatrix(v, k)]),
    );
    out = Object.fromEntries(
      Object.entries([op].flat()[0](mats, inputs)).map((
        [k, v],
      ) => [k, k === "loss" ? encodeMatrix(v)[0][0] : encodeMatrix(v)]),
    );
  }
  return row ? translateOutputs(r.op, out) as Record<string, unknown> : out;
}

function encodeAnswer(op: string, a: NetworkAnswer, activations: string[]) {
  const list = (ms?: readonly Matrix[]) => (ms ?? []).map(encodeMatrix);
  switch (op) {
    case "backward":
      return { delta: list(a.delta), dW: list(a.dW), db: list(a.db) };
    case "network_cost":
      return { loss: a.loss };
    case "input_grad":
      return { dx: encodeMatrix(a.dx!) };
    case "sgd_step":
      return {
        network: {
          layers: activations.map((activation, l) => ({
            W: encodeMatrix(a.W![l]),
            b: encodeMatrix(a.b![l]),
            activation,
          })),
        },
      };
    case "dense_forward":
      return { z: encodeMatrix(a.z![0]), a: encodeMatrix(a.a![0]) };
    default:
      return { z: list(a.z), a: list(a.a) };
  }
}
