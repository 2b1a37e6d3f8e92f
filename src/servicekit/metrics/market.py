"""Market size: market potential and market share."""

from __future__ import annotations

import numpy as np

from . import _checks


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
    s = _checks.numbers(sales, "sales", low=0, keep_int=True)
    total = _checks.numbers(market_sales, "market_sales", low=0, low_open=True, keep_int=True)
    _checks.same_length(sales=s, market_sales=total)
    s, total = _checks.aligned(s, total)
    if (s > total).any():
        i = int(np.argmax(s > total))
        raise ValueError(f"sales must not exceed market_sales, got sales={s[i]:g} and market_sales={total[i]:g}")
    return _checks.shaped(s / total * 100, sales, market_sales)
