"""cybenko.utils.data against torch.utils.data 2.13: every case runs the same code on both
libraries, from the same seeds, and demands the same batches, the same random streams after
them, and the same errors.

    same(lambda T: epochs(T.utils.data.DataLoader(course(T), batch_size=3, shuffle=True)))

`same(fn)` seeds torch's (or cybenko's) global generator, Python's `random` and NumPy's global
state, runs `fn(T)` with T the library, and compares the results leaf by leaf: tensors by
dtype, shape and exact values; containers by type (a list is not a tuple), length and keys.
`course(T)` builds the course's ten-sample dataset in either library.
"""

from __future__ import annotations

import random
import warnings
from collections import namedtuple

import numpy as np
import pytest

import cybenko
from helpers import check_error
from oracle import torch

pytestmark = pytest.mark.oracle

LIBS = (torch, cybenko)
Point = namedtuple("Point", ["x", "y"])


# --- one helper to build the data, one to compare -------------------------------------------


def course(T, n: int = 10):
    """The course's dataset: n samples (x = [i, -i] as float32, y = 10 i as int64)."""
    i = T.arange(n)
    return T.utils.data.TensorDataset(T.stack([i, -i], 1).float(), i * 10)


def leaves_equal(want, got, where: str = "result") -> None:
    if isinstance(want, torch.Tensor):
        assert isinstance(got, cybenko.Tensor), f"{where}: {type(got).__name__} is not a Tensor"
        assert str(got.dtype) == str(want.dtype), f"{where}: dtype {got.dtype} != {want.dtype}"
        assert tuple(got.shape) == tuple(want.shape), f"{where}: shape"
        np.testing.assert_array_equal(got.detach().numpy(), want.detach().numpy(), err_msg=where)
        assert got.requires_grad == want.requires_grad, f"{where}: requires_grad"
    elif isinstance(want, dict):
        assert type(got).__name__ == type(want).__name__, f"{where}: {type(got).__name__}"
        assert list(got) == list(want), f"{where}: keys"
        for key in want:
            leaves_equal(want[key], got[key], f"{where}[{key!r}]")
    elif isinstance(want, (list, tuple)):
        assert type(got).__name__ == type(want).__name__, f"{where}: {type(got).__name__}"
        assert len(got) == len(want), f"{where}: length {len(got)} != {len(want)}"
        for k, (w, g) in enumerate(zip(want, got, strict=True)):
            leaves_equal(w, g, f"{where}[{k}]")
    else:
        assert type(got) is type(want) and got == want, f"{where}: {got!r} != {want!r}"


def same(fn, seed: int = 0):
    """fn(T) in torch and in cybenko, each from the same seeds; the results must agree."""
    results = []
    for T in LIBS:
        T.manual_seed(seed)
        random.seed(seed)
        np.random.seed(seed % 2**32)
        results.append(fn(T))
    leaves_equal(*results)
    return results[1]


def same_error(fn) -> None:
    """fn(T) raises the same exception type with the same message in both libraries."""
    caught = []
    for T in LIBS:
        with pytest.raises(Exception) as info:
            fn(T)
        caught.append(info.value)
    want, got = caught
    assert type(got).__name__ == type(want).__name__, f"{got!r} is not {want!r}"
    assert str(got) == str(want)


def epochs(loader, count: int = 3, between=lambda T: T.randn(3)):
    """`count` epochs of batches, with another random call after each (so that what an epoch
    draws from the global generator shows in the next values), and the length."""
    T = torch if isinstance(loader, torch.utils.data.DataLoader) else cybenko
    out = []
    for _ in range(count):
        out.append(list(loader))
        out.append(between(T))
    return out, len(loader)


# --- the course's example -------------------------------------------------------------------


def test_ten_items_in_batches_of_three_leave_a_short_last_batch():
    batches = same(lambda T: [y.tolist() for _, y in T.utils.data.DataLoader(course(T), 3)])
    assert batches == [[0, 10, 20], [30, 40, 50], [60, 70, 80], [90]]


def test_drop_last_drops_the_short_batch_and_counts_it_out_of_len():
    def run(T):
        loader = T.utils.data.DataLoader(T.arange(10), batch_size=3, drop_last=True)
        return [b.tolist() for b in loader], len(loader)

    assert same(run) == ([[0, 1, 2], [3, 4, 5], [6, 7, 8]], 3)


