"""Moving values around without changing them: view, reshape, transpose, permute, expand,
repeat, squeeze, indexing, cat, stack, split, ...

Their backward only moves the gradient back to where each value came from. The ones marked
`is_view` share memory with their input, like torch's views.
"""

from __future__ import annotations

import functools
import math
import operator
import re
import warnings

import numpy as np

from .. import _dtype, _warnings
from .._size import Size, SizeArgument, as_int, invalid_combination, parse_int
from .._tensor import Tensor, _normalize_dim, _wrap
from ..autograd import views
from ..autograd.function import Function
from ._operands import broadcast_shape, require_tensors
from .creation import _fill_value, refused_fill_value

_VIEW_SIZE = SizeArgument(
    "view", signatures=("(torch.dtype dtype)", "(tuple of ints size)"), strict=True
)
_RESHAPE_SIZE = SizeArgument("reshape", "shape")
_PERMUTE_DIMS = SizeArgument("permute", "dims")
_EXPAND_SIZE = SizeArgument("expand")
_BROADCAST_SIZE = SizeArgument("broadcast_to", position=2, sequence_only=True)
_FLIP_DIMS = SizeArgument("flip", "dims")
_REPEATS = SizeArgument("repeat", "repeats")
_UNFLATTEN_SIZES = SizeArgument("unflatten", "sizes", 2, sequence_only=True)
_SPLIT_SIZES = SizeArgument("split_with_sizes", "split_sizes", 2, sequence_only=True)
_TILE_DIMS = SizeArgument("tile", "dims")
_ROLL_SHIFTS = SizeArgument("roll", "shifts")
_ROLL_DIMS = SizeArgument("roll", "dims", 2)
_ROT90_DIMS = SizeArgument("rot90", "dims", 2)
_SUM_TO_SIZE = SizeArgument("sum_to_size")


def infer_shape(shape: tuple, numel: int) -> tuple:
    """Fill in a -1 so the shape holds `numel` elements, or raise torch's error."""
    if -1 not in shape and min(shape, default=0) >= 0:
        if math.prod(shape) != numel:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
        return shape
    if shape == (-1,):
        return (numel,)
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    for i, s in enumerate(shape):
        if s < -1:
            raise RuntimeError(f"invalid shape dimension {s} at index {i} of shape {list(shape)}")
    known = -math.prod(shape)  # the product of the other sizes (the -1 flips the sign)
    if known == 0 and numel == 0:
        raise RuntimeError(
            f"cannot reshape tensor of 0 elements into shape {list(shape)} because the "
            "unspecified dimension size -1 can be any value and is ambiguous"
        )
    if known == 0 or numel % known:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {numel}")
    return tuple(numel // known if s == -1 else s for s in shape)


class View(Function):
    # d view(a) = grad reshaped back
    is_view = True

    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        out = a.view()
        out.shape = shape  # raises if the strides do not allow a view
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.shape)


class Reshape(Function):
    # d reshape(a) = grad reshaped back (this one copied, since no view was possible)
    @staticmethod
    def forward(ctx, a, shape):
        ctx.shape = a.shape
        return a.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.shape)


class Resize(View):
    # Tensor.resize of a tensor a view can reshape: that view, under its own node name
    pass


class ResizedCopy(Reshape):
    # Tensor.resize of one it cannot: a contiguous copy first
    pass


def _can_view(a: np.ndarray, shape: tuple) -> bool:
    try:
        a.view().shape = shape
    except AttributeError:
        return False
    return True


def view(input, *shape):
    """The same values seen with another shape, sharing memory (-1 infers one size)."""
    if len(shape) == 1 and isinstance(shape[0], _dtype.dtype):
        raise NotImplementedError("view(dtype) reinterprets memory; use .to(dtype) instead")
    shape = infer_shape(_VIEW_SIZE(shape), input._array.size)
    if not _can_view(input._array, shape):
        raise RuntimeError(
            "view size is not compatible with input tensor's size and stride (at least one "
            "dimension spans across two contiguous subspaces). Use .reshape(...) instead."
        )
    return View.apply(input, shape=shape)


def reshape(input, *shape):
    """Another shape for the same values: a view when possible, else a copy."""
    shape = infer_shape(_RESHAPE_SIZE(shape), input._array.size)
    if _can_view(input._array, shape):
        return View.apply(input, shape=shape)
    return Reshape.apply(input, shape=shape)


def resize(input, *sizes):
    """Tensor.resize, deprecated in torch (resize_ is the in-place one): reshape to `sizes`,
    which must hold as many elements as the tensor. torch counts them as the product of
    what it is given, so a tuple (resize((2, 3))) is refused there, and here alike."""
    _warnings.warn("non-inplace resize is deprecated")
    count = functools.reduce(operator.mul, sizes, 1)
    if count != input._array.size:
        raise RuntimeError(
            f"requested resize to {'x'.join(map(str, sizes))} ({count} elements in total), "
            f"but the given tensor has a size of {'x'.join(map(str, input._array.shape))} "
            f"({input._array.size} elements). autograd's resize can only change the shape of "
            "a given tensor, while preserving the number of elements. "
        )
    shape = tuple(sizes)
    if _can_view(input._array, shape):
        return Resize.apply(input, shape=shape)
    return ResizedCopy.apply(input, shape=shape)


def view_as(input, other):
    return view(input, other._array.shape)


def reshape_as(input, other):
    return reshape(input, other._array.shape)


def flatten(input, start_dim: int = 0, end_dim: int = -1):
    """Merge dims start_dim..end_dim into one."""
    start_dim = parse_int(start_dim, "flatten", "start_dim", 1)
    end_dim = parse_int(end_dim, "flatten", "end_dim", 2)
    shape = input._array.shape
    s = _normalize_dim(start_dim, len(shape))  # checked first: a scalar takes only 0 and -1
    e = _normalize_dim(end_dim, len(shape))
    if not shape:
        return reshape(input, 1)
    if s > e:
        raise RuntimeError("flatten() has invalid args: start_dim cannot come after end_dim")
    if s == e:
        return input
    return reshape(input, shape[:s] + (math.prod(shape[s : e + 1]),) + shape[e + 1 :])


def ravel(input):
    """The values in one dim: a view of a contiguous tensor, else a view of a contiguous copy
    (torch's contiguous().view(-1))."""
    return view(input.contiguous(), -1)


def unflatten(input, dim: int, sizes):
    dim = parse_int(dim, "unflatten", "dim", 1)
    sizes = _UNFLATTEN_SIZES((sizes,))
    if not sizes:  # checked before the dim, as torch does
        raise RuntimeError("unflatten: sizes must be non-empty")
    d = _normalize_dim(dim, input._array.ndim)
    shape = input._array.shape
    known = math.prod(s for s in sizes if s != -1)
    if known != shape[d] if -1 not in sizes else known == 0 or shape[d] % known:
        raise RuntimeError(
            f"unflatten: Provided sizes {list(sizes)} don't multiply up to the size of dim {d} "
            f"({shape[d]}) in the input tensor"
        )
    sizes = infer_shape(tuple(sizes), shape[d])
    return reshape(input, shape[:d] + sizes + shape[d + 1 :])


class Transpose(Function):
    # d transpose(a) = grad transposed back
    is_view = True

    @staticmethod
    def forward(ctx, a, d0, d1):
        ctx.d0, ctx.d1 = d0, d1
        return np.swapaxes(a, d0, d1) if a.ndim else a.view()  # a 0-d tensor has nothing to swap

    @staticmethod
    def backward(ctx, grad):
        return np.swapaxes(grad, ctx.d0, ctx.d1) if grad.ndim else grad


