"""Seed 003 (the PyTorch book: the API, an autoencoder, a TF-IDF news classifier, a CNN and
Q-learning on FrozenLake) as a script prints the same under cybenko and under PyTorch.

The script runs under both engines at once (quick mode: MNIST subsets, fewer epochs, 600
episodes; OMP_NUM_THREADS=1, since torch's threads make its many tiny Adam steps crawl on a
busy 2-core machine). It needs the course's MNIST and BBC news files (CYBENKO_DATA, default
../shared/data beside the repository); without them the tests skip.

- Up to the CNN's accuracy, every listing is seeded (the seeds are filled in: the book seeds
  nothing) and computes the same thing under both engines: compared number by number, floats
  within 1e-4 relative. This covers the autoencoder's losses, the news classifier's losses and
  accuracy, and the CNN's losses and accuracy.
- Q-learning: the lake's slips and the ε-greedy draws are seeded and the same for both
  engines, but the greedy action is the argmax of Q values that differ in their last bits; at
  the first near tie the engines walk different paths (in quick mode around episode 15) and
  every later number differs. Its printout (episodes, total reward, success rate of the last
  100 episodes, last episode's loss) is compared by the book's claim, the success rate: the
  two runs' rates over all episodes must agree as two samples of one rate would, within three
  standard errors of their difference (pooled two-proportion test).
"""

from __future__ import annotations

import math

import pytest

from notes_harness import ENGINES, compare, finish, missing_data, start

pytestmark = pytest.mark.oracle

SCRIPT = "seed_003_pytorch_book.py"
QUICK_EPISODES, REPORT = 600, 100  # the script's steps(10000, 600) and steps(1000, 100)


def _why_skip() -> str | None:
    return missing_data("mnist") or missing_data("news")


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, tuple]:
    """Both engines' runs, in parallel: engine -> (rc, stdout, stderr, figure folder)."""
    pytest.importorskip("torch")
    pytest.importorskip("gymnasium")
    if why := _why_skip():
        pytest.skip(why)
    outs = {e: tmp_path_factory.mktemp(f"notes003_{e}") for e in ENGINES}
    procs = {e: start(SCRIPT, e, outs[e], OMP_NUM_THREADS="1") for e in ENGINES}
    return {e: (*finish(procs[e]), outs[e]) for e in ENGINES}


def split(stdout: str) -> tuple[str, list[str]]:
    """(the seeded listings' printout, the Q-learning report lines)."""
    head, _, q_part = stdout.partition("CNN accuracy")
    cnn_line, _, q_part = q_part.partition("\n")
    return head + "CNN accuracy" + cnn_line, q_part.split()


def q_reports(stdout: str) -> list[tuple[int, float, float, float]]:
    words = split(stdout)[1]
    assert len(words) % 4 == 0, words
    rows = [words[i : i + 4] for i in range(0, len(words), 4)]
    return [(int(e), float(total), float(rate), float(loss)) for e, total, rate, loss in rows]


@pytest.mark.parametrize("engine", ENGINES)
def test_script_runs_and_saves_its_figure(runs, engine):
    rc, stdout, stderr, out = runs[engine]
    assert rc == 0, stderr[-3000:]
    assert [p.name for p in out.glob("*.png")] == ["003_autoencoder.png"]
    assert "2225 ['business', 'entertainment', 'politics', 'sport', 'tech']" in stdout


def test_seeded_listings_print_as_torch(runs):
    (rc_c, got, err_c, _), (rc_t, want, err_t, _) = (runs[e] for e in ENGINES)
    assert rc_c == 0, err_c[-3000:]
    assert rc_t == 0, err_t[-3000:]
    compare(split(got)[0], split(want)[0])


@pytest.mark.parametrize("engine", ENGINES)
def test_q_learning_reports_every_window(runs, engine):
    reports = q_reports(runs[engine][1])
    assert [r[0] for r in reports] == list(range(REPORT, QUICK_EPISODES + 1, REPORT))
    totals = [0.0] + [r[1] for r in reports]
    for before, (_, total, rate, _) in zip(totals, reports, strict=False):
        assert total == int(total) and total - before == pytest.approx(rate * REPORT)


def test_q_learning_succeeds_as_often_as_torch(runs):
    got, want = (q_reports(runs[e][1])[-1][1] / QUICK_EPISODES for e in ENGINES)
    pooled = (got + want) / 2
    standard_error = math.sqrt(pooled * (1 - pooled) * 2 / QUICK_EPISODES)
    assert abs(got - want) <= 3 * standard_error, (got, want)
