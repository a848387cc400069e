"""Elementwise functions: exp, log, sqrt, sin, cos, tanh, sigmoid, relu, clamp, where, ...

Each node's comment states its derivative. Float functions turn integer inputs into the
default float dtype first, as torch does.
"""

from __future__ import annotations

import numpy as np

from .. import _dtype
from .._tensor import Tensor, _wrap
from ..autograd.function import Function
from ._operands import broadcast_shape, cast, common, to_float

_quiet = np.errstate(divide="ignore", invalid="ignore", over="ignore", under="ignore")


class Exp(Function):
    # d exp(a) = grad * exp(a)
    @staticmethod
    def forward(ctx, a):
        with _quiet:
            out = np.exp(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.saved_tensors[0]


class Log(Function):
    # d ln(a) = grad / a
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        with _quiet:
            return np.log(a)

    @staticmethod
    def backward(ctx, grad):
        with _quiet:
            return grad / ctx.saved_tensors[0]


class Log1p(Function):
    # d ln(1 + a) = grad / (1 + a)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        with _quiet:
            return np.log1p(a)

    @staticmethod
    def backward(ctx, grad):
        with _quiet:
            return grad / (1 + ctx.saved_tensors[0])


class Sqrt(Function):
    # d sqrt(a) = grad / (2 sqrt(a))
    @staticmethod
    def forward(ctx, a):
        with _quiet:
            out = np.sqrt(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        with _quiet:
            return grad / (2 * ctx.saved_tensors[0])


class Sin(Function):
    # d sin(a) = grad * cos(a)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.sin(a)

    @staticmethod
    def backward(ctx, grad):
        return grad * np.cos(ctx.saved_tensors[0])


class Cos(Function):
    # d cos(a) = -grad * sin(a)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.cos(a)

    @staticmethod
    def backward(ctx, grad):
        return -grad * np.sin(ctx.saved_tensors[0])


class Tanh(Function):
    # d tanh(a) = grad * (1 - tanh(a)^2)
    @staticmethod
    def forward(ctx, a):
        out = np.tanh(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        out = ctx.saved_tensors[0]
        return grad * (1 - out * out)


class Sigmoid(Function):
    # d sigmoid(a) = grad * s * (1 - s)
    @staticmethod
    def forward(ctx, a):
        with _quiet:
            out = 1 / (1 + np.exp(-a))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        out = ctx.saved_tensors[0]
        return grad * ((1 - out) * out)


class Relu(Function):
    # d relu(a) = grad where relu(a) > 0, else 0
    @staticmethod
    def forward(ctx, a):
        out = np.maximum(a, a.dtype.type(0))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        return np.where(ctx.saved_tensors[0] > 0, grad, grad.dtype.type(0))


class LeakyRelu(Function):
    # d leaky_relu(a) = grad where a > 0, else slope * grad
    @staticmethod
    def forward(ctx, a, negative_slope=0.01):
        ctx.save_for_backward(a)
        ctx.slope = a.dtype.type(negative_slope)
        return np.where(a > 0, a, a * ctx.slope)

    @staticmethod
    def backward(ctx, grad):
        return np.where(ctx.saved_tensors[0] > 0, grad, grad * ctx.slope)


class Abs(Function):
    # d |a| = grad * sign(a)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.abs(a)

    @staticmethod
    def backward(ctx, grad):
        return grad * np.sign(ctx.saved_tensors[0])


class Clamp(Function):
    # d clamp(a, lo, hi) = grad where lo <= a <= hi, else 0
    @staticmethod
    def forward(ctx, a, lo, hi):
        ctx.save_for_backward(a)
        ctx.lo, ctx.hi = lo, hi
        out = a
        if lo is not None:
            out = np.maximum(out, lo)
        if hi is not None:
            out = np.minimum(out, hi)
        return out

    @staticmethod
    def backward(ctx, grad):
        a = ctx.saved_tensors[0]
        keep = np.ones(a.shape, dtype=bool)
        if ctx.lo is not None:
            keep &= a >= ctx.lo
        if ctx.hi is not None:
            keep &= a <= ctx.hi
        return np.where(keep, grad, grad.dtype.type(0))


class Where(Function):
    # d where(c, a, b) = grad where c (to a), grad where not c (to b)
    @staticmethod
    def forward(ctx, condition, a, b):
        ctx.save_for_backward(condition)
        return np.where(condition, a, b)

    @staticmethod
    def backward(ctx, grad):
        c = ctx.saved_tensors[0]
        zero = grad.dtype.type(0)
        return None, np.where(c, grad, zero), np.where(c, zero, grad)


class Maximum(Function):
    # d max(a, b) = grad to the larger; ties share it half and half
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.maximum(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        share = np.where(a == b, grad / 2, grad)
        zero = grad.dtype.type(0)
        return np.where(a < b, zero, share), np.where(a > b, zero, share)


class Minimum(Function):
    # d min(a, b) = grad to the smaller; ties share it half and half
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.minimum(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        share = np.where(a == b, grad / 2, grad)
        zero = grad.dtype.type(0)
        return np.where(a > b, zero, share), np.where(a < b, zero, share)


class ZeroGrad(Function):
    """Steps such as sign, floor and round: their derivative is zero almost everywhere."""

    @staticmethod
    def forward(ctx, a, fn):
        ctx.fn_name = fn.__name__
        return fn(a)

    @staticmethod
    def backward(ctx, grad):
        return np.zeros_like(grad)

    def name(self) -> str:
        return f"{self.fn_name.capitalize()}Backward0"


# --- the functional API -------------------------------------------------------------------------


def exp(input):
    return Exp.apply(to_float(input))


def log(input):
    return Log.apply(to_float(input))


def log1p(input):
    return Log1p.apply(to_float(input))


def sqrt(input):
    return Sqrt.apply(to_float(input))


def sin(input):
    return Sin.apply(to_float(input))


def cos(input):
    return Cos.apply(to_float(input))


def tanh(input):
    return Tanh.apply(to_float(input))


def sigmoid(input):
    return Sigmoid.apply(to_float(input))


def relu(input):
    if input._array.dtype == np.bool_:
        raise RuntimeError('"clamp_min_scalar_cpu" not implemented for \'Bool\'')
    return Relu.apply(input)


def leaky_relu(input, negative_slope: float = 0.01):
    return LeakyRelu.apply(input, negative_slope=negative_slope)


def abs(input):  # noqa: A001 - torch's name
    if input._array.dtype == np.bool_:
        raise RuntimeError('"abs_cpu" not implemented for \'Bool\'')
    return Abs.apply(input)


def _zero_grad(fn):
    def op(input):
        return ZeroGrad.apply(input, fn=fn)

    op.__name__ = fn.__name__
    return op


sign = _zero_grad(np.sign)
floor = _zero_grad(np.floor)
ceil = _zero_grad(np.ceil)
trunc = _zero_grad(np.trunc)
round = _zero_grad(np.round)  # noqa: A001 - half to even, as torch


def clamp(input, min=None, max=None):  # noqa: A002 - torch's names
    """Limit values to [min, max]; either bound may be omitted (or be a tensor)."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if isinstance(min, Tensor) or isinstance(max, Tensor):
        out = input
        if min is not None:
            out = maximum(out, min if isinstance(min, Tensor) else _like_scalar(min, out))
        if max is not None:
            out = minimum(out, max if isinstance(max, Tensor) else _like_scalar(max, out))
        return out
    d = _dtype.result_type(input, *(b for b in (min, max) if b is not None))
    a = cast(input, d)
    lo = None if min is None else cast(min, d)
    hi = None if max is None else cast(max, d)
    return Clamp.apply(a, lo, hi)


def _like_scalar(value, like: Tensor) -> Tensor:
    return _wrap(np.asarray(value, dtype=like._array.dtype))


clip = clamp


def clamp_min(input, min):  # noqa: A002
    return clamp(input, min=min)


def clamp_max(input, max):  # noqa: A002
    return clamp(input, max=max)


def where(condition, input=None, other=None):
    """Pick from `input` where `condition` holds, else from `other`."""
    if input is None and other is None:
        from .reduce import nonzero

        return nonzero(condition, as_tuple=True)
    if condition._array.dtype != np.bool_:
        raise RuntimeError(
            f"where expected condition to be a boolean tensor, but got a tensor with dtype "
            f"{condition.dtype._torch_name}"
        )
    a, b = common(input, other)
    shapes = [x._array.shape for x in (condition, a, b) if isinstance(x, Tensor)]
    broadcast_shape(*shapes)
    return Where.apply(condition, a, b)


def maximum(input, other):
    a, b = common(input, other)
    return Maximum.apply(a, b)


def minimum(input, other):
    a, b = common(input, other)
    return Minimum.apply(a, b)
