/**
 * What a training check trains, and in which order: the model, the hyper-parameters, how much of the
 * data, and the steps judged in lockstep. The order of the samples is the oracle's: each epoch is a
 * seeded permutation of the training set, drawn exactly as the reference training loop draws it
 * (src/train/loop.ts), so a client and the reference see the same batches.
 *
 * @module
 */
import { createRng, permutation } from "../../reference/random.ts";
import type { TrainConfig } from "../../train/loop.ts";
import { type ModelSpec, NAMED_MODELS } from "../../train/model_spec.ts";
import { learningRate } from "../../train/schedule.ts";

/** A training check's run. */
export interface TrainingRecipe {
  /** The model (its layout is the reference's; the client gets its own layout). */
  readonly spec: ModelSpec;
  /** Epochs, batch size, base rate, schedule and the seed of shuffles and initial weights. */
  readonly config: TrainConfig;
  /** Train on the first this many training images (all when left out). */
  readonly trainImages?: number;
  /** Score on the first this many test images (all when left out). */
  readonly testImages?: number;
  /** Step indices (from 0, over the whole run) judged in lockstep with the reference. */
  readonly lockstep: readonly number[];
  /** The least test accuracy that passes the full run (0 when only lockstep matters). */
  readonly passAccuracy: number;
}

/**
 * The steps judged in lockstep by default: the first five, then three steps after re-synchronising at
 * the start of the second epoch, the middle of the run and the last epoch.
 *
 * @param config The run.
 * @param stepsPerEpoch Steps in one epoch.
 * @returns Sorted step indices.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const config = { epochs: 6, batchSize: 32, lr: 0.15, schedule: { kind: "cosine" } as const, seed: 1 };
 * assert.deepStrictEqual(lockstepSteps(config, 1875).slice(0, 8), [0, 1, 2, 3, 4, 1875, 1876, 1877]);
 * ```
 */
export function lockstepSteps(config: TrainConfig, stepsPerEpoch: number): number[] {
  const total = config.epochs * stepsPerEpoch;
  const starts = [
    stepsPerEpoch,
    Math.floor(config.epochs / 2) * stepsPerEpoch,
    total - stepsPerEpoch,
  ];
  const steps = new Set([0, 1, 2, 3, 4]);
  for (const s of starts) for (let k = s; k < s + 3; k++) steps.add(k);
  return [...steps].filter((k) => k >= 0 && k < total).sort((a, b) => a - b);
}

/** Document 001's run: the recipe of tests/train/mnist_conformance_test.ts (97.94% with seed 1). */
export const DOCUMENT_001_CONFIG: TrainConfig = {
  epochs: 6,
  batchSize: 32,
  lr: 0.15,
  schedule: { kind: "cosine" },
  seed: 1,
};

/**
 * Document 001's network ("Part 2": 784-128-64-10, ReLU, softmax-CE, plain SGD) trained on all of
 * MNIST with {@linkcode DOCUMENT_001_CONFIG}; the run passes at 97.5% test accuracy.
 *
 * @returns The recipe.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(document001Recipe().lockstep.length, 14);
 * ```
 */
export function document001Recipe(): TrainingRecipe {
  const config = DOCUMENT_001_CONFIG;
  return {
    spec: NAMED_MODELS["784-128-64-10"].spec,
    config,
    lockstep: lockstepSteps(config, Math.ceil(60000 / config.batchSize)),
    passAccuracy: 0.975,
  };
}

/** One step of the run. */
export interface PlannedStep {
  /** Step index over the whole run, from 0. */
  readonly step: number;
  /** Epoch index, from 0. */
  readonly epoch: number;
  /** The training-set indices of the batch's samples. */
  readonly indices: Uint32Array;
  /** The learning rate η of the step. */
  readonly lr: number;
}

/**
 * Every step of a run in order, with its batch and rate, drawn as `train()` of src/train/loop.ts draws
 * them (one permutation per epoch from `createRng(seed)`, then batches in order, the last one smaller).
 *
 * @param config The run.
 * @param count Training images used.
 * @yields The steps.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const config = { epochs: 2, batchSize: 2, lr: 0.5, schedule: { kind: "constant" } as const, seed: 1 };
 * const steps = [...planSteps(config, 3)];
 * assert.deepStrictEqual(steps.map((s) => [s.step, s.epoch, s.indices.length]), [[0, 0, 2], [1, 0, 1], [2, 1, 2], [3, 1, 1]]);
 * ```
 */
export function* planSteps(config: TrainConfig, count: number): Generator<PlannedStep> {
  const stepsPerEpoch = Math.ceil(count / config.batchSize);
  const totalSteps = stepsPerEpoch * config.epochs;
  const rng = createRng(config.seed);
  for (let epoch = 0; epoch < config.epochs; epoch++) {
    const order = permutation(count, rng);
    for (let s = 0; s < stepsPerEpoch; s++) {
      const step = epoch * stepsPerEpoch + s;
      yield {
        step,
        epoch,
        indices: order.subarray(s * config.batchSize, (s + 1) * config.batchSize),
        lr: learningRate(config.lr, config.schedule, { epoch, step, totalSteps }),
      };
    }
  }
}

/**
 * The rate the schedule gives a step shifted by whole epochs (the rate a schedule off by `shift`
 * epochs would use).
 *
 * @param config The run.
 * @param at The step, its epoch, and the steps per epoch.
 * @param shift Epochs to shift by.
 * @returns η at the shifted position.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const config = { epochs: 4, batchSize: 1, lr: 1, schedule: { kind: "step", every: 1, factor: 0.5 } as const, seed: 1 };
 * assert.strictEqual(shiftedRate(config, { step: 0, epoch: 0, stepsPerEpoch: 10 }, 1), 0.5);
 * ```
 */
export function shiftedRate(
  config: TrainConfig,
  at: { step: number; epoch: number; stepsPerEpoch: number },
  shift: number,
): number {
  const totalSteps = at.stepsPerEpoch * config.epochs;
  return learningRate(config.lr, config.schedule, {
    epoch: at.epoch + shift,
    step: at.step + shift * at.stepsPerEpoch,
    totalSteps,
  });
}
