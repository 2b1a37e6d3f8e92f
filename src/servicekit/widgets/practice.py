"""Practice for certification candidates (lesson 11); the mock exam is ``widgets.exam``.

    from servicekit.widgets.practice import Practice, TheoryPractice
    TheoryPractice()      # theory items of the bank, by topic, your weakest topics first
    Practice(seed=1)      # calculations: a topic, a question, your answer, the worked solution

The calculations and their checking are ``servicekit.drills``; the theory items are the question
bank's exam items. Both keep a record of every first answer (``PracticeRecord``) in a small file in
the candidate's own folder (``~/.servicekit/practice.json``, or the file named by
``SERVICEKIT_PRACTICE_RECORD``), never inside the kit, so that the next sitting puts the weakest
topics first. The logic (``PracticeRun``, ``TheoryRun``, ``PracticeRecord``) is plain Python,
tested without a browser; the widgets only wire controls to it. What they show follows the kit's
one language setting (``servicekit.set_language``).
"""

from __future__ import annotations

import html
import json
import os
import random
import tempfile
from pathlib import Path

import ipywidgets as widgets
import numpy as np

from servicekit import drills, questions
from servicekit.language import language, pick
from servicekit.questions import paper as papers

from .controls import FIT_LAYOUT, dropdown, on_any_change, text_box

RECORD_VARIABLE = "SERVICEKIT_PRACTICE_RECORD"


def record_path() -> Path:
    """Where the candidate's practice record lives: their own folder, never the kit's."""
    given = os.environ.get(RECORD_VARIABLE, "").strip()
    return Path(given) if given else Path.home() / ".servicekit" / "practice.json"


class PracticeRecord:
    """Every topic's first answers (``attempted``, ``right``), kept from one sitting to the next.

    A topic's standing is (right + 1) / (attempted + 2): a topic never tried stands at one half,
    below a topic mostly answered right and above one mostly answered wrong, so that the weakest
    topics come first and untried ones soon after. A damaged file is set aside (renamed
    ``.damaged``, never over an earlier one), not lost, and the record starts again.

    Several records may share one file: lesson 11's two widgets each hold one, and so may another
    notebook open at the same time. So ``add`` reads the file again and adds the answer to what it
    holds now, rather than writing over it what this record read at the start.
    """

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else record_path()
        self.topics: dict[str, dict[str, int]] = self._read() or {}

    def _read(self) -> dict[str, dict[str, int]] | None:
        """The topics in the file, or None if there is no file or it is damaged (then set aside)."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return {str(k): {"attempted": int(v["attempted"]), "right": int(v["right"])}
                    for k, v in raw.get("topics", {}).items()}
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self._set_aside()
            return None

    def _set_aside(self) -> None:
        """Rename the damaged file to ``.damaged`` (``-2.damaged``, ... if that name is taken), so
        that the candidate or a teacher can still open it."""
        target, number = self.path.with_suffix(".damaged"), 1
        while target.exists():
            number += 1
            target = self.path.with_name(f"{self.path.stem}-{number}.damaged")
        self.path.replace(target)

    def add(self, topic: str, right: bool) -> None:
        # Start from the file as it is now, which holds what other records sharing it have added
        # since this one read it; with no readable file, from what this record knows.
        on_file = self._read()
        if on_file is not None:
            self.topics = on_file
        entry = self.topics.setdefault(topic, {"attempted": 0, "right": 0})
        entry["attempted"] += 1
        entry["right"] += int(right)
        self._write()

    def _write(self) -> None:
        """Write the record whole at once: a temporary file of its own in the same folder, then
        ``os.replace``, so that a reader never finds half a file and two writers never share a
        temporary one."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=f"{self.path.name}.", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump({"topics": self.topics}, file, indent=1, sort_keys=True)
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)  # leave no stray temporary file behind
            raise

    def standing(self, topic: str) -> float:
        entry = self.topics.get(topic, {"attempted": 0, "right": 0})
        return (entry["right"] + 1) / (entry["attempted"] + 2)

    def weakest_first(self, topics: list[str]) -> list[str]:
        return sorted(topics, key=lambda topic: (self.standing(topic), topics.index(topic)))

    def options(self, topics: dict[str, tuple[str, object]]) -> list[tuple[str, object]]:
        """Dropdown options for ``topics`` ({record key: (title, value)}): weakest first, each
        title followed by its record."""
        return [(self.label(key, topics[key][0]), topics[key][1]) for key in self.weakest_first(list(topics))]

    def label(self, topic: str, title: str) -> str:
        entry = self.topics.get(topic)
        if not entry:
            return pick({"en": f"{title} (not tried yet)", "zh": f"{title}（尚未练习）"})
        return pick({"en": f"{title} ({entry['right']} of {entry['attempted']} right)",
                     "zh": f"{title}（{entry['attempted']}题答对{entry['right']}题）"})