def transpose(input, dim0: int, dim1: int):
    """Swap two dimensions (a view)."""
    n = input._array.ndim
    d0 = _normalize_dim(parse_int(dim0, "transpose", "dim0", 1), n)
    d1 = _normalize_dim(parse_int(dim1, "transpose", "dim1", 2), n)
    return Transpose.apply(input, d0=d0, d1=d1)


swapaxes = transpose


class MatrixTranspose(Function):
    # d a^T = grad^T   (t(): a vector or a scalar is its own transpose)
    is_view = True

    @staticmethod
    def forward(ctx, a):
        return a.T

    @staticmethod
    def backward(ctx, grad):
        return grad.T


def t(input):
    """Transpose a matrix (or return a vector unchanged)."""
    if input._array.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {input.ndim}D")
    return MatrixTranspose.apply(input)


def mT(input):  # noqa: N802 - torch's name
    """The last two dims swapped: each matrix of a batch transposed (a view)."""
    return _matrix_transpose(input, "mT", "This function is the identity in these cases.")


def mH(input):  # noqa: N802 - torch's name
    """The conjugate transpose of each matrix; for real tensors, mT."""
    return _matrix_transpose(input, "mH", "Consider using x.conj().")


def _matrix_transpose(input, name: str, advice: str):
    n = input._array.ndim
    if n == 0:  # torch still lets a 0-d tensor through, itself
        _warnings.warn(f"Tensor.{name} is deprecated on 0-D tensors. {advice}")
        return input
    if n == 1:
        raise RuntimeError(
            f"tensor.{name} is only supported on matrices or batches of matrices. Got 1-D tensor."
        )
    return Transpose.apply(input, d0=n - 2, d1=n - 1)


class Permute(Function):
    # d permute(a) = grad permuted back
    is_view = True

    @staticmethod
    def forward(ctx, a, dims):
        inverse = [0] * len(dims)
        for i, d in enumerate(dims):
            inverse[d] = i
        ctx.inverse = inverse
        return a.transpose(dims)

    @staticmethod
    def backward(ctx, grad):
        return np.transpose(grad, ctx.inverse)


def permute(input, *dims):
    """Reorder the dimensions (a view)."""
    dims = _PERMUTE_DIMS(dims)
    n = input._array.ndim
    if len(dims) != n:
        raise RuntimeError(
            "permute(sparse_coo): number of dimensions in the tensor input does not match the "
            f"length of the desired ordering of dimensions i.e. input.dim() = {n} is not equal "
            f"to len(dims) = {len(dims)}"
        )
    dims = tuple(_normalize_dim(d, n) for d in dims)
    if len(set(dims)) != n:
        raise RuntimeError("permute(): duplicate dims are not allowed.")
    return Permute.apply(input, dims=dims)


def T(input):  # noqa: N802 - torch's name
    n = input._array.ndim
    if n > 2:
        warnings.warn(
            "The use of `x.T` on tensors of dimension other than 2 to reverse their shape is "
            "deprecated and it will throw an error in a future release. Consider `x.mT` to "
            "transpose batches of matrices or `x.permute(*torch.arange(x.ndim - 1, -1, -1))` "
            "to reverse the dimensions of a tensor.",
            UserWarning,
            stacklevel=3,
        )
    if n == 2:
        return Permute.apply(input, dims=(1, 0))
    return permute(input, *reversed(range(n))) if n else input


class Expand(Function):
    # d expand(a) = grad summed over the expanded dims (the engine's unbroadcast does it)
    is_view = True

    @staticmethod
    def forward(ctx, a, shape):
        lead = len(shape) - a.ndim
        if shape == (1,) * lead + a.shape:  # nothing repeats: a view that may be written
            return a[(np.newaxis,) * lead]
        return np.broadcast_to(a, shape)

    @staticmethod
    def backward(ctx, grad):
        return grad


def expand(input, *sizes):
    """Repeat size-1 dims without copying (-1 keeps a size)."""
    return _expand_to(input, _EXPAND_SIZE(sizes))


def _expand_to(input, sizes: tuple):
    shape = input._array.shape
    if len(sizes) < len(shape):
        raise RuntimeError(
            f"expand(torch.FloatTensor{{{list(shape)}}}, size={list(sizes)}): the number of "
            "sizes provided (%d) must be greater or equal to the number of dimensions in the "
            "tensor (%d)" % (len(sizes), len(shape))
        )
    padded = (1,) * (len(sizes) - len(shape)) + shape
    target = []
    for i, (want, have) in enumerate(zip(sizes, padded, strict=True)):
        if want == -1:
            if i < len(sizes) - len(shape):
                raise RuntimeError(
                    f"The expanded size of the tensor (-1) isn't allowed in a leading, "
                    f"non-existing dimension {i}"
                )
            want = have
        if have != 1 and want != have:
            raise RuntimeError(
                f"The expanded size of the tensor ({want}) must match the existing size "
                f"({have}) at non-singleton dimension {i}.  Target sizes: {list(sizes)}.  "
                f"Tensor sizes: {list(shape)}"
            )
        target.append(want)
    return Expand.apply(input, shape=tuple(target))


def expand_as(input, other):
    return _expand_to(input, other._array.shape)


def broadcast_to(input, shape):
    return _expand_to(input, _BROADCAST_SIZE((shape,)))


class Repeat(Function):
    # d repeat(a) = grad summed over the copies
    @staticmethod
    def forward(ctx, a, reps):
        padded = (1,) * (len(reps) - a.ndim) + a.shape
        ctx.shape, ctx.padded, ctx.reps = a.shape, padded, reps
        return np.tile(a.reshape(padded), reps)

    @staticmethod
    def backward(ctx, grad):
        split = []
        for r, s in zip(ctx.reps, ctx.padded, strict=True):
            split += [r, s]
        summed = grad.reshape(split).sum(axis=tuple(range(0, len(split), 2)))
        return summed.reshape(ctx.shape)


def repeat(input, *sizes):
    """Tile the tensor: each dim repeated sizes[i] times (a copy)."""
    reps = _REPEATS(sizes)
    if len(reps) < input._array.ndim:
        raise RuntimeError(
            "Number of dimensions of repeat dims can not be smaller than number of dimensions "
            "of tensor"
        )
    padded = (1,) * (len(reps) - input._array.ndim) + input._array.shape
    shape = [r * n for r, n in zip(reps, padded, strict=True)]
    negative = [n for n in shape if n < 0]
    if negative:
        raise RuntimeError(
            f"Trying to create tensor with negative dimension {negative[0]}: {shape}"
        )
    reps = tuple(max(r, 0) for r in reps)  # torch repeats an empty dim -1 times: still empty
    return Repeat.apply(input, reps=reps)


class Squeeze(Function):
    # d squeeze(a) = grad reshaped back
    is_view = True

    @staticmethod
    def forward(ctx, a, dim):  # dim: None (every dim of size 1), an int or a tuple of ints
        ctx.shape, ctx.dim = a.shape, dim
        drop = range(a.ndim) if dim is None else dim if isinstance(dim, tuple) else (dim,)
        return a.reshape(tuple(n for i, n in enumerate(a.shape) if not (i in drop and n == 1)))

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.shape)


def squeeze(input, dim=None):
    """Drop dims of size 1 (only `dim`, if given)."""
    if dim is not None:
        ndim = input._array.ndim
        dims = tuple(_normalize_dim(d, ndim) for d in _squeeze_dims(dim))
        dim = dims if isinstance(dim, (tuple, list)) else dims[0]
    return Squeeze.apply(input, dim=dim)


_SQUEEZE_SIGNATURES = ("()", "(int dim)", "(tuple of ints dim)", "(name dim)")


