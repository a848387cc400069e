"""The diagonal of a matrix and the triangles either side of it: diagonal, diag, diag_embed,
trace, tril, triu, fill_diagonal_.

A diagonal is read through strides: one step along it moves one row and one column at once,
so its stride is the sum of the two. `diagonal` is that view of the input (writes through it
show); `diag_embed` writes a tensor onto the diagonal of zeros, and is the backward of
`diagonal`, as `diagonal` is the backward of `diag_embed`.
"""

from __future__ import annotations

import numpy as np

from .._size import parse_int
from .._tensor import Tensor, _normalize_dim
from ..autograd import grad_mode, views
from ..autograd.function import Function
from ._operands import cast


def diagonal_view(a: np.ndarray, offset: int, dim1: int, dim2: int) -> np.ndarray:
    """The diagonal of `a` in the plane (dim1, dim2), as a NumPy view moved to the last dim;
    offset > 0 starts it above the main diagonal, < 0 below."""
    planes = np.moveaxis(a, (dim1, dim2), (-2, -1))
    planes = planes[..., :, offset:] if offset >= 0 else planes[..., -offset:, :]
    length = min(planes.shape[-2], planes.shape[-1])
    strides = planes.strides[:-2] + (planes.strides[-2] + planes.strides[-1],)
    return np.lib.stride_tricks.as_strided(planes, planes.shape[:-2] + (length,), strides)


class Diagonal(Function):
    # d diagonal(a) = grad written on the diagonal of zeros (diag_embed)
    is_view = True

    @staticmethod
    def forward(ctx, a, offset, dim1, dim2):
        ctx.shape, ctx.plane = a.shape, (offset, dim1, dim2)
        return diagonal_view(a, offset, dim1, dim2)

    @staticmethod
    def backward(ctx, grad):
        out = np.zeros(ctx.shape, dtype=grad.dtype)
        diagonal_view(out, *ctx.plane)[...] = grad
        return out


class DiagonalCopy(Diagonal):
    """diag(matrix): the diagonal copied out (torch.diag makes no view)."""

    is_view = False

    # d diag(a) = grad written onto the diagonal of zeros (Diagonal's backward)
    @staticmethod
    def forward(ctx, a, offset, dim1, dim2):
        ctx.shape, ctx.plane = a.shape, (offset, dim1, dim2)
        return diagonal_view(a, offset, dim1, dim2).copy()


class DiagEmbed(Function):
    # d diag_embed(a) = the diagonal of grad
    @staticmethod
    def forward(ctx, a, offset, dim1, dim2):
        ctx.plane = (offset, dim1, dim2)
        side = (a.shape[-1] if a.ndim else 1) + abs(offset)
        shape = list(a.shape[:-1])
        for d in sorted((dim1, dim2)):
            shape.insert(d, side)
        out = np.zeros(shape, dtype=a.dtype)
        diagonal_view(out, offset, dim1, dim2)[...] = a
        return out

    @staticmethod
    def backward(ctx, grad):
        return diagonal_view(grad, *ctx.plane)


def _plane(fn: str, offset, dim1, dim2, ndim: int) -> tuple:
    offset = parse_int(offset, fn, "offset", 1)
    d1 = _normalize_dim(parse_int(dim1, fn, "dim1", 2), ndim)
    d2 = _normalize_dim(parse_int(dim2, fn, "dim2", 3), ndim)
    if d1 == d2:
        raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
    return offset, d1, d2


def diagonal(input, offset: int = 0, dim1: int = 0, dim2: int = 1):
    """The diagonal of each matrix in the plane (dim1, dim2), as a new last dim (a view)."""
    plane = _plane("diagonal", offset, dim1, dim2, input._array.ndim)
    return Diagonal.apply(input, offset=plane[0], dim1=plane[1], dim2=plane[2])


def diag_embed(input, offset: int = 0, dim1: int = -2, dim2: int = -1):
    """Matrices with the last dim of input on their diagonal (in the plane dim1, dim2 of the
    output), zeros elsewhere."""
    plane = _plane("diag_embed", offset, dim1, dim2, input._array.ndim + 1)
    return DiagEmbed.apply(input, offset=plane[0], dim1=plane[1], dim2=plane[2])


