"""The backward pass: walk the graph from the outputs back to the leaves.

Nodes run in an order where each node receives the sum of all gradients flowing into it
before it runs (a topological order, found iteratively, so deep graphs never hit Python's
recursion limit). Broadcasting is undone here, in one place, for every op.
"""

from __future__ import annotations

import operator

import numpy as np

from .._sparse import SparseGrad
from .._tensor import _wrap
from . import opmath
from .function import AccumulateGrad


def unbroadcast(grad: np.ndarray, shape: tuple) -> np.ndarray:
    """Sum `grad` over the axes that broadcasting added or stretched, back to `shape`."""
    if grad.shape == shape:
        return grad
    extra = grad.ndim - len(shape)
    axes = tuple(range(extra)) + tuple(
        i + extra for i, n in enumerate(shape) if n == 1 and grad.shape[i + extra] != 1
    )
    summed = np.add.reduce(grad, axis=axes, keepdims=True) if axes else grad
    return summed.reshape(shape)


def _reachable(roots) -> list:
    """Every node the roots depend on, latest-created first.

    A node is always created after the nodes of its inputs, so ordering by creation number,
    newest first, is a topological order: each node runs after every node that sends it a
    gradient. Leaf accumulators come last.
    """
    nodes = []
    stack = list(roots)
    seen = set(stack)
    while stack:
        node = stack.pop()
        nodes.append(node)
        for child in node._next:
            if child is not None and child not in seen:
                seen.add(child)
                stack.append(child)
    nodes.sort(key=_creation_order, reverse=True)
    return nodes


_creation_order = operator.attrgetter("sequence_nr")  # AccumulateGrad's is -1: last


def run_backward(roots, grads, *, retain_graph: bool, capture=None) -> dict | None:
    """Propagate `grads` from the `roots` nodes.

    With `capture` (a set of nodes) nothing is accumulated into leaves; instead the gradient
    arriving at each captured node is returned, for autograd.grad.
    """
    buffers: dict = {}
    for node, grad in zip(roots, grads, strict=True):
        buffers[node] = grad if node not in buffers else buffers[node] + grad
    captured = {} if capture is not None else None

    for node in _reachable(roots):
        grad = buffers.pop(node, None)
        if grad is not None:
            if node._tensor_hooks:
                grad = _run_hooks(node, grad)
            if node._retained is not None:
                _retain(node, grad)
        if capture is not None and node in capture:
            captured[node] = grad
        if type(node) is AccumulateGrad:
            if capture is None and grad is not None:
                _accumulate(node.variable, grad)
            continue
        if grad is None:
            continue
        if node.widened:  # a float16 node whose backward torch fuses
            grad = opmath.widen_grad(grad)
        input_grads = type(node).backward(node, grad)
        if type(input_grads) is not tuple:
            input_grads = (input_grads,)
        if not retain_graph:
            node.release()
        for child, g, meta in zip(node._next, input_grads, node.input_meta):  # noqa: B905
            if child is None or g is None:
                continue
            shape, dtype = meta
            if g.shape != shape:
                g = unbroadcast(g, shape)
            if g.dtype != dtype:
                g = g.astype(dtype)
            buffers[child] = g if child not in buffers else buffers[child] + g
    return captured


def _run_hooks(node, grad):
    for hook in node._tensor_hooks:
        result = hook(_wrap(grad, device=node.output_device))
        if result is not None:
            grad = result._array
    return grad


def _retain(node, grad) -> None:
    tensor = node._retained()
    if tensor is None:
        return
    if tensor._grad is None:
        tensor._grad = _wrap(grad.copy(), device=tensor._device)
    else:
        tensor._grad._array += grad


def _accumulate(leaf, grad) -> None:
    """leaf.grad += grad, in place when a grad exists (so held references see it). A sparse
    gradient (Embedding(sparse=True)) stays sparse while only sparse ones arrive."""
    held = leaf._grad
    if held is None and not isinstance(grad, SparseGrad):  # the first: its own copy
        leaf._grad = _wrap(grad.astype(leaf._array.dtype, copy=True), device=leaf._device)
    elif isinstance(grad, SparseGrad) or isinstance(held, SparseGrad):
        leaf._grad = grad if held is None else _sum_with_sparse(held, grad)
    else:
        leaf._grad._array += grad


def _sum_with_sparse(held, grad):
    if isinstance(held, SparseGrad):
        total = held + grad
        return total if isinstance(total, SparseGrad) else _wrap(total)
    held._array += grad.dense_array()
    return held
