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
"""

from __future__ import annotations

import itertools

from . import grad_mode

_sequence = itertools.count()

FREED = "freed"


class Function:
    """Base class of every op. The instance is both the ctx and the graph node."""

    __slots__ = (
        "_next",
        "needs_input_grad",
        "input_meta",
        "sequence_nr",
        "saved",
        "saved_versions",
        "_tensor_hooks",
        "_retained",
        "__dict__",
    )

    # The name torch gives this node (shown as grad_fn=<...>); defaults to ClassNameBackward0.
    torch_name: str | None = None
    # View ops return arrays sharing memory with their input: the output shares its version
    # counter, so an in-place change through either is seen by nodes that saved the other.
    is_view = False

    def __init__(self):
        self.saved = ()
        self.saved_versions = None
        self._tensor_hooks = None
        self._retained = None

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
        from .._tensor import Tensor, _wrap

        arrays = []
        needs = []
        for x in inputs:
            if isinstance(x, Tensor):
                arrays.append(x._array)
                needs.append(x._requires_grad)
            else:
                arrays.append(x)
                needs.append(False)
        record = grad_mode.enabled and any(needs)
        ctx = cls()
        ctx.needs_input_grad = needs
        out = cls.forward(ctx, *arrays, **params)
        if not record:
            result = _wrap(out)
            if cls.is_view:
                result._version = inputs[0]._version
            return result
        ctx._next = tuple(
            _edge(x) if need else None for x, need in zip(inputs, needs, strict=True)
        )
        ctx.input_meta = tuple(
            (a.shape, a.dtype) if need else None for a, need in zip(arrays, needs, strict=True)
        )
        ctx.sequence_nr = next(_sequence)
        result = _wrap(out, True, ctx)
        if cls.is_view:
            result._version = inputs[0]._version
            result._base = inputs[0] if inputs[0]._base is None else inputs[0]._base
        if ctx.saved:
            ctx._record_versions(inputs, result)
        return result

    def _record_versions(self, inputs, output) -> None:
        """Remember the version of each tensor whose array was saved, to detect later
        in-place changes that would make the saved values wrong."""
        from .._tensor import Tensor

        records = []
        for array in self.saved:
            for i, t in enumerate((*inputs, output)):
                if isinstance(t, Tensor) and t._array is array:
                    records.append((t, i, t._version, t._version[0]))
                    break
        self.saved_versions = records

    def _check_versions(self) -> None:
        n_inputs = len(self._next)
        for t, i, counter, version in self.saved_versions:
            if counter[0] != version:
                role = f"output {i - n_inputs}" if i >= n_inputs else f"input {i}"
                raise RuntimeError(
                    "one of the variables needed for gradient computation has been modified "
                    f"by an inplace operation: [torch.{t.dtype._torch_name}Tensor "
                    f"{list(t._array.shape)}], which is {role} of {self.name().removesuffix('Backward0')}, is at version "
                    f"{counter[0]}; expected version {version} instead. Hint: replace the "
                    "in-place operation (such as += or x[i] = ...) by an out-of-place one, or "
                    "clone() the tensor before changing it."
                )

    def release(self) -> None:
        """Free saved arrays after backward (unless retain_graph)."""
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

    def __init__(self, leaf):
        super().__init__()
        self.variable = leaf
        self._next = ()
        self.sequence_nr = float("inf")  # run as soon as ready, like torch


def _edge(tensor):
    """The node a gradient for `tensor` flows into: its grad_fn, or its leaf accumulator."""
    if tensor.grad_fn is not None:
        return tensor.grad_fn
    node = tensor._accumulator
    if node is None:
        node = tensor._accumulator = AccumulateGrad(tensor)
    return node
