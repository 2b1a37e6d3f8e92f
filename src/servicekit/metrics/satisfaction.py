"""Satisfaction measurement (lesson 07): rates, Likert scores, weighted indices, NPS, customer
effort, reliability, and how many customers to ask.

Notation follows the lesson: a response is a Likert level 1..5 (5 = satisfied), a score is 0..100.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from statistics import NormalDist

import numpy as np
import pandas as pd

from .. import _checks

#: The five-level Likert scoring the course uses: satisfied 100 ... dissatisfied 20.
LIKERT_POINTS = {5: 100.0, 4: 80.0, 3: 60.0, 2: 40.0, 1: 20.0}

#: Tolerance for "weights sum to one".
WEIGHT_TOLERANCE = 1e-6


def satisfaction_rate(responses, satisfied_levels=(4, 5)) -> float:
    """Share of respondents who are satisfied, in percent.

    satisfaction rate = (number of responses in ``satisfied_levels``) / (number of responses) × 100

    ``responses`` are Likert levels 1..5; ``satisfied_levels`` are the levels that count as
    satisfied (by default "fairly satisfied" and "satisfied").
    """
    values = _checks.levels(responses, "responses", 1, 5)
    wanted = set(_checks.levels(list(satisfied_levels), "satisfied_levels", 1, 5).tolist())
    return float(sum(np.count_nonzero(values == level) for level in wanted) / values.size * 100)


def likert_to_score(levels, points=None):
    """Map Likert levels to scores: 5, 4, 3, 2, 1 → 100, 80, 60, 40, 20 (or ``points``).

    The result has the input's shape and type: a list gives a list, an array an array, a Series
    or DataFrame the same labels. A missing answer (NaN) in pandas input stays missing.
    """
    table = LIKERT_POINTS if points is None else points
    if not isinstance(table, Mapping) or not table:
        raise TypeError(f"points must be a non-empty mapping from level to score, got {table!r}")
    keys = np.array(list(table), dtype=float)
    values = np.array([_checks.number(v, f"points[{k!r}]") for k, v in table.items()], dtype=float)

    whole = bool(np.all(keys == np.round(keys)) and keys.min() >= 0 and keys.max() <= 1000)
    if whole:
        # Levels are small whole numbers: a lookup table indexed by the level (the last slot,
        # NaN, catches anything that is not a key).
        table = np.full(int(keys.max()) + 2, np.nan)
        table[keys.astype(int)] = values

    def convert(flat: np.ndarray, allow_nan: bool) -> np.ndarray:
        missing = np.isnan(flat)
        if whole:
            usable = (flat >= 0) & (flat <= keys.max()) & (flat == np.round(flat))
            out = table[np.where(usable, flat, -1).astype(int)]
            known = ~np.isnan(out) | (allow_nan & missing)
        else:
            known = np.isin(flat, keys) | (allow_nan & missing)
        if not known.all():
            position = int(np.flatnonzero(~known)[0])
            raise ValueError(
                f"levels must be one of {sorted(keys.tolist())}; position {position} has {flat[position]:g}"
            )
        if whole:
            return out
        order = np.argsort(keys)
        slot = np.searchsorted(keys[order], np.where(missing, keys.min(), flat))
        return np.where(missing, np.nan, values[order][slot])

    def integer_lookup(raw):
        # Quick path for whole-number arrays: one minimum and one maximum check them all, and the
        # table is read directly (no float copy); None when a level is not a key.
        if not (whole and isinstance(raw, np.ndarray) and raw.ndim == 1 and raw.size and raw.dtype.kind in "iu"):
            return None
        low, high = int(raw.min()), int(raw.max())
        if low < 0 or high >= table.size - 1 or np.isnan(table[low:high + 1]).any():
            return None
        return table.take(raw)

    if isinstance(levels, pd.DataFrame):
        flat = np.column_stack([_checks.array(levels[c], f"levels[{c!r}]", allow_nan=True) for c in levels])
        return pd.DataFrame(convert(flat.ravel(), True).reshape(flat.shape), index=levels.index, columns=levels.columns)
    if isinstance(levels, pd.Series):
        out = integer_lookup(levels.to_numpy())
        if out is None:
            out = convert(_checks.array(levels, "levels", allow_nan=True), True)
        return pd.Series(out, index=levels.index, name=levels.name)
    if np.isscalar(levels) and not isinstance(levels, (str, bytes)):
        return float(convert(np.array([_checks.number(levels, "levels")]), False)[0])
    out = integer_lookup(levels)
    if out is None:
        out = convert(_checks.array(levels, "levels"), False)
    return out.tolist() if isinstance(levels, (list, tuple)) else out


def _check_tree(tree, path: str, normalize: bool) -> dict:
    """Return ``tree`` with each sibling group's weights checked (and rescaled if ``normalize``)."""
    if not isinstance(tree, Mapping) or not tree:
        raise TypeError(f"tree{path} must be a non-empty mapping of name → node, got {tree!r}")
    weights = {}
    for name, node in tree.items():
        if not isinstance(node, Mapping) or "weight" not in node:
            raise ValueError(f"tree node {name!r} must be a mapping with a 'weight', got {node!r}")
        weights[name] = _checks.number(node["weight"], f"weight of {name!r}", low=0)
    total = sum(weights.values())
    where = "the top level" if not path else f"the children of {path!r}"
    if normalize:
        if total <= 0:
            raise ValueError(f"weights of {where} sum to {total:g}: nothing to normalise")
        weights = {name: w / total for name, w in weights.items()}
    elif abs(total - 1) > WEIGHT_TOLERANCE:
        raise ValueError(
            f"weights of {where} sum to {total:.6g}, not 1 "
            "(fix them, or pass normalize=True to rescale each group)"
        )
    checked = {}
    for name, node in tree.items():
        children = node.get("children")
        checked[name] = {"weight": weights[name]}
        if children is not None:
            checked[name]["children"] = _check_tree(children, name, normalize)
    return checked


