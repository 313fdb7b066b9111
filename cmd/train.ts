/**
 * `deno task train`: trains a fully connected network on MNIST (see `--help` and src/train/).
 * A mistake in the command line, the data or a model file is one line on stderr and exit code 2;
 * a failed gradient check aborts with exit code 1.
 *
 * @module
 */
import { parseTrainArgs, USAGE } from "../src/train/cli/train_args.ts";
import { executeRun, type PreparedRun, prepareRun } from "../src/train/cli/run.ts";

const encoder = new TextEncoder();
const write = (stream: { writeSync(p: Uint8Array): number }, text: string) => {
  const bytes = encoder.encode(text);
  for (let at = 0; at < bytes.length;) at += stream.writeSync(bytes.subarray(at));
};

function fail(code: number, e: unknown): never {
  if (e instanceof Deno.errors.BrokenPipe) Deno.exit(code); // `| head` closed stdout
  const message = e instanceof Error ? e.message : String(e);
  write(Deno.stderr, `train: ${message.split("\n")[0]}\n`);
  Deno.exit(code);
}

/** Parses, prepares (exit 2 on a mistake), then trains (exit 1 on a failed gradient check). */
async function main(): Promise<never> {
  let run: PreparedRun;
  try {
    const command = parseTrainArgs(Deno.args);
    if (command.help) {
      write(Deno.stdout, USAGE);
      Deno.exit(0);
    }
    run = await prepareRun(command);
  } catch (e) {
    fail(2, e);
  }

  try {
    const tty = Deno.stderr.isTerminal();
    const columns = Deno.stdout.isTerminal() ? Deno.consoleSize().columns : 80;
    const outcome = await executeRun(run, {
      out: (text) => write(Deno.stdout, text),
      progress: { write: (text) => write(Deno.stderr, text), tty, columns },
      columns,
    });
    Deno.exit(outcome.exitCode);
  } catch (e) {
    fail(1, e);
  }
}

if (import.meta.main) await main();
