"""Reading and writing at positions given by index tensors and masks: take, take_along_dim,
masked_select, and the writes index_add, index_copy, index_fill, index_put, masked_scatter,
put (each a copy here; the Tensor methods ending in _ write in place).

The backward of a read sends each gradient back to the position it was read from (adding
where a position was read twice); the backward of a write sends the written positions'
gradient to the values written, and zero to the values they replaced (an add keeps them).
"""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor, _normalize_dim
from ..autograd.function import Function
from ._operands import broadcast_shape, cast
from .shape import (
    IndexPut,
    _check_in_bounds,
    _expand_to,
    gather,
    index_error,
    reshape,
    to_numpy_index,
)

# --- reading --------------------------------------------------------------------------------------


def _flat_positions(index: np.ndarray, numel: int) -> np.ndarray:
    """take's and put's indices into the flattened tensor (negative ones count from the end),
    or torch's error for the first outside it."""
    outside = (index < -numel) | (index >= numel)
    if outside.any():
        raise IndexError(
            f"out of range: tried to access index {index[outside][0]} on a tensor of "
            f"{numel} elements."
        )
    return np.where(index < 0, index + numel, index)


class Take(Function):
    # d take(a, i) = grad added back at the flat positions i
    @staticmethod
    def forward(ctx, a, where):
        ctx.shape, ctx.where = a.shape, where
        return a.reshape(-1)[where]

    @staticmethod
    def backward(ctx, grad):
        out = np.zeros(int(np.prod(ctx.shape)), dtype=grad.dtype)
        np.add.at(out, ctx.where, grad)
        return out.reshape(ctx.shape)


def take(input, index):
    """The elements at `index` in the flattened input, in index's shape."""
    i = index._array
    if i.dtype != np.int64:
        raise RuntimeError(
            f"take(): Expected a long tensor for index, but got {index.dtype._torch_name}"
        )
    return Take.apply(input, where=_flat_positions(i, input._array.size))


def take_along_dim(input, indices, dim=None):
    """gather() whose index broadcasts against input (except along dim); without dim, both
    are flattened."""
    a, i = input._array, indices._array
    if i.dtype != np.int64:
        raise RuntimeError(
            "torch.take_along_dim(): dtype of indices should be Long but got "
            f"{indices.dtype._torch_name}"
        )
    if dim is None:
        return gather(reshape(input, -1), 0, reshape(indices, -1))
    if a.ndim != i.ndim:
        raise RuntimeError(
            "torch.take_along_dim(): input and indices should have the same number of "
            f"dimensions, but got {a.ndim} dimensions for input, and {i.ndim} dimensions for "
            "indices"
        )
    d = _normalize_dim(dim, a.ndim)
    a_shape, i_shape = list(a.shape), list(i.shape)
    a_shape[d] = i_shape[d] = 1
    common = list(broadcast_shape(tuple(a_shape), tuple(i_shape)))
    input = _expand_to(input, tuple(common[:d] + [a.shape[d]] + common[d + 1 :]))
    indices = _expand_to(indices, tuple(common[:d] + [i.shape[d]] + common[d + 1 :]))
    return gather(input, d, indices)


class MaskedSelect(Function):
    # d masked_select(a, m) = grad put back where m holds, 0 elsewhere
    @staticmethod
    def forward(ctx, a, mask):
        shape = broadcast_shape(a.shape, mask.shape)
        ctx.shape, ctx.mask = shape, np.broadcast_to(mask, shape)
        return np.broadcast_to(a, shape)[ctx.mask]

    @staticmethod
    def backward(ctx, grad):
        out = np.zeros(ctx.shape, dtype=grad.dtype)
        out[ctx.mask] = grad
        return out, None


def masked_select(input, mask):
    """The elements where `mask` (broadcast with input) holds, as a 1-D tensor."""
    if mask._array.dtype != np.bool_:
        raise RuntimeError("masked_select: expected BoolTensor for mask")
    broadcast_shape(mask._array.shape, input._array.shape)  # torch's error, in its order
    return MaskedSelect.apply(input, mask)


# --- writing along one dim ------------------------------------------------------------------------


class IndexAdd(Function):
    # d (a[key] += alpha * v) = grad (to a), alpha * grad[key] (to v)
    @staticmethod
    def forward(ctx, a, value, key, alpha=1):
        ctx.key, ctx.alpha = key, alpha
        out = a.copy()
        np.add.at(out, key, value * alpha if alpha != 1 else value)
        return out

    @staticmethod
    def backward(ctx, grad):
        gv = grad[ctx.key]
        return grad, (gv * ctx.alpha if ctx.alpha != 1 else gv)


class IndexPutAccumulate(IndexAdd):
    """index_put(key, v, accumulate=True): a[key] += v, repeated positions adding up."""


class IndexCopy(IndexPut):
    """index_copy(dim, index, v): the slices at index along dim replaced by v's."""


