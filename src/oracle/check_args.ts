/**
 * The command line of `deno task check`.
 *
 * @module
 */

/** The report formats. */
export type Format = "pretty" | "json" | "junit";

/** Parsed options of the check command. */
export interface CheckOptions {
  /** Subprocess mode: the command line of the implementation. */
  readonly impl?: string;
  /** Results mode: a file of outputs. */
  readonly results?: string;
  /** Writes the request lines of the selected cases to this file and exits. */
  readonly emitRequests?: string;
  /** A fixture directory or file. */
  readonly fixtures: string;
  /** The report format. */
  readonly format: Format;
  /** Case filters (union). */
  readonly filters: readonly string[];
  /** Show passing and skipped cases, every failing field, the program's stderr. */
  readonly verbose: boolean;
  /** Known failures. */
  readonly expectations?: string;
  /** Seconds per request. */
  readonly timeoutS: number;
  /** Seconds for the program to start and write its hello. */
  readonly helloTimeoutS: number;
  /** Restarts of a crashed or hung program before the run stops. */
  readonly maxRestarts: number;
  /** The longest answer line accepted, in bytes. */
  readonly maxLineBytes?: number;
  /** Write the report here instead of stdout. */
  readonly output?: string;
  /** Save the request line of every failing case in this directory. */
  readonly reproDir?: string;
  /** Print usage and exit. */
  readonly help: boolean;
  /** The training check (docs/PROTOCOL.md, "Training session") instead of the op cases. */
  readonly train?: boolean;
  /** With --train: write the notebook schedule into this folder. */
  readonly writeSchedule?: string;
  /** With --train: judge the notebook result in this folder. */
  readonly trained?: string;
  /** With --train: also write an HTML page with the loss curves. */
  readonly report?: string;
}

/** The usage text. */
export const USAGE =
  `Usage: deno task check -- (--impl "COMMAND" | --results FILE | --emit-requests FILE) [options]

  --impl "COMMAND"       run COMMAND and speak the line protocol (docs/PROTOCOL.md) with it
  --results FILE         judge a file of outputs (JSON {case id: outputs} or JSON lines of responses)
  --emit-requests FILE   write the request lines of the selected cases (input for --results) and exit
  --fixtures PATH        fixture directory or file (default: fixtures)
  --filter PATTERN       case id glob, op, tag or statement; or op:X, tag:X, doc:001, file:X, id:GLOB;
                         repeat or separate with commas for a union
  --format FORMAT        pretty (default), json or junit
  --expectations FILE    known failures {"format": "nn-oracle-expectations/1", "failures": {id: reason}}
  --timeout SECONDS      per request (default 10); a hung program is killed and restarted
  --hello-timeout SECONDS  for the program to start and write its hello (default 10)
  --max-restarts N       restarts after a crash or hang before the run stops (default 3)
  --max-line-bytes N     longest answer line read (default 16× the expected answer, at least 1 MiB)
  --output FILE          write the report to FILE
  --repro-dir DIR        save the request line of each failing case to DIR/<id>.jsonl (made at start)
  --train                train document 001's network on MNIST through the client (with --impl):
                         lockstep with the reference, a 6-epoch run, test accuracy ≥ 97.5%
  --write-schedule DIR   with --train, no --impl: write DIR/schedule.json for training offline
  --trained DIR          with --train, no --impl: judge DIR/result.json of an offline run
  --report FILE          with --train: also write an HTML page with both loss curves
  --verbose, -v          show passing and skipped cases, every failing field, stray stdout
  --help, -h             this text

Exit status: 0 when every case that ran passed, 1 when one failed (or none ran), 2 on a usage error
(a bad option or file, a --filter that selects no case, an output that cannot be written, a program
that does not start or greet).`;

/** A mistake on the command line; its message is one line. */
export class UsageError extends Error {
  /** The error name. */
  override name = "UsageError";
}

