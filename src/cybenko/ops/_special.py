"""erf, erfc, erfinv, lgamma and digamma on NumPy arrays, which NumPy itself lacks.

erf, erfc and lgamma apply Python's `math` functions element by element in double (correctly
rounded to a few ulps), then round once to the array's dtype; erfinv refines the normal
quantile of `statistics` by a Newton step on math.erf. digamma, the derivative of lgamma, has
no `math` function: it is summed from its recurrence and asymptotic series.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import numpy as np

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_STANDARD_NORMAL = NormalDist()


def _elementwise(fn, a: np.ndarray) -> np.ndarray:
    """fn applied to each element of `a` in double, returned in `a`'s dtype."""
    values = np.frompyfunc(fn, 1, 1)(a.astype(np.float64))
    return np.asarray(values, dtype=np.float64).astype(a.dtype, copy=False)


def erf(a: np.ndarray) -> np.ndarray:
    return _elementwise(math.erf, a)


def erfc(a: np.ndarray) -> np.ndarray:
    return _elementwise(math.erfc, a)


def _erfinv(y: float) -> float:
    """erfinv(y): the normal quantile of (y + 1) / 2 over sqrt(2), refined by one Newton step
    on erf, so it is exact to the last bits of a double."""
    if y <= -1.0 or y >= 1.0 or y != y:
        return -math.inf if y == -1.0 else math.inf if y == 1.0 else math.nan
    if y == 0.0:
        return y  # -0. stays -0., as torch's
    x = _STANDARD_NORMAL.inv_cdf((y + 1.0) / 2.0) / math.sqrt(2.0)
    return x - (math.erf(x) - y) / (_TWO_OVER_SQRT_PI * math.exp(-x * x))


def erfinv(a: np.ndarray) -> np.ndarray:
    return _elementwise(_erfinv, a)


def _lgamma(x: float) -> float:
    try:
        return math.lgamma(x)
    except ValueError:  # the poles 0, -1, -2, ...: log|Gamma| is +inf there
        return math.inf


def lgamma(a: np.ndarray) -> np.ndarray:
    return _elementwise(_lgamma, a)


def digamma(a: np.ndarray) -> np.ndarray:
    """psi(x) = d ln Gamma(x) / dx: -inf at 0 and nan at the negative integers, as torch."""
    with np.errstate(all="ignore"):
        return _digamma(a.astype(np.float64)).astype(a.dtype, copy=False)


def _digamma(x: np.ndarray) -> np.ndarray:
    reflect = x < 0.5  # psi(x) = psi(1 - x) - pi / tan(pi x)
    y = np.where(reflect, 1 - x, x)
    shift = np.zeros_like(y)
    small = y < 10
    while np.any(small):  # psi(y) = psi(y + 1) - 1 / y, until the series converges
        shift -= np.where(small, 1 / np.where(small, y, 1), 0)
        y = np.where(small, y + 1, y)
        small = y < 10
    inv2 = 1 / (y * y)
    series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))))
    psi = np.log(y) - 0.5 / y - series + shift
    psi = np.where(reflect, psi - np.pi / np.tan(np.pi * x), psi)
    poles = (x <= 0) & (x == np.floor(x))
    psi = np.where(poles, np.nan, psi)
    psi = np.where(x == 0, np.copysign(np.inf, -x), psi)  # -inf at +0, +inf at -0
    return np.where(x == np.inf, np.inf, psi)
