// Single-precision kernels for one training step of a fully connected network, in row layout
// (document 000, "2 Layer NN: A Mathematical Deep Dive": one sample per row, Z = X·W + b).
//
// AssemblyScript, compiled by wasm/build.ts twice: with SIMD (f32x4 mul then add) and with relaxed
// SIMD (f32x4.relaxed_madd, which V8 lowers to one FMA where the CPU has it). Every pointer is a
// byte offset into the imported memory; every stride is in bytes; the caller owns all memory.

// The micro-kernel computes a 4×8 tile of C in eight v128 accumulators: 8 accumulators + 2 B
// vectors + 1 broadcast A value fit the 15 XMM registers V8 allocates without spilling (6×8 spilled
// and measured slower without FMA). B is packed into 8-wide, K-major panels; A is read in place,
// which measured faster than packing A as well.
const MR: i32 = 4;
const NR: i32 = 8;
// Depth of a packed B block: 256×8 floats (8 KiB) per panel stays in L1 across the row tiles.
const KC: i32 = 256;
// Width of a packed B block: KC×NC floats (512 KiB) stays in L2.
const NC: i32 = 512;
const TILE_BYTES: i32 = MR * NR * 4;

const FLAG_ACCUMULATE: i32 = 1;
const FLAG_RELU: i32 = 2;

/** Bytes of scratch memory `gemm` needs at its `work` pointer (packed B block, then a tile). */
export function gemmWorkBytes(): i32 {
  return KC * NC * 4 + TILE_BYTES;
}

/** End of the module's static data (the tables of Math.exp and Math.log); callers keep below it free. */
export function heapBase(): usize {
  return __heap_base;
}

/** Whether this build uses relaxed SIMD. */
export function isRelaxed(): bool {
  return ASC_FEATURE_RELAXED_SIMD;
}

@inline function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) {
    return f32x4.relaxed_madd(a, b, c);
  } else {
    return f32x4.add(c, f32x4.mul(a, b));
  }
}

// ReLU as src/reference/activations.ts defines it: max(0, z), NaN stays NaN, −0 becomes +0; f32x4.max does
// exactly that.
@inline function reluV(v: v128): v128 {
  return f32x4.max(v, f32x4.splat(0));
}

@inline function reluS(v: f32): f32 {
  return v > 0 ? v : v <= 0 ? 0 : v;
}

@inline function epilogue(v: v128, cp: usize, alpha: v128, flags: i32, bias: usize): v128 {
  v = f32x4.mul(v, alpha);
  if (flags & FLAG_ACCUMULATE) v = f32x4.add(v, v128.load(cp));
  if (bias) v = f32x4.add(v, v128.load(bias));
  if (flags & FLAG_RELU) v = reluV(v);
  return v;
}

@inline function storeRow(
  cp: usize,
  v0: v128,
  v1: v128,
  alpha: v128,
  flags: i32,
  bias: usize,
): void {
  v128.store(cp, epilogue(v0, cp, alpha, flags, bias));
  v128.store(cp, epilogue(v1, cp + 16, alpha, flags, bias ? bias + 16 : 0), 16);
}

// A tile cut by the edge of C: the accumulators went to `tile`; write the rows × cols that exist.
function storePartial(
  tile: usize,
  c: usize,
  ldc: usize,
  rows: i32,
  cols: i32,
  alpha: f32,
  flags: i32,
  bias: usize,
): void {
  for (let r = 0; r < rows; r++) {
    const cp = c + <usize>r * ldc;
    for (let j = 0; j < cols; j++) {
      const p = cp + (<usize>j << 2);
      let v = load<f32>(tile + (<usize>(r * NR + j) << 2)) * alpha;
      if (flags & FLAG_ACCUMULATE) v += load<f32>(p);
      if (bias) v += load<f32>(bias + (<usize>j << 2));
      if (flags & FLAG_RELU) v = reluS(v);
      store<f32>(p, v);
    }
  }
}

