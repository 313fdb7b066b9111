/**
 * Where a wrong answer goes wrong, from its own numbers: every relation of the documents is checked on
 * the values the client reported (src/oracle/relations.ts), and the first that fails — in the order the
 * network computes — is reported with its layer, its quantity and its worst element. This needs no
 * catalogue of mistakes, so it holds for mistakes nobody listed. An operation that is one formula
 * (softmax, a cost, a derivative) is its own relation: its worst element is the localisation.
 *
 * @module
 */
import { compareMatrices, type Comparison, fmt, type Tolerance } from "../spec/compare.ts";
import { costFromName } from "../reference/costs.ts";
import type { Layout } from "../reference/layout.ts";
import type { Matrix } from "../reference/matrix.ts";
import type { Network } from "../reference/network.ts";
import type { OutputComparison } from "../spec/compare_outputs.ts";
import { decodeInputs } from "../spec/decode.ts";
import { isObject } from "../spec/json.ts";
import { decodeMatrix, decodeNumber } from "../spec/number_codec.ts";
import { OPERATIONS, type OpName } from "../spec/operations.ts";
import { translateInputs, translateOutputs } from "./translate.ts";
import {
  type ColumnLayer,
  type NetworkAnswer,
  networkRelations,
  type NetworkRequest,
  type RelationId,
  type RelationInstance,
  RELATIONS,
  relationValue,
} from "./relations.ts";

/** A relation checked on an answer's numbers. */
export interface CheckedRelation {
  /** The instance. */
  readonly instance: RelationInstance;
  /** The reported value against the relation's value (column layout). */
  readonly comparison: Comparison;
}

/** The first relation an answer breaks, and every other it breaks. */
export interface Localisation {
  /** The relation, or `"op"` for an operation that is one formula. */
  readonly relation: RelationId | "op";
  /** The formula, e.g. `dWˡ = δˡ (aˡ⁻¹)ᵀ / N`. */
  readonly formula: string;
  /** Layer l (1-based) for network relations. */
  readonly layer?: number;
  /** The field of the answer, e.g. `dW[1]`. */
  readonly field: string;
  /** Every relation instance that fails, in order (empty for `"op"`). */
  readonly failing: readonly CheckedRelation[];
  /** Every relation instance checked. */
  readonly checked: readonly CheckedRelation[];
  /** One line for the report. */
  readonly message: string;
}

/** A failing answer, as src/oracle/diagnose.ts receives it. */
export interface AnswerToLocalise {
  /** The operation. */
  readonly op: OpName;
  /** The request's layout. */
  readonly layout?: Layout;
  /** The encoded inputs sent. */
  readonly inputs: Record<string, unknown>;
  /** The outputs received. */
  readonly got: unknown;
  /** The case's tolerance. */
  readonly tolerance: Tolerance;
  /** The comparison with the expected outputs. */
  readonly comparison: OutputComparison;
}

/** The operations whose answer the relations of a network check. */
export const NETWORK_OPS: ReadonlySet<OpName> = new Set<OpName>([
  "forward",
  "backward",
  "network_cost",
  "sgd_step",
  "dense_forward",
  "input_grad",
]);

/**
 * Localises a failing answer: the first relation of the documents its numbers break.
 *
 * @param a The failing answer.
 * @returns The localisation; absent only when the answer has nothing wrong in it.
 * @example A dW off by a factor of 2 breaks dWˡ = δˡ (aˡ⁻¹)ᵀ / N and nothing before it
 * ```ts
 * import assert from "node:assert";
 * import { compareOutputs } from "../spec/compare_outputs.ts";
 * const network = { layers: [{ W: [[1, -1]], b: [[0]], activation: "identity" }] };
 * const inputs = { network, x: [[1, 2, 0], [0, 1, 1]], y: [[0, 0, 0]], cost: "quadratic_half" };
 * const delta = [[[1, 1, -1]]];
 * const expected = { delta, dW: [[[1, 0]]], db: [[[1 / 3]]] };
 * const got = { delta, dW: [[[2, 0]]], db: [[[1 / 3]]] };
 * const tolerance = { rtol: 1e-12, atol: 1e-14 };
 * const comparison = compareOutputs(got, expected, tolerance);
 * const l = localise({ op: "backward", layout: "column", inputs, got, tolerance, comparison });
 * assert.strictEqual(l?.relation, "dW");
 * assert.strictEqual(l?.layer, 1);
 * assert.match(l?.message ?? "", /dW\[0\]\[0,0\]: the answer has 2, its own numbers give 1 /);
 * ```
 */
