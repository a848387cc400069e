"""Bad sizes, shapes and dtypes, run on torch 2.13 and on cybenko side by side.

Each refused case is one line: a function of the library `T` that must fail, run by
helpers.check_error, which asserts the same builtin exception type and a message that starts
as torch's does. The areas: sizes given as floats (`nn.Linear(784 / 2, 10)`) or bools, sizes
that are negative or too big, tensors made from data torch cannot store, reductions of empty
tensors, and the common misuses of shapes and dtypes in ops. Every size goes through one
parser (cybenko._size), so one case per function is enough to show it is wired in.

What torch accepts (ints, NumPy integers, integer tensors of one element, torch.Size, a bool
after the first size) is accepted alike, with the same result.
"""

from __future__ import annotations

import numpy as np
import pytest

import cybenko
from helpers import LIBS, assert_same, check_error
from oracle import torch

pytestmark = pytest.mark.oracle

nan, inf = float("nan"), float("inf")


def case(name, fn, match="start"):
    return pytest.param(fn, match, id=name)


def images(T):
    return T.zeros(1, 1, 4, 4)


def data(T):
    return T.utils.data


def F(T):
    return T.nn.functional


def conv(T, **arguments):
    """A 2x2 convolution of `images` with the given stride, padding, ... arguments."""
    return F(T).conv2d(images(T), T.zeros(1, 1, 2, 2), **arguments)


def bools(T, *shape):
    return T.ones(*shape, dtype=T.bool)


def inplace(T, target, op, value):
    """`target op= value` as a statement (`+=` and friends are not expressions)."""
    if op == "+":
        target += value
    elif op == "*":
        target *= value
    else:
        target /= value


# --- sizes that are not ints --------------------------------------------------------------------

FLOAT_SIZES = [
    case("ones_float", lambda T: T.ones(2.5)),
    case("ones_whole_float", lambda T: T.ones(2.0)),
    case("zeros_float_first_in_tuple", lambda T: T.zeros((2.5, 3))),
    case("zeros_float_after_first", lambda T: T.zeros(2, 3.0)),
    case("zeros_float_first_of_several", lambda T: T.zeros(2.0, 3)),
    case("zeros_float_in_list", lambda T: T.zeros([2, 3, 4.0])),
    case("zeros_float_by_keyword", lambda T: T.zeros(size=(2.5,))),
    case("empty_float", lambda T: T.empty(2.5)),
    case("full_float_in_tuple", lambda T: T.full((2.5,), 1.0)),
    case("full_float", lambda T: T.full(2.5, 1.0)),
    case("rand_float", lambda T: T.rand(2.5)),
    case("rand_float_after_first", lambda T: T.rand(2, 2.5)),
    case("randn_float_first_of_several", lambda T: T.randn(2.0, 3)),
    case("randint_size_float", lambda T: T.randint(5, (2.5,))),
    case("randint_size_float_by_keyword", lambda T: T.randint(5, size=(2.5,))),
    case("randint_high_float", lambda T: T.randint(2.5, (2,))),
    case("randint_bounds_float", lambda T: T.randint(0, 5.5, (2,))),
    case("randperm_float", lambda T: T.randperm(2.5)),
    case("eye_float", lambda T: T.eye(2.5)),
    case("eye_columns_float", lambda T: T.eye(2, 2.5)),
    case("linspace_steps_float", lambda T: T.linspace(0, 1, 2.5)),
    case("new_zeros_float", lambda T: T.zeros(2).new_zeros(2.5)),
    case("new_ones_float_in_tuple", lambda T: T.zeros(2).new_ones((2, 2.5))),
    case("new_empty_float", lambda T: T.zeros(2).new_empty(2.5)),
    case("new_full_float", lambda T: T.zeros(2).new_full((2.5,), 1.0)),
    case("legacy_constructor_float", lambda T: T.Tensor(2, 3.0)),
    case("view_float_first", lambda T: T.zeros(6).view(2.0, 3)),
    case("view_float_after_first", lambda T: T.zeros(6).view(2, 3.0)),
    case("view_float_in_tuple", lambda T: T.zeros(6).view((2.0, 3))),
    case("reshape_float_with_inferred", lambda T: T.zeros(6).reshape(2.5, -1)),
    case("reshape_float_in_tuple", lambda T: T.zeros(6).reshape((2.5, 3))),
    case("expand_float", lambda T: T.zeros(1, 3).expand(2.0, 3)),
    case("repeat_float", lambda T: T.zeros(3).repeat(2.0)),
    case("permute_float", lambda T: T.zeros(2, 3).permute(1.0, 0)),
    case("flatten_float_dim", lambda T: T.zeros(2, 3).flatten(0.0)),
    case("unflatten_float_size", lambda T: T.zeros(6).unflatten(0, (2.0, 3))),
    case("squeeze_float_dim", lambda T: T.zeros(1, 3).squeeze(0.0)),
    case("unsqueeze_float_dim", lambda T: T.zeros(3).unsqueeze(0.0)),
    case("transpose_float_dim", lambda T: T.zeros(2, 3).transpose(0, 1.0)),
    case("narrow_float_start", lambda T: T.zeros(5).narrow(0, 1.0, 2)),
    case("narrow_float_length", lambda T: T.zeros(5).narrow(0, 1, 2.0)),
    case("split_float_size", lambda T: T.zeros(6).split(2.0)),
    case("split_float_in_sizes", lambda T: T.zeros(6).split([2, 4.0])),
    case("chunk_float", lambda T: T.zeros(6).chunk(2.0)),
    case("flip_float", lambda T: T.zeros(6).flip(0.0)),
    case("broadcast_to_float", lambda T: T.broadcast_to(T.zeros(3), (2.0, 3))),
    case("size_float_dim", lambda T: T.zeros(2, 3).size(1.0)),
    case("stride_float_dim", lambda T: T.zeros(2, 3).stride(0.0)),
    case("multinomial_float_count", lambda T: T.multinomial(T.ones(3), 2.0)),
    # modules build their parameters with empty(), which refuses as torch's does
    case("linear_in_features_halved", lambda T: T.nn.Linear(784 / 2, 10)),
    case("linear_out_features_float", lambda T: T.nn.Linear(10, 2.5)),
    case("linear_in_features_none", lambda T: T.nn.Linear(None, 2)),
    case("conv2d_in_channels_float", lambda T: T.nn.Conv2d(2.0, 2, 3)),
    case("conv2d_out_channels_float", lambda T: T.nn.Conv2d(1, 2.0, 3)),
    case("conv2d_kernel_size_float", lambda T: T.nn.Conv2d(1, 2, 3.0)),
    case("conv2d_kernel_size_float_in_tuple", lambda T: T.nn.Conv2d(1, 2, (3.0, 3))),
    case("maxpool_kernel_size_float", lambda T: T.nn.MaxPool2d(2.0)(images(T))),
    case("maxpool_stride_float", lambda T: T.nn.MaxPool2d(2, stride=1.5)(images(T))),
    case("maxpool_padding_float", lambda T: T.nn.MaxPool2d(2, padding=0.5)(images(T))),
    case("avgpool_kernel_size_float", lambda T: T.nn.AvgPool2d(2.0)(images(T))),
    case("embedding_rows_float", lambda T: T.nn.Embedding(10.0, 3)),
    case("embedding_dim_float", lambda T: T.nn.Embedding(10, 3.0)),
    case("batchnorm1d_features_float", lambda T: T.nn.BatchNorm1d(3.0)),
    case("batchnorm2d_features_float", lambda T: T.nn.BatchNorm2d(3.5)),
    case("dataloader_batch_size_float", lambda T: data(T).DataLoader([1, 2, 3], batch_size=2.0)),
    case("batch_sampler_size_float", lambda T: data(T).BatchSampler(range(3), 2.0, False)),
    case("random_sampler_samples_float", lambda T: data(T).RandomSampler([1, 2], num_samples=2.5)),
    case("random_split_float_lengths", lambda T: data(T).random_split(range(10), [2.5, 7.5])),
]

