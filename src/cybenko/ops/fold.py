"""im2col and col2im as ops of their own (F.unfold and F.fold): the window matrix that
Conv2d multiplies by its kernels, and its adjoint, which adds windows back onto an image.

unfold turns an (N, C, H, W) image into (N, C kh kw, L): column l holds the l-th window,
read row by row, channel by channel. fold is its transpose: every column is spread back over
its window and overlapping windows add up. Each is the other's gradient.
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from .conv import _add_windows, _crop, _pad, _windows


def blocks(size: int, kernel: int, stride: int, padding: int, dilation: int) -> int:
    """How many windows fit along one side."""
    return (size + 2 * padding - dilation * (kernel - 1) - 1) // stride + 1


def _unfold(x, kernel, stride, padding, dilation, out_hw) -> np.ndarray:
    xp = _pad(x, padding[0], padding[0], padding[1], padding[1], 0)
    windows = _windows(xp, kernel, stride, dilation, out_hw)
    n, c = x.shape[:2]
    return windows.reshape(n, c * kernel[0] * kernel[1], out_hw[0] * out_hw[1])


def _fold(cols, image_hw, kernel, stride, padding, dilation, out_hw) -> np.ndarray:
    n = cols.shape[0]
    c = cols.shape[1] // (kernel[0] * kernel[1])
    padded = (n, c, image_hw[0] + 2 * padding[0], image_hw[1] + 2 * padding[1])
    windows = cols.reshape(n, c, *kernel, *out_hw)
    return _crop(_add_windows(windows, padded, kernel, stride, dilation), *padding, image_hw)


class Im2Col(Function):
    # out = the windows of x as columns: d x = the columns' gradients added back onto their
    # windows (col2im)
    @staticmethod
    def forward(ctx, x, kernel, stride, padding, dilation):
        x4 = x if x.ndim == 4 else x[None]
        hw = x4.shape[2:]
        out_hw = tuple(
            blocks(s, k, st, p, d)
            for s, k, st, p, d in zip(hw, kernel, stride, padding, dilation, strict=True)
        )
        ctx.geometry = (x.shape, kernel, stride, padding, dilation, out_hw)
        out = np.ascontiguousarray(_unfold(x4, kernel, stride, padding, dilation, out_hw))
        return out if x.ndim == 4 else out[0]

    @staticmethod
    def backward(ctx, grad):
        shape, kernel, stride, padding, dilation, out_hw = ctx.geometry
        g = grad if grad.ndim == 3 else grad[None]
        gx = _fold(g, shape[-2:], kernel, stride, padding, dilation, out_hw)
        return np.ascontiguousarray(gx).reshape(shape)


class Col2Im(Function):
    # out = each column added onto its window of the image: d cols = the windows of the
    # gradient (im2col)
    @staticmethod
    def forward(ctx, cols, image_hw, kernel, stride, padding, dilation):
        c3 = cols if cols.ndim == 3 else cols[None]
        out_hw = tuple(
            blocks(s, k, st, p, d)
            for s, k, st, p, d in zip(image_hw, kernel, stride, padding, dilation, strict=True)
        )
        ctx.geometry = (cols.shape, kernel, stride, padding, dilation, out_hw)
        out = np.ascontiguousarray(_fold(c3, image_hw, kernel, stride, padding, dilation, out_hw))
        return out if cols.ndim == 3 else out[0]

    @staticmethod
    def backward(ctx, grad):
        shape, kernel, stride, padding, dilation, out_hw = ctx.geometry
        g = grad if grad.ndim == 4 else grad[None]
        cols = _unfold(g, kernel, stride, padding, dilation, out_hw)
        return np.ascontiguousarray(cols).reshape(shape)
