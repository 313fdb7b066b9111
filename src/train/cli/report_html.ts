/**
 * The training report: one self-contained HTML page (no scripts, no external files) with inline SVG
 * charts of the loss per batch (smoothed) and per epoch, the learning rate, the test accuracy, the
 * confusion matrix as a heat map, accuracy per class, the run (command, date, versions, data set and
 * digests, gradient check), and the test digits the network got wrong with its probabilities. It
 * reads on a phone: nothing is wider than a 320-pixel screen.
 *
 * @module
 */
import { type Evaluation, perClassAccuracy } from "../evaluate.ts";
import type { EpochRecord } from "../loop.ts";
import { grouped, percent } from "./progress.ts";
import type { LabeledDigit } from "./terminal_digits.ts";
import { type BatchLosses, smooth } from "./batch_losses.ts";

/** Everything the report shows. */
export interface ReportData {
  /** Page title, e.g. the model's name. */
  readonly title: string;
  /** Hyper-parameters and facts, shown as a table in this order. */
  readonly facts: readonly (readonly [string, string])[];
  /** The run: command line, date, versions, data set, backend, gradient check. */
  readonly run: readonly (readonly [string, string])[];
  /** One record per epoch. */
  readonly history: readonly EpochRecord[];
  /** The loss of every batch. */
  readonly batches: BatchLosses;
  /** The learning rate over the run, against the epoch position. */
  readonly lr: { readonly at: readonly number[]; readonly lr: readonly number[] };
  /** The final test score. */
  readonly final: Evaluation;
  /** Wall time of the run in seconds. */
  readonly seconds: number;
  /** Misclassified (or any) test digits to show. */
  readonly digits: readonly LabeledDigit[];
  /** Pixel shape of the digits. */
  readonly imageShape: { readonly rows: number; readonly cols: number };
}

/**
 * Escapes text for HTML.
 *
 * @param s The text.
 * @returns The escaped text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(escapeHtml('<a & "b">'), "&lt;a &amp; &quot;b&quot;&gt;");
 * ```
 */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** A data series of a line chart: points (x, y), or one value per epoch (`values`). */
export type Series =
  & {
    /** Legend label. */
    readonly label: string;
    /** CSS color. */
    readonly color: string;
    /** Whether to mark each point with a dot (default true). */
    readonly dots?: boolean;
  }
  & (
    | {
      /** x of each point (the epoch position). */
      readonly x: readonly number[];
      /** y of each point; a non-finite value leaves a gap. */
      readonly y: readonly number[];
    }
    /** One value per epoch, at x = 1, 2, …; a non-finite value leaves a gap. */
    | { readonly values: readonly number[] }
  );

/**
 * A series of one value per epoch, at x = 1, 2, ….
 *
 * @param label Legend label.
 * @param color CSS color.
 * @param y One value per epoch.
 * @returns The series.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(perEpoch("a", "#000", [5, 6]).x, [1, 2]);
 * ```
 */
export function perEpoch(
  label: string,
  color: string,
  y: readonly number[],
): Series & { x: readonly number[]; y: readonly number[] } {
  return { label, color, x: y.map((_, i) => i + 1), y };
}

/** The points of a series. */
function pointsOf(s: Series): { x: readonly number[]; y: readonly number[] } {
  return "values" in s ? perEpoch(s.label, s.color, s.values) : s;
}

/** Rounds an axis step to 1, 2 or 5 × 10ᵏ. */
function niceStep(span: number, ticks: number): number {
  const raw = span / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const f = raw / mag;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * mag;
}

const fmtTick = (v: number, step: number) => {
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return v.toFixed(decimals);
};

/**
 * An SVG line chart of series against the epoch, with axes, grid, ticks and a legend. Non-finite
 * values are left out (a gap), never drawn at NaN.
 *
 * @param series The lines.
 * @param options Axis title, the y range (taken from the data when left out), a y-tick formatter
 * and the x range (default from the data).
 * @returns The `<svg>` element as text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const svg = lineChart([perEpoch("loss", "#c00", [1, 0.5, NaN])], { yTitle: "loss" });
 * assert.match(svg, /^<svg[^>]*viewBox="0 0 560 300"/);
 * assert.strictEqual(svg.match(/<circle/g)?.length, 2);
 * assert.doesNotMatch(svg, /NaN/);
 * ```
 */
