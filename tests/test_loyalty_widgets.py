"""Lesson 08 widget: the satisfaction-loyalty zones explorer; move the cuts, read the table."""

from __future__ import annotations

import matplotlib
import numpy as np

matplotlib.use("Agg")

from servicekit.widgets.loyalty import zone_explorer, zone_summary  # noqa: E402


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
