"""A model's parameters as one flat vector and back (for optimizers that see one vector)."""

from __future__ import annotations

from ..._tensor import Tensor
from ...ops.shape import cat


def _check_same_device(param: Tensor, first) -> object:
    if first is None:
        return param.device
    if param.device != first:
        raise TypeError(
            "Found two parameters on different devices, this is currently not supported."
        )
    return first


def parameters_to_vector(parameters) -> Tensor:
    """The parameters flattened and concatenated into one vector (in the graph)."""
    device = None
    pieces = []
    for param in parameters:
        device = _check_same_device(param, device)
        pieces.append(param.view(-1))
    return cat(pieces)


def vector_to_parameters(vec: Tensor, parameters) -> None:
    """Copy consecutive slices of `vec` into the parameters' data."""
    if not isinstance(vec, Tensor):
        raise TypeError(f"expected torch.Tensor, but got: {_typename(vec)}")
    device = None
    start = 0
    for param in parameters:
        device = _check_same_device(param, device)
        count = param.numel()
        param.data = vec[start : start + count].view_as(param).data
        start += count


def _typename(obj) -> str:
    cls = type(obj)
    module = cls.__module__
    return cls.__qualname__ if module in (None, "builtins") else f"{module}.{cls.__qualname__}"
