/**
 * Training throughput: how many samples per second a backend pushes through SGD steps, and what that
 * makes an epoch of MNIST's 60,000 training images.
 *
 * @module
 */
import { createRng, permutation } from "../../reference/random.ts";
import type { TrainerBackend } from "../backend.ts";
import type { LabeledImages } from "../evaluate.ts";
import { gather } from "../loop.ts";
import { grouped } from "./progress.ts";

/** One measurement. */
export interface BenchResult {
  /** Backend name. */
  readonly backend: string;
  /** Mini-batch size. */
  readonly batch: number;
  /** Samples timed (after the warm-up). */
  readonly samples: number;
  /** Seconds they took. */
  readonly seconds: number;
  /** samples / seconds. */
  readonly samplesPerSecond: number;
}

/**
 * Times SGD steps on shuffled batches of a training set, after a few untimed warm-up steps.
 *
 * @param backend The backend.
 * @param set The training images.
 * @param options Batch size, samples to time, learning rate (default 0.01), and a clock in seconds.
 * @returns The throughput.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { createJsBackend } from "../js_backend.ts";
 * const backend = createJsBackend({ spec: { sizes: [4, 2], hidden: "relu", layout: "row" }, seed: 1 });
 * const set = { images: new Float32Array(40), labels: new Uint8Array(10), count: 10 };
 * const r = benchmarkTraining(backend, set, { batch: 5, samples: 20 });
 * assert.strictEqual(r.samples, 20);
 * assert.ok(r.samplesPerSecond > 0);
 * ```
 */
export function benchmarkTraining(
  backend: TrainerBackend,
  set: LabeledImages,
  options: { batch: number; samples: number; lr?: number; now?: () => number },
): BenchResult {
  const { batch } = options;
  const now = options.now ?? (() => performance.now() / 1000);
  const d = backend.spec.sizes[0];
  const x = set.images instanceof Uint8Array
    ? new Uint8Array(batch * d)
    : new Float32Array(batch * d);
  const labels = new Uint8Array(batch);
  const rng = createRng(1);
  let order = permutation(set.count, rng);
  let at = 0;
  const step = () => {
    if (at + batch > set.count) {
      order = permutation(set.count, rng);
      at = 0;
    }
    const n = gather(set, order.subarray(at, at + batch), { x, labels, d });
    at += n;
    backend.step(x, labels, n, options.lr ?? 0.01);
    return n;
  };
  for (let w = 0; w < 3; w++) step();
  const t0 = now();
  let done = 0;
  while (done < options.samples) done += step();
  const seconds = now() - t0;
  return { backend: backend.name, batch, samples: done, seconds, samplesPerSecond: done / seconds };
}

/**
 * The results as a table: backend, batch, samples/s, and the time of a 60,000-image epoch.
 *
 * @param results The measurements.
 * @param epochSamples Images in an epoch (60,000 for MNIST).
 * @returns The table's lines.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const lines = benchTable([{ backend: "js", batch: 32, samples: 100, seconds: 0.01, samplesPerSecond: 10000 }], 60000);
 * assert.strictEqual(lines[2], "js           32      10,000         6.00 s");
 * ```
 */
export function benchTable(results: readonly BenchResult[], epochSamples: number): string[] {
  const width = Math.max(9, ...results.map((r) => r.backend.length + 1));
  const head = "backend".padEnd(width + 1) + "batch   samples/s   epoch time";
  return [
    head,
    "-".repeat(head.length),
    ...results.map((r) =>
      `${r.backend.padEnd(width)}${String(r.batch).padStart(6)}${
        grouped(r.samplesPerSecond).padStart(12)
      }${`${(epochSamples / r.samplesPerSecond).toFixed(2)} s`.padStart(15)}`
    ),
  ];
}
