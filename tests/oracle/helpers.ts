/**
 * Shared helpers of the oracle's tests: how to run a Node client (node, or deno when node is missing),
 * the test fixtures, running the check in-process and as a CLI, and finding leftover processes.
 *
 * @module
 */
import { parseArgs } from "../../src/oracle/check_args.ts";
import { check, type CheckResult } from "../../src/oracle/check.ts";
import { writeTestFixtures } from "./cases_for_tests.ts";

function has(program: string, args: string[]): boolean {
  try {
    return new Deno.Command(program, { args, stdout: "null", stderr: "null" }).outputSync().success;
  } catch {
    return false;
  }
}

/** The command that runs a `.mjs` client: node when installed, else deno (NN_ORACLE_NODE overrides). */
export const NODE = Deno.env.get("NN_ORACLE_NODE") ??
  (has("node", ["--version"]) ? "node" : "deno run --allow-read --allow-env --allow-run");

/** Whether python3 with numpy is here (the Python example client needs both). */
export const HAS_NUMPY = has("python3", ["-c", "import numpy"]);

/** Whether python3 has pytest and numpy (examples/python/test_fixtures.py needs both). */
export const HAS_PYTEST = has("python3", ["-c", "import pytest, numpy"]);

let dir: Promise<string> | undefined;

/**
 * The directory of the oracle's test fixtures (written once per test process).
 *
 * @returns The directory.
 */
export function fixtureDir(): Promise<string> {
  if (!dir) {
    dir = writeTestFixtures();
    dir.then((d) => addEventListener("unload", () => Deno.removeSync(d, { recursive: true })));
  }
  return dir;
}

/**
 * Runs the check in-process.
 *
 * @param args Command-line arguments; `--fixtures` defaults to the test fixtures.
 * @returns The report, the outcomes and the exit status.
 */
export async function runCheck(...args: string[]): Promise<CheckResult> {
  const withFixtures = args.includes("--fixtures")
    ? args
    : [...args, "--fixtures", await fixtureDir()];
  return await check(parseArgs(withFixtures));
}

/**
 * Runs `cmd/check.ts` as a process.
 *
 * @param args Its arguments; `--fixtures` defaults to the test fixtures.
 * @returns Exit code, stdout and stderr.
 */
export async function runCli(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  const withFixtures = args.includes("--fixtures") || args.includes("--help")
    ? args
    : [...args, "--fixtures", await fixtureDir()];
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--allow-read",
      "--allow-run",
      "--allow-write",
      "--allow-env",
      "cmd/check.ts",
      ...withFixtures,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

/**
 * The processes whose command line holds `marker` (there should be none after a run): from `ps`, or
 * from /proc where `ps` is not installed.
 *
 * @param marker A string passed to the program under test.
 * @returns One line per process: its pid and command line.
 */
export async function processesWith(marker: string): Promise<string[]> {
  let lines: string[];
  try {
    const out = await new Deno.Command("ps", { args: ["-eo", "pid,args"], stdout: "piped" })
      .output();
    lines = new TextDecoder().decode(out.stdout).split("\n");
  } catch {
    lines = [];
    for (const e of Deno.readDirSync("/proc")) {
      if (!/^\d+$/.test(e.name)) continue;
      try {
        const args = Deno.readTextFileSync(`/proc/${e.name}/cmdline`).replaceAll("\0", " ");
        lines.push(`${e.name} ${args}`);
      } catch {
        // the process ended meanwhile
      }
    }
  }
  return lines.filter((l) => l.includes(marker));
}

/** The ids of the diagnoses (mistakes and conventions) named across the failing outcomes. */
export function namedMistakes(r: CheckResult): Set<string> {
  return new Set(
    r.outcomes.flatMap((o) =>
      (o.diagnoses ?? []).filter((d) => d.kind !== "clue").map((d) => d.id)
    ),
  );
}
