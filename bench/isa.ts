/**
 * The bench's instruction-set option, `--isa auto|avx2`. `auto`: every participant picks the widest
 * SIMD it finds on the machine. `avx2`: an AVX2 proxy on an AVX-512 machine — every participant is
 * made to run the code path it would run on a CPU with AVX2 and FMA but no AVX-512 (same clock and
 * caches, so it is a proxy, not an AVX2 machine): OpenBLAS's Haswell kernel (the native backend, the
 * bare sgemm, numpy's bundled OpenBLAS and PyTorch's), PyTorch's ATen kernels at their AVX2 level,
 * oneDNN capped at AVX2, and numpy's SIMD dispatch without its AVX-512 targets. The WebAssembly path
 * is 128-bit SIMD whatever the host's width, so it runs unchanged.
 *
 * @module
 */

/** The values of `--isa`. */
export const ISA_NAMES = ["auto", "avx2"] as const;

/** One value of `--isa`. */
export type Isa = typeof ISA_NAMES[number];

/**
 * numpy's AVX-512 dispatch targets, as numpy 2.x names them (X86_V4, AVX512_ICL, AVX512_SPR) and as
 * numpy 1.x does (AVX512F … AVX512_ICL). numpy warns on stderr about a name it does not dispatch on
 * and disables the rest; without these it stays at its AVX2 level (2.x: X86_V3).
 */
export const NUMPY_AVX512_FEATURES: readonly string[] = [
  "X86_V4",
  "AVX512F",
  "AVX512CD",
  "AVX512_KNL",
  "AVX512_KNM",
  "AVX512_SKX",
  "AVX512_CLX",
  "AVX512_CNL",
  "AVX512_ICL",
  "AVX512_SPR",
];

/**
 * The variables that hold every participant to its AVX2 code path. Each library reads them once, when
 * it is loaded, so they must be in the environment before (the bench sets them on itself before it
 * loads OpenBLAS, and passes them to each peer's subprocess).
 */
export const AVX2_PROXY_ENV: Readonly<Record<string, string>> = {
  OPENBLAS_CORETYPE: "Haswell",
  ATEN_CPU_CAPABILITY: "avx2",
  DNNL_MAX_CPU_ISA: "AVX2",
  ONEDNN_MAX_CPU_ISA: "AVX2",
  NPY_DISABLE_CPU_FEATURES: NUMPY_AVX512_FEATURES.join(" "),
};

/**
 * The variables an `--isa` value sets in the bench and in each peer.
 *
 * @param isa The option's value.
 * @returns Nothing for `auto`; {@linkcode AVX2_PROXY_ENV} for `avx2`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(isaEnv("auto"), {});
 * assert.strictEqual(isaEnv("avx2").OPENBLAS_CORETYPE, "Haswell");
 * assert.match(isaEnv("avx2").NPY_DISABLE_CPU_FEATURES, /\bX86_V4\b.*\bAVX512F\b/);
 * ```
 */
export function isaEnv(isa: Isa): Readonly<Record<string, string>> {
  return isa === "avx2" ? AVX2_PROXY_ENV : {};
}

/**
 * Reads `--isa`.
 *
 * @param text The option's value.
 * @returns The value.
 * @throws {RangeError} Anything but auto or avx2, named.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(parseIsa("avx2"), "avx2");
 * assert.throws(() => parseIsa("avx512"), /--isa takes auto or avx2, got "avx512"/);
 * ```
 */
export function parseIsa(text: string): Isa {
  if (!(ISA_NAMES as readonly string[]).includes(text)) {
    throw new RangeError(`--isa takes ${ISA_NAMES.join(" or ")}, got "${text}"`);
  }
  return text as Isa;
}

/**
 * What the bench prints first under `--isa avx2`: that this is a proxy, and what each participant was
 * asked to run (what each really runs is read back and printed beside its figures).
 *
 * @param avx512 Whether the machine has AVX-512 (`avx512f` in /proc/cpuinfo); undefined: unknown.
 * @returns The banner's lines.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.match(avx2ProxyBanner(true)[0], /^AVX2 PROXY: .*AVX-512 machine/);
 * assert.match(avx2ProxyBanner(false).join("\n"), /has no AVX-512: .*its own AVX2/);
 * ```
 */
export function avx2ProxyBanner(avx512: boolean | undefined): string[] {
  const vars = Object.entries(AVX2_PROXY_ENV).map(([k, v]) => `${k}="${v}"`).join(" ");
  return [
    "AVX2 PROXY: every participant held to its AVX2 code path on this AVX-512 machine (same clock " +
    "and caches as the AVX-512 run; not a measurement of an AVX2 machine)",
    ...(avx512 === false
      ? ["(this machine has no AVX-512: every participant runs its own AVX2 path anyway)"]
      : []),
    `  set: ${vars}`,
    "  wasm: 128-bit SIMD, the same code on AVX2 and AVX-512 hosts (unchanged)",
    "  read back below: the native backend's and sgemm's OpenBLAS kernel; each peer's BLAS kernel " +
    "and SIMD level (oneDNN's cap is set, not read back)",
  ];
}
