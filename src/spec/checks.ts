/**
 * Checks across the fields of one operation's inputs: shapes that must agree, a network that must
 * chain and fit its batch. Errors name the field path, e.g. `inputs.network.layers[1].W`.
 *
 * @module
 */
import type { Matrix } from "../reference/matrix.ts";
import { findNetworkProblem, type Network, networkError } from "../reference/network.ts";
import type { DecodeContext } from "./fields.ts";

/**
 * Requires two matrices of one shape.
 *
 * @param ctx The layout and the prefix of error messages.
 * @param a The reference field and its name.
 * @param b The field that must match it, named in the error.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const ctx = { layout: "column", where: "inputs" } as const;
 * assert.throws(() => sameShape(ctx, ["p", new Matrix(1, 1)], ["y", new Matrix(1, 2)]), /^TypeError: inputs\.y: expected 1×1 like p, got 1×2$/);
 * ```
 */
export function sameShape(
  ctx: DecodeContext,
  [an, a]: [string, Matrix],
  [bn, b]: [string, Matrix],
): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new TypeError(
      `${ctx.where}.${bn}: expected ${a.rows}×${a.cols} like ${an}, got ${b.rows}×${b.cols}`,
    );
  }
}

/**
 * Requires a network whose layers chain, fed by x when given, and targets y shaped like its output.
 *
 * @param net The network.
 * @param ctx The layout, the prefix of messages, the path of a layer's fields, and x and y if any.
 * @example A first layer that does not fit x
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const net = { layout: "column", layers: [{ W: new Matrix(1, 2), b: new Matrix(1, 1), activation: "relu" }] } as const;
 * const ctx = { layout: "column", where: "inputs", at: (l: number) => `inputs.network.layers[${l}]`, x: new Matrix(3, 1) } as const;
 * assert.throws(() => checkNetworkInputs(net, ctx), /^TypeError: inputs\.network\.layers\[0\]\.W: has 2 columns/);
 * ```
 */
export function checkNetworkInputs(
  net: Network,
  ctx: DecodeContext & { at: (layer: number) => string; x?: Matrix; y?: Matrix },
): void {
  const { x, y } = ctx;
  const column = ctx.layout === "column";
  const problem = findNetworkProblem(net, x === undefined ? undefined : column ? x.rows : x.cols);
  if (problem) throw networkError(problem, `${ctx.at(problem.layer)}.${problem.field}`);
  if (x === undefined || y === undefined) return;
  const last = net.layers[net.layers.length - 1].W;
  const width = column ? last.rows : last.cols;
  const N = column ? x.cols : x.rows;
  const [yr, yc] = column ? [width, N] : [N, width];
  if (y.rows !== yr || y.cols !== yc) {
    throw new TypeError(
      `${ctx.where}.y: expected ${yr}×${yc} (the output of ${N} samples), got ${y.rows}×${y.cols}`,
    );
  }
}
