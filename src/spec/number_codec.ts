/**
 * How numbers travel in JSON (fixtures, results files, the protocol). A finite number is a JSON number
 * written with the shortest decimal that round-trips to the same float64 (JavaScript's and Python's
 * default). The four values JSON cannot hold are tagged strings with exactly these spellings:
 * `"NaN"`, `"Infinity"`, `"-Infinity"`, `"-0"` (they parse back with `Number(s)` or Python's `float(s)`).
 * A matrix is an array of rows.
 *
 * @module
 */
import { Matrix } from "../reference/matrix.ts";

/** A number as it appears in JSON: a finite number, or one of four tagged strings. */
export type EncodedNumber = number | "NaN" | "Infinity" | "-Infinity" | "-0";

const TAGS: Record<string, number> = {
  "NaN": NaN,
  "Infinity": Infinity,
  "-Infinity": -Infinity,
  "-0": -0,
};

/**
 * Encodes one float64 for JSON.
 *
 * @param x The number.
 * @returns A JSON number, or a tagged string for NaN, ±Infinity and −0.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(encodeNumber(-0), "-0");
 * assert.strictEqual(encodeNumber(0.1), 0.1);
 * ```
 */
export function encodeNumber(x: number): EncodedNumber {
  if (Number.isNaN(x)) return "NaN";
  if (x === Infinity) return "Infinity";
  if (x === -Infinity) return "-Infinity";
  if (Object.is(x, -0)) return "-0";
  return x;
}

/**
 * Decodes one number from JSON, rejecting anything else.
 *
 * @param v The JSON value.
 * @param where Where it was found, for the error message (e.g. `case sigmoid-001, field inputs.z[0][1]`).
 * @returns The float64.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.ok(Object.is(decodeNumber("-0", "x"), -0));
 * assert.throws(() => decodeNumber("nan", "x"), /x: expected a number/);
 * ```
 */
export function decodeNumber(v: unknown, where: string): number {
  if (typeof v === "number") return v;
  if (typeof v === "string" && Object.hasOwn(TAGS, v)) return TAGS[v];
  throw new TypeError(
    `${where}: expected a number or one of "NaN", "Infinity", "-Infinity", "-0", got ${preview(v)}`,
  );
}

/**
 * Encodes a matrix as an array of rows of encoded numbers.
 *
 * @param m The matrix.
 * @returns Its rows.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * assert.deepStrictEqual(encodeMatrix(Matrix.from([[1, NaN]])), [[1, "NaN"]]);
 * ```
 */
export function encodeMatrix(m: Matrix): EncodedNumber[][] {
  return m.toArrays().map((row) => row.map(encodeNumber));
}

/**
 * Decodes an array of rows into a matrix, checking that it is rectangular and that every entry is a
 * number.
 *
 * @param v The JSON value.
 * @param where Where it was found, for error messages.
 * @returns The matrix.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(decodeMatrix([[1, 2], [3, 4]], "W").shape, [2, 2]);
 * assert.throws(() => decodeMatrix([[1, 2], [3]], "W"), /W\[1\]: expected 2 values/);
 * ```
 */
export function decodeMatrix(v: unknown, where: string): Matrix {
  if (!Array.isArray(v)) {
    throw new TypeError(`${where}: expected an array of rows, got ${preview(v)}`);
  }
  const rows = v.length;
  if (rows === 0) return new Matrix(0, 0);
  const first = v[0];
  if (!Array.isArray(first)) {
    throw new TypeError(`${where}[0]: expected a row (an array), got ${preview(first)}`);
  }
  const cols = first.length;
  const m = new Matrix(rows, cols);
  v.forEach((row: unknown, i: number) => {
    if (!Array.isArray(row) || row.length !== cols) {
      throw new TypeError(`${where}[${i}]: expected ${cols} values, got ${preview(row)}`);
    }
    row.forEach((x: unknown, j: number) => m.set(i, j, decodeNumber(x, `${where}[${i}][${j}]`)));
  });
  return m;
}

/** A short rendering of a JSON value for an error message. */
export function preview(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
