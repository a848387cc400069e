"""Fold and Unfold: F.fold and F.unfold (col2im and im2col) as layers."""

from __future__ import annotations

from ..._tensor import Tensor
from .. import functional as F
from .module import Module


class Fold(Module):
    """Add the columns of an (N, C kh kw, L) input back onto their windows of an
    (N, C, *output_size) image (col2im).

    >>> import cybenko as torch
    >>> torch.nn.Fold(output_size=(4, 5), kernel_size=2)
    Fold(output_size=(4, 5), kernel_size=2, dilation=1, padding=0, stride=1)
    """

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1) -> None:
        super().__init__()
        self.output_size = output_size
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, input: Tensor) -> Tensor:
        return F.fold(
            input, self.output_size, self.kernel_size, self.dilation, self.padding, self.stride
        )

    def extra_repr(self) -> str:
        return (
            f"output_size={self.output_size}, kernel_size={self.kernel_size}, "
            f"dilation={self.dilation}, padding={self.padding}, stride={self.stride}"
        )


class Unfold(Module):
    """The sliding windows of an (N, C, H, W) input as the columns of an (N, C kh kw, L)
    matrix (im2col).

    >>> import cybenko as torch
    >>> torch.nn.Unfold(kernel_size=(2, 3))
    Unfold(kernel_size=(2, 3), dilation=1, padding=0, stride=1)
    """

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.dilation = dilation
        self.padding = padding
        self.stride = stride

    def forward(self, input: Tensor) -> Tensor:
        return F.unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, dilation={self.dilation}, "
            f"padding={self.padding}, stride={self.stride}"
        )
