import assert from "node:assert";
import { parseArgs } from "../../src/oracle/check_args.ts";

Deno.test("parseArgs() reads every option and refuses what it does not know", async (t) => {
  await t.step("defaults", () => {
    const o = parseArgs(["--results", "r.json"]);
    assert.deepStrictEqual(
      { ...o },
      {
        fixtures: "fixtures",
        format: "pretty",
        filters: [],
        verbose: false,
        timeoutS: 10,
        helloTimeoutS: 10,
        maxRestarts: 3,
        help: false,
        results: "r.json",
      },
    );
  });
  await t.step("every option", () => {
    const o = parseArgs([
      "--impl=python3 nn.py",
      "--fixtures",
      "fx",
      "--format",
      "junit",
      "--expectations",
      "e.json",
      "--timeout",
      "2.5",
      "--hello-timeout",
      "30",
      "--max-restarts",
      "0",
      "--max-line-bytes",
      "1000",
      "-o",
      "out.xml",
      "--repro-dir",
      "r",
    ]);
    assert.strictEqual(o.impl, "python3 nn.py");
    assert.strictEqual(o.timeoutS, 2.5);
    assert.strictEqual(o.maxRestarts, 0);
    assert.strictEqual(o.maxLineBytes, 1000);
    assert.strictEqual(o.output, "out.xml");
  });
  await t.step("errors", () => {
    assert.throws(() => parseArgs(["--impl"]), /--impl: a value is required/);
    assert.throws(() => parseArgs(["--impl", "a", "--results", "b"]), /Give exactly one of/);
    assert.throws(
      () => parseArgs(["--impl", "a", "--max-restarts", "1.5"]),
      /--max-restarts: expected a whole number, got "1.5"/,
    );
  });
  await t.step("--help needs no mode", () => assert.strictEqual(parseArgs(["-h"]).help, true));
});
