"""Lesson 03 widget, driven without a browser: tick variables, move k, read the segments, in
English and in Chinese."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

from language_checks import english_words, figure_texts, shown_texts, text_entries  # noqa: E402

from servicekit import data, style  # noqa: E402
from servicekit.metrics.segmentation import separation  # noqa: E402
from servicekit.models.segmentation import kmeans_segments  # noqa: E402
from servicekit.widgets import segmentation as segmentation_widgets  # noqa: E402
from servicekit.widgets.segmentation import TEXT, segment_explorer, segment_summary  # noqa: E402

USAGE = ["age", "monthly_spend", "data_mb", "sms_count", "call_minutes", "business_call_share",
         "price_sensitivity"]
CANDIDATES = [*USAGE, "region_code", "account_months"]
SUBSCRIBERS = data.load("mobile_subscribers")


def _html(widget, index):
    return widget.children[index].value


def _explorer(chosen=USAGE, **options):
    return segment_explorer(SUBSCRIBERS, CANDIDATES, chosen, USAGE, categories=["brand"], **options)


# --- the segment explorer --------------------------------------------------------------------------

def test_segment_summary_matches_kmeans_segments():
    result, spread, message = segment_summary(SUBSCRIBERS, USAGE, 3, USAGE)
    assert message == ""
    direct = kmeans_segments(SUBSCRIBERS, USAGE, 3, profile_columns=USAGE)
    assert result.labels.equals(direct.labels)
    assert spread.equals(separation(SUBSCRIBERS, direct.labels, USAGE))


def test_ticking_variables_and_moving_k_updates_the_segments():
    widget = _explorer()
    sizes = kmeans_segments(SUBSCRIBERS, USAGE, 3).profile["size"].tolist()
    assert "3 segments" in _html(widget, 3)
    assert all(f">{style.number(size)}</td>" in _html(widget, 3) for size in sizes)
    widget.controls["k"].value = 5
    assert "5 segments" in _html(widget, 3)
    assert len(widget.figure.axes[0].patches) == 5  # one bar per segment


def test_controls_and_tables_read_as_words_with_units():
    widget = _explorer()
    descriptions = [control.description for control in widget.controls.values()]
    assert "Age (years)" in descriptions and "Monthly bill (yuan)" in descriptions
    assert "Number of segments (k)" in descriptions and not [d for d in descriptions if "_" in d]
    text = _html(widget, 3)
    assert "<th>Segment</th><th>Customers</th><th>Share of all customers (%)</th><th>Age (years)</th>" in text
    assert "<th>GoTone</th>" in text and "silhouette coefficient" in text
    assert "_" not in re.sub(r"<[^>]+>", "", text) and "<th></th>" not in text


def test_unhelpful_variables_give_segments_that_do_not_differ():
    widget = _explorer(["region_code", "account_months"])
    _, spread, _ = segment_summary(SUBSCRIBERS, ["region_code", "account_months"], 3, USAGE)
    assert spread.max() < 0.3, "segments on region code and account age should look alike on usage"
    assert f"{spread.max():.2f}" in _html(widget, 3)
    _, good, _ = segment_summary(SUBSCRIBERS, USAGE, 3, USAGE)
    assert good.max() > 2


def test_no_variable_ticked_shows_a_message_and_clears_the_chart():
    widget = _explorer(["age"])
    assert widget.chart.outputs and widget.figure is not None
    widget.controls["age"].value = False
    assert "Tick at least one variable" in _html(widget, 3)
    assert widget.chart.outputs == () and widget.figure is None
    widget.controls["sms_count"].value = True
    assert "segments" in _html(widget, 3) and widget.chart.outputs and widget.figure is not None


def test_more_segments_than_distinct_customers_is_explained_not_warned_about():
    widget = _explorer(["price_sensitivity"])  # a 1-7 rating: seven different values
    widget.controls["k"].value = 8
    assert "only 7 different combinations" in _html(widget, 3) and "fewer segments" in _html(widget, 3)
    assert widget.chart.outputs == () and widget.figure is None
    widget.controls["k"].value = 7
    assert "7 segments" in _html(widget, 3) and widget.chart.outputs


def test_a_variable_that_cannot_separate_anyone_is_named():
    flat = SUBSCRIBERS.assign(region_code=25)
    widget = segment_explorer(flat, CANDIDATES, ["age", "region_code"], USAGE)
    assert "“Area code” has the same value for every customer" in _html(widget, 3)
    assert widget.chart.outputs == ()


def test_the_heat_map_numbers_stay_readable_at_eight_segments():
    widget = _explorer()
    widget.controls["k"].value = 8
    heat = widget.figure.axes[1]
    cells = list(heat.texts)
    assert len(cells) == 8 * len(USAGE)
    assert min(text.get_fontsize() for text in cells) >= segmentation_widgets.SMALLEST_CELL_FONT
    widget.figure.canvas.draw()
    boxes = [text.get_window_extent() for text in cells]
    assert not [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
    dark = [text for text in cells if abs(float(text.get_text().replace("\u2212", "-"))) > 1.1]
    assert dark and all(text.get_color() == "white" for text in dark)


def test_numbers_too_small_to_read_are_left_out_and_the_title_says_so(monkeypatch):
    monkeypatch.setattr(segmentation_widgets, "SMALLEST_CELL_FONT", 99)
    widget = _explorer()
    heat = widget.figure.axes[1]
    assert not list(heat.texts)
    assert "too many cells for numbers" in heat.get_title()


def test_every_string_has_both_languages():
    assert all(set(entry) == {"en", "zh"} and all(entry.values()) for entry in text_entries(TEXT))
    assert set(CANDIDATES) <= set(TEXT["columns"])


def test_in_chinese_every_word_shown_is_chinese(chinese):
    widget = _explorer()
    widget.controls["k"].value = 4
    assert "4个细分市场" in _html(widget, 3) and "<th>全球通</th>" in _html(widget, 3)
    texts = shown_texts(widget) + figure_texts(widget.figure)
    assert "年龄（岁）" in texts and english_words(texts) == []
    assert style.missing_glyphs(widget.figure) == []
    for name in USAGE:
        widget.controls[name].value = False
    assert "请至少勾选一个细分变量" in _html(widget, 3) and widget.chart.outputs == ()
    assert english_words(shown_texts(widget)) == []
