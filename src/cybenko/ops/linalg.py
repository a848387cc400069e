"""Matrix products: matmul (and @), mm, bmm, mv, dot, outer, addmm, baddbmm, addbmm,
tensordot, inner, cross, kron."""

from __future__ import annotations

import math

import numpy as np

from .. import _dtype
from .._size import as_int, parse_int, type_name
from .._tensor import Tensor, _normalize_dim
from .._warnings import warn
from ..autograd.function import Function
from ._operands import broadcast_shape, common, require_tensors
from .arithmetic import mul
from .einsum import LETTERS, Einsum
from .layers import column_times_row


class MatMul(Function):
    # d(A @ B) = grad @ B^T (to A), A^T @ grad (to B); vectors act as 1-row / 1-column matrices
    # (two matrices go through ndarray.dot: the BLAS call np.matmul makes, with less to set
    # up; see _parallel.matmul)
    @staticmethod
    def forward(ctx, a, b):
        # each saved only for the other's gradient, as torch saves them
        need_a, need_b = ctx.needs_input_grad
        ctx.save_for_backward(a if need_b else None, b if need_a else None)
        ctx.ndims = a.ndim, b.ndim
        if a.ndim != 2 or b.ndim != 2:
            return np.matmul(a, b)
        return a.dot(b) if a.shape[1] != 1 else column_times_row(a, b[0])

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        need_a, need_b = ctx.needs_input_grad
        a_ndim, b_ndim = ctx.ndims
        if a_ndim == 2 and b_ndim == 2:
            return (grad.dot(b.T) if need_a else None), (a.T.dot(grad) if need_b else None)
        g = grad
        if b_ndim == 1:
            g = g[..., np.newaxis]
        if a_ndim == 1:
            g = np.expand_dims(g, -2)
        ga = gb = None
        if need_a:
            b2 = b[:, np.newaxis] if b_ndim == 1 else b
            ga = np.matmul(g, np.swapaxes(b2, -1, -2))
            if a_ndim == 1:
                ga = ga.reshape(ga.shape[:-2] + ga.shape[-1:])
        if need_b:
            a2 = a[np.newaxis, :] if a_ndim == 1 else a
            gb = np.matmul(np.swapaxes(a2, -1, -2), g)
            if b_ndim == 1:
                gb = gb.reshape(gb.shape[:-1])
        return ga, gb


class Bmm(MatMul):
    """torch.bmm: MatMul of two batches of matrices, (b, n, m) @ (b, m, p)."""


def _check(a: Tensor, b: Tensor) -> None:
    """Raise torch's error when the shapes or dtypes cannot be multiplied."""
    x, y = a._array, b._array
    same = x.dtype == y.dtype
    if x.ndim == 2 and y.ndim == 2 and x.shape[1] == y.shape[0] and same and x.dtype != bool:
        return
    if x.ndim == 0 or y.ndim == 0:
        raise RuntimeError(
            f"both arguments to matmul need to be at least 1D, but they are {x.ndim}D and {y.ndim}D"
        )
    if not same:
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
    if x.dtype == bool and (x.ndim == y.ndim == 1 or (x.size and y.size)):
        raise NotImplementedError(f'"{_kernel(x.ndim, y.ndim)}" not implemented for \'Bool\'')


def _kernel(x_ndim: int, y_ndim: int) -> str:
    """The torch kernel a product of these ranks runs (named in its dtype errors)."""
    if x_ndim == y_ndim == 1:
        return "dot"
    if y_ndim == 1:
        return "addmv_impl_cpu"
    return "addmm_impl_cpu_" if y_ndim == 2 else "bmm"


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
    try:
        _check(input, other)
    except AttributeError:  # not a tensor (checked only here, off the fast path)
        require_tensors("matmul", input=input, other=other)
        raise
    return MatMul.apply(input, other)


def matmul_operator(self, other):
    """x @ other: Python's own TypeError when other is not a tensor, as torch gives."""
    return matmul(self, other) if isinstance(other, Tensor) else NotImplemented


