"""1-d and transposed convolution, 1-d and adaptive pooling, unfold/fold, interpolate,
grid_sample and affine_grid, and their layers, against torch 2.13.

Specifies: values, dtype, shape, grad_fn names and gradients over odd sizes, strides,
paddings, dilations, groups and ceil_mode edges; max indices and where ties and NaN send the
gradient; where each interpolation mode reads its source pixels (to torch's float32
rounding); errors in torch's words; the layers' reprs and their seeded initialization, bit
for bit; and a float64 finite-difference check of every new node.
"""

import itertools
import warnings

import numpy as np
import pytest

import cybenko
from cases import F64, Draws, case, f32, inf, nan, run
from helpers import check, check_error, check_finite_differences
from oracle import torch

pytestmark = pytest.mark.oracle

draw = Draws(seed=105)
rand = draw.rand


def r64(*shape):
    return draw.rand(*shape, dtype=F64)


def F(T):
    return T.nn.functional


# --- conv1d, conv_transpose1d, conv_transpose2d ----------------------------------------------

CONV_CASES = [
    case("conv1d", lambda T, x, w, b: F(T).conv1d(x, w, b), rand(2, 3, 9), rand(4, 3, 3), rand(4)),
    case(
        "conv1d_all",
        lambda T, x, w, b: F(T).conv1d(x, w, b, stride=2, padding=2, dilation=2, groups=3),
        rand(2, 3, 11),
        rand(6, 1, 3),
        rand(6),
    ),
    case(
        "conv1d_no_bias", lambda T, x, w: F(T).conv1d(x, w, stride=3), rand(3, 2, 10), rand(5, 2, 2)
    ),
    case(
        "conv1d_unbatched", lambda T, x, w: F(T).conv1d(x, w, padding=1), rand(3, 7), rand(2, 3, 3)
    ),
    case(
        "conv1d_same",
        lambda T, x, w: F(T).conv1d(x, w, padding="same"),
        rand(2, 3, 8),
        rand(4, 3, 5),
    ),
    case(
        "conv1d_same_even",
        lambda T, x, w: F(T).conv1d(x, w, padding="same", dilation=1),
        rand(2, 3, 8),
        rand(4, 3, 4),
    ),
    case(
        "conv1d_valid",
        lambda T, x, w: F(T).conv1d(x, w, padding="valid"),
        rand(2, 3, 8),
        rand(4, 3, 8),
    ),
    case(
        "conv1d_list_args",
        lambda T, x, w: F(T).conv1d(x, w, stride=[2], padding=(1,)),
        rand(1, 2, 6),
        rand(1, 2, 3),
    ),
    case("conv1d_empty_batch", lambda T, x, w: F(T).conv1d(x, w), rand(0, 3, 7), rand(4, 3, 3)),
    case(
        "conv1d_f64",
        lambda T, x, w, b: F(T).conv1d(x, w, b, padding=1),
        r64(2, 3, 6),
        r64(2, 3, 3),
        r64(2),
    ),
    case(
        "conv_t2d",
        lambda T, x, w, b: F(T).conv_transpose2d(x, w, b),
        rand(2, 3, 5, 4),
        rand(3, 2, 3, 3),
        rand(2),
    ),
    case(
        "conv_t2d_all",
        lambda T, x, w, b: F(T).conv_transpose2d(
            x, w, b, stride=(2, 3), padding=(1, 2), output_padding=(1, 2), groups=2, dilation=(2, 1)
        ),
        rand(2, 4, 5, 6),
        rand(4, 3, 3, 4),
        rand(6),
    ),
    case(
        "conv_t2d_output_padding_below_dilation",
        lambda T, x, w: F(T).conv_transpose2d(x, w, dilation=3, output_padding=2),
        rand(1, 2, 4, 3),
        rand(2, 1, 2, 2),
    ),
    case(
        "conv_t2d_crop_to_one_row",
        lambda T, x, w: F(T).conv_transpose2d(x, w, padding=(3, 0)),
        rand(2, 3, 7, 6),
        rand(3, 4, 1, 1),
    ),
    case(
        "conv_t2d_unbatched",
        lambda T, x, w: F(T).conv_transpose2d(x, w, stride=2),
        rand(3, 4, 5),
        rand(3, 2, 2, 3),
    ),
    case(
        "conv_t2d_empty_batch",
        lambda T, x, w: F(T).conv_transpose2d(x, w),
        rand(0, 3, 4, 5),
        rand(3, 2, 2, 3),
    ),
    case(
        "conv_t2d_f64",
        lambda T, x, w, b: F(T).conv_transpose2d(x, w, b, stride=2, padding=1),
        r64(2, 2, 3, 4),
        r64(2, 3, 3, 3),
        r64(3),
    ),
    case(
        "conv_t1d",
        lambda T, x, w, b: F(T).conv_transpose1d(x, w, b),
        rand(2, 3, 7),
        rand(3, 4, 3),
        rand(4),
    ),
    case(
        "conv_t1d_all",
        lambda T, x, w, b: F(T).conv_transpose1d(
            x, w, b, stride=3, padding=1, output_padding=2, groups=2, dilation=2
        ),
        rand(2, 4, 5),
        rand(4, 3, 3),
        rand(6),
    ),
    case(
        "conv_t1d_unbatched",
        lambda T, x, w: F(T).conv_transpose1d(x, w, stride=2, output_padding=1),
        rand(4, 5),
        rand(4, 3, 3),
    ),
]


