"""Ordering ops: sort, argsort, topk, kthvalue, median, mode, quantile.

Each picks elements of its input by their rank. The positions are found with NumPy on the
side (a stable argsort, nan last as in torch), and the differentiable node only gathers the
picked values: its backward sends each value's gradient back to the position it came from.
"""

from __future__ import annotations

import numpy as np

from .. import return_types
from .._size import invalid_combination, parse_int
from .._tensor import Tensor, _normalize_dim
from ..autograd.function import Function
from ._operands import wrap_result
from .reduce import picked_grad

# --- where the values go: stable orders, nan last -----------------------------------------------


def sort_order(a: np.ndarray, axis: int, descending: bool = False) -> np.ndarray:
    """Stable int64 argsort along `axis`: equal values keep their order, and nan sorts last
    (first when descending), as torch's CPU sort does."""
    if not descending:
        return np.argsort(a, axis=axis, kind="stable").astype(np.int64)
    # Sorting the reversed array and reversing the result keeps ties in their first order.
    n = a.shape[axis]
    reversed_order = np.argsort(np.flip(a, axis), axis=axis, kind="stable")
    return np.flip(n - 1 - reversed_order, axis).astype(np.int64)


# --- the nodes ------------------------------------------------------------------------------------


class Pick(Function):
    """Values of `a` at `indices` along `dim` (indices has a's shape but for `dim`)."""

    # d pick(a) = grad sent back to the picked positions (each picked once), 0 elsewhere
    @staticmethod
    def forward(ctx, a, indices, dim, keepdim=True):
        ctx.shape, ctx.indices, ctx.dim, ctx.keepdim = a.shape, indices, dim, keepdim
        if a.ndim == 0:
            return a.copy()
        out = np.take_along_axis(a, indices, axis=dim)
        return out if keepdim else np.squeeze(out, dim)

    @staticmethod
    def backward(ctx, grad):
        if len(ctx.shape) == 0:
            return grad
        return picked_grad(grad, ctx.indices, ctx.shape, ctx.dim, ctx.keepdim)


class Sort(Pick):
    """sort: every value, in order. `stable` is None when the caller did not choose."""

    # d sort(a) = each grad sent back to its value's place (Pick's backward)
    @staticmethod
    def forward(ctx, a, indices, dim, stable=None):
        ctx.stable = stable
        return Pick.forward(ctx, a, indices, dim)


class Topk(Pick):
    """topk: the k largest (or smallest) values."""


class Kthvalue(Pick):
    """kthvalue: the k-th smallest value."""


class MedianAlongDim(Pick):
    """median(dim): the lower middle value of each slice."""


class NanmedianAlongDim(Pick):
    """nanmedian(dim): the lower middle of the values that are not nan."""


class Mode(Pick):
    """mode: the most frequent value of each slice."""


