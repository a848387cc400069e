"""Binds the ops as Tensor methods and operators: `x.exp()`, `x + y`, `x.add_(y)`, `x[0] = 1`.

Every method is the functional op with the tensor as first argument, so `x.sum(0)` and
`cybenko.sum(x, 0)` are one code path. In-place forms (`add_`, `+=`) go through
`autograd.views.apply_inplace`, which applies torch's rules for tensors in the graph.
"""

from __future__ import annotations

import numpy as np

from . import _dtype, _numpy_names, _removed, _torch_linalg, autograd
from ._tensor import Tensor
from .autograd import grad_mode, views
from .ops import (
    arithmetic,
    compare,
    convert,
    counting,
    creation,
    cumulative,
    diagonal,
    elementwise,
    indexing,
    inplace,
    linalg,
    norms,
    reduce,
    sampling,
    shape,
    softmax,
    sorting,
    storage,
)

Tensor.add = arithmetic.add
Tensor.sub = arithmetic.sub
Tensor.mul = arithmetic.mul
Tensor.div = arithmetic.div
Tensor.pow = arithmetic.pow
Tensor.neg = arithmetic.neg
Tensor.negative = arithmetic.negative
Tensor.reciprocal = arithmetic.reciprocal
Tensor.square = arithmetic.square
Tensor.remainder = arithmetic.remainder
Tensor.floor_divide = arithmetic.floor_divide

Tensor.exp = elementwise.exp
Tensor.log = elementwise.log
Tensor.log1p = elementwise.log1p
Tensor.sqrt = elementwise.sqrt
Tensor.sin = elementwise.sin
Tensor.cos = elementwise.cos
Tensor.tanh = elementwise.tanh
Tensor.sigmoid = elementwise.sigmoid
Tensor.relu = elementwise.relu
Tensor.abs = elementwise.abs
Tensor.sign = elementwise.sign
Tensor.floor = elementwise.floor
Tensor.ceil = elementwise.ceil
Tensor.trunc = elementwise.trunc
Tensor.round = elementwise.round
Tensor.clamp = elementwise.clamp
Tensor.clip = elementwise.clip
Tensor.clamp_min = elementwise.clamp_min
Tensor.clamp_max = elementwise.clamp_max
Tensor.maximum = elementwise.maximum
Tensor.minimum = elementwise.minimum
Tensor.tan = elementwise.tan
Tensor.asin = elementwise.asin
Tensor.acos = elementwise.acos
Tensor.atan = elementwise.atan
Tensor.sinh = elementwise.sinh
Tensor.cosh = elementwise.cosh
Tensor.asinh = elementwise.asinh
Tensor.acosh = elementwise.acosh
Tensor.atanh = elementwise.atanh
Tensor.erf = elementwise.erf
Tensor.erfc = elementwise.erfc
Tensor.erfinv = elementwise.erfinv
Tensor.expm1 = elementwise.expm1
Tensor.log2 = elementwise.log2
Tensor.log10 = elementwise.log10
Tensor.rsqrt = elementwise.rsqrt
Tensor.lgamma = elementwise.lgamma
Tensor.deg2rad = elementwise.deg2rad
Tensor.rad2deg = elementwise.rad2deg
Tensor.atan2 = elementwise.atan2
Tensor.nan_to_num = elementwise.nan_to_num
Tensor.arcsin = elementwise.arcsin
Tensor.arccos = elementwise.arccos
Tensor.arctan = elementwise.arctan
Tensor.arcsinh = elementwise.arcsinh
Tensor.arccosh = elementwise.arccosh
Tensor.arctanh = elementwise.arctanh
Tensor.arctan2 = elementwise.arctan2
Tensor.fmod = arithmetic.fmod
Tensor.lerp = arithmetic.lerp
Tensor.addcmul = arithmetic.addcmul
Tensor.addcdiv = arithmetic.addcdiv
Tensor.vdot = arithmetic.vdot
Tensor.hypot = elementwise.hypot
Tensor.frac = elementwise.frac
Tensor.signbit = elementwise.signbit
Tensor.fmax = elementwise.fmax
Tensor.fmin = elementwise.fmin
Tensor.exp2 = elementwise.exp2
Tensor.logit = elementwise.logit
Tensor.sinc = elementwise.sinc
Tensor.xlogy = elementwise.xlogy
Tensor.copysign = elementwise.copysign
Tensor.nextafter = elementwise.nextafter
Tensor.heaviside = elementwise.heaviside
Tensor.float_power = arithmetic.float_power

