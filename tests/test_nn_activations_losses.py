"""nn.functional's activations and margin/ranking/embedding/likelihood losses, and their
modules, against torch: values, dtypes, grad_fn names and gradients (helpers.check) for odd
shapes, edge values (0, +-inf, nan, |x| of 100 where log-sigmoid, softplus and mish must stay
finite), every reduction, the in-place forms, rrelu's random slopes under a seed, module
constructors and reprs, and the errors and warnings; float64 finite differences for each new
node as an oracle independent of torch.
"""

import warnings

import numpy as np
import pytest

import cybenko
from cases import F64, Draws, case, f32, i64, inf, nan, run
from helpers import check, check_error, check_finite_differences, scaled_atol
from oracle import torch

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings(r"ignore::RuntimeWarning:cybenko\..*")]

draw = Draws(seed=106)
rand, pos, ints = draw.rand, draw.pos, draw.ints


def F(T):
    return T.nn.functional


EDGE = f32(0.0, -0.0, 1.0, -1.0, 3.0, -3.0, 6.0, 0.5, -0.5, 100.0, -100.0, 30.0, -30.0, 1e-4)
INF_NAN = f32(inf, -inf, nan, 2.0, -2.0)


def inplace(fn):
    """fn written into a non-leaf copy of x (so the graph records it)."""
    return lambda T, x: fn(T, x * 1)


ACTIVATIONS = {  # name: the call
    "silu": lambda T, x: F(T).silu(x),
    "mish": lambda T, x: F(T).mish(x),
    "hardtanh": lambda T, x: F(T).hardtanh(x),
    "hardtanh_range": lambda T, x: F(T).hardtanh(x, -0.5, 2.0),
    "relu6": lambda T, x: F(T).relu6(x * 3),
    "softsign": lambda T, x: F(T).softsign(x),
    "softmin": lambda T, x: F(T).softmin(x, dim=-1),
    "logsigmoid": lambda T, x: F(T).logsigmoid(x),
    "tanhshrink": lambda T, x: F(T).tanhshrink(x),
    "softshrink": lambda T, x: F(T).softshrink(x),
    "softshrink_1": lambda T, x: F(T).softshrink(x, 1.0),
    "hardshrink": lambda T, x: F(T).hardshrink(x),
    "hardshrink_method": lambda T, x: x.hardshrink(1.0),
    "hardshrink_top": lambda T, x: T.hardshrink(x, 0.3),
    "threshold": lambda T, x: F(T).threshold(x, 0.5, -2.0),
    "threshold_top": lambda T, x: T.threshold(x, 0.0, 3.0),
    "hardsigmoid": lambda T, x: F(T).hardsigmoid(x * 3),
    "hardswish": lambda T, x: F(T).hardswish(x * 3),
    "celu": lambda T, x: F(T).celu(x),
    "celu_alpha": lambda T, x: F(T).celu(x, 0.5),
    "celu_top": lambda T, x: T.celu(x, 2.0),
    "selu_top": lambda T, x: T.selu(x),
    "rrelu_eval": lambda T, x: F(T).rrelu(x),
    "rrelu_eval_bounds": lambda T, x: F(T).rrelu(x, 0.1, 0.5),
    "gelu_tanh": lambda T, x: F(T).gelu(x, approximate="tanh"),
    "softplus_beta": lambda T, x: F(T).softplus(x, beta=2.0, threshold=5.0),
}

CASES = []
for name, fn in ACTIVATIONS.items():
    CASES += [
        case(name, fn, rand(3, 5)),
        case(f"{name}_odd", fn, rand(2, 1, 3, 7, lo=-5, hi=5)),
        case(f"{name}_0d", fn, rand()),
        case(f"{name}_edges", fn, EDGE),
        case(f"{name}_f64", fn, rand(4, 3, lo=-4, hi=4, dtype=F64)),
        case(f"{name}_empty", fn, rand(0, 3)),
    ]
    if name not in ("softsign", "softmin", "tanhshrink"):
        CASES.append(case(f"{name}_inf_nan", fn, INF_NAN))

