"""A small nbgrader course built in a temporary folder, and hostile or broken submissions to it.

``build_course(root)`` writes the source assignment ``quiz`` (two coded questions with visible
and hidden tests, one written answer) and runs nbgrader's generate_assignment. ``submission``
builds a trainee's notebook from the released one; ``HOSTILE`` lists the kinds of hostile or
broken submission, each a function ``(release_nb, course_root) -> notebook or bytes`` plus the
autograded points it must end with (out of 5).
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ASSIGNMENT = "quiz"
HIDDEN_MARKERS = ("HIDDEN-ADD-NEGATIVE", "HIDDEN-MEAN-HALVES", "add(-40, 2) == -38", "mean([0.5, 1.5])")
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def _meta(grade_id, *, grade=False, solution=False, locked=False, points=0):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution}
    if grade:
        meta["points"] = points
    return {"nbgrader": meta}


def source_notebook() -> nbformat.NotebookNode:
    cells = [
        new_markdown_cell("# Quiz\nWrite the two functions, then explain your choice.",
                          metadata=_meta("intro", locked=True)),
        new_code_cell("def add(a, b):\n    ### BEGIN SOLUTION\n    return a + b\n    ### END SOLUTION",
                      metadata=_meta("add", solution=True)),
        new_code_cell('assert add(1, 2) == 3\n### BEGIN HIDDEN TESTS\nassert add(-40, 2) == -38, "HIDDEN-ADD-NEGATIVE"\n'
                      "### END HIDDEN TESTS", metadata=_meta("test_add", grade=True, locked=True, points=2)),
        new_code_cell("def mean(xs):\n    ### BEGIN SOLUTION\n    return sum(xs) / len(xs)\n    ### END SOLUTION",
                      metadata=_meta("mean", solution=True)),
        new_code_cell('assert mean([1, 2, 3]) == 2\n### BEGIN HIDDEN TESTS\n'
                      'assert abs(mean([0.5, 1.5]) - 1.0) < 1e-9, "HIDDEN-MEAN-HALVES"\n### END HIDDEN TESTS',
                      metadata=_meta("test_mean", grade=True, locked=True, points=3)),
        new_markdown_cell("The mean divides the sum by the count, so halves are kept.",
                          metadata=_meta("explain", grade=True, solution=True, points=2)),
    ]
    return new_notebook(cells=cells, metadata={"kernelspec": KERNELSPEC})


def nbgrader_env() -> dict[str, str]:
    """The environment for an ``nbgrader`` command: this Python's scripts (alembic) on PATH."""
    return {**os.environ, "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}


def build_course(root: Path) -> Path:
    """Write the course under ``root`` and generate the release; return the release notebook."""
    source = root / "solutions" / ASSIGNMENT
    source.mkdir(parents=True)
    nbformat.write(source_notebook(), str(source / f"{ASSIGNMENT}.ipynb"))
    (root / "grader" / "rubrics").mkdir(parents=True)
    (root / "grader" / "rubrics" / f"{ASSIGNMENT}.md").write_text("rubric: full marks for a clear reason\n")
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", ASSIGNMENT, "--force",
                    f"--CourseDirectory.root={root}", "--log-level=ERROR"], check=True, cwd=root, env=nbgrader_env())
    return root / "exercises" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


def submission(release: nbformat.NotebookNode, add: str | None = "return a + b",
               mean: str | None = "return sum(xs) / len(xs)", written: str | None = None) -> nbformat.NotebookNode:
    """A trainee's notebook: the bodies of ``add`` and ``mean`` (None leaves the stub)."""
    nb = copy.deepcopy(release)
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if grade_id == "add" and add is not None:
            cell.source = f"def add(a, b):\n    {add}"
        elif grade_id == "mean" and mean is not None:
            cell.source = f"def mean(xs):\n    {mean}"
        elif grade_id == "explain" and written is not None:
            cell.source = written
    return nb


# The ordinary class: student -> (add body, mean body), and the points each must get (out of 5).
NORMAL_CLASS = {
    "alice": (("return a + b", "return sum(xs) / len(xs)"), 5),
    "bruno": (("return a - b", "return sum(xs) / len(xs)"), 3),
    "chen": (("return a + b", "return sorted(xs)[len(xs) // 2]"), 2),  # a median: passes the visible test only
    "dana": ((None, None), 0),
    "emil": (("return b + a", "return sum(xs) / max(len(xs), 1)"), 5),
}


def write_submission(root: Path, student: str, content, timestamp: str | None = None) -> None:
    folder = root / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{ASSIGNMENT}.ipynb"
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        nbformat.write(content, str(target))
    if timestamp:
        (folder / "timestamp.txt").write_text(timestamp)


def write_normal_class(root: Path, release: nbformat.NotebookNode, students=None) -> dict[str, int]:
    expected = {}
    for student, ((add, mean), points) in NORMAL_CLASS.items():
        if students is None or student in students:
            write_submission(root, student, submission(release, add, mean, written=f"{student} explains."))
            expected[student] = points
    return expected


def _with_cell(nb, after: str, code: str):
    """``nb`` with a new code cell right after the cell ``after`` (a grade_id)."""
    nb = copy.deepcopy(nb)
    index = next(i for i, c in enumerate(nb.cells) if c.metadata.get("nbgrader", {}).get("grade_id") == after)
    nb.cells.insert(index + 1, new_code_cell(code))
    return nb


