"""One optimizer.step(): cybenko vs torch (one thread) vs a hand-written NumPy update.

Run: .venv/bin/python bench/optim_step.py     (all three measured in this one process)

The gradients are fixed random arrays, so only the update is timed. A 1-512-1 net has four
small arrays (the cost is Python work per parameter); a 784-32-1 net has one 25k-element
matrix (the cost starts to be memory traffic).
"""

from __future__ import annotations

import numpy as np
import torch

import cybenko
import cybenko.optim  # noqa: F401
from timing import median_time, print_table

torch.set_num_threads(1)

NETS = {
    "1-512-1": ((512, 1), (512,), (1, 512), (1,)),
    "784-32-1": ((32, 784), (32,), (1, 32), (1,)),
}
LR, MOMENTUM, BETAS, EPS = 0.01, 0.9, (0.9, 0.999), 1e-8


def arrays(shapes, seed):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s).astype(np.float32) for s in shapes]


def framework_step(lib, name, shapes):
    """A step function for `lib`'s optimizer over parameters with fixed gradients."""
    params = [lib.tensor(a, requires_grad=True) for a in arrays(shapes, 0)]
    for p, g in zip(params, arrays(shapes, 1), strict=True):
        p.grad = lib.tensor(g)
    if name == "SGD":
        opt = lib.optim.SGD(params, lr=LR, momentum=MOMENTUM)
    else:
        opt = lib.optim.Adam(params, lr=LR, betas=BETAS, eps=EPS)
    return opt.step


def numpy_sgd(shapes):
    params, grads = arrays(shapes, 0), arrays(shapes, 1)
    bufs = [g.copy() for g in grads]

    def step():
        for p, g, b in zip(params, grads, bufs, strict=True):
            b *= MOMENTUM
            b += g
            p -= LR * b

    return step


def numpy_adam(shapes):
    params, grads = arrays(shapes, 0), arrays(shapes, 1)
    ms = [np.zeros_like(p) for p in params]
    vs = [np.zeros_like(p) for p in params]
    t = [0]
    beta1, beta2 = BETAS

    def step():
        t[0] += 1
        step_size = LR / (1 - beta1 ** t[0])
        root_bc2 = (1 - beta2 ** t[0]) ** 0.5
        for p, g, m, v in zip(params, grads, ms, vs, strict=True):
            m *= beta1
            m += (1 - beta1) * g
            v *= beta2
            v += (1 - beta2) * g * g
            p -= step_size * m / (np.sqrt(v) / root_bc2 + EPS)

    return step


def main() -> None:
    rows = []
    for net, shapes in NETS.items():
        for name, numpy_step in (("SGD", numpy_sgd), ("Adam", numpy_adam)):
            label = f"{name}{'(momentum)' if name == 'SGD' else ''} step, {net}"
            rows.append(
                (
                    label,
                    {
                        "cybenko": median_time(framework_step(cybenko, name, shapes)),
                        "torch": median_time(framework_step(torch, name, shapes)),
                        "numpy": median_time(numpy_step(shapes)),
                    },
                )
            )
    print_table("optimizer.step() (µs per call, median)", rows)


if __name__ == "__main__":
    main()
