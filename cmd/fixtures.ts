/**
 * `deno task fixtures`: regenerates fixtures/*.json, fixtures/schema.json and the generated sections
 * of fixtures/SCHEMA.md from the seeded generator (src/casegen/generate.ts).
 *
 *     deno task fixtures            write the files
 *     deno task fixtures --check    write nothing; exit 1 naming each file that is out of date
 *
 * @module
 */
import { generateAll } from "../src/casegen/generate.ts";
import { writeTextFileAtomic } from "../src/io/atomic_write.ts";

const USAGE = "usage: deno task fixtures [--check]";

async function main(args: string[]): Promise<number> {
  const unknown = args.filter((a) => a !== "--check");
  if (unknown.length > 0) {
    console.error(`fixtures: unknown argument ${JSON.stringify(unknown[0])}; ${USAGE}`);
    return 2;
  }
  const check = args.includes("--check");
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
    const why = (e as Error).message.split("\n")[0].replace(/ \(os error \d+\).*$/, "");
    throw new Error(`${what} ${file}: ${why}`);
  }
}

try {
  Deno.exit(await main(Deno.args[0] === "--" ? Deno.args.slice(1) : Deno.args));
} catch (e) {
  console.error(`fixtures: ${(e as Error).message.split("\n")[0]}`);
  Deno.exit(1);
}
