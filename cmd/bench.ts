/**
 * `deno task bench`: how fast nn-oracle trains, next to its native peers, in one run of plain
 * tables: (a) the machine; (b) GFLOP/s of each product of a training step at batch 128, and layer
 * 1's two products on real MNIST batches, dense and skipping zero pixels; (c) training throughput of
 * document 001's network 784-128-64-10 ("Part 2"), batch 128, η = 0.1, per backend (wasm both
 * skipping the zero pixels of layer 1, its default, and dense); (d) the numpy and PyTorch peers on
 * the same workload at 1 and 2 threads, and our native and wasm throughput over theirs; (e) the peak resident memory of a full `deno task train` epoch; (f) the
 * whole `check --train` of each example client (time, the oracle's peak memory, accuracy) and the
 * protocol's cost per training step.
 *
 *   deno task bench [-- [--quick] [--samples N] [--model NAME] [--batch 128] [--backend LIST]
 *                   [--isa auto|avx2]]
 *
 * `--isa avx2` is an AVX2 proxy on an AVX-512 machine: every participant (native backend, bare
 * sgemm, numpy, PyTorch) is held to its AVX2 code path (bench/isa.ts) and reads back what it ran.
 *
 * The reference backend (float64) is timed on a tenth of the samples (it is about twenty times
 * slower); epoch times are samples/s extrapolated to 60,000 images.
 *
 * @module
 */
import { fileURLToPath } from "node:url";
import {
  formatPeerResult,
  OPENBLAS_FORCING_VARIABLES,
  type PeerResult,
  runPeers,
} from "../bench/peers.ts";
import { layerOneMicros, productGflops } from "../bench/kernels_bench.ts";
import { avx2ProxyBanner, type Isa, isaEnv, parseIsa } from "../bench/isa.ts";
import { trainingCheckTable } from "../bench/training_bench.ts";
import { loadMnist, mnistDataDir, type MnistSplit } from "../src/data/mnist.ts";
import { describeBlas, openBlas } from "../src/fast/blas.ts";
import { ParallelWasmKernels } from "../src/fast/parallel_kernels.ts";
import { SPARSE_MAX_DENSITY, WasmKernels } from "../src/fast/wasm_kernels.ts";
import { createWasmBackend } from "../src/train/wasm_backend.ts";
import {
  BACKEND_NAMES,
  type BackendName,
  chooseBackend,
  openBackend,
  type OpenedBackend,
} from "../src/train/backends.ts";
import { benchmarkTraining, type BenchResult, benchTable } from "../src/train/cli/throughput.ts";
import { parseFlags } from "../src/io/cli.ts";
import { type ModelSpec, NAMED_MODELS, resolveModel } from "../src/train/model_spec.ts";
import { grouped } from "../src/train/cli/progress.ts";

const USAGE = `Usage: deno task bench [options]

  --quick            a short run: fewer samples, runs and peer images (a smoke test)
  --samples N        samples timed per backend (default 30000, --quick 2000; reference: N/10)
  --model NAME       model of the training table (default 784-128-64-10; 784-h-10 needs --hidden N)
  --hidden N         hidden width of 784-h-10
  --batch LIST       batch sizes of the training table, e.g. 32,64 (default 128)
  --backend LIST     ${
  BACKEND_NAMES.join(",")
} or a part of them (default all; wasm and native on 1 and 2 threads, wasm also dense)
  --isa auto|avx2    auto (default): each library picks the widest SIMD it finds. avx2: an AVX2
                     proxy on an AVX-512 machine: OpenBLAS's Haswell kernel for the native backend,
                     the bare sgemm and both peers (OPENBLAS_CORETYPE=Haswell), PyTorch's ATen at
                     avx2 (ATEN_CPU_CAPABILITY), oneDNN capped at AVX2, numpy without its AVX-512
                     dispatch targets (NPY_DISABLE_CPU_FEATURES); each kernel and SIMD level is read
                     back and printed. wasm is 128-bit SIMD on every host: unchanged
  --help             show this text
`;

