"""Market segmentation: scoring how attractive each segment is."""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import _checks


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
    total = np.zeros(len(scores))
    for criterion, weight in w.items():  # one pass per criterion (column), not per segment
        total += weight * _checks.array(scores[criterion], f"scores[{criterion!r}]")
    order = np.argsort(-total, kind="stable")  # high to low, ties in the given order
    return pd.Series(total[order], index=scores.index[order], name="attractiveness")
