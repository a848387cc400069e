"""Every loss of cybenko.nn against torch: values, dtypes, grad_fn names and the gradients
reaching the input and the target, for each reduction, at the edges (probabilities exactly 0
and 1, logits of +-100, ignored targets, all targets ignored, empty batches), with weights,
pos_weight and label smoothing; then the errors and warnings, word for word.

Each case is one line: a lambda taking the library as `T` and the NumPy inputs it receives as
tensors (float arrays require grad); see helpers.check.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import cybenko
from helpers import check, check_error
from oracle import torch
from test_nn_layers import twin

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings(r"ignore::RuntimeWarning:cybenko\..*")]

rng = np.random.default_rng(7)
REDUCTIONS = ("none", "mean", "sum")


def rand(*shape, lo=-2.0, hi=2.0, dtype=np.float32):
    return np.asarray(rng.uniform(lo, hi, shape), dtype=dtype)


def probs(*shape, dtype=np.float32):
    return rand(*shape, lo=0.02, hi=0.98, dtype=dtype)


def classes(*shape, n=4):
    return rng.integers(0, n, shape).astype(np.int64)


def f32(*values):
    return np.array(values, np.float32)


def case(name, fn, *inputs, marks=(), **options):
    return pytest.param(fn, inputs, options, id=name, marks=marks)


def F(T):
    return T.nn.functional


# Probabilities at the edges, against targets that make each clamped log count.
P_EDGE = f32(0.0, 0.0, 1.0, 1.0, 0.5, 1e-30, 1 - 1e-7, 0.25)
T_EDGE = f32(0.0, 1.0, 0.0, 1.0, 0.5, 1.0, 0.0, 0.75)
LOGITS_EDGE = f32(-100.0, 100.0, -100.0, 100.0, 0.0, 30.0, -30.0, 1e-4)
W8 = rand(8, lo=0.1, hi=2.0)
W4 = rand(4, lo=0.1, hi=2.0)
W3 = rand(3, lo=0.1, hi=2.0)
POS4 = rand(4, lo=0.5, hi=3.0)
BIG = rand(5, 4, lo=-100, hi=100)

CASES = []
for red in REDUCTIONS:
    CASES += [
        # --- regression losses ---
        case(
            f"mse_{red}",
            lambda T, x, y, r=red: F(T).mse_loss(x, y, reduction=r),
            rand(3, 5),
            rand(3, 5),
        ),
        case(
            f"mse_3d_{red}",
            lambda T, x, y, r=red: F(T).mse_loss(x, y, reduction=r),
            rand(2, 3, 4),
            rand(2, 3, 4),
        ),
        case(
            f"mse_f64_{red}",
            lambda T, x, y, r=red: F(T).mse_loss(x, y, reduction=r),
            rand(4, dtype=np.float64),
            rand(4, dtype=np.float64),
        ),
        case(
            f"mse_module_{red}",
            lambda T, x, y, r=red: T.nn.MSELoss(reduction=r)(x, y),
            rand(7, 1),
            rand(7, 1),
        ),
        case(
            f"l1_{red}",
            lambda T, x, y, r=red: F(T).l1_loss(x, y, reduction=r),
            rand(3, 5),
            rand(3, 5),
        ),
        case(
            f"l1_module_{red}",
            lambda T, x, y, r=red: T.nn.L1Loss(reduction=r)(x, y),
            rand(2, 3, 2),
            rand(2, 3, 2),
        ),
        case(
            f"l1_ties_{red}",
            lambda T, x, y, r=red: F(T).l1_loss(x, y, reduction=r),
            f32(1.0, 2.0, -3.0),
            f32(1.0, 2.5, -3.0),
        ),
        case(
            f"huber_{red}",
            lambda T, x, y, r=red: F(T).huber_loss(x, y, reduction=r),
            rand(4, 5, lo=-3, hi=3),
            rand(4, 5, lo=-3, hi=3),
        ),
        case(
            f"huber_delta_{red}",
            lambda T, x, y, r=red: T.nn.HuberLoss(reduction=r, delta=0.4)(x, y),
            rand(6, lo=-1, hi=1),
            rand(6, lo=-1, hi=1),
        ),
        case(
            f"huber_at_delta_{red}",
            lambda T, x, y, r=red: F(T).huber_loss(x, y, reduction=r, delta=0.5),
            f32(0.5, -0.5, 0.0, 2.0),
            f32(0.0, 0.0, 0.0, 0.0),
        ),
        case(
            f"smooth_l1_{red}",
            lambda T, x, y, r=red: F(T).smooth_l1_loss(x, y, reduction=r),
            rand(4, 5, lo=-3, hi=3),
            rand(4, 5, lo=-3, hi=3),
        ),
        case(
            f"smooth_l1_beta_{red}",
            lambda T, x, y, r=red: T.nn.SmoothL1Loss(reduction=r, beta=0.3)(x, y),
            rand(9, lo=-1, hi=1),
            rand(9, lo=-1, hi=1),
        ),
        case(
            f"smooth_l1_beta0_{red}",
            lambda T, x, y, r=red: F(T).smooth_l1_loss(x, y, reduction=r, beta=0.0),
            rand(5),
            rand(5),
        ),
        # --- binary cross-entropy on probabilities ---
        case(
            f"bce_{red}",
            lambda T, x, y, r=red: F(T).binary_cross_entropy(x, y, reduction=r),
            probs(4, 3),
            probs(4, 3),
        ),
        case(
            f"bce_edges_{red}",
            lambda T, x, y, r=red: T.nn.BCELoss(reduction=r)(x, y),
            P_EDGE,
            T_EDGE,
        ),
        case(
            f"bce_weight_{red}",
            lambda T, x, y, r=red: T.nn.BCELoss(weight=T.tensor(W8), reduction=r)(x, y),
            P_EDGE,
            T_EDGE,
        ),
        case(
            f"bce_weight_broadcast_{red}",
            lambda T, x, y, r=red: F(T).binary_cross_entropy(x, y, T.tensor(W3), reduction=r),
            probs(2, 3),
            probs(2, 3),
        ),
        case(
            f"bce_f64_{red}",
            lambda T, x, y, r=red: F(T).binary_cross_entropy(x, y, reduction=r),
            probs(5, dtype=np.float64),
            probs(5, dtype=np.float64),
        ),
        # --- binary cross-entropy on logits ---
        case(
            f"bce_logits_{red}",
            lambda T, x, y, r=red: F(T).binary_cross_entropy_with_logits(x, y, reduction=r),
            rand(4, 3, lo=-5, hi=5),
            probs(4, 3),
        ),
        case(
            f"bce_logits_edges_{red}",
            lambda T, x, y, r=red: T.nn.BCEWithLogitsLoss(reduction=r)(x, y),
            LOGITS_EDGE,
            T_EDGE,
        ),
        case(
            f"bce_logits_weight_{red}",
            lambda T, x, y, r=red: T.nn.BCEWithLogitsLoss(T.tensor(W8), reduction=r)(x, y),
            LOGITS_EDGE,
            T_EDGE,
        ),
        case(
            f"bce_logits_pos_weight_{red}",
            lambda T, x, y, r=red: T.nn.BCEWithLogitsLoss(pos_weight=T.tensor(POS4), reduction=r)(
                x, y
            ),
            rand(3, 4, lo=-100, hi=100),
            probs(3, 4),
        ),
        case(
            f"bce_logits_both_weights_{red}",
            lambda T, x, y, r=red: F(T).binary_cross_entropy_with_logits(
                x, y, T.tensor(W4), reduction=r, pos_weight=T.tensor(POS4)
            ),
            rand(2, 4, lo=-5, hi=5),
            (rand(2, 4) > 0).astype(np.float32),
        ),
        case(
            f"bce_logits_f64_{red}",
            lambda T, x, y, r=red: F(T).binary_cross_entropy_with_logits(x, y, reduction=r),
            rand(6, dtype=np.float64),
            probs(6, dtype=np.float64),
        ),
        # --- cross-entropy on class indices ---
        case(
            f"ce_{red}",
            lambda T, x, t, r=red: F(T).cross_entropy(x, t, reduction=r),
            rand(5, 4),
            classes(5),
        ),
        case(
            f"ce_module_{red}",
            lambda T, x, t, r=red: T.nn.CrossEntropyLoss(reduction=r)(x, t),
            rand(3, 7),
            classes(3, n=7),
        ),
        case(
            f"ce_big_logits_{red}",
            lambda T, x, t, r=red: F(T).cross_entropy(x, t, reduction=r),
            BIG,
            classes(5),
        ),
        case(
            f"ce_unbatched_{red}",
            lambda T, x, t, r=red: F(T).cross_entropy(x, t, reduction=r),
            rand(4),
            np.array(2),
        ),
        case(
            f"ce_spatial_{red}",
            lambda T, x, t, r=red: F(T).cross_entropy(x, t, reduction=r),
            rand(2, 4, 3),
            classes(2, 3),
        ),
        case(
            f"ce_image_{red}",
            lambda T, x, t, r=red: F(T).cross_entropy(x, t, reduction=r),
            rand(2, 4, 3, 2),
            classes(2, 3, 2),
        ),
        case(
            f"ce_5d_{red}",
            lambda T, x, t, r=red: F(T).cross_entropy(x, t, reduction=r),
            rand(2, 3, 2, 2, 2),
            classes(2, 2, 2, 2, n=3),
        ),
        case(
            f"ce_ignore_{red}",
            lambda T, x, t, r=red: F(T).cross_entropy(x, t, reduction=r),
            rand(5, 4),
            np.array([0, -100, 3, -100, 1]),
        ),
        case(
            f"ce_ignore_custom_{red}",
            lambda T, x, t, r=red: T.nn.CrossEntropyLoss(ignore_index=1, reduction=r)(x, t),
            rand(5, 4),
            np.array([0, 1, 3, 1, 2]),
        ),
        case(
            f"ce_all_ignored_{red}",
            lambda T, x, t, r=red: F(T).cross_entropy(x, t, reduction=r),
            rand(3, 4),
            np.array([-100, -100, -100]),
        ),
        case(
            f"ce_weight_{red}",
            lambda T, x, t, r=red: T.nn.CrossEntropyLoss(T.tensor(W4), reduction=r)(x, t),
            rand(6, 4),
            np.array([0, 1, 2, 3, 3, -100]),
        ),
        case(
            f"ce_weight_spatial_{red}",
            lambda T, x, t, r=red: F(T).cross_entropy(x, t, T.tensor(W4), reduction=r),
            rand(2, 4, 3),
            classes(2, 3),
        ),
        case(
            f"ce_smoothing_{red}",
            lambda T, x, t, r=red: F(T).cross_entropy(x, t, reduction=r, label_smoothing=0.1),
            rand(5, 4),
            classes(5),
        ),
        case(
            f"ce_smoothing_ignore_weight_{red}",
            lambda T, x, t, r=red: T.nn.CrossEntropyLoss(
                T.tensor(W4), ignore_index=2, reduction=r, label_smoothing=0.3
            )(x, t),
            rand(6, 4),
            np.array([0, 2, 1, 3, 2, 1]),
        ),
        case(
            f"ce_smoothing_spatial_{red}",
            lambda T, x, t, r=red: F(T).cross_entropy(x, t, reduction=r, label_smoothing=1.0),
            rand(2, 4, 3),
            np.array([[0, 1, -100], [3, 2, 2]]),
        ),
        # --- cross-entropy on class probabilities ---
        case(
            f"ce_probs_{red}",
            lambda T, x, p, r=red: F(T).cross_entropy(x, p.softmax(1), reduction=r),
            rand(5, 4),
            rand(5, 4),
        ),
        case(
            f"ce_probs_unbatched_{red}",
            lambda T, x, p, r=red: F(T).cross_entropy(x, p, reduction=r),
            rand(4),
            probs(4),
        ),
        case(
            f"ce_probs_spatial_weight_{red}",
            lambda T, x, p, r=red: F(T).cross_entropy(x, p.softmax(1), T.tensor(W4), reduction=r),
            rand(2, 4, 3),
            rand(2, 4, 3),
        ),
        case(
            f"ce_probs_smoothing_{red}",
            lambda T, x, p, r=red: T.nn.CrossEntropyLoss(reduction=r, label_smoothing=0.2)(
                x, p.softmax(-1)
            ),
            BIG,
            rand(5, 4),
        ),
        # --- negative log-likelihood ---
        case(
            f"nll_{red}",
            lambda T, x, t, r=red: F(T).nll_loss(x.log_softmax(1), t, reduction=r),
            rand(5, 4),
            classes(5),
        ),
        case(
            f"nll_raw_{red}",
            lambda T, x, t, r=red: T.nn.NLLLoss(reduction=r)(x, t),
            rand(5, 4),
            classes(5),
        ),
        case(
            f"nll_weight_ignore_{red}",
            lambda T, x, t, r=red: T.nn.NLLLoss(T.tensor(W4), ignore_index=0, reduction=r)(x, t),
            rand(6, 4),
            np.array([0, 1, 2, 3, 0, 3]),
        ),
        case(
            f"nll_spatial_{red}",
            lambda T, x, t, r=red: F(T).nll_loss(x, t, reduction=r),
            rand(2, 4, 5),
            classes(2, 5),
        ),
        case(
            f"nll_unbatched_{red}",
            lambda T, x, t, r=red: F(T).nll_loss(x, t, reduction=r),
            rand(4),
            np.array(1),
        ),
        case(
            f"nll_byte_target_{red}",
            lambda T, x, t, r=red: F(T).nll_loss(x, t, reduction=r),
            rand(3, 4),
            np.array([1, 0, 3], np.uint8),
        ),
        case(
            f"nll_empty_{red}",
            lambda T, x, t, r=red: F(T).nll_loss(x, t, reduction=r),
            rand(0, 4),
            classes(0),
        ),
    ]

CASES += [
    case(
        "mse_broadcast_target",
        lambda T, x, y: F(T).mse_loss(x, y.unsqueeze(1)),
        rand(3, 4),
        rand(3),
        marks=pytest.mark.filterwarnings("ignore:Using a target size"),  # as torch warns
    ),
    case("mse_empty", lambda T, x, y: F(T).mse_loss(x, y), rand(0, 3), rand(0, 3)),
    case("mse_int_target", lambda T, x, y: F(T).mse_loss(x, y), rand(3, 2), classes(3, 2)),
    case("mse_weight", lambda T, x, y: F(T).mse_loss(x, y, weight=T.tensor(W8)), rand(8), rand(8)),
    case(
        "l1_weight_sum",
        lambda T, x, y: F(T).l1_loss(x, y, reduction="sum", weight=T.tensor(W8)),
        rand(8),
        rand(8),
    ),
    case(
        "huber_weight", lambda T, x, y: F(T).huber_loss(x, y, weight=T.tensor(W8)), rand(8), rand(8)
    ),
    case("ce_probs_empty", lambda T, x, y: F(T).cross_entropy(x, y), rand(0, 3), rand(0, 3)),
    case(
        "ce_f64",
        lambda T, x, t: F(T).cross_entropy(x, t),
        rand(4, 3, dtype=np.float64),
        classes(4, n=3),
    ),
]

# huber and soft margin write their loss into a tensor of the input's dtype: a wider target
# does not widen it (the targets are made inside, and torch's own huber backward fails on
# mixed dtypes, so huber's cases compare the forward only)
X6 = f32(0.5, -1.0, 2.0, 0.1, -3.0, 1.5)
Y6 = (-0.5, 1.0, 2.5, -2.0, 0.0, 1.0)
SIGNS6 = (1.0, -1.0, 1.0, 1.0, -1.0, -1.0)
for red in REDUCTIONS:
    CASES += [
        case(
            f"huber_f64_target_{red}",
            lambda T, x, r=red: F(T).huber_loss(x, T.tensor(Y6, dtype=T.float64), reduction=r),
            X6,
            grad=False,
        ),
        case(
            f"soft_margin_f64_target_{red}",
            lambda T, x, r=red: F(T).soft_margin_loss(
                x, T.tensor(SIGNS6, dtype=T.float64), reduction=r
            ),
            X6,
        ),
    ]
CASES += [
    case(
        "huber_f32_target_f16_input",
        lambda T, x: F(T).huber_loss(x, T.tensor(Y6)),
        X6.astype(np.float16),
        grad=False,
        atol=1e-3,
        rtol=1e-3,
    ),
]


@pytest.mark.parametrize("fn, inputs, options", CASES)
def test_loss_matches_torch(fn, inputs, options):
    check(fn, *inputs, **options)


# --- edge values, spelled out ------------------------------------------------------------------


def test_bce_at_exact_zero_and_one_is_clamped_to_100_per_element():
    for lib in (torch, cybenko):
        x = lib.tensor([0.0, 1.0, 0.0, 1.0], requires_grad=True)
        loss = lib.nn.BCELoss(reduction="none")(x, lib.tensor([1.0, 0.0, 0.0, 1.0]))
        assert loss.tolist() == [100.0, 100.0, 0.0, 0.0]
        loss.sum().backward()
        assert np.isfinite(x.grad.numpy()).all()


def test_bce_with_logits_stays_finite_at_huge_logits():
    x = cybenko.tensor([-1e4, 1e4, -1e4, 1e4], requires_grad=True)
    t = cybenko.tensor([1.0, 0.0, 0.0, 1.0])
    loss = cybenko.nn.functional.binary_cross_entropy_with_logits(x, t, reduction="none")
    assert loss.tolist() == [1e4, 1e4, 0.0, 0.0]
    loss.sum().backward()
    assert x.grad.tolist() == [-1.0, 1.0, 0.0, 0.0]


def test_cross_entropy_equals_log_softmax_then_nll_and_names_the_same_nodes():
    x = rand(4, 3)
    t = classes(4, n=3)
    for lib in (torch, cybenko):
        logits = lib.tensor(x, requires_grad=True)
        ce = lib.nn.functional.cross_entropy(logits, lib.tensor(t))
        nll = lib.nn.functional.nll_loss(lib.log_softmax(logits, 1), lib.tensor(t))
        assert ce.item() == pytest.approx(nll.item(), rel=1e-6)
        assert ce.grad_fn.name() == "NllLossBackward0"
        assert ce.grad_fn.next_functions[0][0].name() == "LogSoftmaxBackward0"


def test_loss_modules_keep_weights_as_buffers_like_torch():
    models = twin(
        lambda T: T.nn.ModuleDict(
            {
                "ce": T.nn.CrossEntropyLoss(weight=T.tensor(W4)),
                "nll": T.nn.NLLLoss(),
                "bce": T.nn.BCELoss(weight=T.tensor(W3)),
                "logits": T.nn.BCEWithLogitsLoss(pos_weight=T.tensor(POS4)),
            }
        )
    )
    assert list(models[1].state_dict()) == list(models[0].state_dict())
    assert [name for name, _ in models[1].named_buffers()] == [
        name for name, _ in models[0].named_buffers()
    ]
    assert repr(models[1]) == repr(models[0])


@pytest.mark.parametrize(
    "make",
    [
        lambda T: T.nn.MSELoss(),
        lambda T: T.nn.L1Loss(reduction="sum"),
        lambda T: T.nn.BCELoss(),
        lambda T: T.nn.BCEWithLogitsLoss(),
        lambda T: T.nn.CrossEntropyLoss(label_smoothing=0.1),
        lambda T: T.nn.NLLLoss(ignore_index=3),
        lambda T: T.nn.HuberLoss(delta=2.0),
        lambda T: T.nn.SmoothL1Loss(beta=0.5),
    ],
)
def test_loss_module_settings_match_torch(make):
    theirs, ours = make(torch), make(cybenko)
    assert repr(ours) == repr(theirs)
    for name in ("reduction", "ignore_index", "label_smoothing", "delta", "beta"):
        assert getattr(ours, name, None) == getattr(theirs, name, None), name


# --- legacy arguments --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "size_average, reduce", [(False, None), (None, False), (True, True), (False, True)]
)
def test_legacy_size_average_and_reduce_warn_and_pick_torchs_reduction(size_average, reduce):
    x, y = rand(3, 2), rand(3, 2)
    results = []
    for lib in (torch, cybenko):
        with pytest.warns(UserWarning) as record:
            module = lib.nn.MSELoss(size_average=size_average, reduce=reduce)
            functional = lib.nn.functional.mse_loss(
                lib.tensor(x), lib.tensor(y), size_average=size_average, reduce=reduce
            )
        results.append((module.reduction, [str(w.message) for w in record], functional))
    (t_red, t_msgs, t_out), (c_red, c_msgs, c_out) = results
    assert c_red == t_red and c_msgs == t_msgs
    # a float32 sum of 6 squares in another order: a few ulps off, and 1e-6 is only 8 ulps
    np.testing.assert_allclose(c_out.numpy(), t_out.numpy(), rtol=1e-5)


# --- errors and warnings -----------------------------------------------------------------------

ERRORS = [
    case("ce_batch_mismatch", lambda T: F(T).cross_entropy(T.rand(3, 4), T.tensor([0, 1]))),
    case(
        "ce_target_out_of_bounds", lambda T: F(T).cross_entropy(T.rand(3, 4), T.tensor([0, 1, 4]))
    ),
    case("ce_target_negative", lambda T: F(T).cross_entropy(T.rand(3, 4), T.tensor([0, 1, -1]))),
    case(
        "ce_float_target_wrong_shape",
        lambda T: F(T).cross_entropy(T.rand(3, 4), T.tensor([0.0, 1, 1])),
    ),
    case("ce_multi_target", lambda T: F(T).cross_entropy(T.rand(3, 4), T.rand(3, 3))),
    case(
        "ce_spatial_target_size",
        lambda T: F(T).cross_entropy(T.rand(3, 4, 5), T.zeros(3, 4, dtype=T.long)),
    ),
    case(
        "ce_weight_size",
        lambda T: F(T).cross_entropy(T.rand(3, 4), T.tensor([0, 1, 1]), weight=T.rand(3)),
    ),
    case(
        "ce_probs_weight_size",
        lambda T: F(T).cross_entropy(T.rand(2, 3), T.rand(2, 3), weight=T.rand(2)),
    ),
    case(
        "ce_smoothing_range",
        lambda T: F(T).cross_entropy(T.rand(3, 4), T.tensor([0, 1, 1]), label_smoothing=1.5),
    ),
    case(
        "ce_probs_smoothing_range",
        lambda T: F(T).cross_entropy(T.rand(3, 4), T.rand(3, 4), label_smoothing=1.5),
    ),
    case(
        "ce_int32_target",
        lambda T: F(T).cross_entropy(T.rand(3, 4), T.tensor([0, 1, 1], dtype=T.int32)),
    ),
    case(
        "ce_probs_ignore_index",
        lambda T: F(T).cross_entropy(T.rand(2, 3), T.rand(2, 3), ignore_index=1),
    ),
    case("ce_probs_int_target", lambda T: F(T).cross_entropy(T.rand(3), T.tensor([0, 1, 1]))),
    case(
        "ce_integer_input",
        lambda T: F(T).cross_entropy(T.ones(2, 3, dtype=T.long), T.tensor([1, 1])),
    ),
    case(
        "ce_bad_reduction",
        lambda T: F(T).cross_entropy(T.rand(3, 2), T.tensor([0, 1, 1]), reduction="avg"),
    ),
    case("nll_0d_input", lambda T: F(T).nll_loss(T.tensor(2.0), T.tensor(0))),
    case("nll_float_target", lambda T: F(T).nll_loss(T.rand(3, 4), T.tensor([0.0, 1, 1]))),
    case(
        "nll_4d_target_dims",
        lambda T: F(T).nll_loss(T.rand(3, 4, 5, 6), T.zeros(3, 5, dtype=T.long)),
    ),
    case(
        "nll_weight_dtype",
        lambda T: F(T).nll_loss(T.rand(2, 3), T.tensor([1, 1]), weight=T.rand(3).double()),
    ),
    case(
        "nll_weight_2d",
        lambda T: F(T).nll_loss(T.rand(2, 3), T.tensor([1, 1]), weight=T.rand(2, 3)),
    ),
    case(
        "nll_weight_requires_grad",
        lambda T: F(T).nll_loss(
            T.rand(2, 3), T.tensor([1, 1]), weight=T.rand(3, requires_grad=True)
        ),
    ),
    case("bce_target_size", lambda T: F(T).binary_cross_entropy(T.rand(3), T.rand(3, 1))),
    case("bce_input_range", lambda T: F(T).binary_cross_entropy(T.tensor([1.5, 0.5]), T.rand(2))),
    case(
        "bce_input_nan",
        lambda T: F(T).binary_cross_entropy(T.tensor([float("nan"), 0.5]), T.rand(2)),
    ),
    case(
        "bce_target_range",
        lambda T: F(T).binary_cross_entropy(T.tensor([0.5, 0.5]), T.tensor([1.5, 0.5])),
    ),
    case(
        "bce_target_dtype", lambda T: F(T).binary_cross_entropy(T.rand(3), T.ones(3, dtype=T.long))
    ),
    case(
        "bce_input_dtype",
        lambda T: F(T).binary_cross_entropy(T.rand(2, dtype=T.float64), T.rand(2)),
    ),
    case(
        "bce_weight_broadcast",
        lambda T: F(T).binary_cross_entropy(T.rand(3), T.rand(3), weight=T.rand(2)),
    ),
    case(
        "bce_weight_requires_grad",
        lambda T: F(T).binary_cross_entropy(
            T.rand(3), T.rand(3), weight=T.rand(3, requires_grad=True)
        ),
    ),
    case(
        "bce_logits_target_size",
        lambda T: F(T).binary_cross_entropy_with_logits(T.rand(3), T.rand(3, 1)),
    ),
    case(
        "bce_logits_weight_shape",
        lambda T: F(T).binary_cross_entropy_with_logits(
            T.rand(2, 3), T.rand(2, 3), weight=T.rand(2)
        ),
    ),
    case(
        "bce_logits_pos_weight_shape",
        lambda T: F(T).binary_cross_entropy_with_logits(
            T.rand(2, 3), T.rand(2, 3), pos_weight=T.rand(2)
        ),
    ),
    case(
        "bce_logits_pos_weight_requires_grad",
        lambda T: F(T).binary_cross_entropy_with_logits(
            T.rand(2, 3), T.rand(2, 3), pos_weight=T.rand(3, requires_grad=True)
        ),
    ),
    case("mse_broadcast_fails", lambda T: F(T).mse_loss(T.rand(3, 2), T.rand(4))),
    case("mse_bad_reduction", lambda T: F(T).mse_loss(T.rand(3), T.rand(3), reduction="avg")),
    case("mse_long", lambda T: F(T).mse_loss(T.ones(2, dtype=T.long), T.ones(2, dtype=T.long))),
    case("mse_weight_size", lambda T: F(T).mse_loss(T.rand(3), T.rand(3), weight=T.rand(2))),
    case("l1_long", lambda T: F(T).l1_loss(T.ones(2, dtype=T.long), T.ones(2, dtype=T.long))),
    case("l1_bad_reduction", lambda T: F(T).l1_loss(T.rand(3), T.rand(3), reduction="avg")),
    case("huber_delta_zero", lambda T: F(T).huber_loss(T.rand(3), T.rand(3), delta=0.0)),
    case("huber_delta_negative", lambda T: T.nn.HuberLoss(delta=-1.0)(T.rand(3), T.rand(3))),
    case("huber_delta_type", lambda T: T.nn.HuberLoss(delta="1")),
    case("huber_long", lambda T: F(T).huber_loss(T.ones(2, dtype=T.long), T.ones(2, dtype=T.long))),
    case("smooth_l1_beta_negative", lambda T: F(T).smooth_l1_loss(T.rand(3), T.rand(3), beta=-1.0)),
    # kl_div refuses integer and bool tensors (after the reduction is read)
    case(
        "kl_div_long_target",
        lambda T: F(T).kl_div(T.tensor([-1.0, -2.0]), T.tensor([0, 1]), reduction="sum"),
    ),
    case(
        "kl_div_int_input",
        lambda T: F(T).kl_div(T.tensor([-1, -2], dtype=T.int32), T.rand(2), reduction="sum"),
    ),
    case(
        "kl_div_bool_target",
        lambda T: F(T).kl_div(T.rand(2), T.tensor([False, True]), reduction="batchmean"),
    ),
    case(
        "KLDivLoss_long_target_log_target",
        lambda T: T.nn.KLDivLoss(reduction="sum", log_target=True)(T.rand(2), T.tensor([0, 1])),
    ),
    # a weight may broadcast to the input's shape but not enlarge it: pos_weight first
    case(
        "bce_logits_pos_weight_larger_than_input",
        lambda T: T.nn.BCEWithLogitsLoss(pos_weight=T.ones(4, 3, 2))(T.rand(3, 2), T.rand(3, 2)),
    ),
    case(
        "bce_logits_weight_larger_than_input_none",
        lambda T: T.nn.BCEWithLogitsLoss(weight=T.ones(4, 1, 2), reduction="none")(
            T.rand(3, 2), T.rand(3, 2)
        ),
    ),
    case(
        "bce_logits_pos_weight_checked_before_weight",
        lambda T: F(T).binary_cross_entropy_with_logits(
            T.rand(3, 2), T.rand(3, 2), weight=T.ones(4), pos_weight=T.ones(1, 3, 1)
        ),
    ),
    case(
        "bce_logits_weight_larger_than_0d_input",
        lambda T: F(T).binary_cross_entropy_with_logits(
            T.tensor(0.3), T.tensor(0.6), weight=T.ones(2)
        ),
    ),
    case(
        "bce_weight_larger_than_input",
        lambda T: T.nn.BCELoss(weight=T.ones(1, 3, 2))(T.rand(3, 2), T.rand(3, 2)),
    ),
    # huber and soft margin cannot write a float loss into an integer or bool input's dtype
    case("huber_long_input", lambda T: F(T).huber_loss(T.ones(3, dtype=T.long), T.rand(3))),
    case(
        "huber_bool_input_long_target",
        lambda T: F(T).huber_loss(T.ones(3, dtype=T.bool), T.ones(3, dtype=T.long)),
    ),
    case(
        "soft_margin_int_input_f64_target",
        lambda T: F(T).soft_margin_loss(
            T.ones(3, dtype=T.int32), T.ones(3, dtype=T.float64), reduction="none"
        ),
    ),
    case(
        "soft_margin_bool_input",
        lambda T: F(T).soft_margin_loss(T.ones(3, dtype=T.bool), T.ones(2, 3)),
    ),
    case(
        "soft_margin_long_input_larger_target",
        lambda T: F(T).soft_margin_loss(T.ones(3, dtype=T.long), T.ones(2, 3, dtype=T.long)),
    ),
]


@pytest.mark.parametrize("fn, inputs, options", ERRORS)
def test_loss_errors_match_torch(fn, inputs, options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the size warnings some cases raise
        check_error(fn, match=True)


@pytest.mark.parametrize(
    "fn",
    [
        lambda T, x, y: T.nn.MSELoss()(x, y),
        lambda T, x, y: T.nn.functional.mse_loss(x, y),
        lambda T, x, y: T.nn.functional.l1_loss(x, y),
        lambda T, x, y: T.nn.HuberLoss()(x, y),
        lambda T, x, y: T.nn.functional.smooth_l1_loss(x, y),
    ],
)
def test_size_mismatch_warning_matches_torch(fn):
    x, y = rand(3, 1), rand(3)
    messages, values = [], []
    for lib in (torch, cybenko):
        with pytest.warns(UserWarning) as record:
            out = fn(lib, lib.tensor(x), lib.tensor(y))
        messages.append([str(w.message) for w in record])
        values.append(out.item())
    assert messages[1] == messages[0]
    assert messages[0] == [
        "Using a target size (torch.Size([3])) that is different to the input size "
        "(torch.Size([3, 1])). This will likely lead to incorrect results due to broadcasting. "
        "Please ensure they have the same size."
    ]
    assert values[1] == pytest.approx(values[0], rel=1e-5)  # a float32 mean of 9 terms


def test_size_mismatch_warning_points_at_the_callers_line():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cybenko.nn.functional.mse_loss(cybenko.ones(2, 1), cybenko.ones(2))
    assert [w.filename for w in caught] == [__file__]
