/**
 * Evaluation by the reference: an operation on JSON inputs, and a fixture case run against the
 * reference and compared with its expected outputs by the one comparer (src/spec/compare_outputs.ts).
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import type { FixtureCase } from "./case_file.ts";
import type { Tolerance } from "./compare.ts";
import { compareOutputs, describeFailures } from "./compare_outputs.ts";
import { decodeInputs, encodeOutputs } from "./decode.ts";
import type { JsonValue } from "./json.ts";
import { operation, type OpName } from "./operations.ts";
import { resolveTolerance } from "./tolerance.ts";

/**
 * Evaluates an operation on JSON inputs with the reference and returns JSON outputs.
 *
 * @param name The operation.
 * @param inputs The JSON inputs.
 * @param layout The layout (ignored by operations without one).
 * @returns The JSON outputs.
 * @example The softmax-CE gradient (P − Y)/N of one sample
 * ```ts
 * import assert from "node:assert";
 * const out = evaluateJson("softmax_cross_entropy_grad", { z: [[0], [0]], y: [[1], [0]] }, "column");
 * assert.deepStrictEqual(out, { dz: [[-0.5], [0.5]] });
 * ```
 */
export function evaluateJson(
  name: OpName,
  inputs: { readonly [key: string]: unknown },
  layout: Layout = "column",
): { [key: string]: JsonValue } {
  const values = decodeInputs(name, inputs, { layout, where: "inputs" });
  return encodeOutputs(name, operation(name).evaluate(values, layout));
}

/** The outcome of running one case against the reference. */
export interface CaseRun {
  /** The case's id. */
  readonly id: string;
  /** True when every output agrees with the expected one within the case's tolerance. */
  readonly ok: boolean;
  /** One line per field that disagrees (or the error that stopped the run). */
  readonly failures: readonly string[];
  /** The reference's outputs, encoded (absent when the run threw). */
  readonly outputs?: { readonly [key: string]: JsonValue };
  /** The tolerance used. */
  readonly tolerance?: Tolerance;
}

/**
 * Runs a case against the reference: decode its inputs, evaluate, compare every output field with
 * the expected one under the case's tolerance.
 *
 * @param c The case.
 * @returns Whether it passes, and a line per disagreeing field.
 * @example A case that expects ReLU′(0) = 1 fails against the reference
 * ```ts
 * import assert from "node:assert";
 * const run = runCase({ id: "relu/zero", op: "relu_prime", inputs: { z: [[0]] }, expected: { d: [[1]] },
 *   tolerance: { class: "exact" }, source: { doc: "001", section: "ReLU" }, tags: [], notes: "" });
 * assert.strictEqual(run.ok, false);
 * assert.match(run.failures[0], /^d\[0,0\]: expected 1, got 0/);
 * ```
 */
export function runCase(c: FixtureCase): CaseRun {
  try {
    const outputs = evaluateJson(c.op, c.inputs, c.layout);
    const tolerance = resolveTolerance(c.tolerance, c.printed?.decimals);
    const failures = describeFailures(compareOutputs(outputs, c.expected, tolerance));
    return { id: c.id, ok: failures.length === 0, failures, outputs, tolerance };
  } catch (e) {
    return { id: c.id, ok: false, failures: [(e as Error).message] };
  }
}
