"""Practice for certification candidates (lesson 11); the mock exam is ``widgets.exam``.

    from servicekit.widgets.practice import Practice
    Practice(seed=1)      # pick a topic, get a question, type an answer, see the worked solution

The questions and the checking are in ``servicekit.drills``; the logic (``PracticeRun``) is plain
Python, tested without a browser. The widget only wires controls to it.
"""

from __future__ import annotations

import html

import ipywidgets as widgets
import numpy as np

from servicekit import drills

from .controls import dropdown, on_any_change, text_box

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
