"""The course datasets: where each file comes from, how to check it, and where it is kept.

    from cybenko.lab import data
    path = data.fetch("dnnex2")          # a verified local file
    x, underlying, y = data.dnnex2()     # the same data, regenerated from the lecture's formula
    texts, labels, categories = data.load_news()   # the BBC news articles, labelled

`REGISTRY` names every course file (MNIST's four files, which `cybenko.vision.datasets.MNIST`
declares, the lecture's dnnex CSVs and the BBC news folder). `fetch(name)` finds the entry and
hands it to the framework's `cybenko.utils.download.fetch`, which looks in three places, in
order:

1. `$CYBENKO_DATA/<path>`, a folder of local copies laid out as the shared course data
   (`mnist/*.gz`, `dnnex/*.csv`, `news/bbc/...`); the copy must match its sha256.
2. the cache, `$CYBENKO_CACHE/<path>` (default `~/.cache/cybenko`), checked on every hit.
3. the file's URLs, downloaded to a temporary file, verified, then renamed into the cache, so
   the cache never holds a half-written or unverified file.

Offline with no copy it raises `DataNotFound`, which says where to put the file.

The synthetic datasets of the notes are regenerated here from their formulas, every random
number drawn from cybenko's generator (`manual_seed` makes them repeatable).
"""

from __future__ import annotations

import contextlib
import io
import math
from pathlib import Path
from typing import NamedTuple

import numpy as np

import cybenko as torch
from cybenko.utils import download
from cybenko.utils.download import (  # noqa: F401  re-exported for the course's callers
    ChecksumError,
    DataError,
    DataNotFound,
    Resource,
    cache_dir,
)
from cybenko.vision.datasets import MNIST

# --- the registry -------------------------------------------------------------------------

_DL2022 = "https://raw.githubusercontent.com/guebin/DL2022/"
_BBC_COMMIT = "8265dc84e88b82b87ce7f5b2df5bbbb1159ae922"


def _dnnex(k: int, sha256: str, size: int) -> Resource:
    file = f"2022-10-04-dnnex{k}.csv"
    urls = (
        f"{_DL2022}main/posts/II.%20DNN/{file}",
        f"{_DL2022}master/posts/II.%20DNN/{file}",
        f"{_DL2022}master/posts/{file}",
        f"{_DL2022}master/_notebooks/{file}",
    )
    return Resource(f"dnnex{k}", f"dnnex/{file}", urls, sha256, size, source="guebin/DL2022")


REGISTRY: dict[str, Resource] = {
    r.name: r
    for r in (
        *MNIST.resources,
        _dnnex(0, "6f020ebb78913664dd504df7cee056e78f55d3d33b7712f589b6525fb6493723", 69444),
        _dnnex(1, "482a561a873880c35a1c14836e757166a4a1c2365c45ac46db951d179ab62035", 69486),
        _dnnex(2, "149175a8253697b26d7a53e1f25c73bd92d536e2371e07a8c89a175fa158f791", 61568),
        _dnnex(3, "9a29c4ef78de1607f7d0924628561229efc029e7abf825ef4f125a5313a8e421", 86595),
        Resource(
            "bbc-news",
            "news/bbc",
            (
                "https://github.com/dejanbatanjac/bbc-article-classify-bert/archive/"
                f"{_BBC_COMMIT}.zip",
                "http://mlg.ucd.ie/files/datasets/bbc-fulltext.zip",
            ),
            "6486b669f24a9a5947c175b9ad0c79de2da8e503ce1584c9043f63d88880f9df",
            5041982,
            folder=True,
            source="BBC raw text corpus (Greene & Cunningham, ICML 2006); 2225 articles",
        ),
    )
}
_BY_PATH = {r.path: r for r in REGISTRY.values()}
_BY_URL = {url: r for r in REGISTRY.values() for url in r.urls}


def resource(name: str) -> Resource:
    """The registry entry named `name` (e.g. "dnnex2"), or whose path or URL is `name`."""
    found = REGISTRY.get(name) or _BY_PATH.get(name) or _BY_URL.get(name)
    if found is None:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(REGISTRY)}")
    return found


