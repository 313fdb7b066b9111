/**
 * Unit tests for src/spec/operations.ts: the registry matches FIXTURES_SPEC.md, inputs are decoded and
 * checked with errors naming the field, every operation evaluates with the reference, outputs are
 * encoded with tagged specials, and runCase()/checkOutputs() compare under the case's tolerance.
 */
import assert from "node:assert";
import type { FixtureCase } from "../../src/spec/case_file.ts";
import { Matrix } from "../../src/reference/matrix.ts";
import {
  checkOutputs,
  costFromName,
  decodeInputs,
  encodeOutputs,
  evaluateJson,
  isOpName,
  OP_NAMES,
  OPERATIONS,
  runCase,
} from "../../src/spec/operations.ts";

/** The registry of FIXTURES_SPEC.md: op → [takes a layout, input fields, output fields]. */
const SPEC: Record<string, [boolean, string[], string[]]> = {
  sigmoid: [false, ["z"], ["a"]],
  tanh: [false, ["z"], ["a"]],
  relu: [false, ["z"], ["a"]],
  sigmoid_prime: [false, ["z"], ["d"]],
  tanh_prime: [false, ["z"], ["d"]],
  relu_prime: [false, ["z"], ["d"]],
  softmax: [true, ["z"], ["p"]],
  softmax_jacobian: [false, ["z"], ["J"]],
  cross_entropy: [true, ["p", "y"], ["loss"]],
  softmax_cross_entropy: [true, ["z", "y"], ["loss"]],
  softmax_cross_entropy_grad: [true, ["z", "y"], ["dz"]],
  quadratic_cost: [true, ["a", "y", "convention"], ["loss"]],
  quadratic_cost_grad: [true, ["a", "y", "convention"], ["da"]],
  dense_forward: [true, ["W", "b", "x", "activation"], ["z", "a"]],
  forward: [true, ["network", "x"], ["z", "a"]],
  backward: [true, ["network", "x", "y", "cost"], ["delta", "dW", "db"]],
  network_cost: [true, ["network", "x", "y", "cost"], ["loss"]],
  sgd_step: [true, ["network", "x", "y", "cost", "lr"], ["network"]],
  shapes: [true, ["sizes", "batch"], ["W", "b", "z", "a", "delta", "dW", "db"]],
};

const ONE_NEURON = { layers: [{ W: [[0]], b: [[0]], activation: "sigmoid" }] };
const COL = { layout: "column", where: "inputs" } as const;
const ROW = { layout: "row", where: "inputs" } as const;

Deno.test("OPERATIONS is the registry of the fixture spec", async (t) => {
  await t.step("the same operations, in the spec's order", () => {
    assert.deepStrictEqual(OP_NAMES, Object.keys(SPEC));
  });

  await t.step("each takes the spec's inputs and layout and gives its outputs", () => {
    for (const name of OP_NAMES) {
      const op = OPERATIONS[name];
      assert.deepStrictEqual(
        [op.layout, Object.keys(op.inputs), Object.keys(op.outputs)],
        SPEC[name],
        name,
      );
      assert.ok(op.summary.length > 0, `${name} has a summary`);
    }
  });

  await t.step("isOpName() knows only registry names, nothing inherited", () => {
    for (const name of OP_NAMES) assert.ok(isOpName(name));
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty", "Sigmoid"]) {
      assert.ok(!isOpName(name), name);
    }
  });

  await t.step("costFromName() maps the four cost names", () => {
    assert.deepStrictEqual(costFromName("cross_entropy"), { kind: "cross-entropy" });
    for (const c of ["squared", "half", "mean"] as const) {
      assert.deepStrictEqual(costFromName(`quadratic_${c}`), { kind: "quadratic", convention: c });
    }
  });
});

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

