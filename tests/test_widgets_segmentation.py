"""Lesson 03 and 04 widgets, driven without a browser: tick boxes, move sliders, read the result."""

from __future__ import annotations

import matplotlib
import pytest

matplotlib.use("Agg")

from servicekit import data  # noqa: E402
from servicekit.metrics import segment_attractiveness  # noqa: E402
from servicekit.segmentation import kmeans_segments, separation  # noqa: E402
from servicekit.widgets.positioning import (  # noqa: E402
    attractiveness_ranking,
    attractiveness_scorer,
    map_explorer,
    map_for,
)
from servicekit.widgets.segmentation import segment_explorer, segment_summary  # noqa: E402

USAGE = ["age", "monthly_spend", "data_mb", "sms_count", "call_minutes", "business_call_share",
         "price_sensitivity"]
CANDIDATES = [*USAGE, "region_code", "account_months"]
SUBSCRIBERS = data.load("mobile_subscribers")
SCORES = data.load("mobile_segment_scores").set_index("segment")
SURVEY = data.load("brand_perceptions")
ATTRIBUTES = ["coverage", "business_services", "prestige", "trendy", "sms_and_music", "low_price",
              "no_contract", "customer_care"]


def _controls(widget, kind):
    found = {}

    def walk(w):
        if type(w).__name__ == kind:
            found[w.description] = w
        for child in getattr(w, "children", ()):
            walk(child)

    walk(widget)
    return found


def _html(widget, index):
    return widget.children[index].value


# --- lesson 03: segment explorer -----------------------------------------------------------------

def test_segment_summary_matches_kmeans_segments():
    result, spread, message = segment_summary(SUBSCRIBERS, USAGE, 3, USAGE)
    assert message == ""
    direct = kmeans_segments(SUBSCRIBERS, USAGE, 3, profile_columns=USAGE)
    assert result.labels.equals(direct.labels)
    assert spread.equals(separation(SUBSCRIBERS, direct.labels, USAGE))


def test_ticking_variables_and_moving_k_updates_the_segments():
    widget = segment_explorer(SUBSCRIBERS, CANDIDATES, USAGE, USAGE, categories=["brand"])
    sizes = kmeans_segments(SUBSCRIBERS, USAGE, 3).profile["size"].tolist()
    assert "3 segments" in _html(widget, 3)
    assert all(f"<td>{size}</td>" in _html(widget, 3) for size in sizes)
    _controls(widget, "IntSlider")["segments k"].value = 5
    assert "5 segments" in _html(widget, 3)


def test_unhelpful_variables_give_segments_that_do_not_differ():
    widget = segment_explorer(SUBSCRIBERS, CANDIDATES, ["region_code", "account_months"], USAGE)
    _, spread, _ = segment_summary(SUBSCRIBERS, ["region_code", "account_months"], 3, USAGE)
    assert spread.max() < 0.3, "segments on region code and account age should look alike on usage"
    assert f"{spread.max():.2f}" in _html(widget, 3)
    _, good, _ = segment_summary(SUBSCRIBERS, USAGE, 3, USAGE)
    assert good.max() > 2


def test_no_variable_ticked_shows_a_message_not_a_traceback():
    widget = segment_explorer(SUBSCRIBERS, CANDIDATES, ["age"], USAGE)
    _controls(widget, "Checkbox")["age"].value = False
    assert "Tick at least one variable" in _html(widget, 3)


# --- lesson 04: attractiveness scorer ------------------------------------------------------------

def test_ranking_uses_segment_attractiveness():
    weights = {c: 1 / 8 for c in SCORES.columns}
    ranking, message = attractiveness_ranking(SCORES, weights)
    assert message == ""
    assert ranking.equals(segment_attractiveness(SCORES, weights))
    assert list(ranking.index[:3]) == ["Trend-loving youth", "High-end business users", "Price-minded ordinary users"]


def test_moving_a_weight_changes_the_ranking():
    widget = attractiveness_scorer(SCORES)
    sliders = _controls(widget, "FloatSlider")
    assert len(sliders) == 8
    assert "Trend-loving youth" in _html(widget, 3).split("<tbody>")[1].split("</tr>")[0]
    for name, slider in sliders.items():
        slider.value = 0.5 if name == "profitability" else 0.0
    sliders["fit_with_firm"].value = 0.5
    top = _html(widget, 3).split("<tbody>")[1].split("</tr>")[0]
    assert "High-end business users" in top


def test_weights_not_summing_to_one_show_a_message_then_rescale_fixes_it():
    widget = attractiveness_scorer(SCORES)
    _controls(widget, "FloatSlider")["profitability"].value = 0.5
    assert "Cannot rank the segments" in _html(widget, 3)
    assert "sum to 1" in _html(widget, 3)
    assert "1.375" in _html(widget, 2)
    _controls(widget, "Checkbox")["rescale the weights to sum to 1"].value = True
    assert "Ranking" in _html(widget, 3)
    ranking, _ = attractiveness_ranking(SCORES, {c: 0.5 if c == "profitability" else 0.125 for c in SCORES}, True)
    assert f"{ranking.iloc[0]:.2f}" in _html(widget, 3)


def test_all_weights_zero_with_rescale_is_a_message():
    ranking, message = attractiveness_ranking(SCORES, {c: 0.0 for c in SCORES}, rescale=True)
    assert ranking is None and "Every weight is 0" in message


# --- lesson 04: perceptual map -------------------------------------------------------------------

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
    dropdowns = _controls(widget, "Dropdown")
    dropdowns["highlight"].value = "Regal"
    text = _html(widget, 2)
    assert "<b>Regal</b>" in text and "prestige" in text
    dropdowns["whose minds"].value = "business"
    _, summary = map_for(SURVEY, "business", attributes=ATTRIBUTES)
    assert f"{summary.loc['Regal', 'distance_from_centre']:.2f}" in _html(widget, 2)
