/**
 * mod.ts as a user's own script imports it: from a folder outside the repository, by file URL, with
 * no deno.json of ours in sight. It must load (no npm package of the suite's in its graph) and offer
 * the reference, the fixtures, the gradient checker and the oracle.
 */
import assert from "node:assert";
import { NODE } from "./oracle/helpers.ts";

const ROOT = new URL("../", import.meta.url);

Deno.test("mod.ts works when imported from a script outside the repository", async () => {
  const dir = await Deno.makeTempDir({ prefix: "nn-oracle-outside-" });
  try {
    const script = `
import {
  check, checkNetworkGradient, forward, initNetwork, loadCases, Matrix, parseHello,
} from ${JSON.stringify(new URL("mod.ts", ROOT).href)};
const net = initNetwork({ sizes: [3, 2, 2], hidden: "tanh", output: "sigmoid", seed: 7 });
const pass = forward(net, Matrix.from([[1], [0], [-1]]));
const cases = await loadCases(${JSON.stringify(new URL("fixtures", ROOT).pathname)});
const grad = checkNetworkGradient(net, { X: Matrix.from([[1], [0], [-1]]), Y: Matrix.from([[1], [0]]), cost: { kind: "cross-entropy" } });
const run = await check({ impl: ${
      JSON.stringify(`${NODE} ${new URL("examples/node/nn.mjs", ROOT).pathname}`)
    }, filters: ["op:relu"] });
console.log(JSON.stringify({
  layers: pass.layers.length, cases: cases.length, gradOk: grad.ok, code: run.code,
  passed: run.outcomes.filter((o) => o.status === "pass").length,
  hello: parseHello('{"type":"hello","protocol":1,"ops":[],"layouts":["row"],"precision":"float64"}').layouts,
}));
`;
    await Deno.writeTextFile(`${dir}/use.ts`, script);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--no-lock", "use.ts"],
      cwd: dir,
      stdout: "piped",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    }).output();
    const stderr = new TextDecoder().decode(out.stderr);
    assert.strictEqual(out.code, 0, stderr);
    const r = JSON.parse(new TextDecoder().decode(out.stdout));
    assert.strictEqual(r.layers, 2);
    assert.ok(r.cases > 700, String(r.cases));
    assert.strictEqual(r.gradOk, true);
    assert.strictEqual(r.code, 0);
    assert.ok(r.passed > 3, String(r.passed));
    assert.deepStrictEqual(r.hello, ["row"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("mod.ts exports the library, not the commands' internals", async () => {
  const mod = await import("../mod.ts");
  for (const name of ["forward", "backward", "loadCases", "checkGradient", "check", "diagnose"]) {
    assert.ok(name in mod, name);
  }
  for (const name of ["USAGE", "parseArgs", "loadMnist", "train", "killAllGroups", "ERRATA"]) {
    assert.ok(!(name in mod), name);
  }
});
