import assert from "node:assert";
import { gunzip, isGzip, parseIdx, readIdxFile } from "../../src/data/idx.ts";
import { gzip, idxBytes } from "../testdata/idx_writer.ts";

/** One array per element type, with the values that break careless readers (sign, extremes, ±0, NaN). */
const SAMPLES = [
  { code: 0x08, type: "u8", shape: [2, 3], values: [0, 1, 127, 128, 254, 255] },
  { code: 0x09, type: "i8", shape: [5], values: [-128, -1, 0, 1, 127] },
  { code: 0x0b, type: "i16", shape: [2, 2], values: [-32768, -2, 256, 32767] },
  { code: 0x0c, type: "i32", shape: [1, 4], values: [-2147483648, -1, 16909060, 2147483647] },
  {
    code: 0x0d,
    type: "f32",
    shape: [2, 1, 3],
    values: [1.5, -0, 0, Infinity, NaN, Math.fround(Math.PI)],
  },
  { code: 0x0e, type: "f64", shape: [3], values: [Math.PI, -0, 5e-324] },
] as const;

function assertSameValues(got: ArrayLike<number>, expected: readonly number[]): void {
  assert.strictEqual(got.length, expected.length, "length");
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Object.is(got[i], expected[i]), `index ${i}: expected ${expected[i]}, got ${got[i]}`);
  }
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "idx_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("readIdxFile() reads every element type, raw and gzipped", async (t) => {
  await withTempDir(async (dir) => {
    for (const s of SAMPLES) {
      const bytes = idxBytes(s.code, s.shape, s.values);
      for (const [label, stored] of [["raw", bytes], ["gzip", await gzip(bytes)]] as const) {
        await t.step(`${s.type} ${label}`, async () => {
          const path = `${dir}/${s.type}-${label}.idx`;
          await Deno.writeFile(path, stored);
          const idx = await readIdxFile(path);
          assert.strictEqual(idx.type, s.type);
          assert.deepStrictEqual(idx.shape, s.shape);
          assertSameValues(idx.data, s.values);
        });
      }
    }
  });
});

Deno.test("parseIdx() returns the typed array that matches the type", () => {
  const classes = {
    u8: Uint8Array,
    i8: Int8Array,
    i16: Int16Array,
    i32: Int32Array,
    f32: Float32Array,
    f64: Float64Array,
  };
  for (const s of SAMPLES) {
    const idx = parseIdx(idxBytes(s.code, s.shape, s.values), `${s.type}.idx`);
    assert.ok(idx.data instanceof classes[s.type], `${s.type} gives ${idx.data.constructor.name}`);
  }
});

Deno.test("parseIdx() handles offsets, views and degenerate shapes", async (t) => {
  await t.step("a file starting at an odd byte offset of its buffer", () => {
    const file = idxBytes(0x0e, [2], [1.25, -3]);
    const padded = new Uint8Array(file.length + 1);
    padded.set(file, 1);
    assertSameValues(parseIdx(padded.subarray(1), "odd.idx").data, [1.25, -3]);
  });
  await t.step("u8 data is a view of the input, not a copy", () => {
    const file = idxBytes(0x08, [3], [7, 8, 9]);
    const idx = parseIdx(file, "view.idx");
    assert.strictEqual(idx.data.buffer, file.buffer);
    assert.strictEqual(idx.data.byteOffset, 8);
  });
  await t.step("zero dimensions hold one scalar", () => {
    const idx = parseIdx(idxBytes(0x0c, [], [-5]), "scalar.idx");
    assert.deepStrictEqual(idx.shape, []);
    assertSameValues(idx.data, [-5]);
  });
  await t.step("a zero-length dimension holds no data", () => {
    const idx = parseIdx(idxBytes(0x0d, [0, 28, 28], []), "empty.idx");
    assert.deepStrictEqual(idx.shape, [0, 28, 28]);
    assert.strictEqual(idx.data.length, 0);
  });
});

