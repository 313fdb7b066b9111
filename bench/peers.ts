/**
 * The bench's native peers: the same training workload as the Deno paths (document 001's
 * 784-128-64-10 network, "Step-by-Step Guide On Implementing Neural Networks From Scratch – Part 2",
 * batch 128, lr 0.1, plain SGD, float32, full MNIST) run by Python scripts in bench/peers/ with numpy
 * and with PyTorch. Each script runs as a subprocess with a deadline and prints one JSON line; a
 * missing interpreter or package, a crash, a hang or garbage comes back as a value, never as an
 * exception, so the bench always prints its table.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import { killGroup, within } from "../src/io/process_group.ts";
import { type Isa, isaEnv } from "./isa.ts";

/** The peers the bench knows. */
export const PEER_NAMES = ["numpy", "pytorch"] as const;

/** A peer's name. */
export type PeerName = typeof PEER_NAMES[number];

/** Which BLAS the PyTorch peer loads (Debian's torch links libblas.so.3, whatever it points at). */
export type TorchBlas = "openblas" | "reference" | "system";

/** What a peer measured, from its JSON line. */
export interface PeerMeasurement {
  /** numpy or pytorch. */
  readonly peer: string;
  /** The package's version. */
  readonly version: string;
  /** The BLAS it ran, e.g. `OpenBLAS 0.3.21 Haswell, 1 thread (/usr/lib/…/libblas.so.3)`. */
  readonly blas: string;
  /** What the package says it was built with (np.show_config / torch.__config__). */
  readonly blasBuild: string;
  /**
   * The SIMD level the package's own kernels run at, as it reports it, e.g. `numpy X86_V3 …` or
   * `ATen AVX2`; empty where the script does not say.
   */
  readonly simd: string;
  /** Threads asked for. */
  readonly threads: number;
  /** Wall time of each epoch (shuffle and SGD steps, no test pass), in seconds. */
  readonly epochSeconds: readonly number[];
  /** Median of `epochSeconds`. */
  readonly medianEpochS: number;
  /** Training samples per second in the median epoch. */
  readonly samplesPerS: number;
  /** Training samples per epoch. */
  readonly samples: number;
  /** Test-set accuracy after the last epoch, in [0, 1]. */
  readonly testAccuracy: number;
  /**
   * Cores that other processes kept busy during each epoch (machine busy time minus the peer's own CPU
   * time, per second); empty where /proc/stat is missing. Above a few tenths the timing is disturbed.
   */
  readonly otherCores: readonly number[];
  /** The variables that pick kernels or thread waiting, as the peer saw them (null: unset). */
  readonly env: Readonly<Record<string, string | null>>;
}

/** How one peer ended; never thrown. */
export type PeerResult =
  | {
    readonly peer: string;
    readonly status: "ok";
    readonly measurement: PeerMeasurement;
    /** The interpreter that ran it. */
    readonly python: string;
    /** A shell command that repeats the run. */
    readonly command: string;
  }
  | {
    readonly peer: string;
    /** "not available": no interpreter with the packages; "failed": it ran but gave no result. */
    readonly status: "not available" | "failed";
    /** One sentence. */
    readonly reason: string;
    /** The command that failed, when one ran. */
    readonly command?: string;
  };

/** A peer script and what it needs. */
export interface PeerSpec {
  /** Its name in the results. */
  readonly peer: string;
  /** Path of the script. */
  readonly script: string;
  /** Python modules it imports; an interpreter that lacks one is passed over. */
  readonly modules: readonly string[];
  /** Variables removed from its environment (its subprocess only). */
  readonly unsetEnv?: readonly string[];
  /** Variables set in its environment (its subprocess only). */
  readonly setEnv?: Readonly<Record<string, string>>;
}

/** How to run one peer. */
export interface RunPeerOptions {
  /** The script's arguments. */
  readonly args: readonly string[];
  /** Interpreters to try in order; the first that imports every module runs the script. */
  readonly pythons: readonly string[];
  /** Deadline of the run in milliseconds; the process group is killed after it. */
  readonly timeoutMs: number;
}

