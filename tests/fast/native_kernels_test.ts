import assert from "node:assert";
import { describeBlas, openBlas } from "../../src/fast/blas.ts";
import { NativeKernels } from "../../src/fast/native_kernels.ts";
import { kernelSuite } from "./kernel_suite.ts";

// CI installs OpenBLAS (.ci/run) and `deno task test` grants --allow-ffi, so these run there; where
// the library is missing, the backend chooser's test (tests/train/backends_test.ts) checks the
// fallback instead.
const found = openBlas();

Deno.test({
  name: `NativeKernels (${found.ok ? describeBlas(found.blas) : found.reason}) agree with float64`,
  ignore: !found.ok,
  async fn(t) {
    assert.ok(found.ok);
    await kernelSuite(t, new NativeKernels(found.blas));
    await t.step("on 2 OpenBLAS threads too (training shapes)", async (t) => {
      await kernelSuite(t, new NativeKernels(found.blas, 2));
    });
  },
});

Deno.test({
  name: "NativeKernels read and write views at an offset into a larger buffer",
  ignore: !found.ok,
  fn() {
    assert.ok(found.ok);
    const k = new NativeKernels(found.blas);
    const store = new Float32Array(16).fill(-1);
    const a = { rows: 2, cols: 2, data: store.subarray(2, 6) };
    a.data.set([1, 2, 3, 4]);
    const b = { rows: 2, cols: 1, data: new Float32Array([1, 1]) };
    const c = { rows: 2, cols: 1, data: store.subarray(10, 12) };
    k.gemmNN(a, b, { c });
    assert.deepStrictEqual([...store.subarray(8, 14)], [-1, -1, 3, 7, -1, -1]);
  },
});

Deno.test("NativeKernels refuse a thread count below 1", () => {
  const blas = { soname: "x", config: "", kernel: "", sgemm() {}, setThreads() {} };
  assert.throws(() => new NativeKernels(blas, 0), /Cannot run OpenBLAS on 0 threads/);
});
