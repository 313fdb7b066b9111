/**
 * `deno task fixtures`: regenerates fixtures/*.json, fixtures/schema.json and the generated sections
 * of fixtures/SCHEMA.md from the seeded generator (src/casegen/generate.ts), byte for byte.
 * `--help` lists the options; a mistake in the command line is one line on stderr and exit status 2.
 *
 * @module
 */
import { generateAll } from "../src/casegen/generate.ts";
import { writeTextFileAtomic } from "../src/io/atomic_write.ts";
import { osReason, parseFlags } from "../src/io/cli.ts";

/** The `--help` text. */
export const USAGE = `Usage: deno task fixtures [-- --check]

Regenerates the fixture corpus from the seeded generator (src/casegen/): fixtures/*.json,
fixtures/schema.json and the generated sections of fixtures/SCHEMA.md. The same code always writes
the same bytes; a file already up to date is left alone.

Options:
  --check       write nothing; name each file that is out of date
  --help, -h    this text

Examples:
  deno task fixtures                 regenerate, then commit what changed
  deno task fixtures -- --check      in CI: fail if the committed corpus is not the generator's

Exit status: 0 when the files are written (or, with --check, up to date), 1 when --check finds a
file out of date or a file cannot be read or written, 2 on a usage error.
`;

/** Parses the arguments; throws a {@linkcode UsageError} naming the one that is wrong. */
function parseFixturesArgs(argv: readonly string[]): { help: boolean; check: boolean } {
  const { values } = parseFlags(argv, {
    check: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  return { help: values.help === true, check: values.check === true };
}

async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    options = parseFixturesArgs(argv);
  } catch (e) {
    console.error(`fixtures: ${(e as Error).message}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE.trimEnd());
    return 0;
  }
  const { check } = options;
  const root = new URL("..", import.meta.url).pathname;
  const schemaDoc = await io(
    "cannot read",
    "fixtures/SCHEMA.md",
    () => Deno.readTextFile(`${root}fixtures/SCHEMA.md`),
  );
  const files = generateAll(schemaDoc);
  let stale = 0;
  let bytes = 0;
  for (const f of files) {
    const path = `${root}${f.path}`;
    const current = await Deno.readTextFile(path).catch(() => undefined);
    bytes += new TextEncoder().encode(f.text).length;
    if (current === f.text) continue;
    stale++;
    if (check) console.error(`fixtures: ${f.path} is out of date; run deno task fixtures`);
    else await io("cannot write", f.path, () => writeTextFileAtomic(path, f.text));
  }
  const verb = check ? "out of date" : "rewritten";
  console.log(`fixtures: ${files.length} files (${(bytes / 1e6).toFixed(2)} MB), ${stale} ${verb}`);
  return check && stale > 0 ? 1 : 0;
}

/** Runs a file operation; a failure is one line naming the file (`cannot read fixtures/X: …`). */
async function io<T>(what: string, file: string, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new Error(`${what} ${file}: ${osReason(e)}`);
  }
}

if (import.meta.main) {
  try {
    Deno.exit(await main(Deno.args));
  } catch (e) {
    console.error(`fixtures: ${(e as Error).message.split("\n")[0]}`);
    Deno.exit(1);
  }
}
