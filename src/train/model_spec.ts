/**
 * Which network to train: its widths, hidden activation and layout, by name or by parts. The output
 * layer is always softmax with batch-mean cross-entropy, the pairing of all three MNIST documents.
 *
 * @module
 */
import type { ElementwiseActivation, Layout } from "../reference/activations.ts";

/** A fully connected softmax classifier: sizes n_0 … n_L, one hidden activation, a layout. */
export interface ModelSpec {
  /** Widths n_0 (input) … n_L (classes), e.g. [784, 128, 64, 10]. */
  readonly sizes: readonly number[];
  /** Activation of every hidden layer. */
  readonly hidden: ElementwiseActivation["name"];
  /** Where samples run in the reference matrices: W·X (column) or X·W (row). */
  readonly layout: Layout;
}

/** A model the CLI knows by name, with the document it comes from. */
export interface NamedModel {
  /** The model. */
  readonly spec: ModelSpec;
  /** The document and section it follows. */
  readonly source: string;
}

/** The documents' networks by name. */
export const NAMED_MODELS: Readonly<Record<string, NamedModel>> = {
  "784-128-64-10": {
    spec: { sizes: [784, 128, 64, 10], hidden: "relu", layout: "column" },
    source: '001 "Part 2", ReLU hidden layers, softmax-CE, column batches',
  },
  "784-32-32-10": {
    spec: { sizes: [784, 32, 32, 10], hidden: "relu", layout: "column" },
    source: '003 "Layer by Layer", ReLU hidden layers, softmax output',
  },
  "784-100-10": {
    spec: { sizes: [784, 100, 10], hidden: "sigmoid", layout: "row" },
    source: '000 "2 Layer NN", sigmoid hidden layer, softmax-CE, row batches X·W',
  },
};

/** The widths and activations a CLI user may name. */
export const HIDDEN_ACTIVATIONS: readonly ElementwiseActivation["name"][] = [
  "relu",
  "sigmoid",
  "tanh",
  "identity",
];

/** The grammar of `--model`, as the help and the error for an unknown name state it. */
export const MODEL_NAME_GRAMMAR = `${
  Object.keys(NAMED_MODELS).join(", ")
}, or 784-h-10 with --hidden N (document 000's sigmoid net, row layout); any other network is --layers W0,W1,…,WL`;

/**
 * Resolves a model name: one of {@linkcode NAMED_MODELS}, or document 000's `784-h-10` with the
 * hidden width given separately. Any other name is refused with the list: a name such as
 * `784-99-10` says nothing of its activation or layout, so the CLI does not guess them.
 *
 * @param name The name, e.g. `784-128-64-10` or `784-h-10`.
 * @param hidden The hidden width for `784-h-10`.
 * @returns The model.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(resolveModel("784-h-10", 50).sizes, [784, 50, 10]);
 * assert.strictEqual(resolveModel("784-128-64-10").layout, "column");
 * assert.throws(() => resolveModel("784-99-10"), /Unknown model "784-99-10": the names are 784-128-64-10/);
 * ```
 */
export function resolveModel(name: string, hidden?: number): ModelSpec {
  const named = NAMED_MODELS[name];
  if (named) return named.spec;
  if (name === "784-h-10") {
    if (hidden === undefined) {
      throw new RangeError(`Model "${name}" needs a hidden width: add --hidden N`);
    }
    checkWidth(hidden, "hidden width");
    return { sizes: [784, hidden, 10], hidden: "sigmoid", layout: "row" };
  }
  const widths = /^\d+(-\d+)+$/.test(name) ? `, e.g. --layers ${name.replaceAll("-", ",")}` : "";
  throw new RangeError(
    `Unknown model "${name}": the names are ${MODEL_NAME_GRAMMAR}${widths}`,
  );
}

/**
 * Checks that a width is a whole number from 1 to 100000.
 *
 * @param n The width.
 * @param what What it is, for the message.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.throws(() => checkWidth(0, "hidden width"), /hidden width is not a whole number/);
 * ```
 */
export function checkWidth(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 1 || n > 100000) {
    throw new RangeError(`The ${what} is not a whole number from 1 to 100000`);
  }
}

/**
 * The model's name as the CLI prints it: its widths joined by dashes.
 *
 * @param spec The model.
 * @returns For example `784-128-64-10`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(modelName({ sizes: [784, 10], hidden: "relu", layout: "row" }), "784-10");
 * ```
 */
export function modelName(spec: ModelSpec): string {
  return spec.sizes.join("-");
}