/**
 * Parses the arguments.
 *
 * @param argv The arguments (a leading `--` is ignored).
 * @returns The options.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const o = parseArgs(["--", "--impl", "node nn.mjs", "--filter", "op:relu", "--filter=tag:edge", "-v"]);
 * assert.strictEqual(o.impl, "node nn.mjs");
 * assert.deepStrictEqual(o.filters, ["op:relu", "tag:edge"]);
 * assert.strictEqual(o.verbose, true);
 * assert.throws(() => parseArgs(["--format", "xml", "--impl", "x"]), /--format: expected pretty, json or junit/);
 * ```
 */
export function parseArgs(argv: readonly string[]): CheckOptions {
  const args = argv[0] === "--" ? argv.slice(1) : [...argv];
  const o: Record<string, unknown> = {
    fixtures: "fixtures",
    format: "pretty",
    filters: [],
    verbose: false,
    timeoutS: 10,
    helloTimeoutS: 10,
    maxRestarts: 3,
    help: false,
  };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const value = (): string => {
      const v = eq !== -1 ? arg.slice(eq + 1) : i + 1 < args.length ? args[++i] : "";
      if (v.trim() === "") throw new UsageError(`${flag}: a value is required`);
      return v;
    };
    switch (flag) {
      case "--impl":
        o.impl = value();
        break;
      case "--results":
        o.results = value();
        break;
      case "--emit-requests":
        o.emitRequests = value();
        break;
      case "--fixtures":
        o.fixtures = value();
        break;
      case "--filter":
        (o.filters as string[]).push(value());
        break;
      case "--format": {
        const f = value();
        if (f !== "pretty" && f !== "json" && f !== "junit") {
          throw new UsageError(`--format: expected pretty, json or junit, got "${f}"`);
        }
        o.format = f;
        break;
      }
      case "--expectations":
        o.expectations = value();
        break;
      case "--timeout":
        o.timeoutS = seconds(flag, value());
        break;
      case "--hello-timeout":
        o.helloTimeoutS = seconds(flag, value());
        break;
      case "--max-restarts":
        o.maxRestarts = count(flag, value(), 0);
        break;
      case "--max-line-bytes":
        o.maxLineBytes = count(flag, value(), 1);
        break;
      case "--output":
      case "-o":
        o.output = value();
        break;
      case "--repro-dir":
        o.reproDir = value();
        break;
      case "--train":
        o.train = true;
        break;
      case "--write-schedule":
        o.writeSchedule = value();
        break;
      case "--trained":
        o.trained = value();
        break;
      case "--report":
        o.report = value();
        break;
      case "--verbose":
      case "-v":
        o.verbose = true;
        break;
      case "--help":
      case "-h":
        o.help = true;
        break;
      default:
        throw new UsageError(`Unknown option "${arg}" (see --help)`);
    }
  }
  const modes = [o.impl, o.results, o.emitRequests].filter((x) => x !== undefined).length;
  if (!o.help && !o.train && modes !== 1) {
    throw new UsageError(
      'Give exactly one of --impl "COMMAND", --results FILE, --emit-requests FILE',
    );
  }
  return o as unknown as CheckOptions;
}

/** The longest timer delay: setTimeout takes a signed 32-bit count of milliseconds. */
const MAX_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

function seconds(flag: string, v: string): number {
  const x = decimal(v);
  if (!Number.isFinite(x) || x <= 0) {
    throw new UsageError(`${flag}: expected a positive number, got "${v}"`);
  }
  if (x > MAX_SECONDS) {
    throw new UsageError(`${flag}: expected at most ${MAX_SECONDS} seconds (24 days), got "${v}"`);
  }
  return x;
}

function count(flag: string, v: string, min: number): number {
  const x = decimal(v);
  if (!Number.isSafeInteger(x) || x < min) {
    const what = min === 0 ? "a whole number" : `a whole number ≥ ${min}`;
    throw new UsageError(`${flag}: expected ${what}, got "${v}"`);
  }
  return x;
}

/** A decimal number such as `2`, `0.5` or `1e3`; NaN for anything else (`0x10`, `" 5"`). */
function decimal(text: string): number {
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text) ? Number(text) : NaN;
}
