"""The machinery behind the drills: the question object, the topic register, the answer check.

A topic is a function ``build(rng) -> Question`` registered with ``@topic(...)``. It draws
realistic numbers from ``rng``, computes the answer by calling ``servicekit.metrics`` (the one home
of every formula), writes the worked steps, and lists the wrong answers that common mistakes give,
each with the message that explains the mistake.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from numbers import Real

import numpy as np

from .. import metrics


@dataclass(frozen=True)
class Mistake:
    """A wrong answer a common mistake produces, and what to tell the candidate who gives it."""

    value: float
    message: str


@dataclass(frozen=True)
class Question:
    """One drill question: what to ask, the answer, how to get it, and how to diagnose a miss.

    ``data`` holds the inputs, so that anyone can recompute ``answer`` with ``servicekit.metrics``.
    ``tolerance`` is absolute: an answer within it of ``answer`` counts as right.
    """

    topic: str
    seed: int
    text: str
    answer: float
    unit: str
    tolerance: float
    decimals: int
    steps: tuple[str, ...]
    data: dict = field(repr=False, compare=False)
    mistakes: tuple[Mistake, ...] = field(default=(), repr=False)

    @property
    def title(self) -> str:
        """The topic's title, for menus and score tables."""
        return TOPICS[self.topic].title

    def format(self, value: float) -> str:
        """``value`` written the way the question wants the answer (decimals and unit)."""
        return format_value(value, self.decimals, self.unit)

    def check(self, value) -> tuple[bool, str]:
        """Whether ``value`` (a number, or text as typed) is right, and a message that says why not.

        A miss is compared with the wrong answers of the common mistakes, so the message can name
        the mistake ("you forgot the finite-population correction"); otherwise a generic hint.
        """
        if isinstance(value, str) and self.unit:
            value = value.replace(self.unit, "")  # "3,437 yuan" reads as 3437
        given = parse_answer(value)
        if isinstance(given, str):
            return False, given
        if abs(given - self.answer) <= self.tolerance:
            return True, f"Right: {self.format(self.answer)}."
        for mistake in self.mistakes:
            if abs(given - mistake.value) <= self.tolerance:
                return False, f"Not quite: {mistake.message}"
        if self.unit == "%" and self.answer != 0 and abs(given * 100 - self.answer) <= max(self.tolerance, 0.51):
            return False, "Not quite: you gave a fraction; the answer is in percent (multiply by 100)."
        if self.answer != 0 and abs(given + self.answer) <= self.tolerance:
            return False, "Not quite: you have the right size but the wrong sign."
        if self.answer != 0 and abs(given - self.answer) <= max(3 * self.tolerance, abs(self.answer) * 0.01):
            return False, "Close, but outside the tolerance: keep more decimals in the intermediate steps."
        return False, f"Not quite: {given:g} is not the answer. Work through the solution step by step."


def parse_answer(value) -> float | str:
    """A float from a number or typed text ("1,234", "72.5 %"), or a message saying what is wrong."""
    if isinstance(value, bool):
        return "Type a number, not True/False."
    if isinstance(value, (Real, np.integer, np.floating)):
        number = float(value)
    else:
        text = "" if value is None else str(value)
        cleaned = text.replace(",", "").replace("%", "").replace("¥", "").strip()
        if not cleaned:
            return "Type your answer first."
        try:
            number = float(cleaned)
        except ValueError:
            return f"“{text}” is not a number. Type digits only, for example 72.5."
    if not math.isfinite(number):
        return "Type a finite number."
    return number


def format_value(value: float, decimals: int, unit: str = "") -> str:
    """``1234.5`` → ``"1,234.50 yuan"``; percent without a space (``"72.5%"``)."""
    text = f"{value:,.{decimals}f}"
    if unit == "%":
        return text + "%"
    return f"{text} {unit}" if unit else text


@dataclass(frozen=True)
class Topic:
    """A registered calculation type."""

    name: str
    title: str
    section: str
    requires: tuple[str, ...]
    build: Callable[[np.random.Generator], dict] = field(repr=False)

    @property
    def available(self) -> bool:
        """Whether every metric the topic calls exists in this version of ``servicekit.metrics``."""
        return all(hasattr(metrics, name) for name in self.requires)


#: Every topic, in the order of the syllabus.
TOPICS: dict[str, Topic] = {}


def topic(name: str, title: str, section: str, requires: tuple[str, ...] = ()):
    """Register ``build(rng)`` as the topic ``name``; ``build`` returns the keyword arguments of
    ``finish`` (text, answer, unit, decimals, steps, data, mistakes and optionally tolerance)."""

    def register(build):
        if name in TOPICS:
            raise ValueError(f"topic {name!r} is registered twice")
        TOPICS[name] = Topic(name, title, section, tuple(requires), build)
        return build

    return register


def finish(topic_name: str, seed: int, *, text: str, answer: float, unit: str, decimals: int,
           steps: list[str], data: dict, mistakes=(), tolerance: float | None = None) -> Question:
    """Assemble a question: the default tolerance (a whole-number answer must be exact; otherwise
    one unit of the last decimal asked for, room for rounding on the way), the final step stating
    the answer, and only the mistakes whose wrong answers can be told apart from the right one and
    from one another."""
    answer = float(answer)
    if tolerance is None:
        tolerance = 0.5 * 10.0**-decimals + 1e-9 if decimals == 0 else 10.0**-decimals
    kept: list[Mistake] = []
    for value, message in mistakes:
        value = float(value)
        if not math.isfinite(value) or abs(value - answer) <= 1.5 * tolerance:
            continue
        if any(abs(value - other.value) <= 1.5 * tolerance for other in kept):
            continue
        kept.append(Mistake(value, message))
    steps = [*steps, f"Answer: {format_value(answer, decimals, unit)}."]
    return Question(topic=topic_name, seed=seed, text=text, answer=answer, unit=unit,
                    tolerance=float(tolerance), decimals=decimals, steps=tuple(steps), data=data,
                    mistakes=tuple(kept))


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


def fmt(value: float, decimals: int = 2) -> str:
    """A number for the worked steps, with thousands separators."""
    return f"{value:,.{decimals}f}"


def times(count: int) -> str:
    """``1`` → "once", ``2`` → "twice", ``5`` → "5 times"."""
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def table(header: list[str], rows: list[list]) -> str:
    """A small fixed-width text table for a question's data."""
    cells = [[str(h) for h in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.rjust(w) for c, w in zip(row, widths)) for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)
