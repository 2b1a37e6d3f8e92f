"""The practice, mock-exam and glossary widgets, driven without a browser: set values, click
buttons, read the HTML they show."""

from __future__ import annotations

import html

import pytest

from servicekit import drills, glossary
from servicekit.widgets.glossary import ALL, GlossaryBrowser, matching_terms
from servicekit.widgets.practice import ExamRun, MockExam, Practice, PracticeRun, format_clock


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


@pytest.mark.parametrize("seconds, shown", [(0, "00:00"), (-3, "00:00"), (59.2, "01:00"), (61, "01:01"),
                                            (1200, "20:00"), (3725, "1:02:05")])
def test_format_clock(seconds, shown):
    assert format_clock(seconds) == shown


class FakeClock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def test_exam_run_deadline_and_scores():
    clock = FakeClock()
    run = ExamRun(4, seed=3, minutes=2, clock=clock)
    assert run.remaining == 120 and not run.timed_out
    clock.now += 121
    assert run.remaining == 0 and run.timed_out
    run.answers = [f"{q.answer}" for q in run.questions[:2]] + ["", "1e9"]
    scores = run.scores()
    assert scores.loc["total", "correct"] == 2
    assert [number for number, _, _ in run.missed()] == [3, 4]


def test_mock_exam_widget_collects_answers_and_scores_by_topic():
    clock = FakeClock()
    exam = MockExam(clock=clock, run_timer=False)
    exam.questions_slider.value, exam.seed_box.value, exam.minutes_slider.value = 5, 77, 10
    exam.start_button.click()
    questions = exam.run.questions
    assert [q.seed for q in questions] == [q.seed for q in drills.mock_exam(5, 77)]
    assert "Question 1 of 5" in exam.question_html.value and "Time left: 10:00" in exam.clock_html.value
    # Answer the first three right, skip the fourth, get the fifth wrong.
    for index, question in enumerate(questions):
        assert f"Question {index + 1} of 5" in exam.question_html.value
        if index < 3:
            exam.answer_box.value = f"{question.answer:.{question.decimals}f}"
        elif index == 4:
            exam.answer_box.value = "123456789"
        exam.next_button.click()
    exam.previous_button.click()
    assert exam.answer_box.value == "" and exam.current == 3, "going back shows the answer kept (none here)"
    clock.now += 125
    exam.tick()
    assert "07:55" in exam.clock_html.value and "4 of 5 answered" in exam.clock_html.value
    exam.finish_button.click()
    report = exam.result_html.value
    assert "3 of 5 right (60%)" in report
    assert "Question 4" in report and "Question 5" in report and "Question 1 ·" not in report
    assert report.count("Worked solution") == 2
    assert questions[3].title in report
    assert exam.exam_box.layout.display == "none"


def test_mock_exam_ends_itself_when_time_is_up_from_the_background_thread():
    clock = FakeClock()
    exam = MockExam(n=3, seed=5, minutes=1, clock=clock)  # real timer thread, fake clock
    exam.start_button.click()
    assert exam._timer is not None and exam._timer.is_alive()
    exam.answer_box.value = f"{exam.run.questions[0].answer}"
    clock.now += 61
    exam._timer.join(timeout=5)  # the thread ends once it has closed the exam
    assert not exam._timer.is_alive() and exam.run.finished, "the countdown thread did not end the exam"
    assert "Time is up" in exam.clock_html.value
    assert "1 of 3 right" in exam.result_html.value


def test_restarting_the_exam_starts_a_new_one():
    clock = FakeClock()
    exam = MockExam(n=3, seed=5, minutes=5, clock=clock, run_timer=False)
    exam.start_button.click()
    exam.answer_box.value = "1"
    exam.finish_button.click()
    exam.seed_box.value = 6
    exam.start_button.click()
    assert not exam.run.finished and exam.run.answers == ["", "", ""] and exam.result_html.value == ""


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
