"""Datasets: what a DataLoader reads from.

A map-style `Dataset` answers `dataset[i]` (and usually `len(dataset)`); an `IterableDataset`
is a stream that answers `iter(dataset)`. The rest combine them: `TensorDataset` pairs tensors
row by row, `Subset` picks indices, `ConcatDataset` and `ChainDataset` join datasets end to
end, `StackDataset` zips them, and `random_split` cuts one into random non-overlapping parts.

    >>> import cybenko
    >>> from cybenko.utils.data import TensorDataset
    >>> ds = TensorDataset(cybenko.arange(4), cybenko.arange(4) * 10)
    >>> ds[1]
    (tensor(1), tensor(10))
"""

from __future__ import annotations

import bisect
import itertools
import math
import warnings
from collections.abc import Iterable, Sequence
from typing import Generic, TypeVar

from ..._generator import Generator, default_generator
from ..._tensor import Tensor
from ...ops.sampling import randperm

__all__ = [
    "ChainDataset",
    "ConcatDataset",
    "Dataset",
    "IterableDataset",
    "StackDataset",
    "Subset",
    "TensorDataset",
    "random_split",
]

T_co = TypeVar("T_co", covariant=True)


class Dataset(Generic[T_co]):
    """A map from keys (usually 0..len-1) to samples. Subclasses define `__getitem__` and
    usually `__len__`; they may define `__getitems__(indices)` to fetch a whole batch at once.
    `a + b` is `ConcatDataset([a, b])`."""

    def __getitem__(self, index) -> T_co:
        raise NotImplementedError("Subclasses of Dataset should implement __getitem__.")

    def __add__(self, other: Dataset[T_co]) -> ConcatDataset[T_co]:
        return ConcatDataset([self, other])


class IterableDataset(Dataset[T_co], Iterable[T_co]):
    """A stream of samples: subclasses define `__iter__`. `a + b` is `ChainDataset([a, b])`.

    With `DataLoader(num_workers=k)` every worker holds its own copy and iterates it in full,
    so split the work in `__iter__` with `get_worker_info()` to avoid duplicates."""

    def __add__(self, other: Dataset[T_co]) -> ChainDataset:
        return ChainDataset([self, other])


class TensorDataset(Dataset[tuple[Tensor, ...]]):
    """Tensors sharing their first dimension; sample i is `(t[i] for t in tensors)`.

    >>> import cybenko
    >>> from cybenko.utils.data import TensorDataset
    >>> x, y = cybenko.zeros(10, 2), cybenko.ones(10)
    >>> len(TensorDataset(x, y)), TensorDataset(x, y)[0][1]
    (10, tensor(1.))
    """

    tensors: tuple[Tensor, ...]

    def __init__(self, *tensors: Tensor) -> None:
        if any(tensors[0].size(0) != t.size(0) for t in tensors):
            raise AssertionError("Size mismatch between tensors")
        self.tensors = tensors

    def __getitem__(self, index):
        return tuple(t[index] for t in self.tensors)

    def __len__(self) -> int:
        return self.tensors[0].size(0)


class StackDataset(Dataset):
    """Datasets of one length side by side: `StackDataset(a, b)[i] == (a[i], b[i])` and
    `StackDataset(x=a, y=b)[i] == {"x": a[i], "y": b[i]}`."""

    datasets: tuple | dict

    def __init__(self, *args: Dataset, **kwargs: Dataset) -> None:
        if args and kwargs:
            raise ValueError(
                "Supported either ``tuple``- (via ``args``) or"
                "``dict``- (via ``kwargs``) like input/output, but both types are given."
            )
        if not args and not kwargs:
            raise ValueError("At least one dataset should be passed")
        parts = args or tuple(kwargs.values())
        self._length = len(parts[0])
        if any(self._length != len(d) for d in parts):
            raise ValueError("Size mismatch between datasets")
        self.datasets = args or kwargs

    def __getitem__(self, index):
        if isinstance(self.datasets, dict):
            return {k: d[index] for k, d in self.datasets.items()}
        return tuple(d[index] for d in self.datasets)

    def __getitems__(self, indices: list):
        named = isinstance(self.datasets, dict)
        parts = self.datasets.items() if named else enumerate(self.datasets)
        samples: list = [{} if named else [] for _ in indices]
        for key, dataset in parts:
            fetch_many = getattr(dataset, "__getitems__", None)
            if callable(fetch_many):
                items = fetch_many(indices)
                if len(items) != len(indices):
                    raise ValueError(
                        "Nested dataset's output size mismatch."
                        f" Expected {len(indices)}, got {len(items)}"
                    )
            else:
                items = [dataset[i] for i in indices]
            for sample, item in zip(samples, items, strict=True):
                if named:
                    sample[key] = item
                else:
                    sample.append(item)
        return samples if named else [tuple(s) for s in samples]

    def __len__(self) -> int:
        return self._length


