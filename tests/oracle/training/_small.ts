/**
 * The small run the training tests share: document 001's network on the first 320 training images,
 * 2 epochs of 10 steps, lockstep at steps 0–4 and 10–11 (after re-synchronising), 500 test images.
 *
 * @module
 */
import type { TrainingRecipe } from "../../../src/oracle/training/recipe.ts";

/** The small run. */
export const SMALL: TrainingRecipe = {
  spec: { sizes: [784, 128, 64, 10], hidden: "relu", layout: "column" },
  config: { epochs: 2, batchSize: 32, lr: 0.15, schedule: { kind: "cosine" }, seed: 1 },
  trainImages: 320,
  testImages: 500,
  lockstep: [0, 1, 2, 3, 4, 10, 11],
  passAccuracy: 0.5,
};
