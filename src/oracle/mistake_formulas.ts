/**
 * The wrong formulas that the mistakes of the catalogue (src/oracle/mistakes.ts) compute, each a small
 * change over the reference's own functions: a derivative written for a instead of z, softmax and
 * log Σ e^z without the max shift, the naive sigmoid, f′ replaced for some activations, a loss scaled
 * by a constant.
 *
 * @module
 */
import { activatePrime, type ElementwiseName, lookup } from "../reference/activations.ts";
import { map, Matrix } from "../reference/matrix.ts";
import { evaluateJson } from "../spec/evaluate.ts";
import { decodeNumber } from "../spec/number_codec.ts";
import type { OpName } from "../spec/operations.ts";
import type { RelationHooks } from "./simulate.ts";

/** An operation's outputs under a mistake, from its matrix inputs and its raw (column-layout) inputs. */
export type OpUnderMistake = (
  m: Record<string, Matrix>,
  raw: Record<string, unknown>,
) => Record<string, Matrix>;

/** A derivative written wrongly, from z and a = f(z). */
export type PrimeOf = (z: number, a: number) => number;

/**
 * σ′ and tanh′ written for a (a(1 − a), 1 − a²) but applied to z; ReLU′ and identity′ as they are.
 *
 * @param name The activation.
 * @param x The value the formula is given (z).
 * @returns The formula's value.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(formulaOfA("sigmoid", 3), -6);
 * assert.strictEqual(formulaOfA("tanh", 2), -3);
 * ```
 */
export function formulaOfA(name: ElementwiseName, x: number): number {
  return name === "sigmoid" ? x * (1 - x) : name === "tanh" ? 1 - x * x : lookup(name).df(x);
}

/**
 * Softmax without the max shift: e^1000 = Infinity, and Infinity/Infinity = NaN.
 *
 * @param u One sample's logits.
 * @returns e^u / Σ e^u.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(unshiftedSoftmax([0, 0]), [0.5, 0.5]);
 * assert.ok(Number.isNaN(unshiftedSoftmax([1000, 0])[0]));
 * ```
 */
export function unshiftedSoftmax(u: readonly number[]): number[] {
  const e = u.map(Math.exp);
  const s = e.reduce((p, q) => p + q, 0);
  return e.map((x) => x / s);
}

/**
 * log Σ e^u without the max shift.
 *
 * @param u One sample's logits.
 * @returns log Σ e^u, Infinity once an e^u overflows.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(unshiftedLogSumExp([0]), 0);
 * assert.strictEqual(unshiftedLogSumExp([1000]), Infinity);
 * ```
 */
export function unshiftedLogSumExp(u: readonly number[]): number {
  return Math.log(u.reduce((s, x) => s + Math.exp(x), 0));
}

/**
 * σ(z) as e^z / (1 + e^z): e^z overflows to Infinity for z > 709 and σ becomes NaN.
 *
 * @param z The pre-activation.
 * @returns The naive sigmoid.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(naiveSigmoid(0), 0.5);
 * assert.ok(Number.isNaN(naiveSigmoid(1000)));
 * ```
 */
export function naiveSigmoid(z: number): number {
  return Math.exp(z) / (1 + Math.exp(z));
}

/**
 * f′ replaced for some activations, the reference's for the others (a hook of src/oracle/simulate.ts).
 *
 * @param table The wrong derivative of each activation it replaces.
 * @returns f′ of a layer from its z and a.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const fPrime = primes({ tanh: (_z, a) => 1 - a })!;
 * const z = Matrix.from([[0]]);
 * assert.deepStrictEqual(fPrime("tanh", z, Matrix.from([[0.5]])).toArrays(), [[0.5]]);
 * assert.deepStrictEqual(fPrime("sigmoid", z, z).toArrays(), [[0.25]]);
 * ```
 */
export function primes(table: Partial<Record<ElementwiseName, PrimeOf>>): RelationHooks["fPrime"] {
  return (name, Z, A) => {
    const p = table[name];
    if (!p) return activatePrime(Z, name);
    const out = new Matrix(Z.rows, Z.cols);
    for (let k = 0; k < Z.data.length; k++) out.data[k] = p(Z.data[k], A.data[k]);
    return out;
  };
}

/**
 * The `*_prime` operations under a replaced f′ (they receive z; a = f(z)).
 *
 * @param table The wrong derivative of each activation it replaces.
 * @returns The outputs of each `*_prime` operation it changes.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const ops = primeOps({ tanh: (z) => 1 - Math.tanh(z) });
 * assert.deepStrictEqual(ops.tanh_prime!({ z: Matrix.from([[0]]) }, {}).d.toArrays(), [[1]]);
 * assert.strictEqual(ops.sigmoid_prime, undefined);
 * ```
 */
export function primeOps(
  table: Partial<Record<ElementwiseName, PrimeOf>>,
): Partial<Record<OpName, OpUnderMistake>> {
  return Object.fromEntries(
    Object.entries(table).map(([name, p]) => [
      `${name}_prime`,
      ({ z }: Record<string, Matrix>) => ({ d: map(z, (x) => p!(x, lookup(name).f(x))) }),
    ]),
  );
}

/**
 * A loss of the reference, scaled: what a mistake of a constant factor in the batch mean gives.
 *
 * @param op The cost operation.
 * @param factor The factor, from the operation's matrix inputs.
 * @returns The operation's loss under the mistake.
 * @example The loss of one sample doubled
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const doubled = scaledLoss("quadratic_cost", () => 2);
 * const raw = { a: [[1]], y: [[0]], convention: "half" };
 * assert.deepStrictEqual(doubled({ a: Matrix.from([[1]]) }, raw).loss.toArrays(), [[1]]);
 * ```
 */
export function scaledLoss(
  op: OpName,
  factor: (m: Record<string, Matrix>) => number,
): OpUnderMistake {
  return (m, raw) => {
    const loss = decodeNumber(evaluateJson(op, raw as never, "column").loss, "loss");
    return { loss: Matrix.from([[loss * factor(m)]]) };
  };
}
