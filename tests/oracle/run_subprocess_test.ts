/**
 * The oracle against programs that misbehave (tests/oracle/programs/misbehave.mjs): each problem is
 * one clear line, the run goes on or stops cleanly, and no process is left behind.
 */
import assert from "node:assert";
import type { Outcome } from "../../src/oracle/judge.ts";
import { fixtureDir, NODE, processesWith, runCheck, runCli } from "./helpers.ts";

const MISBEHAVE = "tests/oracle/programs/misbehave.mjs";
let n = 0;
const marker = () => `nnoracle-marker-${Deno.pid}-${++n}`;

function failing(outcomes: readonly Outcome[]): Outcome[] {
  return outcomes.filter((o) => o.status === "fail");
}

async function misbehave(mode: string, ...extra: string[]) {
  const mark = marker();
  const r = await runCheck("--impl", `${NODE} ${MISBEHAVE} ${mode} ${mark}`, ...extra);
  assert.deepStrictEqual(await processesWith(mark), [], `processes left behind by ${mode}`);
  return r;
}

Deno.test("runSubprocess() survives a program that crashes on one operation", async () => {
  const r = await misbehave(
    "crash-on:backward",
    "--filter",
    "backward/relu-softmax-ce/*,op:softmax,op:relu",
  );
  assert.strictEqual(r.code, 1);
  const bad = failing(r.outcomes);
  assert.ok(bad.length === 2 && bad.every((o) => o.op === "backward"));
  assert.match(
    bad[0].reason!,
    /exited with code 3 before answering; its stderr ends with: "Traceback/,
  );
  assert.strictEqual(
    r.outcomes.filter((o) => o.op !== "backward" && o.status === "pass").length,
    5,
  );
});

Deno.test("runSubprocess() stops cleanly after too many crashes", async () => {
  const r = await misbehave("exit-after-hello", "--max-restarts", "1");
  assert.strictEqual(r.code, 1);
  assert.strictEqual(failing(r.outcomes).length, 2);
  const notRun = r.outcomes.filter((o) => o.status === "not-run");
  assert.ok(notRun.length > 0);
  assert.match(notRun[0].reason!, /the program failed 2 times \(exited with code 0\)/);
  assert.match(r.report, /not run/);
});

Deno.test("runSubprocess() times out a hung request, restarts the program and goes on", async () => {
  const t0 = performance.now();
  const r = await misbehave(
    "hang-on:softmax",
    "--timeout",
    "0.5",
    "--filter",
    "softmax/basic/*,op:sigmoid,op:relu",
  );
  assert.ok(performance.now() - t0 < 8000);
  const bad = failing(r.outcomes);
  assert.strictEqual(bad.length, 2);
  assert.ok(bad.every((o) => o.op === "softmax" && /no answer within 0.5 s/.test(o.reason!)));
  assert.ok(r.outcomes.filter((o) => o.status === "pass").length === 2);
});

Deno.test("runSubprocess() kills the whole process group, grandchildren included", async () => {
  const r = await misbehave("grandchild", "--timeout", "0.3", "--max-restarts", "1");
  assert.strictEqual(r.code, 1);
  assert.ok(r.outcomes.some((o) => o.status === "not-run"));
});

Deno.test("runSubprocess() ends a program that ignores the end of its input", async () => {
  const r = await misbehave("ignore-eof", "--filter", "op:relu");
  assert.strictEqual(r.code, 0, r.report);
});

