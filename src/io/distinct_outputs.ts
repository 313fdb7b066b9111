/**
 * Refusing, before any work, a command whose output would land on another path of the same command
 * (`--save m.json --report ./m.json`, `--load m.json --report m.json`, an output through a symlink
 * or a hard link to an input). Paths are compared as the files they reach: symlinks and `.`/`..`
 * resolved, and an existing file by its device and inode.
 *
 * @module
 */
import { UsageError } from "./cli.ts";

/** A path a command was given, and whether the command writes it. */
export interface CommandPath {
  /** The flag that named it, e.g. `--save`. */
  readonly flag: string;
  /** The path as given (relative paths resolve against the working folder). */
  readonly path: string;
  /** Whether the command writes (or replaces) the file. */
  readonly output: boolean;
}

/** Where a path leads: its real path, and the file's device and inode when it exists. */
interface FileIdentity {
  readonly real: string;
  readonly inode?: string;
}

/**
 * Throws when an output of a command is the same file as any other path of that command.
 *
 * @param paths Every path the command was given, inputs and outputs.
 * @throws {UsageError} One line naming both flags and the file.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const dir = await Deno.makeTempDir();
 * await requireDistinctOutputs([
 *   { flag: "--save", path: `${dir}/m.json`, output: true },
 *   { flag: "--report", path: `${dir}/r.html`, output: true },
 * ]);
 * await assert.rejects(requireDistinctOutputs([
 *   { flag: "--save", path: `${dir}/m.json`, output: true },
 *   { flag: "--report", path: `${dir}/./x/../m.json`, output: true },
 * ]), /--save .*m\.json and --report .*m\.json are the same file/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function requireDistinctOutputs(paths: readonly CommandPath[]): Promise<void> {
  const ids = await Promise.all(paths.map((p) => identify(p.path)));
  for (let i = 0; i < paths.length; i++) {
    for (let j = 0; j < i; j++) {
      const [a, b] = [paths[j], paths[i]];
      if (!(a.output || b.output) || !sameFile(ids[i], ids[j])) continue;
      const [writer, other] = b.output ? [b, a] : [a, b];
      const what = other.output
        ? "one output would overwrite the other"
        : `${writer.flag} would overwrite what ${other.flag} reads`;
      throw new UsageError(
        `${a.flag} ${a.path} and ${b.flag} ${b.path} are the same file (${ids[i].real}): ` +
          `${what}; give ${writer.flag} another path`,
      );
    }
  }
}

function sameFile(a: FileIdentity, b: FileIdentity): boolean {
  return a.real === b.real || (a.inode !== undefined && a.inode === b.inode);
}

/** The real path of a file that may not exist yet: its nearest existing ancestor resolved. */
async function identify(path: string): Promise<FileIdentity> {
  const absolute = path.startsWith("/") ? path : `${Deno.cwd()}/${path}`;
  try {
    const real = await Deno.realPath(absolute);
    const info = await Deno.stat(real);
    return { real, inode: info.ino === null ? undefined : `${info.dev}:${info.ino}` };
  } catch {
    const slash = absolute.replace(/\/+$/, "").lastIndexOf("/");
    if (slash <= 0) return { real: absolute };
    const parent = await identify(absolute.slice(0, slash));
    const base = absolute.slice(slash + 1);
    return {
      real: base === ".." ? up(parent.real) : base === "." ? parent.real : `${parent.real}/${base}`,
    };
  }
}

function up(path: string): string {
  return path.slice(0, Math.max(1, path.lastIndexOf("/")));
}
