"""The random engine against torch 2.13's CPU generator, bit for bit.

Every case runs one sampler on a cybenko Generator and the same call on a torch.Generator with
the same seed, then demands identical arrays (dtype, shape, every bit) and identical generator
states afterwards (torch's 5056 state bytes, which pin down how many draws were consumed and the
cached normal). Torch picks its kernel flavour from the processor; the tests follow it.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
import textwrap
import warnings

import numpy as np
import pytest

from cybenko import _generator as G
from oracle import installed, torch

pytestmark = pytest.mark.oracle

FLOATS = (np.float32, np.float64)
SEEDS = (0, 5, 43052, 2**32 + 7, -123456789, 2**64 - 1)
SIZES = (1, 2, 7, 15, 16, 17, 33, 100, 1000, 10**5)


@pytest.fixture(autouse=True)
def torch_flavor():
    """Reproduce the kernels this torch process uses (AVX2 and AVX512 behave alike); without
    torch, cybenko's default (AVX2)."""
    if installed(torch):
        capability = torch.backends.cpu.get_cpu_capability()
        G.set_kernel_flavor("default" if capability == "DEFAULT" else "avx2")
    yield
    G.set_kernel_flavor("avx2")


def T(dtype):
    return getattr(torch, np.dtype(dtype).name)  # torch.float32, ..., torch.bool


def assert_same(ours, theirs):
    theirs = theirs.numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    assert ours.dtype == theirs.dtype, (ours.dtype, theirs.dtype)
    assert ours.shape == theirs.shape, (ours.shape, theirs.shape)
    if not np.array_equal(ours, theirs, equal_nan=ours.dtype.kind == "f"):
        bad = np.nonzero((ours != theirs).reshape(-1))[0]
        raise AssertionError(
            f"{bad.size} of {ours.size} differ, first at {bad[0]}: "
            f"{ours.reshape(-1)[bad[0]]!r} vs {theirs.reshape(-1)[bad[0]]!r}"
        )


def assert_same_state(g, tg):
    assert np.array_equal(g.get_state(), tg.get_state().numpy()), "generator states differ"


def pair(seed):
    return G.Generator().manual_seed(seed), torch.Generator().manual_seed(seed)


# Each case: (ours(g, n, dtype), theirs(tg, n, dtype)); n is the number of elements.
def _probs(n, dtype):
    return (np.arange(n) % 7 + 0.5).astype(dtype)


