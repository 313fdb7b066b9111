/**
 * The plain-TypeScript float32 backend: the one float32 backend (float32_backend.ts) on the
 * TypeScript kernels of src/fast/js_kernels.ts, for comparison and where WebAssembly is missing.
 *
 * @module
 */
import { jsKernels } from "../fast/js_kernels.ts";
import type { BackendOptions, TrainerBackend } from "./backend.ts";
import { createFloat32Backend } from "./float32_backend.ts";

/**
 * Creates the plain-TypeScript float32 backend.
 *
 * @param options The model, the seed of its initial weights, and the momentum.
 * @returns The backend.
 * @example Starts from the reference's initial weights, rounded to float32
 * ```ts
 * import assert from "node:assert";
 * const spec = { sizes: [3, 4, 2], hidden: "relu", layout: "column" } as const;
 * const W = createJsBackend({ spec, seed: 1 }).exportNetwork().layers[0].W;
 * assert.strictEqual(W.get(0, 0), Math.fround(W.get(0, 0)));
 * ```
 */
export function createJsBackend(options: BackendOptions): TrainerBackend {
  return createFloat32Backend("js", jsKernels, options);
}
