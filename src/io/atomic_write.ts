/**
 * Writing a file so that a crash never leaves it half written: the text goes to a temporary file in
 * the same directory, which is flushed to disk (fsync) and then renamed over the target. A rename
 * within one file system is atomic on POSIX, so readers see the old file or the new one, never a
 * mix.
 *
 * @module
 */

/**
 * Writes `text` to `path` atomically.
 *
 * @param path The target file.
 * @param text Its new contents.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const dir = await Deno.makeTempDir();
 * await writeTextFileAtomic(`${dir}/a.json`, "{}");
 * assert.strictEqual(await Deno.readTextFile(`${dir}/a.json`), "{}");
 * assert.deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["a.json"]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function writeTextFileAtomic(path: string, text: string): Promise<void> {
  const slash = path.lastIndexOf("/");
  const dir = slash < 0 ? "." : path.slice(0, slash) || "/";
  const base = path.slice(slash + 1);
  const temp = `${dir}/.${base}.${Deno.pid}.${crypto.randomUUID().slice(0, 8)}.tmp`;
  const file = await Deno.open(temp, { write: true, createNew: true, mode: 0o644 });
  try {
    const bytes = new TextEncoder().encode(text);
    for (let at = 0; at < bytes.length;) at += await file.write(bytes.subarray(at));
    await file.sync();
    file.close();
    await Deno.rename(temp, path);
  } catch (e) {
    try {
      file.close();
    } catch { /* already closed */ }
    await Deno.remove(temp).catch(() => {});
    throw e;
  }
  await syncDirectory(dir);
}

/** Flushes a directory entry so the rename itself survives a power cut; not every OS allows it. */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await Deno.open(dir, { read: true });
    try {
      await handle.sync();
    } finally {
      handle.close();
    }
  } catch {
    // Opening or fsyncing a directory is refused on some systems; the file itself is already flushed.
  }
}
