"""Rearranging, indexing and diagonal ops against torch: roll, rot90, fliplr, flipud, tile,
take, take_along_dim, repeat_interleave, movedim, select, broadcast_tensors, unfold,
sum_to_size, the in-place shape methods (squeeze_, t_, ...), tril, triu, diag, diag_embed,
diagonal, trace, fill_diagonal_, masked_select, the index_* writes, index_put, masked_scatter,
put, resize_, apply_ and data_ptr.

Each case runs on both libraries (values, dtype, shape, grad_fn and gradients: see
helpers.check), with odd shapes, negative dims, broadcast masks and empty tensors; the views
(diagonal, unfold, select, movedim) are shown to share memory both ways; every gradient is
checked again by central differences in float64; and each refusal matches torch's.
"""

import warnings

import numpy as np
import pytest

import cybenko
from cases import F64, Draws, case, f32, i64, inf, nan, run
from helpers import check, check_error, check_finite_differences
from oracle import torch

pytestmark = pytest.mark.oracle

draw = Draws(seed=103)
rand, ints, bools = draw.rand, draw.ints, draw.bools
M = {"match": True}  # the whole message, as torch words it


def r64(*shape):
    return rand(*shape, dtype=F64)


def idx(*shape, hi):
    return ints(*shape, lo=0, hi=hi)


# --- rearranging: roll, rot90, fliplr, flipud, tile, movedim, select, broadcast_tensors -----------

REARRANGE = [
    case("roll_dim", lambda T, x: x.roll(1, 0), rand(3, 4)),
    case("roll_flat", lambda T, x: T.roll(x, -2), rand(3, 5)),
    case("roll_two_dims", lambda T, x: x.roll((1, -1), (0, -1)), rand(2, 3, 4)),
    case("roll_past_size", lambda T, x: x.roll(7, 1), rand(2, 3)),
    case("roll_0d", lambda T, x: x.roll(1), rand()),
    case("roll_empty", lambda T, x: x.roll(1, 1), rand(0, 3)),
    case("roll_f64_nan", lambda T, x: x.roll(2), np.array([1.0, nan, inf, -2.0])),
    case("roll_int", lambda T, x: x.roll([1], [0]), ints(4)),
    case("rot90", lambda T, x: x.rot90(), rand(3, 4)),
    case("rot90_twice", lambda T, x: T.rot90(x, 2), rand(3, 4)),
    case("rot90_back", lambda T, x: x.rot90(-1), rand(2, 5)),
    case("rot90_k5_dims", lambda T, x: x.rot90(5, (1, 2)), rand(2, 3, 4)),
    case("rot90_zero", lambda T, x: x.rot90(0), rand(2, 3)),
    case("rot90_negative_dims", lambda T, x: x.rot90(1, [-1, -2]), rand(3, 2)),
    case("rot90_empty", lambda T, x: x.rot90(), rand(0, 3)),
    case("fliplr", lambda T, x: x.fliplr(), rand(3, 4)),
    case("fliplr_3d", lambda T, x: T.fliplr(x), rand(2, 3, 2)),
    case("flipud", lambda T, x: x.flipud(), rand(3, 4)),
    case("flipud_1d", lambda T, x: T.flipud(x), rand(5)),
    case("tile_fewer_dims", lambda T, x: x.tile(2), rand(3, 4)),
    case("tile_more_dims", lambda T, x: T.tile(x, (2, 1, 3)), rand(3, 2)),
    case("tile_none", lambda T, x: x.tile(()), rand(2, 3)),
    case("tile_0d", lambda T, x: x.tile((3,)), rand()),
    case("tile_zero", lambda T, x: x.tile((0, 2)), rand(2, 3)),
    case("movedim", lambda T, x: x.movedim(0, 1), rand(3, 4)),
    case("movedim_negative", lambda T, x: T.movedim(x, -1, 0), rand(2, 3, 4)),
    case("movedim_tuples", lambda T, x: x.movedim((0, 1), (2, 0)), rand(2, 3, 4)),
    case("moveaxis", lambda T, x: T.moveaxis(x, [0, 1], [-1, 0]), rand(2, 3, 4)),
    case("moveaxis_method", lambda T, x: x.moveaxis(2, 0), rand(2, 1, 3)),
    case("select", lambda T, x: x.select(1, 2), rand(3, 4)),
    case("select_negative", lambda T, x: T.select(x, -1, -2), rand(2, 3, 4)),
    case("select_vector", lambda T, x: x.select(0, 1), rand(3)),
    case("select_int", lambda T, x: x.select(0, 0), ints(2, 3)),
    case("broadcast_tensors", lambda T, x, y: T.broadcast_tensors(x, y), rand(3, 1), rand(4)),
    case(
        "broadcast_tensors_three",
        lambda T, x, y, z: T.broadcast_tensors(x, y, z),
        rand(2, 1, 3),
        rand(4, 1),
        rand(),
    ),
    case("broadcast_tensors_same", lambda T, x, y: T.broadcast_tensors(x, y), rand(2, 3), rand(3)),
    case("broadcast_tensors_int", lambda T, x, y: T.broadcast_tensors(x, y), ints(2), ints(3, 1)),
]


@run(REARRANGE)
def test_rearrange(fn, inputs, options):
    check(fn, *inputs, **options)


# --- tensor_split, dstack, column_stack, atleast_nd, argwhere, broadcast_shapes ----------------

SPLITS_AND_STACKS = [
    # n sections: the first n % size pieces one longer; more sections than elements: empties
    case("tensor_split_sections", lambda T, x: T.tensor_split(x, 3), rand(7)),
    case("tensor_split_sections_dim", lambda T, x: x.tensor_split(2, dim=-1), rand(2, 5)),
    case("tensor_split_more_sections", lambda T, x: x.tensor_split(5, 1), rand(2, 3)),
    case("tensor_split_empty_dim", lambda T, x: x.tensor_split(2), rand(0, 3)),
    # indices: each piece x[i:j] as Python slices it (past the end, backwards, negative)
    case("tensor_split_indices", lambda T, x: x.tensor_split([1, 4]), rand(6, 2)),
    case("tensor_split_odd_indices", lambda T, x: T.tensor_split(x, (5, 2, 9, -2)), rand(7)),
    case("tensor_split_no_indices", lambda T, x: x.tensor_split([], 1), rand(2, 3)),
    case("tensor_split_tensor_0d", lambda T, x: x.tensor_split(T.tensor(2), 1), rand(3, 5)),
    case("tensor_split_tensor_1d", lambda T, x: x.tensor_split(T.tensor([1, 3])), rand(4, 1)),
    case("dstack_vectors", lambda T, x, y: T.dstack([x, y]), rand(3), rand(3)),
    case("dstack_mixed", lambda T, x, y: T.dstack((x, y)), rand(2, 3), rand(2, 3, 2)),
    case("dstack_0d_int", lambda T, x, y: T.dstack([x, y]), ints(), ints()),
    case(
        "column_stack", lambda T, x, y, z: T.column_stack([x, y, z]), rand(3), rand(3, 2), ints(3)
    ),
    case("column_stack_0d", lambda T, x, y: T.column_stack((x, y)), rand(), rand()),
    case("atleast_1d", lambda T, x: T.atleast_1d(x), rand()),
    case("atleast_1d_many", lambda T, x, y: T.atleast_1d(x, y), rand(), rand(2, 3)),
    case("atleast_2d", lambda T, x, y, z: T.atleast_2d([x, y, z]), rand(), rand(3), rand(1, 2, 2)),
    case("atleast_3d", lambda T, x, y, z: T.atleast_3d((x, y, z)), rand(), rand(3), rand(2, 3)),
    case("atleast_3d_one", lambda T, x: T.atleast_3d(x), rand(2, 1, 3, 1)),
    case("argwhere", lambda T, x: T.argwhere(x), ints(3, 4)),
    case("argwhere_method", lambda T, x: (x > 0.5).argwhere(), rand(2, 3, 2)),
    case("argwhere_0d", lambda T: T.argwhere(T.tensor(3.0))),
    case("broadcast_shapes", lambda T: T.broadcast_shapes((2,), (3, 1), [1, 1, 1], 2)),
    case("broadcast_shapes_size", lambda T: T.broadcast_shapes(T.Size([4, 1, 3]), None, (0, 1))),
    case("broadcast_shapes_none", lambda T: T.broadcast_shapes()),
]


