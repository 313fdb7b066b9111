/**
 * `deno task train`: trains a fully connected network on MNIST (see `--help` and src/train/).
 * Exit status: 0 trained; 1 training failed (gradient check, divergence); 2 a mistake in the command
 * line, the data or a model file, found before any work (one line on stderr); 130/143 interrupted.
 * A closed stdout (`| head`) costs nothing: the run goes on and saves what was asked.
 *
 * @module
 */
import { parseTrainArgs, USAGE } from "../src/train/cli/train_args.ts";
import { executeRun, type PreparedRun, prepareRun } from "../src/train/cli/run.ts";
import { fitLine } from "../src/train/cli/progress.ts";
import { removeTempFiles } from "../src/io/atomic_write.ts";
import { commandArgs } from "../src/io/cli.ts";
import { printable } from "../src/io/printable.ts";

const encoder = new TextEncoder();

/** A stream that may be closed under us (`| head`): after a broken pipe, writes are dropped. */
function lenientWriter(stream: { writeSync(p: Uint8Array): number }) {
  const state = { closed: false };
  const write = (text: string) => {
    if (state.closed) return;
    const bytes = encoder.encode(text);
    try {
      for (let at = 0; at < bytes.length;) at += stream.writeSync(bytes.subarray(at));
    } catch (e) {
      if (!(e instanceof Deno.errors.BrokenPipe)) throw e;
      state.closed = true;
    }
  };
  return { write, state };
}

const stdout = lenientWriter(Deno.stdout);
const stderr = lenientWriter(Deno.stderr);

/** One line on stderr, control characters escaped (a message may quote a file's bytes). */
function fail(code: number, e: unknown): never {
  const message = e instanceof Error ? e.message : String(e);
  const line = printable(message.split("\n")[0]);
  stderr.write(`train: ${line}\n`);
  exit(code);
}

function exit(code: number): never {
  removeTempFiles();
  Deno.exit(code);
}

function columns(): number {
  try {
    return Deno.consoleSize().columns;
  } catch {
    return 80;
  }
}

/** The command as the user could type it again, shell-quoted where needed. */
function commandLine(args: string[]): string {
  const quote = (a: string) => /^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replaceAll("'", `'\\''`)}'`;
  return ["deno task train", ...(args.length ? ["--", ...args.map(quote)] : [])].join(" ");
}

/** Parses, prepares (exit 2 on a mistake), then trains (exit 1 when training fails). */
async function main(): Promise<never> {
  let run: PreparedRun;
  const tty = Deno.stderr.isTerminal();
  const progress = { write: stderr.write, tty, columns: tty ? columns() : 80 };
  const status = (text: string) =>
    tty && stderr.write(`\r${fitLine(text, progress.columns)}\x1b[K`);
  try {
    const command = parseTrainArgs(Deno.args);
    if (command.help) {
      stdout.write(USAGE);
      exit(0);
    }
    run = await prepareRun(command, {
      status,
      note: (line) => stderr.write(`train: ${line}\n`),
    });
    if (tty) stderr.write("\r\x1b[K");
  } catch (e) {
    if (tty) stderr.write("\r\x1b[K");
    fail(2, e);
  }

  try {
    const outcome = await executeRun(run, {
      out: stdout.write,
      progress,
      columns: Deno.stdout.isTerminal() ? columns() : 80,
      commandLine: commandLine(commandArgs(Deno.args)),
    });
    if (stdout.state.closed) {
      const saved = [run.command.save, run.command.report].filter((p) => p !== undefined);
      stderr.write(
        `train: stdout was closed early; the run went on to the end${
          saved.length ? ` and wrote ${saved.join(" and ")}` : ""
        }\n`,
      );
    }
    exit(outcome.exitCode);
  } catch (e) {
    fail(1, e); // a DivergenceError, or an output that failed at the end (disk full)
  }
}

if (import.meta.main) await main();
