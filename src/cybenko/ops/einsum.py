"""einsum: products and sums of tensors named by subscripts, `einsum("ij,jk->ik", a, b)`.

The equation is read here, with torch's errors, into one subscript string per operand (the
ellipsis spelled out as letters the equation does not use), so that the node's forward is
a single np.einsum and its backward one np.einsum per operand.
"""

from __future__ import annotations

import string

import numpy as np

from .. import _dtype
from .._tensor import Tensor
from ..autograd.function import Function

LETTERS = string.ascii_letters


class Einsum(Function):
    # d einsum(x_1, ..., x_n) to x_k = einsum of grad with every x_j but x_k, onto x_k's
    # subscripts: broadcast along letters only x_k has, and placed on its diagonal where
    # x_k repeats a letter (x_k's entries off that diagonal are not used)
    @staticmethod
    def forward(ctx, *operands, inputs, output):
        ctx.save_for_backward(*operands)
        ctx.inputs, ctx.output = inputs, output
        equation = ",".join(inputs) + "->" + output
        return np.asarray(np.einsum(equation, *operands, optimize=len(operands) > 1))

    @staticmethod
    def backward(ctx, grad):
        operands = ctx.saved_tensors
        grads = []
        for k, wanted in enumerate(ctx.needs_input_grad):
            grads.append(_gradient(k, grad, operands, ctx.inputs, ctx.output) if wanted else None)
        return tuple(grads)


def _gradient(k: int, grad, operands, inputs, output):
    """The gradient of operand k: an einsum of grad and the other operands."""
    x, subscripts = operands[k], inputs[k]
    unique = "".join(dict.fromkeys(subscripts))
    others = [(s, a) for j, (s, a) in enumerate(zip(inputs, operands, strict=True)) if j != k]
    seen = set(output).union(*(s for s, _ in others))
    kept = "".join(c for c in unique if c in seen)
    terms = ",".join([output] + [s for s, _ in others]) + "->" + kept
    g = np.einsum(terms, grad, *(a for _, a in others), optimize=len(others) > 0)
    sizes = {c: n for c, n in zip(subscripts, x.shape, strict=True)}
    for i, c in enumerate(unique):  # letters only x has: the output is constant along them
        if c not in seen:
            g = np.expand_dims(g, i)
    g = np.broadcast_to(g, tuple(max(g.shape[i], sizes[c]) for i, c in enumerate(unique)))
    axes = tuple(i for i, c in enumerate(unique) if sizes[c] == 1 and g.shape[i] != 1)
    if axes:  # x was broadcast along these letters
        g = g.sum(axis=axes, keepdims=True)
    if len(unique) == len(subscripts):
        return np.ascontiguousarray(g)
    out = np.zeros(x.shape, dtype=g.dtype)  # a repeated letter: write g on the diagonal
    strides = {c: 0 for c in unique}
    for c, stride in zip(subscripts, out.strides, strict=True):
        strides[c] += stride
    diagonal = np.lib.stride_tricks.as_strided(
        out, shape=g.shape, strides=[strides[c] for c in unique]
    )
    diagonal[...] = g
    return out


# --- reading the equation -----------------------------------------------------------------------


def _error(message: str) -> RuntimeError:
    return RuntimeError(f"einsum(): {message}")


def _terms(equation: str) -> tuple[list[list], list | None]:
    """The subscripts of each input term and of the output (None when implicit): a list of
    letters per term, with "..." for an ellipsis."""
    arrow = equation.find("->")
    lhs = equation if arrow < 0 else equation[:arrow]
    terms, term, i = [], [], 0
    while i < len(lhs):
        c = lhs[i]
        if c == ",":
            terms.append(term)
            term = []
        elif c == ".":
            operand = len(terms)
            if "..." in term:
                raise _error(
                    f"found '.' for operand {operand} for which an ellipsis was already found"
                )
            if lhs[i : i + 3] != "...":
                raise _error(f"found '.' for operand {operand} that is not part of any ellipsis")
            term.append("...")
            i += 2
        elif c in LETTERS:
            term.append(c)
        elif c != " ":
            raise _invalid(i)
        i += 1
    terms.append(term)
    if arrow < 0:
        return terms, None
    output, i = [], arrow + 2
    while i < len(equation):
        c = equation[i]
        if equation[i : i + 3] == "...":
            output.append("...")
            i += 2
        elif c in LETTERS:
            if c in output:
                raise _error(f"output subscript {c} appears more than once in the output")
            output.append(c)
        elif c != " ":
            raise _invalid(i)
        i += 1
    return terms, output


def _invalid(index: int) -> RuntimeError:
    return _error(
        f"invalid subscript given at index {index} in the equation string, subscripts must be "
        "in [a-zA-Z]"
    )


