"""Item analysis of a graded assignment: how hard each graded cell was and whether it separates
stronger from weaker trainees.

For trainee i and item j with score x_ij out of m_j points:

- difficulty  p_j = (1/n) Σ_i x_ij / m_j, the mean share of the points (1 = everyone got all);
- discrimination r_j = corr(x_·j, R_·j), the Pearson correlation between the item and the rest
  of the score R_ij = Σ_{k≠j} x_ik (the item is left out so it does not correlate with itself).

An item whose discrimination is below 0.2 (or undefined, because every trainee scored the same
on it or on the rest) is flagged: it says little about who has mastered the material.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

POOR_DISCRIMINATION = 0.2


def item_analysis(scores: pd.DataFrame, max_points: Mapping[str, float] | pd.Series,
                  threshold: float = POOR_DISCRIMINATION) -> pd.DataFrame:
    """One row per item (column of ``scores``): max_points, mean_score, difficulty,
    discrimination, flagged. ``scores`` is trainees × items, numbers between 0 and the item's
    maximum; ``max_points`` maps every item to its (positive) maximum.
    """
    if not isinstance(scores, pd.DataFrame):
        raise TypeError(f"scores must be a pandas DataFrame, got {type(scores).__name__}")
    if scores.shape[0] < 2 or scores.shape[1] < 1:
        raise ValueError(f"scores needs at least 2 trainees and 1 item, got shape {scores.shape}")
    values = scores.apply(pd.to_numeric, errors="coerce")
    if values.isna().any().any():
        bad = values.columns[values.isna().any()][0]
        raise ValueError(f"scores has a missing or non-numeric value in column {bad!r}")
    maxima = pd.Series(max_points, dtype=float).reindex(values.columns)
    if maxima.isna().any() or (maxima <= 0).any():
        bad = maxima.index[(maxima.isna()) | (maxima <= 0)][0]
        raise ValueError(f"max_points must give a positive maximum for every item; item {bad!r} has {maxima[bad]}")
    if ((values < 0) | (values > maxima)).any().any():
        bad = values.columns[((values < 0) | (values > maxima)).any()][0]
        raise ValueError(f"scores in column {bad!r} must lie between 0 and {maxima[bad]}")

    rest = values.sum(axis=1).to_numpy()[:, None] - values.to_numpy()
    centred_item = values.to_numpy() - values.to_numpy().mean(axis=0)
    centred_rest = rest - rest.mean(axis=0)
    spread = np.sqrt((centred_item**2).sum(axis=0) * (centred_rest**2).sum(axis=0))
    with np.errstate(invalid="ignore", divide="ignore"):
        discrimination = np.where(spread > 0, (centred_item * centred_rest).sum(axis=0) / spread, np.nan)
    table = pd.DataFrame({
        "max_points": maxima,
        "mean_score": values.mean(),
        "difficulty": (values / maxima).mean(),
        "discrimination": discrimination,
    }, index=values.columns)
    table["flagged"] = ~(table["discrimination"] >= threshold)
    return table