@run(SPLITS_AND_STACKS)
def test_splits_and_stacks(fn, inputs, options):
    check(fn, *inputs, **options)


# --- 0-d tensors and other edges torch accepts ----------------------------------------------------

ACCEPTED_EDGES = [
    # a 0-d tensor's one dim is 0 or -1, and gather counts it as 1-D of one element
    case("transpose_0d", lambda T, x: x.transpose(0, -1), rand()),
    case("gather_0d", lambda T, x: T.gather(x, 0, T.tensor(0)), rand()),
    case("gather_0d_from_vector", lambda T, x: x.gather(-1, T.tensor(0)), rand(1)),
    case("gather_vector_from_0d", lambda T, x: x.gather(0, T.tensor([0])), rand()),
    # the ellipses after the first stand for no dims
    case("two_ellipses", lambda T, x: x[..., ...], rand(2, 3)),
    case("ellipses_around_int", lambda T, x: x[0, ..., 1, ...], rand(2, 3, 4)),
    # a mask may broadcast the input of masked_fill
    case("masked_fill_broadcast", lambda T, x, m: x.masked_fill(m, 2.0), rand(3), bools(2, 3)),
    case("mT_0d", lambda T, x: x.mT, rand()),  # itself (torch warns that this is deprecated)
    case("mH", lambda T, x: x.mH, rand(3, 2)),
    # an expand that repeats nothing is written in place as any tensor
    case("expand_nothing_add_", lambda T: T.zeros(1, 3).expand(1, 3).add_(1)),
]


@run(ACCEPTED_EDGES)
def test_accepted_edges(fn, inputs, options):
    check(fn, *inputs, **options)


# --- repeat_interleave, take, take_along_dim, masked_select ---------------------------------------

READS = [
    case("repeat_interleave", lambda T, x: x.repeat_interleave(2), rand(2, 3)),
    case("repeat_interleave_dim", lambda T, x: T.repeat_interleave(x, 3, 1), rand(2, 3)),
    case("repeat_interleave_neg_dim", lambda T, x: x.repeat_interleave(2, dim=-2), rand(2, 3, 2)),
    case("repeat_interleave_zero", lambda T, x: x.repeat_interleave(0, 0), rand(2, 3)),
    case("repeat_interleave_1d", lambda T, x: x.repeat_interleave(2), rand(4)),
    case("repeat_interleave_0d", lambda T, x: x.repeat_interleave(3), rand()),
    case(
        "repeat_interleave_tensor",
        lambda T, x, r: x.repeat_interleave(r, 0),
        rand(3, 2),
        i64(1, 0, 3),
    ),
    case(
        "repeat_interleave_one_count",
        lambda T, x, r: x.repeat_interleave(r, dim=1),
        rand(2, 3),
        i64(2),
    ),
    case(
        "repeat_interleave_0d_count", lambda T, x, r: x.repeat_interleave(r), rand(2, 2), i64(2)[0]
    ),
    case(
        "repeat_interleave_int32_counts",
        lambda T, x, r: T.repeat_interleave(x, r, 0),
        rand(2),
        i64(2, 1).astype(np.int32),
    ),
    case(
        "repeat_interleave_output_size",
        lambda T, x, r: x.repeat_interleave(r, 0, output_size=4),
        rand(3),
        i64(2, 0, 2),
    ),
    case("repeat_interleave_int", lambda T, x: x.repeat_interleave(2, 0), ints(3)),
    case("repeat_interleave_counts", lambda T, r: T.repeat_interleave(r), i64(1, 0, 3, 2)),
    case("take", lambda T, x, i: x.take(i), rand(3, 4), i64(0, 5, 11, 5).reshape(2, 2)),
    case("take_negative", lambda T, x, i: T.take(x, i), rand(2, 3), i64(-1, -6, 2)),
    case("take_empty_index", lambda T, x, i: x.take(i), rand(2, 3), i64()),
    case("take_0d", lambda T, x, i: x.take(i), rand(), i64(0, 0)),
    case("take_int", lambda T, x, i: x.take(i), ints(2, 3), i64(4, 1)),
    case(
        "take_along_dim",
        lambda T, x, i: x.take_along_dim(i, 1),
        rand(3, 4),
        idx(3, 2, hi=4),
    ),
    case(
        "take_along_dim_broadcast",
        lambda T, x, i: T.take_along_dim(x, i, dim=-1),
        rand(3, 4),
        idx(1, 2, hi=4),
    ),
    case(
        "take_along_dim_broadcast_input",
        lambda T, x, i: x.take_along_dim(i, 0),
        rand(2, 1),
        idx(3, 4, hi=2),
    ),
    case("take_along_dim_flat", lambda T, x, i: x.take_along_dim(i), rand(3, 4), i64(0, 11, 5)),
    case("take_along_dim_argmax", lambda T, x: x.take_along_dim(x.argmax(1, True), 1), rand(3, 5)),
    case("masked_select", lambda T, x, m: x.masked_select(m), rand(3, 4), bools(3, 4)),
    case(
        "masked_select_broadcast_mask", lambda T, x, m: T.masked_select(x, m), rand(3, 4), bools(4)
    ),
    case(
        "masked_select_broadcast_input", lambda T, x, m: x.masked_select(m), rand(1, 4), bools(3, 4)
    ),
    case("masked_select_empty", lambda T, x, m: x.masked_select(m), rand(0, 3), bools(3)),
    case("masked_select_none", lambda T, x, m: x.masked_select(m), rand(3), np.zeros(3, bool)),
    case("masked_select_int", lambda T, x, m: x.masked_select(m), ints(5), bools(5)),
]


@run(READS)
def test_reads(fn, inputs, options):
    check(fn, *inputs, **options)


# --- diagonals and triangles ----------------------------------------------------------------------


def fill_diagonal(x, value, wrap=False):
    return (x * 1).fill_diagonal_(value, wrap)


