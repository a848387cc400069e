"""Every op of cybenko against torch: values, dtype, shape, grad_fn and gradients.

Each case is one line: a lambda taking the library as `T`, and the NumPy inputs it gets as
tensors (see helpers.check). Inputs have odd shapes, broadcast pairs and edge values (zeros,
ties, nan, large magnitudes), drawn in each op's domain.
"""

import numpy as np
import pytest

from helpers import check

rng = np.random.default_rng(0)
nan, inf = float("nan"), float("inf")


def rand(*shape, lo=-2.0, hi=2.0, dtype=np.float32):
    return np.asarray(rng.uniform(lo, hi, shape), dtype=dtype)


def pos(*shape, dtype=np.float32):
    return rand(*shape, lo=0.2, hi=3.0, dtype=dtype)


def ints(*shape, lo=-5, hi=6, dtype=np.int64):
    return np.asarray(rng.integers(lo, hi, shape), dtype=dtype)


def bools(*shape):
    return np.asarray(rng.random(shape) < 0.5)


def f32(*values):
    return np.array(values, np.float32)


def f64(*values):
    return np.array(values, np.float64)


def i64(*values):
    return np.array(values, np.int64)


def case(name, fn, *inputs, **options):
    return pytest.param(fn, inputs, options, id=name)


def run(cases):
    """Parametrize a test that checks each case."""
    return pytest.mark.parametrize("fn, inputs, options", cases)


# --- elementwise functions of one tensor --------------------------------------------------------

EDGES = f32(0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 1.5, 2.5, -2.5, 1e-7, 1e30, -1e30, nan, inf, -inf)

UNARY = [
    case("exp", lambda T, x: T.exp(x), rand(2, 3)),
    case("exp_method", lambda T, x: x.exp(), rand(4, 1, 5)),
    case("exp_0d", lambda T, x: T.exp(x), rand()),
    case("exp_empty", lambda T, x: T.exp(x), rand(0, 3)),
    case("exp_overflow", lambda T, x: T.exp(x), f32(88.0, 89.0, -104.0, 1000.0, -1000.0)),
    case("exp_f64", lambda T, x: T.exp(x), rand(3, dtype=np.float64)),
    case("exp_int", lambda T, x: T.exp(x), ints(5)),
    case("exp_bool", lambda T, x: T.exp(x), bools(4)),
    case("log", lambda T, x: T.log(x), pos(2, 3)),
    case("log_method", lambda T, x: x.log(), pos(3)),
    case("log_edges", lambda T, x: T.log(x), f32(0.0, -1.0, 1.0, inf, nan)),
    case("log_int", lambda T, x: T.log(x), ints(4, lo=1)),
    case("log1p", lambda T, x: T.log1p(x), rand(2, 3, lo=-0.9)),
    case("log1p_edges", lambda T, x: T.log1p(x), f32(-1.0, -2.0, 0.0, 1e-8)),
    case("sqrt", lambda T, x: T.sqrt(x), pos(3, 2)),
    case("sqrt_method", lambda T, x: x.sqrt(), pos(1)),
    case("sqrt_edges", lambda T, x: T.sqrt(x), f32(0.0, -1.0, 4.0, inf)),
    case("sqrt_int", lambda T, x: T.sqrt(x), ints(4, lo=0)),
    case("sin", lambda T, x: T.sin(x), rand(2, 3, lo=-4, hi=4)),
    case("sin_method", lambda T, x: x.sin(), rand()),
    case("cos", lambda T, x: T.cos(x), rand(4, 1, 5, lo=-4, hi=4)),
    case("cos_method", lambda T, x: x.cos(), rand(3)),
    case("tanh", lambda T, x: T.tanh(x), rand(2, 3, lo=-4, hi=4)),
    case("tanh_large", lambda T, x: T.tanh(x), f32(-100.0, 100.0, 0.0)),
    case("tanh_method", lambda T, x: x.tanh(), rand(3)),
    case("sigmoid", lambda T, x: T.sigmoid(x), rand(2, 3, lo=-6, hi=6)),
    case("sigmoid_large", lambda T, x: T.sigmoid(x), f32(-1000.0, -100.0, 0.0, 100.0, 1000.0)),
    case("sigmoid_method", lambda T, x: x.sigmoid(), rand(4, 1)),
    case("sigmoid_int", lambda T, x: T.sigmoid(x), ints(3)),
    case("relu", lambda T, x: T.relu(x), rand(2, 3)),
    case("relu_zero", lambda T, x: T.relu(x), f32(-1.0, 0.0, 1.0, -0.0)),
    case("relu_method", lambda T, x: x.relu(), rand(5)),
    case("relu_int", lambda T, x: T.relu(x), ints(6)),
    case("abs", lambda T, x: T.abs(x), rand(2, 3)),
    case("abs_zero", lambda T, x: T.abs(x), f32(-1.0, 0.0, 1.0)),
    case("abs_operator", lambda T, x: abs(x), rand(3)),
    case("abs_int", lambda T, x: T.abs(x), ints(5)),
    case("absolute", lambda T, x: T.absolute(x), rand(3)),
    case("neg", lambda T, x: T.neg(x), rand(2, 3)),
    case("neg_operator", lambda T, x: -x, rand(4, 1, 5)),
    case("neg_int", lambda T, x: -x, ints(5)),
    case("negative", lambda T, x: T.negative(x), rand(3)),
    case("pos_operator", lambda T, x: +x, rand(3)),
    case("square", lambda T, x: T.square(x), rand(2, 3)),
    case("square_int", lambda T, x: T.square(x), ints(4)),
    case("reciprocal", lambda T, x: T.reciprocal(x), pos(2, 3)),
    case("reciprocal_zero", lambda T, x: T.reciprocal(x), f32(0.0, -0.0, 2.0)),
    case("reciprocal_int", lambda T, x: T.reciprocal(x), ints(4, lo=1)),
    case("sign", lambda T, x: T.sign(x), EDGES),
    case("sign_method", lambda T, x: x.sign(), rand(2, 3)),
    case("sign_int", lambda T, x: T.sign(x), ints(6)),
    case("floor", lambda T, x: T.floor(x), EDGES),
    case("floor_method", lambda T, x: x.floor(), rand(2, 3, lo=-5, hi=5)),
    case("floor_int", lambda T, x: T.floor(x), ints(6)),
    case("ceil", lambda T, x: T.ceil(x), EDGES),
    case("ceil_int", lambda T, x: T.ceil(x), ints(6)),
    case("round_half_even", lambda T, x: T.round(x), EDGES),
    case("round_method", lambda T, x: x.round(), rand(2, 3, lo=-5, hi=5)),
    case("round_int", lambda T, x: T.round(x), ints(6)),
    case("trunc", lambda T, x: T.trunc(x), EDGES),
    case("trunc_int", lambda T, x: T.trunc(x), ints(6)),
    case("exp_edges", lambda T, x: T.exp(x), EDGES),
    case("sin_edges", lambda T, x: T.sin(x), f32(0.0, nan, 3.0)),
    case("sigmoid_edges", lambda T, x: T.sigmoid(x), EDGES),
    case("tanh_edges", lambda T, x: T.tanh(x), EDGES),
    case("relu_edges", lambda T, x: T.relu(x), EDGES),
    case("abs_edges", lambda T, x: T.abs(x), EDGES),
    case("isnan", lambda T, x: T.isnan(x), EDGES),
    case("isinf", lambda T, x: T.isinf(x), EDGES),
    case("isfinite", lambda T, x: T.isfinite(x), EDGES),
    case("isnan_int", lambda T, x: T.isnan(x), ints(3)),
    case("isfinite_method", lambda T, x: x.isfinite(), EDGES),
]


