import assert from "node:assert";
import { requireDistinctOutputs } from "../../src/io/distinct_outputs.ts";
import { check } from "../../src/oracle/check.ts";
import { parseArgs } from "../../src/oracle/check_args.ts";

Deno.test("requireDistinctOutputs() compares the files paths reach, not their spelling", async (t) => {
  const dir = await Deno.makeTempDir();
  const out = (flag: string, path: string) => ({ flag, path, output: true });
  const inp = (flag: string, path: string) => ({ flag, path, output: false });
  try {
    await Deno.writeTextFile(`${dir}/m.json`, "{}");
    await Deno.mkdir(`${dir}/sub`);
    await Deno.symlink(`${dir}/m.json`, `${dir}/sub/link.json`);
    await Deno.symlink(`${dir}/sub`, `${dir}/subdir-link`);
    await Deno.link(`${dir}/m.json`, `${dir}/hard.json`);
    const same: [string, { flag: string; path: string; output: boolean }[]][] = [
      ["./ and ..", [out("--save", `${dir}/./sub/../r.json`), out("--report", `${dir}/r.json`)]],
      ["a symlink to the input", [
        inp("--load", `${dir}/m.json`),
        out("--report", `${dir}/sub/link.json`),
      ]],
      ["a folder through a symlink", [
        out("--save", `${dir}/sub/new.json`),
        out("--report", `${dir}/subdir-link/new.json`),
      ]],
      ["a hard link", [inp("--load", `${dir}/hard.json`), out("--save", `${dir}/m.json`)]],
    ];
    for (const [name, paths] of same) {
      await t.step(name, () =>
        assert.rejects(requireDistinctOutputs(paths), (e: Error) => {
          assert.strictEqual(e.name, "UsageError");
          assert.match(
            e.message,
            /^--\w+ .* and --\w+ .* are the same file \(.*\): .*; give --\w+ another path$/,
          );
          return true;
        }));
    }
    await t.step("two inputs may be one file; distinct outputs pass", async () => {
      await requireDistinctOutputs([inp("--a", `${dir}/m.json`), inp("--b", `${dir}/hard.json`)]);
      await requireDistinctOutputs([
        out("--save", `${dir}/a.json`),
        out("--report", `${dir}/b.html`),
        inp("--load", `${dir}/m.json`),
      ]);
    });
    await t.step("the message says which output overwrites what", async () => {
      await assert.rejects(
        requireDistinctOutputs([inp("--load", `${dir}/m.json`), out("--report", `${dir}/m.json`)]),
        /--report would overwrite what --load reads; give --report another path/,
      );
      await assert.rejects(
        requireDistinctOutputs([out("--save", `${dir}/x`), out("--report", `${dir}/x`)]),
        /one output would overwrite the other; give --report another path/,
      );
    });
    assert.strictEqual(await Deno.readTextFile(`${dir}/m.json`), "{}");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("check refuses a report that would overwrite its results file, before any work", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/results.json`, "{}");
    await assert.rejects(
      check(parseArgs(["--results", `${dir}/results.json`, "--report", `${dir}/./results.json`])),
      (e: Error) => {
        assert.strictEqual(e.name, "UsageError");
        assert.match(e.message, /--report would overwrite what --results reads/);
        return true;
      },
    );
    assert.strictEqual(await Deno.readTextFile(`${dir}/results.json`), "{}");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
