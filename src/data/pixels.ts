/**
 * Pixel bytes as network inputs: a byte v stands for v / 255 in [0, 1] ("Part 2" scales MNIST pixels
 * by 1/255). Images stay bytes in memory (a quarter of float32) and are scaled a batch at a time.
 *
 * @module
 */

/** Pixel byte → byte / 255 as float32, so that scaling is one table look-up per pixel. */
const SCALE = Float32Array.from({ length: 256 }, (_, v) => v / 255);

/**
 * Writes pixel bytes into `out` as float32 values byte / 255.
 *
 * @param bytes The pixels.
 * @param out Where the values go.
 * @param at The index in `out` of the first value (default 0).
 * @returns out.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const out = scalePixels(new Uint8Array([0, 255, 51]), new Float32Array(4), 1);
 * assert.deepStrictEqual([...out], [0, 0, 1, Math.fround(0.2)]);
 * ```
 */
export function scalePixels(bytes: Uint8Array, out: Float32Array, at = 0): Float32Array {
  if (at + bytes.length > out.length) {
    throw new RangeError(`Cannot scale ${bytes.length} pixels into ${out.length - at} places`);
  }
  for (let i = 0; i < bytes.length; i++) out[at + i] = SCALE[bytes[i]];
  return out;
}

/**
 * Images as float32 values: float32 images as they are, pixel bytes scaled by 1/255.
 *
 * @param images Values, or pixel bytes.
 * @returns The values (`images` itself when already float32).
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.deepStrictEqual([...pixelValues(new Uint8Array([255]))], [1]);
 * const f = new Float32Array([0.5]);
 * assert.strictEqual(pixelValues(f), f);
 * ```
 */
export function pixelValues(images: Float32Array | Uint8Array): Float32Array {
  return images instanceof Float32Array
    ? images
    : scalePixels(images, new Float32Array(images.length));
}
