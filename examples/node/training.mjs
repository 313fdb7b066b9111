// The training session of docs/PROTOCOL.md ("Training session") for the Node client: document 001's
// training loop ("Part 2": Z = W·A + b, ReLU, softmax + cross-entropy, W := W − α·dW) on the batches the
// oracle names, in flat Float64Arrays so that six epochs of MNIST take about a minute.
//
// Every choice a training loop can get wrong is one entry of `defaults`; the broken clients in
// examples/broken/train_*.mjs replace one entry each.
import { readFileSync } from "node:fs";

// Reads an IDX file (PROTOCOL.md, "The IDX format"): magic 0 0 type dims, then big-endian sizes, then data.
export function readIdx(path) {
  const bytes = readFileSync(path);
  const dims = bytes[3];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: dims }, (_, k) => view.getUint32(4 + 4 * k));
  return { shape, data: bytes.subarray(4 + 4 * dims) };
}

export const defaults = {
  // pixel byte → input value ("Part 2" scales by 255)
  pixelScale: 1 / 255,
  // the label paired with the image of training-set index k
  labelOf: (session, k) => session.trainLabels[k],
  // the output unit a label switches on in the one-hot target
  targetUnit: (y) => y,
  // η of a step: the one the oracle sends
  rate: (_session, request) => request.lr,
  // gradients start from zero each step
  resetGradients: true,
  // W := W − η·dW, in place
  update: (param, grad, lr) => {
    for (let k = 0; k < param.length; k++) param[k] -= lr * grad[k];
  },
};

// A network layer: W (out × in, row-major), b (out), its activation, and its gradient buffers.
function layerFrom({ W, b, activation }) {
  const out = W.length;
  const inp = W[0].length;
  return {
    out,
    inp,
    activation,
    W: Float64Array.from(W.flat()),
    b: Float64Array.from(b.flat()),
    dW: new Float64Array(out * inp),
    db: new Float64Array(out),
  };
}

const toRows = (flat, rows, cols) =>
  Array.from({ length: rows }, (_, i) => Array.from(flat.subarray(i * cols, (i + 1) * cols)));

export function networkOf(layers) {
  return {
    layers: layers.map((l) => ({
      W: toRows(l.W, l.out, l.inp),
      b: toRows(l.b, l.out, 1),
      activation: l.activation,
    })),
  };
}

// One step: forward, loss, backward (δ per sample, dW and db batch means), update. Activations are
// kept sample-major (n × width) so that every inner loop runs over contiguous memory.
function step(session, request) {
  const { layers, hooks } = session;
  const { indices } = request;
  const n = indices.length;
  const d = layers[0].inp;
  const X = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const base = indices[i] * d;
    for (let p = 0; p < d; p++) X[i * d + p] = session.trainImages[base + p] * hooks.pixelScale;
  }
  const acts = [X];
  const zs = [];
  for (const layer of layers) {
    const A = acts[acts.length - 1];
    const Z = new Float64Array(n * layer.out);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < layer.out; j++) {
        let s = layer.b[j];
        const w = j * layer.inp;
        const a = i * layer.inp;
        for (let k = 0; k < layer.inp; k++) s += layer.W[w + k] * A[a + k];
        Z[i * layer.out + j] = s;
      }
    }
    zs.push(Z);
    acts.push(layer.activation === "softmax" ? softmaxRows(Z, n, layer.out) : Z.map(relu));
  }
  const last = layers[layers.length - 1];
  const P = acts[acts.length - 1];
  let loss = 0;
  // δᴸ = P − Y for softmax with cross-entropy ("Part 2")
  let D = P.slice();
  for (let i = 0; i < n; i++) {
    const t = hooks.targetUnit(hooks.labelOf(session, indices[i]));
    loss -= logSoftmaxAt(zs[zs.length - 1], i, last.out, t);
    D[i * last.out + t] -= 1;
  }
  loss /= n;
  for (let l = layers.length - 1; l >= 0; l--) {
    const layer = layers[l];
    const A = acts[l];
    if (hooks.resetGradients) {
      layer.dW.fill(0);
      layer.db.fill(0);
    }
    // dW = (1/n) δ·Aᵀ, db = (1/n) Σ δ
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < layer.out; j++) {
        const g = D[i * layer.out + j] / n;
        if (g === 0) continue;
        layer.db[j] += g;
        const w = j * layer.inp;
        const a = i * layer.inp;
        for (let k = 0; k < layer.inp; k++) layer.dW[w + k] += g * A[a + k];
      }
    }
    if (l > 0) {
      // δˡ⁻¹ = Wᵀδˡ ⊙ ReLU′(zˡ⁻¹), ReLU′(0) = 0
      const Zp = zs[l - 1];
      const Dp = new Float64Array(n * layer.inp);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < layer.out; j++) {
          const g = D[i * layer.out + j];
          if (g === 0) continue;
          const w = j * layer.inp;
          for (let k = 0; k < layer.inp; k++) Dp[i * layer.inp + k] += g * layer.W[w + k];
        }
        for (let k = 0; k < layer.inp; k++) {
          if (!(Zp[i * layer.inp + k] > 0)) Dp[i * layer.inp + k] = 0;
        }
      }
      D = Dp;
    }
  }
  const lr = hooks.rate(session, request);
  for (const layer of layers) {
    hooks.update(layer.W, layer.dW, lr, n);
    hooks.update(layer.b, layer.db, lr, n);
  }
  return loss;
}

const relu = (z) => (z > 0 ? z : 0);

function softmaxRows(Z, n, m) {
  const P = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let j = 0; j < m; j++) max = Math.max(max, Z[i * m + j]);
    let s = 0;
    for (let j = 0; j < m; j++) s += P[i * m + j] = Math.exp(Z[i * m + j] - max);
    for (let j = 0; j < m; j++) P[i * m + j] /= s;
  }
  return P;
}

function logSoftmaxAt(Z, i, m, t) {
  let max = -Infinity;
  for (let j = 0; j < m; j++) max = Math.max(max, Z[i * m + j]);
  let s = 0;
  for (let j = 0; j < m; j++) s += Math.exp(Z[i * m + j] - max);
  return Z[i * m + t] - max - Math.log(s);
}

const encodeLoss = (x) => (Number.isNaN(x) ? "NaN" : x === Infinity ? "Infinity" : x);

// The session: train_begin loads the data and the network, the other three act on them.
export function trainingSession(overrides = {}) {
  const session = { hooks: { ...defaults, ...overrides } };
  const ops = {
    train_begin(inputs) {
      session.trainImages = readIdx(inputs.data.train_images).data;
      session.trainLabels = readIdx(inputs.data.train_labels).data;
      session.schedule = inputs.schedule;
      session.stepsPerEpoch = inputs.steps_per_epoch;
      session.epochs = inputs.epochs;
      session.layers = inputs.network.layers.map(layerFrom);
      session.hooks.begin?.(session);
      return {};
    },
    train_step: (inputs) => ({ loss: encodeLoss(step(session, inputs)) }),
    train_get_network: () => ({ network: networkOf(session.layers) }),
    train_set_network(inputs) {
      session.layers = inputs.network.layers.map(layerFrom);
      return {};
    },
  };
  return {
    handles: (op) => Object.hasOwn(ops, op),
    answer(request) {
      try {
        return { id: request.id, outputs: ops[request.op](request.inputs ?? {}) };
      } catch (e) {
        return { id: request.id, error: String(e?.message ?? e) };
      }
    },
  };
}
