"""CPU vs GPU, the notes' timing table: when does the GPU win?

Run: .venv/bin/python bench/devices.py [--sizes 512 20480 204800] [--epochs 100] [--repeats 3]

The workload of seed 000 ("CPU vs GPU"): x = linspace(0, 1, 100), y = 0.01 * randn(100), a
1 -> H -> 1 ReLU net, MSELoss, Adam, `epochs` full-batch steps, for H = 512, 20480, 204800.
Each row is the median over `repeats` runs of the whole loop, timed with the device
synchronised before and after, for cybenko and torch on every device present: the CPU, and
the GPU when one is there (CuPy for cybenko, CUDA for torch). The notes found the CPU faster
at H = 512 and the GPU ~30 times faster at H = 204800.

CYBENKO_TEST_CUDA's test device is NumPy on the CPU, so it is not timed as a GPU. The notes
train 1000 epochs (`--epochs 1000`); the default is 100, since on a CPU H = 204800 takes
~2.5 minutes per cybenko run of 1000 epochs on one core and torch longer, and the per-epoch
ratios are what the table is for.
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch

import cybenko
from cybenko import _device


def gpu_engines() -> list:
    """The engines that have a real GPU here."""
    engines = []
    if _device.cupy() is not None:
        engines.append(cybenko)
    if torch.cuda.is_available():
        engines.append(torch)
    return engines


def train_seconds(lib, width: int, device: str, epochs: int) -> float:
    """Seconds for the notes' training loop (data and net made, then the clock runs)."""
    lib.manual_seed(5)
    x = lib.linspace(0, 1, 100).reshape(-1, 1).to(device)
    y = (lib.randn(100).reshape(-1, 1) * 0.01).to(device)
    net = lib.nn.Sequential(lib.nn.Linear(1, width), lib.nn.ReLU(), lib.nn.Linear(width, 1))
    net.to(device)
    loss_fn = lib.nn.MSELoss()
    optimizer = lib.optim.Adam(net.parameters())
    synchronize = lib.cuda.synchronize if device == "cuda" else lambda: None
    synchronize()
    start = time.perf_counter()
    for _ in range(epochs):
        loss = loss_fn(net(x), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    synchronize()
    return time.perf_counter() - start


def median_seconds(lib, width: int, device: str, epochs: int, repeats: int) -> float:
    train_seconds(lib, width, device, min(epochs, 5))  # warm up (kernels, caches)
    return statistics.median(train_seconds(lib, width, device, epochs) for _ in range(repeats))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[512, 20480, 204800])
    parser.add_argument("--epochs", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    torch.set_num_threads(1)  # as bench/core_ops: one core each, a fair CPU comparison
    gpus = gpu_engines()
    print(f"\n1 -> H -> 1 ReLU net, Adam, {args.epochs} epochs; median seconds of {args.repeats}")
    print(
        f"{'H':>8s} {'engine':>8s} {'cpu':>10s} {'gpu':>10s} {'cpu/gpu':>8s} {'cpu cyb/torch':>14s}"
    )
    for width in args.sizes:
        cpu = {}
        for lib in (cybenko, torch):
            cpu[lib] = median_seconds(lib, width, "cpu", args.epochs, args.repeats)
            ratio = f"{cpu[cybenko] / cpu[torch]:14.2f}" if lib is torch else ""
            if lib in gpus:
                gpu = median_seconds(lib, width, "cuda", args.epochs, args.repeats)
                row = f"{cpu[lib]:10.3f} {gpu:10.3f} {cpu[lib] / gpu:8.1f}"
            else:
                row = f"{cpu[lib]:10.3f} {'-':>10s} {'-':>8s}"
            print(f"{width:8d} {lib.__name__:>8s} {row} {ratio}")
    if len(gpus) < 2:
        missing = ", ".join(lib.__name__ for lib in (cybenko, torch) if lib not in gpus)
        print(f"GPU rows not measured for {missing}: no GPU here (cybenko needs CuPy and one).")


if __name__ == "__main__":
    main()
