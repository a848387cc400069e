"""Group normalization as one node: each sample's channels split into groups, each group
normalized by its own mean and (biased) variance, then scaled and shifted per channel."""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function


class GroupNorm(Function):
    # y = xhat w + b per channel, xhat = (x - mean) rstd over each (sample, group), M values:
    # d x = rstd (g - mean(g) - xhat mean(g xhat)) with g = grad w, means over the group;
    # d w = sum(grad xhat), d b = sum(grad), over the samples and spatial dims
    @staticmethod
    def forward(ctx, x, weight, bias, groups, eps):
        n, c = x.shape[:2]
        grouped = x.reshape(n, groups, -1)
        mean = grouped.mean(axis=2, keepdims=True)
        centered = grouped - mean
        var = (centered * centered).mean(axis=2, keepdims=True)
        rstd = 1 / np.sqrt(var + x.dtype.type(eps))
        xhat = (centered * rstd).reshape(x.shape)
        ctx.save_for_backward(xhat, rstd, weight)
        ctx.groups = groups
        shape = (1, c) + (1,) * (x.ndim - 2)
        out = xhat if weight is None else xhat * weight.reshape(shape)
        return out if bias is None else out + bias.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        xhat, rstd, weight = ctx.saved_tensors
        n, c = xhat.shape[:2]
        shape = (1, c) + (1,) * (xhat.ndim - 2)
        axes = (0,) + tuple(range(2, xhat.ndim))
        need_x, need_w, need_b = ctx.needs_input_grad
        gx = None
        if need_x:
            g = grad if weight is None else grad * weight.reshape(shape)
            g, xh = g.reshape(n, ctx.groups, -1), xhat.reshape(n, ctx.groups, -1)
            mean_g = g.mean(axis=2, keepdims=True)
            mean_gx = (g * xh).mean(axis=2, keepdims=True)
            gx = (rstd * (g - mean_g - xh * mean_gx)).reshape(xhat.shape)
        gw = (grad * xhat).sum(axis=axes) if need_w else None
        gb = grad.sum(axis=axes) if need_b else None
        return gx, gw, gb
