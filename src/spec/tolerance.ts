/**
 * The named tolerance classes of the fixture corpus, each with its defaults and the reason for them.
 * A case names a class and may override `rtol` or `atol`; a number agrees when
 * |got − expected| ≤ atol + rtol·|expected| (see src/spec/compare.ts, which checks `Object.is` first).
 *
 * @module
 */
import type { Tolerance } from "./compare.ts";
import { preview } from "./number_codec.ts";

/** The defaults and the reason of one tolerance class. */
export interface ToleranceClassInfo {
  /** Default relative tolerance. */
  readonly rtol: number;
  /** Default absolute tolerance. */
  readonly atol: number;
  /** Why the class allows what it allows. */
  readonly reason: string;
  /** Whether fixture cases may use it (`training` is for the MNIST end-to-end run only). */
  readonly inFixtures: boolean;
}

/** Every tolerance class, by name. */
export const TOLERANCE_CLASSES = {
  exact: {
    rtol: 0,
    atol: 0,
    reason:
      "identities that hold bit for bit (ReLU′(0) = 0, one-hot, shapes); the sign of a zero counts",
    inFixtures: true,
  },
  closed_form: {
    rtol: 1e-12,
    atol: 1e-14,
    reason: "a float64 evaluation of a closed form; correct implementations differ by a few ulps",
    inFixtures: true,
  },
  identity: {
    rtol: 1e-9,
    atol: 1e-12,
    reason:
      "two different computations of one quantity (Jacobian chain vs Hadamard, mean of per-sample gradients)",
    inFixtures: true,
  },
  printed: {
    rtol: 0,
    atol: NaN,
    reason:
      "a value printed in a document with d decimals: atol is half a unit in the last printed place, 0.5·10^−d",
    inFixtures: true,
  },
  finite_difference: {
    rtol: 1e-6,
    atol: 1e-9,
    reason:
      "an analytic derivative against a central difference, whose error is O(h²) plus rounding",
    inFixtures: true,
  },
  training: {
    rtol: 0,
    atol: 0,
    reason: "accuracy thresholds of the MNIST end-to-end run; not a per-number tolerance",
    inFixtures: false,
  },
} as const satisfies Record<string, ToleranceClassInfo>;

/**
 * The least tolerance of an inexact comparison with a float32 implementation: its unit roundoff is
 * 2⁻²⁴ ≈ 6·10⁻⁸, and a dot product over 784 inputs accumulates up to ~5·10⁻⁵ of relative error;
 * the atol absorbs cancellation in values that should be near 0 (src/oracle/precision.ts).
 */
export const FLOAT32_TOLERANCE: Tolerance = { rtol: 1e-4, atol: 1e-6 };

/** The name of a tolerance class. */
export type ToleranceClass = keyof typeof TOLERANCE_CLASSES;

/** A case's tolerance: a class, with optional overrides of its defaults. */
export interface ToleranceSpec {
  /** The class. */
  readonly class: ToleranceClass;
  /** Overrides the class's relative tolerance. */
  readonly rtol?: number;
  /** Overrides the class's absolute tolerance. */
  readonly atol?: number;
}

/**
 * Whether `name` is a tolerance class.
 *
 * @param name Any string.
 * @returns True for the six class names (and not for inherited keys such as "toString").
 * @example Inherited keys are not classes
 * ```ts
 * import assert from "node:assert";
 * assert.ok(isToleranceClass("identity"));
 * assert.ok(!isToleranceClass("toString"));
 * ```
 */
export function isToleranceClass(name: string): name is ToleranceClass {
  return Object.hasOwn(TOLERANCE_CLASSES, name);
}

/**
 * Half a unit in the last place of a number printed with `decimals` decimals: what rounding to that
 * many decimals can change.
 *
 * @param decimals Decimals printed (a non-negative integer).
 * @returns 0.5·10^−decimals.
 * @example Four decimals
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(printedAtol(4), 0.00005);
 * ```
 */
