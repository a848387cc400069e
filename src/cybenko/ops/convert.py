"""Changing a tensor's dtype or device, and copying it: to(), float(), cpu(), cuda(),
clone(). (Writing into a tensor in place is ops/inplace.py.)"""

from __future__ import annotations

from .. import _device, _dtype
from .._device import move
from .._tensor import Tensor, _wrap
from ..autograd.function import Function


class ToCopy(Function):
    in_float32 = False  # a cast: float16 goes straight to the asked dtype
    # d to(a) = grad, moved back to a's memory (and cast back to a's dtype by the engine)
    @staticmethod
    def forward(ctx, a, np_dtype, source, target):
        ctx.source = source
        return move(a, target).astype(np_dtype)

    @staticmethod
    def backward(ctx, grad):
        return move(grad, ctx.source)


class Clone(Function):
    # d clone(a) = grad
    @staticmethod
    def forward(ctx, a):
        return a.copy()

    @staticmethod
    def backward(ctx, grad):
        return grad


def clone(input, *, memory_format=None):
    """A copy that stays in the graph (its gradient flows back to the original)."""
    return Clone.apply(input)


def _parse_to(args, kwargs):
    """to(dtype), to(device), to(device, dtype), to(tensor), each maybe followed by
    non_blocking and copy: (the device asked for or None, the dtype or None, copy)."""
    device, dtype = kwargs.get("device"), kwargs.get("dtype")
    flags = []  # positional non_blocking, copy
    for a in args:
        if a is None:
            continue
        if isinstance(a, bool):
            flags.append(a)
        elif isinstance(a, (_dtype.dtype, type)):  # also float, int, bool, as torch takes them
            dtype = _dtype.parse(a, "to")
        elif isinstance(a, Tensor):
            device, dtype = a._device, a.dtype
        elif isinstance(a, (str, int, _device.device)):
            device = a
        else:
            raise TypeError(f"to() received an invalid combination of arguments: {a!r}")
    copy = kwargs.get("copy", flags[1] if len(flags) > 1 else False)
    return (None if device is None else _device.tensor_device(device)), dtype, copy


def to(input, *args, **kwargs):
    """This tensor on another device and/or of another dtype: `x.to("cuda:0")`,
    `x.to(torch.float64)`, `x.to("cuda", torch.float64)`, `x.to(other)`. Returns the
    tensor itself when nothing changes (unless copy=True); otherwise a copy whose gradient
    flows back to this tensor's device and dtype."""
    device, dtype, copy = _parse_to(args, kwargs)
    device = input._device if device is None else device
    np_dtype = input._array.dtype if dtype is None else dtype.np
    if device is input._device and np_dtype == input._array.dtype and not copy:
        return input
    if np_dtype.kind != "f":  # integers and bools carry no gradient
        moved = _wrap(_device.move(input._array, device).astype(np_dtype), device=device)
        return moved
    return ToCopy.apply(input, np_dtype=np_dtype, source=input._device, target=device)


def _caster(d):
    def cast(input, memory_format=None):
        return to(input, d)

    return cast


float_ = _caster(_dtype.float32)
double = _caster(_dtype.float64)
long = _caster(_dtype.int64)
int_ = _caster(_dtype.int32)
bool_ = _caster(_dtype.bool_)
byte = _caster(_dtype.uint8)
half = _caster(_dtype.float16)
char = _caster(_dtype.int8)
short = _caster(_dtype.int16)
bfloat16 = _caster(_dtype.bfloat16)  # refused with a TypeError: NumPy has no bfloat16


def type_as(input, other):
    return to(input, other.dtype)


def cpu(input, memory_format=None):
    """This tensor in CPU memory (itself when it is there already)."""
    return to(input, _device.CPU)


def cuda(input, device=None, non_blocking=False, memory_format=None):
    """This tensor on the GPU `device` (the current one, cuda:0, by default)."""
    return to(input, "cuda" if device is None else device)
