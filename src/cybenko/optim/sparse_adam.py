"""SparseAdam: Adam that updates only the rows a sparse gradient touched."""

from __future__ import annotations

import math

import numpy as np

from ..autograd.views import mark_changed
from .optimizer import Optimizer, _check, _with_grad, _zeros_like


class SparseAdam(Optimizer):
    r"""Adam restricted to the rows present in a sparse gradient (`nn.Embedding(sparse=True)`).

    For the rows :math:`r` of the coalesced gradient :math:`g_t` (negated when `maximize`),
    and only for them:

    .. math::
        m_{t,r} &\leftarrow \beta_1 m_{t-1,r} + (1 - \beta_1) g_{t,r} \\
        v_{t,r} &\leftarrow \beta_2 v_{t-1,r} + (1 - \beta_2) g_{t,r}^2 \\
        \theta_{t,r} &\leftarrow \theta_{t-1,r} - \gamma
            \frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t} \frac{m_{t,r}}{\sqrt{v_{t,r}} + \epsilon}

    Rows the gradient does not hold keep their parameters and moments. The state holds
    `step` (a Python int), `exp_avg` (:math:`m`) and `exp_avg_sq` (:math:`v`).

    >>> import cybenko as torch
    >>> emb = torch.nn.Embedding(1000, 16, sparse=True)
    >>> opt = torch.optim.SparseAdam(emb.parameters(), lr=1e-3)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        maximize: bool = False,
    ) -> None:
        _check(0.0 < lr, f"Invalid learning rate: {lr}")
        _check(0.0 < eps, f"Invalid epsilon value: {eps}")
        _check(0.0 <= betas[0] < 1.0, f"Invalid beta parameter at index 0: {betas[0]}")
        _check(0.0 <= betas[1] < 1.0, f"Invalid beta parameter at index 1: {betas[1]}")
        defaults = {"lr": lr, "betas": betas, "eps": eps, "maximize": maximize}
        super().__init__(params, defaults)

    def step(self, closure=None):
        """One update of every parameter that has a sparse gradient; returns the closure's loss."""
        loss = _with_grad(closure)
        for group in self.param_groups:
            lr, eps = group["lr"], group["eps"]
            beta1, beta2 = group["betas"]
            for p in group["params"]:
                if p._grad is None:
                    continue
                if not getattr(p._grad, "is_sparse", False):
                    raise RuntimeError(
                        "SparseAdam does not support dense gradients, please consider Adam instead"
                    )
                state = self.state[p]
                if not state:
                    state["step"] = 0
                    state["exp_avg"] = _zeros_like(p)
                    state["exp_avg_sq"] = _zeros_like(p)
                state["step"] += 1
                grad = (-p._grad if group["maximize"] else p._grad).coalesce()
                rows, g = grad.indices_array[0], grad.values_array
                if g.size == 0:
                    continue
                exp_avg, exp_avg_sq = state["exp_avg"]._array, state["exp_avg_sq"]._array
                old_avg, old_sq = exp_avg[rows], exp_avg_sq[rows]
                avg_update = (g - old_avg) * (1 - beta1)
                sq_update = (g * g - old_sq) * (1 - beta2)
                exp_avg[rows] += avg_update
                exp_avg_sq[rows] += sq_update
                numer = avg_update + old_avg
                denom = np.sqrt(sq_update + old_sq) + g.dtype.type(eps)
                step = state["step"]
                step_size = lr * math.sqrt(1 - beta2**step) / (1 - beta1**step)
                p._array[rows] += -step_size * (numer / denom)
                mark_changed(p)
        return loss
