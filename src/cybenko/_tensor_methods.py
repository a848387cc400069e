"""Binds the ops as Tensor methods and operators: `x.exp()`, `x + y`, `x.add_(y)`, `x[0] = 1`.

Every method is the functional op with the tensor as first argument, so `x.sum(0)` and
`cybenko.sum(x, 0)` are one code path. In-place forms (`add_`, `+=`) go through
`apply_inplace`, which applies torch's rules for tensors in the graph.
"""

from __future__ import annotations

import numpy as np

from ._tensor import Tensor
from .autograd import grad_mode
from .ops import arithmetic, compare, convert, creation, elementwise, linalg, random, reduce, shape

_SAME_NAME = {
    arithmetic: "add sub mul div pow neg negative reciprocal square remainder floor_divide",
    elementwise: "exp log log1p sqrt sin cos tanh sigmoid relu abs sign floor ceil trunc round "
    "clamp clip clamp_min clamp_max maximum minimum",
    reduce: "sum mean var std prod max min amax amin argmax argmin softmax log_softmax "
    "logsumexp cumsum all any nonzero count_nonzero",
    compare: "eq ne lt le gt ge greater greater_equal less less_equal not_equal equal allclose "
    "isclose logical_and logical_or logical_xor logical_not bitwise_not isnan isinf isfinite",
    linalg: "matmul mm bmm mv dot outer",
    shape: "view reshape view_as reshape_as flatten unflatten transpose swapaxes t permute expand "
    "expand_as broadcast_to repeat squeeze unsqueeze flip index_select narrow gather masked_fill "
    "split chunk unbind",
    random: "uniform_ normal_ random_ bernoulli_ exponential_ geometric_ bernoulli multinomial",
    convert: "to clone double long byte type_as cpu cuda fill_ zero_ copy_",
    creation: "new_zeros new_ones new_empty new_full",
}

for module, names in _SAME_NAME.items():
    for name in names.split():
        setattr(Tensor, name, getattr(module, name))

Tensor.float = convert.float_
Tensor.int = convert.int_
Tensor.bool = convert.bool_
Tensor.true_divide = arithmetic.div
Tensor.multiply = arithmetic.mul
Tensor.subtract = arithmetic.sub
Tensor.divide = arithmetic.div
Tensor.absolute = elementwise.abs
Tensor.T = property(shape.T)
Tensor.mT = property(lambda self: shape.transpose(self, -2, -1))


def _where(self, condition, other):
    return elementwise.where(condition, self, other)


Tensor.where = _where

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
Tensor.__matmul__ = linalg.matmul
Tensor.__rmatmul__ = lambda self, other: linalg.matmul(other, self)
Tensor.__neg__ = arithmetic.neg
Tensor.__pos__ = lambda self: self
Tensor.__abs__ = elementwise.abs
Tensor.__invert__ = compare.invert
Tensor.__and__ = Tensor.__rand__ = compare.bitwise_and
Tensor.__or__ = Tensor.__ror__ = compare.bitwise_or
Tensor.__xor__ = Tensor.__rxor__ = compare.bitwise_xor
Tensor.__eq__ = compare.eq
Tensor.__ne__ = compare.ne
Tensor.__lt__ = compare.lt
Tensor.__le__ = compare.le
Tensor.__gt__ = compare.gt
Tensor.__ge__ = compare.ge
Tensor.__getitem__ = shape.getitem
Tensor.__setitem__ = convert.setitem


# --- in place -----------------------------------------------------------------------------------
def _inplace(op):
    def method(self, *args, **kwargs):
        return convert.apply_inplace(self, op, *args, **kwargs)

    method.__name__ = op.__name__ + "_"
    method.__doc__ = f"In-place {op.__name__}: writes the result into this tensor."
    return method


for _name in (
    "add sub mul div pow neg reciprocal square remainder exp log log1p sqrt sin cos tanh sigmoid "
    "relu abs sign floor ceil trunc round clamp clip clamp_min clamp_max masked_fill"
).split():
    setattr(Tensor, _name + "_", _inplace(getattr(Tensor, _name)))


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
                ufunc(self._array, operand, out=self._array)
                self._version[0] += 1
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
