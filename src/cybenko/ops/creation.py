"""Making tensors: tensor, as_tensor, from_numpy, zeros, ones, full, arange, linspace, eye,
logspace, range, ..."""

from __future__ import annotations

import functools
import math
import operator
import os

import numpy as np

from .. import _dtype
from .._device import CPU, move, tensor_device
from .._size import Size, SizeArgument, as_int, invalid_combination, parse_int, type_name
from .._tensor import Tensor, _wrap
from .._warnings import warn


def _first_leaf(data):
    while isinstance(data, (list, tuple)) and data:
        data = data[0]
    return data


def _infer_array(data, dtype=None) -> np.ndarray:
    """NumPy array of `data` with torch's dtype inference: Python floats take the default
    dtype, Python ints int64, NumPy scalars keep theirs. Numbers written into a requested
    integer dtype must fit it, as torch checks (arrays and tensors are cast, wrapping)."""
    if isinstance(data, Tensor):
        return data._array
    if isinstance(data, (np.ndarray, np.generic)):
        _dtype.from_numpy_dtype(data.dtype)
        return np.asarray(data)
    # torch reads a tensor inside the data as one number. A tensor first in the data shows at
    # once; others are looked for only where NumPy cannot read the data (a ragged list, a
    # tensor that requires grad), to keep lists of numbers quick.
    array = None if isinstance(_first_leaf(data), Tensor) else _numpy_array(data)
    if array is None and _holds_tensor(data):
        data, dtype = _tensor_items(data, dtype)
        array = _numpy_array(data)
    if array is None:
        array = _numbers_array(data, dtype)
    if dtype is not None:
        return _fit(array, dtype)
    if isinstance(_first_leaf(data), np.generic):
        _dtype.from_numpy_dtype(array.dtype)
        return array
    if array.dtype.kind == "f":
        return array.astype(_dtype.get_default_dtype().np, copy=False)
    if array.dtype.kind == "b":
        return array
    return array.astype(np.int64, copy=False)


def _numpy_array(data) -> np.ndarray | None:
    """NumPy's array of nested numbers, or None where NumPy reads no numbers of a torch dtype."""
    try:
        array = np.array(data)
    except (ValueError, RuntimeError):  # ragged lists; a tensor that requires grad
        return None
    return array if array.dtype.kind in "biuf" and array.dtype != np.uint64 else None


def _holds_tensor(data) -> bool:
    if isinstance(data, (list, tuple)):
        return any(_holds_tensor(item) for item in data)
    return isinstance(data, Tensor)


def _tensor_items(data, dtype) -> tuple:
    """`data` with each tensor in it read as one number, as torch reads it, and its dtype:
    the one asked for, else the promotion of the tensors' dtypes and the numbers' own."""
    d = dtype or _promoted_dtype(data)
    return _items(data, len(_sizes_of_first(data)), d), d


def _promoted_dtype(data):
    """torch's dtype of data holding tensors: every number's and tensor's dtype, promoted."""
    if isinstance(data, (list, tuple)):
        dtypes = [_promoted_dtype(item) for item in data]
        return functools.reduce(_dtype.promote_types, dtypes or [_dtype.get_default_dtype()])
    if isinstance(data, Tensor):
        return data.dtype
    if isinstance(data, np.generic):
        return _dtype.from_numpy_dtype(data.dtype)
    _infer_leaves(data)  # torch's error for what is not a number
    return _dtype.scalar_dtype(data)


def _items(data, depth: int, d):
    """Tensors at the depth of numbers become numbers: a float for a floating dtype (one
    element, else torch's ValueError), an int otherwise (one integer element, else its
    TypeError). A tensor above that depth is a sequence of numbers."""
    if isinstance(data, Tensor) and depth == 0:
        return float(data) if d.is_floating_point else operator.index(data)
    if isinstance(data, Tensor) and data._array.ndim:
        data = list(data)
    if isinstance(data, (list, tuple)) and depth:
        return [_items(item, depth - 1, d) for item in data]
    return data


