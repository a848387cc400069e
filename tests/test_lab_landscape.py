"""The lab's `logistic-landscape` (seed 004), run once in its `--quick` form on both engines:
the BCE surface of logistic regression is convex where the MSE surface is not, and so SGD
leaves the bad start (-10, -1) on BCE but stays on MSE's plateau, while Adam leaves both."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from cybenko.lab.cli import main
from lab_runs import curves, numbers, run_folder

pytest.importorskip("matplotlib")
pytest.importorskip("torch")
Image = pytest.importorskip("PIL.Image")
pytestmark = pytest.mark.oracle

ENGINES = ("cybenko", "torch")
RUNS = [f"{loss} {start} {opt}" for loss in ("mse", "bce") for opt in ("sgd", "adam")
        for start in ("good", "bad")]  # fmt: skip


@pytest.fixture(scope="module")
def landscape(tmp_path_factory) -> Path:
    """One quick run on both engines (about 20 s of CPU)."""
    root = tmp_path_factory.mktemp("landscape")
    argv = ["lab", "run", "logistic-landscape", "--quick", "--engine", "both", "--out", str(root)]
    assert main(argv) == 0
    return run_folder(root, "logistic-landscape")


def test_it_draws_both_surfaces_the_comparison_and_eight_animations(landscape):
    frames = json.loads((landscape / "config.json").read_text())["config"]["frames"]
    for engine in ENGINES:
        for still in ("surfaces.png", "comparison.png"):
            assert (landscape / engine / still).stat().st_size > 1000, (engine, still)
        for run in RUNS:
            gif = landscape / engine / f"path_{run.replace(' ', '_')}.gif"
            assert gif.stat().st_size > 1000, gif
            with Image.open(gif) as animation:
                assert animation.n_frames == frames > 1, gif


def test_the_bce_surface_is_convex_along_every_grid_line_and_the_mse_surface_is_not(landscape):
    for engine, found in numbers(landscape).items():
        assert found["bce min second difference"] > -1e-5, engine  # float32 rounding at most
        assert found["bce grid lines bending down"] == 0, engine
        assert found["mse min second difference"] < -1e-3, engine
        assert found["mse grid lines bending down"] > found["grid lines"] // 2, engine


def test_both_surfaces_are_lowest_near_the_parameters_of_the_data(landscape):
    for engine, found in numbers(landscape).items():
        for loss in ("mse", "bce"):
            w = (found[f"{loss} surface argmin w0"], found[f"{loss} surface argmin w1"])
            assert np.hypot(w[0] + 1, w[1] - 5) < 0.5, (engine, loss, w)


def test_adam_from_the_good_start_reaches_the_bottom_of_either_surface(landscape):
    found, drawn = numbers(landscape), curves(landscape)
    for engine in ENGINES:
        for loss in ("mse", "bce"):
            losses = drawn[f"loss {loss} good adam [{engine}]"]
            assert losses[-1] < losses[0] / 3
            assert losses[-1] < found[engine][f"{loss} surface min"] + 0.01, (engine, loss)


def test_sgd_stays_on_the_mse_plateau_from_the_bad_start_but_slides_down_the_bce_wall(landscape):
    found, drawn = numbers(landscape), curves(landscape)
    for engine in ENGINES:
        stuck = drawn[f"loss mse bad sgd [{engine}]"]
        assert abs(stuck[-1] - stuck[0]) < 1e-4
        w = (found[engine]["final w0 mse bad sgd"], found[engine]["final w1 mse bad sgd"])
        assert np.hypot(w[0] + 10, w[1] + 1) < 0.01, w
        sliding = drawn[f"loss bce bad sgd [{engine}]"]
        assert sliding[-1] < sliding[0] * 0.6
        assert np.all(np.diff(sliding) < 0)
        assert found[engine]["final loss mse bad adam"] < stuck[-1] / 3  # Adam leaves it


def test_cybenko_and_torch_agree_within_1e_4(landscape):
    diffs = {k: v for k, v in curves(landscape).items() if k.endswith("abs diff cybenko-torch")}
    assert len(diffs) == len(RUNS)
    for key, values in diffs.items():
        assert values.max() < 1e-4, key
    found = numbers(landscape)
    for key, value in found["cybenko"].items():
        if key != "seconds":
            assert abs(value - found["torch"][key]) < 1e-4, key
