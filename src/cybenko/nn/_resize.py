"""Resampling images with torch's checks and messages: F.interpolate and its deprecated
names (upsample, upsample_nearest, upsample_bilinear), which resize (N, C, L) signals and
(N, C, H, W) images, and the spatial transformer's affine_grid and grid_sample."""

from __future__ import annotations

import math

import numpy as np

from .. import _warnings
from .._tensor import Tensor
from ..ops import grid_sample as _grid_sample
from ..ops import resample as _resample

_KERNELS = {
    ("nearest", 1): "upsample_nearest1d",
    ("nearest", 2): "upsample_nearest2d",
    ("nearest-exact", 1): "_upsample_nearest_exact1d",
    ("nearest-exact", 2): "_upsample_nearest_exact2d",
    ("linear", 1): "upsample_linear1d",
    ("bilinear", 2): "upsample_bilinear2d",
}

# what torch's kernels call themselves when they refuse an integer image
_INTEGER_KERNELS = {
    ("nearest", 1): "upsample_nearest1d",
    ("nearest", 2): "upsample_nearest2d_channels_last",
    ("nearest-exact", 1): "_upsample_nearest_exact1d",
    ("nearest-exact", 2): "_upsample_nearest_exact2d_channels_last",
    ("linear", 1): "compute_indices_weights_linear",
    ("bilinear", 2): "upsample_bilinear2d_channels_last",
}

_MODES = "nearest | linear | bilinear | bicubic | trilinear | lanczos | area | nearest-exact"


def _is_integer(value) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, np.integer)):
        return True
    return isinstance(value, Tensor) and value.dtype.is_floating_point is False


def _output_size(input: Tensor, size, scale_factor, dim: int):
    """(output sizes or None, scale factors or None), as torch's interpolate reads them."""
    if size is not None and scale_factor is not None:
        raise ValueError("only one of size or scale_factor should be defined")
    if size is not None:
        if isinstance(size, (list, tuple)):
            if len(size) != dim:
                raise ValueError(
                    "Input and output must have the same number of spatial dimensions, but got "
                    f"input with spatial dimensions of {list(input.shape[2:])} and output size "
                    f"of {size}. Please provide input tensor in (N, C, d1, d2, ...,dK) format "
                    "and output size in (o1, o2, ...,oK) format."
                )
            if not all(_is_integer(s) for s in size):
                raise TypeError(
                    "expected size to be one of int or Tuple[int] or Tuple[int, int] or "
                    "Tuple[int, int, int], but got size with types "
                    f"{[type(s) for s in size]}"
                )
            return [int(s) for s in size], None
        return [size] * dim, None
    if scale_factor is not None:
        if isinstance(scale_factor, (list, tuple)):
            if len(scale_factor) != dim:
                raise ValueError(
                    "Input and scale_factor must have the same number of spatial dimensions, but "
                    f"got input with spatial dimensions of {list(input.shape[2:])} and "
                    f"scale_factor of shape {scale_factor}. Please provide input tensor in (N, "
                    "C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format."
                )
            return None, [float(s) for s in scale_factor]
        return None, [float(scale_factor)] * dim
    raise ValueError("either size or scale_factor should be defined")


def _check_sizes(input: Tensor, out: list, kernel: str) -> None:
    """torch's upsample_*_common_check: positive sizes, a non-empty image."""
    names = ("W",) if len(out) == 1 else ("H", "W")
    spatial = list(input.shape[2:])
    if min(spatial) <= 0 or min(out) <= 0:
        got_in = ", ".join(f"{n}: {s}" for n, s in zip(names, spatial, strict=True))
        got_out = ", ".join(f"{n}: {s}" for n, s in zip(names, out, strict=True))
        joint = " and output" if len(out) == 1 else " output"
        raise RuntimeError(
            "Input and output sizes should be greater than 0, but got input "
            f"({got_in}){joint} ({got_out})"
        )
    if input.numel() == 0 and input.shape[0] != 0 or input.shape[1] == 0:
        raise RuntimeError(
            f"Non-empty {input.ndim}D data tensor expected but got a tensor with sizes "
            f"{list(input.shape)}"
        )


def _sources(input: Tensor, out: list, scales, mode: str, align_corners, shortcuts) -> list:
    """Per spatial axis, the (index, weight) pairs each output reads."""
    sources = []
    for axis, size in enumerate(input.shape[2:]):
        scale = None if scales is None else scales[axis]
        if mode in ("nearest", "nearest-exact"):
            exact = mode == "nearest-exact"
            index = _resample.nearest_source(size, out[axis], scale, exact, shortcuts)
            sources.append(((index, None),))
        else:
            dtype = input._array.dtype
            i0, i1, t = _resample.linear_source(size, out[axis], scale, align_corners, dtype)
            sources.append(((i0, (1 - t).astype(dtype)), (i1, t)))
    return sources


