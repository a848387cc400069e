"""What the lab's tests share: where the course data is, a machine with no network and no
data, one BLAS thread, and reading what a run wrote (its folder, its numbers, its curves)."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest

import cybenko

REPO = Path(__file__).resolve().parent.parent
SHARED = os.environ.get("CYBENKO_DATA") or str(REPO.parent / "shared" / "data")
needs_mnist = pytest.mark.skipif(
    not os.path.isdir(os.path.join(SHARED, "mnist")),
    reason=f"no local MNIST in {SHARED} (set CYBENKO_DATA to the course data folder)",
)


def offline(monkeypatch, tmp_path: Path) -> None:
    """No network (every download refused), an empty CYBENKO_DATA and an empty cache: a
    learner's laptop offline, without the course data."""

    def urlopen(url, *args, **kwargs):
        raise urllib.error.URLError("network is unreachable")

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    (tmp_path / "no-data").mkdir(exist_ok=True)
    monkeypatch.setenv("CYBENKO_DATA", str(tmp_path / "no-data"))
    monkeypatch.setenv("CYBENKO_CACHE", str(tmp_path / "cache"))


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
    """NumPy's BLAS and torch (`torch`, or torch when already imported) on one thread for the
    block: on a busy 2-core machine their thread pools spin and make a quick run's many small
    steps several times slower (the numbers do not change)."""
    torch = torch or sys.modules.get("torch")
    engines = [cybenko] if torch is None else [cybenko, torch]
    before = [engine.get_num_threads() for engine in engines]
    for engine in engines:
        engine.set_num_threads(1)
    try:
        yield
    finally:
        for engine, threads in zip(engines, before, strict=True):
            engine.set_num_threads(threads)


def quick_run_on_both_engines(tmp_path_factory, name: str) -> Path:
    """The folder of one `--quick --engine both` run of experiment `name` on the course data
    (CYBENKO_DATA), with one BLAS thread; skips without torch."""
    torch = pytest.importorskip("torch")
    root = tmp_path_factory.mktemp(name)
    with one_thread(torch), pytest.MonkeyPatch.context() as patch:
        patch.setenv("CYBENKO_DATA", SHARED)
        from cybenko.lab.cli import main

        argv = ["lab", "run", name, "--quick", "--engine", "both", "--out", str(root)]
        assert main(argv) == 0
    return run_folder(root, name)


def assert_drawn(run: Path, figures, engines=("cybenko", "torch"), smallest: int = 5000) -> None:
    """Each engine's folder of a `--engine both` run holds every figure, none of them empty
    (`smallest` bytes at least), and the overlay of the two engines' curves is there."""
    for engine in engines:
        for figure in figures:
            assert (run / engine / figure).stat().st_size > smallest, (engine, figure)
    assert (run / "curves_both.png").stat().st_size > 1000
