/**
 * The live view of a training run on a terminal: one line redrawn in place, fitted to the width,
 * for loading, the gradient check, then a bar with the running loss, elapsed time and time left.
 * Logs get nothing from it (the results already give one line per epoch); plus the line formats.
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
 * Seconds as `m:ss`, or `h:mm:ss` from an hour on.
 *
 * @param seconds The duration.
 * @returns Its text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(clock(83.6), "1:24");
 * assert.strictEqual(clock(3725), "1:02:05");
 * ```
 */
export function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const [h, m, ss] = [Math.floor(s / 3600), Math.floor(s / 60) % 60, s % 60];
  const two = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${two(m)}:${two(ss)}` : `${m}:${two(ss)}`;
}

/**
 * A line cut to fit a terminal of `columns` columns without wrapping (the last column is left free,
 * since some terminals wrap on writing it).
 *
 * @param text One line.
 * @param columns The terminal's width.
 * @returns The line, at most `columns − 1` characters.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(fitLine("abcdef", 4), "abc");
 * ```
 */
export function fitLine(text: string, columns: number): string {
  const chars = [...text];
  return chars.length < columns ? text : chars.slice(0, Math.max(0, columns - 1)).join("");
}

/** Where a run stands, for the live line. */
export interface RunClock {
  /** Seconds since training began. */
  readonly elapsed: number;
  /** Seconds left, estimated from the pace so far; undefined before any step. */
  readonly eta?: number;
}

/**
 * One progress-bar line, fitted to the terminal: the bar narrows, then the speed and the bar go,
 * before anything is cut.
 *
 * @param p Progress within the epoch.
 * @param options The number of epochs, the terminal width, and the elapsed time and estimate.
 * @returns For example `epoch 3/10 [████░░] 34%  loss 0.2345  0:12 elapsed, 1:40 left  12,345/s`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const p = { epoch: 1, done: 50, total: 100, loss: 0.5, seconds: 0.01 };
 * const line = progressLine(p, { epochs: 2, columns: 200, clock: { elapsed: 1, eta: 3 } });
 * assert.strictEqual(line, `epoch 1/2 [${"█".repeat(15)}${"░".repeat(15)}]  50%  loss 0.5000  0:01 elapsed, 0:03 left  5,000 samples/s`);
 * assert.ok(progressLine(p, { epochs: 2, columns: 50, clock: { elapsed: 1, eta: 3 } }).length < 50);
 * ```
 */
export function progressLine(
  p: StepProgress,
  options: { epochs: number; columns: number; clock: RunClock },
): string {
  const { clock: c } = options;
  const pct = `${Math.floor(100 * p.done / p.total)}%`.padStart(4);
  const loss = `loss ${p.loss.toFixed(4)}`;
  const eta = c.eta === undefined ? "" : `, ${clock(c.eta)} left`;
  const rate = p.seconds > 0 ? `  ${grouped(p.done / p.seconds)} samples/s` : "";
  const bar = (width: number) => {
    const filled = Math.round(width * p.done / p.total);
    return ` [${"█".repeat(filled)}${"░".repeat(width - filled)}]`;
  };
  const full = (width: number, tail: string) =>
    `epoch ${p.epoch}/${options.epochs}${width > 0 ? bar(width) : ""} ${pct}  ${loss}  ` +
    `${clock(c.elapsed)} elapsed${eta}${tail}`;
  for (const tail of [rate, ""]) {
    const room = options.columns - 1 - full(0, tail).length - 3;
    if (room >= 8) return full(Math.min(30, room), tail);
  }
  // narrower terminals: the bar and the words go, the figures stay
  const short = `${p.epoch}/${options.epochs} ${pct.trim()} ${loss} ${clock(c.elapsed)}` +
    (c.eta === undefined ? "" : ` ETA ${clock(c.eta)}`);
  return fitLine(full(0, "").length < options.columns ? full(0, "") : short, options.columns);
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
  /** Whether the sink is a terminal (then the live line is redrawn in place). */
  readonly tty: boolean;
  /** Terminal width, to fit the live line (80 when unknown). */
  readonly columns?: number;
}

/** The live view of a run. */
export interface LiveView {
  /** A line for a phase without steps (loading, the gradient check); replaced by the next. */
  status(text: string): void;
  /** After every training step. */
  onStep(p: StepProgress): void;
  /** After every epoch: clears the live line (the epoch's line is the results' to print). */
  onEpoch(r: EpochRecord): void;
  /** Clears the live line. */
  clear(): void;
}

/**
 * The live view on a sink. On a terminal, one line redrawn in place (at most ten times a second),
 * fitted to its width: phases such as loading, then a bar with elapsed time and an estimate of the
 * time left. Anywhere else (a log, CI) it writes nothing: the run's results already give one line
 * per epoch, and a log that takes both stdout and stderr would get each epoch twice.
 *
 * @param sink Where to write.
 * @param options Epochs of the run, and a clock in seconds (default `performance.now() / 1000`).
 * @returns The view.
 * @example On a terminal of 40 columns
 * ```ts
 * import assert from "node:assert";
 * let out = "";
 * const view = liveView({ write: (s) => out += s, tty: true, columns: 40 }, { epochs: 2, now: () => 0 });
 * view.status("loading MNIST…");
 * assert.strictEqual(out, "\rloading MNIST…\x1b[K");
 * view.onStep({ epoch: 1, done: 10, total: 100, loss: 0.5, seconds: 1 });
 * assert.ok(out.split("\r").every((line) => line.length <= 39 + 3));
 * ```
 */
export function liveView(
  sink: ProgressSink,
  options: { epochs: number; now?: () => number },
): LiveView {
  const now = options.now ?? (() => performance.now() / 1000);
  const columns = sink.columns ?? 80;
  const started = now();
  let lastDraw = -Infinity;
  let shown = false;
  const draw = (line: string) => {
    if (!sink.tty) return;
    sink.write(`\r${fitLine(line, columns)}\x1b[K`);
    shown = true;
  };
  const clear = () => {
    if (shown) sink.write("\r\x1b[K");
    shown = false;
  };
  return {
    status: draw,
    onStep(p) {
      const t = now();
      if (!sink.tty || (t - lastDraw < 0.1 && p.done < p.total)) return;
      lastDraw = t;
      const elapsed = t - started;
      const fraction = (p.epoch - 1 + p.done / p.total) / options.epochs;
      const eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : undefined;
      draw(progressLine(p, { epochs: options.epochs, columns, clock: { elapsed, eta } }));
    },
    onEpoch() {
      lastDraw = -Infinity;
      clear();
    },
    clear,
  };
}
