"""Lesson 04 widgets: score segments with weighted criteria, and read a perceptual map of brands.

The ranking comes from ``servicekit.metrics.segment_attractiveness`` and the map from
``servicekit.models.positioning``; this module only wires sliders and drop-downs to them and draws.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from servicekit.metrics import segment_attractiveness
from servicekit.models.positioning import (
    association_table,
    perceptual_map,
    positioning_summary,
)

from .controls import dropdown, on_any_change, slider, toggle

ALL_RESPONDENTS = "all respondents"


def attractiveness_ranking(scores: pd.DataFrame, weights: dict[str, float], rescale: bool = False):
    """``(ranking, message)``: the segments ranked by weighted score, or ``None`` and a message when
    the weights are impossible. ``rescale`` divides every weight by their sum first."""
    if rescale:
        total = sum(weights.values())
        if total <= 0:
            return None, "Every weight is 0: give at least one criterion some weight."
        weights = {name: value / total for name, value in weights.items()}
    try:
        return segment_attractiveness(scores, weights), ""
    except (ValueError, TypeError) as error:
        return None, str(error)


def attractiveness_scorer(scores: pd.DataFrame, weights: dict[str, float] | None = None) -> widgets.Widget:
    """A slider per criterion (column of ``scores``); the ranking of the segments (rows) updates as
    the weights move. Weights that do not sum to 1 show a message instead of a ranking."""
    start = weights or {name: 1 / scores.shape[1] for name in scores.columns}
    sliders = {name: slider(widgets.FloatSlider, name, start.get(name, 0.0), 0.0, 1.0, 0.005, ".3f")
               for name in scores.columns}
    rescale = toggle("rescale the weights to sum to 1", indent=False)
    reset = widgets.Button(description="Equal weights")
    total = widgets.HTML()
    result = widgets.HTML()
    chart = widgets.Output()

    def update(*_):
        weights_now = {name: control.value for name, control in sliders.items()}
        total.value = f"Weights sum to <b>{sum(weights_now.values()):.3f}</b>"
        ranking, message = attractiveness_ranking(scores, weights_now, rescale.value)
        chart.clear_output(wait=True)
        if message:
            result.value = (f"<span style='color:#b3261e'><b>Cannot rank the segments:</b> {html.escape(message)}. "
                            "Move the sliders until the weights sum to 1, or tick “rescale”.</span>")
            chart.clear_output()  # no stale chart under the message
            return
        table = ranking.round(2).to_frame()
        table.insert(0, "rank", range(1, len(table) + 1))
        result.value = "<b>Ranking (weighted score, 0–10)</b>" + table.to_html()
        with chart:
            figure, axis = plt.subplots(figsize=(7, 0.5 + 0.45 * len(ranking)))
            axis.barh(ranking.index[::-1], ranking.to_numpy()[::-1], color="#2f6f9f")
            axis.set_xlim(0, 10)
            axis.set_title("Weighted attractiveness")
            figure.tight_layout()
            plt.show()
            plt.close(figure)

    def on_reset(_):
        for control in sliders.values():
            control.value = round(1 / len(sliders), 3)

    reset.on_click(on_reset)
    on_any_change([*sliders.values(), rescale], update)
    return widgets.VBox([widgets.VBox(list(sliders.values())), widgets.HBox([rescale, reset]), total, result, chart])


def map_for(survey: pd.DataFrame, segment: str = ALL_RESPONDENTS, segment_column: str = "respondent_segment",
            attributes=None):
    """``(perceptual map, positioning summary)`` of the brands as seen by one segment's respondents
    (or by all of them)."""
    chosen = survey if segment == ALL_RESPONDENTS else survey[survey[segment_column] == segment]
    if chosen.empty:
        raise ValueError(f"segment {segment!r} has no respondents in the survey")
    chosen = chosen[["brand", *attributes]] if attributes else chosen
    table = association_table(chosen, "brand", attributes)
    return perceptual_map(table), positioning_summary(chosen, "brand", attributes)


def map_explorer(survey: pd.DataFrame, attributes, segment_column: str = "respondent_segment") -> widgets.Widget:
    """The perceptual map of the brands in ``survey``: pick whose minds (all respondents or one
    segment) and a brand to highlight; its profile and its row of the summary show beside the map."""
    segments = [ALL_RESPONDENTS, *map(str, pd.unique(survey[segment_column]))]
    whose = dropdown("whose minds", segments, ALL_RESPONDENTS)
    brand = dropdown("highlight", list(map(str, pd.unique(survey["brand"]))))
    show_attributes = toggle("show attributes", True)
    result = widgets.HTML()
    chart = widgets.Output()

    def update(*_):
        the_map, summary = map_for(survey, whose.value, segment_column, attributes)
        row = summary.loc[brand.value]
        result.value = (
            f"<b>{html.escape(brand.value)}</b>: {row['mentions_per_respondent']:.2f} attributes ticked per "
            f"respondent; distance from the centre {row['distance_from_centre']:.2f}; top attribute "
            f"<i>{html.escape(row['top_attribute'])}</i> ({row['top_share']:.0f}% of its mentions), then "
            f"<i>{html.escape(row['second_attribute'])}</i>.<br>"
            f"The map shows {the_map.explained.sum():.0f}% of the differences between brands."
            + summary.round(2).to_html()
        )
        chart.clear_output(wait=True)
        with chart:
            figure = _draw_map(the_map, survey if whose.value == ALL_RESPONDENTS
                               else survey[survey[segment_column] == whose.value],
                               brand.value, show_attributes.value, attributes)
            plt.show()
            plt.close(figure)

    on_any_change([whose, brand, show_attributes], update)
    return widgets.VBox([widgets.VBox([whose, brand, show_attributes]), chart, result])


def _draw_map(the_map, survey, highlight: str, show_attributes: bool, attributes):
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6), gridspec_kw={"width_ratios": [1.6, 1]})
    brands, attrs = the_map.brands, the_map.attributes
    colours = ["#b3261e" if name == highlight else "#2f6f9f" for name in brands.index]
    left.scatter(brands["dim1"], brands["dim2"], c=colours, s=60, zorder=3)
    for name, (x, y) in brands[["dim1", "dim2"]].iterrows():
        left.annotate(name, (x, y), xytext=(6, 4), textcoords="offset points",
                      fontweight="bold" if name == highlight else "normal")
    if show_attributes:
        left.scatter(attrs["dim1"], attrs["dim2"], marker="^", color="#7a7a7a", s=30, zorder=2)
        for name, (x, y) in attrs[["dim1", "dim2"]].iterrows():
            left.annotate(name, (x, y), xytext=(-5, -3), textcoords="offset points", ha="right",
                          color="#555555", fontsize=8, style="italic")
    left.axhline(0, color="#cccccc", lw=0.8)
    left.axvline(0, color="#cccccc", lw=0.8)
    left.set_xlabel(f"dimension 1 ({the_map.explained['dim1']:.0f}% of inertia)")
    left.set_ylabel(f"dimension 2 ({the_map.explained['dim2']:.0f}% of inertia)")
    left.set_title("Perceptual map (correspondence analysis)")
    left.margins(0.2)
    rows = survey[survey["brand"] == highlight]
    shares = rows[list(attributes)].mean() * 100
    right.barh(shares.index[::-1], shares.to_numpy()[::-1], color="#b3261e")
    right.set_xlim(0, 100)
    right.set_title(f"{highlight}: % of respondents linking")
    figure.tight_layout()
    return figure
