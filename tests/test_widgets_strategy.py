"""Lessons 01 and 02 widgets: build each, move a control, read the result."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from servicekit import data, strategy  # noqa: E402
from servicekit.widgets.strategy import strategy_map, vmi_simulator  # noqa: E402
from servicekit.widgets.value_chain import retention_simulator  # noqa: E402


def test_retention_simulator_follows_the_sliders():
    box = retention_simulator()
    assert "10,000" in box.summary.value  # 2,000 a year at 80 %: steady state 10,000
    assert "33% larger" in box.summary.value
    box.controls["retention"].value = 0.90
    assert "20,000" in box.summary.value and "100% larger" in box.summary.value
    expected = strategy.lever_comparison(10_000, 0.90, 200_000, 100, 150)
    last = expected[(expected["year"] == 10) & (expected["plan"] == "as set")]["cumulative_profit"].iloc[0]
    assert f"{last:,.0f}" in box.summary.value


def test_retention_simulator_explains_an_impossible_setting():
    box = retention_simulator()
    box.controls["retention"].value = 0.99
    box.controls["retention_gain"].value = 0.05
    assert "does not work" in box.summary.value and "retention_gain" in box.summary.value
    box.controls["retention_gain"].value = 0.0
    assert "does not work" not in box.summary.value


def test_vmi_simulator_follows_the_sliders():
    box = vmi_simulator(6, 1.5, 80, 800_000, 500_000, 0.2, 50_000)
    assert "141,400" in box.summary.value
    box.controls["holding_cost_rate"].value = 0.10
    assert "30,000" in box.summary.value and "111,400" in box.summary.value
    box.controls["deliveries_after"].value = 8
    assert "more" in box.summary.value


def test_strategy_map_changes_measure():
    box = strategy_map(data.load("airline_routes"))
    assert "service_score" in box.summary.value and "Sparrow Air" in box.summary.value
    box.controls["measure"].value = "Seat pitch (cm)"
    assert "seat_pitch_cm" in box.summary.value


def test_strategy_map_explains_missing_columns():
    routes = data.load("airline_routes").drop(columns="seats_per_week")
    box = strategy_map(routes)
    assert "does not work" in box.summary.value and "seats_per_week" in box.summary.value
