/**
 * Subprocess mode: start the implementation, read its hello, send it every case it can answer, one at
 * a time, and judge each answer. A crash or a hang costs the case in flight; the program is restarted
 * (up to a limit) and the run goes on. The program's process group is killed at the end, whatever
 * happened.
 *
 * @module
 */
import type { Argv } from "../io/command_line.ts";
import { type Exchange, Implementation } from "./subprocess.ts";
import { judge, type Outcome, unsent } from "./judge.ts";
import { clip, encodeRequest, type Hello } from "./protocol.ts";
import { type LoadedCase, planCases, type Planned } from "./selection.ts";

/** Options of {@linkcode runSubprocess}. */
export interface SubprocessOptions {
  /** The program. */
  readonly argv: Argv;
  /** Its working folder (and the folder a relative program path starts from); ours when left out. */
  readonly cwd?: string;
  /** The cases to try. */
  readonly cases: readonly LoadedCase[];
  /** Milliseconds allowed per request. */
  readonly timeoutMs: number;
  /** Milliseconds allowed for the program to start and write its hello. */
  readonly helloTimeoutMs: number;
  /** How many times a crashed or hung program is restarted before the run stops. */
  readonly maxRestarts: number;
  /** The longest answer line accepted; by default 16 times the expected answer, at least 1 MiB. */
  readonly maxLineBytes?: number;
  /** Called after each case. */
  readonly onProgress?: (done: number, total: number, id: string) => void;
}

/** The result of a run against a program. */
export interface SubprocessRun {
  /** What the program announced. */
  readonly hello: Hello;
  /** One outcome per case, in order. */
  readonly outcomes: readonly Outcome[];
  /** Program-level events: restarts, the reason the run stopped. */
  readonly events: readonly string[];
  /** Set when the run stopped before every case was sent. */
  readonly stopped?: string;
  /** The last line the program wrote on stderr, if any. */
  readonly lastStderr?: string;
}

const MIN_LINE_BYTES = 1 << 20;
const MAX_LINE_BYTES = 1 << 28;

/**
 * Runs the cases against a program.
 *
 * @param o The program, the cases and the limits.
 * @returns The outcomes. Throws {@linkcode StartError} when the program cannot be started at all.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { StartError } from "./subprocess.ts";
 * const argv = { program: "sh", args: ["-c", "echo not a hello"] };
 * await assert.rejects(() => runSubprocess({ argv, cases: [], timeoutMs: 1000, helloTimeoutMs: 1000, maxRestarts: 0 }), StartError);
 * ```
 */
export async function runSubprocess(o: SubprocessOptions): Promise<SubprocessRun> {
  const start = () =>
    Implementation.start({
      argv: inFolder(o.argv, o.cwd),
      cwd: o.cwd,
      helloTimeoutMs: o.helloTimeoutMs,
      maxLineBytes: MIN_LINE_BYTES,
    });
  let impl: Implementation | undefined = await start();
  const hello = impl.hello;
  const plans = planCases(o.cases, hello);
  const outcomes: Outcome[] = [];
  const events: string[] = [];
  let restarts = 0;
  let stopped: string | undefined;
  let lastStderr = "";
  try {
    for (const [i, p] of plans.entries()) {
      if (!p.send) outcomes.push(unsent(p, "skip", p.skip ?? "not sent"));
      else if (stopped || !impl) outcomes.push(unsent(p, "not-run", `${stopped}`));
      else {
        const { outcome, restart } = await exchange(impl, p, o);
        outcomes.push(outcome);
        if (restart) {
          await impl.stop();
          lastStderr = impl.lastStderrLine() || lastStderr;
          impl = undefined;
          if (restarts >= o.maxRestarts) {
            stopped = `the program failed ${
              restarts + 1
            } times (${restart}); --max-restarts is ${o.maxRestarts}`;
            events.push(`stopped: ${stopped}`);
          } else {
            restarts++;
            events.push(`restarted the program after case ${p.c.id} (${restart})`);
            try {
              impl = await start();
            } catch (e) {
              stopped = `the program could not be restarted: ${(e as Error).message}`;
              events.push(`stopped: ${stopped}`);
            }
          }
        }
      }
      o.onProgress?.(i + 1, plans.length, p.c.id);
    }
  } finally {
    await impl?.stop(1000);
  }
  lastStderr = impl?.lastStderrLine() || lastStderr;
  return { hello, outcomes, events, stopped, lastStderr: lastStderr || undefined };
}

/** A relative program path (`./nn`, `bin/nn`) names a file in the program's own working folder. */
function inFolder(argv: Argv, cwd: string | undefined): Argv {
  const { program, args } = argv;
  if (cwd === undefined || !program.includes("/") || program.startsWith("/")) return argv;
  return { program: `${cwd.replace(/\/$/, "")}/${program.replace(/^\.\//, "")}`, args };
}

async function exchange(
  impl: Implementation,
  p: Planned,
  o: SubprocessOptions,
): Promise<{ outcome: Outcome; restart?: string }> {
  const send = p.send!;
  const request = encodeRequest({
    id: p.c.id,
    op: p.c.op,
    layout: send.layout,
    inputs: send.inputs,
  });
  const expectedBytes = JSON.stringify(send.expected).length;
  const maxLineBytes = o.maxLineBytes ??
    Math.min(MAX_LINE_BYTES, Math.max(MIN_LINE_BYTES, 16 * expectedBytes));
  const t0 = performance.now();
  const e = await impl.ask(request, { id: p.c.id, timeoutMs: o.timeoutMs, maxLineBytes });
  const extra = { request, noise: e.noise, ms: Math.round(performance.now() - t0) };
  if (e.kind === "response") {
    const r = e.response;
    return { outcome: judge(p, "error" in r ? { error: r.error } : { outputs: r.outputs }, extra) };
  }
  const problem = describe(e, impl, { timeoutMs: o.timeoutMs, maxLineBytes, id: p.c.id });
  const outcome = judge(p, { problem }, extra);
  const restart = e.kind === "timeout"
    ? "no answer in time"
    : e.kind === "endless"
    ? "an answer line without end"
    : e.kind === "exited"
    ? e.status
    : undefined;
  return { outcome, restart };
}

function describe(
  e: Exclude<Exchange, { kind: "response" }>,
  impl: Implementation,
  o: { timeoutMs: number; maxLineBytes: number; id: string },
): string {
  const stderr = impl.lastStderrLine();
  const hint = stderr ? `; its stderr ends with: ${clip(stderr, 160)}` : "";
  switch (e.kind) {
    case "timeout":
      return `no answer within ${o.timeoutMs / 1000} s; the program was killed${hint}`;
    case "endless":
      return `the answer line grew past ${o.maxLineBytes} bytes and did not end within ${
        o.timeoutMs / 1000
      } s; the program was killed`;
    case "exited":
      return `the program ${e.status} before answering${hint}`;
    case "oversize":
      return `the answer line is longer than ${o.maxLineBytes} bytes (16 times the expected answer, at least 1 MiB); it was not read`;
    case "malformed":
      return e.message;
    case "wrong-id":
      return `the answer carries id ${
        typeof e.got === "string" ? clip(e.got) : clip(String(JSON.stringify(e.got)))
      }, the request was ${JSON.stringify(o.id)}`;
  }
}
