"""The error function and its inverse, the normal distribution's cdf and quantile in disguise
(Normal.cdf and Normal.icdf use them)."""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

from ..autograd.function import Function
from .activation import erf as _erf

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_STANDARD = NormalDist()


def _erfinv(y: float) -> float:
    """erfinv(y): the normal quantile of (y + 1) / 2 over sqrt(2), refined by one Newton step
    on erf, so it is exact to the last bits of a double."""
    if y <= -1.0 or y >= 1.0 or y != y:
        return -math.inf if y == -1.0 else math.inf if y == 1.0 else math.nan
    x = _STANDARD.inv_cdf((y + 1.0) / 2.0) / math.sqrt(2.0)
    return x - (math.erf(x) - y) / (_TWO_OVER_SQRT_PI * math.exp(-x * x))


class Erf(Function):
    # d erf(a) = grad * 2 / sqrt(pi) * exp(-a^2)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return _erf(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * (_TWO_OVER_SQRT_PI * np.exp(-a * a))


class Erfinv(Function):
    # d erfinv(a) = grad * sqrt(pi) / 2 * exp(erfinv(a)^2)
    @staticmethod
    def forward(ctx, a):
        flat = np.fromiter(map(_erfinv, a.ravel().tolist()), dtype=np.float64, count=a.size)
        out = flat.reshape(a.shape).astype(a.dtype, copy=False)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (np.exp(out * out) / _TWO_OVER_SQRT_PI)