def rmatmul_operator(self, other):
    """other @ x, for other not a tensor: refused in Python's words, as torch does."""
    return matmul(other, self) if isinstance(other, Tensor) else NotImplemented


def mm(input, mat2):
    """Product of two matrices."""
    for name, t in (("self", input), ("mat2", mat2)):
        if t._array.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix")
    return matmul(input, mat2)


def bmm(input, mat2):
    """Batched product of (b, n, m) and (b, m, p) tensors."""
    for name, x in (("batch1", input), ("batch2", mat2)):
        if x._array.ndim != 3:
            raise RuntimeError(f"{name} must be a 3D tensor")
    (b, _, inner), (b2, depth, _) = input._array.shape, mat2._array.shape
    if (b, inner) != (b2, depth):
        raise RuntimeError(
            "Expected size for first two dimensions of batch2 tensor to be: "
            f"[{b}, {inner}] but got: [{b2}, {depth}]."
        )
    _check(input, mat2)
    return Bmm.apply(input, mat2)


def mv(input, vec):
    if input._array.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
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


# --- products with a bias, sums of products: addmm, baddbmm, addbmm ----------------------------


class Addmm(Function):
    # d(beta c + alpha A @ B) = beta grad (to c), alpha grad @ B^T (to A), alpha A^T @ grad (to B)
    @staticmethod
    def forward(ctx, c, a, b, beta=1, alpha=1):
        ctx.save_for_backward(a, b)
        ctx.beta, ctx.alpha = beta, alpha
        return _biased(np.matmul(a, b), c, beta, alpha)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        _, need_a, need_b = ctx.needs_input_grad
        g = grad * ctx.alpha if ctx.alpha != 1 else grad
        ga = g @ np.swapaxes(b, -1, -2) if need_a else None
        gb = np.swapaxes(a, -1, -2) @ g if need_b else None
        return grad * ctx.beta, ga, gb


class Baddbmm(Addmm):
    """baddbmm: Addmm of two batches of matrices, (b, n, m) @ (b, m, p), plus c."""


class Addbmm(Function):
    # d(beta c + alpha sum_i A_i @ B_i) = beta grad, alpha grad @ B_i^T, alpha A_i^T @ grad
    @staticmethod
    def forward(ctx, c, a, b, beta=1, alpha=1):
        ctx.save_for_backward(a, b)
        ctx.beta, ctx.alpha = beta, alpha
        return _biased(np.matmul(a, b).sum(axis=0), c, beta, alpha)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        _, need_a, need_b = ctx.needs_input_grad
        g = (grad * ctx.alpha if ctx.alpha != 1 else grad)[np.newaxis]
        ga = g @ np.swapaxes(b, -1, -2) if need_a else None
        gb = np.swapaxes(a, -1, -2) @ g if need_b else None
        return grad * ctx.beta, ga, gb


def _biased(product, c, beta, alpha):
    """beta * c + alpha * product; with beta = 0, c is ignored (its nan and inf too)."""
    if alpha != 1:
        product = product * product.dtype.type(alpha)
    if beta == 0:
        return product
    return product + (c if beta == 1 else c * c.dtype.type(beta))


def _check_bias(input: Tensor, shape: tuple) -> None:
    """The bias must expand to the product's shape; else torch's expand error."""
    have = input._array.shape
    padded = (1,) * (len(shape) - len(have)) + have
    if len(have) > len(shape) or any(h not in (1, s) for h, s in zip(padded, shape)):  # noqa: B905
        from .shape import _expand_to

        _expand_to(input, shape)


