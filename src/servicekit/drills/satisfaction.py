"""Drills on measuring satisfaction (lesson 07, syllabus §5): rates, Likert scores, weighted
indices, top box, NPS, customer effort, reliability and survey size."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .. import metrics
from ._core import fmt, table, topic

FIRMS = ["a city gas utility", "a bank's retail branches", "a mobile operator", "a hotel chain",
         "an online retailer", "a hospital outpatient service", "a car dealer group", "a water utility"]

LEVEL_NAMES = {5: "satisfied", 4: "fairly satisfied", 3: "neutral", 2: "fairly dissatisfied", 1: "dissatisfied"}


def likert_counts(rng: np.random.Generator, n: int, levels: int = 5) -> np.ndarray:
    """Counts of answers at levels 1..``levels`` (index 0 is level 1), leaning positive as real surveys do."""
    shape = np.linspace(0.6, 2.4, levels) * rng.uniform(0.6, 1.6, levels)
    return rng.multinomial(n, rng.dirichlet(shape * 4))


def expand(counts, start: int = 1) -> np.ndarray:
    """The individual responses behind a table of counts (level ``start`` first)."""
    return np.repeat(np.arange(start, start + len(counts)), counts)


def level_table(counts) -> str:
    rows = [[f"{level} ({LEVEL_NAMES[level]})", counts[level - 1]] for level in range(5, 0, -1)]
    return table(["level", "respondents"], rows)


@topic("satisfaction_rate", "Satisfaction rate", "§5", requires=("satisfaction_rate",))
def satisfaction_rate(rng):
    n = int(rng.integers(200, 1001))
    counts = likert_counts(rng, n)
    responses = expand(counts)
    answer = metrics.satisfaction_rate(responses)
    satisfied = int(counts[3] + counts[4])
    return dict(
        text=(f"A survey of {rng.choice(FIRMS)} asked {n} customers how satisfied they are overall:\n\n"
              f"{level_table(counts)}\n\nLevels 4 and 5 count as satisfied. What is the satisfaction "
              "rate, in percent to one decimal?"),
        answer=answer, unit="%", decimals=1,
        steps=[f"Satisfied customers = level 5 + level 4 = {counts[4]} + {counts[3]} = {satisfied}.",
               f"Satisfaction rate = satisfied ÷ surveyed × 100 = {satisfied} ÷ {n} × 100 = {fmt(answer, 2)}%."],
        data={"counts": {level: int(counts[level - 1]) for level in range(1, 6)}},
        mistakes=[
            (metrics.satisfaction_rate(responses, (5,)),
             "you counted only level 5; 'fairly satisfied' (level 4) counts as satisfied too."),
            (metrics.satisfaction_rate(responses, (3, 4, 5)),
             "neutral answers (level 3) are not satisfied; count levels 4 and 5 only."),
            (100 - answer, "that is the share of customers who are NOT satisfied."),
        ],
    )


@topic("likert_mean", "Likert conversion and indicator mean", "§5", requires=("likert_to_score",))
def likert_mean(rng):
    n = int(rng.integers(200, 1001))
    indicator = rng.choice(["gas pressure", "repair timeliness", "staff attitude", "bill accuracy",
                            "waiting time", "hotline courtesy"])
    counts = likert_counts(rng, n)
    responses = expand(counts)
    answer = float(np.mean(metrics.likert_to_score(responses)))
    points = metrics.LIKERT_POINTS
    products = " + ".join(f"{counts[level - 1]}×{points[level]:g}" for level in range(5, 0, -1))
    total = float(np.sum(metrics.likert_to_score(responses)))
    reversed_points = {level: points[6 - level] for level in points}
    return dict(
        text=(f"{n} customers rated the indicator “{indicator}” on a five-level Likert scale:\n\n"
              f"{level_table(counts)}\n\nScore the levels 100, 80, 60, 40, 20 (satisfied … dissatisfied). "
              "What is the indicator's mean score, to one decimal?"),
        answer=answer, unit="points", decimals=1,
        steps=["Convert each level to its score: 5→100, 4→80, 3→60, 2→40, 1→20.",
               f"Sum of scores = {products} = {fmt(total, 0)}.",
               f"Mean score = {fmt(total, 0)} ÷ {n} = {fmt(answer, 2)}."],
        data={"counts": {level: int(counts[level - 1]) for level in range(1, 6)}},
        mistakes=[
            (float(np.mean(responses)), "you averaged the levels (1–5); convert each level to its score "
                                        "(5→100 … 1→20) first."),
            (float(np.mean(metrics.likert_to_score(responses, points=reversed_points))),
             "you scored the scale backwards: level 5 (satisfied) is worth 100, level 1 is worth 20."),
            (float(np.mean(list(points.values()))),
             "you averaged the five scores without weighting each by its number of respondents."),
        ],
    )


GROUPS = {
    "Supply quality": ["gas pressure", "gas quality"],
    "Repair service": ["staff attitude", "repair timeliness", "repair result"],
    "Meter reading": ["reader attitude", "reading accuracy", "bill on time"],
    "Hotline": ["waiting time", "agent knowledge"],
    "Billing": ["bill clarity", "payment options"],
    "Branch visit": ["queue time", "staff courtesy", "branch comfort"],
}
LEAF_WEIGHTS = {2: [(0.6, 0.4), (0.7, 0.3), (0.5, 0.5), (0.45, 0.55)],
                3: [(0.2, 0.4, 0.4), (0.3, 0.4, 0.3), (0.5, 0.3, 0.2), (0.25, 0.25, 0.5)]}


@topic("weighted_csi", "Multi-level weighted CSI (with normalisation)", "§5", requires=("weighted_index",))
def weighted_csi(rng):
    groups = [str(g) for g in rng.choice(list(GROUPS), size=3, replace=False)]
    points = [int(p) for p in rng.choice(np.arange(1, 11), size=3, replace=False)]
    tree, scores = {}, {}
    for group, point in zip(groups, points):
        leaves = GROUPS[group]
        weights = LEAF_WEIGHTS[len(leaves)][int(rng.integers(len(LEAF_WEIGHTS[len(leaves)])))]
        tree[group] = {"weight": point, "children": {leaf: {"weight": w} for leaf, w in zip(leaves, weights)}}
        scores.update({leaf: round(float(rng.uniform(55, 96)), 1) for leaf in leaves})
    answer = metrics.weighted_index(tree, scores, normalize=True)
    total = sum(points)
    rows, steps = [], []
    for group in groups:
        children = tree[group]["children"]
        for leaf, node in children.items():
            rows.append([group, leaf, f"{node['weight']:g}", f"{scores[leaf]:.1f}"])
        group_score = metrics.weighted_index(children, {leaf: scores[leaf] for leaf in children})
        terms = " + ".join(f"{node['weight']:g}×{scores[leaf]:.1f}" for leaf, node in children.items())
        steps.append(f"{group}: {terms} = {fmt(group_score, 2)}.")
    normalised = ", ".join(f"{g} {p}/{total} = {p / total:.4f}" for g, p in zip(groups, points))
    steps.append(f"The group weights {points} sum to {total}, not 1: normalise them: {normalised}.")
    group_scores = [metrics.weighted_index(tree[g]["children"], {l: scores[l] for l in tree[g]["children"]})
                    for g in groups]
    terms = " + ".join(f"{p / total:.4f}×{fmt(s, 2)}" for p, s in zip(points, group_scores))
    steps.append(f"CSI = {terms} = {fmt(answer, 2)}.")
    equal = {g: {"weight": 1, "children": tree[g]["children"]} for g in groups}
    return dict(
        text=("A satisfaction index has three groups of indicators. Inside each group the indicator "
              "weights sum to 1; the experts gave the groups importance points instead: "
              + ", ".join(f"{g} {p}" for g, p in zip(groups, points)) + ".\n\n"
              + table(["group", "indicator", "weight", "mean score"], rows)
              + "\n\nCompute the weighted-average CSI (0–100), to one decimal."),
        answer=answer, unit="points", decimals=1,
        steps=steps,
        data={"tree": tree, "scores": scores},
        mistakes=[
            (answer * total, f"you forgot to normalise the group weights: divide each by their total, {total}."),
            (float(np.mean(list(scores.values()))), "you took a plain average of the indicators and ignored the weights."),
            (metrics.weighted_index(equal, scores, normalize=True),
             "you gave every group the same weight; use the experts' points, normalised."),
        ],
    )


@topic("top_box", "Top-2-box CSAT", "§5", requires=("top_box",))
def top_box(rng):
    scale = int(rng.choice([5, 7]))
    n = int(rng.integers(200, 1001))
    counts = likert_counts(rng, n, levels=scale)
    responses = expand(counts)
    answer = metrics.top_box(responses, k=2, scale_max=scale)
    top = int(counts[-1] + counts[-2])
    return dict(
        text=(f"After a support call, {n} customers of {rng.choice(FIRMS)} answered a CSAT question on a 1–{scale} "
              f"scale ({scale} = very satisfied):\n\n"
              + table(["level", "respondents"], [[level, counts[level - 1]] for level in range(scale, 0, -1)])
              + "\n\nWhat is the top-2-box score, in percent to one decimal?"),
        answer=answer, unit="%", decimals=1,
        steps=[f"The top two boxes are levels {scale} and {scale - 1}: {counts[-1]} + {counts[-2]} = {top}.",
               f"Top-2-box = {top} ÷ {n} × 100 = {fmt(answer, 2)}%."],
        data={"counts": {level: int(counts[level - 1]) for level in range(1, scale + 1)}, "scale_max": scale},
        mistakes=[
            (metrics.top_box(responses, k=1, scale_max=scale), f"you counted only the top box ({scale}); take the top two."),
            (metrics.top_box(responses, k=3, scale_max=scale), "you counted three boxes; take only the top two."),
            (metrics.top_box(responses, k=2, scale_max=scale) * n / max(n - int(counts[0] + counts[1]), 1),
             "you divided by the customers outside the bottom two boxes; divide by everyone who answered."),
        ],
    )


@topic("nps", "Net Promoter Score", "§5", requires=("nps",))
def nps(rng):
    n = int(rng.integers(300, 1001))
    shape = np.array([0.5, 0.3, 0.4, 0.5, 0.6, 1.0, 1.2, 2.0, 3.0, 3.0, 2.5]) * rng.uniform(0.5, 1.5, 11)
    counts = rng.multinomial(n, rng.dirichlet(shape * 5))
    ratings = expand(counts, start=0)
    answer = metrics.nps(ratings)
    promoters, detractors = int(counts[9:].sum()), int(counts[:7].sum())
    return dict(
        text=(f"{n} customers of {rng.choice(FIRMS)} answered “How likely are you to recommend us?” (0–10):\n\n"
              + table(["rating"] + [str(r) for r in range(11)], [["customers"] + [int(c) for c in counts]])
              + "\n\nWhat is the Net Promoter Score, to one decimal?"),
        answer=answer, unit="points", decimals=1,
        steps=[f"Promoters (9–10): {counts[9]} + {counts[10]} = {promoters}, that is {100 * promoters / n:.2f}%.",
               f"Detractors (0–6): {' + '.join(str(int(c)) for c in counts[:7])} = {detractors}, "
               f"that is {100 * detractors / n:.2f}%.",
               f"Passives (7–8) do not count. NPS = {100 * promoters / n:.2f} − {100 * detractors / n:.2f} = {fmt(answer, 2)}."],
        data={"counts": {rating: int(counts[rating]) for rating in range(11)}},
        mistakes=[
            (metrics.nps(np.where(ratings == 7, 6, ratings)), "7 and 8 are passives; detractors are 0–6 only."),
            (metrics.nps(np.where(ratings == 8, 9, ratings)), "8 is a passive; promoters are 9 and 10 only."),
            (100 * promoters / n, "you gave the share of promoters; subtract the share of detractors."),
            (promoters - detractors, "you subtracted head counts; subtract percentages of all respondents."),
        ],
    )


@topic("cronbach_alpha", "Cronbach's alpha", "§5", requires=("cronbach_alpha",))
def cronbach_alpha(rng):
    n, k = int(rng.integers(6, 9)), int(rng.integers(3, 5))
    while True:
        latent = rng.normal(3.4, 0.9, size=(n, 1))
        items = np.clip(np.rint(latent + rng.normal(0, 0.6, size=(n, k))), 1, 5).astype(int)
        frame = pd.DataFrame(items, columns=[f"Q{j + 1}" for j in range(k)],
                             index=pd.Index([f"R{i + 1}" for i in range(n)], name="respondent"))
        if (frame.var(ddof=1) > 0).all() and frame.sum(axis=1).var(ddof=1) > 0:
            answer = metrics.cronbach_alpha(frame)
            if 0.3 < answer < 0.98:
                break
    item_var = frame.var(ddof=1)
    totals = frame.sum(axis=1)
    total_var = float(totals.var(ddof=1))
    item_pop, total_pop = frame.var(ddof=0), float(totals.var(ddof=0))
    ratio = float(item_var.sum()) / total_var
    return dict(
        text=(f"A pilot of a {k}-item scale was answered by {n} respondents (levels 1–5):\n\n"
              + table(["respondent"] + list(frame.columns),
                      [[i] + [int(v) for v in row] for i, row in zip(frame.index, frame.to_numpy())])
              + "\n\nCompute Cronbach's alpha (raw, from variances), to two decimals."),
        answer=answer, unit="", decimals=2, tolerance=0.01,
        steps=["α = k/(k−1) · (1 − Σσᵢ² / σ²_total), with sample variances (divide by n − 1).",
               "Item variances: " + ", ".join(f"{c} {v:.4f}" for c, v in item_var.items())
               + f"; their sum is {item_var.sum():.4f}.",
               "Respondents' totals: " + ", ".join(str(int(t)) for t in totals) + f"; their variance is {total_var:.4f}.",
               f"α = {k}/{k - 1} × (1 − {item_var.sum():.4f}/{total_var:.4f}) = {k / (k - 1):.4f} × {1 - ratio:.4f} "
               f"= {answer:.4f}."],
        data={"items": frame},
        mistakes=[
            (1 - ratio, f"you left out the factor k/(k−1) = {k}/{k - 1}."),
            (k / (k - 1) * (1 - float(item_pop.sum()) / total_var),
             "you used the population variance (÷ n) for the items but the sample variance (÷ (n − 1)) for "
             "the total; use n − 1 for both."),
            (k / (k - 1) * (1 - float(item_var.sum()) / total_pop),
             "you used the population variance (÷ n) for the total but the sample variance for the items; "
             "use n − 1 for both."),
            (metrics.cronbach_alpha(frame, standardized=True),
             "that is the standardised alpha from correlations; the question asks for the raw alpha from variances."),
        ],
    )


@topic("sample_size", "Survey sample size with finite-population correction", "§5",
       requires=("sample_size", "z_value"))


def sample_size(rng):
    margin = float(rng.choice([0.02, 0.03, 0.04, 0.05]))
    confidence = float(rng.choice([0.90, 0.95, 0.99]))
    p = float(rng.choice([0.5, 0.6, 0.7, 0.8, 0.85]))
    population = int(rng.integers(15, 301)) * 100
    answer = metrics.sample_size(margin, confidence, p, population)
    z = metrics.z_value(confidence)
    n0 = z**2 * p * (1 - p) / margin**2
    corrected = n0 / (1 + (n0 - 1) / population)
    guess = "" if p == 0.5 else f" Last year's survey found {p:.0%} satisfied; use that as p."
    mistakes = [
        (metrics.sample_size(margin, confidence, p), "you forgot the finite-population correction."),
        (answer - 1, "you rounded down; sample sizes round up."),
        (metrics.sample_size(margin, 2 * confidence - 1, p, population),
         "you used a one-sided z; the margin is ± so use the two-sided z."),
        (int(np.ceil(n0 / (1 + n0 / population) - 1e-9)), "the correction divides by 1 + (n₀ − 1)/N, not 1 + n₀/N."),
    ]
    if p != 0.5:
        mistakes.append((metrics.sample_size(margin, confidence, 0.5, population),
                         "you used p = 0.5; the question gives an expected proportion."))
    return dict(
        text=(f"A firm has {population:,} customers and wants their satisfaction rate within ±{margin:.0%} at "
              f"{confidence:.0%} confidence.{guess} How many customers must it survey?"),
        answer=answer, unit="respondents", decimals=0,
        steps=[f"Two-sided z for {confidence:.0%}: z = {z:.4f}.",
               f"n₀ = z² · p(1 − p) / e² = {z:.4f}² × {p:g} × {1 - p:g} / {margin:g}² = {n0:.2f}.",
               f"With N = {population:,}: n = n₀ / (1 + (n₀ − 1)/N) = {n0:.2f} / (1 + {n0 - 1:.2f}/{population}) "
               f"= {corrected:.2f}.",
               f"Round up to a whole respondent: {answer}."],
        data={"margin": margin, "confidence": confidence, "p": p, "population": population},
        mistakes=mistakes,
    )


@topic("customer_effort", "Customer effort score", "§5", requires=("customer_effort_score", "top_box"))
def customer_effort(rng):
    n = int(rng.integers(200, 1001))
    counts = likert_counts(rng, n, levels=7)
    responses = expand(counts)
    answer = metrics.customer_effort_score(responses, scale_max=7)
    total = int(np.sum(responses))
    return dict(
        text=(f"After an online return, {n} customers rated “The company made it easy for me to handle my issue” "
              "from 1 (strongly disagree) to 7 (strongly agree):\n\n"
              + table(["answer", "customers"], [[level, counts[level - 1]] for level in range(7, 0, -1)])
              + "\n\nWhat is the customer effort score (the mean answer), to two decimals?"),
        answer=answer, unit="", decimals=2, tolerance=0.01,
        steps=["CES = Σ answers ÷ number of answers.",
               "Σ answers = " + " + ".join(f"{level}×{counts[level - 1]}" for level in range(7, 0, -1)) + f" = {total:,}.",
               f"CES = {total:,} ÷ {n} = {answer:.4f}."],
        data={"counts": {level: int(counts[level - 1]) for level in range(1, 8)}},
        mistakes=[
            (metrics.top_box(responses, k=3, scale_max=7), "that is the share who agree (5–7); the CES asked for is the mean answer."),
            (4.0, "you averaged the seven answer levels; weight each level by its number of customers."),
            (8 - answer, "you reversed the scale: 7 means the issue was easy to handle."),
        ],
    )
