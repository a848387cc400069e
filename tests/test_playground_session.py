"""The playground's datasets and sessions (cybenko.lab.playground.problems, session, export):
datasets are the same for the same seed; a session trains XOR with a 2-4-1 tanh net to a test
loss under 0.1 in a few hundred steps; play, pause, step and reset; the snapshot's shapes
(the page's contract, see server.py) and its speed; sessions do not disturb each other's
random numbers; and the exported script and checkpoint reproduce the session exactly.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

import cybenko
from cybenko.lab.playground import export
from cybenko.lab.playground.problems import feature_columns, grid, make_problem
from cybenko.lab.playground.session import Session
from cybenko.lab.playground.settings import FEATURES, Settings
from lab_runs import SHARED

SRC = Path(__file__).resolve().parents[1] / "src"
DATA = Path(SHARED)


@pytest.fixture
def session():
    made = []

    def make(**values):
        made.append(Session(Settings.parse(values)))
        return made[-1]

    yield make
    for s in made:
        s.close()


# --- datasets ------------------------------------------------------------------------------

SYNTHETIC = ["xor", "circles", "spirals", "blobs", "sin_exp"]


@pytest.mark.parametrize("name", SYNTHETIC)
def test_a_dataset_is_the_same_for_the_same_seed_and_differs_for_another(name):
    features = ["x1"] if name == "sin_exp" else ["x1", "x2", "x1*x2"]
    a, b, c = (make_problem(name, 120, 0.3, 0.25, features, seed) for seed in (5, 5, 6))
    for field in ("raw_train", "x_train", "y_train", "raw_test", "x_test", "y_test"):
        assert np.array_equal(getattr(a, field), getattr(b, field))
        assert getattr(a, field).dtype == np.float32
    assert not np.array_equal(a.x_train, c.x_train)
    assert len(a.x_test) == 30 and len(a.x_train) == 90
    assert a.x_train.shape[1] == len(a.features) and a.y_train.shape == (90, 1)
    if a.kind == "classify":
        assert set(np.unique(np.concatenate([a.y_train, a.y_test]))) == {0.0, 1.0}


def test_features_are_computed_from_the_raw_inputs():
    raw = np.array([[0.5, -2.0], [1.0, 3.0]], dtype=np.float32)
    x = feature_columns(raw, FEATURES)
    x1, x2 = raw[:, 0], raw[:, 1]
    expected = [x1, x2, x1 * x1, x2 * x2, x1 * x2, np.sin(x1), np.sin(x2)]
    np.testing.assert_array_equal(x, np.stack(expected, 1).astype(np.float32))


def test_the_grid_runs_row_by_row_from_the_top():
    g = grid((0.0, 4.0, 0.0, 2.0), 4, 2)
    assert g.shape == (16, 2)
    assert g[0].tolist() == [0.5, 1.75] and g[3].tolist() == [3.5, 1.75]
    assert g[-1].tolist() == [3.5, 0.25]
    assert grid((0.0, 4.0, 0.0, 1.0), 4, 1)[:, 0].tolist() == [0.5, 1.5, 2.5, 3.5]


@pytest.mark.skipif(not DATA.is_dir(), reason="the course data folder is not on this machine")
def test_the_lectures_csvs_are_read_through_the_lab(monkeypatch):
    monkeypatch.setenv("CYBENKO_DATA", str(DATA))
    p = make_problem("dnnex3", 300, 0.0, 0.5, ["x1", "x2"], 1)
    assert p.x_train.shape == (150, 2) and p.kind == "classify"
    q = make_problem("dnnex2", 2000, 0.0, 0.5, ["x1", "x2"], 1)
    assert q.features == ("x1",) and q.kind == "regress" and len(q.x_test) == 1000


def test_without_the_csvs_the_lectures_data_are_regenerated_and_said_so(monkeypatch, capsys):
    from cybenko.lab import data
    from cybenko.lab.playground import problems

    def nowhere(name):
        raise data.DataNotFound(f"no {name} here")

    monkeypatch.setattr(data, "fetch", nowhere)
    problems._dnnex_columns.cache_clear()
    try:
        p = make_problem("dnnex3", 300, 0.0, 0.5, ["x1", "x2"], 1)
        q = make_problem("dnnex2", 300, 0.0, 0.5, ["x1"], 1)
    finally:
        problems._dnnex_columns.cache_clear()
    assert p.x_train.shape == (150, 2) and p.kind == "classify"
    assert set(np.unique(p.y_train)) <= {0.0, 1.0}
    assert q.kind == "regress" and len(q.x_test) == 150
    assert "regenerated from the lecture's formula" in capsys.readouterr().out


# --- training ------------------------------------------------------------------------------


def test_xor_with_a_2_4_1_tanh_net_reaches_a_test_loss_under_0_1(session):
    s = session(dataset="xor", hidden="4", act="tanh", loss="bce", opt="adam", lr=0.03)
    first = s.snapshot()["last"]["test"]
    s.control("step", steps=300)
    state = s.snapshot()
    assert state["step"] == 300 and state["epoch"] == 300 // 10  # 100 points, batch 10
    assert first > 0.5 > 0.1 > state["last"]["test"]
    assert state["last"]["train"] < 0.1
    assert state["network"]["layers"] == [2, 4, 1]


def test_play_trains_in_the_background_and_pause_stops_it(session):
    s = session()
    s.control("play")
    time.sleep(0.5)
    s.touch()
    s.control("pause")
    step = s.snapshot()["step"]
    assert step > 0 and s.snapshot()["running"] is False
    time.sleep(0.2)
    assert s.snapshot()["step"] == step


def test_a_session_without_requests_pauses_itself(session, monkeypatch):
    from cybenko.lab.playground import session as session_module

    monkeypatch.setattr(session_module, "IDLE_SECONDS", 0.2)
    s = session()
    s.control("play")
    time.sleep(0.6)
    state = s.snapshot()
    assert state["running"] is False and "no request" in state["message"]


def test_reset_starts_again_from_the_same_weights(session):
    s = session(dropout=0.1)
    before = s.snapshot()
    s.control("step", steps=50)
    s.control("reset")
    after = s.snapshot()
    assert after["step"] == 0 and after["network"] == before["network"]
    assert after["last"] == before["last"]
    s.control("step", steps=50)
    other = session(dropout=0.1)
    other.control("step", steps=50)
    assert s.snapshot()["last"] == other.snapshot()["last"]


def test_sessions_and_the_graph_do_not_disturb_each_others_random_numbers(session):
    values = {"dataset": "circles", "hidden": "8", "act": "relu", "dropout": 0.3, "seed": 7}
    alone = session(**values)
    alone.control("step", steps=40)
    a, b = session(**values), session(**values | {"seed": 8})
    for _ in range(4):  # interleaved, with graphs drawn (dropout draws there too)
        a.control("step", steps=10)
        b.control("step", steps=10)
        a.current_loss_graph()
        cybenko.rand(3)  # the global generator moves on between requests
    assert a.snapshot()["last"] == alone.snapshot()["last"]
    assert a.snapshot()["loss"]["cybenko"]["train"][-1] == alone.snapshot()["last"]["train"]


def test_a_diverging_training_pauses_with_a_message(session):
    s = session(dataset="sin_exp", loss="mse", hidden="16", act="relu", opt="sgd", lr=10, batch=50)
    s.control("play")
    deadline = time.monotonic() + 10
    while s.snapshot()["running"] and time.monotonic() < deadline:
        time.sleep(0.05)
    state = s.snapshot()
    assert state["running"] is False and "diverged" in state["message"]
    json.dumps(state, allow_nan=False)  # nan and inf went out as null
    assert None in state["loss"]["cybenko"]["train"]


def test_the_graph_is_the_autograd_graph_of_the_training_loss(session):
    s = session(l2=0.01)
    diagram = s.current_loss_graph()
    names = [n.label for n in diagram.graph.nodes]
    assert names[0].startswith("loss")
    assert any("BinaryCrossEntropyWithLogitsBackward0" in n for n in names)
    assert any(n.startswith("0.weight") for n in names)  # leaves named as the parameters
    assert s.snapshot()["step"] == 0


# --- the snapshot --------------------------------------------------------------------------


def test_the_snapshot_of_a_2d_problem(session):
    s = session(hidden="3,5", act="relu,tanh", features="x1,x2,x1^2")
    s.control("step", steps=3)
    state = s.snapshot(points=True)
    json.dumps(state, allow_nan=False)
    assert state["kind"] == "classify" and state["running"] is False
    assert set(state["loss"]) == {"cybenko"}
    curve = state["loss"]["cybenko"]
    assert curve["steps"] == [0, 3] and len(curve["train"]) == len(curve["test"]) == 2
    assert state["last"] == {"train": curve["train"][-1], "test": curve["test"][-1]}
    regions = state["regions"]
    assert regions["size"] == 40 and len(regions["values"]) == 1600 and len(regions["extent"]) == 4
    assert all(0 <= v <= 1 for v in regions["values"])
    assert "curve" not in state
    assert len(state["points"]["train"]) == 100 and len(state["points"]["train"][0]) == 3
    net = state["network"]
    assert net["layers"] == [3, 3, 5, 1] and net["inputs"] == ["x1", "x2", "x1^2"]
    assert [np.shape(w) for w in net["weights"]] == [(3, 3), (5, 3), (1, 5)]
    assert [len(b) for b in net["biases"]] == [3, 5, 1]
    assert [len(layer) for layer in net["neurons"]] == [3, 3, 5, 1]
    assert {len(m) for layer in net["neurons"] for m in layer} == {256}
    assert net["grid"]["size"] == 16 and net["grid"]["dims"] == 2
    assert "points" not in s.snapshot()


def test_the_snapshot_of_a_1d_regression_has_a_curve(session):
    s = session(dataset="sin_exp", loss="mse", hidden="8", act="tanh", features="x1,sin(x1)")
    state = s.snapshot(points=True)
    assert state["kind"] == "regress" and "regions" not in state
    assert len(state["curve"]["x"]) == len(state["curve"]["y"]) == 200
    assert len(state["points"]["test"][0]) == 2
    assert state["network"]["layers"] == [2, 8, 1]
    assert {len(m) for layer in state["network"]["neurons"] for m in layer} == {16}


def test_cross_entropy_has_one_output_per_class(session):
    s = session(dataset="blobs", loss="ce", hidden="4")
    net = s.snapshot()["network"]
    assert net["layers"] == [2, 4, 2]
    p0, p1 = (np.array(m) for m in net["neurons"][-1])
    np.testing.assert_allclose(p0 + p1, 1, atol=2e-4)  # softmax, rounded to 4 decimals


def test_a_snapshot_of_a_2_64_64_1_net_on_1000_points_takes_well_under_100_ms(session):
    s = session(dataset="circles", points=1000, hidden="64,64", act="relu")
    s.control("step", steps=20)
    times = []
    for _ in range(5):
        start = time.perf_counter()
        json.dumps(s.snapshot(), separators=(",", ":"), allow_nan=False)
        times.append(time.perf_counter() - start)
    assert statistics.median(times) < 0.05, times


# --- the exports reproduce the session -------------------------------------------------------

EXPORTED = [
    {},
    {"dataset": "circles", "hidden": "8,8", "act": "relu,step", "init": "he", "dropout": 0.2,
     "l1": 0.001, "l2": 0.01, "opt": "sgd", "momentum": 0.9, "batch": 16,
     "features": "x1,x2,x1^2,x1*x2"},
    {"dataset": "spirals", "loss": "ce", "opt": "rmsprop", "init": "xavier", "hidden": "6",
     "act": "leaky_relu", "batch": 7},
    {"dataset": "sin_exp", "loss": "mse", "opt": "lbfgs", "hidden": "16", "act": "sigmoid",
     "noise": 0.1, "batch": 200, "features": "x1,x2,sin(x1)"},
]  # fmt: skip


def run_script(text: str, folder: Path) -> str:
    path = folder / "playground.py"
    path.write_text(text, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@pytest.mark.parametrize("values", EXPORTED, ids=["xor", "circles", "spirals-ce", "lbfgs"])
def test_the_exported_script_prints_the_sessions_final_losses(session, tmp_path, values):
    s = session(**values)
    s.control("step", steps=37)
    last = s.snapshot()["last"]
    settings, step, n_train, _ = s.export_arrays()
    printed = run_script(export.script(settings, step, n_train), tmp_path)
    assert printed == export.result_line(37, last["train"], last["test"])
    words = printed.split()
    assert float(words[4]) == pytest.approx(last["train"], rel=1e-6)
    assert float(words[7]) == pytest.approx(last["test"], rel=1e-6)


def test_the_script_reads_as_course_code():
    text = export.script(Settings.parse({}), 300, 100)
    assert "import cybenko as torch" in text and "torch.manual_seed(1)" in text
    assert "torch.nn.Linear(2, 4)" in text and "torch.nn.Tanh()" in text
    assert "torch.optim.Adam(model.parameters(), lr=0.03, betas=(0.9, 0.999)" in text
    assert "loss.backward()" in text and "STEPS, BATCH = 300, 10" in text
    compile(text, "playground.py", "exec")
    assert len(text.splitlines()) < 60


def test_the_checkpoint_loads_in_cybenko_and_in_the_scripts_model(session, tmp_path):
    s = session(hidden="4,3", act="relu,tanh", dropout=0.1)
    s.control("step", steps=5)
    _, _, _, arrays = s.export_arrays()
    path = tmp_path / "model.safetensors"
    path.write_bytes(export.safetensors_bytes(arrays))
    loaded = cybenko.load(str(path))
    assert list(loaded) == ["0.weight", "0.bias", "3.weight", "3.bias", "6.weight", "6.bias"]
    for key, value in arrays.items():
        assert np.array_equal(loaded[key].numpy(), value) and loaded[key].dtype == cybenko.float32
    model = s.primary.model
    model.load_state_dict(loaded)  # the very Sequential the script builds


@pytest.mark.oracle
def test_the_checkpoint_loads_in_pytorch(session, tmp_path):
    safetensors_torch = pytest.importorskip("safetensors.torch")
    s = session(hidden="4", act="tanh")
    s.control("step", steps=5)
    _, _, _, arrays = s.export_arrays()
    path = tmp_path / "model.safetensors"
    path.write_bytes(export.safetensors_bytes(arrays))
    loaded = safetensors_torch.load_file(str(path))
    assert {k: v.numpy().tolist() for k, v in loaded.items()} == {
        k: v.tolist() for k, v in arrays.items()
    }


@pytest.mark.oracle
def test_both_engines_train_in_lockstep_from_the_same_weights(session):
    pytest.importorskip("torch")
    s = session(engine="both", hidden="4", act="tanh")
    start = s.snapshot()
    assert set(start["loss"]) == {"cybenko", "torch"}
    c, t = start["loss"]["cybenko"], start["loss"]["torch"]
    assert c["train"][0] == pytest.approx(t["train"][0], rel=1e-5)  # same seed, same weights
    s.control("step", steps=50)
    state = s.snapshot()
    assert state["loss"]["torch"]["steps"] == state["loss"]["cybenko"]["steps"] == [0, 50]
    assert state["last"]["train"] == state["loss"]["cybenko"]["train"][-1]
