"""Matrix products: matmul (and @), mm, bmm, mv, dot, outer."""

from __future__ import annotations

import math

import numpy as np

from .._tensor import Tensor
from ..autograd.function import Function
from ._operands import broadcast_shape
from .arithmetic import mul


class MatMul(Function):
    # d(A @ B) = grad @ B^T (to A), A^T @ grad (to B); vectors act as 1-row / 1-column matrices
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.matmul(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        if a.ndim == 2 and b.ndim == 2:
            return (grad @ b.T if need_a else None), (a.T @ grad if need_b else None)
        a2 = a[np.newaxis, :] if a.ndim == 1 else a
        b2 = b[:, np.newaxis] if b.ndim == 1 else b
        g = grad
        if b.ndim == 1:
            g = g[..., np.newaxis]
        if a.ndim == 1:
            g = np.expand_dims(g, -2)
        ga = np.matmul(g, np.swapaxes(b2, -1, -2)) if need_a else None
        gb = np.matmul(np.swapaxes(a2, -1, -2), g) if need_b else None
        if ga is not None and a.ndim == 1:
            ga = ga.reshape(ga.shape[:-2] + ga.shape[-1:])
        if gb is not None and b.ndim == 1:
            gb = gb.reshape(gb.shape[:-1])
        return ga, gb


class Bmm(MatMul):
    """torch.bmm: MatMul of two batches of matrices, (b, n, m) @ (b, m, p)."""


def _check(a: Tensor, b: Tensor) -> None:
    """Raise torch's error when the shapes or dtypes cannot be multiplied."""
    x, y = a._array, b._array
    if x.ndim == 2 and y.ndim == 2 and x.shape[1] == y.shape[0] and x.dtype == y.dtype:
        return
    if x.ndim == 0 or y.ndim == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {x.ndim}D and {y.ndim}D"
        )
    if x.dtype != y.dtype:
        if x.ndim == 1 and y.ndim == 1:
            raise RuntimeError(
                "dot : expected both vectors to have same dtype, but found "
                f"{a.dtype._torch_name} and {b.dtype._torch_name}"
            )
        first, second = a.dtype._torch_name, b.dtype._torch_name
        if y.ndim == 1:  # torch runs matrix @ vector as addmv into a buffer of the vector's dtype
            raise RuntimeError(
                "addmv input tensors must have the same dtype, but got "
                f"{second}, {first}, and {second}"
            )
        if y.ndim > 2:  # batched: bmm
            raise RuntimeError(f"expected scalar type {first} but found {second}")
        raise RuntimeError(
            "expected m1 and m2 to have the same dtype, but got: "
            f"{a.dtype._c_name} != {b.dtype._c_name}"
        )
    _check_shapes(x.shape, y.shape)


def _check_shapes(xs: tuple, ys: tuple) -> None:
    if len(xs) > 2 and len(ys) <= 2:  # torch folds the batch into the rows of one mm or mv
        xs = (math.prod(xs[:-1]), xs[-1])
    if len(xs) == 1 and len(ys) == 1:
        if xs != ys:
            raise RuntimeError(
                f"inconsistent tensor size, expected tensor [{xs[0]}] and src [{ys[0]}] to have "
                f"the same number of elements, but got {xs[0]} and {ys[0]} elements respectively"
            )
        return
    if len(xs) == 2 and len(ys) == 1:
        if xs[1] != ys[0]:
            raise RuntimeError(
                f"size mismatch, got input ({xs[0]}), mat ({xs[0]}x{xs[1]}), vec ({ys[0]})"
            )
        return
    rows, inner = (1, xs[0]) if len(xs) == 1 else xs[-2:]
    depth, cols = (ys[0], 1) if len(ys) == 1 else ys[-2:]
    if len(xs) <= 2 and len(ys) <= 2:
        if inner != depth:
            raise RuntimeError(
                f"mat1 and mat2 shapes cannot be multiplied ({rows}x{inner} and {depth}x{cols})"
            )
        return
    batch = math.prod(broadcast_shape(xs[:-2], ys[:-2] if len(ys) > 1 else ()))
    if inner != depth:
        raise RuntimeError(
            "Expected size for first two dimensions of batch2 tensor to be: "
            f"[{batch}, {inner}] but got: [{batch}, {depth}]."
        )


def matmul(input, other):
    """Matrix product with torch's rules for 1-D, 2-D and batched (broadcast) operands."""
    _check(input, other)
    return MatMul.apply(input, other)


def mm(input, mat2):
    """Product of two matrices."""
    for name, t in (("self", input), ("mat2", mat2)):
        if t._array.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix")
    return matmul(input, mat2)


def bmm(input, mat2):
    """Batched product of (b, n, m) and (b, m, p) tensors."""
    if input._array.ndim != 3 or mat2._array.ndim != 3:
        raise RuntimeError("batch1 must be a 3D tensor")
    (b, _, inner), (b2, depth, _) = input._array.shape, mat2._array.shape
    if (b, inner) != (b2, depth):
        raise RuntimeError(
            "Expected size for first two dimensions of batch2 tensor to be: "
            f"[{b}, {inner}] but got: [{b2}, {depth}]."
        )
    _check(input, mat2)
    return Bmm.apply(input, mat2)


def mv(input, vec):
    if input._array.ndim != 2 or vec._array.ndim != 1:
        raise RuntimeError(
            f"vector + matrix @ vector expected, got 1, {input._array.ndim}, {vec._array.ndim}"
        )
    return matmul(input, vec)


def dot(input, other):
    if input._array.ndim != 1 or other._array.ndim != 1:
        raise RuntimeError(
            f"1D tensors expected, but got {input._array.ndim}D and {other._array.ndim}D tensors"
        )
    return matmul(input, other)


def outer(input, vec2):
    """input[i] * vec2[j], as torch computes it: a broadcast product."""
    for name, t in (("self", input), ("vec2", vec2)):
        if t._array.ndim != 1:
            raise RuntimeError(f"outer: Expected 1-D argument {name}, but got {t._array.ndim}-D")
    return mul(input.reshape(-1, 1), vec2)
