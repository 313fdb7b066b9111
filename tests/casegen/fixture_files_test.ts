/**
 * The committed fixture corpus: every case of every file agrees with the reference (one test per file,
 * one step per case); the files are exactly what the generator writes; they validate against
 * fixtures/schema.json; the corpus-wide properties hold (statements covered, inequalities, layout
 * twins, size); and the corpus rejects the usual mistakes of an implementation.
 */
import assert from "node:assert";
import { sigmoid, softmaxVector } from "../../src/reference/activations.ts";
import {
  type FixtureCase,
  listFixtureFiles,
  type LoadedFixtureFile,
  readFixtureFile,
} from "../../src/spec/case_file.ts";
import { generateAll } from "../../src/casegen/generate.ts";
import { STATEMENT_IDS, STATEMENTS } from "../../src/casegen/statements.ts";
import { decodeMatrix } from "../../src/spec/number_codec.ts";
import { compareOutputs } from "../../src/spec/compare_outputs.ts";
import { runCase } from "../../src/spec/evaluate.ts";
import type { JsonValue } from "../../src/spec/json.ts";
import { validate } from "../testdata/json_schema_subset.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const FIXTURES = `${ROOT}fixtures`;
const PATHS = await listFixtureFiles(FIXTURES);
const base = (path: string) => path.slice(path.lastIndexOf("/") + 1);

for (const path of PATHS) {
  Deno.test(`${base(path)}: every case agrees with the reference`, async (t) => {
    const file = await readFixtureFile(path);
    assert.deepStrictEqual(file.problems.map((p) => p.message), [], "every case loads");
    assert.ok(file.cases.length > 0, "the file has cases");
    for (const c of file.cases) {
      await t.step(c.id, () => {
        const run = runCase(c);
        assert.ok(run.ok, `${c.id}: ${run.failures.join("; ")}`);
      });
    }
  });
}

async function loadAll(): Promise<LoadedFixtureFile[]> {
  return await Promise.all(PATHS.map(readFixtureFile));
}

const allCases = async () => (await loadAll()).flatMap((f) => f.cases);

Deno.test("the committed fixtures are what the generator writes, byte for byte", async (t) => {
  const schemaDoc = await Deno.readTextFile(`${FIXTURES}/SCHEMA.md`);
  const generated = generateAll(schemaDoc);
  for (const g of generated) {
    await t.step(g.path, async () => {
      const committed = await Deno.readTextFile(`${ROOT}${g.path}`);
      assert.ok(
        committed === g.text,
        `${g.path} differs from the generator's output: run deno task fixtures`,
      );
    });
  }
  await t.step("no fixture file the generator does not write", () => {
    const written = new Set(generated.map((g) => base(g.path)));
    assert.deepStrictEqual(PATHS.map(base).filter((n) => !written.has(n)), []);
  });
  await t.step("the generator gives the same bytes twice", () => {
    const again = generateAll(schemaDoc);
    assert.deepStrictEqual(again.map((g) => g.text), generated.map((g) => g.text));
  });
});

Deno.test("every fixture file validates against fixtures/schema.json", async (t) => {
  const schema = JSON.parse(await Deno.readTextFile(`${FIXTURES}/schema.json`));
  for (const path of PATHS) {
    await t.step(base(path), async () => {
      const errors = validate(JSON.parse(await Deno.readTextFile(path)), schema);
      assert.deepStrictEqual(errors.slice(0, 5), []);
    });
  }
  await t.step(
    "the schema rejects a case with a missing layout, an unknown op or a bad number",
    () => {
      const good = {
        id: "a",
        op: "softmax",
        layout: "row",
        inputs: { z: [[0, 1]] },
        expected: { p: [[0.5, 0.5]] },
        tolerance: { class: "closed_form" },
        source: { doc: null, section: "" },
        tags: [],
        notes: "",
      };
      const file = (c: unknown) => ({
        format: "nn-oracle-fixtures/1",
        name: "t",
        description: "",
        cases: [c],
      });
      assert.deepStrictEqual(validate(file(good), schema), []);
      const { layout: _, ...noLayout } = good;
      assert.ok(validate(file(noLayout), schema).some((e) => e.includes('missing "layout"')));
      assert.ok(validate(file({ ...good, op: "gelu" }), schema).length > 0);
      assert.ok(validate(file({ ...good, inputs: { z: [["nan"]] } }), schema).length > 0);
      assert.ok(validate(file({ ...good, tolerance: { class: "printed" } }), schema).length > 0);
      const ce = {
        ...good,
        op: "cross_entropy",
        inputs: { p: [[1]], y: [["-0"]] },
        expected: { loss: 0 },
      };
      assert.deepStrictEqual(validate(file(ce), schema), [], "−0 is a finite target");
      assert.ok(validate(file({ ...ce, inputs: { p: [[1]], y: [["NaN"]] } }), schema).length > 0);
    },
  );
});

