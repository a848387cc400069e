"""tensor() and as_tensor() infer dtypes as torch does, and honour a requested dtype exactly."""

import numpy as np
import pytest

import cybenko
from oracle import torch

pytestmark = pytest.mark.oracle

CASES = [
    lambda lib: lib.tensor([0.1], dtype=lib.float64),
    lambda lib: lib.tensor([[1, 2], [3, 4]], dtype=lib.float32),
    lambda lib: lib.tensor([1.5, 2]),
    lambda lib: lib.tensor([True, False]),
    lambda lib: lib.tensor(np.float64(2.0)),
    lambda lib: lib.as_tensor([np.int32(1), np.int32(7)]),
    lambda lib: lib.as_tensor([np.float64(2.0)]),
    lambda lib: lib.tensor([[np.float32(1.5)]]),
    lambda lib: lib.tensor(3, dtype=lib.uint8),
]


@pytest.mark.parametrize("make", CASES)
def test_values_and_dtype_as_torch(make):
    ours, theirs = make(cybenko), make(torch)
    assert str(ours.dtype) == str(theirs.dtype)
    assert ours.tolist() == theirs.tolist()  # exact: 0.1 in float64 is float64's 0.1
