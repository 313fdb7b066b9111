/**
 * Naming a mistake of the catalogue that replaces relations (src/oracle/mistakes.ts, `hooks`) for a
 * failing answer, so that a name is never wrong: a mistake is named only when it explains every wrong
 * value of the case — the whole answer as a network making it would give, or every broken relation on the client's own numbers
 * with no relation it changes contradicting it — and reported as partial when it explains some.
 *
 * @module
 */
import { compareMatrices, type Tolerance } from "../spec/compare.ts";
import { Matrix } from "../reference/matrix.ts";
import { decodeMatrix, decodeNumber } from "../spec/number_codec.ts";
import { evaluateJson } from "../spec/evaluate.ts";
import { isObject } from "../spec/json.ts";
import type { OpName } from "../spec/operations.ts";
import { translateInputs, translateOutputs } from "./translate.ts";
import { answerOf, type AnswerToLocalise, checkNetwork, requestOf } from "./localise.ts";
import { type CataloguedMistake, MISTAKES } from "./mistakes.ts";
import { type NetworkAnswer, type RelationId, relationValue } from "./relations.ts";
import { hookedValue, type RelationHooks, simulate } from "./simulate.ts";

/** A mistake that fits an answer, wholly or in part. */
export interface RelationVerdict {
  /** The mistake. */
  readonly mistake: CataloguedMistake;
  /** "named": it explains every wrong value; "partial": some, not all. */
  readonly fit: "named" | "partial";
}

const NETWORK_FIELDS: Record<string, (keyof NetworkAnswer)[]> = {
  backward: ["delta", "dW", "db"],
  sgd_step: ["W", "b"],
  network_cost: ["loss"],
  forward: ["z", "a"],
  dense_forward: ["z", "a"],
  input_grad: ["dx"],
};

/**
 * The relation mistakes that fit a failing answer.
 *
 * @param a The failing answer.
 * @param tol The tolerance of a match.
 * @returns The mistakes that explain it wholly ("named") or in part ("partial").
 * @example A step up the gradient
 * ```ts
 * import assert from "node:assert";
 * import { compareOutputs } from "../spec/compare_outputs.ts";
 * const network = { layers: [{ W: [[1]], b: [[0]], activation: "identity" }] };
 * const inputs = { network, x: [[1, 3, 2]], y: [[0, 0, 0]], cost: "quadratic_half", lr: 0.1 };
 * // dW = (1 + 9 + 4)/3 = 14/3, db = 2: ascent gives W = 1 + 0.1·14/3, b = 0.2
 * const got = { network: { layers: [{ W: [[1 + 1.4 / 3]], b: [[0.2]], activation: "identity" }] } };
 * const expected = { network: { layers: [{ W: [[1 - 1.4 / 3]], b: [[-0.2]], activation: "identity" }] } };
 * const tolerance = { rtol: 1e-9, atol: 1e-12 };
 * const comparison = compareOutputs(got, expected, tolerance);
 * const v = nameByRelations({ op: "sgd_step", layout: "column", inputs, got, tolerance, comparison }, tolerance);
 * // with one layer, a δ of the wrong sign steps the same way: both are named, this case cannot tell them apart
 * const named = v.filter((x) => x.fit === "named").map((x) => x.mistake.id);
 * assert.deepStrictEqual(named, ["output-delta-sign-flipped", "gradient-ascent"]);
 * ```
 */
export function nameByRelations(a: AnswerToLocalise, tol: Tolerance): RelationVerdict[] {
  if (a.op in NETWORK_FIELDS) return networkVerdicts(a, tol);
  return opVerdicts(a, tol);
}

function networkVerdicts(a: AnswerToLocalise, tol: Tolerance): RelationVerdict[] {
  const row = a.layout === "row";
  const inputs = row ? translateInputs(a.op, a.inputs) : a.inputs;
  const gotJson = row ? translateOutputs(a.op, a.got) : a.got;
  let req;
  try {
    req = requestOf(a.op, inputs);
  } catch {
    return [];
  }
  const got = answerOf(a.op, gotJson, req.layers.length);
  const fields = NETWORK_FIELDS[a.op];
  const reference = simulate(req, {});
  const checked = checkNetwork(a, tol);
  const out: RelationVerdict[] = [];
  for (const mistake of MISTAKES) {
    if (!mistake.hooks) continue;
    let predicted: NetworkAnswer;
    try {
      predicted = simulate(req, mistake.hooks);
    } catch {
      continue; // the mistake cannot happen with these shapes
    }
    const shows = fields.some((f) => !agree(predicted[f], reference[f], tol));
    // the optional outputs the answer reported must agree too: a name they contradict is wrong
    const reported = OPTIONAL.filter((f) => got[f] !== undefined && !fields.includes(f));
    if (shows && [...fields, ...reported].every((f) => agree(got[f], predicted[f], tol))) {
      out.push({ mistake, fit: "named" });
      continue;
    }
    const local = localFit(mistake.hooks, checked, tol);
    if (local) out.push({ mistake, fit: local });
  }
  return out;
}

