"""Satisfaction–loyalty zones (lesson 08): hand-worked examples, bad input, and the widget."""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

from servicekit.loyalty import ZONES, loyalty_curve, satisfaction_zone, zone_table  # noqa: E402
from servicekit.widgets.loyalty import zone_explorer, zone_summary  # noqa: E402


def test_zones_by_hand():
    zones = satisfaction_zone([0, 49.9, 50, 84.9, 85, 100])
    assert list(zones) == ["defection", "defection", "indifference", "indifference", "loyalty", "loyalty"]
    assert list(zones.cat.categories) == list(ZONES)
    assert list(satisfaction_zone([30, 30.1], cuts=(30.1, 90))) == ["defection", "indifference"]


def test_zone_keeps_the_series_index():
    s = pd.Series([10.0, 95.0], index=["ann", "bo"])
    assert satisfaction_zone(s).to_dict() == {"ann": "defection", "bo": "loyalty"}


def test_zone_table_by_hand():
    satisfaction = [20, 40, 60, 70, 80, 90, 95, 100]
    loyalty = [10, 30, 50, 60, 60, 90, 80, 100]
    loyal = np.array([False, False, False, True, False, True, True, True])
    table = zone_table(satisfaction, loyalty, loyal=loyal)
    assert list(table.index) == list(ZONES)
    assert table["respondents"].tolist() == [2, 3, 3]
    assert table["share"].tolist() == pytest.approx([25.0, 37.5, 37.5])
    assert table.loc["defection", "loyalty"] == pytest.approx(20.0)
    assert table.loc["indifference", "satisfaction"] == pytest.approx(70.0)
    assert table.loc["loyalty", "loyalty"] == pytest.approx(90.0)
    assert table["loyal_share"].tolist() == pytest.approx([0.0, 100 / 3, 100.0])


def test_empty_zone_has_zero_respondents():
    table = zone_table([60, 70], [50, 55])
    assert table["respondents"].tolist() == [0, 2, 0]
    assert np.isnan(table.loc["loyalty", "loyalty"])


def test_loyalty_curve_by_hand():
    curve = loyalty_curve([7, 8, 8, 10], [50, 60, 80, 95])
    assert curve.index.tolist() == [7, 8, 10]
    assert curve["respondents"].tolist() == [1, 2, 1]
    assert curve["loyalty"].tolist() == pytest.approx([50, 70, 95])


@pytest.mark.parametrize("call, error, words", [
    (lambda: satisfaction_zone([50], cuts=(80, 60)), ValueError, "must rise"),
    (lambda: satisfaction_zone([50], cuts=(50,)), TypeError, "two numbers"),
    (lambda: satisfaction_zone([50], cuts=(-5, 60)), ValueError, r"cuts\[0\]"),
    (lambda: satisfaction_zone([120]), ValueError, "position 0 has 120"),
    (lambda: zone_table([50, 60], [50]), ValueError, "same length"),
    (lambda: zone_table([50], [50], loyal=[1]), TypeError, "True/False"),
    (lambda: loyalty_curve("high", [1]), TypeError, "levels"),
])
def test_bad_input_names_the_parameter(call, error, words):
    with pytest.raises(error, match=words):
        call()


def _sliders(widget):
    return {w.description: w for w in widget.children[0].children}


def test_widget_moves_the_cuts():
    satisfaction = np.array([20, 40, 60, 70, 80, 90, 95, 100], dtype=float)
    loyalty = np.array([10, 30, 50, 60, 60, 90, 80, 100], dtype=float)
    widget = zone_explorer(satisfaction, loyalty)
    table, _ = zone_summary(satisfaction, loyalty, (50, 85))
    assert "<table" in widget.children[1].value
    assert table["respondents"].tolist() == [2, 3, 3]
    _sliders(widget)["loyalty from"].value = 95
    moved, _ = zone_summary(satisfaction, loyalty, (50, 95))
    assert moved["respondents"].tolist() == [2, 4, 2]
    assert widget.children[1].value == moved.round(1).to_html()


def test_widget_shows_a_message_for_impossible_cuts():
    widget = zone_explorer([20.0, 90.0], [10.0, 90.0])
    _sliders(widget)["defection below"].value = 90
    assert "Cannot draw the zones" in widget.children[1].value
    assert "must rise" in widget.children[1].value