def fetch(name: str) -> Path:
    """A local, verified copy of the course file `name`: a registry name ("mnist-train-images",
    "dnnex0", "bbc-news"), its relative path ("dnnex/2022-10-04-dnnex0.csv") or one of its URLs.
    Raises KeyError for a name not in the registry, DataNotFound or ChecksumError (see
    `cybenko.utils.download.fetch`) when no verified copy can be had.
    """
    return download.fetch(resource(name))


def open_text(name: str, encoding: str = "utf-8") -> io.TextIOWrapper:
    """A text stream of a fetched course file."""
    return open(fetch(name), encoding=encoding)


# --- files as tensors --------------------------------------------------------------------


DNNEX_COLUMNS = {0: ["x", "underlying", "y"], 3: ["x1", "x2", "y"]}  # dnnex1, 2: as dnnex0


def load_dnnex(k: int) -> dict[str, torch.Tensor]:
    """The lecture's dnnex{k}.csv as float32 column tensors shaped (2000, 1), keyed by column
    name: "x", "underlying", "y" (dnnex3: "x1", "x2", "y").

    Raises DataNotFound or ChecksumError as `fetch`, and DataError naming the file when it
    does not hold the lecture's numeric columns."""
    path = fetch(f"dnnex{k}")
    return {c: torch.tensor(v).reshape(-1, 1).float() for c, v in read_dnnex(path, k).items()}


def read_dnnex(path: str | Path, k: int) -> dict[str, np.ndarray]:
    """The columns of a dnnex{k} CSV at `path` as float64 arrays, checked: the lecture's
    column names, every cell a number, at least one row. A DataError names the file."""
    from .csv import read_csv

    expected = DNNEX_COLUMNS.get(k, DNNEX_COLUMNS[0])
    try:
        df = read_csv(path)
    except ValueError as e:  # a malformed row or a file that is not text
        raise DataError(f"{e}; {path} is not the lecture's dnnex{k}.csv") from None
    problem = ""
    if df.columns != expected:
        problem = f"has the columns {df.columns}, expected {expected}"
    elif len(df) == 0:
        problem = "has a header but no rows"
    elif bad := [c for c in expected if df[c].values.dtype != np.float64]:
        problem = f"has cells that are not numbers in the column(s) {', '.join(bad)}"
    if problem:
        raise DataError(
            f"{path} {problem}: it is not the lecture's dnnex{k}.csv. Replace it with a fresh "
            f"copy from {resource(f'dnnex{k}').urls[0]}."
        )
    return {c: df[c].values for c in expected}


class Digits(NamedTuple):
    """Handwritten digits as arrays: uint8 images N x 28 x 28, int64 labels, and where they
    came from (a line for the run's summary)."""

    images: np.ndarray
    labels: np.ndarray
    source: str


MNIST_STAND_IN = "scikit-learn's 8x8 digits scaled to 28x28 (MNIST not found offline)"


def load_mnist(train: bool = True) -> Digits:
    """MNIST's training (60000) or test (10000) digits from the course files (`fetch`).

    Offline with no copy, the digits that scikit-learn ships (1797 images of 8 x 8 pixels,
    0..16) stand in, each pixel blown up to 3 x 3 and the image framed by 2 blank pixels, as
    MNIST frames its 20 x 20 digits: the first 1437 as the training set, the other 360 as
    the test set. One printed line says so; `source` tells the summary."""
    from cybenko.vision.datasets import read_idx

    images, labels = (
        f"mnist-{'train' if train else 'test'}-{kind}" for kind in ("images", "labels")
    )
    try:
        return Digits(read_idx(fetch(images)), read_idx(fetch(labels)).astype(np.int64), "MNIST")
    except DataNotFound:
        pass
    from sklearn.datasets import load_digits

    print(f"data: {MNIST_STAND_IN}; put MNIST's files in $CYBENKO_DATA/mnist for the real set")
    digits = load_digits()
    pixels = np.kron(digits.images, np.ones((3, 3))) * (255 / 16)
    framed = np.pad(pixels, ((0, 0), (2, 2), (2, 2))).round().astype(np.uint8)
    part = slice(0, 1437) if train else slice(1437, None)
    return Digits(framed[part], digits.target[part].astype(np.int64), MNIST_STAND_IN)


