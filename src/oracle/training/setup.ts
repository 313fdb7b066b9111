/**
 * What a training run fixes before its first step, the same for a live session and the notebook
 * path: the splits the recipe names, the step counts, the initial weights in the client's layout,
 * the fast follower and the step judge.
 *
 * @module
 */
import type { Layout } from "../../reference/activations.ts";
import type { Network } from "../../reference/network.ts";
import { toLayout } from "../../reference/row_network.ts";
import { initialNetwork } from "../../train/backend.ts";
import type { MnistSplit } from "../../data/mnist.ts";
import type { Precision } from "../../spec/precision.ts";
import { firstOf, type TrainingData } from "./data.ts";
import { Follower, StepJudge } from "./judge.ts";
import type { TrainingRecipe } from "./recipe.ts";

/** The client as a run knows it. */
export interface RunClient {
  /** Its name (from `hello`, or the notebook's result file). */
  readonly name: string;
  /** The precision it computes in. */
  readonly precision: Precision;
  /** The layout of the networks it gets and sends. */
  readonly layout: Layout;
}

/** A run before its first step. */
export interface RunSetup {
  /** The client. */
  readonly client: RunClient;
  /** The recipe. */
  readonly recipe: TrainingRecipe;
  /** The training split used. */
  readonly train: MnistSplit;
  /** The test split used. */
  readonly test: MnistSplit;
  /** Steps per epoch. */
  readonly stepsPerEpoch: number;
  /** Steps planned. */
  readonly totalSteps: number;
  /** The initial network, in the client's layout. */
  readonly initial: Network;
  /** The fast reference trainer that follows the run. */
  readonly follower: Follower;
  /** The judge of the lockstep steps. */
  readonly judge: StepJudge;
  /** performance.now() at the start. */
  readonly started: number;
}

/**
 * Sets up a run.
 *
 * @param o The recipe, the data, the client, and when the run started.
 * @returns The setup.
 * @example The small splits and step counts the recipe names
 * ```ts
 * import assert from "node:assert";
 * import { document001Recipe } from "./recipe.ts";
 * const split = (count: number) => ({ images: new Uint8Array(count * 784), labels: new Uint8Array(count), count, rows: 28, cols: 28 });
 * const data = { files: { train_images: "", train_labels: "", test_images: "", test_labels: "" }, train: split(100), test: split(50) };
 * const recipe = { ...document001Recipe(), trainImages: 64, testImages: 10 };
 * const client = { name: "c", precision: "float64", layout: "row" } as const;
 * const run = setUpRun({ recipe, data, client, started: 0 });
 * assert.deepStrictEqual([run.train.count, run.test.count, run.initial.layout], [64, 10, "row"]);
 * assert.strictEqual(run.totalSteps, run.stepsPerEpoch * recipe.config.epochs);
 * ```
 */
export function setUpRun(o: {
  recipe: TrainingRecipe;
  data: TrainingData;
  client: RunClient;
  started: number;
}): RunSetup {
  const { recipe, client } = o;
  const { config, spec } = recipe;
  const train = firstOf(o.data.train, recipe.trainImages);
  const test = firstOf(o.data.test, recipe.testImages);
  const stepsPerEpoch = Math.ceil(train.count / config.batchSize);
  const totalSteps = stepsPerEpoch * config.epochs;
  const initial = toLayout(initialNetwork(spec, config.seed), client.layout);
  const follower = new Follower(recipe, { initial, train, totalSteps });
  const judge = new StepJudge({
    recipe,
    train,
    stepsPerEpoch,
    layout: client.layout,
    precision: client.precision,
  });
  return {
    client,
    recipe,
    train,
    test,
    stepsPerEpoch,
    totalSteps,
    initial,
    follower,
    judge,
    started: o.started,
  };
}