// C[0:rows, 0:cols] (+)= alpha · A[0:rows, 0:kc] · Bpanel, where A(r, p) is at a + r·rsA + p·csA
// and the packed panel holds 8 floats per p. Rows past `rows` reread the last row (never out of
// bounds) and are discarded.
function kernel4x8(
  kc: i32,
  a: usize,
  rsA: usize,
  csA: usize,
  rows: i32,
  bp: usize,
  c: usize,
  ldc: usize,
  cols: i32,
  alpha: f32,
  flags: i32,
  bias: usize,
  tile: usize,
): void {
  const a0 = a;
  const a1 = rows > 1 ? a0 + rsA : a0;
  const a2 = rows > 2 ? a1 + rsA : a1;
  const a3 = rows > 3 ? a2 + rsA : a2;
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let off: usize = 0;
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp);
    const b1 = v128.load(bp, 16);
    let x = v128.load32_splat(a0 + off);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = v128.load32_splat(a1 + off);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = v128.load32_splat(a2 + off);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = v128.load32_splat(a3 + off);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
    off += csA;
    bp += NR * 4;
  }
  const av = f32x4.splat(alpha);
  if (rows == MR && cols == NR) {
    storeRow(c, c00, c01, av, flags, bias);
    storeRow(c + ldc, c10, c11, av, flags, bias);
    storeRow(c + 2 * ldc, c20, c21, av, flags, bias);
    storeRow(c + 3 * ldc, c30, c31, av, flags, bias);
  } else {
    v128.store(tile, c00);
    v128.store(tile, c01, 16);
    v128.store(tile, c10, 32);
    v128.store(tile, c11, 48);
    v128.store(tile, c20, 64);
    v128.store(tile, c21, 80);
    v128.store(tile, c30, 96);
    v128.store(tile, c31, 112);
    storePartial(tile, c, ldc, rows, cols, alpha, flags, bias);
  }
}

// Packs B(0:kc, 0:nc), B(p, j) at b + p·rsB + j·csB, into ⌈nc/8⌉ panels of kc×8 floats, zero
// padded on the right.
function packB(kc: i32, nc: i32, b: usize, rsB: usize, csB: usize, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const cols = min(NR, nc - jr);
    let src = b + <usize>jr * csB;
    if (csB == 4 && cols == NR) {
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        v128.store(dst, v128.load(src, 16), 16);
        src += rsB;
        dst += NR * 4;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let j = 0; j < NR; j++) {
          store<f32>(dst + (<usize>j << 2), j < cols ? load<f32>(src + <usize>j * csB) : 0);
        }
        src += rsB;
        dst += NR * 4;
      }
    }
  }
}

/**
 * C = alpha·A·B + (C if flags&1) + bias row, then ReLU if flags&2, where C is m×n row-major with
 * row stride ldc, A(i, p) is at a + i·rsA + p·csA and B(p, j) at b + p·rsB + j·csB; so one
 * routine computes A·B, Aᵀ·B and A·Bᵀ. bias = 0 means no bias. work: gemmWorkBytes() of scratch.
 */
export function gemm(
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  rsA: usize,
  csA: usize,
  b: usize,
  rsB: usize,
  csB: usize,
  c: usize,
  ldc: usize,
  alpha: f32,
  flags: i32,
  bias: usize,
  work: usize,
): void {
  const tile = work + <usize>(KC * NC) * 4;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    let pc = 0;
    // At least one pass, so k = 0 still writes C = beta·C + bias.
    do {
      const kc = min(KC, k - pc);
      packB(kc, nc, b + <usize>pc * rsB + <usize>jc * csB, rsB, csB, work);
      const first = pc == 0;
      // Later K blocks add to the partial sums; bias once, ReLU only on the complete sum.
      let f = first ? flags & FLAG_ACCUMULATE : FLAG_ACCUMULATE;
      if (pc + kc >= k) f |= flags & FLAG_RELU;
      for (let jr = 0; jr < nc; jr += NR) {
        const cols = min(NR, nc - jr);
        const bp = work + <usize>jr * <usize>kc * 4;
        const cj = c + (<usize>(jc + jr) << 2);
        const bj = first && bias ? bias + (<usize>(jc + jr) << 2) : 0;
        const aj = a + <usize>pc * csA;
        for (let ir = 0; ir < m; ir += MR) {
          const rows = min(MR, m - ir);
          kernel4x8(
            kc,
            aj + <usize>ir * rsA,
            rsA,
            csA,
            rows,
            bp,
            cj + <usize>ir * ldc,
            ldc,
            cols,
            alpha,
            f,
            bj,
            tile,
          );
        }
      }
      pc += KC;
    } while (pc < k);
  }
}