CASES += [
    # in-place forms: the F.*_ functions and inplace=True
    case("hardtanh_", inplace(lambda T, y: F(T).hardtanh_(y, -0.5, 0.5)), rand(3, 4)),
    case("hardtanh_inplace", inplace(lambda T, y: F(T).hardtanh(y, inplace=True)), rand(5)),
    case("relu6_inplace", inplace(lambda T, y: F(T).relu6(y * 4, inplace=True)), rand(5)),
    case("threshold_", inplace(lambda T, y: F(T).threshold_(y, 0.1, 7.0)), rand(3, 4)),
    case("threshold_top_", inplace(lambda T, y: T.threshold_(y, 0.1, 7.0)), rand(6)),
    case("threshold_inplace", inplace(lambda T, y: F(T).threshold(y, 0, 1, True)), rand(5)),
    case("celu_", inplace(lambda T, y: F(T).celu_(y, 1.5)), rand(3, 4)),
    case("celu_top_", inplace(lambda T, y: T.celu_(y)), rand(4)),
    case("celu_inplace", inplace(lambda T, y: F(T).celu(y, inplace=True)), rand(4)),
    case("elu_", inplace(lambda T, y: F(T).elu_(y, 0.7)), rand(3, 4)),
    case("selu_", inplace(lambda T, y: F(T).selu_(y)), rand(3, 4)),
    case("selu_top_", inplace(lambda T, y: T.selu_(y)), rand(3)),
    case("leaky_relu_", inplace(lambda T, y: F(T).leaky_relu_(y, 0.2)), rand(3, 4)),
    case("silu_inplace", inplace(lambda T, y: F(T).silu(y, inplace=True)), rand(3, 4)),
    case("mish_inplace", inplace(lambda T, y: F(T).mish(y, inplace=True)), rand(3, 4)),
    case("hardsigmoid_inplace", inplace(lambda T, y: F(T).hardsigmoid(y, True)), rand(7)),
    case("hardswish_inplace", inplace(lambda T, y: F(T).hardswish(y, True)), rand(7, lo=-4, hi=4)),
    case("rrelu_eval_", inplace(lambda T, y: F(T).rrelu_(y)), rand(3, 4)),
    case("rrelu_eval_top_", inplace(lambda T, y: T.rrelu_(y)), rand(5)),
    case("rrelu_eval_inplace", inplace(lambda T, y: F(T).rrelu(y, inplace=True)), rand(5)),
    # integers: hardtanh, relu6, threshold, softsign, tanhshrink take them as torch does
    case("hardtanh_int", lambda T, x: F(T).hardtanh(x, -2, 3), ints(7)),
    case("relu6_int", lambda T, x: F(T).relu6(x * 2), ints(7)),
    case("threshold_int", lambda T, x: F(T).threshold(x, 1, 9), ints(7)),
    case("softsign_int", lambda T, x: F(T).softsign(x), ints(7)),
    case("tanhshrink_int", lambda T, x: F(T).tanhshrink(x), ints(7)),
    case("hardshrink_negative_lambd", lambda T, x: F(T).hardshrink(x, -1.0), rand(6)),
    # softmin: dims, dtype
    case("softmin_dim0", lambda T, x: F(T).softmin(x, 0), rand(3, 4)),
    case("softmin_dtype", lambda T, x: F(T).softmin(x, 1, dtype=T.float64), rand(3, 4)),
    case("softmin_module", lambda T, x: T.nn.Softmin(dim=1)(x), rand(2, 3, 4)),
    # prelu: one slope, or one per channel (dim 1), weight gradients summed
    case("prelu_one", lambda T, x, w: F(T).prelu(x, w), rand(3, 4), f32(0.25)),
    case("prelu_channels", lambda T, x, w: F(T).prelu(x, w), rand(2, 3, 5), rand(3)),
    case("prelu_4d", lambda T, x, w: F(T).prelu(x, w), rand(2, 3, 2, 2), rand(3)),
    case("prelu_scalar_weight", lambda T, x, w: F(T).prelu(x, w), rand(2, 3), rand()),
    case("prelu_0d", lambda T, x, w: F(T).prelu(x, w), rand(), f32(0.5)),
    case("prelu_1d", lambda T, x, w: F(T).prelu(x, w), rand(5), f32(0.5)),
    case("prelu_method", lambda T, x, w: x.prelu(w), rand(4, 2), rand(2)),
    case("prelu_top", lambda T, x, w: T.prelu(x, w), rand(4, 2), rand(2)),
    case("prelu_edges", lambda T, x, w: F(T).prelu(x, w), EDGE, f32(0.1)),
    case("prelu_f64", lambda T, x, w: F(T).prelu(x, w), rand(3, 2, dtype=F64), rand(2, dtype=F64)),
    # glu: the halves along dim
    case("glu", lambda T, x: F(T).glu(x), rand(3, 4)),
    case("glu_dim0", lambda T, x: F(T).glu(x, 0), rand(6, 3)),
    case("glu_dim1", lambda T, x: F(T).glu(x, 1), rand(2, 4, 3)),
    case("glu_1d", lambda T, x: F(T).glu(x), rand(2)),
    case("glu_f64", lambda T, x: F(T).glu(x, -2), rand(2, 8, 1, dtype=F64)),
    case("glu_module", lambda T, x: T.nn.GLU(1)(x), rand(2, 4)),
    case("glu_edges", lambda T, x: F(T).glu(x), EDGE),
    # existing GELU and Softplus modules with all of torch's arguments
    case("gelu_module_tanh", lambda T, x: T.nn.GELU(approximate="tanh")(x), rand(3, 4)),
    case("softplus_module", lambda T, x: T.nn.Softplus(0.5, 3)(x), rand(9, lo=-9, hi=9)),
]


@run(CASES)
def test_activation_matches_torch(fn, inputs, options):
    check(fn, *inputs, **options)


