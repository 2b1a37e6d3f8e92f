"""Service quality (lesson 09): SERVQUAL gaps and what to fix first, Kano categories,
importance–performance quadrants.

    priority of item i = max(0, −gapᵢ) × importanceᵢ,   gapᵢ = P̄ᵢ − Ēᵢ   (``item_priorities``)
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .. import _checks

# --- SERVQUAL ---------------------------------------------------------------------------------


def _item_means(frame, name: str) -> pd.Series:
    """Mean of every item column over the respondents who answered it."""
    frame = _checks.frame(frame, name)
    for column in frame.columns:
        values = frame[column]
        if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
            _checks.array(values, f"{name}[{column!r}]", allow_nan=True)  # raises, naming the column
    return frame.mean(skipna=True).astype(float)


def servqual_item_gaps(expectations, perceptions) -> pd.DataFrame:
    """SERVQUAL gap of every item: mean perception P̄ᵢ − mean expectation Ēᵢ.

    ``expectations`` and ``perceptions`` are DataFrames (respondents × items) with the same item
    columns; missing answers are left out of each item's mean. Returns ``expectation``,
    ``perception`` and ``gap`` indexed by item. A negative gap means the service falls short.
    """
    expected = _item_means(expectations, "expectations")
    perceived = _item_means(perceptions, "perceptions")
    if list(expected.index) != list(perceived.index):
        missing = [c for c in expected.index if c not in perceived.index]
        if missing:
            raise ValueError(f"perceptions has no column {missing[0]!r} that expectations has")
        if len(expected) != len(perceived):
            extra = [c for c in perceived.index if c not in expected.index]
            raise ValueError(f"perceptions has column {extra[0]!r} that expectations lacks")
        perceived = perceived.reindex(expected.index)
    for name, means in (("expectations", expected), ("perceptions", perceived)):
        if means.isna().any():
            raise ValueError(f"{name}[{means.index[means.isna()][0]!r}] has no answers at all")
    out = pd.DataFrame({"expectation": expected, "perception": perceived})
    out["gap"] = out["perception"] - out["expectation"]
    out.index.name = "item"
    return out


def servqual_gaps(expectations, perceptions, dimensions) -> pd.DataFrame:
    """SERVQUAL gap of every dimension: gap_d = P̄_d − Ē_d.

    Ē_d (P̄_d) is the mean, over the items of dimension d, of the item means of the expectations
    (perceptions). ``dimensions`` maps each dimension (reliability, responsiveness, …) to its item
    columns; an item may belong to one dimension only. Returns ``expectation``, ``perception`` and
    ``gap`` indexed by dimension, in the order given.
    """
    items = servqual_item_gaps(expectations, perceptions)
    if not isinstance(dimensions, Mapping) or not dimensions:
        raise TypeError(f"dimensions must be a non-empty mapping of dimension → item columns, got {dimensions!r}")
    owner = {}
    for dimension, columns in dimensions.items():
        if isinstance(columns, str) or not hasattr(columns, "__iter__") or len(list(columns)) == 0:
            raise ValueError(f"dimensions[{dimension!r}] must be a non-empty list of item columns, got {columns!r}")
        for column in columns:
            if column not in items.index:
                raise ValueError(f"dimensions[{dimension!r}] names item {column!r}, "
                                 "which is not a column of expectations")
            if column in owner:
                raise ValueError(f"dimensions puts item {column!r} in both {owner[column]!r} and {dimension!r}")
            owner[column] = dimension
    labels = pd.Series(owner)
    out = items.loc[labels.index, ["expectation", "perception"]].groupby(labels.to_numpy(), sort=False).mean()
    out = out.reindex(list(dimensions))
    out["gap"] = out["perception"] - out["expectation"]
    out.index.name = "dimension"
    return out


def weighted_servqual(gaps, importance) -> float:
    """Importance-weighted SERVQUAL score: Σ_d w_d · gap_d.

    ``gaps`` is the DataFrame of ``servqual_gaps``; ``importance`` maps every dimension to a weight,
    the weights summing to 1 (for example the points out of 100 respondents gave each dimension,
    divided by 100).
    """
    gaps = _checks.frame(gaps, "gaps", ("gap",))
    weights = _checks.weights(importance, "importance", keys=list(gaps.index))
    gap = _checks.array(gaps["gap"], "gaps['gap']")
    return float(np.sum(weights.reindex(gaps.index).to_numpy() * gap))


# --- Kano -------------------------------------------------------------------------------------

#: Kano answers: 1 like, 2 must-be, 3 neutral, 4 live-with, 5 dislike.
KANO_ANSWERS = {1: "like", 2: "must-be", 3: "neutral", 4: "live-with", 5: "dislike"}

#: Kano categories: attractive, one-dimensional, must-be, indifferent, reverse, questionable.
KANO_CATEGORIES = {"A": "attractive", "O": "one-dimensional", "M": "must-be",
                   "I": "indifferent", "R": "reverse", "Q": "questionable"}

#: The standard Kano evaluation table: rows = functional answer 1..5, columns = dysfunctional 1..5.
KANO_TABLE = np.array([
    ["Q", "A", "A", "A", "O"],
    ["R", "I", "I", "I", "M"],
    ["R", "I", "I", "I", "M"],
    ["R", "I", "I", "I", "M"],
    ["R", "R", "R", "R", "Q"],
])

#: Order that settles a tie for the dominant category (must-be first, as Kano studies usually do).
KANO_TIE_ORDER = ("M", "O", "A", "I", "R", "Q")


def kano_category(functional, dysfunctional):
    """Kano category of each answer pair, read from the standard evaluation table.

    functional (feature present) × dysfunctional (feature absent), answers coded 1 like,
    2 must-be, 3 neutral, 4 live-with, 5 dislike:

        F\\D  1  2  3  4  5
        1    Q  A  A  A  O
        2-4  R  I  I  I  M
        5    R  R  R  R  Q

    The result has the input's form: a string for single answers, a list, array, Series or
    DataFrame of the letters otherwise.
    """
    if isinstance(functional, pd.DataFrame) or isinstance(dysfunctional, pd.DataFrame):
        for name, value in (("functional", functional), ("dysfunctional", dysfunctional)):
            _checks.frame(value, name)
        _same_frames(functional, dysfunctional)
        letters = {}
        for feature in functional.columns:  # feature by feature, each answer pair as below
            f = _checks.levels(functional[feature], f"functional[{feature!r}]", 1, 5)
            d = _checks.levels(dysfunctional[feature], f"dysfunctional[{feature!r}]", 1, 5)
            letters[feature] = KANO_TABLE[f - 1, d - 1]
        return pd.DataFrame(letters, index=functional.index, columns=functional.columns)
    if np.ndim(functional) == 0 and np.ndim(dysfunctional) == 0:
        f = _checks.integer(functional, "functional", low=1, high=5)
        d = _checks.integer(dysfunctional, "dysfunctional", low=1, high=5)
        return str(KANO_TABLE[f - 1, d - 1])
    f = _checks.levels(functional, "functional", 1, 5)
    d = _checks.levels(dysfunctional, "dysfunctional", 1, 5)
    if f.size != d.size:
        raise ValueError(f"functional and dysfunctional must have the same length, got {f.size} and {d.size}")
    out = KANO_TABLE[f - 1, d - 1]  # row f, column d of the table (counted from 1)
    if isinstance(functional, pd.Series):
        return pd.Series(out, index=functional.index, name=functional.name)
    return out.tolist() if isinstance(functional, (list, tuple)) else out


def _same_frames(functional: pd.DataFrame, dysfunctional: pd.DataFrame) -> None:
    """The two answer tables must pair up: same features (columns) and same respondents (rows)."""
    if list(functional.columns) != list(dysfunctional.columns):
        raise ValueError(f"functional and dysfunctional must have the same feature columns, got "
                         f"{list(functional.columns)} and dysfunctional {list(dysfunctional.columns)}")
    if len(functional) != len(dysfunctional):
        raise ValueError(f"functional and dysfunctional must have the same respondents, got "
                         f"{len(functional)} and dysfunctional {len(dysfunctional)} rows")


def _kano_counts(categories) -> dict[str, int]:
    """How many times each Kano letter occurs, in the order of ``KANO_CATEGORIES``."""
    if isinstance(categories, (str, bytes)) or np.ndim(categories) != 1:
        raise TypeError(f"categories must be a 1-D sequence of Kano letters, got {_checks._show(categories)}")
    labels = pd.Series(categories)
    if labels.empty:
        raise ValueError("categories is empty: at least one category is needed")
    unknown = ~labels.isin(list(KANO_CATEGORIES))
    if unknown.any():
        position = int(np.flatnonzero(unknown.to_numpy())[0])
        raise ValueError(f"categories must hold letters from {list(KANO_CATEGORIES)}; "
                         f"position {position} has {labels.iloc[position]!r}")
    return labels.value_counts().reindex(list(KANO_CATEGORIES), fill_value=0).to_dict()


def _better_worse(counts) -> tuple:
    a, o, m, i = (counts[k] for k in "AOMI")
    total = a + o + m + i
    with np.errstate(divide="ignore", invalid="ignore"):
        return (a + o) / total, -(o + m) / total


def kano_coefficients(categories) -> dict:
    """Customer-satisfaction coefficients of one feature from its Kano categories.

    better = (A + O) / (A + O + M + I)     (0..1: how much having it pleases)
    worse  = −(O + M) / (A + O + M + I)    (−1..0: how much lacking it displeases)

    Reverse (R) and questionable (Q) answers are left out.
    """
    counts = _kano_counts(categories)
    if not any(counts[letter] for letter in "AOMI"):
        raise ValueError("categories has no A, O, M or I answer: the coefficients are undefined")
    better, worse = _better_worse(counts)
    return {"better": float(better), "worse": float(worse)}


def kano_table(functional, dysfunctional) -> pd.DataFrame:
    """One row per feature (the DataFrames' columns): how many respondents put it in each Kano
    category, its dominant category (most answers; ties settled in the order M, O, A, I, R, Q),
    and its better/worse coefficients. A respondent with a missing answer to a feature's
    functional or dysfunctional question is left out for that feature.
    """
    for name, value in (("functional", functional), ("dysfunctional", dysfunctional)):
        _checks.frame(value, name)
    _same_frames(functional, dysfunctional)
    rows = []
    for feature in functional.columns:
        f = _kano_answers(functional[feature], f"functional[{feature!r}]")
        d = _kano_answers(dysfunctional[feature], f"dysfunctional[{feature!r}]")
        answered = ~np.isnan(f) & ~np.isnan(d)
        # Tally the answer pairs in a 5 × 5 grid laid out like KANO_TABLE, as one would by hand
        # (bincount counts the cells numbered row by row, 5·(f − 1) + (d − 1)); a category's count
        # is then the sum of the cells that carry its letter.
        cell = 5 * (f[answered].astype(int) - 1) + (d[answered].astype(int) - 1)
        tally = np.bincount(cell, minlength=25).reshape(5, 5)
        rows.append([tally[KANO_TABLE == letter].sum() for letter in KANO_CATEGORIES])
    counts = pd.DataFrame(rows, index=functional.columns, columns=list(KANO_CATEGORIES))
    ordered = counts[list(KANO_TIE_ORDER)]
    counts["dominant"] = np.where(ordered.sum(axis=1) > 0, ordered.idxmax(axis=1), "")
    counts["better"], counts["worse"] = _better_worse(counts)
    counts.index.name = "feature"
    return counts


def _kano_answers(answers, name: str) -> np.ndarray:
    """One Kano question's answers as floats, NaN where a respondent gave none; each must be 1..5."""
    values = _checks.array(answers, name, allow_nan=True)
    bad = ~np.isnan(values) & ~np.isin(values, [1, 2, 3, 4, 5])
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ValueError(f"{name} must hold levels 1..5; row {row} has {values[row]:g}")
    return values


# --- Importance–performance analysis and customer effort --------------------------------------

#: Quadrant names of importance–performance analysis (Martilla & James).
IPA_QUADRANTS = ("concentrate here", "keep up the good work", "low priority", "possible overkill")


def importance_performance(importance, performance, labels=None, cut="mean") -> pd.DataFrame:
    """Importance–performance analysis: put each attribute in one of four quadrants.

    With cut points (Ī, P̄) — the means by default, the medians with ``cut="median"``, or given
    numbers ``cut=(importance_cut, performance_cut)`` — an attribute with importance ≥ Ī is
    "important" and with performance ≥ P̄ "performing":

        important, not performing   → "concentrate here"
        important, performing       → "keep up the good work"
        not important, not perf.    → "low priority"
        not important, performing   → "possible overkill"

    Rows are labelled by ``labels``, else by the index of a Series ``importance``, else 0..n−1.
    ``quadrant`` is a categorical column whose categories are the four names in the order above.
    """
    imp = _checks.array(importance, "importance")
    perf = _checks.array(performance, "performance")
    if imp.size != perf.size:
        raise ValueError(f"importance and performance must have the same length, got {imp.size} and {perf.size}")
    if labels is not None:
        if isinstance(labels, (str, bytes)) or np.ndim(labels) != 1 or len(labels) != imp.size:
            raise ValueError(f"labels must be a sequence of {imp.size} names, got {_checks._show(labels)}")
        index = pd.Index(list(labels))
    elif isinstance(importance, pd.Series):
        index = importance.index
        if isinstance(performance, pd.Series) and not performance.index.equals(index):
            if set(performance.index) != set(index):
                raise ValueError("importance and performance must have the same labels (index)")
            perf = _checks.array(performance.reindex(index), "performance")  # pair the values by label
    else:
        index = pd.RangeIndex(imp.size)
    if isinstance(cut, str):
        if cut not in ("mean", "median"):
            raise ValueError(f"cut must be 'mean', 'median' or a pair of numbers, got {cut!r}")
        if cut == "mean":
            imp_cut, perf_cut = imp.mean(), perf.mean()
        else:
            imp_cut, perf_cut = np.median(imp), np.median(perf)
    elif isinstance(cut, (tuple, list)) and len(cut) == 2:
        imp_cut = _checks.number(cut[0], "cut[0] (importance)")
        perf_cut = _checks.number(cut[1], "cut[1] (performance)")
    else:
        raise TypeError(f"cut must be 'mean', 'median' or a pair of numbers, got {_checks._show(cut)}")
    important = imp >= imp_cut
    performing = perf >= perf_cut
    # The quadrant's position in IPA_QUADRANTS: 0 concentrate here, 1 keep up the good work,
    # 2 low priority, 3 possible overkill.
    codes = np.where(important, 0, 2) + performing
    quadrant = pd.Categorical.from_codes(codes, categories=list(IPA_QUADRANTS))
    return pd.DataFrame({"importance": imp, "performance": perf, "quadrant": quadrant}, index=index)


ALL_DIMENSIONS = "all dimensions"


def item_priorities(expectations: pd.DataFrame, perceptions: pd.DataFrame, importance,
                    dimensions: Mapping[str, list[str]], dimension: str = ALL_DIMENSIONS) -> pd.DataFrame:
    """Items of one dimension (or of all) ranked by what to fix first.

    Columns: ``dimension``, ``expectation``, ``perception``, ``gap`` = P̄ᵢ − Ēᵢ, ``importance``
    (the item's mean importance; a DataFrame of answers or a Series of means), and
    ``priority`` = max(0, −gap) × importance. Sorted by priority, highest first (ties by gap).
    """
    if not isinstance(dimensions, Mapping) or not dimensions:
        raise TypeError(f"dimensions must map dimension → item codes, got {dimensions!r}")
    if dimension != ALL_DIMENSIONS and dimension not in dimensions:
        raise ValueError(f"dimension must be one of {[ALL_DIMENSIONS, *dimensions]}, got {dimension!r}")
    gaps = servqual_item_gaps(expectations, perceptions)
    owner = pd.Series({item: d for d, members in dimensions.items() for item in members}, dtype=object)
    if isinstance(importance, pd.DataFrame):
        importance = importance.mean()
    if not isinstance(importance, pd.Series):
        raise TypeError(f"importance must be a DataFrame of answers or a Series of item means, "
                        f"got {type(importance).__name__}")
    missing = [item for item in gaps.index if item not in importance.index]
    if missing:
        raise ValueError(f"importance has no value for item {missing[0]!r}")
    weight = pd.Series(_checks.array(importance.reindex(gaps.index), "importance"), index=gaps.index)
    if (weight < 0).any():
        raise ValueError(f"importance must not be negative, got {weight[weight < 0].iloc[0]:g}")
    table = gaps.assign(dimension=owner.reindex(gaps.index), importance=weight)
    table["priority"] = (-table["gap"]).clip(lower=0) * table["importance"]
    if dimension != ALL_DIMENSIONS:
        table = table[table["dimension"] == dimension]
    table = table[["dimension", "expectation", "perception", "gap", "importance", "priority"]]
    return table.sort_values(["priority", "gap"], ascending=[False, True])
