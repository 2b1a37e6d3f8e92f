"""The hostile kinds that do not depend on the quiz's questions, against a real assignment of the kit.

``test_grading_hostile`` runs all the kinds against a small quiz built for them (its answers and
checks are what several kinds tamper with). Here every kind that attacks the machine rather than the
questions (memory, processes, files, sockets, the network, the keyring, outputs, links, /tmp) rides
on a complete answer to ``satisfaction``, in one batch with honest trainees: each must end with the
solution's full marks (no more: there is nothing more), find nothing, change nothing, and no
feedback page may show a hidden check. Unreadable submissions fail alone, flagged.
"""

from __future__ import annotations

import copy
import hashlib
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell
from nbgrader.api import Gradebook

import hostile
from grader.classgrade import Course, Options, grade_class
from grader.classgrade.questions import Checks
from grader.classgrade.sandbox import Limits
from grader.classgrade.sandbox import missing as sandbox_missing

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "satisfaction"
REL = f"{ASSIGNMENT}/{ASSIGNMENT}.ipynb"
pytestmark = pytest.mark.slow
FAILED = ("invalid-json", "linked-notebook", "fifo-notebook")


def _search(markers: list[str]) -> str:
    """Code that looks for ``markers`` in every file it can read; the markers are split so that
    the code itself holds none of them."""
    parts = [(m[: len(m) // 2], m[len(m) // 2:]) for m in markers]
    return ("import os\n"
            f"markers = [(a + b).encode() for a, b in {parts!r}]\n"
            "for top in ('.', '..', os.path.expanduser('~'), '/tmp', '/run'):\n"
            "    for folder, dirs, files in os.walk(top):\n"
            "        for name in files:\n"
            "            try:\n"
            "                text = open(os.path.join(folder, name), 'rb').read(2_000_000)\n"
            "            except OSError:\n"
            "                continue\n"
            "            if any(marker in text for marker in markers):\n"
            "                print('FOUND', os.path.join(folder, name))\n"
            "print('searched')\n")


def _kinds(course: Path, hidden: list[str]) -> dict[str, str]:
    """kind -> the code it adds to a complete answer (right after the id cell)."""
    return {
        "memory-bomb": "blocks = [bytearray(64 * 2**30)]",
        "memory-creep": "blocks = []\nwhile True:\n    blocks.append(bytearray(2**26))",
        "fork-bomb": "import os\nwhile True:\n    os.fork()",
        "read-gradebook": hostile._read(course, ["gradebook.db"]),
        "read-other-trainee": hostile._read(course, [f"submitted/trainee01/{REL}", f"autograded/trainee01/{REL}"]),
        "read-hidden-tests": hostile._read(course, [f"solutions/{REL}", f"source/{REL}", f"release/{REL}"]),
        "overwrite-grader-files": hostile._probe(
            [str(course / "gradebook.db"), str(course / "solutions" / REL), "../../../gradebook.db",
             "../../../solutions/" + REL], "open(target, 'w').write('overwritten')"),
        "network-call": hostile._probe(["1.1.1.1", "127.0.0.1"],
                                       "import socket; socket.create_connection((target, 53), timeout=3)"),
        "huge-output": "for i in range(300000):\n    print('spam ' * 20)",
        "links-in-work-folder": hostile.SYMLINK_WORK,
        "swap-kernel-sockets": hostile.SWAP_SOCKETS,
        "host-view": hostile.HOST_VIEW,
        "keyring-writer": hostile.KEYRING,
        "search-working-copy": _search(hidden[:6]),
        "hooks-capture-everything": hostile.HOOKS,
        "output-tricks": hostile.OUTPUT_TRICKS,
        "fills-tmp": hostile.FILL_TMP,
        "memory-across-processes": hostile.SHARED_MEMORY,
        "huge-message": hostile.HUGE_MESSAGE,
        "prints-hidden-tests": "print('\\n'.join(In))",
    }


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    assert not sandbox_missing(), f"the sandbox needs: {sandbox_missing()}"
    root = tmp_path_factory.mktemp("hostile-satisfaction") / "course"
    root.mkdir()
    hostile.build_real_course(root, ROOT, ASSIGNMENT, students=2)  # trainee01 answers everything
    source = root / "solutions" / REL
    checks = Checks.from_source(source)
    hidden = [line.strip() for q in checks.questions for line in q.hidden.splitlines() if len(line.strip()) >= 20]
    complete = nbformat.read(str(root / "submitted" / "trainee01" / REL), as_version=4)
    id_cell = next(i for i, c in enumerate(complete.cells) if "trainee.use_id" in c.source)
    kinds = _kinds(root, hidden)
    # Spinners go last, after every answer (as in the quiz): what they show is that they slow no one else.
    kinds["cpu-spinners"] = hostile.SPINNERS
    check_cell = len(complete.cells) - 1
    for kind, code in kinds.items():
        nb = copy.deepcopy(complete)
        nb.cells.insert(check_cell if kind == "cpu-spinners" else id_cell + 1, new_code_cell(code))
        hostile.write_submission(root, kind, nb)
    # write_submission writes into the quiz's folder name; move each into this assignment's
    for kind in kinds:
        quiz = root / "submitted" / kind / hostile.ASSIGNMENT
        target = root / "submitted" / kind / ASSIGNMENT
        target.mkdir(parents=True, exist_ok=True)
        (quiz / f"{hostile.ASSIGNMENT}.ipynb").rename(target / f"{ASSIGNMENT}.ipynb")
        quiz.rmdir()
    for kind in FAILED:
        folder = root / "submitted" / kind / ASSIGNMENT
        folder.mkdir(parents=True)
        if kind == "invalid-json":
            (folder / f"{ASSIGNMENT}.ipynb").write_bytes(b'{"cells": [ this is not json')
        elif kind == "linked-notebook":
            (folder / f"{ASSIGNMENT}.ipynb").symlink_to(source)
        else:
            import os

            os.mkfifo(folder / f"{ASSIGNMENT}.ipynb")
    protected = [source, root / "submitted" / "trainee01" / REL, root / "exercises" / REL]
    before = {p: _digest(p) for p in protected}
    summary = grade_class(Course.open(root), ASSIGNMENT, options=Options(
        jobs=2, timeout=60, progress=False, work_dir=root.parent, limits=Limits(memory_mb=1536, processes=64)))
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        points = {s.student.id: sum(g.auto_score or 0 for n in s.notebooks for g in n.grades)
                  for s in gb.find_assignment(ASSIGNMENT).submissions}
        maximum = gb.find_assignment(ASSIGNMENT).max_code_score
    return {"root": root, "kinds": kinds, "summary": summary, "points": points, "max": maximum,
            "hidden": hidden, "before": before}


def _outputs(root: Path, student: str) -> str:
    nb = nbformat.read(str(root / "autograded" / student / REL), as_version=4)
    return "\n".join(str(o.get("text", "")) + str(o.get("evalue", "")) + str(o.get("data", {}).get("text/plain", ""))
                     for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_every_attack_on_the_machine_keeps_the_solutions_marks_and_no_more(graded):
    """A kernel the attack kills or stalls is replaced, and the exercise's setup cells run again in
    the fresh one, so the honest answers after the attack still earn their points."""
    full = graded["max"]
    assert graded["points"]["trainee01"] == full > 0
    wrong = {kind: graded["points"].get(kind) for kind in graded["kinds"] if graded["points"].get(kind) != full}
    assert wrong == {}, f"out of {full}"


def test_only_unreadable_submissions_fail_each_alone_and_flagged(graded):
    assert sorted(graded["summary"].failed) == sorted(FAILED)
    assert all("no readable notebook" in graded["summary"].failed[kind] for kind in FAILED)


def test_the_sandbox_finds_and_changes_nothing(graded):
    root = graded["root"]
    for kind in ("read-gradebook", "read-other-trainee", "read-hidden-tests", "overwrite-grader-files", "network-call",
                 "swap-kernel-sockets", "fills-tmp"):
        text = _outputs(root, kind)
        assert "LEAKED" not in text and "BLOCKED" in text, kind
    search = _outputs(root, "search-working-copy")
    assert "searched" in search and "FOUND" not in search
    for path, digest in graded["before"].items():
        assert _digest(path) == digest, path
    assert re.search(r"UID (\d+)", _outputs(root, "host-view"))


def test_no_feedback_page_shows_a_hidden_check(graded):
    root = graded["root"]
    pages = sorted((root / "feedback").glob(f"*/{ASSIGNMENT}/{ASSIGNMENT}.html"))
    assert len(pages) >= len(graded["kinds"])
    for page in pages:
        text = hostile.page_text(page)
        assert [line for line in graded["hidden"] if line in text] == [], page
