/**
 * The whole `check --train` once, as a user runs it: document 001's network trained for 6 epochs on all
 * of MNIST by an example client (Python with numpy when present, about 30 s; else Node, about 2 min),
 * lockstep at 14 steps, the final weights scored by the oracle at ≥ 97.5%, the loss curve beside the
 * reference trainer's, the JSON report and the HTML page.
 */
import assert from "node:assert";
import { parseArgs } from "../../../src/oracle/check_args.ts";
import { check } from "../../../src/oracle/check.ts";
import { HAS_NUMPY, NODE } from "../helpers.ts";

const CLIENT = HAS_NUMPY ? "python3 examples/python/nn.py" : `${NODE} examples/node/nn.mjs`;

Deno.test(`check --train: ${CLIENT} trains document 001's network to ≥ 97.5%`, async () => {
  const html = await Deno.makeTempFile({ suffix: ".html" });
  try {
    const r = await check(
      parseArgs([
        "--impl",
        CLIENT,
        "--train",
        "--format",
        "json",
        "--report",
        html,
        "--timeout",
        "60",
      ]),
    );
    const j = JSON.parse(r.report);
    assert.strictEqual(r.code, 0, r.report.slice(0, 2000));
    assert.strictEqual(j.format, "nn-oracle-training/1");
    assert.deepStrictEqual([j.stepsDone, j.totalSteps], [11250, 11250]);
    assert.strictEqual(j.lockstep.length, 14);
    assert.ok(j.lockstep.every((v: { parted: unknown }) => v.parted === null));
    assert.ok(j.accuracy >= 0.975, `accuracy ${j.accuracy}`);
    assert.strictEqual(j.epochs.length, 6);
    for (const e of j.epochs) {
      // the same batches from the same weights: the curves differ by float32 vs float64 rounding only
      assert.ok(Math.abs(e.client - e.reference) < 0.01, JSON.stringify(j.epochs));
    }
    console.log(
      `check --train ${CLIENT}: ${(100 * j.accuracy).toFixed(2)}% (reference trainer ${
        (100 * j.referenceAccuracy).toFixed(2)
      }%) in ${j.seconds.toFixed(1)} s`,
    );
    const page = await Deno.readTextFile(html);
    assert.match(page, /<polyline/);
    assert.ok(!page.includes("<script"));
  } finally {
    await Deno.remove(html);
  }
});
