"""torch.distributions against torch: samples drawn from manual_seed equal torch's, draw for
draw; log_prob, entropy, cdf and icdf values and their gradients; batch and event shapes;
reprs; and the ValueErrors of argument validation, in torch's words.

The policy-gradient pattern (m = Categorical(probs); a = m.sample();
loss = -m.log_prob(a) * R) matches torch exactly, gradients included.
"""

from __future__ import annotations

import numpy as np
import pytest

import cybenko
from cases import F64, Draws, case, f32, inf, run
from helpers import check, check_error, check_finite_differences
from oracle import torch

pytestmark = pytest.mark.oracle
draw = Draws(108)
LIBS = (torch, cybenko)


def D(T):
    return T.distributions


def seeded(fn, seed=7):
    """fn(T, ...) run after manual_seed(seed) in each library."""

    def run_seeded(T, *args):
        T.manual_seed(seed)
        return fn(T, *args)

    return run_seeded


def _probs(*shape, dtype=np.float32):
    p = draw.pos(*shape, dtype=dtype)
    return p / p.sum(-1, keepdims=True)


PROBS = _probs(2, 4)
LOGITS = draw.rand(3, 5)
LOC, SCALE = draw.rand(2, 3), draw.pos(2, 3)


def policy_gradient(T, x, w, rewards):
    """One REINFORCE step: the sampled actions must be torch's for the losses to agree."""
    T.manual_seed(3)
    probs = T.softmax(x @ w, -1)
    m = D(T).Categorical(probs)
    actions = m.sample()
    return (-m.log_prob(actions) * rewards).sum(), actions


SAMPLES = [
    case("categorical", seeded(lambda T, p: D(T).Categorical(p).sample()), PROBS),
    case("categorical_shape", seeded(lambda T, p: D(T).Categorical(p).sample((3, 2))), PROBS),
    case(
        "categorical_logits",
        seeded(lambda T, x: D(T).Categorical(logits=x).sample((6,))),
        LOGITS,
    ),
    case(
        "categorical_unnormalized",
        seeded(lambda T, p: D(T).Categorical(p * 3).sample((4,))),
        PROBS,
    ),
    case("categorical_vector", seeded(lambda T, p: D(T).Categorical(p).sample((5,))), PROBS[0]),
    case(
        "categorical_zero_prob",
        seeded(lambda T, p: D(T).Categorical(p).sample((20,))),
        f32(0.0, 0.5, 0.0, 0.5),
    ),
    case(
        "bernoulli", seeded(lambda T, p: D(T).Bernoulli(p).sample((3,))), draw.rand(4, lo=0, hi=1)
    ),
    case("bernoulli_logits", seeded(lambda T, x: D(T).Bernoulli(logits=x).sample()), LOGITS),
    case("bernoulli_number", seeded(lambda T: D(T).Bernoulli(0.3).sample((5,)))),
    case("normal_sample", seeded(lambda T, m, s: D(T).Normal(m, s).sample((2,))), LOC, SCALE),
    case("normal_rsample", seeded(lambda T, m, s: D(T).Normal(m, s).rsample((2,))), LOC, SCALE),
    case(
        "normal_rsample_f64",
        seeded(lambda T, m, s: D(T).Normal(m, s).rsample()),
        draw.rand(5, dtype=F64),
        draw.pos(5, dtype=F64),
    ),
    case("normal_numbers", seeded(lambda T: D(T).Normal(1.0, 2.0).rsample((3,)))),
    case("normal_broadcast", seeded(lambda T, m: D(T).Normal(m, 0.5).rsample((2,))), LOC[0]),
    case("uniform_rsample", seeded(lambda T, a: D(T).Uniform(a, a + 2).rsample((3,))), LOC),
    case("uniform_sample", seeded(lambda T: D(T).Uniform(-1.0, 3.0).sample((4,)))),
    case("one_hot", seeded(lambda T, p: D(T).OneHotCategorical(p).sample((3,))), PROBS),
    case(
        "one_hot_logits_f64",
        seeded(lambda T, x: D(T).OneHotCategorical(logits=x).sample()),
        draw.rand(2, 3, dtype=F64),
    ),
]


@run(SAMPLES)
def test_samples_follow_manual_seed(fn, inputs, options):
    check(fn, *inputs, **options)


