"""Tensor.new (the legacy constructor) and ravel behave as torch's.

`x.new(...)` makes a tensor of x's dtype and device: uninitialised for sizes (only shape and
dtype are compared there), holding the data for a sequence, an alias for a tensor of x's
dtype. `ravel` is torch's contiguous().view(-1): a view of a contiguous tensor, a view of a
copy otherwise.
"""

import numpy as np
import pytest

import cybenko
from cases import F64, Draws, case, f32, i64, run
from helpers import check, check_error, check_finite_differences
from oracle import torch

pytestmark = pytest.mark.oracle

draw = Draws(1091)


def layout(t):
    """What an uninitialised tensor shows reliably: its shape, dtype and grad flag."""
    return t.shape, t.dtype, t.requires_grad, t.is_leaf


NEW = [
    case("new_sizes", lambda T, x: layout(x.new(2, 3)), draw.rand(2)),
    case("new_one_size", lambda T, x: layout(x.new(4)), draw.rand(2, dtype=F64)),
    case("new_zero_size", lambda T, x: layout(x.new(0)), draw.rand(2)),
    case("new_size_object", lambda T, x: layout(x.new(T.Size([2, 1, 3]))), draw.rand(1)),
    case("new_size_keyword", lambda T, x: layout(x.new(size=(2,))), draw.rand(1, dtype=F64)),
    case("new_size_device", lambda T, x: layout(x.new(3, device="cpu")), draw.rand(1)),
    case("new_int_sizes", lambda T, x: layout(x.new(2, 2)), i64(1, 2)),
    case("new_empty", lambda T, x: x.new(), draw.rand(3)),
    case("new_empty_f64", lambda T, x: x.new(), draw.rand(3, dtype=F64)),
    case("new_list", lambda T, x: x.new([1, 2]), draw.rand(2, dtype=F64)),
    case("new_nested_list", lambda T, x: x.new([[1, 2.5], [3, -4]]), draw.rand(2)),
    case("new_tuple_is_data", lambda T, x: x.new((2, 3)), draw.rand(2)),
    case("new_bool_list", lambda T, x: x.new([True, False]), draw.rand(1)),
    case("new_float_data_into_int", lambda T, x: x.new([1.7, -2.5]), i64(1, 2)),
    case("new_into_int32", lambda T, x: x.new([3.9, -0.5]), np.array([1], np.int32)),
    case("new_into_bool", lambda T, x: x.new([2, 0]), np.array([True])),
    case("new_numpy_data", lambda T, x: x.new(np.array([1, 2])), draw.rand(1)),
    case("new_empty_list", lambda T, x: x.new([]), draw.rand(1)),
    case("new_special_values", lambda T, x: x.new([float("inf"), float("nan"), -0.0]), f32(1)),
    case("new_same_dtype_tensor", lambda T, x: x.new(x), draw.rand(2, 3)),
    case("new_same_dtype_tensor_f64", lambda T, x: x.new(x * 2), draw.rand(3, dtype=F64)),
]


@run(NEW)
def test_new(fn, inputs, options):
    check(fn, *inputs, **options)


def test_new_from_a_tensor_shares_its_memory():
    for lib in (torch, cybenko):
        x = lib.ones(3)
        alias = x.new(x)
        alias[0] = 5
        assert x[0].item() == 5 and alias is not x


def test_new_sizes_are_not_data():
    for lib in (torch, cybenko):
        assert lib.ones(1).new(5).shape == (5,)
        assert lib.ones(1).new([5]).tolist() == [5.0]


NEW_ERRORS = {
    "float_scalar": lambda T, x: x.new(2.5),
    "bool_scalar": lambda T, x: x.new(True),
    "none": lambda T, x: x.new(None),
    "string": lambda T, x: x.new("a"),
    "float_in_sizes": lambda T, x: x.new(2, 3.0),
    "string_in_sizes": lambda T, x: x.new(2, "a"),
    "negative_size": lambda T, x: x.new(-1),
    "ragged": lambda T, x: x.new([[1, 2], [3]]),
    "other_dtype_tensor": lambda T, x: x.new(T.tensor([1, 2])),
    "float32_into_float64": lambda T, x: x.double().new(T.ones(2)),
    "dtype_keyword": lambda T, x: x.new(2, 3, dtype=T.float32),
    "requires_grad_keyword": lambda T, x: x.new([1], requires_grad=True),
    "size_then_int": lambda T, x: x.new(T.Size([2]), 3),
    "data_then_int": lambda T, x: x.new([1, 2], 3),
}


@pytest.mark.parametrize("fn", NEW_ERRORS.values(), ids=NEW_ERRORS.keys())
def test_new_errors(fn):
    check_error(fn, draw.rand(2), match="start")


