"""torch.finfo and torch.iinfo: the limits of a float or integer dtype, as Python numbers.

>>> import cybenko as torch
>>> torch.finfo(torch.float16).eps
0.0009765625
>>> torch.iinfo(torch.int8).min
-128
"""

from __future__ import annotations

import numpy as np

from . import _dtype

_FIELDS = ("bits", "eps", "max", "min", "tiny", "resolution")

# bfloat16 has no NumPy type; its limits are float32's exponent with an 8-bit significand.
_BFLOAT16 = dict(
    bits=16,
    eps=2.0**-7,
    max=(2 - 2.0**-7) * 2.0**127,
    min=-(2 - 2.0**-7) * 2.0**127,
    tiny=2.0**-126,
    resolution=0.01,
)


def _float_limits(d: _dtype.dtype) -> dict:
    if d is _dtype.bfloat16:
        return _BFLOAT16
    info = np.finfo(d.np)
    limits = {name: float(getattr(info, name)) for name in _FIELDS}
    limits["bits"] = info.bits
    limits["resolution"] = 10.0**-info.precision  # NumPy's is rounded to the dtype
    return limits


class finfo:  # noqa: N801 - torch's name
    """Machine limits of a floating dtype (the default dtype when none is given): bits, eps
    (the gap between 1 and the next number), max, min, tiny (= smallest_normal) and
    resolution (10 to the minus the decimal digits it holds)."""

    def __init__(self, type=None):  # noqa: A002 - torch's parameter name
        d = _dtype.get_default_dtype() if type is None else type
        if not isinstance(d, _dtype.dtype):
            raise TypeError(
                f"finfo(): argument 'type' (position 1) must be torch.dtype, not "
                f"{d.__class__.__name__}"
            )
        if not d.is_floating_point:
            raise TypeError(
                "torch.finfo() requires a floating point input type. Use torch.iinfo to "
                "handle 'torch.finfo'"
            )
        for name, value in _float_limits(d).items():
            setattr(self, name, value)
        self.smallest_normal = self.tiny
        self.dtype = d.name

    def __eq__(self, other) -> bool:
        return isinstance(other, finfo) and self.dtype == other.dtype

    def __hash__(self) -> int:
        return hash(("finfo", self.dtype))

    def __repr__(self) -> str:
        return (
            f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, "
            f"eps={self.eps:g}, smallest_normal={self.smallest_normal:g}, "
            f"tiny={self.tiny:g}, dtype={self.dtype})"
        )


class iinfo:  # noqa: N801 - torch's name
    """Machine limits of an integer dtype: bits, max and min."""

    def __init__(self, type):  # noqa: A002 - torch's parameter name
        if not isinstance(type, _dtype.dtype):
            raise TypeError(
                f"iinfo(): argument 'type' (position 1) must be torch.dtype, not "
                f"{type.__class__.__name__}"
            )
        if type is _dtype.bool_:
            raise TypeError("torch.bool is not supported by torch.iinfo")
        if type.is_floating_point:
            raise TypeError(
                "torch.iinfo() requires an integer input type. Use torch.finfo to handle "
                "'torch.iinfo'"
            )
        info = np.iinfo(type.np)
        self.bits, self.max, self.min = info.bits, int(info.max), int(info.min)
        self.dtype = type.name

    def __eq__(self, other) -> bool:
        return isinstance(other, iinfo) and self.dtype == other.dtype

    def __hash__(self) -> int:
        return hash(("iinfo", self.dtype))

    def __repr__(self) -> str:
        return f"iinfo(min={float(self.min):g}, max={float(self.max):g}, dtype={self.dtype})"