DIAGONALS = [
    case("tril", lambda T, x: x.tril(), rand(4, 4)),
    case("tril_offset", lambda T, x: T.tril(x, 1), rand(3, 5)),
    case("tril_negative", lambda T, x: x.tril(-1), rand(5, 3)),
    case("tril_batched", lambda T, x: x.tril(diagonal=-2), rand(2, 4, 4)),
    case("tril_int", lambda T, x: x.tril(), ints(3, 3)),
    case("tril_empty", lambda T, x: x.tril(), rand(0, 3)),
    case("tril_", lambda T, x: (x * 1).tril_(1), rand(3, 4)),
    case("triu", lambda T, x: x.triu(), rand(4, 4)),
    case("triu_offset", lambda T, x: T.triu(x, 2), rand(3, 5)),
    case("triu_negative_batched", lambda T, x: x.triu(-1), rand(2, 3, 4)),
    case("triu_far", lambda T, x: x.triu(9), rand(3, 3)),
    case("triu_", lambda T, x: (x * 1).triu_(-1), rand(4, 2)),
    case("diag_vector", lambda T, x: x.diag(), rand(3)),
    case("diag_vector_offset", lambda T, x: T.diag(x, -1), rand(2)),
    case("diag_matrix", lambda T, x: x.diag(), rand(3, 4)),
    case("diag_matrix_offset", lambda T, x: T.diag(x, 2), rand(3, 4)),
    case("diag_matrix_below", lambda T, x: x.diag(-1), rand(4, 3)),
    case("diag_matrix_far", lambda T, x: x.diag(10), rand(3, 4)),
    case("diag_int", lambda T, x: x.diag(), ints(3)),
    case("diag_embed", lambda T, x: x.diag_embed(), rand(2, 3)),
    case("diag_embed_offset", lambda T, x: T.diag_embed(x, 1), rand(3)),
    case("diag_embed_dims", lambda T, x: x.diag_embed(-1, 0, 2), rand(2, 3)),
    case("diag_embed_negative_dims", lambda T, x: x.diag_embed(0, -1, 0), rand(2, 2)),
    case("diag_embed_empty", lambda T, x: x.diag_embed(), rand(2, 0)),
    case("diagonal", lambda T, x: x.diagonal(), rand(3, 4)),
    case("diagonal_offset", lambda T, x: T.diagonal(x, -1), rand(3, 4)),
    case("diagonal_above", lambda T, x: x.diagonal(offset=2), rand(3, 4)),
    case("diagonal_dims", lambda T, x: x.diagonal(0, 0, 2), rand(3, 2, 4)),
    case("diagonal_negative_dims", lambda T, x: x.diagonal(1, -1, -3), rand(3, 2, 4)),
    case("diagonal_far", lambda T, x: x.diagonal(-10), rand(3, 4)),
    case("diagonal_transposed", lambda T, x: x.t().diagonal(-1), rand(3, 4)),
    case("diagonal_of_slice", lambda T, x: x[:, ::2].diagonal(), rand(3, 6)),
    case("diag_embed_of_view", lambda T, x: x.t().diag_embed(), rand(3, 2)),
    case(
        "fill_diagonal_transposed", lambda T, x: (x * 1).t().clone().fill_diagonal_(0), rand(2, 3)
    ),
    case("diagonal_int", lambda T, x: x.diagonal(), ints(3, 3)),
    case("trace", lambda T, x: x.trace(), rand(3, 3)),
    case("trace_wide", lambda T, x: T.trace(x), rand(2, 5)),
    case("trace_int32", lambda T, x: x.trace(), ints(3, 2, dtype=np.int32)),
    case("trace_empty", lambda T, x: x.trace(), rand(0, 3)),
    case("fill_diagonal_", lambda T, x: fill_diagonal(x, 2.5), rand(3, 3)),
    case("fill_diagonal_wide", lambda T, x: fill_diagonal(x, -1), rand(2, 5)),
    case("fill_diagonal_tall", lambda T, x: fill_diagonal(x, 0.5), rand(7, 3)),
    case("fill_diagonal_tall_wrap", lambda T, x: fill_diagonal(x, 0.5, True), rand(7, 3)),
    case("fill_diagonal_cube", lambda T, x: fill_diagonal(x, 9), rand(3, 3, 3)),
    case("fill_diagonal_int", lambda T, x: x.fill_diagonal_(7), ints(3, 4)),
    case("fill_diagonal_tensor", lambda T, x: x.detach().fill_diagonal_(T.tensor(2.0)), rand(2, 2)),
]


@run(DIAGONALS)
def test_diagonals(fn, inputs, options):
    check(fn, *inputs, **options)


# --- writes: index_add, index_copy, index_fill, index_put, masked_scatter, put --------------------

WRITES = [
    case("index_add", lambda T, x, i, s: x.index_add(0, i, s), rand(3, 4), i64(0, 2), rand(2, 4)),
    case(
        "index_add_repeats",
        lambda T, x, i, s: T.index_add(x, -1, i, s),
        rand(2, 3),
        i64(1, 1, 0, 1),
        rand(2, 4),
    ),
    case(
        "index_add_alpha",
        lambda T, x, i, s: x.index_add(1, i, s, alpha=-2.5),
        rand(2, 3),
        i64(2),
        rand(2, 1),
    ),
    case(
        "index_add_int32_index",
        lambda T, x, i, s: x.index_add(0, i, s),
        rand(3),
        i64(2, 0).astype(np.int32),
        rand(2),
    ),
    case(
        "index_add_int", lambda T, x, i, s: x.index_add(0, i, s, alpha=2), ints(3), i64(1), ints(1)
    ),
    case(
        "index_add_",
        lambda T, x, i, s: (x * 1).index_add_(0, i, s),
        rand(3, 2),
        i64(2, 2),
        rand(2, 2),
    ),
    case(
        "index_add_empty",
        lambda T, x, i, s: x.index_add(1, i, s),
        rand(2, 3),
        i64(),
        rand(2, 0),
    ),
    case("index_copy", lambda T, x, i, s: x.index_copy(0, i, s), rand(4, 2), i64(3, 0), rand(2, 2)),
    case(
        "index_copy_dim",
        lambda T, x, i, s: T.index_copy(x, -1, i, s),
        rand(2, 3),
        i64(1),
        rand(2, 1),
    ),
    case(
        "index_copy_",
        lambda T, x, i, s: (x * 1).index_copy_(1, i, s),
        rand(2, 3),
        i64(2, 0),
        rand(2, 2),
    ),
    case("index_fill", lambda T, x, i: x.index_fill(0, i, -1.5), rand(3, 4), i64(0, 2)),
    case("index_fill_negative", lambda T, x, i: T.index_fill(x, 1, i, 0), rand(2, 3), i64(-1)),
    case(
        "index_fill_tensor",
        lambda T, x, i, v: x.index_fill(1, i, v),
        rand(2, 3),
        i64(0, 2, 0),
        rand(),
    ),
    case("index_fill_", lambda T, x, i: (x * 1).index_fill_(-1, i, 2), rand(3, 2), i64(1)),
    case("index_fill_int", lambda T, x, i: x.index_fill(0, i, 2.7), ints(3), i64(1)),
    case(
        "index_put",
        lambda T, x, i, v: x.index_put((i,), v),
        rand(3, 4),
        i64(2, 0),
        rand(4),
    ),
    case(
        "index_put_pairs",
        lambda T, x, i, j, v: T.index_put(x, (i, j), v),
        rand(3, 4),
        i64(0, 2, 1),
        i64(3, 0, 0),
        rand(3),
    ),
    case(
        "index_put_accumulate",
        lambda T, x, i, v: x.index_put([i], v, accumulate=True),
        rand(4),
        i64(1, 1, 3, 1),
        rand(4),
    ),
    case(
        "index_put_accumulate_broadcast",
        lambda T, x, i, v: x.index_put((i,), v, True),
        rand(3, 2),
        i64(0, 0),
        rand(1),
    ),
    case(
        "index_put_mask",
        lambda T, x, m, v: x.index_put((m,), v),
        rand(3, 4),
        bools(3, 4),
        rand(),
    ),
    case(
        "index_put_",
        lambda T, x, i, v: (x * 1).index_put_((i,), v, accumulate=True),
        rand(3, 2),
        i64(2, 2),
        rand(2, 2),
    ),
    case(
        "masked_scatter",
        lambda T, x, m, s: x.masked_scatter(m, s),
        rand(3, 4),
        bools(3, 4),
        rand(12),
    ),
    case(
        "masked_scatter_broadcast",
        lambda T, x, m, s: T.masked_scatter(x, m, s),
        rand(3, 4),
        bools(4),
        rand(4, 5),
    ),
    case(
        "masked_scatter_broadcast_input",
        lambda T, x, m, s: x.masked_scatter(m, s),
        rand(4),
        bools(2, 4),
        rand(9),
    ),
    case(
        "masked_scatter_",
        lambda T, x, m, s: (x * 1).masked_scatter_(m, s),
        rand(2, 3),
        bools(3),
        rand(2, 3),
    ),
    case(
        "masked_scatter_empty_mask",
        lambda T, x, m, s: x.masked_scatter(m, s),
        rand(3),
        np.zeros(3, bool),
        rand(0),
    ),
    case("put", lambda T, x, i, s: x.put(i, s), rand(3, 4), i64(0, 11, 5), rand(3)),
    case("put_negative", lambda T, x, i, s: T.put(x, i, s), rand(2, 3), i64(-1, 1), rand(1, 2)),
    case(
        "put_accumulate",
        lambda T, x, i, s: x.put(i, s, accumulate=True),
        rand(2, 2),
        i64(3, 3, 0),
        rand(3),
    ),
    case("put_", lambda T, x, i, s: (x * 1).put_(i, s), rand(5), i64(4, 0).reshape(2, 1), rand(2)),
    case("put_empty", lambda T, x, i, s: x.put(i, s), rand(2, 2), i64(), rand(0)),
    case("put_transposed", lambda T, x, i, s: x.t().put(i, s), rand(2, 3), i64(1, 4), rand(2)),
    case("take_transposed", lambda T, x, i: x.t().take(i), rand(2, 3), i64(1, 4, 5)),
    case(
        "index_put_empty",
        lambda T, x, i, v: x.index_put((i,), v, accumulate=True),
        rand(3),
        i64(),
        rand(0),
    ),
    case("index_fill_empty", lambda T, x, i: x.index_fill(0, i, 1.0), rand(0, 2), i64()),
    case(
        "index_copy_transposed",
        lambda T, x, i, s: x.t().index_copy(0, i, s),
        rand(2, 3),
        i64(1),
        rand(1, 2),
    ),
    case("put_int", lambda T, x, i, s: x.put_(i, s, True), ints(3), i64(1, 1), ints(2)),
]


