/**
 * What every command of the suite shares at its edge: the arguments as `deno task NAME -- …` passes
 * them, paths resolved against the folder the user typed the command in, one-line usage errors with
 * exit status 2, and checking before any work that an output can be written.
 *
 * `deno task` runs a command from the folder of `deno.json` and puts the folder it was typed in into
 * `INIT_CWD`; a relative path the user typed is relative to that folder, never to the suite's.
 *
 * @module
 */
import { parseArgs, type ParseArgsConfig } from "node:util";

/** A mistake in how a command was called: printed as one line, exit status 2. */
export class UsageError extends Error {
  /**
   * @param message One sentence naming the flag, file or value.
   * @param options `cause`: what was thrown underneath, for a command that words it its own way.
   */
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UsageError";
  }
}

/**
 * The arguments without the leading `--` that `deno task NAME -- …` passes through.
 *
 * @param argv The raw arguments (`Deno.args`).
 * @returns The arguments a parser should see.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(commandArgs(["--", "--epochs", "2"]), ["--epochs", "2"]);
 * assert.deepStrictEqual(commandArgs(["--epochs", "2"]), ["--epochs", "2"]);
 * ```
 */
export function commandArgs(argv: readonly string[]): string[] {
  return argv[0] === "--" ? argv.slice(1) : [...argv];
}

/**
 * A node:util `parseArgs` error as one line: its first sentence, and how to pass a value that starts
 * with "-" when that was the trouble.
 *
 * @param e What `parseArgs` threw.
 * @returns The line, without the command's name.
 * @example An unknown option
 * ```ts
 * import assert from "node:assert";
 * import { parseArgs } from "node:util";
 * let line = "";
 * try {
 *   parseArgs({ args: ["--yaml"], options: {}, strict: true });
 * } catch (e) {
 *   line = parseErrorLine(e);
 * }
 * assert.strictEqual(line, "Unknown option '--yaml' (see --help)");
 * ```
 */
export function parseErrorLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const first = message.split(/\.\s/)[0].replace(/\.$/, "");
  const hint = /use '(--[\w-]+=-XYZ)'/.exec(message);
  return hint
    ? `${first}: write ${hint[1]} for a value that starts with "-"`
    : `${first} (see --help)`;
}

/** The flags a command takes, as node:util `parseArgs` describes them. */
export type FlagOptions = NonNullable<ParseArgsConfig["options"]>;

/** What {@linkcode parseFlags} returns: the flags' values (typed by `O`) and the bare arguments. */
export type ParsedFlags<O extends FlagOptions, P extends boolean> = ReturnType<
  typeof parseArgs<{ args: string[]; strict: true; allowPositionals: P; options: O }>
>;

/**
 * A command's flags, parsed strictly (an unknown flag is a mistake) from its arguments as
 * `deno task NAME -- …` passes them.
 *
 * @param argv The arguments after the program name.
 * @param options The flags.
 * @param allowPositionals Whether bare arguments are allowed (then returned as `positionals`).
 * @returns `parseArgs`' values and positionals.
 * @throws {UsageError} One line naming the flag at fault ({@linkcode parseErrorLine}); its `cause`
 * is `parseArgs`' error (with its `code`).
 * @example
 * ```ts
 * import assert from "node:assert";
 * const options = { epochs: { type: "string" }, quiet: { type: "boolean" } } as const;
 * assert.strictEqual(parseFlags(["--", "--epochs", "2"], options).values.epochs, "2");
 * assert.throws(() => parseFlags(["--fast"], options), /^UsageError: Unknown option '--fast' \(see --help\)$/);
 * ```
 */
export function parseFlags<O extends FlagOptions, P extends boolean = false>(
  argv: readonly string[],
  options: O,
  allowPositionals?: P,
): ParsedFlags<O, P> {
  try {
    return parseArgs({
      args: commandArgs(argv),
      strict: true,
      allowPositionals: (allowPositionals ?? false) as P,
      options,
    });
  } catch (e) {
    throw new UsageError(parseErrorLine(e), { cause: e });
  }
}

/**
 * The folder the user typed the command in: `INIT_CWD` under `deno task`, else the working folder.
 *
 * @returns An absolute path.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.ok(userCwd().startsWith("/"));
 * ```
 */
export function userCwd(): string {
  let init: string | undefined;
  try {
    init = Deno.env.get("INIT_CWD");
  } catch {
    init = undefined; // without --allow-env the working folder is the user's (plain `deno run`)
  }
  return init && init.startsWith("/") ? init : Deno.cwd();
}

/**
 * A path as the user meant it: absolute paths as they are, relative ones against {@linkcode userCwd}.
 *
 * @param path What the user typed.
 * @returns An absolute, normalised path (no `.` or `..` segments).
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(userPath("/tmp/a/../b.json"), "/tmp/b.json");
 * assert.strictEqual(userPath("x.json"), `${userCwd()}/x.json`.replace("//", "/"));
 * ```
 */
export function userPath(path: string): string {
  return normalise(path.startsWith("/") ? path : `${userCwd()}/${path}`);
}

/** Removes `.` and `..` segments and doubled slashes from an absolute path. */
function normalise(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return "/" + out.join("/");
}

/**
 * An OS error's reason without Deno's suffix: `Permission denied (os error 13): open '…'` → its
 * first part.
 *
 * @param e What was thrown.
 * @returns One short phrase.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(osReason(new Error("Not a directory (os error 20): mkdir 'x'")), "Not a directory");
 * ```
 */
export function osReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split("\n")[0].replace(/ \(os error \d+\).*$/, "");
}

/**
 * Fails before any work, not after it, when an output could not be written at the end: a file's
 * folder must exist and take a new file (the atomic write's temporary file) and the file must not be
 * a folder; a folder is created now and must take a new file.
 *
 * @param flag The flag that named the path, for the message.
 * @param path The (absolute) path.
 * @param kind Whether a file or a folder will be written there.
 * @throws {UsageError} naming the flag, the path and the reason.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const dir = await Deno.makeTempDir();
 * await requireWritable("--save", `${dir}/m.json`, "file");
 * await assert.rejects(requireWritable("--save", `${dir}/no/m.json`, "file"), /--save/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function requireWritable(
  flag: string,
  path: string,
  kind: "file" | "directory",
): Promise<void> {
  const info = await Deno.stat(path).catch(() => undefined);
  if (info && info.isDirectory !== (kind === "directory")) {
    const is = info.isDirectory ? "a directory" : "a file";
    throw new UsageError(`${flag} ${path}: is ${is}; name a ${kind}`);
  }
  const slash = path.lastIndexOf("/");
  const dir = kind === "directory" ? path : slash < 0 ? "." : path.slice(0, slash) || "/";
  if (kind === "file") {
    const parent = await Deno.stat(dir).catch(() => undefined);
    if (!parent) throw new UsageError(`${flag} ${path}: directory ${dir} does not exist`);
    if (!parent.isDirectory) throw new UsageError(`${flag} ${path}: ${dir} is not a directory`);
  }
  try {
    if (kind === "directory") await Deno.mkdir(dir, { recursive: true });
    const probe = `${dir}/.nn-oracle.${Deno.pid}.probe.tmp`;
    (await Deno.open(probe, { write: true, createNew: true })).close();
    await Deno.remove(probe);
  } catch (e) {
    throw new UsageError(`${flag} ${path}: cannot write in ${dir} (${osReason(e)})`);
  }
}
