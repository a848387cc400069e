"""The tensor-level random API against torch 2.13, bit for bit: factories, in-place samplers,
generators and state. (tests/test_generator.py covers the engine's streams in depth.)"""

import os

import numpy as np
import pytest

import cybenko
from helpers import check, check_error
from oracle import torch

pytestmark = pytest.mark.oracle

SEEDS = [0, 43052, -7]


def same_stream(fn, seed):
    """fn(lib) after manual_seed(seed) in both libraries gives identical tensors."""
    ours = fn(cybenko, seed)
    theirs = fn(torch, seed)
    ours, theirs = (ours, theirs) if isinstance(ours, tuple) else ((ours,), (theirs,))
    for o, t in zip(ours, theirs, strict=True):
        assert str(o.dtype) == str(t.dtype)
        assert tuple(o.shape) == tuple(t.shape)
        assert np.array_equal(o.numpy(), t.numpy(), equal_nan=True)


def seeded(make):
    def fn(lib, seed):
        lib.manual_seed(seed)
        return make(lib)

    return fn


CASES = {
    "rand": lambda lib: lib.rand(3, 17),
    "rand_tuple_f64": lambda lib: lib.rand((5, 4), dtype=lib.float64),
    "randn": lambda lib: lib.randn(33),
    "randn_small": lambda lib: (lib.randn(1), lib.randn(2), lib.randn(1)),
    "randn_f64": lambda lib: lib.randn(2, 9, dtype=lib.float64),
    "randint_high": lambda lib: lib.randint(10, (7,)),
    "randint_low_high": lambda lib: lib.randint(-5, 5, (3, 3)),
    "randint_int32": lambda lib: lib.randint(0, 100, (6,), dtype=lib.int32),
    "randperm": lambda lib: lib.randperm(100),
    "normal_floats": lambda lib: lib.normal(2.0, 3.0, size=(4, 5)),
    "normal_tensors": lambda lib: lib.normal(lib.arange(6.0), lib.ones(6)),
    "bernoulli": lambda lib: lib.bernoulli(lib.full((20,), 0.3)),
    "bernoulli_p": lambda lib: lib.bernoulli(lib.zeros(20), 0.7),
    "multinomial": lambda lib: lib.multinomial(lib.tensor([0.1, 0.5, 0.4]), 2),
    "multinomial_replacement": lambda lib: lib.multinomial(lib.tensor([[1.0, 2.0, 3.0]]), 8, True),
    "rand_like": lambda lib: lib.rand_like(lib.zeros(2, 3, dtype=lib.float64)),
    "randn_like": lambda lib: lib.randn_like(lib.zeros(18)),
    "randint_like": lambda lib: lib.randint_like(lib.zeros(5), 3, 9),
    "uniform_": lambda lib: lib.empty(4, 5).uniform_(-2, 3),
    "normal_": lambda lib: lib.empty(21).normal_(1.0, 0.5),
    "random_": lambda lib: lib.empty(8, dtype=lib.int64).random_(0, 50),
    "random_to": lambda lib: lib.empty(8).random_(7),
    "bernoulli_": lambda lib: lib.empty(16).bernoulli_(0.25),
    "exponential_": lambda lib: lib.empty(9).exponential_(2.0),
    "geometric_": lambda lib: lib.empty(9).geometric_(0.3),
    "uniform_transposed": lambda lib: lib.empty(3, 4).t().uniform_(),
    "mixed_sequence": lambda lib: (
        lib.rand(3),
        lib.randn(17),
        lib.randperm(9),
        lib.randn(1),
        lib.randint(0, 4, (2,)),
        lib.rand(1),
    ),
}


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", CASES)
def test_same_numbers_as_torch(name, seed):
    same_stream(seeded(CASES[name]), seed)


def test_generator_argument_uses_its_own_stream():
    def fn(lib, seed):
        g = lib.Generator().manual_seed(seed)
        lib.manual_seed(99)
        a = lib.rand(5, generator=g)
        b = lib.randn(20, generator=g)
        c = lib.randperm(10, generator=g)
        d = lib.empty(3).uniform_(generator=g)
        return a, b, c, d, lib.rand(2)  # the default stream was untouched by g

    same_stream(fn, 5)


