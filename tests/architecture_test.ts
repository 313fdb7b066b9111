/**
 * The import directions of the source tree: each part of src/ (a folder) imports only the parts
 * below it, files import no cycle, nothing in src/ imports cmd/ or bench/, and bench/ never borrows
 * the oracle's internals. The table below is the architecture; a new edge is a decision to make here,
 * not an accident to discover later.
 */
import assert from "node:assert";
import { dirname, join, relative } from "node:path";

const ROOT = new URL("../", import.meta.url).pathname;

/** Each part and the parts it may import (besides itself). */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  "src/reference": [],
  "src/io": [],
  "src/data": [],
  "src/fast": [],
  "src/spec": ["src/reference"],
  "src/gradients": ["src/reference", "src/spec"],
  "src/audit": ["src/spec", "src/reference", "src/gradients", "src/io"],
  // the generator writes the audit's document cases beside its own
  "src/casegen": ["src/reference", "src/spec", "src/gradients", "src/audit", "src/io"],
  // check --train (src/oracle/training) trains the float64 reference beside the client, on MNIST
  "src/oracle": ["src/spec", "src/reference", "src/gradients", "src/io", "src/train", "src/data"],
  // model files write numbers with the case format's codec (src/spec/number_codec.ts)
  "src/train": ["src/reference", "src/data", "src/fast", "src/io", "src/gradients", "src/spec"],
  "bench": ["src/reference", "src/data", "src/fast", "src/io", "src/train"],
  "cmd": [
    "src/reference",
    "src/spec",
    "src/gradients",
    "src/data",
    "src/io",
    "src/audit",
    "src/casegen",
    "src/oracle",
    "src/train",
    "src/fast",
    "bench",
  ],
};

/**
 * Single files allowed one edge their part is not, each with its reason. bench/ never borrows the
 * oracle's internals, except where the oracle itself is what is measured.
 */
const EXCEPTIONS: readonly { file: string; imports: string; why: string }[] = [
  {
    file: "bench/training_bench.ts",
    imports: "src/oracle",
    why: "measures the oracle's own training protocol: its requests, sent through its subprocess",
  },
];

/** Folders whose files are not TypeScript modules of the project (generated, vendored). */
const SKIP = new Set(["node_modules"]);

/** The part a path belongs to: `src/<folder>` or the top folder. */
function partOf(path: string): string {
  const [top, second] = path.split("/");
  return top === "src" ? `src/${second}` : top;
}

/** Every relative import and re-export of a file, resolved against the repository root. */
export function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  const pattern =
    /(?:^|[\n;])\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?["'](\.{1,2}\/[^"']+)["']/g;
  const dynamic = /\bimport\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g;
  for (const re of [pattern, dynamic]) {
    for (const m of text.matchAll(re)) out.push(relative(ROOT, join(ROOT, dirname(file), m[1])));
  }
  return out;
}

async function sourceFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(join(ROOT, dir))) {
    const path = `${dir}/${e.name}`;
    if (e.isDirectory && !SKIP.has(e.name)) out.push(...await sourceFiles(path));
    else if (e.isFile && e.name.endsWith(".ts")) out.push(path);
  }
  return out;
}

/** Strips comments, so that an `@example` in JSDoc is not taken for an import. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'])\/\/.*$/gm, "$1");
}

const FILES = [
  ...await sourceFiles("src"),
  ...await sourceFiles("cmd"),
  ...await sourceFiles("bench"),
].sort();
const GRAPH = new Map<string, string[]>();
for (const f of FILES) GRAPH.set(f, importsOf(f, code(await Deno.readTextFile(join(ROOT, f)))));

Deno.test("importsOf() finds imports, re-exports and dynamic imports, not comments", () => {
  const text = code(`import { a } from "./a.ts";
import type { B } from "../spec/b.ts";
export * from "./c.ts";
export { d } from "./d.ts";
const e = await import("../io/e.ts");
// import { f } from "./f.ts";
/** import { g } from "./g.ts"; */
import assert from "node:assert";`);
  assert.deepStrictEqual(importsOf("src/oracle/x.ts", text), [
    "src/oracle/a.ts",
    "src/spec/b.ts",
    "src/oracle/c.ts",
    "src/oracle/d.ts",
    "src/io/e.ts",
  ]);
});

Deno.test("the source tree has the parts the architecture names", () => {
  const parts = new Set(FILES.map(partOf));
  assert.deepStrictEqual([...parts].filter((p) => !(p in ALLOWED)), [], "a part without a rule");
  assert.ok(FILES.length > 50, `found ${FILES.length} files`);
});

Deno.test("each part imports only the parts below it", () => {
  const wrong: string[] = [];
  for (const [file, targets] of GRAPH) {
    const from = partOf(file);
    for (const t of targets) {
      const to = partOf(t);
      const excepted = EXCEPTIONS.some((e) => e.file === file && e.imports === to);
      if (to !== from && !ALLOWED[from]?.includes(to) && !excepted) {
        wrong.push(`${file} imports ${t}`);
      }
    }
  }
  assert.deepStrictEqual(wrong, []);
});

Deno.test("the allowed directions have no cycle between parts", () => {
  assert.deepStrictEqual(cycleIn(new Map(Object.entries(ALLOWED))), undefined);
});

Deno.test("no file imports itself through a cycle", () => {
  assert.deepStrictEqual(cycleIn(GRAPH), undefined);
});

Deno.test("every import names a file that exists", () => {
  const files = new Set(FILES);
  const missing = [...GRAPH].flatMap(([f, ts]) =>
    ts.filter((t) => !files.has(t) && !t.startsWith("wasm/")).map((t) => `${f} imports ${t}`)
  );
  assert.deepStrictEqual(missing, []);
});

Deno.test("cycleIn() finds a cycle and names it", () => {
  const g = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]);
  assert.deepStrictEqual(cycleIn(g), ["a", "b", "c", "a"]);
  assert.strictEqual(cycleIn(new Map([["a", ["b"]], ["b", []]])), undefined);
});

/** The first cycle of a directed graph, as a path that ends where it starts; undefined if none. */
function cycleIn(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === "done") return undefined;
    if (state.get(n) === "open") return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, "open");
    stack.push(n);
    for (const m of graph.get(n) ?? []) {
      const c = visit(m);
      if (c) return c;
    }
    stack.pop();
    state.set(n, "done");
    return undefined;
  };
  for (const n of [...graph.keys()].sort()) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}
