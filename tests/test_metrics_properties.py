"""Properties every metric must have whatever the data: ranges, monotonicity, identities.

Hypothesis draws the inputs; the example counts are kept small so the file runs in seconds.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import servicekit.metrics as m

# Applied to every test below (not as a global profile, so other test files keep their own settings).
modest = settings(max_examples=40, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.too_slow])

likert = st.lists(st.integers(1, 5), min_size=1, max_size=60)
fraction = st.floats(0.0, 0.99, allow_nan=False)
rate = st.floats(0.0, 0.5, allow_nan=False)
margin = st.floats(1.0, 1000.0, allow_nan=False)


# --- satisfaction and sampling -----------------------------------------------------------------

@modest
@given(st.lists(st.integers(0, 10), min_size=1, max_size=80))
def test_nps_is_within_minus_100_and_100(ratings):
    score = m.nps(ratings)
    assert -100 <= score <= 100
    promoters = sum(r >= 9 for r in ratings) / len(ratings) * 100
    assert score <= promoters + 1e-9


@modest
@given(likert, st.integers(1, 5))
def test_satisfaction_rate_and_top_box_are_percentages(responses, k):
    assert 0 <= m.satisfaction_rate(responses) <= 100
    assert 0 <= m.top_box(responses, k=k) <= 100
    # Top-2-box and the default satisfaction rate count the same levels (4 and 5).
    assert m.top_box(responses, k=2) == m.satisfaction_rate(responses)


@modest
@given(st.lists(st.lists(st.integers(1, 5), min_size=3, max_size=3), min_size=1, max_size=10))
def test_likert_to_score_keeps_the_shape(rows):
    array = np.array(rows)
    frame = pd.DataFrame(array, columns=["a", "b", "c"])
    assert m.likert_to_score(frame).shape == frame.shape
    flat = m.likert_to_score(array[:, 0])
    assert flat.shape == (len(rows),)
    assert isinstance(m.likert_to_score(rows[0]), list) and len(m.likert_to_score(rows[0])) == 3
    assert ((flat >= 20) & (flat <= 100)).all()


@st.composite
def index_trees(draw):
    """A two-level indicator tree with positive weights (normalised by the function) and scores."""
    tree, scores = {}, {}
    for g in range(draw(st.integers(1, 3))):
        children = {}
        for c in range(draw(st.integers(1, 3))):
            leaf = f"g{g}c{c}"
            children[leaf] = {"weight": draw(st.floats(0.05, 5))}
            scores[leaf] = draw(st.floats(0, 100))
        tree[f"g{g}"] = {"weight": draw(st.floats(0.05, 5)), "children": children}
    return tree, scores


@modest
@given(index_trees())
def test_weighted_index_lies_between_the_leaf_scores(case):
    tree, scores = case
    index = m.weighted_index(tree, scores, normalize=True)
    assert min(scores.values()) - 1e-9 <= index <= max(scores.values()) + 1e-9


@modest
@given(st.integers(20, 200), st.integers(2, 6), st.integers(0, 2**31 - 1))
def test_cronbach_alpha_is_at_most_one(n, k, seed):
    rng = np.random.default_rng(seed)
    trait = rng.normal(size=(n, 1))
    items = pd.DataFrame(np.clip(np.round(3 + trait + rng.normal(size=(n, k))), 1, 5))
    if (items.var() == 0).any() or items.sum(axis=1).var() == 0:
        return
    assert m.cronbach_alpha(items) <= 1 + 1e-12
    assert m.cronbach_alpha(items, standardized=True) <= 1 + 1e-12


@modest
@given(st.floats(0.005, 0.2), st.floats(0.005, 0.2), st.sampled_from([0.9, 0.95, 0.99]),
       st.one_of(st.none(), st.integers(1, 100_000)))
def test_sample_size_falls_as_the_margin_widens(a, b, confidence, population):
    narrow, wide = min(a, b), max(a, b)
    assert m.sample_size(narrow, confidence, population=population) >= m.sample_size(wide, confidence, population=population)
    if population is not None:
        assert m.sample_size(wide, confidence, population=population) <= population


# --- staffing ----------------------------------------------------------------------------------

calls = st.floats(10, 3000)
handling = st.floats(30, 900)


@modest
@given(calls, handling, st.floats(0, 120))
def test_service_level_rises_with_agents(arrival_rate, aht, target_time):
    traffic = arrival_rate * aht / 3600
    agents = np.arange(max(1, math.floor(traffic) - 2), math.floor(traffic) + 40)
    level = m.service_level(arrival_rate, aht, agents, target_time)
    waiting = m.erlang_c(arrival_rate, aht, agents)
    assert np.all(np.diff(level) >= -1e-9)
    assert np.all(np.diff(waiting) <= 1e-12)
    assert np.all((level >= 0) & (level <= 100))
    assert np.all((waiting >= 0) & (waiting <= 1))


@modest
@given(calls, handling, st.floats(5, 120), st.floats(50, 99))
def test_agents_needed_meets_the_target_and_one_fewer_does_not(arrival_rate, aht, target_time, target):
    n = m.agents_needed(arrival_rate, aht, target_time, target)
    assert m.service_level(arrival_rate, aht, n, target_time) >= target
    if n > 1:
        assert m.service_level(arrival_rate, aht, n - 1, target_time) < target
    assert n > arrival_rate * aht / 3600


# --- value -------------------------------------------------------------------------------------

@modest
@given(margin, fraction, fraction, rate, st.one_of(st.none(), st.integers(1, 50)))
def test_clv_rises_with_retention_and_falls_with_discount(mg, r1, r2, d, periods):
    low, high = sorted((r1, r2))
    assert m.clv(mg, high, d, periods=periods) >= m.clv(mg, low, d, periods=periods) - 1e-9
    assert m.clv(mg, low, d + 0.05, periods=periods) <= m.clv(mg, low, d, periods=periods) + 1e-9


@modest
@given(margin, fraction, rate, st.integers(1, 60))
def test_finite_clv_grows_with_the_horizon_towards_the_infinite_one(mg, r, d, periods):
    shorter = m.clv(mg, r, d + 0.01, periods=periods)
    longer = m.clv(mg, r, d + 0.01, periods=periods + 1)
    assert shorter <= longer <= m.clv(mg, r, d + 0.01) * (1 + 1e-12)


@modest
@given(st.integers(1, 10_000), st.data())
def test_retention_plus_churn_is_100(start, data):
    lost = data.draw(st.integers(0, start))
    new = data.draw(st.integers(0, 10_000))
    end = start - lost + new
    assert abs(m.retention_rate(start, end, new) + m.churn_rate(start, lost) - 100) < 1e-9


@modest
@given(fraction)
def test_lifetime_is_the_undiscounted_clv_of_a_unit_margin(r):
    # Σ rᵗ⁻¹ over all periods = 1 / (1 − r): the lifetime in periods.
    assert abs(m.expected_lifetime(r) - m.clv(1.0, r, 0.0)) < 1e-9 * m.expected_lifetime(r)


@modest
@given(st.integers(0, 50), margin, fraction, rate, st.integers(0, 500), st.floats(0, 1))
def test_word_of_mouth_loss_is_at_least_the_customers_own_value(lost, mg, r, d, influence, conversion):
    own = lost * m.clv(mg, r, d + 0.01)
    total = m.word_of_mouth_loss(lost, mg, r, d + 0.01, influence=influence, conversion=conversion)
    assert total >= own - 1e-9
    assert m.word_of_mouth_reach(lost, influence) == lost * influence


@modest
@given(st.integers(5, 300), st.integers(2, 9), st.integers(0, 2**31 - 1))
def test_rfm_scores_stay_on_the_scale(n, bins, seed):
    rng = np.random.default_rng(seed)
    tx = pd.DataFrame({"customer_id": rng.integers(0, max(2, n // 3), n),
                       "date": pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 100, n), "D"),
                       "amount": rng.integers(0, 50, n).astype(float)})
    out = m.rfm_scores(tx, bins=bins)
    for letter in "RFM":
        assert out[letter].between(1, bins).all()
    assert (out["score"] == out["R"] + out["F"] + out["M"]).all()
    assert out["frequency"].sum() == n
    # A higher score never sits in a lower tier.
    tiers = out.sort_values("score")["value_tier"].cat.codes
    assert tiers.is_monotonic_increasing


# --- quality, complaints, segments, market -------------------------------------------------------

@modest
@given(st.lists(st.sampled_from("AOMIRQ"), min_size=1, max_size=50).filter(lambda c: set(c) & set("AOMI")))
def test_kano_coefficients_lie_in_their_ranges(categories):
    result = m.kano_coefficients(categories)
    assert 0 <= result["better"] <= 1
    assert -1 <= result["worse"] <= 0


@modest
@given(st.lists(st.sampled_from(["billing", "delay", "rude", "meter", "noise", "price"]), min_size=1, max_size=200))
def test_pareto_cumulative_share_is_monotone_and_ends_at_100(causes):
    table = m.pareto(causes)
    cumulative = table["cumulative_share"].to_numpy()
    assert np.all(np.diff(cumulative) > 0)
    assert cumulative[-1] == 100.0
    assert table["count"].sum() == len(causes)
    assert np.all(np.diff(table["count"].to_numpy()) <= 0)
    # The vital few are a leading block and always include the top cause.
    vital = table["vital_few"].to_numpy()
    assert vital[0] and np.all(np.diff(vital.astype(int)) <= 0)


@modest
@given(st.lists(st.tuples(st.floats(1, 7), st.floats(1, 7)), min_size=1, max_size=30))
def test_importance_performance_quadrants_agree_with_the_cuts(pairs):
    importance, performance = zip(*pairs)
    out = m.importance_performance(list(importance), list(performance))
    important = out["importance"] >= np.mean(importance)
    assert set(out.loc[important, "quadrant"]) <= {"concentrate here", "keep up the good work"}
    assert set(out.loc[~important, "quadrant"]) <= {"low priority", "possible overkill"}


@modest
@given(st.lists(st.integers(1, 7), min_size=1, max_size=50))
def test_customer_effort_score_lies_on_the_scale(responses):
    assert 1 <= m.customer_effort_score(responses) <= 7


@modest
@given(st.integers(1, 6), st.integers(1, 4), st.integers(0, 2**31 - 1))
def test_segment_attractiveness_lies_between_the_criterion_scores(segments, criteria, seed):
    rng = np.random.default_rng(seed)
    scores = pd.DataFrame(rng.integers(0, 11, (segments, criteria)), columns=[f"c{i}" for i in range(criteria)])
    raw = rng.random(criteria) + 0.01
    weights = dict(zip(scores.columns, raw / raw.sum()))
    out = m.segment_attractiveness(scores, weights)
    assert np.all(np.diff(out.to_numpy()) <= 0)
    low, high = scores.min(axis=1)[out.index], scores.max(axis=1)[out.index]
    assert np.all(out >= low - 1e-9) and np.all(out <= high + 1e-9)


@modest
@given(st.lists(st.floats(0, 1e6), min_size=1, max_size=10).filter(lambda s: sum(s) > 0))
def test_market_shares_of_all_firms_add_to_100(sales):
    shares = m.market_share(sales, sum(sales))
    assert np.all((shares >= 0) & (shares <= 100 + 1e-9))
    assert abs(shares.sum() - 100) < 1e-6


@modest
@given(st.integers(1, 40), st.integers(0, 2**31 - 1), st.floats(1, 72))
def test_complaint_kpis_are_percentages(n, seed, sla_hours):
    rng = np.random.default_rng(seed)
    received = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 5000, n), "min")
    resolved = received + pd.to_timedelta(rng.integers(0, 4000, n), "min")
    log = pd.DataFrame({"complaint_id": range(n), "received_at": received,
                        "first_response_at": received + pd.to_timedelta(rng.integers(0, 600, n), "min"),
                        "resolved_at": resolved.where(rng.random(n) < 0.8),
                        "contacts": rng.integers(1, 4, n), "escalated": rng.random(n) < 0.2,
                        "reopened": rng.random(n) < 0.1})
    kpis = m.complaint_kpis(log, customers=1000, sla_hours=sla_hours)
    for name in ("first_contact_resolution", "sla_compliance", "escalation_rate", "reopen_rate"):
        assert np.isnan(kpis[name]) or 0 <= kpis[name] <= 100
    assert kpis["complaints"] == n
    assert kpis["first_contact_resolution"] <= (log["contacts"] == 1).mean() * 100 + 1e-9
