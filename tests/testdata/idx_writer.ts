/**
 * Test helpers that write IDX files and MNIST-style directories, independently of src/data/idx.ts
 * (so a reader bug cannot hide behind a writer sharing its code).
 *
 * @module
 */

/** Element size in bytes and big-endian DataView setter for each IDX type byte. */
const WRITERS: Record<number, [number, (v: DataView, at: number, x: number) => void]> = {
  0x08: [1, (v, at, x) => v.setUint8(at, x)],
  0x09: [1, (v, at, x) => v.setInt8(at, x)],
  0x0b: [2, (v, at, x) => v.setInt16(at, x)],
  0x0c: [4, (v, at, x) => v.setInt32(at, x)],
  0x0d: [4, (v, at, x) => v.setFloat32(at, x)],
  0x0e: [8, (v, at, x) => v.setFloat64(at, x)],
};

/**
 * The bytes of an IDX file.
 *
 * @param typeCode The element-type byte (0x08…0x0e).
 * @param shape The dimensions.
 * @param values The elements, row-major.
 * @returns The file contents.
 */
export function idxBytes(typeCode: number, shape: readonly number[], values: ArrayLike<number>) {
  const [size, set] = WRITERS[typeCode];
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + size * values.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, typeCode, shape.length]);
  shape.forEach((n, d) => view.setUint32(4 + 4 * d, n));
  for (let i = 0; i < values.length; i++) set(view, header + size * i, values[i]);
  return out;
}

/**
 * Gzip-compresses bytes with the web CompressionStream.
 *
 * @param bytes Data.
 * @returns One gzip member.
 */
export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream()
    .pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Synthetic images and labels of one split. */
export interface SyntheticSplit {
  /** count × rows × cols u8 IDX file. */
  readonly images: Uint8Array;
  /** count u8 IDX file. */
  readonly labels: Uint8Array;
  /** Pixel bytes, row-major. */
  readonly pixels: Uint8Array;
  /** Label values. */
  readonly classes: Uint8Array;
}

/**
 * A deterministic split: pixel k of the split is (k·37 + seed) mod 256 and label i is (i + seed) mod 10.
 *
 * @param count Number of images.
 * @param rows Pixel rows.
 * @param cols Pixel columns.
 * @param seed Offset that makes splits differ.
 * @returns The two IDX files and their contents.
 */
export function syntheticSplit(
  count: number,
  rows: number,
  cols: number,
  seed = 0,
): SyntheticSplit {
  const pixels = Uint8Array.from({ length: count * rows * cols }, (_, k) => (k * 37 + seed) % 256);
  const classes = Uint8Array.from({ length: count }, (_, i) => (i + seed) % 10);
  return {
    images: idxBytes(0x08, [count, rows, cols], pixels),
    labels: idxBytes(0x08, [count], classes),
    pixels,
    classes,
  };
}