OTHER_SIZE_TYPES = [
    case("ones_bool", lambda T: T.ones(True)),
    case("zeros_bool_first_in_tuple", lambda T: T.zeros((True, 2))),
    case("view_bool_first", lambda T: T.zeros(6).view(True, 6)),
    case("batchnorm_features_bool", lambda T: T.nn.BatchNorm1d(True)),
    case("randperm_bool", lambda T: T.randperm(True)),
    case("transpose_bool_dim", lambda T: T.zeros(2, 3).transpose(True, 0)),
    case("chunk_bool", lambda T: T.zeros(6).chunk(True)),
    case("zeros_float_tensor", lambda T: T.zeros(T.tensor(2.0))),
    case("zeros_numpy_float", lambda T: T.zeros(np.float64(2))),
    case("zeros_tensor_of_sizes", lambda T: T.zeros(T.tensor([2, 3]))),
    case("zeros_array_of_sizes", lambda T: T.zeros(np.array([2, 3]))),
    case("zeros_string", lambda T: T.zeros("a")),
    case("zeros_none", lambda T: T.zeros(None)),
    case("zeros_none_after_first", lambda T: T.zeros([2, None])),
    case("zeros_no_size", lambda T: T.zeros()),
    case("zeros_size_twice", lambda T: T.zeros(2, size=3)),
    case("view_no_size", lambda T: T.zeros(3).view()),
    case("permute_no_dims", lambda T: T.zeros(3).permute()),
    case("full_lone_int", lambda T: T.full(2, 1.0)),
    case("new_full_lone_int", lambda T: T.zeros(2).new_full(2, 1.0)),
    case("zeros_lone_int_by_keyword", lambda T: T.zeros(size=3)),
    case("randint_lone_int", lambda T: T.randint(5, 3)),
    case("randint_lone_int_by_keyword", lambda T: T.randint(5, size=3)),
    case("normal_lone_int", lambda T: T.normal(0.0, 1.0, 3)),
    case("unflatten_lone_int", lambda T: T.zeros(6).unflatten(0, 6)),
    case("broadcast_to_lone_int", lambda T: T.broadcast_to(T.zeros(3), 3)),
    case("split_numpy_int", lambda T: T.zeros(6).split(np.int64(2))),
    case("dtype_string", lambda T: T.zeros(3, dtype="float32")),
    case("dtype_numpy_type", lambda T: T.ones(3, dtype=np.float32)),
]