FLOAT_CASES = {
    "rand": (
        lambda g, n, d: G.rand(n, d, generator=g),
        lambda tg, n, d: torch.rand(n, dtype=T(d), generator=tg),
    ),
    "uniform_": (
        lambda g, n, d: G.uniform_(np.empty(n, d), -0.7, 2.3, generator=g),
        lambda tg, n, d: torch.empty(n, dtype=T(d)).uniform_(-0.7, 2.3, generator=tg),
    ),
    "randn": (
        lambda g, n, d: G.randn(n, d, generator=g),
        lambda tg, n, d: torch.randn(n, dtype=T(d), generator=tg),
    ),
    "normal_": (
        lambda g, n, d: G.normal_(np.empty(n, d), 1.5, 0.3, generator=g),
        lambda tg, n, d: torch.empty(n, dtype=T(d)).normal_(1.5, 0.3, generator=tg),
    ),
    "normal(tensor,tensor)": (
        lambda g, n, d: G.normal(np.linspace(-2, 2, n).astype(d), _probs(n, d), generator=g),
        lambda tg, n, d: torch.normal(
            torch.from_numpy(np.linspace(-2, 2, n).astype(d)),
            torch.from_numpy(_probs(n, d)),
            generator=tg,
        ),
    ),
    "normal(tensor,float)": (
        lambda g, n, d: G.normal(np.linspace(-2, 2, n).astype(d), 1.7, generator=g),
        lambda tg, n, d: torch.normal(
            torch.from_numpy(np.linspace(-2, 2, n).astype(d)), 1.7, generator=tg
        ),
    ),
    "normal(float,tensor)": (
        lambda g, n, d: G.normal(0.3, _probs(n, d), generator=g),
        lambda tg, n, d: torch.normal(0.3, torch.from_numpy(_probs(n, d)), generator=tg),
    ),
    "bernoulli": (
        lambda g, n, d: G.bernoulli(np.linspace(0, 1, n).astype(d), generator=g),
        lambda tg, n, d: torch.bernoulli(
            torch.from_numpy(np.linspace(0, 1, n).astype(d)), generator=tg
        ),
    ),
    "bernoulli_": (
        lambda g, n, d: G.bernoulli_(np.empty(n, d), 0.3, generator=g),
        lambda tg, n, d: torch.empty(n, dtype=T(d)).bernoulli_(0.3, generator=tg),
    ),
    "exponential_": (
        lambda g, n, d: G.exponential_(np.empty(n, d), 1.7, generator=g),
        lambda tg, n, d: torch.empty(n, dtype=T(d)).exponential_(1.7, generator=tg),
    ),
    "geometric_": (
        lambda g, n, d: G.geometric_(np.empty(n, d), 0.2, generator=g),
        lambda tg, n, d: torch.empty(n, dtype=T(d)).geometric_(0.2, generator=tg),
    ),
    "multinomial": (
        lambda g, n, d: G.multinomial(_probs(n, d), min(n, 5), generator=g),
        lambda tg, n, d: torch.multinomial(torch.from_numpy(_probs(n, d)), min(n, 5), generator=tg),
    ),
    "multinomial(replacement)": (
        lambda g, n, d: G.multinomial(_probs(n, d), n, True, generator=g),
        lambda tg, n, d: torch.multinomial(torch.from_numpy(_probs(n, d)), n, True, generator=tg),
    ),
    "randint": (
        lambda g, n, d: G.randint(-3, 1000, n, d, generator=g),
        lambda tg, n, d: torch.randint(-3, 1000, (n,), dtype=T(d), generator=tg),
    ),
    "random_": (
        lambda g, n, d: G.random_(np.empty(n, d), generator=g),
        lambda tg, n, d: torch.empty(n, dtype=T(d)).random_(generator=tg),
    ),
    "randperm": (
        lambda g, n, d: G.randperm(n, d, generator=g),
        lambda tg, n, d: torch.randperm(n, dtype=T(d), generator=tg),
    ),
}


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("dtype", FLOATS, ids=["float32", "float64"])
@pytest.mark.parametrize("case", FLOAT_CASES)
def test_float_sampler_matches_torch(case, dtype, seed, n):
    ours, theirs = FLOAT_CASES[case]
    g, tg = pair(seed)
    assert_same(ours(g, n, dtype), theirs(tg, n, dtype))
    assert_same_state(g, tg)
    assert_same(G.rand(3, generator=g), torch.rand(3, generator=tg))


INT_DTYPES = [np.int64, np.int32, np.int16, np.uint8, np.bool_, *FLOATS]
WIDE = (np.int64, np.int32, *FLOATS)  # dtypes that hold ranges of 2**28 and more


def int_bounds(case, dtype):
    """The (from, to) of each integer case for a dtype; "skip" where the dtype cannot hold it."""
    small = dtype in (np.uint8, np.bool_)
    return {
        "randint small range": (0, 2) if dtype == np.bool_ else (0 if small else -3, 100),
        "randint range 2**28-1": (5, 5 + 2**28 - 1) if dtype in WIDE else "skip",
        "randint range 2**28": (5, 5 + 2**28) if dtype in WIDE else "skip",
        "randint wide": (-(2**40), 2**50) if dtype in (np.int64, *FLOATS) else "skip",
        "random_()": None,
        "random_(from, None)": (1 if dtype == np.bool_ else 7, None),
    }[case]


INT_CASES = [
    pytest.param(case, dtype, id=f"{case}-{np.dtype(dtype).name}")
    for case in (
        "randint small range",
        "randint range 2**28-1",
        "randint range 2**28",
        "randint wide",
        "random_()",
        "random_(from, None)",
    )
    for dtype in INT_DTYPES
    if int_bounds(case, dtype) != "skip"
]