// Products whose left factor A is mostly exact zeros (MNIST pixels: about 81% of them): the
// nonzero entries of A are listed row by row (CSR), then each row of C is
// Σ over the listed p of A(i, p)·B(p, :), so a zero of A costs nothing. Skipping a zero is exact:
// 0·w adds ±0, which changes no sum, for every finite w (an infinite or NaN w of B met only by
// zeros of A turns the dense result NaN but not this one).

// The CSR index at `idx`: m + 1 row starts (i32), then from sparseEntries(idx, m) the entries,
// 8 bytes each: the byte offset p·rsB of the row of B it multiplies (u32), and A(i, p) (f32).
@inline function sparseEntries(idx: usize, m: i32): usize {
  return (idx + (<usize>(m + 1) << 2) + 7) & ~(<usize>7);
}

/** Bytes of the index sparseGemm needs at `idx` for an m-row A of at most maxNnz nonzeros. */
export function sparseWorkBytes(m: i32, maxNnz: i32): i32 {
  return <i32>sparseEntries(0, m) + 8 + maxNnz * 8;
}

// Appends the nonzeros of len floats at ptr, `stride` bytes apart, as entries (q·rsB, value) for
// q = 0..len−1, at entry number `at`; returns the new count, or −1 past maxNnz.
function scanRow(
  ptr: usize,
  len: i32,
  stride: usize,
  rsB: usize,
  entries: usize,
  at: i32,
  maxNnz: i32,
): i32 {
  let q = 0;
  if (stride == 4) {
    const zero = f32x4.splat(0);
    for (; q + 16 <= len; q += 16) {
      const p = ptr + (<usize>q << 2);
      const n0 = f32x4.ne(v128.load(p), zero), n1 = f32x4.ne(v128.load(p, 16), zero);
      const n2 = f32x4.ne(v128.load(p, 32), zero), n3 = f32x4.ne(v128.load(p, 48), zero);
      // A run of 16 zeros (an image's border) is skipped with one test.
      if (!v128.any_true(v128.or(v128.or(n0, n1), v128.or(n2, n3)))) continue;
      let mask = i32x4.bitmask(n0) | (i32x4.bitmask(n1) << 4) | (i32x4.bitmask(n2) << 8) |
        (i32x4.bitmask(n3) << 12);
      if (at + <i32>popcnt(mask) > maxNnz) return -1;
      while (mask) {
        const t = <i32>ctz(mask);
        const e = entries + (<usize>at << 3);
        store<u32>(e, <u32>(<usize>(q + t) * rsB));
        store<f32>(e, load<f32>(p + (<usize>t << 2)), 4);
        at++;
        mask &= mask - 1;
      }
    }
  }
  for (; q < len; q++) {
    const v = load<f32>(ptr + <usize>q * stride);
    if (v != 0) {
      if (at >= maxNnz) return -1;
      const e = entries + (<usize>at << 3);
      store<u32>(e, <u32>(<usize>q * rsB));
      store<f32>(e, v, 4);
      at++;
    }
  }
  return at;
}

// The CSR index of A (m×k) when its rows are contiguous or merely strided: one scan per row.
function indexByRows(
  m: i32,
  k: i32,
  a: usize,
  rsA: usize,
  csA: usize,
  rsB: usize,
  idx: usize,
  maxNnz: i32,
): i32 {
  const entries = sparseEntries(idx, m);
  let at = 0;
  store<i32>(idx, 0);
  for (let i = 0; i < m; i++) {
    at = scanRow(a + <usize>i * rsA, k, csA, rsB, entries, at, maxNnz);
    if (at < 0) return -1;
    store<i32>(idx + (<usize>(i + 1) << 2), at);
  }
  return at;
}

