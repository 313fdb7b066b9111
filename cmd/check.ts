/**
 * `deno task check`: validate an implementation, in any language, against the fixtures, and name its
 * mistakes. See docs/PROTOCOL.md and `deno task check -- --help`.
 *
 * @module
 */
import { parseArgs, USAGE } from "../src/oracle/check_args.ts";
import { UsageError, userPath } from "../src/io/cli.ts";
import { check, writeOutputFile } from "../src/oracle/check.ts";
import { killAllGroups } from "../src/io/process_group.ts";

const encoder = new TextEncoder();

async function writeAll(text: string): Promise<void> {
  let bytes = encoder.encode(text);
  while (bytes.length > 0) bytes = bytes.subarray(await Deno.stdout.write(bytes));
}

async function main(): Promise<number> {
  const options = parseArgs(Deno.args);
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  // the program under test dies with the check, whatever ends it
  const interrupted = () => {
    killAllGroups();
    Deno.exit(130);
  };
  Deno.addSignalListener("SIGINT", interrupted);
  Deno.addSignalListener("SIGTERM", interrupted);
  const result = await check(options, {
    progress: Deno.stderr.isTerminal()
      ? (t) => Deno.stderr.writeSync(encoder.encode(t))
      : undefined,
  });
  if (options.report) await writeOutputFile("--report", userPath(options.report), result.report);
  else await writeAll(result.report);
  return result.code;
}

try {
  Deno.exit(await main());
} catch (e) {
  killAllGroups();
  if (e instanceof Deno.errors.BrokenPipe) Deno.exit(1); // `| head` closed stdout
  const known = e instanceof UsageError || e instanceof SyntaxError || e instanceof TypeError ||
    e instanceof RangeError;
  console.error(
    known ? `check: ${(e as Error).message}` : `check: internal error: ${(e as Error).stack ?? e}`,
  );
  Deno.exit(known ? 2 : 3);
}
