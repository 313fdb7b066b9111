/**
 * The gradient check run before training, on src/gradients/gradcheck.ts: on a real mini-batch, a seeded sample
 * of parameters from every layer has its analytic gradient — the float64 reference's, and the training
 * backend's — compared with a Richardson-extrapolated central difference of the float64 reference cost
 * on a copy of the network. A ReLU that switches within the step is recognised as a kink and judged by
 * the one-sided slopes instead (src/gradients/gradcheck.ts, `checkNetworkGradient`).
 *
 * The sample is spread over the layers: weights of each layer, and one bias per layer; first-layer
 * weights only of pixels inked somewhere in the batch, since the others have a gradient of exactly
 * zero and would prove nothing.
 *
 * @module
 */
import type { Layout } from "../reference/activations.ts";
import { oneHot } from "../reference/costs.ts";
import {
  checkNetworkGradient,
  type GradientEntry,
  type GradientTolerance,
} from "../gradients/gradcheck.ts";
import type { Matrix } from "../reference/matrix.ts";
import type { Gradients, Network } from "../reference/network.ts";
import type { TrainerBackend } from "./backend.ts";
import { batchMatrix, createReferenceBackend } from "./reference_backend.ts";

/** One parameter's check. */
export interface ParameterCheck {
  /** Its path, as src/gradients/gradcheck.ts names it: `layers[1].dW[3,17]` (indices in the model's layout). */
  readonly path: string;
  /** The finite-difference estimate of ∂C/∂θ in float64. */
  readonly numeric: number;
  /** The float64 reference's analytic gradient. */
  readonly reference: number;
  /** The training backend's analytic gradient. */
  readonly backend: number;
  /** Whether a ReLU switched within the step, so that the one-sided slopes judged it. */
  readonly kink: boolean;
  /** Whether both analytic values pass (at a kink: lie between the one-sided slopes). */
  readonly ok: boolean;
}

/** The outcome of a gradient check. */
export interface GradCheckResult {
  /** True when every parameter passed. */
  readonly ok: boolean;
  /** Every parameter checked. */
  readonly checks: readonly ParameterCheck[];
  /** One line to print: what passed, or the worst failure. */
  readonly summary: string;
}

/** Options of {@linkcode gradientCheck}. */
export interface GradCheckOptions {
  /** How many parameters to check, spread over the layers; 20 when left out. */
  readonly count?: number;
  /** Seed of the parameter sample. */
  readonly seed: number;
}

/**
 * A float32 backend's gradient against float64 differences: each term of a product of up to 784 is
 * rounded to float32, so relative errors of 10⁻⁵ are normal and 10⁻³ is far from any real mistake
 * (a wrong factor or a dropped term is off by 10% or more).
 */
const FLOAT32_TOL: Partial<GradientTolerance> = { rtol: 2e-3, atol: 2e-6 };

/**
 * Checks a backend's gradients on a batch.
 *
 * @param backend The backend, holding the weights to check at (they are not changed).
 * @param batch n row-major inputs and their labels.
 * @param options Parameter count and seed.
 * @returns Each parameter's check and a summary line.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { createJsBackend } from "./js_backend.ts";
 * const backend = createJsBackend({ spec: { sizes: [4, 3, 2], hidden: "sigmoid", layout: "row" }, seed: 1 });
 * const batch = { x: new Float32Array([1, 0.5, 0, 0.2, 0, 1, 1, 0]), labels: new Uint8Array([0, 1]), n: 2 };
 * const result = gradientCheck(backend, batch, { seed: 1, count: 6 });
 * assert.ok(result.ok, result.summary);
 * assert.strictEqual(result.checks.length, 6);
 * ```
 */
