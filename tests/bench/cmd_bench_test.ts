import assert from "node:assert";

const BENCH = new URL("../../cmd/bench.ts", import.meta.url).pathname;

async function bench(args: string[]) {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-read", "--allow-run", "--allow-env", BENCH, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
}

Deno.test("deno task bench -- --quick prints every table", async (t) => {
  const r = await bench(["--quick"]);
  assert.strictEqual(r.code, 0, r.stderr);
  await t.step("the machine", () => {
    assert.match(r.stdout, /^cores {6}\d+$/m);
    assert.match(r.stdout, /^avx2 {7}(yes|no|unknown)$/m);
    assert.match(r.stdout, /^v8 {9}\S+$/m);
  });
  await t.step("GFLOP/s of the 8 products", () => {
    assert.match(r.stdout, /^product +m×n×k +naive f64 +wasm simd/m);
    for (const p of ["Z1 = X·W1", "dW1 = Xᵀ·G1", "dA1 = G2·W2ᵀ"]) {
      assert.match(r.stdout, new RegExp(`^${p} +\\d+×\\d+×\\d+( +\\d+\\.\\d\\d)+$`, "mu"));
    }
  });
  await t.step("layer 1 on real MNIST batches, dense and skipping zeros", () => {
    assert.match(
      r.stdout,
      /^layer 1 on real MNIST batches \(batch 128, \d+\.\d% of pixels nonzero\)/m,
    );
    for (const p of ["Z1 = X·W1", "dW1 = Xᵀ·G1"]) {
      assert.match(r.stdout, new RegExp(`^${p} +\\d+ +\\d+ +(\\d+|n/a)$`, "mu"));
    }
  });
  await t.step("samples/s of each backend", () => {
    for (
      const b of ["reference", "js", "wasm 1thr", "wasm 2thr", "wasm dense 1thr", "wasm dense 2thr"]
    ) {
      assert.match(r.stdout, new RegExp(`^${b} +128 +[\\d,]+ +[\\d.]+ s$`, "m"));
    }
  });
  await t.step("the peers and the ratios at 1 and 2 threads", () => {
    for (const peer of ["numpy", "pytorch"]) {
      for (const threads of [1, 2]) {
        assert.match(
          r.stdout,
          new RegExp(`^wasm ${threads}thr / ${peer} ${threads}thr +(\\d+\\.\\d\\d×|n/a)`, "m"),
        );
        assert.match(
          r.stdout,
          new RegExp(
            `^wasm dense ${threads}thr / ${peer} ${threads}thr +(\\d+\\.\\d\\d×|n/a)`,
            "m",
          ),
        );
      }
    }
  });
  await t.step("the bench says that wasm skips zero pixels", () => {
    assert.match(r.stdout, /^wasm: layer 1's two products .* skip the zero pixels/m);
  });
  await t.step("the training check's protocol cost per step", () => {
    assert.match(
      r.stdout,
      /^protocol round trip per step \(32 indices, [^)]*\): (\d+ µs|n\/a .*)$/m,
    );
  });
  await t.step("peak resident memory of a training run", () => {
    assert.match(r.stdout, /^peak resident memory \(cmd\/train\.ts, [^)]*\): \d+ MB$/m);
  });
});

Deno.test("deno task bench: a bad flag is one line and exit 2", async (t) => {
  for (
    const [args, message] of [
      [["--samples", "x"], /^bench: --samples takes whole numbers ≥ 1, got "x"\n$/],
      [["--fast"], /^bench: Unknown option '--fast'/],
      [["--isa", "avx512"], /^bench: --isa takes auto or avx2, got "avx512"\n$/],
    ] as const
  ) {
    await t.step(args.join(" "), async () => {
      const r = await bench([...args]);
      assert.strictEqual(r.code, 2);
      assert.match(r.stderr, message);
      assert.strictEqual(r.stderr.trim().split("\n").length, 1);
    });
  }
});
