/**
 * `deno task diagnosis`: runs every broken client of examples/broken through the check against the
 * shipped fixtures and prints, per client, its failing cases, how many name its declared mistake and
 * how many are localised (named, or given the first relation their numbers break).
 *
 *   deno task diagnosis [-- [--node COMMAND] [--fixtures PATH] [--verbose]]
 *
 * @module
 */
import { measureBrokenClients, renderScoreTable } from "../src/oracle/broken_clients.ts";

const USAGE = "usage: deno task diagnosis [-- [--node COMMAND] [--fixtures PATH] [--verbose]]";

async function main(args: readonly string[]): Promise<number> {
  const o: { node?: string; fixtures?: string; verbose?: boolean } = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--help" || a === "-h") return console.log(USAGE), 0;
    if (a === "--verbose") o.verbose = true;
    else if ((a === "--node" || a === "--fixtures") && i + 1 < args.length) {
      o[a === "--node" ? "node" : "fixtures"] = args[++i];
    } else {
      console.error(`diagnosis: unknown argument "${a}"; ${USAGE}`);
      return 2;
    }
  }
  const rows = await measureBrokenClients(o);
  for (const line of renderScoreTable(rows)) console.log(line);
  if (o.verbose) {
    for (const r of rows) {
      if (r.unnamed.length) console.log(`${r.file}: not named in ${r.unnamed.join(", ")}`);
    }
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args[0] === "--" ? Deno.args.slice(1) : Deno.args));