class IndexFill(IndexPut):
    # d index_fill(a, v) = grad with zeros at key (to a), sum of grad at key (to v, 0-d)
    @staticmethod
    def backward(ctx, grad):
        ga, _ = IndexPut.backward(ctx, grad)
        if not ctx.needs_input_grad[1]:
            return ga, None
        filled = ctx.key[:-1] + (np.unique(ctx.key[-1]),)  # each filled slice once
        return ga, grad[filled].sum()


def _along(input, dim, index, fn: str, dtypes=(np.int64, np.int32), error=RuntimeError):
    """The key selecting the slices at `index` (a vector) along `dim`, checked as torch does."""
    a, i = input._array, index._array
    d = _normalize_dim(dim, a.ndim)
    if i.ndim > 1:
        raise IndexError(
            f"{fn}(): Index is supposed to be a vector, but got dim: {i.ndim} with type: "
            f"{index.dtype._torch_name} and size: {list(i.shape)}"
        )
    if i.dtype not in dtypes:
        words = "int32/int64 for index but got: " if len(dtypes) > 1 else "int64 for index."
        got = index.dtype._torch_name if len(dtypes) > 1 else ""
        raise error(f"{fn}(): Expected dtype {words}{got}")
    return d, i.reshape(-1)


def _check_source(fn: str, input, d: int, index: np.ndarray, source) -> None:
    """torch's checks that source holds one slice per index, each shaped as input's."""
    a, s = input._array, source._array
    if fn == "index_copy_" and s.ndim != a.ndim and s.ndim and a.ndim:
        raise IndexError(
            "index_copy_(): When source and destination are not scalars, their dimensionality "
            f"must match. Source dimensionality ({s.ndim}), destination dimensionality ({a.ndim})"
        )
    n = s.shape[d] if s.ndim > d else 1
    if index.size != n:
        message = f"Number of indices ({index.size}) should be equal to source.size(dim)"
        if fn == "index_copy_":
            raise IndexError(f"{fn}(): {message} ({n})")
        raise RuntimeError(f"{fn}(): {message}: ({n}), for dim: {d}")
    others = [m for k, m in enumerate(a.shape) if k != d]
    if s.ndim != a.ndim or others != [m for k, m in enumerate(s.shape) if k != d]:
        raise RuntimeError(
            "source tensor shape must match self tensor shape, excluding the specified "
            f"dimension. Got self.shape = {list(a.shape)} source.shape = {list(s.shape)}"
        )


def index_add(input, dim: int, index, source, *, alpha=1):
    """A copy of input with alpha * source's slices added at positions index along dim
    (repeated positions add up)."""
    d, i = _along(input, dim, index, "index_add_")
    if source.dtype != input.dtype:
        raise RuntimeError(
            f"index_add_(): self ({input.dtype._torch_name}) and source "
            f"({source.dtype._torch_name}) must have the same scalar type"
        )
    _check_source("index_add_", input, d, i, source)
    # torch's kernel for int64 positions along the first or last of several dims names the
    # index; its other kernels say only "out of range"
    a = input._array
    named = a.ndim > 1 and d in (0, a.ndim - 1) and i.dtype == np.int64
    size = a.shape[d] if a.ndim else 1
    if named:
        _check_in_bounds(i, d, size)
    elif i.size and ((i < 0) | (i >= size)).any():
        raise IndexError("index out of range in self")
    key = (slice(None),) * d + (i,)
    return IndexAdd.apply(input, source, key=key, alpha=cast(alpha, input.dtype))


def index_copy(input, dim: int, index, source):
    """A copy of input with the slices at positions index along dim replaced by source's."""
    d, i = _along(input, dim, index, "index_copy_", error=IndexError)
    if source.dtype != input.dtype:
        raise RuntimeError(
            "index_copy_(): self and source expected to have the same dtype, but got (self) "
            f"{input.dtype._torch_name} and (source) {source.dtype._torch_name}"
        )
    _check_source("index_copy_", input, d, i, source)
    size = input._array.shape[d] if input._array.ndim else 1
    _check_in_bounds(i, d, size, error=IndexError, prefix="index_copy_(): ")
    return IndexCopy.apply(input, source, key=(slice(None),) * d + (i,))


def index_fill(input, dim: int, index, value):
    """A copy of input with `value` (a number or a 0-d tensor) in the slices at positions
    index along dim."""
    d, i = _along(input, dim, index, "index_fill_", dtypes=(np.int64,), error=IndexError)
    size = input._array.shape[d] if input._array.ndim else 1
    _check_in_bounds(i, d, size, error=IndexError, negatives=True)
    if isinstance(value, Tensor):
        if value._array.ndim:
            raise RuntimeError(
                "index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                f"{value._array.ndim} dimension(s)."
            )
        value = value.to(input.dtype)
    else:
        value = cast(value, input.dtype)
    return IndexFill.apply(input, value, key=(slice(None),) * d + (i % max(size, 1),))


