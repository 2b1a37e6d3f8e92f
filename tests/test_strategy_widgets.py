"""Lesson 02 widgets: the VMI simulator and the strategy map; build each, move a control, read the result."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from servicekit import data  # noqa: E402
from servicekit.widgets.strategy import strategy_map, vmi_simulator  # noqa: E402


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
