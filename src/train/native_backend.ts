/**
 * The native float32 backend: the one float32 backend (float32_backend.ts) with every product done
 * by the system's OpenBLAS through Deno's FFI (src/fast/native_kernels.ts). Needs `--allow-ffi` and
 * an OpenBLAS (Debian: `apt-get install libopenblas0-pthread`).
 *
 * @module
 */
import { openBlas } from "../fast/blas.ts";
import { NativeKernels } from "../fast/native_kernels.ts";
import type { BackendOptions, TrainerBackend } from "./backend.ts";
import { createFloat32Backend } from "./float32_backend.ts";

/**
 * Creates the native backend.
 *
 * @param options The model, the seed of its initial weights, the momentum, and OpenBLAS threads
 *   (default 1).
 * @returns The backend.
 * @throws {Error} When there is no OpenBLAS to run on, saying why.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { openBlas } from "../fast/blas.ts";
 * const spec = { sizes: [3, 4, 2], hidden: "relu", layout: "row" } as const;
 * if (openBlas().ok) {
 *   const P = createNativeBackend({ spec, seed: 1 }).predict(new Float32Array([1, 0, 0.5]), 1);
 *   assert.ok(Math.abs(P[0] + P[1] - 1) < 1e-6);
 * } else {
 *   assert.throws(() => createNativeBackend({ spec, seed: 1 }), /Cannot use the native backend/);
 * }
 * ```
 */
export function createNativeBackend(
  options: BackendOptions & { readonly threads?: number },
): TrainerBackend {
  const found = openBlas();
  if (!found.ok) throw new Error(`Cannot use the native backend: ${found.reason}`);
  const kernels = new NativeKernels(found.blas, { threads: options.threads });
  return createFloat32Backend("native", kernels, options);
}
