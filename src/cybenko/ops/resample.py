"""Resizing images and signals (F.interpolate): nearest-neighbour and (bi)linear.

Both resize each spatial axis on its own. Along an axis of `size` inputs and `out` outputs,
output i reads input src(i): nearest takes one input, linear mixes two neighbours,
(1 - t) x[i0] + t x[i1]. That is a linear map, an (out, size) matrix A per axis, so the
gradient is A^T applied to the gradient, axis by axis. The forward gathers instead of
multiplying by A, so that an inf in the image does not turn the zeros of A into NaN.

Where the source of output i lies follows torch's kernels to the last rounding: positions are
computed in the image's float type for linear, and always in float32 for nearest.
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function


def nearest_source(size: int, out: int, scale, exact: bool, shortcuts: bool) -> np.ndarray:
    """The input each output reads: floor(i * s) (nearest) or floor((i + 0.5) * s)
    (nearest-exact), s = 1 / scale_factor when one was given, else size / out (float32).

    torch's 2-d nearest kernel (`shortcuts`) copies when out == size and halves when
    out == 2 size, whatever the scale_factor; its 1-d kernel always computes, but its
    backward takes the shortcuts (so there, the gradient may flow elsewhere than the values
    came from)."""
    i = np.arange(out)
    if shortcuts and not exact and out == size:
        return i
    if shortcuts and not exact and out == 2 * size:
        return i >> 1
    if scale is not None and scale > 0:
        step = np.float32(1.0 / scale)
    else:
        step = np.float32(size) / np.float32(out)
    position = (i.astype(np.float32) + np.float32(0.5 if exact else 0.0)) * step
    return np.minimum(np.floor(position).astype(np.int64), size - 1)


def linear_source(size: int, out: int, scale, align_corners: bool, dtype) -> tuple:
    """(i0, i1, t): output i is (1 - t) x[i0] + t x[i1], as torch's area_pixel helpers place
    it (align_corners maps the corner pixels' centres onto each other)."""
    real = np.dtype(dtype).type
    if out == size:  # torch copies an axis that keeps its size, whatever the scale_factor
        index = np.arange(out)
        return index, index, np.zeros(out, dtype=dtype)
    i = np.arange(out).astype(dtype)
    if align_corners:
        step = real(size - 1) / real(out - 1) if out > 1 else real(0)
        position = step * i
    else:
        step = real(1.0 / scale) if scale is not None and scale > 0 else real(size) / real(out)
        position = np.maximum(step * (i + real(0.5)) - real(0.5), real(0))
    i0 = np.minimum(np.floor(position).astype(np.int64), size - 1)
    t = np.clip(position - i0.astype(dtype), 0, 1).astype(dtype)
    i1 = np.minimum(i0 + 1, size - 1)
    return i0, i1, t


def _matrix(size: int, sources) -> np.ndarray:
    """The (out, size) matrix of one axis' map, from its (index, weight) pairs."""
    out = len(sources[0][0])
    rows = np.arange(out)
    a = np.zeros((out, size), dtype=sources[0][1].dtype)
    for index, weight in sources:
        np.add.at(a, (rows, index), weight)
    return a


class Resample(Function):
    # out = A_1 x along the first spatial axis, A_2 along the second (one matrix per axis);
    # d x = A^T grad along each axis
    @staticmethod
    def forward(ctx, x, mode, sources, sizes, backward_sources=None):
        """sources: per spatial axis, the (index, weight) pairs of its outputs; the gradient
        flows back through backward_sources where given (torch's 1-d nearest differs)."""
        out = x
        for axis, pairs in enumerate(sources):
            dim = x.ndim - len(sources) + axis
            total = None
            for index, weight in pairs:
                shape = [1] * x.ndim
                shape[dim] = -1
                term = np.take(out, index, axis=dim)
                if weight is not None:
                    term = term * weight.reshape(shape)
                total = term if total is None else total + term
            out = total
        ctx.mode, ctx.spatial = mode, len(sources)
        ctx.sources, ctx.sizes = backward_sources or sources, sizes
        return np.ascontiguousarray(out, dtype=x.dtype)

    @staticmethod
    def backward(ctx, grad):
        g = grad
        for axis, (pairs, size) in enumerate(zip(ctx.sources, ctx.sizes, strict=True)):
            dim = grad.ndim - ctx.spatial + axis
            weighted = [(i, np.ones(len(i), grad.dtype) if w is None else w) for i, w in pairs]
            a = _matrix(size, weighted)
            g = np.moveaxis(np.tensordot(g, a, axes=([dim], [0])), -1, dim)
        return np.ascontiguousarray(g)
