/**
 * Compares an implementation's outputs with a case's expected outputs, field by field, following the
 * shape of the expected JSON: a number is a scalar, an array of rows a matrix, an array of matrices a
 * list (one per layer), an object a record of fields. Every element is compared with
 * {@linkcode compareMatrices}; the worst element of the whole answer is kept for the report. This is
 * the project's one comparer of outputs: the reference's own run of a case (src/spec/evaluate.ts) and
 * the oracle's verdict on an implementation's answer (src/oracle/judge.ts) both use it.
 *
 * @module
 */
import { Matrix } from "../reference/matrix.ts";
import {
  compareMatrices,
  type Comparison,
  describeMismatch,
  type Mismatch,
  type Tolerance,
} from "./compare.ts";
import { isObject } from "./json.ts";
import { decodeMatrix, decodeNumber, preview } from "./number_codec.ts";

/** The comparison of one numeric field (a scalar or a matrix) or a structural problem with it. */
export interface FieldResult {
  /** Where, e.g. `dW[1]` or `network.layers[0].W`. */
  readonly path: string;
  /** Whether it agrees. */
  readonly ok: boolean;
  /** True when the expected value is a single number. */
  readonly scalar: boolean;
  /** The element comparison (absent when the value could not be read). */
  readonly comparison?: Comparison;
  /** What is wrong when the value is missing, not a number, or not a matrix. */
  readonly problem?: string;
  /** The decoded value received, when it could be read. */
  readonly got?: Matrix;
  /** The decoded value expected. */
  readonly expected?: Matrix;
}

/** The comparison of a whole answer. */
export interface OutputComparison {
  /** True when every field agrees. */
  readonly ok: boolean;
  /** Every numeric field, in order. */
  readonly fields: readonly FieldResult[];
  /** The failing field holding the worst element, with the element. */
  readonly worst?: { readonly path: string; readonly mismatch: Mismatch; readonly scalar: boolean };
}

/**
 * Compares `got` with `expected` under one tolerance.
 *
 * @param got The outputs received (JSON, numbers possibly tagged).
 * @param expected The expected outputs (JSON, numbers possibly tagged).
 * @param tol The allowed error.
 * @returns Per-field results and the worst element.
 * @example One wrong element of dW[1]
 * ```ts
 * import assert from "node:assert";
 * const r = compareOutputs({ dW: [[[1]], [[2, 3]]] }, { dW: [[[1]], [[2, 4]]] }, { rtol: 0, atol: 1e-9 });
 * assert.strictEqual(r.ok, false);
 * assert.strictEqual(r.worst?.path, "dW[1]");
 * assert.deepStrictEqual(r.worst?.mismatch.index, [0, 1]);
 * ```
 */
export function compareOutputs(got: unknown, expected: unknown, tol: Tolerance): OutputComparison {
  const fields: FieldResult[] = [];
  walk(got, expected, "", { tol, fields });
  let worst: OutputComparison["worst"];
  let worstExcess = -1;
  for (const f of fields) {
    const w = f.comparison?.worst;
    if (!w) continue;
    const x = excess(w, tol);
    if (x > worstExcess) {
      worstExcess = x;
      worst = { path: f.path, mismatch: w, scalar: f.scalar };
    }
  }
  return { ok: fields.every((f) => f.ok), fields, worst };
}

/**
 * One line per field that disagrees: a problem as it is, a mismatch with its worst element.
 *
 * @param c A comparison.
 * @returns The lines, in field order; empty when it agrees.
 * @example A scalar is named without an index
 * ```ts
 * import assert from "node:assert";
 * const c = compareOutputs({ loss: 2, a: [[1]] }, { loss: 1, a: [[1]], b: [[0]] }, { rtol: 0, atol: 0 });
 * assert.deepStrictEqual(describeFailures(c), [
 *   "loss: expected 1, got 2 (abs 1, rel 1); 1 of 1 elements out of tolerance",
 *   "b: missing",
 * ]);
 * ```
 */
export function describeFailures(c: OutputComparison): string[] {
  return c.fields.filter((f) => !f.ok).map((f) => {
    if (f.problem !== undefined || !f.comparison) return `${f.path}: ${f.problem}`;
    const line = describeMismatch(f.comparison, f.path);
    return f.scalar ? line.replace(`${f.path}[0,0]`, f.path) : line;
  });
}