Tensor.sum = reduce.sum
Tensor.mean = reduce.mean
Tensor.var = reduce.var
Tensor.std = reduce.std
Tensor.prod = reduce.prod
Tensor.max = reduce.max
Tensor.min = reduce.min
Tensor.amax = reduce.amax
Tensor.amin = reduce.amin
Tensor.argmax = reduce.argmax
Tensor.argmin = reduce.argmin
Tensor.cumsum = reduce.cumsum
Tensor.all = reduce.all
Tensor.any = reduce.any
Tensor.nonzero = reduce.nonzero
Tensor.argwhere = reduce.argwhere
Tensor.count_nonzero = reduce.count_nonzero
Tensor.nansum = reduce.nansum
Tensor.nanmean = reduce.nanmean
Tensor.aminmax = reduce.aminmax
Tensor.sort = sorting.sort
Tensor.argsort = sorting.argsort
Tensor.msort = sorting.msort
Tensor.topk = sorting.topk
Tensor.kthvalue = sorting.kthvalue
Tensor.median = sorting.median
Tensor.nanmedian = sorting.nanmedian
Tensor.mode = sorting.mode
Tensor.quantile = sorting.quantile
Tensor.nanquantile = sorting.nanquantile
Tensor.unique = counting.unique
Tensor.unique_consecutive = counting.unique_consecutive
Tensor.bincount = counting.bincount
Tensor.histc = counting.histc
Tensor.cumprod = cumulative.cumprod
Tensor.cummax = cumulative.cummax
Tensor.cummin = cumulative.cummin
Tensor.logcumsumexp = cumulative.logcumsumexp
Tensor.diff = cumulative.diff

Tensor.softmax = softmax.softmax
Tensor.log_softmax = softmax.log_softmax
Tensor.logsumexp = softmax.logsumexp

Tensor.eq = compare.eq
Tensor.ne = compare.ne
Tensor.lt = compare.lt
Tensor.le = compare.le
Tensor.gt = compare.gt
Tensor.ge = compare.ge
Tensor.greater = compare.greater
Tensor.greater_equal = compare.greater_equal
Tensor.less = compare.less
Tensor.less_equal = compare.less_equal
Tensor.not_equal = compare.not_equal
Tensor.equal = compare.equal
Tensor.allclose = compare.allclose
Tensor.isclose = compare.isclose
Tensor.logical_and = compare.logical_and
Tensor.logical_or = compare.logical_or
Tensor.logical_xor = compare.logical_xor
Tensor.logical_not = compare.logical_not
Tensor.bitwise_not = compare.bitwise_not
Tensor.bitwise_and = compare.bitwise_and
Tensor.bitwise_or = compare.bitwise_or
Tensor.bitwise_xor = compare.bitwise_xor
Tensor.bitwise_left_shift = compare.bitwise_left_shift
Tensor.bitwise_right_shift = compare.bitwise_right_shift
Tensor.isnan = compare.isnan
Tensor.isinf = compare.isinf
Tensor.isfinite = compare.isfinite

Tensor.matmul = linalg.matmul
Tensor.mm = linalg.mm
Tensor.bmm = linalg.bmm
Tensor.mv = linalg.mv
Tensor.dot = linalg.dot
Tensor.outer = linalg.outer
Tensor.norm = _torch_linalg.norm_method
Tensor.det = _torch_linalg.det
Tensor.eig = _removed.eig
Tensor.symeig = _removed.symeig
Tensor.solve = _removed.solve
Tensor.lstsq = _removed.lstsq
Tensor.reinforce = _removed.reinforce
Tensor.logdet = _torch_linalg.logdet
Tensor.slogdet = _torch_linalg.slogdet
Tensor.inverse = _torch_linalg.inverse
Tensor.pinverse = _torch_linalg.pinverse
Tensor.svd = _torch_linalg.svd
Tensor.cholesky = _torch_linalg.cholesky
Tensor.dist = norms.dist
Tensor.renorm = norms.renorm
Tensor.addmm = linalg.addmm
Tensor.baddbmm = linalg.baddbmm
Tensor.addbmm = linalg.addbmm
Tensor.inner = linalg.inner
Tensor.cross = linalg.cross
Tensor.kron = linalg.kron

