"""The matrix products under the GEMM-bound rows, NumPy's BLAS against torch's, one thread.

Run: .venv/bin/python bench/products.py

For each such row of `make bench`: the products cybenko's step makes (same shapes and
orientations, random float32), timed in NumPy and in torch, their speed in GFLOP/s, and
their sum in NumPy beside torch's whole step. Where NumPy's products alone take longer than
torch's whole step, no change to cybenko's own code brings that row to torch's time: only a
faster BLAS or fewer multiplications would. On AVX2 the two BLAS run these shapes at about
the same speed; on AVX-512, NumPy's OpenBLAS reaches two thirds of torch's MKL on them.
Each time is the fastest of ROUNDS medians: a virtual machine's slow spells only add time.
"""

from __future__ import annotations

import numpy as np
import torch

import cybenko  # noqa: F401  (keeps NumPy's BLAS on one thread, as in a cybenko step)
from timing import median_time
from workloads import WORKLOADS

torch.set_num_threads(1)
ROUNDS = 3

# row -> the products of one step: (how many, M, K, N, a transposed, b transposed)
PRODUCTS = {
    "784-32-1 BCE 12665 batch, Adam": [
        (1, 12665, 784, 32, False, True),  # forward: x @ W^T
        (1, 32, 12665, 784, True, False),  # weight gradient: grad^T @ x
    ],
    "MNIST CNN 32-64, Adam, batch 100": [
        (100, 32, 9, 784, False, False),  # first layer (batch first), per image: forward,
        (100, 32, 784, 9, False, True),  # weight gradient
        (1, 64, 288, 19600, False, False),  # second layer (images last): forward,
        (1, 288, 64, 19600, True, False),  # windows' gradient,
        (1, 288, 19600, 64, False, True),  # weight gradient (as windows @ grad^T)
    ],
    "wide conv 64-64 3x3 32x32, b 32": [
        (32, 64, 576, 1024, False, False),  # batch first, per image: forward,
        (32, 576, 64, 1024, True, False),  # windows' gradient,
        (32, 64, 1024, 576, False, True),  # weight gradient
    ],
}


def operands(m, k, n, a_transposed, b_transposed, rng):
    a = rng.standard_normal((k, m) if a_transposed else (m, k), dtype=np.float32)
    b = rng.standard_normal((n, k) if b_transposed else (k, n), dtype=np.float32)
    return (a.T if a_transposed else a), (b.T if b_transposed else b)


def fastest(fn) -> float:
    return min(median_time(fn, repeats=5) for _ in range(ROUNDS))


def main() -> None:
    rng = np.random.default_rng(0)
    print(
        f"{'products (count x M x K @ K x N)':34s} {'numpy ms':>9s} {'torch ms':>9s} "
        f"{'numpy GF/s':>11s} {'torch GF/s':>11s}"
    )
    for row, products in PRODUCTS.items():
        print(f"\n{row}")
        total = 0.0
        for count, m, k, n, ta, tb in products:
            a, b = operands(m, k, n, ta, tb, rng)
            numpy_s = count * fastest(lambda a=a, b=b: a @ b)
            a, b = torch.from_numpy(a), torch.from_numpy(b)  # the same strides
            torch_s = count * fastest(lambda a=a, b=b: a @ b)
            flops = 2 * count * m * k * n
            total += numpy_s
            shape = f"{count:3d} x {m:5d} x {k:5d} @ {k:5d} x {n:5d}"
            print(
                f"  {shape:32s} {numpy_s * 1e3:9.2f} {torch_s * 1e3:9.2f} "
                f"{flops / numpy_s / 1e9:11.1f} {flops / torch_s / 1e9:11.1f}"
            )
        step = WORKLOADS[row][1](torch)
        torch_step = fastest(step)
        print(
            f"  NumPy's products: {total * 1e3:.1f} ms; torch's whole step: "
            f"{torch_step * 1e3:.1f} ms (ratio {total / torch_step:.2f})"
        )


if __name__ == "__main__":
    main()
