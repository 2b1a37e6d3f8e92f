"""The mock exam's papers: dealt from a seed, marked by the rules they state, printable.

    from servicekit.questions import paper
    theory = paper.theory_paper(seed=7)          # the same paper for the same seed
    marks = paper.mark_theory(theory, answers)   # answers: item id -> option index (or indices)
    skills = paper.skills_paper(seed=7)          # calculations from the drills and case analyses
    paper.save_printable(theory, "zh", folder)   # the paper and its answer key, as HTML to print

The structure (item counts, points, minutes) is ``paper.yml``. Marking rules, as each paper states
them (``rules``):

- single choice and true/false: the item's points for the right option, else 0;
- multiple choice (two or more right options): full points for exactly the right options, half of
  them for some right options and no wrong one, 0 for any wrong option or none;
- a calculation: full points for the right final answer; otherwise step marks: the candidate ticks
  each step of the model solution their working got right, and the steps share the points that
  are not the answer's equally;
- a case question: the candidate ticks each line of the marking scheme their answer meets and gets
  that line's points.

The exam covers the subjects of the course's four sources; it does not cover the exam's
professional-ethics part (职业道德) nor anything beyond the sources (``scope``).
"""

from __future__ import annotations

import html
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from . import exam_items, shuffled_order, source_label, source_note

HERE = Path(__file__).parent
THEORY_TYPES = ("single", "multiple", "true_false")
SECTION_NAMES = {
    "single": {"en": "Single choice", "zh": "单项选择题"},
    "multiple": {"en": "Multiple choice", "zh": "多项选择题"},
    "true_false": {"en": "True or false", "zh": "判断题"},
    "calculation": {"en": "Calculation", "zh": "计算题"},
    "case": {"en": "Case analysis", "zh": "案例分析题"},
}
PAPER_NAMES = {"theory": {"en": "Theory paper", "zh": "理论知识试卷"},
               "skills": {"en": "Skills paper", "zh": "专业能力试卷"}}
SCOPE = {
    "en": "This mock exam covers the subjects of the course's four sources. It does not cover the exam's "
          "professional-ethics part, nor anything beyond the sources.",
    "zh": "本模拟考试覆盖本课程四份教材资料所涉及的内容，不包括职业道德部分，也不包括教材资料以外的内容。",
}


class PaperError(ValueError):
    """``paper.yml`` or a case of ``cases.yml`` is not as a paper needs it."""


@dataclass(frozen=True)
class Section:
    type: str
    count: int
    points: float
    answer_points: float = 0.0     # calculations: the points of the right final answer alone


@lru_cache(maxsize=4)
def structure(path: str | None = None) -> dict:
    """The papers' structure: ``{"theory": {"minutes", "sections"}, "skills": {...}, "topics"}``."""
    raw = yaml.safe_load(Path(path or HERE / "paper.yml").read_text(encoding="utf-8"))
    result = {"topics": {int(k): v for k, v in raw.get("topics", {}).items()}}
    for kind, allowed in (("theory", THEORY_TYPES), ("skills", ("calculation", "case"))):
        part = raw.get(kind) or {}
        minutes = part.get("minutes")
        if not isinstance(minutes, (int, float)) or minutes <= 0:
            raise PaperError(f"paper.yml: {kind}.minutes={minutes!r}: a number of minutes above 0")
        sections = []
        for entry in part.get("sections") or []:
            kind_of = entry.get("type")
            if kind_of not in allowed:
                raise PaperError(f"paper.yml: {kind} section type={kind_of!r}: one of {', '.join(allowed)}")
            count, points = entry.get("count"), entry.get("points")
            if not isinstance(count, int) or count < 0 or not isinstance(points, (int, float)) or points <= 0:
                raise PaperError(f"paper.yml: {kind} section {kind_of}: count (a whole number) and points (above 0)")
            answer_points = float(entry.get("answer_points", points if kind_of == "calculation" else 0))
            if not 0 <= answer_points <= points:
                raise PaperError(f"paper.yml: {kind} section {kind_of}: answer_points from 0 to points")
            sections.append(Section(kind_of, count, float(points), answer_points))
        if not sections:
            raise PaperError(f"paper.yml: {kind} has no sections")
        result[kind] = {"minutes": float(minutes), "sections": tuple(sections)}
    return result


def topic_name(lesson: int, code: str) -> str:
    entry = structure()["topics"].get(lesson)
    return entry[code] if entry else (f"Lesson {lesson:02d}" if code == "en" else f"第{lesson}课")


