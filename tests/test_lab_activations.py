"""The lab's `activations` experiment (seed 001, 09-1 ReLU), run once in its `--quick` form on
both engines: in a 9-layer MNIST net at PyTorch's default initialisation the sigmoid's
gradient shrinks layer after layer (its first layer gets ~1e-7 of a gradient, thousands of
times less than ReLU's), so the sigmoid net sits at ln 10 while tanh, ReLU and leaky ReLU
train; cybenko and PyTorch take the same steps. Also: the offline stand-in for MNIST."""

from __future__ import annotations

import math
import os
from pathlib import Path

import numpy as np
import pytest

from cybenko.lab import data
from cybenko.lab.cli import main
from cybenko.lab.experiments import activations
from lab_runs import SHARED, curves, numbers, offline, one_thread, run_folder

pytest.importorskip("matplotlib")
Image = pytest.importorskip("PIL.Image")
pytestmark = [pytest.mark.oracle, pytest.mark.slow]  # quick runs of a lab experiment

ENGINES = ("cybenko", "torch")
NAMES = activations.ACTIVATIONS


@pytest.fixture(scope="module")
def quick(tmp_path_factory) -> Path:
    """One quick run on both engines, on the course's MNIST when CYBENKO_DATA has it (about
    8 s of CPU per engine)."""
    pytest.importorskip("torch")
    root = tmp_path_factory.mktemp("activations")
    argv = ["lab", "run", "activations", "--quick", "--engine", "both", "--out", str(root)]
    with pytest.MonkeyPatch.context() as mp, one_thread():
        if os.path.isdir(os.path.join(SHARED, "mnist")):
            mp.setenv("CYBENKO_DATA", SHARED)
        assert main(argv) == 0
    return run_folder(root, "activations")


def test_it_draws_the_gradient_norms_the_losses_and_an_animation(quick):
    frames = activations.QUICK["frames"]
    for engine in ENGINES:
        for figure in ("grad_norms_init.png", "grad_norms_training.png", "loss.png"):
            assert (quick / engine / figure).stat().st_size > 1000, (engine, figure)
        with Image.open(quick / engine / "grad_norms.gif") as gif:
            assert gif.n_frames == frames
    assert (quick / "curves_both.png").stat().st_size > 1000


def test_relus_first_layer_gets_thousands_of_times_sigmoids_gradient_at_init(quick):
    """Measured on MNIST: 4586x; on the offline stand-in digits: 5296x."""
    for engine, found in numbers(quick).items():
        assert found["init grad norm layer 1 relu / sigmoid"] > 1000, engine
        assert found["init grad norm layer 1 relu"] > 1000 * found["init grad norm layer 1 sigmoid"]


def test_the_sigmoids_gradient_vanishes_layer_after_layer_and_the_others_do_not(quick):
    """First layer / last layer at init: sigmoid 3e-7; tanh 0.36, ReLU and leaky ReLU 0.033."""
    for engine, found in numbers(quick).items():
        assert found["init grad layer 1 / layer 9 sigmoid"] < 1e-5, engine
        for name in ("tanh", "relu", "leaky relu"):
            assert found[f"init grad layer 1 / layer 9 {name}"] > 1e-2, (engine, name)


def test_the_sigmoid_net_sits_at_ln_10_while_the_others_learn(quick):
    """Quick run, 140 steps: sigmoid 2.304 and 10% on the test images; the others 0.39 to 0.48
    and about 70%."""
    for engine, found in numbers(quick).items():
        assert abs(found["final loss sigmoid (mean of the last 10 steps)"] - math.log(10)) < 0.02
        assert found["test accuracy sigmoid"] < 0.2
        for name in ("tanh", "relu", "leaky relu"):
            assert found[f"final loss {name} (mean of the last 10 steps)"] < 0.8, (engine, name)
            assert found[f"test accuracy {name}"] > 0.5, (engine, name)


def test_both_engines_start_from_the_same_gradients(quick):
    found = numbers(quick)
    for key, value in found["cybenko"].items():
        if key.startswith("init grad"):
            assert value == pytest.approx(found["torch"][key], rel=1e-5), key


def test_both_engines_take_the_same_steps_until_float32_rounding_parts_the_relu_nets(quick):
    """The sigmoid and tanh curves agree over the whole quick run (measured: within 1e-6).
    In float32 the ReLU nets part after ~25 steps, as PyTorch's float32 run parts from its own
    float64 run: a pre-activation rounded across 0 flips a ReLU, and Adam turns rounding noise
    in a near-zero gradient into a step of size lr. In float64 they do not part (next test)."""
    found = curves(quick)
    for name in NAMES:
        for series in (f"loss {name}", f"grad norm layer 1 {name}"):
            diff = found[f"{series} abs diff cybenko-torch"]
            steps = len(diff) if name in ("sigmoid", "tanh") else 20
            scale = np.maximum(1.0, np.abs(found[f"{series} [torch]"][:steps]))
            assert np.all(diff[:steps] <= 1e-4 * scale), series


def test_in_float64_the_relu_nets_of_both_engines_take_the_same_steps():
    """The quick run's ReLU net in float64 on 300 images for 60 steps: the two engines' losses
    and gradient norms agree to 1e-10 all the way."""
    torch = pytest.importorskip("torch")
    import cybenko

    rng = np.random.default_rng(0)
    d = {"x": rng.random((300, 784)), "y": rng.integers(0, 10, 300)}
    cfg = {**activations.DEFAULTS, **activations.QUICK, "device": "cpu", "epochs": 20}
    found = {}
    with one_thread():
        for engine in (cybenko, torch):
            engine.manual_seed(cfg["seed"])
            act = lambda engine=engine: activations.activation(engine, "relu")  # noqa: E731
            net = activations.deep_net(engine, cfg["layers"], cfg["width"], act).double()
            table = activations.Table("net", "step", "loss", "grad 1st", "grad last")
            found[engine.__name__] = activations.train(engine, net, d, cfg, "relu", table)
    (loss_a, norms_a), (loss_b, norms_b) = found.values()
    assert len(loss_a) == 60
    np.testing.assert_allclose(loss_a, loss_b, rtol=1e-10)
    np.testing.assert_allclose(norms_a, norms_b, rtol=1e-10)


def test_offline_without_mnist_it_runs_on_scikit_learns_digits(tmp_path, monkeypatch, capsys):
    """No MNIST anywhere and no network: the stand-in digits, told in a line and the summary;
    the gradient picture at initialisation is the same."""

    offline(monkeypatch, tmp_path)
    argv = ["lab", "run", "activations", "--quick", "--set", "epochs=1", "--set", "frames=2"]
    with one_thread():
        assert main([*argv, "--out", str(tmp_path / "runs")]) == 0
    assert f"data: {data.MNIST_STAND_IN}" in capsys.readouterr().out
    folder = run_folder(tmp_path / "runs", "activations")
    found = numbers(folder)["cybenko"]
    assert found["data"].startswith(data.MNIST_STAND_IN)
    assert data.MNIST_STAND_IN in (folder / "summary.md").read_text()
    assert found["init grad norm layer 1 relu / sigmoid"] > 1000
