"""Survey design: how many respondents a satisfaction survey needs."""

from __future__ import annotations

import math
from statistics import NormalDist

from . import _checks


def z_value(confidence: float) -> float:
    """Two-sided critical value z with P(|Z| ≤ z) = ``confidence`` (1.96 for 95%)."""
    confidence = _checks.number(confidence, "confidence", low=0, high=1, low_open=True, high_open=True)
    # The standard library's inverse normal CDF: exact to double precision, and much lighter to import than scipy.
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def sample_size(margin, confidence: float = 0.95, p: float = 0.5, population=None) -> int:
    """Respondents needed to estimate a proportion within ± ``margin``.

    n₀ = z² · p(1 − p) / margin²        (z two-sided for ``confidence``)
    n  = n₀ / (1 + (n₀ − 1) / N)         with the finite population correction for ``population`` N

    rounded up to a whole respondent. ``margin`` and ``p`` are fractions (0.05 for ±5 points).
    """
    margin = _checks.number(margin, "margin", low=0, high=1, low_open=True, high_open=True)
    p = _checks.number(p, "p", low=0, high=1, low_open=True, high_open=True)
    z = z_value(confidence)
    n0 = z**2 * p * (1 - p) / margin**2
    if population is not None:
        population = _checks.integer(population, "population", low=1)
        n0 = n0 / (1 + (n0 - 1) / population)
    # Round up, but do not let floating-point noise (384.0000000001) add a respondent.
    return int(math.ceil(n0 - 1e-9))
