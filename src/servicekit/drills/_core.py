"""The machinery behind the drills: the question object, the topic register, the answer check.

A topic is a function ``build(rng) -> dict`` registered with ``@topic(...)``. It draws realistic
numbers from ``rng``, computes the answer by calling ``servicekit.metrics`` (the one home of every
formula), writes the question and the worked steps in English and in Chinese (``T(en, zh)``), and
lists the wrong answers that common mistakes give, each with the message that explains the mistake,
in both languages too. What a question shows follows ``servicekit.language.language()``; the
``*_in(code)`` methods give one language whatever the setting.
"""

from __future__ import annotations

import math
import sys
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from numbers import Real
from typing import NamedTuple

import numpy as np

from .. import metrics
from ..language import LANGUAGES, language


class T(NamedTuple):
    """One piece of text in both languages: ``T("Right.", "正确。")``."""

    en: str
    zh: str

    def in_(self, code: str | None = None) -> str:
        """The text in ``code`` (``"en"`` or ``"zh"``; default the language in use)."""
        code = _code(code)
        return self.en if code == "en" else self.zh

    def format(self, **values) -> T:
        return T(self.en.format(**values), self.zh.format(**values))


def _code(code: str | None) -> str:
    code = language() if code is None else code
    if code not in LANGUAGES:
        raise ValueError(f"language={code!r}: choose one of {', '.join(LANGUAGES)} (English or Chinese)")
    return code


#: Every message the check itself writes (the mistakes of a topic bring their own).
MESSAGES = {
    "right": T("Right: {answer}.", "正确：{answer}。"),
    "right_also": T("Right: {given}. {note}", "正确：{given}。{note}"),
    "not_quite": T("Not quite: {message}", "不对：{message}"),
    "rounded_down": T("you rounded down; round up: {why}", "你向下取整了，应向上取整：{why}"),
    "not_whole": T("round up to a whole number: {why}", "结果要向上取整为整数：{why}"),
    "fraction": T("you gave a fraction; the answer is in percent (multiply by 100).",
                  "你填的是小数，本题答案要求百分数（乘以 100）。"),
    "sign": T("you have the right size but the wrong sign.", "数值大小对了，但正负号错了。"),
    "close": T("Close, but outside the tolerance: {why}", "接近了，但超出允许误差：{why}"),
    "close_default": T("keep more decimals in the intermediate steps and round only at the end.",
                       "中间步骤请多保留几位小数，只在最后一步取舍。"),
    "wrong": T("Not quite: {given} is not the answer. Work through the solution step by step.",
               "不对：{given} 不是正确答案。请对照解题步骤逐步检查。"),
    "bool": T("Type a number, not True/False.", "请填入数值，而不是 True/False。"),
    "empty": T("Type your answer first.", "请先填入答案。"),
    "not_number": T("“{text}” is not a number. Type digits only, for example 72.5.",
                    "“{text}”不是数值，请只填数字，例如 72.5。"),
    "not_finite": T("Type a finite number.", "请填入一个有限的数值。"),
    "answer_step": T("Answer: {answer}.", "答案：{answer}。"),
}


@dataclass(frozen=True)
class Mistake:
    """A wrong answer a common mistake produces, and what to tell the candidate who gives it."""

    value: float
    messages: T

    @property
    def message(self) -> str:
        """The message in the language in use."""
        return self.messages.in_()

    def message_in(self, code: str) -> str:
        return self.messages.in_(code)


@dataclass(frozen=True)
class Accepted:
    """Answers from ``low`` to ``high`` (plus the tolerance) come from another method that is right
    under the question's stated convention (a table z, the other correction formula); ``note`` says so."""

    low: float
    high: float
    note: T


