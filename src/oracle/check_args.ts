/**
 * The command line of `deno task check`, parsed with `parseArgs` from node:util and checked flag by
 * flag, so that every mistake is one sentence naming the flag.
 *
 * Paths stay as the user typed them; src/oracle/check.ts resolves them against the folder the
 * command was typed in (src/io/cli.ts).
 *
 * @module
 */
import { parseFlags, UsageError } from "../io/cli.ts";

export { UsageError };

/** The report formats. */
export const FORMATS = ["pretty", "json", "junit"] as const;

/** A report format. */
export type Format = (typeof FORMATS)[number];

/** Options of the check command (and of `check()`); what is left out takes {@linkcode CHECK_DEFAULTS}. */
export interface CheckOptions {
  /** Subprocess mode: the command line of the implementation. */
  readonly impl?: string;
  /** Results mode: a file of outputs. */
  readonly results?: string;
  /** Writes the request lines of the selected cases to this file and exits. */
  readonly emitRequests?: string;
  /** A fixture directory or file; the suite's own `fixtures/` when left out. */
  readonly fixtures?: string;
  /** The report format. */
  readonly format?: Format;
  /** Case filters (union). */
  readonly filters?: readonly string[];
  /** Show passing and skipped cases, every failing field, the program's stderr. */
  readonly verbose?: boolean;
  /** Known failures. */
  readonly expectations?: string;
  /** An expected failure that passes fails the run. */
  readonly strict?: boolean;
  /** Seconds per request. */
  readonly timeoutS?: number;
  /** Seconds for the program to start and write its hello. */
  readonly helloTimeoutS?: number;
  /** Restarts of a crashed or hung program before the run stops. */
  readonly maxRestarts?: number;
  /** The longest answer line accepted, in bytes. */
  readonly maxLineBytes?: number;
  /** Write the report here instead of stdout (`--report`, or its alias `--output`). */
  readonly report?: string;
  /** Save the request line of every failing case in this directory. */
  readonly reproDir?: string;
  /** Print usage and exit. */
  readonly help?: boolean;
  /** The training check (docs/PROTOCOL.md, "Training session") instead of the op cases. */
  readonly train?: boolean;
  /** With --train: write the notebook schedule into this folder. */
  readonly writeSchedule?: string;
  /** With --train: judge the notebook result in this folder. */
  readonly trained?: string;
  /** With --train: also write an HTML page with the loss curves (`--report` under --train). */
  readonly html?: string;
}

/** The options left out of a {@linkcode CheckOptions}, as the command line leaves them. */
export const CHECK_DEFAULTS = {
  format: "pretty",
  filters: [],
  verbose: false,
  strict: false,
  timeoutS: 10,
  helloTimeoutS: 10,
  maxRestarts: 3,
  help: false,
} as const satisfies CheckOptions;

/** The usage text. */
export const USAGE =
  `Usage: deno task check -- (--impl "COMMAND" | --results FILE | --emit-requests FILE) [options]

Check an implementation of the fixtures' operations, in any language, and name its mistakes
(docs/PROTOCOL.md). Relative paths, and COMMAND itself, start in the folder you typed the command in.

Modes (exactly one):
  --impl "COMMAND"       run COMMAND and speak the line protocol with it: split on spaces and quotes
                         and run directly (through sh -c when it uses |, &&, $, > …), in your folder,
                         with your environment
  --results FILE         judge a file of outputs: JSON {"format": "nn-oracle-results/1", ...}, or the
                         JSON lines a program wrote for the --emit-requests file (hello first)
  --emit-requests FILE   write the request lines of the selected cases (input for --results) and exit

Options:
  --fixtures PATH        fixture folder or file (default: the suite's own fixtures/)
  --filter PATTERN       choose cases; repeat or separate with commas for a union. A bare PATTERN
                         matches an id glob, an operation, a tag or a statement; or name what it matches:
                           id:GLOB          case ids: id:softmax/*
                           op:NAME          operations: op:backward, op:relu_prime
                           tag:NAME         tags: tag:edge, tag:nan, tag:inf, tag:printed, tag:limit
                           statement:NAME   the document statement a case checks: statement:softmax_ce_grad
                           doc:ID           a document: doc:000, doc:001, doc:002, doc:003, doc:none
                           file:NAME        a fixture file: file:costs, file:costs.json, file:fixtures/costs.json
                         (*: any run of characters, ?: one character)
  --format FORMAT        pretty (default), json or junit
  --report FILE          write the report to FILE instead of stdout (alias: --output, -o)
  --expectations FILE    known failures {"format": "nn-oracle-expectations/1", "failures": {id: reason}}
  --strict               with --expectations: a listed case that now passes fails the run
  --timeout SECONDS      per request (default 10); a hung program is killed and restarted
  --hello-timeout SECONDS  for the program to start and write its hello (default 10)
  --max-restarts N       restarts after a crash or hang before the run stops (default 3)
  --max-line-bytes N     longest answer line read (default 16x the expected answer, at least 1 MiB)
  --repro-dir DIR        save the request line of each failing case to DIR/<id>.jsonl (made at start)
  --train                train document 001's network on MNIST through the client (with --impl):
                         lockstep with the reference, a 6-epoch run, test accuracy ≥ 97.5%
  --write-schedule DIR   with --train, no --impl: write DIR/schedule.json for training offline
  --trained DIR          with --train, no --impl: judge DIR/result.json of an offline run
                         (with --train, --report FILE writes an HTML page with both loss curves, as
                         deno task train's does, and --output FILE the text report)
  --verbose, -v          show passing and skipped cases, every expected failure in full, every
                         failing field, stray stdout
  --help, -h             this text

Examples:
  deno task check -- --impl "python3 my_nn.py"
  deno task check -- --impl "node ../other/project/nn.mjs" --filter op:backward,tag:edge
  deno task check -- --impl "./nn" --format junit --report check.xml
  deno task check -- --emit-requests requests.jsonl
  python3 my_nn.py < requests.jsonl > results.jsonl
  deno task check -- --results results.jsonl --expectations known.json --strict

Exit status: 0 when every case that ran passed (expected failures aside), 1 when one failed (or an
unexpected pass under --strict, or none ran), 2 on a usage error (a bad option or file, an invalid
fixture case, a --filter that selects no case, an output that cannot be written, a program that does
not start or greet), 3 on an internal error.`;

