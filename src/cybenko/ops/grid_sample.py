"""Spatial transformers: affine_grid makes a sampling grid from affine matrices, grid_sample
reads an image at the grid's (x, y) points, both differentiable in every input.

Grid coordinates run from -1 (the left or top edge) to 1 (the right or bottom edge). A point
is mapped to pixel units, brought inside the image by the padding mode (zeros leaves it,
border clips it, reflection mirrors it), then read bilinearly from its four neighbouring
pixels (or from the nearest one). Pixels outside the image read as 0.
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function


def _linspace(steps: int, align_corners: bool, dtype) -> np.ndarray:
    """Pixel centres in [-1, 1] (align_corners: the corner pixels' centres at -1 and 1)."""
    if steps <= 1:
        return np.zeros(steps, dtype=dtype)
    line = np.linspace(-1, 1, steps, dtype=dtype)
    return line if align_corners else line * dtype.type((steps - 1) / steps)


def _base_grid(h: int, w: int, align_corners: bool, dtype) -> np.ndarray:
    """(H W, 3) rows (x, y, 1) of every output pixel, row by row."""
    base = np.empty((h, w, 3), dtype=dtype)
    base[..., 0] = _linspace(w, align_corners, dtype)[None, :]
    base[..., 1] = _linspace(h, align_corners, dtype)[:, None]
    base[..., 2] = 1
    return base.reshape(h * w, 3)


class AffineGridGenerator(Function):
    # grid[n, p] = theta[n] @ (x_p, y_p, 1): d theta[n] = sum_p grad[n, p] (x_p, y_p, 1)^T
    @staticmethod
    def forward(ctx, theta, size, align_corners):
        n, _, h, w = size
        base = _base_grid(h, w, align_corners, theta.dtype)
        ctx.base = base
        return np.matmul(base, theta.transpose(0, 2, 1)).reshape(n, h, w, 2)

    @staticmethod
    def backward(ctx, grad):
        n = grad.shape[0]
        return np.matmul(grad.reshape(n, -1, 2).transpose(0, 2, 1), ctx.base)


def _unnormalize(coord, size: int, align_corners: bool):
    """Grid units to pixel units, and d pixel / d grid."""
    if align_corners:
        return (coord + 1) / 2 * (size - 1), (size - 1) / 2
    return ((coord + 1) * size - 1) / 2, size / 2


def _clip(coord, size: int):
    """Clip into [0, size - 1]; the slope is 0 where clipped."""
    slope = ((coord > 0) & (coord < size - 1)).astype(coord.dtype)
    return np.clip(coord, 0, size - 1), slope


def _reflect(coord, twice_low: int, twice_high: int):
    """Mirror coord at low and high until it lies between them; the slope is +-1."""
    if twice_low == twice_high:
        return np.zeros_like(coord), np.zeros_like(coord)
    low = twice_low / 2
    span = (twice_high - twice_low) / 2
    shifted = coord - low
    sign = np.where(shifted < 0, -1, 1).astype(coord.dtype)
    distance = np.abs(shifted)
    extra = np.fmod(distance, span)
    flips = np.floor(distance / span)
    even = np.fmod(flips, 2) == 0
    out = np.where(even, extra + low, span - extra + low)
    return out.astype(coord.dtype), np.where(even, sign, -sign)


def source_positions(coord, size: int, padding_mode: str, align_corners: bool):
    """Pixel positions along one axis, and d position / d grid coordinate."""
    position, slope = _unnormalize(coord, size, align_corners)
    slope = np.full_like(coord, slope)
    if padding_mode == "border":
        position, clip_slope = _clip(position, size)
        slope = slope * clip_slope
    elif padding_mode == "reflection":
        if align_corners:
            position, flip = _reflect(position, 0, 2 * (size - 1))
        else:
            position, flip = _reflect(position, -1, 2 * size - 1)
        position, clip_slope = _clip(position, size)
        slope = slope * flip * clip_slope
    return position, slope


def _corners(ix, iy, mode: str):
    """Each neighbour read: (column, row, weight, d weight / d ix, d weight / d iy)."""
    if mode == "nearest":
        x, y = np.rint(ix), np.rint(iy)  # half to even, as C's nearbyint
        one, zero = np.ones_like(ix), np.zeros_like(ix)
        return [(x, y, one, zero, zero)]
    x0, y0 = np.floor(ix), np.floor(iy)
    x1, y1 = x0 + 1, y0 + 1
    return [
        (x0, y0, (x1 - ix) * (y1 - iy), -(y1 - iy), -(x1 - ix)),
        (x1, y0, (ix - x0) * (y1 - iy), y1 - iy, -(ix - x0)),
        (x0, y1, (x1 - ix) * (iy - y0), -(iy - y0), x1 - ix),
        (x1, y1, (ix - x0) * (iy - y0), iy - y0, ix - x0),
    ]


class GridSampler2d(Function):
    # out[n, c, p] = sum over the neighbours k of w_k(ix, iy) x[n, c, y_k, x_k]:
    # d x = grad w_k added at each neighbour; d grid = sum_c grad x_k (d w_k / d ix, iy),
    # times d (ix, iy) / d grid
    @staticmethod
    def forward(ctx, x, grid, mode, padding_mode, align_corners):
        n, c, h, w = x.shape
        points = grid.shape[1] * grid.shape[2]
        gx = grid[..., 0].reshape(n, points)
        gy = grid[..., 1].reshape(n, points)
        ix, slope_x = source_positions(gx, w, padding_mode, align_corners)
        iy, slope_y = source_positions(gy, h, padding_mode, align_corners)
        flat = x.reshape(n, c, h * w)
        out = np.zeros((n, c, points), dtype=x.dtype)
        reads = []
        for cx, cy, weight, dwx, dwy in _corners(ix, iy, mode):
            inside = (cx >= 0) & (cx < w) & (cy >= 0) & (cy < h)
            index = np.where(inside, cy * w + cx, 0).astype(np.int64)
            values = np.take_along_axis(flat, index[:, None, :], axis=2)
            values = values * inside[:, None, :]
            out += values * weight[:, None, :]
            reads.append((index, inside, weight, dwx, dwy))
        ctx.save_for_backward(x)
        ctx.reads, ctx.slopes = reads, (slope_x, slope_y)
        ctx.out_shape = grid.shape[:3]
        return out.reshape(n, c, *grid.shape[1:3])

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        need_x, need_grid = ctx.needs_input_grad[:2]
        n, c, h, w = x.shape
        g = grad.reshape(n, c, grad.shape[2] * grad.shape[3])
        flat = x.reshape(n, c, h * w)
        gx = ggrid = None
        if need_x:
            planes = np.arange(n * c).reshape(n, c, 1) * (h * w)
            total = np.zeros(n * c * h * w, dtype=np.float64)
            for index, inside, weight, _, _ in ctx.reads:
                contribution = g * (weight * inside)[:, None, :]
                positions = planes + index[:, None, :]
                total += np.bincount(
                    positions.ravel(), weights=contribution.ravel(), minlength=total.size
                )
            gx = total.astype(x.dtype).reshape(x.shape)
        if need_grid:
            d_ix = np.zeros(g.shape[::2], dtype=x.dtype)
            d_iy = np.zeros_like(d_ix)
            for index, inside, _, dwx, dwy in ctx.reads:
                values = np.take_along_axis(flat, index[:, None, :], axis=2)
                seen = (values * g).sum(axis=1) * inside
                d_ix += seen * dwx
                d_iy += seen * dwy
            slope_x, slope_y = ctx.slopes
            ggrid = np.stack([d_ix * slope_x, d_iy * slope_y], axis=-1)
            ggrid = ggrid.reshape(*ctx.out_shape, 2)
        return gx, ggrid
