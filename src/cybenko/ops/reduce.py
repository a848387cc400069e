"""Reductions: sum, mean, var, std, prod, max, min, argmax, cumsum, all, any, ...

A reduction's backward spreads the gradient back over the reduced dimensions; `spread` does
that for all of them.
"""

from __future__ import annotations

import math

import numpy as np

from .. import _dtype, _warnings, return_types
from .._size import as_int, invalid_combination, type_name
from .._tensor import Tensor, _normalize_dim
from ..autograd.function import Function
from ._operands import wrap_result


def reduction_dims(dim, ndim: int):
    """None -> all dims; an int or a sequence -> a sorted tuple of non-negative dims."""
    if dim is None:
        return tuple(range(ndim))
    if isinstance(dim, (list, tuple)):
        if len(dim) == 0:
            return tuple(range(ndim))
        dims = tuple(_normalize_dim(d, ndim) for d in dim)
        for i, d in enumerate(dims):
            if d in dims[:i]:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        dims = tuple(sorted(dims))
    else:
        dims = (_normalize_dim(dim, ndim),)
    return dims if ndim else ()  # a scalar's dim 0 (or -1) is the scalar: nothing to reduce


def spread(grad: np.ndarray, shape: tuple, dims: tuple | None, keepdim: bool) -> np.ndarray:
    """Give every element of a reduced slice the slice's gradient (dims None: every dim)."""
    if grad.ndim == 0:
        return np.full(shape, grad)
    if not keepdim and dims is not None:
        kept = list(shape)
        for d in dims:
            kept[d] = 1
        grad = grad.reshape(kept)
    return np.broadcast_to(grad, shape)


def _axes(dims: tuple | None, ndim: int) -> tuple:
    """The dims a reduction runs over: all of them when `dims` is None."""
    return tuple(range(ndim)) if dims is None else dims


class Sum(Function):
    # d sum(a) = grad, copied to every summed element
    @staticmethod
    def forward(ctx, a, dims, keepdim):  # dims None: every dim
        ctx.shape, ctx.dims, ctx.keepdim = a.shape, dims, keepdim
        # dtype: NumPy would widen int8/int16 to int64; torch wraps in the asked dtype
        return np.add.reduce(a, axis=_axes(dims, a.ndim), keepdims=keepdim, dtype=a.dtype)

    @staticmethod
    def backward(ctx, grad):
        return spread(grad, ctx.shape, ctx.dims, ctx.keepdim)


class Mean(Function):
    # d mean(a) = grad / n, to every averaged element
    @staticmethod
    def forward(ctx, a, dims, keepdim):  # dims None: every dim
        ctx.shape, ctx.dims, ctx.keepdim = a.shape, dims, keepdim
        axes = _axes(dims, a.ndim)
        ctx.count = math.prod([a.shape[d] for d in axes])
        total = np.add.reduce(a, axis=axes, keepdims=keepdim)
        return np.true_divide(total, a.dtype.type(ctx.count))

    @staticmethod
    def backward(ctx, grad):
        return spread(grad / grad.dtype.type(ctx.count), ctx.shape, ctx.dims, ctx.keepdim)


def _variance(a, dims: tuple, dof: int, keepdim: bool, name: str) -> np.ndarray:
    """Sum of squared deviations over `dims`, divided by max(dof, 0), in a's dtype; with too
    few elements it is inf or nan, with torch's warning."""
    if dof <= 0:
        _warnings.warn(
            f"{name}(): degrees of freedom is <= 0. Correction should be strictly less than the "
            "reduction factor (input numel divided by output numel)."
        )
    n = math.prod(a.shape[d] for d in dims)
    centered = a - np.add.reduce(a, axis=dims, keepdims=True) / a.dtype.type(n)
    squares = np.add.reduce(centered * centered, axis=dims, keepdims=keepdim)
    return np.true_divide(squares, a.dtype.type(dof if dof > 0 else 0))


