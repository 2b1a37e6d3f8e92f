"""China Mobile brands case (syllabus section 3): subscribers, brand perceptions, segment scores.

Three datasets, all synthetic:

- ``mobile_subscribers``: 1,500 subscribers of a provincial mobile operator. Three segments are
  planted, one behind each brand: GoTone (high-end business users), M-Zone (trend-loving youth)
  and Easyown (price-minded ordinary users). Usage, spend and attitudes differ by segment, so
  k-means on the right variables recovers the three brands' segments (lesson 03). Region code and
  account age are the same in every segment: clustering on them gives segments nobody can act on.
  One subscriber in twenty is given a brand at random, so a few (55) end up on a brand that does not
  fit their segment.
- ``brand_perceptions``: a brand-image survey, one row per respondent × brand, ticking which
  attributes the respondent links to the brand. Built for the perceptual map of lesson 04: the
  three China Mobile brands hold clear, different positions; three invented rival brands show an
  over-positioned brand (Regal: seen only as prestigious), an under-positioned one (Lumo: few
  associations, near the centre of the map) and a confused one (Kite: cheap *and* prestigious).
- ``mobile_segment_scores``: expert scores (0-10) of five candidate segments on the targeting
  criteria of lesson 04, for the segment-attractiveness scorer. Fixed numbers, no randomness.
"""

import numpy as np
import pandas as pd

SEED = 20030601
SUBSCRIBERS = 1500
SEGMENTS = ["business", "youth", "ordinary"]
SEGMENT_SHARES = [0.20, 0.30, 0.50]
BRAND_OF_SEGMENT = {"business": "GoTone", "youth": "M-Zone", "ordinary": "Easyown"}
MISFIT_SHARE = 0.05  # subscribers whose brand is drawn at random instead of following their segment

# Jiangsu's telephone area codes without the leading zero (Nanjing 025 -> 25, Suzhou 0512 -> 512, ...).
REGION_CODES = [25, 510, 511, 512, 513, 514, 515, 516, 517, 518, 519, 523, 527]

# Per segment: (mean, standard deviation) of each usage variable, per month.
PROFILES = {
    #                 age       spend (yuan)  data (MB)   SMS         call minutes  business share  price sensitivity
    "business": dict(age=(41, 7), spend=(270, 60), data=(320, 90), sms=(45, 20), calls=(820, 180),
                     business=(0.62, 0.12), price=(2.2, 0.8)),
    "youth": dict(age=(21, 3), spend=(85, 22), data=(620, 150), sms=(190, 60), calls=(170, 60),
                  business=(0.06, 0.05), price=(4.4, 0.9)),
    "ordinary": dict(age=(46, 11), spend=(48, 15), data=(70, 35), sms=(115, 45), calls=(230, 80),
                     business=(0.12, 0.08), price=(5.8, 0.7)),
}
AGE_RANGE = {"business": (24, 65), "youth": (15, 30), "ordinary": (18, 80)}

# Benefit sought, by segment: shares of quality, service, fun, economy.
BENEFITS = ["quality", "service", "fun", "economy"]
BENEFIT_SHARES = {
    "business": [0.50, 0.40, 0.02, 0.08],
    "youth": [0.06, 0.04, 0.72, 0.18],
    "ordinary": [0.06, 0.10, 0.04, 0.80],
}

# --- brand perceptions --------------------------------------------------------------------------
RESPONDENTS = 400
BRANDS = ["GoTone", "M-Zone", "Easyown", "Regal", "Lumo", "Kite"]
ATTRIBUTES = ["coverage", "business_services", "prestige", "trendy", "sms_and_music",
              "low_price", "no_contract", "customer_care"]
# Probability that a respondent links each attribute (columns as ATTRIBUTES) to each brand.
ASSOCIATION = {
    "GoTone":  [0.70, 0.65, 0.55, 0.10, 0.08, 0.05, 0.08, 0.55],
    "M-Zone":  [0.35, 0.05, 0.12, 0.70, 0.72, 0.25, 0.20, 0.20],
    "Easyown": [0.45, 0.06, 0.04, 0.08, 0.20, 0.65, 0.60, 0.25],
    "Regal":   [0.10, 0.08, 0.75, 0.05, 0.04, 0.03, 0.04, 0.08],   # over-positioned: prestige only
    "Lumo":    [0.12, 0.10, 0.09, 0.11, 0.10, 0.12, 0.11, 0.10],   # under-positioned: nothing stands out
    "Kite":    [0.15, 0.05, 0.40, 0.30, 0.10, 0.45, 0.10, 0.08],   # confused: cheap and prestigious
}
# Respondents of a segment lean towards the attributes that matter to them.
SEGMENT_LEAN = {
    "business": {"business_services": 1.25, "customer_care": 1.2, "trendy": 0.8},
    "youth": {"trendy": 1.2, "sms_and_music": 1.2, "business_services": 0.7},
    "ordinary": {"low_price": 1.2, "no_contract": 1.15, "prestige": 0.85},
}

