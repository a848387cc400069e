"""The lab's `init` experiment (seed 001, 09-2 Weight initialization), run once in its
`--quick` form on both engines: torch.nn.init's zeros_, normal_(0, 1), normal_(0, 0.01),
xavier_uniform_ and kaiming_uniform_ in 9-layer sigmoid and ReLU nets. All-zero weights keep
every hidden unit of a layer identical; N(0, 1) saturates the sigmoids and blows the ReLU
signal up, N(0, 0.01) squeezes it; Xavier keeps the sigmoids' spread, He the ReLUs', and He
trains the ReLU net best. Both engines draw the same weights."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pytest

from cybenko.lab import data
from cybenko.lab.cli import main
from cybenko.lab.experiments import init as weight_init
from lab_runs import SHARED, curves, numbers, offline, one_thread, run_folder

pytest.importorskip("matplotlib")
pytestmark = [pytest.mark.oracle, pytest.mark.slow]  # quick runs of a lab experiment

ENGINES = ("cybenko", "torch")
SCHEMES = weight_init.SCHEMES
LAST = weight_init.DEFAULTS["layers"] - 1  # the last hidden layer


@pytest.fixture(scope="module")
def quick(tmp_path_factory) -> Path:
    """One quick run on both engines, on the course's MNIST when CYBENKO_DATA has it (about
    9 s of CPU per engine)."""
    pytest.importorskip("torch")
    root = tmp_path_factory.mktemp("init")
    argv = ["lab", "run", "init", "--quick", "--engine", "both", "--out", str(root)]
    with pytest.MonkeyPatch.context() as mp, one_thread():
        if os.path.isdir(os.path.join(SHARED, "mnist")):
            mp.setenv("CYBENKO_DATA", SHARED)
        assert main(argv) == 0
    return run_folder(root, "init")


def test_it_draws_the_histogram_grids_the_spread_and_the_losses(quick):
    figures = ["activations_sigmoid.png", "activations_relu.png", "activation_spread.png"]
    for engine in ENGINES:
        for figure in [*figures, "loss.png"]:
            assert (quick / engine / figure).stat().st_size > 1000, (engine, figure)
    assert (quick / "curves_both.png").stat().st_size > 1000


def test_zero_weights_keep_every_hidden_unit_of_a_layer_identical(quick):
    """After training, two units of one hidden layer differ by at most float32 rounding
    (measured: 5e-7 on cybenko, 0 on torch) under zeros, by 0.37 or more under the others."""
    for engine, found in numbers(quick).items():
        for act in ("sigmoid", "relu"):
            assert found[f"unit spread after training {act} zeros"] < 1e-5, (engine, act)
            for scheme in SCHEMES[1:]:
                assert found[f"unit spread after training {act} {scheme}"] > 0.1, (act, scheme)


def test_zero_weights_do_not_let_the_relu_net_learn(quick):
    """Every hidden ReLU outputs 0, so every gradient but the output bias's is 0: the net can
    only learn the label frequencies (loss about ln 10)."""
    found, drawn = numbers(quick), curves(quick)
    for engine in ENGINES:
        assert found[engine][f"zero fraction layer {LAST} relu zeros"] == 1.0
        losses = drawn[f"loss relu zeros [{engine}]"]
        assert np.all(np.abs(losses - math.log(10)) < 0.1)


def test_n01_saturates_the_sigmoids_xavier_keeps_their_spread_and_n001_squeezes_it(quick):
    """Last hidden layer: N(0, 1) 58% of the sigmoids below 0.01 or above 0.99, Xavier none
    (std 0.108 at layer 1, 0.128 at layer 8); N(0, 0.01) std 0.014, every unit near 0.5."""
    for engine, found in numbers(quick).items():
        assert found[f"saturated fraction layer {LAST} sigmoid N(0,1)"] > 0.4, engine
        assert found[f"saturated fraction layer {LAST} sigmoid Xavier"] < 0.01, engine
        first = found["activation std layer 1 sigmoid Xavier"]
        last = found[f"activation std layer {LAST} sigmoid Xavier"]
        assert 0.5 < last / first < 2 and last > 0.05, engine
        assert found[f"activation std layer {LAST} sigmoid N(0,0.01)"] < 0.03, engine


def test_he_keeps_the_relu_signal_xavier_lets_it_fade_and_the_normals_blow_up_or_die(quick):
    """std of the ReLU activations, last hidden layer / first: He 0.80, Xavier 0.071,
    N(0, 1) 2.7e6 (1.5e7 at layer 8), N(0, 0.01) 2.7e-8 (1.5e-9 at layer 8)."""
    for engine, found in numbers(quick).items():
        ratio = {
            s: found[f"activation std layer {LAST} relu {s}"]
            / found[f"activation std layer 1 relu {s}"]
            for s in SCHEMES[1:]
        }
        assert 0.5 < ratio["He"] < 2, engine
        assert ratio["Xavier"] < 0.2, engine
        assert ratio["N(0,1)"] > 1e4 and ratio["N(0,0.01)"] < 1e-4, engine


def test_he_trains_the_relu_net_best(quick):
    """Quick run, 70 steps: mean loss over training He 0.70, Xavier 0.89; final loss He 0.17,
    Xavier 0.28, N(0, 0.01) 1.99, zeros 2.30, N(0, 1) 1e7."""
    for engine, found in numbers(quick).items():
        he = found["mean loss over training relu He"]
        for scheme in SCHEMES[:-1]:
            assert he < found[f"mean loss over training relu {scheme}"] - 0.1, (engine, scheme)
        final = {s: found[f"final loss relu {s} (mean of the last 10 steps)"] for s in SCHEMES}
        assert final["He"] < min(v for s, v in final.items() if s != "He"), engine


def test_both_engines_draw_the_same_weights_with_torch_nn_init(quick):
    """Same seed, same init functions: the activation statistics before training agree."""
    found = numbers(quick)
    for key, value in found["cybenko"].items():
        if key.startswith(("activation std", "saturated fraction", "zero fraction")):
            assert value == pytest.approx(found["torch"][key], rel=1e-5, abs=1e-12), key


def test_both_engines_take_the_same_steps_until_float32_rounding_parts_the_relu_nets(quick):
    """Relative to the loss (N(0, 1) makes the ReLU net's ~1e7): the sigmoid nets agree within
    1e-3 over the whole run, the ReLU nets over their first 30 steps (then float32 rounding,
    amplified by the ReLU's kink and by Adam, parts them; see test_lab_activations)."""
    found = curves(quick)
    for act in ("sigmoid", "relu"):
        for scheme in SCHEMES:
            series = f"loss {act} {scheme}"
            diff = found[f"{series} abs diff cybenko-torch"]
            steps = len(diff) if act == "sigmoid" else 30
            scale = np.maximum(1.0, np.abs(found[f"{series} [torch]"][:steps]))
            assert np.all(diff[:steps] <= 1e-3 * scale), series


def test_offline_without_mnist_it_runs_on_scikit_learns_digits(tmp_path, monkeypatch, capsys):
    """No MNIST anywhere and no network: a small run on the stand-in digits, told in a line
    and in the summary."""

    offline(monkeypatch, tmp_path)
    small = ["layers=4", "width=32", "epochs=1", "train_size=200", "probe_size=200"]
    argv = ["lab", "run", "init", "--quick", *(a for s in small for a in ("--set", s))]
    with one_thread():
        assert main([*argv, "--out", str(tmp_path / "runs")]) == 0
    assert f"data: {data.MNIST_STAND_IN}" in capsys.readouterr().out
    folder = run_folder(tmp_path / "runs", "init")
    found = numbers(folder)["cybenko"]
    assert found["data"].startswith(data.MNIST_STAND_IN)
    assert found["unit spread after training sigmoid zeros"] < 1e-5
    assert (folder / "activations_relu.png").stat().st_size > 1000
