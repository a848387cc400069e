"""Activation functions of neural networks: elu, selu, gelu, softplus.

(relu, leaky_relu, sigmoid and tanh live in `elementwise`; softmax and log_softmax in
`reduce`.) Each node's comment states its derivative, with the constants torch uses.
"""

from __future__ import annotations

import math

import numpy as np

from ..autograd.function import Function

SELU_ALPHA = 1.6732632423543772848170429916717
SELU_SCALE = 1.0507009873554804934193349852946
_SQRT_2_OVER_PI = math.sqrt(2.0) * (2.0 / math.sqrt(math.pi)) * 0.5
_GELU_KAPPA = 0.044715
_PDF_SCALE = (2.0 / math.sqrt(math.pi)) * math.sqrt(0.5) * 0.5  # 1 / sqrt(2 pi)


def erf(a: np.ndarray) -> np.ndarray:
    """The error function elementwise, in a's dtype (exact: the C library's, per element)."""
    flat = np.fromiter(map(math.erf, a.ravel().tolist()), dtype=np.float64, count=a.size)
    return flat.reshape(a.shape).astype(a.dtype, copy=False)


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
