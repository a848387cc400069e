"""torch.distributions: parameterized probability distributions that sample with torch's
random streams and give log-probabilities with gradients (policy gradients, VAEs).

    m = torch.distributions.Categorical(probs)
    action = m.sample()
    loss = -m.log_prob(action) * reward
"""

from . import constraints
from .bernoulli import Bernoulli
from .categorical import Categorical
from .distribution import Distribution
from .kl import kl_divergence
from .normal import Normal
from .one_hot_categorical import OneHotCategorical
from .uniform import Uniform

__all__ = [
    "Bernoulli",
    "Categorical",
    "Distribution",
    "Normal",
    "OneHotCategorical",
    "Uniform",
    "constraints",
    "kl_divergence",
]
