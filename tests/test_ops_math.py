"""Math ops of issue 15 against torch: values, dtype, shape, grad_fn and gradients.

Elementwise functions (inverse trigonometric, hyperbolic, erf, lgamma, log2, rsqrt, fmod,
lerp, nan_to_num, ...), products (addmm, baddbmm, addbmm, einsum, tensordot, inner, cross,
kron), creation (logspace, range, Tensor.new_tensor) and inference_mode. Each gradient has
a float64 finite-difference case too, a second oracle that needs no torch.
"""

import numpy as np
import pytest

import cybenko
from cases import F64, Draws, case, f32, i64, inf, nan, run
from helpers import check, check_error, check_finite_differences
from oracle import torch

pytestmark = pytest.mark.oracle

draw = Draws(seed=101)
rand, pos, ints = draw.rand, draw.pos, draw.ints

EDGES = f32(0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.5, -2.5, 1e-7, 30.0, -30.0, nan, inf, -inf)
UNIT = f32(0.0, -0.0, 0.5, -0.5, 0.999, -0.999, 1.0, -1.0, 1.5, nan)  # asin, acos, atanh domain
NO_INPLACE_DERIVATIVE = ("asinh", "acosh", "atanh")  # torch: x.asinh_() has no backward

UNARY_NAMES = [
    "acos", "asin", "atan", "sinh", "cosh", "tan", "asinh", "acosh", "atanh", "erf", "erfc",
    "expm1", "log2", "log10", "rsqrt", "lgamma", "deg2rad", "rad2deg", "nan_to_num",
]  # fmt: skip
ALIASES = ["arccos", "arcsin", "arctan", "arcsinh", "arccosh", "arctanh"]
# each function's domain: inputs where it and its derivative are finite
DOMAIN = {
    "acos": lambda *s: rand(*s, lo=-0.95, hi=0.95),
    "asin": lambda *s: rand(*s, lo=-0.95, hi=0.95),
    "atanh": lambda *s: rand(*s, lo=-0.95, hi=0.95),
    "acosh": lambda *s: rand(*s, lo=1.1, hi=4.0),
    "log2": pos,
    "log10": pos,
    "rsqrt": pos,
    "lgamma": lambda *s: rand(*s, lo=-3.7, hi=5.0),
    "tan": lambda *s: rand(*s, lo=-1.4, hi=1.4),
}


def domain(name, *shape, dtype=np.float32):
    return DOMAIN.get(name, rand)(*shape).astype(dtype)


def unary_cases():
    cases = []
    for n in UNARY_NAMES:
        fn = lambda T, x, n=n: getattr(T, n)(x)  # noqa: E731
        cases += [
            case(n, fn, domain(n, 2, 3)),
            case(f"{n}_method", lambda T, x, n=n: getattr(x, n)(), domain(n, 4, 1, 5)),
            case(f"{n}_0d", fn, domain(n)),
            case(f"{n}_empty", fn, domain(n, 0, 3)),
            case(f"{n}_f64", fn, domain(n, 7, dtype=F64)),
            case(f"{n}_int", fn, ints(5), grad=False),
            case(f"{n}_bool", fn, np.array([True, False]), grad=False),
            case(f"{n}_edges", fn, EDGES, atol=1e-6, grad=False),
            case(f"{n}_unit", fn, UNIT, atol=1e-6),
            case(f"{n}_inplace", lambda T, x, n=n: getattr(x * 1, n + "_")(), domain(n, 3, 2)),
        ]
        if n in NO_INPLACE_DERIVATIVE:
            fn_, inputs, _ = cases[-1].values
            cases[-1] = case(f"{n}_inplace", fn_, *inputs, grad=False)
    for n in ALIASES:
        base = "a" + n[3:]  # arccos is acos
        cases.append(case(n, lambda T, x, n=n: getattr(T, n)(x), domain(base, 2, 3)))
        cases.append(case(f"{n}_method", lambda T, x, n=n: getattr(x, n)(), domain(base, 3)))
        options = {"grad": False} if base in NO_INPLACE_DERIVATIVE else {}
        inplace = lambda T, x, n=n: getattr(x * 1, n + "_")()  # noqa: E731
        cases.append(case(f"{n}_", inplace, domain(base, 3), **options))
    return cases