def _probe(paths: list[str], action: str) -> str:
    """Code that tries ``action`` on each path and prints BLOCKED or LEAKED for each."""
    return (
        "import os\n"
        f"for target in {paths!r}:\n"
        "    try:\n"
        f"        {action}\n"
        "        print('LEAKED', target)\n"
        "    except OSError as error:\n"
        "        print('BLOCKED', target, type(error).__name__)\n"
    )


def _read(course: Path, relative: list[str]) -> str:
    paths = [str(course / r) for r in relative] + [f"../../../{r}" for r in relative]
    return _probe(paths, "print(open(target, 'rb').read()[:200]); print(os.listdir(os.path.dirname(target) or '.'))")


def _hostile(release, course: Path) -> dict:
    good = submission(release)
    rel = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
    deleted = copy.deepcopy(good)
    deleted.cells = [c for c in deleted.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "test_mean"]
    duplicated = copy.deepcopy(good)
    test_add = next(c for c in duplicated.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "test_add")
    duplicated.cells.insert(3, copy.deepcopy(test_add))
    tampered = copy.deepcopy(submission(release, add="return a - b"))
    for cell in tampered.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") == "test_add":  # a failing test made ungraded and worth more
            meta.update(grade=False, points=100, checksum="0" * 32)
            cell.source = "assert True"
        if meta.get("grade_id") == "test_mean":
            meta["points"] = 50
    return {
        "infinite_loop": (submission(release, mean="while True:\n        pass"), 2),
        "memory_bomb": (_with_cell(good, "test_add", "blocks = [bytearray(64 * 2**30)]"), 5),
        "memory_creep": (_with_cell(good, "test_add", "blocks = []\nwhile True:\n    blocks.append(bytearray(2**26))"), 5),
        "fork_bomb": (_with_cell(good, "test_mean", "import os\nwhile True:\n    os.fork()"), 5),
        "read_gradebook": (_with_cell(good, "add", _read(course, ["gradebook.db"])), 5),
        "read_other_trainee": (_with_cell(good, "add", _read(course, [f"submitted/alice/{rel}", f"autograded/alice/{rel}"])), 5),
        "read_hidden_tests": (_with_cell(good, "add", _read(course, [f"solutions/{rel}", f"source/{rel}"])), 5),
        "overwrite_grader_files": (_with_cell(good, "add", _probe(
            [str(course / "gradebook.db"), str(course / "solutions" / rel), str(course / "grader" / "rubrics" / "quiz.md"),
             "../../../gradebook.db", "../../../solutions/" + rel],
            "open(target, 'w').write('overwritten')")), 5),
        "network_call": (_with_cell(good, "add", _probe(
            ["1.1.1.1", "127.0.0.1"], "import socket; socket.create_connection((target, 53), timeout=3)")), 5),
        "deleted_test_cell": (deleted, 5),
        "duplicate_grade_id": (duplicated, 5),
        "invalid_json": (b'{"cells": [ this is not json', 0),
        "huge_output": (_with_cell(good, "add", "for i in range(300000):\n    print('spam ' * 20)"), 5),
        "kernel_exits": (_with_cell(good, "add", "import os\nos._exit(3)"), 3),
        "tampered_metadata": (tampered, 3),
        "prints_hidden_tests": (_with_cell(good, "test_mean", "print('\\n'.join(In))"), 5),
    }


def hostile_class(root: Path, release_path: Path) -> dict[str, int]:
    """Write every hostile kind as a trainee named after it; return kind -> expected points."""
    release = nbformat.read(str(release_path), as_version=4)
    expected = {}
    for kind, (content, points) in _hostile(release, root).items():
        write_submission(root, kind.replace("_", "-"), content)
        expected[kind.replace("_", "-")] = points
    return expected


_SOLUTION_MARKERS = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[^\n]*\n?", re.M)


def build_real_course(root: Path, kit: Path, assignment: str, students: int) -> None:
    """A course holding the kit's ``assignment`` and ``students`` submissions of it, built from its
    release: answers taken from the solution; every third trainee leaves one coded answer blank
    (trainee00 leaves the first, trainee01 answers everything)."""
    shutil.copytree(kit / "solutions" / assignment, root / "solutions" / assignment)
    subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", assignment, "--force",
                    f"--CourseDirectory.root={root}", "--log-level=ERROR"], check=True, cwd=root, env=nbgrader_env())
    for source_path in sorted((root / "solutions" / assignment).glob("*.ipynb")):
        source = nbformat.read(str(source_path), as_version=4)
        release = nbformat.read(str(root / "exercises" / assignment / source_path.name), as_version=4)
        answers = {c.metadata["nbgrader"]["grade_id"]: _SOLUTION_MARKERS.sub("", c.source)
                   for c in source.cells if c.metadata.get("nbgrader", {}).get("solution")}
        # Blank only code answers that tests check (a written answer is graded by hand).
        solution_ids = sorted(c.metadata["nbgrader"]["grade_id"] for c in source.cells
                              if c.metadata.get("nbgrader", {}).get("solution")
                              and not c.metadata["nbgrader"].get("grade") and c.cell_type == "code")
        for number in range(students):
            nb = nbformat.from_dict(copy.deepcopy(release))
            blank = solution_ids[number % len(solution_ids)] if number % 3 == 0 else None
            for cell in nb.cells:
                grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
                if grade_id in answers and grade_id != blank:
                    cell.source = answers[grade_id]
            folder = root / "submitted" / f"trainee{number:02d}" / assignment
            folder.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, str(folder / source_path.name))
