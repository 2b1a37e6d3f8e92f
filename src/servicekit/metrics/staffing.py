"""Call-centre staffing with Erlang C: waiting probability, service level, agents needed.

Notation of the lesson: calls arrive at λ per hour, the average handling time (AHT) is h seconds,
so the traffic is A = λ·h / 3600 Erlangs; N agents answer the calls.

Erlang C is computed from the Erlang B (loss) formula, which is a ratio of Poisson terms:

    B(N, A) = (A^N / N!) / Σ_{k=0..N} A^k / k!  =  P(X = N) / P(X ≤ N),   X ~ Poisson(A)
    C(N, A) = N·B / (N − A·(1 − B))

Both Poisson terms are evaluated in log space (no factorials), so hundreds or thousands of
agents are as safe as ten. Every function accepts one agent count or an array of them.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import gammaln, pdtr, xlogy

from . import _checks


def traffic_intensity(arrival_rate, aht) -> float:
    """Offered traffic in Erlangs: A = λ · h / 3600 (λ calls per hour, h seconds per call)."""
    rate = _checks.number(arrival_rate, "arrival_rate", low=0, low_open=True)
    aht = _checks.number(aht, "aht", low=0, low_open=True)
    return rate * aht / 3600


def _distinct_lookup(function, agents: np.ndarray):
    """For many rows with few distinct agent counts: the function's values on the range of counts
    and the rows' positions in it (None when a lookup would not save work)."""
    if agents.size > 1000:
        low, high = int(agents.min()), int(agents.max())
        if high - low < agents.size // 4:
            return function(np.arange(low, high + 1, dtype=float)), agents.astype(np.int64) - low
    return None


def _wait_probability(traffic: float, agents: np.ndarray) -> np.ndarray:
    """Erlang C for one traffic A and an array of agent counts N (1.0 where N ≤ A)."""
    lookup = _distinct_lookup(lambda n: _wait_probability(traffic, n), agents)
    if lookup is not None:  # compute each distinct count once and look the rows up
        table, rows = lookup
        return table[rows]
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        log_pmf = xlogy(agents, traffic) - traffic - gammaln(agents + 1)
        erlang_b = np.exp(log_pmf - np.log(pdtr(agents, traffic)))
        waiting = agents * erlang_b / (agents - traffic * (1 - erlang_b))
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
    lookup = _distinct_lookup(lambda n: _service_level(traffic, aht, n, target_time), agents)
    if lookup is not None:
        table, rows = lookup
        return table[rows]
    waiting = _wait_probability(traffic, agents)
    level = 100 * (1 - waiting * np.exp(-(agents - traffic) * target_time / aht))
    return np.where(agents <= traffic, 0.0, level)


def service_level(arrival_rate, aht, agents, target_time):
    """Percent of calls answered within ``target_time`` seconds, 0..100.

    SL = (1 − P_wait · e^(−(N − A)·t / h)) × 100,   and 0 when N ≤ A.
    """
    traffic = traffic_intensity(arrival_rate, aht)
    aht = float(aht)
    n = _checks.numbers(agents, "agents", low=1, whole=True)
    target_time = _checks.number(target_time, "target_time", low=0)
    return _checks.shaped(_service_level(traffic, aht, n, target_time), agents)


def agents_needed(arrival_rate, aht, target_time, target_level) -> int:
    """Smallest number of agents N whose service level reaches ``target_level`` percent.

    N = min { N > A : SL(N) ≥ target_level }. The service level rises with N, so the search
    walks up from the first stable staffing ⌊A⌋ + 1 in vectorised blocks.
    """
    traffic = traffic_intensity(arrival_rate, aht)
    aht = float(aht)
    target_time = _checks.number(target_time, "target_time", low=0)
    target_level = _checks.number(target_level, "target_level", low=0, high=100,
                                  low_open=True, high_open=True)
    first = math.floor(traffic) + 1
    block = max(64, int(4 * math.sqrt(traffic)) + 1)
    while True:
        candidates = np.arange(first, first + block, dtype=float)
        reached = _service_level(traffic, aht, candidates, target_time) >= target_level
        if reached.any():
            return int(candidates[np.argmax(reached)])
        first += block


def occupancy(arrival_rate, aht, agents):
    """Agent occupancy in percent: A / N × 100 (above 100 means the agents cannot keep up)."""
    traffic = traffic_intensity(arrival_rate, aht)
    n = _checks.numbers(agents, "agents", low=1, whole=True)
    return _checks.shaped(100 * traffic / n, agents)


def average_speed_of_answer(arrival_rate, aht, agents):
    """Average wait before an answer, in seconds: ASA = P_wait · h / (N − A); infinite when N ≤ A."""
    traffic = traffic_intensity(arrival_rate, aht)
    n = _checks.numbers(agents, "agents", low=1, whole=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        asa = _wait_probability(traffic, n) * float(aht) / (n - traffic)
    return _checks.shaped(np.where(n <= traffic, np.inf, asa), agents)