def _leaves(tree) -> list[str]:
    return [name for name, _ in _leaf_nodes(tree)]


def _check_scores(tree, scores) -> dict:
    if not isinstance(scores, Mapping):
        raise TypeError(f"scores must be a mapping of leaf name → score, got {type(scores).__name__}")
    leaves = _leaves(tree)
    unknown = [name for name in scores if name not in leaves]
    if unknown:
        raise ValueError(f"scores names {unknown[0]!r}, which is not a leaf of tree (leaves: {leaves})")
    missing = [name for name in leaves if name not in scores]
    if missing:
        raise ValueError(f"scores has no value for leaf {missing[0]!r}")
    return {name: _checks.number(scores[name], f"scores[{name!r}]", low=0, high=100) for name in leaves}


def _node_scores(tree, scores, depth=0, parent=None, share=1.0) -> list[dict]:
    """One row per node: its level, parent, weight, effective weight and (bottom-up) score."""
    rows = []
    for name, node in tree.items():
        effective = share * node["weight"]
        if "children" in node:
            below = _node_scores(node["children"], scores, depth + 1, name, effective)
            own = [r for r in below if r["parent"] == name]
            score = sum(r["weight"] * r["score"] for r in own)
        else:
            below, score = [], scores[name]
        rows.append({"node": name, "parent": parent, "level": depth, "leaf": "children" not in node,
                     "weight": node["weight"], "effective_weight": effective, "score": score})
        rows += below
    return rows


def weighted_index(tree, scores, normalize: bool = False) -> float:
    """Multi-level weighted-average satisfaction index (CSI), 0..100.

    For an inner node with children j:  S = Σ_j w_j · S_j,  and a leaf's S is its score.
    The index is S of the (virtual) root over the top-level nodes. Each group of sibling weights
    must sum to 1 (tolerance 1e-6) unless ``normalize=True``, which rescales every group
    w_j ← w_j / Σ w.

    ``tree`` maps a name to ``{"weight": w, "children": {...}}`` (inner node) or ``{"weight": w}``
    (leaf); ``scores`` maps every leaf name to a score 0..100.
    """
    return float(index_breakdown(tree, scores, normalize)["contribution"].sum())


