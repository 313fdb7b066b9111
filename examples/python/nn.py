#!/usr/bin/env python3
"""A complete nn-oracle client in Python with numpy, written the way document 001 writes its network
("Step-by-Step Guide On Implementing Neural Networks From Scratch - Part 2"): column batches, Z = W X + b,
W of shape (n_l, n_{l-1}), ReLU' = Z > 0, softmax + cross-entropy with dL/dZ = A - Y, and the update
W := W - alpha dL/dW. It speaks the line protocol of docs/PROTOCOL.md on stdin/stdout.

Run the check:  deno task check -- --impl "python3 examples/python/nn.py"

It announces the column layout only (document 001's); the oracle sends row-layout cases to it transposed.

It also speaks the training session (PROTOCOL.md section 11): deno task check -- --impl "python3 examples/python/nn.py" --train
trains document 001's network on MNIST through it (--float32 trains in float32; --train-offline DIR is the notebook path).
"""
import json
import os
import struct
import sys

import numpy as np

# ------------------------------------------------------------------ activations ("Part 2", Activation Function)


def sigmoid(Z):
    # two branches so that exp never overflows: 1/(1+e^-z) for z >= 0, e^z/(1+e^z) for z < 0
    e = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1 / (1 + e), e / (1 + e))


def sigmoid_(Z):
    # sigma'(z) = sigma(z)(1 - sigma(z)), written sigma(z)sigma(-z) to keep precision where sigma(z) ~ 1
    return sigmoid(Z) * sigmoid(-Z)


def tanh_(Z):
    return 1 / np.cosh(Z) ** 2


def ReLU(Z):
    return np.maximum(Z, 0)


def ReLU_(Z):
    # document 001: `return Z > 0`, so ReLU'(0) = 0; NaN stays NaN
    return np.where(np.isnan(Z), Z, (Z > 0).astype(float))


def identity(Z):
    return Z


def identity_(Z):
    return np.where(np.isnan(Z), Z, 1.0)


ACTIVATIONS = {"sigmoid": sigmoid, "tanh": np.tanh, "relu": ReLU, "identity": identity}
DERIVATIVES = {"sigmoid": sigmoid_, "tanh": tanh_, "relu": ReLU_, "identity": identity_}


