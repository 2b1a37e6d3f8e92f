"""Lesson 04 targeting and positioning: segment attractiveness, market potential and share, perceptual maps."""

from __future__ import annotations

import numpy as np
import pandas as pd
import prince
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.stats import chi2_contingency

import servicekit.metrics as m
from servicekit import data
from servicekit.metrics import market_potential, market_share, segment_attractiveness
from servicekit.models.positioning import association_table, perceptual_map, positioning_summary, total_inertia


# --- segment attractiveness, market potential and market share, worked by hand ---------------

def test_segment_attractiveness_by_hand():
    scores = pd.DataFrame({"size": [5, 9, 7], "profit": [9, 4, 3], "fit": [9, 8, 6], "note": ["x", "y", "z"]},
                          index=["business", "ordinary", "rural"])
    out = segment_attractiveness(scores, {"size": 0.5, "profit": 0.3, "fit": 0.2})
    # business 2.5 + 2.7 + 1.8 = 7.0; ordinary 4.5 + 1.2 + 1.6 = 7.3; rural 3.5 + 0.9 + 1.2 = 5.6
    assert list(out.index) == ["ordinary", "business", "rural"]
    np.testing.assert_allclose(out.to_numpy(), [7.3, 7.0, 5.6])
    assert out.name == "attractiveness"
    profit_first = segment_attractiveness(scores, {"profit": 1.0})
    assert list(profit_first.index) == ["business", "ordinary", "rural"]


def test_segment_ties_keep_the_given_order():
    scores = pd.DataFrame({"a": [1, 1]}, index=["second", "first"])
    assert list(segment_attractiveness(scores, {"a": 1.0}).index) == ["second", "first"]


def test_market_potential_and_share_by_hand():
    # 2 million possible buyers × 3 purchases a year × 40 yuan = 240 million yuan.
    assert market_potential(2_000_000, 3, 40) == pytest.approx(240_000_000)
    np.testing.assert_allclose(market_potential([1000, 2000], 2, [10, 5]), [20_000, 20_000])
    assert market_share(36, 240) == pytest.approx(15.0)
    shares = market_share(pd.Series([50, 30, 20], index=["us", "them", "others"]), 100)
    assert shares.to_dict() == {"us": 50.0, "them": 30.0, "others": 20.0}


# --- segment_attractiveness against a plain NumPy version, to the last bit and the order of ties ---

modest = settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.dtype == b.dtype and a.shape == b.shape and np.array_equal(a.view(np.uint8), b.view(np.uint8))


def reference_attractiveness(scores: pd.DataFrame, weights: dict) -> pd.Series:
    total = np.zeros(len(scores))
    for criterion, weight in weights.items():
        total += weight * scores[criterion].to_numpy(dtype=float)
    order = np.argsort(-total, kind="stable")
    return pd.Series(total[order], index=scores.index[order], name="attractiveness")


@modest
@given(st.integers(1, 3000), st.integers(1, 8), st.sampled_from(["int", "float", "labels", "zeros"]),
       st.integers(0, 2**32 - 1))
def test_segment_attractiveness_matches_a_plain_version(n, columns, kind, seed):
    rng = np.random.default_rng(seed)
    scores = pd.DataFrame(rng.integers(0, 11, (n, columns)), columns=[f"c{i}" for i in range(columns)])
    if kind == "float":
        scores = scores / 4
    elif kind == "labels":
        scores.index = [f"segment {i}" for i in rng.permutation(n)]
    elif kind == "zeros":
        scores = scores.where(scores > 5, -0.0).assign(other="not a criterion")
    weights = dict(zip(scores.columns[:columns], rng.dirichlet(np.ones(columns))))
    expected = reference_attractiveness(scores, weights)
    got = m.segment_attractiveness(scores, weights)
    pd.testing.assert_series_equal(got, expected, check_exact=True)
    assert same_bits(got.to_numpy(), expected.to_numpy())


def test_segment_attractiveness_on_the_course_weights():
    rng = np.random.default_rng(20240501)
    scores = pd.DataFrame(rng.integers(0, 11, (50_000, 8)), columns=[f"c{i}" for i in range(8)])
    weights = dict(zip(scores.columns, [0.2, 0.15, 0.15, 0.1, 0.1, 0.1, 0.1, 0.1]))
    pd.testing.assert_series_equal(m.segment_attractiveness(scores, weights),
                                   reference_attractiveness(scores, weights), check_exact=True)


# --- the perceptual map: correspondence analysis of a brand × attribute table ----------------

@pytest.fixture(scope="module")
def survey():
    return data.load("brand_perceptions").drop(columns=["respondent_id", "respondent_segment"])


@pytest.fixture(scope="module")
def table(survey):
    return association_table(survey)


def test_association_table_counts_the_ticks(survey, table):
    assert table.shape == (6, 8)
    by_hand = survey[survey["brand"] == "Kite"]["low_price"].sum()
    assert table.loc["Kite", "low_price"] == by_hand
    assert table.to_numpy().sum() == survey.drop(columns="brand").to_numpy().sum()


