#!/usr/bin/env node
// A complete nn-oracle client in plain JavaScript (Node 18+, or `deno run`): every operation of
// docs/PROTOCOL.md, both layouts, all costs, float64. It computes in column layout (W·X, one sample per
// column, as "Part 2" and "Layer by Layer" write it) and answers row-layout requests by transposing
// every matrix on the way in and on the way out.
//
// Run the check:  deno task check -- --impl "node examples/node/nn.mjs"
//
// The mathematics sits in `primitives`, small functions that `makeOps` composes into the operations;
// examples/broken/*.mjs replace one primitive each to reproduce one usual mistake.
import { createInterface } from "node:readline";
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import process from "node:process";
import { trainingSession } from "./training.mjs";

// ---------------------------------------------------------------- matrices: arrays of rows
const rows = (A) => A.length;
const cols = (A) => (A.length ? A[0].length : 0);
export const map = (A, f) => A.map((r) => r.map(f));
export const zip = (A, B, f) => {
  if (rows(A) !== rows(B) || cols(A) !== cols(B)) {
    throw new Error(`shape mismatch: ${rows(A)}×${cols(A)} vs ${rows(B)}×${cols(B)}`);
  }
  return A.map((r, i) => r.map((x, j) => f(x, B[i][j])));
};
export const sub = (A, B) => zip(A, B, (x, y) => x - y);
export const mul = (A, B) => zip(A, B, (x, y) => x * y);
export const scale = (A, s) => map(A, (x) => s * x);
export const transpose = (A) => Array.from({ length: cols(A) }, (_, j) => A.map((r) => r[j]));
export function matmul(A, B) {
  if (cols(A) !== rows(B)) {
    throw new Error(`cannot multiply ${rows(A)}×${cols(A)} by ${rows(B)}×${cols(B)}`);
  }
  const C = Array.from({ length: rows(A) }, () => new Array(cols(B)).fill(0));
  for (let i = 0; i < rows(A); i++) {
    for (let k = 0; k < cols(A); k++) {
      const aik = A[i][k];
      const Bk = B[k];
      const Ci = C[i];
      for (let j = 0; j < Ci.length; j++) Ci[j] += aik * Bk[j];
    }
  }
  return C;
}
// z = W·x + b with b (n × 1) broadcast across the columns of the batch
export const addColumn = (A, b) => A.map((r, i) => r.map((x) => x + b[i][0]));
export const rowSums = (A) => A.map((r) => [r.reduce((s, x) => s + x, 0)]);
const columns = (A) => transpose(A); // the samples of a column batch, one array each
const fromColumns = (cs) => transpose(cs);

