"""The lab's `cnn-mnist` (seed 003, the book's CNN: conv 1->6->16 5x5, max-pooling, 256-64-10):
a quick run on both engines learns MNIST's digits far above chance, draws its filters, one
digit's feature maps, its confusion matrix and its answers, and cybenko and PyTorch take the
same steps from the same seed. Offline with no MNIST, scikit-learn's digits stand in.

torch and NumPy's BLAS run on one thread here (`lab_runs.one_thread`): their thread pools
make the quick run's small batches crawl on a busy 2-core machine.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request

import pytest

from cybenko.lab import data
from cybenko.lab.cli import main
from lab_runs import (
    assert_drawn,
    curves,
    numbers,
    one_thread,
    quick_run_on_both_engines,
    run_folder,
)

pytest.importorskip("matplotlib")
pytestmark = [pytest.mark.oracle, pytest.mark.slow]  # quick runs of a lab experiment

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("CYBENKO_DATA") or os.path.join(REPO, "..", "shared", "data")
needs_data = pytest.mark.skipif(
    not os.path.isdir(os.path.join(SHARED, "mnist")),
    reason=f"no local MNIST in {SHARED} (set CYBENKO_DATA to the course data folder)",
)
ENGINES = ("cybenko", "torch")
FIGURES = ["loss.png", "filters.png", "feature_maps.png", "confusion_matrix.png", "predictions.png"]


@pytest.fixture(scope="module")
def cnn_run(tmp_path_factory):
    """One quick run on both engines on the course's MNIST (about 10 s of CPU)."""
    return quick_run_on_both_engines(tmp_path_factory, "cnn-mnist")


@needs_data
def test_it_draws_filters_feature_maps_confusion_matrix_and_answers(cnn_run):
    assert_drawn(cnn_run, FIGURES)


@needs_data
def test_the_cnn_reads_mnist_digits_far_above_chance(cnn_run):
    """Quick run (2000 images, 2 epochs, 100 Adam steps): measured 0.876 of 500 test digits
    on both engines; untrained, the net scores about chance."""
    for engine, found in numbers(cnn_run).items():
        assert found["data"] == "MNIST"
        assert found["train images"] == 2000 and found["test images"] == 500
        assert found["test accuracy"] > 0.8, engine
        assert found["parameters"] == 6 * 25 + 6 + 16 * 6 * 25 + 16 + 256 * 64 + 64 + 64 * 10 + 10
    drawn = curves(cnn_run)
    for engine in ENGINES:
        accuracy = drawn[f"test accuracy per epoch [{engine}]"]
        assert len(accuracy) == 3 and accuracy[0] < 0.3 and accuracy[-1] > 0.8
        loss = drawn[f"loss [{engine}]"]
        assert len(loss) == 2 * 2000 // 40
        assert loss[:10].mean() > 2.0 and loss[-10:].mean() < 1.0, engine


@needs_data
def test_cybenko_and_torch_take_the_same_steps(cnn_run):
    """Same seed, same weights, same shuffles: the loss curves agree within 1e-4 (measured:
    at most 5e-7) and both engines give the same answers on the test digits."""
    drawn = curves(cnn_run)
    assert drawn["loss abs diff cybenko-torch"].max() < 1e-4
    assert drawn["test accuracy per epoch abs diff cybenko-torch"].max() == 0
    found = numbers(cnn_run)
    assert found["cybenko"]["most confused"] == found["torch"]["most confused"]


def test_offline_without_mnist_scikit_learns_digits_stand_in(tmp_path, monkeypatch, capsys):
    """No CYBENKO_DATA, an empty cache, no network: the run trains on scikit-learn's digits
    (1437 to train, 360 to test), says so once, and still learns (a short run: 400 images)."""
    pytest.importorskip("sklearn")

    def unreachable(url, *args, **kwargs):
        raise urllib.error.URLError("network is unreachable")

    monkeypatch.setattr(urllib.request, "urlopen", unreachable)
    monkeypatch.setenv("CYBENKO_DATA", str(tmp_path / "nothing"))
    monkeypatch.setenv("CYBENKO_CACHE", str(tmp_path / "cache"))
    sets = ["n_train=400", "batch_size=20", "epochs=3", "n_test=5000"]
    argv = ["lab", "run", "cnn-mnist", "--quick", *(a for s in sets for a in ("--set", s))]
    with one_thread():
        assert main([*argv, "--out", str(tmp_path / "runs")]) == 0
    assert capsys.readouterr().out.count(f"data: {data.MNIST_STAND_IN}") == 1
    folder = run_folder(tmp_path / "runs", "cnn-mnist")
    found = numbers(folder)["cybenko"]
    assert found["data"] == data.MNIST_STAND_IN
    assert found["train images"] == 400 and found["test images"] == 360
    assert found["test accuracy"] > 0.5  # measured 0.753 (seeds 1, 2, 5: 0.64, 0.80, 0.85)
    assert data.MNIST_STAND_IN in (folder / "summary.md").read_text()
    for figure in FIGURES:
        assert (folder / figure).stat().st_size > 5000, figure
