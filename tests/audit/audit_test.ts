import assert from "node:assert";
import { documentCases, type DocumentPrinted } from "../../src/audit/cases.ts";
import { checkShapes, countShapes, ONE_HOT_CLAIM, SHAPE_NETWORKS } from "../../src/audit/claims.ts";
import { type DocId, DOCUMENTS } from "../../src/audit/documents.ts";
import { CHECKED_CLAIMS, ERRATA, type Location } from "../../src/audit/errata.ts";
import { EXAMPLES } from "../../src/audit/examples.ts";
import { fixed } from "../../src/audit/format.ts";
import { renderMarkdown } from "../../src/audit/markdown.ts";
import { runAudit } from "../../src/audit/report.ts";
import {
  countVerdicts,
  judgeExample,
  type Verdict,
  VERDICTS as VERDICT_NAMES,
} from "../../src/audit/verdict.ts";
import { STATEMENTS } from "../../src/casegen/statements.ts";
import { listFixtureFiles, readFixtureFile, validateCase } from "../../src/spec/case_file.ts";
import { evaluateJson, runCase } from "../../src/spec/evaluate.ts";

const ROOT = new URL("../../", import.meta.url);

/**
 * The documents' text, whitespace runs collapsed so that a formula is found across line breaks, read
 * from the folder NN_ORACLE_DOCUMENTS names (`.ci/run` sets it where CI keeps them). A clone has no
 * documents: the tests that read them are then reported as ignored, with the reason in their names.
 */
function readDocuments(): Record<DocId, string> | null {
  const dir = Deno.env.get("NN_ORACLE_DOCUMENTS");
  if (!dir) return null;
  const out: Partial<Record<DocId, string>> = {};
  for (const e of Deno.readDirSync(dir)) {
    const id = e.name.slice(0, 3) as DocId;
    if (id in DOCUMENTS) out[id] = Deno.readTextFileSync(`${dir}/${e.name}`);
  }
  return out as Record<DocId, string>;
}
const collapse = (s: string) => s.replace(/\s+/g, " ");
const FOUND = readDocuments();
/** The documents as written, and with whitespace runs collapsed. */
const RAW = FOUND ?? ({} as Record<DocId, string>);
const DOCS = Object.fromEntries(
  Object.entries(RAW).map(([d, t]) => [d, collapse(t)]),
) as Record<DocId, string>;
/** Options for a test that reads the documents' text: ignored, and saying why, where there is none. */
const needsDocuments = (name: string) => ({
  name: FOUND ? name : `${name} (not run: set NN_ORACLE_DOCUMENTS to the documents' folder)`,
  ignore: FOUND === null,
});

/**
 * Where a located formula is, or why it is not found. When the anchor is a Markdown heading, the
 * formula must come before the next heading of the same or a higher level: in 002, whose chat-style
 * headings interrupt its numbered ones, before the next numbered heading (or Unstable Gradient).
 */
