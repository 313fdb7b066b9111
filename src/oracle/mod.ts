/**
 * The oracle: validate an implementation of the fixtures' operations, in any language, and name its
 * mistakes. It runs a program that speaks the line protocol of docs/PROTOCOL.md (or reads a file of
 * its results), compares every answer with the fixture's expected outputs, and for each failing
 * answer says which usual mistake it matches (src/oracle/mistakes.ts).
 *
 * @example Name the mistake of a gradient twice too large
 * ```ts
 * import assert from "node:assert";
 * import { compareOutputs } from "../spec/compare_outputs.ts";
 * import { diagnose } from "./mod.ts";
 * const inputs = { z: [[0, 0], [0, 0]], y: [[1, 0], [0, 1]] };
 * const expected = { dz: [[-0.25, 0.25], [0.25, -0.25]] };
 * const got = { dz: [[-0.5, 0.5], [0.5, -0.5]] };
 * const tolerance = { rtol: 1e-12, atol: 1e-14 };
 * const comparison = compareOutputs(got, expected, tolerance);
 * const [d] = diagnose({ op: "softmax_cross_entropy_grad", layout: "column", inputs, expected, got, tolerance, comparison });
 * assert.strictEqual(d.id, "forgot-batch-mean");
 * ```
 *
 * @module
 */
export * from "./check_args.ts";
export * from "./check.ts";
export * from "../io/command_line.ts";
export * from "./diagnose.ts";
export * from "./expectations.ts";
export * from "./filter.ts";
export * from "./judge.ts";
export * from "../io/line_reader.ts";
export * from "./mistakes.ts";
export * from "./precision.ts";
export * from "./protocol.ts";
export * from "./report_machine.ts";
export * from "./report_pretty.ts";
export * from "./results_file.ts";
export * from "./run_subprocess.ts";
export * from "./selection.ts";
export * from "./subprocess.ts";
export * from "./tally.ts";
export * from "./translate.ts";
export * from "./variants.ts";
