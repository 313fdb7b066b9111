import assert from "node:assert";
import { parseArgs, USAGE } from "../../src/oracle/check_args.ts";

Deno.test("parseArgs() reads every option and refuses what it does not know", async (t) => {
  await t.step("defaults", () => {
    const o = parseArgs(["--results", "r.json"]);
    assert.deepStrictEqual(
      { ...o },
      {
        format: "pretty",
        filters: [],
        verbose: false,
        strict: false,
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
    assert.strictEqual(o.report, "out.xml");
    assert.strictEqual(parseArgs(["--impl", "x", "--report", "r.xml"]).report, "r.xml");
    assert.strictEqual(parseArgs(["--impl", "x", "--output=r.xml"]).report, "r.xml");
  });
  await t.step("errors", () => {
    assert.throws(() => parseArgs(["--impl"]), /--impl: a value is required/);
    assert.throws(() => parseArgs(["--impl", "a", "--results", "b"]), /Give exactly one of/);
    assert.throws(() => parseArgs(["--impl", "a", "b"]), /Unexpected argument "b"/);
    assert.throws(() => parseArgs(["--impl", "a", "-v=1"]), /Unknown option/);
    // worded as every other command words it (src/io/cli.ts, parseFlags)
    assert.throws(
      () => parseArgs(["--impl", "a", "--bogus"]),
      /^UsageError: Unknown option '--bogus' \(see --help\)$/,
    );
    for (
      const [flag, line] of [
        ["-o", "--output: a value is required"],
        ["--output", "--output: a value is required"],
        ["--verbose=1", "--verbose: takes no value"],
        ["--help=1", "--help: takes no value"],
      ]
    ) {
      assert.throws(() => parseArgs(["--impl", "a", flag]), (e: Error) => e.message === line, line);
    }
    assert.throws(
      () => parseArgs(["--impl", "a", "--strict=1"]),
      /^UsageError: --strict: takes no value$/,
    );
    assert.throws(() => parseArgs(["--impl", "a", "--strict"]), /--strict needs --expectations/);
    assert.throws(
      () => parseArgs(["--impl", "a", "--report", "x", "-o", "y"]),
      /--report and --output name the same thing/,
    );
    assert.throws(
      () => parseArgs(["--impl", "a", "--max-restarts", "1.5"]),
      /--max-restarts: expected a whole number, got "1.5"/,
    );
  });
  await t.step("--help needs no mode", () => assert.strictEqual(parseArgs(["-h"]).help, true));
  await t.step("--help lists the --filter vocabulary and the exit codes", () => {
    for (const key of ["id:", "op:", "tag:", "statement:", "doc:", "file:"]) {
      assert.match(USAGE, new RegExp(`^ +${key}`, "m"), key);
    }
    assert.match(USAGE, /file:fixtures\/costs\.json/);
    assert.match(USAGE, /^Examples:$/m);
    assert.match(USAGE, /^Exit status: 0 .* 1 .*\n.* 2 on a usage error/m);
  });
});