def _check_dtypes(input: Tensor, mat1: Tensor, mat2: Tensor) -> None:
    """addmm's and addbmm's dtype errors: the input against mat2 first, then the factors."""
    if input.dtype is not mat2.dtype:
        raise RuntimeError(
            "self and mat2 must have the same dtype, but got "
            f"{input.dtype._torch_name} and {mat2.dtype._torch_name}"
        )
    if mat1.dtype is not mat2.dtype:
        raise RuntimeError(
            "mat1 and mat2 must have the same dtype, but got "
            f"{mat1.dtype._torch_name} and {mat2.dtype._torch_name}"
        )


def addmm(input, mat1, mat2, *, beta=1, alpha=1):
    """beta * input + alpha * (mat1 @ mat2); with beta = 0 the input is not read."""
    for name, t in (("mat1", mat1), ("mat2", mat2)):
        if t._array.ndim != 2:
            raise RuntimeError(f"{name} must be a matrix, got {t._array.ndim}-D tensor")
    _check_dtypes(input, mat1, mat2)
    _check_shapes(mat1._array.shape, mat2._array.shape)
    _check_bias(input, (mat1._array.shape[0], mat2._array.shape[1]))
    return Addmm.apply(input, mat1, mat2, beta=beta, alpha=alpha)


def _check_batches(batch1: Tensor, batch2: Tensor, same_count: bool) -> None:
    if batch2._array.ndim < 3:  # torch reads batch2.size(2) first
        n = batch2._array.ndim
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got 2)"
        )
    for name, t in (("batch1", batch1), ("batch2", batch2)):
        if t._array.ndim != 3:
            raise RuntimeError(f"{name} must be a 3D tensor")
    (b, rows, inner), (b2, depth, cols) = batch1._array.shape, batch2._array.shape
    if same_count and b != b2:
        raise RuntimeError(f"batch1 and batch2 must have same number of batches, got {b} and {b2}")
    if same_count and inner != depth:
        raise RuntimeError(
            f"Incompatible matrix sizes for bmm ({rows}x{inner} and {depth}x{cols})"
        )
    if (b, inner) != (b2, depth):
        raise RuntimeError(
            "Expected size for first two dimensions of batch2 tensor to be: "
            f"[{b}, {inner}] but got: [{b2}, {depth}]."
        )


def baddbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta * input + alpha * (batch1 @ batch2), batch by batch."""
    _check_batches(batch1, batch2, same_count=False)
    if input.dtype is not batch1.dtype:
        raise RuntimeError(
            f"Input dtypes must be the same, got: input {input.dtype._c_name}, batch1: "
            f"{batch1.dtype._c_name}, batch2: {batch2.dtype._c_name}"
        )
    if batch2.dtype is not batch1.dtype:
        raise RuntimeError(
            f"expected scalar type {batch1.dtype._torch_name} but found {batch2.dtype._torch_name}"
        )
    (b, n, _), p = batch1._array.shape, batch2._array.shape[2]
    _check_bias(input, (b, n, p))
    return Baddbmm.apply(input, batch1, batch2, beta=beta, alpha=alpha)


def addbmm(input, batch1, batch2, *, beta=1, alpha=1):
    """beta * input + alpha * the sum over the batch of batch1[i] @ batch2[i]."""
    _check_batches(batch1, batch2, same_count=True)
    _check_dtypes(input, batch1, batch2)
    _check_bias(input, (batch1._array.shape[1], batch2._array.shape[2]))
    return Addbmm.apply(input, batch1, batch2, beta=beta, alpha=alpha)


# --- tensordot, inner, cross, kron -------------------------------------------------------------


class Tensordot(Einsum):
    """tensordot: the einsum that contracts the listed dims of a with those of b."""


_TENSORDOT_DIMS = (
    "tensordot expects dims to be int or tuple[list[int], list[int]] or list[list[int]] "
    "containing two lists, but got dims="
)


def _dim_list(dims, name: str, position: int) -> list:
    """One of tensordot's lists of dims, refused in the words of torch's argument parser."""
    where = f"tensordot(): argument '{name}' (position {position}) must be tuple of ints"
    if not isinstance(dims, (list, tuple)):
        raise TypeError(f"{where}, not {type_name(dims)}")
    for i, d in enumerate(dims):
        if as_int(d, allow_bool=False) is None:
            raise TypeError(f"{where}, but found element of type {type_name(d)} at pos {i}")
    return [as_int(d, allow_bool=False) for d in dims]


def _tensordot_dims(a: Tensor, b: Tensor, dims) -> tuple[list, list]:
    """dims as two lists of dims to contract: an int d means a's last d with b's first d."""
    if isinstance(dims, (list, tuple)):
        dims_a, dims_b = dims
        return _dim_list(dims_a, "dims_self", 3), _dim_list(dims_b, "dims_other", 4)
    if isinstance(dims, Tensor) and dims._array.size > 1:
        return dims._array[0].tolist(), dims._array[1].tolist()
    count = as_int(dims)
    if count is None:
        raise RuntimeError(f"{_TENSORDOT_DIMS}{dims}")
    if count < 0:
        raise RuntimeError(f"tensordot expects dims >= 0, but got dims={dims}")
    if count > min(a._array.ndim, b._array.ndim):
        raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={dims}")
    return list(range(-count, 0)), list(range(count))


def tensordot(a, b, dims=2, out=None):
    """Sum of products over pairs of dims: tensordot(a, b, 1) is a @ b for matrices."""
    dims_a, dims_b = _tensordot_dims(a, b, dims)
    if len(dims_a) != len(dims_b):
        raise RuntimeError("both dimension lists should have same length")
    if a.dtype is not b.dtype:
        raise RuntimeError("both inputs should have same dtype")
    (sa, sb), (na, nb) = (a._array.shape, b._array.shape), (a._array.ndim, b._array.ndim)
    letters_a = list(LETTERS[:na])
    letters_b = list(LETTERS[na : na + nb])
    for da, db in zip(dims_a, dims_b, strict=True):
        da, db = _normalize_dim(da, na), _normalize_dim(db, nb)
        if sa[da] != sb[db]:
            raise RuntimeError(
                f"contracted dimensions need to match, but first has size {sa[da]} in dim {da} "
                f"and second has size {sb[db]} in dim {db}"
            )
        letters_b[db] = letters_a[da]
    for dims, n in ((dims_a, na), (dims_b, nb)):
        _check_unique([_normalize_dim(d, n) for d in dims])
    if a.dtype is _dtype.bool_:  # torch contracts with a matrix product, which has no bool kernel
        kernel = "dot" if len(dims_a) == na and len(dims_b) == nb else "addmm_impl_cpu_"
        raise NotImplementedError(f'"{kernel}" not implemented for \'Bool\'')
    shared = set(letters_a) & set(letters_b)
    output = [c for c in letters_a if c not in shared] + [c for c in letters_b if c not in shared]
    inputs = ["".join(letters_a), "".join(letters_b)]
    return Tensordot.apply(a, b, inputs=inputs, output="".join(output))


def _check_unique(dims: list) -> None:
    for i, d in enumerate(dims):
        if d in dims[:i]:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")


def inner(input, other):
    """Dot products over the last dim of both: inner(a, b)[..., ...] = sum a[..., k] b[..., k]."""
    if input._array.ndim == 0 or other._array.ndim == 0:
        return mul(input, other)
    if input._array.shape[-1] != other._array.shape[-1]:
        raise RuntimeError(
            "inner() the last dimension must match on both input tensors but got shapes "
            f"{list(input._array.shape)} and {list(other._array.shape)}"
        )
    return tensordot(input, other, ([-1], [-1]))


class Cross(Function):
    # d (a x b) = b x grad (to a), grad x a (to b), along the dim of length 3
    @staticmethod
    def forward(ctx, a, b, dim):
        ctx.save_for_backward(a, b)
        ctx.dim = dim
        return np.cross(a, b, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        ga = np.cross(b, grad, axis=ctx.dim) if ctx.needs_input_grad[0] else None
        gb = np.cross(grad, a, axis=ctx.dim) if ctx.needs_input_grad[1] else None
        return ga, gb


def cross(input, other, dim=None):
    """The cross product of 3-vectors along `dim` (without dim: the first dim of length 3,
    deprecated, as torch warns). torch.linalg.cross is this with dim=-1 by default."""
    if dim is None:
        _warn_cross_default_dim()
        dim = next((d for d, n in enumerate(input._array.shape) if n == 3), None)
        if dim is None:
            raise RuntimeError("no dimension of size 3 in input")
    return checked_cross(input, other, parse_int(dim, "cross", "dim", 3))


def checked_cross(input, other, dim: int):
    """torch.cross and torch.linalg.cross once the dim is known: torch's checks, one node."""
    ndim = input._array.ndim
    if other._array.ndim != ndim:
        raise RuntimeError("linalg.cross: inputs must have the same number of dimensions.")
    axis = _normalize_dim(dim, ndim)
    sizes = input._array.shape[axis], other._array.shape[axis]
    if sizes != (3, 3):
        raise RuntimeError(
            f"linalg.cross: inputs dimension {dim} must have length 3. "
            f"Got {sizes[0]} and {sizes[1]}"
        )
    broadcast_shape(input._array.shape, other._array.shape)
    if other.dtype is not input.dtype:
        raise RuntimeError(
            f"expected scalar type {input.dtype._torch_name} but found {other.dtype._torch_name}"
        )
    return Cross.apply(input, other, dim=axis - ndim)