export function printedAtol(decimals: number): number {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 20) {
    throw new RangeError(`Cannot take the rounding of ${decimals} decimals: expected 0 to 20`);
  }
  return 0.5 / 10 ** decimals;
}

/**
 * The tolerance a case's spec resolves to: the class defaults, then the overrides. The `printed`
 * class takes its atol from the decimals of the printed value.
 *
 * @param spec The case's tolerance.
 * @param printedDecimals Decimals of the printed value (needed by the `printed` class only).
 * @returns rtol and atol.
 * @example Defaults and an override
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(resolveTolerance({ class: "identity" }), { rtol: 1e-9, atol: 1e-12 });
 * assert.deepStrictEqual(resolveTolerance({ class: "exact", atol: 1e-300 }), { rtol: 0, atol: 1e-300 });
 * assert.deepStrictEqual(resolveTolerance({ class: "printed" }, 2), { rtol: 0, atol: 0.005 });
 * ```
 */
export function resolveTolerance(spec: ToleranceSpec, printedDecimals?: number): Tolerance {
  const info: ToleranceClassInfo | undefined = isToleranceClass(spec.class)
    ? TOLERANCE_CLASSES[spec.class]
    : undefined;
  if (!info) throw new RangeError(`Unknown tolerance class ${preview(spec.class)}`);
  if (!info.inFixtures) {
    throw new RangeError(`The tolerance class "${spec.class}" is not a per-number tolerance`);
  }
  let atol = info.atol;
  if (spec.class === "printed" && spec.atol === undefined) {
    if (printedDecimals === undefined) {
      throw new RangeError(`The tolerance class "printed" needs the decimals of the printed value`);
    }
    atol = printedAtol(printedDecimals);
  }
  return { rtol: spec.rtol ?? info.rtol, atol: spec.atol ?? atol };
}

/**
 * Reads a case's `tolerance` field from JSON, rejecting unknown classes, unknown keys and overrides
 * that are not finite non-negative numbers.
 *
 * @param v The JSON value.
 * @param where Where it was found, for the error message.
 * @returns The spec.
 * @example Unknown classes and negative overrides are refused
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(parseToleranceSpec({ class: "exact" }, "tolerance"), { class: "exact" });
 * assert.throws(() => parseToleranceSpec({ class: "loose" }, "tolerance"), /tolerance.class: unknown/);
 * assert.throws(() => parseToleranceSpec({ class: "exact", rtol: -1 }, "tolerance"), /tolerance.rtol/);
 * ```
 */
export function parseToleranceSpec(v: unknown, where: string): ToleranceSpec {
  if (typeof v !== "object" || v === null || Array.isArray(v)) {
    throw new TypeError(
      `${where}: expected an object such as {"class": "exact"}, got ${preview(v)}`,
    );
  }
  const o = v as Record<string, unknown>;
  for (const key of Object.keys(o)) {
    if (key !== "class" && key !== "rtol" && key !== "atol") {
      throw new TypeError(`${where}: unknown key "${key}" (expected class, rtol, atol)`);
    }
  }
  const name = o.class;
  const usable = Object.entries(TOLERANCE_CLASSES).filter(([, c]) => c.inFixtures).map(([n]) => n);
  if (typeof name !== "string" || !isToleranceClass(name) || !TOLERANCE_CLASSES[name].inFixtures) {
    throw new RangeError(
      `${where}.class: unknown tolerance class ${preview(name)}, expected one of ${
        usable.join(", ")
      }`,
    );
  }
  const spec: { class: ToleranceClass; rtol?: number; atol?: number } = { class: name };
  for (const key of ["rtol", "atol"] as const) {
    const x = o[key];
    if (x === undefined) continue;
    if (typeof x !== "number" || !Number.isFinite(x) || x < 0) {
      throw new RangeError(`${where}.${key}: expected a finite number ≥ 0, got ${preview(x)}`);
    }
    spec[key] = x;
  }
  return spec;
}
