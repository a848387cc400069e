"""Per-op overhead and a small-MLP training step: cybenko vs torch vs hand-written NumPy.

Run: .venv/bin/python bench/core_ops.py     (all three measured in this one process)

Small networks are bound by the Python work around each op, so this is the number that tells
whether cybenko is quick enough for the notes' small models.
"""

from __future__ import annotations

import numpy as np
import torch

import cybenko
from timing import median_time, print_table

torch.set_num_threads(1)


def op_cases():
    rng = np.random.default_rng(0)
    a = rng.standard_normal((100, 16)).astype(np.float32)
    b = rng.standard_normal((100, 16)).astype(np.float32)
    w = rng.standard_normal((16, 16)).astype(np.float32)
    cases = {}
    for name, lib in (("cybenko", cybenko), ("torch", torch)):
        ta, tb, tw = (lib.tensor(x) for x in (a, b, w))
        cases.setdefault("add 100x16", {})[name] = lambda ta=ta, tb=tb: ta + tb
        cases.setdefault("matmul 100x16 @ 16x16", {})[name] = lambda ta=ta, tw=tw: ta @ tw
        cases.setdefault("relu 100x16", {})[name] = lambda ta=ta, lib=lib: lib.relu(ta)
        cases.setdefault("sum 100x16", {})[name] = lambda ta=ta: ta.sum()
    cases["add 100x16"]["numpy"] = lambda: a + b
    cases["matmul 100x16 @ 16x16"]["numpy"] = lambda: a @ w
    cases["relu 100x16"]["numpy"] = lambda: np.maximum(a, 0)
    cases["sum 100x16"]["numpy"] = lambda: a.sum()
    return cases


def mlp_step_cases(batch: int = 4):
    """One forward + backward + SGD step of a 2-8-1 sigmoid MLP with MSE loss."""
    rng = np.random.default_rng(1)
    x = rng.standard_normal((batch, 2)).astype(np.float32)
    y = rng.standard_normal((batch, 1)).astype(np.float32)
    init = [rng.standard_normal(s).astype(np.float32) * 0.5 for s in ((8, 2), (8,), (1, 8), (1,))]
    lr = 0.1
    cases = {}
    for name, lib in (("cybenko", cybenko), ("torch", torch)):
        params = [lib.tensor(p.copy(), requires_grad=True) for p in init]
        tx, ty = lib.tensor(x), lib.tensor(y)

        def step(lib=lib, params=params, tx=tx, ty=ty):
            w1, b1, w2, b2 = params
            h = lib.sigmoid(tx @ w1.T + b1)
            loss = ((h @ w2.T + b2 - ty) ** 2).mean()
            loss.backward()
            with lib.no_grad():
                for p in params:
                    p -= lr * p.grad
                    p.grad.zero_()

        cases[name] = step

    w1, b1, w2, b2 = (p.copy() for p in init)

    def numpy_step():
        nonlocal w1, b1, w2, b2
        z = x @ w1.T + b1
        h = 1 / (1 + np.exp(-z))
        out = h @ w2.T + b2
        d_out = 2 * (out - y) / out.size
        d_w2, d_b2 = d_out.T @ h, d_out.sum(0)
        d_z = (d_out @ w2) * h * (1 - h)
        d_w1, d_b1 = d_z.T @ x, d_z.sum(0)
        w1 -= lr * d_w1
        b1 -= lr * d_b1
        w2 -= lr * d_w2
        b2 -= lr * d_b2

    cases["numpy"] = numpy_step

    modules = {}
    for name, lib in (("cybenko", cybenko), ("torch", torch)):
        net = lib.nn.Sequential(lib.nn.Linear(2, 8), lib.nn.Sigmoid(), lib.nn.Linear(8, 1))
        with lib.no_grad():
            for p, value in zip(net.parameters(), init, strict=True):
                p.copy_(lib.tensor(value))
        loss_fn = lib.nn.MSELoss()
        optimizer = lib.optim.SGD(net.parameters(), lr=lr)
        tx, ty = lib.tensor(x), lib.tensor(y)

        def module_step(net=net, loss_fn=loss_fn, optimizer=optimizer, tx=tx, ty=ty):
            loss = loss_fn(net(tx), ty)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()

        modules[name] = module_step
    modules["numpy"] = numpy_step
    return {"2-8-1 MLP step, raw tensors": cases, "2-8-1 MLP step, nn + optim": modules}


def main() -> None:
    rows = []
    for title, fns in {**op_cases(), **mlp_step_cases()}.items():
        rows.append((title, {name: median_time(fn) for name, fn in fns.items()}))
    print_table("core ops, median µs per call (1 thread)", rows)


if __name__ == "__main__":
    main()
