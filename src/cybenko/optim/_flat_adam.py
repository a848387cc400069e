"""Adam's step on all of a group's parameters at once.

Adam applies the same elementwise formula to every parameter, so the moments of a group's
parameters can live in one flat array each, and a step becomes a dozen NumPy calls on the
whole group instead of a dozen per parameter: on a small net those calls are most of the
optimizer's time. The state still holds one `exp_avg`, `exp_avg_sq` and `step` per
parameter, as torch's does: their arrays are views into the flat ones. The numbers are those
of the per-parameter update, bit for bit (the same operations on the same values).

A group takes this path when every parameter has a dense NumPy gradient of its own dtype and
moments of its own shape, all parameters share that dtype and their step count, and the
options are the plain ones (no amsgrad, no weight decay); otherwise the per-parameter update
runs, and the flat arrays are made again, from the state as it then is, the next time the
group qualifies.
"""

from __future__ import annotations

import numpy as np

from .._tensor import Tensor
from ..autograd.views import mark_changed
from .optimizer import _adam_change, _adam_moments


class FlatMoments:
    """A group's Adam state in three flat arrays, the state's tensors being views of them."""

    def __init__(self, params: list, states: list) -> None:
        self.params = list(params)
        self.shapes = [p._array.shape for p in params]
        ends = np.cumsum([p._array.size for p in params]).tolist()
        self.bounds = list(zip([0, *ends[:-1]], ends, strict=True))
        self.exp_avg = self._gather(states, "exp_avg")
        self.exp_avg_sq = self._gather(states, "exp_avg_sq")
        self.steps = np.array([s["step"]._array for s in states])
        for i, state in enumerate(states):
            state["step"]._array = self.steps[i : i + 1].reshape(())
        self.grad = np.empty_like(self.exp_avg)
        self.dtype = self.exp_avg.dtype
        self.entries = [
            (p, s, *(s[k] for k in _KEYS), *(s[k]._array for k in _KEYS))
            for p, s in zip(self.params, states, strict=True)
        ]

    def _gather(self, states: list, key: str) -> np.ndarray:
        """One array of the states' `key` arrays in order, each state's then a view of it."""
        flat = np.concatenate([s[key]._array.reshape(-1) for s in states])
        for state, shape, (start, stop) in zip(states, self.shapes, self.bounds, strict=True):
            state[key]._array = flat[start:stop].reshape(shape)
        return flat

    def fits(self, group: dict, states: dict) -> bool:
        """Whether the group can still step on these flat arrays: the plain options, the
        same parameters, each with a dense gradient of the group's dtype, and the same state
        tensors over the same arrays. One pass over the parameters, run every step: on a
        small net the checks are a good part of the optimizer's time."""
        if group["amsgrad"] or group["weight_decay"] != 0:
            return False
        params = group["params"]
        if len(params) != len(self.entries):
            return False
        dtype = self.dtype
        for p, entry in zip(params, self.entries):  # noqa: B905 (lengths checked)
            mine, state, step, exp_avg, exp_avg_sq, step_array, avg_array, sq_array = entry
            grad = p._grad
            if p is not mine or type(grad) is not Tensor or states.get(p) is not state:
                return False
            g, a = grad._array, p._array
            if type(g) is not np.ndarray or g.dtype is not dtype or a.dtype is not dtype:
                return False
            if a.shape != avg_array.shape or state.get("step") is not step:
                return False
            if state.get("exp_avg") is not exp_avg or state.get("exp_avg_sq") is not exp_avg_sq:
                return False
            if step._array is not step_array or exp_avg._array is not avg_array:
                return False
            if exp_avg_sq._array is not sq_array:
                return False
        return True

    def step(self, group: dict) -> None:
        """Adam's update of every parameter of the group (Adam._update, on the whole group)."""
        params = self.params
        grad = self.grad
        np.concatenate([p._grad._array.reshape(-1) for p in params], out=grad)
        if group["maximize"]:
            np.negative(grad, out=grad)
        self.steps += 1
        step = float(self.steps[0])
        scratch = _adam_moments(self.exp_avg, self.exp_avg_sq, grad, group["betas"])
        betas, eps = group["betas"], group["eps"]
        _adam_change(self.exp_avg, self.exp_avg_sq, step, group["lr"], betas, eps, scratch)
        for p, shape, (start, stop) in zip(params, self.shapes, self.bounds, strict=True):
            p._array += scratch[start:stop].reshape(shape)
            mark_changed(p)


_KEYS = ("step", "exp_avg", "exp_avg_sq")


def qualifies(group: dict, states: dict) -> list | None:
    """The group's per-parameter states when its step can run flat (see the module's
    docstring), else None."""
    if group["amsgrad"] or group["weight_decay"] != 0:
        return None
    params = group["params"]
    if not params:
        return None
    dtype = params[0]._array.dtype
    if dtype.kind != "f" or dtype.itemsize < 4:
        return None
    found = []
    for p in params:
        grad = p._grad
        if type(grad) is not Tensor or p._array.dtype is not dtype:
            return None
        g = grad._array
        if type(g) is not np.ndarray or g.dtype is not dtype:
            return None
        state = states.get(p)
        if not state or any(type(state.get(k)) is not Tensor for k in _KEYS):
            return None
        shape = p._array.shape  # a state loaded onto another parameter steps one by one
        if state["exp_avg"]._array.shape != shape or state["exp_avg_sq"]._array.shape != shape:
            return None
        found.append(state)
    return found


def has_one_step_count(states: list) -> bool:
    """Whether every parameter has taken the same number of steps, each only once in the
    group (a parameter listed twice is updated twice, per parameter)."""
    first = states[0]["step"]._array
    if any(s["step"]._array != first for s in states):
        return False
    return len({id(s) for s in states}) == len(states)
