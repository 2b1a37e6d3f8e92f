"""Lesson 04 perceptual map: correspondence analysis of a brand × attribute table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import prince
import pytest
from scipy.stats import chi2_contingency

from servicekit import data
from servicekit.positioning import association_table, perceptual_map, positioning_summary, total_inertia


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