@run(WRITES)
def test_writes(fn, inputs, options):
    check(fn, *inputs, **options)


# --- unfold, sum_to_size and the in-place shape methods -------------------------------------------

SHAPES = [
    case("unfold", lambda T, x: x.unfold(1, 2, 1), rand(3, 4)),
    case("unfold_step", lambda T, x: x.unfold(0, 2, 2), rand(5)),
    case("unfold_whole", lambda T, x: x.unfold(-1, 3, 1), rand(2, 3)),
    case("unfold_negative_dim", lambda T, x: x.unfold(-3, 2, 3), rand(5, 2, 3)),
    case("unfold_size_zero", lambda T, x: x.unfold(0, 0, 1), rand(3)),
    case("unfold_0d", lambda T, x: x.unfold(0, 1, 1), rand()),
    case("unfold_int", lambda T, x: x.unfold(0, 2, 1), ints(4)),
    case("sum_to_size", lambda T, x: x.sum_to_size(1, 4), rand(3, 4)),
    case("sum_to_size_fewer_dims", lambda T, x: x.sum_to_size(4), rand(3, 4)),
    case("sum_to_size_list", lambda T, x: x.sum_to_size([3, 1]), rand(3, 4)),
    case("sum_to_size_leading_one", lambda T, x: x.sum_to_size(1, 1, 4), rand(1, 3, 4)),
    case("sum_to_size_same", lambda T, x: x.sum_to_size(3, 4) is x, rand(3, 4)),
    case("sum_to_size_0d", lambda T, x: x.sum_to_size(()), rand(2, 3)),
    case("squeeze_", lambda T, x: (x * 1).squeeze_(), rand(3, 1, 2)),
    case("squeeze_dim", lambda T, x: (x * 1).squeeze_(-1), rand(3, 1)),
    case("squeeze_dims", lambda T, x: (x * 1).squeeze_((0, 2)), rand(1, 2, 1)),
    case("squeeze_of_view", lambda T, x: (x * 1)[None].squeeze_(), rand(2, 3)),
    case("unsqueeze_", lambda T, x: (x * 1).unsqueeze_(0), rand(3, 4)),
    case("unsqueeze_negative", lambda T, x: (x * 1).unsqueeze_(-1), rand(3)),
    case("transpose_", lambda T, x: (x * 1).transpose_(0, -1), rand(2, 3, 4)),
    case("swapaxes_", lambda T, x: (x * 1).swapaxes_(0, 1), rand(2, 3)),
    case("t_", lambda T, x: (x * 1).t_(), rand(2, 3)),
    case("t_vector", lambda T, x: (x * 1).t_(), rand(3)),
    case("t_returns_self", lambda T, x: (lambda y: y.t_() is y)(x * 1), rand(2, 3)),
    case("squeeze_plain", lambda T, x: x.squeeze_(), ints(1, 3)),
    case("t_then_use", lambda T, x: (x * 2).t_() @ x, rand(3, 3)),
]


@run(SHAPES)
def test_shapes(fn, inputs, options):
    check(fn, *inputs, **options)


# --- views share memory both ways -----------------------------------------------------------------


def version(t) -> int:
    """A tensor's version (cybenko keeps torch's counter as a one-element list)."""
    return t._version if isinstance(t._version, int) else t._version[0]


def writes_show(make_view, write_base):
    """A view taken, then its base written in place: the view shows the change."""

    def fn(T, x):
        base = x.detach() * 1
        view = make_view(base)
        write_base(base)
        return base, view, view._base is base, view._version == base._version

    return fn


def writes_reach_base(make_view, write_view):
    """A view written in place: its base shows the change."""

    def fn(T, x):
        base = x.detach() * 1
        view = make_view(base)
        write_view(view)
        return base, view, version(base), version(view)

    return fn


def add_one(t):
    t += 1


def zero(t):
    t.zero_()


def set_first(t):
    t[0] = 5


VIEWS = [
    case("diagonal_sees", writes_show(lambda b: b.diagonal(), add_one), rand(3, 4)),
    case("diagonal_writes", writes_reach_base(lambda b: b.diagonal(1), zero), rand(3, 4)),
    case(
        "diagonal_3d_writes",
        writes_reach_base(lambda b: b.diagonal(0, 2, 0), set_first),
        rand(2, 3, 2),
    ),
    case("unfold_sees", writes_show(lambda b: b.unfold(1, 2, 1), add_one), rand(2, 4)),
    case("unfold_writes", writes_reach_base(lambda b: b.unfold(0, 2, 2), zero), rand(6)),
    case("select_sees", writes_show(lambda b: b.select(1, -1), add_one), rand(2, 3)),
    case("select_writes", writes_reach_base(lambda b: b.select(0, 1), set_first), rand(3, 2)),
    case("movedim_sees", writes_show(lambda b: b.movedim(0, -1), zero), rand(2, 3, 2)),
    case("movedim_writes", writes_reach_base(lambda b: b.moveaxis(1, 0), set_first), rand(2, 3)),
    case("view_of_diagonal", writes_reach_base(lambda b: b.diagonal()[1:], zero), rand(3, 3)),
    case("t_keeps_memory", writes_reach_base(lambda b: b.t_(), add_one), rand(2, 3)),
    case("squeeze_of_view_writes", writes_reach_base(lambda b: b[None].squeeze_(0), zero), rand(3)),
    case(
        "select_mul_in_graph",
        lambda T, x: (lambda y: (y.select(0, 1).mul_(2), y)[1])(x * 1),
        rand(3, 2),
    ),
    case("data_ptr_views", lambda T, x: x.data_ptr() == x.diagonal().data_ptr(), rand(3, 3)),
    case("data_ptr_offset", lambda T, x: x[1:].data_ptr() - x.data_ptr(), rand(3, 2)),
    case("data_ptr_select", lambda T, x: x.select(1, 1).data_ptr() - x.data_ptr(), rand(2, 3)),
    case("data_ptr_copy", lambda T, x: x.clone().data_ptr() == x.data_ptr(), rand(3)),
    case(
        "diag_is_a_copy",
        lambda T, x: (lambda d: (d.zero_(), x))(x.detach().clone().diag()),
        rand(3, 3),
    ),
]


