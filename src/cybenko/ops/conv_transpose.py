"""Transposed convolution: the adjoint of Conv2d, the layer that upsamples in decoders and GANs.

Where a convolution reads each window of the input and multiplies it by the kernels
(im2col, then a matrix product), a transposed convolution runs the same steps backwards:
each input pixel, multiplied by the kernels, becomes a window of values that is added onto
the output at that pixel's place (a matrix product, then col2im). Its gradient is therefore
an ordinary convolution of the output gradient.
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function
from .conv import _add_windows, _windows, channel_sums


def _padded_out_size(size: int, kernel: int, stride: int, dilation: int, extra: int) -> int:
    """The output length before the padding is cropped: the span of the last window, plus
    output_padding."""
    return (size - 1) * stride + dilation * (kernel - 1) + 1 + extra


class ConvTranspose2d(Function):
    # out = crop(col2im(W^T X)) + b, X the input as a (C_in, H W) matrix per image and group;
    # d X = W cols(grad) (a convolution of the gradient), d W = X cols(grad)^T summed over
    # the batch, d b = grad summed
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding, output_padding, dilation, groups):
        n, c, h, w = x.shape
        _, og, kh, kw = weight.shape
        cg = c // groups
        geometry = zip((h, w), (kh, kw), stride, dilation, output_padding, strict=True)
        full = tuple(_padded_out_size(size, k, s, d, e) for size, k, s, d, e in geometry)
        kernels = weight.reshape(groups, cg, og * kh * kw).transpose(0, 2, 1)
        cols = np.matmul(kernels, x.reshape(n, groups, cg, h * w))
        windows = cols.reshape(n, groups * og, kh, kw, h, w)
        out_full = _add_windows(windows, (n, groups * og, *full), (kh, kw), stride, dilation)
        ph, pw = padding
        out = out_full[:, :, ph : full[0] - ph, pw : full[1] - pw]
        if bias is not None:
            out = out + bias.reshape(1, -1, 1, 1)
        ctx.save_for_backward(x, weight)
        ctx.geometry = (full, stride, padding, dilation, groups)
        return np.ascontiguousarray(out)

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        full, stride, (ph, pw), dilation, groups = ctx.geometry
        need_x, need_w, need_b = ctx.needs_input_grad
        n, c, h, w = x.shape
        _, og, kh, kw = weight.shape
        cg = c // groups
        grad_full = np.zeros((n, groups * og, *full), dtype=grad.dtype)
        grad_full[:, :, ph : full[0] - ph, pw : full[1] - pw] = grad
        windows = _windows(grad_full, (kh, kw), stride, dilation, (h, w))
        cols = np.ascontiguousarray(windows).reshape(n, groups, og * kh * kw, h * w)
        gx = gw = gb = None
        if need_x:
            kernels = weight.reshape(groups, cg, og * kh * kw)
            gx = np.matmul(kernels, cols).reshape(x.shape)
        if need_w:
            xs = x.reshape(n, groups, cg, h * w)
            gw = np.matmul(xs, cols.transpose(0, 1, 3, 2)).sum(axis=0).reshape(weight.shape)
        if need_b:
            gb = channel_sums(grad)
        return gx, gw, gb


class ConvTranspose1d(ConvTranspose2d):
    # the 2-d math over images one row high, as Conv1d
    @staticmethod
    def forward(ctx, x, weight, bias, stride, padding, output_padding, dilation, groups):
        out = ConvTranspose2d.forward(
            ctx,
            x[:, :, None, :],
            weight[:, :, None, :],
            bias,
            (1, stride[0]),
            (0, padding[0]),
            (0, output_padding[0]),
            (1, dilation[0]),
            groups,
        )
        return out[:, :, 0, :]

    @staticmethod
    def backward(ctx, grad):
        gx, gw, gb = ConvTranspose2d.backward(ctx, grad[:, :, None, :])
        return (
            None if gx is None else gx[:, :, 0, :],
            None if gw is None else gw[:, :, 0, :],
            gb,
        )
