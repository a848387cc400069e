"""torch.linalg, the torch.* linalg forms, distances and the nn.functional norms, against torch.

Each case runs on torch and cybenko (helpers.check: values, dtype, shape, grad_fn name and
the gradient of a weighted sum of the outputs). Inputs are well-conditioned (a random matrix
plus a multiple of the identity), symmetric positive-definite where the function needs it,
batched, odd-sized, float32 and float64.

Singular and eigenvectors are unique only up to sign (and QR's and Cholesky's are unique).
NumPy and torch both call LAPACK and often agree exactly, but not always (a wide matrix's
SVD, float32 eigh): so the SVD and eigh cases compare sign-invariant quantities, U * U,
U diag(S) Vh, V * V, whose gradients are those of gauge-invariant losses. QR is compared
directly: LAPACK's Householder QR gives both libraries the same signs.

Then the errors (singular matrices in torch's words, non-square and integer inputs, bad
arguments) and a float64 finite-difference check of every gradient, an oracle independent
of torch.
"""

import numpy as np
import pytest

from cases import F64, Draws, case, f32, f64, inf, nan, run
from helpers import check, check_error, check_finite_differences
from oracle import torch

pytestmark = pytest.mark.oracle

draw = Draws(seed=104)
rand = draw.rand


def well(*shape, dtype=np.float32):
    """A random matrix (batch) made well-conditioned by adding 3 I."""
    return (draw.rand(*shape, dtype=F64) + 3 * np.eye(shape[-1])).astype(dtype)


def spd(*shape, dtype=np.float32):
    """A symmetric positive-definite matrix (batch): B B^T + n I."""
    b = draw.rand(*shape, dtype=F64)
    return (b @ np.swapaxes(b, -1, -2) + shape[-1] * np.eye(shape[-1])).astype(dtype)


def sym(*shape, dtype=np.float32):
    """A random symmetric matrix (batch): distinct eigenvalues almost surely."""
    b = draw.rand(*shape, dtype=F64)
    return (b + np.swapaxes(b, -1, -2)).astype(dtype)


SINGULAR = f32(1, 2, 2, 4).reshape(2, 2)
SINGULAR3 = f64(1, 2, 3, 4, 5, 6, 7, 8, 9).reshape(3, 3)
# singular for LU on every machine: its elimination is exact, so the last pivot is exactly 0
# (SINGULAR3's is rounding: torch's float32 LU on an AVX-512 CPU leaves 1e-7 and inverts it)
EXACTLY_SINGULAR3 = f64(1, 2, 3, 2, 4, 6, 0, 1, 1).reshape(3, 3)


# --- sign-invariant views of the factorizations ---------------------------------------------------


def svd_invariants(T, a, full=False):
    U, S, Vh = T.linalg.svd(a, full_matrices=full)
    k = S.shape[-1]
    U, Vh = U[..., :k], Vh[..., :k, :]
    return S, U * U, Vh * Vh, (U * S.unsqueeze(-2)) @ Vh


def svd_shapes(T, a, full):
    return tuple(t.shape for t in T.linalg.svd(a, full_matrices=full))


def torch_svd_invariants(T, a, some=True):
    U, S, V = T.svd(a, some=some)
    k = S.shape[-1]
    U, V = U[..., :k], V[..., :k]
    return S, U * U, V * V, (U * S.unsqueeze(-2)) @ V.mT


def eigh_invariants(T, a, UPLO="L"):
    values, vectors = T.linalg.eigh(a, UPLO=UPLO)
    return values, vectors * vectors, (vectors * values.unsqueeze(-2)) @ vectors.mT


def names(result):
    return tuple(t.grad_fn.name() if t.grad_fn else None for t in result)


# --- parity ---------------------------------------------------------------------------------------

