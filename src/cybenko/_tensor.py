"""Tensor: a NumPy array plus what autograd needs to send gradients back to it.

`_array` holds the values (an ndarray of exactly the tensor's dtype). A tensor made by an op
on tensors that require grad has `grad_fn`, the node that made it; a tensor the user made is
a leaf, and `backward()` fills its `.grad`. This file holds what a tensor *is*; the ops
(`cybenko.ops`) and `backward` become its methods in `_tensor_methods.py`, since they build on
this module.
"""

from __future__ import annotations

import weakref

import numpy as np

from . import _device, _dtype
from ._size import Size, parse_int, type_name

_CPU = _device.CPU

# Set by torch.inference_mode (autograd/grad_mode.py): tensors made meanwhile are inference
# tensors. It lives here, where every tensor is made, to keep _wrap one attribute store.
_inference_mode = False


def _wrap(array, requires_grad: bool = False, grad_fn=None, device=_CPU) -> Tensor:
    """Make a tensor around an ndarray without copying (the fast path every op uses).
    `device` tags where it lives; a CuPy array always lives on its GPU."""
    t = object.__new__(Tensor)
    if type(array) is not np.ndarray:
        if _device.in_use and _device.is_device_array(array):
            device = _device.device_of_array(array)
        else:
            array = np.asarray(array)
    t._array = array
    t._device = device
    t._requires_grad = requires_grad
    t.grad_fn = grad_fn
    t._grad = None
    t._version_counter = [0]  # shared by views; see autograd/views.py
    t._base = None
    t._accumulator = None
    t._view_node = None
    t._inference = _inference_mode
    return t