def _squeeze_dims(dim) -> tuple:
    """squeeze's dim: an int or a tuple of ints."""
    dims = dim if isinstance(dim, (tuple, list)) else (dim,)
    try:
        return tuple(parse_int(d, "squeeze", "dim", 1) for d in dims)
    except TypeError:
        raise invalid_combination("squeeze", (dim,), _SQUEEZE_SIGNATURES) from None


class Unsqueeze(Function):
    # d unsqueeze(a) = grad with the new dim dropped
    is_view = True

    @staticmethod
    def forward(ctx, a, dim):
        ctx.shape = a.shape
        return np.expand_dims(a, dim)

    @staticmethod
    def backward(ctx, grad):
        return grad.reshape(ctx.shape)


def unsqueeze(input, dim: int):
    """Insert a dim of size 1 at `dim`."""
    d = _normalize_dim(parse_int(dim, "unsqueeze", "dim", 1), input._array.ndim + 1)
    return Unsqueeze.apply(input, dim=d)


class Flip(Function):
    # d flip(a) = grad flipped back
    @staticmethod
    def forward(ctx, a, dims):
        ctx.dims = dims
        return np.flip(a, dims).copy()

    @staticmethod
    def backward(ctx, grad):
        return np.flip(grad, ctx.dims)


def flip(input, dims):
    dims = tuple(_normalize_dim(d, input._array.ndim) for d in _FLIP_DIMS((dims,)))
    for i, d in enumerate(dims):
        if d in dims[:i]:
            raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
    return Flip.apply(input, dims=dims if input._array.ndim else ())


def fliplr(input):
    """Reverse the columns (dim 1)."""
    if input._array.ndim < 2:
        raise RuntimeError("Input must be >= 2-d.")
    return Flip.apply(input, dims=(1,))


def flipud(input):
    """Reverse the rows (dim 0)."""
    if input._array.ndim < 1:
        raise RuntimeError("Input must be >= 1-d.")
    return Flip.apply(input, dims=(0,))


def tile(input, dims):
    """repeat() that also takes fewer sizes than dims: the missing leading ones are 1."""
    reps = _TILE_DIMS((dims,))
    reps = (1,) * (input._array.ndim - len(reps)) + reps
    return Repeat.apply(input, reps=reps)


class Roll(Function):
    # d roll(a, s) = grad rolled back by -s
    @staticmethod
    def forward(ctx, a, shifts, dims):
        ctx.shifts, ctx.dims = shifts, dims
        return np.roll(a, shifts, dims)

    @staticmethod
    def backward(ctx, grad):
        back = -ctx.shifts if ctx.dims is None else tuple(-s for s in ctx.shifts)
        return np.roll(grad, back, ctx.dims)


def roll(input, shifts, dims=None):
    """Shift the values along dims, those pushed off the end coming back at the start (with
    no dims: along the flattened tensor, keeping the shape)."""
    shifts = _ROLL_SHIFTS((shifts,))
    dims = () if dims is None else _ROLL_DIMS((dims,))
    if not shifts:
        raise RuntimeError("`shifts` required")
    if len(shifts) != len(dims) and not (len(shifts) == 1 and not dims):
        raise RuntimeError(
            f"shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}"
        )
    n = input._array.ndim
    if not dims:
        return Roll.apply(input, shifts=shifts[0], dims=None)
    return Roll.apply(input, shifts=shifts, dims=tuple(_normalize_dim(d, n) for d in dims))


class Rot90(Function):
    # d rot90(a, k) = grad rotated back by -k
    @staticmethod
    def forward(ctx, a, k, dims):
        ctx.k, ctx.dims = k, dims
        return np.rot90(a, k, dims).copy()

    @staticmethod
    def backward(ctx, grad):
        return np.rot90(grad, -ctx.k, ctx.dims)


def rot90(input, k: int = 1, dims=(0, 1)):
    """Rotate by k quarter turns in the plane of dims, from the first towards the second."""
    k = parse_int(k, "rot90", "k", 1)
    dims = _ROT90_DIMS((dims,))
    n = input._array.ndim
    if len(dims) != 2:
        raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
    if n < 2:
        raise RuntimeError(f"expected total dims >= 2, but got total dims = {n}")
    d0, d1 = (_normalize_dim(d, n) for d in dims)
    if d0 == d1:
        raise RuntimeError(
            f"expected rotation dims to be different, but got dim0 = {dims[0]} and "
            f"dim1 = {dims[1]}"
        )
    return Rot90.apply(input, k=k % 4, dims=(d0, d1))


def movedim(input, source, destination):
    """Move the dims at `source` to the places `destination`, the others keeping their
    order (a view)."""
    n = input._array.ndim
    src = _movedim_dims(source, "source", n)
    dst = _movedim_dims(destination, "destination", n)
    if len(src) != len(dst):
        raise RuntimeError(
            f"movedim: Invalid source or destination dims: source ({list(src)} dims) should "
            f"contain the same number of dims as destination ({list(dst)} dims)"
        )
    order = [None] * n
    for s, d in zip(src, dst, strict=True):
        order[d] = s
    rest = iter(i for i in range(n) if i not in src)
    order = tuple(next(rest) if o is None else o for o in order)
    return Permute.apply(input, dims=order)


moveaxis = movedim


def _movedim_dims(dims, which: str, n: int) -> tuple:
    dims = (dims,) if not isinstance(dims, (tuple, list)) else tuple(dims)
    dims = tuple(
        _normalize_dim(parse_int(d, "movedim", which, 2 if which == "source" else 3), n)
        for d in dims
    )
    if len(set(dims)) != len(dims):
        raise RuntimeError(f"movedim: repeated dim in `{which}` ({list(dims)})")
    return dims


def select(input, dim: int, index: int):
    """The slice at `index` along `dim`, that dim removed (a view): x.select(0, i) is x[i]."""
    dim = parse_int(dim, "select", "dim", 1)
    index = parse_int(index, "select", "index", 2)
    shape = input._array.shape
    if not shape:
        raise IndexError("select() cannot be applied to a 0-dim tensor.")
    d = _normalize_dim(dim, len(shape))
    if not -shape[d] <= index < shape[d]:
        raise IndexError(
            f"select(): index {index} out of range for tensor of size {list(shape)} at "
            f"dimension {d}"
        )
    return getitem(input, (slice(None),) * d + (index,))


def broadcast_tensors(*tensors):
    """The tensors expanded to their common shape (each a view; one already of that shape is
    returned as it is)."""
    from ._operands import broadcast_shape

    target = broadcast_shape(*(t._array.shape for t in tensors))
    return tuple(t if t._array.shape == target else _expand_to(t, target) for t in tensors)


def _windows(a: np.ndarray, dim: int, size: int, step: int) -> np.ndarray:
    """The windows of `size` every `step` along `dim`, as a view of `a` with one more dim at
    the end (the position inside a window)."""
    count = (a.shape[dim] - size) // step + 1
    shape = a.shape[:dim] + (count,) + a.shape[dim + 1 :] + (size,)
    strides = a.strides[:dim] + (a.strides[dim] * step,) + a.strides[dim + 1 :]
    return np.lib.stride_tricks.as_strided(a, shape, strides + (a.strides[dim],))


class Unfold(Function):
    # d unfold(a) = grad of each window added back where the window was read
    is_view = True

    @staticmethod
    def forward(ctx, a, dim, size, step):
        ctx.shape, ctx.dim, ctx.size, ctx.step = a.shape, dim, size, step
        return _windows(a, dim, size, step) if a.ndim else a.reshape(1)  # 0-d: one window

    @staticmethod
    def backward(ctx, grad):
        if not ctx.shape:
            return grad.reshape(())
        out = np.zeros(ctx.shape, dtype=grad.dtype)
        dim, count = ctx.dim, grad.shape[ctx.dim]
        for j in range(ctx.size):  # position j of every window: no two windows overlap there
            where = (slice(None),) * dim + (slice(j, j + ctx.step * (count - 1) + 1, ctx.step),)
            out[where] += grad[..., j]
        return out


