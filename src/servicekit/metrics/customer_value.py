"""Customer value: retention and churn, lifetime, customer lifetime value, RFM, word of mouth.

Rates passed in are fractions (0.8 for 80% retention); rates returned are percentages.
Most functions take single numbers or equal-length arrays (one value per customer or period)
and answer in the same form.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import _checks
from ._order import stable_order

#: Value-pyramid tiers of ``rfm_scores``, from the base of the pyramid to its tip.
VALUE_TIERS = ("low", "medium", "high", "top")


def retention_rate(start, end, new):
    """Customer retention rate in percent: (E − N) / S × 100.

    S customers at the start of the period, E at the end, N of them won during the period;
    E − N is the number kept, which cannot exceed S.
    """
    # Whole-number counts stay integers (no float copies): their difference is exact.
    s = _checks.numbers(start, "start", low=0, low_open=True, keep_int=True)
    e = _checks.numbers(end, "end", low=0, keep_int=True)
    n = _checks.numbers(new, "new", low=0, keep_int=True)
    _checks.same_length(start=s, end=e, new=n)
    s, e, n = _checks.aligned(s, e, n)
    kept = e - n
    if kept.min() < 0:
        i = np.argmax(kept < 0)
        raise ValueError(f"new must not exceed end, got new={n[i]:g} and end={e[i]:g}")
    if (kept > s).any():
        i = np.argmax(kept > s)
        raise ValueError(f"end − new (customers kept) must not exceed start, got {kept[i]:g} kept "
                         f"of start={s[i]:g}")
    rate = np.true_divide(kept, s, out=kept if kept.dtype == float else None)  # kept is a new array
    rate *= 100
    return _checks.shaped(rate, start, end, new)


def churn_rate(start, lost):
    """Churn rate in percent: L / S × 100 (L customers lost of S at the start of the period)."""
    s = _checks.numbers(start, "start", low=0, low_open=True, keep_int=True)
    gone = _checks.numbers(lost, "lost", low=0, keep_int=True)
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

    Amounts of money (at most two decimals) are added in whole cents, so ``monetary`` is the exact
    total, rounded once; other amounts are added with a running correction (pandas' sum).

    Each measure is ranked over customers (ties broken by customer order, ``rank(method="first")``)
    and cut into ``bins`` equal-sized groups: score = ⌊(rank − 1) · bins / n⌋ + 1, so ``bins`` is
    the best group (most recent, most frequent, highest spend). ``rfm`` joins the three digits
    ("545"), ``score`` = R + F + M, and ``value_tier`` places the score on the value pyramid by its
    position p = (score − 3) / (3·bins − 3): "top" for p ≥ 0.8, "high" ≥ 0.55, "medium" ≥ 0.3,
    else "low" (with 5 bins: 13–15 top, 10–12 high, 7–9 medium, 3–6 low).
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
    table = _purchases_by_customer(frame[customer].to_numpy(), dates, spend)
    table.index.name = customer
    recency = ((now - table["last"]) / pd.Timedelta(days=1)).to_numpy()
    frequency = table["frequency"].to_numpy()
    monetary = table["monetary"].to_numpy()
    n = len(table)
    # The customer ranked r-th (r = 1..n) scores ⌊(r − 1) · bins / n⌋ + 1; ranks are stable sort
    # positions (ties in customer order), recency ranked from the longest ago to the most recent.
    score_of_rank = np.arange(n) * bins // n + 1
    scores = {}
    for letter, values, descending in (("R", recency, True), ("F", frequency, False), ("M", monetary, False)):
        scores[letter] = np.empty(n, dtype=np.int64)
        scores[letter][stable_order(values, descending)] = score_of_rank
    # The three digits as text ("545"), looked up from the bins³ possible codes (turned into a
    # pandas text array first: much quicker than converting one string per customer).
    digits = [str(i) for i in range(1, bins + 1)]
    codes = pd.Series(np.array([r + f + m for r in digits for f in digits for m in digits])).array
    r, f, m = (scores[letter] - 1 for letter in "RFM")
    score = scores["R"] + scores["F"] + scores["M"]
    possible = np.arange(3 * bins + 1)  # the tier of every score a customer can have (3..3·bins)
    position = (possible - 3) / (3 * bins - 3)
    tier_of_score = np.select([position >= 0.8, position >= 0.55, position >= 0.3], [3, 2, 1], 0)
    return pd.DataFrame({
        "recency_days": recency, "frequency": frequency, "monetary": monetary, **scores,
        "rfm": codes.take((r * bins + f) * bins + m), "score": score,
        "value_tier": pd.Categorical.from_codes(tier_of_score[score], categories=VALUE_TIERS, ordered=True),
    }, index=table.index)


def _purchases_by_customer(customers: np.ndarray, dates: pd.Series, spend: np.ndarray) -> pd.DataFrame:
    """The last purchase date, number of purchases and total spent of each customer, indexed by
    customer in sorted order (columns ``last``, ``frequency``, ``monetary``).

    Customers are numbered in sorted order: ids that are whole numbers from 0 to a few times the
    number of rows are their own numbers (numbers no one has are dropped at the end), other ids
    are numbered by ``pd.factorize``. Counts, sums and last dates then add up, or keep the
    maximum, per number (``np.add.at``, ``np.maximum.at``). Amounts in whole cents are added as
    integers (see ``_in_cents``); any others are left to pandas, which adds with a running
    correction (Kahan summation). Dates with a time zone are compared as UTC instants.
    """
    zone = getattr(dates.dt, "tz", None)
    stamps = dates.dt.tz_convert("UTC").dt.tz_localize(None) if zone is not None else dates
    own_numbers = (customers.dtype.kind in "iu" and np.can_cast(customers.dtype, np.intp)
                   and customers.min() >= 0 and customers.max() < max(4 * len(customers), 2**16))
    if own_numbers:
        numbers, size = customers, int(customers.max()) + 1
    else:
        numbers, sorted_ids = pd.factorize(pd.Series(customers), sort=True)
        size = len(sorted_ids)
    frequency = np.zeros(size, dtype=np.int64)
    np.add.at(frequency, numbers, 1)
    used = frequency > 0
    if own_numbers:
        sorted_ids = pd.Index(np.flatnonzero(used).astype(customers.dtype))
    last = np.full(size, np.iinfo(np.int64).min)
    np.maximum.at(last, numbers, stamps.to_numpy().view(np.int64))
    last = pd.DatetimeIndex(last[used].view(stamps.dtype))
    if zone is not None:
        last = last.tz_localize("UTC").tz_convert(zone)
    cents = _in_cents(spend)
    if cents is not None:
        monetary = np.zeros(size, dtype=np.int64)
        np.add.at(monetary, numbers, cents)
        monetary = monetary[used] / 100
    else:
        monetary = pd.Series(spend).groupby(numbers, sort=True).sum().to_numpy()
    return pd.DataFrame({"last": last, "frequency": frequency[used], "monetary": monetary}, index=sorted_ids)


def _in_cents(amounts: np.ndarray) -> np.ndarray | None:
    """The amounts as whole cents (int64), or None unless every amount has at most two decimals.

    An amount qualifies when rounding 100 × amount to a whole number and dividing by 100 gives it
    back (10.1 does; 0.1 + 0.2 = 0.30000000000000004 does not). The integer totals are then exact,
    and total / 100 is the float nearest the true total. None as well for a −0.0 (pandas keeps its
    sign in a total) or totals too large to convert exactly (2⁵³ cents and more).
    """
    cents = np.round(amounts * 100)
    if np.signbit(amounts).any() or not np.array_equal(cents / 100, amounts) or cents.sum() >= 2**53:
        return None
    return cents.astype(np.int64)
