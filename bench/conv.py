"""The notes' CNN, one forward and backward pass on a (64, 1, 28, 28) batch: cybenko vs torch
(one thread), plus the convolution and pooling nodes on their own.

conv(1->6, 5) relu maxpool(2) conv(6->16, 5) relu maxpool(2) view(-1, 256)
Linear(256, 120) relu Linear(120, 84) relu Linear(84, 10) log_softmax, nll_loss.

One thread each: torch.set_num_threads(1), and NumPy's OpenBLAS limited to one thread before
NumPy loads (only when this file runs first, as below; under bench/run.py NumPy is loaded
already). Several BLAS threads on a busy machine make these small products wait for each
other, up to ten times slower.

Run: .venv/bin/python bench/conv.py
"""

from __future__ import annotations

import os

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402

import cybenko  # noqa: E402
from timing import median_time, print_table  # noqa: E402

torch.set_num_threads(1)


def make_cnn(lib):
    nn, F = lib.nn, lib.nn.functional

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 6, 5)
            self.conv2 = nn.Conv2d(6, 16, 5)
            self.fc1 = nn.Linear(16 * 4 * 4, 120)
            self.fc2 = nn.Linear(120, 84)
            self.fc3 = nn.Linear(84, 10)

        def forward(self, x):
            x = F.max_pool2d(F.relu(self.conv1(x)), 2)
            x = F.max_pool2d(F.relu(self.conv2(x)), 2)
            x = x.view(-1, 16 * 4 * 4)
            x = F.relu(self.fc1(x))
            x = F.relu(self.fc2(x))
            return F.log_softmax(self.fc3(x), dim=1)

    return Net()


def cnn_step(lib, x_np, y_np):
    lib.manual_seed(3)
    net = make_cnn(lib)
    x, y = lib.tensor(x_np), lib.tensor(y_np)

    def step():
        net.zero_grad()
        lib.nn.functional.nll_loss(net(x), y).backward()

    return step


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
    y = rng.integers(0, 10, 64)
    h = rng.standard_normal((64, 6, 12, 12)).astype(np.float32)
    rows = [
        (
            "notes' CNN fwd+bwd, batch 64",
            {lib.__name__: median_time(cnn_step(lib, x, y)) for lib in (cybenko, torch)},
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
