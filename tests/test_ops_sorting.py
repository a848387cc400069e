"""Ordering, counting and running ops against torch: sort, argsort, msort, topk, kthvalue,
median, nanmedian, mode, quantile, nanquantile, unique, unique_consecutive, bincount, histc,
searchsorted, cumprod, cummax, cummin, logcumsumexp, diff, nanmean, nansum, std_mean,
var_mean and aminmax.

Each case runs on both libraries (values, dtype, shape, grad_fn and gradients; see
helpers.check). Ties: cybenko's sort is always stable, as torch's is with stable=True and,
in practice, for slices of up to 16 elements (insertion sort); both are compared index for
index. torch's default sort of longer slices, and its CPU topk, kthvalue, median(dim) and
mode, order equal values by std::sort / std::nth_element internals that no simple rule
reproduces (probed on random tie-heavy inputs), so those tie cases compare the values and
check that every index points at its value; their index-exact cases have no ties.
"""

import numpy as np
import pytest

import cybenko
from cases import F64, Draws, case, f32, f64, i64, inf, nan, run
from helpers import check, check_error, check_finite_differences
from oracle import torch

pytestmark = pytest.mark.oracle

draw = Draws(seed=102)
rand, ints = draw.rand, draw.ints

TIES = f32(3, 1, 3, 1, 2, 3, 1, 2)
TIES_NAN = f32(3, 1, nan, 3, 1, 2, nan, 1)
TIE_ROWS = np.array([[2, 1, 2, 1, 5], [0, 0, 4, 4, 4], [7, 7, 7, 7, 7]], np.float32)
MIXED = f32(2, 0, 3, 0.5, -1, 0, 4, -2)  # zeros for cumprod


def values_indices(out):
    return out.values, out.indices


