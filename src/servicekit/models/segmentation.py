"""Market segmentation with k-means (lesson 03): cluster, choose k, keep segment numbers stable.

In the notation of ``servicekit.metrics.segmentation`` (z_ij the standardised values):

- k-means finds k centres c_1..c_k and gives each subscriber to the nearest one so that the
  inertia  W = Σ_i ‖z_i − c_(segment of i)‖²  (within-segment sum of squares) is as small as it can find;
- silhouette of subscriber i:  s_i = (b_i − a_i) / max(a_i, b_i), with a_i the mean distance to the
  others in its own segment and b_i the mean distance to the nearest other segment; the
  silhouette of a segmentation is the mean of s_i (−1..1, higher = better separated).

The clustering itself is scikit-learn's ``KMeans`` (seeded); this module checks the input, keeps
segment numbers stable (segment 1 is the largest) and builds the profile the lesson reads.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score
from threadpoolctl import threadpool_limits

from servicekit import _checks
from servicekit.metrics.segmentation import (
    check_variables,
    profile_segments,
    standardize,
)

__all__ = ["Segmentation", "choose_k", "kmeans_segments"]

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
    variables = check_variables(data, variables)
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
    variables = check_variables(data, variables)
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