/** Every matrix of an expected field, decoded, from cases of `op`. */
function matricesOf(cases: FixtureCase[], op: string, field: string) {
  return cases.filter((c) => c.op === op).map((c) => ({
    c,
    M: decodeMatrix(c.expected[field], `${c.id}.${field}`),
  }));
}

Deno.test("the corpus as a whole", async (t) => {
  const files = await loadAll();
  const cases = files.flatMap((f) => f.cases);

  await t.step("ids are unique across files", () => {
    const ids = cases.map((c) => c.id);
    assert.deepStrictEqual(ids.filter((id, i) => ids.indexOf(id) !== i), []);
  });

  await t.step("every statement a case names is registered, and every statement has a case", () => {
    const used = new Set(cases.flatMap((c) => c.statements ?? []));
    assert.deepStrictEqual([...used].filter((s) => !STATEMENT_IDS.has(s)), []);
    assert.deepStrictEqual(STATEMENTS.map((s) => s.id).filter((s) => !used.has(s)), []);
  });

  await t.step(
    "every generated case outside documents.json names its statements and says why it exists",
    () => {
      const mine = files.filter((f) => !f.file.endsWith("documents.json")).flatMap((f) => f.cases);
      assert.deepStrictEqual(
        mine.filter((c) => !c.statements?.length || c.notes === "").map((c) => c.id),
        [],
      );
    },
  );

  await t.step('"-0" appears in expected outputs only where the tolerance is exact', () => {
    const has = (v: JsonValue): boolean =>
      v === "-0" || (typeof v === "object" && v !== null && Object.values(v).some(has));
    assert.deepStrictEqual(
      cases.filter((c) => c.tolerance.class !== "exact" && has(c.expected)).map((c) => c.id),
      [],
    );
  });

  await t.step("the corpus is small enough to load fast (under 5 MB)", async () => {
    let bytes = 0;
    for (const p of PATHS) bytes += (await Deno.stat(p)).size;
    assert.ok(bytes < 5e6, `${bytes} bytes`);
  });

  await t.step(
    "sigmoid_range, tanh_range, relu_range: every expected activation is in range",
    () => {
      const inRange = (op: string, lo: number, hi: number) =>
        matricesOf(cases, op, "a").forEach(({ c, M }) =>
          M.data.forEach((x) => assert.ok(Number.isNaN(x) || (x >= lo && x <= hi), `${c.id}: ${x}`))
        );
      inRange("sigmoid", 0, 1);
      inRange("tanh", -1, 1);
      inRange("relu", 0, Infinity);
    },
  );

  await t.step(
    "sigmoid_prime_max: every expected σ′ is at most 1/4, and 1/4 is reached at z = 0",
    () => {
      const all = matricesOf(cases, "sigmoid_prime", "d");
      all.forEach(({ c, M }) =>
        M.data.forEach((x) => assert.ok(Number.isNaN(x) || x <= 0.25, `${c.id}: ${x}`))
      );
      assert.ok(all.some(({ M }) => M.data.includes(0.25)));
    },
  );

  await t.step("bias_fold_shape: the folded [W; b] is W with b's row (column) appended", () => {
    const folded = cases.filter((c) => c.statements?.includes("bias_fold_shape"));
    assert.ok(folded.some((c) => c.layout === "row") && folded.some((c) => c.layout === "column"));
    for (const c of folded) {
      const sizes = c.inputs.sizes as number[];
      const { W, b, Wb } = c.expected as Record<string, [number, number][]>;
      assert.strictEqual(Wb.length, W.length, c.id);
      W.forEach(([rows, cols], l) => {
        const want: [number, number] = c.layout === "row"
          ? [sizes[l] + 1, sizes[l + 1]] // (n_{l−1} + 1) × n_l: 785 × h₁ for MNIST
          : [sizes[l + 1], sizes[l] + 1];
        assert.deepStrictEqual(Wb[l], want, `${c.id} layer ${l + 1}`);
        const stacked: [number, number] = c.layout === "row"
          ? [rows + b[l][0], cols]
          : [rows, cols + b[l][1]];
        assert.deepStrictEqual(stacked, want, `${c.id} layer ${l + 1}: W and b do not stack to Wb`);
      });
    }
  });

  await t.step(
    "loss_scalar_gradient_stack: one dW and one db per layer, the loss one number",
    () => {
      for (const c of cases.filter((c) => c.statements?.includes("loss_scalar_gradient_stack"))) {
        const layers = (c.inputs.network as { layers: unknown[] }).layers.length;
        assert.deepStrictEqual([(c.expected.dW as []).length, (c.expected.db as []).length], [
          layers,
          layers,
        ], c.id);
      }
      for (const c of cases.filter((c) => "loss" in c.expected)) {
        assert.ok(!Array.isArray(c.expected.loss), `${c.id}: the loss is a scalar`);
      }
    },
  );

  await t.step(
    "softmax_simplex and softmax_argmax: probabilities in [0, 1] summing to 1, argmax kept",
    () => {
      for (const c of cases.filter((c) => c.op === "softmax")) {
        const P = decodeMatrix(c.expected.p, "p");
        const Z = decodeMatrix(c.inputs.z, "z");
        const samples = c.layout === "column" ? P.cols : P.rows;
        const width = c.layout === "column" ? P.rows : P.cols;
        for (let k = 0; k < samples; k++) {
          const at = (
            M: typeof P,
            i: number,
          ) => (c.layout === "column" ? M.get(i, k) : M.get(k, i));
          const p = Array.from({ length: width }, (_, i) => at(P, i));
          const z = Array.from({ length: width }, (_, i) => at(Z, i));
          if (p.some(Number.isNaN)) continue;
          assert.ok(p.every((x) => x >= 0 && x <= 1), `${c.id} sample ${k}`);
          assert.ok(
            Math.abs(p.reduce((s, x) => s + x, 0) - 1) <= 1e-12,
            `${c.id} sample ${k} sums to 1`,
          );
          const zMax = Math.max(...z);
          if (z.filter((x) => x === zMax).length === 1) {
            assert.strictEqual(
              p.indexOf(Math.max(...p)),
              z.indexOf(zMax),
              `${c.id} sample ${k} argmax`,
            );
          }
        }
      }
    },
  );

  await t.step(
    "softmax_jacobian_rows: every expected Jacobian is symmetric with rows summing to 0",
    () => {
      for (const { c, M } of matricesOf(cases, "softmax_jacobian", "J")) {
        for (let i = 0; i < M.rows; i++) {
          let s = 0;
          for (let j = 0; j < M.cols; j++) {
            s += M.get(i, j);
            assert.ok(Math.abs(M.get(i, j) - M.get(j, i)) <= 1e-15, `${c.id} [${i},${j}]`);
          }
          assert.ok(Math.abs(s) <= 1e-15, `${c.id} row ${i} sums to ${s}`);
        }
      }
    },
  );

  await t.step(
    "layout_transpose: each generated row case is its column twin with every matrix transposed",
    () => {
      const generated = cases.filter((c) => c.id.startsWith("generated/"));
      const byId = new Map(generated.map((c) => [c.id, c]));
      let twins = 0;
      for (const row of generated.filter((c) => c.layout === "row")) {
        const col = byId.get(row.id.replace("/row/", "/column/"));
        assert.ok(col, `${row.id} has a column twin`);
        assert.deepStrictEqual(row.inputs, transposeAll(col.inputs), `${row.id} inputs`);
        assert.deepStrictEqual(row.expected, transposeAll(col.expected), `${row.id} expected`);
        twins++;
      }
      assert.ok(twins >= 100);
    },
  );
});