def test_total_inertia_is_chi_square_over_n(table):
    chi2 = chi2_contingency(table.to_numpy(), correction=False).statistic
    assert total_inertia(table) == pytest.approx(chi2 / table.to_numpy().sum(), rel=1e-10)


def test_map_inertia_and_eigenvalues_reproduce_chi_square(table):
    full = perceptual_map(table, n_components=min(table.shape) - 1)
    n = table.to_numpy().sum()
    chi2 = chi2_contingency(table.to_numpy(), correction=False).statistic
    assert full.inertia == pytest.approx(chi2 / n, rel=1e-10)
    assert full.explained.sum() == pytest.approx(100)
    # With every axis kept, the brands' mass-weighted squared distances from the centre add up
    # to the total inertia: Σ_i r_i ‖F_i‖² = χ²/n.
    masses = table.sum(axis=1) / n
    assert (masses * (full.brands ** 2).sum(axis=1)).sum() == pytest.approx(chi2 / n, rel=1e-10)


def test_coordinates_agree_with_prince(table):
    ours = perceptual_map(table, n_components=2)
    ca = prince.CA(n_components=2, random_state=0).fit(table)
    theirs_rows = ca.row_coordinates(table).to_numpy()
    theirs_cols = ca.column_coordinates(table).to_numpy()
    for axis in range(2):
        sign = np.sign(ours.brands.iloc[0, axis]) * np.sign(theirs_rows[0, axis])
        np.testing.assert_allclose(ours.brands.iloc[:, axis], sign * theirs_rows[:, axis], atol=1e-8)
        np.testing.assert_allclose(ours.attributes.iloc[:, axis], sign * theirs_cols[:, axis], atol=1e-8)
    assert ours.inertia == pytest.approx(ca.total_inertia_)
    np.testing.assert_allclose(ours.explained.to_numpy(), ca.percentage_of_variance_, atol=1e-8)


def test_hand_worked_two_by_two_table():
    # N = [[30, 10], [10, 30]]: every expected count is 20, χ² = 4 × 10²/20 = 20, n = 80,
    # inertia = 0.25. One axis; the brands sit at ±0.5 and so do the attributes.
    table = pd.DataFrame([[30, 10], [10, 30]], index=["A", "B"], columns=["cheap", "premium"])
    assert total_inertia(table) == pytest.approx(0.25)
    result = perceptual_map(table, n_components=1)
    assert result.inertia == pytest.approx(0.25)
    assert result.brands["dim1"].abs().tolist() == pytest.approx([0.5, 0.5])
    assert result.brands.loc["A", "dim1"] == pytest.approx(-result.brands.loc["B", "dim1"])
    assert result.attributes["dim1"].abs().tolist() == pytest.approx([0.5, 0.5])
    assert result.explained["dim1"] == pytest.approx(100)


def test_distance_from_centre_is_the_full_map_distance(survey, table):
    summary = positioning_summary(survey)
    full = perceptual_map(table, n_components=min(table.shape) - 1)
    np.testing.assert_allclose(summary["distance_from_centre"], np.sqrt((full.brands ** 2).sum(axis=1)))


def test_the_planted_positioning_errors_show(survey):
    summary = positioning_summary(survey)
    assert summary.loc["Regal", "top_attribute"] == "prestige" and summary.loc["Regal", "top_share"] > 50
    assert summary["distance_from_centre"].idxmin() == "Lumo"
    assert summary["mentions_per_respondent"].idxmin() == "Lumo"
    assert {summary.loc["Kite", "top_attribute"], summary.loc["Kite", "second_attribute"]} == {"low_price", "prestige"}
    for brand in ("GoTone", "M-Zone", "Easyown"):
        assert summary.loc[brand, "top_share"] < 35


def test_the_map_is_the_same_on_every_run(table):
    first, second = perceptual_map(table), perceptual_map(table)
    pd.testing.assert_frame_equal(first.brands, second.brands)
    assert first.brands.loc["GoTone", "dim1"] > 0


def test_bad_input_raises(survey, table):
    with pytest.raises(TypeError, match="table must be a DataFrame"):
        perceptual_map(table.to_numpy())
    with pytest.raises(ValueError, match="no negative values"):
        total_inertia(table - 300)
    with pytest.raises(ValueError, match="row 'Lumo' has no counts"):
        perceptual_map(table.assign(**{c: table[c].where(table.index != "Lumo", 0) for c in table}))
    with pytest.raises(ValueError, match="n_components must lie in"):
        perceptual_map(table, n_components=6)
    with pytest.raises(ValueError, match="at least 2 rows and 2 columns"):
        total_inertia(table.iloc[:1])
    with pytest.raises(ValueError, match="brand names 'make'"):
        association_table(survey, brand="make")
    with pytest.raises(ValueError, match="column 'trendy' must hold 0 or 1"):
        association_table(survey.assign(trendy=2), attributes=["trendy", "prestige"])
