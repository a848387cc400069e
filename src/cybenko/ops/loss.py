"""Loss functions as single nodes: mse, binary cross-entropy (on probabilities and on logits),
negative log-likelihood, Huber, smooth L1, soft margin, multi-class and multi-label margin;
and two pieces that losses composed of smaller ops use (x log y, the p-norm of differences).

One node per loss is faster than a chain of small ops and lets each loss keep torch's exact
numerics: BCE clamps each log at -100, BCE-with-logits works through log-sigmoid, NLL skips
ignored targets. Every forward takes a `reduction` ('none', 'mean' or 'sum'); each backward
comment gives the derivative of one element's loss, which 'mean' divides by the count (by the
total weight for NLL).
"""

from __future__ import annotations

import numpy as np

from ..autograd.function import Function


def _reduce(loss: np.ndarray, reduction: str):
    if reduction == "mean":
        if not loss.size:
            return np.array(np.nan, dtype=loss.dtype)
        # np.mean's own arithmetic (a pairwise sum, then one division), without its
        # Python wrapper, which costs more than the sum on a small net's loss
        if type(loss) is np.ndarray and loss.dtype != np.float16:
            return np.add.reduce(loss, axis=None) / loss.size
        return np.mean(loss)
    if reduction == "sum":
        return np.sum(loss)
    return loss


def _norm(reduction: str, n: int) -> float:
    """What 'mean' divides each element's gradient by."""
    return 1.0 / n if reduction == "mean" and n else 1.0


def _log_sigmoid(x: np.ndarray) -> np.ndarray:
    """log(sigmoid(x)) without overflow: min(x, 0) - log(1 + exp(-|x|))."""
    return np.minimum(x, 0) - np.log1p(np.exp(-np.abs(x)))


class MseLoss(Function):
    # d (a - b)^2 = grad * 2 (a - b) to a, the negative to b
    @staticmethod
    def forward(ctx, a, b, reduction):
        diff = a - b
        ctx.save_for_backward(diff)
        ctx.reduction = reduction
        return _reduce(diff * diff, reduction)

    @staticmethod
    def backward(ctx, grad):
        (diff,) = ctx.saved_tensors
        g = (2.0 * _norm(ctx.reduction, diff.size)) * diff * grad
        return g, (-g if ctx.needs_input_grad[1] else None)