class Var(Function):
    # d var(a) = grad * 2 (a - mean) / (n - correction)
    @staticmethod
    def forward(ctx, a, dims, correction, keepdim):
        ctx.dims, ctx.keepdim = dims, keepdim
        ctx.dof = math.prod([a.shape[d] for d in dims]) - correction
        ctx.save_for_backward(a)
        return _variance(a, dims, ctx.dof, keepdim, "var")

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        centered = a - a.mean(axis=ctx.dims, keepdims=True)
        scale = grad * a.dtype.type(2) / a.dtype.type(ctx.dof)
        return spread(scale, a.shape, ctx.dims, ctx.keepdim) * centered


class Std(Function):
    # d std(a) = grad * (a - mean) / ((n - correction) * std), and 0 where std is 0 (as torch)
    @staticmethod
    def forward(ctx, a, dims, correction, keepdim):
        ctx.dims, ctx.keepdim = dims, keepdim
        ctx.dof = math.prod([a.shape[d] for d in dims]) - correction
        out = np.sqrt(_variance(a, dims, ctx.dof, keepdim, "std"))
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        centered = a - a.mean(axis=ctx.dims, keepdims=True)
        scale = np.where(out == 0, a.dtype.type(0), grad / (a.dtype.type(ctx.dof) * out))
        return spread(scale, a.shape, ctx.dims, ctx.keepdim) * centered


class Prod(Function):
    # d prod(a) / d a_i = prod(a) / a_i, or, if some a_i is 0, the product of the others
    @staticmethod
    def forward(ctx, a, dim, keepdim):
        ctx.dim, ctx.keepdim = dim, keepdim
        out = (
            np.multiply.reduce(a, axis=None, dtype=a.dtype)
            if dim is None
            else np.multiply.reduce(a, axis=dim, keepdims=keepdim, dtype=a.dtype)
        )
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        if a.ndim == 0:
            return grad
        dims = tuple(range(a.ndim)) if ctx.dim is None else (ctx.dim,)
        grad = spread(grad, a.shape, dims, ctx.keepdim)
        zeros = np.count_nonzero(a == 0)
        if not zeros:  # torch divides then, rounding as it does
            return grad * (spread(out, a.shape, dims, ctx.keepdim) / a)
        if ctx.dim is None:
            if zeros > 1:  # every product of the others holds a zero: torch's 0, inf or not
                return np.zeros_like(grad)
            return grad * _product_of_others(a.reshape(-1), 0).reshape(a.shape)
        return grad * _product_of_others(a, ctx.dim)


def _product_of_others(a: np.ndarray, axis: int) -> np.ndarray:
    """For each element, the product of the other elements along `axis`."""
    moved = np.moveaxis(a, axis, -1)
    ones = np.ones(moved.shape[:-1] + (1,), dtype=a.dtype)
    left = np.cumprod(np.concatenate([ones, moved[..., :-1]], axis=-1), axis=-1)
    right = np.cumprod(np.concatenate([ones, moved[..., :0:-1]], axis=-1), axis=-1)[..., ::-1]
    return np.moveaxis(left * right, -1, axis)


class Extreme(Function):
    # d max(a) = grad shared evenly by the elements equal to the max (min likewise)
    @staticmethod
    def forward(ctx, a, dims, keepdim, is_max):  # dims None: every dim
        reduce = np.maximum.reduce if is_max else np.minimum.reduce
        out = reduce(a, axis=_axes(dims, a.ndim), keepdims=keepdim)
        ctx.dims, ctx.keepdim, ctx.is_max = dims, keepdim, is_max
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        full = spread(out, a.shape, ctx.dims, ctx.keepdim)
        every_dim = ctx.dims is None  # max(), min(); else amax, amin
        # max(): NaN entries share a NaN max, the rest get +0. amax: torch's
        # grad / count * (a == max), so a NaN max's 0 / 0 is NaN for each entry, and the
        # others get grad's sign of zero
        hit = (a == full) | (np.isnan(a) & np.isnan(full)) if every_dim else a == full
        count = np.add.reduce(hit, axis=ctx.dims, keepdims=True)
        share = spread(grad, a.shape, ctx.dims, ctx.keepdim) / count.astype(grad.dtype)
        return np.where(hit, share, grad.dtype.type(0)) if every_dim else share * hit


