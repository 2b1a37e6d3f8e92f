"""Market segmentation (lesson 03): standardise the variables, then read the segments.

Notation of the lesson: subscriber i has values x_ij on the chosen variables j = 1..p.

- standardising:  z_ij = (x_ij − x̄_j) / s_j   (s_j the population standard deviation, ddof = 0),
  so that a variable measured in big numbers (data in MB) does not outweigh one in small numbers
  (a 1–7 rating) just because of its unit;
- a segment's profile: the mean of each column over its members;
- separation of column j: (max_g x̄_gj − min_g x̄_gj) / s_j, how far apart the segments lie on it.

The clustering itself (k-means, choosing k) is in ``servicekit.models.segmentation``.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

__all__ = ["category_mix", "check_variables", "profile_segments", "separation", "standardize"]


def check_variables(data, variables) -> list[str]:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a DataFrame, got {type(data).__name__}")
    if isinstance(variables, str) or not isinstance(variables, Iterable):
        raise TypeError(f"variables must be a list of column names, got {variables!r}")
    variables = list(variables)
    if not variables:
        raise ValueError("variables is empty: choose at least one column to segment on")
    if len(set(variables)) != len(variables):
        raise ValueError(f"variables names a column twice: {variables}")
    for name in variables:
        if name not in data.columns:
            raise ValueError(f"variables names {name!r}, which is not a column of data (columns: {list(data.columns)})")
        if not pd.api.types.is_numeric_dtype(data[name]) or pd.api.types.is_bool_dtype(data[name]):
            raise TypeError(f"variables: column {name!r} is not numeric ({data[name].dtype}); "
                            "k-means needs numbers (turn categories into 0/1 columns first)")
        if data[name].isna().any():
            row = int(np.flatnonzero(data[name].isna().to_numpy())[0])
            raise ValueError(f"variables: column {name!r} has a missing value at position {row}")
    return variables


def standardize(data: pd.DataFrame, variables) -> pd.DataFrame:
    """The chosen columns as z-scores:  z_ij = (x_ij − x̄_j) / s_j,  s_j with ddof = 0.

    A column with no spread (s_j = 0) cannot be standardised and raises ``ValueError``.
    """
    variables = check_variables(data, variables)
    values = data[variables].astype(float)
    spread = values.std(ddof=0)
    flat = spread[spread == 0]
    if len(flat):
        raise ValueError(f"variables: column {flat.index[0]!r} has the same value in every row; "
                         "it cannot separate segments")
    return (values - values.mean()) / spread


def profile_segments(data: pd.DataFrame, labels, columns=None) -> pd.DataFrame:
    """One row per segment: ``size`` (rows), ``share`` (percent of all rows) and the mean of each
    column in ``columns`` (default: every numeric column of ``data``), in the column's own unit.

    mean of column j in segment g = Σ_(i in g) x_ij / n_g — the same as ``data.groupby(labels).mean()``.
    """
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a DataFrame, got {type(data).__name__}")
    labels = pd.Series(labels, index=data.index) if not isinstance(labels, pd.Series) else labels
    if len(labels) != len(data):
        raise ValueError(f"labels must have one entry per row of data ({len(data)}), got {len(labels)}")
    if not labels.index.equals(data.index):
        raise ValueError("labels must have the same index as data")
    if labels.isna().any():
        raise ValueError("labels has a missing value: every row needs a segment")
    if columns is None:
        columns = [c for c in data.columns
                   if pd.api.types.is_numeric_dtype(data[c]) and not pd.api.types.is_bool_dtype(data[c])]
    else:
        columns = check_variables(data, columns)
    grouped = data[columns].astype(float).groupby(labels.rename("segment"))
    sizes = grouped.size()
    profile = grouped.mean()
    profile.insert(0, "share", sizes / sizes.sum() * 100)
    profile.insert(0, "size", sizes)
    return profile


def category_mix(labels: pd.Series, categories: pd.Series) -> pd.DataFrame:
    """Percent of each segment (rows) falling in each category (columns); every row sums to 100.

    Use it to see whether segments found on usage also differ in a category they were not built
    on: brand, benefit sought, churn.
    """
    if not isinstance(labels, pd.Series) or not isinstance(categories, pd.Series):
        raise TypeError("labels and categories must both be pandas Series")
    if not labels.index.equals(categories.index):
        raise ValueError("labels and categories must have the same index (one entry per row)")
    table = pd.crosstab(labels.rename("segment"), categories, normalize="index") * 100
    return table


def separation(data: pd.DataFrame, labels, columns) -> pd.Series:
    """How far apart the segments are on each column, in standard deviations of the whole data:

        separation_j = (max_g x̄_gj − min_g x̄_gj) / s_j     (s_j with ddof = 0)

    Near 0: every segment looks the same on that column, so no offer can be tailored on it.
    Sorted high to low.
    """
    columns = check_variables(data, columns)
    profile = profile_segments(data, labels, columns)[columns]
    spread = data[columns].astype(float).std(ddof=0).replace(0, np.nan)
    result = (profile.max() - profile.min()) / spread
    return result.fillna(0.0).rename("separation").sort_values(ascending=False, kind="stable")
