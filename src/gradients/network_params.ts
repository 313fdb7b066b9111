/**
 * A network's parameters as named, flat groups, so that a checker can walk them one scalar at a time
 * and a report can say exactly which one is wrong: `layers[1].dW[3,17]` is element (3, 17) of
 * `grads.layers[1].dW`, the gradient of the weight `net.layers[1].W.get(3, 17)`.
 *
 * Layer indices in paths are array indices (0-based): `layers[1]` is the second layer, l = 2 in the
 * documents' numbering. Matrix entries are `[row,col]` in the network's own layout.
 *
 * @module
 */
import { Matrix } from "../reference/matrix.ts";
import type { Network } from "../reference/network.ts";

/** A named block of parameters: a matrix (entries named `path[i,j]`) or a flat array (`path[k]`). */
export interface ParameterGroup {
  /** The name that prefixes every entry in a report, e.g. `layers[0].dW` or `w`. */
  readonly path: string;
  /** The values; a checker perturbs them in place, one at a time. */
  readonly values: Float64Array | Matrix;
}

/** What {@linkcode gradientGroups} needs of a gradient: dW and db per layer (δ is not required). */
export interface NetworkGradients {
  /** Per layer, index l − 1. */
  readonly layers: readonly { readonly dW: Matrix; readonly db: Matrix }[];
}

/** Where one scalar parameter of a network lives. */
export interface ParameterAddress {
  /** Array index of the layer (0-based). */
  readonly layer: number;
  /** Weight or bias. */
  readonly param: "W" | "b";
  /** Row in the matrix. */
  readonly i: number;
  /** Column in the matrix. */
  readonly j: number;
}

/**
 * The flat storage of a group.
 *
 * @param values A matrix or a flat array.
 * @returns The Float64Array holding the values (row-major for a matrix), not a copy.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const M = Matrix.from([[1, 2], [3, 4]]);
 * assert.strictEqual(storageOf(M), M.data);
 * ```
 */
export function storageOf(values: Float64Array | Matrix): Float64Array {
  return values instanceof Matrix ? values.data : values;
}

/**
 * The name of entry `k` (row-major) of a group: `path[i,j]` for a matrix, `path[k]` for a flat array.
 *
 * @param group The group.
 * @param k Flat index into its storage.
 * @returns The entry's path.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * assert.strictEqual(entryPath({ path: "layers[1].dW", values: new Matrix(4, 20) }, 3 * 20 + 17), "layers[1].dW[3,17]");
 * assert.strictEqual(entryPath({ path: "w", values: new Float64Array(3) }, 2), "w[2]");
 * ```
 */
export function entryPath(group: ParameterGroup, k: number): string {
  const v = group.values;
  if (v instanceof Matrix) return `${group.path}[${Math.floor(k / v.cols)},${k % v.cols}]`;
  return `${group.path}[${k}]`;
}

/**
 * The network's parameters as groups named like its gradients (`layers[l].dW`, `layers[l].db`), in
 * the order W, b of layer 0, then layer 1, …; the values are the network's own matrices (not copies).
 *
 * @param net The network.
 * @returns Two groups per layer.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { initNetwork } from "../reference/network.ts";
 * const net = initNetwork({ sizes: [3, 2, 1], hidden: "tanh", output: "sigmoid", seed: 1 });
 * assert.deepStrictEqual(networkGroups(net).map((g) => g.path), ["layers[0].dW", "layers[0].db", "layers[1].dW", "layers[1].db"]);
 * assert.strictEqual(networkGroups(net)[0].values, net.layers[0].W);
 * ```
 */
export function networkGroups(net: Network): ParameterGroup[] {
  return net.layers.flatMap((layer, l) => [
    { path: `layers[${l}].dW`, values: layer.W },
    { path: `layers[${l}].db`, values: layer.b },
  ]);
}

/**
 * The gradients as groups in the same order and with the same paths as {@linkcode networkGroups}.
 *
 * @param grads Gradients of a network (from `backward`, `backwardRows`, or any user code).
 * @returns Two groups per layer.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const g = { layers: [{ delta: new Matrix(1, 1), dW: Matrix.from([[1, 2]]), db: Matrix.from([[3]]) }] };
 * assert.deepStrictEqual(gradientGroups(g).map((x) => x.path), ["layers[0].dW", "layers[0].db"]);
 * ```
 */
export function gradientGroups(grads: NetworkGradients): ParameterGroup[] {
  return grads.layers.flatMap((layer, l) => [
    { path: `layers[${l}].dW`, values: layer.dW },
    { path: `layers[${l}].db`, values: layer.db },
  ]);
}

/**
 * The number of scalar parameters: Σ_l n_l·(n_{l−1} + 1).
 *
 * @param net The network.
 * @returns The count.
 * @example Document 001's 784-128-64-10 network
 * ```ts
 * import assert from "node:assert";
 * import { initNetwork } from "../reference/network.ts";
 * const net = initNetwork({ sizes: [784, 128, 64, 10], hidden: "relu", output: "softmax", seed: 1 });
 * assert.strictEqual(countParameters(net), 784 * 128 + 128 + 128 * 64 + 64 + 64 * 10 + 10);
 * ```
 */
export function countParameters(net: Network): number {
  return net.layers.reduce((n, l) => n + l.W.data.length + l.b.data.length, 0);
}

const ENTRY = /^layers\[(\d+)\]\.d?(W|b)\[(\d+),(\d+)\]$/;

/**
 * Parses an entry path such as `layers[1].dW[3,17]` (or `layers[1].W[3,17]`) and checks it against the
 * network's shapes.
 *
 * @param net The network.
 * @param path The entry path.
 * @returns Its address.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { initNetwork } from "../reference/network.ts";
 * const net = initNetwork({ sizes: [20, 4, 2], hidden: "relu", output: "softmax", seed: 1 });
 * assert.deepStrictEqual(locateParameter(net, "layers[0].dW[3,17]"), { layer: 0, param: "W", i: 3, j: 17 });
 * assert.throws(() => locateParameter(net, "layers[0].dW[4,0]"), RangeError);
 * ```
 */
export function locateParameter(net: Network, path: string): ParameterAddress {
  const m = ENTRY.exec(path);
  if (!m) {
    throw new SyntaxError(
      `Cannot parse parameter path "${path}": expected e.g. layers[1].dW[3,17]`,
    );
  }
  const [layer, i, j] = [Number(m[1]), Number(m[3]), Number(m[4])];
  const param = m[2] as "W" | "b";
  const M = net.layers[layer]?.[param];
  if (!M || i >= M.rows || j >= M.cols) {
    throw new RangeError(
      `Parameter path "${path}" is outside the network` +
        (M
          ? `: ${param} of layer ${layer} is ${M.rows}×${M.cols}`
          : `: it has ${net.layers.length} layers`),
    );
  }
  return { layer, param, i, j };
}