function locate(loc: Pick<Location, "doc" | "anchor" | "needle">): string | number {
  const text = DOCS[loc.doc];
  const anchor = collapse(loc.anchor);
  const start = text.indexOf(anchor);
  if (start < 0) return `section anchor not found: ${loc.anchor}`;
  const at = text.indexOf(collapse(loc.needle), start);
  if (at < 0) return `printed text not found after the anchor: ${loc.needle}`;
  const level = anchor.match(/^#+ /)?.[0].length;
  if (level === undefined) return at;
  const next = new RegExp(
    ` #{1,${level - 1}} ${loc.doc === "002" ? "(?=[0-9]|Unstable)" : ""}`,
    "g",
  );
  next.lastIndex = start + anchor.length;
  const end = next.exec(text)?.index ?? text.length;
  return at < end ? at : `printed text found only past the section's end: ${loc.needle}`;
}

// Each verdict below was worked out by hand from the documents before the audit was written.
const VERDICTS: Record<string, Record<string, Verdict>> = {
  ex221: {
    "w1x.0.0": "ok",
    "w1x.0.1": "ok",
    "w1x.1.0": "ok",
    "w1x.1.1": "ok",
    "z1.0": "ok",
    "z1.1": "ok",
    "a1.0": "ok",
    "a1.1": "ok",
    "w2a1.0.0": "ok",
    "w2a1.0.1": "ok",
    "z2.0": "ok",
    "a2.0": "ok",
    "a2-y.0": "ok",
    "dsig2.0": "rounding",
    "delta2.0": "carried",
    "wtd2.0": "carried",
    "wtd2.1": "carried",
    "dsig1.0": "ok",
    "dsig1.1": "ok",
    "delta1.0": "carried",
    "delta1.1": "ok",
    "dw2.0.0": "carried",
    "dw2.0.1": "carried",
    "db2.0": "carried",
    "dw1.0.0": "carried",
    "dw1.0.1": "ok",
    "dw1.1.0": "ok",
    "dw1.1.1": "ok",
    "db1.0": "carried",
    "db1.1": "ok",
  },
  ex232: {
    "z1.0": "wrong",
    "z1.1": "ok",
    "z1.2": "wrong",
    "a1.0": "carried",
    "a1.1": "ok",
    "a1.2": "wrong",
    "z2.0": "wrong",
    "z2.1": "wrong",
    "a2.0": "carried",
    "a2.1": "carried",
    "a2-y.0": "carried",
    "a2-y.1": "carried",
    "dsig2.0": "carried",
    "dsig2.1": "carried",
    "delta2.0": "carried",
    "delta2.1": "carried",
    "dw2.0.0": "carried",
    "dw2.0.1": "carried",
    "dw2.0.2": "wrong",
    "dw2.1.0": "rounding",
    "dw2.1.1": "carried",
    "dw2.1.2": "carried",
    "db2.0": "carried",
    "db2.1": "carried",
    "wtd2.0": "wrong",
    "wtd2.1": "wrong",
    "wtd2.2": "wrong",
    "dsig1.0": "carried",
    "dsig1.1": "ok",
    "dsig1.2": "wrong",
    "delta1.0": "rounding",
    "delta1.1": "carried",
    "delta1.2": "carried",
    "dw1.0.0": "carried",
    "dw1.0.1": "carried",
    "dw1.1.0": "wrong",
    "dw1.1.1": "carried",
    "dw1.2.0": "carried",
    "dw1.2.1": "ok",
    "db1.0": "carried",
    "db1.1": "carried",
    "db1.2": "carried",
  },
};

Deno.test("judgeExample() gives every printed value the verdict worked out by hand", async (t) => {
  for (const ex of EXAMPLES) {
    await t.step(ex.id, () => {
      const judged = judgeExample(ex);
      assert.deepStrictEqual(
        Object.fromEntries(judged.values.map((v) => [v.step.id, v.verdict])),
        VERDICTS[ex.id],
      );
    });
  }
});

Deno.test("countVerdicts() counts each verdict the hand-worked table gives", () => {
  const expected = Object.fromEntries(VERDICT_NAMES.map((v) => [v, 0]));
  for (const ex of Object.values(VERDICTS)) for (const v of Object.values(ex)) expected[v]++;
  assert.deepStrictEqual(countVerdicts(EXAMPLES.map(judgeExample)), expected);
  assert.ok(VERDICT_NAMES.every((v) => expected[v] > 0), "every verdict occurs");
});

Deno.test("judgeExample() explains each slip with what the step should have given", async (t) => {
  const judged = Object.fromEntries(EXAMPLES.map((ex) => [ex.id, judgeExample(ex)]));
  const value = (ex: string, id: string) => judged[ex].values.find((v) => v.step.id === id)!;
  await t.step("[2,3,2] z¹[0]: 0.1·0.9 + 0.4·0.1 + 0.1 = 0.23, printed 0.24", () => {
    assert.match(
      value("ex232", "z1.0").why,
      /0\.1·0\.9 \+ 0\.4·0\.1 \+ 0\.1 = 0\.23, printed 0\.24/,
    );
  });
  await t.step("[2,3,2] a¹[0] comes from the wrong z¹[0] = 0.24, not from 0.23", () => {
    const a = value("ex232", "a1.0");
    assert.deepStrictEqual([a.culprits, fixed(a.fromPrevious, 4)], [["z1.0"], "0.5597"]);
  });
  await t.step("[2,3,2] a¹[2] = 0.6522 is neither σ(0.63) = 0.6525 nor σ(0.64) = 0.6548", () => {
    const a = value("ex232", "a1.2");
    assert.deepStrictEqual([fixed(a.fromPrevious, 4), fixed(a.correct, 4)], ["0.6525", "0.6548"]);
  });
  await t.step("[2,2,1] σ′(z²) = 0.4431·(1 − 0.4431) = 0.246762 is cut off to 0.2467", () => {
    assert.match(value("ex221", "dsig2.0").why, /0\.246762 → 0\.2468, printed 0\.2467 \(cut off/);
  });
  await t.step("[2,3,2] δ¹[0] = 0.0278·0.2464 = 0.00684992 is rounded twice, via 0.00685", () => {
    assert.match(value("ex232", "delta1.0").why, /printed 0\.0069 \(rounded twice, via 0\.00685\)/);
  });
  await t.step(
    "[2,3,2] ∂C/∂w²[0][2] = −0.1138·0.6522 = −0.0742204 printed −0.0743 is no rounding",
    () => {
      assert.strictEqual(value("ex232", "dw2.0.2").verdict, "wrong");
    },
  );
  await t.step("a rounding slip is a root of the errors it carries", () => {
    assert.deepStrictEqual(value("ex232", "dw1.0.0").roots, ["delta1.0"]);
  });
  await t.step("a carried value names the slips it descends from", () => {
    assert.deepStrictEqual(value("ex232", "dw2.0.0").roots, ["z2.0", "z1.0"]);
    assert.deepStrictEqual(value("ex221", "dw1.0.0").roots, ["dsig2.0"]);
  });
});

Deno.test({
  ...needsDocuments("the worked examples are transcribed from document 002"),
  fn: async (t) => {
    for (const ex of EXAMPLES) {
      const text = DOCS[ex.doc];
      const start = text.indexOf(collapse(ex.anchor));
      const end = text.indexOf(collapse(ex.end), start);
      await t.step(`${ex.id} lies between its anchors`, () => {
        assert.ok(start >= 0 && end > start, `${ex.anchor} … ${ex.end}`);
      });
      const body = text.slice(start, end);
      await t.step(`${ex.id}: every printed value appears in the example`, () => {
        const missing = ex.steps.filter((s) =>
          !body.includes(fixed(Math.abs(s.printed), s.decimals))
        );
        assert.deepStrictEqual(missing.map((s) => s.id), []);
      });
      await t.step(`${ex.id}: its weights, biases, x and y appear in the example`, () => {
        const numbers = [...ex.layers.flatMap((l) => [...l.W.flat(), ...l.b]), ...ex.x, ...ex.y];
        const missing = numbers.filter((x) => !body.includes(String(Math.abs(x))));
        assert.deepStrictEqual(missing, []);
      });
      await t.step(`${ex.id}: its summary repeats its values verbatim`, () => {
        for (const r of judgeExample(ex).repeats) assert.deepStrictEqual(r.mismatches, [], r.part);
      });
    }
  },
});

Deno.test("the audit's correct values agree with the reference network", async (t) => {
  for (const c of documentCases()) {
    await t.step(c.id, () => {
      const run = runCase({
        ...c,
        tolerance: { class: c.op === "shapes" ? "exact" : "closed_form" },
      });
      assert.ok(run.ok, run.failures.join("; "));
    });
  }
});

Deno.test("e002-13 prints the [2,2,1] example's values under equation (1) as the reference gives them", () => {
  const ex = EXAMPLES.find((e) => e.id === "ex221")!;
  const network = {
    layers: ex.layers.map((l) => ({ W: l.W, b: l.b.map((v) => [v]), activation: "sigmoid" })),
  };
  const x = ex.x.map((v) => [v]);
  const y = ex.y.map((v) => [v]);
  const g = evaluateJson("backward", { network, x, y, cost: "quadratic_squared" }) as {
    [k: string]: number[][][];
  };
  const a = (evaluateJson("forward", { network, x }) as { a: number[][][] }).a[1][0][0];
  const f = (x: number) => fixed(x, 4);
  const text = ERRATA.find((e) => e.id === "e002-13")!.correction;
  const values = [
    `∂C/∂a² = ${f(2 * (a - ex.y[0]))}`,
    `δ² = ∇b² = ${f(g.delta[1][0][0])}`,
    `δ¹ = ∇b¹ = [${g.delta[0].map((r) => f(r[0])).join(", ")}]`,
    `∇w² = [${g.dW[1][0].map(f).join(", ")}]`,
    `∇w¹ = [${g.dW[0].map((r) => `[${r.map(f).join(", ")}]`).join(", ")}]`,
  ];
  for (const v of values) assert.ok(text.includes(v), `${v} not in: ${text}`);
});

Deno.test("documentCases() are valid fixture cases", async (t) => {
  const cases = documentCases();
  await t.step("each passes the fixture validator after a JSON round trip", () => {
    for (const c of cases) validateCase(JSON.parse(JSON.stringify(c)), c.id);
  });
  await t.step("ids are unique", () => {
    assert.strictEqual(new Set(cases.map((c) => c.id)).size, cases.length);
  });
  await t.step(
    "one case per printed value, plus forward, backward, eq-(1) and shapes cases",
    () => {
      const printed = EXAMPLES.reduce((n, ex) => n + ex.steps.length, 0);
      assert.strictEqual(cases.filter((c) => c.printed).length, printed);
      assert.strictEqual(cases.length, printed + 4 * EXAMPLES.length + SHAPE_NETWORKS.length);
    },
  );
  await t.step("a printed value is within atol of the correct one exactly when it is ok", () => {
    for (const c of cases) {
      if (!c.printed) continue;
      const p = c.printed as DocumentPrinted;
      const path = p.at.match(/^(\w+)((?:\[\d+\])+)$/)!;
      let e = c.expected[path[1]] as unknown;
      for (const i of path[2].slice(1, -1).split("][")) e = (e as unknown[])[Number(i)];
      assert.strictEqual(c.tolerance.atol, 0.5 / 10 ** p.decimals, c.id);
      const within = Math.abs(p.value - (e as number)) <= c.tolerance.atol! + 1e-12;
      assert.strictEqual(within, p.verdict === "ok", `${c.id}: ${p.value} vs ${e}`);
    }
  });
});

Deno.test({
  ...needsDocuments("every erratum's document and section exist and hold its printed formula"),
  fn: async (t) => {
    await t.step("the documents are the ones the audit names", () => {
      for (const d of Object.keys(DOCUMENTS) as DocId[]) {
        assert.ok(DOCS[d]?.includes(collapse(DOCUMENTS[d].marker)), `${d}: ${DOCUMENTS[d].marker}`);
      }
    });
    for (const e of ERRATA) {
      await t.step(
        `${e.id} (${e.doc}, ${e.section})`,
        () => assert.strictEqual(typeof locate(e), "number", String(locate(e))),
      );
    }
    await t.step("ids are unique and numbered per document", () => {
      assert.strictEqual(new Set(ERRATA.map((e) => e.id)).size, ERRATA.length);
      for (const e of ERRATA) assert.ok(e.id.startsWith(`e${e.doc}-`), e.id);
    });
    await t.step("each names a kind, the formula as printed and a correction", () => {
      for (const e of ERRATA) assert.ok(e.kind && e.printed && e.correction, e.id);
    });
  },
});

Deno.test({
  ...needsDocuments("the claims checked and found right, the shapes and the one-hot are located"),
  fn: async (t) => {
    const all: [string, Location][] = [
      ...CHECKED_CLAIMS.map((c): [string, Location] => [c.claim, c]),
      ...checkShapes().map((s): [string, Location] => [s.claim.id, s.claim]),
      ["one-hot", ONE_HOT_CLAIM],
    ];
    for (const [name, loc] of all) {
      await t.step(
        name,
        () => assert.strictEqual(typeof locate(loc), "number", String(locate(loc))),
      );
    }
  },
});

Deno.test({
  ...needsDocuments("every statement's citation holds its printed formula in the section it names"),
  fn: async (t) => {
    for (const s of STATEMENTS) {
      for (const [i, w] of s.where.entries()) {
        await t.step(`${s.id} [${i}] ${w.doc ?? "standard"}: ${w.section}`, () => {
          if (w.doc === null) {
            assert.ok(
              w.anchor === undefined && w.needle === undefined,
              "a standard fact has no needle",
            );
            return;
          }
          assert.ok(
            w.anchor && w.needle,
            "a document citation names its anchor and the printed text",
          );
          const at = locate({ doc: w.doc, anchor: w.anchor, needle: w.needle });
          assert.strictEqual(typeof at, "number", String(at));
        });
      }
    }
  },
});

/** The headings of a document (every line of 003, whose headings are plain lines), LaTeX marks dropped. */
const plain = (s: string) => collapse(s.replace(/[$\\_{}]/g, ""));
const HEADINGS = Object.fromEntries(
  Object.entries(RAW).map(([d, t]) => [
    d,
    t.split("\n").filter((l) => d === "003" || l.startsWith("#")).map(plain),
  ]),
) as Record<DocId, string[]>;

/**
 * Whether a cited section names a heading of the document: a section number (§2.5.1) a numbered
 * heading starts with, or a title some heading holds, once trailing qualifiers “(…)” are dropped;
 * “A, B” may name two. What follows “ › ” is a part within the section.
 */
function namesHeading(doc: DocId, section: string): boolean {
  const one = (p: string): boolean => {
    const n = p.match(/^§?(\d+(?:\.\d+)*)\.?( |$)/);
    if (n) return new RegExp(`^#+ ${n[1].replaceAll(".", "\\.")}\\.? `, "m").test(RAW[doc]);
    for (let q = plain(p), prev = ""; q !== prev; prev = q, q = q.replace(/ \([^()]*\)$/, "")) {
      if (HEADINGS[doc].some((h) => h.includes(q))) return true;
    }
    return false;
  };
  const part = section.split(" › ")[0];
  return one(part) || part.split(", ").every(one);
}

Deno.test({
  ...needsDocuments("every fixture case's source names a section heading of its document"),
  fn: async () => {
    const files = await listFixtureFiles(new URL("fixtures", ROOT).pathname);
    const sources = new Set<string>();
    for (const f of files) {
      for (const c of (await readFixtureFile(f)).cases) {
        if (c.source.doc) sources.add(`${c.source.doc}\t${c.source.section}`);
      }
    }
    const bad = [...sources].filter((k) => {
      const [doc, section] = k.split("\t");
      return !namesHeading(doc as DocId, section);
    });
    assert.deepStrictEqual(bad, []);
    assert.ok(!namesHeading("002", "§2.9 Nowhere"), "a section number no heading has");
    assert.ok(!namesHeading("001", "Softmax Regression"), "a title no heading holds");
  },
});

Deno.test("countShapes() agrees with the reference's shapes operation", () => {
  for (const net of SHAPE_NETWORKS) {
    const out = evaluateJson("shapes", { sizes: [...net.sizes], batch: 3 }, "column");
    assert.deepStrictEqual(out, countShapes(net.sizes, 3));
  }
});

Deno.test("runAudit() finds every printed shape and the one-hot target right", () => {
  const audit = runAudit();
  assert.deepStrictEqual(audit.shapes.filter((s) => !s.ok).map((s) => s.claim.id), []);
  assert.ok(audit.oneHot.ok);
});

Deno.test("docs/ERRATA.md is the current output of deno task audit -- --markdown", async () => {
  const file = await Deno.readTextFile(new URL("docs/ERRATA.md", ROOT));
  assert.strictEqual(
    file,
    renderMarkdown(runAudit()) + "\n",
    "run: deno task audit -- --markdown > docs/ERRATA.md",
  );
});

Deno.test("cmd/audit.ts prints a table, JSON, and one line for a mistake", async (t) => {
  const run = async (...args: string[]) => {
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--allow-read", new URL("cmd/audit.ts", ROOT).pathname, ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const dec = new TextDecoder();
    return { code: out.code, stdout: dec.decode(out.stdout), stderr: dec.decode(out.stderr) };
  };
  await t.step("the table, without colours when stdout is not a terminal", async () => {
    const r = await run();
    assert.strictEqual(r.code, 0);
    assert.match(
      r.stdout,
      /σ′\(z²\)\[0\] +0\.2467 +0\.4431·\(1 − 0\.4431\) +0\.246762 → 0\.2468 +0\.246759 → 0\.2468 +rounding/,
    );
    assert.match(r.stdout, /Formula errata \(\d+\)/);
    assert.match(r.stdout, /Printed values: \d+ ok, \d+ carried .*, 3 rounding .*, 11 wrong/);
    assert.ok(!r.stdout.includes("\x1b["));
  });
  await t.step("--json", async () => {
    const r = await run("--json");
    const j = JSON.parse(r.stdout);
    assert.strictEqual(j.format, "nn-oracle-audit/1");
    assert.strictEqual(j.errata.length, ERRATA.length);
    assert.deepStrictEqual(Object.keys(j.counts), ["ok", "carried", "rounding", "wrong"]);
    assert.strictEqual(
      j.examples[0].values.find((v: { id: string }) => v.id === "dsig2.0").verdict,
      "rounding",
    );
    assert.strictEqual(
      j.examples[1].values.find((v: { id: string }) => v.id === "a1.2").verdict,
      "wrong",
    );
  });
  await t.step("an unknown argument", async () => {
    const r = await run("--yaml");
    assert.strictEqual(r.code, 2);
    assert.strictEqual(r.stdout, "");
    assert.strictEqual(r.stderr.trim().split("\n").length, 1);
    assert.strictEqual(r.stderr, "audit: Unknown option '--yaml' (see --help)\n");
  });
  await t.step(
    "--format chooses the output; --json and --markdown are its short forms",
    async () => {
      const [json, short] = [await run("--format", "json"), await run("--json")];
      assert.strictEqual(json.code, 0);
      assert.strictEqual(json.stdout, short.stdout);
      const md = await run("--", "--format", "markdown");
      assert.strictEqual(
        md.stdout,
        await Deno.readTextFile(new URL("docs/ERRATA.md", ROOT)),
      );
      const bad = await run("--format", "yaml");
      assert.deepStrictEqual([bad.code, bad.stderr], [
        2,
        "audit: --format yaml: expected one of text, json, markdown\n",
      ]);
      const both = await run("--json", "--markdown");
      assert.strictEqual(both.code, 2);
      assert.match(both.stderr, /^audit: give one output format, not json and markdown/);
    },
  );
  await t.step("--help: the formats, examples and exit codes", async () => {
    const r = await run("--help");
    assert.strictEqual(r.code, 0);
    for (
      const text of [
        "--format FORMAT",
        "Examples:",
        "--format markdown > docs/ERRATA.md",
        "Exit status: 0",
      ]
    ) {
      assert.ok(r.stdout.includes(text), text);
    }
  });
});
