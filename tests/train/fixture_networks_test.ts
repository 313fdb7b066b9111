/**
 * The fast training paths against the fixture corpus: every committed `backward` case a softmax
 * classifier can answer (cross-entropy, softmax output, one hidden activation, one-hot targets) is
 * imported into the float32 backends, and their δ, dW and db must equal the fixture's expected values
 * within float32 tolerance.
 */
import assert from "node:assert";
import { compareMatrices, describeMismatch, type Tolerance } from "../../src/spec/compare.ts";
import { type FixtureCase, listFixtureFiles, readFixtureFile } from "../../src/spec/case_file.ts";
import type { Matrix } from "../../src/reference/matrix.ts";
import type { Network } from "../../src/reference/network.ts";
import { decodeExpected, decodeInputs } from "../../src/spec/decode.ts";
import { createBackend } from "../../src/train/backends.ts";
import type { ModelSpec } from "../../src/train/model_spec.ts";

// Inputs and weights rounded to float32 (relative 6e-8) and float32 sums of a few terms: far inside.
const FLOAT32: Tolerance = { rtol: 1e-4, atol: 1e-6 };
const HIDDEN = new Set(["relu", "sigmoid", "tanh"]);

interface Usable {
  readonly id: string;
  readonly spec: ModelSpec;
  readonly net: Network;
  readonly x: Float32Array;
  readonly labels: Uint8Array;
  readonly n: number;
  readonly expected: { delta: Matrix[]; dW: Matrix[]; db: Matrix[] };
}

/** The case as a backend can take it, or undefined when a softmax classifier cannot answer it. */
function usable(c: FixtureCase, where: string): Usable | undefined {
  if (c.op !== "backward" || c.layout === undefined) return undefined;
  const ctx = { layout: c.layout, where };
  const inputs = decodeInputs("backward", c.inputs, ctx) as {
    network: Network;
    x: Matrix;
    y: Matrix;
    cost: string;
  };
  const acts = inputs.network.layers.map((l) => l.activation);
  const hidden = acts.slice(0, -1);
  if (inputs.cost !== "cross_entropy" || acts.at(-1) !== "softmax") return undefined;
  if (hidden.some((a) => a !== hidden[0] || !HIDDEN.has(a))) return undefined;
  const rows = c.layout === "row";
  const [n, d] = rows ? [inputs.x.rows, inputs.x.cols] : [inputs.x.cols, inputs.x.rows];
  const classes = rows ? inputs.y.cols : inputs.y.rows;
  const x = new Float32Array(n * d);
  const labels = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    let hot = -1;
    for (let j = 0; j < classes; j++) {
      const y = rows ? inputs.y.get(k, j) : inputs.y.get(j, k);
      if (y === 1 && hot === -1) hot = j;
      else if (y !== 0) return undefined; // soft or multi-hot targets: not a classifier's labels
    }
    if (hot === -1 || !inputs.x.data.every(Number.isFinite)) return undefined;
    labels[k] = hot;
    for (let i = 0; i < d; i++) x[k * d + i] = rows ? inputs.x.get(k, i) : inputs.x.get(i, k);
  }
  const sizes = [d, ...inputs.network.layers.map((l) => (rows ? l.W.cols : l.W.rows))];
  const spec: ModelSpec = {
    sizes,
    hidden: (hidden[0] ?? "relu") as ModelSpec["hidden"],
    layout: c.layout,
  };
  const expected = decodeExpected("backward", c.expected, ctx) as Usable["expected"];
  return { id: c.id, spec, net: inputs.network, x, labels, n, expected };
}

async function usableCases(): Promise<Usable[]> {
  const out: Usable[] = [];
  for (const file of await listFixtureFiles(new URL("../../fixtures", import.meta.url).pathname)) {
    for (const c of (await readFixtureFile(file)).cases) {
      const u = usable(c, `${file}: case "${c.id}"`);
      if (u) out.push(u);
    }
  }
  return out;
}

Deno.test("fast backends' gradients equal the fixture networks' expected values", async (t) => {
  const cases = await usableCases();
  // networks.json alone holds 8 such cases (both layouts, every hidden activation, depth 1 and 2)
  assert.ok(cases.length >= 8, `only ${cases.length} fixture cases fit a softmax classifier`);
  for (const fast of ["js", "wasm"] as const) {
    for (const c of cases) {
      await t.step(`${fast}: ${c.id}`, () => {
        const backend = createBackend(fast, { spec: c.spec, seed: 0 });
        backend.importNetwork(c.net);
        const { grads } = backend.gradients(c.x, c.labels, c.n);
        c.expected.dW.forEach((_, l) => {
          for (const key of ["delta", "dW", "db"] as const) {
            const cmp = compareMatrices(grads.layers[l][key], c.expected[key][l], FLOAT32);
            assert.ok(cmp.ok, describeMismatch(cmp, `${c.id} layers[${l}].${key}`));
          }
        });
      });
    }
  }
});