@run(VIEWS)
def test_views(fn, inputs, options):
    check(fn, *inputs, **options)


def test_data_ptr_is_the_numpy_arrays_address():
    x = cybenko.rand(4, 3)
    assert x.data_ptr() == x.numpy().ctypes.data
    assert x[2].data_ptr() == x.data_ptr() + 2 * 3 * x.element_size()


# --- resize_ and apply_ ---------------------------------------------------------------------------


def resized(lib, array, *size):
    """The shape after resize_ and the elements it keeps (the rest are uninitialised)."""
    t = lib.tensor(array)
    out = t.resize_(*size)
    kept = min(array.size, out.numel())
    return out is t, tuple(out.shape), out.reshape(-1)[:kept].tolist(), version(t)


@pytest.mark.parametrize("size", [(2, 2), (3,), (2, 5), (0,), ((3, 2),), (4, 3)])
def test_resize_keeps_the_leading_elements(size):
    array = rand(3, 4)
    assert resized(cybenko, array, *size) == resized(torch, array, *size)


def test_resize_of_a_transposed_tensor_keeps_its_order():
    array = rand(2, 3)
    assert resized(cybenko, array.T, 4) == resized(torch, array.T, 4)


def test_resize_shrinking_keeps_memory_shared_with_views():
    for lib in (torch, cybenko):
        t = lib.arange(4.0)
        v = t.view(2, 2)
        t.resize_(3)
        t[0] = 9
        assert v.tolist() == [[9.0, 1.0], [2.0, 3.0]]


APPLY = [
    case("apply_", lambda T, x: x.detach().apply_(lambda v: v * 2 + 1), rand(2, 3)),
    case("apply_int", lambda T, x: x.apply_(lambda v: v * 1.7), ints(4)),
    case("apply_version", lambda T, x: (lambda y: (y.apply_(abs), version(y)))(x * 1), ints(3)),
    case("apply_empty", lambda T, x: x.detach().apply_(lambda v: 1 / 0), rand(0)),
]


@run(APPLY)
def test_apply(fn, inputs, options):
    check(fn, *inputs, **options)


# --- a second oracle: finite differences in float64 -----------------------------------------------

GRADCHECK = [
    case("roll", lambda T, x: x.roll((1, -2), (0, 1)), r64(3, 4)),
    case("roll_flat", lambda T, x: x.roll(3), r64(2, 3)),
    case("rot90", lambda T, x: x.rot90(1, (0, 2)), r64(2, 3, 2)),
    case("rot90_back", lambda T, x: x.rot90(-1), r64(2, 3)),
    case("flips", lambda T, x: x.fliplr().flipud(), r64(2, 3)),
    case("tile", lambda T, x: x.tile((2, 1, 2)), r64(2, 3)),
    case("movedim", lambda T, x: x.movedim((0, 2), (1, 0)) * T.arange(3.0).double(), r64(2, 3, 6)),
    case("select", lambda T, x: x.select(1, 1) * 3, r64(2, 3)),
    case(
        "broadcast_tensors", lambda T, x, y: T.stack(T.broadcast_tensors(x, y)), r64(2, 1), r64(3)
    ),
    case("repeat_interleave", lambda T, x: x.repeat_interleave(2, 1), r64(2, 3)),
    case("repeat_interleave_tensor", lambda T, x: x.repeat_interleave(T.tensor([2, 0, 3])), r64(3)),
    case("take", lambda T, x: x.take(T.tensor([[0, 5], [5, -1]])), r64(2, 3)),
    case(
        "take_along_dim",
        lambda T, x, i: x.take_along_dim(i, 0),
        r64(3, 1),
        i64(2, 2, 0, 1).reshape(2, 2),
    ),
    case("masked_select", lambda T, x, m: x.masked_select(m), r64(2, 3), bools(3)),
    case("tril", lambda T, x: x.tril(-1), r64(3, 4)),
    case("triu", lambda T, x: x.triu(1), r64(2, 3, 3)),
    case("diag_vector", lambda T, x: x.diag(1), r64(3)),
    case("diag_matrix", lambda T, x: x.diag(-1), r64(3, 3)),
    case("diag_embed", lambda T, x: x.diag_embed(1, 0, 2), r64(2, 2)),
    case("diagonal", lambda T, x: x.diagonal(1, 2, 0), r64(3, 2, 4)),
    case("trace", lambda T, x: x.trace(), r64(3, 4)),
    case("fill_diagonal_", lambda T, x: (x * x).fill_diagonal_(1.5, wrap=True), r64(5, 2)),
    case("unfold", lambda T, x: x.unfold(1, 3, 2), r64(2, 7)),
    case("unfold_overlapping", lambda T, x: x.unfold(0, 3, 1), r64(5)),
    case("sum_to_size", lambda T, x: x.sum_to_size(3, 1), r64(2, 3, 4)),
    case("t_", lambda T, x: (x * x).t_(), r64(2, 3)),
    case(
        "index_add",
        lambda T, x, s: x.index_add(0, T.tensor([1, 1]), s, alpha=2),
        r64(3, 2),
        r64(2, 2),
    ),
    case("index_copy", lambda T, x, s: x.index_copy(1, T.tensor([2, 0]), s), r64(2, 3), r64(2, 2)),
    case("index_fill", lambda T, x, v: x.index_fill(0, T.tensor([1]), v), r64(3, 2), r64()),
    case("index_put", lambda T, x, v: x.index_put((T.tensor([0, 2]),), v), r64(3, 2), r64(2)),
    case(
        "index_put_accumulate",
        lambda T, x, v: x.index_put((T.tensor([2, 2]), T.tensor([0, 0])), v, accumulate=True),
        r64(3, 2),
        r64(2),
    ),
    case("masked_scatter", lambda T, x, m, s: x.masked_scatter(m, s), r64(2, 3), bools(3), r64(7)),
    case("put", lambda T, x, s: x.put(T.tensor([4, 0]), s), r64(2, 3), r64(2)),
    case("put_accumulate", lambda T, x, s: x.put(T.tensor([1, 1]), s, True), r64(2, 3), r64(2)),
    case("tensor_split", lambda T, x: T.cat(x.tensor_split([1, 3], 1)[::-1], 1), r64(2, 5)),
    case("dstack", lambda T, x, y: T.dstack([x, y]), r64(3), r64(1, 3, 2)),
    case("column_stack", lambda T, x, y: T.column_stack([x, y]), r64(2), r64(2, 2)),
    case("atleast_3d", lambda T, x: T.atleast_3d(x) * 2, r64(3)),
    case("gather_0d", lambda T, x: x.gather(0, T.tensor(0)) * 3, r64()),
    case("masked_fill_broadcast", lambda T, x, m: x.masked_fill(m, 0.5), r64(3), bools(2, 3)),
]


@run(GRADCHECK)
def test_finite_differences(fn, inputs, options):
    check_finite_differences(fn, *inputs, **options)


# --- refusals, in torch's words -------------------------------------------------------------------

