"""Market segmentation: scoring how attractive each segment is."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _checks
from ._order import stable_sort

#: Rows added up at a time in ``segment_attractiveness``: a block this size (half a megabyte
#: of floats) stays in the processor's cache while every criterion is added to it.
BLOCK_ROWS = 65_536


def segment_attractiveness(scores, weights) -> pd.Series:
    """Weighted attractiveness of each segment, sorted high to low.

    attractiveness_s = Σ_c w_c · score_{s,c}

    ``scores`` is a DataFrame, segments (rows) × criteria (columns: size and growth, structural
    attractiveness, fit with goals and resources, …), all on one rating scale; ``weights`` maps
    each criterion to its weight, the weights summing to 1. Only the weighted criteria are used,
    so ``scores`` may carry other columns. Ties keep the order of ``scores``.
    """
    scores = _checks.frame(scores, "scores")
    if isinstance(weights, dict) or hasattr(weights, "keys"):
        missing = [c for c in weights.keys() if c not in scores.columns]
        if missing:
            raise ValueError(f"weights names criterion {missing[0]!r}, which is not a column of scores "
                             f"(columns: {list(scores.columns)})")
    w = _checks.weights(weights, "weights")
    columns = [_criterion(scores, criterion) for criterion in w.index]
    total = _weighted_total(columns, w.to_numpy(), len(scores))
    order, ranked = stable_sort(total, descending=True)  # high to low, ties in the given order
    return pd.Series(ranked, index=scores.index[order], name="attractiveness", copy=False)


def _criterion(scores: pd.DataFrame, criterion) -> np.ndarray:
    """One criterion's scores as numbers: whole-number columns as they are (nothing to check),
    anything else through ``_checks.array`` (floats, text, missing values, booleans, …)."""
    column = scores[criterion]
    if isinstance(column, pd.Series) and isinstance(column.dtype, np.dtype) and column.dtype.kind in "iu":
        return column.to_numpy()
    return _checks.array(column, f"scores[{criterion!r}]")


def _weighted_total(columns, weights, n) -> np.ndarray:
    """Σ_c w_c · column_c, added criterion by criterion in the order given (so every sum is
    rounded exactly as when adding whole columns), one block of rows at a time."""
    total = np.zeros(n)
    term = np.empty(min(n, BLOCK_ROWS))
    for start in range(0, n, BLOCK_ROWS):
        block = total[start:start + BLOCK_ROWS]
        part = term[:len(block)]
        for column, weight in zip(columns, weights):
            part[:] = column[start:start + len(block)]  # as floats
            part *= weight
            block += part
    return total