/** What {@linkcode runPeers} runs. */
export interface RunPeersOptions {
  /** BLAS and OpenMP threads. */
  readonly threads: number;
  /** Epochs per peer (the median epoch is reported). */
  readonly epochs: number;
  /** Directory of the four uncompressed MNIST IDX files. */
  readonly dataDir: string;
  /** Train on the first N images only (tests); the full 60,000 when left out. */
  readonly limit?: number;
  /** Mini-batch size; 128. */
  readonly batch?: number;
  /** Learning rate; 0.1. */
  readonly lr?: number;
  /** Which peers; both. */
  readonly peers?: readonly PeerName[];
  /** Interpreters to try; {@linkcode DEFAULT_PYTHONS}. */
  readonly pythons?: readonly string[];
  /** Deadline per peer in milliseconds; 60 s plus 60 s per epoch. */
  readonly timeoutMs?: number;
  /** BLAS of the PyTorch peer; "openblas" when Debian's OpenBLAS is installed. */
  readonly torchBlas?: TorchBlas;
  /** Run the PyTorch peer without the OpenBLAS forcing variables too (default: it inherits them). */
  readonly torchUnsetsForcing?: boolean;
  /** `avx2`: both peers held to their AVX2 code paths (bench/isa.ts); default `auto`. */
  readonly isa?: Isa;
}

/**
 * Interpreters tried in order: the one on PATH (e.g. a pyenv Python with numpy 2), then Debian's,
 * where `apt-get install python3-torch` puts PyTorch.
 */
export const DEFAULT_PYTHONS: readonly string[] = ["python3", "/usr/bin/python3"];

/**
 * Variables that some machines set to force an OpenBLAS kernel and cache size. They slow a current
 * numpy (its bundled OpenBLAS then skips the kernel it would pick), so the numpy peer runs without them.
 */
export const OPENBLAS_FORCING_VARIABLES: readonly string[] = [
  "OPENBLAS_CORETYPE",
  "OPENBLAS_L2_SIZE",
];

const PEERS_DIR = fileURLToPath(new URL("./peers/", import.meta.url));
const PROBE_TIMEOUT_MS = 60_000;
const STREAM_GRACE_MS = 1000;
/** Other processes' load (cores, median over epochs) above which a result line says so. */
const BUSY_NOTE_CORES = 0.25;

/**
 * The built-in peers: bench/peers/numpy_peer.py and bench/peers/pytorch_peer.py.
 *
 * @param torchBlas Which BLAS the PyTorch peer loads: "openblas" and "reference" put Debian's
 *   OpenBLAS or netlib libblas.so.3 first on its LD_LIBRARY_PATH (when installed); "system" leaves
 *   libblas.so.3 to update-alternatives.
 * @param torchUnsetsForcing Whether the PyTorch peer runs without the OpenBLAS forcing variables
 *   (the bench decides by timing Debian's OpenBLAS both ways; default false: it inherits them).
 * @param isa `avx2`: both peers get bench/isa.ts's `AVX2_PROXY_ENV` and keep every forcing variable
 *   (numpy included), so that each runs its AVX2 path; `auto` (default): as above.
 * @returns The two specs, numpy first.
 * @example The numpy peer runs without the OpenBLAS forcing variables
 * ```ts
 * import assert from "node:assert";
 * const [numpy, pytorch] = peerSpecs("system");
 * assert.deepStrictEqual(numpy.modules, ["numpy"]);
 * assert.deepStrictEqual(numpy.unsetEnv, ["OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"]);
 * assert.deepStrictEqual(pytorch.modules, ["numpy", "torch"]);
 * assert.deepStrictEqual(pytorch.setEnv, {});
 * ```
 */
export function peerSpecs(
  torchBlas: TorchBlas = "openblas",
  torchUnsetsForcing = false,
  isa: Isa = "auto",
): PeerSpec[] {
  if (isa !== "auto") {
    const proxy = isaEnv(isa);
    return [
      { peer: "numpy", script: PEERS_DIR + "numpy_peer.py", modules: ["numpy"], setEnv: proxy },
      {
        peer: "pytorch",
        script: PEERS_DIR + "pytorch_peer.py",
        modules: ["numpy", "torch"],
        setEnv: { ...torchBlasEnv(torchBlas), ...proxy },
      },
    ];
  }
  return [
    {
      peer: "numpy",
      script: PEERS_DIR + "numpy_peer.py",
      modules: ["numpy"],
      unsetEnv: OPENBLAS_FORCING_VARIABLES,
    },
    {
      peer: "pytorch",
      script: PEERS_DIR + "pytorch_peer.py",
      modules: ["numpy", "torch"],
      setEnv: torchBlasEnv(torchBlas),
      ...(torchUnsetsForcing ? { unsetEnv: OPENBLAS_FORCING_VARIABLES } : {}),
    },
  ];
}

