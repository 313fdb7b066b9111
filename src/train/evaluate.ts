/**
 * Scoring a classifier on a labelled set: accuracy, mean cross-entropy, the confusion matrix and
 * accuracy per class.
 *
 * @module
 */
import type { TrainerBackend } from "./backend.ts";

/** Labelled images, one per row: count × width values and count labels. */
export interface LabeledImages {
  /** count × width, row-major: float32 values, or pixel bytes standing for byte / 255. */
  readonly images: Float32Array | Uint8Array;
  /** One class per image. */
  readonly labels: Uint8Array;
  /** Number of images. */
  readonly count: number;
}

/** How a classifier did on a set. */
export interface Evaluation {
  /** Fraction of images whose most probable class is the label. */
  readonly accuracy: number;
  /** Mean −log p_label, with p floored at 1e-30 so that a float32 zero stays finite. */
  readonly loss: number;
  /** classes × classes counts, row = true label, column = predicted class. */
  readonly confusion: readonly (readonly number[])[];
  /** The predicted class of every image. */
  readonly predictions: Uint8Array;
}

/** Smallest probability taken in the loss, so that log 0 never appears. */
const P_FLOOR = 1e-30;

/**
 * Evaluates a backend on a set, `chunk` images at a time.
 *
 * @param backend The trained backend.
 * @param set The images and labels.
 * @param chunk How many images per call to `predict`.
 * @returns Accuracy, loss, confusion matrix and predictions.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import type { TrainerBackend } from "./backend.ts";
 * const backend = {
 *   spec: { sizes: [1, 2], hidden: "relu", layout: "row" },
 *   predict: (x: Float32Array, n: number) => Float32Array.from({ length: 2 * n }, (_, k) => k % 2 === x[k >> 1] ? 1 : 0),
 * } as unknown as TrainerBackend;
 * const e = evaluate(backend, { images: new Float32Array([0, 1, 1]), labels: new Uint8Array([0, 1, 0]), count: 3 });
 * assert.strictEqual(e.accuracy, 2 / 3);
 * assert.deepStrictEqual(e.confusion, [[1, 1], [0, 1]]);
 * ```
 */
export function evaluate(backend: TrainerBackend, set: LabeledImages, chunk = 1000): Evaluation {
  const d = backend.spec.sizes[0];
  const classes = backend.spec.sizes[backend.spec.sizes.length - 1];
  const confusion = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  const predictions = new Uint8Array(set.count);
  let correct = 0;
  let loss = 0;
  for (let start = 0; start < set.count; start += chunk) {
    const n = Math.min(chunk, set.count - start);
    const P = backend.predict(set.images.subarray(start * d, (start + n) * d), n);
    for (let i = 0; i < n; i++) {
      const y = set.labels[start + i];
      const guess = argmax(P, i * classes, classes);
      predictions[start + i] = guess;
      confusion[y][guess]++;
      if (guess === y) correct++;
      loss -= Math.log(Math.max(P[i * classes + y], P_FLOOR));
    }
  }
  return { accuracy: correct / set.count, loss: loss / set.count, confusion, predictions };
}

/** The index of the largest of `count` values from `offset` (the first one on ties). */
function argmax(values: Float32Array, offset: number, count: number): number {
  let best = 0;
  for (let c = 1; c < count; c++) if (values[offset + c] > values[offset + best]) best = c;
  return best;
}

/**
 * Accuracy per class from a confusion matrix: the diagonal over each row's sum (NaN for a class
 * that never occurs).
 *
 * @param confusion Rows are true labels, columns predictions.
 * @returns One accuracy per class.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(perClassAccuracy([[3, 1], [0, 2]]), [0.75, 1]);
 * ```
 */
export function perClassAccuracy(confusion: readonly (readonly number[])[]): number[] {
  return confusion.map((row, c) => row[c] / row.reduce((s, v) => s + v, 0));
}
