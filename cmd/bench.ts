/**
 * `deno task bench`: training throughput of each backend on MNIST (samples/s and epoch time).
 *
 *   deno task bench [--model NAME] [--batch 32,64] [--backends reference,js,wasm] [--samples N]
 *
 * The reference backend is timed on a tenth of the samples (it is two orders of magnitude slower);
 * epoch times are samples/s extrapolated to 60,000 images.
 *
 * @module
 */
import { parseArgs } from "node:util";
import { loadMnist } from "../src/mnist.ts";
import { BACKEND_NAMES, type BackendName, createBackend } from "../src/train/backends.ts";
import { benchmarkTraining, benchTable } from "../src/train/bench.ts";
import { cleanParseError } from "../src/train/cli_args.ts";
import { resolveModel } from "../src/train/model_spec.ts";

const USAGE = `Usage: deno task bench [options]

  --model NAME       model to time (default 784-128-64-10; 784-h-10 needs --hidden N)
  --hidden N         hidden width of 784-h-10
  --batch LIST       batch sizes, e.g. 32,64 (default 32,64)
  --backends LIST    ${BACKEND_NAMES.join(",")} or a part of them (default all)
  --samples N        samples timed per backend and batch size (default 30000; reference: N/10)
  --help             show this text
`;

function fail(message: string): never {
  console.error(`bench: ${message}`);
  Deno.exit(2);
}

/** Whole numbers ≥ 1, comma-separated. */
function wholeNumbers(text: string, flag: string): number[] {
  return text.split(",").map((s) => {
    const n = /^\d+$/.test(s.trim()) ? Number(s) : NaN;
    if (!Number.isSafeInteger(n) || n < 1) fail(`${flag} takes whole numbers ≥ 1, got "${s}"`);
    return n;
  });
}

/** One whole number ≥ 1. */
function wholeNumber(text: string, flag: string): number {
  const [n, ...rest] = wholeNumbers(text, flag);
  if (rest.length > 0) fail(`${flag} takes one whole number, got "${text}"`);
  return n;
}

/** Parses the flags, times each backend and batch size, prints the table. */
async function main(): Promise<void> {
  let options;
  try {
    options = parseArgs({
      args: Deno.args,
      options: {
        model: { type: "string", default: "784-128-64-10" },
        hidden: { type: "string" },
        batch: { type: "string", default: "32,64" },
        backends: { type: "string", default: BACKEND_NAMES.join(",") },
        samples: { type: "string", default: "30000" },
        help: { type: "boolean", short: "h" },
      },
    }).values;
  } catch (e) {
    fail(cleanParseError((e as Error).message));
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const batches = wholeNumbers(options.batch, "--batch");
  const samples = wholeNumber(options.samples, "--samples");
  const backends = options.backends.split(",") as BackendName[];
  for (const b of backends) {
    if (!BACKEND_NAMES.includes(b)) {
      fail(`--backends takes ${BACKEND_NAMES.join(", ")}, got "${b}"`);
    }
  }
  if (options.hidden !== undefined && options.model !== "784-h-10") {
    fail(`--hidden goes with --model 784-h-10, not with "${options.model}"`);
  }
  const hidden = options.hidden === undefined ? undefined : wholeNumber(options.hidden, "--hidden");
  let spec;
  try {
    spec = resolveModel(options.model, hidden);
  } catch (e) {
    fail(`--model: ${(e as Error).message}`);
  }

  const { train } = await loadMnist();
  console.log(`model ${options.model}, ${spec.hidden} hidden, ${spec.layout} layout`);
  const results = [];
  for (const name of backends) {
    for (const batch of batches) {
      const backend = createBackend(name, { spec, seed: 1 });
      const n = name === "reference" ? Math.ceil(samples / 10) : samples;
      results.push(benchmarkTraining(backend, train, { batch, samples: n }));
    }
  }
  console.log(benchTable(results, train.count).join("\n"));
}

if (import.meta.main) {
  try {
    await main();
  } catch (e) {
    console.error(`bench: ${(e as Error).message.split("\n")[0]}`);
    Deno.exit(1);
  }
}
