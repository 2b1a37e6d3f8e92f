"""Lesson 09 widgets, driven without a browser: the SERVQUAL gap explorer, and the
importance–performance drawing shared with lesson 08."""

from __future__ import annotations

import matplotlib
import numpy as np

matplotlib.use("Agg")

# The SERVQUAL survey and the hand-worked example, as test_quality reads them.
from test_quality import DIMENSIONS, ITEMS, TOY_DIMS, TOY_E, TOY_I, TOY_P, E, I, P  # noqa: E402

from servicekit import metrics  # noqa: E402
from servicekit.widgets.quality import (  # noqa: E402
    draw_importance_performance,
    gap_explorer,
)


def _controls(widget):
    return {w.description: w for w in widget.children[0].children}


def test_widget_follows_the_dropdown():
    widget = gap_explorer(E, P, I, DIMENSIONS)
    assert "RES2" in widget.children[1].value  # across all dimensions, prompt service comes first
    controls = _controls(widget)
    controls["dimension"].value = "empathy"
    assert "fix first: <b>EMP4</b>" in widget.children[1].value
    controls["dimension"].value = "tangibles"
    assert "TAN4" in widget.children[1].value
    controls["show top"].value = 1
    assert widget.children[1].value.count("<tr>") == 2  # header row + one item


def test_widget_uses_labels_and_reports_bad_input_as_a_message():
    labels = dict(zip(ITEMS["item"], ITEMS["statement"]))
    widget = gap_explorer(E, P, I, DIMENSIONS, labels=labels)
    assert "prompt service" in widget.children[1].value
    broken = gap_explorer(E, P, I.drop(columns="RES2"), DIMENSIONS)
    assert "Cannot rank the items" in broken.children[1].value


def test_all_items_beating_expectations_says_nothing_to_fix():
    widget = gap_explorer(TOY_E, TOY_P, TOY_I, TOY_DIMS)
    _controls(widget)["dimension"].value = "looks"
    assert "nothing to fix" in widget.children[1].value


def test_importance_performance_drawing():
    grid = metrics.importance_performance(I.mean(), P.mean())
    ax = draw_importance_performance(grid, title="items")
    assert {t.get_text() for t in ax.texts} == set(grid.index)
    drawn = sum(len(c.get_offsets()) for c in ax.collections)
    assert drawn == len(grid)
    lines = [line.get_ydata()[0] for line in ax.lines if len(set(line.get_ydata())) == 1]
    assert np.isclose(lines[0], grid["importance"].mean())
