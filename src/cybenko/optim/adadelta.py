"""Adadelta: step sizes from the ratio of running RMS of updates to running RMS of gradients."""

from __future__ import annotations

import numpy as np

from .optimizer import (
    Optimizer,
    _check,
    _count_step,
    _gradient,
    _scalar_state,
    _zeros_like,
)


class Adadelta(Optimizer):
    r"""Adadelta (Zeiler, 2012).

    For each parameter :math:`\theta` with gradient :math:`g_t` (negated when `maximize`):

    .. math::
        g_t &\leftarrow g_t + \lambda \theta_{t-1} \quad \text{(if weight\_decay } \lambda
            \neq 0) \\
        v_t &\leftarrow \rho v_{t-1} + (1 - \rho) g_t^2 \\
        \Delta x_t &\leftarrow \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}}\, g_t \\
        u_t &\leftarrow \rho u_{t-1} + (1 - \rho) \Delta x_t^2 \\
        \theta_t &\leftarrow \theta_{t-1} - \gamma \Delta x_t

    The state holds `step`, `square_avg` (:math:`v`) and `acc_delta` (:math:`u`).

    >>> import cybenko as torch
    >>> model = torch.nn.Linear(2, 1)
    >>> opt = torch.optim.Adadelta(model.parameters(), lr=1.0, rho=0.9)
    """

    def __init__(
        self,
        params,
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0,
        foreach: bool | None = None,
        *,
        capturable: bool = False,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        _check(0.0 <= lr, f"Invalid learning rate: {lr}")
        _check(0.0 <= rho <= 1.0, f"Invalid rho value: {rho}")
        _check(0.0 <= eps, f"Invalid epsilon value: {eps}")
        _check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        defaults = {
            "lr": lr,
            "rho": rho,
            "eps": eps,
            "weight_decay": weight_decay,
            "maximize": maximize,
            "capturable": capturable,
            "foreach": foreach,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def _init_state(self, state, p, group):
        state["step"] = _scalar_state(0.0)
        state["square_avg"] = _zeros_like(p)
        state["acc_delta"] = _zeros_like(p)

    def _update(self, p, state, group):
        rho, eps = group["rho"], group["eps"]
        _count_step(state)
        g = _gradient(self, p, group["maximize"], group["weight_decay"])
        square_avg = state["square_avg"]._array
        acc_delta = state["acc_delta"]._array
        square_avg *= rho
        scratch = np.multiply(g, 1 - rho)
        scratch *= g
        square_avg += scratch
        std = np.add(square_avg, eps)
        np.sqrt(std, out=std)
        delta = np.add(acc_delta, eps)
        np.sqrt(delta, out=delta)
        delta /= std
        delta *= g
        acc_delta *= rho
        np.multiply(delta, 1 - rho, out=scratch)
        scratch *= delta
        acc_delta += scratch
        np.multiply(delta, group["lr"], out=scratch)
        param = p._array
        param -= scratch