/** Malformed files and the exact message each must give (after "Cannot read IDX file <path>: "). */
const MALFORMED: readonly { case: string; bytes: number[]; message: string }[] = [
  {
    case: "empty file",
    bytes: [],
    message: "truncated header, the magic number needs 4 bytes but the file has 0",
  },
  {
    case: "magic cut short",
    bytes: [0, 0, 8],
    message: "truncated header, the magic number needs 4 bytes but the file has 3",
  },
  {
    case: "wrong magic",
    bytes: [1, 0, 8, 1, 0, 0, 0, 0],
    message: "wrong magic number 0x01000801, it must start with two zero bytes",
  },
  {
    case: "little-endian writer",
    bytes: [1, 8, 0, 0, 0, 0, 0, 0],
    message: "wrong magic number 0x01080000, it must start with two zero bytes",
  },
  {
    case: "unknown type",
    bytes: [0, 0, 0x0a, 1, 0, 0, 0, 0],
    message: "unknown element type 0x0a (known: 08, 09, 0b, 0c, 0d, 0e)",
  },
  {
    case: "truncated dimensions",
    bytes: [0, 0, 8, 3, 0, 0, 0, 1, 0, 0],
    message: "truncated header, 3 dimensions need 16 header bytes but the file has 10",
  },
  {
    case: "truncated data",
    bytes: [0, 0, 0x0c, 2, 0, 0, 0, 2, 0, 0, 0, 3, ...new Array(20).fill(0)],
    message: "truncated data, shape 2×3 of i32 needs 24 bytes of data but got 20",
  },
  {
    case: "truncated scalar",
    bytes: [0, 0, 0x0e, 0, 0, 0, 0],
    message: "truncated data, shape [] (scalar) of f64 needs 8 bytes of data but got 3",
  },
  {
    case: "absurd shape",
    bytes: [0, 0, 0x08, 2, 255, 255, 255, 255, 255, 255, 255, 255],
    message:
      "truncated data, shape 4294967295×4294967295 of u8 needs 18446744065119617025 bytes of data but got 0",
  },
  {
    case: "trailing garbage",
    bytes: [0, 0, 8, 1, 0, 0, 0, 2, 1, 2, 9, 9, 9, 9, 9],
    message: "5 bytes of trailing garbage after the data of shape 2 of u8",
  },
  {
    case: "one trailing byte",
    bytes: [0, 0, 0x0b, 1, 0, 0, 0, 1, 1, 2, 0],
    message: "1 byte of trailing garbage after the data of shape 1 of i16",
  },
];

Deno.test("parseIdx() rejects malformed files with a SyntaxError naming the file", async (t) => {
  for (const m of MALFORMED) {
    await t.step(m.case, () => {
      assert.throws(() => parseIdx(new Uint8Array(m.bytes), "bad/x.idx"), {
        name: "SyntaxError",
        message: `Cannot read IDX file bad/x.idx: ${m.message}`,
      });
    });
  }
});

Deno.test("readIdxFile() names the path in every malformed-file error, raw or gzipped", async (t) => {
  await withTempDir(async (dir) => {
    for (const m of MALFORMED) {
      await t.step(m.case, async () => {
        const path = `${dir}/${m.case.replaceAll(" ", "_")}.gz`;
        await Deno.writeFile(path, await gzip(new Uint8Array(m.bytes)));
        await assert.rejects(readIdxFile(path), {
          name: "SyntaxError",
          message: `Cannot read IDX file ${path}: ${m.message}`,
        });
      });
    }
  });
});

Deno.test("parseIdx() rejects every proper prefix and every extension of a valid file", () => {
  for (const s of SAMPLES) {
    const file = idxBytes(s.code, s.shape, s.values);
    for (let n = 0; n < file.length; n++) {
      assert.throws(() => parseIdx(file.subarray(0, n), "cut.idx"), (e: unknown) => {
        assert.ok(e instanceof SyntaxError, `${s.type} cut to ${n} bytes`);
        assert.match(e.message, /^Cannot read IDX file cut\.idx: truncated (header|data)/);
        return true;
      });
    }
    const longer = new Uint8Array(file.length + 1);
    longer.set(file);
    assert.throws(() => parseIdx(longer, "long.idx"), {
      name: "SyntaxError",
      message: `Cannot read IDX file long.idx: 1 byte of trailing garbage after the data of shape ${
        s.shape.join("×")
      } of ${s.type}`,
    });
  }
});

Deno.test("readIdxFile() rejects corrupt gzip data with a SyntaxError naming the file", async (t) => {
  const good = await gzip(idxBytes(0x08, [100], new Array(100).fill(7)));
  const flipped = good.slice();
  flipped[12] ^= 0xff;
  const badCrc = good.slice();
  badCrc[badCrc.length - 6] ^= 0xff;
  const cases = [
    ["flipped deflate byte", flipped],
    ["wrong CRC-32", badCrc],
    ["cut mid-stream", good.subarray(0, good.length - 10)],
    ["gzip header only", good.subarray(0, 10)],
    ["bytes after the gzip member", new Uint8Array([...good, 0, 0, 8, 1])],
  ] as const;
  await withTempDir(async (dir) => {
    for (const [label, bytes] of cases) {
      await t.step(label, async () => {
        const path = `${dir}/${label.replaceAll(" ", "_")}.gz`;
        await Deno.writeFile(path, bytes);
        await assert.rejects(readIdxFile(path), (e: unknown) => {
          assert.ok(e instanceof SyntaxError, `${label}: ${e}`);
          assert.ok(
            e.message.startsWith(`Cannot read IDX file ${path}: corrupt gzip data (`),
            e.message,
          );
          return true;
        });
      });
    }
  });
});

Deno.test("gunzip() inverts CompressionStream and isGzip() tells gzip from IDX", async () => {
  const bytes = idxBytes(0x0d, [4], [1, 2, 3, 4]);
  const gz = await gzip(bytes);
  assert.ok(isGzip(gz));
  assert.ok(!isGzip(bytes));
  assert.ok(!isGzip(new Uint8Array([0x1f])));
  assert.deepStrictEqual(await gunzip(gz, "a.gz"), bytes);
});

Deno.test("readIdxFile() reports a missing file as NotFound", async () => {
  await withTempDir(async (dir) => {
    await assert.rejects(readIdxFile(`${dir}/nope.idx`), Deno.errors.NotFound);
  });
});
