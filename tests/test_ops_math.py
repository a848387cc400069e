"""Math ops of issue 15 against torch: values, dtype, shape, grad_fn and gradients.

Elementwise functions (inverse trigonometric, hyperbolic, erf, erfinv, lgamma, log2, rsqrt, fmod,
lerp, nan_to_num, ...), products (addmm, baddbmm, addbmm, einsum, tensordot, inner, cross,
kron), creation (logspace, range, Tensor.new_tensor) and inference_mode. Each gradient has
a float64 finite-difference case too, a second oracle that needs no torch.
"""

import warnings

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
    "acos",
    "asin",
    "atan",
    "sinh",
    "cosh",
    "tan",
    "asinh",
    "acosh",
    "atanh",
    "erf",
    "erfc",
    "erfinv",
    "expm1",
    "log2",
    "log10",
    "rsqrt",
    "lgamma",
    "deg2rad",
    "rad2deg",
    "nan_to_num",
]
ALIASES = ["arccos", "arcsin", "arctan", "arcsinh", "arccosh", "arctanh"]
# each function's domain: inputs where it and its derivative are finite
DOMAIN = {
    "acos": lambda *s: rand(*s, lo=-0.95, hi=0.95),
    "asin": lambda *s: rand(*s, lo=-0.95, hi=0.95),
    "atanh": lambda *s: rand(*s, lo=-0.95, hi=0.95),
    "erfinv": lambda *s: rand(*s, lo=-0.95, hi=0.95),
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
    *(case(n, lambda T, x, n=n: getattr(T, n)(x), domain(n, 2, 3, dtype=F64)) for n in UNARY_NAMES),
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


# --- products -----------------------------------------------------------------------------------


def einsum(equation):
    return lambda T, *xs: T.einsum(equation, *xs)


def no_nan_weight(T, c, a, b):
    """beta=0 ignores the input: its nan and inf do not reach the output."""
    return T.addmm(c, a, b, beta=0, alpha=2.5)


NAN_BIAS = f32(nan, inf, 1, -inf, 0, nan, 2, 3).reshape(2, 4)

PRODUCTS = [
    case("addmm", lambda T, c, a, b: T.addmm(c, a, b), rand(2, 4), rand(2, 3), rand(3, 4)),
    case("addmm_bias_row", lambda T, c, a, b: T.addmm(c, a, b), rand(4), rand(2, 3), rand(3, 4)),
    case("addmm_bias_0d", lambda T, c, a, b: T.addmm(c, a, b), rand(), rand(2, 3), rand(3, 4)),
    case(
        "addmm_beta_alpha",
        lambda T, c, a, b: T.addmm(c, a, b, beta=0.5, alpha=-2),
        rand(2, 1),
        rand(2, 3),
        rand(3, 4),
    ),
    case("addmm_beta0_nan", no_nan_weight, NAN_BIAS, rand(2, 3), rand(3, 4)),
    case("addmm_nan_bias", lambda T, c, a, b: T.addmm(c, a, b), NAN_BIAS, rand(2, 3), rand(3, 4)),
    case(
        "addmm_method",
        lambda T, c, a, b: c.addmm(a, b, alpha=3),
        rand(5, 1),
        rand(5, 2),
        rand(2, 1),
    ),
    case(
        "addmm_inplace",
        lambda T, c, a, b: (c * 1).addmm_(a, b, beta=2),
        rand(2, 4),
        rand(2, 3),
        rand(3, 4),
    ),
    case(
        "addmm_f64", lambda T, c, a, b: T.addmm(c, a, b), *(rand(3, 3, dtype=F64) for _ in range(3))
    ),
    case("addmm_empty", lambda T, c, a, b: T.addmm(c, a, b), rand(2, 4), rand(2, 0), rand(0, 4)),
    case(
        "addmm_ints",
        lambda T, c, a, b: T.addmm(c, a, b, beta=2, alpha=3),
        ints(2, 4),
        ints(2, 3),
        ints(3, 4),
    ),
    case(
        "baddbmm",
        lambda T, c, a, b: T.baddbmm(c, a, b),
        rand(5, 2, 4),
        rand(5, 2, 3),
        rand(5, 3, 4),
    ),
    case(
        "baddbmm_bias_broadcast",
        lambda T, c, a, b: T.baddbmm(c, a, b),
        rand(2, 1),
        rand(5, 2, 3),
        rand(5, 3, 4),
    ),
    case(
        "baddbmm_beta0_nan",
        lambda T, c, a, b: T.baddbmm(c, a, b, beta=0, alpha=0.5),
        NAN_BIAS,
        rand(3, 2, 3),
        rand(3, 3, 4),
    ),
    case(
        "baddbmm_method",
        lambda T, c, a, b: c.baddbmm(a, b, beta=-1),
        rand(4),
        rand(3, 2, 3),
        rand(3, 3, 4),
    ),
    case(
        "baddbmm_inplace",
        lambda T, c, a, b: (c * 1).baddbmm_(a, b),
        rand(3, 2, 4),
        rand(3, 2, 3),
        rand(3, 3, 4),
    ),
    case(
        "baddbmm_f64",
        lambda T, c, a, b: T.baddbmm(c, a, b),
        rand(2, 2, 2, dtype=F64),
        rand(2, 2, 3, dtype=F64),
        rand(2, 3, 2, dtype=F64),
    ),
    case("addbmm", lambda T, c, a, b: T.addbmm(c, a, b), rand(2, 4), rand(5, 2, 3), rand(5, 3, 4)),
    case(
        "addbmm_beta_alpha",
        lambda T, c, a, b: T.addbmm(c, a, b, beta=0.5, alpha=2),
        rand(4),
        rand(5, 2, 3),
        rand(5, 3, 4),
    ),
    case(
        "addbmm_beta0_nan",
        lambda T, c, a, b: T.addbmm(c, a, b, beta=0),
        NAN_BIAS,
        rand(3, 2, 3),
        rand(3, 3, 4),
    ),
    case(
        "addbmm_method", lambda T, c, a, b: c.addbmm(a, b), rand(2, 4), rand(5, 2, 3), rand(5, 3, 4)
    ),
    case(
        "addbmm_inplace",
        lambda T, c, a, b: (c * 1).addbmm_(a, b),
        rand(2, 4),
        rand(5, 2, 3),
        rand(5, 3, 4),
    ),
    # einsum
    case("einsum_matmul", einsum("ij,jk->ik"), rand(2, 3), rand(3, 4)),
    case("einsum_implicit", einsum("ij,jk"), rand(2, 3), rand(3, 4)),
    case("einsum_list", lambda T, a, b: T.einsum("ij,jk", [a, b]), rand(2, 3), rand(3, 4)),
    case("einsum_transposed_out", einsum("ij,jk->ki"), rand(2, 3), rand(3, 4)),
    case("einsum_trace", einsum("ii"), rand(3, 3)),
    case("einsum_diagonal", einsum("ii->i"), rand(3, 3)),
    case("einsum_diagonal_3", einsum("iii->i"), rand(3, 3, 3)),
    case("einsum_diag_times", einsum("ii,i->i"), rand(3, 3), rand(3)),
    case("einsum_transpose", einsum("ij->ji"), rand(2, 3)),
    case("einsum_implicit_order", einsum("ba"), rand(2, 3)),
    case("einsum_upper_first", einsum("aB"), rand(2, 3)),
    case("einsum_sum_all", einsum("ij->"), rand(2, 3)),
    case("einsum_row_sums", einsum("ij->i"), rand(2, 3)),
    case("einsum_outer", einsum("i,j->ij"), rand(3), rand(4)),
    case("einsum_outer_implicit", einsum("i,j"), rand(3), rand(4)),
    case("einsum_dot", einsum("i,i"), rand(5), rand(5)),
    case("einsum_hadamard", einsum("ij,ij->ij"), rand(2, 3), rand(2, 3)),
    case("einsum_hadamard_t", einsum("ij,ij->ji"), rand(2, 3), rand(2, 3)),
    case("einsum_batch", einsum("bij,bjk->bik"), rand(5, 2, 3), rand(5, 3, 4)),
    case("einsum_batch_dots", einsum("bi,bi->b"), rand(4, 3), rand(4, 3)),
    case("einsum_three", einsum("ij,jk,kl->il"), rand(2, 3), rand(3, 4), rand(4, 2)),
    case("einsum_three_vector", einsum("ij,jk,k->i"), rand(2, 3), rand(3, 4), rand(4)),
    case("einsum_only_in_one", einsum("ij,k->k"), rand(2, 3), rand(4)),
    case("einsum_bilinear", einsum("bn,anm,bm->ba"), rand(2, 3), rand(4, 3, 5), rand(2, 5)),
    case("einsum_ellipsis", einsum("...ij,...jk"), rand(5, 2, 3), rand(3, 4)),
    case("einsum_ellipsis_out", einsum("...ij,...jk->...ik"), rand(2, 5, 2, 3), rand(5, 3, 4)),
    case("einsum_ellipsis_front", einsum("i...->...i"), rand(2, 3, 4)),
    case("einsum_ellipsis_sum", einsum("...i->..."), rand(2, 3)),
    case("einsum_ellipsis_middle", einsum("i...i"), rand(3, 2, 3)),
    case("einsum_ellipsis_broadcast", einsum("...ij,...ij->..."), rand(2, 1, 3, 3), rand(4, 3, 3)),
    case("einsum_size1_broadcast", einsum("ij,ij->ij"), rand(2, 1), rand(2, 3)),
    case("einsum_spaces", einsum("ij ,jk->i k"), rand(2, 3), rand(3, 4)),
    case("einsum_0d", einsum(""), rand()),
    case("einsum_empty_dim", einsum("ij,jk->ik"), rand(2, 0), rand(0, 4)),
    case("einsum_f64", einsum("ij,jk->ik"), rand(2, 3, dtype=F64), rand(3, 4, dtype=F64)),
    case("einsum_ints", einsum("ij,j->i"), ints(2, 3), ints(3)),
    # tensordot, inner
    case("tensordot_1", lambda T, a, b: T.tensordot(a, b, 1), rand(2, 3), rand(3, 4)),
    case("tensordot_2", lambda T, a, b: T.tensordot(a, b), rand(2, 3, 4), rand(3, 4, 5)),
    case("tensordot_all", lambda T, a, b: T.tensordot(a, b, 2), rand(2, 3), rand(2, 3)),
    case("tensordot_0", lambda T, a, b: T.tensordot(a, b, 0), rand(2, 3), rand(4)),
    case(
        "tensordot_lists",
        lambda T, a, b: T.tensordot(a, b, ([1, 0], [0, 2])),
        rand(2, 3, 4),
        rand(3, 5, 2),
    ),
    case(
        "tensordot_list_form",
        lambda T, a, b: T.tensordot(a, b, dims=[[2], [0]]),
        rand(2, 3, 4),
        rand(4, 5),
    ),
    case(
        "tensordot_negative",
        lambda T, a, b: T.tensordot(a, b, ([-1], [-2])),
        rand(2, 3),
        rand(3, 4),
    ),
    case(
        "tensordot_dims_tensor",
        lambda T, a, b: T.tensordot(a, b, dims=T.tensor(1)),
        rand(2, 3),
        rand(3, 4),
    ),
    case(
        "tensordot_f64",
        lambda T, a, b: T.tensordot(a, b, 1),
        rand(3, 3, dtype=F64),
        rand(3, 2, dtype=F64),
    ),
    case("inner_vectors", lambda T, a, b: T.inner(a, b), rand(3), rand(3)),
    case("inner_matrices", lambda T, a, b: T.inner(a, b), rand(2, 3), rand(4, 3)),
    case("inner_3d", lambda T, a, b: T.inner(a, b), rand(2, 3, 4), rand(5, 4)),
    case("inner_0d", lambda T, a, b: T.inner(a, b), rand(), rand(2, 3)),
    case("inner_0d_right", lambda T, a, b: T.inner(a, b), rand(3), rand()),
    case("inner_method", lambda T, a, b: a.inner(b), rand(2, 3), rand(3)),
    case("inner_ints", lambda T, a, b: T.inner(a, b), ints(2, 3), ints(3)),
    # cross
    case("cross_dim", lambda T, a, b: T.cross(a, b, dim=1), rand(4, 3), rand(4, 3)),
    case("cross_dim0", lambda T, a, b: T.cross(a, b, dim=0), rand(3, 5), rand(3, 5)),
    case("cross_negative_dim", lambda T, a, b: T.cross(a, b, dim=-1), rand(4, 3), rand(4, 3)),
    case("cross_broadcast", lambda T, a, b: T.cross(a, b, dim=1), rand(3, 3), rand(1, 3)),
    case("cross_vectors", lambda T, a, b: T.cross(a, b, dim=0), rand(3), rand(3)),
    case("cross_method", lambda T, a, b: a.cross(b, dim=-1), rand(2, 3), rand(2, 3)),
    case(
        "cross_f64", lambda T, a, b: T.cross(a, b, 0), rand(3, 2, dtype=F64), rand(3, 2, dtype=F64)
    ),
    case("cross_ints", lambda T, a, b: T.cross(a, b, dim=1), ints(2, 3), ints(2, 3)),
    case(
        "cross_special",
        lambda T, a, b: T.cross(a, b, dim=1),
        f32(1, 0, 0, 0, 1, 0).reshape(2, 3),
        f32(0, 1, 0, 0, 1, 0).reshape(2, 3),
    ),
    # kron
    case("kron", lambda T, a, b: T.kron(a, b), rand(2, 3), rand(3, 4)),
    case("kron_vectors", lambda T, a, b: T.kron(a, b), rand(3), rand(2)),
    case("kron_mixed_ndim", lambda T, a, b: T.kron(a, b), rand(3), rand(2, 2)),
    case("kron_3d", lambda T, a, b: T.kron(a, b), rand(2, 1, 2), rand(2, 3)),
    case("kron_0d", lambda T, a, b: T.kron(a, b), rand(), rand(2)),
    case("kron_method", lambda T, a, b: a.kron(b), rand(2, 2), rand(2, 2)),
    case("kron_promotes", lambda T, a, b: T.kron(a, b), ints(2), rand(2)),
    case("kron_empty", lambda T, a, b: T.kron(a, b), rand(2, 0), rand(3)),
    case("kron_f64", lambda T, a, b: T.kron(a, b), rand(2, 2, dtype=F64), rand(3, dtype=F64)),
]


CROSS_WARNING = "Using torch.cross without specifying the dim arg is deprecated."


def cross_default(T, a, b):
    """torch.cross without dim: the first dim of length 3 (the warning: test_cross_warns)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return T.cross(a, b)


def test_cross_warns_once():
    """Without dim, torch.cross warns that this is deprecated, once per process (C++'s
    TORCH_WARN_ONCE): torch's first call may already have happened in another test."""
    cybenko.ops.linalg._cross_warned = False
    for lib in (torch, cybenko):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            lib.cross(lib.ones(3), lib.ones(3))
            lib.cross(lib.ones(2, 3), lib.ones(2, 3))
        messages = [str(w.message).split("\n")[0] for w in caught]
        allowed = ([CROSS_WARNING], []) if lib is torch else ([CROSS_WARNING],)
        assert messages in allowed, messages
        assert all(w.filename == __file__ for w in caught)


PRODUCTS += [
    case("cross_default_dim", cross_default, rand(4, 3), rand(4, 3)),
    case("cross_default_first", cross_default, rand(3, 3), rand(3, 3)),
    case("cross_default_dim0", cross_default, rand(3, 4), rand(3, 4)),
]

PRODUCT_ERRORS = [
    case("addmm_bias_shape", lambda T, c, a, b: T.addmm(c, a, b), rand(3), rand(2, 3), rand(3, 4)),
    case(
        "addmm_bias_ndim",
        lambda T, c, a, b: T.addmm(c, a, b),
        rand(2, 4, 1),
        rand(2, 3),
        rand(3, 4),
    ),
    case("addmm_shapes", lambda T, c, a, b: T.addmm(c, a, b), rand(2, 4), rand(2, 3), rand(4, 4)),
    case("addmm_vector", lambda T, c, a, b: T.addmm(c, a, b), rand(2, 4), rand(2, 3), rand(3)),
    case("addmm_mat1_vector", lambda T, c, a, b: T.addmm(c, a, b), rand(2, 4), rand(3), rand(3, 4)),
    case(
        "addmm_dtypes",
        lambda T, c, a, b: T.addmm(c, a, b),
        rand(2, 4),
        rand(2, 3, dtype=F64),
        rand(3, 4),
    ),
    case(
        "addmm_bias_dtype",
        lambda T, c, a, b: T.addmm(c, a, b),
        rand(2, 4, dtype=F64),
        rand(2, 3),
        rand(3, 4),
    ),
    case(
        "addmm_mat2_dtype",
        lambda T, c, a, b: T.addmm(c, a, b),
        rand(2, 4),
        rand(2, 3),
        rand(3, 4, dtype=F64),
    ),
    case(
        "baddbmm_batches",
        lambda T, c, a, b: T.baddbmm(c, a, b),
        rand(2, 4),
        rand(5, 2, 3),
        rand(6, 3, 4),
    ),
    case(
        "baddbmm_inner",
        lambda T, c, a, b: T.baddbmm(c, a, b),
        rand(2, 4),
        rand(5, 2, 3),
        rand(5, 4, 4),
    ),
    case(
        "baddbmm_bias",
        lambda T, c, a, b: T.baddbmm(c, a, b),
        rand(7, 2, 4),
        rand(5, 2, 3),
        rand(5, 3, 4),
    ),
    case(
        "baddbmm_matrix",
        lambda T, c, a, b: T.baddbmm(c, a, b),
        rand(2, 4),
        rand(5, 2, 3),
        rand(3, 4),
    ),
    case(
        "baddbmm_dtype",
        lambda T, c, a, b: T.baddbmm(c, a, b),
        rand(2, 4),
        rand(5, 2, 3, dtype=F64),
        rand(5, 3, 4),
    ),
    case(
        "baddbmm_bias_dtype",
        lambda T, c, a, b: T.baddbmm(c, a, b),
        rand(2, 4, dtype=F64),
        rand(5, 2, 3),
        rand(5, 3, 4),
    ),
    case(
        "baddbmm_batch2_dtype",
        lambda T, c, a, b: T.baddbmm(c, a, b),
        rand(2, 4),
        rand(5, 2, 3),
        rand(5, 3, 4, dtype=F64),
    ),
    case(
        "addbmm_batches",
        lambda T, c, a, b: T.addbmm(c, a, b),
        rand(2, 4),
        rand(5, 2, 3),
        rand(6, 3, 4),
    ),
    case(
        "addbmm_inner",
        lambda T, c, a, b: T.addbmm(c, a, b),
        rand(2, 4),
        rand(5, 2, 3),
        rand(5, 4, 4),
    ),
    case(
        "addbmm_bias",
        lambda T, c, a, b: T.addbmm(c, a, b),
        rand(3, 4),
        rand(5, 2, 3),
        rand(5, 3, 4),
    ),
    case(
        "addbmm_dtype",
        lambda T, c, a, b: T.addbmm(c, a, b),
        rand(2, 4),
        rand(5, 2, 3, dtype=F64),
        rand(5, 3, 4),
    ),
    case(
        "addbmm_bias_dtype",
        lambda T, c, a, b: T.addbmm(c, a, b),
        rand(2, 4, dtype=F64),
        rand(5, 2, 3),
        rand(5, 3, 4),
    ),
    case(
        "addbmm_matrix", lambda T, c, a, b: T.addbmm(c, a, b), rand(2, 4), rand(5, 2, 3), rand(3, 4)
    ),
    case("einsum_fewer", einsum("ij,jk"), rand(2, 3)),
    case("einsum_more", einsum("ij,jk->ik"), rand(2, 3), rand(3, 4), rand(2, 3)),
    case("einsum_unknown_out", einsum("ij->ik"), rand(2, 3)),
    case("einsum_repeated_out", einsum("ij->ii"), rand(2, 3)),
    case("einsum_too_many", einsum("ijk"), rand(2, 3)),
    case("einsum_too_many_ellipsis", einsum("...ijk"), rand(2, 3)),
    case("einsum_digit", einsum("i1"), rand(2, 3)),
    case("einsum_dash", einsum("ij-k"), rand(2, 3)),
    case("einsum_two_arrows", einsum("ij->j->k"), rand(2, 3)),
    case("einsum_dot", einsum("i.j"), rand(2, 3)),
    case("einsum_two_ellipses", einsum("i...."), rand(2, 3)),
    case("einsum_sizes", einsum("ij,ij->ij"), rand(2, 2), rand(2, 3)),
    case("einsum_repeated_sizes", einsum("ii->i"), rand(2, 3)),
    case("einsum_ellipsis_sizes", einsum("...ij,...jk"), rand(5, 2, 3), rand(4, 3, 4)),
    case("einsum_dtypes", einsum("ij,jk->ik"), rand(2, 3), rand(3, 4, dtype=F64)),
    case("einsum_not_tensor", lambda T, a: T.einsum("i", 3), rand(2)),
    case("einsum_equation_type", lambda T, a: T.einsum(3, a), rand(2)),
    case("tensordot_too_many", lambda T, a, b: T.tensordot(a, b, 3), rand(2, 3), rand(3, 4)),
    case("tensordot_negative", lambda T, a, b: T.tensordot(a, b, -1), rand(2, 3), rand(3, 4)),
    case("tensordot_sizes", lambda T, a, b: T.tensordot(a, b, ([0], [0])), rand(2, 3), rand(3, 4)),
    case(
        "tensordot_lengths",
        lambda T, a, b: T.tensordot(a, b, ([1], [0, 1])),
        rand(2, 3),
        rand(3, 4),
    ),
    case("tensordot_float", lambda T, a, b: T.tensordot(a, b, 1.5), rand(2, 3), rand(3, 4)),
    case(
        "tensordot_dtypes", lambda T, a, b: T.tensordot(a, b, 1), rand(2, 3), rand(3, 4, dtype=F64)
    ),
    case(
        "tensordot_dim_range", lambda T, a, b: T.tensordot(a, b, ([1], [5])), rand(2, 3), rand(3, 4)
    ),
    case("inner_last_dim", lambda T, a, b: T.inner(a, b), rand(2, 3), rand(4)),
    case("inner_dtypes", lambda T, a, b: T.inner(a, b), rand(2, 3), rand(3, dtype=F64)),
    case("cross_ndim", lambda T, a, b: T.cross(a, b, dim=1), rand(4, 3), rand(3)),
    case("cross_length", lambda T, a, b: T.cross(a, b, dim=0), rand(4, 3), rand(4, 3)),
    case("cross_dim_range", lambda T, a, b: T.cross(a, b, dim=2), rand(4, 3), rand(4, 3)),
    case("cross_dtypes", lambda T, a, b: T.cross(a, b, dim=1), rand(4, 3), rand(4, 3, dtype=F64)),
    case("cross_broadcast", lambda T, a, b: T.cross(a, b, dim=1), rand(4, 3), rand(5, 3)),
    case("cross_no_length_3", lambda T, a, b: T.cross(a, b), rand(2, 4), rand(2, 4)),
]

PRODUCT_GRADCHECK = [
    case(
        "addmm",
        lambda T, c, a, b: T.addmm(c, a, b, beta=0.5, alpha=2),
        rand(2, 1, dtype=F64),
        rand(2, 3, dtype=F64),
        rand(3, 4, dtype=F64),
    ),
    case(
        "addmm_beta0",
        lambda T, c, a, b: T.addmm(c, a, b, beta=0),
        rand(2, 4, dtype=F64),
        rand(2, 3, dtype=F64),
        rand(3, 4, dtype=F64),
    ),
    case(
        "baddbmm",
        lambda T, c, a, b: T.baddbmm(c, a, b, alpha=-1),
        rand(2, 4, dtype=F64),
        rand(3, 2, 3, dtype=F64),
        rand(3, 3, 4, dtype=F64),
    ),
    case(
        "addbmm",
        lambda T, c, a, b: T.addbmm(c, a, b, beta=2),
        rand(4, dtype=F64),
        rand(3, 2, 3, dtype=F64),
        rand(3, 3, 4, dtype=F64),
    ),
    case("einsum_matmul", einsum("ij,jk->ki"), rand(2, 3, dtype=F64), rand(3, 4, dtype=F64)),
    case("einsum_diagonal", einsum("ii,i->i"), rand(3, 3, dtype=F64), rand(3, dtype=F64)),
    case("einsum_trace", einsum("ii"), rand(3, 3, dtype=F64)),
    case("einsum_only_in_one", einsum("ij,k->k"), rand(2, 3, dtype=F64), rand(4, dtype=F64)),
    case(
        "einsum_three",
        einsum("bn,anm,bm->ba"),
        rand(2, 3, dtype=F64),
        rand(4, 3, 2, dtype=F64),
        rand(2, 2, dtype=F64),
    ),
    case(
        "einsum_broadcast",
        einsum("...ij,...ij->..."),
        rand(2, 1, 2, 2, dtype=F64),
        rand(3, 2, 2, dtype=F64),
    ),
    case("einsum_size1", einsum("ij,ij->ij"), rand(2, 1, dtype=F64), rand(2, 3, dtype=F64)),
    case(
        "tensordot",
        lambda T, a, b: T.tensordot(a, b, ([1, 0], [0, 2])),
        rand(2, 3, 2, dtype=F64),
        rand(3, 2, 2, dtype=F64),
    ),
    case("inner", lambda T, a, b: T.inner(a, b), rand(2, 3, dtype=F64), rand(4, 3, dtype=F64)),
    case(
        "cross", lambda T, a, b: T.cross(a, b, dim=0), rand(3, 2, dtype=F64), rand(3, 1, dtype=F64)
    ),
    case("kron", lambda T, a, b: T.kron(a, b), rand(2, 3, dtype=F64), rand(3, dtype=F64)),
]


@run(PRODUCTS)
def test_products(fn, inputs, options):
    check(fn, *inputs, **options)


@run(PRODUCT_ERRORS)
def test_product_errors(fn, inputs, options):
    check_error(fn, *inputs, match="start", **options)


@run(PRODUCT_GRADCHECK)
def test_product_finite_differences(fn, inputs, options):
    check_finite_differences(fn, *inputs, **options)


# --- creation -----------------------------------------------------------------------------------


def quiet(fn, *args, **kwargs):
    """fn(*args, **kwargs) without its warnings (they are tested on their own)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(*args, **kwargs)


def torch_range(*args, **kwargs):
    return lambda T: quiet(T.range, *args, **kwargs)


CREATION = [
    case("logspace", lambda T: T.logspace(0, 2, 5)),
    case("logspace_base", lambda T: T.logspace(-1, 1, 4, base=2)),
    case("logspace_fraction_base", lambda T: T.logspace(2, 0, 3, base=0.5)),
    case("logspace_negative_base", lambda T: T.logspace(0, 2, 3, base=-2)),
    case("logspace_many", lambda T: T.logspace(-2, 3, 17), rtol=1e-7),
    case("logspace_odd", lambda T: T.logspace(-5, 7, 101), rtol=1e-7),
    case("logspace_f64", lambda T: T.logspace(-3.3, 1.7, 1000, base=7, dtype=T.float64)),
    case("logspace_int64", lambda T: T.logspace(0, 3, 4, dtype=T.int64)),
    case("logspace_int32", lambda T: T.logspace(0, 3, 4, base=3, dtype=T.int32)),
    case("logspace_one", lambda T: T.logspace(0, 1, 1)),
    case("logspace_none", lambda T: T.logspace(0, 1, 0)),
    case("logspace_huge", lambda T: T.logspace(0, 38, 5)),
    case("logspace_tensor_start", lambda T: T.logspace(T.tensor(0.0), 2, 3)),
    case("logspace_requires_grad", lambda T: T.logspace(0, 2, 3, requires_grad=True)),
    case("range", torch_range(1, 4)),
    case("range_step", torch_range(0, 1, 0.25)),
    case("range_inexact_step", torch_range(0, 1, 0.3)),
    case("range_down", torch_range(4, 1, -1)),
    case("range_one", torch_range(1, 1)),
    case("range_float_start", torch_range(1.5, 4)),
    case("range_int64", lambda T: quiet(T.range, 1, 4, dtype=T.int64)),
    case("range_f64", lambda T: quiet(T.range, 0, 10, 3, dtype=T.float64)),
    case("range_requires_grad", torch_range(1, 4, requires_grad=True)),
    case("new_tensor", lambda T, x: x.new_tensor([1, 2]), rand(2)),
    case("new_tensor_float", lambda T, x: x.new_tensor([[1.5], [2.5]]), rand(2)),
    case("new_tensor_truncates", lambda T, x: x.new_tensor([1.5, -2.5]), ints(2)),
    case("new_tensor_f64", lambda T, x: x.new_tensor([1]), rand(2, dtype=F64)),
    case("new_tensor_dtype", lambda T, x: x.new_tensor([1, 2], dtype=T.int32), rand(2)),
    case("new_tensor_0d", lambda T, x: x.new_tensor(3), rand(2)),
    case("new_tensor_numpy", lambda T, x: x.new_tensor(np.array([1, 2])), rand(2)),
    case("new_tensor_grad", lambda T, x: x.new_tensor([1.0], requires_grad=True), rand(2)),
    case("new_tensor_of_tensor", lambda T, x, y: quiet(x.new_tensor, y), rand(2), ints(3)),
    case("new_tensor_detaches", lambda T, x, y: quiet(x.new_tensor, y * 2), rand(2), rand(3)),
    case("new_zeros", lambda T, x: x.new_zeros(2, 3), ints(2)),
    case("new_ones", lambda T, x: x.new_ones((2,), dtype=T.float64), rand(2)),
    case("new_full", lambda T, x: x.new_full((2, 2), 7), rand(2)),
    case("new_empty_meta", lambda T, x: (x.new_empty(3).shape, x.new_empty(3).dtype), ints(2)),
]

CREATION_ERRORS = [
    case("logspace_negative_steps", lambda T: T.logspace(0, 1, -1)),
    case("logspace_float_steps", lambda T: T.logspace(0, 1, 2.5)),
    case("range_zero_step", torch_range(1, 4, 0)),
    case("range_wrong_way", torch_range(4, 1)),
    case("range_infinite", torch_range(0, float("inf"))),
]


@run(CREATION)
def test_creation(fn, inputs, options):
    check(fn, *inputs, **options)


@run(CREATION_ERRORS)
def test_creation_errors(fn, inputs, options):
    check_error(fn, *inputs, match="start")


def test_range_warns_each_call():
    for lib in (torch, cybenko):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            lib.range(1, 2)
            lib.range(1, 3)
        assert [w.category for w in caught] == [UserWarning, UserWarning]
        assert str(caught[0].message).startswith("torch.range is deprecated and will be removed")
        assert caught[0].filename == __file__


def test_new_tensor_warns_when_copying_a_tensor():
    start = "To copy construct from a tensor, it is recommended to use sourceTensor.detach()"
    for lib in (torch, cybenko):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            lib.ones(2).new_tensor(lib.ones(2))
            lib.ones(2).new_tensor(lib.ones(3))
            lib.ones(2).new_tensor([1.0])
        assert [str(w.message)[: len(start)] for w in caught] == [start, start]
        assert all(w.filename == __file__ for w in caught)


# --- inference_mode -----------------------------------------------------------------------------


def inside_inference_mode(T, x):
    with T.inference_mode():
        y = x * 2
        z = T.zeros(2)
        state = T.is_inference_mode_enabled(), T.is_grad_enabled()
    after = T.is_inference_mode_enabled(), T.is_grad_enabled()
    return y, z, y.is_inference(), z.is_inference(), x.is_inference(), *state, *after


def inference_mode_off(T, x):
    with T.inference_mode(False):
        y = x * 2
        state = T.is_inference_mode_enabled(), T.is_grad_enabled()
    return y, y.is_inference(), *state


def nested_no_grad(T, x):
    with T.no_grad(), T.inference_mode():
        y = x * 2
    with T.inference_mode(), T.inference_mode(False):
        z = x * 2
        state = T.is_inference_mode_enabled(), T.is_grad_enabled()
    return y, z, y.is_inference(), z.is_inference(), *state


def decorated(T, x):
    @T.inference_mode
    def bare(a):
        return a * 2, T.is_inference_mode_enabled()

    @T.inference_mode()
    def called(a):
        return a * 3

    @T.inference_mode(mode=False)
    def off(a):
        return a * 4

    (b, enabled), c, d = bare(x), called(x), off(x)
    return b, enabled, c, d, b.is_inference(), c.is_inference(), d.is_inference(), bare.__name__


INFERENCE = [
    case("inference_mode", inside_inference_mode, rand(3)),
    case("inference_mode_off", inference_mode_off, rand(3)),
    case("inference_mode_nested", nested_no_grad, rand(3)),
    case("inference_mode_decorator", decorated, rand(3)),
]


@run(INFERENCE)
def test_inference_mode(fn, inputs, options):
    check(fn, *inputs, **options)


# --- audit against torch 2.13: valid input accepted, and the functions that were missing -------

more = Draws(seed=2131)  # a stream of its own: the cases above keep their draws
mrand, mpos, mints, mbools = more.rand, more.pos, more.ints, more.bools
SIGNED = f32(0.0, -0.0, 1.5, -1.5, 2.5, -2.5, 1e-30, nan, inf, -inf)
I8 = np.int8
F0, D0 = np.array(0.5, np.float32), np.array(-1.5)  # 0-d bounds

ACCEPTED = [
    # a 0-d tensor without grad meets a number bound: torch reads it as a number
    case("clamp_tensor_min_number_max", lambda T, x, lo: x.clamp(lo.detach(), 2), mrand(2, 3), F0),
    case("clamp_number_min_tensor_max", lambda T, x, hi: T.clamp(x, -1, hi.detach()), mrand(5), F0),
    case("clamp_int_by_0d_f64", lambda T, x, lo: x.clamp(lo.detach(), 3), mints(5), D0),
    case("clamp_0d_int_bound", lambda T, x, lo: x.clamp(max=3, min=lo), mints(5), np.array(-2)),
    case(
        "clip_mixed_bounds", lambda T, x, lo: T.clip(x, lo.detach(), 1.5), mrand(4), F0.astype(F64)
    ),
    case("clamp_inplace_mixed", lambda T, x, lo: (x * 1).clamp_(lo.detach(), 1.0), mrand(4), F0),
    case("sign_bool", lambda T, b: T.sign(b), mbools(2, 3)),
    case("sign_bool_inplace", lambda T, b: b.clone().sign_(), mbools(4)),
]
ACCEPTED_ERRORS = [
    # a bound torch cannot read as a number: a 1-d tensor, or a 0-d one that requires grad
    case("clamp_1d_tensor_number", lambda T, x, lo: x.clamp(lo, 2), mrand(3), mrand(3)),
    case("clamp_grad_0d_number", lambda T, x, lo: x.clamp(lo, 2), mrand(3), F0, grad=True),
    case("maximum_number", lambda T, x: T.maximum(x, 2), mrand(3)),
    case("maximum_number_first", lambda T, x: T.maximum(2.0, x), mrand(3)),
    case("minimum_number", lambda T, x: T.minimum(x, 2.0), mrand(3)),
]


def where_uint8(T, c, a, b):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = T.where(c.to(T.uint8), a, b)
    # torch's message names its C++ source after the sentence
    return out, [str(w.message).split(" (Triggered internally")[0] for w in caught]


def test_where_uint8_condition_warns_and_selects():
    """torch still takes a uint8 condition (nonzero is true), with its deprecation warning."""
    warn_always = torch.is_warn_always_enabled()
    torch.set_warn_always(True)  # torch warns once per process otherwise
    try:
        check(where_uint8, np.array([0, 1, 2, 0, 7]), mrand(5), mrand(1))
    finally:
        torch.set_warn_always(warn_always)


ADDC = [
    case("addcmul", lambda T, a, b, c: T.addcmul(a, b, c), mrand(2, 3), mrand(2, 3), mrand(3)),
    case("addcmul_value", lambda T, a, b, c: T.addcmul(a, b, c, value=-0.5), *(mrand(3),) * 3),
    case(
        "addcmul_3way",
        lambda T, a, b, c: a.addcmul(b, c, value=2),
        mrand(3, 1),
        mrand(4),
        mrand(2, 1, 1),
    ),
    case(
        "addcmul_ints", lambda T, a, b, c: T.addcmul(a, b, c, value=3), mints(4), mints(4), mints(4)
    ),
    case("addcmul_int_float_value", lambda T, a: T.addcmul(a, a, a, value=0.5), mints(4)),
    case("addcmul_mixed", lambda T, a, b, c: T.addcmul(a, b, c), mints(3), mrand(3), mints(3)),
    case("addcmul_bool_value", lambda T, a: T.addcmul(a, a, a, value=True), mrand(3)),
    case(
        "addcmul_edges", lambda T, a, b: T.addcmul(a, b, b), SIGNED, SIGNED[::-1].copy(), grad=False
    ),
    case(
        "addcmul_inplace",
        lambda T, a, b, c: (a * 1).addcmul_(b, c, value=3),
        mrand(2, 3),
        mrand(3),
        mrand(2, 1),
    ),
    case("addcdiv", lambda T, a, b, c: T.addcdiv(a, b, c), mrand(2, 3), mrand(3), mpos(2, 3)),
    case(
        "addcdiv_value", lambda T, a, b, c: a.addcdiv(b, c, value=0.25), mrand(4), mrand(4), mpos(4)
    ),
    case("addcdiv_int_input", lambda T, a, b, c: T.addcdiv(a, b, c), mints(3), mints(3), mpos(3)),
    case(
        "addcdiv_zero",
        lambda T, a, b: T.addcdiv(a, b, b * 0),
        mrand(4),
        f32(1, -1, 0, nan),
        grad=False,
    ),
    case(
        "addcdiv_inplace",
        lambda T, a, b, c: (a * 1).addcdiv_(b, c, value=-1),
        mrand(3),
        mrand(3),
        mpos(3),
    ),
    case("vdot", lambda T, a, b: T.vdot(a, b), mrand(5), mrand(5)),
    case("vdot_method", lambda T, a, b: a.vdot(other=b), mrand(3, dtype=F64), mrand(3, dtype=F64)),
    case("vdot_ints", lambda T, a, b: T.vdot(a, b), mints(4), mints(4)),
    case("vdot_empty", lambda T, a, b: T.vdot(a, b), mrand(0), mrand(0)),
]
ADDC_ERRORS = [
    case("addcmul_bool", lambda T, b: T.addcmul(b, b, b), mbools(3)),
    case("addcmul_number", lambda T, a: T.addcmul(a, a, 2), mrand(3)),
    case("addcmul_value_positional", lambda T, a: T.addcmul(a, a, a, 2), mrand(3)),
    case("addcmul_shapes", lambda T, a, b: T.addcmul(a, b, a), mrand(3), mrand(2)),
    case("addcmul_inplace_broadcast", lambda T, a, b: a.addcmul_(b, b), mrand(1), mrand(3)),
    case("addcdiv_ints", lambda T, a: T.addcdiv(a, a, a), mints(3)),
    case("addcdiv_int_tensors", lambda T, a, b: T.addcdiv(a, b, b), mrand(3), mints(3)),
    case("vdot_2d", lambda T, a: T.vdot(a, a), mrand(2, 2)),
    case("vdot_dtypes", lambda T, a, b: T.vdot(a, b), mints(3), mrand(3)),
    case("vdot_sizes", lambda T, a, b: T.vdot(a, b), mrand(3), mrand(2)),
    case("vdot_bool", lambda T, b: T.vdot(b, b), mbools(3)),
]

FUNCTIONS = [
    case("hypot", lambda T, a, b: T.hypot(a, b), mrand(2, 3), mrand(3)),
    case("hypot_method", lambda T, a, b: a.hypot(b), mrand(4, dtype=F64), mrand(4, dtype=F64)),
    case("hypot_int_float", lambda T, a, b: T.hypot(a, b), mints(4), mrand(4)),
    case("hypot_inplace", lambda T, a, b: (a * 1).hypot_(b), mrand(2, 3), mrand(2, 1)),
    case("hypot_edges", lambda T, a, b: T.hypot(a, b), SIGNED, SIGNED[::-1].copy(), grad=False),
    case("frac", lambda T, x: T.frac(x * 3), mrand(2, 3)),
    case("frac_edges", lambda T, x: x.frac(), SIGNED),
    case("frac_inplace", lambda T, x: (x * 1).frac_(), mrand(4)),
    case("signbit", lambda T, x: T.signbit(x), SIGNED),
    case("signbit_method_f64", lambda T, x: x.signbit(), mrand(2, 3, dtype=F64)),
    case("signbit_ints", lambda T, x: T.signbit(x), mints(6)),
    case("signbit_int8", lambda T, x: T.signbit(x), mints(6, dtype=I8)),
    case("signbit_bool", lambda T, x: T.signbit(x), mbools(4)),
    case("fmax", lambda T, a, b: T.fmax(a, b), mrand(2, 3), mrand(3)),
    case("fmin", lambda T, a, b: T.fmin(a, b), mrand(3, 1), mrand(4)),
    case(
        "fmax_nan", lambda T, a, b: T.fmax(a, b), f32(nan, 1, nan, 2, 3), f32(0, nan, nan, 2, -inf)
    ),
    case("fmin_nan", lambda T, a, b: a.fmin(b), f32(nan, 1, nan, 2, 3), f32(0, nan, nan, 2, -inf)),
    case("fmax_ints", lambda T, a, b: T.fmax(a, b), mints(5), mints(5)),
    case("fmin_int_float", lambda T, a, b: T.fmin(a, b), mints(5), mrand(5)),
    case("fmax_bool", lambda T, a, b: T.fmax(a, b), mbools(4), mbools(4)),
    case("round_decimals", lambda T, x: T.round(x * 10, decimals=2), mrand(50)),
    case("round_decimals_method", lambda T, x: x.round(decimals=1), mrand(3, 4)),
    case(
        "round_decimals_negative",
        lambda T, x: T.round(x * 1000, decimals=-2),
        mrand(50),
    ),
    case("round_decimals_zero", lambda T, x: T.round(x * 5, decimals=0), mrand(20)),
    case(
        "round_decimals_f64",
        lambda T, x: T.round(x, decimals=3),
        mrand(30, dtype=F64),
    ),
    case(
        "round_decimals_halves",
        lambda T, x: T.round(x, decimals=1),
        f32(0.25, 0.35, -0.25, 1.05, 2.5),
    ),
    case("round_decimals_edges", lambda T, x: T.round(x, decimals=2), SIGNED),
    case("round_decimals_inplace", lambda T, x: (x * 1).round_(decimals=1), mrand(5)),
    case("relu_", lambda T, x: T.relu_(x.clone()), mrand(2, 3)),
    case("relu_int", lambda T, x: T.relu_(x), mints(5)),
    case("scalar_tensor", lambda T: T.scalar_tensor(3)),
    case("scalar_tensor_bool", lambda T: T.scalar_tensor(True)),
    case("scalar_tensor_dtype", lambda T: T.scalar_tensor(1.5, dtype=T.int32)),
    case(
        "scalar_tensor_grad", lambda T: T.scalar_tensor(-0.0, dtype=T.float64, requires_grad=True)
    ),
    case("can_cast", lambda T: [T.can_cast(a, b) for a in CAST_DTYPES(T) for b in CAST_DTYPES(T)]),
    case("exp2", lambda T, x: T.exp2(x), mrand(2, 3)),
    case("exp2_edges", lambda T, x: x.exp2(), SIGNED),
    case("exp2_int", lambda T, x: T.exp2(x), mints(5)),
    case("exp2_bool", lambda T, x: T.exp2(x), mbools(3)),
    case("exp2_inplace", lambda T, x: (x * 1).exp2_(), mrand(3)),
    case("logit", lambda T, x: T.logit(x), mrand(2, 3, lo=0.05, hi=0.95)),
    case("logit_eps", lambda T, x: T.logit(x, eps=0.1), mrand(2, 3, lo=0.0, hi=1.0)),
    case("logit_edges", lambda T, x: x.logit(), f32(0, -0.0, 1, 0.5, -0.1, 1.1, nan)),
    case("logit_eps_edges", lambda T, x: x.logit(1e-3), f32(0, 1, 0.5, -0.1, 1.1, nan)),
    case("logit_int", lambda T, x: T.logit(x), mints(5)),
    case("logit_inplace", lambda T, x: (x * 1).logit_(0.2), mrand(4, lo=0.0, hi=1.0)),
    case("sinc", lambda T, x: T.sinc(x), mrand(2, 3)),
    case("sinc_edges", lambda T, x: x.sinc(), SIGNED),
    case("sinc_int", lambda T, x: T.sinc(x), mints(5)),
    case("sinc_inplace", lambda T, x: (x * 1).sinc_(), mrand(4)),
    case("xlogy", lambda T, x, y: T.xlogy(x, y), mrand(2, 3), mpos(3)),
    case(
        "xlogy_edges",
        lambda T, x, y: T.xlogy(x, y),
        f32(1, 0, 0, nan, 0, 2),
        f32(0, 0, nan, 1, -1, inf),
    ),
    case("xlogy_number_other", lambda T, x: T.xlogy(x, 2.0), f32(1, -2, 0)),
    case("xlogy_number_self", lambda T, y: T.xlogy(2, y), mpos(4)),
    case("xlogy_ints", lambda T, x, y: T.xlogy(x, y), mints(5), mints(5)),
    case("xlogy_bool", lambda T, x, y: T.xlogy(x, y), mbools(4), mbools(4)),
    case("xlogy_inplace", lambda T, x, y: (x * 1).xlogy_(y), mrand(3), mpos(3)),
    case("float_power", lambda T, x: T.float_power(x, 2), mrand(2, 3)),
    case("float_power_tensor", lambda T, x, y: T.float_power(x, y), mpos(3), mrand(3)),
    case("float_power_number_base", lambda T, y: T.float_power(2, y), mrand(4)),
    case("float_power_int", lambda T, x: x.float_power(3), mints(4)),
    case("copysign", lambda T, x, y: T.copysign(x, y), mrand(2, 3), mrand(3)),
    case("copysign_edges", lambda T, x, y: T.copysign(x, y), SIGNED, SIGNED[::-1].copy()),
    case("copysign_number", lambda T, x: x.copysign(-0.0), mrand(4)),
    case("copysign_ints", lambda T, x, y: T.copysign(x, y), mints(4), mints(4)),
    case("copysign_inplace", lambda T, x, y: (x * 1).copysign_(y), mrand(3), mrand(3)),
    case("nextafter", lambda T, x, y: T.nextafter(x, y), mrand(2, 3), mrand(3)),
    case("nextafter_edges", lambda T, x, y: T.nextafter(x, y), SIGNED, SIGNED[::-1].copy()),
    case("nextafter_f64", lambda T, x, y: x.nextafter(y), mrand(3, dtype=F64), mrand(3, dtype=F64)),
    case("nextafter_inplace", lambda T, x, y: (x * 1).nextafter_(y), mrand(3), mrand(3)),
    case("heaviside", lambda T, x, v: T.heaviside(x, v), SIGNED, F0, grad=False),
    case("heaviside_ints", lambda T, x, v: x.heaviside(v), mints(6), mints(6)),
    case("heaviside_bool", lambda T, x, v: T.heaviside(x, v), mbools(4), mbools(4)),
    case(
        "heaviside_inplace", lambda T, x, v: (x * 1).heaviside_(v), mrand(3), mrand(3), grad=False
    ),
]


def CAST_DTYPES(T):  # noqa: N802 - a table, called with the library
    return [T.bool, T.uint8, T.int8, T.int32, T.int64, T.float16, T.float32, T.float64]


FUNCTION_ERRORS = [
    case("hypot_ints", lambda T, a: T.hypot(a, a), mints(3)),
    case("hypot_bool", lambda T, a: T.hypot(a, a), mbools(3)),
    case("hypot_number", lambda T, a: T.hypot(a, 2), mrand(3)),
    case("frac_int", lambda T, a: T.frac(a), mints(3)),
    case("frac_bool", lambda T, a: a.frac(), mbools(3)),
    case("fmax_number", lambda T, a: T.fmax(a, 2), mrand(3)),
    case("fmin_number_first", lambda T, a: T.fmin(1.0, a), mrand(3)),
    case("round_decimals_int", lambda T, a: T.round(a, decimals=1), mints(3)),
    case("round_decimals_zero_int", lambda T, a: T.round(a, decimals=0), mints(3)),
    case("round_decimals_bool", lambda T, a: T.round(a, decimals=-1), mbools(3)),
    case("round_positional", lambda T, a: T.round(a, 1), mrand(3)),
    case("relu_number", lambda T: T.relu_(3)),
    case("scalar_tensor_str", lambda T: T.scalar_tensor("a")),
    case("scalar_tensor_list", lambda T: T.scalar_tensor([1.0])),
    case("can_cast_number", lambda T: T.can_cast(1, T.int32)),
    case("can_cast_to_number", lambda T: T.can_cast(T.float32, 1)),
    case("xlogy_numbers", lambda T: T.xlogy(2, 3)),
    case("float_power_numbers", lambda T: T.float_power(2, 3)),
    case("copysign_numbers", lambda T: T.copysign(2, 3)),
    case("copysign_number_first", lambda T, y: T.copysign(2, y), mrand(3)),
    case("nextafter_number", lambda T, x: T.nextafter(x, 1.0), mrand(3)),
    case("nextafter_ints", lambda T, x: T.nextafter(x, x), mints(3)),
    case("heaviside_number", lambda T, x: T.heaviside(x, 0.5), mrand(3)),
    case("heaviside_dtypes", lambda T, x, v: T.heaviside(x, v), mints(3), mrand(3)),
    case(
        "heaviside_backward",
        lambda T, x, v: T.heaviside(x, v).sum().backward(),
        mrand(3),
        F0,
        grad=True,
    ),
]

NEW_GRADCHECK = [
    case(
        "addcmul",
        lambda T, a, b, c: T.addcmul(a, b, c, value=0.7),
        *(mrand(2, 3, dtype=F64) for _ in range(3)),
    ),
    case(
        "addcdiv",
        lambda T, a, b, c: T.addcdiv(a, b, c, value=-1.5),
        mrand(3, dtype=F64),
        mrand(2, 3, dtype=F64),
        mpos(3, dtype=F64),
    ),
    case("vdot", lambda T, a, b: T.vdot(a, b), mrand(4, dtype=F64), mrand(4, dtype=F64)),
    case("hypot", lambda T, a, b: T.hypot(a, b), mrand(2, 3, dtype=F64), mrand(3, dtype=F64)),
    case("frac", lambda T, x: T.frac(x * 3), mrand(5, dtype=F64)),
    case("fmax", lambda T, a, b: T.fmax(a, b), mrand(6, dtype=F64), mrand(6, dtype=F64)),
    case("fmin", lambda T, a, b: T.fmin(a, b), mrand(6, dtype=F64), mrand(6, dtype=F64)),
    case("exp2", lambda T, x: T.exp2(x), mrand(2, 3, dtype=F64)),
    case("logit", lambda T, x: T.logit(x), mrand(5, lo=0.1, hi=0.9, dtype=F64)),
    case("logit_eps", lambda T, x: T.logit(x, 0.2), mrand(5, lo=0.25, hi=0.75, dtype=F64)),
    case("sinc", lambda T, x: T.sinc(x), mrand(2, 3, dtype=F64)),
    case("xlogy", lambda T, x, y: T.xlogy(x, y), mrand(2, 3, dtype=F64), mpos(3, dtype=F64)),
    case(
        "float_power", lambda T, x, y: T.float_power(x, y), mpos(4, dtype=F64), mrand(4, dtype=F64)
    ),
    case("copysign", lambda T, x, y: T.copysign(x, y), mrand(5, dtype=F64), mrand(5, dtype=F64)),
]


@run(ACCEPTED + ADDC + FUNCTIONS)
def test_audit_functions(fn, inputs, options):
    check(fn, *inputs, **options)


@run(ACCEPTED_ERRORS + ADDC_ERRORS + FUNCTION_ERRORS)
def test_audit_function_errors(fn, inputs, options):
    check_error(fn, *inputs, match="start", **options)


@run(NEW_GRADCHECK)
def test_audit_finite_differences(fn, inputs, options):
    check_finite_differences(fn, *inputs, **options)


def test_round_decimals_bit_for_bit():
    """round(decimals=d) scales by 10^d in float32, rounds half to even, scales back: exactly."""
    x = (more.rand(2000) * 100).astype(np.float32)
    for d in (-2, -1, 0, 1, 2, 3, 5):
        want = torch.round(torch.tensor(x), decimals=d).numpy()
        got = cybenko.round(cybenko.tensor(x), decimals=d).numpy()
        np.testing.assert_array_equal(got.view(np.int32), want.view(np.int32), err_msg=str(d))


def test_heaviside_has_no_derivative_as_in_torch():
    def step(T):
        return T.heaviside(T.tensor([0.5, -1.0], requires_grad=True), T.tensor([0.5, 0.5]))

    assert step(cybenko).grad_fn.name() == step(torch).grad_fn.name()
    check_error(lambda T: step(T).sum().backward(), match=True)