MODULES = [
    ("SiLU", lambda T: T.nn.SiLU()),
    ("SiLU_inplace", lambda T: T.nn.SiLU(inplace=True)),
    ("Mish", lambda T: T.nn.Mish(True)),
    ("Hardtanh", lambda T: T.nn.Hardtanh()),
    ("Hardtanh_args", lambda T: T.nn.Hardtanh(-2.0, 0.5, True)),
    ("ReLU6", lambda T: T.nn.ReLU6()),
    ("ReLU6_inplace", lambda T: T.nn.ReLU6(inplace=True)),
    ("Softsign", lambda T: T.nn.Softsign()),
    ("Softmin", lambda T: T.nn.Softmin(1)),
    ("LogSigmoid", lambda T: T.nn.LogSigmoid()),
    ("Tanhshrink", lambda T: T.nn.Tanhshrink()),
    ("Softshrink", lambda T: T.nn.Softshrink(0.3)),
    ("Hardshrink", lambda T: T.nn.Hardshrink()),
    ("Threshold", lambda T: T.nn.Threshold(0.1, 20.0)),
    ("Threshold_inplace", lambda T: T.nn.Threshold(0.1, 20, inplace=True)),
    ("PReLU", lambda T: T.nn.PReLU()),
    ("PReLU_channels", lambda T: T.nn.PReLU(3, init=0.1)),
    ("RReLU", lambda T: T.nn.RReLU(0.1, 0.3).eval()),
    ("RReLU_inplace", lambda T: T.nn.RReLU(inplace=True).eval()),
    ("GLU", lambda T: T.nn.GLU()),
    ("Hardsigmoid", lambda T: T.nn.Hardsigmoid()),
    ("Hardswish", lambda T: T.nn.Hardswish(inplace=True)),
    ("CELU", lambda T: T.nn.CELU(alpha=0.5)),
    ("CELU_inplace", lambda T: T.nn.CELU(inplace=True)),
    ("GELU_tanh", lambda T: T.nn.GELU(approximate="tanh")),
    ("Softplus", lambda T: T.nn.Softplus(beta=2, threshold=10)),
]


@pytest.mark.parametrize("make", [m for _, m in MODULES], ids=[n for n, _ in MODULES])
def test_activation_module_matches_torch(make):
    theirs, ours = make(torch), make(cybenko)
    assert repr(ours) == repr(theirs)
    assert [n for n, _ in ours.named_parameters()] == [n for n, _ in theirs.named_parameters()]
    for (_, p), (_, q) in zip(ours.named_parameters(), theirs.named_parameters(), strict=True):
        np.testing.assert_array_equal(p.detach().numpy(), q.detach().numpy())
    x = rand(2, 3, 4)
    check(lambda T, x: (make(T).eval() if "RReLU" in repr(make(T)) else make(T))(x * 1), x)


def test_prelu_module_learns_its_slopes_like_torch():
    x = rand(4, 3, 5)
    grads = []
    for lib in (torch, cybenko):
        layer = lib.nn.PReLU(3, dtype=lib.float64)
        layer(lib.tensor(x.astype(F64))).square().sum().backward()
        assert layer.weight.dtype == lib.float64
        grads.append(layer.weight.grad.numpy())
    np.testing.assert_allclose(grads[1], grads[0], rtol=1e-12)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("lower, upper", [(1 / 8, 1 / 3), (0.2, 0.9), (0.5, 0.5)])
def test_rrelu_training_draws_the_slopes_as_torch(dtype, lower, upper):
    x = rand(4, 6, lo=-3, hi=2).astype(dtype)
    outs = []
    for lib in (torch, cybenko):
        lib.manual_seed(1234)
        t = lib.tensor(x, requires_grad=True)
        y = F(lib).rrelu(t, lower, upper, training=True)
        after = lib.rand(3)  # the stream continues where torch's does
        (y * lib.tensor(np.arange(24.0).reshape(4, 6), dtype=y.dtype)).sum().backward()
        outs.append((y, after, t.grad, y.grad_fn.name()))
    (ty, ta, tg, tn), (cy, ca, cg, cn) = outs
    assert cn == tn
    np.testing.assert_allclose(cy.detach().numpy(), ty.detach().numpy(), rtol=1e-6)
    np.testing.assert_array_equal(ca.numpy(), ta.numpy())
    np.testing.assert_allclose(cg.numpy(), tg.numpy(), rtol=1e-6)


def test_rrelu_module_in_training_and_inplace_matches_torch():
    x = rand(3, 5)
    outs = []
    for lib in (torch, cybenko):
        lib.manual_seed(7)
        y = lib.tensor(x) * 1
        out = lib.nn.RReLU(inplace=True)(y)
        outs.append((out is y, out.numpy()))
    assert outs[0][0] and outs[1][0]
    np.testing.assert_allclose(outs[1][1], outs[0][1], rtol=1e-6)


def test_softmin_without_dim_warns_as_torch():
    for lib in (torch, cybenko):
        with pytest.warns(UserWarning, match="Implicit dimension choice for softmin"):
            F(lib).softmin(lib.ones(2, 3))


def test_hardtanh_deprecated_keywords_warn_as_torch():
    for lib in (torch, cybenko):
        with pytest.warns(FutureWarning, match="`min_value` is deprecated"):
            m = lib.nn.Hardtanh(min_value=-3.0)
        assert repr(m) == "Hardtanh(min_val=-3.0, max_val=1.0)"