BINARY = [
    case("atan2", lambda T, y, x: T.atan2(y, x), rand(2, 3), rand(2, 3)),
    case("atan2_broadcast", lambda T, y, x: T.atan2(y, x), rand(4, 1), rand(3)),
    case("atan2_method", lambda T, y, x: y.atan2(x), rand(3), rand(3)),
    case("arctan2", lambda T, y, x: T.arctan2(y, x), rand(3), rand(3)),
    case("arctan2_method", lambda T, y, x: y.arctan2(x), rand(3), rand(3)),
    case("atan2_inplace", lambda T, y, x: (y * 1).atan2_(x), rand(2, 3), rand(3)),
    case("arctan2_inplace", lambda T, y, x: (y * 1).arctan2_(x), rand(3), rand(3)),
    case("atan2_f64", lambda T, y, x: T.atan2(y, x), rand(5, dtype=F64), rand(5, dtype=F64)),
    case("atan2_ints", lambda T, y, x: T.atan2(y, x), ints(5), ints(5)),
    case("atan2_mixed", lambda T, y, x: T.atan2(y, x), ints(5), rand(5, dtype=F64)),
    case(
        "atan2_signed_zeros",
        lambda T, y, x: T.atan2(y, x),
        f32(0.0, -0.0, 0.0, -0.0, 1, inf, -inf, nan),
        f32(0.0, 0.0, -0.0, -0.0, inf, inf, -inf, 1),
    ),
    case("fmod", lambda T, a, b: T.fmod(a, b), rand(2, 3), pos(2, 3) * np.sign(rand(2, 3))),
    case("fmod_number", lambda T, a: T.fmod(a * 4, 1.5), rand(3, 4)),
    case("fmod_negative_number", lambda T, a: T.fmod(a * 4, -1.5), rand(3, 4)),
    case("fmod_broadcast", lambda T, a, b: T.fmod(a, b), rand(4, 1), pos(3)),
    case("fmod_method", lambda T, a, b: a.fmod(b), rand(5), pos(5)),
    case("fmod_inplace", lambda T, a: (a * 1).fmod_(0.7), rand(5)),
    case("fmod_inplace_tensor", lambda T, a, b: (a * 1).fmod_(b), rand(2, 5), pos(5)),
    case("fmod_ints", lambda T, a, b: T.fmod(a, b), ints(6), i64(3, -3, 2, -2, 5, 1)),
    case("fmod_int_number", lambda T, a: T.fmod(a, 3), ints(6)),
    case("fmod_int_float", lambda T, a: T.fmod(a, 2.5), ints(6)),
    case("fmod_bool", lambda T, a: T.fmod(a, 2), np.array([True, False])),
    case("fmod_zero", lambda T, a: T.fmod(a, 0.0), f32(1, -1, 0, inf), grad=False),
    case("fmod_zero_tensor", lambda T, a, b: T.fmod(a, b), f32(1, -1, 0), f32(0, 0, 0)),
    case("fmod_f64", lambda T, a, b: T.fmod(a, b), rand(5, dtype=F64), pos(5, dtype=F64)),
    case("fmod_0d_tensor", lambda T, a, b: T.fmod(a, b), rand(5), np.array(2.0, np.float32)),
    case("lerp", lambda T, a, b: T.lerp(a, b, 0.3), rand(2, 3), rand(2, 3)),
    case("lerp_high", lambda T, a, b: T.lerp(a, b, 0.8), rand(2, 3), rand(3)),
    case("lerp_ends", lambda T, a, b: (T.lerp(a, b, 0), T.lerp(a, b, 1)), rand(4), rand(4)),
    case("lerp_outside", lambda T, a, b: T.lerp(a, b, -2), rand(4), rand(4)),
    case("lerp_tensor", lambda T, a, b, w: T.lerp(a, b, w), rand(2, 3), rand(3), rand(2, 1)),
    case("lerp_3way", lambda T, a, b, w: T.lerp(a, b, w), rand(2, 3), rand(1, 3), rand(3, 1, 1)),
    case("lerp_method", lambda T, a, b, w: a.lerp(b, w), rand(5), rand(5), rand(5)),
    case("lerp_inplace", lambda T, a, b: (a * 1).lerp_(b, 0.25), rand(5), rand(5)),
    case("lerp_inplace_tensor", lambda T, a, b, w: (a * 1).lerp_(b, w), rand(5), rand(5), rand(5)),
    case("lerp_f64", lambda T, a, b, w: T.lerp(a, b, w), *(rand(4, dtype=F64) for _ in range(3))),
    case("lerp_0d_weight_f64", lambda T, a, b, w: T.lerp(a, b, w), rand(4), rand(4), np.array(0.7)),
    case("lerp_edges", lambda T, a, b: T.lerp(a, b, 0.5), EDGES, EDGES[::-1].copy(), grad=False),
    case(
        "nan_to_num_values",
        lambda T, x: T.nan_to_num(x, nan=1.5, posinf=2.0, neginf=-3.0),
        EDGES,
    ),
    case("nan_to_num_defaults", lambda T, x: T.nan_to_num(x), EDGES),
    case("nan_to_num_f64", lambda T, x: T.nan_to_num(x, posinf=1e300), EDGES.astype(F64)),
    case("nan_to_num_overflow", lambda T, x: T.nan_to_num(x, nan=1e300), EDGES),
    case("nan_to_num_method", lambda T, x: x.nan_to_num(neginf=0.0), EDGES),
    case("nan_to_num_inplace", lambda T, x: (x * 1).nan_to_num_(1.0), EDGES),
    case("nan_to_num_int", lambda T, x: T.nan_to_num(x, nan=1.5), ints(4)),
]

def backward_of(x, inplace: str):
    """Backward through x * 1 changed by the in-place method named `inplace`."""
    getattr(x * 1, inplace)().sum().backward()


