"""Customer value: retention, churn, lifetime, CLV (explicit sums and the closed form), RFM, word of mouth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from servicekit.metrics import (
    churn_rate,
    clv,
    expected_lifetime,
    retention_rate,
    rfm_scores,
    word_of_mouth_loss,
    word_of_mouth_reach,
)


def test_retention_and_churn_on_integer_counts():
    # Integer counts are worked on as integers (no float copies): same answers as floats, and
    # unsigned ones cannot hide "more new customers than at the end" by wrapping around.
    start, end, new = np.array([400, 500, 7]), np.array([420, 480, 7]), np.array([60, 30, 0])
    np.testing.assert_array_equal(retention_rate(start, end, new),
                                  retention_rate(start.astype(float), end.astype(float), new.astype(float)))
    np.testing.assert_array_equal(churn_rate(start, new), churn_rate(start.astype(float), new.astype(float)))
    with pytest.raises(ValueError, match="new must not exceed end"):
        retention_rate(np.array([10], dtype=np.uint8), np.array([2], dtype=np.uint8), np.array([3], dtype=np.uint8))


def test_retention_and_churn_by_hand():
    # 1,000 customers on 1 January, 1,050 on 31 December, 200 of them new in the year:
    # kept 1,050 − 200 = 850 → retention 85 %; 150 lost → churn 15 %.
    assert retention_rate(1000, 1050, 200) == pytest.approx(85.0)
    assert churn_rate(1000, 150) == pytest.approx(15.0)
    per_quarter = retention_rate([400, 500], [420, 480], [60, 30])
    np.testing.assert_allclose(per_quarter, [90.0, 90.0])
    series = churn_rate(pd.Series([200, 400], index=["Q1", "Q2"]), 20)
    assert list(series.index) == ["Q1", "Q2"] and list(series) == [10.0, 5.0]


def test_expected_lifetime_by_hand():
    assert expected_lifetime(0.8) == pytest.approx(5.0)  # 1 / 0.2
    assert expected_lifetime(0.0) == pytest.approx(1.0)
    np.testing.assert_allclose(expected_lifetime([0.5, 0.9]), [2.0, 10.0])


def explicit_clv(margin, retention, discount, periods):
    return sum(margin * retention ** (t - 1) / (1 + discount) ** t for t in range(1, periods + 1))


@pytest.mark.parametrize(("margin", "retention", "discount", "periods"),
                         [(100, 0.8, 0.1, 1), (100, 0.8, 0.1, 5), (250, 0.6, 0.12, 10),
                          (40, 0.95, 0.08, 30), (80, 1.0, 0.05, 12), (80, 0.7, 0.0, 7)])
def test_finite_clv_equals_the_explicit_sum(margin, retention, discount, periods):
    expected = explicit_clv(margin, retention, discount, periods)
    assert clv(margin, retention, discount, periods=periods) == pytest.approx(expected, rel=1e-12)
    assert clv(margin, retention, discount, periods=periods, acquisition_cost=30) == pytest.approx(expected - 30)


def test_clv_by_hand():
    # m = 100, r = 0.8, d = 0.1: year 1 100/1.1 = 90.909; year 2 80/1.21 = 66.116 → 157.025.
    assert clv(100, 0.8, 0.1, periods=2) == pytest.approx(100 / 1.1 + 80 / 1.21)
    # Infinite horizon m / (1 + d − r) = 100 / 0.3 = 333.33.
    assert clv(100, 0.8, 0.1) == pytest.approx(1000 / 3)
    assert clv(100, 1.0, 0.0, periods=4) == pytest.approx(400)


@pytest.mark.parametrize(("margin", "retention", "discount"), [(100, 0.8, 0.1), (60, 0.5, 0.2), (500, 0.97, 0.03)])
def test_infinite_clv_is_the_limit_of_long_sums(margin, retention, discount):
    closed = clv(margin, retention, discount)
    sums = [explicit_clv(margin, retention, discount, t) for t in (10, 100, 2000)]
    assert sums[0] < sums[1] <= sums[2] <= closed * (1 + 1e-12)  # rises towards the limit
    assert sums[2] == pytest.approx(closed, rel=1e-9)
    assert clv(margin, retention, discount, periods=2000) == pytest.approx(closed, rel=1e-9)


def test_clv_per_customer_arrays():
    margins = pd.Series([100.0, 50.0], index=["ann", "bo"])
    out = clv(margins, [0.8, 0.5], 0.1)
    assert list(out.index) == ["ann", "bo"]
    assert out["bo"] == pytest.approx(50 / 0.6)


def test_word_of_mouth_by_hand():
    # Girard's 250 law: losing 4 customers reaches 4 × 250 = 1,000 people.
    assert word_of_mouth_reach(4) == 1000
    assert word_of_mouth_reach(3, influence=100) == 300
    # CLV = 100 / (1 + 0.1 − 0.8) = 333.33; 4 lost customers: 4 × 333.33 = 1,333.33 of their own,
    # plus 4 × 250 × 1 % = 10 prospects lost → 10 × 333.33 = 3,333.33; total 4,666.67.
    assert word_of_mouth_loss(4, 100, 0.8, 0.1) == pytest.approx(4 * 1000 / 3 + 10 * 1000 / 3)
    assert word_of_mouth_loss(4, 100, 0.8, 0.1, conversion=0) == pytest.approx(4 * 1000 / 3)
    assert word_of_mouth_loss(1, 100, 0.8, 0.1, periods=2, influence=10, conversion=0.1) == pytest.approx(
        2 * (100 / 1.1 + 80 / 1.21))


def small_transactions() -> pd.DataFrame:
    return pd.DataFrame({
        "customer_id": ["a", "a", "b", "b", "b", "c", "d", "d", "e"],
        "date": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01", "2024-02-05", "2024-03-10",
                                "2023-12-01", "2024-01-15", "2024-03-01", "2024-03-10"]),
        "amount": [10, 20, 5, 5, 5, 100, 30, 30, 1],
    })


def test_rfm_by_hand():
    out = rfm_scores(small_transactions())
    # now = latest purchase, 10 March 2024. Per customer (recency days, frequency, monetary):
    #   a (9, 2, 30)  b (0, 3, 15)  c (100, 1, 100)  d (9, 2, 60)  e (0, 1, 1)
    assert out.loc["a", ["recency_days", "frequency", "monetary"]].tolist() == [9, 2, 30]
    assert out.loc["c", "recency_days"] == 100
    # With 5 customers and 5 bins, each score is the rank 1..5 (best = 5), ties in customer order:
    #   recency, most recent best: c < a < d < b < e  (a before d, b before e)  → R = 2,4,1,3,5
    #   frequency: c < e < a < d < b                                           → F = 3,5,1,4,2
    #   monetary:  e < b < a < d < c                                           → M = 3,2,5,4,1
    assert out["R"].tolist() == [2, 4, 1, 3, 5]
    assert out["F"].tolist() == [3, 5, 1, 4, 2]
    assert out["M"].tolist() == [3, 2, 5, 4, 1]
    assert out["rfm"].tolist() == ["233", "452", "115", "344", "521"]
    assert out["score"].tolist() == [8, 11, 7, 11, 8]
    # Tiers with 5 bins: 13–15 top, 10–12 high, 7–9 medium, 3–6 low.
    assert out["value_tier"].astype(str).tolist() == ["medium", "high", "medium", "high", "medium"]


def test_rfm_bins_and_now():
    tx = small_transactions()
    out = rfm_scores(tx, now="2024-03-20", bins=2)
    assert out.loc["b", "recency_days"] == 10
    # ⌊(rank − 1) · 2 / 5⌋ + 1 → ranks 1,2,3 get 1; ranks 4,5 get 2.
    assert sorted(out["R"].tolist()) == [1, 1, 1, 2, 2]
    assert out["score"].between(3, 6).all()
    renamed = tx.rename(columns={"customer_id": "who", "date": "when", "amount": "paid"})
    again = rfm_scores(renamed, customer="who", date="when", amount="paid")
    assert again.index.name == "who"
    assert again["rfm"].tolist() == rfm_scores(tx)["rfm"].tolist()


def test_rfm_equal_groups_on_many_customers():
    rng = np.random.default_rng(7)
    tx = pd.DataFrame({"customer_id": rng.integers(0, 1000, 20_000),
                       "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, 20_000), "D"),
                       "amount": rng.gamma(2.0, 30.0, 20_000).round(2)})
    out = rfm_scores(tx)
    n = len(out)
    for letter in "RFM":
        counts = out[letter].value_counts().sort_index()
        assert list(counts.index) == [1, 2, 3, 4, 5]
        assert counts.max() - counts.min() <= 1 and counts.sum() == n
    # Higher R means more recent, higher M means more spend.
    assert out.groupby("R")["recency_days"].mean().is_monotonic_decreasing
    assert out.groupby("M")["monetary"].mean().is_monotonic_increasing
    assert out["value_tier"].cat.categories.tolist() == ["low", "medium", "high", "top"]


def test_rfm_monetary_adds_money_exactly():
    # 0.10 + 0.20 in floating point is 0.30000000000000004; money is added in whole cents.
    tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": pd.to_datetime(["2024-01-02", "2024-01-05", "2024-01-03"]),
                       "amount": [0.1, 0.2, 0.3]})
    out = rfm_scores(tx)
    assert out.loc["a", "monetary"] == 0.3 and out.loc["b", "monetary"] == 0.3
    # Equal totals are a tie, settled by customer order: a ranks below b on spend (M 1, then 2 of 2 bins).
    assert rfm_scores(tx, bins=2)["M"].tolist() == [1, 2]
    # Amounts with more decimals than money has are added as floats (with pandas' correction).
    fine = tx.assign(amount=[0.1 + 0.2, 0.0, 0.001])
    assert rfm_scores(fine).loc["a", "monetary"] == 0.1 + 0.2
