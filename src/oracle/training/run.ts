/**
 * The training check against a running client: open the session, train the recipe step by step with
 * the oracle's batches and rates, judge the lockstep steps against the float64 reference (re-reading
 * the client's weights before each window), follow the whole run with the fast float32 trainer for a
 * loss curve to compare with, then read the final weights back and score them on the test set. The
 * client's process group is killed at the end, whatever happened.
 *
 * @module
 */
import type { Argv } from "../../io/command_line.ts";
import type { Network } from "../../reference/network.ts";
import type { TrainingData } from "./data.ts";
import type { StepVerdict } from "./lockstep.ts";
import { divergence, type TrainingResult, trainingResult } from "./result.ts";
import { beginRequest, decodeLoss, decodeNetwork, encodeNetwork, stepRequest } from "./messages.ts";
import { planSteps, type TrainingRecipe } from "./recipe.ts";
import { type SessionLimits, TrainingFailure, TrainingSession } from "./session.ts";
import { setUpRun } from "./setup.ts";

/** Options of {@linkcode runTraining}. */
export interface TrainingRunOptions {
  /** The client. */
  readonly argv: Argv;
  /** What to train. */
  readonly recipe: TrainingRecipe;
  /** The data (loaded once by the caller). */
  readonly data: TrainingData;
  /** Deadlines. */
  readonly limits: SessionLimits;
  /** Progress lines, about one per 5% of the run. */
  readonly onProgress?: (text: string) => void;
}

/**
 * Runs the training check.
 *
 * @param o The client, the recipe, the data and the limits.
 * @returns The result. A client that cannot start throws {@linkcode StartError}.
 */
export async function runTraining(o: TrainingRunOptions): Promise<TrainingResult> {
  const started = performance.now();
  const session = await TrainingSession.open(o.argv, o.limits);
  try {
    return await drive(session, o, started);
  } finally {
    await session.close();
  }
}

async function drive(
  session: TrainingSession,
  o: TrainingRunOptions,
  started: number,
): Promise<TrainingResult> {
  const { recipe } = o;
  const { config, spec } = recipe;
  const hello = session.hello;
  const layout = hello.layouts.includes("column") ? "column" : "row";
  const setup = setUpRun({
    recipe,
    data: o.data,
    client: { name: hello.name, precision: hello.precision, layout },
    started,
  });
  const { train, stepsPerEpoch, totalSteps, initial, follower, judge } = setup;
  const lockstep = new Set(recipe.lockstep);
  const verdicts: StepVerdict[] = [];
  const losses = new Float64Array(totalSteps);
  let stepsDone = 0;
  let failure: string | undefined;
  let parted: StepVerdict | undefined;
  let current: Network | undefined = initial; // the client's weights, when known
  const shape = { spec, layout } as const;
  const readBack = async (when: string) =>
    decodeOrFail(
      (await session.ask({ id: `get/${when}`, op: "train_get_network", inputs: {} })).network,
      shape,
      when,
    );
  try {
    await session.ask(
      beginRequest({ data: o.data.files, network: initial, layout, config, stepsPerEpoch }),
    );
    for (const s of planSteps(config, train.count)) {
      if (!lockstep.has(s.step)) {
        current = undefined;
        const answer = session.ask(stepRequest(s), s.step);
        follower.step(s);
        losses[s.step] = decodeLoss(await answer, s.step);
      } else {
        if (current === undefined) {
          // Re-synchronise: the reference takes the client's weights, and the client is set to them.
          current = await readBack(`before step ${s.step}`);
          await session.ask({
            id: `set/${s.step}`,
            op: "train_set_network",
            inputs: { network: encodeNetwork(current, layout) },
          });
        }
        const before: Network = current;
        const answer = session.ask(stepRequest(s), s.step);
        const ref = judge.reference(s, before);
        follower.step(s);
        losses[s.step] = decodeLoss(await answer, s.step);
        const after = await readBack(`after step ${s.step}`);
        const verdict = judge.judge(s, { before, ref, loss: losses[s.step], after });
        verdicts.push(verdict);
        stepsDone = s.step + 1;
        if (verdict.parted) {
          parted = verdict;
          break;
        }
        current = after;
      }
      stepsDone = s.step + 1;
      failure = divergence(s, losses[s.step]);
      if (failure !== undefined) break;
      if (o.onProgress && (s.step + 1) % Math.max(1, Math.floor(totalSteps / 20)) === 0) {
        o.onProgress(
          `step ${s.step + 1}/${totalSteps} (epoch ${s.epoch + 1}), loss ${
            losses[s.step].toFixed(4)
          }`,
        );
      }
    }
  } catch (e) {
    if (!(e instanceof TrainingFailure)) throw e;
    failure = e.message;
  }
  const record = { ...setup, stepsDone, verdicts, parted, failure, losses };
  if (failure !== undefined || parted !== undefined) return trainingResult(record);
  try {
    return trainingResult(record, await readBack("after the last step"));
  } catch (e) {
    if (!(e instanceof TrainingFailure)) throw e;
    return trainingResult({ ...record, failure: e.message });
  }
}

/** Decodes a network the client sent back; a wrong shape fails the run in one line. */
function decodeOrFail(
  v: unknown,
  shape: Parameters<typeof decodeNetwork>[1],
  when: string,
): Network {
  try {
    return decodeNetwork(v, shape);
  } catch (e) {
    throw new TrainingFailure(`train_get_network ${when}: ${(e as Error).message}`);
  }
}
