"""The course's one language setting: English (``"en"``) or Chinese (``"zh"``).

Everything servicekit shows a trainee reads it: a lesson switches in one line,

    import servicekit
    servicekit.set_language("zh")

and the widgets built after that speak Chinese. A table of strings is a dict with both
languages (``{"en": "Check", "zh": "检查"}``); ``pick`` returns the one in use. The default is
English, or the ``SERVICEKIT_LANGUAGE`` environment variable.
"""

from __future__ import annotations

import os

LANGUAGES = ("en", "zh")
_current = os.environ.get("SERVICEKIT_LANGUAGE", "en") if os.environ.get("SERVICEKIT_LANGUAGE") in LANGUAGES else "en"


def language() -> str:
    """The language in use: ``"en"`` or ``"zh"``."""
    return _current


def set_language(code: str) -> None:
    """Use ``code`` (``"en"`` or ``"zh"``) from now on."""
    global _current
    if code not in LANGUAGES:
        raise ValueError(f"language={code!r}: choose one of {', '.join(LANGUAGES)} (English or Chinese)")
    _current = code


def pick(strings: dict, code: str | None = None) -> str:
    """The string of ``strings`` (a dict with an entry per language) in the language in use."""
    return strings[code or _current]


def lookup(table: dict):
    """The function ``text(key, **values)``: ``table[key]`` in the language in use, with ``values``
    filled in by ``str.format`` (without values, the string as it is). Each module that shows
    words makes its own from its table, ``_t = lookup(TEXT)``."""

    def text(key: str, **values) -> str:
        chosen = pick(table[key])
        return chosen.format(**values) if values else chosen

    return text