# --- DataLoader options and the random streams ----------------------------------------------


@pytest.mark.parametrize("batch_size", [1, 3, 4, 10, 11, None])
@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("drop_last", [False, True])
@pytest.mark.parametrize("own_generator", [False, True])
def test_epochs_match_torch(batch_size, shuffle, drop_last, own_generator):
    if batch_size is None and drop_last:
        return  # an error, tested below

    def run(T):
        g = T.Generator().manual_seed(5) if own_generator else None
        loader = T.utils.data.DataLoader(
            course(T), batch_size, shuffle=shuffle, drop_last=drop_last, generator=g
        )
        return epochs(loader), (T.rand(4, generator=g) if g else None)

    same(run)


@pytest.mark.parametrize("seed", [0, 1, 43052, 2**40 + 3])
def test_shuffle_follows_manual_seed_across_epochs_and_interleaved_draws(seed):
    def run(T):
        loader = T.utils.data.DataLoader(T.arange(100), batch_size=16, shuffle=True)
        return epochs(loader, 4, between=lambda T: (T.randn(3), T.rand(2), T.randint(9, (2,))))

    same(run, seed)


def test_an_epoch_draws_its_base_seed_when_iteration_starts():
    def run(T):
        loader = T.utils.data.DataLoader(T.arange(10), batch_size=4, shuffle=True)
        it = iter(loader)  # the base seed: drawn now
        x = T.rand(2)
        first = next(it)  # the sampler's seed, then its permutation: drawn now
        return x, first, list(it), T.rand(2)

    same(run)


def test_an_unfinished_epoch_skips_the_closing_permutation():
    def run(T):
        g = T.Generator().manual_seed(3)
        loader = T.utils.data.DataLoader(T.arange(12), batch_size=4, shuffle=True, generator=g)
        first = next(iter(loader))
        return first, list(loader), T.rand(1, generator=g)

    same(run)


def test_a_sequential_epoch_still_draws_a_base_seed():
    same(lambda T: (list(T.utils.data.DataLoader(T.arange(4))), T.rand(3)))


def test_batch_size_none_yields_converted_samples():
    def run(T):
        loader = T.utils.data.DataLoader([np.float32(1.5), np.array([1, 2]), "a", (3, 4)], None)
        return list(loader), len(loader)

    same(run)


# --- samplers -------------------------------------------------------------------------------

SAMPLERS = {
    "sequential": lambda D, T, g: D.SequentialSampler(range(7)),
    "random": lambda D, T, g: D.RandomSampler(range(7), generator=g),
    "random, fewer": lambda D, T, g: D.RandomSampler(range(7), num_samples=4, generator=g),
    "random, more": lambda D, T, g: D.RandomSampler(range(7), num_samples=17, generator=g),
    "random, exactly twice": lambda D, T, g: D.RandomSampler(range(7), num_samples=14),
    "replacement": lambda D, T, g: D.RandomSampler(range(7), True, generator=g),
    "replacement, 32": lambda D, T, g: D.RandomSampler(range(50), True, 32, generator=g),
    "replacement, 70": lambda D, T, g: D.RandomSampler(range(9), True, 70, generator=g),
    "subset": lambda D, T, g: D.SubsetRandomSampler([9, 3, 5, 1], generator=g),
    "weighted": lambda D, T, g: D.WeightedRandomSampler([0.1, 0.9, 0.4, 0.7, 3.0], 20, generator=g),
    "weighted, no replacement": lambda D, T, g: D.WeightedRandomSampler(
        [0.9, 0.4, 0.05, 0.2, 0.3, 0.1], 5, replacement=False, generator=g
    ),
    "weighted, tensor": lambda D, T, g: D.WeightedRandomSampler(T.tensor([1.0, 2.0, 3.0]), 6),
}


@pytest.mark.parametrize("name", SAMPLERS)
@pytest.mark.parametrize("own_generator", [False, True])
def test_sampler_epochs_match_torch(name, own_generator):
    def run(T):
        g = T.Generator().manual_seed(11) if own_generator else None
        sampler = SAMPLERS[name](T.utils.data, T, g)
        return [list(sampler) for _ in range(3)], len(sampler), T.rand(2)

    same(run)