def index_breakdown(tree, scores, normalize: bool = False) -> pd.DataFrame:
    """Every node of the index tree with its weight, effective weight (product of weights down
    the path, so leaves' effective weights sum to 1), score, and contribution = effective weight
    × score for leaves. The leaves' contributions add up to ``weighted_index``."""
    checked = _check_tree(tree, "", normalize)
    leaf_scores = _check_scores(checked, scores)
    frame = pd.DataFrame(_node_scores(checked, leaf_scores)).set_index("node")
    frame["contribution"] = np.where(frame["leaf"], frame["effective_weight"] * frame["score"], np.nan)
    return frame


def top_box(responses, k: int = 2, scale_max: int = 5) -> float:
    """Percent of responses in the top ``k`` levels of a 1..``scale_max`` scale (top-2-box CSAT).

    top-k box = #(responses ≥ scale_max − k + 1) / n × 100
    """
    scale_max = _checks.integer(scale_max, "scale_max", low=2)
    k = _checks.integer(k, "k", low=1, high=scale_max)
    values = _checks.levels(responses, "responses", 1, scale_max)
    return float(np.count_nonzero(values >= scale_max - k + 1) / values.size * 100)


def nps(ratings) -> float:
    """Net Promoter Score from 0..10 likelihood-to-recommend ratings, -100..100.

    NPS = % promoters (9–10) − % detractors (0–6)
    """
    values = _checks.levels(ratings, "ratings", 0, 10)
    return float((np.count_nonzero(values >= 9) - np.count_nonzero(values <= 6)) / values.size * 100)


def cronbach_alpha(items, standardized: bool = False) -> float:
    """Cronbach's alpha of a scale; ``items`` is a DataFrame, respondents × items.

    raw:          α = k/(k−1) · (1 − Σ σᵢ² / σ²_total)   (sample variances, ddof = 1)
    standardized: α = k·r̄ / (1 + (k−1)·r̄),  r̄ = mean correlation between distinct items

    Respondents with a missing answer are dropped (listwise deletion).
    """
    if not isinstance(items, pd.DataFrame):
        raise TypeError(f"items must be a DataFrame (respondents × items), got {type(items).__name__}")
    k = items.shape[1]
    if k < 2:
        raise ValueError(f"items must have at least 2 columns, got {k}")
    numeric = items.apply(pd.api.types.is_numeric_dtype)
    if not numeric.all():
        column = numeric.index[~numeric.to_numpy()][0]
        _checks.array(items[column], f"items[{column!r}]", allow_nan=True)  # raises, naming the column
    # Column-major, so that each item's answers lie together in memory.
    data = np.asfortranarray(items.to_numpy(dtype=float, na_value=np.nan))
    sums = np.array([data[:, j].sum() for j in range(k)])
    if np.isnan(sums).any():  # a missing answer somewhere: drop the rows that have one
        data = np.asfortranarray(data[~np.isnan(data).any(axis=1)])
        sums = np.array([data[:, j].sum() for j in range(k)])
    if data.shape[0] < 2:
        raise ValueError(f"items must have at least 2 complete rows, got {data.shape[0]}")
    if standardized:
        cov = _covariance(data, sums)
        spread = np.sqrt(np.diag(cov))
        if not spread.all():
            raise ValueError("items has a column with no variance: correlations are undefined")
        corr = cov / np.outer(spread, spread)
        r_bar = (corr.sum() - k) / (k * (k - 1))
        return float(k * r_bar / (1 + (k - 1) * r_bar))
    totals = data[:, 0] + data[:, 1]  # each respondent's total score
    for j in range(2, k):
        totals += data[:, j]
    total_variance = _variance(totals, sums.sum())
    if total_variance <= 0:
        raise ValueError("items: the total score has no variance, alpha is undefined")
    item_variances = sum(_variance(data[:, j], sums[j]) for j in range(k))
    return float(k / (k - 1) * (1 - item_variances / total_variance))


def _variance(values: np.ndarray, total: float) -> float:
    """Sample variance (ddof = 1) of ``values`` (no NaN), given their sum Σx.

    σ² = (Σx² − (Σx)² / n) / (n − 1): one dot product reads the values once more. The subtraction
    loses about log10(mean² / σ²) of the 16 digits, so when the mean is that large against the
    spread (or there is no spread) the values are centred first instead.
    """
    n = values.size
    variance = (np.einsum("i,i->", values, values) - total * total / n) / (n - 1)
    mean = total / n
    if not mean * mean < 1e4 * variance:
        centred = values - mean
        variance = np.einsum("i,i->", centred, centred) / (n - 1)
    return variance


