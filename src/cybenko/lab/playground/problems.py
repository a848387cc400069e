"""The playground's datasets and input features, in NumPy alone, so that every engine (and the
exported script) trains on the very same float32 numbers.

    problem = make_problem("xor", points=200, noise=0.0, test_fraction=0.5,
                           features=["x1", "x2"], seed=1)
    problem.x_train, problem.y_train     # float32 (n, features) and (n, 1)

Every random number comes from `numpy.random.default_rng(seed)`: the same seed gives the same
points. `noise` (0 to 1) widens the synthetic datasets (see each generator); the lecture's CSV
datasets (dnnex0-3, read through `cybenko.lab.data`) are used as they are, `points` rows drawn
from their 2000. The points are shuffled, then the first `test_fraction` of them is the test set.
Labels are 0/1 floats in a column (kind "classify"), or real numbers (kind "regress").
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from .settings import DATASETS, FEATURES


@dataclass(frozen=True)
class Problem:
    kind: str  # "classify" or "regress"
    dims: int  # 1 or 2 raw inputs
    features: tuple[str, ...]  # the columns of x_train / x_test
    raw_train: np.ndarray  # (n, dims) the raw inputs (x1, x2) of the training points
    raw_test: np.ndarray
    x_train: np.ndarray  # (n, len(features)) float32
    y_train: np.ndarray  # (n, 1) float32
    x_test: np.ndarray
    y_test: np.ndarray
    extent: tuple[float, ...]  # (x1min, x1max, x2min, x2max), or (xmin, xmax, ymin, ymax) in 1-D


def make_problem(dataset, points, noise, test_fraction, features, seed) -> Problem:
    """The train and test sets of `dataset` with the chosen input features."""
    kind, dims, _ = DATASETS[dataset]
    rng = np.random.default_rng(seed)
    raw, y = GENERATORS[dataset](rng, points, noise)
    order = rng.permutation(len(raw))
    n_test = int(round(len(raw) * test_fraction))
    test, train = order[:n_test], order[n_test:]
    usable = tuple(f for f in features if dims == 2 or "x2" not in f)
    raw, y = raw.astype(np.float32), y.astype(np.float32).reshape(-1, 1)
    return Problem(
        kind=kind,
        dims=dims,
        features=usable,
        raw_train=raw[train],
        raw_test=raw[test],
        x_train=feature_columns(raw[train], usable),
        y_train=y[train],
        x_test=feature_columns(raw[test], usable),
        y_test=y[test],
        extent=_extent(raw, y),
    )


def feature_columns(raw: np.ndarray, features) -> np.ndarray:
    """The chosen features of raw inputs (n, 1 or 2) as float32 columns (n, len(features))."""
    x1 = raw[:, 0]
    x2 = raw[:, 1] if raw.shape[1] > 1 else None
    make = {
        "x1": lambda: x1,
        "x2": lambda: x2,
        "x1^2": lambda: x1 * x1,
        "x2^2": lambda: x2 * x2,
        "x1*x2": lambda: x1 * x2,
        "sin(x1)": lambda: np.sin(x1),
        "sin(x2)": lambda: np.sin(x2),
    }
    assert set(make) == set(FEATURES)
    columns = [make[f]() for f in features]
    return np.stack(columns, axis=1).astype(np.float32)


def grid(extent, size: int, dims: int) -> np.ndarray:
    """Raw inputs at the centres of a size x size grid over the plane of `extent`, row-major,
    the first row at the top (largest x2); in 1-D, `size` points from left to right."""
    x = extent[0] + (np.arange(size) + 0.5) * (extent[1] - extent[0]) / size
    if dims == 1:
        return x.reshape(-1, 1).astype(np.float32)
    y = extent[3] - (np.arange(size) + 0.5) * (extent[3] - extent[2]) / size
    xx, yy = np.meshgrid(x, y)
    return np.stack([xx.ravel(), yy.ravel()], axis=1).astype(np.float32)


def _extent(raw: np.ndarray, y: np.ndarray) -> tuple[float, ...]:
    """The region drawn: the data's range padded by a tenth on each side."""
    second = raw[:, 1] if raw.shape[1] > 1 else y[:, 0]
    out = []
    for values in (raw[:, 0], second):
        low, high = float(values.min()), float(values.max())
        pad = 0.1 * (high - low) or 0.5
        out += [round(low - pad, 4), round(high + pad, 4)]
    return tuple(out)