@dataclass(frozen=True)
class Question:
    """One drill question: what to ask, the answer, how to get it, and how to diagnose a miss.

    ``data`` holds the inputs, so that anyone can recompute ``answer`` with ``servicekit.metrics``.
    ``tolerance`` is absolute: an answer within it of ``answer`` (or of an ``accepted`` range)
    counts as right. ``rounding="up"`` marks a whole-number answer that is rounded up (a sample
    size): only whole numbers are right, and a rounded-down or unrounded answer is told so. ``close`` is how far off an answer can be
    when the only slip is rounding on the way (0: the answer has no intermediate step to round),
    with the message that names that rounding.
    """

    topic: str
    seed: int
    texts: T
    answer: float
    units: T
    tolerance: float
    decimals: int
    step_texts: tuple[T, ...]
    data: dict = field(repr=False, compare=False)
    mistakes: tuple[Mistake, ...] = field(default=(), repr=False)
    accepted: tuple[Accepted, ...] = field(default=(), repr=False)
    rounding: str | None = None
    rounding_why: T | None = field(default=None, repr=False)
    close: float = 0.0
    close_message: T | None = field(default=None, repr=False)

    # --- what the question shows, in the language in use or in a given one --------------------

    @property
    def text(self) -> str:
        return self.texts.in_()

    def text_in(self, code: str) -> str:
        return self.texts.in_(code)

    @property
    def steps(self) -> tuple[str, ...]:
        """The worked solution; the last step states the answer."""
        return self.steps_in(None)

    def steps_in(self, code: str | None) -> tuple[str, ...]:
        return tuple(step.in_(code) for step in self.step_texts)

    @property
    def unit(self) -> str:
        return self.units.in_()

    def unit_in(self, code: str) -> str:
        return self.units.in_(code)

    @property
    def title(self) -> str:
        """The topic's title, for menus and score tables."""
        return TOPICS[self.topic].titles.in_()

    def title_in(self, code: str) -> str:
        return TOPICS[self.topic].titles.in_(code)

    @property
    def lesson(self) -> int:
        """The lesson that teaches this topic (for marks by topic, as the bank's items have)."""
        return TOPICS[self.topic].lesson

    def format(self, value: float, language: str | None = None) -> str:
        """``value`` written the way the question wants the answer (decimals and unit)."""
        return format_value(value, self.decimals, self.units.in_(language), _code(language))

    # --- the check ---------------------------------------------------------------------------

    def lowest_right(self) -> float:
        """The smallest answer that counts as right (the answer, or the low end of an accepted range)."""
        return min([self.answer] + [a.low for a in self.accepted])

    def is_right(self, given: float) -> bool:
        """Whether ``given`` is the answer or lies in an accepted range (a whole number, if rounded up)."""
        if abs(given - self.answer) <= self.tolerance:
            return True
        if self.rounding == "up" and abs(given - round(given)) > self.tolerance:
            return False
        return any(a.low - self.tolerance <= given <= a.high + self.tolerance for a in self.accepted)

    def check(self, value, language: str | None = None) -> tuple[bool, str]:
        """Whether ``value`` (a number, or text as typed) is right, and a message that says why not,
        in ``language`` (default: the language in use).

        A miss is compared with the wrong answers of the common mistakes, so the message can name
        the mistake ("you forgot the finite-population correction"); then with a rounded-down
        whole number, a fraction for a percent, a wrong sign, and a slip of rounding on the way;
        otherwise a generic hint.
        """
        code = _code(language)
        say = lambda key, **values: MESSAGES[key].format(**values).in_(code)  # noqa: E731
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value)
            for unit in sorted({self.units.en, self.units.zh, "yuan", "元"} - {"", "%"}, key=len, reverse=True):
                value = value.replace(unit, "")  # "3,437 yuan" and "3,437元" read as 3437
        given = parse_answer(value, code)
        if isinstance(given, str):
            return False, given
        if abs(given - self.answer) <= self.tolerance:
            return True, say("right", answer=self.format(self.answer, code))
        if self.is_right(given):
            accepted = next(a for a in self.accepted if a.low - self.tolerance <= given <= a.high + self.tolerance)
            return True, say("right_also", given=self.format(given, code), note=accepted.note.in_(code))
        for mistake in self.mistakes:
            if abs(given - mistake.value) <= self.tolerance:
                return False, say("not_quite", message=mistake.message_in(code))
        if self.rounding == "up":
            low = self.lowest_right()
            high = max([self.answer] + [a.high for a in self.accepted])
            why = (self.rounding_why or ROUND_UP_WHY).in_(code)
            if abs(given - (low - 1)) <= self.tolerance:
                return False, say("not_quite", message=say("rounded_down", why=why))
            if low - 1 < given < high + 1 and given != round(given):
                return False, say("not_quite", message=say("not_whole", why=why))
        if self.units.en == "%" and self.answer != 0 and abs(given * 100 - self.answer) <= max(self.tolerance, 0.51):
            return False, say("not_quite", message=say("fraction"))
        if self.answer != 0 and abs(given + self.answer) <= self.tolerance:
            return False, say("not_quite", message=say("sign"))
        if self.close > 0 and abs(given - self.answer) <= self.close:
            why = (self.close_message or MESSAGES["close_default"]).in_(code)
            return False, say("close", why=why)
        return False, say("wrong", given=f"{given:g}")


