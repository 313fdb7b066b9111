/**
 * The kinds of field an operation reads and writes (src/spec/operations.ts), and the value each kind
 * decodes to. src/spec/decode.ts reads them from JSON, src/spec/compare_outputs.ts compares them,
 * src/oracle/translate.ts moves them between layouts.
 *
 * @module
 */
import type { Layout } from "../reference/layout.ts";
import type { Matrix } from "../reference/matrix.ts";
import type { Network } from "../reference/network.ts";

/** What one input or output field holds. */
export type FieldSpec =
  /** A 2-D tensor; `finite` forbids NaN and ±Infinity; `column` requires n × 1. */
  | {
    readonly kind: "matrix";
    readonly doc: string;
    readonly finite?: boolean;
    readonly column?: boolean;
  }
  /** A single number, possibly NaN or ±Infinity (outputs). */
  | { readonly kind: "scalar"; readonly doc: string }
  /** A finite number ≥ 0 (the learning rate). */
  | { readonly kind: "rate"; readonly doc: string }
  /** A positive integer. */
  | { readonly kind: "count"; readonly doc: string }
  /** Layer widths n_0 … n_L: at least two positive integers. */
  | { readonly kind: "sizes"; readonly doc: string }
  /** One of a few names. */
  | { readonly kind: "enum"; readonly doc: string; readonly values: readonly string[] }
  /** A network `{layers: [{W, b, activation}]}` in the case's layout. */
  | { readonly kind: "network"; readonly doc: string }
  /** One matrix per layer, l = 1..L. */
  | { readonly kind: "matrices"; readonly doc: string }
  /** One [rows, cols] pair per layer. */
  | { readonly kind: "shapes"; readonly doc: string };

/** A kind of field. */
export type FieldKind = FieldSpec["kind"];

/** The fields of an operation's inputs or outputs, by name. */
export type Fields = { readonly [name: string]: FieldSpec };

/** The decoded value of a field. */
export type ValueOf<S extends FieldSpec> = S extends { kind: "matrix" } ? Matrix
  : S extends { kind: "scalar" | "rate" | "count" } ? number
  : S extends { kind: "sizes" } ? number[]
  : S extends { kind: "enum"; values: readonly (infer V)[] } ? V
  : S extends { kind: "network" } ? Network
  : S extends { kind: "matrices" } ? Matrix[]
  : S extends { kind: "shapes" } ? [number, number][]
  : never;

/** Decoded values of a set of fields. */
export type Values<F extends Fields> = { [K in keyof F]: ValueOf<F[K]> };

/** Where decoding happens: the case's layout and a prefix for error messages. */
export interface DecodeContext {
  /** The case's layout (`column` for operations without one). */
  readonly layout: Layout;
  /** Prefix of error messages, e.g. `fixtures/costs.json: case "x": inputs`. */
  readonly where: string;
}
