"""Function: one differentiable op, the node of the computational graph.

A Function subclass states its math on raw NumPy arrays, and nothing else:

    class Mul(Function):
        # d(ab) = grad*b, grad*a
        @staticmethod
        def forward(ctx, a, b):
            ctx.save_for_backward(a, b)
            return a * b

        @staticmethod
        def backward(ctx, grad):
            a, b = ctx.saved_tensors
            return grad * b, grad * a

`Mul.apply(x, y)` runs forward on the tensors' arrays and, only when some input requires grad
and grad mode is on, keeps the instance (the `ctx`) as the output's `grad_fn`, linked to the
nodes that made its inputs. Backward returns one gradient per positional input (None where
there is none); the engine undoes broadcasting and casts to the input's dtype, so ops never do.

What torch keeps besides the math lives beside this module, one concern each: the names of
the nodes in `naming.py`, views and version counters in `views.py`, devices in
`cybenko._device`.
"""

from __future__ import annotations

import itertools

from .. import _device
from .._tensor import Tensor, _wrap
from . import grad_mode, opmath, views

_sequence = itertools.count()
_WRITES = views.WRITES

FREED = "freed"


class Function:
    """Base class of every op. The instance is both the ctx and the graph node."""

    # True for an op whose forward returns a NumPy view of its first input (x.t(), x[0]):
    # views.py then makes the output a torch view of that input.
    is_view = False

    # Per-node state; class-level defaults keep creating a node cheap.
    saved: tuple | str = ()
    saved_versions = None  # see views.check_versions
    writes_seen = 0  # views.WRITES when the node was made
    output_device = _device.CPU  # where the output, and so the gradient arriving here, lives
    in_place = False  # recorded by writing into its input (x.add_(y)); see views.apply_inplace
    # float16 inputs are computed in float32 (opmath.py); False for an op that only casts
    in_float32 = True
    widened = False
    inference_inputs = False  # set by _link: forward must not save them (torch's refusal)
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
        if self.saved_versions and _WRITES[0] != self.writes_seen:
            views.check_versions(self)
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
        """Run forward on the inputs' arrays and return its output as a tensor, whose grad_fn
        is this node when the graph is recorded."""
        ctx = cls.__new__(cls)
        arrays, edges = _unwrap(ctx, inputs)  # edges is None when nothing is recorded
        device = _device.in_use and _device.output_device(cls, inputs, params)
        if device:
            arrays = _device.arrays_on(device, arrays)
        widened = opmath.widens(arrays) and cls.in_float32 and not cls.is_view
        try:
            if widened:  # float16: computed in float32, rounded once (opmath.py)
                wide = opmath.widen(arrays)
                out = cls.forward(ctx, *wide, **params)
                out, ctx.widened, saved_out = opmath.narrow(ctx, out, arrays, wide)
            else:
                out = cls.forward(ctx, *arrays, **params)
        except ValueError as e:  # NumPy's broadcasting error, told in torch's words
            raise _broadcast_error(e, arrays) from None
        result = _wrap(out) if edges is None else _wrap(out, True, ctx)
        if device:
            result._device = ctx.output_device = device
        if cls.is_view:
            views.mark_view(result, inputs[0], ctx)
        if ctx.saved and edges is not None:  # the output's version, after the inputs' (_link)
            if ctx.inference_inputs:
                _refuse_saved_inference(ctx, inputs)
            counter = result._version_counter
            if ctx.widened:  # the float32 copies saved stand for the float16 arrays
                _versions_of_copies(ctx, arrays, wide)
                out = result._array if saved_out is None else saved_out
                ctx.saved_versions.append((id(out), counter, counter[0], result._array.dtype))
            else:
                ctx.saved_versions.append((id(result._array), counter, counter[0]))
        return result

    def release(self) -> None:
        """Free saved values after backward (unless retain_graph). Nodes that saved nothing
        can run backward again, as in torch."""
        if self.saved:
            self.saved = FREED
            self.saved_versions = None

    # --- introspection, as torch's grad_fn ----------------------------------------------------
    def name(self) -> str:
        """The name torch gives this node (shown as grad_fn=<...>), from naming.py."""
        from . import naming  # naming imports the ops, which import this module

        return naming.name(self)

    @property
    def next_functions(self) -> tuple:
        """((node, 0), ...) for each input, as torch shows the graph; None where no grad flows."""
        from . import naming

        return naming.next_functions(self)

    def __repr__(self) -> str:
        return f"<{self.name()} object at {id(self):#x}>"