/** LD_LIBRARY_PATH that makes Debian's libblas.so.3 / liblapack.so.3 resolve to the chosen variant. */
function torchBlasEnv(choice: TorchBlas): Record<string, string> {
  const lib = `/usr/lib/${Deno.build.arch}-linux-gnu`;
  const libraries = choice === "openblas"
    ? [`${lib}/openblas-pthread/libblas.so.3`]
    : choice === "reference"
    ? [`${lib}/blas/libblas.so.3`, `${lib}/lapack/liblapack.so.3`]
    : [];
  if (libraries.length === 0 || !libraries.every(exists)) return {};
  const dirs = libraries.map((path) => path.slice(0, path.lastIndexOf("/")));
  const inherited = envGet("LD_LIBRARY_PATH");
  return { LD_LIBRARY_PATH: [...dirs, ...(inherited ? [inherited] : [])].join(":") };
}

/**
 * Runs the chosen peers one after the other (they would compete for the cores) and returns one
 * result per peer, in order; never throws.
 *
 * @param options Threads, epochs, the MNIST directory and limits.
 * @returns One result per peer.
 * @example A machine without the interpreter reports the peers as not available
 * ```ts
 * import assert from "node:assert";
 * const results = await runPeers({
 *   threads: 1,
 *   epochs: 1,
 *   dataDir: ".",
 *   pythons: ["/nonexistent/python3"],
 * });
 * assert.deepStrictEqual(results.map((r) => [r.peer, r.status]), [
 *   ["numpy", "not available"],
 *   ["pytorch", "not available"],
 * ]);
 * ```
 */
export async function runPeers(options: RunPeersOptions): Promise<PeerResult[]> {
  const wanted = options.peers ?? PEER_NAMES;
  const args = [
    ["--data", options.dataDir],
    ["--threads", String(options.threads)],
    ["--epochs", String(options.epochs)],
    ...(options.limit === undefined ? [] : [["--limit", String(options.limit)]]),
    ...(options.batch === undefined ? [] : [["--batch", String(options.batch)]]),
    ...(options.lr === undefined ? [] : [["--lr", String(options.lr)]]),
  ].flat();
  const run: RunPeerOptions = {
    args,
    pythons: options.pythons ?? DEFAULT_PYTHONS,
    timeoutMs: options.timeoutMs ?? 60_000 * (1 + options.epochs),
  };
  const results: PeerResult[] = [];
  for (const spec of peerSpecs(options.torchBlas, options.torchUnsetsForcing, options.isa)) {
    if (wanted.includes(spec.peer as PeerName)) results.push(await runPeer(spec, run));
  }
  return results;
}

/**
 * Runs one peer script: finds an interpreter that imports its modules, runs the script in its own
 * process group with a deadline, and reads the JSON result from the last line of its stdout.
 *
 * @param spec The script and what it needs.
 * @param options Arguments, interpreters and deadline.
 * @returns The result; a missing interpreter, a crash, a hang or garbage is a result, not a throw.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const spec = { peer: "x", script: "x.py", modules: ["numpy"] };
 * const r = await runPeer(spec, { args: [], pythons: ["/nonexistent/python3"], timeoutMs: 1000 });
 * assert.strictEqual(r.status, "not available");
 * assert.match(r.reason, /\/nonexistent\/python3: not found/);
 * ```
 */
export async function runPeer(spec: PeerSpec, options: RunPeerOptions): Promise<PeerResult> {
  const env = childEnv(spec);
  const found = await findPython(spec.modules, { pythons: options.pythons, env });
  if (typeof found !== "string") {
    return { peer: spec.peer, status: "not available", reason: found.reason };
  }
  const argv = [found, spec.script, ...options.args];
  const command = shellCommand(spec, argv);
  const ran = await runWithDeadline(argv, { env, timeoutMs: options.timeoutMs });
  if (ran.kind === "timeout") {
    const reason = `timed out after ${seconds(options.timeoutMs)} (process group killed)`;
    return { peer: spec.peer, status: "failed", reason, command };
  }
  if (ran.kind === "error") {
    return { peer: spec.peer, status: "failed", reason: ran.message, command };
  }
  if (ran.code !== 0 || ran.signal) {
    const how = ran.signal ? `was killed by ${ran.signal}` : `exited with status ${ran.code}`;
    const last = lastLine(ran.stderr);
    const reason = `${spec.script.split("/").pop()} ${how}${last ? `: ${clip(last)}` : ""}`;
    return { peer: spec.peer, status: "failed", reason, command };
  }
  try {
    const measurement = parsePeerLine(lastLine(ran.stdout));
    return { peer: spec.peer, status: "ok", measurement, python: found, command };
  } catch (e) {
    return { peer: spec.peer, status: "failed", reason: (e as Error).message, command };
  }
}

