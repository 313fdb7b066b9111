/**
 * A validator for the subset of JSON Schema 2020-12 that fixtures/schema.json uses, for the tests
 * only (no schema library is among the project's dependencies). An unknown keyword is an error, so a
 * schema cannot silently use more than this checks.
 *
 * @module
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Schema = boolean | { [key: string]: Json };

const IGNORED = new Set(["$schema", "$id", "title", "description", "$defs"]);

/**
 * Every place where `value` breaks `schema`, as `path: what` lines (empty when it is valid).
 *
 * @param value A JSON value.
 * @param root The schema (its `$defs` resolve `#/$defs/...` references).
 * @returns The errors.
 */
export function validate(value: unknown, root: unknown): string[] {
  const errors: string[] = [];
  check(value as Json, root as Schema, "$", root as Schema, errors);
  return errors;
}

function typeOf(v: Json): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

function isValid(value: Json, schema: Schema, root: Schema): boolean {
  const errors: string[] = [];
  check(value, schema, "", root, errors);
  return errors.length === 0;
}

function check(value: Json, schema: Schema, path: string, root: Schema, errors: string[]): void {
  if (schema === true) return;
  if (schema === false) {
    errors.push(`${path}: not allowed`);
    return;
  }
  for (const [key, arg] of Object.entries(schema)) {
    if (IGNORED.has(key) || key === "then") continue;
    const fail = (what: string) => errors.push(`${path}: ${what}`);
    switch (key) {
      case "$ref": {
        const name = String(arg).replace("#/$defs/", "");
        const defs = (root as { $defs?: Record<string, Schema> }).$defs ?? {};
        if (!(name in defs)) throw new Error(`Unresolvable $ref ${arg}`);
        check(value, defs[name], path, root, errors);
        break;
      }
      case "type": {
        const t = typeOf(value);
        if (!(t === arg || (arg === "number" && t === "integer"))) {
          fail(`expected ${arg}, got ${t}`);
        }
        break;
      }
      case "const":
        if (JSON.stringify(value) !== JSON.stringify(arg)) fail(`expected ${JSON.stringify(arg)}`);
        break;
      case "enum":
        if (!(arg as Json[]).some((x) => JSON.stringify(x) === JSON.stringify(value))) {
          fail(`${JSON.stringify(value)} is not one of ${JSON.stringify(arg)}`);
        }
        break;
      case "anyOf":
        if (!(arg as Schema[]).some((s) => isValid(value, s, root))) fail("matches none of anyOf");
        break;
      case "allOf":
        for (const s of arg as Schema[]) check(value, s, path, root, errors);
        break;
      case "if":
        if (isValid(value, arg as Schema, root) && "then" in (schema as object)) {
          check(value, (schema as { then: Schema }).then, path, root, errors);
        }
        break;
      case "not":
        if (isValid(value, arg as Schema, root)) fail("matches a schema it must not");
        break;
      case "required":
        if (typeOf(value) === "object") {
          for (const k of arg as string[]) if (!(k in (value as object))) fail(`missing "${k}"`);
        }
        break;
      case "properties":
        if (typeOf(value) === "object") {
          for (const [k, s] of Object.entries(arg as Record<string, Schema>)) {
            const o = value as Record<string, Json>;
            if (k in o) check(o[k], s, `${path}.${k}`, root, errors);
          }
        }
        break;
      case "additionalProperties":
        if (typeOf(value) === "object") {
          const known = Object.keys((schema as { properties?: object }).properties ?? {});
          for (const [k, v] of Object.entries(value as Record<string, Json>)) {
            if (!known.includes(k)) check(v, arg as Schema, `${path}.${k}`, root, errors);
          }
        }
        break;
      case "prefixItems":
        if (Array.isArray(value)) {
          (arg as Schema[]).forEach((s, i) =>
            i < value.length && check(value[i], s, `${path}[${i}]`, root, errors)
          );
        }
        break;
      case "items":
        if (Array.isArray(value)) {
          const from = ((schema as { prefixItems?: unknown[] }).prefixItems ?? []).length;
          value.slice(from).forEach((v, i) =>
            check(v, arg as Schema, `${path}[${i + from}]`, root, errors)
          );
        }
        break;
      case "minItems":
        if (Array.isArray(value) && value.length < (arg as number)) fail(`fewer than ${arg} items`);
        break;
      case "maxItems":
        if (Array.isArray(value) && value.length > (arg as number)) fail(`more than ${arg} items`);
        break;
      case "pattern":
        if (typeof value === "string" && !new RegExp(arg as string, "u").test(value)) {
          fail(`${JSON.stringify(value)} does not match ${arg}`);
        }
        break;
      case "minimum":
        if (typeof value === "number" && value < (arg as number)) fail(`below ${arg}`);
        break;
      case "maximum":
        if (typeof value === "number" && value > (arg as number)) fail(`above ${arg}`);
        break;
      default:
        throw new Error(`Unsupported JSON Schema keyword "${key}" at ${path}`);
    }
  }
}
