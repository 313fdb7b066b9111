/**
 * The end-of-run summary as text: test accuracy, accuracy per class, the confusion matrix and the
 * time taken.
 *
 * @module
 */
import { type Evaluation, perClassAccuracy } from "../evaluate.ts";
import { percent } from "./progress.ts";
import process from "node:process";

/**
 * The confusion matrix as a table: rows are true labels, columns predictions.
 *
 * @param confusion classes × classes counts.
 * @returns The table's lines.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(confusionTable([[5, 1], [0, 7]]), [
 *   "true\\pred    0   1",
 *   "         0   5   1",
 *   "         1   .   7",
 * ]);
 * ```
 */
export function confusionTable(confusion: readonly (readonly number[])[]): string[] {
  const width = Math.max(4, ...confusion.flat().map((v) => String(v).length + 1));
  const cell = (v: number | string) => String(v === 0 ? "." : v).padStart(width);
  const head = "true\\pred " + confusion.map((_, c) => cell(String(c))).join("");
  return [head, ...confusion.map((row, r) => String(r).padStart(10) + row.map(cell).join(""))];
}

/**
 * The whole summary.
 *
 * @param result The final test score.
 * @param seconds Wall time of the run.
 * @returns The text, lines joined by newlines.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const e = { accuracy: 0.75, loss: 0.5, confusion: [[2, 0], [1, 1]], predictions: new Uint8Array(4) };
 * const text = summaryText(e, 12.3);
 * assert.match(text, /^test accuracy 75.00% \(3 of 4\), test loss 0.5000, 12.3 s$/m);
 * assert.match(text, /class 0: 100.00%/);
 * ```
 */
export function summaryText(result: Evaluation, seconds: number): string {
  const total = result.confusion.flat().reduce((s, v) => s + v, 0);
  const correct = result.confusion.reduce((s, row, c) => s + row[c], 0);
  const perClass = perClassAccuracy(result.confusion)
    .map((a, c) => `class ${c}: ${Number.isNaN(a) ? "n/a" : percent(a)}`);
  const rows: string[] = [];
  for (let k = 0; k < perClass.length; k += 5) {
    rows.push("  " + perClass.slice(k, k + 5).join("  "));
  }
  return [
    `test accuracy ${percent(result.accuracy)} (${correct} of ${total}), test loss ${
      result.loss.toFixed(4)
    }, ${seconds.toFixed(1)} s`,
    "accuracy per class:",
    ...rows,
    "confusion matrix (rows: true label, columns: predicted):",
    ...confusionTable(result.confusion),
  ].join("\n");
}

/**
 * The most resident memory this process has held so far, in bytes: VmHWM of /proc/self/status on
 * Linux (Deno 2 lets only --allow-all read /proc), else getrusage's ru_maxrss through node:process
 * (the same peak, needing no permission), else the current resident size
 * (`Deno.memoryUsage().rss`), which is a lower bound.
 *
 * @returns The bytes and where they were read.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const peak = peakResidentBytes();
 * assert.ok(peak.bytes > 1e6);
 * assert.ok(["VmHWM", "maxRSS", "rss"].includes(peak.source));
 * ```
 */
export function peakResidentBytes(): { bytes: number; source: "VmHWM" | "maxRSS" | "rss" } {
  try {
    const status = Deno.readTextFileSync("/proc/self/status");
    const kB = status.match(/^VmHWM:\s+(\d+) kB$/m);
    if (kB) return { bytes: Number(kB[1]) * 1024, source: "VmHWM" };
  } catch {
    // no /proc (macOS, Windows) or not --allow-all: ask getrusage
  }
  try {
    // ru_maxrss is in kilobytes on Linux (bytes on macOS, where /proc is missing too)
    const maxRSS = process.resourceUsage().maxRSS;
    const bytes = Deno.build.os === "darwin" ? maxRSS : maxRSS * 1024;
    if (bytes > 0) return { bytes, source: "maxRSS" };
  } catch {
    // no getrusage (Windows): fall back to the current size
  }
  return { bytes: Deno.memoryUsage().rss, source: "rss" };
}

/**
 * The line `deno task train` ends with: `peak resident memory: N MB` (MB = 10⁶ bytes).
 *
 * @param bytes The peak (default: this process's, from {@link peakResidentBytes}).
 * @returns The line.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(peakMemoryLine(123_456_789), "peak resident memory: 123 MB");
 * ```
 */
export function peakMemoryLine(bytes: number = peakResidentBytes().bytes): string {
  return `peak resident memory: ${Math.round(bytes / 1e6)} MB`;
}
