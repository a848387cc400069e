"""torch.nn.functional: the stateless form of every layer, activation and loss.

    import cybenko.nn.functional as F
    loss = F.cross_entropy(model(x), y)

Each function checks its arguments with torch's messages and then runs one node from
`cybenko.ops` (or a short composition of them where torch composes too, so that the graph
and the `grad_fn` names match torch's).
"""

from __future__ import annotations

import math
import numbers
import warnings

import numpy as np

from .. import _device, _dtype, _generator, _warnings
from .._size import SizeArgument, as_int, invalid_combination, type_name
from .._tensor import Tensor, _normalize_dim, _wrap
from ..autograd import grad_mode, views
from ..ops import activation as _act
from ..ops import adaptive_max_pool as _adaptive_max_pool_ops
from ..ops import arithmetic as _arithmetic
from ..ops import conv as _conv
from ..ops import conv_transpose as _conv_transpose_ops
from ..ops import elementwise as _elementwise
from ..ops import fold as _fold_ops
from ..ops import groupnorm as _groupnorm
from ..ops import layers as _layers
from ..ops import loss as _loss
from ..ops import normalization as _normalization
from ..ops import padding as _padding
from ..ops import softmax as _softmax_ops
from ..ops._operands import broadcast_shape, common, require_tensors
from ..ops.creation import empty_like, zeros
from ..ops.distance import cosine_similarity, normalize, pairwise_distance, pdist  # noqa: F401
from ._resize import (
    affine_grid,
    grid_sample,
    interpolate,
    upsample,
    upsample_bilinear,
    upsample_nearest,
)

__all__ = [
    "linear",
    "relu",
    "relu_",
    "sigmoid",
    "tanh",
    "leaky_relu",
    "elu",
    "selu",
    "gelu",
    "softplus",
    "silu",
    "mish",
    "hardtanh",
    "hardtanh_",
    "relu6",
    "softsign",
    "softmin",
    "logsigmoid",
    "tanhshrink",
    "softshrink",
    "hardshrink",
    "threshold",
    "threshold_",
    "prelu",
    "rrelu",
    "rrelu_",
    "glu",
    "hardsigmoid",
    "hardswish",
    "celu",
    "celu_",
    "elu_",
    "selu_",
    "leaky_relu_",
    "softmax",
    "log_softmax",
    "dropout",
    "batch_norm",
    "group_norm",
    "instance_norm",
    "layer_norm",
    "scaled_dot_product_attention",
    "multi_head_attention_forward",
    "conv2d",
    "max_pool2d",
    "avg_pool2d",
    "adaptive_avg_pool2d",
    "conv1d",
    "conv_transpose1d",
    "conv_transpose2d",
    "max_pool1d",
    "avg_pool1d",
    "adaptive_max_pool1d",
    "adaptive_max_pool2d",
    "adaptive_avg_pool1d",
    "unfold",
    "fold",
    "interpolate",
    "upsample",
    "upsample_nearest",
    "upsample_bilinear",
    "grid_sample",
    "affine_grid",
    "dropout2d",
    "embedding",
    "one_hot",
    "mse_loss",
    "l1_loss",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "cross_entropy",
    "nll_loss",
    "huber_loss",
    "smooth_l1_loss",
    "kl_div",
    "margin_ranking_loss",
    "hinge_embedding_loss",
    "soft_margin_loss",
    "poisson_nll_loss",
    "gaussian_nll_loss",
    "multilabel_soft_margin_loss",
    "cosine_embedding_loss",
    "triplet_margin_loss",
    "multi_margin_loss",
    "multilabel_margin_loss",
    "pad",
    "pixel_shuffle",
    "pixel_unshuffle",
    "normalize",
    "cosine_similarity",
    "pairwise_distance",
    "pdist",
]


def _require_float(input: Tensor, kernel: str) -> None:
    if input._array.dtype.kind != "f":
        raise NotImplementedError(f"\"{kernel}\" not implemented for '{input.dtype._torch_name}'")


def _require_tensor(function: str, input) -> None:
    """torch's argument parser refusing an input that is no tensor (a NumPy array, a list, a
    number): one isinstance on the way in."""
    if not isinstance(input, Tensor):
        require_tensors(function, input=input)


def _require_method(input, method: str) -> None:
    """The AttributeError of torch's functionals that call `input.method(...)`."""
    if not isinstance(input, Tensor):
        raise AttributeError(f"'{type_name(input)}' object has no attribute '{method}'")


def _check_norm_dtypes(input: Tensor, *parameters: Tensor | None) -> None:
    """The parameter dtypes torch's CPU normalisations take, `parameters` in its order
    (weight, bias, then running statistics). When the first one given has another dtype than
    the input, that is "mixed": only a float16 input with all parameters float32. Otherwise
    every one must have the input's dtype."""
    x = input._array.dtype
    given = [t._array.dtype for t in parameters if t is not None]
    if not given:
        return
    if given[0] != x:
        if any(d != np.float32 for d in given):
            raise RuntimeError("mixed dtype (CPU): expect parameter to have scalar type of Float")
        if x != np.float16:
            raise RuntimeError("mixed dtype (CPU): all inputs must share same datatype.")
        return
    for d in given:
        if d != x:
            name = lambda d: _dtype._BY_NUMPY[d]._torch_name  # noqa: E731
            raise RuntimeError(f"expected scalar type {name(x)} but found {name(d)}")


def _not_differentiable(t: Tensor | None, function: str, argument: str) -> None:
    """torch's refusal of a gradient-requiring tensor where its kernel has no derivative."""
    if t is not None and t._requires_grad and grad_mode.enabled:
        raise RuntimeError(
            f"The function '{function}' is not differentiable with respect to argument "
            f"'{argument}'. This input cannot have requires_grad True."
        )


def _inplace_or_not(input: Tensor, op, inplace: bool, *args):
    """op(input, *args), or written into input."""
    return views.apply_inplace(input, op, *args) if inplace else op(input, *args)


# --- linear -------------------------------------------------------------------------------------


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """input @ weight.T + bias over the last dim of input (any number of batch dims)."""
    if not (isinstance(input, Tensor) and isinstance(weight, Tensor)) or not (
        bias is None or isinstance(bias, Tensor)
    ):
        _parse_arguments("linear", input=input, weight=weight, bias=bias)
    x, w = input._array, weight._array
    if x.ndim == 0 or w.ndim == 0:
        raise RuntimeError(
            f"both arguments to linear need to be at least 1D, but they are {x.ndim}D and {w.ndim}D"
        )
    if not _fits_linear_node(x, w, bias):
        return _linear_in_steps(input, weight, bias)
    if x.shape[-1] != w.shape[1]:
        rows = x.size // x.shape[-1] if x.shape[-1] else math.prod(x.shape[:-1])
        raise RuntimeError(
            f"mat1 and mat2 shapes cannot be multiplied ({rows}x{x.shape[-1]} and "
            f"{w.shape[1]}x{w.shape[0]})"
        )
    return _layers.Linear.apply(input, weight, bias)


def _fits_linear_node(x: np.ndarray, w: np.ndarray, bias: Tensor | None) -> bool:
    """Whether the Linear node computes the call as torch does: a weight matrix in the input's
    dtype and a bias that is absent or a row in that dtype (0-d only where torch runs addmm)."""
    if w.ndim != 2 or w.dtype != x.dtype or bias is None:
        return w.ndim == 2 and w.dtype == x.dtype
    b = bias._array
    row = b.shape in ((w.shape[0],), (1,)) or (b.ndim == 0 and x.ndim == 2)
    return row and b.dtype == x.dtype


def _linear_in_steps(input: Tensor, weight: Tensor, bias: Tensor | None) -> Tensor:
    """linear as torch's own steps, with their errors: addmm over the input's rows where the
    input is a matrix or the bias squeezes to a row, else matmul, then the bias added in
    place (so it may broadcast but not enlarge the output)."""
    from ..ops.linalg import addmm, matmul

    b = None if bias is None else bias._array
    if b is not None and (input.dim() == 2 or np.squeeze(b).ndim == 1 or b.ndim == 1):
        out = addmm(bias, input.reshape(-1, input.shape[-1]), weight.t())
        return out if input.dim() == 2 else out.view(*input.shape[:-1], out.shape[-1])
    out = matmul(input, weight.t())
    return out if bias is None else out.add_(bias)


# --- activations --------------------------------------------------------------------------------


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """max(0, x)."""
    _require_tensor("relu_" if inplace else "relu", input)
    return input.relu_() if inplace else _elementwise.relu(input)


def relu_(input: Tensor) -> Tensor:
    _require_tensor("relu_", input)
    return input.relu_()


def sigmoid(input: Tensor) -> Tensor:
    """1 / (1 + exp(-x))."""
    _require_method(input, "sigmoid")
    return _elementwise.sigmoid(input)


def tanh(input: Tensor) -> Tensor:
    _require_method(input, "tanh")
    return _elementwise.tanh(input)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """x where x > 0, else negative_slope * x."""
    _require_tensor("leaky_relu_" if inplace else "leaky_relu", input)
    _require_float(input, "leaky_relu_cpu")
    return _inplace_or_not(input, _elementwise.leaky_relu, inplace, negative_slope)


