import assert from "node:assert";
import { encodeRequest, parseHello, parseResponse } from "../../src/oracle/protocol.ts";

const hello = {
  type: "hello",
  protocol: 1,
  name: "x",
  ops: ["relu"],
  layouts: ["column"],
  costs: ["cross_entropy"],
  precision: "float64",
};
const line = (patch: Record<string, unknown>) => JSON.stringify({ ...hello, ...patch });

Deno.test("parseHello() accepts a hello and names what is wrong with a bad one", async (t) => {
  await t.step("a complete hello", () => {
    assert.deepStrictEqual(parseHello(line({ extra: "ignored" })), {
      protocol: 1,
      name: "x",
      ops: ["relu"],
      layouts: ["column"],
      costs: ["cross_entropy"],
      precision: "float64",
    });
  });
  await t.step("costs may be left out, the name defaults", () => {
    const h = parseHello(line({ costs: undefined, name: undefined }));
    assert.deepStrictEqual(h.costs, []);
    assert.strictEqual(h.name, "unnamed implementation");
  });
  const bad: [Record<string, unknown>, RegExp][] = [
    [{ type: "greeting" }, /needs "type": "hello"/],
    [{ protocol: 2 }, /speaks protocol 2, this oracle speaks 1/],
    [{ ops: "relu" }, /hello\.ops: expected an array of strings/],
    [{ layouts: [] }, /hello\.layouts: must not be empty/],
    [{ layouts: ["columns"] }, /hello\.layouts: unknown value "columns", expected column, row/],
    [{ costs: ["mse"] }, /hello\.costs: unknown value "mse"/],
    [{ precision: "float16" }, /hello\.precision: expected "float32" or "float64", got "float16"/],
  ];
  for (const [patch, message] of bad) {
    await t.step(
      `rejects ${JSON.stringify(patch)}`,
      () => assert.throws(() => parseHello(line(patch)), message),
    );
  }
  await t.step("rejects a line that is not JSON", () => {
    assert.throws(
      () => parseHello("Loading..."),
      /The first line is not a JSON hello: "Loading\.\.\."/,
    );
  });
});

Deno.test("parseResponse() reads outputs and errors, and explains a malformed line", async (t) => {
  await t.step("outputs", () => {
    assert.deepStrictEqual(parseResponse('{"id":"a","outputs":{"loss":"NaN"}}'), {
      id: "a",
      outputs: { loss: "NaN" },
    });
  });
  await t.step("an error", () => {
    assert.deepStrictEqual(parseResponse('{"id":"a","error":"not implemented"}'), {
      id: "a",
      error: "not implemented",
    });
  });
  await t.step(
    "neither",
    () => assert.throws(() => parseResponse('{"id":"a"}'), /has neither "outputs" nor "error"/),
  );
  await t.step(
    "no id",
    () => assert.throws(() => parseResponse('{"outputs":{}}'), /not an object with an "id"/),
  );
  await t.step(
    "bare -Infinity",
    () =>
      assert.throws(
        () => parseResponse('{"id":"a","outputs":{"loss":-Infinity}}'),
        /bare NaN or Infinity/,
      ),
  );
  await t.step(
    "a truncated line",
    () => assert.throws(() => parseResponse('{"id":"a","outp'), /Response is not JSON/),
  );
});

Deno.test("encodeRequest() writes the layout only when there is one", () => {
  assert.strictEqual(
    encodeRequest({ id: "s", op: "softmax", layout: "row", inputs: { z: [[1]] } }),
    '{"id":"s","op":"softmax","layout":"row","inputs":{"z":[[1]]}}',
  );
  assert.ok(!encodeRequest({ id: "s", op: "relu", inputs: {} }).includes("layout"));
});
