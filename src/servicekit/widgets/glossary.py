"""The glossary browser: type English or Chinese and the table of terms narrows as you type.

The search is ``servicekit.glossary.search``; this module only renders its result.
"""

from __future__ import annotations

import html

import ipywidgets as widgets

from servicekit import glossary

from .controls import dropdown, on_any_change, text_box, toggle

ALL = "all lessons"


def matching_terms(text: str = "", lesson: str = ALL, definitions: bool = False):
    """The glossary rows matching ``text`` (English or Chinese), limited to one ``lesson`` file stem
    unless ``lesson`` is ``ALL``."""
    found = glossary.search(text, definitions=definitions)
    return found if lesson == ALL else found[found["lesson"] == lesson].reset_index(drop=True)


def terms_html(rows) -> str:
    """An HTML table of glossary rows, or a message when nothing matches."""
    if rows.empty:
        return "<p><i>No term matches. Try fewer letters, or a Chinese character.</i></p>"
    body = "".join(
        f"<tr><td><b>{html.escape(r.term)}</b></td><td>{html.escape(r.chinese)}</td>"
        f"<td>{html.escape(r.definition)}</td><td>{html.escape(r.lesson)}</td></tr>"
        for r in rows.itertuples())
    return ("<table style='border-collapse: collapse'><thead><tr><th>Term</th><th>中文</th><th>Meaning</th>"
            f"<th>Lesson</th></tr></thead><tbody>{body}</tbody></table>")


class GlossaryBrowser(widgets.VBox):
    """A search box (updated on every keystroke), a lesson filter and the matching terms."""

    def __init__(self):
        lessons = sorted(glossary.terms()["lesson"].unique())
        self.search_box = text_box("Search:", placeholder="e.g. churn, 流失, NPS")
        self.lesson = dropdown("Lesson:", [ALL, *lessons], ALL)
        self.in_definitions = toggle("search the meanings too")
        self.count_html = widgets.HTML()
        self.table_html = widgets.HTML()
        super().__init__([widgets.VBox([self.search_box, self.lesson, self.in_definitions]),
                          self.count_html, self.table_html])
        on_any_change([self.search_box, self.lesson, self.in_definitions], self.refresh)

    def refresh(self, _=None):
        rows = matching_terms(self.search_box.value, self.lesson.value, self.in_definitions.value)
        self.count_html.value = f"{len(rows)} of {len(glossary.terms())} terms"
        self.table_html.value = terms_html(rows)
