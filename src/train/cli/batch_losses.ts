/**
 * The loss of every mini-batch of a run, recovered from the training loop's running epoch means
 * (`loss` after a step is the mean over the epoch so far), for the report's per-batch curve.
 *
 * @module
 */
import type { StepProgress } from "../loop.ts";

/** Per-batch losses as recorded. */
export interface BatchLosses {
  /** The loss of each step, in order. */
  readonly losses: readonly number[];
  /** The epoch position of each step's end: epoch − 1 + done / total (so 1 is the first epoch's end). */
  readonly at: readonly number[];
}

/**
 * A recorder to call after every step.
 *
 * @returns `onStep`, and the losses so far.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const r = batchLossRecorder();
 * r.onStep({ epoch: 1, done: 2, total: 4, loss: 1, seconds: 0 });
 * r.onStep({ epoch: 1, done: 4, total: 4, loss: 0.75, seconds: 0 }); // second batch: 0.5
 * assert.deepStrictEqual(r.result(), { losses: [1, 0.5], at: [0.5, 1] });
 * ```
 */
export function batchLossRecorder(): { onStep(p: StepProgress): void; result(): BatchLosses } {
  const losses: number[] = [];
  const at: number[] = [];
  let epoch = 0;
  let sum = 0;
  let done = 0;
  return {
    onStep(p) {
      if (p.epoch !== epoch) [epoch, sum, done] = [p.epoch, 0, 0];
      const total = p.loss * p.done;
      losses.push((total - sum) / (p.done - done));
      at.push(p.epoch - 1 + p.done / p.total);
      [sum, done] = [total, p.done];
    },
    result: () => ({ losses, at }),
  };
}

/**
 * An exponential moving average, started from the first value and corrected for its start as in
 * Adam's bias correction, so that the first points are not pulled towards zero.
 *
 * @param values The series.
 * @param beta The weight of the past (0.98 averages over about 50 points).
 * @returns The smoothed series.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(smooth([2, 2, 2], 0.9), [2, 2, 2]);
 * ```
 */
export function smooth(values: readonly number[], beta: number): number[] {
  let m = 0;
  return values.map((v, i) => {
    m = beta * m + (1 - beta) * v;
    return m / (1 - beta ** (i + 1));
  });
}
