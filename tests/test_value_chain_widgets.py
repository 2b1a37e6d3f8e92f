"""Lesson 01 widget: the retention simulator; build it, move a slider, read the result, in English
and in Chinese."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

from language_checks import english_words, figure_texts, shown_texts, text_entries  # noqa: E402

from servicekit import style  # noqa: E402
from servicekit.metrics import value_chain  # noqa: E402
from servicekit.widgets.value_chain import TEXT, retention_simulator  # noqa: E402


def test_retention_simulator_follows_the_sliders():
    box = retention_simulator()
    assert "10,000" in box.summary.value  # 2,000 a year at 80 %: steady state 10,000
    assert "33% larger" in box.summary.value
    box.controls["retention"].value = 0.90
    assert "20,000" in box.summary.value and "100% larger" in box.summary.value
    expected = value_chain.lever_comparison(10_000, 0.90, 200_000, 100, 150)
    last = expected[(expected["year"] == 10) & (expected["plan"] == "as set")]["cumulative_profit"].iloc[0]
    assert f"{last:,.0f}" in box.summary.value


def test_the_summary_reads_as_words_and_a_table_with_human_headers():
    box = retention_simulator()
    text = box.summary.value
    assert "2,000 customers a year" in text and "by 5 points" in text
    assert "<th>Plan</th><th>Customers after 10 years</th><th>Profit over 10 years (yuan)</th>" in text
    assert "As set" in text and "Retention +5 points" in text and "Acquisition budget +20%" in text
    assert "_" not in text and "<th></th>" not in text  # no code names, no index column
    box.controls["retention_gain"].value = 0.01
    assert "by 1 point " in box.summary.value and "1 points" not in box.summary.value


def test_retention_simulator_explains_an_impossible_setting_and_clears_the_chart():
    box = retention_simulator()
    assert box.chart.outputs and box.chart.outputs[0]["data"]["image/png"] and box.figure is not None
    box.controls["retention"].value = 0.99
    box.controls["retention_gain"].value = 0.05
    text = box.summary.value
    assert "cannot be worked out" in text and "104%" in text and "less than 100%" in text
    assert "retention_gain" not in text and "<table" not in text  # words a trainee knows; no stale numbers
    assert box.chart.outputs == () and box.figure is None
    box.controls["retention_gain"].value = 0.0
    assert "cannot be worked out" not in box.summary.value
    assert box.chart.outputs and box.figure is not None


def test_every_string_has_both_languages():
    assert all(set(entry) == {"en", "zh"} and all(entry.values()) for entry in text_entries(TEXT))


def test_in_chinese_every_word_shown_is_chinese(chinese):
    box = retention_simulator()
    box.controls["retention"].value = 0.90
    assert "客户保有率" in box.summary.value and "20,000名客户" in box.summary.value
    texts = shown_texts(box) + figure_texts(box.figure)
    assert any("年末客户数" in text for text in texts) and any("累计利润" in text for text in texts)
    assert english_words(texts) == []
    assert style.missing_glyphs(box.figure) == []
    box.controls["retention_gain"].value = 0.10  # 90% + 10 points: impossible
    assert "无法计算" in box.summary.value and box.chart.outputs == ()
    assert english_words(shown_texts(box)) == []
