"""Data types and PyTorch's type-promotion rules.

A cybenko dtype names a NumPy dtype; every tensor's array has exactly that NumPy dtype, so an
op can trust `array.dtype`. Promotion follows torch, which differs from NumPy in two ways:
integers meet floats in the float's width (int64 + float32 -> float32), and zero-dimensional
tensors and Python numbers only change the result when they are of a higher category
(bool < integer < floating).
"""

from __future__ import annotations

import numpy as np


class dtype:
    """A tensor element type, printed as torch prints it (`torch.float32`)."""

    __slots__ = (
        "name",
        "np",
        "is_floating_point",
        "is_signed",
        "itemsize",
        "_torch_name",
        "_c_name",
    )

    def __init__(self, name: str, np_dtype, torch_name: str, c_name: str):
        self.name = name
        self.np = np.dtype(np_dtype)
        self.is_floating_point = self.np.kind == "f"
        self.is_signed = self.np.kind in "fi"
        self.itemsize = self.np.itemsize
        self._torch_name = torch_name  # the name in torch's C++ messages: Float, Long, ...
        self._c_name = c_name  # the C type some messages name instead: float, long int, ...

    def __repr__(self) -> str:
        return f"torch.{self.name}"

    def __reduce__(self):
        return self.name

    @property
    def is_complex(self) -> bool:
        return False


float32 = dtype("float32", np.float32, "Float", "float")
float64 = dtype("float64", np.float64, "Double", "double")
int64 = dtype("int64", np.int64, "Long", "long int")
int32 = dtype("int32", np.int32, "Int", "int")
uint8 = dtype("uint8", np.uint8, "Byte", "unsigned char")
bool_ = dtype("bool", np.bool_, "Bool", "bool")
float16 = dtype("float16", np.float16, "Half", "c10::Half")
int16 = dtype("int16", np.int16, "Short", "short int")
int8 = dtype("int8", np.int8, "Char", "signed char")

ALL = (float32, float64, int64, int32, uint8, bool_, float16, int16, int8)
_BY_NUMPY = {d.np: d for d in ALL}


class _Unsupported(dtype):
    """A torch dtype NumPy cannot hold (bfloat16): it prints and compares as torch's, and
    finfo knows it, but making or casting a tensor to it raises a TypeError that says so."""

    __slots__ = ()

    def __init__(self, name: str, itemsize: int, torch_name: str):
        self.name = name
        self.np = None
        self.is_floating_point = True
        self.is_signed = True
        self.itemsize = itemsize
        self._torch_name = torch_name
        self._c_name = f"c10::{torch_name}"

    def refuse(self) -> TypeError:
        return TypeError(
            f"cybenko has no {self!r}: NumPy has no {self.name} type. Use torch.float16 "
            "(half) for 16-bit floats, or torch.float32."
        )


bfloat16 = _Unsupported("bfloat16", 2, "BFloat16")

_default_float = float32


def from_numpy_dtype(np_dtype) -> dtype:
    """The cybenko dtype of a NumPy dtype, or a TypeError naming the supported ones."""
    found = _BY_NUMPY.get(np.dtype(np_dtype))
    if found is None:
        raise TypeError(
            f"can't convert np.ndarray of type numpy.{np.dtype(np_dtype).name}. The only "
            "supported types are: float64, float32, float16, int64, int32, int16, int8, uint8, "
            "and bool."
        )
    return found


def from_type_name(name: str) -> tuple[dtype, bool]:
    """The dtype of a legacy type name ("torch.HalfTensor", "torch.cuda.FloatTensor" or the
    bare "HalfTensor" of a legacy constructor) and whether it names a cuda type."""
    bare = name.removeprefix("torch.")
    cuda = bare.startswith("cuda.")
    bare = bare.removeprefix("cuda.")
    for d in (*ALL, bfloat16):
        if bare == f"{d._torch_name}Tensor":
            return d, cuda
    raise ValueError(f"invalid type: '{name}'")


_PYTHON_TYPES = {float: float64, int: int64, bool: bool_}


def parse(d, fn: str) -> dtype | None:
    """A `dtype=` argument: a dtype, None, or Python's float, int or bool, as torch takes them."""
    if d is None or type(d) is dtype:
        return d
    if type(d) is _Unsupported:
        raise d.refuse()
    found = _PYTHON_TYPES.get(d) if isinstance(d, type) else None
    if found is None:
        raise TypeError(f"{fn}(): argument 'dtype' must be torch.dtype, not {type(d).__name__}")
    return found


def get_default_dtype() -> dtype:
    """The dtype of floating tensors made from Python floats (float32 unless changed)."""
    return _default_float


def set_default_dtype(d: dtype) -> None:
    """Make `d` (float32, float64 or float16) the default floating dtype, as
    torch.set_default_dtype."""
    global _default_float
    if type(d) is _Unsupported:
        raise d.refuse()
    if d not in (float32, float64, float16):
        raise TypeError(f"only floating-point types are supported as the default type, got {d}")
    _default_float = d


def promote_types(a: dtype, b: dtype) -> dtype:
    """The smallest dtype both can be cast to, by torch's table."""
    for d in (a, b):
        if type(d) is _Unsupported:
            raise d.refuse()
    if a is b:
        return a
    if a.is_floating_point or b.is_floating_point:
        if a.is_floating_point and b.is_floating_point:
            return a if a.itemsize >= b.itemsize else b
        return a if a.is_floating_point else b
    return _BY_NUMPY[np.promote_types(a.np, b.np)]


def can_cast(source: dtype, target: dtype) -> bool:
    """Whether an in-place op may write `source` values into `target` (torch's rule: never
    down a category, bool < integer < floating)."""
    return _category(source) <= _category(target)


def _category(d: dtype) -> int:
    return 2 if d.is_floating_point else (0 if d is bool_ else 1)


def scalar_dtype(value) -> dtype:
    """The dtype a Python number takes when it meets a tensor."""
    if isinstance(value, bool):
        return bool_
    if isinstance(value, int):
        return int64
    if isinstance(value, float):
        return _default_float
    raise TypeError(f"unsupported scalar type {type(value).__name__}")


def result_type(*operands) -> dtype:
    """torch.result_type over tensors and Python numbers.

    Three tiers, each promoted on its own: tensors with dimensions, zero-dimensional tensors,
    and Python numbers. A lower tier only counts when its category is higher.
    """
    tiers: list[dtype | None] = [None, None, None]
    for x in operands:
        if hasattr(x, "_array"):
            d, tier = x.dtype, (0 if x._array.ndim else 1)
        else:
            d, tier = scalar_dtype(x), 2
        tiers[tier] = d if tiers[tier] is None else promote_types(tiers[tier], d)
    dims, zeros, numbers = tiers
    return _combine(dims, _combine(zeros, numbers))


def _combine(higher: dtype | None, lower: dtype | None) -> dtype | None:
    if higher is None:
        return lower
    if lower is None or higher.is_floating_point:
        return higher
    if higher is bool_ or lower.is_floating_point:
        return promote_types(higher, lower)
    return higher
