"""Lesson 10 customer value: retention, churn, CLV, RFM, word of mouth, and the BG/NBD and Gamma-Gamma models."""

from __future__ import annotations

import importlib.resources

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import integrate, special

import servicekit.metrics as m
from servicekit.data import describe
from servicekit.data.cdnow import load_whitespace_table
from servicekit.metrics import (
    churn_rate,
    clv,
    expected_lifetime,
    retention_rate,
    rfm_scores,
    word_of_mouth_loss,
    word_of_mouth_reach,
)
from servicekit.metrics.customer_value import VALUE_TIERS
from servicekit.models import customer_value as lifetime


def test_retention_and_churn_on_integer_counts():
    # Integer counts give the same answers as floats, and unsigned ones cannot hide "more new
    # customers than at the end" by wrapping around.
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
    # With 5 customers and 5 bins, each score is the rank 1..5 (best = 5); equal values share the
    # lowest rank of their tie, so they get the same score:
    #   recency, most recent best: c (1), a = d (2, 2), b = e (4, 4)   → R = 2,4,1,2,4
    #   frequency: c = e (1, 1), a = d (3, 3), b (5)                   → F = 3,5,1,3,1
    #   monetary:  e < b < a < d < c (no ties)                         → M = 3,2,5,4,1
    assert out["R"].tolist() == [2, 4, 1, 2, 4]
    assert out["F"].tolist() == [3, 5, 1, 3, 1]
    assert out["M"].tolist() == [3, 2, 5, 4, 1]
    assert out["rfm"].tolist() == ["233", "452", "115", "234", "411"]
    assert out["score"].tolist() == [8, 11, 7, 9, 6]
    # Tiers with 5 bins: 13–15 top, 10–12 high, 7–9 medium, 3–6 low.
    assert out["value_tier"].astype(str).tolist() == ["medium", "high", "medium", "medium", "low"]


def test_rfm_bins_and_now():
    tx = small_transactions()
    out = rfm_scores(tx, now="2024-03-20", bins=2)
    assert out.loc["b", "recency_days"] == 10
    # ⌊(rank − 1) · 2 / 5⌋ + 1 with ranks c 1, a = d 2, b = e 4 → 1, 1, 1, 2, 2.
    assert sorted(out["R"].tolist()) == [1, 1, 1, 2, 2]
    assert out["score"].between(3, 6).all()
    renamed = tx.rename(columns={"customer_id": "who", "date": "when", "amount": "paid"})
    again = rfm_scores(renamed, customer="who", date="when", amount="paid")
    assert again.index.name == "who"
    assert again["rfm"].tolist() == rfm_scores(tx)["rfm"].tolist()


def test_rfm_groups_on_many_customers():
    rng = np.random.default_rng(7)
    tx = pd.DataFrame({"customer_id": rng.integers(0, 1000, 20_000),
                       "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 365, 20_000), "D"),
                       "amount": rng.gamma(2.0, 30.0, 20_000).round(2)})
    out = rfm_scores(tx)
    for letter, measure, best_high in (("R", "recency_days", False), ("F", "frequency", True), ("M", "monetary", True)):
        # Equal values get one score, and a better value never scores lower.
        assert (out.groupby(measure)[letter].nunique() == 1).all()
        assert out.sort_values(measure, ascending=best_high)[letter].is_monotonic_increasing
        assert set(out[letter]) <= {1, 2, 3, 4, 5} and 1 in set(out[letter])
    # Spend totals here are distinct but for a few ties inside groups: five groups of 200 customers.
    assert out["M"].value_counts().sort_index().tolist() == [200] * 5
    # Higher R means more recent, higher M means more spend.
    assert out.groupby("R")["recency_days"].mean().is_monotonic_decreasing
    assert out.groupby("M")["monetary"].mean().is_monotonic_increasing
    assert out["value_tier"].cat.categories.tolist() == ["low", "medium", "high", "top"]