/** Every matrix (array of rows of numbers) inside a JSON value, transposed. */
function transposeAll(v: JsonValue): JsonValue {
  const isMatrix = Array.isArray(v) && v.length > 0 &&
    v.every((r) =>
      Array.isArray(r) && r.every((x) => typeof x === "number" || typeof x === "string")
    );
  if (isMatrix) {
    const rows = v as JsonValue[][];
    return rows[0].map((_, j) => rows.map((r) => r[j]));
  }
  if (Array.isArray(v)) return v.map(transposeAll);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, transposeAll(x)]));
  }
  return v;
}

/** A mistaken implementation: its outputs for a case of one operation, from the reference's. */
interface Mutant {
  readonly name: string;
  readonly op: string;
  readonly outputs: (
    c: FixtureCase,
    reference: { [key: string]: JsonValue },
  ) => { [key: string]: JsonValue };
  /** Cases that must catch it. */
  readonly caughtBy: readonly string[];
}

const num = (v: JsonValue) => Number(v);
const mapNumbers = (v: JsonValue, f: (x: number) => number): JsonValue =>
  Array.isArray(v)
    ? v.map((x) => mapNumbers(x, f))
    : typeof v === "number" || typeof v === "string"
    ? f(num(v))
    : v;
const batchOf = (c: FixtureCase) => {
  const x = decodeMatrix(c.inputs.x ?? c.inputs.z ?? c.inputs.a, "x");
  return c.layout === "row" ? x.rows : x.cols;
};

