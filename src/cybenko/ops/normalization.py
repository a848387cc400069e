"""Layer normalization: each sample normalized over its last dims, in one node as in torch.

(Batch normalization, which normalizes over the batch, is in `layers`.)
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function


class LayerNorm(Function):
    # y = xhat * w + b, xhat = (x - mean) * rstd over the last `dims` dims of each sample,
    # rstd = 1 / sqrt(var + eps) (biased var). With g = grad * w:
    # d x = rstd * (g - mean(g) - xhat * mean(g * xhat)),
    # d w = sum over samples of grad * xhat, d b = sum over samples of grad
    @staticmethod
    def forward(ctx, x, weight, bias, dims, eps):
        axes = tuple(range(x.ndim - dims, x.ndim))
        # moments in double, rounded once, as close to torch's float kernel as it gets
        wide = x.astype(np.float64)
        mean = wide.mean(axis=axes, keepdims=True)
        var = np.square(wide - mean).mean(axis=axes, keepdims=True)
        rstd = (1.0 / np.sqrt(var + eps)).astype(x.dtype)
        mean = mean.astype(x.dtype)
        out = x * rstd + (-mean * rstd)  # torch's order: x * scale + shift
        if weight is not None:
            out = out * weight
        if bias is not None:
            out = out + bias
        ctx.save_for_backward(x, weight)
        ctx.mean, ctx.rstd, ctx.axes = mean, rstd, axes
        return out

    @staticmethod
    def backward(ctx, grad):
        x, weight = ctx.saved_tensors
        axes = ctx.axes
        need_x, need_w, need_b = ctx.needs_input_grad
        xhat = (x - ctx.mean) * ctx.rstd
        samples = tuple(range(x.ndim - len(axes)))  # the dims that w and b are shared over
        gx = gw = gb = None
        if need_x:
            g = grad if weight is None else grad * weight
            gx = ctx.rstd * (
                g
                - g.mean(axis=axes, keepdims=True)
                - xhat * (g * xhat).mean(axis=axes, keepdims=True)
            )
        if need_w:
            gw = (grad * xhat).sum(axis=samples)
        if need_b:
            gb = grad.sum(axis=samples)
        return gx, gw, gb