VALUES = [
    case(
        "policy_gradient",
        policy_gradient,
        draw.rand(6, 3),
        draw.rand(3, 4),
        draw.rand(6),
    ),
    case("cat_log_prob", lambda T, p: D(T).Categorical(p).log_prob(T.tensor([3, 0])), PROBS),
    case(
        "cat_log_prob_broadcast",
        lambda T, p: D(T).Categorical(p).log_prob(T.tensor([[1], [2], [0]])),
        PROBS,
    ),
    case(
        "cat_log_prob_logits",
        lambda T, x: D(T).Categorical(logits=x).log_prob(T.tensor([4, 0, 2])),
        LOGITS,
    ),
    case("cat_entropy", lambda T, p: D(T).Categorical(p).entropy(), PROBS),
    case("cat_entropy_zero", lambda T, p: D(T).Categorical(p).entropy(), f32(0.0, 0.25, 0.75)),
    case("cat_entropy_logits", lambda T, x: D(T).Categorical(logits=x).entropy(), LOGITS),
    case("cat_probs_logits", lambda T, x: D(T).Categorical(logits=x).probs, LOGITS),
    case("cat_logits_from_probs", lambda T, p: D(T).Categorical(p).logits, PROBS),
    case("cat_f64", lambda T, p: D(T).Categorical(p).log_prob(T.tensor(1)), _probs(3, dtype=F64)),
    case(
        "cat_mode_mean",
        lambda T, p: (D(T).Categorical(p).mode, D(T).Categorical(p).mean),
        PROBS,
        grad=False,
    ),
    case("cat_enumerate", lambda T, p: D(T).Categorical(p).enumerate_support(), PROBS),
    case(
        "bern_log_prob",
        lambda T, p, v: D(T).Bernoulli(p).log_prob(v),
        draw.rand(4, lo=0.05, hi=0.95),
        f32(0, 1, 1, 0),
    ),
    case(
        "bern_log_prob_logits", lambda T, x: D(T).Bernoulli(logits=x).log_prob(T.ones(3, 5)), LOGITS
    ),
    case("bern_entropy", lambda T, p: D(T).Bernoulli(p).entropy(), draw.rand(4, lo=0.05, hi=0.95)),
    case("bern_logits", lambda T, p: D(T).Bernoulli(p).logits, f32(0.0, 0.3, 1.0)),
    case(
        "bern_mean_var",
        lambda T, p: (D(T).Bernoulli(p).mean, D(T).Bernoulli(p).variance),
        f32(0.2, 0.7),
    ),
    case(
        "normal_log_prob",
        lambda T, m, s, v: D(T).Normal(m, s).log_prob(v),
        LOC,
        SCALE,
        draw.rand(2, 3),
    ),
    case(
        "normal_log_prob_broadcast",
        lambda T, m, s, v: D(T).Normal(m, s).log_prob(v),
        LOC,
        SCALE,
        draw.rand(4, 1, 1),
    ),
    case("normal_entropy", lambda T, m, s: D(T).Normal(m, s).entropy(), LOC, SCALE),
    case("normal_cdf", lambda T, m, s, v: D(T).Normal(m, s).cdf(v), LOC, SCALE, draw.rand(2, 3)),
    case("normal_cdf_inf", lambda T, v: D(T).Normal(0.0, 1.0).cdf(v), f32(-inf, 0.0, inf, 3.0)),
    case(
        "normal_icdf",
        lambda T, m, s, p: D(T).Normal(m, s).icdf(p),
        LOC,
        SCALE,
        draw.rand(2, 3, lo=0.01, hi=0.99),
    ),
    case(
        "normal_icdf_ends",
        lambda T, p: D(T).Normal(0.0, 1.0).icdf(p),
        f32(0.0, 0.5, 1.0),
        grad=False,
    ),
    case(
        "normal_f64",
        lambda T, m, s, v: D(T).Normal(m, s).log_prob(v),
        draw.rand(3, dtype=F64),
        draw.pos(3, dtype=F64),
        draw.rand(3, dtype=F64),
    ),
    case(
        "normal_stats",
        lambda T, m, s: (
            D(T).Normal(m, s).mean,
            D(T).Normal(m, s).stddev,
            D(T).Normal(m, s).variance,
        ),
        LOC,
        SCALE,
    ),
    case(
        "uniform_log_prob",
        lambda T, a, b, v: D(T).Uniform(a, b, validate_args=False).log_prob(v),
        f32(0.0, 1.0, -2.0),
        f32(1.0, 3.0, 2.0),
        f32(0.5, 0.5, 1.0),
    ),
    case(
        "uniform_entropy_cdf",
        lambda T, a, b, v: (D(T).Uniform(a, b).entropy(), D(T).Uniform(a, b).cdf(v)),
        f32(0.0, 1.0),
        f32(1.0, 3.0),
        f32(0.25, 2.5),
    ),
    case(
        "uniform_icdf",
        lambda T, a, b, p: D(T).Uniform(a, b).icdf(p),
        f32(0.0, 1.0),
        f32(1.0, 3.0),
        f32(0.25, 0.5),
    ),
    case(
        "one_hot_log_prob",
        lambda T, p: D(T).OneHotCategorical(p).log_prob(T.tensor([[0.0, 0, 1, 0], [1, 0, 0, 0]])),
        PROBS,
    ),
    case("one_hot_entropy", lambda T, x: D(T).OneHotCategorical(logits=x).entropy(), LOGITS),
    case(
        "kl_normal",
        lambda T, a, b, c, d: D(T).kl_divergence(D(T).Normal(a, b), D(T).Normal(c, d)),
        LOC,
        SCALE,
        draw.rand(2, 3),
        draw.pos(2, 3),
    ),
    case(
        "kl_categorical",
        lambda T, p, q: D(T).kl_divergence(D(T).Categorical(p), D(T).Categorical(q)),
        PROBS,
        _probs(2, 4),
    ),
    case(
        "kl_categorical_zeros",
        lambda T, p, q: D(T).kl_divergence(D(T).Categorical(p), D(T).Categorical(q)),
        f32(0.0, 0.5, 0.5),
        f32(0.5, 0.0, 0.5),
        grad=False,
    ),
]


