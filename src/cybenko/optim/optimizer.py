"""Optimizer: the parameters, their hyperparameters in groups, and per-parameter state.

Every optimizer keeps `param_groups`, a list of dicts that each hold `params` (a list of
tensors) and that group's hyperparameters (`lr`, `momentum`, ...; a group leaves out what the
constructor's defaults give), and `state`, a dict from each parameter to what the algorithm
remembers about it (`momentum_buffer`, `exp_avg`, `step`, ...). The state's tensors are
cybenko Tensors, as in torch, so `state_dict()` holds tensors; the update math itself runs on
their NumPy arrays, in place, outside the autograd graph.

`state_dict()` packs all of that with parameters replaced by their position (0, 1, 2, ...
across the groups, in order), which is torch's layout; `load_state_dict()` maps positions back
onto this optimizer's parameters. Both copy the state's tensors, so a saved dict is a snapshot
that later steps never change, and two optimizers loaded from one dict never share buffers.
"""

from __future__ import annotations

import warnings
from collections import defaultdict
from collections.abc import Callable
from copy import deepcopy
from itertools import chain
from typing import Any

import numpy as np

from .. import _dtype, _memory
from .._tensor import Tensor, _wrap
from ..autograd import enable_grad
from ..autograd.views import mark_changed
from ..ops._operands import broadcast_shape


class _RequiredParameter:
    """Marks a hyperparameter that has no default: every group must give it."""

    def __repr__(self) -> str:
        return "<required parameter>"


required = _RequiredParameter()


def _typename(obj) -> str:
    """The type name torch's messages use: `torch.FloatTensor`, `int`, `numpy.ndarray`."""
    if isinstance(obj, Tensor):
        return obj.type()
    cls = obj if isinstance(obj, type) else type(obj)
    module = cls.__module__ or ""
    return cls.__qualname__ if module in ("", "builtins") else f"{module}.{cls.__qualname__}"


