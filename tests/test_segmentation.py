"""Lesson 03 segmentation: k-means on standardised variables, choosing k, profiling segments."""

from __future__ import annotations

import importlib.util

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import adjusted_rand_score
from sklearn.preprocessing import StandardScaler

from conftest import ROOT
from servicekit import data
from servicekit.metrics.segmentation import category_mix, profile_segments, separation, standardize
from servicekit.models.segmentation import choose_k, kmeans_segments

USAGE = ["age", "monthly_spend", "data_mb", "sms_count", "call_minutes", "business_call_share",
         "price_sensitivity"]
UNHELPFUL = ["region_code", "account_months"]


def _generator():
    spec = importlib.util.spec_from_file_location("mobile_generator", ROOT / "datasets" / "generators" / "mobile.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def subscribers():
    return data.load("mobile_subscribers")


@pytest.fixture(scope="module")
def planted():
    generator = _generator()
    frame, segment = generator.subscribers(np.random.default_rng(generator.SEED))
    return frame, segment


def test_the_committed_data_are_the_generated_data(subscribers, planted):
    frame, _ = planted
    assert len(subscribers) == 1500
    np.testing.assert_allclose(subscribers[USAGE].to_numpy(float), frame[USAGE].to_numpy(float))


def test_kmeans_recovers_the_three_planted_segments(subscribers, planted):
    _, segment = planted
    result = kmeans_segments(subscribers, USAGE, 3)
    assert adjusted_rand_score(segment, result.labels) > 0.8
    # ... and they are the three brands' segments: each segment is mostly one brand.
    mix = category_mix(result.labels, subscribers["brand"].astype(str))
    assert sorted(mix.idxmax(axis=1)) == ["Easyown", "GoTone", "M-Zone"]
    assert (mix.max(axis=1) > 85).all()


def test_unhelpful_variables_give_segments_unrelated_to_the_planted_ones(subscribers, planted):
    _, segment = planted
    result = kmeans_segments(subscribers, UNHELPFUL, 3)
    assert adjusted_rand_score(segment, result.labels) < 0.05
    spend = result.profile["monthly_spend"]
    assert spend.max() - spend.min() < 0.15 * subscribers["monthly_spend"].mean()
    good = kmeans_segments(subscribers, USAGE, 3).profile["monthly_spend"]
    assert good.max() - good.min() > 2 * subscribers["monthly_spend"].mean()


def test_standardize_matches_scikit_learn(subscribers):
    ours = standardize(subscribers, USAGE)
    theirs = StandardScaler().fit_transform(subscribers[USAGE].astype(float))
    np.testing.assert_allclose(ours.to_numpy(), theirs, atol=1e-12)
    assert list(ours.columns) == USAGE


def test_profile_means_equal_groupby_means(subscribers):
    result = kmeans_segments(subscribers, USAGE, 3)
    expected = subscribers[USAGE].astype(float).groupby(result.labels.to_numpy()).mean()
    np.testing.assert_allclose(result.profile[USAGE].to_numpy(), expected.to_numpy())
    counts = result.labels.value_counts().sort_index()
    assert result.profile["size"].tolist() == counts.tolist()
    assert result.profile["share"].sum() == pytest.approx(100)


def test_segments_are_numbered_from_the_largest_and_repeat_exactly(subscribers):
    first = kmeans_segments(subscribers, USAGE, 4, seed=3)
    again = kmeans_segments(subscribers, USAGE, 4, seed=3)
    assert first.labels.equals(again.labels)
    sizes = first.profile["size"].to_numpy()
    assert (np.diff(sizes) <= 0).all()
    assert sorted(first.labels.unique()) == [1, 2, 3, 4]


def test_inertia_is_the_within_segment_sum_of_squares(subscribers):
    result = kmeans_segments(subscribers, USAGE, 3)
    z = standardize(subscribers, USAGE)
    centres = z.groupby(result.labels).mean()
    by_hand = ((z - centres.loc[result.labels].to_numpy()) ** 2).to_numpy().sum()
    assert result.inertia == pytest.approx(by_hand, rel=1e-6)
    np.testing.assert_allclose(result.centres.to_numpy(), centres.to_numpy(), atol=1e-6)


def test_silhouette_of_a_hand_worked_example():
    # Two pairs on a line: {0, 1} and {10, 11}. For the point 0: a = 1 (distance to 1),
    # b = (10 + 11) / 2 = 10.5, s = (10.5 - 1) / 10.5. By symmetry every point has
    # s = 9.5/10.5 or, for 1 and 10, a = 1, b = (9 + 10) / 2 = 9.5, s = 8.5 / 9.5.
    frame = pd.DataFrame({"x": [0.0, 1.0, 10.0, 11.0]})
    result = kmeans_segments(frame, ["x"], 2)
    expected = np.mean([9.5 / 10.5, 8.5 / 9.5, 8.5 / 9.5, 9.5 / 10.5])
    assert result.silhouette == pytest.approx(expected)
    assert result.labels.tolist() in ([1, 1, 2, 2], [2, 2, 1, 1])


def test_choose_k_points_to_three_segments(subscribers):
    table = choose_k(subscribers, USAGE, ks=[2, 3, 4, 5])
    assert list(table.index) == [2, 3, 4, 5]
    assert table["silhouette"].idxmax() == 3
    assert (np.diff(table["inertia"]) < 0).all()
    # The elbow: going from 2 to 3 segments removes far more inertia than going from 3 to 4.
    drops = -np.diff(table["inertia"])
    assert drops[0] > 5 * drops[1]
    assert table.loc[3, "inertia"] == pytest.approx(kmeans_segments(subscribers, USAGE, 3).inertia)


def test_profile_segments_takes_any_labels():
    frame = pd.DataFrame({"spend": [10.0, 20.0, 30.0, 50.0], "calls": [1, 3, 5, 7]})
    profile = profile_segments(frame, pd.Series(["a", "a", "b", "b"]))
    assert profile.loc["a", "spend"] == 15 and profile.loc["b", "calls"] == 6
    assert profile.loc["a", "share"] == 50 and profile.loc["b", "size"] == 2


def test_separation_of_a_hand_worked_example():
    # spend 10, 20 | 30, 40: segment means 15 and 35, population sd of (10, 20, 30, 40) = √125 = 11.18,
    # separation = (35 − 15) / 11.18 = 1.789. calls are equal in both segments: separation 0.
    frame = pd.DataFrame({"spend": [10.0, 20.0, 30.0, 40.0], "calls": [1, 2, 1, 2]})
    result = separation(frame, pd.Series([1, 1, 2, 2]), ["spend", "calls"])
    assert result["spend"] == pytest.approx(20 / np.sqrt(125))
    assert result["calls"] == 0
    assert list(result.index) == ["spend", "calls"]


def test_category_mix_rows_sum_to_100(subscribers):
    result = kmeans_segments(subscribers, USAGE, 3)
    mix = category_mix(result.labels, subscribers["benefit_sought"])
    np.testing.assert_allclose(mix.sum(axis=1), 100)


@pytest.mark.parametrize("variables, error, message", [
    (["age", "shoe_size"], ValueError, "variables names 'shoe_size'"),
    (["age", "brand"], TypeError, "column 'brand' is not numeric"),
    ([], ValueError, "variables is empty"),
    (["age", "age"], ValueError, "names a column twice"),
    ("age", TypeError, "variables must be a list"),
])
def test_bad_variables_raise(subscribers, variables, error, message):
    with pytest.raises(error, match=message):
        kmeans_segments(subscribers, variables, 3)


def test_bad_k_and_data_raise(subscribers):
    with pytest.raises(ValueError, match="k must lie in"):
        kmeans_segments(subscribers, USAGE, 1)
    with pytest.raises(TypeError, match="k must be a whole number"):
        kmeans_segments(subscribers, USAGE, 2.5)
    with pytest.raises(ValueError, match="k must be smaller than the number of rows"):
        kmeans_segments(subscribers.head(3), USAGE, 3)
    with pytest.raises(TypeError, match="data must be a DataFrame"):
        kmeans_segments(subscribers[USAGE].to_numpy(), USAGE, 3)
    with pytest.raises(ValueError, match="ks must lie in"):
        choose_k(subscribers, USAGE, ks=[1, 2])
    flat = subscribers.assign(age=30)
    with pytest.raises(ValueError, match="column 'age' has the same value in every row"):
        standardize(flat, USAGE)
    holed = subscribers.assign(age=subscribers["age"].astype(float).where(subscribers.index != 4))
    with pytest.raises(ValueError, match="column 'age' has a missing value at position 4"):
        kmeans_segments(holed, USAGE, 3)
