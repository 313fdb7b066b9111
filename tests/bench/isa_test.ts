import assert from "node:assert";
import { AVX2_PROXY_ENV, isaEnv, parseIsa } from "../../bench/isa.ts";
import { formatPeerResult, parsePeerLine, peerSpecs } from "../../bench/peers.ts";

Deno.test("--isa: auto or avx2, anything else named", () => {
  assert.strictEqual(parseIsa("auto"), "auto");
  assert.strictEqual(parseIsa("avx2"), "avx2");
  for (const bad of ["AVX2", "avx512", ""]) {
    assert.throws(() => parseIsa(bad), new RegExp(`got "${bad}"`));
  }
});

Deno.test("peerSpecs() under --isa avx2 gives both peers the proxy's variables", async (t) => {
  await t.step("avx2: every proxy variable set, none unset (numpy keeps Haswell too)", () => {
    for (const torchUnsetsForcing of [false, true]) {
      for (const spec of peerSpecs("system", torchUnsetsForcing, "avx2")) {
        assert.deepStrictEqual(spec.unsetEnv ?? [], [], spec.peer);
        for (const [name, value] of Object.entries(AVX2_PROXY_ENV)) {
          assert.strictEqual(spec.setEnv?.[name], value, `${spec.peer}: ${name}`);
        }
      }
    }
  });
  await t.step("auto: none of them set", () => {
    assert.deepStrictEqual(isaEnv("auto"), {});
    for (const spec of peerSpecs("system", false, "auto")) {
      for (const name of Object.keys(AVX2_PROXY_ENV)) {
        assert.strictEqual(spec.setEnv?.[name], undefined, `${spec.peer}: ${name}`);
      }
    }
  });
  await t.step("the numpy list names numpy 2's and numpy 1's AVX-512 targets", () => {
    const names = AVX2_PROXY_ENV.NPY_DISABLE_CPU_FEATURES.split(" ");
    for (const name of ["X86_V4", "AVX512_ICL", "AVX512_SPR", "AVX512F", "AVX512_SKX"]) {
      assert.ok(names.includes(name), name);
    }
    assert.ok(!names.some((n) => /^(AVX2|X86_V3|FMA3)$/.test(n)), "the AVX2 level stays on");
  });
});

Deno.test("a peer's SIMD level travels from its result line to the bench's line", () => {
  const m = parsePeerLine(JSON.stringify({
    peer: "pytorch",
    version: "1",
    threads: 1,
    blas: "OpenBLAS x Haswell",
    simd: "ATen AVX2",
    epoch_seconds: [1],
    median_epoch_s: 1,
    samples_per_s: 100,
    samples: 100,
    test_accuracy: 0.5,
  }));
  assert.strictEqual(m.simd, "ATen AVX2");
  const line = formatPeerResult({
    peer: "pytorch",
    status: "ok",
    measurement: m,
    python: "p",
    command: "c",
  });
  assert.match(line, /BLAS OpenBLAS x Haswell {2}SIMD ATen AVX2$/);
});
