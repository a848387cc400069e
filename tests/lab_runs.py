"""Reading what a lab run wrote, for the lab's tests: its folder, its numbers, its curves."""

from __future__ import annotations

import contextlib
import csv
import json
from pathlib import Path

import numpy as np


def run_folder(root: Path, name: str) -> Path:
    """The one run of experiment `name` under `root`."""
    (folder,) = sorted((Path(root) / name).iterdir())
    return folder


def numbers(folder: Path) -> dict:
    """metrics.json: {engine: {metric: number}}."""
    return json.loads((folder / "metrics.json").read_text())


def curves(folder: Path) -> dict[str, np.ndarray]:
    """metrics.csv as {column: values}, each column without its empty tail."""
    with open(folder / "metrics.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    return {k: np.array([float(r[k]) for r in rows if r[k] != ""]) for k in rows[0]}


@contextlib.contextmanager
def one_thread(torch=None):
    """NumPy's BLAS (and `torch`, when given) on one thread for the block: on a busy 2-core
    machine their thread pools spin and make a quick run's many small steps several times
    slower."""
    threads = torch.get_num_threads() if torch is not None else None
    if torch is not None:
        torch.set_num_threads(1)
    try:
        from threadpoolctl import threadpool_limits  # ships with scikit-learn (the lab extra)
    except ImportError:
        limits = contextlib.nullcontext()
    else:
        limits = threadpool_limits(limits=1, user_api="blas")
    try:
        with limits:
            yield
    finally:
        if torch is not None:
            torch.set_num_threads(threads)
