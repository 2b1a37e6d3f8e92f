"""Service value chain (lesson 01): the arithmetic of retention against acquisition.

- ``customer_base_projection``: how a customer base and its profit move year by year when some
  customers leave and new ones are bought in (the retention-versus-acquisition widget);
- ``steady_state_customers``, ``equivalent_acquisition_increase``, ``lever_comparison``: why a few
  points of retention are worth a much larger acquisition budget.

Rates are fractions (0.8, not 80). Bad input raises ``ValueError`` or ``TypeError`` naming the
parameter and the value.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _checks

__all__ = ["customer_base_projection", "equivalent_acquisition_increase", "lever_comparison",
           "steady_state_customers"]


def customer_base_projection(start_customers, retention, new_per_year, margin, acquisition_cost,
                             years: int = 10) -> pd.DataFrame:
    """Customers and profit, year by year, when a share ``retention`` of customers stays each year.

    With N₀ = ``start_customers``, r = ``retention``, a = ``new_per_year``, m = ``margin`` (profit a
    customer brings in a year, before acquisition spending) and c = ``acquisition_cost`` (spent per
    new customer):

        Nₜ = r·Nₜ₋₁ + a = rᵗ·N₀ + a·(1 − rᵗ)/(1 − r)        (Nₜ = N₀ + a·t when r = 1)
        profitₜ = m·Nₜ − c·a

    Every customer on the books at the end of year t earns m for that year, the newcomers included.
    Customer numbers are expected values, so they need not be whole. As t grows, Nₜ approaches
    the steady state N* = a/(1 − r) whatever N₀ was.

    Returns a DataFrame indexed by ``year`` (1..years) with columns ``customers_start``, ``lost``,
    ``acquired``, ``customers_end``, ``gross_margin`` (m·Nₜ), ``acquisition_spend`` (c·a),
    ``profit`` and ``cumulative_profit``.
    """
    n0 = _checks.number(start_customers, "start_customers", low=0)
    r = _checks.number(retention, "retention", low=0, high=1)
    a = _checks.number(new_per_year, "new_per_year", low=0)
    m = _checks.number(margin, "margin")
    c = _checks.number(acquisition_cost, "acquisition_cost", low=0)
    years = _checks.integer(years, "years", low=1, high=200)

    t = np.arange(0, years + 1)
    # Geometric sum 1 + r + ... + r^(t-1), written so that r = 1 needs no division by zero.
    geometric = t.astype(float) if r == 1 else (1 - r ** t) / (1 - r)
    customers = r ** t * n0 + a * geometric  # N_0 .. N_years
    end = customers[1:]
    gross = m * end
    spend = np.full(years, c * a)
    profit = gross - spend
    return pd.DataFrame(
        {
            "customers_start": customers[:-1],
            "lost": (1 - r) * customers[:-1],
            "acquired": np.full(years, a),
            "customers_end": end,
            "gross_margin": gross,
            "acquisition_spend": spend,
            "profit": profit,
            "cumulative_profit": np.cumsum(profit),
        },
        index=pd.Index(t[1:], name="year"),
    )


def steady_state_customers(retention, new_per_year) -> float:
    """The size the customer base settles at: N* = a / (1 − r).

    At N* the customers lost each year, (1 − r)·N*, equal the a customers won. ``retention`` must be
    below 1 (with r = 1 nobody leaves and the base grows without limit).
    """
    r = _checks.number(retention, "retention", low=0, high=1, high_open=True)
    a = _checks.number(new_per_year, "new_per_year", low=0)
    return a / (1 - r)


def equivalent_acquisition_increase(retention, retention_gain) -> float:
    """How much bigger (percent) the acquisition budget must be to match a retention gain g.

    Both routes lead to the same steady state a/(1 − r) when a grows by the factor
    (1 − r)/(1 − r − g), so the increase is ((1 − r)/(1 − r − g) − 1) × 100.
    Example: r = 0.80, g = 0.05 gives 0.20/0.15 − 1 = 33.3 %.
    """
    r = _checks.number(retention, "retention", low=0, high=1, high_open=True)
    g = _checks.number(retention_gain, "retention_gain", low=0)
    if r + g >= 1:
        raise ValueError(f"retention_gain must keep retention below 1: retention {r:g} + retention_gain {g:g} "
                         f"= {r + g:g}")
    return ((1 - r) / (1 - r - g) - 1) * 100


def lever_comparison(start_customers, retention, acquisition_budget, acquisition_cost, margin,
                     retention_gain=0.05, budget_gain=0.20, years: int = 10) -> pd.DataFrame:
    """Three plans side by side: as set, retention up by ``retention_gain``, budget up by ``budget_gain``.

    The customers won each year are a = budget / c (``acquisition_budget`` / ``acquisition_cost``).
    Each plan is a ``customer_base_projection``; the budget plan spends (1 + ``budget_gain``) times as
    much and wins as many more customers. Retention is raised here at no cost, so the comparison
    shows the most that a retention programme could be worth.

    Returns a long DataFrame with columns ``plan``, ``year``, ``customers_end``, ``profit``,
    ``cumulative_profit`` (one row per plan and year).
    """
    r = _checks.number(retention, "retention", low=0, high=1)
    g = _checks.number(retention_gain, "retention_gain", low=0)
    if r + g > 1:
        raise ValueError(f"retention_gain would push retention above 1: retention {r:g} + retention_gain {g:g} "
                         f"= {r + g:g}")
    budget = _checks.number(acquisition_budget, "acquisition_budget", low=0)
    c = _checks.number(acquisition_cost, "acquisition_cost", low=0, low_open=True)
    b = _checks.number(budget_gain, "budget_gain", low=0)
    new = budget / c
    plans = {
        "as set": (r, new),
        f"retention +{g * 100:g} points": (r + g, new),
        f"acquisition budget +{b * 100:g}%": (r, new * (1 + b)),
    }
    frames = [
        customer_base_projection(start_customers, rate, won, margin, c, years)
        .reset_index()
        .assign(plan=name)[["plan", "year", "customers_end", "profit", "cumulative_profit"]]
        for name, (rate, won) in plans.items()
    ]
    return pd.concat(frames, ignore_index=True)
