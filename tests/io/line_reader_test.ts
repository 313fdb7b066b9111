import assert from "node:assert";
import { LineReader } from "../../src/io/line_reader.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

Deno.test("LineReader splits lines across chunks, strips CR, keeps a last line without newline", async () => {
  const r = new LineReader(
    ReadableStream.from([bytes("ab"), bytes("c\r\nd"), bytes("é\nlast")]),
    100,
  );
  assert.deepStrictEqual(await r.next(100), { kind: "line", text: "abc" });
  assert.deepStrictEqual(await r.next(100), { kind: "line", text: "dé" });
  assert.deepStrictEqual(await r.next(100), { kind: "line", text: "last" });
  assert.deepStrictEqual(await r.next(100), { kind: "eof" });
  assert.deepStrictEqual(await r.next(100), { kind: "eof" });
});

Deno.test("LineReader reports an oversize line once and skips the rest of it", async () => {
  const chunks = [bytes("x".repeat(10)), bytes("x".repeat(10)), bytes("x\nok\n")];
  const r = new LineReader(ReadableStream.from(chunks), 15);
  assert.deepStrictEqual(await r.next(100), { kind: "oversize", bytes: 20 });
  assert.deepStrictEqual(await r.next(100), { kind: "line", text: "ok" });
  assert.deepStrictEqual(await r.next(100), { kind: "eof" });
});

Deno.test("LineReader times out on a silent stream and drains stale lines", async () => {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const r = new LineReader(readable, 100);
  const t0 = performance.now();
  assert.deepStrictEqual(await r.next(50), { kind: "timeout" });
  assert.ok(performance.now() - t0 >= 45);
  const w = writable.getWriter();
  await w.write(bytes("old\n"));
  await new Promise((res) => setTimeout(res, 10));
  assert.deepStrictEqual(r.drain(), [{ kind: "line", text: "old" }]);
  await w.close();
  assert.deepStrictEqual(await r.next(100), { kind: "eof" });
  await r.finished;
});