CASES = (
    [
        # sort, argsort, msort: stable, nan last (first when descending)
        case("sort", lambda T, x: T.sort(x), rand(3, 5)),
        case("sort_dim0_desc", lambda T, x: x.sort(0, descending=True), rand(4, 3)),
        case("sort_ties", lambda T, x: T.sort(x), TIES),
        case("sort_ties_desc", lambda T, x: T.sort(x, descending=True), TIES),
        case("sort_nan", lambda T, x: T.sort(x), TIES_NAN),
        case("sort_nan_desc", lambda T, x: T.sort(x, -1, True), TIES_NAN),
        case("sort_stable", lambda T, x: T.sort(x, dim=1, stable=True), TIE_ROWS),
        case(
            "sort_stable_long_ties",
            lambda T, x: T.sort(x, stable=True),
            ints(3, 40, lo=0, hi=3).astype(np.float32),
        ),
        case(
            "sort_stable_long_desc",
            lambda T, x: x.sort(dim=0, descending=True, stable=True),
            ints(40, 2, lo=0, hi=3).astype(np.float32),
        ),
        case("argsort_stable_long", lambda T, x: T.argsort(x, stable=True), ints(50, lo=0, hi=4)),
        case("sort_stable_false", lambda T, x: x.sort(stable=False, descending=True), TIE_ROWS),
        case("sort_f64", lambda T, x: T.sort(x, 0), rand(3, 2, 2, dtype=F64)),
        case("sort_0d", lambda T, x: T.sort(x), rand()),
        case("sort_empty", lambda T, x: T.sort(x, 0), np.zeros((0, 3), np.float32)),
        case("sort_ints", lambda T, x: T.sort(x), ints(3, 6)),
        case("sort_bool", lambda T, x: x.sort(), np.array([True, False, True, False])),
        case("sort_inf", lambda T, x: T.sort(x), f32(inf, -inf, 0, nan, -0.0, 1)),
        case("argsort", lambda T, x: T.argsort(x, dim=0), TIE_ROWS),
        case("argsort_desc", lambda T, x: x.argsort(descending=True), TIES_NAN),
        case("argsort_stable", lambda T, x: T.argsort(x, stable=True), ints(2, 7, lo=0, hi=3)),
        case("msort", lambda T, x: T.msort(x), rand(4, 3)),
        case("msort_method", lambda T, x: x.msort(), TIE_ROWS),
        # topk: exact indices without ties
        case("topk", lambda T, x: T.topk(x, 2), rand(3, 5)),
        case("topk_smallest", lambda T, x: x.topk(3, dim=0, largest=False), rand(4, 2)),
        case("topk_all", lambda T, x: T.topk(x, 5, 1), rand(2, 5, dtype=F64)),
        case("topk_zero", lambda T, x: T.topk(x, 0), rand(2, 3)),
        case("topk_0d", lambda T, x: T.topk(x, 1), rand()),
        case("topk_nan_largest", lambda T, x: T.topk(x, 2), f32(1, nan, 3, 2)),
        case("topk_ints", lambda T, x: T.topk(x, 2), i64(4, 1, 9, 3)),
        case("topk_empty", lambda T, x: T.topk(x, 0), np.zeros((0, 3), np.float32)),
        # kthvalue, median, nanmedian, mode along a dim: exact indices without ties
        case("kthvalue", lambda T, x: T.kthvalue(x, 2), rand(3, 5)),
        case("kthvalue_keepdim", lambda T, x: x.kthvalue(3, 0, True), rand(4, 2, 3)),
        case("kthvalue_dim_neg", lambda T, x: T.kthvalue(x, 1, dim=-2), rand(3, 4, dtype=F64)),
        case("kthvalue_nan_last", lambda T, x: T.kthvalue(x, 4), f32(1, nan, 3, 2)),
        case("kthvalue_0d", lambda T, x: T.kthvalue(x, 1), rand()),
        case("kthvalue_ints", lambda T, x: T.kthvalue(x, 2), i64(4, 1, 9, 3)),
        case("median_all", lambda T, x: T.median(x), rand(3, 5)),
        case("median_all_even", lambda T, x: x.median(), rand(2, 4, dtype=F64)),
        case("median_all_ties", lambda T, x: T.median(x), TIES),
        case("median_all_nan", lambda T, x: T.median(x), TIES_NAN),
        case("median_all_empty", lambda T, x: T.median(x), np.zeros((0, 3), np.float32)),
        case("median_all_ints", lambda T, x: T.median(x), i64(1, 2)),
        case("median_dim", lambda T, x: T.median(x, 1), rand(3, 4)),
        case("median_dim_keepdim", lambda T, x: x.median(dim=0, keepdim=True), rand(5, 2)),
        case("median_dim_nan", lambda T, x: T.median(x, 0), f32(1, nan, 3, nan)),
        case("median_dim_nan_first", lambda T, x: T.median(x, 0), f32(nan, 1, nan, 3)),
        case("median_dim_0d", lambda T, x: T.median(x, 0), rand()),
        case("median_dim_empty_rows", lambda T, x: T.median(x, 1), np.zeros((0, 3), np.float32)),
        case("nanmedian_all", lambda T, x: T.nanmedian(x), TIES_NAN),
        case("nanmedian_all_nan_only", lambda T, x: T.nanmedian(x), f32(nan, nan)),
        case("nanmedian_all_empty", lambda T, x: T.nanmedian(x), np.zeros(0, np.float32)),
        case("nanmedian_dim", lambda T, x: x.nanmedian(1), f32(1, nan, 3, nan, 2, 7).reshape(2, 3)),
        case("nanmedian_dim_keepdim", lambda T, x: T.nanmedian(x, 0, True), rand(3, 2)),
        case("nanmedian_dim_all_nan", lambda T, x: T.nanmedian(x, 0), f32(nan, nan)),
        case("mode", lambda T, x: T.mode(x), f32(2, 5, 2, 7, 1)),
        case(
            "mode_rows", lambda T, x: x.mode(1), np.array([[4, 1, 4, 3], [2, 9, 9, 0]], np.float32)
        ),
        case("mode_keepdim", lambda T, x: T.mode(x, 0, keepdim=True), f32(1, 4, 4, 2)[:, None]),
        case("mode_smallest_of_equals", lambda T, x: T.mode(x).values, f32(2, 1, 2, 1, 5)),
        case("mode_ints", lambda T, x: T.mode(x), i64(1, 4, 2)),
        case("mode_0d", lambda T, x: T.mode(x), rand()),
        case("mode_empty_rows", lambda T, x: T.mode(x, 1), np.zeros((0, 3), np.float32)),
        # quantile, nanquantile
        case("quantile", lambda T, x: T.quantile(x, 0.3), rand(3, 5)),
        case("quantile_dim", lambda T, x: x.quantile(0.4, dim=1), rand(3, 5)),
        case("quantile_dim_keepdim", lambda T, x: T.quantile(x, 0.75, 0, True), rand(4, 3)),
        case("quantile_all_keepdim", lambda T, x: T.quantile(x, 0.5, keepdim=True), rand(2, 3)),
        case(
            "quantile_q_tensor",
            lambda T, x, q: T.quantile(x, q, dim=-1),
            rand(2, 6),
            f32(0, 0.25, 1),
        ),
        case(
            "quantile_q_tensor_keepdim",
            lambda T, x, q: T.quantile(x, q, 0, True),
            rand(4, 3),
            f32(0.1, 0.9),
        ),
        case("quantile_q_0d", lambda T, x, q: T.quantile(x, q, 1), rand(2, 3), np.float32(0.5)),
        case("quantile_ties", lambda T, x: T.quantile(x, 0.6), TIES),
        case("quantile_f64", lambda T, x: T.quantile(x, 0.37, 0), rand(7, 2, dtype=F64)),
        case(
            "quantile_nan",
            lambda T, x: T.quantile(x, 0.5, 1),
            f32(1, nan, 3, 4, 2, 7).reshape(2, 3),
        ),
        case("quantile_0d", lambda T, x: T.quantile(x, 0.5), rand()),
        case("quantile_0d_dim", lambda T, x: T.quantile(x, 0.5, 0, True), rand()),
        case(
            "nanquantile",
            lambda T, x: T.nanquantile(x, 0.5, 1),
            f32(1, nan, 3, 4, 2, 7).reshape(2, 3),
        ),
        case(
            "nanquantile_all_nan_row",
            lambda T, x: x.nanquantile(0.3, 1),
            f32(nan, nan, 1, 2).reshape(2, 2),
        ),
        case(
            "nanquantile_q_tensor",
            lambda T, x, q: T.nanquantile(x, q),
            TIES_NAN,
            f32(0.2, 0.5, 0.8),
        ),
    ]
    + [
        case(
            f"quantile_{how}",
            lambda T, x, q, how=how: T.quantile(x, q, 1, interpolation=how),
            rand(3, 5),
            f32(0, 0.125, 0.375, 0.4, 0.5, 0.625, 1),
        )
        for how in ("linear", "lower", "higher", "midpoint", "nearest")
    ]
    + [
        case(
            f"nanquantile_{how}",
            lambda T, x, how=how: T.nanquantile(x, 0.4, interpolation=how),
            TIES_NAN,
        )
        for how in ("lower", "higher", "midpoint", "nearest")
    ]
    + [
        # cumprod, cummax, cummin, logcumsumexp, diff
        case("cumprod", lambda T, x: T.cumprod(x, 1), rand(3, 4)),
        case("cumprod_zeros", lambda T, x: T.cumprod(x, 0), MIXED),
        case("cumprod_zeros_rows", lambda T, x: x.cumprod(dim=-1), MIXED.reshape(2, 4)),
        case("cumprod_two_zeros", lambda T, x: T.cumprod(x, 0), f32(2, 0, 3, 0, 5)),
        case("cumprod_f64", lambda T, x: T.cumprod(x, 0), rand(4, 3, dtype=F64)),
        case("cumprod_0d", lambda T, x: T.cumprod(x, 0), rand()),
        case("cumprod_ints", lambda T, x: T.cumprod(x, 0), i64(1, 2, 3)),
        case("cumprod_dtype", lambda T, x: T.cumprod(x, 0, dtype=T.float32), i64(1, 2, 3)),
        case("cumprod_bool", lambda T, x: T.cumprod(x, 0), np.array([True, True, False])),
        case("cumprod_inplace", lambda T, x: x.detach().clone().cumprod_(0), rand(3)),
        case("cumprod_inplace_graph", lambda T, x: (x * 1).cumprod_(1), MIXED.reshape(2, 4)),
        case("cummax", lambda T, x: T.cummax(x, 0), rand(5, 2)),
        case("cummax_ties", lambda T, x: T.cummax(x, 0), f32(1, 3, 2, 3, 1, 0, 3)),
        case("cummax_nan", lambda T, x: x.cummax(0), f32(1, 3, 2, 3, nan, 0, 5, nan, 1)),
        case("cummin", lambda T, x: T.cummin(x, -1), rand(2, 5)),
        case("cummin_ties", lambda T, x: T.cummin(x, 0), f32(1, 3, 2, 3, 1, 0, 3, 0)),
        case("cummin_nan", lambda T, x: T.cummin(x, 0), f32(1, nan, 0, nan, -1)),
        case("cummax_ints", lambda T, x: T.cummax(x, 0), i64(1, 3, 2)),
        case("cummax_0d", lambda T, x: T.cummax(x, 0), rand()),
        case("cummin_empty", lambda T, x: T.cummin(x, 0), np.zeros((0, 2), np.float32)),
        case("logcumsumexp", lambda T, x: T.logcumsumexp(x, 1), rand(3, 4)),
        case("logcumsumexp_f64", lambda T, x: x.logcumsumexp(0), rand(5, 2, dtype=F64)),
        case("logcumsumexp_neg_inf", lambda T, x: T.logcumsumexp(x, 0), f32(-inf, -inf, 1, 2)),
        case("logcumsumexp_large", lambda T, x: T.logcumsumexp(x, 0), f32(100, 90, 110, -50)),
        case("logcumsumexp_0d", lambda T, x: T.logcumsumexp(x, 0), rand()),
        case("diff", lambda T, x: T.diff(x), rand(3, 5)),
        case("diff_n2_dim0", lambda T, x: x.diff(n=2, dim=0), rand(4, 3)),
        case("diff_n_too_big", lambda T, x: T.diff(x, 3, 0), rand(2, 4)),
        case("diff_n0", lambda T, x: T.diff(x, 0), rand(2, 3)),
        case(
            "diff_prepend_append",
            lambda T, x, p, a: T.diff(x, prepend=p, append=a),
            rand(2, 3),
            rand(2, 1),
            rand(2, 2),
        ),
        case("diff_ints", lambda T, x: T.diff(x), i64(1, 5, 2, 2)),
        case("diff_bool", lambda T, x: T.diff(x), np.array([True, False, False, True])),
        case(
            "diff_int_prepend_float", lambda T, x, p: T.diff(x, prepend=p), i64(1, 5, 2), f32(0.5)
        ),
        # nansum, nanmean, std_mean, var_mean, aminmax
        case("nansum", lambda T, x: T.nansum(x), TIES_NAN),
        case("nansum_dim", lambda T, x: x.nansum(1, keepdim=True), TIES_NAN.reshape(2, 4)),
        case("nansum_dims", lambda T, x: T.nansum(x, (0, 2)), rand(2, 3, 2)),
        case("nansum_ints", lambda T, x: T.nansum(x), i64(1, 2)),
        case("nansum_bool", lambda T, x: T.nansum(x), np.array([True, True])),
        case("nansum_dtype", lambda T, x: T.nansum(x, dtype=T.float64), TIES_NAN),
        case("nanmean", lambda T, x: T.nanmean(x), TIES_NAN),
        case("nanmean_dim", lambda T, x: x.nanmean(1, keepdim=True), TIES_NAN.reshape(2, 4)),
        case("nanmean_all_nan", lambda T, x: T.nanmean(x, 0), f32(nan, nan, 1, nan).reshape(2, 2)),
        case("nanmean_empty", lambda T, x: T.nanmean(x), np.zeros(0, np.float32)),
        case("std_mean", lambda T, x: T.std_mean(x), rand(3, 4)),
        case("std_mean_dim", lambda T, x: T.std_mean(x, 1, keepdim=True, correction=0), rand(3, 4)),
        case("std_mean_unbiased", lambda T, x: T.std_mean(x, False), rand(5)),
        case("var_mean", lambda T, x: T.var_mean(x, dim=0, unbiased=False), rand(3, 4)),
        case("var_mean_positional", lambda T, x: T.var_mean(x, 0, False), rand(3, 4, dtype=F64)),
        case("var_mean_dims", lambda T, x: T.var_mean(x, (0, 2)), rand(2, 3, 4)),
        case("aminmax", lambda T, x: T.aminmax(x), rand(3, 4)),
        case("aminmax_dim", lambda T, x: x.aminmax(dim=1, keepdim=True), rand(3, 4)),
        case(
            "aminmax_ties",
            lambda T, x: T.aminmax(x, dim=1),
            np.array([[1, 1, 0], [2, 2, 2]], np.float32),
        ),
        case(
            "aminmax_all_ties",
            lambda T, x: T.aminmax(x),
            np.array([[1, 1, 0], [2, 2, 2]], np.float32),
        ),
        case("aminmax_keepdim_all", lambda T, x: T.aminmax(x, keepdim=True), rand(2, 3)),
        case("aminmax_ints", lambda T, x: T.aminmax(x), i64(1, 2)),
        case("aminmax_0d", lambda T, x: T.aminmax(x, dim=0), rand()),
        case("aminmax_nan", lambda T, x: T.aminmax(x), f32(1, nan)),
        case("aminmax_empty_rows", lambda T, x: T.aminmax(x, dim=1), np.zeros((0, 2), np.float32)),
        # histc, searchsorted, bincount (no gradient)
        case(
            "histc",
            lambda T, x: T.histc(x, bins=4, min=0, max=3),
            f32(1, 2, 1, 2.5, 4, 0, -1, nan, 3, inf),
        ),
        case("histc_data_range", lambda T, x: x.histc(7), rand(40)),
        case(
            "histc_edges_f32", lambda T, x: T.histc(x, 10, 0, 1), f32(0.1, 0.2, 0.3, 0.7, 0.9, 1.0)
        ),
        case("histc_same_min_max", lambda T, x: T.histc(x, 3, 2, 2), f32(1, 2, 3)),
        case("histc_one_value", lambda T, x: T.histc(x, 4), f32(1, 1)),
        case("histc_empty", lambda T, x: T.histc(x, 4), np.zeros(0, np.float32)),
        case("histc_f64_2d", lambda T, x: T.histc(x, 5, -1, 1), rand(3, 7, dtype=F64)),
        case(
            "searchsorted",
            lambda T, s, v: T.searchsorted(s, v),
            f32(1, 2, 2, 4, nan),
            f32(0, 2, 5, nan, 2.5, 4, 1, -1).reshape(2, 4),
        ),
        case(
            "searchsorted_right",
            lambda T, s, v: T.searchsorted(s, v, right=True),
            f32(1, 2, 2, 4, nan),
            f32(0, 2, 5, nan, 1),
        ),
        case(
            "searchsorted_side",
            lambda T, s, v: T.searchsorted(s, v, side="right"),
            f32(1, 2, 2, 4),
            f32(2, 4, 0),
        ),
        case(
            "searchsorted_int32",
            lambda T, s, v: T.searchsorted(s, v, out_int32=True),
            f32(1, 2, 3),
            f32(2.5, 0),
        ),
        case("searchsorted_scalar", lambda T, s: T.searchsorted(s, 2.0), f32(1, 2, 2, 4)),
        case(
            "searchsorted_int_scalar",
            lambda T, s: T.searchsorted(s, 2, right=True),
            f32(1, 2, 2, 4),
        ),
        case(
            "searchsorted_mixed_dtypes",
            lambda T, s, v: T.searchsorted(s, v),
            i64(1, 3, 5),
            f32(2.5, 3),
        ),
        case(
            "searchsorted_sorter",
            lambda T, s, v, o: T.searchsorted(s, v, sorter=o),
            f32(3, 1, 2),
            f32(2.5, 0, 2),
            i64(1, 2, 0),
        ),
        case(
            "searchsorted_rows",
            lambda T, s, v: T.searchsorted(s, v),
            f32(1, 3, 5, 2, 4, 6).reshape(2, 3),
            f32(3, 1, 0, 3, 4, 9).reshape(2, 3),
        ),
        case(
            "searchsorted_0d_value",
            lambda T, s, v: T.searchsorted(s, v),
            f32(1, 2),
            np.float32(1.5),
        ),
        case(
            "searchsorted_empty",
            lambda T, s, v: T.searchsorted(s, v),
            np.zeros(0, np.float32),
            f32(2.5),
        ),
        case(
            "searchsorted_random",
            lambda T, s, v: T.searchsorted(s, v, side="right"),
            np.sort(ints(30, lo=0, hi=9)),
            ints(4, 5, lo=-1, hi=10),
        ),
        case("bincount", lambda T, x: T.bincount(x), i64(1, 3, 3, 0)),
        case("bincount_minlength", lambda T, x: x.bincount(minlength=6), i64(1, 3, 3, 0)),
        case("bincount_empty", lambda T, x: T.bincount(x, minlength=3), np.zeros(0, np.int64)),
        case("bincount_uint8", lambda T, x: T.bincount(x), np.array([1, 3], np.uint8)),
        case(
            "bincount_weights_f32",
            lambda T, x, w: T.bincount(x, w),
            i64(1, 3, 3, 0),
            f32(0.5, 1, 2, 3),
            grad=False,
        ),
        case(
            "bincount_weights_f64",
            lambda T, x, w: T.bincount(x, weights=w),
            i64(1, 3, 3, 0),
            f64(0.5, 1, 2, 3),
            grad=False,
        ),
        case(
            "bincount_weights_ints",
            lambda T, x, w: T.bincount(x, weights=w),
            i64(1, 3, 3, 0),
            i64(1, 2, 3, 4),
        ),
        case(
            "bincount_weights_bool",
            lambda T, x, w: T.bincount(x, weights=w),
            i64(1, 3),
            np.array([True, False]),
        ),
        case("bincount_random", lambda T, x: T.bincount(x), ints(50, lo=0, hi=12)),
        # unique, unique_consecutive (float outputs have a node without a derivative: grad=False)
        case("unique", lambda T, x: T.unique(x), i64(3, 1, 2, 3, 1, 5, 2, 2)),
        case(
            "unique_unsorted",
            lambda T, x: T.unique(x, sorted=False),
            f32(5, 3, 9, 1, 3, 7, 5, 2),
            grad=False,
        ),
        case(
            "unique_all",
            lambda T, x: T.unique(x, return_inverse=True, return_counts=True),
            ints(3, 4, lo=0, hi=4),
        ),
        case("unique_counts", lambda T, x: x.unique(return_counts=True), i64(3, 1, 2, 3)),
        case("unique_inverse", lambda T, x: x.unique(return_inverse=True), i64(3, 1, 2, 3)),
        case(
            "unique_nan",
            lambda T, x: T.unique(x, return_inverse=True, return_counts=True),
            f32(2, nan, 1, nan, 2),
            grad=False,
        ),
        case(
            "unique_dim0",
            lambda T, x: T.unique(x, dim=0, return_inverse=True, return_counts=True),
            i64(1, 2, 0, 1, 1, 2, 0, 0).reshape(4, 2),
        ),
        case(
            "unique_dim1",
            lambda T, x: T.unique(x, dim=1, return_inverse=True, return_counts=True),
            f32(1, 0, 1, 2, 1, 2).reshape(2, 3),
            grad=False,
        ),
        case(
            "unique_empty",
            lambda T, x: T.unique(x, return_inverse=True, return_counts=True),
            np.zeros(0, np.float32),
            grad=False,
        ),
        case(
            "unique_0d",
            lambda T, x: T.unique(x, return_inverse=True, return_counts=True),
            i64(5).reshape(()),
        ),
        case(
            "unique_dim_empty",
            lambda T, x: T.unique(x, dim=0, return_inverse=True, return_counts=True),
            np.zeros((0, 3), np.float32),
            grad=False,
        ),
        case(
            "unique_bool",
            lambda T, x: T.unique(x, return_counts=True),
            np.array([True, False, True]),
        ),
        case(
            "unique_consecutive",
            lambda T, x: T.unique_consecutive(x, return_inverse=True, return_counts=True),
            i64(1, 1, 2, 2, 3, 1, 1, 2),
        ),
        case("unique_consecutive_plain", lambda T, x: x.unique_consecutive(), i64(1, 1, 2, 1)),
        case(
            "unique_consecutive_2d",
            lambda T, x: T.unique_consecutive(x, return_inverse=True),
            i64(1, 1, 2, 2, 2, 3).reshape(2, 3),
        ),
        case(
            "unique_consecutive_dim0",
            lambda T, x: T.unique_consecutive(x, dim=0, return_inverse=True, return_counts=True),
            i64(1, 2, 1, 2, 0, 1, 0, 1, 1, 2).reshape(5, 2),
        ),
        case(
            "unique_consecutive_dim1",
            lambda T, x: T.unique_consecutive(x, return_counts=True, dim=1),
            i64(1, 1, 2, 3, 3, 2).reshape(2, 3),
        ),
        case(
            "unique_consecutive_nan",
            lambda T, x: T.unique_consecutive(x, return_counts=True),
            f32(1, nan, nan, 1),
            grad=False,
        ),
    ]
)


