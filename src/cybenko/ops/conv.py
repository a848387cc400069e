"""Nodes of convolutional networks on (N, C, H, W) arrays: convolution, max and average
pooling, adaptive average pooling.

Every window of an image is read through one strided view (`_windows`, no copy): entry
[n, c, i, j, y, x] is the padded input at row y * stride + i * dilation and column
x * stride + j * dilation. Convolution copies those windows once into a matrix and multiplies
it by the weights (im2col); the gradient that flows back into the windows is added onto the
image one kernel offset at a time (`_add_windows`, col2im), so the only Python loops run over
the kh * kw kernel offsets.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from .. import _memory, _parallel, _ufunc_buffer
from ..autograd.function import Function
from ._operands import keep_where

# Window matrices and the layouts around them come from _memory: they are large and every
# step asks for them again.


def _pad(x: np.ndarray, top: int, bottom: int, left: int, right: int, value) -> np.ndarray:
    """x (N, C, H, W) with `value` rows above/below and columns left/right of it."""
    if not (top or bottom or left or right):
        return x
    n, c, h, w = x.shape
    out = _memory.empty((n, c, h + top + bottom, w + left + right), x.dtype)
    out.fill(value)
    out[:, :, top : top + h, left : left + w] = x
    return out


def _windows(xp: np.ndarray, kernel, stride, dilation, out_hw) -> np.ndarray:
    """The read-only (N, C, kh, kw, OH, OW) view of xp's windows (see the module docstring)."""
    n, c = xp.shape[:2]
    sn, sc, sy, sx = xp.strides
    return as_strided(
        xp,
        shape=(n, c, *kernel, *out_hw),
        strides=(sn, sc, sy * dilation[0], sx * dilation[1], sy * stride[0], sx * stride[1]),
        writeable=False,
    )


def _offsets(kernel, stride, dilation, out_hw):
    """For each kernel offset (i, j): its index and the slices of the padded image it reads."""
    (kh, kw), (sh, sw), (dh, dw), (oh, ow) = kernel, stride, dilation, out_hw
    for i in range(kh):
        rows = slice(i * dh, i * dh + sh * (oh - 1) + 1, sh)
        for j in range(kw):
            yield i * kw + j, rows, slice(j * dw, j * dw + sw * (ow - 1) + 1, sw)


def _add_windows(grad_windows, padded_shape, kernel, stride, dilation) -> np.ndarray:
    """col2im, the adjoint of `_windows`: each window entry's gradient added back onto the
    padded image position it was read from. grad_windows is (N, C, kh, kw, OH, OW)."""
    out = _memory.zeros(padded_shape, grad_windows.dtype)
    _add_windows_onto(out, grad_windows, kernel, stride, dilation)
    return out