NORM_CASES = [
    case("vector_norm", lambda T, x: T.linalg.vector_norm(x), rand(3, 5)),
    case("vector_norm_f64", lambda T, x: T.linalg.vector_norm(x), rand(7, dtype=F64)),
    case("vector_norm_1", lambda T, x: T.linalg.vector_norm(x, 1), rand(3, 5)),
    case("vector_norm_inf", lambda T, x: T.linalg.vector_norm(x, inf, dim=1), rand(3, 5)),
    case("vector_norm_-inf", lambda T, x: T.linalg.vector_norm(x, -inf, dim=0), rand(3, 5)),
    case("vector_norm_inf_ties", lambda T, x: T.linalg.vector_norm(x, inf), f32(1, -3, 3, 2)),
    case("vector_norm_0", lambda T, x: T.linalg.vector_norm(x, 0), f32(1, 0, 3, 0, -2)),
    case("vector_norm_3", lambda T, x: T.linalg.vector_norm(x, 3, (0, 2)), rand(2, 3, 4)),
    case("vector_norm_half", lambda T, x: T.linalg.vector_norm(x, 0.5, -1), draw.pos(3, 4)),
    case("vector_norm_1.5", lambda T, x: T.linalg.vector_norm(x, 1.5, -1), rand(3, 4)),
    case("vector_norm_-2", lambda T, x: T.linalg.vector_norm(x, -2, 1), draw.pos(3, 4)),
    case("vector_norm_keepdim", lambda T, x: T.linalg.vector_norm(x, dim=1, keepdim=True),
         rand(3, 4)),
    case("vector_norm_axis", lambda T, x: T.linalg.vector_norm(x, axis=0, keepdims=True),
         rand(3, 4)),
    case("vector_norm_dtype", lambda T, x: T.linalg.vector_norm(x, dtype=T.float64), rand(5)),
    case("vector_norm_zeros", lambda T, x: T.linalg.vector_norm(x, dim=1), f32(0, 0, 1, 2)
         .reshape(2, 2)),
    case("vector_norm_zeros_3", lambda T, x: T.linalg.vector_norm(x, 3, dim=1),
         f32(0, 0, 1, 2).reshape(2, 2)),
    case("vector_norm_0d", lambda T, x: T.linalg.vector_norm(x), f32(-3.0).reshape(())),
    case("vector_norm_empty", lambda T, x: T.linalg.vector_norm(x), np.zeros((0, 3), np.float32)),
    case("vector_norm_nan_inf", lambda T, x: T.linalg.vector_norm(x, inf), f32(1, nan, 2),
         grad=False),
    case("matrix_norm_fro", lambda T, x: T.linalg.matrix_norm(x), rand(2, 3, 4)),
    case("matrix_norm_nuc", lambda T, x: T.linalg.matrix_norm(x, "nuc"), rand(2, 3, 4)),
    case("matrix_norm_nuc_keepdim", lambda T, x: T.linalg.matrix_norm(x, "nuc", (0, 2), True),
         rand(3, 2, 4)),
    case("matrix_norm_2", lambda T, x: T.linalg.matrix_norm(x, 2), rand(2, 3, 4)),
    case("matrix_norm_-2", lambda T, x: T.linalg.matrix_norm(x, -2), rand(3, 4)),
    case("matrix_norm_2_keepdim", lambda T, x: T.linalg.matrix_norm(x, 2, keepdim=True),
         rand(2, 3, 4)),
    case("matrix_norm_1", lambda T, x: T.linalg.matrix_norm(x, 1), rand(2, 3, 4)),
    case("matrix_norm_-1", lambda T, x: T.linalg.matrix_norm(x, -1, (0, 2)), rand(3, 2, 4)),
    case("matrix_norm_inf", lambda T, x: T.linalg.matrix_norm(x, inf), rand(2, 3, 4)),
    case("matrix_norm_-inf_keepdim", lambda T, x: T.linalg.matrix_norm(x, -inf, keepdim=True),
         rand(2, 3, 4)),
    case("matrix_norm_1_dims", lambda T, x: T.linalg.matrix_norm(x, 1, (2, 0)), rand(3, 2, 4)),
    case("matrix_norm_f64", lambda T, x: T.linalg.matrix_norm(x, inf), rand(3, 4, dtype=F64)),
    case("matrix_norm_axis", lambda T, x: T.linalg.matrix_norm(x, axis=(0, 1)), rand(3, 4)),
    case("norm_vector", lambda T, x: T.linalg.norm(x), rand(5)),
    case("norm_flat", lambda T, x: T.linalg.norm(x), rand(2, 3, 4)),
    case("norm_matrix_ord", lambda T, x: T.linalg.norm(x, 1), rand(3, 4)),
    case("norm_matrix_fro", lambda T, x: T.linalg.norm(x, "fro"), rand(3, 4)),
    case("norm_matrix_nuc_dim", lambda T, x: T.linalg.norm(x, "nuc", (1, 2)), rand(2, 3, 4)),
    case("norm_vector_ord", lambda T, x: T.linalg.norm(x, 3), rand(6)),
    case("norm_dim", lambda T, x: T.linalg.norm(x, 1, dim=1), rand(3, 4)),
    case("norm_two_dims", lambda T, x: T.linalg.norm(x, inf, dim=(0, 1)), rand(3, 4)),
    case("norm_keepdim", lambda T, x: T.linalg.norm(x, dim=0, keepdim=True), rand(3, 4)),
    # torch.norm and Tensor.norm (torch's Python function: no axis=)
    case("torch_norm", lambda T, x: T.norm(x), rand(3, 4)),
    case("torch_norm_p", lambda T, x: T.norm(x, 1), rand(3, 4)),
    case("torch_norm_p_dim", lambda T, x: T.norm(x, 3, dim=1), rand(3, 4)),
    case("torch_norm_fro_dims", lambda T, x: T.norm(x, "fro", dim=(0, 1)), rand(3, 4, 2)),
    case("torch_norm_nuc", lambda T, x: T.norm(x, "nuc"), rand(3, 4)),
    case("torch_norm_inf_3dims", lambda T, x: T.norm(x, inf, dim=(0, 1, 2)), rand(3, 4, 2)),
    case("torch_norm_none", lambda T, x: T.norm(x, None), rand(3, 4)),
    case("torch_norm_keepdim", lambda T, x: T.norm(x, 2, 0, True), rand(3, 4)),
    case("torch_norm_dtype", lambda T, x: T.norm(x, dtype=T.float64), rand(3, 4)),
    case("norm_method", lambda T, x: x.norm(), rand(3, 4)),
    case("norm_method_p_dim", lambda T, x: x.norm(1, -1), rand(3, 4)),
    case("norm_method_keepdim", lambda T, x: x.norm(dim=1, keepdim=True), rand(3, 4)),
    # dist, renorm
    case("dist", lambda T, x, y: T.dist(x, y), rand(3, 4), rand(3, 4)),
    case("dist_broadcast_p", lambda T, x, y: T.dist(x, y, 3), rand(3, 4), rand(4)),
    case("dist_p1", lambda T, x, y: x.dist(y, 1), rand(2, 3), rand(2, 3)),
    case("dist_inf", lambda T, x, y: x.dist(y, inf), rand(2, 3), rand(2, 3)),
    case("dist_0", lambda T, x, y: x.dist(y, 0), f32(1, 2, 3), f32(1, 0, 3), grad=False),
    case("dist_same", lambda T, x: T.dist(x, x), rand(3)),
    case("dist_mixed", lambda T, x, y: T.dist(x, y), rand(3), rand(3, dtype=F64)),
    case("renorm", lambda T, x: T.renorm(x, 2, 0, 1.0), rand(4, 3)),
    case("renorm_dim1_p1", lambda T, x: x.renorm(1, 1, 2.5), rand(3, 4, 2)),
    case("renorm_inf", lambda T, x: x.renorm(inf, -1, 1.0), rand(3, 4)),
    case("renorm_f64", lambda T, x: x.renorm(3, 0, 1.5), rand(4, 3, dtype=F64)),
    case("renorm_none_over", lambda T, x: x.renorm(2, 0, 100.0), rand(4, 3)),
    case("renorm_", lambda T, x: (x * 1).renorm_(2, 0, 1.0), rand(4, 3)),
]

