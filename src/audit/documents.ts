/**
 * The four documents the audit checks, by number: the one table of their titles that the audit's
 * citations use (`deno task audit`, docs/ERRATA.md).
 *
 * @module
 */
import type { DocId } from "../spec/case_file.ts";

// Defined with the case format; re-exported for the audit files that cite documents.
export type { DocId };

/** What the audit knows of a document. */
export interface DocumentInfo {
  /** Its title (002 has none; the project calls it "Backpropagation notes"). */
  readonly title: string;
  /** The short name used in tables. */
  readonly short: string;
  /** Text that the document holds verbatim near its top: its title, or 002's first heading. */
  readonly marker: string;
}

/** The four documents. */
export const DOCUMENTS: Readonly<Record<DocId, DocumentInfo>> = {
  "000": {
    title: "2 Layer NN: A Mathematical Deep Dive",
    short: "2 Layer NN",
    marker: 'title: "2 Layer NN: A Mathematical Deep Dive"',
  },
  "001": {
    title: "Step-by-Step Guide On Implementing Neural Networks From Scratch - Part 2",
    short: "Part 2",
    marker: 'title: "Step-by-Step Guide On Implementing Neural Networks From Scratch - Part 2"',
  },
  "002": {
    title: "Backpropagation notes",
    short: "Backpropagation notes",
    marker: "# 1. Backpropagation for a single neuron layer",
  },
  "003": {
    title: "Neural Network – Layer by Layer Based System",
    short: "Layer by Layer",
    marker: "Neural Network – Layer by Layer Based System",
  },
};

/**
 * How the audit cites a place in a document: short title, number, section.
 *
 * @param doc The document.
 * @param section The section.
 * @returns For example `"Backpropagation notes" (002), §1.5`.
 * @example A section of document 003
 * ```ts
 * import assert from "node:assert";
 * assert.strictEqual(cite("003", "Matrix Form of δ"), '"Layer by Layer" (003), Matrix Form of δ');
 * ```
 */
export function cite(doc: DocId, section: string): string {
  return `"${DOCUMENTS[doc].short}" (${doc}), ${section}`;
}