/** How far out of tolerance an element is: its error over its allowance (Infinity for specials). * @example
 * ```ts
 * import assert from "node:assert";
 * const w = { index: [0, 0] as const, expected: 1, got: 1.5, absError: 0.5, relError: 0.5 };
 * assert.strictEqual(excess(w, { rtol: 0, atol: 0.25 }), 2);
 * ```
 */
export function excess(w: Mismatch, tol: Tolerance): number {
  if (!Number.isFinite(w.got) || !Number.isFinite(w.expected)) return Infinity;
  const allowance = tol.atol + tol.rtol * Math.abs(w.expected);
  return allowance === 0 ? Infinity : w.absError / allowance;
}

interface Walk {
  readonly tol: Tolerance;
  readonly fields: FieldResult[];
}

function walk(got: unknown, expected: unknown, path: string, w: Walk): void {
  const where = path === "" ? "outputs" : path;
  if (isNumberLike(expected)) return scalarField(got, expected, where, w);
  if (isMatrixLike(expected)) return matrixField(got, expected, where, w);
  if (Array.isArray(expected)) {
    if (!Array.isArray(got) || got.length !== expected.length) {
      const what = Array.isArray(got) ? `a list of ${got.length}` : preview(got);
      return problem(where, `expected a list of ${expected.length}, got ${what}`, false, w);
    }
    expected.forEach((e, i) => walk(got[i], e, `${path}[${i}]`, w));
    return;
  }
  if (isObject(expected)) {
    if (!isObject(got)) return problem(where, `expected an object, got ${preview(got)}`, false, w);
    for (const key of Object.keys(expected)) {
      const sub = path === "" ? key : `${path}.${key}`;
      if (!(key in got)) problem(sub, "missing", isNumberLike(expected[key]), w);
      else walk(got[key], expected[key], sub, w);
    }
    return;
  }
  if (got !== expected) {
    problem(where, `expected ${preview(expected)}, got ${preview(got)}`, false, w);
  }
}

function scalarField(got: unknown, expected: unknown, path: string, w: Walk): void {
  const e = decodeNumber(expected, path);
  if (Array.isArray(got)) {
    const msg = `expected a single number, got an array ${
      preview(got)
    }: not reduced over the batch?`;
    return problem(path, msg, true, w);
  }
  let g: number;
  try {
    g = decodeNumber(got, path);
  } catch {
    return problem(path, `expected a number, got ${preview(got)}`, true, w);
  }
  const eM = new Matrix(1, 1, new Float64Array([e]));
  const gM = new Matrix(1, 1, new Float64Array([g]));
  const comparison = compareMatrices(gM, eM, w.tol);
  w.fields.push({ path, ok: comparison.ok, scalar: true, comparison, got: gM, expected: eM });
}

function matrixField(got: unknown, expected: unknown, path: string, w: Walk): void {
  const eM = decodeMatrix(expected, path);
  let gM: Matrix;
  try {
    gM = decodeMatrix(got, path);
  } catch (e) {
    return problem(path, (e as Error).message, false, w);
  }
  const comparison = compareMatrices(gM, eM, w.tol);
  w.fields.push({ path, ok: comparison.ok, scalar: false, comparison, got: gM, expected: eM });
}

function problem(path: string, message: string, scalar: boolean, w: Walk): void {
  w.fields.push({ path, ok: false, scalar, problem: message });
}

/** A JSON number or one of the tagged strings "NaN", "Infinity", "-Infinity", "-0". * @example
 * ```ts
 * import assert from "node:assert";
 * assert.ok(isNumberLike("-0") && isNumberLike(2));
 * assert.ok(!isNumberLike("0.5"));
 * ```
 */
export function isNumberLike(v: unknown): boolean {
  return typeof v === "number" || v === "NaN" || v === "Infinity" || v === "-Infinity" ||
    v === "-0";
}

/** An array of rows of numbers (possibly empty). * @example
 * ```ts
 * import assert from "node:assert";
 * assert.ok(isMatrixLike([[1, "NaN"]]));
 * assert.ok(!isMatrixLike([[[1]]]));
 * ```
 */
export function isMatrixLike(v: unknown): boolean {
  return Array.isArray(v) &&
    v.every((row) => Array.isArray(row) && row.every((x) => isNumberLike(x)));
}