Tensor.view = shape.view
Tensor.reshape = shape.reshape
Tensor.resize = shape.resize
Tensor.view_as = shape.view_as
Tensor.reshape_as = shape.reshape_as
Tensor.flatten = shape.flatten
Tensor.unflatten = shape.unflatten
Tensor.ravel = shape.ravel
Tensor.transpose = shape.transpose
Tensor.swapaxes = shape.swapaxes
Tensor.t = shape.t
Tensor.permute = shape.permute
Tensor.expand = shape.expand
Tensor.expand_as = shape.expand_as
Tensor.broadcast_to = shape.broadcast_to
Tensor.repeat = shape.repeat
Tensor.squeeze = shape.squeeze
Tensor.unsqueeze = shape.unsqueeze
Tensor.index_select = shape.index_select
Tensor.narrow = shape.narrow
Tensor.gather = shape.gather
Tensor.masked_fill = shape.masked_fill
Tensor.scatter = shape.scatter
Tensor.scatter_add = shape.scatter_add
Tensor.split = shape.split
Tensor.tensor_split = shape.tensor_split
Tensor.chunk = shape.chunk
Tensor.unbind = shape.unbind
Tensor.roll = shape.roll
Tensor.rot90 = shape.rot90
Tensor.fliplr = shape.fliplr
Tensor.flipud = shape.flipud
Tensor.tile = shape.tile
Tensor.repeat_interleave = shape.repeat_interleave
Tensor.moveaxis = shape.moveaxis
Tensor.movedim = shape.movedim
Tensor.select = shape.select
Tensor.unfold = shape.unfold
Tensor.sum_to_size = shape.sum_to_size
Tensor.squeeze_ = shape.squeeze_
Tensor.unsqueeze_ = shape.unsqueeze_
Tensor.transpose_ = shape.transpose_
Tensor.swapaxes_ = shape.swapaxes_
Tensor.t_ = shape.t_
Tensor.take = indexing.take
Tensor.take_along_dim = indexing.take_along_dim
Tensor.masked_select = indexing.masked_select
Tensor.index_add = indexing.index_add
Tensor.index_copy = indexing.index_copy
Tensor.index_fill = indexing.index_fill
Tensor.index_put = indexing.index_put
Tensor.masked_scatter = indexing.masked_scatter
Tensor.put = indexing.put
Tensor.tril = diagonal.tril
Tensor.triu = diagonal.triu
Tensor.diag = diagonal.diag
Tensor.diag_embed = diagonal.diag_embed
Tensor.diagonal = diagonal.diagonal
Tensor.trace = diagonal.trace
Tensor.fill_diagonal_ = diagonal.fill_diagonal_
Tensor.data_ptr = storage.data_ptr
Tensor.resize_ = storage.resize_
Tensor.apply_ = storage.apply_

Tensor.uniform_ = sampling.uniform_
Tensor.normal_ = sampling.normal_
Tensor.random_ = sampling.random_
Tensor.bernoulli_ = sampling.bernoulli_
Tensor.exponential_ = sampling.exponential_
Tensor.geometric_ = sampling.geometric_
Tensor.bernoulli = sampling.bernoulli
Tensor.multinomial = sampling.multinomial

Tensor.to = convert.to
Tensor.clone = convert.clone
Tensor.double = convert.double
Tensor.long = convert.long
Tensor.byte = convert.byte
Tensor.type_as = convert.type_as
Tensor.cpu = convert.cpu
Tensor.cuda = convert.cuda
Tensor.float = convert.float_
Tensor.int = convert.int_
Tensor.bool = convert.bool_
Tensor.half = convert.half
Tensor.char = convert.char
Tensor.short = convert.short
Tensor.bfloat16 = convert.bfloat16

Tensor.fill_ = inplace.fill_
Tensor.zero_ = inplace.zero_
Tensor.copy_ = inplace.copy_

Tensor.new_zeros = creation.new_zeros
Tensor.new_ones = creation.new_ones
Tensor.new_empty = creation.new_empty
Tensor.new_full = creation.new_full
Tensor.new_tensor = creation.new_tensor
Tensor.new = creation.new

