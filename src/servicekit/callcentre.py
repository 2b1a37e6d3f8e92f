"""Call-centre arrival data prepared for staffing (lesson 06 and the bank-hotline case).

The bank's data (``servicekit.data.load("bank_calls")``) count arriving calls per 5 minutes. Staff
are planned per half-hour, so the counts are summed into half-hours, averaged over days, and turned
into an arrival rate λ (calls per hour = 2 × calls per half-hour). The Erlang C formulas
themselves are in ``servicekit.metrics`` (``erlang_c``, ``service_level``, ``agents_needed``);
this module only feeds them and tabulates the results.

Times are the centre's local clock times. The source labels them UTC; the label is dropped.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from servicekit.metrics import _checks, agents_needed, erlang_c, service_level

__all__ = ["WEEKDAYS", "half_hour_counts", "half_hour_profile", "prepare_calls", "staffing_curve",
           "staffing_plan", "staffing_summary", "target_cost", "weekly_profile", "weekly_staffing_plan"]

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


def staffing_plan(mean_calls, aht, target_time: float = 20, target_level: float = 80,
                  minutes: float = 30) -> pd.DataFrame:
    """Agents needed per interval for "``target_level`` % of calls answered within ``target_time`` s".

    For each interval with c calls in ``minutes`` minutes: λ = c × 60 / minutes calls per hour,
    A = λ·h / 3600 Erlangs, N = agents_needed(λ, h, t, SL*), and at that N the waiting probability
    P_wait = erlang_c(λ, h, N), the service level SL(N) and the occupancy A / N (percent).
    ``mean_calls`` is a Series indexed by interval (``half_hour_profile(...)["mean_calls"]``).
    """
    if not isinstance(mean_calls, pd.Series):
        raise TypeError(f"mean_calls must be a Series of calls per interval, got {type(mean_calls).__name__}")
    counts = _checks.numbers(mean_calls, "mean_calls", low=0, low_open=True)
    aht = _checks.number(aht, "aht", low=0, low_open=True)
    minutes = _checks.number(minutes, "minutes", low=0, low_open=True)
    rate = counts * 60 / minutes
    # agents_needed takes one arrival rate at a time: one call per interval (a few dozen a day).
    agents = np.array([agents_needed(r, aht, target_time, target_level) for r in rate], dtype=int)
    waiting = np.array([erlang_c(r, aht, int(n)) for r, n in zip(rate, agents)])
    level = np.array([service_level(r, aht, int(n), target_time) for r, n in zip(rate, agents)])
    traffic = rate * aht / 3600
    return pd.DataFrame({
        "calls": counts, "arrival_rate": rate, "traffic": traffic, "agents": agents,
        "p_wait": waiting, "service_level": level, "occupancy": 100 * traffic / agents,
    }, index=mean_calls.index)


def weekly_staffing_plan(calls: pd.DataFrame, aht, target_time: float = 20,
                         target_level: float = 80) -> pd.DataFrame:
    """Agents needed per half-hour (rows) and weekday (columns), from each weekday's average day."""
    profile = weekly_profile(calls)
    return pd.DataFrame({day: staffing_plan(profile[day], aht, target_time, target_level)["agents"]
                         for day in profile.columns}).rename_axis(columns="weekday")


def target_cost(calls: pd.DataFrame, aht, target_time: float = 20, levels=(70, 80, 90, 95),
                cost_per_agent_hour: float = 25.0, shrinkage: float = 0.0) -> pd.DataFrame:
    """What each service-level target costs for a week of the average weekdays.

    agent_hours = Σ_weekdays Σ_half-hours N(s, day) × 0.5 (hours on the phones);
    paid_hours = agent_hours / (1 − shrinkage);  weekly_cost = paid_hours × cost per agent-hour.
    Columns ``agent_hours``, ``paid_hours``, ``weekly_cost``, ``extra_cost`` (over the cheapest
    target in the table) and ``peak_agents``; index ``target_level`` (percent answered within
    ``target_time`` s). ``shrinkage`` is a fraction (0.3 = 30 % of paid time off the phones).
    """
    cost = _checks.number(cost_per_agent_hour, "cost_per_agent_hour", low=0)
    shrinkage = _checks.number(shrinkage, "shrinkage", low=0, high=1, high_open=True)
    targets = _checks.numbers(list(levels), "levels", low=0, high=100, low_open=True, high_open=True)
    plans = {float(t): weekly_staffing_plan(calls, aht, target_time, float(t)) for t in targets}
    table = pd.DataFrame({
        "agent_hours": [plan.to_numpy().sum() * 0.5 for plan in plans.values()],
        "peak_agents": [int(plan.to_numpy().max()) for plan in plans.values()],
    }, index=pd.Index(list(plans), name="target_level"))
    table["paid_hours"] = table["agent_hours"] / (1 - shrinkage)
    table["weekly_cost"] = table["paid_hours"] * cost
    table["extra_cost"] = table["weekly_cost"] - table["weekly_cost"].min()
    return table[["agent_hours", "paid_hours", "weekly_cost", "extra_cost", "peak_agents"]]


def staffing_curve(arrival_rate, aht, target_time: float = 20, agents=None) -> pd.DataFrame:
    """Waiting probability and service level for a range of agent counts (the staffing curve).

    ``agents`` defaults to every whole number from ⌊A⌋ + 1 to ⌊A⌋ + 1 + max(10, 3√A), A the traffic.
    Columns ``agents``, ``p_wait``, ``service_level`` (percent within ``target_time`` s), ``occupancy``.
    """
    rate = _checks.number(arrival_rate, "arrival_rate", low=0, low_open=True)
    aht = _checks.number(aht, "aht", low=0, low_open=True)
    traffic = rate * aht / 3600
    if agents is None:
        first = int(np.floor(traffic)) + 1
        agents = np.arange(first, first + max(10, int(3 * np.sqrt(traffic))) + 1)
    n = _checks.numbers(agents, "agents", low=1, whole=True).astype(int)
    return pd.DataFrame({
        "agents": n,
        "p_wait": np.atleast_1d(erlang_c(rate, aht, n)),
        "service_level": np.atleast_1d(service_level(rate, aht, n, target_time)),
        "occupancy": 100 * traffic / n,
    })


def staffing_summary(arrival_rate, aht, agents, target_time: float = 20, target_level: float = 80):
    """What one staffing choice gives: ``(figures, message)``.

    ``figures`` holds traffic A = λ·h/3600, P_wait (Erlang C), service level, occupancy A/N and the
    agents needed for the target; ``message`` is "" or, when N ≤ A, the warning that the queue
    grows without limit. An input the formulas refuse gives ``(None, the reason)``.
    """
    try:
        figures = {
            "traffic": float(arrival_rate) * float(aht) / 3600,
            "p_wait": erlang_c(arrival_rate, aht, agents),
            "service_level": service_level(arrival_rate, aht, agents, target_time),
            "agents_needed": agents_needed(arrival_rate, aht, target_time, target_level),
        }
    except (TypeError, ValueError) as error:
        return None, str(error)
    figures["occupancy"] = 100 * figures["traffic"] / agents
    message = ""
    if agents <= figures["traffic"]:
        message = (f"{agents} agents cannot keep up with {figures['traffic']:.1f} Erlangs of traffic: "
                   "the queue grows without limit and every call waits. Add agents.")
    return figures, message