/**
 * Reads a peer's result line and checks every field the bench uses.
 *
 * @param line One line of JSON (see bench/peers/README.md).
 * @returns The measurement.
 * @throws {SyntaxError} A line that is not a JSON object.
 * @throws {TypeError} A field that is missing or out of range, named.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const m = parsePeerLine(JSON.stringify({
 *   peer: "numpy", version: "2.4.6", threads: 1, blas: { summary: "OpenBLAS 0.3.31 SkylakeX", build: "" },
 *   epoch_seconds: [2, 1.8, 1.9], median_epoch_s: 1.9, samples_per_s: 31578.9, samples: 60000,
 *   test_accuracy: 0.97,
 * }));
 * assert.strictEqual(m.medianEpochS, 1.9);
 * assert.strictEqual(m.blas, "OpenBLAS 0.3.31 SkylakeX");
 * assert.throws(() => parsePeerLine("Traceback (most recent call last):"), SyntaxError);
 * assert.throws(() => parsePeerLine('{"peer": "numpy"}'), /version must be a string/);
 * ```
 */
export function parsePeerLine(line: string): PeerMeasurement {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    value = undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new SyntaxError(
      `Expected one JSON object on the last line of stdout, got ${JSON.stringify(clip(line))}`,
    );
  }
  const r = value as Record<string, unknown>;
  const peer = text(r, "peer");
  const version = text(r, "version");
  const blas = r.blas as Record<string, unknown> | string | undefined;
  const blasSummary = typeof blas === "string" ? blas : text(blas ?? {}, "summary", "blas.summary");
  const threads = positive(r, "threads");
  const epochSeconds = r.epoch_seconds;
  if (
    !Array.isArray(epochSeconds) || epochSeconds.length === 0 || !epochSeconds.every(isPositive)
  ) {
    field(false, "epoch_seconds must be a non-empty list of positive numbers", epochSeconds);
  }
  return {
    peer,
    version,
    blas: blasSummary,
    blasBuild: typeof blas === "object" && typeof blas.build === "string" ? blas.build : "",
    simd: typeof r.simd === "string" ? r.simd : "",
    threads,
    epochSeconds: epochSeconds as number[],
    medianEpochS: positive(r, "median_epoch_s"),
    samplesPerS: positive(r, "samples_per_s"),
    samples: positive(r, "samples"),
    testAccuracy: fraction(r, "test_accuracy"),
    otherCores: Array.isArray(r.other_cores) ? r.other_cores.filter(isNonNegative) : [],
    env: stringRecord(r.env),
  };
}

/**
 * One line for the bench's table.
 *
 * @param result A peer's result.
 * @returns e.g. `numpy 2.4.6  1 thread  1.87 s/epoch  32,086 samples/s  test acc 0.9568  BLAS …`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const line = formatPeerResult({ peer: "pytorch", status: "not available", reason: "no torch" });
 * assert.strictEqual(line, "pytorch: not available: no torch");
 * ```
 */
export function formatPeerResult(result: PeerResult): string {
  if (result.status !== "ok") return `${result.peer}: ${result.status}: ${result.reason}`;
  const m = result.measurement;
  const busy = median(m.otherCores);
  return [
    `${m.peer} ${m.version}`,
    `${m.threads} thread${m.threads === 1 ? "" : "s"}`,
    `${m.medianEpochS.toFixed(2)} s/epoch`,
    `${Math.round(m.samplesPerS).toLocaleString("en-US")} samples/s`,
    `test acc ${m.testAccuracy.toFixed(4)}`,
    `BLAS ${m.blas}`,
    ...(m.simd ? [`SIMD ${m.simd}`] : []),
    ...(busy > BUSY_NOTE_CORES ? [`(other processes kept ${busy.toFixed(1)} cores busy)`] : []),
  ].join("  ");
}