@run(CASES)
def test_parity(fn, inputs, options):
    check(fn, *inputs, **options)


# --- ties: values exact, indices valid ----------------------------------------------------------

TIE_CALLS = [  # dim: the dim the indices point along
    case("sort_long_ties", lambda T, x: T.sort(x), ints(40, lo=0, hi=3).astype(np.float32), dim=0),
    case(
        "sort_long_ties_desc",
        lambda T, x: T.sort(x, 1, True),
        ints(2, 30, lo=0, hi=3).astype(np.float32),
        dim=1,
    ),
    case("topk_ties", lambda T, x: T.topk(x, 3), TIES, dim=0),
    case("topk_ties_smallest", lambda T, x: T.topk(x, 3, largest=False), TIES, dim=0),
    case("topk_ties_nan", lambda T, x: T.topk(x, 4), TIES_NAN, dim=0),
    case("topk_ties_rows", lambda T, x: T.topk(x, 2, dim=1), TIE_ROWS, dim=1),
    case("kthvalue_ties", lambda T, x: T.kthvalue(x, 2), TIES, dim=0),
    case("kthvalue_ties_rows", lambda T, x: T.kthvalue(x, 3, 1, True), TIE_ROWS, dim=1),
    case("kthvalue_ties_nan", lambda T, x: T.kthvalue(x, 8), TIES_NAN, dim=0),
    case("median_ties", lambda T, x: T.median(x, 0), TIES, dim=0),
    case("median_ties_rows", lambda T, x: T.median(x, 1), TIE_ROWS, dim=1),
    case("median_ties_nan", lambda T, x: T.median(x, -1), TIES_NAN, dim=0),
    case("nanmedian_ties_nan", lambda T, x: T.nanmedian(x, 0), TIES_NAN, dim=0),
    case("mode_ties", lambda T, x: T.mode(x), TIES, dim=0),
    case("mode_ties_rows", lambda T, x: T.mode(x, 1, keepdim=True), TIE_ROWS, dim=1),
    case("mode_ties_big", lambda T, x: T.mode(x), ints(300, lo=0, hi=3).astype(np.float64), dim=0),
]