export function localise(a: AnswerToLocalise): Localisation | undefined {
  if (a.comparison.ok) return undefined;
  const tol = relationTolerance(a.tolerance);
  if (NETWORK_OPS.has(a.op)) {
    const checked = checkNetwork(a, tol);
    const failing = checked.filter((c) => !c.comparison.ok);
    if (failing.length > 0) return fromRelations(a, failing, checked);
  }
  return fromComparison(a);
}

/** Relations recomputed from a client's numbers carry its rounding: never tighter than 1e-9. */
function relationTolerance(t: Tolerance): Tolerance {
  return { rtol: Math.max(t.rtol, 1e-9), atol: Math.max(t.atol, 1e-12) };
}

/**
 * The relation instances of a network answer, each checked.
 *
 * @param a The answer.
 * @param tol The tolerance of the relations.
 * @returns The checked instances, in the order the network computes them (empty when the request
 *   cannot be read).
 */
export function checkNetwork(a: AnswerToLocalise, tol: Tolerance): CheckedRelation[] {
  const row = a.layout === "row";
  const inputs = row ? translateInputs(a.op, a.inputs) : a.inputs;
  const got = row ? translateOutputs(a.op, a.got) : a.got;
  let req: NetworkRequest;
  try {
    req = requestOf(a.op, inputs);
  } catch {
    return [];
  }
  const out: CheckedRelation[] = [];
  for (const instance of networkRelations(req, answerOf(a.op, got, req.layers.length))) {
    let value: Matrix;
    try {
      value = relationValue(instance.relation, instance.inputs);
    } catch {
      continue; // an input of the relation has the wrong shape: an earlier relation reports it
    }
    out.push({ instance, comparison: compareMatrices(instance.got, value, tol) });
  }
  return out;
}

/**
 * A network request decoded to column layout (throws when it cannot be read).
 *
 * @param op The operation (`dense_forward` is read as a one-layer network).
 * @param inputs The inputs, in column layout.
 * @returns The request.
 */
export function requestOf(op: OpName, inputs: Record<string, unknown>): NetworkRequest {
  const v = decodeInputs(op, inputs, { layout: "column", where: "inputs" });
  const X = v.x as Matrix;
  if (op === "dense_forward") {
    const { W, b, activation } = v as unknown as ColumnLayer;
    return { layers: [{ W, b, activation }], X };
  }
  return {
    layers: (v.network as Network).layers,
    X,
    Y: v.y as Matrix | undefined,
    cost: v.cost === undefined
      ? undefined
      : costFromName(v.cost as Parameters<typeof costFromName>[0]),
    lr: v.lr as number | undefined,
  };
}

/**
 * The answer's numbers that decode, per field; a field that does not is left out.
 *
 * @param op The operation.
 * @param got The outputs, in column layout.
 * @param L The number of layers.
 * @returns The decoded answer.
 */
export function answerOf(op: OpName, got: unknown, L: number): NetworkAnswer {
  if (!isObject(got)) return {};
  const list = (v: unknown): Matrix[] | undefined => {
    if (!Array.isArray(v) || v.length !== L) return undefined;
    try {
      return v.map((x, i) => decodeMatrix(x, String(i)));
    } catch {
      return undefined;
    }
  };
  const one = (v: unknown) => (v === undefined ? undefined : list([v]));
  if (op === "dense_forward") return { z: one(got.z), a: one(got.a) };
  const out: NetworkAnswer = {
    z: list(got.z),
    a: list(got.a),
    delta: list(got.delta),
    dW: list(got.dW),
    db: list(got.db),
    loss: scalarOf(got.loss),
    dx: matrixOf(got.dx, "dx"),
  };
  const layers = isObject(got.network) && Array.isArray(got.network.layers)
    ? got.network.layers as unknown[]
    : undefined;
  if (op !== "sgd_step" || !layers) return out;
  const field = (k: string) => list(layers.map((l) => (isObject(l) ? l[k] : undefined)));
  return { ...out, W: field("W"), b: field("b") };
}