def _covariance(data: np.ndarray, sums: np.ndarray) -> np.ndarray:
    """Sample covariance matrix of the columns of ``data`` (rows × columns, no NaN), given the
    column sums s.

    C = (XᵀX − s sᵀ / n) / (n − 1): one matrix product reads the data once. The subtraction loses
    about log10(mean² / variance) of the 16 digits, so when a column's mean is that large against
    its spread (or it has no spread) the columns are centred first instead.
    """
    n = data.shape[0]
    gram = data.T @ data
    cov = (gram - np.outer(sums, sums) / n) / (n - 1)
    if not np.all(np.diag(gram) / n < 1e4 * np.diag(cov)):
        centred = data - sums / n
        cov = centred.T @ centred / (n - 1)
    return cov


def indicator_scores(survey: pd.DataFrame, tree) -> dict[str, float]:
    """Mean Likert score (0..100) of every leaf of an indicator tree, read from a survey.

    Each leaf names its survey column under ``"column"``; its score is the mean of
    ``likert_to_score`` over the respondents who answered. The result feeds ``weighted_index``.
    """
    if not isinstance(survey, pd.DataFrame):
        raise TypeError(f"survey must be a DataFrame, got {type(survey).__name__}")
    scores = {}
    for leaf, node in _leaf_nodes(tree):
        column = node.get("column")
        if column not in survey.columns:
            raise ValueError(f"tree leaf {leaf!r} names column {column!r}, which survey does not have")
        scores[leaf] = float(np.nanmean(likert_to_score(survey[column]).to_numpy(dtype=float)))
    return scores


def _leaf_nodes(tree):
    for name, node in tree.items():
        if "children" in node:
            yield from _leaf_nodes(node["children"])
        else:
            yield name, node


def customer_effort_score(responses, scale_max=7) -> float:
    """Customer effort score (CES): the mean of the answers, CES = Σ xᵢ / n.

    The course asks the CES 2.0 question "The company made it easy for me to handle my issue"
    on a 1..``scale_max`` agreement scale (1 strongly disagree … 7 strongly agree), so a higher
    CES means less effort. With an older "how much effort did you have to put in" wording the
    direction flips; the function only averages.
    """
    scale_max = _checks.integer(scale_max, "scale_max", low=2)
    values = _checks.levels(responses, "responses", 1, scale_max)
    return float(values.sum() / values.size)  # a whole-number sum, so the mean is exact to the last bit


# --- Survey design: how many customers to ask -----------------------------------------------


def z_value(confidence: float) -> float:
    """Two-sided critical value z with P(|Z| ≤ z) = ``confidence`` (1.96 for 95%)."""
    confidence = _checks.number(confidence, "confidence", low=0, high=1, low_open=True, high_open=True)
    # The standard library's inverse normal CDF: exact to double precision, and much lighter to import than scipy.
    return NormalDist().inv_cdf(1 - (1 - confidence) / 2)


def sample_size(margin, confidence: float = 0.95, p: float = 0.5, population=None) -> int:
    """Respondents needed to estimate a proportion within ± ``margin``.

    n₀ = z² · p(1 − p) / margin²        (z two-sided for ``confidence``)
    n  = n₀ / (1 + (n₀ − 1) / N)         with the finite population correction for ``population`` N

    rounded up to a whole respondent. ``margin`` and ``p`` are fractions (0.05 for ±5 points).
    """
    margin = _checks.number(margin, "margin", low=0, high=1, low_open=True, high_open=True)
    p = _checks.number(p, "p", low=0, high=1, low_open=True, high_open=True)
    z = z_value(confidence)
    n0 = z**2 * p * (1 - p) / margin**2
    if population is not None:
        population = _checks.integer(population, "population", low=1)
        n0 = n0 / (1 + (n0 - 1) / population)
    # Round up, but do not let floating-point noise (384.0000000001) add a respondent.
    return int(math.ceil(n0 - 1e-9))
