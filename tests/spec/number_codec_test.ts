/**
 * Unit tests for src/spec/number_codec.ts: float64 values survive JSON bit for bit, the four values JSON
 * cannot hold travel as tagged strings, and malformed input is rejected with a message naming where.
 */
import assert from "node:assert";
import fc from "fast-check";
import { Matrix } from "../../src/reference/matrix.ts";
import {
  decodeMatrix,
  decodeNumber,
  encodeMatrix,
  encodeNumber,
  preview,
} from "../../src/spec/number_codec.ts";
import { createRng } from "../../src/reference/random.ts";

const NUMBER_ERROR = 'expected a number or one of "NaN", "Infinity", "-Infinity", "-0", got';

/** Bit pattern of a float64, as a hex string for readable failures. */
function hexBits(x: number): string {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0).toString(16).padStart(16, "0");
}

/** A float64 from 64 random bits: every exponent, subnormals and payload NaNs included. */
function randomDouble(rng: { int(n: number): number }): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setUint32(0, rng.int(2 ** 32));
  v.setUint32(4, rng.int(2 ** 32));
  return v.getFloat64(0);
}

/** encode → JSON text → parse → decode. */
function throughJson(x: number): number {
  return decodeNumber(JSON.parse(JSON.stringify(encodeNumber(x))), "x");
}

Deno.test("encodeNumber() and decodeNumber() round-trip every float64", async (t) => {
  await t.step("encodeNumber() tags the four values JSON cannot hold", () => {
    assert.strictEqual(encodeNumber(NaN), "NaN");
    assert.strictEqual(encodeNumber(Infinity), "Infinity");
    assert.strictEqual(encodeNumber(-Infinity), "-Infinity");
    assert.strictEqual(encodeNumber(-0), "-0");
  });

  await t.step("encodeNumber() leaves finite numbers and +0 as numbers", () => {
    assert.ok(Object.is(encodeNumber(0), 0));
    assert.strictEqual(encodeNumber(0.1), 0.1);
    assert.strictEqual(encodeNumber(-Number.MAX_VALUE), -Number.MAX_VALUE);
    assert.strictEqual(encodeNumber(Number.MIN_VALUE), Number.MIN_VALUE);
  });

  await t.step("decodeNumber() reads the four tags back", () => {
    assert.ok(Number.isNaN(decodeNumber("NaN", "x")));
    assert.strictEqual(decodeNumber("Infinity", "x"), Infinity);
    assert.strictEqual(decodeNumber("-Infinity", "x"), -Infinity);
    assert.ok(Object.is(decodeNumber("-0", "x"), -0));
  });

  await t.step("the four specials survive JSON text", () => {
    assert.ok(Number.isNaN(throughJson(NaN)));
    assert.strictEqual(throughJson(Infinity), Infinity);
    assert.strictEqual(throughJson(-Infinity), -Infinity);
    assert.ok(Object.is(throughJson(-0), -0));
    assert.ok(Object.is(throughJson(0), 0));
  });

  await t.step("random bit patterns survive JSON text bit for bit", () => {
    const rng = createRng(64);
    let nans = 0;
    for (let i = 0; i < 20_000; i++) {
      const x = randomDouble(rng);
      const y = throughJson(x);
      if (Number.isNaN(x)) {
        nans++;
        assert.ok(Number.isNaN(y)); // NaN payloads are not kept: one "NaN" tag
        continue;
      }
      assert.strictEqual(hexBits(y), hexBits(x), `${x} came back as ${y}`);
    }
    assert.ok(nans < 20, `${nans} NaN patterns`); // 2⁻¹¹ of patterns are NaN: ~10 expected
  });

  await t.step("fast-check doubles survive JSON text bit for bit", () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        const y = throughJson(x);
        return Number.isNaN(x) ? Number.isNaN(y) : hexBits(y) === hexBits(x);
      }),
      { seed: 20240611, numRuns: 5000 },
    );
  });

  await t.step("the shortest round-trip decimal is what JSON holds", () => {
    assert.strictEqual(JSON.stringify(encodeNumber(0.1 + 0.2)), "0.30000000000000004");
    assert.strictEqual(JSON.stringify(encodeNumber(5e-324)), "5e-324");
  });
});