/**
 * Parses the arguments.
 *
 * @param argv The arguments (a leading `--` is ignored).
 * @returns The options.
 * @throws {UsageError} One sentence naming the flag at fault.
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
  const v = flags(argv);
  for (const [key, value] of Object.entries(v)) {
    if (typeof value === "string" && value.trim() === "") {
      throw new UsageError(`--${key}: a value is required`);
    }
    if (Array.isArray(value) && value.some((x) => x.trim() === "")) {
      throw new UsageError(`--${key}: a value is required`);
    }
  }
  if (!v.train && v.report !== undefined && v.output !== undefined) {
    throw new UsageError("--report and --output name the same thing; give one");
  }
  const format = v.format ?? "pretty";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format: expected pretty, json or junit, got "${format}"`);
  }
  const o: CheckOptions = {
    impl: v.impl,
    results: v.results,
    emitRequests: v["emit-requests"],
    fixtures: v.fixtures,
    format: format as Format,
    filters: v.filter ?? [],
    verbose: v.verbose ?? false,
    expectations: v.expectations,
    strict: v.strict ?? false,
    timeoutS: v.timeout === undefined ? 10 : seconds("--timeout", v.timeout),
    helloTimeoutS: v["hello-timeout"] === undefined
      ? 10
      : seconds("--hello-timeout", v["hello-timeout"]),
    maxRestarts: v["max-restarts"] === undefined
      ? 3
      : count("--max-restarts", v["max-restarts"], 0),
    maxLineBytes: v["max-line-bytes"] === undefined
      ? undefined
      : count("--max-line-bytes", v["max-line-bytes"], 1),
    // under --train, --report is the HTML page (as in `deno task train`), --output the report
    report: v.train ? v.output : v.report ?? v.output,
    html: v.train ? v.report : undefined,
    train: v.train,
    writeSchedule: v["write-schedule"],
    trained: v.trained,
    reproDir: v["repro-dir"],
    help: v.help ?? false,
  };
  const modes = [o.impl, o.results, o.emitRequests].filter((x) => x !== undefined).length;
  if (!o.help && !o.train && modes !== 1) {
    throw new UsageError(
      'Give exactly one of --impl "COMMAND", --results FILE, --emit-requests FILE',
    );
  }
  if (o.strict && o.expectations === undefined) {
    throw new UsageError("--strict needs --expectations FILE");
  }
  return Object.fromEntries(
    Object.entries(o).filter(([, x]) => x !== undefined),
  ) as unknown as CheckOptions;
}

const OPTIONS = {
  impl: { type: "string" },
  results: { type: "string" },
  "emit-requests": { type: "string" },
  fixtures: { type: "string" },
  filter: { type: "string", multiple: true },
  format: { type: "string" },
  expectations: { type: "string" },
  strict: { type: "boolean" },
  timeout: { type: "string" },
  "hello-timeout": { type: "string" },
  "max-restarts": { type: "string" },
  "max-line-bytes": { type: "string" },
  report: { type: "string" },
  output: { type: "string", short: "o" },
  "repro-dir": { type: "string" },
  train: { type: "boolean" },
  "write-schedule": { type: "string" },
  trained: { type: "string" },
  verbose: { type: "boolean", short: "v" },
  help: { type: "boolean", short: "h" },
} as const;

function flags(argv: readonly string[]) {
  // `--timeout -1` is a value to be refused by name, not an unknown option `-1`
  const args = argv.flatMap((a, i) =>
    /^-[\d.]/.test(a) && /^--[a-z-]+$/.test(argv[i - 1] ?? "") ? [] : [
      /^--[a-z-]+$/.test(a) && /^-[\d.]/.test(argv[i + 1] ?? "") ? `${a}=${argv[i + 1]}` : a,
    ]
  );
  let parsed;
  try {
    parsed = parseFlags(args, OPTIONS, true);
  } catch (e) {
    throw valueMessage(e as UsageError);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) {
    throw new UsageError(
      `Unexpected argument "${positionals[0]}": every option is a --flag (quote --impl "COMMAND")`,
    );
  }
  return values;
}

/** A missing or unwanted value reworded as `--flag: …`; any other mistake as parseFlags words it. */
function valueMessage(e: UsageError): UsageError {
  const cause = e.cause as Error & { code?: string };
  if (cause?.code !== "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return e;
  // node:util names a flag with a short form as '-o, --output <value>': name the long one
  const flag = /'(?:-\w, )?(-[^ '=]*)/.exec(cause.message)?.[1] ?? "";
  return new UsageError(
    /argument missing|ambiguous/.test(cause.message)
      ? `${flag}: a value is required`
      : `${flag}: takes no value`,
  );
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
