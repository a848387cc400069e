"""DataLoader: batches from a dataset, in the order a sampler gives, as torch's DataLoader.

An epoch (`iter(loader)`) first draws a 63-bit `base_seed` from the loader's `generator` (or
the global one), exactly as torch does, then asks the batch sampler for lists of indices,
fetches those samples and collates them. With `shuffle=True` the RandomSampler makes its own
draws when the first batch is asked for (without a `generator`, that is four 32-bit draws from
the global generator per epoch: two for the base seed, two for the sampler's seed). So a
training loop that interleaves epochs with other
random calls sees torch's numbers at every step.

Workers. Loading always happens in this process. `num_workers > 0` is accepted and emulates
what torch's worker processes would compute: batches go to the workers in turn (batch k to
worker k % num_workers, skipping workers whose IterableDataset has run dry); each worker holds
its own (shallow) copy of the dataset, calls `worker_init_fn`, sees itself in
`get_worker_info()`, and runs the dataset and collate code under its own random states, seeded
as torch seeds a worker (cybenko's default generator and Python's `random` with
`base_seed + id`, NumPy's global state from the same seed-sequence hash). The main process
reads `prefetch_factor * num_workers` batches of indices ahead, as torch does. So even random
augmentations in `__getitem__` give torch's numbers. What differs: nothing runs in parallel,
`timeout` is not enforced, `in_order=False` still returns batches in order, and worker
processes are never started.
"""

from __future__ import annotations

import collections
import contextlib
import copy
import itertools
import math
import multiprocessing
import random
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import numpy as np

from ..._generator import Generator, default_generator, draw_seed
from ..._tensor import Tensor
from ...ops.sampling import RANDOM_SIGNATURES, check_generator
from ._collate import default_collate, default_convert
from .dataset import Dataset, IterableDataset, Subset, TensorDataset
from .sampler import BatchSampler, RandomSampler, Sampler, SequentialSampler

__all__ = ["DataLoader", "WorkerInfo", "default_collate", "default_convert", "get_worker_info"]

T_co = TypeVar("T_co", covariant=True)


# --- the samples of one batch ---------------------------------------------------------------


class _InfiniteConstantSampler(Sampler):
    """None forever: the 'indices' of an IterableDataset, which ignores them."""

    def __iter__(self):
        return itertools.repeat(None)


def _tensor_batch(dataset, indices) -> list[Tensor] | None:
    """default_collate's batch of a TensorDataset (possibly inside Subsets), by one fancy
    index per tensor instead of a stack of rows: the same values, dtype and shape. None when
    that shortcut does not apply (other datasets, non-int indices, tensors needing grad)."""
    while type(dataset) is Subset:
        indices = [dataset.indices[i] for i in indices]
        dataset = dataset.dataset
    if type(dataset) is not TensorDataset or not all(type(i) is int for i in indices):
        return None
    if any(t.requires_grad for t in dataset.tensors):
        return None  # stacking records StackBackward0; keep torch's graph
    rows = list(indices)
    return [t[rows] for t in dataset.tensors]


class _MapFetcher:
    """Samples by index: a list of indices is one batch (collated), a single index one sample
    (converted)."""

    def __init__(self, dataset, auto_collation: bool, collate_fn, drop_last: bool) -> None:
        self.dataset, self.auto_collation, self.collate_fn = dataset, auto_collation, collate_fn

    def fetch_plain(self, index):
        """The batch, when it can be had without running any user code (so without touching
        a random state); else None."""
        if self.auto_collation and self.collate_fn is default_collate:
            return _tensor_batch(self.dataset, index)
        return None

    def fetch(self, index):
        if not self.auto_collation:
            return self.collate_fn(self.dataset[index])
        batch = self.fetch_plain(index)
        if batch is not None:
            return batch
        fetch_many = getattr(self.dataset, "__getitems__", None)
        samples = fetch_many(index) if fetch_many else [self.dataset[i] for i in index]
        return self.collate_fn(samples)


class _IterableFetcher:
    """Samples from one pass over an IterableDataset; `iter(dataset)` is called on creation."""

    def __init__(self, dataset, auto_collation: bool, collate_fn, drop_last: bool) -> None:
        self.auto_collation, self.collate_fn, self.drop_last = auto_collation, collate_fn, drop_last
        self.stream = iter(dataset)
        self.ended = False

    def fetch_plain(self, index):
        return None

    def fetch(self, index):
        if self.ended:
            raise StopIteration
        if not self.auto_collation:
            return self.collate_fn(next(self.stream))
        samples = list(itertools.islice(self.stream, len(index)))
        self.ended = len(samples) < len(index)
        if not samples or (self.drop_last and self.ended):
            raise StopIteration
        return self.collate_fn(samples)


