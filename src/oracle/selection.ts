/**
 * Which cases an implementation is sent, and how: only the operations, layouts and costs its hello
 * announces, a case in the other layout sent transposed (the same numbers, see src/oracle/translate.ts),
 * and for float32 only what float32 can hold, with widened tolerances (src/oracle/precision.ts).
 *
 * @module
 */
import type { Tolerance } from "../spec/compare.ts";
import type { FixtureCase } from "../spec/case_file.ts";
import { resolveTolerance } from "../spec/tolerance.ts";
import { float32Obstacle, toleranceFor } from "./precision.ts";
import type { Hello } from "./protocol.ts";
import { type Layout, otherLayout } from "../reference/layout.ts";
import { translateInputs, translateOutputs } from "./translate.ts";

/** A fixture case and the file it came from. */
export interface LoadedCase {
  /** The case. */
  readonly c: FixtureCase;
  /** Its file. */
  readonly file: string;
}

/** What is sent for a case. */
export interface Send {
  /** The layout of the request (absent for operations without one). */
  readonly layout?: Layout;
  /** The layout of the fixture case when the request is its transposed twin. */
  readonly translatedFrom?: Layout;
  /** The encoded inputs of the request. */
  readonly inputs: Record<string, unknown>;
  /** The expected outputs, in the request's layout. */
  readonly expected: Record<string, unknown>;
  /** The tolerance, for the announced precision. */
  readonly tolerance: Tolerance;
}

/** A case with what to send, or why it is not sent. */
export interface Planned extends LoadedCase {
  /** Set when the case is sent. */
  readonly send?: Send;
  /** Set when it is not: why. */
  readonly skip?: string;
}

/** What an implementation can answer (a hello, or the defaults of results mode). */
export type Capabilities = Pick<Hello, "ops" | "layouts" | "costs" | "precision" | "activations">;

/**
 * Decides, case by case, what to send.
 *
 * @param cases The cases.
 * @param caps What the implementation announced.
 * @returns One plan per case, in order.
 * @example A row case goes to a column-only implementation transposed
 * ```ts
 * import assert from "node:assert";
 * const c = { id: "s", op: "softmax", layout: "row", inputs: { z: [[0, 0]] }, expected: { p: [[0.5, 0.5]] },
 *   tolerance: { class: "closed_form" }, source: { doc: null, section: "" }, tags: [], notes: "" } as const;
 * const caps = { ops: ["softmax"], layouts: ["column"], costs: [], precision: "float64" } as const;
 * const [p] = planCases([{ c, file: "f.json" }], caps);
 * assert.deepStrictEqual(p.send?.inputs, { z: [[0], [0]] });
 * assert.strictEqual(p.send?.translatedFrom, "row");
 * ```
 * @example A program that announced sigmoid layers only is not sent a ReLU network
 * ```ts
 * import assert from "node:assert";
 * const layer = (activation: string) => ({ W: [[1]], b: [[0]], activation });
 * const c = { id: "f", op: "forward", layout: "column", inputs: { network: { layers: [layer("relu"), layer("sigmoid")] }, x: [[1]] },
 *   expected: {}, tolerance: { class: "closed_form" }, source: { doc: null, section: "" }, tags: [], notes: "" } as never;
 * const caps = { ops: ["forward"], layouts: ["column"], costs: [], precision: "float64", activations: { hidden: ["sigmoid"], output: ["sigmoid"] } } as const;
 * assert.strictEqual(planCases([{ c, file: "f.json" }], caps)[0].skip, "hidden activation relu not announced");
 * ```
 */
export function planCases(cases: readonly LoadedCase[], caps: Capabilities): Planned[] {
  return cases.map((lc) => {
    const skip = obstacle(lc.c, caps);
    if (skip) return { ...lc, skip };
    return { ...lc, send: sendFor(lc.c, caps) };
  });
}

function obstacle(c: FixtureCase, caps: Capabilities): string | undefined {
  if (!caps.ops.includes(c.op)) return `operation ${c.op} not announced`;
  const cost = costOf(c.inputs);
  if (cost && !(caps.costs as readonly string[]).includes(cost)) {
    return `cost ${cost} not announced`;
  }
  const unsupported = caps.activations && activationObstacle(c.inputs, caps.activations);
  if (unsupported) return unsupported;
  if (caps.precision === "float32") {
    const why = float32Obstacle(c.inputs, c.expected);
    if (why) return `${why} (float32 implementation)`;
  }
  return undefined;
}

/**
 * Why a network (or a layer) is not sent to a program that named its activations: a network's
 * hidden layers and output layer are checked apart; a lone layer may use either kind.
 */
function activationObstacle(
  inputs: FixtureCase["inputs"],
  supported: NonNullable<Capabilities["activations"]>,
): string | undefined {
  const network = inputs.network as { layers?: { activation?: unknown }[] } | undefined;
  const layers = Array.isArray(network?.layers) ? network.layers : [];
  const needs: [string, string, readonly string[]][] = layers.map((layer, l) =>
    l === layers.length - 1
      ? ["output", String(layer.activation), supported.output]
      : ["hidden", String(layer.activation), supported.hidden]
  );
  if (layers.length === 0 && typeof inputs.activation === "string") {
    needs.push(["layer", inputs.activation, [...supported.hidden, ...supported.output]]);
  }
  const missing = needs.find(([, name, list]) => !list.includes(name));
  return missing && `${missing[0]} activation ${missing[1]} not announced`;
}

/** The protocol cost name a case needs, if any: its `cost`, or `quadratic_<convention>`. */
function costOf(inputs: FixtureCase["inputs"]): string | undefined {
  if (typeof inputs.cost === "string") return inputs.cost;
  if (typeof inputs.convention === "string") return `quadratic_${inputs.convention}`;
  return undefined;
}

function sendFor(c: FixtureCase, caps: Capabilities): Send {
  const base = resolveTolerance(c.tolerance, c.printed?.decimals);
  const tolerance = toleranceFor(base, { precision: caps.precision, expected: c.expected });
  const inputs = c.inputs as Record<string, unknown>;
  const expected = c.expected as Record<string, unknown>;
  if (!c.layout || caps.layouts.includes(c.layout)) {
    return { layout: c.layout, inputs, expected, tolerance };
  }
  return {
    layout: otherLayout(c.layout),
    translatedFrom: c.layout,
    inputs: translateInputs(c.op, inputs),
    expected: translateOutputs(c.op, expected) as Record<string, unknown>,
    tolerance,
  };
}
