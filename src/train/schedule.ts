/**
 * Learning-rate schedules: η as a function of the step, from the base rate η₀.
 * - `constant`: η = η₀, the documents' plain gradient descent ("Part 2", updating rule).
 * - `step`: η = η₀ · factor^⌊epoch / every⌋, dropping by `factor` every `every` epochs.
 * - `cosine`: η = η₀ · ½(1 + cos(π t / T)) over the T steps of the run, t = 0 … T − 1, falling
 *   smoothly from η₀ towards 0 at the last step (SGDR without restarts, Loshchilov & Hutter 2017).
 *
 * @module
 */

/** A learning-rate schedule. */
export type Schedule =
  | { readonly kind: "constant" }
  | { readonly kind: "step"; readonly every: number; readonly factor: number }
  | { readonly kind: "cosine" };

/** Where in the run a step falls. */
export interface StepPosition {
  /** Epoch index, from 0. */
  readonly epoch: number;
  /** Step index within the whole run, from 0. */
  readonly step: number;
  /** Steps in the whole run. */
  readonly totalSteps: number;
}

/**
 * The learning rate of one step.
 *
 * @param base η₀.
 * @param schedule The schedule.
 * @param at Where the step falls.
 * @returns η for that step.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const at = { epoch: 2, step: 50, totalSteps: 100 };
 * assert.strictEqual(learningRate(0.1, { kind: "constant" }, at), 0.1);
 * assert.strictEqual(learningRate(0.1, { kind: "step", every: 2, factor: 0.5 }, at), 0.05);
 * assert.ok(Math.abs(learningRate(0.1, { kind: "cosine" }, at) - 0.05) < 1e-15);
 * ```
 */
export function learningRate(base: number, schedule: Schedule, at: StepPosition): number {
  switch (schedule.kind) {
    case "constant":
      return base;
    case "step":
      return base * schedule.factor ** Math.floor(at.epoch / schedule.every);
    case "cosine":
      return base * 0.5 * (1 + Math.cos(Math.PI * at.step / at.totalSteps));
  }
}

/**
 * Parses a schedule as the CLI writes it: `constant`, `cosine`, or `step:EVERY:FACTOR`
 * (e.g. `step:3:0.5` halves η every 3 epochs).
 *
 * @param text The flag's value.
 * @returns The schedule.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(parseSchedule("step:3:0.5"), { kind: "step", every: 3, factor: 0.5 });
 * assert.throws(() => parseSchedule("linear"), /Unknown schedule "linear"/);
 * ```
 */
export function parseSchedule(text: string): Schedule {
  if (text === "constant" || text === "cosine") return { kind: text };
  const m = /^step:([^:]+):([^:]+)$/.exec(text);
  if (m) {
    const every = Number(m[1]);
    const factor = Number(m[2]);
    if (!Number.isInteger(every) || every < 1) {
      throw new RangeError(`Schedule "${text}": EVERY must be a whole number of epochs ≥ 1`);
    }
    if (!(factor > 0 && factor <= 1)) {
      throw new RangeError(`Schedule "${text}": FACTOR must lie in (0, 1]`);
    }
    return { kind: "step", every, factor };
  }
  throw new RangeError(
    `Unknown schedule "${text}": expected constant, cosine or step:EVERY:FACTOR (e.g. step:3:0.5)`,
  );
}

/**
 * A schedule written the way {@linkcode parseSchedule} reads it.
 *
 * @param schedule The schedule.
 * @returns Its text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(formatSchedule({ kind: "step", every: 3, factor: 0.5 }), "step:3:0.5");
 * ```
 */
export function formatSchedule(schedule: Schedule): string {
  return schedule.kind === "step" ? `step:${schedule.every}:${schedule.factor}` : schedule.kind;
}
