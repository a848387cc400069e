"""Nodes of network layers: linear (x W^T + b), batch normalization, embedding lookup.

Each is one node, as in torch, where composing smaller ops would make several nodes and
extra temporaries.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _memory, _parallel, _ufunc_buffer
from .._sparse import SparseGrad
from ..autograd.function import Function


class Linear(Function):
    # d (x W^T + b) = grad W (to x), grad^T x (to W), grad summed over all but the last dim
    # (to b); batch dims are flattened into rows
    @staticmethod
    def forward(ctx, x, weight, bias):
        # each saved only for the other's gradient, as torch saves them (so writing into the
        # weight before backward is refused only where its value is needed)
        need_x, need_w, _ = ctx.needs_input_grad
        ctx.save_for_backward(x if need_w else None, weight if need_x else None)
        if x.shape[-1] == 1:  # one input feature: an outer product, which BLAS does slowly
            # (torch adds a bias to the entrywise product whatever the shape)
            w = weight[:, 0]
            return _outer(x, w, bias) if bias is not None else column_times_row(x, w)
        if x.ndim == 2:  # large products go to cybenko's worker threads (_parallel.py)
            out = _parallel.matmul(x, weight.T)
        else:
            out = np.matmul(x, weight.T)
        if bias is not None:
            out += bias
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        need_x, need_w, need_b = ctx.needs_input_grad
        rows = grad.reshape(-1, grad.shape[-1])
        gx = None
        if need_x:  # one output feature: an outer product again
            if weight.shape[0] == 1:
                gx = _outer(grad, weight[0])
            else:  # 2-D: dot is matmul's BLAS call, with less to set up (_parallel.matmul)
                gx = grad.dot(weight) if grad.ndim == 2 else np.matmul(grad, weight)
        if need_w:
            gw = _parallel.matmul_summed(rows.T, x.reshape(-1, x.shape[-1]))
        else:
            gw = None
        if not need_b:
            gb = None
        elif type(rows) is np.ndarray:  # rows.sum(axis=0) without its Python wrapper
            gb = np.add.reduce(rows, 0)
        else:  # CuPy
            gb = rows.sum(axis=0)
        return gx, gw, gb


def column_times_row(column: np.ndarray, row: np.ndarray) -> np.ndarray:
    """column (..., 1) @ row (k,) as torch computes it: entry by entry when both have more
    than one entry (a -0 product stays -0), else as a BLAS product, whose sum starts at +0:
    the same values, a -0 product turned +0."""
    out = _outer(column, row)
    if column.size == 1 or row.size == 1:
        out += 0
    return out


def _outer(column: np.ndarray, row: np.ndarray, bias: np.ndarray | None = None) -> np.ndarray:
    """column (..., 1) * row (k,) of one dtype, plus `bias` (k,) if given: into a kept
    buffer, on the workers in blocks of rows, a row per inner loop (_ufunc_buffer), when the
    pool would keep it (_memory); plain NumPy calls otherwise."""
    small = column.nbytes * row.size < _memory.MIN_BYTES
    if small or column.ndim != 2 or type(column) is not np.ndarray:
        out = column * row
        if bias is not None:
            out += bias
        return out
    out = _memory.empty((column.shape[0], row.shape[0]), np.result_type(column, row))

    def multiply(o, c):
        np.multiply(c, row, out=o)
        if bias is not None:
            np.add(o, bias, out=o)

    block = lambda o, c: _ufunc_buffer.one_row_at_a_time(row.size, o.size, multiply, o, c)  # noqa: E731
    return _parallel.by_rows(block, out, column, cost=_parallel.pass_cost())


def _image_size(x: np.ndarray) -> int:
    """The numbers of one channel of one sample of an (N, C, ...) input (0 for (N, C))."""
    return math.prod(x.shape[2:]) if x.ndim > 2 else 0


def _channel_shape(ndim: int, channels: int) -> tuple:
    """(1, C, 1, ...): per-channel values broadcast over an (N, C, ...) input."""
    return (1, channels) + (1,) * (ndim - 2)


class BatchNorm(Function):
    # y = (x - mean) * invstd * w + b per channel. With batch statistics (training):
    # d x = w invstd (grad - mean(grad) - xhat mean(grad xhat)), xhat = (x - mean) invstd;
    # with fixed running statistics: d x = grad w invstd.
    # d w = sum(grad xhat), d b = sum(grad), over all but the channel dim
    @staticmethod
    def forward(ctx, x, weight, bias, mean, invstd, batch_stats):
        shape = _channel_shape(x.ndim, x.shape[1])
        dtype = x.dtype
        alpha = invstd if weight is None else invstd * weight
        alpha = alpha.astype(dtype, copy=False).reshape(shape)
        mean = mean.astype(dtype, copy=False).reshape(shape)
        beta = -mean * alpha if bias is None else bias.reshape(shape) - mean * alpha
        ctx.save_for_backward(x, weight)
        ctx.mean, ctx.invstd, ctx.batch_stats = (
            mean,
            invstd.astype(dtype).reshape(shape),
            batch_stats,
        )
        # per-channel values broadcast over each image's rows: NumPy's buffer one image long
        return _ufunc_buffer.one_row_at_a_time(_image_size(x), x.size, lambda: x * alpha + beta)

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        axes = (0,) + tuple(range(2, x.ndim))
        invstd = ctx.invstd
        image = _image_size(x)  # broadcasting per channel: NumPy's buffer one image long
        centered = _ufunc_buffer.one_row_at_a_time(image, x.size, np.subtract, x, ctx.mean)
        grad_sum = grad.sum(axis=axes, keepdims=True)
        dot = (grad * centered).sum(axis=axes, keepdims=True)
        need_x, need_w, need_b = ctx.needs_input_grad
        gx = None
        if need_x:
            scale = invstd if weight is None else invstd * weight.reshape(invstd.shape)
            if ctx.batch_stats:
                n = x.size // x.shape[1]
                k = dot * invstd * invstd / n
                gx = _ufunc_buffer.one_row_at_a_time(
                    image, x.size, lambda: (grad - k * centered - grad_sum / n) * scale
                )
            else:
                gx = _ufunc_buffer.one_row_at_a_time(image, x.size, np.multiply, grad, scale)
        gw = (dot * invstd).reshape(-1) if need_w else None
        gb = grad_sum.reshape(-1) if need_b else None
        return gx, gw, gb


class Embedding(Function):
    # d weight[idx] = each output row's grad added into weight row idx (nothing into the
    # padding row; divided by how often idx occurs with scale_grad_by_freq); with sparse,
    # the rows are kept apart as a sparse gradient instead of added into a dense one
    @staticmethod
    def forward(ctx, weight, indices, padding_idx, scale_grad_by_freq, sparse=False):
        ctx.indices, ctx.shape = indices, weight.shape
        ctx.padding_idx, ctx.scale_grad_by_freq = padding_idx, scale_grad_by_freq
        ctx.sparse = sparse
        return weight[indices]

    @staticmethod
    def backward(ctx, grad):
        idx = ctx.indices.reshape(-1)
        rows = grad.reshape(idx.size, ctx.shape[1])
        if ctx.scale_grad_by_freq:
            counts = np.bincount(idx, minlength=ctx.shape[0])
            rows = rows / counts[idx, None].astype(rows.dtype)
        if ctx.sparse:
            if ctx.scale_grad_by_freq:
                raise RuntimeError(
                    "embedding_backward: scale_grad_by_freq not supported with sparse gradients"
                )
            keep = idx != ctx.padding_idx
            return SparseGrad(idx[keep], rows[keep], ctx.shape)
        out = np.zeros(ctx.shape, dtype=grad.dtype)
        np.add.at(out, idx, rows)
        if ctx.padding_idx is not None:
            out[ctx.padding_idx] = 0
        return out
