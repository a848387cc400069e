"""Running results along a dim: cumprod, cummax, cummin, logcumsumexp; and diff.

(cumsum, the first of them, lives with sum in reduce.py.)
"""

from __future__ import annotations

import numpy as np

from .. import return_types
from .._tensor import _normalize_dim
from ..autograd.function import Function
from ._operands import wrap_result
from .reduce import _integral_to_long, reverse_cumsum, running


class Cumprod(Function):
    # d cumprod(a)_i / d a_j = prod of a_k for k <= i, k != j (j <= i): without zeros,
    # grad_j = sum_{i >= j} grad_i out_i / a_j; a zero gets the products around it
    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        out = running(np.cumprod, a, dim) if a.ndim else a.copy()
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        if a.ndim == 0 or a.shape[ctx.dim] == 1:  # out is a: the gradient passes (torch's)
            return grad
        d = ctx.dim
        zero = a == 0
        if not zero.any():
            return reverse_cumsum(grad * out, d) / a
        # Before the first zero of a slice: the formula above, over the outputs before the
        # zero (every later one has the zero as a factor: torch counts their share as 0,
        # even where an inf or NaN after the zero makes the output NaN). After it: 0.
        seen = np.cumsum(zero, axis=d)
        before = seen == 0
        shares = reverse_cumsum(np.where(before, grad * out, 0), d)
        result = np.where(before, shares / np.where(before, a, 1), 0)
        # At the first zero z: out_{z-1} times sum_{i >= z} grad_i prod_{z < k <= i} a_k,
        # up to the next zero (the terms after it are 0 likewise).
        first = zero & (seen == 1)
        after = np.where(seen == 0, 1, np.where(first, 1, a))  # 1 up to z, then a
        counted = (seen >= 1) & (seen - zero <= 1)
        tail = np.where(counted, running(np.cumprod, after, d) * grad, 0)
        at_zero = out_before(out, d) * np.sum(tail, axis=d, keepdims=True)
        result = np.where(first, at_zero, result)
        return result.astype(grad.dtype, copy=False)


def out_before(out: np.ndarray, axis: int) -> np.ndarray:
    """out shifted one step along `axis`: out_{i-1}, and 1 at the start (the empty product)."""
    ones = np.ones_like(np.take(out, [0], axis=axis))
    return np.concatenate([ones, np.delete(out, -1, axis=axis)], axis=axis)


def _running_pick(a: np.ndarray, axis: int, is_max: bool) -> np.ndarray:
    """For each position, where the running max (min) so far sits: a later equal value takes
    over, and so does a nan, which then stays (as in torch)."""
    moved = np.moveaxis(a, axis, -1)
    picks = np.zeros(moved.shape, np.int64)
    if moved.shape[-1] == 0:
        return np.moveaxis(picks, -1, axis)
    best = moved[..., 0].copy()
    where = np.zeros(best.shape, np.int64)
    floats = a.dtype.kind == "f"
    for i in range(moved.shape[-1]):
        x = moved[..., i]
        better = (x >= best) if is_max else (x <= best)
        if floats:
            better = better | np.isnan(x)
        best = np.where(better, x, best)
        where = np.where(better, i, where)
        picks[..., i] = where
    return np.moveaxis(picks, -1, axis)


class RunningExtreme(Function):
    """cummax and cummin: the value at the running pick of each position."""

    # d cummax(a) = each position's grad sent to (added at) the element it picked
    @staticmethod
    def forward(ctx, a, picks, dim):
        ctx.picks, ctx.dim = picks, dim
        return np.take_along_axis(a, picks, axis=dim) if a.ndim else a.copy()

    @staticmethod
    def backward(ctx, grad):
        if grad.ndim == 0:
            return grad
        moved = np.moveaxis(grad, ctx.dim, -1)
        picks = np.moveaxis(ctx.picks, ctx.dim, -1)
        out = np.zeros_like(moved)
        rows = np.indices(moved.shape[:-1] + (1,))[:-1]
        np.add.at(out, (*rows, picks), moved)
        return np.moveaxis(out, -1, ctx.dim)


class Cummax(RunningExtreme):
    """cummax: the largest value so far."""


