"""Norm nodes: vector_norm (any p), dist and renorm.

A vector p-norm is (sum |x|^p)^(1/p); p = inf is max |x|, -inf min |x|, 0 counts nonzeros.
Matrix norms are built from it and from the singular values, as torch builds them, so the
nodes of the graph are torch's (cybenko/_linalg_norms.py; the old torch.norm in
cybenko/_torch_linalg.py).
"""

from __future__ import annotations

import math

import numpy as np

from .. import _dtype
from .._tensor import Tensor, _normalize_dim
from ..autograd.function import Function
from ._operands import broadcast_shape, common, sign_of
from .reduce import reduction_dims

inf = math.inf


def _p_norm(a: np.ndarray, p: float, axes: tuple, keepdim: bool) -> np.ndarray:
    """The p-norm of `a` over `axes` (a tuple of dims)."""
    absolute = np.abs(a)
    if p == 2:
        return np.sqrt(np.add.reduce(a * a, axis=axes, keepdims=keepdim))
    if p == 1:
        return np.add.reduce(absolute, axis=axes, keepdims=keepdim)
    if p == inf:
        return np.max(absolute, axis=axes, keepdims=keepdim, initial=None)
    if p == -inf:
        return np.min(absolute, axis=axes, keepdims=keepdim, initial=None)
    if p == 0:
        return np.add.reduce((a != 0).astype(a.dtype), axis=axes, keepdims=keepdim)
    with np.errstate(divide="ignore"):
        powered = np.add.reduce(absolute ** a.dtype.type(p), axis=axes, keepdims=keepdim)
        return powered ** a.dtype.type(1 / p)


def _kept(values: np.ndarray, shape: tuple, axes: tuple) -> np.ndarray:
    """A reduced array reshaped so it broadcasts against the input again (keepdim's shape)."""
    kept = [1 if d in axes else n for d, n in enumerate(shape)]
    return values.reshape(kept)


def p_norm_backward(a: np.ndarray, norm: np.ndarray, grad: np.ndarray, p: float, axes: tuple):
    """The gradient of the p-norm over `axes`; `norm` and `grad` shaped as with keepdim.

    Where the norm is 0 the gradient is 0 (a subgradient), as in torch."""
    zero_norm = norm == 0
    with np.errstate(divide="ignore", invalid="ignore"):
        if p == 0:
            return np.zeros_like(a)
        if p == 1:  # torch's sign of NaN is 0: a NaN entry gets a zero gradient
            return sign_of(a) * grad
        if p == 2:
            return grad * np.where(zero_norm, 0, a / norm)
        if abs(p) == inf:
            # the largest (smallest) |x| take the gradient, shared evenly between ties
            hits = (np.abs(a) == norm) | np.isnan(a)
            share = grad / np.add.reduce(hits, axis=axes, keepdims=True).astype(a.dtype)
            return sign_of(a) * (share * hits)
        if p < 1:
            scaled = np.where(a == 0, 0, np.sign(a) * np.abs(a) ** (p - 1))
            return scaled * grad * norm ** (1 - p)
        scale = np.where(zero_norm, 0, grad / norm ** (p - 1))
        if p < 2:
            return np.sign(a) * np.abs(a) ** (p - 1) * scale
        return a * np.abs(a) ** (p - 2) * scale


class VectorNorm(Function):
    # d ||a||_p = grad * sign(a) |a|^(p-1) / ||a||^(p-1) (p = inf: to the largest |a|)
    @staticmethod
    def forward(ctx, a, p, dims, keepdim):
        axes = tuple(range(a.ndim)) if dims is None else dims
        out = _p_norm(a, p, axes, keepdim)
        ctx.save_for_backward(a, out)
        ctx.p, ctx.axes = p, axes
        return out

    @staticmethod
    def backward(ctx, grad):
        if ctx.p == 0:
            return None  # a count of nonzeros: torch gives no gradient at all
        a, out = ctx.saved_tensors
        norm, grad = _kept(out, a.shape, ctx.axes), _kept(grad, a.shape, ctx.axes)
        return p_norm_backward(a, norm, grad, ctx.p, ctx.axes)


class Norm(VectorNorm):
    """The older at::norm node (pairwise_distance runs it): the same math as VectorNorm."""


class Dist(Function):
    # d ||a - b||_p = g, -g with g the p-norm's gradient at a - b
    @staticmethod
    def forward(ctx, a, b, p):
        diff = a - b
        out = _p_norm(diff, p, tuple(range(diff.ndim)), False)
        ctx.save_for_backward(diff, out)
        ctx.p = p
        return out

    @staticmethod
    def backward(ctx, grad):
        diff, out = ctx.saved_tensors
        axes = tuple(range(diff.ndim))
        g = p_norm_backward(diff, out.reshape((1,) * diff.ndim), grad, ctx.p, axes)
        g = np.broadcast_to(g, diff.shape)
        return g, -g


