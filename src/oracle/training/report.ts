/**
 * The reports of a training check: pretty text, JSON (`nn-oracle-training/1`), JUnit XML (one test
 * case per lockstep step, one for the run, one for the accuracy) and a self-contained HTML page with the
 * client's loss curve beside the reference's.
 *
 * @module
 */
import { encodeNumber } from "../../spec/number_codec.ts";
import { fmt } from "../../spec/compare.ts";
import { escapeHtml, lineChart } from "../../train/cli/report_html.ts";
import { percent } from "../../train/cli/progress.ts";
import { formatSchedule } from "../../train/schedule.ts";
import type { TrainingRecipe } from "./recipe.ts";
import type { TrainingResult } from "./result.ts";

/** The JSON report's format tag. */
export const TRAINING_REPORT_FORMAT = "nn-oracle-training/1";

/**
 * One line describing the run: model, epochs, steps, batch, rate, schedule, seed, data.
 *
 * @param recipe The recipe.
 * @param r The result (for steps and image counts).
 * @returns The line.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { document001Recipe } from "./recipe.ts";
 * const line = describeRun(document001Recipe(), { totalSteps: 11250, testImages: 10000 });
 * assert.match(line, /^784-128-64-10 relu, 6 epochs \(11250 steps\), batch 32, η 0.15 cosine, seed 1/);
 * ```
 */
export function describeRun(
  recipe: TrainingRecipe,
  r: Pick<TrainingResult, "totalSteps" | "testImages">,
): string {
  const c = recipe.config;
  const images = recipe.trainImages === undefined ? "all" : `the first ${recipe.trainImages}`;
  return `${
    recipe.spec.sizes.join("-")
  } ${recipe.spec.hidden}, ${c.epochs} epochs (${r.totalSteps} steps), ` +
    `batch ${c.batchSize}, η ${c.lr} ${formatSchedule(c.schedule)}, seed ${c.seed}; ` +
    `${images} training images, ${r.testImages} test images`;
}

/**
 * The pretty report.
 *
 * @param r The result.
 * @param recipe The recipe.
 * @returns Text ending in a newline.
 */
export function prettyTraining(r: TrainingResult, recipe: TrainingRecipe): string {
  const lines = [
    `Training check: ${r.client.name} (${r.client.precision}, ${r.client.layout} layout)`,
    `  run: ${describeRun(recipe, r)}`,
  ];
  const agreed = r.lockstep.filter((v) => !v.parted).length;
  if (r.parted) {
    const p = r.parted;
    lines.push(
      `FAIL lockstep: parted from the reference at step ${p.step} (epoch ${
        p.epoch + 1
      }) after ${agreed} agreeing steps`,
      `  ${p.parted}`,
      p.mistake
        ? `  matches "${p.mistake.name}": ${p.mistake.title}\n  fix: ${p.mistake.hint}`
        : "  matches no known training mistake",
    );
  } else {
    lines.push(
      `${r.failure ? "----" : "PASS"} lockstep: ${agreed} steps agree with the float64 reference ` +
        `(steps ${r.lockstep.map((v) => v.step).join(", ")})`,
    );
  }
  if (r.failure) lines.push(`FAIL run: ${r.failure}`);
  if (r.epochs.length) {
    lines.push("  epoch  client loss  reference loss");
    for (const e of r.epochs) {
      lines.push(
        `  ${String(e.epoch).padStart(5)}  ${e.client.toFixed(4).padStart(11)}  ${
          e.reference.toFixed(4).padStart(14)
        }`,
      );
    }
  }
  if (r.accuracy !== undefined) {
    lines.push(
      `${r.accuracy >= r.passAccuracy ? "PASS" : "FAIL"} accuracy: ${
        percent(r.accuracy)
      } on ${r.testImages} test images ` +
        `(scored by the oracle from the final weights; the reference trainer reached ${
          percent(r.referenceAccuracy!)
        }; ` +
        `pass ≥ ${percent(r.passAccuracy)})`,
    );
  }
  lines.push(
    `${r.ok ? "PASS" : "FAIL"}: ${r.stepsDone} of ${r.totalSteps} steps in ${
      r.seconds.toFixed(1)
    } s`,
  );
  return lines.join("\n") + "\n";
}

/**
 * The JSON report.
 *
 * @param r The result.
 * @param recipe The recipe.
 * @returns Pretty-printed JSON text.
 * @example
 * ```ts
 * import assert from "node:assert";
 * import { document001Recipe } from "./recipe.ts";
 * const r = { client: { name: "x", precision: "float64", layout: "column" } as const, totalSteps: 1, stepsDone: 1, lockstep: [],
 *   losses: new Float64Array([NaN]), referenceLosses: new Float64Array([2]), epochs: [], passAccuracy: 0.975, testImages: 1,
 *   seconds: 1, ok: false, failure: "step 0: NaN" };
 * const j = JSON.parse(jsonTraining(r, document001Recipe()));
 * assert.strictEqual(j.format, "nn-oracle-training/1");
 * assert.deepStrictEqual(j.losses, ["NaN"]);
 * ```
 */