UNARY_ERRORS = [
    case("acos_int_inplace", lambda T, x: x.acos_(), ints(3)),
    case("asinh__backward", lambda T, x: backward_of(x, "asinh_"), rand(3), grad=True),
    case("arccosh__backward", lambda T, x: backward_of(x, "arccosh_"), pos(3) + 1, grad=True),
    case("atanh__backward", lambda T, x: backward_of(x, "atanh_"), rand(3) / 3, grad=True),
    case("erf_int_inplace", lambda T, x: x.erf_(), ints(3)),
    case("atan2_number", lambda T, x: T.atan2(x, 2), rand(3)),
    case("atan2_number_first", lambda T, x: T.atan2(2.0, x), rand(3)),
    case("atan2_shapes", lambda T, x, y: T.atan2(x, y), rand(3), rand(4)),
    case("fmod_int_zero", lambda T, x: T.fmod(x, 0), ints(3)),
    case("fmod_int_zero_tensor", lambda T, x, y: T.fmod(x, y), ints(3), i64(1, 0, 2)),
    case("fmod_string", lambda T, x: T.fmod(x, "2"), rand(3)),
    case("fmod_number_first", lambda T, x: T.fmod(2, x), rand(3)),
    case("fmod_int_inplace_float", lambda T, x: x.fmod_(1.5), ints(3)),
    case("lerp_ints", lambda T, x: T.lerp(x, x, 0.5), ints(3)),
    case("lerp_int_tensor_weight", lambda T, x: T.lerp(x, x, x), ints(3)),
    case("lerp_end_dtype", lambda T, x, y: T.lerp(x, y, 0.5), rand(3), rand(3, dtype=F64)),
    case("lerp_weight_dtype", lambda T, x, w: T.lerp(x, x, w), rand(3), rand(3, dtype=F64)),
    case("lerp_weight_long", lambda T, x, w: T.lerp(x, x, w), rand(3), ints(3)),
    case("lerp_shapes", lambda T, x, y: T.lerp(x, y, 0.5), rand(2), rand(3)),
    case("lerp_weight_shape", lambda T, x, w: T.lerp(x, x, w), rand(2), rand(3)),
    case("lerp_end_number", lambda T, x: T.lerp(x, 2.0, 0.5), rand(2)),
    case("lerp_weight_string", lambda T, x: T.lerp(x, x, "a"), rand(2)),
    case("lerp_inplace_broadcast", lambda T, x, y: x.lerp_(y, 0.5), rand(2), rand(2, 2)),
]

ELEMENTWISE_GRADCHECK = [
    *(
        case(n, lambda T, x, n=n: getattr(T, n)(x), domain(n, 2, 3, dtype=F64))
        for n in UNARY_NAMES
    ),
    case("nan_to_num_values", lambda T, x: T.nan_to_num(x, nan=2.0), rand(2, 3, dtype=F64)),
    case("atan2", lambda T, y, x: T.atan2(y, x), rand(2, 3, dtype=F64), rand(3, dtype=F64)),
    case("fmod", lambda T, a, b: T.fmod(a, b), rand(2, 3, dtype=F64), pos(2, 3, dtype=F64)),
    case("fmod_number", lambda T, a: T.fmod(a, 0.7), rand(7, dtype=F64)),
    case("lerp", lambda T, a, b: T.lerp(a, b, 0.7), rand(2, 3, dtype=F64), rand(3, dtype=F64)),
    case(
        "lerp_tensor",
        lambda T, a, b, w: T.lerp(a, b, w),
        rand(2, 3, dtype=F64),
        rand(3, dtype=F64),
        rand(2, 1, dtype=F64),
    ),
]


@run(unary_cases() + BINARY)
def test_elementwise(fn, inputs, options):
    check(fn, *inputs, **options)


@run(UNARY_ERRORS)
def test_elementwise_errors(fn, inputs, options):
    check_error(fn, *inputs, match="start", **options)


@run(ELEMENTWISE_GRADCHECK)
def test_elementwise_finite_differences(fn, inputs, options):
    check_finite_differences(fn, *inputs, **options)


@pytest.mark.parametrize("name", UNARY_NAMES + ["atan2", "fmod", "lerp"])
def test_edge_gradients(name):
    """Gradients at domain edges, poles, infinities and nan: the same inf, nan and signed 0."""
    two = name in ("atan2", "fmod", "lerp")
    y = f32(0.0, -0.0, 0.0, 2.0, -1.0, inf, nan, 1.0, 0.5, -2.0, -0.0, 3.0, 1.0, -inf)
    for lib in (torch, cybenko):
        x = lib.tensor(EDGES, requires_grad=True)
        other = lib.tensor(y, requires_grad=True)
        if name == "lerp":
            out = lib.lerp(x, other, 0.25)
        else:
            out = getattr(lib, name)(x, other) if two else getattr(lib, name)(x)
        with np.errstate(all="ignore"):
            out.sum().backward()
        grads = [x.grad.numpy()] + ([other.grad.numpy()] if two else [])
        if lib is torch:
            want = grads
    for g, w in zip(grads, want, strict=True):
        np.testing.assert_allclose(g, w, rtol=1e-5, atol=1e-6)
        np.testing.assert_array_equal(np.signbit(g[g == 0]), np.signbit(w[w == 0]))