ERRORS = [
    case("roll_no_shifts", lambda T, x: x.roll(()), rand(3), **M),
    case("roll_misaligned", lambda T, x: x.roll((1, 2), 0), rand(3, 4), **M),
    case("roll_shifts_without_dims", lambda T, x: x.roll((1, 2)), rand(3, 4), **M),
    case("roll_float", lambda T, x: x.roll(1.5), rand(3), **M),
    case("roll_dim_range", lambda T, x: x.roll(1, 2), rand(3, 4), **M),
    case("rot90_one_dim", lambda T, x: x.rot90(1, [0]), rand(3, 4), **M),
    case("rot90_three_dims", lambda T, x: x.rot90(1, [0, 1, 1]), rand(3, 4), **M),
    case("rot90_same_dims", lambda T, x: x.rot90(1, [0, -2]), rand(3, 4), **M),
    case("rot90_vector", lambda T, x: x.rot90(), rand(3), **M),
    case("rot90_dim_range", lambda T, x: x.rot90(1, [0, 2]), rand(3, 4), **M),
    case("fliplr_vector", lambda T, x: x.fliplr(), rand(3), **M),
    case("flipud_0d", lambda T, x: x.flipud(), rand(), **M),
    case("tile_float", lambda T, x: x.tile(1.5), rand(3), **M),
    case("movedim_repeated", lambda T, x: x.movedim((0, 0), (0, 1)), rand(3, 4), **M),
    case("movedim_repeated_destination", lambda T, x: x.movedim((0, 1), (1, 1)), rand(3, 4), **M),
    case("movedim_lengths", lambda T, x: x.movedim((0, 1), (0,)), rand(3, 4), **M),
    case("movedim_range", lambda T, x: x.moveaxis(0, 5), rand(3, 4), **M),
    case("select_range", lambda T, x: x.select(0, 3), rand(3, 4), **M),
    case("select_negative_range", lambda T, x: x.select(1, -5), rand(3, 4), **M),
    case("select_0d", lambda T, x: x.select(0, 0), rand(), **M),
    case("select_float", lambda T, x: x.select(0, 1.0), rand(3), **M),
    case(
        "broadcast_tensors_clash", lambda T, x, y: T.broadcast_tensors(x, y), rand(3), rand(2), **M
    ),
    case("repeat_interleave_negative", lambda T, x: x.repeat_interleave(-1), rand(3), **M),
    case(
        "repeat_interleave_counts_size",
        lambda T, x, r: x.repeat_interleave(r, 0),
        rand(3),
        i64(1, 2),
        **M,
    ),
    case(
        "repeat_interleave_counts_2d",
        lambda T, x, r: x.repeat_interleave(r, 0),
        rand(3),
        i64(1)[None],
        **M,
    ),
    case(
        "repeat_interleave_counts_negative",
        lambda T, x, r: x.repeat_interleave(r, 0),
        rand(3),
        i64(1, -1, 1),
        **M,
    ),
    case(
        "repeat_interleave_float_counts",
        lambda T, x, r: x.repeat_interleave(r, 0),
        rand(3),
        f32(1, 1, 1),
        **M,
    ),
    case(
        "repeat_interleave_output_size",
        lambda T, x: x.repeat_interleave(2, 0, output_size=5),
        rand(3),
        **M,
    ),
    case("take_out_of_range", lambda T, x, i: x.take(i), rand(3, 4), i64(12), **M),
    case("take_negative_range", lambda T, x, i: x.take(i), rand(3, 4), i64(-13), **M),
    case("take_index_dtype", lambda T, x, i: x.take(i), rand(3), i64(1).astype(np.int32), **M),
    case("take_along_dim_ndim", lambda T, x, i: x.take_along_dim(i, 1), rand(3, 4), i64(0), **M),
    case(
        "take_along_dim_dtype",
        lambda T, x, i: x.take_along_dim(i, 1),
        rand(3, 4),
        f32(0)[None],
        **M,
    ),
    case("masked_select_dtype", lambda T, x: x.masked_select(x), rand(3), **M),
    case("masked_select_clash", lambda T, x, m: x.masked_select(m), rand(3, 4), bools(2, 4), **M),
    case("tril_vector", lambda T, x: x.tril(), rand(3), **M),
    case("triu_vector", lambda T, x: x.triu(), rand(3), **M),
    case("diag_3d", lambda T, x: x.diag(), rand(2, 2, 2), **M),
    case("diag_0d", lambda T, x: x.diag(), rand(), **M),
    case("diagonal_same_dims", lambda T, x: x.diagonal(0, 1, -1), rand(3, 4), **M),
    case("diagonal_vector", lambda T, x: x.diagonal(), rand(3), **M),
    case("diag_embed_same_dims", lambda T, x: x.diag_embed(0, 0, 0), rand(3, 4), **M),
    case("trace_3d", lambda T, x: x.trace(), rand(2, 2, 2), **M),
    case("trace_vector", lambda T, x: x.trace(), rand(2), **M),
    case("trace_bool", lambda T, x: x.trace(), bools(2, 2), **M),
    case("fill_diagonal_unequal", lambda T, x: x.fill_diagonal_(1), rand(2, 3, 4), **M),
    case("fill_diagonal_vector", lambda T, x: x.fill_diagonal_(1), rand(3), **M),
    case("fill_diagonal_leaf", lambda T, x: x.fill_diagonal_(1), rand(2, 2), grad=True, **M),
    case(
        "index_add_dtype",
        lambda T, x, i, s: x.index_add(0, i, s.double()),
        rand(3, 4),
        i64(0, 2),
        rand(2, 4),
        **M,
    ),
    case(
        "index_add_out_of_range",
        lambda T, x, i, s: x.index_add(0, i, s),
        rand(3, 4),
        i64(0, 3),
        rand(2, 4),
        **M,
    ),
    case(
        "index_add_negative",
        lambda T, x, i, s: x.index_add_(0, i, s),
        rand(3, 4),
        i64(0, -1),
        rand(2, 4),
        **M,
    ),
    case(
        "index_add_index_dtype",
        lambda T, x, i, s: x.index_add(0, i, s),
        rand(3, 4),
        f32(0, 1),
        rand(2, 4),
        **M,
    ),
    case(
        "index_add_count",
        lambda T, x, i, s: x.index_add(0, i, s),
        rand(3, 4),
        i64(0, 1),
        rand(3, 4),
        **M,
    ),
    case(
        "index_add_slice_shape",
        lambda T, x, i, s: x.index_add(0, i, s),
        rand(3, 4),
        i64(0, 1),
        rand(2, 5),
        **M,
    ),
    case(
        "index_add_slice_ndim",
        lambda T, x, i, s: x.index_add(0, i, s),
        rand(3, 4),
        i64(0, 1),
        rand(2, 4, 1),
        **M,
    ),
    case(
        "index_add_index_2d",
        lambda T, x, i, s: x.index_add(0, i, s),
        rand(3, 4),
        i64(0, 1)[None],
        rand(2, 4),
        **M,
    ),
    case(
        "index_copy_out_of_range",
        lambda T, x, i, s: x.index_copy(0, i, s),
        rand(3, 4),
        i64(0, 3),
        rand(2, 4),
        **M,
    ),
    case(
        "index_copy_dtype",
        lambda T, x, i, s: x.index_copy(0, i, s.double()),
        rand(3, 4),
        i64(0, 2),
        rand(2, 4),
        **M,
    ),
    case(
        "index_copy_count",
        lambda T, x, i, s: x.index_copy_(0, i, s),
        rand(3, 4),
        i64(0, 2),
        rand(3, 4),
        **M,
    ),
    case(
        "index_copy_ndim",
        lambda T, x, i, s: x.index_copy(0, i, s),
        rand(3, 4),
        i64(0, 2),
        rand(2),
        **M,
    ),
    case(
        "index_fill_out_of_range", lambda T, x, i: x.index_fill(0, i, 1), rand(3, 4), i64(0, 3), **M
    ),
    case(
        "index_fill_negative_range",
        lambda T, x, i: x.index_fill(1, i, 1),
        rand(3, 4),
        i64(-5),
        **M,
    ),
    case(
        "index_copy_negative",
        lambda T, x, i, s: x.index_copy(0, i, s),
        rand(3, 4),
        i64(-1),
        rand(1, 4),
        **M,
    ),
    case(
        "index_fill_value_ndim",
        lambda T, x, i, v: x.index_fill(0, i, v),
        rand(3, 4),
        i64(0),
        rand(1),
        **M,
    ),
    case(
        "index_fill_int32",
        lambda T, x, i: x.index_fill(0, i, 1),
        rand(3, 4),
        i64(0).astype(np.int32),
        **M,
    ),
    case(
        "index_put_out_of_range",
        lambda T, x, i, v: x.index_put((i,), v),
        rand(3, 4),
        i64(5),
        rand(),
        **M,
    ),
    case(
        "index_put_dtype",
        lambda T, x, i, v: x.index_put((i,), v.double()),
        rand(3, 4),
        i64(0),
        rand(),
        **M,
    ),
    case(
        "index_put_shape",
        lambda T, x, i, v: x.index_put((i,), v),
        rand(3, 4),
        i64(0, 2),
        rand(3),
        **M,
    ),
    case(
        "masked_scatter_too_small",
        lambda T, x, s: x.masked_scatter(x > -9, s),
        rand(3, 4),
        rand(3),
        **M,
    ),
    case(
        "masked_scatter_dtype",
        lambda T, x, m, s: x.masked_scatter(m, s.double()),
        rand(3, 4),
        bools(3, 4),
        rand(12),
        **M,
    ),
    case(
        "masked_scatter_mask_dtype",
        lambda T, x, m, s: x.masked_scatter(m.int(), s),
        rand(3, 4),
        bools(3, 4),
        rand(12),
        **M,
    ),
    case(
        "masked_scatter_clash",
        lambda T, x, m, s: x.masked_scatter(m, s),
        rand(3, 4),
        bools(2, 4),
        rand(12),
        **M,
    ),
    case("put_out_of_range", lambda T, x, i, s: x.put(i, s), rand(3, 4), i64(12), rand(1), **M),
    case("put_count", lambda T, x, i, s: x.put_(i, s), rand(3, 4), i64(0, 1), rand(1), **M),
    case(
        "put_dtype",
        lambda T, x, i, s: x.put(i, s.double()),
        rand(3, 4),
        i64(0, 1),
        rand(2),
        **M,
    ),
    case(
        "put_index_dtype",
        lambda T, x, i, s: x.put(i, s),
        rand(3),
        i64(0).astype(np.int32),
        rand(1),
        **M,
    ),
    case("unfold_too_big", lambda T, x: x.unfold(1, 5, 1), rand(3, 4), **M),
    case("unfold_step_zero", lambda T, x: x.unfold(1, 2, 0), rand(3, 4), **M),
    case("unfold_negative_size", lambda T, x: x.unfold(1, -1, 1), rand(3, 4), **M),
    case("unfold_0d_size", lambda T, x: x.unfold(0, 2, 1), rand(), **M),
    case("sum_to_size_wider", lambda T, x: x.sum_to_size(5), rand(3, 4), **M),
    case("sum_to_size_more_dims", lambda T, x: x.sum_to_size(2, 3, 4), rand(3, 4), **M),
    case("sum_to_size_mismatch", lambda T, x: x.sum_to_size(2, 4), rand(3, 4), **M),
    case("t_3d", lambda T, x: x.t_(), rand(2, 2, 2), **M),
    case("unsqueeze_range", lambda T, x: x.unsqueeze_(5), rand(3, 4), **M),
    case("t_leaf", lambda T, x: x.t_(), rand(2, 3), grad=True, **M),
    case("squeeze_leaf", lambda T, x: x.squeeze_(), rand(2, 1), grad=True, **M),
    case("resize_grad", lambda T, x: (x * 1).resize_(2), rand(3), grad=True, **M),
    case("resize_negative", lambda T, x: x.resize_(-1, 2), rand(3), **M),
    case("apply_grad", lambda T, x: x.apply_(abs), rand(3), grad=True, **M),
    case("tensor_split_0d", lambda T, x: x.tensor_split(2), rand(), **M),
    case("tensor_split_no_sections", lambda T, x: x.tensor_split(0), rand(3), **M),
    case("tensor_split_float", lambda T, x: x.tensor_split(1.5), rand(3), match="start"),
    case("tensor_split_2d_tensor", lambda T, x: x.tensor_split(T.tensor([[1]])), rand(3), **M),
    case("tensor_split_int32", lambda T, x: x.tensor_split(T.tensor([1]).int()), rand(3), **M),
    case("dstack_nothing", lambda T: T.dstack([]), **M),
    case("column_stack_nothing", lambda T: T.column_stack([]), **M),
    case("column_stack_a_tensor", lambda T, x: T.column_stack(x), rand(2), **M),
    case("dstack_sizes", lambda T, x, y: T.dstack([x, y]), rand(2), rand(3), **M),
    case("atleast_1d_number", lambda T: T.atleast_1d(1.0), match="start"),
    case("broadcast_shapes_clash", lambda T: T.broadcast_shapes((2,), (3,)), **M),
    case("broadcast_shapes_negative", lambda T: T.broadcast_shapes((1,), (-1,)), **M),
    case("broadcast_shapes_float", lambda T: T.broadcast_shapes(2.0), **M),
    # 0-d tensors: each op's own words, not Python's "tuple index out of range"
    case("chunk_0d", lambda T, x: x.chunk(2), rand(), **M),
    case("narrow_0d", lambda T, x: x.narrow(0, 0, 1), rand(), **M),
    case("unbind_0d", lambda T, x: x.unbind(), rand(), **M),
    case("gather_0d_past_end", lambda T, x: x.gather(0, T.tensor(1)), rand(), **M),
    case("mT_1d", lambda T, x: x.mT, rand(3), **M),
    case("mH_1d", lambda T, x: x.mH, rand(3), **M),
    # writing where several elements share memory
    case("expanded_add_", lambda T: T.zeros(1, 3).expand(2, 3).add_(1), **M),
    case("expanded_iadd_tensor", lambda T: T.zeros(1, 3).expand(2, 3).add_(T.ones(2, 3)), **M),
    case("masked_fill_mask_bigger", lambda T, m: T.zeros(3).masked_fill_(m, 1), bools(2, 3), **M),
    case("masked_fill_mask_clash", lambda T, m: T.zeros(3).masked_fill(m, 1), bools(2), **M),
    # index_add: "out of range" except on int64 positions along a first or last dim
    case("index_add_past_end", lambda T: T.zeros(3).index_add(0, T.tensor([3]), T.ones(1)), **M),
    case(
        "index_add_middle_dim",
        lambda T: T.zeros(2, 3, 2).index_add(1, T.tensor([-1]), T.ones(2, 1, 2)),
        **M,
    ),
    case(
        "index_add_int32_past_end",
        lambda T: T.zeros(3, 2).index_add(0, T.tensor([3]).int(), T.ones(1, 2)),
        **M,
    ),
    # repeat counts: the first negative size of the result, as torch reports it
    case("repeat_negative", lambda T, x: x.repeat(-3), rand(3), **M),
    case("repeat_negative_second", lambda T, x: x.repeat(2, -1), rand(2, 2), **M),
]


