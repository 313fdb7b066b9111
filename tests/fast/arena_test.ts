import assert from "node:assert";
import { Arena, ArenaMatrix } from "../../src/fast/arena.ts";

Deno.test("Arena hands out aligned, zeroed, disjoint matrices above its reserved bytes", () => {
  const arena = new Arena();
  const a = arena.alloc(3, 5);
  const b = arena.alloc(1, 1);
  assert.ok(a.byteOffset >= arena.reservedBytes);
  assert.strictEqual(a.byteOffset % 64, 0);
  assert.strictEqual(b.byteOffset % 64, 0);
  assert.ok(b.byteOffset >= a.byteOffset + a.byteLength);
  assert.deepStrictEqual([...a.data], new Array(15).fill(0));
});

Deno.test("Arena growth keeps values and refreshes views", () => {
  const arena = new Arena({ initialBytes: 1 << 17 });
  const a = arena.from(1, 3, [1, 2, 3]);
  const stale = a.data;
  arena.alloc(1024, 1024);
  assert.strictEqual(stale.length, 0, "growing detached the old view");
  assert.deepStrictEqual([...a.data], [1, 2, 3]);
  assert.ok(a.data instanceof Float32Array);
});

Deno.test("Arena release reuses memory and re-zeroes it", () => {
  const arena = new Arena();
  const mark = arena.mark();
  const a = arena.from(1, 2, [7, 8]);
  arena.release(mark);
  const b = arena.alloc(1, 2);
  assert.strictEqual(b.byteOffset, a.byteOffset);
  assert.deepStrictEqual([...b.data], [0, 0]);
});

Deno.test("Arena rejects bad sizes, shapes and marks", async (t) => {
  const arena = new Arena();
  await t.step("bad sizes", () => {
    assert.throws(() => new Arena({ initialBytes: -1 }), RangeError);
    assert.throws(() => arena.allocBytes(1.5), RangeError);
    assert.throws(() => arena.allocBytes(2 ** 33), /past 4 GiB/);
  });
  await t.step("bad shapes", () => {
    assert.throws(() => arena.alloc(-1, 2), {
      name: "RangeError",
      message: "Cannot create a matrix of shape -1×2",
    });
    assert.throws(() => arena.from(2, 2, [1, 2, 3]), {
      name: "RangeError",
      message: "Cannot create a 2×2 matrix from 3 values",
    });
  });
  await t.step("bad marks", () => {
    assert.throws(() => arena.release(0), RangeError);
    assert.throws(() => arena.release(arena.mark() + 64), RangeError);
  });
});

Deno.test("ArenaMatrix is a view at its byte offset", () => {
  const arena = new Arena();
  const m = new ArenaMatrix(arena, { rows: 2, cols: 2 }, arena.allocBytes(16));
  m.data.set([1, 2, 3, 4]);
  assert.deepStrictEqual([...new Float32Array(arena.memory.buffer, m.byteOffset, 4)], [1, 2, 3, 4]);
  assert.strictEqual(m.byteLength, 16);
});
