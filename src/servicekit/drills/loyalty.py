"""Drills on satisfaction models (lesson 08, syllabus §5): the ACSI-style 0–100 index."""

from __future__ import annotations

from .. import metrics
from ._core import fmt, table, topic


@topic("acsi_rescale", "ACSI-style 0–100 rescaling", "§5", requires=("acsi_score",))
def acsi_rescale(rng):
    k = int(rng.integers(3, 5))
    # ACSI's three satisfaction items, and one more satisfaction item; "would choose again" would be loyalty.
    items = ["overall satisfaction", "meets expectations", "close to ideal", "after-sales service"][:k]
    weights = [(0.4, 0.3, 0.3), (0.5, 0.25, 0.25), (0.35, 0.35, 0.3)][int(rng.integers(3))] if k == 3 else \
        [(0.3, 0.3, 0.2, 0.2), (0.4, 0.2, 0.2, 0.2), (0.25, 0.25, 0.25, 0.25)][int(rng.integers(3))]
    means = [round(float(rng.uniform(5.5, 9.3)), 2) for _ in items]
    answer = metrics.acsi_score(means, weights, low=1, high=10)
    numerator = sum(w * (m - 1) for w, m in zip(weights, means))
    weighted_mean = sum(w * m for w, m in zip(weights, means))
    return dict(
        text=(f"A survey of {int(rng.integers(3, 11)) * 100} customers asked {k} satisfaction questions on a 1–10 "
              "scale. Item means and weights:\n\n"
              + table(["item", "mean", "weight"], [[i, f"{m:.2f}", f"{w:g}"] for i, m, w in zip(items, means, weights)])
              + "\n\nRescale to an ACSI-style index 0–100, to one decimal."),
        answer=answer, unit="points", decimals=1,
        steps=["Index = 100 × Σ wᵢ(x̄ᵢ − 1) ÷ Σ wᵢ(10 − 1).",
               "Σ wᵢ(x̄ᵢ − 1) = " + " + ".join(f"{w:g}×({m:.2f} − 1)" for w, m in zip(weights, means))
               + f" = {numerator:.4f}.",
               f"Σ wᵢ × 9 = {sum(weights):g} × 9 = {9 * sum(weights):g}.",
               f"Index = 100 × {numerator:.4f} ÷ {9 * sum(weights):g} = {fmt(answer, 2)}."],
        data={"means": means, "weights": list(weights), "low": 1, "high": 10},
        mistakes=[
            (10 * weighted_mean, "you multiplied the weighted mean by 10; subtract the bottom of the scale (1) "
                                 "and divide by the range (10 − 1 = 9)."),
            (100 * numerator / 10, "you divided by 10, the top of the scale; divide by the range, 10 − 1 = 9."),
            (metrics.acsi_score(means, [1] * k), "you ignored the weights and used a plain mean of the items."),
        ],
    )
