"""The formulas the course teaches, one module per topic, all re-exported here.

Percentages are on a 0-100 scale, rates passed in are fractions. Bad input raises ``ValueError``
or ``TypeError`` naming the parameter and the value.
"""

from .complaints import complaint_kpis, pareto
from .market import market_potential, market_share
from .quality import (
    customer_effort_score,
    importance_performance,
    kano_category,
    kano_coefficients,
    kano_table,
    servqual_gaps,
    servqual_item_gaps,
    weighted_servqual,
)
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
from .segments import segment_attractiveness
from .staffing import (
    agents_needed,
    average_speed_of_answer,
    erlang_c,
    occupancy,
    service_level,
    traffic_intensity,
)
from .value import (
    churn_rate,
    clv,
    expected_lifetime,
    retention_rate,
    rfm_scores,
    word_of_mouth_loss,
    word_of_mouth_reach,
)

__all__ = [
    "LIKERT_POINTS",
    "acsi_score",
    "agents_needed",
    "average_speed_of_answer",
    "churn_rate",
    "clv",
    "complaint_kpis",
    "cronbach_alpha",
    "customer_effort_score",
    "erlang_c",
    "expected_lifetime",
    "importance_performance",
    "index_breakdown",
    "indicator_scores",
    "kano_category",
    "kano_coefficients",
    "kano_table",
    "likert_to_score",
    "market_potential",
    "market_share",
    "nps",
    "occupancy",
    "pareto",
    "retention_rate",
    "rfm_scores",
    "sample_size",
    "satisfaction_rate",
    "segment_attractiveness",
    "service_level",
    "servqual_gaps",
    "servqual_item_gaps",
    "top_box",
    "traffic_intensity",
    "weighted_index",
    "weighted_servqual",
    "word_of_mouth_loss",
    "word_of_mouth_reach",
    "z_value",
]
