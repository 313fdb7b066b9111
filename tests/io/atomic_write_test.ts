import assert from "node:assert";
import { writeTextFileAtomic } from "../../src/io/atomic_write.ts";

Deno.test("writeTextFileAtomic() replaces a file whole and leaves no temporary file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/out.json`;
    await Deno.writeTextFile(path, "old");
    const big = "x".repeat(3_000_000);
    await writeTextFileAtomic(path, big);
    assert.strictEqual((await Deno.readTextFile(path)).length, big.length);
    assert.deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["out.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeTextFileAtomic() fails cleanly into a missing directory", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(writeTextFileAtomic(`${dir}/missing/out.json`, "x"), Deno.errors.NotFound);
    assert.deepStrictEqual([...Deno.readDirSync(dir)], []);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeTextFileAtomic() writes relative paths in the working directory", async () => {
  const dir = await Deno.makeTempDir();
  const cwd = Deno.cwd();
  try {
    Deno.chdir(dir);
    await writeTextFileAtomic("plain.txt", "hello");
    assert.strictEqual(await Deno.readTextFile(`${dir}/plain.txt`), "hello");
  } finally {
    Deno.chdir(cwd);
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("writeTextFileAtomic() leaves no temporary file when interrupted (SIGINT, SIGTERM)", async (t) => {
  const module = new URL("../../src/io/atomic_write.ts", import.meta.url).href;
  for (const [signal, code] of [["SIGINT", 130], ["SIGTERM", 143]] as const) {
    await t.step(signal, async () => {
      const dir = await Deno.makeTempDir();
      try {
        // A large write, interrupted by the process itself once its temporary file exists.
        const script = `
          import { writeTextFileAtomic } from "${module}";
          const dir = ${JSON.stringify(dir)};
          const poll = setInterval(() => {
            if ([...Deno.readDirSync(dir)].some((e) => e.name.endsWith(".tmp"))) {
              clearInterval(poll);
              Deno.kill(Deno.pid, "${signal}");
            }
          }, 0);
          await writeTextFileAtomic(dir + "/big.json", "x".repeat(200_000_000));
          console.log("finished");`;
        const out = await new Deno.Command(Deno.execPath(), {
          args: ["run", "--allow-read", "--allow-write", "--allow-run", "-"],
          stdin: "piped",
          stdout: "piped",
          stderr: "piped",
        }).spawn();
        const writer = out.stdin.getWriter();
        await writer.write(new TextEncoder().encode(script));
        await writer.close();
        const r = await out.output();
        const stdout = new TextDecoder().decode(r.stdout);
        assert.strictEqual(stdout, "", "interrupted before the write finished");
        assert.strictEqual(r.code, code, new TextDecoder().decode(r.stderr));
        assert.deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name), []);
      } finally {
        await Deno.remove(dir, { recursive: true });
      }
    });
  }
});
