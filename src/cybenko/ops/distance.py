"""Distances between vectors: cdist (every pair of rows of two sets), pdist (every pair of rows
of one set), and the nn.functional helpers normalize, cosine_similarity and pairwise_distance.

The p-norm distance of rows x and y is (sum |x_k - y_k|^p)^(1/p). For p = 2 and more than 25
rows, torch (and so cybenko) uses |x|^2 - 2 x.y + |y|^2, a matrix product: faster, a little
less exact for nearby points.
"""

from __future__ import annotations

import numpy as np

from .. import _dtype
from ..autograd import grad_mode
from ..autograd.function import Function
from ._operands import broadcast_shape
from .arithmetic import add, div, mul, sub
from .elementwise import clamp_min
from .norms import Norm, _p_norm, check_float, vector_norm
from .reduce import sum as _sum

inf = float("inf")


def distance_backward(diff: np.ndarray, dist: np.ndarray, grad: np.ndarray, p: float):
    """d dist / d x for each pair, dist = ||diff||_p, diff = x - y along the last axis;
    `dist` and `grad` with a last axis of 1. Pairs at distance 0 get 0, as in torch; for
    p = inf every coordinate reaching the maximum gets the whole gradient (torch's cdist
    backward: unlike norms.p_norm_backward, which shares it between ties)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        if p == 0:
            return np.zeros_like(diff)
        if p == 1:
            return grad * np.sign(diff)
        if p == inf:
            return grad * np.sign(diff) * (np.abs(diff) == dist)
        if p == 2:
            return np.where(dist == 0, 0, grad * diff / dist)
        if p < 2:
            zero = (dist == 0) | ((diff == 0) & (p < 1))
            powered = np.sign(diff) * np.abs(diff) ** (p - 1)
            return np.where(zero, 0, powered * grad / dist ** (p - 1))
        return np.where(dist == 0, 0, diff * np.abs(diff) ** (p - 2) * grad / dist ** (p - 1))


def _row_norms(diff: np.ndarray, p: float, skip_nan: bool = False) -> np.ndarray:
    """The p-norms of the last axis, as torch's distance kernels compute them."""
    if p == 0:  # a count of min(ceil |d|, 1): a nan coordinate makes it nan
        return np.minimum(np.ceil(np.abs(diff)), 1).sum(-1)
    if p == inf:  # a max from 0, so no coordinates give 0; cdist's max passes over nan
        largest = np.fmax if skip_nan else np.maximum
        return largest.reduce(np.abs(diff), axis=-1, initial=0)
    return _p_norm(diff, p, (-1,), False)


class Cdist(Function):
    # dist_ij = ||x1_i - x2_j||_p: grad_x1_i = sum_j g_ij d_ij, grad_x2_j = -sum_i g_ij d_ij
    @staticmethod
    def forward(ctx, x1, x2, p):
        diff = x1[..., :, np.newaxis, :] - x2[..., np.newaxis, :, :]
        out = _row_norms(diff, p, skip_nan=True)
        ctx.save_for_backward(diff, out)
        ctx.p = p
        return out

    @staticmethod
    def backward(ctx, grad):
        diff, out = ctx.saved_tensors
        each = distance_backward(diff, out[..., np.newaxis], grad[..., np.newaxis], ctx.p)
        return each.sum(-2), -each.sum(-3)


