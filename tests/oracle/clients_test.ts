/**
 * The example clients against the oracle: the correct ones pass every case, each broken one fails and
 * is diagnosed by the name of its mistake, and another name appears only beside it, where a case
 * cannot tell the two apart.
 */
import assert from "node:assert";
import { HAS_NUMPY, HAS_PYTEST, namedMistakes, NODE, runCheck } from "./helpers.ts";

Deno.test("the Node example client passes every case in both layouts", async () => {
  const r = await runCheck("--impl", `${NODE} examples/node/nn.mjs`);
  assert.strictEqual(r.code, 0, r.report);
  assert.ok(r.outcomes.length > 40);
  assert.ok(r.outcomes.every((o) => o.status === "pass"), r.report);
  assert.ok(
    r.outcomes.some((o) => o.layout === "row") && r.outcomes.some((o) => o.layout === "column"),
  );
});

Deno.test({
  name: "the Python example client passes every case, row cases sent transposed",
  ignore: !HAS_NUMPY, // the example needs python3 with numpy; the Node client covers the protocol
  fn: async () => {
    const r = await runCheck("--impl", "python3 examples/python/nn.py");
    assert.strictEqual(r.code, 0, r.report);
    assert.ok(r.outcomes.every((o) => o.status === "pass"), r.report);
    const translated = r.outcomes.filter((o) => o.translatedFrom === "row");
    assert.ok(translated.length > 10);
    assert.ok(translated.every((o) => o.layout === "column"));
  },
});

const BROKEN: [file: string, mistake: string][] = [
  ["forgot_batch_mean", "forgot-batch-mean"],
  ["dw_transposed", "dw-transposed"],
  ["prime_of_a", "prime-of-a"],
  ["prime_expects_a", "prime-expects-a"],
  ["relu_prime_at_zero", "relu-prime-at-zero"],
  ["bias_one_sample", "bias-one-sample"],
  ["bias_not_summed", "bias-not-summed"],
  ["softmax_no_max_shift", "softmax-no-max-shift"],
  ["ce_grad_sign_flipped", "ce-grad-sign-flipped"],
  ["quadratic_convention", "quadratic-convention"],
  ["hidden_delta_without_derivative", "hidden-delta-without-derivative"],
  ["softmax_ce_extra_derivative", "softmax-ce-extra-derivative"],
  ["delta_includes_batch_mean", "delta-includes-batch-mean"],
  ["outputs_transposed", "outputs-transposed"],
];

Deno.test("each broken client fails and is diagnosed by the name of its mistake", async (t) => {
  for (const [file, mistake] of BROKEN) {
    await t.step(`${file}.mjs is diagnosed as ${mistake}`, async () => {
      const r = await runCheck("--impl", `${NODE} examples/broken/${file}.mjs`);
      assert.strictEqual(r.code, 1);
      const failing = r.outcomes.filter((o) => o.status === "fail");
      assert.ok(failing.length > 0);
      assert.ok(namedMistakes(r).has(mistake), r.report);
      const compared = failing.filter((o) => o.comparison);
      for (const o of compared) {
        // another name only where this case cannot tell it from the mistake made (named together)
        const ids = (o.diagnoses ?? []).filter((d) => d.kind !== "clue").map((d) => d.id);
        assert.ok(
          ids.length === 0 || (ids as string[]).includes(mistake),
          `${o.id} names only ${ids}`,
        );
      }
      const named = compared.filter((o) => o.diagnoses?.some((d) => d.id === mistake));
      assert.strictEqual(
        named.length,
        compared.length,
        `every compared failure names ${mistake}\n${r.report}`,
      );
      assert.match(r.report, new RegExp(`\\[${mistake}\\]`));
    });
  }
});

Deno.test("a convention detected is reported as such, with the convention", async (t) => {
  await t.step("quadratic: the answer's convention is named", async () => {
    const r = await runCheck("--impl", `${NODE} examples/broken/quadratic_convention.mjs`);
    assert.match(r.report, /Detected conventions/);
    assert.match(r.report, /follows convention "squared" .* where "half" .* was asked/);
    assert.match(r.report, /follows convention "squared" .* where "mean" .* was asked/);
    const squared = r.outcomes.filter((o) => o.id.includes("squared"));
    assert.ok(squared.length > 0 && squared.every((o) => o.status === "pass"));
  });
  await t.step("layout: answers in the other layout are named, not each failure", async () => {
    const r = await runCheck("--impl", `${NODE} examples/broken/outputs_transposed.mjs`);
    assert.match(
      r.report,
      /answers are in row layout although the request asked for column layout/,
    );
    assert.match(r.report, /announce "layouts": \["row"\]/);
  });
});

Deno.test("the summary ranks what to fix first and the relations broken first", async () => {
  const r = await runCheck("--impl", `${NODE} examples/broken/weights_not_averaged.mjs`);
  assert.match(r.report, /Relations broken first \(from each failing answer's own numbers\):/);
  assert.match(r.report, /\n {2}dWˡ = δˡ \(aˡ⁻¹\)ᵀ \/ N: \d+ of \d+ failing case\(s\)/);
  assert.match(
    r.report,
    /Fix first: \[weights-not-averaged\] explains (\d+) of \1 failing case\(s\)/,
  );
});

Deno.test({
  name: "examples/python/test_fixtures.py runs every fixture against the numpy client without Deno",
  ignore: !HAS_PYTEST, // python3 with pytest and numpy (.ci/run installs them where it can)
  fn: async () => {
    const pytest = async (env: Record<string, string> = {}) => {
      const out = await new Deno.Command("python3", {
        args: ["-m", "pytest", "-q", "-p", "no:cacheprovider", "examples/python/test_fixtures.py"],
        env,
        stdout: "piped",
        stderr: "piped",
      }).output();
      return { code: out.code, text: new TextDecoder().decode(out.stdout) };
    };
    const ok = await pytest();
    assert.strictEqual(ok.code, 0, ok.text);
    const passed = Number(/(\d+) passed/.exec(ok.text)?.[1]);
    assert.ok(passed > 700, ok.text.slice(-300));
    // a copy with one expected value changed must fail that case, by name
    const dir = await Deno.makeTempDir();
    try {
      for await (const e of Deno.readDir("fixtures")) {
        if (e.name.endsWith(".json")) await Deno.copyFile(`fixtures/${e.name}`, `${dir}/${e.name}`);
      }
      const doc = JSON.parse(await Deno.readTextFile(`${dir}/activations.json`));
      const c = doc.cases.find((x: { id: string }) => x.id === "relu-prime/at-zero");
      c.expected.d = [[1]];
      await Deno.writeTextFile(`${dir}/activations.json`, JSON.stringify(doc));
      const bad = await pytest({ NN_ORACLE_FIXTURES: dir });
      assert.strictEqual(bad.code, 1, bad.text.slice(-500));
      assert.match(bad.text, /FAILED .*test_case\[relu-prime\/at-zero\]/);
      assert.match(bad.text, /1 failed/);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});
