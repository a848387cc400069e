"""The lab's `minibatch` (seed 000, 확률적경사하강법): full-batch training against mini-batches
from TensorDataset and DataLoader(shuffle=True), run once in its `--quick` form on both engines
(on MNIST from CYBENKO_DATA when it is there): per epoch, smaller batches take more steps and
end lower; the clock of each engine only moves forward; and since DataLoader shuffles with
torch's generator, cybenko's loss curves lie on PyTorch's. A second, shorter run on cybenko
alone takes the offline path: no MNIST anywhere, scikit-learn's digits stand in."""

from __future__ import annotations

import json
import math
import os
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest

import cybenko
from cybenko.lab import data
from cybenko.lab.cli import main
from lab_runs import curves, numbers, run_folder
from oracle import torch

pytest.importorskip("matplotlib")
pytestmark = [pytest.mark.oracle, pytest.mark.slow]  # quick runs of a lab experiment

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CYBENKO_DATA") or REPO.parent / "shared" / "data")
HAS_MNIST = (SHARED / "mnist" / "train-images-idx3-ubyte.gz").is_file()
ENGINES = ("cybenko", "torch")


def _no_network(url, *args, **kwargs):
    raise urllib.error.URLError("network is unreachable")


@pytest.fixture(scope="module")
def quick(tmp_path_factory) -> Path:
    """One quick run on both engines, never downloading (about 10 s on an idle machine)."""
    pytest.importorskip("torch")
    root = tmp_path_factory.mktemp("minibatch")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(urllib.request, "urlopen", _no_network)
        mp.setenv("CYBENKO_CACHE", str(root / "cache"))
        if HAS_MNIST:
            mp.setenv("CYBENKO_DATA", str(SHARED))
        argv = ["lab", "run", "minibatch", "--quick", "--engine", "both", "--out", str(root)]
        assert main(argv) == 0
    return run_folder(root, "minibatch")


def _config(folder: Path) -> dict:
    return json.loads((folder / "config.json").read_text())["config"]


def _runs(cfg: dict) -> dict:
    return {"full batch": None, **{f"batch {b}": b for b in cfg["batch_sizes"]}}


def test_it_draws_loss_against_epochs_and_seconds(quick):
    for engine in ENGINES:
        assert (quick / engine / "loss.png").stat().st_size > 5000, engine
    assert (quick / "curves_both.png").stat().st_size > 5000


def test_each_run_takes_one_step_per_batch_and_one_loss_per_epoch(quick):
    cfg, drawn = _config(quick), curves(quick)
    for engine, found in numbers(quick).items():
        n = found["train images"]
        for name, size in _runs(cfg).items():
            epochs = cfg["epochs_full"] if size is None else cfg["epochs"]
            steps = epochs if size is None else epochs * math.ceil(n / size)
            assert found[f"steps {name}"] == steps, (engine, name)
            assert len(drawn[f"loss {name} [{engine}]"]) == epochs + 1  # and the start


def test_per_epoch_smaller_batches_end_lower(quick):
    """After the same epochs every mini-batch run is below the full batch, and the smaller
    the batch the lower (quick, MNIST: full batch 0.61 after 3 epochs, batch 256 0.28,
    batch 32 0.015)."""
    cfg, drawn = _config(quick), curves(quick)
    epochs, sizes = cfg["epochs"], sorted(cfg["batch_sizes"], reverse=True)
    for engine in ENGINES:
        full = drawn[f"loss full batch [{engine}]"]
        at_epochs = [full[epochs]] + [drawn[f"loss batch {b} [{engine}]"][-1] for b in sizes]
        assert all(np.diff(at_epochs) < 0), (engine, at_epochs)
        assert at_epochs[-1] < full[-1], engine  # beats even the longer full-batch run


def test_every_run_learns_and_the_clock_only_moves_forward(quick):
    cfg, drawn = _config(quick), curves(quick)
    for engine, found in numbers(quick).items():
        for name in _runs(cfg):
            seconds = drawn[f"seconds {name} [{engine}]"]
            assert seconds[0] == 0 and np.all(np.diff(seconds) > 0), (engine, name)
            assert found[f"training seconds {name}"] == pytest.approx(seconds[-1], abs=1e-3)
            assert found[f"test accuracy {name}"] > 0.95, (engine, name)


def test_cybenko_and_torch_shuffle_alike_so_their_loss_curves_agree(quick):
    """Seconds differ by engine; the losses, measured, by at most 6e-8."""
    diffs = {k: v for k, v in curves(quick).items() if k.endswith("abs diff cybenko-torch")}
    losses = {k: v for k, v in diffs.items() if k.startswith("loss ")}
    assert len(losses) == 1 + len(_config(quick)["batch_sizes"])
    for key, values in losses.items():
        assert values.max() < 1e-4, key


def test_the_shuffle_order_is_what_makes_them_agree():
    """The check above can fail: DataLoader's shuffled batches are the same on both engines
    after the same seed, and differ after another seed."""
    orders = {}
    for engine in (cybenko, torch):
        for seed in (43052, 1):
            engine.manual_seed(seed)
            dataset = engine.utils.data.TensorDataset(engine.arange(10))
            loader = engine.utils.data.DataLoader(dataset, batch_size=4, shuffle=True)
            orders[engine.__name__, seed] = [b.tolist() for epoch in range(2) for (b,) in loader]
    assert orders["cybenko", 43052] == orders["torch", 43052]
    assert orders["cybenko", 1] == orders["torch", 1] != orders["torch", 43052]


def test_offline_with_no_mnist_anywhere_scikit_learns_digits_stand_in(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(urllib.request, "urlopen", _no_network)
    monkeypatch.setenv("CYBENKO_DATA", str(tmp_path / "nothing"))
    monkeypatch.setenv("CYBENKO_CACHE", str(tmp_path / "cache"))
    argv = ["lab", "run", "minibatch", "--set", "epochs=2", "--set", "epochs_full=3", "--set",
            "batch_sizes=[64]", "--set", "hidden=8", "--out", str(tmp_path / "runs")]  # fmt: skip
    assert main(argv) == 0
    told = [line for line in capsys.readouterr().out.splitlines() if line.startswith("data: ")]
    assert len(told) == 1 and "scikit-learn" in told[0]
    folder = run_folder(tmp_path / "runs", "minibatch")
    found = numbers(folder)["cybenko"]
    assert found["data"] == data.MNIST_STAND_IN
    assert found["steps batch 64"] == 2 * math.ceil(found["train images"] / 64)
    assert found["final loss batch 64"] < found["final loss full batch"]
