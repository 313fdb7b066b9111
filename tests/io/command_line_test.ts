import assert from "node:assert";
import { splitCommand } from "../../src/io/command_line.ts";

Deno.test("splitCommand() splits like a shell, or hands shell syntax to sh -c", async (t) => {
  await t.step("plain words", () => {
    assert.deepStrictEqual(splitCommand("  python3   examples/python/nn.py "), {
      program: "python3",
      args: ["examples/python/nn.py"],
    });
  });
  await t.step("quotes and escapes", () => {
    assert.deepStrictEqual(splitCommand(`a 'b c' "d \\"e\\"" f\\ g ''`), {
      program: "a",
      args: ["b c", 'd "e"', "f g", ""],
    });
  });
  await t.step("shell syntax", () => {
    for (const cmd of ["a | b", "a && b", "a > out", "A=1 $X", "cd dir; ./run"]) {
      assert.deepStrictEqual(splitCommand(cmd), { program: "sh", args: ["-c", cmd] });
    }
  });
  await t.step("errors", () => {
    assert.throws(() => splitCommand("a 'b"), /a ' quote is not closed/);
    assert.throws(() => splitCommand("   "), /Cannot run an empty command/);
  });
});
