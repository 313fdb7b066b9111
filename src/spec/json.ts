/**
 * JSON values as fixtures and the protocol carry them.
 *
 * @module
 */

/** A JSON value. */
export type JsonValue =
  | null
  | boolean
  | number
  | string
  | readonly JsonValue[]
  | { readonly [key: string]: JsonValue };

/**
 * Whether `v` is a plain JSON object (not an array, not null).
 *
 * @param v Any value.
 * @returns True for objects.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.ok(isObject({}) && !isObject([]) && !isObject(null));
 * ```
 */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