@run(TIE_CALLS)
def test_ties_give_torchs_values_and_valid_indices(fn, inputs, options):
    (x,) = inputs
    dim = options["dim"]
    check(lambda T, x: fn(T, x).values, x, grad=False)
    t_indices = fn(torch, torch.tensor(x)).indices
    values, indices = fn(cybenko, cybenko.tensor(x))
    assert indices.dtype == cybenko.int64 and tuple(indices.shape) == tuple(t_indices.shape)
    idx = indices.numpy()
    if idx.ndim < x.ndim:
        idx = np.expand_dims(idx, dim)
    picked = np.take_along_axis(x, idx, axis=dim).reshape(values.shape)
    np.testing.assert_array_equal(picked, values.numpy())


def test_tied_picks_gather_their_values_along_the_dim():
    x = cybenko.tensor(TIE_ROWS)
    for out in (x.topk(2, 1), x.kthvalue(2, 1, keepdim=True), x.median(1, True), x.mode(1, True)):
        np.testing.assert_array_equal(x.gather(1, out.indices).numpy(), out.values.numpy())


def test_gradients_follow_the_picked_index_under_ties():
    x = cybenko.tensor(TIES, requires_grad=True)
    out = x.kthvalue(2)
    out.values.backward()
    expected = np.zeros_like(TIES)
    expected[out.indices.item()] = 1
    np.testing.assert_array_equal(x.grad.numpy(), expected)