def test_get_and_set_rng_state_replay_the_stream():
    cybenko.manual_seed(1)
    state = cybenko.get_rng_state()
    first = cybenko.randn(40)
    cybenko.set_rng_state(state)
    assert np.array_equal(first.numpy(), cybenko.randn(40).numpy())
    assert state.dtype is cybenko.uint8


def test_fork_rng_leaves_the_default_stream_where_it_was():
    cybenko.manual_seed(2)
    with cybenko.random.fork_rng():
        cybenko.randn(100)
    after = cybenko.rand(3)
    cybenko.manual_seed(2)
    assert np.array_equal(after.numpy(), cybenko.rand(3).numpy())


def test_initial_seed_and_manual_seed_return():
    for lib in (cybenko, torch):
        g = lib.manual_seed(2**64 - 1)
        assert lib.initial_seed() == 2**64 - 1
        assert g.initial_seed() == 2**64 - 1


def test_course_values_of_a_1_to_1_linear_layer():
    """Seed 43052: weight then bias drawn from U(-1, 1), as Linear(1, 1) does by default."""
    cybenko.manual_seed(43052)
    w = cybenko.empty(1, 1).uniform_(-1, 1)
    b = cybenko.empty(1).uniform_(-1, 1)
    assert (round(w.item(), 4), round(b.item(), 4)) == (-0.3467, -0.8470)


@pytest.mark.parametrize(
    "fn",
    [
        lambda lib: lib.ones(3, requires_grad=True).normal_(),
        lambda lib: lib.ones(3, requires_grad=True).uniform_(),
        lambda lib: lib.randint(5, 5, (2,)),
        lambda lib: lib.empty(3).bernoulli_(1.5),
        lambda lib: lib.empty(3).exponential_(-1.0),
        lambda lib: lib.rand(3, dtype=lib.int64),
    ],
)
def test_errors_match_torch(fn):
    with pytest.raises(Exception) as theirs:
        fn(torch)
    with pytest.raises(type(theirs.value)) as ours:
        fn(cybenko)
    assert str(ours.value).split(":")[0] == str(theirs.value).split(":")[0]


def test_samplers_work_on_leaves_under_no_grad():
    w = cybenko.empty(2, 2, requires_grad=True)
    with cybenko.no_grad():
        w.uniform_(-1, 1)
    assert w.requires_grad and w.is_leaf


def _seeded(T, draw):
    T.manual_seed(0)
    return draw()


@pytest.mark.parametrize(
    "fn",
    [
        lambda T, m: _seeded(T, lambda: T.normal(m, 1.0)),
        lambda T, s: _seeded(T, lambda: T.normal(0.5, s)),
        lambda T, m, s: _seeded(T, lambda: T.normal(m, s)),
        lambda T, p: _seeded(T, lambda: T.bernoulli(p)),
        lambda T, p: _seeded(T, lambda: p.bernoulli()),
    ],
)
def test_draws_from_tensors_that_require_grad_join_the_graph_with_zero_gradient(fn):
    # torch's NormalBackward1/2/3 and BernoulliBackward0, whose gradients are zeros
    inputs = [np.full((2, 3), 0.5, dtype=np.float32)] * (fn.__code__.co_argcount - 1)
    check(fn, *inputs)


def _course_data(name: str):
    root = os.environ.get("CYBENKO_DATA") or os.path.join(
        os.path.dirname(__file__), "..", "..", "shared", "data"
    )
    path = os.path.join(root, "dnnex", name)
    if not os.path.exists(path):
        pytest.skip(f"{path} is absent (set CYBENKO_DATA to a copy of the course data)")
    return np.genfromtxt(path, delimiter=",", skip_header=1)