MATRIX_CASES = [
    case("inv", lambda T, a: T.linalg.inv(a), well(4, 4)),
    case("inv_f64_batch", lambda T, a: T.linalg.inv(a), well(2, 3, 5, 5, dtype=F64)),
    case("inv_1x1", lambda T, a: T.linalg.inv(a), f32(2.0).reshape(1, 1)),
    case("inv_empty", lambda T, a: T.linalg.inv(a), np.zeros((0, 0), np.float32)),
    case("inverse", lambda T, a: T.inverse(a), well(3, 3)),
    case("inverse_method", lambda T, a: a.inverse(), well(2, 3, 3, dtype=F64)),
    case("det", lambda T, a: T.linalg.det(a), well(4, 4)),
    case("det_batch_f64", lambda T, a: T.linalg.det(a), well(3, 5, 5, dtype=F64)),
    case("det_singular", lambda T, a: T.linalg.det(a), SINGULAR),
    case("det_singular3", lambda T, a: T.det(a), SINGULAR3),
    case("det_method", lambda T, a: a.det(), rand(3, 3)),
    case("det_empty", lambda T, a: T.linalg.det(a), np.zeros((2, 0, 0), np.float32)),
    case("slogdet", lambda T, a: T.linalg.slogdet(a), rand(4, 4)),
    case("slogdet_batch", lambda T, a: T.linalg.slogdet(a), well(2, 3, 3, dtype=F64)),
    case("slogdet_singular", lambda T, a: T.linalg.slogdet(a), SINGULAR, grad=False),
    case("slogdet_torch", lambda T, a: T.slogdet(a), rand(3, 3)),
    case("slogdet_method", lambda T, a: a.slogdet(), rand(3, 3)),
    case("logdet", lambda T, a: T.logdet(a), spd(3, 3)),
    case("logdet_negative", lambda T, a: T.logdet(a), f32(-1, 0, 0, 1).reshape(2, 2)),
    case("logdet_batch", lambda T, a: a.logdet(), spd(2, 3, 3, dtype=F64)),
    case("solve", lambda T, a, b: T.linalg.solve(a, b), well(4, 4), rand(4, 2)),
    case("solve_vector", lambda T, a, b: T.linalg.solve(a, b), well(3, 3), rand(3)),
    case("solve_batch_vector", lambda T, a, b: T.linalg.solve(a, b), well(2, 3, 3), rand(2, 3)),
    case("solve_broadcast", lambda T, a, b: T.linalg.solve(a, b), well(2, 3, 3, dtype=F64),
         rand(3, 4, dtype=F64)),
    case("solve_vector_broadcast", lambda T, a, b: T.linalg.solve(a, b), well(2, 3, 3),
         rand(3)),
    case("solve_right", lambda T, a, b: T.linalg.solve(a, b, left=False), well(3, 3),
         rand(4, 3)),
    case("lstsq", lambda T, a, b: T.linalg.lstsq(a, b), rand(5, 3, dtype=F64),
         rand(5, 2, dtype=F64)),
    case("lstsq_f32", lambda T, a, b: T.linalg.lstsq(a, b), well(4, 4), rand(4, 2),
         atol=1e-4),
    case("lstsq_wide", lambda T, a, b: T.linalg.lstsq(a, b).solution, rand(3, 5, dtype=F64),
         rand(3, 2, dtype=F64)),
    case("lstsq_vector", lambda T, a, b: T.linalg.lstsq(a, b), rand(5, 3, dtype=F64),
         rand(5, dtype=F64)),
    case("lstsq_batch", lambda T, a, b: T.linalg.lstsq(a, b), rand(2, 5, 3, dtype=F64),
         rand(2, 5, 2, dtype=F64)),
    case("lstsq_batch_broadcast", lambda T, a, b: T.linalg.lstsq(a, b), rand(2, 5, 3, dtype=F64),
         rand(1, 5, 2, dtype=F64)),
    case("lstsq_gelsd", lambda T, a, b: T.linalg.lstsq(a, b, driver="gelsd")[0:1] + (
        T.linalg.lstsq(a.detach(), b.detach(), driver="gelsd")[1:]), rand(5, 3, dtype=F64),
         rand(5, 2, dtype=F64)),
    case("lstsq_gelsd_residuals", lambda T, a, b: T.linalg.lstsq(a, b, driver="gelsd")[:2],
         rand(2, 5, 3, dtype=F64), rand(2, 5, 2, dtype=F64)),
    case("lstsq_gelss_vector", lambda T, a, b: T.linalg.lstsq(a, b, driver="gelss")[:2],
         rand(5, 3, dtype=F64), rand(5, dtype=F64)),
    case("lstsq_gels", lambda T, a, b: T.linalg.lstsq(a, b, driver="gels")[2:],
         rand(5, 3, dtype=F64), rand(5, 2, dtype=F64)),
    case("lstsq_gelss_batch", lambda T, a, b: T.linalg.lstsq(a.detach(), b, driver="gelss")[1:],
         rand(2, 5, 3, dtype=F64), rand(2, 5, 2, dtype=F64)),
    case("lstsq_rank_deficient", lambda T, a, b: T.linalg.lstsq(a, b), SINGULAR3[:, :2].copy(),
         f64(1, 1, 1).reshape(3, 1), grad=False),
    case("cholesky", lambda T, a: T.linalg.cholesky(a), spd(4, 4)),
    case("cholesky_upper_batch", lambda T, a: T.linalg.cholesky(a, upper=True),
         spd(2, 3, 3, dtype=F64)),
    case("cholesky_torch", lambda T, a: T.cholesky(a), spd(3, 3)),
    case("cholesky_torch_upper", lambda T, a: a.cholesky(True), spd(3, 3, dtype=F64)),
    case("pinv", lambda T, a: T.linalg.pinv(a), rand(4, 3)),
    case("pinv_wide_batch", lambda T, a: T.linalg.pinv(a), rand(2, 3, 5, dtype=F64)),
    case("pinv_hermitian", lambda T, a: T.linalg.pinv(a, hermitian=True), sym(4, 4, dtype=F64)),
    case("pinv_rtol", lambda T, a: T.linalg.pinv(a, rtol=0.3), rand(4, 4, dtype=F64)),
    case("pinv_atol", lambda T, a: T.linalg.pinv(a, atol=0.5), rand(4, 4, dtype=F64)),
    case("pinv_rank_deficient", lambda T, a: T.linalg.pinv(a), SINGULAR3, grad=False),
    case("pinv_empty", lambda T, a: T.linalg.pinv(a), np.zeros((0, 3), np.float32)),
    case("pinverse", lambda T, a: T.pinverse(a), rand(3, 4)),
    case("pinverse_method", lambda T, a: a.pinverse(rcond=0.2), rand(3, 4, dtype=F64)),
    case("matrix_rank", lambda T, a: T.linalg.matrix_rank(a), rand(3, 4)),
    case("matrix_rank_singular", lambda T, a: T.linalg.matrix_rank(a), SINGULAR3),
    case("matrix_rank_batch", lambda T, a: T.linalg.matrix_rank(a),
         np.stack([SINGULAR3, np.eye(3)])),
    case("matrix_rank_atol", lambda T, a: T.linalg.matrix_rank(a, atol=1.0, rtol=0.0),
         rand(4, 4)),
    case("matrix_rank_tol", lambda T, a: T.linalg.matrix_rank(a, 0.5), rand(4, 4, dtype=F64)),
    case("matrix_rank_hermitian", lambda T, a: T.linalg.matrix_rank(a, hermitian=True),
         SINGULAR3 @ SINGULAR3.T),
    case("cross", lambda T, a, b: T.linalg.cross(a, b), rand(4, 3), rand(4, 3)),
    case("cross_dim_broadcast", lambda T, a, b: T.linalg.cross(a, b, dim=0), rand(3, 4),
         rand(3, 1, dtype=np.float32)),
    case("multi_dot", lambda T, a, b, c: T.linalg.multi_dot([a, b, c]), rand(2, 3), rand(3, 4),
         rand(4, 2)),
    case("multi_dot_two", lambda T, a, b: T.linalg.multi_dot((a, b)), rand(2, 3), rand(3, 4)),
    case("multi_dot_vectors", lambda T, v, a, b, w: T.linalg.multi_dot([v, a, b, w]), rand(5),
         rand(5, 2), rand(2, 6, dtype=np.float32), rand(6)),
    case("multi_dot_row_vector", lambda T, v, a, b: T.linalg.multi_dot([v, a, b]), rand(2),
         rand(2, 7), rand(7, 3)),
    case("linalg_matmul", lambda T, a, b: T.linalg.matmul(a, b), rand(2, 3), rand(3, 4)),
]

FACTOR_CASES = [
    case("svd", svd_invariants, rand(4, 4), atol=1e-4),
    case("svd_tall_f64", svd_invariants, rand(5, 3, dtype=F64)),
    case("svd_wide_f64", svd_invariants, rand(3, 5, dtype=F64)),
    case("svd_batch", svd_invariants, rand(2, 4, 3), atol=1e-4),
    case("svd_full_tall", lambda T, a: svd_invariants(T, a, True), rand(5, 3, dtype=F64)),
    case("svd_full_wide", lambda T, a: svd_invariants(T, a, True), rand(2, 3, 5, dtype=F64)),
    case("svd_shapes", lambda T, a: svd_shapes(T, a, True), rand(2, 5, 3)),
    case("svd_shapes_reduced", lambda T, a: svd_shapes(T, a, False), rand(2, 5, 3)),
    case("svd_names", lambda T, a: names(T.linalg.svd(a)), rand(3, 3)),
    case("svdvals", lambda T, a: T.linalg.svdvals(a), rand(3, 4)),
    case("svdvals_batch_f64", lambda T, a: T.linalg.svdvals(a), rand(2, 5, 3, dtype=F64)),
    case("svdvals_empty", lambda T, a: T.linalg.svdvals(a), np.zeros((0, 3), np.float32)),
    case("torch_svd", torch_svd_invariants, rand(5, 3, dtype=F64)),
    case("torch_svd_some_false", lambda T, a: torch_svd_invariants(T, a, False),
         rand(3, 5, dtype=F64)),
    case("torch_svd_names", lambda T, a: names(T.svd(a)), rand(3, 3)),
    case("torch_svd_method_shapes", lambda T, a: tuple(t.shape for t in a.svd(some=False)),
         rand(5, 3)),
    case("torch_svd_no_uv", lambda T, a: T.svd(a, compute_uv=False), rand(5, 3, dtype=F64)),
    case("eigh", eigh_invariants, sym(4, 4), atol=1e-4),
    case("eigh_f64_batch", eigh_invariants, sym(2, 5, 5, dtype=F64)),
    case("eigh_upper", lambda T, a: eigh_invariants(T, a, "U"), rand(4, 4, dtype=F64)),
    case("eigh_lower_reads_lower", lambda T, a: eigh_invariants(T, a, "L"), rand(4, 4, dtype=F64)),
    case("eigh_names", lambda T, a: names(T.linalg.eigh(a)), sym(3, 3)),
    case("eigvalsh", lambda T, a: T.linalg.eigvalsh(a), sym(4, 4)),
    case("eigvalsh_upper", lambda T, a: T.linalg.eigvalsh(a, UPLO="U"), rand(2, 3, 3, dtype=F64)),
    case("qr", lambda T, a: T.linalg.qr(a), rand(4, 4)),
    case("qr_tall_f64", lambda T, a: T.linalg.qr(a), rand(5, 3, dtype=F64)),
    case("qr_wide_f64", lambda T, a: T.linalg.qr(a), rand(3, 5, dtype=F64)),
    case("qr_batch", lambda T, a: T.linalg.qr(a), rand(2, 4, 3, dtype=F64)),
    case("qr_complete_square", lambda T, a: T.linalg.qr(a, "complete"), rand(3, 3, dtype=F64)),
    case("qr_complete_wide", lambda T, a: T.linalg.qr(a, mode="complete"), rand(3, 4, dtype=F64)),
    case("qr_complete_tall", lambda T, a: T.linalg.qr(a, mode="complete"), rand(5, 3),
         grad=False),
    case("qr_r", lambda T, a: T.linalg.qr(a, mode="r"), rand(5, 3), grad=False),
    case("qr_empty", lambda T, a: T.linalg.qr(a), np.zeros((0, 3), np.float32), grad=False),
]