def interpolate(
    input: Tensor,
    size=None,
    scale_factor=None,
    mode: str = "nearest",
    align_corners: bool | None = None,
    recompute_scale_factor: bool | None = None,
    antialias: bool = False,
) -> Tensor:
    """Resize an (N, C, L) signal or (N, C, H, W) image to `size`, or by `scale_factor`:
    mode 'nearest', 'nearest-exact', 'linear' (3-d), 'bilinear' (4-d) or 'area' (adaptive
    average pooling). align_corners=True (linear modes) maps corner pixels onto each other.

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> F.interpolate(torch.tensor([[[1.0, 2.0]]]), scale_factor=2)
    tensor([[[1., 1., 2., 2.]]])
    """
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError(
                "align_corners option can only be set with the interpolating modes: "
                "linear | bilinear | bicubic | trilinear"
            )
    elif align_corners is None:
        align_corners = False
    dim = input.ndim - 2
    out, scales = _output_size(input, size, scale_factor, dim)
    if recompute_scale_factor and size is not None:
        raise ValueError("recompute_scale_factor is not meaningful with an explicit size.")
    if mode == "area" and out is None:
        recompute_scale_factor = True
    if recompute_scale_factor:
        out = [math.floor(float(input.shape[i + 2] * scales[i])) for i in range(dim)]
        scales = None
    if antialias and not (mode in ("bilinear", "bicubic", "lanczos") and input.ndim == 4):
        raise ValueError(
            "Anti-alias option is restricted to bilinear, bicubic, and lanczos modes and "
            "requires a 4-D tensor as input"
        )
    if antialias:
        raise NotImplementedError("cybenko's interpolate has no antialias yet")
    if mode == "area" and dim in (1, 2):
        from .functional import adaptive_avg_pool1d, adaptive_avg_pool2d

        pool = adaptive_avg_pool1d if dim == 1 else adaptive_avg_pool2d
        return pool(input, out if dim == 2 else out[0])
    kernel = _KERNELS.get((mode, dim))
    if kernel is None:
        _refuse_mode(input, mode)
    if out is None:
        out = [math.floor(float(input.shape[i + 2] * scales[i])) for i in range(dim)]
    elif not all(_is_integer(s) for s in out):
        types = ", ".join(type(s).__name__ for s in out)
        raise TypeError(
            f"{kernel}() received an invalid combination of arguments - got (Tensor, list of "
            f"[{types}], NoneType), but expected one of:"
        )
    out = [int(s) for s in out]
    _check_sizes(input, out, kernel)
    if input._array.dtype.kind != "f":
        name = _INTEGER_KERNELS[(mode, dim)]
        raise NotImplementedError(f"\"{name}\" not implemented for '{input.dtype._torch_name}'")
    sources = _sources(input, out, scales, mode, align_corners, dim == 2)
    backward_sources = None
    if dim == 1 and mode == "nearest":
        backward_sources = _sources(input, out, scales, mode, align_corners, True)
    return _resample.Resample.apply(
        input,
        mode=mode,
        sources=sources,
        sizes=tuple(input.shape[2:]),
        backward_sources=backward_sources,
    )


def _refuse_mode(input: Tensor, mode: str):
    """torch's errors for a mode that does not fit the input's dims, or is unknown."""
    needs = {"linear": 3, "bilinear": 4, "trilinear": 5}
    if mode in needs and input.ndim in (3, 4, 5):
        raise NotImplementedError(
            f"Got {input.ndim}D input, but {mode} mode needs {needs[mode]}D input"
        )
    if mode in ("bicubic", "trilinear", "lanczos") or (
        input.ndim == 5 and mode in ("nearest", "nearest-exact", "area")
    ):
        raise NotImplementedError(f"cybenko's interpolate has no {mode} mode for {input.ndim}D")
    raise NotImplementedError(
        f"Input Error: Only 3D, 4D and 5D input Tensors supported (got {input.ndim}D) for the "
        f"modes: {_MODES} (got {mode})"
    )


def upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None):
    """Deprecated name of interpolate."""
    _warnings.warn(
        "`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead."
    )
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input, size=None, scale_factor=None):
    """Deprecated: interpolate(..., mode='nearest')."""
    _warnings.warn(
        "`nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` "
        "instead."
    )
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input, size=None, scale_factor=None):
    """Deprecated: interpolate(..., mode='bilinear', align_corners=True)."""
    _warnings.warn(
        "`nn.functional.upsample_bilinear` is deprecated. Use `nn.functional.interpolate` "
        "instead."
    )
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


_ALIGN_CORNERS_DEFAULT = (
    "Default grid_sample and affine_grid behavior has changed to align_corners=False since "
    "1.3.0. Please specify align_corners=True if the old behavior is desired. See the "
    "documentation of grid_sample for details."
)