def _int_call(lib, gen, n, dtype, bounds):
    if lib is G:
        arr = np.empty(n, dtype)
        return G.random_(arr, generator=gen) if bounds is None else G.random_(arr, *bounds, gen)
    t = torch.empty(n, dtype=T(dtype))
    return t.random_(generator=gen) if bounds is None else t.random_(*bounds, generator=gen)


@pytest.mark.parametrize("n", SIZES)
@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("case, dtype", INT_CASES)
def test_integer_sampler_matches_torch(case, dtype, seed, n):
    bounds = int_bounds(case, dtype)
    g, tg = pair(seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch and cybenko warn alike about float ranges
        assert_same(_int_call(G, g, n, dtype, bounds), _int_call(torch, tg, n, dtype, bounds))
    assert_same_state(g, tg)


@pytest.mark.parametrize("dtype", [np.int64, np.float32, np.float64])
def test_random_full_int64_range(dtype):
    g, tg = pair(11)
    ours = G.random_(np.empty(1000, dtype), -(2**63), None, g)
    assert_same(ours, torch.empty(1000, dtype=T(dtype)).random_(-(2**63), None, generator=tg))


@pytest.mark.parametrize(
    "low, high",
    [
        (0, 2**31),
        (-(2**60), 2**60),
        (3, 2**24 + 7),
        (-(2**53) - 5, 17),
        (2**40 + 1, 2**40 + 2**19 + 3),
    ],
)
@pytest.mark.parametrize("dtype", FLOATS)
def test_float_randint_adjusts_bounds_like_torch(low, high, dtype):
    g, tg = pair(3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = G.randint(low, high, 500, dtype, generator=g)
        theirs = torch.randint(low, high, (500,), dtype=T(dtype), generator=tg)
    assert_same(ours, theirs)
    assert_same_state(g, tg)


@pytest.mark.parametrize(
    "n, dtype",
    [
        (n, dtype)
        for n in (0, 1, 2, 3, 256, 1000, 60000)
        for dtype in (np.int64, np.int32, np.int16, np.uint8, *FLOATS)
        if n <= {np.uint8: 256, np.int16: 32768}.get(dtype, n)
    ],
)
def test_randperm_matches_torch(n, dtype):
    g, tg = pair(n)
    assert_same(G.randperm(n, dtype, generator=g), torch.randperm(n, dtype=T(dtype), generator=tg))
    assert_same_state(g, tg)


def _inside_out_loop(draws, n):
    a = [0] * n
    for i in range(n):
        z = int(draws[i]) % (i + 1)
        a[i] = a[z]
        a[z] = i
    return a


def _forward_loop(offsets, n):
    a = list(range(n))
    for i in range(n - 1):
        j = i + int(offsets[i])
        a[i], a[j] = a[j], a[i]
    return a


@pytest.mark.parametrize("n", [2, 3, 5, 17, 100, 3000])
def test_vectorised_shuffles_equal_their_loops(n):
    """The loop-free forms of both torch shuffles (the inside-out one runs only for n beyond
    214748364, too big to compare with torch here) against the plain loops."""
    rng = np.random.default_rng(n)
    for _ in range(20):
        offsets = (rng.integers(0, 2**32, n - 1) % np.arange(n, 1, -1)).astype(np.uint64)
        assert G._fisher_yates(offsets, n).tolist() == _forward_loop(offsets, n)
        draws = rng.integers(0, 2**63, n).astype(np.uint64)
        assert G._inside_out(draws, n).tolist() == _inside_out_loop(draws, n)


@pytest.mark.parametrize("replacement", [False, True])
@pytest.mark.parametrize("dtype", FLOATS)
def test_multinomial_rows_and_zero_weights(replacement, dtype):
    probs = np.random.default_rng(0).random((4, 30)).astype(dtype)
    probs[:, ::3] = 0
    g, tg = pair(99)
    ours = G.multinomial(probs, 12, replacement, generator=g)
    theirs = torch.multinomial(torch.from_numpy(probs), 12, replacement, generator=tg)
    assert_same(ours, theirs)
    assert_same_state(g, tg)


@pytest.mark.parametrize("dtype", FLOATS)
def test_uniform_result_equal_to_upper_bound_becomes_lower(dtype):
    g, tg = pair(7)
    ours = G.uniform_(np.empty(20000, dtype), 1e6, 1e6 + 1, generator=g)
    theirs = torch.empty(20000, dtype=T(dtype)).uniform_(1e6, 1e6 + 1, generator=tg)
    assert_same(ours, theirs)
    assert (ours == 1e6).any() or dtype == np.float64


@pytest.mark.parametrize(
    "sampler", ["uniform_", "normal_", "random_", "bernoulli_", "exponential_"]
)
@pytest.mark.parametrize("shape", [(5, 4), (4, 2, 3)])
def test_non_contiguous_arrays_fill_in_memory_order(sampler, shape):
    g, tg = pair(21)
    ours = np.empty(shape, np.float32).T
    theirs = torch.empty(shape).permute(*reversed(range(len(shape))))
    args = {"uniform_": (-1, 1), "normal_": (0.5, 2.0), "random_": (0, 50)}.get(sampler, ())
    if sampler == "bernoulli_":
        args = (0.4,)
    getattr(G, sampler)(ours, *args, generator=g)
    getattr(theirs, sampler)(*args, generator=tg)
    assert_same(ours, theirs)
    assert_same_state(g, tg)


def test_bernoulli_of_a_transposed_p():
    p = np.linspace(0, 1, 24).reshape(4, 6).astype(np.float32).T
    g, tg = pair(8)
    assert_same(G.bernoulli(p, generator=g), torch.bernoulli(torch.from_numpy(p), generator=tg))


@pytest.mark.xfail(strict=True, reason="torch's topk orders tied zero weights its own way")
def test_multinomial_without_replacement_past_the_nonzero_weights():
    probs = np.array([0, 1, 0, 0, 1, 0, 0], np.float64)
    g, tg = pair(0)
    ours = G.multinomial(probs, 6, generator=g)
    assert_same(ours, torch.multinomial(torch.from_numpy(probs), 6, generator=tg))


@pytest.mark.parametrize("replacement", [False, True])
def test_multinomial_of_transposed_probs(replacement):
    probs = np.random.default_rng(1).random((30, 4)).T
    g, tg = pair(2)
    ours = G.multinomial(probs, 6, replacement, generator=g)
    theirs = torch.multinomial(torch.from_numpy(probs), 6, replacement, generator=tg)
    assert_same(ours, theirs)
    assert_same_state(g, tg)


def test_bernoulli_with_array_p_into_other_dtype():
    p = np.linspace(0, 1, 50).astype(np.float64)
    g, tg = pair(8)
    ours = G.bernoulli_(np.empty(50, np.int64), p, generator=g)
    assert_same(
        ours, torch.empty(50, dtype=torch.int64).bernoulli_(torch.from_numpy(p), generator=tg)
    )


def test_normal_broadcasts_mean_and_std():
    mean = np.linspace(-1, 1, 6).astype(np.float32).reshape(1, 6)
    std = np.linspace(0.5, 2, 4).astype(np.float32).reshape(4, 1)
    g, tg = pair(4)
    theirs = torch.normal(torch.from_numpy(mean), torch.from_numpy(std), generator=tg)
    assert_same(G.normal(mean, std, generator=g), theirs)


def test_normal_with_two_floats_needs_a_size():
    g, tg = pair(4)
    ours = G.normal(2.0, 3.0, size=(3, 7), generator=g)
    assert_same(ours, torch.normal(2.0, 3.0, size=(3, 7), generator=tg))


# -- mixed sequences ---------------------------------------------------------------------------


def _mixed_steps(seed):
    """A long reproducible sequence of (case, n, dtype), mixing sizes around 16 so that the
    cached normal and the 16-element recompute both come into play."""
    rng = np.random.default_rng(seed % 2**32)
    names = list(FLOAT_CASES)
    sizes = [1, 1, 2, 3, 7, 15, 16, 17, 31, 33, 100]
    return [
        (names[rng.integers(len(names))], sizes[rng.integers(len(sizes))], FLOATS[rng.integers(2)])
        for _ in range(120)
    ]


@pytest.mark.parametrize("seed", SEEDS)
def test_long_mixed_sequence_then_one_more_draw(seed):
    g, tg = pair(seed)
    for name, n, dtype in _mixed_steps(seed):
        ours, theirs = FLOAT_CASES[name]
        assert_same(ours(g, n, dtype), theirs(tg, n, dtype))
    assert_same_state(g, tg)
    assert_same(G.randn(5, generator=g), torch.randn(5, generator=tg))
    assert_same(G.rand(5, generator=g), torch.rand(5, generator=tg))


def test_default_generator_follows_the_global_seed():
    torch.manual_seed(43052)
    G.default_generator.manual_seed(43052)
    for _ in range(3):
        assert_same(G.randn(9), torch.randn(9))
        assert_same(G.rand(20), torch.rand(20))
        assert_same(G.randint(0, 10, 4), torch.randint(0, 10, (4,)))
    assert G.draw_seed() == torch.empty((), dtype=torch.int64).random_().item()
    assert np.array_equal(G.default_generator.get_state(), torch.get_rng_state().numpy())


# -- the generator object ----------------------------------------------------------------------


def test_fresh_generator_uses_torchs_default_seed():
    g, tg = G.Generator(), torch.Generator()
    assert g.initial_seed() == tg.initial_seed() == 67280421310721
    assert g.device == "cpu"
    assert_same(G.randn(40, generator=g), torch.randn(40, generator=tg))


@pytest.mark.parametrize("seed", [0, 1, -1, -(2**63), 2**63, 2**64 - 1, 2**32 + 7])
def test_initial_seed_is_the_unsigned_64_bit_seed(seed):
    g, tg = pair(seed)
    assert g.manual_seed(seed) is g
    assert g.initial_seed() == tg.initial_seed() == seed % 2**64
    assert_same_state(g, tg)


@pytest.mark.parametrize("seed", [2**64, -(2**63) - 1, 1.5, "3", True, np.float64(2.0)])
def test_bad_seeds_are_refused_like_torch(seed):
    with pytest.raises(Exception) as theirs:
        torch.Generator().manual_seed(seed)
    with pytest.raises(theirs.type, match=str(theirs.value)):
        G.Generator().manual_seed(seed)


def test_seed_draws_a_fresh_seed_and_restarts_the_stream():
    g = G.Generator()
    G.randn(1, generator=g)  # leaves a cached normal, which seeding must drop
    seed = g.seed()
    assert g.initial_seed() == seed and 0 <= seed < 2**64
    tg = torch.Generator().manual_seed(seed)
    assert_same(G.randn(3, generator=g), torch.randn(3, generator=tg))


def test_state_round_trip_keeps_position_and_cached_normal():
    g = G.Generator().manual_seed(5)
    G.rand(700, generator=g)
    G.randn(3, generator=g)  # odd count: one normal stays cached
    state = g.get_state()
    first = [G.randn(1, generator=g), G.rand(5, generator=g), G.randn(17, generator=g)]
    g.manual_seed(99)
    assert g.set_state(state) is g
    again = [G.randn(1, generator=g), G.rand(5, generator=g), G.randn(17, generator=g)]
    for a, b in zip(first, again, strict=True):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("draws", [0, 1, 623, 624, 625, 1248])
def test_state_bytes_equal_torchs_and_load_into_each_other(draws):
    g, tg = pair(77)
    G.rand(draws, generator=g)
    torch.rand(draws, generator=tg)
    G.randn(1, generator=g)
    torch.randn(1, generator=tg)
    assert_same_state(g, tg)
    other = G.Generator().set_state(tg.get_state().numpy())
    assert_same(G.randn(21, generator=other), torch.randn(21, generator=tg))
    tg2 = torch.Generator()
    tg2.set_state(torch.from_numpy(np.asarray(g.get_state())))
    assert_same(G.randn(21, generator=g), torch.randn(21, generator=tg2))


def test_set_state_refuses_bad_states():
    with pytest.raises(RuntimeError, match="size 5056"):
        G.Generator().set_state(np.zeros(10, np.uint8))
    with pytest.raises(TypeError, match="ByteTensor"):
        G.Generator().set_state(np.zeros(5056, np.float32))


# -- errors ------------------------------------------------------------------------------------

ERROR_CASES = {
    "randint empty range": (
        lambda: G.randint(5, 5, 3),
        lambda: torch.randint(5, 5, (3,)),
    ),
    "randint out of uint8": (
        lambda: G.randint(0, 300, 3, np.uint8),
        lambda: torch.randint(0, 300, (3,), dtype=torch.uint8),
    ),
    "randint negative uint8": (
        lambda: G.randint(-1, 3, 3, np.uint8),
        lambda: torch.randint(-1, 3, (3,), dtype=torch.uint8),
    ),
    "uniform reversed": (
        lambda: G.uniform_(np.empty(3, np.float32), 1, 0),
        lambda: torch.empty(3).uniform_(1, 0),
    ),
    "uniform too wide": (
        lambda: G.uniform_(np.empty(3, np.float32), -3e38, 3e38),
        lambda: torch.empty(3).uniform_(-3e38, 3e38),
    ),
    "uniform int": (
        lambda: G.uniform_(np.empty(3, np.int64)),
        lambda: torch.empty(3, dtype=torch.int64).uniform_(),
    ),
    "rand int": (lambda: G.rand(3, np.int64), lambda: torch.rand(3, dtype=torch.int64)),
    "randn int": (lambda: G.randn(3, np.int64), lambda: torch.randn(3, dtype=torch.int64)),
    "normal negative std": (
        lambda: G.normal_(np.empty(3, np.float32), 0, -1),
        lambda: torch.empty(3).normal_(0, -1),
    ),
    "normal tensor negative std": (
        lambda: G.normal(np.zeros(3, np.float32), np.array([1, -1, 1], np.float32)),
        lambda: torch.normal(torch.zeros(3), torch.tensor([1.0, -1.0, 1.0])),
    ),
    "normal float negative std": (
        lambda: G.normal(np.zeros(3, np.float32), -1.0),
        lambda: torch.normal(torch.zeros(3), -1.0),
    ),
    "bernoulli p above 1": (
        lambda: G.bernoulli(np.array([0.5, 1.5], np.float32)),
        lambda: torch.bernoulli(torch.tensor([0.5, 1.5])),
    ),
    "bernoulli_ p above 1": (
        lambda: G.bernoulli_(np.empty(3, np.float32), 1.5),
        lambda: torch.empty(3).bernoulli_(1.5),
    ),
    "bernoulli int p": (
        lambda: G.bernoulli(np.array([0, 1])),
        lambda: torch.bernoulli(torch.tensor([0, 1])),
    ),
    "multinomial no samples": (
        lambda: G.multinomial(np.ones(3, np.float32), 0),
        lambda: torch.multinomial(torch.ones(3), 0),
    ),
    "multinomial too many": (
        lambda: G.multinomial(np.ones(3, np.float32), 4),
        lambda: torch.multinomial(torch.ones(3), 4),
    ),
    "multinomial negative": (
        lambda: G.multinomial(np.array([1, -1], np.float32), 1),
        lambda: torch.multinomial(torch.tensor([1.0, -1.0]), 1),
    ),
    "multinomial negative with replacement": (
        lambda: G.multinomial(np.array([1, -1], np.float32), 2, True),
        lambda: torch.multinomial(torch.tensor([1.0, -1.0]), 2, True),
    ),
    "multinomial nan with replacement": (
        lambda: G.multinomial(np.array([1, np.nan], np.float32), 2, True),
        lambda: torch.multinomial(torch.tensor([1.0, float("nan")]), 2, True),
    ),
    "multinomial inf with replacement": (
        lambda: G.multinomial(np.array([1, np.inf], np.float32), 2, True),
        lambda: torch.multinomial(torch.tensor([1.0, float("inf")]), 2, True),
    ),
    "multinomial zero sum": (
        lambda: G.multinomial(np.zeros(3, np.float32), 1),
        lambda: torch.multinomial(torch.zeros(3), 1),
    ),
    "multinomial zero sum with replacement": (
        lambda: G.multinomial(np.zeros(3, np.float32), 2, True),
        lambda: torch.multinomial(torch.zeros(3), 2, True),
    ),
    "multinomial 3-d": (
        lambda: G.multinomial(np.ones((2, 2, 2), np.float32), 1),
        lambda: torch.multinomial(torch.ones(2, 2, 2), 1),
    ),
    "multinomial int": (
        lambda: G.multinomial(np.ones(3, np.int64), 1),
        lambda: torch.multinomial(torch.ones(3, dtype=torch.int64), 1),
    ),
    "exponential lambda 0": (
        lambda: G.exponential_(np.empty(3, np.float32), 0.0),
        lambda: torch.empty(3).exponential_(0.0),
    ),
    "exponential lambda nan": (
        lambda: G.exponential_(np.empty(3, np.float32), math.nan),
        lambda: torch.empty(3).exponential_(math.nan),
    ),
    "exponential int": (
        lambda: G.exponential_(np.empty(3, np.int64)),
        lambda: torch.empty(3, dtype=torch.int64).exponential_(),
    ),
    "geometric p 1": (
        lambda: G.geometric_(np.empty(3, np.float32), 1.0),
        lambda: torch.empty(3).geometric_(1.0),
    ),
    "geometric bool": (
        lambda: G.geometric_(np.empty(3, np.bool_), 0.5),
        lambda: torch.empty(3, dtype=torch.bool).geometric_(0.5),
    ),
    "float randint bounds collapse": (
        lambda: G.randint(2**40 + 1, 2**40 + 9, 3, np.float32),
        lambda: torch.randint(2**40 + 1, 2**40 + 9, (3,), dtype=torch.float32),
    ),
    "randperm negative": (lambda: G.randperm(-1), lambda: torch.randperm(-1)),
    "randperm uint8 overflow": (
        lambda: G.randperm(257, np.uint8),
        lambda: torch.randperm(257, dtype=torch.uint8),
    ),
    "randperm float32 overflow": (
        lambda: G.randperm(2**24 + 2, np.float32),
        lambda: torch.randperm(2**24 + 2, dtype=torch.float32),
    ),
    "randperm int16 overflow": (
        lambda: G.randperm(32769, np.int16),
        lambda: torch.randperm(32769, dtype=torch.int16),
    ),
    "randperm bool": (
        lambda: G.randperm(3, np.bool_),
        lambda: torch.randperm(3, dtype=torch.bool),
    ),
}


@pytest.mark.parametrize("case", ERROR_CASES)
def test_errors_match_torch(case):
    ours, theirs = ERROR_CASES[case]
    with pytest.raises(Exception) as expected:
        theirs()
    message = str(expected.value).split("\n")[0]
    with pytest.raises(expected.type) as got:
        ours()
    assert message.startswith(str(got.value)), (str(got.value), message)


def test_float_ranges_beyond_the_mantissa_warn_like_torch():
    with pytest.warns(UserWarning, match=r"to - 1 is out of bounds \[-\(2\^24\), 2\^24\]"):
        G.randint(0, 2**25, 3, np.float32)


# -- the course's numbers ----------------------------------------------------------------------


def _linear_init(g, fan_in, out_features):
    """nn.Linear's reset_parameters: kaiming_uniform_(a=sqrt(5)) for the weight, then the bias."""
    gain = math.sqrt(2.0 / (1 + math.sqrt(5) ** 2))
    bound = math.sqrt(3.0) * (gain / math.sqrt(fan_in))
    w = G.uniform_(np.empty((out_features, fan_in), np.float32), -bound, bound, generator=g)
    b = G.uniform_(np.empty(out_features, np.float32), -1 / fan_in**0.5, 1 / fan_in**0.5, g)
    return w, b


def test_course_linear_values():
    g = G.Generator().manual_seed(43052)
    w, b = _linear_init(g, 1, 1)
    assert (round(float(w[0, 0]), 4), round(float(b[0]), 4)) == (-0.3467, -0.8470)
    w, b = _linear_init(g, 1, 1)
    assert (round(float(w[0, 0]), 4), round(float(b[0]), 4)) == (0.3604, 0.9336)
    g.manual_seed(43052)
    _linear_init(g, 1, 1)
    G.rand(2, generator=g)
    w, b = _linear_init(g, 1, 1)
    assert (round(float(w[0, 0]), 4), round(float(b[0]), 4)) == (0.4074, -0.8885)


@pytest.mark.parametrize("fan_in, out_features", [(1, 1), (1, 204800), (784, 128), (3, 5)])
def test_linear_init_equals_torch_linear(fan_in, out_features):
    torch.manual_seed(43052)
    layer = torch.nn.Linear(fan_in, out_features)
    w, b = _linear_init(G.Generator().manual_seed(43052), fan_in, out_features)
    assert_same(w, layer.weight.detach())
    assert_same(b, layer.bias.detach())


# -- the "default" kernel flavour, against a torch started with ATEN_CPU_CAPABILITY=default --

_DEFAULT_SCRIPT = textwrap.dedent(
    """
    import sys, numpy as np, torch
    assert torch.backends.cpu.get_cpu_capability() == "DEFAULT"
    g = torch.Generator().manual_seed(43052)
    out = {}
    bound = 0.5773502691896258
    out["uniform32"] = torch.empty(3000).uniform_(-bound, bound, generator=g)
    out["uniform64"] = torch.empty(3000, dtype=torch.float64).uniform_(2.5, 3.7, generator=g)
    out["randn32"] = torch.randn(2007, generator=g)
    out["normal32"] = torch.empty(999).normal_(0.3, 1.7, generator=g)
    out["normal64"] = torch.empty(999, dtype=torch.float64).normal_(0.3, 1.7, generator=g)
    out["small64"] = torch.empty(15, dtype=torch.float64).normal_(0.3, 1.7, generator=g)
    out["small32"] = torch.empty(5).normal_(-2.0, 0.1, generator=g)
    out["rand"] = torch.rand(100, generator=g)
    np.savez(sys.argv[1], **{k: v.numpy() for k, v in out.items()})
    """
)


def _default_flavour_calls(g):
    return {
        "uniform32": G.uniform_(
            np.empty(3000, np.float32), -0.5773502691896258, 0.5773502691896258, g
        ),
        "uniform64": G.uniform_(np.empty(3000, np.float64), 2.5, 3.7, g),
        "randn32": G.randn(2007, generator=g),
        "normal32": G.normal_(np.empty(999, np.float32), 0.3, 1.7, g),
        "normal64": G.normal_(np.empty(999, np.float64), 0.3, 1.7, g),
        "small64": G.normal_(np.empty(15, np.float64), 0.3, 1.7, g),
        "small32": G.normal_(np.empty(5, np.float32), -2.0, 0.1, g),
        "rand": G.rand(100, generator=g),
    }


def test_default_flavour_matches_torch_default_kernels(tmp_path):
    pytest.importorskip("torch")  # the script runs torch
    path = tmp_path / "default.npz"
    env = dict(os.environ, ATEN_CPU_CAPABILITY="default")
    subprocess.run([sys.executable, "-c", _DEFAULT_SCRIPT, str(path)], env=env, check=True)
    theirs = np.load(path)
    G.set_kernel_flavor("default")
    ours = _default_flavour_calls(G.Generator().manual_seed(43052))
    for name, values in ours.items():
        assert_same(values, theirs[name])
    G.set_kernel_flavor("avx2")  # and the flavour matters: AVX2 arithmetic gives other bits
    avx2 = _default_flavour_calls(G.Generator().manual_seed(43052))
    assert not np.array_equal(avx2["uniform32"], theirs["uniform32"])
    assert not np.array_equal(avx2["randn32"], theirs["randn32"])


def test_kernel_flavor_setting():
    assert G.get_kernel_flavor() in ("avx2", "default")
    G.set_kernel_flavor("default")
    assert G.get_kernel_flavor() == "default"
    with pytest.raises(ValueError):
        G.set_kernel_flavor("avx512")
