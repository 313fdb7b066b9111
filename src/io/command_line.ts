/**
 * Turns the `--impl` command line into a program and its arguments: split like a shell would when it
 * is a plain command (so that a missing program is reported by name), run through `sh -c` when it uses
 * shell syntax (pipes, `&&`, redirections, variables, globs).
 *
 * @module
 */

/** A program and its arguments. */
export interface Argv {
  /** The program to start. */
  readonly program: string;
  /** Its arguments. */
  readonly args: readonly string[];
}

const SHELL_SYNTAX = /[|&;<>()$`*?~{}\n]/;

/**
 * Splits a command line.
 *
 * @param line The command, e.g. `python3 examples/python/nn.py`.
 * @returns The program and arguments.
 * @example Quotes group words; shell syntax goes to `sh -c`
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual(splitCommand(`node "my dir/nn.mjs" --x 'a b'`), { program: "node", args: ["my dir/nn.mjs", "--x", "a b"] });
 * assert.deepStrictEqual(splitCommand("cd x && ./nn"), { program: "sh", args: ["-c", "cd x && ./nn"] });
 * ```
 */
export function splitCommand(line: string): Argv {
  const words: string[] = [];
  let word = "";
  let inWord = false;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === "\\" && quote === '"' && i + 1 < line.length) word += line[++i];
      else word += c;
      continue;
    }
    if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === "\\" && i + 1 < line.length) {
      word += line[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = "";
      inWord = false;
    } else if (SHELL_SYNTAX.test(c)) {
      return { program: "sh", args: ["-c", line] };
    } else {
      word += c;
      inWord = true;
    }
  }
  if (quote) {
    throw new SyntaxError(`Cannot split the command ${line}: a ${quote} quote is not closed`);
  }
  if (inWord) words.push(word);
  if (words.length === 0) throw new SyntaxError("Cannot run an empty command");
  return { program: words[0], args: words.slice(1) };
}
