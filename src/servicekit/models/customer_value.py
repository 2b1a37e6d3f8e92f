"""Customer-base models of lesson 10: BG/NBD for how often customers buy and whether they are still
"alive", Gamma-Gamma for how much they spend, and the customer value the two imply.

Notation (Fader, Hardie and Lee 2005). For each customer, over a calibration period:

- x   = ``frequency``: repeat purchases (purchase days after the first one);
- tₓ  = ``recency``: time from the first purchase to the last repeat purchase (0 when x = 0);
- T   = ``T``: time from the first purchase to the end of the calibration period;
- z̄   = ``monetary_value``: the mean value of the repeat purchases (0 when x = 0).

Time is in weeks unless you choose another ``unit_days``. The BG/NBD parameters are r, α (the
gamma distribution of purchase rates λ across customers) and a, b (the beta distribution of the
probability p that a customer drops out after a purchase). Gamma-Gamma's are p, q, γ.

The likelihoods are written out here, with numpy and scipy, so that the course does not depend on
any one package's fitter; the tests check them against the published CDNOW estimates and against
the ``lifetimes`` package.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import optimize, special

from .. import _checks

__all__ = [
    "bgnbd_expected_purchases",
    "bgnbd_loglikelihood",
    "bgnbd_params",
    "bgnbd_population_purchases",
    "bgnbd_probability_alive",
    "calibration_summary",
    "gamma_gamma_expected_spend",
    "gamma_gamma_loglikelihood",
    "gamma_gamma_params",
    "model_clv",
]

BGNBD_KEYS = ("r", "alpha", "a", "b")
GAMMA_GAMMA_KEYS = ("p", "q", "gamma")


# --------------------------------------------------------------------------- the data summary


def calibration_summary(transactions: pd.DataFrame, customer: str = "customer_id", date: str = "date",
                        amount: str = "amount", calibration_end="1997-09-30", observation_end=None,
                        unit_days: float = 7.0) -> pd.DataFrame:
    """One row per customer: frequency x, recency tₓ, age T and mean repeat spend z̄ in the calibration period.

    Purchases on the same day are first added together (one "purchase day"), as in the CDNOW
    studies. Customers whose first purchase falls after ``calibration_end`` are left out.

        x  = number of purchase days after the first, up to ``calibration_end`` (inclusive)
        tₓ = (last purchase day − first purchase day) / ``unit_days``
        T  = (``calibration_end`` − first purchase day) / ``unit_days``
        z̄  = mean amount of the x repeat purchase days (0 when x = 0)

    With ``observation_end`` the table also has ``frequency_holdout`` (purchase days after
    ``calibration_end`` up to ``observation_end``) and ``duration_holdout`` (that period's length).
    On the CDNOW sample with the calibration ending 1997-09-30 (39 weeks) this gives the
    2,357-customer table of Fader, Hardie and Lee (2005).
    """
    if not isinstance(transactions, pd.DataFrame):
        raise TypeError(f"transactions must be a DataFrame, got {type(transactions).__name__}")
    for parameter, column in (("customer", customer), ("date", date), ("amount", amount)):
        if column not in transactions.columns:
            raise ValueError(f"{parameter}={column!r} is not a column of transactions; "
                             f"columns are {list(transactions.columns)}")
    if transactions.empty:
        raise ValueError("transactions is empty: at least one purchase is needed")
    unit_days = _checks.number(unit_days, "unit_days", low=0, low_open=True)
    end = _checks.timestamp(calibration_end, "calibration_end")
    when = pd.to_datetime(transactions[date], errors="coerce").dt.normalize()
    if when.isna().any():
        row = int(np.flatnonzero(when.isna().to_numpy())[0])
        raise ValueError(f"date column {date!r} has a missing or unreadable date at row {row}")
    spend = _checks.array(transactions[amount], f"amount column {amount!r}")
    days = (pd.DataFrame({"customer": transactions[customer].to_numpy(), "day": when.to_numpy(), "amount": spend})
            .groupby(["customer", "day"], as_index=False)["amount"].sum()
            .sort_values(["customer", "day"], kind="stable"))
    first = days.groupby("customer")["day"].transform("min")
    days = days[first <= end]
    if days.empty:
        raise ValueError(f"calibration_end={calibration_end!r} is before every customer's first purchase")
    first = first[days.index]
    calibration = days[days["day"] <= end]
    repeat = calibration["day"] > first[calibration.index]
    grouped = calibration.groupby("customer")
    start = grouped["day"].min()
    summary = pd.DataFrame({
        "frequency": grouped.size() - 1,
        "recency": (grouped["day"].max() - start).dt.days / unit_days,
        "T": (end - start).dt.days / unit_days,
    })
    summary["monetary_value"] = (calibration[repeat].groupby("customer")["amount"].mean()
                                 .reindex(summary.index).fillna(0.0))
    if observation_end is not None:
        stop = _checks.timestamp(observation_end, "observation_end")
        if stop <= end:
            raise ValueError(f"observation_end must come after calibration_end, got {observation_end!r}")
        later = days[(days["day"] > end) & (days["day"] <= stop)]
        summary["frequency_holdout"] = later.groupby("customer").size().reindex(summary.index).fillna(0).astype(int)
        summary["duration_holdout"] = (stop - end).days / unit_days
    summary.index.name = customer
    return summary



def _summary_arrays(summary: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x, tₓ, T from a summary table, checked."""
    if not isinstance(summary, pd.DataFrame):
        raise TypeError(f"summary must be a DataFrame with columns frequency, recency, T; got {type(summary).__name__}")
    for column in ("frequency", "recency", "T"):
        if column not in summary.columns:
            raise ValueError(f"summary has no column {column!r}; columns are {list(summary.columns)}")
    x = _checks.array(summary["frequency"], "summary['frequency']")
    t_x = _checks.array(summary["recency"], "summary['recency']")
    age = _checks.array(summary["T"], "summary['T']")
    _frequency_check(x, "summary['frequency']")
    problems = [
        (t_x < 0, "recency is negative"),
        (t_x > age + 1e-9, "recency is greater than T"),
        ((x == 0) & (t_x != 0), "recency must be 0 when frequency is 0"),
        (age <= 0, "T must be positive"),
    ]
    for bad, why in problems:
        if bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise ValueError(f"summary row {row}: {why} (frequency={x[row]:g}, recency={t_x[row]:g}, T={age[row]:g})")
    return x, t_x, age


def _frequency_check(x: np.ndarray, name: str) -> None:
    bad = (x < 0) | (x != np.round(x))
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{name} must hold whole numbers ≥ 0; position {row} has {x[row]:g}")


def _params(params, keys: tuple[str, ...], name: str) -> tuple[float, ...]:
    if not hasattr(params, "keys") or any(k not in params for k in keys):
        raise TypeError(f"{name} must be a mapping with keys {list(keys)}, got {params!r}")
    return tuple(_checks.number(params[k], f"{name}[{k!r}]", low=0, low_open=True) for k in keys)


# --------------------------------------------------------------------------- BG/NBD


def bgnbd_loglikelihood(params, frequency, recency, T) -> np.ndarray:
    """Each customer's BG/NBD log-likelihood ln L(r, α, a, b | x, tₓ, T).

        L = B(a, b + x)/B(a, b) · Γ(r + x) αʳ / [Γ(r) (α + T)^(r+x)]
          + [x > 0] · B(a + 1, b + x − 1)/B(a, b) · Γ(r + x) αʳ / [Γ(r) (α + tₓ)^(r+x)]

    Computed on the log scale: with A₁ = ln Γ(r + x) − ln Γ(r) + r ln α,
    A₂ = ln B(a, b + x) − ln B(a, b), A₃ = −(r + x) ln(α + T) and, for x > 0,
    A₄ = ln a − ln(b + x − 1) − (r + x) ln(α + tₓ):  ln L = A₁ + A₂ + ln(e^A₃ + [x > 0] e^A₄).
    """
    r, alpha, a, b = _params(params, BGNBD_KEYS, "params")
    x, t_x, age = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
    a1 = special.gammaln(r + x) - special.gammaln(r) + r * np.log(alpha)
    a2 = special.betaln(a, b + x) - special.betaln(a, b)
    a3 = -(r + x) * np.log(alpha + age)
    has_repeat = x > 0
    # b + x − 1 can be ≤ 0 only when x = 0, where A₄ is not used; guard it so no warning is raised.
    a4 = np.log(a) - np.log(np.where(has_repeat, b + x - 1, 1.0)) - (r + x) * np.log(alpha + t_x)
    a4 = np.where(has_repeat, a4, -np.inf)
    return a1 + a2 + np.logaddexp(a3, a4)


def bgnbd_params(summary: pd.DataFrame) -> dict[str, float]:
    """Maximum-likelihood BG/NBD parameters {r, alpha, a, b} from a frequency / recency / T table.

    Maximises Σ ln L(r, α, a, b | xᵢ, tₓᵢ, Tᵢ) (see ``bgnbd_loglikelihood``) over the logarithms of
    the four parameters, so that they stay positive, with scipy's L-BFGS-B then Nelder-Mead polish.
    On the CDNOW sample (39 weeks) it gives r = 0.243, α = 4.414, a = 0.793, b = 2.426, the
    estimates published by Fader, Hardie and Lee (2005).
    """
    x, t_x, age = _summary_arrays(summary)
    # Identical customers share one likelihood term: fit on the distinct rows, weighted by count.
    rows, counts = np.unique(np.column_stack([x, t_x, age]), axis=0, return_counts=True)

    def negative(log_params):
        values = dict(zip(BGNBD_KEYS, np.exp(log_params)))
        return -np.sum(counts * bgnbd_loglikelihood(values, rows[:, 0], rows[:, 1], rows[:, 2]))

    start = np.log([1.0, max(float(np.mean(age)), 1.0), 1.0, 1.0])
    return _maximise(negative, start, BGNBD_KEYS)


def _maximise(negative, start: np.ndarray, keys: tuple[str, ...]) -> dict[str, float]:
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        first = optimize.minimize(negative, start, method="L-BFGS-B", bounds=[(-10, 10)] * len(start))
        final = optimize.minimize(negative, first.x, method="Nelder-Mead",
                                  options={"xatol": 1e-9, "fatol": 1e-10, "maxiter": 20_000, "maxfev": 20_000})
    if not np.isfinite(final.fun):
        raise ValueError("the likelihood could not be maximised on these data (check the summary table)")
    return {key: float(value) for key, value in zip(keys, np.exp(final.x))}


def bgnbd_probability_alive(params, frequency, recency, T) -> np.ndarray:
    """P(alive | x, tₓ, T): the chance that a customer has not yet dropped out.

        P(alive) = 1 / (1 + [x > 0] · a/(b + x − 1) · ((α + T)/(α + tₓ))^(r+x))

    A customer with no repeat purchase is alive for sure in BG/NBD (drop-out happens only just after
    a purchase).
    """
    r, alpha, a, b = _params(params, BGNBD_KEYS, "params")
    x, t_x, age = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
    has_repeat = x > 0
    odds = a / np.where(has_repeat, b + x - 1, 1.0) * ((alpha + age) / (alpha + t_x)) ** (r + x)
    return 1.0 / (1.0 + np.where(has_repeat, odds, 0.0))


def bgnbd_expected_purchases(params, t, frequency, recency, T) -> np.ndarray:
    """E[Y(t) | x, tₓ, T]: the purchases a customer is expected to make in the next ``t`` time units.

        E[Y(t) | x, tₓ, T] = (a + b + x − 1)/(a − 1)
            · [1 − ((α + T)/(α + T + t))^(r+x) · ₂F₁(r + x, b + x; a + b + x − 1; t/(α + T + t))]
            / [1 + [x > 0] · a/(b + x − 1) · ((α + T)/(α + tₓ))^(r+x)]

    (Fader, Hardie and Lee 2005, equation 10.) It holds for a < 1 too (CDNOW has a ≈ 0.79): both
    factors of the first product then change sign. Only a = 1 exactly is excluded.
    """
    r, alpha, a, b = _params(params, BGNBD_KEYS, "params")
    _not_one(a)
    t = _checks.number(t, "t", low=0)
    x, t_x, age = (np.asarray(v, dtype=float) for v in (frequency, recency, T))
    return _conditional_expectation(r, alpha, a, b, t, x, t_x, age)


def _not_one(a: float) -> None:
    if abs(a - 1) < 1e-9:
        raise ValueError("params['a'] must not be exactly 1: the expected-purchases formula divides by a − 1")


def _conditional_expectation(r, alpha, a, b, t, x, t_x, age):
    ratio = (alpha + age) / (alpha + age + t)
    hyper = special.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + age + t))
    top = (a + b + x - 1) / (a - 1) * (1 - ratio ** (r + x) * hyper)
    return top * bgnbd_probability_alive({"r": r, "alpha": alpha, "a": a, "b": b}, x, t_x, age)


