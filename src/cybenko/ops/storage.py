"""A tensor's memory itself, outside the graph: where it lives (data_ptr), how many elements it
holds (resize_), and writing it element by element with a Python function (apply_).

None of these is differentiable: torch refuses resize_ and apply_ on a tensor that requires
grad, and so does cybenko.
"""

from __future__ import annotations

import math

import numpy as np

from .._size import SizeArgument
from ..autograd import views

_RESIZE_SIZE = SizeArgument("resize_")


def data_ptr(self) -> int:
    """The address of the tensor's first element. A cybenko tensor's memory is a NumPy
    array, so this is that array's data pointer (`ndarray.ctypes.data`): equal for views that
    start at the same element, `k * element_size()` further for one that starts k elements
    later, as in torch."""
    a = self._array
    if type(a) is np.ndarray:
        return a.__array_interface__["data"][0]
    return a.data.ptr  # a CuPy array on a GPU


def resize_(self, *sizes, memory_format=None):
    """Give the tensor `sizes`, keeping its first elements in memory order (as many as fit:
    for a transposed tensor that is not the order it prints in); new elements are
    uninitialised. Shrinking a contiguous tensor keeps its memory (views of it still see the
    kept elements); growing it takes new memory."""
    if self._requires_grad:
        raise RuntimeError("cannot resize variables that require grad")
    shape = _RESIZE_SIZE(sizes)
    if min(shape, default=0) < 0:
        raise RuntimeError("numel: integer multiplication overflow")  # torch's words
    n = math.prod(shape)
    a = self._array
    in_memory_order = a.ravel(order="K")  # torch keeps the elements as they lie in memory
    if n <= a.size and (a.flags.c_contiguous or a.flags.f_contiguous):
        self._array = in_memory_order[:n].reshape(shape)  # a view: the memory is kept
    else:
        fresh = np.empty(n, dtype=a.dtype)
        kept = min(n, a.size)
        fresh[:kept] = in_memory_order[:kept]
        self._array = fresh.reshape(shape)
    views.mark_changed(self)
    return self


def apply_(self, callable):  # noqa: A002 - torch's name
    """Replace each element x by callable(x), a Python function of a Python number (slow:
    one call per element; CPU only in torch)."""
    if self._requires_grad:
        raise RuntimeError(
            "Can't call apply_() on Variable that requires grad. Use var.detach().apply_() instead."
        )
    values = [callable(v) for v in self._array.reshape(-1).tolist()]
    # cast as torch casts each result; torch leaves the version as it is
    np.copyto(self._array, np.asarray(values).reshape(self._array.shape), casting="unsafe")
    return self