export function gradientCheck(
  backend: TrainerBackend,
  batch: { x: Float32Array; labels: Uint8Array; n: number },
  options: GradCheckOptions,
): GradCheckResult {
  const { spec } = backend;
  const { x, labels, n } = batch;
  const net = backend.exportNetwork();
  const reference = createReferenceBackend({ spec, seed: 0 });
  reference.importNetwork(net);
  const refGrads = reference.gradients(x, labels, n).grads;
  const ownGrads = backend.gradients(x, labels, n).grads;
  const data = {
    X: batchMatrix(x, { n, d: spec.sizes[0] }, spec.layout),
    Y: oneHot(labels.subarray(0, n), spec.sizes[spec.sizes.length - 1], spec.layout),
    cost: { kind: "cross_entropy" } as const,
  };
  const checks: ParameterCheck[] = [];
  for (const part of sampleParts(net, data.X, options)) {
    const common = { sample: part.count, seed: options.seed + part.l, only: part.only };
    const ref = checkNetworkGradient(net, data, {
      ...common,
      analytic: asNetworkGradients(refGrads),
    });
    const own = checkNetworkGradient(net, data, {
      ...common,
      ...FLOAT32_TOL,
      analytic: asNetworkGradients(ownGrads),
    });
    const ownByPath = new Map(own.entries.map((e) => [e.path, e]));
    for (const r of ref.entries) {
      const o = ownByPath.get(r.path)!;
      checks.push({
        path: r.path,
        numeric: r.numeric,
        reference: r.analytic,
        backend: o.analytic,
        kink: r.verdict === "kink" || o.verdict === "kink",
        ok: passes(r) && passes(o),
      });
    }
  }
  return { ok: checks.every((c) => c.ok), checks, summary: summarize(checks, backend.name) };
}

function passes(e: GradientEntry): boolean {
  return e.verdict !== "fail";
}

/** src/gradients/gradcheck.ts reads dW and db; δ is not a parameter's gradient. */
function asNetworkGradients(g: Gradients): { layers: { dW: Matrix; db: Matrix }[] } {
  return { layers: g.layers.map(({ dW, db }) => ({ dW, db })) };
}

/** Which entries to sample in each layer: `count` weights (split evenly), then one bias. */
function sampleParts(
  net: Network,
  X: Matrix,
  options: GradCheckOptions,
): { l: number; count: number; only: (path: string) => boolean }[] {
  const L = net.layers.length;
  const count = Math.max(options.count ?? 20, 2 * L);
  const weights = count - L;
  const live = liveInputs(X, net.layout);
  const parts = [];
  for (let l = 0; l < L; l++) {
    const share = Math.floor(weights / L) + (l < weights % L ? 1 : 0);
    const prefix = `layers[${l}].dW[`;
    parts.push({
      l,
      count: share,
      only: (path: string) => {
        if (!path.startsWith(prefix)) return false;
        if (l > 0) return true;
        const [i, j] = path.slice(prefix.length, -1).split(",").map(Number);
        return live.has(net.layout === "column" ? j : i);
      },
    });
    parts.push({ l, count: 1, only: (path: string) => path.startsWith(`layers[${l}].db[`) });
  }
  return parts;
}

/** Indices of input features that are non-zero in at least one sample. */
function liveInputs(X: Matrix, layout: Layout): Set<number> {
  const d = layout === "column" ? X.rows : X.cols;
  const n = layout === "column" ? X.cols : X.rows;
  const live = new Set<number>();
  for (let p = 0; p < d; p++) {
    for (let i = 0; i < n; i++) {
      if ((layout === "column" ? X.get(p, i) : X.get(i, p)) !== 0) {
        live.add(p);
        break;
      }
    }
  }
  return live;
}

function relError(got: number, expected: number): number {
  const scale = Math.max(Math.abs(got), Math.abs(expected));
  return scale === 0 ? 0 : Math.abs(got - expected) / scale;
}

function summarize(checks: readonly ParameterCheck[], name: string): string {
  const layers = new Set(checks.map((c) => c.path.slice(0, c.path.indexOf("]") + 1))).size;
  const failed = checks.filter((c) => !c.ok);
  if (failed.length === 0) {
    const smooth = checks.filter((c) => !c.kink);
    const kinks = checks.length - smooth.length;
    const worstRef = Math.max(0, ...smooth.map((c) => relError(c.reference, c.numeric)));
    const worstOwn = Math.max(0, ...smooth.map((c) => relError(c.backend, c.numeric)));
    return `Gradient check passed: ${checks.length} parameters in ${layers} layers, worst relative ` +
      `error ${worstRef.toExponential(1)} (reference) and ${worstOwn.toExponential(1)} (${name})` +
      (kinks > 0 ? `, ${kinks} at a ReLU kink` : "");
  }
  const w = failed[0];
  return `Gradient check failed for ${failed.length} of ${checks.length} parameters; first ${w.path}: ` +
    `finite difference ${w.numeric.toPrecision(6)}, reference ${w.reference.toPrecision(6)}, ` +
    `${name} ${w.backend.toPrecision(6)}`;
}
