"""Datasets with torchvision.datasets' names: MNIST from its original IDX files.

from cybenko.vision.datasets import MNIST
train = MNIST("data", train=True)        # reads data/MNIST/raw/train-*-ubyte(.gz)
image, label = train[0]                  # a uint8 tensor 28×28 and an int
"""

from __future__ import annotations

import gzip
import math
import os
import shutil
import struct
import tempfile
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .._tensor import _wrap
from ..utils.data import Dataset
from ..utils.download import Resource, fetch

_MNIST_FILES = {
    True: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    False: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
_MNIST_MIRROR = "https://ossci-datasets.s3.amazonaws.com/mnist/"


def _mnist(name: str, file: str, sha256: str, size: int) -> Resource:
    return Resource(
        name,
        f"mnist/{file}",
        (_MNIST_MIRROR + file, f"http://yann.lecun.com/exdb/mnist/{file}"),
        sha256,
        size,
        source="MNIST (LeCun, Cortes, Burges), the files torchvision downloads",
    )


_MNIST_RESOURCES = (
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
)
_BY_FILE = {Path(r.path).name.removesuffix(".gz"): r for r in _MNIST_RESOURCES}


class MNIST(Dataset):
    """The MNIST digits, as torchvision.datasets.MNIST.

    The four original IDX files (gzipped or not) are looked for in `<root>/MNIST/raw/`, as
    torchvision keeps them, then in `$CYBENKO_DATA/mnist/`. With `download=True` a missing
    file is fetched (and checked by sha256) by `cybenko.utils.download.fetch`, then copied
    into `<root>/MNIST/raw/`. `MNIST.resources` lists the four files as
    `cybenko.utils.download.Resource` records (URLs, sha256, size), as torchvision keeps its
    `resources` in the class.

    Attributes: `data`, a uint8 tensor N×28×28 (60000 for train, 10000 for test), and
    `targets`, an int64 tensor of the labels 0..9.

    `dataset[i]` is `(image, label)`: the image is the uint8 tensor 28×28 where torchvision
    gives a PIL image (mode "L"), so `transform` receives a tensor; the label is an int.
    """

    resources = _MNIST_RESOURCES  # train images, train labels, test images, test labels

    classes = [
        "0 - zero",
        "1 - one",
        "2 - two",
        "3 - three",
        "4 - four",
        "5 - five",
        "6 - six",
        "7 - seven",
        "8 - eight",
        "9 - nine",
    ]

    def __init__(
        self,
        root: str | os.PathLike,
        train: bool = True,
        transform: Callable | None = None,
        target_transform: Callable | None = None,
        download: bool = False,
    ):
        self.root = os.fspath(root)
        self.train = train
        self.transform = transform
        self.target_transform = target_transform
        images, labels = (self._find(name, download) for name in _MNIST_FILES[train])
        self.data = _wrap(read_idx(images))
        self.targets = _wrap(read_idx(labels).astype(np.int64))
        if len(self.data) != len(self.targets):
            raise RuntimeError(
                f"MNIST: {images} holds {len(self.data)} images but {labels} holds "
                f"{len(self.targets)} labels; replace the damaged file"
            )

    @property
    def raw_folder(self) -> str:
        return os.path.join(self.root, type(self).__name__, "raw")

    @property
    def class_to_idx(self) -> dict[str, int]:
        return {c: i for i, c in enumerate(self.classes)}

    def _find(self, name: str, download: bool) -> Path:
        raw = Path(self.raw_folder)
        for candidate in (raw / name, raw / f"{name}.gz"):
            if candidate.is_file():
                return candidate
        resource = _BY_FILE[name]
        local = os.environ.get("CYBENKO_DATA")
        if local and (Path(local) / resource.path).is_file():
            return fetch(resource)  # verified against its sha256
        if not download:
            where = f"{raw}" + (f" or {Path(local) / 'mnist'}" if local else "")
            raise RuntimeError(
                f"Dataset not found: no {name}[.gz] in {where}. You can use download=True to "
                "download it, or set CYBENKO_DATA to a folder holding mnist/*.gz"
            )
        fetched = fetch(resource)
        dest = raw / fetched.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", dir=dest.parent)
        os.close(fd)
        try:
            shutil.copyfile(fetched, tmp)
            os.replace(tmp, dest)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        return dest

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, index: int):
        image, target = self.data[index], int(self.targets[index])
        if self.transform is not None:
            image = self.transform(image)
        if self.target_transform is not None:
            target = self.target_transform(target)
        return image, target

    def extra_repr(self) -> str:
        return f"Split: {'Train' if self.train else 'Test'}"

    def __repr__(self) -> str:
        lines = [f"Dataset {type(self).__name__}", f"    Number of datapoints: {len(self)}"]
        lines.append(f"    Root location: {self.root}")
        lines.append(f"    {self.extra_repr()}")
        if self.transform is not None:
            lines.append(f"    Transform: {self.transform!r}")
        return "\n".join(lines)


_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def read_idx(path: str | os.PathLike) -> np.ndarray:
    """The array in an IDX file (MNIST's format), gzipped (.gz) or not.

    Raises RuntimeError naming the file when it is damaged: a gzip stream that does not
    decompress, a bad magic number, an unknown element type, a truncated header, or data
    shorter or longer than the header's shape."""
    path = Path(path)
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (EOFError, OSError, zlib.error) as e:
            problem = f"cannot be decompressed ({e}); it is truncated or damaged"
            raise _damaged(path, problem) from None
    if len(raw) < 4 or raw[:2] != b"\0\0":
        raise _damaged(path, f"not an IDX file (bad magic number {raw[:4].hex() or 'none'})")
    if raw[2] not in _IDX_TYPES:
        known = ", ".join(f"0x{code:02x}" for code in _IDX_TYPES)
        raise _damaged(path, f"unknown IDX element type 0x{raw[2]:02x} (known: {known})")
    ndim = raw[3]
    data_start = 4 + 4 * ndim
    if len(raw) < data_start:
        raise _damaged(path, f"the header of {ndim} dimensions is truncated")
    shape = struct.unpack(f">{ndim}I", raw[4:data_start])
    dtype = np.dtype(_IDX_TYPES[raw[2]])
    expected = math.prod(shape) * dtype.itemsize  # Python ints: no overflow for huge shapes
    body = raw[data_start:]
    if len(body) != expected:
        raise _damaged(
            path,
            f"the header promises shape {shape} ({expected} bytes of data) but the file holds "
            f"{len(body)}; it is truncated or damaged",
        )
    return np.frombuffer(body, dtype).reshape(shape).astype(dtype.newbyteorder("="))


def _damaged(path: Path, problem: str) -> RuntimeError:
    return RuntimeError(f"{path}: {problem}. Delete it and download it again (or copy it afresh).")
