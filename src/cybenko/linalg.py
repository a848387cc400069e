"""torch.linalg: norms, inverses, solvers and factorizations of (batches of) matrices.

    import cybenko as torch
    U, S, Vh = torch.linalg.svd(A, full_matrices=False)
    x = torch.linalg.solve(A, b)

Each function checks its input with torch's words, computes with NumPy's LAPACK (the library
torch calls too) and records one node per result (see `ops/factorizations.py` for the math
of each gradient). Inputs are matrices or batches of them, shaped (..., m, n).
"""

from __future__ import annotations

import numpy as np

from . import return_types
from ._size import parse_int
from ._tensor import Tensor, _wrap
from .ops import factorizations as _f
from .ops import linalg as _products
from .ops import norms as _norms
from .ops import shape as _shape
from .ops._operands import broadcast_shape


class LinAlgError(RuntimeError):
    """A matrix without the property the function needs (singular, not positive-definite)."""


# --- checks -------------------------------------------------------------------------------------


def _check_matrix(x: Tensor, fn: str, square: bool = False, name: str = "A") -> None:
    shape = x._array.shape
    if len(shape) < 2:
        raise RuntimeError(f"{fn}: The input tensor {name} must have at least 2 dimensions.")
    if square and shape[-1] != shape[-2]:
        raise RuntimeError(
            f"{fn}: A must be batches of square matrices, but they are {shape[-2]} by "
            f"{shape[-1]} matrices"
        )


def _check(x: Tensor, fn: str, square: bool = False) -> None:
    """A (batch of) float matrices, square where `square`."""
    _check_matrix(x, fn, square)
    _norms.check_float(x, fn)


def _batch_prefix(a: np.ndarray, index: int) -> str:
    return f"(Batch element {index}): " if a.ndim > 2 else ""


def _matrices(a: np.ndarray):
    """The matrices of a batch, with their flat batch index (as torch counts them)."""
    flat = a.reshape((-1,) + a.shape[-2:])
    return enumerate(flat)


def _zero_pivots(a: np.ndarray) -> np.ndarray:
    """For each matrix of the batch, the 1-based position of the first exact zero on the
    diagonal of U in its LU factorization with partial pivoting (what LAPACK's getrf reports,
    and torch with it), 0 if none. Batched: n steps of NumPy, whatever the batch."""
    u = a.reshape((-1,) + a.shape[-2:]).copy()
    count, n = u.shape[0], u.shape[-1]
    found = np.zeros(count, np.int64)
    rows = np.arange(count)
    for k in range(n):
        p = k + np.argmax(np.abs(u[:, k:, k]), axis=1)
        pivot_row = u[rows, p].copy()
        u[rows, p] = u[:, k]
        u[:, k] = pivot_row
        pivot = pivot_row[:, k]
        found[(pivot == 0) & (found == 0)] = k + 1
        # times the reciprocal, as LAPACK scales: the same roundings, so the same exact zeros
        reciprocal = 1 / np.where(pivot == 0, 1, pivot)
        factors = u[:, k + 1 :, k] * reciprocal[:, np.newaxis]
        u[:, k + 1 :, k:] -= factors[:, :, np.newaxis] * pivot_row[:, np.newaxis, k:]
    return found


def _refuse_singular(a: np.ndarray, fn: str, found=None) -> None:
    """torch's LinAlgError for the first singular matrix of the batch `a`, if any."""
    if a.size == 0:
        return
    found = _zero_pivots(a) if found is None else found
    if not found.any():
        return
    i = int(np.flatnonzero(found)[0])
    prefix = f"(Batch element {i}): " if a.ndim > 2 else ""
    if fn == "linalg.inv":
        raise LinAlgError(
            f"linalg.inv: {prefix}The diagonal element {found[i]} is zero, the inversion could "
            "not be completed because the input matrix is singular."
        )
    raise LinAlgError(
        f"torch.linalg.solve: {prefix}The solver failed because the input matrix is singular."
    )


def _lapack_found_singular(a: np.ndarray, fn: str) -> LinAlgError:
    """LAPACK's blocked LU met an exact zero that the elimination above rounded away (about
    1 matrix in 50 of the rank-deficient ones): name the first matrix NumPy refuses, and its
    last diagonal element, where a matrix of rank n - 1 usually shows its zero."""
    matrices = a.reshape((-1,) + a.shape[-2:])
    found = np.zeros(len(matrices), np.int64)
    for i, matrix in enumerate(matrices):
        try:
            np.linalg.inv(matrix)
        except np.linalg.LinAlgError:
            found[i] = matrix.shape[-1]
            break
    try:
        _refuse_singular(a, fn, found)
    except LinAlgError as error:
        return error
    return LinAlgError(f"{fn}: The input matrix is singular.")