@run(VALUES)
def test_values_and_gradients(fn, inputs, options):
    check(fn, *inputs, **options)


GRADCHECK = [
    case(
        "normal_cdf",
        lambda T, m, s, v: D(T).Normal(m, s).cdf(v),
        draw.rand(3, dtype=F64),
        draw.pos(3, dtype=F64),
        draw.rand(3, dtype=F64),
    ),
    case(
        "normal_icdf",
        lambda T, p: D(T).Normal(0.5, 2.0).icdf(p),
        draw.rand(4, lo=0.05, hi=0.95, dtype=F64),
    ),
    case(
        "cat_log_prob",
        lambda T, p: D(T).Categorical(p).log_prob(T.tensor([1, 2])),
        draw.pos(2, 3, dtype=F64),
    ),
]


@run(GRADCHECK)
def test_finite_differences(fn, inputs, options):
    check_finite_differences(fn, *inputs, **options)


def _describe(T, make):
    m = make(T)
    return repr(m), tuple(m.batch_shape), tuple(m.event_shape)


DESCRIPTIONS = {
    "categorical": lambda T: D(T).Categorical(T.tensor(PROBS)),
    "categorical_vector_logits": lambda T: D(T).Categorical(logits=T.tensor(LOGITS[0])),
    "bernoulli_number": lambda T: D(T).Bernoulli(0.25),
    "bernoulli_logits": lambda T: D(T).Bernoulli(logits=T.tensor(LOGITS)),
    "normal": lambda T: D(T).Normal(T.tensor(LOC), T.tensor(SCALE)),
    "normal_numbers": lambda T: D(T).Normal(0.0, 1.0),
    "normal_one_element": lambda T: D(T).Normal(T.tensor([0.5]), 2.0),
    "uniform": lambda T: D(T).Uniform(0.0, T.tensor([1.0, 2.0])),
    "one_hot": lambda T: D(T).OneHotCategorical(T.tensor(PROBS)),
    "expand_normal": lambda T: D(T).Normal(T.tensor(LOC[0]), 1.0).expand((4, 3)),
    "expand_categorical": lambda T: D(T).Categorical(T.tensor(PROBS[0])).expand((5,)),
    "expand_bernoulli": lambda T: D(T).Bernoulli(0.5).expand((2, 2)),
    "expand_uniform": lambda T: D(T).Uniform(0.0, 1.0).expand((3,)),
    "expand_one_hot": lambda T: D(T).OneHotCategorical(T.tensor(PROBS[0])).expand((2,)),
}


