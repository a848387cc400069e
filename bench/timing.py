"""Shared timing for the benchmarks: medians over repeats, and a table of ratios."""

from __future__ import annotations

import statistics
import time


def median_time(fn, repeats: int = 7, min_seconds: float = 0.05) -> float:
    """Median seconds per call of `fn`, each repeat looping long enough to be measurable."""
    fn()  # warm up
    loops = 1
    while True:
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        if time.perf_counter() - start >= min_seconds / 5 or loops >= 1 << 20:
            break
        loops *= 4
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(loops):
            fn()
        samples.append((time.perf_counter() - start) / loops)
    return statistics.median(samples)


def print_table(title: str, rows, unit: float = 1e-6, unit_name: str = "µs") -> None:
    """rows: [(case, {"cybenko": s, "torch": s, "numpy": s})]; ratios are cybenko / other."""
    print(f"\n{title}")
    columns = ("cybenko", "torch", "numpy", "cyb/torch", "cyb/numpy")
    header = f"{'case':34s} " + " ".join(f"{c:>10s}" for c in columns)
    print(header)
    print("-" * len(header))
    for case, t in rows:
        c, tt, n = t.get("cybenko"), t.get("torch"), t.get("numpy")
        fmt = lambda s: f"{s / unit:10.1f}" if s is not None else f"{'-':>10s}"  # noqa: E731
        ratio = lambda a, b: f"{a / b:10.2f}" if a and b else f"{'-':>10s}"  # noqa: E731
        print(f"{case:34s} {fmt(c)} {fmt(tt)} {fmt(n)} {ratio(c, tt)} {ratio(c, n)}  ({unit_name})")
