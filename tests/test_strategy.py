"""Lesson 02 service strategy: VMI savings, strategy positions, and their case data."""

from __future__ import annotations

import pandas as pd
import pytest

from servicekit import data
from servicekit.metrics import strategy


# --- vmi_savings ---------------------------------------------------------------------------

def test_vmi_savings_by_hand():
    # 6 -> 1.5 runs a day: 4.5 x 365 = 1,642.5 runs x 80 yuan = 131,400; minus staff 50,000 = 81,400.
    # Stock 800,000 -> 500,000 frees 300,000; at 20 % a year that is 60,000. Total 141,400.
    result = strategy.vmi_savings(6, 1.5, 80, 800_000, 500_000, 0.20, onsite_staff_cost=50_000)
    assert isinstance(result, pd.Series)
    assert result["deliveries_saved"] == pytest.approx(1642.5)
    assert result["delivery_cost_before"] == pytest.approx(6 * 365 * 80)
    assert result["delivery_cost_after"] == pytest.approx(1.5 * 365 * 80)
    assert result["distributor_delivery_saving"] == pytest.approx(131_400)
    assert result["distributor_net_saving"] == pytest.approx(81_400)
    assert result["stock_released"] == pytest.approx(300_000)
    assert result["hospital_holding_saving"] == pytest.approx(60_000)
    assert result["total_yearly_saving"] == pytest.approx(141_400)


def test_vmi_savings_per_hospital_keeps_the_index():
    before = pd.Series([6.0, 5.0], index=["H01", "H02"])
    result = strategy.vmi_savings(before, [2.0, 1.0], [100, 50], 1000, 400, 0.1, days=300)
    assert list(result.index) == ["H01", "H02"]
    assert result["distributor_delivery_saving"].tolist() == pytest.approx([4 * 300 * 100, 4 * 300 * 50])
    assert result["hospital_holding_saving"].tolist() == pytest.approx([60, 60])
    assert result["total_yearly_saving"].sum() == pytest.approx(120_000 + 60_000 + 120)


def test_vmi_savings_reports_a_loss_when_deliveries_rise():
    result = strategy.vmi_savings(2, 3, 100, 0, 0, 0.2)
    assert result["distributor_net_saving"] == pytest.approx(-36_500)


@pytest.mark.parametrize("kwargs, error, word", [
    ({"holding_cost_rate": 1.5}, ValueError, "holding_cost_rate"),
    ({"deliveries_before": -1}, ValueError, "deliveries_before"),
    ({"cost_per_delivery": "cheap"}, TypeError, "cost_per_delivery"),
    ({"safety_stock_after": [1, -2]}, ValueError, "safety_stock_after"),
    ({"days": 400}, ValueError, "days"),
    ({"deliveries_before": [6, 5, 4], "deliveries_after": [1, 1]}, ValueError, "same length"),
])
def test_vmi_savings_refuses_bad_input(kwargs, error, word):
    args = dict(deliveries_before=6, deliveries_after=1, cost_per_delivery=80, safety_stock_before=10,
                safety_stock_after=5, holding_cost_rate=0.2)
    args.update(kwargs)
    with pytest.raises(error, match=word):
        strategy.vmi_savings(**args)


# --- positions -----------------------------------------------------------------------------

def test_classify_position_by_hand():
    labels = strategy.classify_position([80, 60, 85, 50], [0.6, 0.3, 0.3, 0.7], service_cut=70, cost_cut=0.5)
    assert labels.tolist() == ["high quality, high cost", "low quality, low cost",
                               "high quality, low cost", "low quality, high cost"]
    with pytest.raises(ValueError, match="same length"):
        strategy.classify_position([1, 2], [1], 1, 1)


def test_carrier_positions_weights_by_seat_km():
    routes = pd.DataFrame({
        "carrier": ["A", "A", "B"], "carrier_type": ["low-cost", "low-cost", "full-service"],
        "seats_per_week": [100, 100, 50], "distance_km": [1000, 3000, 1000],
        "service_score": [60, 80, 90], "cost_per_seat_km": [0.4, 0.2, 0.6],
    })
    table = strategy.carrier_positions(routes)
    # A: weights 100,000 and 300,000 -> service (60 + 3 x 80)/4 = 75, cost (0.4 + 3 x 0.2)/4 = 0.25.
    assert table.loc["A", "service_score"] == pytest.approx(75)
    assert table.loc["A", "cost_per_seat_km"] == pytest.approx(0.25)
    assert table.loc["A", "weekly_seat_km"] == pytest.approx(400_000)
    assert table.loc["A", "position"] == "low quality, low cost"
    assert table.loc["B", "position"] == "high quality, high cost"
    with pytest.raises(ValueError, match="distance_km"):
        strategy.carrier_positions(routes.drop(columns="distance_km"))
    with pytest.raises(TypeError, match="routes"):
        strategy.carrier_positions(routes.to_dict())


# --- the case data tell the published story -------------------------------------------------

def test_vmi_data_reproduce_the_story_and_the_savings_function():
    vmi = data.load("vmi_hospitals")
    yearly = vmi.groupby(["phase", "hospital"], observed=True).agg(
        deliveries=("deliveries", "sum"), days=("days", "sum"), cost=("delivery_cost_yuan", "sum"),
        trip=("cost_per_delivery_yuan", "first"), stock=("safety_stock_yuan", "mean"),
        staff=("onsite_staff_cost_yuan", "sum"), sales=("sales_yuan", "sum"))
    before, after = yearly.loc["before VMI"], yearly.loc["after VMI"]
    assert (before["days"] == 365).all() and (after["days"] == 365).all()
    per_day_before, per_day_after = before["deliveries"] / 365, after["deliveries"] / 365
    assert per_day_before.mean() == pytest.approx(6, abs=0.15)
    assert per_day_after.between(1, 2.1).all()
    assert after["sales"].sum() / before["sales"].sum() == pytest.approx(1.35, abs=1e-6)
    savings = strategy.vmi_savings(per_day_before, per_day_after, before["trip"], before["stock"],
                                   after["stock"], 0.2, onsite_staff_cost=after["staff"])
    assert savings["distributor_delivery_saving"].to_numpy() == pytest.approx(
        (before["cost"] - after["cost"]).to_numpy())
    assert (savings["stock_released"] > 0).all()


def test_airline_data_place_the_carriers_where_the_case_says():
    table = strategy.carrier_positions(data.load("airline_routes"))
    assert table.loc["Sparrow Air", "position"] == "low quality, low cost"
    for name in ("Crane Airlines", "Jade Sky", "Peony Airways"):
        assert table.loc[name, "position"] == "high quality, high cost"
    assert table.loc["Heron Air", "position"] == "low quality, high cost"
