"""The learned scale and shift of the normalization layers (BatchNorm, InstanceNorm,
GroupNorm, LayerNorm): `weight` and `bias` of one shape, starting at ones and zeros."""

from __future__ import annotations

from ...ops.creation import empty
from .. import init
from ..parameter import Parameter


def register_affine(module, affine: bool, bias: bool, shape, dtype) -> None:
    """weight and bias as torch registers them: both None without affine, the bias None
    without bias (uninitialized: reset_affine fills them)."""
    if affine:
        module.weight = Parameter(empty(shape, dtype=dtype))
        if bias:
            module.bias = Parameter(empty(shape, dtype=dtype))
        else:
            module.register_parameter("bias", None)
    else:
        module.register_parameter("weight", None)
        module.register_parameter("bias", None)


def reset_affine(module) -> None:
    """The identity transform: weight ones, bias zeros."""
    if module.weight is not None:
        init.ones_(module.weight)
        if module.bias is not None:
            init.zeros_(module.bias)