const BATCH = 128;
const LR = 0.1;
const EPOCH = 60000;
const PEER_SPEC = NAMED_MODELS["784-128-64-10"].spec;
const ZERO_SKIPPING = "wasm: layer 1's two products (X·W1, Xᵀ·δ1) skip the zero pixels of a " +
  `batch (MNIST: 19% nonzero) when at most ${Math.round(SPARSE_MAX_DENSITY * 100)}% are nonzero; ` +
  "wasm dense: every product dense, as numpy and PyTorch compute it";

function fail(message: string): never {
  console.error(`bench: ${message}`);
  Deno.exit(2);
}

/** Whole numbers ≥ 1, comma-separated. */
function wholeNumbers(text: string, flag: string): number[] {
  return text.split(",").map((s) => {
    const n = /^\d+$/.test(s.trim()) ? Number(s) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) fail(`${flag} takes whole numbers ≥ 1, got "${s}"`);
    return n;
  });
}

/** One whole number ≥ 1. */
function wholeNumber(text: string, flag: string): number {
  const [n, ...rest] = wholeNumbers(text, flag);
  if (rest.length > 0) fail(`${flag} takes one whole number, got "${text}"`);
  return n;
}

/** /proc/cpuinfo, or "" where it cannot be read. */
function readCpuinfo(): string {
  let cpuinfo = "";
  try {
    // Deno 2 reads /proc only with --allow-all; cat needs just --allow-run
    const out = new Deno.Command("cat", { args: ["/proc/cpuinfo"], stderr: "null" }).outputSync();
    if (out.success) cpuinfo = new TextDecoder().decode(out.stdout);
  } catch {
    // no /proc or no cat: the model and flags stay unknown
  }
  return cpuinfo;
}

/** (a) CPU model, cores, SIMD flags, Deno and V8. */
function machineTable(cpuinfo: string): string[] {
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? "unknown";
  const flags = new Set(cpuinfo.match(/^flags\s*:\s*(.+)$/m)?.[1].split(/\s+/) ?? []);
  const has = (f: string) => cpuinfo === "" ? "unknown" : flags.has(f) ? "yes" : "no";
  return [
    "machine",
    "-------",
    `cpu        ${model}`,
    `cores      ${navigator.hardwareConcurrency}`,
    `avx2       ${has("avx2")}`,
    `fma        ${has("fma")}`,
    `avx512f    ${has("avx512f")}`,
    `deno       ${Deno.version.deno}`,
    `v8         ${Deno.version.v8}`,
  ];
}

/** (b) GFLOP/s of the 8 products of a step at batch 128, and the fast kernels over bare sgemm. */
function gemmTable(quick: boolean): string[] {
  const { kernels, rows } = quick
    ? productGflops({ batch: BATCH, runs: 3, minSeconds: 0.005 })
    : productGflops({ batch: BATCH, runs: 9, minSeconds: 0.025 });
  const head = "product".padEnd(16) + "m×n×k".padEnd(14) +
    kernels.map((k) => k.padStart(16)).join("");
  const all = rows[rows.length - 1].gflops;
  const sgemm = all[kernels.indexOf("OpenBLAS sgemm")];
  const share = sgemm === undefined
    ? []
    : kernels.filter((k) => k !== "OpenBLAS sgemm").map((k) =>
      `${k} / OpenBLAS sgemm, all 8 products: ${
        (100 * all[kernels.indexOf(k)] / sgemm).toFixed(0)
      }%`
    );
  return [
    `matmul GFLOP/s, batch ${BATCH}, 784-128-64-10, 1 thread (median of ${quick ? 3 : 9} runs)`,
    head,
    "-".repeat(head.length),
    ...rows.map((r) =>
      r.name.padEnd(16) + r.dims.padEnd(14) +
      r.gflops.map((g) => g.toFixed(2).padStart(16)).join("")
    ),
    ...share,
  ];
}

/** (b′) Layer 1's two products on real MNIST batches: wasm dense, skipping zeros, OpenBLAS. */
function layerOneTable(images: Uint8Array, quick: boolean): string[] {
  const { rows, density } = layerOneMicros(images, {
    batch: BATCH,
    runs: quick ? 3 : 9,
    minSeconds: quick ? 0.005 : 0.025,
  });
  const cell = (us: number | undefined) => (us === undefined ? "n/a" : us.toFixed(0)).padStart(16);
  return [
    `layer 1 on real MNIST batches (batch ${BATCH}, ${
      (100 * density).toFixed(1)
    }% of pixels nonzero), µs per product, 1 thread`,
    "product".padEnd(16) +
    ["wasm dense", "wasm skip zeros", "OpenBLAS sgemm"].map((c) => c.padStart(16)).join(""),
    ...rows.map((r) =>
      r.name.padEnd(16) + cell(r.micros.dense) + cell(r.micros.sparse) + cell(r.micros.sgemm)
    ),
  ];
}

