"""Drills on complaint handling (lesson 05, syllabus §6): Pareto analysis of causes, complaint KPIs."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import metrics
from ._core import fmt, table, topic

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
