/**
 * The line protocol between the oracle and an implementation under test (docs/PROTOCOL.md): the
 * program announces itself with one hello line, then answers one JSON request per line with one JSON
 * response per line. This module only shapes and validates messages; it starts no process.
 *
 * @module
 */
import { COST_NAMES, type CostName } from "../reference/costs.ts";
import { type Layout, LAYOUTS } from "../reference/layout.ts";
import { isObject } from "../spec/json.ts";
import type { OpName } from "../spec/operations.ts";
import { ACTIVATION_NAMES, type ActivationName } from "../reference/activations.ts";
import { type Precision, PRECISIONS } from "../spec/precision.ts";

/** The protocol version this oracle speaks. A hello with another `protocol` is refused. */
export const PROTOCOL_VERSION = 1;

/** The precisions an implementation may announce. */
export { PRECISIONS };

/** What an implementation announces on its first line. */
export interface Hello {
  /** Protocol version, {@linkcode PROTOCOL_VERSION}. */
  readonly protocol: number;
  /** A name for reports. */
  readonly name: string;
  /** The operations it answers (names outside the registry are kept, and never asked). */
  readonly ops: readonly string[];
  /** The layouts it accepts. */
  readonly layouts: readonly Layout[];
  /** The costs (and quadratic conventions) it implements. */
  readonly costs: readonly CostName[];
  /** The float type it computes in. */
  readonly precision: Precision;
  /** The training session version it speaks (`"training": 1`), absent when it trains nothing. */
  readonly training?: number;
  /** The activations its layers support, when it says; a network using another is not sent. */
  readonly activations?: SupportedActivations;
}

/** `hello.activations`: what a hidden layer and what the output layer may use. */
export interface SupportedActivations {
  /** Activations of hidden layers. */
  readonly hidden: readonly ActivationName[];
  /** Activations of the output layer. */
  readonly output: readonly ActivationName[];
}

/** The requests of a training session (docs/PROTOCOL.md §11), outside the operation registry. */
export const SESSION_OPS = [
  "train_begin",
  "train_step",
  "train_get_network",
  "train_set_network",
] as const;

/** A request of a training session. */
export type SessionOp = (typeof SESSION_OPS)[number];

/** One request: a case's inputs for one operation, or a step of a training session. */
export interface Request {
  /** Echoed in the response. */
  readonly id: string;
  /** The operation. */
  readonly op: OpName | SessionOp;
  /** Present for operations on batches and networks. */
  readonly layout?: Layout;
  /** The encoded inputs. */
  readonly inputs: Record<string, unknown>;
}

/** A parsed response: outputs, or an error the implementation reported. */
export type Response =
  | { readonly id: unknown; readonly outputs: Record<string, unknown> }
  | { readonly id: unknown; readonly error: string };

/**
 * Parses and validates the hello line.
 *
 * @param line The first line the program wrote on stdout.
 * @returns The hello, with `name` defaulted and unknown fields dropped.
 * @example A minimal hello
 * ```ts
 * import assert from "node:assert";
 * const h = parseHello('{"type":"hello","protocol":1,"name":"x","ops":["sigmoid"],"layouts":["row"],"costs":[],"precision":"float64"}');
 * assert.deepStrictEqual(h.layouts, ["row"]);
 * assert.throws(() => parseHello('{"type":"hello","protocol":2}'), /protocol 2/);
 * const sigmoidOnly = parseHello('{"type":"hello","protocol":1,"ops":["forward"],"layouts":["column"],"precision":"float64","activations":{"hidden":["sigmoid"],"output":["sigmoid"]}}');
 * assert.deepStrictEqual(sigmoidOnly.activations, { hidden: ["sigmoid"], output: ["sigmoid"] });
 * ```
 */
export function parseHello(line: string): Hello {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    throw new SyntaxError(`The first line is not a JSON hello: ${clip(line)}`);
  }
  if (!isObject(v) || v.type !== "hello") {
    throw new SyntaxError(
      `The first line is not a hello (it needs "type": "hello"): ${clip(line)}`,
    );
  }
  if (v.protocol !== PROTOCOL_VERSION) {
    throw new RangeError(
      `The program speaks protocol ${
        JSON.stringify(v.protocol)
      }, this oracle speaks ${PROTOCOL_VERSION}`,
    );
  }
  return {
    protocol: PROTOCOL_VERSION,
    name: typeof v.name === "string" && v.name !== "" ? v.name : "unnamed implementation",
    ops: stringList(v, "ops"),
    layouts: oneOf(v, "layouts", LAYOUTS, true),
    costs: oneOf(v, "costs", COST_NAMES, false),
    precision: precisionOf(v.precision),
    ...(typeof v.training === "number" ? { training: v.training } : {}),
    ...(v.activations === undefined ? {} : { activations: activationsOf(v.activations) }),
  };
}

