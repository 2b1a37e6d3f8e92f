"""Lesson 09 widget: pick a SERVQUAL dimension, see its item gaps and what to fix first.

The ranking comes from ``servicekit.metrics.quality.item_priorities``. The module also draws the
importance–performance grid used in lessons 08 and 09.
"""

from __future__ import annotations

import html
from collections.abc import Mapping

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from servicekit import _checks
from servicekit.metrics.quality import ALL_DIMENSIONS, item_priorities

from .controls import dropdown, on_any_change, slider

QUADRANT_COLOURS = {"concentrate here": "#b3261e", "keep up the good work": "#1b7f3b",
                    "low priority": "#777777", "possible overkill": "#c77c02"}


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
    picker = dropdown("dimension", [ALL_DIMENSIONS, *dimensions], ALL_DIMENSIONS)
    top = slider(widgets.IntSlider, "show top", 5, 1, 22, 1)
    result = widgets.HTML()
    chart = widgets.Output()

    def update(*_):
        chart.clear_output(wait=True)
        try:
            table = item_priorities(expectations, perceptions, importance, dimensions, picker.value)
        except (TypeError, ValueError) as error:
            result.value = f"<span style='color:#b3261e'><b>Cannot rank the items:</b> {html.escape(str(error))}</span>"
            chart.clear_output()  # no stale chart under the message
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

    on_any_change([picker, top], update)
    return widgets.VBox([widgets.VBox([picker, top]), result, chart])


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