@run(CONV_CASES)
def test_convolutions_match_torch(fn, inputs, options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # padding='same' with an even kernel warns in both
        check(fn, *inputs, atol=1e-5, rtol=1e-4, **options)


def test_integer_convolutions_match_torch():
    x, w = draw.ints(2, 3, 6), draw.ints(3, 2, 3)
    check(lambda T, x, w: F(T).conv1d(x, w.transpose(0, 1)), x, w, grad=False)
    check(lambda T, x, w: F(T).conv_transpose1d(x, w, stride=2), x, w, grad=False)


CONV_ERRORS = [
    case(
        "conv1d_4d_input",
        lambda T, x, w: F(T).conv1d(x.unsqueeze(0), w),
        rand(2, 3, 7),
        rand(4, 3, 3),
    ),
    case(
        "conv1d_4d_weight",
        lambda T, x, w: F(T).conv1d(x, w.unsqueeze(-1)),
        rand(2, 3, 7),
        rand(4, 3, 3),
    ),
    case("conv1d_kernel_larger", lambda T, x, w: F(T).conv1d(x, w), rand(2, 3, 7), rand(4, 3, 9)),
    case(
        "conv1d_float_stride",
        lambda T, x, w: F(T).conv1d(x, w, stride=1.5),
        rand(2, 3, 7),
        rand(4, 3, 3),
    ),
    case(
        "conv1d_two_strides",
        lambda T, x, w: F(T).conv1d(x, w, stride=(1, 2)),
        rand(2, 3, 7),
        rand(4, 3, 3),
    ),
    case("conv1d_channels", lambda T, x, w: F(T).conv1d(x, w), rand(2, 3, 7), rand(4, 2, 3)),
    case(
        "conv1d_bias",
        lambda T, x, w, b: F(T).conv1d(x, w, b),
        rand(2, 3, 7),
        rand(4, 3, 3),
        rand(3),
    ),
    case(
        "conv1d_padding_string",
        lambda T, x, w: F(T).conv1d(x, w, padding="full"),
        rand(2, 3, 7),
        rand(4, 3, 3),
    ),
    case(
        "conv1d_same_strided",
        lambda T, x, w: F(T).conv1d(x, w, padding="same", stride=2),
        rand(2, 3, 7),
        rand(4, 3, 3),
    ),
    case(
        "conv1d_groups", lambda T, x, w: F(T).conv1d(x, w, groups=2), rand(2, 4, 7), rand(3, 2, 3)
    ),
    case("conv1d_dtypes", lambda T, x, w: F(T).conv1d(x, w), rand(1, 3, 5), r64(2, 3, 3)),
    case(
        "conv_t2d_output_padding",
        lambda T, x, w: F(T).conv_transpose2d(x, w, output_padding=1),
        rand(2, 3, 7, 6),
        rand(3, 4, 3, 3),
    ),
    case(
        "conv_t2d_output_padding_stride",
        lambda T, x, w: F(T).conv_transpose2d(x, w, stride=2, output_padding=2),
        rand(2, 3, 7, 6),
        rand(3, 4, 3, 3),
    ),
    case(
        "conv_t1d_output_padding",
        lambda T, x, w: F(T).conv_transpose1d(x, w, output_padding=1),
        rand(2, 3, 7),
        rand(3, 4, 3),
    ),
    case(
        "conv_t2d_channels",
        lambda T, x, w: F(T).conv_transpose2d(x, w),
        rand(2, 3, 7, 6),
        rand(2, 4, 3, 3),
    ),
    case(
        "conv_t2d_groups",
        lambda T, x, w: F(T).conv_transpose2d(x, w, groups=2),
        rand(2, 3, 7, 6),
        rand(3, 4, 3, 3),
    ),
    case(
        "conv_t2d_5d",
        lambda T, x, w: F(T).conv_transpose2d(x.unsqueeze(0), w),
        rand(2, 3, 7, 6),
        rand(3, 4, 3, 3),
    ),
    case(
        "conv_t2d_2d",
        lambda T, x, w: F(T).conv_transpose2d(x[0, 0], w),
        rand(2, 3, 7, 6),
        rand(3, 4, 3, 3),
    ),
    case(
        "conv_t2d_bias",
        lambda T, x, w, b: F(T).conv_transpose2d(x, w, b),
        rand(2, 3, 7, 6),
        rand(3, 4, 3, 3),
        rand(3),
    ),
    case(
        "conv_t2d_padding_string",
        lambda T, x, w: F(T).conv_transpose2d(x, w, padding="same"),
        rand(2, 3, 7, 6),
        rand(3, 4, 3, 3),
    ),
    case(
        "conv_t2d_float_stride",
        lambda T, x, w: F(T).conv_transpose2d(x, w, stride=1.5),
        rand(2, 3, 7, 6),
        rand(3, 4, 3, 3),
    ),
    case(
        "conv_t2d_float_groups",
        lambda T, x, w: F(T).conv_transpose2d(x, w, groups=1.0),
        rand(2, 3, 7, 6),
        rand(3, 4, 3, 3),
    ),
    case(
        "conv_t2d_negative_padding",
        lambda T, x, w: F(T).conv_transpose2d(x, w, padding=-1),
        rand(2, 3, 7, 6),
        rand(3, 4, 3, 3),
    ),
    case(
        "conv_t2d_negative_output_padding",
        lambda T, x, w: F(T).conv_transpose2d(x, w, output_padding=-1),
        rand(2, 3, 7, 6),
        rand(3, 4, 3, 3),
    ),
    case(
        "conv_t2d_zero_stride",
        lambda T, x, w: F(T).conv_transpose2d(x, w, stride=0),
        rand(2, 3, 7, 6),
        rand(3, 4, 3, 3),
    ),
    case(
        "conv_t2d_zero_groups",
        lambda T, x, w: F(T).conv_transpose2d(x, w, groups=0),
        rand(2, 3, 7, 6),
        rand(3, 4, 3, 3),
    ),
    case(
        "conv_t2d_three_strides",
        lambda T, x, w: F(T).conv_transpose2d(x, w, stride=(1, 2, 3)),
        rand(2, 3, 7, 6),
        rand(3, 4, 3, 3),
    ),
    case(
        "conv_t2d_3d_weight",
        lambda T, x, w: F(T).conv_transpose2d(x, w),
        rand(2, 3, 7, 6),
        rand(3, 4, 3),
    ),
    case(
        "conv_t1d_4d_weight",
        lambda T, x, w: F(T).conv_transpose1d(x, w),
        rand(2, 3, 7),
        rand(3, 4, 3, 3),
    ),
    case(
        "conv_t2d_negative_size_f64",
        lambda T, x, w: F(T).conv_transpose2d(x, w, padding=4),
        r64(2, 3, 7, 6),
        r64(3, 4, 1, 1),
    ),
]


@run(CONV_ERRORS)
def test_convolution_errors_match_torch(fn, inputs, options):
    check_error(fn, *inputs, match="start")


# --- pooling ------------------------------------------------------------------------------------

TIES = f32(1, 3, 3, 2, 2, 0, 5, 5, 1, nan, 4, nan, 2).reshape(1, 1, 13)
MINUS_INF = f32(-inf, -inf, -inf, 1, -inf, -inf, -inf).reshape(1, 1, 7)

POOL_CASES = [
    case("max_pool1d", lambda T, x: F(T).max_pool1d(x, 3), rand(2, 3, 11)),
    case(
        "max_pool1d_all",
        lambda T, x: F(T).max_pool1d(x, 3, 2, 1, 2, ceil_mode=True),
        rand(2, 3, 11),
    ),
    case(
        "max_pool1d_indices",
        lambda T, x: F(T).max_pool1d(x, 3, 2, 1, 2, ceil_mode=True, return_indices=True),
        rand(2, 3, 12),
    ),
    case(
        "max_pool1d_unbatched", lambda T, x: F(T).max_pool1d(x, 2, return_indices=True), rand(3, 9)
    ),
    case(
        "max_pool1d_ceil_last_window_in_padding",
        lambda T, x: F(T).max_pool1d(x, 2, 2, 1, ceil_mode=True),
        rand(1, 2, 4),
    ),
    case(
        "max_pool1d_ceil_partial_window",
        lambda T, x: F(T).max_pool1d(x, 3, 2, ceil_mode=True, return_indices=True),
        rand(1, 2, 6),
    ),
    case("max_pool1d_ties_nan", lambda T, x: F(T).max_pool1d(x, 3, 1, return_indices=True), TIES),
    case(
        "max_pool1d_minus_inf",
        lambda T, x: F(T).max_pool1d(x, 3, 2, 1, return_indices=True),
        MINUS_INF,
    ),
    case("max_pool1d_empty_batch", lambda T, x: F(T).max_pool1d(x, 2), rand(0, 3, 4)),
    case("max_pool1d_f64", lambda T, x: F(T).max_pool1d(x, 2, 1), r64(2, 2, 5)),
    case("avg_pool1d", lambda T, x: F(T).avg_pool1d(x, 3), rand(2, 3, 11)),
    case(
        "avg_pool1d_all",
        lambda T, x: F(T).avg_pool1d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False),
        rand(2, 3, 10),
    ),
    case(
        "avg_pool1d_pad_counted",
        lambda T, x: F(T).avg_pool1d(x, 4, 3, 2, ceil_mode=True),
        rand(2, 3, 10),
    ),
    case("avg_pool1d_unbatched", lambda T, x: F(T).avg_pool1d(x, 2), rand(3, 9)),
    case("avg_pool1d_f64", lambda T, x: F(T).avg_pool1d(x, 2, 1, 1), r64(2, 2, 5)),
    case("adaptive_avg_pool1d", lambda T, x: F(T).adaptive_avg_pool1d(x, 3), rand(2, 3, 10)),
    case("adaptive_avg_pool1d_grow", lambda T, x: F(T).adaptive_avg_pool1d(x, 7), rand(2, 3, 5)),
    case("adaptive_avg_pool1d_one", lambda T, x: F(T).adaptive_avg_pool1d(x, 1), rand(2, 3, 5)),
    case(
        "adaptive_avg_pool1d_unbatched", lambda T, x: F(T).adaptive_avg_pool1d(x, (4,)), rand(3, 9)
    ),
    case("adaptive_max_pool1d", lambda T, x: F(T).adaptive_max_pool1d(x, 3), rand(2, 3, 10)),
    case(
        "adaptive_max_pool1d_indices",
        lambda T, x: F(T).adaptive_max_pool1d(x, 4, True),
        rand(3, 10),
    ),
    case(
        "adaptive_max_pool1d_grow", lambda T, x: F(T).adaptive_max_pool1d(x, 8, True), rand(2, 2, 5)
    ),
    # torch refuses the gradient of an empty output
    case(
        "adaptive_max_pool1d_zero",
        lambda T, x: F(T).adaptive_max_pool1d(x, 0),
        rand(2, 3, 5),
        grad=False,
    ),
    case("adaptive_max_pool1d_ties_nan", lambda T, x: F(T).adaptive_max_pool1d(x, 4, True), TIES),
    case(
        "adaptive_max_pool2d",
        lambda T, x: F(T).adaptive_max_pool2d(x, (3, 4), True),
        rand(2, 3, 10, 7),
    ),
    case("adaptive_max_pool2d_int", lambda T, x: F(T).adaptive_max_pool2d(x, 2), rand(2, 3, 5, 5)),
    case(
        "adaptive_max_pool2d_none",
        lambda T, x: F(T).adaptive_max_pool2d(x, (None, 5), True),
        rand(3, 10, 7),
    ),
    case(
        "adaptive_max_pool2d_grow",
        lambda T, x: F(T).adaptive_max_pool2d(x, (13, 9), True),
        rand(2, 3, 10, 7),
    ),
    case(
        "adaptive_max_pool2d_ties_nan",
        lambda T, x: F(T).adaptive_max_pool2d(x, (2, 3), True),
        f32(1, 1, 0, nan, 3, 3, 2, 2, nan, 1, 0, 7).reshape(1, 1, 3, 4),
    ),
    case("adaptive_max_pool2d_f64", lambda T, x: F(T).adaptive_max_pool2d(x, 3), r64(2, 2, 5, 4)),
    case(
        "adaptive_max_pool2d_empty_batch",
        lambda T, x: F(T).adaptive_max_pool2d(x, 3),
        rand(0, 2, 5, 4),
    ),
]


