"""+ - * / ** and their relatives. Each node states its derivative in one comment."""

from __future__ import annotations

import numpy as np

from .. import _dtype
from .._size import invalid_combination
from .._tensor import Tensor
from ..autograd.function import Function
from ._operands import (
    broadcast_shape,
    cast,
    common,
    common_rounding_scalar,
    half_scalar,
    require_tensors,
    to_float,
    wrap_result,
)


class Add(Function):
    # d(a + alpha*b) = grad, alpha*grad
    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        return a + b if alpha == 1 else a + b * alpha

    @staticmethod
    def backward(ctx, grad):
        return grad, (grad if ctx.alpha == 1 else grad * ctx.alpha)


class Sub(Function):
    # d(a - alpha*b) = grad, -alpha*grad
    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        return a - b if alpha == 1 else a - b * alpha

    @staticmethod
    def backward(ctx, grad):
        return grad, -grad if ctx.alpha == 1 else grad * -ctx.alpha


class RSub(Function):
    # d(b - alpha*a) = -alpha*grad, grad   (torch.rsub; also number - tensor)
    @staticmethod
    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        return b - a if alpha == 1 else b - a * alpha

    @staticmethod
    def backward(ctx, grad):
        return (-grad if ctx.alpha == 1 else grad * -ctx.alpha), grad


class Mul(Function):
    # d(a*b) = grad*b, grad*a
    @staticmethod
    def forward(ctx, a, b):
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        return a * b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return (grad * b if b is not None else None), (grad * a if a is not None else None)


class Div(Function):
    # d(a/b) = grad/b, -grad*a/b^2 (computed as torch groups it, -grad * ((a / b) / b),
    # so rounded alike)
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a if ctx.needs_input_grad[1] else None, b)
        return a / b

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return grad / b, (-grad * ((a / b) / b) if a is not None else None)


class ScalarDiv(Div):
    """a / n for a number n divided inside a loss (torch records it apart from a / b)."""


class Neg(Function):
    # d(-a) = -grad
    @staticmethod
    def forward(ctx, a):
        return -a

    @staticmethod
    def backward(ctx, grad):
        return -grad


class Pow(Function):
    # d(a^n) = grad * n * a^(n-1)   (n a number; zero where n == 0)
    @staticmethod
    def forward(ctx, a, exponent):
        ctx.save_for_backward(a)
        ctx.exponent = exponent
        return power(a, exponent)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        n = ctx.exponent
        if n == 0:
            return np.zeros_like(grad)
        return grad * (n * power(a, n - 1)).astype(a.dtype, copy=False)


def power(a: np.ndarray, n):
    """a ** n for a number n, rounded as torch rounds it: torch gives a few exponents kernels
    of their own (2, 3 and -2 as products, 0.5 as sqrt, -0.5 as 1 / sqrt, -1 as 1 / a), which
    round differently from pow (x ** 3 as pow differs from torch's in a quarter of the
    float32 values) and give -0.5 its sign at -0 (-inf, not pow's inf). The other exponents
    go to pow, whose last bit torch's vectorized pow does not always share."""
    if a.dtype.kind == "f":
        if n == 2:
            return a * a
        if n == 3:
            return a * a * a
        if n == -2:
            return np.reciprocal(a * a)
        if n == 0.5:
            return np.sqrt(a)
        if n == -0.5:
            return np.reciprocal(np.sqrt(a))
        if n == -1:
            return np.reciprocal(a)
    return a**n