class Optimizer:
    """Base class of all optimizers.

    Subclasses call `super().__init__(params, defaults)`, then either implement the two hooks
    of the shared `step` (`_init_state`, what a parameter remembers from its first step on, and
    `_update`, one parameter's update from its `.grad`) or, for a different kind of step
    (LBFGS, SparseAdam), `step` itself.

    >>> import cybenko as torch
    >>> w = torch.zeros(3, requires_grad=True)
    >>> opt = torch.optim.SGD([w], lr=0.1)
    >>> ((w - 1) ** 2).sum().backward()
    >>> opt.step()
    >>> w
    tensor([0.2000, 0.2000, 0.2000], requires_grad=True)
    """

    def __init__(self, params, defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        if isinstance(params, Tensor):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors or "
                "dicts, but got " + _typename(params)
            )
        self.state: defaultdict[Tensor, dict] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        param_groups = list(params)
        if len(param_groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(param_groups[0], dict):
            param_groups = [{"params": param_groups}]
        for group in param_groups:
            self.add_param_group(group)

    # --- groups -------------------------------------------------------------------------------
    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters, with its own hyperparameters (the rest from defaults).

        Useful to start training layers that were frozen:
        `opt.add_param_group({"params": head.parameters(), "lr": 1e-3})`.
        """
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group)}")
        params = param_group["params"]
        if isinstance(params, Tensor):
            params = [params]
        elif isinstance(params, set):
            raise TypeError(
                "optimizer parameters need to be organized in ordered collections, but the "
                "ordering of tensors in sets will change between runs. Please use a list instead."
            )
        else:
            params = list(params)

        names = [p[0] for p in params if isinstance(p, tuple)]
        params = [p[1] if isinstance(p, tuple) else p for p in params]
        param_group["params"] = params
        if names:
            if len(names) != len(params):
                raise ValueError(
                    "all optimizer params should be with/without names. Some param names are "
                    "missing"
                )
            param_group["param_names"] = names

        for p in params:
            if not isinstance(p, Tensor):
                raise TypeError(
                    "optimizer can only optimize Tensors, but one of the params is " + _typename(p)
                )
            if not (p.is_leaf or p.retains_grad):
                raise ValueError("can't optimize a non-leaf Tensor")

        for name, default in self.defaults.items():
            if default is required and name not in param_group:
                raise ValueError(
                    "parameter group didn't specify a value of required optimization parameter "
                    + name
                )
            param_group.setdefault(name, default)

        if len(params) != len(set(params)):
            warnings.warn(
                "optimizer contains a parameter group with duplicate parameters; in future, this "
                "will cause an error; see github.com/pytorch/pytorch/issues/40967 for more "
                "information",
                stacklevel=3,
            )
        seen: set = set()
        for group in self.param_groups:
            seen.update(group["params"])
            if ("param_names" in param_group) != ("param_names" in group):
                which = "with names" if "param_names" in param_group else "without names"
                raise ValueError(
                    "all optimizer param groups should be with/without names. cannot add param "
                    f"group {which} to the optimizer"
                )
        if not seen.isdisjoint(params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(param_group)

    # --- gradients and steps ------------------------------------------------------------------
    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients: drop them (`None`, the default) or fill them with zeros.

        The two differ for the next step: a parameter whose grad is None is skipped, while
        a zero grad still moves it (momentum, weight decay).
        """
        for group in self.param_groups:
            for p in group["params"]:
                grad = p._grad
                if grad is None:
                    continue
                if set_to_none:
                    p._grad = None
                elif getattr(grad, "is_sparse", False):
                    grad.zero_()
                else:
                    grad.grad_fn = None
                    grad._requires_grad = False
                    grad._array[...] = 0
                    mark_changed(grad)

    def step(self, closure: Callable[[], Any] | None = None):
        """Update the parameters once from their `.grad`s.

        closure: a function that clears the gradients, recomputes the loss, calls
        `backward()` and returns the loss; LBFGS needs it, the others call it first if given.

        Parameters without a gradient are skipped; each other one gets its state (created on
        its first step), then its update, in place, which bumps its version as torch's does.
        """
        loss = _with_grad(closure)
        for group in self.param_groups:
            self._step_group(group)
        return loss

    def _step_group(self, group: dict[str, Any]) -> None:
        """One step of a group's parameters, each by `_update`."""
        states, update = self.state, self._update  # looked up once: this loop is the hot path
        for p in group["params"]:
            if p._grad is None:
                continue
            state = states.get(p)  # None or {} until the first step
            if not state:
                state = self._new_state(p, group)
            try:
                update(p, state, group)
            except ValueError:
                _check_state_shapes(p, state)  # a state loaded onto a parameter of another shape
                raise
            mark_changed(p)

    def _new_state(self, p: Tensor, group: dict[str, Any]) -> dict:
        """The state `p` starts its first step with: `self.state[p]`, filled by `_init_state`."""
        state = self.state[p]
        self._init_state(state, p, group)
        return state

    def _init_state(self, state: dict, p: Tensor, group: dict[str, Any]) -> None:
        """Fill the empty `state` of `p` before its first update (tensors on `p`'s device)."""

    def _update(self, p: Tensor, state: dict, group: dict[str, Any]) -> None:
        """Update `p`'s array (and `state`'s) in place from `p.grad` and `group`'s settings."""
        raise NotImplementedError

    # --- saving and loading -------------------------------------------------------------------
    def state_dict(self) -> dict[str, Any]:
        """The optimizer's state as `{"state": {index: {...}}, "param_groups": [...]}`.

        Parameters appear as their index in the order of `param_groups`; the state's tensors
        are copies (a snapshot: later steps do not change it).
        """
        index: dict[int, int] = {}
        start = 0
        groups = []
        for group in self.param_groups:
            packed = {k: v for k, v in group.items() if k != "params"}
            for i, p in enumerate(group["params"], start):
                index.setdefault(id(p), i)
            packed["params"] = [index[id(p)] for p in group["params"]]
            start += len(packed["params"])
            groups.append(packed)
        state = {
            (index[id(k)] if isinstance(k, Tensor) else k): _copy_state(v)
            for k, v in self.state.items()
        }
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Take over a state saved by `state_dict()` (from an optimizer over the same shapes).

        Tensors are copied and cast to their parameter's floating dtype (`step` keeps its own);
        each group's hyperparameters are replaced by the saved ones, its parameters kept.
        """
        groups = self.param_groups
        saved_groups = deepcopy(state_dict["param_groups"])
        if len(groups) != len(saved_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        if any(
            len(g["params"]) != len(s["params"]) for g, s in zip(groups, saved_groups, strict=True)
        ):
            raise ValueError(
                "loaded state dict contains a parameter group that doesn't match the size of "
                "optimizer's group"
            )
        id_map = dict(
            zip(
                chain.from_iterable(g["params"] for g in saved_groups),
                chain.from_iterable(g["params"] for g in groups),
                strict=True,
            )
        )
        state: defaultdict[Tensor, dict] = defaultdict(dict)
        for k, v in state_dict["state"].items():
            if k in id_map:
                state[id_map[k]] = _copy_state(v, id_map[k])
            else:
                state[k] = v
        for group, saved in zip(groups, saved_groups, strict=True):
            saved["params"] = group["params"]
            if "param_names" in group and "param_names" not in saved:
                saved["param_names"] = group["param_names"]
        self.__setstate__({"state": state, "param_groups": saved_groups})

    def __getstate__(self) -> dict[str, Any]:
        return {"defaults": self.defaults, "state": self.state, "param_groups": self.param_groups}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        text = self.__class__.__name__ + " ("
        for i, group in enumerate(self.param_groups):
            text += f"\nParameter Group {i}\n"
            text += "".join(
                f"    {key}: {group[key]}\n" for key in sorted(group) if key != "params"
            )
        return text + ")"


def _copy_state(value, param: Tensor | None = None, key=None):
    """A deep copy of a state entry: tensors copied (and, given the parameter, moved to its
    device and cast to its floating dtype, except `step`, which stays where it is, as in
    torch), dicts, lists and tuples rebuilt, anything else shared."""
    if isinstance(value, Tensor):
        if param is None or key == "step":
            return _wrap(value._array.copy(), device=value._device)
        dtype = param.dtype if param._array.dtype.kind == "f" else None
        return value.to(param._device, dtype, copy=True)
    if isinstance(value, dict):
        return {k: _copy_state(v, param, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_copy_state(v, param) for v in value)
    return value


# --- helpers the optimizers share -----------------------------------------------------------------
def _check_state_shapes(p: Tensor, state: dict) -> None:
    """torch's error for a state tensor whose shape is not its parameter's, as the first
    in-place op on it (`exp_avg.lerp_(grad)`, `buf.mul_(m).add_(grad)`) raises it, and then
    the parameter's own update."""
    for value in state.values():
        if not isinstance(value, Tensor) or value.ndim == 0 or value.shape == p.shape:
            continue
        shape = broadcast_shape(value._array.shape, p._array.shape)  # or the size mismatch
        wrong = value if shape != value._array.shape else p
        raise RuntimeError(
            f"output with shape {list(wrong.shape)} doesn't match the broadcast shape {list(shape)}"
        )


def _scalar_dtype() -> np.dtype:
    """The dtype of `step` and other scalar state: float32, or float64 if that is the default."""
    return np.dtype(np.float64 if _dtype.get_default_dtype() == _dtype.float64 else np.float32)


def _scalar_state(value: float) -> Tensor:
    """A 0-dim state tensor (`step`, ASGD's `eta` and `mu`)."""
    return _wrap(np.array(value, dtype=_scalar_dtype()))


def _zeros_like(p: Tensor) -> Tensor:
    return _wrap(np.zeros_like(p._array), device=p._device)


def _count_step(state: dict) -> float:
    """`state["step"] += 1`, returning the new count as a Python float."""
    step = state["step"]._array
    step += 1
    return float(step)


def _gradient(optimizer, p: Tensor, maximize: bool, weight_decay: float) -> np.ndarray:
    """The gradient an update follows: `-grad` when maximizing, plus `weight_decay * p`.

    The result is `p.grad`'s own array when neither applies, so updates must not write it.
    """
    if getattr(p._grad, "is_sparse", False):
        name = type(optimizer).__name__.replace("AdamW", "Adam")  # torch's AdamW is an Adam
        hint = {
            "Adam": ", please consider SparseAdam instead",
            "SGD": " in cybenko yet (torch's SGD does); use SparseAdam",
            "Adagrad": " in cybenko yet (torch's Adagrad does); use SparseAdam",
        }
        raise RuntimeError(f"{name} does not support sparse gradients{hint.get(name, '')}")
    g = p._grad._array
    if maximize:
        g = np.negative(g)
        if weight_decay != 0:
            g += weight_decay * p._array
    elif weight_decay != 0:
        g = g + weight_decay * p._array
    return g


def _lerp_(start: np.ndarray, end: np.ndarray, weight: float) -> None:
    """start += weight * (end - start), in place, in torch's two-sided form: from `start`
    for small weights and from `end` for large ones, so both ends are exact."""
    w = start.dtype.type(weight)
    diff = np.subtract(end, start, out=_memory.empty_like(start))
    if abs(w) < 0.5:
        diff *= w
        start += diff
    else:
        diff *= w - 1
        np.add(end, diff, out=start)


def _adam_moments(exp_avg: np.ndarray, exp_avg_sq: np.ndarray, g: np.ndarray, betas) -> np.ndarray:
    """Adam's moments in place, rounded as torch's ops round them: m <- m + (1 - b1)(g - m),
    v <- b2 v + (1 - b2) g g. Returns a scratch array of g's shape (it holds (1 - b2) g g)."""
    beta1, beta2 = betas
    _lerp_(exp_avg, g, 1 - beta1)
    exp_avg_sq *= beta2
    scratch = np.multiply(g, 1 - beta2, out=_memory.empty_like(g))
    scratch *= g
    exp_avg_sq += scratch
    return scratch


def _adam_change(exp_avg, second, step: float, lr, betas, eps, out: np.ndarray) -> np.ndarray:
    """Adam's change to the parameters into `out`: -lr / (1 - b1^t) * m / (sqrt(v) /
    sqrt(1 - b2^t) + eps), v being the second moment (or its running max, for amsgrad)."""
    beta1, beta2 = betas
    step_size = lr / (1 - beta1**step)
    denom = np.sqrt(second, out=_memory.empty_like(second))
    denom /= (1 - beta2**step) ** 0.5
    denom += eps
    np.multiply(exp_avg, -step_size, out=out)
    out /= denom
    return out


def _with_grad(closure: Callable[[], Any] | None):
    """Call the closure (if any) with graph recording on, and return its loss."""
    if closure is None:
        return None
    with enable_grad():
        return closure()


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise ValueError(message)