DISTANCE_CASES = [
    case("cdist", lambda T, a, b: T.cdist(a, b), rand(4, 3), rand(5, 3)),
    case("cdist_f64_batch", lambda T, a, b: T.cdist(a, b), rand(2, 4, 3, dtype=F64),
         rand(5, 3, dtype=F64)),
    case("cdist_broadcast_batch", lambda T, a, b: T.cdist(a, b, 1.0), rand(2, 1, 4, 3),
         rand(3, 5, 3)),
    case("cdist_p0", lambda T, a, b: T.cdist(a, b, 0), f32(1, 2, 0, 2).reshape(2, 2),
         f32(1, 0, 0, 2, 5, 5).reshape(3, 2)),
    case("cdist_p_half", lambda T, a, b: T.cdist(a, b, 0.5), rand(3, 2), rand(4, 2)),
    case("cdist_p1.5", lambda T, a, b: T.cdist(a, b, 1.5), rand(3, 2), rand(4, 2)),
    case("cdist_p3", lambda T, a, b: T.cdist(a, b, 3), rand(3, 2), rand(4, 2)),
    case("cdist_inf", lambda T, a, b: T.cdist(a, b, inf), rand(3, 2), rand(4, 2)),
    case("cdist_zero_distance", lambda T, a: T.cdist(a, a.detach()), rand(3, 2)),
    case("cdist_mm", lambda T, a, b: T.cdist(a, b), rand(30, 3, dtype=F64),
         rand(4, 3, dtype=F64)),
    case("cdist_mm_batch", lambda T, a, b: T.cdist(a, b), rand(2, 26, 3), rand(5, 3),
         atol=1e-4),
    case("cdist_mm_forced", lambda T, a, b: T.cdist(a, b, compute_mode="use_mm_for_euclid_dist"),
         rand(3, 2, dtype=F64), rand(4, 2, dtype=F64)),
    case("cdist_no_mm", lambda T, a, b: T.cdist(a, b,
         compute_mode="donot_use_mm_for_euclid_dist"), rand(30, 2), rand(4, 2)),
    case("cdist_empty", lambda T, a, b: T.cdist(a, b), np.zeros((0, 3), np.float32), rand(4, 3)),
    case("pdist", lambda T, a: T.pdist(a), rand(5, 3)),
    case("pdist_p1_f64", lambda T, a: T.pdist(a, 1), rand(4, 2, dtype=F64)),
    case("pdist_inf", lambda T, a: T.pdist(a, inf), rand(4, 3)),
    case("pdist_p3", lambda T, a: T.nn.functional.pdist(a, 3), rand(4, 3)),
    case("pdist_one_row", lambda T, a: T.pdist(a), rand(1, 3)),
    case("cosine_similarity", lambda T, a, b: T.cosine_similarity(a, b), rand(4, 5), rand(4, 5)),
    case("cosine_similarity_broadcast", lambda T, a, b: T.nn.functional.cosine_similarity(a, b),
         rand(4, 5), rand(1, 5)),
    case("cosine_similarity_dim", lambda T, a, b: T.nn.functional.cosine_similarity(a, b, dim=-1),
         rand(2, 3, 4, dtype=F64), rand(3, 4, dtype=F64)),
    case("cosine_similarity_zero", lambda T, a, b: T.nn.functional.cosine_similarity(a, b),
         np.zeros((2, 3), np.float32), rand(2, 3)),
    case("cosine_similarity_tiny", lambda T, a, b: T.cosine_similarity(a, b, eps=1e-3),
         f32(1e-4, 0, 0, 1, 2, 3).reshape(2, 3), rand(2, 3)),
    case("cosine_similarity_1d", lambda T, a, b: T.cosine_similarity(a, b, 0), rand(5), rand(5)),
    case("cosine_similarity_mixed", lambda T, a, b: T.cosine_similarity(a, b), rand(2, 3),
         rand(2, 3, dtype=F64)),
    case("pairwise_distance", lambda T, a, b: T.nn.functional.pairwise_distance(a, b),
         rand(4, 5), rand(4, 5)),
    case("pairwise_distance_p1_keepdim", lambda T, a, b: T.nn.functional.pairwise_distance(
        a, b, 1, keepdim=True), rand(4, 5), rand(5)),
    case("pairwise_distance_1d", lambda T, a, b: T.pairwise_distance(a, b, 3.0, 1e-3),
         rand(5), rand(5)),
    case("pairwise_distance_0d", lambda T, a, b: T.nn.functional.pairwise_distance(a, b),
         f32(1.0).reshape(()), f32(0.0).reshape(())),
    case("pairwise_distance_inf", lambda T, a, b: T.nn.functional.pairwise_distance(a, b, inf),
         rand(3, 4, dtype=F64), rand(3, 4, dtype=F64)),
    case("normalize", lambda T, a: T.nn.functional.normalize(a), rand(4, 5)),
    case("normalize_p1_dim0", lambda T, a: T.nn.functional.normalize(a, 1, 0), rand(4, 5)),
    case("normalize_zero_row", lambda T, a: T.nn.functional.normalize(a, dim=-1),
         np.zeros((2, 3), np.float32)),
    case("normalize_f64_3d", lambda T, a: T.nn.functional.normalize(a, 3.0, dim=2, eps=1e-3),
         rand(2, 3, 4, dtype=F64)),
]


@run(NORM_CASES)
def test_norms(fn, inputs, options):
    check(fn, *inputs, **options)


@run(MATRIX_CASES)
def test_matrix_functions(fn, inputs, options):
    check(fn, *inputs, **options)


@run(FACTOR_CASES)
def test_factorizations(fn, inputs, options):
    check(fn, *inputs, **options)


@run(DISTANCE_CASES)
def test_distances(fn, inputs, options):
    check(fn, *inputs, **options)


def test_qr_of_lapack_is_torchs_exactly():
    """Both call LAPACK's Householder QR: the factors agree to rounding, signs included."""
    import cybenko

    a = rand(6, 4, dtype=F64)
    q, r = cybenko.linalg.qr(cybenko.tensor(a))
    tq, tr = torch.linalg.qr(torch.tensor(a))
    np.testing.assert_allclose(q.numpy(), tq.numpy(), atol=1e-13)
    np.testing.assert_allclose(r.numpy(), tr.numpy(), atol=1e-13)


def test_linalg_module_is_reachable():
    import cybenko
    import cybenko.linalg

    assert cybenko.linalg is cybenko.linalg
    assert issubclass(cybenko.linalg.LinAlgError, RuntimeError)
    assert str(cybenko.linalg.svd(cybenko.eye(2)).__class__.__name__) == "linalg_svd"


# --- errors -------------------------------------------------------------------------------------

