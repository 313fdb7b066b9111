import assert from "node:assert";
import { commandArgs, requireWritable, UsageError, userCwd, userPath } from "../../src/io/cli.ts";

Deno.test("userPath() resolves against the folder the command was typed in", async (t) => {
  const saved = Deno.env.get("INIT_CWD");
  try {
    await t.step("INIT_CWD wins over the working folder", () => {
      Deno.env.set("INIT_CWD", "/home/user/project");
      assert.strictEqual(userCwd(), "/home/user/project");
      assert.strictEqual(userPath("my_nn.py"), "/home/user/project/my_nn.py");
      assert.strictEqual(userPath("../data/./x.idx"), "/home/user/data/x.idx");
      assert.strictEqual(userPath("/abs/file"), "/abs/file");
    });
    await t.step("a relative INIT_CWD is not trusted", () => {
      Deno.env.set("INIT_CWD", "relative");
      assert.strictEqual(userCwd(), Deno.cwd());
    });
    await t.step("without INIT_CWD, the working folder", () => {
      Deno.env.delete("INIT_CWD");
      assert.strictEqual(userPath("a.json"), `${Deno.cwd()}/a.json`);
    });
  } finally {
    if (saved === undefined) Deno.env.delete("INIT_CWD");
    else Deno.env.set("INIT_CWD", saved);
  }
});

Deno.test("commandArgs() drops only a leading --", () => {
  assert.deepStrictEqual(commandArgs(["--", "--", "x"]), ["--", "x"]);
  assert.deepStrictEqual(commandArgs(["x", "--"]), ["x", "--"]);
});

Deno.test("requireWritable() refuses before any work, naming flag and path", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await t.step("a folder where a file is asked", async () => {
      await assert.rejects(
        requireWritable("--save", dir, "file"),
        (e: Error) =>
          e instanceof UsageError && e.message === `--save ${dir}: is a directory; name a file`,
      );
    });
    await t.step("a missing folder", async () => {
      await assert.rejects(
        requireWritable("--report", `${dir}/none/r.html`, "file"),
        /does not exist/,
      );
    });
    await t.step("a folder is created and left empty of probes", async () => {
      await requireWritable("--repro-dir", `${dir}/repros`, "directory");
      assert.deepStrictEqual([...Deno.readDirSync(`${dir}/repros`)], []);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
