"""kl_divergence(p, q): KL(p || q) for the pairs of distributions that have a formula."""

from __future__ import annotations

import math

from ..nn import functional as F
from ..ops import creation
from .bernoulli import Bernoulli
from .categorical import Categorical
from .normal import Normal
from .one_hot_categorical import OneHotCategorical
from .uniform import Uniform


def _kl_normal_normal(p: Normal, q: Normal):
    # log(q.scale / p.scale) + (p.scale^2 + (p.loc - q.loc)^2) / (2 q.scale^2) - 1/2
    var_ratio = (p.scale / q.scale).pow(2)
    t1 = ((p.loc - q.loc) / q.scale).pow(2)
    return 0.5 * (var_ratio + t1 - 1 - var_ratio.log())


def _kl_categorical_categorical(p: Categorical, q: Categorical):
    # sum p (log p - log q): inf where q has 0 and p not, 0 where p has 0
    t = p.probs * (p.logits - q.logits)
    t = t.masked_fill((q.probs == 0).expand_as(t), math.inf)
    t = t.masked_fill((p.probs == 0).expand_as(t), 0.0)
    return t.sum(-1)


def _kl_bernoulli_bernoulli(p: Bernoulli, q: Bernoulli):
    # p log(p/q) + (1-p) log((1-p)/(1-q)), through softplus of the logits
    t1 = p.probs * (F.softplus(-q.logits) - F.softplus(-p.logits))
    t1 = t1.masked_fill((q.probs == 0).expand_as(t1), math.inf)
    t1 = t1.masked_fill((p.probs == 0).expand_as(t1), 0.0)
    t2 = (1 - p.probs) * (F.softplus(q.logits) - F.softplus(p.logits))
    t2 = t2.masked_fill((q.probs == 1).expand_as(t2), math.inf)
    t2 = t2.masked_fill((p.probs == 1).expand_as(t2), 0.0)
    return t1 + t2


def _kl_uniform_uniform(p: Uniform, q: Uniform):
    # log of the width ratio; inf where p's interval leaves q's
    result = ((q.high - q.low) / (p.high - p.low)).log()
    outside = (q.low > p.low) | (q.high < p.high)
    return result.masked_fill(outside.expand_as(result), math.inf)


def _kl_uniform_normal(p: Uniform, q: Normal):
    # -entropy of p minus E_p[log q], in closed form
    width = p.high - p.low
    t1 = (math.sqrt(math.pi * 2) * q.scale / width).log()
    t2 = width.pow(2) / 12
    t3 = ((p.high + p.low - 2 * q.loc) / 2).pow(2)
    return t1 + 0.5 * (t2 + t3) / q.scale.pow(2)


def _kl_normal_uniform(p: Normal, q: Uniform):
    # a normal puts mass outside every interval
    return creation.full_like(p.loc, math.inf)


_EXPONENTIAL_FAMILIES = (Bernoulli, Normal)

_KL = {
    (Bernoulli, Bernoulli): _kl_bernoulli_bernoulli,
    (Uniform, Uniform): _kl_uniform_uniform,
    (Uniform, Normal): _kl_uniform_normal,
    (Normal, Uniform): _kl_normal_uniform,
    (Normal, Normal): _kl_normal_normal,
    (Categorical, Categorical): _kl_categorical_categorical,
    (OneHotCategorical, OneHotCategorical): lambda p, q: _kl_categorical_categorical(
        p._categorical, q._categorical
    ),
}


def kl_divergence(p, q):
    """KL(p || q), one value per batch element."""
    fn = _KL.get((type(p), type(q)))
    if fn is None and isinstance(p, _EXPONENTIAL_FAMILIES) and isinstance(q, _EXPONENTIAL_FAMILIES):
        # torch falls back to Bregman divergences, which need one family
        raise NotImplementedError(
            "The cross KL-divergence between different exponential families cannot "
            "                            be computed using Bregman divergences"
        )
    if fn is None:
        raise NotImplementedError(
            f"No KL(p || q) is implemented for p type {p.__class__.__name__} and q type "
            f"{q.__class__.__name__}"
        )
    return fn(p, q)