# --- sizes out of range --------------------------------------------------------------------------

SIZES_OUT_OF_RANGE = [
    case("zeros_negative", lambda T: T.zeros(-1)),
    case("zeros_negative_after_first", lambda T: T.zeros(3, -1)),
    case("ones_negative", lambda T: T.ones(-1)),
    case("empty_negative", lambda T: T.empty(2, -3)),
    case("full_negative", lambda T: T.full((2, -1), 1.0)),
    case("rand_negative", lambda T: T.rand(-1)),
    case("randn_negative_before_huge", lambda T: T.randn(-1, 2**62)),
    case("randint_negative", lambda T: T.randint(5, (-1,))),
    case("randperm_negative", lambda T: T.randperm(-1)),
    case("eye_negative", lambda T: T.eye(-1)),
    case("eye_columns_negative", lambda T: T.eye(2, -1)),
    case("linspace_negative_steps", lambda T: T.linspace(0, 1, -1)),
    case("zeros_past_int64", lambda T: T.zeros(2**63)),
    case("ones_past_int64_after_first", lambda T: T.ones(2, 2**63)),
    case("ones_below_int64", lambda T: T.ones((-(2**63) - 1,))),
    case("view_past_int64", lambda T: T.zeros(6).view(2**64)),
    case("eye_past_int64", lambda T: T.eye(2**63)),
    case("randperm_past_int64", lambda T: T.randperm(2**63)),
    case("zeros_bytes_overflow_int64", lambda T: T.zeros(2**40, 2**40)),
    case("empty_bytes_overflow_int64", lambda T: T.empty(2**62)),
    case("empty_float64_bytes_overflow", lambda T: T.empty(2**60, dtype=T.float64)),
    case("view_invalid_negative", lambda T: T.zeros(6).view(-2, 3)),
    case("reshape_invalid_negative", lambda T: T.zeros(6).reshape(-3)),
    case("view_two_inferred", lambda T: T.zeros(6).view(-1, -1)),
    case("reshape_two_inferred", lambda T: T.zeros(6).reshape(-1, -1)),
    case("view_wrong_count", lambda T: T.zeros(6).view(4, -1)),
    case("view_zero_elements_ambiguous", lambda T: T.zeros(0).view(0, -1)),
    case("split_negative", lambda T: T.zeros(6).split(-1)),
]

# --- reductions of empty tensors -----------------------------------------------------------------

EMPTY_REDUCTIONS = [
    case("argmax_of_nothing", lambda T: T.zeros(0).argmax()),
    case("argmin_of_nothing", lambda T: T.zeros(0).argmin()),
    case("argmax_along_empty_dim", lambda T: T.zeros(0, 3).argmax(0)),
    case("argmin_along_empty_dim", lambda T: T.zeros(3, 0).argmin(1, keepdim=True)),
    case("max_of_nothing", lambda T: T.zeros(0).max()),
    case("min_along_empty_dim", lambda T: T.zeros(0, 3).min(0)),
    case("amax_of_nothing", lambda T: T.zeros(0).amax(), match=True),
    case("amin_of_nothing_no_dims", lambda T: T.zeros(0, 3).amin(()), match=True),
    case("amax_along_empty_dim", lambda T: T.zeros(0, 3).amax((0, 1)), match=True),
]

# --- tensor(): data torch cannot store ----------------------------------------------------------

