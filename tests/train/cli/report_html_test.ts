import assert from "node:assert";
import {
  classBars,
  confusionHeatmap,
  digitFigure,
  escapeHtml,
  lineChart,
  reportHtml,
} from "../../../src/train/cli/report_html.ts";

const history = [1, 2, 3].map((epoch) => ({
  epoch,
  trainLoss: 1 / epoch,
  testLoss: 0.8 / epoch,
  testAccuracy: 0.9 + epoch / 100,
  lr: 0.1,
  seconds: 2,
  samplesPerSecond: 30000,
}));
const confusion = [[50, 2, 0], [1, 40, 9], [0, 0, 48]];
const final = { accuracy: 138 / 150, loss: 0.3, confusion, predictions: new Uint8Array(150) };

Deno.test("reportHtml() is one self-contained page with charts and a heat map", () => {
  const html = reportHtml({
    title: "MNIST <test> & co",
    facts: [["seed", "7"], ["model", "784-128-64-10"]],
    history,
    final,
    seconds: 12.5,
    digits: [{ pixels: new Float32Array(784).fill(0.5), predicted: 3, label: 5 }],
    imageShape: { rows: 28, cols: 28 },
  });
  assert.match(html, /^<!DOCTYPE html>\n<html lang="en">/);
  assert.match(html, /<\/html>\n$/);
  assert.doesNotMatch(html, /<script|<link|<img|url\(|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
  assert.strictEqual(
    html.match(/<svg/g)?.length,
    5,
    "loss, accuracy, heat map, class bars, one digit",
  );
  assert.match(html, /<title>MNIST &lt;test&gt; &amp; co<\/title>/);
  assert.match(html, /<b>92\.00%<\/b><span>test accuracy<\/span>/);
  assert.match(html, /<b>12 \/ 150<\/b>/);
  assert.match(html, /<td>seed<\/td><td>7<\/td>/);
  assert.match(html, /predicted 3, true 5/);
});

Deno.test("lineChart() plots one point per epoch for every series", () => {
  const svg = lineChart([
    { label: "a", color: "#00f", values: [3, 2, 1] },
    { label: "b", color: "#f00", values: [2, 2, 2] },
  ], { yTitle: "loss", yMin: 0 });
  assert.strictEqual(svg.match(/<circle/g)?.length, 6);
  assert.strictEqual(svg.match(/<polyline/g)?.length, 2);
  assert.match(svg, /<title>a, epoch 3: 1<\/title>/);
});

Deno.test("lineChart() copes with a single epoch and a flat series", () => {
  const svg = lineChart([{ label: "acc", color: "#0a0", values: [0.5] }], { yTitle: "x" });
  assert.doesNotMatch(svg, /NaN|Infinity/);
  assert.strictEqual(svg.match(/<circle/g)?.length, 1);
});

Deno.test("confusionHeatmap() colours the diagonal green and mistakes red, darker for more", () => {
  const svg = confusionHeatmap(confusion);
  assert.strictEqual(svg.match(/<rect/g)?.length, 9);
  const fill = (r: number, c: number) =>
    svg.match(new RegExp(`fill="([^"]+)"><title>true ${r}, predicted ${c}:`))?.[1];
  assert.match(fill(0, 0)!, /^rgb\(\d+,\d+,\d+\)$/);
  const [g] = fill(0, 0)!.match(/\d+/g)!.slice(1).map(Number);
  assert.ok(g > 100, "diagonal is green");
  const red = (r: number, c: number) => Number(fill(r, c)!.match(/\d+/g)![1]);
  assert.ok(red(1, 2) < red(0, 1), "9 mistakes are darker than 2");
  assert.strictEqual(fill(0, 2), "#fafafa");
  assert.match(svg, /<title>true 1, predicted 2: 9<\/title>/);
});

Deno.test("classBars() writes each class's accuracy and n/a for an absent class", () => {
  const svg = classBars([[3, 1, 0], [0, 4, 0], [0, 0, 0]]);
  assert.match(svg, />75\.00%</);
  assert.match(svg, />100\.00%</);
  assert.match(svg, />n\/a</);
  assert.doesNotMatch(svg, /NaN/);
});

Deno.test("digitFigure() draws inked pixels only, and marks a mistake", () => {
  const fig = digitFigure({ pixels: new Float32Array([0, 1, 0, 0.25]), predicted: 1, label: 1 }, {
    rows: 2,
    cols: 2,
  });
  assert.strictEqual(fig.match(/<rect/g)?.length, 3);
  assert.match(fig, /fill-opacity="0.25"/);
  assert.match(fig, /class="right"/);
});

Deno.test("escapeHtml() escapes the five special characters", () => {
  assert.strictEqual(
    escapeHtml(`<a href='x'>"&"</a>`),
    "&lt;a href=&#39;x&#39;&gt;&quot;&amp;&quot;&lt;/a&gt;",
  );
});
