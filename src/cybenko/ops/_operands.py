"""Bringing the operands of an op to a common dtype and shape, with torch's errors."""

from __future__ import annotations

import numpy as np

from .. import _device, _dtype
from .._size import type_name
from .._tensor import Tensor, _wrap


def require_tensors(fn: str, **arguments) -> None:
    """torch's argument parser refusing an argument that is no tensor (a number, a list, a
    NumPy array): `arguments` by name, in the function's signature order."""
    for position, (name, value) in enumerate(arguments.items(), 1):
        if not isinstance(value, Tensor):
            raise TypeError(
                f"{fn}(): argument '{name}' (position {position}) must be Tensor, not "
                f"{type_name(value)}"
            )


def broadcast_shape(*shapes) -> tuple:
    """The shape operands broadcast to, or torch's error naming the dimension that clashes."""
    if len(shapes) == 2:
        a, b = shapes
        if len(a) < len(b):
            a = (1,) * (len(b) - len(a)) + a
        elif len(b) < len(a):
            b = (1,) * (len(a) - len(b)) + b
        out = tuple(m if n == 1 else n for m, n in zip(a, b))  # noqa: B905 - padded equal
        if all(m == n or m == 1 or n == 1 for m, n in zip(a, b)):  # noqa: B905
            return out
    ndim = max(len(s) for s in shapes)
    out = []
    for i in range(-1, -ndim - 1, -1):  # torch compares from the last dimension
        size = 1
        for k, s in enumerate(shapes):
            n = s[i] if -len(s) <= i else 1
            if n != 1:
                if size != 1 and n != size:
                    raise RuntimeError(
                        f"The size of tensor a ({size}) must match the size of tensor "
                        f"{'b' if k else 'a'} ({n}) at non-singleton dimension {i + ndim}"
                    )
                size = n
        out.append(size)
    return tuple(reversed(out))


def cast(x, d: _dtype.dtype):
    """`x` in dtype `d`: a differentiable cast for a tensor, a wrapped value for a number."""
    if isinstance(x, Tensor):
        return x if x._array.dtype == d.np else x.to(d)
    if d.is_floating_point:
        return float(x)
    return np.array(x).astype(d.np)[()]  # wraps like torch (uint8 + 300)


_NUMBERS = (int, float)


def can_cast(from_, to) -> bool:
    """Whether torch's casting rules allow `from_` into `to` in an in-place op: no float to
    an integer, and nothing but bool to bool."""
    for position, (name, d) in enumerate((("from_", from_), ("to", to)), 1):
        if type(d) is not _dtype.dtype:
            raise TypeError(
                f"can_cast(): argument '{name}' (position {position}) must be torch.dtype, "
                f"not {type(d).__name__}"
            )
    if from_.is_floating_point and not to.is_floating_point:
        return False
    return not (to is _dtype.bool_ and from_ is not _dtype.bool_)


def scalar_tensor(s, *, dtype=None, device=None, requires_grad=False, **_layout):
    """The number `s` as a 0-d tensor, of the default float dtype unless `dtype` says."""
    if not isinstance(s, (int, float, np.number, np.bool_)):
        raise TypeError(
            f"scalar_tensor(): argument 's' (position 1) must be Number, not {type(s).__name__}"
        )
    from .creation import tensor

    d = _dtype.parse(dtype, "scalar_tensor") or _dtype.get_default_dtype()
    return tensor(s, dtype=d, device=device, requires_grad=requires_grad)


def _operand(x):
    """NumPy arrays join as tensors, NumPy scalars as Python numbers."""
    if isinstance(x, np.ndarray):
        _dtype.from_numpy_dtype(x.dtype)
        return _wrap(x)
    if isinstance(x, np.generic):
        return x.item()
    return x


def common(a, b):
    """Cast a pair of operands (tensors or Python numbers) to their promoted dtype."""
    a_is, b_is = isinstance(a, Tensor), isinstance(b, Tensor)
    # Fast path: a float tensor meets a Python number, which takes the tensor's dtype.
    if a_is and type(b) in _NUMBERS and a._array.dtype.kind == "f":
        return a, b
    if b_is and type(a) in _NUMBERS and b._array.dtype.kind == "f":
        return a, b
    if not (a_is and b_is):
        a, b = _operand(a), _operand(b)
        a_is, b_is = isinstance(a, Tensor), isinstance(b, Tensor)
    if a_is and b_is:
        if a._array.dtype == b._array.dtype:
            return a, b  # shapes are checked where NumPy broadcasts (Function.apply)
        broadcast_shape(a._array.shape, b._array.shape)
    elif a_is and not isinstance(b, (int, float)):
        raise TypeError(f"unsupported operand type: {type(b).__name__}")
    elif b_is and not isinstance(a, (int, float)):
        raise TypeError(f"unsupported operand type: {type(a).__name__}")
    d = _dtype.result_type(a, b)
    return cast(a, d), cast(b, d)