def _numbers_array(data, dtype) -> np.ndarray:
    """The array of nested Python numbers NumPy could not read (ints past int64), or
    torch's error for what is not one."""
    sizes = _sizes_of_first(data)
    if dtype is None:
        _infer_leaves(data)
        dtype = _dtype.float64 if _has_float(data) else _dtype.int64
    _store(data, sizes, 0, dtype)
    return np.array(data, dtype=np.float64)  # ints past int64, for a float or bool dtype


def _sizes_of_first(data) -> list:
    """The shape torch reads from the first element at each depth."""
    sizes = []
    while _is_sequence(data):
        sizes.append(len(data))
        if not len(data):
            break
        data = data[0]
    if sizes and isinstance(data, str):  # a string is a sequence of strings, endlessly
        raise ValueError("too many dimensions 'str'")
    return sizes


def _is_sequence(data) -> bool:
    """A list or tuple, or a NumPy array inside one: torch reads each as a row of numbers."""
    return isinstance(data, (list, tuple)) or (isinstance(data, np.ndarray) and data.ndim > 0)


def _is_number(leaf) -> bool:
    return isinstance(leaf, (int, float, np.number, np.bool_, Tensor))


def _infer_leaves(data) -> None:
    """torch's dtype inference: every leaf must be a number of a kind it knows."""
    if _is_sequence(data):
        for item in data:
            _infer_leaves(item)
    elif isinstance(data, str):
        raise TypeError(f"new(): invalid data type '{type(data).__name__}'")
    elif isinstance(data, complex):
        raise TypeError("cybenko has no complex dtypes: store the real and imaginary parts apart")
    elif not _is_number(data):
        raise RuntimeError(f"Could not infer dtype of {type(data).__name__}")


def _has_float(data) -> bool:
    if _is_sequence(data):
        return any(_has_float(item) for item in data)
    return isinstance(data, (float, np.floating))


def _store(data, sizes: list, dim: int, d) -> None:
    """torch's store pass into dtype `d`: every row as long as the first at its depth, and
    numbers (that fit) where the first row has numbers."""
    if dim == len(sizes):
        if _is_sequence(data) or not _is_number(data):
            kind = type(data).__name__
            if d.is_floating_point:
                raise TypeError(f"must be real number, not {kind}")
            raise TypeError(f"'{kind}' object cannot be interpreted as an integer")
        big_ok = d.is_floating_point or d is _dtype.bool_
        if isinstance(data, int) and not big_ok and not -(2**63) <= data < 2**63:
            raise ValueError("Overflow when unpacking long long")
        return
    if not _is_sequence(data):
        raise TypeError("not a sequence")
    if len(data) != sizes[dim]:
        raise ValueError(f"expected sequence of length {sizes[dim]} at dim {dim} (got {len(data)})")
    for item in data:
        _store(item, sizes, dim + 1, d)


# The Python numbers torch writes into an integer dtype: ints from the first bound to the
# second, floats from the third up to the highest int. An unsigned type takes negative ints
# down to -max and wraps them, as torch does (tensor([-1], dtype=uint8) is 255).
_INTEGER_RANGES = {
    _dtype.uint8: (-255, 255, 0.0),
    _dtype.int8: (-(2**7), 2**7 - 1, -(2.0**7)),
    _dtype.int16: (-(2**15), 2**15 - 1, -(2.0**15)),
    _dtype.int32: (-(2**31), 2**31 - 1, -(2.0**31)),
    _dtype.int64: (-(2**63), 2**63 - 1, -(2.0**63)),
}


def _fit(array: np.ndarray, d) -> np.ndarray:
    """`array`, made from Python numbers, cast to `d` after torch's overflow check."""
    if d.is_floating_point or d is _dtype.bool_ or array.dtype == d.np:
        return array.astype(d.np, copy=False)
    if array.size:
        low_int, high_int, low_float = _INTEGER_RANGES[d]
        low, high = array.min(), array.max()
        if array.dtype.kind == "f":  # 2**63 - 1 is no float: int64 takes floats below 2**63
            below = high < 2.0**63 if d is _dtype.int64 else high <= high_int
            fits = low_float <= low and below
        else:
            fits = low_int <= low and high <= high_int
        if not fits:  # nan fits nowhere
            raise RuntimeError(f"value cannot be converted to type {d.name} without overflow")
    return array.astype(d.np)


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


