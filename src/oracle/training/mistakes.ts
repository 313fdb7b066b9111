/**
 * The usual mistakes of a training loop, each described by what it changes in the reference's own step
 * (a factor on the update, the pixels, the labels, a gradient carried over), so that the oracle can
 * name the one a parting step matches: it recomputes the step with the change and compares.
 *
 * @module
 */
import type { Matrix } from "../../reference/matrix.ts";
import { type Gradients, type Network, sgdStep } from "../../reference/network.ts";
import type { Tolerance } from "../../spec/compare.ts";
import { isClose } from "../../spec/compare.ts";
import { addGradients, networkParting } from "./compare_networks.ts";
import { type BatchGradients, batchGradients } from "./reference_step.ts";

/** The names of the training mistakes the oracle recognises. */
export const TRAINING_MISTAKES = [
  "update-sign-flipped",
  "summed-gradient",
  "update-lost-on-copy",
  "gradients-accumulated",
  "schedule-off-by-one-epoch",
  "pixels-not-scaled",
  "one-hot-shifted",
  "labels-unpaired",
  "loss-after-update",
] as const;

/** One of {@linkcode TRAINING_MISTAKES}. */
export type TrainingMistakeName = typeof TRAINING_MISTAKES[number];

/** Everything known about a step that parted. */
export interface StepContext {
  /** The weights both started the step from, in the client's layout. */
  readonly before: Network;
  /** The batch, float64 byte/255, in the client's layout. */
  readonly X: Matrix;
  /** The batch's labels. */
  readonly labels: Uint8Array;
  /** η of the step. */
  readonly lr: number;
  /** The reference's loss and gradients at `before`. */
  readonly ref: BatchGradients;
  /** The sum of the reference gradients of the session's earlier steps, when they all ran in lockstep. */
  readonly earlier?: Gradients;
  /** η of the same step with the schedule shifted by −1 and +1 epoch. */
  readonly shiftedRates: readonly number[];
  /** The batch with raw pixel bytes 0–255 (computed on demand). */
  readonly unscaled: () => Matrix;
  /** The tolerance of the client's precision. */
  readonly tol: Tolerance;
}

/** What the client did in the step. */
export interface ClientStep {
  /** The loss it reported. */
  readonly loss: number;
  /** Its weights after the step. */
  readonly after: Network;
}

/** A recognised mistake. */
export interface TrainingMistake {
  /** Its name. */
  readonly name: TrainingMistakeName;
  /** What the client did, in a few words. */
  readonly title: string;
  /** How to fix it. */
  readonly hint: string;
  /** Whether the client's step is this mistake applied to the reference's step. */
  matches(ctx: StepContext, client: ClientStep): boolean;
}

/** Whether the client's step equals θ − η′·g′ (and its loss the given one, when given). */
function same(
  ctx: StepContext,
  client: ClientStep,
  o: { grads?: Gradients; lr: number; loss?: number },
): boolean {
  const after = sgdStep(ctx.before, o.grads ?? ctx.ref.grads, o.lr);
  if (o.loss !== undefined && !isClose(client.loss, o.loss, ctx.tol)) return false;
  return networkParting(client.after, after, ctx.tol) === undefined;
}

/**
 * The mistakes, in the order they are tried: those that change only the update first, then those that
 * change the data.
 */
