"""The lab's `optimizers` (seed 001), run once in its `--quick` form on both engines: ten
optimizers walk the narrow valley x²/20 + 5y² from (-8, 1.5) and train the small MNIST net;
the adaptive methods get lower than plain SGD, and cybenko takes PyTorch's steps. Also a tiny
offline run on the stand-in digits."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cybenko.lab import data
from cybenko.lab.cli import main
from cybenko.lab.experiments import optimizers
from lab_runs import curves, numbers, offline, one_thread, run_folder

pytest.importorskip("matplotlib")
pytest.importorskip("torch")
Image = pytest.importorskip("PIL.Image")
pytestmark = [pytest.mark.oracle, pytest.mark.slow]  # quick runs of a lab experiment

ENGINES = ("cybenko", "torch")
NAMES = optimizers.NAMES
RPROP_AGREES_FOR = 20  # net steps; see test_the_engines_agree_on_the_net


@pytest.fixture(scope="module")
def run(tmp_path_factory) -> Path:
    """One quick run on both engines (about 10 s of CPU)."""
    root = tmp_path_factory.mktemp("optimizers")
    argv = ["lab", "run", "optimizers", "--quick", "--engine", "both", "--out", str(root)]
    with one_thread():
        assert main(argv) == 0
    return run_folder(root, "optimizers")


def test_it_draws_the_paths_still_and_animated_and_the_net_losses(run):
    frames = optimizers.QUICK["frames"]
    for engine in ENGINES:
        for still in ("surface.png", "net_loss.png"):
            assert (run / engine / still).stat().st_size > 1000, (engine, still)
        with Image.open(run / engine / "paths.gif") as animation:
            assert animation.n_frames == frames > 1
    assert (run / "curves_both.png").stat().st_size > 1000


def _paths(folder: Path) -> dict[str, np.ndarray]:
    table = np.genfromtxt(folder / "paths.csv", delimiter=",", names=True)
    return {name: table[name] for name in table.dtype.names}


def test_every_path_starts_at_the_start_and_the_engines_walk_the_same_paths(run):
    steps = optimizers.QUICK["steps"]
    mine, theirs = _paths(run / "cybenko"), _paths(run / "torch")
    assert len(mine) == 2 * len(NAMES)
    for column, values in mine.items():
        assert len(values) == steps + 1
        assert values[0] == (-8.0 if column.startswith("x") else 1.5), column
        np.testing.assert_allclose(values, theirs[column], rtol=0, atol=1e-9, err_msg=column)
    drawn = curves(run)
    for name in NAMES:
        assert drawn[f"surface loss {name} abs diff cybenko-torch"].max() < 1e-9, name


def test_the_engines_agree_on_the_net(run):
    """In float64 every net curve agrees to rounding, but Rprop's: it steps by the sign of
    each gradient alone, and some gradients are rounding noise (~1e-20) whose signs differ
    between the engines' matrix products, so after ~38 steps its curves part."""
    drawn = curves(run)
    for name in NAMES:
        diff = drawn[f"net loss {name} abs diff cybenko-torch"]
        assert len(diff) == optimizers.QUICK["net_steps"]
        if name == "Rprop":
            diff = diff[:RPROP_AGREES_FOR]
        assert diff.max() < 1e-9, name


def test_on_the_valley_the_adaptive_methods_get_far_lower_than_sgd(run):
    """At the quick 100 steps: SGD 0.085, momentum 0.060, Adagrad .. Rprop 1e-4 to 3e-12; but
    Adadelta, whose first steps are about sqrt(eps) long, is still at 1.08."""
    for engine, found in numbers(run).items():
        sgd = found["final surface loss SGD"]
        assert 0.01 < sgd < 1, engine  # SGD crawls along the valley
        for name in ("momentum", "Nesterov"):
            assert found[f"final surface loss {name}"] < sgd, (engine, name)
        for name in ("Adagrad", "RMSprop", "Adam", "AdamW", "Adamax", "Rprop"):
            assert found[f"final surface loss {name}"] < sgd / 100, (engine, name)
        assert found["final surface loss Adadelta"] > sgd, engine
        assert abs(found["final y SGD"]) < 1e-6  # the zigzag across has died out


def test_on_the_net_every_adaptive_method_beats_sgd(run):
    """At the quick 40 full-batch steps: SGD (lr 0.1) 1.92; the adaptive methods at their
    defaults 0.09 (Rprop) to 0.58 (Adam)."""
    for engine, found in numbers(run).items():
        sgd = found["final net loss SGD"]
        assert sgd > 1.0, engine
        for name in optimizers.ADAPTIVE:
            assert found[f"final net loss {name}"] < sgd / 2, (engine, name)
            assert found[f"test accuracy {name}"] > found["test accuracy SGD"], (engine, name)


def test_offline_it_trains_on_the_stand_in_digits(tmp_path, monkeypatch, capsys):
    """No course data, an empty cache, no network: scikit-learn's digits stand in, and the
    summary says so."""

    offline(monkeypatch, tmp_path)
    sets = ["steps=3", "frames=2", "n_train=40", "n_test=20", "hidden=8", "net_steps=2"]
    argv = ["lab", "run", "optimizers", "--out", str(tmp_path / "runs")]
    assert main([*argv, *(a for s in sets for a in ("--set", s))]) == 0
    told = [line for line in capsys.readouterr().out.splitlines() if line.startswith("data: ")]
    assert len(told) == 1 and data.MNIST_STAND_IN in told[0]  # one line says so
    folder = run_folder(tmp_path / "runs", "optimizers")
    assert numbers(folder)["cybenko"]["data"] == data.MNIST_STAND_IN
    assert data.MNIST_STAND_IN in (folder / "summary.md").read_text()
