import assert from "node:assert";
import { Matrix } from "../../src/reference/matrix.ts";
import type { Network } from "../../src/reference/network.ts";
import { createBackend } from "../../src/train/backends.ts";
import {
  encodeModelFile,
  loadModel,
  MAX_MODEL_FILE_CHARS,
  modelFileCharsBound,
  parseModelFile,
  saveModel,
  shortestFloat32,
} from "../../src/train/model_file.ts";
import { NAMED_MODELS } from "../../src/train/model_spec.ts";

function sameNetwork(got: Network, want: Network): void {
  assert.strictEqual(got.layout, want.layout);
  want.layers.forEach((layer, l) => {
    assert.deepStrictEqual(got.layers[l].W.shape, layer.W.shape, `layers[${l}].W shape`);
    assert.deepStrictEqual(got.layers[l].W.data, layer.W.data, `layers[${l}].W`);
    assert.deepStrictEqual(got.layers[l].b.data, layer.b.data, `layers[${l}].b`);
    assert.strictEqual(got.layers[l].activation, layer.activation);
  });
}

Deno.test("model files round-trip every weight exactly", async (t) => {
  for (const [name, model] of Object.entries(NAMED_MODELS)) {
    await t.step(`float32 weights of ${name}`, () => {
      const net = createBackend("js", { spec: model.spec, seed: 9 }).exportNetwork();
      const file = parseModelFile(encodeModelFile(net, { dtype: "float32", training: {} }), "m");
      sameNetwork(file.network, net);
      assert.deepStrictEqual(file.spec, model.spec);
      assert.strictEqual(file.dtype, "float32");
    });
    await t.step(`float64 weights of ${name}`, () => {
      const net = createBackend("reference", { spec: model.spec, seed: 9 }).exportNetwork();
      sameNetwork(
        parseModelFile(encodeModelFile(net, { dtype: "float64", training: {} }), "m").network,
        net,
      );
    });
  }
  await t.step("NaN, ±Infinity and −0 travel as tagged strings", () => {
    const net: Network = {
      layout: "row",
      layers: [{
        W: Matrix.from([[NaN, Infinity], [-Infinity, -0]]),
        b: Matrix.from([[0, 1]]),
        activation: "softmax",
      }],
    };
    const text = encodeModelFile(net, { dtype: "float32", training: {} });
    assert.match(text, /\["NaN","Infinity"\],\s*\["-Infinity","-0"\]/);
    sameNetwork(parseModelFile(text, "m").network, net);
  });
});

Deno.test("shortestFloat32() writes no more digits than float32 needs", () => {
  let longest = 0;
  for (let k = 1; k < 2000; k++) {
    const x = Math.fround(Math.sin(k) * 10 ** ((k % 9) - 4));
    const y = shortestFloat32(x);
    assert.strictEqual(Math.fround(y), x, `${x} → ${y}`);
    longest = Math.max(longest, y.toExponential().replace(/^-|e.*$|\./g, "").length);
  }
  assert.ok(longest <= 9, `${longest} significant digits`);
  assert.strictEqual(shortestFloat32(Math.fround(0.1)), 0.1);
  assert.ok(Object.is(shortestFloat32(-0), -0));
});

