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
        return _pareto_table(counts.index, counts.to_numpy().astype(np.int64))
    if isinstance(categories, (str, bytes)) or categories is None or np.ndim(categories) != 1:
        raise TypeError(f"categories must be a 1-D sequence of labels or a mapping of counts, "
                        f"got {_checks._show(categories)}")
    if len(categories) == 0:
        raise ValueError("categories is empty: at least one label is needed")
    if isinstance(categories, pd.Series) and isinstance(categories.dtype, pd.CategoricalDtype):
        # A categorical column (as servicekit.data.load returns): count its small integer codes.
        codes = categories.array.codes
        size = len(categories.dtype.categories)
        if size <= 16:  # a few comparisons of one byte per label beat converting them for bincount
            tally = np.array([np.count_nonzero(codes == code) for code in range(size)], dtype=np.int64)
        else:
            tally = np.bincount(codes[codes >= 0], minlength=size)
        if tally.sum() != codes.size:
            position = int(np.flatnonzero(codes < 0)[0])
            raise ValueError(f"categories has a missing label at position {position}")
        return _pareto_table(pd.CategoricalIndex(pd.Categorical.from_codes(range(size), dtype=categories.dtype)),
                             tally)
    if isinstance(categories, np.ndarray) and categories.dtype.kind == "U":
        names, tally = np.unique(categories, return_counts=True)  # text: count by sorting, no Python objects
        return _pareto_table(pd.Index(names), tally.astype(np.int64))
    labels = categories if isinstance(categories, pd.Series) else pd.Series(np.asarray(categories, dtype=object))
    counts = labels.value_counts(sort=False, dropna=False)
    if counts.index.hasnans:
        position = int(np.flatnonzero(labels.isna().to_numpy())[0])
        raise ValueError(f"categories has a missing label at position {position}")
    return _pareto_table(counts.index, counts.to_numpy().astype(np.int64))


def _pareto_table(names: pd.Index, counts: np.ndarray) -> pd.DataFrame:
    """The Pareto table of ``names`` seen ``counts`` times: by count high to low, ties by name."""
    labels = np.asarray(names, dtype=object)
    try:
        order = np.lexsort((labels, -counts))
    except TypeError:  # labels of mixed types: compare them as text
        order = np.lexsort((labels.astype(str), -counts))
    count = counts[order]
    total = count.sum()
    running = np.cumsum(count)
    return pd.DataFrame({
        "count": count,
        "share": count / total * 100,
        "cumulative_share": running / total * 100,
        # "Cumulative share before the row < 80 %" in whole counts, so no rounding can blur the edge.
        "vital_few": (running - count) * 100 < VITAL_FEW_CUTOFF * total,
    }, index=names[order].rename("category"), copy=False)


def _ticks(times: pd.Series, unit: str) -> tuple[np.ndarray, np.ndarray]:
    """Date-times as int64 counts of ``unit`` ("us", "ns", ...) since 1970 (time-zone aware ones in
    UTC), and a mask of the missing. A column already in ``unit`` is read without a copy."""
    if getattr(times.dt, "tz", None) is not None:
        times = times.dt.tz_convert("UTC").dt.tz_localize(None)
    raw = times.to_numpy().astype(f"datetime64[{unit}]", copy=False)
    return raw.view(np.int64), np.isnat(raw)


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


def _waits(later: np.ndarray, got: np.ndarray, missing: np.ndarray, column: str) -> np.ndarray:
    """later − got in ticks, 0 where ``later`` is missing; a time before ``got`` is refused."""
    waits = later - got  # a missing time (NaT) gives a meaningless value here, zeroed next
    waits *= ~missing  # (multiplying by the mask is several times quicker than assigning through it)
    if waits.min() < 0:
        position = int(np.flatnonzero(waits < 0)[0])
        raise ValueError(f"log[{column!r}] is before received_at at row {position}")
    return waits


def _total(ticks: np.ndarray) -> float:
    """Sum of non-negative int64 waits: exact in integers when no overflow is possible, else in
    floating point (a million waits in nanoseconds can exceed the int64 range)."""
    if int(ticks.max()) * ticks.size < 2**63:
        return float(ticks.sum())
    return float(ticks.sum(dtype=float))


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
    received = _checks.dates(log["received_at"], "log['received_at']")
    responded = _checks.dates(log["first_response_at"], "log['first_response_at']", allow_missing=True)
    resolved = _checks.dates(log["resolved_at"], "log['resolved_at']", allow_missing=True)
    contacts = _checks.numbers(log["contacts"], "log['contacts']", low=1, whole=True, keep_int=True)
    escalated = _log_flags(log, "escalated")
    reopened = _log_flags(log, "reopened")
    # Work in whole ticks since 1970 (microseconds, or nanoseconds for finer data): plain integer
    # arithmetic. NaT becomes the smallest int64, so it never wins a maximum.
    units = {times.dt.unit for times in (received, responded, resolved)}
    unit = "ns" if "ns" in units else "us"  # the finest unit present (us holds ms and s exactly)
    got, _ = _ticks(received, unit)  # received_at was checked complete above
    answered, answered_missing = _ticks(responded, unit)
    closed, open_ = _ticks(resolved, unit)
    n = len(log)
    if customers is None:
        rate = np.nan
    else:
        rate = n / _checks.integer(customers, "customers", low=1) * 100
    # Total waits in ticks. One array of a million waits at a time: a second one alive beside it
    # would cost fresh memory from the system, which takes longer than the arithmetic.
    response_total = _total(_waits(answered, got, answered_missing, "first_response_at"))
    resolution_ticks = _waits(closed, got, open_, "resolved_at")
    resolution_total = _total(resolution_ticks)
    if as_of is None:
        now = max(got.max(), answered.max(), closed.max())
    else:
        now = _ticks(pd.Series([_checks.timestamp(as_of, "as_of")]), unit)[0][0]
    hour = np.timedelta64(1, "h") / np.timedelta64(1, unit)  # ticks per hour
    sla_ticks = int(sla / np.timedelta64(1, unit))
    open_n = np.count_nonzero(open_)
    answered_n, resolved_n = n - np.count_nonzero(answered_missing), n - open_n
    # Met: resolved within the SLA (an open complaint's 0 is within it too, so take them off).
    met = np.count_nonzero(resolution_ticks <= sla_ticks) - open_n
    # Decided: every resolved complaint, and the open ones whose deadline got + SLA has passed.
    decided = resolved_n + np.count_nonzero(open_ & (got < now - sla_ticks))
    return pd.Series({
        "complaints": n,
        "complaint_rate": rate,
        "first_contact_resolution": np.count_nonzero((contacts == 1) & ~open_) / n * 100,
        "mean_response_hours": response_total / hour / answered_n if answered_n else np.nan,
        "mean_resolution_hours": resolution_total / hour / resolved_n if resolved_n else np.nan,
        "sla_compliance": met / decided * 100 if decided else np.nan,
        "escalation_rate": np.count_nonzero(escalated) / n * 100,
        "reopen_rate": np.count_nonzero(reopened) / n * 100,
    }, dtype=float, name="complaint_kpis")
