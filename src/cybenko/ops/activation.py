"""Activation functions of neural networks: elu, selu, celu, gelu, softplus, silu, mish,
hardtanh, log-sigmoid, the shrinks, threshold, prelu, rrelu, glu, hardsigmoid, hardswish.

(relu, leaky_relu, sigmoid and tanh live in `elementwise`; softmax and log_softmax in
`reduce`.) Each node's comment states its derivative, with the constants torch uses.
"""

from __future__ import annotations

import math

import numpy as np

from ..autograd.function import Function
from ._special import erf

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
_SQRT_2_OVER_PI = math.sqrt(2.0) * (2.0 / math.sqrt(math.pi)) * 0.5
_GELU_KAPPA = 0.044715
_PDF_SCALE = (2.0 / math.sqrt(math.pi)) * math.sqrt(0.5) * 0.5  # 1 / sqrt(2 pi)


class Elu(Function):
    # d elu(a) = grad * scale where a > 0, else grad * input_scale * alpha * scale *
    #            exp(a * input_scale)   (selu is elu with torch's fixed alpha and scale)
    @staticmethod
    def forward(ctx, a, alpha, scale, input_scale):
        ctx.save_for_backward(a)
        ctx.alpha, ctx.scale, ctx.input_scale = alpha, scale, input_scale
        negative = np.expm1(a * input_scale) * (alpha * scale)
        return np.where(a > 0, a * scale, negative)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        slope = np.exp(a * ctx.input_scale) * (ctx.input_scale * ctx.alpha * ctx.scale)
        return np.where(a <= 0, grad * slope, grad * ctx.scale)


class Gelu(Function):
    # d gelu(a) = grad * (Phi(a) + a * phi(a)) with Phi, phi the normal cdf and density;
    # 'tanh': d 0.5 a (1 + tanh(k (a + c a^3))) = grad * (0.5 (1 + t) +
    #          0.5 a (1 - t^2) k (1 + 3 c a^2)),  t = tanh(k (a + c a^3))
    @staticmethod
    def forward(ctx, a, approximate):
        ctx.save_for_backward(a)
        ctx.approximate = approximate
        if approximate == "tanh":
            inner = _SQRT_2_OVER_PI * (a + _GELU_KAPPA * (a * a * a))
            return 0.5 * a * (1 + np.tanh(inner))
        return a * 0.5 * (1 + erf(a * math.sqrt(0.5)))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        if ctx.approximate == "tanh":
            a_sq = a * a
            t = np.tanh(_SQRT_2_OVER_PI * (a + _GELU_KAPPA * (a_sq * a)))
            slope = (0.5 * a) * (1 - t * t) * (_SQRT_2_OVER_PI * (1 + 3 * _GELU_KAPPA * a_sq))
            return grad * (0.5 * (1 + t) + slope)
        cdf = 0.5 * (1 + erf(a * math.sqrt(0.5)))
        pdf = _PDF_SCALE * np.exp(a * a * -0.5)
        return grad * (cdf + a * pdf)


class Softplus(Function):
    # d log(1 + exp(beta a)) / beta = grad * z / (z + 1), z = exp(beta a);
    # = grad where beta a > threshold (there softplus is the identity)
    @staticmethod
    def forward(ctx, a, beta, threshold):
        ctx.save_for_backward(a)
        ctx.beta, ctx.threshold = beta, threshold
        scaled = a * beta
        return np.where(scaled > threshold, a, np.log1p(np.exp(scaled)) / beta)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        scaled = a * ctx.beta
        z = np.exp(scaled)
        return np.where(scaled > ctx.threshold, grad, grad * z / (z + 1))


class Celu(Elu):
    """celu(a, alpha) = elu(a, alpha, scale=1, input_scale=1 / alpha): a node of its own."""


def _sigmoid(a: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-a))


class Silu(Function):
    # d a sigmoid(a) = grad * s (1 + a (1 - s)),  s = sigmoid(a)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a / (1 + np.exp(-a))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        s = _sigmoid(a)
        return grad * s * (1 + a * (1 - s))


class Mish(Function):
    # d a tanh(softplus(a)) = grad * (t + a sigmoid(a) (1 - t^2)),  t = tanh(softplus(a))
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a * np.tanh(np.log1p(np.exp(a)))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        t = np.tanh(np.log1p(np.exp(a)))
        return grad * (t + a * _sigmoid(a) * (1 - t * t))


class Hardtanh(Function):
    # d clamp(a, lo, hi) = grad where lo < a < hi (strictly: 0 at the corners), else 0
    @staticmethod
    def forward(ctx, a, min_val, max_val):
        ctx.save_for_backward(a)
        ctx.lo, ctx.hi = min_val, max_val
        lo, hi = np.array(min_val).astype(a.dtype), np.array(max_val).astype(a.dtype)
        return np.minimum(hi, np.maximum(lo, a))  # a wins a tie of -0 and 0 (see Clamp)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        at_or_beyond = (a <= ctx.lo) | (a >= ctx.hi)  # nan is neither: its grad passes
        return np.where(at_or_beyond, grad.dtype.type(0), grad)


class LogSigmoid(Function):
    # d log(sigmoid(a)) = grad * (1 - sigmoid(a)) = grad * sigmoid(-a);
    # computed as min(a, 0) - log(1 + exp(-|a|)), which never overflows
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.minimum(a, a.dtype.type(0)) - np.log1p(np.exp(-np.abs(a)))

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        z = np.exp(-np.abs(a))
        share = z / (1 + z)  # sigmoid(-a) = 1 - share for a < 0, share otherwise
        return grad * np.where(a < 0, 1 - share, share)