def unfold(input, dimension: int, size: int, step: int):
    """Tensor.unfold: the windows of `size` elements every `step` along `dimension`, as a new
    last dim (a view: the windows overlap in memory when step < size)."""
    a = input._array
    dimension = parse_int(dimension, "unfold", "dimension", 1)
    size = parse_int(size, "unfold", "size", 2)
    step = parse_int(step, "unfold", "step", 3)
    d = _normalize_dim(dimension, a.ndim)
    length = a.shape[d] if a.ndim else 1
    if size > length:
        raise RuntimeError(
            f"maximum size for tensor at dimension {d} is {length} but size is {size}"
        )
    if size < 0:
        raise RuntimeError(f"size is {size} but must be >= 0")
    if step <= 0:
        raise RuntimeError(f"step is {step} but must be > 0")
    return Unfold.apply(input, dim=d, size=size, step=step)


def sum_to_size(input, *size):
    """Sum down to `size`, which input must expand to: the gradient of expand, as a op."""
    from .reduce import sum as reduce_sum

    size = _SUM_TO_SIZE(size)
    shape = input._array.shape
    lead = len(shape) - len(size)
    fits = lead >= 0 and all(s in (n, 1) for s, n in zip(size, shape[lead:], strict=True))
    if not fits:
        raise RuntimeError(f"size {{{list(size)}}} is not expandable to size {{{list(shape)}}}.")
    if size == shape:
        return input
    if not size:
        return reduce_sum(input)
    dims = list(range(lead)) + [
        lead + i for i, s in enumerate(size) if s == 1 and shape[lead + i] != 1
    ]
    out = reduce_sum(input, tuple(dims), keepdim=True) if dims else input
    return View.apply(out, shape=size) if lead else out


def repeat_interleave(input, repeats=None, dim=None, *, output_size=None):
    """Each element (each slice along `dim`) repeated `repeats` times in place:
    [a, b] -> [a, a, b, b]. `repeats` an int, or a tensor of one count per slice. Without
    dim, the flattened tensor. torch.repeat_interleave(counts) alone gives the indices
    0, 0, 1, ... of each slot."""
    if repeats is None:  # torch.repeat_interleave(repeats)
        counts = _repeat_counts(input, input._array.size, 0)
        return _wrap(np.repeat(np.arange(counts.size), counts))
    if dim is None:
        input, d = flatten(input), 0
    else:
        d = _normalize_dim(parse_int(dim, "repeat_interleave", "dim", 2), input._array.ndim)
    n = input._array.shape[d] if input._array.ndim else 1
    if isinstance(repeats, Tensor):
        counts = np.broadcast_to(_repeat_counts(repeats, n, d), (n,))
        index = np.repeat(np.arange(n), counts)
        _check_output_size(output_size, index.size)
        return IndexSelect.apply(input, key=(slice(None),) * d + (index,), basic=False)
    repeats = parse_int(repeats, "repeat_interleave", "repeats", 1)
    if repeats < 0:
        raise RuntimeError("Repeats must be non-negative")
    shape = input._array.shape
    copies = expand(unsqueeze(input, d + 1), *shape[: d + 1], repeats, *shape[d + 1 :])
    from .convert import clone

    _check_output_size(output_size, n * repeats)
    return reshape(clone(copies), *shape[:d], n * repeats, *shape[d + 1 :])


def _check_output_size(output_size, total: int) -> None:
    if output_size is not None and output_size != total:
        raise RuntimeError(
            f"repeat_interleave: Invalid output_size, expected {total} but got {output_size}"
        )


def _repeat_counts(repeats, n: int, d) -> np.ndarray:
    counts = repeats._array
    if counts.dtype.kind not in "iu":
        raise NotImplementedError(
            f"\"repeat_interleave_cpu\" not implemented for '{repeats.dtype._torch_name}'"
        )
    if counts.ndim > 1:
        raise RuntimeError("repeats must be 0-dim or 1-dim tensor")
    counts = counts.reshape(-1)
    if counts.size != 1 and counts.size != n:
        raise RuntimeError(
            "repeats must have the same size as input along dim, but got "
            f"repeats.size(0) = {counts.size} and input.size({d}) = {n}"
        )
    if (counts < 0).any():
        raise RuntimeError("repeats can not be negative")
    return counts.astype(np.int64)


# In place, these change only how the tensor's memory is seen (autograd.views.change_shape).


def squeeze_(self, dim=None):
    return views.change_shape(self, squeeze, dim)


def unsqueeze_(self, dim: int):
    return views.change_shape(self, unsqueeze, dim)


def transpose_(self, dim0: int, dim1: int):
    return views.change_shape(self, transpose, dim0, dim1)


swapaxes_ = transpose_


def t_(self):
    if self._array.ndim > 2:
        raise RuntimeError(
            f"t_() expects a tensor with <= 2 dimensions, but self is {self._array.ndim}D"
        )
    return views.change_shape(self, t)


# --- indexing -----------------------------------------------------------------------------------


_INDEX_DTYPES = (np.dtype(np.int64), np.dtype(np.int32), np.dtype(np.uint8), np.dtype(np.bool_))
_UINT8_INDEX = (
    "indexing with dtype torch.uint8 is now deprecated, please use a dtype torch.bool instead."
)
_LIST_AS_TUPLE = (
    "Using a non-tuple sequence for multidimensional indexing is deprecated and will be changed "
    "in pytorch 2.9; use x[tuple(seq)] instead of x[seq]. In pytorch 2.9 this will be "
    "interpreted as tensor index, x[torch.tensor(seq)], which will result either in an error "
    "or a different result"
)


def _tensor_index(a: np.ndarray):
    """An index tensor's array as NumPy reads it: a 0-d integer tensor is an int, and a
    uint8 tensor is a mask (torch's old byte masks), as bool."""
    if a.ndim == 0 and a.dtype.kind == "i":  # x[tensor(1)] is x[1]
        return int(a)
    if a.dtype not in _INDEX_DTYPES:
        raise IndexError("tensors used as indices must be long, int, byte or bool tensors")
    if a.dtype == np.uint8:
        if a.ndim:  # a 0-d one is x[True] or x[False], as torch reads it without a word
            _warnings.warn(_UINT8_INDEX)
        return a.astype(np.bool_)
    return a


def _slice_bound(v):
    """A slice's start, stop or step as Python reads it (a tensor's __index__ says its own no)."""
    if v is None:
        return None
    if not hasattr(type(v), "__index__"):
        raise TypeError("slice indices must be integers or None or have an __index__ method")
    return operator.index(v)


def _index_part(part):
    if isinstance(part, Tensor):
        return _tensor_index(part._array)
    if isinstance(part, slice):
        start, stop, step = (_slice_bound(v) for v in (part.start, part.stop, part.step))
        if step == 0:
            raise ValueError("slice step cannot be zero")
        if step is not None and step < 0:
            raise ValueError("step must be greater than zero")
        return slice(start, stop, step)
    if isinstance(part, (list, np.ndarray)):
        a = np.asarray(part)
        return a.astype(np.int64) if a.dtype.kind == "f" else a  # torch truncates x[[0.5]]
    if isinstance(part, float):
        raise IndexError(
            "only integers, slices (`:`), ellipsis (`...`), None and long or byte Variables "
            "are valid indices (got float)"
        )
    if isinstance(part, str):  # torch tries to make an index tensor of it
        raise TypeError("new(): invalid data type 'str'")
    return part