# torch's other names for the same ops
Tensor.true_divide = arithmetic.div
Tensor.multiply = arithmetic.mul
Tensor.subtract = arithmetic.sub
Tensor.divide = arithmetic.div
Tensor.absolute = elementwise.abs
Tensor.T = property(shape.T)
Tensor.mT = property(shape.mT)
Tensor.mH = property(shape.mH)


def _where(self, condition, other):
    return elementwise.where(condition, self, other)


Tensor.where = _where


def _flip(self, *dims, **kwargs):
    """x.flip(0, 1): the method also takes the dims as separate ints (torch.flip does not)."""
    return shape.flip(self, *([dims] if len(dims) > 1 else dims), **kwargs)


Tensor.flip = _flip


def _backward(self, gradient=None, retain_graph=None, create_graph=False, inputs=None):
    """Compute the gradient of this tensor with respect to the graph's leaves."""
    autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)


Tensor.backward = _backward

# --- operators ----------------------------------------------------------------------------------
Tensor.__add__ = arithmetic.add
Tensor.__radd__ = arithmetic.add
Tensor.__sub__ = arithmetic.sub
Tensor.__rsub__ = lambda self, other: arithmetic.sub(other, self)
Tensor.__mul__ = arithmetic.mul
Tensor.__rmul__ = arithmetic.mul
Tensor.__truediv__ = arithmetic.div
Tensor.__rtruediv__ = lambda self, other: arithmetic.div(other, self)
Tensor.__floordiv__ = arithmetic.floor_divide
Tensor.__rfloordiv__ = lambda self, other: arithmetic.floor_divide(other, self)
Tensor.__mod__ = arithmetic.remainder
Tensor.__rmod__ = lambda self, other: arithmetic.remainder(other, self)
Tensor.__pow__ = arithmetic.pow
Tensor.__rpow__ = lambda self, other: arithmetic.pow(other, self)
Tensor.__matmul__ = linalg.matmul_operator
Tensor.__rmatmul__ = linalg.rmatmul_operator
Tensor.__neg__ = arithmetic.neg
Tensor.__pos__ = lambda self: self
Tensor.__abs__ = elementwise.abs
Tensor.__invert__ = compare.invert
Tensor.__and__ = Tensor.__rand__ = compare.bitwise_and
Tensor.__or__ = Tensor.__ror__ = compare.bitwise_or
Tensor.__xor__ = Tensor.__rxor__ = compare.bitwise_xor
Tensor.__lshift__ = compare.bitwise_left_shift
Tensor.__rlshift__ = lambda self, other: compare.bitwise_left_shift(other, self)
Tensor.__rshift__ = compare.bitwise_right_shift
Tensor.__rrshift__ = lambda self, other: compare.bitwise_right_shift(other, self)


def _or_identity(op):
    """x == None is False and x != None True, as in torch: for an operand that is no tensor,
    array or number the operator returns NotImplemented, and Python compares identities."""

    def method(self, other):
        if isinstance(other, (Tensor, int, float, complex, np.ndarray, np.generic)):
            return op(self, other)
        return NotImplemented

    method.__name__ = op.__name__
    return method


Tensor.__eq__ = _or_identity(compare.eq)
Tensor.__ne__ = _or_identity(compare.ne)
Tensor.__lt__ = compare.lt
Tensor.__le__ = compare.le
Tensor.__gt__ = compare.gt
Tensor.__ge__ = compare.ge
Tensor.__getitem__ = shape.getitem
Tensor.__setitem__ = inplace.setitem


# --- in place -----------------------------------------------------------------------------------
def _inplace(op):
    def method(self, *args, **kwargs):
        return views.apply_inplace(self, op, *args, **kwargs)

    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place {op.__name__}: writes the result into this tensor."
    return method


