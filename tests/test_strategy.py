"""Lessons 01 and 02: customer-base projection, VMI savings, strategy positions, and their case data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from servicekit import data, strategy


# --- customer_base_projection -------------------------------------------------------------

def test_projection_matches_a_hand_worked_example():
    # N0 = 1000, r = 0.8, a = 100: N1 = 800 + 100 = 900, N2 = 720 + 100 = 820, N3 = 656 + 100 = 756.
    # profit = 50 N - 200 * 100: 25 000, 21 000, 17 800; cumulative 25 000, 46 000, 63 800.
    table = strategy.customer_base_projection(1000, 0.8, 100, margin=50, acquisition_cost=200, years=3)
    assert list(table.index) == [1, 2, 3]
    assert table["customers_end"].tolist() == pytest.approx([900, 820, 756])
    assert table["customers_start"].tolist() == pytest.approx([1000, 900, 820])
    assert table["lost"].tolist() == pytest.approx([200, 180, 164])
    assert table["acquisition_spend"].tolist() == pytest.approx([20_000] * 3)
    assert table["profit"].tolist() == pytest.approx([25_000, 21_000, 17_800])
    assert table["cumulative_profit"].tolist() == pytest.approx([25_000, 46_000, 63_800])


@pytest.mark.parametrize("n0, r, a", [(5000, 0.75, 800), (0, 0.9, 1200), (20_000, 0.6, 0), (300, 1.0, 50)])
def test_projection_agrees_with_the_year_by_year_recursion(n0, r, a):
    table = strategy.customer_base_projection(n0, r, a, margin=10, acquisition_cost=3, years=15)
    expected, n = [], n0
    for _ in range(15):  # the recursion N_t = r N_(t-1) + a, independent of the closed form
        n = r * n + a
        expected.append(n)
    assert table["customers_end"].to_numpy() == pytest.approx(expected)
    assert table["profit"].to_numpy() == pytest.approx(10 * np.array(expected) - 3 * a)


def test_projection_tends_to_the_geometric_steady_state():
    r, a = 0.85, 1500
    steady = a / (1 - r)
    assert strategy.steady_state_customers(r, a) == pytest.approx(10_000)
    far = strategy.customer_base_projection(0, r, a, 1, 0, years=200)
    assert far["customers_end"].iloc[-1] == pytest.approx(steady, rel=1e-9)
    # A base that starts at the steady state stays there: losses equal the newcomers every year.
    flat = strategy.customer_base_projection(steady, r, a, 1, 0, years=10)
    assert flat["customers_end"].to_numpy() == pytest.approx(np.full(10, steady))
    assert flat["lost"].to_numpy() == pytest.approx(np.full(10, a))


@pytest.mark.parametrize("kwargs, error, word", [
    ({"retention": 1.2}, ValueError, "retention"),
    ({"retention": -0.1}, ValueError, "retention"),
    ({"start_customers": -5}, ValueError, "start_customers"),
    ({"new_per_year": "many"}, TypeError, "new_per_year"),
    ({"acquisition_cost": -1}, ValueError, "acquisition_cost"),
    ({"years": 0}, ValueError, "years"),
    ({"years": 2.5}, TypeError, "years"),
])
def test_projection_refuses_bad_input(kwargs, error, word):
    args = dict(start_customers=100, retention=0.8, new_per_year=10, margin=5, acquisition_cost=2)
    args.update(kwargs)
    with pytest.raises(error, match=word):
        strategy.customer_base_projection(**args)


def test_steady_state_needs_retention_below_one():
    with pytest.raises(ValueError, match="retention"):
        strategy.steady_state_customers(1.0, 100)


# --- retention against acquisition -------------------------------------------------------

def test_equivalent_acquisition_increase_by_hand():
    assert strategy.equivalent_acquisition_increase(0.80, 0.05) == pytest.approx(100 / 3)  # 0.20/0.15 - 1
    assert strategy.equivalent_acquisition_increase(0.90, 0.05) == pytest.approx(100.0)   # 0.10/0.05 - 1
    assert strategy.equivalent_acquisition_increase(0.50, 0.0) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="retention_gain"):
        strategy.equivalent_acquisition_increase(0.96, 0.05)


def test_equivalent_increase_gives_the_same_steady_state():
    r, g, a = 0.7, 0.08, 900
    bigger = a * (1 + strategy.equivalent_acquisition_increase(r, g) / 100)
    assert strategy.steady_state_customers(r, bigger) == pytest.approx(strategy.steady_state_customers(r + g, a))


def test_lever_comparison_builds_three_plans():
    plans = strategy.lever_comparison(10_000, 0.80, 200_000, 100, 150, retention_gain=0.05, budget_gain=0.20)
    assert plans["plan"].unique().tolist() == ["as set", "retention +5 points", "acquisition budget +20%"]
    assert len(plans) == 30
    final = plans[plans["year"] == 10].set_index("plan")
    # 2,000 customers a year at 80 % retention: the base sits at its steady state of 10,000.
    assert final.loc["as set", "customers_end"] == pytest.approx(10_000)
    # +5 points of retention beats +20 % of budget on customers and on profit.
    assert final.loc["retention +5 points", "customers_end"] > final.loc["acquisition budget +20%", "customers_end"]
    assert final.loc["retention +5 points", "cumulative_profit"] > final.loc["acquisition budget +20%", "cumulative_profit"]
    # The budget plan by hand: a = 2,400, year 1 N = 8,000 + 2,400 = 10,400, profit 150 N - 240,000.
    year1 = plans[(plans["plan"] == "acquisition budget +20%") & (plans["year"] == 1)].iloc[0]
    assert year1["customers_end"] == pytest.approx(10_400)
    assert year1["profit"] == pytest.approx(150 * 10_400 - 240_000)


def test_lever_comparison_refuses_retention_above_one():
    with pytest.raises(ValueError, match="retention_gain"):
        strategy.lever_comparison(100, 0.97, 1000, 10, 5, retention_gain=0.05)
    with pytest.raises(ValueError, match="acquisition_cost"):
        strategy.lever_comparison(100, 0.8, 1000, 0, 5)


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


def test_new_coke_data_carry_the_published_figures():
    coke = data.load("new_coke_1985")
    published = coke[coke["provenance"] == "published"].set_index(["series", "point"])["value"]
    assert published[("cola_growth", 1)] == 13 and published[("cola_growth", 5)] == 2
    assert published[("tried_on_launch_day", 1)] == 150
    assert published[("hotlines", 1)] == 83
    assert published[("liking_share", 1)] == 53
    bounds = coke[coke["provenance"] == "published bound"].set_index("series")["value"]
    assert bounds["protest_calls_per_day"] > 5000
    liking = bounds["liking_share"].tolist()
    assert liking[0] < 50 and liking[1] < 30
    launch = coke[coke["series"] == "tried_on_launch_day"]["date"].iloc[0]
    assert launch == pd.Timestamp("1985-04-23")


def test_sms_data_sum_to_the_published_totals():
    sms = data.load("sms_jiangsu_2003")
    assert sms["messages"].sum() == 12_000_000_000
    assert sms["sms_revenue_yuan"].sum() / sms["total_revenue_yuan"].sum() == pytest.approx(0.10, abs=1e-6)
    assert 0.70 <= sms["sms_users"].sum() / sms["subscribers"].sum() <= 0.80
    nanjing = sms[sms["city"] == "Nanjing"]
    assert nanjing["sms_users"].sum() / nanjing["subscribers"].sum() == pytest.approx(0.9, abs=0.02)
    assert sms["messages"].sum() / sms["sms_users"].sum() == pytest.approx(1000, rel=0.02)
    by_brand = sms.groupby("brand", observed=True)["messages"].sum().sort_values(ascending=False)
    assert by_brand.index.tolist() == ["Easyown", "M-Zone", "GoTone"]
    uses = data.load("sms_industry_uses").set_index("city")
    assert uses.loc["Zhangjiagang", "units_served"] == 30
    assert uses.loc["Yangzhou", "units_served"] == 8000 and uses.loc["Yangzhou", "messages_per_month"] == 50_000
