"""The few fastai names the notes use to reach MNIST as PNG files, without fastai.

    from cybenko.vision.fastai import URLs, untar_data
    path = untar_data(URLs.MNIST)           # <cache>/mnist_png
    path.ls()                               # (#2) [Path('.../testing'),Path('.../training')]
    (path/'training/3').ls()                # (#6131) [Path('.../training/3/10.png'),...]

fastai downloads `mnist_png.tgz`; here the same layout, `{training,testing}/<digit>/<i>.png`
with `i` the image's index in its IDX file, is written once from the original MNIST files
(found by `cybenko.utils.download.fetch`) into the cache folder ($CYBENKO_CACHE, default
~/.cache/cybenko). It is written into a temporary folder and renamed when complete, so an
interrupted run leaves nothing that looks finished.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import tempfile

from ..utils.download import cache_dir, fetch
from .datasets import MNIST, read_idx
from .io import encode_png_batch


class L(list):
    """A list printed as fastai's L: `(#3) [1,2,3]`, the first ten items then `...`."""

    def __repr__(self) -> str:
        shown = ",".join(repr(x) for x in self[:10])
        return f"(#{len(self)}) [{shown}{',...' if len(self) > 10 else ''}]"


class Path(type(pathlib.Path())):
    """pathlib.Path with fastai's `.ls()`: the folder's entries, sorted, as an L."""

    def ls(self, n_max: int | None = None, file_type: str | None = None, file_exts=None) -> L:
        entries = sorted(self.iterdir(), key=_natural)
        if file_exts is not None:
            exts = {file_exts} if isinstance(file_exts, str) else set(file_exts)
            entries = [p for p in entries if p.suffix in exts]
        return L(entries[:n_max] if n_max is not None else entries)

    def __repr__(self) -> str:
        return f"Path({str(self)!r})"


def _natural(path: pathlib.Path):
    """Sort key: names that are numbers in numeric order (2.png before 10.png), then the rest."""
    stem = path.stem
    return (0, int(stem), "") if stem.isdigit() else (1, 0, path.name)


class URLs:
    """fastai's dataset URLs (only MNIST is provided here)."""

    MNIST = "https://s3.amazonaws.com/fast-ai-imageclas/mnist_png.tgz"


_SPLITS = (  # MNIST.resources: train images, train labels, test images, test labels
    ("training", MNIST.resources[0], MNIST.resources[1]),
    ("testing", MNIST.resources[2], MNIST.resources[3]),
)


def untar_data(url: str, base: str | os.PathLike | None = None, force_download: bool = False):
    """The folder of the dataset at `url`, as fastai's untar_data; only URLs.MNIST is known.

    The first call writes the 70000 PNGs (a few seconds); later calls return the folder."""
    if url != URLs.MNIST:
        raise NotImplementedError(f"untar_data: only URLs.MNIST ({URLs.MNIST}) is provided")
    dest = Path(base if base is not None else cache_dir()) / "mnist_png"
    if force_download and dest.exists():
        shutil.rmtree(dest)
    if not dest.exists():
        materialise_mnist_png(dest)
    return dest


def materialise_mnist_png(dest: str | os.PathLike, limit: int | None = None) -> Path:
    """Write MNIST as `dest/{training,testing}/<digit>/<index>.png`, atomically: into a
    temporary sibling folder, renamed to `dest` when complete. `limit` keeps only the first
    `limit` images of each split (for quick tests)."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", dir=dest.parent))
    try:
        for split, images_resource, labels_resource in _SPLITS:
            images = read_idx(fetch(images_resource))[:limit]
            labels = read_idx(fetch(labels_resource))[:limit]
            for digit in range(10):
                (tmp / split / str(digit)).mkdir(parents=True)
            folders = [os.path.join(tmp, split, str(d), "") for d in range(10)]
            for i, (png, label) in enumerate(zip(encode_png_batch(images), labels, strict=True)):
                with open(f"{folders[label]}{i}.png", "wb") as f:
                    f.write(png)
        try:
            os.rename(tmp, dest)
        except OSError:
            if not dest.is_dir():  # another process finished first: keep its copy
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dest


def label_counts(folder: str | os.PathLike) -> dict[int, int]:
    """How many PNGs each digit folder under `folder` holds."""
    return {int(p.name): len(os.listdir(p)) for p in Path(folder).ls() if p.name.isdigit()}


__all__ = ["L", "Path", "URLs", "label_counts", "materialise_mnist_png", "untar_data"]
