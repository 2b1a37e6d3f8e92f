"""Segment attractiveness, market potential and market share, worked by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from servicekit.metrics import market_potential, market_share, segment_attractiveness


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
