/**
 * Which data set a `--data` folder holds, told by the SHA-256 of its four files: MNIST and
 * Fashion-MNIST are known; a folder whose files match a known set only in part holds a damaged or
 * mixed copy and is refused; a folder matching none is an unknown data set, trained on as given.
 *
 * @module
 */
import {
  FASHION_MNIST_SHA256,
  findMnistFiles,
  MNIST_FILES,
  MNIST_SHA256,
  type MnistFileKey,
  readIdxBytes,
  sha256Hex,
} from "./mnist.ts";

/** A data set known by the digests of its files. */
export interface KnownDataset {
  /** Its name, e.g. `Fashion-MNIST`. */
  readonly name: string;
  /** SHA-256 (hex) of each uncompressed file. */
  readonly sha256: Readonly<Record<MnistFileKey, string>>;
}

/** The data sets this suite recognises. */
export const KNOWN_DATASETS: readonly KnownDataset[] = [
  { name: "MNIST", sha256: MNIST_SHA256 },
  { name: "Fashion-MNIST", sha256: FASHION_MNIST_SHA256 },
];

/** What a folder holds. */
export interface DatasetIdentity {
  /** The known set's name, or `unknown data set`. */
  readonly name: string;
  /** Whether every file matched the known set's digest. */
  readonly known: boolean;
  /** SHA-256 of each uncompressed file. */
  readonly sha256: Readonly<Record<MnistFileKey, string>>;
}

/**
 * Identifies the data set of a folder of four IDX files by their digests.
 *
 * @param dir The folder.
 * @param known The sets to recognise (default {@linkcode KNOWN_DATASETS}).
 * @returns The set's name and the digests.
 * @throws {Error} Files that match a known set only in part, naming the first that differs.
 * @example A folder of MNIST's own files is MNIST
 * ```ts
 * import assert from "node:assert";
 * import { mnistDataDir } from "./mnist.ts";
 * const id = await identifyDataset(mnistDataDir());
 * assert.deepStrictEqual([id.name, id.known], ["MNIST", true]);
 * ```
 */
export async function identifyDataset(
  dir: string,
  known: readonly KnownDataset[] = KNOWN_DATASETS,
): Promise<DatasetIdentity> {
  const paths = await findMnistFiles(dir);
  const keys = Object.keys(MNIST_FILES) as MnistFileKey[];
  const sha256 = {} as Record<MnistFileKey, string>;
  for (const key of keys) sha256[key] = await fileDigest(paths[key]);
  for (const set of known) {
    const differ = keys.filter((k) => sha256[k] !== set.sha256[k]);
    if (differ.length === 0) return { name: set.name, known: true, sha256 };
    if (differ.length < keys.length) {
      const k = differ[0];
      throw new Error(
        `${paths[k]} is not ${set.name}'s file (SHA-256 ${sha256[k].slice(0, 16)}…, expected ` +
          `${set.sha256[k].slice(0, 16)}…) though ${keys.length - differ.length} of the four ` +
          `files are: it is damaged or from another data set`,
      );
    }
  }
  return { name: "unknown data set", known: false, sha256 };
}

/** SHA-256 (hex) of a file's uncompressed bytes. */
async function fileDigest(path: string): Promise<string> {
  return await sha256Hex(await readIdxBytes(path));
}
