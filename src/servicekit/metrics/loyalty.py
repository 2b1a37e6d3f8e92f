"""Satisfaction models and loyalty (lesson 08): the ACSI-style 0–100 index, and the defection,
indifference and loyalty zones.

    ACSI-style index = 100 × Σ wᵢ (x̄ᵢ − low) / Σ wᵢ (high − low)   (``acsi_score``)

The service-profit-chain picture: loyalty barely moves while satisfaction is middling and climbs
steeply only at the top of the scale. Satisfaction is taken on a 0–100 scale (an ACSI-style
index per respondent, see ``servicekit.models.loyalty.respondent_index``) and cut in three zones:

    defection     index < cut₁
    indifference  cut₁ ≤ index < cut₂
    loyalty       index ≥ cut₂

The default cuts (50, 85) are the course's reading of the picture: the lower half of the scale
is the defection zone and only roughly the top sixth counts as the loyalty (or affection) zone.
On a 1–10 item scale they fall between 5 and 6 and between 8.5 and 9.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from servicekit import _checks

#: The three zones, from low satisfaction to high.
ZONES = ("defection", "indifference", "loyalty")

#: Default zone cuts on the 0–100 satisfaction scale.
DEFAULT_CUTS = (50.0, 85.0)


def _check_cuts(cuts) -> tuple[float, float]:
    if isinstance(cuts, (str, bytes)) or not hasattr(cuts, "__len__") or len(cuts) != 2:
        raise TypeError(f"cuts must be two numbers (defection cut, loyalty cut), got {cuts!r}")
    low = _checks.number(cuts[0], "cuts[0]", low=0, high=100)
    high = _checks.number(cuts[1], "cuts[1]", low=0, high=100)
    if low >= high:
        raise ValueError(f"cuts must rise: the defection cut {low:g} must lie below the loyalty cut {high:g}")
    return low, high


def satisfaction_zone(satisfaction, cuts=DEFAULT_CUTS) -> pd.Series:
    """The zone of each respondent from a 0–100 satisfaction score.

    zone = defection if s < cut₁;  indifference if cut₁ ≤ s < cut₂;  loyalty if s ≥ cut₂

    Returns an ordered categorical Series (index kept when ``satisfaction`` is a Series).
    """
    low, high = _check_cuts(cuts)
    values = _checks.array(satisfaction, "satisfaction")
    outside = (values < 0) | (values > 100)
    if outside.any():
        position = int(np.flatnonzero(outside)[0])
        raise ValueError(f"satisfaction must lie in [0, 100]; position {position} has {values[position]:g}")
    codes = (values >= low).astype(int) + (values >= high).astype(int)
    zones = pd.Categorical.from_codes(codes, categories=list(ZONES), ordered=True)
    index = satisfaction.index if isinstance(satisfaction, pd.Series) else None
    return pd.Series(zones, index=index, name="zone")


def zone_table(satisfaction, loyalty, cuts=DEFAULT_CUTS, loyal=None) -> pd.DataFrame:
    """Respondents per satisfaction zone and their loyalty.

    For each zone z:  respondents = n_z;  share = n_z / n × 100;
    satisfaction = mean s over z;  loyalty = mean loyalty score over z (0–100);
    and, when ``loyal`` (True/False per respondent, e.g. "would surely choose us again") is given,
    loyal_share = % of z who are loyal. Empty zones show 0 respondents and NaN means.
    """
    s = _checks.array(satisfaction, "satisfaction")
    loy = _checks.array(loyalty, "loyalty")
    if s.size != loy.size:
        raise ValueError(f"satisfaction and loyalty must have the same length, got {s.size} and {loy.size}")
    zones = satisfaction_zone(s, cuts).array  # ordered categorical: the table lists every zone, in order
    frame = pd.DataFrame({"zone": zones, "satisfaction": s, "loyalty": loy})
    if loyal is not None:
        flags = np.asarray(loyal)
        if flags.dtype != bool or flags.shape != s.shape:
            raise TypeError(f"loyal must be True/False values, one per respondent; got dtype {flags.dtype}, "
                            f"length {flags.size}")
        frame["loyal_share"] = flags * 100.0
    grouped = frame.groupby("zone", observed=False)
    table = grouped.mean()
    table.insert(0, "respondents", grouped.size())
    table.insert(1, "share", table["respondents"] / s.size * 100)
    table.index = table.index.astype(str)
    return table


def loyalty_curve(levels, loyalty) -> pd.DataFrame:
    """Mean loyalty at each level of a satisfaction item: the shape of the satisfaction–loyalty
    link. One row per level present, sorted: ``respondents`` and ``loyalty`` (the mean)."""
    x = _checks.array(levels, "levels")
    y = _checks.array(loyalty, "loyalty")
    if x.size != y.size:
        raise ValueError(f"levels and loyalty must have the same length, got {x.size} and {y.size}")
    grouped = pd.DataFrame({"level": x, "loyalty": y}).groupby("level")["loyalty"]
    table = pd.DataFrame({"respondents": grouped.size(), "loyalty": grouped.mean()})
    table.index = table.index.astype(int) if np.all(x == np.round(x)) else table.index
    return table


def acsi_score(item_means, weights, low: float = 1, high: float = 10) -> float:
    """Rescale weighted item means on a ``low``..``high`` scale to 0..100, as ACSI reports do.

    index = 100 × Σ wᵢ (x̄ᵢ − low) / Σ wᵢ (high − low)
    """
    low = _checks.number(low, "low")
    high = _checks.number(high, "high")
    if high <= low:
        raise ValueError(f"high must be above low, got low={low:g}, high={high:g}")
    if isinstance(item_means, Mapping):
        item_means = pd.Series(item_means)
    if isinstance(weights, Mapping):
        weights = pd.Series(weights)
    if isinstance(item_means, pd.Series) and isinstance(weights, pd.Series):
        if set(item_means.index) != set(weights.index):
            raise ValueError(
                f"item_means and weights must name the same items, got {list(item_means.index)} "
                f"and {list(weights.index)}"
            )
        weights = weights.reindex(item_means.index)
    means = _checks.array(item_means, "item_means")
    w = _checks.array(weights, "weights")
    if means.shape != w.shape:
        raise ValueError(f"item_means and weights must have the same length, got {means.size} and {w.size}")
    outside = (means < low) | (means > high)
    if outside.any():
        position = int(np.flatnonzero(outside)[0])
        raise ValueError(f"item_means must lie in [{low:g}, {high:g}]; position {position} has {means[position]:g}")
    if (w < 0).any():
        raise ValueError(f"weights must not be negative, got {w[w < 0][0]:g}")
    if w.sum() <= 0:
        raise ValueError("weights sum to 0: at least one weight must be positive")
    return float(100 * np.sum(w * (means - low)) / np.sum(w * (high - low)))
