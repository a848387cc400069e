"""Views and in-place changes: what torch keeps so that writing into a tensor never silently
corrupts a gradient.

- A view (x.view(...), x.t(), x[0], ...) shares its source's memory. It also shares its
  source's version counter, and remembers its base: the tensor that owns the memory.
- Every write into a tensor's memory bumps the counter (`mark_changed`). A node that saved
  an array for backward remembers the version it saw; if the array changed since, backward
  refuses with torch's error instead of using the new values.
- `apply_inplace` runs x.op_(...): torch's refusals for leaves, the op recorded in the graph,
  and, for a view made by indexing, the change replayed on its base as base[key] = new
  values (torch's CopySlices).

An op says only that its forward returns a view (`is_view = True`); the rest happens here.
"""

from __future__ import annotations

import numpy as np

from .. import _dtype
from .._tensor import Tensor, _wrap
from . import grad_mode


def mark_view(view: Tensor, source: Tensor, node) -> None:
    """`view`, just made from `source` by `node`, shares its memory and version counter and
    remembers its base. A view taken directly from its base also keeps the node that made it,
    so an in-place change of the view can be replayed onto the base."""
    view._version_counter = source._version_counter
    view._inference = source.is_inference()  # a view of an inference tensor is one
    if source._base is None:
        view._base, view._view_node = source, node
    else:
        view._base = source._base


# Writes of all tensors so far: a node made since the last write skips its check.
WRITES = [0]


def mark_changed(tensor: Tensor) -> None:
    """`tensor`'s memory was written: nodes that saved it will refuse to use it. The counter
    also keeps the name of the written tensor's grad_fn then (a name, not the node: tensors
    detached from it share the counter and must not keep the graph alive), for torch's
    words in the refusal."""
    tensor._version_counter[0] += 1
    WRITES[0] += 1
    _name_writer(tensor)


def _name_writer(tensor: Tensor) -> None:
    """Keep in the version counter the name of `tensor`'s grad_fn, when it has one (a write
    through a detached alias, a leaf, leaves the name of the tensor's own)."""
    if tensor.grad_fn is not None:
        tensor._version_counter[1:] = [tensor.grad_fn.name().removesuffix("Backward0")]


# --- versions of saved arrays --------------------------------------------------------------------


def check_versions(node) -> None:
    """torch's error when an array `node` saved was changed in place after it was saved
    (called only when some tensor was written since the node was made: WRITES).

    A recorded node keeps, for each input and then its output, (id of the array, the
    tensor's version counter, its version then[, the tensor's dtype where a float32 copy of
    it was saved]): no reference to the tensors themselves (an output referring back to its
    own node would be a cycle) or to arrays it did not save. An id names the same array
    here: the saved arrays and the inputs' were all alive while the node was made, so no
    two of them shared an id."""
    changed = [
        (i, record)
        for i, record in enumerate(node.saved_versions)
        if record is not None and record[1][0] != record[2]  # not a number, and written
    ]
    for array in node.saved:  # in the order saved, as torch unpacks them
        for i, (key, counter, version, *dtype) in changed:
            if id(array) == key:  # (a float32 copy of a float16 tensor names that dtype)
                _refuse_changed(node, array.shape, *dtype or [array.dtype], i, counter, version)


def _refuse_changed(node, shape, dtype, index: int, counter: list, then: int) -> None:
    """torch's words: the tensor named by the node that made it: this node for its output;
    for an input, the grad_fn it had when written in place, or else when saved (none for a
    leaf or a tensor outside the graph)."""
    maker = None
    if index >= len(node._next):
        maker = node.name().removesuffix("Backward0")
    elif len(counter) > 1:
        maker = counter[1]
    else:
        from .function import AccumulateGrad  # function imports this module

        edge = node._next[index]
        if edge is not None and type(edge) is not AccumulateGrad:
            maker = edge.name().removesuffix("Backward0")
    which = f", which is output 0 of {maker}," if maker else ""
    kind = _dtype.from_numpy_dtype(dtype)._torch_name
    raise RuntimeError(
        "one of the variables needed for gradient computation has been modified "
        f"by an inplace operation: [torch.{kind}Tensor {list(shape)}]{which} is at "
        f"version {counter[0]}; expected version {then} instead. Hint: replace the in-place "
        "operation (such as += or x[i] = ...) by an out-of-place one, or clone() the tensor "
        "before changing it."
    )


# --- writing in place --------------------------------------------------------------------------


