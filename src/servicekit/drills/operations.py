"""Drills on running the service (syllabus §2, §6): complaints, Pareto, call-centre staffing, VMI."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .. import metrics, strategy
from ._core import fmt, table, times, topic

CAUSES = ["billing error", "late delivery", "rude staff", "long hold time", "faulty product", "wrong item",
          "no call-back", "meter misread", "repair delay", "website outage"]


@topic("pareto_vital_few", "Pareto analysis of complaint causes", "§6", requires=("pareto",))
def pareto_vital_few(rng):
    k = int(rng.integers(6, 10))
    causes = [str(c) for c in rng.choice(CAUSES, size=k, replace=False)]
    while True:
        weights = np.sort(rng.pareto(1.2, size=k) + 0.05)[::-1]
        counts = np.maximum(1, np.round(weights / weights.sum() * rng.integers(300, 1501))).astype(int)
        counts = rng.permutation(counts)
        frame = metrics.pareto(dict(zip(causes, (int(c) for c in counts))))
        answer = int(frame["vital_few"].sum())
        # Distinct counts (no ties to settle) and a real split between the few and the many.
        if len(set(counts)) == k and 2 <= answer <= k - 2:
            break
    # Wrong variant: walking the list in the order given, without sorting.
    unsorted_share = np.cumsum(counts) / counts.sum() * 100
    unsorted = int(np.sum(np.concatenate([[0.0], unsorted_share[:-1]]) < 80))
    rows = [[cause, f"{row['count']}", f"{row['share']:.1f}", f"{row['cumulative_share']:.1f}",
             "yes" if row["vital_few"] else "no"] for cause, row in frame.iterrows()]
    return dict(
        text=(f"Last quarter's {counts.sum():,} complaints by cause:\n\n"
              + table(["cause", "complaints"], [[c, n] for c, n in zip(causes, counts)])
              + "\n\nHow many causes make up the vital few of a Pareto analysis (the causes needed to reach "
                "80% of the complaints)?"),
        answer=answer, unit="causes", decimals=0,
        steps=["Sort the causes by count, largest first, and add up their shares.",
               "A cause belongs to the vital few while the cumulative share before it is below 80%:\n"
               + table(["cause", "count", "share %", "cumulative %", "vital few"], rows),
               f"{answer} causes are the vital few."],
        data={"counts": dict(zip(causes, (int(c) for c in counts)))},
        mistakes=[
            (answer - 1, "the cause that takes the cumulative share past 80% belongs to the vital few too."),
            (unsorted, "sort the causes by count, largest first, before adding up the shares."),
        ],
    )


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


@topic("vmi_savings", "VMI delivery and inventory savings", "§2")
def vmi_savings(rng):
    # The answer comes from lesson 02's vmi_savings; the steps show its arithmetic.
    hospitals = int(rng.integers(8, 41))
    before, after = 6, int(rng.choice([1, 2]))
    cost = int(rng.integers(8, 31)) * 10
    days = int(rng.choice([250, 300, 360]))
    stock_before = int(rng.integers(20, 81)) * 10_000
    cut = float(rng.choice([0.2, 0.25, 0.3, 0.4]))
    holding = float(rng.choice([0.15, 0.2, 0.25]))
    delivery = hospitals * (before - after) * cost * days
    stock = stock_before * cut * holding * hospitals
    per_hospital = strategy.vmi_savings(before, after, cost, stock_before, stock_before * (1 - cut), holding, days=days)
    answer = hospitals * float(per_hospital["total_yearly_saving"])
    return dict(
        text=(f"A medical-supplies distributor delivers to {hospitals} hospitals about {before} times a day each, "
              f"at {cost} yuan per delivery, on {days} days a year. With vendor-managed inventory it will deliver "
              f"{times(after)} a day, and each hospital can cut its safety stock, worth {stock_before:,} yuan, by "
              f"{cut:.0%}. Holding stock costs {holding:.0%} of its value a year. What is the yearly saving for "
              "distributor and hospitals together, in yuan?"),
        answer=answer, unit="yuan", decimals=0, tolerance=1.0,
        steps=[f"Deliveries saved per hospital per day: {before} − {after} = {before - after}.",
               f"Delivery saving = {hospitals} × {before - after} × {cost} × {days} = {delivery:,.0f} yuan a year.",
               f"Safety stock freed per hospital = {stock_before:,} × {cut:g} = {stock_before * cut:,.0f} yuan; holding "
               f"it cost {holding:g} of its value: {stock_before * cut * holding:,.0f} yuan a year per hospital, "
               f"{stock:,.0f} yuan for all {hospitals}.",
               f"Total = {delivery:,.0f} + {stock:,.0f} = {answer:,.0f} yuan a year."],
        data={"hospitals": hospitals, "before": before, "after": after, "cost": cost, "days": days,
              "stock_before": stock_before, "cut": cut, "holding": holding},
        mistakes=[
            (delivery, "you counted only the delivery saving; the hospitals' lower safety stock saves holding cost too."),
            (delivery + stock_before * cut * hospitals,
             "the freed stock saves its holding cost each year, not its whole value: multiply by the holding rate."),
            (hospitals * before * cost * days + stock, "the distributor still makes the new, fewer deliveries: "
                                                       "count only the deliveries saved."),
            (delivery / days + stock, "you left the delivery saving per day; multiply it by the days a year."),
        ],
    )


KPI_NAMES = {"complaint_rate": "complaint rate (complaints per 100 customers)",
             "first_contact_resolution": "first-contact resolution rate",
             "sla_compliance": "SLA compliance",
             "escalation_rate": "escalation rate",
             "reopen_rate": "reopen rate"}


def complaint_log(rng, n, first_contact, within_sla, open_late, open_recent, escalated, reopened, sla_hours, as_of):
    """A complaint log with exactly the given counts; resolved complaints come first."""
    resolved = n - open_late - open_recent
    received = as_of - pd.to_timedelta(rng.uniform(3 * sla_hours, 30 * 24, size=n), unit="h")
    # The last open_recent complaints arrived recently enough to be inside their deadline.
    received = received.to_numpy().copy()
    received[resolved + open_late:] = (as_of - pd.to_timedelta(rng.uniform(1, sla_hours - 1, size=open_recent), unit="h")).to_numpy()
    hours = np.where(np.arange(resolved) < within_sla, rng.uniform(1, sla_hours - 0.5, size=resolved),
                     rng.uniform(sla_hours + 0.5, 2 * sla_hours, size=resolved))
    resolved_at = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    resolved_at[:resolved] = received[:resolved] + pd.to_timedelta(hours, unit="h").to_numpy()
    order = rng.permutation(resolved)
    contacts = np.ones(n, dtype=int) * 2
    contacts[order[:first_contact]] = 1
    contacts[order[first_contact:]] = rng.integers(2, 5, size=resolved - first_contact)
    return pd.DataFrame({
        "complaint_id": np.arange(1, n + 1),
        "received_at": received,
        "first_response_at": received + pd.to_timedelta(rng.uniform(0.2, 0.9, size=n), unit="h").to_numpy(),
        "resolved_at": resolved_at,
        "contacts": contacts,
        "escalated": np.isin(np.arange(n), rng.choice(n, size=escalated, replace=False)),
        "reopened": np.isin(np.arange(n), rng.choice(resolved, size=reopened, replace=False)),
    })


@topic("complaint_kpis", "Complaint KPIs (rate, FCR, SLA, escalation, reopen)", "§6", requires=("complaint_kpis",))
def complaint_kpis(rng):
    n = int(rng.integers(300, 901))
    customers = int(rng.integers(20, 201)) * 1000
    sla_hours = float(rng.choice([24, 48, 72]))
    open_late, open_recent = int(rng.integers(3, 21)), int(rng.integers(5, 31))
    resolved = n - open_late - open_recent
    first_contact = int(resolved * rng.uniform(0.45, 0.8))
    within_sla = int(resolved * rng.uniform(0.7, 0.95))
    escalated = int(n * rng.uniform(0.03, 0.15))
    reopened = int(resolved * rng.uniform(0.02, 0.1))
    as_of = pd.Timestamp("2025-06-30 18:00")
    log = complaint_log(rng, n, first_contact, within_sla, open_late, open_recent, escalated, reopened, sla_hours, as_of)
    kpis = metrics.complaint_kpis(log, customers=customers, sla_hours=sla_hours, as_of=as_of)
    kpi = str(rng.choice(list(KPI_NAMES)))
    answer = float(kpis[kpi])
    decided = resolved + open_late
    formulas = {
        "complaint_rate": (f"complaints ÷ customers × 100 = {n} ÷ {customers:,} × 100",
                           [(1000 * n / customers, "the rate is per 100 customers (a percent), not per 1,000.")]),
        "first_contact_resolution": (f"resolved at the first contact ÷ all complaints × 100 = {first_contact} ÷ {n} × 100",
                                     [(100 * first_contact / resolved, "divide by all complaints logged, "
                                                                       "open ones included, not only the resolved ones.")]),
        "sla_compliance": (f"resolved within {sla_hours:g} h ÷ complaints whose SLA is decided × 100 = {within_sla} ÷ "
                           f"({resolved} + {open_late}) × 100",
                           [(100 * within_sla / n, "complaints still open but inside their deadline are undecided: "
                                                   "leave them out of the denominator."),
                            (100 * within_sla / resolved, "open complaints past their deadline are breaches: "
                                                          "keep them in the denominator.")]),
        "escalation_rate": (f"escalated ÷ all complaints × 100 = {escalated} ÷ {n} × 100",
                            [(100 * escalated / resolved, "divide by all complaints logged, not only the resolved ones.")]),
        "reopen_rate": (f"reopened ÷ all complaints × 100 = {reopened} ÷ {n} × 100",
                        [(100 * reopened / resolved, "all rates but SLA compliance use every logged complaint as the base.")]),
    }
    formula, mistakes = formulas[kpi]
    decimals = 2 if kpi == "complaint_rate" else 1
    facts = table(["figure", "value"], [
        ["customers served", f"{customers:,}"], ["complaints logged", n], ["resolved", resolved],
        ["resolved at the first contact", first_contact], [f"resolved within {sla_hours:g} h", within_sla],
        [f"still open, older than {sla_hours:g} h", open_late], [f"still open, younger than {sla_hours:g} h", open_recent],
        ["escalated", escalated], ["reopened after resolution", reopened]])
    return dict(
        text=(f"A service centre's complaint log for the half-year, read at the end of the period "
              f"(SLA: resolve within {sla_hours:g} hours):\n\n{facts}\n\n"
              f"What is the {KPI_NAMES[kpi]}, in percent to {'two decimals' if decimals == 2 else 'one decimal'}?"),
        answer=answer, unit="%", decimals=decimals,
        steps=[f"{KPI_NAMES[kpi].capitalize()} = {formula} = {fmt(answer, decimals + 1)}%."]
        + ([f"Open complaints inside their deadline ({open_recent}) are undecided; the {open_late} open past it "
            f"are breaches: {decided} decided."] if kpi == "sla_compliance" else []),
        data={"log": log, "customers": customers, "sla_hours": sla_hours, "as_of": as_of, "kpi": kpi},
        mistakes=[*mistakes, (100 - answer, "that is the complement: the share that did not meet the definition.")],
    )