# --- named results --------------------------------------------------------------------------------


def test_named_results_read_by_name_and_print_as_torch():
    x = np.array([[2.0, 1.0, 3.0], [0.0, 5.0, 4.0]], np.float32)
    for name, call in [
        ("sort", lambda T, t: t.sort()),
        ("topk", lambda T, t: t.topk(2)),
        ("kthvalue", lambda T, t: t.kthvalue(1)),
        ("median", lambda T, t: t.median(1)),
        ("nanmedian", lambda T, t: t.nanmedian(0)),
        ("mode", lambda T, t: t.mode(1)),
        ("cummax", lambda T, t: t.cummax(1)),
        ("cummin", lambda T, t: T.cummin(t, 0)),
        ("aminmax", lambda T, t: T.aminmax(t, dim=0)),
        ("max", lambda T, t: T.max(t, 1)),
    ]:
        t_out = call(torch, torch.tensor(x))
        c_out = call(cybenko, cybenko.tensor(x))
        assert repr(c_out) == repr(t_out), name
        assert type(c_out).__name__ == name
    assert cybenko.tensor(x).sort().values.shape == (2, 3)
    np.testing.assert_array_equal(cybenko.max(cybenko.tensor(x), 1).indices.numpy(), [2, 1])
    assert cybenko.aminmax(cybenko.tensor(x)).max.item() == 5


