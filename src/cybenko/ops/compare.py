"""Comparisons, logic and bitwise ops. Comparisons give bool tensors, outside the graph."""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ._operands import broadcast_error, common, wrap_result


def _raw(x):
    return x._array if isinstance(x, Tensor) else x


def _comparison(np_fn):
    def compare(input, other):
        a, b = common(input, other)  # compare in the promoted dtype, as torch does
        try:
            return wrap_result(np.asarray(np_fn(_raw(a), _raw(b))), a, b)
        except ValueError as e:
            raise broadcast_error(e, (_raw(a), _raw(b))) from None

    compare.__name__ = np_fn.__name__
    return compare


eq = _comparison(np.equal)
ne = _comparison(np.not_equal)
lt = _comparison(np.less)
le = _comparison(np.less_equal)
gt = _comparison(np.greater)
ge = _comparison(np.greater_equal)
greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne


def equal(input, other) -> bool:
    """True if both have the same shape and values."""
    return input._array.shape == other._array.shape and bool(np.all(input._array == other._array))


def allclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False) -> bool:
    return bool(np.allclose(input._array, other._array, rtol=rtol, atol=atol, equal_nan=equal_nan))


def isclose(input, other, rtol=1e-05, atol=1e-08, equal_nan=False):
    close = np.isclose(input._array, _raw(other), rtol=rtol, atol=atol, equal_nan=equal_nan)
    return wrap_result(close, input, other)


def _logical(np_fn):
    def logical(input, other):
        return wrap_result(np.asarray(np_fn(_raw(input), _raw(other))), input, other)

    logical.__name__ = np_fn.__name__
    return logical


logical_and = _logical(np.logical_and)
logical_or = _logical(np.logical_or)
logical_xor = _logical(np.logical_xor)


def logical_not(input):
    return wrap_result(np.logical_not(input._array), input)


def _integers_only(t: Tensor, kernel: str) -> None:
    if t._array.dtype.kind == "f":
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{t.dtype._torch_name}'")


def _bitwise(np_fn):
    def bitwise(input, other):
        a, b = common(input, other)
        _integers_only(a if isinstance(a, Tensor) else b, f"{np_fn.__name__}_cpu")
        return wrap_result(np.asarray(np_fn(_raw(a), _raw(b))), a, b)

    bitwise.__name__ = np_fn.__name__
    return bitwise


bitwise_and = _bitwise(np.bitwise_and)
bitwise_or = _bitwise(np.bitwise_or)
bitwise_xor = _bitwise(np.bitwise_xor)


def _shift_amounts(a, b, kernel: str):
    """The operands of a shift, promoted, as arrays; integers only (no bool kernel either)."""
    a, b = common(a, b)
    t = a if isinstance(a, Tensor) else b
    if t._array.dtype.kind not in "iu":
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{t.dtype._torch_name}'")
    return a, b, np.asarray(_raw(a)), np.asarray(_raw(b))


def bitwise_left_shift(input, other):
    """input << other. As torch, a shift by a negative amount or by the width or more gives 0
    (in C, and so in NumPy, those are undefined)."""
    a, b, x, n = _shift_amounts(input, other, "lshift_cpu")
    width = x.dtype.itemsize * 8
    out = np.left_shift(x, np.clip(n, 0, width - 1).astype(x.dtype))
    return wrap_result(np.where((n < 0) | (n >= width), x.dtype.type(0), out), a, b)


def bitwise_right_shift(input, other):
    """input >> other. A shift by a negative amount or by the width or more shifts by the
    width less the sign bit, as torch: 0, or -1 for a negative signed value."""
    a, b, x, n = _shift_amounts(input, other, "rshift_cpu")
    widest = x.dtype.itemsize * 8 - (x.dtype.kind == "i")
    n = np.where((n < 0) | (n >= widest), widest, n).astype(x.dtype)
    return wrap_result(np.asarray(np.right_shift(x, n)), a, b)


def bitwise_not(input):
    _integers_only(input, "bitwise_not_cpu")
    return wrap_result(np.invert(input._array), input)


def invert(input):
    """~input: torch refuses floats here with a TypeError, before bitwise_not would."""
    if input._array.dtype.kind == "f":
        raise TypeError(
            "~ (operator.invert) is only implemented on integer and Boolean-type tensors"
        )
    return bitwise_not(input)


def isnan(input):
    return wrap_result(
        np.isnan(input._array)
        if input._array.dtype.kind == "f"
        else np.zeros(input._array.shape, dtype=bool),
        input,
    )


def isinf(input):
    return wrap_result(
        np.isinf(input._array)
        if input._array.dtype.kind == "f"
        else np.zeros(input._array.shape, dtype=bool),
        input,
    )


def isfinite(input):
    return wrap_result(
        np.isfinite(input._array)
        if input._array.dtype.kind == "f"
        else np.ones(input._array.shape, dtype=bool),
        input,
    )
