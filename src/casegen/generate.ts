/**
 * The seeded generator of every committed fixture file: it assembles the cases of each file,
 * validates them, and renders fixtures/*.json, fixtures/schema.json and the generated sections of
 * fixtures/SCHEMA.md. Nothing here reads the clock or an unseeded random source, so the output is the
 * same bytes on every run; tests/casegen/fixture_files_test.ts checks the committed files against it.
 *
 * @module
 */
import { toleranceFile } from "./tolerance_file.ts";
import { documentCases } from "../audit/cases.ts";
import {
  CASE_FIELDS,
  FIXTURE_FORMAT,
  type FixtureCase,
  type FixtureFile,
  validateCase,
} from "../spec/case_file.ts";
import { activationCases } from "./activation_cases.ts";
import { backpropCases } from "./backprop_cases.ts";
import { costCases } from "./cost_cases.ts";
import { generatedCases } from "./generated_cases.ts";
import { formatJson } from "./json_format.ts";
import { layerCases } from "./layer_cases.ts";
import { fixtureSchema } from "./schema.ts";
import { generatedSections, spliceSections } from "./schema_doc.ts";
import { shapeCases } from "./shape_cases.ts";
import { softmaxCases } from "./softmax_cases.ts";

/** One fixture file to generate: its name, its description and where its cases come from. */
interface FileSpec {
  readonly name: string;
  readonly description: string;
  readonly cases: () => FixtureCase[];
}

const FILES: readonly FileSpec[] = [
  {
    name: "activations",
    description:
      "σ, tanh, ReLU and their derivatives: definitions, σ′ = σ(1−σ), tanh′ = 1 − tanh², ReLU′(0) = 0, saturation, ±0, NaN, ±∞",
    cases: activationCases,
  },
  {
    name: "softmax",
    description:
      "softmax per sample in both layouts, shift invariance, its Jacobian (two cases; symmetric, rows sum to 0), huge and tiny logits, ties, NaN",
    cases: softmaxCases,
  },
  {
    name: "costs",
    description:
      "cross-entropy (one-hot, soft, p = 0), from logits, its gradient (P−Y)/N via the chain rule, the three quadratic conventions and their gradients",
    cases: costCases,
  },
  {
    name: "layers",
    description:
      "one dense layer: column z = W·x + b, row T = X·W + b, the folded bias [X|1]·[W;b], ReLU at 0, NaN and ∞ flowing through",
    cases: layerCases,
  },
  {
    name: "backprop",
    description:
      "backward passes derived independently (full Jacobians, path sums, single-neuron chain, per-sample means, folded bias, finite differences), SGD steps, batch costs",
    cases: backpropCases,
  },
  {
    name: "shapes",
    description:
      "shapes of W, b, z, a, δ, dW, db for 784-128-64-10, 784-32-32-10, 784-h-10 (rows) and the worked examples",
    cases: shapeCases,
  },
  {
    name: "networks",
    description:
      "seeded random networks of depth 1–4: every hidden activation × cost/output × layout through forward, backward, network_cost, sgd_step",
    cases: generatedCases,
  },
  {
    name: "documents",
    description:
      "the documents' own numbers (src/audit): the worked examples of Backpropagation notes §5, correct values beside the printed ones with verdicts, and the networks whose shapes the documents print",
    cases: documentCases,
  },
];

/**
 * Builds every fixture file, checking each case and that ids are unique across files.
 *
 * @returns The files, in order.
 * @example Every file has cases
 * ```ts
 * import assert from "node:assert";
 * const files = fixtureFiles();
 * assert.ok(files.some((f) => f.name === "networks" && f.cases.length > 0));
 * ```
 */
export function fixtureFiles(): FixtureFile[] {
  const seen = new Map<string, string>();
  return FILES.map((spec) => {
    const cases = spec.cases().map((c) => {
      const where = `fixtures/${spec.name}.json: case ${JSON.stringify(c.id)}`;
      const other = seen.get(c.id);
      if (other) throw new RangeError(`${where}: id: already used in ${other}`);
      seen.set(c.id, `fixtures/${spec.name}.json`);
      return validateCase(JSON.parse(JSON.stringify(c)), where);
    });
    return { format: FIXTURE_FORMAT, name: spec.name, description: spec.description, cases };
  });
}

/**
 * The text of a fixture file: its fields in format order, one case after another, a final newline.
 *
 * @param file The file.
 * @returns The JSON text.
 * @example Fields in the format's order, one row of a matrix per line when it does not fit
 * ```ts
 * import assert from "node:assert";
 * const text = renderFixtureFile({ format: "nn-oracle-fixtures/1", name: "t", description: "", cases: [] });
 * assert.strictEqual(text, '{"format": "nn-oracle-fixtures/1", "name": "t", "description": "", "cases": []}\n');
 * ```
 */
export function renderFixtureFile(file: FixtureFile): string {
  return `${formatJson(orderFile(file) as unknown as Parameters<typeof formatJson>[0])}\n`;
}

function orderFile(file: FixtureFile) {
  const cases = file.cases.map((c) => {
    const o: Record<string, unknown> = {};
    for (const key of CASE_FIELDS) if (c[key] !== undefined) o[key] = c[key];
    return o;
  });
  return { format: file.format, name: file.name, description: file.description, cases };
}

/** A generated file: where it goes and what it holds. */
export interface GeneratedFile {
  /** Path relative to the repository root. */
  readonly path: string;
  /** Its contents. */
  readonly text: string;
}

/**
 * Every generated file: fixtures/*.json, fixtures/schema.json and fixtures/SCHEMA.md (whose generated
 * sections are spliced into the current hand-written text).
 *
 * @param schemaDoc The current text of fixtures/SCHEMA.md.
 * @returns The files, paths relative to the repository root.
 * @example The committed files are what it generates
 * ```ts
 * import assert from "node:assert";
 * const files = generateAll(await Deno.readTextFile("fixtures/SCHEMA.md"));
 * for (const f of files) assert.strictEqual(await Deno.readTextFile(f.path), f.text, f.path);
 * ```
 */
export function generateAll(schemaDoc: string): GeneratedFile[] {
  const files = fixtureFiles();
  return [
    ...files.map((f) => ({ path: `fixtures/${f.name}.json`, text: renderFixtureFile(f) })),
    { path: "fixtures/schema.json", text: `${formatJson(fixtureSchema())}\n` },
    { path: "fixtures/tolerances.json", text: `${formatJson(toleranceFile())}\n` },
    { path: "fixtures/SCHEMA.md", text: spliceSections(schemaDoc, generatedSections(files)) },
  ];
}
