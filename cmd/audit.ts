/**
 * `deno task audit`: the document audit. Prints every value the worked examples print beside the one
 * the document's own step gives and the correct one, with a verdict, then the formula errata.
 * `--help` lists the options; a mistake in the command line is one line on stderr and exit status 2.
 *
 * @module
 */
import { renderMarkdown } from "../src/audit/markdown.ts";
import { auditJson, runAudit } from "../src/audit/report.ts";
import { renderText } from "../src/audit/text.ts";
import { parseFlags, UsageError } from "../src/io/cli.ts";

/** The `--help` text. */
export const USAGE = `Usage: deno task audit [-- --format text|json|markdown]

The document audit: every value the worked examples of the four documents print, beside the value
the document's own step gives and the correct one (float64, from the original inputs), with a
verdict; then the formula errata and the claims checked and found right.

Options:
  --format FORMAT   text (default): an aligned report, coloured on a terminal unless NO_COLOR is set
                    json: the same as JSON
                    markdown: docs/ERRATA.md
  --json            short for --format json
  --markdown        short for --format markdown
  --help, -h        this text

Examples:
  deno task audit
  deno task audit -- --format json > audit.json
  deno task audit -- --format markdown > docs/ERRATA.md     regenerate the committed errata

Exit status: 0 after printing the report, 2 on a usage error (an unknown option or format).
`;

/** The output formats, `text` first (the default). */
const FORMATS = ["text", "json", "markdown"] as const;

/** An output format of the audit. */
type Format = (typeof FORMATS)[number];

/** The parsed command line. */
type Command = { readonly help: true } | { readonly help: false; readonly format: Format };

/** Parses the arguments; throws a {@linkcode UsageError} naming the one that is wrong. */
function parseAuditArgs(argv: readonly string[]): Command {
  const { values } = parseFlags(argv, {
    format: { type: "string" },
    json: { type: "boolean" },
    markdown: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (values.help) return { help: true };
  const chosen = [
    ...(values.format === undefined ? [] : [values.format]),
    ...(values.json ? ["json"] : []),
    ...(values.markdown ? ["markdown"] : []),
  ];
  if (chosen.length > 1) {
    throw new UsageError(`give one output format, not ${chosen.join(" and ")} (see --help)`);
  }
  const format = chosen[0] ?? "text";
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`--format ${format}: expected one of ${FORMATS.join(", ")}`);
  }
  return { help: false, format: format as Format };
}

function main(argv: readonly string[]): number {
  let command: Command;
  try {
    command = parseAuditArgs(argv);
  } catch (e) {
    console.error(`audit: ${(e as Error).message}`);
    return 2;
  }
  if (command.help) {
    console.log(USAGE.trimEnd());
    return 0;
  }
  const audit = runAudit();
  if (command.format === "json") console.log(JSON.stringify(auditJson(audit), null, 2));
  else if (command.format === "markdown") console.log(renderMarkdown(audit));
  else console.log(renderText(audit, { color: Deno.stdout.isTerminal() && !Deno.noColor }));
  return 0;
}

if (import.meta.main) Deno.exit(main(Deno.args));