def _fetcher(loader: DataLoader, dataset):
    kind = _IterableFetcher if isinstance(dataset, IterableDataset) else _MapFetcher
    return kind(dataset, loader._auto_collation, loader.collate_fn, loader.drop_last)


# --- emulated workers -----------------------------------------------------------------------


@dataclass(frozen=True)
class WorkerInfo:
    """What `get_worker_info()` tells dataset code running in (emulated) worker `id`."""

    id: int
    num_workers: int
    seed: int
    dataset: Dataset


_worker_info: WorkerInfo | None = None


def get_worker_info() -> WorkerInfo | None:
    """Inside dataset, collate or `worker_init_fn` code run by DataLoader worker `id`: that
    worker's id, num_workers, seed and dataset copy. Elsewhere: None."""
    return _worker_info


def _random_states():
    return default_generator.get_state(), random.getstate(), np.random.get_state(), _worker_info


def _set_random_states(torch_state, python_state, numpy_state, info) -> None:
    global _worker_info
    default_generator.set_state(torch_state)
    random.setstate(python_state)
    np.random.set_state(numpy_state)
    _worker_info = info


class _Worker:
    """What one of torch's worker processes holds: a copy of the dataset, the fetcher, and its
    random states, which are swapped in whenever it runs."""

    def __init__(self, loader: DataLoader, dataset, worker_id: int, base_seed: int) -> None:
        seed = base_seed + worker_id
        try:
            dataset = copy.copy(dataset)  # the worker's own attributes, as after a fork
        except Exception:
            pass
        self.info = WorkerInfo(worker_id, loader.num_workers, seed, dataset)
        numpy_seed = np.random.SeedSequence([worker_id, base_seed & 0xFFFFFFFF, base_seed >> 32, 0])
        self.states = (
            Generator().manual_seed(seed).get_state(),
            random.Random(seed).getstate(),
            np.random.RandomState(numpy_seed.generate_state(4)).get_state(),
            self.info,
        )
        with self.running():
            if loader.worker_init_fn is not None:
                loader.worker_init_fn(worker_id)
            self.fetcher = _fetcher(loader, dataset)

    def resume(self, loader: DataLoader) -> None:
        """A new pass: a fresh fetcher (for an IterableDataset, a fresh `iter`)."""
        with self.running():
            self.fetcher = _fetcher(loader, self.info.dataset)

    @contextlib.contextmanager
    def running(self):
        main = _random_states()
        _set_random_states(*self.states)
        try:
            yield
        finally:
            self.states = _random_states()
            _set_random_states(*main)


# --- iterators over one epoch ---------------------------------------------------------------


class _BaseDataLoaderIter:
    """One pass over a DataLoader. Creating it draws the base seed."""

    def __init__(self, loader: DataLoader) -> None:
        self._dataset = loader.dataset
        self._is_iterable = isinstance(loader.dataset, IterableDataset)
        self._index_sampler = loader._index_sampler
        self._num_workers = loader.num_workers
        self._length_reported = loader._IterableDataset_len_called
        if loader.pin_memory:
            warnings.warn(
                "'pin_memory' argument is set as true but no accelerator is found, "
                "then device pinned memory won't be used.",
                stacklevel=3,
            )
        self._sampler_iter = iter(self._index_sampler)
        # torch draws the base seed with random_(generator=...), which names a bad generator
        check_generator(loader.generator, "random_", (), RANDOM_SIGNATURES)
        self._base_seed = draw_seed(loader.generator)
        self._num_yielded = 0

    def _reset(self, loader: DataLoader) -> None:
        self._sampler_iter = iter(self._index_sampler)
        self._num_yielded = 0
        self._length_reported = loader._IterableDataset_len_called

    def __iter__(self):
        return self

    def __len__(self) -> int:
        return len(self._index_sampler)

    def _next_data(self):
        raise NotImplementedError

    def __next__(self):
        data = self._next_data()
        self._num_yielded += 1
        reported = self._length_reported
        if self._is_iterable and reported is not None and self._num_yielded > reported:
            message = (
                f"Length of IterableDataset {self._dataset} was reported to be {reported}"
                f"(when accessing len(dataloader)), but {self._num_yielded} samples have been "
                "fetched. "
            )
            if self._num_workers > 0:
                message += (
                    "For multiprocessing data-loading, this could be caused by not properly "
                    "configuring the IterableDataset replica at each worker. Please see "
                    "https://pytorch.org/docs/stable/data.html#torch.utils.data.IterableDataset "
                    "for examples."
                )
            warnings.warn(message, stacklevel=2)
        return data


