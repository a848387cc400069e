"""Where a cybenko training step spends its time: each workload's step under cProfile, the
time grouped by node (forward and backward of each Function), optimizer, engine and the rest.

Run: .venv/bin/python bench/profile_step.py [--only TEXT] [--steps N]   (one thread)

cProfile adds a cost to every Python call, so the shares of the Python-heavy parts (small
nets) come out larger than they are; the order of the parts is what this is for.
"""

from __future__ import annotations

import argparse
import cProfile
import pathlib
import pstats
import sys
from collections import defaultdict

import cybenko

sys.path.insert(0, str(pathlib.Path(__file__).parent))
from workloads import WORKLOADS  # noqa: E402


def part_of(filename: str, function: str) -> str:
    """The part of a step a profiled function belongs to."""
    path = pathlib.Path(filename)
    if "cybenko" not in path.parts:
        return "the step's own code, Python and NumPy internals"
    parent = path.parent.name
    if parent == "ops" and function in ("forward", "backward"):
        return f"{path.stem}.{function}"
    if parent == "ops":
        return f"{path.stem} helpers"
    if parent == "optim":
        return "optimizer"
    if parent == "autograd":
        return f"autograd {path.stem}"
    if parent in ("modules", "nn"):
        return "nn modules and functional"
    return f"cybenko {path.stem}"


def profile(make, steps: int) -> dict:
    step = make(cybenko)
    step()
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(steps):
        step()
    profiler.disable()
    stats = pstats.Stats(profiler).stats
    parts = defaultdict(float)
    for (filename, _, function), (_, _, tottime, _, callers) in stats.items():
        if filename != "~" or not callers:
            parts[part_of(filename, function)] += tottime / steps
            continue
        # a NumPy call or builtin: its time goes to the part that called it
        for (caller_file, _, caller_function), timing in callers.items():
            parts[part_of(caller_file, caller_function)] += timing[2] / steps
    return parts


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="")
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args(argv)
    cybenko.set_num_threads(1)
    for name, (_, make) in WORKLOADS.items():
        if args.only not in name:
            continue
        parts = profile(make, args.steps)
        total = sum(parts.values())
        print(f"\n{name}: {total * 1e3:.3f} ms per step under cProfile")
        for part, seconds in sorted(parts.items(), key=lambda kv: -kv[1])[: args.top]:
            print(f"  {seconds / total:6.1%}  {part}")


if __name__ == "__main__":
    main()
