"""The backward pass: walk the graph from the outputs back to the leaves.

Nodes run in an order where each node receives the sum of all gradients flowing into it
before it runs (a topological order, found iteratively, so deep graphs never hit Python's
recursion limit). Among nodes that are ready, the most recently created runs first, as in
torch. Broadcasting is undone here, in one place, for every op.
"""

from __future__ import annotations

import heapq
import itertools

import numpy as np

from .function import AccumulateGrad


def unbroadcast(grad: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum `grad` over the axes that broadcasting added or stretched, back to `shape`."""
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    axes = tuple(range(extra)) + tuple(
        i + extra for i, n in enumerate(shape) if n == 1 and grad.shape[i + extra] != 1
    )
    summed = grad.sum(axis=axes, keepdims=True) if axes else grad
    return summed.reshape(shape)


def _dependencies(roots) -> dict:
    """How many edges point at each node reachable from the roots."""
    counts: dict = {}
    stack = list(roots)
    seen = set(stack)
    while stack:
        node = stack.pop()
        for child in node._next:
            if child is None:
                continue
            counts[child] = counts.get(child, 0) + 1
            if child not in seen:
                seen.add(child)
                stack.append(child)
    return counts


def run_backward(roots, grads, *, retain_graph: bool, capture=None) -> dict | None:
    """Propagate `grads` from the `roots` nodes.

    With `capture` (a set of nodes) nothing is accumulated into leaves; instead the gradient
    arriving at each captured node is returned, for autograd.grad.
    """
    pending = _dependencies(roots)
    buffers: dict = {}
    for node, grad in zip(roots, grads, strict=True):
        buffers[node] = grad if node not in buffers else buffers[node] + grad
    tie = itertools.count()
    ready = [(-node.sequence_nr, next(tie), node) for node in set(roots) if node not in pending]
    heapq.heapify(ready)
    captured = {} if capture is not None else None

    while ready:
        node = heapq.heappop(ready)[2]
        grad = buffers.pop(node, None)
        if grad is not None and node._tensor_hooks:
            grad = _run_hooks(node, grad)
        if grad is not None and node._retained is not None:
            _retain(node, grad)
        if capture is not None and node in capture:
            captured[node] = grad
        if isinstance(node, AccumulateGrad):
            if capture is None and grad is not None:
                _accumulate(node.variable, grad)
            continue
        input_grads = _call_backward(node, grad) if grad is not None else ()
        if not retain_graph:
            node.release()
        for i, child in enumerate(node._next):
            if child is None:
                continue
            g = input_grads[i] if i < len(input_grads) else None
            if g is not None:
                shape, dtype = node.input_meta[i]
                if g.shape != shape:
                    g = unbroadcast(g, shape)
                if g.dtype != dtype:
                    g = g.astype(dtype)
                buffers[child] = g if child not in buffers else buffers[child] + g
            pending[child] -= 1
            if pending[child] == 0:
                heapq.heappush(ready, (-child.sequence_nr, next(tie), child))
    return captured


def _call_backward(node, grad):
    grads = type(node).backward(node, grad)
    return grads if isinstance(grads, tuple) else (grads,)


def _run_hooks(node, grad):
    from .._tensor import _wrap

    for hook in node._tensor_hooks:
        result = hook(_wrap(grad))
        if result is not None:
            grad = result._array
    return grad


def _retain(node, grad) -> None:
    from .._tensor import _wrap

    tensor = node._retained()
    if tensor is None:
        return
    if tensor._grad is None:
        tensor._grad = _wrap(grad.copy())
    else:
        tensor._grad._array += grad


def _accumulate(leaf, grad: np.ndarray) -> None:
    """leaf.grad += grad, in place when a grad exists (so held references see it)."""
    from .._tensor import _wrap

    if leaf._grad is None:
        leaf._grad = _wrap(np.array(grad, dtype=leaf._array.dtype, copy=True))
    else:
        leaf._grad._array += grad
