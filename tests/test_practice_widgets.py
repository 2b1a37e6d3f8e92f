"""The practice and glossary widgets (the mock exam: test_exam_widgets.py), driven without a browser: set values, click
buttons, read the HTML they show."""

from __future__ import annotations

import html


from servicekit import drills, glossary
from servicekit.widgets.glossary import ALL, GlossaryBrowser, matching_terms
from servicekit.widgets.practice import Practice, PracticeRun


def test_practice_run_counts_only_the_first_real_attempt():
    run = PracticeRun(seed=4)
    assert run.answer(1) == (False, "Get a question first.")
    question = run.next_question("churn_rate")
    assert run.answer("not a number")[0] is False and run.attempted == 0
    assert run.answer(question.answer)[0] and (run.attempted, run.correct) == (1, 1)
    run.answer(question.answer)  # checking again does not score twice
    assert (run.attempted, run.correct) == (1, 1)
    run.next_question("churn_rate")
    assert run.answer(-5)[0] is False and (run.attempted, run.correct) == (1 + 1, 1)
    assert run.score_text == "Score: 1 / 2 right (50%)"
    # The same run seed draws the same questions.
    again = PracticeRun(seed=4)
    assert again.next_question("churn_rate").text == question.text


def test_practice_widget_checks_answers_shows_solution_and_keeps_score():
    widget = Practice(seed=9)
    widget.topic.value = "sample_size"
    widget.new_button.click()
    question = widget.run.question
    assert question.topic == "sample_size"
    assert "customers" in widget.question_html.value and widget.solution_html.value == ""
    widget.answer_box.value = str(int(question.answer))
    widget.check_button.click()
    assert "✔" in widget.feedback_html.value and "Right" in widget.feedback_html.value
    assert "Worked solution" in widget.solution_html.value
    assert f"{int(question.answer)}" in widget.solution_html.value
    assert "1 / 1" in widget.score_html.value

    widget.new_button.click()
    assert widget.answer_box.value == "" and widget.feedback_html.value == ""
    wrong = next(m for m in widget.run.question.mistakes if "finite-population" in m.message)
    widget.answer_box.value = str(int(wrong.value))
    widget.check_button.click()
    assert "✘" in widget.feedback_html.value and "finite-population correction" in widget.feedback_html.value
    assert "1 / 2" in widget.score_html.value

    widget.new_button.click()
    widget.answer_box.value = "lots"
    widget.check_button.click()
    assert "not a number" in widget.feedback_html.value and widget.solution_html.value == ""
    assert "1 / 2" in widget.score_html.value, "text that is not a number is not scored"


def test_every_topic_can_be_picked_in_the_practice_widget():
    widget = Practice(seed=1)
    assert [value for _, value in widget.topic.options] == drills.topics()
    for name in drills.topics()[::-1]:
        widget.topic.value = name  # picking a topic draws a question of it at once
        assert widget.run.question.topic == name
        widget.new_button.click()
        assert widget.run.question.topic == name
        assert html.escape(widget.run.question.title) in widget.question_html.value


def test_glossary_browser_filters_as_you_type():
    browser = GlossaryBrowser()
    total = len(glossary.terms())
    assert f"{total} of {total} terms" in browser.count_html.value
    browser.search_box.value = "流失"
    assert "churn rate" in browser.table_html.value and "market share" not in browser.table_html.value
    browser.search_box.value = "Erlang"
    assert "Erlang C" in browser.table_html.value
    browser.search_box.value = "zzzz"
    assert "No term matches" in browser.table_html.value and browser.count_html.value.startswith("0 of")
    browser.search_box.value = ""
    browser.lesson.value = "calc"
    assert set(matching_terms("", "calc")["lesson"]) == {"calc"}
    assert f"{len(matching_terms('', 'calc'))} of {total}" in browser.count_html.value
    assert ALL in browser.lesson.options
