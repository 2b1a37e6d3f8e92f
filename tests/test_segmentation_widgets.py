"""Lesson 03 widget, driven without a browser: tick variables, move k, read the segments."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from conftest import controls_of  # noqa: E402

from servicekit import data  # noqa: E402
from servicekit.metrics.segmentation import separation  # noqa: E402
from servicekit.models.segmentation import kmeans_segments  # noqa: E402
from servicekit.widgets.segmentation import segment_explorer, segment_summary  # noqa: E402

USAGE = ["age", "monthly_spend", "data_mb", "sms_count", "call_minutes", "business_call_share",
         "price_sensitivity"]
CANDIDATES = [*USAGE, "region_code", "account_months"]
SUBSCRIBERS = data.load("mobile_subscribers")


def _html(widget, index):
    return widget.children[index].value


# --- the segment explorer --------------------------------------------------------------------------

def test_segment_summary_matches_kmeans_segments():
    result, spread, message = segment_summary(SUBSCRIBERS, USAGE, 3, USAGE)
    assert message == ""
    direct = kmeans_segments(SUBSCRIBERS, USAGE, 3, profile_columns=USAGE)
    assert result.labels.equals(direct.labels)
    assert spread.equals(separation(SUBSCRIBERS, direct.labels, USAGE))


def test_ticking_variables_and_moving_k_updates_the_segments():
    widget = segment_explorer(SUBSCRIBERS, CANDIDATES, USAGE, USAGE, categories=["brand"])
    sizes = kmeans_segments(SUBSCRIBERS, USAGE, 3).profile["size"].tolist()
    assert "3 segments" in _html(widget, 3)
    assert all(f"<td>{size}</td>" in _html(widget, 3) for size in sizes)
    controls_of(widget, "IntSlider")["segments k"].value = 5
    assert "5 segments" in _html(widget, 3)


def test_unhelpful_variables_give_segments_that_do_not_differ():
    widget = segment_explorer(SUBSCRIBERS, CANDIDATES, ["region_code", "account_months"], USAGE)
    _, spread, _ = segment_summary(SUBSCRIBERS, ["region_code", "account_months"], 3, USAGE)
    assert spread.max() < 0.3, "segments on region code and account age should look alike on usage"
    assert f"{spread.max():.2f}" in _html(widget, 3)
    _, good, _ = segment_summary(SUBSCRIBERS, USAGE, 3, USAGE)
    assert good.max() > 2


def test_no_variable_ticked_shows_a_message_not_a_traceback():
    widget = segment_explorer(SUBSCRIBERS, CANDIDATES, ["age"], USAGE)
    controls_of(widget, "Checkbox")["age"].value = False
    assert "Tick at least one variable" in _html(widget, 3)
