import assert from "node:assert";
import {
  formatPeerResult,
  parsePeerLine,
  type PeerResult,
  type PeerSpec,
  runPeer,
  runPeers,
} from "../../bench/peers.ts";
import { mnistDataDir } from "../../src/data/mnist.ts";

const VALID_LINE = JSON.stringify({
  peer: "numpy",
  version: "9.9",
  threads: 1,
  blas: { summary: "OpenBLAS test", build: "test build" },
  epoch_seconds: [1.5, 1.25, 1.0],
  median_epoch_s: 1.25,
  samples_per_s: 48000,
  samples: 60000,
  test_accuracy: 0.5,
});

/**
 * A stand-in interpreter: a shell script that answers the import probe (`-c …`) with `probe` and
 * runs `body` in place of the peer script, so the runner is tested without Python.
 */
async function fakePython(dir: string, body: string, probe = "exit 0"): Promise<string> {
  const path = `${dir}/python-${crypto.randomUUID()}`;
  await Deno.writeTextFile(path, `#!/bin/sh\nif [ "$1" = "-c" ]; then ${probe}; fi\n${body}\n`);
  await Deno.chmod(path, 0o755);
  return path;
}

const SPEC: PeerSpec = { peer: "fake", script: "fake_peer.py", modules: ["numpy"] };

function reasonOf(r: PeerResult): string {
  assert.notStrictEqual(r.status, "ok", `expected a failure, got ${JSON.stringify(r)}`);
  return r.status === "ok" ? "" : r.reason;
}

Deno.test("runPeer() reports a missing interpreter as not available", async (t) => {
  await t.step("one candidate that does not exist", async () => {
    const r = await runPeer(SPEC, {
      args: [],
      pythons: ["/nonexistent/bin/python3"],
      timeoutMs: 5000,
    });
    assert.strictEqual(r.status, "not available");
    assert.match(reasonOf(r), /\/nonexistent\/bin\/python3: not found/);
    assert.strictEqual(r.command, undefined);
  });
  await t.step("no candidates at all", async () => {
    const r = await runPeer(SPEC, { args: [], pythons: [], timeoutMs: 5000 });
    assert.strictEqual(r.status, "not available");
    assert.match(reasonOf(r), /no Python interpreter given/);
  });
  await t.step("runPeers() answers for every peer without throwing", async () => {
    const results = await runPeers({
      threads: 2,
      epochs: 1,
      dataDir: "/nonexistent",
      pythons: ["/nonexistent/bin/python3"],
    });
    assert.deepStrictEqual(results.map((r) => [r.peer, r.status]), [
      ["numpy", "not available"],
      ["pytorch", "not available"],
    ]);
    assert.match(formatPeerResult(results[1]), /^pytorch: not available: .*not found/);
  });
});

