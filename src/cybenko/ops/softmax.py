"""Softmax and its relatives: softmax, log_softmax and logsumexp along a dim, each computed
without overflow (the largest value is subtracted before exp) in one node.
"""

from __future__ import annotations

import numpy as np

from .._size import parse_int
from .._tensor import _normalize_dim
from ..autograd.function import Function
from ._operands import to_float
from .reduce import reduction_dims, spread


class Softmax(Function):
    # d softmax(a) = s * (grad - sum(grad * s))
    @staticmethod
    def forward(ctx, a, dim):
        e = np.exp(a - np.maximum.reduce(a, axis=dim, keepdims=True))
        out = e / np.add.reduce(e, axis=dim, keepdims=True)
        ctx.dim = dim
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return out * (grad - np.add.reduce(grad * out, axis=ctx.dim, keepdims=True))


class LogSoftmax(Function):
    # d log_softmax(a) = grad - softmax(a) * sum(grad)
    @staticmethod
    def forward(ctx, a, dim):
        shifted = a - np.maximum.reduce(a, axis=dim, keepdims=True)
        out = shifted - np.log(np.add.reduce(np.exp(shifted), axis=dim, keepdims=True))
        ctx.dim = dim
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad - np.exp(out) * np.add.reduce(grad, axis=ctx.dim, keepdims=True)


class LogSumExp(Function):
    # d logsumexp(a) = grad * softmax(a)
    @staticmethod
    def forward(ctx, a, dims, keepdim):
        m = np.maximum.reduce(a, axis=dims, keepdims=True)
        m = np.where(np.isinf(m), 0, m)
        out = np.log(np.add.reduce(np.exp(a - m), axis=dims, keepdims=True)) + m
        ctx.dims, ctx.keepdim = dims, keepdim
        ctx.save_for_backward(a, out)
        return out if keepdim else np.squeeze(out, dims)

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        return spread(grad, a.shape, ctx.dims, ctx.keepdim) * np.exp(a - out)


# --- the functional API -------------------------------------------------------------------------


def _softmax_input(input, dim: int, dtype, kernel: str):
    """The input in `dtype`, and the dim; torch has no integer softmax kernels."""
    d = _normalize_dim(parse_int(dim, kernel, "dim", 1), input._array.ndim)
    if dtype is not None:
        return input.to(dtype), d
    if input._array.dtype.kind != "f":
        lastdim = "lastdim_" if d == input._array.ndim - 1 or not input._array.ndim else ""
        raise NotImplementedError(
            f"\"{kernel}_{lastdim}kernel_impl\" not implemented for '{input.dtype._torch_name}'"
        )
    return input, d


def softmax(input, dim: int, dtype=None):
    """exp(x) / sum(exp(x)) along `dim`, computed without overflow."""
    x, d = _softmax_input(input, dim, dtype, "softmax")
    return Softmax.apply(x, dim=d)


def log_softmax(input, dim: int, dtype=None):
    """log(softmax(x)) along `dim`, computed stably in one node."""
    x, d = _softmax_input(input, dim, dtype, "log_softmax")
    return LogSoftmax.apply(x, dim=d)


def logsumexp(input, dim, keepdim: bool = False):
    """log(sum(exp(x))) over `dim`, computed without overflow."""
    x = to_float(input)
    return LogSumExp.apply(x, dims=reduction_dims(dim, x._array.ndim), keepdim=keepdim)
