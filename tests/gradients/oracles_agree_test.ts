/**
 * Three oracles that must agree: analytic backpropagation (src/reference/network.ts, src/reference/row_network.ts,
 * src/reference/bias_fold.ts), Richardson central differences (src/gradients/gradcheck.ts) and forward-mode dual numbers
 * (src/gradients/dual.ts), on networks of several depths, widths, activations, costs and both layouts, and on
 * the committed fixture networks when fixtures/ holds backward cases.
 *
 * Tolerances, and why:
 * - dual vs analytic, dW, db and δ: rtol 1e-12, atol 1e-14. Both are exact to rounding; they differ only
 *   in the order of a few dozen float64 operations, measured at under 1e-13 relative.
 * - finite differences vs analytic or dual: rtol 1e-7, atol 0, plus 16 ulps of max|f| divided by the
 *   step (the rounding floor of a difference quotient, ≈10⁻⁹·|C|). Richardson at the ∛ε step leaves
 *   only rounding, measured at under 6e-8 relative on these networks.
 * - column vs row layout: rtol 1e-12, atol 1e-14 (the same sums in another order).
 */
import assert from "node:assert";
import type { ActivationName } from "../../src/reference/activations.ts";
import { backwardFolded, forwardFolded } from "../../src/reference/bias_fold.ts";
import { isClose, type Tolerance } from "../../src/spec/compare.ts";
import { type Cost, oneHot } from "../../src/reference/costs.ts";
import { type CostData, Dual, dualDeltas, dualGradients } from "../../src/gradients/dual.ts";
import { centralStep } from "../../src/gradients/finite_diff.ts";
import {
  checkGradient,
  checkNetworkGradient,
  formatReport,
} from "../../src/gradients/gradcheck.ts";
import { matmul, Matrix, transpose } from "../../src/reference/matrix.ts";
import {
  backward,
  forward,
  type Gradients,
  initNetwork,
  type Network,
} from "../../src/reference/network.ts";
import { decodeMatrix } from "../../src/spec/number_codec.ts";
import { createRng } from "../../src/reference/random.ts";
import { resolveTolerance, type ToleranceSpec } from "../../src/spec/tolerance.ts";
import { backwardRows, forwardRows, toLayout } from "../../src/reference/row_network.ts";
import { assertMatricesClose } from "../testdata/helpers.ts";

const DUAL_VS_ANALYTIC: Tolerance = { rtol: 1e-12, atol: 1e-14 };
const FD = { rtol: 1e-7, atol: 0, fUlps: 16 };
const LAYOUTS: Tolerance = { rtol: 1e-12, atol: 1e-14 };

type Hidden = "sigmoid" | "tanh" | "relu" | "identity";
interface Config {
  sizes: number[];
  hidden: Hidden;
  output: ActivationName;
  cost: Cost;
  N: number;
}

const CE: Cost = { kind: "cross_entropy" };
const q = (convention: "squared" | "half" | "mean"): Cost => ({ kind: "quadratic", convention });

const CONFIGS: Config[] = [
  { sizes: [3, 4], hidden: "relu", output: "softmax", cost: CE, N: 4 },
  { sizes: [3, 5, 4], hidden: "sigmoid", output: "softmax", cost: CE, N: 4 },
  { sizes: [4, 6, 5, 3], hidden: "tanh", output: "softmax", cost: CE, N: 4 },
  { sizes: [4, 6, 5, 3], hidden: "relu", output: "softmax", cost: CE, N: 5 },
  { sizes: [2, 2, 1], hidden: "sigmoid", output: "sigmoid", cost: q("squared"), N: 1 },
  { sizes: [2, 3, 2], hidden: "sigmoid", output: "sigmoid", cost: q("half"), N: 3 },
  { sizes: [5, 4, 4, 4, 2], hidden: "tanh", output: "identity", cost: q("half"), N: 4 },
  { sizes: [6, 5, 3], hidden: "relu", output: "softmax", cost: q("mean"), N: 4 },
  { sizes: [5, 7, 3], hidden: "relu", output: "sigmoid", cost: CE, N: 3 },
  { sizes: [3, 8, 8, 8, 2], hidden: "relu", output: "identity", cost: q("squared"), N: 4 },
  { sizes: [1, 1, 1], hidden: "tanh", output: "identity", cost: q("half"), N: 2 },
  { sizes: [8, 3, 5], hidden: "identity", output: "tanh", cost: q("mean"), N: 6 },
];

