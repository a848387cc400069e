"""`make bench`: the course's workloads on cybenko, torch and hand-written NumPy, at one
thread and at two, in one process; a row for a busy machine; the table in bench/results.md.

Run: .venv/bin/python bench/run.py [--threads 1 2] [--only TEXT] [--no-write]

A block's time is the median of its steps, each timed on its own (block_seconds). Every
time is then the median over alternating blocks (cybenko, torch, numpy, then torch, numpy,
cybenko, ...), so a slow moment of the machine falls on all three alike. Ratios are
cybenko / other, the median of the ratios of blocks run side by side (one per repeat): a
machine whose speed drifts between repeats moves both blocks of a pair, not their ratio.
Below 1 means cybenko is faster. The other bench/*.py files time single
ops and nodes.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import datetime
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import time

import numpy as np
import torch

import cybenko
from cybenko import _threads

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE))

from workloads import WORKLOADS  # noqa: E402

ENGINES = ("cybenko", "torch", "numpy")
LIBS = {"cybenko": cybenko, "torch": torch, "numpy": "numpy"}


THREADS = {"n": 1}


def set_threads(n: int) -> None:
    """n threads for every engine: cybenko's workers, torch's intra-op pool, and NumPy's
    BLAS while a hand-written row runs (cybenko keeps it on one thread otherwise)."""
    THREADS["n"] = n
    cybenko.set_num_threads(n)
    torch.set_num_threads(n)


# OpenBLAS's idle threads spin for about 0.1 s before they sleep: after a hand-written
# NumPy block on several threads, a pause keeps them off the next engine's cores
BLAS_SPIN_SECONDS = 0.15


def block_seconds(step, loops: int, engine: str = "") -> float:
    """The median time of `loops` steps, each timed on its own. This machine slows down in
    spells (the host's other guests); a block's mean took in every spell that fell into
    it, and a small net's step, all Python and cache, slows more in a spell than torch's
    (2-8-1: mean 0.25 ms against a median of 0.13). The median is the step's time on
    a quiet machine unless most of the block was slow."""
    if engine == "numpy":
        _threads.blas_threads(THREADS["n"])
    times = []
    clock = time.perf_counter
    for _ in range(loops):
        start = clock()
        step()
        times.append(clock() - start)
    _threads.blas_threads(1)
    if engine == "numpy" and THREADS["n"] > 1:
        time.sleep(BLAS_SPIN_SECONDS)
    return statistics.median(times)


def measure(make, repeats: int, min_block: float = 0.3, phases=(None,)) -> dict:
    """Seconds per step of each engine, one block per repeat, the engines' blocks
    alternating: {engine: [seconds, ...]}. With `phases` (functions giving a context
    manager), each repeat runs every engine once under each phase, and the result is
    {phase: {engine: [...]}}: conditions compared side by side, not one after the other
    while the machine drifts."""
    steps = {name: make(LIBS[name]) for name in ENGINES}
    loops = {}
    for name, step in steps.items():
        step()  # warm up: first-call allocations, caches
        one = block_seconds(step, 1, name)
        loops[name] = max(1, int(min_block / max(one, 1e-7)))
    samples = {phase: {name: [] for name in ENGINES} for phase in phases}
    for repeat in range(repeats):
        # the order turns each repeat, so each engine follows each other one equally often:
        # an engine's idle threads spin for a while after its block, slowing the next one
        turn = repeat % len(ENGINES)
        for phase in phases:
            with phase() if phase else contextlib.nullcontext():
                for name in ENGINES[turn:] + ENGINES[:turn]:
                    samples[phase][name].append(block_seconds(steps[name], loops[name], name))
    return samples[None] if phases == (None,) else samples


def table_row(label: str, threads: int, seconds: dict) -> str:
    """A line of the table: each engine's median time, then cybenko's ratios to the others."""
    times = " | ".join(fmt_ms(statistics.median(seconds[name])) for name in ENGINES)
    ratios = " | ".join(f"{ratio(seconds['cybenko'], seconds[o]):.2f}" for o in ENGINES[1:])
    return f"| {label} | {threads} | {times} | {ratios} |"


def ratio(seconds: list, others: list) -> float:
    """The median ratio of blocks measured in the same repeat."""
    return statistics.median(a / b for a, b in zip(seconds, others, strict=True))


@contextlib.contextmanager
def one_core_busy(settle: float = 0.6):
    """Another process keeps one core busy meanwhile (it also stops by itself, after a
    minute); `settle` seconds before and after let the machine's load readings follow."""
    code = "import time\nend = time.time() + 60\nwhile time.time() < end: pass\n"
    load = subprocess.Popen([sys.executable, "-c", code])
    try:
        time.sleep(settle)
        yield
    finally:
        load.kill()
        load.wait()
        time.sleep(settle)


def background_row(repeats: int) -> tuple:
    """The MNIST CNN step with cybenko's own thread choice, quiet and with one core busy,
    the two alternating."""
    set_threads(os.cpu_count() or 1)
    make = WORKLOADS["MNIST CNN 32-64, Adam, batch 100"][1]
    times = measure(make, repeats, phases=(None, one_core_busy))
    return times[None], times[one_core_busy]


def cpu_times() -> list:
    """The machine's CPU time counters (Linux), to tell how much the host took ("steal")."""
    try:
        fields = pathlib.Path("/proc/stat").read_text().splitlines()[0].split()[1:]
        return [int(f) for f in fields]
    except (OSError, ValueError, IndexError):
        return []


def steal_share(before: list, after: list) -> float | None:
    """The share of CPU time the host gave other guests between two readings (field 8)."""
    if len(before) < 8 or len(after) < 8:
        return None
    total = sum(after) - sum(before)
    return (after[7] - before[7]) / total if total else None


def machine() -> str:
    """The CPU, its widest vector unit and the BLAS kernels NumPy picked for it: on AVX-512
    torch's oneDNN and MKL pull ahead of NumPy's OpenBLAS (bench/README.md)."""
    cpu, vector = platform.processor() or platform.machine(), ""
    try:
        for line in pathlib.Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
            elif line.startswith("flags"):
                flags = line.split()
                widest = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else ""
                vector = f" ({widest})" if widest else ""
                break
    except OSError:
        pass
    found = _threads.blas()
    blas = os.path.basename(found[0]) if found else "unknown BLAS"
    kernels = blas_kernels(found) if found else None
    blas += f", {kernels} kernels" if kernels else ""
    return (
        f"{cpu}{vector}, {os.cpu_count()} cores, {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}, NumPy {np.__version__} ({blas}), "
        f"torch {torch.__version__}"
    )


def blas_kernels(found) -> str | None:
    """The CPU type OpenBLAS chose its kernels for ("SkylakeX", "Haswell"), or None: its
    get_corename sits beside the set_num_threads that _threads.blas() found, same prefix."""
    path, setter, _ = found
    if "set_num_threads" not in setter.__name__:  # MKL's: no such function
        return None
    getter = getattr(ctypes.CDLL(path), setter.__name__.replace("set_num_threads", "get_corename"))
    getter.restype = ctypes.c_char_p
    return getter().decode()


def fmt_ms(s: float) -> str:
    return f"{s * 1e3:.3f}" if s < 0.01 else f"{s * 1e3:.1f}"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--only", default="", help="run only the rows whose name has this text")
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--no-write", action="store_true", help="print only")
    args = parser.parse_args(argv)

    counters = cpu_times()
    header = "| workload | threads | cybenko ms | torch ms | numpy ms | cyb/torch | cyb/numpy |"
    lines = [header, "|---|---|---|---|---|---|---|"]
    print(header)
    widths = {}
    for threads in args.threads:
        set_threads(threads)
        for name, (_, make) in WORKLOADS.items():
            if args.only not in name:
                continue
            t = measure(make, args.repeats)
            line = table_row(name, threads, t)
            print(line, flush=True)
            lines.append(line)
            if name.startswith("1-") and "ReLU" in name:
                widths.setdefault(threads, {})[int(name.split("-")[1])] = t
    slowdown = None
    if not args.only or "busy" in args.only:
        quiet, busy = background_row(args.repeats)
        line = table_row("MNIST CNN step, one core busy elsewhere", os.cpu_count(), busy)
        print(line)
        lines.append(line)
        slowdown = {name: ratio(busy[name], quiet[name]) for name in ENGINES}
        print("busy / quiet: " + ", ".join(f"{n} {r:.2f}" for n, r in slowdown.items()))
    steal = steal_share(counters, cpu_times())
    if steal is not None:
        print(f"CPU time taken by the host for other guests during the run: {steal:.0%}")
    if args.no_write:
        return
    write_results(lines, slowdown, widths, steal)


def write_results(lines, slowdown, widths, steal) -> None:
    text = [
        "# Benchmark results",
        "",
        f"Measured {datetime.date.today()} by `make bench` on: {machine()}.",
        "",
        "Milliseconds per training step: a block's time is the median of its single steps, "
        "and each time the median over alternating blocks; ratios are cybenko / other, "
        "the median ratio of blocks run side by side (below 1: cybenko is faster).",
        "",
        *lines,
        "",
    ]
    if steal is not None:
        text += [
            f"During the run the virtual machine's host took {steal:.0%} of its CPU time for "
            "other guests (steal): ratios near 1 need a rerun on a quiet machine.",
            "",
        ]
    if slowdown:
        text += [
            "With another process keeping one core busy, each engine at its default threads, "
            "the MNIST CNN step took (busy / quiet): "
            + ", ".join(f"{name} {r:.2f}x" for name, r in slowdown.items())
            + ".",
            "",
        ]
    if widths:
        plot_widths(widths, HERE / "width.png")
        text += ["The notes' CPU-vs-GPU table, time against width:", "", "![](width.png)", ""]
    (HERE / "results.md").write_text("\n".join(text))
    print(f"wrote {HERE / 'results.md'}")


def plot_widths(widths, path) -> None:
    from matplotlib.figure import Figure  # no pyplot: nothing global, no window

    fig = Figure(figsize=(6, 4))
    ax = fig.subplots()
    colours = {"cybenko": "tab:blue", "torch": "tab:orange", "numpy": "tab:gray"}
    markers = {"cybenko": "o", "torch": "s", "numpy": "^"}
    for threads, rows in sorted(widths.items()):
        hs = sorted(rows)
        for engine in ENGINES:
            times = [statistics.median(rows[h][engine]) * 1e3 for h in hs]
            ax.plot(
                hs, times, marker=markers[engine], color=colours[engine],
                linestyle="-" if threads == 1 else "--",
                label=f"{engine}, {threads} thread{'s' if threads > 1 else ''}",
            )  # fmt: skip
    ax.set(xscale="log", yscale="log", xlabel="hidden width H", ylabel="ms per Adam step")
    ax.set_title("1 -> H -> 1 ReLU net, 100 points (the notes' CPU-vs-GPU table)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(path, dpi=120)


if __name__ == "__main__":
    main()
