"""Adagrad: per-coordinate step sizes from the running sum of squared gradients."""

from __future__ import annotations

import numpy as np

from .._tensor import _wrap
from .optimizer import Optimizer, _check, _count_step, _gradient, _scalar_state


class Adagrad(Optimizer):
    r"""Adagrad (Duchi et al., 2011).

    For each parameter :math:`\theta` with gradient :math:`g_t` (negated when `maximize`):

    .. math::
        \tilde\gamma &\leftarrow \gamma / (1 + (t - 1)\eta) \\
        g_t &\leftarrow g_t + \lambda \theta_{t-1} \quad \text{(if weight\_decay } \lambda
            \neq 0) \\
        s_t &\leftarrow s_{t-1} + g_t^2 \\
        \theta_t &\leftarrow \theta_{t-1} - \tilde\gamma \frac{g_t}{\sqrt{s_t} + \epsilon}

    with :math:`\eta` the lr_decay and :math:`s_0` the initial_accumulator_value. The state,
    `step` and `sum` (:math:`s`), is created for every parameter in the constructor.

    >>> import cybenko as torch
    >>> model = torch.nn.Linear(2, 1)
    >>> opt = torch.optim.Adagrad(model.parameters(), lr=0.01)
    """

    def __init__(
        self,
        params,
        lr: float = 1e-2,
        lr_decay: float = 0,
        weight_decay: float = 0,
        initial_accumulator_value: float = 0,
        eps: float = 1e-10,
        foreach: bool | None = None,
        *,
        maximize: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        _check(0.0 <= lr, f"Invalid learning rate: {lr}")
        _check(0.0 <= lr_decay, f"Invalid lr_decay value: {lr_decay}")
        _check(0.0 <= weight_decay, f"Invalid weight_decay value: {weight_decay}")
        _check(
            0.0 <= initial_accumulator_value,
            f"Invalid initial_accumulator_value value: {initial_accumulator_value}",
        )
        _check(0.0 <= eps, f"Invalid epsilon value: {eps}")
        defaults = {
            "lr": lr,
            "lr_decay": lr_decay,
            "eps": eps,
            "weight_decay": weight_decay,
            "initial_accumulator_value": initial_accumulator_value,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "fused": fused,
        }
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                self._init_state(self.state[p], p, group)

    def _init_state(self, state, p, group):
        # the constructor's value, as torch takes it, even where a group gives its own
        initial = self.defaults["initial_accumulator_value"]
        state["step"] = _scalar_state(0.0)
        state["sum"] = _wrap(np.full_like(p._array, initial), device=p._device)

    def _update(self, p, state, group):
        step = _count_step(state)
        g = _gradient(self, p, group["maximize"], group["weight_decay"])
        clr = group["lr"] / (1 + (step - 1) * group["lr_decay"])
        total = state["sum"]._array
        scratch = np.multiply(g, g)
        total += scratch
        std = np.sqrt(total)
        std += group["eps"]
        np.multiply(g, -clr, out=scratch)
        scratch /= std
        param = p._array
        param += scratch
