/**
 * Training progress for a terminal: on a TTY, a bar redrawn in place (samples/s, running loss);
 * otherwise, as in a log file or CI, one line per epoch.
 *
 * @module
 */
import type { EpochRecord, StepProgress } from "../loop.ts";

/**
 * A number with thousands separators and no decimals: `12,345`.
 *
 * @param x The number.
 * @returns Its text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(grouped(12345.6), "12,346");
 * ```
 */
export function grouped(x: number): string {
  return Math.round(x).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * One progress-bar line.
 *
 * @param p Progress within the epoch.
 * @param options The number of epochs, and the bar's width in characters.
 * @returns For example `epoch 3/10 [████████░░░░] 34% 12,345 samples/s loss 0.2345`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const line = progressLine({ epoch: 1, done: 50, total: 100, loss: 0.5, seconds: 0.01 }, { epochs: 2, width: 4 });
 * assert.strictEqual(line, "epoch 1/2 [██░░]  50%  5,000 samples/s  loss 0.5000");
 * ```
 */
export function progressLine(p: StepProgress, options: { epochs: number; width?: number }): string {
  const width = options.width ?? 30;
  const filled = Math.round(width * p.done / p.total);
  const bar = "█".repeat(filled) + "░".repeat(width - filled);
  const pct = `${Math.floor(100 * p.done / p.total)}%`.padStart(4);
  const rate = p.seconds > 0 ? `${grouped(p.done / p.seconds)} samples/s` : "";
  return `epoch ${p.epoch}/${options.epochs} [${bar}] ${pct}  ${rate}  loss ${p.loss.toFixed(4)}`;
}

/**
 * The line written after an epoch: its time, speed, training loss and test score.
 *
 * @param r The epoch's record.
 * @param epochs The number of epochs.
 * @returns The line.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const r = { epoch: 2, trainLoss: 0.25, testLoss: 0.2, testAccuracy: 0.9512, lr: 0.1, seconds: 2, samplesPerSecond: 30000 };
 * assert.strictEqual(epochLine(r, 5), "epoch 2/5  train loss 0.2500  test loss 0.2000  test accuracy 95.12%  lr 0.1  2.0 s  30,000 samples/s");
 * ```
 */
export function epochLine(r: EpochRecord, epochs: number): string {
  return `epoch ${r.epoch}/${epochs}  train loss ${r.trainLoss.toFixed(4)}  test loss ${
    r.testLoss.toFixed(4)
  }  test accuracy ${percent(r.testAccuracy)}  lr ${Number(r.lr.toPrecision(4))}  ${
    r.seconds.toFixed(1)
  } s  ${grouped(r.samplesPerSecond)} samples/s`;
}

/**
 * A fraction as a percentage with two decimals.
 *
 * @param x The fraction.
 * @returns For example `97.81%`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(percent(0.97812), "97.81%");
 * ```
 */
export function percent(x: number): string {
  return `${(100 * x).toFixed(2)}%`;
}

/** Where progress goes and how. */
export interface ProgressSink {
  /** Writes text as it is (no newline added). */
  write(text: string): void;
  /** Whether the sink is a terminal (then the bar is redrawn in place). */
  readonly tty: boolean;
  /** Terminal width, for the bar. */
  readonly columns?: number;
}

/**
 * Callbacks that draw progress on a sink: on a TTY a live bar, redrawn at most ten times a second and
 * cleared when the epoch ends; otherwise one line per epoch.
 *
 * @param sink Where to write.
 * @param epochs The number of epochs.
 * @returns `onStep` and `onEpoch` for the training loop.
 * @example Not a TTY: one line per epoch
 * ```ts
 * import assert from "node:assert";
 * let out = "";
 * const hooks = progressHooks({ write: (s) => out += s, tty: false }, 1);
 * hooks.onStep({ epoch: 1, done: 10, total: 10, loss: 0.5, seconds: 1 });
 * assert.strictEqual(out, "");
 * hooks.onEpoch({ epoch: 1, trainLoss: 0.5, testLoss: 0.4, testAccuracy: 0.9, lr: 0.1, seconds: 1, samplesPerSecond: 10 });
 * assert.strictEqual(out, "epoch 1/1 done: 10 samples in 1.0 s, 10 samples/s, loss 0.5000\n");
 * ```
 */
export function progressHooks(
  sink: ProgressSink,
  epochs: number,
): { onStep(p: StepProgress): void; onEpoch(r: EpochRecord): void } {
  let lastDraw = -Infinity;
  const width = Math.max(10, Math.min(40, (sink.columns ?? 100) - 60));
  return {
    onStep(p) {
      if (!sink.tty) return;
      const now = performance.now();
      if (now - lastDraw < 100 && p.done < p.total) return;
      lastDraw = now;
      sink.write(`\r${progressLine(p, { epochs, width })}\x1b[K`);
    },
    onEpoch(r) {
      lastDraw = -Infinity;
      if (sink.tty) {
        sink.write("\r\x1b[K");
        return;
      }
      const samples = r.samplesPerSecond * r.seconds;
      sink.write(
        `epoch ${r.epoch}/${epochs} done: ${grouped(samples)} samples in ${
          r.seconds.toFixed(1)
        } s, ` +
          `${grouped(r.samplesPerSecond)} samples/s, loss ${r.trainLoss.toFixed(4)}\n`,
      );
    },
  };
}