function matrixOf(v: unknown, field: string): Matrix | undefined {
  try {
    return v === undefined ? undefined : decodeMatrix(v, field);
  } catch {
    return undefined;
  }
}

function scalarOf(v: unknown): number | undefined {
  try {
    return v === undefined ? undefined : decodeNumber(v, "loss");
  } catch {
    return undefined;
  }
}

function fromRelations(
  a: AnswerToLocalise,
  failing: CheckedRelation[],
  checked: CheckedRelation[],
): Localisation {
  const first = failing[0];
  const { relation, inputs } = first.instance;
  const field = a.op === "dense_forward"
    ? first.instance.field.replace(/\[0\]$/, "")
    : first.instance.field;
  const where = element(first.comparison, a.layout === "row", field);
  const others = new Map<string, number[]>();
  for (const f of failing.slice(1)) {
    const key = f.instance.relation;
    others.set(key, [...(others.get(key) ?? []), f.instance.inputs.layer]);
  }
  const also = [...others].map(([r, ls]) => `${r} (layer ${[...new Set(ls)].join(", ")})`);
  const reported = (k: string) => isObject(a.got) && k in a.got;
  const fromReference = NEEDS_FORWARD.has(relation) && !(reported("z") && reported("a")) &&
      a.op !== "dense_forward"
    ? " (z and a from the reference's forward pass: an answer that reports them gets its forward pass checked too)"
    : relation === "input-grad" && !reported("delta")
    ? " (δ¹ from the reference's backward pass: an answer that reports delta gets its δ checked too)"
    : "";
  return {
    relation,
    formula: RELATIONS[relation],
    layer: inputs.layer,
    field,
    failing,
    checked,
    message: `first relation broken: ${RELATIONS[relation]}, layer ${inputs.layer}; ${where}${
      also.length ? `; also broken: ${also.join(", ")}` : ""
    }${fromReference}`,
  };
}

const NEEDS_FORWARD = new Set<string>(["delta-output", "cost"]);

function element(c: Comparison, row: boolean, field: string): string {
  if (c.shapeError) return `${field}: ${c.shapeError}`;
  const w = c.worst!;
  const [i, j] = row ? [w.index[1], w.index[0]] : w.index;
  return `${field}[${i},${j}]: the answer has ${fmt(w.got)}, its own numbers give ${
    fmt(w.expected)
  } (${c.failures} of ${c.total} elements off)`;
}

function fromComparison(a: AnswerToLocalise): Localisation | undefined {
  const bad = a.comparison.fields.find((f) => !f.ok);
  if (!bad) return undefined;
  const key = bad.path.replace(/[.[].*$/, "");
  const spec = (OPERATIONS[a.op].outputs as Record<string, { doc: string }>)[key];
  const formula = spec ? `${a.op}: ${key} = ${spec.doc}` : `${a.op}: ${key}`;
  const w = a.comparison.worst;
  const where = bad.problem
    ? `${bad.path}: ${bad.problem}`
    : bad.comparison?.shapeError
    ? `${bad.path}: ${bad.comparison.shapeError}`
    : w
    ? `${w.path}${w.scalar ? "" : `[${w.mismatch.index.join(",")}]`}: the answer has ${
      fmt(w.mismatch.got)
    }, expected ${fmt(w.mismatch.expected)}`
    : bad.path;
  return {
    relation: "op",
    formula,
    field: bad.path,
    failing: [],
    checked: [],
    message: `${
      NETWORK_OPS.has(a.op) ? "every relation holds on the answer's own numbers; " : ""
    }broken: ${formula}; ${where}`,
  };
}
