"""Gradients written as torch's formulas group them give torch's bits: the same roundings in
the same order (a / b's gradient to b as -grad * ((a / b) / b), rsqrt's as (-0.5 grad) out^3,
hardsigmoid's as grad times 1/6 rounded to float32, doubles too). Each differed in the last
bit for a quarter to a half of the values when computed otherwise."""

import numpy as np
import pytest

import cybenko
from oracle import torch

pytestmark = pytest.mark.oracle

rng = np.random.default_rng(9)
X = rng.standard_normal(997) * 3
POSITIVE = rng.random(997) * 3 + 0.05
OTHER = rng.standard_normal(997)

CASES = {  # name: (fn(T, x, other), x's values)
    "a / b, to b": (lambda T, x, other: other / x, POSITIVE),
    "a / b, to a": (lambda T, x, other: x / (other.abs() + 0.5), X),
    "rsqrt": (lambda T, x, other: x.rsqrt(), POSITIVE),
    "hardsigmoid": (lambda T, x, other: T.nn.functional.hardsigmoid(x), X),
}


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
@pytest.mark.parametrize("name", CASES)
def test_the_gradient_has_torchs_bits(name, dtype):
    fn, data = CASES[name]
    upstream = rng.standard_normal(data.size).astype(dtype)
    found = []
    for T in (torch, cybenko):
        x = T.tensor(data.astype(dtype), requires_grad=True)
        y = fn(T, x, T.tensor(OTHER.astype(dtype)))
        y.backward(T.tensor(upstream))
        found.append(x.grad.numpy())
    np.testing.assert_array_equal(found[1], found[0])
