"""Reverse-mode automatic differentiation: backward(), grad() and the grad-mode switches."""

from __future__ import annotations

import operator

import numpy as np

from .engine import run_backward
from .function import Function, _edge
from .grad_mode import (
    enable_grad,
    inference_mode,
    is_grad_enabled,
    is_inference_mode_enabled,
    no_grad,
    set_grad_enabled,
)

__all__ = [
    "Function",
    "Variable",
    "backward",
    "enable_grad",
    "grad",
    "inference_mode",
    "is_grad_enabled",
    "is_inference_mode_enabled",
    "no_grad",
    "set_grad_enabled",
]


def _as_tuple(x) -> tuple:
    if x is None:
        return ()
    return tuple(x) if isinstance(x, (list, tuple)) else (x,)


def _root_grads(outputs, grad_outputs) -> list:
    """The starting gradient of each output (ones for a scalar given None), checked in
    torch's order: each given gradient, then their count, then that every output has a
    graph to go back through."""
    given = (None,) * len(outputs) if grad_outputs is None else _as_tuple(grad_outputs)
    # zip, as torch's: gradients beyond the outputs are ignored, too few are counted below
    pairs = zip(outputs, given)  # noqa: B905
    grads = [_root_grad(i, out, g) for i, (out, g) in enumerate(pairs)]
    if len(grads) != len(outputs):
        raise RuntimeError(f"got {len(outputs)} tensors and {len(grads)} gradients")
    for i, out in enumerate(outputs):
        if not out._requires_grad:
            raise RuntimeError(
                f"element {i} of tensors does not require grad and does not have a grad_fn"
            )
    return grads


def _root_grad(i: int, out, g):
    if g is None:
        if not out._requires_grad:
            return None
        if out._array.size != 1:
            raise RuntimeError("grad can be implicitly created only for scalar outputs")
        return np.array(1, out._array.dtype).reshape(out._array.shape)  # np.ones is slower
    if not hasattr(g, "_array"):
        raise TypeError(f"gradients can be either Tensors or None, but got {type(g).__name__}")
    if g._array.shape != out._array.shape:
        raise RuntimeError(
            f"Mismatch in shape: grad_output[{i}] has a shape of torch.Size({list(g.shape)})"
            f" and output[{i}] has a shape of torch.Size({list(out._array.shape)})."
        )
    return g._array.astype(out._array.dtype, copy=False)


def _inputs(inputs, caller: str) -> tuple:
    """backward's or grad's `inputs` as a tuple, refused when empty as torch refuses it."""
    inputs = _as_tuple(inputs)
    if not inputs:
        raise RuntimeError(f"`inputs` argument to `{caller}()` cannot be empty.")
    return inputs


def _no_create_graph(create_graph: bool) -> None:
    if create_graph:
        raise RuntimeError(
            "create_graph=True (gradients of gradients) is not supported: cybenko's nodes "
            "compute their backward on plain arrays, outside the graph."
        )


def backward(tensors, grad_tensors=None, retain_graph=None, create_graph=False, inputs=None):
    """Accumulate into each leaf's `.grad` the gradient of `tensors` (sum over them)."""
    _no_create_graph(create_graph)
    if grad_tensors is None and inputs is None and hasattr(tensors, "_array"):
        grad = _root_grad(0, tensors, None)  # loss.backward(): one scalar, the common case
        if grad is not None:
            run_backward([_edge(tensors)], [grad], retain_graph=bool(retain_graph))
            return
    leaves = None if inputs is None else _inputs(inputs, "backward")
    outputs = _as_tuple(tensors)
    grads = _root_grads(outputs, grad_tensors)
    roots = [_edge(t) for t in outputs]
    keep = bool(retain_graph)
    if leaves is None:
        run_backward(roots, grads, retain_graph=keep)
        return
    from .engine import _accumulate

    for t in leaves:
        if not t._requires_grad:  # torch retains each input's grad, which refuses this
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
    nodes = [_edge(t) for t in leaves]
    captured = run_backward(roots, grads, retain_graph=keep, capture=set(nodes))
    for leaf, node in zip(leaves, nodes, strict=True):
        if captured.get(node) is not None:
            _accumulate(leaf, captured[node])


def grad(
    outputs,
    inputs,
    grad_outputs=None,
    retain_graph=None,
    create_graph=False,
    allow_unused=None,
    materialize_grads=False,
):
    """The gradients of `outputs` with respect to `inputs`, returned, not accumulated."""
    from .._tensor import _wrap

    _no_create_graph(create_graph)
    if materialize_grads and allow_unused is False:
        raise ValueError(
            "Expected allow_unused to be True or not passed when materialize_grads=True, "
            "but got: allow_unused=False."
        )
    outputs = _as_tuple(outputs)
    inputs = _inputs(inputs, "grad")
    grads = _root_grads(outputs, grad_outputs)
    if not all(t._requires_grad for t in inputs):
        raise RuntimeError("One of the differentiated Tensors does not require grad")
    nodes = [_edge(t) for t in inputs]
    roots = [_edge(t) for t in outputs]
    captured = run_backward(roots, grads, retain_graph=bool(retain_graph), capture=set(nodes))
    result = []
    for i, (t, node) in enumerate(zip(inputs, nodes, strict=True)):
        g = captured.get(node)
        if g is None:
            if materialize_grads:
                g = np.zeros_like(t._array)
            elif not allow_unused:
                raise RuntimeError(
                    f"The differentiated Tensor at index {i} appears to not have been used in "
                    "the graph. Set allow_unused=True if this is the desired behavior."
                )
        result.append(None if g is None else _wrap(g.astype(t._array.dtype), device=t._device))
    return tuple(result)


def Variable(data, requires_grad: bool = False):  # noqa: N802 - the legacy name
    """The pre-0.4 wrapper; today a tensor is its own Variable."""
    from .._tensor import Tensor

    t = data.detach() if isinstance(data, Tensor) else data
    # an integer flag is taken, as torch's argument parser takes one (requires_grad_ is stricter)
    return t.requires_grad_(bool(operator.index(requires_grad)))
