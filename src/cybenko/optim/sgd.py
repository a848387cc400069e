"""Stochastic gradient descent, with momentum, dampening, Nesterov and weight decay."""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor, _wrap
from ..autograd.views import mark_changed
from .optimizer import Optimizer, _check, _gradient


class SGD(Optimizer):
    r"""Stochastic gradient descent (optionally with momentum).

    For each parameter :math:`\theta` with gradient :math:`g_t` (negated when `maximize`):

    .. math::
        g_t &\leftarrow g_t + \lambda \theta_{t-1}
            \quad \text{(if weight\_decay } \lambda \neq 0) \\
        b_t &\leftarrow g_t \text{ if } t = 1 \text{ else } \mu b_{t-1} + (1 - \tau) g_t
            \quad \text{(if momentum } \mu \neq 0) \\
        g_t &\leftarrow g_t + \mu b_t \text{ (nesterov) or } b_t \text{ (otherwise)} \\
        \theta_t &\leftarrow \theta_{t-1} - \gamma g_t

    with :math:`\gamma` the learning rate and :math:`\tau` the dampening. The buffer
    :math:`b` is `state[p]["momentum_buffer"]`.

    >>> import cybenko as torch
    >>> model, loss_fn = torch.nn.Linear(2, 1), torch.nn.MSELoss()
    >>> x, y = torch.ones(4, 2), torch.zeros(4, 1)
    >>> opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    >>> opt.zero_grad(); loss_fn(model(x), y).backward(); opt.step()
    """

    def __init__(
        self,
        params,
        lr: float = 1e-3,
        momentum: float = 0,
        dampening: float = 0,
        weight_decay: float = 0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        _check(not lr < 0.0, f"Invalid learning rate: {lr}")
        _check(not momentum < 0.0, f"Invalid momentum value: {momentum}")
        _check(not weight_decay < 0.0, f"Invalid weight_decay value: {weight_decay}")
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
            "maximize": maximize,
            "foreach": foreach,
            "differentiable": differentiable,
            "fused": fused,
        }
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, defaults)

    def _step_group(self, group):
        # plain SGD (no momentum, weight decay or maximize) keeps no state: p -= lr * grad,
        # without the general update's per-parameter lookups (the 2-8-1 step 4% faster)
        if group["momentum"] != 0 or group["weight_decay"] != 0 or group["maximize"]:
            return super()._step_group(group)
        lr = group["lr"]
        for p in group["params"]:
            grad = p._grad
            if grad is None:
                continue
            # (_gradient refuses a sparse gradient with torch's words)
            g = grad._array if type(grad) is Tensor else _gradient(self, p, False, 0)
            p._array -= np.multiply(g, lr)
            mark_changed(p)

    def _new_state(self, p, group):
        # torch keeps no state without momentum; the buffer itself is the first gradient
        return self.state[p] if group["momentum"] != 0 else {}

    def _update(self, p, state, group):
        g = _gradient(self, p, group["maximize"], group["weight_decay"])
        momentum = group["momentum"]
        if momentum != 0:
            buf = state.get("momentum_buffer")
            if buf is None:
                state["momentum_buffer"] = _wrap(g.copy(), device=p._device)
                b = state["momentum_buffer"]._array
            else:
                b = buf._array
                b *= momentum
                dampening = group["dampening"]
                b += g if dampening == 0 else (1 - dampening) * g
            g = g + momentum * b if group["nesterov"] else b
        param = p._array
        param -= np.multiply(g, group["lr"])
