"""Elementwise functions: exp, log, sqrt, sin, cos, tanh, sigmoid, relu, clamp, where, ...

Each node's comment states its derivative. Float functions turn integer inputs into the
default float dtype first, as torch does.
"""

from __future__ import annotations

import numpy as np

from .. import _dtype, _memory, _parallel
from .._tensor import Tensor, _wrap
from ..autograd.function import Function
from . import _special
from ._operands import (
    broadcast_shape,
    cast,
    common,
    keep_where_nonzero,
    maximum_with_zero,
    sign_of,
    to_float,
)


class Exp(Function):
    # d exp(a) = grad * exp(a)
    @staticmethod
    def forward(ctx, a):
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
        return np.log(a)

    @staticmethod
    def backward(ctx, grad):
        return grad / ctx.saved_tensors[0]


class Log1p(Function):
    # d ln(1 + a) = grad / (1 + a)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.log1p(a)

    @staticmethod
    def backward(ctx, grad):
        return grad / (1 + ctx.saved_tensors[0])


class Sqrt(Function):
    # d sqrt(a) = grad / (2 sqrt(a))
    @staticmethod
    def forward(ctx, a):
        out = np.sqrt(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
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
    # d sigmoid(a) = grad * (1 - s) * s
    @staticmethod
    def forward(ctx, a):
        # exp in double, rounded once: closer to torch's float32 exp (4% of values a bit
        # apart instead of 17% with NumPy's float32 exp), which long trainings amplify
        # (computed in place, the double exp buffered by NumPy: no float64 copy of the input)
        if type(a) is not np.ndarray:  # CuPy
            wide = a.astype(np.float64) if a.dtype == np.float32 else a
            e = np.exp(-wide).astype(a.dtype)
            out = 1 / (1 + e)
        else:  # large arrays in blocks of rows on the workers (_parallel.py)
            out = _memory.empty_like(a)
            _parallel.by_rows(_sigmoid_into, out, a, cost=_parallel.EXP_COST)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        out = ctx.saved_tensors[0]
        small = out.nbytes < _memory.MIN_BYTES  # the same products, with less to set up
        if small or grad.shape != out.shape or type(grad) is not np.ndarray:
            return grad * (1 - out) * out
        return _parallel.by_rows(_sigmoid_grad_into, _memory.empty_like(grad), grad, out)


# (the constants are typed: NumPy spends longer converting a Python number than adding it
# to a small array; 1 / x is np.reciprocal's own formula)
def _sigmoid_into(out, a):
    np.negative(a, out)
    if a.dtype == np.float32:
        np.exp(out, out, signature=(np.float64, np.float64), casting="unsafe")
    else:
        np.exp(out, out)
    np.add(out, a.dtype.type(1), out)
    np.reciprocal(out, out)


def _sigmoid_grad_into(g, grad, out):
    np.subtract(out.dtype.type(1), out, g)  # grad * (1 - out) * out, in torch's order
    np.multiply(g, grad, g)
    np.multiply(g, out, g)


class Relu(Function):
    # d relu(a) = grad where relu(a) > 0, else 0
    @staticmethod
    def forward(ctx, a):
        out = _memory.empty_like(a)
        if out.nbytes < _memory.MIN_BYTES:  # far too small to split: no pass cost to weigh
            maximum_with_zero(out, a)
        else:  # large arrays in blocks of rows on the workers (_parallel.py)
            _parallel.by_rows(maximum_with_zero, out, a, cost=_parallel.pass_cost())
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        # relu's output is >= 0 or nan: not 0 is "> 0 or nan" (nan passes grad)
        out = ctx.saved_tensors[0]
        if grad.shape != out.shape:
            return keep_where_nonzero(grad, out)
        into = lambda o, g, r: keep_where_nonzero(g, r, out=o)  # noqa: E731
        return _parallel.by_rows(into, _memory.empty_like(grad), grad, out)


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
        return grad * sign_of(ctx.saved_tensors[0])


class Clamp(Function):
    # d clamp(a, lo, hi) = grad where lo <= a <= hi (to a), where a < lo < hi (to lo),
    # where a > hi or hi < lo (to hi)
    @staticmethod
    def forward(ctx, a, lo, hi):
        ctx.save_for_backward(a, lo, hi)
        # On a tie of -0 and 0 torch keeps the input against a number bound, and its vector
        # loop takes a tensor bound; NumPy returns the second operand of a tie.
        out = a
        if lo is not None:
            out = np.maximum(out, lo) if isinstance(lo, np.ndarray) else np.maximum(lo, out)
        if hi is not None:
            out = np.minimum(out, hi) if isinstance(hi, np.ndarray) else np.minimum(hi, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, lo, hi = ctx.saved_tensors
        zero = grad.dtype.type(0)
        above_lo = True if lo is None else a >= lo
        below_hi = True if hi is None else a <= hi
        ga = np.where(above_lo & below_hi, grad, zero)
        glo = ghi = None
        if ctx.needs_input_grad[1]:  # lo gets no gradient where lo > hi: the output is hi
            glo = np.where(~above_lo & (True if hi is None else lo < hi), grad, zero)
        if ctx.needs_input_grad[2]:
            ghi = np.where(~below_hi | (False if lo is None else hi < lo), grad, zero)
        return ga, glo, ghi


class ClampMin(Clamp):
    """clamp_min(a, lo): clamp without an upper bound."""


class ClampMax(Clamp):
    """clamp_max(a, hi): clamp without a lower bound."""


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


class Step(Function):
    """A step function (sign, floor, ceil, trunc, round): flat between its jumps."""

    @staticmethod
    def backward(ctx, grad):  # d step(a) = 0 almost everywhere
        return np.zeros_like(grad)


class Sign(Step):
    @staticmethod
    def forward(ctx, a):
        return sign_of(a)


class Floor(Step):
    @staticmethod
    def forward(ctx, a):
        return np.floor(a)


class Ceil(Step):
    @staticmethod
    def forward(ctx, a):
        return np.ceil(a)


class Trunc(Step):
    @staticmethod
    def forward(ctx, a):
        return np.trunc(a)


class Round(Step):
    @staticmethod
    def forward(ctx, a):
        return np.round(a)  # half to even, as torch


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
        raise RuntimeError("Boolean inputs not supported for relu")
    return Relu.apply(input)


def leaky_relu(input, negative_slope: float = 0.01):
    return LeakyRelu.apply(input, negative_slope=negative_slope)


def abs(input):  # noqa: A001 - torch's name
    if input._array.dtype == np.bool_:
        raise NotImplementedError("\"abs_cpu\" not implemented for 'Bool'")
    return Abs.apply(input)


def sign(input):
    return Sign.apply(input)


def floor(input):
    return Floor.apply(input)


def ceil(input):
    return Ceil.apply(input)


def trunc(input):
    return Trunc.apply(input)


def round(input):  # noqa: A001 - torch's name
    return Round.apply(input)


def clamp(input, min=None, max=None):  # noqa: A002 - torch's names
    """Limit values to [min, max]; either bound may be omitted. Bounds are both numbers or
    both tensors."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    bounds = [b for b in (min, max) if b is not None]
    tensors = [isinstance(b, Tensor) for b in bounds]
    if any(tensors) and not all(tensors):
        raise TypeError(
            "clamp() received an invalid combination of arguments: min and max must both be "
            "Tensors or both be Numbers"
        )
    return _clamp(Clamp, input, min, max)


def _clamp(op, input, min, max):  # noqa: A002
    d = _dtype.result_type(input, *(b for b in (min, max) if b is not None))
    lo = None if min is None else cast(min, d)
    hi = None if max is None else cast(max, d)
    shapes = [x._array.shape for x in (input, lo, hi) if isinstance(x, Tensor)]
    if len(shapes) > 1:
        broadcast_shape(*shapes)
    return op.apply(cast(input, d), lo, hi)


clip = clamp


def clamp_min(input, min):  # noqa: A002
    return _clamp(ClampMin, input, min, None)


def clamp_max(input, max):  # noqa: A002
    return _clamp(ClampMax, input, None, max)


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
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        d = _dtype.result_type(input, other)  # two numbers: the default float, as torch
        input, other = (_wrap(np.asarray(v, dtype=d.np)) for v in (input, other))
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


# --- trigonometric, hyperbolic and special functions ------------------------------------------


class Tan(Function):
    # d tan(a) = grad * (1 + tan(a)^2)
    @staticmethod
    def forward(ctx, a):
        out = np.tan(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        out = ctx.saved_tensors[0]
        return grad * (1 + out * out)


class Asin(Function):
    # d asin(a) = grad / sqrt(1 - a^2)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.arcsin(a)

    @staticmethod
    def backward(ctx, grad):
        a = ctx.saved_tensors[0]
        return grad / np.sqrt(1 - a * a)


class Acos(Function):
    # d acos(a) = -grad / sqrt(1 - a^2)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.arccos(a)

    @staticmethod
    def backward(ctx, grad):
        a = ctx.saved_tensors[0]
        return -grad / np.sqrt(1 - a * a)


class Atan(Function):
    # d atan(a) = grad / (1 + a^2)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.arctan(a)

    @staticmethod
    def backward(ctx, grad):
        a = ctx.saved_tensors[0]
        return grad / (1 + a * a)


class Atan2(Function):
    # d atan2(a, b) = grad * b / (a^2 + b^2), -grad * a / (a^2 + b^2)   (0 at a = b = 0)
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.arctan2(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        r2 = a * a + b * b
        with np.errstate(divide="ignore"):  # at the origin both gradients are 0, as torch
            recip = np.where(r2 == 0, r2.dtype.type(0), 1 / r2)
        return grad * b * recip, grad * -a * recip


class Sinh(Function):
    # d sinh(a) = grad * cosh(a)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.sinh(a)

    @staticmethod
    def backward(ctx, grad):
        return grad * np.cosh(ctx.saved_tensors[0])


class Cosh(Function):
    # d cosh(a) = grad * sinh(a)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.cosh(a)

    @staticmethod
    def backward(ctx, grad):
        return grad * np.sinh(ctx.saved_tensors[0])


class Asinh(Function):
    # d asinh(a) = grad / sqrt(a^2 + 1)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.arcsinh(a)

    @staticmethod
    def backward(ctx, grad):
        a = ctx.saved_tensors[0]
        return grad / np.sqrt(a * a + 1)


class Acosh(Function):
    # d acosh(a) = grad / sqrt(a^2 - 1)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.arccosh(a)

    @staticmethod
    def backward(ctx, grad):
        a = ctx.saved_tensors[0]
        return grad / np.sqrt(a * a - 1)


class Atanh(Function):
    # d atanh(a) = grad / (1 - a^2)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.arctanh(a)

    @staticmethod
    def backward(ctx, grad):
        a = ctx.saved_tensors[0]
        return grad / (1 - a * a)


_NO_INPLACE_DERIVATIVE = "the derivative for 'inplace version of {}' is not implemented."


class AsinhInPlace(Asinh):
    # d asinh_(a): none in torch (x.asinh_() has no derivative), so backward raises its error
    @staticmethod
    def backward(ctx, grad):
        raise NotImplementedError(_NO_INPLACE_DERIVATIVE.format("asinh"))


class AcoshInPlace(Acosh):
    # d acosh_(a): none in torch, as asinh_
    @staticmethod
    def backward(ctx, grad):
        raise NotImplementedError(_NO_INPLACE_DERIVATIVE.format("acosh"))


class AtanhInPlace(Atanh):
    # d atanh_(a): none in torch, as asinh_
    @staticmethod
    def backward(ctx, grad):
        raise NotImplementedError(_NO_INPLACE_DERIVATIVE.format("atanh"))


class Erf(Function):
    # d erf(a) = grad * 2 / sqrt(pi) * exp(-a^2)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return _special.erf(a)

    @staticmethod
    def backward(ctx, grad):
        a = ctx.saved_tensors[0]
        return grad * (2 / np.sqrt(np.pi)) * np.exp(-a * a)


class Erfc(Function):
    # d erfc(a) = -grad * 2 / sqrt(pi) * exp(-a^2)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return _special.erfc(a)

    @staticmethod
    def backward(ctx, grad):
        a = ctx.saved_tensors[0]
        return -grad * (2 / np.sqrt(np.pi)) * np.exp(-a * a)


class Erfinv(Function):
    # d erfinv(a) = grad * sqrt(pi) / 2 * exp(erfinv(a)^2)
    @staticmethod
    def forward(ctx, a):
        out = _special.erfinv(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        out = ctx.saved_tensors[0]
        return grad * (np.exp(out * out) * (np.sqrt(np.pi) / 2))


class Expm1(Function):
    # d (exp(a) - 1) = grad * exp(a) = grad * (out + 1)
    @staticmethod
    def forward(ctx, a):
        out = np.expm1(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * (ctx.saved_tensors[0] + 1)


class Log2(Function):
    # d log2(a) = grad / (a ln 2)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.log2(a)

    @staticmethod
    def backward(ctx, grad):
        a = ctx.saved_tensors[0]
        return grad / (a * a.dtype.type(np.log(2)))


class Log10(Function):
    # d log10(a) = grad / (a ln 10)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.log10(a)

    @staticmethod
    def backward(ctx, grad):
        a = ctx.saved_tensors[0]
        return grad / (a * a.dtype.type(np.log(10)))


class Rsqrt(Function):
    # d a^(-1/2) = -grad / 2 * a^(-3/2) = -grad / 2 * out^3
    @staticmethod
    def forward(ctx, a):
        with np.errstate(divide="ignore", invalid="ignore"):
            out = 1 / np.sqrt(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        out = ctx.saved_tensors[0]
        return (-0.5 * grad) * (out * out * out)  # grouped as torch's, so rounded alike


class Lgamma(Function):
    # d ln|Gamma(a)| = grad * digamma(a)
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return _special.lgamma(a)

    @staticmethod
    def backward(ctx, grad):
        return grad * _special.digamma(ctx.saved_tensors[0])


class NanToNum(Function):
    # d nan_to_num(a) = grad where a is finite, else 0 (the output is a constant there),
    # as torch's grad * isfinite(a): so the 0 takes grad's sign
    @staticmethod
    def forward(ctx, a, nan, posinf, neginf):
        finite = np.isfinite(a)
        ctx.save_for_backward(finite)
        return np.nan_to_num(a, nan=nan, posinf=posinf, neginf=neginf)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.saved_tensors[0]


class Deg2Rad(Function):
    # d (a * pi / 180) = grad * pi / 180
    @staticmethod
    def forward(ctx, a):
        return a * a.dtype.type(np.pi / 180)

    @staticmethod
    def backward(ctx, grad):
        return grad * grad.dtype.type(np.pi / 180)


class Rad2Deg(Function):
    # d (a * 180 / pi) = grad * 180 / pi
    @staticmethod
    def forward(ctx, a):
        return a * a.dtype.type(180 / np.pi)

    @staticmethod
    def backward(ctx, grad):
        return grad * grad.dtype.type(180 / np.pi)


def tan(input):
    return Tan.apply(to_float(input))


def asin(input):
    return Asin.apply(to_float(input))


def acos(input):
    return Acos.apply(to_float(input))


def atan(input):
    return Atan.apply(to_float(input))


def sinh(input):
    return Sinh.apply(to_float(input))


def cosh(input):
    return Cosh.apply(to_float(input))


def asinh(input):
    return Asinh.apply(to_float(input))


def acosh(input):
    return Acosh.apply(to_float(input))


def atanh(input):
    return Atanh.apply(to_float(input))


def asinh_inplace(input):
    """What x.asinh_() computes: asinh, in a node without a derivative, as torch's."""
    return AsinhInPlace.apply(to_float(input))


def acosh_inplace(input):
    return AcoshInPlace.apply(to_float(input))


def atanh_inplace(input):
    return AtanhInPlace.apply(to_float(input))


def erf(input):
    return Erf.apply(to_float(input))


def erfc(input):
    return Erfc.apply(to_float(input))


def erfinv(input):
    return Erfinv.apply(to_float(input))


def expm1(input):
    return Expm1.apply(to_float(input))


def log2(input):
    return Log2.apply(to_float(input))


def log10(input):
    return Log10.apply(to_float(input))


def rsqrt(input):
    return Rsqrt.apply(to_float(input))


def lgamma(input):
    return Lgamma.apply(to_float(input))


def deg2rad(input):
    return Deg2Rad.apply(to_float(input))


def rad2deg(input):
    return Rad2Deg.apply(to_float(input))


def atan2(input, other):
    """The angle of the point (other, input): atan(input / other) in the right quadrant."""
    for position, (name, x) in enumerate((("input", input), ("other", other)), 1):
        if not isinstance(x, Tensor):
            raise TypeError(
                f"atan2(): argument '{name}' (position {position}) must be Tensor, not "
                f"{type(x).__name__}"
            )
    a, b = common(input, other)
    return Atan2.apply(to_float(a), to_float(b))


def nan_to_num(input, nan: float = 0.0, posinf=None, neginf=None):
    """nan, +inf and -inf replaced by numbers (by default 0 and the dtype's extremes)."""
    if input._array.dtype.kind != "f":  # integers and bools hold no nan or inf: a copy
        return _wrap(input._array.copy(), device=input._device)
    info = np.finfo(input._array.dtype)
    high = info.max if posinf is None else posinf
    low = info.min if neginf is None else neginf
    with np.errstate(over="ignore"):  # values past the dtype's range become inf, as torch
        values = [input._array.dtype.type(v) for v in (nan, high, low)]
    return NanToNum.apply(input, nan=values[0], posinf=values[1], neginf=values[2])


arcsin, arccos, arctan, arctan2 = asin, acos, atan, atan2
arcsinh, arccosh, arctanh = asinh, acosh, atanh
