"""The formulas the course teaches, one module per topic, all re-exported here.

Percentages are on a 0-100 scale, rates passed in are fractions. Bad input raises ``ValueError``
or ``TypeError`` naming the parameter and the value.
"""

from .sampling import sample_size, z_value
from .satisfaction import (
    LIKERT_POINTS,
    acsi_score,
    cronbach_alpha,
    index_breakdown,
    indicator_scores,
    likert_to_score,
    nps,
    satisfaction_rate,
    top_box,
    weighted_index,
)

__all__ = [
    "LIKERT_POINTS",
    "acsi_score",
    "cronbach_alpha",
    "index_breakdown",
    "indicator_scores",
    "likert_to_score",
    "nps",
    "sample_size",
    "satisfaction_rate",
    "top_box",
    "weighted_index",
    "z_value",
]
