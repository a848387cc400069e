"""Parameter: a tensor that a Module registers as one of its learnable weights."""

from __future__ import annotations

import os
import sys

from .. import _dtype
from .._tensor import Tensor, _wrap


class Parameter(Tensor):
    """A tensor that, assigned as a Module attribute, joins the module's `parameters()`.

    It shares memory with the tensor it wraps and requires grad unless told otherwise (even
    inside `no_grad`, as in torch). Results of ops on parameters are plain tensors.

    >>> import cybenko as torch
    >>> w = torch.nn.Parameter(torch.zeros(2))
    >>> w
    Parameter containing:
    tensor([0., 0.], requires_grad=True)
    """

    def __new__(cls, data: Tensor | None = None, requires_grad: bool = True):
        if data is None:
            from ..ops.creation import empty

            data = empty(0)
        if not isinstance(data, Tensor):
            raise TypeError(
                f"Parameter(): argument 'data' must be Tensor, not {type(data).__name__}"
            )
        if requires_grad and data._array.dtype.kind != "f":
            raise RuntimeError(
                "Only Tensors of floating point and complex dtype can require gradients"
            )
        p = object.__new__(cls)
        p._array = data._array
        p._device = data._device
        p.grad_fn = None
        p._grad = None
        p._version_counter = data._version_counter
        p._inference = data.is_inference()
        p._base = None
        p._accumulator = None
        p._requires_grad = bool(requires_grad)
        return p

    def __init__(self, data: Tensor | None = None, requires_grad: bool = True):
        pass

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()

    __str__ = __repr__

    def __deepcopy__(self, memo):
        if id(self) in memo:
            return memo[id(self)]
        copy = type(self)(self.detach().clone(), self._requires_grad)
        memo[id(self)] = copy
        return copy


# Tensor's slot descriptor for `_array`: the placeholder's real (empty) array is stored there,
# while the subclasses below put a guard property in front of it, so that every op (they all
# read `_array`) refuses an uninitialized tensor and ordinary tensors pay nothing.
_STORED_ARRAY = Tensor._array


def _refuse(cls_name: str, where: str):
    return ValueError(
        f"Attempted to use an uninitialized parameter in {where}. This error happens when you "
        "are using a `LazyModule` or explicitly manipulating "
        f"`torch.nn.parameter.{cls_name}` objects. When using LazyModules Call `forward` with a "
        "dummy batch to initialize the parameters before calling torch functions"
    )


def _public_caller() -> str:
    """The function a learner called that reached the placeholder's values: the first caller
    up the stack that is not one of cybenko's private helpers."""
    frame = sys._getframe(2)
    while frame.f_back is not None:
        code = frame.f_code
        name, file = code.co_name, os.path.basename(code.co_filename)
        private = name.startswith("_") and not name.endswith("__")
        if not private and not (file.startswith("_") and not file.startswith("_tensor")):
            break
        frame = frame.f_back
    return f"<function {frame.f_code.co_qualname}>"