class Tensor:
    """A multi-dimensional array that can record the ops applied to it.

    >>> import cybenko
    >>> x = cybenko.tensor([1.0, 2.0], requires_grad=True)
    >>> (x * x).sum().backward()
    >>> x.grad
    tensor([2., 4.])
    """

    __slots__ = (
        "_array",
        "_device",
        "_requires_grad",
        "grad_fn",
        "_grad",
        "_version_counter",
        "_base",
        "_accumulator",
        "_view_node",
        "_inference",
        "__weakref__",
    )
    # ndarray <op> Tensor gives the Tensor's reflected op a chance, so the result is a Tensor.
    __array_priority__ = 1000

    def __init__(self, *args, dtype=None, device=None):
        """The legacy constructor: `Tensor([1, 2])` is float, `Tensor(2, 3)` is uninitialised."""
        from .ops.creation import _legacy_array

        t = _wrap(_legacy_array(args, dtype or _dtype.get_default_dtype()))
        if device is not None:
            t = t.to(device)
        for slot in Tensor.__slots__[:-1]:
            setattr(self, slot, getattr(t, slot))

    # --- what a tensor is ---------------------------------------------------------------------
    @property
    def dtype(self) -> _dtype.dtype:
        return _dtype._BY_NUMPY[self._array.dtype]

    @property
    def shape(self) -> Size:
        return Size(self._array.shape)

    def size(self, dim: int | None = None):
        if dim is None:
            return Size(self._array.shape)
        if type(dim) is not int:
            dim = parse_int(dim, "size", "dim", 1)
        return self._array.shape[_normalize_dim(dim, self._array.ndim)]

    @property
    def ndim(self) -> int:
        return self._array.ndim

    def dim(self) -> int:
        return self._array.ndim

    def numel(self) -> int:
        return self._array.size

    nelement = numel

    def element_size(self) -> int:
        return self._array.itemsize

    @property
    def device(self) -> _device.device:
        return self._device

    @property
    def is_cuda(self) -> bool:
        return self._device.type == "cuda"

    def get_device(self) -> int:
        """The GPU's index for a cuda tensor, -1 on the CPU."""
        return -1 if self._device.type == "cpu" else self._device.index

    def is_floating_point(self) -> bool:
        return self._array.dtype.kind == "f"

    def is_contiguous(self) -> bool:
        return self._array.flags.c_contiguous

    def contiguous(self) -> Tensor:
        return self if self._array.flags.c_contiguous else self.clone()

    def stride(self, dim: int | None = None):
        strides = tuple(s // self._array.itemsize for s in self._array.strides)
        if dim is not None and type(dim) is not int:
            dim = parse_int(dim, "stride", "dim", 1)
        return strides if dim is None else strides[_normalize_dim(dim, self._array.ndim)]

    def type(self, dtype=None, non_blocking=False, **kwargs):
        """The legacy type name ("torch.HalfTensor") with no argument; with a dtype, a type
        name or a legacy constructor (torch.HalfTensor), this tensor cast to it."""
        if dtype is None:
            place = "" if self._device is _CPU else "cuda."
            return f"torch.{place}{self.dtype._torch_name}Tensor"
        name = dtype if isinstance(dtype, str) else getattr(dtype, "__name__", None)
        if name is None or isinstance(dtype, _dtype.dtype):
            return self.to(dtype)
        found, cuda = _dtype.from_type_name(name)
        return self.to("cuda" if cuda else self._device, found)

    def __len__(self) -> int:
        if self._array.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._array.shape[0]

    def __iter__(self):
        if self._array.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return _rows(self)

    def __hash__(self) -> int:
        return id(self)

    # --- autograd state -----------------------------------------------------------------------
    @property
    def requires_grad(self) -> bool:
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        if type(value) is not bool:
            raise RuntimeError("requires_grad must be a bool")
        if self.grad_fn is not None:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables."
                if value  # torch's shorter words for turning it on
                else "you can only change requires_grad flags of leaf variables. If you want to "
                "use a computed variable in a subgraph that doesn't require differentiation use "
                "var_no_grad = var.detach()."
            )
        if value and self._array.dtype.kind != "f":
            raise RuntimeError(
                "only Tensors of floating point and complex dtype can require gradients"
            )
        self._requires_grad = value

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        if type(requires_grad) is not bool:
            raise TypeError(
                "requires_grad_(): argument 'requires_grad' (position 1) must be bool, not "
                f"{type_name(requires_grad)}"
            )
        if requires_grad and self.grad_fn is not None:  # a non-leaf already requires grad
            return self
        if requires_grad and self._array.dtype.kind != "f":  # torch words this one differently
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self.requires_grad = requires_grad
        return self

    @property
    def _version(self) -> int:
        """How many times this tensor's memory was written, counting writes through views."""
        return self._version_counter[0]

    def is_inference(self) -> bool:
        """Whether this tensor was made inside torch.inference_mode()."""
        return getattr(self, "_inference", False)

    @property
    def is_leaf(self) -> bool:
        return self.grad_fn is None

    @property
    def grad(self):
        if self.grad_fn is not None and self._grad is None and not self._retains_grad():
            import warnings

            warnings.warn(
                "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. "
                "Its .grad attribute won't be populated during autograd.backward(). If you "
                "indeed want the .grad field to be populated for a non-leaf Tensor, use "
                ".retain_grad() on the non-leaf Tensor.",
                UserWarning,
                stacklevel=2,
            )
        return self._grad

    @grad.setter
    def grad(self, value) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(
                    f"assigned grad expected to be a Tensor or None but got grad of type "
                    f"{type(value).__name__}"
                )
            if value._array.dtype != self._array.dtype:
                raise RuntimeError(
                    f"attempting to assign a gradient with dtype '{value.dtype._c_name}' to a "
                    f"tensor with grad_dtype '{self.dtype._torch_name}'. The gradient must "
                    "match the tensor's dtype."
                )
            if value._array.shape != self._array.shape:
                raise RuntimeError(
                    f"attempting to assign a gradient of size '{list(value.shape)}' to a "
                    f"tensor of size '{list(self.shape)}'. Please ensure that the gradient "
                    "and the tensor are the same size"
                )
        self._grad = value

    def _retains_grad(self) -> bool:
        node = self.grad_fn
        return node is not None and node._retained is not None and node._retained() is self

    @property
    def retains_grad(self) -> bool:
        return self._retains_grad()

    def retain_grad(self) -> None:
        """Keep this non-leaf tensor's gradient in `.grad` after backward."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is not None:
            self.grad_fn._retained = weakref.ref(self)

    def register_hook(self, hook):
        """Call `hook(grad)` when this tensor's gradient is computed; a returned tensor
        replaces the gradient."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        from .autograd.function import _edge  # autograd builds on this module

        node = _edge(self)
        if node._tensor_hooks is None:
            node._tensor_hooks = []
        node._tensor_hooks.append(hook)
        return _RemovableHandle(node._tensor_hooks, hook)

    def detach(self) -> Tensor:
        """The same values, cut from the graph (shares memory and the version counter)."""
        t = _wrap(self._array, device=self._device)
        t._version_counter = self._version_counter
        t._inference = self.is_inference()  # as torch's, a detached inference tensor is one
        return t

    def detach_(self) -> Tensor:
        if self._base is not None:  # the view would still be tied to its base's graph
            raise RuntimeError("Can't detach views in-place. Use detach() instead.")
        self.grad_fn = None
        self._requires_grad = False
        return self

    @property
    def data(self) -> Tensor:
        """A tensor sharing this one's values, outside the graph: `w.data -= lr * w.grad`."""
        return _wrap(self._array, device=self._device)

    @data.setter
    def data(self, value: Tensor) -> None:
        if not isinstance(value, Tensor):
            raise TypeError(f"data must be a Tensor, not {type(value).__name__}")
        self._array = value._array
        self._device = value._device  # `p.data = p.data.to("cuda")` moves p, as in torch

    # --- leaving cybenko ----------------------------------------------------------------------
    def numpy(self, *, force: bool = False) -> np.ndarray:
        if self._requires_grad and not force:
            raise RuntimeError(
                "Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() "
                "instead."
            )
        if self._device is not _CPU:
            raise TypeError(
                f"can't convert {self._device} device type tensor to numpy. Use Tensor.cpu() "
                "to copy the tensor to host memory first."
            )
        return self._array

    def __array__(self, dtype=None, copy=None):
        array = self.numpy()
        return array if dtype is None else array.astype(dtype, copy=False)

    def item(self):
        if self._array.size != 1:
            raise RuntimeError(
                f"a Tensor with {self._array.size} elements cannot be converted to Scalar"
            )
        return self._array.reshape(()).item()

    def tolist(self):
        return self._array.tolist()  # CuPy copies to the host for this itself

    def __float__(self) -> float:
        self._check_one_element()
        return float(self.item())

    def __int__(self) -> int:
        self._check_one_element()
        return int(self.item())

    def _check_one_element(self) -> None:
        # torch's ValueError here (item() raises RuntimeError): matplotlib catches it to
        # learn that a 2-D tensor's rows are not numbers.
        if self._array.size != 1:
            raise ValueError("only one element tensors can be converted to Python scalars")

    def __index__(self) -> int:
        if self._array.dtype.kind not in "iub" or self._array.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    def __bool__(self) -> bool:
        if self._array.size != 1:
            raise RuntimeError(
                "Boolean value of Tensor with "
                f"{'no values' if self._array.size == 0 else 'more than one value'} is ambiguous"
            )
        return bool(self.item())

    def __format__(self, spec: str) -> str:
        if self._array.ndim == 0:
            return self.item().__format__(spec)
        return object.__format__(self, spec)

    def __repr__(self) -> str:
        suffixes = []
        if self.grad_fn is not None:
            suffixes.append(f"grad_fn=<{self.grad_fn.name()}>")
        elif self._requires_grad:
            suffixes.append("requires_grad=True")
        d = self.dtype
        is_default = d in (_dtype.get_default_dtype(), _dtype.int64, _dtype.bool_)
        from ._printing import format_tensor

        on_cpu = self._device is _CPU
        return format_tensor(
            self._array if on_cpu else _device.move(self._array, _CPU),
            dtype_name=d.name,
            is_default_dtype=is_default,
            suffixes=tuple(suffixes),
            device=None if on_cpu else str(self._device),
        )

    __str__ = __repr__

    def __reduce_ex__(self, protocol):
        raise TypeError("cybenko tensors are not pickled; use cybenko.save")

    def __copy__(self):
        """copy.copy: a tensor sharing this one's memory, as torch's (matplotlib relies on it)."""
        t = _wrap(self._array, self._requires_grad, device=self._device)
        t._version_counter = self._version_counter
        return t

    def __deepcopy__(self, memo):
        t = self.detach().clone()
        t._requires_grad = self._requires_grad
        if self._grad is not None:
            t._grad = self._grad.clone()
        memo[id(self)] = t
        return t


class _RemovableHandle:
    def __init__(self, hooks: list, hook):
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


def _normalize_dim(dim: int, ndim: int) -> int:
    """A dim in [-ndim, ndim) as a non-negative index, or torch's IndexError."""
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {dim})"
        )
    return dim % n


def _rows(t: Tensor):
    """t's rows one at a time, each as t.unbind(0) makes it. matplotlib calls iter() on its
    inputs only to ask whether they are iterable, then reads one row: unbinding all the rows
    up front cost seconds for a 100000-point plot."""
    from .ops.shape import Unbind

    for i in range(t._array.shape[0]):
        yield Unbind.apply(t, key=(i,), basic=True)