def grid_sample(
    input: Tensor,
    grid: Tensor,
    mode: str = "bilinear",
    padding_mode: str = "zeros",
    align_corners: bool | None = None,
) -> Tensor:
    """Read an (N, C, H, W) image at the points of an (N, Ho, Wo, 2) grid of (x, y) in
    [-1, 1]: bilinearly or at the nearest pixel, outside points as zeros, the border pixel
    or the mirrored point (padding_mode). Differentiable in the image and the grid.

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> image = torch.arange(4.0).view(1, 1, 2, 2)
    >>> F.grid_sample(image, torch.zeros(1, 1, 1, 2), align_corners=False)
    tensor([[[[1.5000]]]])
    """
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError(
            "nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or "
            f"'bicubic', but got: '{mode}'"
        )
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError(
            "nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
            f"'reflection', but got: '{padding_mode}'"
        )
    if align_corners is None:
        _warnings.warn(_ALIGN_CORNERS_DEFAULT)
        align_corners = False
    x, g = input._array, grid._array
    if x.dtype != g.dtype:
        names = [t.dtype._torch_name for t in (input, grid)]
        raise RuntimeError(f"expected scalar type {names[0]} but found {names[1]}")
    sizes = f"input with sizes {list(input.shape)} and grid with sizes {list(grid.shape)}"
    if input.ndim != grid.ndim or input.shape[0] != grid.shape[0]:
        raise RuntimeError(
            f"grid_sampler(): expected grid and input to have same batch size, but got {sizes}"
        )
    if input.ndim not in (4, 5):
        raise RuntimeError(
            "grid_sampler(): expected 4D or 5D input and grid with same number of dimensions, "
            f"but got {sizes}"
        )
    if grid.shape[-1] != input.ndim - 2:
        raise RuntimeError(
            f"grid_sampler(): expected grid to have size {input.ndim - 2} in last dimension, "
            f"but got grid with sizes {list(grid.shape)}"
        )
    for dim in range(2, input.ndim):
        if input.shape[dim] == 0:
            raise RuntimeError(
                "grid_sampler(): expected input to have non-empty spatial dimensions, but "
                f"input has sizes {list(input.shape)} with dimension {dim} being empty"
            )
    if x.dtype.kind != "f":
        raise NotImplementedError(
            f"\"grid_sampler_2d_cpu_kernel_impl\" not implemented for '{input.dtype._torch_name}'"
        )
    if input.ndim == 5 or mode == "bicubic":
        raise NotImplementedError(
            f"cybenko's grid_sample has no {'5-d input' if input.ndim == 5 else mode} yet"
        )
    return _grid_sample.GridSampler2d.apply(
        input, grid, mode=mode, padding_mode=padding_mode, align_corners=align_corners
    )


def affine_grid(theta: Tensor, size, align_corners: bool | None = None) -> Tensor:
    """The (N, H, W, 2) sampling grid of a batch of (N, 2, 3) affine matrices, for an
    output of `size` (N, C, H, W): point (x, y) of each output pixel mapped by theta, ready
    for grid_sample (a spatial transformer).

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> identity = torch.tensor([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]])
    >>> F.affine_grid(identity, (1, 1, 1, 2), align_corners=False)
    tensor([[[[-0.5000,  0.0000],
              [ 0.5000,  0.0000]]]])
    """
    if align_corners is None:
        _warnings.warn(_ALIGN_CORNERS_DEFAULT)
        align_corners = False
    if not theta.dtype.is_floating_point:
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    size = tuple(size)
    if len(size) == 4:
        if theta.ndim != 3 or theta.shape[-2] != 2 or theta.shape[-1] != 3:
            raise ValueError(
                f"Expected a batch of 2D affine matrices of shape Nx2x3 for size {size}. "
                f"Got {theta.shape}."
            )
        spatial = size[-2:]
    elif len(size) == 5:
        if theta.ndim != 3 or theta.shape[-2] != 3 or theta.shape[-1] != 4:
            raise ValueError(
                f"Expected a batch of 3D affine matrices of shape Nx3x4 for size {size}. "
                f"Got {theta.shape}."
            )
        raise NotImplementedError("cybenko's affine_grid has no 3-d (5-d size) form yet")
    else:
        raise NotImplementedError(
            "affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
            f"respectively. Got size {size}."
        )
    if align_corners and min(spatial) == 1:
        _warnings.warn(
            "Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
            "align_corners=True. This is not an intended use case of affine_grid. See the "
            "documentation of affine_grid for details."
        )
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    if size[0] != theta.shape[0]:
        raise RuntimeError(
            "Expected size for first two dimensions of batch2 tensor to be: "
            f"[{size[0]}, 3] but got: [{theta.shape[0]}, 3]."
        )
    return _grid_sample.AffineGridGenerator.apply(
        theta, size=size, align_corners=align_corners
    )
