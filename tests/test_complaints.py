"""Lesson 05 complaint handling: Pareto tables, complaint-log KPIs, and the complaint-process state machine."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pandas as pd
import pytest

import servicekit
from servicekit import data, style
from servicekit.metrics import complaint_kpis, pareto
from servicekit.models import complaints as cp


# --- Pareto tables and complaint-log KPIs, worked by hand ------------------------------------

def test_pareto_by_hand():
    causes = ["billing"] * 5 + ["delay"] * 3 + ["rude"] * 1 + ["meter"] * 1
    table = pareto(causes)
    # billing 5/10 = 50 %, delay 30 % (cum 80), then a tie of 1 each, broken by name: meter, rude.
    assert list(table.index) == ["billing", "delay", "meter", "rude"]
    assert table["count"].tolist() == [5, 3, 1, 1]
    np.testing.assert_allclose(table["share"], [50, 30, 10, 10])
    np.testing.assert_allclose(table["cumulative_share"], [50, 80, 90, 100])
    # Vital few while the share *before* the row is below 80: billing (0), delay (50); meter starts at 80.
    assert table["vital_few"].tolist() == [True, True, False, False]
    assert table.index.name == "category"


def test_pareto_from_counts():
    table = pareto({"wait": 12, "noise": 2, "price": 12, "staff": 4})
    assert list(table.index) == ["price", "wait", "staff", "noise"]  # tie 12–12 by name
    np.testing.assert_allclose(table["cumulative_share"], [40, 80, 93.333333, 100])
    assert table["vital_few"].tolist() == [True, True, False, False]
    from_series = pareto(pd.Series(["b", "a", "b"]))
    assert from_series["count"].to_dict() == {"b": 2, "a": 1}
    # A NumPy text array and a list give the same table as the Series.
    for same in (np.array(["b", "a", "b"]), ["b", "a", "b"]):
        pd.testing.assert_frame_equal(pareto(same), from_series, check_index_type=False)


@pytest.mark.parametrize("extra", [0, 30])  # few or many listed categories
def test_pareto_of_a_categorical_column(extra):
    listed = ["rude", "delay", "billing", "meter"] + [f"other {i:02d}" for i in range(extra)]
    causes = pd.Series(pd.Categorical(["delay", "billing", "rude", "delay", "billing", "rude", "delay"],
                                      categories=listed))
    table = pareto(causes)
    # delay 3; billing and rude 2 each, tie broken by name (not by the order of the categories);
    # every listed category appears, the ones nobody complained about at the bottom with 0.
    assert list(table.index[:4]) == ["delay", "billing", "rude", "meter"]
    assert table["count"].tolist()[:4] == [3, 2, 2, 0] and len(table) == len(listed)
    plain = pareto(causes.astype(str).tolist())
    assert table.index[:3].tolist() == plain.index.tolist()
    pd.testing.assert_frame_equal(table.iloc[:3].reset_index(drop=True), plain.reset_index(drop=True))
    assert table.index.dtype == causes.dtype  # the categories stay as they were
    with_gap = causes.copy()
    with_gap.iloc[4] = np.nan
    with pytest.raises(ValueError, match="missing label at position 4"):
        pareto(with_gap)


LOG = pd.DataFrame({
    "complaint_id": [1, 2, 3, 4, 5],
    "received_at": pd.to_datetime(["2024-05-01 08:00", "2024-05-01 09:00", "2024-05-02 10:00",
                                   "2024-05-03 10:00", "2024-05-03 12:00"]),
    "first_response_at": pd.to_datetime(["2024-05-01 09:00", "2024-05-01 12:00", "2024-05-02 12:00",
                                         "2024-05-03 11:00", None]),
    "resolved_at": pd.to_datetime(["2024-05-01 20:00", "2024-05-03 09:00", None, None,
                                   "2024-05-03 18:00"]),
    "contacts": [1, 3, 2, 1, 1],
    "escalated": [False, True, True, False, False],
    "reopened": [False, True, False, False, False],
    "channel": ["phone", "web", "phone", "web", "phone"],
})


def test_complaint_kpis_by_hand():
    kpis = complaint_kpis(LOG, customers=250)
    assert kpis["complaints"] == 5
    assert kpis["complaint_rate"] == pytest.approx(2.0)  # 5 per 250 customers = 2 per 100
    # Resolved with one contact: #1 and #5 → 2 of 5.
    assert kpis["first_contact_resolution"] == pytest.approx(40.0)
    # Response hours: 1, 3, 2, 1 (the fifth was never answered) → 7/4.
    assert kpis["mean_response_hours"] == pytest.approx(1.75)
    # Resolution hours of the resolved: #1 12 h, #2 48 h, #5 6 h → 22 h.
    assert kpis["mean_resolution_hours"] == pytest.approx(22.0)
    # SLA 24 h. Met: #1, #5. Broken: #2 (48 h). Open #3 received 2 May 10:00, deadline 3 May 10:00,
    # already past at the latest time in the log (3 May 18:00) → broken. Open #4 still has time → left out.
    assert kpis["sla_compliance"] == pytest.approx(2 / 4 * 100)
    assert kpis["escalation_rate"] == pytest.approx(40.0)
    assert kpis["reopen_rate"] == pytest.approx(20.0)


def test_complaint_kpis_options():
    without = complaint_kpis(LOG)
    assert np.isnan(without["complaint_rate"])
    # A generous 50-hour SLA: #1, #2, #5 met; both open complaints are inside their deadline.
    assert complaint_kpis(LOG, sla_hours=50)["sla_compliance"] == pytest.approx(100.0)
    # Judged a week later, open #4 has broken the 24 h SLA too: 2 met of 5 decided.
    later = complaint_kpis(LOG, as_of="2024-05-10")
    assert later["sla_compliance"] == pytest.approx(40.0)
    assert list(without.index) == ["complaints", "complaint_rate", "first_contact_resolution",
                                   "mean_response_hours", "mean_resolution_hours", "sla_compliance",
                                   "escalation_rate", "reopen_rate"]


def test_complaint_kpis_reads_text_times_and_zero_one_flags():
    as_text = LOG.assign(received_at=LOG["received_at"].astype(str),
                         escalated=LOG["escalated"].astype(int))
    pd.testing.assert_series_equal(complaint_kpis(as_text, customers=250), complaint_kpis(LOG, customers=250))


def test_complaint_kpis_in_nanoseconds_and_with_very_long_waits():
    # Nanosecond times: a resolution exactly on the 24 h deadline counts as met, one nanosecond later not.
    start = pd.Timestamp("2024-05-01 08:00")
    day = pd.Timedelta(hours=24)
    log = LOG.iloc[:2].assign(received_at=[start, start],
                              first_response_at=[start + pd.Timedelta(1, "ns"), pd.NaT],
                              resolved_at=[start + day, start + day + pd.Timedelta(1, "ns")])
    log = log.astype({"received_at": "datetime64[ns]", "resolved_at": "datetime64[ns]"})
    kpis = complaint_kpis(log)
    assert kpis["sla_compliance"] == pytest.approx(50.0)
    assert kpis["mean_response_hours"] == pytest.approx(1e-9 / 3600)
    # Waits of about 250 years in nanoseconds (two of them would overflow an int64 sum of nanoseconds)
    # are still averaged right.
    long = LOG.iloc[:2].assign(received_at=pd.to_datetime(["1700-01-01", "1700-01-01"]).astype("datetime64[ns]"),
                               first_response_at=pd.NaT,
                               resolved_at=pd.to_datetime(["1950-01-01", "1960-01-01"]).astype("datetime64[ns]"))
    hours = (pd.Timestamp("1955-01-01") - pd.Timestamp("1700-01-01")) / pd.Timedelta(hours=1)
    assert complaint_kpis(long)["mean_resolution_hours"] == pytest.approx(hours, rel=1e-12)


def test_complaint_kpis_counts_contacts_given_as_whole_floats():
    as_floats = complaint_kpis(LOG.assign(contacts=LOG["contacts"].astype(float)))
    pd.testing.assert_series_equal(as_floats, complaint_kpis(LOG))
    with pytest.raises(ValueError, match="contacts"):
        complaint_kpis(LOG.assign(contacts=[1, 1.5, 2, 1, 1]))
    with pytest.raises(ValueError, match="contacts"):
        complaint_kpis(LOG.assign(contacts=[1, 0, 2, 1, 1]))


# --- the complaint process -------------------------------------------------------------------

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


@pytest.mark.parametrize("code", ["en", "zh"])
def test_every_box_of_the_flow_chart_holds_its_text(code):
    """In either language each box's text lies inside it, clear of its rounded edge; no other text
    (an arrow's label, the note) touches a box; and neighbouring boxes leave room for an arrow."""
    from matplotlib.patches import FancyBboxPatch

    from language_checks import english_words, figure_texts

    servicekit.set_language(code)
    try:
        ax = cp.draw_process_flow()
        ax.figure.canvas.draw()
        boxes = [patch.get_window_extent() for patch in ax.patches if isinstance(patch, FancyBboxPatch)]
        held = []
        for text in (t for t in ax.texts if t.get_text()):
            extent = text.get_window_extent()
            for box in (b for b in boxes if b.overlaps(extent)):
                clear = min(extent.x0 - box.x0, box.x1 - extent.x1, extent.y0 - box.y0, box.y1 - extent.y1)
                assert clear >= 8, f"{text.get_text()!r} is {clear:.1f} px from its box's outer edge"
                held.append(text.get_text())
        assert len(held) == len(boxes) == 8, "one text in each box"
        for box in boxes:
            beside = [other.x0 - box.x1 for other in boxes if other.y0 == box.y0 and other.x0 > box.x1]
            assert not beside or min(beside) >= 20, "no room for an arrow between two boxes"
        if code == "zh":
            assert english_words(figure_texts(ax.figure)) == [] and style.missing_glyphs(ax.figure) == []
    finally:
        servicekit.set_language("en")
