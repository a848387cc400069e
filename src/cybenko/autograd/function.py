"""Function: one differentiable op, the node of the computational graph.

A Function subclass states its math on raw NumPy arrays:

    class Mul(Function):
        @staticmethod
        def forward(ctx, a, b):
            ctx.save_for_backward(a, b)
            return a * b

        @staticmethod
        def backward(ctx, grad):          # d(ab)/da = b, d(ab)/db = a
            a, b = ctx.saved_tensors
            return grad * b, grad * a

`Mul.apply(x, y)` runs forward on the tensors' arrays and, only when some input requires grad
and grad mode is on, keeps the instance (the `ctx`) as the output's `grad_fn`, linked to the
nodes that made its inputs. Backward returns one gradient per positional input (None where
there is none); the engine undoes broadcasting and casts to the input's dtype, so ops never do.

Devices: once any tensor lives off the CPU, apply also checks that the tensor inputs share
one device (torch's error otherwise) and puts the output there. Until then it spends nothing
on devices.
"""

from __future__ import annotations

import itertools

import numpy as np

from .. import _device, _dtype
from . import grad_mode

_sequence = itertools.count()

FREED = "freed"

# Set by cybenko._tensor once the Tensor class exists (it imports this module first).
Tensor = None
wrap = None


class Function:
    """Base class of every op. The instance is both the ctx and the graph node."""

    # The name torch gives this node (shown as grad_fn=<...>); defaults to ClassNameBackward0.
    torch_name: str | None = None
    # View ops return arrays sharing memory with their input: the output shares its version
    # counter, so an in-place change through either is seen by nodes that saved the other.
    is_view = False
    # Torch's name and arguments for ops whose mixed-device error names an argument
    # (addmm, mm, ...): a function of the op's inputs giving (method, ((tensor, name), ...)).
    # Other ops check as torch's TensorIterator does.
    device_arguments = None
    # Set by ops that move their input to another device (Tensor.to): the output goes to
    # ctx.device rather than to the inputs' device.
    moves_device = False
    # Where the node's output (and so the gradient it receives) lives.
    output_device = _device.CPU

    # Per-node state; class-level defaults keep creating a node cheap.
    saved: tuple | str = ()
    saved_versions = None
    _tensor_hooks = None
    _retained = None
    _next: list = ()

    # --- the ctx API, as torch.autograd.Function's -------------------------------------------
    def save_for_backward(self, *arrays) -> None:
        self.saved = arrays

    @property
    def saved_tensors(self) -> tuple:
        if self.saved is FREED:
            raise RuntimeError(
                "Trying to backward through the graph a second time (or directly access saved "
                "tensors after they have already been freed). Saved intermediate values of the "
                "graph are freed when you call .backward() or autograd.grad(). Specify "
                "retain_graph=True if you need to backward through the graph a second time or "
                "if you need to access saved tensors after calling backward."
            )
        if self.saved_versions:
            self._check_versions()
        return self.saved

    @staticmethod
    def forward(ctx, *args, **kwargs):
        raise NotImplementedError

    @staticmethod
    def backward(ctx, grad):
        raise NotImplementedError

    # --- building the graph -------------------------------------------------------------------
    @classmethod
    def apply(cls, *inputs, **params):
        ctx = cls.__new__(cls)
        device = _device.in_use and _input_device(cls, inputs, params)
        recording = grad_mode.enabled
        arrays = []
        needs = []  # which inputs get a gradient (all False when nothing is recorded)
        edges = []  # the node each input's gradient flows into
        meta = []  # (shape, dtype) of each such input, to undo broadcasting and casts
        record = False
        for x in inputs:
            if isinstance(x, Tensor):
                a = x._array
                arrays.append(a)
                if recording and x._requires_grad:
                    record = True
                    needs.append(True)
                    edges.append(x.grad_fn or x._accumulator or _edge(x))
                    meta.append((a.shape, a.dtype))
                    continue
            else:
                arrays.append(x)
            needs.append(False)
            edges.append(None)
            meta.append(None)
        ctx.needs_input_grad = needs
        if device and device is not _device.CPU and _device.cupy() is not None:
            arrays = [_device.move(a, device) if type(a) is np.ndarray else a for a in arrays]
        try:
            out = cls.forward(ctx, *arrays, **params)
        except ValueError as e:
            from ..ops._operands import broadcast_error

            raise broadcast_error(e, arrays) from None
        if not record:
            result = wrap(out)
            if device:
                result._device = ctx.device if cls.moves_device else device
            if cls.is_view:
                _mark_view(result, inputs[0], ctx)
            return result
        ctx._next = edges
        ctx.input_meta = meta
        ctx.sequence_nr = next(_sequence)
        result = wrap(out, True, ctx)
        if device:
            result._device = ctx.output_device = ctx.device if cls.moves_device else device
        if cls.is_view:
            _mark_view(result, inputs[0], ctx)
        if ctx.saved:
            ctx._record_versions(inputs, result)
        return result

    def _record_versions(self, inputs, output) -> None:
        """Remember the version of each tensor whose array was saved, to detect later
        in-place changes that would make the saved values wrong. (No reference to the
        tensors themselves: an output referring back to its own node would be a cycle.)"""
        records = []
        for array in self.saved:
            if type(array) is not np.ndarray:
                continue
            if array is output._array:
                records.append((array, len(inputs), output._version, output._version[0]))
                continue
            for i, t in enumerate(inputs):
                if isinstance(t, Tensor) and t._array is array:
                    records.append((array, i, t._version, t._version[0]))
                    break
        self.saved_versions = records

    def _check_versions(self) -> None:
        n_inputs = len(self._next)
        for array, i, counter, version in self.saved_versions:
            if counter[0] != version:
                role = f"output {i - n_inputs}" if i >= n_inputs else f"input {i}"
                op = self.name().removesuffix("Backward0")
                kind = _dtype.from_numpy_dtype(array.dtype)._torch_name
                raise RuntimeError(
                    "one of the variables needed for gradient computation has been modified "
                    f"by an inplace operation: [torch.{kind}Tensor "
                    f"{list(array.shape)}], which is {role} of {op}, is at version "
                    f"{counter[0]}; expected version {version} instead. Hint: replace the "
                    "in-place operation (such as += or x[i] = ...) by an out-of-place one, or "
                    "clone() the tensor before changing it."
                )

    def release(self) -> None:
        """Free saved values after backward (unless retain_graph). Nodes that saved nothing
        can run backward again, as in torch."""
        if self.saved:
            self.saved = FREED
            self.saved_versions = None

    # --- introspection, as torch's grad_fn ----------------------------------------------------
    def name(self) -> str:
        return self.torch_name or f"{type(self).__name__}Backward0"

    @property
    def next_functions(self) -> tuple:
        """((node, 0), ...) for each input, as torch shows the graph; None where no grad flows."""
        return tuple((node, 0) for node in self._next)

    def __repr__(self) -> str:
        return f"<{self.name()} object at {id(self):#x}>"


