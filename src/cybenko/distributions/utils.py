"""Helpers the distributions share: parameters broadcast together, probabilities and logits
turned into each other, and properties computed on first use."""

from __future__ import annotations

import numbers

from .. import _dtype
from .._finfo import finfo
from .._tensor import Tensor
from ..autograd import grad_mode
from ..nn import functional as F
from ..ops import creation
from ..ops._operands import broadcast_shape


def broadcast_all(*values) -> tuple:
    """Numbers and tensors as tensors of one shape (numbers take the first tensor's dtype)."""
    if not all(isinstance(v, (Tensor, numbers.Number)) for v in values):
        raise ValueError(
            "Input arguments must all be instances of Number, torch.Tensor or objects "
            "implementing __torch_function__."
        )
    first = next((v for v in values if isinstance(v, Tensor)), None)
    dtype = first.dtype if first is not None else _dtype.get_default_dtype()
    tensors = [v if isinstance(v, Tensor) else creation.tensor(v, dtype=dtype) for v in values]
    shape = broadcast_shape(*(tuple(t.shape) for t in tensors))
    # a tensor already of that shape is returned itself, as torch.broadcast_tensors does
    return tuple(t if tuple(t.shape) == shape else t.expand(shape) for t in tensors)


def logits_to_probs(logits: Tensor, is_binary: bool = False) -> Tensor:
    return logits.sigmoid() if is_binary else F.softmax(logits, dim=-1)


def clamp_probs(probs: Tensor) -> Tensor:
    """probs kept a machine epsilon away from 0 and 1, so their logs stay finite."""
    eps = finfo(probs.dtype).eps  # torch's TypeError for integer probs
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs: Tensor, is_binary: bool = False) -> Tensor:
    clamped = clamp_probs(probs)
    if is_binary:
        return clamped.log() - (-clamped).log1p()
    return clamped.log()


class lazy_property:  # noqa: N801 - torch's name
    """Computed on first access (with grad recorded), then stored on the instance."""

    def __init__(self, wrapped) -> None:
        self.wrapped = wrapped
        self.__doc__ = wrapped.__doc__
        self.__name__ = wrapped.__name__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        with grad_mode.enable_grad():
            value = self.wrapped(instance)
        setattr(instance, self.wrapped.__name__, value)
        return value