def softmax(Z):
    # one sample per column; subtracting each column's max keeps exp finite
    m = Z.max(axis=0, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        e = np.exp(Z - m)
        P = e / e.sum(axis=0, keepdims=True)
        # the limit for +inf logits: they share all the mass (inf - inf would be NaN)
        hits = np.isposinf(Z)
        limit = np.where(np.isnan(Z), np.nan, hits / hits.sum(axis=0, keepdims=True))
    return np.where(np.isposinf(m), limit, P)


def log_sum_exp(Z):
    m = Z.max(axis=0, keepdims=True)
    with np.errstate(invalid="ignore"):
        s = m + np.log(np.exp(Z - m).sum(axis=0, keepdims=True))
    return np.where(np.isfinite(m), s, m)


def activate(Z, name):
    return softmax(Z) if name == "softmax" else ACTIVATIONS[name](Z)


# ------------------------------------------------------------------ costs: batch means over the N columns

FACTOR = {"squared": lambda n: 1.0, "half": lambda n: 0.5, "mean": lambda n: 1.0 / n}


def cross_entropy(P, Y):
    N = P.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.where(Y != 0, Y * np.log(P), 0.0)
    return -terms.sum() / N


def softmax_cross_entropy(Z, Y):
    # -log softmax(z)_i = logsumexp(z) - z_i: finite even where softmax underflows to 0
    N = Z.shape[1]
    with np.errstate(invalid="ignore"):
        terms = np.where(Y != 0, Y * (log_sum_exp(Z) - Z), 0.0)
    return terms.sum() / N


def quadratic(A, Y, convention):
    n_L, N = A.shape
    return FACTOR[convention](n_L) * ((A - Y) ** 2).sum() / N


def quadratic_sample_grad(A, Y, convention):
    # per-sample dC0/da, no 1/N
    return 2 * FACTOR[convention](A.shape[0]) * (A - Y)


def parse_cost(cost):
    if cost == "cross_entropy":
        return ("cross_entropy", None)
    if cost.startswith("quadratic_") and cost[10:] in FACTOR:
        return ("quadratic", cost[10:])
    raise ValueError(f"unknown cost {cost!r}")


# ------------------------------------------------------------------ the network ("Part 2", Forward/Backward Propagation)


def forward(layers, X):
    cache = []
    A = X
    for layer in layers:
        Z = layer["W"] @ A + layer["b"]  # Z[l] = W[l] A[l-1] + b[l]
        A = activate(Z, layer["activation"])
        cache.append((Z, A))
    return cache


def output_delta(Z, A, Y, activation, cost):
    kind, convention = cost
    if activation == "softmax" and kind == "cross_entropy":
        return A - Y  # dL/dZ[3] = A[3] - Y
    if kind == "quadratic":
        g = quadratic_sample_grad(A, Y, convention)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            g = np.where(Y != 0, -Y / A, 0.0)
    if activation != "softmax":
        return g * DERIVATIVES[activation](Z)
    # softmax with another cost: J g per sample, J = diag(p) - p p^T
    return A * (g - (A * g).sum(axis=0, keepdims=True))


def backward(layers, X, Y, cost):
    cache = forward(layers, X)
    N = X.shape[1]
    L = len(layers)
    grads = [None] * L
    Z, A = cache[-1]
    delta = output_delta(Z, A, Y, layers[-1]["activation"], cost)
    for l in range(L - 1, -1, -1):
        A_prev = X if l == 0 else cache[l - 1][1]
        dW = delta @ A_prev.T / N  # dL/dW[l] = delta[l] A[l-1]^T, averaged over the batch
        db = delta.sum(axis=1, keepdims=True) / N
        grads[l] = (delta, dW, db)
        if l > 0:
            Z_prev = cache[l - 1][0]
            # delta[l] = W[l+1]^T delta[l+1] * f'(Z[l])
            delta = (layers[l]["W"].T @ delta) * DERIVATIVES[layers[l - 1]["activation"]](Z_prev)
    return grads


# ------------------------------------------------------------------ the operations of the protocol


def op_softmax_jacobian(i):
    p = softmax(i["z"])[:, 0]
    return {"J": np.diag(p) - np.outer(p, p)}


def op_dense_forward(i):
    Z = i["W"] @ i["x"] + i["b"]
    return {"z": Z, "a": activate(Z, i["activation"])}


def op_forward(i):
    cache = forward(i["network"]["layers"], i["x"])
    return {"z": [z for z, _ in cache], "a": [a for _, a in cache]}


def op_backward(i):
    layers = i["network"]["layers"]
    grads = backward(layers, i["x"], i["y"], parse_cost(i["cost"]))
    # z and a are optional in the answer: with them the oracle checks the forward pass behind delta too
    cache = forward(layers, i["x"])
    return {
        "delta": [g[0] for g in grads],
        "dW": [g[1] for g in grads],
        "db": [g[2] for g in grads],
        "z": [z for z, _ in cache],
        "a": [a for _, a in cache],
    }


def op_input_grad(i):
    # dC/dx = W[1]^T delta[1] / N: one step of the delta recursion past the first layer
    delta = backward(i["network"]["layers"], i["x"], i["y"], parse_cost(i["cost"]))[0][0]
    return {"dx": i["network"]["layers"][0]["W"].T @ delta / i["x"].shape[1]}


def cross_entropy_grad(P, Y):
    # dC/dp of the batch mean: -y/(N p), 0 where y = 0
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(Y != 0, -Y / P, 0.0) / P.shape[1]


def op_network_cost(i):
    layers = i["network"]["layers"]
    cache = forward(layers, i["x"])
    Z, A = cache[-1]
    kind, convention = parse_cost(i["cost"])
    if kind == "quadratic":
        loss = quadratic(A, i["y"], convention)
    elif layers[-1]["activation"] == "softmax":
        loss = softmax_cross_entropy(Z, i["y"])
    else:
        loss = cross_entropy(A, i["y"])
    # z and a are optional in the answer: with them the oracle checks the forward pass behind the loss
    return {"loss": loss, "z": [z for z, _ in cache], "a": [a for _, a in cache]}


def op_sgd_step(i):
    layers = i["network"]["layers"]
    grads = backward(layers, i["x"], i["y"], parse_cost(i["cost"]))
    alpha = i["lr"]
    new = [
        {"W": layer["W"] - alpha * dW, "b": layer["b"] - alpha * db, "activation": layer["activation"]}
        for layer, (_, dW, db) in zip(layers, grads)
    ]
    # dW and db are optional in the answer: with them the oracle tells a wrong gradient from a wrong step
    return {"network": {"layers": new}, "dW": [g[1] for g in grads], "db": [g[2] for g in grads]}


def op_shapes(i):
    sizes, N = i["sizes"], i["batch"]
    pairs = list(zip(sizes[1:], sizes[:-1]))
    batch = [[n, N] for n, _ in pairs]
    return {
        "W": [[n, m] for n, m in pairs],
        "b": [[n, 1] for n, _ in pairs],
        "z": batch,
        "a": batch,
        "delta": batch,
        "dW": [[n, m] for n, m in pairs],
        "db": [[n, 1] for n, _ in pairs],
        "Wb": [[n, m + 1] for n, m in pairs],  # [W | b]: the bias is one more column of weights
    }


OPS = {
    "sigmoid": lambda i: {"a": sigmoid(i["z"])},
    "tanh": lambda i: {"a": np.tanh(i["z"])},
    "relu": lambda i: {"a": ReLU(i["z"])},
    "sigmoid_prime": lambda i: {"d": sigmoid_(i["z"])},
    "tanh_prime": lambda i: {"d": tanh_(i["z"])},
    "relu_prime": lambda i: {"d": ReLU_(i["z"])},
    "softmax": lambda i: {"p": softmax(i["z"])},
    "softmax_jacobian": op_softmax_jacobian,
    "cross_entropy": lambda i: {"loss": cross_entropy(i["p"], i["y"])},
    "softmax_cross_entropy": lambda i: {"loss": softmax_cross_entropy(i["z"], i["y"])},
    # (p·Σy − y)/N: (p − y)/N only when each sample's targets sum to 1
    "softmax_cross_entropy_grad": lambda i: {
        "dz": (softmax(i["z"]) * i["y"].sum(axis=0) - i["y"]) / i["z"].shape[1]
    },
    "cross_entropy_grad": lambda i: {"dp": cross_entropy_grad(i["p"], i["y"])},
    "quadratic_cost": lambda i: {"loss": quadratic(i["a"], i["y"], i["convention"])},
    "quadratic_cost_grad": lambda i: {
        "da": quadratic_sample_grad(i["a"], i["y"], i["convention"]) / i["a"].shape[1]
    },
    "dense_forward": op_dense_forward,
    "forward": op_forward,
    "backward": op_backward,
    "input_grad": op_input_grad,
    "network_cost": op_network_cost,
    "sgd_step": op_sgd_step,
    "shapes": op_shapes,
}

# ------------------------------------------------------------------ numbers on the wire

TAGS = {"NaN": float("nan"), "Infinity": float("inf"), "-Infinity": float("-inf"), "-0": -0.0}
MATRIX_FIELDS = {"z", "p", "y", "a", "W", "b", "x"}


def decode_number(v):
    return TAGS[v] if isinstance(v, str) else float(v)


def decode_matrix(rows):
    return np.array([[decode_number(v) for v in row] for row in rows], dtype=np.float64).reshape(len(rows), -1)


def decode_inputs(inputs):
    out = {}
    for key, v in inputs.items():
        if key in MATRIX_FIELDS:
            out[key] = decode_matrix(v)
        elif key == "network":
            out[key] = {
                "layers": [
                    {"W": decode_matrix(l["W"]), "b": decode_matrix(l["b"]), "activation": l["activation"]}
                    for l in v["layers"]
                ]
            }
        elif key == "lr":
            out[key] = decode_number(v)
        else:
            out[key] = v
    return out


def encode_number(x):
    x = float(x)
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0 and str(x).startswith("-"):
        return "-0"
    return x  # json writes the shortest decimal that round-trips (repr)


def encode(v):
    if isinstance(v, np.ndarray):
        return [[encode_number(x) for x in row] for row in np.atleast_2d(v)]
    if isinstance(v, (float, np.floating)):
        return encode_number(v)
    if isinstance(v, dict):
        return {k: encode(x) for k, x in v.items()}
    if isinstance(v, list):
        return [encode(x) for x in v]
    return v


# ------------------------------------------------------------------ the training session (PROTOCOL.md, "Training session")
# Document 001's training loop on the batches the oracle names: X[:, idx] / 255, forward, loss, backward,
# W := W - alpha dW. With --float32 every array is float32 (numpy keeps float32 throughout).


def read_idx(path):
    """An IDX file (PROTOCOL.md, "The IDX format"): 0 0 type dims, big-endian sizes, then the data."""
    with open(path, "rb") as f:
        raw = f.read()
    dims = raw[3]
    shape = struct.unpack(">" + "I" * dims, raw[4 : 4 + 4 * dims])
    return np.frombuffer(raw, np.uint8, offset=4 + 4 * dims).reshape(shape)


class Training:
    def __init__(self, dtype):
        self.dtype = dtype
        self.layers = []

    def set_network(self, i):
        self.layers = [
            {"W": np.array(l["W"], self.dtype), "b": np.array(l["b"], self.dtype), "activation": l["activation"]}
            for l in i["network"]["layers"]
        ]
        return {}

    def begin(self, i):
        images = read_idx(i["data"]["train_images"])
        self.images = images.reshape(images.shape[0], -1)
        self.labels = read_idx(i["data"]["train_labels"])
        return self.set_network(i)

    def step(self, i):
        idx = np.asarray(i["indices"], dtype=np.int64)
        X = self.images[idx].T.astype(self.dtype) / self.dtype(255)  # d x N, pixels byte/255
        y = self.labels[idx]
        N = X.shape[1]
        cache, A = [], X
        for layer in self.layers:
            Z = layer["W"] @ A + layer["b"]
            if layer["activation"] == "softmax":
                E = np.exp(Z - Z.max(axis=0, keepdims=True))
                A = E / E.sum(axis=0, keepdims=True)
            else:
                A = np.maximum(Z, 0)
            cache.append((Z, A))
        Z = cache[-1][0]
        m = Z.max(axis=0)
        loss = float(np.mean(m + np.log(np.exp(Z - m).sum(axis=0)) - Z[y, np.arange(N)]))
        delta = A.copy()
        delta[y, np.arange(N)] -= 1  # dL/dZ[L] = A - Y
        lr = i["lr"]
        for l in range(len(self.layers) - 1, -1, -1):
            layer = self.layers[l]
            A_prev = X if l == 0 else cache[l - 1][1]
            dW = delta @ A_prev.T / N
            db = delta.sum(axis=1, keepdims=True) / N
            if l > 0:
                delta = (layer["W"].T @ delta) * (cache[l - 1][0] > 0)  # ReLU'(Z) = Z > 0
            layer["W"] -= lr * dW
            layer["b"] -= lr * db
        return {"loss": encode_number(loss)}

    def get_network(self, i):
        return {"network": {"layers": [
            {"W": l["W"].astype(float).tolist(), "b": l["b"].astype(float).tolist(), "activation": l["activation"]}
            for l in self.layers
        ]}}

    def answer(self, request):
        op = {"train_begin": self.begin, "train_step": self.step,
              "train_get_network": self.get_network, "train_set_network": self.set_network}[request["op"]]
        try:
            with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
                return {"id": request.get("id"), "outputs": op(request.get("inputs", {}))}
        except Exception as e:
            return {"id": request.get("id"), "error": f"{type(e).__name__}: {e}"}


TRAINING_OPS = {"train_begin", "train_step", "train_get_network", "train_set_network"}


def train_offline(folder, dtype):
    """The notebook path: train on FOLDER/schedule.json, write FOLDER/result.json (PROTOCOL.md)."""
    with open(os.path.join(folder, "schedule.json")) as f:
        schedule = json.load(f)
    training = Training(dtype)
    training.begin(schedule)
    keep = set(schedule["snapshots"])
    snapshots = {"0": training.get_network({})["network"]} if 0 in keep else {}
    losses = []
    for step in schedule["steps"]:
        losses.append(training.step(step)["loss"])
        if step["step"] + 1 in keep:
            snapshots[str(step["step"] + 1)] = training.get_network({})["network"]
    result = {
        "precision": "float32" if dtype == np.float32 else "float64",
        "losses": losses,
        "snapshots": snapshots,
        "network": training.get_network({})["network"],
    }
    with open(os.path.join(folder, "result.json"), "w") as f:
        json.dump(result, f, allow_nan=False)


# ------------------------------------------------------------------ the protocol loop


def answer(request):
    rid = request.get("id")
    op = OPS.get(request.get("op"))
    if op is None:
        return {"id": rid, "error": f"unsupported op {request.get('op')!r}"}
    if request.get("layout", "column") != "column":
        return {"id": rid, "error": "only the column layout is implemented"}
    try:
        with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
            return {"id": rid, "outputs": encode(op(decode_inputs(request["inputs"])))}
    except Exception as e:  # report the error for this case and keep serving
        return {"id": rid, "error": f"{type(e).__name__}: {e}"}


def main():
    hello = {
        "type": "hello",
        "protocol": 1,
        "name": "nn-oracle example client (Python, numpy, document 001)",
        "ops": list(OPS),
        "layouts": ["column"],
        "costs": ["cross_entropy", "quadratic_squared", "quadratic_half", "quadratic_mean"],
        "precision": "float64",
        "training": 1,  # the training session (PROTOCOL.md, "Training session")
    }
    float32 = "--float32" in sys.argv[1:]  # train in float32 (op-level answers stay float64)
    if "--train-offline" in sys.argv[1:]:  # --train-offline FOLDER: the notebook path, no protocol
        train_offline(sys.argv[sys.argv.index("--train-offline") + 1], np.float32 if float32 else np.float64)
        return
    if float32:
        hello["precision"] = "float32"
    training = Training(np.float32 if float32 else np.float64)
    print(json.dumps(hello), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        response = training.answer(request) if request.get("op") in TRAINING_OPS else answer(request)
        print(json.dumps(response, allow_nan=False), flush=True)


if __name__ == "__main__":
    main()