@lru_cache(maxsize=1)
def cases() -> tuple[dict, ...]:
    """The case-analysis questions (``cases.yml``), checked."""
    found = []
    for entry in yaml.safe_load((HERE / "cases.yml").read_text(encoding="utf-8")):
        where = f"cases.yml: case {entry.get('id', '?')}"
        for field_name in ("id", "lesson", "source", "en", "zh"):
            if field_name not in entry:
                raise PaperError(f"{where} has no {field_name}")
        counts = {code: len(entry[code].get("questions", [])) for code in ("en", "zh")}
        if counts["en"] != counts["zh"] or not counts["en"]:
            raise PaperError(f"{where}: en and zh need the same questions")
        for number, (en, zh) in enumerate(zip(entry["en"]["questions"], entry["zh"]["questions"]), start=1):
            for text in (en, zh):
                if sum(line["points"] for line in text["scheme"]) != text["points"]:
                    raise PaperError(f"{where}, question {number}: the scheme's points do not add up to {text['points']}")
            if [line["points"] for line in en["scheme"]] != [line["points"] for line in zh["scheme"]]:
                raise PaperError(f"{where}, question {number}: en and zh schemes differ")
        found.append(entry)
    return tuple(found)


def case_points(case: dict) -> float:
    return float(sum(q["points"] for q in case["en"]["questions"]))


# --- the papers --------------------------------------------------------------------------------

@dataclass
class TheoryPaper:
    seed: int
    minutes: float
    sections: list[tuple[Section, list[dict]]]

    kind = "theory"

    @property
    def items(self) -> list[tuple[Section, dict]]:
        return [(section, entry) for section, entries in self.sections for entry in entries]

    @property
    def max_points(self) -> float:
        return sum(section.points * len(entries) for section, entries in self.sections)

    def order(self, entry: dict) -> list[int]:
        """The order its options are shown in on this paper."""
        return shuffled_order(entry, self.seed)


@dataclass
class SkillsPaper:
    seed: int
    minutes: float
    calculations: list           # drills.Question
    cases: list[dict]
    sections: list[Section] = field(default_factory=list)

    kind = "skills"

    def section(self, kind: str) -> Section:
        return next(s for s in self.sections if s.type == kind)

    @property
    def max_points(self) -> float:
        total = 0.0
        if self.calculations:
            total += self.section("calculation").points * len(self.calculations)
        return total + sum(case_points(case) for case in self.cases)


def theory_paper(seed: int = 0, layout: dict | None = None) -> TheoryPaper:
    """A theory paper of the structure's sections, dealt from the bank's exam items: the same for
    the same ``seed``, lesson by lesson, so that every lesson with items of a type appears before
    any lesson appears twice in that section."""
    layout = layout or structure()["theory"]
    rng = random.Random(f"theory|{seed}")
    sections = []
    for section in layout["sections"]:
        pool = sorted((e for e in exam_items() if e["type"] == section.type), key=lambda e: e["id"])
        if section.count > len(pool):
            raise PaperError(f"{section.type}: the paper asks for {section.count} items, the bank has {len(pool)}")
        by_lesson: dict[int, list[dict]] = {}
        for entry in pool:
            by_lesson.setdefault(entry["lesson"], []).append(entry)
        for entries in by_lesson.values():
            rng.shuffle(entries)
        lessons = sorted(by_lesson)
        rng.shuffle(lessons)
        dealt: list[dict] = []
        while len(dealt) < section.count:
            for lesson in lessons:
                if by_lesson[lesson] and len(dealt) < section.count:
                    dealt.append(by_lesson[lesson].pop())
        sections.append((section, dealt))
    return TheoryPaper(seed, layout["minutes"], sections)


def skills_paper(seed: int = 0, layout: dict | None = None) -> SkillsPaper:
    """A skills paper: calculations dealt by ``drills.mock_exam`` and case analyses from
    ``cases.yml``, both fixed by ``seed``."""
    from servicekit import drills

    layout = layout or structure()["skills"]
    counts = {s.type: s.count for s in layout["sections"]}
    calculations = drills.mock_exam(counts.get("calculation", 0), seed) if counts.get("calculation") else []
    pool = list(cases())
    if counts.get("case", 0) > len(pool):
        raise PaperError(f"case: the paper asks for {counts['case']} cases, cases.yml has {len(pool)}")
    chosen = random.Random(f"cases|{seed}").sample(pool, counts.get("case", 0))
    return SkillsPaper(seed, layout["minutes"], calculations, chosen, list(layout["sections"]))


# --- marking ----------------------------------------------------------------------------------

