"""SERVQUAL survey helpers of lesson 09: line up the expectation, perception and importance answers
item by item, and rank items by what to fix first:

    priority of item i = max(0, −gapᵢ) × importanceᵢ,   gapᵢ = P̄ᵢ − Ēᵢ

(the shortfall of perception below expectation, weighted by how much customers care), so an item
that meets or beats expectations has priority 0.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from servicekit.metrics import _checks, servqual_item_gaps

ALL_DIMENSIONS = "all dimensions"


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


def item_priorities(expectations: pd.DataFrame, perceptions: pd.DataFrame, importance,
                    dimensions: Mapping[str, list[str]], dimension: str = ALL_DIMENSIONS) -> pd.DataFrame:
    """Items of one dimension (or of all) ranked by what to fix first.

    Columns: ``dimension``, ``expectation``, ``perception``, ``gap`` = P̄ᵢ − Ēᵢ, ``importance``
    (the item's mean importance; a DataFrame of answers or a Series of means), and
    ``priority`` = max(0, −gap) × importance. Sorted by priority, highest first (ties by gap).
    """
    if not isinstance(dimensions, Mapping) or not dimensions:
        raise TypeError(f"dimensions must map dimension → item codes, got {dimensions!r}")
    if dimension != ALL_DIMENSIONS and dimension not in dimensions:
        raise ValueError(f"dimension must be one of {[ALL_DIMENSIONS, *dimensions]}, got {dimension!r}")
    gaps = servqual_item_gaps(expectations, perceptions)
    owner = pd.Series({item: d for d, members in dimensions.items() for item in members}, dtype=object)
    if isinstance(importance, pd.DataFrame):
        importance = importance.mean()
    if not isinstance(importance, pd.Series):
        raise TypeError(f"importance must be a DataFrame of answers or a Series of item means, "
                        f"got {type(importance).__name__}")
    missing = [item for item in gaps.index if item not in importance.index]
    if missing:
        raise ValueError(f"importance has no value for item {missing[0]!r}")
    weight = pd.Series(_checks.array(importance.reindex(gaps.index), "importance"), index=gaps.index)
    if (weight < 0).any():
        raise ValueError(f"importance must not be negative, got {weight[weight < 0].iloc[0]:g}")
    table = gaps.assign(dimension=owner.reindex(gaps.index), importance=weight)
    table["priority"] = (-table["gap"]).clip(lower=0) * table["importance"]
    if dimension != ALL_DIMENSIONS:
        table = table[table["dimension"] == dimension]
    table = table[["dimension", "expectation", "perception", "gap", "importance", "priority"]]
    return table.sort_values(["priority", "gap"], ascending=[False, True])