class ExtremeAlongDim(Function):
    # d max(a, dim) = grad sent to the position of the max, as torch picks it
    @staticmethod
    def forward(ctx, a, dim, keepdim, is_max):
        pick = np.argmax if is_max else np.argmin
        idx = np.expand_dims(pick(a, axis=dim), dim)
        ctx.shape, ctx.dim, ctx.keepdim, ctx.idx = a.shape, dim, keepdim, idx
        ctx.is_max = is_max
        values = np.take_along_axis(a, idx, axis=dim)
        return values if keepdim else np.squeeze(values, dim)

    @staticmethod
    def backward(ctx, grad):
        return picked_grad(grad, ctx.idx, ctx.shape, ctx.dim, ctx.keepdim)


def picked_grad(grad, indices, shape: tuple, dim: int, keepdim: bool) -> np.ndarray:
    """The gradient of values taken at `indices` along `dim` (max, sort, topk, ...): grad put
    back at those positions, zeros elsewhere."""
    g = grad if keepdim else np.expand_dims(grad, dim)
    out = np.zeros(shape, dtype=grad.dtype)
    np.put_along_axis(out, indices, g, axis=dim)
    return out


class Cumsum(Function):
    # d cumsum(a)_i / d a_j = 1 for j <= i: the gradient is a reversed cumulative sum
    @staticmethod
    def forward(ctx, a, dim):
        ctx.dim = dim
        return running(np.cumsum, a, dim) if a.ndim else a.copy()

    @staticmethod
    def backward(ctx, grad):
        if grad.ndim == 0:
            return grad
        return reverse_cumsum(grad, ctx.dim)


def running(accumulate, a: np.ndarray, axis: int) -> np.ndarray:
    """np.cumsum or np.cumprod of `a` along `axis` as torch's CPU kernels run them: float32
    (and float16) accumulated in double and rounded once each, so a long running sum does
    not gather float32's rounding at every step. torch's running sums start from +0, so
    none of them is -0 (NumPy's first is the first entry, -0 included)."""
    if a.dtype.kind == "f" and a.itemsize < 8:
        out = accumulate(a, axis=axis, dtype=np.float64).astype(a.dtype)
    else:
        out = accumulate(a, axis=axis, dtype=a.dtype)
    if accumulate is np.cumsum and out.dtype.kind in "fc":
        out += 0  # -0 becomes +0, every other value stays
    return out


def reverse_cumsum(x: np.ndarray, axis: int) -> np.ndarray:
    """Sums from each position to the end along `axis` (cumsum's and cumprod's gradients)."""
    return np.flip(running(np.cumsum, np.flip(x, axis), axis), axis)


# --- the functional API -------------------------------------------------------------------------


def _integral_to_long(input, dtype):
    if dtype is not None:
        return input.to(dtype)
    return input if input._array.dtype.kind == "f" else input.to(_dtype.int64)


def sum(input, dim=None, keepdim: bool = False, *, dtype=None):  # noqa: A001
    """Sum over `dim` (all dims if None); integers and bools sum as int64."""
    x = _integral_to_long(input, dtype)
    dims = None if dim is None else reduction_dims(dim, x._array.ndim)
    return Sum.apply(x, dims=dims, keepdim=keepdim)


def _require_float(input, fn: str, dtype=None):
    if dtype is not None:
        return input.to(dtype)
    if input._array.dtype.kind != "f":
        raise RuntimeError(
            f"{fn}(): could not infer output dtype. Input dtype must be either a floating point "
            f"or complex dtype. Got: {input.dtype._torch_name}"
        )
    return input


def mean(input, dim=None, keepdim: bool = False, *, dtype=None):
    """Average over `dim` (all dims if None); floats only, as in torch."""
    x = _require_float(input, "mean", dtype)
    dims = None if dim is None else reduction_dims(dim, x._array.ndim)
    return Mean.apply(x, dims=dims, keepdim=keepdim)


def _require_float_var(input):
    if input._array.dtype.kind != "f":
        raise RuntimeError("std and var only support floating point and complex dtypes")
    return input


def _correction(unbiased, correction) -> int:
    if correction is not None:
        return correction
    return 1 if unbiased is None or unbiased else 0


