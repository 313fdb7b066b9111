/**
 * `deno task test` typed in any folder: the suite's own relative paths (fixtures, example clients)
 * are the repository's, not the folder the command was typed in. The task drops the `INIT_CWD` that
 * `deno task` sets, because that variable is how `check` and `train` find the user's folder.
 */
import assert from "node:assert";

const ROOT = new URL("../../", import.meta.url).pathname;

Deno.test("deno task test passes when typed in another folder", async () => {
  const elsewhere = await Deno.makeTempDir({ prefix: "nn-oracle-elsewhere-" });
  try {
    const { INIT_CWD: _, ...env } = Deno.env.toObject();
    const out = await new Deno.Command(Deno.execPath(), {
      // one test file that runs the example client by its relative path, examples/node/nn.mjs
      args: ["task", "-q", "--config", `${ROOT}deno.json`, "test", "tests/oracle/check_test.ts"],
      cwd: elsewhere,
      clearEnv: true,
      env: { ...env, NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    assert.strictEqual(out.code, 0, `the suite failed when typed in ${elsewhere}:\n${text}`);
    assert.match(text, / passed .*\| 0 failed/);
  } finally {
    await Deno.remove(elsewhere, { recursive: true });
  }
});