class EuclideanDist(Function):
    # dist_ij = sqrt(|x1_i|^2 - 2 x1_i.x2_j + |x2_j|^2); with r = grad / dist (0 where dist = 0):
    # grad_x1 = x1 * rowsum(r) - r x2, grad_x2 = x2 * colsum(r) - r^T x1
    @staticmethod
    def forward(ctx, x1, x2):
        squares1 = (x1 * x1).sum(-1, keepdims=True)
        squares2 = (x2 * x2).sum(-1, keepdims=True)
        ones1, ones2 = np.ones_like(squares1), np.ones_like(squares2)
        left = np.concatenate([x1 * x1.dtype.type(-2), squares1, ones1], -1)
        right = np.concatenate([x2, ones2, squares2], -1)
        out = np.sqrt(np.maximum(left @ np.swapaxes(right, -1, -2), 0))
        ctx.save_for_backward(x1, x2, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x1, x2, out = ctx.saved_tensors
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(out == 0, 0, grad / out)
        grad1 = x1 * ratio.sum(-1, keepdims=True) - ratio @ x2
        grad2 = x2 * ratio.sum(-2)[..., np.newaxis] - np.swapaxes(ratio, -1, -2) @ x1
        return grad1, grad2


class Pdist(Function):
    # dist_k = ||x_i - x_j||_p for each pair i < j: x_i gets +g_k d_k, x_j gets -g_k d_k
    @staticmethod
    def forward(ctx, x, p):
        i, j = np.triu_indices(x.shape[0], 1)
        diff = x[i] - x[j]
        out = _row_norms(diff, p)
        ctx.save_for_backward(diff, out)
        ctx.p, ctx.pairs, ctx.rows = p, (i, j), x.shape[0]
        return out

    @staticmethod
    def backward(ctx, grad):
        diff, out = ctx.saved_tensors
        each = distance_backward(diff, out[:, np.newaxis], grad[:, np.newaxis], ctx.p)
        i, j = ctx.pairs
        result = np.zeros((ctx.rows, diff.shape[-1]), diff.dtype)
        np.add.at(result, i, each)
        np.add.at(result, j, -each)
        return result


_COMPUTE_MODES = {
    "use_mm_for_euclid_dist_if_necessary": 0,
    "use_mm_for_euclid_dist": 1,
    "donot_use_mm_for_euclid_dist": 2,
}


def cdist(x1, x2, p: float = 2.0, compute_mode: str = "use_mm_for_euclid_dist_if_necessary"):
    """The p-norm distance between each row of x1 (..., P, M) and each row of x2 (..., R, M):
    a (..., P, R) tensor; the batch dims broadcast."""
    if compute_mode not in _COMPUTE_MODES:
        raise ValueError(f"{compute_mode} is not a valid value for compute_mode")
    mode = _COMPUTE_MODES[compute_mode]
    for name, x in (("X1", x1), ("X2", x2)):
        if x._array.ndim < 2:
            raise RuntimeError(
                f"cdist only supports at least 2D tensors, {name} got: {x._array.ndim}D"
            )
    a, b = x1._array, x2._array
    if a.shape[-1] != b.shape[-1]:
        raise RuntimeError(
            f"X1 and X2 must have the same number of columns. X1: {a.shape[-1]} X2: {b.shape[-1]}"
        )
    for name, x in (("X1", x1), ("X2", x2)):
        if not x.dtype.is_floating_point:
            raise RuntimeError(
                f"cdist only supports floating-point dtypes, {name} got: {x.dtype._torch_name}"
            )
    if p < 0:
        raise RuntimeError("cdist only supports non-negative p values")
    rows1, rows2 = a.shape[-2], b.shape[-2]
    p = float(p)
    use_mm = p == 2 and (mode == 1 or (mode == 0 and (rows1 > 25 or rows2 > 25)))
    if x1.dtype is not x2.dtype:  # in the words of the kernel that meets them
        if use_mm:
            raise RuntimeError(
                "expected m1 and m2 to have the same dtype, but got: "
                f"{x1.dtype._c_name} != {x2.dtype._c_name}"
            )
        raise RuntimeError(
            f"expected scalar type {x1.dtype._torch_name} but found {x2.dtype._torch_name}"
        )
    batch = broadcast_shape(a.shape[:-2], b.shape[:-2])
    if use_mm and a.size and b.size:
        return EuclideanDist.apply(x1, x2).view(batch + (rows1, rows2))
    return Cdist.apply(x1, x2, p=p)


def pdist(input, p: float = 2):
    """The p-norm distances between the rows of a 2-D input, pairs i < j in row order."""
    if input._array.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {input._array.ndim}D")
    if not input.dtype.is_floating_point:
        raise RuntimeError("pdist only supports floating-point dtypes")
    if p < 0:
        raise RuntimeError("pdist only supports non-negative p values")
    return Pdist.apply(input, p=float(p))


def _check_common_float(x1, x2) -> None:
    d = _dtype.promote_types(x1.dtype, x2.dtype)
    if not d.is_floating_point:
        raise RuntimeError(
            f"expected common dtype to be floating point, yet common dtype is {d._torch_name}"
        )


def cosine_similarity(x1, x2, dim: int = 1, eps: float = 1e-8):
    """sum(x1 / max(|x1|, eps) * x2 / max(|x2|, eps)) along dim (x1, x2 broadcast).

    As torch 2.x: each vector is divided by its norm first (which keeps the result within
    [-1, 1]); the norms are clamped at eps outside the graph, so the gradient flows as if
    unclamped."""
    _check_common_float(x1, x2)  # each norm in its own dtype: the products promote
    shape = broadcast_shape(x1._array.shape, x2._array.shape)
    if x1._array.shape != shape:
        x1 = x1.expand(shape)
    if x2._array.shape != shape:
        x2 = x2.expand(shape)
    norm1 = vector_norm(x1, 2, dim, True).clone()
    norm2 = vector_norm(x2, 2, dim, True).clone()
    with grad_mode.no_grad():
        norm1.clamp_min_(eps)
        norm2.clamp_min_(eps)
    return _sum(mul(div(x1, norm1), div(x2, norm2)), dim)


def pairwise_distance(x1, x2, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False):
    """||x1 - x2 + eps||_p along the last dim (x1, x2 broadcast)."""
    ndim = max(x1._array.ndim, x2._array.ndim)
    diff = add(sub(x1, x2), eps)
    if not diff.dtype.is_floating_point:
        diff = diff.to(_dtype.get_default_dtype())
    if ndim == 0:
        return Norm.apply(diff, p=float(p), dims=None, keepdim=keepdim)
    return Norm.apply(diff, p=float(p), dims=(ndim - 1,), keepdim=keepdim)


def normalize(input, p: float = 2.0, dim: int = 1, eps: float = 1e-12):
    """input / max(||input||_p, eps) along dim."""
    check_float(input, "linalg.vector_norm")
    denominator = clamp_min(vector_norm(input, p, dim, True), eps).expand_as(input)
    return div(input, denominator)
