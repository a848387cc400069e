"""Writing into a tensor: x[key] = v, fill_, zero_ and copy_.

Each change is either a plain write (nothing to record) or, when the graph follows the
tensor, an op recorded by `autograd.views.apply_inplace`: the tensor's old values go into
the op, and the tensor takes the op's node as its grad_fn. (The in-place arithmetic, x.add_(y)
and friends, runs the ordinary ops the same way: see _tensor_methods.py.)
"""

from __future__ import annotations

import numpy as np

from .. import _dtype
from .._size import type_name
from .._tensor import Tensor
from ..autograd import grad_mode, views
from ..autograd.function import Function
from ._operands import broadcast_shape
from .creation import _fill_value, refused_fill_value
from .shape import IndexPut, index_error, is_basic, to_numpy_index


class Fill(Function):
    # d fill(a, v) = 0 (to a: the old values no longer matter), sum of grad (to v, a 0-d tensor)
    @staticmethod
    def forward(ctx, a, value):
        return np.full_like(a, value)

    @staticmethod
    def backward(ctx, grad):
        return np.zeros_like(grad), (grad.sum() if ctx.needs_input_grad[1] else None)


class Zero(Function):
    # d zero(a) = 0
    @staticmethod
    def forward(ctx, a):
        return np.zeros_like(a)

    @staticmethod
    def backward(ctx, grad):
        return np.zeros_like(grad)


class Copy(Function):
    # d copy(a <- src) = 0 to a, grad (unbroadcast, cast back) to src
    @staticmethod
    def forward(ctx, a, src):
        ctx.src_dtype = src.dtype
        return np.broadcast_to(src, a.shape).astype(a.dtype)

    @staticmethod
    def backward(ctx, grad):  # cast before the engine sums over broadcast dims, as torch
        return np.zeros_like(grad), grad.astype(ctx.src_dtype, copy=False)


def setitem(self, key, value) -> None:
    """self[key] = value, with torch's rules for tensors in the graph."""
    value = _assigned(self, value)
    if _fills_byte_mask(key, value):  # torch writes one value through a lone mask this way
        raise RuntimeError(
            "masked_fill_ only supports boolean masks, but got mask with dtype unsigned char"
        )
    np_key = to_numpy_index(key)
    if grad_mode.enabled and self._requires_grad and self.grad_fn is None and is_basic(np_key):
        raise RuntimeError(  # x[0] = v writes through a view of x
            "a view of a leaf Variable that requires grad is being used in an in-place operation."
        )
    value_grad = isinstance(value, Tensor) and value._requires_grad
    if not views.check_inplace(self, value_grad):
        v = value._array if isinstance(value, Tensor) else value
        try:
            views.write(self, v, np_key)
        except IndexError as e:
            raise index_error(e, np_key, self._array.shape) from None
        return
    views.apply_inplace(self, lambda src, v: IndexPut.apply(src, v, key=np_key), value)


def _assigned(self, value):
    """The value of self[key] = value as torch takes it: a tensor, its leading dims of size 1
    dropped (x[0] = tensor([5.]) writes one number), or a Python number, which must fit
    self's dtype."""
    if isinstance(value, Tensor):
        shape = value._array.shape
        ones = next((i for i, n in enumerate(shape) if n != 1), len(shape))
        return value.reshape(shape[ones:]) if ones else value
    if isinstance(value, (int, np.integer)):  # bools too
        if not -(2**63) <= value < 2**63:
            raise ValueError("Overflow when unpacking long long")
        value = int(value)
    elif not isinstance(value, float):  # NumPy's float64 is one, its other floats are not
        raise TypeError(
            f"can't assign a {type_name(value)} to a torch.{self.dtype._torch_name}Tensor"
        )
    if self.dtype is _dtype.float16:  # torch checks no overflow into half here: inf
        with np.errstate(over="ignore"):
            return np.float16(value)
    return _fill_value(value, self.dtype)


def _fills_byte_mask(key, value) -> bool:
    """Whether torch would write `value` (one number) through a lone uint8 mask with
    masked_fill_: the key's only index tensor (or list) is a uint8 tensor with dims."""
    if isinstance(value, Tensor) and value._array.size != 1:
        return False
    parts = key if isinstance(key, tuple) else (key,)
    tensors = [
        p
        for p in parts
        if isinstance(p, (list, np.ndarray)) or (isinstance(p, Tensor) and p._array.ndim)
    ]
    return len(tensors) == 1 and isinstance(tensors[0], Tensor) and tensors[0].dtype is _dtype.uint8


def fill_(self, value):
    """Set every element to `value`, a number or a 0-d tensor (which then gets a gradient)."""
    if not isinstance(value, (Tensor, int, float, np.number)):  # bools are ints
        raise refused_fill_value("fill_", (value,), ("value",))
    if not isinstance(value, Tensor):  # torch's overflow check, as full() makes it
        return _fill(self, _fill_value(value, self.dtype), Fill.apply)
    if value._array.ndim:
        raise RuntimeError(
            "fill_ only supports 0-dimension value tensor but got tensor with "
            f"{value._array.ndim} dimensions."
        )
    return _fill(self, value, Fill.apply)


def zero_(self):
    return _fill(self, 0, lambda old, value: Zero.apply(old))


def _fill(self, value, op):
    value_grad = isinstance(value, Tensor) and value._requires_grad
    if not views.check_inplace(self, value_grad):
        self._array.fill(value.item() if isinstance(value, Tensor) else value)
        views.mark_changed(self)
        return self
    return views.apply_inplace(self, op, value)


def copy_(self, src, non_blocking=False):
    """Write `src` (broadcast and cast) into self."""
    if not isinstance(src, Tensor):
        raise TypeError(f"copy_(): argument 'src' must be Tensor, not {type(src).__name__}")
    shape = broadcast_shape(self._array.shape, src._array.shape)
    if shape != self._array.shape:
        raise RuntimeError(
            f"output with shape {list(self._array.shape)} doesn't match the broadcast shape "
            f"{list(shape)}"
        )
    if not views.check_inplace(self, src._requires_grad):
        views.write(self, src._array)
        return self
    return views.apply_inplace(self, Copy.apply, src)