function describe(c: Config): string {
  const cost = c.cost.kind === "quadratic" ? `quadratic_${c.cost.convention}` : "cross_entropy";
  return `${c.sizes.join("-")} ${c.hidden}/${c.output} ${cost} N=${c.N}`;
}

/** A column-layout network with nonzero biases, a batch, and targets that suit the cost. */
function makeCase(c: Config, seed: number): { net: Network; data: CostData } {
  const net = initNetwork({ sizes: c.sizes, hidden: c.hidden, output: c.output, seed });
  const rng = createRng(seed + 1000);
  for (const l of net.layers) l.b.data.forEach((_, k) => (l.b.data[k] = 0.2 * rng.normal()));
  const [d, nL] = [c.sizes[0], c.sizes[c.sizes.length - 1]];
  const X = new Matrix(d, c.N, new Float64Array(d * c.N).map(() => rng.normal()));
  const Y = c.cost.kind === "cross_entropy"
    ? oneHot(Array.from({ length: c.N }, () => rng.int(nL)), nL, "column")
    : new Matrix(nL, c.N, new Float64Array(nL * c.N).map(() => rng.next()));
  return { net, data: { X, Y, cost: c.cost } };
}

/** The same case in row layout: W, b, X, Y transposed. */
function toRows(net: Network, data: CostData): { net: Network; data: CostData } {
  return {
    net: toLayout(net, "row"),
    data: { X: transpose(data.X), Y: transpose(data.Y), cost: data.cost },
  };
}

function analyticOf(net: Network, data: CostData): Gradients {
  return net.layout === "column"
    ? backward(net, forward(net, data.X), data)
    : backwardRows(net, forwardRows(net, data.X), data);
}

/** Asserts the three oracles agree on one network and batch. */
function assertOraclesAgree(net: Network, data: CostData, analytic: Gradients): void {
  const dual = dualGradients(net, data);
  analytic.layers.forEach((g, l) => {
    assertMatricesClose(
      g.dW,
      dual.layers[l].dW,
      DUAL_VS_ANALYTIC,
      `analytic vs dual layers[${l}].dW`,
    );
    assertMatricesClose(
      g.db,
      dual.layers[l].db,
      DUAL_VS_ANALYTIC,
      `analytic vs dual layers[${l}].db`,
    );
  });
  dualDeltas(net, data).forEach((delta, l) => {
    assertMatricesClose(
      analytic.layers[l].delta,
      delta,
      DUAL_VS_ANALYTIC,
      `analytic vs dual δ of ${l}`,
    );
  });
  const fdAnalytic = checkNetworkGradient(net, data, { ...FD, analytic });
  assert.ok(fdAnalytic.ok, `finite differences vs analytic:\n${formatReport(fdAnalytic)}`);
  const fdDual = checkNetworkGradient(net, data, { ...FD, analytic: dual });
  assert.ok(fdDual.ok, `finite differences vs dual:\n${formatReport(fdDual)}`);
}

Deno.test("the three oracles agree on generated networks", async (t) => {
  for (const [i, config] of CONFIGS.entries()) {
    const { net, data } = makeCase(config, 100 + i);
    await t.step(`column layout, ${describe(config)}`, () => {
      assertOraclesAgree(net, data, analyticOf(net, data));
    });
    const rows = toRows(net, data);
    await t.step(`row layout, ${describe(config)}`, () => {
      assertOraclesAgree(rows.net, rows.data, analyticOf(rows.net, rows.data));
    });
    await t.step(`row layout with folded biases, ${describe(config)}`, () => {
      const folded = backwardFolded(rows.net, forwardFolded(rows.net, rows.data.X), rows.data);
      assertOraclesAgree(rows.net, rows.data, folded);
    });
    await t.step(`column and row gradients agree up to transposition, ${describe(config)}`, () => {
      const col = analyticOf(net, data);
      const row = analyticOf(rows.net, rows.data);
      col.layers.forEach((g, l) => {
        for (const key of ["dW", "db", "delta"] as const) {
          assertMatricesClose(
            transpose(row.layers[l][key]),
            g[key],
            LAYOUTS,
            `layers[${l}].${key}`,
          );
        }
      });
    });
  }
});

