"""Lesson 10 widget: the organisation-form adviser; change the answers, read the advice."""

from __future__ import annotations

import numpy as np


def test_organisation_widget_moves_with_its_controls():
    from servicekit.widgets import accounts as widget

    box = widget.organisation_form_widget()
    size, breadth, complexity, units = box.children[:4]
    shown = box.children[-1]
    assert "Existing staff" in shown.value
    size.value, breadth.value, complexity.value = "large", "broad", "complex"
    assert "customer-management department" in shown.value
    units.value = True
    assert "own operating units" in shown.value
    assert "Traceback" not in shown.value
    assert np.all([c.description for c in box.children[:4]])


def test_widget_shows_a_message_not_a_traceback_for_an_impossible_answer():
    from servicekit.widgets.accounts import advice_html

    message = advice_html("gigantic", "narrow", "simple")
    assert "Cannot recommend" in message and "firm_size" in message
    assert "Recommended" in advice_html("medium", "moderate", "varied")
