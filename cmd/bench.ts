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
import { resolveModel } from "../src/train/model_spec.ts";

function fail(message: string): never {
  console.error(`bench: ${message}`);
  Deno.exit(2);
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
      },
    }).values;
  } catch (e) {
    fail((e as Error).message.split(/\.\s/)[0]);
  }
  const list = (text: string, flag: string) =>
    text.split(",").map((s) => {
      const n = Number(s);
      if (!Number.isInteger(n) || n < 1) fail(`${flag} takes whole numbers ≥ 1, got "${s}"`);
      return n;
    });
  const batches = list(options.batch, "--batch");
  const [samples] = list(options.samples, "--samples");
  const backends = options.backends.split(",") as BackendName[];
  for (const b of backends) {
    if (!BACKEND_NAMES.includes(b)) {
      fail(`--backends takes ${BACKEND_NAMES.join(", ")}, got "${b}"`);
    }
  }
  let spec;
  try {
    spec = resolveModel(
      options.model,
      options.hidden === undefined ? undefined : Number(options.hidden),
    );
  } catch (e) {
    fail((e as Error).message);
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

if (import.meta.main) await main();
