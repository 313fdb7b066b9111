/**
 * A network computed relation by relation, with some relations replaced: what a program that makes a
 * mistake in one relation (the `hooks` of a mistake of src/oracle/mistakes.ts) answers, every later
 * value computed from its wrong one. With nothing replaced it computes what the reference computes.
 *
 * @module
 */
import type { Matrix } from "../reference/matrix.ts";
import {
  layerInputs,
  type NetworkAnswer,
  type NetworkRequest,
  type RelationId,
  type RelationInputs,
  relationValue,
} from "./relations.ts";

/** Replacements of relations, of the activation, or of f′ inside backpropagation. */
export interface RelationHooks {
  /** Relations computed another way. */
  readonly relations?: Partial<Record<RelationId, (r: RelationInputs) => Matrix>>;
  /** The activation another way (the forward relation a and everything after it). */
  readonly f?: RelationInputs["f"];
  /** f′ another way (δᴸ and the recursion). */
  readonly fPrime?: RelationInputs["fPrime"];
}

/**
 * Evaluates one relation under hooks.
 *
 * @param relation The relation.
 * @param r Its inputs.
 * @param h The hooks.
 * @returns The value.
 * @example A replaced relation wins
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const one = Matrix.from([[1]]);
 * const r = { layer: 1, activation: "identity" as const, W: one, b: one, aPrev: one, z: one, a: one, N: 1 };
 * assert.deepStrictEqual(hookedValue("z", r, { relations: { z: () => one } }).toArrays(), [[1]]);
 * assert.deepStrictEqual(hookedValue("z", r, {}).toArrays(), [[2]]);
 * ```
 */
export function hookedValue(relation: RelationId, r: RelationInputs, h: RelationHooks): Matrix {
  const inputs = { ...r, f: h.f ?? r.f, fPrime: h.fPrime ?? r.fPrime };
  const replaced = h.relations?.[relation];
  return replaced ? replaced(inputs) : relationValue(relation, inputs);
}

/**
 * Runs the network of a request relation by relation: the forward pass, the cost, δ, dW, db and
 * ∂C/∂x, and the step when the request has a rate.
 *
 * @param req The request (column layout).
 * @param h The hooks.
 * @returns Every value, as an answer would report it.
 * @example Without hooks, one identity neuron: δ = a − y, dW = δ x / N
 * ```ts
 * import assert from "node:assert";
 * import { Matrix } from "../reference/matrix.ts";
 * const req = { layers: [{ W: Matrix.from([[2]]), b: Matrix.from([[0]]), activation: "identity" as const }],
 *   X: Matrix.from([[1, 3]]), Y: Matrix.from([[0, 0]]), cost: { kind: "quadratic" as const, convention: "half" as const } };
 * const s = simulate(req, {});
 * assert.deepStrictEqual(s.delta?.[0].toArrays(), [[2, 6]]);
 * assert.deepStrictEqual(s.dW?.[0].toArrays(), [[10]]);
 * ```
 */
export function simulate(req: NetworkRequest, h: RelationHooks): NetworkAnswer {
  const { layers, X } = req;
  const L = layers.length;
  const z: Matrix[] = [];
  const a: Matrix[] = [];
  const base = (l: number) => layerInputs(req, { z, a }, l);
  for (let l = 0; l < L; l++) {
    z[l] = hookedValue("z", base(l), h);
    a[l] = hookedValue("a", base(l), h);
  }
  const pass = { input: X, layers: z.map((zl, l) => ({ z: zl, a: a[l] })) };
  if (!req.Y || !req.cost) return { z, a };
  const target = { Y: req.Y, cost: req.cost };
  const loss = hookedValue("cost", { ...base(L - 1), ...target, pass }, h).get(0, 0);
  const delta: Matrix[] = new Array(L);
  const dW: Matrix[] = new Array(L);
  const db: Matrix[] = new Array(L);
  for (let l = L - 1; l >= 0; l--) {
    const next = l < L - 1
      ? {
        Wnext: layers[l + 1].W,
        activationNext: layers[l + 1].activation,
        deltaNext: delta[l + 1],
        dWnext: dW[l + 1],
        lr: req.lr,
      }
      : {};
    delta[l] = l === L - 1
      ? hookedValue("delta-output", { ...base(l), ...target }, h)
      : hookedValue("delta-recursion", { ...base(l), ...next }, h);
    dW[l] = hookedValue("dW", { ...base(l), delta: delta[l] }, h);
    db[l] = hookedValue("db", { ...base(l), delta: delta[l] }, h);
  }
  const dx = hookedValue("input-grad", { ...base(0), delta: delta[0] }, h);
  const out = { z, a, delta, dW, db, loss, dx };
  if (req.lr === undefined) return out;
  const lr = req.lr;
  return {
    ...out,
    W: layers.map((_, l) => hookedValue("update-W", { ...base(l), lr, grad: dW[l] }, h)),
    b: layers.map((_, l) => hookedValue("update-b", { ...base(l), lr, grad: db[l] }, h)),
  };
}
