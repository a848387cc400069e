"""The lab's `news-tfidf` (seed 003): the notes' TF-IDF formula written by hand gives
scikit-learn's TfidfVectorizer matrix (its settings chosen to match); on the BBC corpus a quick
run on both engines sorts the test articles into their categories, draws its figures and
names sensible top words, with the same curves on cybenko and PyTorch; offline with no corpus
the generated stand-in runs and says so."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from cybenko.lab.cli import main
from cybenko.lab.experiments import news_tfidf
from lab_runs import curves, numbers, offline, run_folder

pytest.importorskip("matplotlib")
pytest.importorskip("sklearn")
pytestmark = [pytest.mark.oracle, pytest.mark.slow]  # quick runs of a lab experiment

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = os.environ.get("CYBENKO_DATA") or os.path.join(REPO, "..", "shared", "data")
needs_news = pytest.mark.skipif(
    not os.path.isdir(os.path.join(SHARED, "news", "bbc")),
    reason=f"no BBC news corpus in {SHARED} (set CYBENKO_DATA to the course data folder)",
)
ENGINES = ("cybenko", "torch")

SMALL = [
    "The market rose; shares in the bank rose too.",
    "The team won the cup final, and the match was a thriller.",
    "A new phone and new software: the phone runs the software.",
    "The minister said the party would win the vote.",
    "Shares fell as the bank said profit fell.",
    "I a x",  # no word of two letters: an empty row
]


@pytest.mark.parametrize(
    ("by_hand", "sklearn_settings"),
    [
        ({"smooth": True, "normalize": True}, {}),  # TfidfVectorizer's defaults
        ({"smooth": False, "normalize": False}, {"smooth_idf": False, "norm": None}),
        ({"smooth": True, "normalize": False}, {"norm": None}),
    ],
)
def test_the_notes_formula_gives_tfidf_vectorizers_matrix(by_hand, sklearn_settings):
    vectorizer = news_tfidf.vectorizer(**sklearn_settings)
    expected = vectorizer.fit_transform(SMALL).toarray()
    vocabulary = vectorizer.get_feature_names_out().tolist()
    counts = news_tfidf.count_words(SMALL, vocabulary)
    tfidf, idf = news_tfidf.tfidf_by_hand(counts, **by_hand)
    np.testing.assert_allclose(tfidf, expected, rtol=0, atol=1e-14)
    np.testing.assert_allclose(idf, vectorizer.idf_, rtol=0, atol=1e-14)
    assert not tfidf[-1].any()  # the empty document stays a row of zeros


def test_idf_is_higher_for_rarer_words_and_one_plus_ln_n_over_df_unsmoothed():
    counts = news_tfidf.count_words(SMALL[:5], ["the", "shares", "thriller"])
    assert (counts > 0).sum(axis=0).tolist() == [5, 2, 1]
    _, idf = news_tfidf.tfidf_by_hand(counts, smooth=False)
    np.testing.assert_allclose(idf, np.log(5 / np.array([5, 2, 1])) + 1, rtol=1e-15)
    _, smooth = news_tfidf.tfidf_by_hand(counts)
    assert smooth[0] < smooth[1] < smooth[2]


@pytest.fixture(scope="module")
def bbc(tmp_path_factory) -> Path:
    """One quick run on the BBC corpus on both engines."""
    pytest.importorskip("torch")
    root = tmp_path_factory.mktemp("news")
    argv = ["lab", "run", "news-tfidf", "--quick", "--engine", "both", "--out", str(root)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CYBENKO_DATA", SHARED)
        assert main(argv) == 0
    return run_folder(root, "news-tfidf")


@needs_news
def test_both_nets_sort_the_test_articles_and_the_figures_exist(bbc):
    for engine, found in numbers(bbc).items():
        assert found["data"].startswith("BBC news corpus, 2225 articles"), engine
        assert found["max abs diff TF-IDF by hand vs TfidfVectorizer"] < 1e-12, engine
        assert found["test accuracy mlp"] > 0.93, engine
        assert found["test accuracy linear"] > 0.90, engine
        for figure in ("training.png", "confusion.png", "top_words.png", "tfidf.png"):
            assert (bbc / engine / figure).stat().st_size > 1000, (engine, figure)


@needs_news
def test_the_top_words_name_their_category(bbc):
    # several of each category's own words among its ten: which ones make the ten moves
    # with float32 rounding, which differs by machine ("shares" and "minister" are 11th or
    # lower on an AVX-512 CPU, on both engines)
    names = {
        "business": {"shares", "financial", "bank", "firm", "company", "companies", "business",
                     "investment", "economy", "market"},
        "entertainment": {"film", "films", "music", "singer", "star", "stars", "band", "actress",
                          "show", "tv"},
        "politics": {"minister", "party", "labour", "government", "tories", "election", "blair",
                     "secretary", "leader"},
        "sport": {"players", "player", "sport", "match", "cup", "season", "olympic", "final",
                  "team"},
        "tech": {"technology", "digital", "online", "websites", "website", "software", "users",
                 "computer", "phone"},
    }  # fmt: skip
    for engine, found in numbers(bbc).items():
        for category, words in names.items():
            top = found[f"top words {category} (linear net weights)"].split(", ")
            assert len(words.intersection(top)) >= 4, (engine, category, top)


@needs_news
def test_cybenko_and_torch_curves_agree(bbc):
    drawn = curves(bbc)
    diffs = {k: v for k, v in drawn.items() if k.endswith("abs diff cybenko-torch")}
    assert len(diffs) == 4
    for key, values in diffs.items():
        assert values.max() < 1e-4, key


def test_offline_a_generated_corpus_stands_in_and_says_so(tmp_path, monkeypatch, capsys):
    offline(monkeypatch, tmp_path)
    argv = ["lab", "run", "news-tfidf", "--quick", "--set", "epochs=3", "--out", str(tmp_path)]
    assert main(argv) == 0
    printed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("data:")]
    assert len(printed) == 1 and "no copy of the BBC news corpus" in printed[0]
    folder = run_folder(tmp_path, "news-tfidf")
    found = numbers(folder)["cybenko"]
    assert found["data"].startswith("generated: 600 articles made from news_tfidf's category")
    assert "| data | generated: 600 articles" in (folder / "summary.md").read_text()
    assert found["test accuracy mlp"] > 0.9 and found["test accuracy linear"] > 0.9
    assert found["max abs diff TF-IDF by hand vs TfidfVectorizer"] < 1e-12
    assert (folder / "confusion.png").stat().st_size > 1000


def test_the_generated_corpus_is_seeded_and_labelled():
    a, b = news_tfidf.generated_corpus(5), news_tfidf.generated_corpus(5)
    assert a == b and a != news_tfidf.generated_corpus(6)
    assert a.categories == ["business", "entertainment", "politics", "sport", "tech"]
    assert np.bincount(a.labels).tolist() == [120] * 5
