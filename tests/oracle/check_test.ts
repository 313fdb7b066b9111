/**
 * The check command end to end: exit statuses, formats, filters, expectations, results mode, float32,
 * and the reproduction line of a failing case.
 */
import assert from "node:assert";
import { SaxesParser } from "saxes";
import { validate } from "../testdata/json_schema_subset.ts";
import { fixtureDir, HAS_NUMPY, NODE, runCheck, runCli } from "./helpers.ts";

Deno.test("check exits 0 when every case that ran passed, 1 on a failure, 2 on a usage error", async (t) => {
  await t.step("pass", async () => {
    const r = await runCli(
      "--impl",
      `${NODE} examples/node/nn.mjs`,
      "--filter",
      "op:relu,op:softmax",
    );
    assert.strictEqual(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /PASS: 5 passed, 0 failed\n$/);
  });
  await t.step("fail", async () => {
    const r = await runCli(
      "--impl",
      `${NODE} examples/broken/relu_prime_at_zero.mjs`,
      "--filter",
      "op:relu_prime",
    );
    assert.strictEqual(r.code, 1);
    assert.match(r.stdout, /FAIL {2}relu_prime\/zero \[relu_prime\]: d out of tolerance/);
    assert.match(
      r.stdout,
      / {2}worst: d\[0,0\]: expected 0, got 1 \(abs 1, rel Infinity\) \(rtol 0, atol 0\)/,
    );
    assert.match(r.stdout, / {2}diagnosis \[relu-prime-at-zero\]: ReLU′\(0\) was taken as 1/);
    assert.match(r.stdout, / {4}fix: ReLU′\(z\) = 1 only for z > 0/);
  });
  await t.step("nothing ran", async () => {
    // the program announces none of the selected ops (a filter that selects nothing is a usage error)
    const program = `${NODE} tests/oracle/programs/float32.mjs`;
    const r = await runCli("--impl", program, "--filter", "op:dense_forward");
    assert.strictEqual(r.code, 1);
    assert.match(r.stdout, /note: no case ran/);
  });
  const usage: [string[], RegExp][] = [
    [[], /^check: Give exactly one of --impl "COMMAND", --results FILE, --emit-requests FILE\n$/],
    [
      ["--impl", "x", "--format", "xml"],
      /^check: --format: expected pretty, json or junit, got "xml"\n$/,
    ],
    [["--impl", "x", "--bogus"], /^check: Unknown option '--bogus' \(see --help\)\n$/],
    [["--impl", "x", "--filter", "kind:x"], /^check: Unknown filter key "kind" in "kind:x"/],
    [
      ["--impl", "x", "--fixtures", "no/such/dir"],
      /^check: --fixtures: cannot read "no\/such\/dir"\n$/,
    ],
    [["--results", "no/such/file.json"], /^check: Cannot read "no\/such\/file\.json"/],
    [
      ["--impl", "x", "--timeout", "-1"],
      /^check: --timeout: expected a positive number, got "-1"\n$/,
    ],
  ];
  for (const [args, message] of usage) {
    await t.step(`usage: ${args.join(" ") || "(no mode)"}`, async () => {
      const r = await runCli(...args);
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, message);
      assert.strictEqual(r.stderr.split("\n").length, 2);
    });
  }
  await t.step("--help", async () => {
    const r = await runCli("--help");
    assert.strictEqual(r.code, 0);
    assert.match(r.stdout, /^Usage: deno task check/);
  });
});

Deno.test("a failing case prints a reproduction that reproduces it", async () => {
  const r = await runCheck(
    "--impl",
    `${NODE} examples/broken/forgot_batch_mean.mjs`,
    "--filter",
    "softmax_cross_entropy_grad/basic/column",
  );
  const line = r.report.split("\n").find((l) => l.startsWith("  reproduce: "))!;
  const command = line.slice("  reproduce: ".length);
  const out = await new Deno.Command("sh", { args: ["-c", command], stdout: "piped" }).output();
  const lines = new TextDecoder().decode(out.stdout).trim().split("\n");
  assert.strictEqual(lines.length, 2); // the hello, then the answer
  assert.strictEqual(JSON.parse(lines[1]).id, "softmax_cross_entropy_grad/basic/column");
  assert.strictEqual(r.outcomes[0].request, command.match(/^printf '%s\\n' '(.*)' \| /)![1]);
});

