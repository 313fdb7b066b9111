#!/usr/bin/env python3
"""Bench peer: document 001's network trained with numpy, written the way that document writes it
("Step-by-Step Guide On Implementing Neural Networks From Scratch - Part 2"): column batches, X is
784×N, Z = W X + b, ReLU hidden layers with ReLU' = Z > 0, softmax + cross-entropy with
dL/dZ = A - Y, and W := W - alpha dL/dW. Each epoch shuffles with X[:, perm] and steps through
mini-batches of columns; the gradients are batch means, as in the Deno trainer.

Usage: python3 bench/peers/numpy_peer.py --data DIR [--threads N] [--epochs N] [--limit N]
                                         [--batch N] [--lr X] [--seed N]
Prints ONE JSON line on stdout (see bench/peers/README.md).
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ left in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common  # noqa: E402

args = peer_common.parse_args("numpy_peer.py")
peer_common.set_threads(args.threads)  # before numpy: OpenBLAS reads these once, when loaded

import numpy as np  # noqa: E402

SIZES = (784, 128, 64, 10)


def init_params(rng):
    # He-normal weights (std sqrt(2/n_{l-1})) before ReLU, zero biases — as src/reference/network.ts initNetwork
    params = []
    for n_prev, n in zip(SIZES, SIZES[1:]):
        W = rng.standard_normal((n, n_prev), dtype=np.float32) * np.float32(np.sqrt(2 / n_prev))
        params.append([W, np.zeros((n, 1), dtype=np.float32)])
    return params


def ReLU(Z):
    return np.maximum(Z, 0)


def ReLU_(Z):
    return Z > 0


def softmax(Z):
    # one sample per column; subtracting each column's max keeps exp finite
    e = np.exp(Z - Z.max(axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def forward(params, X):
    (W1, b1), (W2, b2), (W3, b3) = params
    Z1 = W1 @ X + b1
    A1 = ReLU(Z1)
    Z2 = W2 @ A1 + b2
    A2 = ReLU(Z2)
    A3 = softmax(W3 @ A2 + b3)
    return Z1, A1, Z2, A2, A3


def step(params, X, Y, lr):
    (W1, b1), (W2, b2), (W3, b3) = params
    Z1, A1, Z2, A2, A3 = forward(params, X)
    m = np.float32(1 / X.shape[1])
    # dL/dZ3 = A3 - Y — "Part 2", Backward Propagation; divided by m for the batch mean
    dZ3 = (A3 - Y) * m
    dW3 = dZ3 @ A2.T
    db3 = dZ3.sum(axis=1, keepdims=True)
    dZ2 = (W3.T @ dZ3) * ReLU_(Z2)
    dW2 = dZ2 @ A1.T
    db2 = dZ2.sum(axis=1, keepdims=True)
    dZ1 = (W2.T @ dZ2) * ReLU_(Z1)
    dW1 = dZ1 @ X.T
    db1 = dZ1.sum(axis=1, keepdims=True)
    # W := W - alpha dL/dW — "Part 2", the updating rule
    for (W, b), dW, db in zip(params, (dW1, dW2, dW3), (db1, db2, db3)):
        W -= lr * dW
        b -= lr * db


def main():
    data = peer_common.load_mnist(args.data, np)
    images, labels = data["train"]
    if args.limit is not None:
        images, labels = images[: args.limit], labels[: args.limit]
    X = np.ascontiguousarray(images.T)  # 784×N: one sample per column
    Y = np.zeros((10, X.shape[1]), dtype=np.float32)
    Y[labels, np.arange(X.shape[1])] = 1
    N = X.shape[1]
    rng = np.random.default_rng(args.seed)
    params = init_params(rng)
    lr = np.float32(args.lr)
    clock = peer_common.EpochClock()
    for _ in range(args.epochs):
        clock.start()
        perm = rng.permutation(N)
        Xs, Ys = X[:, perm], Y[:, perm]
        for i in range(0, N, args.batch):
            step(params, Xs[:, i : i + args.batch], Ys[:, i : i + args.batch], lr)
        clock.stop()
    test_images, test_labels = data["test"]
    A3 = forward(params, np.ascontiguousarray(test_images.T))[-1]
    accuracy = float((A3.argmax(axis=0) == test_labels).mean())
    blas = peer_common.blas_report(build=numpy_build())
    peer_common.emit("numpy", np.__version__, blas, args.threads, clock, N, accuracy,
                     simd=peer_common.numpy_simd())


def numpy_build():
    """The BLAS numpy was built against (np.show_config), as a short string."""
    try:
        config = np.show_config(mode="dicts")  # numpy >= 1.26
        blas = config["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version')} ({blas.get('openblas configuration', '').strip()})"
    except (TypeError, KeyError):
        return "np.show_config(mode='dicts') unavailable (numpy < 1.26)"


if __name__ == "__main__":
    main()
