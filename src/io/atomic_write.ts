/**
 * Writing a file so that a crash never leaves it half written: the text goes to a temporary file in
 * the same directory, which is flushed to disk (fsync) and then renamed over the target. A rename
 * within one file system is atomic on POSIX, so readers see the old file or the new one, never a
 * mix. A temporary file in flight is removed when the process exits through `Deno.exit` or is
 * interrupted (SIGINT, SIGTERM) while writing it.
 *
 * @module
 */

/** Temporary files being written now; removed if the process ends before they are renamed. */
const inFlight = new Set<string>();

/**
 * Removes every temporary file still being written (at exit; safe to call more than once).
 *
 * @returns How many were removed.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(removeTempFiles(), 0);
 * ```
 */
export function removeTempFiles(): number {
  let removed = 0;
  for (const temp of inFlight) {
    try {
      Deno.removeSync(temp);
      removed++;
    } catch { /* already gone */ }
  }
  inFlight.clear();
  return removed;
}

// `Deno.exit` dispatches "unload"; an interrupt while writing is turned into such an exit below.
globalThis.addEventListener("unload", removeTempFiles);

const EXIT_ON: readonly [Deno.Signal, number][] = [["SIGINT", 130], ["SIGTERM", 143]];
const exits = EXIT_ON.map(([signal, code]) => [signal, () => Deno.exit(code)] as const);

function track(temp: string): void {
  if (inFlight.size === 0 && Deno.build.os !== "windows") {
    for (const [signal, exit] of exits) Deno.addSignalListener(signal, exit);
  }
  inFlight.add(temp);
}

function untrack(temp: string): void {
  inFlight.delete(temp);
  if (inFlight.size === 0 && Deno.build.os !== "windows") {
    for (const [signal, exit] of exits) Deno.removeSignalListener(signal, exit);
  }
}

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
  // Tracked before it exists, and created synchronously: an interrupt that comes once the file is on
  // disk always finds the listener that removes it (and cannot be handled while it is being created).
  track(temp);
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(temp, { write: true, createNew: true, mode: 0o644 });
  } catch (e) {
    untrack(temp);
    throw e;
  }
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
  } finally {
    untrack(temp);
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