// The CSR index of A (m×k) stored transposed (its columns contiguous: Aᵀ = X row-major, as in
// dW = Xᵀ·G): count the nonzeros of each row of A over the rows of X, then place them.
function indexByColumns(
  m: i32,
  k: i32,
  a: usize,
  csA: usize,
  rsB: usize,
  idx: usize,
  maxNnz: i32,
): i32 {
  const counts = idx + 4; // counts[i] becomes the start of row i + 1
  memory.fill(idx, 0, <usize>(m + 1) << 2);
  const m4 = m & ~3;
  const zero = f32x4.splat(0);
  for (let p = 0; p < k; p++) {
    const col = a + <usize>p * csA;
    for (let i = 0; i < m4; i += 4) {
      const cp = counts + (<usize>i << 2);
      // ne is −1 where nonzero: subtracting it counts.
      v128.store(cp, i32x4.sub(v128.load(cp), f32x4.ne(v128.load(col + (<usize>i << 2)), zero)));
    }
    for (let i = m4; i < m; i++) {
      if (load<f32>(col + (<usize>i << 2)) != 0) {
        const cp = counts + (<usize>i << 2);
        store<i32>(cp, load<i32>(cp) + 1);
      }
    }
  }
  let total = 0;
  for (let i = 1; i <= m; i++) {
    total += load<i32>(idx + (<usize>i << 2));
    store<i32>(idx + (<usize>i << 2), total);
  }
  if (total > maxNnz) return -1;
  // Fill row i from start[i] on, advancing start[i]; afterwards start[i] holds start[i + 1].
  const entries = sparseEntries(idx, m);
  for (let p = 0; p < k; p++) {
    const col = a + <usize>p * csA;
    const off = <u32>(<usize>p * rsB);
    let i = 0;
    for (; i + 16 <= m; i += 16) {
      const q = col + (<usize>i << 2);
      const n0 = f32x4.ne(v128.load(q), zero), n1 = f32x4.ne(v128.load(q, 16), zero);
      const n2 = f32x4.ne(v128.load(q, 32), zero), n3 = f32x4.ne(v128.load(q, 48), zero);
      if (!v128.any_true(v128.or(v128.or(n0, n1), v128.or(n2, n3)))) continue;
      let mask = i32x4.bitmask(n0) | (i32x4.bitmask(n1) << 4) | (i32x4.bitmask(n2) << 8) |
        (i32x4.bitmask(n3) << 12);
      while (mask) {
        const t = <usize>ctz(mask);
        const sp = idx + ((<usize>i + t) << 2);
        const at = load<i32>(sp);
        const e = entries + (<usize>at << 3);
        store<u32>(e, off);
        store<f32>(e, load<f32>(q + (t << 2)), 4);
        store<i32>(sp, at + 1);
        mask &= mask - 1;
      }
    }
    for (; i < m; i++) {
      const v = load<f32>(col + (<usize>i << 2));
      if (v != 0) {
        const sp = idx + (<usize>i << 2);
        const at = load<i32>(sp);
        const e = entries + (<usize>at << 3);
        store<u32>(e, off);
        store<f32>(e, v, 4);
        store<i32>(sp, at + 1);
      }
    }
  }
  for (let i = m; i > 0; i--) store<i32>(idx + (<usize>i << 2), load<i32>(idx + (<usize>(i - 1) << 2)));
  store<i32>(idx, 0);
  return total;
}

