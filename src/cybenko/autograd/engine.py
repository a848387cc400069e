"""The backward pass: walk the graph from the outputs back to the leaves.

Each node runs once it holds the sum of all gradients flowing into it. A node is created
after the nodes of its inputs, so the newest node waiting always has every gradient it will
get: the engine keeps the nodes that got a gradient in a heap and runs the newest first, a
topological order found as it goes, without recursion (deep graphs never hit Python's
limit). Leaf accumulators come last. Broadcasting is undone here, in one place, for every op.
"""

from __future__ import annotations

import heapq
import itertools

import numpy as np

from .._sparse import SparseGrad
from .._tensor import Tensor, _wrap
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


def run_backward(roots, grads, *, retain_graph: bool, capture=None) -> dict | None:
    """Propagate `grads` from the `roots` nodes.

    With `capture` (a set of nodes) nothing is accumulated into leaves; instead the gradient
    arriving at each captured node is returned, for autograd.grad.
    """
    buffers: dict = {}  # the gradient summed so far for each node waiting to run
    waiting: list = []  # heap of (-creation number, arrival, node): the newest node first
    arrival = itertools.count()  # tells apart accumulators, which share their number
    for node, grad in zip(roots, grads, strict=True):
        if node in buffers:
            buffers[node] = buffers[node] + grad
        else:
            buffers[node] = grad
            heapq.heappush(waiting, (-node.sequence_nr, next(arrival), node))
    captured = {} if capture is not None else None

    while waiting:
        node = heapq.heappop(waiting)[2]
        grad = buffers.pop(node)
        if node._tensor_hooks:
            grad = _run_hooks(node, grad)
        if node._retained is not None:
            _retain(node, grad)
        if capture is not None and node in capture:
            captured[node] = grad
        if type(node) is AccumulateGrad:
            if capture is None:
                _accumulate(node.variable, grad)
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
            if child in buffers:
                buffers[child] = buffers[child] + g
            else:
                buffers[child] = g
                heapq.heappush(waiting, (-child.sequence_nr, next(arrival), child))
    return captured


def _run_hooks(node, grad):
    for hook in node._tensor_hooks:
        given = _wrap(grad, device=node.output_device)
        result = hook(given)
        if result is not None:
            _check_hook_result(hook, given, result)
            grad = result._array
    return grad


def _check_hook_result(hook, given, result) -> None:
    """A hook may replace the gradient only by a tensor of its shape and dtype, as torch's."""
    if not isinstance(result, Tensor):
        raise TypeError(f"expected Variable, but hook returned '{type(result).__name__}'")
    name = getattr(hook, "__name__", "<unknown>")
    if result.dtype != given.dtype:
        raise RuntimeError(
            f"hook '{name}' has changed the type of value (was {given.type()} got {result.type()})"
        )
    if result.shape != given.shape:
        raise RuntimeError(f"hook '{name}' has changed the size of value")


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