Deno.test("evaluateJson() answers every operation from the reference", async (t) => {
  await t.step("elementwise activations and derivatives", () => {
    assert.deepStrictEqual(evaluateJson("sigmoid", { z: [[0, "-Infinity"]] }), { a: [[0.5, 0]] });
    assert.deepStrictEqual(evaluateJson("tanh", { z: [["-0"]] }), { a: [["-0"]] });
    assert.deepStrictEqual(evaluateJson("relu", { z: [[-1, 2, "NaN"]] }), { a: [[0, 2, "NaN"]] });
    assert.deepStrictEqual(evaluateJson("sigmoid_prime", { z: [[0]] }), { d: [[0.25]] });
    assert.deepStrictEqual(evaluateJson("tanh_prime", { z: [[0]] }), { d: [[1]] });
    assert.deepStrictEqual(evaluateJson("relu_prime", { z: [[0, 1e-300]] }), { d: [[0, 1]] });
  });

  await t.step("softmax per sample in each layout, and its Jacobian", () => {
    assert.deepStrictEqual(evaluateJson("softmax", { z: [[0, 5], [0, 5]] }, "column"), {
      p: [[0.5, 0.5], [0.5, 0.5]],
    });
    assert.deepStrictEqual(evaluateJson("softmax", { z: [[0, 0], [1000, 1000]] }, "row"), {
      p: [[0.5, 0.5], [0.5, 0.5]],
    });
    assert.deepStrictEqual(evaluateJson("softmax_jacobian", { z: [[0], [0]] }), {
      J: [[0.25, -0.25], [-0.25, 0.25]],
    });
  });

  await t.step("costs are batch means, their gradients include 1/N", () => {
    assert.deepStrictEqual(
      evaluateJson("cross_entropy", { p: [[0.5, 1]], y: [[1, 1]] }, "column"),
      {
        loss: Math.LN2 / 2,
      },
    );
    assert.deepStrictEqual(
      evaluateJson("softmax_cross_entropy", { z: [[1000, 0, -1000]], y: [[0, 0, 1]] }, "row"),
      { loss: 2000 },
    );
    assert.deepStrictEqual(
      evaluateJson(
        "softmax_cross_entropy_grad",
        { z: [[0, 0], [0, 0]], y: [[1, 0], [0, 1]] },
        "column",
      ),
      {
        dz: [[-0.25, 0.25], [0.25, -0.25]],
      },
    );
    const q = (op: "quadratic_cost" | "quadratic_cost_grad", convention: string) =>
      evaluateJson(op, { a: [[1, 1], [0, 1]], y: [[0, 1], [0, 0]], convention }, "column");
    // two samples (columns) of two outputs: sample 0 has a − y = (1, 0), sample 1 has (0, 1)
    assert.deepStrictEqual(q("quadratic_cost", "squared"), { loss: 1 });
    assert.deepStrictEqual(q("quadratic_cost", "half"), { loss: 0.5 });
    assert.deepStrictEqual(q("quadratic_cost", "mean"), { loss: 0.5 });
    assert.deepStrictEqual(q("quadratic_cost_grad", "squared"), { da: [[1, 0], [0, 1]] });
    assert.deepStrictEqual(q("quadratic_cost_grad", "half"), { da: [[0.5, 0], [0, 0.5]] });
    assert.deepStrictEqual(q("quadratic_cost_grad", "mean"), { da: [[0.5, 0], [0, 0.5]] });
  });

  await t.step("dense_forward in both layouts gives transposed answers", () => {
    const col = evaluateJson("dense_forward", {
      W: [[1, 2], [3, 4]],
      b: [[1], [-1]],
      x: [[1, 0], [0, 1]],
      activation: "identity",
    }, "column");
    const row = evaluateJson("dense_forward", {
      W: [[1, 3], [2, 4]],
      b: [[1, -1]],
      x: [[1, 0], [0, 1]],
      activation: "identity",
    }, "row");
    assert.deepStrictEqual(col, { z: [[2, 3], [2, 3]], a: [[2, 3], [2, 3]] });
    assert.deepStrictEqual(row, { z: [[2, 2], [3, 3]], a: [[2, 2], [3, 3]] });
  });

  await t.step(
    "forward, backward, network_cost and sgd_step on one sigmoid neuron, C = ½(a − y)²",
    () => {
      const inputs = { network: ONE_NEURON, x: [[2]], y: [[1]], cost: "quadratic_half" };
      assert.deepStrictEqual(evaluateJson("forward", { network: ONE_NEURON, x: [[2]] }, "column"), {
        z: [[[0]]],
        a: [[[0.5]]],
      });
      // δ = (a − y)σ′(z) = −0.5 · 0.25; dW = δ·x; db = δ
      assert.deepStrictEqual(evaluateJson("backward", inputs, "row"), {
        delta: [[[-0.125]]],
        dW: [[[-0.25]]],
        db: [[[-0.125]]],
      });
      assert.deepStrictEqual(evaluateJson("network_cost", inputs, "column"), { loss: 0.125 });
      assert.deepStrictEqual(evaluateJson("sgd_step", { ...inputs, lr: 2 }, "column"), {
        network: { layers: [{ W: [[0.5]], b: [[0.25]], activation: "sigmoid" }] },
      });
    },
  );

  await t.step("shapes of document 001's network, measured on the reference", () => {
    const out = evaluateJson("shapes", { sizes: [784, 128, 64, 10], batch: 3 }, "column");
    assert.deepStrictEqual(out.W, [[128, 784], [64, 128], [10, 64]]);
    assert.deepStrictEqual(out.delta, [[128, 3], [64, 3], [10, 3]]);
    const rows = evaluateJson("shapes", { sizes: [784, 100, 10], batch: 2 }, "row");
    assert.deepStrictEqual([rows.W, rows.b, rows.z], [
      [[784, 100], [100, 10]],
      [[1, 100], [1, 10]],
      [[2, 100], [2, 10]],
    ]);
  });

  await t.step("encodeOutputs() tags what JSON cannot hold", () => {
    assert.deepStrictEqual(encodeOutputs("relu", { a: Matrix.from([[NaN, Infinity, -0]]) }), {
      a: [["NaN", "Infinity", "-0"]],
    });
    assert.deepStrictEqual(encodeOutputs("cross_entropy", { loss: Infinity }), {
      loss: "Infinity",
    });
  });
});

