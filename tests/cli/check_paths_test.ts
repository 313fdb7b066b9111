/**
 * `deno task check` typed in the user's own folder: every relative path (the program, --report,
 * --emit-requests, --results, --expectations, --fixtures, --repro-dir) means that folder, and the
 * program starts there; the fixtures default to the suite's own wherever the command is typed.
 */
import assert from "node:assert";
import { NODE } from "../oracle/helpers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

/** Runs `deno task check` as a user does from `cwd`, with the suite's deno.json named by --config. */
async function task(cwd: string, args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["task", "-q", "--config", `${ROOT}deno.json`, "check", "--", ...args],
    cwd,
    stdout: "piped",
    stderr: "piped",
    // as typed in a shell: `deno task` keeps an INIT_CWD it inherits (this test may run under one)
    clearEnv: true,
    env: { ...withoutInitCwd(Deno.env.toObject()), NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

function withoutInitCwd(env: Record<string, string>): Record<string, string> {
  const { INIT_CWD: _, ...rest } = env;
  return rest;
}

Deno.test("check resolves every path against the folder it is typed in", async (t) => {
  const home = await Deno.makeTempDir({ prefix: "nn-oracle-user-" });
  try {
    await Deno.mkdir(`${home}/project/bin`, { recursive: true });
    await Deno.mkdir(`${home}/out`);
    for await (const e of Deno.readDir(`${ROOT}examples/node`)) {
      if (e.name.endsWith(".mjs")) {
        await Deno.copyFile(`${ROOT}examples/node/${e.name}`, `${home}/project/${e.name}`);
      }
    }
    // a relative program path, and a program that needs its working folder to be the user's
    await Deno.writeTextFile(
      `${home}/project/bin/run`,
      `#!/bin/sh\n[ -f project/nn.mjs ] || { echo "not started in the user's folder" >&2; exit 9; }\n` +
        `exec ${NODE} project/nn.mjs\n`,
    );
    await Deno.chmod(`${home}/project/bin/run`, 0o755);

    await t.step("--impl with a relative program, --report, --repro-dir", async () => {
      const r = await task(home, [
        "--impl",
        "project/bin/run",
        "--filter",
        "op:relu,op:softmax",
        "--format",
        "json",
        "--report",
        "out/report.json",
        "--repro-dir",
        "out/repros",
      ]);
      assert.strictEqual(r.code, 0, r.stderr);
      const report = JSON.parse(await Deno.readTextFile(`${home}/out/report.json`));
      assert.ok(report.summary.counts.pass > 5, JSON.stringify(report.summary.counts));
      assert.ok((await Deno.stat(`${home}/out/repros`)).isDirectory);
      // the default fixtures are the suite's, named as the suite names them
      assert.ok(report.cases.every((c: { file: string }) => c.file.includes("fixtures/")));
    });

    await t.step("--emit-requests, then --results and --expectations", async () => {
      const emitted = await task(home, ["--emit-requests", "out/req.jsonl", "--filter", "op:relu"]);
      assert.strictEqual(emitted.code, 0, emitted.stderr);
      const requests = await Deno.readTextFile(`${home}/out/req.jsonl`);
      const ids = requests.trim().split("\n").map((l) => JSON.parse(l).id);
      const results = ids.map((id) => JSON.stringify({ id, error: "not yet" })).join("\n");
      await Deno.writeTextFile(`${home}/out/results.jsonl`, results + "\n");
      await Deno.writeTextFile(
        `${home}/out/known.json`,
        JSON.stringify({ format: "nn-oracle-expectations/1", failures: { "relu/*": "not yet" } }),
      );
      const r = await task(home, [
        "--results",
        "out/results.jsonl",
        "--expectations",
        "out/known.json",
        "--filter",
        "op:relu",
      ]);
      assert.strictEqual(r.code, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /PASS: 0 passed, 0 failed, \d+ expected failure/);
    });

    await t.step("--fixtures in the user's folder", async () => {
      await Deno.mkdir(`${home}/fx`);
      await Deno.copyFile(`${ROOT}fixtures/activations.json`, `${home}/fx/activations.json`);
      const r = await task(home, ["--emit-requests", "out/fx.jsonl", "--fixtures", "fx"]);
      assert.strictEqual(r.code, 0, r.stderr);
      const lines = (await Deno.readTextFile(`${home}/out/fx.jsonl`)).trim().split("\n");
      const ops = new Set(lines.map((l) => JSON.parse(l).op));
      assert.ok(!ops.has("backward"), [...ops].join(","));
    });
  } finally {
    await Deno.remove(home, { recursive: true });
  }
});