Tensor.pow_ = _inplace(arithmetic.pow)
Tensor.neg_ = _inplace(arithmetic.neg)
Tensor.reciprocal_ = _inplace(arithmetic.reciprocal)
Tensor.square_ = _inplace(arithmetic.square)
Tensor.remainder_ = _inplace(arithmetic.remainder)
Tensor.exp_ = _inplace(elementwise.exp)
Tensor.log_ = _inplace(elementwise.log)
Tensor.log1p_ = _inplace(elementwise.log1p)
Tensor.sqrt_ = _inplace(elementwise.sqrt)
Tensor.sin_ = _inplace(elementwise.sin)
Tensor.cos_ = _inplace(elementwise.cos)
Tensor.tanh_ = _inplace(elementwise.tanh)
Tensor.sigmoid_ = _inplace(elementwise.sigmoid)
Tensor.relu_ = _inplace(elementwise.relu)
Tensor.abs_ = _inplace(elementwise.abs)
Tensor.sign_ = _inplace(elementwise.sign)
Tensor.floor_ = _inplace(elementwise.floor)
Tensor.ceil_ = _inplace(elementwise.ceil)
Tensor.trunc_ = _inplace(elementwise.trunc)
Tensor.round_ = _inplace(elementwise.round)
Tensor.clamp_ = _inplace(elementwise.clamp)
Tensor.clip_ = _inplace(elementwise.clip)
Tensor.clamp_min_ = _inplace(elementwise.clamp_min)
Tensor.clamp_max_ = _inplace(elementwise.clamp_max)
Tensor.tan_ = _inplace(elementwise.tan)
Tensor.asin_ = _inplace(elementwise.asin)
Tensor.acos_ = _inplace(elementwise.acos)
Tensor.atan_ = _inplace(elementwise.atan)
Tensor.sinh_ = _inplace(elementwise.sinh)
Tensor.cosh_ = _inplace(elementwise.cosh)
Tensor.asinh_ = _inplace(elementwise.asinh_inplace)
Tensor.acosh_ = _inplace(elementwise.acosh_inplace)
Tensor.atanh_ = _inplace(elementwise.atanh_inplace)
Tensor.erf_ = _inplace(elementwise.erf)
Tensor.erfc_ = _inplace(elementwise.erfc)
Tensor.erfinv_ = _inplace(elementwise.erfinv)
Tensor.expm1_ = _inplace(elementwise.expm1)
Tensor.log2_ = _inplace(elementwise.log2)
Tensor.log10_ = _inplace(elementwise.log10)
Tensor.rsqrt_ = _inplace(elementwise.rsqrt)
Tensor.lgamma_ = _inplace(elementwise.lgamma)
Tensor.deg2rad_ = _inplace(elementwise.deg2rad)
Tensor.rad2deg_ = _inplace(elementwise.rad2deg)
Tensor.atan2_ = _inplace(elementwise.atan2)
Tensor.nan_to_num_ = _inplace(elementwise.nan_to_num)
Tensor.arcsin_ = _inplace(elementwise.arcsin)
Tensor.arccos_ = _inplace(elementwise.arccos)
Tensor.arctan_ = _inplace(elementwise.arctan)
Tensor.arcsinh_ = _inplace(elementwise.asinh_inplace)
Tensor.arccosh_ = _inplace(elementwise.acosh_inplace)
Tensor.arctanh_ = _inplace(elementwise.atanh_inplace)
Tensor.arctan2_ = _inplace(elementwise.arctan2)
Tensor.fmod_ = _inplace(arithmetic.fmod)
Tensor.lerp_ = _inplace(arithmetic.lerp)
Tensor.addcmul_ = _inplace(arithmetic.addcmul)
Tensor.addcdiv_ = _inplace(arithmetic.addcdiv)
Tensor.hypot_ = _inplace(elementwise.hypot)
Tensor.frac_ = _inplace(elementwise.frac)
Tensor.exp2_ = _inplace(elementwise.exp2)
Tensor.logit_ = _inplace(elementwise.logit)
Tensor.sinc_ = _inplace(elementwise.sinc)
Tensor.xlogy_ = _inplace(elementwise.xlogy)
Tensor.copysign_ = _inplace(elementwise.copysign)
Tensor.nextafter_ = _inplace(elementwise.nextafter)
Tensor.heaviside_ = _inplace(elementwise.heaviside)
Tensor.addmm_ = _inplace(linalg.addmm)
Tensor.baddbmm_ = _inplace(linalg.baddbmm)
Tensor.addbmm_ = _inplace(linalg.addbmm)
Tensor.masked_fill_ = _inplace(shape.masked_fill)
Tensor.scatter_ = _inplace(shape.scatter)
Tensor.scatter_add_ = _inplace(shape.scatter_add)
Tensor.tril_ = _inplace(diagonal.tril)
Tensor.triu_ = _inplace(diagonal.triu)
Tensor.index_add_ = _inplace(indexing.index_add)
Tensor.index_copy_ = _inplace(indexing.index_copy)
Tensor.index_fill_ = _inplace(indexing.index_fill)
Tensor.index_put_ = _inplace(indexing.index_put)
Tensor.masked_scatter_ = _inplace(indexing.masked_scatter)
Tensor.put_ = _inplace(indexing.put)
Tensor.cumprod_ = _inplace(cumulative.cumprod)
Tensor.renorm_ = _inplace(norms.renorm)
Tensor.floor_divide_ = _inplace(arithmetic.floor_divide)


