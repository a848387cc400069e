"""Making tensors: tensor, as_tensor, from_numpy, zeros, ones, full, arange, linspace, eye, ..."""

from __future__ import annotations

import math

import numpy as np

from .. import _dtype
from .._device import CPU, move, tensor_device
from .._tensor import Tensor, _wrap

_KIND_DEFAULTS = {"b": _dtype.bool_, "i": _dtype.int64, "u": _dtype.int64}


def _first_leaf(data):
    while isinstance(data, (list, tuple)) and data:
        data = data[0]
    return data


def _infer_array(data, dtype=None) -> np.ndarray:
    """NumPy array of `data` with torch's dtype inference: Python floats take the default
    dtype, Python ints int64, NumPy scalars keep theirs. A requested dtype is used directly,
    so tensor([0.1], dtype=float64) holds float64's 0.1, not float32's."""
    if isinstance(data, Tensor):
        return data._array
    if isinstance(data, (np.ndarray, np.generic)):
        _dtype.from_numpy_dtype(data.dtype)
        return np.asarray(data)
    if data is None:
        raise RuntimeError("Could not infer dtype of NoneType")
    try:
        array = np.array(data) if dtype is None else np.array(data, dtype=dtype.np)
    except ValueError as e:
        raise ValueError(f"expected a rectangular sequence of numbers; {e}") from None
    if dtype is not None or isinstance(_first_leaf(data), np.generic):
        _dtype.from_numpy_dtype(array.dtype)
        return array
    kind = array.dtype.kind
    if kind == "f":
        return array.astype(_dtype.get_default_dtype().np, copy=False)
    if kind in _KIND_DEFAULTS and array.dtype != np.bool_:
        return array.astype(np.int64, copy=False)
    if kind == "b":
        return array
    raise TypeError(f"new(): invalid data type '{type(data).__name__}'")


def _finish(array: np.ndarray, dtype, requires_grad: bool, device=None) -> Tensor:
    """The tensor of a freshly made array: cast, placed on `device`, maybe requiring grad."""
    if dtype is not None and array.dtype != dtype.np:
        array = array.astype(dtype.np)
    if requires_grad and array.dtype.kind != "f":
        raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
    where = tensor_device(device)
    if where is not CPU:
        array = move(array, where)
    return _wrap(array, requires_grad=bool(requires_grad), device=where)


def tensor(data, *, dtype=None, device=None, requires_grad: bool = False, pin_memory=False):
    """A new tensor holding a copy of `data` (numbers, nested lists, arrays, tensors)."""
    if isinstance(data, Tensor):
        device = data._device if device is None else device
        data = data.cpu()
    array = np.array(_infer_array(data, dtype), copy=True)
    return _finish(array, dtype, requires_grad, device)


def as_tensor(data, dtype=None, device=None) -> Tensor:
    """Like tensor(), but shares memory with a NumPy array or tensor when the dtype allows."""
    if isinstance(data, Tensor):
        return data.to(device=device, dtype=dtype)
    return _finish(_infer_array(data, dtype), dtype, False, device)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with `array`: changes to one show in the other."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    _dtype.from_numpy_dtype(array.dtype)
    return _wrap(array)


def _shape(size, negative: str | None = None) -> tuple:
    """zeros(2, 3), zeros((2, 3)) and zeros([2, 3]) all mean the shape (2, 3)."""
    if len(size) == 1 and isinstance(size[0], (tuple, list)):
        size = size[0]
    shape = tuple(int(s) for s in size)
    for s in shape:
        if s < 0:
            raise RuntimeError(
                negative or f"Trying to create tensor with negative dimension {s}: {list(shape)}"
            )
    return shape


def _factory(fill, negative: str | None = None):
    def make(*size, dtype=None, device=None, requires_grad=False, out=None, layout=None):
        d = dtype or _dtype.get_default_dtype()
        return _finish(fill(_shape(size, negative), d.np), None, requires_grad, device)

    return make


zeros = _factory(np.zeros, "zeros: Dimension size must be non-negative.")
ones = _factory(np.ones)
empty = _factory(np.empty)
zeros.__doc__ = "A tensor of zeros: `zeros(2, 3)` or `zeros((2, 3))`."
ones.__doc__ = "A tensor of ones: `ones(2, 3)` or `ones((2, 3))`."
empty.__doc__ = "An uninitialised tensor: its values are whatever the memory held."


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    """A tensor of `fill_value`; its dtype follows the value (int -> int64, float -> default)."""
    d = dtype or _dtype.scalar_dtype(fill_value)
    values = np.full(_shape((size,)), fill_value, dtype=d.np)
    return _finish(values, None, requires_grad, device)


def _like(maker):
    def make_like(input, *, dtype=None, device=None, requires_grad=False, **_):
        return maker(
            input._array.shape,
            dtype=dtype or input.dtype,
            device=input._device if device is None else device,
            requires_grad=requires_grad,
        )

    return make_like


zeros_like = _like(zeros)
ones_like = _like(ones)
empty_like = _like(empty)


