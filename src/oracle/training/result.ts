/**
 * What a training check found, assembled the same way for a live session and for the notebook path:
 * the verdicts, both loss series and their epoch means, and, when the run got to the end, the test
 * accuracy of the client's final weights as the oracle scores them.
 *
 * @module
 */
import type { Network } from "../../reference/network.ts";
import type { StepVerdict } from "./lockstep.ts";
import type { PlannedStep, TrainingRecipe } from "./recipe.ts";
import type { RunClient, RunSetup } from "./setup.ts";

/** The mean loss of one epoch, the client's beside the reference's. */
export interface EpochLoss {
  /** Epoch number, from 1. */
  readonly epoch: number;
  /** The client's batch losses, weighted by batch size. */
  readonly client: number;
  /** The fast reference trainer's, on the same batches from the same initial weights. */
  readonly reference: number;
}

/** What a training check found. */
export interface TrainingResult {
  /** The client's name, precision and layout. */
  readonly client: RunClient;
  /** Steps planned. */
  readonly totalSteps: number;
  /** Steps the client answered. */
  readonly stepsDone: number;
  /** The lockstep verdicts, in order (the last one is the parting, if any). */
  readonly lockstep: readonly StepVerdict[];
  /** The first lockstep step that parted. */
  readonly parted?: StepVerdict;
  /** Why the run stopped early (a misbehaving client), one line. */
  readonly failure?: string;
  /** The client's loss of every step it answered. */
  readonly losses: Float64Array;
  /** The fast reference trainer's loss of the same steps. */
  readonly referenceLosses: Float64Array;
  /** Per-epoch mean losses of completed epochs. */
  readonly epochs: readonly EpochLoss[];
  /** Test accuracy of the client's final weights, computed by the oracle. */
  readonly accuracy?: number;
  /** Test accuracy of the fast reference trainer after the same run. */
  readonly referenceAccuracy?: number;
  /** The bar. */
  readonly passAccuracy: number;
  /** Test images scored. */
  readonly testImages: number;
  /** Wall time of the session, in seconds. */
  readonly seconds: number;
  /** Whether everything passed. */
  readonly ok: boolean;
}

/** What a run left behind, before it is scored: its setup and what happened. */
export interface RunRecord extends RunSetup {
  /** Steps done. */
  readonly stepsDone: number;
  /** Lockstep verdicts. */
  readonly verdicts: readonly StepVerdict[];
  /** The first parting. */
  readonly parted?: StepVerdict;
  /** Why the run stopped, one line. */
  readonly failure?: string;
  /** The client's losses (totalSteps long). */
  readonly losses: Float64Array;
}

/**
 * The result of a run: scored on the test set when it went to the end and `final` is given.
 *
 * @param r The run.
 * @param final The client's final weights.
 * @returns The result.
 */
export function trainingResult(r: RunRecord, final?: Network): TrainingResult {
  const { recipe, stepsDone } = r;
  const base = {
    client: r.client,
    totalSteps: r.totalSteps,
    stepsDone,
    lockstep: r.verdicts,
    parted: r.parted,
    failure: r.failure,
    losses: r.losses.subarray(0, stepsDone),
    referenceLosses: r.follower.losses.subarray(0, stepsDone),
    epochs: epochMeans({
      losses: r.losses,
      referenceLosses: r.follower.losses,
      train: r.train.count,
      config: recipe.config,
      stepsDone,
    }),
    passAccuracy: recipe.passAccuracy,
    testImages: r.test.count,
  };
  const seconds = (performance.now() - r.started) / 1000;
  if (r.failure !== undefined || r.parted !== undefined || final === undefined) {
    return { ...base, seconds, ok: false };
  }
  const scores = r.follower.score(final, r.test);
  return {
    ...base,
    accuracy: scores.client,
    referenceAccuracy: scores.reference,
    seconds: (performance.now() - r.started) / 1000,
    ok: scores.client >= recipe.passAccuracy,
  };
}

/**
 * The line that stops a run whose loss is no longer finite.
 *
 * @param s The step.
 * @param loss The client's loss of it.
 * @returns The line, or undefined for a finite loss.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(divergence({ step: 12, epoch: 1 }, NaN), "step 12 (epoch 2): the loss is NaN: the training diverged");
 * assert.strictEqual(divergence({ step: 12, epoch: 1 }, 0.5), undefined);
 * ```
 */
export function divergence(
  s: Pick<PlannedStep, "step" | "epoch">,
  loss: number,
): string | undefined {
  if (Number.isFinite(loss)) return undefined;
  return `step ${s.step} (epoch ${s.epoch + 1}): the loss is ${loss}: the training diverged`;
}

/**
 * Per-epoch batch-size-weighted mean losses of the completed epochs.
 *
 * @param o Both loss series, the training images, the run and the steps done.
 * @returns One entry per completed epoch.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const config = { epochs: 2, batchSize: 2, lr: 0.1, schedule: { kind: "constant" } as const, seed: 1 };
 * const losses = new Float64Array([1, 4, 2, 2]);
 * assert.deepStrictEqual(epochMeans({ losses, referenceLosses: losses, train: 3, config, stepsDone: 3 }), [{ epoch: 1, client: 2, reference: 2 }]);
 * ```
 */
export function epochMeans(o: {
  losses: Float64Array;
  referenceLosses: Float64Array;
  train: number;
  config: TrainingRecipe["config"];
  stepsDone: number;
}): EpochLoss[] {
  const { batchSize } = o.config;
  const stepsPerEpoch = Math.ceil(o.train / batchSize);
  const out: EpochLoss[] = [];
  for (let e = 0; (e + 1) * stepsPerEpoch <= o.stepsDone; e++) {
    let client = 0;
    let reference = 0;
    for (let s = 0; s < stepsPerEpoch; s++) {
      const n = Math.min(batchSize, o.train - s * batchSize);
      client += n * o.losses[e * stepsPerEpoch + s];
      reference += n * o.referenceLosses[e * stepsPerEpoch + s];
    }
    out.push({ epoch: e + 1, client: client / o.train, reference: reference / o.train });
  }
  return out;
}