@pytest.mark.parametrize("name", ["random", "replacement, 70", "subset", "weighted"])
@pytest.mark.parametrize("drop_last", [False, True])
def test_a_loader_over_a_sampler_or_batch_sampler_matches_torch(name, drop_last):
    def run(T):
        D = T.utils.data
        data = T.arange(10) * 3
        by_sampler = D.DataLoader(data, 3, sampler=SAMPLERS[name](D, T, None), drop_last=drop_last)
        batches = D.BatchSampler(SAMPLERS[name](D, T, None), 4, drop_last)
        by_batches = D.DataLoader(data, batch_sampler=batches)
        return epochs(by_sampler, 2), epochs(by_batches, 2), list(batches)

    same(run)


@pytest.mark.parametrize("drop_last", [False, True])
def test_batch_sampler_groups_any_iterable(drop_last):
    same(lambda T: list(T.utils.data.BatchSampler(range(10), 3, drop_last)))


def test_sampler_without_len_has_no_len():
    class Endless(cybenko.utils.data.Sampler):
        def __iter__(self):
            yield 0

    with pytest.raises(TypeError):
        len(Endless())


# --- random_split ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "n, lengths",
    [(10, [3, 7]), (10, [0.3, 0.7]), (11, [0.3, 0.3, 0.4]), (30, [0.3, 0.3, 0.4]),
     (7, [0.5, 0.5]), (5, [1.0]), (100, [0.8, 0.1, 0.1]), (4, [4, 0])],
)  # fmt: skip
@pytest.mark.parametrize("own_generator", [False, True])
def test_random_split_matches_torch(n, lengths, own_generator):
    def run(T):
        g = T.Generator().manual_seed(42) if own_generator else T.default_generator
        parts = T.utils.data.random_split(course(T, n), lengths, generator=g)
        return [list(p.indices) for p in parts], [len(p) for p in parts], T.rand(2)

    same(run)


def test_random_split_warns_about_an_empty_part():
    with pytest.warns(UserWarning, match="Length of split at index 1 is 0"):
        cybenko.utils.data.random_split(range(2), [0.9, 0.1])


def test_random_split_parts_index_the_dataset():
    def run(T):
        train, test = T.utils.data.random_split(course(T), [0.7, 0.3])
        return [train[i] for i in range(len(train))], test[-1]

    same(run)


# --- datasets -------------------------------------------------------------------------------


def test_tensor_dataset_holds_and_prints_its_tensors():
    def run(T):
        ds = course(T, 4)
        return repr(ds.tensors), ds.tensors, len(ds), ds[2], ds[-1], ds[[0, 3]], ds[1:3]

    same(run)


def test_concat_dataset_indexes_across_parts_and_from_the_end():
    def run(T):
        D = T.utils.data
        both = course(T, 3) + course(T, 4)
        joined = D.ConcatDataset([range(3), D.Subset(range(10), [7, 8]), course(T, 2)])
        return (
            type(both).__name__, both.cumulative_sizes, [both[i] for i in range(-7, 7)],
            joined.cumulative_sizes, len(joined), [joined[i] for i in range(7)], joined[-1],
        )  # fmt: skip

    same(run)


def test_subset_stack_and_chain_datasets():
    def run(T):
        D = T.utils.data
        sub = D.Subset(course(T), [4, 0, 9])
        stacked = D.StackDataset(course(T, 3), range(3))
        named = D.StackDataset(a=course(T, 3), b=range(10, 13))
        chained = D.ChainDataset([make_stream(T, 2), make_stream(T, 3)])
        return (
            len(sub), sub[1], sub[[0, 2]], sub.__getitems__([2, 1]), stacked[1], named[2],
            named.__getitems__([0, 1]), stacked.__getitems__([2]), list(chained), len(chained),
            list(D.DataLoader(D.ConcatDataset([sub, course(T, 2)]), batch_size=4)),
        )  # fmt: skip

    same(run)


def test_dataset_base_class_asks_for_getitem():
    with pytest.raises(NotImplementedError, match="should implement __getitem__"):
        cybenko.utils.data.Dataset()[0]


# --- iterable datasets ----------------------------------------------------------------------


def make_stream(T, stop: int, with_len: bool = True):
    """An IterableDataset of the ints below `stop`; each worker (if any) takes every
    num_workers-th one, so workers split the stream instead of repeating it."""

    class Stream(T.utils.data.IterableDataset):
        def __iter__(self):
            info = T.utils.data.get_worker_info()
            start, step = (info.id, info.num_workers) if info else (0, 1)
            return iter(range(start, stop, step))

    if with_len:
        Stream.__len__ = lambda self: stop
    return Stream()


