/**
 * The oracle's programmatic API: validate an implementation of the fixtures' operations, in any
 * language, and name its mistakes. {@linkcode check} does what `deno task check` does; the parts
 * below it run a program over the line protocol of docs/PROTOCOL.md ({@linkcode runSubprocess}),
 * judge a file of results ({@linkcode parseResults}, {@linkcode judgeResults}), compare one answer
 * ({@linkcode compareOutputs}), name the usual mistake it matches ({@linkcode diagnose}) and render
 * the reports.
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
export { check, type CheckIo, type CheckResult, loadCases } from "./check.ts";
export { CHECK_DEFAULTS, type CheckOptions, type Format, FORMATS } from "./check_args.ts";
export { diagnose, type Diagnosis, type FailedAnswer } from "./diagnose.ts";
export {
  CATALOGUE,
  type CataloguedMistake,
  FLOAT32_PRECISION,
  type Mistake,
  type MistakeContext,
  type MistakeFamily,
  type MistakeId,
  MISTAKES,
  OUTPUTS_TRANSPOSED,
  type StepForm,
} from "./mistakes.ts";
export type { OpUnderMistake } from "./mistake_formulas.ts";
export type { RelationHooks } from "./simulate.ts";
export { type RelationId, type RelationInputs, RELATIONS } from "./relations.ts";
export type { Precision } from "../spec/precision.ts";
export type { Change, Steps } from "./variants.ts";
export { type Argv, splitCommand } from "../io/command_line.ts";
export {
  type Applied,
  applyExpectations,
  type Expectations,
  EXPECTATIONS_FORMAT,
  parseExpectations,
} from "./expectations.ts";
export { caseFilter } from "./filter.ts";
export { type Answer, judge, type Outcome, type Status } from "./judge.ts";
export {
  encodeRequest,
  type Hello,
  parseHello,
  parseResponse,
  PRECISIONS,
  PROTOCOL_VERSION,
  type Request,
  type Response,
  SESSION_OPS,
  type SessionOp,
  type SupportedActivations,
} from "./protocol.ts";
export { jsonReport, type JunitOptions, junitReport, REPORT_FORMAT } from "./report_machine.ts";
export { prettyReport, type RunInfo } from "./report_pretty.ts";
export {
  judgeResults,
  parseResults,
  requestLines,
  RESULTS_FORMAT,
  type ResultsFile,
  twinId,
} from "./results_file.ts";
export { runSubprocess, type SubprocessOptions, type SubprocessRun } from "./run_subprocess.ts";
export {
  type Capabilities,
  type LoadedCase,
  planCases,
  type Planned,
  type Send,
} from "./selection.ts";
export { type Counts, type Finding, summarize, type Summary } from "./tally.ts";
