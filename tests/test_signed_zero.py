"""relu, hardtanh and clamp to a number keep their input, as torch does, where it ties with
the bound as -0 against 0: relu(-0.) is -0. The sign shows when the tensor is printed ("-0.")
and in 1 / x. (Between two tensors, as in maximum, torch's choice on such a tie depends on
whether its vector loop or its scalar tail computed the element, so no test can hold there.)"""

import numpy as np
import pytest

import cybenko
from oracle import torch

pytestmark = pytest.mark.oracle

EDGES = [0.0, -0.0, -0.0, 0.0, -1.0, 2.0, float("nan"), float("inf"), -float("inf")]
X = EDGES * 7  # long enough for the vector loops of torch and NumPy, and their tails

CASES = {
    "relu": lambda T, x: T.relu(x),
    "functional relu": lambda T, x: T.nn.functional.relu(x),
    "ReLU module": lambda T, x: T.nn.ReLU()(x),
    "relu in place": lambda T, x: x.clone().relu_(),
    "relu6": lambda T, x: T.nn.functional.relu6(x),
    "hardtanh": lambda T, x: T.nn.functional.hardtanh(x, -1.0, 0.0),
    "clamp min 0": lambda T, x: T.clamp(x, min=0.0),
    "clamp min -0": lambda T, x: T.clamp(x, min=-0.0),
    "clamp max 0": lambda T, x: T.clamp(x, max=0.0),
    "clamp max -0": lambda T, x: T.clamp(x, max=-0.0),
    "clamp both": lambda T, x: T.clamp(x, -0.0, 0.0),
    "clamp_min": lambda T, x: T.clamp_min(x, -0.0),
    "clamp_max": lambda T, x: T.clamp_max(x, 0.0),
    "clamp in place": lambda T, x: x.clone().clamp_(min=0.0),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("name", CASES)
def test_a_tie_of_signed_zeros_keeps_the_input(name, dtype):
    fn = CASES[name]
    want, got = (fn(T, T.tensor(X, dtype=getattr(T, dtype))).numpy() for T in (torch, cybenko))
    np.testing.assert_array_equal(got, want)  # NaN equals NaN here
    numbers = ~np.isnan(want)
    np.testing.assert_array_equal(np.signbit(got[numbers]), np.signbit(want[numbers]))