def _parse(equation: str, operands) -> tuple[list[str], str]:
    """One subscript string per operand and one for the output, the ellipsis spelled out."""
    terms, output = _terms(equation)
    if len(terms) < len(operands):
        raise _error("more operands were provided than specified in the equation")
    if len(terms) > len(operands):
        raise _error("fewer operands were provided than specified in the equation")
    free = [c for c in LETTERS if c not in equation]
    ellipsis_dims = 0
    for i, (term, x) in enumerate(zip(terms, operands, strict=True)):
        letters, ndim = len(term) - ("..." in term), x._array.ndim
        if "..." in term:
            if letters > ndim:
                raise _error(
                    f"the number of subscripts in the equation ({letters}) is more than the "
                    f"number of dimensions ({ndim}) for operand {i}"
                )
            ellipsis_dims = max(ellipsis_dims, ndim - letters)
        elif letters != ndim:
            raise _error(
                f"the number of subscripts in the equation ({letters}) does not match the "
                f"number of dimensions ({ndim}) for operand {i} and no ellipsis was given"
            )
    spelled = "".join(free[:ellipsis_dims])
    inputs = []
    for term, x in zip(terms, operands, strict=True):
        count = x._array.ndim - (len(term) - ("..." in term))
        inputs.append("".join(spelled[ellipsis_dims - count :] if c == "..." else c for c in term))
    if output is None:  # implicit: the ellipsis, then the letters used once, in order
        letters = [c for t in terms for c in t if c != "..."]
        once = sorted(c for c in set(letters) if letters.count(c) == 1)
        return inputs, spelled + "".join(once)
    for c in output:
        if c != "..." and not any(c in t for t in terms):
            raise _error(
                f"output subscript {c} does not appear in the equation for any input operand"
            )
    return inputs, "".join(spelled if c == "..." else c for c in output)


def _check_sizes(inputs: list[str], operands, ellipsis: set) -> None:
    """A letter has one size, up to broadcasting of size 1 across operands."""
    sizes: dict = {}
    for i, (subscripts, x) in enumerate(zip(inputs, operands, strict=True)):
        mine: dict = {}
        for d, (c, n) in enumerate(zip(subscripts, x._array.shape, strict=True)):
            if c in mine and mine[c] != n:
                raise _error(
                    f"subscript {c} is repeated for operand {i} but the sizes don't match, "
                    f"{n} != {mine[c]}"
                )
            mine[c] = n
            seen = sizes.get(c, 1)
            if n != 1 and seen != 1 and n != seen:
                if c in ellipsis:
                    raise _error(
                        f"dimension {d} covered by ellipsis in operand {i}has size {n} which "
                        f"does not broadcast with previously seen ellipsis with size {seen} "
                        "for the respective dimension"
                    )
                raise _error(
                    f"subscript {c} has size {n} for operand {i} which does not broadcast "
                    f"with previously seen size {seen}"
                )
            sizes[c] = seen if n == 1 else n


def einsum(equation, *operands):
    """Sum of products over the subscripts the output omits: einsum("ij,jk->ik", a, b) is
    a @ b, einsum("ii", a) the trace, einsum("bi,bi->b", x, y) a batch of dot products."""
    if isinstance(equation, Tensor):  # the sublist format: einsum(a, [0, 1], b, [1, 2], [0, 2])
        equation, operands = _from_sublists((equation, *operands))
    if not isinstance(equation, str):
        raise TypeError(
            f"einsum(): argument 'equation' (position 1) must be str, not {type(equation).__name__}"
        )
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    if not operands:
        raise ValueError(
            "einsum(): must specify the equation string and at least one operand, or at least "
            "one operand and its subscripts list"
        )
    for i, x in enumerate(operands):
        if not isinstance(x, Tensor):
            raise TypeError(
                f"expected Tensor as element {i} in argument 1, but got {type(x).__name__}"
            )
    inputs, output = _parse(equation, operands)
    ellipsis = set(LETTERS) - set(equation)
    _check_sizes(inputs, operands, ellipsis)
    first = operands[0].dtype
    for x in operands[1:]:
        if x.dtype is not first:
            raise RuntimeError(
                f"expected scalar type {first._torch_name} but found {x.dtype._torch_name}"
            )
    operands = _integer_operands(operands, inputs, output)
    return Einsum.apply(*operands, inputs=inputs, output=output)


_SUBLIST_LETTERS = string.ascii_uppercase + string.ascii_lowercase


def _from_sublists(args: tuple) -> tuple[str, tuple]:
    """The equation and operands of operand, sublist, operand, sublist, ... [, output sublist],
    a sublist holding numbers 0 to 51 (A-Z, then a-z) and Ellipsis."""

    def term(sublist) -> str:
        letters = []
        for n in sublist:
            if n is Ellipsis:
                letters.append("...")
            elif 0 <= n < 52:
                letters.append(_SUBLIST_LETTERS[n])
            else:
                raise ValueError(
                    "einsum(): subscript in subscript list is not within the valid range [0, 52)"
                )
        return "".join(letters)

    equation = ",".join(term(sublist) for sublist in args[1::2])
    if len(args) % 2:
        return equation + "->" + term(args[-1]), args[:-1:2]
    return equation, args[::2]


def _integer_operands(operands, inputs: list[str], output: str) -> tuple:
    """Integer and bool operands as torch's einsum treats them: a letter summed within one
    operand is summed by sum(), which gives int64; a letter contracted between operands goes
    through bmm, which keeps the dtype and has no bool kernel."""
    if operands[0].dtype.is_floating_point:
        return operands
    letters = [set(s) for s in inputs]
    count = {c: sum(c in t for t in letters) for c in set().union(*letters) if c not in output}
    operands = [
        x.to(_dtype.int64) if any(count.get(c) == 1 for c in s) else x
        for x, s in zip(operands, inputs, strict=True)
    ]
    contracted = any(n > 1 for n in count.values())
    if contracted:
        first = operands[0].dtype
        for x in operands[1:]:
            if x.dtype is not first:
                raise RuntimeError(
                    f"expected scalar type {first._torch_name} but found {x.dtype._torch_name}"
                )
        if first is _dtype.bool_:
            raise NotImplementedError("\"bmm\" not implemented for 'Bool'")
    return tuple(operands)
