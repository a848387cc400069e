"""Counting and binning: unique, unique_consecutive, bincount, histc, searchsorted.

Their outputs are counts and positions, which have no gradient. Where torch still records a
node (unique of a tensor that requires grad, bincount with such weights), cybenko records one
too, whose backward raises torch's error.
"""

from __future__ import annotations

import numpy as np

from .. import _dtype
from .._size import parse_int
from .._tensor import Tensor, _normalize_dim, _wrap
from ..autograd.function import Function
from ._operands import wrap_result
from .arithmetic import NoDerivative


class Unique(Function):
    """The distinct values, found on the side: the node only stands for them in the graph."""

    # d unique(a): none in torch, so backward raises torch's error
    @staticmethod
    def forward(ctx, a, values, op):
        ctx.op = op
        return values

    @staticmethod
    def backward(ctx, grad):
        raise NotImplementedError(f"the derivative for '{ctx.op}' is not implemented.")


class UniqueDim(Unique):
    """unique(dim=...): the distinct slices along a dim."""


class UniqueConsecutive(Unique):
    """unique_consecutive: one value (or slice) per run of equal neighbours."""


def _torch_name(a: np.ndarray) -> str:
    return _dtype.from_numpy_dtype(a.dtype)._torch_name


def _unique_result(input, node, values, inverse, counts, return_inverse, return_counts, op):
    out = node.apply(input, values=values, op=op)
    if not (return_inverse or return_counts):
        return out
    extra = []
    if return_inverse:
        extra.append(wrap_result(inverse.astype(np.int64), input))
    if return_counts:
        extra.append(wrap_result(counts.astype(np.int64), input))
    return (out, *extra)


def _check_unique_dim(a: np.ndarray, dim: int) -> int:
    d = _normalize_dim(dim, a.ndim)
    if a.size == 0 and any(n == 0 for i, n in enumerate(a.shape) if i != d):
        raise RuntimeError(
            "There are 0 sized dimensions, and they aren't selected, so unique cannot be applied"
        )
    return d


def unique(
    input, sorted: bool = True, return_inverse: bool = False, return_counts: bool = False, dim=None
):  # noqa: A002
    """The distinct values in ascending order (each nan counts as distinct); with `dim`, the
    distinct slices along it. Optionally where each element went (inverse) and how many
    times each value occurs (counts)."""
    a = input._array
    if dim is None:
        flat = a.reshape(-1)
        values, inverse, counts = np.unique(
            flat, return_inverse=True, return_counts=True, equal_nan=False
        )
        inverse = inverse.reshape(a.shape)
        return _unique_result(
            input, Unique, values, inverse, counts, return_inverse, return_counts, "_unique2"
        )
    d = _check_unique_dim(a, dim)
    if a.shape[d] == 0:
        values, inverse, counts = a.copy(), np.zeros(0, np.int64), np.zeros(0, np.int64)
    else:
        values, inverse, counts = np.unique(
            a, return_inverse=True, return_counts=True, axis=d, equal_nan=False
        )
    return _unique_result(
        input,
        UniqueDim,
        values,
        inverse.reshape(-1),
        counts,
        return_inverse,
        return_counts,
        "unique_dim",
    )


def unique_consecutive(input, return_inverse: bool = False, return_counts: bool = False, dim=None):
    """One value per run of equal neighbours (one slice per run along `dim`); optionally the
    run each element belongs to (inverse) and the length of each run (counts)."""
    a = input._array
    if dim is None:
        moved, d = a.reshape(-1), 0
    else:
        d = _check_unique_dim(a, dim)
        moved = np.moveaxis(a, d, 0).reshape(a.shape[d] if a.ndim else 1, -1)
    n = moved.shape[0]
    changes = moved[1:] != moved[:-1]
    if changes.ndim > 1:
        changes = changes.any(axis=1)
    starts = np.flatnonzero(np.concatenate([[n > 0], changes]))
    inverse = np.cumsum(np.concatenate([[0], changes])).astype(np.int64)[:n]
    counts = np.diff(np.append(starts, n))
    if dim is None:
        values, inverse = a.reshape(-1)[starts], inverse.reshape(a.shape)
    else:
        values = np.take(a, starts, axis=d) if a.ndim else a.copy()
    return _unique_result(
        input,
        UniqueConsecutive,
        values,
        inverse,
        counts,
        return_inverse,
        return_counts,
        "unique_consecutive",
    )


def bincount(input, weights=None, minlength: int = 0):
    """How many times each of 0, 1, ..., max(input) occurs in a 1-d tensor of non-negative
    ints (int64), or the sum of their `weights` (in the weights' float dtype; double for
    integer weights)."""
    minlength = parse_int(minlength, "bincount", "minlength", 3)
    a = input._array
    if a.dtype.kind not in "iu":
        raise NotImplementedError(f"\"bincount_cpu\" not implemented for '{_torch_name(a)}'")
    if a.ndim != 1 or (a.size and a.min() < 0):
        raise RuntimeError("bincount only supports 1-d non-negative integral inputs.")
    if minlength < 0:
        raise RuntimeError("minlength should be >= 0")
    if weights is None:
        return wrap_result(np.bincount(a, minlength=minlength).astype(np.int64), input)
    w = weights._array
    if w.ndim != 1 or w.shape[0] != a.shape[0]:
        raise RuntimeError("weights should be 1-d and have the same length as input")
    out_dtype = w.dtype if w.dtype.kind == "f" else np.float64

    def weighted_count(a, w):
        return np.bincount(a, weights=w, minlength=minlength).astype(out_dtype)

    return NoDerivative.apply(input, weights, fn=weighted_count, op="bincount")


