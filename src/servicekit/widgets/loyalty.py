"""Lesson 08 widget: move the zone boundaries of the satisfaction–loyalty picture and see who
falls in each zone and how loyal they are.

The zones and their table come from ``servicekit.metrics.loyalty``; this module wires two sliders to
``zone_table`` and draws the respondents.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np

from servicekit.metrics.loyalty import DEFAULT_CUTS, ZONES, zone_table

from .controls import on_any_change, slider

ZONE_COLOURS = {"defection": "#f4c7c3", "indifference": "#fce8b2", "loyalty": "#b7e1cd"}


def zone_summary(satisfaction, loyalty, cuts, loyal=None):
    """``(table, message)``: the zone table for these cuts, or ``None`` and a message saying
    what is wrong (cuts that do not rise, for example)."""
    try:
        return zone_table(satisfaction, loyalty, cuts=cuts, loyal=loyal), ""
    except (TypeError, ValueError) as error:
        return None, str(error)


def zone_explorer(satisfaction, loyalty, loyal=None) -> widgets.Widget:
    """Two sliders set the defection and loyalty cuts on the 0–100 satisfaction scale; a table
    and a scatter of loyalty against satisfaction, shaded by zone, update as they move."""
    low = slider(widgets.IntSlider, "defection below", int(DEFAULT_CUTS[0]), 0, 100, 5)
    high = slider(widgets.IntSlider, "loyalty from", int(DEFAULT_CUTS[1]), 0, 100, 5)
    result = widgets.HTML()
    chart = widgets.Output()
    x = np.asarray(satisfaction, dtype=float)
    y = np.asarray(loyalty, dtype=float)

    def update(*_):
        table, message = zone_summary(x, y, (low.value, high.value), loyal)
        chart.clear_output(wait=True)
        if message:
            result.value = f"<span style='color:#b3261e'><b>Cannot draw the zones:</b> {html.escape(message)}</span>"
            chart.clear_output()  # no stale chart under the message
            return
        result.value = table.round(1).to_html()
        with chart:
            _draw(x, y, low.value, high.value, table)
            plt.show()

    on_any_change([low, high], update)
    return widgets.VBox([widgets.VBox([low, high]), result, chart])


def _draw(x, y, low, high, table) -> None:
    fig, ax = plt.subplots(figsize=(8, 3.8))
    for zone, (left, right) in zip(ZONES, [(0, low), (low, high), (high, 100)]):
        ax.axvspan(left, right, color=ZONE_COLOURS[zone], alpha=0.8, lw=0)
        ax.text((left + right) / 2, 103, zone, ha="center", va="bottom", fontsize=9)
    ax.scatter(x, y, s=12, color="#2f4f6f", alpha=0.6)
    means = table["loyalty"].to_numpy()
    centres = [(0 + low) / 2, (low + high) / 2, (high + 100) / 2]
    ax.plot(centres, means, "o-", color="#b3261e", label="mean loyalty in the zone")
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 110)
    ax.set_xlabel("satisfaction index (0–100)")
    ax.set_ylabel("loyalty index (0–100)")
    ax.legend(loc="lower right", fontsize=8)
    fig.tight_layout()