// ---------------------------------------------------------------- the mathematics
export const primitives = {
  // σ(z) on the branch where exp cannot overflow
  sigmoid: (z) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))),
  // σ′(z) = σ(z)(1 − σ(z)), written σ(z)σ(−z) to keep precision where σ(z) rounds to 1
  sigmoidPrime: (z) => primitives.sigmoid(z) * primitives.sigmoid(-z),
  tanh: Math.tanh,
  tanhPrime: (z) => 1 / Math.cosh(z) ** 2,
  relu: (z) => (z > 0 ? z : z <= 0 ? 0 : z),
  // "Part 2": ReLU′ is `Z > 0`, so ReLU′(0) = 0
  reluPrime: (z) => (z > 0 ? 1 : z <= 0 ? 0 : z),
  identity: (z) => z,
  identityPrime: (z) => (Number.isNaN(z) ? z : 1),
  // softmax of one sample, shifted by its maximum so that exp cannot overflow
  softmax: (u) => {
    const m = Math.max(...u);
    if (m === Infinity) {
      // the limit for +∞ logits: they share all the mass (∞ − ∞ would be NaN)
      const count = u.filter((x) => x === Infinity).length;
      return u.map((x) => (Number.isNaN(x) ? NaN : x === Infinity ? 1 / count : 0));
    }
    const e = u.map((x) => Math.exp(x - m));
    const s = e.reduce((p, q) => p + q, 0);
    return e.map((x) => x / s);
  },
  logSumExp: (u) => {
    const m = Math.max(...u);
    if (!Number.isFinite(m)) return m;
    return m + Math.log(u.reduce((s, x) => s + Math.exp(x - m), 0));
  },
  // the batch cost is the mean of the per-sample costs
  batchMean: (N) => 1 / N,
  // C₀ = factor · Σ (a − y)²: "squared" 1, "half" ½, "mean" 1/n_L
  quadraticFactor: (convention, nL) => ({ squared: 1, half: 0.5, mean: 1 / nL })[convention],
  // δᴸ of softmax with cross-entropy, per sample: a·Σy − y, which is a − y ("Part 2") when Σy = 1
  softmaxCrossEntropyDelta: (P, Y) => {
    const sums = Y[0].map((_, k) => Y.reduce((s, r) => s + r[k], 0));
    return P.map((r, i) => r.map((p, k) => p * sums[k] - Y[i][k]));
  },
  // f′ inside backpropagation, taken at the pre-activation z
  backpropDerivative: (act, z, _a) => map(z, derivativeOf(act)),
  // f′(zˡ) of the hidden layer l (layers[l − 1]), asked while δˡ is formed from layer l + 1
  hiddenDerivative: (layers, next, z, a) =>
    primitives.backpropDerivative(layers[next - 1].activation, z, a),
  // δˡ = (Wˡ⁺¹)ᵀ δˡ⁺¹ ⊙ f′(zˡ)
  hiddenDelta: (Wnext, deltaNext, fPrime) => mul(matmul(transpose(Wnext), deltaNext), fPrime),
  // ∂C/∂W = (1/N) δ aᵀ
  weightGradient: (delta, aPrev) =>
    scale(matmul(delta, transpose(aPrev)), primitives.batchMean(cols(delta))),
  // ∂C/∂b = (1/N) Σ δ
  biasGradient: (delta) => scale(rowSums(delta), primitives.batchMean(cols(delta))),
  // the δ reported per sample (no 1/N)
  reportedDelta: (delta) => delta,
  // the mean over the samples of a batch of per-sample costs A (one sample per column)
  costMean: (A) => primitives.batchMean(cols(A)),
  // f′(zᴸ) in δᴸ = ∂C₀/∂aᴸ ⊙ f′(zᴸ)
  outputDerivative: (act, z, a) => primitives.backpropDerivative(act, z, a),
  // δᴸ of the output layer, per sample
  outputDelta: (last, Y, act, c) => outputDelta(last, Y, act, c),
  // softmax Jacobian times g for one sample: J·g = p ⊙ (g − pᵀg), J = diag(p) − p pᵀ
  softmaxJacobianTimes: (p, g) => {
    const pg = p.reduce((s, pi, i) => s + pi * g[i], 0);
    return p.map((pi, i) => pi * (g[i] - pg));
  },
  // the cross-entropy of softmax(Z), from the logits
  softmaxCrossEntropy: (Z, Y) => softmaxCrossEntropy(Z, Y),
  // one gradient step of a parameter, W ← W − η dW ("Part 2", updating rule), and of a bias
  step: (P, dP, lr) => sub(P, scale(dP, lr)),
  stepBias: (b, db, lr) => primitives.step(b, db, lr),
  // row-layout answers are the column-layout ones transposed
  outputsFor: (layout, op, outputs) => (layout === "row" ? toOtherLayout(op, outputs) : outputs),
};

function derivativeOf(act) {
  const P = primitives;
  const d = {
    sigmoid: P.sigmoidPrime,
    tanh: P.tanhPrime,
    relu: P.reluPrime,
    identity: P.identityPrime,
  }[act];
  if (!d) throw new Error(`no elementwise derivative for activation "${act}"`);
  return d;
}

function activationOf(act) {
  const f = {
    sigmoid: primitives.sigmoid,
    tanh: primitives.tanh,
    relu: primitives.relu,
    identity: primitives.identity,
  }[act];
  if (!f) throw new Error(`unknown activation "${act}"`);
  return f;
}

