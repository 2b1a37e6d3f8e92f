"""Lesson 01 widget: the retention simulator; build it, move a slider, read the result."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from servicekit.metrics import value_chain  # noqa: E402
from servicekit.widgets.value_chain import retention_simulator  # noqa: E402


def test_retention_simulator_follows_the_sliders():
    box = retention_simulator()
    assert "10,000" in box.summary.value  # 2,000 a year at 80 %: steady state 10,000
    assert "33% larger" in box.summary.value
    box.controls["retention"].value = 0.90
    assert "20,000" in box.summary.value and "100% larger" in box.summary.value
    expected = value_chain.lever_comparison(10_000, 0.90, 200_000, 100, 150)
    last = expected[(expected["year"] == 10) & (expected["plan"] == "as set")]["cumulative_profit"].iloc[0]
    assert f"{last:,.0f}" in box.summary.value


def test_retention_simulator_explains_an_impossible_setting():
    box = retention_simulator()
    box.controls["retention"].value = 0.99
    box.controls["retention_gain"].value = 0.05
    assert "does not work" in box.summary.value and "retention_gain" in box.summary.value
    box.controls["retention_gain"].value = 0.0
    assert "does not work" not in box.summary.value
