/**
 * `deno task audit`: the document audit. Prints every value the worked examples print beside the one
 * the document's own step gives and the correct one, with a verdict, then the formula errata.
 *
 *   deno task audit             an aligned report (coloured on a terminal unless NO_COLOR is set)
 *   deno task audit --json      the same as JSON
 *   deno task audit --markdown  docs/ERRATA.md
 *
 * @module
 */
import { renderMarkdown } from "../src/audit/markdown.ts";
import { auditJson, runAudit } from "../src/audit/report.ts";
import { renderText } from "../src/audit/text.ts";

const USAGE = "usage: deno task audit [--json | --markdown]";

function main(args: readonly string[]): number {
  if (args.includes("--help") || args.includes("-h")) {
    console.log(USAGE);
    return 0;
  }
  const unknown = args.find((a) => a !== "--json" && a !== "--markdown");
  if (unknown !== undefined) {
    console.error(`audit: unknown argument "${unknown}"; ${USAGE}`);
    return 2;
  }
  if (args.length > 1) {
    console.error(`audit: give one of --json and --markdown, not ${args.join(" ")}; ${USAGE}`);
    return 2;
  }
  const audit = runAudit();
  if (args[0] === "--json") console.log(JSON.stringify(auditJson(audit), null, 2));
  else if (args[0] === "--markdown") console.log(renderMarkdown(audit));
  else console.log(renderText(audit, { color: Deno.stdout.isTerminal() && !Deno.noColor }));
  return 0;
}

if (import.meta.main) Deno.exit(main(Deno.args[0] === "--" ? Deno.args.slice(1) : Deno.args));