const MUTANTS: Mutant[] = [
  {
    name: "ReLU′(0) = 1 (z ≥ 0 instead of z > 0)",
    op: "relu_prime",
    outputs: (c) => ({
      d: mapNumbers(c.inputs.z, (z) => (Number.isNaN(z) ? NaN : z >= 0 ? 1 : 0)),
    }),
    caughtBy: ["relu-prime/at-zero", "relu-prime/at-negative-zero"],
  },
  {
    name: "σ′ evaluated at a = σ(z) instead of z",
    op: "sigmoid_prime",
    outputs: (c) => ({
      d: mapNumbers(c.inputs.z, (z) => sigmoid(sigmoid(z)) * (1 - sigmoid(sigmoid(z)))),
    }),
    caughtBy: ["sigmoid-prime/identity-00", "sigmoid-prime/maximum-at-zero"],
  },
  {
    name: "softmax without subtracting the maximum",
    op: "softmax",
    outputs: (c) => {
      const naive = (u: number[]) => {
        const e = u.map(Math.exp);
        const s = e.reduce((p, q) => p + q, 0);
        return e.map((x) => x / s);
      };
      const Z = decodeMatrix(c.inputs.z, "z").toArrays();
      if (c.layout === "row") return { p: Z.map(naive) };
      const cols = Z[0].map((_, j) => naive(Z.map((r) => r[j])));
      return { p: Z.map((_, i) => cols.map((p) => p[i])) };
    },
    caughtBy: ["softmax/huge-logits-column", "softmax/shift-1000", "softmax/all-equal-minus-1000"],
  },
  {
    name: "softmax over the wrong axis (a row batch treated as columns)",
    op: "softmax",
    outputs: (c) => {
      const Z = decodeMatrix(c.inputs.z, "z").toArrays();
      const down = Z[0].map((_, j) => softmaxVector(Z.map((r) => r[j])));
      return {
        p: c.layout === "row" ? Z.map((_, i) => down.map((p) => p[i])) : Z.map(softmaxVector),
      };
    },
    caughtBy: ["softmax/definition-row-01"],
  },
  {
    name: "cross-entropy summing 0·log 0 as NaN",
    op: "cross_entropy",
    outputs: (c) => {
      const P = decodeMatrix(c.inputs.p, "p");
      const Y = decodeMatrix(c.inputs.y, "y");
      let s = 0;
      for (let k = 0; k < P.data.length; k++) s -= Y.data[k] * Math.log(P.data[k]);
      return { loss: s / batchOf({ ...c, inputs: { x: c.inputs.p } }) };
    },
    caughtBy: ["cross-entropy/zero-probability-off-label"],
  },
  {
    name: "softmax-CE gradient without the 1/N",
    op: "softmax_cross_entropy_grad",
    outputs: (c, ref) => ({ dz: mapNumbers(ref.dz, (x) => x * batchOf(c)) }),
    caughtBy: ["softmax-ce-grad/mean-over-batch"],
  },
  {
    name: "quadratic gradient 2(a − y) whatever the convention",
    op: "quadratic_cost_grad",
    outputs: (c, ref) => ({
      da: mapNumbers(ref.da, (x) => x * (c.inputs.convention === "half" ? 2 : 1)),
    }),
    caughtBy: ["quadratic-cost-grad/half-00"],
  },
  {
    name: "dW and db summed over the batch instead of averaged",
    op: "backward",
    outputs: (c, ref) => ({
      ...ref,
      dW: mapNumbers(ref.dW, (x) => x * batchOf(c)),
      db: mapNumbers(ref.db, (x) => x * batchOf(c)),
    }),
    caughtBy: ["backward/batch-mean-column-relu-cross-entropy-softmax-00"],
  },
  {
    name: "δ reported with the 1/N of the batch mean folded in",
    op: "backward",
    outputs: (c, ref) => ({ ...ref, delta: mapNumbers(ref.delta, (x) => x / batchOf(c)) }),
    caughtBy: ["backward/batch-mean-row-sigmoid-quadratic-squared-sigmoid-01"],
  },
  {
    name: "a step up the gradient",
    op: "sgd_step",
    outputs: (c, ref) => {
      const net = c.inputs.network as { layers: { W: JsonValue; b: JsonValue }[] };
      const stepped =
        (ref.network as { layers: { W: JsonValue; b: JsonValue; activation: string }[] }).layers;
      const flip = (orig: JsonValue, now: JsonValue): JsonValue =>
        Array.isArray(orig)
          ? orig.map((o, i) => flip(o, (now as JsonValue[])[i]))
          : 2 * num(orig) - num(now);
      return {
        network: {
          layers: stepped.map((l, i) => ({
            ...l,
            W: flip(net.layers[i].W, l.W),
            b: flip(net.layers[i].b, l.b),
          })),
        },
      };
    },
    caughtBy: ["sgd-step/column-relu-cross-entropy-softmax-00"],
  },
];