def var(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None):
    """Variance over `dim`, dividing by n - correction (n - 1 by default)."""
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    x = _require_float_var(input)
    dims = reduction_dims(dim, x._array.ndim)
    return Var.apply(x, dims=dims, correction=_correction(unbiased, correction), keepdim=keepdim)


def std(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None):
    """Standard deviation over `dim`, dividing by n - correction (n - 1 by default)."""
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    x = _require_float_var(input)
    dims = reduction_dims(dim, x._array.ndim)
    return Std.apply(x, dims=dims, correction=_correction(unbiased, correction), keepdim=keepdim)


# No dim given, told apart from dim=None: torch's parser refuses None (and tuples) for max's,
# min's and prod's one dim.
_ALL = object()
_PROD_SIGNATURES = (
    "(Tensor input, *, torch.dtype dtype = None)",
    "(Tensor input, int dim, bool keepdim = False, *, torch.dtype dtype = None, Tensor out = None)",
)
_EXTREME_SIGNATURES = (
    "(Tensor input, *, Tensor out = None)",
    "(Tensor input, Tensor other, *, Tensor out = None)",
    "(Tensor input, int dim, bool keepdim = False, *, tuple of Tensors out = None)",
)


def _one_dim(fn: str, input, dim, signatures: tuple):
    """dim as an int (None for _ALL), or torch's refusal of anything else."""
    if dim is _ALL:
        return None
    d = as_int(dim)
    if d is None:
        raise invalid_combination(fn, (input, dim), signatures)
    return d


def prod(input, dim=_ALL, keepdim: bool = False, *, dtype=None):
    """Product over one dim (or all elements)."""
    dim = _one_dim("prod", input, dim, _PROD_SIGNATURES)
    x = _integral_to_long(input, dtype)
    d = None if dim is None else _normalize_dim(dim, x._array.ndim)
    return Prod.apply(x, dim=d, keepdim=keepdim)


def _extreme(input, dim, keepdim, is_max: bool):
    name = "max" if is_max else "min"
    if isinstance(dim, Tensor):
        from .elementwise import maximum, minimum

        return (maximum if is_max else minimum)(input, dim)
    dim = _one_dim(name, input, dim, _EXTREME_SIGNATURES)
    a = input._array
    if dim is None:
        if a.size == 0:
            raise RuntimeError(
                f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
                "Specify the reduction dim with the 'dim' argument."
            )
        return Extreme.apply(input, dims=None, keepdim=False, is_max=is_max)
    d = _normalize_dim(dim, a.ndim)
    if a.ndim and a.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    if a.ndim == 0:
        values = ExtremeAlongDim.apply(input.reshape(1), dim=0, keepdim=False, is_max=is_max)
        return getattr(return_types, name)(values, wrap_result(np.zeros((), dtype=np.int64), input))
    values = ExtremeAlongDim.apply(input, dim=d, keepdim=keepdim, is_max=is_max)
    indices = (np.argmax if is_max else np.argmin)(a, axis=d, keepdims=keepdim)
    return getattr(return_types, name)(values, wrap_result(indices.astype(np.int64), input))


def max(input, dim=_ALL, keepdim: bool = False):  # noqa: A001
    """The largest value; with `dim`, the (values, indices) of the largest along it."""
    return _extreme(input, dim, keepdim, True)


def min(input, dim=_ALL, keepdim: bool = False):  # noqa: A001
    """The smallest value; with `dim`, the (values, indices) of the smallest along it."""
    return _extreme(input, dim, keepdim, False)


def amax(input, dim=(), keepdim: bool = False):
    """Largest values over dims; ties share the gradient evenly."""
    dims = _extreme_dims(input, dim, "amax")
    return Extreme.apply(input, dims=dims, keepdim=keepdim, is_max=True)


def amin(input, dim=(), keepdim: bool = False):
    """Smallest values over dims; ties share the gradient evenly."""
    dims = _extreme_dims(input, dim, "amin")
    return Extreme.apply(input, dims=dims, keepdim=keepdim, is_max=False)


