/**
 * Reading IDX files, the format MNIST ships in: a magic number (two zero bytes, an element-type
 * byte, a dimension-count byte), one big-endian u32 per dimension, then the elements row-major
 * and big-endian. Files may be gzip-compressed (detected by the gzip magic 1f 8b).
 *
 * A malformed file is a `SyntaxError` whose message names the file.
 *
 * @module
 */

/** The typed array that holds each IDX element type. */
export interface IdxTypeMap {
  /** Type byte 0x08, unsigned byte. */
  u8: Uint8Array;
  /** Type byte 0x09, signed byte. */
  i8: Int8Array;
  /** Type byte 0x0B, 16-bit signed integer. */
  i16: Int16Array;
  /** Type byte 0x0C, 32-bit signed integer. */
  i32: Int32Array;
  /** Type byte 0x0D, 32-bit float. */
  f32: Float32Array;
  /** Type byte 0x0E, 64-bit float. */
  f64: Float64Array;
}

/** An IDX element type: 0x08 u8, 0x09 i8, 0x0B i16, 0x0C i32, 0x0D f32, 0x0E f64. */
export type IdxType = keyof IdxTypeMap;

/** A parsed IDX file; `type` tells which typed array `data` is. */
export type IdxArray = {
  [K in IdxType]: {
    /** The element type. */
    readonly type: K;
    /** The dimensions, outermost first (for MNIST images: count, rows, cols). */
    readonly shape: readonly number[];
    /** The elements, row-major, in native byte order. */
    readonly data: IdxTypeMap[K];
  };
}[IdxType];

/** Type byte of the magic number → element type and its size in bytes. */
const TYPES: ReadonlyMap<number, { type: IdxType; size: number }> = new Map([
  [0x08, { type: "u8", size: 1 }],
  [0x09, { type: "i8", size: 1 }],
  [0x0b, { type: "i16", size: 2 }],
  [0x0c, { type: "i32", size: 4 }],
  [0x0d, { type: "f32", size: 4 }],
  [0x0e, { type: "f64", size: 8 }],
]);

/**
 * Parses the bytes of an (uncompressed) IDX file.
 *
 * u8 and i8 data are views of `bytes` (no copy); wider types are copied into native byte order.
 *
 * @param bytes The whole file.
 * @param name The file's name, used in error messages.
 * @returns The element type, shape and data.
 * @throws {SyntaxError} Wrong magic number, unknown type, truncated header or data, trailing bytes.
 * @example A 2×2 array of u8
 * ```ts
 * import assert from "node:assert";
 * const idx = parseIdx(new Uint8Array([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 2, 1, 2, 3, 4]), "a.idx");
 * assert.strictEqual(idx.type, "u8");
 * assert.deepStrictEqual(idx.shape, [2, 2]);
 * assert.deepStrictEqual([...idx.data], [1, 2, 3, 4]);
 * ```
 */