def mark_item(section: Section, entry: dict, given) -> float:
    """The points of answer ``given`` (an option index in the bank's order, or a collection of
    them for multiple choice; None for no answer) by the paper's rules."""
    if entry["type"] != "multiple":
        return section.points if given is not None and given == entry["key"] else 0.0
    chosen = set(given or ())
    keys = set(entry["key"])
    if not chosen or chosen - keys:
        return 0.0
    return section.points if chosen == keys else section.points / 2


def mark_theory(paper: TheoryPaper, answers: dict) -> dict:
    """Marks of a theory paper: every item's points, and the totals by section and by topic."""
    rows = []
    for section, entry in paper.items:
        given = answers.get(entry["id"])
        rows.append({"id": entry["id"], "type": section.type, "lesson": entry["lesson"], "given": given,
                     "points": mark_item(section, entry, given), "max_points": section.points})
    return _totals(rows)


def mark_calculation(section: Section, question, given, steps_right: int = 0, language: str = "en") -> dict:
    """A calculation's marks: the right final answer earns all the points; otherwise each step of
    the model solution the candidate ticks earns an equal share of the points not the answer's."""
    ok, message = question.check(given, language=language)
    if ok:
        return {"points": section.points, "right": True, "message": message}
    steps = len(question.steps) or 1
    share = (section.points - section.answer_points) / steps
    return {"points": round(min(steps_right, steps) * share, 2), "right": False, "message": message}


def mark_case(case: dict, ticked: list[list[bool]]) -> list[float]:
    """Points per question of a case: the sum of the scheme lines the candidate ticked."""
    marks = []
    for question, ticks in zip(case["en"]["questions"], ticked):
        marks.append(float(sum(line["points"] for line, tick in zip(question["scheme"], ticks) if tick)))
    return marks


def _totals(rows: list[dict]) -> dict:
    by: dict[str, dict] = {"type": {}, "lesson": {}}
    for key in by:
        for row in rows:
            got, best = by[key].get(row[key], (0.0, 0.0))
            by[key][row[key]] = (got + row["points"], best + row["max_points"])
    return {"items": rows, "points": sum(r["points"] for r in rows), "max_points": sum(r["max_points"] for r in rows),
            "by_section": by["type"], "by_topic": by["lesson"]}


# --- what a paper states ------------------------------------------------------------------------

def rules(paper, code: str) -> str:
    """The paper's structure and marking rules, in language ``code``, as printed on it."""
    if paper.kind == "theory":
        parts = []
        for section, entries in paper.sections:
            name = SECTION_NAMES[section.type][code]
            points = f"{section.points:g}"
            if code == "zh":
                parts.append(f"{name}{len(entries)}题，每题{points}分")
            else:
                parts.append(f"{name}: {len(entries)} items, {points} point{'s' * (section.points != 1)} each")
        if code == "zh":
            head = f"本试卷共{paper.max_points:g}分，考试时间{paper.minutes:g}分钟。" + "；".join(parts) + "。"
            return head + ("单项选择题和判断题选对得分；多项选择题全部选对得满分，少选且未错选得一半分数，错选或未选不得分。")
        head = f"This paper has {paper.max_points:g} points and {paper.minutes:g} minutes. " + "; ".join(parts) + "."
        return head + (" Single choice and true/false: the points for the right option. Multiple choice: full points "
                       "for exactly the right options, half for some of them and no wrong one, none for any wrong "
                       "option or no answer.")
    calculation = next((s for s in paper.sections if s.type == "calculation"), None)
    if code == "zh":
        text = f"本试卷共{paper.max_points:g}分，考试时间{paper.minutes:g}分钟。"
        if paper.calculations and calculation:
            text += (f"计算题{len(paper.calculations)}题，每题{calculation.points:g}分：最终答案正确得满分；答案不正确的，"
                     f"对照参考解答逐步给分，各步骤平分{calculation.points - calculation.answer_points:g}分。")
        if paper.cases:
            text += f"案例分析题{len(paper.cases)}题，每题{case_points(paper.cases[0]):g}分，对照评分要点逐条给分。"
        return text
    text = f"This paper has {paper.max_points:g} points and {paper.minutes:g} minutes. "
    if paper.calculations and calculation:
        text += (f"Calculations: {len(paper.calculations)}, {calculation.points:g} points each: the right final answer "
                 f"earns them all; otherwise each step of the model solution you got right earns an equal share of "
                 f"{calculation.points - calculation.answer_points:g} points. ")
    if paper.cases:
        text += (f"Case analysis: {len(paper.cases)}, {case_points(paper.cases[0]):g} points each, marked line by line "
                 "against the marking scheme.")
    return text.strip()


