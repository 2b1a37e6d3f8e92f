"""Lesson 04 widgets, driven without a browser: weigh the segments' attractiveness, explore the
perceptual map, in English and in Chinese."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from language_checks import english_words, figure_texts, shown_texts, text_entries  # noqa: E402

from servicekit import data, style  # noqa: E402
from servicekit.metrics import segment_attractiveness  # noqa: E402
from servicekit.widgets.positioning import (  # noqa: E402
    TEXT,
    attractiveness_ranking,
    attractiveness_scorer,
    map_explorer,
    map_for,
)

SCORES = data.load("mobile_segment_scores").set_index("segment")
SURVEY = data.load("brand_perceptions")
ATTRIBUTES = ["coverage", "business_services", "prestige", "trendy", "sms_and_music", "low_price",
              "no_contract", "customer_care"]


def _html(widget, index):
    return widget.children[index].value


# --- the attractiveness scorer ---------------------------------------------------------------------

def test_ranking_uses_segment_attractiveness():
    weights = {c: 1 / 8 for c in SCORES.columns}
    ranking, message = attractiveness_ranking(SCORES, weights)
    assert message == ""
    assert ranking.equals(segment_attractiveness(SCORES, weights))
    assert list(ranking.index[:3]) == ["Trend-loving youth", "High-end business users", "Price-minded ordinary users"]


def test_moving_a_weight_changes_the_ranking():
    widget = attractiveness_scorer(SCORES)
    sliders = {name: control for name, control in widget.controls.items() if name != "rescale"}
    assert len(sliders) == 8 and sliders["profitability"].description == "Profitability"
    assert "Trend-loving youth" in _html(widget, 3).split("<tbody>")[1].split("</tr>")[0]
    for name, slider in sliders.items():
        slider.value = 0.5 if name == "profitability" else 0.0
    sliders["fit_with_firm"].value = 0.5
    top = _html(widget, 3).split("<tbody>")[1].split("</tr>")[0]
    assert "High-end business users" in top
    assert "<th>Rank</th><th>Segment</th><th>Weighted score (0–10)</th>" in _html(widget, 3)


def test_weights_not_summing_to_one_show_a_message_then_rescale_fixes_it():
    widget = attractiveness_scorer(SCORES)
    assert widget.chart.outputs and widget.figure is not None
    widget.controls["profitability"].value = 0.5
    assert "Cannot rank the segments" in _html(widget, 3)
    assert "sum to 1" in _html(widget, 3) and "weights must sum" not in _html(widget, 3)
    assert "1.375" in _html(widget, 2)
    assert widget.chart.outputs == () and widget.figure is None
    widget.controls["rescale"].value = True
    assert "Ranking" in _html(widget, 3) and widget.chart.outputs and widget.figure is not None
    ranking, _ = attractiveness_ranking(SCORES, {c: 0.5 if c == "profitability" else 0.125 for c in SCORES}, True)
    assert f"{ranking.iloc[0]:.2f}" in _html(widget, 3)


def test_all_weights_zero_with_rescale_is_a_message():
    ranking, message = attractiveness_ranking(SCORES, {c: 0.0 for c in SCORES}, rescale=True)
    assert ranking is None and "every weight is 0" in message


def test_equal_weights_button_brings_the_ranking_back():
    widget = attractiveness_scorer(SCORES)
    widget.controls["profitability"].value = 0.9
    assert widget.chart.outputs == ()
    reset = widget.children[1].children[1]
    assert reset.description == "Equal weights"
    reset.click()
    assert "Ranking" in _html(widget, 3) and widget.chart.outputs


# --- the perceptual map ----------------------------------------------------------------------------

def test_map_for_one_segment_uses_only_its_respondents():
    the_map, summary = map_for(SURVEY, "youth", attributes=ATTRIBUTES)
    youth = SURVEY[SURVEY["respondent_segment"] == "youth"]
    assert summary.loc["Kite", "mentions_per_respondent"] == pytest.approx(
        youth[youth["brand"] == "Kite"][ATTRIBUTES].to_numpy().sum() / (youth["brand"] == "Kite").sum())
    assert set(the_map.brands.index) == {"GoTone", "M-Zone", "Easyown", "Regal", "Lumo", "Kite"}
    with pytest.raises(ValueError, match="segment 'pensioners' has no respondents"):
        map_for(SURVEY, "pensioners", attributes=ATTRIBUTES)


def test_highlighting_a_brand_shows_its_diagnosis():
    widget = map_explorer(SURVEY, ATTRIBUTES)
    widget.controls["brand"].value = "Regal"
    text = _html(widget, 2)
    assert "<b>Regal</b>" in text and "prestige" in text
    assert "<th>Brand</th><th>Attributes ticked per respondent</th>" in text and "_" not in text
    widget.controls["whose"].value = "business"
    _, summary = map_for(SURVEY, "business", attributes=ATTRIBUTES)
    assert f"{summary.loc['Regal', 'distance_from_centre']:.2f}" in _html(widget, 2)


@pytest.mark.parametrize("whose", ["all respondents", "youth"])
def test_map_labels_overlap_neither_each_other_nor_a_marker(whose):
    widget = map_explorer(SURVEY, ATTRIBUTES)
    widget.controls["whose"].value = whose
    axis = widget.figure.axes[0]
    labels = list(axis.texts)
    assert len(labels) == 6 + len(ATTRIBUTES)
    widget.figure.canvas.draw()
    boxes = [label.get_window_extent() for label in labels]
    overlaps = [(labels[i].get_text(), labels[j].get_text())
                for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
    assert overlaps == []
    markers = axis.transData.transform(np.vstack([c.get_offsets() for c in axis.collections if len(c.get_offsets())]))
    covered = [label.get_text() for label, box in zip(labels, boxes)
               if any(box.x0 < x < box.x1 and box.y0 < y < box.y1 for x, y in markers)]
    assert covered == []


def test_a_segment_whose_minds_cannot_be_mapped_clears_the_map_and_says_why():
    survey = SURVEY.copy()
    survey.loc[survey["respondent_segment"] == "youth", "prestige"] = 0  # the young never tick prestige
    widget = map_explorer(survey, ATTRIBUTES)
    assert widget.chart.outputs and widget.figure is not None
    widget.controls["whose"].value = "youth"
    assert "No map" in _html(widget, 2) and "all respondents" in _html(widget, 2)
    assert widget.chart.outputs == () and widget.figure is None
    widget.controls["whose"].value = "all respondents"
    assert "<b>GoTone</b>" in _html(widget, 2) and widget.chart.outputs and widget.figure is not None


# --- both languages ----------------------------------------------------------------------------

def test_every_string_has_both_languages():
    assert all(set(entry) == {"en", "zh"} and all(entry.values()) for entry in text_entries(TEXT))
    assert set(SCORES.columns) <= set(TEXT["criteria"]) and set(ATTRIBUTES) <= set(TEXT["attributes"])
    assert set(SCORES.index) <= set(TEXT["segments"]) and set(map(str, SURVEY["brand"].unique())) <= set(TEXT["brands"])


def test_in_chinese_every_word_shown_is_chinese(chinese):
    widget = attractiveness_scorer(SCORES)
    widget.controls["profitability"].value = 0.5
    assert "无法给细分市场排序" in _html(widget, 3) and widget.chart.outputs == ()
    assert english_words(shown_texts(widget)) == []
    widget.controls["rescale"].value = True
    assert "可赢利性" in shown_texts(widget) and "高端商务用户" in _html(widget, 3)
    texts = shown_texts(widget) + figure_texts(widget.figure)
    assert english_words(texts) == [] and style.missing_glyphs(widget.figure) == []

    widget = map_explorer(SURVEY, ATTRIBUTES)
    widget.controls["whose"].value = "youth"  # the values stay English, the labels do not
    widget.controls["brand"].value = "Kite"
    assert "<b>风筝</b>" in _html(widget, 2) and "全部受访者" in shown_texts(widget)
    texts = shown_texts(widget) + figure_texts(widget.figure)
    assert "感知图（对应分析）" in texts and english_words(texts) == []
    assert style.missing_glyphs(widget.figure) == []
