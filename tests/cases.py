"""The vocabulary of parity cases: one line per behaviour, run on torch and cybenko.

    draw = Draws(seed=7)          # each test module its own stream, so adding one moves no other
    CASES = [
        case("exp", lambda T, x: T.exp(x), draw.rand(2, 3)),
        case("exp_f64", lambda T, x: x.exp(), draw.rand(4, dtype=F64)),
    ]

    @run(CASES)
    def test_exp(fn, inputs, options):
        check(fn, *inputs, **options)
"""

import numpy as np
import pytest

F64 = np.float64
nan, inf = float("nan"), float("inf")


class Draws:
    """Random NumPy inputs in an op's domain, from one seeded stream."""

    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)

    def rand(self, *shape, lo=-2.0, hi=2.0, dtype=np.float32):
        return np.asarray(self.rng.uniform(lo, hi, shape), dtype=dtype)

    def pos(self, *shape, dtype=np.float32):
        return self.rand(*shape, lo=0.2, hi=3.0, dtype=dtype)

    def ints(self, *shape, lo=-5, hi=6, dtype=np.int64):
        return np.asarray(self.rng.integers(lo, hi, shape), dtype=dtype)

    def bools(self, *shape):
        return np.asarray(self.rng.random(shape) < 0.5)


def f32(*values):
    return np.array(values, np.float32)


def f64(*values):
    return np.array(values, np.float64)


def i64(*values):
    return np.array(values, np.int64)


def case(name, fn, *inputs, skip=None, **options):
    """One behaviour: `fn(T, *tensors)` with `options` for helpers.check (atol, grad, ...)."""
    marks = [pytest.mark.skip(reason=skip)] if skip else []
    return pytest.param(fn, inputs, options, id=name, marks=marks)


def run(cases):
    """Parametrize a test that checks each case."""
    return pytest.mark.parametrize("fn, inputs, options", cases)