@run(POOL_CASES)
def test_pooling_matches_torch(fn, inputs, options):
    check(fn, *inputs, **options)


def test_integer_pooling_matches_torch():
    x = draw.ints(2, 3, 7)
    check(lambda T, x: F(T).max_pool1d(x, 2, return_indices=True), x, grad=False)
    check(lambda T, x: F(T).avg_pool1d(x, 3, 2, 1), x, grad=False)


POOL_ERRORS = [
    case("max_pool1d_4d", lambda T, x: F(T).max_pool1d(x.unsqueeze(0), 2), rand(2, 3, 7)),
    case("max_pool1d_1d", lambda T, x: F(T).max_pool1d(x[0, 0], 2), rand(2, 3, 7)),
    case("max_pool1d_empty", lambda T, x: F(T).max_pool1d(x, 1), rand(2, 3, 0)),
    case("max_pool1d_kernel_larger", lambda T, x: F(T).max_pool1d(x, 9), rand(2, 3, 7)),
    case("max_pool1d_padding", lambda T, x: F(T).max_pool1d(x, 2, padding=2), rand(2, 3, 7)),
    case(
        "max_pool1d_negative_padding", lambda T, x: F(T).max_pool1d(x, 2, padding=-1), rand(2, 3, 7)
    ),
    case("max_pool1d_zero_stride", lambda T, x: F(T).max_pool1d(x, 2, stride=0), rand(2, 3, 7)),
    case("max_pool1d_zero_kernel", lambda T, x: F(T).max_pool1d(x, 0), rand(2, 3, 7)),
    case("max_pool1d_zero_dilation", lambda T, x: F(T).max_pool1d(x, 2, dilation=0), rand(2, 3, 7)),
    case("max_pool1d_two_kernels", lambda T, x: F(T).max_pool1d(x, (2, 2)), rand(2, 3, 7)),
    case("max_pool1d_two_strides", lambda T, x: F(T).max_pool1d(x, 2, (2, 2)), rand(2, 3, 7)),
    case("max_pool1d_two_paddings", lambda T, x: F(T).max_pool1d(x, 2, 2, (0, 0)), rand(2, 3, 7)),
    case(
        "max_pool1d_two_dilations", lambda T, x: F(T).max_pool1d(x, 2, 2, 0, (1, 1)), rand(2, 3, 7)
    ),
    case("max_pool1d_float_kernel", lambda T, x: F(T).max_pool1d(x, 2.0), rand(2, 3, 7)),
    case("max_pool1d_integers", lambda T, x: F(T).max_pool1d(x, 2), draw.ints(1, 1, 6)),
    case(
        "max_pool1d_indices_4d",
        lambda T, x: F(T).max_pool1d(x.unsqueeze(0), 2, return_indices=True),
        rand(2, 3, 7),
    ),
    case(
        "max_pool1d_indices_kernel_larger",
        lambda T, x: F(T).max_pool1d(x, 9, return_indices=True),
        rand(2, 3, 7),
    ),
    case(
        "max_pool1d_indices_padding",
        lambda T, x: F(T).max_pool1d(x, 2, padding=2, return_indices=True),
        rand(2, 3, 7),
    ),
    case(
        "max_pool1d_indices_two_kernels",
        lambda T, x: F(T).max_pool1d(x, (2, 2), return_indices=True),
        rand(2, 3, 7),
    ),
    case(
        "max_pool1d_indices_zero_stride",
        lambda T, x: F(T).max_pool1d(x, 2, 0, return_indices=True),
        rand(2, 3, 7),
    ),
    case(
        "max_pool1d_indices_empty",
        lambda T, x: F(T).max_pool1d(x, 1, return_indices=True),
        rand(2, 3, 0),
    ),
    case("avg_pool1d_4d", lambda T, x: F(T).avg_pool1d(x.unsqueeze(0), 2), rand(2, 3, 7)),
    case("avg_pool1d_1d", lambda T, x: F(T).avg_pool1d(x[0, 0], 2), rand(2, 3, 7)),
    case("avg_pool1d_kernel_larger", lambda T, x: F(T).avg_pool1d(x, 9), rand(2, 3, 7)),
    case("avg_pool1d_padding", lambda T, x: F(T).avg_pool1d(x, 2, padding=2), rand(2, 3, 7)),
    case("avg_pool1d_zero_stride", lambda T, x: F(T).avg_pool1d(x, 2, stride=0), rand(2, 3, 7)),
    case("avg_pool1d_two_kernels", lambda T, x: F(T).avg_pool1d(x, (2, 2)), rand(2, 3, 7)),
    case("avg_pool1d_float_kernel", lambda T, x: F(T).avg_pool1d(x, 2.0), rand(2, 3, 7)),
    case(
        "adaptive_max_pool1d_4d",
        lambda T, x: F(T).adaptive_max_pool1d(x.unsqueeze(0), 2),
        rand(2, 3, 7),
    ),
    case(
        "adaptive_max_pool1d_two", lambda T, x: F(T).adaptive_max_pool1d(x, (2, 2)), rand(2, 3, 7)
    ),
    case(
        "adaptive_max_pool1d_negative", lambda T, x: F(T).adaptive_max_pool1d(x, -1), rand(2, 3, 7)
    ),
    case(
        "adaptive_max_pool1d_integers",
        lambda T, x: F(T).adaptive_max_pool1d(x, 2),
        draw.ints(1, 1, 6),
    ),
    case(
        "adaptive_max_pool2d_5d",
        lambda T, x: F(T).adaptive_max_pool2d(x.unsqueeze(0), 2),
        rand(2, 3, 7, 6),
    ),
    case(
        "adaptive_max_pool2d_2d",
        lambda T, x: F(T).adaptive_max_pool2d(x[0, 0], 2),
        rand(2, 3, 7, 6),
    ),
    case(
        "adaptive_max_pool2d_negative",
        lambda T, x: F(T).adaptive_max_pool2d(x, (-1, 2)),
        rand(2, 3, 7, 6),
    ),
    case(
        "adaptive_max_pool2d_three",
        lambda T, x: F(T).adaptive_max_pool2d(x, (2, 2, 2)),
        rand(2, 3, 7, 6),
    ),
    case(
        "adaptive_max_pool2d_empty", lambda T, x: F(T).adaptive_max_pool2d(x, 2), rand(2, 3, 0, 4)
    ),
    case(
        "adaptive_max_pool2d_integers",
        lambda T, x: F(T).adaptive_max_pool2d(x, 2),
        draw.ints(1, 1, 4, 4),
    ),
    case(
        "adaptive_avg_pool1d_4d",
        lambda T, x: F(T).adaptive_avg_pool1d(x.unsqueeze(0), 2),
        rand(2, 3, 7),
    ),
    case(
        "adaptive_avg_pool1d_two", lambda T, x: F(T).adaptive_avg_pool1d(x, (2, 2)), rand(2, 3, 7)
    ),
    case(
        "adaptive_avg_pool1d_negative", lambda T, x: F(T).adaptive_avg_pool1d(x, -1), rand(2, 3, 7)
    ),
    case("adaptive_avg_pool1d_none", lambda T, x: F(T).adaptive_avg_pool1d(x, None), rand(2, 3, 7)),
    case("adaptive_avg_pool1d_float", lambda T, x: F(T).adaptive_avg_pool1d(x, 2.0), rand(2, 3, 7)),
    case(
        "adaptive_avg_pool1d_integers",
        lambda T, x: F(T).adaptive_avg_pool1d(x, 2),
        draw.ints(1, 1, 6),
    ),
]


