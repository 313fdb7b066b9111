/**
 * Judging one step in lockstep: from the same weights and batch, the client's loss and new weights
 * against the float64 reference's, under the tolerance of the client's precision; a step that parts
 * is described by its worst element and matched against the known training mistakes.
 *
 * @module
 */
import { sgdStep } from "../../reference/network.ts";
import { fmt, isClose, type Tolerance } from "../../spec/compare.ts";
import { describeMismatch } from "../../spec/compare.ts";
import { FLOAT32_TOLERANCE } from "../precision.ts";
import type { Precision } from "../../spec/precision.ts";
import { networkParting } from "./compare_networks.ts";
import {
  type ClientStep,
  diagnoseStep,
  type StepContext,
  type TrainingMistakeName,
} from "./mistakes.ts";

/**
 * The lockstep tolerance of a precision. float64: the client and the reference compute the same
 * doubles in another order, so only summation rounding separates them (~1e-16 relative). float32:
 * the weights are float32 numbers (half an ulp ≈ 6e-8 relative) and each 784-term product carries
 * its rounding; the op-level float32 tolerance covers both with a wide margin.
 *
 * @param precision The client's.
 * @returns The tolerance.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(lockstepTolerance("float32"), { rtol: 1e-4, atol: 1e-6 });
 * ```
 */
export function lockstepTolerance(precision: Precision): Tolerance {
  return precision === "float32" ? FLOAT32_TOLERANCE : { rtol: 1e-9, atol: 1e-12 };
}

/** The verdict on one lockstep step. */
export interface StepVerdict {
  /** Step index over the run, from 0. */
  readonly step: number;
  /** Epoch index, from 0. */
  readonly epoch: number;
  /** The reference's loss before the update. */
  readonly expectedLoss: number;
  /** The client's. */
  readonly loss: number;
  /** Where the client parted from the reference (one line), absent when the step agrees. */
  readonly parted?: string;
  /** The mistake the parting matches. */
  readonly mistake?: {
    readonly name: TrainingMistakeName;
    readonly title: string;
    readonly hint: string;
  };
}

/**
 * Judges one step.
 *
 * @param ctx The step (the reference's gradients included).
 * @param client What the client reported and its weights after the step.
 * @param at The step and epoch indices.
 * @returns The verdict.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../../reference/matrix.ts";
 * import { initNetwork, sgdStep } from "../../reference/network.ts";
 * import { batchGradients } from "./reference_step.ts";
 * const before = initNetwork({ sizes: [2, 3], hidden: "relu", output: "softmax", seed: 1 });
 * const X = Matrix.from([[1, 0], [0, 1]]), labels = new Uint8Array([2, 0]);
 * const ref = batchGradients(before, X, labels);
 * const ctx = { before, X, labels, lr: 0.5, ref, shiftedRates: [], unscaled: () => X, tol: lockstepTolerance("float64") };
 * assert.strictEqual(judgeStep(ctx, { loss: ref.loss, after: sgdStep(before, ref.grads, 0.5) }, { step: 0, epoch: 0 }).parted, undefined);
 * assert.match(judgeStep(ctx, { loss: ref.loss, after: before }, { step: 0, epoch: 0 }).parted ?? "", /^layers\[0\]\.W/);
 * ```
 */
export function judgeStep(
  ctx: StepContext,
  client: ClientStep,
  at: { step: number; epoch: number },
): StepVerdict {
  const base = { ...at, expectedLoss: ctx.ref.loss, loss: client.loss };
  const after = sgdStep(ctx.before, ctx.ref.grads, ctx.lr);
  const parting = networkParting(client.after, after, ctx.tol);
  let parted: string | undefined;
  if (!Number.isFinite(client.loss)) {
    parted = `loss is ${client.loss} (the reference's is ${fmt(ctx.ref.loss)}): the step diverged`;
  } else if (parting) {
    parted = describeMismatch(parting.comparison, parting.matrix);
  } else if (!isClose(client.loss, ctx.ref.loss, ctx.tol)) {
    parted = `loss: expected ${fmt(ctx.ref.loss)}, got ${fmt(client.loss)} (the weights agree)`;
  }
  if (parted === undefined) return base;
  const m = diagnoseStep(ctx, client);
  return {
    ...base,
    parted,
    ...(m ? { mistake: { name: m.name, title: m.title, hint: m.hint } } : {}),
  };
}
