"""Adaptive max pooling: the max over windows sized to give a fixed output size.

Output cell (i, j) of an (H, W) image pooled to (OH, OW) is the max over rows
[floor(i H / OH), ceil((i + 1) H / OH)) and the matching columns. Windows differ in size by
at most one, so every window is read as the widest one, its short rows and columns repeating
their last entry (which changes neither the max nor where the first max lies).
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function


def _spans(size: int, out: int) -> np.ndarray:
    """(out, widest) positions each window reads, the short ones repeating their last."""
    i = np.arange(out)
    start = (i * size) // out
    end = -((-(i + 1) * size) // out)
    widest = int((end - start).max()) if out else 1
    return np.minimum(start[:, None] + np.arange(widest), end[:, None] - 1)


def adaptive_max(x: np.ndarray, out_hw) -> tuple:
    """The max of each window of x (N, C, H, W) and its flat position h * W + w.

    As torch's CPU kernel, which scans a window row by row and keeps an entry larger than the
    best so far, or NaN: ties keep the first max, the last NaN wins."""
    h, w = x.shape[-2:]
    rows, cols = _spans(h, out_hw[0]), _spans(w, out_hw[1])
    kr, kc = rows.shape[1], cols.shape[1]
    windows = x[:, :, rows[:, None, :, None], cols[None, :, None, :]]
    flat = windows.reshape(*windows.shape[:4], kr * kc)
    best = np.argmax(flat, axis=-1)
    if flat.dtype.kind == "f":
        nan = np.isnan(flat)
        if nan.any():
            last_nan = kr * kc - 1 - np.argmax(nan[..., ::-1], axis=-1)
            best = np.where(nan.any(axis=-1), last_nan, best)
    values = np.take_along_axis(flat, best[..., None], axis=-1)[..., 0]
    oh = np.arange(out_hw[0])[:, None]
    ow = np.arange(out_hw[1])[None, :]
    indices = rows[oh, best // kc] * w + cols[ow, best % kc]
    return values, indices


class AdaptiveMaxPool2d(Function):
    # out = x at each window's argmax: d x = grad added at the argmax of each window
    @staticmethod
    def forward(ctx, x, out_hw):
        x4 = x if x.ndim == 4 else x[None]
        values, indices = adaptive_max(x4, out_hw)
        ctx.indices = indices
        ctx.shape = x.shape
        if x.ndim == 3:
            return values[0]
        return values

    def found_indices(self) -> np.ndarray:
        return self.indices if len(self.shape) == 4 else self.indices[0]

    @staticmethod
    def backward(ctx, grad):
        shape = ctx.shape
        indices = ctx.indices
        planes = indices.shape[0] * indices.shape[1]
        size = shape[-2] * shape[-1]
        # each (n, c) plane's positions moved to their own stretch of one flat array
        outputs = indices.shape[-2] * indices.shape[-1]
        flat = indices.reshape(planes, outputs) + np.arange(planes)[:, None] * size
        total = np.bincount(flat.ravel(), weights=grad.ravel(), minlength=planes * size)
        return total.astype(grad.dtype, copy=False).reshape(shape)
