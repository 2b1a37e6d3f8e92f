"""Targeting (lesson 04): how attractive a segment is, how big its market, what share a firm holds.

- ``segment_attractiveness``: attractiveness_s = Σ_c w_c · score_{s,c}, the weighted criteria;
- ``market_potential``: Q = n · q · p, buyers × purchases per year × price;
- ``market_share``: share = firm's sales / market sales × 100.

The perceptual map of positioning (correspondence analysis) is in ``servicekit.models.positioning``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _checks

__all__ = ["market_potential", "market_share", "segment_attractiveness"]


def segment_attractiveness(scores, weights) -> pd.Series:
    """Weighted attractiveness of each segment, sorted high to low.

    attractiveness_s = Σ_c w_c · score_{s,c}

    ``scores`` is a DataFrame, segments (rows) × criteria (columns: size and growth, structural
    attractiveness, fit with goals and resources, …), all on one rating scale; ``weights`` maps
    each criterion to its weight, the weights summing to 1. Only the weighted criteria are used,
    so ``scores`` may carry other columns. Ties keep the order of ``scores``.
    """
    scores = _checks.frame(scores, "scores")
    if isinstance(weights, dict) or hasattr(weights, "keys"):
        missing = [c for c in weights.keys() if c not in scores.columns]
        if missing:
            raise ValueError(f"weights names criterion {missing[0]!r}, which is not a column of scores "
                             f"(columns: {list(scores.columns)})")
    w = _checks.weights(weights, "weights")
    # Σ_c w_c · score_c, one criterion (a whole column, checked to hold numbers only) at a time.
    total = sum(weight * _checks.array(scores[c], f"scores[{c!r}]") for c, weight in w.items())
    attractiveness = pd.Series(total, index=scores.index, name="attractiveness")
    return attractiveness.sort_values(ascending=False, kind="stable")  # stable: ties keep their order


def market_potential(buyers, purchases_per_year, price):
    """Total market potential per year: Q = n · q · p.

    n possible buyers, q purchases per buyer per year, p average price per purchase. Each input
    may be a number or an array (one value per segment or scenario); the answer has that form.
    """
    n = _checks.numbers(buyers, "buyers", low=0)
    q = _checks.numbers(purchases_per_year, "purchases_per_year", low=0)
    p = _checks.numbers(price, "price", low=0)
    _checks.same_length(buyers=n, purchases_per_year=q, price=p)
    return _checks.shaped(n * q * p, buyers, purchases_per_year, price)


def market_share(sales, market_sales):
    """Market share in percent: share = firm's sales / total market sales × 100.

    Both in the same unit (money or volume); ``sales`` cannot exceed ``market_sales``. Either may
    be an array (one value per firm or period).
    """
    s = _checks.numbers(sales, "sales", low=0)
    total = _checks.numbers(market_sales, "market_sales", low=0, low_open=True)
    _checks.same_length(sales=s, market_sales=total)
    s, total = _checks.aligned(s, total)
    if (s > total).any():
        i = int(np.argmax(s > total))
        raise ValueError(f"sales must not exceed market_sales, got sales={s[i]:g} and market_sales={total[i]:g}")
    return _checks.shaped(s / total * 100, sales, market_sales)