# --- writing anywhere -----------------------------------------------------------------------------


def index_put(input, indices, values, accumulate: bool = False):
    """A copy of input with input[indices] = values (indices a tuple of index tensors or
    masks); with accumulate, the values are added, repeated positions adding up."""
    if not isinstance(indices, (tuple, list)):
        raise TypeError(
            "index_put(): argument 'indices' (position 1) must be tuple of Tensors, not "
            f"{type(indices).__name__}"
        )
    if values.dtype != input.dtype:
        raise RuntimeError(
            "Index put requires the source and destination dtypes match, got "
            f"{input.dtype._torch_name} for the destination and {values.dtype._torch_name} for the "
            "source."
        )
    key = to_numpy_index(tuple(indices))
    a = input._array
    try:
        target = a[key].shape
    except IndexError as e:
        raise index_error(e, key, a.shape) from None
    try:
        broadcast_shape(values._array.shape, target)
        if len(values._array.shape) > len(target):
            raise RuntimeError
    except RuntimeError:
        raise RuntimeError(
            f"shape mismatch: value tensor of shape {list(values._array.shape)} cannot be "
            f"broadcast to indexing result of shape {list(target)}"
        ) from None
    if accumulate:
        return IndexPutAccumulate.apply(input, values, key=key)
    return IndexPut.apply(input, values, key=key)


class MaskedScatter(Function):
    # d masked_scatter(a, m, s) = grad where not m (to a); grad where m, in order, to the
    # first elements of s (0 to the rest)
    @staticmethod
    def forward(ctx, a, mask, source):
        shape = broadcast_shape(a.shape, mask.shape)
        mask = np.broadcast_to(mask, shape)
        ctx.mask, ctx.source_shape = mask, source.shape
        out = np.broadcast_to(a, shape).copy()
        out[mask] = source.reshape(-1)[: np.count_nonzero(mask)]
        return out

    @staticmethod
    def backward(ctx, grad):
        gs = np.zeros(int(np.prod(ctx.source_shape)), dtype=grad.dtype)
        taken = grad[ctx.mask]
        gs[: taken.size] = taken
        return np.where(ctx.mask, 0, grad), None, gs.reshape(ctx.source_shape)


def masked_scatter(input, mask, source):
    """A copy of input with source's elements, in order, written where `mask` holds."""
    if mask._array.dtype != np.bool_:
        raise RuntimeError(
            "masked_scatter_ only supports boolean masks, but got mask with dtype "
            f"{mask.dtype._torch_name}"
        )
    if source.dtype != input.dtype:
        raise RuntimeError(
            "masked_scatter: expected self and source to have same dtypes but got"
            f"{input.dtype._torch_name} and {source.dtype._torch_name}"
        )
    shape = broadcast_shape(mask._array.shape, input._array.shape)  # torch's order
    ones = np.count_nonzero(np.broadcast_to(mask._array, shape))
    if source._array.size < ones:
        raise RuntimeError("Number of elements of source < number of ones in mask")
    return MaskedScatter.apply(input, mask, source)


class Put(Function):
    # d put(a, i, s) = grad with zeros at the flat positions i (kept when accumulating)
    # to a; grad at the flat positions i to s
    @staticmethod
    def forward(ctx, a, source, where, accumulate):
        ctx.where, ctx.accumulate, ctx.source_shape = where, accumulate, source.shape
        out = a.copy()
        flat = out.reshape(-1)  # a view: the copy is C-ordered
        if accumulate:
            np.add.at(flat, where, source.reshape(-1))
        else:
            flat[where] = source.reshape(-1)
        return out

    @staticmethod
    def backward(ctx, grad):
        gs = grad.reshape(-1)[ctx.where].reshape(ctx.source_shape)
        if ctx.accumulate:
            return grad, gs
        ga = np.array(grad)
        ga.reshape(-1)[ctx.where] = 0
        return ga, gs


def put(input, index, source, accumulate: bool = False):
    """A copy of input with source's elements written at the flat positions index (added,
    with accumulate)."""
    i = index._array
    if i.dtype != np.int64:
        raise RuntimeError(
            f"put_(): Expected a long tensor for index, but got {index.dtype._torch_name}"
        )
    if source.dtype != input.dtype:
        raise RuntimeError(
            "put_(): self and source expected to have the same dtype, but got self.dtype = "
            f"{input.dtype._torch_name} and source.dtype = {source.dtype._torch_name}"
        )
    if source._array.size != i.size:
        raise IndexError(
            "put_(): Expected source and index to have the same number of elements, but got "
            f"source.numel() = {source._array.size}, index.numel() = {i.size}"
        )
    where = _flat_positions(i.reshape(-1), input._array.size)
    return Put.apply(input, source, where=where, accumulate=bool(accumulate))