ERRORS = [
    case("inv_singular", lambda T, a: T.linalg.inv(a), SINGULAR),
    case("inv_singular3", lambda T, a: T.linalg.inv(a), EXACTLY_SINGULAR3.astype(np.float32)),
    case("inv_singular_batch", lambda T, a: T.linalg.inv(a), np.stack([np.eye(2), SINGULAR])
         .astype(np.float32)),
    case("inverse_singular", lambda T, a: T.inverse(a), SINGULAR),
    case("inv_non_square", lambda T, a: T.linalg.inv(a), rand(2, 3)),
    case("inv_1d", lambda T, a: T.linalg.inv(a), rand(3)),
    case("inv_int", lambda T, a: T.linalg.inv(a), np.ones((2, 2), np.int64)),
    case("det_int", lambda T, a: T.linalg.det(a), np.ones((2, 2), np.int64)),
    case("det_non_square", lambda T, a: T.det(a), rand(2, 3)),
    case("det_0d", lambda T, a: T.det(a), f32(2.0).reshape(())),
    case("slogdet_non_square", lambda T, a: T.linalg.slogdet(a), rand(2, 3)),
    case("logdet_int", lambda T, a: T.logdet(a), np.ones((2, 2), np.int64)),
    case("solve_singular", lambda T, a, b: T.linalg.solve(a, b), SINGULAR, rand(2)),
    case("solve_singular_batch", lambda T, a, b: T.linalg.solve(a, b),
         np.stack([np.eye(2), SINGULAR]).astype(np.float32), rand(2, 2)),
    case("solve_shapes_vector", lambda T, a, b: T.linalg.solve(a, b), well(2, 2), rand(3)),
    case("solve_shapes", lambda T, a, b: T.linalg.solve(a, b), well(2, 2), rand(3, 2)),
    case("solve_shapes_right", lambda T, a, b: T.linalg.solve(a, b, left=False), well(2, 2),
         rand(2, 3)),
    case("solve_int", lambda T, a, b: T.linalg.solve(a, b), np.eye(2, dtype=np.int64),
         np.ones(2, np.int64)),
    case("solve_dtypes", lambda T, a, b: T.linalg.solve(a, b), well(2, 2), rand(2, dtype=F64)),
    case("lstsq_driver", lambda T, a, b: T.linalg.lstsq(a, b, driver="foo"), rand(5, 3),
         rand(5, 2)),
    case("lstsq_rows", lambda T, a, b: T.linalg.lstsq(a, b), rand(5, 3), rand(4, 2)),
    case("lstsq_int", lambda T, a, b: T.linalg.lstsq(a, b), np.ones((5, 3), np.int64),
         np.ones((5, 2), np.int64)),
    case("lstsq_batch_vector_like", lambda T, a, b: T.linalg.lstsq(a, b), rand(2, 5, 3),
         rand(5, 2)),
    case("lstsq_1d", lambda T, a, b: T.linalg.lstsq(a, b), rand(5), rand(5)),
    case("lstsq_dtypes", lambda T, a, b: T.linalg.lstsq(a, b), rand(5, 3), rand(5, 2, dtype=F64)),
    case("cholesky_not_pd", lambda T, a: T.linalg.cholesky(a), f32(1, 2, 2, 1).reshape(2, 2)),
    case("cholesky_not_pd_batch", lambda T, a: T.linalg.cholesky(a),
         np.stack([np.eye(2), [[1, 2], [2, 1]]]).astype(np.float32)),
    case("cholesky_non_square", lambda T, a: T.linalg.cholesky(a), rand(2, 3)),
    case("cholesky_int", lambda T, a: T.linalg.cholesky(a), np.eye(2, dtype=np.int64)),
    case("svd_int", lambda T, a: T.linalg.svd(a), np.ones((2, 3), np.int64)),
    case("svd_1d", lambda T, a: T.linalg.svd(a), rand(3)),
    case("svdvals_int", lambda T, a: T.linalg.svdvals(a), np.ones((2, 3), np.int64)),
    case("qr_int", lambda T, a: T.linalg.qr(a), np.ones((2, 3), np.int64)),
    case("qr_mode", lambda T, a: T.linalg.qr(a, mode="foo"), rand(2, 3)),
    case("eigh_non_square", lambda T, a: T.linalg.eigh(a), rand(2, 3)),
    case("eigvalsh_non_square", lambda T, a: T.linalg.eigvalsh(a), rand(2, 3)),
    case("eigh_uplo", lambda T, a: T.linalg.eigh(a, UPLO="X"), rand(2, 2)),
    case("eigh_int", lambda T, a: T.linalg.eigh(a), np.eye(2, dtype=np.int64)),
    case("pinv_int", lambda T, a: T.linalg.pinv(a), np.eye(3, dtype=np.int64)),
    case("pinv_1d", lambda T, a: T.linalg.pinv(a), rand(3)),
    case("matrix_rank_1d", lambda T, a: T.linalg.matrix_rank(a), rand(3)),
    case("matrix_rank_int", lambda T, a: T.linalg.matrix_rank(a), np.eye(3, dtype=np.int64)),
    case("multi_dot_one", lambda T, a: T.linalg.multi_dot([a]), rand(2, 3)),
    case("multi_dot_shapes", lambda T, a, b: T.linalg.multi_dot([a, b]), rand(2, 3), rand(2, 2)),
    case("multi_dot_3d_last", lambda T, a, b: T.linalg.multi_dot([a, b]), rand(2, 3),
         rand(2, 3, 3)),
    case("multi_dot_3d_middle", lambda T, a, b, c: T.linalg.multi_dot([a, b, c]), rand(2, 3),
         rand(2, 3, 3), rand(3, 2)),
    case("cross_length", lambda T, a, b: T.linalg.cross(a, b), rand(3, 2), rand(3, 2)),
    case("cross_ndim", lambda T, a, b: T.linalg.cross(a, b), rand(4, 3), rand(3)),
    case("cross_dtypes", lambda T, a, b: T.linalg.cross(a, b), rand(2, 3), rand(2, 3, dtype=F64)),
    case("cross_dim_named", lambda T, a, b: T.linalg.cross(a, b, dim=1), rand(3, 2), rand(3, 2)),
    case("vector_norm_int", lambda T, x: T.linalg.vector_norm(x), np.ones(3, np.int64)),
    case("vector_norm_dtype_int", lambda T, x: T.linalg.vector_norm(x, dtype=T.int64), rand(3)),
    case("vector_norm_narrowing", lambda T, x: T.linalg.vector_norm(x, dtype=T.float32),
         rand(3, dtype=F64)),
    case("vector_norm_empty_inf", lambda T, x: T.linalg.vector_norm(x, inf),
         np.zeros(0, np.float32)),
    case("vector_norm_empty_-inf", lambda T, x: T.linalg.vector_norm(x, -inf),
         np.zeros(0, np.float32)),
    case("vector_norm_empty_dim_inf", lambda T, x: T.linalg.vector_norm(x, inf, dim=0),
         np.zeros((0, 3), np.float32)),
    case("vector_norm_ord_str", lambda T, x: T.linalg.vector_norm(x, "fro"), rand(3)),
    case("vector_norm_dim", lambda T, x: T.linalg.vector_norm(x, dim=2), rand(3, 2)),
    case("matrix_norm_ord", lambda T, x: T.linalg.matrix_norm(x, 3), rand(3, 3)),
    case("matrix_norm_ord_str", lambda T, x: T.linalg.matrix_norm(x, "foo"), rand(3, 3)),
    case("matrix_norm_1d", lambda T, x: T.linalg.matrix_norm(x), rand(3)),
    case("matrix_norm_dim", lambda T, x: T.linalg.matrix_norm(x, dim=(0,)), rand(3, 3, 3)),
    case("matrix_norm_same_dims", lambda T, x: T.linalg.matrix_norm(x, dim=(1, -1)), rand(3, 3)),
    case("matrix_norm_int", lambda T, x: T.linalg.matrix_norm(x, "nuc"), np.ones((3, 3), np.int64)),
    case("norm_3d_ord", lambda T, x: T.linalg.norm(x, 2), rand(3, 3, 3)),
    case("norm_str_1d", lambda T, x: T.linalg.norm(x, "fro"), rand(3)),
    case("norm_three_dims", lambda T, x: T.linalg.norm(x, dim=(0, 1, 2)), rand(2, 2, 2)),
    case("torch_norm_int", lambda T, x: T.norm(x), np.ones((3, 3), np.int64)),
    case("torch_norm_axis", lambda T, x: T.norm(x, axis=0), rand(3, 3)),
    case("norm_method_axis", lambda T, x: x.norm(axis=0), rand(3, 3)),
    case("torch_norm_fro_3dims", lambda T, x: T.norm(x, "fro", dim=(0, 1, 2)), rand(3, 3, 2)),
    case("torch_norm_nuc_3d", lambda T, x: T.norm(x, "nuc"), rand(3, 3, 2)),
    case("torch_norm_nuc_dim", lambda T, x: T.norm(x, "nuc", dim=0), rand(3, 3)),
    case("torch_norm_bad_str", lambda T, x: T.norm(x, "foo"), rand(3, 3)),
    case("renorm_p0", lambda T, x: x.renorm(0, 0, 1.0), rand(3, 3)),
    case("renorm_maxnorm", lambda T, x: x.renorm(2, 0, -1.0), rand(3, 3)),
    case("renorm_dim", lambda T, x: x.renorm(2, 2, 1.0), rand(3, 3)),
    case("renorm_int", lambda T, x: x.renorm(2, 0, 1.0), np.ones((3, 3), np.int64)),
    case("renorm_1d", lambda T, x: x.renorm(2, 0, 1.0), rand(3)),
    case("dist_int", lambda T, x, y: T.dist(x, y), np.ones(3, np.int64), np.ones(3, np.int64)),
    case("dist_shapes", lambda T, x, y: T.dist(x, y), rand(3), rand(2)),
    case("cdist_1d", lambda T, a, b: T.cdist(a, b), rand(3), rand(3)),
    case("cdist_columns", lambda T, a, b: T.cdist(a, b), rand(2, 3), rand(2, 4)),
    case("cdist_negative_p", lambda T, a, b: T.cdist(a, b, -1), rand(2, 3), rand(2, 3)),
    case("cdist_int", lambda T, a, b: T.cdist(a, b), np.ones((2, 3), np.int64),
         np.ones((2, 3), np.int64)),
    case("cdist_mode", lambda T, a, b: T.cdist(a, b, compute_mode="foo"), rand(2, 3), rand(2, 3)),
    case("cdist_dtypes", lambda T, a, b: T.cdist(a, b), rand(2, 3), rand(2, 3, dtype=F64)),
    case("pdist_3d", lambda T, a: T.pdist(a), rand(2, 3, 3)),
    case("pdist_negative_p", lambda T, a: T.pdist(a, -1), rand(2, 3)),
    case("pdist_int", lambda T, a: T.pdist(a), np.ones((2, 3), np.int64)),
    case("cosine_similarity_int", lambda T, a, b: T.cosine_similarity(a, b),
         np.ones((2, 3), np.int64), np.ones((2, 3), np.int64)),
    case("cosine_similarity_shapes", lambda T, a, b: T.cosine_similarity(a, b), rand(2, 3),
         rand(2, 4)),
    case("normalize_int", lambda T, a: T.nn.functional.normalize(a), np.ones((2, 3), np.int64)),
]


