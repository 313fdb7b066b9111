/**
 * Unit tests for src/reference/random.ts: determinism, ranges, rough distribution checks (bounds several standard
 * errors wide, so a fixed seed cannot pass by luck nor fail by bad luck), and permutations.
 */
import assert from "node:assert";
import { createRng, permutation, type Rng } from "../../src/reference/random.ts";

function take(rng: Rng, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.next();
  return out;
}

/** The raw bits of a sequence, so that equality means bit-identical. */
function bits(xs: Float64Array): BigUint64Array {
  return new BigUint64Array(xs.buffer.slice(0));
}

Deno.test("createRng() is deterministic per seed", async (t) => {
  await t.step("createRng() with the same seed repeats the sequence bit for bit", () => {
    assert.deepStrictEqual(bits(take(createRng(42), 1000)), bits(take(createRng(42), 1000)));
  });

  await t.step("createRng() repeats normal(), int() and uniform() too", () => {
    const draw = (
      rng: Rng,
    ) => [rng.normal(), rng.normal(), rng.normal(), rng.int(1000), rng.uniform(-2, 5)];
    const a = draw(createRng(9));
    const b = draw(createRng(9));
    assert.deepStrictEqual(bits(Float64Array.from(a)), bits(Float64Array.from(b)));
  });

  await t.step("createRng() with different seeds gives different sequences", () => {
    const seqs = [0, 1, 2, 42, 0xffffffff].map((s) => take(createRng(s), 16));
    for (let i = 0; i < seqs.length; i++) {
      for (let j = i + 1; j < seqs.length; j++) {
        const same = seqs[i].filter((x, k) => x === seqs[j][k]).length;
        assert.strictEqual(same, 0, `seeds #${i} and #${j} share ${same} of 16 values`);
      }
    }
  });

  await t.step("createRng() takes the seed modulo 2³²", () => {
    assert.deepStrictEqual(bits(take(createRng(2 ** 32 + 7), 8)), bits(take(createRng(7), 8)));
    assert.deepStrictEqual(bits(take(createRng(-1), 8)), bits(take(createRng(2 ** 32 - 1), 8)));
  });

  await t.step("createRng() rejects a seed that is not finite", () => {
    assert.throws(() => createRng(NaN), {
      name: "RangeError",
      message: "Cannot seed a generator with NaN",
    });
    assert.throws(() => createRng(Infinity), {
      name: "RangeError",
      message: "Cannot seed a generator with Infinity",
    });
  });

  await t.step("createRng() generators do not share state", () => {
    const a = createRng(5);
    const b = createRng(5);
    const first = a.next();
    a.next();
    assert.strictEqual(b.next(), first);
  });
});

Deno.test("next() is uniform on [0, 1) with 53 random bits", async (t) => {
  const xs = take(createRng(2024), 100_000);

  await t.step("next() stays in [0, 1) on a 2⁻⁵³ grid", () => {
    for (const x of xs) {
      assert.ok(x >= 0 && x < 1, `${x} out of [0, 1)`);
      assert.ok(Number.isInteger(x * 2 ** 53), `${x} is not a multiple of 2⁻⁵³`);
    }
  });

  await t.step("next() uses the low bits too", () => {
    // With 53 random bits, half the values are odd multiples of 2⁻⁵³.
    const odd = xs.filter((x) => (x * 2 ** 53) % 2 === 1).length;
    assert.ok(Math.abs(odd / xs.length - 0.5) < 0.01, `${odd} odd of ${xs.length}`);
  });

  await t.step("next() has mean 1/2 and variance 1/12", () => {
    const n = xs.length;
    const mean = xs.reduce((a, b) => a + b, 0) / n;
    const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / n;
    // Standard error of the mean √(1/12/n) ≈ 9.1e−4; of the variance √(1/180/n) ≈ 2.4e−4. Allow 5.
    assert.ok(Math.abs(mean - 0.5) < 5 * 9.2e-4, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1 / 12) < 5 * 2.4e-4, `variance ${variance}`);
  });

  await t.step("next() fills ten bins evenly", () => {
    const bins = new Array(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]++;
    // Each bin ~ Binomial(1e5, 0.1): sd ≈ 95. Allow 5 sd.
    for (const [i, c] of bins.entries()) assert.ok(Math.abs(c - 10_000) < 475, `bin ${i}: ${c}`);
  });
});

