"""tensor() and as_tensor() infer dtypes as torch does, and honour a requested dtype exactly;
tensors inside the data are read as numbers, as torch reads them."""

import warnings

import numpy as np
import pytest

import cybenko
from helpers import check, check_error
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


# --- tensors inside the data: torch reads each as one number ------------------------------------

TENSORS_AS_NUMBERS = [
    # shape (2,), not (2, 1): a one-element tensor is a number, whatever its dims
    pytest.param(lambda T: T.tensor([T.tensor([1.0]), T.tensor([2.0])]), id="one_element_tensors"),
    pytest.param(lambda T: T.tensor([T.tensor([[1.0]]), T.tensor(2.0)]), id="mixed_dims"),
    pytest.param(lambda T: T.tensor([T.tensor([1.0]), 2.0]), id="tensor_then_number"),
    pytest.param(lambda T: T.tensor([2, T.tensor([1.5])]), id="number_then_tensor"),
    pytest.param(lambda T: T.tensor([[T.tensor(1.0, dtype=T.float64), 2], [3, 4]]), id="nested"),
    pytest.param(lambda T: T.as_tensor([T.tensor([1.0]), T.tensor([2.0])]), id="as_tensor"),
    # the dtype: the tensors' dtypes and the numbers', promoted
    pytest.param(
        lambda T: T.tensor([T.tensor(1, dtype=T.int32), T.tensor(2, dtype=T.int32)]),
        id="int32_tensors",
    ),
    pytest.param(
        lambda T: T.tensor([T.tensor(1, dtype=T.int8), T.tensor(2, dtype=T.uint8)]),
        id="int8_with_uint8",
    ),
    pytest.param(lambda T: T.tensor([T.tensor(1.0, dtype=T.float16), 2]), id="half_with_int"),
    pytest.param(lambda T: T.tensor([T.tensor(1.0, dtype=T.float64), 2.0]), id="double"),
    # a requested dtype: ints read with __index__ (wrapping into uint8), floats with float()
    pytest.param(lambda T: T.tensor([T.tensor([-1])], dtype=T.uint8), id="uint8_wraps"),
    pytest.param(lambda T: T.tensor([T.tensor([2])], dtype=T.bool), id="int_as_bool"),
    pytest.param(lambda T: T.tensor([T.tensor([1])], dtype=T.float64), id="int_as_double"),
]


@pytest.mark.parametrize("make", TENSORS_AS_NUMBERS)
def test_tensors_in_data_are_numbers(make):
    check(make, grad=False)


def test_tensors_that_require_grad_are_read_as_numbers():
    """tensor([loss_a, loss_b]) holds their values, outside the graph (torch warns once per
    process that a tensor requiring grad became a number; cybenko does not)."""

    def losses(T):
        a = T.tensor([1.0, 2.0], requires_grad=True)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return T.tensor([(a * 2).sum(), a[0]]), T.tensor([3.0, a.sum()])

    check(losses, grad=False)


TENSORS_REFUSED = [
    # a tensor of several numbers is no number: float() says so, and so does __index__
    pytest.param(lambda T: T.tensor([T.tensor([1, 2]), T.tensor([3, 4])]), id="int_rows"),
    pytest.param(lambda T: T.tensor([T.tensor([1.0, 2]), T.tensor([3.0, 4])]), id="float_rows"),
    pytest.param(lambda T: T.tensor([T.tensor([]), T.tensor([])]), id="empty_tensors"),
    pytest.param(lambda T: T.tensor([T.tensor([1.0, 2])], dtype=T.float32), id="row_as_float"),
    pytest.param(lambda T: T.tensor([T.tensor(1.5)], dtype=T.int64), id="float_as_int"),
    pytest.param(lambda T: T.tensor([T.tensor(1.5)], dtype=T.bool), id="float_as_bool"),
]


@pytest.mark.parametrize("make", TENSORS_REFUSED)
def test_tensors_in_data_refused_as_torch(make):
    check_error(make, match=True)


# --- tensor(a_tensor) warns: detach().clone() says what is meant ---------------------------------

COPY_CONSTRUCTED = [
    pytest.param(lambda T: T.ones(2), id="plain"),
    pytest.param(lambda T: T.ones(2, requires_grad=True), id="requires_grad"),
    pytest.param(lambda T: T.nn.Parameter(T.ones(())), id="parameter"),
]


@pytest.mark.parametrize("make", COPY_CONSTRUCTED)
def test_tensor_of_a_tensor_warns_as_torch(make):
    """torch warns for any tensor given to tensor(), at the caller's line, and copies it."""
    messages = []
    for T in (torch, cybenko):
        source = make(T)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            copy = T.tensor(source)
        assert [w.filename for w in caught] == [__file__]
        messages.append([str(w.message) for w in caught])
        assert not copy.requires_grad and copy.tolist() == source.tolist()
    assert messages[0] == messages[1]


# --- tril_indices, triu_indices ---------------------------------------------------------------

TRIANGLE_INDICES = [
    pytest.param(lambda T: T.tril_indices(3, 3), id="tril_square"),
    pytest.param(lambda T: T.tril_indices(3, 4, -1), id="tril_below"),
    pytest.param(lambda T: T.tril_indices(2, 3, offset=1), id="tril_above"),
    pytest.param(lambda T: T.triu_indices(4, 3, 1), id="triu_tall"),
    pytest.param(lambda T: T.triu_indices(3, 3, -10), id="triu_all"),
    pytest.param(lambda T: T.triu_indices(3, 3, 10), id="triu_none"),
    pytest.param(lambda T: T.tril_indices(0, 3), id="no_rows"),
    pytest.param(lambda T: T.tril_indices(3, 3, dtype=T.int32), id="int32"),
]


@pytest.mark.parametrize("make", TRIANGLE_INDICES)
def test_triangle_indices_as_torch(make):
    check(make, grad=False)


TRIANGLE_INDICES_REFUSED = [
    pytest.param(lambda T: T.tril_indices(-1, 3), id="negative_rows"),
    pytest.param(lambda T: T.triu_indices(3, -1), id="negative_cols"),
    pytest.param(lambda T: T.tril_indices(3, 3, dtype=T.float32), id="float"),
    pytest.param(lambda T: T.triu_indices(2, 3, dtype=T.bool), id="bool"),
    pytest.param(lambda T: T.tril_indices(3.0, 3), id="float_rows"),
]


@pytest.mark.parametrize("make", TRIANGLE_INDICES_REFUSED)
def test_triangle_indices_refused_as_torch(make):
    check_error(make, match=True)
