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
      await kernelSuite(t, new NativeKernels(found.blas, { threads: 2 }));
    });
  },
});

Deno.test({
  name: "NativeKernels write only the rows of a product into a view, in the arena",
  ignore: !found.ok,
  fn() {
    assert.ok(found.ok);
    const k = new NativeKernels(found.blas);
    const store = k.arena.from(4, 1, [-1, -1, -1, -1]);
    const a = k.arena.from(2, 2, [1, 2, 3, 4]);
    k.gemmNN(a, k.arena.from(2, 1, [1, 1]), { c: k.rowsOf(store, 2) });
    assert.deepStrictEqual([...store.data], [3, 7, -1, -1]);
  },
});

Deno.test("NativeKernels refuse a thread count below 1", () => {
  const blas = { soname: "x", config: "", kernel: "", sgemm() {}, setThreads() {} };
  assert.throws(() => new NativeKernels(blas, { threads: 0 }), /Cannot run OpenBLAS on 0 threads/);
});