def common_rounding_scalar(a, b):
    """common(a, b) for add, sub, pow, fmod and remainder, where torch rounds a Python number
    meeting a float16 tensor to float16 before computing in float32 (mul and div keep it in
    float32 instead)."""
    a, b = common(a, b)
    if type(a) in _NUMBERS:
        return half_scalar(a, b), b
    if type(b) in _NUMBERS:
        return a, half_scalar(b, a)
    return a, b


def half_scalar(x, other):
    """`x`, a number meeting the tensor `other`, rounded to float16 if that is its dtype."""
    if type(x) in _NUMBERS and isinstance(other, Tensor) and other._array.dtype == np.float16:
        return float(np.float16(x))
    return x


def broadcast_error(error: ValueError, arrays) -> Exception:
    """NumPy's broadcasting ValueError, restated as torch's RuntimeError."""
    if "broadcast" not in str(error):
        return error
    shapes = [a.shape for a in arrays if isinstance(a, np.ndarray)]
    try:
        broadcast_shape(*shapes)
    except RuntimeError as torch_error:
        return torch_error
    return error


def to_float(x: Tensor) -> Tensor:
    """Integer and bool tensors become the default float dtype, as torch's float ops do."""
    return x if x._array.dtype.kind == "f" else x.to(_dtype.get_default_dtype())


def sign_of(a: np.ndarray) -> np.ndarray:
    """-1, 0 or 1, and 0 for nan as in torch (NumPy's sign of nan is nan): sign's values, and
    the factor of |x|'s and the norms' gradients."""
    if a.dtype.kind != "f":
        return np.sign(a)
    return np.where(np.isnan(a), a.dtype.type(0), np.sign(a))


_SAME_WIDTH_INT = {2: np.int16, 4: np.int32, 8: np.int64}


def keep_where(values: np.ndarray, mask: np.ndarray, out=None) -> np.ndarray:
    """`values` where `mask` holds, else +0: np.where(mask, values, 0), exactly (inf and nan
    kept where the mask holds), into `out` if given. Computed as the product of values'
    bits, read as integers, with the mask's 0 or 1, in one pass: a float product would make
    inf * 0 NaN and -1 * 0 -0, and np.where branches per element, ten times slower on the
    random masks that relu and friends produce."""
    bits = _SAME_WIDTH_INT[values.itemsize]
    into = None if out is None else out.view(bits)
    return np.multiply(values.view(bits), mask, out=into).view(values.dtype)


def keep_where_nonzero(values: np.ndarray, reference: np.ndarray, out=None) -> np.ndarray:
    """`values` where `reference` is neither +0 nor -0 (NaN counts as nonzero), else 0:
    relu's backward on its output. With `out` (of values' shape and dtype, apart from
    values), the 0-or-1 mask is made in out itself, as integers: two passes and no
    temporary."""
    if out is None or values.shape != reference.shape:
        return keep_where(values, reference != 0)
    mask = out.view(_SAME_WIDTH_INT[values.itemsize])
    np.not_equal(reference, 0, out=mask)
    np.multiply(values.view(mask.dtype), mask, out=mask)
    return out


# NumPy runs maximum's vector loop only when both operands are arrays: against a float32
# scalar its loop goes element by element, two to three times slower (float64 and the
# integers gain nothing). So float32 is compared with a cached array of zeros, a chunk at
# a time; the chunk stays in the cache.
_ZERO_CHUNK = 1 << 17
_float32_zeros = np.zeros(_ZERO_CHUNK, np.float32)
_float32_zeros.flags.writeable = False


def maximum_with_zero(out: np.ndarray, x: np.ndarray) -> np.ndarray:
    """torch's relu into `out`, bit for bit: +0 where x < 0, else x (-0 and NaN kept).
    NumPy's maximum returns its second operand on a tie, as torch's keeps its input, so
    the zeros come first."""
    contiguous = x.flags.c_contiguous and out.flags.c_contiguous and x.shape == out.shape
    if x.dtype != np.float32 or type(x) is not np.ndarray or not contiguous:
        return np.maximum(x.dtype.type(0), x, out=out)
    flat_x, flat_out, n = x.reshape(-1), out.reshape(-1), x.size
    for start in range(0, n, _ZERO_CHUNK):
        stop = min(start + _ZERO_CHUNK, n)
        np.maximum(_float32_zeros[: stop - start], flat_x[start:stop], out=flat_out[start:stop])
    return out


def wrap_result(array, *operands) -> Tensor:
    """The tensor of an op computed outside Function.apply (comparisons, argmax, ...) on
    `operands`: on their common device, checked as apply checks it."""
    if not _device.in_use:
        return _wrap(array)
    return _wrap(array, device=_device.common_device(operands))