# --- inverse, determinant, solve ----------------------------------------------------------------


def inv(A):
    """The inverse of a square matrix; LinAlgError if it is singular."""
    _check(A, "linalg.inv", square=True)
    _refuse_singular(A._array, "linalg.inv")
    try:
        return _f.Inv.apply(A)
    except np.linalg.LinAlgError:
        raise _lapack_found_singular(A._array, "linalg.inv") from None


def det(A):
    """The determinant (0 for a singular matrix, whose gradient torch also gives as 0)."""
    _check(A, "linalg.det", square=True)
    return _f.Det.apply(A)


def slogdet(A):
    """(sign, log|det A|): the determinant without overflow. A singular A gives (0, -inf)."""
    _check(A, "linalg.slogdet", square=True)
    with np.errstate(invalid="ignore"):
        sign, logabsdet = np.linalg.slogdet(A._array)
    sign = np.where(np.isnan(logabsdet), 0, sign)  # torch's sign of a nan pivot is 0
    dtype = A._array.dtype
    factors = (np.asarray(sign, dtype), np.asarray(logabsdet, dtype))
    return return_types.linalg_slogdet(
        *(_f.SlogdetFactor.apply(A, factors=factors, which=i) for i in range(2))
    )


def _is_vector_rhs(A: Tensor, B: Tensor) -> bool:
    """B is a (batch of) vector(s) when it is 1-D or has one dim less than A, matching it."""
    a, b = A._array.shape, B._array.shape
    return len(b) == 1 or (len(b) == len(a) - 1 and b == a[:-1])


def solve(A, B, *, left: bool = True):
    """X with AX = B (left) or XA = B (left=False); B a matrix or a vector."""
    fn = "linalg.solve"
    _check_matrix(A, fn, square=True)
    _norms.check_float(A, fn)
    if A.dtype is not B.dtype:
        raise RuntimeError(
            f"{fn}: Expected A and B to have the same dtype, but found A of type "
            f"{A.dtype._torch_name} and B of type {B.dtype._torch_name} instead"
        )
    vector = _is_vector_rhs(A, B)
    n = A._array.shape[-1]
    b = B._array.shape
    rows, cols = (b[-1], 1) if vector else (b[-2], b[-1]) if len(b) > 1 else (b[0], 1)
    size = rows if left else cols
    if size != n:
        equation = "AX = B" if left else "XA = B"
        raise RuntimeError(
            f"{fn}: Incompatible shapes of A and B for the equation {equation} "
            f"({n}x{n} and {rows}x{cols})"
        )
    broadcast_shape(b[:-1] if vector else b[:-2], A._array.shape[:-2])  # torch's order: B, A
    _refuse_singular(A._array, fn)
    try:
        return _f.Solve.apply(A, B, vector=vector, left=left)
    except np.linalg.LinAlgError:
        raise _lapack_found_singular(A._array, fn) from None


_DRIVERS = ("gels", "gelsy", "gelsd", "gelss")


