/**
 * Running the broken clients of examples/broken (each reproduces known mistakes, declared in its
 * header) and measuring the diagnosis on them: per client, its failing cases, how many name its
 * mistake, how many are localised. `deno task diagnosis` prints the table; a test asserts the targets.
 *
 * @module
 */
import { join } from "node:path";
import { parseArgs } from "./check_args.ts";
import { check } from "./check.ts";
import { declaredMistakes, type DiagnosisScore, scoreDiagnosis } from "./diagnosis_score.ts";

/** One broken client and how the diagnosis did on it. */
export interface BrokenClientScore extends DiagnosisScore {
  /** The client's file name. */
  readonly file: string;
  /** The mistakes its header declares. */
  readonly mistakes: readonly string[];
}

/** Where the clients are and how to run them. */
export interface MeasureOptions {
  /** The folder of broken clients (default `examples/broken`). */
  readonly dir?: string;
  /** The command that runs a `.mjs` file (default `node`). */
  readonly node?: string;
  /** The fixtures to check against (default the shipped `fixtures`). */
  readonly fixtures?: string;
}

/**
 * The broken clients of a folder with their declared mistakes, in name order.
 *
 * @param dir The folder.
 * @returns File names and mistake ids.
 */
export async function brokenClients(
  dir = "examples/broken",
): Promise<{ file: string; mistakes: string[] }[]> {
  const out: { file: string; mistakes: string[] }[] = [];
  for await (const e of Deno.readDir(dir)) {
    if (!e.isFile || !e.name.endsWith(".mjs")) continue;
    out.push({
      file: e.name,
      mistakes: declaredMistakes(await Deno.readTextFile(join(dir, e.name))),
    });
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

/**
 * Runs every broken client through the check and scores the diagnosis of each.
 *
 * @param o Where the clients and fixtures are.
 * @returns One score per client.
 */
export async function measureBrokenClients(o: MeasureOptions = {}): Promise<BrokenClientScore[]> {
  const dir = o.dir ?? "examples/broken";
  const rows: BrokenClientScore[] = [];
  for (const c of await brokenClients(dir)) {
    const args = ["--impl", `${o.node ?? "node"} ${join(dir, c.file)}`];
    const r = await check(parseArgs([...args, "--fixtures", o.fixtures ?? "fixtures"]));
    rows.push({ file: c.file, mistakes: c.mistakes, ...scoreDiagnosis(r.outcomes, c.mistakes) });
  }
  return rows;
}

/**
 * The table: per client, failing cases, compared, named correctly (share), misnamed, localised.
 *
 * @param rows The scores.
 * @returns The lines.
 * @example
 * ```ts
 * import assert from "node:assert";
 * const row = { file: "x.mjs", mistakes: ["x"], failing: 4, compared: 4, named: 3, misnamed: 0, localised: 4, unnamed: ["c"] };
 * assert.match(renderScoreTable([row]).join("\n"), /x\.mjs\s+4\s+4\s+3 \(75%\)\s+0\s+4 \(100%\)/);
 * ```
 */
export function renderScoreTable(rows: readonly BrokenClientScore[]): string[] {
  const pct = (n: number, d: number) => `${n} (${d === 0 ? 100 : Math.round((100 * n) / d)}%)`;
  const w = Math.max(6, ...rows.map((r) => r.file.length));
  const head = ["failing", "compared", "named", "misnamed", "localised"];
  const line = (cells: string[]) =>
    `${cells[0].padEnd(w)}  ${cells.slice(1).map((c, i) => c.padStart(i < 2 ? 8 : 11)).join(" ")}`;
  const total = rows.reduce(
    (t, r) => ({
      failing: t.failing + r.failing,
      compared: t.compared + r.compared,
      named: t.named + r.named,
      misnamed: t.misnamed + r.misnamed,
      localised: t.localised + r.localised,
    }),
    { failing: 0, compared: 0, named: 0, misnamed: 0, localised: 0 },
  );
  const cells = (r: typeof total, name: string) => [
    name,
    String(r.failing),
    String(r.compared),
    pct(r.named, r.compared),
    String(r.misnamed),
    pct(r.localised, r.compared),
  ];
  return [
    line(["client", ...head]),
    ...rows.map((r) => line(cells(r, r.file))),
    line(cells(total, "all")),
  ];
}