TENSOR_DATA = [
    case("none_in_list", lambda T: T.tensor([1, None])),
    case("none_first", lambda T: T.tensor([None, 1.5])),
    case("none_nested", lambda T: T.tensor([[1, 2], [None, 3]])),
    case("none_with_dtype", lambda T: T.tensor([1, None], dtype=T.float32)),
    case("none_in_as_tensor", lambda T: T.as_tensor([1, None])),
    case("dict", lambda T: T.tensor({})),
    case("string_among_numbers", lambda T: T.tensor([1, "a"])),
    case("string", lambda T: T.tensor("a")),
    case("strings", lambda T: T.tensor(["a"])),
    case("ragged", lambda T: T.tensor([[1, 2], [3]])),
    case("number_among_rows", lambda T: T.tensor([[1, 2], 3])),
    case("row_among_numbers", lambda T: T.tensor([1, [2]])),
    case("int_past_int64", lambda T: T.tensor([2**63])),
    case("int_below_int64", lambda T: T.tensor([-(2**63) - 1])),
    case("int_past_int64_with_dtype", lambda T: T.tensor([2**64], dtype=T.uint8)),
    case("uint8_past_255", lambda T: T.tensor([300], dtype=T.uint8)),
    case("uint8_0d_past_255", lambda T: T.tensor(256, dtype=T.uint8)),
    case("uint8_below_minus_255", lambda T: T.tensor([-256], dtype=T.uint8)),
    case("uint8_negative_float", lambda T: T.tensor([-1.0], dtype=T.uint8)),
    case("uint8_float_past_255", lambda T: T.tensor([255.5], dtype=T.uint8)),
    case("uint8_numpy_int_in_list", lambda T: T.tensor([np.int64(300)], dtype=T.uint8)),
    case("int32_past_max", lambda T: T.tensor([2**31], dtype=T.int32)),
    case("int32_below_min", lambda T: T.tensor([-(2**31) - 1], dtype=T.int32)),
    case("int32_float_past_max", lambda T: T.tensor([2147483647.5], dtype=T.int32)),
    case("int64_float_past_max", lambda T: T.tensor([9.3e18], dtype=T.int64)),
    case("int64_nan", lambda T: T.tensor([nan], dtype=T.int64)),
    case("as_tensor_uint8_past_255", lambda T: T.as_tensor([300], dtype=T.uint8)),
    case("full_uint8_past_255", lambda T: T.full((2,), 300, dtype=T.uint8)),
    case("full_int32_past_max", lambda T: T.full((2,), 2**31, dtype=T.int32)),
    case("full_int64_nan", lambda T: T.full((2,), nan, dtype=T.int64)),
    case("full_float32_past_max", lambda T: T.full((2,), 1e300, dtype=T.float32)),
]

# --- values written into tensors: numbers (or tensors) that fit the tensor's dtype ---------------


def written(x, key, value):
    """x after `x[key] = value` (an assignment is no expression)."""
    x[key] = value
    return x


def mask(T):
    return T.tensor([True, False, True])


WRITTEN_VALUES = [
    # x[key] = v takes a tensor or a Python number: None was written as nan
    case("setitem_none", lambda T: written(T.zeros(3), 0, None), match=True),
    case("setitem_none_into_long", lambda T: written(T.zeros(3, dtype=T.long), 0, None), True),
    case("setitem_none_through_mask", lambda T: written(T.zeros(3), mask(T), None), True),
    case("setitem_none_into_slice", lambda T: written(T.zeros(3), slice(None), None), True),
    case("setitem_string", lambda T: written(T.zeros(3), 0, "a"), match=True),
    case("setitem_list", lambda T: written(T.zeros(2, 3), 0, [1.0, 2.0, 3.0]), match=True),
    case("setitem_array", lambda T: written(T.zeros(2, 3), 0, np.ones(3)), match=True),
    case("setitem_numpy_float32", lambda T: written(T.zeros(3), 0, np.float32(2)), True),
    # ... and the number must fit the dtype, as torch checks it
    case("setitem_uint8_overflow", lambda T: written(T.zeros(3, dtype=T.uint8), 0, 300), True),
    case("setitem_int32_overflow", lambda T: written(T.zeros(3, dtype=T.int32), 0, 2**31), True),
    case("setitem_int8_slice", lambda T: written(T.zeros(3, dtype=T.int8), slice(None), 200)),
    case("setitem_long_inf", lambda T: written(T.zeros(3, dtype=T.long), 0, float("inf")), True),
    case("setitem_long_nan", lambda T: written(T.zeros(3, dtype=T.long), 0, nan), match=True),
    case("setitem_long_inf_mask", lambda T: written(T.zeros(3, dtype=T.long), mask(T), -inf)),
    case("setitem_float_overflow", lambda T: written(T.zeros(3), 0, 1e300), match=True),
    case("setitem_int_past_int64", lambda T: written(T.zeros(3), 0, 2**70), match=True),
    # fill_, full, full_like and new_full take numbers only
    case("fill_none", lambda T: T.zeros(3).fill_(None), match=True),
    case("fill_string", lambda T: T.zeros(3).fill_("a"), match=True),
    case("full_none", lambda T: T.full((2,), None), match=True),
    case("full_none_with_dtype", lambda T: T.full((2,), None, dtype=T.float32), match=True),
    case("full_string", lambda T: T.full((2,), "a"), match=True),
    case("full_array", lambda T: T.full((2,), np.array(1.0)), match=True),
    case("full_like_none", lambda T: T.full_like(T.zeros(2), None), match=True),
    case("new_full_none", lambda T: T.zeros(2).new_full((2,), None), match=True),
    # masked_fill: a number that fits the dtype (inf was written as INT64_MIN)
    case("masked_fill_inf_into_long", lambda T: T.zeros(3, dtype=T.long).masked_fill(mask(T), inf)),
    case("masked_fill_nan_into_int", lambda T: T.zeros(3, dtype=T.int32).masked_fill(mask(T), nan)),
    case(
        "masked_fill_minus_inf_into_uint8",
        lambda T: T.zeros(3, dtype=T.uint8).masked_fill(mask(T), -inf),
    ),
    case("masked_fill_uint8_300", lambda T: T.zeros(3, dtype=T.uint8).masked_fill(mask(T), 300)),
    case("masked_fill_int_2_31", lambda T: T.zeros(3, dtype=T.int32).masked_fill(mask(T), 2**31)),
    case(
        "masked_fill_inf_tensor_into_long",
        lambda T: T.zeros(3, dtype=T.long).masked_fill(mask(T), T.tensor(inf)),
    ),
    case(
        "masked_fill_inplace_inf",
        lambda T: T.zeros(3, dtype=T.long).masked_fill_(mask(T), inf),
    ),
    case("masked_fill_half_overflow", lambda T: T.zeros(3).half().masked_fill(mask(T), 70000)),
    case("masked_fill_float_overflow", lambda T: T.zeros(3).masked_fill(mask(T), 1e300)),
    case("masked_fill_none", lambda T: T.zeros(3).masked_fill(mask(T), None), match=True),
]

