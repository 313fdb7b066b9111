#!/usr/bin/env python3
"""Bench peer: document 001's network 784-128-64-10 the way PyTorch users write it — standard
nn.Linear layers (row batches, default initialisation), ReLU, F.cross_entropy (softmax-CE, batch
mean) and torch.optim.SGD without momentum. Each epoch shuffles the training set with one
permutation and steps through mini-batches of rows.

Usage: python3 bench/peers/pytorch_peer.py --data DIR [--threads N] [--epochs N] [--limit N]
                                           [--batch N] [--lr X] [--seed N]
Prints ONE JSON line on stdout (see bench/peers/README.md).
"""
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ left in the repository
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_common  # noqa: E402

args = peer_common.parse_args("pytorch_peer.py")
peer_common.set_threads(args.threads)  # before torch: OpenBLAS and OpenMP read these once, when loaded
# torch's OpenMP pool and OpenBLAS's pthreads pool take turns; OpenMP threads that spin after their
# parallel regions steal the cores from OpenBLAS (2 threads on 2 cores: 2.46 s/epoch spinning, 0.79 s
# passive, see README.md). An OMP_WAIT_POLICY already in the environment wins.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402
from torch import nn  # noqa: E402


def build_info():
    """What torch says it was built with (torch.__config__.show()): the BLAS_INFO / LAPACK_INFO words."""
    words = [w.strip(", ") for w in torch.__config__.show().replace("\n", " ").split()]
    picked = [w for w in words if w.startswith(("BLAS_INFO=", "LAPACK_INFO=", "USE_MKLDNN=", "USE_OPENMP="))]
    return " ".join(dict.fromkeys(picked)) or "torch.__config__.show() names no BLAS"


def aten_capability():
    """The CPU capability ATen's kernels dispatch to, as torch reports it (ATEN_CPU_CAPABILITY shows)."""
    get = getattr(getattr(torch.backends, "cpu", None), "get_cpu_capability", None)  # torch >= 2.0
    if get is not None:
        return f"ATen {get()}"
    for line in torch.__config__.show().splitlines():
        if "CPU capability usage:" in line:
            return "ATen " + line.split(":", 1)[1].strip()
    return ""


def main():
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    data = peer_common.load_mnist(args.data, np)
    images, labels = data["train"]
    if args.limit is not None:
        images, labels = images[: args.limit], labels[: args.limit]
    X, y = torch.from_numpy(np.ascontiguousarray(images)), torch.from_numpy(labels)
    N = X.shape[0]
    model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 64), nn.ReLU(), nn.Linear(64, 10))
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
    generator = torch.Generator().manual_seed(args.seed)
    clock = peer_common.EpochClock()
    for _ in range(args.epochs):
        clock.start()
        perm = torch.randperm(N, generator=generator)
        Xs, ys = X[perm], y[perm]
        for i in range(0, N, args.batch):
            loss = F.cross_entropy(model(Xs[i : i + args.batch]), ys[i : i + args.batch])
            optimizer.zero_grad(set_to_none=True)
            loss.backward()
            optimizer.step()
        clock.stop()
    test_images, test_labels = data["test"]
    with torch.inference_mode():
        predicted = model(torch.from_numpy(np.ascontiguousarray(test_images))).argmax(dim=1)
    accuracy = (predicted == torch.from_numpy(test_labels)).double().mean().item()
    blas = peer_common.blas_report(build=build_info())
    extra = {"torch_threads": torch.get_num_threads()}
    peer_common.emit("pytorch", torch.__version__, blas, args.threads, clock, N, accuracy, extra,
                     simd=aten_capability())


if __name__ == "__main__":
    main()
