import assert from "node:assert";
import { lookup } from "../../src/reference/activations.ts";
import {
  activateRows,
  affineRows,
  backpropRows,
  softmaxCrossEntropyRows,
  weightGradRows,
} from "../../src/train/js_kernels.ts";
import { createRng } from "../../src/reference/random.ts";

/** n × m float32 values, a third of them exactly zero (like MNIST's background). */
function sparse(n: number, m: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: n * m }, () => (rng.next() < 1 / 3 ? 0 : rng.normal()));
}

/** |got − want| ≤ 1e-5·(1 + |want|) everywhere, in float64 over float32 inputs. */
function close(got: Float32Array, want: number[], what: string): void {
  want.forEach((w, k) => {
    assert.ok(Math.abs(got[k] - w) <= 1e-5 * (1 + Math.abs(w)), `${what}[${k}]: ${got[k]} vs ${w}`);
  });
}

Deno.test("affineRows() computes a·W + b, skipping zero inputs exactly", () => {
  const [n, nIn, nOut] = [5, 7, 3];
  const a = sparse(n, nIn, 1), W = sparse(nIn, nOut, 2), b = sparse(1, nOut, 3);
  const z = new Float32Array(n * nOut);
  affineRows({ n, nIn, nOut }, { a, W, b, z });
  const want: number[] = [];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < nOut; j++) {
      let s = b[j];
      for (let p = 0; p < nIn; p++) s += a[i * nIn + p] * W[p * nOut + j];
      want.push(s);
    }
  }
  close(z, want, "z");
});

Deno.test("weightGradRows() computes aᵀ·G and the column sums of G", () => {
  const [n, nIn, nOut] = [6, 4, 3];
  const a = sparse(n, nIn, 4), G = sparse(n, nOut, 5);
  const dW = new Float32Array(nIn * nOut).fill(99), db = new Float32Array(nOut).fill(99);
  weightGradRows({ n, nIn, nOut }, { a, G, dW, db });
  const wantW: number[] = [];
  for (let p = 0; p < nIn; p++) {
    for (let j = 0; j < nOut; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += a[i * nIn + p] * G[i * nOut + j];
      wantW.push(s);
    }
  }
  close(dW, wantW, "dW");
  close(
    db,
    [0, 1, 2].map((j) => [...Array(n).keys()].reduce((s, i) => s + G[i * nOut + j], 0)),
    "db",
  );
});

Deno.test("backpropRows() computes (G·Wᵀ) ⊙ f′(z) for every hidden activation", async (t) => {
  const [n, nIn, nOut] = [4, 5, 3];
  const G = sparse(n, nOut, 6), W = sparse(nIn, nOut, 7), zPrev = sparse(n, nIn, 8);
  for (const activation of ["relu", "sigmoid", "tanh", "identity"]) {
    await t.step(activation, () => {
      const Gprev = new Float32Array(n * nIn);
      backpropRows({ n, nIn, nOut }, { G, W, zPrev, activation, Gprev });
      const want: number[] = [];
      for (let i = 0; i < n; i++) {
        for (let p = 0; p < nIn; p++) {
          let s = 0;
          for (let j = 0; j < nOut; j++) s += G[i * nOut + j] * W[p * nOut + j];
          want.push(s * lookup(activation).df(zPrev[i * nIn + p]));
        }
      }
      close(Gprev, want, "Gprev");
    });
  }
  await t.step("ReLU′ keeps NaN", () => {
    const Gprev = new Float32Array(1);
    backpropRows({ n: 1, nIn: 1, nOut: 1 }, {
      G: new Float32Array([1]),
      W: new Float32Array([1]),
      zPrev: new Float32Array([NaN]),
      activation: "relu",
      Gprev,
    });
    assert.ok(Number.isNaN(Gprev[0]));
  });
});

Deno.test("softmaxCrossEntropyRows() stays finite for huge logits", () => {
  const z = new Float32Array([1000, 0, -1000, 0, 0, 0]);
  const P = new Float32Array(6), G = new Float32Array(6);
  const loss = softmaxCrossEntropyRows(z, new Uint8Array([2, 1]), { n: 2, classes: 3, P, G });
  assert.strictEqual(loss, (2000 + Math.log(3)) / 2);
  assert.deepStrictEqual([...P.subarray(0, 3)], [1, 0, 0]);
  assert.deepStrictEqual([...G.subarray(0, 3)], [0.5, 0, -0.5]);
  close(G.subarray(3), [1 / 6, 1 / 6 - 0.5, 1 / 6], "G");
});

Deno.test("activateRows() applies the named activation", () => {
  const z = new Float32Array([-2, 0, 3]);
  const a = new Float32Array(3);
  activateRows(z, a, "sigmoid");
  close(a, [1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-3))], "sigmoid");
  activateRows(z, a, "relu");
  assert.deepStrictEqual([...a], [0, 0, 3]);
  assert.throws(() => activateRows(z, a, "swish"), /Unknown activation "swish"/);
});