@run(ERRORS)
def test_errors(fn, inputs, options):
    check_error(fn, *inputs, match=True)


BACKWARD_ERRORS = [
    case("qr_r_backward", lambda T, a: T.linalg.qr(a, mode="r").R.sum().backward(), rand(4, 3)),
    case("qr_complete_tall_backward",
         lambda T, a: T.linalg.qr(a, mode="complete").Q.sum().backward(), rand(4, 3)),
]


@run(BACKWARD_ERRORS)
def test_backward_errors(fn, inputs, options):
    check_error(fn, *inputs, match=True, grad=True)


# --- finite differences: every gradient, float64, no torch ----------------------------------------


def _svd_flat(T, a, full=False):
    S, uu, vv, rebuilt = svd_invariants(T, a, full)
    return T.cat([S.reshape(-1), uu.reshape(-1), vv.reshape(-1), rebuilt.reshape(-1)])


def _eigh_flat(T, a):
    values, vv, rebuilt = eigh_invariants(T, (a + a.mT) / 2)
    return T.cat([values.reshape(-1), vv.reshape(-1), rebuilt.reshape(-1)])


def _qr_flat(T, a, mode="reduced"):
    Q, R = T.linalg.qr(a, mode=mode)
    return T.cat([Q.reshape(-1), R.reshape(-1)])


def _slogdet_flat(T, a):
    sign, logabsdet = T.linalg.slogdet(a)
    return T.cat([sign.reshape(-1), logabsdet.reshape(-1)])


def _lstsq_flat(T, a, b):
    return T.linalg.lstsq(a, b).solution


def _f64(*shape):
    return rand(*shape, dtype=F64)


