/**
 * Unit tests for src/spec/case_file.ts: validating one case, parsing a file with one problem line per bad case
 * (naming the file, the case and the field) while the other cases load, and listing fixture files.
 */
import assert from "node:assert";
import {
  FIXTURE_FORMAT,
  listFixtureFiles,
  parseFixtureFile,
  readFixtureFile,
  validateCase,
} from "../../src/spec/case_file.ts";

const GOOD = {
  id: "softmax/two",
  op: "softmax",
  layout: "column",
  inputs: { z: [[0], [0]] },
  expected: { p: [[0.5], [0.5]] },
  tolerance: { class: "closed_form" },
  source: { doc: "000", section: "Softmax Activation" },
  statements: ["softmax_def"],
  tags: ["definition"],
  notes: "uniform",
};

const fileOf = (cases: unknown[]) =>
  JSON.stringify({ format: FIXTURE_FORMAT, name: "t", description: "test", cases });

Deno.test("validateCase() accepts a well-formed case as it is", () => {
  assert.deepStrictEqual(validateCase(GOOD, "x"), GOOD);
  const { statements: _, ...noStatements } = GOOD;
  assert.deepStrictEqual(validateCase(noStatements, "x"), noStatements);
});

Deno.test("validateCase() names the field that is wrong, in one line", async (t) => {
  const rejects = (change: Record<string, unknown>, message: RegExp, name = "") => {
    assert.throws(
      () => validateCase({ ...GOOD, ...change }, 'f.json: case "softmax/two"'),
      (e: Error) => {
        assert.match(e.message, message);
        assert.ok(!e.message.includes("\n"), "one line");
        if (name) assert.strictEqual(e.name, name);
        return true;
      },
    );
  };

  await t.step("not an object, an unknown field", () => {
    assert.throws(() => validateCase([GOOD], "w"), { message: /^w: expected an object/ });
    rejects({ comment: "hi" }, /: unknown field "comment"/, "TypeError");
  });

  await t.step("an id that is not lowercase [a-z0-9._/-]", () => {
    for (const id of ["Softmax/two", "", "a b", "-x", "x:y", 7]) {
      rejects({ id }, /: id: expected lowercase/);
    }
  });

  await t.step("an unknown operation", () => {
    rejects(
      { op: "gelu" },
      /^f\.json: case "softmax\/two": op: unknown operation "gelu"/,
      "RangeError",
    );
    rejects({ op: "constructor" }, /op: unknown operation "constructor"/);
  });

  await t.step("a layout missing, wrong, or given to an operation that takes none", () => {
    rejects({ layout: undefined }, /: layout: expected "column" or "row", got undefined/);
    rejects({ layout: "rows" }, /: layout: expected "column" or "row", got "rows"/);
    rejects(
      { op: "sigmoid", inputs: { z: [[0]] }, expected: { a: [[0.5]] } },
      /: layout: this operation takes no layout/,
    );
  });

  await t.step("inputs: missing, unknown, of the wrong kind, not rectangular", () => {
    rejects({ inputs: {} }, /: inputs\.z: missing/);
    rejects({ inputs: { z: [[0]], w: [[1]] } }, /: inputs\.w: unknown field \(expected z\)/);
    rejects({ inputs: { z: 3 } }, /: inputs\.z: expected an array of rows, got 3/);
    rejects({ inputs: { z: [[0, 1], [2]] } }, /: inputs\.z\[1\]: expected 2 values, got \[2\]/);
    rejects(
      { inputs: { z: [["nan"]] } },
      /: inputs\.z\[0\]\[0\]: expected a number or one of "NaN"/,
    );
    rejects({ inputs: { z: [] } }, /: inputs\.z: expected a non-empty matrix/);
  });

  await t.step("a shape mismatch between inputs", () => {
    rejects(
      { op: "cross_entropy", inputs: { p: [[0.5], [0.5]], y: [[1, 0]] }, expected: { loss: 1 } },
      /: inputs\.y: expected 2×1 like p, got 1×2/,
      "TypeError",
    );
  });

  await t.step("NaN or ±Infinity where a value must be finite", () => {
    rejects(
      {
        op: "cross_entropy",
        inputs: { p: [[0.5], [0.5]], y: [[1], ["NaN"]] },
        expected: { loss: 1 },
      },
      /: inputs\.y\[1\]\[0\]: expected a finite number, got NaN/,
      "RangeError",
    );
    rejects(
      {
        op: "sgd_step",
        inputs: {
          network: { layers: [{ W: [[1]], b: [[0]], activation: "identity" }] },
          x: [[1]],
          y: [[0]],
          cost: "quadratic_half",
          lr: "Infinity",
        },
        expected: { network: { layers: [] } },
      },
      /: inputs\.lr: expected a finite number ≥ 0, got "Infinity"/,
    );
  });

  await t.step("expected outputs: missing or of the wrong kind", () => {
    rejects({ expected: {} }, /: expected\.p: missing/);
    rejects({ expected: { p: 0.5 } }, /: expected\.p: expected an array of rows/);
    rejects(
      { op: "cross_entropy", inputs: { p: [[1]], y: [[1]] }, expected: { loss: [[0]] } },
      /: expected\.loss: expected a number/,
    );
  });

  await t.step("tolerance, source, statements, tags, notes, printed", () => {
    rejects(
      { tolerance: { class: "loose" } },
      /: tolerance\.class: unknown tolerance class "loose"/,
    );
    rejects({ tolerance: "exact" }, /: tolerance: expected an object/);
    rejects(
      { source: { doc: "004", section: "" } },
      /: source\.doc: expected one of 000, 001, 002, 003 or null/,
    );
    rejects({ source: { doc: null } }, /: source\.section: expected a string/);
    rejects({ statements: ["Softmax"] }, /: statements\[0\]: expected a string matching/);
    rejects({ tags: "edge" }, /: tags: expected an array of strings/);
    rejects({ notes: undefined }, /: notes: expected a string/);
    rejects(
      { printed: { value: 1, decimals: 2, verdict: "maybe" } },
      /: printed\.verdict: expected "ok", "carried", "rounding" or "wrong"/,
    );
    rejects(
      { printed: { value: 1, decimals: -1, verdict: "ok" } },
      /: printed\.decimals: expected an integer 0 to 20/,
    );
    rejects(
      { tolerance: { class: "printed" } },
      /: tolerance: the "printed" class needs a printed field/,
    );
  });

  await t.step("a document case with printed values loads, extra printed keys kept", () => {
    const printed = {
      value: 0.44,
      decimals: 2,
      verdict: "carried",
      from_previous: 0.45,
      why: "carried",
      at: "p[0][0]",
    };
    const c = validateCase({ ...GOOD, tolerance: { class: "printed" }, printed }, "x");
    assert.deepStrictEqual(c.printed, printed);
  });
});