@run(ERRORS)
def test_errors(fn, inputs, options):
    check_error(fn, *inputs, **options)


# --- x[key] and x[key] = value: the keys and values torch reads its own way -------------------


def u8(*values):
    return np.array(values, np.uint8)


def assign(x, key, value):
    x[key] = value
    return x


def quietly(fn):
    """fn with warnings silenced: the deprecated keys warn (test_deprecated_keys_warn)."""

    def run_quietly(T, *inputs):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return fn(T, *inputs)

    return run_quietly


KEYS = [
    # a uint8 tensor is a mask, as a bool one (deprecated), not positions
    case("uint8_mask", quietly(lambda T, x, m: x[m]), rand(3), u8(1, 0, 1)),
    case("uint8_mask_after_slice", quietly(lambda T, x, m: x[:, m]), rand(2, 3), u8(0, 1, 1)),
    case("uint8_0d_true", lambda T, x: x[T.tensor(1, dtype=T.uint8)], rand(3)),  # x[True]
    case("uint8_0d_false", lambda T, x: x[T.tensor(0, dtype=T.uint8)], rand(3)),  # x[False]
    # a list holding a sequence, tensor, slice, None or ... is a tuple of indices
    case("list_of_lists", quietly(lambda T, x: x[[[0, 1], [1, 2]]]), rand(3, 3)),
    case("list_with_slice", quietly(lambda T, x: x[[0, slice(None)]]), rand(3, 3)),
    case("list_with_none", quietly(lambda T, x: x[[1, None]]), rand(3, 3)),
    case("list_with_ellipsis", quietly(lambda T, x: x[[..., 1]]), rand(3, 3)),
    case("list_with_tensor", quietly(lambda T, x, i: x[[i, 1]]), rand(3, 3), i64(0, 2)),
    case(
        "setitem_list_of_lists",
        quietly(lambda T, x, v: assign(x * 1, [[0, 1], [1, 2]], v)),
        rand(3, 3),
        rand(2),
    ),
    case(
        "setitem_list_with_slice",
        quietly(lambda T, x, v: assign(x * 1, [0, slice(None)], v)),
        rand(3, 3),
        rand(3),
    ),
    case(
        "setitem_uint8_mask_values",
        quietly(lambda T, x, m, v: assign(x * 1, m, v)),
        rand(3),
        u8(1, 0, 1),
        rand(2),
    ),
    case(  # (torch records x[True] = v as CopySlices, cybenko as IndexPut: names not compared)
        "setitem_uint8_0d_mask",
        lambda T, x: assign(x * 1, T.tensor(1, dtype=T.uint8), 5.0),
        rand(3),
        names=False,
    ),
    # a value's leading dims of size 1 are dropped: one number fits one element
    case("setitem_one_element", lambda T, x, v: assign(x * 1, 0, v), rand(3), rand(1)),
    case("setitem_1x1", lambda T, x, v: assign(x * 1, 1, v), rand(3), rand(1, 1)),
    case(
        "setitem_row_leading_ones", lambda T, x, v: assign(x * 1, 0, v), rand(2, 3), rand(1, 1, 3)
    ),
    case(
        "setitem_one_element_no_graph",
        lambda T, v: assign(T.zeros(3), 2, v),
        rand(1),
    ),
]