# ---------------------------------------------------------------------------------------------
# The logic, without widgets


class PracticeRun:
    """A run of practice questions and its score: only the first check of each question counts."""

    def __init__(self, seed: int | None = None, record: PracticeRecord | None = None):
        self._seeds = np.random.default_rng(seed)
        self.record = record
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
            return False, pick({"en": "Get a question first.", "zh": "请先出题。"})
        ok, message = self.question.check(value)
        if not self._counted and not isinstance(drills.parse_answer(value), str):
            self.attempted += 1
            self.correct += int(ok)
            self._counted = True
            if self.record is not None:
                self.record.add(self.question.topic, ok)
        return ok, message

    @property
    def score_text(self) -> str:
        if not self.attempted:
            return pick({"en": "Score: no answers yet", "zh": "得分：尚未作答"})
        percent = 100 * self.correct / self.attempted
        return pick({"en": f"Score: {self.correct} / {self.attempted} right ({percent:.0f}%)",
                     "zh": f"得分：{self.attempted}题答对{self.correct}题（{percent:.0f}%）"})


# ---------------------------------------------------------------------------------------------
# Rendering


def question_html(question: drills.Question, heading: str = "") -> str:
    head = f"<b>{html.escape(heading)}</b><br>" if heading else ""
    return (f"{head}<pre style='white-space: pre-wrap; font-size: 95%; line-height: 1.35'>"
            f"{html.escape(question.text)}</pre>")


def solution_html(question: drills.Question) -> str:
    items = "".join(f"<li><pre style='white-space: pre-wrap; margin: 0'>{html.escape(s)}</pre></li>"
                    for s in question.steps)
    title = pick({"en": "Worked solution", "zh": "参考解答"})
    return f"<details open><summary><b>{title}</b></summary><ol>{items}</ol></details>"


def feedback_html(ok: bool, message: str) -> str:
    colour, mark = ("#1b7f3b", "✔") if ok else ("#b3261e", "✘")
    return f"<span style='color:{colour}'><b>{mark}</b> {html.escape(message)}</span>"


# ---------------------------------------------------------------------------------------------
# Widgets


class _ByTopic(widgets.VBox):
    """What the two practice widgets share: a topic dropdown (``self.topic``), weakest topics
    first, put in order again after every answer. Each widget gives its topics (``_options``)
    and draws a new question or item when a topic is picked (``_new``)."""

    _reordering = False

    def _options(self) -> list[tuple[str, object]]:
        raise NotImplementedError

    def _reorder_topics(self) -> None:
        # New options make the dropdown jump to the first one, which would draw a new question:
        # ``_new`` ignores changes while this runs, and the topic picked is put back.
        current, self._reordering = self.topic.value, True
        try:
            self.topic.options = self._options()
            self.topic.value = current
        finally:
            self._reordering = False


class Practice(_ByTopic):
    """Pick a topic (your weakest first), get a new question, type an answer, check it:
    right/wrong, the diagnosis and the worked solution, with a running score. The topic list
    shows each topic's record and is re-ordered after every answer."""

    def __init__(self, seed: int | None = None, topic: str | None = None, record: PracticeRecord | None = None):
        self.record = record or PracticeRecord()
        self.run = PracticeRun(seed, self.record)
        options = self._options()
        self.topic = dropdown(pick({"en": "Topic:", "zh": "题型："}), options, topic or options[0][1], wide=True)
        self.new_button = widgets.Button(description=pick({"en": "New question", "zh": "换一题"}),
                                         button_style="primary", icon="refresh")
        self.question_html = widgets.HTML()
        self.answer_box = text_box(pick({"en": "Answer:", "zh": "答案："}), placeholder=pick({"en": "your answer", "zh": "你的答案"}))
        self.unit_label = widgets.HTML()
        self.check_button = widgets.Button(description=pick({"en": "Check", "zh": "核对答案"}), button_style="info")
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

    def _options(self):
        return self.record.options({name: (title, name) for name, title in drills.titles().items()})

    def _new(self, _=None):
        if self._reordering:
            return
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
        self._reorder_topics()


# ---------------------------------------------------------------------------------------------
# Theory items


