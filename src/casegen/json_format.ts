/**
 * Deterministic JSON for the committed fixture files: two-space indentation, but any array or object
 * that fits on one line within the width stays on one line, and an array of plain values (a matrix
 * row) always does, so a matrix prints one row per line and a small one on a single line. Numbers are written by `JSON.stringify` (shortest round-trip decimal).
 *
 * @module
 */
import type { JsonValue } from "../spec/json.ts";

/**
 * Formats a JSON value.
 *
 * @param v The value.
 * @param width The line width to fit within (100 by default).
 * @returns The text, without a trailing newline.
 * @example A matrix keeps its rows on one line each when it does not fit on one
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(formatJson({ z: [[1, 2], [3, 4]] }), '{"z": [[1, 2], [3, 4]]}');
 * assert.strictEqual(formatJson({ z: [[1, 2], [3, 4]] }, 12), '{\n  "z": [\n    [1, 2],\n    [3, 4]\n  ]\n}');
 * ```
 */
export function formatJson(v: JsonValue, width = 100): string {
  return format(v, 0, width, 0);
}

function inline(v: JsonValue): string {
  if (Array.isArray(v)) return `[${v.map(inline).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v).filter(([, x]) => x !== undefined);
    return `{${entries.map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(", ")}}`;
  }
  return JSON.stringify(v);
}

/** `prefix` is the length of what precedes the value on its first line (a key). */
function format(v: JsonValue, indent: number, width: number, prefix: number): string {
  const flat = inline(v);
  if (v === null || typeof v !== "object" || indent + prefix + flat.length <= width) return flat;
  if (Array.isArray(v) && v.every((x) => x === null || typeof x !== "object")) return flat; // a row
  const pad = " ".repeat(indent + 2);
  const end = " ".repeat(indent);
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[\n${v.map((x) => pad + format(x, indent + 2, width, 0)).join(",\n")}\n${end}]`;
  }
  const entries = Object.entries(v).filter(([, x]) => x !== undefined);
  if (entries.length === 0) return "{}";
  const lines = entries.map(([k, x]) => {
    const key = `${JSON.stringify(k)}: `;
    return pad + key + format(x, indent + 2, width, key.length);
  });
  return `{\n${lines.join(",\n")}\n${end}}`;
}
