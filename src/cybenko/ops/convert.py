"""Changing dtype, copying, and writing into a tensor in place."""

from __future__ import annotations

import numpy as np

from .. import _device, _dtype
from .._tensor import Tensor, _wrap
from ..autograd import grad_mode
from ..autograd.function import Function
from .creation import _fill_value


class ToCopy(Function):
    # d to(a) = grad, moved back to a's device (and cast back to a's dtype by the engine)
    torch_name = "ToCopyBackward0"
    moves_device = True

    @staticmethod
    def forward(ctx, a, np_dtype, source, device):
        ctx.source, ctx.device = source, device
        return _device.move(a, device).astype(np_dtype)

    @staticmethod
    def backward(ctx, grad):
        return _device.move(grad, ctx.source)


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
    return ToCopy.apply(input, np_dtype=np_dtype, source=input._device, device=device)


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


def type_as(input, other):
    return to(input, other.dtype)


def cpu(input, memory_format=None):
    """This tensor in CPU memory (itself when it is there already)."""
    return to(input, _device.CPU)


def cuda(input, device=None, non_blocking=False, memory_format=None):
    """This tensor on the GPU `device` (the current one, cuda:0, by default)."""
    return to(input, "cuda" if device is None else device)


# --- writing in place ---------------------------------------------------------------------------


def _check_inplace(self, others_require_grad: bool) -> bool:
    """Raise torch's error for in-place changes autograd cannot follow; return whether the
    change must be recorded in the graph."""
    if not grad_mode.enabled:
        return False
    if self._requires_grad and self.grad_fn is None:
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place operation."
        )
    base = self._base
    if base is not None and base._requires_grad and base.grad_fn is None:
        raise RuntimeError(
            "a view of a leaf Variable that requires grad is being used in an in-place operation."
        )
    recording = self._requires_grad or others_require_grad
    if recording and base is not None and _index_view_key(self) is None:
        raise RuntimeError(
            "cybenko records in-place changes through a view only for views made by indexing "
            "(x[i], x[1:3]). Make this view a tensor of its own first (view.clone()), or "
            "write into the base tensor itself (x[i] = ...)."
        )
    return recording


def _index_view_key(view):
    """The key when `view` is base[key] by basic indexing, straight from its base."""
    from .shape import BasicIndex

    node = view._view_node
    return node.key if type(node) is BasicIndex else None


def apply_inplace(self, op, *args, **kwargs):
    """self.op_(...): compute op(self, ...) and write the result into self's memory.

    When the graph records the change, the op runs on a copy of the old values (nodes may
    have saved them) and self takes the op's node as its grad_fn.
    """
    others = any(isinstance(a, Tensor) and a._requires_grad for a in args)
    recording = _check_inplace(self, others)
    if recording:
        source = _wrap(self._array.copy(), self._requires_grad, self.grad_fn)
        source._accumulator = self._accumulator
    else:
        source = self
    result = op(source, *args, **kwargs)
    _check_result(self, result)
    if recording and self._base is not None:
        return _replay_on_base(self, result)
    _write(self, result._array)
    if recording:
        self.grad_fn = result.grad_fn
        self._requires_grad = True
    return self


def _check_result(self, result) -> None:
    if not _dtype.can_cast(result.dtype, self.dtype):
        raise RuntimeError(
            f"result type {result.dtype._torch_name} can't be cast to the desired output type "
            f"{self.dtype._torch_name}"
        )
    if result._array.shape != self._array.shape:
        raise RuntimeError(
            f"output with shape {list(self._array.shape)} doesn't match the broadcast shape "
            f"{list(result._array.shape)}"
        )


def _replay_on_base(view, new_values):
    """An in-place change of view = base[key], recorded as base[key] = new_values on the
    base (torch's CopySlices); the view then reads the base through the base's new node."""
    from .shape import BasicIndex, IndexPut

    key = _index_view_key(view)
    base = view._base
    apply_inplace(base, lambda old, values: IndexPut.apply(old, values, key=key), new_values)
    fresh = BasicIndex.apply(base, key=key, basic=True)
    view.grad_fn, view._requires_grad = fresh.grad_fn, fresh._requires_grad
    view._view_node = fresh._view_node
    return view


