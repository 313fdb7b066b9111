/**
 * The notebook path on a small run: the oracle writes the schedule, the Python example trains offline
 * and writes its result, the oracle judges it as it judges a live session; a tampered result is named.
 */
import assert from "node:assert";
import { loadTrainingData } from "../../../src/oracle/training/data.ts";
import { judgeNotebook, writeSchedule } from "../../../src/oracle/training/notebook.ts";
import { SMALL } from "./_small.ts";
import { HAS_NUMPY } from "../helpers.ts";

Deno.test({
  name: "an offline run written back as files is judged like a live one",
  ignore: !HAS_NUMPY,
  fn: async (t) => {
    const data = await loadTrainingData();
    const dir = await Deno.makeTempDir();
    try {
      const path = await writeSchedule(dir, { recipe: SMALL, data });
      const schedule = JSON.parse(await Deno.readTextFile(path));
      assert.strictEqual(schedule.steps.length, 20);
      assert.deepStrictEqual(schedule.snapshots, [0, 1, 2, 3, 4, 5, 10, 11, 12]);
      const py = new Deno.Command("python3", {
        args: ["examples/python/nn.py", "--train-offline", dir],
      }).outputSync();
      assert.ok(py.success, new TextDecoder().decode(py.stderr));
      const file = `${dir}/result.json`;
      await t.step("the Python example's offline run passes", async () => {
        const r = await judgeNotebook(file, { recipe: SMALL, data });
        assert.ok(r.ok, JSON.stringify(r.parted ?? r.failure));
        assert.strictEqual(r.lockstep.length, 7);
        assert.ok(r.accuracy! >= 0.5);
      });
      const result = JSON.parse(await Deno.readTextFile(file));
      await t.step("weights saved before the update are named", async () => {
        const copy = {
          ...result,
          snapshots: { ...result.snapshots, "11": result.snapshots["10"] },
        };
        await Deno.writeTextFile(file, JSON.stringify(copy));
        const r = await judgeNotebook(file, { recipe: SMALL, data });
        assert.strictEqual(r.parted?.step, 10);
        assert.strictEqual(r.parted?.mistake?.name, "update-lost-on-copy");
      });
      await t.step("missing losses are one line", async () => {
        await Deno.writeTextFile(
          file,
          JSON.stringify({ ...result, losses: result.losses.slice(0, 15) }),
        );
        const r = await judgeNotebook(file, { recipe: SMALL, data });
        assert.match(r.failure ?? "", /15 losses for 20 steps \(steps were skipped\)$/);
      });
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
