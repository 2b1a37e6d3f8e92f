"""The bank's SERVQUAL survey (``load("servqual_survey")``, ``load("servqual_items")``) lined up
item by item for lesson 09: one table of expectations, one of perceptions, one of importance.
"""

from __future__ import annotations

import pandas as pd

from servicekit import _checks

__all__ = ["servqual_columns", "servqual_dimensions"]


def servqual_columns(survey: pd.DataFrame, items: pd.DataFrame, prefix: str) -> pd.DataFrame:
    """The answers of one kind (``prefix`` ``"E"`` expectations, ``"P"`` perceptions, ``"I"``
    importance) from a SERVQUAL survey, with the columns renamed to the item codes of ``items``
    (``servicekit.data.load("servqual_items")``), so that the three tables line up item by item."""
    if prefix not in ("E", "P", "I"):
        raise ValueError(f"prefix must be 'E', 'P' or 'I', got {prefix!r}")
    columns = {f"{prefix}_{code}": code for code in items["item"]}
    missing = [c for c in columns if c not in survey.columns]
    if missing:
        raise ValueError(f"survey has no column {missing[0]!r}")
    return survey[list(columns)].rename(columns=columns)


def servqual_dimensions(items: pd.DataFrame) -> dict[str, list[str]]:
    """Dimension → list of item codes, in the order of the items table (``servqual_items``)."""
    items = _checks.frame(items, "items", ("item", "dimension"))
    order = list(dict.fromkeys(items["dimension"].astype(str)))
    return {d: items.loc[items["dimension"].astype(str) == d, "item"].astype(str).tolist() for d in order}
