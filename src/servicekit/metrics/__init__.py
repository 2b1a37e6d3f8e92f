"""The formulas the course teaches, one module per topic (``metrics.<topic>``).

The public calculation API of the course is re-exported here (``metrics.nps``, ``metrics.clv``, ...);
the other functions of a topic are called through its module (``metrics.strategy.vmi_savings``).

Percentages are on a 0-100 scale, rates passed in are fractions. Bad input raises ``ValueError``
or ``TypeError`` naming the parameter and the value.
"""

from . import (  # noqa: F401  the topic modules, in lesson order
    value_chain,
    strategy,
    segmentation,
    positioning,
    complaints,
    staffing,
    satisfaction,
    loyalty,
    quality,
    customer_value,
    accounts,
)
from .complaints import complaint_kpis, pareto
from .customer_value import (
    churn_rate,
    clv,
    expected_lifetime,
    retention_rate,
    rfm_scores,
    word_of_mouth_loss,
    word_of_mouth_reach,
)
from .loyalty import acsi_score
from .positioning import market_potential, market_share, segment_attractiveness
from .quality import (
    importance_performance,
    kano_category,
    kano_coefficients,
    kano_table,
    servqual_gaps,
    servqual_item_gaps,
    weighted_servqual,
)
from .satisfaction import (
    LIKERT_POINTS,
    cronbach_alpha,
    customer_effort_score,
    index_breakdown,
    indicator_scores,
    likert_to_score,
    nps,
    sample_size,
    satisfaction_rate,
    top_box,
    weighted_index,
    z_value,
)
from .staffing import (
    agents_needed,
    average_speed_of_answer,
    erlang_c,
    occupancy,
    service_level,
    traffic_intensity,
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