def _add_windows_onto(out, grad_windows, kernel, stride, dilation) -> None:
    """_add_windows onto a given padded image (N, C, H', W')."""
    kw = kernel[1]
    offsets = list(_offsets(kernel, stride, dilation, grad_windows.shape[-2:]))

    def add():
        for k, rows, cols in offsets:
            out[:, :, rows, cols] += grad_windows[:, :, k // kw, k % kw]

    # each add runs rows of OW numbers (one number for strided columns), both operands strided
    row = grad_windows.shape[-1] if stride[1] == 1 else 1
    _ufunc_buffer.short_rows_joined(row, grad_windows.size, add)


def _crop(xp: np.ndarray, top: int, left: int, hw) -> np.ndarray:
    """The (H, W) image inside a padded gradient."""
    if xp.shape[2:] == tuple(hw):
        return xp
    return xp[:, :, top : top + hw[0], left : left + hw[1]]


def _batched(x: np.ndarray) -> np.ndarray:
    return x[None] if x.ndim == 3 else x


def _images_last(x: np.ndarray, top: int, bottom: int, left: int, right: int) -> np.ndarray:
    """x (N, C, H, W) as a zero-padded (C, H', W', N) array: the batch innermost."""
    n, c, h, w = x.shape
    out = _memory.zeros((c, h + top + bottom, w + left + right, n), x.dtype)
    _copy_images_last(out[:, top : top + h, left : left + w], x)
    return out


def _copy_images_last(out: np.ndarray, x: np.ndarray) -> None:
    """out[c, y, x, n] = x[n, c, y, x], in blocks of channels on the workers.

    NumPy's transposing copy reads all N images in step. Where their rows lie a multiple of
    4 KiB apart, every one of them falls into the same set of the core's first cache, and
    they evict each other: such batches, and large ones, go a few images at a time (the
    notes' second convolution's gradient 0.25 -> 0.09 ms in tiles of 8 images, the wide
    convolution's input 4.8 -> 1.9 ms, the MNIST CNN's second gradient 1.7 -> 1.2 in 16)."""
    n = x.shape[0]
    if x.strides[0] % 4096 == 0:
        tile = 8
    elif x.size >= 1 << 19:
        tile = 16
    else:
        tile = max(n, 1)

    def copy(c0, c1):
        for q in range(0, n, tile):
            np.copyto(out[c0:c1, ..., q : q + tile], x[q : q + tile, c0:c1].transpose(1, 2, 3, 0))

    _parallel.for_blocks(copy, x.shape[1], x.size)


def _windows_last(xp: np.ndarray, kernel, stride, dilation, out_hw) -> np.ndarray:
    """The read-only (C, kh, kw, OH, OW, N) view of the windows of a (C, H, W, N) image:
    entry [c, i, j, y, x, n] is xp[c, y * stride + i * dilation, x * stride + j * dilation, n]."""
    sc, sy, sx, sn = xp.strides
    return as_strided(
        xp,
        shape=(xp.shape[0], *kernel, *out_hw, xp.shape[3]),
        strides=(sc, sy * dilation[0], sx * dilation[1], sy * stride[0], sx * stride[1], sn),
        writeable=False,
    )


def _add_windows_last(grad_windows, padded_shape, kernel, stride, dilation) -> np.ndarray:
    """col2im for the batch-innermost layout: the adjoint of `_windows_last`."""
    out = _memory.zeros(padded_shape, grad_windows.dtype)
    kw = kernel[1]
    offsets = list(_offsets(kernel, stride, dilation, grad_windows.shape[3:5]))
    # each add's inner loop: a window row of whole batches, or one batch for strided columns
    row = out.shape[3] * (grad_windows.shape[4] if stride[1] == 1 else 1)

    def add(c0, c1):  # channels apart never overlap: the workers can add side by side
        for k, rows, cols in offsets:
            out[c0:c1, rows, cols] += grad_windows[c0:c1, k // kw, k % kw]

    numbers = grad_windows.size
    block = lambda c0, c1: _ufunc_buffer.one_row_at_a_time(row, numbers, add, c0, c1)  # noqa: E731
    _parallel.for_blocks(block, out.shape[0], grad_windows.size)
    return out


def _batch_first(products: np.ndarray, bias, n: int) -> np.ndarray:
    """(O L, N) products as a contiguous (N, O L) output plus bias, copied in blocks of rows:
    a whole-array transposing copy runs three times slower, missing the cache."""
    rows = products.shape[0]
    out = _memory.empty((n, rows), products.dtype)
    bias_rows = None if bias is None else np.repeat(bias, rows // bias.shape[0])

    def copy(first, last):
        for s in range(first * 256, min(last * 256, rows), 256):
            block = products[s : s + 256].T
            if bias_rows is None:
                np.copyto(out[:, s : s + 256], block)
            else:
                np.add(block, bias_rows[s : s + 256], out=out[:, s : s + 256])

    _parallel.for_blocks(copy, -(-rows // 256), products.size)
    return out


class Conv2d(Function):
    # out[n, o] = b[o] + sum_{c, i, j} w[o, c, i, j] xpad[n, c, y s + i d, x s + j d] (per group):
    # with the windows as a matrix X (C kh kw, L): out = W X + b, so d X = W^T grad (added back
    # onto the image by col2im), d W = grad X^T summed over the batch, d b = grad summed.
    #
    # Two layouts of the same products, chosen by shape (_images_last_pays). Batch first, one
    # (C kh kw, OH OW) window matrix per image: no reordering of the data, but short rows to
    # copy. Images last ((C, H, W, N) images, one (C kh kw, OH OW N) window matrix): one large
    # product that BLAS runs near its peak and window copies in long runs, at the price of
    # reordering input, output and gradient.
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding, dilation, groups):
        ctx.images_last = groups == 1 and _images_last_pays(
            x.shape, weight.shape, padding, stride, dilation
        )
        forward = _forward_images_last if ctx.images_last else _forward_batch_first
        return forward(ctx, x, weight, bias, stride, padding, dilation, groups)

    @staticmethod
    def backward(ctx, grad):
        x, weight, cols = ctx.saved_tensors
        backward = _backward_images_last if ctx.images_last else _backward_batch_first
        gx, gw = backward(ctx, grad, x, weight, cols)
        gb = channel_sums(grad) if ctx.needs_input_grad[2] else None
        return gx, gw, gb


def channel_sums(grad: np.ndarray) -> np.ndarray:
    """grad (N, C, H, W) summed over all but the channels (a bias's gradient): the images
    added first, whole arrays at a time, then each channel's positions. 2-3.5 times faster
    than grad.sum(axis=(0, 2, 3)), which sums one image's channel at a time (3200 rows of 784
    numbers for the MNIST CNN's first layer); the images are added in the same order."""
    return grad.sum(axis=0).reshape(grad.shape[1], -1).sum(axis=1)


# What one window row that batch first copies costs, in numbers images last reorders
ROW_COST = 6


def _images_last_pays(x_shape, w_shape, padding, stride, dilation) -> bool:
    """Whether the images-last layout is the faster one for this layer. Per image, batch
    first copies C kh kw OH window rows of OW numbers (and adds as many back in col2im);
    images last reorders the image and the output instead, C H W + O OH OW numbers, and
    their gradients. Each short row costs about what reordering six numbers does: on 27
    layer shapes of 1 to 64 channels (bench/README.md), the faster layout was the one this
    picks, or the two were within 4%. So images last for the notes' and the MNIST CNN's
    second layers (rows of 8 and 14), batch first for first layers on grey or colour
    images, which have few window rows (the notes' first layer: 1.1 ms for forward and
    backward, against 2.6), and for layers on large images (the wide convolution)."""
    window_rows, reordered = _layout_costs(x_shape, w_shape, padding, stride, dilation)
    return ROW_COST * window_rows > reordered


def _layout_costs(x_shape, w_shape, padding, stride, dilation) -> tuple:
    """(window rows batch first copies, numbers images last reorders), per image."""
    _, c, h, w = x_shape
    o, _, kh, kw = w_shape
    top, bottom, left, right = padding
    padded = (h + top + bottom, w + left + right)
    oh, ow = _output_size(padded, (kh, kw), stride, dilation)
    return c * kh * kw * oh, c * h * w + o * oh * ow


def _output_size(padded_hw, kernel, stride, dilation) -> tuple:
    return tuple(
        (p - d * (k - 1) - 1) // s + 1
        for p, k, s, d in zip(padded_hw, kernel, stride, dilation, strict=True)
    )


def _forward_batch_first(ctx, x, weight, bias, stride, padding, dilation, groups):
    n, c, h, w = x.shape
    o, cg, kh, kw = weight.shape
    xp = _pad(x, *padding, 0)
    oh, ow = _output_size(xp.shape[2:], (kh, kw), stride, dilation)
    windows = _windows(xp, (kh, kw), stride, dilation, (oh, ow))
    buffer = _memory.empty(windows.shape, x.dtype)
    cols = buffer.reshape(n, groups, cg * kh * kw, oh * ow)
    kernels = weight.reshape(groups, o // groups, cg * kh * kw)
    out = _memory.empty((n, groups, o // groups, oh * ow), np.result_type(x, weight))

    def images(a, b):
        np.copyto(buffer[a:b], windows[a:b])
        np.matmul(kernels, cols[a:b], out=out[a:b])
        if bias is not None:  # a channel's bias along its image: NumPy's buffer one image long
            add = lambda: np.add(out[a:b], bias.reshape(groups, o // groups, 1), out=out[a:b])  # noqa: E731
            _ufunc_buffer.one_row_at_a_time(oh * ow, out[a:b].size, add)

    _parallel.for_blocks(images, n, out.size)
    out = out.reshape(n, o, oh, ow)
    ctx.save_for_backward(x, weight, cols)
    ctx.geometry = (xp.shape, padding, (h, w), stride, dilation, groups, (oh, ow))
    return out


def _backward_batch_first(ctx, grad, x, weight, cols):
    padded_shape, (top, _, left, _), hw, stride, dilation, groups, out_hw = ctx.geometry
    need_x, need_w, _ = ctx.needs_input_grad
    n = grad.shape[0]
    o, cg, kh, kw = weight.shape
    g = grad.reshape(n, groups, o // groups, out_hw[0] * out_hw[1])
    gx = gw = None
    if need_x:
        kernels = weight.reshape(groups, o // groups, cg * kh * kw).transpose(0, 2, 1)
        grad_cols = _memory.empty(cols.shape, grad.dtype)
        gxp = _memory.zeros(padded_shape, grad.dtype)

        def images(a, b):  # images apart: blocks of the batch
            np.matmul(kernels, g[a:b], out=grad_cols[a:b])
            grad_windows = grad_cols[a:b].reshape(b - a, groups * cg, kh, kw, *out_hw)
            _add_windows_onto(gxp[a:b], grad_windows, (kh, kw), stride, dilation)

        _parallel.for_blocks(images, n, grad_cols.size)
        gx = _crop(gxp, top, left, hw)
    if need_w:  # summed over the batch: each block of images sums its own part
        part = lambda a, b: np.matmul(g[a:b], cols[a:b].transpose(0, 1, 3, 2)).sum(axis=0)  # noqa: E731
        gw = np.add.reduce(_parallel.for_blocks(part, n, g.size)).reshape(weight.shape)
    return gx, gw


def _forward_images_last(ctx, x, weight, bias, stride, padding, dilation, groups):
    n, c, h, w = x.shape
    o, _, kh, kw = weight.shape
    xp = _images_last(x, *padding)
    oh, ow = _output_size(xp.shape[1:3], (kh, kw), stride, dilation)
    windows = _windows_last(xp, (kh, kw), stride, dilation, (oh, ow))
    buffer = _memory.empty(windows.shape, x.dtype)
    _parallel.by_rows(np.copyto, buffer, windows)
    cols = buffer.reshape(c * kh * kw, oh * ow * n)
    products = _parallel.matmul(weight.reshape(o, -1), cols)
    out = _batch_first(products.reshape(o * oh * ow, n), bias, n).reshape(n, o, oh, ow)
    ctx.save_for_backward(x, weight, cols)
    ctx.geometry = (xp.shape, padding, (h, w), stride, dilation, groups, (oh, ow))
    return out


def _backward_images_last(ctx, grad, x, weight, cols):
    padded_shape, (top, _, left, _), (h, w), stride, dilation, _, out_hw = ctx.geometry
    need_x, need_w, _ = ctx.needs_input_grad
    n = grad.shape[0]
    o, c, kh, kw = weight.shape
    g = _memory.empty((o, *out_hw, n), grad.dtype)
    _copy_images_last(g, grad)
    g = g.reshape(o, -1)
    gx = gw = None
    if need_x:
        grad_cols = _memory.empty(cols.shape, grad.dtype)
        _parallel.matmul(weight.reshape(o, -1).T, g, out=grad_cols)
        grad_windows = grad_cols.reshape(c, kh, kw, *out_hw, n)
        gxp = _add_windows_last(grad_windows, padded_shape, (kh, kw), stride, dilation)
        gx = _memory.empty((n, c, h, w), grad.dtype)
        crop = gxp[:, top : top + h, left : left + w].transpose(3, 0, 1, 2)
        _parallel.by_rows(np.copyto, gx, crop)
    if need_w:  # d W = g cols^T, computed as its transpose cols g^T: the same bits, and
        # NumPy's OpenBLAS runs it 10-20% faster on AVX-512 (as fast on AVX2, bench/README.md)
        gw = _parallel.matmul_summed(cols, g.T).T.reshape(weight.shape)
    return gx, gw


def pool_output_size(size: int, kernel: int, pad: int, stride: int, dilation: int, ceil: bool):
    """torch's pooling_output_shape: floor (or ceil) of the window count, where with ceil_mode
    a last window that would start in the right padding is dropped."""
    out = (size + 2 * pad - dilation * (kernel - 1) - 1 + (stride - 1 if ceil else 0)) // stride + 1
    if ceil and (out - 1) * stride >= size + pad:
        out -= 1
    return out


def _pool_padding(hw, kernel, stride, padding, dilation, out_hw):
    """(top, bottom, left, right): the padding plus what ceil_mode's last windows reach."""
    reach = [
        (o - 1) * s + d * (k - 1) + 1
        for o, s, d, k in zip(out_hw, stride, dilation, kernel, strict=True)
    ]
    bottom = max(reach[0] - hw[0] - padding[0], padding[0])
    right = max(reach[1] - hw[1] - padding[1], padding[1])
    return padding[0], bottom, padding[1], right


def _lowest(dtype):
    return -np.inf if dtype.kind == "f" else np.iinfo(dtype).min


def _first_inside(out_size: int, kernel: int, pad: int, stride: int, dilation: int):
    """Per output position, the first kernel offset that lands inside the image (not padding)."""
    start = np.arange(out_size) * stride - pad
    return np.minimum(np.where(start < 0, (dilation - 1 - start) // dilation, 0), kernel - 1)


def _max_pool_exact(xp, kernel, stride, dilation, out_hw, best, offset) -> None:
    """torch's scan, for windows holding NaN: an entry replaces the best so far when it is
    larger or NaN (so the last NaN wins)."""
    best.fill(_lowest(xp.dtype))
    for k, rows, cols in _offsets(kernel, stride, dilation, out_hw):
        value = xp[:, :, rows, cols]
        better = (value > best) | (value != value)
        np.copyto(best, value, where=better)
        np.copyto(offset, k, where=better)


def max_pool2d_offsets(x, kernel, stride, padding, dilation, out_hw):
    """The max of each window and the kernel offset i * kw + j where it lies.

    As torch's CPU kernel, which scans a window row by row and keeps an entry that is larger
    than the best so far or NaN: ties keep the first max, NaN wins (the last NaN), padding
    never wins (a window of -inf points at its first entry inside the image).
    """
    x4 = _batched(x)
    pads = _pool_padding(x4.shape[2:], kernel, stride, padding, dilation, out_hw)
    low = _lowest(x4.dtype)
    xp = _pad(x4, *pads, low)
    views = [xp[:, :, rows, cols] for _, rows, cols in _offsets(kernel, stride, dilation, out_hw)]
    best = views[0].copy()
    for value in views[1:]:
        np.maximum(best, value, out=best)
    # the offset of the first max is the number of entries before it that are not the max:
    # the sum over k of "none of entries 0..k is the max" (a few byte-sized passes)
    offset_type = np.uint8 if len(views) <= 256 else np.int64
    none_yet = views[0] != best
    offset = none_yet.astype(offset_type)
    for value in views[1:-1]:
        none_yet &= value != best
        offset += none_yet
    if x4.dtype.kind == "f" and np.isnan(best).any():
        _max_pool_exact(xp, kernel, stride, dilation, out_hw, best, offset)
    if padding[0] or padding[1]:
        empty = best == low
        if empty.any():
            i0 = _first_inside(out_hw[0], kernel[0], padding[0], stride[0], dilation[0])
            j0 = _first_inside(out_hw[1], kernel[1], padding[1], stride[1], dilation[1])
            inside = np.broadcast_to(i0[:, None] * kernel[1] + j0[None, :], best.shape)
            offset[empty] = inside[empty]
    return (best[0] if x.ndim == 3 else best), offset


def max_pool2d_indices(offset, width, kernel, stride, padding, dilation):
    """Each max's flat position h * W + w in its (H, W) image, from its kernel offset."""
    i, j = np.divmod(offset.astype(np.int64), kernel[1])
    out_hw = offset.shape[-2:]
    row = np.arange(out_hw[0])[:, None] * stride[0] - padding[0] + i * dilation[0]
    col = np.arange(out_hw[1])[None, :] * stride[1] - padding[1] + j * dilation[1]
    return row * width + col


class MaxPool2d(Function):
    # out = x at each window's argmax: d x = grad added at the argmax of each window, 0 elsewhere
    @staticmethod
    def forward(ctx, x, kernel, stride, padding, dilation, out_hw):
        if x.ndim == 4 and type(x) is np.ndarray:  # images apart: blocks of the batch
            values = _memory.empty((*x.shape[:2], *out_hw), x.dtype)
            small = kernel[0] * kernel[1] <= 256
            offset = _memory.empty(values.shape, np.uint8 if small else np.int64)

            def block(a, b):
                geometry = (kernel, stride, padding, dilation, out_hw)
                values[a:b], offset[a:b] = max_pool2d_offsets(x[a:b], *geometry)

            _parallel.for_blocks(block, x.shape[0], x.size)
        else:
            values, offset = max_pool2d_offsets(x, kernel, stride, padding, dilation, out_hw)
        ctx.offset = offset
        ctx.geometry = (x.shape, kernel, stride, padding, dilation, out_hw)
        return values

    def indices(self) -> np.ndarray:
        shape, kernel, stride, padding, dilation, _ = self.geometry
        found = max_pool2d_indices(self.offset, shape[-1], kernel, stride, padding, dilation)
        return found[0] if len(shape) == 3 else found

    @staticmethod
    def backward(ctx, grad):
        shape, kernel, stride, padding, dilation, out_hw = ctx.geometry
        g = _batched(grad)
        x_shape = (1, *shape) if len(shape) == 3 else shape
        pads = _pool_padding(x_shape[2:], kernel, stride, padding, dilation, out_hw)
        padded = (x_shape[2] + pads[0] + pads[1], x_shape[3] + pads[2] + pads[3])
        offset = ctx.offset.reshape(g.shape)
        # windows that do not overlap can write their share; overlapping ones must add
        disjoint = all(
            s >= d * (k - 1) + 1 for s, d, k in zip(stride, dilation, kernel, strict=True)
        )
        # windows that tile the image (2 x 2 windows, stride 2, even sides) write every
        # entry once: no zeros needed first
        tiled = disjoint and dilation == (1, 1) and kernel == stride
        tiled = tiled and all(o * s == p for o, s, p in zip(out_hw, stride, padded, strict=True))
        gxp = (_memory.empty if tiled else _memory.zeros)(x_shape[:2] + padded, grad.dtype)
        offsets = list(_offsets(kernel, stride, dilation, out_hw))

        def block(a, b):  # images apart: blocks of the batch
            for k, rows, cols in offsets:
                target = gxp[a:b, :, rows, cols]
                # each window's gradient at its max only, +0 elsewhere, as torch's zeros
                # (a product would give -0, and an inf gradient NaN at every other entry)
                if disjoint:
                    keep_where(g[a:b], offset[a:b] == k, out=target)
                else:
                    target += keep_where(g[a:b], offset[a:b] == k)

        _parallel.for_blocks(block, g.shape[0], gxp.size)
        return _crop(gxp, pads[0], pads[2], x_shape[2:]).reshape(shape)


def _avg_divisors(hw, kernel, stride, padding, out_hw, count_include_pad):
    """(OH, OW): how many entries each window averages, as torch counts them."""
    counts = []
    for size, k, s, p, o in zip(hw, kernel, stride, padding, out_hw, strict=True):
        start = np.arange(o) * s - p
        end = np.minimum(start + k, size + p)
        if count_include_pad:
            counts.append(end - start)
        else:
            counts.append(np.minimum(end, size) - np.maximum(start, 0))
    return counts[0][:, None] * counts[1][None, :]


class AvgPool2d(Function):
    # out = sum(window) / divisor: d x = grad / divisor added onto every entry of the window
    @staticmethod
    def forward(ctx, x, kernel, stride, padding, out_hw, count_include_pad, divisor_override):
        x4 = _batched(x)
        hw = x4.shape[2:]
        pads = _pool_padding(hw, kernel, stride, padding, (1, 1), out_hw)
        xp = _pad(x4, *pads, 0)
        views = [xp[:, :, rows, cols] for _, rows, cols in _offsets(kernel, stride, (1, 1), out_hw)]
        total = views[0].copy()
        for value in views[1:]:
            total += value
        if divisor_override:
            divisor = np.asarray(divisor_override)
        else:
            divisor = _avg_divisors(hw, kernel, stride, padding, out_hw, count_include_pad)
        if x.dtype.kind == "f":
            out = total / divisor.astype(x.dtype)
        else:
            out = (total / divisor).astype(x.dtype)  # truncated, as C++ integer division
        ctx.divisor = divisor
        ctx.geometry = (x.shape, xp.shape, pads, kernel, stride, out_hw)
        return out[0] if x.ndim == 3 else out

    @staticmethod
    def backward(ctx, grad):
        shape, padded_shape, pads, kernel, stride, out_hw = ctx.geometry
        g = _batched(grad) / ctx.divisor.astype(grad.dtype)
        gxp = _memory.zeros(padded_shape, grad.dtype)
        for _, rows, cols in _offsets(kernel, stride, (1, 1), out_hw):
            gxp[:, :, rows, cols] += g
        hw = shape[-2:]
        return _crop(gxp, pads[0], pads[2], hw).reshape(shape)


def _adaptive_bins(size: int, out: int, dtype) -> tuple:
    """(out, size) 0/1 matrix of which inputs each adaptive window covers, and its counts:
    window i spans [floor(i size / out), ceil((i + 1) size / out))."""
    i = np.arange(out)
    start = (i * size) // out
    end = -((-(i + 1) * size) // out)
    pos = np.arange(size)
    member = (pos >= start[:, None]) & (pos < end[:, None])
    return member.astype(dtype), (end - start)


class AdaptiveAvgPool2d(Function):
    # out = A_h x A_w^T / counts, A the 0/1 window-membership matrices:
    # d x = A_h^T (grad / counts) A_w
    @staticmethod
    def forward(ctx, x, out_hw):
        rows, row_counts = _adaptive_bins(x.shape[-2], out_hw[0], x.dtype)
        cols, col_counts = _adaptive_bins(x.shape[-1], out_hw[1], x.dtype)
        counts = (row_counts[:, None] * col_counts[None, :]).astype(x.dtype)
        ctx.rows, ctx.cols, ctx.counts = rows, cols, counts
        return np.matmul(np.matmul(rows, x), cols.T) / counts

    @staticmethod
    def backward(ctx, grad):
        return np.matmul(np.matmul(ctx.rows.T, grad / ctx.counts), ctx.cols)


class Conv1d(Conv2d):
    # a 1-d convolution is a 2-d one over images one row high: the same math, viewed as
    # (N, C, 1, L) with a (C_out, C_in / groups, 1, k) kernel
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding, dilation, groups):
        out = Conv2d.forward(
            ctx,
            x[:, :, None, :],
            weight[:, :, None, :],
            bias,
            (1, stride[0]),
            (0, 0, *padding),
            (1, dilation[0]),
            groups,
        )
        return out[:, :, 0, :]

    @staticmethod
    def backward(ctx, grad):
        gx, gw, gb = Conv2d.backward(ctx, grad[:, :, None, :])
        return (
            None if gx is None else gx[:, :, 0, :],
            None if gw is None else gw[:, :, 0, :],
            gb,
        )
