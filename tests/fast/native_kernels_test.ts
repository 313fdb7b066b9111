import assert from "node:assert";
import { describeBlas, openBlas } from "../../src/fast/blas.ts";
import { NativeKernels } from "../../src/fast/native_kernels.ts";
import { kernelSuite } from "./kernel_suite.ts";

// CI installs OpenBLAS (.ci/run) and `deno task test` grants --allow-ffi, so the kernels are checked
// there; where the library is missing, the first test checks instead that the reason is one of the
// three this machine can have, and the backend chooser's test checks the fallback to wasm.
const found = openBlas();

Deno.test({
  name: found.ok
    ? `NativeKernels (${describeBlas(found.blas)}) agree with float64`
    : `without OpenBLAS, openBlas() says why: ${found.reason}`,
  async fn(t) {
    if (!found.ok) {
      assert.match(
        found.reason,
        /^(no OpenBLAS \(|Deno was started without --allow-ffi$|this runtime)/,
      );
      return;
    }
    await kernelSuite(t, new NativeKernels(found.blas));
    await t.step("a product into a view writes only the view's rows of the arena", () => {
      const k = new NativeKernels(found.blas);
      const store = k.arena.from(4, 1, [-1, -1, -1, -1]);
      const a = k.arena.from(2, 2, [1, 2, 3, 4]);
      k.gemmNN(a, k.arena.from(2, 1, [1, 1]), { c: k.rowsOf(store, 2) });
      assert.deepStrictEqual([...store.data], [3, 7, -1, -1]);
    });
    await t.step("on 2 OpenBLAS threads too (training shapes)", async (t) => {
      await kernelSuite(t, new NativeKernels(found.blas, { threads: 2 }));
    });
  },
});

Deno.test("NativeKernels refuse a thread count below 1", () => {
  const blas = { soname: "x", config: "", kernel: "", sgemm() {}, setThreads() {} };
  assert.throws(() => new NativeKernels(blas, { threads: 0 }), /Cannot run OpenBLAS on 0 threads/);
});