def _extreme_dims(input, dim, name: str) -> tuple:
    """amax's and amin's dims, refusing as torch does those of an empty tensor (no identity)."""
    a = input._array
    dims = reduction_dims(dim, a.ndim)
    if a.size == 0:
        if dim is None or (isinstance(dim, (list, tuple)) and not dim):
            raise RuntimeError(
                f"{name}(): Expected reduction dim to be specified for input.numel() == 0. "
                "Specify the reduction dim with the 'dim' argument."
            )
        for d in dims:
            if a.shape[d] == 0:
                raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    return dims


def _arg(input, dim, keepdim, pick, name):
    a = input._array
    if a.dtype == np.bool_:
        raise RuntimeError(f"{name}(): does not support bool input")
    if dim is None:
        if a.size == 0:
            raise IndexError(
                f"{name}(): Expected reduction dim to be specified for input.numel() == 0."
            )
        out = pick(a.reshape(-1))
        out = np.asarray(out, dtype=np.int64).reshape((1,) * a.ndim if keepdim else ())
        return wrap_result(out, input)
    d = _normalize_dim(dim, a.ndim)
    if a.ndim == 0:
        return wrap_result(np.zeros((), dtype=np.int64), input)
    if a.shape[d] == 0:
        raise IndexError(f"{name}(): Expected reduction dim {d} to have non-zero size.")
    return wrap_result(pick(a, axis=d, keepdims=keepdim).astype(np.int64), input)


def argmax(input, dim=None, keepdim: bool = False):
    """Index of the largest value (in the flattened tensor if dim is None)."""
    return _arg(input, dim, keepdim, np.argmax, "argmax")


def argmin(input, dim=None, keepdim: bool = False):
    """Index of the smallest value (in the flattened tensor if dim is None)."""
    return _arg(input, dim, keepdim, np.argmin, "argmin")


def cumsum(input, dim: int, *, dtype=None):
    """Running sum along `dim`."""
    x = _integral_to_long(input, dtype)
    return Cumsum.apply(x, dim=_normalize_dim(dim, x._array.ndim))


def all(input, dim=None, keepdim: bool = False):  # noqa: A001
    """True where every element (along dim) is nonzero."""
    return _truth(np.all(input._array, axis=dim, keepdims=keepdim), input)


def any(input, dim=None, keepdim: bool = False):  # noqa: A001
    """True where some element (along dim) is nonzero."""
    return _truth(np.any(input._array, axis=dim, keepdims=keepdim), input)


def _truth(found, input):
    """all's and any's answer: bool, but 0 or 1 for a uint8 input, as torch keeps uint8."""
    if input._array.dtype == np.uint8:
        found = np.asarray(found).astype(np.uint8)
    return wrap_result(found, input)


def nonzero(input, *, as_tuple: bool = False):
    """Indices of the nonzero elements: an (n, ndim) int64 tensor, or one tensor per dim."""
    if input._array.ndim == 0:  # a scalar has one index with no coordinates, or none
        n = int(bool(input._array))
        if as_tuple:
            return (wrap_result(np.zeros(n, np.int64), input),)
        return wrap_result(np.zeros((n, 0), np.int64), input)
    found = np.nonzero(input._array)
    if as_tuple:
        return tuple(wrap_result(i.astype(np.int64), input) for i in found)
    indices = np.stack(found, axis=1).astype(np.int64) if found else np.zeros((0, 0), np.int64)
    return wrap_result(indices, input)


def argwhere(input):
    """Indices of the nonzero elements, one row each: nonzero(input)."""
    return nonzero(input)


def count_nonzero(input, dim=None):
    counts = np.asarray(np.count_nonzero(input._array, axis=dim), dtype=np.int64)
    return wrap_result(counts, input)


# --- reductions that skip nan, or give two results ----------------------------------------------


class Nansum(Function):
    # d nansum(a) = grad, copied to every summed element that is not nan (0 to the nans)
    @staticmethod
    def forward(ctx, a, dims, keepdim):  # dims None: every dim
        ctx.dims, ctx.keepdim = dims, keepdim
        missing = np.isnan(a) if a.dtype.kind == "f" else np.zeros(a.shape, bool)
        ctx.save_for_backward(missing)
        kept = np.where(missing, a.dtype.type(0), a)
        return np.add.reduce(kept, axis=_axes(dims, a.ndim), keepdims=keepdim)

    @staticmethod
    def backward(ctx, grad):
        (missing,) = ctx.saved_tensors
        # times the mask, as torch: a nan or inf gradient stays nan at the nans
        return spread(grad, missing.shape, ctx.dims, ctx.keepdim) * ~missing


