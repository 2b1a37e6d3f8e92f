"""Complaints: Pareto tables and complaint-log KPIs, worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from servicekit.metrics import complaint_kpis, pareto


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


@pytest.mark.parametrize("extra", [0, 30])  # a few categories are counted one by one, many with bincount
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


def test_complaint_kpis_in_nanoseconds_and_with_waits_too_long_to_sum_in_integers():
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
    # Waits of about 250 years in nanoseconds: two of them overflow an int64 sum, so they are
    # added in floating point instead.
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