/** What bench/blas_probe.ts measured in a subprocess, or undefined when it found no OpenBLAS. */
async function probeBlasWith(
  unset: boolean,
): Promise<{ kernel: string; gflops: number } | undefined> {
  const env = Deno.env.toObject();
  if (unset) { for (const name of OPENBLAS_FORCING_VARIABLES) delete env[name]; }
  const probe = fileURLToPath(new URL("../bench/blas_probe.ts", import.meta.url));
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-ffi", probe],
    env,
    clearEnv: true,
    stdout: "piped",
    stderr: "null",
  }).output();
  if (!out.success) return undefined;
  return JSON.parse(new TextDecoder().decode(out.stdout)) ?? undefined;
}

/**
 * Each path at its best OpenBLAS kernel: where the machine sets OPENBLAS_CORETYPE or OPENBLAS_L2_SIZE,
 * times Debian's OpenBLAS with and without them and keeps the faster setting for the native backend
 * (this process, before OpenBLAS is loaded) and the PyTorch peer (the same library). numpy's bundled
 * OpenBLAS always runs without them (bench/peers/README.md: its SkylakeX kernel beats the forced one).
 *
 * @returns Whether the variables are unset, and one line saying what was measured and chosen.
 */
async function chooseOpenBlasKernel(): Promise<{ unset: boolean; line: string }> {
  const set = OPENBLAS_FORCING_VARIABLES.filter((name) => Deno.env.get(name) !== undefined);
  if (set.length === 0) {
    return {
      unset: false,
      line: "OpenBLAS kernel: no forcing variables set; OpenBLAS picks its own",
    };
  }
  const kept = await probeBlasWith(false);
  const unset = await probeBlasWith(true);
  if (!kept || !unset) return { unset: true, line: "OpenBLAS kernel: no OpenBLAS to time" };
  const vars = set.map((name) => `${name}=${Deno.env.get(name)}`).join(" ");
  const faster = unset.gflops > kept.gflops;
  if (faster) { for (const name of OPENBLAS_FORCING_VARIABLES) Deno.env.delete(name); }
  return {
    unset: faster,
    line: `OpenBLAS kernel (X·W1 + Xᵀ·G1, 1 thread): with ${vars} ${kept.kernel} ` +
      `${kept.gflops.toFixed(0)} GFLOP/s, without ${unset.kernel} ${
        unset.gflops.toFixed(0)
      } GFLOP/s; ` +
      `native and PyTorch run ${faster ? "without" : "with"} them, numpy without`,
  };
}

/**
 * Under `--isa avx2`: the kernel OpenBLAS really runs for the native backend and the bare sgemm (read
 * back from `openblas_get_corename`), the forcing variables kept for every path.
 */
function forcedKernel(): { unset: boolean; line: string } {
  const found = openBlas();
  return {
    unset: false,
    line: found.ok
      ? `OpenBLAS kernel (native backend and bare sgemm, read back): ${
        describeBlas(found.blas)
      }; ` +
        `asked for OPENBLAS_CORETYPE=${Deno.env.get("OPENBLAS_CORETYPE")}`
      : `OpenBLAS kernel: ${found.reason}`,
  };
}

/** What the training table times. */
interface TrainingRuns {
  readonly spec: ModelSpec;
  readonly batches: readonly number[];
  readonly backends: readonly BackendName[];
  readonly samples: number;
}

/** The wasm backend with every product dense (no zero skipping), on 1 or 2 threads. */
async function openDenseWasm(spec: ModelSpec, threads: number): Promise<OpenedBackend> {
  const kernels = threads === 1
    ? new WasmKernels({ skipZeros: false })
    : await ParallelWasmKernels.create({ skipZeros: false });
  const close = () => kernels instanceof ParallelWasmKernels && kernels.close();
  const backend = createWasmBackend({ spec, seed: 1 }, kernels);
  return { backend, close, [Symbol.dispose]: close };
}

