import assert from "node:assert";
import { identifyDataset, KNOWN_DATASETS } from "../../src/data/dataset_identity.ts";
import { DEBIAN_FASHION_MNIST_DIR, MNIST_FILES, type MnistFileKey } from "../../src/data/mnist.ts";

/** Writes four tiny IDX files (gzip-compressed when asked); returns their SHA-256. */
async function tinySet(dir: string, options: { pixel: number; gzip?: boolean }) {
  const files: Record<MnistFileKey, number[]> = {
    trainImages: [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, options.pixel],
    trainLabels: [0, 0, 8, 1, 0, 0, 0, 1, 3],
    testImages: [0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 9, 9],
    testLabels: [0, 0, 8, 1, 0, 0, 0, 1, 4],
  };
  const sha256 = {} as Record<MnistFileKey, string>;
  for (const [key, values] of Object.entries(files) as [MnistFileKey, number[]][]) {
    const bytes = new Uint8Array(values);
    const digest = await crypto.subtle.digest("SHA-256", bytes);
    sha256[key] = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join(
      "",
    );
    const stored = options.gzip
      ? new Uint8Array(
        await new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip")))
          .arrayBuffer(),
      )
      : bytes;
    await Deno.writeFile(`${dir}/${MNIST_FILES[key]}${options.gzip ? ".gz" : ""}`, stored);
  }
  return sha256;
}

Deno.test("identifyDataset() tells a known set by the digests of its uncompressed files", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    const sha256 = await tinySet(dir, { pixel: 255, gzip: true });
    const known = [{ name: "Tiny-MNIST", sha256 }];
    await t.step("all four match: the set's name", async () => {
      const id = await identifyDataset(dir, known);
      assert.deepStrictEqual([id.name, id.known, id.sha256], ["Tiny-MNIST", true, sha256]);
    });
    await t.step("none match: an unknown set", async () => {
      const id = await identifyDataset(dir, KNOWN_DATASETS);
      assert.deepStrictEqual([id.name, id.known], ["unknown data set", false]);
    });
    await t.step("one file differs: refused, naming it", async () => {
      await Deno.remove(`${dir}/${MNIST_FILES.trainImages}.gz`);
      await tinySet(`${dir}`, { pixel: 254 }); // a raw train-images file is found first
      await assert.rejects(
        identifyDataset(dir, known),
        /train-images-idx3-ubyte is not Tiny-MNIST's file \(SHA-256 [0-9a-f]{16}…, expected [0-9a-f]{16}…\) though 3 of the four files are: it is damaged or from another data set/,
      );
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

const fashion = (() => {
  try {
    return Deno.statSync(DEBIAN_FASHION_MNIST_DIR).isDirectory;
  } catch {
    return false;
  }
})();
if (!fashion) {
  console.warn(
    `dataset_identity_test: ${DEBIAN_FASHION_MNIST_DIR} is absent (apt-get install ` +
      "dataset-fashion-mnist), so Debian's Fashion-MNIST is not identified here",
  );
}

Deno.test({
  name: "identifyDataset() knows Debian's Fashion-MNIST",
  ignore: !fashion,
  async fn() {
    const id = await identifyDataset(DEBIAN_FASHION_MNIST_DIR);
    assert.deepStrictEqual([id.name, id.known], ["Fashion-MNIST", true]);
  },
});