Deno.test("--format json holds every case, its worst element and the request of a failure", async () => {
  const r = await runCheck(
    "--impl",
    `${NODE} examples/broken/ce_grad_sign_flipped.mjs`,
    "--filter",
    "op:softmax_cross_entropy_grad,op:relu",
    "--format",
    "json",
  );
  const report = JSON.parse(r.report);
  assert.strictEqual(report.format, "nn-oracle-report/1");
  assert.strictEqual(report.summary.ok, false);
  assert.deepStrictEqual(report.summary.counts, {
    pass: 1,
    fail: 2,
    skip: 0,
    "not-run": 0,
    xfail: 0,
    xpass: 0,
  });
  const bad = report.cases.find((c: { id: string }) =>
    c.id === "softmax_cross_entropy_grad/basic/row"
  );
  assert.strictEqual(bad.status, "fail");
  assert.strictEqual(bad.worst.path, "dz");
  assert.strictEqual(bad.diagnoses[0].id, "ce-grad-sign-flipped");
  assert.strictEqual(JSON.parse(bad.request).id, bad.id);
  assert.deepStrictEqual(report.summary.byOp.relu, {
    pass: 1,
    fail: 0,
    skip: 0,
    "not-run": 0,
    xfail: 0,
    xpass: 0,
  });
  assert.ok(report.summary.bySection["no document › oracle tests"]);
});

Deno.test("--format junit writes one testcase per case with failures and skips", async () => {
  const r = await runCheck(
    "--impl",
    `${NODE} tests/oracle/programs/float32.mjs`,
    "--filter",
    "op:softmax,op:dense_forward",
    "--format",
    "junit",
  );
  assert.match(
    r.report,
    /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="nn-oracle: float32 client/,
  );
  assert.strictEqual(r.report.match(/<testcase /g)?.length, 6);
  assert.strictEqual(
    r.report.match(/<skipped message="operation dense_forward not announced"\/>/g)?.length,
    2,
  );
  const broken = await runCheck(
    "--impl",
    `${NODE} examples/broken/softmax_no_max_shift.mjs`,
    "--filter",
    "op:softmax",
    "--format",
    "junit",
  );
  assert.strictEqual(broken.report.match(/<failure /g)?.length, 2);
  assert.match(
    broken.report,
    /<failure message="p out of tolerance" type="softmax-no-max-shift">worst: p\[0,0\]: expected 1, got NaN/,
  );
  assert.strictEqual(
    r.report.match(/<testsuite /g)?.length,
    r.report.match(/<\/testsuite>/g)?.length,
  );
});