def write(tensor: Tensor, values, key=Ellipsis) -> None:
    """tensor[key] = values in the tensor's own memory (cast to its dtype), as a change."""
    try:
        if key is Ellipsis:
            np.copyto(tensor._array, values, casting="unsafe")
        else:
            tensor._array[key] = values
    except ValueError as e:
        if "read-only" in str(e):
            raise RuntimeError(
                "unsupported operation: more than one element of the written-to tensor refers "
                "to a single memory location. Please clone() the tensor before performing the "
                "operation."
            ) from None
        raise RuntimeError(f"shape mismatch: {e}") from None
    mark_changed(tensor)


def check_inplace(tensor: Tensor, others_require_grad: bool) -> bool:
    """Raise torch's error for in-place changes autograd cannot follow; return whether the
    change must be recorded in the graph."""
    if not grad_mode.enabled:
        return False
    if tensor._requires_grad and tensor.grad_fn is None:
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place operation."
        )
    base = tensor._base
    if base is not None and base._requires_grad and base.grad_fn is None:
        raise RuntimeError(
            "a view of a leaf Variable that requires grad is being used in an in-place operation."
        )
    recording = tensor._requires_grad or others_require_grad
    if recording and base is not None and _index_key(tensor) is None:
        raise RuntimeError(
            "cybenko records in-place changes through a view only for views made by indexing "
            "(x[i], x[1:3]). Make this view a tensor of its own first (view.clone()), or "
            "write into the base tensor itself (x[i] = ...)."
        )
    return recording


def apply_inplace(tensor: Tensor, op, *args, **kwargs) -> Tensor:
    """tensor.op_(...): compute op(tensor, ...) and write the result into tensor's memory.

    When the graph records the change, the op runs on a copy of the old values (nodes may
    have saved them) and the tensor takes the op's node as its grad_fn.
    """
    others = any(isinstance(a, Tensor) and a._requires_grad for a in args)
    recording = check_inplace(tensor, others)
    if recording:
        source = _wrap(tensor._array.copy(), tensor._requires_grad, tensor.grad_fn)
        source._accumulator = tensor._accumulator
    else:
        source = tensor
    result = op(source, *args, **kwargs)
    _check_result(tensor, result)
    if recording and result.grad_fn is not None:
        result.grad_fn.in_place = True
    if recording and tensor._base is not None:
        return _replay_on_base(tensor, result)
    write(tensor, result._array)
    if recording:
        tensor.grad_fn = result.grad_fn
        tensor._requires_grad = True
        _name_writer(tensor)  # the node of the change, not the one before it
    return tensor


def change_shape(tensor: Tensor, op, *args) -> Tensor:
    """x.t_(), x.squeeze_(), ...: the tensor itself becomes op(tensor, ...), a view of its own
    memory with another shape. No value changes, so nothing is replayed on a base; the tensor
    takes the op's node (marked in place: torch names those nodes apart) and a new version."""
    if grad_mode.enabled and tensor._requires_grad and tensor.grad_fn is None:
        raise RuntimeError(
            "a leaf Variable that requires grad is being used in an in-place operation."
        )
    result = op(tensor, *args)
    tensor._array = result._array
    if result.grad_fn is not None:
        result.grad_fn.in_place = True
        tensor.grad_fn = result.grad_fn
    if tensor._base is not None:
        tensor._view_node = None  # base[key] no longer describes it
    mark_changed(tensor)
    return tensor


def _check_result(tensor: Tensor, result: Tensor) -> None:
    if not _dtype.can_cast(result.dtype, tensor.dtype):
        raise RuntimeError(
            f"result type {result.dtype._torch_name} can't be cast to the desired output type "
            f"{tensor.dtype._torch_name}"
        )
    if result._array.shape != tensor._array.shape:
        raise RuntimeError(
            f"output with shape {list(tensor._array.shape)} doesn't match the broadcast shape "
            f"{list(result._array.shape)}"
        )


def _index_key(view: Tensor):
    """The key when `view` is base[key] by basic indexing, straight from its base."""
    from ..ops.shape import BasicIndex  # the ops import this module

    node = view._view_node
    return node.key if isinstance(node, BasicIndex) else None


def _replay_on_base(view: Tensor, new_values: Tensor) -> Tensor:
    """An in-place change of view = base[key], recorded as base[key] = new_values on the
    base (torch's CopySlices); the view then reads the base through the base's new node."""
    from ..ops.shape import BasicIndex, IndexPut

    key = _index_key(view)
    base = view._base
    apply_inplace(base, lambda old, values: IndexPut.apply(old, values, key=key), new_values)
    fresh = BasicIndex.apply(base, key=key, basic=True)
    view.grad_fn, view._requires_grad = fresh.grad_fn, fresh._requires_grad
    view._view_node = fresh._view_node
    return view