def to_numpy_index(key):
    """A torch index (ints, slices, None, ..., masks, index tensors) as a NumPy index."""
    if isinstance(key, list) and _list_as_tuple(key):
        _warnings.warn(_LIST_AS_TUPLE)
        key = tuple(key)
    if isinstance(key, tuple):
        return tuple(_index_part(k) for k in key)
    return _index_part(key)


def _list_as_tuple(key: list) -> bool:
    """torch's rule (NumPy's before 1.23): a list of fewer than 32 parts that holds a
    sequence, tensor, slice, None or ... is a tuple of indices, x[[[0, 1], [1, 2]]] being
    x[[0, 1], [1, 2]]; other lists are one index."""
    sequences = (Tensor, slice, list, tuple, range, str, np.ndarray)
    return len(key) < 32 and any(
        p is None or p is Ellipsis or isinstance(p, sequences) for p in key
    )


def is_basic(key) -> bool:
    """Whether `key` indexes basically (ints, slices, None, ...): NumPy then gives a view."""
    parts = key if isinstance(key, tuple) else (key,)
    return all(
        p is None or p is Ellipsis or (isinstance(p, (int, slice)) and not isinstance(p, bool))
        for p in parts
    )  # x[True] is a 0-d mask, advanced indexing


def _numpy_error(e: IndexError) -> IndexError:
    return IndexError(str(e).replace("axis", "dimension"))


def index_error(e: IndexError, key, shape: tuple) -> IndexError:
    """NumPy's IndexError for `a[key]` told in torch's words."""
    if "too many indices" in str(e):
        if not shape and not isinstance(key, tuple):
            return IndexError(
                "invalid index of a 0-dim tensor. Use `tensor.item()` in Python or "
                "`tensor.item<T>()` in C++ to convert a 0-dim tensor to a number"
            )
        return IndexError(f"too many indices for tensor of dimension {len(shape)}")
    if "boolean index did not match" in str(e):
        parts = key if isinstance(key, tuple) else (key,)
        dim = 0
        for part in parts:
            if _is_mask(part):
                for j, n in enumerate(part.shape):
                    if n != shape[dim + j]:
                        return IndexError(
                            f"The shape of the mask {list(part.shape)} at index {j} does not "
                            f"match the shape of the indexed tensor {list(shape)} at index "
                            f"{dim + j}"
                        )
            if part is Ellipsis:
                dim += len(shape) - sum(_dims_indexed(p) for p in parts)
            dim += _dims_indexed(part)
    found = re.match(r"index (-?\d+) is out of bounds for axis (\d+) with size (\d+)", str(e))
    if found:
        index, axis, size = (int(g) for g in found.groups())
        position = _tensor_index_position(key, len(shape), axis)
        return IndexError(
            f"index {index} is out of bounds for dimension {position} with size {size}"
        )
    return _numpy_error(e)


def _tensor_index_position(key, ndim: int, axis: int) -> int:
    """The dimension torch names for an index out of bounds at `axis`: for an index tensor,
    its place among the index tensors (torch applies ints and slices first); else `axis`."""
    parts = key if isinstance(key, tuple) else (key,)
    dim, tensors = 0, 0
    for part in parts:
        if part is Ellipsis:
            dim += ndim - sum(_dims_indexed(p) for p in parts)
            continue
        if isinstance(part, np.ndarray):
            if dim <= axis < dim + _dims_indexed(part) and not _is_mask(part):
                return tensors
            tensors += _dims_indexed(part)
        dim += _dims_indexed(part)
    return axis


def _is_mask(part) -> bool:
    return isinstance(part, np.ndarray) and part.dtype == np.bool_


def _dims_indexed(part) -> int:
    """How many of the tensor's dims one part of an index consumes."""
    if part is None or part is Ellipsis:
        return 0
    return part.ndim if _is_mask(part) else 1


class Index(Function):
    # d a[key] = grad put back at the indexed positions (summed where an index repeats)
    @staticmethod
    def forward(ctx, a, key, basic):
        ctx.shape, ctx.dtype, ctx.key, ctx.basic = a.shape, a.dtype, key, basic
        return a[key]

    @staticmethod
    def backward(ctx, grad):
        out = np.zeros(ctx.shape, dtype=grad.dtype)
        if ctx.basic:
            out[ctx.key] = grad
        else:
            np.add.at(out, ctx.key, grad)
        return out


class BasicIndex(Index):
    is_view = True

    @staticmethod
    def forward(ctx, a, key, basic):
        # With a trailing Ellipsis NumPy returns a view even when every dim gets an int
        # (plain a[0] of a vector would be a copied scalar), so writes reach the base.
        parts = key if isinstance(key, tuple) else (key,)
        if not any(p is Ellipsis for p in parts):
            parts = (*parts, Ellipsis)
        ctx.shape, ctx.dtype, ctx.key, ctx.basic = a.shape, a.dtype, key, basic
        return a[parts]


class IndexSelect(Index):
    """index_select(a, dim, index): a indexed by one index tensor along one dim."""


class Unbind(BasicIndex):
    """One piece of a.unbind(dim): a[..., i] along dim."""


class Split(BasicIndex):
    """One piece of a.split(size, dim): a slice along dim."""


class Slice(BasicIndex):
    """tensor_split's pieces: torch slices each, even one that takes the whole dim."""


class SplitWithSizes(BasicIndex):
    """One piece of a.split([size, ...], dim): a slice along dim."""


def getitem(input, key):
    """input[key], as torch indexes: basic indexing gives a view, advanced a copy."""
    np_key = to_numpy_index(key)
    basic = is_basic(np_key)
    try:
        return (BasicIndex if basic else Index).apply(input, key=np_key, basic=basic)
    except IndexError as e:
        if "single ellipsis" in str(e):  # torch reads the ellipses after the first as nothing
            return getitem(input, _first_ellipsis_only(key))
        raise index_error(e, np_key, input._array.shape) from None


def _first_ellipsis_only(key: tuple) -> tuple:
    first = next(i for i, p in enumerate(key) if p is Ellipsis)
    return key[: first + 1] + tuple(p for p in key[first + 1 :] if p is not Ellipsis)


class IndexPut(Function):
    # d (a[key] = v) = grad with zeros at key (to a), grad[key] (to v)
    @staticmethod
    def forward(ctx, a, value, key):
        ctx.key = key
        out = a.copy()
        out[key] = value
        return out

    @staticmethod
    def backward(ctx, grad):
        ga = grad.copy()
        ga[ctx.key] = 0
        return ga, grad[ctx.key]


def index_select(input, dim: int, index):
    """The slices at positions `index` (a 1-D integer tensor) along `dim`."""
    require_tensors("index_select", input=input, index=index)
    d = _normalize_dim(dim, input._array.ndim)
    if index._array.ndim > 1:
        raise IndexError("index_select(): Index is supposed to be a vector")
    if index.dtype not in (_dtype.int32, _dtype.int64):
        raise RuntimeError("index_select(): Expected dtype int32 or int64 for index")
    positions = index._array.reshape(-1)
    _check_selected(input._array.shape, d, positions)
    key = (slice(None),) * d + (positions,)
    try:
        return IndexSelect.apply(input, key=key, basic=False)
    except IndexError as e:
        raise _numpy_error(e) from None


def _check_selected(shape: tuple, d: int, positions: np.ndarray) -> None:
    """torch's refusal of positions outside [0, size): a negative one counts from nowhere.
    Its kernels for dim 1 and for empty tensors word it apart."""
    size = shape[d] if shape else 1
    outside = positions[(positions < 0) | (positions >= size)]
    if not outside.size:
        return
    if len(shape) > 1 and size == 0:
        raise RuntimeError("index_select(): self indexing axis dim should be positive")
    if len(shape) > 1 and (d == 1 or 0 in shape):
        raise RuntimeError(
            f"INDICES element is out of DATA bounds, id={outside[0]} axis_dim={size}"
        )
    raise IndexError("index out of range in self")


