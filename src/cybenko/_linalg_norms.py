"""torch.linalg's norms: vector_norm (any p), matrix_norm ('fro', 'nuc' and the operator
norms) and norm, which picks one of the two. A matrix norm is built as torch builds it, from
vector norms and singular values, so the graph holds torch's nodes.
"""

from __future__ import annotations

import math

import numpy as np

from ._numpy_names import accept_numpy_names
from ._tensor import Tensor, _normalize_dim
from .linalg import _check_matrix, svdvals
from .ops import norms as _norms
from .ops import reduce as _reduce
from .ops import shape as _shape

inf = math.inf


def _backshift(d0: int, d1: int, ndim: int) -> tuple:
    """A permutation moving dims d0, d1 to the end, keeping the others in order."""
    return tuple(d for d in range(ndim) if d not in (d0, d1)) + (d0, d1)


def _inverse_permutation(permutation: tuple) -> tuple:
    return tuple(int(i) for i in np.argsort(permutation))


def _matrix_norm_dims(A: Tensor, dim, ord, dtype) -> list:
    fn = "linalg.matrix_norm"
    _check_matrix(A, fn)
    if dtype is None:
        _norms.check_float(A, fn)
    dims = list(dim) if isinstance(dim, (tuple, list)) else [dim]
    if len(dims) != 2:
        raise RuntimeError(f"{fn}: dim must be a 2-tuple. Got {' '.join(map(str, dims))}")
    ndim = A._array.ndim
    dims = [_normalize_dim(d, ndim) for d in dims]
    if dims[0] == dims[1]:
        raise RuntimeError(f"{fn}: dims must be different. Got ({dims[0]}, {dims[1]})")
    return dims


def _by_singular_values(A: Tensor, dims: list, keepdim: bool, reduce, dtype):
    """A reduction of the singular values of the matrices spanned by `dims`."""
    if dtype is not None:
        A = A.to(dtype)
    permutation = _backshift(dims[0], dims[1], A._array.ndim)
    result = reduce(svdvals(_shape.permute(A, permutation)))
    if keepdim:
        result = _shape.permute(_shape.unsqueeze(result, -1), _inverse_permutation(permutation))
    return result


def _invalid_arguments(got: str) -> TypeError:
    """torch's argument parser refusing a matrix_norm call: ord a number or a string, dim a
    tuple."""
    return TypeError(
        f"linalg_matrix_norm() received an invalid combination of arguments - got (Tensor, {got}), "
        "but expected one of:\n"
        " * (Tensor input, Number ord, tuple of ints dim = {-2,-1}, bool keepdim = False, *, "
        "torch.dtype dtype = None, Tensor out = None)\n"
        ' * (Tensor input, str ord = "fro", tuple of ints dim = {-2,-1}, bool keepdim = False, *, '
        "torch.dtype dtype = None, Tensor out = None)\n"
    )


def matrix_norm(A, ord="fro", dim=(-2, -1), keepdim: bool = False, *, dtype=None):
    """'fro', 'nuc', or the operator norms 1, -1, 2, -2, inf, -inf of the matrices of A."""
    fn = "linalg.matrix_norm"
    if not isinstance(dim, (tuple, list)):
        raise _invalid_arguments(f"dim={type(dim).__name__}")
    if not isinstance(ord, (str, int, float, np.number)):
        raise _invalid_arguments(f"ord={type(ord).__name__}")
    if isinstance(ord, str):
        if ord not in ("fro", "nuc"):
            raise RuntimeError(f"{fn}: Order {ord} not supported.")
        dims = _matrix_norm_dims(A, dim, ord, dtype)
        if ord == "fro":
            return vector_norm(A, 2, dims, keepdim, dtype=dtype)
        return _by_singular_values(A, dims, keepdim, lambda s: _reduce.sum(s, -1, keepdim), dtype)
    p = float(ord)
    if abs(p) not in (1, 2, inf):
        shown = int(p) if p.is_integer() else p
        raise RuntimeError(f"{fn}: Order {shown} not supported.")
    dims = _matrix_norm_dims(A, dim, ord, dtype)

    def extreme(x, d):
        if p > 0 and x._array.shape[d] == 0:  # torch's largest of no norms: a constant 0
            return _reduce.sum(x.detach(), d, keepdim)
        return _reduce.amax(x, d, keepdim) if p > 0 else _reduce.amin(x, d, keepdim)

    if abs(p) == 2:
        return _by_singular_values(A, dims, keepdim, lambda s: extreme(s, -1), dtype)
    if abs(p) == inf:  # the inf norm is the 1 norm of the transpose
        dims = dims[::-1]
    if not keepdim and dims[0] < dims[1]:
        dims[1] -= 1
    return extreme(vector_norm(A, 1, dims[0], keepdim, dtype=dtype), dims[1])


def vector_norm(x, ord=2, dim=None, keepdim: bool = False, *, dtype=None):
    """The p-norm of the entries of x over `dim` (all when None): (sum |x|^p)^(1/p)."""
    return _norms.vector_norm(x, ord, dim, keepdim, dtype=dtype)


def norm(A, ord=None, dim=None, keepdim: bool = False, *, dtype=None):
    """A vector norm, or a matrix norm when `ord` is given for a 2-D A or two dims."""
    fn = "linalg.norm"
    dims = None if dim is None else (list(dim) if isinstance(dim, (tuple, list)) else [dim])
    ndim = A._array.ndim
    if dims is not None and len(dims) not in (1, 2):
        raise RuntimeError(f"{fn}: If dim is specified, it must be of length 1 or 2. Got {dims}")
    if dims is None and (ord is not None):
        if ndim not in (1, 2):
            raise RuntimeError(
                f"{fn}: If dim is not specified but ord is, the input must be 1D or 2D. "
                f"Got {ndim}D."
            )
    if isinstance(ord, str):
        return matrix_norm(A, ord, [0, 1] if dims is None else dims, keepdim, dtype=dtype)
    if ord is not None and ((dims is not None and len(dims) == 2) or (dims is None and ndim == 2)):
        return matrix_norm(A, ord, [0, 1] if dims is None else dims, keepdim, dtype=dtype)
    return vector_norm(A, 2 if ord is None else ord, dims, keepdim, dtype=dtype)


# torch's argument parser takes axis= and keepdims= here too
vector_norm = accept_numpy_names(vector_norm)
matrix_norm = accept_numpy_names(matrix_norm)
norm = accept_numpy_names(norm)