// ------------------------------------------------------------------ interpreter and subprocess

/** The first interpreter that imports every module, or why none does. */
async function findPython(
  modules: readonly string[],
  options: { pythons: readonly string[]; env: Record<string, string> | undefined },
): Promise<string | { reason: string }> {
  const why: string[] = [];
  // the import statement names each module so the failure says which one is missing
  const code = modules.map((m) => `import ${m}`).join("; ") || "pass";
  for (const python of new Set(options.pythons)) {
    const ran = await runWithDeadline([python, "-c", code], {
      env: options.env,
      timeoutMs: PROBE_TIMEOUT_MS,
    });
    if (ran.kind === "exited" && ran.code === 0) return python;
    why.push(
      ran.kind === "error"
        ? `${python}: ${ran.message}`
        : ran.kind === "timeout"
        ? `${python}: importing ${modules.join(", ")} took over ${seconds(PROBE_TIMEOUT_MS)}`
        : `${python}: ${clip(lastLine(ran.stderr) || `exited with status ${ran.code}`)}`,
    );
  }
  return { reason: why.join("; ") || "no Python interpreter given" };
}

type Ran =
  | { kind: "exited"; code: number; signal: string | null; stdout: string; stderr: string }
  | { kind: "timeout" }
  | { kind: "error"; message: string };

/** Runs argv in its own process group, killing the group at the deadline. */
async function runWithDeadline(
  argv: readonly string[],
  options: { env: Record<string, string> | undefined; timeoutMs: number },
): Promise<Ran> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(argv[0], {
      args: argv.slice(1),
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
      detached: true, // its own process group, so a timeout kills it and anything it started
      ...(options.env ? { env: options.env, clearEnv: true } : {}),
    }).spawn();
  } catch (e) {
    const message = e instanceof Deno.errors.NotFound
      ? "not found"
      : e instanceof Deno.errors.NotCapable || e instanceof Deno.errors.PermissionDenied
      ? `not allowed to run it (${(e as Error).message.split("\n")[0]})`
      : (e as Error).message;
    return { kind: "error", message };
  }
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);
  const status = await within(child.status, options.timeoutMs);
  if (status === undefined) killGroup(child.pid);
  const final = status ?? await child.status;
  // a grandchild that keeps the pipes open must not hold the bench: give the streams a moment only
  const [out, err] = await Promise.all([stdout, stderr].map((s) => s.settle(STREAM_GRACE_MS)));
  if (status === undefined) return { kind: "timeout" };
  return { kind: "exited", code: final.code, signal: final.signal, stdout: out, stderr: err };
}

/** Reads a stream into text in the background; `settle` waits at most `ms` more, then cancels. */
function collect(stream: ReadableStream<Uint8Array>): { settle(ms: number): Promise<string> } {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  let text = "";
  const done = (async () => {
    try {
      while (true) {
        const { value, done } = await reader.read();
        if (done) break;
        text = (text + decoder.decode(value, { stream: true })).slice(-65536);
      }
    } catch {
      // the stream of a killed process may end abruptly
    }
  })();
  return {
    async settle(ms: number): Promise<string> {
      if ((await within(done.then(() => true), ms)) === undefined) {
        await reader.cancel().catch(() => {});
        await done;
      }
      return text;
    },
  };
}

/** The environment of the peer's subprocess, or undefined to inherit it unchanged. */
function childEnv(spec: PeerSpec): Record<string, string> | undefined {
  const unset = spec.unsetEnv ?? [];
  const set = spec.setEnv ?? {};
  if (unset.length === 0 && Object.keys(set).length === 0) return undefined;
  let env: Record<string, string>;
  try {
    env = Deno.env.toObject();
  } catch {
    return undefined; // without --allow-env the peer runs in the bench's environment
  }
  for (const name of unset) delete env[name];
  return { ...env, ...set };
}