def scope(code: str) -> str:
    return SCOPE[code]


# --- printing -----------------------------------------------------------------------------------

PRINT_STYLE = ("body{font-family:'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;max-width:46em;margin:2em auto;"
               "line-height:1.5}h1{font-size:1.4em}h2{font-size:1.15em;border-bottom:1px solid #999}"
               "ol.options{list-style:upper-alpha}li.item{margin-bottom:.8em;break-inside:avoid}"
               ".key{font-weight:bold}.scheme td{border:1px solid #bbb;padding:2px 6px}"
               "pre{white-space:pre-wrap;font-family:inherit}@media print{body{margin:0}a{display:none}}")
LETTERS = "ABCDEFGH"


def printable_html(paper, code: str, key: bool = False) -> str:
    """The paper (``key=False``) or its answer key, as one HTML page that prints cleanly."""
    e = html.escape
    title = PAPER_NAMES[paper.kind][code] + (("（参考答案）" if code == "zh" else " (answer key)") if key else "")
    seed_line = (f"试卷编号（种子）：{paper.seed}" if code == "zh" else f"Paper seed: {paper.seed}")
    parts = [f"<h1>{e(title)}</h1><p>{e(seed_line)}</p><p>{e(rules(paper, code))}</p><p>{e(scope(code))}</p>"]
    number = 0
    if paper.kind == "theory":
        for section, entries in paper.sections:
            parts.append(f"<h2>{e(SECTION_NAMES[section.type][code])}</h2><ol start='{number + 1}'>")
            for entry in entries:
                number += 1
                order = paper.order(entry)
                options = "".join(f"<li>{e(entry[code]['options'][i])}</li>" for i in order)
                keys = entry["key"] if isinstance(entry["key"], list) else [entry["key"]]
                answer = ""
                if key:
                    letters = "".join(LETTERS[order.index(k)] for k in sorted(keys, key=order.index))
                    answer = (f"<p class='key'>{'答案' if code == 'zh' else 'Key'}: {letters}</p>"
                              f"<p>{e(entry[code]['explanation'])} {e(source_note(entry['source'], code))}</p>")
                parts.append(f"<li class='item'>{e(entry[code]['stem'])}<ol class='options'>{options}</ol>{answer}</li>")
            parts.append("</ol>")
    else:
        calculation = next((s for s in paper.sections if s.type == "calculation"), None)
        if paper.calculations:
            parts.append(f"<h2>{e(SECTION_NAMES['calculation'][code])}</h2><ol>")
            for question in paper.calculations:
                text = question.text_in(code)
                answer = ""
                if key:
                    steps = question.steps_in(code)
                    answer = ("<p class='key'>" + ("答案" if code == "zh" else "Answer") + f": {e(question.format(question.answer, code))}"
                              f" ({calculation.points:g})</p><ol>" + "".join(f"<li><pre>{e(s)}</pre></li>" for s in steps) + "</ol>")
                parts.append(f"<li class='item'><pre>{e(text)}</pre>{answer}</li>")
            parts.append("</ol>")
        for case in paper.cases:
            text = case[code]
            parts.append(f"<h2>{e(SECTION_NAMES['case'][code])} · {e(text['title'])}</h2><p>{e(text['material'])}</p><ol>")
            for question in text["questions"]:
                body = f"<li class='item'>{e(question['prompt'])} ({question['points']:g})"
                if key:
                    rows = "".join(f"<tr><td>{line['points']:g}</td><td>{e(line['line'])}</td></tr>" for line in question["scheme"])
                    body += (f"<table class='scheme'>{rows}</table><p><b>{'参考答案' if code == 'zh' else 'Model answer'}:</b> "
                             f"{e(question['model'])}</p>")
                parts.append(body + "</li>")
            parts.append(f"</ol><p>{e(source_label(case['source'], code))}</p>" if key else "</ol>")
    return (f"<!doctype html><html lang='{'zh-CN' if code == 'zh' else 'en'}'><head><meta charset='utf-8'>"
            f"<title>{e(title)}</title><style>{PRINT_STYLE}</style></head><body>" + "".join(parts) + "</body></html>")


def save_printable(paper, code: str, folder: Path | str) -> tuple[Path, Path]:
    """Write the paper and its answer key into ``folder``; return both paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{paper.kind}_paper_{paper.seed}_{code}"
    written = []
    for suffix, key in (("", False), ("_key", True)):
        path = folder / f"{stem}{suffix}.html"
        path.write_text(printable_html(paper, code, key), encoding="utf-8")
        written.append(path)
    return written[0], written[1]
