"""Padding and pixel shuffling: ops that move elements without changing them.

Every padding mode is one index map per padded dim: output position j of a dim of size n,
padded by (left, right), reads input position u = j - left, folded back into [0, n) by the
mode (reflect: mirrored without repeating the edge; replicate: clamped; circular: wrapped
around the input as cropped by any negative pad, as torch; constant: nowhere, -1, where the
fill value goes). Negative pads crop. The backward pass
adds each output's gradient into the input position it read.
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function


def index_map(mode: str, n: int, left: int, right: int) -> np.ndarray:
    """The input position each output position of one dim reads (-1: the fill value)."""
    u = np.arange(n + left + right) - left
    if mode == "constant":
        return np.where((u >= 0) & (u < n), u, -1)
    if mode == "reflect":
        u = np.abs(u)
        return np.where(u >= n, 2 * (n - 1) - u, u)
    if mode == "replicate":
        return np.clip(u, 0, n - 1)
    # circular: wrap around what is left after negative pads crop
    start, kept = max(-left, 0), n + min(left, 0) + min(right, 0)
    return (np.arange(n + left + right) - max(left, 0)) % kept + start


class Pad(Function):
    # out[..., j] = a[..., map[j]] along each padded dim (the fill value where map[j] = -1):
    # d a[..., i] = the sum of grad[..., j] over the positions j with map[j] = i
    @staticmethod
    def forward(ctx, a, maps, value):
        ctx.maps, ctx.shape = maps, a.shape
        out = a
        for k, index in enumerate(maps):
            axis = a.ndim - len(maps) + k
            out = np.take(out, np.maximum(index, 0), axis=axis)
            if (index < 0).any():
                where = [slice(None)] * a.ndim
                where[axis] = index < 0
                out[tuple(where)] = np.array(value).astype(a.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        g = grad
        ndim = len(ctx.shape)
        for k in reversed(range(len(ctx.maps))):
            index = ctx.maps[k]
            axis = ndim - len(ctx.maps) + k
            moved = np.moveaxis(g, axis, -1)
            summed = np.zeros(moved.shape[:-1] + (ctx.shape[axis],), dtype=g.dtype)
            kept = index >= 0
            np.add.at(summed, (Ellipsis, index[kept]), moved[..., kept])
            g = np.moveaxis(summed, -1, axis)
        return g


class ConstantPad(Pad):
    """Pad with a fill value (or crop)."""


class ReflectionPad(Pad):
    """Pad with the input mirrored at its edges."""


class ReplicationPad(Pad):
    """Pad with copies of the edge values."""


class CircularPad(Pad):
    """Pad with the input wrapped around (the other end's values)."""


class PixelShuffle(Function):
    # (..., C r^2, H, W) -> (..., C, H r, W r): out[c, h r + i, w r + j] = a[c r^2 + i r + j,
    # h, w], a permutation: the gradient is the inverse permutation of grad
    @staticmethod
    def forward(ctx, a, factor):
        ctx.factor = factor
        return _shuffle(a, factor)

    @staticmethod
    def backward(ctx, grad):
        return _unshuffle(grad, ctx.factor)


class PixelUnshuffle(Function):
    # the inverse of pixel_shuffle: (..., C, H r, W r) -> (..., C r^2, H, W)
    @staticmethod
    def forward(ctx, a, factor):
        ctx.factor = factor
        return _unshuffle(a, factor)

    @staticmethod
    def backward(ctx, grad):
        return _shuffle(grad, ctx.factor)


def _shuffle(a: np.ndarray, r: int) -> np.ndarray:
    *batch, c, h, w = a.shape
    out = a.reshape(*batch, c // (r * r), r, r, h, w)
    n = len(batch)
    out = out.transpose(*range(n), n, n + 3, n + 1, n + 4, n + 2)
    return out.reshape(*batch, c // (r * r), h * r, w * r)


def _unshuffle(a: np.ndarray, r: int) -> np.ndarray:
    *batch, c, h, w = a.shape
    out = a.reshape(*batch, c, h // r, r, w // r, r)
    n = len(batch)
    out = out.transpose(*range(n), n, n + 2, n + 4, n + 1, n + 3)
    return out.reshape(*batch, c * r * r, h // r, w // r)
