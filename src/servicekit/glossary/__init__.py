"""The course glossary: every key term with its Chinese original and a definition.

The terms live in ``terms/*.yml``, one file per lesson (``07.yml`` for lesson 07) plus
``calc.yml`` (the calculations of the exam) and ``general.yml`` (course-wide terms). Each file is a
YAML list of ``{term: ..., chinese: ..., definition: ...}``.

    from servicekit import glossary
    glossary.terms()           # DataFrame: term, chinese, definition, lesson (the file's stem)
    glossary.search("流失")     # rows whose English or Chinese contains the text
"""

from __future__ import annotations

import copy
import functools
import importlib.resources

import pandas as pd
import yaml

__all__ = ["COLUMNS", "search", "terms"]

COLUMNS = ["term", "chinese", "definition", "lesson"]
FIELDS = ("term", "chinese", "definition")


def _term_files():
    folder = importlib.resources.files(__name__) / "terms"
    return sorted((f for f in folder.iterdir() if f.name.endswith(".yml")), key=lambda f: f.name)


@functools.lru_cache(maxsize=64)
def _parse(text: str):
    # Parsing is the slow part; a search box calls ``terms`` on every keystroke, so the parsed
    # form of each file's text is kept (an edited file has a new text and is parsed afresh).
    return yaml.safe_load(text)


def _read(file) -> list[dict]:
    """The entries of one term file, checked: a list of mappings with a non-empty text per field."""
    lesson = file.name.removesuffix(".yml")
    try:
        entries = copy.deepcopy(_parse(file.read_text(encoding="utf-8"))) or []
    except yaml.YAMLError as error:
        raise ValueError(f"glossary file {file.name} is not valid YAML: {error}") from None
    if not isinstance(entries, list):
        raise ValueError(f"glossary file {file.name} must hold a list of terms, got {type(entries).__name__}")
    rows = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ValueError(f"glossary file {file.name}, entry {number}: expected term/chinese/definition, got {entry!r}")
        missing = [key for key in FIELDS if not isinstance(entry.get(key), str) or not entry[key].strip()]
        if missing:
            raise ValueError(f"glossary file {file.name}, entry {number} ({entry.get('term')!r}): "
                             f"{missing[0]!r} is missing or empty")
        rows.append({key: " ".join(entry[key].split()) for key in FIELDS} | {"lesson": lesson})
    return rows


def terms() -> pd.DataFrame:
    """Every glossary entry, sorted by term (case-insensitive): columns term, chinese, definition,
    lesson (the stem of the file the entry comes from: "07", "calc", "general")."""
    rows = [row for file in _term_files() for row in _read(file)]
    frame = pd.DataFrame(rows, columns=COLUMNS)
    order = frame["term"].str.casefold().argsort(kind="stable")
    return frame.iloc[order].reset_index(drop=True)


def search(text: str, definitions: bool = False) -> pd.DataFrame:
    """Entries whose English term or Chinese original contains ``text`` (case-insensitive);
    with ``definitions=True`` the definitions are searched too. An empty text returns every entry."""
    if not isinstance(text, str):
        raise TypeError(f"text must be a string, got {text!r} ({type(text).__name__})")
    found = terms()
    needle = text.strip().casefold()
    if not needle:
        return found
    columns = ["term", "chinese"] + (["definition"] if definitions else [])
    hit = pd.concat([found[c].str.casefold().str.contains(needle, regex=False) for c in columns], axis=1).any(axis=1)
    return found[hit].reset_index(drop=True)