@run(POOL_ERRORS)
def test_pooling_errors_match_torch(fn, inputs, options):
    check_error(fn, *inputs, match="start")


# --- unfold and fold ----------------------------------------------------------------------------

FOLD_CASES = [
    case("unfold", lambda T, x: F(T).unfold(x, 2), rand(2, 3, 5, 4)),
    case(
        "unfold_all",
        lambda T, x: F(T).unfold(x, (2, 3), dilation=(1, 2), padding=(1, 0), stride=(2, 1)),
        rand(2, 4, 10, 7),
    ),
    case("unfold_unbatched", lambda T, x: F(T).unfold(x, 3, padding=1), rand(4, 6, 5)),
    case("unfold_kernel_is_image", lambda T, x: F(T).unfold(x, (5, 4)), rand(2, 3, 5, 4)),
    case(
        "unfold_large_padding",
        lambda T, x: F(T).unfold(x, 2, padding=3, stride=[1, 2]),
        rand(1, 2, 3, 3),
    ),
    case("unfold_empty_batch", lambda T, x: F(T).unfold(x, 2), rand(0, 2, 4, 4)),
    case("unfold_f64", lambda T, x: F(T).unfold(x, 2, stride=2), r64(2, 2, 5, 5)),
    case("fold", lambda T, x: F(T).fold(x, (3, 3), 2), rand(2, 12, 4)),
    case(
        "fold_all",
        lambda T, x: F(T).fold(x, (5, 6), (2, 3), dilation=(1, 2), padding=(1, 0), stride=(2, 1)),
        rand(2, 12, 6),
    ),
    case("fold_unbatched", lambda T, x: F(T).fold(x, 4, 2), rand(8, 9)),
    case("fold_empty_batch", lambda T, x: F(T).fold(x, (3, 3), 2), rand(0, 12, 4)),
    case("fold_f64", lambda T, x: F(T).fold(x, (4, 5), 3, padding=1), r64(1, 18, 20)),
]


@run(FOLD_CASES)
def test_unfold_and_fold_match_torch(fn, inputs, options):
    check(fn, *inputs, **options)