def load_mnist_sets() -> tuple[Digits, Digits]:
    """MNIST's training and test digits (`load_mnist`), saying at most once that the offline
    stand-in is used."""
    train = load_mnist(train=True)
    if train.source == "MNIST":
        return train, load_mnist(train=False)
    with contextlib.redirect_stdout(io.StringIO()):  # the same line again says nothing new
        return train, load_mnist(train=False)


class News(NamedTuple):
    """A labelled text corpus: the documents, their category numbers, the category names."""

    texts: list[str]
    labels: list[int]
    categories: list[str]


def load_news() -> News:
    """The BBC news corpus ("bbc-news"): 2225 articles, each the text of one file
    bbc/<category>/NNN.txt (headline, blank line, body), labelled by its folder. Categories
    are numbered in alphabetical order (business 0, entertainment 1, politics 2, sport 3,
    tech 4) and the articles come in path order, as sklearn's `load_files` would list them
    unshuffled. The corpus's one stray Latin-1 byte (sport/199.txt, '£') reads as U+FFFD."""
    root = fetch("bbc-news")
    categories = sorted(p.name for p in root.iterdir() if p.is_dir())
    texts, labels = [], []
    for label, category in enumerate(categories):
        for path in sorted((root / category).glob("*.txt")):
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
            labels.append(label)
    return News(texts, labels, categories)


# --- synthetic data of the notes -----------------------------------------------------------


class Toy(NamedTuple):
    """A synthetic dataset: inputs, the noise-free underlying curve, and the observed y."""

    x: torch.Tensor
    underlying: torch.Tensor
    y: torch.Tensor


def _seed(seed: int | None) -> None:
    if seed is not None:
        torch.manual_seed(seed)


def dnnex0(n: int = 2000, seed: int | None = None) -> Toy:
    """dnnex0: x = linspace(-1, 1, n); underlying = sigmoid(u) with u = 15x+5 for x<0 and
    u = -5x+5 for x>=0; y ~ Bernoulli(underlying). (The lecture drew y with no seed, so the
    CSV's y cannot be reproduced; its underlying can.)"""
    _seed(seed)
    x = torch.linspace(-1, 1, n).reshape(-1, 1)
    u = torch.where(x < 0, 15 * x + 5, -5 * x + 5)
    underlying = torch.sigmoid(u)
    return Toy(x, underlying, torch.bernoulli(underlying))


def dnnex1(n: int = 2000, seed: int | None = None) -> Toy:
    """dnnex1: x = linspace(-1, 1, n); underlying = sigmoid(u) with u = -15x-6 for x<-0.2,
    u = 9 for -0.2<=x<0.6, u = -9 for x>=0.6; y ~ Bernoulli(underlying)."""
    _seed(seed)
    x = torch.linspace(-1, 1, n).reshape(-1, 1)
    u = torch.where(x < -0.2, -15 * x - 6, torch.where(x < 0.6, 9 + 0 * x, -9 + 0 * x))
    underlying = torch.sigmoid(u)
    return Toy(x, underlying, torch.bernoulli(underlying))


def dnnex2(n: int = 2000, seed: int | None = 43052) -> Toy:
    """dnnex2, exactly as the lecture: manual_seed(43052); x = linspace(-1, 1, 2000);
    underlying = 2.5 + 4·exp(-x) + 5·cos(5x); y = underlying + 0.5·randn(2000).
    With the defaults y matches the CSV's y within 1e-5."""
    _seed(seed)
    x = torch.linspace(-1, 1, n).reshape(-1, 1)
    underlying = 2.5 + 4 * torch.exp(-x) + 5 * torch.cos(5 * x)
    y = underlying + torch.randn(n).reshape(-1, 1) * 0.5
    return Toy(x, underlying, y)