Deno.test("the corpus rejects common mistakes of an implementation", async (t) => {
  const cases = await allCases();
  for (const m of MUTANTS) {
    await t.step(m.name, () => {
      const caught = cases.filter((c) => c.op === m.op).filter((c) => {
        const run = runCase(c);
        return !compareOutputs(m.outputs(c, run.outputs!), c.expected, run.tolerance!).ok;
      }).map((c) => c.id);
      for (const id of m.caughtBy) {
        assert.ok(caught.includes(id), `${id} catches it (caught by: ${caught.join(", ")})`);
      }
    });
  }
});

Deno.test("deno task fixtures -- --check agrees with the committed files; a bad argument is one line", async (t) => {
  const run = async (...args: string[]) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", "--allow-write", `${ROOT}cmd/fixtures.ts`, ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = (b: Uint8Array) => new TextDecoder().decode(b).trim();
    return { code: out.code, stdout: text(out.stdout), stderr: text(out.stderr) };
  };

  await t.step("--check finds nothing out of date", async () => {
    const r = await run("--check");
    assert.strictEqual(r.code, 0, r.stderr);
    assert.match(r.stdout, /^fixtures: \d+ files \([\d.]+ MB\), 0 out of date$/);
  });

  await t.step("an unknown argument: exit 2 and one line on stderr", async () => {
    const r = await run("--force");
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.stderr, "fixtures: Unknown option '--force' (see --help)");
  });

  await t.step("--help: what it writes, examples and exit codes", async () => {
    const r = await run("--", "--help");
    assert.strictEqual(r.code, 0);
    for (const text of ["--check", "Examples:", "Exit status: 0", "2 on a usage error"]) {
      assert.ok(r.stdout.includes(text), text);
    }
  });
});
