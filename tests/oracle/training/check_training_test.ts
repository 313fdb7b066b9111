/**
 * `check --train` on the command line: the modes it needs, the schedule of the notebook path, and a
 * missing result folder as one line.
 */
import assert from "node:assert";
import { parseArgs } from "../../../src/oracle/check_args.ts";
import { check } from "../../../src/oracle/check.ts";

Deno.test("check --train needs a client or a notebook folder", async () => {
  await assert.rejects(check(parseArgs(["--train"])), /--train needs one of --impl/);
  await assert.rejects(
    check(parseArgs(["--train", "--impl", "node x.mjs", "--report", "no/such/dir/page.html"])),
    /^UsageError: --report \/.*no\/such\/dir\/page\.html: directory .* does not exist$/,
  );
  await assert.rejects(
    check(parseArgs(["--train", "--trained", "no/such/folder"])),
    /^SyntaxError: Cannot read \/.*no\/such\/folder\/result\.json: No such file or directory/,
  );
});

Deno.test("check --train --write-schedule writes document 001's run for an offline trainer", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await check(parseArgs(["--train", "--write-schedule", dir]));
    assert.strictEqual(r.code, 0);
    assert.match(r.report, /then run: deno task check -- --train --trained /);
    const s = JSON.parse(await Deno.readTextFile(`${dir}/schedule.json`));
    assert.strictEqual(s.format, "nn-oracle-training-schedule/1");
    assert.strictEqual(s.steps.length, 11250);
    assert.deepStrictEqual(s.steps[0].indices.slice(0, 3), [48898, 31224, 7887]);
    assert.deepStrictEqual(s.network.layers.map((l: { W: number[][] }) => l.W.length), [
      128,
      64,
      10,
    ]);
    assert.strictEqual(s.snapshots.length, 18); // 0–5, then k…k+3 at three windows
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