const softmaxColumns = (Z) => fromColumns(columns(Z).map((u) => primitives.softmax(u)));
const activate = (Z, act) => (act === "softmax" ? softmaxColumns(Z) : map(Z, activationOf(act)));

export function forward(network, X) {
  const pass = [];
  let a = X;
  for (const { W, b, activation } of network.layers) {
    const z = addColumn(matmul(W, a), b); // Z = W·A + b
    a = activate(z, activation);
    pass.push({ z, a });
  }
  return pass;
}

export function parseCost(cost) {
  if (cost === "cross_entropy") return { kind: "cross_entropy" };
  const m = /^quadratic_(squared|half|mean)$/.exec(cost);
  if (!m) throw new Error(`unknown cost "${cost}"`);
  return { kind: "quadratic", convention: m[1] };
}

function crossEntropy(P, Y) {
  let total = 0;
  P.forEach((r, i) =>
    r.forEach((p, k) => {
      if (Y[i][k] !== 0) total -= Y[i][k] * Math.log(p);
    })
  );
  return total * primitives.costMean(P);
}

function softmaxCrossEntropy(Z, Y) {
  // −log softmax(u)ᵢ = logsumexp(u) − uᵢ: finite where softmax itself underflows
  const ys = columns(Y);
  let total = 0;
  columns(Z).forEach((u, k) => {
    const lse = primitives.logSumExp(u);
    u.forEach((ui, i) => {
      if (ys[k][i] !== 0) total += ys[k][i] * (lse - ui);
    });
  });
  return total * primitives.costMean(Z);
}

function quadratic(A, Y, convention) {
  let total = 0;
  A.forEach((r, i) => r.forEach((a, k) => (total += (a - Y[i][k]) ** 2)));
  return total * primitives.quadraticFactor(convention, rows(A)) * primitives.costMean(A);
}

// per-sample ∂C₀/∂a (no 1/N)
function quadraticSampleGrad(A, Y, convention) {
  return scale(sub(A, Y), 2 * primitives.quadraticFactor(convention, rows(A)));
}

function cost(pass, Y, network, c) {
  const last = pass[pass.length - 1];
  if (c.kind === "quadratic") return quadratic(last.a, Y, c.convention);
  const out = network.layers[network.layers.length - 1].activation;
  return out === "softmax" ? primitives.softmaxCrossEntropy(last.z, Y) : crossEntropy(last.a, Y);
}

// per-sample ∂C₀/∂p of cross-entropy: −y/p, 0 where y = 0 ("2 Layer NN", Loss → T4)
function crossEntropySampleGrad(P, Y) {
  return zip(P, Y, (p, y) => (y === 0 ? 0 : -y / p));
}

function outputDelta(last, Y, act, c) {
  if (act === "softmax" && c.kind === "cross_entropy") {
    return primitives.softmaxCrossEntropyDelta(last.a, Y);
  }
  const g = c.kind === "quadratic"
    ? quadraticSampleGrad(last.a, Y, c.convention)
    : crossEntropySampleGrad(last.a, Y);
  if (act !== "softmax") return mul(g, primitives.outputDerivative(act, last.z, last.a));
  // softmax with another cost: J·g per sample
  const gs = columns(g);
  return fromColumns(columns(last.a).map((p, k) => primitives.softmaxJacobianTimes(p, gs[k])));
}

function backward(network, X, Y, c) {
  const pass = forward(network, X);
  const L = network.layers.length;
  const out = new Array(L);
  let delta = primitives.outputDelta(pass[L - 1], Y, network.layers[L - 1].activation, c);
  for (let l = L - 1; l >= 0; l--) {
    const aPrev = l === 0 ? X : pass[l - 1].a;
    out[l] = {
      delta: primitives.reportedDelta(delta),
      dW: primitives.weightGradient(delta, aPrev),
      db: primitives.biasGradient(delta),
    };
    if (l > 0) {
      const { z, a } = pass[l - 1];
      const fPrime = primitives.hiddenDerivative(network.layers, l, z, a);
      delta = primitives.hiddenDelta(network.layers[l].W, delta, fPrime);
    }
  }
  // δ¹ as computed (not as reported): ∂C/∂x reads it
  return { grads: out, pass, delta1: delta };
}