def bgnbd_population_purchases(params, t) -> np.ndarray:
    """E[X(t)]: repeat purchases a new customer is expected to make in ``t`` time units after the first.

        E[X(t)] = (a + b − 1)/(a − 1) · [1 − (α/(α + t))ʳ · ₂F₁(r, b; a + b − 1; t/(α + t))]

    ``t`` may be an array (a cumulative-purchase curve).
    """
    r, alpha, a, b = _params(params, BGNBD_KEYS, "params")
    _not_one(a)
    times = np.atleast_1d(np.asarray(t, dtype=float))
    if (times < 0).any() or np.isnan(times).any():
        raise ValueError(f"t must hold times ≥ 0, got {t!r}")
    out = (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + times)) ** r * special.hyp2f1(r, b, a + b - 1, times / (alpha + times)))
    return out if np.ndim(t) else float(out[0])


# --------------------------------------------------------------------------- Gamma-Gamma


def _spend_arrays(frequency, monetary_value) -> tuple[np.ndarray, np.ndarray]:
    x = _checks.array(frequency, "frequency")
    z = _checks.array(monetary_value, "monetary_value")
    if x.shape != z.shape:
        raise ValueError(f"frequency and monetary_value must have the same length, got {x.size} and {z.size}")
    _frequency_check(x, "frequency")
    return x, z


