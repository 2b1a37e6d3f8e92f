"""Customer value: retention and churn, lifetime, customer lifetime value, RFM, word of mouth.

Rates passed in are fractions (0.8 for 80% retention); rates returned are percentages.
Most functions take single numbers or equal-length arrays (one value per customer or period)
and answer in the same form.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _checks

#: Value-pyramid tiers of ``rfm_scores``, from the base of the pyramid to its tip.
VALUE_TIERS = ("low", "medium", "high", "top")


def retention_rate(start, end, new):
    """Customer retention rate in percent: (E − N) / S × 100.

    S customers at the start of the period, E at the end, N of them won during the period;
    E − N is the number kept, which cannot exceed S.
    """
    s = _checks.numbers(start, "start", low=0, low_open=True)
    e = _checks.numbers(end, "end", low=0)
    n = _checks.numbers(new, "new", low=0)
    _checks.same_length(start=s, end=e, new=n)
    s, e, n = _checks.aligned(s, e, n)  # one value per period, a single number repeated
    kept = e - n
    if (kept < 0).any():
        i = np.argmax(kept < 0)
        raise ValueError(f"new must not exceed end, got new={n[i]:g} and end={e[i]:g}")
    if (kept > s).any():
        i = np.argmax(kept > s)
        raise ValueError(f"end − new (customers kept) must not exceed start, got {kept[i]:g} kept "
                         f"of start={s[i]:g}")
    return _checks.shaped(kept / s * 100, start, end, new)


def churn_rate(start, lost):
    """Churn rate in percent: L / S × 100 (L customers lost of S at the start of the period)."""
    s = _checks.numbers(start, "start", low=0, low_open=True)
    gone = _checks.numbers(lost, "lost", low=0)
    _checks.same_length(start=s, lost=gone)
    s, gone = _checks.aligned(s, gone)
    if (gone > s).any():
        i = np.argmax(gone > s)
        raise ValueError(f"lost must not exceed start, got lost={gone[i]:g} and start={s[i]:g}")
    return _checks.shaped(gone / s * 100, start, lost)


def expected_lifetime(retention):
    """Average customer lifetime in periods: 1 / (1 − r), ``retention`` r a fraction in [0, 1)."""
    r = _checks.numbers(retention, "retention", low=0, high=1, high_open=True)
    return _checks.shaped(1 / (1 - r), retention)


def clv(margin, retention, discount, periods=None, acquisition_cost=0.0):
    """Customer lifetime value: discounted margins weighted by the chance the customer is still there.

    The customer pays margin m at the end of period 1 for sure and is still a customer in period t
    with probability rᵗ⁻¹; money is discounted at rate d per period:

        finite horizon T:   CLV = Σ_{t=1..T} m · rᵗ⁻¹ / (1 + d)ᵗ − AC
                                = m/(1+d) · (1 − qᵀ)/(1 − q) − AC,   q = r/(1+d)
        infinite horizon:   CLV = m / (1 + d − r) − AC          (``periods=None``)

    ``retention`` r and ``discount`` d are fractions; ``margin``, ``retention`` and ``discount``
    may be arrays (one value per customer). The infinite horizon needs 1 + d − r > 0.
    """
    m = _checks.numbers(margin, "margin")
    r = _checks.numbers(retention, "retention", low=0, high=1)
    d = _checks.numbers(discount, "discount", low=0)
    _checks.same_length(margin=m, retention=r, discount=d)
    cost = _checks.number(acquisition_cost, "acquisition_cost", low=0)
    if periods is None:
        if ((r >= 1) & (d <= 0)).any():
            raise ValueError("retention=1 with discount=0 has no finite infinite-horizon CLV; "
                             "give periods or a positive discount")
        value = m / (1 + d - r)
    else:
        t = _checks.integer(periods, "periods", low=1)
        q = r / (1 + d)
        with np.errstate(divide="ignore", invalid="ignore"):
            annuity = np.where(q == 1, t, (1 - q**t) / (1 - q))
        value = m / (1 + d) * annuity
    return _checks.shaped(value - cost, margin, retention, discount)


def word_of_mouth_reach(lost_customers, influence=250) -> int:
    """People influenced by lost customers (Girard's 250 law): reach = lost × influence."""
    lost = _checks.integer(lost_customers, "lost_customers", low=0)
    influence = _checks.integer(influence, "influence", low=0)
    return lost * influence


def word_of_mouth_loss(lost_customers, margin, retention, discount, influence=250,
                       conversion=0.01, periods=None) -> float:
    """Value lost with ``lost_customers``, counting the prospects they talk out of buying.

    loss = L · CLV + L · k · c · CLV = L · CLV · (1 + k·c)

    L lost customers, k people each influences (250 law), c the share of those people who would
    otherwise have become customers, and CLV = clv(margin, retention, discount, periods) for
    one customer (no acquisition cost).
    """
    lost = _checks.integer(lost_customers, "lost_customers", low=0)
    influence = _checks.integer(influence, "influence", low=0)
    conversion = _checks.number(conversion, "conversion", low=0, high=1)
    for name, value in (("margin", margin), ("retention", retention), ("discount", discount)):
        _checks.number(value, name)
    value = clv(margin, retention, discount, periods=periods)
    return float(lost * value * (1 + influence * conversion))


def rfm_scores(transactions, customer="customer_id", date="date", amount="amount", now=None,
               bins=5) -> pd.DataFrame:
    """Recency, frequency and monetary (RFM) scores per customer, and a value-pyramid tier.

    recency_days = (now − last purchase) in days (``now`` defaults to the latest purchase date)
    frequency    = number of transactions;   monetary = total amount spent

    Each measure is ranked over the n customers from worst to best (longest ago to most recent,
    fewest to most purchases, least to most spent) and the ranking is cut into ``bins`` equal
    groups: score = ⌊(rank − 1) · bins / n⌋ + 1, so ``bins`` is the best group. Ties: customers with
    equal values share the lowest rank of their tie (``rank(method="min")``: values 5, 7, 7, 9 rank
    1, 2, 2, 4), so equal values always get the same score. Without ties the groups differ in size
    by at most one; a tie across a cut-off goes whole into the lowest group it reaches, which can
    leave a score unused (at CDNOW more than half the customers bought once: they all get F = 1,
    and no customer gets F = 2).

    ``rfm`` joins the three digits ("545"), ``score`` = R + F + M, and ``value_tier`` places the
    score on the value pyramid by its position p = (score − 3) / (3·bins − 3): "top" for p ≥ 0.8,
    "high" ≥ 0.55, "medium" ≥ 0.3, else "low" (with 5 bins: 13–15 top, 10–12 high, 7–9 medium,
    3–6 low). One row per customer, indexed by customer in sorted order.
    """
    frame = _checks.frame(transactions, "transactions", (customer, date, amount))
    bins = _checks.integer(bins, "bins", low=2, high=9)
    if frame[customer].isna().any():
        position = int(np.flatnonzero(frame[customer].isna().to_numpy())[0])
        raise ValueError(f"transactions[{customer!r}] has a missing customer at row {position}")
    dates = _checks.dates(frame[date], f"transactions[{date!r}]")
    spend = _checks.numbers(frame[amount], f"transactions[{amount!r}]", low=0)
    latest = dates.max()
    now = latest if now is None else _checks.timestamp(now, "now")
    if now < latest:
        raise ValueError(f"now must not be before the latest transaction ({latest}), got {now}")

    purchases = pd.DataFrame({"customer": frame[customer].array, "date": dates.array, "amount": spend})
    by_customer = purchases.groupby("customer", sort=True)
    table = pd.DataFrame({
        "recency_days": (now - by_customer["date"].max()) / pd.Timedelta(days=1),
        "frequency": by_customer.size(),
        "monetary": by_customer["amount"].sum(),
    })
    table.index.name = customer
    n = len(table)

    def score(values: pd.Series) -> pd.Series:
        """The group 1..bins of each customer's rank; equal values share the lowest rank."""
        rank = values.rank(method="min").astype(np.int64)
        return (rank - 1) * bins // n + 1

    table["R"] = score(-table["recency_days"])  # fewer days since the last purchase rank higher
    table["F"] = score(table["frequency"])
    table["M"] = score(table["monetary"])
    table["rfm"] = (100 * table["R"] + 10 * table["F"] + table["M"]).astype(str)  # the digits R, F, M: "545"
    table["score"] = table["R"] + table["F"] + table["M"]
    position = (table["score"] - 3) / (3 * bins - 3)
    table["value_tier"] = pd.cut(position, [-np.inf, 0.3, 0.55, 0.8, np.inf], right=False, labels=VALUE_TIERS)
    return table