def test_rfm_monetary_is_the_total_in_floating_point():
    # Money is added as ordinary floats: 0.10 + 0.20 is 0.30000000000000004, a hair above 0.3.
    tx = pd.DataFrame({"customer_id": ["a", "a", "b"], "date": pd.to_datetime(["2024-01-02", "2024-01-05", "2024-01-03"]),
                       "amount": [0.1, 0.2, 0.3]})
    out = rfm_scores(tx)
    assert out.loc["a", "monetary"] == pytest.approx(0.3) and out.loc["b", "monetary"] == 0.3
    # Equal totals are a tie and share a score (amounts exact in binary: 0.25 + 0.5 = 0.75).
    tied = tx.assign(amount=[0.25, 0.5, 0.75])
    assert rfm_scores(tied, bins=2)["M"].tolist() == [1, 1]


# --- rfm_scores against a plain pandas version (groupby, rank(method="min")), to the last bit ---

modest = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a.view(np.uint8), b.view(np.uint8))


def reference_rfm(tx: pd.DataFrame, customer="customer_id", date="date", amount="amount", now=None,
                  bins=5) -> pd.DataFrame:
    """RFM the plain pandas way: a groupby (amounts totalled by pandas' sum), then
    rank(method="min") per measure, so that equal values share a rank."""
    dates = pd.to_datetime(tx[date])
    spend = tx[amount].to_numpy(dtype=float)
    table = pd.DataFrame({"customer": tx[customer].to_numpy(), "date": dates.to_numpy(),
                          "amount": spend}).groupby("customer", sort=True).agg(
        last=("date", "max"), frequency=("date", "size"),
        monetary=("amount", "sum"))
    now = dates.max() if now is None else pd.Timestamp(now)
    out = pd.DataFrame(index=table.index.rename(customer))
    out["recency_days"] = ((now - table["last"]) / pd.Timedelta(days=1)).to_numpy()
    out["frequency"] = table["frequency"].astype(np.int64)
    out["monetary"] = table["monetary"].astype(float)
    n = len(out)
    ranks = {"R": (-out["recency_days"]).rank(method="min"), "F": out["frequency"].rank(method="min"),
             "M": out["monetary"].rank(method="min")}
    for letter, rank in ranks.items():
        out[letter] = ((rank - 1) * bins // n + 1).astype(np.int64)
    out["rfm"] = out["R"].astype(str) + out["F"].astype(str) + out["M"].astype(str)
    out["score"] = out["R"] + out["F"] + out["M"]
    position = (out["score"] - 3) / (3 * bins - 3)
    tier = np.select([position >= 0.8, position >= 0.55, position >= 0.3], ["top", "high", "medium"], "low")
    out["value_tier"] = pd.Categorical(tier, categories=VALUE_TIERS, ordered=True)
    return out


IDS = ["dense", "gaps", "large", "text", "float"]
AMOUNTS = ["whole", "cents", "signed zeros", "huge"]
DATES = ["days", "hours", "time zone"]


def rfm_transactions(n: int, ids: str, amounts: str, dates: str, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    who = rng.integers(0, max(1, n // 3), n)
    who = {"dense": who, "gaps": who * 7 + 3, "large": who * 10**12, "text": np.array([f"c{i:04d}" for i in who]),
           "float": who / 4 - 1}[ids]
    spend = rng.integers(0, 30, n).astype(float)
    spend = {"whole": spend, "cents": np.round(rng.random(n) * 100, 2),
             "signed zeros": np.where(spend < 10, -0.0, spend), "huge": spend * 2.0**49}[amounts]
    start = pd.Timestamp("2024-01-01")
    when = start + pd.to_timedelta(rng.integers(0, 90, n), "D" if dates == "days" else "h")
    if dates == "time zone":
        when = when.tz_localize("Asia/Shanghai")
    return pd.DataFrame({"customer_id": who, "date": when, "amount": spend}, index=rng.permutation(n) + 10)


@modest
@given(st.integers(1, 400), st.sampled_from(IDS), st.sampled_from(AMOUNTS), st.sampled_from(DATES),
       st.integers(2, 9), st.booleans(), st.integers(0, 2**32 - 1))
def test_rfm_scores_match_a_plain_version(n, ids, amounts, dates, bins, later, seed):
    tx = rfm_transactions(n, ids, amounts, dates, seed)
    now = tx["date"].max() + pd.Timedelta(hours=30) if later else None
    expected = reference_rfm(tx, now=now, bins=bins)
    got = m.rfm_scores(tx, now=now, bins=bins)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    for column in ("recency_days", "monetary"):
        assert same_bits(got[column].to_numpy(), expected[column].to_numpy())


@pytest.mark.parametrize("ids", IDS)
@pytest.mark.parametrize("amounts", AMOUNTS)
def test_rfm_scores_match_a_plain_version_on_many_customers(ids, amounts):
    tx = rfm_transactions(30_000, ids, amounts, "hours", seed=len(ids) * 10 + len(amounts))
    pd.testing.assert_frame_equal(m.rfm_scores(tx), reference_rfm(tx), check_exact=True)


@pytest.mark.parametrize("amounts", AMOUNTS)
def test_rfm_scores_with_a_time_zone(amounts):
    tx = rfm_transactions(3000, "text", amounts, "time zone", seed=0)
    pd.testing.assert_frame_equal(m.rfm_scores(tx), reference_rfm(tx), check_exact=True)
    assert str(m.rfm_scores(tx)["recency_days"].dtype) == "float64"


def test_rfm_scores_keep_the_column_names_given():
    tx = rfm_transactions(200, "text", "whole", "days", seed=5).rename(
        columns={"customer_id": "who", "date": "when", "amount": "paid"})
    got = m.rfm_scores(tx, customer="who", date="when", amount="paid", now="2024-06-01", bins=3)
    expected = reference_rfm(tx, customer="who", date="when", amount="paid", now="2024-06-01", bins=3)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert got.index.name == "who"


@pytest.mark.parametrize("ids", [[1], [1, 1, 2], [2, 1, 2, 3]])
def test_rfm_scores_keep_the_sign_of_a_zero_total(ids):
    # Amounts of −0.0 are allowed (not below zero); pandas may total them to −0.0, and so must we.
    tx = pd.DataFrame({"customer_id": ids, "date": pd.Timestamp("2024-05-01"), "amount": -0.0})
    got, expected = m.rfm_scores(tx), reference_rfm(tx)
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert same_bits(got["monetary"].to_numpy(), expected["monetary"].to_numpy())


def test_the_answers_can_be_edited_like_any_frame():
    out = m.rfm_scores(rfm_transactions(50, "dense", "whole", "days", seed=3))
    out.iloc[0, out.columns.get_loc("frequency")] = 99
    out["monetary"] *= 2
    assert out["frequency"].iloc[0] == 99
    ranked = m.segment_attractiveness(pd.DataFrame({"a": [1, 3, 2]}), {"a": 1.0})
    ranked.iloc[0] = 0.5
    assert ranked.tolist() == [0.5, 2.0, 1.0]


# --- BG/NBD and Gamma-Gamma: published CDNOW estimates, the lifetimes package, hand-worked cases ---

# Fader, Hardie and Lee (2005), Marketing Science 24(2): BG/NBD on the 2,357-customer CDNOW sample, 39 weeks.
PUBLISHED_BGNBD = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
# Fader, Hardie and Lee (2005), JMR 42(4): Gamma-Gamma on the 946 repeat buyers of the same sample.
PUBLISHED_GAMMA_GAMMA = {"p": 6.25, "q": 3.74, "gamma": 15.44}


@pytest.fixture(scope="module")
def transactions():
    return load_whitespace_table(describe("cdnow").raw)


@pytest.fixture(scope="module")
def summary(transactions):
    return lifetime.calibration_summary(transactions, calibration_end="1997-09-30", observation_end="1998-06-30")


@pytest.fixture(scope="module")
def bgnbd(summary):
    return lifetime.bgnbd_params(summary)


@pytest.fixture(scope="module")
def gamma_gamma(summary):
    return lifetime.gamma_gamma_params(summary["frequency"], summary["monetary_value"])


def _shipped(name: str) -> pd.DataFrame:
    resource = importlib.resources.files("lifetimes").joinpath(f"datasets/{name}")
    with importlib.resources.as_file(resource) as path:
        return pd.read_csv(path, index_col=0)


# ----------------------------------------------------------------------------- the summary table


def test_cdnow_transactions_are_the_published_sample(transactions):
    assert len(transactions) == 6919
    assert transactions["customer_id"].nunique() == 2357
    assert transactions["date"].min() == pd.Timestamp("1997-01-01")
    assert transactions["date"].max() == pd.Timestamp("1998-06-30")


def test_calibration_summary_matches_the_table_the_papers_used(summary):
    # lifetimes ships the x, t_x, T, z-bar table of the papers (two decimals); we rebuild it from raw purchases.
    published = _shipped("cdnow_customers_summary_with_transactions.csv")
    assert len(summary) == 2357
    assert (summary["frequency"].to_numpy() == published["x"].to_numpy()).all()
    assert summary["frequency"].sum() == 2457
    np.testing.assert_allclose(summary["recency"], published["t_x"], atol=0.006)
    np.testing.assert_allclose(summary["T"], published["T"], atol=0.006)
    np.testing.assert_allclose(summary["monetary_value"], published["zbar"], atol=0.006)
    assert (summary["frequency"] > 0).sum() == 946
    assert summary["duration_holdout"].iloc[0] == pytest.approx(39.0)


def test_calibration_summary_by_hand():
    purchases = pd.DataFrame({
        "customer_id": ["A", "A", "A", "A", "B", "C"],
        "date": ["2024-01-01", "2024-01-01", "2024-01-15", "2024-02-12", "2024-01-29", "2024-03-20"],
        "amount": [10.0, 5.0, 20.0, 30.0, 8.0, 99.0],
    })
    table = lifetime.calibration_summary(purchases, calibration_end="2024-03-11", observation_end="2024-03-25")
    # C first bought after the calibration end: not in the table. A's two Jan-1 purchases are one day.
    assert list(table.index) == ["A", "B"]
    assert table.loc["A", "frequency"] == 2
    assert table.loc["A", "recency"] == pytest.approx(6.0)        # 42 days
    assert table.loc["A", "T"] == pytest.approx(10.0)             # 70 days
    assert table.loc["A", "monetary_value"] == pytest.approx(25.0)  # mean of 20 and 30; first day excluded
    assert table.loc["B", "frequency"] == 0 and table.loc["B", "recency"] == 0
    assert table.loc["B", "T"] == pytest.approx(6.0)
    assert table.loc["B", "monetary_value"] == 0
    assert (table["frequency_holdout"] == 0).all()
    assert table["duration_holdout"].iloc[0] == pytest.approx(2.0)


def test_calibration_summary_bad_input():
    purchases = pd.DataFrame({"customer_id": [1], "date": ["2024-01-01"], "amount": [1.0]})
    with pytest.raises(ValueError, match="amount='value'"):
        lifetime.calibration_summary(purchases, amount="value")
    with pytest.raises(ValueError, match="calibration_end"):
        lifetime.calibration_summary(purchases, calibration_end="not a date")
    with pytest.raises(ValueError, match="calibration_end"):
        lifetime.calibration_summary(purchases, calibration_end="2023-01-01")
    with pytest.raises(ValueError, match="observation_end"):
        lifetime.calibration_summary(purchases, calibration_end="2024-02-01", observation_end="2024-01-15")
    with pytest.raises(TypeError, match="transactions"):
        lifetime.calibration_summary([1, 2, 3])
    with pytest.raises(ValueError, match="unit_days"):
        lifetime.calibration_summary(purchases, calibration_end="2024-02-01", unit_days=0)


# ----------------------------------------------------------------------------- BG/NBD


def test_bgnbd_reproduces_the_published_cdnow_parameters(bgnbd):
    assert set(bgnbd) == {"r", "alpha", "a", "b"}
    for key, value in PUBLISHED_BGNBD.items():
        assert round(bgnbd[key], 3) == value, key


def test_bgnbd_fit_agrees_with_the_lifetimes_fitter(summary, bgnbd):
    import lifetimes
    fitter = lifetimes.BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
    for key in ("r", "alpha", "a", "b"):
        assert bgnbd[key] == pytest.approx(fitter.params_[key], rel=2e-4)
    # and the predictions agree at our parameters
    fitter.params_ = pd.Series(bgnbd)
    x, t_x, age = summary["frequency"], summary["recency"], summary["T"]
    np.testing.assert_allclose(lifetime.bgnbd_probability_alive(bgnbd, x, t_x, age),
                               fitter.conditional_probability_alive(x, t_x, age), rtol=1e-9)
    np.testing.assert_allclose(lifetime.bgnbd_expected_purchases(bgnbd, 39, x, t_x, age),
                               fitter.conditional_expected_number_of_purchases_up_to_time(39, x, t_x, age), rtol=1e-8)
    np.testing.assert_allclose(lifetime.bgnbd_population_purchases(bgnbd, [13.0, 39.0, 78.0]),
                               fitter.expected_number_of_purchases_up_to_time(np.array([13.0, 39.0, 78.0])), rtol=1e-9)


def test_bgnbd_loglikelihood_by_hand():
    params = {"r": 0.5, "alpha": 2.0, "a": 1.5, "b": 3.0}
    # x = 0: L = (α / (α + T))^r
    assert lifetime.bgnbd_loglikelihood(params, [0], [0], [10.0])[0] == pytest.approx(0.5 * np.log(2 / 12))
    # x = 2, t_x = 4, T = 10, term by term from the formula
    r, alpha, a, b = 0.5, 2.0, 1.5, 3.0
    gamma_part = np.exp(special.gammaln(r + 2) - special.gammaln(r)) * alpha**r
    first = special.beta(a, b + 2) / special.beta(a, b) * gamma_part / (alpha + 10) ** (r + 2)
    second = special.beta(a + 1, b + 1) / special.beta(a, b) * gamma_part / (alpha + 4) ** (r + 2)
    assert lifetime.bgnbd_loglikelihood(params, [2], [4.0], [10.0])[0] == pytest.approx(np.log(first + second))


def test_bgnbd_published_customer_prediction(bgnbd):
    # The worked example of Fader, Hardie and Lee (2005): x = 2, t_x = 30.43, T = 38.86 expects 1.226 purchases in 39 weeks.
    assert lifetime.bgnbd_expected_purchases(bgnbd, 39, 2, 30.43, 38.86) == pytest.approx(1.226, abs=5e-4)
    assert lifetime.bgnbd_probability_alive(bgnbd, [0], [0], [20.0])[0] == 1.0


def test_bgnbd_tracks_cumulative_repeat_purchases(summary, bgnbd):
    # Σᵢ E[X(Tᵢ)] should match the 2,457 calibration repeat purchases, and Σᵢ E[X(Tᵢ + 39)] the 4,339
    # repeat purchases to the end of June 1998 (the model under-forecasts the holdout by about 4%).
    age = summary["T"].to_numpy()
    actual_total = summary["frequency"].sum() + summary["frequency_holdout"].sum()
    assert summary["frequency_holdout"].sum() == 1882
    assert lifetime.bgnbd_population_purchases(bgnbd, age).sum() == pytest.approx(2457, rel=0.02)
    assert lifetime.bgnbd_population_purchases(bgnbd, age + 39).sum() == pytest.approx(actual_total, rel=0.05)


def test_bgnbd_bad_input(summary):
    with pytest.raises(ValueError, match="recency"):
        lifetime.bgnbd_params(pd.DataFrame({"frequency": [1], "recency": [5.0], "T": [4.0]}))
    with pytest.raises(ValueError, match="frequency"):
        lifetime.bgnbd_params(pd.DataFrame({"frequency": [1.5], "recency": [1.0], "T": [4.0]}))
    with pytest.raises(ValueError, match="'T'"):
        lifetime.bgnbd_params(pd.DataFrame({"frequency": [1], "recency": [1.0]}))
    with pytest.raises(TypeError, match="summary"):
        lifetime.bgnbd_params([[1, 1.0, 4.0]])
    with pytest.raises(TypeError, match="params"):
        lifetime.bgnbd_probability_alive({"r": 1.0}, [1], [1.0], [2.0])
    with pytest.raises(ValueError, match=r"params\['alpha'\]"):
        lifetime.bgnbd_probability_alive({"r": 1.0, "alpha": -1.0, "a": 1.0, "b": 1.0}, [1], [1.0], [2.0])
    with pytest.raises(ValueError, match="a − 1"):
        lifetime.bgnbd_population_purchases({"r": 1.0, "alpha": 1.0, "a": 1.0, "b": 1.0}, 5.0)


# ----------------------------------------------------------------------------- Gamma-Gamma


def test_gamma_gamma_reproduces_the_published_cdnow_parameters(gamma_gamma):
    assert round(gamma_gamma["p"], 2) == PUBLISHED_GAMMA_GAMMA["p"]
    assert round(gamma_gamma["q"], 2) == PUBLISHED_GAMMA_GAMMA["q"]
    assert round(gamma_gamma["gamma"], 2) == PUBLISHED_GAMMA_GAMMA["gamma"]


def test_gamma_gamma_agrees_with_the_lifetimes_fitter(summary, gamma_gamma):
    import lifetimes
    buyers = summary[summary["frequency"] > 0]
    fitter = lifetimes.GammaGammaFitter().fit(buyers["frequency"], buyers["monetary_value"])
    for ours, theirs in (("p", "p"), ("q", "q"), ("gamma", "v")):
        assert gamma_gamma[ours] == pytest.approx(fitter.params_[theirs], rel=1e-3)
    fitter.params_ = pd.Series({"p": gamma_gamma["p"], "q": gamma_gamma["q"], "v": gamma_gamma["gamma"]})
    np.testing.assert_allclose(
        lifetime.gamma_gamma_expected_spend(gamma_gamma, buyers["frequency"], buyers["monetary_value"]),
        fitter.conditional_expected_average_profit(buyers["frequency"], buyers["monetary_value"]), rtol=1e-9)


def test_gamma_gamma_density_integrates_to_one():
    params = {"p": 6.0, "q": 4.0, "gamma": 15.0}
    def density(z):
        return np.exp(lifetime.gamma_gamma_loglikelihood(params, np.array([3.0]), np.array([z])))[0]

    assert integrate.quad(density, 0, np.inf)[0] == pytest.approx(1.0, abs=1e-6)


def test_gamma_gamma_expected_spend_by_hand():
    params = {"p": 6.0, "q": 4.0, "gamma": 15.0}
    # population mean γp/(q − 1) = 30; x = 2, z̄ = 50: weight px/(px + q − 1) = 12/15 = 0.8 → 0.2·30 + 0.8·50 = 46
    assert lifetime.gamma_gamma_expected_spend(params, [0, 2], [0.0, 50.0]) == pytest.approx([30.0, 46.0])
    with pytest.raises(ValueError, match=r"params\['q'\]"):
        lifetime.gamma_gamma_expected_spend({"p": 1.0, "q": 0.5, "gamma": 1.0}, [1], [1.0])
    with pytest.raises(ValueError, match="same length"):
        lifetime.gamma_gamma_expected_spend(params, [1, 2], [1.0])
    with pytest.raises(ValueError, match="at least two"):
        lifetime.gamma_gamma_params([0, 0, 1], [0.0, 0.0, 5.0])


# ----------------------------------------------------------------------------- customer value


def test_model_clv_by_hand(summary, bgnbd, gamma_gamma):
    few = summary.head(5)
    value = lifetime.model_clv(bgnbd, gamma_gamma, few, margin=0.3, horizon=52, step=52, discount=0.0)
    purchases = lifetime.bgnbd_expected_purchases(bgnbd, 52, few["frequency"], few["recency"], few["T"])
    spend = lifetime.gamma_gamma_expected_spend(gamma_gamma, few["frequency"], few["monetary_value"])
    np.testing.assert_allclose(value, 0.3 * purchases * spend)
    # With discounting, split into 13 four-week periods: less than undiscounted, more than fully discounted.
    discounted = lifetime.model_clv(bgnbd, gamma_gamma, few, margin=0.3, horizon=52, step=4, discount=0.01)
    assert ((discounted < value) & (discounted > value / 1.01**13)).all()
    assert list(discounted.index) == list(few.index)


def test_model_clv_bad_input(summary, bgnbd, gamma_gamma):
    few = summary.head(3)
    with pytest.raises(ValueError, match="horizon"):
        lifetime.model_clv(bgnbd, gamma_gamma, few, horizon=50, step=4)
    with pytest.raises(ValueError, match="margin"):
        lifetime.model_clv(bgnbd, gamma_gamma, few, margin=1.5)
    with pytest.raises(ValueError, match="monetary_value"):
        lifetime.model_clv(bgnbd, gamma_gamma, few.drop(columns="monetary_value"))


def test_bgnbd_params_is_reachable_from_servicekit_models(summary):
    from servicekit import models

    assert models.customer_value.bgnbd_params is lifetime.bgnbd_params