class TheoryRun:
    """Theory items of one topic (a lesson), drawn without repeating until the topic runs out."""

    def __init__(self, record: PracticeRecord, seed: int | None = None):
        self.record = record
        self.rng = random.Random(seed)
        self.item: dict | None = None
        self._seen: set[str] = set()
        self._counted = False

    @staticmethod
    def topic_key(lesson: int) -> str:
        return f"theory-{lesson:02d}"

    def next_item(self, lesson: int) -> dict:
        pool = [e for e in questions.exam_items() if e["lesson"] == lesson]
        fresh = [e for e in pool if e["id"] not in self._seen] or pool
        self.item = self.rng.choice(fresh)
        self._seen.add(self.item["id"])
        self._counted = False
        return self.item

    def order(self) -> list[int]:
        return questions.shuffled_order(self.item, "practice")

    def answer(self, given) -> tuple[bool, str]:
        """Mark ``given`` (option indices in the bank's order); the first answer goes on the record."""
        item = self.item
        keys = item["key"] if isinstance(item["key"], list) else [item["key"]]
        chosen = sorted(given) if isinstance(given, (list, tuple, set)) else ([] if given is None else [given])
        ok = chosen == sorted(keys)
        if not self._counted and chosen:
            self.record.add(self.topic_key(item["lesson"]), ok)
            self._counted = True
        return ok, item[language()]["explanation"]


class TheoryPractice(_ByTopic):
    """Theory items by topic, weakest topics first: answer, check, read the explanation and the
    source. The topic list shows each topic's record and is re-ordered after every answer."""

    def __init__(self, seed: int | None = None, record: PracticeRecord | None = None):
        self.record = record or PracticeRecord()
        self.run = TheoryRun(self.record, seed)
        self.lessons = sorted({e["lesson"] for e in questions.exam_items()})
        self.topic = dropdown(pick({"en": "Topic:", "zh": "知识模块："}), self._options(), wide=True)
        self.new_button = widgets.Button(description=pick({"en": "New item", "zh": "换一题"}),
                                         button_style="primary", icon="refresh")
        self.item_html = widgets.HTML()
        self.choices = widgets.VBox()
        self.check_button = widgets.Button(description=pick({"en": "Check", "zh": "核对答案"}), button_style="info")
        self.feedback_html = widgets.HTML()
        self.new_button.on_click(self._new)
        self.check_button.on_click(self._check)
        super().__init__([widgets.HBox([self.topic, self.new_button]), self.item_html, self.choices,
                          self.check_button, self.feedback_html])
        on_any_change([self.topic], self._new)

    def _options(self):
        return self.record.options({TheoryRun.topic_key(lesson): (papers.topic_name(lesson, language()), lesson)
                                    for lesson in self.lessons})

    def _new(self, _=None):
        if self._reordering:
            return
        item = self.run.next_item(self.topic.value)
        code = language()
        kind = papers.SECTION_NAMES[item["type"]][code]
        self.item_html.value = f"<p><i>{html.escape(kind)}</i></p><p>{html.escape(item[code]['stem'])}</p>"
        labels = [(f"{papers.LETTERS[n]}. {item[code]['options'][i]}", i) for n, i in enumerate(self.run.order())]
        if item["type"] == "multiple":
            self.choices.children = [widgets.Checkbox(description=label, indent=False, layout=FIT_LAYOUT)
                                     for label, _ in labels]
            self._indices = [i for _, i in labels]
        else:
            self.choices.children = [widgets.RadioButtons(options=labels, value=None, layout=FIT_LAYOUT)]
        self.feedback_html.value = ""

    def given(self):
        if self.run.item["type"] == "multiple":
            return [i for box, i in zip(self.choices.children, self._indices) if box.value]
        return self.choices.children[0].value

    def _check(self, _=None):
        given = self.given()
        if given in (None, []):
            self.feedback_html.value = feedback_html(False, pick({"en": "Choose an answer first.", "zh": "请先选择答案。"}))
            return
        ok, explanation = self.run.answer(given)
        order = self.run.order()
        item = self.run.item
        keys = item["key"] if isinstance(item["key"], list) else [item["key"]]
        letters = "".join(papers.LETTERS[order.index(k)] for k in sorted(keys, key=order.index))
        verdict = pick({"en": f"Right: {letters}." if ok else f"Not quite: the answer is {letters}.",
                        "zh": f"正确：{letters}。" if ok else f"不对，正确答案是{letters}。"})
        self.feedback_html.value = (feedback_html(ok, verdict) + f"<p>{html.escape(explanation)}</p>"
                                    f"<p><i>{html.escape(questions.source_note(item['source'], language()))}</i></p>")
        self._reorder_topics()  # keeping this item on screen