Deno.test("int() and uniform() stay in range", async (t) => {
  await t.step("int(n) gives integers in [0, n), each reached", () => {
    const rng = createRng(3);
    const counts = new Array(7).fill(0);
    for (let i = 0; i < 70_000; i++) {
      const k = rng.int(7);
      assert.ok(Number.isInteger(k) && k >= 0 && k < 7, `int(7) gave ${k}`);
      counts[k]++;
    }
    // Each ~ Binomial(7e4, 1/7): sd ≈ 92.6. Allow 5 sd.
    for (const [k, c] of counts.entries()) assert.ok(Math.abs(c - 10_000) < 463, `${k}: ${c}`);
  });

  await t.step("int(1) is always 0", () => {
    const rng = createRng(4);
    for (let i = 0; i < 100; i++) assert.strictEqual(rng.int(1), 0);
  });

  await t.step("uniform(lo, hi) stays in [lo, hi)", () => {
    const rng = createRng(5);
    for (let i = 0; i < 10_000; i++) {
      const x = rng.uniform(-3, -1);
      assert.ok(x >= -3 && x < -1, `uniform(−3, −1) gave ${x}`);
    }
  });

  await t.step("uniform(lo, hi) is lo + (hi − lo)·next() of the same stream", () => {
    const a = createRng(6);
    const b = createRng(6);
    for (let i = 0; i < 10; i++) assert.strictEqual(a.uniform(2, 10), 2 + 8 * b.next());
  });
});

Deno.test("normal() is standard normal", async (t) => {
  const rng = createRng(77);
  const n = 100_000;
  const zs = new Float64Array(n);
  for (let i = 0; i < n; i++) zs[i] = rng.normal();

  await t.step("normal() values are finite", () => {
    assert.ok(zs.every(Number.isFinite));
  });

  await t.step("normal() has mean 0 and variance 1 over 1e5 samples", () => {
    const mean = zs.reduce((a, b) => a + b, 0) / n;
    const variance = zs.reduce((a, z) => a + (z - mean) ** 2, 0) / n;
    // Standard errors: mean 1/√n ≈ 3.2e−3, variance √(2/n) ≈ 4.5e−3. Allow 5.
    assert.ok(Math.abs(mean) < 5 * 3.2e-3, `mean ${mean}`);
    assert.ok(Math.abs(variance - 1) < 5 * 4.5e-3, `variance ${variance}`);
  });

  await t.step("normal() puts about 68.27% within one sd and 95.45% within two", () => {
    const within1 = zs.filter((z) => Math.abs(z) < 1).length / n;
    const within2 = zs.filter((z) => Math.abs(z) < 2).length / n;
    // Binomial standard errors ≈ 1.5e−3 and 6.6e−4. Allow 5.
    assert.ok(Math.abs(within1 - 0.6827) < 5 * 1.5e-3, `P(|z| < 1) = ${within1}`);
    assert.ok(Math.abs(within2 - 0.9545) < 5 * 6.6e-4, `P(|z| < 2) = ${within2}`);
  });

  await t.step("normal() is symmetric", () => {
    const positive = zs.filter((z) => z > 0).length / n;
    assert.ok(Math.abs(positive - 0.5) < 5 * 1.6e-3, `P(z > 0) = ${positive}`);
  });
});

Deno.test("permutation() shuffles 0..n−1", async (t) => {
  await t.step("permutation() holds each index exactly once", () => {
    const rng = createRng(8);
    for (const n of [1, 2, 5, 100, 1000]) {
      const p = permutation(n, rng);
      assert.strictEqual(p.length, n);
      const sorted = Array.from(p).sort((a, b) => a - b);
      assert.deepStrictEqual(sorted, Array.from({ length: n }, (_, i) => i));
    }
  });

  await t.step("permutation() of 0 is empty", () => {
    assert.strictEqual(permutation(0, createRng(1)).length, 0);
  });

  await t.step("permutation() is deterministic per seed and varies with it", () => {
    assert.deepStrictEqual(permutation(50, createRng(10)), permutation(50, createRng(10)));
    assert.notDeepStrictEqual(permutation(50, createRng(10)), permutation(50, createRng(11)));
  });

  await t.step("permutation() actually moves elements", () => {
    const p = permutation(1000, createRng(12));
    const fixed = p.filter((v, i) => v === i).length;
    // A uniform permutation has 1 fixed point on average (Poisson(1)); 10 or more has P < 1e−7.
    assert.ok(fixed < 10, `${fixed} fixed points of 1000`);
  });

  await t.step("permutation() of 3 gives all six orders about equally often", () => {
    const rng = createRng(13);
    const counts = new Map<string, number>();
    for (let i = 0; i < 60_000; i++) {
      const key = permutation(3, rng).join("");
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    assert.deepStrictEqual([...counts.keys()].sort(), ["012", "021", "102", "120", "201", "210"]);
    // Each ~ Binomial(6e4, 1/6): sd ≈ 91. Allow 5 sd.
    for (const [key, c] of counts) assert.ok(Math.abs(c - 10_000) < 456, `${key}: ${c}`);
  });
});