def lower_median(a: np.ndarray, ignore_nan: bool):
    """The lower middle value of all of `a` (nan if a holds nan, unless ignored)."""
    flat = np.sort(a.reshape(-1))  # nan last
    if a.dtype.kind == "f" and ignore_nan:
        flat = flat[~np.isnan(flat)]
    elif a.dtype.kind == "f" and flat.size and np.isnan(flat[-1]):
        return flat[-1]
    if flat.size == 0:
        return np.array(np.nan, dtype=a.dtype)
    return flat[(flat.size - 1) // 2]


class Median(Function):
    # d median(a) = grad shared evenly by the elements equal to the median
    @staticmethod
    def forward(ctx, a, ignore_nan=False):
        out = np.asarray(lower_median(a, ignore_nan), dtype=a.dtype)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        hit = (a == out) | (np.isnan(a) & np.isnan(out))
        share = grad / np.asarray(np.count_nonzero(hit), dtype=grad.dtype)
        return np.where(hit, share, grad.dtype.type(0))


class Nanmedian(Median):
    """nanmedian(): the median of the values that are not nan."""


def _lerp(low, high, weight):
    """low + weight (high - low), from whichever end is nearer, so weight 1 gives high."""
    diff = high - low
    return np.where(np.abs(weight) < 0.5, low + weight * diff, high - diff * (1 - weight))


class Quantile(Function):
    # d quantile = grad * (1 - w) to the lower neighbouring order statistic, grad * w to the
    # upper one (w: where the rank falls between them; 0 for lower, higher and nearest);
    # d quantile / d q = (upper - lower) * (n - 1) when interpolating linearly, else none
    @staticmethod
    def forward(ctx, a, q, dim, keepdim, interpolation, ignore_nan):
        # Work on slices along the last axis: all of `a` flattened when dim is None.
        work = a.reshape(-1) if dim is None or a.ndim == 0 else np.moveaxis(a, dim, -1)
        order = sort_order(work, -1)
        ordered = np.take_along_axis(work, order, axis=-1)
        n = work.shape[-1]
        missing = np.isnan(ordered)
        qs = q.reshape((-1,) + (1,) * work.ndim)  # (m, 1, ..., 1): one row per q
        if ignore_nan:  # rank among the values that are not nan; 0 (a nan) if none is
            last = (n - np.count_nonzero(missing, axis=-1, keepdims=True) - 1).astype(a.dtype)
            fixed = last < 0
            ranks = np.where(fixed, a.dtype.type(0), qs * last)
        else:  # a slice with nan ranks at its end, a nan
            last = a.dtype.type(n - 1)
            fixed = missing.any(axis=-1, keepdims=True)
            ranks = np.where(fixed, last, qs * last)
        rounding = {"lower": np.floor, "higher": np.ceil, "nearest": np.round}
        if interpolation in rounding:
            ranks = rounding[interpolation](ranks)
        below = np.trunc(ranks).astype(np.int64)
        above = np.ceil(ranks).astype(np.int64)
        if interpolation == "midpoint":
            weight = np.full_like(ranks, 0.5)
        elif interpolation == "linear":
            weight = (ranks - below).astype(a.dtype)
        else:
            weight = np.zeros_like(ranks)
        stacked = np.broadcast_to(ordered, ranks.shape[:1] + ordered.shape)
        low = np.take_along_axis(stacked, below, axis=-1)
        high = np.take_along_axis(stacked, above, axis=-1)
        out = _lerp(low, high, weight)[..., 0]  # (m, slices...)
        ctx.parts = order, below, above, weight
        if interpolation == "linear":  # how fast the output moves with q
            with np.errstate(invalid="ignore"):
                ctx.slope = np.where(fixed, a.dtype.type(0), (high - low) * last)
        else:
            ctx.slope = None
        ctx.shape, ctx.dim, ctx.q_shape = a.shape, dim, q.shape
        return _quantile_shape(out, a.shape, dim, keepdim, q.ndim == 0)

    @staticmethod
    def backward(ctx, grad):
        order, below, above, weight = ctx.parts
        m = below.shape[0]
        grad = grad.reshape((m,) + below.shape[1:])  # back to (m, slices..., 1)
        positions = np.arange(order.shape[-1])
        shares = grad * (1 - weight) * (positions == below) + grad * weight * (positions == above)
        in_order = shares.sum(axis=0)
        work_grad = np.zeros_like(in_order)
        np.put_along_axis(work_grad, order, in_order, axis=-1)
        if ctx.dim is None or len(ctx.shape) == 0:
            grad_a = work_grad.reshape(ctx.shape)
        else:
            grad_a = np.moveaxis(work_grad, -1, ctx.dim)
        grad_q = None
        if ctx.slope is not None and ctx.needs_input_grad[1]:
            grad_q = (grad * ctx.slope).reshape(m, -1).sum(axis=1).reshape(ctx.q_shape)
        return grad_a, grad_q


def _quantile_shape(out, shape, dim, keepdim, scalar_q):
    """Quantiles as (m, slices...) in torch's layout: the q dim first (none for a single
    number), then the input's shape without `dim` (kept as 1 with keepdim)."""
    m = out.shape[0]
    if dim is None or len(shape) == 0:
        rest = (1,) * len(shape) if keepdim else ()
    else:
        rest = shape[:dim] + ((1,) if keepdim else ()) + shape[dim + 1 :]
    out = out.reshape((m,) + rest)
    return out[0] if scalar_q else out


# --- the functional API ---------------------------------------------------------------------------


def _dim(dim, ndim: int) -> int:
    return _normalize_dim(dim, ndim)


def _indices(indices: np.ndarray, input: Tensor, keepdim: bool, dim: int):
    if input._array.ndim == 0:
        return wrap_result(np.zeros((), np.int64), input)
    out = indices if keepdim else np.squeeze(indices, dim)
    return wrap_result(np.array(out, dtype=np.int64), input)


_SORT_SIGNATURES = (
    "(Tensor input, *, bool stable, int dim = -1, bool descending = False, tuple of Tensors "
    "out = None)",
    "(Tensor input, int dim = -1, bool descending = False, *, tuple of Tensors out = None)",
)


def sort(input, dim: int = -1, descending: bool = False, *, stable=None):
    """Values in order along `dim` and where each came from: (values, indices). Equal values
    keep their order (as torch's with stable=True; its default sort of slices longer than 16
    may order them otherwise); nan sorts last, first when descending."""
    if isinstance(dim, bool):
        raise invalid_combination("sort", (input, dim), _SORT_SIGNATURES)
    a = input._array
    d = _dim(dim, a.ndim)
    order = sort_order(a, d, descending) if a.ndim else np.zeros((), np.int64)
    values = Sort.apply(input, indices=order, dim=d, stable=stable)
    return return_types.sort(values, _indices(order, input, True, d))


def argsort(input, dim: int = -1, descending: bool = False, *, stable: bool = False):
    """Where the values of sort(input, dim, descending) came from."""
    return sort(input, dim, descending, stable=stable).indices


def msort(input):
    """Sort along the first dim: sort(input, 0).values."""
    return sort(input, 0).values


def topk(input, k, dim: int = -1, largest: bool = True, sorted: bool = True):  # noqa: A002
    """The k largest (smallest if not largest) values along `dim`, and their positions.
    Equal values are taken in the order they come (torch's choice among ties differs)."""
    k = parse_int(k, "topk", "k", 1)
    a = input._array
    if a.dtype == np.bool_:
        raise RuntimeError("topk does not support bool dtypes on CPU")
    d = _dim(dim, a.ndim)
    size = a.shape[d] if a.ndim else 1
    if not 0 <= k <= size:
        raise RuntimeError("selected index k out of range")
    if a.ndim == 0:
        values = Topk.apply(input, indices=None, dim=0)
        return return_types.topk(values, _indices(None, input, True, 0))
    order = np.take(sort_order(a, d, descending=largest), np.arange(k), axis=d)
    values = Topk.apply(input, indices=order, dim=d)
    return return_types.topk(values, _indices(order, input, True, d))


def _not_implemented_for_bool(input, kernel: str) -> None:
    if input._array.dtype == np.bool_:
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


def _slice_pick(input, dim, keepdim, fn: str, pick, node, result):
    """The (values, indices) of one element per slice along `dim`, chosen by
    `pick(a, axis) -> indices with keepdim shape`."""
    a = input._array
    d = _dim(dim, a.ndim)
    if a.ndim == 0:
        return result(node.apply(input, indices=None, dim=0), _indices(None, input, True, 0))
    if a.shape[d] == 0:
        raise IndexError(f"{fn}(): Expected reduction dim {d} to have non-zero size.")
    idx = pick(a, d) if a.size else np.zeros(a.shape[:d] + (1,) + a.shape[d + 1 :], np.int64)
    values = node.apply(input, indices=idx, dim=d, keepdim=keepdim)
    return result(values, _indices(idx, input, keepdim, d))


def kthvalue(input, k, dim: int = -1, keepdim: bool = False):
    """The k-th smallest value along `dim` (nan counts as largest) and its position.
    Among equal values the first in a stable sort is taken (torch's choice may differ)."""
    k = parse_int(k, "kthvalue", "k", 1)
    _not_implemented_for_bool(input, "kthvalue_cpu")
    a = input._array
    d = _dim(dim, a.ndim)
    size = a.shape[d] if a.ndim else 1
    if not 1 <= k <= size and not (a.ndim and size == 0):
        raise RuntimeError(f"kthvalue(): selected number k out of range for dimension {d}")

    def pick(a, axis):
        return np.take(sort_order(a, axis), [k - 1], axis=axis)

    return _slice_pick(input, d, keepdim, "kthvalue", pick, Kthvalue, return_types.kthvalue)


def _median_along(a: np.ndarray, axis: int, ignore_nan: bool) -> np.ndarray:
    order = sort_order(a, axis)
    n = a.shape[axis]
    if a.dtype.kind != "f":
        return np.take(order, [(n - 1) // 2], axis=axis)
    missing = np.count_nonzero(np.isnan(a), axis=axis, keepdims=True)
    if ignore_nan:  # the lower middle of the values that are not nan (all nan: the first)
        rank = np.maximum((n - missing - 1) // 2, 0)
    else:  # any nan: the first nan, which a stable sort puts first among the nans
        rank = np.where(missing > 0, n - missing, (n - 1) // 2)
    return np.take_along_axis(order, rank, axis=axis)


def median(input, dim=None, keepdim: bool = False):
    """The lower of the two middle values (nan if there is a nan). With `dim`, the
    (values, indices) of each slice's median."""
    _not_implemented_for_bool(input, "median_cpu")
    if dim is None:
        return Median.apply(input)
    return _slice_pick(
        input,
        dim,
        keepdim,
        "median",
        lambda a, axis: _median_along(a, axis, False),
        MedianAlongDim,
        return_types.median,
    )


def nanmedian(input, dim=None, keepdim: bool = False):
    """median, ignoring nan values (nan only where every value is nan)."""
    _not_implemented_for_bool(input, "nanmedian_cpu")
    if dim is None:
        return Nanmedian.apply(input, ignore_nan=True)
    return _slice_pick(
        input,
        dim,
        keepdim,
        "nanmedian",
        lambda a, axis: _median_along(a, axis, True),
        NanmedianAlongDim,
        return_types.nanmedian,
    )


def _mode_along(a: np.ndarray, axis: int) -> np.ndarray:
    """Position of the most frequent value (the smallest of the most frequent) along `axis`:
    its last occurrence (torch's choice among equal values may differ)."""
    moved = np.moveaxis(a, axis, -1)
    rows = moved.reshape(-1, moved.shape[-1])
    picks = np.empty(rows.shape[0], np.int64)
    for r, row in enumerate(rows):
        values, counts = np.unique(row, return_counts=True)
        best = values[np.argmax(counts)]
        picks[r] = np.flatnonzero(row == best)[-1]
    return np.expand_dims(picks.reshape(moved.shape[:-1]), axis)


def mode(input, dim: int = -1, keepdim: bool = False):
    """The most frequent value along `dim` (the smallest if several are), and a position of
    it."""
    return _slice_pick(input, dim, keepdim, "mode", _mode_along, Mode, return_types.mode)


_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(input, q, dim, keepdim, interpolation, ignore_nan):
    a = input._array
    if a.dtype.kind != "f":
        raise RuntimeError("quantile() input tensor must be either float or double dtype")
    if isinstance(q, Tensor):
        if q._array.ndim > 1:
            raise RuntimeError("quantile() q must be a scalar or 1D tensor")
        if q._array.dtype != a.dtype:
            raise RuntimeError("quantile() q tensor must be same dtype as the input tensor")
        qs = q._array
        if not np.all((qs >= 0) & (qs <= 1)):
            raise RuntimeError("quantile() q values must be in the range [0, 1]")
    else:
        if not 0 <= q <= 1:
            raise RuntimeError(f"quantile() q must be in the range [0, 1] but got {q:g}")
        qs = np.asarray(q, dtype=a.dtype)
    if a.size == 0:
        raise RuntimeError("quantile() input tensor must be non-empty")
    if interpolation not in _INTERPOLATIONS:
        raise RuntimeError(
            "quantile() interpolation must be one of linear, lower, higher, midpoint or "
            f"nearest, but got {interpolation}"
        )
    d = None if dim is None else _dim(dim, a.ndim)
    return Quantile.apply(
        input,
        q if isinstance(q, Tensor) else qs,
        dim=d,
        keepdim=keepdim,
        interpolation=interpolation,
        ignore_nan=ignore_nan,
    )


def quantile(input, q, dim=None, keepdim: bool = False, *, interpolation: str = "linear"):
    """The q-th quantiles along `dim` (of all elements if None), between the order statistics
    as `interpolation` says; nan wherever a slice holds nan. q: a number or a 1-D tensor,
    whose values make the output's first dim."""
    return _quantile(input, q, dim, keepdim, interpolation, ignore_nan=False)


def nanquantile(input, q, dim=None, keepdim: bool = False, *, interpolation: str = "linear"):
    """quantile, ignoring nan values (nan only where a slice is all nan)."""
    return _quantile(input, q, dim, keepdim, interpolation, ignore_nan=True)
