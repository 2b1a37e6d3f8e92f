"""Market segmentation with k-means (lesson 03): standardise, cluster, choose k, profile.

Notation of the lesson: subscriber i has values x_ij on the chosen variables j = 1..p.

- standardising:  z_ij = (x_ij − x̄_j) / s_j   (s_j the population standard deviation, ddof = 0),
  so that a variable measured in big numbers (data in MB) does not outweigh one in small numbers
  (a 1–7 rating) just because of its unit;
- k-means finds k centres c_1..c_k and gives each subscriber to the nearest one so that the
  inertia  W = Σ_i ‖z_i − c_(segment of i)‖²  (within-segment sum of squares) is as small as it can find;
- silhouette of subscriber i:  s_i = (b_i − a_i) / max(a_i, b_i), with a_i the mean distance to the
  others in its own segment and b_i the mean distance to the nearest other segment; the
  silhouette of a segmentation is the mean of s_i (−1..1, higher = better separated).

The clustering itself is scikit-learn's ``KMeans`` (seeded); this module checks the input, keeps
segment numbers stable (segment 1 is the largest) and builds the profile tables the lesson reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from servicekit.metrics import _checks

__all__ = ["Segmentation", "category_mix", "choose_k", "kmeans_segments", "profile_segments", "separation",
           "standardize"]

#: Above this many rows the silhouette is computed on a seeded random sample of this size (it
#: compares every pair of rows, so its cost grows with the square of the rows).
SILHOUETTE_SAMPLE = 2000


@dataclass(frozen=True)
class Segmentation:
    """The result of ``kmeans_segments``.

    ``labels``: segment number (1..k) of every row, indexed like the data; ``profile``: one row per
    segment with its size, share (percent) and the mean of every profiled column; ``centres``:
    the k-means centres in standardised units (z-scores); ``inertia`` and ``silhouette`` as in the
    module docstring.
    """

    labels: pd.Series
    profile: pd.DataFrame
    centres: pd.DataFrame
    inertia: float
    silhouette: float


def _variables(data, variables) -> list[str]:
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
    variables = _variables(data, variables)
    values = data[variables].astype(float)
    spread = values.std(ddof=0)
    flat = spread[spread == 0]
    if len(flat):
        raise ValueError(f"variables: column {flat.index[0]!r} has the same value in every row; "
                         "it cannot separate segments")
    return (values - values.mean()) / spread


def _k(k, rows: int, name: str = "k") -> int:
    k = _checks.integer(k, name, low=2)
    if k >= rows:
        raise ValueError(f"{name} must be smaller than the number of rows ({rows}), got {k}")
    return k


def _silhouette(z: np.ndarray, labels: np.ndarray, seed: int) -> float:
    sample = SILHOUETTE_SAMPLE if len(z) > SILHOUETTE_SAMPLE else None
    with threadpool_limits(1):
        return float(silhouette_score(z, labels, sample_size=sample, random_state=seed))


def _fit(z: pd.DataFrame, k: int, seed: int) -> KMeans:
    # One thread: the data of a lesson are small, and on a busy shared machine parallel threads
    # that wait for each other make k-means many times slower, not faster.
    with threadpool_limits(1):
        return KMeans(n_clusters=k, n_init=10, random_state=seed).fit(z.to_numpy())


def kmeans_segments(data: pd.DataFrame, variables, k: int, seed: int = 0, profile_columns=None) -> Segmentation:
    """Segment the rows of ``data`` into ``k`` groups with k-means on the standardised ``variables``.

    Minimises W = Σ_i ‖z_i − c_(segment of i)‖² (scikit-learn ``KMeans``, 10 seeded starts).
    Segments are numbered 1..k from the largest to the smallest (ties by centre), so the same data
    always give the same numbers. The profile holds the means of ``profile_columns`` (default: every
    numeric column of ``data``) in their own units, so segments can be read and named.
    """
    variables = _variables(data, variables)
    k = _k(k, len(data))
    seed = _checks.integer(seed, "seed", low=0)
    z = standardize(data, variables)
    model = _fit(z, k, seed)
    raw = model.labels_
    sizes = np.bincount(raw, minlength=k)
    # Largest first; equal sizes ordered by their first centre coordinate, to stay deterministic.
    order = np.lexsort((model.cluster_centers_[:, 0], -sizes))
    renumber = np.empty(k, dtype=int)
    renumber[order] = np.arange(1, k + 1)
    labels = pd.Series(renumber[raw], index=data.index, name="segment")
    centres = pd.DataFrame(model.cluster_centers_[order], index=pd.RangeIndex(1, k + 1, name="segment"),
                           columns=variables)
    return Segmentation(
        labels=labels,
        profile=profile_segments(data, labels, profile_columns),
        centres=centres,
        inertia=float(model.inertia_),
        silhouette=_silhouette(z.to_numpy(), raw, seed),
    )


def choose_k(data: pd.DataFrame, variables, ks=range(2, 9), seed: int = 0) -> pd.DataFrame:
    """Inertia W and silhouette for each number of segments in ``ks``, to choose k.

    Look for the *elbow* (where adding a segment stops reducing W by much) and for a high
    silhouette. Returns a DataFrame indexed by k with columns ``inertia`` and ``silhouette``.
    """
    variables = _variables(data, variables)
    seed = _checks.integer(seed, "seed", low=0)
    if isinstance(ks, (str, bytes)) or not isinstance(ks, Iterable):
        raise TypeError(f"ks must be a list of whole numbers, got {ks!r}")
    ks = [_k(k, len(data), "ks") for k in ks]
    if not ks:
        raise ValueError("ks is empty: give at least one number of segments to try")
    z = standardize(data, variables)
    rows = []
    for k in sorted(set(ks)):  # a handful of k values, not rows: a loop is fine here
        model = _fit(z, k, seed)
        rows.append({"k": k, "inertia": float(model.inertia_),
                     "silhouette": _silhouette(z.to_numpy(), model.labels_, seed)})
    return pd.DataFrame(rows).set_index("k")


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
        columns = _variables(data, columns)
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
    columns = _variables(data, columns)
    profile = profile_segments(data, labels, columns)[columns]
    spread = data[columns].astype(float).std(ddof=0).replace(0, np.nan)
    result = (profile.max() - profile.min()) / spread
    return result.fillna(0.0).rename("separation").sort_values(ascending=False, kind="stable")
