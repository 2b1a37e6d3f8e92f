"""Call-arrival preparation and staffing tables (lesson 06, bank-hotline case), and the staffing widget."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from servicekit import callcentre as cc
from servicekit import data
from servicekit.metrics import agents_needed, service_level


@pytest.fixture(scope="module")
def calls():
    return data.load("bank_calls")


def tiny_calls():
    """Two days (a Monday and a Tuesday), 07:00-08:00 in 5-minute counts plus a lone 08:00 count."""
    times = []
    counts = []
    for day, base in (("2003-03-03", 10), ("2003-03-04", 20)):
        stamps = pd.date_range(f"{day} 07:00", f"{day} 08:00", freq="5min", tz="UTC")
        times += [t.strftime("%Y-%m-%dT%H:%M:%SZ") for t in stamps]
        counts += [base + i for i in range(len(stamps))]  # base, base+1, ..., base+12
    return pd.DataFrame({"DateTime": times, "Calls": counts})


def erlang_c_by_hand(traffic, agents):
    """The textbook sum formula with factorials (fine for small N)."""
    top = traffic**agents / math.factorial(agents) * agents / (agents - traffic)
    return top / (sum(traffic**k / math.factorial(k) for k in range(agents)) + top)


# --- preparing arrivals ---------------------------------------------------------------------


def test_prepare_keeps_the_clock_time_and_drops_the_utc_label():
    tidy = cc.prepare_calls(tiny_calls())
    assert tidy["start"].iloc[0] == pd.Timestamp("2003-03-03 07:00")
    assert tidy["start"].dt.tz is None
    assert tidy["weekday"].iloc[0] == "Monday" and tidy["weekday"].iloc[-1] == "Tuesday"
    assert tidy["slot"].tolist()[:7] == ["07:00"] * 6 + ["07:30"]


def test_half_hour_counts_by_hand():
    counts = cc.half_hour_counts(tiny_calls())
    # Monday 07:00: 10+11+...+15 = 75; 07:30: 16+...+21 = 111; the lone 08:00 count is dropped.
    # Tuesday: 20+...+25 = 135 and 26+...+31 = 171.
    assert counts["calls"].tolist() == [75, 111, 135, 171]
    assert counts["slot"].tolist() == ["07:00", "07:30"] * 2
    assert counts["weekday"].astype(str).tolist() == ["Monday", "Monday", "Tuesday", "Tuesday"]


def test_half_hour_profile_by_hand():
    profile = cc.half_hour_profile(tiny_calls())
    assert profile["mean_calls"].tolist() == [105.0, 141.0]       # (75+135)/2, (111+171)/2
    assert profile["arrival_rate"].tolist() == [210.0, 282.0]     # calls per hour
    assert profile["days"].tolist() == [2, 2]
    monday = cc.half_hour_profile(tiny_calls(), weekdays="Monday")
    assert monday["mean_calls"].tolist() == [75.0, 111.0]


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="weekdays"):
        cc.half_hour_profile(tiny_calls(), weekdays=["Funday"])
    with pytest.raises(ValueError, match="weekdays.*no day"):
        cc.half_hour_profile(tiny_calls(), weekdays=["Sunday"])
    with pytest.raises(ValueError, match="Calls"):
        cc.prepare_calls(tiny_calls().drop(columns="Calls"))
    negative = tiny_calls()
    negative.loc[3, "Calls"] = -1
    with pytest.raises(ValueError, match="Calls.*row 3"):
        cc.prepare_calls(negative)
    with pytest.raises(TypeError, match="calls"):
        cc.prepare_calls([1, 2, 3])


def test_real_data_profile(calls):
    profile = cc.half_hour_profile(calls)
    assert len(profile) == 28 and profile.index[0] == "07:00" and profile.index[-1] == "20:30"
    assert (profile["days"] == 164).all()
    # Everything except the lone 21:00 counts ends up in a half-hour.
    tidy = cc.prepare_calls(calls)
    kept = tidy.loc[tidy["slot"] != "21:00", "calls"].sum()
    assert cc.half_hour_counts(calls)["calls"].sum() == kept
    assert profile["mean_calls"].sum() * 164 == pytest.approx(kept)
    assert profile["mean_calls"].idxmax() == "10:00"  # the mid-morning peak


def test_weekly_profile_averages_each_weekday(calls):
    weekly = cc.weekly_profile(calls)
    assert list(weekly.columns) == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    counts = cc.half_hour_counts(calls)
    monday_nine = counts[(counts["weekday"] == "Monday") & (counts["slot"] == "09:00")]["calls"].mean()
    assert weekly.loc["09:00", "Monday"] == pytest.approx(monday_nine)


# --- staffing -------------------------------------------------------------------------------


def test_staffing_plan_meets_the_target_with_no_agent_to_spare(calls):
    plan = cc.staffing_plan(cc.half_hour_profile(calls)["mean_calls"], aht=240)
    assert (plan["service_level"] >= 80).all()
    one_fewer = [service_level(r, 240, int(n) - 1, 20) for r, n in zip(plan["arrival_rate"], plan["agents"])]
    assert (np.array(one_fewer) < 80).all()
    assert (plan["agents"] > plan["traffic"]).all()
    assert plan["occupancy"].between(0, 100).all()


def test_staffing_plan_by_hand():
    # 60 calls in half an hour = 120 per hour; AHT 240 s -> A = 8 Erlangs.
    plan = cc.staffing_plan(pd.Series([60.0], index=["10:00"]), aht=240)
    row = plan.loc["10:00"]
    assert row["arrival_rate"] == 120 and row["traffic"] == pytest.approx(8.0)
    assert row["agents"] == 11
    assert row["p_wait"] == pytest.approx(erlang_c_by_hand(8.0, 11))
    sl = 100 * (1 - erlang_c_by_hand(8.0, 11) * math.exp(-(11 - 8) * 20 / 240))
    assert row["service_level"] == pytest.approx(sl)
    assert row["occupancy"] == pytest.approx(100 * 8 / 11)


def test_staffing_plan_agrees_with_pyworkforce():
    # An independent Erlang C implementation (interval 30 minutes, AHT and ASA in minutes).
    from pyworkforce import queuing

    for calls_per_half_hour in (60, 400, 1700):
        plan = cc.staffing_plan(pd.Series([float(calls_per_half_hour)]), aht=240)
        erlang = queuing.ErlangC(transactions=calls_per_half_hour, aht=4, asa=20 / 60, interval=30, shrinkage=0.0)
        positions = erlang.required_positions(service_level=0.8, max_occupancy=1.0)["raw_positions"]
        assert plan["agents"].iloc[0] == positions


def test_staffing_plan_refuses_bad_input():
    with pytest.raises(TypeError, match="mean_calls"):
        cc.staffing_plan([10, 20], aht=240)
    with pytest.raises(ValueError, match="aht"):
        cc.staffing_plan(pd.Series([10.0]), aht=0)
    with pytest.raises(ValueError, match="mean_calls"):
        cc.staffing_plan(pd.Series([10.0, -1.0]), aht=240)


def test_weekly_plan_and_cost_of_targets(calls):
    weekly = cc.weekly_staffing_plan(calls, aht=240)
    assert weekly.shape == (28, 5)
    friday = cc.staffing_plan(cc.weekly_profile(calls)["Friday"], aht=240)["agents"]
    assert (weekly["Friday"] == friday).all()
    cost = cc.target_cost(calls, aht=240, levels=(80, 90), cost_per_agent_hour=20)
    assert cost.loc[80.0, "agent_hours"] == weekly.to_numpy().sum() * 0.5
    assert cost.loc[80.0, "weekly_cost"] == cost.loc[80.0, "agent_hours"] * 20
    shrunk = cc.target_cost(calls, aht=240, levels=(80,), cost_per_agent_hour=20, shrinkage=0.2)
    assert shrunk.loc[80.0, "paid_hours"] == pytest.approx(cost.loc[80.0, "agent_hours"] / 0.8)
    assert shrunk.loc[80.0, "weekly_cost"] == pytest.approx(cost.loc[80.0, "agent_hours"] / 0.8 * 20)
    assert cost.loc[90.0, "agent_hours"] > cost.loc[80.0, "agent_hours"]
    assert cost["extra_cost"].tolist()[0] == 0
    assert cost.loc[80.0, "peak_agents"] == weekly.to_numpy().max()
    with pytest.raises(ValueError, match="levels"):
        cc.target_cost(calls, aht=240, levels=(80, 100))
    with pytest.raises(ValueError, match="shrinkage"):
        cc.target_cost(calls, aht=240, shrinkage=1.0)


def test_staffing_curve_by_hand():
    curve = cc.staffing_curve(120, 240, 20, agents=[9, 10, 11])
    assert curve["p_wait"].tolist() == pytest.approx([erlang_c_by_hand(8.0, n) for n in (9, 10, 11)])
    assert curve["service_level"].is_monotonic_increasing
    default = cc.staffing_curve(120, 240)
    assert default["agents"].iloc[0] == 9  # first N above A = 8


def test_staffing_summary():
    figures, message = cc.staffing_summary(120, 240, 10, 20, 80)
    assert message == ""
    assert figures["traffic"] == pytest.approx(8.0)
    assert figures["p_wait"] == pytest.approx(erlang_c_by_hand(8.0, 10))
    assert figures["agents_needed"] == agents_needed(120, 240, 20, 80) == 11
    figures, message = cc.staffing_summary(120, 240, 8, 20, 80)
    assert "cannot keep up" in message and figures["service_level"] == 0
    figures, message = cc.staffing_summary(-5, 240, 8, 20, 80)
    assert figures is None and "arrival_rate" in message


# --- the staffing widget --------------------------------------------------------------------


def test_staffing_widget_moves():
    from servicekit.widgets.staffing import staffing_explorer

    box = staffing_explorer(arrival_rate=120, aht=240, agents=10)
    assert "P(wait) = 0.409" in box.result.value and "<b>11</b>" in box.result.value
    box.controls["agents"].value = 12
    assert "With 12 agents" in box.result.value
    box.controls["agents"].value = 5  # fewer agents than Erlangs: a message, not a traceback
    assert "cannot keep up" in box.result.value