Deno.test("each protocol violation is one clear line", async (t) => {
  const cases: [string, RegExp][] = [
    [
      "noise",
      /wrote 1 stray line\(s\) on stdout, e\.g\. "debug: handling sigmoid" \(stdout is for protocol lines only; log to stderr\)/,
    ],
    ["wrong-id", /the answer carries id "sigmoid\/basic-other", the request was "sigmoid\/basic"/],
    ["bare-nan", /bare NaN or Infinity; send the strings "NaN", "Infinity", "-Infinity"/],
    ["strings", /expected a number or one of "NaN", "Infinity", "-Infinity", "-0", got "0\.1192/],
    ["wrong-shape", /a: shape mismatch, got 3×5, expected 2×5/],
  ];
  for (const [mode, message] of cases) {
    await t.step(mode, async () => {
      const r = await misbehave(mode, "--filter", "sigmoid/basic,op:softmax");
      assert.strictEqual(r.code, 1);
      const first = r.outcomes.find((o) => o.id === "sigmoid/basic")!;
      assert.strictEqual(first.status, "fail");
      assert.match(first.reason!, message);
      assert.ok(!first.reason!.includes("\n"));
    });
  }
});

Deno.test("a gigantic answer is cut at the line cap and the run goes on", async () => {
  const r = await misbehave(
    "gigantic-on:relu",
    "--timeout",
    "10",
    "--filter",
    "op:relu,op:sigmoid",
  );
  const relu = r.outcomes.find((o) => o.op === "relu")!;
  assert.match(relu.reason!, /the answer line is longer than 1048576 bytes/);
  assert.strictEqual(r.outcomes.find((o) => o.op === "sigmoid")!.status, "pass");
});

Deno.test("an answer line without end is the fault of the case in flight, not of the next", async (t) => {
  await t.step("the program is restarted and the run goes on", async () => {
    const r = await misbehave(
      "endless-on:relu",
      "--timeout",
      "1",
      "--filter",
      "op:relu,op:softmax",
    );
    const bad = failing(r.outcomes);
    assert.ok(bad.length >= 1 && bad.every((o) => o.op === "relu"), r.report);
    assert.match(
      bad[0].reason!,
      /grew past \d+ bytes and did not end within 1 s; the program was killed/,
    );
    assert.ok(r.outcomes.some((o) => o.op === "softmax" && o.status === "pass"), r.report);
    assert.match(r.report, /restarted the program after case relu/);
  });
  await t.step("when the run stops there, nothing says restarted", async () => {
    const r = await misbehave(
      "endless-on:relu",
      "--timeout",
      "1",
      "--max-restarts",
      "0",
      "--filter",
      "op:relu,op:softmax",
    );
    const [bad, ...others] = failing(r.outcomes);
    assert.strictEqual(bad.op, "relu");
    assert.deepStrictEqual(others, []);
    assert.doesNotMatch(r.report, /restart(ed|ing) the program|was killed and restarted/);
    assert.match(r.report, /stopped: the program failed 1 times \(an answer line without end\)/);
  });
  await t.step("a timeout no longer claims a restart", async () => {
    const r = await misbehave("hang-on:softmax", "--timeout", "0.5", "--max-restarts", "0");
    assert.doesNotMatch(r.report, /restarted/);
  });
});

Deno.test("a program that cannot start or does not greet is one line on stderr, exit 2", async (t) => {
  const cases: [string, RegExp][] = [
    [
      "no-such-program-xyz --flag",
      /^check: Cannot start "no-such-program-xyz": no such program\n$/,
    ],
    [
      `${NODE} ${MISBEHAVE} not-hello`,
      /^check: The first line is not a JSON hello: "Loading model weights\.\.\."\n$/,
    ],
    [
      `${NODE} ${MISBEHAVE} protocol-2`,
      /^check: The program speaks protocol 2, this oracle speaks 1\n$/,
    ],
    [`${NODE} ${MISBEHAVE} no-hello`, /^check: The program wrote no hello line within 0\.5 s\n$/],
    [
      `sh -c "echo starting >&2; exit 4"`,
      /^check: The program exited with code 4 before writing its hello; its stderr ends with: "starting"\n$/,
    ],
  ];
  for (const [impl, message] of cases) {
    await t.step(impl, async () => {
      const mark = marker();
      const wait = impl.endsWith("no-hello") ? "0.5" : "10";
      const r = await runCli(
        "--impl",
        `${impl} ${impl.startsWith("sh ") ? "" : mark}`,
        "--hello-timeout",
        wait,
      );
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, message);
      assert.strictEqual(r.stdout, "");
      assert.deepStrictEqual(await processesWith(mark), []);
    });
  }
});

Deno.test("an interrupted check kills the program under test and its children", async () => {
  const mark = marker();
  const fixtures = await fixtureDir();
  const cli = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "cmd/check.ts",
      "--impl",
      `${NODE} ${MISBEHAVE} grandchild ${mark}`,
      "--timeout",
      "60",
      "--fixtures",
      fixtures,
    ],
    stdout: "null",
    stderr: "null",
  }).spawn();
  let exited = false;
  const status = cli.status.finally(() => (exited = true));
  // The check's own command line carries the marker too: wait for the program and its child by name.
  const started = (ps: string[]) =>
    ps.some((l) => l.includes(`${MISBEHAVE} grandchild ${mark}`)) &&
    ps.some((l) => l.includes(`sleep 1000; : ${mark}`));
  await until(async () => exited || started(await processesWith(mark)), 120_000);
  assert.ok(!exited && started(await processesWith(mark)), "the program and its child started");
  cli.kill("SIGINT");
  assert.strictEqual((await status).code, 130);
  // SIGKILL ends them as soon as they are scheduled; unkilled, the child would sleep for 1000 s.
  let left: string[] = [];
  await until(async () => (left = await processesWith(mark)).length === 0, 20_000);
  assert.deepStrictEqual(left, []);
});

/**
 * Polls until `done` holds or `limitMs` passes: the limit only turns an event that never comes into
 * a failure instead of a hang.
 */
async function until(done: () => Promise<boolean>, limitMs: number): Promise<void> {
  const end = performance.now() + limitMs;
  while (!(await done()) && performance.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
  }
}