class _SingleProcessDataLoaderIter(_BaseDataLoaderIter):
    """num_workers=0: each `next` takes the next indices from the sampler and fetches them."""

    def __init__(self, loader: DataLoader) -> None:
        super().__init__(loader)
        if loader.timeout != 0:
            raise AssertionError("_SingleProcessDataLoaderIter requires timeout == 0")
        self._fetcher = _fetcher(loader, self._dataset)

    def _next_data(self):
        return self._fetcher.fetch(next(self._sampler_iter))


class _WorkerEmulatingDataLoaderIter(_BaseDataLoaderIter):
    """num_workers>0, in this process: indices are handed round-robin to the workers that
    still have data, `prefetch_factor * num_workers` ahead, and fetched in order."""

    def __init__(self, loader: DataLoader) -> None:
        super().__init__(loader)
        self._ahead = loader.prefetch_factor * loader.num_workers
        self._workers = [
            _Worker(loader, self._dataset, i, self._base_seed) for i in range(loader.num_workers)
        ]
        self._start_pass()

    def _reset(self, loader: DataLoader) -> None:
        """A new epoch with persistent workers: no new base seed, the workers keep their state."""
        super()._reset(loader)
        for worker in self._workers:
            worker.resume(loader)
        self._start_pass()

    def _start_pass(self) -> None:
        self._active = [True] * len(self._workers)
        self._turn = itertools.cycle(range(len(self._workers)))
        self._tasks: collections.deque = collections.deque()
        for _ in range(self._ahead):
            self._put_index()

    def _put_index(self) -> None:
        """Hand the sampler's next indices to the next worker that is still active."""
        try:
            index = next(self._sampler_iter)
        except StopIteration:
            return
        for _ in range(len(self._workers)):
            worker_id = next(self._turn)
            if self._active[worker_id]:
                self._tasks.append((worker_id, index))
                return

    def _next_data(self):
        while self._tasks:
            worker_id, index = self._tasks.popleft()
            if not self._active[worker_id]:
                continue  # sent before its worker ran dry: never answered
            worker = self._workers[worker_id]
            try:
                data = worker.fetcher.fetch_plain(index)
                if data is None:
                    with worker.running():
                        data = worker.fetcher.fetch(index)
            except StopIteration:
                if not self._is_iterable:
                    raise
                self._active[worker_id] = False
                self._put_index()
                continue
            except Exception:
                self._put_index()
                raise
            self._put_index()
            return data
        raise StopIteration


# --- the loader -----------------------------------------------------------------------------


