/**
 * A small seeded pseudo-random generator, so that every random thing in the project is reproducible:
 * the same seed gives the same bits on every machine.
 *
 * @module
 */

/** A seeded stream of random numbers. */
export interface Rng {
  /** A uniform float64 in [0, 1) with 53 random bits. */
  next(): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
  /** A standard normal sample (Box–Muller). */
  normal(): number;
  /** A uniform float64 in [lo, hi). */
  uniform(lo: number, hi: number): number;
}

/**
 * Creates a generator from a 32-bit seed (splitmix32 to spread the seed, then xoshiro128**).
 *
 * @param seed Any integer; it is taken modulo 2³².
 * @returns The generator.
 * @example Same seed, same numbers
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(createRng(7).next(), createRng(7).next());
 * assert.notStrictEqual(createRng(7).next(), createRng(8).next());
 * ```
 */
export function createRng(seed: number): Rng {
  if (!Number.isFinite(seed)) throw new RangeError(`Cannot seed a generator with ${seed}`);
  let x = seed >>> 0;
  const splitmix = () => {
    x = (x + 0x9e3779b9) >>> 0;
    let z = x;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  const s = new Uint32Array([splitmix(), splitmix(), splitmix(), splitmix()]);
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  };
  let spare: number | undefined;
  const next = () => ((nextU32() >>> 5) * 67108864 + (nextU32() >>> 6)) / 9007199254740992;
  return {
    next,
    int: (n) => Math.floor(next() * n),
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    normal: () => {
      if (spare !== undefined) {
        const v = spare;
        spare = undefined;
        return v;
      }
      let u = 0;
      while (u === 0) u = next();
      const r = Math.sqrt(-2 * Math.log(u));
      const theta = 2 * Math.PI * next();
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
  };
}

function rotl(v: number, k: number): number {
  return ((v << k) | (v >>> (32 - k))) >>> 0;
}

/**
 * A random permutation of 0..n−1 (Fisher–Yates), for shuffling a training set each epoch.
 *
 * @param n Length.
 * @param rng The generator.
 * @returns The permutation.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual([...permutation(4, createRng(1))].sort(), [0, 1, 2, 3]);
 * ```
 */
export function permutation(n: number, rng: Rng): Uint32Array {
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
