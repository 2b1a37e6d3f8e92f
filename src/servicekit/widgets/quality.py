"""Lesson 09 widget: pick a SERVQUAL dimension, see its item gaps and what to fix first.

The gaps come from ``servicekit.metrics.servqual_item_gaps``; the ranking here is

    priority of item i = max(0, −gapᵢ) × importanceᵢ

(the shortfall of perception below expectation, weighted by how much customers care), so an item
that meets or beats expectations has priority 0. The module also draws the importance–performance
grid used in lessons 08 and 09.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from servicekit.metrics import _checks, servqual_item_gaps

ALL_DIMENSIONS = "all dimensions"

QUADRANT_COLOURS = {"concentrate here": "#b3261e", "keep up the good work": "#1b7f3b",
                    "low priority": "#777777", "possible overkill": "#c77c02"}


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


def draw_importance_performance(table: pd.DataFrame, cuts=None, ax=None, title: str = ""):
    """Scatter of an ``importance_performance`` table: one labelled point per attribute, coloured
    by quadrant, with dashed cut lines at ``cuts`` = (importance cut, performance cut), by default
    the means (as ``importance_performance`` uses by default). Returns the Axes."""
    table = _checks.frame(table, "table", ("importance", "performance", "quadrant"))
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4.5))
    for quadrant, group in table.groupby("quadrant", sort=False):
        ax.scatter(group["performance"], group["importance"], s=50,
                   color=QUADRANT_COLOURS.get(quadrant, "#2f4f6f"), label=quadrant)
    for label, row in table.iterrows():
        ax.annotate(str(label), (row["performance"], row["importance"]), textcoords="offset points",
                    xytext=(5, 4), fontsize=8)
    if cuts is None:
        cuts = (table["importance"].mean(), table["performance"].mean())
    ax.axhline(cuts[0], color="#999", lw=0.8, ls="--")
    ax.axvline(cuts[1], color="#999", lw=0.8, ls="--")
    ax.margins(x=0.12, y=0.1)  # room for the labels of the outermost points
    ax.set_xlabel("performance")
    ax.set_ylabel("importance")
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    if title:
        ax.set_title(title)
    ax.figure.tight_layout()
    return ax


def gap_explorer(expectations: pd.DataFrame, perceptions: pd.DataFrame, importance,
                 dimensions: Mapping[str, list[str]], labels: Mapping[str, str] | None = None) -> widgets.Widget:
    """A dropdown of dimensions; shows each item's expectation, perception and gap as bars and
    the table of items ranked by priority (gap × importance). ``labels`` maps item codes to the
    wording shown on the chart."""
    picker = widgets.Dropdown(options=[ALL_DIMENSIONS, *dimensions], value=ALL_DIMENSIONS,
                              description="dimension")
    top = widgets.IntSlider(value=5, min=1, max=22, description="show top", continuous_update=False)
    result = widgets.HTML()
    chart = widgets.Output()

    def update(*_):
        chart.clear_output(wait=True)
        try:
            table = item_priorities(expectations, perceptions, importance, dimensions, picker.value)
        except (TypeError, ValueError) as error:
            result.value = f"<span style='color:#b3261e'><b>Cannot rank the items:</b> {html.escape(str(error))}</span>"
            return
        first = table.iloc[0]
        name = (labels or {}).get(first.name, first.name)
        advice = ("every item meets or beats expectations: nothing to fix here"
                  if first["priority"] == 0 else f"fix first: <b>{html.escape(str(name))}</b> "
                  f"(gap {first['gap']:.2f}, importance {first['importance']:.2f})")
        result.value = f"<p>{advice}</p>" + table.head(top.value).round(2).to_html()
        with chart:
            _draw_gaps(table, labels or {})
            plt.show()

    for control in (picker, top):
        control.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HBox([picker, top]), result, chart])


def _draw_gaps(table: pd.DataFrame, labels: Mapping[str, str]) -> None:
    ordered = table.sort_values("gap", ascending=False)
    names = [labels.get(code, code) for code in ordered.index]
    y = np.arange(len(ordered))
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 0.35 * len(ordered) + 1.4), sharey=True)
    left.barh(y - 0.2, ordered["expectation"], height=0.4, color="#9bbbd9", label="expectation")
    left.barh(y + 0.2, ordered["perception"], height=0.4, color="#2f6f9f", label="perception")
    left.set_yticks(y, names, fontsize=8)
    left.set_xlim(1, 7)
    left.legend(fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False)
    left.set_title("mean answer (1–7)")
    right.barh(y, ordered["gap"], color=np.where(ordered["gap"] < 0, "#b3261e", "#1b7f3b"))
    right.axvline(0, color="black", lw=0.8)
    right.set_title("gap = perception − expectation")
    fig.tight_layout()