def lstsq(A, B, rcond=None, *, driver=None):
    """The least-squares solution of AX = B: (solution, residuals, rank, singular_values).

    As torch's CPU drivers: residuals (squared, per column) only for tall, full-rank A and a
    driver other than gelsy; rank for every driver but gels; singular values for gelsd and
    gelss. The gradient flows through the solution (as torch's, not the residuals)."""
    fn = "torch.linalg.lstsq"
    driver = "gelsy" if driver is None else driver
    if driver not in _DRIVERS:
        raise RuntimeError(f"{fn}: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)")
    if not (A.dtype.is_floating_point and B.dtype.is_floating_point):
        raise RuntimeError("This function doesn't handle types other than float and double")
    if A._array.ndim < 2:
        raise RuntimeError(f"{fn}: input must have at least 2 dimensions.")
    if B._array.ndim < 1:
        raise RuntimeError(f"{fn}: other must have at least 1 dimension.")
    if A.dtype is not B.dtype:
        raise RuntimeError(
            f"{fn}: Expected input and other to have the same dtype, but got input's dtype "
            f"{A.dtype._torch_name} and other's dtype {B.dtype._torch_name}"
        )
    if not 0 <= A._array.ndim - B._array.ndim <= 1:
        raise RuntimeError(
            f"{fn}: input.dim() must be greater or equal to other.dim() and "
            "(input.dim() - other.dim()) <= 1"
        )
    vector = B._array.ndim == A._array.ndim - 1
    a = A._array
    b = B._array[..., np.newaxis] if vector else B._array
    batch = broadcast_shape(a.shape[:-2], b.shape[:-2])
    if a.shape[-2] != b.shape[-2]:
        raise RuntimeError(f"{fn}: input.size(-2) should match other.size(-2)")
    m, n = a.shape[-2:]
    own = tuple(slice(0, 1) if d == 1 else slice(None) for d in a.shape[:-2])  # A's batch
    a = np.broadcast_to(a, batch + a.shape[-2:])
    b = np.broadcast_to(b, batch + b.shape[-2:])
    eps = np.finfo(a.dtype).eps
    cutoff = eps * max(m, n) if rcond is None else rcond
    solution = np.empty(batch + (n, b.shape[-1]), a.dtype)
    singular = np.empty(batch + (min(m, n),), a.dtype)
    rank = np.empty(batch, np.int64)
    for i in np.ndindex(batch):
        solution[i], _, rank[i], singular[i] = np.linalg.lstsq(a[i], b[i], rcond=cutoff)
    residual = b - a @ solution
    full = m > n and bool((rank == n).all()) and driver != "gelsy"
    residuals = (residual * residual).sum(-2) if full else np.empty((0,), a.dtype)
    if vector:
        solution = solution[..., 0]  # the residuals keep their column, as torch's
    pinv = np.linalg.pinv(a, rcond=cutoff)
    factors = (solution, residuals)
    parts = [
        _f.LstsqFactor.apply(A, B, factors=factors, which=i, pinv=pinv, vector=vector)
        for i in range(2)
    ]
    rank, singular = rank[own], singular[own]  # as A's batch: B's broadcast leaves them
    empty_int = np.empty((0,), np.int64)
    ranks = _wrap(empty_int if driver == "gels" else rank)
    keep_singular = driver in ("gelsd", "gelss")
    values = _wrap(singular if keep_singular else np.empty((0,), a.dtype))
    return return_types.linalg_lstsq(parts[0], parts[1], ranks, values)


# --- singular values, eigenvalues ---------------------------------------------------------------


def _svd(A, full_matrices: bool):
    a = A._array
    if a.size == 0:
        m, n = a.shape[-2:]
        k = min(m, n)
        batch = a.shape[:-2]
        u_cols, v_rows = (m, n) if full_matrices else (k, k)

        def eye(rows, cols):
            return np.broadcast_to(np.eye(rows, cols, dtype=a.dtype), batch + (rows, cols)).copy()

        return eye(m, u_cols), np.zeros(batch + (k,), a.dtype), eye(v_rows, n)
    try:
        return np.linalg.svd(a, full_matrices=full_matrices)
    except np.linalg.LinAlgError:
        raise _not_converged(a) from None


def _not_converged(a: np.ndarray) -> LinAlgError:
    """LAPACK's SVD does not converge on some nan and inf entries: torch names the first
    non-finite matrix of the batch."""
    finite = np.isfinite(a).all(axis=(-2, -1)).reshape(-1)
    i = int(np.flatnonzero(~finite)[0]) if not finite.all() else 0
    return LinAlgError(
        f"linalg.svd: {_batch_prefix(a, i)}The algorithm failed to converge because the input "
        "matrix contained non-finite values."
    )


def svd(A, full_matrices: bool = True, *, driver=None):
    """A = U diag(S) Vh, S descending. Singular vectors are unique only up to sign."""
    _check(A, "linalg.svd")
    _refuse_driver(driver)
    factors = _svd(A, full_matrices)
    return return_types.linalg_svd(
        *(_f.SvdFactor.apply(A, factors=factors, which=i) for i in range(3))
    )


def svdvals(A, *, driver=None):
    """The singular values of A, descending."""
    _check(A, "linalg.svd")
    _refuse_driver(driver)
    return _f.SvdFactor.apply(A, factors=_svd(A, False), which=1)


def _refuse_driver(driver) -> None:
    if driver is not None:
        raise RuntimeError(
            "torch.linalg.svd: keyword argument `driver=` is only supported on CUDA inputs with "
            "cuSOLVER backend."
        )