def diag(input, diagonal: int = 0):
    """A vector's square matrix with it on the diagonal, or a matrix's diagonal (a copy)."""
    ndim = input._array.ndim
    offset = parse_int(diagonal, "diag", "diagonal", 2)
    if ndim == 1:
        return DiagEmbed.apply(input, offset=offset, dim1=0, dim2=1)
    if ndim == 2:
        return DiagonalCopy.apply(input, offset=offset, dim1=0, dim2=1)
    raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {ndim}D")


class Trace(Function):
    # d trace(a) = grad on the diagonal, 0 elsewhere
    @staticmethod
    def forward(ctx, a):
        ctx.shape = a.shape
        return np.asarray(np.trace(a), dtype=a.dtype if a.dtype.kind == "f" else np.int64)

    @staticmethod
    def backward(ctx, grad):
        return grad * np.eye(*ctx.shape, dtype=grad.dtype)


def trace(input):
    """The sum of the main diagonal of a matrix (integers sum as int64)."""
    if input._array.ndim != 2:
        raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {input.ndim}")
    if input._array.dtype == np.bool_:
        raise NotImplementedError("\"trace\" not implemented for 'Bool'")
    return Trace.apply(input)


class Tril(Function):
    # d tril(a) = tril(grad)
    @staticmethod
    def forward(ctx, a, k):
        ctx.k = k
        return np.tril(a, k)

    @staticmethod
    def backward(ctx, grad):
        return np.tril(grad, ctx.k)


class Triu(Function):
    # d triu(a) = triu(grad)
    @staticmethod
    def forward(ctx, a, k):
        ctx.k = k
        return np.triu(a, k)

    @staticmethod
    def backward(ctx, grad):
        return np.triu(grad, ctx.k)


def tril(input, diagonal: int = 0):
    """Each matrix (the last two dims) with zeros above its `diagonal`-th diagonal."""
    if input._array.ndim < 2:
        raise RuntimeError("tril: input tensor must have at least 2 dimensions")
    return Tril.apply(input, k=parse_int(diagonal, "tril", "diagonal", 2))


def triu(input, diagonal: int = 0):
    """Each matrix (the last two dims) with zeros below its `diagonal`-th diagonal."""
    if input._array.ndim < 2:
        raise RuntimeError("triu: input tensor must have at least 2 dimensions")
    return Triu.apply(input, k=parse_int(diagonal, "triu", "diagonal", 2))


def _diagonal_positions(shape: tuple, wrap: bool) -> np.ndarray:
    """Flat positions of a[i, i, ...] in a C-ordered array of `shape`: one step along the
    diagonal moves one place along every dim. A tall matrix with `wrap` starts again
    below, after skipping one row (NumPy's fill_diagonal does the same)."""
    step = sum(int(np.prod(shape[k + 1 :])) for k in range(len(shape)))
    stop = int(np.prod(shape)) if wrap and len(shape) == 2 else min(shape) * step
    return np.arange(0, stop, step) if shape and min(shape) else np.arange(0)


class FillDiagonal(Function):
    # d fill_diagonal(a, v) = grad with the diagonal zeroed (the old values there are gone)
    @staticmethod
    def forward(ctx, a, value, wrap):
        ctx.where = _diagonal_positions(a.shape, wrap)
        out = a.copy()
        out.reshape(-1)[ctx.where] = value
        return out

    @staticmethod
    def backward(ctx, grad):
        out = np.array(grad)  # a C-ordered copy, so reshape(-1) is a view
        out.reshape(-1)[ctx.where] = 0
        return out


def fill_diagonal(input, fill_value, wrap: bool = False):
    """A copy of input with `fill_value` on the main diagonal (all dims of equal size, or a
    matrix; with `wrap`, a tall matrix's diagonal restarts below)."""
    shape = input._array.shape
    if len(shape) < 2:
        raise RuntimeError("dimensions must larger than 1")
    if len(shape) > 2 and len(set(shape)) > 1:
        raise RuntimeError("all dimensions of input must be of equal length")
    return FillDiagonal.apply(input, cast(fill_value, input.dtype), wrap=bool(wrap))


def fill_diagonal_(self, fill_value, wrap: bool = False):
    """Write `fill_value` on the main diagonal, in place."""
    if grad_mode.enabled and self._requires_grad and self.grad_fn is None:
        raise RuntimeError(  # torch writes through a view of the diagonal
            "a view of a leaf Variable that requires grad is being used in an in-place operation."
        )
    if isinstance(fill_value, Tensor):
        fill_value = fill_value.item()
    return views.apply_inplace(self, fill_diagonal, fill_value, wrap)