def gamma_gamma_loglikelihood(params, frequency, monetary_value) -> np.ndarray:
    """Each customer's Gamma-Gamma log-likelihood of a mean spend z̄ over x purchases (x ≥ 1).

    A purchase's value is gamma(p, ν); ν varies across customers as gamma(q, γ). Then

        f(z̄ | p, q, γ, x) = Γ(px + q) / (Γ(px) Γ(q)) · γ^q · x^(px) · z̄^(px − 1) / (γ + x z̄)^(px + q)
    """
    p, q, gamma = _params(params, GAMMA_GAMMA_KEYS, "params")
    x, z = (np.asarray(v, dtype=float) for v in (frequency, monetary_value))
    px = p * x
    return (special.gammaln(px + q) - special.gammaln(px) - special.gammaln(q) + q * np.log(gamma)
            + px * np.log(x) + (px - 1) * np.log(z) - (px + q) * np.log(gamma + x * z))


def gamma_gamma_params(frequency, monetary_value) -> dict[str, float]:
    """Maximum-likelihood Gamma-Gamma parameters {p, q, gamma} from repeat buyers' mean spend.

    Uses only customers with x ≥ 1 and z̄ > 0 (the model says nothing about customers with no
    repeat purchase). On CDNOW (946 repeat buyers, z̄ = mean value of the calibration-period repeat
    purchases in dollars) it gives p = 6.25, q = 3.74, γ = 15.44, as published by Fader, Hardie
    and Lee (2005, "RFM and CLV").
    """
    x, z = _spend_arrays(frequency, monetary_value)
    keep = (x > 0) & (z > 0)
    if keep.sum() < 2:
        raise ValueError("frequency/monetary_value: at least two customers with a repeat purchase are needed")
    x, z = x[keep], z[keep]

    def negative(log_params):
        return -np.sum(gamma_gamma_loglikelihood(dict(zip(GAMMA_GAMMA_KEYS, np.exp(log_params))), x, z))

    return _maximise(negative, np.log([1.0, 1.0, float(np.mean(z))]), GAMMA_GAMMA_KEYS)


