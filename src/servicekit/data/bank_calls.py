"""The bank's call-centre arrivals (``load("bank_calls")``) shaped for staffing (lesson 06 and the
bank-hotline case).

The data count arriving calls per 5 minutes. Staff are planned per half-hour, so the counts are
summed into half-hours and averaged over days; ``servicekit.metrics.staffing`` turns them into
arrival rates and agents.

Times are the centre's local clock times. The source labels them UTC; the label is dropped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicekit import _checks

__all__ = ["WEEKDAYS", "half_hour_counts", "half_hour_profile", "prepare_calls", "weekly_profile"]

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

INTERVALS_PER_HALF_HOUR = 6  # 5-minute counts


def prepare_calls(calls: pd.DataFrame) -> pd.DataFrame:
    """The raw 5-minute counts (columns ``DateTime``, ``Calls``) as a tidy table with columns
    ``start`` (local time, no time zone), ``date``, ``weekday`` (Monday ... Sunday), ``slot``
    (the half-hour it falls in, "HH:MM") and ``calls``."""
    calls = _checks.frame(calls, "calls", ("DateTime", "Calls"))
    start = pd.to_datetime(calls["DateTime"])
    if start.isna().any():
        row = int(np.flatnonzero(start.isna())[0])
        raise ValueError(f"calls: DateTime has a missing or unreadable time at row {row}")
    if start.dt.tz is not None:
        start = start.dt.tz_localize(None)  # keep the clock time shown; the UTC label is not real
    counts = pd.to_numeric(calls["Calls"], errors="coerce")
    if counts.isna().any() or (counts < 0).any():
        row = int(np.flatnonzero(counts.isna() | (counts < 0))[0])
        raise ValueError(f"calls: Calls must be counts of 0 or more; row {row} has {calls['Calls'].iloc[row]!r}")
    return pd.DataFrame({
        "start": start.to_numpy(),
        "date": start.dt.normalize().to_numpy(),
        "weekday": pd.Categorical(start.dt.day_name(), categories=WEEKDAYS),
        "slot": start.dt.floor("30min").dt.strftime("%H:%M").to_numpy(),
        "calls": counts.to_numpy(dtype=int),
    })


def half_hour_counts(calls: pd.DataFrame) -> pd.DataFrame:
    """Calls per day and half-hour: columns ``date``, ``weekday``, ``slot``, ``calls``.

    calls(day, half-hour) = Σ of its six 5-minute counts. A half-hour with fewer than six counts
    (the lone 21:00–21:05 interval at the end of each day) is left out, not scaled up.
    """
    tidy = prepare_calls(calls)
    grouped = tidy.groupby(["date", "slot"], observed=True, sort=True)
    table = grouped.agg(weekday=("weekday", "first"), calls=("calls", "sum"), intervals=("calls", "size"))
    table = table[table["intervals"] == INTERVALS_PER_HALF_HOUR].drop(columns="intervals").reset_index()
    return table[["date", "weekday", "slot", "calls"]]


def half_hour_profile(calls: pd.DataFrame, weekdays=WEEKDAYS[:5]) -> pd.DataFrame:
    """The average day, per half-hour, over the days whose weekday is in ``weekdays``.

    mean_calls(s) = Σ_days calls(day, s) / number of days;  arrival_rate λ(s) = 2 × mean_calls(s)
    calls per hour. Columns ``mean_calls``, ``arrival_rate``, ``days``; index ``slot`` ("HH:MM").
    """
    wanted = _weekdays(weekdays)
    counts = half_hour_counts(calls)
    counts = counts[counts["weekday"].isin(wanted)]
    if counts.empty:
        raise ValueError(f"weekdays {list(wanted)} match no day in the data")
    profile = counts.groupby("slot").agg(mean_calls=("calls", "mean"), days=("calls", "size"))
    profile.insert(1, "arrival_rate", 2 * profile["mean_calls"])
    return profile


def weekly_profile(calls: pd.DataFrame) -> pd.DataFrame:
    """Average calls per half-hour for each weekday present: index ``slot``, one column per weekday."""
    counts = half_hour_counts(calls)
    table = counts.pivot_table(index="slot", columns="weekday", values="calls", aggfunc="mean", observed=True)
    table.columns = table.columns.astype(str)
    table.columns.name = "weekday"
    return table


def _weekdays(weekdays) -> list[str]:
    if isinstance(weekdays, str):
        weekdays = [weekdays]
    chosen = list(weekdays)
    unknown = [d for d in chosen if d not in WEEKDAYS]
    if unknown or not chosen:
        raise ValueError(f"weekdays must name days from {list(WEEKDAYS)}, got {chosen!r}")
    return chosen