Deno.test("saveModel() writes atomically and keeps the training metadata", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/model.json`;
    const net = createBackend("js", { spec: NAMED_MODELS["784-32-32-10"].spec, seed: 1 })
      .exportNetwork();
    const training = {
      backend: "js",
      seed: 1,
      epochs: 1,
      history: [{ epoch: 1, trainLoss: 0.5, testLoss: 0.4, testAccuracy: 0.9, lr: 0.1 }],
    };
    await Deno.writeTextFile(path, "old contents");
    await saveModel(path, net, { dtype: "float32", training });
    assert.deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["model.json"]);
    const file = await loadModel(path);
    sameNetwork(file.network, net);
    assert.deepStrictEqual(file.training, training);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("saveModel() leaves the old file whole when the write fails", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/model.json`;
    await Deno.writeTextFile(path, "old contents");
    const bad = {
      layout: "row",
      layers: [{
        W: {
          toArrays() {
            throw new Error("disk full");
          },
          rows: 1,
          cols: 1,
        },
        b: Matrix.from([[0]]),
        activation: "softmax",
      }],
    } as unknown as Network;
    await assert.rejects(saveModel(path, bad, { dtype: "float64", training: {} }), /disk full/);
    assert.strictEqual(await Deno.readTextFile(path), "old contents");
    assert.deepStrictEqual([...Deno.readDirSync(dir)].map((e) => e.name), ["model.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("parseModelFile() names the field at fault", async (t) => {
  const good = () => ({
    format: "nn-oracle-mlp",
    version: 1,
    layout: "column",
    dtype: "float64",
    sizes: [3, 2, 2],
    activations: ["relu", "softmax"],
    cost: "cross-entropy",
    training: { seed: 1 },
    layers: [
      { W: [[1, 2, 3], [4, 5, 6]], b: [[0], [0]] },
      { W: [[1, 0], [0, 1]], b: [[1], [2]] },
    ],
  });
  const cases: [string, (m: ReturnType<typeof good>) => unknown, RegExp][] = [
    [
      "format",
      (m) => ({ ...m, format: "onnx" }),
      /m.json: field "format" must be "nn-oracle-mlp", got "onnx"/,
    ],
    ["version", (m) => ({ ...m, version: 2 }), /field "version" must be 1 .*got 2/],
    [
      "layout",
      (m) => ({ ...m, layout: "diagonal" }),
      /field "layout" must be one of "column", "row", got "diagonal"/,
    ],
    [
      "dtype",
      (m) => ({ ...m, dtype: "float16" }),
      /field "dtype" must be one of "float32", "float64"/,
    ],
    ["sizes", (m) => ({ ...m, sizes: [3] }), /field "sizes" must be an array of at least 2 widths/],
    [
      "sizes[1]",
      (m) => ({ ...m, sizes: [3, 0, 2] }),
      /field "sizes\[1\]" must be a whole number ≥ 1, got 0/,
    ],
    [
      "activations",
      (m) => ({ ...m, activations: ["relu"] }),
      /field "activations" must be an array of 2 names/,
    ],
    [
      "activations[1]",
      (m) => ({ ...m, activations: ["relu", "relu"] }),
      /field "activations\[1\]" must be "softmax"/,
    ],
    [
      "activations[0]",
      (m) => ({ ...m, activations: ["swish", "softmax"] }),
      /field "activations\[0\]" must be one of relu/,
    ],
    ["cost", (m) => ({ ...m, cost: "hinge" }), /field "cost" must be "cross-entropy"/],
    [
      "layers",
      (m) => ({ ...m, layers: m.layers.slice(1) }),
      /field "layers" must be an array of 2 layers/,
    ],
    [
      "layers[1]",
      (m) => ({ ...m, layers: [m.layers[0], 5] }),
      /field "layers\[1\]" must be a JSON object, got 5/,
    ],
    [
      "layers[0].W shape",
      (m) => ((m.layers[0].W = [[1, 2], [3, 4]]), m),
      /field "layers\[0\].W" must be 2×3, got 2×2/,
    ],
    [
      "layers[0].W ragged",
      (m) => ((m.layers[0].W[1] = [4, 5]), m),
      /field "layers\[0\].W\[1\]": expected 3 values/,
    ],
    [
      "layers[1].b entry",
      (m) => ((m.layers[1].b[1] = ["two"] as never), m),
      /field "layers\[1\].b\[1\]\[0\]": expected a number/,
    ],
    [
      "layers[1].b missing",
      (m) => ((delete (m.layers[1] as { b?: unknown }).b), m),
      /field "layers\[1\].b": expected an array of rows/,
    ],
    ["training", (m) => ({ ...m, training: [] }), /field "training" must be a JSON object/],
    [
      "training.seed",
      (m) => ({ ...m, training: { seed: "one" } }),
      /field "training.seed" must be a number, got "one"/,
    ],
    [
      "training.history[0].lr",
      (m) => ({
        ...m,
        training: { history: [{ epoch: 1, trainLoss: 1, testLoss: 1, testAccuracy: 1 }] },
      }),
      /field "training.history\[0\].lr" must be a number/,
    ],
  ];
  for (const [name, corrupt, message] of cases) {
    await t.step(name, () => {
      const text = JSON.stringify(corrupt(good()));
      assert.throws(() => parseModelFile(text, "m.json"), message);
    });
  }
  await t.step("not JSON", () => {
    assert.throws(
      () => parseModelFile('{"format": ', "m.json"),
      (e) => e instanceof SyntaxError && /^m.json: not valid JSON/.test(e.message),
    );
  });
  await t.step("the good file itself loads", () => {
    const file = parseModelFile(JSON.stringify(good()), "m.json");
    assert.deepStrictEqual(file.spec, { sizes: [3, 2, 2], hidden: "relu", layout: "column" });
    assert.deepStrictEqual(file.network.layers[1].b.toArrays(), [[1], [2]]);
  });
});

Deno.test("float32 files round each value to float32 on load", () => {
  const text = JSON.stringify({
    format: "nn-oracle-mlp",
    version: 1,
    layout: "row",
    dtype: "float32",
    sizes: [1, 2],
    activations: ["softmax"],
    cost: "cross-entropy",
    layers: [{ W: [[0.1, 1 / 3]], b: [[0, 0]] }],
  });
  const W = parseModelFile(text, "m").network.layers[0].W;
  assert.deepStrictEqual([...W.data], [Math.fround(0.1), Math.fround(1 / 3)]);
});

Deno.test("every model file the trainer writes, the loader reads: non-finite metadata round-trips", () => {
  const net = {
    layout: "row" as const,
    layers: [{
      W: Matrix.from([[0.5, -1]]),
      b: Matrix.from([[0, 2]]),
      activation: "softmax" as const,
    }],
  };
  const history = [{ epoch: 1, trainLoss: NaN, testLoss: Infinity, testAccuracy: 0.1, lr: 100 }];
  const text = encodeModelFile(net, {
    dtype: "float32",
    training: { testAccuracy: NaN, lr: -Infinity, history },
  });
  assert.doesNotMatch(text, /null/, "JSON.stringify would have written null");
  const file = parseModelFile(text, "m.json");
  assert.ok(Number.isNaN(file.training.testAccuracy));
  assert.strictEqual(file.training.lr, -Infinity);
  assert.ok(Number.isNaN(file.training.history![0].trainLoss));
  assert.strictEqual(file.training.history![0].testLoss, Infinity);
});

Deno.test("loadModel() names a binary file as such, without its bytes", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/elf.json`, new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 0, 0]));
    await assert.rejects(loadModel(`${dir}/elf.json`), (e: Error) => {
      assert.strictEqual(
        e.message,
        `${dir}/elf.json: not a model file: binary data (control byte 0x7f at character 0)`,
      );
      return true;
    });
    await Deno.writeFile(`${dir}/latin1.json`, new Uint8Array([0x7b, 0xff, 0xfe]));
    await assert.rejects(
      loadModel(`${dir}/latin1.json`),
      /not a model file: binary data, not UTF-8 JSON text/,
    );
    await Deno.writeTextFile(`${dir}/esc.json`, '{"a": \x1b[2J}');
    await assert.rejects(loadModel(`${dir}/esc.json`), (e: Error) => {
      // deno-lint-ignore no-control-regex
      assert.doesNotMatch(e.message, /[\x00-\x1f]/);
      return true;
    });
    await assert.rejects(
      loadModel("/dev/null"),
      /\/dev\/null: is a device or special file, not a model file/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("modelFileCharsBound() bounds the real file and tells what cannot be saved", () => {
  for (const name of Object.keys(NAMED_MODELS)) {
    const spec = NAMED_MODELS[name].spec;
    for (const dtype of ["float32", "float64"] as const) {
      const backend = createBackend(dtype === "float32" ? "js" : "reference", { spec, seed: 3 });
      const history = [{
        epoch: 1,
        trainLoss: 0.123456789,
        testLoss: 0.2,
        testAccuracy: 0.97,
        lr: 0.05,
      }];
      const text = encodeModelFile(backend.exportNetwork(), {
        dtype,
        training: { backend: "js", seed: 3, epochs: 1, lr: 0.05, schedule: "cosine", history },
      });
      const bound = modelFileCharsBound(spec, { dtype, epochs: 1 });
      assert.ok(text.length <= bound, `${name} ${dtype}: ${text.length} > ${bound}`);
      assert.ok(bound < 2 * text.length, `${name} ${dtype}: the bound ${bound} is loose`);
    }
  }
  const huge = { sizes: [784, 70000, 10], hidden: "relu" as const, layout: "column" as const };
  assert.ok(modelFileCharsBound(huge, { dtype: "float32", epochs: 15 }) > MAX_MODEL_FILE_CHARS);
  const wide = { sizes: [784, 30000, 10], hidden: "relu" as const, layout: "row" as const };
  assert.ok(modelFileCharsBound(wide, { dtype: "float32", epochs: 15 }) < MAX_MODEL_FILE_CHARS);
  assert.throws(
    () => "x".repeat(MAX_MODEL_FILE_CHARS + 1),
    RangeError,
    "the limit is the engine's",
  );
});