def _unwrap(ctx, inputs) -> tuple:
    """The inputs' arrays (numbers pass as they are), and the nodes their gradients flow
    into, or None when nothing is recorded: grad mode is off or no input requires grad.
    Tells ctx which inputs need a gradient."""
    recording = grad_mode.enabled
    arrays = []
    for x in inputs:
        if isinstance(x, Tensor):
            if recording and x._requires_grad:
                return _link(ctx, inputs)
            arrays.append(x._array)
        else:
            arrays.append(x)
    ctx.needs_input_grad = [False] * len(inputs)
    return arrays, None


def _link(ctx, inputs) -> tuple:
    """_unwrap for a node the graph records: also its edges, the node each input's gradient
    flows into (None where none flows), each input's (shape, dtype), with which the engine
    undoes broadcasting and casts (None for a number), its creation number, which orders
    the backward pass, and each input's version (views.check_versions)."""
    arrays = []
    needs = []
    edges = []
    meta = []
    versions = []
    for x in inputs:
        if isinstance(x, Tensor):
            a = x._array
            arrays.append(a)
            meta.append((a.shape, a.dtype))
            counter = x._version_counter
            versions.append((id(a), counter, counter[0]))
            if x._inference:
                ctx.inference_inputs = True
            if x._requires_grad:
                needs.append(True)
                edges.append(x.grad_fn or x._accumulator or _edge(x))
                continue
        else:
            arrays.append(x)
            meta.append(None)
            versions.append(None)
        needs.append(False)
        edges.append(None)
    ctx.needs_input_grad = needs
    ctx._next = edges
    ctx.input_meta = meta
    ctx.saved_versions = versions
    ctx.writes_seen = _WRITES[0]
    ctx.sequence_nr = next(_sequence)
    return arrays, edges


def _refuse_saved_inference(ctx, inputs) -> None:
    """torch's refusal, at the forward op, to save an inference tensor for backward."""
    saved = {id(a) for a in ctx.saved}
    for x in inputs:
        if isinstance(x, Tensor) and x.is_inference() and id(x._array) in saved:
            raise RuntimeError(
                "Inference tensors cannot be saved for backward. Please do not use Tensors "
                "created in inference mode in computation tracked by autograd. To work around "
                "this, you can make a clone to get a normal tensor and use it in autograd, or "
                "use `torch.no_grad()` instead of `torch.inference_mode()`."
            )


def _versions_of_copies(ctx, arrays, wide) -> None:
    """For a node that saved float32 copies of float16 inputs: each input's version record
    names the copy it saved instead of the float16 array, and the float16 dtype (for the
    error's words)."""
    records = ctx.saved_versions
    for i, (a, w) in enumerate(zip(arrays, wide)):  # noqa: B905
        if w is not a and records[i] is not None:
            _, counter, version = records[i]
            records[i] = (id(w), counter, version, a.dtype)


def _broadcast_error(error: ValueError, arrays) -> Exception:
    from ..ops._operands import broadcast_error  # the ops import this module

    return broadcast_error(error, arrays)


class AccumulateGrad(Function):
    """The node at a leaf that requires grad: adds the incoming gradient into `leaf.grad`."""

    sequence_nr = -1  # the engine runs accumulators after every other node

    def __init__(self, leaf):
        self.variable = leaf
        self._next = ()

    @property
    def output_device(self):
        return self.variable._device


def _edge(tensor):
    """The node a gradient for `tensor` flows into: its grad_fn, or its leaf accumulator."""
    if tensor.grad_fn is not None:
        return tensor.grad_fn
    node = tensor._accumulator
    if node is None:
        node = tensor._accumulator = AccumulateGrad(tensor)
    return node