class UninitializedTensorMixin:
    """A tensor whose shape is not known yet (a lazy module's weight before its first forward).

    It holds an empty placeholder that fixes only its dtype and device; `materialize(shape)`
    gives it real storage and turns the same object into `cls_to_become` (Parameter or
    Tensor), so the references made before (an optimizer's list) stay valid. Until then its
    shape is refused and so is every op: reading `_array` raises.
    """

    __slots__ = ()
    cls_to_become: type

    @property
    def _array(self):
        raise _refuse(type(self).__name__, _public_caller())

    @_array.setter
    def _array(self, value) -> None:
        _STORED_ARRAY.__set__(self, value)

    def _placeholder(self) -> Tensor:
        """The empty tensor that stands in for the values: it knows the dtype and device."""
        return _wrap(_STORED_ARRAY.__get__(self), device=self._device)

    def materialize(self, shape, device=None, dtype=None) -> None:
        """Give this tensor storage of `shape` (its values are not set) and make it a
        `cls_to_become`, keeping its dtype and device unless told others."""
        from ..ops.creation import empty

        placeholder = self._placeholder()
        values = empty(shape, dtype=dtype or placeholder.dtype)
        if (device or placeholder.device) != values.device:
            values = values.to(device or placeholder.device)
        self.data = values
        self.__class__ = self.cls_to_become

    # What torch still lets one ask of an uninitialized tensor: its dtype and device, and
    # conversions that change what it will become.
    @property
    def shape(self):
        raise RuntimeError(
            "Can't access the shape of an uninitialized parameter or buffer. This error usually "
            "happens in `load_state_dict` when trying to load an uninitialized parameter into an "
            "initialized one. Call `forward` to initialize the parameters before accessing their "
            "attributes."
        )

    @property
    def dtype(self):
        return self._placeholder().dtype

    @property
    def ndim(self) -> int:
        return 1

    @property
    def data(self) -> Tensor:
        return self._placeholder()

    @data.setter
    def data(self, value: Tensor) -> None:
        if is_lazy(value):  # Module.to() hands back the placeholder itself or a converted one
            value = value._placeholder()
        Tensor.data.__set__(self, value)

    def size(self, dim=None):
        return self._placeholder().size(dim)

    def is_floating_point(self) -> bool:
        return self._placeholder().is_floating_point()

    def is_complex(self) -> bool:
        return False

    def to(self, *args, **kwargs):
        moved = self._placeholder().to(*args, **kwargs)
        if moved.dtype == self.dtype and moved.device == self._device:
            return self
        if self.cls_to_become is Tensor:  # a buffer stays uninitialized, as in torch
            return _uninitialized(type(self), self._requires_grad, moved.device, moved.dtype)
        return moved

    def float(self):
        return self.to(_dtype.float32)

    def double(self):
        return self.to(_dtype.float64)

    def cpu(self):
        return self.to("cpu")

    def cuda(self, device=None):
        return self.to("cuda" if device is None else device)

    def requires_grad_(self, requires_grad: bool = True):
        raise _refuse(type(self).__name__, "<function Tensor.requires_grad_>")

    def share_memory_(self):
        raise RuntimeError(
            "Can't share memory on an uninitialized parameter or buffer. Call `forward` to "
            "initialize the parameters before calling `module.share_memory()`."
        )

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"

    __str__ = __repr__

    def __deepcopy__(self, memo):
        if id(self) not in memo:
            memo[id(self)] = type(self)(self._requires_grad, self._device, self.dtype)
        return memo[id(self)]


def _uninitialized(cls, requires_grad: bool, device, dtype):
    from ..ops.creation import empty

    values = empty(0, dtype=dtype)
    if device is not None:
        values = values.to(device)
    t = object.__new__(cls)
    for slot in Tensor.__slots__[:-1]:
        setattr(t, slot, getattr(values, slot))
    t._requires_grad = bool(requires_grad)
    return t


class UninitializedParameter(UninitializedTensorMixin, Parameter):
    """A Parameter whose shape is not known yet: the weight of a lazy module
    (`nn.LazyLinear`) before its first forward. `materialize(shape)` makes it a Parameter.

    >>> import cybenko as torch
    >>> torch.nn.UninitializedParameter()
    <UninitializedParameter>
    """

    cls_to_become = Parameter

    def __new__(cls, requires_grad: bool = True, device=None, dtype=None):
        return _uninitialized(cls, requires_grad, device, dtype)

    def __init__(self, requires_grad: bool = True, device=None, dtype=None):
        pass


class UninitializedBuffer(UninitializedTensorMixin, Tensor):
    """A buffer whose shape is not known yet (LazyBatchNorm's running statistics);
    `materialize(shape)` makes it a plain Tensor."""

    __slots__ = ()
    cls_to_become = Tensor

    def __new__(cls, requires_grad: bool = False, device=None, dtype=None, persistent=True):
        return _uninitialized(cls, requires_grad, device, dtype)

    def __init__(self, requires_grad=False, device=None, dtype=None, persistent=True):
        pass


def is_lazy(param) -> bool:
    """Whether `param` is an UninitializedParameter or UninitializedBuffer."""
    return isinstance(param, UninitializedTensorMixin)
