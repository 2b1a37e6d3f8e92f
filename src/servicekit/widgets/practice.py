"""Practice and mock-exam widgets for certification candidates (notebooks 11 and 12).

    from servicekit.widgets.practice import Practice, MockExam
    Practice(seed=1)      # pick a topic, get a question, type an answer, see the worked solution
    MockExam()            # a timed exam across the topics, scored by topic at the end

The questions, the checking and the scoring are in ``servicekit.drills``; the logic
(``PracticeRun``, ``ExamRun``, ``format_clock``) is plain Python, tested without a browser.
The widgets only wire controls to it.
"""

from __future__ import annotations

import html
import threading
import time

import ipywidgets as widgets
import numpy as np

from servicekit import drills

from .controls import LABEL_STYLE, ROW_LAYOUT, dropdown, on_any_change, slider, text_box

# ---------------------------------------------------------------------------------------------
# The logic, without widgets


class PracticeRun:
    """A run of practice questions and its score: only the first check of each question counts."""

    def __init__(self, seed: int | None = None):
        self._seeds = np.random.default_rng(seed)
        self.question: drills.Question | None = None
        self.attempted = 0
        self.correct = 0
        self._counted = False

    def next_question(self, topic: str) -> drills.Question:
        """A new question of ``topic``, with a seed drawn from the run's own generator."""
        self.question = drills.make(topic, int(self._seeds.integers(0, 2**31)))
        self._counted = False
        return self.question

    def answer(self, value) -> tuple[bool, str]:
        """Check ``value`` against the current question; the first real attempt goes on the score."""
        if self.question is None:
            return False, "Get a question first."
        ok, message = self.question.check(value)
        if not self._counted and not isinstance(drills.parse_answer(value), str):
            self.attempted += 1
            self.correct += int(ok)
            self._counted = True
        return ok, message

    @property
    def score_text(self) -> str:
        if not self.attempted:
            return "Score: no answers yet"
        return f"Score: {self.correct} / {self.attempted} right ({100 * self.correct / self.attempted:.0f}%)"