/** `env -u A KEY=V python3 script --flag value`, quoted for a POSIX shell. */
function shellCommand(spec: PeerSpec, argv: readonly string[]): string {
  const cwd = Deno.cwd() + "/";
  const unset = (spec.unsetEnv ?? []).flatMap((name) => ["-u", name]);
  const set = Object.entries(spec.setEnv ?? {}).map(([k, v]) => `${k}=${v}`);
  const prefix = unset.length + set.length > 0 ? ["env", ...unset, ...set] : [];
  const words = [...prefix, ...argv].map((w) => w.startsWith(cwd) ? w.slice(cwd.length) : w);
  return words.map((w) => /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`)
    .join(" ");
}

// ------------------------------------------------------------------ small helpers

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

function envGet(name: string): string | undefined {
  try {
    return Deno.env.get(name);
  } catch {
    return undefined;
  }
}

function median(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

function lastLine(text: string): string {
  const lines = text.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  return lines.length ? lines[lines.length - 1] : "";
}

function clip(text: string, max = 160): string {
  return text.length <= max ? text : text.slice(0, max - 1) + "…";
}

function seconds(ms: number): string {
  return `${+(ms / 1000).toFixed(3)} s`;
}

function isNonNegative(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x) && x >= 0;
}

function isPositive(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x) && x > 0;
}

function field(ok: boolean, message: string, got: unknown): void {
  if (!ok) {
    throw new TypeError(`Peer result: ${message}, got ${clip(JSON.stringify(got) ?? "nothing")}`);
  }
}

function text(r: Record<string, unknown>, key: string, name = key): string {
  field(typeof r[key] === "string", `${name} must be a string`, r[key]);
  return r[key] as string;
}

function positive(r: Record<string, unknown>, key: string): number {
  field(isPositive(r[key]), `${key} must be a positive number`, r[key]);
  return r[key] as number;
}

function stringRecord(x: unknown): Record<string, string | null> {
  if (typeof x !== "object" || x === null || Array.isArray(x)) return {};
  return Object.fromEntries(
    Object.entries(x).filter(([, v]) => v === null || typeof v === "string"),
  ) as Record<string, string | null>;
}

function fraction(r: Record<string, unknown>, key: string): number {
  const x = r[key];
  field(typeof x === "number" && x >= 0 && x <= 1, `${key} must be a number in [0, 1]`, x);
  return x as number;
}

// ------------------------------------------------------------------ standalone run

if (import.meta.main) {
  const { parseArgs } = await import("node:util");
  const { mnistDataDir } = await import("../src/data/mnist.ts");
  const usage = "Usage: deno run -A bench/peers.ts [--threads N] [--epochs N] [--limit N] " +
    "[--peers numpy,pytorch] [--torch-blas openblas|reference|system] [--data DIR] [--json]";
  try {
    const { values: v } = parseArgs({
      args: Deno.args,
      options: {
        threads: { type: "string", default: "1" },
        epochs: { type: "string", default: "3" },
        limit: { type: "string" },
        peers: { type: "string", default: PEER_NAMES.join(",") },
        "torch-blas": { type: "string", default: "openblas" },
        data: { type: "string" },
        json: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
    });
    if (v.help) {
      console.log(usage);
      Deno.exit(0);
    }
    const whole = (flag: string, s: string | undefined) => {
      if (s === undefined) return undefined;
      if (!/^[1-9]\d*$/.test(s)) {
        throw new RangeError(`--${flag} must be a whole number ≥ 1, got "${s}"`);
      }
      return Number(s);
    };
    const peers = v.peers.split(",").map((p) => p.trim());
    const unknown = peers.find((p) => !(PEER_NAMES as readonly string[]).includes(p));
    if (unknown) throw new RangeError(`--peers: unknown peer "${unknown}" (numpy, pytorch)`);
    const torchBlas = v["torch-blas"];
    if (!["openblas", "reference", "system"].includes(torchBlas)) {
      throw new RangeError(
        `--torch-blas must be openblas, reference or system, got "${torchBlas}"`,
      );
    }
    const results = await runPeers({
      threads: whole("threads", v.threads)!,
      epochs: whole("epochs", v.epochs)!,
      limit: whole("limit", v.limit),
      dataDir: v.data ?? mnistDataDir(),
      peers: peers as PeerName[],
      torchBlas: torchBlas as TorchBlas,
    });
    for (const r of results) {
      console.log(v.json ? JSON.stringify(r) : formatPeerResult(r));
      if (!v.json && r.status !== "not available" && r.command) console.log(`  ${r.command}`);
    }
  } catch (e) {
    console.error(`${(e as Error).message} (see --help)`);
    Deno.exit(2);
  }
}