export const ops = {
  sigmoid: ({ z }) => ({ a: map(z, primitives.sigmoid) }),
  tanh: ({ z }) => ({ a: map(z, primitives.tanh) }),
  relu: ({ z }) => ({ a: map(z, primitives.relu) }),
  sigmoid_prime: ({ z }) => ({ d: map(z, primitives.sigmoidPrime) }),
  tanh_prime: ({ z }) => ({ d: map(z, primitives.tanhPrime) }),
  relu_prime: ({ z }) => ({ d: map(z, primitives.reluPrime) }),
  softmax: ({ z }) => ({ p: softmaxColumns(z) }),
  softmax_jacobian: ({ z }) => {
    const p = primitives.softmax(z.map((r) => r[0]));
    return { J: p.map((pi, i) => p.map((pj, j) => (i === j ? pi : 0) - pi * pj)) };
  },
  cross_entropy: ({ p, y }) => ({ loss: crossEntropy(p, y) }),
  softmax_cross_entropy: ({ z, y }) => ({ loss: primitives.softmaxCrossEntropy(z, y) }),
  softmax_cross_entropy_grad: ({ z, y }) => ({
    dz: scale(
      primitives.softmaxCrossEntropyDelta(softmaxColumns(z), y),
      primitives.batchMean(cols(z)),
    ),
  }),
  cross_entropy_grad: ({ p, y }) => ({
    dp: scale(crossEntropySampleGrad(p, y), primitives.batchMean(cols(p))),
  }),
  quadratic_cost: ({ a, y, convention }) => ({ loss: quadratic(a, y, convention) }),
  quadratic_cost_grad: ({ a, y, convention }) => ({
    da: scale(quadraticSampleGrad(a, y, convention), primitives.batchMean(cols(a))),
  }),
  dense_forward: ({ W, b, x, activation }) => {
    const z = addColumn(matmul(W, x), b);
    return { z, a: activate(z, activation) };
  },
  forward: ({ network, x }) => {
    const pass = forward(network, x);
    return { z: pass.map((p) => p.z), a: pass.map((p) => p.a) };
  },
  // z and a are optional in the answer: with them the oracle checks the forward pass behind δ too
  backward: ({ network, x, y, cost: c }) => {
    const { grads: g, pass } = backward(network, x, y, parseCost(c));
    return {
      delta: g.map((l) => l.delta),
      dW: g.map((l) => l.dW),
      db: g.map((l) => l.db),
      z: pass.map((p) => p.z),
      a: pass.map((p) => p.a),
    };
  },
  // ∂C/∂x = (W¹)ᵀ δ¹ / N: the δ recursion one step past the first layer
  input_grad: ({ network, x, y, cost: c }) => {
    const { delta1 } = backward(network, x, y, parseCost(c));
    const dx = matmul(transpose(network.layers[0].W), delta1);
    return { dx: scale(dx, primitives.batchMean(cols(x))) };
  },
  network_cost: ({ network, x, y, cost: c }) => {
    const pass = forward(network, x);
    return {
      loss: cost(pass, y, network, parseCost(c)),
      z: pass.map((p) => p.z),
      a: pass.map((p) => p.a),
    };
  },
  sgd_step: ({ network, x, y, cost: c, lr }) => {
    const { grads: g } = backward(network, x, y, parseCost(c));
    // W := W − α ∂L/∂W, b := b − α ∂L/∂b ("Part 2", updating rule)
    const layers = network.layers.map((layer, l) => ({
      W: primitives.step(layer.W, g[l].dW, lr),
      b: primitives.stepBias(layer.b, g[l].db, lr),
      activation: layer.activation,
    }));
    // dW and db are optional in the answer: with them the oracle tells a wrong gradient from a wrong step
    return { network: { layers }, dW: g.map((l) => l.dW), db: g.map((l) => l.db) };
  },
  shapes: ({ sizes, batch }) => {
    const s = sizes.slice(1).map((n, i) => ({ n, prev: sizes[i] }));
    const act = s.map(({ n }) => [n, batch]);
    return {
      W: s.map(({ n, prev }) => [n, prev]),
      b: s.map(({ n }) => [n, 1]),
      z: act,
      a: act,
      delta: act,
      dW: s.map(({ n, prev }) => [n, prev]),
      db: s.map(({ n }) => [n, 1]),
      Wb: s.map(({ n, prev }) => [n, prev + 1]), // [W | b]: the bias is one more column of weights
    };
  },
};

