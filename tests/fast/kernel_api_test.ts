import assert from "node:assert";
import { dims, gemmShape, rowFor, sameShape } from "../../src/fast/kernel_api.ts";

const m = (rows: number, cols: number) => ({ rows, cols, data: new Float32Array(rows * cols) });

Deno.test("gemmShape() reads m, n, k through the transposes", () => {
  assert.deepStrictEqual(gemmShape("NN", m(2, 3), { b: m(3, 4), c: m(2, 4) }), {
    m: 2,
    n: 4,
    k: 3,
  });
  assert.deepStrictEqual(gemmShape("NT", m(2, 3), { b: m(4, 3), c: m(2, 4) }), {
    m: 2,
    n: 4,
    k: 3,
  });
  assert.deepStrictEqual(gemmShape("TN", m(3, 2), { b: m(3, 4), c: m(2, 4) }), {
    m: 2,
    n: 4,
    k: 3,
  });
});

Deno.test("gemmShape() names the mismatch", () => {
  assert.throws(() => gemmShape("NT", m(2, 3), { b: m(4, 2), c: m(2, 4) }), {
    name: "TypeError",
    message: "Cannot multiply a·bᵀ: a is 2×3 but b is 4×2",
  });
  assert.throws(() => gemmShape("TN", m(3, 2), { b: m(3, 4), c: m(4, 2) }), {
    name: "TypeError",
    message: "Cannot multiply aᵀ·b into c: the product is 2×4 but c is 4×2",
  });
  assert.throws(() => gemmShape("NN", m(2, 3), { b: m(3, 4), c: m(2, 4), bias: m(4, 1) }), {
    name: "TypeError",
    message: "Cannot multiply a·b: bias must be 1×4 but is 4×1",
  });
});

Deno.test("sameShape() and rowFor() name the offending operand", () => {
  assert.throws(() => sameShape("Cannot update", { W: m(2, 2), dW: m(2, 3) }), {
    name: "TypeError",
    message: "Cannot update: W is 2×2 but dW is 2×3",
  });
  sameShape("Cannot update", { W: m(2, 2), dW: m(2, 2) });
  assert.throws(() => rowFor("Cannot add a bias", m(4, 3), { b: m(1, 2) }), {
    name: "TypeError",
    message: "Cannot add a bias: b must be 1×3 but is 1×2",
  });
  rowFor("Cannot add a bias", m(4, 3), { b: m(1, 3) });
  assert.strictEqual(dims(m(0, 7)), "0×7");
});