def test_dnnex2_regenerated_at_the_lecture_seed_matches_the_lecture_csv():
    """The lecture made dnnex2 as below under manual_seed(43052); the CSV is rounded."""
    csv = _course_data("2022-10-04-dnnex2.csv")
    cybenko.manual_seed(43052)
    x = cybenko.linspace(-1, 1, 2000).reshape(-1, 1)
    underlying = 2.5 + 4 * cybenko.exp(-x) + 5 * cybenko.cos(5 * x)
    y = underlying + cybenko.randn(2000).reshape(-1, 1) * 0.5
    assert np.abs(y.numpy().ravel() - csv[:, 2]).max() < 1e-5


# torch.manual_seed (not Generator.manual_seed) calls int(seed) first
@pytest.mark.parametrize("seed", [1.5, -1.5, np.float64(2.0), True, "7"], ids=repr)
def test_module_manual_seed_takes_what_int_takes(seed):
    same_stream(lambda lib, s: (lib.manual_seed(s), lib.rand(4))[1], seed)
    assert cybenko.initial_seed() == torch.initial_seed()


def test_module_manual_seed_takes_a_one_element_tensor():
    def fn(lib, seed):
        lib.manual_seed(lib.tensor(seed))
        return lib.rand(4)

    same_stream(fn, 5)


@pytest.mark.parametrize("seed", [None, "x", 2.0**64, float("nan")], ids=repr)
def test_module_manual_seed_refuses_what_int_refuses(seed):
    check_error(lambda T: T.manual_seed(seed), match=True)


# a generator= that is not a Generator: torch's argument parser names it or lists signatures
@pytest.mark.parametrize(
    "fn",
    [
        lambda T: T.rand(2, generator=3),
        lambda T: T.randn(2, 3, generator="a"),
        lambda T: T.randint(3, (2,), generator=3),
        lambda T: T.randperm(3, generator=3),
        lambda T: T.normal(0.0, 1.0, (2,), generator=3),
        lambda T: T.normal(T.zeros(2), 1.0, generator=3),
        lambda T: T.bernoulli(T.ones(3) / 2, generator=3),
        lambda T: T.multinomial(T.ones(3), 1, generator=3),
        lambda T: T.empty(3).uniform_(generator=3),
        lambda T: T.empty(3).normal_(generator=3),
        lambda T: T.empty(3).exponential_(generator=3),
        lambda T: T.empty(3).random_(5, generator=3),
        lambda T: T.empty(3).bernoulli_(0.5, generator=3),
        lambda T: T.rand_like(T.empty(3), generator=3),
        lambda T: T.randint_like(T.empty(3), 5, generator=3),
    ],
)
def test_a_generator_that_is_not_a_generator_is_refused(fn):
    check_error(fn, match="start")


@pytest.mark.parametrize(
    "fn",
    [
        lambda T: T.multinomial([0.1, 0.9], 1),
        lambda T: T.bernoulli(0.5),
        lambda T: T.bernoulli([0.5]),
        lambda T: T.rand_like([0.5]),
    ],
)
def test_samplers_take_only_tensors_as_input(fn):
    check_error(fn, match=True)


def test_like_samplers_draw_from_their_generator():
    def fn(lib, seed):
        g = lib.Generator().manual_seed(seed)
        x = lib.empty(3)
        return (
            lib.rand_like(x, generator=g),
            lib.randn_like(x, generator=g),
            lib.randint_like(x, 5, generator=g),
        )

    same_stream(fn, 3)


@pytest.mark.parametrize(
    "fn",
    [
        lambda T: T.randint(0, 2**63, (2,)),  # bounds are int64
        lambda T: T.randint(-(2**63) - 1, 0, (2,)),
        lambda T: T.normal(T.zeros(3), T.ones(2)),  # mean and std must broadcast
        lambda T: T.normal(T.zeros(2, 3), T.ones(3, 2)),
    ],
)
def test_randint_and_normal_refuse_like_torch(fn):
    check_error(fn, match=True)


@pytest.mark.parametrize(
    "fn",
    [
        lambda T: T.randint(high=10, size=(3,)),
        lambda T: T.randint(low=2, high=10, size=(3,)),
        lambda T: T.randint(2, high=10, size=(3,)),
    ],
)
def test_randint_takes_low_and_high_by_keyword(fn):
    same_stream(lambda lib, seed: (lib.manual_seed(seed), fn(lib))[1], 0)
