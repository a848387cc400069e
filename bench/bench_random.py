"""How fast the random engine is: cybenko vs torch vs NumPy's own generator, in one process.

    .venv/bin/python bench/bench_random.py

Each cell is the median of several runs, in milliseconds. The NumPy column is what the same
amount of randomness costs with `np.random.Generator(MT19937)` when nobody asks for torch's bits.
"""

from __future__ import annotations

import math
import statistics
import time

import numpy as np
import torch

from cybenko import _generator as G

REPEATS = 7


def median_ms(fn) -> float:
    fn()  # warm up
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def linear_bound(fan_in: int) -> tuple[float, float]:
    """nn.Linear's weight bound (kaiming_uniform_ with a=sqrt(5)) and bias bound."""
    gain = math.sqrt(2.0 / (1 + math.sqrt(5) ** 2))
    return math.sqrt(3.0) * (gain / math.sqrt(fan_in)), 1 / math.sqrt(fan_in)


def main() -> None:
    g = G.Generator().manual_seed(0)
    tg = torch.Generator().manual_seed(0)
    ng = np.random.Generator(np.random.MT19937(0))
    w_bound, b_bound = linear_bound(1)

    def ours_linear():
        G.uniform_(np.empty((204800, 1), np.float32), -w_bound, w_bound, g)
        G.uniform_(np.empty(204800, np.float32), -b_bound, b_bound, g)

    def torch_linear():
        torch.empty(204800, 1).uniform_(-w_bound, w_bound, generator=tg)
        torch.empty(204800).uniform_(-b_bound, b_bound, generator=tg)

    def numpy_linear():
        ng.uniform(-w_bound, w_bound, (204800, 1)).astype(np.float32)
        ng.uniform(-b_bound, b_bound, 204800).astype(np.float32)

    rows = [
        (
            "randn(10**6) float32",
            lambda: G.randn(10**6, generator=g),
            lambda: torch.randn(10**6, generator=tg),
            lambda: ng.standard_normal(10**6, np.float32),
        ),
        (
            "randn(10**6) float64",
            lambda: G.randn(10**6, np.float64, generator=g),
            lambda: torch.randn(10**6, dtype=torch.float64, generator=tg),
            lambda: ng.standard_normal(10**6),
        ),
        (
            "rand(10**6) float32",
            lambda: G.rand(10**6, generator=g),
            lambda: torch.rand(10**6, generator=tg),
            lambda: ng.random(10**6, np.float32),
        ),
        (
            "randperm(60000)",
            lambda: G.randperm(60000, generator=g),
            lambda: torch.randperm(60000, generator=tg),
            lambda: ng.permutation(60000),
        ),
        ("Linear(1, 204800) init", ours_linear, torch_linear, numpy_linear),
    ]
    print(f"torch {torch.__version__} ({torch.get_num_threads()} threads), numpy {np.__version__}")
    print(f"kernel flavour: {G.get_kernel_flavor()}; medians of {REPEATS} runs, ms\n")
    print(f"{'':26}{'cybenko':>10}{'torch':>10}{'numpy':>10}{'cybenko/torch':>15}")
    for name, ours, theirs, plain in rows:
        a, b, c = median_ms(ours), median_ms(theirs), median_ms(plain)
        print(f"{name:26}{a:10.2f}{b:10.2f}{c:10.2f}{a / b:14.1f}x")


if __name__ == "__main__":
    main()
