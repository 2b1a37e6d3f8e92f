"""Call-centre staffing with Erlang C: waiting probability, service level, agents needed.

Notation of the lesson: calls arrive at λ per hour, the average handling time (AHT) is h seconds,
so the traffic is A = λ·h / 3600 Erlangs; N agents answer the calls.

Erlang C is computed from the Erlang B (loss) formula, which is a ratio of Poisson terms:

    B(N, A) = (A^N / N!) / Σ_{k=0..N} A^k / k!  =  P(X = N) / P(X ≤ N),   X ~ Poisson(A)
    C(N, A) = N·B / (N − A·(1 − B))

The Poisson terms P(X = k) = e^(−A)·A^k / k! are evaluated in log space (A^k and k! overflow a
float beyond k ≈ 170), so hundreds or thousands of agents are as safe as ten. Every function
accepts one agent count or an array of them.

For a real centre (the bank's arrivals, shaped by ``servicekit.data.bank_calls``):
``staffing_plan`` gives the agents per interval, ``target_cost`` what a service-level target costs.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from scipy.special import gammaln, xlogy

from .. import _checks
from ..data.bank_calls import weekly_profile


def traffic_intensity(arrival_rate, aht) -> float:
    """Offered traffic in Erlangs: A = λ · h / 3600 (λ calls per hour, h seconds per call)."""
    rate = _checks.number(arrival_rate, "arrival_rate", low=0, low_open=True)
    aht = _checks.number(aht, "aht", low=0, low_open=True)
    return rate * aht / 3600


def _erlang_b(traffic: float, agents: np.ndarray) -> np.ndarray:
    """Erlang B = P(X = N) / P(X ≤ N), X ~ Poisson(A), for each agent count N.

    P(X = k) for k = 0, 1, …, max N: log P(X = k) = k·ln A − A − ln k!, with no power or factorial
    computed; P(X ≤ N) is their running total. One table serves every row with its own N.
    """
    n = agents.astype(np.int64)
    # Fifty standard deviations above A, P(X = k) is below the smallest float: the table stops there,
    # and a larger N (a million agents, say) reads B = 0, which is exact in floating point.
    last = min(int(n.max()), math.ceil(traffic + 50 * math.sqrt(traffic) + 50))
    k = np.arange(last + 1)
    poisson = np.exp(xlogy(k, traffic) - traffic - gammaln(k + 1))  # P(X = k)
    inside = np.minimum(n, last)
    return np.where(n > last, 0.0, poisson[inside] / np.cumsum(poisson)[inside])


def _wait_probability(traffic: float, agents: np.ndarray) -> np.ndarray:
    """Erlang C = N·B / (N − A·(1 − B)) for one traffic A and an array of agent counts N; 1.0 where N ≤ A."""
    with np.errstate(divide="ignore", invalid="ignore"):  # N ≤ A: replaced by 1 below
        erlang_b = _erlang_b(traffic, agents)
        waiting = agents * erlang_b / (agents - traffic * (1 - erlang_b))
    # Rounding can put the ratio a hair outside 0..1.
    return np.where(agents <= traffic, 1.0, np.clip(waiting, 0.0, 1.0))


def erlang_c(arrival_rate, aht, agents):
    """Probability that a call has to wait (Erlang C), 0..1.

    A = λ·h/3600;  P_wait = (A^N/N! · N/(N−A)) / (Σ_{k=0..N−1} A^k/k! + A^N/N! · N/(N−A))

    and P_wait = 1 when N ≤ A (the queue grows without limit). ``agents`` may be one whole
    number or an array of them; the result has the same form (a float, an array or a Series).
    """
    traffic = traffic_intensity(arrival_rate, aht)
    n = _checks.numbers(agents, "agents", low=1, whole=True)
    return _checks.shaped(_wait_probability(traffic, n), agents)


def _service_level(traffic: float, aht: float, agents: np.ndarray, target_time: float) -> np.ndarray:
    """SL = (1 − P_wait · e^(−(N − A)·t / h)) × 100, and 0 where N ≤ A."""
    level = 100 * (1 - _wait_probability(traffic, agents) * np.exp(-(agents - traffic) * target_time / aht))
    return np.where(agents <= traffic, 0.0, level)


def service_level(arrival_rate, aht, agents, target_time):
    """Percent of calls answered within ``target_time`` seconds, 0..100.

    SL = (1 − P_wait · e^(−(N − A)·t / h)) × 100,   and 0 when N ≤ A.
    """
    traffic = traffic_intensity(arrival_rate, aht)
    n = _checks.numbers(agents, "agents", low=1, whole=True)
    target_time = _checks.number(target_time, "target_time", low=0)
    return _checks.shaped(_service_level(traffic, float(aht), n, target_time), agents)


def agents_needed(arrival_rate, aht, target_time, target_level) -> int:
    """Smallest number of agents N whose service level reaches ``target_level`` percent.

    N = min { N > A : SL(N) ≥ target_level }. The service level rises with N, so the search
    tries the counts from the first stable staffing ⌊A⌋ + 1 upwards, a block of them at a time.
    """
    traffic = traffic_intensity(arrival_rate, aht)
    target_time = _checks.number(target_time, "target_time", low=0)
    target_level = _checks.number(target_level, "target_level", low=0, high=100,
                                  low_open=True, high_open=True)
    block = max(64, int(4 * math.sqrt(traffic)) + 1)  # the answer lies within a few √A of A
    candidates = np.arange(math.floor(traffic) + 1, math.floor(traffic) + 1 + block, dtype=float)
    while True:
        reached = _service_level(traffic, float(aht), candidates, target_time) >= target_level
        if reached.any():
            return int(candidates[np.argmax(reached)])  # the first count that reaches the target
        candidates += block


def occupancy(arrival_rate, aht, agents):
    """Agent occupancy in percent: A / N × 100 (above 100 means the agents cannot keep up)."""
    traffic = traffic_intensity(arrival_rate, aht)
    n = _checks.numbers(agents, "agents", low=1, whole=True)
    return _checks.shaped(100 * traffic / n, agents)


def average_speed_of_answer(arrival_rate, aht, agents):
    """Average wait before an answer, in seconds: ASA = P_wait · h / (N − A); infinite when N ≤ A."""
    traffic = traffic_intensity(arrival_rate, aht)
    n = _checks.numbers(agents, "agents", low=1, whole=True)
    with np.errstate(divide="ignore", invalid="ignore"):  # N ≤ A: replaced by infinity below
        asa = _wait_probability(traffic, n) * float(aht) / (n - traffic)
    return _checks.shaped(np.where(n <= traffic, np.inf, asa), agents)


# --- Planning a real centre: agents per half-hour, the cost of a target ----------------------


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


#: A count of agents, singular or plural, in English and Chinese.
AGENTS = {"en": ("agent", "agents"), "zh": "名座席"}

#: The message ``staffing_summary`` gives when the agents cannot keep up, in English and Chinese.
SUMMARY_TEXT = {
    "cannot_keep_up": {
        "en": ("{agents} cannot keep up with {traffic} Erlangs of traffic: the queue grows without limit "
               "and every call waits. Add agents (at least {stable} to keep up, {needed} for the target), "
               "or lower the calls per hour or the handling time."),
        "zh": ("{agents}应付不了{traffic}爱尔兰的话务量：队列会无限增长，每个来电都要等待。请增加座席"
               "（至少{stable}才能跟上来电，达到目标需要{needed}），或调低每小时呼入量或平均处理时长。"),
    },
}


def staffing_summary(arrival_rate, aht, agents, target_time: float = 20, target_level: float = 80):
    """What one staffing choice gives: ``(figures, message)``.

    ``figures`` holds traffic A = λ·h/3600, P_wait (Erlang C), service level, occupancy A/N and the
    agents needed for the target; ``message`` is "" or, when N ≤ A, the warning (in the language in
    use, ``servicekit.set_language``) that the queue grows without limit, with the agents to add.
    An input the formulas refuse gives ``(None, the reason)``.
    """
    from servicekit import style
    from servicekit.language import pick

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
        message = pick(SUMMARY_TEXT["cannot_keep_up"]).format(
            agents=style.count(agents, AGENTS), traffic=style.number(figures["traffic"], 1),
            stable=style.count(math.floor(figures["traffic"]) + 1, AGENTS),
            needed=style.count(figures["agents_needed"], AGENTS))
    return figures, message
