/**
 * The notebook path: for a user who trains offline (a notebook, a script without a protocol loop). The
 * oracle writes the schedule (initial weights, every step's batch indices and rate, the steps after
 * which to save the weights); the user trains and writes back the per-step losses, the saved weights
 * and the final weights; the oracle judges them as it judges a live session.
 *
 * Files: `schedule.json` (format `nn-oracle-training-schedule/1`), `result.json`
 * (`{"losses": [...], "snapshots": {"K": network}, "network": network, "precision": "float64"}`),
 * both in one folder.
 *
 * @module
 */
import type { Layout } from "../../reference/activations.ts";
import type { Network } from "../../reference/network.ts";
import { toLayout } from "../../reference/row_network.ts";
import { decodeNumber } from "../../spec/number_codec.ts";
import { initialNetwork } from "../../train/backend.ts";
import { writeTextFileAtomic } from "../../io/atomic_write.ts";
import { isObject } from "../../spec/json.ts";
import { firstOf, type TrainingData } from "./data.ts";
import type { StepVerdict } from "./lockstep.ts";
import { beginRequest, decodeNetwork } from "./messages.ts";
import { planSteps, type TrainingRecipe } from "./recipe.ts";
import { divergence, type TrainingResult, trainingResult } from "./result.ts";
import { setUpRun } from "./setup.ts";

/** The schedule file's format tag. */
export const SCHEDULE_FORMAT = "nn-oracle-training-schedule/1";

const LAYOUT: Layout = "column";

/**
 * The steps after which the user saves the weights: k and k + 1 around every lockstep step k
 * (0 is the initial network).
 *
 * @param recipe The recipe.
 * @returns Sorted step counts.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { document001Recipe } from "./recipe.ts";
 * assert.deepStrictEqual(snapshotSteps({ ...document001Recipe(), lockstep: [0, 1, 9] }), [0, 1, 2, 9, 10]);
 * ```
 */
export function snapshotSteps(recipe: TrainingRecipe): number[] {
  return [...new Set(recipe.lockstep.flatMap((k) => [k, k + 1]))].sort((a, b) => a - b);
}

/**
 * Writes `schedule.json` into a folder.
 *
 * @param dir The folder (created when missing).
 * @param o The recipe and the data.
 * @returns The path written.
 */
export async function writeSchedule(
  dir: string,
  o: { recipe: TrainingRecipe; data: TrainingData },
): Promise<string> {
  const { recipe } = o;
  const train = firstOf(o.data.train, recipe.trainImages);
  const stepsPerEpoch = Math.ceil(train.count / recipe.config.batchSize);
  const network = toLayout(initialNetwork(recipe.spec, recipe.config.seed), LAYOUT);
  const begin = beginRequest({
    data: o.data.files,
    network,
    layout: LAYOUT,
    config: recipe.config,
    stepsPerEpoch,
  });
  const steps = [...planSteps(recipe.config, train.count)].map((s) => ({
    step: s.step,
    epoch: s.epoch,
    indices: Array.from(s.indices),
    lr: s.lr,
  }));
  const text = JSON.stringify({
    format: SCHEDULE_FORMAT,
    layout: LAYOUT,
    ...begin.inputs,
    snapshots: snapshotSteps(recipe),
    steps,
  });
  await Deno.mkdir(dir, { recursive: true });
  const path = `${dir.replace(/\/+$/, "")}/schedule.json`;
  await writeTextFileAtomic(path, text + "\n");
  return path;
}

/**
 * Judges `result.json` against the schedule the recipe gives: every lockstep step from the saved
 * weights, the losses of every step, and the final weights' test accuracy.
 *
 * @param file The result file.
 * @param o The recipe and the data.
 * @returns The result, as a live session's. A malformed file throws one line naming the field.
 */
export async function judgeNotebook(
  file: string,
  o: { recipe: TrainingRecipe; data: TrainingData },
): Promise<TrainingResult> {
  const started = performance.now();
  const { recipe } = o;
  const shape = { spec: recipe.spec, layout: LAYOUT } as const;
  let raw: unknown;
  try {
    raw = JSON.parse(await Deno.readTextFile(file));
  } catch (e) {
    throw new SyntaxError(`Cannot read ${file}: ${(e as Error).message.split("\n")[0]}`);
  }
  if (!isObject(raw) || !Array.isArray(raw.losses) || !isObject(raw.snapshots)) {
    throw new TypeError(
      `${file}: expected {"losses": [...], "snapshots": {...}, "network": {...}}`,
    );
  }
  const snapshots = raw.snapshots;
  const losses = Float64Array.from(raw.losses, (v, k) => decodeNumber(v, `${file}: losses[${k}]`));
  const snapshot = (k: number): Network => {
    if (!(String(k) in snapshots)) throw new TypeError(`${file}: snapshots["${k}"] is missing`);
    try {
      return decodeNetwork(snapshots[String(k)], shape);
    } catch (e) {
      throw new TypeError(`${file}: snapshots["${k}"]: ${(e as Error).message}`);
    }
  };
  const precision = raw.precision === "float32" ? "float32" : "float64";
  const setup = setUpRun({
    recipe,
    data: o.data,
    client: { name: `notebook ${file}`, precision, layout: LAYOUT },
    started,
  });
  const { train, totalSteps, follower, judge } = setup;
  const lockstep = new Set(recipe.lockstep);
  const verdicts: StepVerdict[] = [];
  let parted: StepVerdict | undefined;
  let failure: string | undefined;
  let stepsDone = 0;
  for (const s of planSteps(recipe.config, train.count)) {
    follower.step(s);
    if (s.step >= losses.length) {
      failure = `${file}: ${losses.length} losses for ${totalSteps} steps (steps were skipped)`;
      break;
    }
    stepsDone = s.step + 1;
    if (lockstep.has(s.step)) {
      const before = snapshot(s.step);
      const ref = judge.reference(s, before);
      const verdict = judge.judge(s, {
        before,
        ref,
        loss: losses[s.step],
        after: snapshot(s.step + 1),
      });
      verdicts.push(verdict);
      if (verdict.parted) {
        parted = verdict;
        break;
      }
    }
    failure = divergence(s, losses[s.step]);
    if (failure !== undefined) break;
  }
  if (!failure && !parted && losses.length > totalSteps) {
    failure = `${file}: ${losses.length} losses for ${totalSteps} steps`;
  }
  const record = { ...setup, stepsDone, verdicts, parted, failure, losses };
  if (failure || parted) return trainingResult(record);
  try {
    return trainingResult(record, decodeNetwork(raw.network, shape));
  } catch (e) {
    throw new TypeError(`${file}: ${(e as Error).message}`);
  }
}