_NARROW_SIGNATURES = ("(int dim, Tensor start, int length)", "(int dim, int start, int length)")


def narrow(input, dim: int, start: int, length: int):
    """`length` elements from `start` (which may count from the end) along `dim`: a view."""
    ints = [as_int(v) for v in (dim, start, length)]
    if None in ints:
        raise invalid_combination("narrow", (dim, start, length), _NARROW_SIGNATURES)
    dim, start, length = ints
    if input._array.ndim == 0:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    d = _normalize_dim(dim, input._array.ndim)
    size = input._array.shape[d]
    if not -size <= start <= size:
        raise IndexError(
            f"start out of range (expected to be in range of [{-size}, {size}], but got {start})"
        )
    start = start % size if start < 0 else start
    if length < 0:
        raise RuntimeError("narrow(): length must be non-negative.")
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return getitem(input, (slice(None),) * d + (slice(start, start + length),))


class Gather(Function):
    # d gather(a, dim, idx) = grad added back at the gathered positions
    @staticmethod
    def forward(ctx, a, dim, index):
        ctx.shape, ctx.dim, ctx.index = a.shape, dim, index
        a, index = _at_least_1d(a), _at_least_1d(index)  # 0-d ones gather as one element
        within = tuple(slice(None) if d == dim else slice(n) for d, n in enumerate(index.shape))
        out = np.take_along_axis(a[within], index, axis=dim)  # the output has index's shape
        return out.reshape(ctx.index.shape)

    @staticmethod
    def backward(ctx, grad):
        out = np.zeros(ctx.shape or (1,), dtype=grad.dtype)
        index = _at_least_1d(ctx.index)
        idx = list(np.indices(index.shape, sparse=True))
        idx[ctx.dim] = index
        np.add.at(out, tuple(idx), grad.reshape(index.shape))
        return out.reshape(ctx.shape)


def _at_least_1d(a: np.ndarray) -> np.ndarray:
    return a if a.ndim else a.reshape(1)


def _check_in_bounds(
    index: np.ndarray, dim: int, size: int, *, error=RuntimeError, prefix="", negatives=False
) -> None:
    """torch's error for the first index of gather/scatter (and index_add, index_copy,
    index_fill) outside [0, size), or [-size, size) where negatives count from the end."""
    lowest = -size if negatives else 0
    outside = (index < lowest) | (index >= size) if index.size else index
    if outside.any():
        raise error(
            f"{prefix}index {index[outside][0]} is out of bounds for dimension {dim} with "
            f"size {size}"
        )


def gather(input, dim: int, index):
    """out[i][j] = input[index[i][j]][j] for dim 0 (and likewise for other dims)."""
    a, i = input._array, index._array
    if i.dtype not in (np.int64, np.int32):
        raise RuntimeError("gather(): Expected dtype int32/int64 for index")
    d = _normalize_dim(dim, a.ndim)
    if max(i.ndim, 1) != max(a.ndim, 1):  # torch counts a 0-d tensor as 1-d here
        raise RuntimeError("Index tensor must have the same number of dimensions as input tensor")
    for k, (n, m) in enumerate(zip(i.shape or (1,), a.shape or (1,), strict=True)):
        if k != d and n > m:
            raise RuntimeError(
                f"Size does not match at dimension {k} expected index {list(i.shape)} to be no "
                f"larger than self {list(a.shape)} apart from dimension {d}"
            )
    _check_in_bounds(i, d, a.shape[d] if a.ndim else 1)
    return Gather.apply(input, dim=d, index=i)


def _positions(index: np.ndarray, dim: int) -> tuple:
    """Where gather reads and scatter writes: index's own coordinates, with `dim` replaced by
    the index values."""
    where = list(np.indices(index.shape, sparse=True))
    where[dim] = index
    return tuple(where)


def _used_part(src: np.ndarray, index: np.ndarray) -> tuple:
    """The slices of src that scatter reads: the leading block of index's shape."""
    return tuple(slice(n) for n in index.shape)


def _src_grad(grad: np.ndarray, ctx) -> np.ndarray:
    """grad gathered at the written positions, in src's shape (zero where src was not read)."""
    gathered = grad[ctx.where]
    if gathered.shape == ctx.src_shape:
        return gathered
    out = np.zeros(ctx.src_shape, dtype=grad.dtype)
    out[ctx.used] = gathered
    return out


class Scatter(Function):
    # d scatter(a, dim, idx, src) = grad with the written positions zeroed (to a),
    # grad gathered at those positions (to src)
    @staticmethod
    def forward(ctx, a, src, dim, index):
        ctx.where = _positions(index, dim)
        ctx.src_is_tensor = isinstance(src, np.ndarray)
        out = a.copy()
        if ctx.src_is_tensor:
            ctx.src_shape, ctx.used = src.shape, _used_part(src, index)
            src = src[ctx.used]
        out[ctx.where] = src
        return out

    @staticmethod
    def backward(ctx, grad):
        ga = grad.copy()
        ga[ctx.where] = 0
        return ga, (_src_grad(grad, ctx) if ctx.src_is_tensor else None)


class ScatterAdd(Function):
    # d scatter_add(a, dim, idx, src) = grad (to a), grad gathered at the positions (to src)
    @staticmethod
    def forward(ctx, a, src, dim, index):
        ctx.where = _positions(index, dim)
        ctx.src_shape, ctx.used = src.shape, _used_part(src, index)
        out = a.copy()
        np.add.at(out, ctx.where, src[ctx.used])
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad, _src_grad(grad, ctx)


def _check_scatter(fn: str, a: np.ndarray, d: int, i: np.ndarray, src) -> None:
    """torch's checks of scatter and scatter_add, in its order."""
    if i.dtype not in (np.int64, np.int32):
        raise RuntimeError(f"{fn}(): Expected dtype int32/int64 for index")
    if isinstance(src, Tensor) and src._array.dtype != a.dtype:
        raise RuntimeError(f"{fn}(): Expected self.dtype to be equal to src.dtype")
    if i.ndim != a.ndim:
        raise RuntimeError("Index tensor must have the same number of dimensions as self tensor")
    for k, (n, m) in enumerate(zip(i.shape, a.shape, strict=True)):
        if k != d and n > m:
            raise RuntimeError(
                f"Expected index {list(i.shape)} to be no larger than self {list(a.shape)} "
                f"apart from dimension {d} and to be no larger size than src "
                f"{list(src.shape) if isinstance(src, Tensor) else []}"
            )
    if isinstance(src, Tensor) and any(n > m for n, m in zip(i.shape, src.shape, strict=False)):
        raise RuntimeError(
            f"Expected index {list(i.shape)} to be no larger than self {list(a.shape)} apart "
            f"from dimension {d} and to be no larger size than src {list(src.shape)}"
        )
    _check_in_bounds(i, d, a.shape[d])


def scatter(input, dim: int, index, src=None, *, value=None):
    """A copy of input with src (or one value) written at the positions index gives along
    dim: out[index[i][j]][j] = src[i][j] for dim 0. `y.scatter_(1, labels, 1)` one-hot encodes."""
    if src is None:
        src = value
    a, i = input._array, index._array
    d = _normalize_dim(dim, a.ndim)
    _check_scatter("scatter", a, d, i, src)
    if isinstance(src, Tensor):
        return Scatter.apply(input, src, dim=d, index=i)
    return Scatter.apply(input, a.dtype.type(src), dim=d, index=i)


