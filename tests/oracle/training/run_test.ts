/**
 * The training check against real clients on a small run (320 images, 2 epochs of 10 steps, lockstep at steps
 * 0–4 and 10–11): the example clients pass in lockstep (float64, and float32 at float32 tolerance),
 * each broken training client parts at its first wrong step and is named, and each misbehaviour ends
 * the run with one line and no process left.
 */
import assert from "node:assert";
import { splitCommand } from "../../../src/io/command_line.ts";
import { loadTrainingData, type TrainingData } from "../../../src/oracle/training/data.ts";
import {
  jsonTraining,
  junitTraining,
  prettyTraining,
} from "../../../src/oracle/training/report.ts";
import { runTraining } from "../../../src/oracle/training/run.ts";
import { LIVE_GROUPS, StartError } from "../../../src/oracle/subprocess.ts";
import { SMALL } from "./_small.ts";
import { HAS_NUMPY, NODE } from "../helpers.ts";

let data: Promise<TrainingData> | undefined;

function small(command: string, timeoutMs = 10_000) {
  data ??= loadTrainingData();
  return data.then((d) =>
    runTraining({
      argv: splitCommand(command),
      recipe: SMALL,
      data: d,
      limits: { helloTimeoutMs: 10_000, beginTimeoutMs: 30_000, timeoutMs },
    })
  );
}

Deno.test("the Node example client trains in lockstep with the reference", async () => {
  const r = await small(`${NODE} examples/node/nn.mjs`);
  assert.ok(r.ok, JSON.stringify(r.parted ?? r.failure));
  assert.deepStrictEqual(r.lockstep.map((v) => v.step), SMALL.lockstep);
  assert.strictEqual(r.stepsDone, 20);
  assert.ok(r.accuracy! >= 0.5 && Math.abs(r.accuracy! - r.referenceAccuracy!) < 0.05);
});

Deno.test("a row-layout client gets and sends X·W networks and trains in lockstep", async () => {
  const r = await small(`${NODE} tests/oracle/training/programs/row_layout.mjs`);
  assert.ok(r.ok, JSON.stringify(r.parted ?? r.failure));
  assert.strictEqual(r.client.layout, "row");
  assert.strictEqual(r.lockstep.length, SMALL.lockstep.length);
});

Deno.test({
  name: "the Python example client passes lockstep in float64, and in float32 at float32 tolerance",
  ignore: !HAS_NUMPY,
  fn: async () => {
    for (const flag of ["", " --float32"]) {
      const r = await small(`python3 examples/python/nn.py${flag}`);
      assert.ok(r.ok, JSON.stringify(r.parted ?? r.failure));
      assert.strictEqual(r.client.precision, flag ? "float32" : "float64");
      assert.strictEqual(r.lockstep.length, SMALL.lockstep.length);
    }
  },
});

const BROKEN: [file: string, mistake: string, step: number][] = [
  ["sign_flipped", "update-sign-flipped", 0],
  ["summed_gradient", "summed-gradient", 0],
  ["labels_unpaired", "labels-unpaired", 0],
  ["pixels_not_scaled", "pixels-not-scaled", 0],
  ["one_hot_shifted", "one-hot-shifted", 0],
  ["gradients_accumulated", "gradients-accumulated", 1],
  ["update_on_copy", "update-lost-on-copy", 0],
  ["schedule_off_by_one_epoch", "schedule-off-by-one-epoch", 0],
];

Deno.test("each broken training client parts at its first wrong step and is named", async (t) => {
  for (const [file, mistake, step] of BROKEN) {
    await t.step(`${file}.mjs parts at step ${step} as ${mistake}`, async () => {
      const r = await small(`${NODE} examples/broken/training/${file}.mjs`);
      assert.ok(!r.ok);
      assert.strictEqual(r.parted?.step, step, JSON.stringify(r.parted ?? r.failure));
      assert.strictEqual(r.parted?.mistake?.name, mistake, r.parted?.parted);
      assert.match(r.parted!.parted!, /^(layers\[\d\]\.[Wb]\[\d+,\d+\]|loss)/);
      assert.strictEqual(r.accuracy, undefined);
    });
  }
});

Deno.test("a misbehaving client ends the run with one line and leaves nothing running", async (t) => {
  const cases: [string, RegExp, number?][] = [
    ["diverges.mjs", /^step 7 \(epoch 1\): the loss is NaN: the training diverged$/],
    [
      "tampered.mjs stall",
      /^step 6 \(train_step\): no answer within 1\.5 s \(the client stalled\)$/,
    ],
    [
      "tampered.mjs skip",
      /^step 6 \(train_step\): the answer carries id "step\/7" instead of "step\/6"/,
    ],
    ["tampered.mjs exit", /^step 6 \(train_step\): the client exited with code 3$/],
    [
      "tampered.mjs shape",
      /train_get_network before step 10: network\.layers\[0\]\.W is 127×784, expected 128×784$/,
    ],
  ];
  for (const [program, message] of cases) {
    await t.step(program, async () => {
      const r = await small(`${NODE} tests/oracle/training/programs/${program}`, 1500);
      assert.ok(!r.ok);
      assert.match(r.failure ?? "", message);
      assert.ok(!r.failure!.includes("\n"));
      assert.strictEqual(LIVE_GROUPS.size, 0);
    });
  }
  await t.step("a client without the training session is refused at the start", async () => {
    await assert.rejects(
      () => small(`${NODE} tests/oracle/training/programs/no_training.mjs`),
      (e) => e instanceof StartError && /its hello needs "training": 1/.test(e.message),
    );
    assert.strictEqual(LIVE_GROUPS.size, 0);
  });
});

Deno.test("the reports carry the training results", async () => {
  const pass = await small(`${NODE} examples/node/nn.mjs`);
  const fail = await small(`${NODE} examples/broken/training/sign_flipped.mjs`);
  assert.match(prettyTraining(pass, SMALL), /^PASS: 20 of 20 steps/m);
  assert.match(prettyTraining(fail, SMALL), /matches "update-sign-flipped"/);
  const xml = junitTraining(fail, SMALL);
  assert.match(xml, /<testcase classname="nn-oracle.training" name="lockstep\/step-0">/);
  assert.match(xml, /type="update-sign-flipped"/);
  assert.match(xml, /<skipped message="stopped at step 0, where lockstep parted"\/>/);
  assert.match(junitTraining(pass, SMALL), /tests="9" failures="0"/);
  const j = JSON.parse(jsonTraining(fail, SMALL));
  assert.strictEqual(j.lockstep[0].mistake.name, "update-sign-flipped");
  assert.strictEqual(j.ok, false);
});
