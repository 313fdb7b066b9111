/**
 * `deno task check -- --train …` as a function: the training check of a live client (`--impl`), or
 * the notebook path (`--write-schedule DIR`, then `--trained DIR`), rendered in the chosen format, with
 * an HTML page on request (`--report FILE`).
 *
 * @module
 */
import { requireWritable, userPath } from "../../io/cli.ts";
import { splitCommand } from "../../io/command_line.ts";
import { UsageError } from "../check_args.ts";
import { writeTextFileAtomic } from "../../io/atomic_write.ts";
import { StartError } from "../subprocess.ts";
import { loadTrainingData } from "./data.ts";
import { judgeNotebook, writeSchedule } from "./notebook.ts";
import { document001Recipe, type TrainingRecipe } from "./recipe.ts";
import { htmlTraining, jsonTraining, junitTraining, prettyTraining } from "./report.ts";
import type { TrainingResult } from "./result.ts";
import { runTraining } from "./run.ts";

/** What the training check needs from the command line. */
export interface TrainingCheckOptions {
  /** The client's command line (live session). */
  readonly impl?: string;
  /** Write the notebook schedule into this folder and stop. */
  readonly writeSchedule?: string;
  /** Judge the notebook result in this folder (`result.json`). */
  readonly trained?: string;
  /** The report format. */
  readonly format: "pretty" | "json" | "junit";
  /** Also write the HTML page here. */
  readonly report?: string;
  /** Seconds per request. */
  readonly timeoutS: number;
  /** Seconds for the hello. */
  readonly helloTimeoutS: number;
}

/**
 * Runs the training check.
 *
 * @param o The options.
 * @param io Progress output.
 * @param recipe The run (document 001's unless a test says otherwise).
 * @returns The exit status (0 pass, 1 fail) and the report.
 * @example
 * ```ts
 * import assert from "node:assert";
 * await assert.rejects(checkTraining({ format: "pretty", timeoutS: 1, helloTimeoutS: 1 }), /--train needs/);
 * ```
 */
export async function checkTraining(
  o: TrainingCheckOptions,
  io: { progress?: (text: string) => void } = {},
  recipe: TrainingRecipe = document001Recipe(),
): Promise<{ code: number; report: string }> {
  if ([o.impl, o.writeSchedule, o.trained].filter((x) => x !== undefined).length !== 1) {
    throw new UsageError(
      '--train needs one of --impl "COMMAND", --write-schedule DIR, --trained DIR',
    );
  }
  const outputs = [["--report", o.report, "file"], [
    "--write-schedule",
    o.writeSchedule,
    "directory",
  ]];
  for (
    const [flag, path, kind] of outputs as [string, string | undefined, "file" | "directory"][]
  ) {
    // before the run, not after it: a page that cannot be written fails now
    if (path !== undefined) {
      await requireWritable(flag, userPath(path), kind).catch((e) => {
        throw new UsageError((e as Error).message);
      });
    }
  }
  const data = await loadTrainingData();
  if (o.writeSchedule !== undefined) {
    const path = await writeSchedule(userPath(o.writeSchedule), { recipe, data });
    return {
      code: 0,
      report: `Wrote ${path}: train on it and write result.json beside it (docs/PROTOCOL.md, ` +
        `"Training session", notebook path), then run: deno task check -- --train --trained ${o.writeSchedule}\n`,
    };
  }
  let result: TrainingResult;
  if (o.trained !== undefined) {
    result = await judgeNotebook(`${userPath(o.trained)}/result.json`, { recipe, data });
  } else {
    try {
      result = await runTraining({
        argv: splitCommand(o.impl!),
        recipe,
        data,
        limits: {
          helloTimeoutMs: o.helloTimeoutS * 1000,
          beginTimeoutMs: Math.max(60_000, o.timeoutS * 1000),
          timeoutMs: o.timeoutS * 1000,
        },
        onProgress: io.progress && ((t) => io.progress!(`\r${t}`.padEnd(80).slice(0, 80))),
      });
    } catch (e) {
      if (e instanceof StartError) throw new UsageError(e.message);
      throw e;
    } finally {
      io.progress?.("\r" + " ".repeat(80) + "\r");
    }
  }
  if (o.report !== undefined) {
    await writeTextFileAtomic(userPath(o.report), htmlTraining(result, recipe));
  }
  const render = { pretty: prettyTraining, json: jsonTraining, junit: junitTraining }[o.format];
  return { code: result.ok ? 0 : 1, report: render(result, recipe) };
}
