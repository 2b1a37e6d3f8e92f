"""Lesson 09 widgets, driven without a browser: the SERVQUAL gap explorer, and the
importance–performance drawing shared with lesson 08 and the Kano diagram, in English and Chinese."""

from __future__ import annotations

import re

import matplotlib
import numpy as np
import pytest
from matplotlib.text import Text

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from language_checks import english_words, figure_texts, shown_texts  # noqa: E402

# The SERVQUAL survey and the hand-worked example, as test_quality reads them.
from test_quality import DIMENSIONS, ITEMS, TOY_DIMS, TOY_E, TOY_I, TOY_P, E, I, P  # noqa: E402

import servicekit  # noqa: E402
from servicekit import data, metrics, style  # noqa: E402
from servicekit.widgets import quality  # noqa: E402
from servicekit.widgets.quality import (  # noqa: E402
    draw_importance_performance,
    draw_kano,
    gap_explorer,
)

LABELS = dict(zip(ITEMS["item"], ITEMS["statement"]))  # as lesson 09 passes them


def _controls(widget):
    picker, top = widget.children[0].children
    return {"dimension": picker, "top": top}


def test_widget_follows_the_dropdown():
    widget = gap_explorer(E, P, I, DIMENSIONS)
    assert "RES2" in widget.children[1].value  # across all dimensions, prompt service comes first
    controls = _controls(widget)
    assert controls["dimension"].description == "SERVQUAL dimension"
    assert ("Responsiveness", "responsiveness") in controls["dimension"].options
    controls["dimension"].value = "empathy"
    assert "Fix first: <b>EMP4</b>" in widget.children[1].value
    controls["dimension"].value = "tangibles"
    assert "TAN4" in widget.children[1].value
    controls["top"].value = 1
    assert widget.children[1].value.count("<tr>") == 2  # header row + one item
    assert controls["top"].max == len(E.columns)


def test_the_table_has_human_headers_and_formatted_numbers():
    widget = gap_explorer(E, P, I, DIMENSIONS, labels=LABELS)
    shown = widget.children[1].value
    headers = re.findall(r"<th>(.*?)</th>", shown)
    assert headers == ["Item", "Statement", "Dimension", "Expectation (mean, 1–7)", "Perception (mean, 1–7)",
                       "Gap (points)", "Importance (mean, 1–7)", "Priority (shortfall × importance)"]
    gap = metrics.servqual_item_gaps(E, P).loc["RES2", "gap"]
    assert f"a gap of {style.number(gap, 2)} points" in shown and style.MINUS in shown
    assert "<td>Responsiveness</td>" in shown


def test_widget_uses_labels_and_reports_bad_input_as_a_message():
    widget = gap_explorer(E, P, I, DIMENSIONS, labels=LABELS)
    assert "prompt service" in widget.children[1].value and "(RES2)" in widget.children[1].value
    assert widget.figure is not None and widget.chart.outputs[0]["data"]["image/png"], "the chart is on show"
    broken = gap_explorer(E, P, I.drop(columns="RES2"), DIMENSIONS)
    assert "Cannot rank the items" in broken.children[1].value and "same items" in broken.children[1].value
    assert broken.figure is None and broken.chart.outputs == (), "no chart under the message"


def test_all_items_beating_expectations_says_nothing_to_fix():
    widget = gap_explorer(TOY_E, TOY_P, TOY_I, TOY_DIMS)
    _controls(widget)["dimension"].value = "looks"
    assert "nothing to fix" in widget.children[1].value


def test_the_gap_chart_follows_the_dropdown():
    widget = gap_explorer(E, P, I, DIMENSIONS, labels=LABELS)
    first = widget.figure
    assert len(first.axes[0].get_yticklabels()) == len(E.columns)
    _controls(widget)["dimension"].value = "empathy"
    assert widget.figure is not first and len(widget.figure.axes[0].get_yticklabels()) == len(DIMENSIONS["empathy"])
    assert "SERVQUAL gaps: empathy" in figure_texts(widget.figure)


def test_importance_performance_drawing():
    grid = metrics.importance_performance(I.mean(), P.mean())
    ax = draw_importance_performance(grid, title="items")
    labels = {t.get_text() for t in ax.texts} - {quality.pick(quality.TEXT["cut_lines"])}
    assert labels == set(grid.index)
    drawn = sum(len(c.get_offsets()) for c in ax.collections)
    assert drawn == len(grid)
    lines = [line.get_ydata()[0] for line in ax.lines if len(set(line.get_ydata())) == 1]
    assert np.isclose(lines[0], grid["importance"].mean())
    assert ax.get_xlabel() == "Performance" and ax.get_ylabel() == "Importance"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        q for q in metrics.quality.IPA_QUADRANTS if (grid["quadrant"] == q).any()]


def _overlapping_labels(ax, names):
    ax.figure.canvas.draw()
    boxes = [t.get_window_extent() for t in ax.texts if t.get_text() in names]
    return [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]


def _kano_results():
    kano = data.load("kano_survey")
    features = [column[2:] for column in kano.columns if column.startswith("F_")]
    functional = kano[[f"F_{f}" for f in features]].set_axis(features, axis=1)
    dysfunctional = kano[[f"D_{f}" for f in features]].set_axis(features, axis=1)
    return metrics.kano_table(functional, dysfunctional)


