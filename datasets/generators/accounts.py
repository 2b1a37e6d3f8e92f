"""A bank's account managers and their customers over one year (syllabus section 7, the bank case).

Built so that matching the best managers to the most valuable customers visibly pays off: a senior
manager grows a customer's revenue more and loses fewer customers than a regular one, a regular one
more than an assistant, and a manager of the specialism the customer needs adds a little more.
Customers were assigned by relationship ("whoever brought them in serves them"), which is blind to
value, so the historical pairings are mixed and the effects can be read off the data.
"""

import numpy as np
import pandas as pd

SEED = 20261010
CUSTOMERS = 2000
LEVELS = {"senior": 6, "regular": 12, "assistant": 12}
CAPACITY = {"senior": 65, "regular": 75, "assistant": 80}
SPECIALISMS = ["deposits", "credit", "new_business"]
TIERS = ["low", "medium", "high", "top"]
TIER_SHARES = [0.50, 0.30, 0.15, 0.05]  # the value pyramid, base to tip

# Yearly log-growth of revenue a manager brings, and how much of the base loss rate remains.
GROWTH = {"senior": 0.11, "regular": 0.04, "assistant": -0.02}
MATCH_BONUS = 0.04
LOSS_FACTOR = {"senior": 0.5, "regular": 1.0, "assistant": 1.5}
BASE_LOSS = {"low": 0.12, "medium": 0.08, "high": 0.06, "top": 0.05}
COMPLAINT_FACTOR = {"senior": 0.5, "regular": 1.0, "assistant": 1.6}
PRAISE_FACTOR = {"senior": 2.5, "regular": 1.3, "assistant": 0.8}


def _managers(rng) -> pd.DataFrame:
    level = np.repeat(list(LEVELS), list(LEVELS.values()))
    specialism = np.concatenate([np.resize(SPECIALISMS, count) for count in LEVELS.values()])
    experience = {"senior": (10, 20), "regular": (4, 10), "assistant": (0, 4)}
    certification = {"senior": (85, 97), "regular": (70, 86), "assistant": (60, 75)}
    return pd.DataFrame({
        "manager_id": [f"M{i:02d}" for i in range(1, len(level) + 1)],
        "level": level,
        "specialism": specialism,
        "years_experience": [int(rng.integers(*experience[lv], endpoint=True)) for lv in level],
        "certification_score": [int(rng.integers(*certification[lv], endpoint=True)) for lv in level],
        "capacity": [CAPACITY[lv] for lv in level],
    })


def _tier(revenue: np.ndarray, cuts: np.ndarray) -> np.ndarray:
    return np.array(TIERS, dtype=object)[np.searchsorted(cuts, revenue, side="right")]


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    managers = _managers(rng)
    n = CUSTOMERS
    customer_type = rng.choice(["individual", "business"], size=n, p=[0.75, 0.25])
    need = rng.choice(SPECIALISMS, size=n, p=[0.36, 0.34, 0.30])
    new = rng.random(n) < 0.10
    # Revenue the bank earned from each customer last year (yuan): a long right tail, as in any pyramid.
    last = np.round(np.exp(rng.normal(8.0, 1.0, size=n) + 0.5 * (customer_type == "business")), -1)
    last = np.where(new, 0.0, last)
    cuts = np.quantile(last[~new], np.cumsum(TIER_SHARES)[:-1])
    tier_start = np.where(new, "", _tier(last, cuts))
    # Relationship assignment: whoever brought the customer in serves them, blind to value and need.
    weights = managers["capacity"].to_numpy() / managers["capacity"].sum()
    served = rng.choice(len(managers), size=n, p=weights)
    level = managers["level"].to_numpy()[served]
    matched = managers["specialism"].to_numpy()[served] == need
    growth = np.vectorize(GROWTH.get)(level) + MATCH_BONUS * matched + rng.normal(0, 0.15, size=n)
    first_year = np.round(np.exp(rng.normal(7.6, 0.9, size=n)), -1)  # a new customer's first-year revenue
    this = np.where(new, first_year, np.round(last * np.exp(growth), -1))
    loss_chance = np.vectorize(BASE_LOSS.get)(np.where(new, "low", tier_start)) * np.vectorize(LOSS_FACTOR.get)(level)
    lost = (rng.random(n) < loss_chance) & ~new
    this = np.where(lost, np.round(this * rng.uniform(0.1, 0.6, size=n), -1), this)
    tier_end = np.where(lost, "", _tier(this, cuts))
    transactions = rng.poisson(4 + 3 * np.log1p(this / 1000) * np.where(lost, 0.4, 1.0))
    busy = np.where(customer_type == "business", 1.5, 1.0)
    complaints = rng.poisson(0.35 * busy * np.vectorize(COMPLAINT_FACTOR.get)(level))
    praise = rng.poisson(0.15 * np.vectorize(PRAISE_FACTOR.get)(level) * np.where(lost, 0.3, 1.0))
    customers = pd.DataFrame({
        "customer_id": [f"C{i:04d}" for i in range(1, n + 1)],
        "customer_type": customer_type,
        "need": need,
        "acquired_by": managers["manager_id"].to_numpy()[served],
        "manager_id": managers["manager_id"].to_numpy()[served],
        "new": new,
        "lost": lost,
        "tier_start": tier_start,
        "tier_end": tier_end,
        "revenue_last_year": last,
        "revenue_this_year": this,
        "transactions": transactions,
        "complaints": complaints,
        "praise": praise,
    })
    return {"bank_customers": customers, "account_managers": managers}