ACTIVATION_ERRORS = [
    lambda T, x: F(T).silu(x.long()),
    lambda T, x: F(T).mish(x.long()),
    lambda T, x: F(T).logsigmoid(x.long()),
    lambda T, x: F(T).softshrink(x.long()),
    lambda T, x: F(T).hardshrink(x.long()),
    lambda T, x: F(T).hardsigmoid(x.long()),
    lambda T, x: F(T).hardswish(x.long()),
    lambda T, x: F(T).celu(x.long()),
    lambda T, x: F(T).rrelu(x.long()),
    lambda T, x: F(T).threshold(x > 0, 0, 1),
    lambda T, x: F(T).softshrink(x, -1.0),
    lambda T, x: F(T).softshrink(x.double(), -0.5),
    lambda T, x: F(T).hardtanh(x, 2.0, 1.0),
    lambda T, x: F(T).celu(x, 0.0),
    lambda T, x: F(T).glu(x[0, 0]),
    lambda T, x: F(T).glu(x),
    lambda T, x: F(T).glu(x, 2),
    lambda T, x: F(T).prelu(x, T.ones(4)),
    lambda T, x: F(T).prelu(x, T.ones(5, 1)),
    lambda T, x: F(T).prelu(x, T.ones(5, dtype=T.float64)),
    lambda T, x: F(T).prelu(x.long(), T.ones(5)),
    lambda T, x: F(T).rrelu(x, 0.5, 0.1, training=True),
    lambda T, x: T.nn.Hardtanh(1.0, 1.0),
    lambda T, x: F(T).hardtanh_(x),  # a leaf that requires grad
]


@pytest.mark.parametrize("fn", ACTIVATION_ERRORS)
def test_activation_errors_match_torch(fn):
    check_error(fn, rand(3, 5), match="start", grad=fn is ACTIVATION_ERRORS[-1])


# --- losses ---------------------------------------------------------------------------------

REDUCTIONS = ("none", "mean", "sum")
SIGNS = np.where(draw.rng.random(7) < 0.5, -1.0, 1.0).astype(np.float32)
SIGNS4 = f32(1, -1, -1, 1)
TARGET5 = i64(1, 0, 4, 4, 2, 3)
MULTILABEL = i64(3, 0, -1, 1, 2, 1, -1, 0, 0, 0, 4, 3, 2, 1, 0, -1, 0, 0, 0, 0).reshape(4, 5)

LOSSES = []
for red in REDUCTIONS:
    LOSSES += [
        case(
            f"kl_div_{red}",
            lambda T, x, t, r=red: F(T).kl_div(F(T).log_softmax(x, 1), t, reduction=r),
            rand(3, 4),
            pos(3, 4),
        ),
        case(
            f"kl_div_log_target_{red}",
            lambda T, x, t, r=red: F(T).kl_div(x, t, reduction=r, log_target=True),
            rand(3, 4),
            rand(3, 4),
        ),
        case(
            f"margin_ranking_{red}",
            lambda T, a, b, y, r=red: F(T).margin_ranking_loss(a, b, y, 0.3, reduction=r),
            rand(7),
            rand(7),
            SIGNS,
        ),
        case(
            f"hinge_embedding_{red}",
            lambda T, x, y, r=red: F(T).hinge_embedding_loss(x, y, reduction=r),
            rand(7, lo=-0.5, hi=2),
            SIGNS,
        ),
        case(
            f"soft_margin_{red}",
            lambda T, x, y, r=red: F(T).soft_margin_loss(x, y.detach(), reduction=r),
            rand(2, 7),
            SIGNS,
        ),
        case(
            f"poisson_{red}",
            lambda T, x, y, r=red: F(T).poisson_nll_loss(x, y, reduction=r),
            rand(3, 4),
            pos(3, 4),
        ),
        case(
            f"poisson_rates_full_{red}",
            lambda T, x, y, r=red: F(T).poisson_nll_loss(x, y, False, True, reduction=r),
            pos(3, 4),
            pos(3, 4) * 2,
        ),
        case(
            f"gaussian_{red}",
            lambda T, x, y, v, r=red: F(T).gaussian_nll_loss(x, y, v, reduction=r),
            rand(3, 4),
            rand(3, 4),
            pos(3, 4),
        ),
        case(
            f"gaussian_full_homoscedastic_{red}",
            lambda T, x, y, v, r=red: F(T).gaussian_nll_loss(x, y, v, True, reduction=r),
            rand(3, 4),
            rand(3, 4),
            pos(3),
        ),
        case(
            f"multilabel_soft_margin_{red}",
            lambda T, x, y, r=red: F(T).multilabel_soft_margin_loss(x, y, reduction=r),
            rand(3, 5),
            (rand(3, 5) > 0).astype(np.float32),
        ),
        case(
            f"multilabel_soft_margin_weight_{red}",
            lambda T, x, y, w, r=red: F(T).multilabel_soft_margin_loss(x, y, w, reduction=r),
            rand(3, 5),
            (rand(3, 5) > 0).astype(np.float32),
            pos(5),
        ),
        case(
            f"cosine_embedding_{red}",
            lambda T, a, b, y, r=red: F(T).cosine_embedding_loss(a, b, y, 0.2, reduction=r),
            rand(4, 3),
            rand(4, 3),
            SIGNS4,
        ),
        case(
            f"triplet_{red}",
            lambda T, a, p, n, r=red: F(T).triplet_margin_loss(a, p, n, reduction=r),
            rand(5, 3),
            rand(5, 3),
            rand(5, 3),
        ),
        case(
            f"triplet_swap_p1_{red}",
            lambda T, a, p, n, r=red: F(T).triplet_margin_loss(
                a, p, n, 0.5, 1, swap=True, reduction=r
            ),
            rand(5, 3),
            rand(5, 3),
            rand(5, 3),
        ),
        case(
            f"multi_margin_{red}",
            lambda T, x, t, r=red: F(T).multi_margin_loss(x, t, reduction=r),
            rand(6, 5),
            TARGET5,
        ),
        case(
            f"multi_margin_p2_weight_{red}",
            lambda T, x, t, w, r=red: F(T).multi_margin_loss(x, t, 2, 0.7, w.detach(), reduction=r),
            rand(6, 5),
            TARGET5,
            pos(5),
        ),
        case(
            f"multilabel_margin_{red}",
            lambda T, x, t, r=red: F(T).multilabel_margin_loss(x, t, reduction=r),
            rand(4, 5),
            MULTILABEL,
        ),
    ]