@pytest.mark.parametrize("name", DESCRIPTIONS)
def test_repr_and_shapes(name):
    assert _describe(cybenko, DESCRIPTIONS[name]) == _describe(torch, DESCRIPTIONS[name])


def test_expanded_distributions_sample_as_torch():
    make = {
        "normal": lambda T: D(T).Normal(T.tensor(LOC[0]), 1.0).expand((4, 3)).rsample(),
        "categorical": lambda T: D(T).Categorical(T.tensor(PROBS[0])).expand((5,)).sample((2,)),
    }
    for fn in make.values():
        outs = []
        for lib in LIBS:
            lib.manual_seed(5)
            outs.append(fn(lib).numpy())
        np.testing.assert_array_equal(outs[1], outs[0])


def test_lazy_parameters_are_cached_with_grad():
    x = cybenko.tensor(LOGITS, requires_grad=True)
    m = cybenko.distributions.Categorical(logits=x)
    with cybenko.no_grad():
        probs = m.probs  # recorded even here, as torch's lazy_property does
    assert probs is m.probs and probs.requires_grad


ERRORS = [
    case("cat_both", lambda T, p: D(T).Categorical(p, logits=p), PROBS),
    case("cat_neither", lambda T: D(T).Categorical()),
    case("cat_0d", lambda T: D(T).Categorical(T.tensor(1.0))),
    case("cat_logits_0d", lambda T: D(T).Categorical(logits=T.tensor(1.0))),
    case("cat_negative", lambda T, p: D(T).Categorical(p), f32(0.5, -0.1, 0.6)),
    case("cat_nan_logits", lambda T, x: D(T).Categorical(logits=x), f32(0.5, float("nan"))),
    case("cat_out_of_support", lambda T, p: D(T).Categorical(p).log_prob(T.tensor([4, 0])), PROBS),
    case("cat_negative_value", lambda T, p: D(T).Categorical(p).log_prob(T.tensor(-1)), PROBS),
    case("cat_not_integer", lambda T, p: D(T).Categorical(p).log_prob(T.tensor(1.5)), PROBS),
    case("cat_value_shape", lambda T, p: D(T).Categorical(p).log_prob(T.tensor([0, 1, 1])), PROBS),
    case("cat_value_not_tensor", lambda T, p: D(T).Categorical(p).log_prob(1), PROBS),
    case("bern_probs", lambda T, p: D(T).Bernoulli(p), f32(0.2, 1.5)),
    case(
        "bern_value", lambda T, p: D(T).Bernoulli(p).log_prob(T.tensor([0.5, 1.0])), f32(0.2, 0.5)
    ),
    case("normal_scale", lambda T, m, s: D(T).Normal(m, s), f32(0.0, 1.0), f32(1.0, 0.0)),
    case("normal_nan_loc", lambda T, m: D(T).Normal(m, 1.0), f32(float("nan"))),
    case("normal_value_shape", lambda T, m: D(T).Normal(m, 1.0).log_prob(T.zeros(4)), LOC),
    case("normal_bad_type", lambda T: D(T).Normal("a", 1.0)),
    case("uniform_order", lambda T: D(T).Uniform(2.0, 1.0)),
    case("uniform_support", lambda T: D(T).Uniform(0.0, 1.0).log_prob(T.tensor(1.5))),
    case("one_hot_value", lambda T, p: D(T).OneHotCategorical(p).log_prob(T.ones(2, 4)), PROBS),
    case("one_hot_event", lambda T, p: D(T).OneHotCategorical(p).log_prob(T.ones(2, 3)), PROBS),
    case(
        "kl_missing",
        lambda T: D(T).kl_divergence(D(T).Normal(0.0, 1.0), D(T).Categorical(T.ones(2))),
    ),
    case("expand_custom", lambda T: D(T).Normal(0.0, 1.0).expand((2,)).expand((3,))),
]