# --- the generators: (rng, n, noise) -> (raw inputs (n, dims), labels or targets (n,)) ---------


def _xor(rng, n, noise):
    """The notes' four XOR points, each a cluster: spread 0.1 (noise 0) to 0.4 (noise 1)."""
    corners = rng.integers(0, 2, size=(n, 2))
    x = corners + rng.normal(0.0, 0.1 + 0.3 * noise, size=(n, 2))
    return x, (corners[:, 0] ^ corners[:, 1]).astype(float)


def _circles(rng, n, noise):
    """Label 1: a disc of radius 0.5; label 0: a ring from 0.7 to 1; noise moves points by up
    to a normal of spread 0.15."""
    label = (np.arange(n) % 2).astype(float)
    radius = np.where(label == 1, rng.uniform(0.0, 0.5, n), rng.uniform(0.7, 1.0, n))
    angle = rng.uniform(0.0, 2 * np.pi, n)
    x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return x + rng.normal(0.0, 0.15 * noise, size=(n, 2)), label


def _spirals(rng, n, noise):
    """Two interleaved spirals of 1.5 turns; noise adds a normal of spread up to 0.1."""
    label = (np.arange(n) % 2).astype(float)
    t = np.sqrt(rng.uniform(0.0, 1.0, n))  # more points far out, where the arms are longer
    angle = 3 * np.pi * t + np.pi * label
    x = np.stack([t * np.cos(angle), t * np.sin(angle)], axis=1)
    return x + rng.normal(0.0, 0.02 + 0.08 * noise, size=(n, 2)), label


def _blobs(rng, n, noise):
    """Two Gaussian blobs at (-0.5, -0.5) (label 0) and (0.5, 0.5) (label 1), spread 0.25
    (noise 0) to 0.75 (noise 1)."""
    label = (np.arange(n) % 2).astype(float)
    centre = np.where(label[:, None] == 1, 0.5, -0.5)
    return centre + rng.normal(0.0, 0.25 + 0.5 * noise, size=(n, 2)), label


def _sin_exp(rng, n, noise):
    """sin(2x) + sin(0.5x) + exp(-0.2x) on n evenly spaced x in [-10, 10], plus a normal of
    spread `noise` (the notes use 0.1)."""
    x = np.linspace(-10.0, 10.0, n)
    y = np.sin(2 * x) + np.sin(0.5 * x) + np.exp(-0.2 * x)
    return x.reshape(-1, 1), y + rng.normal(0.0, 1.0, n) * noise


@functools.lru_cache(maxsize=4)
def _dnnex_columns(k: int) -> tuple[np.ndarray, np.ndarray]:
    """The lecture's CSV (CYBENKO_DATA, the cache or the network); where no copy can be had,
    the data regenerated from the lecture's formula, as the lab's experiments do (said once
    on the server's console)."""
    from cybenko.lab import data

    try:
        columns = data.read_dnnex(data.fetch(f"dnnex{k}"), k)
    except data.DataNotFound:
        toy = getattr(data, f"dnnex{k}")(seed=0)
        print(
            f"cybenko playground: no copy of the lecture's dnnex{k} CSV; its data are "
            f"regenerated from the lecture's formula (lab.data.dnnex{k}(seed=0))",
            flush=True,
        )
        return toy.x.numpy().reshape(len(toy.y), -1), toy.y.numpy().reshape(-1)
    x = np.stack([columns["x1"], columns["x2"]], 1) if k == 3 else columns["x"].reshape(-1, 1)
    return x, columns["y"]


def _dnnex(k: int):
    def generate(rng, n, noise):
        x, y = _dnnex_columns(k)
        rows = np.sort(rng.choice(len(x), size=min(n, len(x)), replace=False))
        return x[rows], y[rows]

    generate.__doc__ = f"dnnex{k}.csv of the lecture, `n` of its rows (noise is not used)."
    return generate


GENERATORS = {
    "xor": _xor,
    "circles": _circles,
    "spirals": _spirals,
    "blobs": _blobs,
    "sin_exp": _sin_exp,
    **{f"dnnex{k}": _dnnex(k) for k in range(4)},
}
assert set(GENERATORS) == set(DATASETS)
