/**
 * The messages of a training session (docs/PROTOCOL.md, "Training session"): requests the oracle sends
 * and the checks of what comes back. Requests carry indices and rates, never pixels; a network travels
 * as the op-level protocol writes one (`{"layers": [{"W", "b", "activation"}]}`) in the client's layout.
 *
 * @module
 */
import type { ActivationName, Layout } from "../../reference/activations.ts";
import type { Layer, Network } from "../../reference/network.ts";
import { toLayout } from "../../reference/row_network.ts";
import { decodeMatrix, decodeNumber, encodeMatrix } from "../../spec/number_codec.ts";
import type { ModelSpec } from "../../train/model_spec.ts";
import type { TrainConfig } from "../../train/loop.ts";
import type { Request } from "../protocol.ts";
import { isObject } from "../../spec/json.ts";

/** The training session version a client announces in its hello as `"training": 1`. */
export const TRAINING_VERSION = 1;

/** The operations of a training session. */
export const TRAINING_OPS = [
  "train_begin",
  "train_step",
  "train_get_network",
  "train_set_network",
] as const;

/** One of {@linkcode TRAINING_OPS}. */
export type TrainingOp = typeof TRAINING_OPS[number];

/** Where the four MNIST IDX files are (absolute paths). */
export interface DataFiles {
  /** Training images, count × rows × cols bytes. */
  readonly train_images: string;
  /** Training labels, count bytes. */
  readonly train_labels: string;
  /** Test images. */
  readonly test_images: string;
  /** Test labels. */
  readonly test_labels: string;
}

/**
 * A network in the protocol's form, in a layout.
 *
 * @param net The network.
 * @param layout The client's layout.
 * @returns JSON-ready layers.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { initNetwork } from "../../reference/network.ts";
 * const net = initNetwork({ sizes: [3, 2], hidden: "relu", output: "softmax", seed: 1 });
 * assert.strictEqual(encodeNetwork(net, "row").layers[0].W.length, 3);
 * ```
 */
export function encodeNetwork(net: Network, layout: Layout) {
  return {
    layers: toLayout(net, layout).layers.map((l) => ({
      W: encodeMatrix(l.W),
      b: encodeMatrix(l.b),
      activation: l.activation,
    })),
  };
}

/**
 * The request that opens a session: the data files, the initial network and the run.
 *
 * @param o The data, the initial network, the client's layout, the run and its steps per epoch.
 * @returns The request.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { initNetwork } from "../../reference/network.ts";
 * const network = initNetwork({ sizes: [3, 2], hidden: "relu", output: "softmax", seed: 1 });
 * const config = { epochs: 1, batchSize: 2, lr: 0.1, schedule: { kind: "constant" } as const, seed: 1 };
 * const data = { train_images: "a", train_labels: "b", test_images: "c", test_labels: "d" };
 * const r = beginRequest({ data, network, layout: "column", config, stepsPerEpoch: 5 });
 * assert.strictEqual(r.inputs.steps_per_epoch, 5);
 * ```
 */
export function beginRequest(
  o: {
    data: DataFiles;
    network: Network;
    layout: Layout;
    config: TrainConfig;
    stepsPerEpoch: number;
  },
): Request {
  const { config } = o;
  return {
    id: "train_begin",
    op: "train_begin",
    layout: o.layout,
    inputs: {
      data: o.data,
      network: encodeNetwork(o.network, o.layout),
      batch_size: config.batchSize,
      epochs: config.epochs,
      steps_per_epoch: o.stepsPerEpoch,
      schedule: { ...config.schedule, lr: config.lr },
      pixel_scale: "byte/255",
    },
  };
}

/**
 * The request of one SGD step.
 *
 * @param s The step, its epoch, the batch's sample indices and η.
 * @returns The request (id `step/N`).
 * @example
 * ```ts
 * import assert from "node:assert";
 * const r = stepRequest({ step: 3, epoch: 0, indices: new Uint32Array([5, 1]), lr: 0.1 });
 * assert.deepStrictEqual(r.inputs, { step: 3, epoch: 0, indices: [5, 1], lr: 0.1 });
 * ```
 */
export function stepRequest(
  s: { step: number; epoch: number; indices: Uint32Array; lr: number },
): Request {
  return {
    id: `step/${s.step}`,
    op: "train_step",
    inputs: { step: s.step, epoch: s.epoch, indices: Array.from(s.indices), lr: s.lr },
  };
}

/**
 * The loss of a step's answer.
 *
 * @param outputs The answer's outputs.
 * @param step The step, for the message.
 * @returns The batch-mean loss before the update (NaN and ±Infinity as sent).
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.ok(Number.isNaN(decodeLoss({ loss: "NaN" }, 4)));
 * assert.throws(() => decodeLoss({}, 4), /step 4: outputs.loss: expected a number/);
 * ```
 */
export function decodeLoss(outputs: Record<string, unknown>, step: number): number {
  return decodeNumber(outputs.loss, `step ${step}: outputs.loss`);
}

/**
 * Reads a network a client sent back and checks that it has the model's shape.
 *
 * @param v The `network` field.
 * @param o The model and the client's layout.
 * @returns The network in the client's layout.
 * @throws {TypeError} A malformed network or one of another shape, in one line naming the field.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const spec = { sizes: [2, 1], hidden: "relu", layout: "column" } as const;
 * const net = decodeNetwork({ layers: [{ W: [[1, 2]], b: [[0]], activation: "softmax" }] }, { spec, layout: "column" });
 * assert.strictEqual(net.layers[0].W.get(0, 1), 2);
 * assert.throws(() => decodeNetwork({ layers: [{ W: [[1], [2]], b: [[0]] }] }, { spec, layout: "column" }), /network.layers\[0\].W is 2×1, expected 1×2/);
 * ```
 */
export function decodeNetwork(
  v: unknown,
  o: { spec: ModelSpec; layout: Layout },
): Network {
  const { sizes } = o.spec;
  if (!isObject(v) || !Array.isArray(v.layers)) {
    throw new TypeError(`network: expected {"layers": [...]}`);
  }
  if (v.layers.length !== sizes.length - 1) {
    throw new TypeError(
      `network has ${v.layers.length} layers, expected ${sizes.length - 1} (${sizes.join("-")})`,
    );
  }
  const layers = v.layers.map((raw: unknown, l: number): Layer => {
    const where = `network.layers[${l}]`;
    if (!isObject(raw)) throw new TypeError(`${where}: expected an object with W and b`);
    const W = decodeMatrix(raw.W, `${where}.W`);
    const b = decodeMatrix(raw.b, `${where}.b`);
    const [n, prev] = [sizes[l + 1], sizes[l]];
    const wantW = o.layout === "column" ? [n, prev] : [prev, n];
    const wantB = o.layout === "column" ? [n, 1] : [1, n];
    for (const [name, m, want] of [["W", W, wantW], ["b", b, wantB]] as const) {
      if (m.rows !== want[0] || m.cols !== want[1]) {
        throw new TypeError(
          `${where}.${name} is ${m.rows}×${m.cols}, expected ${want[0]}×${want[1]}`,
        );
      }
    }
    const activation: ActivationName = l === sizes.length - 2 ? "softmax" : o.spec.hidden;
    return { W, b, activation };
  });
  return { layout: o.layout, layers };
}