# --- backward that torch does not have ------------------------------------------------------------


def test_unique_records_a_node_without_a_derivative():
    x = f32(2, 1, 2, nan)
    m = f32(2, 1, 0, 1, 2, 1).reshape(3, 2)
    check(lambda T, x: T.unique(x), x, grad=False)
    for fn, a in [
        (lambda T, x: T.unique(x), x),
        (lambda T, x: T.unique(x, dim=0), m),
        (lambda T, x: T.unique_consecutive(x), x),
        (lambda T, x: T.unique_consecutive(x, dim=1), m),
    ]:
        t = fn(torch, torch.tensor(a, requires_grad=True))
        c = fn(cybenko, cybenko.tensor(a, requires_grad=True))
        assert c.grad_fn.name() == t.grad_fn.name()
        check_error(lambda T, x, fn=fn: fn(T, x).sum().backward(), a, match=True, grad=True)


def test_bincount_weights_record_a_node_without_a_derivative():
    idx, w = i64(1, 3, 3, 0), f32(0.5, 1, 2, 3)
    t = torch.bincount(torch.tensor(idx), torch.tensor(w, requires_grad=True))
    c = cybenko.bincount(cybenko.tensor(idx), cybenko.tensor(w, requires_grad=True))
    assert c.grad_fn.name() == t.grad_fn.name()

    def backward(T, i, w):
        return T.bincount(i.long(), w).sum().backward()

    check_error(backward, idx.astype(np.float32), w, match=True, grad=True)


# --- finite differences (float64) ----------------------------------------------------------------

