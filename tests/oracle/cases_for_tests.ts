/**
 * A small fixture file for the oracle's own tests, built with the reference (src/spec/evaluate.ts): every
 * operation in both layouts, with the inputs that expose each usual mistake (N ≠ n so that a transpose
 * shows, n_L = 3 so that the "half" and "mean" conventions differ, a ReLU unit whose z is exactly 0,
 * logits of ±1000). The row twin of each batch case is evaluated by the reference in row layout.
 *
 * @module
 */
import { FIXTURE_FORMAT, type FixtureCase, type FixtureFile } from "../../src/spec/case_file.ts";
import type { ActivationName } from "../../src/reference/activations.ts";
import { evaluateJson } from "../../src/spec/evaluate.ts";
import { OPERATIONS, type OpName } from "../../src/spec/operations.ts";
import { createRng } from "../../src/reference/random.ts";
import { translateInputs } from "../../src/oracle/translate.ts";

const rng = createRng(20240611);
const r = (x: number) => Math.round(x * 1e4) / 1e4;
const rand = (rows: number, cols: number, s = 1): number[][] =>
  Array.from({ length: rows }, () => Array.from({ length: cols }, () => r(s * rng.normal())));
const oneHot = (classes: number, labels: number[]): number[][] =>
  Array.from({ length: classes }, (_, i) => labels.map((c) => (c === i ? 1 : 0)));

const net = (sizes: number[], acts: ActivationName[], scaleLast = 1) => ({
  layers: sizes.slice(1).map((n, l) => ({
    W: rand(n, sizes[l], l === sizes.length - 2 ? scaleLast : 1),
    b: rand(n, 1, 0.1),
    activation: acts[l],
  })),
});

function make(
  id: string,
  op: OpName,
  inputs: Record<string, unknown>,
  options: { tolerance?: "closed_form" | "exact"; tags?: string[] } = {},
): FixtureCase[] {
  const base = (layout: "column" | "row" | undefined, ins: Record<string, unknown>): FixtureCase =>
    ({
      id: layout ? `${id}/${layout}` : id,
      op,
      ...(layout ? { layout } : {}),
      inputs: ins,
      expected: evaluateJson(op, ins, layout ?? "column"),
      tolerance: { class: options.tolerance ?? "closed_form" },
      source: { doc: null, section: "oracle tests" },
      tags: options.tags ?? ["generated"],
      notes: "built for the oracle's tests",
    }) as unknown as FixtureCase;
  if (!OPERATIONS[op].layout) return [base(undefined, inputs)];
  return [base("column", inputs), base("row", translateInputs(op, inputs))];
}

/**
 * The cases.
 *
 * @returns About fifty cases over every operation.
 */