// One row of C from its listed entries [e0, e1): 32 columns at a time in eight accumulators, then
// 4 at a time, then one.
function sparseRow(
  e0: usize,
  e1: usize,
  n: i32,
  b: usize,
  cp: usize,
  alpha: f32,
  flags: i32,
  bias: usize,
): void {
  const av = f32x4.splat(alpha);
  let j = 0;
  for (; j + 48 <= n; j += 48) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let s4 = f32x4.splat(0), s5 = f32x4.splat(0), s6 = f32x4.splat(0), s7 = f32x4.splat(0);
    let s8 = f32x4.splat(0), s9 = f32x4.splat(0), s10 = f32x4.splat(0), s11 = f32x4.splat(0);
    const bj = b + (<usize>j << 2);
    for (let e = e0; e < e1; e += 8) {
      const bp = bj + <usize>load<u32>(e);
      const x = v128.load32_splat(e, 4);
      s0 = madd(x, v128.load(bp), s0);
      s1 = madd(x, v128.load(bp, 16), s1);
      s2 = madd(x, v128.load(bp, 32), s2);
      s3 = madd(x, v128.load(bp, 48), s3);
      s4 = madd(x, v128.load(bp, 64), s4);
      s5 = madd(x, v128.load(bp, 80), s5);
      s6 = madd(x, v128.load(bp, 96), s6);
      s7 = madd(x, v128.load(bp, 112), s7);
      s8 = madd(x, v128.load(bp, 128), s8);
      s9 = madd(x, v128.load(bp, 144), s9);
      s10 = madd(x, v128.load(bp, 160), s10);
      s11 = madd(x, v128.load(bp, 176), s11);
    }
    const c = cp + (<usize>j << 2);
    const bb = bias ? bias + (<usize>j << 2) : 0;
    storeRow(c, s0, s1, av, flags, bb);
    storeRow(c + 32, s2, s3, av, flags, bb ? bb + 32 : 0);
    storeRow(c + 64, s4, s5, av, flags, bb ? bb + 64 : 0);
    storeRow(c + 96, s6, s7, av, flags, bb ? bb + 96 : 0);
    storeRow(c + 128, s8, s9, av, flags, bb ? bb + 128 : 0);
    storeRow(c + 160, s10, s11, av, flags, bb ? bb + 160 : 0);
  }
  for (; j + 32 <= n; j += 32) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let s4 = f32x4.splat(0), s5 = f32x4.splat(0), s6 = f32x4.splat(0), s7 = f32x4.splat(0);
    const bj = b + (<usize>j << 2);
    for (let e = e0; e < e1; e += 8) {
      const bp = bj + <usize>load<u32>(e);
      const x = v128.load32_splat(e, 4);
      s0 = madd(x, v128.load(bp), s0);
      s1 = madd(x, v128.load(bp, 16), s1);
      s2 = madd(x, v128.load(bp, 32), s2);
      s3 = madd(x, v128.load(bp, 48), s3);
      s4 = madd(x, v128.load(bp, 64), s4);
      s5 = madd(x, v128.load(bp, 80), s5);
      s6 = madd(x, v128.load(bp, 96), s6);
      s7 = madd(x, v128.load(bp, 112), s7);
    }
    const c = cp + (<usize>j << 2);
    const bb = bias ? bias + (<usize>j << 2) : 0;
    storeRow(c, s0, s1, av, flags, bb);
    storeRow(c + 32, s2, s3, av, flags, bb ? bb + 32 : 0);
    storeRow(c + 64, s4, s5, av, flags, bb ? bb + 64 : 0);
    storeRow(c + 96, s6, s7, av, flags, bb ? bb + 96 : 0);
  }
  for (; j + 4 <= n; j += 4) {
    let s = f32x4.splat(0);
    const bj = b + (<usize>j << 2);
    for (let e = e0; e < e1; e += 8) {
      s = madd(v128.load32_splat(e, 4), v128.load(bj + <usize>load<u32>(e)), s);
    }
    const c = cp + (<usize>j << 2);
    v128.store(c, epilogue(s, c, av, flags, bias ? bias + (<usize>j << 2) : 0));
  }
  for (; j < n; j++) {
    let s: f32 = 0;
    const bj = b + (<usize>j << 2);
    for (let e = e0; e < e1; e += 8) s += load<f32>(e, 4) * load<f32>(bj + <usize>load<u32>(e));
    const p = cp + (<usize>j << 2);
    let v = s * alpha;
    if (flags & FLAG_ACCUMULATE) v += load<f32>(p);
    if (bias) v += load<f32>(bias + (<usize>j << 2));
    if (flags & FLAG_RELU) v = reluS(v);
    store<f32>(p, v);
  }
}

/**
 * Lists the nonzero entries of A (m×k, A(i, p) at a + i·rsA + p·csA) at idx (sparseWorkBytes(m,
 * maxNnz) bytes), row by row, each with the byte offset p·rsB of the row of B it multiplies.
 * Returns how many there are, or −1 as soon as there are more than maxNnz (the caller then runs
 * the dense gemm).
 */
export function sparseIndex(
  m: i32,
  k: i32,
  a: usize,
  rsA: usize,
  csA: usize,
  rsB: usize,
  idx: usize,
  maxNnz: i32,
): i32 {
  return rsA == 4 && csA != 4
    ? indexByColumns(m, k, a, csA, rsB, idx, maxNnz)
    : indexByRows(m, k, a, rsA, csA, rsB, idx, maxNnz);
}

/**
 * Rows i0 ≤ i < i1 of the product whose A sparseIndex listed at idx (A has m rows): C = alpha·A·B
 * (+ C if flags&1) + bias row, ReLU if flags&2, with B's rows contiguous (B(p, j) at b + p·rsB +
 * 4j, rsB as given to sparseIndex). Each row is computed whole by one call, so splitting the rows
 * between threads changes no result.
 */