@pytest.mark.parametrize("batch_size", [None, 1, 3, 5])
@pytest.mark.parametrize("drop_last", [False, True])
def test_iterable_dataset_batches_match_torch(batch_size, drop_last):
    if batch_size is None and drop_last:
        return
    same(
        lambda T: epochs(
            T.utils.data.DataLoader(make_stream(T, 10), batch_size, drop_last=drop_last)
        )
    )


def test_iterable_dataset_longer_than_reported_warns():
    loader = cybenko.utils.data.DataLoader(make_stream(cybenko, 3), batch_size=None)
    loader.dataset.__class__.__len__ = lambda self: 2
    assert len(loader) == 2
    with pytest.warns(UserWarning, match="was reported to be 2"):
        list(loader)


# --- collate --------------------------------------------------------------------------------

BATCHES = {
    "tensors": lambda T: [T.tensor([1.0, 2.0]), T.tensor([3.0, 4.0])],
    "scalar tensors": lambda T: [T.tensor(1), T.tensor(2)],
    "float64 tensors": lambda T: [T.zeros(2, 2, dtype=T.float64)] * 3,
    "floats": lambda T: [0.1, 2.5, -1.0],
    "ints": lambda T: [1, 2, 2**40],
    "bools": lambda T: [True, False],
    "ints then floats": lambda T: [1, 2.5],
    "strings": lambda T: ["a", "bc"],
    "bytes": lambda T: [b"a", b"b"],
    "numpy float32": lambda T: [np.ones(3, np.float32), np.zeros(3, np.float32)],
    "numpy int64 2-d": lambda T: [np.ones((2, 2), np.int64)] * 2,
    "numpy float64": lambda T: [np.array([0.1]), np.array([0.2])],
    "numpy bool": lambda T: [np.array([True]), np.array([False])],
    "numpy scalars float32": lambda T: [np.float32(1.5), np.float32(2)],
    "numpy scalars float64": lambda T: [np.float64(0.1), np.float64(2)],
    "numpy scalars int32": lambda T: [np.int32(1), np.int32(2)],
    "numpy scalars int32 and float32": lambda T: [np.int32(1), np.float32(2)],
    "numpy scalars uint8": lambda T: [np.uint8(1), np.uint8(200)],
    "numpy scalars bool": lambda T: [np.bool_(True), np.bool_(False)],
    "tuples": lambda T: [(T.tensor([1]), 2, "a"), (T.tensor([3]), 4, "b")],
    "lists": lambda T: [[1, 2.0], [3, 4.0]],
    "dicts": lambda T: [{"x": T.ones(2), "y": 1}, {"x": T.zeros(2), "y": 2}],
    "namedtuples": lambda T: [Point(1, 2.0), Point(3, 4.0)],
    "nested": lambda T: [
        {"p": Point(T.ones(1), [1, "s"]), "q": (np.float32(1),)},
        {"p": Point(T.zeros(1), [2, "t"]), "q": (np.float32(2),)},
    ],
    "samples of a TensorDataset": lambda T: [course(T)[i] for i in (3, 1)],
}


@pytest.mark.parametrize("name", BATCHES)
def test_default_collate_matches_torch(name):
    same(lambda T: T.utils.data.default_collate(BATCHES[name](T)))


@pytest.mark.parametrize("name", BATCHES)
def test_default_convert_matches_torch(name):
    same(lambda T: T.utils.data.default_convert(BATCHES[name](T)))


def test_collate_keeps_the_graph_of_tensors_that_require_grad():
    def run(T):
        w = T.ones(2, requires_grad=True)
        batch = T.utils.data.default_collate([w * 2, w * 3])
        batch.sum().backward()
        return batch, w.grad, batch.grad_fn.name()

    same(run)


def test_a_loader_over_tensor_datasets_and_their_subsets_matches_torch():
    def run(T):
        D = T.utils.data
        train, test = D.random_split(course(T, 30), [0.8, 0.2])
        loaders = [D.DataLoader(d, batch_size=4, shuffle=True) for d in (course(T), train, test)]
        return [epochs(loader, 2) for loader in loaders]

    same(run)