/**
 * (c) Samples/s of each backend and batch size; wasm and native on 1 and 2 threads, and wasm both
 * skipping the zero pixels of layer 1 (its default, "wasm") and dense ("wasm dense").
 */
async function trainingResults(
  train: MnistSplit,
  runs: TrainingRuns,
): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const variants = runs.backends.flatMap((name) =>
    name === "wasm" ? [name, "wasm dense"] : name === "native" && !openBlas().ok ? [] : [name]
  );
  for (const name of variants) {
    const threaded = name !== "reference" && name !== "js";
    for (const threads of threaded ? [1, 2] : [1]) {
      for (const batch of runs.batches) {
        using opened = name === "wasm dense"
          ? await openDenseWasm(runs.spec, threads)
          : await openBackend(name as BackendName, { spec: runs.spec, seed: 1, threads });
        const n = name === "reference" ? Math.ceil(runs.samples / 10) : runs.samples;
        const r = benchmarkTraining(opened.backend, train, { batch, samples: n, lr: LR });
        results.push({ ...r, backend: threaded ? `${name} ${threads}thr` : name });
      }
    }
  }
  return results;
}

/**
 * (d) The peers at 1 and 2 threads, and our samples/s over theirs (ours: per backend, samples/s at 1
 * and 2 threads of the peers' workload, undefined where the training table did not time it).
 */
async function peerTable(
  ours: Readonly<Record<string, readonly (number | undefined)[]>>,
  options: { quick: boolean; torchUnsetsForcing: boolean; isa: Isa },
): Promise<string[]> {
  const { quick, isa } = options;
  const lines = [
    `peers: same workload (784-128-64-10, batch ${BATCH}, lr ${LR}, float32)` +
    (quick ? ", 2,000 images, 1 epoch" : ", 60,000 images, median of 2 epochs"),
  ];
  const ratios: string[] = [];
  for (const threads of [1, 2]) {
    const results: PeerResult[] = await runPeers({
      threads,
      epochs: quick ? 1 : 2,
      dataDir: mnistDataDir(),
      batch: BATCH,
      lr: LR,
      torchUnsetsForcing: options.torchUnsetsForcing,
      isa,
      ...(quick ? { limit: 2000 } : {}),
    });
    for (const r of results) {
      lines.push(formatPeerResult(r));
      for (const [name, perThreads] of Object.entries(ours)) {
        const mine = perThreads[threads - 1];
        ratios.push(
          `${name} ${threads}thr / ${r.peer} ${threads}thr`.padEnd(36) +
            (mine === undefined
              ? `n/a (${name} not timed on this workload: see --model, --batch, --backend)`
              : r.status === "ok"
              ? `${(mine / r.measurement.samplesPerS).toFixed(2)}×  (${grouped(mine)} vs ${
                grouped(r.measurement.samplesPerS)
              } samples/s)`
              : `n/a (${r.status})`),
        );
      }
    }
  }
  const title = isa === "avx2"
    ? "ratio (samples/s), AVX2 proxy on an AVX-512 machine"
    : "ratio (samples/s)";
  return [...lines, "", title, "-".repeat(title.length), ...ratios];
}

/** (e) Peak resident memory of `cmd/train.ts` training one epoch, from its last line. */
async function memoryLine(quick: boolean): Promise<string> {
  const args = [
    "run",
    "--allow-read",
    "--allow-ffi",
    fileURLToPath(new URL("./train.ts", import.meta.url)),
    ...["--epochs", "1", "--batch", String(BATCH), "--lr", String(LR), "--momentum", "0"],
    ...["--schedule", "constant"],
    ...(quick ? ["--limit", "2000", "--test-limit", "1000"] : []),
  ];
  const out = await new Deno.Command(Deno.execPath(), { args, stdout: "piped", stderr: "piped" })
    .output();
  const text = new TextDecoder().decode(out.stdout);
  const mb = text.match(/^peak resident memory: (\d+) MB$/m)?.[1];
  const what = quick ? "cmd/train.ts, 1 epoch of 2,000 images" : "cmd/train.ts, 1 full epoch";
  if (!out.success || mb === undefined) {
    const why = new TextDecoder().decode(out.stderr).trim().split("\n").pop();
    return `peak resident memory (${what}): n/a (exit ${out.code}${why ? `: ${why}` : ""})`;
  }
  return `peak resident memory (${what}, ${chooseBackend().name} 1 thread): ${mb} MB`;
}

