/**
 * Stopping a run the moment it diverges: a running loss that is NaN, infinite or above 10⁶ means
 * the weights have run away (a learning rate too large for the model), and no later
 * step can bring them back.
 *
 * @module
 */
import type { EpochRecord, StepProgress } from "../loop.ts";

/**
 * A running loss above this has diverged though still finite: a fresh softmax classifier starts near
 * ln(classes) (2.3 for ten), and no run that learns passes 10⁶ nats per sample on its way.
 */
export const DIVERGED_LOSS = 1e6;

/** A run that diverged: its message is the one line the CLI prints. */
export class DivergenceError extends Error {
  /**
   * @param message Where it diverged and what to try.
   */
  constructor(message: string) {
    super(message);
    this.name = "DivergenceError";
  }
}

/**
 * Hooks that throw {@linkcode DivergenceError} when the loss stops being finite.
 *
 * @param options The batch size and base learning rate of the run.
 * @returns `onStep` and `onEpoch` for the training loop.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const guard = divergenceGuard({ batchSize: 10, lr: 100 });
 * guard.onStep({ epoch: 1, done: 10, total: 100, loss: 2.3, seconds: 1 });
 * assert.throws(
 *   () => guard.onStep({ epoch: 1, done: 20, total: 100, loss: NaN, seconds: 1 }),
 *   /^DivergenceError: Training diverged at epoch 1, step 2 of 10: the loss became NaN/,
 * );
 * assert.throws(
 *   () => guard.onStep({ epoch: 1, done: 30, total: 100, loss: 3e13, seconds: 1 }),
 *   /step 3 of 10: the loss became 30000000000000 /,
 * );
 * ```
 */
export function divergenceGuard(
  options: { batchSize: number; lr: number },
): { onStep(p: StepProgress): void; onEpoch(r: EpochRecord): void } {
  const advice = () =>
    `nothing was saved; try a smaller learning rate (--lr ${
      Number((options.lr / 10).toPrecision(2))
    }) or less momentum`;
  return {
    onStep(p) {
      if (Number.isFinite(p.loss) && p.loss <= DIVERGED_LOSS) return;
      const step = Math.ceil(p.done / options.batchSize);
      const steps = Math.ceil(p.total / options.batchSize);
      throw new DivergenceError(
        `Training diverged at epoch ${p.epoch}, step ${step} of ${steps}: the loss became ${p.loss} ` +
          `at learning rate ${options.lr}; ${advice()}`,
      );
    },
    onEpoch(r) {
      if (Number.isFinite(r.testLoss) && Number.isFinite(r.trainLoss)) return;
      throw new DivergenceError(
        `Training diverged in epoch ${r.epoch}: the test loss became ${r.testLoss} ` +
          `at learning rate ${options.lr}; ${advice()}`,
      );
    },
  };
}
