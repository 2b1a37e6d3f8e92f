"""Drills on contact-centre staffing (lesson 06, syllabus §6): Erlang C agents and service level."""

from __future__ import annotations

import math

from .. import metrics
from ._core import fmt, table, topic


def call_centre(rng):
    rate = int(rng.integers(12, 49)) * 10
    aht = int(rng.integers(15, 43)) * 10
    target_time = int(rng.choice([15, 20, 30]))
    target_level = int(rng.choice([80, 85, 90]))
    return rate, aht, target_time, target_level


@topic("erlang_agents", "Erlang C: agents for a target service level", "§6",
       requires=("agents_needed", "service_level", "erlang_c", "traffic_intensity"))


def erlang_agents(rng):
    rate, aht, target_time, target_level = call_centre(rng)
    answer = metrics.agents_needed(rate, aht, target_time, target_level)
    traffic = metrics.traffic_intensity(rate, aht)
    first = math.floor(traffic) + 1
    candidates = range(max(first, answer - 4), answer + 2)
    waits = table(["agents N"] + [str(n) for n in candidates],
                  [["P_wait"] + [f"{metrics.erlang_c(rate, aht, n):.4f}" for n in candidates]])
    tried = [f"N = {n}: service level {metrics.service_level(rate, aht, n, target_time):.1f}%"
             for n in range(max(first, answer - 3), answer + 1)]
    return dict(
        text=(f"A service hotline receives {rate} calls an hour at its peak, with an average handling time of "
              f"{aht} seconds. The target is {target_level}% of calls answered within {target_time} seconds. "
              f"Erlang C gives these probabilities that a call has to wait:\n\n{waits}\n\n"
              "How many agents are needed?"),
        answer=answer, unit="agents", decimals=0,
        steps=[f"Traffic A = calls per hour × AHT ÷ 3600 = {rate} × {aht} ÷ 3600 = {traffic:.3f} Erlangs.",
               f"At least {first} agents are needed for the queue to stay finite (N > A).",
               "Service level = 1 − P_wait · e^(−(N − A)·t/AHT); add agents until it reaches the target:\n"
               + "\n".join(tried),
               f"The first N at or above {target_level}% is {answer}."],
        data={"arrival_rate": rate, "aht": aht, "target_time": target_time, "target_level": target_level},
        mistakes=[
            (math.ceil(traffic), "that only covers the traffic in Erlangs; with so few agents the queue grows "
                                 "and few calls are answered in time. Add agents until the service level reaches the target."),
            (answer - 1, f"one agent short: with {answer - 1} agents the service level is "
                         f"{metrics.service_level(rate, aht, answer - 1, target_time):.1f}%, below {target_level}%."),
        ],
    )


@topic("erlang_service_level", "Erlang C: service level of a team", "§6",
       requires=("erlang_c", "service_level", "traffic_intensity"))


def erlang_service_level(rng):
    rate, aht, target_time, _ = call_centre(rng)
    traffic = metrics.traffic_intensity(rate, aht)
    agents = math.floor(traffic) + int(rng.integers(2, 6))
    answer = metrics.service_level(rate, aht, agents, target_time)
    wait = metrics.erlang_c(rate, aht, agents)
    factor = math.exp(-(agents - traffic) * target_time / aht)
    return dict(
        text=(f"A complaint hotline gets {rate} calls an hour with an average handling time of {aht} seconds and "
              f"has {agents} agents on the phones. Erlang C gives a probability of {wait:.4f} that a call has to "
              f"wait. What percentage of calls is answered within {target_time} seconds, to one decimal?"),
        answer=answer, unit="%", decimals=1, tolerance=0.15,
        steps=[f"Traffic A = calls per hour × AHT ÷ 3600 = {rate} × {aht} ÷ 3600 = {traffic:.4f} Erlangs.",
               "P_wait (given) comes from the Erlang C formula "
               "[Aᴺ/N! · N/(N − A)] ÷ [Σₖ₌₀..N₋₁ Aᵏ/k! + Aᴺ/N! · N/(N − A)]"
               f" with N = {agents}: P_wait = {wait:.4f}.",
               f"e^(−(N − A)·t/AHT) = e^(−({agents} − {traffic:.4f}) × {target_time}/{aht}) = {factor:.4f}.",
               f"Service level = (1 − {wait:.4f} × {factor:.4f}) × 100 = {fmt(answer, 2)}%."],
        data={"arrival_rate": rate, "aht": aht, "agents": agents, "target_time": target_time},
        mistakes=[
            (100 * (1 - wait), "that is the share answered at once without waiting; calls that wait less than "
                               "the target time count as answered in time too."),
            (100 * (1 - wait * math.exp(-agents * target_time / aht)),
             "the exponent uses the spare capacity N − A, not N."),
            (100 * wait, "that is the probability of waiting, not the service level."),
        ],
    )