def gamma_gamma_expected_spend(params, frequency, monetary_value) -> np.ndarray:
    """E[M | p, q, γ, x, z̄]: a customer's expected value per purchase (needs q > 1).

        E[M] = (q − 1)/(px + q − 1) · γp/(q − 1) + px/(px + q − 1) · z̄

    a weighted average of the population mean γp/(q − 1) and the customer's own mean z̄; the more
    purchases x, the more weight on z̄. A customer with x = 0 gets the population mean.
    """
    p, q, gamma = _params(params, GAMMA_GAMMA_KEYS, "params")
    if q <= 1:
        raise ValueError(f"params['q'] must be above 1 for the mean spend to exist, got {q:g}")
    x, z = _spend_arrays(frequency, monetary_value)
    if (z < 0).any():
        raise ValueError("monetary_value must be ≥ 0")
    weight = p * x / (p * x + q - 1)
    return (1 - weight) * gamma * p / (q - 1) + weight * z


# --------------------------------------------------------------------------- customer value


def model_clv(bgnbd, gamma_gamma, summary: pd.DataFrame, margin: float = 0.3, horizon: int = 52,
              step: int = 4, discount: float = 0.01) -> pd.Series:
    """Each customer's model-based lifetime value over ``horizon`` time units (weeks).

        CLV = Σₖ₌₁..K margin · E[M] · (E[Y(k·s)] − E[Y((k − 1)·s)]) / (1 + d)ᵏ,   K = horizon / s

    E[Y] from BG/NBD (``bgnbd_expected_purchases``), E[M] from Gamma-Gamma
    (``gamma_gamma_expected_spend``), s = ``step`` (weeks per period), d = ``discount`` per period.
    ``summary`` needs frequency, recency, T and monetary_value.
    """
    x, t_x, age = _summary_arrays(summary)
    if "monetary_value" not in summary.columns:
        raise ValueError(f"summary has no column 'monetary_value'; columns are {list(summary.columns)}")
    margin = _checks.number(margin, "margin", low=0, high=1)
    horizon = _checks.integer(horizon, "horizon", low=1)
    step = _checks.integer(step, "step", low=1, high=horizon)
    if horizon % step:
        raise ValueError(f"horizon ({horizon}) must be a whole number of steps ({step})")
    discount = _checks.number(discount, "discount", low=0)
    spend = gamma_gamma_expected_spend(gamma_gamma, x, summary["monetary_value"])
    ends = np.arange(1, horizon // step + 1) * step
    cumulative = np.column_stack([np.zeros_like(x)] + [bgnbd_expected_purchases(bgnbd, t, x, t_x, age) for t in ends])
    per_period = np.diff(cumulative, axis=1)
    factors = (1 + discount) ** -np.arange(1, len(ends) + 1)
    return pd.Series(margin * spend * (per_period @ factors), index=summary.index, name="clv")