LOSSES += [
    case("kl_div_batchmean", lambda T, x, t: F(T).kl_div(x, t, reduction="batchmean"),
         rand(3, 4), pos(3, 4)),  # fmt: skip
    case("kl_div_batchmean_0d", lambda T, x, t: F(T).kl_div(x, t, reduction="batchmean"),
         rand(), pos()),  # fmt: skip
    case("kl_div_zero_target", lambda T, x, t: F(T).kl_div(x, t, reduction="none"),
         rand(4), f32(0, 0.5, 0, 1)),  # fmt: skip
    case("kl_div_target_grad_f64", lambda T, x, t: F(T).kl_div(x, t, reduction="sum"),
         rand(2, 3, dtype=F64), pos(2, 3, dtype=F64)),  # fmt: skip
    case("kl_div_broadcast", lambda T, x, t: F(T).kl_div(x, t, reduction="sum"),
         rand(3, 1), pos(4)),  # fmt: skip
    case("kl_div_legacy", lambda T, x, t: F(T).kl_div(x, t, reduce=False), rand(3), pos(3)),
    case("margin_ranking_legacy", lambda T, a, b, y: F(T).margin_ranking_loss(
        a, b, y, size_average=False), rand(7), rand(7), SIGNS),  # fmt: skip
    case("hinge_int_target", lambda T, x, y: F(T).hinge_embedding_loss(x, y, 0.5),
         rand(4), i64(1, -1, -1, 1)),  # fmt: skip
    case("soft_margin_broadcast_target", lambda T, x, y: F(T).soft_margin_loss(x, y.detach()),
         rand(3, 7), SIGNS),  # fmt: skip
    case("soft_margin_large", lambda T, x, y: F(T).soft_margin_loss(x, y.detach(), None, False),
         f32(100, -100, 30, -30, 0), f32(1, 1, -1, -1, 1)),  # fmt: skip
    case("soft_margin_f64", lambda T, x, y: F(T).soft_margin_loss(x, y.detach()),
         rand(3, 4, dtype=F64), rand(3, 4, dtype=F64)),  # fmt: skip
    case("poisson_full_small_targets", lambda T, x, y: F(T).poisson_nll_loss(x, y, full=True),
         rand(6), f32(0, 0.5, 1, 1.5, 3, 10)),  # fmt: skip
    case("gaussian_float_var", lambda T, x, y: F(T).gaussian_nll_loss(x, y, 0.5),
         rand(3, 4), rand(3, 4)),  # fmt: skip
    case("gaussian_var_clamped", lambda T, x, y, v: F(T).gaussian_nll_loss(x, y, v, eps=0.1),
         rand(4), rand(4), f32(0.0, 0.05, 0.5, 2.0)),  # fmt: skip
    case("gaussian_var_one_dim", lambda T, x, y, v: F(T).gaussian_nll_loss(x, y, v),
         rand(2, 3, 4), rand(2, 3, 4), pos(2, 1, 4)),  # fmt: skip
    case("multilabel_soft_margin_1d", lambda T, x, y: F(T).multilabel_soft_margin_loss(x, y),
         rand(5), f32(1, 0, 0, 1, 1)),  # fmt: skip
    case("multilabel_soft_margin_large", lambda T, x, y: F(T).multilabel_soft_margin_loss(
        x, y), f32(100, -100, 50, -50).reshape(1, 4), f32(0, 1, 1, 0).reshape(1, 4)),  # fmt: skip
    case("cosine_embedding_0d_target", lambda T, a, b, y: F(T).cosine_embedding_loss(a, b, y),
         rand(4), rand(4), np.array(-1.0, np.float32)),  # fmt: skip
    case("cosine_embedding_zero_vector", lambda T, a, b, y: F(T).cosine_embedding_loss(a, b, y),
         np.zeros((2, 3), np.float32), rand(2, 3), f32(1, -1)),  # fmt: skip
    case("triplet_1d", lambda T, a, p, n: F(T).triplet_margin_loss(a, p, n, p=3),
         rand(4), rand(4), rand(4)),  # fmt: skip
    case("triplet_inf_norm_f64", lambda T, a, p, n: F(T).triplet_margin_loss(a, p, n, p=inf),
         rand(3, 4, dtype=F64), rand(3, 4, dtype=F64), rand(3, 4, dtype=F64)),  # fmt: skip
    case("triplet_broadcast", lambda T, a, p, n: F(T).triplet_margin_loss(a, p, n, margin=2.0),
         rand(1, 3), rand(4, 3), rand(4, 3)),  # fmt: skip
    case("multi_margin_1d", lambda T, x, t: F(T).multi_margin_loss(x, t, reduction="none"),
         rand(5), i64(2)),  # fmt: skip
    case("multi_margin_1d_0d_target", lambda T, x, t: F(T).multi_margin_loss(
        x, t, reduction="none"), rand(5), np.array(3)),  # fmt: skip
    case("multi_margin_f64", lambda T, x, t: F(T).multi_margin_loss(x, t, 2),
         rand(6, 5, dtype=F64), TARGET5),  # fmt: skip
    case("multilabel_margin_1d", lambda T, x, t: F(T).multilabel_margin_loss(x, t),
         rand(5), i64(4, 0, -1, 1, 1)),  # fmt: skip
    case("multilabel_margin_f64", lambda T, x, t: F(T).multilabel_margin_loss(x, t, False),
         rand(4, 5, dtype=F64), MULTILABEL),  # fmt: skip
]


