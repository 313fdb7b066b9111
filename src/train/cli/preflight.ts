/**
 * What `deno task train` checks before any work, so that nothing a user asked for is lost at the
 * end of a long run: no output lands on another path of the run, every output can be written as a
 * regular file, and the model fits both the model file and the machine's memory.
 *
 * @module
 */
import { MNIST_FILES } from "../../data/mnist.ts";
import { osReason, requireWritable, UsageError } from "../../io/cli.ts";
import { type CommandPath, requireDistinctOutputs } from "../../io/distinct_outputs.ts";
import { backendDtype, type BackendName } from "../backends.ts";
import { MAX_MODEL_FILE_CHARS, modelFileCharsBound } from "../model_file.ts";
import { modelName, type ModelSpec } from "../model_spec.ts";
import { grouped } from "./progress.ts";
import type { TrainCommand } from "./train_args.ts";

/**
 * The paths of a command, inputs and outputs; `--data` stands for each name its files may have.
 *
 * @param command The command line.
 * @returns The paths, each with its flag.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseTrainArgs } from "./train_args.ts";
 * const paths = commandPaths(parseTrainArgs(["--save", "/tmp/m.json", "--data", "/d"]));
 * assert.deepStrictEqual(paths[0], { flag: "--save", path: "/tmp/m.json", output: true });
 * assert.strictEqual(paths.length, 1 + 16);
 * ```
 */
export function commandPaths(command: TrainCommand): CommandPath[] {
  const paths: CommandPath[] = [];
  const add = (flag: string, path: string | undefined, output: boolean) =>
    path !== undefined && paths.push({ flag, path, output });
  add("--save", command.save, true);
  add("--report", command.report, true);
  add("--load", command.load, false);
  if (command.dataDir !== undefined) {
    for (const name of Object.values(MNIST_FILES)) {
      const dotted = name.replace("-idx", ".idx");
      for (const file of [name, `${name}.gz`, dotted, `${dotted}.gz`]) {
        add("--data", `${command.dataDir.replace(/\/+$/, "")}/${file}`, false);
      }
    }
  }
  return paths;
}

/**
 * Checks a command's paths before any work: distinct files, outputs that are regular files in a
 * folder that takes new files.
 *
 * @param command The command line.
 * @throws {UsageError} One line naming the flag and the path.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseTrainArgs } from "./train_args.ts";
 * await assert.rejects(checkPaths(parseTrainArgs(["--save", "/dev/null"])), /--save \/dev\/null: is a device/);
 * ```
 */
export async function checkPaths(command: TrainCommand): Promise<void> {
  await requireDistinctOutputs(commandPaths(command));
  for (const [flag, path] of [["--save", command.save], ["--report", command.report]] as const) {
    if (path === undefined) continue;
    const info = await Deno.stat(path).catch(() => undefined);
    if (info && !info.isFile && !info.isDirectory) {
      throw new UsageError(
        `${flag} ${path}: is a device or special file; outputs are written as a new regular file ` +
          `renamed into place, so name a file`,
      );
    }
    await requireWritable(flag, path, "file");
    await requireFileName(flag, path);
  }
}

/** The atomic write's temporary name (`.NAME.PID.XXXXXXXX.tmp`) must be one the folder takes. */
async function requireFileName(flag: string, path: string): Promise<void> {
  const slash = path.lastIndexOf("/");
  const probe = `${path.slice(0, slash + 1)}.${path.slice(slash + 1)}.${Deno.pid}.probe000.tmp`;
  try {
    (await Deno.open(probe, { write: true, createNew: true })).close();
    await Deno.remove(probe);
  } catch (e) {
    throw new UsageError(`${flag} ${path}: cannot write a file of that name (${osReason(e)})`);
  }
}

/** Bytes a backend holds per parameter: weights, gradients and momentum, plus a float64 export. */
const BYTES_PER_PARAMETER: Readonly<Record<BackendName, number>> = {
  reference: 8 * 4,
  js: 4 * 3 + 8,
  wasm: 4 * 3 + 8,
  native: 4 * 3 + 8,
};

/**
 * Checks that a model can be trained here and saved: its model file within the longest string
 * JavaScript reads whole, and its weights within the machine's memory.
 *
 * @param spec The model.
 * @param options The backend, the batch size, the epochs, whether it is saved, and the memory
 * (bytes; undefined when the system does not say).
 * @throws {UsageError} One line naming the limit.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const spec = { sizes: [784, 70000, 10], hidden: "relu" as const, layout: "column" as const };
 * const options = { backend: "wasm" as const, batch: 64, epochs: 1, save: true, memory: 64e9 };
 * assert.throws(() => checkSizes(spec, options), /--save: model 784-70000-10 has 55,650,010 parameters/);
 * checkSizes(spec, { ...options, save: false });
 * ```
 */
export function checkSizes(
  spec: ModelSpec,
  options: {
    backend: BackendName;
    batch: number;
    epochs: number;
    save: boolean;
    memory: number | undefined;
  },
): void {
  let parameters = 0;
  for (let l = 1; l < spec.sizes.length; l++) parameters += (spec.sizes[l - 1] + 1) * spec.sizes[l];
  const name = modelName(spec);
  if (options.save) {
    const dtype = backendDtype(options.backend);
    const chars = modelFileCharsBound(spec, { dtype, epochs: options.epochs });
    if (chars > MAX_MODEL_FILE_CHARS) {
      throw new UsageError(
        `--save: model ${name} has ${grouped(parameters)} parameters, up to ${
          megabytes(chars)
        } of JSON; a model file holds at most ${
          megabytes(MAX_MODEL_FILE_CHARS)
        } (the longest string JavaScript reads whole): use fewer or narrower layers`,
      );
    }
  }
  if (options.memory === undefined) return;
  const activations = 4 * 8 * options.batch * spec.sizes.reduce((s, n) => s + n, 0);
  const need = parameters * BYTES_PER_PARAMETER[options.backend] + activations;
  if (need > options.memory) {
    throw new UsageError(
      `Model ${name} has ${grouped(parameters)} parameters and needs about ${
        megabytes(need)
      } to train on the ${options.backend} backend, more than this machine's ${
        megabytes(options.memory)
      } of memory: use fewer or narrower layers`,
    );
  }
}

/**
 * The machine's memory in bytes, or undefined when Deno may not ask (`--allow-sys`).
 *
 * @returns Bytes.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const bytes = systemMemory();
 * assert.ok(bytes === undefined || bytes > 0);
 * ```
 */
export function systemMemory(): number | undefined {
  try {
    return Deno.systemMemoryInfo().total;
  } catch {
    return undefined;
  }
}

function megabytes(bytes: number): string {
  return `${grouped(bytes / 1e6)} MB`;
}