/** A 3-4-2 ReLU network whose pre-activation z of unit 1, sample 0 is set by choosing b₁. */
function kinkCase(bias: (s: number) => number): { net: Network; data: CostData; b: number } {
  const { net, data } = makeCase(
    { sizes: [3, 4, 2], hidden: "relu", output: "softmax", cost: CE, N: 3 },
    7,
  );
  const s = matmul(net.layers[0].W, data.X).get(1, 0); // z₁₀ = s + b₁, as forward() adds them
  const b = bias(s);
  net.layers[0].b.set(1, 0, b);
  return { net, data, b };
}

const KINK_PATHS = [
  "layers[0].dW[1,0]",
  "layers[0].dW[1,1]",
  "layers[0].dW[1,2]",
  "layers[0].db[1,0]",
];

Deno.test("the oracles at a ReLU kink: dual and analytic agree, finite differences say kink", async (t) => {
  await t.step("z exactly 0 at the parameters", () => {
    const { net, data } = kinkCase((s) => -s);
    assert.ok(Object.is(forward(net, data.X).layers[0].z.get(1, 0), 0));
    const analytic = analyticOf(net, data);
    const dual = dualGradients(net, data);
    analytic.layers.forEach((g, l) => {
      assertMatricesClose(g.dW, dual.layers[l].dW, DUAL_VS_ANALYTIC, `layers[${l}].dW`);
      assertMatricesClose(g.db, dual.layers[l].db, DUAL_VS_ANALYTIC, `layers[${l}].db`);
    });
    const r = checkNetworkGradient(net, data, FD);
    assert.ok(r.ok, formatReport(r));
    const kinks = r.entries.filter((e) => e.verdict === "kink").map((e) => e.path).sort();
    assert.deepStrictEqual(kinks, KINK_PATHS, formatReport(r));
    // the kink matters: at db₁ the central difference is far from ReLU′(0) = 0's answer
    const db = r.entries.find((e) => e.path === "layers[0].db[1,0]")!;
    assert.ok(db.absError > 1e3 * db.allowed, formatReport(r, 1));
  });

  await t.step("z exactly 0 after the perturbation b₁ − h", () => {
    const { net, data, b } = kinkCase((s) => -s + centralStep(-s));
    const h = centralStep(b);
    const moved = kinkCase(() => b - h);
    assert.ok(Object.is(forward(moved.net, moved.data.X).layers[0].z.get(1, 0), 0));
    assert.ok(forward(net, data.X).layers[0].z.get(1, 0) > 0);
    const r = checkNetworkGradient(net, data, FD);
    assert.ok(r.ok, formatReport(r));
    assert.strictEqual(r.entries.find((e) => e.path === "layers[0].db[1,0]")!.verdict, "kink");
  });
});

Deno.test("hand-written, finite-difference and dual gradients agree on a user-defined function", () => {
  // f(W) = Σ log(1 + exp(W·x)) over a fixed x, written by hand: no network code involved
  const x = [0.3, -1.1, 2.0];
  const W = Matrix.from([[0.5, -0.2, 0.1], [1.5, 0.3, -0.7]]);
  const f = (M: Matrix) => {
    let s = 0;
    for (let i = 0; i < M.rows; i++) {
      let u = 0;
      for (let j = 0; j < M.cols; j++) u += M.get(i, j) * x[j];
      s += Math.log1p(Math.exp(u));
    }
    return s;
  };
  // the analytic gradient by hand: ∂f/∂Wᵢⱼ = σ(uᵢ)·xⱼ
  const analytic = new Matrix(2, 3);
  for (let i = 0; i < 2; i++) {
    const u = x.reduce((s, xj, j) => s + W.get(i, j) * xj, 0);
    for (let j = 0; j < 3; j++) analytic.set(i, j, x[j] / (1 + Math.exp(-u)));
  }
  const r = checkGradient(
    ([g]) => f(g.values as Matrix),
    [{ path: "W", values: W }],
    [analytic],
    FD,
  );
  assert.ok(r.ok, formatReport(r));
  assert.strictEqual(r.checked, 6);
  // the third oracle: one dual pass per entry, f rewritten on dual numbers
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 3; j++) {
      let u = new Dual(0);
      for (let c = 0; c < 3; c++) u = u.add(new Dual(W.get(i, c), c === j ? 1 : 0).mul(x[c]));
      const d = new Dual(1).add(u.exp()).log().derivative;
      assert.ok(isClose(d, analytic.get(i, j), DUAL_VS_ANALYTIC), `dual W[${i},${j}]: ${d}`);
    }
  }
});