export function lineChart(
  series: readonly Series[],
  options: {
    yTitle: string;
    yMin?: number;
    yMax?: number;
    yFormat?: (v: number) => string;
    xMin?: number;
    xMax?: number;
  },
): string {
  const W = 560, H = 300, left = 64, right = 16, top = 34, bottom = 44;
  const all = series.flatMap((s) => pointsOf(s).y).filter(Number.isFinite);
  const xs = series.flatMap((s) => pointsOf(s).x);
  const x0 = options.xMin ?? Math.min(1, ...xs);
  const x1 = Math.max(x0 + 1, options.xMax ?? Math.max(...xs, 1));
  let lo = options.yMin ?? (all.length ? Math.min(...all) : 0);
  let hi = options.yMax ?? (all.length ? Math.max(...all) : 1);
  if (!(hi > lo)) [lo, hi] = [lo - 0.5, hi + 0.5];
  const step = niceStep(hi - lo, 5);
  lo = options.yMin ?? Math.floor(lo / step) * step;
  hi = options.yMax ?? Math.ceil(hi / step) * step;
  const x = (e: number) => left + (e - x0) / (x1 - x0) * (W - left - right);
  const y = (v: number) => top + (hi - v) / (hi - lo) * (H - top - bottom);
  const fmtY = options.yFormat ?? ((v: number) => fmtTick(v, step));
  const parts: string[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) {
    parts.push(
      `<line x1="${left}" x2="${W - right}" y1="${y(v)}" y2="${y(v)}" class="grid"/>`,
      `<text x="${left - 8}" y="${y(v) + 4}" text-anchor="end">${escapeHtml(fmtY(v))}</text>`,
    );
  }
  const xStep = Math.max(1, niceStep(x1 - x0, 10));
  for (let e = Math.ceil(x0 / xStep) * xStep; e <= x1 + 1e-9; e += xStep) {
    parts.push(`<text x="${x(e)}" y="${H - bottom + 18}" text-anchor="middle">${e}</text>`);
  }
  parts.push(
    `<line x1="${left}" x2="${W - right}" y1="${H - bottom}" y2="${H - bottom}" class="axis"/>`,
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${H - bottom}" class="axis"/>`,
    `<text x="${(left + W - right) / 2}" y="${
      H - 6
    }" text-anchor="middle" class="title">epoch</text>`,
    `<text transform="translate(14 ${
      (top + H - bottom) / 2
    }) rotate(-90)" text-anchor="middle" class="title">${escapeHtml(options.yTitle)}</text>`,
  );
  let legendX = left + 12;
  for (const s of series) {
    const p = pointsOf(s);
    const finite = p.y.map((v, i) => [p.x[i], v]).filter(([, v]) => Number.isFinite(v));
    const pts = finite.map(([e, v]) => `${x(e).toFixed(1)},${y(v).toFixed(1)}`);
    parts.push(
      `<polyline points="${pts.join(" ")}" fill="none" stroke="${s.color}" stroke-width="${
        s.dots === false ? 1.5 : 2.5
      }"/>`,
      ...(s.dots === false
        ? []
        : finite.map(([e, v]) =>
          `<circle cx="${x(e).toFixed(1)}" cy="${
            y(v).toFixed(1)
          }" r="3.5" fill="${s.color}"><title>${
            escapeHtml(`${s.label}, epoch ${e}: ${fmtY(v)}`)
          }</title></circle>`
        )),
      `<rect x="${legendX}" y="10" width="14" height="4" fill="${s.color}"/>`,
      `<text x="${legendX + 20}" y="16">${escapeHtml(s.label)}</text>`,
    );
    legendX += 40 + 6.5 * s.label.length;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" class="chart">${
    parts.join("")
  }</svg>`;
}

/**
 * The confusion matrix as an SVG heat map: the diagonal in green by each class's accuracy, mistakes
 * in red by count (square-root scale, so that a few errors still show), every count written in.
 *
 * @param confusion classes × classes counts, rows true labels.
 * @returns The `<svg>` element as text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const svg = confusionHeatmap([[9, 1], [0, 10]]);
 * assert.strictEqual(svg.match(/<rect/g)?.length, 4);
 * ```
 */
export function confusionHeatmap(confusion: readonly (readonly number[])[]): string {
  const k = confusion.length;
  const cell = 44, left = 70, top = 60;
  const size = left + k * cell + 16;
  const accuracy = perClassAccuracy(confusion);
  const maxOff = Math.max(1, ...confusion.flatMap((row, r) => row.filter((_, c) => c !== r)));
  const parts: string[] = [];
  confusion.forEach((row, r) =>
    row.forEach((v, c) => {
      const diag = r === c;
      const t = diag ? (Number.isNaN(accuracy[r]) ? 0 : accuracy[r]) : Math.sqrt(v / maxOff);
      const fill = diag
        ? mix([232, 245, 233], [27, 122, 62], t)
        : v === 0
        ? "#fafafa"
        : mix([253, 236, 234], [192, 37, 26], t);
      const dark = diag ? t > 0.5 : t > 0.55;
      parts.push(
        `<rect x="${left + c * cell}" y="${top + r * cell}" width="${cell - 2}" height="${
          cell - 2
        }" rx="3" fill="${fill}"><title>true ${r}, predicted ${c}: ${v}</title></rect>`,
        `<text x="${left + c * cell + cell / 2 - 1}" y="${
          top + r * cell + cell / 2 + 4
        }" text-anchor="middle" class="${dark ? "on-dark" : "on-light"}">${
          v === 0 ? "" : v
        }</text>`,
      );
    })
  );
  for (let i = 0; i < k; i++) {
    parts.push(
      `<text x="${left + i * cell + cell / 2 - 1}" y="${
        top - 8
      }" text-anchor="middle" class="title">${i}</text>`,
      `<text x="${left - 10}" y="${
        top + i * cell + cell / 2 + 4
      }" text-anchor="end" class="title">${i}</text>`,
    );
  }
  parts.push(
    `<text x="${left + k * cell / 2}" y="${
      top - 32
    }" text-anchor="middle" class="title">predicted</text>`,
    `<text transform="translate(22 ${
      top + k * cell / 2
    }) rotate(-90)" text-anchor="middle" class="title">true label</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${
    top + k * cell + 10
  }" class="heatmap">${parts.join("")}</svg>`;
}

/** Linear blend of two RGB colours, as a CSS colour. */
function mix(a: number[], b: number[], t: number): string {
  const c = a.map((v, i) => Math.round(v + (b[i] - v) * Math.min(1, Math.max(0, t))));
  return `rgb(${c.join(",")})`;
}

/**
 * Accuracy per class as horizontal SVG bars.
 *
 * @param confusion classes × classes counts.
 * @returns The `<svg>` element as text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.match(classBars([[3, 1], [0, 4]]), /75.00%/);
 * ```
 */
export function classBars(confusion: readonly (readonly number[])[]): string {
  const acc = perClassAccuracy(confusion);
  const valid = acc.filter((a) => !Number.isNaN(a));
  const lo = Math.max(0, Math.floor(Math.min(1, ...valid) * 20 - 1) / 20);
  const W = 560, rowH = 30, left = 30, right = 80;
  const x = (a: number) => left + (a - lo) / (1 - lo) * (W - left - right);
  const parts = acc.map((a, c) => {
    const y = 10 + c * rowH;
    const v = Number.isNaN(a) ? lo : a;
    return `<text x="${left - 8}" y="${y + 15}" text-anchor="end" class="title">${c}</text>` +
      `<rect x="${left}" y="${y}" width="${x(v) - left}" height="${
        rowH - 8
      }" rx="3" fill="#3b6fb6"/>` +
      `<text x="${x(v) + 6}" y="${y + 14}">${Number.isNaN(a) ? "n/a" : percent(a)}</text>`;
  });
  parts.push(
    `<text x="${left}" y="${20 + acc.length * rowH}" class="note">axis from ${percent(lo)}</text>`,
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${
    30 + acc.length * rowH
  }" class="bars">${parts.join("")}</svg>`;
}

/**
 * One digit as a small SVG image, a rect per inked pixel.
 *
 * @param digit The pixels and labels.
 * @param shape Pixel rows and cols.
 * @returns A `<figure>` holding the `<svg>` and a caption.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const fig = digitFigure({ pixels: new Float32Array([0, 1, 0.5, 0]), predicted: 1, label: 7 }, { rows: 2, cols: 2 });
 * assert.strictEqual(fig.match(/<rect/g)?.length, 3);
 * assert.match(fig, /predicted 1<br>true 7/);
 * ```
 */
export function digitFigure(
  digit: LabeledDigit,
  shape: { readonly rows: number; readonly cols: number },
): string {
  const { rows, cols } = shape;
  const rects = [`<rect width="${cols}" height="${rows}" fill="#fff"/>`];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = digit.pixels[r * cols + c];
      if (v > 0) {
        rects.push(
          `<rect x="${c}" y="${r}" width="1.02" height="1.02" fill="#111" fill-opacity="${
            v.toFixed(2)
          }"/>`,
        );
      }
    }
  }
  const ok = digit.predicted === digit.label;
  const p = digit.probabilities;
  const pct = (c: number) => (p ? ` (${(100 * p[c]).toFixed(p[c] < 0.1 ? 1 : 0)}%)` : "");
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${cols} ${rows}" shape-rendering="crispEdges">${
    rects.join("")
  }</svg><figcaption class="${ok ? "right" : "wrong"}">predicted ${digit.predicted}${
    pct(digit.predicted)
  }<br>true ${digit.label}${pct(digit.label)}</figcaption></figure>`;
}

const STYLE = `
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f3f5f8;color:#1d2330}
header{background:#1f2a44;color:#fff;padding:22px 32px}
header h1{margin:0;font-size:22px;font-weight:600;overflow-wrap:anywhere}
header p{margin:4px 0 0;color:#c5cde0}
main{padding:20px 32px 40px;display:grid;grid-template-columns:repeat(auto-fit,minmax(min(460px,100%),1fr));gap:20px;max-width:1500px}
section{background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:16px 20px;min-width:0}
section h2{margin:0 0 10px;font-size:16px;font-weight:600}
.cards{display:flex;gap:14px;flex-wrap:wrap;grid-column:1/-1}
.card{background:#fff;border-radius:10px;box-shadow:0 1px 3px rgba(0,0,0,.08);padding:14px 20px;min-width:150px;flex:1 1 150px}
.card b{display:block;font-size:28px;font-weight:650;color:#1b7a3e}
.card span{color:#5b6475;font-size:13px}
svg{width:100%;height:auto;font-size:12px;fill:#333}
.grid{stroke:#e6e9ef}.axis{stroke:#8a93a5}
.title{font-weight:600;fill:#444}.note{fill:#888;font-size:11px}
.on-dark{fill:#fff;font-weight:600}.on-light{fill:#333}
table{border-collapse:collapse;width:100%;table-layout:fixed}td{padding:4px 8px;border-bottom:1px solid #eef0f4;overflow-wrap:anywhere;vertical-align:top}
td:first-child{color:#5b6475;width:34%}
code{font:12px/1.4 ui-monospace,Menlo,Consolas,monospace}
.gallery{display:flex;flex-wrap:wrap;gap:10px}
figure{margin:0;width:92px;text-align:center}
figure svg{width:84px;height:84px;border:1px solid #dde2ea;border-radius:4px}
figcaption{font-size:11px;line-height:1.3}.wrong{color:#c0251a}.right{color:#1b7a3e}
.wide{grid-column:1/-1}
@media (max-width:560px){header{padding:16px}main{padding:12px;gap:12px}section{padding:12px}.card{padding:10px 14px}.card b{font-size:22px}}
`;

/**
 * The whole report page.
 *
 * @param data What to show.
 * @returns The HTML text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const final = { accuracy: 0.5, loss: 0.7, confusion: [[1, 1], [0, 0]], predictions: new Uint8Array(2) };
 * const history = [{ epoch: 1, trainLoss: 0.8, testLoss: 0.7, testAccuracy: 0.5, lr: 0.1, seconds: 1, samplesPerSecond: 2 }];
 * const batches = { losses: [0.9, 0.7], at: [0.5, 1] };
 * const lr = { at: [0, 0.5], lr: [0.1, 0.1] };
 * const html = reportHtml({ title: "t", facts: [["seed", "1"]], run: [], history, batches, lr, final, seconds: 1, digits: [], imageShape: { rows: 28, cols: 28 } });
 * assert.match(html, /^<!DOCTYPE html>/);
 * assert.ok(!html.includes("<script"));
 * assert.strictEqual(html.match(/<svg/g)?.length, 5);
 * ```
 */
export function reportHtml(data: ReportData): string {
  const { history, final } = data;
  const total = final.confusion.flat().reduce((s, v) => s + v, 0);
  const errors = total - final.confusion.reduce((s, row, c) => s + row[c], 0);
  const rate = history.length === 0
    ? "—"
    : grouped(history.reduce((s, r) => s + r.samplesPerSecond, 0) / history.length);
  const accs = history.map((r) => 100 * r.testAccuracy);
  const accLo = Math.max(0, Math.floor(Math.min(...accs, 100) - 0.5));
  const cards = [
    [percent(final.accuracy), "test accuracy"],
    [`${errors} / ${grouped(total)}`, "test images misclassified"],
    [final.loss.toFixed(4), "test loss"],
    [`${data.seconds.toFixed(1)} s`, "wall time"],
    [rate, "training samples/s"],
  ].map(([v, label]) => `<div class="card"><b>${escapeHtml(v)}</b><span>${label}</span></div>`);
  const table = (rows: readonly (readonly [string, string])[]) =>
    `<table>${
      rows.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join("")
    }</table>`;
  const wrongShown = data.digits.filter((d) => d.predicted !== d.label).length;
  const batches = downsample(data.batches, 600);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(data.title)}</title><style>${STYLE}</style></head>
<body><header><h1>${escapeHtml(data.title)}</h1><p>${history.length} epochs, ${
    grouped(total)
  } test images</p></header>
<main>
<div class="cards">${cards.join("")}</div>
<section><h2>Loss per batch (smoothed) and per epoch</h2>${
    lineChart([
      { label: "batch (smoothed)", color: "#9db4d8", ...batches, dots: false },
      perEpoch("training (epoch mean)", "#3b6fb6", history.map((r) => r.trainLoss)),
      perEpoch("test", "#e07b24", history.map((r) => r.testLoss)),
    ], { yTitle: "cross-entropy", yMin: 0, xMin: 0 })
  }</section>
<section><h2>Test accuracy per epoch</h2>${
    lineChart([perEpoch("test accuracy", "#1b7a3e", accs)], {
      yTitle: "accuracy (%)",
      yMin: accLo,
      yMax: 100,
      yFormat: (v) => `${Number(v.toFixed(2))}%`,
    })
  }</section>
<section><h2>Learning rate</h2>${
    lineChart([{
      label: "learning rate η",
      color: "#7a4fb6",
      x: data.lr.at,
      y: data.lr.lr,
      dots: false,
    }], {
      yTitle: "η",
      yMin: 0,
      xMin: 0,
      xMax: Math.max(1, history.length),
    })
  }</section>
<section><h2>Confusion matrix</h2>${confusionHeatmap(final.confusion)}</section>
<section><h2>Accuracy per class</h2>${classBars(final.confusion)}</section>
<section><h2>Hyper-parameters</h2>${table(data.facts)}</section>
<section><h2>Run</h2>${table(data.run)}</section>
<section class="wide"><h2>Misclassified test digits</h2><p>${wrongShown} of ${errors} misclassified shown${
    wrongShown
      ? ", each with the network's probability of its prediction and of the true class"
      : ""
  }.</p><div class="gallery">${
    data.digits.map((d) => digitFigure(d, data.imageShape)).join("")
  }</div></section>
</main></body></html>
`;
}

/** The smoothed batch losses at no more than `points` points, so the page stays small. */
function downsample(b: BatchLosses, points: number): { x: number[]; y: number[] } {
  const smoothed = smooth(b.losses, 0.98);
  const every = Math.max(1, Math.ceil(smoothed.length / points));
  const x: number[] = [];
  const y: number[] = [];
  for (let i = every - 1; i < smoothed.length; i += every) {
    x.push(b.at[i]);
    y.push(smoothed[i]);
  }
  return { x, y };
}
