/**
 * Unit tests for src/spec/operations.ts: the registry lists the operations of fixtures/SCHEMA.md, with
 * their layouts, input fields and output fields, and knows only its own names.
 */
import assert from "node:assert";
import { COST_NAMES, costFromName } from "../../src/reference/costs.ts";
import { isOpName, OP_NAMES, OPERATIONS } from "../../src/spec/operations.ts";

/** The registry as fixtures/SCHEMA.md documents it: op → [takes a layout, input fields, output fields]. */
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
  cross_entropy_grad: [true, ["p", "y"], ["dp"]],
  quadratic_cost: [true, ["a", "y", "convention"], ["loss"]],
  quadratic_cost_grad: [true, ["a", "y", "convention"], ["da"]],
  dense_forward: [true, ["W", "b", "x", "activation"], ["z", "a"]],
  forward: [true, ["network", "x"], ["z", "a"]],
  backward: [true, ["network", "x", "y", "cost"], ["delta", "dW", "db"]],
  input_grad: [true, ["network", "x", "y", "cost"], ["dx"]],
  network_cost: [true, ["network", "x", "y", "cost"], ["loss"]],
  sgd_step: [true, ["network", "x", "y", "cost", "lr"], ["network"]],
  shapes: [true, ["sizes", "batch"], ["W", "b", "z", "a", "delta", "dW", "db", "Wb"]],
};
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
    assert.deepStrictEqual(costFromName("cross_entropy"), { kind: "cross_entropy" });
    for (const c of ["squared", "half", "mean"] as const) {
      assert.deepStrictEqual(costFromName(`quadratic_${c}`), { kind: "quadratic", convention: c });
    }
    assert.deepStrictEqual(COST_NAMES.map(costFromName).length, 4);
  });
});
