/**
 * The training check's costs, for `deno task bench`: the whole `check --train` of an example client
 * timed as a user runs it (a subprocess, so its peak memory is the oracle's alone, sampled from
 * /proc), and the protocol's own cost per step, timed against a client that does no work.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { Implementation } from "../src/oracle/subprocess.ts";
import { stepRequest } from "../src/oracle/training/messages.ts";
import { encodeRequest } from "../src/oracle/protocol.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** What one whole training check took. */
export interface TrainCheckTiming {
  /** The client's command line. */
  readonly client: string;
  /** Wall time of the whole check, start to exit, in seconds. */
  readonly seconds: number;
  /** The oracle's peak resident memory (VmHWM, sampled every 0.2 s), in MB. */
  readonly peakMB: number;
  /** The exit status (0 pass). */
  readonly code: number;
  /** Test accuracy the oracle computed, when the run got that far. */
  readonly accuracy?: number;
  /** Steps answered. */
  readonly steps?: number;
}

/** VmHWM of a process in MB, or 0 when /proc cannot be read. */
function peakOf(pid: number): number {
  try {
    const out = new Deno.Command("cat", { args: [`/proc/${pid}/status`], stderr: "null" })
      .outputSync();
    const kb = new TextDecoder().decode(out.stdout).match(/^VmHWM:\s*(\d+) kB$/m)?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs `deno task check -- --impl CLIENT --train --format json` and times it.
 *
 * @param client The client's command line.
 * @returns The timing.
 */
export async function timeTrainCheck(client: string): Promise<TrainCheckTiming> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "cmd/check.ts", "--impl", client, "--train", "--format", "json"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "null",
  }).spawn();
  let peakMB = 0;
  const timer = setInterval(() => (peakMB = Math.max(peakMB, peakOf(child.pid))), 200);
  const out = await child.output();
  clearInterval(timer);
  const seconds = (performance.now() - started) / 1000;
  try {
    const j = JSON.parse(new TextDecoder().decode(out.stdout));
    return { client, seconds, peakMB, code: out.code, accuracy: j.accuracy, steps: j.stepsDone };
  } catch {
    return { client, seconds, peakMB, code: out.code };
  }
}

/**
 * The protocol's round trip per step: `train_step` requests of a real batch (32 indices) answered at
 * once by bench/null_trainer.mjs, in microseconds (median of five runs of `steps` steps).
 *
 * @param steps Steps per run.
 * @returns Microseconds per step.
 */
export async function protocolMicrosPerStep(steps: number): Promise<number> {
  const impl = await Implementation.start({
    argv: { program: "node", args: [`${ROOT}bench/null_trainer.mjs`] },
    helloTimeoutMs: 10_000,
    maxLineBytes: 1 << 20,
  });
  try {
    const indices = Uint32Array.from({ length: 32 }, (_, i) => 59_000 + 31 * i);
    const runs: number[] = [];
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      for (let step = 0; step < steps; step++) {
        const request = stepRequest({ step, epoch: 0, indices, lr: 0.15 });
        const x = await impl.ask(encodeRequest(request), {
          id: request.id,
          timeoutMs: 10_000,
          maxLineBytes: 1 << 20,
        });
        if (x.kind !== "response") throw new Error(`the null trainer answered ${x.kind}`);
      }
      runs.push((performance.now() - t0) * 1000 / steps);
    }
    return runs.sort((a, b) => a - b)[2];
  } finally {
    await impl.stop();
  }
}

/**
 * The bench's training-check table.
 *
 * @param quick Only the protocol overhead (the whole check takes half a minute to two).
 * @returns Lines to print.
 */
export async function trainingCheckTable(quick: boolean): Promise<string[]> {
  const lines = [
    "training check (check --train: lockstep at 14 steps + 6 epochs of document 001's run)",
  ];
  // node runs the null client; without it the line says so rather than failing the bench
  const micros = await protocolMicrosPerStep(quick ? 500 : 2000).catch((e) => e as Error);
  if (!quick) {
    const clients = ["python3 examples/python/nn.py", "node examples/node/nn.mjs"];
    lines.push("client                          whole check  target  peak oracle memory  accuracy");
    for (const client of clients) {
      const t = await timeTrainCheck(client);
      const target = client.startsWith("python3")
        ? (t.seconds <= 90 ? "≤ 90 s ok" : "> 90 s MISSED")
        : "—";
      lines.push(
        `${client.padEnd(32)}${`${t.seconds.toFixed(1)} s`.padStart(11)}  ${target.padEnd(6)}  ` +
          `${`${t.peakMB.toFixed(0)} MB`.padStart(7)} (${
            t.peakMB <= 400 ? "≤ 400 ok" : "> 400 MISSED"
          })  ` +
          (t.accuracy === undefined ? `exit ${t.code}` : `${(100 * t.accuracy).toFixed(2)}%`),
      );
    }
  }
  lines.push(
    `protocol round trip per step (32 indices, a client that does no work): ${
      typeof micros === "number" ? `${micros.toFixed(0)} µs` : `n/a (${micros.message})`
    }`,
  );
  return lines;
}
