"""The lab's `dropout` (seed 001), run once in its `--quick` form on both engines: the notes'
net learns 300 MNIST digits by heart without dropout, dropout narrows the gap between its
training and test loss, and model.eval() makes its answers deterministic where train mode
varies them; cybenko draws torch's dropout masks, so both engines train alike. Also a tiny
offline run on the stand-in digits."""

from __future__ import annotations

from pathlib import Path

import pytest

from cybenko.lab import data
from cybenko.lab.cli import main
from cybenko.lab.experiments import dropout
from lab_runs import curves, numbers, offline, one_thread, run_folder

pytest.importorskip("matplotlib")
pytest.importorskip("torch")
pytestmark = [pytest.mark.oracle, pytest.mark.slow]  # quick runs of a lab experiment

ENGINES = ("cybenko", "torch")


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    """One quick run on both engines (about 12 s of CPU)."""
    root = tmp_path_factory.mktemp("dropout")
    argv = ["lab", "run", "dropout", "--quick", "--engine", "both", "--out", str(root)]
    with one_thread():
        assert main(argv) == 0
    return run_folder(root, "dropout")


def test_it_draws_the_curves_and_the_spread(run):
    for engine in ENGINES:
        for figure in ("curves.png", "spread.png"):
            assert (run / engine / figure).stat().st_size > 1000, (engine, figure)
    assert (run / "curves_both.png").stat().st_size > 1000


def test_the_engines_agree_epoch_by_epoch_with_dropout_too(run):
    """Same seed, same masks (cybenko's Dropout draws torch's), float64: every curve of every
    p agrees to rounding, and so do the answers of the train-mode calls."""
    diffs = {k: v for k, v in curves(run).items() if k.endswith("abs diff cybenko-torch")}
    assert len(diffs) == 3 * len(dropout.PS)
    for key, values in diffs.items():
        assert len(values) == dropout.QUICK["epochs"]
        assert values.max() < 1e-9, key
    found = numbers(run)
    for p in dropout.PS:
        key = f"train mode: mean sd across calls p={p}"
        assert abs(found["cybenko"][key] - found["torch"][key]) < 1e-9, key


def test_without_dropout_the_net_overfits(run):
    """p = 0: the training loss falls to ~3e-4 while the test loss passes its low (0.84 at
    epoch 15) and climbs back to 1.27."""
    for engine, found in numbers(run).items():
        assert found["final train loss p=0.0"] < 1e-2, engine
        assert found["final test loss p=0.0"] > 1.2 * found["lowest test loss p=0.0"], engine
        assert found["epoch of lowest test loss p=0.0"] < dropout.QUICK["epochs"] // 2, engine


def test_dropout_narrows_the_train_test_gap(run):
    """Gap of the final test and training loss: 1.27 (p = 0), 1.03 (0.2), 0.84 (0.5); p = 0.5
    also keeps the training loss higher and reaches the lowest test loss."""
    for engine, found in numbers(run).items():
        gap = {p: found[f"gap test - train loss p={p}"] for p in dropout.PS}
        assert gap[0.5] < gap[0.2] < gap[0.0], (engine, gap)
        assert gap[0.5] < gap[0.0] - 0.2, (engine, gap)
        assert found["final train loss p=0.5"] > found["final train loss p=0.0"], engine
        assert found["lowest test loss p=0.5"] < found["lowest test loss p=0.0"], engine


def test_eval_mode_answers_alike_on_every_call_and_train_mode_does_not(run):
    """The same 8 test digits, 50 calls each: in eval mode every call gives the same
    probabilities bit for bit; in train mode dropout changes them (by up to 0.74 with p = 0.2,
    0.95 with 0.5; mean sd 0.034 and 0.116), and not at all with p = 0."""
    for engine, found in numbers(run).items():
        for p in dropout.PS:
            assert found[f"eval mode: largest change across calls p={p}"] == 0.0, (engine, p)
        assert found["train mode: largest change across calls p=0.0"] == 0.0, engine
        sd = {p: found[f"train mode: mean sd across calls p={p}"] for p in dropout.PS}
        assert sd[0.0] == 0.0 < 0.01 < sd[0.2] < sd[0.5], (engine, sd)
        for p in (0.2, 0.5):
            assert found[f"train mode: largest change across calls p={p}"] > 0.1, (engine, p)


def test_offline_it_trains_on_the_stand_in_digits(tmp_path, monkeypatch, capsys):
    """No course data, an empty cache, no network: scikit-learn's digits stand in, and the
    summary says so."""

    offline(monkeypatch, tmp_path)
    sets = ["n_train=40", "n_test=20", "hidden=8", "epochs=2", "calls=3", "images=2"]
    argv = ["lab", "run", "dropout", "--out", str(tmp_path / "runs")]
    assert main([*argv, *(a for s in sets for a in ("--set", s))]) == 0
    told = [line for line in capsys.readouterr().out.splitlines() if line.startswith("data: ")]
    assert len(told) == 1 and data.MNIST_STAND_IN in told[0]  # one line says so
    folder = run_folder(tmp_path / "runs", "dropout")
    found = numbers(folder)["cybenko"]
    assert found["data"] == data.MNIST_STAND_IN
    assert found["eval mode: largest change across calls p=0.5"] == 0.0
