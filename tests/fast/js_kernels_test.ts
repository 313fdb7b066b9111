import assert from "node:assert";
import { f32Matrix, jsKernels } from "../../src/fast/js_kernels.ts";
import { kernelSuite } from "./kernel_suite.ts";

Deno.test("jsKernels agree with float64 references", async (t) => {
  await kernelSuite(t, jsKernels);
});

Deno.test("f32Matrix() rejects impossible shapes", () => {
  assert.throws(() => f32Matrix(-1, 2), {
    name: "RangeError",
    message: "Cannot create a matrix of shape -1×2",
  });
  assert.throws(() => f32Matrix(1.5, 2), RangeError);
});

Deno.test("jsKernels reject a product into a view of a factor", () => {
  const a = f32Matrix(4, 4);
  const c = { rows: 2, cols: 4, data: a.data.subarray(8) };
  assert.throws(() => jsKernels.gemmNN(f32Matrix(2, 4), a, { c }), RangeError);
});
