/**
 * Unit tests for src/spec/evaluate.ts: every operation evaluates with the reference, and runCase()
 * compares a case with the one output comparer under the case's tolerance.
 */
import assert from "node:assert";
import type { FixtureCase } from "../../src/spec/case_file.ts";
import { compareOutputs, describeFailures } from "../../src/spec/compare_outputs.ts";
import { evaluateJson, runCase } from "../../src/spec/evaluate.ts";

const ONE_NEURON = { layers: [{ W: [[0]], b: [[0]], activation: "sigmoid" }] };

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
});

/** The lines of the one comparer for outputs received from elsewhere, under the case's tolerance. */
const check = (c: FixtureCase, outputs: unknown) =>
  describeFailures(compareOutputs(outputs, c.expected, runCase(c).tolerance!));

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

Deno.test("runCase() compares with the case's tolerance, through the one output comparer", async (t) => {
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
    "outputs from elsewhere: missing, wrong kind, wrong activation",
    () => {
      assert.deepStrictEqual(check(CASE, CASE.expected), []);
      assert.deepStrictEqual(check(CASE, {}), ["network: missing"]);
      const lossCase: FixtureCase = {
        ...CASE,
        op: "network_cost",
        inputs: { network: ONE_NEURON, x: [[2]], y: [[1]], cost: "quadratic_half" },
        expected: { loss: 0.125 },
      };
      assert.match(
        check(lossCase, { loss: [[0.125]] })[0],
        /^loss: expected a single number, got an array .*: not reduced over the batch\?$/,
      );
      assert.deepStrictEqual(check(lossCase, { loss: 0.125, extra: 1 }), []);
      const relabelled = { network: { layers: [{ W: [[0.5]], b: [[0.25]], activation: "tanh" }] } };
      assert.deepStrictEqual(check(CASE, relabelled), [
        'network.layers[0].activation: expected "sigmoid", got "tanh"',
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
    assert.deepStrictEqual(check(c, { ...c.expected, dW: [[2, 1]] }), [
      "dW[0,0]: expected 1, got 2 (abs 1, rel 1); 2 of 2 elements out of tolerance",
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
      check({ ...c, expected: { a: [[0]] } }, { a: [["NaN"]] })[0],
      /^a\[0,0\]: expected 0, got NaN/,
    );
  });
});
