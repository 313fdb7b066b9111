/**
 * Process groups of child processes: every child a command starts leads a group of its own, so that
 * killing the group also kills what the child started (a shell's children, a Python interpreter's
 * workers). Used by the oracle (src/oracle/subprocess.ts) and the bench's peers (bench/peers.ts).
 *
 * @module
 */

/** The process groups started and not yet stopped, for a signal handler to kill on the way out. */
export const LIVE_GROUPS: Set<number> = new Set();

/**
 * Kills every process group this module started and has not stopped yet (on SIGINT, say).
 *
 * @example
 * ```ts
 * import assert from "node:assert";
 * killAllGroups();
 * assert.strictEqual(LIVE_GROUPS.size, 0);
 * ```
 */
export function killAllGroups(): void {
  for (const pgid of LIVE_GROUPS) killGroup(pgid);
  LIVE_GROUPS.clear();
}

/**
 * Sends SIGKILL to a process group, ignoring a group that is already gone.
 *
 * @param pgid The group id (the pid of its leader).
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.doesNotThrow(() => killGroup(2 ** 22 + 12345)); // no such group: nothing happens
 * ```
 */
export function killGroup(pgid: number): void {
  try {
    Deno.kill(-pgid, "SIGKILL");
  } catch {
    // already gone
  }
}

/**
 * Waits for `p` at most `ms` milliseconds.
 *
 * @param p The promise.
 * @param ms The limit.
 * @returns Its value, or undefined when the time ran out first.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(await within(new Promise(() => {}), 10), undefined);
 * assert.strictEqual(await within(Promise.resolve(3), 10), 3);
 * ```
 */
export async function within<T>(p: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<undefined>((
    r,
  ) => (timer = setTimeout(() => r(undefined), Math.max(0, ms))));
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}