Deno.test("runPeer() passes over an interpreter that lacks a module", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const noTorch = await fakePython(
      dir,
      "exit 0",
      `echo "ModuleNotFoundError: No module named 'torch'" >&2; exit 1`,
    );
    await t.step("the only candidate: not available, naming the module", async () => {
      const r = await runPeer(SPEC, { args: [], pythons: [noTorch], timeoutMs: 5000 });
      assert.strictEqual(r.status, "not available");
      assert.match(reasonOf(r), /No module named 'torch'/);
      assert.ok(reasonOf(r).startsWith(noTorch), reasonOf(r));
    });
    await t.step("a later candidate that has it runs the script", async () => {
      const good = await fakePython(dir, `echo '${VALID_LINE}'`);
      const r = await runPeer(SPEC, {
        args: [],
        pythons: ["/nonexistent/python3", noTorch, good],
        timeoutMs: 5000,
      });
      assert.strictEqual(r.status, "ok", JSON.stringify(r));
      assert.strictEqual(r.status === "ok" && r.python, good);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runPeer() reads the last stdout line and rejects garbage", async (t) => {
  const dir = await Deno.makeTempDir();
  const run = async (body: string) =>
    runPeer(SPEC, {
      args: ["--epochs", "1"],
      pythons: [await fakePython(dir, body)],
      timeoutMs: 5000,
    });
  try {
    await t.step("log lines before the result are ignored", async () => {
      const r = await run(`echo "epoch 1 of 3"; echo '${VALID_LINE}'`);
      assert.strictEqual(r.status, "ok", JSON.stringify(r));
      if (r.status !== "ok") return;
      assert.strictEqual(r.measurement.medianEpochS, 1.25);
      assert.strictEqual(r.measurement.blas, "OpenBLAS test");
      assert.deepStrictEqual(r.measurement.env, {});
      assert.match(r.command, /fake_peer\.py --epochs 1$/);
    });
    await t.step("text that is not JSON", async () => {
      const r = await run(`echo "hello"; echo "garbage {"`);
      assert.strictEqual(r.status, "failed");
      assert.match(
        reasonOf(r),
        /Expected one JSON object on the last line of stdout, got "garbage \{"/,
      );
    });
    await t.step("nothing at all", async () => {
      const r = await run("true");
      assert.strictEqual(r.status, "failed");
      assert.match(reasonOf(r), /got ""/);
    });
    await t.step("JSON that lacks a field", async () => {
      const r = await run(`echo '{"peer": "numpy", "version": "1", "blas": "x", "threads": 1}'`);
      assert.strictEqual(r.status, "failed");
      assert.match(reasonOf(r), /epoch_seconds must be a non-empty list of positive numbers/);
    });
    await t.step("a JSON array", async () => {
      const r = await run(`echo '[1, 2]'`);
      assert.strictEqual(r.status, "failed");
      assert.match(reasonOf(r), /Expected one JSON object/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runPeer() reports a crashing script with its last stderr line", async (t) => {
  const dir = await Deno.makeTempDir();
  const run = async (body: string) =>
    runPeer(SPEC, { args: [], pythons: [await fakePython(dir, body)], timeoutMs: 5000 });
  try {
    await t.step("non-zero exit status", async () => {
      const r = await run(
        `echo '${VALID_LINE}'; echo "Traceback (most recent call last):" >&2; ` +
          `echo "ZeroDivisionError: division by zero" >&2; exit 3`,
      );
      assert.strictEqual(r.status, "failed");
      assert.match(
        reasonOf(r),
        /^fake_peer\.py exited with status 3: ZeroDivisionError: division by zero$/,
      );
      assert.ok(r.command?.includes("fake_peer.py"));
    });
    await t.step("killed by a signal", async () => {
      const r = await run("kill -KILL $$");
      assert.strictEqual(r.status, "failed");
      assert.match(reasonOf(r), /was killed by SIGKILL/);
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runPeer() kills a hanging script at the deadline", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const python = await fakePython(dir, "echo started; exec sleep 30");
    const start = performance.now();
    const r = await runPeer(SPEC, { args: [], pythons: [python], timeoutMs: 300 });
    const elapsed = performance.now() - start;
    assert.strictEqual(r.status, "failed");
    assert.match(reasonOf(r), /^timed out after 0\.3 s \(process group killed\)$/);
    assert.ok(elapsed < 10_000, `took ${elapsed} ms`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("runPeer() changes the environment of the peer only", async () => {
  const dir = await Deno.makeTempDir();
  Deno.env.set("NN_ORACLE_PEER_TEST_UNSET", "inherited");
  try {
    // the fake prints the two variables as its "version"
    const line = VALID_LINE.replace(
      `"version":"9.9"`,
      `"version":"'"\${NN_ORACLE_PEER_TEST_UNSET:-absent}/\${NN_ORACLE_PEER_TEST_SET:-absent}"'"`,
    );
    const python = await fakePython(dir, `echo '${line}'`);
    const spec: PeerSpec = {
      ...SPEC,
      unsetEnv: ["NN_ORACLE_PEER_TEST_UNSET"],
      setEnv: { NN_ORACLE_PEER_TEST_SET: "set" },
    };
    const r = await runPeer(spec, { args: [], pythons: [python], timeoutMs: 5000 });
    assert.strictEqual(r.status, "ok", JSON.stringify(r));
    if (r.status !== "ok") return;
    assert.strictEqual(r.measurement.version, "absent/set");
    assert.ok(
      r.command.startsWith("env -u NN_ORACLE_PEER_TEST_UNSET NN_ORACLE_PEER_TEST_SET=set "),
      r.command,
    );
    assert.strictEqual(Deno.env.get("NN_ORACLE_PEER_TEST_UNSET"), "inherited");
    assert.strictEqual(Deno.env.get("NN_ORACLE_PEER_TEST_SET"), undefined);
  } finally {
    Deno.env.delete("NN_ORACLE_PEER_TEST_UNSET");
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parsePeerLine() checks every field the bench prints", async (t) => {
  const base = JSON.parse(VALID_LINE);
  const cases: [string, unknown, RegExp][] = [
    ["peer", 3, /peer must be a string/],
    ["blas", {}, /blas\.summary must be a string/],
    ["threads", 0, /threads must be a positive number/],
    ["epoch_seconds", [1, -1], /epoch_seconds must be a non-empty list/],
    ["median_epoch_s", "1.2", /median_epoch_s must be a positive number/],
    ["samples_per_s", -5, /samples_per_s must be a positive number/],
    ["test_accuracy", 1.5, /test_accuracy must be a number in \[0, 1\]/],
  ];
  for (const [key, bad, message] of cases) {
    await t.step(`${key} = ${JSON.stringify(bad)}`, () => {
      assert.throws(() => parsePeerLine(JSON.stringify({ ...base, [key]: bad })), message);
    });
  }
  await t.step("a blas given as a plain string", () => {
    const m = parsePeerLine(JSON.stringify({ ...base, blas: "reference BLAS" }));
    assert.strictEqual(m.blas, "reference BLAS");
    assert.strictEqual(m.blasBuild, "");
  });
});

Deno.test("formatPeerResult() prints one line per peer", () => {
  const line = formatPeerResult({
    peer: "numpy",
    status: "ok",
    measurement: parsePeerLine(VALID_LINE),
    python: "python3",
    command: "python3 bench/peers/numpy_peer.py",
  });
  assert.strictEqual(
    line,
    "numpy 9.9  1 thread  1.25 s/epoch  48,000 samples/s  test acc 0.5000  BLAS OpenBLAS test",
  );
  const busy = parsePeerLine(
    JSON.stringify({ ...JSON.parse(VALID_LINE), other_cores: [0.1, 1.2, 1.0] }),
  );
  assert.deepStrictEqual(busy.otherCores, [0.1, 1.2, 1.0]);
  assert.ok(
    formatPeerResult({ peer: "numpy", status: "ok", measurement: busy, python: "p", command: "c" })
      .endsWith("BLAS OpenBLAS test  (other processes kept 1.0 cores busy)"),
  );
  assert.strictEqual(
    formatPeerResult({ peer: "numpy", status: "failed", reason: "timed out after 1 s" }),
    "numpy: failed: timed out after 1 s",
  );
});

/** Whether `python3` on this machine imports every module (decides which outcome is right). */
async function hasModules(modules: string[]): Promise<boolean> {
  for (const python of ["python3", "/usr/bin/python3"]) {
    try {
      const probe = modules.map((m) => `import ${m}`).join("; ");
      const { code } = await new Deno.Command(python, { args: ["-c", probe], stderr: "null" })
        .output();
      if (code === 0) return true;
    } catch {
      // not installed
    }
  }
  return false;
}

for (const [peer, modules] of [["numpy", ["numpy"]], ["pytorch", ["numpy", "torch"]]] as const) {
  Deno.test(`runPeers() trains the ${peer} peer on 2,000 MNIST images`, async () => {
    const present = await hasModules([...modules]);
    const [r] = await runPeers({
      threads: 1,
      epochs: 2,
      limit: 2000,
      dataDir: mnistDataDir(),
      peers: [peer],
    });
    assert.strictEqual(r.peer, peer);
    if (!present) {
      // without the package the runner must say so, not fail or throw
      assert.strictEqual(r.status, "not available", JSON.stringify(r));
      assert.match(reasonOf(r), new RegExp(`No module named '(${modules.join("|")})'|not found`));
      return;
    }
    assert.strictEqual(r.status, "ok", JSON.stringify(r));
    if (r.status !== "ok") return;
    const m = r.measurement;
    assert.strictEqual(m.peer, peer);
    assert.strictEqual(m.samples, 2000);
    assert.strictEqual(m.threads, 1);
    assert.strictEqual(m.epochSeconds.length, 2);
    assert.strictEqual(m.otherCores.length, Deno.build.os === "linux" ? 2 : 0); // from /proc/stat
    const sorted = [...m.epochSeconds].sort((a, b) => a - b);
    assert.ok(Math.abs(m.medianEpochS - (sorted[0] + sorted[1]) / 2) < 1e-5, `${m.medianEpochS}`);
    // the script rounds the median to 1 µs, which moves samples/s by up to ~1e-4 relative
    const expectedRate = 2000 / m.medianEpochS;
    assert.ok(Math.abs(m.samplesPerS - expectedRate) <= 1e-3 * expectedRate, `${m.samplesPerS}`);
    // 32 SGD steps of lr 0.1 already beat chance (0.1) by far: numpy ≈ 0.6, PyTorch ≈ 0.5 here
    assert.ok(m.testAccuracy > 0.3, `test accuracy ${m.testAccuracy}`);
    assert.match(m.blas, /BLAS/);
    assert.match(r.command, /--limit 2000$/);
    if (peer === "numpy") {
      // the forcing variables are removed for the numpy peer only
      assert.strictEqual(m.env.OPENBLAS_CORETYPE, null);
      assert.strictEqual(m.env.OPENBLAS_L2_SIZE, null);
    } else {
      assert.strictEqual(m.env.OMP_WAIT_POLICY, Deno.env.get("OMP_WAIT_POLICY") ?? "PASSIVE");
    }
  });
}

/** OpenBLAS kernels that use AVX-512: none may run in the AVX2 proxy. */
const AVX512_KERNELS = /SkylakeX|Cooperlake|SapphireRapids|Zen4|Zen5/i;

for (
  const [peer, modules, simd] of [
    ["numpy", ["numpy"], /^numpy (?!X86_V4|AVX512)\S+ \(/],
    ["pytorch", ["numpy", "torch"], /^ATen (?!AVX512)\S+$/i],
  ] as const
) {
  Deno.test(`the ${peer} peer under --isa avx2 reads back an AVX2-level path`, async () => {
    const [r] = await runPeers({
      threads: 1,
      epochs: 1,
      limit: 500,
      dataDir: mnistDataDir(),
      peers: [peer],
      isa: "avx2",
    });
    if (!(await hasModules([...modules]))) {
      assert.strictEqual(r.status, "not available", JSON.stringify(r));
      return;
    }
    assert.strictEqual(r.status, "ok", JSON.stringify(r));
    if (r.status !== "ok") return;
    const m = r.measurement;
    assert.strictEqual(m.env.OPENBLAS_CORETYPE, "Haswell");
    assert.match(m.simd, simd);
    // where the peer loads OpenBLAS, its kernel is read back and is not an AVX-512 one
    if (/OpenBLAS/.test(m.blas)) assert.doesNotMatch(m.blas, AVX512_KERNELS);
    assert.match(r.command, /OPENBLAS_CORETYPE=Haswell/);
  });
}