_COPY_CONSTRUCT = (
    "To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() "
    "or sourceTensor.detach().clone().requires_grad_(True), rather than {}."
)


def tensor(data, *, dtype=None, device=None, requires_grad: bool = False, pin_memory=False):
    """A new tensor holding a copy of `data` (numbers, nested lists, arrays, tensors)."""
    dtype = _dtype.parse(dtype, "tensor")
    if isinstance(data, Tensor):  # torch warns for any tensor, whether it requires grad or not
        warn(_COPY_CONSTRUCT.format("torch.tensor(sourceTensor)"))
    return _copy(data, dtype, device, requires_grad)


def _copy(data, dtype, device, requires_grad: bool) -> Tensor:
    """tensor(data) without the warning: a copy of data, of `dtype` (None: inferred)."""
    if isinstance(data, Tensor):
        device = data._device if device is None else device
        data = data.cpu()
    array = np.array(_infer_array(data, dtype), copy=True)
    return _finish(array, dtype, requires_grad, device)


def as_tensor(data, dtype=None, device=None) -> Tensor:
    """Like tensor(), but shares memory with a NumPy array or tensor when the dtype allows."""
    dtype = _dtype.parse(dtype, "as_tensor")
    if isinstance(data, Tensor):
        return data.to(device=device, dtype=dtype)
    return _finish(_infer_array(data, dtype), dtype, False, device)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with `array`: changes to one show in the other."""
    if not isinstance(array, np.ndarray):
        raise TypeError(f"expected np.ndarray (got {type(array).__name__})")
    _dtype.from_numpy_dtype(array.dtype)
    return _wrap(array)


# --- new tensors of a given size ----------------------------------------------------------------


def _memory_bytes() -> int:
    """What one allocation may take: the machine's memory and swap, as Linux's overcommit
    heuristic allows (no limit where the platform does not say)."""
    try:
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (AttributeError, ValueError, OSError):
        return 2**63 - 1
    try:
        with open("/proc/meminfo") as meminfo:
            for line in meminfo:
                if line.startswith("SwapTotal:"):
                    total += int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return total


_MEMORY_BYTES = _memory_bytes()


def check_new_shape(shape: tuple, itemsize: int, negative: str | None = None) -> None:
    """Refuse a new tensor of negative size, or of more bytes than memory can hold, before
    NumPy tries to allocate it (torch's RuntimeErrors)."""
    numel = 1
    for s in shape:
        if s < 0:
            raise RuntimeError(
                negative or f"Trying to create tensor with negative dimension {s}: {list(shape)}"
            )
        numel *= s
    if numel * itemsize > _MEMORY_BYTES:
        raise _too_big(shape, numel * itemsize)


def _too_big(shape: tuple, nbytes: int) -> RuntimeError:
    if nbytes >= 2**63:
        return RuntimeError(f"Storage size calculation overflowed with sizes={list(shape)}")
    return RuntimeError(
        f"DefaultCPUAllocator: can't allocate memory: you tried to allocate {nbytes} bytes, "
        "more than this machine's memory"
    )


def allocate(fill, shape: tuple, np_dtype, *args) -> np.ndarray:
    """fill(shape, *args, dtype) after the size checks; NumPy's MemoryError in torch's words."""
    check_new_shape(shape, np_dtype.itemsize)
    try:
        return fill(shape, *args, dtype=np_dtype)
    except MemoryError:
        raise _too_big(shape, math.prod(shape) * np_dtype.itemsize) from None


def _factory(fill, name: str, negative: str | None = None):
    size_argument = SizeArgument(name)

    def make(
        *size,
        out=None,
        dtype=None,
        layout=None,
        device=None,
        requires_grad=False,
        pin_memory=False,
        **keywords,
    ):
        shape = _size_from(size, keywords, size_argument) if keywords else size_argument(size)
        d = _dtype.get_default_dtype() if dtype is None else _dtype.parse(dtype, name)
        check_new_shape(shape, d.itemsize, negative)
        try:
            array = fill(shape, dtype=d.np)
        except MemoryError:
            raise _too_big(shape, math.prod(shape) * d.itemsize) from None
        return _finish(array, None, requires_grad, device)

    make.__name__ = name
    return make


def _size_from(args: tuple, keywords: dict, size_argument: SizeArgument) -> tuple:
    """The size given positionally, zeros(2, 3), or by keyword, zeros(size=(2, 3))."""
    if not keywords:
        return size_argument(args)
    fn = size_argument.fn
    if set(keywords) != {"size"}:
        unknown = next(k for k in keywords if k != "size")
        raise TypeError(f"{fn}() got an unexpected keyword argument '{unknown}'")
    if args:
        raise TypeError(f"{fn}() got multiple values for argument 'size'")
    return size_argument((keywords["size"],), keyword=True)


zeros = _factory(np.zeros, "zeros", "zeros: Dimension size must be non-negative.")
ones = _factory(np.ones, "ones")
empty = _factory(np.empty, "empty")
zeros.__doc__ = "A tensor of zeros: `zeros(2, 3)` or `zeros((2, 3))`."
ones.__doc__ = "A tensor of ones: `ones(2, 3)` or `ones((2, 3))`."
empty.__doc__ = "An uninitialised tensor: its values are whatever the memory held."

_FULL_SIZE = SizeArgument("full", sequence_only=True)
_FILL_TYPE_NAMES = {"uint8": "uint8_t", "int32": "int", "int64": "int64_t", "float32": "float",
                    "int8": "int8_t", "int16": "int16_t", "float16": "c10::Half"}  # fmt: skip


def full(size, fill_value, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    """A tensor of `fill_value`; its dtype follows the value (int -> int64, float -> default)."""
    shape = _FULL_SIZE((size,))
    fill_value = _python_number(fill_value, "full")
    _check_number(fill_value, "full")
    d = _dtype.parse(dtype, "full") or _dtype.scalar_dtype(fill_value)
    values = allocate(np.full, shape, d.np, _fill_value(fill_value, d))
    return _finish(values, None, requires_grad, device)


def _python_number(value, fn: str):
    """A NumPy scalar or a 0-d tensor as the Python number torch's parser reads from it (a
    NumPy bool as a float, as torch's does); anything else as it is."""
    if isinstance(value, np.bool_):
        return float(value)
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Tensor):
        if value._array.ndim or value._requires_grad:  # not one number, or one with a history
            raise TypeError(
                f"{fn}(): argument 'fill_value' (position 2) must be Number, not Tensor"
            )
        return value.item()
    return value


_FLOAT_MAX = {_dtype.float32: float(np.finfo(np.float32).max), _dtype.float16: 65504.0}


def _fill_value(value, d):
    """`value` as one number of dtype `d`, after torch's overflow check for fills."""
    if isinstance(value, Tensor):
        value = value.item()
    if d.is_floating_point and isinstance(value, (int, float, np.integer, np.floating)):
        if abs(value) > _FLOAT_MAX.get(d, math.inf) and math.isfinite(value):
            name = _FILL_TYPE_NAMES[d.name]
            raise RuntimeError(f"value cannot be converted to type {name} without overflow")
        return value
    array = np.array(value)
    try:
        return _fit(array, d)
    except RuntimeError:
        name = _FILL_TYPE_NAMES.get(d.name, d.name)
        raise RuntimeError(f"value cannot be converted to type {name} without overflow") from None


def refused_fill_value(fn: str, args: tuple, names: tuple) -> TypeError:
    """torch's error when the value, the last of `args` (named `names`), is neither a Tensor
    nor a Number (fill_, masked_fill); the arguments before it are tensors."""
    marked = ", ".join([*map(type_name, args[:-1]), f"!{type_name(args[-1])}!"])
    why = f"didn't match because some of the arguments have invalid types: ({marked})"
    before = "".join(f"Tensor {name}, " for name in names[:-1])
    signatures = (f"({before}{kind} {names[-1]})\n      {why}" for kind in ("Tensor", "Number"))
    return invalid_combination(fn, args, tuple(signatures))


def _check_number(value, fn: str) -> None:
    """torch's refusal of a fill value that is no number (None would become nan)."""
    if not _is_number(value) and not isinstance(value, complex):
        raise TypeError(
            f"{fn}(): argument 'fill_value' (position 2) must be Number, not {type_name(value)}"
        )


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
    _check_number(fill_value, "full_like")
    d = dtype or input.dtype
    where = input._device if device is None else device
    return full(input._array.shape, fill_value, dtype=d, device=where, requires_grad=requires_grad)


def _new_factory(maker, name: str):
    """Tensor.new_zeros and its kin: `maker`'s tensor, with this tensor's dtype and device."""
    size_argument = SizeArgument(name)

    def make_new(self, *size, dtype=None, device=None, requires_grad=False, **keywords):
        shape = _size_from(size, keywords, size_argument)
        return maker(
            shape,
            dtype=_dtype.parse(dtype, name) or self.dtype,
            device=self._device if device is None else device,
            requires_grad=requires_grad,
        )

    make_new.__name__ = name
    make_new.__doc__ = f"A `{maker.__name__}` tensor, of this tensor's dtype and device."
    return make_new


new_zeros = _new_factory(zeros, "new_zeros")
new_ones = _new_factory(ones, "new_ones")
new_empty = _new_factory(empty, "new_empty")
_NEW_FULL_SIZE = SizeArgument("new_full", sequence_only=True)


def new_full(self, size, fill_value, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    """A new tensor of `fill_value`, of this tensor's dtype and device unless told otherwise."""
    _check_number(fill_value, "new_full")
    return full(
        _NEW_FULL_SIZE((size,)),
        fill_value,
        dtype=_dtype.parse(dtype, "new_full") or self.dtype,
        device=self._device if device is None else device,
        requires_grad=requires_grad,
    )


def arange(start, end=None, step=1, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    """Values from `start` up to (not including) `end`; int64 if all arguments are integers."""
    if end is None:
        start, end = 0, start
    start, end, step = (x.item() if isinstance(x, Tensor) else x for x in (start, end, step))
    integral = all(isinstance(x, int) for x in (start, end, step))
    d = _dtype.parse(dtype, "arange") or (_dtype.int64 if integral else _dtype.get_default_dtype())
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
    check_new_shape((n,), d.itemsize)
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


def tril_indices(row: int, col: int, offset: int = 0, *, dtype=None, device=None, layout=None):
    """The (row, column) coordinates of a row x col matrix's lower triangle, as a 2 x n
    tensor in row-major order; offset > 0 takes diagonals above the main one too."""
    return _triangle_indices("tril_indices", np.tril_indices, row, col, offset, dtype, device)


def triu_indices(row: int, col: int, offset: int = 0, *, dtype=None, device=None, layout=None):
    """The (row, column) coordinates of a row x col matrix's upper triangle (see tril_indices)."""
    return _triangle_indices("triu_indices", np.triu_indices, row, col, offset, dtype, device)


def _triangle_indices(fn: str, numpy_fn, row, col, offset, dtype, device) -> Tensor:
    row, col = parse_int(row, fn, "row", 1), parse_int(col, fn, "col", 2)
    offset = parse_int(offset, fn, "offset", 3)
    d = _dtype.parse(dtype, fn) or _dtype.int64
    for name, n in (("row", row), ("col", col)):
        if n < 0:
            raise RuntimeError(f"{name} must be non-negative, got{n}")
    if d.is_floating_point or d is _dtype.bool_:
        raise NotImplementedError(f'"{fn}" not implemented for \'{d._torch_name}\'')
    rows, cols = numpy_fn(row, offset, col)
    return _finish(np.stack([rows, cols]).astype(d.np), None, False, device)


_LINSPACE = ("(Number start, Number end, int steps, *, torch.dtype dtype = None, ...)",)


def linspace(start, end, steps, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    """`steps` evenly spaced values from `start` to `end`, both included.

    Like torch, the first half is counted up from `start` and the second half down from
    `end`, so both ends are exact.
    """
    if as_int(steps) is None:
        raise invalid_combination("linspace", (start, end, steps), _LINSPACE)
    steps = parse_int(steps, "linspace", "steps", 3)
    start, end = (x.item() if isinstance(x, Tensor) else x for x in (start, end))
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    d = _dtype.parse(dtype, "linspace") or _dtype.get_default_dtype()
    check_new_shape((steps,), d.itemsize)
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


_EYE_SIGNATURES = ("(int n, *, torch.dtype dtype = None, ...)", "(int n, int m, *, ...)")


def eye(n: int, m: int | None = None, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    """The identity matrix, n x m."""
    n = parse_int(n, "eye", "n", 1)
    if m is None:
        m = n
    elif as_int(m) is None:
        raise invalid_combination("eye", (n, m), _EYE_SIGNATURES)
    else:
        m = parse_int(m, "eye", "m", 2)
    for name, value in (("n", n), ("m", m)):
        if value < 0:
            raise RuntimeError(f"{name} must be greater or equal to 0, got {value}")
    d = _dtype.parse(dtype, "eye") or _dtype.get_default_dtype()
    values = allocate(lambda shape, dtype: np.eye(*shape, dtype=dtype), (n, m), d.np)
    return _finish(values, None, requires_grad, device)


_LEGACY_SIZE = SizeArgument("new")


def _legacy_array(args, d) -> np.ndarray:
    """`Tensor(2, 3)` is an uninitialised 2x3 tensor; `Tensor([1, 2])` holds those values."""
    if not args:
        return np.empty((0,), dtype=d.np)
    if isinstance(args[0], int) and not isinstance(args[0], bool):
        return allocate(np.zeros, _LEGACY_SIZE(args), d.np)
    if len(args) == 1:
        return np.array(_infer_array(args[0]), dtype=d.np)
    raise TypeError(f"new() received an invalid combination of arguments: {args!r}")


_NEW_SIGNATURES = (
    "(*, torch.device device = None)",
    "(torch.Storage storage)",
    "(Tensor other)",
    "(tuple of ints size, *, torch.device device = None)",
    "(object data, *, torch.device device = None)",
)


def new(self, *args, device=None, **kwargs):
    """The legacy `x.new(...)`: a tensor of x's dtype and device, uninitialised for sizes
    (`x.new(2, 3)`, `x.new(torch.Size([2]))`), holding `data` for a sequence
    (`x.new([1, 2])`), empty for no arguments. New code says new_empty / new_tensor."""
    size = kwargs.pop("size", None)
    if kwargs or (size is not None and args) or (len(args) > 1 and not _is_int(args[0])):
        raise invalid_combination("new", args, _NEW_SIGNATURES, **kwargs)
    if device is not None and tensor_device(device).type != self._device.type:
        raise RuntimeError(
            f"legacy constructor expects device type: {self._device.type} but device type: "
            f"{tensor_device(device).type} was passed"
        )
    d = self.dtype
    if size is not None or (args and (_is_int(args[0]) or isinstance(args[0], Size))):
        values = allocate(np.zeros, _LEGACY_SIZE(args or (size,)), d.np)
    elif not args:
        values = np.empty((0,), dtype=d.np)
    elif isinstance(args[0], Tensor):
        other = args[0]
        if other.dtype != d or other.device != self._device:
            raise TypeError(f"expected {_options(self)} (got {_options(other)})")
        return other[...]  # torch's alias of `other`
    elif isinstance(args[0], str):
        raise TypeError(f"new(): invalid data type '{type(args[0]).__name__}'")
    elif not isinstance(args[0], (list, tuple, np.ndarray)):
        raise TypeError(f"new(): data must be a sequence (got {type_name(args[0])})")
    else:
        values = np.array(_infer_array(args[0]), dtype=d.np)
    out = _wrap(values)
    return out if self._device is CPU else out.to(self._device)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _options(t: Tensor) -> str:
    """A tensor's options as torch's C++ prints them in new()'s dtype error."""
    return (
        f"TensorOptions(dtype={t.dtype._c_name}, device={t.device}, layout=Strided, "
        "requires_grad=false (default), pinned_memory=false (default), "
        "memory_format=(nullopt))"
    )


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
HalfTensor = _typed_constructor(_dtype.float16, "HalfTensor")
CharTensor = _typed_constructor(_dtype.int8, "CharTensor")
ShortTensor = _typed_constructor(_dtype.int16, "ShortTensor")


_LOGSPACE = (
    "(Tensor start, Tensor end, int steps, float base = 10.0, *, ...)",
    "(Number start, Number end, int steps, float base = 10.0, *, ...)",
)


def logspace(
    start, end, steps, base=10.0, *, dtype=None, layout=None, device=None, requires_grad=False
) -> Tensor:
    """`steps` powers of `base`, their exponents evenly spaced from `start` to `end`.

    Computed in double (the exponents counted up from `start` for the first half and down
    from `end` for the second, as torch) and rounded once to the dtype.
    """
    if as_int(steps) is None:
        raise invalid_combination("logspace", (start, end, steps), _LOGSPACE)
    steps = parse_int(steps, "logspace", "steps", 3)
    if steps < 0:
        raise RuntimeError("number of steps must be non-negative")
    start, end = (float(x.item() if isinstance(x, Tensor) else x) for x in (start, end))
    d = _dtype.parse(dtype, "logspace") or _dtype.get_default_dtype()
    check_new_shape((steps,), d.itemsize)
    i = np.arange(steps)
    step = (end - start) / (steps - 1) if steps > 1 else 0.0
    from_start = (i < steps // 2) | (steps == 1)
    exponents = np.where(from_start, start + step * i, end - step * (steps - 1 - i))
    with np.errstate(over="ignore"):
        values = np.power(float(base), exponents)
    return _finish(values.astype(d.np), None, requires_grad, device)


def range_(start, end, step=1, *, dtype=None, layout=None, device=None, requires_grad=False):
    """torch.range (deprecated): from `start` to `end` INCLUDED, in the default float dtype
    even for integer bounds. torch.arange, which stops before `end`, replaces it."""
    warn(
        "torch.range is deprecated and will be removed in a future release because its "
        "behavior is inconsistent with Python's range builtin. Instead, use torch.arange, "
        "which produces values in [start, end)."
    )
    start, end, step = (x.item() if isinstance(x, Tensor) else x for x in (start, end, step))
    d = _dtype.parse(dtype, "range") or _dtype.get_default_dtype()
    if step == 0:
        raise RuntimeError("step must be nonzero")
    if not all(math.isfinite(x) for x in (start, end)):
        raise RuntimeError(f"unsupported range: {start} -> {end}")
    if (end - start) * step < 0:
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    n = math.floor((end - start) / step) + 1
    check_new_shape((n,), d.itemsize)
    values = float(start) + np.arange(n, dtype=np.float64) * float(step)
    return _finish(values.astype(d.np), None, requires_grad, device)


def new_tensor(self, data, *, dtype=None, device=None, requires_grad=False) -> Tensor:
    """A tensor holding a copy of `data`, of this tensor's dtype and device unless told
    otherwise. Copying a tensor this way warns, as torch: detach().clone() says it better."""
    if isinstance(data, Tensor):
        warn(_COPY_CONSTRUCT.format("tensor.new_tensor(sourceTensor)"))
        data = data.detach()
    return _copy(
        data,
        _dtype.parse(dtype, "new_tensor") or self.dtype,
        self._device if device is None else device,
        requires_grad,
    )
