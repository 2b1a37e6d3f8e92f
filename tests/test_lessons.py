"""Every lesson follows the lesson template, and every link between notebooks leads somewhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from notebook_checks import QUOTED_TAG, quoted_outputs

from conftest import ROOT, all_notebooks

LESSONS = sorted((ROOT / "notebooks").glob("[0-1][0-9]_*.ipynb"))
TEACHING = [p for p in LESSONS if p.name[:2] not in ("00", "11", "12")]


def _cells(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _text(path: Path, kind: str) -> str:
    return "\n".join("".join(c["source"]) for c in _cells(path) if c["cell_type"] == kind)


def test_all_ten_lessons_exist():
    assert [p.name[:2] for p in TEACHING] == [f"{n:02d}" for n in range(1, 11)]


@pytest.mark.parametrize("path", TEACHING, ids=lambda p: p.name)
def test_lesson_follows_the_template(path):
    markdown = _text(path, "markdown")
    code = _text(path, "code")
    assert markdown.lstrip().startswith(f"# {path.name[:2]}"), "a lesson starts with its numbered title"
    assert re.search(r"learning objectives", markdown, re.I), "learning objectives up front"
    assert re.search(r"estimated time", markdown, re.I), "an estimated time"
    for heading in ("## Summary", "## Key terms", "## Where next"):
        assert heading in markdown, f"missing section {heading!r}"
    assert code.count("quiz.ask(") >= 5, "at least 5 self-check questions (from the question bank)"
    assert "servicekit.widgets" in code or "from servicekit.widgets" in code, "at least one widget"
    assert re.search(r"\b(open|read_csv|read_excel)\(", code) is None, "data only through servicekit.data.load"
    words = len(re.findall(r"[A-Za-z][A-Za-z'’-]*", markdown))
    assert words >= 1500, f"{words} words of teaching text; the template asks for at least 1,500"


def _links(path: Path):
    for match in re.finditer(r"\]\(([^)#\s]+\.ipynb)(?:#[^)]*)?\)", _text(path, "markdown")):
        yield match.group(1)


@pytest.mark.parametrize("path", [p for p in all_notebooks() if "exercises" not in p.parts],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_links_between_notebooks_resolve(path):
    broken = [link for link in _links(path) if not (path.parent / link).resolve().is_file()]
    assert not broken, f"{path.name} links to missing notebooks: {broken}"


def test_start_page_links_every_lesson_and_case():
    start = ROOT / "notebooks" / "00_start_here.ipynb"
    linked = {(start.parent / link).resolve() for link in _links(start)}
    expected = set(LESSONS) | set((ROOT / "cases").glob("*.ipynb")) | {ROOT / "notebooks" / "glossary.ipynb"}
    missing = sorted(str(p.relative_to(ROOT)) for p in expected if p.resolve() not in linked and p.name != start.name)
    assert not missing, f"the course map does not link: {missing}"


@pytest.mark.parametrize("path", [p for p in all_notebooks() if "exercises" not in p.parts],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_every_quoted_cell_has_its_recorded_output(path):
    """A cell tagged nbval-check-output is checked against tests/quoted_outputs (record_outputs.py);
    one without a record would silently go unchecked, and a record without its cell is stale."""
    tagged = {c["id"] for c in _cells(path) if c["cell_type"] == "code" and QUOTED_TAG in c.get("metadata", {}).get("tags", [])}
    recorded = quoted_outputs(path)
    assert tagged == set(recorded), "record again: .venv/bin/python tests/record_outputs.py " + str(path.relative_to(ROOT))
    assert all(recorded.values()), "a quoted cell that prints nothing quotes nothing"
    markers = [i for i, c in enumerate(_cells(path)) if c["cell_type"] == "code" and "NBVAL_" in "".join(c["source"])]
    assert not markers, f"cells {markers}: use the cell tag {QUOTED_TAG}, not a comment a trainee reads"


CASES = sorted((ROOT / "cases").glob("*.ipynb"))


@pytest.mark.parametrize("path", TEACHING + CASES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_lesson_and_case_ends_with_its_sources(path):
    """Each real-world fact is traceable: the last section names the source document (S1-S4) and
    passage, or a published reference, and which datasets are synthetic."""
    markdown = [c for c in _cells(path) if c["cell_type"] == "markdown"]
    last = "".join(markdown[-1]["source"])
    assert re.search(r"^## Sources\s*$", last, re.M), "the last markdown cell must hold a '## Sources' section"
    section = last[re.search(r"^## Sources\s*$", last, re.M).end():]
    assert not re.search(r"^## ", section, re.M), "'## Sources' is the closing section"
    assert re.search(r"\bS[1-4]\b|\(\d{4}\)|\b(19|20)\d\d\b", section), "name a source document or a dated reference"