class VarOfVarMean(Var):
    """The variance of var_mean: Var's math, in the node torch records for var_mean."""


class MeanOfVarMean(Mean):
    """The mean of var_mean."""


class StdOfStdMean(Std):
    """The standard deviation of std_mean."""


class MeanOfStdMean(Mean):
    """The mean of std_mean."""


class AminmaxPart(Extreme):
    """The min or the max of aminmax."""

    # d aminmax(a) = grad shared evenly by the elements equal to the min (max); a nan result
    # equals no element, and torch's 0/0 share is then nan everywhere
    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        hit = a == spread(out, a.shape, ctx.dims, ctx.keepdim)
        count = np.add.reduce(hit, axis=ctx.dims, keepdims=True).astype(grad.dtype)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = spread(grad, a.shape, ctx.dims, ctx.keepdim) / count
            return share * hit


def nansum(input, dim=None, keepdim: bool = False, *, dtype=None):
    """sum, counting nan as 0; integers and bools sum as int64."""
    x = _integral_to_long(input, dtype)
    dims = None if dim is None else reduction_dims(dim, x._array.ndim)
    return Nansum.apply(x, dims=dims, keepdim=keepdim)


def nanmean(input, dim=None, keepdim: bool = False, *, dtype=None):
    """mean of the values that are not nan: nansum over their count (nan where none is)."""
    if input._array.dtype.kind != "f":
        raise RuntimeError(
            "nanmean(): expected input to have floating point or complex dtype but got "
            f"{input.dtype._torch_name}"
        )
    from .compare import isnan, logical_not

    count = sum(logical_not(isnan(input)), dim, keepdim)
    return nansum(input, dim, keepdim, dtype=dtype) / count


def _with_mean(input, dim, unbiased, keepdim, correction, name, spread_node, mean_node):
    if isinstance(dim, bool):
        dim, unbiased = None, dim
    if input._array.dtype.kind != "f":
        raise RuntimeError(f"{name} only support floating point and complex dtypes")
    dims = reduction_dims(dim, input._array.ndim)
    c = _correction(unbiased, correction)
    return (
        spread_node.apply(input, dims=dims, correction=c, keepdim=keepdim),
        mean_node.apply(input, dims=dims, keepdim=keepdim),
    )


def var_mean(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None):
    """(var, mean) over `dim`, as a tuple."""
    return _with_mean(
        input, dim, unbiased, keepdim, correction, "var_mean", VarOfVarMean, MeanOfVarMean
    )


def std_mean(input, dim=None, unbiased=None, keepdim: bool = False, *, correction=None):
    """(std, mean) over `dim`, as a tuple."""
    return _with_mean(
        input, dim, unbiased, keepdim, correction, "std_mean", StdOfStdMean, MeanOfStdMean
    )


def aminmax(input, *, dim=None, keepdim: bool = False):
    """(min, max) over one dim, or over every element; ties share gradients evenly."""
    a = input._array
    if dim is None:
        if a.size == 0:
            raise RuntimeError(
                "aminmax(): cannot compute aminmax over an empty dimension as the operation has "
                "no identity."
            )
        dims = tuple(range(a.ndim))
    else:
        if as_int(dim) is None:
            raise TypeError(f"aminmax(): argument 'dim' must be int, not {type_name(dim)}")
        d = _normalize_dim(as_int(dim), a.ndim)
        if a.ndim and a.shape[d] == 0:
            raise IndexError(f"aminmax: Expected reduction dim {d} to have non-zero size.")
        dims = (d,) if a.ndim else ()
    return return_types.aminmax(
        AminmaxPart.apply(input, dims=dims, keepdim=keepdim, is_max=False),
        AminmaxPart.apply(input, dims=dims, keepdim=keepdim, is_max=True),
    )