@run(KEYS)
@pytest.mark.filterwarnings("ignore:indexing with dtype torch.uint8")  # torch's backward too
def test_keys(fn, inputs, options):
    check(fn, *inputs, **options)


def warnings_of(fn, lib) -> list:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fn(lib)
    return [(str(w.message).split(" (Triggered")[0], w.filename) for w in caught]


@pytest.mark.parametrize(
    "fn",
    [
        pytest.param(lambda T: T.zeros(3)[T.tensor([1, 0, 1], dtype=T.uint8)], id="uint8_read"),
        pytest.param(
            lambda T: assign(T.zeros(3), T.tensor([1, 0, 1], dtype=T.uint8), T.ones(2)),
            id="uint8_write",
        ),
        pytest.param(lambda T: T.zeros(3, 3)[[[0, 1], [1, 2]]], id="list_read"),
        pytest.param(lambda T: assign(T.zeros(3, 3), [[0, 1], [1, 2]], 1.0), id="list_write"),
        pytest.param(  # once, though the write is recorded in the graph
            lambda T: assign(T.zeros(3, 3, requires_grad=True) * 1, [0, slice(None)], 1.0),
            id="list_write_in_graph",
        ),
    ],
)
def test_deprecated_keys_warn(fn):
    """Deprecated keys warn as torch's do, each time, pointing at the caller's line."""
    assert warnings_of(fn, cybenko) == warnings_of(fn, torch)


INDEX_ERRORS = [
    # index tensors: long, int, byte or bool only (a 0-d int8 is an int, as in torch)
    case("index_int8_tensor", lambda T, x, i: x[i], rand(3), i64(1, 0).astype(np.int8), **M),
    case("index_int16_tensor", lambda T, x, i: x[i], rand(3), i64(1).astype(np.int16), **M),
    case(
        "setitem_int8_tensor",
        lambda T, x, i: assign(x, i, 1.0),
        rand(3),
        i64(1).astype(np.int8),
        **M,
    ),
    # one value written through a lone uint8 mask goes to masked_fill_, which refuses it
    case("setitem_uint8_mask_number", lambda T, x, m: assign(x, m, 5.0), rand(3), u8(1, 0, 1), **M),
    case(
        "setitem_uint8_mask_0d_tensor",
        lambda T, x, m: assign(x, m, T.tensor(5.0)),
        rand(3),
        u8(1, 0, 1),
        **M,
    ),
    case(
        "setitem_uint8_mask_one_element",
        lambda T, x, m: assign(x, m, T.tensor([5.0])),
        rand(3),
        u8(1, 0, 1),
        **M,
    ),
    case(
        "setitem_uint8_mask_after_slice",
        lambda T, x, m: assign(x, (slice(None), m), 5.0),
        rand(2, 3),
        u8(1, 0, 1),
        **M,
    ),
    # slice bounds: ints, None or what has __index__
    case("slice_float_start", lambda T, x: x[1.0:3], rand(5), **M),
    case("slice_float_step", lambda T, x: x[::1.0], rand(5), **M),
    case("slice_float_tensor_bound", lambda T, x: x[T.tensor(1.0) :], rand(5), **M),
    case("slice_step_zero", lambda T, x: x[::0], rand(5), **M),
    case("index_string", lambda T, x: x["a"], rand(3), **M),
    # index_select: positions in [0, size), no counting from the end; int32 or int64 only
    case("index_select_negative", lambda T, x: x.index_select(0, T.tensor([-1])), rand(3), **M),
    case(
        "index_select_negative_rows",
        lambda T, x: x.index_select(0, T.tensor([0, -2])),
        rand(3, 2),
        **M,
    ),
    case("index_select_past_end", lambda T, x: x.index_select(0, T.tensor([3])), rand(3), **M),
    case(
        "index_select_last_dim", lambda T, x: x.index_select(2, T.tensor([4])), rand(2, 3, 4), **M
    ),
    case(  # torch's kernel for dim 1 words it apart
        "index_select_dim_1",
        lambda T, x: x.index_select(1, T.tensor([0, 5, -2])),
        rand(2, 3),
        **M,
    ),
    case(
        "index_select_empty_tensor",
        lambda T, x: x.index_select(0, T.tensor([-1])),
        rand(2, 0, 2),
        **M,
    ),
    case("index_select_empty_dim", lambda T, x: x.index_select(1, T.tensor([0])), rand(2, 0), **M),
    case("index_select_uint8", lambda T, x, i: x.index_select(0, i), rand(3), u8(1), **M),
    case(
        "index_select_int16",
        lambda T, x, i: x.index_select(0, i),
        rand(3),
        i64(1).astype(np.int16),
        **M,
    ),
]


@run(INDEX_ERRORS)
@pytest.mark.filterwarnings("ignore:Using a non-tuple sequence")  # torch's, for x["a"]
def test_index_errors(fn, inputs, options):
    check_error(fn, *inputs, **options)