class Renorm(Function):
    # slices with ||a_i||_p > maxnorm are scaled by f = maxnorm / (||a_i|| + 1e-7):
    # d out = f grad - f / (||a_i|| + 1e-7) * d||a_i||(sum(a_i * grad))
    @staticmethod
    def forward(ctx, a, p, dim, maxnorm):
        axes = tuple(d for d in range(a.ndim) if d != dim)
        norm = _p_norm(a, p, axes, True)
        factor = np.where(norm > maxnorm, maxnorm / (norm + 1e-7), 1).astype(a.dtype)
        ctx.save_for_backward(a, norm)
        ctx.p, ctx.axes, ctx.maxnorm = p, axes, maxnorm
        return a * factor

    @staticmethod
    def backward(ctx, grad):
        a, norm = ctx.saved_tensors
        inverse = 1 / (norm + 1e-7)
        factor = inverse * ctx.maxnorm
        along = np.add.reduce(a * grad, axis=ctx.axes, keepdims=True)
        through_norm = p_norm_backward(a, norm, along, ctx.p, ctx.axes)
        return np.where(norm > ctx.maxnorm, factor * grad - (factor * inverse) * through_norm, grad)


# --- the functions -------------------------------------------------------------------------------


def check_float(x: Tensor, fn: str) -> None:
    """torch's refusal of integer and bool inputs to a linalg function."""
    if not x.dtype.is_floating_point:
        raise RuntimeError(
            f"{fn}: Expected a floating point or complex tensor as input. Got {x.dtype._torch_name}"
        )


def _ord_number(ord, fn: str) -> float:
    if isinstance(ord, bool) or not isinstance(ord, (int, float, np.number)):
        kind = type(ord).__name__
        raise TypeError(f"{fn}(): argument 'ord' (position 2) must be Number, not {kind}")
    return float(ord)


def _in_dtype(x: Tensor, dtype, fn: str) -> Tensor:
    """`x` cast to the `dtype=` argument of a norm, refused where torch refuses it."""
    if dtype is None:
        return x
    if not dtype.is_floating_point:
        raise RuntimeError(
            f"{fn}: dtype should be floating point or complex, but got {dtype._torch_name}"
        )
    if _dtype.promote_types(x.dtype, dtype) is not dtype:
        raise RuntimeError(
            f"{fn}: the dtype of the input ({x.dtype._torch_name}) should be convertible without "
            f"narrowing to the specified dtype ({dtype._torch_name})"
        )
    return x.to(dtype)


def vector_norm(x, ord=2, dim=None, keepdim: bool = False, *, dtype=None):
    """The p-norm of `x` over `dim` (every dim when None), as if flattened to a vector."""
    fn = "linalg.vector_norm"
    p = _ord_number(ord, "linalg_vector_norm")
    if dtype is None:
        check_float(x, fn)
    x = _in_dtype(x, dtype, fn)
    ndim = x._array.ndim
    dims = None if dim is None else reduction_dims(dim, ndim)
    if dims is not None and ndim == 0:
        dims = None
    _check_identity(x._array.shape, dims, p)
    return VectorNorm.apply(x, p=p, dims=dims, keepdim=keepdim)


def _check_identity(shape: tuple, dims, p: float) -> None:
    """max and min of nothing are undefined, and a negative p-norm of nothing is 1/0: torch
    refuses the inf and negative norms of empty slices."""
    if 0 <= p < inf:
        return
    name = str(int(p)) if p.is_integer() else str(p)
    if dims is None:
        if math.prod(shape) == 0:
            raise RuntimeError(
                f"linalg.vector_norm cannot compute the {name} norm on an empty tensor because "
                "the operation does not have an identity"
            )
        return
    for d in dims:
        if shape[d] == 0:
            raise RuntimeError(
                f"linalg.vector_norm cannot compute the {name} norm on the dimension {d}because "
                "this dimension is empty and the operation does not have an identity"
            )


def dist(input, other, p=2):
    """The p-norm of input - other (broadcast)."""
    a, b = common(input, other)
    if not a.dtype.is_floating_point:
        raise RuntimeError(
            "norm(): input dtype should be either floating point or complex. "
            f"Got {a.dtype._torch_name} instead."
        )
    broadcast_shape(a._array.shape, b._array.shape)
    return Dist.apply(a, b, p=float(p))


def renorm(input, p, dim, maxnorm):
    """Each slice input.select(dim, i) whose p-norm exceeds maxnorm, scaled down to it."""
    ndim = input._array.ndim
    if ndim < 2:
        raise RuntimeError(f"renorm: input needs at least 2 dimensions, got {ndim} dimensions")
    d = _normalize_dim(dim, ndim)
    p = float(p)
    if p <= 0:
        raise RuntimeError("renorm: non-positive-norm not supported")
    if maxnorm < 0:
        shown = int(maxnorm) if float(maxnorm).is_integer() else maxnorm
        raise RuntimeError(f"renorm: expected maxnorm to be >= 0 but got {shown}")
    check_float(input, "linalg.vector_norm")
    return Renorm.apply(input, p=p, dim=d, maxnorm=float(maxnorm))