class Cummin(RunningExtreme):
    """cummin: the smallest value so far."""


class Logcumsumexp(Function):
    # d out_i / d a_j = exp(a_j - out_i) for j <= i: grad_j = sum_{i >= j} grad_i exp(a_j - out_i),
    # summed in log space for positive and negative grads apart (nan where out is -inf, as torch)
    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        out = np.logaddexp.accumulate(a, axis=dim) if a.ndim else a.copy()
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        if grad.ndim == 0:
            return grad
        d = ctx.dim
        lowest = np.finfo(grad.dtype).min
        with np.errstate(divide="ignore", invalid="ignore"):
            log_grad = np.log(np.abs(grad))
            parts = []
            for side in (grad > 0, grad < 0):
                log_part = np.where(side, log_grad, lowest) - out
                summed = np.flip(np.logaddexp.accumulate(np.flip(log_part, d), axis=d), d)
                parts.append(np.exp(summed + a))
        return parts[0] - parts[1]


# --- the functional API ---------------------------------------------------------------------------


def cumprod(input, dim: int, *, dtype=None):
    """Running product along `dim`; integers and bools multiply as int64."""
    x = _integral_to_long(input, dtype)
    return Cumprod.apply(x, dim=_normalize_dim(dim, x._array.ndim))


def _cumulative_extreme(input, dim, node, result):
    a = input._array
    d = _normalize_dim(dim, a.ndim)
    picks = _running_pick(a, d, node is Cummax) if a.ndim else np.zeros((), np.int64)
    values = node.apply(input, picks=picks, dim=d)
    return result(values, wrap_result(picks, input))


def cummax(input, dim: int):
    """The running max along `dim` and where it sits, as (values, indices)."""
    return _cumulative_extreme(input, dim, Cummax, return_types.cummax)


def cummin(input, dim: int):
    """The running min along `dim` and where it sits, as (values, indices)."""
    return _cumulative_extreme(input, dim, Cummin, return_types.cummin)


def logcumsumexp(input, dim: int):
    """log(cumsum(exp(input))) along `dim`, without overflow; floats only."""
    a = input._array
    if a.dtype.kind != "f":
        from .counting import _torch_name

        raise NotImplementedError(
            f"\"logcumsumexp_out_cpu\" not implemented for '{_torch_name(a)}'"
        )
    return Logcumsumexp.apply(input, dim=_normalize_dim(dim, a.ndim))


def _check_diff_operand(input, other, dim: int) -> None:
    if other._array.ndim != input._array.ndim:
        raise RuntimeError("diff expects prepend or append to be the same dimension as input")
    for i, (m, n) in enumerate(zip(input._array.shape, other._array.shape, strict=True)):
        if i != dim and m != n:
            raise RuntimeError(
                "diff expects the shape of tensor to prepend or append to match that of input "
                f"except along the differencing dimension; input.size({i}) = {m}, but got "
                f"tensor.size({i}) = {n}"
            )


def diff(input, n: int = 1, dim: int = -1, prepend=None, append=None):
    """The n-th forward difference along `dim`: out[i] = x[i + 1] - x[i], n times (xor for
    bools), after joining `prepend` and `append` to the input."""
    from .compare import logical_xor
    from .shape import cat, narrow

    a = input._array
    if a.ndim == 0:
        raise RuntimeError("diff expects input to be at least one-dimensional")
    if n < 0:
        raise RuntimeError(f"order must be non-negative but got {n}")
    d = _normalize_dim(dim, a.ndim)
    parts = []
    for other in (prepend, input, append):
        if other is not None:
            if other is not input:
                _check_diff_operand(input, other, d)
            parts.append(other)
    x = cat(parts, d) if len(parts) > 1 else input
    if n == 0:
        from .creation import zeros_like

        return zeros_like(x).copy_(x)
    length = x._array.shape[d] - 1
    for _ in range(min(n, x._array.shape[d])):
        later, earlier = narrow(x, d, 1, length), narrow(x, d, 0, length)
        x = logical_xor(later, earlier) if x._array.dtype == np.bool_ else later - earlier
        length -= 1
    return x