def test_a_custom_collate_fn_receives_the_list_of_samples():
    same(lambda T: list(T.utils.data.DataLoader(range(5), 2, collate_fn=lambda b: b)))


# --- workers (torch: processes; cybenko: emulated in this process) --------------------------


def augmented(T):
    """A dataset whose samples draw from torch's, Python's and NumPy's random states, and
    record the worker that made them."""

    class Augmented(T.utils.data.Dataset):
        def __len__(self):
            return 9

        def __getitem__(self, i):
            info = T.utils.data.get_worker_info()
            noise = (T.rand(2), random.random(), float(np.random.rand()))
            return i, noise, info.id if info else -1

    return Augmented()


@pytest.fixture
def quiet_workers():
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "This DataLoader will create")
        yield


@pytest.mark.usefixtures("quiet_workers")
@pytest.mark.parametrize("persistent", [False, True])
def test_workers_give_torchs_batches_and_random_streams(persistent):
    def run(T):
        loader = T.utils.data.DataLoader(
            augmented(T), batch_size=2, shuffle=True, num_workers=2,
            persistent_workers=persistent, worker_init_fn=lambda i: T.rand(i + 1),
        )  # fmt: skip
        return epochs(loader, 2, between=lambda T: T.rand(1))

    same(run)


@pytest.mark.usefixtures("quiet_workers")
@pytest.mark.parametrize("split", [False, True])
def test_iterable_dataset_with_workers_matches_torch(split):
    def run(T):
        stream = make_stream(T, 7)
        if not split:  # every worker reads the whole stream, so torch repeats samples
            stream.__class__.__iter__ = lambda self: iter(range(7))
        return list(T.utils.data.DataLoader(stream, batch_size=2, num_workers=2))

    same(run)


# --- errors ---------------------------------------------------------------------------------

LOADER_ERRORS = {
    "shuffle with sampler": lambda T, ds: T.utils.data.DataLoader(
        ds, shuffle=True, sampler=T.utils.data.SequentialSampler(ds)
    ),
    "batch_sampler with batch_size": lambda T, ds: T.utils.data.DataLoader(
        ds, batch_size=2, batch_sampler=[[0, 1]]
    ),
    "batch_sampler with shuffle": lambda T, ds: T.utils.data.DataLoader(
        ds, shuffle=True, batch_sampler=[[0, 1]]
    ),
    "batch_sampler with drop_last": lambda T, ds: T.utils.data.DataLoader(
        ds, drop_last=True, batch_sampler=[[0, 1]]
    ),
    "batch_size None with drop_last": lambda T, ds: T.utils.data.DataLoader(
        ds, batch_size=None, drop_last=True
    ),
    "negative workers": lambda T, ds: T.utils.data.DataLoader(ds, num_workers=-1),
    "negative timeout": lambda T, ds: T.utils.data.DataLoader(ds, timeout=-1),
    "prefetch without workers": lambda T, ds: T.utils.data.DataLoader(ds, prefetch_factor=2),
    "negative prefetch": lambda T, ds: T.utils.data.DataLoader(
        ds, num_workers=1, prefetch_factor=-1
    ),
    "persistent without workers": lambda T, ds: T.utils.data.DataLoader(
        ds, persistent_workers=True
    ),
    "context without workers": lambda T, ds: T.utils.data.DataLoader(
        ds, multiprocessing_context="fork"
    ),
    "unknown context": lambda T, ds: T.utils.data.DataLoader(
        ds, num_workers=1, multiprocessing_context="teleport"
    ),
    "iterable with shuffle": lambda T, ds: T.utils.data.DataLoader(make_stream(T, 3), shuffle=True),
    "iterable with sampler": lambda T, ds: T.utils.data.DataLoader(make_stream(T, 3), sampler=[0]),
    "setting batch_size": lambda T, ds: setattr(T.utils.data.DataLoader(ds), "batch_size", 2),
    "timeout without workers": lambda T, ds: iter(T.utils.data.DataLoader(ds, timeout=1)),
    "shuffle of an empty dataset": lambda T, ds: T.utils.data.DataLoader([], shuffle=True),
    "zero batch size": lambda T, ds: T.utils.data.DataLoader(ds, batch_size=0),
    "bool batch size": lambda T, ds: T.utils.data.BatchSampler(ds, True, False),
    "non-bool drop_last": lambda T, ds: T.utils.data.BatchSampler(ds, 2, 1),
    "non-bool replacement": lambda T, ds: T.utils.data.RandomSampler(ds, replacement=1),
    "zero num_samples": lambda T, ds: T.utils.data.RandomSampler(ds, num_samples=0),
    "weighted 2-d": lambda T, ds: T.utils.data.WeightedRandomSampler([[1.0, 2.0]], 2),
    "weighted bool num_samples": lambda T, ds: T.utils.data.WeightedRandomSampler([1.0], True),
    "weighted non-bool replacement": lambda T, ds: T.utils.data.WeightedRandomSampler(
        [1.0], 1, replacement=0
    ),
    "weighted too many without replacement": lambda T, ds: list(
        T.utils.data.WeightedRandomSampler([1.0, 2.0], 3, replacement=False)
    ),
    "tensor size mismatch": lambda T, ds: T.utils.data.TensorDataset(T.zeros(3), T.zeros(4)),
    "empty concat": lambda T, ds: T.utils.data.ConcatDataset([]),
    "concat of a stream": lambda T, ds: T.utils.data.ConcatDataset([make_stream(T, 2)]),
    "concat index too negative": lambda T, ds: T.utils.data.ConcatDataset([ds])[-11],
    "chain of a map dataset": lambda T, ds: list(T.utils.data.ChainDataset([ds])),
    "stack size mismatch": lambda T, ds: T.utils.data.StackDataset(range(2), range(3)),
    "stack of nothing": lambda T, ds: T.utils.data.StackDataset(),
    "split lengths": lambda T, ds: T.utils.data.random_split(ds, [3, 3]),
    "split fraction": lambda T, ds: T.utils.data.random_split(ds, [1.5, -0.5]),
    "collate unequal lists": lambda T, ds: T.utils.data.default_collate([[1, 2], [3]]),
    "collate unequal tensors": lambda T, ds: T.utils.data.default_collate([T.zeros(2), T.zeros(3)]),
    "collate an object": lambda T, ds: T.utils.data.default_collate([object()]),
    "collate a string array": lambda T, ds: T.utils.data.default_collate([np.array(["a"])]),
    "index past the end": lambda T, ds: list(T.utils.data.DataLoader(ds, sampler=[10])),
    "collate a float after a tensor": lambda T, ds: T.utils.data.default_collate(
        [T.tensor(1.0), 2.0]
    ),
    "collate a number after tensors": lambda T, ds: T.utils.data.default_collate(
        [T.tensor(1.0), T.tensor(2.0), np.float64(3.0)]
    ),
}


