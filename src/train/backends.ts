/**
 * The training backends by name, and which one is the fastest this runtime can run.
 *
 * @module
 */
import type { BackendOptions, TrainerBackend } from "./backend.ts";
import { describeBlas, openBlas } from "../fast/blas.ts";
import { createJsBackend } from "./js_backend.ts";
import type { Precision } from "../spec/precision.ts";
import { createNativeBackend } from "./native_backend.ts";
import { createReferenceBackend } from "./reference_backend.ts";
import { createWasmBackend } from "./wasm_backend.ts";
import { ParallelWasmKernels } from "../fast/parallel_kernels.ts";

/** Every backend, slowest first. */
export const BACKEND_NAMES = ["reference", "js", "wasm", "native"] as const;

/** A backend's name. */
export type BackendName = typeof BACKEND_NAMES[number];

const FACTORIES: Readonly<Record<BackendName, (options: BackendOptions) => TrainerBackend>> = {
  reference: createReferenceBackend,
  js: createJsBackend,
  wasm: createWasmBackend,
  native: createNativeBackend,
};

/**
 * Creates a backend by name.
 *
 * @param name reference (float64), js (float32 TypeScript), wasm (float32 WebAssembly SIMD) or
 *   native (float32, products by the system's OpenBLAS through Deno's FFI).
 * @param options The model, seed and momentum.
 * @returns The backend.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const b = createBackend("js", { spec: { sizes: [2, 2], hidden: "relu", layout: "row" }, seed: 1 });
 * assert.strictEqual(b.name, "js");
 * ```
 */
export function createBackend(name: BackendName, options: BackendOptions): TrainerBackend {
  const factory = FACTORIES[name];
  if (!factory) {
    throw new RangeError(`Unknown backend "${name}": expected one of ${BACKEND_NAMES.join(", ")}`);
  }
  return factory(options);
}

/** The backend a run uses when none is named, and why. */
export interface BackendChoice {
  /** The backend. */
  readonly name: BackendName;
  /** One line: which backend runs and why, e.g. `backend native: OpenBLAS 0.3.21, kernel …`. */
  readonly reason: string;
}

/**
 * The fastest backend that works here, and why: native where OpenBLAS opens through Deno's FFI,
 * else wasm where WebAssembly SIMD loads, else js.
 *
 * @returns The choice.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const { name, reason } = chooseBackend();
 * assert.ok(["js", "wasm", "native"].includes(name));
 * assert.ok(reason.startsWith(`backend ${name}: `));
 * ```
 */
export function chooseBackend(): BackendChoice {
  const found = openBlas();
  if (found.ok) {
    return { name: "native", reason: `backend native: ${describeBlas(found.blas)} through FFI` };
  }
  try {
    createWasmBackend({ spec: { sizes: [1, 1], hidden: "relu", layout: "row" }, seed: 0 });
    return { name: "wasm", reason: `backend wasm (WebAssembly SIMD): ${found.reason}` };
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    return { name: "js", reason: `backend js: ${found.reason}; WebAssembly SIMD: ${why}` };
  }
}

/**
 * The fastest backend that works here ({@linkcode chooseBackend} without the reason).
 *
 * @returns Its name.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.ok(["js", "wasm", "native"].includes(fastestBackend()));
 * ```
 */
export function fastestBackend(): BackendName {
  return chooseBackend().name;
}

/**
 * The precision a backend trains in, which is the precision its saved weights round-trip in.
 *
 * @param name The backend.
 * @returns float64 for the reference, float32 otherwise.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(backendDtype("reference"), "float64");
 * ```
 */
export function backendDtype(name: string): Precision {
  return name === "reference" ? "float64" : "float32";
}

/** A backend with the threads it runs on; `close()` (or `using`) stops them. */
export interface OpenedBackend extends Disposable {
  /** The backend. */
  readonly backend: TrainerBackend;
  /** Stops the backend's worker thread, if it has one. */
  close(): void;
}

/**
 * Creates a backend by name on 1 or 2 threads. Two threads run the wasm backend's large products
 * on ParallelWasmKernels (main thread + one Worker), which give the one-thread results bit for bit,
 * and the native backend's on 2 OpenBLAS threads.
 *
 * @param name The backend; only wasm and native run on 2 threads.
 * @param options The model, seed and momentum, and threads (1 or 2, default 1).
 * @returns The backend and how to stop its worker.
 * @throws {RangeError} For threads other than 1 or 2, or 2 threads with another backend.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const spec = { sizes: [2, 2], hidden: "relu", layout: "row" } as const;
 * using opened = await openBackend("wasm", { spec, seed: 1, threads: 2 });
 * assert.strictEqual(opened.backend.name, "wasm");
 * await assert.rejects(openBackend("js", { spec, seed: 1, threads: 2 }), /2 threads/);
 * ```
 */
export async function openBackend(
  name: BackendName,
  options: BackendOptions & { readonly threads?: number },
): Promise<OpenedBackend> {
  const threads = options.threads ?? 1;
  if (threads !== 1 && threads !== 2) {
    throw new RangeError(`Cannot train on ${threads} threads: expected 1 or 2`);
  }
  if (threads === 1 || name === "native") {
    const backend = name === "native"
      ? createNativeBackend({ ...options, threads })
      : createBackend(name, options);
    return { backend, close() {}, [Symbol.dispose]() {} };
  }
  if (name !== "wasm") {
    throw new RangeError(
      `Cannot train the ${name} backend on 2 threads: only wasm and native run on 2`,
    );
  }
  const kernels = await ParallelWasmKernels.create();
  try {
    const backend = createWasmBackend(options, kernels);
    const close = () => kernels.close();
    return { backend, close, [Symbol.dispose]: close };
  } catch (e) {
    kernels.close();
    throw e;
  }
}