def dnnex3(n: int = 2000, seed: int | None = None) -> Toy:
    """dnnex3: (x1, x2) ~ N((0,0), [[1, 0.5], [0.5, 1]]), drawn as randn(n, 2) times the
    Cholesky factor; y ~ Bernoulli(sigmoid(u)) with u = -3·x1-3 if x1<0; 0 if 0<=x1<0.6;
    -0.5·x1²-10·x2+5 if x1>=0.6 and x2>1.5; else x1+2·x2-2. x is (n, 2)."""
    _seed(seed)
    z = torch.randn(n, 2)
    x1 = z[:, :1]
    x2 = 0.5 * z[:, :1] + math.sqrt(0.75) * z[:, 1:]
    u = torch.where(
        x1 < 0,
        -3 * x1 - 3,
        torch.where(
            x1 < 0.6,
            torch.zeros_like(x1),
            torch.where(x2 > 1.5, -0.5 * x1**2 - 10 * x2 + 5, x1 + 2 * x2 - 2),
        ),
    )
    underlying = torch.sigmoid(u)
    return Toy(torch.cat([x1, x2], dim=1), underlying, torch.bernoulli(underlying))


def sin_exp(n: int = 200, seed: int | None = 43052, noise: float = 0.1) -> Toy:
    """The Cybenko-theorem regression of the notes (6th week, 예제1): manual_seed(43052);
    x = linspace(-10, 10, 200); underlying = sin(2x) + sin(0.5x) + exp(-0.2x);
    y = underlying + 0.1·randn(200)."""
    _seed(seed)
    x = torch.linspace(-10, 10, n).reshape(-1, 1)
    underlying = torch.sin(2 * x) + torch.sin(0.5 * x) + torch.exp(-0.2 * x)
    return Toy(x, underlying, underlying + torch.randn(n).reshape(-1, 1) * noise)


def logistic(n: int = 2000, w0: float = -1.0, w1: float = 5.0, seed: int | None = 43052) -> Toy:
    """The logistic toy example: x = linspace(-1, 1, n); underlying π = exp(w0+w1·x) /
    (1+exp(w0+w1·x)) with w0 = -1, w1 = 5; y ~ Bernoulli(π)."""
    _seed(seed)
    x = torch.linspace(-1, 1, n).reshape(-1, 1)
    u = w0 + w1 * x
    v = torch.exp(u) / (1 + torch.exp(u))
    return Toy(x, v, torch.bernoulli(v))


def xor() -> tuple[torch.Tensor, torch.Tensor]:
    """The four XOR points: x = [[0,0],[0,1],[1,0],[1,1]], y = x1 xor x2 = [[0],[1],[1],[0]]."""
    x = torch.tensor([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    return x, torch.tensor([[0.0], [1.0], [1.0], [0.0]])


class dataset_generator:  # the lecture's name
    """The lecture's linear-regression data (딥러닝 수학): y = a1·x1 + ... + ap·xp + b + noise,
    x ~ N(0, 1), 100 samples, as NumPy float64 arrays x (n, p) and y (n, 1).

        gen = dataset_generator()
        gen.set_coefficient([5, 0])      # y = 5x
        x_data, y_data = gen.make_dataset()

    The normal numbers come from cybenko's generator (seed it with manual_seed)."""

    def __init__(self, feature_dim: int = 1, n_sample: int = 100, noise: float = 0.0):
        self._feature_dim = feature_dim
        self._n_sample = n_sample
        self._noise = noise
        self._coefficient = [1] * feature_dim + [0]

    def set_n_sample(self, n_sample: int) -> None:
        self._n_sample = n_sample

    def set_noise(self, noise: float) -> None:
        self._noise = noise

    def set_coefficient(self, coefficient_list) -> None:
        """Weights a1..ap then the bias b."""
        if len(coefficient_list) != self._feature_dim + 1:
            raise ValueError(
                f"expected {self._feature_dim + 1} coefficients (weights then bias), "
                f"got {len(coefficient_list)}"
            )
        self._coefficient = list(coefficient_list)

    def make_dataset(self):
        n, p = self._n_sample, self._feature_dim
        x = torch.randn(n, p, dtype=torch.float64).numpy()
        weights = np.array(self._coefficient[:p], dtype=np.float64).reshape(p, 1)
        y = x @ weights + self._coefficient[-1]
        if self._noise:
            y = y + self._noise * torch.randn(n, 1, dtype=torch.float64).numpy()
        return x, y