def scatter_add(input, dim: int, index, src):
    """A copy of input with src added at the positions index gives along dim (repeated
    positions add up): out[index[i][j]][j] += src[i][j] for dim 0."""
    a, i = input._array, index._array
    d = _normalize_dim(dim, a.ndim)
    _check_scatter("scatter_add", a, d, i, src)
    return ScatterAdd.apply(input, src, dim=d, index=i)


class MaskedFill(Function):
    # d masked_fill(a, m, v) = grad where not m (to a), sum of grad where m (to v, a 0-d tensor)
    @staticmethod
    def forward(ctx, a, mask, value):
        ctx.save_for_backward(mask)
        shape = np.broadcast_shapes(a.shape, mask.shape)  # a mask may broadcast the input
        out = a.copy() if a.shape == shape else np.array(np.broadcast_to(a, shape))
        np.copyto(out, value, where=mask)
        return out

    @staticmethod
    def backward(ctx, grad):
        (mask,) = ctx.saved_tensors
        zero = grad.dtype.type(0)
        gv = np.where(mask, grad, zero).sum() if ctx.needs_input_grad[2] else None
        return np.where(mask, zero, grad), None, gv


def masked_fill(input, mask, value):
    """Where `mask` holds, `value` (a number or a 0-d tensor); elsewhere the input."""
    if mask._array.dtype != np.bool_:
        raise RuntimeError(
            "masked_fill_ only supports boolean masks, but got mask with dtype "
            f"{mask.dtype._c_name}"
        )
    if isinstance(value, Tensor):
        if value._array.ndim:
            raise RuntimeError(
                "masked_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                f"{value._array.ndim} dimension(s)."
            )
        _fill_value(value, input.dtype)  # torch's overflow check: inf fits no integer
        value = value.to(input.dtype)
    elif isinstance(value, (int, float, np.number)):  # bools are ints
        value = _fill_value(value, input.dtype)
    else:
        raise refused_fill_value("masked_fill", (mask, value), ("mask", "value"))
    broadcast_shape(mask._array.shape, input._array.shape)  # torch's words for a clash
    return MaskedFill.apply(input, mask, value)


# --- joining and splitting ----------------------------------------------------------------------


