"""What the lesson widgets' tests read to check a widget speaks the language in use: every text a
widget or a chart shows, and the Latin words in it that are not Chinese teaching's own
abbreviations. A Chinese widget with such a word shows a string left untranslated.

The fixture that switches to Chinese for one test, ``chinese``, is in conftest.py.
"""

from __future__ import annotations

import html
import re

import ipywidgets as widgets
from matplotlib.text import Text

#: Abbreviations Chinese teaching of the subject writes in Latin letters, compared with a word in
#: capitals (so "Kano" and "KANO" are both allowed).
ALLOWED = {"NPS", "CSI", "ACSI", "SERVQUAL", "KANO", "RFM", "CLV", "AHT", "VMI", "CEO", "ECSI", "PLS", "KPI",
           "CRM", "SMS", "GPRS"}
#: A word: three or more Latin letters standing alone. A survey code such as RES2 (letters and
#: digits) is a code, not a word.
WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{3,}(?![A-Za-z0-9])")


def english_words(texts) -> list[str]:
    """The Latin words in ``texts`` (an iterable of strings) that are not in ``ALLOWED``, sorted."""
    return sorted({word for text in texts for word in WORD.findall(text) if word.upper() not in ALLOWED})


def html_text(value: str) -> str:
    """What a trainee reads of ``value`` (HTML): tags stripped, entities decoded."""
    return html.unescape(re.sub(r"<[^>]+>", " ", value))


def shown_texts(widget) -> list[str]:
    """Every text a trainee reads in ``widget``, however deeply it is nested in boxes: descriptions
    (of controls and buttons), placeholders, tooltips, option labels, titles of tabs and
    accordions, and the text of HTML and Label widgets."""
    found = []

    def walk(w):
        for attribute in ("description", "placeholder", "tooltip"):
            value = getattr(w, attribute, None)
            if isinstance(value, str) and value:
                found.append(value)
        for attribute in ("_options_labels", "tooltips", "titles"):
            found.extend(str(text) for text in getattr(w, attribute, None) or () if text)
        if isinstance(w, (widgets.HTML, widgets.HTMLMath, widgets.Label)):
            found.append(html_text(w.value))
        for child in getattr(w, "children", ()):
            walk(child)

    walk(widget)
    return found


def figure_texts(figure) -> list[str]:
    """Every text of a matplotlib figure once drawn: titles, axis labels, tick labels, legend,
    annotations, colour bars."""
    figure.canvas.draw()
    return [text.get_text() for text in figure.findobj(Text) if text.get_text()]


def text_entries(table: dict):
    """Every entry of a table of texts (``{"en": ..., "zh": ...}``), however deeply the table groups
    them: an entry is a dict whose values are all strings."""
    for value in table.values():
        if all(isinstance(text, str) for text in value.values()):
            yield value
        else:
            yield from text_entries(value)