Deno.test("decodeNumber() rejects anything but a number or a tag", async (t) => {
  await t.step("decodeNumber() names where and previews the value", () => {
    const cases: [unknown, string][] = [
      ["nan", '"nan"'],
      ["inf", '"inf"'],
      ["+0", '"+0"'],
      ["1", '"1"'],
      [" NaN", '" NaN"'],
      [null, "null"],
      [true, "true"],
      [[1], "[1]"],
      [{ v: 1 }, '{"v":1}'],
      [undefined, "undefined"],
    ];
    for (const [v, shown] of cases) {
      assert.throws(() => decodeNumber(v, "case sigmoid-001, field inputs.z[0][1]"), {
        name: "TypeError",
        message: `case sigmoid-001, field inputs.z[0][1]: ${NUMBER_ERROR} ${shown}`,
      });
    }
  });

  await t.step("decodeNumber() rejects names inherited from Object.prototype", () => {
    // `"toString" in {…}` is true for any plain object; such strings are malformed numbers.
    for (const name of ["toString", "constructor", "valueOf", "hasOwnProperty"]) {
      assert.throws(() => decodeNumber(name, "x"), {
        name: "TypeError",
        message: `x: ${NUMBER_ERROR} "${name}"`,
      });
    }
  });

  await t.step("preview() cuts long values to 40 characters", () => {
    const long = "a".repeat(100);
    assert.strictEqual(preview(long), `"${"a".repeat(36)}...`);
    assert.strictEqual(preview(long).length, 40);
    assert.strictEqual(preview("a".repeat(38)), `"${"a".repeat(38)}"`);
  });
});

Deno.test("encodeMatrix() and decodeMatrix() carry matrices as arrays of rows", async (t) => {
  await t.step("encodeMatrix() writes rows with tagged specials", () => {
    const m = Matrix.from([[1, NaN, -0], [Infinity, -Infinity, 0.5]]);
    assert.deepStrictEqual(encodeMatrix(m), [[1, "NaN", "-0"], ["Infinity", "-Infinity", 0.5]]);
  });

  await t.step("a random matrix survives JSON text bit for bit", () => {
    const rng = createRng(65);
    const m = new Matrix(7, 5);
    for (let k = 0; k < m.data.length; k++) m.data[k] = randomDouble(rng);
    m.data[3] = -0;
    m.data[4] = Infinity;
    const back = decodeMatrix(JSON.parse(JSON.stringify(encodeMatrix(m))), "m");
    assert.deepStrictEqual(back.shape, [7, 5]);
    for (let k = 0; k < m.data.length; k++) {
      const [x, y] = [m.data[k], back.data[k]];
      if (Number.isNaN(x)) assert.ok(Number.isNaN(y));
      else assert.strictEqual(hexBits(y), hexBits(x), `element ${k}`);
    }
  });

  await t.step("decodeMatrix() of [] is 0×0 and of [[], []] is 2×0", () => {
    assert.deepStrictEqual(decodeMatrix([], "W").shape, [0, 0]);
    assert.deepStrictEqual(decodeMatrix([[], []], "W").shape, [2, 0]);
  });

  await t.step("decodeMatrix() rejects a value that is not an array of rows", () => {
    assert.throws(() => decodeMatrix({ rows: [] }, "case a, field W"), {
      name: "TypeError",
      message: 'case a, field W: expected an array of rows, got {"rows":[]}',
    });
    assert.throws(() => decodeMatrix("[[1]]", "W"), {
      name: "TypeError",
      message: 'W: expected an array of rows, got "[[1]]"',
    });
    assert.throws(() => decodeMatrix([1, 2], "W"), {
      name: "TypeError",
      message: "W[0]: expected a row (an array), got 1",
    });
  });

  await t.step("decodeMatrix() rejects ragged rows, naming the row", () => {
    assert.throws(() => decodeMatrix([[1, 2], [3]], "W"), {
      name: "TypeError",
      message: "W[1]: expected 2 values, got [3]",
    });
    assert.throws(() => decodeMatrix([[1], "x"], "W"), {
      name: "TypeError",
      message: 'W[1]: expected 1 values, got "x"',
    });
  });

  await t.step("decodeMatrix() rejects a bad entry, naming row and column", () => {
    assert.throws(() => decodeMatrix([[1, 2], [3, "four"]], "b"), {
      name: "TypeError",
      message: `b[1][1]: ${NUMBER_ERROR} "four"`,
    });
    assert.throws(() => decodeMatrix([[null]], "b"), {
      name: "TypeError",
      message: `b[0][0]: ${NUMBER_ERROR} null`,
    });
  });
});
