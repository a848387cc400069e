"""ASGD: stochastic gradient descent with a decaying step and a running average of the iterates."""

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


class ASGD(Optimizer):
    r"""Averaged stochastic gradient descent (Polyak & Juditsky, 1992).

    For each parameter :math:`\theta` with gradient :math:`g_t` (negated when `maximize`),
    starting from :math:`\eta_0 = \gamma` and :math:`\mu_0 = 1`:

    .. math::
        g_t &\leftarrow g_t + \lambda_{wd} \theta_{t-1} \quad \text{(if weight\_decay} \neq 0) \\
        \theta_t &\leftarrow (1 - \lambda \eta_{t-1})\, \theta_{t-1} - \eta_{t-1} g_t \\
        a_t &\leftarrow a_{t-1} + \mu_{t-1} (\theta_t - a_{t-1})
            \quad (a_t \leftarrow \theta_t \text{ while } \mu_{t-1} = 1) \\
        \eta_t &\leftarrow \gamma / (1 + \lambda \gamma t)^\alpha \\
        \mu_t &\leftarrow 1 / \max(1, t - t_0)

    The parameters follow :math:`\theta`; the average :math:`a` (the estimate ASGD is named
    for) is `state[p]["ax"]`, beside `step`, `eta` and `mu` (0-dim tensors).

    >>> import cybenko as torch
    >>> model = torch.nn.Linear(2, 1)
    >>> opt = torch.optim.ASGD(model.parameters(), lr=0.01, t0=100)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-2,
        lambd: float = 1e-4,
        alpha: float = 0.75,
        t0: float = 1e6,
        weight_decay: float = 0,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
        capturable: bool = False,
    ) -> None:
        _check(0.0 <= lr, f"Invalid learning rate: {lr}")
        _check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        defaults = {
            "lr": lr,
            "lambd": lambd,
            "alpha": alpha,
            "t0": t0,
            "weight_decay": weight_decay,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "capturable": capturable,
        }
        super().__init__(params, defaults)

    def _init_state(self, state, p, group):
        state["step"] = _scalar_state(0.0)
        state["eta"] = _scalar_state(group["lr"])
        state["mu"] = _scalar_state(1.0)
        state["ax"] = _zeros_like(p)

    def _update(self, p, state, group):
        lr, lambd = group["lr"], group["lambd"]
        step = _count_step(state)
        g = _gradient(self, p, group["maximize"], group["weight_decay"])
        eta = state["eta"]._array
        mu = state["mu"]._array
        ax = state["ax"]._array
        eta_value = float(eta)
        param = p._array
        param *= 1 - lambd * eta_value
        param -= np.multiply(g, eta_value)
        if float(mu) != 1:
            diff = param - ax
            diff *= mu
            ax += diff
        else:
            np.copyto(ax, param)
        eta[()] = lr / ((1 + lambd * lr * step) ** group["alpha"])
        mu[()] = 1 / max(1, step - group["t0"])
