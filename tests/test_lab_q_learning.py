"""The lab's `q-learning` (seed 003), run once in its `--quick` form on both engines: on the
slippery FrozenLake the tabular Q agent beats random play by a clear margin, the book's
one-hot Q network walks the same seeded episodes on cybenko and on PyTorch (its curves agree),
and the success curves and the policy arrows are drawn."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cybenko.lab import experiments
from cybenko.lab.cli import main
from cybenko.lab.experiments import q_learning
from lab_runs import curves, numbers, run_folder

pytest.importorskip("matplotlib")
pytest.importorskip("gymnasium")
pytestmark = [pytest.mark.oracle, pytest.mark.slow]  # quick runs of a lab experiment

ENGINES = ("cybenko", "torch")


@pytest.fixture(scope="module")
def lake(tmp_path_factory) -> Path:
    """One quick run on both engines (about 5 s of CPU for cybenko, 10 s for torch)."""
    pytest.importorskip("torch")
    root = tmp_path_factory.mktemp("q_learning")
    argv = ["lab", "run", "q-learning", "--quick", "--engine", "both", "--out", str(root)]
    assert main(argv) == 0
    return run_folder(root, "q-learning")


def test_it_draws_the_success_curves_and_the_policy_on_the_lake(lake):
    for engine in ENGINES:
        for figure in ("success.png", "policy.png"):
            assert (lake / engine / figure).stat().st_size > 1000, (engine, figure)
    assert (lake / "curves_both.png").stat().st_size > 1000


def test_the_q_table_beats_random_play_by_a_clear_margin(lake):
    """Random play wins a few games in a hundred; after 1000 episodes the table's greedy
    policy wins about 40% (seed 0), and already while it still explores it wins over 20%."""
    for engine, found in numbers(lake).items():
        random_play = found["success random play"]
        assert random_play < 0.08, engine
        assert found["greedy success q-table"] > random_play + 0.25, engine
        assert found["training success q-table (last window)"] > random_play + 0.15, engine


def test_the_curves_have_one_value_per_episode(lake):
    cfg = experiments.config("q-learning", quick=True)
    drawn = curves(lake)
    for engine in ENGINES:
        assert len(drawn[f"success rate q-table [{engine}]"]) == cfg["episodes_table"]
        assert len(drawn[f"success rate q-network [{engine}]"]) == cfg["episodes_qnet"]
        assert len(drawn[f"loss q-network [{engine}]"]) == cfg["episodes_qnet"]
        rate = drawn[f"success rate q-table [{engine}]"]
        assert np.all((rate >= 0) & (rate <= 1))


def test_the_q_network_curves_agree_between_engines(lake):
    """Same seeds, same lake, same greedy actions: the success curves are equal and the
    losses agree to float32 rounding."""
    drawn = curves(lake)
    for key in ("success rate q-network", "success rate q-table"):
        assert drawn[f"{key} abs diff cybenko-torch"].max() == 0, key
    assert drawn["loss q-network abs diff cybenko-torch"].max() < 1e-5
    found = numbers(lake)
    for key, value in found["cybenko"].items():
        if key != "seconds":
            assert abs(value - found["torch"][key]) < 1e-5, key


def test_moving_rate_averages_the_last_window_of_episodes():
    wins = [0.0, 1.0, 1.0, 0.0, 1.0]
    assert q_learning.moving_rate(wins, 2) == [0.0, 0.5, 1.0, 0.5, 0.5]
    assert q_learning.moving_rate(wins, 10) == pytest.approx([0, 0.5, 2 / 3, 0.5, 0.6])


def test_the_arrows_are_gymnasiums_actions():
    """FrozenLake's actions: 0 left, 1 down, 2 right, 3 up (drawn with row 0 at the top)."""
    import gymnasium as gym

    env = gym.make("FrozenLake-v1", is_slippery=False)
    env.reset(seed=0)
    moves = {}
    for action in range(4):
        env.unwrapped.s = 6  # row 1, column 2: frozen, holes left and right
        state, *_ = env.step(action)
        moves[action] = (state % 4 - 2, 1 - state // 4)  # (dx, dy) with y pointing up
    assert moves == q_learning.ARROWS