def format_clock(seconds: float) -> str:
    """Seconds left as ``mm:ss`` (``h:mm:ss`` from an hour up); never below ``00:00``."""
    whole = max(0, int(np.ceil(seconds)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class ExamRun:
    """A mock exam: its questions, the answers typed so far, and the deadline on ``clock``."""

    def __init__(self, n: int, seed: int, minutes: float, clock=time.monotonic):
        self.questions = drills.mock_exam(n, seed)
        self.answers: list[str] = [""] * len(self.questions)
        self.clock = clock
        self.deadline = clock() + 60 * float(minutes)
        self.finished = False

    @property
    def remaining(self) -> float:
        return max(0.0, self.deadline - self.clock())

    @property
    def timed_out(self) -> bool:
        return self.remaining <= 0

    def scores(self):
        return drills.score_exam(self.questions, self.answers)

    def missed(self) -> list[tuple[int, drills.Question, str]]:
        """(number, question, diagnosis) of every question not answered right."""
        marked = drills.mark_exam(self.questions, self.answers)
        return [(number, self.questions[number - 1], row["message"])
                for number, row in marked.iterrows() if not row["correct"]]


# ---------------------------------------------------------------------------------------------
# Rendering


def question_html(question: drills.Question, heading: str = "") -> str:
    head = f"<b>{html.escape(heading)}</b><br>" if heading else ""
    return (f"{head}<pre style='white-space: pre-wrap; font-size: 95%; line-height: 1.35'>"
            f"{html.escape(question.text)}</pre>")


def solution_html(question: drills.Question) -> str:
    items = "".join(f"<li><pre style='white-space: pre-wrap; margin: 0'>{html.escape(s)}</pre></li>"
                    for s in question.steps)
    return f"<details open><summary><b>Worked solution</b></summary><ol>{items}</ol></details>"


def feedback_html(ok: bool, message: str) -> str:
    colour, mark = ("#1b7f3b", "✔") if ok else ("#b3261e", "✘")
    return f"<span style='color:{colour}'><b>{mark}</b> {html.escape(message)}</span>"


def exam_report_html(run: ExamRun) -> str:
    """The score by topic, then the worked solution of every question missed."""
    scores = run.scores()
    total = scores.loc["total"]
    table = scores.rename(columns={"title": "topic", "percent": "score %"}).to_html(
        index=False, float_format=lambda x: f"{x:.0f}", border=0)
    parts = [f"<h3>Result: {total['correct']} of {total['questions']} right ({total['percent']:.0f}%)</h3>", table]
    missed = run.missed()
    if missed:
        parts.append("<h4>The questions you missed</h4>")
    for number, question, message in missed:
        given = run.answers[number - 1] or "no answer"
        parts.append(f"<hr>{question_html(question, f'Question {number} · {question.title}')}"
                     f"<p>Your answer: {html.escape(str(given))}. {feedback_html(False, message)}</p>"
                     f"{solution_html(question)}")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# Widgets


class Practice(widgets.VBox):
    """Pick a topic, get a new question, type an answer, check it: right/wrong, the diagnosis and
    the worked solution, with a running score."""

    def __init__(self, seed: int | None = None, topic: str | None = None):
        self.run = PracticeRun(seed)
        options = [(title, name) for name, title in drills.titles().items()]
        self.topic = dropdown("Topic:", options, topic or options[0][1], wide=True)
        self.new_button = widgets.Button(description="New question", button_style="primary", icon="refresh")
        self.question_html = widgets.HTML()
        self.answer_box = text_box("Answer:", placeholder="your answer")
        self.unit_label = widgets.HTML()
        self.check_button = widgets.Button(description="Check", button_style="info")
        self.feedback_html = widgets.HTML()
        self.solution_html = widgets.HTML()
        self.score_html = widgets.HTML(self.run.score_text)
        self.new_button.on_click(self._new)
        self.check_button.on_click(self._check)
        super().__init__([
            widgets.HBox([self.topic, self.new_button]), self.question_html,
            widgets.HBox([self.answer_box, self.unit_label, self.check_button]),
            self.feedback_html, self.solution_html, self.score_html])
        on_any_change([self.topic], self._new)  # a new topic: a new question of it

    def _new(self, _=None):
        question = self.run.next_question(self.topic.value)
        self.question_html.value = question_html(question, question.title)
        self.unit_label.value = html.escape(question.unit)
        self.answer_box.value = ""
        self.feedback_html.value = ""
        self.solution_html.value = ""

    def _check(self, _=None):
        ok, message = self.run.answer(self.answer_box.value)
        self.feedback_html.value = feedback_html(ok, message)
        if not isinstance(drills.parse_answer(self.answer_box.value), str):
            self.solution_html.value = solution_html(self.run.question)
        self.score_html.value = html.escape(self.run.score_text)


class MockExam(widgets.VBox):
    """A timed mock exam: choose the number of questions, the exam seed and the minutes, start,
    answer (move with Previous/Next), finish, and read the score by topic with the worked
    solutions of the questions missed. A background thread counts down and ends the exam when
    time is up; the kernel stays free meanwhile.

    ``clock`` (a function returning seconds) and ``run_timer`` exist for testing.
    """

    def __init__(self, n: int = 10, seed: int = 2024, minutes: int = 20, clock=time.monotonic,
                 run_timer: bool = True):
        self.clock = clock
        self.run_timer = run_timer
        self.run: ExamRun | None = None
        self.current = 0
        self._timer: threading.Thread | None = None
        self._stop = threading.Event()
        self.questions_slider = slider(widgets.IntSlider, "Questions:", n, 3, 40, 1)
        self.seed_box = widgets.BoundedIntText(value=seed, min=0, max=2**31 - 1, description="Exam seed:",
                                               style=LABEL_STYLE, layout=ROW_LAYOUT)
        self.minutes_slider = slider(widgets.IntSlider, "Minutes:", minutes, 1, 180, 1)
        self.start_button = widgets.Button(description="Start exam", button_style="primary", icon="play")
        self.clock_html = widgets.HTML("Press <b>Start exam</b> when ready.")
        self.question_html = widgets.HTML()
        self.answer_box = text_box("Answer:", placeholder="your answer")
        self.previous_button = widgets.Button(description="◀ Previous")
        self.next_button = widgets.Button(description="Next ▶")
        self.finish_button = widgets.Button(description="Finish and score", button_style="warning")
        self.result_html = widgets.HTML()
        self.exam_box = widgets.VBox([self.question_html,
                                      widgets.HBox([self.answer_box, self.previous_button, self.next_button,
                                                    self.finish_button])],
                                     layout={"display": "none"})
        self.start_button.on_click(self.start)
        self.previous_button.on_click(lambda _: self.go(self.current - 1))
        self.next_button.on_click(lambda _: self.go(self.current + 1))
        self.finish_button.on_click(lambda _: self.finish())
        super().__init__([widgets.VBox([self.questions_slider, self.seed_box]),
                          widgets.HBox([self.minutes_slider, self.start_button]),
                          self.clock_html, self.exam_box, self.result_html])
        on_any_change([self.answer_box], self._store)  # every answer typed is kept at once

    def start(self, _=None):
        self._stop.set()  # a timer from an earlier exam stops
        self.run = ExamRun(self.questions_slider.value, self.seed_box.value, self.minutes_slider.value,
                                   clock=self.clock)
        self.result_html.value = ""
        self.exam_box.layout.display = None
        self.go(0)
        self.tick()
        if self.run_timer:
            self._stop = threading.Event()
            self._timer = threading.Thread(target=self._count_down, args=(self._stop,), daemon=True)
            self._timer.start()

    def _count_down(self, stop: threading.Event):
        while not stop.wait(1.0):
            self.tick()
            if self.run is None or self.run.finished:
                return

    def tick(self):
        """Show the time left; when it has run out, end the exam."""
        run = self.run
        if run is None or run.finished:
            return
        if run.timed_out:
            self.finish(timed_out=True)
            return
        self.clock_html.value = (f"<b>Time left: {format_clock(run.remaining)}</b> · "
                                 f"{sum(bool(a.strip()) for a in run.answers)} of {len(run.answers)} answered")

    def go(self, index: int):
        """Show question ``index`` (0-based), keeping the answers typed so far."""
        run = self.run
        if run is None or run.finished:
            return
        self.current = min(max(index, 0), len(run.questions) - 1)
        question = run.questions[self.current]
        self.question_html.value = question_html(
            question, f"Question {self.current + 1} of {len(run.questions)} · {question.title} "
                      f"(answer in {question.unit or 'a plain number'})")
        self.answer_box.value = run.answers[self.current]
        self.previous_button.disabled = self.current == 0
        self.next_button.disabled = self.current == len(run.questions) - 1

    def _store(self, _=None):
        if self.run is not None and not self.run.finished:
            self.run.answers[self.current] = self.answer_box.value

    def finish(self, timed_out: bool = False):
        """Close the exam and show the score by topic and the worked solutions of the misses."""
        run = self.run
        if run is None or run.finished:
            return
        run.finished = True
        self._stop.set()
        self.exam_box.layout.display = "none"
        self.clock_html.value = "<b>Time is up.</b>" if timed_out else "<b>Exam finished.</b>"
        self.result_html.value = exam_report_html(run)
