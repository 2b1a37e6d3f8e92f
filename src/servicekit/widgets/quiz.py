"""Self-check questions with immediate feedback, used by every lesson.

    from servicekit.widgets import quiz
    quiz.choice("Which ...?", ["a", "b", "c"], answer="b", why="Because ...")
    quiz.number("What is ...? (percent)", answer=65.0, tolerance=0.05, why="65 of 100 ...")

The checking logic is in ``check_choice`` and ``check_number`` (pure, tested); the widgets only
wire a control and a button to them.
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets

from .controls import FIT_LAYOUT, text_box


def check_choice(picked, answer, why: str) -> tuple[bool, str]:
    """Whether ``picked`` is ``answer``, with the explanation to show."""
    if picked is None:
        return False, "Pick an answer first."
    if picked == answer:
        return True, f"Right. {why}"
    return False, f"Not quite: you picked “{picked}”. {why}"


def check_number(text, answer: float, tolerance: float, why: str) -> tuple[bool, str]:
    """Whether the typed ``text`` is a number within ``tolerance`` of ``answer`` (absolute)."""
    try:
        value = float(str(text).replace(",", "").replace("%", "").strip())
    except ValueError:
        return False, f"“{text}” is not a number. Type digits only, for example 65.4."
    if not math.isfinite(value):
        return False, "Type a finite number."
    if abs(value - answer) <= tolerance:
        return True, f"Right ({answer:g}). {why}"
    hint = ""
    if answer != 0 and abs(value * 100 - answer) <= tolerance:
        hint = " You gave a fraction; the answer is in percent."
    elif answer != 0 and abs(value / 100 - answer) <= tolerance:
        hint = " You gave a percent; the answer is a fraction."
    return False, f"Not quite: {value:g} is not {answer:g}.{hint} {why}"


def _feedback(ok: bool, message: str) -> str:
    colour = "#1b7f3b" if ok else "#b3261e"
    mark = "✔" if ok else "✘"
    return f"<span style='color:{colour}'><b>{mark}</b> {html.escape(message)}</span>"


def choice(question: str, options: list[str], answer: str, why: str) -> widgets.VBox:
    """A multiple-choice question; the explanation shows as soon as the trainee checks."""
    if answer not in options:
        raise ValueError(f"answer {answer!r} is not one of options {options}")
    picker = widgets.RadioButtons(options=options, value=None, layout=FIT_LAYOUT)
    button = widgets.Button(description="Check", button_style="info")
    result = widgets.HTML()

    def on_check(_):
        result.value = _feedback(*check_choice(picker.value, answer, why))

    button.on_click(on_check)
    return widgets.VBox([widgets.HTML(f"<b>{html.escape(question)}</b>"), picker, button, result])


def number(question: str, answer: float, tolerance: float, why: str) -> widgets.VBox:
    """A numeric question; the trainee types a value and checks it."""
    box = text_box("Answer:", placeholder="your answer")
    button = widgets.Button(description="Check", button_style="info")
    result = widgets.HTML()

    def on_check(_):
        result.value = _feedback(*check_number(box.value, answer, tolerance, why))

    button.on_click(on_check)
    return widgets.VBox([widgets.HTML(f"<b>{html.escape(question)}</b>"), widgets.HBox([box, button]), result])