def histc(input, bins: int = 100, min=0, max=0):  # noqa: A002
    """Counts of the values in `bins` equal-width bins from min to max (the data's own range
    when min == max); values outside are ignored. Floats only, no gradient."""
    bins = parse_int(bins, "histc", "bins", 1)
    a = input._array
    if a.dtype.kind != "f":
        raise NotImplementedError(f"\"histogram_cpu\" not implemented for '{_torch_name(a)}'")
    if bins <= 0:
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got {bins} for dimension 0")
    lo, hi = a.dtype.type(min), a.dtype.type(max)
    if lo == hi and a.size:
        lo, hi = a.min(), a.max()
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    if not (np.isfinite(lo) and np.isfinite(hi)):
        raise RuntimeError(f"torch.histc: range of [{float(lo):g}, {float(hi):g}] is not finite")
    if lo > hi:
        raise RuntimeError("torch.histc: max must be larger than min")
    inside = a[(a >= lo) & (a <= hi)]
    # in the input's dtype and in torch's order: (x - lo) * bins / (hi - lo), truncated
    position = ((inside - lo) * a.dtype.type(bins) / (hi - lo)).astype(np.int64)
    position = np.minimum(position, bins - 1)  # the max itself falls in the last bin
    counts = np.bincount(position, minlength=bins).astype(a.dtype)
    return wrap_result(counts, input)


def _dims(shape) -> str:
    return "[" + ", ".join(str(n) for n in shape) + "]"


def _check_searchsorted(boundaries, values, right, side, sorter) -> bool:
    """torch's checks, in its order; whether to search from the right."""
    if side is not None:
        if side not in ("left", "right"):
            raise RuntimeError(
                f"torch.searchsorted(): side can only be 'left' or 'right' but got {side}"
            )
        if right and side == "left":
            raise RuntimeError(
                "torch.searchsorted(): side and right can't be set to opposites, got side of "
                "left while right was True"
            )
        right = side == "right"
    if sorter is not None:
        if sorter._array.dtype != np.int64:
            raise RuntimeError(
                "torch.searchsorted(): sorter must be a tensor of long dtype but got dtype "
                f"{_torch_name(sorter._array)}"
            )
        if sorter._array.shape != boundaries.shape:
            raise RuntimeError(
                "torch.searchsorted(): boundary and sorter must have the same size, but got "
                f"boundary tensor {_dims(boundaries.shape)}and got sorter tensor "
                f"{_dims(sorter._array.shape)}"
            )
    if values.ndim == 0 and boundaries.ndim != 1 and boundaries.ndim != 0:
        raise RuntimeError(
            "torch.searchsorted(): input value can be a scalar only when boundaries tensor "
            f"dimension is 1, but we got boundaries tensor dim({boundaries.ndim}) and input "
            f"value's dim({values.ndim}) numel({values.size})"
        )
    if boundaries.ndim == 0:
        raise RuntimeError(
            "torch.searchsorted(): boundaries tensor should have positive dimension, but got 0 "
            "dimension"
        )
    if boundaries.ndim != 1 and boundaries.shape[:-1] != values.shape[:-1]:
        raise RuntimeError(
            "torch.searchsorted(): boundaries tensor should be 1 dimension or the first N-1 "
            "dimensions of boundaries tensor and input value tensor must match, but we got "
            f"boundaries tensor {_dims(boundaries.shape)} and input value tensor "
            f"{_dims(values.shape)}"
        )
    return bool(right)


def _binary_search(boundaries, values, right: bool) -> np.ndarray:
    """For each value, the first position in its row of `boundaries` whose entry is >= it
    (> it when `right`), by torch's bisection: a comparison with nan is false, so a nan
    boundary never stops the search."""
    n = boundaries.shape[-1]
    lo = np.zeros(values.shape, np.int64)
    hi = np.full(values.shape, n, np.int64)
    active = lo < hi
    while active.any():
        mid = (lo + hi) // 2
        probe = np.take_along_axis(boundaries, np.minimum(mid, n - 1), axis=-1)
        stops = probe > values if right else probe >= values
        lo = np.where(active & ~stops, mid + 1, lo)
        hi = np.where(active & stops, mid, hi)
        active = lo < hi
    return lo


def searchsorted(
    sorted_sequence, input, *, out_int32: bool = False, right: bool = False, side=None, sorter=None
):
    """Where each value of `input` would go in the sorted last dim of `sorted_sequence` to keep
    it sorted: before equal entries, or after them with right=True / side='right'."""
    boundaries = sorted_sequence._array
    values = input._array if isinstance(input, Tensor) else np.asarray(input)
    right = _check_searchsorted(boundaries, values, right, side, sorter)
    common = _dtype.result_type(
        sorted_sequence, input if isinstance(input, Tensor) else values.item()
    ).np
    if common == np.bool_:
        raise NotImplementedError("\"searchsorted_out_cpu\" not implemented for 'Bool'")
    b = boundaries.astype(common, copy=False)
    if sorter is not None:
        b = np.take_along_axis(b, sorter._array, axis=-1)
    v = values.astype(common, copy=False)
    if b.ndim == 1:
        found = _binary_search(b[None], v.reshape(1, -1), right).reshape(v.shape)
    else:
        found = _binary_search(b, v, right)
    out = found.astype(np.int32 if out_int32 else np.int64)
    return wrap_result(out, sorted_sequence) if isinstance(input, Tensor) else _wrap(out)