FOLD_ERRORS = [
    case("unfold_3_kernels", lambda T, x: F(T).unfold(x, (2, 2, 2)), rand(2, 3, 7, 6)),
    case("unfold_5d", lambda T, x: F(T).unfold(x.unsqueeze(0), 2), rand(2, 3, 7, 6)),
    case("unfold_2d", lambda T, x: F(T).unfold(x[0, 0], 1), rand(2, 3, 7, 6)),
    case("unfold_kernel_larger", lambda T, x: F(T).unfold(x, 8), rand(2, 3, 7, 6)),
    case("unfold_zero_kernel", lambda T, x: F(T).unfold(x, 0, stride=0), rand(2, 3, 7, 6)),
    case("unfold_negative_kernel", lambda T, x: F(T).unfold(x, (1, -1)), rand(2, 3, 7, 6)),
    case("unfold_zero_dilation_first", lambda T, x: F(T).unfold(x, 1, 0, -1, 0), rand(2, 3, 7, 6)),
    case(
        "unfold_padding_before_stride",
        lambda T, x: F(T).unfold(x, 1, padding=-1, stride=0),
        rand(2, 3, 7, 6),
    ),
    case("unfold_zero_stride", lambda T, x: F(T).unfold(x, 2, stride=0), rand(2, 3, 7, 6)),
    case("unfold_float_kernel", lambda T, x: F(T).unfold(x, 2.0), rand(2, 3, 7, 6)),
    case("unfold_empty_channels", lambda T, x: F(T).unfold(x, 2), rand(1, 0, 4, 4)),
    case("unfold_integers", lambda T, x: F(T).unfold(x, 2), draw.ints(1, 1, 4, 4)),
    case("fold_4d", lambda T, x: F(T).fold(x.unsqueeze(0), 3, 2), rand(2, 12, 4)),
    case("fold_1d", lambda T, x: F(T).fold(x[0, 0], 3, 2), rand(2, 12, 4)),
    case("fold_blocks", lambda T, x: F(T).fold(x, 4, 2), rand(2, 12, 4)),
    case("fold_no_blocks", lambda T, x: F(T).fold(x, 1, 2), rand(2, 12, 3)),
    case("fold_channels", lambda T, x: F(T).fold(x, 3, 2), rand(2, 10, 4)),
    case("fold_stride_before_dilation", lambda T, x: F(T).fold(x, 3, 1, 0, -1, 0), rand(2, 12, 4)),
    case("fold_zero_kernel", lambda T, x: F(T).fold(x, 3, 0), rand(2, 12, 4)),
    case("fold_3_output_sizes", lambda T, x: F(T).fold(x, (3, 3, 3), 2), rand(2, 12, 4)),
    case("fold_float_output_size", lambda T, x: F(T).fold(x, 3.0, 2), rand(2, 12, 4)),
    case("fold_integers", lambda T, x: F(T).fold(x, 3, 2), draw.ints(1, 4, 4)),
]


@run(FOLD_ERRORS)
def test_unfold_and_fold_errors_match_torch(fn, inputs, options):
    check_error(fn, *inputs, match="start")


def test_fold_of_unfold_counts_each_pixels_windows():
    check(
        lambda T, x: F(T).fold(F(T).unfold(x, 3, padding=1), (5, 4), 3, padding=1), rand(2, 3, 5, 4)
    )


# --- interpolate --------------------------------------------------------------------------------

SIZES_1D = [dict(size=1), dict(size=4), dict(size=13), dict(size=10), dict(scale_factor=2)]
SIZES_1D += [dict(scale_factor=s) for s in (1.7, 0.6, 3.3, 2.05, 1.05)]
SIZES_1D += [dict(scale_factor=1.7, recompute_scale_factor=True)]
MODES_1D = [("nearest", None), ("nearest-exact", None), ("linear", False), ("linear", True)]
MODES_1D += [("area", None)]
MODES_2D = [(m.replace("linear", "bilinear"), a) for m, a in MODES_1D]


def _spatial_2d(options: dict) -> dict:
    """The 1-d sizes on the height, a fixed or per-side scale on the width."""
    if "size" in options:
        return {**options, "size": (options["size"], 4)}
    scale = options["scale_factor"]
    return {**options, "scale_factor": (scale, 1.5)}


def _interpolate_cases():
    cases = []
    for dtype, length, options in [
        *itertools.product((np.float32,), (1, 5, 10), SIZES_1D),
        *((F64, 7, o) for o in SIZES_1D),
    ]:
        scale = options.get("scale_factor", 1)
        if int(length * scale) < 1:
            continue
        label = "_".join(f"{k}={v}" for k, v in options.items())
        for mode, align in MODES_1D:
            cases.append(
                case(
                    f"1d_{np.dtype(dtype).name}_L{length}_{label}_{mode}_{align}",
                    lambda T, x, o=options, m=mode, a=align: F(T).interpolate(
                        x, mode=m, align_corners=a, **o
                    ),
                    draw.rand(2, 3, length, dtype=dtype),
                )
            )
        options_2d = _spatial_2d(options)
        for mode, align in MODES_2D:
            cases.append(
                case(
                    f"2d_{np.dtype(dtype).name}_H{length}_{label}_{mode}_{align}",
                    lambda T, x, o=options_2d, m=mode, a=align: F(T).interpolate(
                        x, mode=m, align_corners=a, **o
                    ),
                    draw.rand(2, 3, length, 6, dtype=dtype),
                )
            )
    return cases


@run(_interpolate_cases())
def test_interpolate_matches_torch(fn, inputs, options):
    check(fn, *inputs, **options)


INTERPOLATE_EDGES = [
    case(
        "nearest_of_inf",
        lambda T, x: F(T).interpolate(x, scale_factor=2),
        f32(1, inf, -inf, 2).reshape(1, 1, 2, 2),
    ),
    case(
        "bilinear_of_inf",
        lambda T, x: F(T).interpolate(x, size=3, mode="bilinear"),
        f32(1, inf, 3, 2).reshape(1, 1, 2, 2),
    ),
    case(
        "bilinear_empty_batch",
        lambda T, x: F(T).interpolate(x, scale_factor=2, mode="bilinear"),
        rand(0, 3, 4, 4),
    ),
    case("size_list", lambda T, x: F(T).interpolate(x, size=[3, 3]), rand(2, 3, 5, 4)),
    case(
        "upsample", lambda T, x: F(T).upsample(x, scale_factor=2, mode="bilinear"), rand(2, 3, 5, 4)
    ),
    case("upsample_nearest", lambda T, x: F(T).upsample_nearest(x, size=7), rand(2, 3, 5, 4)),
    case(
        "upsample_bilinear",
        lambda T, x: F(T).upsample_bilinear(x, scale_factor=2),
        rand(2, 3, 5, 4),
    ),
    case(
        "downsample_bilinear",
        lambda T, x: F(T).interpolate(x, size=(3, 2), mode="bilinear"),
        rand(2, 3, 9, 8),
    ),
    case("area_2d", lambda T, x: F(T).interpolate(x, size=(3, 5), mode="area"), rand(2, 3, 9, 8)),
]