def _inplace_integer(op):
    """bitwise_and_ and the shifts: torch checks that the promoted dtype fits the tensor before
    it looks for a kernel, so `int_tensor &= 1.0` is a cast error, not a missing float
    kernel."""
    general = _inplace(op)

    def method(self, other):
        if isinstance(other, (Tensor, int, float)):
            result = _dtype.result_type(self, other)
            if not _dtype.can_cast(result, self.dtype):
                raise RuntimeError(
                    f"result type {result._torch_name} can't be cast to the desired output "
                    f"type {self.dtype._torch_name}"
                )
        return general(self, other)

    method.__name__ = general.__name__
    method.__doc__ = general.__doc__
    return method


Tensor.bitwise_and_ = _inplace_integer(compare.bitwise_and)
Tensor.bitwise_or_ = _inplace_integer(compare.bitwise_or)
Tensor.bitwise_xor_ = _inplace_integer(compare.bitwise_xor)
Tensor.bitwise_left_shift_ = _inplace_integer(compare.bitwise_left_shift)
Tensor.bitwise_right_shift_ = _inplace_integer(compare.bitwise_right_shift)


def _fast_inplace(op, ufunc):
    """add_, sub_, mul_, div_: when nothing is recorded and the operand already fits (same
    float dtype, shape and device, or a Python number), update the array directly; otherwise
    take the general path with all of torch's checks."""
    general = _inplace(op)

    def method(self, other, **kwargs):
        if not kwargs and self._array.dtype.kind == "f":
            if type(other) in (int, float):
                operand = other
            elif (
                isinstance(other, Tensor)
                and other._array.dtype == self._array.dtype
                and other._array.shape == self._array.shape
                and other._device is self._device
            ):
                operand = other._array
            else:
                operand = None
            if operand is not None and not (
                grad_mode.enabled and (self._requires_grad or getattr(other, "_requires_grad", 0))
            ):
                try:
                    ufunc(self._array, operand, out=self._array)
                except ValueError:  # read-only (expanded): the general path says torch's words
                    return general(self, other, **kwargs)
                views.mark_changed(self)
                return self
        return general(self, other, **kwargs)

    method.__name__ = general.__name__
    method.__doc__ = general.__doc__
    return method


Tensor.add_ = _fast_inplace(arithmetic.add, np.add)
Tensor.sub_ = _fast_inplace(arithmetic.sub, np.subtract)
Tensor.mul_ = _fast_inplace(arithmetic.mul, np.multiply)
Tensor.div_ = _fast_inplace(arithmetic.div, np.true_divide)
Tensor.__iadd__ = Tensor.add_
Tensor.__isub__ = Tensor.sub_
Tensor.__imul__ = Tensor.mul_
Tensor.__itruediv__ = Tensor.div_
Tensor.__ipow__ = Tensor.pow_
Tensor.__ifloordiv__ = Tensor.floor_divide_
Tensor.__imod__ = Tensor.remainder_
Tensor.__iand__ = Tensor.bitwise_and_
Tensor.__ior__ = Tensor.bitwise_or_
Tensor.__ixor__ = Tensor.bitwise_xor_
Tensor.__ilshift__ = Tensor.bitwise_left_shift_
Tensor.__irshift__ = Tensor.bitwise_right_shift_

Tensor.hardshrink = lambda self, lambd=0.5: _activations().hardshrink(self, lambd)
Tensor.prelu = lambda self, weight: _activations().prelu(self, weight)


def _activations():
    from .nn import functional  # nn builds on this module: imported when first called

    return functional


_numpy_names.apply_to(Tensor, "Tensor")  # x.sum(axis=1, keepdims=True), as torch's parser allows