# --- shapes and dtypes in common ops ------------------------------------------------------------

OPS = [
    case("mm_shapes", lambda T: T.mm(T.zeros(2, 3), T.zeros(2, 3))),
    case("matmul_operator_shapes", lambda T: T.zeros(2, 3) @ T.zeros(2, 3)),
    case("matmul_vector_length", lambda T: T.matmul(T.zeros(2, 3), T.zeros(4))),
    case("mm_of_vector", lambda T: T.mm(T.zeros(3), T.zeros(3, 2))),
    case("bmm_shapes", lambda T: T.bmm(T.zeros(2, 2, 3), T.zeros(2, 2, 3))),
    case("bmm_batches", lambda T: T.bmm(T.zeros(2, 2, 3), T.zeros(3, 3, 2))),
    case("bmm_of_matrices", lambda T: T.bmm(T.zeros(2, 3), T.zeros(3, 2))),
    case("dot_lengths", lambda T: T.dot(T.zeros(2), T.zeros(3))),
    case("cat_shapes", lambda T: T.cat([T.zeros(2, 3), T.zeros(2, 4)])),
    case("cat_ranks", lambda T: T.cat([T.zeros(2, 3), T.zeros(3)])),
    case("cat_nothing", lambda T: T.cat([])),
    case("cat_a_tensor", lambda T: T.cat(T.zeros(2, 3))),
    case("cat_scalars", lambda T: T.cat([T.zeros(()), T.zeros(())])),
    case("stack_nothing", lambda T: T.stack([])),
    case("stack_shapes", lambda T: T.stack([T.zeros(2), T.zeros(3)])),
    case("add_broadcast", lambda T: T.zeros(2, 3) + T.zeros(3, 2)),
    case("add_broadcast_3d", lambda T: T.zeros(4, 2, 3) + T.zeros(5, 1, 2)),
    case("mul_broadcast", lambda T: T.zeros(2, 3) * T.zeros(2)),
    case("view_of_transposed", lambda T: T.zeros(2, 3).t().view(6)),
    case("index_past_end", lambda T: T.zeros(3)[3]),
    case("index_before_start", lambda T: T.zeros(3)[-4]),
    case("index_second_dim", lambda T: T.zeros(2, 3)[0, 5]),
    case("index_tensor_after_slice", lambda T: T.zeros(2, 3)[:, T.tensor([5])]),
    case("index_tensor_after_int", lambda T: T.zeros(2, 3, 4)[0, T.tensor([5])]),
    case("index_second_tensor", lambda T: T.zeros(2, 3)[T.tensor([0]), T.tensor([5])]),
    case("index_mask_shape", lambda T: T.zeros(2, 3)[T.ones(3, 2, dtype=T.bool)]),
    case("index_mask_length", lambda T: T.zeros(3)[T.tensor([True, False])]),
    case("index_float_tensor", lambda T: T.zeros(3)[T.tensor([0.5])]),
    case("index_float", lambda T: T.zeros(3)[0.5]),
    case("index_too_many", lambda T: T.zeros(3)[1, 2]),
    case("index_0d", lambda T: T.zeros(())[0]),
    case("index_select_float_index", lambda T: T.zeros(3).index_select(0, T.tensor([1.0]))),
    case("sum_dim", lambda T: T.zeros(2, 3).sum(2)),
    case("mean_negative_dim", lambda T: T.zeros(2, 3).mean(-3)),
    case("softmax_dim", lambda T: T.softmax(T.zeros(2, 3), dim=5)),
    case("argmax_dim", lambda T: T.zeros(2, 3).argmax(2)),
    case("cat_dim", lambda T: T.cat([T.zeros(2), T.zeros(2)], 1)),
    case("transpose_dim", lambda T: T.zeros(2, 3).transpose(0, 2)),
    case("unsqueeze_dim", lambda T: T.zeros(2, 3).unsqueeze(3)),
    case("mm_float_double", lambda T: T.mm(T.zeros(2, 2), T.zeros(2, 2, dtype=T.float64))),
    case("mm_long_float", lambda T: T.mm(T.zeros(2, 2, dtype=T.int64), T.zeros(2, 2))),
    case("int_plus_half_in_place", lambda T: inplace(T, T.zeros(3, dtype=T.int64), "+", 0.5)),
    case("int_times_float_in_place", lambda T: inplace(T, T.zeros(3, dtype=T.int64), "*", 1.5)),
    case("int_divided_in_place", lambda T: inplace(T, T.zeros(3, dtype=T.int64), "/", 2)),
    case("bool_plus_int_in_place", lambda T: inplace(T, T.zeros(3, dtype=T.bool), "+", 1)),
    case("int_add_float_tensor", lambda T: T.zeros(3, dtype=T.int64).add_(T.zeros(3))),
    case("in_place_broadcasts_self", lambda T: inplace(T, T.zeros(1, 3), "+", T.zeros(2, 3))),
    case("in_place_grows_rank", lambda T: T.zeros(3).mul_(T.zeros(2, 3))),
    case("requires_grad_int", lambda T: T.zeros(3, dtype=T.int64, requires_grad=True)),
    case("requires_grad_int_list", lambda T: T.tensor([1, 2], requires_grad=True)),
    case("requires_grad_arange", lambda T: T.arange(3, requires_grad=True)),
    case("requires_grad_bool", lambda T: T.ones(3, dtype=T.bool).requires_grad_()),
    case("item_of_many", lambda T: T.zeros(3).item()),
    case("item_of_none", lambda T: T.zeros(0).item()),
    case("int_of_many", lambda T: int(T.zeros(3))),
    case("bool_of_many", lambda T: bool(T.zeros(2))),
    case("numpy_requires_grad", lambda T: T.zeros(3, requires_grad=True).numpy()),
    case("expand_size", lambda T: T.zeros(2, 3).expand(3, 3)),
    case("expand_fewer_sizes", lambda T: T.zeros(2, 3).expand(3)),
    case("repeat_fewer_dims", lambda T: T.zeros(2, 3).repeat(2)),
    case("permute_repeated", lambda T: T.zeros(2, 3).permute(0, 0)),
    case("permute_count", lambda T: T.zeros(2, 3).permute(0)),
    case("flatten_order", lambda T: T.zeros(2, 3).flatten(1, 0)),
    case("unflatten_product", lambda T: T.zeros(6).unflatten(0, (2, 2))),
    case("narrow_past_end", lambda T: T.zeros(5).narrow(0, 3, 3)),
    case("split_sizes_sum", lambda T: T.zeros(6).split([2, 2])),
    case("chunk_zero", lambda T: T.zeros(6).chunk(0)),
    case("arange_step_zero", lambda T: T.arange(0, 10, 0)),
    case("arange_wrong_direction", lambda T: T.arange(10, 0)),
    case("randint_empty_range", lambda T: T.randint(5, 5, (3,))),
    case("rand_int_dtype", lambda T: T.rand(3, dtype=T.int64)),
    case("dropout_above_one", lambda T: T.nn.Dropout(1.5)),
    case("dropout_negative", lambda T: T.nn.Dropout(-0.1)),
    case("dropout2d_above_one", lambda T: T.nn.Dropout2d(1.5)),
    case("dataloader_batch_size_zero", lambda T: data(T).DataLoader([1, 2, 3], batch_size=0)),
    case("dataloader_batch_size_bool", lambda T: data(T).DataLoader([1], batch_size=True)),
    case("fill_uint8_overflow", lambda T: T.zeros(2, dtype=T.uint8).fill_(300)),
    case("fill_int32_overflow", lambda T: T.zeros(2, dtype=T.int32).fill_(2**40)),
    case("fill_float32_overflow", lambda T: T.zeros(2).fill_(1e300)),
    case("to_dtype_name_as_string", lambda T: T.zeros(2).to("float32")),
    case("device_index_not_a_number", lambda T: T.device("cuda:x")),
    # torch lists its twenty device types; cybenko lists the two it has
    case("device_unknown_type", lambda T: T.device("gpu"), match=False),
    case("conv2d_float_stride", lambda T: conv(T, stride=1.5)),
    case("conv2d_float_padding", lambda T: conv(T, padding=0.5)),
    case("conv2d_float_in_dilation", lambda T: conv(T, dilation=(1, 1.5))),
    case("conv2d_float_groups", lambda T: conv(T, groups=1.0)),
    case("softmax_float_dim", lambda T: T.nn.Softmax(1.0)(T.zeros(2, 2))),
    case("log_softmax_float_dim", lambda T: F(T).log_softmax(T.zeros(2, 2), 1.0)),
    case("matrix_vector_dtypes", lambda T: T.zeros(2, 2) @ T.tensor([1, 2])),
    case("long_matrix_float_vector", lambda T: T.zeros(2, 2, dtype=T.long) @ T.zeros(2)),
    case("batched_dtypes", lambda T: T.zeros(2, 2, 2) @ T.zeros(2, 2, 2, dtype=T.long)),
    case("matrix_batched_dtypes", lambda T: T.zeros(2, 2) @ T.zeros(2, 2, 2, dtype=T.long)),
    case("bool_mm", lambda T: T.mm(bools(T, 2, 3), bools(T, 3, 2))),
    case("bool_vector_dot", lambda T: bools(T, 3) @ bools(T, 3)),
    case("bool_empty_dot", lambda T: T.dot(bools(T, 0), bools(T, 0))),
    case("bool_mv", lambda T: T.mv(bools(T, 2, 3), bools(T, 3))),
    case("bool_vector_matrix", lambda T: bools(T, 3) @ bools(T, 3, 2)),
    case("bool_bmm", lambda T: T.bmm(bools(T, 2, 2, 3), bools(T, 2, 3, 2))),
    case("bool_batch_matrix", lambda T: bools(T, 2, 2, 3) @ bools(T, 3, 2)),
    # what is not a tensor, named as torch's parser names it (never "no attribute '_array'")
    case("matmul_operator_list", lambda T: T.eye(2) @ [[1, 0], [0, 1]], match=True),
    case("matmul_operator_int", lambda T: T.eye(2) @ 2, match=True),
    case("matmul_operator_list_left", lambda T: [[1, 0], [0, 1]] @ T.eye(2), match=True),
    case("matmul_list", lambda T: T.matmul(T.eye(2), [[1, 0], [0, 1]]), match=True),
    case("matmul_list_first", lambda T: T.matmul([[1, 0], [0, 1]], T.eye(2)), match=True),
    case("index_select_list", lambda T: T.eye(2).index_select(0, [0, 1]), match=True),
    case("stack_numbers", lambda T: T.stack([1, 2]), match=True),
    case("cat_number", lambda T: T.cat([T.eye(2), 2.0]), match=True),
    case("stack_number", lambda T: T.stack([T.eye(2), 2.0]), match=True),
    # max, min and prod take one int dim: no tuple, no None
    case("max_tuple_dim", lambda T: T.eye(2).max((0, 1))),
    case("min_list_dim", lambda T: T.min(T.eye(2), [0])),
    case("prod_tuple_dim", lambda T: T.eye(2).prod((0, 1))),
    case("max_dim_none", lambda T: T.eye(2).max(dim=None)),
    case("prod_dim_none", lambda T: T.eye(2).prod(None)),
    case("argmax_bool", lambda T: bools(T, 2).argmax(), match=True),
    case("argmin_bool_dim", lambda T: bools(T, 2).argmin(0, keepdim=True), match=True),
    case("tensor_of_ragged_arrays", lambda T: T.tensor([np.array([1, 2]), np.array([3])])),
    case("tensor_of_array_and_number", lambda T: T.tensor([np.array([1, 2]), 3]), match=True),
    # a fill value is one number: a tensor of more, or one with a history, is refused
    case("full_vector_tensor", lambda T: T.full((2,), T.tensor([3.5])), match=True),
    case("full_grad_tensor", lambda T: T.full((2,), T.tensor(3.5, requires_grad=True)), match=True),
]