class DataLoader(Generic[T_co]):
    """Iterate over `dataset` in batches.

    Args:
        dataset: a map-style Dataset (indexable, with len) or an IterableDataset.
        batch_size: samples per batch (default 1); None yields samples one by one, unbatched.
        shuffle: reshuffle at every epoch (a RandomSampler drawing from `generator`).
        sampler: the order of indices (any iterable with len); excludes `shuffle`.
        batch_sampler: yields whole lists of indices; excludes batch_size, shuffle, sampler
            and drop_last.
        num_workers: 0 loads in this process; more emulates torch's workers in this process
            (see the module docstring: same batches and random streams, no parallelism).
        collate_fn: turns a list of samples into a batch (default: default_collate; with
            batch_size=None, default_convert).
        drop_last: drop the last batch when it is shorter than batch_size.
        generator: the Generator for the base seed and the shuffle; default the global one.
        worker_init_fn, prefetch_factor, persistent_workers, multiprocessing_context, timeout,
        pin_memory, pin_memory_device, in_order: accepted and checked as torch checks them.

    >>> import cybenko as torch
    >>> from cybenko.utils.data import DataLoader
    >>> x = torch.arange(10)
    >>> [b.tolist() for b in DataLoader(x, batch_size=3)]
    [[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]
    """

    _initialized = False

    def __init__(
        self,
        dataset: Dataset[T_co],
        batch_size: int | None = 1,
        shuffle: bool | None = None,
        sampler: Sampler | Iterable | None = None,
        batch_sampler: Sampler[list] | Iterable[list] | None = None,
        num_workers: int = 0,
        collate_fn: Callable[[list], Any] | None = None,
        pin_memory: bool = False,
        drop_last: bool = False,
        timeout: float = 0,
        worker_init_fn: Callable[[int], None] | None = None,
        multiprocessing_context=None,
        generator: Generator | None = None,
        *,
        prefetch_factor: int | None = None,
        persistent_workers: bool = False,
        pin_memory_device: str = "",
        in_order: bool = True,
    ) -> None:
        if num_workers < 0:
            raise ValueError(
                "num_workers option should be non-negative; "
                "use num_workers=0 to disable multiprocessing."
            )
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError(
                "prefetch_factor option could only be specified in multiprocessing."
                "let num_workers > 0 to enable multiprocessing, otherwise set prefetch_factor "
                "to None."
            )
        if num_workers > 0 and prefetch_factor is None:
            prefetch_factor = 2
        elif prefetch_factor is not None and prefetch_factor < 0:
            raise ValueError("prefetch_factor option should be non-negative")
        if persistent_workers and num_workers == 0:
            raise ValueError("persistent_workers option needs num_workers > 0")

        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor
        self.pin_memory = pin_memory
        self.pin_memory_device = pin_memory_device
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.in_order = in_order

        if isinstance(dataset, IterableDataset):
            if shuffle not in {False, None}:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified shuffle option, "
                    f"but got shuffle={shuffle}"
                )
            if sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified sampler option, "
                    f"but got sampler={sampler}"
                )
            if batch_sampler is not None:
                raise ValueError(
                    "DataLoader with IterableDataset: expected unspecified batch_sampler "
                    f"option, but got batch_sampler={batch_sampler}"
                )
        else:
            shuffle = bool(shuffle)
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError(
                    "batch_sampler option is mutually exclusive with batch_size, shuffle, "
                    "sampler, and drop_last"
                )
            batch_size, drop_last = None, False
        elif batch_size is None and drop_last:
            raise ValueError(
                "batch_size=None option disables auto-batching and is mutually exclusive "
                "with drop_last"
            )
        if sampler is None:
            if isinstance(dataset, IterableDataset):
                sampler = _InfiniteConstantSampler()
            elif shuffle:
                sampler = RandomSampler(dataset, generator=generator)
            else:
                sampler = SequentialSampler(dataset)
        if batch_size is not None and batch_sampler is None:
            batch_sampler = BatchSampler(sampler, batch_size, drop_last)

        self.batch_size = batch_size
        self.drop_last = drop_last
        self.sampler = sampler
        self.batch_sampler = batch_sampler
        self.generator = generator
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn
        self.persistent_workers = persistent_workers
        self._IterableDataset_len_called = None
        self._iterator = None
        self._initialized = True

    @property
    def multiprocessing_context(self):
        return self._multiprocessing_context

    @multiprocessing_context.setter
    def multiprocessing_context(self, context) -> None:
        if context is not None:
            if self.num_workers == 0:
                raise ValueError(
                    "multiprocessing_context can only be used with multi-process loading "
                    f"(num_workers > 0), but got num_workers={self.num_workers}"
                )
            if isinstance(context, str):
                methods = multiprocessing.get_all_start_methods()
                if context not in methods:
                    raise ValueError(
                        "multiprocessing_context option should specify a valid start method "
                        f"in {methods!r}, but got multiprocessing_context={context!r}"
                    )
                context = multiprocessing.get_context(context)
            if not isinstance(context, multiprocessing.context.BaseContext):
                raise TypeError(
                    "multiprocessing_context option should be a valid context object or a "
                    f"string specifying the start method, but got "
                    f"multiprocessing_context={context}"
                )
        self._multiprocessing_context = context

    def __setattr__(self, name: str, value) -> None:
        frozen = ("batch_size", "batch_sampler", "sampler", "drop_last", "dataset",
                  "persistent_workers")  # fmt: skip
        if self._initialized and name in frozen:
            raise ValueError(
                f"{name} attribute should not be set after {type(self).__name__} is initialized"
            )
        super().__setattr__(name, value)

    @property
    def _auto_collation(self) -> bool:
        return self.batch_sampler is not None

    @property
    def _index_sampler(self):
        return self.batch_sampler if self._auto_collation else self.sampler

    def _get_iterator(self) -> _BaseDataLoaderIter:
        if self.num_workers == 0:
            return _SingleProcessDataLoaderIter(self)
        return _WorkerEmulatingDataLoaderIter(self)

    def __iter__(self) -> _BaseDataLoaderIter:
        """A new epoch. With persistent workers the iterator (and the workers' random states)
        is reused, and no new base seed is drawn, as in torch."""
        if self.persistent_workers and self.num_workers > 0:
            if self._iterator is None:
                self._iterator = self._get_iterator()
            else:
                self._iterator._reset(self)
            return self._iterator
        return self._get_iterator()

    def __len__(self) -> int:
        """The number of batches: from the sampler, or for an IterableDataset estimated from
        its len() and batch_size."""
        if not isinstance(self.dataset, IterableDataset):
            return len(self._index_sampler)
        length = self._IterableDataset_len_called = len(self.dataset)
        if self.batch_size is not None:
            if self.drop_last:
                return length // self.batch_size
            return math.ceil(length / self.batch_size)
        return length
