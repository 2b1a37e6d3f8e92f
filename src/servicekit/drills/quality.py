"""Drills on service quality (lesson 09, syllabus §5, §6): SERVQUAL gaps, weighted SERVQUAL,
importance–performance quadrants, Kano coefficients."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import metrics
from ._core import table, topic

DIMENSIONS = {
    "tangibles": ["modern equipment", "tidy premises", "staff appearance"],
    "reliability": ["keeps promises", "right first time", "on time"],
    "responsiveness": ["prompt service", "willing to help", "tells when"],
    "assurance": ["trustworthy staff", "safe transactions", "knowledgeable staff"],
    "empathy": ["individual attention", "convenient hours", "understands needs"],
}

ATTRIBUTES = ["waiting time", "staff courtesy", "price clarity", "opening hours", "online booking", "parking",
              "problem solving", "follow-up call", "cleanliness", "product range"]


@topic("servqual_gap", "SERVQUAL gap scores by dimension", "§6", requires=("servqual_gaps",))
def servqual_gap(rng):
    dims = {d: items[: int(rng.integers(2, 4))] for d, items in DIMENSIONS.items()}
    expectations, perceptions = {}, {}
    for items in dims.values():
        for item in items:
            e = round(float(rng.uniform(5.2, 6.8)), 2)
            expectations[item] = e
            perceptions[item] = round(float(np.clip(e - rng.uniform(-0.3, 1.8), 1, 7)), 2)
    gaps = metrics.servqual_gaps(pd.DataFrame([expectations]), pd.DataFrame([perceptions]), dims)["gap"]
    weakest = str(gaps.idxmin())
    answer = float(gaps.min())
    second = float(gaps.sort_values().iloc[1])
    rows = [[d, item, f"{expectations[item]:.2f}", f"{perceptions[item]:.2f}"] for d, items in dims.items() for item in items]
    steps = ["Item gap = perception − expectation; a dimension's gap is the mean of its items' gaps."]
    steps += [f"{d}: mean of " + ", ".join(f"{perceptions[i] - expectations[i]:+.2f}" for i in items)
              + f" = {gaps[d]:+.3f}." for d, items in dims.items()]
    steps.append(f"The most negative gap, the largest shortfall, is {weakest}: {answer:+.3f}.")
    return dict(
        text=("A SERVQUAL survey (7-point scale) gave these mean expectations (E) and perceptions (P):\n\n"
              + table(["dimension", "item", "E", "P"], rows)
              + "\n\nWhich dimension falls furthest short of expectations? Give its gap score (P − E), to two decimals."),
        answer=answer, unit="", decimals=2,
        steps=steps,
        data={"expectations": expectations, "perceptions": perceptions, "dimensions": dims, "weakest": weakest},
        mistakes=[
            (-answer, "the gap is perception minus expectation; a shortfall is negative."),
            (answer * len(dims[weakest]), "you added the item gaps; a dimension's gap is their mean."),
            (second, "that is not the dimension with the largest shortfall; compare all five gaps."),
        ],
    )


@topic("weighted_servqual", "Importance-weighted SERVQUAL score", "§6", requires=("weighted_servqual",))
def weighted_servqual(rng):
    dims = list(DIMENSIONS)
    gaps = pd.DataFrame({"gap": [round(float(rng.uniform(-1.6, 0.3)), 2) for _ in dims]}, index=dims)
    points = rng.multinomial(100 - 5 * len(dims), rng.dirichlet(np.ones(len(dims)) * 3)) + 5
    importance = {d: int(p) / 100 for d, p in zip(dims, points)}
    answer = metrics.weighted_servqual(gaps, importance)
    return dict(
        text=("Respondents shared 100 points among the five SERVQUAL dimensions by importance. The dimension gaps "
              "(P − E) and the average points were:\n\n"
              + table(["dimension", "gap", "points"], [[d, f"{gaps.loc[d, 'gap']:+.2f}", int(p)] for d, p in zip(dims, points)])
              + "\n\nWhat is the importance-weighted SERVQUAL score, to two decimals?"),
        answer=answer, unit="", decimals=2, tolerance=0.01,
        steps=["Weights = points ÷ 100, so they sum to 1.",
               "Weighted score = Σ w_d × gap_d = " + " + ".join(f"{importance[d]:g}×({gaps.loc[d, 'gap']:+.2f})" for d in dims)
               + f" = {answer:+.4f}."],
        data={"gaps": gaps, "importance": importance},
        mistakes=[
            (float(gaps["gap"].mean()), "you took a plain mean of the gaps; weight each by its importance."),
            (100 * answer, "divide the points by 100 first so that the weights sum to 1."),
            (-answer, "keep the signs of the gaps: a shortfall is negative."),
        ],
    )


@topic("ipa_quadrant", "Importance–performance quadrants", "§5", requires=("importance_performance",))
def ipa_quadrant(rng):
    names = [str(a) for a in rng.choice(ATTRIBUTES, size=8, replace=False)]
    importance = [round(float(rng.uniform(3.2, 6.8)), 1) for _ in names]
    performance = [round(float(rng.uniform(3.0, 6.6)), 1) for _ in names]
    grid = metrics.importance_performance(importance, performance, labels=names)
    focus = grid.index[grid["quadrant"] == "concentrate here"].tolist()
    answer = len(focus)
    midpoint = metrics.importance_performance(importance, performance, labels=names, cut=(4, 4))
    both_high = int((grid["quadrant"] == "keep up the good work").sum())
    return dict(
        text=("Customers rated eight attributes on importance and on our performance (1–7 scales):\n\n"
              + table(["attribute", "importance", "performance"], [[a, f"{i:.1f}", f"{p:.1f}"]
                                                                for a, i, p in zip(names, importance, performance)])
              + "\n\nWith the means as cross-hairs, how many attributes fall in the “concentrate here” quadrant "
                "(important, performing below average)?"),
        answer=answer, unit="attributes", decimals=0,
        steps=[f"Cross-hairs: mean importance {np.mean(importance):.3f}, mean performance {np.mean(performance):.3f}.",
               "Quadrants:\n" + table(["attribute", "quadrant"], [[a, q] for a, q in grid["quadrant"].items()]),
               "Concentrate here: " + (", ".join(focus) if focus else "none") + "."],
        data={"importance": importance, "performance": performance, "labels": names},
        mistakes=[
            (int((midpoint["quadrant"] == "concentrate here").sum()),
             "you used the scale midpoint (4) as cross-hairs; use the means of the attributes."),
            (both_high, "you counted the attributes high on both; “concentrate here” is high importance, low performance."),
        ],
    )


@topic("kano_coefficient", "Kano better/worse coefficients", "§5", requires=("kano_coefficients",))
def kano_coefficient(rng):
    feature = str(rng.choice(["free Wi-Fi in the branch", "SMS repair updates", "online bill", "24-hour hotline",
                              "home visits", "loyalty points"]))
    n = int(rng.integers(200, 601))
    counts = dict(zip("AOMIRQ", (int(c) for c in rng.multinomial(n, rng.dirichlet([3, 3, 3, 2.5, 0.4, 0.3])))))
    letters = np.repeat(list(counts), list(counts.values()))
    coefficients = metrics.kano_coefficients(letters)
    which = str(rng.choice(["better", "worse"]))
    answer = coefficients[which]
    core = counts["A"] + counts["O"] + counts["M"] + counts["I"]
    top = counts["A"] + counts["O"] if which == "better" else counts["O"] + counts["M"]
    sign = "" if which == "better" else "−"
    mistakes = [(top / n * (1 if which == "better" else -1),
                 "reverse (R) and questionable (Q) answers are left out of the denominator.")]
    if which == "better":
        mistakes.append(((counts["A"] + counts["M"]) / core, "better counts attractive (A) and one-dimensional (O) answers."))
    else:
        mistakes.append((-answer, "the worse coefficient is negative: −(O + M) ÷ (A + O + M + I)."))
        mistakes.append((-(counts["A"] + counts["M"]) / core, "worse counts one-dimensional (O) and must-be (M) answers."))
    formula = "(A + O) ÷ (A + O + M + I)" if which == "better" else "−(O + M) ÷ (A + O + M + I)"
    return dict(
        text=(f"{n} customers answered the Kano pair of questions about “{feature}”. Their answers fell in these "
              "categories:\n\n"
              + table(["attractive A", "one-dimensional O", "must-be M", "indifferent I", "reverse R", "questionable Q"],
                      [[counts[k] for k in "AOMIRQ"]])
              + f"\n\nWhat is the feature's {which} coefficient, to two decimals?"),
        answer=answer, unit="", decimals=2, tolerance=0.01,
        steps=[f"{which.capitalize()} = {formula}; R and Q answers are left out.",
               f"A + O + M + I = {counts['A']} + {counts['O']} + {counts['M']} + {counts['I']} = {core}.",
               f"{which.capitalize()} = {sign}{top} ÷ {core} = {answer:.4f}."],
        data={"counts": counts, "which": which},
        mistakes=mistakes,
    )