@run(INTERPOLATE_EDGES)
def test_interpolate_edges_match_torch(fn, inputs, options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(fn, *inputs, **options)


@pytest.mark.parametrize("name", ["upsample", "upsample_nearest", "upsample_bilinear"])
def test_deprecated_upsample_names_warn_as_torch(name):
    messages = []
    for lib in (torch, cybenko):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            getattr(F(lib), name)(lib.ones(1, 1, 2, 2), scale_factor=2)
        messages.append([str(w.message) for w in caught])
    assert messages[1] == messages[0]


INTERPOLATE_ERRORS = [
    case(
        "size_and_scale", lambda T, x: F(T).interpolate(x, size=3, scale_factor=2), rand(2, 3, 5, 4)
    ),
    case("neither", lambda T, x: F(T).interpolate(x), rand(2, 3, 5, 4)),
    case("size_zero", lambda T, x: F(T).interpolate(x, size=0), rand(2, 3, 5, 4)),
    case(
        "size_zero_bilinear",
        lambda T, x: F(T).interpolate(x, size=(0, 3), mode="bilinear"),
        rand(2, 3, 5, 4),
    ),
    case(
        "size_zero_linear", lambda T, x: F(T).interpolate(x, size=0, mode="linear"), rand(2, 3, 5)
    ),
    case("scale_too_small", lambda T, x: F(T).interpolate(x, scale_factor=0.1), rand(2, 3, 5, 4)),
    case("scale_negative", lambda T, x: F(T).interpolate(x, scale_factor=-1.0), rand(2, 3, 5, 4)),
    case("size_float", lambda T, x: F(T).interpolate(x, size=2.5), rand(2, 3, 5, 4)),
    case("size_tuple_float", lambda T, x: F(T).interpolate(x, size=(2.0, 3)), rand(2, 3, 5, 4)),
    case("size_length", lambda T, x: F(T).interpolate(x, size=(2, 3, 4)), rand(2, 3, 5, 4)),
    case(
        "scale_length", lambda T, x: F(T).interpolate(x, scale_factor=(2, 3, 4)), rand(2, 3, 5, 4)
    ),
    case(
        "nearest_align_corners",
        lambda T, x: F(T).interpolate(x, scale_factor=2, align_corners=True),
        rand(2, 3, 5, 4),
    ),
    case(
        "recompute_with_size",
        lambda T, x: F(T).interpolate(x, size=3, recompute_scale_factor=True),
        rand(2, 3, 5, 4),
    ),
    case(
        "bilinear_3d",
        lambda T, x: F(T).interpolate(x, scale_factor=2, mode="bilinear"),
        rand(2, 3, 5),
    ),
    case(
        "linear_4d",
        lambda T, x: F(T).interpolate(x, scale_factor=2, mode="linear"),
        rand(2, 3, 5, 4),
    ),
    case(
        "unknown_mode",
        lambda T, x: F(T).interpolate(x, scale_factor=2, mode="foo"),
        rand(2, 3, 5, 4),
    ),
    case("2d_input", lambda T, x: F(T).interpolate(x[0, 0], scale_factor=2), rand(2, 3, 5, 4)),
    case(
        "antialias_nearest",
        lambda T, x: F(T).interpolate(x, scale_factor=2, antialias=True),
        rand(2, 3, 5, 4),
    ),
    case(
        "empty_channels",
        lambda T, x: F(T).interpolate(x, scale_factor=2, mode="bilinear"),
        rand(2, 0, 4, 4),
    ),
    case(
        "empty_height",
        lambda T, x: F(T).interpolate(x, size=(3, 3), mode="bilinear"),
        rand(2, 3, 0, 4),
    ),
    case(
        "integers_nearest", lambda T, x: F(T).interpolate(x, scale_factor=2), draw.ints(2, 3, 5, 4)
    ),
    case(
        "integers_bilinear",
        lambda T, x: F(T).interpolate(x, scale_factor=2, mode="bilinear"),
        draw.ints(2, 3, 5, 4),
    ),
    case(
        "integers_linear",
        lambda T, x: F(T).interpolate(x, scale_factor=2, mode="linear"),
        draw.ints(2, 3, 5),
    ),
]


@run(INTERPOLATE_ERRORS)
def test_interpolate_errors_match_torch(fn, inputs, options):
    check_error(fn, *inputs, match="start")


# --- grid_sample and affine_grid ----------------------------------------------------------------

GRID_CASES = (
    [
        case(
            f"grid_sample_{mode}_{padding}_{align}_{np.dtype(dtype).name}",
            lambda T, x, g, m=mode, p=padding, a=align: F(T).grid_sample(
                x, g, mode=m, padding_mode=p, align_corners=a
            ),
            draw.rand(2, 3, 5, 4, dtype=dtype),
            draw.rand(2, 6, 7, 2, lo=-1.6, hi=1.6, dtype=dtype),
        )
        for mode, padding, align, dtype in itertools.product(
            ("bilinear", "nearest"),
            ("zeros", "border", "reflection"),
            (False, True),
            (np.float32, F64),
        )
    ]
    + [
        case(
            f"affine_grid_{size}_{align}",
            lambda T, theta, s=size, a=align: F(T).affine_grid(theta, s, align_corners=a),
            rand(2, 2, 3),
        )
        for size, align in itertools.product(
            ((2, 3, 4, 5), (2, 1, 1, 3), (2, 3, 6, 1)), (False, True)
        )
    ]
    + [
        case(
            "spatial_transformer",
            lambda T, x, theta: F(T).grid_sample(
                x, F(T).affine_grid(theta, (2, 3, 6, 5), align_corners=False), align_corners=False
            ),
            rand(2, 3, 5, 4),
            rand(2, 2, 3, lo=-1.0, hi=1.0),
        ),
        case(
            "grid_sample_one_pixel_reflection",
            lambda T, x, g: F(T).grid_sample(x, g, padding_mode="reflection", align_corners=True),
            rand(1, 2, 1, 1),
            rand(1, 3, 2, 2),
        ),
        case(
            "grid_sample_empty_channels",
            lambda T, x, g: F(T).grid_sample(x, g, align_corners=False),
            rand(2, 0, 5, 4),
            rand(2, 3, 2, 2),
        ),
    ]
)


@run(GRID_CASES)
def test_grid_sample_and_affine_grid_match_torch(fn, inputs, options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(fn, *inputs, **options)


@pytest.mark.parametrize("size, align", [((1, 1, 2, 2), None), ((1, 1, 1, 2), True)])
def test_affine_grid_warns_as_torch(size, align):
    messages = []
    for lib in (torch, cybenko):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            F(lib).affine_grid(lib.zeros(1, 2, 3), size, align_corners=align)
        messages.append([str(w.message) for w in caught])
    assert messages[1] == messages[0]


GRID_ERRORS = [
    case(
        "dtypes",
        lambda T, x, g: F(T).grid_sample(x, g, align_corners=False),
        rand(2, 3, 5, 4),
        r64(2, 6, 7, 2),
    ),
    case(
        "grid_3d",
        lambda T, x, g: F(T).grid_sample(x, g[0], align_corners=False),
        rand(2, 3, 5, 4),
        rand(2, 6, 7, 2),
    ),
    case(
        "batch",
        lambda T, x, g: F(T).grid_sample(x, g[:1], align_corners=False),
        rand(2, 3, 5, 4),
        rand(2, 6, 7, 2),
    ),
    case(
        "last_dim",
        lambda T, x, g: F(T).grid_sample(x, g, align_corners=False),
        rand(2, 3, 5, 4),
        rand(2, 6, 7, 3),
    ),
    case(
        "empty_image",
        lambda T, x, g: F(T).grid_sample(x, g, align_corners=False),
        rand(2, 3, 0, 4),
        rand(2, 6, 7, 2),
    ),
    case(
        "mode",
        lambda T, x, g: F(T).grid_sample(x, g, mode="foo"),
        rand(2, 3, 5, 4),
        rand(2, 6, 7, 2),
    ),
    case(
        "padding_mode",
        lambda T, x, g: F(T).grid_sample(x, g, padding_mode="foo"),
        rand(2, 3, 5, 4),
        rand(2, 6, 7, 2),
    ),
    case(
        "integers",
        lambda T, x, g: F(T).grid_sample(x, g, align_corners=False),
        draw.ints(2, 3, 5, 4),
        draw.ints(2, 6, 7, 2),
    ),
    case(
        "theta_integers",
        lambda T, t: F(T).affine_grid(t, (2, 3, 4, 5), align_corners=False),
        draw.ints(2, 2, 3),
    ),
    case(
        "theta_3d_size",
        lambda T, t: F(T).affine_grid(t, (2, 3, 4), align_corners=False),
        rand(2, 2, 3),
    ),
    case(
        "theta_shape",
        lambda T, t: F(T).affine_grid(t[0], (2, 3, 4, 5), align_corners=False),
        rand(2, 2, 3),
    ),
    case(
        "theta_5d_size",
        lambda T, t: F(T).affine_grid(t, (2, 3, 4, 5, 6), align_corners=False),
        rand(2, 2, 3),
    ),
    case(
        "size_zero",
        lambda T, t: F(T).affine_grid(t, (2, 3, 0, 5), align_corners=False),
        rand(2, 2, 3),
    ),
    case(
        "size_batch",
        lambda T, t: F(T).affine_grid(t, (3, 3, 4, 5), align_corners=False),
        rand(2, 2, 3),
    ),
]


@run(GRID_ERRORS)
def test_grid_errors_match_torch(fn, inputs, options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check_error(fn, *inputs, match="start")


# --- every new node against finite differences (float64) ----------------------------------------

GRADCHECK = [
    case(
        "conv1d",
        lambda T, x, w, b: F(T).conv1d(x, w, b, 2, 1, 2, 2),
        r64(2, 4, 7),
        r64(2, 2, 2),
        r64(2),
    ),
    case(
        "conv_transpose1d",
        lambda T, x, w, b: F(T).conv_transpose1d(x, w, b, 2, 1, 1, 2, 2),
        r64(2, 4, 3),
        r64(4, 1, 2),
        r64(2),
    ),
    case(
        "conv_transpose2d",
        lambda T, x, w, b: F(T).conv_transpose2d(x, w, b, (2, 1), 1, (1, 0), 2, (1, 2)),
        r64(1, 2, 3, 3),
        r64(2, 1, 2, 2),
        r64(2),
    ),
    case("adaptive_max_pool2d", lambda T, x: F(T).adaptive_max_pool2d(x, (2, 3)), r64(2, 1, 5, 4)),
    case("adaptive_max_pool1d", lambda T, x: F(T).adaptive_max_pool1d(x, 3), r64(2, 2, 7)),
    case("max_pool1d", lambda T, x: F(T).max_pool1d(x, 3, 2, 1, ceil_mode=True), r64(1, 2, 8)),
    case("avg_pool1d", lambda T, x: F(T).avg_pool1d(x, 3, 2, 1, True, False), r64(1, 2, 8)),
    case("unfold", lambda T, x: F(T).unfold(x, 2, 2, 1, (2, 1)), r64(1, 2, 4, 5)),
    case("fold", lambda T, x: F(T).fold(x, (4, 3), 2, padding=1, stride=2), r64(1, 8, 6)),
    case("nearest", lambda T, x: F(T).interpolate(x, scale_factor=1.7), r64(1, 2, 3, 4)),
    case(
        "nearest_exact_1d",
        lambda T, x: F(T).interpolate(x, size=7, mode="nearest-exact"),
        r64(1, 2, 4),
    ),
    case("linear", lambda T, x: F(T).interpolate(x, size=7, mode="linear"), r64(1, 2, 4)),
    case(
        "bilinear",
        lambda T, x: F(T).interpolate(x, size=(5, 2), mode="bilinear", align_corners=True),
        r64(1, 2, 3, 4),
    ),
    case(
        "grid_sample_bilinear",
        lambda T, x, g: F(T).grid_sample(x, g, padding_mode="reflection", align_corners=False),
        r64(1, 2, 3, 4),
        draw.rand(1, 2, 3, 2, lo=-1.4, hi=1.4, dtype=F64),
    ),
    case(
        "grid_sample_border",
        lambda T, x, g: F(T).grid_sample(x, g, padding_mode="border", align_corners=True),
        r64(1, 2, 3, 4),
        draw.rand(1, 2, 3, 2, lo=-1.4, hi=1.4, dtype=F64),
    ),
    case(
        "grid_sample_nearest",
        lambda T, x, g: F(T).grid_sample(x, g, mode="nearest", align_corners=False),
        r64(1, 2, 3, 4),
        draw.rand(1, 2, 3, 2, lo=-0.9, hi=0.9, dtype=F64),
    ),
    case(
        "affine_grid",
        lambda T, t: F(T).affine_grid(t, (2, 1, 3, 4), align_corners=False),
        r64(2, 2, 3),
    ),
]


@run(GRADCHECK)
def test_finite_differences(fn, inputs, options):
    check_finite_differences(fn, *inputs, **options)


# --- layers -------------------------------------------------------------------------------------

MODULES = [
    ("Conv1d", (3, 4, 3), {}),
    ("Conv1d", (4, 6, 5), {"stride": 2, "padding": 1, "dilation": 2, "groups": 2, "bias": False}),
    ("Conv1d", (3, 4, 3), {"padding": "same"}),
    ("Conv1d", (3, 4, 3), {"padding": 1, "padding_mode": "circular"}),
    ("Conv2d", (3, 4, 3), {"padding": (1, 2), "padding_mode": "reflect"}),
    ("ConvTranspose1d", (4, 6, 3), {"stride": 2, "groups": 2, "output_padding": 1}),
    ("ConvTranspose2d", (3, 4, (3, 2)), {"stride": 2, "padding": 1, "dilation": 2}),
    ("ConvTranspose2d", (4, 6, 3), {"groups": 2, "bias": False}),
    ("MaxPool1d", (3,), {}),
    ("MaxPool1d", (3, 2, 1), {"ceil_mode": True, "dilation": 2}),
    ("AvgPool1d", (3,), {"padding": 1}),
    ("AvgPool1d", (4, 2), {"ceil_mode": True, "count_include_pad": False}),
    ("AdaptiveMaxPool1d", (3,), {}),
    ("AdaptiveMaxPool2d", ((3, None),), {}),
    ("AdaptiveAvgPool1d", (2,), {}),
    ("Upsample", (), {"scale_factor": 2}),
    ("Upsample", (), {"size": (3, 4), "mode": "bilinear", "align_corners": True}),
    ("Upsample", (), {"scale_factor": (2, 3)}),
    ("UpsamplingNearest2d", (), {"scale_factor": 2}),
    ("UpsamplingBilinear2d", (), {"size": 4}),
    ("Fold", ((4, 5), 2), {}),
    ("Unfold", ((2, 3),), {"stride": 2}),
]


@pytest.mark.parametrize("name, args, kwargs", MODULES)
def test_layers_init_and_repr_match_torch(name, args, kwargs):
    """Seeded weights bit for bit, parameters in torch's order, and torch's repr."""
    made = []
    for lib in (torch, cybenko):
        lib.manual_seed(5)
        layer = getattr(lib.nn, name)(*args, **kwargs)
        made.append((repr(layer), [(k, p.detach().numpy()) for k, p in layer.named_parameters()]))
    (t_repr, t_params), (c_repr, c_params) = made
    assert c_repr == t_repr
    assert [k for k, _ in c_params] == [k for k, _ in t_params]
    for (_, t), (_, c) in zip(t_params, c_params, strict=True):
        np.testing.assert_array_equal(c, t)


PADDING_MODES = ["reflect", "replicate", "circular"]
LAYER_CASES = [
    case("Conv1d", lambda T, x: layer(T, "Conv1d", 3, 4, 3, padding=1)(x), rand(2, 3, 7)),
    *[
        case(
            f"Conv1d_{mode}",
            lambda T, x, mode=mode: layer(T, "Conv1d", 3, 4, 3, padding=2, padding_mode=mode)(x),
            rand(2, 3, 7),
        )
        for mode in PADDING_MODES
    ],
    *[
        case(
            f"Conv2d_{mode}",
            lambda T, x, mode=mode: layer(
                T, "Conv2d", 3, 4, (3, 2), stride=2, padding=(1, 2), padding_mode=mode
            )(x),
            rand(2, 3, 6, 5),
        )
        for mode in PADDING_MODES
    ],
    case(
        "Conv2d_same_reflect_dilated",
        lambda T, x: layer(
            T, "Conv2d", 2, 3, (4, 3), padding="same", dilation=2, padding_mode="reflect"
        )(x),
        rand(1, 2, 9, 8),
    ),
    case(
        "Conv1d_valid_replicate_unbatched",
        lambda T, x: layer(T, "Conv1d", 3, 2, 3, padding="valid", padding_mode="replicate")(x),
        rand(3, 7),
    ),
    case(
        "ConvTranspose1d",
        lambda T, x: layer(T, "ConvTranspose1d", 3, 2, 3, stride=2)(x),
        rand(2, 3, 7),
    ),
    case(
        "ConvTranspose2d",
        lambda T, x: layer(T, "ConvTranspose2d", 3, 2, 3, stride=2)(x),
        rand(2, 3, 4, 5),
    ),
    case(
        "ConvTranspose2d_output_size",
        lambda T, x: layer(T, "ConvTranspose2d", 3, 2, 3, stride=3)(x, output_size=(12, 16)),
        rand(2, 3, 4, 5),
    ),
    case(
        "ConvTranspose1d_output_size_with_batch",
        lambda T, x: layer(T, "ConvTranspose1d", 3, 2, 3, stride=2)(x, output_size=[2, 2, 16]),
        rand(2, 3, 7),
    ),
    case(
        "MaxPool1d",
        lambda T, x: layer(T, "MaxPool1d", 3, 2, 1, return_indices=True)(x),
        rand(2, 3, 8),
    ),
    case("AvgPool1d", lambda T, x: layer(T, "AvgPool1d", 3, 2, 1)(x), rand(2, 3, 8)),
    case(
        "AdaptiveMaxPool1d", lambda T, x: layer(T, "AdaptiveMaxPool1d", 3, True)(x), rand(2, 3, 8)
    ),
    case(
        "AdaptiveMaxPool2d",
        lambda T, x: layer(T, "AdaptiveMaxPool2d", (2, None))(x),
        rand(2, 3, 8, 5),
    ),
    case("AdaptiveAvgPool1d", lambda T, x: layer(T, "AdaptiveAvgPool1d", 3)(x), rand(2, 3, 8)),
    case(
        "Upsample",
        lambda T, x: layer(T, "Upsample", scale_factor=1.5, mode="bilinear")(x),
        rand(2, 3, 4, 5),
    ),
    case(
        "UpsamplingNearest2d",
        lambda T, x: layer(T, "UpsamplingNearest2d", size=(5, 7))(x),
        rand(2, 3, 4, 5),
    ),
    case(
        "UpsamplingBilinear2d",
        lambda T, x: layer(T, "UpsamplingBilinear2d", scale_factor=2)(x),
        rand(2, 3, 4, 5),
    ),
    case("Unfold", lambda T, x: layer(T, "Unfold", 2, padding=1)(x), rand(2, 3, 4, 5)),
    case("Fold", lambda T, x: layer(T, "Fold", (3, 4), 2)(x), rand(2, 8, 6)),
]


def layer(T, name, *args, **kwargs):
    T.manual_seed(9)
    return getattr(T.nn, name)(*args, **kwargs)


@run(LAYER_CASES)
def test_layers_match_torch(fn, inputs, options):
    check(fn, *inputs, atol=1e-5, rtol=1e-4, **options)


LAYER_ERRORS = [
    case("conv1d_groups", lambda T: T.nn.Conv1d(3, 4, 3, groups=2)),
    case("conv1d_zero_groups", lambda T: T.nn.Conv1d(3, 4, 3, groups=0)),
    case("conv1d_padding_string", lambda T: T.nn.Conv1d(3, 4, 3, padding="full")),
    case("conv1d_same_strided", lambda T: T.nn.Conv1d(3, 4, 3, padding="same", stride=2)),
    case("conv1d_float_kernel", lambda T: T.nn.Conv1d(3, 4, 2.5)),
    case("conv_t2d_padding_mode", lambda T: T.nn.ConvTranspose2d(3, 4, 3, padding_mode="reflect")),
    case("conv_t2d_out_channels", lambda T: T.nn.ConvTranspose2d(4, 3, 3, groups=2)),
    case(
        "conv_t2d_output_size_range",
        lambda T: layer(T, "ConvTranspose2d", 3, 2, 3, stride=2)(T.ones(1, 3, 4, 4), (20, 20)),
    ),
    case(
        "conv_t1d_output_size_length",
        lambda T: layer(T, "ConvTranspose1d", 3, 2, 3)(T.ones(1, 3, 4), (1, 2)),
    ),
]


@run(LAYER_ERRORS)
def test_layer_errors_match_torch(fn, inputs, options):
    check_error(fn, *inputs, match="start")


def test_unknown_padding_mode_is_refused_as_torch():
    # torch prints its set of modes, whose order can differ from one set to another
    for lib in (torch, cybenko):
        with pytest.raises(ValueError, match="^padding_mode must be one of {'"):
            lib.nn.Conv1d(3, 4, 3, padding_mode="mirror")
