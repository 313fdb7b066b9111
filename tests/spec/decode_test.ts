/**
 * Unit tests for src/spec/decode.ts: inputs are decoded and checked with errors naming the field, and
 * outputs are encoded with tagged specials.
 */
import assert from "node:assert";
import { Matrix } from "../../src/reference/matrix.ts";
import { decodeInputs, encodeOutputs } from "../../src/spec/decode.ts";

const ONE_NEURON = { layers: [{ W: [[0]], b: [[0]], activation: "sigmoid" }] };
const COL = { layout: "column", where: "inputs" } as const;
const ROW = { layout: "row", where: "inputs" } as const;
Deno.test("decodeInputs() checks every field and names the one that is wrong", async (t) => {
  const fails = (
    op: string,
    inputs: Record<string, unknown>,
    message: RegExp,
    ctx = COL as typeof COL | typeof ROW,
  ) =>
    assert.throws(() => decodeInputs(op as "sigmoid", inputs, ctx), (e: Error) => {
      assert.match(e.message, message);
      assert.ok(!e.message.includes("\n"), "one line");
      return true;
    });

  await t.step("special values are decoded where data may hold them, −0 included", () => {
    const z = decodeInputs("relu", { z: [["NaN", "Infinity", "-Infinity", "-0", 1.5]] }, COL)
      .z as Matrix;
    assert.deepStrictEqual(Array.from(z.data).map(String), [
      "NaN",
      "Infinity",
      "-Infinity",
      "0",
      "1.5",
    ]);
    assert.ok(Object.is(z.data[3], -0));
  });

  await t.step("a missing field, an unknown field", () => {
    fails("softmax", {}, /^inputs\.z: missing$/);
    fails("softmax", { z: [[1]], y: [[1]] }, /^inputs\.y: unknown field \(expected z\)$/);
  });

  await t.step("fields of the wrong kind", () => {
    fails("sigmoid", { z: "0.5" }, /^inputs\.z: expected an array of rows/);
    fails(
      "quadratic_cost",
      { a: [[1]], y: [[1]], convention: "cubic" },
      /^inputs\.convention: expected one of squared, half, mean, got "cubic"/,
    );
    fails(
      "backward",
      { network: ONE_NEURON, x: [[1]], y: [[1]], cost: "hinge" },
      /^inputs\.cost: expected one of cross_entropy, quadratic_squared/,
    );
    fails(
      "shapes",
      { sizes: [784], batch: 1 },
      /^inputs\.sizes: expected at least two layer widths/,
    );
    fails(
      "shapes",
      { sizes: [784, 0], batch: 1 },
      /^inputs\.sizes\[1\]: expected a positive integer, got 0/,
    );
    fails(
      "shapes",
      { sizes: [2, 1], batch: 1.5 },
      /^inputs\.batch: expected a positive integer, got 1\.5/,
    );
    fails(
      "sgd_step",
      { network: ONE_NEURON, x: [[1]], y: [[1]], cost: "quadratic_half", lr: -0.1 },
      /^inputs\.lr: expected a finite number ≥ 0, got -0\.1/,
    );
  });

  await t.step("targets must be finite", () => {
    fails(
      "softmax_cross_entropy",
      { z: [[0, 0]], y: [[1, "-Infinity"]] },
      /^inputs\.y\[0\]\[1\]: expected a finite number, got -Infinity$/,
      ROW,
    );
    fails(
      "quadratic_cost_grad",
      { a: [[0]], y: [["NaN"]], convention: "half" },
      /^inputs\.y\[0\]\[0\]: expected a finite number, got NaN$/,
    );
  });

  await t.step("shapes that do not fit together", () => {
    fails(
      "quadratic_cost",
      { a: [[1, 2]], y: [[1], [2]], convention: "half" },
      /^inputs\.y: expected 1×2 like a, got 2×1$/,
    );
    fails(
      "softmax_jacobian",
      { z: [[1, 2]] },
      /^inputs\.z: expected a column vector n×1, got 1×2$/,
    );
    fails(
      "dense_forward",
      { W: [[1, 2]], b: [[0]], x: [[1], [2], [3]], activation: "relu" },
      /^inputs\.W: has 2 columns \(1×2\) but x gives 3 inputs per sample$/,
    );
    fails(
      "dense_forward",
      { W: [[1, 2]], b: [[0, 0]], x: [[1], [2]], activation: "relu" },
      /^inputs\.b: expected 1×1 for a W of 1×2, got 1×2$/,
    );
    fails(
      "dense_forward",
      { W: [[1], [2]], b: [[0]], x: [[1, 2, 3]], activation: "relu" },
      /^inputs\.W: has 2 rows \(2×1\) but x gives 3 inputs per sample$/,
      ROW,
    );
  });

  await t.step("networks: layers that do not chain, softmax before the end, a wrong y", () => {
    const net = (layers: unknown[]) => ({ network: { layers }, x: [[1], [1]] });
    const L = (W: number[][], b: number[][], activation = "tanh") => ({ W, b, activation });
    fails(
      "forward",
      net([L([[1, 1]], [[0]]), L([[1, 1]], [[0]])]),
      /^inputs\.network\.layers\[1\]\.W: has 2 columns \(1×2\) but layer 0 gives 1 inputs/,
    );
    fails(
      "forward",
      net([L([[1, 1], [1, 1]], [[0], [0]], "softmax"), L([[1, 1]], [[0]])]),
      /^inputs\.network\.layers\[0\]\.activation: softmax is allowed in the last layer only$/,
    );
    fails(
      "forward",
      net([L([[1, 1]], [[0]], "gelu")]),
      /^inputs\.network\.layers\[0\]\.activation: expected one of sigmoid, tanh, relu, identity, softmax/,
    );
    fails("forward", net([]), /^inputs\.network\.layers: expected at least one layer$/);
    fails(
      "forward",
      { network: { layers: [{ ...L([[1, 1]], [[0]]), bias: 1 }] }, x: [[1], [1]] },
      /^inputs\.network\.layers\[0\]\.bias: unknown field/,
    );
    fails(
      "forward",
      { network: [L([[1]], [[0]])], x: [[1]] },
      /^inputs\.network: expected \{"layers": \[\.\.\.\]\}/,
    );
    fails(
      "backward",
      { ...net([L([[1, 1]], [[0]])]), y: [[1, 0]], cost: "quadratic_half" },
      /^inputs\.y: expected 1×1 \(the output of 1 samples\), got 1×2$/,
    );
  });
});

Deno.test("encodeOutputs() tags what JSON cannot hold", () => {
  assert.deepStrictEqual(encodeOutputs("relu", { a: Matrix.from([[NaN, Infinity, -0]]) }), {
    a: [["NaN", "Infinity", "-0"]],
  });
  assert.deepStrictEqual(encodeOutputs("cross_entropy", { loss: Infinity }), {
    loss: "Infinity",
  });
});
