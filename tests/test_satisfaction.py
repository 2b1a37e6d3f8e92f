"""Lesson 07 satisfaction: hand-worked examples, independent implementations, sample size, effort, bad input."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pingouin
import pytest
from scipy.stats import norm
from statsmodels.stats.proportion import samplesize_confint_proportion

from servicekit import data
from servicekit.metrics import (
    acsi_score,
    cronbach_alpha,
    customer_effort_score,
    index_breakdown,
    indicator_scores,
    likert_to_score,
    nps,
    sample_size,
    satisfaction_rate,
    top_box,
    weighted_index,
)

# The natural-gas tree of the lesson, worked by hand below.
GAS_TREE = {
    "supply": {"weight": 0.7, "children": {"pressure": {"weight": 0.6}, "quality": {"weight": 0.4}}},
    "repair": {"weight": 0.2, "children": {"attitude": {"weight": 0.2}, "timeliness": {"weight": 0.4},
                                           "result": {"weight": 0.4}}},
    "reading": {"weight": 0.1, "children": {"reader": {"weight": 0.3}, "errors": {"weight": 0.4},
                                            "bill": {"weight": 0.3}}},
}
GAS_SCORES = {"pressure": 80, "quality": 70, "attitude": 90, "timeliness": 60, "result": 75,
              "reader": 85, "errors": 50, "bill": 80}


def test_satisfaction_rate_by_hand():
    # 10 answers, levels 4 and 5 count: 3 + 2 = 5 satisfied → 50 %.
    assert satisfaction_rate([5, 5, 4, 4, 4, 3, 2, 1, 3, 2]) == pytest.approx(50.0)
    assert satisfaction_rate([5, 4, 3], satisfied_levels=[5]) == pytest.approx(100 / 3)


def test_likert_to_score_keeps_type_and_shape():
    assert likert_to_score([5, 4, 3, 2, 1]) == [100, 80, 60, 40, 20]
    out = likert_to_score(np.array([[5, 1], [3, 4]]).ravel())
    assert isinstance(out, np.ndarray) and out.tolist() == [100, 20, 60, 80]
    series = pd.Series([5, np.nan, 2], index=list("abc"), name="q1")
    converted = likert_to_score(series)
    assert list(converted.index) == list("abc") and converted.name == "q1"
    assert converted["a"] == 100 and np.isnan(converted["b"]) and converted["c"] == 40
    frame = pd.DataFrame({"x": [1, 2], "y": [5, 5]})
    assert likert_to_score(frame).equals(pd.DataFrame({"x": [20.0, 40.0], "y": [100.0, 100.0]}))
    assert likert_to_score(4) == 80
    assert likert_to_score([1, 2], points={1: 0, 2: 10}) == [0, 10]


@pytest.mark.parametrize("dtype", [np.int8, np.uint8, np.int64])
def test_likert_to_score_on_integer_arrays_checks_every_level(dtype):
    # Small integer types (int8, uint8) give the same answers and the same refusals as int64.
    levels = np.array([5, 1, 3, 4, 2], dtype=dtype)
    assert likert_to_score(levels).tolist() == [100.0, 20.0, 60.0, 80.0, 40.0]
    series = likert_to_score(pd.Series(levels, index=list("vwxyz")))
    assert series.index.tolist() == list("vwxyz") and series.dtype == float
    odd_points = {1: 0.0, 3: 50.0, 5: 100.0}  # levels 4 and 2 lie between the keys but are not ones
    with pytest.raises(ValueError, match="position 3 has 4"):
        likert_to_score(levels, points=odd_points)
    with pytest.raises(ValueError, match="position 1 has 6"):
        likert_to_score(np.array([5, 6], dtype=dtype))
    if np.dtype(dtype).kind == "i":
        with pytest.raises(ValueError, match="position 0 has -1"):
            likert_to_score(np.array([-1, 5], dtype=dtype))


def test_weighted_index_by_hand():
    supply = 0.6 * 80 + 0.4 * 70            # 76
    repair = 0.2 * 90 + 0.4 * 60 + 0.4 * 75  # 72
    reading = 0.3 * 85 + 0.4 * 50 + 0.3 * 80  # 69.5
    expected = 0.7 * supply + 0.2 * repair + 0.1 * reading  # 74.55
    assert weighted_index(GAS_TREE, GAS_SCORES) == pytest.approx(expected)
    assert expected == pytest.approx(74.55)
    table = index_breakdown(GAS_TREE, GAS_SCORES)
    assert table.loc[table["leaf"], "effective_weight"].sum() == pytest.approx(1)
    assert table["contribution"].sum() == pytest.approx(expected)
    assert table.loc["repair", "score"] == pytest.approx(72)


def test_weighted_index_normalize_rescales_each_group():
    doubled = {"a": {"weight": 2}, "b": {"weight": 6}}
    assert weighted_index(doubled, {"a": 100, "b": 20}, normalize=True) == pytest.approx(0.25 * 100 + 0.75 * 20)


def test_indicator_scores_from_the_survey():
    survey = data.load("natural_gas_survey")
    tree = data.indicator_tree("natural_gas")
    scores = indicator_scores(survey, tree)
    assert scores["gas pressure"] == pytest.approx(likert_to_score(survey["gas_pressure"]).mean())
    assert 0 < weighted_index(tree, scores) < 100


def test_top_box_and_nps_by_hand():
    assert top_box([5, 4, 3, 2, 1, 5]) == pytest.approx(50)
    assert top_box([7, 6, 5, 1], k=1, scale_max=7) == pytest.approx(25)
    # 4 promoters, 3 passives, 3 detractors of 10 → 40 − 30 = 10
    assert nps([10, 9, 9, 10, 8, 7, 8, 6, 0, 3]) == pytest.approx(10)


def test_cronbach_alpha_matches_pingouin_on_real_data():
    survey = data.load("ecsi_mobile")
    items = survey[["PERQ1", "PERQ2", "PERQ3", "PERQ4", "PERQ5", "PERQ6", "PERQ7"]]
    expected, _ = pingouin.cronbach_alpha(items)
    assert cronbach_alpha(items) == pytest.approx(expected, abs=1e-12)


def test_cronbach_alpha_drops_incomplete_rows_like_pingouin():
    rng = np.random.default_rng(1)
    base = rng.normal(size=(80, 1))
    items = pd.DataFrame(base + rng.normal(scale=0.8, size=(80, 4)), columns=list("abcd"))
    items.iloc[[3, 10], 1] = np.nan
    expected, _ = pingouin.cronbach_alpha(items, nan_policy="listwise")
    assert cronbach_alpha(items) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("offset", [1e4, 1e7])
def test_cronbach_alpha_keeps_its_digits_far_from_zero(offset):
    # Alpha does not change when every answer moves by the same amount. Far from zero, the short
    # formula Σx² − (Σx)²/n would cancel away most digits, so the values are centred first.
    rng = np.random.default_rng(3)
    items = pd.DataFrame(rng.normal(size=(2000, 1)) + rng.normal(scale=0.7, size=(2000, 4)), columns=list("abcd"))
    expected, _ = pingouin.cronbach_alpha(items)
    assert cronbach_alpha(items + offset) == pytest.approx(expected, abs=1e-9)
    assert cronbach_alpha(items + offset, standardized=True) == pytest.approx(
        cronbach_alpha(items, standardized=True), abs=1e-9)


def test_standardized_alpha_matches_the_formula_on_correlations():
    survey = data.load("ecsi_mobile")
    items = survey[["CUSA1", "CUSA2", "CUSA3"]]
    corr = items.corr().to_numpy()
    k = 3
    r_bar = corr[np.triu_indices(k, 1)].mean()
    assert cronbach_alpha(items, standardized=True) == pytest.approx(k * r_bar / (1 + (k - 1) * r_bar))
    # On standardised items the raw formula gives the same value.
    z = (items - items.mean()) / items.std()
    assert cronbach_alpha(z) == pytest.approx(cronbach_alpha(items, standardized=True))


@pytest.mark.parametrize("margin", [0.01, 0.03, 0.05, 0.1])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
@pytest.mark.parametrize("p", [0.5, 0.2])
def test_sample_size_matches_statsmodels(margin, confidence, p):
    n0 = samplesize_confint_proportion(p, margin, alpha=1 - confidence)
    assert sample_size(margin, confidence, p) == math.ceil(n0 - 1e-9)


def test_sample_size_published_figures_and_finite_population():
    assert sample_size(0.05) == 385  # the classic ±5 points at 95 %
    n0 = norm.ppf(0.975) ** 2 * 0.25 / 0.05**2
    assert sample_size(0.05, population=2000) == math.ceil(n0 / (1 + (n0 - 1) / 2000))
    assert sample_size(0.05, population=2000) == 323


def test_customer_effort_score_by_hand():
    assert customer_effort_score([7, 6, 5, 2]) == pytest.approx(5.0)
    assert customer_effort_score([1, 5, 3], scale_max=5) == pytest.approx(3.0)


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (lambda: satisfaction_rate([5, 4, 6]), ValueError, "responses"),
        (lambda: satisfaction_rate([]), ValueError, "responses"),
        (lambda: satisfaction_rate(["good", 5]), TypeError, "responses"),
        (lambda: likert_to_score([5, 7]), ValueError, "levels"),
        (lambda: likert_to_score("5"), TypeError, "levels"),
        (lambda: weighted_index({"a": {"weight": 0.5}, "b": {"weight": 0.4}}, {"a": 1, "b": 2}), ValueError, "sum to 0.9"),
        (lambda: weighted_index(GAS_TREE, {**GAS_SCORES, "pressure": 120}), ValueError, "pressure"),
        (lambda: weighted_index(GAS_TREE, {k: v for k, v in GAS_SCORES.items() if k != "bill"}), ValueError, "bill"),
        (lambda: weighted_index(GAS_TREE, {**GAS_SCORES, "presure": 3}), ValueError, "presure"),
        (lambda: acsi_score([11, 5], [0.5, 0.5]), ValueError, "item_means"),
        (lambda: acsi_score([5, 5], [0.5]), ValueError, "same length"),
        (lambda: acsi_score([5], [0.0]), ValueError, "weights"),
        (lambda: top_box([1, 2], k=6), ValueError, "k"),
        (lambda: nps([11]), ValueError, "ratings"),
        (lambda: nps([9.5]), ValueError, "ratings"),
        (lambda: cronbach_alpha([[1, 2], [3, 4]]), TypeError, "items"),
        (lambda: cronbach_alpha(pd.DataFrame({"a": [1, 2, 3]})), ValueError, "items"),
        (lambda: sample_size(0), ValueError, "margin"),
        (lambda: sample_size(0.05, confidence=95), ValueError, "confidence"),
        (lambda: sample_size("5%"), TypeError, "margin"),
        (lambda: sample_size(0.05, population=-3), ValueError, "population"),
    ],
)
def test_bad_input_names_the_parameter(call, error, names):
    with pytest.raises(error, match=names):
        call()
