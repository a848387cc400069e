"""x ** n for the exponents torch computes with kernels of their own (2, 3 and -2 as
products, -1 as 1 / x, -0.5 as 1 / sqrt(x)) gives torch's bits, forward and backward (whose
x ** (n - 1) takes the same kernels: x ** 0.5's gradient is 0.5 / sqrt(x) rounded as
torch's). Pow itself would differ in the last bit for up to a quarter of the values."""

import numpy as np
import pytest

import cybenko
from oracle import torch

pytestmark = pytest.mark.oracle

EDGES = [0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 1e-30, -1e-30, 3e38]
EXACT = {  # exponent: (forward bit-exact?, backward bit-exact?)
    2: (True, True),
    3: (True, True),
    -1: (True, True),
    -2: (True, False),  # its gradient needs x ** -3, torch's vectorized pow
    -0.5: (True, False),
    0.5: (False, True),  # torch's float32 x ** 0.5 is its sqrt, not always rounded to nearest
    4: (False, True),
}


def values(dtype):
    x = np.random.default_rng(11).standard_normal(997) * 3
    return np.concatenate([EDGES, x]).astype(dtype)


def same_bits(got, want):
    """Equal, NaN where NaN (its sign aside), and zeros of the same sign."""
    nan = np.isnan(want)
    np.testing.assert_array_equal(np.isnan(got), nan)
    np.testing.assert_array_equal(got[~nan], want[~nan])
    np.testing.assert_array_equal(np.signbit(got[~nan]), np.signbit(want[~nan]))


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("n", EXACT)
def test_the_exponents_with_kernels_of_their_own_give_torchs_bits(n, dtype):
    results = []
    for T in (torch, cybenko):
        x = T.tensor(values(dtype), requires_grad=True)
        y = x**n
        y.backward(T.ones_like(y))
        results.append((y.detach().numpy(), x.grad.numpy()))
    (want_y, want_g), (got_y, got_g) = results
    forward_exact, backward_exact = EXACT[n]
    if forward_exact:
        same_bits(got_y, want_y)
    if backward_exact:
        same_bits(got_g, want_g)
    np.testing.assert_allclose(got_y, want_y, rtol=1e-6, atol=0)
    finite = np.isfinite(want_g)
    np.testing.assert_allclose(got_g[finite], want_g[finite], rtol=1e-6, atol=0)