@run(UNARY)
def test_unary(fn, inputs, options):
    check(fn, *inputs, **options)


# --- arithmetic: + - * / ** // % ---------------------------------------------------------------

SHAPE_PAIRS = [
    ((3,), (3,)),
    ((2, 3), (2, 3)),
    ((2, 3), (3,)),
    ((3, 1), (1, 4)),
    ((), (2, 2)),
    ((2, 2), ()),
    ((4, 1, 5), (3, 1)),
    ((1,), (3,)),
    ((), ()),
    ((0, 3), (3,)),
]

BINARY_OPS = {
    "add": lambda T, x, y: x + y,
    "sub": lambda T, x, y: x - y,
    "mul": lambda T, x, y: x * y,
    "div": lambda T, x, y: x / y,
    "torch.add": lambda T, x, y: T.add(x, y),
    "torch.sub": lambda T, x, y: T.sub(x, y),
    "torch.mul": lambda T, x, y: T.mul(x, y),
    "torch.div": lambda T, x, y: T.div(x, y),
    "add_alpha": lambda T, x, y: T.add(x, y, alpha=2.5),
    "sub_alpha": lambda T, x, y: x.sub(y, alpha=-3),
    "rsub": lambda T, x, y: T.rsub(x, y),
    "multiply": lambda T, x, y: T.multiply(x, y),
    "subtract": lambda T, x, y: T.subtract(x, y),
    "divide": lambda T, x, y: T.divide(x, y),
    "true_divide": lambda T, x, y: T.true_divide(x, y),
    "maximum": lambda T, x, y: T.maximum(x, y),
    "minimum": lambda T, x, y: T.minimum(x, y),
    "pow_positive_base": lambda T, x, y: T.abs(x) ** y,
}

BINARY = [
    case(f"{name}-{a}-{b}", fn, rand(*a), rand(*b))
    for name, fn in BINARY_OPS.items()
    for a, b in SHAPE_PAIRS
]


@run(BINARY)
def test_binary_broadcast(fn, inputs, options):
    check(fn, *inputs, **options)


