"""Lesson 10 widget: the organisation-form adviser; change the answers, read the advice, in
English and in Chinese."""

from __future__ import annotations

import re

from language_checks import english_words, html_text, shown_texts

from servicekit.metrics.accounts import FORM_ANSWERS, ORGANISATION_FORMS, ORGANISATION_FORMS_ZH
from servicekit.widgets import accounts as widget
from servicekit.widgets.accounts import advice_html, organisation_form_widget


def test_organisation_widget_moves_with_its_controls():
    box = organisation_form_widget()
    size, breadth, complexity, units = box.children[:4]
    shown = box.children[-1]
    assert "Existing staff" in shown.value
    size.value, breadth.value, complexity.value = "large", "broad", "complex"
    assert "customer-management department" in shown.value
    units.value = True
    assert "own operating units" in shown.value
    assert "Traceback" not in shown.value
    assert [c.description for c in box.children[:3]] == ["Firm size", "Breadth of business", "Customers' needs"]
    assert ("Broad (many business lines)", "broad") in breadth.options  # a label, and the value the rule knows


def test_the_advice_reads_as_sentences_with_the_reason():
    shown = advice_html("small", "narrow", "simple", own_units=True)
    assert "<b>Why this form</b>: A small, narrow business" in shown
    assert "this firm is not one." in shown, "own units asked for a small firm: the advice says why not"
    assert "_" not in re.sub(r"<[^>]+>", "", shown), "no code names"


def test_widget_shows_a_message_not_a_traceback_for_an_impossible_answer():
    message = advice_html("gigantic", "narrow", "simple")
    assert "Cannot recommend" in message and "“Firm size”" in message
    assert "choose Small, Medium-sized or Large" in message and "firm_size" not in message
    assert "tick the box" in advice_html("small", "narrow", "simple", own_units="yes")
    assert "Recommended" in advice_html("medium", "moderate", "varied")


def test_every_form_has_its_chinese_texts():
    assert set(ORGANISATION_FORMS_ZH) == set(ORGANISATION_FORMS)
    for form in ORGANISATION_FORMS_ZH.values():
        assert set(form) == {"name", "pros", "cons", "fits"}
        assert english_words(form.values()) == []
    for key in [*FORM_ANSWERS, *(a for answers in FORM_ANSWERS.values() for a in answers)]:
        assert key in widget.TEXT


def test_in_chinese_every_word_of_the_widget_is_chinese(chinese):
    box = organisation_form_widget()
    size, breadth, complexity, units = box.children[:4]
    shown = box.children[-1]
    assert size.description == "企业规模" and ("规模大", "large") in size.options
    assert "建议采用：扩大工作范围" in shown.value
    assert english_words(shown_texts(box)) == []
    size.value, breadth.value, complexity.value = "large", "broad", "complex"
    units.value = True
    assert "下设独立操作部门" in shown.value and "优点" in shown.value
    assert english_words(shown_texts(box)) == []
    size.value = "small"  # own units asked for, but the firm is small: the advice says why not
    assert "这家企业不属于这种情况" in shown.value
    assert english_words(shown_texts(box)) == []
    message = advice_html("gigantic", "narrow", "simple")
    assert "无法给出建议" in message and "“企业规模”" in message
    assert english_words([html_text(message)]) == []
