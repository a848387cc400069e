"""The notes' CNN, one forward and backward pass on a (64, 1, 28, 28) batch: cybenko vs torch
at one thread each, plus the convolution and pooling nodes on their own.

The network is bench/workloads.py's notes_cnn: conv(1->6, 5) relu maxpool(2) conv(6->16, 5)
relu maxpool(2), Linear(256, 120) relu Linear(120, 84) relu Linear(84, 10), log_softmax and
nll_loss. `make bench` (bench/run.py) times it at two threads too.

Run: .venv/bin/python bench/conv.py
"""

from __future__ import annotations

import numpy as np
import torch

import cybenko
from timing import median_time, print_table
from workloads import notes_cnn

torch.set_num_threads(1)
cybenko.set_num_threads(1)


def node_step(lib, op, x_np, w_np=None):
    x = lib.tensor(x_np, requires_grad=True)
    w = None if w_np is None else lib.tensor(w_np, requires_grad=True)
    F = lib.nn.functional

    def step():
        out = op(F, x, w)
        out.backward(lib.ones_like(out))

    return step


def main() -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (64, 1, 28, 28)).astype(np.float32)
    h = rng.standard_normal((64, 6, 12, 12)).astype(np.float32)
    rows = [
        (
            "notes' CNN fwd+bwd, batch 64",
            {lib.__name__: median_time(notes_cnn(lib)) for lib in (cybenko, torch)},
        )
    ]
    cases = [
        ("conv1 1->6 5x5 on 28x28", lambda F, x, w: F.conv2d(x, w), x, (6, 1, 5, 5)),
        ("conv2 6->16 5x5 on 12x12", lambda F, x, w: F.conv2d(x, w), h, (16, 6, 5, 5)),
        ("max_pool2d(2) of 64x6x24x24", lambda F, x, w: F.max_pool2d(x, 2), None, None),
        ("avg_pool2d(3, 2, 1) of 64x6x24x24", lambda F, x, w: F.avg_pool2d(x, 3, 2, 1), None, None),
    ]
    big = rng.standard_normal((64, 6, 24, 24)).astype(np.float32)
    for name, op, inp, w_shape in cases:
        inp = big if inp is None else inp
        w = None if w_shape is None else rng.standard_normal(w_shape).astype(np.float32)
        rows.append(
            (
                name + " fwd+bwd",
                {lib.__name__: median_time(node_step(lib, op, inp, w)) for lib in (cybenko, torch)},
            )
        )
    print_table("Convolutional network, one thread for torch (ms)", rows, 1e-3, "ms")


if __name__ == "__main__":
    main()