export const MISTAKES: readonly TrainingMistake[] = [
  {
    name: "update-sign-flipped",
    title: "the update climbs the gradient: θ ← θ + η·∂C/∂θ",
    hint: 'subtract the step: W = W - lr * dW ("Part 2", updating rule)',
    matches: (ctx, c) => same(ctx, c, { lr: -ctx.lr }),
  },
  {
    name: "summed-gradient",
    title:
      "η applied to the gradient summed over the batch instead of its mean (N times too large)",
    hint: "divide dW and db by the batch size N (the cost is the batch mean)",
    matches: (ctx, c) => same(ctx, c, { lr: ctx.lr * ctx.labels.length }),
  },
  {
    name: "update-lost-on-copy",
    title: "the weights did not change: the update went to a copy",
    hint: "update the network's own arrays in place (W -= lr * dW), or store the new ones back",
    matches: (ctx, c) => same(ctx, c, { lr: 0 }),
  },
  {
    name: "gradients-accumulated",
    title: "the gradients of earlier steps were added to this one (never reset to zero)",
    hint: "start every step's dW and db from zero (zero_grad before backward)",
    matches: (ctx, c) =>
      ctx.earlier !== undefined &&
      same(ctx, c, { grads: addGradients(ctx.earlier, ctx.ref.grads), lr: ctx.lr }),
  },
  {
    name: "schedule-off-by-one-epoch",
    title: "the learning rate of the epoch before or after: the schedule is off by one epoch",
    hint: "count epochs from 0 as the schedule does, and take η of the step the request names",
    matches: (ctx, c) =>
      ctx.shiftedRates.some((lr) =>
        !isClose(lr, ctx.lr, ctx.tol) && same(ctx, c, { lr, loss: ctx.ref.loss })
      ),
  },
  {
    name: "pixels-not-scaled",
    title: "the pixels were used as bytes 0–255, not scaled to byte/255",
    hint: "divide the images by 255 when you load them",
    matches: (ctx, c) => {
      const g = batchGradients(ctx.before, ctx.unscaled(), ctx.labels);
      return same(ctx, c, { grads: g.grads, lr: ctx.lr, loss: g.loss });
    },
  },
  {
    name: "one-hot-shifted",
    title: "the one-hot targets are shifted by one class (label y sets column y ± 1)",
    hint: "set Y[y, i] = 1 for label y of sample i (np.eye(10)[y].T)",
    matches: (ctx, c) =>
      [1, 9].some((shift) => {
        const labels = ctx.labels.map((y) => (y + shift) % 10);
        const g = batchGradients(ctx.before, ctx.X, labels);
        return same(ctx, c, { grads: g.grads, lr: ctx.lr, loss: g.loss });
      }),
  },
  {
    name: "labels-unpaired",
    title: "the labels do not belong to their images (shuffled apart from them)",
    hint: "index images and labels with the same indices: X[:, idx], y[idx]",
    matches: labelsUnpaired,
  },
  {
    name: "loss-after-update",
    title: "the loss reported is the one after the update, not before",
    hint: "report the loss of the forward pass that the gradients came from",
    matches: (ctx, c) => {
      const after = sgdStep(ctx.before, ctx.ref.grads, ctx.lr);
      return networkParting(c.after, after, ctx.tol) === undefined &&
        isClose(c.loss, batchGradients(after, ctx.X, ctx.labels).loss, ctx.tol);
    },
  },
];

/**
 * The labels a client trained on, read off its output-layer bias update: with softmax-CE,
 * db = (1/N) Σᵢ (pᵢ − yᵢ), so the count of each class in its targets is Σᵢ pᵢ − N·db. When those counts
 * are whole numbers that differ from the batch's, the client paired the images with other labels.
 */
function labelsUnpaired(ctx: StepContext, c: ClientStep): boolean {
  const L = ctx.before.layers.length - 1;
  const b0 = ctx.before.layers[L].b.data;
  const b1 = c.after.layers[L].b.data;
  const P = ctx.ref.pass.layers[L].a;
  const n = ctx.labels.length;
  const column = ctx.before.layout === "column";
  const classes = b0.length;
  const truth = new Array<number>(classes).fill(0);
  for (const y of ctx.labels) truth[y]++;
  let differs = false;
  let total = 0;
  for (let k = 0; k < classes; k++) {
    let p = 0;
    for (let i = 0; i < n; i++) p += column ? P.get(k, i) : P.get(i, k);
    const count = p - n * (b0[k] - b1[k]) / ctx.lr;
    const whole = Math.round(count);
    if (!(Math.abs(count - whole) < 0.05) || whole < 0) return false;
    total += whole;
    if (whole !== truth[k]) differs = true;
  }
  return differs && total === n && !isClose(c.loss, ctx.ref.loss, ctx.tol);
}

/**
 * The first mistake a parting step matches.
 *
 * @param ctx The step.
 * @param client What the client did.
 * @returns The mistake, or undefined when none matches.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../../reference/matrix.ts";
 * import { initNetwork, sgdStep } from "../../reference/network.ts";
 * import { batchGradients } from "./reference_step.ts";
 * const before = initNetwork({ sizes: [2, 3], hidden: "relu", output: "softmax", seed: 1 });
 * const X = Matrix.from([[1, 0], [0, 1]]), labels = new Uint8Array([2, 0]);
 * const ref = batchGradients(before, X, labels);
 * const ctx = { before, X, labels, lr: 0.5, ref, shiftedRates: [], unscaled: () => X, tol: { rtol: 1e-9, atol: 1e-12 } };
 * const flipped = { loss: ref.loss, after: sgdStep(before, ref.grads, -0.5) };
 * assert.strictEqual(diagnoseStep(ctx, flipped)?.name, "update-sign-flipped");
 * ```
 */
export function diagnoseStep(ctx: StepContext, client: ClientStep): TrainingMistake | undefined {
  return MISTAKES.find((m) => m.matches(ctx, client));
}