class Softshrink(Function):
    # d softshrink(a) = grad where |a| > lambd, else 0
    @staticmethod
    def forward(ctx, a, lambd):
        ctx.save_for_backward(a)
        ctx.lambd = lambd
        zero = a.dtype.type(0)
        shrunk = np.where(a > lambd, a - a.dtype.type(lambd), a + a.dtype.type(lambd))
        return np.where((a >= -lambd) & (a <= lambd), zero, shrunk)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        dead = (a >= -ctx.lambd) & (a <= ctx.lambd)
        return np.where(dead, grad.dtype.type(0), grad)


class Hardshrink(Function):
    # d hardshrink(a) = grad where a is outside [-lambd, lambd], else 0
    @staticmethod
    def forward(ctx, a, lambd):
        ctx.save_for_backward(a)
        ctx.lambd = lambd
        return np.where((a >= -lambd) & (a <= lambd), a.dtype.type(0), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        dead = (a >= -ctx.lambd) & (a <= ctx.lambd)
        return np.where(dead, grad.dtype.type(0), grad)


class Threshold(Function):
    # d threshold(a) = grad where a > threshold, else 0 (there the output is a constant)
    @staticmethod
    def forward(ctx, a, threshold, value):
        ctx.save_for_backward(a)
        ctx.threshold = threshold
        return np.where(a <= threshold, np.array(value).astype(a.dtype), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return np.where(a <= ctx.threshold, grad.dtype.type(0), grad)


class Prelu(Function):
    # d prelu(a, w) = grad where a > 0, else w grad (to a); a grad where a <= 0, summed over
    # every dim but the channel dim (1) when w has one slope per channel (to w)
    @staticmethod
    def forward(ctx, a, weight):
        w = _channel_slopes(weight, a.ndim)
        ctx.save_for_backward(a, w)
        ctx.weight_shape = weight.shape
        return np.where(a > 0, a, w * a)

    @staticmethod
    def backward(ctx, grad):
        a, w = ctx.saved_tensors
        positive = a > 0
        ga = np.where(positive, grad, w * grad) if ctx.needs_input_grad[0] else None
        gw = None
        if ctx.needs_input_grad[1]:
            per_element = np.where(positive, grad.dtype.type(0), a * grad)
            if w.size == 1:
                gw = per_element.sum().reshape(ctx.weight_shape)
            else:
                axes = tuple(i for i in range(a.ndim) if i != 1)
                gw = per_element.sum(axis=axes).reshape(ctx.weight_shape)
        return ga, gw


def _channel_slopes(weight: np.ndarray, ndim: int) -> np.ndarray:
    """The slopes shaped (C, 1, ...) to broadcast along dim 1, or one slope as a scalar."""
    if weight.size == 1:
        return weight.reshape(())
    return weight.reshape((weight.size,) + (1,) * (ndim - 2))


class RreluWithNoise(Function):
    # d rrelu(a) = grad * noise, noise the slope drawn for each a <= 0 (1 where a > 0), in
    # training; in evaluation the slope is (lower + upper) / 2 for every a <= 0
    @staticmethod
    def forward(ctx, a, noise, slope):
        ctx.save_for_backward(a, noise)
        ctx.slope = slope
        if noise is not None:
            return a * noise
        return np.where(a > 0, a, a * a.dtype.type(slope))

    @staticmethod
    def backward(ctx, grad):
        a, noise = ctx.saved_tensors
        if noise is not None:
            return grad * noise
        return np.where(a > 0, grad, grad * grad.dtype.type(ctx.slope))


class Glu(Function):
    # glu(a) = first half * sigmoid(second half) along dim: d = grad * s (to the first half),
    # grad * first * s (1 - s) (to the second)
    @staticmethod
    def forward(ctx, a, dim):
        first, second = np.split(a, 2, axis=dim)
        s = _sigmoid(second)
        ctx.save_for_backward(first, s)
        ctx.dim = dim
        return first * s

    @staticmethod
    def backward(ctx, grad):
        first, s = ctx.saved_tensors
        return np.concatenate([grad * s, grad * first * s * (1 - s)], axis=ctx.dim)


class Hardsigmoid(Function):
    # hardsigmoid(a) = clamp(a + 3, 0, 6) / 6: d = grad / 6 where -3 < a < 3, else 0
    # (torch multiplies by 1/6 rounded to float32, doubles too: its kernel's constant)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.clip(a + a.dtype.type(3), 0, 6) / a.dtype.type(6)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        sixth = grad.dtype.type(np.float32(1 / 6))
        return np.where((a > -3) & (a < 3), grad * sixth, grad.dtype.type(0))


class Hardswish(Function):
    # hardswish(a) = a clamp(a + 3, 0, 6) / 6: d = 0 where a <= -3, grad (a / 3 + 1/2) where
    # -3 < a < 3, grad from 3 on
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return a * np.clip(a + a.dtype.type(3), 0, 6) / a.dtype.type(6)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        middle = grad * (a / a.dtype.type(3) + a.dtype.type(0.5))
        return np.where(a <= -3, grad.dtype.type(0), np.where(a < 3, middle, grad))