class ConcatDataset(Dataset[T_co]):
    """Map-style datasets one after another. `cumulative_sizes[k]` is the total length of the
    first k+1 parts; negative indices count from the end.

    >>> from cybenko.utils.data import ConcatDataset
    >>> ConcatDataset([range(3), range(10, 12)]).cumulative_sizes
    [3, 5]
    """

    datasets: list[Dataset[T_co]]
    cumulative_sizes: list[int]

    @staticmethod
    def cumsum(sequence) -> list[int]:
        return list(itertools.accumulate(len(d) for d in sequence))

    def __init__(self, datasets: Iterable[Dataset]) -> None:
        self.datasets = list(datasets)
        if not self.datasets:
            raise AssertionError("datasets should not be an empty iterable")
        if any(isinstance(d, IterableDataset) for d in self.datasets):
            raise AssertionError("ConcatDataset does not support IterableDataset")
        self.cumulative_sizes = self.cumsum(self.datasets)

    def __len__(self) -> int:
        return self.cumulative_sizes[-1]

    def __getitem__(self, idx):
        if idx < 0:
            if -idx > len(self):
                raise ValueError("absolute value of index should not exceed dataset length")
            idx += len(self)
        part = bisect.bisect_right(self.cumulative_sizes, idx)
        start = self.cumulative_sizes[part - 1] if part else 0
        return self.datasets[part][idx - start]


class ChainDataset(IterableDataset):
    """Iterable datasets one after another, chained lazily as they are iterated."""

    def __init__(self, datasets: Iterable[Dataset]) -> None:
        self.datasets = datasets

    @staticmethod
    def _check(dataset) -> None:
        if not isinstance(dataset, IterableDataset):
            raise AssertionError("ChainDataset only supports IterableDataset")

    def __iter__(self):
        for d in self.datasets:
            self._check(d)
            yield from d

    def __len__(self) -> int:
        total = 0
        for d in self.datasets:
            self._check(d)
            total += len(d)
        return total


class Subset(Dataset[T_co]):
    """The samples of `dataset` at `indices`, in that order: `Subset(ds, [4, 0])[1] == ds[0]`.

    A subclass that overrides `__getitem__` must override `__getitems__` too, since the
    DataLoader fetches batches through `__getitems__`."""

    dataset: Dataset[T_co]
    indices: Sequence[int]

    def __init__(self, dataset: Dataset[T_co], indices: Sequence[int]) -> None:
        self.dataset = dataset
        self.indices = indices
        cls = type(self)
        if cls.__getitem__ is not Subset.__getitem__ and cls.__getitems__ is Subset.__getitems__:
            raise NotImplementedError(
                f"{cls.__name__} overrides __getitem__ but not __getitems__. "
                "When subclassing Subset and overriding __getitem__, you must also override "
                "__getitems__ to ensure DataLoader works correctly with your custom logic. "
                "A simple implementation:\n\n"
                "def __getitems__(self, indices):\n"
                "    return [self.__getitem__(idx) for idx in indices]"
            )

    def __getitem__(self, idx):
        if isinstance(idx, list):
            return self.dataset[[self.indices[i] for i in idx]]
        return self.dataset[self.indices[idx]]

    def __getitems__(self, indices: list[int]) -> list:
        wanted = [self.indices[i] for i in indices]
        fetch_many = getattr(self.dataset, "__getitems__", None)
        if callable(fetch_many):
            return fetch_many(wanted)
        return [self.dataset[i] for i in wanted]

    def __len__(self) -> int:
        return len(self.indices)


def random_split(
    dataset: Dataset,
    lengths: Sequence[int | float],
    generator: Generator | None = default_generator,
) -> list[Subset]:
    """Split `dataset` into non-overlapping random `Subset`s of the given lengths.

    `lengths` are either counts summing to `len(dataset)` or fractions summing to 1; fractions
    become `floor(frac * len)` each, and what is left over is dealt out one by one to the
    parts from the first. The split is `randperm(len(dataset), generator=generator)` cut in
    order, so it equals torch's for the same seed.

    >>> import cybenko
    >>> from cybenko.utils.data import random_split
    >>> g = cybenko.Generator().manual_seed(42)
    >>> [list(s) for s in random_split(range(5), [0.6, 0.4], generator=g)]
    [[2, 4, 3], [0, 1]]
    """
    total = sum(lengths)
    if math.isclose(total, 1) and total <= 1:
        n = len(dataset)
        counts = []
        for i, frac in enumerate(lengths):
            if frac < 0 or frac > 1:
                raise ValueError(f"Fraction at index {i} is not between 0 and 1")
            counts.append(math.floor(n * frac))
        for i in range(n - sum(counts)):
            counts[i % len(counts)] += 1
        for i, count in enumerate(counts):
            if count == 0:
                warnings.warn(
                    f"Length of split at index {i} is 0. This might result in an empty dataset.",
                    stacklevel=2,
                )
        lengths = counts
    if sum(lengths) != len(dataset):
        raise ValueError("Sum of input lengths does not equal the length of the input dataset!")
    order = randperm(sum(lengths), generator=generator).tolist()
    ends = itertools.accumulate(lengths)
    return [
        Subset(dataset, order[end - size : end]) for end, size in zip(ends, lengths, strict=True)
    ]
