"""The practice and glossary widgets (the mock exam: test_exam_widgets.py), driven without a browser: set values, click
buttons, read the HTML they show."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from servicekit import drills, glossary
from servicekit.widgets.glossary import ALL, GlossaryBrowser, matching_terms
from servicekit.widgets.practice import Practice, PracticeRun


@pytest.fixture(autouse=True)
def own_record(monkeypatch, tmp_path):
    """Each test's widgets keep their record in a file of the test's own, never in the home folder
    of whoever runs the tests (whose record would change the order of the topics)."""
    monkeypatch.setenv("SERVICEKIT_PRACTICE_RECORD", str(tmp_path / "own-record.json"))


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
    assert ALL in [value for _, value in browser.lesson.options]


# --- the record that puts the weakest topics first ---------------------------------------------

from servicekit import questions  # noqa: E402
from servicekit.widgets.practice import PracticeRecord, TheoryPractice, TheoryRun, record_path  # noqa: E402


def test_the_record_lives_in_the_candidates_folder_never_the_kits(monkeypatch, tmp_path):
    monkeypatch.delenv("SERVICEKIT_PRACTICE_RECORD", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert record_path() == tmp_path / ".servicekit" / "practice.json"
    kit = Path(__file__).resolve().parents[1]
    assert kit not in record_path().parents


def test_the_weakest_topics_come_first_and_the_record_is_kept_between_sittings(tmp_path):
    path = tmp_path / "practice.json"
    record = PracticeRecord(path)
    for right in (True, True, True):
        record.add("theory-01", right)
    for right in (False, False, True):
        record.add("theory-05", right)
    again = PracticeRecord(path)   # the next sitting reads the same file
    assert again.topics["theory-05"] == {"attempted": 3, "right": 1}
    # 1/3 right (0.4) before untried (0.5) before 3/3 right (0.8)
    assert again.weakest_first(["theory-01", "theory-02", "theory-05"]) == ["theory-05", "theory-02", "theory-01"]


def test_a_damaged_record_is_set_aside_not_lost(tmp_path):
    path = tmp_path / "practice.json"
    path.write_text("{not json")
    record = PracticeRecord(path)
    assert record.topics == {} and (tmp_path / "practice.damaged").read_text() == "{not json"


def test_theory_practice_checks_an_item_explains_it_and_reorders_the_topics(tmp_path):
    record = PracticeRecord(tmp_path / "practice.json")
    widget = TheoryPractice(seed=3, record=record)
    first_topic = widget.topic.value
    item = widget.run.item
    assert item["lesson"] == first_topic and item["en"]["stem"] in widget.item_html.value
    wrong = next(i for i in range(len(item["en"]["options"])) if i not in (item["key"] if isinstance(item["key"], list) else [item["key"]]))
    if item["type"] == "multiple":
        widget.choices.children[widget._indices.index(wrong)].value = True
    else:
        widget.choices.children[0].value = wrong
    widget.check_button.click()
    assert "Not quite" in widget.feedback_html.value and html.escape(questions.source_note(item["source"], "en")) in widget.feedback_html.value
    assert html.escape(item["en"]["explanation"]) in widget.feedback_html.value
    assert record.topics[TheoryRun.topic_key(first_topic)] == {"attempted": 1, "right": 0}
    assert widget.topic.options[0][1] == first_topic and "0 of 1 right" in widget.topic.options[0][0]
    assert widget.run.item is item, "re-ordering the topics does not draw a new item"


def test_theory_practice_in_chinese(tmp_path):
    import servicekit

    servicekit.set_language("zh")
    try:
        widget = TheoryPractice(seed=1, record=PracticeRecord(tmp_path / "p.json"))
        assert widget.run.item["zh"]["stem"] in widget.item_html.value
        assert widget.topic.description == "知识模块：" and "尚未练习" in widget.topic.options[0][0]
        assert widget.check_button.description == "核对答案"
    finally:
        servicekit.set_language("en")


def test_every_lesson_with_exam_items_is_a_practice_topic(tmp_path):
    widget = TheoryPractice(record=PracticeRecord(tmp_path / "p.json"))
    assert sorted(v for _, v in widget.topic.options) == sorted({e["lesson"] for e in questions.exam_items()})


def _answer_theory_item(widget, right: bool) -> None:
    """Pick the key of the item on screen (or a wrong option) and check it."""
    item = widget.run.item
    keys = item["key"] if isinstance(item["key"], list) else [item["key"]]
    chosen = keys if right else [next(i for i in range(len(item["en"]["options"])) if i not in keys)]
    if item["type"] == "multiple":
        for box, index in zip(widget.choices.children, widget._indices):
            box.value = index in chosen
    else:
        widget.choices.children[0].value = chosen[0]
    widget.check_button.click()


def test_both_widgets_of_lesson_11_keep_their_answers_in_one_record(monkeypatch, tmp_path):
    # As in the notebook: both widgets are built (each reading the file) before either is answered.
    path = tmp_path / "shared.json"
    monkeypatch.setenv("SERVICEKIT_PRACTICE_RECORD", str(path))
    calculations, theory = Practice(seed=5), TheoryPractice(seed=5)
    calculations.answer_box.value = str(calculations.run.question.answer)
    calculations.check_button.click()
    _answer_theory_item(theory, right=False)
    topics = PracticeRecord().topics  # the next sitting
    assert topics[calculations.run.question.topic] == {"attempted": 1, "right": 1}
    assert topics[TheoryRun.topic_key(theory.run.item["lesson"])] == {"attempted": 1, "right": 0}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shared.json"], "no temporary file is left behind"


def test_two_records_of_one_file_add_to_each_other(tmp_path):
    path = tmp_path / "practice.json"
    first, second = PracticeRecord(path), PracticeRecord(path)
    first.add("churn_rate", True)
    second.add("churn_rate", False)
    second.add("theory-03", True)
    first.add("theory-03", False)
    assert PracticeRecord(path).topics == {"churn_rate": {"attempted": 2, "right": 1},
                                           "theory-03": {"attempted": 2, "right": 1}}
    assert first.topics == PracticeRecord(path).topics, "adding also brings in what the other record wrote"


def test_a_record_damaged_after_it_was_read_is_set_aside_when_adding_not_written_over(tmp_path):
    path = tmp_path / "practice.json"
    record = PracticeRecord(path)
    record.add("churn_rate", True)
    path.write_text("{half a file")
    record.add("churn_rate", False)  # does not raise; keeps what this record knows
    assert (tmp_path / "practice.damaged").read_text() == "{half a file"
    assert PracticeRecord(path).topics == {"churn_rate": {"attempted": 2, "right": 1}}


def test_a_second_damaged_record_does_not_replace_the_first_one_set_aside(tmp_path):
    path = tmp_path / "practice.json"
    for text in ("[1, 2", '{"topics": {"churn_rate": 3}}'):
        path.write_text(text)
        widget = Practice(seed=1, record=PracticeRecord(path))  # a damaged record does not stop the widget
        assert widget.record.topics == {}
    assert (tmp_path / "practice.damaged").read_text() == "[1, 2"
    assert (tmp_path / "practice-2.damaged").read_text() == '{"topics": {"churn_rate": 3}}'


def test_practice_reorders_its_topics_after_each_answer_keeping_the_question(tmp_path):
    record = PracticeRecord(tmp_path / "practice.json")
    widget = Practice(seed=7, record=record)
    middle = drills.topics()[len(drills.topics()) // 2]
    widget.topic.value = middle
    question = widget.run.question
    widget.answer_box.value = "-123456"  # a number, and wrong
    widget.check_button.click()
    # 0 of 1 right (standing 1/3) comes before every topic not tried yet (1/2)
    assert widget.topic.options[0][1] == middle and "0 of 1 right" in widget.topic.options[0][0]
    assert widget.topic.value == middle and widget.run.question is question, "re-ordering draws no new question"
    assert "Worked solution" in widget.solution_html.value and "✘" in widget.feedback_html.value

    first = widget.topic.options[1][1]  # a topic answered right (2/3) goes after the untried ones
    widget.topic.value = first
    widget.answer_box.value = str(widget.run.question.answer)
    widget.check_button.click()
    assert [value for _, value in widget.topic.options][-1] == first
    assert [value for _, value in widget.topic.options] == record.weakest_first(drills.topics())
