/**
 * Comparing a client's network with the reference's, matrix by matrix, and naming the worst element
 * of the first matrix that parts (`layers[0].W[3][17]`).
 *
 * @module
 */
import type { Gradients, Network } from "../../reference/network.ts";
import { compareMatrices, type Comparison, type Tolerance } from "../../spec/compare.ts";

/** Where two networks part, or nothing when they agree. */
export interface NetworkParting {
  /** The matrix: `layers[l].W` or `layers[l].b`. */
  readonly matrix: string;
  /** Its comparison (worst element, count out of tolerance). */
  readonly comparison: Comparison;
}

/**
 * The first matrix (in the order W¹, b¹, W², …) where `got` parts from `expected`.
 *
 * @param got The client's network.
 * @param expected The reference's, same layout.
 * @param tol The tolerance.
 * @returns The parting, or undefined when every element agrees.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../../reference/matrix.ts";
 * const net = (w: number) => ({ layout: "column" as const, layers: [{ W: Matrix.from([[1, w]]), b: Matrix.from([[0]]), activation: "softmax" as const }] });
 * assert.strictEqual(networkParting(net(2), net(2), { rtol: 0, atol: 0 }), undefined);
 * assert.strictEqual(networkParting(net(3), net(2), { rtol: 0, atol: 0 })?.matrix, "layers[0].W");
 * ```
 */
export function networkParting(
  got: Network,
  expected: Network,
  tol: Tolerance,
): NetworkParting | undefined {
  for (const [l, layer] of expected.layers.entries()) {
    for (const key of ["W", "b"] as const) {
      const comparison = compareMatrices(got.layers[l][key], layer[key], tol);
      if (!comparison.ok) return { matrix: `layers[${l}].${key}`, comparison };
    }
  }
  return undefined;
}

/**
 * g + h, layer by layer, for the running sum of a session's gradients.
 *
 * @param g A sum so far (undefined at the start).
 * @param h This step's gradients.
 * @returns The new sum.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../../reference/matrix.ts";
 * const g = { layers: [{ delta: Matrix.from([[0]]), dW: Matrix.from([[1]]), db: Matrix.from([[2]]) }] };
 * assert.strictEqual(addGradients(addGradients(undefined, g), g).layers[0].db.get(0, 0), 4);
 * ```
 */
export function addGradients(g: Gradients | undefined, h: Gradients): Gradients {
  if (g === undefined) return h;
  return {
    layers: h.layers.map((l, i) => {
      const dW = l.dW.clone();
      const db = l.db.clone();
      for (let k = 0; k < dW.data.length; k++) dW.data[k] += g.layers[i].dW.data[k];
      for (let k = 0; k < db.data.length; k++) db.data[k] += g.layers[i].db.data[k];
      return { delta: l.delta, dW, db };
    }),
  };
}
