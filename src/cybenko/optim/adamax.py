"""Adamax: Adam with the infinity norm in place of the running mean square."""

from __future__ import annotations

import numpy as np

from .optimizer import (
    Optimizer,
    _check,
    _count_step,
    _gradient,
    _lerp_,
    _scalar_state,
    _zeros_like,
)


class Adamax(Optimizer):
    r"""Adamax (Kingma & Ba, 2014, section 7): Adam under the infinity norm.

    For each parameter :math:`\theta` with gradient :math:`g_t` (negated when `maximize`):

    .. math::
        g_t &\leftarrow g_t + \lambda \theta_{t-1} \quad \text{(if weight\_decay } \lambda
            \neq 0) \\
        m_t &\leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        u_t &\leftarrow \max(\beta_2 u_{t-1}, |g_t| + \epsilon) \\
        \theta_t &\leftarrow \theta_{t-1} - \frac{\gamma}{1 - \beta_1^t} \frac{m_t}{u_t}

    The state holds `step`, `exp_avg` (:math:`m`) and `exp_inf` (:math:`u`).

    >>> import cybenko as torch
    >>> model = torch.nn.Linear(2, 1)
    >>> opt = torch.optim.Adamax(model.parameters(), lr=2e-3)
    """

    def __init__(
        self,
        params,
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        foreach: bool | None = None,
        *,
        maximize: bool = False,
        differentiable: bool = False,
        capturable: bool = False,
    ) -> None:
        _check(0.0 <= lr, f"Invalid learning rate: {lr}")
        _check(0.0 <= eps, f"Invalid epsilon value: {eps}")
        _check(0.0 <= betas[0] < 1.0, f"Invalid beta parameter at index 0: {betas[0]}")
        _check(0.0 <= betas[1] < 1.0, f"Invalid beta parameter at index 1: {betas[1]}")
        _check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "capturable": capturable,
        }
        super().__init__(params, defaults)

    def _init_state(self, state, p, group):
        state["step"] = _scalar_state(0.0)
        state["exp_avg"] = _zeros_like(p)
        state["exp_inf"] = _zeros_like(p)

    def _update(self, p, state, group):
        beta1, beta2 = group["betas"]
        step = _count_step(state)
        g = _gradient(self, p, group["maximize"], group["weight_decay"])
        exp_avg = state["exp_avg"]._array
        exp_inf = state["exp_inf"]._array
        _lerp_(exp_avg, g, 1 - beta1)
        exp_inf *= beta2
        scratch = np.abs(g)
        scratch += group["eps"]
        np.maximum(exp_inf, scratch, out=exp_inf)
        clr = group["lr"] / (1 - beta1**step)
        np.multiply(exp_avg, -clr, out=scratch)
        scratch /= exp_inf
        param = p._array
        param += scratch
