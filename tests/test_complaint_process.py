"""The complaint-process state machine (lesson 05): escalation rule, legal moves, log replay."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

from servicekit import complaint_process as cp
from servicekit import data
from servicekit.metrics import complaint_kpis, pareto


@pytest.fixture(scope="module")
def log():
    return data.load("complaint_log")


def small_log():
    """Two complaints worked by hand: C1 valid, C2 invalid."""
    return pd.DataFrame({
        "complaint_id": ["C1", "C2"],
        "valid": [True, False],
        "received_at": pd.to_datetime(["2025-03-03 09:00", "2025-03-03 10:00"]),
        "checked_at": pd.to_datetime(["2025-03-03 10:30", "2025-03-03 10:30"]),   # 1.5 h, 0.5 h
        "first_response_at": pd.to_datetime(["2025-03-03 19:30", "2025-03-03 20:30"]),  # 9 h in 'validated'
        "resolved_at": pd.to_datetime(["2025-03-04 09:30", "2025-03-03 20:30"]),   # 14 h handling; 10 h explaining
        "visited_at": pd.to_datetime(["2025-03-06 09:30", "2025-03-07 08:30"]),    # 48 h; 84 h
    })


# --- the escalation rule --------------------------------------------------------------------


def test_escalations_by_hand():
    # Limit 4 h: none up to 4 h, one after 4 h, two after 8 h; NaN (stage not passed) gives none.
    assert cp.escalations([0, 4, 4.01, 8, 8.5, 12.5, np.nan], 4).tolist() == [0, 0, 1, 1, 2, 3, 0]
    assert cp.escalations(9.5, 4) == 2


def test_escalations_refuse_a_bad_limit():
    with pytest.raises(ValueError, match="limit"):
        cp.escalations([1.0], 0)
    with pytest.raises(TypeError, match="limit"):
        cp.escalations([1.0], "4")


# --- one complaint, event by event ------------------------------------------------------------


def test_complaint_moves_and_escalates_by_hand():
    c = cp.Complaint("C-7", "2025-03-03 09:00")
    c.move("validated", "2025-03-03 10:00")          # 1 h of a 2 h limit: on time
    assert (c.level, c.holder) == (0, "case owner")
    c.move("in_handling", "2025-03-03 19:30")        # 9.5 h of a 4 h limit: two escalations
    assert (c.level, c.holder) == (2, "department head")
    c.move("answered", "2025-03-04 20:00")           # 24.5 h of a 24 h limit: one more
    assert (c.level, c.holder) == (3, "service director")
    c.move("closed", "2025-03-05 09:00")
    history = c.history_frame()
    assert history["escalations"].tolist() == [0, 2, 1, 0]
    assert history["hours"].tolist() == pytest.approx([1.0, 9.5, 24.5, 13.0])
    assert c.state == "closed"


def test_illegal_move_names_complaint_and_states():
    c = cp.Complaint("C-42", "2025-03-03 09:00").move("validated", "2025-03-03 09:30")
    with pytest.raises(cp.IllegalTransition, match=r"C-42.*'validated'.*'closed'"):
        c.move("closed", "2025-03-04 09:00")
    assert c.state == "validated" and len(c.history) == 1  # nothing changed


def test_invalid_branch_and_reopening_are_legal():
    c = cp.Complaint("C-9", "2025-03-03 09:00", limits={"invalid": 2})
    c.move("invalid", "2025-03-03 09:10").move("answered", "2025-03-03 15:10")  # 6 h of 2 h: 2 escalations
    assert c.level == 2
    c.move("closed", "2025-03-04 09:00").move("in_handling", "2025-03-10 09:00")  # reopened
    assert c.state == "in_handling"


def test_level_is_capped_at_the_top_of_the_ladder():
    c = cp.Complaint("C-1", "2025-03-03 00:00")
    c.move("validated", "2025-03-10 00:00")  # a week in a 2 h stage
    assert c.level == len(cp.ESCALATION_LADDER) - 1 and c.holder == "general manager"


def test_time_cannot_run_backwards_and_states_must_exist():
    c = cp.Complaint("C-1", "2025-03-03 09:00")
    with pytest.raises(ValueError, match="C-1.*before"):
        c.move("validated", "2025-03-03 08:00")
    with pytest.raises(ValueError, match="to_state"):
        c.move("solved", "2025-03-03 10:00")
    with pytest.raises(ValueError, match="received_at"):
        cp.Complaint("C-2", "not a date")


def test_overdue_escalations_while_waiting():
    c = cp.Complaint("C-1", "2025-03-03 09:00")
    assert c.overdue_escalations("2025-03-03 10:59") == 0
    assert c.overdue_escalations("2025-03-03 13:30") == 2  # 4.5 h of a 2 h limit


# --- a whole log ----------------------------------------------------------------------------


def test_stage_hours_by_hand():
    hours = cp.stage_hours(small_log())
    expected = pd.DataFrame({
        "received": [1.5, 0.5], "validated": [9.0, np.nan], "invalid": [np.nan, 10.0],
        "in_handling": [14.0, np.nan], "answered": [48.0, 84.0],
    }, index=pd.Index(["C1", "C2"], name="complaint_id"))
    pd.testing.assert_frame_equal(hours, expected)


def test_replay_by_hand():
    out = cp.replay(small_log())
    # C1: validated 9 h / 4 h -> 2; handling 14 h / 24 h -> 0; visit 48 h / 72 h -> 0.
    # C2: invalid 10 h / 8 h -> 1; visit 84 h / 72 h -> 1.
    assert out.loc["C1", ["received", "validated", "in_handling", "answered"]].tolist() == [0, 2, 0, 0]
    assert out.loc["C2", ["invalid", "answered"]].tolist() == [1, 1]
    assert out["level"].tolist() == [2, 2]
    assert out["holder"].tolist() == ["department head", "department head"]
    assert out["first_escalated_in"].tolist() == ["validated", "invalid"]
    assert out["state"].tolist() == ["closed", "closed"]
    looser = cp.replay(small_log(), {"validated": 10, "invalid": 12, "answered": 90})
    assert looser["level"].tolist() == [0, 0] and not looser["escalated"].any()


def test_open_complaint_has_its_last_state():
    open_log = small_log()
    open_log.loc[0, ["resolved_at", "visited_at"]] = pd.NaT
    out = cp.replay(open_log)
    assert out.loc["C1", "state"] == "in_handling"
    assert np.isnan(cp.stage_hours(open_log).loc["C1", "in_handling"])


def test_log_with_illegal_move_is_refused_naming_it():
    bad = small_log()
    bad.loc[1, "resolved_at"] = pd.NaT  # C2 gets a return visit without ever being answered
    with pytest.raises(cp.IllegalTransition, match=r"C2.*'invalid'.*'closed'.*visited_at.*resolved_at"):
        cp.replay(bad)


def test_log_with_time_running_backwards_is_refused():
    bad = small_log()
    bad.loc[0, "resolved_at"] = pd.Timestamp("2025-03-03 12:00")  # before first_response_at
    with pytest.raises(ValueError, match=r"C1.*resolved_at.*before first_response_at"):
        cp.replay(bad)


def test_log_checks_columns_ids_and_limits():
    with pytest.raises(ValueError, match="visited_at"):
        cp.replay(small_log().drop(columns="visited_at"))
    twice = small_log().assign(complaint_id=["C1", "C1"])
    with pytest.raises(ValueError, match="C1.*more than once"):
        cp.replay(twice)
    with pytest.raises(ValueError, match="limits.*'closed'"):
        cp.replay(small_log(), {"closed": 3})
    with pytest.raises(ValueError, match=r"limits\['validated'\]"):
        cp.replay(small_log(), {"validated": -1})


def test_vectorised_replay_equals_event_by_event_replay(log):
    # Independent route: every event of the log through Complaint.move, one at a time.
    events = cp.log_to_events(log)
    received = log.set_index("complaint_id")["received_at"]
    cases = {cid: cp.Complaint(cid, at) for cid, at in received.items()}
    for row in events.itertuples(index=False):
        cases[row.complaint_id].move(row.to_state, row.at)
    levels = pd.Series({cid: c.level for cid, c in cases.items()})
    states = pd.Series({cid: c.state for cid, c in cases.items()})
    vectorised = cp.replay(log)
    assert (vectorised["level"] == levels[vectorised.index]).all()
    assert (vectorised["state"] == states[vectorised.index]).all()


def test_replay_reproduces_the_desks_escalated_flag(log):
    assert (cp.replay(log)["escalated"].to_numpy() == log["escalated"].to_numpy()).all()


def test_longer_limits_never_add_escalations(log):
    tight = cp.escalation_by_stage(log, {s: h / 2 for s, h in cp.DEFAULT_LIMITS.items()})
    usual = cp.escalation_by_stage(log)
    loose = cp.escalation_by_stage(log, {s: h * 2 for s, h in cp.DEFAULT_LIMITS.items()})
    assert (tight["overdue"] >= usual["overdue"]).all() and (usual["overdue"] >= loose["overdue"]).all()
    assert tight["overdue"].sum() > loose["overdue"].sum()


def test_stage_table_counts(log):
    table = cp.escalation_by_stage(log)
    valid = int(log["valid"].sum())
    assert table.loc["received", "complaints"] == len(log)
    assert table.loc["validated", "complaints"] == valid
    assert table.loc["invalid", "complaints"] == len(log) - valid
    assert table["overdue_share"].between(0, 100).all()
    assert (table["escalations"] >= table["overdue"]).all()


def test_what_if_kpis_follow_the_replay(log):
    limits = {"validated": 8.0}
    table, kpis = cp.what_if(log, limits, sla_hours=12, customers=150_000)
    replayed = cp.replay(log, limits)
    assert kpis["escalation_rate"] == pytest.approx(100 * replayed["escalated"].mean())
    assert kpis["complaint_rate"] == pytest.approx(100 * len(log) / 150_000)
    resolved_hours = (log["resolved_at"] - log["received_at"]) / pd.Timedelta(hours=1)
    assert kpis["sla_compliance"] == pytest.approx(100 * (resolved_hours <= 12).mean())
    pd.testing.assert_frame_equal(table, cp.escalation_by_stage(log, limits))


def test_case_data_show_what_they_were_built_to_show(log):
    vital = pareto(log["category"].astype(str))
    assert vital.index[vital["vital_few"]].tolist() == ["billing error", "supply interruption", "meter reading"]
    first = cp.replay(log)["first_escalated_in"]
    assert (first == "validated").sum() > 0.6 * (first != "").sum()  # escalations cluster in one stage
    fcr = log.assign(first=log["contacts"] == 1).groupby("channel", observed=True)["first"].mean() * 100
    assert fcr["service hall"] - fcr["letter"] > 30
    assert complaint_kpis(log)["complaints"] == 3000


def test_events_are_in_time_order_and_complete(log):
    events = cp.log_to_events(log)
    assert events["at"].is_monotonic_increasing
    assert len(events) == 4 * log["valid"].sum() + 3 * (~log["valid"]).sum()


def test_process_flow_is_drawn():
    ax = cp.draw_process_flow()
    texts = " ".join(t.get_text() for t in ax.texts)
    for step in ("Receive", "Validity check", "Handle", "Return visit", "Periodic analysis", "Improve"):
        assert step in texts
