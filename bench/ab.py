"""Is a change faster? The working tree's cybenko against a git revision's, on the course's
workloads, side by side in two processes that take turns.

Run: .venv/bin/python bench/ab.py [--against REV] [--threads N] [--slices S] WORKLOAD...

WORKLOAD is a piece of a row name of bench/workloads.py ("2-8-1", "MNIST CNN"). The revision
(HEAD by default, so uncommitted changes are what is measured) is checked out in a temporary
git worktree and put first on the import path of one process; the other imports the working
tree, four times over (where a process's arrays happen to lie moves its speed by a few
percent). After a warm-up the two run short slices in turn (old, new, new, old, ...): a
virtual machine's slow spells come and go, so they fall on both alike. Each slice gives the 10th
percentile of its single steps. On this project's virtual machine whole slices still run
30-100% slow now and then (a slow spell only ever adds time), so each side's time is the
lower quartile of its slices, with its fastest slice beside it. The ratio is new / old of
those: below 1 means the change is faster. The same code on both sides agrees to within 1%
here; run it twice before trusting a smaller difference.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
PROCESS_PAIRS = 4


def child(name: str, threads: int) -> None:
    """In a child process: build the workload's cybenko step, then for each line "SECONDS"
    read from the parent, run steps that long and print their 10th percentile in us."""
    import numpy as np

    import cybenko

    sys.path.insert(0, str(HERE))
    from workloads import WORKLOADS

    cybenko.set_num_threads(threads)
    step = _find(WORKLOADS, name)[1](cybenko)
    for line in sys.stdin:
        times = []
        deadline = time.perf_counter() + float(line)
        while time.perf_counter() < deadline or len(times) < 5:
            start = time.perf_counter()
            step()
            times.append(time.perf_counter() - start)
        print(f"{np.percentile(times, 10) * 1e6:.3f}", flush=True)


def _find(workloads: dict, name: str) -> tuple:
    found = [(row, make) for row, (_, make) in workloads.items() if name in row]
    if len(found) != 1:
        rows = ", ".join(workloads)
        raise SystemExit(f"{name!r} names {len(found)} workloads; choose one of: {rows}")
    return found[0]


class Child:
    """A child process stepping the workload on the cybenko found in `src`."""

    def __init__(self, src: pathlib.Path, name: str, threads: int) -> None:
        path = os.pathsep.join([str(src), os.environ.get("PYTHONPATH", "")])
        env = dict(os.environ, PYTHONPATH=path)
        env["OPENBLAS_NUM_THREADS"] = "1"  # cybenko runs its own threads (_parallel.py)
        command = [sys.executable, __file__, "--child", name, str(threads)]
        self.process = subprocess.Popen(
            command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )

    def run(self, seconds: float) -> float:
        """Step for `seconds`; the 10th percentile of the step times, in us."""
        self.process.stdin.write(f"{seconds}\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"the step failed (exit {self.process.wait()})")
        return float(line)

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait()


def compare(trees: dict, name: str, threads: int, slices: int, seconds: float) -> dict:
    """{"old": slice times, "new": slice times} in us: the two taking turns, in a few pairs
    of fresh processes."""
    times = {"old": [], "new": []}
    for _ in range(PROCESS_PAIRS):
        children = {k: Child(src, name, threads) for k, src in trees.items()}
        try:
            for c in children.values():
                c.run(1.0)  # warm up: caches, the memory pool, NumPy's first calls
            for i in range(slices // PROCESS_PAIRS):
                for k in ("old", "new") if i % 2 == 0 else ("new", "old"):
                    times[k].append(children[k].run(seconds))
        finally:
            for c in children.values():
                c.close()
    return times


@contextlib.contextmanager
def worktree(revision: str):
    """The revision checked out in a temporary git worktree, removed afterwards."""
    with tempfile.TemporaryDirectory() as parent:
        path = pathlib.Path(parent) / "tree"
        subprocess.run(
            ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(path), revision],
            check=True,
        )
        try:
            yield path
        finally:
            subprocess.run(
                ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(path)], check=True
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("workloads", nargs="+")
    parser.add_argument("--against", default="HEAD", help="the git revision to compare with")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--slices", type=int, default=40, help="slices each process runs")
    parser.add_argument("--seconds", type=float, default=0.2, help="one slice's length")
    args = parser.parse_args()
    sys.path.insert(0, str(HERE))
    from workloads import WORKLOADS

    names = [_find(WORKLOADS, name)[0] for name in args.workloads]
    with worktree(args.against) as old_tree:
        trees = {"old": old_tree / "src", "new": ROOT / "src"}
        print(f"new: the working tree; old: {args.against}; {args.threads} thread(s)")
        print(f"{'workload':36s} {'old us':>9s} {'new us':>9s} {'new/old':>8s}  fastest slices")
        for name in names:
            times = compare(trees, name, args.threads, args.slices, args.seconds)
            old, new = (statistics.quantiles(times[k], n=4)[0] for k in ("old", "new"))
            fast_old, fast_new = min(times["old"]), min(times["new"])
            print(
                f"{name:36s} {old:9.1f} {new:9.1f} {new / old:8.3f}"
                f"  {fast_old:.1f} -> {fast_new:.1f} ({fast_new / fast_old:.3f})",
                flush=True,
            )


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]))
    else:
        main()