RAVEL = [
    case("ravel", lambda T, x: T.ravel(x), draw.rand(2, 3)),
    case("ravel_method", lambda T, x: x.ravel(), draw.rand(4, 1, 5)),
    case("ravel_transposed", lambda T, x: x.t().ravel(), draw.rand(3, 4)),
    case("ravel_sliced", lambda T, x: x[:, ::2].ravel(), draw.rand(3, 5)),
    case("ravel_0d", lambda T, x: T.ravel(x), draw.rand()),
    case("ravel_1d", lambda T, x: x.ravel(), draw.rand(5)),
    case("ravel_empty", lambda T, x: T.ravel(x), draw.rand(0, 3)),
    case("ravel_f64", lambda T, x: x.permute(2, 0, 1).ravel(), draw.rand(2, 3, 4, dtype=F64)),
    case("ravel_int", lambda T, x: T.ravel(x), draw.ints(2, 3)),
    case("ravel_bool", lambda T, x: x.ravel(), draw.bools(2, 2)),
    case("ravel_edges", lambda T, x: T.ravel(x * 2), f32(float("inf"), float("nan"), -0.0)),
]


@run(RAVEL)
def test_ravel(fn, inputs, options):
    check(fn, *inputs, **options)


def test_ravel_is_a_view_when_it_can_be():
    for lib in (torch, cybenko):
        x = lib.arange(6.0).reshape(2, 3).clone()
        flat = x.ravel()
        assert flat._base is x and flat.is_contiguous()
        flat[0] = 10
        assert x[0, 0].item() == 10
        copied = x.t().ravel()
        copied[1] = -1
        assert x[1, 0].item() == 3 and copied._base is not None
        assert copied.tolist()[:3] == [10.0, -1.0, 1.0]


def test_ravel_of_a_copy_records_the_copy():
    names = []
    for lib in (torch, cybenko):
        x = lib.ones(2, 3, requires_grad=True)
        node = x.t().ravel().grad_fn
        names.append((node.name(), node.next_functions[0][0].name()))
    assert names[1] == names[0] == ("ViewBackward0", "CloneBackward0")


def test_ravel_errors():
    check_error(lambda T, x: T.ravel(x, 0), draw.rand(2), match="start")


@pytest.mark.parametrize(
    "fn, x",
    [
        (lambda T, x: T.ravel(x.t()) * T.arange(6.0, dtype=T.float64), draw.rand(2, 3, dtype=F64)),
        (lambda T, x: x[:, 1:].ravel().sin(), draw.rand(3, 3, dtype=F64)),
    ],
    ids=["transposed", "sliced"],
)
def test_ravel_finite_differences(fn, x):
    check_finite_differences(fn, x)


# Tensor.resize: deprecated (resize_ is the in-place one), warns, and reshapes keeping every
# element, with its own node; a view where a view can do it.
RESIZE = [
    case("resize", lambda T, x: x.resize(3, 2), draw.rand(2, 3)),
    case("resize_flat", lambda T, x: x.resize(6), draw.rand(2, 3, dtype=F64)),
    case("resize_transposed", lambda T, x: x.t().resize(2, 3), draw.rand(2, 3)),
    case("resize_more_dims", lambda T, x: x.resize(1, 4, 1, 3), draw.rand(12)),
    case("resize_0d", lambda T, x: x.resize(1, 1), draw.rand()),
    case("resize_int", lambda T, x: x.resize(3, 2), draw.ints(6)),
    case("resize_edges", lambda T, x: (x * 2).resize(3, 1), f32(float("inf"), float("nan"), -0.0)),
]


@run(RESIZE)
def test_resize(fn, inputs, options):
    with pytest.warns(UserWarning, match="non-inplace resize is deprecated"):
        check(fn, *inputs, **options)


def test_resize_shares_memory_as_torch_does():
    for lib in (torch, cybenko):
        with pytest.warns(UserWarning):
            x = lib.arange(6.0)
            resized = x.resize(2, 3)
            resized[0, 0] = 100
            assert x[0].item() == 100 and resized._base is x
            copied = x.reshape(2, 3).t().resize(6)
            copied[1] = -1
            assert x[3].item() == 3 and copied._base is not x


RESIZE_ERRORS = {
    "fewer_elements": lambda T, x: x.resize(4),
    "more_elements": lambda T, x: x.resize(3, 3),
    "a_tuple": lambda T, x: x.resize((2, 3)),
    "minus_one": lambda T, x: x.resize(3, -1),
    "no_sizes": lambda T, x: x.resize(),
}


@pytest.mark.parametrize("fn", RESIZE_ERRORS.values(), ids=RESIZE_ERRORS.keys())
def test_resize_errors(fn):
    with pytest.warns(UserWarning):
        check_error(fn, draw.rand(2, 3), match=True)


# What torch removed, it still answers with a message saying what replaced it; so does cybenko
# (older courses call torch.eig, torch.solve, ... and Variable.reinforce).
REMOVED = {
    "eig": lambda T, x: T.eig(x),
    "eig_method": lambda T, x: x.eig(eigenvectors=True),
    "symeig": lambda T, x: T.symeig(x, eigenvectors=True),
    "symeig_method": lambda T, x: x.symeig(),
    "solve": lambda T, x: T.solve(x, x),
    "solve_method": lambda T, x: x.solve(x),
    "lstsq": lambda T, x: T.lstsq(x, x),
    "lstsq_method": lambda T, x: x.lstsq(x),
    "matrix_rank": lambda T, x: T.matrix_rank(x, symmetric=True),
    "reinforce": lambda T, x: x.reinforce(1.0),
}


@pytest.mark.parametrize("fn", REMOVED.values(), ids=REMOVED.keys())
def test_removed_functions_say_what_replaced_them(fn):
    check_error(fn, draw.rand(3, 3), match=True)