@pytest.mark.parametrize(
    "fn, match",
    FLOAT_SIZES
    + OTHER_SIZE_TYPES
    + SIZES_OUT_OF_RANGE
    + EMPTY_REDUCTIONS
    + TENSOR_DATA
    + WRITTEN_VALUES
    + OPS,
)
def test_refused_as_torch_refuses(fn, match):
    check_error(fn, match=match)


# --- what torch accepts, cybenko accepts with the same result ----------------------------------

ACCEPTED = [
    case("numpy_int_size", lambda T: T.ones(np.int64(2))),
    case("numpy_ints_in_tuple", lambda T: T.zeros((np.int32(2), 3))),
    case("0d_tensor_size", lambda T: T.zeros(T.tensor(2), 3)),
    case("one_element_tensor_size", lambda T: T.zeros(T.tensor([2]))),
    case("0d_array_size", lambda T: T.zeros(np.array(2))),
    case("torch_size", lambda T: T.ones(T.Size([2, 3]))),
    case("bool_after_first_size", lambda T: T.zeros(2, True)),
    case("no_dims", lambda T: T.zeros(())),
    case("size_by_keyword", lambda T: T.ones(size=(2, 3))),
    case("view_numpy_int", lambda T: T.arange(6.0).view(np.int64(2), 3)),
    case("view_0d_tensor", lambda T: T.arange(6.0).view(T.tensor(2), -1)),
    case("view_bool_after_first", lambda T: T.arange(6.0).view(6, True)),
    case("reshape_size", lambda T: T.arange(6.0).reshape(T.Size([3, 2]))),
    case("expand_size", lambda T: T.zeros(1, 3).expand(T.Size([2, 3]))),
    case("transpose_numpy_and_tensor_dims", lambda T: T.zeros(2, 3).transpose(np.int64(0), 1)),
    case("eye_numpy_int", lambda T: T.eye(np.int64(2))),
    case("split_0d_tensor", lambda T: T.arange(6.0).split(T.tensor(4))),
    case("flip_lone_int", lambda T: T.arange(6.0).flip(0)),
    case("size_numpy_dim", lambda T: T.zeros(2, 3).size(np.int64(1))),
    case("linspace_numpy_steps", lambda T: T.linspace(0, 1, np.int64(3))),
    case("new_zeros_keeps_dtype", lambda T: T.zeros(2, dtype=T.float64).new_zeros(2, 3)),
    case("new_full_keeps_dtype", lambda T: T.zeros(2, dtype=T.int64).new_full((2,), 7)),
    case("linear_numpy_features", lambda T: T.nn.Linear(np.int64(3), np.int32(2)).weight.shape),
    case("linear_bool_in_features", lambda T: T.nn.Linear(True, 2).weight.shape),
    case("uint8_minus_one_wraps", lambda T: T.tensor([-1], dtype=T.uint8)),
    case("uint8_minus_255_wraps", lambda T: T.tensor([-255, -129, 255], dtype=T.uint8)),
    case("uint8_float_truncates", lambda T: T.tensor([1.5, 255.0, 0.0], dtype=T.uint8)),
    case("uint8_from_array_wraps", lambda T: T.tensor(np.array([300]), dtype=T.uint8)),
    case("int32_bounds", lambda T: T.tensor([-(2**31), 2**31 - 1], dtype=T.int32)),
    case("int64_bounds", lambda T: T.tensor([-(2**63), 2**63 - 1])),
    case("int64_large_float", lambda T: T.tensor([9.2e18, -9.2e18], dtype=T.int64)),
    case("bool_from_anything", lambda T: T.tensor([2, -1, 0, 2**63], dtype=T.bool)),
    case("float_from_big_int", lambda T: T.tensor([2**64], dtype=T.float64)),
    case("float32_overflow_is_inf", lambda T: T.tensor([1e300, -1e300], dtype=T.float32)),
    case("full_uint8_minus_one", lambda T: T.full((2,), -1, dtype=T.uint8)),
    case("full_int_truncates_float", lambda T: T.full((2,), 1.5, dtype=T.int64)),
    case("full_float32_inf", lambda T: T.full((2,), float("inf"), dtype=T.float32)),
    case("python_types_as_dtypes", lambda T: [T.tensor([1], dtype=t) for t in (float, int, bool)]),
    case("zeros_python_float_dtype", lambda T: T.zeros(2, dtype=float)),
    case("argmax_of_empty_rows", lambda T: T.zeros(0, 3).argmax(1)),
    case("fill_uint8_minus_one_wraps", lambda T: T.zeros(2, dtype=T.uint8).fill_(-1)),
    case("setitem_uint8_minus_one_wraps", lambda T: written(T.zeros(2, dtype=T.uint8), 0, -1)),
    case("to_python_types", lambda T: [T.zeros(2).to(t) for t in (float, int, bool)]),
    case("bool_product_of_empty", lambda T: bools(T, 2, 0) @ bools(T, 0, 2)),
    case("bool_batch_of_none", lambda T: T.bmm(bools(T, 0, 2, 3), bools(T, 0, 3, 2))),
    # a 0-d tensor or a NumPy scalar is a number to full (a NumPy bool a float, as in torch)
    case("full_0d_tensor", lambda T: T.full((2,), T.tensor(3.5, dtype=T.float64))),
    case("full_0d_int_tensor", lambda T: T.full((2,), T.tensor(3, dtype=T.int32))),
    case("full_0d_bool_tensor", lambda T: T.full((2,), T.tensor(True))),
    case("full_numpy_float", lambda T: T.full((2,), np.float32(3.5))),
    case("full_numpy_int", lambda T: T.full((2,), np.int32(3))),
    case("full_numpy_bool", lambda T: T.full((2,), np.bool_(True))),
]


