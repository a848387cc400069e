"""Matrix functions and factorizations: inv, det, slogdet, solve, svd, qr, eigh, cholesky, pinv,
lstsq. Every one works on batches of matrices (..., m, n).

A factorization returns several tensors (U, S, Vh). It is computed once, and each result is
its own node (`SvdFactor(which=0)` for U, ...): the gradient of a factorization is linear
in the gradients of its results, so each node adds its own part, and together they give the
whole gradient.
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function


def _t(x: np.ndarray) -> np.ndarray:
    """The transpose of every matrix of a batch."""
    return np.swapaxes(x, -1, -2)


def _diag_embed(v: np.ndarray) -> np.ndarray:
    """A batch of diagonal matrices with the vectors of `v` on their diagonals."""
    out = np.zeros(v.shape + v.shape[-1:], v.dtype)
    i = np.arange(v.shape[-1])
    out[..., i, i] = v
    return out


def _set_diagonal(x: np.ndarray, values) -> np.ndarray:
    i = np.arange(x.shape[-1])
    x[..., i, i] = values
    return x


def _differences(values: np.ndarray) -> np.ndarray:
    """E[..., i, j] = values[j] - values[i], with 1 on the diagonal (it divides there)."""
    e = values[..., np.newaxis, :] - values[..., :, np.newaxis]
    return _set_diagonal(e, 1)


# --- inverse, determinant, solve ---------------------------------------------------------------


class Inv(Function):
    # d A^-1 = -A^-1 dA A^-1, so grad_A = -A^-T grad A^-T
    @staticmethod
    def forward(ctx, a):
        out = np.linalg.inv(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        inverse_t = _t(ctx.saved_tensors[0])
        return -(inverse_t @ grad @ inverse_t)


def _inverse_where_invertible(a: np.ndarray, det: np.ndarray) -> np.ndarray:
    """A^-1 for the matrices of the batch whose determinant is not 0, and 0 for the others."""
    out = np.zeros_like(a)
    invertible = det != 0
    if invertible.any():
        out[invertible] = np.linalg.inv(a[invertible])
    return out


class Det(Function):
    # d det(A) = det(A) tr(A^-1 dA), so grad_A = grad det(A) A^-T (0 where det(A) is 0)
    @staticmethod
    def forward(ctx, a):
        out = np.asarray(np.linalg.det(a), a.dtype)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, det = ctx.saved_tensors
        scale = (grad * det)[..., np.newaxis, np.newaxis]
        return scale * _t(_inverse_where_invertible(a, det))


class SlogdetFactor(Function):
    # d log|det A| = tr(A^-1 dA), so grad_A = grad A^-T; the sign is piecewise constant
    @staticmethod
    def forward(ctx, a, factors, which):
        ctx.save_for_backward(a)
        ctx.which = which
        return factors[which]

    @staticmethod
    def backward(ctx, grad):
        if ctx.which == 0:
            return None
        (a,) = ctx.saved_tensors
        return grad[..., np.newaxis, np.newaxis] * _t(np.linalg.inv(a))


class Solve(Function):
    # X = A^-1 B: grad_B = A^-T grad, grad_A = -grad_B X^T (vector B: a one-column matrix);
    # left=False, X = B A^-1 (X^T = A^-T B^T): grad_B = grad A^-T, grad_A = -X^T grad_B
    @staticmethod
    def forward(ctx, a, b, vector, left):
        rhs = b[..., np.newaxis] if vector else b
        out = np.linalg.solve(a, rhs) if left else _t(np.linalg.solve(_t(a), _t(rhs)))
        ctx.save_for_backward(a, out)
        ctx.vector, ctx.left = vector, left
        return out[..., 0] if vector else out

    @staticmethod
    def backward(ctx, grad):
        a, x = ctx.saved_tensors
        g = grad[..., np.newaxis] if ctx.vector else grad
        if ctx.left:
            grad_b = np.linalg.solve(_t(a), g)
            grad_a = -(grad_b @ _t(x))
        else:
            grad_b = _t(np.linalg.solve(a, _t(g)))
            grad_a = -(_t(x) @ grad_b)
        return grad_a, (grad_b[..., 0] if ctx.vector else grad_b)


# --- singular values and eigenvalues ------------------------------------------------------------


def svd_backward(u, s, vh, grad_u, grad_s, grad_vh) -> np.ndarray:
    """The gradient of A = U diag(S) Vh (reduced: k = min(m, n) columns in U, rows in Vh).

    With skew(X) = X - X^T and E[i, j] = S_j^2 - S_i^2:
    grad_A = U [ (skew(U^T gU) S + S skew(V^T gV)) / E + diag(gS) ] Vh, plus the parts of gU
    (gV) outside the span of U (V) when A is tall (wide). Distinct singular values only."""
    m, n, k = u.shape[-2], vh.shape[-1], s.shape[-1]
    inner = np.zeros(s.shape + (k,), s.dtype)
    e = _differences(s * s)
    if grad_u is not None:
        ut_gu = _t(u) @ grad_u
        inner = inner + (ut_gu - _t(ut_gu)) * s[..., np.newaxis, :] / e
    if grad_vh is not None:
        vt_gv = vh @ _t(grad_vh)
        inner = inner + s[..., :, np.newaxis] * (vt_gv - _t(vt_gv)) / e
    if grad_s is not None:
        inner = inner + _diag_embed(grad_s)
    if m > k and grad_u is not None:
        # (I - U U^T) gU S^-1 Vh
        gu_sinv = grad_u / s[..., np.newaxis, :]
        return (u @ inner + gu_sinv - u @ (_t(u) @ gu_sinv)) @ vh
    if n > k and grad_vh is not None:
        # U S^-1 gVh (I - V Vh)
        sinv_gvh = grad_vh / s[..., :, np.newaxis]
        return u @ (inner @ vh + sinv_gvh - (sinv_gvh @ _t(vh)) @ vh)
    return u @ inner @ vh


class SvdFactor(Function):
    # A = U diag(S) Vh; the gradient is svd_backward above, each factor adding its part
    @staticmethod
    def forward(ctx, a, factors, which):
        u, s, vh = factors
        k = s.shape[-1]
        ctx.save_for_backward(u[..., :, :k], s, vh[..., :k, :])  # the full factors' extra
        ctx.which = which  # columns carry no gradient
        return factors[which]

    @staticmethod
    def backward(ctx, grad):
        u, s, vh = ctx.saved_tensors
        grads = [None, None, None]
        k = s.shape[-1]
        grads[ctx.which] = grad[..., :, :k] if ctx.which == 0 else grad
        if ctx.which == 2:
            grads[2] = grad[..., :k, :]
        return svd_backward(u, s, vh, *grads)


def eigh_backward(values, vectors, grad_values, grad_vectors) -> np.ndarray:
    """The gradient of A = V diag(L) V^T (symmetric A, distinct eigenvalues):
    grad_A = V [ diag(gL) + skew(V^T gV) / 2E ] V^T, E[i, j] = L_j - L_i."""
    k = values.shape[-1]
    inner = np.zeros(values.shape + (k,), values.dtype)
    if grad_vectors is not None:
        vt_gv = _t(vectors) @ grad_vectors
        inner = 0.5 * (vt_gv - _t(vt_gv)) / _differences(values)
        inner = _set_diagonal(inner, 0)
    if grad_values is not None:
        inner = _set_diagonal(inner, grad_values)
    return vectors @ inner @ _t(vectors)


class EighFactor(Function):
    # A = V diag(L) V^T; the gradient is eigh_backward above, each factor adding its part
    @staticmethod
    def forward(ctx, a, factors, which):
        ctx.save_for_backward(*factors)
        ctx.which = which
        return factors[which]

    @staticmethod
    def backward(ctx, grad):
        values, vectors = ctx.saved_tensors
        if ctx.which == 0:
            return eigh_backward(values, vectors, grad, None)
        return eigh_backward(values, vectors, None, grad)


# --- QR and Cholesky ----------------------------------------------------------------------------


def _copy_lower_to_upper(x: np.ndarray) -> np.ndarray:
    lower = np.tril(x, -1)
    return lower + _t(lower) + _diag_embed(np.diagonal(x, 0, -2, -1))


def qr_backward(q, r, grad_q, grad_r) -> np.ndarray:
    """The gradient of A = QR (Q with orthonormal columns, R upper triangular).

    Square or tall A: with M = R gR^T - gQ^T Q,  grad_A = (gQ + Q copyltu(M)) R^-T.
    Wide A = Q [R1 R2]: the right block gets Q gR2, the left block the square rule with
    gQ + A2 gR2^T (A2 = Q R2)."""
    m, n = q.shape[-2], r.shape[-1]
    gq = np.zeros_like(q) if grad_q is None else grad_q
    gr = np.zeros_like(r) if grad_r is None else grad_r
    if m < n:
        r1, r2 = r[..., :, :m], r[..., :, m:]
        gr1, gr2 = gr[..., :, :m], gr[..., :, m:]
        left = qr_backward(q, r1, gq + (q @ r2) @ _t(gr2), gr1)
        return np.concatenate([left, q @ gr2], axis=-1)
    inner = r @ _t(gr) - _t(gq) @ q
    b = gq + q @ _copy_lower_to_upper(inner)
    # B R^-T: solve R X^T = B^T
    return _t(np.linalg.solve(r, _t(b)))


class QrFactor(Function):
    # A = QR; the gradient is qr_backward above, each factor adding its part
    @staticmethod
    def forward(ctx, a, factors, which, mode):
        ctx.save_for_backward(*factors)
        ctx.which, ctx.mode, ctx.rows, ctx.cols = which, mode, a.shape[-2], a.shape[-1]
        return factors[which]

    @staticmethod
    def backward(ctx, grad):
        if ctx.mode == "r":
            raise RuntimeError(
                "The derivative of linalg.qr depends on Q, which is not computed when mode='r'. "
                "Please use linalg.qr(A, mode='reduced') if you are going to differentiate "
                "through linalg.qr."
            )
        if ctx.mode == "complete" and ctx.rows > ctx.cols:
            raise RuntimeError(
                "The QR decomposition is not differentiable when mode='complete' and "
                "nrows > ncols."
            )
        q, r = ctx.saved_tensors
        return qr_backward(q, r, grad, None) if ctx.which == 0 else qr_backward(q, r, None, grad)


class Cholesky(Function):
    # A = L L^T: grad_A = L^-T Phi(L^T grad) L^-1, Phi(X) = (tril(X) + tril(X)^T) / 2
    @staticmethod
    def forward(ctx, a, upper):
        lower = np.linalg.cholesky(a)
        ctx.save_for_backward(lower)
        ctx.upper = upper
        return _t(lower).copy() if upper else lower

    @staticmethod
    def backward(ctx, grad):
        (lower,) = ctx.saved_tensors
        g = _t(grad) if ctx.upper else grad
        p = np.tril(_t(lower) @ g)
        p = 0.5 * (p + _t(np.tril(p, -1)))
        # L^-T P L^-1: two triangular solves
        x = np.linalg.solve(_t(lower), p)
        return _t(np.linalg.solve(_t(lower), _t(x)))


class LegacyCholesky(Cholesky):
    """torch.cholesky: the same math as linalg.cholesky, a node of its own in torch."""


# --- pseudo-inverse and least squares -----------------------------------------------------------


def pinv_backward(grad, pinv, a) -> np.ndarray:
    """The gradient of P = A^+ (constant rank):
    grad_A = -P^T G P^T + (I - A P) G^T P P^T + P^T P G^T (I - P A)."""
    pt, gt = _t(pinv), _t(grad)
    out = -(pt @ grad @ pt)
    out = out + (gt - a @ (pinv @ gt)) @ (pinv @ pt)
    return out + (pt @ pinv) @ (gt - (gt @ pinv) @ a)


class Pinv(Function):
    # the gradient of the pseudo-inverse: pinv_backward above
    @staticmethod
    def forward(ctx, a, out):
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        return pinv_backward(grad, out, a)


class LstsqFactor(Function):
    # solution X = A^+ B: grad_B = A^+T grad, grad_A = pinv_backward(grad B^T);
    # residuals r = |B - A X|^2 per column (X optimal): grad_B = 2 R grad, grad_A = -2 R grad X^T
    # with R = B - A X. A vector B acts as one column.
    @staticmethod
    def forward(ctx, a, b, factors, which, pinv, vector):
        b = b[..., np.newaxis] if vector else b
        x = factors[0][..., np.newaxis] if vector else factors[0]
        ctx.save_for_backward(a, b, x, pinv)
        ctx.vector, ctx.which = vector, which
        return factors[which]

    @staticmethod
    def backward(ctx, grad):
        a, b, x, pinv = ctx.saved_tensors
        if ctx.which == 1:
            if grad.size == 0:  # no residuals were computed
                return None, None
            weighted = (b - a @ x) * grad[..., np.newaxis, :]  # a vector B's keep their column
            grad_b = 2 * weighted
            grad_a = -2 * weighted @ _t(x)
        else:
            g = grad[..., np.newaxis] if ctx.vector else grad
            grad_a = pinv_backward(g @ _t(b), pinv, a) if ctx.needs_input_grad[0] else None
            grad_b = _t(pinv) @ g
        return grad_a, (grad_b[..., 0] if ctx.vector else grad_b)