_cross_warned = False


def _warn_cross_default_dim() -> None:
    """torch warns once per process (its C++ TORCH_WARN_ONCE), so cybenko does too."""
    global _cross_warned
    if not _cross_warned:
        _cross_warned = True
        warn(
            "Using torch.cross without specifying the dim arg is deprecated.\nPlease either "
            "pass the dim explicitly or simply use torch.linalg.cross.\nThe default value of "
            "dim will change to agree with that of linalg.cross in a future release."
        )


class Kron(Function):
    # d kron(a, b) = the grad blocks times b, summed within each block (to a); the grad
    # blocks times a's entries, summed over the blocks (to b)
    @staticmethod
    def forward(ctx, a, b):
        a_blocks, b_blocks = _interleaved(a, b)
        ctx.save_for_backward(a_blocks, b_blocks)
        ctx.shapes = a.shape, b.shape
        product = a_blocks * b_blocks  # (a0, b0, a1, b1, ...)
        n = product.ndim // 2
        shape = product.shape
        return product.reshape(tuple(shape[2 * i] * shape[2 * i + 1] for i in range(n)))

    @staticmethod
    def backward(ctx, grad):
        a_blocks, b_blocks = ctx.saved_tensors
        a_shape, b_shape = ctx.shapes
        blocks = zip(a_blocks.shape[::2], b_blocks.shape[1::2], strict=True)
        g = grad.reshape(tuple(n for pair in blocks for n in pair))
        ga = gb = None
        if ctx.needs_input_grad[0]:
            ga = (g * b_blocks).sum(axis=tuple(range(1, g.ndim, 2))).reshape(a_shape)
        if ctx.needs_input_grad[1]:
            gb = (g * a_blocks).sum(axis=tuple(range(0, g.ndim, 2))).reshape(b_shape)
        return ga, gb


def _interleaved(a, b):
    """a as (a0, 1, a1, 1, ...) and b as (1, b0, 1, b1, ...), both padded to one ndim."""
    n = max(a.ndim, b.ndim)
    sa = (1,) * (n - a.ndim) + a.shape
    sb = (1,) * (n - b.ndim) + b.shape
    return (
        a.reshape(tuple(x for s in sa for x in (s, 1))),
        b.reshape(tuple(x for s in sb for x in (1, s))),
    )


def kron(input, other):
    """The Kronecker product: every entry of input times the whole of other, as blocks."""
    a, b = common(input, other)
    return Kron.apply(a, b)