export function sparseRows(
  i0: i32,
  i1: i32,
  m: i32,
  n: i32,
  b: usize,
  c: usize,
  ldc: usize,
  alpha: f32,
  flags: i32,
  bias: usize,
  idx: usize,
): void {
  const entries = sparseEntries(idx, m);
  for (let i = i0; i < i1; i++) {
    const e0 = entries + (<usize>load<i32>(idx + (<usize>i << 2)) << 3);
    const e1 = entries + (<usize>load<i32>(idx + (<usize>(i + 1) << 2)) << 3);
    sparseRow(e0, e1, n, b, c + <usize>i * ldc, alpha, flags, bias);
  }
}

/**
 * Z = Z + bias row (bias = 0: none), then ReLU if relu ≠ 0; Z is m×n, dense: the epilogue of a
 * product computed elsewhere (the native kernels' OpenBLAS products).
 */
export function addBias(z: usize, m: i32, n: i32, bias: usize, relu: i32): void {
  const n4 = n & ~3;
  for (let i = 0; i < m; i++) {
    const row = z + (<usize>(i * n) << 2);
    for (let j = 0; j < n4; j += 4) {
      const p = row + (<usize>j << 2);
      let v = v128.load(p);
      if (bias) v = f32x4.add(v, v128.load(bias + (<usize>j << 2)));
      if (relu) v = reluV(v);
      v128.store(p, v);
    }
    for (let j = n4; j < n; j++) {
      const p = row + (<usize>j << 2);
      let v = load<f32>(p);
      if (bias) v += load<f32>(bias + (<usize>j << 2));
      if (relu) v = reluS(v);
      store<f32>(p, v);
    }
  }
}

/** out[i] = src[i] / 255 as f32, for len pixel bytes: images kept as bytes, scaled per batch. */
export function scaleBytes(out: usize, src: usize, len: i32): void {
  const k = f32x4.splat(255);
  const n16 = len & ~15;
  for (let i = 0; i < n16; i += 16) {
    const b = v128.load(src + <usize>i);
    const lo = i16x8.extend_low_i8x16_u(b), hi = i16x8.extend_high_i8x16_u(b);
    const p = out + (<usize>i << 2);
    v128.store(p, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(lo)), k));
    v128.store(p, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(lo)), k), 16);
    v128.store(p, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_low_i16x8_u(hi)), k), 32);
    v128.store(p, f32x4.div(f32x4.convert_i32x4_u(i32x4.extend_high_i16x8_u(hi)), k), 48);
  }
  for (let i = n16; i < len; i++) {
    store<f32>(out + (<usize>i << 2), <f32>load<u8>(src + <usize>i) / 255);
  }
}

// ReLU′(z) from a = ReLU(z): 1 where a > 0, 0 where a ≤ 0, NaN where a is NaN (src/reference/activations.ts).
@inline function reluPrimeV(a: v128): v128 {
  const one = f32x4.splat(1);
  const m = v128.and(f32x4.gt(a, f32x4.splat(0)), one);
  return v128.bitselect(a, m, f32x4.ne(a, a));
}

/** out = g ⊙ ReLU′ read from the activations a (len floats; out may be g). */
export function reluBackward(out: usize, g: usize, a: usize, len: i32): void {
  const len4 = len & ~3;
  let off: usize = 0;
  const end4 = <usize>len4 << 2;
  for (; off < end4; off += 16) {
    v128.store(out + off, f32x4.mul(v128.load(g + off), reluPrimeV(v128.load(a + off))));
  }
  const end = <usize>len << 2;
  for (; off < end; off += 4) {
    const x = load<f32>(a + off);
    const d: f32 = x > 0 ? 1 : x <= 0 ? 0 : x;
    store<f32>(out + off, load<f32>(g + off) * d);
  }
}

/**
 * Row-wise softmax of the m×n logits z against targets y: writes g = scale·(softmax(z) − y) and
 * returns Σ_rows −Σ_j y_j·log softmax(z)_j, in f64 from the f32 inputs. g may be z.
 */