FD = [
    case("sort", lambda T, x: T.sort(x, 1).values, rand(3, 4, dtype=F64)),
    case("sort_desc", lambda T, x: T.sort(x, 0, descending=True).values, rand(3, 4, dtype=F64)),
    case("msort", lambda T, x: T.msort(x), rand(3, 2, dtype=F64)),
    case("topk", lambda T, x: T.topk(x, 2).values, rand(3, 4, dtype=F64)),
    case("kthvalue", lambda T, x: T.kthvalue(x, 2, 0).values, rand(3, 4, dtype=F64)),
    case("median", lambda T, x: T.median(x), rand(3, 3, dtype=F64)),
    case("median_dim", lambda T, x: T.median(x, 1).values, rand(3, 4, dtype=F64)),
    case("nanmedian", lambda T, x: T.nanmedian(x), f64(0.3, nan, -1.2, 2.1)),
    case("nanmedian_dim", lambda T, x: T.nanmedian(x, 0, True).values, rand(4, 2, dtype=F64)),
    case("mode_distinct", lambda T, x: T.mode(x).values, rand(5, dtype=F64)),
    case("quantile", lambda T, x: T.quantile(x, 0.3, 1), rand(3, 5, dtype=F64)),
    case(
        "quantile_q",
        lambda T, x: T.quantile(x, T.tensor([0.1, 0.5, 0.85], dtype=T.float64)),
        rand(7, dtype=F64),
    ),
    case(
        "quantile_q_grad",
        lambda T, x, q: T.quantile(x, q, 1),
        rand(3, 5, dtype=F64),
        f64(0.2, 0.55),
    ),
    case(
        "nanquantile_q_grad",
        lambda T, x, q: T.nanquantile(x, q),
        f64(0.3, nan, -1.2, 2.1, 0.7),
        f64(0.3),
    ),
    case(
        "quantile_midpoint",
        lambda T, x: T.quantile(x, 0.5, 0, interpolation="midpoint"),
        rand(4, 2, dtype=F64),
    ),
    case("nanquantile", lambda T, x: T.nanquantile(x, 0.6), f64(0.3, nan, -1.2, 2.1, 0.7)),
    case("cumprod", lambda T, x: T.cumprod(x, 1), rand(2, 5, dtype=F64)),
    case("cumprod_zero", lambda T, x: T.cumprod(x, 0), f64(1.5, -0.7, 0, 1.3, 2.0)),
    case(
        "cumprod_two_zeros",
        lambda T, x: T.cumprod(x, -1),
        f64(1.5, 0, 0.8, 0, 2.0, 0.9, 1.1, 0, -1.4, 2).reshape(2, 5),
    ),
    case("cummax", lambda T, x: T.cummax(x, 0).values, rand(5, 2, dtype=F64)),
    case("cummin", lambda T, x: T.cummin(x, 1).values, rand(2, 5, dtype=F64)),
    case("logcumsumexp", lambda T, x: T.logcumsumexp(x, 1), rand(2, 5, dtype=F64)),
    case("diff", lambda T, x: T.diff(x, 2, 0), rand(4, 3, dtype=F64)),
    case(
        "diff_prepend",
        lambda T, x, p: T.diff(x, prepend=p),
        rand(2, 3, dtype=F64),
        rand(2, 2, dtype=F64),
    ),
    case("nansum", lambda T, x: T.nansum(x, 0), f64(0.3, nan, -1.2, 2.1).reshape(2, 2)),
    case("nanmean", lambda T, x: T.nanmean(x, 1), f64(0.3, nan, -1.2, 2.1, 0.4, nan).reshape(2, 3)),
    case("std_mean", lambda T, x: sum(o.sum() for o in T.std_mean(x, 1)), rand(3, 4, dtype=F64)),
    case(
        "var_mean",
        lambda T, x: sum(o.sum() * k for k, o in enumerate(T.var_mean(x, 0), 1)),
        rand(3, 4, dtype=F64),
    ),
    case(
        "aminmax",
        lambda T, x: sum(o.sum() * k for k, o in enumerate(T.aminmax(x, dim=1), 1)),
        rand(3, 4, dtype=F64),
    ),
]


@run(FD)
def test_finite_differences(fn, inputs, options):
    check_finite_differences(fn, *inputs, **options)


# --- errors ---------------------------------------------------------------------------------------

