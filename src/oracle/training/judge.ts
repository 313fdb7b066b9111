/**
 * What the live session and the notebook path share: judging a lockstep step from the weights before
 * and after it, and the fast reference trainer that follows the whole run for the loss curve and
 * scores the client's final weights.
 *
 * @module
 */
import type { Layout } from "../../reference/activations.ts";
import type { Gradients, Network } from "../../reference/network.ts";
import { createBackend, fastestBackend } from "../../train/backends.ts";
import { evaluate } from "../../train/evaluate.ts";
import { addGradients } from "./compare_networks.ts";
import type { MnistSplit } from "../../data/mnist.ts";
import type { Precision } from "../../spec/precision.ts";
import { asLabeledImages, batch32, batch64, labelsOf } from "./data.ts";
import { judgeStep, lockstepTolerance, type StepVerdict } from "./lockstep.ts";
import { type PlannedStep, shiftedRate, type TrainingRecipe } from "./recipe.ts";
import { type BatchGradients, batchGradients } from "./reference_step.ts";

/** Judges lockstep steps of one run, keeping the sum of gradients a forgetful client would carry. */
export class StepJudge {
  #earlier: Gradients | undefined;
  #lastStep = -1;

  /**
   * @param o The recipe, the training split used, the steps per epoch, the client's layout and precision.
   */
  constructor(
    readonly o: {
      recipe: TrainingRecipe;
      train: MnistSplit;
      stepsPerEpoch: number;
      layout: Layout;
      precision: Precision;
    },
  ) {}

  /**
   * The reference's loss and gradients of a step from given weights (computed before the client's
   * answer is awaited, so both work at once).
   *
   * @param s The step.
   * @param before The weights.
   * @returns The gradients.
   */
  reference(s: PlannedStep, before: Network): BatchGradients {
    const X = batch64(this.o.train, s.indices, { layout: this.o.layout });
    return batchGradients(before, X, labelsOf(this.o.train, s.indices));
  }

  /**
   * Judges the client's step.
   *
   * @param s The step.
   * @param o The weights before, the reference's gradients there, and the client's loss and weights after.
   * @returns The verdict.
   */
  judge(
    s: PlannedStep,
    o: { before: Network; ref: BatchGradients; loss: number; after: Network },
  ): StepVerdict {
    const { train, layout, recipe, stepsPerEpoch } = this.o;
    // Only a run judged step after step from step 0 knows every gradient a forgetful client summed.
    const contiguous = s.step === this.#lastStep + 1 && (s.step === 0 || this.#earlier);
    const earlier = contiguous ? this.#earlier : undefined;
    const verdict = judgeStep(
      {
        before: o.before,
        X: batch64(train, s.indices, { layout }),
        labels: labelsOf(train, s.indices),
        lr: s.lr,
        ref: o.ref,
        earlier,
        shiftedRates: [-1, 1].map((k) => shiftedRate(recipe.config, { ...s, stepsPerEpoch }, k)),
        unscaled: () => batch64(train, s.indices, { layout, unscaled: true }),
        tol: lockstepTolerance(this.o.precision),
      },
      { loss: o.loss, after: o.after },
      { step: s.step, epoch: s.epoch },
    );
    this.#earlier = contiguous ? addGradients(earlier, o.ref.grads) : undefined;
    this.#lastStep = s.step;
    return verdict;
  }
}

/** The fast float32 reference trainer, following the run from the same initial weights. */
export class Follower {
  readonly #backend;
  readonly #train: MnistSplit;
  readonly #x: Float32Array;
  /** Its loss of every step taken. */
  readonly losses: Float64Array;

  /**
   * @param recipe The recipe.
   * @param o The initial network, the training split, and the number of steps.
   */
  constructor(
    recipe: TrainingRecipe,
    o: { initial: Network; train: MnistSplit; totalSteps: number },
  ) {
    this.#backend = createBackend(fastestBackend(), {
      spec: recipe.spec,
      seed: recipe.config.seed,
      momentum: 0,
    });
    this.#backend.importNetwork(o.initial);
    this.#train = o.train;
    this.#x = new Float32Array(recipe.config.batchSize * o.train.rows * o.train.cols);
    this.losses = new Float64Array(o.totalSteps);
  }

  /**
   * Takes a step.
   *
   * @param s The step.
   */
  step(s: PlannedStep): void {
    const x = batch32(this.#train, s.indices, this.#x);
    this.losses[s.step] = this.#backend.step(
      x,
      labelsOf(this.#train, s.indices),
      s.indices.length,
      s.lr,
    );
  }

  /**
   * Test accuracy of its own weights, then of the client's final weights (scored here, never taken
   * from the client).
   *
   * @param client The client's final network.
   * @param test The test split.
   * @returns Both accuracies.
   */
  score(client: Network, test: MnistSplit): { reference: number; client: number } {
    const set = asLabeledImages(test);
    const reference = evaluate(this.#backend, set).accuracy;
    this.#backend.importNetwork(client);
    return { reference, client: evaluate(this.#backend, set).accuracy };
  }
}