SCALAR = [
    case("add_int", lambda T, x: x + 2, rand(2, 3)),
    case("radd_int", lambda T, x: 2 + x, rand(2, 3)),
    case("add_float", lambda T, x: x + 2.5, rand(3)),
    case("radd_float", lambda T, x: 2.5 + x, rand(3)),
    case("add_bool", lambda T, x: x + True, rand(3)),
    case("radd_bool", lambda T, x: True + x, rand(3)),
    case("sub_int", lambda T, x: x - 1, rand(2, 3)),
    case("rsub_int", lambda T, x: 1 - x, rand(2, 3)),
    case("rsub_float", lambda T, x: 1.5 - x, rand(4, 1)),
    case("mul_int", lambda T, x: x * 3, rand(2, 3)),
    case("rmul_float", lambda T, x: -0.5 * x, rand(2, 3)),
    case("mul_bool", lambda T, x: x * False, rand(3)),
    case("div_int", lambda T, x: x / 2, rand(2, 3)),
    case("rdiv_int", lambda T, x: 2 / x, pos(2, 3)),
    case("rdiv_float", lambda T, x: 1.5 / x, pos(3)),
    case("div_zero", lambda T, x: x / 0, f32(1.0, -1.0, 0.0)),
    case("rdiv_zero", lambda T, x: 1 / x, f32(1.0, 0.0, -0.0)),
    case("pow_2", lambda T, x: x**2, rand(2, 3)),
    case("pow_3", lambda T, x: x**3, rand(2, 3)),
    case("pow_half", lambda T, x: x**0.5, pos(2, 3)),
    case("pow_half_negative", lambda T, x: x**0.5, f32(-1.0, 0.0, 4.0)),
    case("pow_minus_1", lambda T, x: x**-1, pos(3)),
    case("pow_minus_2", lambda T, x: x**-2.0, pos(3)),
    case("pow_0", lambda T, x: x**0, rand(3)),
    case("pow_1", lambda T, x: x**1, rand(3)),
    case("pow_zero_base", lambda T, x: x**2, f32(0.0, 1.0)),
    case("pow_zero_base_half", lambda T, x: x**0.5, f32(0.0, 1.0)),
    case("torch.pow", lambda T, x: T.pow(x, 2), rand(3)),
    case("pow_method", lambda T, x: x.pow(3), rand(3)),
    case("rpow_int", lambda T, x: 2**x, rand(2, 3)),
    case("rpow_float", lambda T, x: 1.5**x, rand(2, 3)),
    case("rpow_zero", lambda T, x: 0**x, f32(-1.0, 0.0, 1.0, 2.0)),
    case("rpow_torch", lambda T, x: T.pow(2.0, x), rand(3)),
    case("pow_tensor", lambda T, x, y: x**y, pos(2, 3), rand(3)),
    case(
        "pow_tensor_zero", lambda T, x, y: x**y, f32(0.0, 0.0, 2.0, -1.0), f32(0.0, 2.0, 0.0, 2.0)
    ),
    case("pow_tensor_scalar_exponent", lambda T, x, y: x**y, pos(3), rand()),
    case("floordiv_int", lambda T, x: x // 2, rand(2, 3, lo=-5, hi=5), grad=False),
    case("floordiv_negative", lambda T, x: x // -1.5, rand(2, 3, lo=-5, hi=5), grad=False),
    case("rfloordiv", lambda T, x: 7 // x, pos(3), grad=False),
    case("floordiv_tensor", lambda T, x, y: x // y, rand(2, 3), pos(3), grad=False),
    case("floor_divide", lambda T, x, y: T.floor_divide(x, y), rand(4), -pos(4), grad=False),
    case("div_floor", lambda T, x, y: T.div(x, y, rounding_mode="floor"), rand(4), rand(4)),
    case("div_trunc", lambda T, x, y: T.div(x, y, rounding_mode="trunc"), rand(4), rand(4)),
    case("mod_int", lambda T, x: x % 3, rand(2, 3, lo=-5, hi=5)),
    case("mod_negative", lambda T, x: x % -1.5, rand(2, 3, lo=-5, hi=5)),
    case("rmod", lambda T, x: 5 % x, pos(3), grad=False),  # no derivative: see test_errors
    case("mod_tensor", lambda T, x, y: x % y, rand(2, 3, lo=-5, hi=5), -pos(3)),
    case("remainder", lambda T, x, y: T.remainder(x, y), rand(2, 3), pos(2, 1)),
    case("remainder_method", lambda T, x: x.remainder(0.7), rand(5)),
    case("mod_zero", lambda T, x: x % 0.0, f32(1.0, -1.0)),
    # integer and bool tensors
    case("int_add", lambda T, x, y: x + y, ints(2, 3), ints(3)),
    case("int_sub", lambda T, x, y: x - y, ints(2, 3), ints(2, 1)),
    case("int_mul", lambda T, x, y: x * y, ints(2, 3), ints(3)),
    case("int_div", lambda T, x, y: x / y, ints(2, 3), ints(3, lo=1)),
    case("int_div_zero", lambda T, x, y: x / y, i64(1, 0, -1), i64(0, 0, 0)),
    case("int_div_scalar", lambda T, x: x / 2, ints(5)),
    case("int_floordiv", lambda T, x, y: x // y, ints(2, 3, lo=-9, hi=9), ints(3, lo=1)),
    case("int_floordiv_negative", lambda T, x: x // -4, ints(6, lo=-9, hi=9)),
    case("int_div_trunc", lambda T, x: T.div(x, -4, rounding_mode="trunc"), ints(6, lo=-9, hi=9)),
    case("int_div_floor", lambda T, x: T.div(x, 4, rounding_mode="floor"), ints(6, lo=-9, hi=9)),
    case("int_mod", lambda T, x: x % 4, ints(8, lo=-9, hi=9)),
    case("int_mod_negative", lambda T, x: x % -4, ints(8, lo=-9, hi=9)),
    case("int_rmod", lambda T, x: 7 % x, ints(6, lo=1)),
    case("int_pow", lambda T, x: x**2, ints(5)),
    case("int_pow_float", lambda T, x: x**0.5, ints(5, lo=0)),
    case("int_rpow", lambda T, x: 2**x, ints(5, lo=0)),
    case("int_pow_tensor", lambda T, x, y: x**y, ints(5, lo=-3), ints(5, lo=0, hi=4)),
    case("int_add_float", lambda T, x: x + 2.5, ints(4)),
    case("int_mul_float", lambda T, x: 0.5 * x, ints(4)),
    case("int_add_bool", lambda T, x: x + True, ints(4)),
    case("int32_add_int", lambda T, x: x + 2**40, ints(3, dtype=np.int32)),
    case("uint8_add_wraps", lambda T, x: x + 300, ints(3, lo=0, dtype=np.uint8)),
    case("uint8_sub_wraps", lambda T, x: x - 10, ints(3, lo=0, dtype=np.uint8)),
    case("int_neg_scalar_add", lambda T, x: x - 7, ints(3, lo=0, dtype=np.uint8)),
    case("bool_add", lambda T, x, y: x + y, bools(4), bools(4)),
    case("bool_mul", lambda T, x, y: x * y, bools(4), bools(4)),
    case("bool_add_int", lambda T, x: x + 2, bools(4)),
    case("bool_mul_float", lambda T, x: x * 1.5, bools(4)),
    case("bool_div", lambda T, x, y: x / y, bools(4), bools(4)),
    case("float_add_int_tensor", lambda T, x, y: x + y, rand(2, 3), ints(3)),
    case("int_tensor_sub_float", lambda T, x, y: x - y, ints(2, 3), rand(3)),
    case("float_mul_bool_tensor", lambda T, x, y: x * y, rand(2, 3), bools(2, 3)),
    case("f32_add_f64", lambda T, x, y: x + y, rand(3), rand(3, dtype=np.float64)),
    case("f64_mul_f32_0d", lambda T, x, y: x * y, rand(3, dtype=np.float64), rand()),
    case("f32_mul_f64_0d", lambda T, x, y: x * y, rand(3), rand(dtype=np.float64)),
    case("int_mul_f64_0d", lambda T, x, y: x * y, ints(3), rand(dtype=np.float64)),
    case("ties_maximum", lambda T, x, y: T.maximum(x, y), f32(1.0, 2.0, 3.0), f32(1.0, 3.0, 3.0)),
    case("ties_minimum", lambda T, x, y: T.minimum(x, y), f32(1.0, 2.0, 3.0), f32(1.0, 3.0, 3.0)),
    case("nan_maximum", lambda T, x, y: T.maximum(x, y), f32(nan, 1.0, 2.0), f32(0.0, nan, 1.0)),
    case("nan_minimum", lambda T, x, y: T.minimum(x, y), f32(nan, 1.0, 2.0), f32(0.0, nan, 1.0)),
    case("maximum_int", lambda T, x, y: T.maximum(x, y), ints(2, 3), ints(3)),
    case("maximum_method", lambda T, x, y: x.maximum(y), rand(2, 3), rand(2, 1)),
    case("minimum_method", lambda T, x, y: x.minimum(y), rand(2, 3), rand(3)),
    case("maximum_mixed", lambda T, x, y: T.maximum(x, y), ints(3), rand(3)),
    case("add_method", lambda T, x, y: x.add(y), rand(2, 3), rand(3)),
    case("mul_method_scalar", lambda T, x: x.mul(2.0), rand(2, 3)),
    case("div_method", lambda T, x, y: x.div(y), rand(2, 3), pos(3)),
    case("sub_method_scalar", lambda T, x: x.sub(1), rand(2, 3)),
    case("same_input_twice", lambda T, x: x * x + x / x, pos(3)),
    case("chain", lambda T, x, y: (x * y + x).exp() / (1 + y**2), rand(2, 3), rand(3)),
]


@run(SCALAR)
def test_arithmetic(fn, inputs, options):
    check(fn, *inputs, **options)


# --- clamp, where, comparisons, logic ------------------------------------------------------------

CLAMP_WHERE = [
    case("clamp_both", lambda T, x: T.clamp(x, -0.5, 0.5), rand(2, 3)),
    case("clamp_min", lambda T, x: T.clamp(x, min=0.1), rand(2, 3)),
    case("clamp_max", lambda T, x: T.clamp(x, max=0.1), rand(2, 3)),
    case("clamp_at_bounds", lambda T, x: x.clamp(-1, 1), f32(-2.0, -1.0, 0.0, 1.0, 2.0)),
    case("clamp_nan", lambda T, x: x.clamp(-1, 1), f32(nan, 0.0)),
    case("clamp_min_gt_max", lambda T, x: x.clamp(1.0, -1.0), rand(4)),
    case("clamp_int", lambda T, x: T.clamp(x, -2, 2), ints(6)),
    case("clamp_int_float_bound", lambda T, x: T.clamp(x, min=0.5), ints(6)),
    case(
        "clamp_tensor_bounds",
        lambda T, x, lo, hi: T.clamp(x, lo, hi),
        rand(2, 3),
        rand(3) - 1,
        rand(2, 1) + 1,
    ),
    case("clamp_tensor_min", lambda T, x, lo: T.clamp(x, min=lo), rand(2, 3), rand(3)),
    case("clamp_tensor_max", lambda T, x, hi: x.clamp(max=hi), rand(2, 3), rand(2, 1)),
    case(
        "clamp_tensor_ties",
        lambda T, x, lo: x.clamp(min=lo),
        f32(1.0, 2.0, 3.0),
        f32(1.0, 3.0, 3.0),
    ),
    case("clip", lambda T, x: T.clip(x, -0.5, 0.5), rand(2, 3)),
    case("clip_method", lambda T, x: x.clip(max=0.0), rand(2, 3)),
    case("clamp_min_fn", lambda T, x: T.clamp_min(x, 0.0), rand(2, 3)),
    case("clamp_max_method", lambda T, x: x.clamp_max(0.0), rand(2, 3)),
    case("where", lambda T, c, x, y: T.where(c, x, y), bools(2, 3), rand(2, 3), rand(2, 3)),
    case("where_broadcast", lambda T, c, x, y: T.where(c, x, y), bools(3, 1), rand(4), rand(3, 4)),
    case("where_scalar", lambda T, c, x: T.where(c, x, 0.0), bools(2, 3), rand(2, 3)),
    case("where_scalar_first", lambda T, c, x: T.where(c, 1.0, x), bools(2, 3), rand(2, 3)),
    case("where_int_scalar", lambda T, c, x: T.where(c, x, 0), bools(4), rand(4)),
    case("where_mixed_dtypes", lambda T, c, x, y: T.where(c, x, y), bools(4), ints(4), rand(4)),
    case("where_method", lambda T, c, x, y: x.where(c, y), bools(2, 3), rand(2, 3), rand(3)),
    case("where_from_comparison", lambda T, x: T.where(x > 0, x, -x), rand(2, 3)),
    case("where_nonzero", lambda T, c: T.where(c), bools(2, 3)),
]


@run(CLAMP_WHERE)
def test_clamp_where(fn, inputs, options):
    check(fn, *inputs, **options)


COMPARE_OPS = {
    "eq": lambda T, x, y: x == y,
    "ne": lambda T, x, y: x != y,
    "lt": lambda T, x, y: x < y,
    "le": lambda T, x, y: x <= y,
    "gt": lambda T, x, y: x > y,
    "ge": lambda T, x, y: x >= y,
    "torch.eq": lambda T, x, y: T.eq(x, y),
    "torch.lt": lambda T, x, y: T.lt(x, y),
    "torch.ge": lambda T, x, y: T.ge(x, y),
    "greater": lambda T, x, y: T.greater(x, y),
    "less_equal": lambda T, x, y: T.less_equal(x, y),
    "not_equal": lambda T, x, y: x.not_equal(y),
    "method_gt": lambda T, x, y: x.gt(y),
}
TIES = f32(1.0, 2.0, nan, 3.0), f32(1.0, 3.0, nan, 2.0)

COMPARE = [
    *(case(f"{n}_ties", fn, *TIES) for n, fn in COMPARE_OPS.items()),
    *(
        case(f"{n}_broadcast", fn, ints(3, 1, lo=0, hi=3), ints(4, lo=0, hi=3))
        for n, fn in COMPARE_OPS.items()
    ),
    *(
        case(f"{n}_int_float", fn, ints(4, lo=0, hi=3), f32(0.0, 1.0, 1.5, 2.0))
        for n, fn in COMPARE_OPS.items()
    ),
    case("eq_scalar", lambda T, x: x == 1, f32(1.0, 2.0, 1.0)),
    case("lt_scalar", lambda T, x: x < 0.5, rand(2, 3)),
    case("rgt_scalar", lambda T, x: 0.5 > x, rand(2, 3)),
    case("int_lt_float", lambda T, x: x < 1.5, ints(5)),
    case("bool_eq_bool", lambda T, x, y: x == y, bools(4), bools(4)),
    case("eq_0d", lambda T, x, y: x == y, rand(), rand(3)),
    case("equal", lambda T, x, y: T.equal(x, y), f32(1.0, 2.0), f32(1.0, 2.0)),
    case("equal_differs", lambda T, x, y: T.equal(x, y), f32(1.0, 2.0), f32(1.0, 3.0)),
    case("equal_shape", lambda T, x, y: x.equal(y), f32(1.0, 2.0), f32(1.0)),
    case("allclose", lambda T, x: T.allclose(x, x + 1e-9), rand(3)),
    case("allclose_not", lambda T, x: T.allclose(x, x + 1), rand(3)),
    case("isclose", lambda T, x, y: T.isclose(x, y), f32(1.0, 1.0, nan), f32(1.0 + 1e-7, 1.1, nan)),
    case("isclose_equal_nan", lambda T, x, y: T.isclose(x, y, equal_nan=True), f32(nan), f32(nan)),
]


@run(COMPARE)
def test_compare(fn, inputs, options):
    check(fn, *inputs, **options)


LOGIC = [
    case("logical_and", lambda T, x, y: T.logical_and(x, y), bools(2, 3), bools(3)),
    case("logical_or", lambda T, x, y: T.logical_or(x, y), bools(2, 3), bools(2, 3)),
    case("logical_xor", lambda T, x, y: T.logical_xor(x, y), bools(3, 1), bools(4)),
    case("logical_not", lambda T, x: T.logical_not(x), bools(2, 3)),
    case(
        "logical_and_float",
        lambda T, x, y: T.logical_and(x, y),
        f32(0.0, 1.0, nan),
        f32(2.0, 0.0, 1.0),
    ),
    case("logical_not_int", lambda T, x: T.logical_not(x), ints(5)),
    case("logical_or_method", lambda T, x, y: x.logical_or(y), ints(4), bools(4)),
    case("and_bool", lambda T, x, y: x & y, bools(2, 3), bools(3)),
    case("or_bool", lambda T, x, y: x | y, bools(2, 3), bools(2, 3)),
    case("xor_bool", lambda T, x, y: x ^ y, bools(4), bools(4)),
    case("invert_bool", lambda T, x: ~x, bools(2, 3)),
    case("and_int", lambda T, x, y: x & y, ints(4, lo=0, hi=16), ints(4, lo=0, hi=16)),
    case("or_int", lambda T, x, y: x | y, ints(4, hi=16), ints(4, hi=16)),
    case("xor_int_scalar", lambda T, x: x ^ 5, ints(4, hi=16)),
    case("invert_int", lambda T, x: ~x, ints(4)),
    case("invert_uint8", lambda T, x: ~x, ints(4, lo=0, dtype=np.uint8)),
    case("and_bool_int", lambda T, x, y: x & y, bools(4), ints(4)),
    case("bitwise_and", lambda T, x, y: T.bitwise_and(x, y), ints(4), ints(4)),
    case("bitwise_or", lambda T, x, y: T.bitwise_or(x, y), bools(4), bools(4)),
    case("bitwise_xor", lambda T, x, y: T.bitwise_xor(x, y), ints(4), ints(4)),
    case("bitwise_not", lambda T, x: T.bitwise_not(x), bools(4)),
    case("mask_and", lambda T, x: (x > 0) & (x < 1), rand(2, 3)),
    case("rand_scalar", lambda T, x: True & x, bools(4)),
]


@run(LOGIC)
def test_logic(fn, inputs, options):
    check(fn, *inputs, **options)


# --- reductions ----------------------------------------------------------------------------------

X3 = rand(2, 3, 4)
TIED = f32(1.0, 3.0, 3.0, -1.0, 3.0, 0.0)
TIED2 = np.array([[1.0, 5.0, 5.0], [2.0, 2.0, -1.0]], np.float32)

REDUCE = [
    case("sum", lambda T, x: x.sum(), X3),
    case("sum_fn", lambda T, x: T.sum(x), rand(3)),
    case("sum_dim", lambda T, x: x.sum(1), X3),
    case("sum_dim_neg", lambda T, x: x.sum(-1), X3),
    case("sum_dim_tuple", lambda T, x: x.sum((0, 2)), X3),
    case("sum_dim_list_neg", lambda T, x: x.sum([-1, 0]), X3),
    case("sum_keepdim", lambda T, x: x.sum(1, keepdim=True), X3),
    case("sum_tuple_keepdim", lambda T, x: T.sum(x, dim=(0, 1), keepdim=True), X3),
    case("sum_dim_kw", lambda T, x: x.sum(dim=0), X3),
    case("sum_0d", lambda T, x: x.sum(), rand()),
    case("sum_0d_dim", lambda T, x: x.sum(0), rand()),
    case("sum_empty", lambda T, x: x.sum(), rand(0, 3)),
    case("sum_empty_dim", lambda T, x: x.sum(0), rand(0, 3)),
    case("sum_int", lambda T, x: x.sum(), ints(2, 3)),
    case("sum_int32", lambda T, x: x.sum(0), ints(2, 3, dtype=np.int32)),
    case("sum_bool", lambda T, x: x.sum(), bools(2, 3)),
    case("sum_uint8", lambda T, x: x.sum(), ints(300, lo=0, hi=255, dtype=np.uint8)),
    case("sum_dtype", lambda T, x: x.sum(dtype=T.float64), rand(3)),
    case("sum_f64", lambda T, x: x.sum(0), rand(3, 2, dtype=np.float64)),
    case("mean", lambda T, x: x.mean(), X3),
    case("mean_fn", lambda T, x: T.mean(x), rand(5)),
    case("mean_dim", lambda T, x: x.mean(0), X3),
    case("mean_dim_neg_keepdim", lambda T, x: x.mean(-2, keepdim=True), X3),
    case("mean_dim_tuple", lambda T, x: x.mean((1, 2)), X3),
    case("mean_0d", lambda T, x: x.mean(), rand()),
    case("mean_empty", lambda T, x: x.mean(), rand(0)),
    case("mean_dtype", lambda T, x: x.mean(dtype=T.float64), ints(4)),
    case("var", lambda T, x: x.var(), X3),
    case("var_dim", lambda T, x: x.var(1), X3),
    case("var_unbiased_false", lambda T, x: x.var(0, unbiased=False), X3),
    case("var_correction", lambda T, x: T.var(x, dim=(0, 2), correction=0), X3),
    case("var_keepdim", lambda T, x: x.var(-1, keepdim=True), X3),
    case("var_one_element", lambda T, x: x.var(), rand(1)),
    case("var_bool_arg", lambda T, x: x.var(False), rand(5)),
    case("std", lambda T, x: x.std(), X3),
    case("std_dim", lambda T, x: T.std(x, 2), X3),
    case("std_unbiased_false", lambda T, x: x.std(unbiased=False), X3),
    case("std_keepdim", lambda T, x: x.std((0, 1), keepdim=True), X3),
    case("std_correction", lambda T, x: x.std(dim=1, correction=2), X3),
    case("std_constant", lambda T, x: x.std(), f32(2.0, 2.0, 2.0), grad=False),
    case("prod", lambda T, x: x.prod(), rand(2, 3)),
    case("prod_dim", lambda T, x: x.prod(1), X3),
    case("prod_dim_neg_keepdim", lambda T, x: T.prod(x, -1, keepdim=True), X3),
    case("prod_one_zero", lambda T, x: x.prod(), f32(2.0, 0.0, 3.0)),
    case("prod_two_zeros", lambda T, x: x.prod(), f32(2.0, 0.0, 3.0, 0.0)),
    case("prod_zeros_dim", lambda T, x: x.prod(0), np.array([[0, 1], [2, 0], [3, 4]], np.float32)),
    case("prod_int", lambda T, x: x.prod(), ints(4)),
    case("prod_bool", lambda T, x: x.prod(0), bools(3, 2)),
    case("prod_0d", lambda T, x: x.prod(), rand()),
    case("max", lambda T, x: x.max(), X3),
    case("max_fn", lambda T, x: T.max(x), rand(5)),
    case("max_ties", lambda T, x: x.max(), TIED),
    case("max_nan", lambda T, x: x.max(), f32(1.0, nan, 3.0)),
    case("max_int", lambda T, x: x.max(), ints(5)),
    case("max_dim", lambda T, x: x.max(1), X3),
    case("max_dim_neg", lambda T, x: T.max(x, -1), X3),
    case("max_dim_keepdim", lambda T, x: x.max(0, keepdim=True), X3),
    case("max_dim_ties", lambda T, x: x.max(1), TIED2),
    case("max_dim_values", lambda T, x: x.max(dim=1).values, TIED2),
    case("max_dim_indices", lambda T, x: x.max(dim=1)[1], TIED2),
    case("max_dim_0d", lambda T, x: x.max(0), rand()),
    case("max_dim_int", lambda T, x: x.max(0), ints(3, 2)),
    case("max_binary", lambda T, x, y: T.max(x, y), rand(2, 3), rand(3)),
    case("min", lambda T, x: x.min(), X3),
    case("min_ties", lambda T, x: x.min(), -TIED),
    case("min_dim", lambda T, x: x.min(2), X3),
    case("min_dim_ties", lambda T, x: T.min(x, 1, keepdim=True), -TIED2),
    case("min_binary", lambda T, x, y: x.min(y), rand(2, 3), rand(2, 1)),
    case("amax", lambda T, x: T.amax(x), X3),
    case("amax_dim", lambda T, x: x.amax(1), X3),
    case("amax_tuple", lambda T, x: x.amax((0, -1)), X3),
    case("amax_keepdim", lambda T, x: x.amax(-1, keepdim=True), X3),
    case("amax_ties", lambda T, x: x.amax(1), TIED2),
    case("amax_all_ties", lambda T, x: x.amax(), TIED),
    case("amin", lambda T, x: T.amin(x, 0), X3),
    case("amin_ties", lambda T, x: x.amin(1), -TIED2),
    case("argmax", lambda T, x: x.argmax(), X3),
    case("argmax_fn", lambda T, x: T.argmax(x), rand(5)),
    case("argmax_dim", lambda T, x: x.argmax(1), X3),
    case("argmax_keepdim", lambda T, x: x.argmax(-1, keepdim=True), X3),
    case("argmax_keepdim_none", lambda T, x: x.argmax(keepdim=True), X3),
    case("argmax_ties", lambda T, x: x.argmax(), TIED),
    case("argmax_dim_ties", lambda T, x: x.argmax(1), TIED2),
    case("argmax_nan", lambda T, x: x.argmax(), f32(1.0, nan, 3.0)),
    case("argmax_int", lambda T, x: x.argmax(0), ints(4, 3)),
    case("argmax_0d", lambda T, x: x.argmax(), rand()),
    case("argmin", lambda T, x: T.argmin(x), X3),
    case("argmin_dim", lambda T, x: x.argmin(dim=0), X3),
    case("argmin_ties", lambda T, x: x.argmin(), -TIED),
    case("logsumexp", lambda T, x: T.logsumexp(x, 1), X3),
    case("logsumexp_neg", lambda T, x: x.logsumexp(-1), X3),
    case("logsumexp_tuple", lambda T, x: x.logsumexp((0, 2)), X3),
    case("logsumexp_keepdim", lambda T, x: x.logsumexp(0, keepdim=True), X3),
    case("logsumexp_large", lambda T, x: x.logsumexp(0), f32(1000.0, 1000.0, -1000.0)),
    case("logsumexp_neg_inf", lambda T, x: x.logsumexp(0), f32(-inf, -inf)),
    case("logsumexp_int", lambda T, x: x.logsumexp(0), ints(3)),
    case("cumsum", lambda T, x: x.cumsum(0), X3),
    case("cumsum_neg", lambda T, x: T.cumsum(x, -1), X3),
    case("cumsum_int", lambda T, x: x.cumsum(0), ints(5)),
    case("cumsum_bool", lambda T, x: x.cumsum(0), bools(5)),
    case("cumsum_dtype", lambda T, x: x.cumsum(0, dtype=T.float64), rand(5)),
    case("cumsum_0d", lambda T, x: x.cumsum(0), rand()),
    case("softmax", lambda T, x: T.softmax(x, 1), X3),
    case("softmax_method", lambda T, x: x.softmax(-1), X3),
    case("softmax_dim0", lambda T, x: x.softmax(dim=0), rand(4)),
    case("softmax_large", lambda T, x: x.softmax(-1), f32(1000.0, -1000.0, 999.0, 0.0)),
    case("softmax_neg_inf", lambda T, x: x.softmax(-1), f32(-inf, 0.0, 1.0)),
    case("softmax_dtype", lambda T, x: x.softmax(0, dtype=T.float64), rand(3)),
    case("softmax_int_dtype", lambda T, x: x.softmax(0, dtype=T.float32), ints(3)),
    case("softmax_0d", lambda T, x: x.softmax(0), rand()),
    case("log_softmax", lambda T, x: T.log_softmax(x, 1), X3),
    case("log_softmax_method", lambda T, x: x.log_softmax(-1), X3),
    case("log_softmax_large", lambda T, x: x.log_softmax(-1), f32(1000.0, -1000.0, 999.0, 0.0)),
    case("log_softmax_large_2d", lambda T, x: x.log_softmax(0), rand(3, 2, lo=-1000, hi=1000)),
    case("log_softmax_neg_inf", lambda T, x: x.log_softmax(0), f32(-inf, 0.0, 1.0)),
    case("log_softmax_f64", lambda T, x: x.log_softmax(1), rand(2, 5, dtype=np.float64)),
    case("all", lambda T, x: x.all(), bools(2, 3)),
    case("all_fn_dim", lambda T, x: T.all(x, 1), bools(2, 3)),
    case("all_float", lambda T, x: x.all(), f32(1.0, nan, 2.0)),
    case("all_keepdim", lambda T, x: x.all(0, keepdim=True), ints(3, 2)),
    case("any", lambda T, x: x.any(), bools(2, 3)),
    case("any_dim", lambda T, x: T.any(x, -1), rand(2, 3) > 1),
    case("any_int", lambda T, x: x.any(), i64(0, 0)),
    case("count_nonzero", lambda T, x: T.count_nonzero(x), ints(3, 4, lo=-1, hi=2)),
    case("count_nonzero_dim", lambda T, x: x.count_nonzero(0), ints(3, 4, lo=-1, hi=2)),
    case("nonzero", lambda T, x: x.nonzero(), ints(3, 4, lo=-1, hi=2)),
    case("nonzero_1d", lambda T, x: T.nonzero(x), bools(5)),
    case("nonzero_0d", lambda T, x: T.nonzero(x), rand()),
    case("nonzero_tuple", lambda T, x: T.nonzero(x, as_tuple=True), ints(3, 4, lo=-1, hi=2)),
    case("numel", lambda T, x: T.numel(x), X3),
]


@run(REDUCE)
def test_reduce(fn, inputs, options):
    check(fn, *inputs, **{"atol": 1e-5, **options})


# --- matrix products -----------------------------------------------------------------------------

MATMUL_SHAPES = [
    ((3,), (3,)),
    ((2, 3), (3, 4)),
    ((3,), (3, 4)),
    ((2, 3), (3,)),
    ((5, 2, 3), (5, 3, 4)),
    ((5, 2, 3), (3, 4)),
    ((2, 3), (5, 3, 4)),
    ((5, 2, 3), (3,)),
    ((3,), (5, 3, 4)),
    ((2, 1, 2, 3), (5, 3, 4)),
    ((1, 3), (3, 1)),
    ((0, 3), (3, 2)),
    ((2, 0), (0, 3)),
]

MATMUL = [
    *(case(f"matmul-{a}-{b}", lambda T, x, y: x @ y, rand(*a), rand(*b)) for a, b in MATMUL_SHAPES),
    *(
        case(f"torch.matmul-{a}-{b}", lambda T, x, y: T.matmul(x, y), rand(*a), rand(*b))
        for a, b in MATMUL_SHAPES[:6]
    ),
    case(
        "matmul_f64",
        lambda T, x, y: x.matmul(y),
        rand(2, 3, dtype=np.float64),
        rand(3, 2, dtype=np.float64),
    ),
    case("matmul_int", lambda T, x, y: x @ y, ints(2, 3), ints(3, 2)),
    case("matmul_int_1d", lambda T, x, y: x @ y, ints(3), ints(3)),
    case("matmul_only_left_grad", lambda T, x, y: x @ y.detach(), rand(2, 3), rand(3, 2)),
    case("rmatmul_like", lambda T, x, y: (x.T @ y.T).T, rand(3, 2), rand(4, 3)),
    case("mm", lambda T, x, y: T.mm(x, y), rand(2, 3), rand(3, 4)),
    case("mm_method", lambda T, x, y: x.mm(y), rand(4, 1), rand(1, 4)),
    case("bmm", lambda T, x, y: T.bmm(x, y), rand(5, 2, 3), rand(5, 3, 4)),
    case("bmm_method", lambda T, x, y: x.bmm(y), rand(1, 2, 3), rand(1, 3, 1)),
    case("mv", lambda T, x, y: T.mv(x, y), rand(2, 3), rand(3)),
    case("mv_method", lambda T, x, y: x.mv(y), rand(4, 1), rand(1)),
    case("dot", lambda T, x, y: T.dot(x, y), rand(3), rand(3)),
    case("dot_method", lambda T, x, y: x.dot(y), rand(7), rand(7)),
    case("dot_int", lambda T, x, y: T.dot(x, y), ints(3), ints(3)),
    case("outer", lambda T, x, y: T.outer(x, y), rand(3), rand(4)),
    case("outer_method", lambda T, x, y: x.outer(y), rand(1), rand(2)),
    case("outer_int", lambda T, x, y: T.outer(x, y), ints(3), ints(2)),
    case("linear_layer", lambda T, x, w, b: x @ w.T + b, rand(4, 3), rand(2, 3), rand(2)),
    case("mT", lambda T, x, y: x.mT @ y, rand(5, 3, 2), rand(5, 3, 4)),
]


@run(MATMUL)
def test_matmul(fn, inputs, options):
    check(fn, *inputs, **{"atol": 1e-5, **options})