/** Parses the flags, measures, prints the tables. */
async function main(): Promise<void> {
  let options;
  try {
    options = parseFlags(Deno.args, {
      quick: { type: "boolean" },
      samples: { type: "string" },
      model: { type: "string", default: "784-128-64-10" },
      hidden: { type: "string" },
      batch: { type: "string", default: String(BATCH) },
      backend: { type: "string", default: BACKEND_NAMES.join(",") },
      isa: { type: "string", default: "auto" },
      help: { type: "boolean", short: "h" },
    }).values;
  } catch (e) {
    fail((e as Error).message);
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const quick = options.quick ?? false;
  const samples = options.samples === undefined
    ? (quick ? 2000 : 30000)
    : wholeNumber(options.samples, "--samples");
  const batches = wholeNumbers(options.batch, "--batch");
  const backends = options.backend.split(",") as BackendName[];
  for (const b of backends) {
    if (!BACKEND_NAMES.includes(b)) {
      fail(`--backend takes ${BACKEND_NAMES.join(", ")}, got "${b}"`);
    }
  }
  if (options.hidden !== undefined && options.model !== "784-h-10") {
    fail(`--hidden goes with --model 784-h-10, not with "${options.model}"`);
  }
  const hidden = options.hidden === undefined ? undefined : wholeNumber(options.hidden, "--hidden");
  let spec: ModelSpec;
  try {
    spec = resolveModel(options.model, hidden);
  } catch (e) {
    fail(`--model: ${(e as Error).message}`);
  }

  let isa: Isa;
  try {
    isa = parseIsa(options.isa);
  } catch (e) {
    fail((e as Error).message);
  }
  // before anything loads OpenBLAS: it reads OPENBLAS_CORETYPE once, when it is loaded
  for (const [name, value] of Object.entries(isaEnv(isa))) Deno.env.set(name, value);
  const kernel = isa === "auto" ? await chooseOpenBlasKernel() : forcedKernel();
  const cpuinfo = readCpuinfo();
  if (isa === "avx2") {
    const avx512 = cpuinfo === "" ? undefined : /^flags\s*:.*\bavx512f\b/m.test(cpuinfo);
    console.log(avx2ProxyBanner(avx512).join("\n") + "\n");
  }
  console.log(machineTable(cpuinfo).join("\n"));
  console.log(kernel.line);
  console.log(`${chooseBackend().reason}\n`);
  console.log(gemmTable(quick).join("\n") + "\n");
  const { train } = await loadMnist();
  console.log(layerOneTable(train.images, quick).join("\n") + "\n");
  const results = await trainingResults(train, { spec, batches, backends, samples });
  console.log(
    `training ${options.model}, lr ${LR}, float32 (reference: float64, ` +
      `${grouped(Math.ceil(samples / 10))} samples; others ${grouped(samples)})`,
  );
  console.log(benchTable(results, EPOCH).join("\n"));
  console.log(`${ZERO_SKIPPING}\n`);
  const peersWorkload = spec.sizes.join() === PEER_SPEC.sizes.join() && spec.hidden === "relu";
  const ours = Object.fromEntries(
    ["native", "wasm", "wasm dense"].map((name) => [
      name,
      [1, 2].map((threads) =>
        peersWorkload
          ? results.find((r) => r.backend === `${name} ${threads}thr` && r.batch === BATCH)
            ?.samplesPerSecond
          : undefined
      ),
    ]),
  );
  const peers = await peerTable(ours, { quick, torchUnsetsForcing: kernel.unset, isa });
  console.log(peers.join("\n") + "\n");
  console.log(await memoryLine(quick));
  console.log("\n" + (await trainingCheckTable(quick)).join("\n"));
}

if (import.meta.main) {
  try {
    await main();
  } catch (e) {
    console.error(`bench: ${(e as Error).message.split("\n")[0]}`);
    Deno.exit(1);
  }
}