#: Why a whole-number answer is rounded up, unless the topic says it better (``rounding_why``).
ROUND_UP_WHY = T("a part of a whole counts as one more.", "不足一个也要按一个计。")


def parse_answer(value, language: str | None = None) -> float | str:
    """A float from a number or typed text ("1,234", "72.5 %", full-width "７２．５％"), or a message
    saying what is wrong, in ``language`` (default: the language in use)."""
    code = _code(language)
    if isinstance(value, bool):
        return MESSAGES["bool"].in_(code)
    if isinstance(value, (Real, np.integer, np.floating)):
        number = float(value)
    else:
        text = "" if value is None else str(value)
        cleaned = unicodedata.normalize("NFKC", text)
        for sign in (",", "%", "¥", " "):
            cleaned = cleaned.replace(sign, "")
        cleaned = cleaned.replace("−", "-").strip()
        if not cleaned:
            return MESSAGES["empty"].in_(code)
        try:
            number = float(cleaned)
        except ValueError:
            return MESSAGES["not_number"].format(text=text).in_(code)
    if not math.isfinite(number):
        return MESSAGES["not_finite"].in_(code)
    return number


def format_value(value: float, decimals: int, unit: str = "", language: str | None = None) -> str:
    """``1234.5`` → ``"1,234.50 yuan"``; percent without a space (``"72.5%"``); a Chinese unit
    without a space (``"1,234.50元"``)."""
    text = f"{value:,.{decimals}f}"
    if unit == "%":
        return text + "%"
    if not unit:
        return text
    return f"{text}{unit}" if _code(language) == "zh" else f"{text} {unit}"


@dataclass(frozen=True)
class Topic:
    """A registered calculation type."""

    name: str
    titles: T
    section: str
    requires: tuple[str, ...]
    build: Callable[[np.random.Generator], dict] = field(repr=False)
    lesson: int = 0  # the lesson that teaches it: its module's ``LESSON``

    @property
    def title(self) -> str:
        """The title in the language in use."""
        return self.titles.in_()

    def title_in(self, code: str) -> str:
        return self.titles.in_(code)

    @property
    def available(self) -> bool:
        """Whether every metric the topic calls exists in this version of ``servicekit.metrics``."""
        return all(hasattr(metrics, name) for name in self.requires)


#: Every topic, in the order of the syllabus.
TOPICS: dict[str, Topic] = {}


def topic(name: str, title: T, section: str, requires: tuple[str, ...] = ()):
    """Register ``build(rng)`` as the topic ``name`` with its ``title`` in both languages; ``build``
    returns the keyword arguments of ``finish`` (text, answer, unit, decimals, steps, data, mistakes
    and optionally tolerance, accepted, rounding and rounding_why, close and close_message), every
    text a ``T``."""
    if not isinstance(title, T):
        raise TypeError(f"the title of topic {name!r} must be T(en, zh)")

    def register(build):
        if name in TOPICS:
            raise ValueError(f"topic {name!r} is registered twice")
        lesson = getattr(sys.modules.get(build.__module__), "LESSON", 0)
        TOPICS[name] = Topic(name, title, section, tuple(requires), build, lesson)
        return build

    return register