class Cat(Function):
    # d cat(a, b, ...) = grad cut back into the pieces
    @staticmethod
    def forward(ctx, *arrays, dim):
        ctx.dim = dim
        ctx.bounds = np.cumsum([a.shape[dim] for a in arrays])[:-1]
        return np.concatenate(arrays, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        return tuple(np.split(grad, ctx.bounds, axis=ctx.dim))


class Stack(Function):
    # d stack(a, b, ...) = grad taken apart along the new dim
    @staticmethod
    def forward(ctx, *arrays, dim):
        ctx.dim = dim
        return np.stack(arrays, axis=dim)

    @staticmethod
    def backward(ctx, grad):
        return tuple(np.moveaxis(grad, ctx.dim, 0))


def _same_dtype(tensors, fn: str, empty: Exception) -> list:
    if isinstance(tensors, Tensor) or not isinstance(tensors, (list, tuple)):
        raise TypeError(
            f"{fn}(): argument 'tensors' (position 1) must be tuple of Tensors, "
            f"not {type(tensors).__name__}"
        )
    if not tensors:
        raise empty
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(
                f"expected Tensor as element {i} in argument 0, but got {type(t).__name__}"
            )
    d = _dtype.result_type(*tensors) if len(tensors) > 1 else tensors[0].dtype
    return [t if t._array.dtype == d.np else t.to(d) for t in tensors]


def cat(tensors, dim: int = 0, *, axis: int | None = None):
    """Join tensors along an existing dim."""
    dim = axis if axis is not None else dim
    empty = ValueError("torch.cat(): expected a non-empty list of Tensors")
    tensors = _same_dtype(tensors, "cat", empty)
    for i, t in enumerate(tensors):
        if t._array.ndim == 0:
            raise RuntimeError(f"zero-dimensional tensor (at position {i}) cannot be concatenated")
    # torch skips 1-D empty tensors (the old way to start an accumulator) among others
    skip = [t._array.shape == (0,) for t in tensors]
    if all(skip):
        skip = [False] * len(tensors)
    first = next(t for t, s in zip(tensors, skip, strict=True) if not s)._array
    for t, s in zip(tensors, skip, strict=True):
        if not s and t._array.ndim != first.ndim:
            raise RuntimeError(
                f"Tensors must have same number of dimensions: got {first.ndim} and {t._array.ndim}"
            )
    d = _normalize_dim(dim, first.ndim)
    for i, (t, s) in enumerate(zip(tensors, skip, strict=True)):
        for k in range(first.ndim):
            if not s and k != d and t._array.shape[k] != first.shape[k]:
                raise RuntimeError(
                    f"Sizes of tensors must match except in dimension {d}. Expected size "
                    f"{first.shape[k]} but got size {t._array.shape[k]} for tensor number {i} "
                    "in the list."
                )
    if any(skip):  # a skipped tensor joins as an empty slab, so that it still gets a gradient
        slab = first.shape[:d] + (0,) + first.shape[d + 1 :]
        tensors = [reshape(t, slab) if s else t for t, s in zip(tensors, skip, strict=True)]
    return Cat.apply(*tensors, dim=d)


concat = cat
concatenate = cat


def stack(tensors, dim: int = 0):
    """Join equally shaped tensors along a new dim."""
    tensors = _same_dtype(tensors, "stack", RuntimeError("stack expects a non-empty TensorList"))
    first = tensors[0]._array.shape
    for i, t in enumerate(tensors):
        if t._array.shape != first:
            raise RuntimeError(
                f"stack expects each tensor to be equal size, but got {list(first)} at entry 0 "
                f"and {list(t._array.shape)} at entry {i}"
            )
    return Stack.apply(*tensors, dim=_normalize_dim(dim, len(first) + 1))


def hstack(tensors):
    return cat(tensors, 0 if tensors[0]._array.ndim == 1 else 1)


def vstack(tensors):
    return cat([t if t._array.ndim > 1 else t.reshape(1, -1) for t in tensors], 0)


def dstack(tensors):
    """Join along the third dim, each tensor made at least 3-D first."""
    _same_dtype(tensors, "dstack", RuntimeError("dstack expects a non-empty TensorList"))
    return cat([atleast_3d(t) for t in tensors], 2)


def column_stack(tensors):
    """Join as columns: 0-d and 1-D tensors become columns, the rest join along dim 1."""
    empty = RuntimeError("column_stack expects a non-empty TensorList")
    _same_dtype(tensors, "column_stack", empty)
    return cat([t if t._array.ndim > 1 else reshape(t, t._array.size, 1) for t in tensors], 1)


_ATLEAST_SIGNATURES = ("(Tensor input)", "(tuple of Tensors tensors)")


def _at_least(name: str, make, tensors: tuple):
    """atleast_nd: one tensor gives one tensor; several, or a list of them, a tuple."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        return tuple(_at_least(name, make, (t,)) for t in tensors[0])
    for t in tensors:
        if not isinstance(t, Tensor):
            raise invalid_combination(name, tensors, _ATLEAST_SIGNATURES)
    return make(tensors[0]) if len(tensors) == 1 else tuple(make(t) for t in tensors)


def atleast_1d(*tensors):
    """The tensor as is, or a 0-d one as one of shape (1,)."""
    return _at_least("atleast_1d", lambda t: reshape(t, 1) if t._array.ndim == 0 else t, tensors)


def atleast_2d(*tensors):
    """The tensor as is if it has 2 dims or more; a vector becomes a row, a 0-d one (1, 1)."""

    def make(t):
        n = t._array.ndim
        return reshape(t, 1, 1) if n == 0 else unsqueeze(t, 0) if n == 1 else t

    return _at_least("atleast_2d", make, tensors)


def atleast_3d(*tensors):
    """The tensor as is if it has 3 dims or more; else shaped (1, n, 1), (rows, cols, 1) or
    (1, 1, 1)."""

    def make(t):
        n = t._array.ndim
        if n == 0:
            return reshape(t, 1, 1, 1)
        if n == 1:
            return unsqueeze(unsqueeze(t, 0), -1)
        return unsqueeze(t, -1) if n == 2 else t

    return _at_least("atleast_3d", make, tensors)


def broadcast_shapes(*shapes):
    """The shape tensors of these shapes broadcast to (an int stands for a 1-D shape)."""
    shapes = [(s,) if isinstance(s, int) else s for s in shapes if s is not None]
    for shape in shapes:
        if not isinstance(shape, (list, tuple)):
            raise RuntimeError(
                "Input shapes should be of type ints, a tuple of ints, or a list of ints, got "
                f"{shape}"
            )
    common = [1] * max((len(shape) for shape in shapes), default=0)
    for k, shape in enumerate(shapes):
        for i in range(-1, -1 - len(shape), -1):
            if shape[i] == common[i]:
                continue
            if common[i] == 1:
                if shape[i] < 0:
                    raise ValueError("Attempting to broadcast a dimension with negative length!")
                common[i] = shape[i]
            if shape[i] != 1 and shape[i] != common[i]:
                raise RuntimeError(
                    f"Attempting to broadcast a dimension of length {shape[i]} at {i}! "
                    f"Mismatching argument at index {k} had {shape}; but expected shape should "
                    f"be broadcastable to {common}"
                )
    return Size(common)


def split(tensor, split_size_or_sections, dim: int = 0):
    """Cut into pieces of a given size (the last may be smaller) or of the given sizes."""
    d = _normalize_dim(dim, tensor._array.ndim)
    n = tensor._array.shape[d]
    if isinstance(split_size_or_sections, Tensor) and split_size_or_sections.ndim == 0:
        split_size_or_sections = int(split_size_or_sections.item())
    if isinstance(split_size_or_sections, int):
        size = split_size_or_sections
        if size < 0:
            raise RuntimeError(
                f"split expects split_size be non-negative, but got split_size={size}"
            )
        if size == 0 and n:
            raise RuntimeError(
                f"split_size can only be 0 if dimension size is 0, but got dimension size of {n}"
            )
        sizes = [size] * (n // size) + ([n % size] if n % size else []) if size else []
        sizes = sizes or [0]  # an empty dim still gives one (empty) piece
    else:
        sizes = list(_SPLIT_SIZES((split_size_or_sections,)))
        if any(k < 0 for k in sizes):
            raise RuntimeError(
                "split_with_sizes expects split_sizes have only non-negative entries, but got "
                f"split_sizes={sizes}"
            )
        if sum(sizes) != n:
            raise RuntimeError(
                f"split_with_sizes expects split_sizes to sum exactly to {n} (input tensor's "
                f"size at dimension {d}), but got split_sizes={sizes}"
            )
    piece = Split if isinstance(split_size_or_sections, int) else SplitWithSizes
    starts = np.cumsum([0] + sizes[:-1])
    pieces = zip(starts, sizes, strict=True)
    keys = [(slice(None),) * d + (slice(int(s), int(s) + k),) for s, k in pieces]
    return tuple(piece.apply(tensor, key=key, basic=True) for key in keys)


_TENSOR_SPLIT_SIGNATURES = (
    "(Tensor input, tuple of ints indices, int dim = 0)",
    "(Tensor input, Tensor tensor_indices_or_sections, int dim = 0)",
    "(Tensor input, int sections, int dim = 0)",
)


def tensor_split(input, indices_or_sections, dim: int = 0):
    """Cut into n nearly equal pieces (the first n % size ones a longer), or at the given
    indices (each piece input[i:j] along dim, as Python slices it): views."""
    how = _split_points(input, indices_or_sections)
    if as_int(dim) is None:
        raise invalid_combination("tensor_split", (input, how, dim), _TENSOR_SPLIT_SIGNATURES)
    dim = as_int(dim)
    if input._array.ndim == 0:
        raise RuntimeError(
            "tensor_split expected at least a 1-dimensional tensor, but got a tensor with 0 dims"
        )
    d = _normalize_dim(dim, input._array.ndim)
    if isinstance(how, int):
        if how <= 0:
            raise RuntimeError(f"number of sections must be larger than 0, got {how}")
        size, longer = divmod(input._array.shape[d], how)
        ends = list(np.cumsum([size + (i < longer) for i in range(how)]))
        how = [int(e) for e in ends[:-1]]
    keys = [(slice(None),) * d + (slice(a, b),) for a, b in zip([0, *how], [*how, None])]  # noqa: B905
    return tuple(Slice.apply(input, key=key, basic=True) for key in keys)


def _split_points(input, how):
    """tensor_split's sections (an int) or indices (a list of ints), as torch parses them."""
    if isinstance(how, Tensor):
        if how._array.ndim > 1:
            raise RuntimeError(
                "tensor_split expected tensor_indices_or_sections to be a zero-dimensional or "
                f"one-dimensional tensor, but got a tensor with {how._array.ndim} dims"
            )
        if how._array.dtype != np.int64:
            raise RuntimeError(
                "tensor_split expected tensor_indices_or_sections to have dtype of long, but "
                f"got {how.dtype._torch_name}"
            )
        return int(how._array) if how._array.ndim == 0 else how._array.tolist()
    if isinstance(how, (list, tuple)):
        points = [as_int(i) for i in how]
        if None not in points:
            return points
    elif as_int(how) is not None:
        return as_int(how)
    raise invalid_combination("tensor_split", (input, how), _TENSOR_SPLIT_SIGNATURES)


def chunk(input, chunks: int, dim: int = 0):
    """Cut into `chunks` pieces of ceil(n / chunks) (fewer if they run out)."""
    chunks = parse_int(chunks, "chunk", "chunks", 1)
    dim = parse_int(dim, "chunk", "dim", 2)
    if input._array.ndim == 0:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    n = input._array.shape[_normalize_dim(dim, input._array.ndim)]
    if n == 0:  # torch gives `chunks` empty pieces here, cut by sizes
        return split(input, [0] * chunks, dim)
    return split(input, max(math.ceil(n / chunks), 1), dim)


def unbind(input, dim: int = 0):
    """The slices along `dim`, as a tuple."""
    d = _normalize_dim(dim, input._array.ndim)
    if input._array.ndim == 0:
        raise IndexError("Dimension specified as 0 but tensor has no dimensions")
    keys = [(slice(None),) * d + (i,) for i in range(input._array.shape[d])]
    return tuple(Unbind.apply(input, key=k, basic=True) for k in keys)


def meshgrid(*tensors, indexing: str | None = None):
    """Coordinate grids from 1-D tensors; 'ij' (matrix) or 'xy' (Cartesian) indexing."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    if indexing is None:
        warnings.warn(
            "torch.meshgrid: in an upcoming release, it will be required to pass the indexing "
            "argument.",
            UserWarning,
            stacklevel=2,
        )
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise RuntimeError(
            f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}'
        )
    swap = indexing == "xy" and len(tensors) >= 2
    order = list(tensors)
    if swap:
        order[0], order[1] = order[1], order[0]
    shape = tuple(t._array.size for t in order)
    grids = []
    for i, t in enumerate(order):
        view_shape = [1] * len(order)
        view_shape[i] = -1
        grids.append(expand(reshape(t, *view_shape), *shape))
    if swap:
        grids[0], grids[1] = grids[1], grids[0]
    return tuple(grids)
