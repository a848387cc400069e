"""The older torch.* forms of linalg functions: torch.det, torch.svd (which returns V, not
Vh), torch.norm (p='fro' by default), torch.inverse, ... Each runs its torch.linalg
counterpart as torch does, so values, nodes and errors are the same.
"""

from __future__ import annotations

import math

import numpy as np

from . import _warnings, linalg, return_types
from ._tensor import _wrap
from .ops import elementwise, factorizations, norms
from .ops.compare import eq


def det(input):
    return linalg.det(input)


def slogdet(input):
    sign, logabsdet = linalg.slogdet(input)
    return return_types.slogdet(sign, logabsdet)


def logdet(input):
    """log det(input): nan where the determinant is negative, -inf where it is 0."""
    linalg._check_matrix(input, "logdet", square=True)
    norms.check_float(input, "logdet")
    sign, logabsdet = linalg.slogdet(input)
    return elementwise.where(eq(sign, -1.0), math.nan, logabsdet)


def inverse(input):
    return linalg.inv(input)


def pinverse(input, rcond: float = 1e-15):
    return linalg.pinv(input, rtol=rcond)


def svd(input, some: bool = True, compute_uv: bool = True):
    """input = U diag(S) V^T (V, not Vh as torch.linalg.svd); some=False: square U and V.
    compute_uv=False: S only, with U and V zero-filled."""
    ndim = input._array.ndim
    if ndim < 2:  # torch.svd words it differently from torch.linalg.svd
        raise RuntimeError(
            f"linalg.svd: input should have at least 2 dimensions, but has {ndim} dimensions "
            "instead"
        )
    if not compute_uv:
        s = linalg.svdvals(input)
        m, n = input._array.shape[-2:]
        batch = input._array.shape[:-2]
        dtype = input._array.dtype
        u, v = np.zeros(batch + (m, m), dtype), np.zeros(batch + (n, n), dtype)
        return return_types.svd(_wrap(u), s, _wrap(v))
    u, s, vh = linalg.svd(input, full_matrices=not some)
    return return_types.svd(u, s, vh.mT)


_CHOLESKY_WARNING = (
    "torch.cholesky is deprecated in favor of torch.linalg.cholesky and will be removed in a "
    "future PyTorch release.\nL = torch.cholesky(A)\nshould be replaced with\n"
    "L = torch.linalg.cholesky(A)\nand\nU = torch.cholesky(A, upper=True)\n"
    "should be replaced with\nU = torch.linalg.cholesky(A).mH\n"
    "This transform will produce equivalent results for all valid (symmetric positive "
    "definite) inputs."
)


def cholesky(input, upper: bool = False):
    """Deprecated in torch for linalg.cholesky (same factor, a node of its own)."""
    _warnings.warn(_CHOLESKY_WARNING)
    linalg._check(input, "linalg.cholesky", square=True)
    return linalg.cholesky_with(factorizations.LegacyCholesky, input, upper, "linalg.cholesky")


def norm(input, p="fro", dim=None, keepdim: bool = False, out=None, dtype=None):
    """torch.norm, written in Python in torch: a vector norm over `dim` (every dim when None)
    for a number p or 'fro' over at most two dims; a matrix norm for 'nuc'."""
    dims = [dim] if isinstance(dim, int) else dim
    if isinstance(p, str):
        if p == "fro" and (dim is None or isinstance(dim, int) or len(dim) <= 2):
            return linalg.vector_norm(input, 2, dims, keepdim, dtype=dtype)
        if dims is None:
            dims = list(range(input._array.ndim))
        return linalg.matrix_norm(input, p, dims, keepdim, dtype=dtype)
    return linalg.vector_norm(input, 2.0 if p is None else p, dims, keepdim, dtype=dtype)


def norm_method(self, p="fro", dim=None, keepdim: bool = False, dtype=None):
    """x.norm(): torch.norm with the tensor first."""
    return norm(self, p, dim, keepdim, dtype=dtype)


norm_method.__name__ = "norm"
norm_method.__qualname__ = "Tensor.norm"  # named so in a refused keyword's TypeError
