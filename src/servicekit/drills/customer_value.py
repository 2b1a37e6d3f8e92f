"""Drills on customer value (lesson 10, syllabus §1, §7, §8): retention, churn, lifetime, lifetime
value, RFM and the word-of-mouth loss of the 250 law."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import metrics
from ._core import fmt, table, topic


def customer_base(rng):
    start = int(rng.integers(20, 201)) * 1000
    lost = int(round(start * rng.uniform(0.05, 0.3), -1))
    new = int(round(start * rng.uniform(0.05, 0.25), -1))
    return start, lost, new, start - lost + new


@topic("retention_rate", "Retention rate", "§1", requires=("retention_rate",))
def retention_rate(rng):
    start, lost, new, end = customer_base(rng)
    answer = metrics.retention_rate(start, end, new)
    return dict(
        text=(f"A broadband provider had {start:,} customers on 1 January and {end:,} on 31 December. "
              f"{new:,} of the December customers joined during the year. What is the retention rate, "
              "in percent to one decimal?"),
        answer=answer, unit="%", decimals=1,
        steps=["Retention rate = (customers at the end − new customers) ÷ customers at the start × 100.",
               f"Kept customers = {end:,} − {new:,} = {end - new:,}.",
               f"Retention rate = {end - new:,} ÷ {start:,} × 100 = {fmt(answer, 2)}%."],
        data={"start": start, "end": end, "new": new},
        mistakes=[
            (100 * end / start, "you counted the new customers as kept; subtract them first."),
            (100 - answer, "that is the churn rate; retention is the share kept."),
            (100 * (end - new) / end, "divide by the customers at the start of the year, not at the end."),
        ],
    )


@topic("churn_rate", "Churn rate", "§1", requires=("churn_rate",))
def churn_rate(rng):
    start, lost, new, end = customer_base(rng)
    answer = metrics.churn_rate(start, lost)
    return dict(
        text=(f"A mobile operator's prepaid brand began the year with {start:,} subscribers, won {new:,} new ones "
              f"and ended with {end:,}. None of the new subscribers left during the year. What is the annual "
              "churn rate, in percent to one decimal?"),
        answer=answer, unit="%", decimals=1,
        steps=[f"Lost subscribers = start + new − end = {start:,} + {new:,} − {end:,} = {lost:,}.",
               f"Churn rate = lost ÷ start × 100 = {lost:,} ÷ {start:,} × 100 = {fmt(answer, 2)}%."],
        data={"start": start, "lost": lost, "new": new, "end": end},
        mistakes=[
            (metrics.churn_rate(start, abs(start - end)) if start != end else float("nan"),
             "you forgot the new subscribers: lost = start + new − end."),
            (100 * lost / end, "divide by the subscribers at the start of the year, not at the end."),
            (100 - answer, "that is the retention rate; churn is the share lost."),
        ],
    )


@topic("customer_lifetime", "Average customer lifetime", "§1", requires=("expected_lifetime",))
def customer_lifetime(rng):
    churn = int(rng.integers(8, 41))
    retention = 1 - churn / 100
    answer = metrics.expected_lifetime(retention)
    return dict(
        text=(f"A bank loses {churn}% of its credit-card holders every year and keeps the rest. On average, how "
              "many years does a new card holder stay, to two decimals?"),
        answer=answer, unit="years", decimals=2,
        steps=[f"Retention r = 1 − {churn / 100:g} = {retention:g}.",
               f"Average lifetime = 1 ÷ (1 − r) = 1 ÷ {churn / 100:g} = {fmt(answer, 4)} years."],
        data={"retention": retention},
        mistakes=[
            (1 / retention, "you divided by the retention rate; the lifetime is 1 ÷ churn = 1 ÷ (1 − r)."),
            (retention / (1 - retention), "you counted only the years after the first; the first year counts too."),
            (1 / churn, "you used the churn rate in percent; use it as a fraction."),
        ],
    )


def clv_inputs(rng):
    margin = int(rng.integers(20, 301)) * 10
    retention = round(float(rng.uniform(0.55, 0.92)), 2)
    discount = float(rng.choice([0.06, 0.08, 0.10, 0.12]))
    acquisition = int(round(margin * float(rng.choice([0, 0, 0.3, 0.6, 1.0])), -1))
    return margin, retention, discount, acquisition


def clv_text(margin, retention, discount, acquisition, horizon):
    cost = f" Winning a customer costs {acquisition:,} yuan." if acquisition else " Ignore acquisition cost."
    return (f"A customer brings a margin of {margin:,} yuan a year, paid at the end of each year. Each year "
            f"{retention:.0%} of customers stay on. The discount rate is {discount:.0%} a year.{cost} "
            f"What is the customer lifetime value {horizon}, to the nearest yuan?")


@topic("clv_finite", "Customer lifetime value, finite horizon", "§7", requires=("clv",))
def clv_finite(rng):
    margin, retention, discount, acquisition = clv_inputs(rng)
    periods = int(rng.integers(3, 9))
    answer = metrics.clv(margin, retention, discount, periods=periods, acquisition_cost=acquisition)
    rows, values = [], []
    for t in range(1, periods + 1):
        value = metrics.clv(margin, retention, discount, periods=t) - metrics.clv(margin, retention, discount, periods=t - 1) \
            if t > 1 else metrics.clv(margin, retention, discount, periods=1)
        values.append(value)
        rows.append([t, f"{retention ** (t - 1):.4f}", f"{1 / (1 + discount) ** t:.4f}", fmt(value, 2)])
    gross = answer + acquisition
    try:
        undiscounted = metrics.clv(margin, retention, 0.0, periods=periods, acquisition_cost=acquisition)
    except ValueError:
        undiscounted = float("nan")
    mistakes = [
        (gross * (1 + discount) - acquisition,
         "you did not discount the first period: the first margin arrives at the end of year 1, so divide it by (1 + d)."),
        (gross * retention - acquisition, "you applied retention to the first year too; use rᵗ⁻¹, so year 1 is certain."),
        (undiscounted, "you did not discount the future margins."),
    ]
    if acquisition:
        mistakes.append((gross, "you forgot to subtract the acquisition cost."))
    return dict(
        text=clv_text(margin, retention, discount, acquisition, f"over {periods} years"),
        answer=answer, unit="yuan", decimals=0, tolerance=2.0,
        steps=[f"CLV = Σₜ₌₁..{periods} m·rᵗ⁻¹/(1 + d)ᵗ − acquisition cost, with m = {margin}, r = {retention:g}, "
               f"d = {discount:g}.",
               "Year by year:\n" + table(["t", "rᵗ⁻¹", "1/(1+d)ᵗ", "value"], rows),
               f"Sum = {fmt(gross, 2)} yuan" + (f"; minus acquisition cost {acquisition:,} = {fmt(answer, 2)} yuan."
                                               if acquisition else ".")],
        data={"margin": margin, "retention": retention, "discount": discount, "periods": periods,
              "acquisition_cost": acquisition},
        mistakes=mistakes,
    )


@topic("clv_infinite", "Customer lifetime value, infinite horizon", "§7", requires=("clv",))
def clv_infinite(rng):
    margin, retention, discount, acquisition = clv_inputs(rng)
    answer = metrics.clv(margin, retention, discount, acquisition_cost=acquisition)
    gross = answer + acquisition
    mistakes = [
        (gross * (1 + discount) - acquisition,
         "you did not discount the first period: with the margin paid at the end of the year, "
         "CLV = m ÷ (1 + d − r), not m(1 + d) ÷ (1 + d − r)."),
        (gross * retention - acquisition, "you applied retention to the first year too: the first margin is certain."),
        (metrics.clv(margin, retention, 0.0, acquisition_cost=acquisition), "you did not discount: m ÷ (1 − r) ignores d."),
    ]
    if acquisition:
        mistakes.append((gross, "you forgot to subtract the acquisition cost."))
    return dict(
        text=clv_text(margin, retention, discount, acquisition, "if the relationship could last for ever"),
        answer=answer, unit="yuan", decimals=0, tolerance=1.0,
        steps=["Infinite horizon: CLV = m ÷ (1 + d − r) − acquisition cost.",
               f"1 + d − r = 1 + {discount:g} − {retention:g} = {1 + discount - retention:.4f}.",
               f"m ÷ (1 + d − r) = {margin:,} ÷ {1 + discount - retention:.4f} = {fmt(gross, 2)} yuan"
               + (f"; minus {acquisition:,} = {fmt(answer, 2)} yuan." if acquisition else ".")],
        data={"margin": margin, "retention": retention, "discount": discount, "acquisition_cost": acquisition},
        mistakes=mistakes,
    )


@topic("rfm_score", "RFM score", "§7", requires=("rfm_scores",))
def rfm_score(rng):
    customers = [f"C{i:02d}" for i in range(1, 11)]
    now = pd.Timestamp("2025-12-31")
    recency = rng.choice(np.arange(1, 181), size=10, replace=False)
    frequency = rng.choice(np.arange(1, 25), size=10, replace=False)
    # Each customer's last purchase was ``recency`` days ago; the earlier ones fall before it.
    ages = np.concatenate([days + np.concatenate([[0], rng.choice(np.arange(1, 180), size=count - 1, replace=False)])
                           for days, count in zip(recency, frequency)])
    transactions = pd.DataFrame({
        "customer_id": np.repeat(customers, frequency),
        "date": now - pd.to_timedelta(ages, unit="D"),
        "amount": np.round(rng.uniform(80, 900, size=int(frequency.sum())), -1),
    })
    scores = metrics.rfm_scores(transactions, now=now)
    who = str(rng.choice(customers))
    answer = int(scores.loc[who, "score"])
    reverse_r = int(6 - scores.loc[who, "R"] + scores.loc[who, "F"] + scores.loc[who, "M"])
    summary = [[c, int(scores.loc[c, "recency_days"]), int(scores.loc[c, "frequency"]), f"{scores.loc[c, 'monetary']:,.0f}"]
               for c in customers]
    ranked = {letter: ", ".join(scores.sort_values([letter, column], ascending=[False, asc]).index)
              for letter, column, asc in (("R", "recency_days", True), ("F", "frequency", False), ("M", "monetary", False))}
    return dict(
        text=("Ten customers' purchases this year, summarised on 31 December:\n\n"
              + table(["customer", "days since last purchase", "purchases", "total spend (yuan)"], summary)
              + f"\n\nScore recency, frequency and money spent in quintiles (5 = best, two customers per quintile; "
                f"customers with equal values share the lower score). "
                f"What is customer {who}'s RFM score R + F + M?"),
        answer=answer, unit="points", decimals=0,
        steps=["Rank the ten customers on each measure and give the best two 5, the next two 4, and so on; "
               "for recency the best is the fewest days; equal values share the lower score.",
               "Best to worst on recency: " + ranked["R"] + ".",
               "Best to worst on frequency: " + ranked["F"] + ".",
               "Best to worst on money spent: " + ranked["M"] + ".",
               f"{who}: R = {scores.loc[who, 'R']}, F = {scores.loc[who, 'F']}, M = {scores.loc[who, 'M']}; "
               f"R + F + M = {answer}."],
        data={"transactions": transactions, "now": now, "customer": who},
        mistakes=[
            (reverse_r, "recency scores the other way: the most recent buyers (fewest days) get 5."),
            (int(scores.loc[who, "rfm"]), "you wrote the three digits side by side; the score is their sum."),
        ],
    )


@topic("word_of_mouth", "Word-of-mouth loss (the 250 law)", "§8", requires=("word_of_mouth_loss", "clv"))
def word_of_mouth(rng):
    lost = int(rng.integers(5, 41))
    margin = int(rng.integers(30, 301)) * 10
    retention = round(float(rng.uniform(0.6, 0.9)), 2)
    discount = float(rng.choice([0.08, 0.10, 0.12]))
    conversion = float(rng.choice([0.005, 0.01, 0.02]))
    answer = metrics.word_of_mouth_loss(lost, margin, retention, discount, influence=250, conversion=conversion)
    value = metrics.clv(margin, retention, discount)
    prospects = lost * 250 * conversion
    return dict(
        text=(f"A car dealer lost {lost} customers this year through poor after-sales service. Each customer was "
              f"worth a margin of {margin:,} yuan a year (paid at year end), with retention {retention:.0%} and a "
              f"discount rate of {discount:.0%}. By Girard's 250 law each lost customer talks to 250 people, and "
              f"{conversion:.1%} of them would otherwise have become customers. What is the total value lost, "
              "in yuan (infinite horizon)?"),
        answer=answer, unit="yuan", decimals=0, tolerance=max(1.0, answer * 1e-4),
        steps=[f"CLV of one customer = m ÷ (1 + d − r) = {margin:,} ÷ {1 + discount - retention:.2f} = {fmt(value, 2)} yuan.",
               f"Prospects lost = {lost} × 250 × {conversion:g} = {prospects:g}.",
               f"Loss = (customers + prospects) × CLV = ({lost} + {prospects:g}) × {fmt(value, 2)} = {fmt(answer, 2)} yuan."],
        data={"lost_customers": lost, "margin": margin, "retention": retention, "discount": discount,
              "conversion": conversion},
        mistakes=[
            (lost * value, "you counted only the customers lost, not the prospects they talk out of buying."),
            (lost * 250 * value, "not everyone they talk to would have bought: multiply by the conversion share."),
            (prospects * value, "the lost customers themselves count too, not only the prospects."),
        ],
    )
