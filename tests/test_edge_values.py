"""Edge values (zeros of either sign, inf, NaN) through ops whose formulas treat them apart:
the values and gradients torch gives, NaN where NaN, zeros with torch's sign."""

import numpy as np
import pytest

import cybenko
from oracle import torch

pytestmark = pytest.mark.oracle


def same(got, want):
    """Equal (NaN where NaN), and zeros of the same sign."""
    np.testing.assert_array_equal(got, want)
    numbers = ~np.isnan(want)
    np.testing.assert_array_equal(np.signbit(got[numbers]), np.signbit(want[numbers]))


def grads(fn, data, upstream=None):
    """x.grad after fn(x).backward(upstream) in torch and in cybenko."""
    found = []
    for T in (torch, cybenko):
        x = T.tensor(data, requires_grad=True)
        y = fn(T, x)
        y.backward(T.ones_like(y) if upstream is None else T.tensor(upstream))
        found.append(x.grad.numpy())
    return found


def edgy(rng, shape):
    """Small integers (so zeros are common), some inf, NaN and -0."""
    a = rng.integers(-2, 3, shape).astype(np.float64)
    for value, share in ((np.inf, 0.1), (np.nan, 0.05), (-0.0, 0.05)):
        a[rng.random(shape) < share] = value
    return a


@pytest.mark.parametrize(
    ("op", "dim"), [("prod", None), ("prod", 0), ("prod", 1), ("cumprod", 0), ("cumprod", 1)]
)
def test_products_through_zeros_inf_and_nan_pass_torchs_gradient(op, dim):
    """torch counts a term that has a zero among its factors as 0, even where an inf or NaN
    beside the zero makes the product NaN; a slice of one passes its gradient."""
    rng = np.random.default_rng(5)
    for _ in range(60):
        a = edgy(rng, (3, int(rng.integers(1, 6))))
        if op == "prod":
            upstream = None if dim is None else rng.standard_normal(a.shape[1 - dim])
            want, got = grads(lambda T, x: x.prod() if dim is None else x.prod(dim), a, upstream)
        else:
            upstream = rng.standard_normal(a.shape)
            want, got = grads(lambda T, x: x.cumprod(dim), a, upstream)
        np.testing.assert_allclose(got, want, rtol=1e-12, equal_nan=True)


@pytest.mark.parametrize("p", [1, float("inf")])
def test_a_norm_sends_no_nan_to_a_nan_entry_as_torch(p):
    """torch's sign of NaN is 0: the entry gets 0 (with the upstream gradient's sign)."""
    data = np.array([0.0, -0.0, 1.0, -3.0, np.inf, np.nan, 3.0], np.float32)
    same(*reversed(grads(lambda T, x: x.norm(p), data, upstream=-1.0)))


def test_nan_to_num_gradient_is_the_upstream_times_finite():
    data = np.array([0.0, -0.0, 1.0, np.inf, -np.inf, np.nan], np.float32)
    same(*reversed(grads(lambda T, x: T.nan_to_num(x), data, upstream=-np.ones(6, np.float32))))


@pytest.mark.parametrize("divisor", [1.5, -1.5, np.inf, -np.inf, 0.0, "tensor"])
def test_remainder_takes_the_divisors_sign_and_keeps_a_zeros(divisor):
    rng = np.random.default_rng(2)
    a = np.concatenate([[0.0, -0.0, np.inf, -np.inf, np.nan, 3.0, -3.0, 4.5, -4.5]])
    a = np.concatenate([a, rng.standard_normal(200) * 10]).astype(np.float32)
    if divisor == "tensor":
        b = rng.standard_normal(a.size).astype(np.float32)
        b[:9] = [1.5, -1.5, np.inf, -np.inf, 0.0, np.nan, -0.0, 2.0, -2.0]
        want, got = (T.remainder(T.tensor(a), T.tensor(b)).numpy() for T in (torch, cybenko))
    else:
        want, got = (T.remainder(T.tensor(a), divisor).numpy() for T in (torch, cybenko))
    same(got, want)


def test_erfinv_of_minus_zero_is_minus_zero():
    data = np.array([0.0, -0.0, 0.5, -0.5, 1.0, -1.0], np.float32)
    want, got = (T.erfinv(T.tensor(data)).numpy() for T in (torch, cybenko))
    same(got, want)


@pytest.mark.parametrize("base", ["number 0", "tensor of 0s"])
def test_a_power_of_zero_sends_the_exponent_torchs_signed_zero(base):
    """d (0 ** b) / db is 0 for b >= 0, multiplied by the upstream gradient as torch does
    it, so a negative upstream gives -0 (and a negative b inf, NaN stays NaN)."""
    b = np.array([0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 2.5], np.float32)
    upstream = -np.ones(b.size, np.float32)
    if base == "number 0":
        want, got = grads(lambda T, x: 0.0**x, b, upstream)
    else:
        want, got = grads(lambda T, x: T.zeros(b.size) ** x, b, upstream)
    same(got, want)


@pytest.mark.parametrize("options", [{"kernel_size": 2}, {"kernel_size": 3, "stride": 1}])
def test_max_pooling_sends_an_infinite_gradient_to_its_max_only(options):
    """Overlapping windows add their shares: an inf share must not make NaN elsewhere."""
    data = np.random.default_rng(6).standard_normal((1, 2, 5, 5)).astype(np.float32)
    found = []
    for T in (torch, cybenko):
        x = T.tensor(data, requires_grad=True)
        y = T.nn.functional.max_pool2d(x, **options)
        upstream = np.ones(tuple(y.shape), np.float32)
        upstream[0, 0, 0, 0] = np.inf
        y.backward(T.tensor(upstream))
        found.append(x.grad.numpy())
    same(found[1], found[0])