export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  const fail = (why: string) => new SyntaxError(`Cannot read IDX file ${name}: ${why}`);
  if (bytes.length < 4) {
    throw fail(`truncated header, the magic number needs 4 bytes but the file has ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw fail(
      `wrong magic number 0x${hex(view.getUint32(0), 8)}, it must start with two zero bytes`,
    );
  }
  const kind = TYPES.get(bytes[2]);
  if (!kind) {
    throw fail(`unknown element type 0x${hex(bytes[2], 2)} (known: 08, 09, 0b, 0c, 0d, 0e)`);
  }
  const rank = bytes[3];
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    throw fail(
      `truncated header, ${rank} dimensions need ${headerBytes} header bytes but the file has ${bytes.length}`,
    );
  }
  const shape = Array.from({ length: rank }, (_, d) => view.getUint32(4 + 4 * d));
  // BigInt keeps the byte count exact for absurd shapes such as 4294967295×4294967295.
  const dataBytes = shape.reduce((p, n) => p * BigInt(n), BigInt(kind.size));
  const got = BigInt(bytes.length - headerBytes);
  const what = `shape ${shape.join("×") || "[] (scalar)"} of ${kind.type}`;
  if (got < dataBytes) {
    throw fail(`truncated data, ${what} needs ${plural(dataBytes)} of data but got ${got}`);
  }
  if (got > dataBytes) {
    throw fail(
      `${plural(got - dataBytes)} of trailing garbage after the data of ${what}`,
    );
  }
  const count = Number(dataBytes) / kind.size;
  return {
    type: kind.type,
    shape,
    data: readData(kind.type, view, headerBytes, count),
  } as IdxArray;
}

/** Reads `count` big-endian elements starting at byte `at`. */
function readData(type: IdxType, view: DataView, at: number, count: number) {
  const offset = view.byteOffset + at;
  switch (type) {
    case "u8":
      return new Uint8Array(view.buffer, offset, count);
    case "i8":
      return new Int8Array(view.buffer, offset, count);
    case "i16":
      return fill(new Int16Array(count), (i) => view.getInt16(at + 2 * i));
    case "i32":
      return fill(new Int32Array(count), (i) => view.getInt32(at + 4 * i));
    case "f32":
      return fill(new Float32Array(count), (i) => view.getFloat32(at + 4 * i));
    case "f64":
      return fill(new Float64Array(count), (i) => view.getFloat64(at + 8 * i));
  }
}

function fill<T extends Int16Array | Int32Array | Float32Array | Float64Array>(
  out: T,
  get: (i: number) => number,
): T {
  for (let i = 0; i < out.length; i++) out[i] = get(i);
  return out;
}

function plural(bytes: bigint): string {
  return bytes === 1n ? "1 byte" : `${bytes} bytes`;
}

function hex(n: number, digits: number): string {
  return n.toString(16).padStart(digits, "0");
}

/**
 * Whether bytes start with the gzip magic number 1f 8b (an IDX file starts with 00 00).
 *
 * @param bytes File contents.
 * @returns True for gzip data.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.ok(isGzip(new Uint8Array([0x1f, 0x8b, 8])));
 * assert.ok(!isGzip(new Uint8Array([0, 0, 8, 1])));
 * ```
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses gzip data with the web `DecompressionStream`.
 *
 * Deno's stream accepts one gzip member only; data after it counts as corrupt.
 *
 * @param bytes The compressed bytes.
 * @param name The file's name, used in error messages.
 * @returns The decompressed bytes.
 * @throws {SyntaxError} Corrupt, truncated or trailing gzip data.
 * @example Round trip through CompressionStream
 * ```ts
 * import assert from "node:assert";
 * const stream = new Blob([new Uint8Array([1, 2, 3])]).stream()
 *   .pipeThrough(new CompressionStream("gzip"));
 * const gz = new Uint8Array(await new Response(stream).arrayBuffer());
 * assert.deepStrictEqual([...await gunzip(gz, "x.gz")], [1, 2, 3]);
 * ```
 */
export async function gunzip(bytes: Uint8Array, name: string): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new DecompressionStream("gzip"));
  try {
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new SyntaxError(`Cannot read IDX file ${name}: corrupt gzip data (${why})`);
  }
}

/**
 * Reads an IDX file, raw or gzip-compressed.
 *
 * @param path The file's path; it names the file in error messages.
 * @returns The element type, shape and data.
 * @throws {SyntaxError} A malformed IDX file or corrupt gzip data.
 * @throws {Deno.errors.NotFound} No such file.
 * @example Write and read back a vector of i16
 * ```ts
 * import assert from "node:assert";
 * const path = await Deno.makeTempFile({ suffix: ".idx" });
 * await Deno.writeFile(path, new Uint8Array([0, 0, 0x0b, 1, 0, 0, 0, 2, 0xff, 0xfe, 0x01, 0x00]));
 * const idx = await readIdxFile(path);
 * assert.deepStrictEqual([...idx.data], [-2, 256]);
 * await Deno.remove(path);
 * ```
 */
export async function readIdxFile(path: string): Promise<IdxArray> {
  const bytes = await Deno.readFile(path);
  return parseIdx(isGzip(bytes) ? await gunzip(bytes, path) : bytes, path);
}