def _elu(input: Tensor, alpha: float, scale: float, input_scale: float) -> Tensor:
    return _act.Elu.apply(input, alpha=alpha, scale=scale, input_scale=input_scale)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """x where x > 0, else alpha * (exp(x) - 1)."""
    _require_tensor("elu_" if inplace else "elu", input)
    _require_float(input, "elu_cpu")
    return _inplace_or_not(input, _elu, inplace, alpha, 1.0, 1.0)


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    """scale * elu(x, alpha) with torch's self-normalizing constants."""
    _require_tensor("selu_" if inplace else "selu", input)
    _require_float(input, "elu_cpu")
    return _inplace_or_not(input, _elu, inplace, _act.SELU_ALPHA, _act.SELU_SCALE, 1.0)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """x * Phi(x), Phi the standard normal cdf; approximate='tanh' uses torch's tanh formula."""
    _require_tensor("gelu", input)
    if approximate not in ("none", "tanh"):
        raise RuntimeError("approximate argument must be either none or tanh.")
    _require_float(input, "GeluKernelImpl")
    return _act.Gelu.apply(input, approximate=approximate)


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + exp(beta x)) / beta, and x itself where beta x > threshold."""
    _require_tensor("softplus", input)
    _require_float(input, "softplus_cpu")
    return _act.Softplus.apply(input, beta=beta, threshold=threshold)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """x * sigmoid(x) (also called swish)."""
    _require_tensor("silu_" if inplace else "silu", input)
    _require_float(input, "silu_cpu")
    return _inplace_or_not(input, _act.Silu.apply, inplace)


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    """x * tanh(softplus(x))."""
    _require_tensor("mish_" if inplace else "mish", input)
    _require_float(input, "mish_cpu")
    return _inplace_or_not(input, _act.Mish.apply, inplace)


def _hardtanh(input: Tensor, min_val, max_val) -> Tensor:
    return _act.Hardtanh.apply(input, min_val=min_val, max_val=max_val)


def hardtanh(
    input: Tensor, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False
) -> Tensor:
    """x clamped to [min_val, max_val] (the gradient is 0 at and beyond the corners)."""
    if min_val > max_val:
        raise ValueError("min_val cannot be greater than max_val")
    _require_tensor("hardtanh_" if inplace else "hardtanh", input)
    if input._array.dtype == np.bool_:
        raise NotImplementedError("\"hardtanh_cpu\" not implemented for 'Bool'")
    return _inplace_or_not(input, _hardtanh, inplace, min_val, max_val)


def hardtanh_(input: Tensor, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    return hardtanh(input, min_val, max_val, inplace=True)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    """min(max(0, x), 6): hardtanh(x, 0, 6), and torch names its node so."""
    _require_tensor("relu6_" if inplace else "relu6", input)
    return hardtanh(input, 0.0, 6.0, inplace)


def softsign(input: Tensor) -> Tensor:
    """x / (1 + |x|)."""
    return input / (input.abs() + 1)


def softmin(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """softmax(-x) along dim: the smallest entries get the most weight."""
    if dim is None:
        dim = _softmax_dim("softmin", input.dim(), _stacklevel)
    negated = -input
    _require_method(negated, "softmax")
    return _softmax_ops.softmax(negated, dim, dtype)


def logsigmoid(input: Tensor) -> Tensor:
    """log(sigmoid(x)), computed without overflow for large |x|."""
    _require_tensor("log_sigmoid", input)
    _require_float(input, "log_sigmoid_cpu")
    return _act.LogSigmoid.apply(input)


def tanhshrink(input: Tensor) -> Tensor:
    """x - tanh(x)."""
    return input - input.tanh()


def _check_lambd(input: Tensor, lambd: float) -> None:
    _require_float(input, "softshrink_check")
    if not 0 <= lambd <= float(np.finfo(input._array.dtype).max):
        limit = "3.40282e+38" if input._array.dtype == np.float32 else "1.79769e+308"
        raise RuntimeError(
            f"lambda must be in range [0, {limit}] for input dtype "
            f"{input.dtype._torch_name}, but found {lambd:g}"
        )


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """x - lambd above lambd, x + lambd below -lambd, 0 between."""
    _check_lambd(input, lambd)
    return _act.Softshrink.apply(input, lambd=lambd)


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """x outside [-lambd, lambd], 0 inside."""
    _require_float(input, "hardshrink_cpu")
    return _act.Hardshrink.apply(input, lambd=lambd)


def _threshold(input: Tensor, threshold, value) -> Tensor:
    return _act.Threshold.apply(input, threshold=threshold, value=value)


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """value where x <= threshold, else x."""
    if input._array.dtype == np.bool_:
        raise NotImplementedError("\"threshold_cpu\" not implemented for 'Bool'")
    return _inplace_or_not(input, _threshold, inplace, threshold, value)


def threshold_(input: Tensor, threshold: float, value: float) -> Tensor:
    if input._array.dtype == np.bool_:
        raise NotImplementedError("\"threshold_cpu\" not implemented for 'Bool'")
    return _inplace_or_not(input, _threshold, True, threshold, value)


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """x where x > 0, else weight * x: one learned slope, or one per channel (dim 1)."""
    if weight.ndim > 1:
        raise RuntimeError(
            f"prelu: Expected `weight` to be a scalar or 1D tensor, but got: ndim = {weight.ndim}"
        )
    if input.dtype is not weight.dtype:
        raise RuntimeError(
            f"prelu: Type promoting not supported. Got {input.dtype._torch_name} and "
            f"{weight.dtype._torch_name}"
        )
    channels = input.shape[1] if input.ndim >= 2 else 1
    if weight.numel() != 1 and weight.numel() != channels:
        raise RuntimeError(
            "Mismatch of parameter numbers and input channel size. Found parameter numbers = "
            f"{weight.numel()} and channel size = {channels}."
        )
    return _act.Prelu.apply(input, weight)


def _rrelu(input: Tensor, lower: float, upper: float, training: bool) -> Tensor:
    if not lower <= upper:
        raise RuntimeError("Lower bound should be less than or equal to the upper bound")
    _require_float(input, "leaky_relu_cpu")
    if not training:
        return _act.RreluWithNoise.apply(input, None, slope=(lower + upper) / 2)
    # As torch's CPU kernel: one 53-bit uniform in [lower, upper) per element <= 0, in order.
    x = input._array
    noise = np.ones_like(x)
    negative = x <= 0
    u = _generator.default_generator._uniform(int(negative.sum()), np.float64)
    noise[negative] = u * (upper - lower) + lower
    return _act.RreluWithNoise.apply(input, _wrap(noise), slope=None)


def rrelu(
    input: Tensor,
    lower: float = 1.0 / 8,
    upper: float = 1.0 / 3,
    training: bool = False,
    inplace: bool = False,
) -> Tensor:
    """A leaky ReLU whose negative slope is drawn from U(lower, upper) for each element in
    training, and is (lower + upper) / 2 in evaluation."""
    return _inplace_or_not(input, _rrelu, inplace, lower, upper, training)


def rrelu_(input: Tensor, lower: float = 1.0 / 8, upper: float = 1.0 / 3, training=False):
    return rrelu(input, lower, upper, training, inplace=True)


def glu(input: Tensor, dim: int = -1) -> Tensor:
    """a * sigmoid(b), where a and b are the two halves of the input along dim."""
    if input.dim() == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    dim = _normalize_dim(dim, input.dim())
    if input.shape[dim] % 2:
        raise RuntimeError(
            f"Halving dimension must be even, but dimension {dim} is size {input.shape[dim]}"
        )
    _require_float(input, "glu_cpu")
    return _act.Glu.apply(input, dim=dim)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    """clamp(x + 3, 0, 6) / 6: a piecewise-linear sigmoid."""
    _require_float(input, "hardsigmoid_cpu")
    return _inplace_or_not(input, _act.Hardsigmoid.apply, inplace)


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    """x * hardsigmoid(x)."""
    _require_float(input, "hardswish_cpu")
    return _inplace_or_not(input, _act.Hardswish.apply, inplace)


def _celu(input: Tensor, alpha: float) -> Tensor:
    return _act.Celu.apply(input, alpha=alpha, scale=1.0, input_scale=1.0 / alpha)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """max(0, x) + min(0, alpha * (exp(x / alpha) - 1))."""
    if alpha == 0:
        raise RuntimeError("ZeroDivisionError: alpha cannot be 0 for CELU")
    _require_float(input, "elu_cpu")
    return _inplace_or_not(input, _celu, inplace, alpha)


def celu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    return celu(input, alpha, inplace=True)


def elu_(input: Tensor, alpha: float = 1.0) -> Tensor:
    return elu(input, alpha, inplace=True)


def selu_(input: Tensor) -> Tensor:
    return selu(input, inplace=True)


def leaky_relu_(input: Tensor, negative_slope: float = 0.01) -> Tensor:
    return leaky_relu(input, negative_slope, inplace=True)


def _softmax_dim(name: str, ndim: int, stacklevel: int) -> int:
    """torch's old rule when no dim is given (with its deprecation warning): 0 for 0-, 1- and
    3-dimensional inputs, 1 otherwise."""
    warnings.warn(
        f"Implicit dimension choice for {name} has been deprecated. Change the call to include "
        "dim=X as an argument.",
        stacklevel=stacklevel,
    )
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """exp(x) / sum(exp(x)) along dim."""
    if dim is None:
        dim = _softmax_dim("softmax", input.dim(), _stacklevel)
    _require_method(input, "softmax")
    return _softmax_ops.softmax(input, dim, dtype)


def log_softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """log(softmax(x)) along dim, computed stably."""
    if dim is None:
        dim = _softmax_dim("log_softmax", input.dim(), _stacklevel)
    _require_method(input, "log_softmax")
    return _softmax_ops.log_softmax(input, dim, dtype)


# --- dropout, normalization, embedding ----------------------------------------------------------


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False):
    """Zero each element with probability p and scale the rest by 1 / (1 - p), in training.

    As torch's CPU kernel: a mask drawn with `bernoulli_(1 - p)`, divided by (1 - p), then
    multiplied into the input (so the random stream matches torch's draw for draw).
    """
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    _require_tensor("dropout_" if inplace else "dropout", input)
    if p == 0 or not training or input.numel() == 0:
        return input
    if p == 1:
        noise = zeros((), dtype=input.dtype)
    else:
        # the mask in the input's memory layout (a transposed input: transposed), as torch's
        # empty_like makes it, so that the draws land where torch's land
        if input._device.type == "cpu":
            noise = _wrap(_generator._empty_like(input._array, input._array.dtype))
        else:
            noise = empty_like(input)
        noise.bernoulli_(1 - p)
        noise.div_(1 - p)
    return input.mul_(noise) if inplace else input * noise


def _check_batch_size(shape: tuple) -> None:
    count = shape[0]
    for s in shape[2:]:
        count *= s
    if count == 1:
        from .._size import Size

        raise ValueError(
            f"Expected more than 1 value per channel when training, got input size {Size(shape)}"
        )


def batch_norm(
    input: Tensor,
    running_mean: Tensor | None,
    running_var: Tensor | None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Normalize each channel (dim 1) of an (N, C, ...) input.

    In training, by the batch's mean and biased variance, and the running statistics (when
    given) move towards the batch's mean and unbiased variance by `momentum`. Otherwise by the
    running statistics.
    """
    x = input._array
    if training:
        _check_batch_size(x.shape)
        if eps <= 0.0:
            raise ValueError(f"batch_norm eps must be positive during training, but got {eps}")
    elif eps < 0.0:
        raise ValueError(f"batch_norm eps must be non-negative, but got {eps}")
    channels = x.shape[1] if x.ndim > 1 else 1
    for name, t in (
        ("running_mean", running_mean),
        ("running_var", running_var),
        ("weight", weight),
        ("bias", bias),
    ):
        if t is not None and t.numel() != channels:
            raise RuntimeError(f"{name} should contain {channels} elements not {t.numel()}")
        if t is None and name.startswith("running") and not training:
            raise RuntimeError(f"{name} must be defined in evaluation mode")
    if (running_mean is None) != (running_var is None):
        raise ValueError("running_mean and running_var must either both be None or neither be None")
    _require_float(input, "batch_norm")  # first here, unlike layer and group norm
    _check_norm_dtypes(input, weight, bias, running_mean, running_var)
    if training:
        axes = (0,) + tuple(range(2, x.ndim))
        n = x.size // channels
        # Statistics accumulate in float64, as torch's CPU kernel does.
        mean = x.mean(axis=axes, dtype=np.float64)
        shape = _layers._channel_shape(x.ndim, channels)
        var_sum = np.square(x - mean.reshape(shape), dtype=np.float64).sum(axis=axes)
        invstd = 1.0 / np.sqrt(var_sum / n + eps)
        if running_mean is not None:
            _update_running(running_mean, mean, momentum)
        if running_var is not None:
            _update_running(running_var, var_sum / (n - 1), momentum)
    else:
        mean = running_mean._array.astype(np.float64)
        invstd = 1.0 / np.sqrt(running_var._array.astype(np.float64) + eps)
    return _layers.BatchNorm.apply(
        input, weight, bias, mean=mean, invstd=invstd, batch_stats=training
    )


def _update_running(stat: Tensor, batch_value: np.ndarray, momentum: float) -> None:
    """stat = momentum * batch_value + (1 - momentum) * stat, in place (outside the graph)."""
    updated = momentum * batch_value + (1 - momentum) * stat._array
    np.copyto(stat._array, updated, casting="unsafe")
    views.mark_changed(stat)


_NORMALIZED_SHAPE = SizeArgument("layer_norm", "normalized_shape", 2, sequence_only=True)


def layer_norm(
    input: Tensor,
    normalized_shape,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Normalize each sample over its last len(normalized_shape) dims to mean 0 and variance 1
    (biased, plus eps), then scale by weight and shift by bias (each of normalized_shape)."""
    _require_tensor("layer_norm", input)
    shape = list(_NORMALIZED_SHAPE((normalized_shape,)))
    if not shape:
        raise RuntimeError(
            "Expected normalized_shape to be at least 1-dimensional, i.e., containing at least "
            "one element, but got normalized_shape = []"
        )
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and list(t._array.shape) != shape:
            raise RuntimeError(
                f"Expected {name} to be of same shape as normalized_shape, but got {name} of "
                f"shape {list(t._array.shape)} and normalized_shape = {shape}"
            )
    x = input._array
    if list(x.shape[x.ndim - len(shape) :]) != shape or x.ndim < len(shape):
        raise RuntimeError(
            f"Given normalized_shape={shape}, expected input with shape "
            f"[*, {', '.join(map(str, shape))}], but got input of size{list(x.shape)}"
        )
    _check_norm_dtypes(input, weight, bias)
    _require_float(input, "LayerNormKernelImpl")
    return _normalization.LayerNorm.apply(input, weight, bias, dims=len(shape), eps=eps)


def group_norm(
    input: Tensor,
    num_groups: int,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Split the channels (dim 1) of each sample into num_groups groups and normalize each
    group by its own mean and variance; then weight and bias per channel."""
    if input.dim() < 2:
        raise RuntimeError(
            f"Expected at least 2 dimensions for input tensor but received {input.dim()}"
        )
    shape = tuple(input.shape)
    rest = math.prod(shape[2:])
    if shape[0] * shape[1] // num_groups * rest == 1:
        from .._size import Size

        size = Size([shape[0] * shape[1] // num_groups, num_groups, *shape[2:]])
        raise ValueError(
            f"Expected more than 1 value per channel when training, got input size {size}"
        )
    channels = shape[1]
    if channels % num_groups:
        raise RuntimeError(
            "Expected number of channels in input to be divisible by num_groups, but got input "
            f"of shape {list(shape)} and num_groups={num_groups}"
        )
    for name, t in (("weight", weight), ("bias", bias)):
        if t is not None and (t.dim() != 1 or t.numel() != channels):
            raise RuntimeError(
                f"Expected {name} to be a vector of size equal to the number of channels in "
                f"input, but got {name} of shape {list(t.shape)} and input of shape {list(shape)}"
            )
    _check_norm_dtypes(input, weight, bias)
    _require_float(input, "GroupNormKernelImpl")
    return _groupnorm.GroupNorm.apply(input, weight, bias, groups=num_groups, eps=eps)


def instance_norm(
    input: Tensor,
    running_mean: Tensor | None = None,
    running_var: Tensor | None = None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    use_input_stats: bool = True,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Normalize each channel of each sample by its own statistics (over the spatial dims):
    as torch, batch_norm on the input viewed as one sample of N * C channels. The running
    statistics, when given, move by the mean over the samples."""
    if use_input_stats:
        shape = input.shape
        if math.prod(shape[2:]) == 1:
            raise ValueError(
                f"Expected more than 1 spatial element when training, got input size {shape}"
            )
    elif running_mean is None or running_var is None:
        raise RuntimeError(
            "Expected running_mean and running_var to be defined when use_input_stats is false"
        )
    b, c = input.shape[:2]

    def repeated(t: Tensor | None) -> Tensor | None:
        return None if t is None else t.unsqueeze(0).expand(b, c).reshape(b * c)

    stats = [_tiled(t, b) for t in (running_mean, running_var)]
    flat = input.reshape(1, b * c, *input.shape[2:])
    out = batch_norm(
        flat, *stats, repeated(weight), repeated(bias), use_input_stats, momentum, eps
    )
    for stat, tiled in zip((running_mean, running_var), stats, strict=True):
        if stat is not None:
            np.copyto(stat._array, tiled._array.reshape(b, c).mean(axis=0), casting="unsafe")
            views.mark_changed(stat)
    return out.view(input.shape)


def _tiled(stat: Tensor | None, times: int) -> Tensor | None:
    """A running statistic repeated for each sample (a copy the batch norm updates)."""
    return None if stat is None else _wrap(np.tile(stat._array, times))


def _check_indices(input: Tensor, fn: str, position: int = 1) -> None:
    if input._array.dtype not in (np.int64, np.int32):
        raise RuntimeError(
            f"Expected tensor for argument #{position} 'indices' to have one of the following "
            f"scalar types: Long, Int; but got {input.type()} instead (while checking arguments "
            f"for {fn})"
        )


def embedding(
    input: Tensor,
    weight: Tensor,
    padding_idx: int | None = None,
    max_norm: float | None = None,
    norm_type: float = 2.0,
    scale_grad_by_freq: bool = False,
    sparse: bool = False,
) -> Tensor:
    """The rows of `weight` at the integer positions `input`: shape input.shape + (dim,).
    With sparse=True the weight's gradient holds only the looked-up rows (for SparseAdam)."""
    if not (isinstance(input, Tensor) and isinstance(weight, Tensor)):
        _parse_arguments("embedding", weight=weight, indices=input)
    if padding_idx is not None:
        if padding_idx > 0 and padding_idx >= weight.size(0):
            raise AssertionError("Padding_idx must be within num_embeddings")
        if padding_idx < 0:
            if padding_idx < -weight.size(0):
                raise AssertionError("Padding_idx must be within num_embeddings")
            padding_idx = weight.size(0) + padding_idx
    if max_norm is not None:  # torch renormalises first, with its own checks
        if weight.dim() != 2:
            raise RuntimeError(
                f"Expected 2-dimensional tensor, but got {weight.dim()}-dimensional tensor for "
                "argument #1 'self' (while checking arguments for embedding_renorm_)"
            )
        _check_indices(input, "embedding_renorm_", 2)
    if weight.dim() != 2:
        raise RuntimeError("'weight' must be 2-D")
    _check_indices(input, "embedding")
    idx = input._array
    if idx.size and weight.shape[0] == 0:  # torch's index_select refuses an empty table first
        raise RuntimeError("index_select(): self indexing axis dim should be positive")
    if idx.size and (idx.min() < 0 or idx.max() >= weight.shape[0]):
        raise IndexError("index out of range in self")
    if max_norm is not None:
        _renorm_rows(weight, idx, max_norm, norm_type)
    return _layers.Embedding.apply(
        weight, idx, padding_idx=padding_idx, scale_grad_by_freq=scale_grad_by_freq, sparse=sparse
    )


def _renorm_rows(weight: Tensor, idx: np.ndarray, max_norm: float, norm_type: float) -> None:
    """Scale the looked-up rows whose norm exceeds max_norm down to it, in place (no grad)."""
    w = weight._array
    rows = np.unique(idx)
    norms = np.linalg.norm(w[rows], ord=norm_type, axis=1)
    over = norms > max_norm
    if over.any():
        scale = (max_norm / (norms[over] + 1e-7)).astype(w.dtype)
        w[rows[over]] *= scale[:, None]
        views.mark_changed(weight)


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """int64 tensor of shape tensor.shape + (num_classes,), 1 at each class index."""
    if tensor._array.dtype != np.int64:
        raise RuntimeError("one_hot is only applicable to index tensor of type LongTensor.")
    a = tensor._array
    if num_classes == -1:
        if a.size == 0:
            raise RuntimeError("Can not infer total number of classes from empty tensor.")
        num_classes = int(a.max()) + 1
    if a.size and a.min() < 0:
        raise RuntimeError("Class values must be non-negative.")
    if a.size and a.max() >= num_classes:
        raise RuntimeError("Class values must be smaller than num_classes.")
    out = np.zeros(a.shape + (num_classes,), dtype=np.int64)
    np.put_along_axis(out, a[..., None], 1, axis=-1)
    return _wrap(out)


# --- losses -------------------------------------------------------------------------------------


def _legacy_reduction(size_average, reduce) -> str:
    """The reduction the deprecated pair size_average, reduce stand for (with torch's warning);
    the loss functions and the loss layers both read it so."""
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    reduction = ("mean" if size_average else "sum") if reduce else "none"
    _warnings.warn(
        f"size_average and reduce args will be deprecated, please use reduction='{reduction}' "
        "instead."
    )
    return reduction


def _reduction(size_average, reduce, reduction: str) -> str:
    """The reduction to use, from the modern argument or the deprecated pair."""
    if size_average is not None or reduce is not None:
        reduction = _legacy_reduction(size_average, reduce)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    return reduction


def _warn_target_size(input: Tensor, target: Tensor) -> None:
    both = isinstance(input, Tensor) and isinstance(target, Tensor)  # else torch's error below
    if target._array.shape != input._array.shape if both else target.size() != input.size():
        warnings.warn(
            f"Using a target size ({target.size()}) that is different to the input size "
            f"({input.size()}). This will likely lead to incorrect results due to "
            "broadcasting. Please ensure they have the same size.",
            stacklevel=3,
        )


def _weighted(errors: Tensor, weight: Tensor, input: Tensor, reduction: str, mean) -> Tensor:
    """A pointwise loss times per-element weights, reduced ('mean' by `mean(weighted,
    weight)`: torch divides by the weight sum for mse and l1, by the count for huber)."""
    if weight.shape != input.shape:
        raise ValueError("Weights and input must have the same size.")
    weighted = errors * weight
    if reduction == "none":
        return weighted
    if reduction == "sum":
        return weighted.sum()
    return mean(weighted, weight)


def _by_weight_sum(weighted: Tensor, weight: Tensor) -> Tensor:
    return weighted.sum() / weight.sum()


def mse_loss(
    input: Tensor,
    target: Tensor,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
    weight: Tensor | None = None,
) -> Tensor:
    """Mean (or sum, or each) of the squared errors (input - target)^2."""
    _warn_target_size(input, target)
    reduction = _reduction(size_average, reduce, reduction)
    a, b = common(input, target)
    _require_float(a, "mse_cpu")
    if weight is not None:
        return _weighted((a - b) ** 2, weight, input, reduction, _by_weight_sum)
    return _loss.MseLoss.apply(a, b, reduction=reduction)


def l1_loss(
    input: Tensor,
    target: Tensor,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
    weight: Tensor | None = None,
) -> Tensor:
    """Mean (or sum, or each) of the absolute errors |input - target|."""
    _warn_target_size(input, target)
    reduction = _reduction(size_average, reduce, reduction)
    broadcast_shape(input._array.shape, target._array.shape)
    errors = (input - target).abs()
    if weight is not None:
        return _weighted(errors, weight, input, reduction, _by_weight_sum)
    return _apply_reduction(errors, reduction)


def _apply_reduction(loss: Tensor, reduction: str) -> Tensor:
    """torch's apply_loss_reduction: the mean, the sum or every element."""
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def huber_loss(
    input: Tensor,
    target: Tensor,
    reduction: str = "mean",
    delta: float = 1.0,
    weight: Tensor | None = None,
) -> Tensor:
    """Squared error / 2 where |error| < delta, delta * (|error| - delta / 2) beyond."""
    _warn_target_size(input, target)
    reduction = _reduction(None, None, reduction)
    a, _ = common(input, target)
    if not delta > 0:
        raise RuntimeError("huber_loss does not support non-positive values for delta.")
    target = _in_dtype_of(input, target)
    _require_float(a, "huber_cpu")
    if weight is not None:
        unweighted = _loss.HuberLoss.apply(input, target, reduction="none", delta=delta)
        return _weighted(unweighted, weight, input, reduction, lambda w, _: w.mean())
    return _loss.HuberLoss.apply(input, target, reduction=reduction, delta=delta)


def _in_dtype_of(input: Tensor, target: Tensor) -> Tensor:
    """target in input's dtype, for the losses torch writes into a tensor of the input's dtype:
    a result type of a higher kind (float for an integer input, any for a bool) cannot be
    cast back to it."""
    if target._array.dtype == input._array.dtype:
        return target
    result, kind = _dtype.result_type(input, target), input._array.dtype.kind
    if (result.is_floating_point and kind != "f") or (kind == "b" and result.np.kind != "b"):
        raise RuntimeError(
            f"result type {result._torch_name} can't be cast to the desired output type "
            f"{input.dtype._torch_name}"
        )
    return target.to(input.dtype)


def smooth_l1_loss(
    input: Tensor,
    target: Tensor,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
    beta: float = 1.0,
) -> Tensor:
    """Squared error / (2 beta) where |error| < beta, |error| - beta / 2 beyond."""
    _warn_target_size(input, target)
    reduction = _reduction(size_average, reduce, reduction)
    if beta == 0.0:
        return l1_loss(input, target, reduction=reduction)
    a, b = common(input, target)
    _require_float(a, "smooth_l1_cpu")
    if not beta >= 0:
        raise RuntimeError("smooth_l1_loss does not support negative values for beta.")
    return _loss.SmoothL1Loss.apply(a, b, reduction=reduction, beta=beta)


def _broadcast_weight(weight: Tensor, target_shape: tuple) -> np.ndarray:
    """weight's values expanded to the target's shape, with torch.broadcast_shapes' error."""
    shape = tuple(weight.size())  # first, as torch: a weight that is no tensor fails here
    for i in range(1, len(shape) + 1):
        n = shape[-i]
        m = target_shape[-i] if i <= len(target_shape) else 1
        if n != 1 and m != 1 and n != m:
            raise RuntimeError(
                f"Attempting to broadcast a dimension of length {n} at -{i}! Mismatching "
                f"argument at index 1 had torch.Size({list(shape)}); but expected shape "
                f"should be broadcastable to {list(target_shape)}"
            )
    return np.broadcast_to(weight._array, broadcast_shape(target_shape, shape))


def _check_weighted_shape(input: Tensor, shape: tuple) -> None:
    """torch weighs the loss in place, in the input's shape: a weight may not enlarge it."""
    if tuple(shape) != input._array.shape:
        raise RuntimeError(
            f"output with shape {list(input._array.shape)} doesn't match the broadcast shape "
            f"{list(shape)}"
        )


def binary_cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
) -> Tensor:
    """-w (t log(x) + (1 - t) log(1 - x)) for probabilities x; each log is clamped at -100,
    as in torch, so the loss stays finite at x = 0 and x = 1."""
    reduction = _reduction(size_average, reduce, reduction)
    if target.size() != input.size():
        raise ValueError(
            f"Using a target size ({target.size()}) that is different to the input size "
            f"({input.size()}) is deprecated. Please ensure they have the same size."
        )
    w = None
    if weight is not None:
        w = _broadcast_weight(weight, tuple(target.shape)).astype(input._array.dtype)
    _not_differentiable(weight, "binary_cross_entropy", "weight")
    if target.dtype is not input.dtype:
        raise RuntimeError(
            f"Found dtype {target.dtype._torch_name} but expected {input.dtype._torch_name}"
        )
    _require_float(input, "binary_cross_entropy")
    x, t = input._array, target._array
    if not ((x >= 0) & (x <= 1)).all():
        raise RuntimeError("all elements of input should be between 0 and 1")
    if not ((t >= 0) & (t <= 1)).all():
        raise RuntimeError("all elements of target should be between 0 and 1")
    if w is not None:
        _check_weighted_shape(input, w.shape)
    return _loss.BinaryCrossEntropy.apply(input, target, weight=w, reduction=reduction)


def binary_cross_entropy_with_logits(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
    pos_weight: Tensor | None = None,
) -> Tensor:
    """binary_cross_entropy(sigmoid(input), target), computed from the logits without
    overflow; pos_weight (one per class, the last dim) weighs the positive term."""
    reduction = _reduction(size_average, reduce, reduction)
    if target.size() != input.size():
        raise ValueError(
            f"Target size ({target.size()}) must be the same as input size ({input.size()})"
        )
    _parse_arguments(
        "binary_cross_entropy_with_logits",
        input=input,
        target=target,
        weight=weight,
        pos_weight=pos_weight,
    )
    _require_float(input, "log_sigmoid_cpu")
    _check_logits_target(input, target)
    x, t = common(input, target)
    w = pw = None
    _not_differentiable(weight, "binary_cross_entropy_with_logits", "weight")
    _not_differentiable(pos_weight, "binary_cross_entropy_with_logits", "pos_weight")
    if pos_weight is not None:
        _check_weighted_shape(input, broadcast_shape(pos_weight._array.shape, target._array.shape))
        pw = pos_weight._array.astype(x._array.dtype, copy=False)
    if weight is not None:
        _check_weighted_shape(input, broadcast_shape(input._array.shape, weight._array.shape))
        w = weight._array.astype(x._array.dtype, copy=False)
    out = _loss.BinaryCrossEntropyWithLogits.apply(
        x, t, weight=w, pos_weight=pw, reduction=reduction
    )
    return out if out.dtype is target.dtype else out.to(target.dtype)


def _check_logits_target(input: Tensor, target: Tensor) -> None:
    """torch computes (1 - target) * input in target's dtype: an integer or bool target
    cannot hold the loss."""
    kind = target._array.dtype.kind
    if kind == "b":
        raise RuntimeError(
            "Subtraction, the `-` operator, with two bool tensors is not supported. Use the `^` "
            "or `logical_xor()` operator instead."
        )
    if kind != "f":
        raise RuntimeError(
            f"result type {input.dtype._torch_name} can't be cast to the desired output type "
            f"{target.dtype._torch_name}"
        )


_ARGUMENT_TYPES = {  # what torch's argument parser takes for each argument of a C++ loss
    "input": ((Tensor,), "Tensor"),
    "target": ((Tensor,), "Tensor"),
    "weight": ((Tensor, type(None)), "Tensor"),
    "pos_weight": ((Tensor, type(None)), "Tensor"),
    "bias": ((Tensor, type(None)), "Tensor"),
    "indices": ((Tensor,), "Tensor"),
    "reduction": ((str,), "int"),  # checked before by _reduction; here for the positions
    "ignore_index": ((numbers.Integral, Tensor), "int"),
    "label_smoothing": ((numbers.Real, Tensor), "float"),
}
# The exact types almost every call passes, checked first (a set lookup, to stay cheap).
_USUAL_TYPES = {
    "input": {Tensor},
    "target": {Tensor},
    "weight": {Tensor, type(None)},
    "pos_weight": {Tensor, type(None)},
    "bias": {Tensor, type(None)},
    "indices": {Tensor},
    "reduction": {str},
    "ignore_index": {int},
    "label_smoothing": {float, int},
}


def _parse_arguments(function: str, **arguments) -> None:
    """torch's argument parsing of a C++ loss: TypeError naming the first argument, in
    signature order, that is not of its type (a bool is not an int)."""
    for name, value in arguments.items():
        if type(value) not in _USUAL_TYPES[name]:
            _check_argument(function, arguments, name)


def _check_argument(function: str, arguments: dict, name: str) -> None:
    value = arguments[name]
    types, wanted = _ARGUMENT_TYPES[name]
    if isinstance(value, types) and not (wanted == "int" and isinstance(value, bool)):
        return
    position = list(arguments).index(name) + 1
    raise TypeError(
        f"{function}(): argument '{name}' (position {position}) must be {wanted}, not "
        f"{type_name(value)}"
    )


def _check_nll(input: Tensor, target: Tensor, weight: Tensor | None) -> None:
    """torch's argument checks of nll_loss, in its order: nll_loss_nd's, then those of the
    kernel it calls (one for 1-d and 2-d inputs, one for spatial inputs), then the dtypes."""
    x, t = input._array, target._array
    if x.ndim < 1:
        raise ValueError(f"Expected 1 or more dimensions (got {x.ndim})")
    if x.ndim != 1 and (t.ndim == 0 or x.shape[0] != t.shape[0]):
        batch = t.shape[0] if t.ndim else 0
        raise ValueError(
            f"Expected input batch_size ({x.shape[0]}) to match target batch_size ({batch})."
        )
    if x.ndim > 2 and x.ndim != 4 and t.shape[1:] != x.shape[2:]:
        expected = [x.shape[0], *x.shape[2:]]
        raise RuntimeError(f"Expected target size {expected}, got {list(t.shape)}")
    if x.ndim <= 2:
        _check_nll_classes(x, t, target, weight)
        kernel = "nll_loss_out_frame"
    else:
        _check_nll_spatial(x, t, target, weight)
        kernel = "nll_loss2d_forward_out_frame"
    _require_float(input, kernel)
    if weight is not None and weight.dtype is not input.dtype:
        raise RuntimeError(
            f"expected scalar type {input.dtype._torch_name} but found {weight.dtype._torch_name}"
        )
    if x.ndim > 2 and t.dtype != np.int64:  # the spatial kernel reads Long targets only
        raise RuntimeError(f"expected scalar type Long but found {target.dtype._torch_name}")


def _check_target_dtype(t: np.ndarray, target: Tensor) -> None:
    if t.dtype not in (np.int64, np.uint8):
        raise RuntimeError(
            f"expected target dtype to be Long or Byte, but got {target.dtype._torch_name}"
        )


def _check_nll_classes(x: np.ndarray, t: np.ndarray, target: Tensor, weight) -> None:
    """The checks of nll_loss for inputs (C,) and (N, C)."""
    if t.ndim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    _check_target_dtype(t, target)
    if x.ndim == 1 and t.ndim == 1 and t.shape[0] != 1:
        raise ValueError(
            f"For 1D input, 1D target must have size 1, but got target size: {t.shape[0]}"
        )
    classes = x.shape[-1]
    if weight is not None and (weight.ndim != 1 or weight.numel() != classes):
        raise RuntimeError(
            f"weight tensor should be defined either for all {classes} classes or no "
            f"classes but got weight tensor of shape: {list(weight.shape)}"
        )


def _check_nll_spatial(x: np.ndarray, t: np.ndarray, target: Tensor, weight) -> None:
    """The checks of nll_loss for inputs (N, C, d1, ...) (torch's nll_loss2d)."""
    if x.ndim == 4 and t.ndim != 3:
        raise RuntimeError(
            "only batches of spatial targets supported (3D tensors) but got targets of "
            f"dimension: {t.ndim}"
        )
    _check_target_dtype(t, target)
    if weight is not None and weight.numel() != x.shape[1]:
        raise RuntimeError("weight tensor should be defined either for all or no classes")
    if t.shape[1:] != x.shape[2:]:
        raise RuntimeError(f"size mismatch (got input: {list(x.shape)} , target: {list(t.shape)}")


def _check_targets(target: np.ndarray, classes: int, ignore_index: int) -> None:
    counted = target[target != ignore_index]
    bad = counted[(counted < 0) | (counted >= classes)]
    if bad.size:
        raise IndexError(f"Target {bad.flat[0]} is out of bounds.")


def nll_loss(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average=None,
    ignore_index: int = -100,
    reduce=None,
    reduction: str = "mean",
) -> Tensor:
    """-input[i, target[i]] (times weight[target[i]]) for log-probabilities `input`; 'mean'
    divides by the total weight of the targets that are not `ignore_index`."""
    reduction = _reduction(size_average, reduce, reduction)
    _parse_arguments(
        "nll_loss_nd",
        input=input,
        target=target,
        weight=weight,
        reduction=reduction,
        ignore_index=ignore_index,
    )
    return _nll_loss(input, target, weight, ignore_index, reduction)


def _nll_loss(input: Tensor, target: Tensor, weight, ignore_index: int, reduction: str) -> Tensor:
    """nll_loss after its arguments' types are checked (cross_entropy checked them too)."""
    _check_nll(input, target, weight)
    x = input._array
    classes = x.shape[1] if x.ndim > 1 else x.shape[0]
    t = target._array.astype(np.int64, copy=False)
    if x.ndim == 1:
        t = t.reshape(())  # torch takes a 1-element target as the one class index
    _check_targets(t, classes, ignore_index)
    _not_differentiable(weight, "nll_loss_forward", "weight")
    if _device.in_use:
        named = ((input, "self"), (target, "target"), (weight, "weight"))
        _device.checked_arguments_device("wrapper_CUDA_nll_loss_forward", named)
    w = None if weight is None else weight._array.reshape(-1)  # spatial: any shape of C
    return _loss.NllLoss.apply(input, t, weight=w, ignore_index=ignore_index, reduction=reduction)


def cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average=None,
    ignore_index: int = -100,
    reduce=None,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """nll_loss(log_softmax(input, class dim), target) for class-index targets; for targets of
    class probabilities (the input's shape), -sum(target * log_softmax(input)).

    `label_smoothing` mixes the target with the uniform distribution over the classes.
    """
    reduction = _reduction(size_average, reduce, reduction)
    _parse_arguments(
        "cross_entropy_loss",
        input=input,
        target=target,
        weight=weight,
        reduction=reduction,
        ignore_index=ignore_index,
        label_smoothing=label_smoothing,
    )
    class_dim = 0 if input.ndim == 1 else 1
    if input.shape == target.shape:
        return _cross_entropy_probs(
            input, target, weight, ignore_index, reduction, label_smoothing, class_dim
        )
    if label_smoothing > 1.0:  # torch lets any other value (0, negative, nan) mean "none"
        raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {label_smoothing}")
    logp = _softmax_ops.log_softmax(input, class_dim)
    nll = _nll_loss(logp, target, weight, ignore_index, reduction)
    if not label_smoothing > 0.0:
        return nll
    classes = input.shape[class_dim]
    if weight is not None:
        shape = [1] * input.ndim
        shape[class_dim] = classes
        smooth = -(logp * weight.view(shape)).sum(class_dim)
    else:
        smooth = -logp.sum(class_dim)
    ignored = target == ignore_index
    smooth = smooth.masked_fill(ignored, 0.0)
    if reduction == "mean":
        kept = target._array[~ignored._array]
        if weight is not None:
            total = _wrap(np.asarray(weight._array[kept].sum()))
        else:
            total = _wrap(np.asarray(kept.size, dtype=np.int64))
        smooth = smooth.sum() / total
    elif reduction == "sum":
        smooth = smooth.sum()
    return (1 - label_smoothing) * nll + smooth * (label_smoothing / classes)


def _cross_entropy_probs(input, target, weight, ignore_index, reduction, smoothing, class_dim):
    if target._array.dtype.kind != "f":
        raise RuntimeError(
            "Expected floating point type for target with class probabilities, got "
            f"{target.dtype._torch_name}"
        )
    if ignore_index >= 0:
        raise RuntimeError("ignore_index is not supported for floating point target")
    classes = input.shape[class_dim]
    if weight is not None and (weight.ndim != 1 or weight.numel() != classes):
        raise RuntimeError(
            f"cross_entropy: weight tensor should be defined either for all {classes} classes "
            f"or no classes but got weight tensor of shape: {list(weight.shape)}"
        )
    logp = _softmax_ops.log_softmax(input, class_dim)
    if smoothing > 0.0:
        if smoothing > 1.0:
            raise RuntimeError(f"label_smoothing must be between 0.0 and 1.0. Got: {smoothing}")
        target = target * (1 - smoothing) + smoothing / classes
    terms = logp * target
    if weight is not None:
        if input.ndim > 1:
            shape = [1] * input.ndim
            shape[class_dim] = classes
            weight = weight.view(shape)
        terms = terms * weight
    if reduction == "none":
        return -terms.sum(class_dim)
    if reduction == "sum":
        return -terms.sum()
    if input.numel() == 0:
        return -(terms.sum() * float("nan"))
    return _arithmetic.ScalarDiv.apply(-terms.sum(), input.numel() / classes)


# --- margin, ranking, embedding and likelihood losses ----------------------------------------


def kl_div(
    input: Tensor,
    target: Tensor,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
    log_target: bool = False,
) -> Tensor:
    """target * (log(target) - input) for log-probabilities `input` (and target as
    log-probabilities too with log_target); 'batchmean' divides the sum by the batch size."""
    if size_average is not None or reduce is not None:
        reduction = _reduction(size_average, reduce, reduction)
    elif reduction == "mean":
        _warnings.warn(
            "reduction: 'mean' divides the total loss by both the batch size and the support "
            "size.'batchmean' divides only by the batch size, and aligns with the KL div math "
            "definition.'mean' will be changed to behave the same as 'batchmean' in the next "
            "major release."
        )
    batchmean = reduction == "batchmean"
    reduction = _reduction(None, None, "sum" if batchmean else reduction)
    _parse_arguments("kl_div", input=input, target=target)
    if input._array.dtype.kind in "biu" or target._array.dtype.kind in "biu":
        raise RuntimeError("kl_div: Integral inputs not supported.")
    if log_target:
        pointwise = target.exp() * (target - input)
    else:
        pointwise = _loss.Xlogy.apply(*common(target, target)) - target * input
    reduced = _apply_reduction(pointwise, reduction)
    if batchmean and input.dim() != 0:
        return reduced / input.shape[0]
    return reduced


def margin_ranking_loss(
    input1: Tensor,
    input2: Tensor,
    target: Tensor,
    margin: float = 0,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
) -> Tensor:
    """max(0, -target * (input1 - input2) + margin): target 1 wants input1 ranked higher."""
    reduction = _reduction(size_average, reduce, reduction)
    if input1.dim() != input2.dim() or input1.dim() != target.dim():
        raise RuntimeError(
            "margin_ranking_loss : All input tensors should have same dimension but got sizes: "
            f"input1: {input1.size()}, input2: {input2.size()}, target: {target.size()} "
        )
    return _apply_reduction((-target * (input1 - input2) + margin).clamp_min(0), reduction)


def hinge_embedding_loss(
    input: Tensor,
    target: Tensor,
    margin: float = 1.0,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
) -> Tensor:
    """input where target is 1, max(0, margin - input) where target is -1."""
    reduction = _reduction(size_average, reduce, reduction)
    zeros = _zeros_like(input)
    margin_clamp = (margin - input).clamp_min(0)
    output_margin = _elementwise.where(target != 1, margin_clamp, zeros)
    output_self = _elementwise.where(target != -1, input, zeros)
    return _apply_reduction(output_margin + output_self, reduction)


def _zeros_like(t: Tensor) -> Tensor:
    return _wrap(np.zeros_like(t._array))


def soft_margin_loss(
    input: Tensor, target: Tensor, size_average=None, reduce=None, reduction: str = "mean"
) -> Tensor:
    """log(1 + exp(-target * input)): a smooth two-class margin loss for targets +-1."""
    reduction = _reduction(size_average, reduce, reduction)
    _parse_arguments("soft_margin_loss", input=input, target=target)
    _not_differentiable(target, "soft_margin_loss", "target")
    # torch's steps: -input, times target in place, then exp in place
    if input._array.dtype.kind == "b":
        raise RuntimeError(
            "Negation, the `-` operator, on a bool tensor is not supported. If you are trying "
            "to invert a mask, use the `~` or `logical_not()` operator instead."
        )
    shape = broadcast_shape(input._array.shape, target._array.shape)
    if shape != input._array.shape:
        raise RuntimeError(
            f"output with shape {list(input.shape)} doesn't match the broadcast shape {list(shape)}"
        )
    target = _in_dtype_of(input, target)
    if input._array.dtype.kind != "f":
        raise RuntimeError(
            f"result type Float can't be cast to the desired output type {input.dtype._torch_name}"
        )
    return _loss.SoftMarginLoss.apply(input, target, reduction=reduction)


def poisson_nll_loss(
    input: Tensor,
    target: Tensor,
    log_input: bool = True,
    full: bool = False,
    size_average=None,
    eps: float = 1e-8,
    reduce=None,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood of a Poisson target: exp(input) - target * input for log-rates
    (input - target * log(input + eps) for rates), plus Stirling's term with full=True."""
    reduction = _reduction(size_average, reduce, reduction)
    if log_input:
        loss = input.exp() - target * input
    else:
        loss = input - target * (input + eps).log()
    if full:
        stirling = target * target.log() - target + 0.5 * (2 * math.pi * target).log()
        loss = loss + stirling.masked_fill(target <= 1, 0)
    return _apply_reduction(loss, reduction)


def gaussian_nll_loss(
    input: Tensor,
    target: Tensor,
    var,
    full: bool = False,
    eps: float = 1e-6,
    reduction: str = "mean",
) -> Tensor:
    """0.5 * (log(var) + (input - target)^2 / var), var clamped below at eps (the clamp does
    not stop the gradient); var may lack the last dim or have 1 in one dim."""
    if isinstance(var, float):
        if var < 0:
            raise ValueError("var has negative entry/entries")
        var = var * _wrap(np.ones_like(input._array))
    elif bool((var._array < 0).any()):
        raise ValueError("var has negative entry/entries")
    if var.size() != input.size():
        if input.size()[:-1] == var.size():
            var = var.unsqueeze(-1)
        elif not (
            input.ndim == var.ndim
            and sum(b for a, b in zip(input.size(), var.size(), strict=True) if a != b) == 1
        ):
            raise ValueError("var is of incorrect size")
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    var = var.clone()
    with grad_mode.no_grad():
        var.clamp_(min=eps)
    loss = 0.5 * (var.log() + (input - target) ** 2 / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _apply_reduction(loss, reduction)


def multilabel_soft_margin_loss(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
) -> Tensor:
    """Binary cross-entropy on logits for each class, averaged over the classes (last dim)."""
    if size_average is not None or reduce is not None:
        reduction = _reduction(size_average, reduce, reduction)
    loss = -(target * logsigmoid(input) + (1 - target) * logsigmoid(-input))
    if weight is not None:
        loss = loss * weight
    class_dim = input.dim() - 1
    loss = loss.sum(dim=class_dim) / input.size(class_dim)
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(reduction + " is not valid")
    return _apply_reduction(loss, reduction)


def cosine_embedding_loss(
    input1: Tensor,
    input2: Tensor,
    target: Tensor,
    margin: float = 0,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
) -> Tensor:
    """1 - cos(input1, input2) where target is 1, max(0, cos - margin) where it is -1."""
    reduction = _reduction(size_average, reduce, reduction)
    dim = target.dim()
    if dim > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if input1.dim() != dim + 1 or input2.dim() != dim + 1:
        expected = "1D target tensor expects 2D" if dim else "0D target tensor expects 1D"
        raise RuntimeError(
            f"{expected} input tensors, but found inputs with sizes {list(input1.shape)} and "
            f"{list(input2.shape)}."
        )
    epsilon = 1e-12  # torch's, keeping the magnitudes away from 0
    prod_sum = (input1 * input2).sum(dim)
    mag_square1 = (input1 * input1).sum(dim) + epsilon
    mag_square2 = (input2 * input2).sum(dim) + epsilon
    cos = prod_sum / (mag_square1 * mag_square2).sqrt()
    zeros = _zeros_like(cos)
    output_pos = _elementwise.where(target == 1, 1 - cos, zeros)
    output_neg = _elementwise.where(target == -1, (cos - margin).clamp_min(0), zeros)
    return _apply_reduction(output_pos + output_neg, reduction)


def triplet_margin_loss(
    anchor: Tensor,
    positive: Tensor,
    negative: Tensor,
    margin: float = 1.0,
    p: float = 2,
    eps: float = 1e-6,
    swap: bool = False,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
) -> Tensor:
    """max(0, margin + d(anchor, positive) - d(anchor, negative)), d the p-norm distance over
    the last dim; with swap, d(positive, negative) stands for the second if smaller."""
    reduction = _reduction(size_average, reduce, reduction)
    if margin <= 0:
        raise ValueError(f"margin must be greater than 0, got {margin}")
    dims = anchor.dim(), positive.dim(), negative.dim()
    if len(set(dims)) != 1:
        raise RuntimeError(
            "The anchor, positive, and negative tensors are expected to have the same number of "
            f"dimensions, but got: anchor {dims[0]}D, positive {dims[1]}D, and negative "
            f"{dims[2]}D inputs"
        )
    dist_pos = pairwise_distance(anchor, positive, p, eps)
    dist_neg = pairwise_distance(anchor, negative, p, eps)
    if swap:
        dist_neg = _elementwise.minimum(dist_neg, pairwise_distance(positive, negative, p, eps))
    return _apply_reduction((margin + dist_pos - dist_neg).clamp_min(0), reduction)


def _check_margin_input(input: Tensor) -> None:
    if input.ndim > 2 or (input.ndim and input.shape[-1] == 0) or input.ndim == 0:
        raise RuntimeError(
            "Expected non-empty vector or matrix with optional 0-dim batch size, but got: "
            f"{list(input.shape)}"
        )


def multi_margin_loss(
    input: Tensor,
    target: Tensor,
    p: int = 1,
    margin: float = 1.0,
    weight: Tensor | None = None,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
) -> Tensor:
    """Multi-class hinge loss: sum over the wrong classes d of max(0, margin - x[y] + x[d])^p
    (times weight[y]), divided by the number of classes."""
    reduction = _reduction(size_average, reduce, reduction)
    if p != 1 and p != 2:
        raise ValueError("only p == 1 and p == 2 supported")
    if weight is not None and weight.dim() != 1:
        raise ValueError("weight must be one-dimensional")
    _check_margin_input(input)
    classes = input.shape[-1]
    samples = input.shape[0] if input.ndim == 2 else 1
    t = target._array
    if t.ndim > 1 or t.size != samples:
        raise RuntimeError(
            "multi_margin_loss: target tensor should be 1-D with size equal to the number of "
            f"input samples (batch size). Expected target size [{samples}], but got "
            f"{list(target.shape)}. Input has shape {list(input.shape)}."
        )
    if weight is not None and weight.numel() != classes:
        raise RuntimeError(
            f"inconsistent weight size, expected {classes} but got {list(weight.shape)}"
        )
    _require_float(input, "multi_margin_loss_cpu_kernel")
    if t.dtype != np.int64:
        raise RuntimeError(f"expected scalar type Long but found {target.dtype._torch_name}")
    if t.size and (t.min() < 0 or t.max() >= classes):
        raise RuntimeError("target out of range")
    w = None if weight is None else weight._array.astype(input._array.dtype, copy=False)
    _not_differentiable(weight, "multi_margin_loss", "weight")
    out_shape = target.shape if input.ndim == 1 else (samples,)
    return _loss.MultiMarginLoss.apply(
        input,
        t.reshape(-1),
        p=p,
        margin=margin,
        weight=w,
        reduction=reduction,
        out_shape=tuple(out_shape),
    )


def multilabel_margin_loss(
    input: Tensor, target: Tensor, size_average=None, reduce=None, reduction: str = "mean"
) -> Tensor:
    """Multi-label hinge loss: each sample's target classes (listed in `target`, ended by -1)
    against each other class, max(0, 1 - x[j] + x[d]), summed and divided by the classes."""
    reduction = _reduction(size_average, reduce, reduction)
    _check_margin_input(input)
    if target.shape != input.shape:
        raise RuntimeError(
            f"inconsistent target size: {list(target.shape)} for input of size: "
            f"{list(input.shape)}"
        )
    _require_float(input, "multilabel_margin_loss_forward_out_frame")
    t = target._array
    if t.dtype != np.int64:
        raise RuntimeError(f"expected scalar type Long but found {target.dtype._torch_name}")
    if t.size and (t.min() < -1 or t.max() >= input.shape[-1]):
        raise RuntimeError("argument #2 'target' is out of range")
    return _loss.MultilabelMarginLoss.apply(input, t, reduction=reduction)


# --- convolution and pooling --------------------------------------------------------------------


_CONV_SIGNATURES = (
    "(Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, tuple of ints "
    "padding = 0, tuple of ints dilation = 1, int groups = 1)",
    "(Tensor input, Tensor weight, Tensor bias = None, tuple of ints stride = 1, str padding = "
    '"valid", tuple of ints dilation = 1, int groups = 1)',
)


def _check_int_tuple(fn: str, name: str, value) -> None:
    """torch's TypeError for a tuple argument holding something other than ints."""
    for i, v in enumerate(value):
        if as_int(v) is None:
            raise TypeError(
                f"{fn}(): argument '{name}' failed to unpack the object at pos {i + 1} "
                f'with error "type must be tuple of ints,but got {type_name(v)}"'
            )


def _check_conv_argument_types(input, weight, fn: str = "conv2d", **arguments) -> None:
    """torch's TypeErrors for conv arguments of the wrong type (a float stride, say)."""
    for name, value in arguments.items():
        if name == "padding" and isinstance(value, str):
            continue
        if name != "groups" and isinstance(value, (tuple, list)):
            _check_int_tuple(fn, name, value)
        elif as_int(value) is None:  # no signature of conv2d takes it
            raise invalid_combination(fn, (input, weight), _CONV_SIGNATURES, **{name: value})


def _check_conv_transpose_argument_types(fn: str, **arguments) -> None:
    """conv_transpose has one signature, so torch names the argument that does not fit it."""
    for name, value in arguments.items():
        if name == "groups":
            if as_int(value) is None:
                raise TypeError(f"{fn}(): argument 'groups' must be int, not {type_name(value)}")
        elif isinstance(value, (tuple, list)):
            _check_int_tuple(fn, name, value)
        elif as_int(value) is None:
            raise TypeError(
                f"{fn}(): argument '{name}' must be tuple of ints, not {type_name(value)}"
            )


def _pair(value, name: str, kind: str, expected: int = 2) -> tuple:
    """An int, or a sequence of 1 or `expected` ints, as `expected` ints (torch's
    expand_param_if_needed message otherwise)."""
    if not isinstance(value, (tuple, list)):
        return (int(value),) * expected
    value = tuple(int(v) for v in value)
    if len(value) == 1:
        return value * expected
    if len(value) != expected:
        raise RuntimeError(
            f"expected {name} to be a single integer value or a list of {expected} values to "
            f"match the convolution dimensions, but got {name}={list(value)}"
        )
    return value


def _type_name(t: Tensor) -> str:
    return t.dtype._torch_name


def _check_conv2d(x: np.ndarray, weight: Tensor, bias, stride, padding, dilation, groups):
    """torch's check_shape_forward, in its order, for any number of spatial dims; padding is
    (before, after) per spatial dim, flattened."""
    w = weight._array
    _check_conv_geometry((x, w), stride, padding, dilation, groups)
    _check_conv_groups(w, groups)
    if x.shape[1] != w.shape[1] * groups:
        raise RuntimeError(
            f"Given groups={groups}, weight of size {list(w.shape)}, expected input"
            f"{list(x.shape)} to have {w.shape[1] * groups} channels, but got {x.shape[1]} "
            "channels instead"
        )
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != w.shape[0]):
        raise RuntimeError(
            f"Given weight of size {list(w.shape)}, expected bias to be 1-dimensional with "
            f"{w.shape[0]} elements, but got bias of size {list(bias.shape)} instead"
        )
    spatial = range(w.ndim - 2)
    padded = [x.shape[2 + i] + padding[2 * i] + padding[2 * i + 1] for i in spatial]
    kernel = [dilation[i] * (w.shape[2 + i] - 1) + 1 for i in spatial]
    if any(p < k for p, k in zip(padded, kernel, strict=True)):
        raise RuntimeError(
            f"Calculated padded input size per channel: ({' x '.join(map(str, padded))}). "
            f"Kernel size: ({' x '.join(map(str, kernel))}). Kernel size can't be greater than "
            "actual input size"
        )
    _check_conv_dtypes(x, weight, bias)


def _check_conv_geometry(arrays, stride, padding, dilation, groups, output_padding=()) -> None:
    """torch's checks of a conv's settings; `arrays` are its input and weight."""
    if any(p < 0 for p in padding):
        raise RuntimeError("negative padding is not supported")
    if any(p < 0 for p in output_padding):
        raise RuntimeError("negative output_padding is not supported")
    if any(s <= 0 for s in stride):
        raise RuntimeError("non-positive stride is not supported")
    if any(d <= 0 for d in dilation):
        raise _dilation_error(dilation, bool(output_padding), _uses_onednn(*arrays, groups))
    if groups <= 0:
        raise RuntimeError("non-positive groups is not supported")


def _uses_onednn(x: np.ndarray, w: np.ndarray, groups: int) -> bool:
    """Whether torch's CPU conv runs this call through oneDNN (its use_mkldnn heuristic for a
    dilated conv), which words a zero dilation's error differently."""
    kernel = w.shape[2:]
    return x.dtype == np.float32 and (
        groups > 1
        or (len(kernel) > 1 and kernel[-1] > 3 and kernel[-2] > 3)
        or x.shape[0] > 1
        or x.size > 20480
    )


def _dilation_error(dilation, transposed: bool, onednn: bool) -> RuntimeError:
    """torch's words: a negative dilation is refused plainly, a zero one by the kernel that
    runs it, oneDNN or torch's own, which shows the dilations it saw (a 1-d conv runs as a 2-d
    one of height 1)."""
    message = "dilation should be greater than zero"
    if any(d < 0 for d in dilation):
        return RuntimeError(message)
    if onednn and transposed:
        return RuntimeError(
            "could not create a primitive descriptor for the deconvolution forward propagation "
            "primitive. Run workload with environment variable ONEDNN_VERBOSE=all to get "
            "additional diagnostic information."
        )
    if onednn:
        return RuntimeError("non-positive dilation is not supported")
    dilation = list(dilation) if len(dilation) > 1 else [1, *dilation]
    if transposed:
        names = ("dilation_depth", "dilation_height", "dilation_width")[-len(dilation) :]
        return RuntimeError(
            f"{message}, but got "
            + ", ".join(f"{n}: {d}" for n, d in zip(names, dilation, strict=True))
        )
    return RuntimeError(f"{message}, but got {dilation}")


def _check_conv_groups(w: np.ndarray, groups: int) -> None:
    if w.shape[0] < groups or w.shape[0] % groups:
        raise RuntimeError(
            f"Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, "
            f"but got weight of size [{list(w.shape)}] instead"
        )


def _check_conv_dtypes(x: np.ndarray, weight: Tensor, bias) -> None:
    name = _dtype._BY_NUMPY[x.dtype]._torch_name
    if bias is not None and bias._array.dtype != x.dtype:
        raise RuntimeError(
            f"Input type ({name.lower()}) and bias type ({_type_name(bias).lower()}) should be "
            "the same"
        )
    if weight._array.dtype != x.dtype:
        raise RuntimeError(f"expected scalar type {name} but found {_type_name(weight)}")


def _spatial_dims(fn: str) -> int:
    return 1 if fn.endswith("1d") else 2


def _expand(value, n: int):
    """A single int as the n ints that torch's parser makes of it (conv2d's stride=1 is
    [1, 1] before the weight's dims are looked at)."""
    return value if isinstance(value, (tuple, list)) else (value,) * n


def _check_conv_input_dims(input: Tensor, weight: Tensor, fn: str) -> None:
    """An (un)batched input of the conv's dims."""
    spatial = _spatial_dims(fn)
    if input.ndim not in (spatial + 1, spatial + 2):
        raise RuntimeError(
            f"Expected {spatial + 1}D (unbatched) or {spatial + 2}D (batched) input to {fn}, but "
            f"got input of size: {list(input.shape)}"
        )


def _check_weight_dims(x: Tensor, weight: Tensor) -> None:
    if weight.ndim != x.ndim:
        raise RuntimeError(
            f"Expected {weight.ndim}-dimensional input for {weight.ndim}-dimensional weight "
            f"{list(weight.shape)}, but got {x.ndim}-dimensional input of size {list(x.shape)} "
            "instead"
        )


def _same_padding(weight: Tensor, dilation: tuple) -> tuple:
    """(before, after) per spatial dim keeping the size: d (k - 1) split with the odd one
    after."""
    pads = []
    for d, k in zip(dilation, weight.shape[2:], strict=True):
        total = d * (k - 1)
        pads += [total // 2, total - total // 2]
    if any(pads[i] != pads[i + 1] for i in range(0, len(pads), 2)):
        _warnings.warn(
            "Using padding='same' with even kernel lengths and odd dilation may require a "
            "zero-padded copy of the input be created"
        )
    return tuple(pads)


def _convolution(fn: str, op, input, weight, bias, stride, padding, dilation, groups) -> Tensor:
    """conv1d and conv2d: torch's checks in torch's order, then one node."""
    tensors = (input, weight) if bias is None else (input, weight, bias)
    if not all(isinstance(t, Tensor) for t in tensors):
        raise invalid_combination(fn, tensors, _CONV_SIGNATURES)
    _check_conv_input_dims(input, weight, fn)
    if isinstance(padding, str) and padding not in ("same", "valid"):
        raise RuntimeError(f"Invalid padding string: '{padding}'")
    _check_conv_argument_types(
        input, weight, fn, stride=stride, padding=padding, dilation=dilation, groups=groups
    )
    own, spatial = _spatial_dims(fn), weight.ndim - 2
    stride = _pair(_expand(stride, own), "stride", "conv", spatial)
    dilation = _pair(_expand(dilation, own), "dilation", "conv", spatial)
    if padding == "valid":
        pads = (0,) * (2 * spatial)
    elif padding == "same":
        if any(s != 1 for s in stride):
            raise RuntimeError("padding='same' is not supported for strided convolutions")
        pads = None
    else:
        padding = _pair(_expand(padding, own), "padding", "conv", spatial)
        pads = tuple(p for p in padding for _ in range(2))
    unbatched = input.ndim == own + 1
    x = input.unsqueeze(0) if unbatched else input
    _check_weight_dims(x, weight)
    if pads is None:
        _check_conv2d(x._array, weight, bias, stride, (0,) * (2 * spatial), dilation, groups)
        pads = _same_padding(weight, dilation)
    _check_conv2d(x._array, weight, bias, stride, pads, dilation, groups)
    out = op.apply(x, weight, bias, stride=stride, padding=pads, dilation=dilation, groups=groups)
    return out.squeeze(0) if unbatched else out


def conv1d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride=1,
    padding=0,
    dilation=1,
    groups: int = 1,
) -> Tensor:
    """1-d cross-correlation of an (N, C_in, L) or (C_in, L) input with weight
    (C_out, C_in / groups, k), plus bias (C_out); padding is a number, 'valid' or 'same'.

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> F.conv1d(torch.ones(1, 1, 5), torch.ones(1, 1, 3)).shape
    torch.Size([1, 1, 3])
    """
    return _convolution(
        "conv1d", _conv.Conv1d, input, weight, bias, stride, padding, dilation, groups
    )


def conv2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride=1,
    padding=0,
    dilation=1,
    groups: int = 1,
) -> Tensor:
    """2-d cross-correlation of an (N, C_in, H, W) or (C_in, H, W) input with weight
    (C_out, C_in / groups, kh, kw), plus bias (C_out); padding is a number, a pair, 'valid'
    (none) or 'same' (output as large as the input, stride 1 only).

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> x = torch.ones(1, 1, 4, 4)
    >>> F.conv2d(x, torch.ones(1, 1, 3, 3)).shape
    torch.Size([1, 1, 2, 2])
    """
    return _convolution(
        "conv2d", _conv.Conv2d, input, weight, bias, stride, padding, dilation, groups
    )


def _conv_transpose(fn, op, input, weight, bias, stride, padding, output_padding, groups, dilation):
    """conv_transpose1d and conv_transpose2d: torch's checks in torch's order, then one node."""
    _check_conv_input_dims(input, weight, fn)
    _check_conv_transpose_argument_types(
        fn,
        stride=stride,
        padding=padding,
        output_padding=output_padding,
        groups=groups,
        dilation=dilation,
    )
    own, spatial = _spatial_dims(fn), weight.ndim - 2
    stride = _pair(_expand(stride, own), "stride", "conv", spatial)
    padding = _pair(_expand(padding, own), "padding", "conv", spatial)
    output_padding = _pair(_expand(output_padding, own), "output_padding", "conv", spatial)
    dilation = _pair(_expand(dilation, own), "dilation", "conv", spatial)
    unbatched = input.ndim == own + 1
    x = input.unsqueeze(0) if unbatched else input
    _check_weight_dims(x, weight)
    arrays = (x._array, weight._array)
    _check_conv_geometry(arrays, stride, padding, dilation, groups, output_padding)
    pairs = list(zip(output_padding, stride, dilation, strict=True))
    if any(o >= s and o >= d for o, s, d in pairs):
        (oh, sh, dh), (ow, sw, dw) = pairs if spatial == 2 else [(0, 1, 1)] + pairs
        raise RuntimeError(
            "output padding must be smaller than either stride or dilation, but got "
            f"output_padding_height: {oh} output_padding_width: {ow} stride_height: {sh} "
            f"stride_width: {sw} dilation_height: {dh} dilation_width: {dw}"
        )
    w = weight._array
    _check_conv_groups(w, groups)
    if x.shape[1] != w.shape[0]:
        raise RuntimeError(
            f"Given transposed=1, weight of size {list(w.shape)}, expected input"
            f"{list(x.shape)} to have {w.shape[0]} channels, but got {x.shape[1]} channels "
            "instead"
        )
    out_channels = w.shape[1] * groups
    if bias is not None and (bias.ndim != 1 or bias.shape[0] != out_channels):
        raise RuntimeError(
            f"Given transposed=1, weight of size {list(w.shape)}, expected bias to be "
            f"1-dimensional with {out_channels} elements, but got bias of size "
            f"{list(bias.shape)} instead"
        )
    sizes = [
        (x.shape[2 + i] - 1) * stride[i] - 2 * padding[i] + dilation[i] * (w.shape[2 + i] - 1)
        + output_padding[i] + 1
        for i in range(spatial)
    ]
    if any(s < 0 for s in sizes):
        raise RuntimeError(
            f"Given input size per channel: ({' x '.join(map(str, x.shape[2:]))}). Calculated "
            f"output size per channel: ({' x '.join(map(str, sizes))}). Output size is too small"
        )
    _check_conv_dtypes(x._array, weight, bias)
    out = op.apply(
        x,
        weight,
        bias,
        stride=stride,
        padding=padding,
        output_padding=output_padding,
        dilation=dilation,
        groups=groups,
    )
    return out.squeeze(0) if unbatched else out


def conv_transpose1d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride=1,
    padding=0,
    output_padding=0,
    groups: int = 1,
    dilation=1,
) -> Tensor:
    """The transposed 1-d convolution of an (N, C_in, L) or (C_in, L) input with weight
    (C_in, C_out / groups, k): each input entry adds a scaled kernel onto the output, which
    is (L - 1) stride - 2 padding + dilation (k - 1) + output_padding + 1 long.

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> F.conv_transpose1d(torch.ones(1, 1, 3), torch.ones(1, 1, 2), stride=2)
    tensor([[[1., 1., 1., 1., 1., 1.]]])
    """
    return _conv_transpose(
        "conv_transpose1d",
        _conv_transpose_ops.ConvTranspose1d,
        input,
        weight,
        bias,
        stride,
        padding,
        output_padding,
        groups,
        dilation,
    )


def conv_transpose2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride=1,
    padding=0,
    output_padding=0,
    groups: int = 1,
    dilation=1,
) -> Tensor:
    """The transposed 2-d convolution ("deconvolution") of an (N, C_in, H, W) or
    (C_in, H, W) input with weight (C_in, C_out / groups, kh, kw): the gradient of conv2d
    with respect to its input, used to upsample.

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> F.conv_transpose2d(torch.ones(1, 1, 2, 2), torch.ones(1, 1, 2, 2), stride=2).shape
    torch.Size([1, 1, 4, 4])
    """
    return _conv_transpose(
        "conv_transpose2d",
        _conv_transpose_ops.ConvTranspose2d,
        input,
        weight,
        bias,
        stride,
        padding,
        output_padding,
        groups,
        dilation,
    )


_POOL_POSITIONS = {"kernel_size": 2, "stride": 3, "padding": 4, "dilation": 5}


def _pool_pair(value, fn: str, name: str, allow_empty: bool = False) -> tuple:
    value = SizeArgument(fn, name, _POOL_POSITIONS[name])((value,))  # torch's errors for floats
    if len(value) == 1:
        return value * 2
    if len(value) == 2 or (allow_empty and not value):
        return value
    if name == "stride":
        raise RuntimeError(
            f"{fn}: stride must either be omitted, a single int, or a tuple of two ints"
        )
    verb = "be either" if name == "dilation" else "either be"
    raise RuntimeError(f"{fn}: {name} must {verb} a single int, or a tuple of two ints")


def _pool_geometry(x: np.ndarray, kernel, stride, padding, dilation, ceil_mode) -> tuple:
    """The output (OH, OW), after torch's pooling_output_shape and pool2d_shape_check."""
    out = []
    for i in range(2):
        k, s, p, d = kernel[i], stride[i], padding[i], dilation[i]
        if s == 0:
            raise RuntimeError("stride should not be zero")
        if p < 0:
            raise RuntimeError(f"pad must be non-negative, but got pad: {p}")
        if p > ((k - 1) * d + 1) // 2:
            raise RuntimeError(
                "pad should be at most half of effective kernel size, but got "
                f"pad={p}, kernel_size={k} and dilation={d}"
            )
        out.append(_conv.pool_output_size(x.shape[-2 + i], k, p, s, d, ceil_mode))
    if kernel[0] <= 0 or kernel[1] <= 0:
        raise RuntimeError(
            f"kernel size should be greater than zero, but got kH: {kernel[0]} kW: {kernel[1]}"
        )
    if stride[0] <= 0 or stride[1] <= 0:
        raise RuntimeError(
            f"stride should be greater than zero, but got dH: {stride[0]} dW: {stride[1]}"
        )
    if dilation[0] <= 0 or dilation[1] <= 0:
        raise RuntimeError(
            "dilation should be greater than zero, but got dilationH: "
            f"{dilation[0]} dilationW: {dilation[1]}"
        )
    if any(s == 0 for s in x.shape[-3:]):
        raise RuntimeError(
            "Expected 3D or 4D (batch mode) tensor with optional 0 dim batch size for input, "
            f"but got:{list(x.shape)}"
        )
    if padding[1] > kernel[1] // 2 or padding[0] > kernel[0] // 2:
        raise RuntimeError(
            "pad should be smaller than or equal to half of kernel size, but got "
            f"padW = {padding[1]}, padH = {padding[0]}, kW = {kernel[1]}, kH = {kernel[0]}"
        )
    if out[0] < 1 or out[1] < 1:
        c, h, w = x.shape[-3:]
        raise RuntimeError(
            f"Given input size: ({c}x{h}x{w}). Calculated output size: "
            f"({c}x{out[0]}x{out[1]}). Output size is too small"
        )
    return tuple(out)


def max_pool2d(
    input: Tensor,
    kernel_size,
    stride=None,
    padding=0,
    dilation=1,
    ceil_mode: bool = False,
    return_indices: bool = False,
):
    """The max of each (dilated) kernel_size window, moved by stride (kernel_size by default)
    over an (N, C, H, W) or (C, H, W) input padded with -inf; with return_indices also each
    max's flat index h * W + w in its image, as torch.

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> F.max_pool2d(torch.arange(16.0).view(1, 1, 4, 4), 2)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    """
    _require_tensor("max_pool2d_with_indices" if return_indices else "max_pool2d", input)
    kernel = _pool_pair(kernel_size, "max_pool2d", "kernel_size")
    stride = _pool_pair(() if stride is None else stride, "max_pool2d", "stride", True)
    stride = stride or kernel
    padding = _pool_pair(padding, "max_pool2d", "padding")
    dilation = _pool_pair(dilation, "max_pool2d", "dilation")
    if input.ndim not in (3, 4):
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    return _max_pool2d(input, kernel, stride, padding, dilation, ceil_mode, return_indices)


def _max_pool2d(input, kernel, stride, padding, dilation, ceil_mode, return_indices):
    """max_pool2d once its arguments are read (max_pool1d runs it on one-row images)."""
    out_hw = _pool_geometry(input._array, kernel, stride, padding, dilation, ceil_mode)
    geometry = {"kernel": kernel, "stride": stride, "padding": padding, "dilation": dilation}
    out = _conv.MaxPool2d.apply(input, out_hw=out_hw, **geometry)
    if not return_indices:
        return out
    if out.grad_fn is not None:
        indices = out.grad_fn.indices()
    else:
        offset = _conv.max_pool2d_offsets(input._array, out_hw=out_hw, **geometry)[1]
        indices = _conv.max_pool2d_indices(offset, input.shape[-1], **geometry)
        indices = indices[0] if input.ndim == 3 else indices
    return out, _wrap(indices)


def avg_pool2d(
    input: Tensor,
    kernel_size,
    stride=None,
    padding=0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> Tensor:
    """The mean of each kernel_size window, moved by stride (kernel_size by default) over an
    (N, C, H, W) or (C, H, W) input padded with zeros; count_include_pad=False leaves the
    padding out of the count, divisor_override replaces it.

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> F.avg_pool2d(torch.arange(16.0).view(1, 1, 4, 4), 2)
    tensor([[[[ 2.5000,  4.5000],
              [10.5000, 12.5000]]]])
    """
    _require_tensor("avg_pool2d", input)
    if input.ndim < 3:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [-{max(input.ndim, 1)}, "
            f"{max(input.ndim, 1) - 1}], but got -3)"
        )
    kernel = _pool_pair(kernel_size, "avg_pool2d", "kernel_size")
    stride = _pool_pair(() if stride is None else stride, "avg_pool2d", "stride", True)
    stride = stride or kernel
    padding = _pool_pair(padding, "avg_pool2d", "padding")
    if divisor_override is not None and divisor_override == 0:
        raise RuntimeError("divisor must be not zero")
    if input.ndim != 4 and input.ndim != 3:
        raise RuntimeError("non-empty 3D or 4D (batch mode) tensor expected for input")
    return _avg_pool2d(
        input, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override
    )


def _avg_pool2d(input, kernel, stride, padding, ceil_mode, count_include_pad, divisor_override):
    """avg_pool2d once its arguments are read (avg_pool1d runs it on one-row images)."""
    out_hw = _pool_geometry(input._array, kernel, stride, padding, (1, 1), ceil_mode)
    if input._array.dtype != np.int64:  # torch's kernel takes floats and int64 only
        _require_float(input, "avg_pool2d")
    return _conv.AvgPool2d.apply(
        input,
        kernel=kernel,
        stride=stride,
        padding=padding,
        out_hw=out_hw,
        count_include_pad=count_include_pad,
        divisor_override=divisor_override,
    )


def adaptive_avg_pool2d(input: Tensor, output_size) -> Tensor:
    """Average pooling to a fixed (OH, OW) (None keeps that size): output cell i averages the
    inputs in [floor(i H / OH), ceil((i + 1) H / OH)). Output 1x1 is the mean, as in torch."""
    if isinstance(output_size, int) or output_size is None:
        output_size = (output_size, output_size)
    else:  # a sequence of sizes needs a dim more than it has (torch's _list_with_default)
        output_size = tuple(output_size)
        if input.ndim <= len(output_size):
            raise ValueError(f"Input dimension should be at least {len(output_size) + 1}")
    if len(output_size) != 2:
        raise RuntimeError("adaptive_avg_pool2d: output_size must be 2")
    out_hw = tuple(input.shape[-2 + i] if s is None else int(s) for i, s in enumerate(output_size))
    if out_hw[0] < 0 or out_hw[1] < 0:
        raise RuntimeError(
            "adaptive_avg_pool2d: elements of output_size must be greater than or equal to 0 "
            f"but received {{{out_hw[0]}, {out_hw[1]}}}"
        )
    if out_hw == (1, 1):  # torch takes the mean before it checks the dims: (H, W) works too
        return input.mean((-1, -2), keepdim=True)
    if input.ndim not in (3, 4):
        raise RuntimeError(
            f"adaptive_avg_pool2d(): Expected 3D or 4D tensor, but got {list(input.shape)}"
        )
    _require_float(input, "adaptive_avg_pool2d")
    return _conv.AdaptiveAvgPool2d.apply(input, out_hw=out_hw)


def _one_int(value, fn: str, name: str, position: int) -> tuple:
    """An argument torch declares as one int (IntArrayRef[1]): an int or a 1-sequence."""
    value = SizeArgument(fn, name, position)((value,))
    if len(value) != 1:
        raise RuntimeError(f"{fn}() argument '{name}' should contain one int (got {len(value)})")
    return value


def _check_2_or_3_dims(input: Tensor, fn: str) -> None:
    if input.ndim not in (2, 3):
        raise RuntimeError(
            f"Expected 2 to 3 dimensions, but got {input.ndim}-dimensional tensor for argument "
            f"#1 'self' (while checking arguments for {fn})"
        )


def _check_max_pool1d(input, kernel, stride, padding, dilation, ceil_mode) -> None:
    """torch's checks of max_pool1d without indices, a kernel of its own with its own words."""
    if input.ndim not in (2, 3) or 0 in input.shape[-2:]:
        raise RuntimeError(
            "max_pool1d: Expected 2D or 3D (batch mode) tensor with optional 0 dim batch size "
            f"for input, but got:{list(input.shape)}"
        )
    sizes = {"kernel_size": kernel, "stride": stride, "padding": padding, "dilation": dilation}
    allowed = {
        "kernel_size": "an int, list of ints or tuple of ints",
        "stride": "None, an int, list of ints, or tuple of ints",
        "padding": "an int, list of ints, or tuple of ints",
        "dilation": "an int, list of ints or tuple of ints",
    }
    for name, value in sizes.items():
        if len(value) != 1 and not (name == "stride" and not value):
            raise RuntimeError(
                f"max_pool1d() {name} must be {allowed[name]} of size 1 but got size {len(value)}"
            )
    (k,), (p,), (d,) = kernel, padding, dilation
    (s,) = stride or kernel
    if k <= 0:
        raise RuntimeError(f"max_pool1d() kernel_size must be greater than zero, but got {k}")
    if s <= 0:
        raise RuntimeError(f"max_pool1d() stride must be greater than zero, but got {s}")
    if p < 0:
        raise RuntimeError(f"max_pool1d() padding must be non-negative, but got {p}")
    if p > k // 2:
        raise RuntimeError(
            "max_pool1d() padding should be at most half of kernel size, but got "
            f"padding={p} and kernel_size={k}"
        )
    if d <= 0:
        raise RuntimeError(f"max_pool1d() dilation must be greater than zero, but got {d}")
    out = _conv.pool_output_size(input.shape[-1], k, p, s, d, ceil_mode)
    if out <= 0:
        raise RuntimeError(f"max_pool1d() Invalid computed output size: {out}")


def max_pool1d(
    input: Tensor,
    kernel_size,
    stride=None,
    padding=0,
    dilation=1,
    ceil_mode: bool = False,
    return_indices: bool = False,
):
    """The max of each (dilated) kernel_size window of an (N, C, L) or (C, L) input, moved by
    stride (kernel_size by default), padded with -inf; with return_indices also each max's
    position. Runs as max_pool2d over one-row images, as torch does.

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> F.max_pool1d(torch.tensor([[[1.0, 3.0, 2.0, 5.0, 4.0]]]), 2)
    tensor([[[3., 5.]]])
    """
    _require_tensor("max_pool1d_with_indices" if return_indices else "max_pool1d", input)
    if return_indices:
        kernel = _one_int(kernel_size, "max_pool1d", "kernel_size", 2)
        stride = kernel if stride is None else _one_int(stride, "max_pool1d", "stride", 3)
        padding = _one_int(padding, "max_pool1d", "padding", 4)
        dilation = _one_int(dilation, "max_pool1d", "dilation", 5)
        _check_2_or_3_dims(input, "max_pool1d")
    else:
        kernel = SizeArgument("max_pool1d", "kernel_size", 2)((kernel_size,))
        stride = () if stride is None else SizeArgument("max_pool1d", "stride", 3)((stride,))
        padding = SizeArgument("max_pool1d", "padding", 4)((padding,))
        dilation = SizeArgument("max_pool1d", "dilation", 5)((dilation,))
        _check_max_pool1d(input, kernel, stride, padding, dilation, ceil_mode)
        if input._array.dtype.kind != "f":
            raise NotImplementedError(
                f"\"max_pool1d_impl\" not implemented for '{input.dtype._torch_name}'"
            )
        stride = stride or kernel
    out = _max_pool2d(
        input.unsqueeze(-2),
        (1, kernel[0]),
        (1, stride[0]),
        (0, padding[0]),
        (1, dilation[0]),
        ceil_mode,
        return_indices,
    )
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


def avg_pool1d(
    input: Tensor,
    kernel_size,
    stride=None,
    padding=0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> Tensor:
    """The mean of each kernel_size window of an (N, C, L) or (C, L) input, moved by stride
    (kernel_size by default) and padded with zeros (left out of the count with
    count_include_pad=False). Runs as avg_pool2d over one-row images, as torch does.

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> F.avg_pool1d(torch.tensor([[[1.0, 3.0, 2.0, 5.0, 4.0]]]), 2)
    tensor([[[2.0000, 3.5000]]])
    """
    _require_tensor("avg_pool1d", input)
    kernel = _one_int(kernel_size, "avg_pool1d", "kernel_size", 2)
    stride = kernel if stride is None else _one_int(stride, "avg_pool1d", "stride", 3)
    padding = _one_int(padding, "avg_pool1d", "padding", 4)
    _check_2_or_3_dims(input, "avg_pool1d")
    out = _avg_pool2d(
        input.unsqueeze(-2),
        (1, kernel[0]),
        (1, stride[0]),
        (0, padding[0]),
        ceil_mode,
        count_include_pad,
        None,
    )
    return out.squeeze(-2)


def adaptive_avg_pool1d(input: Tensor, output_size) -> Tensor:
    """Average pooling of an (N, C, L) or (C, L) input to a fixed length: output entry i
    averages the inputs in [floor(i L / O), ceil((i + 1) L / O)).

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> F.adaptive_avg_pool1d(torch.tensor([[[1.0, 3.0, 2.0, 5.0]]]), 2)
    tensor([[[2.0000, 3.5000]]])
    """
    (size,) = _one_int(output_size, "adaptive_avg_pool1d", "output_size", 2)
    _check_2_or_3_dims(input, "adaptive_avg_pool1d")
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, size)).squeeze(-2)


def _adaptive_max_pool2d(input: Tensor, out_hw: tuple, return_indices: bool):
    if input._array.dtype.kind != "f":
        raise NotImplementedError(
            f"\"adaptive_max_pool2d\" not implemented for '{input.dtype._torch_name}'"
        )
    out = _adaptive_max_pool_ops.AdaptiveMaxPool2d.apply(input, out_hw=out_hw)
    if not return_indices:
        return out
    if out.grad_fn is not None:
        indices = out.grad_fn.found_indices()
    else:
        x4 = input._array if input.ndim == 4 else input._array[None]
        indices = _adaptive_max_pool_ops.adaptive_max(x4, out_hw)[1]
        indices = indices if input.ndim == 4 else indices[0]
    return out, _wrap(indices)


def adaptive_max_pool2d(input: Tensor, output_size, return_indices: bool = False):
    """Max pooling of an (N, C, H, W) or (C, H, W) input to a fixed (OH, OW) (None keeps that
    size): cell (i, j) is the max of rows [floor(i H / OH), ceil((i + 1) H / OH)) and the
    matching columns; with return_indices also each max's flat index h * W + w.

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> F.adaptive_max_pool2d(torch.arange(16.0).view(1, 1, 4, 4), 2)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]])
    """
    if input.ndim not in (3, 4):
        raise RuntimeError(
            f"adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: {list(input.shape)}"
        )
    if isinstance(output_size, (tuple, list)):
        output_size = tuple(output_size)
    else:
        output_size = (output_size, output_size)
    if len(output_size) != 2:
        raise RuntimeError("adaptive_max_pool2d(): internal error: output_size.size() must be 2")
    out_hw = tuple(input.shape[-2 + i] if s is None else s for i, s in enumerate(output_size))
    out_hw = SizeArgument("adaptive_max_pool2d", "output_size", 2)((out_hw,))
    for dim in range(1, input.ndim):
        if input.shape[dim] == 0:
            raise RuntimeError(
                "adaptive_max_pool2d(): Expected input to have non-zero size for non-batch "
                f"dimensions, but input has sizes {list(input.shape)} with dimension {dim} "
                "being empty"
            )
    if min(out_hw) < 0:
        shape = list(input.shape[:-2]) + list(out_hw)
        raise RuntimeError(
            f"Trying to create tensor with negative dimension {min(out_hw)}: {shape}"
        )
    return _adaptive_max_pool2d(input, out_hw, return_indices)


def adaptive_max_pool1d(input: Tensor, output_size, return_indices: bool = False):
    """Max pooling of an (N, C, L) or (C, L) input to a fixed length (see adaptive_max_pool2d);
    with return_indices also each max's position.

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> F.adaptive_max_pool1d(torch.tensor([[[1.0, 3.0, 2.0, 5.0]]]), 2)
    tensor([[[3., 5.]]])
    """
    (size,) = _one_int(output_size, "adaptive_max_pool1d", "output_size", 2)
    _check_2_or_3_dims(input, "adaptive_max_pool1d")
    out = adaptive_max_pool2d(input.unsqueeze(-2), (1, size), return_indices)
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


def _fold_pair(value, fn: str, name: str, position: int) -> tuple:
    """torch's _pair, then im2col/col2im's reading of a 2-int argument."""
    value = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    value = SizeArgument(fn, name, position)((value,))
    if len(value) != 2:
        raise RuntimeError(f"It is expected {name} equals to 2, but got size {len(value)}")
    return value


def _check_window_geometry(kernel, stride, padding, dilation, order) -> None:
    """im2col's and col2im's checks of the window geometry, in the order each makes them."""
    checks = {
        "kernel": (
            min(kernel) <= 0,
            "kernel size should be greater than zero, but got kernel_height: {} "
            "kernel_width: {}",
            kernel,
        ),
        "stride": (
            min(stride) <= 0,
            "stride should be greater than zero, but got stride_height: {} stride_width: {}",
            stride,
        ),
        "dilation": (
            min(dilation) <= 0,
            "dilation should be greater than zero, but got dilation_height: {} "
            "dilation_width: {}",
            dilation,
        ),
        "padding": (
            min(padding) < 0,
            "padding should be non-negative, but got pad_height: {} pad_width: {}",
            padding,
        ),
    }
    for name in order:
        failed, message, values = checks[name]
        if failed:
            raise RuntimeError(message.format(*values))


def unfold(input: Tensor, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """im2col: the sliding kernel_size windows of an (N, C, H, W) or (C, H, W) input as the
    columns of an (N, C kh kw, L) matrix (L windows), the matrix Conv2d multiplies by its
    kernels.

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> F.unfold(torch.arange(9.0).view(1, 1, 3, 3), 2)
    tensor([[[0., 1., 3., 4.],
             [1., 2., 4., 5.],
             [3., 4., 6., 7.],
             [4., 5., 7., 8.]]])
    """
    kernel = _fold_pair(kernel_size, "im2col", "kernel_size", 2)
    dilation = _fold_pair(dilation, "im2col", "dilation", 3)
    padding = _fold_pair(padding, "im2col", "padding", 4)
    stride = _fold_pair(stride, "im2col", "stride", 5)
    order = ("kernel", "dilation", "padding", "stride")
    _check_window_geometry(kernel, stride, padding, dilation, order)
    if input.ndim < 3:
        n = max(input.ndim, 1)
        raise IndexError(
            f"Dimension out of range (expected to be in range of [-{n}, {n - 1}], but got "
            f"{input.ndim})"
        )
    if input.ndim > 4 or 0 in input.shape[-3:]:
        raise RuntimeError(
            "Expected 3D or 4D (batch mode) tensor with possibly 0 batch size and other "
            f"non-zero dimensions for input, but got: {list(input.shape)}"
        )
    hw = input.shape[-2:]
    out_hw = [
        _fold_ops.blocks(s, k, st, p, d)
        for s, k, st, p, d in zip(hw, kernel, stride, padding, dilation, strict=True)
    ]
    if min(out_hw) < 1:
        raise RuntimeError(
            f"Given input with spatial size ({hw[0]}, {hw[1]}), kernel_size=({kernel[0]}, "
            f"{kernel[1]}), dilation=({dilation[0]}, {dilation[1]}), padding=({padding[0]}, "
            f"{padding[1]}), calculated shape of the array of sliding blocks as ({out_hw[0]}, "
            f"{out_hw[1]}), but its components must be at least one."
        )
    if input._array.dtype.kind != "f":
        raise NotImplementedError(
            f"\"im2col_out_cpu\" not implemented for '{input.dtype._torch_name}'"
        )
    return _fold_ops.Im2Col.apply(
        input, kernel=kernel, stride=stride, padding=padding, dilation=dilation
    )


def fold(input: Tensor, output_size, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """col2im, the transpose of unfold: each column of an (N, C kh kw, L) or (C kh kw, L)
    input is spread back over its window of an (N, C, *output_size) image, overlaps adding up.

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> F.fold(torch.ones(1, 4, 4), (3, 3), 2)
    tensor([[[[1., 2., 1.],
              [2., 4., 2.],
              [1., 2., 1.]]]])
    """
    image_hw = _fold_pair(output_size, "col2im", "output_size", 2)
    kernel = _fold_pair(kernel_size, "col2im", "kernel_size", 3)
    dilation = _fold_pair(dilation, "col2im", "dilation", 4)
    padding = _fold_pair(padding, "col2im", "padding", 5)
    stride = _fold_pair(stride, "col2im", "stride", 6)
    order = ("kernel", "stride", "dilation", "padding")
    _check_window_geometry(kernel, stride, padding, dilation, order)
    if input.ndim not in (2, 3) or 0 in input.shape[-2:]:
        raise RuntimeError(
            "Expected 2D or 3D (batch mode) tensor for input with possibly 0 batch size and "
            f"non-zero dimensions for input, but got: {list(input.shape)}"
        )
    channels, length = input.shape[-2:]
    if channels % (kernel[0] * kernel[1]):
        raise RuntimeError(
            "Expected size of input's dimension 1 to be divisible by the product of "
            f"kernel_size, but got input.size(1)={channels} and kernel_size=({kernel[0]}, "
            f"{kernel[1]})."
        )
    out_hw = [
        _fold_ops.blocks(s, k, st, p, d)
        for s, k, st, p, d in zip(image_hw, kernel, stride, padding, dilation, strict=True)
    ]
    if out_hw[0] * out_hw[1] != length:
        raise RuntimeError(
            f"Given output_size=({image_hw[0]}, {image_hw[1]}), kernel_size=({kernel[0]}, "
            f"{kernel[1]}), dilation=({dilation[0]}, {dilation[1]}), padding=({padding[0]}, "
            f"{padding[1]}), stride=({stride[0]}, {stride[1]}), expected size of input's "
            "dimension 2 to match the calculated number of sliding blocks "
            f"{out_hw[0]} * {out_hw[1]} = {out_hw[0] * out_hw[1]}, but got "
            f"input.size(2)={length}."
        )
    if input._array.dtype.kind != "f":
        raise NotImplementedError(
            f"\"col2im_out_cpu\" not implemented for '{input.dtype._torch_name}'"
        )
    return _fold_ops.Col2Im.apply(
        input,
        image_hw=image_hw,
        kernel=kernel,
        stride=stride,
        padding=padding,
        dilation=dilation,
    )


def dropout2d(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False):
    """Zero whole channels (input[n, c]) with probability p and scale the rest by 1 / (1 - p),
    in training; as torch, a 3-d input is taken as (N, C, L).

    The mask, (N, C, 1, 1), is drawn as torch's feature dropout draws it, so seeded runs match.
    """
    if p < 0.0 or p > 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    ndim = input.dim()
    if ndim not in (3, 4):
        warnings.warn(
            f"dropout2d: Received a {ndim}-D input to dropout2d, which is deprecated and will "
            "result in an error in a future release. To retain the behavior and silence this "
            "warning, please use dropout instead. Note that dropout2d exists to provide "
            "channel-wise dropout on inputs with 2 spatial dimensions, a channel dimension, and "
            "an optional batch dimension (i.e. 3D or 4D inputs).",
            stacklevel=2,
        )
    if ndim == 3:
        warnings.warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D "
            "dropout behavior is desired - input is interpreted as shape (N, C, L), where C is "
            "the channel dim. This behavior will change in a future release to interpret the "
            "input as one without a batch dimension, i.e. shape (C, H, W). To maintain the 1D "
            "channel-wise dropout behavior, please switch to using dropout1d instead.",
            stacklevel=2,
        )
    if p == 0 or not training or input.numel() == 0:
        return input
    if p == 1:
        noise = zeros((), dtype=input.dtype)
    else:
        shape = tuple(input.shape[:2]) + (1,) * (ndim - 2)
        noise = zeros(shape, dtype=input.dtype).bernoulli_(1 - p)
        noise.div_(1 - p)
    return input.mul_(noise) if inplace else input * noise


# --- padding and pixel shuffling ----------------------------------------------------------------

_PADS = {
    "constant": _padding.ConstantPad,
    "reflect": _padding.ReflectionPad,
    "replicate": _padding.ReplicationPad,
    "circular": _padding.CircularPad,
}


def pad(input: Tensor, pad, mode: str = "constant", value: float | None = None) -> Tensor:
    """Pad the last len(pad) // 2 dims: pad = (left, right) for the last dim, then (top,
    bottom) for the one before, ...; negative pads crop. mode 'constant' fills with value (0
    by default); 'reflect', 'replicate' and 'circular' take the values from the input, on
    the last 1, 2 or 3 dims of a batched or unbatched input.

    >>> import cybenko as torch
    >>> import cybenko.nn.functional as F
    >>> F.pad(torch.tensor([[1.0, 2.0, 3.0]]), (2, 1), mode="reflect")
    tensor([[3., 2., 1., 2., 3., 2.]])
    """
    for i, p in enumerate(pad):
        if as_int(p) is None:
            raise TypeError(
                "pad(): argument 'pad' (position 2) must be tuple of ints, but found element of "
                f"type {type_name(p)} at pos {i}"
            )
    pad = [int(p) for p in pad]
    if len(pad) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    ndim = input.dim()
    if len(pad) // 2 > ndim:
        raise RuntimeError(
            "Padding length should be less than or equal to two times the input dimension but "
            f"got padding length {len(pad)} and input of dimension {ndim}"
        )
    if mode not in _PADS:
        raise NotImplementedError(f"Unrecognised padding mode {mode}")
    dims = len(pad) // 2
    if mode != "constant":
        if value is not None and value != 0:
            raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
        if dims not in (1, 2, 3) or ndim not in (dims + 1, dims + 2):
            raise NotImplementedError(
                f"Padding size {len(pad)} is not supported for {ndim}D input tensor.\n"
                "Supported combinations for non-constant padding:\n"
                "  - 2D or 3D input: padding size = 2 (pads last dimension)\n"
                "  - 3D or 4D input: padding size = 4 (pads last 2 dimensions)\n"
                "  - 4D or 5D input: padding size = 6 (pads last 3 dimensions)"
            )
    maps = []
    for k in range(dims):  # pad lists the last dim first
        left, right = pad[2 * k], pad[2 * k + 1]
        n = input.shape[ndim - 1 - k]
        _check_pad_size(mode, input, ndim - 1 - k, n, left, right)
        maps.insert(0, _padding.index_map(mode, n, left, right))
    return _PADS[mode].apply(input, maps=tuple(maps), value=0 if value is None else value)


def _check_pad_size(mode: str, input: Tensor, dim: int, n: int, left: int, right: int) -> None:
    if n + left + right < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    if mode == "reflect" and (left >= n or right >= n):
        raise RuntimeError(
            "Argument #4: Padding size should be less than the corresponding input dimension, "
            f"but got: padding ({left}, {right}) at dimension {dim} of input "
            f"{list(input.shape)}"
        )
    if mode == "circular" and (left > n or right > n):
        raise RuntimeError("Padding value causes wrapping around more than once.")
    if mode in ("replicate", "circular") and n == 0 and (left > 0 or right > 0):
        raise RuntimeError(f"{mode} padding of an empty dimension {dim} is not possible")


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    """(*, C r^2, H, W) -> (*, C, H r, W r), r = upscale_factor."""
    if input.dim() < 3:
        raise RuntimeError(
            "pixel_shuffle expects input to have at least 3 dimensions, but got input with "
            f"{input.dim()} dimension(s)"
        )
    if upscale_factor <= 0:
        raise RuntimeError(
            f"pixel_shuffle expects a positive upscale_factor, but got {upscale_factor}"
        )
    channels = input.shape[-3]
    if channels % (upscale_factor * upscale_factor):
        raise RuntimeError(
            "pixel_shuffle expects its input's 'channel' dimension to be divisible by the "
            f"square of upscale_factor, but input.size(-3)={channels} is not divisible by "
            f"{upscale_factor * upscale_factor}"
        )
    return _padding.PixelShuffle.apply(input, factor=upscale_factor)


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    """(*, C, H r, W r) -> (*, C r^2, H, W), r = downscale_factor."""
    if input.dim() < 3:
        raise RuntimeError(
            "pixel_unshuffle expects input to have at least 3 dimensions, but got input with "
            f"{input.dim()} dimension(s)"
        )
    if downscale_factor <= 0:
        raise RuntimeError(
            f"pixel_unshuffle expects a positive downscale_factor, but got {downscale_factor}"
        )
    for name, dim in (("height", -2), ("width", -1)):
        if input.shape[dim] % downscale_factor:
            raise RuntimeError(
                f"pixel_unshuffle expects {name} to be divisible by downscale_factor, but "
                f"input.size({dim})={input.shape[dim]} is not divisible by {downscale_factor}"
            )
    return _padding.PixelUnshuffle.apply(input, factor=downscale_factor)


# Attention composes the functions above, so it is defined after them.
from ._attention import multi_head_attention_forward, scaled_dot_product_attention  # noqa: E402