export function softmaxCrossEntropyGrad(g: usize, z: usize, y: usize, m: i32, n: i32, scale: f64): f64 {
  let loss: f64 = 0;
  for (let i = 0; i < m; i++) {
    const base = <usize>(i * n) << 2;
    let mx: f64 = -Infinity;
    for (let j = 0; j < n; j++) mx = max(mx, <f64>load<f32>(z + base + (<usize>j << 2)));
    let s: f64 = 0;
    for (let j = 0; j < n; j++) s += Math.exp(<f64>load<f32>(z + base + (<usize>j << 2)) - mx);
    const logS = Math.log(s);
    for (let j = 0; j < n; j++) {
      const o = base + (<usize>j << 2);
      const zj = <f64>load<f32>(z + o) - mx;
      const yj = <f64>load<f32>(y + o);
      // −y·log p with the 0·log 0 = 0 convention, so a zero target never turns −∞ into NaN.
      if (yj != 0) loss -= yj * (zj - logS);
      store<f32>(g + o, <f32>(scale * (Math.exp(zj - logS) - yj)));
    }
  }
  return loss;
}

/** out[j] = alpha·Σ_i g[i, j] (+ out[j] if accumulate ≠ 0), g m×n dense. */
export function columnSums(out: usize, g: usize, m: i32, n: i32, alpha: f32, accumulate: i32): void {
  const av = f32x4.splat(alpha);
  const rowBytes = <usize>n << 2;
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let p = g + (<usize>j << 2);
    for (let i = 0; i < m; i++) {
      s0 = f32x4.add(s0, v128.load(p));
      s1 = f32x4.add(s1, v128.load(p, 16));
      s2 = f32x4.add(s2, v128.load(p, 32));
      s3 = f32x4.add(s3, v128.load(p, 48));
      p += rowBytes;
    }
    const o = out + (<usize>j << 2);
    s0 = f32x4.mul(s0, av);
    s1 = f32x4.mul(s1, av);
    s2 = f32x4.mul(s2, av);
    s3 = f32x4.mul(s3, av);
    if (accumulate) {
      s0 = f32x4.add(s0, v128.load(o));
      s1 = f32x4.add(s1, v128.load(o, 16));
      s2 = f32x4.add(s2, v128.load(o, 32));
      s3 = f32x4.add(s3, v128.load(o, 48));
    }
    v128.store(o, s0);
    v128.store(o, s1, 16);
    v128.store(o, s2, 32);
    v128.store(o, s3, 48);
  }
  for (; j + 4 <= n; j += 4) {
    let s = f32x4.splat(0);
    let p = g + (<usize>j << 2);
    for (let i = 0; i < m; i++) {
      s = f32x4.add(s, v128.load(p));
      p += rowBytes;
    }
    const o = out + (<usize>j << 2);
    s = f32x4.mul(s, av);
    if (accumulate) s = f32x4.add(s, v128.load(o));
    v128.store(o, s);
  }
  for (; j < n; j++) {
    let s: f32 = 0;
    let p = g + (<usize>j << 2);
    for (let i = 0; i < m; i++) {
      s += load<f32>(p);
      p += rowBytes;
    }
    const o = out + (<usize>j << 2);
    s *= alpha;
    if (accumulate) s += load<f32>(o);
    store<f32>(o, s);
  }
}

/** w = w − lr·dw over len floats. */
export function sgdUpdate(w: usize, dw: usize, len: i32, lr: f32): void {
  const lv = f32x4.splat(lr);
  const end4 = <usize>(len & ~3) << 2;
  let off: usize = 0;
  for (; off < end4; off += 16) {
    v128.store(w + off, f32x4.sub(v128.load(w + off), f32x4.mul(lv, v128.load(dw + off))));
  }
  const end = <usize>len << 2;
  for (; off < end; off += 4) {
    store<f32>(w + off, load<f32>(w + off) - lr * load<f32>(dw + off));
  }
}

/** v = mu·v + g over len floats: the heavy-ball velocity, before sgdUpdate(w, v, lr). */
export function momentumUpdate(v: usize, g: usize, len: i32, mu: f32): void {
  const mv = f32x4.splat(mu);
  const end4 = <usize>(len & ~3) << 2;
  let off: usize = 0;
  for (; off < end4; off += 16) {
    v128.store(v + off, f32x4.add(f32x4.mul(mv, v128.load(v + off)), v128.load(g + off)));
  }
  const end = <usize>len << 2;
  for (; off < end; off += 4) {
    store<f32>(v + off, mu * load<f32>(v + off) + load<f32>(g + off));
  }
}