class BinaryCrossEntropy(Function):
    # d -w (t log x + (1 - t) log(1 - x)) = grad * w (x - t) / max(x (1 - x), 1e-12) to x,
    # -grad * w * log(x / (1 - x)) to t   (the forward clamps each log at -100, as torch)
    @staticmethod
    def forward(ctx, x, t, weight, reduction):
        ctx.save_for_backward(x, t)
        ctx.weight, ctx.reduction = weight, reduction
        log_x = np.maximum(np.log(x), -100)
        log_1mx = np.maximum(np.log1p(-x), -100)
        loss = (t - 1) * log_1mx - t * log_x
        if weight is not None:
            loss = loss * weight
        return _reduce(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        x, t = ctx.saved_tensors
        gx = gt = None
        if ctx.needs_input_grad[0]:
            gx = grad * (x - t) / np.maximum((1 - x) * x, x.dtype.type(1e-12))
        if ctx.needs_input_grad[1]:
            gt = -np.log(x / (1 - x)) * grad
        return _weigh_and_average(ctx, (gx, gt), x.size)


def _weigh_and_average(ctx, grads: tuple, count: int) -> tuple:
    """Each gradient times the loss's element weights, then divided by the count for 'mean'."""
    if ctx.weight is not None:
        grads = tuple(None if g is None else g * ctx.weight for g in grads)
    if ctx.reduction == "mean":
        grads = tuple(None if g is None else g / max(count, 1) for g in grads)
    return grads


class BinaryCrossEntropyWithLogits(Function):
    # d (1 - t) x - (1 + (p - 1) t) log sigmoid(x) = grad * w ((p t + 1 - t) sigmoid(x) - p t)
    # to x, grad * w (log sigmoid(-x) - p log sigmoid(x)) to t   (p = pos_weight, 1 if absent)
    @staticmethod
    def forward(ctx, x, t, weight, pos_weight, reduction):
        ctx.save_for_backward(x, t)
        ctx.weight, ctx.pos_weight, ctx.reduction = weight, pos_weight, reduction
        log_sig = _log_sigmoid(x)
        if pos_weight is not None:
            log_sig = log_sig * ((pos_weight - 1) * t + 1)
        loss = (1 - t) * x - log_sig
        if weight is not None:
            loss = loss * weight
        return _reduce(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        x, t = ctx.saved_tensors
        p, w = ctx.pos_weight, ctx.weight
        shapes = [a.shape for a in (x, t, p, w) if a is not None]
        count = int(np.prod(np.broadcast_shapes(*shapes)))
        gx = gt = None
        if ctx.needs_input_grad[0]:
            sig = 1 / (1 + np.exp(-x))
            if p is None:
                gx = (sig - t) * grad
            else:
                pt = p * t
                gx = ((pt + 1 - t) * sig - pt) * grad
        if ctx.needs_input_grad[1]:
            gt = -x if p is None else _log_sigmoid(-x) - p * _log_sigmoid(x)
            gt = gt * grad
        return _weigh_and_average(ctx, (gx, gt), count)


class NllLoss(Function):
    # d -w[c] logp[c] = -grad * w[c] at each element's target class c (divided by the total
    # weight of the counted targets for 'mean'), 0 at the other classes and ignored targets
    @staticmethod
    def forward(ctx, logp, target, weight, ignore_index, reduction):
        axis = 0 if logp.ndim == 1 else 1
        valid = target != ignore_index
        safe = np.expand_dims(np.where(valid, target, 0), axis)
        picked = np.take_along_axis(logp, safe, axis=axis).squeeze(axis)
        w = np.ones_like(picked) if weight is None else weight[safe.squeeze(axis)]
        w = np.where(valid, w, w.dtype.type(0))
        ctx.axis, ctx.safe, ctx.w, ctx.valid, ctx.shape = axis, safe, w, valid, logp.shape
        ctx.reduction = reduction
        loss = np.where(valid, -picked * w, picked.dtype.type(0))
        if reduction == "none":
            return loss
        total = np.sum(loss)
        if reduction == "sum":
            return total
        ctx.total_weight = np.sum(w)
        return total / ctx.total_weight

    @staticmethod
    def backward(ctx, grad):
        g = -grad * ctx.w
        if ctx.reduction == "mean":
            g = g / ctx.total_weight
        g = np.where(ctx.valid, g, g.dtype.type(0))  # ignored targets get nothing, even 0/0
        out = np.zeros(ctx.shape, dtype=g.dtype)
        np.put_along_axis(out, ctx.safe, np.expand_dims(g, ctx.axis), axis=ctx.axis)
        return out


class HuberLoss(Function):
    # d huber(a - b) = grad * clamp(a - b, -delta, delta) to a, the negative to b
    @staticmethod
    def forward(ctx, a, b, reduction, delta):
        diff = a - b
        ctx.save_for_backward(diff)
        ctx.reduction, ctx.delta = reduction, delta
        z = np.abs(diff)
        loss = np.where(z < delta, 0.5 * z * z, delta * (z - 0.5 * delta))
        return _reduce(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        norm, delta = _norm(ctx.reduction, x.size), ctx.delta
        g = np.where(
            x < -delta,
            -norm * grad * delta,
            np.where(x > delta, norm * grad * delta, norm * x * grad),
        )
        return g, (-g if ctx.needs_input_grad[1] else None)


class SmoothL1Loss(Function):
    # d smooth_l1(a - b) = grad * (a - b) / beta where |a - b| < beta, else grad * sign(a - b);
    # the negative to b
    @staticmethod
    def forward(ctx, a, b, reduction, beta):
        diff = a - b
        ctx.save_for_backward(diff)
        ctx.reduction, ctx.beta = reduction, beta
        z = np.abs(diff)
        loss = np.where(z < beta, 0.5 * z * z / beta, z - 0.5 * beta)
        return _reduce(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        scaled = _norm(ctx.reduction, x.size) * grad
        g = np.where(np.abs(x) < ctx.beta, scaled * x / ctx.beta, scaled * np.sign(x))
        return g, (-g if ctx.needs_input_grad[1] else None)


class SoftMarginLoss(Function):
    # d log(1 + exp(-t x)) = -grad * t z / (1 + z), z = exp(-t x), to x
    @staticmethod
    def forward(ctx, x, t, reduction):
        ctx.save_for_backward(x, t)
        ctx.reduction = reduction
        return _reduce(np.log1p(np.exp(-x * t)), reduction)

    @staticmethod
    def backward(ctx, grad):
        x, t = ctx.saved_tensors
        z = np.exp(-x * t)
        share = _norm(ctx.reduction, np.broadcast(x, t).size) * grad * z / (1 + z)
        return -t * share, None


def _rows(x: np.ndarray) -> np.ndarray:
    """An input of one sample (C,) as a batch (1, C)."""
    return x.reshape(1, -1) if x.ndim <= 1 else x


class MultiMarginLoss(Function):
    # per sample with target y: sum over classes d != y of w[y] h(margin - x[y] + x[d]) / C,
    # h(z) = max(z, 0) (p = 1) or max(z, 0)^2 (p = 2); d = grad w[y] h'(z) / C to x[d] and
    # minus the same to x[y], for each d with z > 0
    @staticmethod
    def forward(ctx, x, target, p, margin, weight, reduction, out_shape):
        rows = _rows(x)
        n, classes = rows.shape
        picked = rows[np.arange(n), target][:, None]
        z = margin - picked + rows
        z[np.arange(n), target] = 0
        active = z > 0
        h = np.where(active, z if p == 1 else z * z, rows.dtype.type(0))
        w = None if weight is None else weight[target][:, None]
        if w is not None:
            h = h * w
        ctx.save_for_backward(z, active, w)
        ctx.p, ctx.target, ctx.reduction, ctx.shape = p, target, reduction, x.shape
        loss = h.sum(axis=1) / rows.dtype.type(classes)
        return loss.reshape(out_shape) if reduction == "none" else _reduce(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        z, active, w = ctx.saved_tensors
        n, classes = z.shape
        scale = _per_row(grad, n, classes, ctx.reduction)
        g = np.where(active, scale if ctx.p == 1 else 2 * scale * z, z.dtype.type(0))
        if w is not None:
            g = g * w
        g[np.arange(n), ctx.target] = -g.sum(axis=1)
        return g.reshape(ctx.shape)


class MultilabelMarginLoss(Function):
    # per sample: sum over its target classes j (listed until the first -1) and non-target
    # classes d of max(0, 1 - x[j] + x[d]) / C; d = grad / C to x[d], minus that to x[j],
    # for each pair with a positive term
    @staticmethod
    def forward(ctx, x, target, reduction):
        rows, t = _rows(x), _rows(target)
        n, classes = rows.shape
        listed = np.cumprod(t >= 0, axis=1).astype(bool)  # targets before the first -1
        is_target = np.zeros(rows.shape, bool)
        for i in range(n):
            is_target[i, t[i][listed[i]]] = True
        # pairs[i, j, d]: target j of sample i against class d
        picked = np.take_along_axis(rows, np.where(listed, t, 0), axis=1)
        z = 1 - picked[:, :, None] + rows[:, None, :]
        active = (z > 0) & listed[:, :, None] & ~is_target[:, None, :]
        loss = np.where(active, z, rows.dtype.type(0)).sum(axis=(1, 2)) / rows.dtype.type(classes)
        ctx.save_for_backward(active, np.where(listed, t, 0))
        ctx.reduction, ctx.shape, ctx.classes = reduction, x.shape, classes
        if reduction == "none":
            return loss.reshape(x.shape[:-1]) if x.ndim <= 1 else loss
        return _reduce(loss, reduction)

    @staticmethod
    def backward(ctx, grad):
        active, t = ctx.saved_tensors
        n = active.shape[0]
        scale = _per_row(grad, n, ctx.classes, ctx.reduction)
        counts = active.astype(grad.dtype)
        g = counts.sum(axis=1) * scale  # each class d, once for each target it is not above
        # each target j: minus once for each class that comes within its margin
        np.add.at(g, (np.arange(n)[:, None], t), -counts.sum(axis=2) * scale)
        return g.reshape(ctx.shape)


def _per_row(grad, n: int, classes: int, reduction: str) -> np.ndarray:
    """The incoming gradient of each sample's loss as an (n, 1) column, divided by the
    class count (and by n for 'mean')."""
    scale = grad / grad.dtype.type(classes)
    if reduction == "mean":
        scale = scale / grad.dtype.type(n)
    return np.broadcast_to(np.reshape(scale, (-1, 1)), (n, 1))


class Xlogy(Function):
    # d x log(y) = grad log(y) where x != 0, else 0 (to x); grad x / y (to y); x = 0 gives 0
    @staticmethod
    def forward(ctx, x, y):
        ctx.save_for_backward(x, y)
        return np.where(x == 0, x.dtype.type(0), x * np.log(y))

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        gx = gy = None
        if ctx.needs_input_grad[0]:
            gx = grad * np.where(x == 0, x.dtype.type(0), np.log(y))
        if ctx.needs_input_grad[1]:
            gy = grad * x / y
        return gx, gy
