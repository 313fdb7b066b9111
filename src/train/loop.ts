/**
 * The training loop: each epoch shuffles the training set with a seeded permutation, runs mini-batch
 * SGD steps through a backend ("Backpropagation notes": shuffle the training set into mini-batches and
 * step on each batch's gradient), then scores the test set. Everything random comes from the seed, so
 * one seed gives the same weights and figures bit for bit.
 *
 * @module
 */
import { scalePixels } from "../data/pixels.ts";
import { createRng, permutation } from "../reference/random.ts";
import type { Inputs, TrainerBackend } from "./backend.ts";
import { evaluate, type Evaluation, type LabeledImages } from "./evaluate.ts";
import { learningRate, type Schedule } from "./schedule.ts";

/** Hyper-parameters of a run. */
export interface TrainConfig {
  /** Passes over the training set. */
  readonly epochs: number;
  /** Mini-batch size; the last batch of an epoch may be smaller. */
  readonly batchSize: number;
  /** Base learning rate η₀. */
  readonly lr: number;
  /** How η changes over the run. */
  readonly schedule: Schedule;
  /** Seed of the shuffles (the initial weights take theirs from the backend). */
  readonly seed: number;
}

/** What happened in one epoch. */
export interface EpochRecord {
  /** Epoch number, from 1. */
  readonly epoch: number;
  /** Mean of the batch losses of the epoch, weighted by batch size. */
  readonly trainLoss: number;
  /** Test-set mean cross-entropy after the epoch. */
  readonly testLoss: number;
  /** Test-set accuracy after the epoch. */
  readonly testAccuracy: number;
  /** Learning rate of the epoch's last step. */
  readonly lr: number;
  /** Wall time of the epoch's training steps (without the test pass), in seconds. */
  readonly seconds: number;
  /** Training samples per second over the epoch. */
  readonly samplesPerSecond: number;
}

/** Progress within an epoch, reported after each step. */
export interface StepProgress {
  /** Epoch number, from 1. */
  readonly epoch: number;
  /** Samples done in this epoch. */
  readonly done: number;
  /** Samples in an epoch. */
  readonly total: number;
  /** Mean loss so far in this epoch. */
  readonly loss: number;
  /** Seconds since the epoch began. */
  readonly seconds: number;
}

/** Callbacks of {@linkcode train}. */
export interface TrainHooks {
  /** After every step. */
  onStep?(progress: StepProgress): void;
  /** After every epoch, with its test score. */
  onEpoch?(record: EpochRecord, evaluation: Evaluation): void;
  /** A clock in seconds; `performance.now() / 1000` when left out. */
  now?(): number;
}

/** The result of a run. */
export interface TrainResult {
  /** One record per epoch. */
  readonly history: readonly EpochRecord[];
  /** The test score after the last epoch (or of the untrained net, with 0 epochs). */
  readonly final: Evaluation;
  /** Wall time of the whole run, test passes included, in seconds. */
  readonly seconds: number;
}

/**
 * Checks hyper-parameters.
 *
 * @param config The configuration.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.throws(() => checkConfig({ epochs: 1, batchSize: 0, lr: 0.1, schedule: { kind: "constant" }, seed: 1 }), /batch size/);
 * ```
 */
export function checkConfig(config: TrainConfig): void {
  const { epochs, batchSize, lr } = config;
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new RangeError(`The number of epochs must be a whole number ≥ 0, got ${epochs}`);
  }
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`The batch size must be a whole number ≥ 1, got ${batchSize}`);
  }
  if (!(lr > 0 && Number.isFinite(lr))) {
    throw new RangeError(`The learning rate must be a positive number, got ${lr}`);
  }
}

/**
 * Trains a backend on a training set, scoring a test set after each epoch.
 *
 * @param backend The backend, holding its initial weights.
 * @param data The training and test sets.
 * @param options The hyper-parameters and the callbacks.
 * @returns The history and the final test score.
 * @example Learns a one-pixel rule
 * ```ts
 * import assert from "node:assert";
 * import { createJsBackend } from "./js_backend.ts";
 * const backend = createJsBackend({ spec: { sizes: [1, 2], hidden: "relu", layout: "row" }, seed: 1 });
 * const set = { images: new Float32Array([0, 1, 0, 1]), labels: new Uint8Array([0, 1, 0, 1]), count: 4 };
 * const config = { epochs: 50, batchSize: 2, lr: 1, schedule: { kind: "constant" } as const, seed: 1 };
 * const result = train(backend, { train: set, test: set }, { config });
 * assert.strictEqual(result.final.accuracy, 1);
 * assert.strictEqual(result.history.length, 50);
 * ```
 */
