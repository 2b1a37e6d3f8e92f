"""Natural-gas company customer survey (syllabus section 5, the weighted-average CSI case).

Built so that supply is rated well while repair timeliness and meter-reading accuracy lag: the
weighted index then points at two concrete things to improve, and one district's low pressure
scores show why an index should also be broken down by group.
"""

import numpy as np
import pandas as pd

SEED = 20261107
RESPONDENTS = 600

# Mean level (1..5) of each indicator before respondent-level variation.
ITEM_MEANS = {
    "gas_pressure": 4.15,
    "gas_quality": 4.05,
    "repair_attitude": 3.95,
    "repair_timeliness": 3.05,
    "repair_result": 3.65,
    "reader_attitude": 3.95,
    "reading_accuracy": 3.0,
    "bill_on_time": 3.8,
}
DISTRICTS = ["Chengxi", "Chengdong", "Gaoxin", "Binjiang"]


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    n = RESPONDENTS
    district = rng.choice(DISTRICTS, size=n, p=[0.3, 0.3, 0.25, 0.15])
    customer_type = rng.choice(["household", "business"], size=n, p=[0.85, 0.15])
    mood = rng.normal(0, 1, size=n)  # a respondent's general disposition, shared by every answer
    frame = {"respondent_id": np.arange(1, n + 1), "district": district, "customer_type": customer_type}
    for item, mean in ITEM_MEANS.items():
        centre = mean - 0.9 * ((item == "gas_pressure") & (district == "Binjiang"))
        latent = centre + 0.55 * mood + rng.normal(0, 0.75, size=n)
        frame[item] = np.clip(np.rint(latent), 1, 5).astype(int)
    items = np.column_stack([frame[item] for item in ITEM_MEANS])
    weights = np.array([0.42, 0.28, 0.04, 0.08, 0.08, 0.03, 0.04, 0.03])  # the tree's effective weights
    overall = items @ weights + 0.3 * mood + rng.normal(0, 0.45, size=n)
    frame["overall"] = np.clip(np.rint(overall), 1, 5).astype(int)
    recommend = 2.1 * (overall - 1) + 0.6 + rng.normal(0, 1.1, size=n)
    frame["recommend"] = np.clip(np.rint(recommend), 0, 10).astype(int)
    frame["survey_month"] = rng.choice(pd.period_range("2026-01", "2026-06", freq="M").astype(str), size=n)
    return {"natural_gas_survey": pd.DataFrame(frame)}