X = rand(2, 3)
ERRORS = [
    case("sort_descending_positional", lambda T, x: T.sort(x, True), X),
    case("sort_dim", lambda T, x: x.sort(dim=2), X),
    case("topk_k_big", lambda T, x: x.topk(4), X),
    case("topk_k_negative", lambda T, x: T.topk(x, -1), X),
    case("topk_k_float", lambda T, x: x.topk(2.0), X),
    case("topk_0d_k", lambda T, x: x.topk(2), rand()),
    case("topk_bool", lambda T, x: (x > 0).topk(1), X),
    case("kthvalue_zero", lambda T, x: x.kthvalue(0), X),
    case("kthvalue_big", lambda T, x: T.kthvalue(x, 4), X),
    case("kthvalue_empty_dim", lambda T, x: T.kthvalue(x, 1, 0), np.zeros((0, 3), np.float32)),
    case("kthvalue_bool", lambda T, x: (x > 0).kthvalue(1), X),
    case("median_empty_dim", lambda T, x: T.median(x, 0), np.zeros((0, 3), np.float32)),
    case("median_bool", lambda T, x: (x > 0).median(), X),
    case("mode_empty_dim", lambda T, x: T.mode(x, 0), np.zeros((0, 3), np.float32)),
    case("quantile_ints", lambda T, x: T.quantile(x, 0.5), i64(1, 2)),
    case("quantile_q_range", lambda T, x: T.quantile(x, 1.5), X),
    case("quantile_q_tensor_range", lambda T, x, q: T.quantile(x, q), X, f32(-0.1, 0.5)),
    case("quantile_q_2d", lambda T, x, q: T.quantile(x, q), X, f32(0.5).reshape(1, 1)),
    case("quantile_q_dtype", lambda T, x, q: T.quantile(x, q), X, f64(0.5)),
    case("quantile_interpolation", lambda T, x: T.quantile(x, 0.5, interpolation="foo"), X),
    case("quantile_empty", lambda T, x: T.quantile(x, 0.5), np.zeros(0, np.float32)),
    case(
        "quantile_empty_dim", lambda T, x: T.quantile(x, 0.5, dim=1), np.zeros((2, 0), np.float32)
    ),
    case("nanquantile_q_range", lambda T, x: T.nanquantile(x, 2.0), X),
    case("unique_dim_range", lambda T, x: T.unique(x, dim=2), X),
    case("unique_zero_sized", lambda T, x: T.unique(x, dim=1), np.zeros((0, 3), np.float32)),
    case("bincount_negative", lambda T, x: T.bincount(x), i64(1, -3)),
    case("bincount_float", lambda T, x: T.bincount(x), X[0]),
    case("bincount_2d", lambda T, x: T.bincount(x), i64(1, 3).reshape(1, 2)),
    case("bincount_minlength", lambda T, x: T.bincount(x, minlength=-1), i64(1, 3)),
    case("bincount_weights_size", lambda T, x, w: T.bincount(x, w), i64(1, 3), f32(1)),
    case("bincount_bool", lambda T, x: T.bincount(x), np.array([True, False])),
    case("histc_ints", lambda T, x: T.histc(x, 4), i64(1, 2, 3)),
    case("histc_bins", lambda T, x: T.histc(x, 0), X),
    case("histc_min_max", lambda T, x: T.histc(x, 3, min=3, max=1), X),
    case("histc_nan_min", lambda T, x: T.histc(x, 3, min=nan), X),
    case("histc_inf_data", lambda T, x: T.histc(x, 3), f32(1, inf)),
    case(
        "searchsorted_side", lambda T, s, v: T.searchsorted(s, v, side="middle"), f32(1, 2), f32(1)
    ),
    case(
        "searchsorted_opposites",
        lambda T, s, v: T.searchsorted(s, v, side="left", right=True),
        f32(1, 2),
        f32(1),
    ),
    case(
        "searchsorted_sorter_size",
        lambda T, s, v, o: T.searchsorted(s, v, sorter=o),
        f32(3, 1, 2),
        f32(1),
        i64(1, 2),
    ),
    case(
        "searchsorted_sorter_dtype",
        lambda T, s, v, o: T.searchsorted(s, v, sorter=o),
        f32(3, 1, 2),
        f32(1),
        f32(1, 2, 0),
    ),
    case(
        "searchsorted_0d_boundaries",
        lambda T, s, v: T.searchsorted(s, v),
        np.array(1, np.float32),
        f32(1),
    ),
    case("searchsorted_rows", lambda T, s, v: T.searchsorted(s, v), X, f32(3, 3)),
    case("searchsorted_scalar_rows", lambda T, s: T.searchsorted(s, 3.0), X),
    case("searchsorted_bool", lambda T, s, v: T.searchsorted(s > 0, v > 0), X[0], f32(1)),
    case("cummax_dim", lambda T, x: T.cummax(x, 2), X),
    case("logcumsumexp_ints", lambda T, x: T.logcumsumexp(x, 0), i64(1, 2)),
    case("diff_0d", lambda T, x: T.diff(x), rand()),
    case("diff_negative_n", lambda T, x: T.diff(x, n=-1), X),
    case("diff_prepend_ndim", lambda T, x, p: T.diff(x, prepend=p), X, f32(0, 0, 0)),
    case(
        "diff_prepend_shape", lambda T, x, p: T.diff(x, prepend=p), X, np.zeros((3, 1), np.float32)
    ),
    case("nanmean_ints", lambda T, x: T.nanmean(x), i64(1, 2)),
    case("nanmean_ints_dtype", lambda T, x: T.nanmean(x, dtype=T.float64), i64(1, 2)),
    case("var_mean_ints", lambda T, x: T.var_mean(x), i64(1, 2)),
    case("std_mean_ints", lambda T, x: T.std_mean(x), i64(1, 2)),
    case("aminmax_empty", lambda T, x: T.aminmax(x), np.zeros(0, np.float32)),
    case("aminmax_empty_dim", lambda T, x: T.aminmax(x, dim=0), np.zeros((0, 2), np.float32)),
    case("aminmax_dim_tuple", lambda T, x: T.aminmax(x, dim=(0, 1)), X),
]


@run(ERRORS)
def test_errors(fn, inputs, options):
    check_error(fn, *inputs, match="start")


def test_histc_nan_data_is_refused_as_in_torch():
    # torch prints the range as [-nan, -nan] here (the sign bit of the nan it computed)
    check_error(lambda T, x: T.histc(x, 3), f32(1, nan))


# --- axis= and keepdims= --------------------------------------------------------------------------

AXIS = [
    case("sort_axis", lambda T, x: T.sort(x, axis=0), X),
    case("argsort_axis", lambda T, x: x.argsort(axis=0), X),
    case("topk_axis", lambda T, x: T.topk(x, 1, axis=0), X),
    case("kthvalue_keepdims", lambda T, x: x.kthvalue(1, axis=1, keepdims=True), X),
    case("median_keepdims", lambda T, x: T.median(x, axis=0, keepdims=True), X),
    case("mode_axis", lambda T, x: x.mode(axis=0), X),
    case("quantile_keepdims", lambda T, x: T.quantile(x, 0.5, axis=1, keepdims=True), X),
    case("cumprod_axis", lambda T, x: x.cumprod(axis=1), X),
    case("cummax_axis", lambda T, x: T.cummax(x, axis=0), X),
    case("logcumsumexp_axis", lambda T, x: T.logcumsumexp(x, axis=1), X),
    case("diff_axis", lambda T, x: T.diff(x, axis=0), X),
    case("nansum_keepdims", lambda T, x: x.nansum(axis=1, keepdims=True), X),
    case("nanmean_axis", lambda T, x: T.nanmean(x, axis=0), X),
    case("var_mean_keepdims", lambda T, x: T.var_mean(x, axis=1, keepdims=True), X),
    case("aminmax_axis", lambda T, x: T.aminmax(x, axis=1, keepdims=True), X),
]


@run(AXIS)
def test_numpy_names(fn, inputs, options):
    check(fn, *inputs, **options)


def test_unique_takes_no_axis_as_in_torch():
    check_error(lambda T, x: T.unique(x, axis=0), X)
