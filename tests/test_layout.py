"""The topic map is true: one table in CONTRIBUTING.md and the package docstring, and the files it names."""

from __future__ import annotations

import re

import pytest

import servicekit
from conftest import ROOT

PACKAGE = ROOT / "src" / "servicekit"
LAYERS = ("metrics", "models", "data", "widgets", "drills")
# Modules with no topic of their own, as CONTRIBUTING.md lists them under "Shared by every topic".
SHARED_MODULES = {"_checks.py", "setup_lab.py", "style.py", "language.py", "trainee.py", "exercise.py", "data/cdnow.py", "widgets/controls.py", "widgets/quiz.py",
                  "widgets/practice.py", "widgets/exam.py", "widgets/apps.py", "questions/paper.py", "widgets/glossary.py", "drills/_core.py"}
SHARED_TESTS = {"test_style.py", "test_questions.py", "test_bank_style.py", "test_trainee.py", "test_exercise.py", "test_exam_widgets.py", "test_metrics_bad_input.py", "test_metrics_properties.py", "test_drills.py", "test_drills_properties.py",
                "test_practice_widgets.py", "test_widgets_controls.py", "test_data.py", "test_glossary.py",
                "test_lessons.py", "test_browser.py", "test_hygiene.py", "test_environment.py",
                "test_layout.py", "test_nbgrader_roundtrip.py", "test_terms.py", "test_gradebook.py", "test_apps.py", "test_kubernetes_config.py", "test_site.py", "test_hub.py"}


def topic_table(text: str) -> list[dict[str, str]]:
    """The rows of the first Markdown table whose header starts with '| topic | lesson |'."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip().startswith("| topic | lesson |"))
    header = [cell.strip() for cell in lines[start].strip().strip("|").split("|")]
    rows = []
    for line in lines[start + 2:]:
        if not line.strip().startswith("|"):
            break
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        rows.append(dict(zip(header, cells)))
    return rows


def names(cell: str) -> list[str]:
    """The file names in a table cell (in backticks); none for '—'."""
    return re.findall(r"`([^`]+)`", cell)


CONTRIBUTING = topic_table((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
TOPICS = [names(row["topic"])[0] for row in CONTRIBUTING]


def test_the_map_is_written_down_once():
    """The package docstring and CONTRIBUTING.md carry the same table, cell for cell."""
    assert topic_table(servicekit.__doc__) == CONTRIBUTING


def test_about_ten_topics_each_with_its_lesson():
    assert 9 <= len(TOPICS) <= 12 and len(set(TOPICS)) == len(TOPICS)
    for row in CONTRIBUTING:
        lesson = row["lesson"]
        assert re.fullmatch(r"\d\d", lesson), row
        assert list((ROOT / "notebooks").glob(f"{lesson}_*.ipynb")), f"topic {row['topic']}: no lesson {lesson}"
    lessons = {p.name[:2] for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    taught = {row["lesson"] for row in CONTRIBUTING}
    # 00 is the course map, 11 and 12 practise every topic: every other lesson has a topic.
    assert lessons - taught == {"00", "11", "12"}


@pytest.mark.parametrize("row", CONTRIBUTING, ids=TOPICS)
def test_a_topic_has_its_modules_under_its_own_name(row):
    topic = names(row["topic"])[0]
    assert names(row["metrics"]) == [f"metrics/{topic}.py"], "every topic has its formulas"
    for layer in ("models", "widgets", "drills"):
        assert names(row[layer]) in ([], [f"{layer}/{topic}.py"]), f"{layer} of {topic} must be named {topic}"
    assert all(re.fullmatch(r"data/\w+\.py", name) for name in names(row["data"]))
    for name in [n for layer in LAYERS for n in names(row[layer])]:
        assert (PACKAGE / name).is_file(), f"topic {topic}: {name} is missing"
    expected_tests = [f"test_{topic}.py"] + ([f"test_{topic}_widgets.py"] if names(row["widgets"]) else [])
    assert names(row["tests"]) == expected_tests
    for name in expected_tests:
        assert (ROOT / "tests" / name).is_file(), f"topic {topic}: tests/{name} is missing"


def test_every_module_belongs_to_a_topic_or_is_shared():
    mapped = {n for row in CONTRIBUTING for layer in LAYERS for n in names(row[layer])}
    found = {str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
             if p.name != "__init__.py" and "__pycache__" not in p.parts}
    assert found - mapped - SHARED_MODULES == set(), "add these modules to the topic map or the shared list"
    assert SHARED_MODULES <= found, "a shared module named in this test is gone"


def test_every_test_file_belongs_to_a_topic_or_cuts_across():
    mapped = {n for row in CONTRIBUTING for n in names(row["tests"])}
    found = {p.name for p in (ROOT / "tests").glob("test_*.py")}
    unowned = {name for name in found - mapped - SHARED_TESTS if not name.startswith("test_grading_")}
    assert unowned == set(), "add these test files to the topic map or the cross-cutting list"


def test_no_lesson_module_outside_the_layers():
    """The eight old top-level lesson modules stay dissolved: only shared modules at the top."""
    top = {p.name for p in PACKAGE.glob("*.py")}
    assert top == {"__init__.py", "_checks.py", "setup_lab.py", "style.py", "language.py", "trainee.py", "exercise.py"}


def test_contributing_lists_the_shared_modules_and_tests():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for name in SHARED_MODULES | SHARED_TESTS:
        assert f"`{name}`" in text, f"CONTRIBUTING.md does not list {name}"
