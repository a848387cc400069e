"""kl_divergence(p, q): KL(p || q) for the pairs of distributions that have a formula."""

from __future__ import annotations

import math

from .categorical import Categorical
from .normal import Normal
from .one_hot_categorical import OneHotCategorical


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


_KL = {
    (Normal, Normal): _kl_normal_normal,
    (Categorical, Categorical): _kl_categorical_categorical,
    (OneHotCategorical, OneHotCategorical): lambda p, q: _kl_categorical_categorical(
        p._categorical, q._categorical
    ),
}


def kl_divergence(p, q):
    """KL(p || q), one value per batch element."""
    fn = _KL.get((type(p), type(q)))
    if fn is None:
        raise NotImplementedError(
            f"No KL(p || q) is implemented for p type {p.__class__.__name__} and q type "
            f"{q.__class__.__name__}"
        )
    return fn(p, q)
