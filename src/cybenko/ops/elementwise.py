"""Elementwise functions: exp, log, sqrt, sin, cos, tanh, sigmoid, relu, clamp, where, ...

Each node's comment states its derivative. Float functions turn integer inputs into the
default float dtype first, as torch does.
"""

from __future__ import annotations

import builtins

import numpy as np

from .. import _dtype, _memory, _parallel, _warnings
from .._size import invalid_combination
from .._tensor import Tensor, _wrap
from ..autograd.function import Function
from . import _special
from ._operands import (
    broadcast_shape,
    cast,
    common,
    keep_where_nonzero,
    maximum_with_zero,
    require_tensors,
    sign_of,
    to_float,
    wrap_result,
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


class RoundDecimals(Step):
    @staticmethod
    def forward(ctx, a, decimals=0):
        # torch's kernel: the power of ten in the input's dtype, scaled, rounded half to even
        # and scaled back (dividing first for decimals <= 0)
        scale = a.dtype.type(10.0 ** builtins.abs(decimals))
        return np.round(a * scale) / scale if decimals > 0 else np.round(a / scale) * scale


class Frac(Function):
    # d (a - trunc(a)) = grad
    @staticmethod
    def forward(ctx, a):
        return a - np.trunc(a)

    @staticmethod
    def backward(ctx, grad):
        return grad


class Fmax(Function):
    # d fmax(a, b) = grad to a where a >= b or b is nan, else to b (no sharing of ties)
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.fmax(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        to_a = (a >= b) | np.isnan(b)
        zero = grad.dtype.type(0)
        return np.where(to_a, grad, zero), np.where(to_a, zero, grad)


class Fmin(Function):
    # d fmin(a, b) = grad to a where a <= b or b is nan, else to b (no sharing of ties)
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.fmin(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        to_a = (a <= b) | np.isnan(b)
        zero = grad.dtype.type(0)
        return np.where(to_a, grad, zero), np.where(to_a, zero, grad)


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
    if input._array.dtype == np.bool_:  # a bool is its own sign
        return wrap_result(input._array.copy(), input)
    return Sign.apply(input)


def floor(input):
    return Floor.apply(input)


def ceil(input):
    return Ceil.apply(input)


def trunc(input):
    return Trunc.apply(input)


def round(input, *args, decimals=None):  # noqa: A001 - torch's name
    if args:
        raise invalid_combination("round", (input, *args), _ROUND_SIGNATURES)
    if decimals is None:
        return Round.apply(input)
    if input._array.dtype.kind != "f":
        kernel = "round_vml_cpu" if decimals == 0 else "round_cpu"
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{input.dtype._torch_name}'")
    return RoundDecimals.apply(input, decimals=decimals)


_ROUND_SIGNATURES = (
    "(Tensor input, *, Tensor out = None)",
    "(Tensor input, *, int decimals, Tensor out = None)",
)


def _float_only(input: Tensor, kernel: str) -> None:
    """torch's error for an op with only floating-point kernels."""
    if input._array.dtype.kind != "f":
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{input.dtype._torch_name}'")


def frac(input):
    """The fractional part, input - trunc(input): it has the sign of input."""
    _float_only(input, "frac_cpu")
    return Frac.apply(input)


def signbit(input):
    """True where the sign bit is set: negative numbers, -0.0 and nan with its sign set."""
    a = input._array
    return wrap_result(np.signbit(a) if a.dtype != np.bool_ else np.zeros(a.shape, bool), input)


def clamp(input, min=None, max=None):  # noqa: A002 - torch's names
    """Limit values to [min, max]; either bound may be omitted. Bounds are both numbers or
    both tensors."""
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    bounds = [b for b in (min, max) if b is not None]
    tensors = [isinstance(b, Tensor) for b in bounds]
    if any(tensors) and not all(tensors):  # torch's parser reads a 0-d tensor as a number
        if not all(_is_number_like(b) for b in bounds):
            raise invalid_combination("clamp", (min, max), _CLAMP_SIGNATURES)
        min, max = (b.item() if isinstance(b, Tensor) else b for b in (min, max))
    return _clamp(Clamp, input, min, max)


_CLAMP_SIGNATURES = (
    "(Tensor min = None, Tensor max = None)",
    "(Number min = None, Number max = None)",
)


def _is_number_like(x) -> bool:
    """A number, or a tensor torch's argument parser accepts as one: 0-d, without grad."""
    return not isinstance(x, Tensor) or (x._array.ndim == 0 and not x.requires_grad)


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
    if condition._array.dtype == np.uint8:  # still allowed, with torch's warning
        _warnings.warn(_UINT8_WHERE)
        condition = condition.to(_dtype.bool_)
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


_UINT8_WHERE = (
    "where received a uint8 condition tensor. This behavior is deprecated and will be removed "
    "in a future version of PyTorch. Use a boolean condition instead."
)


def maximum(input, other):
    require_tensors("maximum", input=input, other=other)
    a, b = common(input, other)
    return Maximum.apply(a, b)


def minimum(input, other):
    require_tensors("minimum", input=input, other=other)
    a, b = common(input, other)
    return Minimum.apply(a, b)


def fmax(input, other):
    """The larger of each pair, ignoring nan: nan only where both are nan."""
    require_tensors("fmax", input=input, other=other)
    a, b = common(input, other)
    return Fmax.apply(a, b)


def fmin(input, other):
    """The smaller of each pair, ignoring nan."""
    require_tensors("fmin", input=input, other=other)
    a, b = common(input, other)
    return Fmin.apply(a, b)


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


class Hypot(Function):
    # d sqrt(a^2 + b^2) = grad * a / out, grad * b / out
    @staticmethod
    def forward(ctx, a, b):
        out = np.hypot(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        return grad * a / out, grad * b / out


class Exp2(Function):
    # d 2^a = grad * 2^a * ln 2
    @staticmethod
    def forward(ctx, a):
        out = np.exp2(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        out = ctx.saved_tensors[0]
        return grad * out * out.dtype.type(np.log(2))


class Logit(Function):
    # d ln(a / (1 - a)) = grad / (a (1 - a)); with eps, 0 outside [eps, 1 - eps] (clamped there)
    @staticmethod
    def forward(ctx, a, eps=None):
        ctx.save_for_backward(a)
        ctx.eps = eps
        if eps is not None:
            lo, hi = a.dtype.type(eps), a.dtype.type(1) - a.dtype.type(eps)
            a = np.where(a < lo, lo, np.where(a > hi, hi, a))  # nan stays nan
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(a / (1 - a))

    @staticmethod
    def backward(ctx, grad):
        a = ctx.saved_tensors[0]
        with np.errstate(divide="ignore", invalid="ignore"):  # at 0 and 1 (even -0): grad * inf
            g = np.where((a == 0) | (a == 1), grad * a.dtype.type(np.inf), grad / (a * (1 - a)))
        if ctx.eps is None:
            return np.where((a < 0) | (a > 1), a.dtype.type(np.nan), g)
        lo, hi = a.dtype.type(ctx.eps), a.dtype.type(1) - a.dtype.type(ctx.eps)
        return np.where((a < lo) | (a > hi), a.dtype.type(0), g)


class Sinc(Function):
    # d sin(pi a) / (pi a) = grad * (pi a cos(pi a) - sin(pi a)) / (pi a^2), 0 at a = 0
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        product = a * a.dtype.type(np.pi)
        with np.errstate(invalid="ignore"):
            return np.where(a == 0, a.dtype.type(1), np.sin(product) / product)

    @staticmethod
    def backward(ctx, grad):
        a = ctx.saved_tensors[0]
        pi = a.dtype.type(np.pi)
        product, square = a * pi, a * a * pi  # 0 where a^2 underflows too, as torch's
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            out = grad * (product * np.cos(product) - np.sin(product)) / square
        return np.where(square == 0, grad.dtype.type(0), out)


class Xlogy(Function):
    # d a ln(b) = grad * ln(b) (0 where a = 0, nan where b is nan), grad * a / b
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _xlogy(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        with np.errstate(divide="ignore", invalid="ignore"):
            if not isinstance(b, np.ndarray):  # a number b: torch's plain ln(b)
                ga = grad * np.log(grad.dtype.type(b))
            else:
                ga = grad * _xlogy((np.asarray(a) != 0).astype(grad.dtype), b)
            return ga, grad * a / b


def _xlogy(a, b):
    """a ln(b), 0 where a = 0 unless b is nan (torch's kernel's order of cases)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(a == 0, 0, a * np.log(b))
        return np.where(np.isnan(b), np.nan, out).astype(np.result_type(a, b))


class Copysign(Function):
    # d copysign(a, b) = grad * sign(a) * sign(out), 0 at a = 0; no gradient to b (zeros)
    @staticmethod
    def forward(ctx, a, b):
        out = np.copysign(a, b)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.where(a == 0, a.dtype.type(0), out / a)
        return grad * ratio, np.zeros_like(grad)


class Nextafter(Function):
    # d nextafter(a, b) = grad, 0 (a step of one ulp: torch passes grad to a, none to b)
    @staticmethod
    def forward(ctx, a, b):
        return np.nextafter(a, b)

    @staticmethod
    def backward(ctx, grad):
        return grad, np.zeros_like(grad)


class Heaviside(Function):
    # d heaviside(a, v): none in torch, so backward raises its error
    @staticmethod
    def forward(ctx, a, values):
        return np.where(a == 0, values, (a > 0).astype(a.dtype)).astype(a.dtype)

    @staticmethod
    def backward(ctx, grad):
        raise RuntimeError("derivative for aten::heaviside is not implemented")


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
    require_tensors("atan2", input=input, other=other)
    a, b = common(input, other)
    return Atan2.apply(to_float(a), to_float(b))


def hypot(input, other):
    """sqrt(input^2 + other^2), without overflow in the squares."""
    require_tensors("hypot", input=input, other=other)
    a, b = common(input, other)
    _float_only(a, "hypot_cpu")
    return Hypot.apply(a, b)


def exp2(input):
    return Exp2.apply(to_float(input))


def logit(input, eps=None):
    """ln(p / (1 - p)), the inverse of sigmoid; with eps, p is first clamped to [eps, 1 - eps]."""
    return Logit.apply(to_float(input), eps=eps)


def sinc(input):
    """sin(pi x) / (pi x), 1 at 0."""
    return Sinc.apply(to_float(input))


_XLOGY_SIGNATURES = (
    "(Tensor input, Tensor other, *, Tensor out = None)",
    "(Number self, Tensor other, *, Tensor out = None)",
    "(Tensor input, Number other, *, Tensor out = None)",
)
_COPYSIGN_SIGNATURES = (
    "(Tensor input, Tensor other, *, Tensor out = None)",
    "(Tensor input, Number other, *, Tensor out = None)",
)


def xlogy(input, other):
    """input * ln(other), 0 where input is 0 (unless other is nan): entropy's x log x."""
    if not isinstance(input, Tensor) and not isinstance(other, Tensor):
        raise invalid_combination("xlogy", (input, other), _XLOGY_SIGNATURES)
    a, b = common(input, other)
    d = _dtype.get_default_dtype()  # integers and bools give floats
    a, b = (cast(x, d) if _is_integral(x) else x for x in (a, b))
    return Xlogy.apply(a, b)


def _is_integral(x) -> bool:
    if isinstance(x, Tensor):
        return x._array.dtype.kind != "f"
    return isinstance(x, (bool, int))


def copysign(input, other):
    """|input| with the sign of other (the sign bit: -0.0 and nan's count)."""
    if not isinstance(input, Tensor) or not isinstance(other, (Tensor, int, float)):
        raise invalid_combination("copysign", (input, other), _COPYSIGN_SIGNATURES)
    a, b = common(input, other)
    if _is_integral(a):  # integers and bools give floats
        d = _dtype.get_default_dtype()
        a, b = cast(a, d), cast(b, d)
    return Copysign.apply(a, b)


def nextafter(input, other):
    """The next float after input towards other."""
    require_tensors("nextafter", input=input, other=other)
    a, b = common(input, other)
    _float_only(a, "nextafter_cpu")
    return Nextafter.apply(a, b)


def heaviside(input, values):
    """0 where input < 0, 1 where input > 0, and `values` where input is 0."""
    require_tensors("heaviside", input=input, values=values)
    if input._array.dtype != values._array.dtype:
        raise RuntimeError("heaviside is not yet implemented for tensors with different dtypes.")
    broadcast_shape(input._array.shape, values._array.shape)
    return Heaviside.apply(input, values)


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
