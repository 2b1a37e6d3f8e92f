"""Unlimited practice for the certification exam: randomised calculation questions with worked solutions.

    from servicekit import drills
    drills.topics()                       # the calculation types
    q = drills.make("nps", seed=7)        # the same seed always gives the same question
    print(q.text)                         # in the language in use; q.text_in("zh") in Chinese
    q.check(31.5)                         # (False, "Not quite: ..." naming the likely mistake)
    q.check(31.5, language="zh")          # the same diagnosis in Chinese
    print("\\n".join(q.steps))            # the worked solution; the last step states the answer

    exam = drills.mock_exam(20, seed=2024)
    drills.score_exam(exam, answers)      # score by topic

Every answer is computed by ``servicekit.metrics``; a question carries its inputs in ``data`` so
the answer can be recomputed, and the wrong answers of common mistakes so ``check`` can say
what went wrong. Every question, step, title, unit and message exists in English and in Chinese;
what is shown follows ``servicekit.set_language``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Importing the topic modules registers their drills, in lesson order.
from . import strategy, positioning, complaints, staffing, satisfaction, loyalty, quality, customer_value  # noqa: F401, I001
from ._core import (TOPICS, Accepted, Mistake, Question, T, _code, build_question, check_seed, format_value,
                    parse_answer)

__all__ = ["Accepted", "Mistake", "Question", "T", "format_value", "make", "mark_exam", "mock_exam",
           "parse_answer", "score_exam", "titles", "topics"]

NOT_ANSWERED = T("Not answered.", "未作答。")
ALL_TOPICS = T("All topics", "全部题型")


def topics() -> list[str]:
    """The names of the calculation types available, in lesson order."""
    return [name for name, found in TOPICS.items() if found.available]


def titles(language: str | None = None) -> dict[str, str]:
    """Topic name → a readable title, for menus, in ``language`` (default: the language in use)."""
    return {name: TOPICS[name].title_in(_code(language)) for name in topics()}


def make(topic: str, seed: int) -> Question:
    """A question of type ``topic`` drawn with ``seed`` (an integer ≥ 0): same seed, same question."""
    return build_question(topic, seed)


def mock_exam(n: int, seed: int, pool: list[str] | None = None) -> list[Question]:
    """``n`` questions spread evenly across the topics (or the topic names in ``pool``), reproducible
    from ``seed``.

    The topics are dealt from a shuffled deck, so no topic comes twice before every topic has
    come once; each question gets its own seed drawn from the exam's seed.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"n must be a whole number of questions, got {n!r}")
    if not 1 <= n <= 200:
        raise ValueError(f"n must be between 1 and 200 questions, got {n}")
    seed = check_seed(seed)
    pool = topics() if pool is None else list(pool)
    if not pool:
        raise ValueError("pool is empty: an exam needs at least one topic")
    rng = np.random.default_rng(seed)
    deck: list[str] = []
    while len(deck) < n:
        deck += [pool[i] for i in rng.permutation(len(pool))]
    question_seeds = rng.integers(0, 2**31, size=n)
    return [make(name, int(s)) for name, s in zip(deck[:n], question_seeds)]


def mark_exam(questions: list[Question], answers, language: str | None = None) -> pd.DataFrame:
    """One row per question: its topic, the answer given, the right answer, whether it was right
    and the diagnosis. ``answers`` is a list (same order) or a dict {question number from 1: answer};
    a missing or empty answer counts as wrong. Titles and messages are in ``language`` (default:
    the language in use)."""
    code = _code(language)
    if isinstance(answers, dict):
        answers = [answers.get(i + 1) for i in range(len(questions))]
    answers = list(answers)
    if len(answers) != len(questions):
        raise ValueError(f"answers has {len(answers)} entries for {len(questions)} questions")
    rows = []
    for number, (question, given) in enumerate(zip(questions, answers), start=1):
        if not isinstance(question, Question):
            raise TypeError(f"questions[{number - 1}] must be a Question, got {type(question).__name__}")
        ok, message = (question.check(given, code) if given is not None and not (isinstance(given, str) and not given.strip())
                       else (False, NOT_ANSWERED.in_(code)))
        rows.append({"question": number, "topic": question.topic, "title": question.title_in(code),
                     "given": given, "answer": question.answer, "correct": ok, "message": message})
    return pd.DataFrame(rows).set_index("question")


def score_exam(questions: list[Question], answers, language: str | None = None) -> pd.DataFrame:
    """Score by topic: for every topic in the exam, ``title``, ``questions``, ``correct`` and
    ``percent`` (correct ÷ questions × 100), topics in the order they first appear, and a last
    row ``total`` (titles in ``language``, default the language in use)."""
    code = _code(language)
    marked = mark_exam(questions, answers, code)
    order = list(dict.fromkeys(marked["topic"]))
    by_topic = marked.groupby("topic", sort=False).agg(title=("title", "first"), questions=("correct", "size"),
                                                        correct=("correct", "sum")).reindex(order)
    total = pd.DataFrame({"title": [ALL_TOPICS.in_(code)], "questions": [len(marked)], "correct": [int(marked["correct"].sum())]},
                         index=["total"])
    scores = pd.concat([by_topic, total])
    scores["correct"] = scores["correct"].astype(int)
    scores["percent"] = scores["correct"] / scores["questions"] * 100
    scores.index.name = "topic"
    return scores