def _check_uplo(UPLO: str) -> str:
    """'L' or 'U', in either case as torch takes it."""
    if UPLO not in ("L", "U", "l", "u"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {UPLO}")
    return UPLO.upper()


def _eigh(A, UPLO: str, fn: str):
    _check_matrix(A, fn, square=True)
    if not A.dtype.is_floating_point:
        name = A.dtype._torch_name
        raise NotImplementedError(f"\"linalg_eigh_cpu\" not implemented for '{name}'")
    return np.linalg.eigh(A._array, UPLO=_check_uplo(UPLO))


def eigh(A, UPLO: str = "L"):
    """Eigenvalues (ascending) and eigenvectors of a symmetric matrix, read from its lower
    (UPLO='L') or upper triangle. Eigenvectors are unique only up to sign."""
    factors = tuple(_eigh(A, UPLO, "linalg.eigh"))
    return return_types.linalg_eigh(
        *(_f.EighFactor.apply(A, factors=factors, which=i) for i in range(2))
    )


def eigvalsh(A, UPLO: str = "L"):
    """The eigenvalues of a symmetric matrix, ascending."""
    factors = tuple(_eigh(A, UPLO, "linalg.eigh"))
    return _f.EighFactor.apply(A, factors=factors, which=0)


# --- QR, Cholesky -------------------------------------------------------------------------------


def qr(A, mode: str = "reduced"):
    """A = QR, Q with orthonormal columns, R upper triangular. mode='complete' makes Q square;
    mode='r' computes R alone (and Q is empty)."""
    _check(A, "linalg.qr")
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(
            f"qr received unrecognized mode '{mode}' but expected one of 'reduced' (default), "
            "'r', or 'complete'"
        )
    a = A._array
    if mode == "r":
        factors = (np.empty((0,), a.dtype), np.linalg.qr(a, mode="r"))
    else:
        factors = tuple(np.linalg.qr(a, mode=mode))
    return return_types.linalg_qr(
        *(_f.QrFactor.apply(A, factors=factors, which=i, mode=mode) for i in range(2))
    )


def _not_positive_definite(a: np.ndarray, fn: str) -> LinAlgError:
    for i, matrix in _matrices(a):
        for order in range(1, matrix.shape[-1] + 1):
            try:
                np.linalg.cholesky(matrix[:order, :order])
            except np.linalg.LinAlgError:
                return LinAlgError(
                    f"{fn}: {_batch_prefix(a, i)}The factorization could not be completed "
                    "because the input is not positive-definite (the leading minor of order "
                    f"{order} is not positive-definite)."
                )
    return LinAlgError(f"{fn}: The input is not positive-definite.")


def cholesky(A, *, upper: bool = False):
    """L lower triangular with A = L L^T (upper=True: U = L^T) for a positive-definite A."""
    _check(A, "linalg.cholesky", square=True)
    return cholesky_with(_f.Cholesky, A, upper, "linalg.cholesky")


def cholesky_with(node, A, upper: bool, fn: str):
    try:
        return node.apply(A, upper=upper)
    except np.linalg.LinAlgError:
        raise _not_positive_definite(A._array, fn) from None


# --- pseudo-inverse and rank --------------------------------------------------------------------


def _tolerance(a: np.ndarray, atol, rtol, largest: np.ndarray) -> np.ndarray:
    """max(atol, rtol * largest singular value), with torch's default rtol of
    eps * max(m, n) (0 when only a positive atol is given)."""
    atol = _per_matrix(0.0 if atol is None else atol)
    if rtol is None:
        default = np.finfo(a.dtype).eps * max(a.shape[-2:])
        rtol = np.where(atol > 0, 0.0, default)
    else:
        rtol = _per_matrix(rtol)
    return np.maximum(atol, rtol * largest)


def _per_matrix(tolerance) -> np.ndarray:
    """A number, or a tensor of one tolerance per matrix of the batch (broadcast)."""
    values = tolerance._array if isinstance(tolerance, Tensor) else np.asarray(tolerance)
    return np.asarray(values, np.float64)[..., np.newaxis]


def _spectrum(a: np.ndarray, hermitian: bool):
    """(values, |values|, the matrices either side) of A's SVD, or of its eigh if hermitian."""
    if hermitian:
        values, vectors = np.linalg.eigh(a)
        return values, np.abs(values), vectors, _f._t(vectors)
    try:
        u, s, vh = np.linalg.svd(a, full_matrices=False)
    except np.linalg.LinAlgError:
        raise _not_converged(a) from None
    return s, s, u, vh


def pinv(A, rcond=None, hermitian: bool = False, *, atol=None, rtol=None):
    """The Moore-Penrose pseudo-inverse: singular values at most max(atol, rtol * largest)
    count as zero (rcond: the older name of rtol)."""
    if rcond is not None:
        rtol = rcond
    a = A._array
    if a.ndim < 2 or not A.dtype.is_floating_point:
        raise RuntimeError(
            f"linalg.pinv({A.dtype._torch_name}{{{list(a.shape)}}}): expected a tensor with 2 "
            "or more dimensions of float, double, cfloat or cdouble types"
        )
    if a.size == 0:
        out = np.zeros(a.shape[:-2] + (a.shape[-1], a.shape[-2]), a.dtype)
    else:
        values, magnitudes, left, right = _spectrum(a, hermitian)
        largest = magnitudes.max(-1, keepdims=True)
        keep = magnitudes > _tolerance(a, atol, rtol, largest)
        with np.errstate(divide="ignore"):
            inverted = np.where(keep, 1 / np.where(keep, values, 1), 0).astype(a.dtype)
        out = (_f._t(right) * inverted[..., np.newaxis, :]) @ _f._t(left)
    return _f.Pinv.apply(A, out=out)


def matrix_rank(A, tol=None, hermitian: bool = False, *, atol=None, rtol=None):
    """The number of singular values above max(atol, rtol * largest) (tol: atol)."""
    a = A._array
    if a.ndim < 2:
        raise RuntimeError(
            "torch.linalg.matrix_rank: The input tensor input must have at least 2 dimensions."
        )
    if not A.dtype.is_floating_point:
        raise RuntimeError("This function doesn't handle types other than float and double")
    if tol is not None:
        atol, rtol = tol, 0.0
    if a.size == 0:
        return _wrap(np.zeros(a.shape[:-2], np.int64))
    _, magnitudes, _, _ = _spectrum(a, hermitian)
    largest = magnitudes.max(-1, keepdims=True)
    rank = (magnitudes > _tolerance(a, atol, rtol, largest)).sum(-1)
    return _wrap(np.asarray(rank, np.int64))


# --- products -----------------------------------------------------------------------------------


def cross(input, other, *, dim: int = -1):
    """The cross product of 3-vectors along `dim`: torch.cross with the last dim as default."""
    return _products.checked_cross(input, other, parse_int(dim, "linalg_cross", "dim", 3))


matmul = _products.matmul


def _chain_order(shapes: list) -> list:
    """split[i][j]: where the cheapest product of matrices i..j splits (matrix-chain order)."""
    n = len(shapes)
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = None
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + shapes[i][0] * shapes[k][1] * shapes[j][1]
                if cost[i][j] is None or c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k
    return split


def multi_dot(tensors):
    """The product of a chain of matrices (the first may be a row vector, the last a column
    vector), multiplied in the order that costs the fewest multiplications."""
    n = len(tensors)
    if n < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {n}")
    first, last = tensors[0]._array.ndim, tensors[-1]._array.ndim
    if first not in (1, 2):
        raise RuntimeError(f"multi_dot(): the first tensor must be 1D or 2D but got {first}D")
    if last not in (1, 2):
        raise RuntimeError(f"multi_dot(): the last tensor must be 1D or 2D but got {last}D")
    for i, t in enumerate(tensors[1:-1], 1):
        if t._array.ndim != 2:
            raise RuntimeError(f"multi_dot(): tensor {i} must be 2D but got {t._array.ndim}D")
    for i, t in enumerate(tensors[1:], 1):
        if t.dtype is not tensors[0].dtype:
            raise RuntimeError(
                "multi_dot(): all tensors must have be the same dtype but tensor 0 is "
                f"{tensors[0].dtype._c_name} and tensor {i} {t.dtype._c_name}"
            )
    matrices = list(tensors)
    if first == 1:
        matrices[0] = _shape.unsqueeze(matrices[0], 0)
    if last == 1:
        matrices[-1] = _shape.unsqueeze(matrices[-1], -1)
    shapes = [m._array.shape for m in matrices]
    for i in range(n - 1):
        if shapes[i][1] != shapes[i + 1][0]:
            raise RuntimeError(
                f"multi_dot(): tensors {i} and {i + 1} with shapes {list(tensors[i].shape)} and "
                f"{list(tensors[i + 1].shape)} cannot be multiplied"
            )
    split = _chain_order(shapes)

    def product(i, j):
        if i == j:
            return matrices[i]
        k = split[i][j]
        return _products.mm(product(i, k), product(k + 1, j))

    out_shape = ([shapes[0][0]] if first == 2 else []) + ([shapes[-1][1]] if last == 2 else [])
    return product(0, n - 1).view(out_shape)


# --- norms (in _linalg_norms.py: they are built from svdvals and the checks above) -------------

from ._linalg_norms import matrix_norm, norm, vector_norm  # noqa: E402

__all__ = [
    "LinAlgError",
    "cholesky",
    "cross",
    "det",
    "eigh",
    "eigvalsh",
    "inv",
    "lstsq",
    "matmul",
    "matrix_norm",
    "matrix_rank",
    "multi_dot",
    "norm",
    "pinv",
    "qr",
    "slogdet",
    "solve",
    "svd",
    "svdvals",
    "vector_norm",
]