@pytest.mark.parametrize("name", LOADER_ERRORS)
def test_errors_match_torch(name):
    same_error(lambda T: LOADER_ERRORS[name](T, course(T)))


def test_subset_subclass_must_override_getitems_with_getitem():
    class Doubled(cybenko.utils.data.Subset):
        def __getitem__(self, i):
            return 2 * super().__getitem__(i)

    with pytest.raises(NotImplementedError, match="overrides __getitem__ but not __getitems__"):
        Doubled(range(3), [0])


def test_pin_memory_warns_that_there_is_no_accelerator():
    loader = cybenko.utils.data.DataLoader(range(3), pin_memory=True)
    with pytest.warns(UserWarning, match="no accelerator is found"):
        iter(loader)


# generator=42 reaches torch's randperm, random_ or multinomial, whose argument parser refuses it
NOT_A_GENERATOR = {
    "random_split": lambda T, ds: T.utils.data.random_split(ds, [4, 6], generator=42),
    "shuffled loader": lambda T, ds: iter(T.utils.data.DataLoader(ds, shuffle=True, generator=3)),
    "sequential loader": lambda T, ds: iter(T.utils.data.DataLoader(ds, generator=3)),
    "random sampler": lambda T, ds: list(T.utils.data.RandomSampler(ds, generator=3)),
    "subset random sampler": lambda T, ds: list(
        T.utils.data.SubsetRandomSampler([1, 2], generator=3)
    ),
    "weighted sampler": lambda T, ds: list(
        T.utils.data.WeightedRandomSampler([1.0, 2.0], 2, generator=3)
    ),
}


@pytest.mark.parametrize("name", NOT_A_GENERATOR)
def test_a_generator_that_is_not_a_generator_is_refused_like_torch(name):
    check_error(lambda T: NOT_A_GENERATOR[name](T, course(T)), match="start")
