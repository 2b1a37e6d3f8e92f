"""Self-check questions with feedback, used by every lesson; the questions are the bank's.

    from servicekit.widgets import quiz
    quiz.ask("07-03")        # item 07-03 of servicekit.questions, in the language in use

A lesson's notebook names only the item: the answer is in the bank, not in the notebook. The
options of a choice are shown in an order fixed by the item (``questions.shuffled_order``), so
the key is not always in one place. A numeric question tells whether a value is right, and
shows the right value and the working only once the trainee has it right, has tried twice, or
asks for it; a try is a number, so an empty box or a word checked twice gives nothing away. Every
word on screen follows ``servicekit.set_language``.

``check_choice``, ``read_number`` and ``check_number`` hold the checking logic (pure, tested);
``choice`` and ``number`` build the widgets; ``ask`` builds either from the bank.
"""

from __future__ import annotations

import html
import math

import ipywidgets as widgets

from servicekit import questions
from servicekit.language import language, lookup

from .controls import FIT_LAYOUT, text_box

#: Tries (numbers typed and checked) before a numeric question shows its answer without being asked.
TRIES = 2

TEXT = {
    "check": {"en": "Check", "zh": "核对答案"},
    "show": {"en": "Show the answer", "zh": "显示答案"},
    "answer": {"en": "Answer:", "zh": "你的答案："},
    "placeholder": {"en": "your answer", "zh": "填入数值"},
    "pick": {"en": "Pick an answer first.", "zh": "请先选择一个选项。"},
    "right": {"en": "Right.", "zh": "正确。"},
    "wrong_choice": {"en": "Not quite: you picked “{picked}”.", "zh": "不对：你选的是“{picked}”。"},
    "empty": {"en": "Type a number in the box first, for example 65.4.", "zh": "请先在框中填入一个数值，例如 65.4。"},
    "not_number": {"en": "“{text}” is not a number. Type digits only, for example 65.4.",
                   "zh": "“{text}”不是数值，请只填数字，例如 65.4。"},
    "not_finite": {"en": "Type a finite number.", "zh": "请填一个有限的数值。"},
    "wrong_number": {"en": "Not quite: {value:g} is not right.", "zh": "不对：{value:g} 不是正确答案。"},
    "fraction": {"en": " You gave a fraction; the answer is in percent.", "zh": "你填的是小数，答案要求百分数。"},
    "percent": {"en": " You gave a percent; the answer is a fraction.", "zh": "你填的是百分数，答案要求小数。"},
    "try_again": {"en": " Try again, or ask for the answer.", "zh": "再试一次，或点“显示答案”。"},
    "the_answer": {"en": "The answer is {answer:g}.", "zh": "答案是 {answer:g}。"},
}


_t = lookup(TEXT)  # TEXT[key] in the language in use, with values filled in


def check_choice(picked, answer, why: str) -> tuple[bool, str]:
    """Whether ``picked`` is ``answer``, with the explanation to show."""
    if picked is None:
        return False, _t("pick")
    if picked == answer:
        return True, f"{_t('right')} {why}"
    return False, f"{_t('wrong_choice', picked=picked)} {why}"


def read_number(text) -> float | str:
    """The number typed in ``text`` ("1,234", "65.4%"), or, if there is none, the message saying
    what to type."""
    if not str(text).strip():
        return _t("empty")
    try:
        value = float(str(text).replace(",", "").replace("%", "").strip())
    except ValueError:
        return _t("not_number", text=text)
    if not math.isfinite(value):
        return _t("not_finite")
    return value


def check_number(text, answer: float, tolerance: float) -> tuple[bool, str]:
    """Whether the typed ``text`` is a number within ``tolerance`` of ``answer`` (absolute), and
    what to tell the trainee; the message never gives the answer away."""
    value = read_number(text)
    if isinstance(value, str):
        return False, value
    if abs(value - answer) <= tolerance:
        return True, _t("right")
    hint = ""
    if answer != 0 and abs(value * 100 - answer) <= tolerance:
        hint = _t("fraction")
    elif answer != 0 and abs(value / 100 - answer) <= tolerance:
        hint = _t("percent")
    return False, _t("wrong_number", value=value) + hint


def _feedback(ok: bool, message: str) -> str:
    colour = "#1b7f3b" if ok else "#b3261e"
    mark = "✔" if ok else "✘"
    return f"<span style='color:{colour}'><b>{mark}</b> {html.escape(message)}</span>"


def choice(question: str, options: list[str], answer: str, why: str) -> widgets.VBox:
    """A multiple-choice question; the explanation shows as soon as the trainee checks."""
    if answer not in options:
        raise ValueError(f"answer {answer!r} is not one of options {options}")
    picker = widgets.RadioButtons(options=options, value=None, layout=FIT_LAYOUT)
    button = widgets.Button(description=_t("check"), button_style="info")
    result = widgets.HTML()

    def on_check(_):
        result.value = _feedback(*check_choice(picker.value, answer, why))

    button.on_click(on_check)
    return widgets.VBox([widgets.HTML(f"<b>{html.escape(question)}</b>"), picker, button, result])


def number(question: str, answer: float, tolerance: float, why: str) -> widgets.VBox:
    """A numeric question. The right value and ``why`` show once the trainee has it right, has
    tried ``TRIES`` numbers, or presses "Show the answer"."""
    box = text_box(_t("answer"), placeholder=_t("placeholder"))
    button = widgets.Button(description=_t("check"), button_style="info")
    show = widgets.Button(description=_t("show"))
    result = widgets.HTML()
    tries = []

    def reveal(prefix: str = "") -> None:
        result.value = (prefix + "<br>" if prefix else "") + html.escape(f"{_t('the_answer', answer=answer)} {why}")

    def on_check(_):
        value = read_number(box.value)
        if isinstance(value, str):  # nothing to mark (an empty box, a word): say what to type; not a try
            result.value = _feedback(False, value)
            return
        ok, message = check_number(value, answer, tolerance)
        tries.append(ok)
        if ok or len(tries) >= TRIES:
            reveal(_feedback(ok, message))
        else:
            result.value = _feedback(ok, message + _t("try_again"))

    button.on_click(on_check)
    show.on_click(lambda _: reveal())
    return widgets.VBox([widgets.HTML(f"<b>{html.escape(question)}</b>"), widgets.HBox([box, button, show]), result])


def ask(item_id: str, seed: int | str = 0) -> widgets.VBox:
    """The self-check ``item_id`` of the question bank, in the language in use."""
    entry = questions.item(item_id)
    text = entry[language()]
    if entry["type"] == "number":
        return number(text["stem"], entry["answer"], entry["tolerance"], text["explanation"])
    order = questions.shuffled_order(entry, seed)
    options = [text["options"][i] for i in order]
    if entry["type"] == "multiple":
        raise ValueError(f"item_id={item_id!r} is a multiple-choice item: a self-check shows single-answer and numeric items")
    return choice(text["stem"], options, text["options"][entry["key"]], text["explanation"])
