"""Drills on targeting (lesson 04, syllabus §3, §8): segment attractiveness, market potential and share."""

from __future__ import annotations

import pandas as pd

from .. import metrics
from ._core import fmt, table, times, topic

CRITERIA = ["size", "growth", "profitability", "competition (10 = weak)", "fit with resources"]
SEGMENTS = ["business travellers", "students", "young families", "retirees", "small firms", "rural users",
            "high-end users", "price seekers"]
WEIGHT_SETS = {4: [(0.3, 0.3, 0.2, 0.2), (0.4, 0.2, 0.2, 0.2), (0.25, 0.35, 0.15, 0.25)],
               5: [(0.2, 0.2, 0.2, 0.2, 0.2), (0.3, 0.2, 0.2, 0.15, 0.15), (0.25, 0.15, 0.3, 0.1, 0.2)]}


@topic("segment_attractiveness", "Segment attractiveness by weighted criteria", "§3",
       requires=("segment_attractiveness",))


def segment_attractiveness(rng):
    k = int(rng.integers(4, 6))
    criteria = CRITERIA[:k]
    weights = dict(zip(criteria, WEIGHT_SETS[k][int(rng.integers(len(WEIGHT_SETS[k])))]))
    segments = [str(s) for s in rng.choice(SEGMENTS, size=int(rng.integers(3, 5)), replace=False)]
    scores = pd.DataFrame(rng.integers(2, 11, size=(len(segments), k)), index=segments, columns=criteria)
    ranked = metrics.segment_attractiveness(scores, weights)
    best = str(ranked.index[0])
    answer = float(ranked.iloc[0])
    plain = scores.mean(axis=1)
    steps = ["Weighted score = Σ weight × score over the criteria, for each segment."]
    steps += [f"{s}: " + " + ".join(f"{weights[c]:g}×{scores.loc[s, c]}" for c in criteria) + f" = {ranked[s]:.2f}."
              for s in segments]
    steps.append(f"The highest is {best}.")
    return dict(
        text=("A mobile operator scores its candidate segments from 1 to 10 on each criterion:\n\n"
              + table(["segment"] + criteria, [[s] + [int(v) for v in scores.loc[s]] for s in segments])
              + "\n\nWeights: " + ", ".join(f"{c} {w:g}" for c, w in weights.items())
              + ".\nWhat is the weighted score of the most attractive segment, to two decimals?"),
        answer=answer, unit="points", decimals=2, tolerance=0.01,
        steps=steps,
        data={"scores": scores, "weights": weights, "best": best},
        mistakes=[
            (float(plain.max()), "you took a plain average of the criteria; multiply each score by its weight."),
            (float(scores.sum(axis=1).max()), "you added the scores without weights."),
            (float(ranked.iloc[1]), "that is not the most attractive segment; compare all the weighted scores."),
        ],
    )


PRODUCTS = [("bottled-water delivery", 12, 18, 40), ("broadband plan", 12, 60, 150), ("car service", 2, 300, 900),
            ("gym membership", 1, 1500, 4000), ("coffee subscription", 24, 25, 60), ("phone case", 1, 30, 120)]


@topic("market_potential", "Market potential", "§3", requires=("market_potential",))
def market_potential(rng):
    product, per_year, low, high = PRODUCTS[int(rng.integers(len(PRODUCTS)))]
    buyers = int(rng.integers(5, 301)) * 10_000
    purchases = max(1, int(round(per_year * rng.uniform(0.5, 1.5))))
    price = int(rng.integers(low, high + 1))
    value = metrics.market_potential(buyers, purchases, price)
    answer = value / 1e6
    return dict(
        text=(f"A city has {buyers:,} potential buyers of a {product}. Each buys it {times(purchases)} a year at "
              f"an average price of {price} yuan. What is the annual market potential, in million yuan to one decimal?"),
        answer=answer, unit="million yuan", decimals=1, tolerance=0.1,
        steps=["Market potential = buyers × purchases per buyer per year × price.",
               f"= {buyers:,} × {purchases} × {price} = {value:,.0f} yuan = {answer:,.2f} million yuan."],
        data={"buyers": buyers, "purchases_per_year": purchases, "price": price},
        mistakes=[
            (buyers * price / 1e6, "you left out how often each buyer buys in a year."),
            (buyers * purchases / 1e6, "that is the number of purchases; multiply by the price for a value."),
            (value, "the question asks for million yuan: divide by 1,000,000."),
        ],
    )


@topic("market_share", "Market share", "§3", requires=("market_share",))
def market_share(rng):
    market = int(rng.integers(20, 401)) * 10
    sales = round(market * float(rng.uniform(0.04, 0.45)), 1)
    answer = metrics.market_share(sales, market)
    return dict(
        text=(f"Last year the whole market for a service was worth {market:,} million yuan; our sales were "
              f"{sales:,.1f} million yuan. What is our market share, in percent to one decimal?"),
        answer=answer, unit="%", decimals=1,
        steps=["Market share = our sales ÷ the whole market's sales × 100.",
               f"= {sales:,.1f} ÷ {market:,} × 100 = {fmt(answer, 2)}%."],
        data={"sales": sales, "market_sales": market},
        mistakes=[
            (100 * sales / (market - sales), "you divided by the competitors' sales; divide by the whole market, "
                                            "which includes ours."),
            (100 * market / sales, "you divided the wrong way round: our sales go on top."),
        ],
    )
