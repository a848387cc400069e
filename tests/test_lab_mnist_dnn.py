"""The lab's `mnist-dnn` (seed 000, 예제3): the notes' 784-32-1 net tells 3 from 7 and 0 from 1,
run once in its `--quick` form on both engines (on MNIST from CYBENKO_DATA when it is there):
high accuracy on test digits it never saw, 0 vs 1 easier than 3 vs 7, the misclassified digits
and the 32 weight maps drawn, and cybenko's loss curves on PyTorch's. A second, shorter run on
cybenko alone takes the offline path: no MNIST anywhere, scikit-learn's digits stand in."""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from cybenko.lab import data
from cybenko.lab.cli import main
from lab_runs import curves, numbers, run_folder

pytest.importorskip("matplotlib")
pytest.importorskip("torch")
pytestmark = [pytest.mark.oracle, pytest.mark.slow]  # quick runs of a lab experiment

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("CYBENKO_DATA") or REPO.parent / "shared" / "data")
HAS_MNIST = (SHARED / "mnist" / "train-images-idx3-ubyte.gz").is_file()
ENGINES = ("cybenko", "torch")
PAIRS = ("3 vs 7", "0 vs 1")


def _no_network(url, *args, **kwargs):
    raise urllib.error.URLError("network is unreachable")


@pytest.fixture(scope="module")
def quick(tmp_path_factory) -> Path:
    """One quick run on both engines, never downloading (about 10 s on an idle machine)."""
    root = tmp_path_factory.mktemp("mnist")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(urllib.request, "urlopen", _no_network)
        mp.setenv("CYBENKO_CACHE", str(root / "cache"))
        if HAS_MNIST:
            mp.setenv("CYBENKO_DATA", str(SHARED))
        argv = ["lab", "run", "mnist-dnn", "--quick", "--engine", "both", "--out", str(root)]
        assert main(argv) == 0
    return run_folder(root, "mnist-dnn")


def test_it_draws_the_mistakes_the_weight_maps_and_the_losses(quick):
    for engine in ENGINES:
        for pair in ("3v7", "0v1"):
            for figure in (f"misclassified_{pair}.png", f"weights_{pair}.png",
                           f"predictions_{pair}.png"):  # fmt: skip
                assert (quick / engine / figure).stat().st_size > 5000, (engine, figure)
        assert (quick / engine / "loss.png").stat().st_size > 5000
    assert (quick / "curves_both.png").stat().st_size > 5000


@pytest.mark.skipif(not HAS_MNIST, reason=f"no MNIST in {SHARED} (set CYBENKO_DATA)")
def test_on_mnist_the_net_tells_the_digits_apart_on_test_images_it_never_saw(quick):
    """Quick run, 500 training images a digit: 3 vs 7 measured 0.9710 (59 of 2038 wrong),
    0 vs 1 0.9972 (6 of 2115 wrong)."""
    for engine, found in numbers(quick).items():
        assert found["data"] == "MNIST"
        assert found["test images 3 vs 7"] == 2038 and found["test images 0 vs 1"] == 2115
        assert found["test accuracy 3 vs 7"] > 0.96, engine
        assert found["test accuracy 0 vs 1"] > 0.99, engine
        assert found["train accuracy 3 vs 7"] > 0.97, engine
        assert found["test accuracy 0 vs 1"] > found["test accuracy 3 vs 7"], engine


def test_0_vs_1_is_easier_than_3_vs_7_and_the_mistakes_are_counted(quick):
    for engine, found in numbers(quick).items():
        assert found["test accuracy 0 vs 1"] >= found["test accuracy 3 vs 7"], engine
        for pair in PAIRS:
            wrong = found[f"misclassified test digits {pair}"]
            n = found[f"test images {pair}"]
            assert wrong == round((1 - found[f"test accuracy {pair}"]) * n), (engine, pair)


def test_the_training_loss_falls_on_both_pairs(quick):
    drawn = curves(quick)
    for engine in ENGINES:
        for pair in PAIRS:
            loss = drawn[f"loss {pair} [{engine}]"]
            assert loss[0] == pytest.approx(0.69, abs=0.02)  # ln 2: a fresh net says 1/2
            assert loss[-1] < loss[0] / 3, (engine, pair)  # quick: 0.090 and 0.162
            assert drawn[f"test loss {pair} [{engine}]"][-1] < 0.25, (engine, pair)


def test_cybenko_and_torch_loss_curves_agree(quick):
    """Measured: at most 6e-8 apart."""
    diffs = {k: v for k, v in curves(quick).items() if k.endswith("abs diff cybenko-torch")}
    assert len(diffs) == 4
    for key, values in diffs.items():
        assert values.max() < 1e-4, key
    cyb, tor = numbers(quick).values()
    for pair in PAIRS:
        assert cyb[f"misclassified test digits {pair}"] == tor[f"misclassified test digits {pair}"]


def test_offline_with_no_mnist_anywhere_scikit_learns_digits_stand_in(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.setattr(urllib.request, "urlopen", _no_network)
    monkeypatch.setenv("CYBENKO_DATA", str(tmp_path / "nothing"))
    monkeypatch.setenv("CYBENKO_CACHE", str(tmp_path / "cache"))
    argv = ["lab", "run", "mnist-dnn", "--quick", "--set", "epochs_3v7=25", "--set",
            "epochs_0v1=10", "--set", "hidden=8", "--out", str(tmp_path / "runs")]  # fmt: skip
    assert main(argv) == 0
    told = [line for line in capsys.readouterr().out.splitlines() if line.startswith("data: ")]
    assert len(told) == 1 and "scikit-learn" in told[0]
    folder = run_folder(tmp_path / "runs", "mnist-dnn")
    found = numbers(folder)["cybenko"]
    assert found["data"] == data.MNIST_STAND_IN
    assert f"| data | {data.MNIST_STAND_IN} |" in (folder / "summary.md").read_text()
    assert found["test images 3 vs 7"] + found["test images 0 vs 1"] > 100
    assert found["test accuracy 0 vs 1"] > 0.95
    assert (folder / "weights_3v7.png").stat().st_size > 5000