def finish(topic_name: str, seed: int, *, text: T, answer: float, unit: T, decimals: int,
           steps: list[T], data: dict, mistakes=(), tolerance: float | None = None, accepted=(),
           rounding: str | None = None, rounding_why: T | None = None, close: float = 0.0,
           close_message: T | None = None) -> Question:
    """Assemble a question: the default tolerance (a whole-number answer must be exact; otherwise
    one unit of the last decimal asked for, room for rounding on the way), the final step stating
    the answer, and only the mistakes whose wrong answers can be told apart from every right
    answer and from one another."""
    answer = float(answer)
    if tolerance is None and rounding == "up":
        tolerance = 1e-9  # a rounded-up whole number: 383.2 is not yet an answer, 384 is
    elif tolerance is None:
        tolerance = 0.5 * 10.0**-decimals + 1e-9 if decimals == 0 else 10.0**-decimals
    kept_accepted = tuple(Accepted(float(low), float(high), note) for low, high, note in accepted)
    pieces = (text, *steps, *(m for _, m in mistakes), *(a.note for a in kept_accepted))
    pieces += tuple(piece for piece in (close_message, rounding_why) if piece is not None)
    for piece in pieces:
        if not isinstance(piece, T) or not piece.en or not piece.zh:
            raise TypeError(f"{topic_name}: every text needs English and Chinese, got {piece!r}")
    if not isinstance(unit, T) or bool(unit.en) != bool(unit.zh):
        raise TypeError(f"{topic_name}: the unit needs English and Chinese (or neither), got {unit!r}")

    def right(value):
        if abs(value - answer) <= 1.5 * tolerance:
            return True
        return any(a.low - 1.5 * tolerance <= value <= a.high + 1.5 * tolerance for a in kept_accepted)

    kept: list[Mistake] = []
    for value, message in mistakes:
        value = float(value)
        if not math.isfinite(value) or right(value):
            continue
        if any(abs(value - other.value) <= 1.5 * tolerance for other in kept):
            continue
        kept.append(Mistake(value, message))
    last = T(*(MESSAGES["answer_step"].in_(code).format(answer=format_value(answer, decimals, unit.in_(code), code))
               for code in ("en", "zh")))
    return Question(topic=topic_name, seed=seed, texts=text, answer=answer, units=unit,
                    tolerance=float(tolerance), decimals=decimals, step_texts=(*steps, last), data=data,
                    mistakes=tuple(kept), accepted=kept_accepted, rounding=rounding, rounding_why=rounding_why,
                    close=float(close), close_message=close_message)


def check_seed(seed) -> int:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        raise TypeError(f"seed must be a whole number, got {seed!r} ({type(seed).__name__})")
    if seed < 0:
        raise ValueError(f"seed must be 0 or more, got {seed}")
    return int(seed)


def check_topic(name) -> Topic:
    if not isinstance(name, str):
        raise TypeError(f"topic must be a topic name (text), got {name!r} ({type(name).__name__})")
    if name not in TOPICS:
        raise ValueError(f"topic {name!r} is unknown; choose one of {sorted(TOPICS)}")
    found = TOPICS[name]
    if not found.available:
        missing = [f for f in found.requires if not hasattr(metrics, f)]
        raise ValueError(f"topic {name!r} needs servicekit.metrics.{missing[0]}, which this version lacks")
    return found


def build_question(name, seed) -> Question:
    found = check_topic(name)
    seed = check_seed(seed)
    rng = np.random.default_rng(seed)
    return finish(found.name, seed, **found.build(rng))


# --- Helpers for writing questions ---------------------------------------------------------------


def fmt(value: float, decimals: int = 2) -> str:
    """A number for the worked steps, with thousands separators."""
    return f"{value:,.{decimals}f}"


def times(count: int) -> T:
    """``1`` → "once" / "1 次", ``2`` → "twice" / "2 次", ``5`` → "5 times" / "5 次"."""
    return T({1: "once", 2: "twice"}.get(count, f"{count} times"), f"{count} 次")


DECIMALS = {1: T("to one decimal", "保留一位小数"), 2: T("to two decimals", "保留两位小数")}


def width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font: a Chinese character takes two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def table(header: list[str], rows: list[list]) -> str:
    """A small fixed-width text table for a question's data (Chinese characters count double)."""
    cells = [[str(h) for h in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(width(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(" " * (w - width(c)) + c for c, w in zip(row, widths)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def tables(header: T | list[T], rows_en: list[list], rows_zh: list[list] | None = None) -> T:
    """The same table in both languages; ``header`` is a list of ``T`` (one per column)."""
    return T(table([h.en for h in header], rows_en),
             table([h.zh for h in header], rows_en if rows_zh is None else rows_zh))


def join(*parts: T | str) -> T:
    """Concatenate pieces, each a ``T`` or text shared by both languages (numbers, formulas)."""
    return T("".join(p if isinstance(p, str) else p.en for p in parts),
             "".join(p if isinstance(p, str) else p.zh for p in parts))
