/**
 * The reference backend: float64, through the reference's own passes (src/reference/propagate.ts: column
 * layout W·X, row layout X·W). Slow, and the truth the fast backends are checked against.
 *
 * @module
 */
import { pixelValues } from "../data/pixels.ts";
import type { Layout } from "../reference/activations.ts";
import { oneHot } from "../reference/costs.ts";
import { Matrix } from "../reference/matrix.ts";
import {
  cloneNetwork,
  costOf,
  type Gradients,
  output,
  sgdStep,
  validateNetwork,
} from "../reference/network.ts";
import { backpropagate, propagate } from "../reference/propagate.ts";
import { toLayout } from "../reference/row_network.ts";
import {
  type BackendOptions,
  checkFits,
  checkMomentum,
  initialNetwork,
  type Inputs,
  type TrainerBackend,
} from "./backend.ts";

const CE = { kind: "cross_entropy" } as const;

/**
 * A float64 batch in a layout from n row-major float32 samples: d × n (column) or n × d (row).
 *
 * @param x n × d row-major values (more are ignored).
 * @param shape The batch size n and the sample width d.
 * @param layout Where the samples go.
 * @returns The batch as a reference matrix.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const X = batchMatrix(new Float32Array([1, 2, 3, 4, 5, 6]), { n: 2, d: 3 }, "column");
 * assert.deepStrictEqual(X.toArrays(), [[1, 4], [2, 5], [3, 6]]);
 * ```
 */
export function batchMatrix(
  inputs: Inputs,
  shape: { n: number; d: number },
  layout: Layout,
): Matrix {
  const { n, d } = shape;
  const x = pixelValues(inputs.subarray(0, n * d));
  if (!Number.isInteger(n) || n < 1 || inputs.length < n * d) {
    throw new RangeError(
      `Cannot take a batch of ${n} samples of width ${d}: it needs ${
        n * d
      } values, got ${inputs.length}`,
    );
  }
  const X = layout === "column" ? new Matrix(d, n) : new Matrix(n, d);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < d; p++) {
      if (layout === "column") X.data[p * n + i] = x[i * d + p];
      else X.data[i * d + p] = x[i * d + p];
    }
  }
  return X;
}

/**
 * Creates the float64 reference backend.
 *
 * @param options The model, the seed of its initial weights, and the momentum.
 * @returns The backend.
 * @example One step lowers the loss on its own batch
 * ```ts
 * import assert from "node:assert";
 * const backend = createReferenceBackend({ spec: { sizes: [3, 4, 2], hidden: "relu", layout: "column" }, seed: 1 });
 * const x = new Float32Array([1, 0, 0, 0, 1, 1]);
 * const labels = new Uint8Array([0, 1]);
 * const before = backend.step(x, labels, 2, 0.5);
 * assert.ok(backend.gradients(x, labels, 2).loss < before);
 * ```
 */
export function createReferenceBackend(options: BackendOptions): TrainerBackend {
  const { spec } = options;
  const mu = checkMomentum(options.momentum);
  const layout = spec.layout;
  let net = initialNetwork(spec, options.seed);
  let velocity: Gradients | undefined;
  const gradients = (x: Inputs, labels: Uint8Array, n: number) => {
    const X = batchMatrix(x, { n, d: spec.sizes[0] }, layout);
    const Y = oneHot(labels.subarray(0, n), spec.sizes[spec.sizes.length - 1], layout);
    const pass = propagate(net, X);
    const loss = costOf(pass, Y, { cost: CE, activation: "softmax", layout });
    const grads = backpropagate(net, pass, { Y, cost: CE });
    return { loss, grads };
  };
  return {
    name: "reference",
    spec,
    gradients,
    step(x, labels, n, lr) {
      const { loss, grads } = gradients(x, labels, n);
      // v ← μ·v + ∂C/∂θ, θ ← θ − η·v (classical momentum; plain SGD when μ = 0)
      velocity = mu === 0 || velocity === undefined ? grads : addScaled(velocity, mu, grads);
      net = sgdStep(net, velocity, lr);
      return loss;
    },
    predict(x, n) {
      const P = output(propagate(net, batchMatrix(x, { n, d: spec.sizes[0] }, layout)));
      const classes = spec.sizes[spec.sizes.length - 1];
      const out = new Float32Array(n * classes);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < classes; c++) {
          out[i * classes + c] = layout === "column" ? P.get(c, i) : P.get(i, c);
        }
      }
      return out;
    },
    exportNetwork: () => cloneNetwork(net),
    importNetwork(next) {
      validateNetwork(next);
      checkFits(next, spec);
      net = cloneNetwork(toLayout(next, layout));
      velocity = undefined;
    },
  };
}

/** μ·v + g, layer by layer (a fresh object: the δ of g is carried along unchanged). */
function addScaled(v: Gradients, mu: number, g: Gradients): Gradients {
  const axpy = (a: Matrix, b: Matrix) => {
    const out = new Matrix(a.rows, a.cols);
    for (let k = 0; k < out.data.length; k++) out.data[k] = mu * a.data[k] + b.data[k];
    return out;
  };
  return {
    layers: g.layers.map((gl, l) => ({
      delta: gl.delta,
      dW: axpy(v.layers[l].dW, gl.dW),
      db: axpy(v.layers[l].db, gl.db),
    })),
  };
}
