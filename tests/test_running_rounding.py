"""cumsum and cumprod give torch's bits: its CPU kernels accumulate float32 (and float16) in
double and round each output once, where a float32 running sum rounds at every step (88% of
a 2000-long cumsum's outputs came out a bit apart)."""

import numpy as np
import pytest

import cybenko
from oracle import torch

pytestmark = pytest.mark.oracle

OPS = {
    "cumsum along rows": (lambda x: x.cumsum(1), False),
    "cumsum along columns": (lambda x: x.cumsum(0), False),
    "cumprod along rows": (lambda x: x.cumprod(1), True),
    "cumprod along columns": (lambda x: x.cumprod(0), True),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.float16])
@pytest.mark.parametrize("name", OPS)
def test_running_sums_and_products_give_torchs_bits_forward_and_backward(name, dtype):
    fn, positive = OPS[name]
    rng = np.random.default_rng(4)
    data = rng.random((40, 50)) * 0.5 + 0.75 if positive else rng.standard_normal((40, 50)) * 2
    upstream = rng.standard_normal((40, 50)).astype(dtype)
    found = []
    for T in (torch, cybenko):
        x = T.tensor(data.astype(dtype), requires_grad=True)
        y = fn(x)
        y.backward(T.tensor(upstream))
        found.append((y.detach().numpy(), x.grad.numpy()))
    (want_y, want_g), (got_y, got_g) = found
    np.testing.assert_array_equal(got_y, want_y)
    np.testing.assert_array_equal(got_g, want_g)