def integer_power(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """a ** b on integers, with torch's values where b < 0 (NumPy refuses those): the
    integer part of 1 / a^|b|, so 1 for a base of 1, +-1 for -1 and 0 for any other."""
    negative = b < 0
    if not np.any(negative):
        return a**b
    out = a ** np.where(negative, 0, b).astype(b.dtype)
    odd = (b % 2).astype(bool)
    inverse = np.where(a == 1, 1, np.where(a == -1, np.where(odd, -1, 1), 0))
    return np.where(negative, inverse, out).astype(out.dtype)


class PowTensor(Function):
    # d(a^b) = grad * b * a^(b-1), grad * a^b * ln(a)   (each zero where b == 0 / a == 0, b >= 0)
    @staticmethod
    def forward(ctx, a, b):
        out = integer_power(a, b) if a.dtype.kind in "iu" else a**b
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors  # grouped as torch's formulas, so rounded alike
        ga = np.where(b == 0, 0, grad * (b * a ** (b - 1))) if ctx.needs_input_grad[0] else None
        gb = None
        if ctx.needs_input_grad[1]:  # the 0 is multiplied by grad, so it takes grad's sign
            gb = grad * np.where((a == 0) & (b >= 0), 0, out * np.log(a))
        return ga, gb


class RPow(Function):
    # d(c^b) = grad * c^b * ln(c)   (c a number; zero where c == 0 and b >= 0)
    @staticmethod
    def forward(ctx, b, base):
        base_array = np.asarray(base, dtype=b.dtype)
        out = integer_power(base_array, b) if b.dtype.kind in "iu" else base_array**b
        ctx.save_for_backward(b, out)
        ctx.base = base
        return out

    @staticmethod
    def backward(ctx, grad):
        b, out = ctx.saved_tensors  # grad * (out ln c), as torch groups it
        if ctx.base == 0:  # the 0 is multiplied by grad, so it takes grad's sign
            return grad * np.where(b >= 0, 0, out * np.log(out.dtype.type(0)))
        return grad * (out * np.log(out.dtype.type(ctx.base)))


class Reciprocal(Function):
    # d(1/a) = -grad / a^2 = -grad * out^2
    @staticmethod
    def forward(ctx, a):
        out = 1 / a
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return -grad * (out * out)


class Remainder(Function):
    # d(a mod b) = grad, -grad * floor(a/b)   (b a tensor or a number)
    @staticmethod
    def forward(ctx, a, b):
        if ctx.needs_input_grad[1]:
            ctx.save_for_backward(a, b)
        return _remainder(a, b)

    @staticmethod
    def backward(ctx, grad):
        if not ctx.needs_input_grad[1]:
            return grad, None
        a, b = ctx.saved_tensors
        return grad, -grad * np.floor_divide(a, b)


def _remainder(a, b):
    """a mod b with b's sign, as torch: fmod, then b added where the signs differ. A zero
    result keeps a's sign (remainder(-0., 1.5) is -0.), where NumPy's takes b's."""
    if np.result_type(a, b).kind != "f":
        return np.mod(a, b)
    mod = np.fmod(a, b)
    return np.where((mod != 0) & ((b < 0) != (mod < 0)), mod + b, mod)


class RoundedDiv(Function):
    # d round(a / b) = 0, 0   (a step function)
    @staticmethod
    def forward(ctx, a, b, mode):
        return _rounded_quotient(a, b, mode)

    @staticmethod
    def backward(ctx, grad):
        return np.zeros_like(grad), np.zeros_like(grad)


class NoDerivative(Function):
    # d fn(a, b): none in torch (a // b, number % b), so backward raises torch's error
    @staticmethod
    def forward(ctx, a, b, fn, op):
        ctx.op = op
        return fn(a, b)

    @staticmethod
    def backward(ctx, grad):
        raise RuntimeError(f"derivative for aten::{ctx.op} is not implemented")


def _rounded_quotient(a, b, mode: str):
    """a / b rounded towards zero ('trunc') or minus infinity ('floor'), on arrays."""
    if np.result_type(a, b).kind == "f":
        return np.trunc(a / b) if mode == "trunc" else np.floor_divide(a, b)
    if np.any(np.asarray(b) == 0):
        raise RuntimeError("ZeroDivisionError")
    out = np.floor_divide(a, b)
    if mode == "trunc":
        out = np.where((out < 0) & (out * b != a), out + 1, out)
    return out


# --- the functional API -------------------------------------------------------------------------


def add(input, other, *, alpha=1):
    """input + alpha * other, broadcasting, with torch's type promotion."""
    a, b = common_rounding_scalar(input, other)
    if alpha != 1 or type(alpha) is not int:
        alpha = _checked_alpha(alpha, a if isinstance(a, Tensor) else b)
    if not isinstance(a, Tensor):
        return Add.apply(b, a) if alpha == 1 else add(b * alpha, a)
    return Add.apply(a, b) if alpha == 1 else Add.apply(a, b, alpha=alpha)


def sub(input, other, *, alpha=1):
    """input - alpha * other."""
    _no_bool_subtraction(input, other)
    a, b = common_rounding_scalar(input, other)
    if alpha != 1 or type(alpha) is not int:
        alpha = _checked_alpha(alpha, a if isinstance(a, Tensor) else b)
    if not isinstance(a, Tensor):
        return RSub.apply(b, a) if alpha == 1 else RSub.apply(b, a, alpha=alpha)
    return Sub.apply(a, b) if alpha == 1 else Sub.apply(a, b, alpha=alpha)


def rsub(input, other, *, alpha=1):
    """other - alpha * input."""
    if not (isinstance(input, Tensor) and isinstance(other, Tensor)):
        return sub(other, input, alpha=alpha)
    _no_bool_subtraction(other, input)
    a, b = common(input, other)
    return RSub.apply(a, b, alpha=_checked_alpha(alpha, a))


def _checked_alpha(alpha, result: Tensor):
    """alpha as add and sub use it on `result`'s dtype, with torch's checks: no float alpha
    for integer or bool results, no bool alpha but for bool results (which take it as a
    bool, so True + 2 * True is True)."""
    kind = result._array.dtype.kind
    if isinstance(alpha, (bool, np.bool_)):
        if kind != "b":
            raise RuntimeError("Boolean alpha only supported for Boolean results.")
    elif kind != "f" and isinstance(alpha, (float, np.floating)):
        raise RuntimeError(
            "For integral input tensors, argument alpha must not be a floating point number."
        )
    if kind == "b":
        return bool(alpha)
    if kind in "iu":
        return cast(alpha, result.dtype)  # wraps like torch (uint8 with alpha=-1)
    return half_scalar(alpha, result)


def _no_bool_subtraction(a, b) -> None:
    """torch refuses `-` when either side is a bool (a tensor, or True/False)."""
    a_bool, b_bool = (_is_bool(x) for x in (a, b))
    if a_bool and b_bool:
        raise RuntimeError(
            "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` "
            "or `logical_xor()` operator instead."
        )
    if a_bool or b_bool:
        raise RuntimeError(
            "Subtraction, the `-` operator, with a bool tensor is not supported. If you are "
            "trying to invert a mask, use the `~` or `logical_not()` operator instead."
        )


def _is_bool(x) -> bool:
    return x.dtype is _dtype.bool_ if isinstance(x, Tensor) else isinstance(x, (bool, np.bool_))


def _no_bool_kernel(a, b, kernel: str) -> None:
    """Raise torch's error for ops it has no bool kernel for (after promotion)."""
    if (a if isinstance(a, Tensor) else b)._array.dtype == np.bool_:
        raise NotImplementedError(f"\"{kernel}\" not implemented for 'Bool'")


def mul(input, other):
    """Elementwise product, broadcasting."""
    a, b = common(input, other)
    if not isinstance(a, Tensor):
        a, b = b, a
    return Mul.apply(a, b)


def div(input, other, *, rounding_mode=None):
    """True division (integers give floats); rounding_mode 'trunc' or 'floor' rounds it."""
    if rounding_mode is not None:
        return _rounded_div(input, other, rounding_mode)
    a, b = common(input, other)
    a_t = a if isinstance(a, Tensor) else b
    if a_t._array.dtype.kind != "f":
        d = _dtype.get_default_dtype()
        a = a.to(d) if isinstance(a, Tensor) else float(a)
        b = b.to(d) if isinstance(b, Tensor) else float(b)
    if not isinstance(a, Tensor):
        return mul(reciprocal(b), a)
    return Div.apply(a, b)


def _rounded_div(input, other, mode):
    if mode not in ("trunc", "floor"):
        raise RuntimeError(
            f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{mode}'"
        )
    a, b = common(input, other)
    _no_bool_kernel(a, b, f"div_{mode}_cpu")
    return RoundedDiv.apply(a, b, mode=mode)


def floor_divide(input, other):
    """a // b, rounding towards minus infinity (no gradient, as in torch)."""
    a, b = common(input, other)
    _no_bool_kernel(a, b, "div_floor_cpu")
    return NoDerivative.apply(
        a, b, fn=lambda x, y: _rounded_quotient(x, y, "floor"), op="floor_divide"
    )


def remainder(input, other):
    """a mod b with the sign of b, as Python's %."""
    a, b = common_rounding_scalar(input, other)
    _no_bool_kernel(a, b, "remainder_cpu")
    _no_integer_zero(a, b)
    if not isinstance(a, Tensor):
        return NoDerivative.apply(a, b, fn=np.mod, op="remainder")
    return Remainder.apply(a, b)


def _no_integer_zero(a, b) -> None:
    """torch's error for an integer remainder by zero. The result's dtype decides: a float
    tensor by an integer 0 (a Python number is left as it is) gives NaN."""
    if (a if isinstance(a, Tensor) else b)._array.dtype.kind == "f":
        return
    divisor = b._array if isinstance(b, Tensor) else np.asarray(b)
    if np.any(divisor == 0):
        raise RuntimeError("ZeroDivisionError")


def neg(input):
    if input.dtype is _dtype.bool_:
        raise RuntimeError(
            "Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
            "to invert a mask, use the `~` or `logical_not()` operator instead."
        )
    return Neg.apply(input)


negative = neg


def pow(input, exponent):  # noqa: A001 - torch's name
    """input ** exponent, where either may be a tensor or a number."""
    a, b = common_rounding_scalar(input, exponent)
    if not isinstance(a, Tensor):
        _no_bool_kernel(a, b, "pow")
        return RPow.apply(b, a)
    if isinstance(b, Tensor):
        _no_bool_kernel(a, b, "pow")
        return PowTensor.apply(a, b)
    if a._array.dtype == np.bool_:  # torch's scalar path: x ** False is ones, x ** True a copy
        return wrap_result(a._array.copy() if b else np.ones_like(a._array), a)
    if a._array.dtype.kind in "iu" and b < 0:
        raise RuntimeError("Integers to negative integer powers are not allowed.")
    return Pow.apply(a, b)


_FLOAT_POWER_SIGNATURES = (
    "(Tensor input, Tensor exponent, *, Tensor out = None)",
    "(Number self, Tensor exponent, *, Tensor out = None)",
    "(Tensor input, Number exponent, *, Tensor out = None)",
)


def float_power(input, exponent):
    """input ** exponent computed in float64, whatever the dtypes."""
    if not isinstance(input, Tensor) and not isinstance(exponent, Tensor):
        raise invalid_combination("float_power", (input, exponent), _FLOAT_POWER_SIGNATURES)
    return pow(*(cast(x, _dtype.float64) for x in (input, exponent)))


def square(input):
    return pow(input, 2)


def reciprocal(input):
    """1 / input (integers give floats)."""
    return Reciprocal.apply(to_float(input))


class Fmod(Function):
    # d fmod(a, b) = grad, -grad * trunc(a / b)   (b a tensor or a number)
    @staticmethod
    def forward(ctx, a, b):
        if ctx.needs_input_grad[1]:
            ctx.save_for_backward(a, b)
        return np.fmod(a, b)

    @staticmethod
    def backward(ctx, grad):
        if not ctx.needs_input_grad[1]:
            return grad, None
        a, b = ctx.saved_tensors
        return grad, -grad * np.trunc(a / b)


class Lerp(Function):
    # d (a + w (b - a)) = grad * (1 - w), grad * w, grad * (b - a)   (w a tensor or a number)
    @staticmethod
    def forward(ctx, a, b, weight):
        ctx.save_for_backward(a, b, weight)
        near_a = np.abs(weight) < 0.5  # from the nearer end, so w = 0 and w = 1 are exact
        return np.where(near_a, a + weight * (b - a), b - (b - a) * (1 - weight))

    @staticmethod
    def backward(ctx, grad):
        a, b, weight = ctx.saved_tensors
        gw = grad * (b - a) if ctx.needs_input_grad[2] else None
        return grad * (1 - weight), grad * weight, gw


def fmod(input, other):
    """The remainder of input / other rounded towards zero: it has the sign of input (C's
    fmod; `remainder` takes the sign of other)."""
    if not isinstance(input, Tensor) or not isinstance(other, (Tensor, int, float)):
        raise invalid_combination("fmod", (input, other), _FMOD_SIGNATURES)
    a, b = common_rounding_scalar(input, other)
    _no_integer_zero(a, b)
    if a._array.dtype.kind != "f":
        return wrap_result(np.fmod(a._array, b._array if isinstance(b, Tensor) else b), a, b)
    return Fmod.apply(a, b)


_FMOD_SIGNATURES = (
    "(Tensor input, Tensor other, *, Tensor out = None)",
    "(Tensor input, Number other, *, Tensor out = None)",
)
_LERP_SIGNATURES = (
    "(Tensor input, Tensor end, Tensor weight, *, Tensor out = None)",
    "(Tensor input, Tensor end, Number weight, *, Tensor out = None)",
)


def lerp(input, end, weight):
    """input + weight * (end - input): a straight line from input (weight 0) to end (1)."""
    numbers = (int, float)
    if not (isinstance(input, Tensor) and isinstance(end, Tensor)) or not isinstance(
        weight, (Tensor, *numbers)
    ):
        raise invalid_combination("lerp", (input, end, weight), _LERP_SIGNATURES)
    d = input.dtype
    if d.np.kind != "f":
        kernel = "lerp_kernel_tensor" if isinstance(weight, Tensor) else "lerp_kernel_scalar"
        raise NotImplementedError(f'"{kernel}" not implemented for \'{d._torch_name}\'')
    if end.dtype is not d:
        got = end.dtype._c_name
        raise RuntimeError(f"expected dtype {d._c_name} for `end` but got dtype {got}")
    if isinstance(weight, Tensor):
        if weight._array.ndim and weight.dtype is not d:
            raise RuntimeError(
                f"expected dtype {d._c_name} for `weight` but got dtype {weight.dtype._c_name}"
            )
        if weight.dtype is not d:  # a zero-dimensional weight joins in the input's dtype
            weight = weight.to(d)
    else:
        weight = d.np.type(weight)
    return Lerp.apply(input, end, weight)


# --- fused products and quotients: addcmul, addcdiv, vdot, float_power -------------------------


class Addcmul(Function):
    # d (a + v t1 t2) = grad, grad * v * t2, grad * v * t1
    @staticmethod
    def forward(ctx, a, t1, t2, value=1):
        ctx.save_for_backward(t1, t2)
        ctx.value = value
        return a + value * t1 * t2  # grouped as torch's kernel, so rounded alike

    @staticmethod
    def backward(ctx, grad):
        t1, t2 = ctx.saved_tensors
        return grad, grad * ctx.value * t2, grad * ctx.value * t1


class Addcdiv(Function):
    # d (a + v t1 / t2) = grad, grad * v / t2, -grad * v * t1 / t2^2
    @staticmethod
    def forward(ctx, a, t1, t2, value=1):
        ctx.save_for_backward(t1, t2)
        ctx.value = value
        return a + value * t1 / t2

    @staticmethod
    def backward(ctx, grad):
        t1, t2 = ctx.saved_tensors
        g = grad * ctx.value / t2
        return grad, g, -g * t1 / t2


_ADDCDIV_INTEGERS = (
    "Integer division with addcdiv is no longer supported, and in a future  release addcdiv "
    "will perform a true division of tensor1 and tensor2. The historic addcdiv behavior can "
    "be implemented as (input + value * torch.trunc(tensor1 / tensor2)).to(input.dtype) for "
    "integer inputs and as (input + value * tensor1 / tensor2) for float inputs. The future "
    "addcdiv behavior is just the latter implementation: (input + value * tensor1 / tensor2), "
    "for all dtypes."
)


def addcmul(input, tensor1, tensor2, *, value=1):
    """input + value * tensor1 * tensor2, broadcasting."""
    return _addc(Addcmul, "addcmul", input, tensor1, tensor2, value)


def addcdiv(input, tensor1, tensor2, *, value=1):
    """input + value * tensor1 / tensor2, broadcasting (integer quotients are refused)."""
    require_tensors("addcdiv", self=input, tensor1=tensor1, tensor2=tensor2)
    if tensor1._array.dtype.kind in "biu" and tensor2._array.dtype.kind in "biu":
        raise RuntimeError(_ADDCDIV_INTEGERS)
    return _addc(Addcdiv, "addcdiv", input, tensor1, tensor2, value)


def _addc(op, name, input, tensor1, tensor2, value):
    require_tensors(name, self=input, tensor1=tensor1, tensor2=tensor2)
    d = _dtype.result_type(input, tensor1, tensor2)
    if d is _dtype.bool_:
        raise NotImplementedError(f"\"{name}_cpu_out\" not implemented for 'Bool'")
    broadcast_shape(input._array.shape, tensor1._array.shape, tensor2._array.shape)
    value = cast(value, d)  # an integer result truncates a float value, as torch
    return op.apply(cast(input, d), cast(tensor1, d), cast(tensor2, d), value=value)


class Vdot(Function):
    # d sum(a * b) = grad * b, grad * a
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.asarray(np.dot(a, b))

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return grad * b, grad * a


def vdot(input, other):
    """The dot product of two vectors (conjugating the first, a no-op for real dtypes)."""
    require_tensors("vdot", input=input, other=other)
    a, b = input._array, other._array
    if a.ndim != 1 or b.ndim != 1:
        raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
    if a.dtype != b.dtype:
        raise RuntimeError(
            f"dot : expected both vectors to have same dtype, but found "
            f"{input.dtype._torch_name} and {other.dtype._torch_name}"
        )
    if a.size != b.size:
        raise RuntimeError(
            f"inconsistent tensor size, expected tensor [{a.size}] and src [{b.size}] to have "
            f"the same number of elements, but got {a.size} and {b.size} elements respectively"
        )
    if a.dtype == np.bool_:
        raise NotImplementedError("\"dot\" not implemented for 'Bool'")
    return Vdot.apply(input, other)