export function train(
  backend: TrainerBackend,
  data: { train: LabeledImages; test: LabeledImages },
  options: { config: TrainConfig; hooks?: TrainHooks },
): TrainResult {
  const { config, hooks = {} } = options;
  checkConfig(config);
  const now = hooks.now ?? (() => performance.now() / 1000);
  const started = now();
  const { count } = data.train;
  const d = backend.spec.sizes[0];
  const stepsPerEpoch = Math.ceil(count / config.batchSize);
  const totalSteps = stepsPerEpoch * config.epochs;
  const rng = createRng(config.seed);
  // Pixel bytes stay bytes in the batch; the backend scales them.
  const x = data.train.images instanceof Uint8Array
    ? new Uint8Array(config.batchSize * d)
    : new Float32Array(config.batchSize * d);
  const labels = new Uint8Array(config.batchSize);
  const history: EpochRecord[] = [];
  let final = evaluate(backend, data.test);
  for (let e = 0; e < config.epochs; e++) {
    const order = permutation(count, rng);
    const t0 = now();
    let lossSum = 0;
    let lr = config.lr;
    for (let s = 0; s < stepsPerEpoch; s++) {
      const n = gather(data.train, order.subarray(s * config.batchSize), { x, labels, d });
      lr = learningRate(config.lr, config.schedule, {
        epoch: e,
        step: e * stepsPerEpoch + s,
        totalSteps,
      });
      lossSum += n * backend.step(x, labels, n, lr);
      const done = Math.min((s + 1) * config.batchSize, count);
      hooks.onStep?.({
        epoch: e + 1,
        done,
        total: count,
        loss: lossSum / done,
        seconds: now() - t0,
      });
    }
    const seconds = now() - t0;
    final = evaluate(backend, data.test);
    const record: EpochRecord = {
      epoch: e + 1,
      trainLoss: lossSum / count,
      testLoss: final.loss,
      testAccuracy: final.accuracy,
      lr,
      seconds,
      samplesPerSecond: count / seconds,
    };
    history.push(record);
    hooks.onEpoch?.(record, final);
  }
  return { history, final, seconds: now() - started };
}

/**
 * Copies the samples named by the first indices of `order` into a batch buffer: bytes into a byte
 * buffer as they are, values into a float32 buffer, and pixel bytes into a float32 buffer scaled to
 * byte / 255.
 *
 * @param set The source set.
 * @param order Sample indices; as many as fit in `out.labels` are taken.
 * @param out The batch buffers and the sample width d.
 * @returns How many samples were copied.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const set = { images: new Float32Array([1, 2, 3, 4, 5, 6]), labels: new Uint8Array([7, 8, 9]), count: 3 };
 * const x = new Float32Array(4), labels = new Uint8Array(2);
 * assert.strictEqual(gather(set, new Uint32Array([2, 0]), { x, labels, d: 2 }), 2);
 * assert.deepStrictEqual([...x, ...labels], [5, 6, 1, 2, 9, 7]);
 * const bytes = { images: new Uint8Array([0, 255]), labels: new Uint8Array([3]), count: 1 };
 * gather(bytes, new Uint32Array([0]), { x, labels, d: 2 });
 * assert.deepStrictEqual([...x.subarray(0, 2)], [0, 1]);
 * const xb = new Uint8Array(2);
 * gather(bytes, new Uint32Array([0]), { x: xb, labels, d: 2 });
 * assert.deepStrictEqual([...xb], [0, 255]);
 * ```
 */
export function gather(
  set: LabeledImages,
  order: Uint32Array,
  out: { x: Inputs; labels: Uint8Array; d: number },
): number {
  const { x, labels, d } = out;
  if (x instanceof Uint8Array && set.images instanceof Float32Array) {
    throw new TypeError("Cannot gather float32 images into a batch of pixel bytes");
  }
  const n = Math.min(order.length, labels.length);
  for (let i = 0; i < n; i++) {
    const k = order[i];
    const row = set.images.subarray(k * d, (k + 1) * d);
    if (x instanceof Uint8Array || row instanceof Float32Array) x.set(row, i * d);
    else scalePixels(row, x, i * d);
    labels[i] = set.labels[k];
  }
  return n;
}