class AccumulateGrad(Function):
    """The node at a leaf that requires grad: adds the incoming gradient into `leaf.grad`."""

    torch_name = "AccumulateGrad"

    sequence_nr = -1  # the engine runs accumulators after every other node

    def __init__(self, leaf):
        self.variable = leaf
        self._next = ()

    @property
    def output_device(self):
        return self.variable._device


def _mark_view(view, source, node) -> None:
    """A view shares its source's memory and version counter, and remembers its base (the
    tensor that owns the memory). A view taken directly from its base also keeps the node
    that made it, so an in-place change of the view can be replayed onto the base."""
    view._version = source._version
    if source._base is None:
        view._base, view._view_node = source, node
    else:
        view._base = source._base


def _edge(tensor):
    """The node a gradient for `tensor` flows into: its grad_fn, or its leaf accumulator."""
    if tensor.grad_fn is not None:
        return tensor.grad_fn
    node = tensor._accumulator
    if node is None:
        node = tensor._accumulator = AccumulateGrad(tensor)
    return node


# --- devices ----------------------------------------------------------------------------------


def _input_device(cls, inputs, params):
    if cls.device_arguments is not None:
        method, named = cls.device_arguments(*inputs, **params)
        return checked_arguments_device(method, named)
    return common_device(inputs)


def common_device(operands) -> _device.device:
    """The device an op on `operands` runs on, checked as torch's TensorIterator does: the
    first tensor off the CPU decides; a 0-dim CPU tensor may join it (it acts as a number)."""
    common = _device.CPU
    for x in operands:
        if isinstance(x, Tensor) and x._device is not _device.CPU:
            common = x._device
            break
    for x in operands:
        if isinstance(x, Tensor) and x._device is not common:
            if x._device is _device.CPU and x._array.ndim == 0:
                continue
            raise RuntimeError(
                "Expected all tensors to be on the same device, but found at least two "
                f"devices, {common} and {x._device}!"
            )
    return common


def checked_arguments_device(method: str, named) -> _device.device:
    """The device of ops whose generated wrapper checks each argument in turn (addmm, mm,
    bmm, nll_loss_forward): the first argument's device, or torch's error naming the
    argument that differs."""
    common = None
    for tensor, name in named:
        if tensor is None:
            continue
        if common is None:
            common = tensor._device
        elif tensor._device is not common:
            raise RuntimeError(
                f"Expected all tensors to be on the same device, but got {name} is on "
                f"{tensor._device}, different from other tensors on {common} (when checking "
                f"argument in method {method})"
            )
    return common or _device.CPU


def wrap_result(array, *operands):
    """The tensor of an op computed outside Function.apply (comparisons, argmax, ...) on
    `operands`: on their common device, checked as apply checks it."""
    if not _device.in_use:
        return wrap(array)
    return wrap(array, device=common_device(operands))
