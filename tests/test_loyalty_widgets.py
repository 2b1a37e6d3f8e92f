"""Lesson 08 widget: the satisfaction-loyalty zones explorer; move the cuts, read the table, in
English and in Chinese."""

from __future__ import annotations

import matplotlib
import numpy as np

matplotlib.use("Agg")

from language_checks import english_words, figure_texts, shown_texts  # noqa: E402

from servicekit import style  # noqa: E402
from servicekit.widgets.loyalty import zone_explorer, zone_summary, zone_table_html  # noqa: E402

SATISFACTION = np.array([20, 40, 60, 70, 80, 90, 95, 100], dtype=float)
LOYALTY = np.array([10, 30, 50, 60, 60, 90, 80, 100], dtype=float)


def test_widget_moves_the_cuts():
    widget = zone_explorer(SATISFACTION, LOYALTY)
    table, _ = zone_summary(SATISFACTION, LOYALTY, (50, 85))
    assert "<table" in widget.result.value and widget.figure is not None
    assert table["respondents"].tolist() == [2, 3, 3]
    widget.high.value = 95
    moved, _ = zone_summary(SATISFACTION, LOYALTY, (50, 95))
    assert moved["respondents"].tolist() == [2, 4, 2]
    assert widget.result.value == zone_table_html(moved)


def test_the_table_has_human_headers_and_a_dash_for_an_empty_zone():
    widget = zone_explorer(SATISFACTION, LOYALTY, loyal=LOYALTY >= 80)
    shown = widget.result.value
    assert "<th>Zone</th><th>Customers</th><th>Share of customers (%)</th>" in shown
    assert "<th>Loyal customers (%)</th>" in shown and "<td>Indifference zone</td>" in shown
    assert "loyal_share" not in shown and "respondents" not in shown
    widget.low.value = 10  # nobody below 10: the defection zone is empty
    assert "<td>Defection zone</td><td style='text-align:right'>0</td>" in widget.result.value
    assert "nan" not in widget.result.value.lower() and "<td>–</td>" in widget.result.value
    texts = figure_texts(widget.figure)
    assert {"Defection zone", "Indifference zone", "Loyalty zone", "Mean loyalty in the zone"} <= set(texts)


def test_cuts_that_cross_clear_the_chart_and_say_what_to_change():
    widget = zone_explorer([20.0, 90.0], [10.0, 90.0])
    assert widget.chart.outputs[0]["data"]["image/png"], "the chart is on show"
    widget.low.value = 90
    assert "Cannot draw the zones" in widget.result.value
    assert "now it ends at 90 and the loyalty zone begins at 85" in widget.result.value
    assert "Lower “Defection zone: index below” or raise “Loyalty zone: index from”" in widget.result.value
    assert "<table" not in widget.result.value, "no stale table under the message"
    assert widget.figure is None and widget.chart.outputs == (), "no stale chart under the message"
    widget.low.value = 50
    assert "<table" in widget.result.value and widget.figure is not None and widget.chart.outputs


def test_in_chinese_every_word_of_the_widget_and_its_chart_is_chinese(chinese):
    widget = zone_explorer(SATISFACTION, LOYALTY, loyal=LOYALTY >= 80)
    widget.high.value = 70
    assert "<td>忠诚带</td>" in widget.result.value and "<th>忠诚顾客占比（%）</th>" in widget.result.value
    assert english_words(shown_texts(widget)) == []
    assert english_words(figure_texts(widget.figure)) == []
    assert style.missing_glyphs(widget.figure) == []
    widget.low.value = 80
    assert "叛离带的上限必须低于忠诚带的下限" in widget.result.value and widget.figure is None
    assert english_words(shown_texts(widget)) == []