def _write(self, values, key=Ellipsis) -> None:
    try:
        if key is Ellipsis:
            np.copyto(self._array, values, casting="unsafe")
        else:
            self._array[key] = values
    except ValueError as e:
        if "read-only" in str(e):
            raise RuntimeError(
                "unsupported operation: more than one element of the written-to tensor refers "
                "to a single memory location. Please clone() the tensor before performing the "
                "operation."
            ) from None
        raise RuntimeError(f"shape mismatch: {e}") from None
    self._version[0] += 1


def setitem(self, key, value) -> None:
    """self[key] = value, with torch's rules for tensors in the graph."""
    from .shape import _index_error, _is_basic, index_put, to_numpy_index

    np_key = to_numpy_index(key)
    if grad_mode.enabled and self._requires_grad and self.grad_fn is None and _is_basic(np_key):
        raise RuntimeError(  # x[0] = v writes through a view of x
            "a view of a leaf Variable that requires grad is being used in an in-place operation."
        )
    value_grad = isinstance(value, Tensor) and value._requires_grad
    if not _check_inplace(self, value_grad):
        v = value._array if isinstance(value, Tensor) else value
        try:
            _write(self, v, np_key)
        except IndexError as e:
            raise _index_error(e, np_key, self._array.shape) from None
        return
    apply_inplace(self, lambda src, v: index_put(src, key, v), value)


class Fill(Function):
    # d fill(a, v) = 0 (to a: the old values no longer matter), sum of grad (to v, a 0-d tensor)
    @staticmethod
    def forward(ctx, a, value, name):
        ctx.torch_name = name
        return np.full_like(a, value)

    @staticmethod
    def backward(ctx, grad):
        return np.zeros_like(grad), (grad.sum() if ctx.needs_input_grad[1] else None)


class Copy(Function):
    # d copy(a <- src) = 0 to a, grad (unbroadcast, cast back) to src
    torch_name = "torch::autograd::CopyBackwards"

    @staticmethod
    def forward(ctx, a, src):
        ctx.src_dtype = src.dtype
        return np.broadcast_to(src, a.shape).astype(a.dtype)

    @staticmethod
    def backward(ctx, grad):  # cast before the engine sums over broadcast dims, as torch
        return np.zeros_like(grad), grad.astype(ctx.src_dtype, copy=False)


def fill_(self, value):
    """Set every element to `value`, a number or a 0-d tensor (which then gets a gradient)."""
    if not isinstance(value, Tensor):  # torch's overflow check, as full() makes it
        return _fill(self, _fill_value(value, self.dtype), "FillBackward2")
    if value._array.ndim:
        raise RuntimeError(
            "fill_ only supports 0-dimension value tensor but got tensor with "
            f"{value._array.ndim} dimensions."
        )
    return _fill(self, value, "FillBackward3")


def zero_(self):
    return _fill(self, 0, "ZeroBackward0")


def _fill(self, value, name: str):
    value_grad = isinstance(value, Tensor) and value._requires_grad
    if not _check_inplace(self, value_grad):
        self._array.fill(value.item() if isinstance(value, Tensor) else value)
        self._version[0] += 1
        return self
    return apply_inplace(self, lambda src, v: Fill.apply(src, v, name=name), value)


def copy_(self, src, non_blocking=False):
    """Write `src` (broadcast and cast) into self."""
    if not isinstance(src, Tensor):
        raise TypeError(f"copy_(): argument 'src' must be Tensor, not {type(src).__name__}")
    from ._operands import broadcast_shape

    if broadcast_shape(self._array.shape, src._array.shape) != self._array.shape:
        raise RuntimeError(
            f"output with shape {list(self._array.shape)} doesn't match the broadcast shape "
            f"{list(broadcast_shape(self._array.shape, src._array.shape))}"
        )
    recording = _check_inplace(self, src._requires_grad)
    if not recording:
        _write(self, src._array)
        return self
    if self._base is not None:
        source = _wrap(self._array.copy(), self._requires_grad, self.grad_fn)
        return _replay_on_base(self, Copy.apply(source, src))
    source = _wrap(self._array.copy(), self._requires_grad, self.grad_fn)
    result = Copy.apply(source, src)
    _write(self, result._array)
    self.grad_fn, self._requires_grad = result.grad_fn, True
    return self
