import assert from "node:assert";
import {
  classBars,
  confusionHeatmap,
  digitFigure,
  escapeHtml,
  lineChart,
  perEpoch,
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

/** A report of `epochs` epochs of 100 steps, with 40 misclassified digits shown. */
function report(options: { epochs: number; title?: string; batchLoss?: (i: number) => number }) {
  const { epochs } = options;
  const steps = 100 * epochs;
  const losses = Array.from(
    { length: steps },
    (_, i) => options.batchLoss?.(i) ?? 2 / (1 + i / 50),
  );
  const at = losses.map((_, i) => (i + 1) / 100);
  const ink = (k: number) => ((k * 2654435761) % 1000) / 1000 > 0.8 ? 1 : 0;
  const digits = Array.from({ length: 40 }, (_, k) => ({
    pixels: Float32Array.from({ length: 784 }, (_, j) => ink(k * 784 + j)),
    predicted: k % 10,
    label: (k + 3) % 10,
    probabilities: Float32Array.from(
      { length: 10 },
      (_, c) => (c === k % 10 ? 0.71 : c === (k + 3) % 10 ? 0.04 : 0.25 / 8),
    ),
  }));
  const confusion = Array.from(
    { length: 10 },
    (_, r) => Array.from({ length: 10 }, (_, c) => (r === c ? 900 : 11)),
  );
  return reportHtml({
    title: options.title ?? "Fashion-MNIST · 784-128-64-10 · wasm backend",
    facts: [["seed", "7"], ["model", "784-128-64-10"]],
    run: [
      [
        "command",
        "deno task train -- --data /usr/share/datasets/fashion-mnist --epochs 15 --report /home/someone/a/long/path/report.html",
      ],
      ["data set", "Fashion-MNIST, SHA-256 verified (/usr/share/datasets/fashion-mnist)"],
      ["SHA-256", "trainImages c59f468a2f672dc8…, trainLabels bad3541b69d91243…"],
      ["gradient check", "Gradient check passed: 20 parameters in 3 layers"],
    ],
    history: Array.from({ length: epochs }, (_, e) => ({ ...history[0], epoch: e + 1 })),
    batches: { losses, at },
    lr: {
      at: at.map((x) => x - 0.01),
      lr: at.map((x) => 0.05 * (1 + Math.cos(Math.PI * x / epochs)) / 2),
    },
    final: { accuracy: 0.9, loss: 0.3, confusion, predictions: new Uint8Array(9990) },
    seconds: 12.5,
    digits,
    imageShape: { rows: 28, cols: 28 },
  });
}

Deno.test("reportHtml() is one self-contained page with charts and a heat map", () => {
  const html = reportHtml({
    title: "MNIST <test> & co",
    facts: [["seed", "7"], ["model", "784-128-64-10"]],
    run: [["command", "deno task train -- --epochs 3"]],
    history,
    batches: { losses: [1, 0.9, 0.8], at: [1, 2, 3] },
    lr: { at: [0, 1, 2], lr: [0.1, 0.1, 0.1] },
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
    6,
    "loss, accuracy, learning rate, heat map, class bars, one digit",
  );
  assert.match(html, /<title>MNIST &lt;test&gt; &amp; co<\/title>/);
  assert.match(html, /<b>92\.00%<\/b><span>test accuracy<\/span>/);
  assert.match(html, /<b>12 \/ 150<\/b>/);
  assert.match(html, /<td>seed<\/td><td>7<\/td>/);
  assert.match(html, /<h2>Run<\/h2><table><tr><td>command<\/td><td>deno task train -- --epochs 3/);
  assert.match(html, /predicted 3<br>true 5/);
  assert.match(html, /1 of 12 misclassified shown/);
});

Deno.test("reportHtml() plots the loss of every batch, smoothed, and the learning rate", () => {
  const html = report({ epochs: 2, batchLoss: (i) => (i % 2 ? 1 : 3) });
  const loss = html.match(/<h2>Loss per batch \(smoothed\) and per epoch<\/h2>(<svg.*?<\/svg>)/)
    ?.[1];
  assert.ok(loss, "the loss chart");
  const batch = loss.match(/<polyline points="([^"]+)"/)![1].split(" ");
  assert.strictEqual(batch.length, 200, "one point per batch (at most 600)");
  const ys = batch.slice(100).map((p) => Number(p.split(",")[1]));
  assert.ok(Math.max(...ys) - Math.min(...ys) < 10, "alternating 1 and 3 smooth to about 2");
  const lr = html.match(/<h2>Learning rate<\/h2>(<svg.*?<\/svg>)/)?.[1];
  assert.ok(lr, "the learning-rate chart");
  const points = lr.match(/<polyline points="([^"]+)"/)![1].split(" ");
  const y = (p: string) => Number(p.split(",")[1]);
  assert.ok(y(points[0]) < y(points.at(-1)!), "the cosine schedule decays (y grows downwards)");
});

