"""Lesson 04 widgets, driven without a browser: weigh the segments' attractiveness, explore the perceptual map."""

from __future__ import annotations

import matplotlib
import pytest

matplotlib.use("Agg")

from conftest import controls_of  # noqa: E402

from servicekit import data  # noqa: E402
from servicekit.metrics import segment_attractiveness  # noqa: E402
from servicekit.widgets.positioning import (  # noqa: E402
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
    sliders = controls_of(widget, "FloatSlider")
    assert len(sliders) == 8
    assert "Trend-loving youth" in _html(widget, 3).split("<tbody>")[1].split("</tr>")[0]
    for name, slider in sliders.items():
        slider.value = 0.5 if name == "profitability" else 0.0
    sliders["fit_with_firm"].value = 0.5
    top = _html(widget, 3).split("<tbody>")[1].split("</tr>")[0]
    assert "High-end business users" in top


def test_weights_not_summing_to_one_show_a_message_then_rescale_fixes_it():
    widget = attractiveness_scorer(SCORES)
    controls_of(widget, "FloatSlider")["profitability"].value = 0.5
    assert "Cannot rank the segments" in _html(widget, 3)
    assert "sum to 1" in _html(widget, 3)
    assert "1.375" in _html(widget, 2)
    controls_of(widget, "Checkbox")["rescale the weights to sum to 1"].value = True
    assert "Ranking" in _html(widget, 3)
    ranking, _ = attractiveness_ranking(SCORES, {c: 0.5 if c == "profitability" else 0.125 for c in SCORES}, True)
    assert f"{ranking.iloc[0]:.2f}" in _html(widget, 3)


def test_all_weights_zero_with_rescale_is_a_message():
    ranking, message = attractiveness_ranking(SCORES, {c: 0.0 for c in SCORES}, rescale=True)
    assert ranking is None and "Every weight is 0" in message


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
    dropdowns = controls_of(widget, "Dropdown")
    dropdowns["highlight"].value = "Regal"
    text = _html(widget, 2)
    assert "<b>Regal</b>" in text and "prestige" in text
    dropdowns["whose minds"].value = "business"
    _, summary = map_for(SURVEY, "business", attributes=ATTRIBUTES)
    assert f"{summary.loc['Regal', 'distance_from_centre']:.2f}" in _html(widget, 2)
