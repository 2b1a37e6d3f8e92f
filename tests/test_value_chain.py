"""Lesson 01 service value chain: customer-base projection, retention against acquisition, and the case data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from servicekit import data
from servicekit.metrics import value_chain


# --- customer_base_projection -------------------------------------------------------------

def test_projection_matches_a_hand_worked_example():
    # N0 = 1000, r = 0.8, a = 100: N1 = 800 + 100 = 900, N2 = 720 + 100 = 820, N3 = 656 + 100 = 756.
    # profit = 50 N - 200 * 100: 25 000, 21 000, 17 800; cumulative 25 000, 46 000, 63 800.
    table = value_chain.customer_base_projection(1000, 0.8, 100, margin=50, acquisition_cost=200, years=3)
    assert list(table.index) == [1, 2, 3]
    assert table["customers_end"].tolist() == pytest.approx([900, 820, 756])
    assert table["customers_start"].tolist() == pytest.approx([1000, 900, 820])
    assert table["lost"].tolist() == pytest.approx([200, 180, 164])
    assert table["acquisition_spend"].tolist() == pytest.approx([20_000] * 3)
    assert table["profit"].tolist() == pytest.approx([25_000, 21_000, 17_800])
    assert table["cumulative_profit"].tolist() == pytest.approx([25_000, 46_000, 63_800])


@pytest.mark.parametrize("n0, r, a", [(5000, 0.75, 800), (0, 0.9, 1200), (20_000, 0.6, 0), (300, 1.0, 50)])
def test_projection_agrees_with_the_year_by_year_recursion(n0, r, a):
    table = value_chain.customer_base_projection(n0, r, a, margin=10, acquisition_cost=3, years=15)
    expected, n = [], n0
    for _ in range(15):  # the recursion N_t = r N_(t-1) + a, independent of the closed form
        n = r * n + a
        expected.append(n)
    assert table["customers_end"].to_numpy() == pytest.approx(expected)
    assert table["profit"].to_numpy() == pytest.approx(10 * np.array(expected) - 3 * a)


def test_projection_tends_to_the_geometric_steady_state():
    r, a = 0.85, 1500
    steady = a / (1 - r)
    assert value_chain.steady_state_customers(r, a) == pytest.approx(10_000)
    far = value_chain.customer_base_projection(0, r, a, 1, 0, years=200)
    assert far["customers_end"].iloc[-1] == pytest.approx(steady, rel=1e-9)
    # A base that starts at the steady state stays there: losses equal the newcomers every year.
    flat = value_chain.customer_base_projection(steady, r, a, 1, 0, years=10)
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
        value_chain.customer_base_projection(**args)


def test_steady_state_needs_retention_below_one():
    with pytest.raises(ValueError, match="retention"):
        value_chain.steady_state_customers(1.0, 100)


# --- retention against acquisition -------------------------------------------------------

def test_equivalent_acquisition_increase_by_hand():
    assert value_chain.equivalent_acquisition_increase(0.80, 0.05) == pytest.approx(100 / 3)  # 0.20/0.15 - 1
    assert value_chain.equivalent_acquisition_increase(0.90, 0.05) == pytest.approx(100.0)   # 0.10/0.05 - 1
    assert value_chain.equivalent_acquisition_increase(0.50, 0.0) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="retention_gain"):
        value_chain.equivalent_acquisition_increase(0.96, 0.05)


def test_equivalent_increase_gives_the_same_steady_state():
    r, g, a = 0.7, 0.08, 900
    bigger = a * (1 + value_chain.equivalent_acquisition_increase(r, g) / 100)
    assert value_chain.steady_state_customers(r, bigger) == pytest.approx(value_chain.steady_state_customers(r + g, a))


def test_lever_comparison_builds_three_plans():
    plans = value_chain.lever_comparison(10_000, 0.80, 200_000, 100, 150, retention_gain=0.05, budget_gain=0.20)
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
        value_chain.lever_comparison(100, 0.97, 1000, 10, 5, retention_gain=0.05)
    with pytest.raises(ValueError, match="acquisition_cost"):
        value_chain.lever_comparison(100, 0.8, 1000, 0, 5)


# --- the case data tell the published story --------------------------------------------------

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
    # 12 billion messages over all users, as S2 divides them (平均到每个用户头上), not over SMS users.
    assert sms["messages"].sum() / sms["subscribers"].sum() == pytest.approx(1000, rel=0.02)
    by_brand = sms.groupby("brand", observed=True)["messages"].sum().sort_values(ascending=False)
    assert by_brand.index.tolist() == ["Easyown", "M-Zone", "GoTone"]
    uses = data.load("sms_industry_uses").set_index("city")
    assert uses.loc["Zhangjiagang", "units_served"] == 30
    assert uses.loc["Yangzhou", "units_served"] == 8000 and uses.loc["Yangzhou", "messages_per_month"] == 50_000