// ---------------------------------------------------------------- layouts and the number encoding
const isMatrix = (v) =>
  Array.isArray(v) && v.length > 0 &&
  v.every((r) => Array.isArray(r) && r.every((x) => typeof x === "number"));

// transpose every matrix inside a value (a row-layout request is the column-layout one transposed)
export function transposeAll(v) {
  if (isMatrix(v)) return transpose(v);
  if (Array.isArray(v)) return v.map(transposeAll);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, transposeAll(x)]));
  }
  return v;
}

function toOtherLayout(op, outputs) {
  if (op !== "shapes") return transposeAll(outputs);
  return Object.fromEntries(
    Object.entries(outputs).map(([k, pairs]) => [k, pairs.map(([r, c]) => [c, r])]),
  );
}

const TAGS = { "NaN": NaN, "Infinity": Infinity, "-Infinity": -Infinity, "-0": -0 };
export function decode(v) {
  if (typeof v === "string" && v in TAGS) return TAGS[v];
  if (Array.isArray(v)) return v.map(decode);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x)]));
  }
  return v;
}
export function encode(v) {
  if (typeof v === "number") {
    if (Number.isNaN(v)) return "NaN";
    if (v === Infinity) return "Infinity";
    if (v === -Infinity) return "-Infinity";
    return Object.is(v, -0) ? "-0" : v;
  }
  if (Array.isArray(v)) return v.map(encode);
  if (v && typeof v === "object") {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  }
  return v;
}

// ---------------------------------------------------------------- the protocol loop
export function answer(request, layouts = ["column", "row"]) {
  const { id, op, layout, inputs } = request;
  const run = ops[op];
  if (!run) return { id, error: `unsupported op "${op}"` };
  if (layout !== undefined && !layouts.includes(layout)) {
    return { id, error: `unsupported layout "${layout}"` };
  }
  try {
    const decoded = decode(inputs);
    const colInputs = layout === "row" ? transposeAll(decoded) : decoded;
    const outputs = primitives.outputsFor(layout, op, run(colInputs));
    return { id, outputs: encode(outputs) };
  } catch (e) {
    return { id, error: String(e?.message ?? e) };
  }
}

/**
 * Speaks the protocol on stdin/stdout until stdin closes.
 * @param {{name?: string, layouts?: string[], activations?: object, overrides?: object, training?: object}} options
 *   `training` replaces entries of the training loop's `defaults` (examples/node/training.mjs).
 */
export function serve(options = {}) {
  Object.assign(primitives, options.overrides ?? {});
  const layouts = options.layouts ?? ["column", "row"];
  const hello = {
    type: "hello",
    protocol: 1,
    name: options.name ?? "nn-oracle example client (Node)",
    ops: Object.keys(ops),
    layouts,
    costs: ["cross_entropy", "quadratic_squared", "quadratic_half", "quadratic_mean"],
    precision: "float64",
    training: 1, // the training session (PROTOCOL.md, "Training session")
    ...(options.activations ? { activations: options.activations } : {}),
  };
  const training = trainingSession(options.training);
  process.stdout.write(JSON.stringify(hello) + "\n");
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  lines.on("line", (line) => {
    if (line.trim() === "") return;
    let request;
    try {
      request = JSON.parse(line);
    } catch {
      process.stdout.write(JSON.stringify({ id: null, error: "request is not JSON" }) + "\n");
      return;
    }
    const response = training.handles(request.op)
      ? training.answer(request)
      : answer(request, layouts);
    process.stdout.write(JSON.stringify(response) + "\n");
  });
}

function invokedDirectly() {
  if (typeof import.meta.main === "boolean") return import.meta.main;
  try {
    return import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
}
if (invokedDirectly()) serve();
