"""Rprop: per-coordinate step sizes that grow while the gradient keeps its sign."""

from __future__ import annotations

import numpy as np

from .._tensor import _wrap
from ..ops._operands import broadcast_shape
from .optimizer import (
    Optimizer,
    _check,
    _count_step,
    _gradient,
    _scalar_state,
    _zeros_like,
)


class Rprop(Optimizer):
    r"""Resilient backpropagation (Riedmiller & Braun, 1993).

    Only the sign of each gradient coordinate is used. For each parameter :math:`\theta` with
    gradient :math:`g_t` (negated when `maximize`) and step sizes :math:`\eta_0 = \gamma`:

    .. math::
        \eta_t &\leftarrow \mathrm{clamp}\big(\eta_{t-1} \cdot
            \begin{cases} \eta_+ & g_t g_{t-1} > 0 \\ \eta_- & g_t g_{t-1} < 0 \\
            1 & \text{otherwise} \end{cases},\ \Gamma_{min}, \Gamma_{max}\big) \\
        g_t &\leftarrow 0 \quad \text{where } g_t g_{t-1} < 0 \\
        \theta_t &\leftarrow \theta_{t-1} - \eta_t \,\mathrm{sign}(g_t)

    with :math:`(\eta_-, \eta_+)` the etas and :math:`(\Gamma_{min}, \Gamma_{max})` the
    step_sizes. The state holds `step`, `prev` (:math:`g_{t-1}`) and `step_size`
    (:math:`\eta`).

    >>> import cybenko as torch
    >>> model = torch.nn.Linear(2, 1)
    >>> opt = torch.optim.Rprop(model.parameters(), lr=0.01, etas=(0.5, 1.2))
    """

    def __init__(
        self,
        params,
        lr: float = 1e-2,
        etas: tuple[float, float] = (0.5, 1.2),
        step_sizes: tuple[float, float] = (1e-6, 50),
        *,
        capturable: bool = False,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        _check(0.0 <= lr, f"Invalid learning rate: {lr}")
        _check(0.0 < etas[0] < 1.0 < etas[1], f"Invalid eta values: {etas[0]}, {etas[1]}")
        defaults = {
            "lr": lr,
            "etas": etas,
            "step_sizes": step_sizes,
            "foreach": foreach,
            "maximize": maximize,
            "differentiable": differentiable,
            "capturable": capturable,
        }
        super().__init__(params, defaults)

    def _init_state(self, state, p, group):
        state["step"] = _scalar_state(0.0)
        state["prev"] = _zeros_like(p)
        step_size = np.full_like(p._array, group["lr"])
        state["step_size"] = _wrap(step_size, device=p._device)

    def _update(self, p, state, group):
        etaminus, etaplus = group["etas"]
        step_size_min, step_size_max = group["step_sizes"]
        _count_step(state)
        g = _gradient(self, p, group["maximize"], 0)
        prev = state["prev"]._array
        step_size = state["step_size"]._array
        if prev.shape != g.shape:
            _check_prev_shape(g, prev, step_size)
        sign = np.multiply(g, prev)
        np.sign(sign, out=sign)
        sign[sign > 0] = etaplus
        sign[sign < 0] = etaminus
        sign[sign == 0] = 1
        step_size *= sign
        np.clip(step_size, step_size_min, step_size_max, out=step_size)
        g = g.copy()
        g[sign == etaminus] = 0
        np.sign(g, out=sign)
        sign *= step_size
        param = p._array
        param -= sign
        np.copyto(prev, g)


def _check_prev_shape(g: np.ndarray, prev: np.ndarray, step_size: np.ndarray) -> None:
    """torch's error for a loaded `prev` of another shape: `grad.mul(prev)` meets it first, then
    `step_size.mul_(sign)` with the broadcast sign, then `grad[sign == etaminus]`."""
    shape = broadcast_shape(g.shape, prev.shape)
    if shape != step_size.shape:
        raise RuntimeError(
            f"output with shape {list(step_size.shape)} doesn't match the broadcast shape "
            f"{list(shape)}"
        )
    if len(shape) > g.ndim:
        raise IndexError(f"too many indices for tensor of dimension {g.ndim}")
