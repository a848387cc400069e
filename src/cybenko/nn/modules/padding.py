"""Padding layers (constant, zero, reflection, replication, circular) and pixel shuffling:
each holds its padding (or factor) and calls nn.functional."""

from __future__ import annotations

from collections.abc import Iterable

from ..._tensor import Tensor
from .. import functional as F
from .module import Module


def _sides(padding, count: int) -> tuple:
    """One number for every side, or the sides as given (torch's _ntuple)."""
    return tuple(padding) if isinstance(padding, Iterable) else (padding,) * count


class _PadNd(Module):
    """Pads the last `dims` dims of its input by `padding` with F.pad's `mode`."""

    mode = "constant"
    dims = 1

    def __init__(self, padding) -> None:
        super().__init__()
        self.padding = _sides(padding, 2 * self.dims)

    def forward(self, input: Tensor) -> Tensor:
        return F.pad(input, self.padding, self.mode)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding, value: float) -> None:
        super().__init__(padding)
        self.value = value

    def forward(self, input: Tensor) -> Tensor:
        return F.pad(input, self.padding, "constant", self.value)

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


class _ZeroPadNd(_ConstantPadNd):
    def __init__(self, padding) -> None:
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class _CircularPadNd(_PadNd):
    mode = "circular"

    def forward(self, input: Tensor) -> Tensor:
        if input.dim() not in (self.dims + 1, self.dims + 2):
            raise ValueError(
                f"expected {self.dims + 1}D or {self.dims + 2}D input (got {input.dim()}D input)"
            )
        return super().forward(input)


class ConstantPad1d(_ConstantPadNd):
    """Pad the last dim with `value`: padding (left, right), or one number for both."""


class ConstantPad2d(_ConstantPadNd):
    """Pad the last 2 dims with `value`: (left, right, top, bottom), or one number."""

    dims = 2


class ConstantPad3d(_ConstantPadNd):
    """Pad the last 3 dims with `value`: (left, right, top, bottom, front, back)."""

    dims = 3


class ZeroPad1d(_ZeroPadNd):
    """Pad the last dim with zeros."""


class ZeroPad2d(_ZeroPadNd):
    """Pad the last 2 dims with zeros."""

    dims = 2


class ZeroPad3d(_ZeroPadNd):
    """Pad the last 3 dims with zeros."""

    dims = 3


class _ReflectionPadNd(_PadNd):
    mode = "reflect"


class _ReplicationPadNd(_PadNd):
    mode = "replicate"


class ReflectionPad1d(_ReflectionPadNd):
    """Pad the last dim with its mirror image (the edge value not repeated)."""


class ReflectionPad2d(_ReflectionPadNd):
    """Pad the last 2 dims with their mirror image."""

    dims = 2


class ReflectionPad3d(_ReflectionPadNd):
    """Pad the last 3 dims with their mirror image."""

    dims = 3


class ReplicationPad1d(_ReplicationPadNd):
    """Pad the last dim with copies of its edge values."""


class ReplicationPad2d(_ReplicationPadNd):
    """Pad the last 2 dims with copies of their edge values."""

    dims = 2


class ReplicationPad3d(_ReplicationPadNd):
    """Pad the last 3 dims with copies of their edge values."""

    dims = 3


class CircularPad1d(_CircularPadNd):
    """Pad the last dim with the values from its other end (wrapped around)."""


class CircularPad2d(_CircularPadNd):
    dims = 2


class CircularPad3d(_CircularPadNd):
    dims = 3


class PixelShuffle(Module):
    """(*, C r^2, H, W) -> (*, C, H r, W r): channels rearranged into an r-times larger image."""

    def __init__(self, upscale_factor: int) -> None:
        super().__init__()
        self.upscale_factor = upscale_factor

    def forward(self, input: Tensor) -> Tensor:
        return F.pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self) -> str:
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """(*, C, H r, W r) -> (*, C r^2, H, W): the inverse of PixelShuffle."""

    def __init__(self, downscale_factor: int) -> None:
        super().__init__()
        self.downscale_factor = downscale_factor

    def forward(self, input: Tensor) -> Tensor:
        return F.pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self) -> str:
        return f"downscale_factor={self.downscale_factor}"