// ---- committed fixtures ----------------------------------------------------------------------

interface BackwardCase {
  id: string;
  net: Network;
  data: CostData;
  expected: { delta: Matrix[]; dW: Matrix[]; db: Matrix[] };
  tolerance: Tolerance;
}

const COSTS: Record<string, Cost> = {
  cross_entropy: CE,
  quadratic_squared: q("squared"),
  quadratic_half: q("half"),
  quadratic_mean: q("mean"),
};

/** Whether a JSON value holds no tagged non-finite number ("NaN", "Infinity", "-Infinity"). */
function allFinite(v: unknown): boolean {
  if (typeof v === "string") return !["NaN", "Infinity", "-Infinity"].includes(v);
  if (Array.isArray(v)) return v.every(allFinite);
  if (v !== null && typeof v === "object") return Object.values(v).every(allFinite);
  return true;
}

/**
 * Backward cases of every fixtures/*.json file (format nn-oracle-fixtures/1) whose inputs are all
 * finite: a difference quotient of a NaN or infinite cost says nothing.
 */
function loadBackwardCases(): BackwardCase[] {
  const dir = new URL("../../fixtures/", import.meta.url);
  let names: string[];
  try {
    names = [...Deno.readDirSync(dir)].filter((e) => e.isFile && e.name.endsWith(".json"))
      .map((e) => e.name).sort();
  } catch (e) {
    if (e instanceof Deno.errors.NotFound) return [];
    throw e;
  }
  return names.flatMap((name) => {
    const file = JSON.parse(Deno.readTextFileSync(new URL(name, dir)));
    // deno-lint-ignore no-explicit-any
    return (file.cases ?? []).filter((c: any) => c.op === "backward" && allFinite(c.inputs))
      // deno-lint-ignore no-explicit-any
      .map((c: any) => {
        const where = `${name}, case ${c.id}`;
        const layout = c.layout ?? "column";
        const net: Network = {
          layout,
          // deno-lint-ignore no-explicit-any
          layers: c.inputs.network.layers.map((l: any, i: number) => ({
            W: decodeMatrix(l.W, `${where}, field inputs.network.layers[${i}].W`),
            b: decodeMatrix(l.b, `${where}, field inputs.network.layers[${i}].b`),
            activation: l.activation,
          })),
        };
        const cost = COSTS[c.inputs.cost];
        if (!cost) throw new SyntaxError(`${where}: unknown cost ${JSON.stringify(c.inputs.cost)}`);
        const list = (key: string) =>
          // deno-lint-ignore no-explicit-any
          c.expected[key].map((m: any, i: number) =>
            decodeMatrix(m, `${where}, expected.${key}[${i}]`)
          );
        return {
          id: `${name}: ${c.id}`,
          net,
          data: {
            X: decodeMatrix(c.inputs.x, `${where}, inputs.x`),
            Y: decodeMatrix(c.inputs.y, `${where}, inputs.y`),
            cost,
          },
          expected: { delta: list("delta"), dW: list("dW"), db: list("db") },
          // the case's own tolerance (its class, with any override); dual numbers are exact to
          // rounding, not bit for bit, so closed_form at the least
          tolerance: ((t) => ({ rtol: Math.max(t.rtol, 1e-12), atol: Math.max(t.atol, 1e-14) }))(
            resolveTolerance(c.tolerance as ToleranceSpec),
          ),
        };
      });
  });
}

const FIXTURE_CASES = loadBackwardCases();
if (FIXTURE_CASES.length > 0) {
  Deno.test("the three oracles agree on the committed fixture networks", async (t) => {
    for (const c of FIXTURE_CASES) {
      await t.step(c.id, () => {
        const analytic = analyticOf(c.net, c.data);
        assertOraclesAgree(c.net, c.data, analytic);
        const dual = dualGradients(c.net, c.data);
        dual.layers.forEach((g, l) => {
          assertMatricesClose(
            g.dW,
            c.expected.dW[l],
            c.tolerance,
            `dual vs fixture layers[${l}].dW`,
          );
          assertMatricesClose(
            g.db,
            c.expected.db[l],
            c.tolerance,
            `dual vs fixture layers[${l}].db`,
          );
        });
      });
    }
  });
}
