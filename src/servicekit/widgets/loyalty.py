"""Lesson 08 widget: move the zone boundaries of the satisfaction–loyalty picture and see who
falls in each zone and how loyal they are.

The zones and their table come from ``servicekit.metrics.loyalty``; this module wires two sliders to
``zone_table`` and draws the respondents. Every word it shows is in ``TEXT`` (English and Chinese,
the zones named as S2 names them: 叛离带, 冷漠带, 忠诚带), read in the language in use
(``servicekit.set_language``) when the widget is built and each time it redraws.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from servicekit import style
from servicekit.language import lookup
from servicekit.metrics.loyalty import DEFAULT_CUTS, ZONES, zone_table

from .controls import fit_layout, on_any_change, show_figure, slider

ZONE_COLOURS = {"defection": "#f4c7c3", "indifference": "#fce8b2", "loyalty": "#b7e1cd"}

#: Every text the widget shows, in English and Chinese.
TEXT = {
    "defection": {"en": "Defection zone", "zh": "叛离带"},
    "indifference": {"en": "Indifference zone", "zh": "冷漠带"},
    "loyalty": {"en": "Loyalty zone", "zh": "忠诚带"},
    "low": {"en": "Defection zone: index below", "zh": "叛离带：满意度指数低于"},
    "high": {"en": "Loyalty zone: index from", "zh": "忠诚带：满意度指数达到"},
    "col_zone": {"en": "Zone", "zh": "区域"},
    "col_respondents": {"en": "Customers", "zh": "顾客（人）"},
    "col_share": {"en": "Share of customers (%)", "zh": "占全部顾客（%）"},
    "col_satisfaction": {"en": "Mean satisfaction (0–100)", "zh": "平均满意度（0–100）"},
    "col_loyalty": {"en": "Mean loyalty (0–100)", "zh": "平均忠诚度（0–100）"},
    "col_loyal_share": {"en": "Loyal customers (%)", "zh": "忠诚顾客占比（%）"},
    "nobody": {"en": "–", "zh": "–"},  # a mean over an empty zone
    "cannot": {"en": "Cannot draw the zones:", "zh": "无法划分区域："},
    "gap": {"en": " ", "zh": ""},  # between a bold heading and its sentence
    "cuts_cross": {"en": "the defection zone must end below the point where the loyalty zone begins, with the "
                         "indifference zone between them; now it ends at {low} and the loyalty zone begins at "
                         "{high}. Lower “{low_label}” or raise “{high_label}”.",
                   "zh": "叛离带的上限必须低于忠诚带的下限，两者之间才是冷漠带；现在叛离带到{low}为止，忠诚带却从{high}开始。"
                         "请调低“{low_label}”，或调高“{high_label}”。"},
    # the chart
    "mean_loyalty": {"en": "Mean loyalty in the zone", "zh": "区域内的平均忠诚度"},
    "customer": {"en": "One customer", "zh": "一位顾客"},
    "x": {"en": "Satisfaction index (0–100)", "zh": "满意度指数（0–100）"},
    "y": {"en": "Loyalty index (0–100)", "zh": "忠诚度指数（0–100）"},
}


_t = lookup(TEXT)  # TEXT[key] in the language in use, with values filled in


def zone_summary(satisfaction, loyalty, cuts, loyal=None):
    """``(table, message)``: the zone table for these cuts, or ``None`` and a message (in the
    language in use) saying what is wrong: cuts that do not rise, for example, and what to move."""
    low, high = cuts
    if low >= high:
        message = _t("cuts_cross", low=style.number(low), high=style.number(high),
                     low_label=_t("low"), high_label=_t("high"))
        return None, message[:1].upper() + message[1:]
    try:
        return zone_table(satisfaction, loyalty, cuts=cuts, loyal=loyal), ""
    except (TypeError, ValueError) as error:  # data that do not fit: a fault of the data, not of the sliders
        return None, str(error)


def zone_table_html(table: pd.DataFrame) -> str:
    """The zone table as a trainee reads it: zone names and headers in the language in use, a dash
    for the means of an empty zone."""
    shown = pd.DataFrame({"zone": [_t(zone) for zone in table.index],
                          "respondents": table["respondents"].to_numpy()})
    labels = {"zone": TEXT["col_zone"], "respondents": TEXT["col_respondents"]}
    means = [("share", "col_share"), ("satisfaction", "col_satisfaction"), ("loyalty", "col_loyalty"),
             ("loyal_share", "col_loyal_share")]
    for column, label in means:
        if column in table:
            shown[column] = [_t("nobody") if np.isnan(value) else float(value) for value in table[column]]
            labels[column] = TEXT[label]
    return style.table_html(shown, labels, decimals={column: 1 for column, _ in means})


def zone_explorer(satisfaction, loyalty, loyal=None) -> widgets.Widget:
    """Two sliders set the defection and loyalty cuts on the 0–100 satisfaction scale; a table
    and a scatter of loyalty against satisfaction, shaded by zone, update as they move."""
    low = slider(widgets.IntSlider, _t("low"), int(DEFAULT_CUTS[0]), 0, 100, 5)
    high = slider(widgets.IntSlider, _t("high"), int(DEFAULT_CUTS[1]), 0, 100, 5)
    result = widgets.HTML()
    chart = widgets.Output()
    x = np.asarray(satisfaction, dtype=float)
    y = np.asarray(loyalty, dtype=float)
    box = widgets.VBox([widgets.VBox([low, high]), result, chart])
    # handles for tests and curious trainees; ``figure`` is the chart shown (None when there is none)
    box.low, box.high, box.result, box.chart, box.figure = low, high, result, chart, None

    def update(*_):
        table, message = zone_summary(x, y, (low.value, high.value), loyal)
        if message:
            result.value = (f"<span style='color:#b3261e'><b>{html.escape(_t('cannot'))}</b>{_t('gap')}"
                            f"{html.escape(message)}</span>")
            chart.outputs, box.figure = (), None  # no stale chart under the message
            return
        result.value = zone_table_html(table)
        box.figure = _draw(x, y, low.value, high.value, table)
        show_figure(chart, box.figure)

    on_any_change([low, high], update)
    return box


def _draw(x, y, low, high, table):
    fig, ax = plt.subplots(figsize=(8, 3.8))
    handles = []
    for zone, (left, right) in zip(ZONES, [(0, low), (low, high), (high, 100)]):
        ax.axvspan(left, right, color=ZONE_COLOURS[zone], alpha=0.8, lw=0)
        handles.append(Patch(color=ZONE_COLOURS[zone], label=_t(zone)))
    dots = ax.scatter(x, y, s=12, color="#2f4f6f", alpha=0.6, label=_t("customer"))
    # Each zone's mean loyalty at its mean satisfaction (an empty zone has neither and is left out).
    (line,) = ax.plot(table["satisfaction"].to_numpy(), table["loyalty"].to_numpy(), "o-", color="#b3261e",
                      label=_t("mean_loyalty"))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 105)
    ax.set_xlabel(_t("x"))
    ax.set_ylabel(_t("y"))
    # The zones' names in the legend, beside the chart: a narrow zone has no room for its name.
    ax.legend(handles=[*handles, dots, line], loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8,
              frameon=False)
    fit_layout(fig, "zones")
    return fig
