"""The mock exam on screen (lesson 12): a theory paper or a skills paper, sat against the clock in
the language chosen at the start, then marked by the rules the paper states.

    from servicekit.widgets.exam import MockExam
    MockExam()            # choose the paper, 中文 or English, the seed; Start

The papers and their marking are ``servicekit.questions.paper``; ``Sitting`` (the answers, the
clock, the marks) is plain Python, tested without a browser; the widget wires controls to it.
"""

from __future__ import annotations

import html
import threading
import time
from pathlib import Path

import ipywidgets as widgets

from servicekit.questions import paper as papers
from servicekit.language import language
from servicekit.questions import source_note

from .controls import FIT_LAYOUT, LABEL_STYLE, ROW_LAYOUT, TEXT_AREA_LAYOUT, on_any_change

TEXT = {
    "paper": {"en": "Paper:", "zh": "试卷："},
    "language": {"en": "Language:", "zh": "语言："},
    "seed": {"en": "Paper seed:", "zh": "试卷编号："},
    "start": {"en": "Start", "zh": "开始考试"},
    "ready": {"en": "Choose the paper, the language and the seed, then press Start.",
              "zh": "请选择试卷、语言和试卷编号，然后点击“开始考试”。"},
    "confirm": {"en": "A paper is in progress. Start a new one and lose the answers given so far?",
                "zh": "当前试卷尚未交卷。重新开始将丢失已作答的内容，确定吗？"},
    "yes_restart": {"en": "Yes, start a new paper", "zh": "确定，重新开始"},
    "keep": {"en": "No, go back to my paper", "zh": "取消，继续答题"},
    "left": {"en": "Time left: {clock} · {answered} of {total} answered",
             "zh": "剩余时间：{clock} · 已答{answered}题，共{total}题"},
    "question": {"en": "Question {n} of {total} · {section} · {points:g} point{s}",
                 "zh": "第{n}题（共{total}题）· {section} · {points:g}分"},
    "previous": {"en": "◀ Previous", "zh": "◀ 上一题"},
    "next": {"en": "Next ▶", "zh": "下一题 ▶"},
    "finish": {"en": "Hand in", "zh": "交卷"},
    "answer": {"en": "Answer:", "zh": "答案："},
    "your_answer": {"en": "Your answer", "zh": "你的作答"},
    "time_up": {"en": "Time is up: the paper is closed.", "zh": "考试时间到，试卷已收卷。"},
    "handed_in": {"en": "Paper handed in.", "zh": "已交卷。"},
    "score": {"en": "Score: {points:g} of {max:g} ({percent:.0f} %)", "zh": "得分：{points:g}分，满分{max:g}分（{percent:.0f}%）"},
    "by_section": {"en": "By section", "zh": "按题型"},
    "by_topic": {"en": "By topic, weakest first", "zh": "按知识模块（由弱到强）"},
    "section": {"en": "Section", "zh": "题型"},
    "topic": {"en": "Topic", "zh": "知识模块"},
    "points": {"en": "Points", "zh": "得分"},
    "of": {"en": "Of", "zh": "满分"},
    "review": {"en": "Review of every item not fully right", "zh": "未得满分题目讲评"},
    "none_missed": {"en": "Every item right.", "zh": "全部答对。"},
    "given": {"en": "Your answer: {given}", "zh": "你的答案：{given}"},
    "no_answer": {"en": "no answer", "zh": "未作答"},
    "right": {"en": "Right answer: {key}", "zh": "正确答案：{key}"},
    "calc_right": {"en": "Right: full marks.", "zh": "答案正确，得满分。"},
    "tick_steps": {"en": "Step marks: tick each step your working got right.",
                   "zh": "步骤分：请勾选你的解题过程中做对的步骤。"},
    "tick_scheme": {"en": "Mark yourself: tick each line of the scheme your answer meets.",
                    "zh": "自评：请勾选你的答案符合的评分要点。"},
    "model": {"en": "Model answer", "zh": "参考答案"},
    "printable": {"en": "Printable paper and key", "zh": "生成可打印试卷和答案"},
    "no_print_now": {"en": "The printable paper and its key are for after the exam: hand in your paper first.",
                     "zh": "可打印的试卷和答案在考试结束后才能生成，请先交卷。"},
    "printed": {"en": "Written: {paper} and {key} (open them in the browser and print).",
                "zh": "已生成：{paper} 和 {key}（在浏览器中打开后打印）。"},
}
LANGUAGE_OPTIONS = [("中文", "zh"), ("English", "en")]
PRINT_FOLDER = Path("printouts")   # beside the lesson, so the lab's file browser opens them