# --- candidate segments scored on the targeting criteria (0 = very poor, 10 = excellent) ---------
SEGMENT_SCORES = pd.DataFrame(
    {
        "segment": ["High-end business users", "Trend-loving youth", "Price-minded ordinary users",
                    "Rural first-time users", "Foreign visitors"],
        "size_and_growth": [5, 7, 10, 7, 2],
        "profitability": [9, 6, 4, 3, 7],
        "measurability": [8, 7, 7, 4, 5],
        "accessibility": [8, 8, 7, 3, 4],
        "differentiability": [8, 9, 6, 5, 6],
        "actionability": [8, 8, 7, 4, 3],
        "competitive_structure": [3, 6, 5, 8, 5],
        "fit_with_firm": [9, 8, 8, 6, 3],
    }
)


def subscribers(rng: np.random.Generator) -> tuple[pd.DataFrame, np.ndarray]:
    """The subscriber table and the planted segment of every row (kept out of the table)."""
    n = SUBSCRIBERS
    segment = rng.choice(SEGMENTS, size=n, p=SEGMENT_SHARES)

    def draw(key, low, high, decimals):
        means = np.array([PROFILES[s][key][0] for s in segment], dtype=float)
        sds = np.array([PROFILES[s][key][1] for s in segment], dtype=float)
        return np.round(np.clip(rng.normal(means, sds), low, high), decimals)

    age_low = np.array([AGE_RANGE[s][0] for s in segment])
    age_high = np.array([AGE_RANGE[s][1] for s in segment])
    age = np.clip(np.rint(rng.normal([PROFILES[s]["age"][0] for s in segment],
                                     [PROFILES[s]["age"][1] for s in segment])), age_low, age_high)
    brand = np.array([BRAND_OF_SEGMENT[s] for s in segment], dtype=object)
    misfit = rng.random(n) < MISFIT_SHARE
    brand[misfit] = rng.choice(list(BRAND_OF_SEGMENT.values()), size=misfit.sum())
    benefit_draw = rng.random(n)
    cumulative = np.array([np.cumsum(BENEFIT_SHARES[s]) for s in segment])
    benefit = np.array(BENEFITS)[(benefit_draw[:, None] > cumulative).sum(axis=1).clip(max=len(BENEFITS) - 1)]
    frame = pd.DataFrame({
        "subscriber_id": np.arange(1, n + 1),
        "age": age.astype(int),
        "monthly_spend": draw("spend", 10, 800, 1),
        "data_mb": draw("data", 0, 3000, 0).astype(int),
        "sms_count": draw("sms", 0, 1500, 0).astype(int),
        "call_minutes": draw("calls", 0, 3000, 0).astype(int),
        "business_call_share": draw("business", 0, 1, 2),
        "price_sensitivity": draw("price", 1, 7, 0).astype(int),
        "benefit_sought": benefit,
        "brand": brand.astype(str),
        "region_code": rng.choice(REGION_CODES, size=n),
        "account_months": rng.integers(1, 97, size=n),
    })
    return frame, segment


def brand_perceptions(rng: np.random.Generator) -> pd.DataFrame:
    """One row per respondent × brand; 1 where the respondent links the attribute to the brand."""
    respondent_segment = rng.choice(SEGMENTS, size=RESPONDENTS, p=SEGMENT_SHARES)
    rows = pd.DataFrame({
        "respondent_id": np.repeat(np.arange(1, RESPONDENTS + 1), len(BRANDS)),
        "respondent_segment": np.repeat(respondent_segment, len(BRANDS)),
        "brand": np.tile(BRANDS, RESPONDENTS),
    })
    base = np.array([ASSOCIATION[b] for b in rows["brand"]])
    lean = np.array([[SEGMENT_LEAN[s].get(a, 1.0) for a in ATTRIBUTES] for s in rows["respondent_segment"]])
    ticked = rng.random(base.shape) < np.clip(base * lean, 0, 0.95)
    return pd.concat([rows, pd.DataFrame(ticked.astype(int), columns=ATTRIBUTES)], axis=1)


def generate() -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(SEED)
    table, _ = subscribers(rng)
    return {
        "mobile_subscribers": table,
        "brand_perceptions": brand_perceptions(rng),
        "mobile_segment_scores": SEGMENT_SCORES.copy(),
    }
