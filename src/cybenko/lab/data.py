"""The course datasets: where each file comes from, how to check it, and where it is kept.

    from cybenko.lab import data
    path = data.fetch("dnnex2")          # a verified local file
    x, underlying, y = data.dnnex2()     # the same data, regenerated from the lecture's formula

`fetch(name)` looks in three places, in order:

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

import hashlib
import io
import math
import os
import shutil
import tempfile
import urllib.request
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

import cybenko as torch

# --- the registry -------------------------------------------------------------------------


@dataclass(frozen=True)
class Resource:
    """One course file (or folder): its path under CYBENKO_DATA and the cache, the URLs it
    can be downloaded from, its sha256 and its size in bytes.

    A folder's sha256 is that of its manifest, the `sha256sum` lines of its files sorted by
    path (the shared copy's SHA256SUMS); its size is the sum of its files' sizes."""

    name: str
    path: str
    urls: tuple[str, ...]
    sha256: str
    size: int
    folder: bool = False
    source: str = ""


_MNIST_MIRROR = "https://ossci-datasets.s3.amazonaws.com/mnist/"
_DL2022 = "https://raw.githubusercontent.com/guebin/DL2022/"
_BBC_COMMIT = "8265dc84e88b82b87ce7f5b2df5bbbb1159ae922"


def _mnist(name: str, file: str, sha256: str, size: int) -> Resource:
    return Resource(
        name,
        f"mnist/{file}",
        (_MNIST_MIRROR + file, f"http://yann.lecun.com/exdb/mnist/{file}"),
        sha256,
        size,
        source="MNIST (LeCun, Cortes, Burges), the files torchvision downloads",
    )


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
        _mnist(
            "mnist-train-images",
            "train-images-idx3-ubyte.gz",
            "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            9912422,
        ),
        _mnist(
            "mnist-train-labels",
            "train-labels-idx1-ubyte.gz",
            "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            28881,
        ),
        _mnist(
            "mnist-test-images",
            "t10k-images-idx3-ubyte.gz",
            "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            1648877,
        ),
        _mnist(
            "mnist-test-labels",
            "t10k-labels-idx1-ubyte.gz",
            "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
            4542,
        ),
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


class DataError(RuntimeError):
    """A course file cannot be provided."""


class DataNotFound(DataError):
    """No verified copy of a course file is reachable: not local, not cached, not downloadable."""


class ChecksumError(DataError):
    """A copy of a course file does not match its registered sha256 (damaged or truncated)."""


def resource(name: str) -> Resource:
    """The registry entry named `name` (e.g. "dnnex2"), or whose path or URL is `name`."""
    found = REGISTRY.get(name) or _BY_PATH.get(name) or _BY_URL.get(name)
    if found is None:
        raise KeyError(f"unknown dataset {name!r}; known: {', '.join(REGISTRY)}")
    return found


def cache_dir() -> Path:
    """The download cache: $CYBENKO_CACHE, or ~/.cache/cybenko."""
    return Path(os.environ.get("CYBENKO_CACHE") or Path.home() / ".cache" / "cybenko")


def fetch(name: str) -> Path:
    """A local, verified copy of the course file `name`: a registry name ("mnist-train-images",
    "dnnex0", "bbc-news"), its relative path ("dnnex/2022-10-04-dnnex0.csv") or one of its URLs.
    """
    r = resource(name)
    local = os.environ.get("CYBENKO_DATA")
    if local and (Path(local) / r.path).exists():
        candidate = Path(local) / r.path
        problem = _check(r, candidate)
        if problem:
            raise ChecksumError(
                f"{candidate} (from CYBENKO_DATA) {problem}. Replace it with a fresh copy from "
                f"{r.urls[0]}, or unset CYBENKO_DATA to use the cache."
            )
        return candidate
    cached = cache_dir() / r.path
    removed = ""
    if cached.exists():
        problem = _check(r, cached)
        if not problem:
            return cached
        _remove(cached)
        removed = f" A damaged cached copy ({problem}) was removed from {cached}."
    return _download(r, cached, removed)


def _check(r: Resource, path: Path) -> str:
    """What is wrong with the copy at `path`, or "" when it matches the registry."""
    if r.folder:
        manifest, size = _manifest(path, prefix=Path(r.path).name)
        digest = hashlib.sha256(manifest.encode()).hexdigest()
        what = "folder's manifest (sorted sha256sum lines of its files)"
    else:
        size = path.stat().st_size
        digest = _sha256(path)
        what = "file"
    if digest == r.sha256:
        return ""
    hint = ""
    if size < r.size:
        hint = f" It has {size} bytes of {r.size}: it looks truncated."
    elif size != r.size:
        hint = f" It has {size} bytes, not {r.size}."
    return f"does not match: the {what} has sha256 {digest}, expected {r.sha256}.{hint}"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _manifest(folder: Path, prefix: str) -> tuple[str, int]:
    lines, size = [], 0
    for p in folder.rglob("*"):
        if p.is_file():
            rel = f"{prefix}/{p.relative_to(folder).as_posix()}"
            lines.append((rel, f"{_sha256(p)}  {rel}\n"))
            size += p.stat().st_size
    return "".join(line for _, line in sorted(lines)), size


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()


def _where_to_put(r: Resource) -> str:
    return (
        f"Download it from {r.urls[0]} and put it at $CYBENKO_DATA/{r.path} "
        f"(with CYBENKO_DATA naming that folder) or at {cache_dir() / r.path}"
    )


def _download(r: Resource, dest: Path, removed: str = "") -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    failures, mismatches = [], []
    for url in r.urls:
        tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
        try:
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    payload = tmp / "download"
                    with open(payload, "wb") as f:
                        shutil.copyfileobj(response, f)
            except (OSError, ValueError) as e:
                failures.append(f"{url}: {e}")
                continue
            staged = _stage(r, payload, tmp)
            problem = _check(r, staged)
            if problem:  # a damaged or wrong download: try the next mirror
                mismatches.append(f"{r.path} downloaded from {url} {problem}")
                continue
            try:
                os.replace(staged, dest)
            except OSError:
                if not (dest.exists() and not _check(r, dest)):
                    raise
            return dest
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    if mismatches:
        raise ChecksumError(
            f"{' '.join(mismatches)}. Nothing was kept in the cache; try again later. "
            f"{_where_to_put(r)}."
        )
    raise DataNotFound(
        f"{r.name} ({r.path}, {r.size} bytes, sha256 {r.sha256}) is not available offline and "
        f"could not be downloaded ({'; '.join(failures)}).{removed} {_where_to_put(r)}."
    )


def _stage(r: Resource, payload: Path, tmp: Path) -> Path:
    """The downloaded file, or for a folder the folder unpacked from the downloaded zip."""
    if not r.folder:
        return payload
    target = Path(r.path).name
    try:
        with zipfile.ZipFile(payload) as z:
            z.extractall(tmp / "unpacked")
    except zipfile.BadZipFile:
        return payload
    for found in sorted((tmp / "unpacked").rglob(target)):
        if found.is_dir():
            for junk in found.rglob(".DS_Store"):
                junk.unlink()
            return found
    return payload


def open_text(name: str, encoding: str = "utf-8") -> io.TextIOWrapper:
    """A text stream of a fetched course file."""
    return open(fetch(name), encoding=encoding)


# --- files as tensors --------------------------------------------------------------------


def load_dnnex(k: int) -> dict[str, torch.Tensor]:
    """The lecture's dnnex{k}.csv as float32 column tensors shaped (2000, 1), keyed by column
    name: "x", "underlying", "y" (dnnex3: "x1", "x2", "y")."""
    from .csv import read_csv

    df = read_csv(fetch(f"dnnex{k}"))
    return {c: torch.tensor(df[c].to_numpy()).reshape(-1, 1).float() for c in df.columns}


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
