"""The notes' training loops, end to end: cybenko vs torch vs hand-written NumPy.

1. 1 -> 512 -> 1 ReLU regression with Adam, 1000 epochs, full batch of 200 points
   (the notes' CPU-vs-GPU lesson at its smallest width).
2. 784 -> 32 -> 1 sigmoid classifier with BCE and SGD on 12665 x 784, full batch (the notes'
   MNIST 0-vs-1 net); the pixels are random here, since only the arithmetic is timed.

Run: .venv/bin/python bench/training_loops.py
"""

from __future__ import annotations

import time

import numpy as np
import torch

import cybenko
from timing import print_table

torch.set_num_threads(1)


def wide_regression(lib, epochs: int):
    lib.manual_seed(43052)
    x = lib.linspace(-1, 1, 200).reshape(-1, 1)
    y = lib.sin(3 * x) + 0.1 * x
    net = lib.nn.Sequential(lib.nn.Linear(1, 512), lib.nn.ReLU(), lib.nn.Linear(512, 1))
    loss_fn = lib.nn.MSELoss()
    optimizer = lib.optim.Adam(net.parameters(), lr=0.001)
    for _ in range(epochs):
        loss = loss_fn(net(x), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    return loss.item()


def mnist_like(lib, epochs: int, x_np, y_np):
    lib.manual_seed(43052)
    x, y = lib.tensor(x_np), lib.tensor(y_np)
    net = lib.nn.Sequential(
        lib.nn.Linear(784, 32), lib.nn.ReLU(), lib.nn.Linear(32, 1), lib.nn.Sigmoid()
    )
    loss_fn = lib.nn.BCELoss()
    optimizer = lib.optim.SGD(net.parameters(), lr=0.5)
    for _ in range(epochs):
        loss = loss_fn(net(x), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    return loss.item()


def numpy_wide_regression(epochs: int):
    """The same Adam loop written by hand (initial weights from NumPy; only time matters)."""
    rng = np.random.default_rng(0)
    x = np.linspace(-1, 1, 200, dtype=np.float32).reshape(-1, 1)
    y = np.sin(3 * x) + 0.1 * x
    params = [rng.uniform(-1, 1, s).astype(np.float32) for s in ((512, 1), (512,), (1, 512), (1,))]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps = 0.001, 0.9, 0.999, 1e-8
    for t in range(1, epochs + 1):
        w1, c1, w2, c2 = params
        z = x @ w1.T + c1
        h = np.maximum(z, 0)
        out = h @ w2.T + c2
        d_out = 2 * (out - y) / out.size
        d_h = (d_out @ w2) * (z > 0)
        grads = [d_h.T @ x, d_h.sum(0), d_out.T @ h, d_out.sum(0)]
        for p, g, mi, vi in zip(params, grads, m, v, strict=True):
            mi *= b1
            mi += (1 - b1) * g
            vi *= b2
            vi += (1 - b2) * g * g
            denom = np.sqrt(vi) / np.sqrt(1 - b2**t) + eps
            p -= (lr / (1 - b1**t)) * mi / denom


def numpy_mnist_like(epochs: int, x, y):
    rng = np.random.default_rng(0)
    w1 = rng.uniform(-0.03, 0.03, (32, 784)).astype(np.float32)
    c1 = np.zeros(32, np.float32)
    w2 = rng.uniform(-0.2, 0.2, (1, 32)).astype(np.float32)
    c2 = np.zeros(1, np.float32)
    lr = 0.5
    for _ in range(epochs):
        z = x @ w1.T + c1
        h = np.maximum(z, 0)
        p = 1 / (1 + np.exp(-(h @ w2.T + c2)))
        d_logit = (p - y) / len(y)  # BCE after a sigmoid
        d_h = (d_logit @ w2) * (z > 0)
        w2 -= lr * (d_logit.T @ h)
        c2 -= lr * d_logit.sum(0)
        w1 -= lr * (d_h.T @ x)
        c1 -= lr * d_h.sum(0)


def seconds(fn, *args, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(*args)
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def main(epochs_wide: int = 1000, epochs_mnist: int = 20) -> None:
    rng = np.random.default_rng(1)
    x = rng.random((12665, 784), dtype=np.float32)
    y = (rng.random((12665, 1)) < 0.5).astype(np.float32)
    rows = [
        (
            f"1-512-1 Adam, {epochs_wide} epochs",
            {
                "cybenko": seconds(wide_regression, cybenko, epochs_wide),
                "torch": seconds(wide_regression, torch, epochs_wide),
                "numpy": seconds(numpy_wide_regression, epochs_wide),
            },
        ),
        (
            f"784-32-1 BCE 12665x784, {epochs_mnist} ep",
            {
                "cybenko": seconds(mnist_like, cybenko, epochs_mnist, x, y),
                "torch": seconds(mnist_like, torch, epochs_mnist, x, y),
                "numpy": seconds(numpy_mnist_like, epochs_mnist, x, y),
            },
        ),
    ]
    print_table("training loops, median seconds per run (torch on 1 thread)", rows, 1.0, "s")


if __name__ == "__main__":
    main()
