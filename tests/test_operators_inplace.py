"""The in-place operators //=, %=, &=, |=, ^=, <<=, >>= and the shifts << and >>, against torch.

An in-place operator writes into the tensor itself, so every other name of it (a parameter,
an argument, a view) sees the new values, and torch's in-place rules hold: the result must
fit the tensor's dtype, a leaf that requires grad refuses, and a tensor saved for backward
that changes is caught.
"""

import operator as I  # I.ifloordiv(x, y) is `x //= y; return x`

import numpy as np
import pytest

from cases import case, f32, i64, run
from helpers import check, check_error

pytestmark = pytest.mark.oracle

INTS = i64(4, 5, -7, 0, 9)
FLOATS = f32(4.5, -5.0, 7.25, 0.0)
BOOLS = np.array([True, False, True, False])
U8 = np.array([1, 2, 128, 255], np.uint8)


def aliased(op, other=None):
    """`x op= other` seen through another name of x, and whether op= returned x itself
    (`other` None: the second input)."""

    def fn(T, x, *y):
        x = x * 1  # a tensor of our own (not the leaf), in the graph when x requires grad
        alias, view = x, x[:2]
        result = op(x, *y) if other is None else op(x, other)
        # the view's values only: cybenko names a view of a changed tensor's node apart
        return alias, view.detach(), result is alias

    return fn


def saved_then_changed(op, other):
    """x is saved for backward (by sin), then changed in place: backward must refuse."""

    def fn(T, x):
        y = x * 1
        z = y.sin()
        op(y, other)
        z.sum().backward()

    return fn


IN_PLACE = [
    case("ifloordiv_int", aliased(I.ifloordiv, 2), INTS),
    case("ifloordiv_float", aliased(I.ifloordiv, 2), FLOATS, grad=False),  # no derivative
    case("ifloordiv_tensor", aliased(I.ifloordiv), INTS, i64(2, -3, 2, 5, 4)),
    case("imod_int", aliased(I.imod, 3), INTS),
    case("imod_float", aliased(I.imod, 2), FLOATS),  # remainder has a gradient
    case("imod_negative", aliased(I.imod, -2.5), FLOATS),
    case("iand_int", aliased(I.iand, 6), INTS),
    case("ior_int", aliased(I.ior, 6), INTS),
    case("ixor_int", aliased(I.ixor, 6), INTS),
    case("iand_bool", aliased(I.iand, True), BOOLS),
    case("ior_bool_tensor", aliased(I.ior), BOOLS, BOOLS[::-1].copy()),
    case("ixor_bool", aliased(I.ixor, True), BOOLS),
    case("iand_uint8_wraps", aliased(I.iand, 257), U8),  # 257 is 1 as a uint8
    case("ilshift", aliased(I.ilshift, 2), INTS),
    case("irshift", aliased(I.irshift, 1), INTS),
    case("irshift_tensor", aliased(I.irshift), INTS, i64(0, 1, 2, 3, 70)),
    case("floor_divide_", lambda T, x: x.clone().floor_divide_(2), INTS),
    case("bitwise_and_", lambda T, x: x.clone().bitwise_and_(x + 1), INTS),
    case("bitwise_or_", lambda T, x: x.clone().bitwise_or_(3), INTS),
    case("bitwise_xor_", lambda T, x: x.clone().bitwise_xor_(3), INTS),
    case("bitwise_left_shift_", lambda T, x: x.clone().bitwise_left_shift_(3), INTS),
    case("bitwise_right_shift_", lambda T, x: x.clone().bitwise_right_shift_(3), INTS),
]


@run(IN_PLACE)
def test_in_place(fn, inputs, options):
    check(fn, *inputs, **options)


SHIFTS = [
    case("lshift", lambda T, x: x << 3, INTS),
    case("rshift", lambda T, x: x >> 1, INTS),  # rounds towards minus infinity
    case("rlshift", lambda T, x: 1 << x, i64(0, 1, 5, 62, -1)),
    case("rrshift", lambda T, x: 1000 >> x, i64(0, 1, 5, 62, -1)),
    case("lshift_tensor", lambda T, x, n: x << n, INTS, i64(0, 1, 2, 3, 4)),
    # a shift by a negative amount or by the width or more: 0, or the sign for >>
    case("lshift_out_of_range", lambda T, x, n: x << n, INTS, i64(-1, 64, 63, 100, -5)),
    case("rshift_out_of_range", lambda T, x, n: x >> n, INTS, i64(-1, 64, 63, 100, -5)),
    case("lshift_uint8_wraps", lambda T, x: x << 1, U8),
    case("rshift_uint8_by_width", lambda T, x: x >> 8, U8),
    case("lshift_int8", lambda T, x: x << 7, np.array([1, -1, 3, 0], np.int8)),
    case("lshift_bool_by_int", lambda T, x: x << 1, BOOLS),  # promoted to int64
    case("lshift_method", lambda T, x: x.bitwise_left_shift(2), INTS),
    case("rshift_method", lambda T, x: x.bitwise_right_shift(2), INTS),
    case("lshift_function", lambda T, x, n: T.bitwise_left_shift(x, n), INTS, i64(1, 2, 0, 3, 1)),
    case("rshift_function", lambda T, x: T.bitwise_right_shift(x, 1), INTS),
]


@run(SHIFTS)
def test_shifts(fn, inputs, options):
    check(fn, *inputs, **options)


M = {"match": True}

ERRORS = [
    # the result must fit the tensor's dtype, checked before any kernel is looked for
    case("ifloordiv_int_by_float", lambda T, x: I.ifloordiv(x, 2.0), INTS, **M),
    case("imod_int_by_float", lambda T, x: I.imod(x, 2.0), INTS, **M),
    case("iand_int_float", lambda T, x: I.iand(x, 1.0), INTS, **M),
    case("ior_int_float_tensor", lambda T, x, y: I.ior(x, y), INTS, FLOATS[:1], **M),
    case("iand_bool_int", lambda T, x: I.iand(x, 1), BOOLS, **M),
    case("ilshift_int_float", lambda T, x: I.ilshift(x, 1.5), INTS, **M),
    case("floor_divide__int_float", lambda T, x: x.floor_divide_(2.0), INTS, **M),
    # no kernel for floats
    case("irshift_float", lambda T, x: I.irshift(x, 1), FLOATS, **M),
    case("lshift_float", lambda T, x: x << 1, FLOATS, **M),
    case("rlshift_float", lambda T, x: 2 << x, FLOATS, **M),
    case("lshift_int_by_float", lambda T, x: x << 1.5, INTS, **M),
    case("lshift_bool_bool", lambda T, x: x << True, BOOLS, **M),
    # torch's in-place rules for tensors in the graph
    case("ifloordiv_leaf", lambda T, x: I.ifloordiv(x, 2), FLOATS, grad=True, **M),
    case("imod_leaf", lambda T, x: I.imod(x, 2), FLOATS, grad=True, **M),
    case("imod_saved", saved_then_changed(I.imod, 2), FLOATS, grad=True, match="start"),
]


@run(ERRORS)
def test_errors(fn, inputs, options):
    check_error(fn, *inputs, **options)