@pytest.mark.parametrize("fn, _", ACCEPTED)
def test_accepted_as_torch_accepts(fn, _):
    assert_same(fn(torch), fn(cybenko))


def test_a_tensor_too_big_for_memory_is_refused_before_allocating():
    """torch's allocator error (its message starts with a C++ source location, so only the
    type is compared); cybenko checks the byte count first instead of asking NumPy."""
    check_error(lambda T: T.empty(10**12))
    for make in (cybenko.empty, cybenko.zeros, cybenko.ones, cybenko.rand):
        with pytest.raises(RuntimeError, match="you tried to allocate 4000000000000 bytes"):
            make(10**12)
    with pytest.raises(RuntimeError, match="you tried to allocate 8000000000000 bytes"):
        cybenko.eye(10**6, 2 * 10**6)


def test_complex_data_is_refused_with_a_clear_error():
    """torch stores complex numbers; cybenko has no complex dtype and says so."""
    assert torch.tensor([1, 2 + 1j]).dtype == torch.complex64
    with pytest.raises(TypeError, match="cybenko has no complex dtypes"):
        cybenko.tensor([1, 2 + 1j])


def test_accepted_size_forms_become_plain_ints():
    """NumPy integers and integer tensors given as sizes leave no trace in the shape."""
    for T in LIBS:
        assert tuple(T.zeros(np.int64(2), T.tensor(3)).shape) == (2, 3)
    x = cybenko.ones(np.int64(2), cybenko.tensor([3]))
    shape = x.reshape(np.int32(3), cybenko.tensor(2)).shape
    assert [type(s) for s in shape] == [int, int]
