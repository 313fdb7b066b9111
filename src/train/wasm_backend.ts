/**
 * The WebAssembly SIMD float32 backend: the one float32 backend (float32_backend.ts) on the GEMM and
 * element-wise kernels of src/fast/wasm_kernels.ts, over one `WebAssembly.Memory` arena.
 *
 * @module
 */
import { Arena } from "../fast/arena.ts";
import { WasmKernels } from "../fast/wasm_kernels.ts";
import type { BackendOptions, TrainerBackend } from "./backend.ts";
import { createFloat32Backend } from "./float32_backend.ts";

/**
 * Creates the WebAssembly backend.
 *
 * @param options The model, the seed of its initial weights, and the momentum.
 * @param kernels The kernels to run on (default: one-thread kernels on a new arena); pass
 *   ParallelWasmKernels (src/fast/parallel_kernels.ts) for two threads, and close them when training is done.
 * @returns The backend.
 * @example Same start as the other backends
 * ```ts
 * import assert from "node:assert";
 * const spec = { sizes: [3, 4, 2], hidden: "relu", layout: "row" } as const;
 * const backend = createWasmBackend({ spec, seed: 1 });
 * const x = new Float32Array([1, 0, 0.5]);
 * const P = backend.predict(x, 1);
 * assert.ok(Math.abs(P[0] + P[1] - 1) < 1e-6);
 * ```
 */
export function createWasmBackend(
  options: BackendOptions,
  kernels?: WasmKernels,
): TrainerBackend {
  return createFloat32Backend(
    "wasm",
    kernels ?? new WasmKernels({ arena: reservedArena() }),
    options,
  );
}

/**
 * Bytes at the start of the memory kept away from the arena's allocations: the module's data
 * segments (AssemblyScript's exp/log tables, at bytes 1024 to 7168 of the build checked here) are
 * written there when it is instantiated, and a matrix placed over them turns every softmax into NaN.
 */
const STATIC_DATA_BYTES = 64 * 1024;

/** An arena whose first allocations cannot overwrite the kernels' static data. */
function reservedArena(): Arena {
  const arena = new Arena();
  arena.allocBytes(STATIC_DATA_BYTES);
  return arena;
}
