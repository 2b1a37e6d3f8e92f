"""The glossary browser: type English or Chinese and the table of terms narrows as you type.

The search is ``servicekit.glossary.search``; this module only renders its result, in the language
in use (``servicekit.set_language``): in Chinese the Chinese term comes first. The glossary files
hold each term in English and Chinese and its definition in English only, so the definitions are
shown in English in both languages (the Chinese column heading says so).
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from servicekit import glossary, style
from servicekit.language import language, lookup, pick

from .controls import dropdown, on_any_change, text_box, toggle

ALL = "all lessons"

#: Every word the browser shows, in both languages.
TEXT = {
    "search": {"en": "Search:", "zh": "搜索："},
    "placeholder": {"en": "e.g. churn, 流失, NPS", "zh": "例如：流失、客户保有率、NPS"},
    "lesson": {"en": "Lesson:", "zh": "课次："},
    ALL: {"en": "All lessons", "zh": "全部课次"},
    "in_definitions": {"en": "search the meanings too", "zh": "同时搜索释义"},
    "found": {"en": "{found} of {total_terms}", "zh": "找到{found}条术语（共{total}条）"},
    "none": {"en": "No term matches. Try fewer letters, or a Chinese character.",
             "zh": "没有匹配的术语。请少输入几个字，或换一种写法。"},
    "term": {"en": "Term", "zh": "英文术语"},
    "chinese": {"en": "Chinese", "zh": "中文术语"},
    "definition": {"en": "Meaning", "zh": "释义（英文）"},
    "lesson_column": {"en": "Lesson", "zh": "课次"},
}

#: A glossary file's stem (its ``lesson``) as the lesson filter names it, and as the table's lesson column does.
LESSONS = {
    "01": {"en": "Customer service in the value chain", "zh": "价值链中的客户服务"},
    "02": {"en": "Service strategy", "zh": "服务战略"},
    "03": {"en": "Segmentation", "zh": "市场细分"},
    "04": {"en": "Targeting and positioning", "zh": "目标市场选择与定位"},
    "05": {"en": "Complaint handling", "zh": "客户投诉处理"},
    "06": {"en": "Contact-centre staffing", "zh": "呼叫中心座席配置"},
    "07": {"en": "Measuring customer satisfaction", "zh": "客户满意度测评"},
    "08": {"en": "Satisfaction models and loyalty", "zh": "满意度模型与客户忠诚"},
    "09": {"en": "Service quality", "zh": "服务质量"},
    "10": {"en": "Customer value and account management", "zh": "客户价值与客户经理制"},
    "calc": {"en": "The exam's calculations", "zh": "考试中的计算"},
    "general": {"en": "Terms of the whole course", "zh": "全课程通用术语"},
}
LESSON_NUMBER = {"en": "Lesson {number}", "zh": "第{number}课"}
#: A term, as counted under the search box.
TERMS = {"en": ("term", "terms"), "zh": "条术语"}


_t = lookup(TEXT)  # TEXT[key] in the language in use, with values filled in


def lesson_label(lesson: str, title: bool = True) -> str:
    """A glossary file's stem as a trainee reads it: "Lesson 09: Service quality" (``title``) or
    "Lesson 09" for a lesson; the name alone for the calculations and the course-wide terms."""
    if lesson not in LESSONS:
        return lesson
    name = pick(LESSONS[lesson])
    if not lesson.isdigit():
        return name
    number = pick(LESSON_NUMBER).format(number=lesson if language() == "en" else int(lesson))
    return f"{number}{pick({'en': ': ', 'zh': '：'})}{name}" if title else number


def matching_terms(text: str = "", lesson: str = ALL, definitions: bool = False):
    """The glossary rows matching ``text`` (English or Chinese), limited to one ``lesson`` file stem
    unless ``lesson`` is ``ALL``."""
    found = glossary.search(text, definitions=definitions)
    return found if lesson == ALL else found[found["lesson"] == lesson].reset_index(drop=True)


def terms_html(rows) -> str:
    """An HTML table of glossary rows in the language in use (the Chinese term first in Chinese),
    or a message when nothing matches."""
    if rows.empty:
        return f"<p><i>{html.escape(_t('none'))}</i></p>"
    shown = rows.assign(lesson_name=[lesson_label(lesson, title=False) for lesson in rows["lesson"]])
    order = ("chinese", "term") if language() == "zh" else ("term", "chinese")
    columns = {key: TEXT[key] for key in order} | {"definition": TEXT["definition"], "lesson_name": TEXT["lesson_column"]}
    return style.table_html(shown, columns)


class GlossaryBrowser(widgets.VBox):
    """A search box (updated on every keystroke), a lesson filter and the matching terms."""

    def __init__(self):
        lessons = sorted(glossary.terms()["lesson"].unique())
        self.search_box = text_box(_t("search"), placeholder=_t("placeholder"))
        self.lesson = dropdown(_t("lesson"), [(_t(ALL), ALL), *((lesson_label(s), s) for s in lessons)], ALL,
                               wide=True)
        self.in_definitions = toggle(_t("in_definitions"))
        self.count_html = widgets.HTML()
        self.table_html = widgets.HTML()
        super().__init__([widgets.VBox([self.search_box, self.lesson, self.in_definitions]),
                          self.count_html, self.table_html])
        on_any_change([self.search_box, self.lesson, self.in_definitions], self.refresh)

    def refresh(self, _=None):
        rows = matching_terms(self.search_box.value, self.lesson.value, self.in_definitions.value)
        total = len(glossary.terms())
        self.count_html.value = html.escape(_t("found", found=style.number(len(rows)), total=style.number(total),
                                               total_terms=style.count(total, TERMS)))
        self.table_html.value = terms_html(rows)