def test_point_labels_of_lesson_09_do_not_overlap():
    grid = metrics.importance_performance(I.mean(), P.mean())
    ax = draw_importance_performance(grid, title="items")
    assert _overlapping_labels(ax, set(grid.index)) == []
    results = _kano_results()
    ax = draw_kano(results)
    names = {quality.pick(quality.KANO_FEATURES[f]) for f in results.index}
    assert {t.get_text() for t in ax.texts} == names, "every feature is labelled, by its name"
    assert _overlapping_labels(ax, names) == []
    assert ax.get_title() == "Kano better–worse diagram"


def _labels_on_markers(ax, names):
    """The labels among ``names`` that cover part of a marker (the square around its disc)."""
    ax.figure.canvas.draw()
    squares = []
    for markers in ax.collections:
        if len(markers.get_offsets()):
            radius = np.sqrt(markers.get_sizes()[0]) / 2 * ax.figure.dpi / 72  # s is points²
            squares += [(x - radius, y - radius, x + radius, y + radius)
                        for x, y in ax.transData.transform(markers.get_offsets())]
    return sorted({text.get_text() for text in ax.texts if text.get_text() in names
                   for box in [text.get_window_extent()]
                   for x0, y0, x1, y1 in squares if box.x0 < x1 and box.x1 > x0 and box.y0 < y1 and box.y1 > y0})


@pytest.mark.parametrize("code", ["en", "zh"])
def test_lesson_09_charts_are_readable_and_no_label_covers_a_marker(code):
    """At the size the notebook shows them (100 dpi, not scaled down), every text of the grid and of
    the Kano diagram is at least style.SMALL_TEXT, and no point label lies on a point."""
    servicekit.set_language(code)
    try:
        grid = metrics.importance_performance(I.mean(), P.mean())
        ipa = draw_importance_performance(grid, title="Bank branch items: importance against perceived performance")
        results = _kano_results()
        kano = draw_kano(results)
        names = {quality.pick(quality.KANO_FEATURES[f]) for f in results.index}
        assert _labels_on_markers(ipa, set(grid.index)) == [] and _overlapping_labels(ipa, set(grid.index)) == []
        assert _labels_on_markers(kano, names) == [] and _overlapping_labels(kano, names) == []
        for ax in (ipa, kano):
            sizes = {t.get_text(): t.get_fontsize() for t in ax.figure.findobj(Text) if t.get_text()}
            assert min(sizes.values()) >= style.SMALL_TEXT, sorted(sizes.items(), key=lambda item: item[1])[:3]
            assert ax.figure.get_size_inches()[0] * ax.figure.dpi <= 950, "wider than a notebook shows unscaled"
    finally:
        servicekit.set_language("en")


def test_the_course_surveys_have_their_names_in_both_languages():
    assert {code: text["en"] for code, text in quality.STATEMENTS.items()} == LABELS
    assert set(DIMENSIONS) == set(quality.DIMENSION_NAMES)
    assert set(_kano_results().index) == set(quality.KANO_FEATURES)
    assert set(quality.QUADRANT_NAMES) == set(metrics.quality.IPA_QUADRANTS)
    for table in (quality.TEXT, quality.STATEMENTS, quality.DIMENSION_NAMES, quality.QUADRANT_NAMES,
                  quality.KANO_NAMES, quality.KANO_FEATURES):
        for key, entry in table.items():
            assert set(entry) == {"en", "zh"} and (entry["zh"] or key == "space"), key


def test_in_chinese_every_word_of_the_widget_and_its_charts_is_chinese(chinese):
    widget = gap_explorer(E, P, I, DIMENSIONS, labels=LABELS)
    controls = _controls(widget)
    assert controls["dimension"].description == "服务质量维度"
    controls["dimension"].value = "responsiveness"
    controls["top"].value = 3
    shown = widget.children[1].value
    assert "首先改进：<b>员工为我提供及时的服务，我不用久等排队</b>（RES2）" in shown
    assert "<th>差距（分）</th>" in shown
    assert ("响应性", "responsiveness") in controls["dimension"].options  # the values stay the same
    assert english_words(shown_texts(widget)) == []
    assert english_words(figure_texts(widget.figure)) == []
    assert style.missing_glyphs(widget.figure) == []

    grid = metrics.importance_performance(I.mean(), P.mean())
    ax = draw_importance_performance(grid)
    assert english_words(figure_texts(ax.figure)) == [], "item codes only, Chinese words"
    assert style.missing_glyphs(ax.figure) == []
    assert "重点改进区" in [t.get_text() for t in ax.get_legend().get_texts()]

    ax = draw_kano(_kano_results())
    assert english_words(figure_texts(ax.figure)) == []
    assert style.missing_glyphs(ax.figure) == []
    assert "必备质量（M）" in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close("all")


def test_in_chinese_the_message_for_data_that_do_not_fit_is_chinese(chinese):
    broken = gap_explorer(E, P, I.drop(columns="RES2"), DIMENSIONS)
    assert "无法排出改进顺序" in broken.children[1].value and broken.figure is None
    toy = gap_explorer(TOY_E, TOY_P, TOY_I, TOY_DIMS)
    _controls(toy)["dimension"].value = "looks"
    assert "没有需要改进的地方" in toy.children[1].value