const CASE: FixtureCase = {
  id: "t/sgd",
  op: "sgd_step",
  layout: "column",
  inputs: { network: ONE_NEURON, x: [[2]], y: [[1]], cost: "quadratic_half", lr: 2 },
  expected: { network: { layers: [{ W: [[0.5]], b: [[0.25]], activation: "sigmoid" }] } },
  tolerance: { class: "exact" },
  source: { doc: "001", section: "Backward Propagation (updating rule)" },
  tags: [],
  notes: "",
};

Deno.test("runCase() and checkOutputs() compare with the case's tolerance", async (t) => {
  await t.step("a passing case, with the reference's outputs returned", () => {
    const run = runCase(CASE);
    assert.deepStrictEqual([run.ok, run.failures, run.outputs], [true, [], CASE.expected]);
    assert.deepStrictEqual(run.tolerance, { rtol: 0, atol: 0 });
  });

  await t.step("the case is not modified by running it", () => {
    const before = JSON.stringify(CASE);
    runCase(CASE);
    assert.strictEqual(JSON.stringify(CASE), before);
  });

  await t.step(
    "a wrong expected value: one line naming the field, the element and the errors",
    () => {
      const wrong = {
        ...CASE,
        expected: { network: { layers: [{ W: [[0.5]], b: [[0.3]], activation: "sigmoid" }] } },
      };
      const run = runCase(wrong);
      assert.strictEqual(run.ok, false);
      assert.deepStrictEqual(run.failures, [
        "network.layers[0].b[0,0]: expected 0.3, got 0.25 (abs 0.05, rel 0.166667); 1 of 1 elements out of tolerance",
      ]);
    },
  );

  await t.step("an override of the tolerance lets a small difference pass", () => {
    const close = {
      ...CASE,
      expected: {
        network: { layers: [{ W: [[0.5 + 1e-13]], b: [[0.25]], activation: "sigmoid" }] },
      },
    };
    assert.strictEqual(runCase(close).ok, false);
    assert.strictEqual(runCase({ ...close, tolerance: { class: "exact", atol: 1e-12 } }).ok, true);
  });

  await t.step("inputs that cannot be decoded fail the case with the reason", () => {
    const run = runCase({ ...CASE, inputs: { ...CASE.inputs, lr: "fast" } });
    assert.deepStrictEqual([run.ok, run.failures], [false, [
      'inputs.lr: expected a finite number ≥ 0, got "fast"',
    ]]);
  });

  await t.step(
    "checkOutputs() reads outputs from elsewhere: missing, wrong kind, wrong activation",
    () => {
      assert.deepStrictEqual(checkOutputs(CASE, CASE.expected), []);
      assert.deepStrictEqual(checkOutputs(CASE, {}), ["outputs.network: missing"]);
      const lossCase: FixtureCase = {
        ...CASE,
        op: "network_cost",
        inputs: { network: ONE_NEURON, x: [[2]], y: [[1]], cost: "quadratic_half" },
        expected: { loss: 0.125 },
      };
      assert.match(
        checkOutputs(lossCase, { loss: [[0.125]] })[0],
        /^outputs\.loss: expected a number/,
      );
      assert.deepStrictEqual(checkOutputs(lossCase, { loss: 0.125, extra: 1 }), []);
      const relabelled = { network: { layers: [{ W: [[0.5]], b: [[0.25]], activation: "tanh" }] } };
      assert.deepStrictEqual(checkOutputs(CASE, relabelled), [
        "network.layers[0].activation: expected sigmoid, got tanh",
      ]);
    },
  );

  await t.step("shapes are compared pair by pair", () => {
    const c: FixtureCase = {
      ...CASE,
      op: "shapes",
      inputs: { sizes: [2, 1], batch: 1 },
      expected: {
        W: [[1, 2]],
        b: [[1, 1]],
        z: [[1, 1]],
        a: [[1, 1]],
        delta: [[1, 1]],
        dW: [[1, 2]],
        db: [[1, 1]],
      },
    };
    assert.deepStrictEqual(runCase(c).failures, []);
    assert.deepStrictEqual(checkOutputs(c, { ...c.expected, dW: [[2, 1]] }), [
      "dW: expected [[1,2]], got [[2,1]]",
    ]);
  });

  await t.step("NaN matches NaN, and a NaN where a number is expected fails", () => {
    const c: FixtureCase = {
      ...CASE,
      op: "relu",
      layout: undefined,
      inputs: { z: [["NaN"]] },
      expected: { a: [["NaN"]] },
    };
    assert.deepStrictEqual(runCase(c).failures, []);
    assert.match(
      checkOutputs({ ...c, expected: { a: [[0]] } }, { a: [["NaN"]] })[0],
      /^a\[0,0\]: expected 0, got NaN/,
    );
  });
});
