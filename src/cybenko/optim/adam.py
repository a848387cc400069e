"""Adam: momentum on the gradient, scaled by a running estimate of its square."""

from __future__ import annotations

import numpy as np

from . import _flat_adam
from .optimizer import (
    Optimizer,
    _adam_change,
    _adam_moments,
    _check,
    _count_step,
    _gradient,
    _scalar_state,
    _zeros_like,
)


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2014), with the AMSGrad variant.

    For each parameter :math:`\theta` with gradient :math:`g_t` (negated when `maximize`):

    .. math::
        g_t &\leftarrow g_t + \lambda \theta_{t-1} \quad \text{(if weight\_decay } \lambda
            \neq 0\text{; AdamW instead does } \theta_{t-1} \leftarrow
            (1 - \gamma\lambda)\theta_{t-1}) \\
        m_t &\leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\
        v_t &\leftarrow \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\
        \hat v_t &\leftarrow \max(\hat v_{t-1}, v_t) \text{ (amsgrad) or } v_t \\
        \theta_t &\leftarrow \theta_{t-1} - \frac{\gamma}{1 - \beta_1^t}
            \frac{m_t}{\sqrt{\hat v_t} / \sqrt{1 - \beta_2^t} + \epsilon}

    The state holds `step`, `exp_avg` (:math:`m`), `exp_avg_sq` (:math:`v`) and, with
    amsgrad, `max_exp_avg_sq` (:math:`\hat v`).

    >>> import cybenko as torch
    >>> model = torch.nn.Linear(2, 1)
    >>> opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        amsgrad: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
        decoupled_weight_decay: bool = False,
    ) -> None:
        _check(0.0 <= lr, f"Invalid learning rate: {lr}")
        _check(0.0 <= eps, f"Invalid epsilon value: {eps}")
        _check(0.0 <= betas[0] < 1.0, f"Invalid beta parameter at index 0: {betas[0]}")
        _check(0.0 <= betas[1] < 1.0, f"Invalid beta parameter at index 1: {betas[1]}")
        _check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        defaults = {
            "lr": lr,
            "betas": tuple(betas),
            "eps": eps,
            "weight_decay": weight_decay,
            "amsgrad": amsgrad,
            "maximize": maximize,
            "foreach": foreach,
            "capturable": capturable,
            "differentiable": differentiable,
            "fused": fused,
            "decoupled_weight_decay": decoupled_weight_decay,
        }
        super().__init__(params, defaults)

    def _step_group(self, group):
        # all of the group's parameters at once where that gives the same numbers
        # (_flat_adam.py), else one by one
        flat = self._flat_moments(group)
        if flat is None:
            super()._step_group(group)
        else:
            flat.step(group)

    def _flat_moments(self, group) -> _flat_adam.FlatMoments | None:
        """The group's state as flat arrays, made or checked again; None where the group
        does not qualify."""
        cache = self.__dict__.setdefault("_flat", {})  # not part of the saved state
        groups = self.param_groups
        index = 0 if groups[0] is group else next(i for i, g in enumerate(groups) if g is group)
        flat = cache.get(index)
        if flat is not None and flat.fits(group, self.state):
            return flat
        states = _flat_adam.qualifies(group, self.state)
        if states is None or not _flat_adam.has_one_step_count(states):
            cache.pop(index, None)
            return None
        flat = cache[index] = _flat_adam.FlatMoments(group["params"], states)
        return flat

    def _init_state(self, state, p, group):
        state["step"] = _scalar_state(0.0)
        state["exp_avg"] = _zeros_like(p)
        state["exp_avg_sq"] = _zeros_like(p)
        if group["amsgrad"]:
            state["max_exp_avg_sq"] = _zeros_like(p)

    def _update(self, p, state, group):
        lr = group["lr"]
        weight_decay = group["weight_decay"]
        step = _count_step(state)
        param = p._array
        if weight_decay != 0 and group["decoupled_weight_decay"]:
            param *= 1 - lr * weight_decay
            g = _gradient(self, p, group["maximize"], 0)
        else:
            g = _gradient(self, p, group["maximize"], weight_decay)
        exp_avg = state["exp_avg"]._array
        exp_avg_sq = state["exp_avg_sq"]._array
        scratch = _adam_moments(exp_avg, exp_avg_sq, g, group["betas"])
        if group["amsgrad"]:
            second = state["max_exp_avg_sq"]._array
            np.maximum(second, exp_avg_sq, out=second)
        else:
            second = exp_avg_sq
        _adam_change(exp_avg, second, step, lr, group["betas"], group["eps"], scratch)
        param += scratch
