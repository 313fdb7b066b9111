import assert from "node:assert";
import { compileKernels, renderModule } from "../../wasm/build.ts";
import { KERNELS_RELAXED_BASE64, KERNELS_SIMD_BASE64 } from "../../src/fast/kernels_wasm.ts";

Deno.test("the committed kernels are exactly a fresh build of wasm/assembly/kernels.ts", async (t) => {
  const fresh = await compileKernels();
  await t.step("the SIMD binary is byte for byte the same", () => {
    assert.deepStrictEqual(Uint8Array.fromBase64(KERNELS_SIMD_BASE64), fresh.simd);
  });
  await t.step("the relaxed-SIMD binary is byte for byte the same", () => {
    assert.deepStrictEqual(Uint8Array.fromBase64(KERNELS_RELAXED_BASE64), fresh.relaxed);
  });
  await t.step("src/fast/kernels_wasm.ts is the text wasm/build.ts writes", async () => {
    const committed = await Deno.readTextFile(
      new URL("../../src/fast/kernels_wasm.ts", import.meta.url),
    );
    assert.strictEqual(committed, renderModule(fresh), "stale: run `deno task build:wasm`");
  });
});

Deno.test("the two builds differ only where relaxed SIMD is used", () => {
  const simd = new WebAssembly.Module(Uint8Array.fromBase64(KERNELS_SIMD_BASE64));
  const relaxed = new WebAssembly.Module(Uint8Array.fromBase64(KERNELS_RELAXED_BASE64));
  assert.deepStrictEqual(WebAssembly.Module.exports(simd), WebAssembly.Module.exports(relaxed));
  assert.deepStrictEqual(WebAssembly.Module.imports(simd), [
    { module: "env", name: "memory", kind: "memory" },
  ]);
  const memory = new WebAssembly.Memory({ initial: 1 });
  const isRelaxed = (m: WebAssembly.Module) =>
    (new WebAssembly.Instance(m, { env: { memory } }).exports.isRelaxed as () => number)();
  assert.strictEqual(isRelaxed(simd), 0);
  assert.strictEqual(isRelaxed(relaxed), 1);
});