const OPTIONAL: (keyof NetworkAnswer)[] = ["z", "a", "delta", "dW", "db"];

type Value = readonly Matrix[] | Matrix | number | undefined;

function agree(got: Value, want: Value, tol: Tolerance): boolean {
  if (got === undefined || want === undefined) return got === want;
  if (typeof got === "number" || typeof want === "number") {
    return typeof got === "number" && typeof want === "number" &&
      compareMatrices(Matrix.from([[got]]), Matrix.from([[want]]), tol).ok;
  }
  const gs = got instanceof Matrix ? [got] : got;
  const ws = want instanceof Matrix ? [want] : want;
  return gs.length === ws.length && gs.every((g, i) => compareMatrices(g, ws[i], tol).ok);
}

/** Which relations a mistake changes. */
function changes(hooks: RelationHooks, relation: RelationId): boolean {
  if (hooks.relations?.[relation]) return true;
  if (hooks.fPrime && (relation === "delta-output" || relation === "delta-recursion")) {
    return true;
  }
  return hooks.f !== undefined && relation === "a";
}

/** The fit on the client's own numbers: every broken relation explained, none it changes contradicted. */
function localFit(
  hooks: RelationHooks,
  checked: ReturnType<typeof checkNetwork>,
  tol: Tolerance,
): RelationVerdict["fit"] | undefined {
  let explained = 0;
  let failing = 0;
  let contradicted = false;
  for (const c of checked) {
    const broken = !c.comparison.ok;
    if (broken) failing++;
    if (!changes(hooks, c.instance.relation)) continue;
    let alt: Matrix;
    try {
      alt = hookedValue(c.instance.relation, c.instance.inputs, hooks);
    } catch {
      if (broken) contradicted = true;
      continue;
    }
    const fits = compareMatrices(c.instance.got, alt, tol).ok;
    if (!fits) contradicted = true;
    else if (broken) {
      const right = relationValue(c.instance.relation, c.instance.inputs);
      if (!compareMatrices(alt, right, tol).ok) explained++;
    }
  }
  if (explained === 0) return undefined;
  return explained === failing && !contradicted ? "named" : "partial";
}

function opVerdicts(a: AnswerToLocalise, tol: Tolerance): RelationVerdict[] {
  const row = a.layout === "row" && a.op !== "shapes";
  const inputs = row ? translateInputs(a.op, a.inputs) : a.inputs;
  const got = row ? translateOutputs(a.op, a.got) : a.got;
  const out: RelationVerdict[] = [];
  for (const mistake of MISTAKES) {
    const op = mistake.formulas?.[a.op];
    if (!op) continue;
    try {
      const m = Object.fromEntries(
        Object.entries(inputs).filter(([, v]) => Array.isArray(v)).map((
          [k, v],
        ) => [k, decodeMatrix(v, k)]),
      );
      const reference = evaluateJson(a.op as OpName, inputs as never, "column");
      const named = [op].flat().some((form) => {
        const predicted = Object.entries(form(m, inputs));
        const fits = predicted.every(([k, v]) => fieldAgrees(got, k, v, tol));
        return fits && predicted.some(([k, v]) => !fieldAgrees(reference, k, v, tol));
      });
      if (named) out.push({ mistake, fit: "named" });
    } catch {
      // the answer or the inputs cannot be read as this mistake's: it does not fit
    }
  }
  return out;
}

function fieldAgrees(got: unknown, key: string, want: Matrix, tol: Tolerance): boolean {
  if (!isObject(got) || !(key in got)) return false;
  const v = got[key];
  const m = Array.isArray(v) ? decodeMatrix(v, key) : Matrix.from([[decodeNumber(v, key)]]);
  return compareMatrices(m, want, tol).ok;
}
