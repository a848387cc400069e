"""RMSprop: gradient steps divided by a running root mean square of the gradient."""

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


class RMSprop(Optimizer):
    r"""RMSprop (Hinton, lecture 6e of "Neural Networks for Machine Learning").

    For each parameter :math:`\theta` with gradient :math:`g_t` (negated when `maximize`):

    .. math::
        g_t &\leftarrow g_t + \lambda \theta_{t-1} \quad \text{(if weight\_decay } \lambda
            \neq 0) \\
        v_t &\leftarrow \alpha v_{t-1} + (1 - \alpha) g_t^2 \\
        \bar g_t &\leftarrow \alpha \bar g_{t-1} + (1 - \alpha) g_t \quad \text{(centered)} \\
        d_t &\leftarrow \sqrt{v_t - \bar g_t^2} + \epsilon \text{ (centered) or }
            \sqrt{v_t} + \epsilon \\
        b_t &\leftarrow \mu b_{t-1} + g_t / d_t, \quad
            \theta_t \leftarrow \theta_{t-1} - \gamma b_t \quad \text{(if momentum } \mu > 0) \\
        \theta_t &\leftarrow \theta_{t-1} - \gamma g_t / d_t \quad \text{(otherwise)}

    The state holds `step`, `square_avg` (:math:`v`), and with the options `grad_avg`
    (:math:`\bar g`) and `momentum_buffer` (:math:`b`).

    >>> import cybenko as torch
    >>> model = torch.nn.Linear(2, 1)
    >>> opt = torch.optim.RMSprop(model.parameters(), lr=1e-2, alpha=0.99)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum: float = 0,
        centered: bool = False,
        capturable: bool = False,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        _check(0.0 <= lr, f"Invalid learning rate: {lr}")
        _check(0.0 <= eps, f"Invalid epsilon value: {eps}")
        _check(0.0 <= momentum, f"Invalid momentum value: {momentum}")
        _check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        _check(0.0 <= alpha, f"Invalid alpha value: {alpha}")
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "alpha": alpha,
            "eps": eps,
            "centered": centered,
            "weight_decay": weight_decay,
            "capturable": capturable,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
        }
        super().__init__(params, defaults)

    def _init_state(self, state, p, group):
        state["step"] = _scalar_state(0.0)
        state["square_avg"] = _zeros_like(p)
        if group["momentum"] > 0:
            state["momentum_buffer"] = _zeros_like(p)
        if group["centered"]:
            state["grad_avg"] = _zeros_like(p)

    def _update(self, p, state, group):
        alpha, momentum = group["alpha"], group["momentum"]
        _count_step(state)
        g = _gradient(self, p, group["maximize"], group["weight_decay"])
        square_avg = state["square_avg"]._array
        square_avg *= alpha
        scratch = np.multiply(g, 1 - alpha)
        scratch *= g
        square_avg += scratch
        if group["centered"]:
            grad_avg = state["grad_avg"]._array
            _lerp_(grad_avg, g, 1 - alpha)
            np.multiply(grad_avg, grad_avg, out=scratch)
            avg = np.subtract(square_avg, scratch)
            np.sqrt(avg, out=avg)
        else:
            avg = np.sqrt(square_avg)
        avg += group["eps"]
        param = p._array
        if momentum > 0:
            buf = state["momentum_buffer"]._array
            buf *= momentum
            np.divide(g, avg, out=scratch)
            buf += scratch
            np.multiply(buf, group["lr"], out=scratch)
        else:
            np.multiply(g, group["lr"], out=scratch)
            scratch /= avg
        param -= scratch
