"""The lab's `cpu-vs-gpu` (seed 000), run in its `--quick` form: the table of seconds per step
has one row per engine, device present and width, with torch beside cybenko; without a GPU
one printed line and the summary say so and only the CPU is timed; both engines train the
same net. No speed is asserted here (speed lives in bench/): only the table's shape."""

from __future__ import annotations

import contextlib
import csv
import io
import math
import sys
from pathlib import Path

import pytest

import cybenko
from cybenko.lab.cli import main
from cybenko.lab.experiments import cpu_vs_gpu
from lab_runs import numbers, run_folder

pytest.importorskip("matplotlib")
pytestmark = pytest.mark.oracle

COLUMNS = [
    "engine", "device", "width", "median s per step", "min s", "max s", "timed steps",
    "1000 steps s (median x 1000)", "notes 1000 steps s (torch, 2022)",
]  # fmt: skip


def _table(folder: Path) -> list[dict]:
    with open(folder / "timings.csv", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def _devices(module) -> list[str]:
    return ["cpu", "cuda"] if module.cuda.is_available() else ["cpu"]


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    """One quick run (a few seconds of CPU), with what it printed."""
    pytest.importorskip("torch")
    root = tmp_path_factory.mktemp("cpu_vs_gpu")
    with contextlib.redirect_stdout(io.StringIO()) as printed:
        assert main(["lab", "run", "cpu-vs-gpu", "--quick", "--out", str(root)]) == 0
    return run_folder(root, "cpu-vs-gpu"), printed.getvalue().splitlines()


def test_the_table_has_a_row_per_engine_device_and_width(quick):
    from oracle import torch

    folder, _ = quick
    widths = cpu_vs_gpu.QUICK["widths"]
    expected = [
        (engine, device, str(width))
        for width in widths
        for device in ("cpu", "cuda")
        for engine, module in (("cybenko", cybenko), ("torch", torch))
        if device in _devices(module)
    ]
    rows = _table(folder)
    assert [(r["engine"], r["device"].split(" ")[0], r["width"]) for r in rows] == expected
    for row in rows:
        median, low, high = (float(row[k]) for k in ("median s per step", "min s", "max s"))
        assert 0 < low <= median <= high and math.isfinite(high), row
        assert row["timed steps"] == str(cpu_vs_gpu.QUICK["steps"])
    found = numbers(folder)["cybenko"]
    for engine, device, width in expected:
        assert found[f"seconds per step {engine} {device} H={width}"] > 0
    assert (folder / "time_per_step.png").stat().st_size > 1000


def test_without_a_gpu_one_line_and_the_summary_say_so(quick):
    from oracle import torch

    if cybenko.cuda.is_available() or torch.cuda.is_available():
        pytest.skip("a GPU is present: its rows are timed")
    folder, printed = quick
    lines = [line for line in printed if line.startswith("GPU: none")]
    assert len(lines) == 1
    assert "only the CPU rows were timed" in lines[0]
    assert "| GPU | none: no CUDA device for cybenko" in (folder / "summary.md").read_text()
    assert {row["device"] for row in _table(folder)} == {"cpu"}


def test_both_engines_train_the_same_net_step_by_step(quick):
    folder, _ = quick
    found = numbers(folder)["cybenko"]
    diffs = {k: v for k, v in found.items() if k.startswith("max abs loss difference")}
    assert len(diffs) == len(cpu_vs_gpu.QUICK["widths"])
    for key, value in diffs.items():
        assert value < 1e-4, key


def test_on_the_cuda_test_device_cybenkos_cuda_rows_are_timed_and_labelled(tmp_path, monkeypatch):
    """CYBENKO_TEST_CUDA=1 makes cybenko's cuda a NumPy test device: its rows appear, named
    as such, while torch (a CPU build) still has only its CPU rows."""
    from oracle import torch

    if torch.cuda.is_available() or cybenko._device.cupy() is not None:
        pytest.skip("a real GPU is present")
    monkeypatch.setenv("CYBENKO_TEST_CUDA", "1")
    sets = ["widths=[16, 64]", "steps=2", "warmup=1"]
    argv = ["lab", "run", "cpu-vs-gpu", "--out", str(tmp_path)]
    assert main([*argv, *(a for s in sets for a in ("--set", s))]) == 0
    folder = run_folder(tmp_path, "cpu-vs-gpu")
    rows = [(r["engine"], r["device"], r["width"]) for r in _table(folder)]
    test_device = "cuda (test device, NumPy)"
    assert rows == [
        (e, d, w)
        for w in ("16", "64")
        for e, d in (("cybenko", "cpu"), ("torch", "cpu"), ("cybenko", test_device))
    ]
    assert numbers(folder)["cybenko"]["GPU"] == (
        "cybenko: cybenko test device (NumPy); torch: none"
    )


def test_without_torch_it_times_cybenko_and_says_torch_was_not_timed(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now fails
    sets = ["widths=[16]", "steps=2", "warmup=1"]
    argv = ["lab", "run", "cpu-vs-gpu", "--out", str(tmp_path)]
    assert main([*argv, *(a for s in sets for a in ("--set", s))]) == 0
    folder = run_folder(tmp_path, "cpu-vs-gpu")
    assert [r["engine"] for r in _table(folder)] == ["cybenko"]
    assert numbers(folder)["cybenko"]["engines"] == "cybenko; torch: not installed, not timed"