@run(ERRORS)
def test_errors(fn, inputs, options):
    check_error(fn, *inputs, match=True)


def test_validate_args_false_skips_the_checks():
    for lib in LIBS:
        m = lib.distributions.Normal(lib.tensor([0.0]), lib.tensor([-1.0]), validate_args=False)
        assert np.isnan(m.log_prob(lib.tensor([0.0])).numpy()).all()
        c = lib.distributions.Categorical(lib.tensor([0.2, 0.8]), validate_args=False)
        assert c.log_prob(lib.tensor(1)).item() == pytest.approx(np.log(0.8))


def test_constraints_print_as_torch():
    for name in ("real", "positive", "simplex", "real_vector", "unit_interval", "boolean"):
        ours = getattr(cybenko.distributions.constraints, name)
        assert repr(ours) == repr(getattr(torch.distributions.constraints, name))
    ints = [lib.distributions.constraints.integer_interval(0, 3) for lib in LIBS]
    assert repr(ints[0]) == repr(ints[1])


# KL pairs torch has formulas for, beyond Normal and Categorical (fixed inputs, no draws).
KL_PAIRS = [
    case(
        "kl_bernoulli_probs_logits",
        lambda T, p, q: D(T).kl_divergence(D(T).Bernoulli(p), D(T).Bernoulli(logits=q)),
        f32(0.2, 0.9, 0.5),
        f32(0.3, -2.0, 1.0),
    ),
    case(  # p = 0 or 1 gives 0 terms; q = 0 or 1 gives inf
        "kl_bernoulli_edges",
        lambda T, p, q: D(T).kl_divergence(D(T).Bernoulli(p), D(T).Bernoulli(q)),
        f32(0.0, 1.0, 0.3, 0.3),
        f32(0.5, 0.5, 0.0, 1.0),
        grad=False,
    ),
    case(  # inf where p's interval leaves q's
        "kl_uniform_uniform",
        lambda T, a, b, c, d: D(T).kl_divergence(D(T).Uniform(a, b), D(T).Uniform(c, d)),
        f32(0.0, 1.0, -1.0),
        f32(1.0, 3.0, 0.0),
        f32(-1.0, 1.5, -1.0),
        f32(2.0, 3.0, 0.5),
        grad=False,
    ),
    case(
        "kl_uniform_normal",
        lambda T, a, b, m, s: D(T).kl_divergence(D(T).Uniform(a, b), D(T).Normal(m, s)),
        f32(0.0, 1.0),
        f32(1.0, 3.0),
        f32(0.5, -1.0),
        f32(1.0, 2.0),
    ),
    case(
        "kl_normal_uniform_is_inf",
        lambda T, m: D(T).kl_divergence(D(T).Normal(m, 1.0), D(T).Uniform(0.0, 1.0)),
        f32(0.0, 1.0),
        grad=False,
    ),
]


@run(KL_PAIRS)
def test_kl_pairs(fn, inputs, options):
    check(fn, *inputs, **options)


# Errors beyond ERRORS: messages in torch's words.
MORE_ERRORS = [
    case(  # torch falls back to Bregman divergences, which need one exponential family
        "kl_across_exponential_families",
        lambda T: D(T).kl_divergence(D(T).Bernoulli(0.3), D(T).Normal(0.0, 1.0)),
    ),
    case("bernoulli_integer_probs", lambda T: D(T).Bernoulli(T.tensor([1])).entropy()),
    case("normal_enumerate_support", lambda T: D(T).Normal(0.0, 1.0).enumerate_support()),
    case("uniform_enumerate_support", lambda T: D(T).Uniform(0.0, 1.0).enumerate_support()),
    case("sample_shape_of_floats", lambda T: D(T).Normal(0.0, 1.0).sample((2.0,))),
    case("sample_shape_of_strings", lambda T: D(T).Normal(0.0, 1.0).sample(("a",))),
]


@run(MORE_ERRORS)
def test_more_errors(fn, inputs, options):
    check_error(fn, *inputs, match=True)


def test_sample_n_is_sample_of_n():
    shapes = [lib.distributions.Normal(lib.zeros(2), 1.0).sample_n(3).shape for lib in LIBS]
    assert tuple(shapes[0]) == tuple(shapes[1]) == (3, 2)
