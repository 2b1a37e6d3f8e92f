"""Complaint analysis: Pareto analysis of causes and the KPIs of a complaint log."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import _checks

#: Cumulative share (percent) that closes the "vital few" in a Pareto table.
VITAL_FEW_CUTOFF = 80.0

#: Columns ``complaint_kpis`` reads from a complaint log.
LOG_COLUMNS = ("complaint_id", "received_at", "first_response_at", "resolved_at",
               "contacts", "escalated", "reopened")


def pareto(categories) -> pd.DataFrame:
    """Pareto table of complaint causes (or any categories), largest first.

    share_i = count_i / Σ count × 100;  cumulative_share_i = Σ_{j ≤ i} share_j
    vital_few_i = (cumulative share before row i) < 80

    ``categories`` is either one label per complaint (a list, array or Series) or a mapping
    category → count (for counts in a Series, pass ``series.to_dict()``). Rows are sorted by count,
    high to low, ties by category name; the index is named ``category``. A categorical Series
    lists every one of its categories, those with no complaint at the bottom.
    """
    if isinstance(categories, Mapping):
        if not categories:
            raise ValueError("categories is empty: at least one category is needed")
        counts = pd.Series({k: _checks.number(v, f"categories[{k!r}]", low=0) for k, v in categories.items()},
                           dtype=float)
        if counts.sum() <= 0:
            raise ValueError("categories: the counts sum to 0, there is nothing to analyse")
        if (counts != np.round(counts)).any():
            bad = counts.index[counts != np.round(counts)][0]
            raise ValueError(f"categories[{bad!r}] must be a whole count, got {counts[bad]:g}")
        return _pareto_table(counts.astype(np.int64))
    if isinstance(categories, (str, bytes)) or categories is None or np.ndim(categories) != 1:
        raise TypeError(f"categories must be a 1-D sequence of labels or a mapping of counts, "
                        f"got {_checks._show(categories)}")
    if len(categories) == 0:
        raise ValueError("categories is empty: at least one label is needed")
    labels = categories if isinstance(categories, pd.Series) else pd.Series(np.asarray(categories, dtype=object))
    if labels.isna().any():
        position = int(np.flatnonzero(labels.isna().to_numpy())[0])
        raise ValueError(f"categories has a missing label at position {position}")
    # A categorical Series counts every one of its categories, unused ones with 0.
    return _pareto_table(labels.value_counts(sort=False))


def _pareto_table(counts: pd.Series) -> pd.DataFrame:
    """The Pareto table of ``counts`` (category → count): by count high to low, ties by name."""
    names = np.asarray(counts.index, dtype=object)
    try:
        order = np.lexsort((names, -counts.to_numpy()))  # the last key sorts first
    except TypeError:  # labels of mixed types (numbers and text): compare them as text
        order = np.lexsort((names.astype(str), -counts.to_numpy()))
    count = counts.to_numpy()[order]
    total = count.sum()
    running = count.cumsum()
    return pd.DataFrame({
        "count": count,
        "share": count / total * 100,
        "cumulative_share": running / total * 100,
        "vital_few": (running - count) / total * 100 < VITAL_FEW_CUTOFF,
    }, index=counts.index[order].rename("category"))


def _log_flags(log: pd.DataFrame, column: str) -> np.ndarray:
    values = log[column]
    name = f"log[{column!r}]"
    if values.isna().any():
        position = int(np.flatnonzero(values.isna().to_numpy())[0])
        raise ValueError(f"{name} has a missing value at row {position}")
    if pd.api.types.is_bool_dtype(values):
        return values.to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(values) and values.isin([0, 1]).all():
        return values.to_numpy(dtype=float) == 1
    raise TypeError(f"{name} must hold True/False values, got {values.dtype}")


def _in_utc(times: pd.Series) -> pd.Series:
    """Times with a time zone as UTC clock times without one, so that any two columns (and
    ``as_of``) can be subtracted and compared."""
    return times.dt.tz_convert("UTC").dt.tz_localize(None) if times.dt.tz is not None else times


def _hours_after(later: pd.Series, received: pd.Series, column: str) -> pd.Series:
    """later − received in hours (NaN where ``later`` is missing); a time before received_at is refused."""
    hours = (later - received) / pd.Timedelta(hours=1)
    if (hours < 0).any():
        position = int(np.flatnonzero((hours < 0).to_numpy())[0])
        raise ValueError(f"log[{column!r}] is before received_at at row {position}")
    return hours


def complaint_kpis(log, customers=None, sla_hours=24.0, as_of=None) -> pd.Series:
    """Key figures of a complaint log, one value each (percentages 0..100, times in hours).

    complaints                number of complaints n (rows of the log)
    complaint_rate            n / customers × 100 (complaints per 100 customers; NaN without customers)
    first_contact_resolution  #(resolved with contacts = 1) / n × 100
    mean_response_hours       mean of first_response_at − received_at, over complaints answered
    mean_resolution_hours     mean of resolved_at − received_at, over resolved complaints
    sla_compliance            #(resolved within sla_hours) / #(complaints whose SLA is decided) × 100
    escalation_rate           #escalated / n × 100
    reopen_rate               #reopened / n × 100

    Open complaints (no ``resolved_at``) are left out of the time measures. For SLA compliance an
    open complaint counts as a breach once its deadline received_at + sla_hours has passed at
    ``as_of`` (default: the latest time recorded in the log); one still inside its deadline is
    undecided and left out. All rates use every logged complaint as the base, except SLA
    compliance. ``log`` needs the columns complaint_id, received_at, first_response_at,
    resolved_at (date-times; the last two may be missing), contacts (whole number ≥ 1),
    escalated and reopened (True/False); other columns are ignored, so to leave out complaints
    found invalid, pass ``log[log["valid"]]``.
    """
    log = _checks.frame(log, "log", LOG_COLUMNS)
    sla = pd.Timedelta(hours=_checks.number(sla_hours, "sla_hours", low=0, low_open=True))
    received = _in_utc(_checks.dates(log["received_at"], "log['received_at']"))
    responded = _in_utc(_checks.dates(log["first_response_at"], "log['first_response_at']", allow_missing=True))
    resolved = _in_utc(_checks.dates(log["resolved_at"], "log['resolved_at']", allow_missing=True))
    contacts = _checks.numbers(log["contacts"], "log['contacts']", low=1, whole=True)
    escalated = _log_flags(log, "escalated")
    reopened = _log_flags(log, "reopened")
    n = len(log)
    rate = np.nan if customers is None else n / _checks.integer(customers, "customers", low=1) * 100

    response_hours = _hours_after(responded, received, "first_response_at")
    resolution_hours = _hours_after(resolved, received, "resolved_at")
    is_open = resolved.isna().to_numpy()
    if as_of is None:
        now = pd.concat([received, responded, resolved]).max()
    else:
        now = _in_utc(pd.Series([_checks.timestamp(as_of, "as_of")]))[0]
    # Met and breached are decided on the times themselves (exact to the nanosecond), not on hours.
    met = ((resolved - received) <= sla).to_numpy()  # False for open complaints (NaT)
    decided = ~is_open | (received + sla < now).to_numpy()
    return pd.Series({
        "complaints": n,
        "complaint_rate": rate,
        "first_contact_resolution": np.sum((contacts == 1) & ~is_open) / n * 100,
        "mean_response_hours": response_hours.mean(),  # NaN when no complaint was answered
        "mean_resolution_hours": resolution_hours.mean(),
        "sla_compliance": met.sum() / decided.sum() * 100 if decided.any() else np.nan,
        "escalation_rate": escalated.sum() / n * 100,
        "reopen_rate": reopened.sum() / n * 100,
    }, dtype=float, name="complaint_kpis")