def t(name: str, code: str, **values) -> str:
    """The string ``name`` of ``TEXT`` in language ``code``, filled with ``values``."""
    return TEXT[name][code].format(**values) if values else TEXT[name][code]


def format_clock(seconds: float) -> str:
    """Seconds left as ``mm:ss`` (``h:mm:ss`` from an hour up); never below ``00:00``."""
    whole = max(0, int(-(-seconds // 1)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


class Sitting:
    """One sitting of a paper: its items in order, the answers so far, the deadline on ``clock``."""

    def __init__(self, kind: str, seed: int, code: str, clock=time.monotonic):
        self.kind, self.seed, self.code, self.clock = kind, seed, code, clock
        self.paper = papers.theory_paper(seed) if kind == "theory" else papers.skills_paper(seed)
        if kind == "theory":
            self.items = [("theory", section, entry) for section, entry in self.paper.items]
        else:
            calculation = self.paper.section("calculation") if self.paper.calculations else None
            self.items = ([("calculation", calculation, q) for q in self.paper.calculations]
                          + [("case", None, case) for case in self.paper.cases])
        self.answers: dict[int, object] = {}
        self.deadline = clock() + 60 * self.paper.minutes
        self.finished = False
        self.steps_ticked: dict[int, int] = {}          # calculation index -> steps ticked right
        self.scheme_ticked: dict[int, list[list[bool]]] = {}   # case index -> ticks per question line

    @property
    def remaining(self) -> float:
        return max(0.0, self.deadline - self.clock())

    @property
    def timed_out(self) -> bool:
        return self.remaining <= 0

    def answered(self) -> int:
        return sum(1 for value in self.answers.values() if value not in (None, "", (), []))

    def marks(self) -> dict:
        """The marks so far (for a skills paper, with the steps and scheme lines ticked)."""
        if self.kind == "theory":
            by_id = {entry["id"]: self.answers.get(i) for i, (_, _, entry) in enumerate(self.items)}
            return papers.mark_theory(self.paper, by_id)
        rows = []
        for index, (kind, section, item) in enumerate(self.items):
            if kind == "calculation":
                marked = papers.mark_calculation(section, item, self.answers.get(index) or "",
                                                 self.steps_ticked.get(index, 0), self.code)
                rows.append({"type": "calculation", "lesson": item.lesson,
                             "points": marked["points"], "max_points": section.points, "right": marked["right"],
                             "message": marked["message"]})
            else:
                ticks = self.scheme_ticked.get(index) or [[False] * len(q["scheme"]) for q in item["en"]["questions"]]
                rows.append({"type": "case", "lesson": item["lesson"],
                             "points": sum(papers.mark_case(item, ticks)), "max_points": papers.case_points(item)})
        return papers._totals(rows)


# --- rendering --------------------------------------------------------------------------------


def _letters(order: list[int], indices) -> str:
    indices = indices if isinstance(indices, (list, tuple, set)) else [indices]
    return "".join(papers.LETTERS[order.index(i)] for i in sorted(indices, key=order.index))


def results_html(sitting: Sitting) -> str:
    code, e = sitting.code, html.escape
    marks = sitting.marks()
    percent = 100 * marks["points"] / marks["max_points"] if marks["max_points"] else 0
    parts = [f"<h3>{e(t('score', code, points=marks['points'], max=marks['max_points'], percent=percent))}</h3>"]

    def table(title, head, rows):
        body = "".join(f"<tr><td>{e(str(name))}</td><td style='text-align:right'>{got:g}</td>"
                       f"<td style='text-align:right'>{best:g}</td></tr>" for name, got, best in rows)
        return (f"<h4>{e(title)}</h4><table><tr><th>{e(head)}</th><th>{e(t('points', code))}</th>"
                f"<th>{e(t('of', code))}</th></tr>{body}</table>")

    parts.append(table(t("by_section", code), t("section", code),
                       [(papers.SECTION_NAMES[k][code], *v) for k, v in marks["by_section"].items()]))
    topics = [((papers.topic_name(k, code) if isinstance(k, int) else k), *v) for k, v in marks["by_topic"].items()]
    topics.sort(key=lambda row: (row[1] / row[2] if row[2] else 1, row[0]))
    parts.append(table(t("by_topic", code), t("topic", code), topics))
    if sitting.kind == "theory":
        parts.append(f"<h4>{e(t('review', code))}</h4>")
        missed = [(i, row) for i, row in enumerate(marks["items"]) if row["points"] < row["max_points"]]
        if not missed:
            parts.append(f"<p>{e(t('none_missed', code))}</p>")
        for index, row in missed:
            _, _, entry = sitting.items[index]
            order = sitting.paper.order(entry)
            given = row["given"]
            given_text = _letters(order, given) if given not in (None, (), []) else t("no_answer", code)
            options = "".join(f"<li>{e(entry[code]['options'][i])}</li>" for i in order)
            parts.append(f"<hr><p><b>{index + 1}.</b> {e(entry[code]['stem'])}</p><ol type='A'>{options}</ol>"
                         f"<p>{e(t('given', code, given=given_text))} · <b>{e(t('right', code, key=_letters(order, entry['key'])))}</b>"
                         f" · {row['points']:g}/{row['max_points']:g}</p>"
                         f"<p>{e(entry[code]['explanation'])} <i>{e(source_note(entry['source'], code))}</i></p>")
    return "<style>.sk-exam table{border-collapse:collapse}.sk-exam td,.sk-exam th{border:1px solid #ccc;padding:2px 8px}</style>" \
           f"<div class='sk-exam'>{''.join(parts)}</div>"


class MockExam(widgets.VBox):
    """Choose the paper (theory or skills), 中文 or English and the seed; Start; answer, moving
    with Previous/Next; hand in (or the clock closes the paper); read the marks by section and by
    topic and the review of every miss. A skills paper is then marked with step marks and the
    case's marking scheme, ticked by the candidate. Start on a paper in progress asks first.

    ``clock`` (seconds) and ``run_timer`` exist for testing.
    """

    def __init__(self, seed: int = 2024, kind: str = "theory", code: str | None = None, clock=time.monotonic,
                 run_timer: bool = True):
        code = code or language()  # the lesson's language setting, until the candidate chooses
        self.clock, self.run_timer = clock, run_timer
        self.sitting: Sitting | None = None
        self.current = 0
        self._stop = threading.Event()
        self.paper_choice = widgets.ToggleButtons(options=[], style={"button_width": "130px"})
        self.language_choice = widgets.ToggleButtons(options=LANGUAGE_OPTIONS, value=code,
                                                     style={"button_width": "90px"})
        self.seed_box = widgets.BoundedIntText(value=seed, min=0, max=2**31 - 1, style=LABEL_STYLE, layout=ROW_LAYOUT)
        self.start_button = widgets.Button(button_style="primary", icon="play")
        self.print_button = widgets.Button(icon="print", layout=FIT_LAYOUT)
        self.info_html = widgets.HTML()
        self.confirm_html = widgets.HTML()
        self.restart_button = widgets.Button(button_style="danger", layout=FIT_LAYOUT)
        self.keep_button = widgets.Button(layout=FIT_LAYOUT)
        self.confirm_box = widgets.VBox([self.confirm_html, widgets.HBox([self.restart_button, self.keep_button])],
                                        layout={"display": "none"})
        self.clock_html = widgets.HTML()
        self.item_html = widgets.HTML()
        self.answer_area = widgets.VBox()
        self.previous_button = widgets.Button()
        self.next_button = widgets.Button()
        self.finish_button = widgets.Button(button_style="warning")
        self.exam_box = widgets.VBox([self.clock_html, self.item_html, self.answer_area,
                                      widgets.HBox([self.previous_button, self.next_button, self.finish_button])],
                                     layout={"display": "none"})
        self.result_html = widgets.HTML()
        self.marking_box = widgets.VBox()
        self.labels = {}
        self.start_button.on_click(self.start)
        self.restart_button.on_click(lambda _: self._begin())
        self.keep_button.on_click(lambda _: self._hide_confirm())
        self.previous_button.on_click(lambda _: self.go(self.current - 1))
        self.next_button.on_click(lambda _: self.go(self.current + 1))
        self.finish_button.on_click(lambda _: self.finish())
        self.print_button.on_click(self.print_paper)
        self.setup_box = widgets.VBox([
            widgets.HBox([widgets.Label(), self.paper_choice]), widgets.HBox([widgets.Label(), self.language_choice]),
            self.seed_box, widgets.HBox([self.start_button, self.print_button]), self.info_html])
        super().__init__([self.setup_box, self.confirm_box, self.exam_box, self.result_html, self.marking_box])
        self._kind = kind
        on_any_change([self.language_choice, self.paper_choice, self.seed_box], lambda _=None: self._relabel())

    # -- words in the chosen language
    @property
    def code(self) -> str:
        return self.sitting.code if self.sitting and not self.sitting.finished else self.language_choice.value

    def _relabel(self):
        code = self.language_choice.value
        kind = self.paper_choice.value or self._kind
        self.paper_choice.options = [(papers.PAPER_NAMES[k][code], k) for k in ("theory", "skills")]
        self.paper_choice.value = kind
        self.setup_box.children[0].children[0].value = t("paper", code)
        self.setup_box.children[1].children[0].value = t("language", code)
        self.seed_box.description = t("seed", code)
        self.start_button.description = t("start", code)
        self.print_button.description = t("printable", code)
        preview = papers.theory_paper(self.seed_box.value) if kind == "theory" else papers.skills_paper(self.seed_box.value)
        self.info_html.value = (f"<p>{html.escape(papers.rules(preview, code))}</p>"
                                f"<p><i>{html.escape(papers.scope(code))}</i></p><p>{html.escape(t('ready', code))}</p>")
        if not (self.sitting and not self.sitting.finished):
            for button, key in ((self.previous_button, "previous"), (self.next_button, "next"), (self.finish_button, "finish")):
                button.description = t(key, code)

    # -- start, with a confirmation when a paper is in progress
    def start(self, _=None):
        if self.sitting is not None and not self.sitting.finished:
            code = self.sitting.code
            self.confirm_html.value = f"<b>{html.escape(t('confirm', code))}</b>"
            self.restart_button.description = t("yes_restart", code)
            self.keep_button.description = t("keep", code)
            self.confirm_box.layout.display = None
            return
        self._begin()

    def _hide_confirm(self):
        self.confirm_box.layout.display = "none"

    def _begin(self):
        self._hide_confirm()
        self._stop.set()
        self.sitting = Sitting(self.paper_choice.value, self.seed_box.value, self.language_choice.value, clock=self.clock)
        code = self.sitting.code
        for button, key in ((self.previous_button, "previous"), (self.next_button, "next"), (self.finish_button, "finish")):
            button.description = t(key, code)
        self.result_html.value = ""
        self.marking_box.children = ()
        self.print_button.disabled = True  # no answer key while a paper is being sat
        self.exam_box.layout.display = None
        self.go(0)
        self.tick()
        if self.run_timer:
            self._stop = threading.Event()
            threading.Thread(target=self._count_down, args=(self._stop,), daemon=True).start()

    def _count_down(self, stop: threading.Event):
        while not stop.wait(1.0):
            self.tick()
            if self.sitting is None or self.sitting.finished:
                return

    def tick(self):
        """Show the time left; when it has run out, close the paper."""
        sitting = self.sitting
        if sitting is None or sitting.finished:
            return
        if sitting.timed_out:
            self.finish(timed_out=True)
            return
        self.clock_html.value = "<b>" + html.escape(t("left", sitting.code, clock=format_clock(sitting.remaining),
                                                      answered=sitting.answered(), total=len(sitting.items))) + "</b>"

    # -- one item at a time
    def go(self, index: int):
        sitting = self.sitting
        if sitting is None or sitting.finished:
            return
        self.current = index = min(max(index, 0), len(sitting.items) - 1)
        code = sitting.code
        kind, section, item = sitting.items[index]
        if kind == "theory":
            points, section_name = section.points, papers.SECTION_NAMES[section.type][code]
        elif kind == "calculation":
            points, section_name = section.points, papers.SECTION_NAMES["calculation"][code]
        else:
            points, section_name = papers.case_points(item), papers.SECTION_NAMES["case"][code]
        head = t("question", code, n=index + 1, total=len(sitting.items), section=section_name, points=points,
                 s="s" * (points != 1))
        e = html.escape
        if kind == "theory":
            order = sitting.paper.order(item)
            self.item_html.value = f"<p><b>{e(head)}</b></p><p>{e(item[code]['stem'])}</p>"
            labels = [(f"{papers.LETTERS[n]}. {item[code]['options'][i]}", i) for n, i in enumerate(order)]
            given = sitting.answers.get(index)
            if section.type == "multiple":
                boxes = [widgets.Checkbox(value=bool(given and i in given), description=label, indent=False,
                                          layout=FIT_LAYOUT) for label, i in labels]
                on_any_change(boxes, lambda _=None, b=boxes, o=[i for _, i in labels]: self._store(
                    index, tuple(sorted(i for box, i in zip(b, o) if box.value))))
                self.answer_area.children = boxes
            else:
                radio = widgets.RadioButtons(options=labels, value=given, layout=FIT_LAYOUT)
                on_any_change([radio], lambda _=None: self._store(index, radio.value))
                self.answer_area.children = [radio]
        elif kind == "calculation":
            text = item.text_in(code)
            self.item_html.value = (f"<p><b>{e(head)}</b></p><pre style='white-space:pre-wrap;font-family:inherit'>"
                                    f"{e(text)}</pre>")
            box = widgets.Text(value=sitting.answers.get(index) or "", description=t("answer", code),
                               continuous_update=True, layout=ROW_LAYOUT)
            on_any_change([box], lambda _=None: self._store(index, box.value))
            self.answer_area.children = [box]
        else:
            text = item[code]
            prompts = "".join(f"<li>{e(q['prompt'])} ({q['points']:g})</li>" for q in text["questions"])
            self.item_html.value = (f"<p><b>{e(head)} · {e(text['title'])}</b></p><p>{e(text['material'])}</p>"
                                    f"<ol>{prompts}</ol>")
            given = sitting.answers.get(index) or [""] * len(text["questions"])
            areas = [widgets.Textarea(value=given[n], placeholder=f"{n + 1}.", layout=TEXT_AREA_LAYOUT)
                     for n in range(len(text["questions"]))]
            on_any_change(areas, lambda _=None: self._store(index, [area.value for area in areas]))
            self.answer_area.children = areas
        self.previous_button.disabled = index == 0
        self.next_button.disabled = index == len(sitting.items) - 1

    def _store(self, index: int, value):
        if self.sitting is not None and not self.sitting.finished:
            self.sitting.answers[index] = value
            self.tick()

    # -- the end of the paper
    def finish(self, timed_out: bool = False):
        sitting = self.sitting
        if sitting is None or sitting.finished:
            return
        sitting.finished = True
        self._stop.set()
        self.exam_box.layout.display = "none"
        self.print_button.disabled = False
        code = sitting.code
        note = t("time_up", code) if timed_out else t("handed_in", code)
        self._note = f"<p><b>{html.escape(note)}</b></p>"
        if sitting.kind == "skills":
            self.marking_box.children = self._marking_controls()
        self._show_results()

    def _show_results(self):
        self.result_html.value = self._note + results_html(self.sitting)

    def _marking_controls(self) -> list:
        """For a skills paper: per calculation missed, a box per model step; per case question,
        the candidate's answer, the model answer and a box per scheme line. Ticks re-mark at once."""
        sitting, code, e = self.sitting, self.sitting.code, html.escape
        rows = []
        for index, (kind, section, item) in enumerate(sitting.items):
            if kind == "calculation":
                marked = papers.mark_calculation(section, item, sitting.answers.get(index) or "", 0, code)
                text = item.text_in(code)
                head = widgets.HTML(f"<hr><p><b>{index + 1}.</b></p><pre style='white-space:pre-wrap;font-family:inherit'>"
                                    f"{e(text)}</pre><p>{e(t('given', code, given=sitting.answers.get(index) or t('no_answer', code)))}"
                                    f" · {e(marked['message'])}</p>")
                rows.append(head)
                if marked["right"]:
                    rows.append(widgets.HTML(f"<p>{e(t('calc_right', code))}</p>"))
                    continue
                steps = item.steps_in(code)
                boxes = [widgets.Checkbox(description=step, indent=False, layout=FIT_LAYOUT) for step in steps]
                on_any_change(boxes, lambda _=None, i=index, b=boxes: self._tick_steps(i, sum(x.value for x in b)))
                rows += [widgets.HTML(f"<p>{e(t('tick_steps', code))}</p>"), *boxes]
            else:
                text = item[code]
                answers = sitting.answers.get(index) or [""] * len(text["questions"])
                ticks = [[False] * len(q["scheme"]) for q in text["questions"]]
                sitting.scheme_ticked[index] = ticks
                rows.append(widgets.HTML(f"<hr><p><b>{index + 1}. {e(text['title'])}</b></p><p>{e(t('tick_scheme', code))}</p>"))
                for number, question in enumerate(text["questions"]):
                    rows.append(widgets.HTML(
                        f"<p><b>{number + 1}.</b> {e(question['prompt'])}</p><p><i>{e(t('your_answer', code))}:</i> "
                        f"{e(answers[number] or t('no_answer', code))}</p><p><i>{e(t('model', code))}:</i> {e(question['model'])}</p>"))
                    for line_number, line in enumerate(question["scheme"]):
                        box = widgets.Checkbox(description=f"({line['points']:g}) {line['line']}", indent=False,
                                               layout=FIT_LAYOUT)
                        on_any_change([box], lambda _=None, i=index, q=number, n=line_number, b=box:
                                      self._tick_scheme(i, q, n, b.value))
                        rows.append(box)
                rows.append(widgets.HTML(f"<p><i>{e(source_note(item['source'], code))}</i></p>"))
        return rows

    def _tick_steps(self, index: int, count: int):
        self.sitting.steps_ticked[index] = count
        self._show_results()

    def _tick_scheme(self, index: int, question: int, line: int, value: bool):
        self.sitting.scheme_ticked[index][question][line] = value
        self._show_results()

    def print_paper(self, _=None, folder: Path | None = None):
        """Write the chosen paper and its answer key as HTML pages to print (not while a paper is
        being sat: the key would be the sitting's own)."""
        code = self.language_choice.value
        if self.sitting is not None and not self.sitting.finished:
            self.info_html.value = f"<p>{html.escape(t('no_print_now', self.sitting.code))}</p>"
            return None
        kind = self.paper_choice.value
        paper = papers.theory_paper(self.seed_box.value) if kind == "theory" else papers.skills_paper(self.seed_box.value)
        written = papers.save_printable(paper, code, folder or PRINT_FOLDER)
        self.info_html.value = f"<p>{html.escape(t('printed', code, paper=str(written[0]), key=str(written[1])))}</p>"
        return written