export function testCases(): FixtureCase[] {
  const zs = [[-2, -0.5, 0.3, 0.5, 3], [-1000, 1000, 1e-3, 7, -7]];
  const reluNet = net([4, 5, 3], ["relu", "softmax"]);
  reluNet.layers[0].W[0] = [0, 0, 0, 0]; // unit 0 of layer 1 has z = 0 exactly: ReLU′(0) matters
  reluNet.layers[0].b[0] = [0];
  const x4 = rand(4, 4);
  return [
    ...make("sigmoid/basic", "sigmoid", { z: zs }),
    ...make("tanh/basic", "tanh", { z: zs }),
    ...make("relu/basic", "relu", { z: [[-1, "-0", 0, 2.5]] }, { tolerance: "exact" }),
    ...make("sigmoid_prime/basic", "sigmoid_prime", { z: [[0.3, 2, -1.5, 0]] }),
    ...make("tanh_prime/basic", "tanh_prime", { z: [[0.3, 2, -1.5, 0]] }),
    ...make("relu_prime/zero", "relu_prime", { z: [[0, -1, 2, 0]] }, {
      tolerance: "exact",
      tags: ["edge"],
    }),
    ...make("softmax/basic", "softmax", { z: rand(4, 3) }),
    ...make("softmax/large-logits", "softmax", { z: [[1000, 1], [0, 2], [-1000, 3]] }, {
      tags: ["edge"],
    }),
    ...make("softmax_jacobian/basic", "softmax_jacobian", { z: [[0.5], [-1], [2]] }),
    ...make("cross_entropy/basic", "cross_entropy", {
      p: [[0.7, 0.1, 0.2], [0.2, 0.6, 0.3], [0.1, 0.3, 0.5]],
      y: oneHot(3, [0, 1, 2]),
    }),
    ...make("softmax_cross_entropy/basic", "softmax_cross_entropy", {
      z: rand(4, 3),
      y: oneHot(4, [1, 3, 0]),
    }),
    ...make("softmax_cross_entropy/large-logits", "softmax_cross_entropy", {
      z: [[1000, 1], [0, 2], [-1000, 3]],
      y: oneHot(3, [2, 0]),
    }, { tags: ["edge"] }),
    ...make("softmax_cross_entropy_grad/basic", "softmax_cross_entropy_grad", {
      z: rand(4, 3),
      y: oneHot(4, [1, 3, 0]),
    }),
    ...["squared", "half", "mean"].flatMap((convention) => [
      ...make(`quadratic_cost/${convention}`, "quadratic_cost", {
        a: rand(3, 4),
        y: rand(3, 4),
        convention,
      }),
      ...make(`quadratic_cost_grad/${convention}`, "quadratic_cost_grad", {
        a: rand(3, 4),
        y: rand(3, 4),
        convention,
      }),
    ]),
    ...make("dense_forward/relu", "dense_forward", {
      W: rand(3, 4),
      b: rand(3, 1),
      x: rand(4, 2),
      activation: "relu",
    }),
    ...make("forward/relu-softmax", "forward", {
      network: net([4, 5, 3], ["relu", "softmax"]),
      x: rand(4, 2),
    }),
    ...make("backward/relu-softmax-ce", "backward", {
      network: reluNet,
      x: x4,
      y: oneHot(3, [0, 2, 1, 2]),
      cost: "cross_entropy",
    }),
    ...make("backward/sigmoid-quadratic-half", "backward", {
      network: net([3, 4, 2], ["sigmoid", "sigmoid"]),
      x: rand(3, 3),
      y: [[1, 0, 1], [0, 1, 0]],
      cost: "quadratic_half",
    }),
    ...make("backward/tanh-quadratic-mean", "backward", {
      network: net([3, 4, 3], ["tanh", "sigmoid"]),
      x: rand(3, 2),
      y: oneHot(3, [1, 2]),
      cost: "quadratic_mean",
    }),
    ...make("backward/sigmoid-quadratic-squared", "backward", {
      network: net([2, 3, 2], ["sigmoid", "identity"]),
      x: rand(2, 3),
      y: rand(2, 3),
      cost: "quadratic_squared",
    }),
    ...make("backward/large-logits", "backward", {
      network: net([2, 3, 3], ["tanh", "softmax"], 1000),
      x: rand(2, 2),
      y: oneHot(3, [0, 1]),
      cost: "cross_entropy",
    }, { tags: ["edge"] }),
    ...make("network_cost/softmax-ce", "network_cost", {
      network: net([4, 3, 3], ["sigmoid", "softmax"]),
      x: rand(4, 2),
      y: oneHot(3, [2, 0]),
      cost: "cross_entropy",
    }),
    ...make("network_cost/quadratic-half", "network_cost", {
      network: net([2, 3, 3], ["tanh", "sigmoid"]),
      x: rand(2, 4),
      y: oneHot(3, [0, 1, 2, 0]),
      cost: "quadratic_half",
    }),
    ...make("sgd_step/relu-softmax", "sgd_step", {
      network: reluNet,
      x: x4,
      y: oneHot(3, [0, 2, 1, 2]),
      cost: "cross_entropy",
      lr: 0.5,
    }),
    ...make("shapes/784-128-64-10", "shapes", { sizes: [784, 128, 64, 10], batch: 32 }, {
      tolerance: "exact",
    }),
  ];
}

/**
 * The cases as a fixture file's text.
 *
 * @returns JSON.
 */
export function testFixtureText(): string {
  const file: FixtureFile = {
    format: FIXTURE_FORMAT,
    name: "oracle_tests",
    description: "cases for the oracle's own tests",
    cases: testCases(),
  };
  return JSON.stringify(file);
}

/**
 * Writes the fixture file into a fresh temporary directory.
 *
 * @returns The directory.
 */
export async function writeTestFixtures(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "nn-oracle-test-" });
  await Deno.writeTextFile(`${dir}/oracle_tests.json`, testFixtureText());
  return dir;
}
