/**
 * The system's OpenBLAS through Deno's FFI (`Deno.dlopen`, which needs `--allow-ffi`): found by its
 * soname (`libopenblas.so.0` from Debian's `libopenblas0-pthread`, or a `libblas.so.3` that is
 * OpenBLAS), opened once per process, and described (version, the CPU kernel OpenBLAS picked) so
 * that a run can say what it ran on. A library that is not OpenBLAS (the reference netlib BLAS that
 * `libblas3` brings) is passed over: it is slower than the WebAssembly kernels.
 *
 * @module
 */

/** The C functions we call; `openblas_*` ones are what tells OpenBLAS from other BLAS builds. */
const SYMBOLS = {
  cblas_sgemm: {
    parameters: [
      "i32", // order
      "i32", // transA
      "i32", // transB
      "i32", // M
      "i32", // N
      "i32", // K
      "f32", // alpha
      "buffer", // A
      "i32", // lda
      "buffer", // B
      "i32", // ldb
      "f32", // beta
      "buffer", // C
      "i32", // ldc
    ],
    result: "void",
  },
  openblas_get_config: { parameters: [], result: "pointer", optional: true },
  openblas_get_corename: { parameters: [], result: "pointer", optional: true },
  openblas_set_num_threads: { parameters: ["i32"], result: "void", optional: true },
} as const;

/** The sonames tried, in order. */
export const BLAS_SONAMES = ["libopenblas.so.0", "libblas.so.3"] as const;

/** CBLAS constants: row-major storage, no transpose, transpose. */
export const CBLAS = { rowMajor: 101, noTrans: 111, trans: 112 } as const;

/** An opened OpenBLAS. */
export interface Blas {
  /** The soname it was opened by. */
  readonly soname: string;
  /** OpenBLAS's own description, e.g. `OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH … Haswell`. */
  readonly config: string;
  /** The CPU kernel OpenBLAS runs, e.g. `Cooperlake`, `SkylakeX`, `Haswell`. */
  readonly kernel: string;
  /**
   * `C = alpha·op(A)·op(B) + beta·C`, row-major (CBLAS's `cblas_sgemm`).
   */
  sgemm(
    call: {
      transA: boolean;
      transB: boolean;
      m: number;
      n: number;
      k: number;
      alpha: number;
      a: Float32Array;
      lda: number;
      b: Float32Array;
      ldb: number;
      beta: number;
      c: Float32Array;
      ldc: number;
    },
  ): void;
  /** Sets the threads OpenBLAS uses for every later call in this process. */
  setThreads(threads: number): void;
}

/** What looking for OpenBLAS found: the library, or why there is none. */
export type BlasLookup =
  | { readonly ok: true; readonly blas: Blas }
  | { readonly ok: false; readonly reason: string };

let found: BlasLookup | undefined;

/**
 * Opens the system's OpenBLAS, once per process.
 *
 * @returns The library, or the reason there is none (no `--allow-ffi`, no library, not OpenBLAS).
 * @example
 * ```ts
 * import assert from "node:assert";
 * const found = openBlas();
 * assert.ok(found.ok ? /OpenBLAS/.test(found.blas.config) : found.reason.length > 0);
 * ```
 */
export function openBlas(): BlasLookup {
  found ??= lookup();
  return found;
}

function lookup(): BlasLookup {
  if (typeof Deno.dlopen !== "function") {
    return { ok: false, reason: "this runtime has no Deno.dlopen" };
  }
  if (Deno.permissions.querySync({ name: "ffi" }).state !== "granted") {
    return { ok: false, reason: "Deno was started without --allow-ffi" };
  }
  const passed: string[] = [];
  for (const soname of BLAS_SONAMES) {
    let lib: Deno.DynamicLibrary<typeof SYMBOLS>;
    try {
      lib = Deno.dlopen(soname, SYMBOLS);
    } catch (e) {
      passed.push(`${soname}: ${/cblas_sgemm/.test(String(e)) ? "no cblas_sgemm" : "not found"}`);
      continue;
    }
    const s = lib.symbols;
    if (!s.openblas_get_config || !s.openblas_get_corename || !s.openblas_set_num_threads) {
      lib.close();
      passed.push(`${soname}: not OpenBLAS (the reference BLAS is slower than WebAssembly)`);
      continue;
    }
    return { ok: true, blas: wrap(soname, s as Present<typeof s>) };
  }
  return {
    ok: false,
    reason: `no OpenBLAS (${passed.join("; ")}); apt-get install libopenblas0-pthread`,
  };
}

/** The symbols with the optional ones checked present. */
type Present<S> = { readonly [K in keyof S]: NonNullable<S[K]> };

function wrap(soname: string, s: Present<Deno.DynamicLibrary<typeof SYMBOLS>["symbols"]>): Blas {
  const text = (p: Deno.PointerValue) => (p ? Deno.UnsafePointerView.getCString(p) : "");
  const sgemm = s.cblas_sgemm;
  let threads = 0;
  return {
    soname,
    config: text(s.openblas_get_config()).trim(),
    kernel: text(s.openblas_get_corename()).trim(),
    sgemm(x) {
      sgemm(
        CBLAS.rowMajor,
        x.transA ? CBLAS.trans : CBLAS.noTrans,
        x.transB ? CBLAS.trans : CBLAS.noTrans,
        x.m,
        x.n,
        x.k,
        x.alpha,
        x.a,
        x.lda,
        x.b,
        x.ldb,
        x.beta,
        x.c,
        x.ldc,
      );
    },
    setThreads(n) {
      if (n !== threads) s.openblas_set_num_threads(n);
      threads = n;
    },
  };
}

/**
 * One line naming the library: version and kernel, and the soname it was found by.
 *
 * @param blas The library.
 * @returns E.g. `OpenBLAS 0.3.21, kernel Cooperlake (libopenblas.so.0)`.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const blas = { soname: "libopenblas.so.0", config: "OpenBLAS 0.3.21 DYNAMIC_ARCH Haswell", kernel: "Haswell" };
 * assert.strictEqual(describeBlas(blas as never), "OpenBLAS 0.3.21, kernel Haswell (libopenblas.so.0)");
 * ```
 */
export function describeBlas(blas: Pick<Blas, "soname" | "config" | "kernel">): string {
  const version = blas.config.split(/\s+/).slice(0, 2).join(" ");
  return `${version}, kernel ${blas.kernel} (${blas.soname})`;
}