GRADCHECK = [
    case("vector_norm_2", lambda T, x: T.linalg.vector_norm(x, dim=1), _f64(3, 4)),
    case("vector_norm_1", lambda T, x: T.linalg.vector_norm(x, 1), _f64(5)),
    case("vector_norm_inf", lambda T, x: T.linalg.vector_norm(x, inf, 0), _f64(3, 4)),
    case("vector_norm_-inf", lambda T, x: T.linalg.vector_norm(x, -inf, 1), _f64(3, 4)),
    case("vector_norm_3", lambda T, x: T.linalg.vector_norm(x, 3, (0, 1)), _f64(3, 4)),
    case("vector_norm_half", lambda T, x: T.linalg.vector_norm(x, 0.5), draw.pos(4, dtype=F64)),
    case("vector_norm_1.5", lambda T, x: T.linalg.vector_norm(x, 1.5, -1), _f64(2, 4)),
    case("vector_norm_-2", lambda T, x: T.linalg.vector_norm(x, -2), draw.pos(4, dtype=F64)),
    case("matrix_norm_nuc", lambda T, x: T.linalg.matrix_norm(x, "nuc"), _f64(2, 3, 4)),
    case("matrix_norm_2", lambda T, x: T.linalg.matrix_norm(x, 2), _f64(3, 4)),
    case("matrix_norm_-2", lambda T, x: T.linalg.matrix_norm(x, -2), _f64(4, 3)),
    case("matrix_norm_1", lambda T, x: T.linalg.matrix_norm(x, 1), _f64(3, 4)),
    case("matrix_norm_inf", lambda T, x: T.linalg.matrix_norm(x, inf), _f64(3, 4)),
    case("dist", lambda T, x, y: T.dist(x, y, 3), _f64(3, 2), _f64(2)),
    case("renorm", lambda T, x: T.renorm(x, 2, 0, 1.0), _f64(3, 4)),
    case("renorm_p3", lambda T, x: x.renorm(3, 1, 0.8), _f64(3, 4)),
    case("inv", lambda T, a: T.linalg.inv(a), well(2, 3, 3, dtype=F64)),
    case("det", lambda T, a: T.linalg.det(a), well(2, 3, 3, dtype=F64)),
    case("slogdet", _slogdet_flat, _f64(3, 3)),
    case("logdet", lambda T, a: T.logdet(a), spd(3, 3, dtype=F64)),
    case("solve", lambda T, a, b: T.linalg.solve(a, b), well(3, 3, dtype=F64), _f64(3, 2)),
    case("solve_vector_batch", lambda T, a, b: T.linalg.solve(a, b), well(2, 3, 3, dtype=F64),
         _f64(3)),
    case("solve_right", lambda T, a, b: T.linalg.solve(a, b, left=False), well(3, 3, dtype=F64),
         _f64(2, 3)),
    case("lstsq_tall", _lstsq_flat, _f64(5, 3), _f64(5, 2)),
    case("lstsq_wide", _lstsq_flat, _f64(3, 5), _f64(3)),
    case("lstsq_residuals", lambda T, a, b: T.linalg.lstsq(a, b, driver="gelsd").residuals,
         _f64(2, 5, 3), _f64(2, 5, 2)),
    case("lstsq_residuals_vector", lambda T, a, b: T.linalg.lstsq(a, b, driver="gelss")[1],
         _f64(5, 3), _f64(5)),
    case("svd", _svd_flat, _f64(4, 4)),
    case("svd_tall", _svd_flat, _f64(5, 3)),
    case("svd_wide_batch", _svd_flat, _f64(2, 3, 4)),
    case("svd_full", lambda T, a: _svd_flat(T, a, True), _f64(4, 3)),
    case("svdvals", lambda T, a: T.linalg.svdvals(a), _f64(3, 5)),
    case("torch_svd", lambda T, a: (lambda r: r.U * r.U + r.V.sum() * r.S.sum())(T.svd(a)),
         _f64(3, 3)),
    case("eigh", _eigh_flat, _f64(4, 4)),
    case("eigvalsh", lambda T, a: T.linalg.eigvalsh((a + a.mT) / 2), _f64(2, 3, 3)),
    case("qr_square", _qr_flat, _f64(3, 3)),
    case("qr_tall", _qr_flat, _f64(5, 3)),
    case("qr_wide", _qr_flat, _f64(3, 5)),
    case("qr_complete_wide", lambda T, a: _qr_flat(T, a, "complete"), _f64(2, 3)),
    case("cholesky", lambda T, a: T.linalg.cholesky((a + a.mT) / 2), spd(3, 3, dtype=F64)),
    case("cholesky_upper", lambda T, a: T.linalg.cholesky((a + a.mT) / 2, upper=True),
         spd(2, 3, 3, dtype=F64)),
    case("pinv_tall", lambda T, a: T.linalg.pinv(a), _f64(4, 3)),
    case("pinv_wide", lambda T, a: T.linalg.pinv(a), _f64(3, 4)),
    case("pinv_hermitian", lambda T, a: T.linalg.pinv((a + a.mT) / 2, hermitian=True),
         _f64(3, 3)),
    case("cross", lambda T, a, b: T.linalg.cross(a, b), _f64(2, 3), _f64(2, 3)),
    case("cdist", lambda T, a, b: T.cdist(a, b), _f64(3, 2), _f64(4, 2)),
    case("cdist_p1.5", lambda T, a, b: T.cdist(a, b, 1.5), _f64(3, 2), _f64(4, 2)),
    case("cdist_p3", lambda T, a, b: T.cdist(a, b, 3), _f64(3, 2), _f64(4, 2)),
    case("cdist_inf", lambda T, a, b: T.cdist(a, b, inf), _f64(3, 2), _f64(4, 2)),
    case("cdist_mm", lambda T, a, b: T.cdist(a, b, compute_mode="use_mm_for_euclid_dist"),
         _f64(2, 3, 2), _f64(4, 2)),
    case("pdist", lambda T, a: T.pdist(a), _f64(4, 3)),
    case("pdist_inf", lambda T, a: T.pdist(a, inf), _f64(4, 3)),
    case("cosine_similarity", lambda T, a, b: T.cosine_similarity(a, b), _f64(3, 4), _f64(4)),
    case("pairwise_distance", lambda T, a, b: T.pairwise_distance(a, b, 3), _f64(3, 4),
         _f64(3, 4)),
    case("normalize", lambda T, a: T.nn.functional.normalize(a, 1.5), _f64(3, 4)),
]


@run(GRADCHECK)
def test_finite_differences(fn, inputs, options):
    check_finite_differences(fn, *inputs, **options)


# --- bad and edge input: torch's errors and values -----------------------------------------------

edge = Draws(seed=1041)
NAN_MATRIX = np.array([[1.0, nan], [0.0, 1.0]], np.float32)
INF_EYE = np.array([[inf, nan], [nan, inf]])
BOOLS = np.array([[True, False], [False, True]])

EDGE_ERRORS = [
    # a negative p-norm of nothing is 1/0: refused as the inf norms are
    case("vector_norm_negative_empty", lambda T, a: T.linalg.vector_norm(a, -1), np.zeros((0, 3))),
    case("vector_norm_negative_empty_dim",
         lambda T, a: T.linalg.vector_norm(a, -0.5, dim=1), np.zeros((3, 0))),
    case("norm_negative_empty", lambda T, a: T.norm(a, -2), np.zeros((0, 3))),
    # a dim may be contracted once only
    case("tensordot_repeated_dim", lambda T, a, b: T.tensordot(a, b, ([1, 1], [0, 1])),
         edge.rand(2, 3), edge.rand(3, 3)),
    case("tensordot_repeated_dim_b", lambda T, a, b: T.tensordot(a, b, ([0, 1], [2, -1])),
         edge.rand(3, 3), edge.rand(3, 3, 3)),
    # bool products: torch's matrix-product kernels have no bool version
    case("tensordot_bool", lambda T, a, b: T.tensordot(a, b, 1), BOOLS, BOOLS),
    case("tensordot_bool_full", lambda T, a, b: T.tensordot(a, b, 2), BOOLS, BOOLS),
    case("inner_bool", lambda T, a, b: T.inner(a, b), BOOLS, BOOLS),
    case("inner_bool_1d", lambda T, a, b: T.inner(a, b), BOOLS[0], BOOLS[1]),
    case("einsum_bool_contracted", lambda T, a, b: T.einsum("ij,jk->ik", a, b), BOOLS, BOOLS),
    case("einsum_summed_then_contracted", lambda T, a, b: T.einsum("ij,j->", a, b),
         np.ones((2, 2), np.int32), np.ones(2, np.int32)),
    # LAPACK's SVD refuses nan and inf, in torch's words, batch element named
    case("svd_nan", lambda T, a: T.linalg.svd(a), NAN_MATRIX),
    case("svdvals_nan_batch", lambda T, a: T.linalg.svdvals(a),
         np.stack([np.eye(2, dtype=np.float32), NAN_MATRIX])),
    case("pinv_nan", lambda T, a: T.linalg.pinv(a), NAN_MATRIX),
    # inf on the diagonal, nan off it (eye * inf, made without NumPy's warning)
    case("matrix_rank_inf", lambda T, a: T.linalg.matrix_rank(a), INF_EYE),
    # driver= is a CUDA-only argument
    case("svd_driver", lambda T, a: T.linalg.svd(a, driver="gesvd"), edge.rand(3, 3)),
    case("svdvals_driver", lambda T, a: T.linalg.svdvals(a, driver="gesvd"), edge.rand(3, 3)),
    # B may have one dim fewer than A, never more
    case("lstsq_dims", lambda T, a, b: T.linalg.lstsq(a, b), well(2, 3, 3), edge.rand(3)),
    case("lstsq_dims_more", lambda T, a, b: T.linalg.lstsq(a, b), well(3, 3), edge.rand(2, 3, 3)),
    # the argument parser: matrix_norm's dim is a tuple, its ord a number or a string
    case("matrix_norm_dim_int", lambda T, a: T.linalg.matrix_norm(a, dim=1), edge.rand(2, 3)),
    case("matrix_norm_ord_none", lambda T, a: T.linalg.matrix_norm(a, ord=None), edge.rand(2, 3)),
    # einsum needs an operand
    case("einsum_no_operands", lambda T: T.einsum("ij")),
    case("einsum_empty_list", lambda T: T.einsum("ij", [])),
    # sublist subscripts are 0 to 51
    case("einsum_sublist_range", lambda T, a: T.einsum(a, [0, 52]), edge.rand(2, 3)),
    # torch.svd's own words for a vector
    case("torch_svd_1d", lambda T, a: T.svd(a), edge.rand(3)),
    case("torch_svd_0d_values_only", lambda T, a: T.svd(a, compute_uv=False), f32(1.0).reshape(())),
    # bmm names the operand that is not 3-D
    case("bmm_batch2_2d", lambda T, a, b: T.bmm(a, b), edge.rand(2, 3, 3), edge.rand(3, 3)),
    # multi_dot names the first tensor of another dtype
    case("multi_dot_dtypes", lambda T, a, b, c: T.linalg.multi_dot([a, b, c.double()]),
         edge.rand(2, 3), edge.rand(3, 3), edge.rand(3, 2)),
    case("multi_dot_int", lambda T, a, b: T.linalg.multi_dot([a, b.long()]), edge.rand(2, 3),
         edge.rand(3, 2)),
    # cdist's matrix-product path refuses mixed dtypes in mm's words
    case("cdist_mm_dtypes",
         lambda T, a, b: T.cdist(a, b, compute_mode="use_mm_for_euclid_dist"),
         edge.rand(3, 2), edge.rand(4, 2, dtype=F64)),
    case("cdist_mm_dtypes_many_rows", lambda T, a, b: T.cdist(a, b),
         edge.rand(30, 2), edge.rand(4, 2, dtype=F64)),
    # solve broadcasts B's batch with A's, in that order
    case("solve_batches", lambda T, a, b: T.linalg.solve(a, b), well(2, 3, 3), edge.rand(4, 3, 1)),
    # tensordot's dims: two lists of ints, in the argument parser's words
    case("tensordot_dims_ints", lambda T, a, b: T.tensordot(a, b, (1, 0)), edge.rand(2, 3),
         edge.rand(3, 3)),
    case("tensordot_dims_float_item", lambda T, a, b: T.tensordot(a, b, ([1], [0.5])),
         edge.rand(2, 3), edge.rand(3, 3)),
    # mv reads the matrix's first dim before checking dims
    case("mv_0d", lambda T, a, b: T.mv(a, b), f32(2.0).reshape(()), edge.rand(2)),
]


