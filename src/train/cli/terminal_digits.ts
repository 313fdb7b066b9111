/**
 * Digits drawn in a terminal: a 28×28 image reduced over 2×2 blocks into 14×14 shades of
 * ` ░▒▓█`, each shade printed twice so that the digit keeps its aspect in a terminal cell of about
 * 1:2, with its predicted and true labels underneath. A block's shade is the mean of its mean and
 * its maximum, so that one-pixel strokes stay visible.
 *
 * @module
 */

/** The shades, from background (0) to ink (1). */
const SHADES = [" ", "░", "▒", "▓", "█"];

/**
 * Draws one image as text lines.
 *
 * @param pixels rows × cols values in [0, 1], row-major.
 * @param shape rows and cols (28 × 28 for MNIST); odd sizes lose their last row or column.
 * @returns rows/2 lines of cols characters.
 * @example A 2×2 image of full ink is one cell, drawn twice
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(drawDigit(new Float32Array([1, 1, 1, 1]), { rows: 2, cols: 2 }), ["██"]);
 * ```
 */
export function drawDigit(pixels: Float32Array, shape: { rows: number; cols: number }): string[] {
  const { rows, cols } = shape;
  const lines: string[] = [];
  for (let r = 0; r + 1 < rows; r += 2) {
    let line = "";
    for (let c = 0; c + 1 < cols; c += 2) {
      const block = [
        pixels[r * cols + c],
        pixels[r * cols + c + 1],
        pixels[(r + 1) * cols + c],
        pixels[(r + 1) * cols + c + 1],
      ];
      const v = ((block[0] + block[1] + block[2] + block[3]) / 4 + Math.max(...block)) / 2;
      const shade = SHADES[Math.min(SHADES.length - 1, Math.round(v * (SHADES.length - 1)))];
      line += shade + shade;
    }
    lines.push(line);
  }
  return lines;
}

/** One digit to draw, with its labels. */
export interface LabeledDigit {
  /** rows × cols pixels in [0, 1]. */
  readonly pixels: Float32Array;
  /** The class the network chose. */
  readonly predicted: number;
  /** The true class. */
  readonly label: number;
  /** The network's probability of each class, when known. */
  readonly probabilities?: Float32Array;
}

/**
 * Draws digits side by side, as many per row as fit the width, each captioned
 * `predicted 7, true 7 ✓` (or ✗).
 *
 * @param digits The digits.
 * @param options Image shape and the terminal width in characters.
 * @returns The drawing, lines joined with newlines.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const one = { pixels: new Float32Array(4).fill(1), predicted: 3, label: 5 };
 * assert.strictEqual(drawDigits([one], { rows: 2, cols: 2, width: 80 }), "██\n3≠5 ✗");
 * ```
 */
export function drawDigits(
  digits: readonly LabeledDigit[],
  options: { rows: number; cols: number; width: number },
): string {
  const cellWidth = Math.max(2 * Math.floor(options.cols / 2), 12);
  const perRow = Math.max(1, Math.floor((options.width + 2) / (cellWidth + 2)));
  const blocks: string[] = [];
  for (let start = 0; start < digits.length; start += perRow) {
    const row = digits.slice(start, start + perRow);
    const drawn = row.map((d) => drawDigit(d.pixels, options));
    const captions = row.map((d) => caption(d, options.cols));
    let lines: string[] = [];
    for (let k = 0; k < drawn[0].length; k++) {
      lines.push(drawn.map((g) => g[k].padEnd(cellWidth)).join("  ").trimEnd());
    }
    // Rows blank in every digit of the block only add height.
    const first = lines.findIndex((l) => l !== "");
    lines = first < 0 ? [] : lines.slice(first, lines.findLastIndex((l) => l !== "") + 1);
    lines.push(captions.map((c) => c.padEnd(cellWidth)).join("  ").trimEnd());
    blocks.push(lines.join("\n"));
  }
  return blocks.join("\n\n");
}

function caption(d: LabeledDigit, cols: number): string {
  if (cols >= 24) {
    return `predicted ${d.predicted}, true ${d.label} ${d.predicted === d.label ? "✓" : "✗"}`;
  }
  return d.predicted === d.label ? `${d.label} ✓` : `${d.predicted}≠${d.label} ✗`;
}

/**
 * Picks digits worth showing: the first `right` correctly classified test images and the first
 * `wrong` misclassified ones.
 *
 * @param predictions Predicted class of every image.
 * @param labels True class of every image.
 * @param counts How many right and wrong to pick.
 * @returns Image indices, right ones first.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const picked = pickDigits(new Uint8Array([1, 2, 3, 4]), new Uint8Array([1, 0, 3, 0]), { right: 1, wrong: 5 });
 * assert.deepStrictEqual(picked, [0, 1, 3]);
 * ```
 */
export function pickDigits(
  predictions: Uint8Array,
  labels: Uint8Array,
  counts: { right: number; wrong: number },
): number[] {
  const right: number[] = [];
  const wrong: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    if (predictions[i] === labels[i]) {
      if (right.length < counts.right) right.push(i);
    } else if (wrong.length < counts.wrong) wrong.push(i);
    if (right.length === counts.right && wrong.length === counts.wrong) break;
  }
  return [...right, ...wrong];
}
