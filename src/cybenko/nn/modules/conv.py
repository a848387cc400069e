"""Convolution layers: Conv1d, Conv2d, ConvTranspose1d and ConvTranspose2d."""

from __future__ import annotations

import math
from collections.abc import Iterable

from ..._device import check_device
from ..._tensor import Tensor
from ...ops.creation import empty
from .. import functional as F
from .. import init
from ..parameter import Parameter
from .module import Module


def _ntuple(value, n: int) -> tuple:
    """torch's _single/_pair: a sequence as it is, anything else n times (so a float
    kernel_size reaches `empty`, which refuses it as torch does)."""
    return tuple(value) if isinstance(value, Iterable) else (value,) * n


def _pad_pairs(padding, kernel_size, dilation) -> list[int] | tuple:
    """F.pad's (left, right) pairs, last dim first, for a padding of ints, 'valid' or 'same'
    ('same' puts the odd pixel on the right, as torch does). Made as torch makes them, from
    the arguments as given: a padding of one int for two dims gives one pair, and the forward
    refuses what does not fit."""
    if not isinstance(padding, str):
        return tuple(p for p in reversed(padding) for _ in range(2))
    pairs = [0, 0] * len(kernel_size)
    if padding == "same":
        dims = reversed(range(len(kernel_size)))  # zip stops at the shortest, as torch's
        for d, k, i in zip(dilation, kernel_size, dims, strict=False):
            total = d * (k - 1)
            pairs[2 * i : 2 * i + 2] = [total // 2, total - total // 2]
    return pairs


class _ConvNd(Module):
    """What every convolution layer shares: torch's argument checks, attributes in torch's
    order, and torch's initialization (kaiming_uniform_ with a=sqrt(5), then the bias
    uniform in +-1/sqrt(fan_in)), so that seeded runs match torch's weights bit for bit."""

    _spatial = 2
    _transposed = False

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        device=None,
        dtype=None,
        output_padding=0,
    ) -> None:
        super().__init__()
        check_device(device)
        if groups <= 0:
            raise ValueError("groups must be a positive integer")
        if in_channels % groups != 0:
            raise ValueError("in_channels must be divisible by groups")
        if out_channels % groups != 0:
            raise ValueError("out_channels must be divisible by groups")
        n = self._spatial
        kernel_size, stride, dilation = (_ntuple(v, n) for v in (kernel_size, stride, dilation))
        if isinstance(padding, str):
            valid_padding_strings = {"same", "valid"}  # printed as a set, as torch prints it
            if padding not in valid_padding_strings:
                raise ValueError(
                    f"Invalid padding string {padding!r}, should be one of {valid_padding_strings}"
                )
            if padding == "same" and any(s != 1 for s in stride):
                raise ValueError("padding='same' is not supported for strided convolutions")
        else:
            padding = _ntuple(padding, n)
        valid_padding_modes = {"zeros", "reflect", "replicate", "circular"}
        if padding_mode not in valid_padding_modes:
            raise ValueError(
                f"padding_mode must be one of {valid_padding_modes}, but got "
                f"padding_mode='{padding_mode}'"
            )
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = kernel_size
        self.stride = stride
        self.padding = padding
        self.dilation = dilation
        self.transposed = self._transposed
        self.output_padding = _ntuple(output_padding, n)
        self.groups = groups
        self.padding_mode = padding_mode
        self._reversed_padding_repeated_twice = _pad_pairs(padding, kernel_size, dilation)
        if self._transposed:
            shape = (in_channels, out_channels // groups, *kernel_size)
        else:
            shape = (out_channels, in_channels // groups, *kernel_size)
        self.weight = Parameter(empty(shape, dtype=dtype))
        if bias:
            self.bias = Parameter(empty(out_channels, dtype=dtype))
        else:
            self.register_parameter("bias", None)
        self.reset_parameters()
        self.to(device)  # initialised on the CPU (torch's numbers), then moved

    def reset_parameters(self) -> None:
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def _conv_forward(self, conv, input: Tensor) -> Tensor:
        """`conv` over the input, padded first by F.pad unless the padding is zeros."""
        if self.padding_mode == "zeros":
            return conv(
                input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups
            )
        padded = F.pad(input, self._reversed_padding_repeated_twice, mode=self.padding_mode)
        no_padding = (0,) * len(self.kernel_size)
        return conv(
            padded, self.weight, self.bias, self.stride, no_padding, self.dilation, self.groups
        )

    def extra_repr(self) -> str:
        s = "{in_channels}, {out_channels}, kernel_size={kernel_size}, stride={stride}"
        if self.padding != (0,) * len(self.padding):
            s += ", padding={padding}"
        if self.dilation != (1,) * len(self.dilation):
            s += ", dilation={dilation}"
        if self.output_padding != (0,) * len(self.output_padding):
            s += ", output_padding={output_padding}"
        if self.groups != 1:
            s += ", groups={groups}"
        if self.bias is None:
            s += ", bias=False"
        if self.padding_mode != "zeros":
            s += ", padding_mode={padding_mode}"
        return s.format(**self.__dict__)


class _Conv(_ConvNd):
    """Conv1d and Conv2d: torch's constructor, which has no output_padding (only the
    transposed layers take one)."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        device=None,
        dtype=None,
    ) -> None:
        super().__init__(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            dilation,
            groups,
            bias,
            padding_mode,
            device,
            dtype,
        )


class Conv1d(_Conv):
    """Cross-correlate (N, C_in, L) signals with C_out learned (C_in / groups, k) kernels,
    plus a bias per output channel; initialized as torch does.

    >>> import cybenko as torch
    >>> torch.nn.Conv1d(1, 6, 5)
    Conv1d(1, 6, kernel_size=(5,), stride=(1,))
    """

    _spatial = 1

    def forward(self, input: Tensor) -> Tensor:
        return self._conv_forward(F.conv1d, input)


class Conv2d(_Conv):
    """Cross-correlate (N, C_in, H, W) images with C_out learned (C_in / groups, kh, kw)
    kernels, plus a bias per output channel.

    Initialized as torch does (kaiming_uniform_ with a=sqrt(5), then the bias uniform in
    ±1/sqrt(fan_in), fan_in = C_in / groups * kh * kw), so seeded runs match torch's.

    >>> import cybenko as torch
    >>> torch.nn.Conv2d(1, 6, 5)
    Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))
    """

    def forward(self, input: Tensor) -> Tensor:
        return self._conv_forward(F.conv2d, input)


class _ConvTransposeNd(_ConvNd):
    """What the transposed convolution layers share: the weight is (C_in, C_out / groups,
    *kernel), and forward may ask for an output_size, which picks the output_padding."""

    _transposed = True

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size,
        stride=1,
        padding=0,
        output_padding=0,
        groups: int = 1,
        bias: bool = True,
        dilation=1,
        padding_mode: str = "zeros",
        device=None,
        dtype=None,
    ) -> None:
        if padding_mode != "zeros":
            raise ValueError(f'Only "zeros" padding mode is supported for {type(self).__name__}')
        super().__init__(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            dilation,
            groups,
            bias,
            padding_mode,
            device,
            dtype,
            output_padding,
        )

    def _output_padding(self, input: Tensor, output_size) -> tuple:
        """The output_padding that gives output_size (torch's check of its range)."""
        if output_size is None:
            return self.output_padding
        n = self._spatial
        batched = input.dim() == n + 2
        non_spatial = 2 if batched else 1
        if len(output_size) == non_spatial + n:
            output_size = output_size[non_spatial:]
        if len(output_size) != n:
            raise ValueError(
                f"ConvTranspose{n}D: for {input.dim()}D input, output_size must have {n} "
                f"or {non_spatial + n} elements (got {len(output_size)})"
            )
        smallest = [
            (input.shape[d + non_spatial] - 1) * self.stride[d]
            - 2 * self.padding[d]
            + self.dilation[d] * (self.kernel_size[d] - 1)
            + 1
            for d in range(n)
        ]
        largest = [s + self.stride[d] - 1 for d, s in enumerate(smallest)]
        for size, low, high in zip(output_size, smallest, largest, strict=True):
            if size < low or size > high:
                raise ValueError(
                    f"requested an output size of {output_size}, but valid sizes range "
                    f"from {smallest} to {largest} (for an input of {input.shape[2:]})"
                )
        return tuple(size - low for size, low in zip(output_size, smallest, strict=True))


class ConvTranspose1d(_ConvTransposeNd):
    """The transposed 1-d convolution layer: (N, C_in, L) to (N, C_out, L_out), each input
    entry adding a scaled (C_out / groups, k) kernel onto the output; initialized as torch.

    >>> import cybenko as torch
    >>> torch.nn.ConvTranspose1d(4, 2, 3, stride=2)
    ConvTranspose1d(4, 2, kernel_size=(3,), stride=(2,))
    """

    _spatial = 1

    def forward(self, input: Tensor, output_size=None) -> Tensor:
        output_padding = self._output_padding(input, output_size)
        return F.conv_transpose1d(
            input,
            self.weight,
            self.bias,
            self.stride,
            self.padding,
            output_padding,
            self.groups,
            self.dilation,
        )


class ConvTranspose2d(_ConvTransposeNd):
    """The transposed 2-d convolution layer ("deconvolution"), which upsamples
    (N, C_in, H, W) feature maps in decoders and GAN generators; initialized as torch.

    >>> import cybenko as torch
    >>> torch.nn.ConvTranspose2d(4, 2, 3, stride=2)
    ConvTranspose2d(4, 2, kernel_size=(3, 3), stride=(2, 2))
    """

    def forward(self, input: Tensor, output_size=None) -> Tensor:
        output_padding = self._output_padding(input, output_size)
        return F.conv_transpose2d(
            input,
            self.weight,
            self.bias,
            self.stride,
            self.padding,
            output_padding,
            self.groups,
            self.dilation,
        )