Deno.test("--expectations turns listed failures into expected ones and reports passes and stale entries", async () => {
  const dir = await Deno.makeTempDir();
  const file = `${dir}/expect.json`;
  await Deno.writeTextFile(
    file,
    JSON.stringify({
      format: "nn-oracle-expectations/1",
      failures: {
        "relu_prime/zero": "ReLU′(0) is 1 in this implementation until it is fixed",
        "relu/basic": "listed, but passes",
        "gone/case": "names no case",
      },
    }),
  );
  const expecting = (...more: string[]) =>
    runCheck(
      "--impl",
      `${NODE} examples/broken/relu_prime_at_zero.mjs`,
      "--filter",
      "op:relu_prime,op:relu",
      "--expectations",
      file,
      ...more,
    );
  const r = await expecting();
  assert.strictEqual(r.code, 0, r.report);
  assert.deepStrictEqual(
    r.outcomes.filter((o) => o.status !== "skip").map((o) => [o.id, o.status]),
    [
      ["relu/basic", "xpass"],
      ["relu_prime/zero", "xfail"],
    ],
  );
  assert.match(r.report, /XPASS relu\/basic: passes now; remove it from the expectations/);
  assert.match(
    r.report,
    /XFAIL relu_prime\/zero: .* expected: ReLU′\(0\) is 1 in this implementation/,
  );
  assert.match(r.report, /note: expectation "gone\/case" names no case of this run/);
  // one line per expected failure, not counted among the failing cases
  assert.strictEqual(r.report.match(/^XFAIL relu_prime\/zero: .*$/gm)?.length, 1);
  assert.doesNotMatch(r.report, /^ {2}(worst|reproduce|diagnosis)/m);
  assert.doesNotMatch(r.report, /failing case\(s\)/);
  assert.match(
    r.report,
    /^PASS: 0 passed, 0 failed, 1 expected failure\(s\), 1 unexpected pass\(es\)/m,
  );
  const verbose = await expecting("--verbose");
  assert.match(verbose.report, /^XFAIL relu_prime\/zero \[relu_prime\]: .*\n {2}worst: /m);
  const strict = await expecting("--strict");
  assert.strictEqual(strict.code, 1, strict.report);
  assert.match(
    strict.report,
    /^FAIL: 0 passed, 0 failed, 1 expected failure\(s\), 1 unexpected pass/m,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("results mode judges a file of outputs made offline from --emit-requests", async (t) => {
  const dir = await Deno.makeTempDir();
  const requests = `${dir}/requests.jsonl`;
  const emitted = await runCheck("--emit-requests", requests, "--filter", "op:softmax,op:backward");
  const judged = (file: string) =>
    runCheck("--results", file, "--filter", "op:softmax,op:backward");
  assert.strictEqual(emitted.code, 0);
  const lines = (await Deno.readTextFile(requests)).trim().split("\n");
  // 14 cases, each (all have a layout) once more in the other layout
  assert.strictEqual(lines.length, 28);
  assert.strictEqual(lines.filter((l) => JSON.parse(l).id.includes("@")).length, 14);
  const answer = async (client: string) => {
    const [program, ...args] = client.split(" ");
    const p = new Deno.Command(program, { args, stdin: "piped", stdout: "piped" }).spawn();
    const w = p.stdin.getWriter();
    await w.write(new TextEncoder().encode(lines.join("\n") + "\n"));
    await w.close();
    return new TextDecoder().decode((await p.output()).stdout);
  };
  await t.step("JSON lines of responses (with the hello first)", async () => {
    await Deno.writeTextFile(
      `${dir}/out.jsonl`,
      await answer(`${NODE} examples/broken/bias_one_sample.mjs`),
    );
    const r = await judged(`${dir}/out.jsonl`);
    assert.strictEqual(r.code, 1);
    assert.match(r.report, /^nn-oracle check: broken: db from one sample \(results file/);
    const failing = r.outcomes.filter((o) => o.status === "fail");
    assert.strictEqual(failing.length, 10);
    assert.ok(failing.every((o) => o.diagnoses?.[0].id === "bias-one-sample"));
    assert.match(r.report, / {2}request: \{"id":"backward\//);
  });
  await t.step(
    "the hello is honoured: a column-only program is judged on its column answers",
    async () => {
      const [hello, ...responses] = (await answer(`${NODE} examples/node/nn.mjs`)).trim().split(
        "\n",
      );
      const columnOnly = { ...JSON.parse(hello), name: "column only", layouts: ["column"] };
      const rowRefused = responses.map((l, i) =>
        JSON.parse(lines[i]).layout === "row"
          ? JSON.stringify({ id: JSON.parse(l).id, error: "only the column layout" })
          : l
      );
      await Deno.writeTextFile(
        `${dir}/column.jsonl`,
        [JSON.stringify(columnOnly), ...rowRefused].join("\n") + "\n",
      );
      const r = await judged(`${dir}/column.jsonl`);
      assert.strictEqual(r.code, 0, r.report);
      assert.strictEqual(r.outcomes.filter((o) => o.status === "pass").length, 14);
      assert.strictEqual(r.outcomes.filter((o) => o.translatedFrom === "row").length, 7);
      // the same file without its hello is judged on the refused row answers
      await Deno.writeTextFile(`${dir}/no-hello.jsonl`, rowRefused.join("\n") + "\n");
      const bare = await judged(`${dir}/no-hello.jsonl`);
      assert.strictEqual(bare.outcomes.filter((o) => o.status === "fail").length, 7);
    },
  );
  await t.step(
    "a JSON object {case id: outputs}, missing ids not run, unknown ids noted",
    async () => {
      const responses = (await answer(`${NODE} examples/node/nn.mjs`)).trim().split("\n").slice(1)
        .map((l) => JSON.parse(l));
      const results = Object.fromEntries(responses.slice(1).map((r) => [r.id, r.outputs]));
      results["no/such/case"] = { a: [[1]] };
      await Deno.writeTextFile(
        `${dir}/out.json`,
        JSON.stringify({ format: "nn-oracle-results/1", name: "offline", results }),
      );
      const r = await judged(`${dir}/out.json`);
      assert.strictEqual(r.code, 0, r.report);
      assert.strictEqual(r.outcomes.filter((o) => o.status === "pass").length, 13);
      assert.strictEqual(r.outcomes.filter((o) => o.status === "not-run").length, 1);
      assert.match(r.report, /1 result\(s\) for ids that are no fixture case: no\/such\/case/);
    },
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a float32 implementation is checked with float32 tolerances, and caught claiming float64", async () => {
  const ok = await runCheck("--impl", `${NODE} tests/oracle/programs/float32.mjs`);
  assert.strictEqual(ok.code, 0, ok.report);
  assert.ok(
    ok.outcomes.filter((o) => o.status === "pass").every((o) =>
      o.tolerance!.rtol >= 1e-4 || o.tolerance!.rtol === 0
    ),
  );
  const lying = await runCheck("--impl", `${NODE} tests/oracle/programs/float32.mjs claim-float64`);
  assert.strictEqual(lying.code, 1);
  assert.match(
    lying.report,
    /\[float32-precision\] in (\d+) of \1 failing case\(s\): the answer agrees only to float32 precision/,
  );
});

Deno.test("--filter selects by id glob, op, tag and file", async () => {
  const sent = async (...filters: string[]) =>
    (await runCheck(
      "--impl",
      `${NODE} examples/node/nn.mjs`,
      ...filters.flatMap((f) => ["--filter", f]),
    ))
      .outcomes.filter((o) => o.status !== "skip").map((o) => o.id);
  assert.deepStrictEqual(await sent("softmax/*"), [
    "softmax/basic/column",
    "softmax/basic/row",
    "softmax/large-logits/column",
    "softmax/large-logits/row",
  ]);
  assert.deepStrictEqual(await sent("tag:edge", "op:sigmoid"), [
    "sigmoid/basic",
    "relu_prime/zero",
    "softmax/large-logits/column",
    "softmax/large-logits/row",
    "softmax_cross_entropy/large-logits/column",
    "softmax_cross_entropy/large-logits/row",
    "backward/large-logits/column",
    "backward/large-logits/row",
  ]);
  assert.strictEqual((await sent(`file:oracle_tests`)).length, 53);
});

Deno.test({
  name: "--repro-dir saves the request of each failing case, replayable through the Python client",
  ignore: !HAS_NUMPY,
  fn: async () => {
    const dir = await Deno.makeTempDir();
    const r = await runCheck(
      "--impl",
      `${NODE} examples/broken/dw_transposed.mjs`,
      "--filter",
      "backward/relu-softmax-ce/*",
      "--repro-dir",
      dir,
    );
    assert.strictEqual(r.code, 1);
    const saved = [...Deno.readDirSync(dir)].map((e) => e.name).sort();
    assert.deepStrictEqual(saved, [
      "backward__relu-softmax-ce__column.jsonl",
      "backward__relu-softmax-ce__row.jsonl",
    ]);
    const p = new Deno.Command("python3", {
      args: ["examples/python/nn.py"],
      stdin: "piped",
      stdout: "piped",
    }).spawn();
    const w = p.stdin.getWriter();
    await w.write(await Deno.readFile(`${dir}/${saved[0]}`));
    await w.close();
    const lines = new TextDecoder().decode((await p.output()).stdout).trim().split("\n");
    assert.strictEqual(JSON.parse(lines[1]).id, "backward/relu-softmax-ce/column");
    await Deno.remove(dir, { recursive: true });
    void fixtureDir;
  },
});

Deno.test("check reports progress when many cases run, and --verbose shows passes and stray stdout", async () => {
  const { parseArgs } = await import("../../src/oracle/check_args.ts");
  const { check } = await import("../../src/oracle/check.ts");
  const progress: string[] = [];
  const r = await check(
    parseArgs([
      "--impl",
      `${NODE} tests/oracle/programs/misbehave.mjs noise`,
      "--fixtures",
      await fixtureDir(),
      "--verbose",
    ]),
    { progress: (t) => progress.push(t) },
  );
  assert.ok(progress.some((p) => p.startsWith("\r[53/53] ")), progress.slice(-2).join("|"));
  assert.match(r.report, /^skip {2}tanh\/basic: operation tanh not announced$/m);
  assert.match(r.report, /^ {2}stray stdout: "debug: handling sigmoid"$/m);
  const quiet = await runCheck(
    "--impl",
    `${NODE} examples/node/nn.mjs`,
    "--filter",
    "op:relu",
    "--verbose",
  );
  assert.match(quiet.report, /^ok {4}relu\/basic \(\d+ ms\)$/m);
});

Deno.test("a hello that names its activations is sent only the networks built from them", async () => {
  const r = await runCheck(
    "--impl",
    `${NODE} tests/oracle/programs/sigmoid_only.mjs`,
    "--fixtures",
    "fixtures",
    "--filter",
    "op:forward,op:backward,op:layer_forward",
  );
  assert.strictEqual(r.code, 0, r.report);
  const sent = r.outcomes.filter((o) => o.status === "pass");
  const skipped = r.outcomes.filter((o) => o.status === "skip");
  assert.ok(sent.length >= 4 && skipped.length > sent.length, `${sent.length} ${skipped.length}`);
  assert.ok(
    skipped.every((o) => / activation (relu|tanh|identity|softmax) not announced$/.test(o.reason!)),
    skipped.map((o) => o.reason).join("\n"),
  );
});

Deno.test("the JUnit report is well-formed XML whatever the program writes, with errors apart from failures", async () => {
  const r = await runCheck(
    "--impl",
    `${NODE} tests/oracle/programs/hostile_text.mjs`,
    "--filter",
    "op:relu,op:sigmoid,op:softmax",
    "--format",
    "junit",
    "--max-restarts",
    "5",
  );
  assert.strictEqual(r.code, 1);
  // a strict XML 1.0 parser: any forbidden character or broken markup is an error
  const parser = new SaxesParser();
  const problems: string[] = [];
  const suites: Record<string, string>[] = [];
  const elements: string[] = [];
  parser.on("error", (e) => problems.push(e.message));
  parser.on("opentag", (tag) => {
    elements.push(tag.name);
    if (tag.name === "testsuite") suites.push(tag.attributes as Record<string, string>);
  });
  parser.write(r.report).close();
  assert.deepStrictEqual(problems, []);
  const count = (name: string) => elements.filter((e) => e === name).length;
  const sent = r.outcomes.filter((o) => o.status !== "skip");
  const errors = sent.filter((o) => o.op !== "softmax").length;
  assert.strictEqual(count("error"), errors);
  assert.strictEqual(count("failure"), sent.length - errors);
  assert.ok(errors >= 2 && sent.length - errors >= 2, `${errors} ${sent.length}`);
  for (const suite of suites) {
    for (const key of ["name", "tests", "failures", "errors", "skipped", "time", "timestamp"]) {
      assert.ok(key in suite, `testsuite ${suite.name} lacks ${key}`);
    }
    assert.match(suite.timestamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  }
  const relu = suites.find((s) => s.name === "relu")!;
  assert.strictEqual(relu.errors, relu.tests);
  assert.match(r.report, /bad \\uFFFE \\uFFFF \\u0001 \\uD800 &lt;&amp;&gt; \]\]&gt;/);
});

Deno.test("the JSON report follows docs/report.schema.json and names each finding once", async () => {
  const schema = JSON.parse(await Deno.readTextFile("docs/report.schema.json"));
  const runs = [
    ["--impl", `${NODE} examples/node/nn.mjs`],
    ["--impl", `${NODE} examples/broken/forgot_batch_mean.mjs`],
    ["--impl", `${NODE} examples/broken/quadratic_convention.mjs`],
    ["--impl", `${NODE} tests/oracle/programs/hostile_text.mjs`, "--filter", "op:relu,op:softmax"],
    ["--impl", `${NODE} tests/oracle/programs/float32.mjs claim-float64`],
  ];
  let findings = 0;
  for (const args of runs) {
    const r = await runCheck(...args, "--format", "json");
    const report = JSON.parse(r.report);
    assert.deepStrictEqual(validate(report, schema).slice(0, 5), [], args.join(" "));
    const ids = report.summary.findings.map((f: { id: string }) => f.id);
    assert.deepStrictEqual(ids, [...new Set(ids)], `${args.join(" ")}: a finding twice`);
    findings += ids.length;
  }
  assert.ok(findings >= 3, String(findings));
  // the schema is not a rubber stamp
  const bad = JSON.parse(
    (await runCheck("--impl", `${NODE} examples/node/nn.mjs`, "--format", "json")).report,
  );
  bad.cases[0].status = "passed";
  delete bad.summary.ok;
  assert.strictEqual(validate(bad, schema).length, 2);
});