Deno.test("parseFixtureFile() loads the good cases and reports each bad one on its own line", async (t) => {
  await t.step("a good file", () => {
    const f = parseFixtureFile(fileOf([GOOD]), "fixtures/t.json");
    assert.deepStrictEqual([f.name, f.description, f.cases.length, f.problems.length], [
      "t",
      "test",
      1,
      0,
    ]);
  });

  await t.step("bad cases among good ones: one problem each, naming file, case and field", () => {
    const text = fileOf([
      GOOD,
      { ...GOOD, id: "bad/op", op: "gelu" },
      { ...GOOD, id: "bad/shape", inputs: { z: [[0, 1], [2]] } },
      { ...GOOD, id: "good/two" },
      {
        ...GOOD,
        id: "bad/nan",
        op: "cross_entropy",
        inputs: { p: [[1]], y: [["NaN"]] },
        expected: { loss: 0 },
      },
    ]);
    const f = parseFixtureFile(text, "fixtures/t.json");
    assert.deepStrictEqual(f.cases.map((c) => c.id), ["softmax/two", "good/two"]);
    assert.deepStrictEqual(f.problems.map((p) => [p.index, p.id]), [
      [1, "bad/op"],
      [2, "bad/shape"],
      [4, "bad/nan"],
    ]);
    assert.match(
      f.problems[0].message,
      /^fixtures\/t\.json: case "bad\/op": op: unknown operation "gelu"$/,
    );
    assert.match(
      f.problems[1].message,
      /^fixtures\/t\.json: case "bad\/shape": inputs\.z\[1\]: expected 2 values/,
    );
    assert.match(
      f.problems[2].message,
      /^fixtures\/t\.json: case "bad\/nan": inputs\.y\[0\]\[0\]: expected a finite number/,
    );
  });

  await t.step("a case without an id is named by its position", () => {
    const { id: _, ...noId } = GOOD;
    const f = parseFixtureFile(fileOf([GOOD, noId, "not a case"]), "t.json");
    assert.match(f.problems[0].message, /^t\.json: case #1: id: expected lowercase/);
    assert.match(f.problems[1].message, /^t\.json: case #2: expected an object, got "not a case"/);
  });

  await t.step("a duplicate id is a problem of the later case", () => {
    const f = parseFixtureFile(fileOf([GOOD, GOOD]), "t.json");
    assert.strictEqual(f.cases.length, 1);
    assert.match(
      f.problems[0].message,
      /^t\.json: case "softmax\/two": id: duplicate of an earlier case$/,
    );
  });

  await t.step("malformed JSON fails the file with one line naming it", () => {
    assert.throws(() => parseFixtureFile('{"format": ', "fixtures/broken.json"), (e: Error) => {
      assert.strictEqual(e.name, "SyntaxError");
      assert.match(e.message, /^fixtures\/broken\.json: not valid JSON: /);
      assert.ok(!e.message.includes("\n"));
      return true;
    });
  });

  await t.step("a wrong header fails the file", () => {
    const header = (o: Record<string, unknown>) =>
      JSON.stringify({ format: FIXTURE_FORMAT, name: "t", description: "", cases: [], ...o });
    assert.throws(
      () => parseFixtureFile(header({ format: "nn-oracle-fixtures/2" }), "t.json"),
      /^SyntaxError: t\.json: format: expected "nn-oracle-fixtures\/1"/,
    );
    assert.throws(
      () => parseFixtureFile(header({ name: 3 }), "t.json"),
      /t\.json: name: expected a string/,
    );
    assert.throws(
      () => parseFixtureFile(header({ cases: {} }), "t.json"),
      /t\.json: cases: expected an array/,
    );
    assert.throws(() => parseFixtureFile("[]", "t.json"), /t\.json: expected an object/);
  });
});

Deno.test("readFixtureFile() and listFixtureFiles() work on files", async (t) => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/b.json`, fileOf([GOOD]));
    await Deno.writeTextFile(`${dir}/a.json`, fileOf([]));
    await Deno.writeTextFile(`${dir}/schema.json`, "{}");
    await Deno.writeTextFile(`${dir}/notes.txt`, "");

    await t.step("listFixtureFiles() lists the *.json files but schema.json, sorted", async () => {
      assert.deepStrictEqual(await listFixtureFiles(dir), [`${dir}/a.json`, `${dir}/b.json`]);
    });

    await t.step("readFixtureFile() reads and parses", async () => {
      const f = await readFixtureFile(`${dir}/b.json`);
      assert.deepStrictEqual(f.cases.map((c) => c.id), ["softmax/two"]);
      assert.strictEqual(f.file, `${dir}/b.json`);
    });

    await t.step("an unreadable file is one line naming it", async () => {
      await assert.rejects(() => readFixtureFile(`${dir}/missing.json`), (e: Error) => {
        assert.match(e.message, /missing\.json: cannot read: /);
        assert.ok(!e.message.includes("\n"));
        return true;
      });
    });
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