def full_like(input, fill_value, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    d = dtype or input.dtype
    where = input._device if device is None else device
    return full(input._array.shape, fill_value, dtype=d, device=where, requires_grad=requires_grad)


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    """Values from `start` up to (not including) `end`; int64 if all arguments are integers."""
    if end is None:
        start, end = 0, start
    start, end, step = (x.item() if isinstance(x, Tensor) else x for x in (start, end, step))
    integral = all(isinstance(x, int) for x in (start, end, step))
    d = dtype or (_dtype.int64 if integral else _dtype.get_default_dtype())
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if not d.is_floating_point:  # torch counts in integers: the bounds and step truncated
        start, end, step = int(start), int(end), int(step)
        if step == 0:
            raise ValueError("step must be nonzero")
    if not all(math.isfinite(x) for x in (start, end)):
        raise RuntimeError(f"unsupported range: {start} -> {end}")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    n = math.ceil((end - start) / step)
    if d.is_floating_point:
        values = _arange_floats(float(start), float(step), n, d)
    else:
        values = start + np.arange(n, dtype=np.int64) * step
    return _finish(values.astype(d.np), None, requires_grad, device)


def _arange_floats(start: float, step: float, n: int, d) -> np.ndarray:
    """start + i * step as torch's CPU kernel rounds it: in double with fused multiply-adds,
    in pairs of 32-byte vectors whose lanes count on from the vector's first value (rounded
    to the dtype), and the last few elements one by one."""
    lanes = 32 // d.itemsize
    i = np.arange(n)
    in_vector = i < n // (2 * lanes) * (2 * lanes)
    lane = np.where(in_vector, i % lanes, 0)
    first = _fma(step, i - lane, start)
    first = np.where(in_vector, first.astype(d.np).astype(np.float64), first)
    return _fma(lane, step, first)


def _fma(a, b, c, *, to_odd: bool = False) -> np.ndarray:
    """a * b + c in double, rounded once, as the fused multiply-add of compiled kernels.

    NumPy has no fma, so the product and the sum are split into exact high and low parts
    (Dekker, Knuth) and the low parts added with rounding to odd, which makes the final
    rounding correct (Boldo and Melquiond). With `to_odd` the result is itself rounded to
    odd, so that rounding it again to float32 gives float32's fma.
    """
    a, b, c = (np.array(x, dtype=np.float64, ndmin=1) for x in np.broadcast_arrays(a, b, c))
    p, p_error = _two_product(a, b)
    s, s_error = _two_sum(c, p)
    low = _sum_to_odd(s_error, p_error)
    return _sum_to_odd(s, low) if to_odd else s + low


def _two_sum(x, y):
    """s = x + y rounded, and the exact error x + y - s."""
    s = x + y
    back = s - x
    return s, (x - (s - back)) + (y - back)


def _two_product(a, b):
    """p = a * b rounded, and the exact error a * b - p."""
    p = a * b
    t = a * 134217729.0  # 2**27 + 1 splits a double into two 26-bit halves
    a_hi = t - (t - a)
    t = b * 134217729.0
    b_hi = t - (t - b)
    a_lo, b_lo = a - a_hi, b - b_hi
    return p, ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo


def _sum_to_odd(x, y):
    """x + y rounded to odd: when inexact, the neighbour whose last bit is 1."""
    s, error = _two_sum(x, y)
    even = (s.view(np.int64) & 1) == 0
    return np.where((error != 0) & even, np.nextafter(s, np.copysign(np.inf, error)), s)


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    """`steps` evenly spaced values from `start` to `end`, both included.

    Like torch, the first half is counted up from `start` and the second half down from
    `end`, so both ends are exact.
    """
    start, end = (x.item() if isinstance(x, Tensor) else x for x in (start, end))
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    d = dtype or _dtype.get_default_dtype()
    lo, hi = d.np.type(start), d.np.type(end)  # integer dtypes truncate the ends, as torch
    if steps <= 1:
        return _finish(np.full(steps, lo, dtype=d.np), None, requires_grad, device)
    if d.is_floating_point:
        step = (hi - lo) / d.np.type(steps - 1)  # in the dtype's precision
    else:
        step = (float(hi) - float(lo)) / (steps - 1)
    i = np.arange(steps)
    odd = d is _dtype.float32  # torch's float32 kernel rounds once, to float32
    from_start = _fma(step, i, lo, to_odd=odd)
    from_end = _fma(-step, steps - 1 - i, hi, to_odd=odd)
    values = np.where(i < steps // 2, from_start, from_end)
    return _finish(values.astype(d.np), None, requires_grad, device)


def eye(n: int, m: int | None = None, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    """The identity matrix, n x m."""
    d = dtype or _dtype.get_default_dtype()
    return _finish(np.eye(n, n if m is None else m, dtype=d.np), None, requires_grad, device)


def _legacy_array(args, d) -> np.ndarray:
    """`Tensor(2, 3)` is an uninitialised 2x3 tensor; `Tensor([1, 2])` holds those values."""
    if not args:
        return np.empty((0,), dtype=d.np)
    if all(isinstance(a, int) for a in args):
        return np.zeros(args, dtype=d.np)
    if len(args) == 1:
        return np.array(_infer_array(args[0]), dtype=d.np)
    raise TypeError(f"new() received an invalid combination of arguments: {args!r}")


def _typed_constructor(d, name: str):
    def construct(*args):
        return _wrap(_legacy_array(args, d))

    construct.__name__ = name
    construct.__doc__ = f"The legacy `torch.{name}(...)` constructor: a {d} tensor."
    return construct


FloatTensor = _typed_constructor(_dtype.float32, "FloatTensor")
DoubleTensor = _typed_constructor(_dtype.float64, "DoubleTensor")
LongTensor = _typed_constructor(_dtype.int64, "LongTensor")
IntTensor = _typed_constructor(_dtype.int32, "IntTensor")
ByteTensor = _typed_constructor(_dtype.uint8, "ByteTensor")
BoolTensor = _typed_constructor(_dtype.bool_, "BoolTensor")