Deno.test("reportHtml() names the data set and says how many misclassified digits it shows", () => {
  const html = report({ epochs: 3 });
  assert.match(html, /<title>Fashion-MNIST · 784-128-64-10/);
  assert.doesNotMatch(html, /<h1>MNIST/);
  assert.match(html, /40 of 990 misclassified shown, each with the network's probability/);
  assert.match(html, /predicted 0 \(71%\)<br>true 3 \(4\.0%\)/);
});

Deno.test("reportHtml() draws no NaN, whatever the losses", () => {
  const html = report({ epochs: 2, batchLoss: (i) => (i === 5 ? NaN : i === 6 ? Infinity : 1) });
  assert.doesNotMatch(html, /NaN|Infinity/);
});

Deno.test("lineChart() plots one point per epoch for every series", () => {
  const svg = lineChart([
    perEpoch("a", "#00f", [3, 2, 1]),
    perEpoch("b", "#f00", [2, 2, 2]),
  ], { yTitle: "loss", yMin: 0 });
  assert.strictEqual(svg.match(/<circle/g)?.length, 6);
  assert.strictEqual(svg.match(/<polyline/g)?.length, 2);
  assert.match(svg, /<title>a, epoch 3: 1<\/title>/);
});

Deno.test("lineChart() copes with a single epoch and a flat series", () => {
  const svg = lineChart([perEpoch("acc", "#0a0", [0.5])], { yTitle: "x" });
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

/** A headless Chromium: $CHROMIUM, or the first of the usual names on PATH. */
function findChromium(): string | undefined {
  const named = Deno.env.get("CHROMIUM");
  if (named) return named;
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    for (const name of ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome"]) {
      try {
        if (Deno.statSync(`${dir}/${name}`).isFile) return `${dir}/${name}`;
      } catch { /* not here */ }
    }
  }
  return undefined;
}

const CHROMIUM = findChromium();
if (!CHROMIUM) {
  console.warn(
    "report_html_test: no Chromium on PATH (apt-get install -y chromium; .ci/run installs it), " +
      "so the page is not checked in a browser",
  );
}

/** Runs headless Chromium on a page at a window width; returns its stdout. */
async function chromium(args: string[], width: number, profile: string): Promise<string> {
  const out = await new Deno.Command(CHROMIUM!, {
    args: [
      "--headless",
      "--no-sandbox", // the suite may run as root (CI containers)
      "--disable-gpu",
      "--hide-scrollbars",
      `--user-data-dir=${profile}`,
      `--window-size=${width},3600`,
      ...args,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.strictEqual(out.code, 0, new TextDecoder().decode(out.stderr));
  return new TextDecoder().decode(out.stdout);
}

/**
 * A page showing `html` in a frame `width` px wide, sized to its content, with the frame's widest
 * extent in the title. Headless Chromium lays a window out at least 500 px wide, so a phone's
 * width is a frame's; `srcdoc` keeps the frame same-origin, so the page can measure it.
 */
function framed(html: string, width: number): string {
  const srcdoc = html.replaceAll("&", "&amp;").replaceAll('"', "&quot;");
  return `<!DOCTYPE html><html><head><title>-</title></head><body style="margin:0">` +
    `<iframe id="f" style="border:0;display:block;width:${width}px;height:3000px" srcdoc="${srcdoc}"></iframe>` +
    `<script>addEventListener("load", () => { const d = document.getElementById("f").contentDocument;` +
    `document.getElementById("f").style.height = d.documentElement.scrollHeight + "px";` +
    `document.title = "scrollWidth=" + d.documentElement.scrollWidth; });</script></body></html>`;
}

Deno.test({
  name: "reportHtml() in headless Chromium: nothing overflows at 420 or 360 px (screenshots)",
  ignore: !CHROMIUM,
  async fn() {
    const dir = await Deno.makeTempDir();
    // REPORT_SCREENSHOTS=/tmp keeps the screenshots there (report-1280.png, report-420.png)
    const shots = Deno.env.get("REPORT_SCREENSHOTS") ?? dir;
    try {
      const html = report({ epochs: 15 });
      for (const width of [1280, 420, 360]) {
        await Deno.writeTextFile(`${dir}/page-${width}.html`, framed(html, width));
        const dom = await chromium(
          ["--dump-dom", `file://${dir}/page-${width}.html`],
          Math.max(width, 500),
          `${dir}/p`,
        );
        const scrollWidth = Number(dom.match(/<title>scrollWidth=(\d+)<\/title>/)?.[1]);
        assert.ok(
          scrollWidth <= width,
          `the page is ${scrollWidth} px wide in a ${width} px frame`,
        );
      }
      await Deno.writeTextFile(
        `${dir}/wide.html`,
        framed(html.replace("<main>", '<main style="min-width:600px">'), 360),
      );
      const wide = await chromium(["--dump-dom", `file://${dir}/wide.html`], 500, `${dir}/p`);
      assert.match(wide, /<title>scrollWidth=6\d\d<\/title>/, "the measure sees an overflow");
      for (const width of [1280, 420]) {
        const png = `${shots}/report-${width}.png`;
        await chromium(
          [`--screenshot=${png}`, `file://${dir}/page-${width}.html`],
          width,
          `${dir}/p`,
        );
        const bytes = await Deno.readFile(png);
        const ihdrWidth = new DataView(bytes.buffer).getUint32(16);
        assert.strictEqual(ihdrWidth, width, "a PNG as wide as the window");
        assert.ok(bytes.length > 20_000, `${png} holds a rendered page, not a blank`);
      }
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
