"""Lesson 06 widget: the staffing explorer; move the number of agents, read the wait and the service level."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")


def test_staffing_widget_moves():
    from servicekit.widgets.staffing import staffing_explorer

    box = staffing_explorer(arrival_rate=120, aht=240, agents=10)
    assert "P(wait) = 0.409" in box.result.value and "<b>11</b>" in box.result.value
    box.controls["agents"].value = 12
    assert "With 12 agents" in box.result.value
    box.controls["agents"].value = 5  # fewer agents than Erlangs: a message, not a traceback
    assert "cannot keep up" in box.result.value
