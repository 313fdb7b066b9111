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