export function jsonTraining(r: TrainingResult, recipe: TrainingRecipe): string {
  return JSON.stringify(
    {
      format: TRAINING_REPORT_FORMAT,
      ok: r.ok,
      client: r.client,
      recipe: {
        sizes: recipe.spec.sizes,
        hidden: recipe.spec.hidden,
        ...recipe.config,
        trainImages: recipe.trainImages ?? null,
        testImages: r.testImages,
        lockstep: recipe.lockstep,
        passAccuracy: recipe.passAccuracy,
      },
      totalSteps: r.totalSteps,
      stepsDone: r.stepsDone,
      lockstep: r.lockstep.map((v) => ({
        step: v.step,
        epoch: v.epoch,
        expectedLoss: encodeNumber(v.expectedLoss),
        loss: encodeNumber(v.loss),
        parted: v.parted ?? null,
        mistake: v.mistake ?? null,
      })),
      failure: r.failure ?? null,
      epochs: r.epochs,
      accuracy: r.accuracy ?? null,
      referenceAccuracy: r.referenceAccuracy ?? null,
      seconds: r.seconds,
      losses: Array.from(r.losses, encodeNumber),
      referenceLosses: Array.from(r.referenceLosses, encodeNumber),
    },
    null,
    1,
  ) + "\n";
}

/**
 * The JUnit XML report: a suite `training` with a case per lockstep step, one for the run and one for
 * the accuracy.
 *
 * @param r The result.
 * @param recipe The recipe.
 * @returns XML text.
 */
export function junitTraining(r: TrainingResult, recipe: TrainingRecipe): string {
  const cases: string[] = [];
  const add = (name: string, failure?: { message: string; type: string; body?: string }) => {
    const open = `    <testcase classname="nn-oracle.training" name="${escapeHtml(name)}"`;
    cases.push(
      failure
        ? `${open}>\n      <failure message="${escapeHtml(failure.message)}" type="${
          escapeHtml(failure.type)
        }">${escapeHtml(failure.body ?? "")}</failure>\n    </testcase>`
        : `${open}/>`,
    );
  };
  for (const v of r.lockstep) {
    add(
      `lockstep/step-${v.step}`,
      v.parted
        ? {
          message: v.parted,
          type: v.mistake?.name ?? "mismatch",
          body: v.mistake ? `${v.mistake.title} — fix: ${v.mistake.hint}` : "",
        }
        : undefined,
    );
  }
  if (r.parted && !r.failure) {
    cases.push(
      `    <testcase classname="nn-oracle.training" name="run">\n      <skipped message="stopped at step ${r.parted.step}, where lockstep parted"/>\n    </testcase>`,
    );
  } else add("run", r.failure ? { message: r.failure, type: "misbehaviour" } : undefined);
  if (r.accuracy !== undefined) {
    add(
      "accuracy",
      r.accuracy >= r.passAccuracy ? undefined : {
        message: `test accuracy ${percent(r.accuracy)} is below ${percent(r.passAccuracy)}`,
        type: "accuracy",
      },
    );
  }
  const failures = cases.filter((c) => c.includes("<failure")).length;
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="nn-oracle training: ${
      escapeHtml(r.client.name)
    }" tests="${cases.length}" failures="${failures}">`,
    `  <testsuite name="training" tests="${cases.length}" failures="${failures}" time="${r.seconds}">`,
    `    <properties><property name="run" value="${
      escapeHtml(describeRun(recipe, r))
    }"/></properties>`,
    ...cases,
    `  </testsuite>`,
    `</testsuites>`,
  ].join("\n") + "\n";
}

/**
 * The HTML page: verdicts, and the client's per-epoch loss beside the reference trainer's.
 *
 * @param r The result.
 * @param recipe The recipe.
 * @returns A self-contained page.
 */
export function htmlTraining(r: TrainingResult, recipe: TrainingRecipe): string {
  const text = prettyTraining(r, recipe);
  const chart = r.epochs.length
    ? lineChart([
      { label: "client", color: "#3b6fb6", values: r.epochs.map((e) => e.client) },
      { label: "reference", color: "#e07b24", values: r.epochs.map((e) => e.reference) },
    ], { yTitle: "training loss (epoch mean)", yMin: 0 })
    : "<p>No epoch completed.</p>";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${
    escapeHtml(`Training check: ${r.client.name}`)
  }</title>
<style>body{font:15px system-ui,sans-serif;margin:2em auto;max-width:60em}pre{background:#f5f5f5;padding:1em;white-space:pre-wrap}
.chart{max-width:40em}.chart text{font-size:12px}.grid{stroke:#ddd}.axis{stroke:#333}</style></head>
<body><h1>${escapeHtml(`Training check: ${r.client.name}`)} — ${r.ok ? "PASS" : "FAIL"}</h1>
<h2>Loss per epoch</h2>${chart}
<h2>Verdicts</h2><pre>${escapeHtml(text)}</pre>
<p>Per-step losses (${r.losses.length}): ${
    escapeHtml(Array.from(r.losses.subarray(0, 8), (x) => fmt(x)).join(", "))
  }${r.losses.length > 8 ? ", …" : ""}</p>
</body></html>
`;
}