@run(LOSSES)
def test_loss_matches_torch(fn, inputs, options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check(fn, *inputs, **options)


LOSS_MODULES = [
    ("KLDivLoss", lambda T: T.nn.KLDivLoss(reduction="batchmean", log_target=True), 2),
    ("MarginRankingLoss", lambda T: T.nn.MarginRankingLoss(0.5), 3),
    ("HingeEmbeddingLoss", lambda T: T.nn.HingeEmbeddingLoss(2.0, reduction="sum"), 2),
    ("SoftMarginLoss", lambda T: T.nn.SoftMarginLoss(), 2),  # target: see INPUTS
    ("CosineEmbeddingLoss", lambda T: T.nn.CosineEmbeddingLoss(0.1, reduction="none"), 3),
    ("TripletMarginLoss", lambda T: T.nn.TripletMarginLoss(0.5, 1.5, swap=True), 3),
    ("PoissonNLLLoss", lambda T: T.nn.PoissonNLLLoss(full=True), 2),
    ("GaussianNLLLoss", lambda T: T.nn.GaussianNLLLoss(full=True, eps=1e-3), 3),
    ("MultiLabelSoftMarginLoss", lambda T: T.nn.MultiLabelSoftMarginLoss(), 2),
    ("MultiMarginLoss", lambda T: T.nn.MultiMarginLoss(p=2, margin=0.5), 2),
    ("MultiLabelMarginLoss", lambda T: T.nn.MultiLabelMarginLoss(reduction="none"), 2),
]
INPUTS = {  # the module's inputs: signs for the ranking losses, classes for the margin ones
    "MarginRankingLoss": (rand(4, 5), rand(4, 5), np.tile(SIGNS4[:, None], 5)),
    "HingeEmbeddingLoss": (rand(4, 5), np.tile(SIGNS4[:, None], 5)),
    "SoftMarginLoss": (rand(4, 5), np.tile(SIGNS4[:, None], 5).astype(np.int64)),
    "CosineEmbeddingLoss": (rand(4, 5), rand(4, 5), SIGNS4),
    "PoissonNLLLoss": (rand(4, 5), pos(4, 5) * 3),
    "GaussianNLLLoss": (rand(4, 5), rand(4, 5), pos(4, 5)),
    "MultiLabelSoftMarginLoss": (rand(4, 5), (rand(4, 5) > 0).astype(np.float32)),
    "MultiMarginLoss": (rand(4, 5), TARGET5[:4]),
    "MultiLabelMarginLoss": (rand(4, 5), MULTILABEL),
}


@pytest.mark.parametrize("name, make, n", LOSS_MODULES, ids=[m[0] for m in LOSS_MODULES])
def test_loss_module_matches_torch(name, make, n):
    assert repr(make(cybenko)) == repr(make(torch))
    assert make(cybenko).reduction == make(torch).reduction
    inputs = INPUTS.get(name) or tuple(rand(4, 5) for _ in range(n))
    check(lambda T, *xs: make(T)(*xs), *inputs)


def test_loss_module_settings_and_weights_match_torch():
    w = pos(5)
    for make in (
        lambda T: T.nn.MultiMarginLoss(weight=T.tensor(w)),
        lambda T: T.nn.MultiLabelSoftMarginLoss(weight=T.tensor(w)),
    ):
        theirs, ours = make(torch), make(cybenko)
        assert list(ours.state_dict()) == list(theirs.state_dict()) == ["weight"]
    for make in (
        lambda T: T.nn.KLDivLoss(),
        lambda T: T.nn.PoissonNLLLoss(),
        lambda T: T.nn.TripletMarginLoss(),
        lambda T: T.nn.GaussianNLLLoss(),
    ):
        theirs, ours = make(torch), make(cybenko)
        shown = {k: v for k, v in vars(theirs).items() if not k.startswith("_") and k != "training"}
        assert {k: getattr(ours, k) for k in shown} == shown


def test_legacy_loss_arguments_warn_and_set_the_reduction_as_torch():
    for lib in (torch, cybenko):
        with pytest.warns(UserWarning, match="size_average and reduce args will be deprecated"):
            m = lib.nn.SoftMarginLoss(size_average=False)
        assert m.reduction == "sum"


def test_kl_div_mean_warns_as_torch():
    for lib in (torch, cybenko):
        with pytest.warns(UserWarning, match="reduction: 'mean' divides the total loss"):
            F(lib).kl_div(lib.zeros(2), lib.ones(2))
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            F(lib).kl_div(lib.zeros(2), lib.ones(2), reduction="batchmean")


LOSS_ERRORS = [
    lambda T, x: F(T).kl_div(x, x, reduction="bad"),
    lambda T, x: F(T).margin_ranking_loss(x, x[0], x),
    lambda T, x: F(T).margin_ranking_loss(x, x[:2], x[:2]),
    lambda T, x: F(T).soft_margin_loss(x, x[:2]),
    lambda T, x: F(T).soft_margin_loss(x[:, :1], x),
    lambda T, x: F(T).soft_margin_loss(x.long(), x.long()),
    lambda T, x: F(T).cosine_embedding_loss(x, x, x),
    lambda T, x: F(T).cosine_embedding_loss(x, x[0], x[:, 0]),
    lambda T, x: F(T).cosine_embedding_loss(x, x, x[0, 0]),
    lambda T, x: F(T).triplet_margin_loss(x, x, x[0]),
    lambda T, x: F(T).triplet_margin_loss(x, x, x, margin=0),
    lambda T, x: F(T).gaussian_nll_loss(x, x, -x.abs()),
    lambda T, x: F(T).gaussian_nll_loss(x, x, -1.0),
    lambda T, x: F(T).gaussian_nll_loss(x, x, x[:2].abs()),
    lambda T, x: F(T).gaussian_nll_loss(x, x, x.abs(), reduction="x"),
    lambda T, x: F(T).poisson_nll_loss(x, x, reduction="x"),
    lambda T, x: F(T).multilabel_soft_margin_loss(x, x, reduction="x"),
    lambda T, x: F(T).multi_margin_loss(x, T.tensor([1, 0, 5])),
    lambda T, x: F(T).multi_margin_loss(x, T.tensor([1, 0, -1])),
    lambda T, x: F(T).multi_margin_loss(x, T.tensor([1, 0])),
    lambda T, x: F(T).multi_margin_loss(x.view(3, 1, 4), T.tensor([1, 0, 1])),
    lambda T, x: F(T).multi_margin_loss(x, T.tensor([1, 0, 1]), p=3),
    lambda T, x: F(T).multi_margin_loss(x, T.tensor([1, 0, 1]), weight=T.ones(1, 4)),
    lambda T, x: F(T).multi_margin_loss(x, T.tensor([1, 0, 1]), weight=T.ones(3)),
    lambda T, x: F(T).multi_margin_loss(x, T.tensor([1.0, 0, 1])),
    lambda T, x: F(T).multi_margin_loss(x.long(), T.tensor([1, 0, 1])),
    lambda T, x: F(T).multilabel_margin_loss(x, T.tensor([[1, 0, -1, 4]] * 3)),
    lambda T, x: F(T).multilabel_margin_loss(x, T.tensor([[1, 0, -1, 0]])),
    lambda T, x: T.nn.TripletMarginLoss(margin=-1.0),
    lambda T, x: T.nn.MultiMarginLoss(p=3),
    lambda T, x: T.nn.MultiMarginLoss(weight=T.ones(2, 2)),
]


@pytest.mark.parametrize("fn", LOSS_ERRORS)
def test_loss_errors_match_torch(fn):
    check_error(fn, rand(3, 4), match="start")


# --- finite differences: every new node in float64 ----------------------------------------


def away(*shape, gap=0.1, lo=-3.0, hi=3.0):
    """float64 values at least `gap` from the kinks at 0, +-0.5, +-1, +-3 and +-6."""
    x = draw.rand(*shape, lo=lo, hi=hi, dtype=F64)
    kinks = np.array([0.0, 0.5, -0.5, 1.0, -1.0, 3.0, -3.0, 6.0, -6.0])
    near = np.abs(x[..., None] - kinks).min(-1) < gap
    return np.where(near, x + 2 * gap, x)


def r64(*shape, lo=-2.0, hi=2.0):
    return draw.rand(*shape, lo=lo, hi=hi, dtype=F64)


GRADCHECK = [
    case("silu", lambda T, x: F(T).silu(x), r64(3, 4, lo=-6, hi=6)),
    case("mish", lambda T, x: F(T).mish(x), r64(3, 4, lo=-6, hi=6)),
    case("hardtanh", lambda T, x: F(T).hardtanh(x, -0.5, 1.0), away(3, 4)),
    case("logsigmoid", lambda T, x: F(T).logsigmoid(x), r64(3, 4, lo=-8, hi=8)),
    case("softshrink", lambda T, x: F(T).softshrink(x), away(3, 4)),
    case("hardshrink", lambda T, x: F(T).hardshrink(x), away(3, 4)),
    case("threshold", lambda T, x: F(T).threshold(x, 0.0, 2.0), away(3, 4)),
    case("prelu", lambda T, x, w: F(T).prelu(x, w), away(2, 3, 2), r64(3)),
    case("prelu_one", lambda T, x, w: F(T).prelu(x, w), away(2, 3), r64(1)),
    case("rrelu_eval", lambda T, x: F(T).rrelu(x), away(3, 4)),
    case("glu", lambda T, x: F(T).glu(x, 0), r64(4, 3)),
    case("hardsigmoid", lambda T, x: F(T).hardsigmoid(x), away(3, 4, lo=-5, hi=5)),
    case("hardswish", lambda T, x: F(T).hardswish(x), away(3, 4, lo=-5, hi=5)),
    case("celu", lambda T, x: F(T).celu(x, 0.7), away(3, 4)),
    case("kl_div_xlogy", lambda T, x, t: F(T).kl_div(x, t, reduction="none"),
         r64(3, 2), r64(3, 2, lo=0.2, hi=2)),  # fmt: skip
    case("soft_margin", lambda T, x: F(T).soft_margin_loss(x, T.tensor(SIGNS[:6]).view(2, 3),
         reduction="none"), r64(2, 3)),  # fmt: skip
    case("multi_margin", lambda T, x: F(T).multi_margin_loss(x, T.tensor([0, 2, 1]), 2,
         reduction="none"), r64(3, 4)),  # fmt: skip
    case("multilabel_margin", lambda T, x: F(T).multilabel_margin_loss(
        x, T.tensor(MULTILABEL), reduction="none"), r64(4, 5)),  # fmt: skip
    case("triplet_p3", lambda T, a, p, n: F(T).triplet_margin_loss(a, p, n, 2.0, 3,
         reduction="none"), r64(3, 4), r64(3, 4), r64(3, 4)),  # fmt: skip
    case("triplet_p2", lambda T, a, p, n: F(T).triplet_margin_loss(a, p, n, 2.0,
         reduction="none"), r64(3, 4), r64(3, 4), r64(3, 4)),  # fmt: skip
]


@run(GRADCHECK)
def test_finite_differences(fn, inputs, options):
    check_finite_differences(fn, *inputs, **options)


def test_large_inputs_stay_finite_where_torch_does():
    x = f32(-1e4, -200, -100, 0, 100, 200, 1e4)
    for name in ("logsigmoid", "softplus", "mish", "silu"):
        theirs = getattr(F(torch), name)(torch.tensor(x)).numpy()
        ours = getattr(F(cybenko), name)(cybenko.tensor(x)).numpy()
        np.testing.assert_allclose(ours, theirs, rtol=1e-6, atol=scaled_atol(theirs, 1e-7))
        assert np.isfinite(ours).all() == np.isfinite(theirs).all()


# --- ParameterList and ParameterDict --------------------------------------------------------


def build_parameter_list(T):
    weights = T.nn.ParameterList([T.nn.Parameter(T.ones(2, 3)), T.zeros(4)])
    weights.append(T.ones(1, dtype=T.float64))
    weights += [T.ones(2, 2)]
    weights.extend((T.zeros(3),))
    weights[1] = T.full((5,), 2.0)  # a plain tensor, registered as a Parameter
    weights.append("not a tensor")
    return weights


def build_parameter_dict(T):
    d = T.nn.ParameterDict({"b": T.ones(2), "a": T.nn.Parameter(T.zeros(3))})  # sorted
    d["c"] = T.ones(1, 2)
    d.update([("e", T.zeros(2)), ("d", T.ones(1))])
    d.setdefault("f", T.ones(3, dtype=T.float64))
    d["note"] = 3
    return d


def _summary(container):
    return (
        repr(container),
        len(container),
        [n for n, _ in container.named_parameters()],
        list(container.state_dict()),
        [type(p).__name__ for p in container.parameters()],
        [tuple(p.shape) for p in container.parameters()],
    )


@pytest.mark.parametrize("build", [build_parameter_list, build_parameter_dict])
def test_parameter_containers_register_like_torch(build):
    theirs, ours = build(torch), build(cybenko)
    assert _summary(ours) == _summary(theirs)
    module = cybenko.nn.Module()
    module.params = ours
    assert list(module.state_dict()) == [f"params.{k}" for k in theirs.state_dict()]


def test_parameter_list_indexing_and_iteration_like_torch():
    results = []
    for lib in (torch, cybenko):
        weights = build_parameter_list(lib)
        sliced = weights[1:4]
        results.append(
            (
                type(sliced).__name__,
                [tuple(p.shape) for p in sliced],
                tuple(weights[-2].shape),
                [type(p).__name__ for p in weights],
                weights[1].requires_grad,
                float(weights[1].sum()),
            )
        )
    assert results[1] == results[0]


def test_parameter_dict_mapping_methods_like_torch():
    results = []
    for lib in (torch, cybenko):
        d = build_parameter_dict(lib)
        popped = d.pop("a")
        key, _ = d.popitem()
        del d["b"]
        other = lib.nn.ParameterDict({"z": lib.ones(1)})
        merged = d | other
        results.append(
            (
                list(d.keys()),
                tuple(popped.shape),
                key,
                "c" in d,
                d.get("missing", "default"),
                list(reversed(d)),
                list(merged.keys()),
                list(d.copy().keys()),
                list(d.fromkeys(["x", "y"]).keys()),
                [tuple(v.shape) for v in d.values() if hasattr(v, "shape")],
            )
        )
        d.clear()
        assert len(d) == 0 and list(d.parameters()) == []
    assert results[1] == results[0]


PARAMETER_CONTAINER_ERRORS = [
    lambda T: T.nn.ParameterList([T.ones(1)])[1],
    lambda T: T.nn.ParameterList([T.ones(1)])[-2],
    lambda T: T.nn.ParameterList().extend(T.ones(2)),
    lambda T: T.nn.ParameterList()(T.ones(1)),
    lambda T: T.nn.ParameterDict()[1],
    lambda T: T.nn.ParameterDict()["missing"],
    lambda T: T.nn.ParameterDict(5),
    lambda T: T.nn.ParameterDict([("a", T.ones(1), 3)]),
    lambda T: T.nn.ParameterDict([5]),
    lambda T: T.nn.ParameterDict()(T.ones(1)),
]


@pytest.mark.parametrize("fn", PARAMETER_CONTAINER_ERRORS)
def test_parameter_container_errors_match_torch(fn):
    check_error(lambda T: fn(T), match="start")