@run(EDGE_ERRORS)
def test_edge_errors(fn, inputs, options):
    check_error(fn, *inputs, match=True)


EDGE_VALUES = [
    # einsum sums integers and bools within an operand as sum() does, to int64
    case("einsum_bool_sum", lambda T, a: T.einsum("ij->", a), BOOLS),
    case("einsum_int32_rows", lambda T, a: T.einsum("ij->i", a), np.ones((2, 3), np.int32)),
    case("einsum_int32_summed_apart", lambda T, a, b: T.einsum("ij,k->", a, b),
         np.ones((2, 2), np.int32), np.ones(3, np.int32)),
    # a nan pivot has sign 0
    case("slogdet_nan", lambda T, a: T.linalg.slogdet(a), NAN_MATRIX, grad=False),
    case("slogdet_nan_batch", lambda T, a: T.linalg.slogdet(a),
         np.stack([np.eye(2, dtype=np.float32), NAN_MATRIX]), grad=False),
    # UPLO in either case
    case("eigvalsh_upper_lowercase", lambda T, a: T.linalg.eigvalsh(a, UPLO="u"),
         spd(3, 3, dtype=F64)),
    case("eigh_lower_lowercase", lambda T, a: T.linalg.eigh(a, "l").eigenvalues,
         spd(3, 3, dtype=F64)),
    # rcond: pinv's positional older name for rtol
    case("pinv_rcond", lambda T, a: T.linalg.pinv(a, 0.5), edge.rand(3, 3, dtype=F64)),
    case("pinv_rcond_hermitian", lambda T, a: T.linalg.pinv((a + a.mT) / 2, 0.3, True),
         edge.rand(3, 3, dtype=F64)),
    # tolerances given per matrix of a batch
    case("matrix_rank_atol_tensor", lambda T, a, t: T.linalg.matrix_rank(a, atol=t),
         edge.rand(2, 3, 3), np.array([0.1, 5.0], np.float32)),
    case("matrix_rank_rtol_tensor", lambda T, a, t: T.linalg.matrix_rank(a, rtol=t),
         edge.rand(2, 3, 3), np.array([0.1, 0.9], np.float32)),
    case("pinv_rtol_tensor", lambda T, a, t: T.linalg.pinv(a, rtol=t),
         edge.rand(2, 3, 3, dtype=F64), np.array([0.1, 0.5]), grad=False),
    # rank and singular values keep A's batch shape when B broadcasts it
    case("lstsq_broadcast_a", lambda T, a, b: T.linalg.lstsq(a, b, driver="gelsd"),
         well(1, 3, 3, dtype=F64), edge.rand(4, 3, 2, dtype=F64), grad=False),
    case("lstsq_broadcast_a_tall", lambda T, a, b: T.linalg.lstsq(a, b, driver="gelss"),
         edge.rand(1, 5, 3, dtype=F64), edge.rand(4, 5, 2, dtype=F64), grad=False),
    # einsum's sublist format: operand, sublist, ..., output sublist; 0-25 A-Z, 26-51 a-z
    case("einsum_sublist", lambda T, a, b: T.einsum(a, [0, 1], b, [1, 2], [0, 2]),
         edge.rand(2, 3, dtype=F64), edge.rand(3, 4, dtype=F64)),
    case("einsum_sublist_implicit", lambda T, a, b: T.einsum(a, [27, 1], b, [1, 26]),
         edge.rand(2, 3, dtype=F64), edge.rand(3, 4, dtype=F64)),
    case("einsum_sublist_ellipsis",
         lambda T, a, b: T.einsum(a, [..., 0, 1], b, [1, 2], [..., 0, 2]),
         edge.rand(5, 2, 3, dtype=F64), edge.rand(3, 4, dtype=F64)),
    # the positive operator norms of an empty matrix are 0
    case("matrix_norm_2_empty", lambda T, a: T.linalg.matrix_norm(a, 2), np.zeros((0, 3))),
    case("matrix_norm_2_empty_square", lambda T, a: T.linalg.matrix_norm(a, 2, keepdim=True),
         np.zeros((2, 0, 0))),
    case("matrix_norm_inf_empty", lambda T, a: T.linalg.matrix_norm(a, inf), np.zeros((0, 3))),
    # distances over no coordinates are 0, the max norm's too
    case("cdist_inf_no_features", lambda T, a, b: T.cdist(a, b, inf), np.zeros((3, 0)),
         np.zeros((2, 0))),
    case("pdist_inf_no_features", lambda T, a: T.pdist(a, inf), np.zeros((3, 0))),
    # torch's distance kernels: p=0 counts min(ceil |d|, 1), nan stays nan; cdist's max
    # passes over nan, pdist's does not
    case("cdist_0_nan", lambda T, a, b: T.cdist(a, b, 0), NAN_MATRIX, edge.rand(3, 2),
         grad=False),
    case("pdist_0_nan", lambda T, a: T.pdist(a, 0), np.concatenate([NAN_MATRIX, edge.rand(2, 2)]),
         grad=False),
    case("cdist_inf_nan", lambda T, a, b: T.cdist(a, b, inf), NAN_MATRIX, edge.rand(3, 2),
         grad=False),
]


@run(EDGE_VALUES)
def test_edge_values(fn, inputs, options):
    check(fn, *inputs, **options)