function activationsOf(v: unknown): SupportedActivations {
  if (!isObject(v)) {
    throw new TypeError(`hello.activations: expected {"hidden": [...], "output": [...]}`);
  }
  const hidden = oneOf(v, "hidden", ACTIVATION_NAMES, true, "hello.activations.");
  const output = oneOf(v, "output", ACTIVATION_NAMES, true, "hello.activations.");
  return { hidden, output };
}

function precisionOf(p: unknown): Precision {
  if (p === "float32" || p === "float64") return p;
  throw new RangeError(`hello.precision: expected "float32" or "float64", got ${clip(String(p))}`);
}

function stringList(v: Record<string, unknown>, key: string, at = "hello."): string[] {
  const list = v[key];
  if (!Array.isArray(list) || list.some((x) => typeof x !== "string")) {
    throw new TypeError(`${at}${key}: expected an array of strings`);
  }
  return list;
}

function oneOf<T extends string>(
  v: Record<string, unknown>,
  key: string,
  allowed: readonly T[],
  nonEmpty: boolean,
  at = "hello.",
): T[] {
  const list = v[key] === undefined && !nonEmpty ? [] : stringList(v, key, at);
  for (const x of list) {
    if (!allowed.includes(x as T)) {
      throw new RangeError(`${at}${key}: unknown value "${x}", expected ${allowed.join(", ")}`);
    }
  }
  if (nonEmpty && list.length === 0) throw new RangeError(`${at}${key}: must not be empty`);
  return list as T[];
}

/**
 * The request line for a case (no newline).
 *
 * @param r The request.
 * @returns One line of JSON.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(encodeRequest({ id: "a", op: "relu", inputs: { z: [[0]] } }), '{"id":"a","op":"relu","inputs":{"z":[[0]]}}');
 * ```
 */
export function encodeRequest(r: Request): string {
  const { id, op, layout, inputs } = r;
  return JSON.stringify(layout === undefined ? { id, op, inputs } : { id, op, layout, inputs });
}

/**
 * Parses one response line, explaining what is wrong with it in one sentence when it is not a response.
 *
 * @param line A line from the program's stdout.
 * @returns The response.
 * @example A bare NaN is named as the problem
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(parseResponse('{"id":"a","outputs":{"a":[[1]]}}'), { id: "a", outputs: { a: [[1]] } });
 * assert.throws(() => parseResponse('{"id":"a","outputs":{"a":[[NaN]]}}'), /bare NaN/);
 * ```
 */
export function parseResponse(line: string): Response {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    if (/(^|[^"\w])-?(NaN|Infinity)\b/.test(line)) {
      throw new SyntaxError(
        `Response is not JSON: it holds a bare NaN or Infinity; send the strings "NaN", "Infinity", "-Infinity"`,
      );
    }
    throw new SyntaxError(`Response is not JSON: ${clip(line)}`);
  }
  if (!isObject(v) || !("id" in v)) {
    throw new SyntaxError(`Response is not an object with an "id": ${clip(line)}`);
  }
  if (typeof v.error === "string") return { id: v.id, error: v.error };
  if (!isObject(v.outputs)) {
    throw new TypeError(`Response ${clip(JSON.stringify(v.id))} has neither "outputs" nor "error"`);
  }
  return { id: v.id, outputs: v.outputs };
}

/** Shortens text for a one-line message. * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(clip("a\nb"), '"a b"');
 * assert.match(clip("x".repeat(100), 10), /^"xxxxxxxxxx"… \(100 characters\)$/);
 * ```
 */
export function clip(s: string, max = 80): string {
  const one = s.replace(/\s+/g, " ");
  return one.length > max
    ? `${JSON.stringify(one.slice(0, max))}… (${s.length} characters)`
    : JSON.stringify(one);
}
