/**
 * Text made safe for a terminal: a message that quotes a file's bytes (a binary file given as JSON)
 * must not send control characters, which could move the cursor or change the terminal's state.
 *
 * @module
 */

/**
 * Replaces C0 and C1 control characters (tab and newline included) with `\xNN` escapes.
 *
 * @param text Any text.
 * @returns The text with every control character escaped.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(printable("a\x1b[2Jb\x00"), "a\\x1b[2Jb\\x00");
 * ```
 */
export function printable(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/[\x00-\x1f\x7f-\x9f]/g, (c) => {
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`;
  });
}
