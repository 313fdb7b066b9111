/**
 * fixtures/schema.json, the JSON Schema (draft 2020-12) of a fixture file, generated from the
 * operation registry so that the per-operation input and output fields never drift from the code.
 *
 * @module
 */
import { DOC_IDS, FIXTURE_FORMAT, PRINTED_VERDICTS } from "../spec/case_file.ts";
import type { JsonValue } from "../spec/json.ts";
import { ACTIVATION_NAMES } from "../reference/activations.ts";
import type { Fields, FieldSpec } from "../spec/fields.ts";
import { OP_NAMES, OPERATIONS } from "../spec/operations.ts";
import { TOLERANCE_CLASSES } from "../spec/tolerance.ts";

type Schema = { [key: string]: JsonValue };

const ref = (name: string): Schema => ({ $ref: `#/$defs/${name}` });

function fieldSchema(spec: FieldSpec): Schema {
  const described = (s: Schema): Schema => ({ description: spec.doc, ...s });
  switch (spec.kind) {
    case "matrix":
      return described(
        ref(spec.column ? "column_vector" : spec.finite ? "finite_matrix" : "matrix"),
      );
    case "scalar":
      return described(ref("number"));
    case "rate":
      return described({ type: "number", minimum: 0 });
    case "count":
      return described({ type: "integer", minimum: 1 });
    case "sizes":
      return described({ type: "array", minItems: 2, items: { type: "integer", minimum: 1 } });
    case "enum":
      return described({ enum: [...spec.values] });
    case "network":
      return described(ref("network"));
    case "matrices":
      return described({ type: "array", minItems: 1, items: ref("matrix") });
    case "shapes":
      return described({ type: "array", minItems: 1, items: ref("shape") });
  }
}

function fieldsSchema(fields: Fields): Schema {
  return {
    type: "object",
    required: Object.keys(fields),
    additionalProperties: false,
    properties: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, fieldSchema(f)])),
  };
}

function opRule(name: (typeof OP_NAMES)[number]): Schema {
  const op = OPERATIONS[name] as unknown as {
    summary: string;
    layout: boolean;
    inputs: Fields;
    outputs: Fields;
  };
  return {
    if: { properties: { op: { const: name } }, required: ["op"] },
    then: {
      description: op.summary,
      ...(op.layout ? { required: ["layout"] } : { not: { required: ["layout"] } }),
      properties: { inputs: fieldsSchema(op.inputs), expected: fieldsSchema(op.outputs) },
    },
  };
}

const matrixOf = (item: Schema, extra: Schema = {}): Schema => ({
  type: "array",
  minItems: 1,
  items: { type: "array", minItems: 1, items: item, ...extra },
});

/**
 * The schema of a fixture file.
 *
 * @returns The JSON Schema, as a JSON value.
 * @example Draft 2020-12
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(fixtureSchema().$schema, "https://json-schema.org/draft/2020-12/schema");
 * ```
 */
export function fixtureSchema(): Schema {
  const usable = Object.entries(TOLERANCE_CLASSES).filter(([, c]) => c.inFixtures).map(([n]) => n);
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://nn-oracle.invalid/fixtures/schema.json",
    title: "nn-oracle fixture file",
    description:
      `A file of fixture cases, format "${FIXTURE_FORMAT}". Generated from src/spec/operations.ts by ` +
      "`deno task fixtures`; fixtures/SCHEMA.md explains it. Rectangular matrices, shapes that fit " +
      "together and unique ids are checked by src/spec/case_file.ts, not by this schema.",
    type: "object",
    required: ["format", "name", "description", "cases"],
    additionalProperties: false,
    properties: {
      format: { const: FIXTURE_FORMAT },
      name: { type: "string", pattern: "^[a-z0-9_-]+$" },
      description: { type: "string" },
      cases: { type: "array", items: ref("case") },
    },
    $defs: {
      number: {
        description: "A finite JSON number, or a tagged string for the values JSON cannot hold.",
        anyOf: [{ type: "number" }, { enum: ["NaN", "Infinity", "-Infinity", "-0"] }],
      },
      matrix: { description: "An array of rows, all of one length.", ...matrixOf(ref("number")) },
      finite_matrix: {
        description: "A matrix of finite numbers (−0 included).",
        ...matrixOf({ anyOf: [{ type: "number" }, { const: "-0" }] }),
      },
      column_vector: {
        description: "An n × 1 matrix.",
        ...matrixOf(ref("number"), { maxItems: 1 }),
      },
      shape: {
        type: "array",
        prefixItems: [{ type: "integer", minimum: 1 }, { type: "integer", minimum: 1 }],
        items: false,
        minItems: 2,
      },
      network: {
        type: "object",
        required: ["layers"],
        additionalProperties: false,
        properties: {
          layers: {
            type: "array",
            minItems: 1,
            items: {
              type: "object",
              required: ["W", "b", "activation"],
              additionalProperties: false,
              properties: {
                W: ref("matrix"),
                b: ref("matrix"),
                activation: { enum: [...ACTIVATION_NAMES] },
              },
            },
          },
        },
      },
      tolerance: {
        type: "object",
        required: ["class"],
        additionalProperties: false,
        properties: {
          class: { enum: usable },
          rtol: { type: "number", minimum: 0 },
          atol: { type: "number", minimum: 0 },
        },
      },
      source: {
        type: "object",
        required: ["doc", "section"],
        additionalProperties: false,
        properties: { doc: { enum: [...DOC_IDS, null] }, section: { type: "string" } },
      },
      printed: {
        type: "object",
        required: ["value", "decimals", "verdict"],
        properties: {
          value: {},
          decimals: { type: "integer", minimum: 0, maximum: 20 },
          verdict: { enum: [...PRINTED_VERDICTS] },
          from_previous: {},
          why: { type: "string" },
        },
      },
      case: {
        type: "object",
        required: ["id", "op", "inputs", "expected", "tolerance", "source", "tags", "notes"],
        additionalProperties: false,
        properties: {
          id: { type: "string", pattern: "^[a-z0-9][a-z0-9._/-]*$" },
          op: { enum: [...OP_NAMES] },
          layout: { enum: ["column", "row"] },
          inputs: { type: "object" },
          expected: { type: "object" },
          tolerance: ref("tolerance"),
          source: ref("source"),
          statements: { type: "array", items: { type: "string", pattern: "^[a-z0-9][a-z0-9_]*$" } },
          tags: { type: "array", items: { type: "string", pattern: "^[a-z0-9][a-z0-9_-]*$" } },
          notes: { type: "string" },
          printed: ref("printed"),
        },
        allOf: [
          ...OP_NAMES.map(opRule),
          {
            if: { properties: { tolerance: { properties: { class: { const: "printed" } } } } },
            then: { required: ["printed"] },
          },
        ],
      },
    },
  };
}
